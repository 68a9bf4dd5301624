"""The korea-notes command, called in-process through main([...])."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_notebook

from korea_notes import list_datasets
from korea_notes.cli import build_parser, main
from korea_notes.teaching.course import course_plan

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "notebooks"
REPO = "https://github.com/example/korea-armistice-notes"


@pytest.fixture
def notebooks(tmp_path: Path) -> Path:
    """A notebooks folder with three small notebooks carrying course metadata."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    for number, (name, teach, ex, prereq) in enumerate(
        [("start_here", 15, 10, []), ("division", 30, 20, ["00"]), ("war_to_talks", 40, 30, ["01"])]
    ):
        nb = nbformat.read(FIXTURES / "00_example.ipynb", as_version=4)
        nb.metadata["korea_notes"] = {
            "teaching_minutes": teach,
            "exercise_minutes": ex,
            "level": "introductory",
            "prerequisites": prereq,
        }
        nb.cells[0].source = f"# Notebook {number}: {name.replace('_', ' ')}"
        nbformat.write(nb, folder / f"{number:02d}_{name}.ipynb")
    return folder


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for command in (
        "validate",
        "student",
        "answer-key",
        "hub-links",
        "binder-links",
        "exercises",
        "course-plan",
    ):
        assert command in out


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["exercises"],
        ["student", "only-one"],
        ["answer-key", "a", "b", "--format", "pdf"],
        ["exercises", "add", "00.9", "--kind", "text", "--answer", "x", "--hint", "h", "--tolerance", "1"],
        ["frobnicate"],
    ],
)
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "usage:" in err and "error:" in err and "Traceback" not in err


def test_validate(capsys):
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    for name in list_datasets():
        assert name in out
    assert "OK:" in out


def test_validate_broken_data(data_copy, capsys):
    events = data_copy / "events.csv"
    lines = events.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(lines[1].split(",")[1], "not-a-date", 1)
    events.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["validate", "--data-dir", str(data_copy)]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("korea-notes: error: ") and "events.csv" in captured.err
    assert "Traceback" not in captured.err


def test_student(tmp_path, capsys):
    out = tmp_path / "student"
    assert main(["student", str(FIXTURES), str(out)]) == 0
    assert str(out / "00_example.ipynb") in capsys.readouterr().out
    assert "SOLUTION" not in (out / "00_example.ipynb").read_text(encoding="utf-8")


def test_student_refuses_inside_sources(tmp_path, capsys):
    src = tmp_path / "notebooks"
    shutil.copytree(FIXTURES, src)
    assert main(["student", str(src), str(src / "student")]) == 1
    err = capsys.readouterr().err
    assert "refusing" in err and "Traceback" not in err


def test_hub_links_for_every_notebook(notebooks, capsys, monkeypatch):
    monkeypatch.chdir(notebooks.parent)  # the notebooks of the current folder's checkout
    assert main(["hub-links", "https://hub.example.edu", "--repo", REPO]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 6
    titles, links = lines[0::2], [line.strip() for line in lines[1::2]]
    assert titles[1] == "Notebook 1: division"
    assert all(link.startswith("https://hub.example.edu/hub/user-redirect/git-pull?repo=") for link in links)
    assert "00_start_here.ipynb" in links[0] and "02_war_to_talks.ipynb" in links[2]
    assert all(link.endswith("&branch=main") for link in links)


def test_hub_links_student_edition(notebooks, capsys, monkeypatch):
    monkeypatch.chdir(notebooks.parent)
    assert main(["hub-links", "https://hub.example.edu", "--repo", REPO, "--edition", "student"]) == 0
    links = [line.strip() for line in capsys.readouterr().out.splitlines()[1::2]]
    assert all(link.endswith("&branch=student") for link in links)
    assert "urlpath=lab%2Ftree%2Fkorea-armistice-notes%2Fnotebooks%2F01_division.ipynb" in links[1]


def test_hub_link_for_one_notebook_by_number(notebooks, capsys, monkeypatch):
    monkeypatch.chdir(notebooks.parent)
    argv = ["hub-links", "https://hub.example.edu", "--repo", REPO]
    assert main([*argv, "--notebook", "01", "--branch", "dev"]) == 0
    title, line = capsys.readouterr().out.splitlines()
    assert title == "Notebook 1: division"
    assert "01_division.ipynb" in line and line.endswith("&branch=dev")
    assert main([*argv, "--notebook", "07"]) == 1
    assert "matches no notebook" in capsys.readouterr().err


def test_hub_links_bad_hub(notebooks, capsys, monkeypatch):
    monkeypatch.chdir(notebooks.parent)
    assert main(["hub-links", "http://hub.example.edu"]) == 1
    assert "https://" in capsys.readouterr().err


def test_binder_links(notebooks, capsys, monkeypatch):
    monkeypatch.chdir(notebooks.parent)
    assert main(["binder-links", "--repo", REPO]) == 0
    out = capsys.readouterr().out
    assert "Notebook 1: division" in out
    assert (
        "https://mybinder.org/v2/gh/example/korea-armistice-notes/main?urlpath=lab/tree/notebooks/01_division.ipynb"
        in out
    )
    assert (
        "https://mybinder.org/v2/gh/example/korea-armistice-notes/student?urlpath=lab/tree/notebooks/"
        "01_division.ipynb" in out
    )


def test_exercises_add_and_list(tmp_path, capsys):
    base = ["--questions-dir", str(tmp_path)]
    assert (
        main(
            [
                "exercises",
                "add",
                "05.2",
                "--kind",
                "date",
                "--answer",
                "1953-07-27",
                "--hint",
                "Read the date column.",
                "--prompt",
                "When was it signed?",
                *base,
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "exercises",
                "add",
                "05.3",
                "--kind",
                "set",
                "--answer",
                "Kaesong|Gaeseong; Panmunjom",
                "--hint",
                "Two places.",
                *base,
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "exercises",
                "add",
                "05.4",
                "--kind",
                "number",
                "--answer",
                "248",
                "--tolerance",
                "5",
                "--hint",
                "Measure it.",
                *base,
            ]
        )
        == 0
    )
    assert "Registered 05.4" in capsys.readouterr().out
    text = (tmp_path / "05.json").read_text(encoding="utf-8")
    assert "1953-07-27" not in text and "Kaesong" not in text and "248" not in text
    from korea_notes.exercises import check

    assert check("05.3", ["gaeseong", "Panmunjom"], questions_dir=tmp_path).correct
    assert check("05.4", 246, questions_dir=tmp_path).correct
    assert main(["exercises", "list", "05", *base]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "05.2\tdate\tWhen was it signed?"
    assert out[2].startswith("05.4\tnumber ±5")
    assert main(["exercises", "list", "07", *base]) == 0
    assert "No checked exercises in notebook 07" in capsys.readouterr().out


def test_exercises_add_errors(tmp_path, capsys):
    base = ["--questions-dir", str(tmp_path)]
    assert (
        main(
            [
                "exercises",
                "add",
                "05.2",
                "--kind",
                "date",
                "--answer",
                "1953-07-27",
                "--hint",
                "It was 1953-07-27",
                *base,
            ]
        )
        == 1
    )
    assert "gives an answer away" in capsys.readouterr().err
    assert main(["exercises", "add", "5-2", "--kind", "text", "--answer", "x", "--hint", "h", *base]) == 1
    assert "not a question id" in capsys.readouterr().err
    assert (
        main(["exercises", "add", "05.2", "--kind", "number", "--answer", "many", "--hint", "h", *base]) == 1
    )
    assert "not a number" in capsys.readouterr().err
    assert not (tmp_path / "05.json").exists()


def test_exercises_list_shipped(capsys):
    assert main(["exercises", "list"]) == 0
    out = capsys.readouterr().out
    assert "00.1\tdate" in out and "00.3\tnumber" in out


def test_course_plan(notebooks, capsys):
    assert main(["course-plan", "--notebooks-dir", str(notebooks), "--session-minutes", "90"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("| notebook | title | teaching_minutes |")
    assert "| 01_division | Notebook 1: division | 30 | 20 | 50 | introductory | 00 | 1 |" in out
    assert "Total: 145 minutes (85 teaching, 60 exercises) in 2 sessions" in out
    plan = course_plan(notebooks)
    assert list(plan["total_minutes"]) == [25, 50, 70] and "session" not in plan


def test_course_plan_missing_metadata(tmp_path, capsys):
    nbformat.write(new_notebook(), tmp_path / "03_x.ipynb")
    assert main(["course-plan", "--notebooks-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "03_x.ipynb" in err and "teaching_minutes" in err


def test_answer_key(tmp_path, monkeypatch, capsys):
    log = tmp_path / "check.jsonl"
    monkeypatch.setenv("KOREA_NOTES_CHECK_LOG", str(log))
    out = tmp_path / "answer_key"
    assert main(["answer-key", str(FIXTURES), str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["00_example.html", "00_example.ipynb"]
    records = [json.loads(line) for line in log.read_text().splitlines()]
    # the three exercises plus the instructor-only self-test, all correct
    assert records == [{"id": q, "correct": True, "answered": True} for q in ("00.1", "00.2", "00.3", "00.1")]
    executed = nbformat.read(out / "00_example.ipynb", as_version=4)
    assert any("Correct" in json.dumps(c.outputs) for c in executed.cells if c.cell_type == "code")
    html = (out / "00_example.html").read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" in html and "Correct" in html


def test_answer_key_reports_failing_cell(tmp_path, capsys):
    src = tmp_path / "notebooks"
    src.mkdir()
    nb = new_notebook(cells=[nbformat.v4.new_code_cell("raise ValueError('broken on purpose')")])
    nbformat.write(nb, src / "09_broken.ipynb")
    assert main(["answer-key", str(src), str(tmp_path / "key"), "--format", "ipynb", "--timeout", "60"]) == 1
    err = capsys.readouterr().err
    assert "09_broken.ipynb" in err and "broken on purpose" in err and "Traceback" not in err


def test_python_dash_m():
    result = subprocess.run(
        [sys.executable, "-m", "korea_notes", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and result.stdout.startswith("korea-notes ")


def test_parser_is_buildable_twice():
    assert build_parser().prog == build_parser().prog == "korea-notes"


def test_answer_key_shows_figures_even_under_agg(tmp_path, monkeypatch):
    """A script-wide MPLBACKEND=Agg must not hide the figures of the answer key."""
    monkeypatch.setenv("MPLBACKEND", "Agg")
    src = tmp_path / "notebooks"
    src.mkdir()
    nb = new_notebook(cells=[nbformat.v4.new_code_cell("import matplotlib.pyplot as plt\nplt.plot([1, 2], [3, 4])")])
    nbformat.write(nb, src / "07_plot.ipynb")
    assert main(["answer-key", str(src), str(tmp_path / "key"), "--format", "ipynb", "--timeout", "120"]) == 0
    executed = nbformat.read(tmp_path / "key" / "07_plot.ipynb", as_version=4)
    assert any("image/png" in output.get("data", {}) for output in executed.cells[0].outputs)


def test_nbgrader_lays_out_a_course(tmp_path, capsys):
    course = tmp_path / "course"
    root = Path(__file__).resolve().parent.parent
    assert main(["nbgrader", str(course), "--notebook", "00", "--no-partial-credit",
                 "--notebooks-dir", str(root / "notebooks"), "--timeout", "30"]) == 0
    source = course / "source" / "00_start_here" / "00_start_here.ipynb"
    assert str(source) in capsys.readouterr().out
    nb = nbformat.read(source, as_version=4)
    grade_ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if "nbgrader" in c.metadata]
    assert "ex00_1" in grade_ids and "ex00_1_test" in grade_ids
    assert "c.Execute.timeout = 30" in (course / "nbgrader_config.py").read_text(encoding="utf-8")


@pytest.mark.parametrize(("argv", "message"), [
    (["nbgrader", "{tmp}/course", "--notebook", "77", "--no-partial-credit"], "names no notebook"),
    (["grade", "{tmp}/nowhere", "00_start_here"], "no assignment"),
    (["collect-zip", "{tmp}/course", "00_start_here", "{tmp}/missing.zip"], "is not a file"),
])
def test_grading_commands_report_errors(tmp_path, capsys, argv, message):
    assert main([a.format(tmp=tmp_path) for a in argv]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
