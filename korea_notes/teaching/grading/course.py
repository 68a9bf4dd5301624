"""Lay out an nbgrader course from the instructor notebooks: ``korea-notes nbgrader COURSE_DIR``.

The course folder gets one assignment per notebook, named after the notebook's stem::

    COURSE_DIR/
      nbgrader_config.py                      stubs, timeouts, feedback without test details
      source/00_start_here/00_start_here.ipynb
      source/01_division_38th_parallel/…

Each source notebook is :func:`~korea_notes.teaching.grading.annotate.grading_notebook` of the instructor
notebook (strict: every solution region must clear to nbgrader's stub exactly as the student edition does).
For set and sequence questions the instructor notebook is run once through the one runner with the recording
checker, so the hidden tests can give partial credit from digests of the accepted elements; no plain answer
is written anywhere.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import nbformat

from ..._atomic import write_text_atomic
from ...errors import KoreaNotesError
from ..exercises.checking import list_questions
from ..exercises.normalize import as_elements, normalize_element
from ..recording import record_checks
from ..student import source_notebooks, write_notebook_atomic
from .annotate import HIDDEN_PY, STUBS, grading_notebook, notebook_lang
from .hidden import element_digest

COURSE_ID = "korea-notes"
DEFAULT_TIMEOUT = 120
FEEDBACK_PREPROCESSORS = (
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "nbgrader.preprocessors.ClearHiddenTests",
    "korea_notes.teaching.grading.feedback.HideTestDetails",
)
PathLike = str | os.PathLike[str]
LMS_REGEXP = r"^(?:.*/)?(?P<student_id>[A-Za-z0-9.\-]+)_(?:late_)?\d+_\d+_(?P<file_id>[^/]+\.ipynb)$"
"""File names in a Canvas-style download: ``kimminji_12345_67890_00_start_here.ipynb``."""


def config_text(*, timeout: int = DEFAULT_TIMEOUT, course_id: str = COURSE_ID, lang: str = "en") -> str:
    """Return the ``nbgrader_config.py`` of a course folder.

    Parameters
    ----------
    timeout
        Seconds each cell of a submission may run during autograding.
    course_id
        nbgrader's course id.
    lang
        The edition's language (``"en"`` or ``"ko"``): the stubs that replace solutions are in it.

    Returns
    -------
    str
        Python source for nbgrader.

    """
    return f'''"""nbgrader settings written by `korea-notes nbgrader` (run it again to refresh them and the sources)."""

import os

c = get_config()  # noqa: F821  (nbgrader provides it)
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = {course_id!r}
# The student edition's stubs: a blank notebook still runs from top to bottom.
c.ClearSolutions.code_stub = {{"python": {STUBS[lang]["answer"]!r}}}
c.ClearSolutions.text_stub = {STUBS[lang]["text"]!r}
# Seconds per cell when autograding (an endless loop is stopped and the rest of the notebook still runs).
c.Execute.timeout = {int(timeout)}
c.ExecutePreprocessor.timeout = {int(timeout)}
# Feedback shows neither the hidden tests nor their tracebacks.
c.GenerateFeedback.preprocessors = {list(FEEDBACK_PREPROCESSORS)!r}
# An LMS download (`korea-notes collect-zip` or `nbgrader zip_collect`): Canvas-style names
# <student>_<number>_<number>_<notebook>.ipynb, optionally with "late_" after the student.
c.ZipCollectApp.collector_plugin = "nbgrader.plugins.FileNameCollectorPlugin"
c.FileNameCollectorPlugin.named_regexp = {LMS_REGEXP!r}
'''


def recorded_answers(path: PathLike, *, timeout: int = DEFAULT_TIMEOUT) -> dict[str, Any]:
    """Run an instructor notebook with the recording checker and return each question's accepted answer.

    Parameters
    ----------
    path
        An instructor notebook.
    timeout
        Seconds per cell.

    Returns
    -------
    dict
        Question id -> the answer the instructor's solution gave (plain JSON), for correct checks only.

    Raises
    ------
    KoreaNotesError
        If the notebook fails, or a self-check in it is not correct.

    """
    records = record_checks(path, timeout=timeout)
    answers: dict[str, Any] = {}
    for record in records:
        if record.get("answered") and not record.get("correct"):
            raise KoreaNotesError(f"the instructor's answer to {record['id']} is not accepted by its own check",
                                  file=str(path), hint="fix the solution or the question's accepted answers")
        if record.get("correct"):
            answers.setdefault(record["id"], record.get("answer"))
    return answers


def partial_credit_parts(notebook: str, answers: dict[str, Any], *, questions_dir: PathLike | None = None,
                         ) -> dict[str, list[str]]:
    """Return the element digests of each set or sequence question's accepted answer.

    Parameters
    ----------
    notebook
        The two-digit notebook number.
    answers
        Question id -> accepted answer (from :func:`recorded_answers`).
    questions_dir
        Another folder of question files (for tests).

    Returns
    -------
    dict
        Question id -> digests (see :func:`korea_notes.teaching.grading.hidden.element_digest`).

    """
    parts: dict[str, list[str]] = {}
    for qid, spec in list_questions(notebook, questions_dir=questions_dir).items():
        if spec["kind"] not in ("set", "sequence") or qid not in answers:
            continue
        elements = [normalize_element(item, spec.get("element", "text")) for item in as_elements(answers[qid])]
        if spec["kind"] == "set":
            parts[qid] = [element_digest(qid, "set", None, item) for item in sorted(set(elements))]
        else:
            parts[qid] = [element_digest(qid, "sequence", index, item) for index, item in enumerate(elements)]
    return parts


def _needs_recording(notebook: str) -> bool:
    return any(spec["kind"] in ("set", "sequence") for spec in list_questions(notebook).values())


def make_course(course_dir: PathLike, notebooks_dir: PathLike, *, only: Sequence[str] | None = None,
                timeout: int = DEFAULT_TIMEOUT, partial_credit: bool = True,
                hidden_py: PathLike = HIDDEN_PY) -> list[Path]:
    """Write an nbgrader course folder: ``source/<stem>/<stem>.ipynb`` per notebook and ``nbgrader_config.py``.

    Parameters
    ----------
    course_dir
        The course folder (created if needed; an existing gradebook and submissions are left alone).
    notebooks_dir
        The instructor notebooks.
    only
        Notebook stems or number prefixes (``["00"]``) to lay out; by default every notebook.
    timeout
        Seconds per cell, for autograding and for the recording run.
    partial_credit
        Run the notebooks with set or sequence questions once to give their hidden tests partial credit.
    hidden_py
        The checker file hidden tests load (by default the installed package's).

    Returns
    -------
    list of pathlib.Path
        The files written (sources, then the config).

    Raises
    ------
    KoreaNotesError
        If a notebook cannot be read, a solution region would clear differently in nbgrader, an instructor
        answer fails its own check, or ``only`` names no notebook.

    """
    course = Path(course_dir).resolve()
    sources = source_notebooks(notebooks_dir)
    if only:
        chosen = [p for p in sources if any(p.stem == o or p.stem.startswith(o) for o in only)]
        if not chosen:
            raise KoreaNotesError(f"{', '.join(only)} names no notebook in {notebooks_dir}",
                                  hint="give a stem such as 00_start_here or its number, 00")
        sources = chosen
    planned = []
    for path in sources:
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception as error:  # nbformat raises several types for unreadable files
            raise KoreaNotesError(f"not a readable notebook ({error})", file=str(path)) from None
        number = path.name[:2]
        parts = partial_credit_parts(number, recorded_answers(path, timeout=timeout)) \
            if partial_credit and number.isdigit() and _needs_recording(number) else {}
        planned.append((path, grading_notebook(nb, name=str(path), hidden_py=hidden_py, parts=parts, strict=True)))
    written = []
    for path, nb in planned:
        target = course / "source" / path.stem / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        written.append(write_notebook_atomic(nb, target))
    langs = sorted({notebook_lang(nb) for _, nb in planned})
    if len(langs) > 1:
        raise KoreaNotesError(f"{notebooks_dir} mixes editions ({', '.join(langs)}); a course holds one",
                              hint="lay out the Korean edition (notebooks/ko) in a course folder of its own")
    written.append(write_text_atomic(course / "nbgrader_config.py",
                                     config_text(timeout=timeout, lang=langs[0] if langs else "en")))
    return written


def assignments(course_dir: PathLike) -> list[str]:
    """Return the assignments laid out in a course folder (``source/<name>/``).

    Parameters
    ----------
    course_dir
        The course folder.

    Returns
    -------
    list of str
        Assignment names, sorted.

    """
    source = Path(course_dir) / "source"
    return sorted(p.name for p in source.iterdir() if p.is_dir()) if source.is_dir() else []
