"""The notebooks: all there, committed clean, following the template, and running offline top to bottom."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from leak_support import find_leaks, recorded_answers
from notebook_support import (
    EXPECTED,
    NOTEBOOKS,
    both_editions,
    edition_id,
    execute,
    korean_paths,
    notebook_paths,
    read_log,
)

from korea_notes.exercises import list_questions
from korea_notes.teaching.student import make_student_notebook

EXERCISE = re.compile(r"^#+\s*Exercise\s+(\d+)\.(\d+)", re.MULTILINE)
EXERCISE_KO = re.compile(r"^#+\s*연습\s+(\d+)\.(\d+)", re.MULTILINE)
ALLOWED_NB_METADATA = {"kernelspec", "language_info", "korea_notes"}
ALLOWED_CELL_METADATA = {"tags"}
ALLOWED_KOREAN_CELL_METADATA = {"tags", "korea_notes"}  # korea_notes.translates: the English cell's fingerprint
TEMPLATE_HEADINGS = {"en": ("Overview", "Exercises", "Key points", "What's next", "Sources"),
                     "ko": ("개요", "연습 문제", "핵심 정리", "다음 단계", "출처")}
FEEDBACK_BLANK = {"en": "No answer yet", "ko": "아직 답이 없습니다"}


def _lang(path: Path) -> str:
    return "ko" if path.parent.name == "ko" else "en"


def test_every_planned_notebook_exists() -> None:
    assert [p.stem for p in notebook_paths()] == EXPECTED
    assert [p.stem for p in korean_paths()] == EXPECTED, "every notebook has its Korean twin in notebooks/ko"


@pytest.mark.parametrize("path", both_editions(), ids=edition_id)
def test_committed_without_outputs_or_noise(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert set(nb.metadata) <= ALLOWED_NB_METADATA, set(nb.metadata) - ALLOWED_NB_METADATA
    assert nb.metadata.get("kernelspec", {}).get("name", "python3") == "python3"
    assert set(nb.metadata.get("language_info", {})) <= {"name"}
    allowed = ALLOWED_KOREAN_CELL_METADATA if _lang(path) == "ko" else ALLOWED_CELL_METADATA
    for index, cell in enumerate(nb.cells):
        assert set(cell.metadata) <= allowed, f"cell {index}: {set(cell.metadata)}"
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"cell {index} has outputs"


@pytest.mark.parametrize("path", both_editions(), ids=edition_id)
def test_follows_the_template(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    meta = nb.metadata["korea_notes"]
    assert meta["teaching_minutes"] > 0 and meta["exercise_minutes"] > 0 and meta["level"]
    assert isinstance(meta["prerequisites"], list)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    lang = _lang(path)
    for heading in TEMPLATE_HEADINGS[lang]:
        assert re.search(rf"^#+ .*{re.escape(heading)}", markdown, re.MULTILINE | re.IGNORECASE), heading
    assert "import korea_notes as kn" in nb.cells[1].source + nb.cells[2].source
    number = int(path.stem[:2])
    exercises = (EXERCISE_KO if lang == "ko" else EXERCISE).findall(markdown)
    assert len(exercises) >= 3
    assert all(int(n) == number for n, _ in exercises), "exercise numbers follow the notebook number"
    if number >= 1:
        assert re.search(r"kn\.(maps|charts)\.\w+\(", code), "a map or chart in every notebook from 01 on"
        assert "kn.exercises.check(" in code
    if lang == "ko":
        checks = re.findall(r"kn\.exercises\.check\([^\n]*", code)
        assert checks and all('lang="ko"' in call for call in checks), "Korean notebooks check with lang=\"ko\""
        if number >= 1:
            assert re.search(r"kn\.(maps|charts)\.\w+\([^#\n]*lang=\"ko\"", code), "Korean charts and maps"


def test_at_least_40_exercises_in_the_collection() -> None:
    total = 0
    for path in notebook_paths():
        nb = nbformat.read(path, as_version=4)
        total += len(EXERCISE.findall("\n".join(c.source for c in nb.cells if c.cell_type == "markdown")))
    assert total >= 40


@pytest.mark.parametrize("path", both_editions(), ids=edition_id)
def test_both_editions_run_offline_and_no_answer_leaks(path: Path, tmp_path: Path) -> None:
    """One run of each edition per notebook serves three checks, in English and in Korean.

    The instructor edition, run with the recording checker, must pass every registered question; the
    student edition must run with blank answers that all fail, with feedback in the notebook's language;
    and what the student sees above each exercise must not give its recorded answer away, in any written
    form of either language (tests/leak_support.py). No figure may lack a glyph (a Hangul font missing).
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
    shown = [o.get("text", "") + str(o.get("data", {})) for c in executed.cells if c.cell_type == "code"
             for o in c.get("outputs", [])]
    feedback = [text for text in shown if "No answer yet" in text or "아직 답이 없습니다" in text]
    assert feedback and all(FEEDBACK_BLANK[_lang(path)] in text for text in feedback), "feedback in its language"
    assert not [text for text in shown if "Glyph" in text and "missing" in text], "a glyph is missing in a figure"

    leaks = find_leaks(executed, recorded_answers(log), specs)
    assert not leaks, "answers visible above their exercise:\n" + "\n".join(leaks)
