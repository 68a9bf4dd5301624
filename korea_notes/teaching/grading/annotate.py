"""Give an instructor notebook nbgrader's cell metadata and hidden tests: the grading source of one notebook.

Both editions start here. The course source (``korea-notes nbgrader``) is this notebook; the student edition
(``korea-notes student``) is this notebook with solutions and hidden tests removed, so it has the very cells,
grade ids, points and checksums that ``nbgrader generate_assignment`` writes into its release, and any
submitted student notebook can be autograded.

Cells, in nbgrader's words:

* a code cell with a ``# BEGIN SOLUTION`` region (or tagged ``solution``, which becomes one region) is an
  **autograded answer** (``solution``); its grade id is ``exNN_k`` after the check it feeds;
* after each ``kn.exercises.check("NN.k", answer)`` that follows an answer, a new locked **test cell**
  (``grade``, ``exNN_k_test``) holds a hidden test that grades ``answer`` with the checker in
  :mod:`korea_notes.teaching.grading.hidden`, loaded afresh from the installed files;
* a markdown cell tagged ``solution`` (the model answer) or holding a solution region is a **manually graded
  answer** (``solution`` and ``grade``, ``exNN_k``); the model answer stays in the source for the grader;
* a markdown cell with an ``Exercise N.k`` heading (the question) is **read-only** (``locked``, ``exNN_k_prompt``).

Points come from the notebook's ``metadata.korea_notes.points`` (``{"00.1": 1, "00.4": 3}``), else
:data:`DEFAULT_POINTS`.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from ...errors import KoreaNotesError
from ..student import PROMPTS

SCHEMA_VERSION = 3
HIDDEN_PY = Path(__file__).resolve().parent / "hidden.py"
BEGIN_HIDDEN = "### BEGIN HIDDEN TESTS"
END_HIDDEN = "### END HIDDEN TESTS"
_TEST_NOTES = {"en": "# Exercise {label}: when your notebook is graded, a hidden test checks your answer here.",
               "ko": "# 연습 {label}: 노트북을 채점할 때 숨은 테스트가 여기에서 답을 확인합니다."}
STUBS: dict[str, dict[str, str]] = {
    lang: {"answer": prompts["answer"].format(name="answer"), "text": prompts["markdown"],
           "test_note": _TEST_NOTES[lang]}
    for lang, prompts in PROMPTS.items()
}
"""What a student finds in place of a solution (the student edition's prompts, as nbgrader's stubs), and the
note on a hidden test, in each language."""
ANSWER_STUB = STUBS["en"]["answer"]
TEXT_STUB = STUBS["en"]["text"]
DEFAULT_POINTS = {"auto": 1.0, "manual": 2.0}
TEST_NOTE = STUBS["en"]["test_note"]
_HEADING = re.compile(r"^#{1,6}\s+(?:Exercise|연습)\s+(\d{1,2})\.([A-Za-z0-9]+)\b", re.MULTILINE)
_CHECK = re.compile(r"exercises\.check\(\s*[\"'](\d{1,2}\.[A-Za-z0-9]+)[\"']\s*,\s*(answer\w*)\s*"
                    r"(?:,\s*lang\s*=\s*[\"'][a-z]{2}[\"']\s*)?\)")
_BEGIN = re.compile(r"^\s*#*\s*BEGIN\s+SOLUTION\s*$", re.IGNORECASE)
_ASSIGNED = re.compile(r"^(\s*)(answer\w*)\s*(?::[^=]*)?=(?!=)")


@dataclass(frozen=True)
class GradedCell:
    """One cell nbgrader grades or guards.

    Attributes
    ----------
    grade_id
        nbgrader's id, e.g. ``"ex00_1_test"``.
    role
        ``"answer"`` (autograded answer), ``"test"``, ``"manual"`` (manually graded answer) or ``"prompt"``.
    question_id
        The exercise, e.g. ``"00.1"``.
    points
        Points of a ``test`` or ``manual`` cell, else 0.

    """

    grade_id: str
    role: str
    question_id: str
    points: float


def _qid(notebook: str, exercise: str) -> str:
    return f"{int(notebook):02d}.{exercise.lower()}"


def _grade_id(qid: str, suffix: str = "") -> str:
    return "ex" + qid.replace(".", "_") + suffix


def notebook_lang(nb: Mapping[str, Any]) -> str:
    """Return a notebook's language: ``"ko"`` for the Korean edition (``metadata.korea_notes.lang``), else ``"en"``.

    Parameters
    ----------
    nb
        A notebook.

    Returns
    -------
    str

    """
    lang = ((nb.get("metadata") or {}).get("korea_notes") or {}).get("lang", "en")
    return lang if lang in STUBS else "en"


def hidden_test_source(question_id: str, *, name: str, points: float, parts: Sequence[str] | None = None,
                       hidden_py: str | Path = HIDDEN_PY, label: str | None = None, lang: str = "en") -> str:
    """Return the source of a test cell: a visible note, then the hidden test.

    Parameters
    ----------
    question_id
        The canonical id, e.g. ``"00.1"``.
    name
        The answer's variable name (``answer``).
    points
        The cell's points.
    parts
        Element digests for partial credit of a set or sequence.
    hidden_py
        The grader's checker file (by default this package's own).
    label
        The exercise number shown to students (``"0.1"``).
    lang
        The language of the visible note (``"en"`` or ``"ko"``).

    Returns
    -------
    str
        The cell source.

    """
    call = (f"__import__(\"runpy\").run_path({str(hidden_py)!r}, run_name=\"_kn_hidden\")[\"grade\"]"
            f"({question_id!r}, {name}, points={float(points)!r}, parts={json.dumps(list(parts)) if parts else None})")
    note = STUBS[lang]["test_note"].format(label=label or question_id)
    return "\n".join([note, BEGIN_HIDDEN, call, END_HIDDEN])


def nbgrader_checksum(cell: Mapping[str, Any]) -> str:
    """Return nbgrader's checksum of a cell (its ``utils.compute_checksum``, without importing nbgrader).

    Parameters
    ----------
    cell
        A cell with ``metadata.nbgrader``.

    Returns
    -------
    str
        32 hexadecimal digits.

    """
    meta = cell["metadata"]["nbgrader"]
    grade, solution = bool(meta.get("grade")), bool(meta.get("solution"))
    locked = False if solution else True if grade else bool(meta.get("locked", False))  # nbgrader's is_locked
    md5 = hashlib.md5()  # noqa: S324  (nbgrader's choice; not used for security)
    for part in (cell["source"], cell["cell_type"], str(grade), str(solution), str(locked), meta["grade_id"]):
        md5.update(part.encode("utf-8"))
    if grade:
        md5.update(str(float(meta["points"])).encode("utf-8"))
    return md5.hexdigest()


def _meta(grade_id: str, *, solution: bool, grade: bool, locked: bool, points: float | None = None) -> dict:
    meta: dict[str, Any] = {"grade": grade, "grade_id": grade_id, "locked": locked,
                            "schema_version": SCHEMA_VERSION, "solution": solution, "task": False}
    if grade:
        meta["points"] = float(points or 0)
    return meta


def _solution_names(source: str) -> list[list[str]]:
    """Return the ``answer…`` names each solution region assigns (in order)."""
    regions: list[list[str]] = []
    inside = False
    for line in source.splitlines():
        if _BEGIN.match(line):
            inside, current = True, []
            regions.append(current)
        elif re.match(r"^\s*#*\s*END\s+SOLUTION\s*$", line, re.IGNORECASE):
            inside = False
        elif inside and (match := _ASSIGNED.match(line)) and match[2] not in current:
            current.append(match[2])
    return regions


def grading_notebook(nb: nbformat.NotebookNode, *, name: str = "<notebook>", hidden_py: str | Path = HIDDEN_PY,
                     parts: Mapping[str, Sequence[str]] | None = None, strict: bool = False,
                     ) -> nbformat.NotebookNode:
    """Return the grading source of an instructor notebook (the input is not changed).

    Parameters
    ----------
    nb
        An instructor notebook (nbformat 4; cells without ids get ``kn-cell-NNN`` ids and the notebook
        becomes nbformat 4.5).
    name
        The notebook's file name, for error messages.
    hidden_py
        The grader's checker file the hidden tests run.
    parts
        Per question id, the element digests for partial credit (see :mod:`.hidden`).
    strict
        True (the nbgrader course) refuses a solution region that nbgrader's single code stub
        (``answer = ...  # YOUR ANSWER HERE``) would clear differently from the student edition.

    Returns
    -------
    nbformat.NotebookNode
        The notebook with nbgrader metadata and hidden test cells.

    Raises
    ------
    KoreaNotesError
        In strict mode, for a solution region that does not assign exactly ``answer``. (A
        ``kn.exercises.check`` with no answer cell before it, a demonstration, is simply not graded.)

    """
    src = copy.deepcopy(nb)
    if (src.nbformat, src.get("nbformat_minor", 0)) < (4, 5):
        src.nbformat_minor = 5
    for index, cell in enumerate(src.cells):
        if not cell.get("id"):
            cell["id"] = f"kn-cell-{index:03d}"
    points = (src.metadata.get("korea_notes") or {}).get("points") or {}
    parts = parts or {}
    notebook = Path(name).name[:2]
    cells: list[Any] = []
    used: set[str] = set()
    current: str | None = None
    pending: Any = None  # the last autograded answer cell not yet followed by its check

    def unique(grade_id: str) -> str:
        base, number = grade_id, 2
        while grade_id in used:
            grade_id, number = f"{base}_{number}", number + 1
        used.add(grade_id)
        return grade_id

    for index, cell in enumerate(src.cells):
        where = f"cell {index} (id {cell.get('id')!r})"
        tags = set(cell.get("metadata", {}).get("tags", []))
        if "instructor" in tags:  # instructor-only checks never reach a course or a student
            continue
        headings = _HEADING.findall(cell.source) if cell.cell_type == "markdown" else []
        if headings:
            current = _qid(*headings[0])
        has_region = cell.cell_type in ("code", "markdown") and any(_BEGIN.match(x) for x in cell.source.splitlines())
        if cell.cell_type == "markdown" and ("solution" in tags or has_region):
            qid = current or f"{notebook}.{cell['id']}"
            grade_id = unique(_grade_id(qid) if current else f"answer_{cell['id']}")
            cell.metadata["nbgrader"] = _meta(grade_id, solution=True, grade=True, locked=False,
                                              points=float(points.get(qid, DEFAULT_POINTS["manual"])))
            current = None
        elif cell.cell_type == "markdown" and headings:
            cell.metadata["nbgrader"] = _meta(unique(_grade_id(current, "_prompt")), solution=False, grade=False,
                                              locked=True)
        elif cell.cell_type == "code":
            if "solution" in tags and not has_region:
                cell.source = "# BEGIN SOLUTION\n" + cell.source + "\n# END SOLUTION"
                cell.metadata["tags"] = [t for t in cell.metadata["tags"] if t != "solution"]
                if not cell.metadata["tags"]:
                    del cell.metadata["tags"]
                has_region = True
            check = _CHECK.search(cell.source)
            if has_region:
                if strict:
                    for names in _solution_names(cell.source):
                        if names != ["answer"]:
                            raise KoreaNotesError(
                                f"{where}: a solution region assigns {names or 'no answer'}; nbgrader replaces "
                                f"every region by {ANSWER_STUB!r}", file=name,
                                hint="give each solution region exactly one assignment to `answer`")
                qid = _qid(*check[1].split(".")) if check else current
                cell.metadata["nbgrader"] = _meta(unique(_grade_id(qid) if qid else f"answer_{cell['id']}"),
                                                  solution=True, grade=False, locked=False)
                pending = cell
            cells.append(cell)
            if check and pending is not None:
                qid = _qid(*check[1].split("."))
                test_id = unique(_grade_id(qid, "_test"))
                shown = f"{int(qid[:2])}.{qid[3:]}"
                test = nbformat.v4.new_code_cell(
                    hidden_test_source(qid, name=check[2], points=float(points.get(qid, DEFAULT_POINTS["auto"])),
                                       parts=parts.get(qid), hidden_py=hidden_py, label=shown,
                                       lang=notebook_lang(src)),
                    id=test_id.replace("_", "-"))
                test.metadata["nbgrader"] = _meta(test_id, solution=False, grade=True, locked=True,
                                                  points=float(points.get(qid, DEFAULT_POINTS["auto"])))
                cells.append(test)
                pending = None
            continue
        cells.append(cell)
    for cell in cells:
        if "nbgrader" in cell.get("metadata", {}):
            cell.metadata["nbgrader"]["cell_type"] = cell.cell_type  # as nbgrader records it
    src.cells = cells
    return src


def graded_cells(nb: nbformat.NotebookNode) -> list[GradedCell]:
    """List the cells of a grading source (or of a student edition) that carry nbgrader metadata.

    Parameters
    ----------
    nb
        A notebook made by :func:`grading_notebook` or the student edition.

    Returns
    -------
    list of GradedCell
        In notebook order.

    """
    found = []
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader")
        if not meta:
            continue
        grade_id = meta["grade_id"]
        role = ("manual" if meta.get("solution") and meta.get("grade") else "answer" if meta.get("solution")
                else "test" if meta.get("grade") else "prompt")
        match = re.match(r"^ex(\d+)_([A-Za-z0-9]+)", grade_id)
        qid = f"{match[1]}.{match[2]}" if match else grade_id
        found.append(GradedCell(grade_id, role, qid, float(meta.get("points", 0) or 0)))
    return found


def max_points(nb: nbformat.NotebookNode, role: str | None = None) -> float:
    """Return the points a notebook is worth (autograded ``test`` cells, ``manual`` answers, or both).

    Parameters
    ----------
    nb
        A grading source or student edition.
    role
        ``"test"``, ``"manual"`` or None for both.

    Returns
    -------
    float
        The sum of the cells' points.

    """
    return sum(c.points for c in graded_cells(nb) if c.role in ((role,) if role else ("test", "manual")))
