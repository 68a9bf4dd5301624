"""Global behaviour of the korea-notes command: every argument explains itself, and a closed pipe is quiet."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from korea_notes.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent


def _parsers(parser: argparse.ArgumentParser, name: str = "korea-notes"):
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub_name, sub in action.choices.items():
                yield from _parsers(sub, f"{name} {sub_name}")


def test_every_argument_has_help_text() -> None:
    missing = []
    seen = 0
    for name, parser in _parsers(build_parser()):
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction | argparse._SubParsersAction):
                continue
            seen += 1
            if action.help is None or (action.help != argparse.SUPPRESS and not action.help.strip()):
                missing.append(f"{name} {action.option_strings or action.dest}")
    assert seen > 30, "the walk reached the subcommands' arguments"
    assert not missing, missing


def test_output_into_a_closed_pipe_ends_quietly() -> None:
    """``korea-notes ... | head`` : when the reader goes away, no traceback and no 'Exception ignored'."""
    process = subprocess.Popen([sys.executable, "-m", "korea_notes", "exercises", "list"], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # the reader is gone before the command writes anything
    err = process.stderr.read().decode()
    process.wait(timeout=60)
    assert "Traceback" not in err and "BrokenPipe" not in err and "Exception ignored" not in err, err
    assert process.returncode == 1


def test_output_into_head_is_cut_quietly() -> None:
    result = subprocess.run(f"'{sys.executable}' -m korea_notes exercises list | head -n 1", shell=True, cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert len(result.stdout.splitlines()) == 1 and result.stderr == ""


def test_course_plan_shows_direct_prerequisites_only() -> None:
    from korea_notes.teaching.course import course_plan, direct_prerequisites, read_course_metadata

    assert direct_prerequisites({"00": [], "01": ["00"], "02": ["00", "01"], "03": ["00", "02"], "04": ["01"]}) == {
        "00": [], "01": ["00"], "02": ["01"], "03": ["02"], "04": ["01"]}
    plan = course_plan(ROOT / "notebooks")
    meta = {p.stem: read_course_metadata(p)["prerequisites"] for p in sorted((ROOT / "notebooks").glob("*.ipynb"))}
    for notebook, shown in zip(plan["notebook"], plan["prerequisites"], strict=True):
        listed = [p for p in shown.split(", ") if p]
        assert set(listed) <= set(meta[notebook])
        for p in listed:  # none is a prerequisite of another one shown
            assert not any(p in meta.get(q, []) for q in listed if q != p), (notebook, p)
        for p in set(meta[notebook]) - set(listed):  # and each one left out is implied by one shown
            assert any(p in meta.get(q, []) for q in listed), (notebook, p)
