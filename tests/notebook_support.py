"""Run a notebook top to bottom on a fresh kernel, with the network off, and read its self-check log."""

from __future__ import annotations

from pathlib import Path

import nbformat

from korea_notes.runner import run_notebook
from korea_notes.teaching.recording import read_check_log

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
EXPECTED = [
    "00_start_here", "01_division_38th_parallel", "02_from_war_to_talks", "03_kaesong_and_panmunjom",
    "04_deadlocks_and_breakthroughs", "05_the_armistice_agreement", "06_after_the_signing",
    "07_a_divided_peninsula", "08_regional_security", "09_divided_families", "10_memorials_and_memory",
    "11_talks_and_summits", "12_lessons_and_prospects",
]


def notebook_paths() -> list[Path]:
    """The collection's notebooks, in order."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def korean_paths() -> list[Path]:
    """The Korean edition's notebooks (``notebooks/ko``), in order."""
    return sorted((NOTEBOOKS / "ko").glob("[0-9][0-9]_*.ipynb"))


def both_editions() -> list[Path]:
    """The English notebooks, then the Korean ones."""
    return notebook_paths() + korean_paths()


def edition_id(path: Path) -> str:
    """A test id: ``05_the_armistice_agreement`` or ``ko/05_the_armistice_agreement``."""
    return f"ko/{path.stem}" if path.parent.name == "ko" else path.stem


def execute(path: Path, log: Path, timeout: int = 300, *, record: bool = False) -> nbformat.NotebookNode:
    """Execute ``path`` in its own folder; self-checks append to ``log``. Raises on any cell error.

    With ``record``, the log also holds each answer given (the recording checker), for the leak search.
    """
    env = {"KOREA_NOTES_CHECK_LOG": str(log)}
    if record:
        env["KOREA_NOTES_CHECK_RECORD"] = "1"
    result = run_notebook(path, backend="agg", network=False, timeout=timeout, quiet=True, env=env)
    return result.notebook


def read_log(log: Path) -> list[dict]:
    """The self-check results a notebook run wrote, one dict per check() call."""
    return read_check_log(log)
