"""Grade the discussion answers by hand without a server: a CSV of scores goes into nbgrader's gradebook.

An instructor reads the answers (in ``autograded/<student>/<assignment>/``, or the feedback pages) beside the
model answers kept in ``source/``, writes one row per student and exercise, and records them::

    student_id,exercise,points,comment
    kim_minji,00.4,2,Names two perspectives; the second needs a source.

``korea-notes grade-manual COURSE_DIR ASSIGNMENT SCORES.csv`` then stores each score as the cell's manual
score (what formgrader would store), and ``nbgrader export`` counts it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import nbformat

from ...errors import KoreaNotesError
from ..exercises import canonical_id
from .annotate import _grade_id, graded_cells

PathLike = str | Path
COLUMNS = ("student_id", "exercise", "points")
"""The CSV's required columns (``comment`` is optional)."""


@dataclass(frozen=True)
class ManualScore:
    """One hand-given score: the student, the discussion exercise, the points and an optional comment."""

    student: str
    question_id: str
    points: float
    comment: str = ""


def read_scores(path: PathLike, manual_points: dict[str, float]) -> list[ManualScore]:
    """Read and check a CSV of hand-given scores.

    Parameters
    ----------
    path
        The CSV, with columns ``student_id``, ``exercise`` (e.g. ``00.4``) and ``points``, and optionally
        ``comment``.
    manual_points
        Question id -> the most points its discussion answer can get (from the course's source notebook).

    Returns
    -------
    list of ManualScore
        The rows, in file order.

    Raises
    ------
    KoreaNotesError
        Naming the file and line of a missing column, an exercise that is not a discussion exercise of the
        assignment, or points that are not a number between 0 and the exercise's maximum.

    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise KoreaNotesError(f"cannot read the scores ({error})", file=str(path),
                              hint="save the sheet as CSV in UTF-8") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise KoreaNotesError(f"missing column(s) {missing}; found {reader.fieldnames}", file=str(path), line=1,
                              hint="the header must be: student_id,exercise,points[,comment]")
    scores: list[ManualScore] = []
    for line, row in enumerate(reader, start=2):
        student = (row["student_id"] or "").strip()
        try:
            qid = canonical_id(row["exercise"] or "")
        except KoreaNotesError:
            qid = (row["exercise"] or "").strip()
        if qid not in manual_points:
            raise KoreaNotesError(f"{row['exercise']!r} is not a discussion exercise of this assignment",
                                  file=str(path), line=line, column="exercise",
                                  hint=f"use one of {sorted(manual_points)}")
        try:
            points = float(row["points"])
        except (TypeError, ValueError):
            points = -1.0
        if not student or not 0 <= points <= manual_points[qid]:
            raise KoreaNotesError(f"points must be a number from 0 to {manual_points[qid]:g} for {qid}, and the "
                                  f"student id must be given", file=str(path), line=line, column="points")
        scores.append(ManualScore(student, qid, points, (row.get("comment") or "").strip()))
    return scores


def record_manual_scores(course_dir: PathLike, assignment: str, scores_csv: PathLike) -> list[ManualScore]:
    """Store hand-given scores for the discussion answers of one assignment in the nbgrader gradebook.

    Run it after ``korea-notes grade`` (or ``nbgrader autograde``), then export again
    (``nbgrader export`` or ``korea-notes grade``, which exports at its end).

    Parameters
    ----------
    course_dir
        The course folder (from ``korea-notes nbgrader``).
    assignment
        The assignment, e.g. ``"00_start_here"``.
    scores_csv
        The CSV described in :func:`read_scores`.

    Returns
    -------
    list of ManualScore
        The scores stored.

    Raises
    ------
    KoreaNotesError
        If the assignment's source is missing, a row is wrong (see :func:`read_scores`), or a student's
        submission has not been autograded yet (nothing is stored then).

    """
    from nbgrader.api import Gradebook, MissingEntry

    course = Path(course_dir).resolve()
    sources = sorted((course / "source" / assignment).glob("*.ipynb"))
    if not sources:
        raise KoreaNotesError(f"no source notebook for {assignment!r} in {course / 'source'}",
                              hint="lay the course out first: korea-notes nbgrader COURSE_DIR")
    notebook = sources[0].stem
    cells = graded_cells(nbformat.read(sources[0], as_version=4))
    manual_points = {c.question_id: c.points for c in cells if c.role == "manual"}
    scores = read_scores(scores_csv, manual_points)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        found = []
        for score in scores:
            try:
                grade = gradebook.find_grade(_grade_id(score.question_id), notebook, assignment, score.student)
                comment = gradebook.find_comment(_grade_id(score.question_id), notebook, assignment, score.student)
            except MissingEntry:
                gradebook.db.rollback()
                raise KoreaNotesError(f"{score.student} has no autograded {assignment} in the gradebook",
                                      file=str(scores_csv), hint="run korea-notes grade first") from None
            found.append((grade, comment, score))
        for grade, comment, score in found:  # all rows were found: only now change anything
            grade.manual_score = score.points
            if score.comment:
                comment.manual_comment = score.comment
        gradebook.db.commit()
    return scores


__all__ = ["COLUMNS", "ManualScore", "read_scores", "record_manual_scores"]
