"""The notebooks: all there, committed clean, following the template, and running offline top to bottom."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from leak_support import find_leaks, recorded_answers
from notebook_support import EXPECTED, NOTEBOOKS, execute, notebook_paths, read_log

from korea_notes.exercises import list_questions
from korea_notes.teaching.student import make_student_notebook

EXERCISE = re.compile(r"^#+\s*Exercise\s+(\d+)\.(\d+)", re.MULTILINE)
ALLOWED_NB_METADATA = {"kernelspec", "language_info", "korea_notes"}
ALLOWED_CELL_METADATA = {"tags"}


def _ids(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]


def test_every_planned_notebook_exists() -> None:
    assert [p.stem for p in notebook_paths()] == EXPECTED


@pytest.mark.parametrize("path", notebook_paths(), ids=_ids(notebook_paths()))
def test_committed_without_outputs_or_noise(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert set(nb.metadata) <= ALLOWED_NB_METADATA, set(nb.metadata) - ALLOWED_NB_METADATA
    assert nb.metadata.get("kernelspec", {}).get("name", "python3") == "python3"
    assert set(nb.metadata.get("language_info", {})) <= {"name"}
    for index, cell in enumerate(nb.cells):
        assert set(cell.metadata) <= ALLOWED_CELL_METADATA, f"cell {index}: {set(cell.metadata)}"
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"cell {index} has outputs"


@pytest.mark.parametrize("path", notebook_paths(), ids=_ids(notebook_paths()))
def test_follows_the_template(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    meta = nb.metadata["korea_notes"]
    assert meta["teaching_minutes"] > 0 and meta["exercise_minutes"] > 0 and meta["level"]
    assert isinstance(meta["prerequisites"], list)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    for heading in ("Overview", "Exercises", "Key points", "What's next", "Sources"):
        assert re.search(rf"^#+ .*{re.escape(heading)}", markdown, re.MULTILINE | re.IGNORECASE), heading
    assert "import korea_notes as kn" in nb.cells[1].source + nb.cells[2].source
    number = int(path.stem[:2])
    exercises = EXERCISE.findall(markdown)
    assert len(exercises) >= 3
    assert all(int(n) == number for n, _ in exercises), "exercise numbers follow the notebook number"
    if number >= 1:
        assert re.search(r"kn\.(maps|charts)\.\w+\(", code), "a map or chart in every notebook from 01 on"
        assert "kn.exercises.check(" in code


def test_at_least_40_exercises_in_the_collection() -> None:
    total = 0
    for path in notebook_paths():
        nb = nbformat.read(path, as_version=4)
        total += len(EXERCISE.findall("\n".join(c.source for c in nb.cells if c.cell_type == "markdown")))
    assert total >= 40


@pytest.mark.parametrize("path", notebook_paths(), ids=_ids(notebook_paths()))
def test_both_editions_run_offline_and_no_answer_leaks(path: Path, tmp_path: Path) -> None:
    """One run of each edition per notebook serves three checks.

    The instructor edition, run with the recording checker, must pass every registered question; the
    student edition must run with blank answers that all fail; and what the student sees above each
    exercise must not give its recorded answer away (tests/leak_support.py).
    """
    log = tmp_path / "instructor.jsonl"
    execute(path, log, record=True)
    results = [r for r in read_log(log) if r["answered"]]
    wrong = [r["id"] for r in results if not r["correct"]]
    assert not wrong, f"instructor solutions judged wrong: {wrong}"
    specs = list_questions(path.stem[:2])
    assert specs, "the notebook has self-checked questions"
    assert set(specs) == {r["id"] for r in results}, "every registered question is answered by a solution"

    student = tmp_path / path.name
    nbformat.write(make_student_notebook(nbformat.read(path, as_version=4)), student)
    student_log = tmp_path / "student.jsonl"
    executed = execute(student, student_log)
    blank = read_log(student_log)
    assert blank and all(not r["correct"] for r in blank), [r["id"] for r in blank if r["correct"]]
    assert all(not r["answered"] for r in blank), "the student edition's stubs are blank"
    assert NOTEBOOKS.exists()

    leaks = find_leaks(executed, recorded_answers(log), specs)
    assert not leaks, "answers visible above their exercise:\n" + "\n".join(leaks)
