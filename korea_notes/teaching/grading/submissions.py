"""Check and autograde submissions, report by name, export the gradebook, collect an LMS download.

``korea-notes grade COURSE_DIR ASSIGNMENT`` looks at every ``submitted/<student>/<assignment>/`` first: a
notebook that is missing, is not valid notebook JSON, or lacks graded cells (answers, tests or questions
deleted) is reported with the reason and not graded; the others go through one ``nbgrader autograde`` run.
A cell stopped by the timeout is reported too (the rest of that notebook is still graded). Every student
is added to the gradebook, so the exported CSV lists everyone (not graded = 0 until the instructor acts).

nbgrader runs as a subprocess in the course folder with this Python's ``bin/`` first on ``PATH`` (nbgrader
calls ``alembic``), the network refused in kernels and figures drawn off screen, as the runner does.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from ...errors import KoreaNotesError
from ...runner import kernel_environment
from .annotate import graded_cells
from .course import LMS_REGEXP

PathLike = str | os.PathLike[str]
TIMEOUT_ERRORS = ("CellTimeoutError", "TimeoutError", "DeadKernelError")
SUSPICIOUS = {
    "redefines a check": re.compile(r"\bcheck\s*=(?!=)|\bexercises\s*\.\s*\w+\s*=(?!=)"),
    "touches modules (sys.modules, builtins, importlib, runpy, __import__)":
        re.compile(r"sys\s*\.\s*modules|\bbuiltins\b|__builtins__|\bimportlib\b|\brunpy\b|__import__"),
    "imports the checker's modules": re.compile(r"korea_notes\s*\.\s*teaching|teaching\s*\.\s*exercises"),
    "defines comparison methods (__eq__, __hash__)": re.compile(r"__(eq|ne|hash)__"),
    "sets attributes dynamically (setattr, globals())": re.compile(r"\bsetattr\s*\(|\bglobals\s*\(\s*\)"),
}
"""Code a history notebook never needs and a checker trick does: reported for the instructor to look at."""


@dataclass
class StudentResult:
    """One student's outcome.

    Attributes
    ----------
    student
        The student id (the folder name under ``submitted/``).
    graded
        Whether nbgrader autograded the submission.
    score
        The gradebook's score for the assignment (0 when not graded).
    max_score
        The assignment's maximum score.
    problems
        What kept it from being graded, or stopped part of it, in words for the instructor.
    warnings
        Code worth a look by hand (see :data:`SUSPICIOUS`); the submission is graded all the same.

    """

    student: str
    graded: bool = False
    score: float = 0.0
    max_score: float = 0.0
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def nbgrader_environment() -> dict[str, str]:
    """Return the environment nbgrader runs in: this Python's ``bin/`` on ``PATH``, network off, Agg figures.

    Returns
    -------
    dict
        Environment variables.

    """
    env = kernel_environment(backend="agg", network=False)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def run_nbgrader(args: list[str], course_dir: PathLike, *, check: bool = True,
                 timeout: float | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``nbgrader ARGS`` in the course folder.

    Parameters
    ----------
    args
        nbgrader's arguments, e.g. ``["autograde", "00_start_here"]``.
    course_dir
        The course folder (its ``nbgrader_config.py`` is read).
    check
        Raise when nbgrader exits with an error.
    timeout
        Seconds for the whole command (None: no limit).

    Returns
    -------
    subprocess.CompletedProcess
        With its output as text.

    Raises
    ------
    KoreaNotesError
        If nbgrader is not installed, or fails while ``check`` is true (the message ends with its last lines).

    """
    env = nbgrader_environment()
    program = shutil.which("nbgrader", path=env["PATH"])
    if program is None:
        raise KoreaNotesError("nbgrader is not installed",
                              hint='install the grading extra: pip install -e ".[grading]"')
    result = subprocess.run([program, *args], cwd=course_dir, env=env, capture_output=True, text=True,
                            timeout=timeout, check=False)
    if check and result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-8:])
        raise KoreaNotesError(f"nbgrader {' '.join(args)} failed:\n{tail}")
    return result


def _source_notebooks(course: Path, assignment: str) -> dict[str, nbformat.NotebookNode]:
    folder = course / "source" / assignment
    notebooks = {p.name: nbformat.read(p, as_version=4) for p in sorted(folder.glob("*.ipynb"))}
    if not notebooks:
        raise KoreaNotesError(f"no assignment {assignment!r} in {course / 'source'}",
                              hint="lay out the course first: korea-notes nbgrader COURSE_DIR")
    return notebooks


def check_submission(folder: PathLike, sources: dict[str, nbformat.NotebookNode]) -> list[str]:
    """Return what keeps a submission from being graded (an empty list when it can be).

    Parameters
    ----------
    folder
        ``submitted/<student>/<assignment>``.
    sources
        File name -> the assignment's source notebook.

    Returns
    -------
    list of str
        Reasons, in words for the instructor.

    """
    problems = []
    for filename, source in sources.items():
        path = Path(folder) / filename
        if not path.is_file():
            problems.append(f"{filename} is missing from the submission")
            continue
        try:
            nb = nbformat.read(path, as_version=4)
            nbformat.validate(nb)
        except Exception as error:  # noqa: BLE001  (JSON and schema errors alike)
            first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            problems.append(f"{filename} is not a readable notebook (corrupt JSON or not a notebook: {first[:120]})")
            continue
        present = {c.grade_id for c in graded_cells(nb)}
        missing = [c for c in graded_cells(source) if c.grade_id not in present]
        if missing:
            listed = ", ".join(f"{c.grade_id} ({c.role})" for c in missing[:8]) + (" …" if len(missing) > 8 else "")
            problems.append(f"{filename}: {len(missing)} graded cell(s) deleted: {listed}; "
                            "ask for a resubmission from a fresh copy")
    return problems


def suspicious_code(nb: nbformat.NotebookNode, source: nbformat.NotebookNode) -> list[str]:
    """Return what in a submission's code looks like an attempt to fool the grader (for a look by hand).

    Only code the student wrote or changed counts: cells whose source differs from the assignment's.

    Parameters
    ----------
    nb
        The submitted notebook.
    source
        The assignment's source notebook.

    Returns
    -------
    list of str
        One line per kind of construct found, naming the cells.

    """
    given = {cell.source for cell in source.cells if cell.cell_type == "code"}
    found: dict[str, list[str]] = {}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or cell.source in given:
            continue
        name = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") or f"cell {index}"
        for label, pattern in SUSPICIOUS.items():
            if pattern.search(cell.source):
                found.setdefault(label, []).append(name)
    return [f"look by hand: the code {label} in {', '.join(cells)}" for label, cells in found.items()]


def _timeouts(folder: Path) -> list[str]:
    found = []
    for path in sorted(folder.glob("*.ipynb")):
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:  # noqa: BLE001
            continue
        for index, cell in enumerate(nb.cells):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error" and output.get("ename") in TIMEOUT_ERRORS:
                    grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
                    found.append(f"{path.name}: cell {index}" + (f" ({grade_id})" if grade_id else "")
                                 + f" was stopped ({output.get('ename')}: it ran longer than the timeout); "
                                 "the rest of the notebook was graded")
    return found


def read_gradebook_csv(text: str, assignment: str) -> dict[str, tuple[float, float]]:
    """Return student -> (score, max score) for one assignment from ``nbgrader export``'s CSV.

    Parameters
    ----------
    text
        The CSV.
    assignment
        The assignment.

    Returns
    -------
    dict
        Scores by student id.

    """
    rows = csv.DictReader(io.StringIO(text))
    return {row["student_id"]: (float(row["score"] or 0), float(row["max_score"] or 0))
            for row in rows if row["assignment"] == assignment}


def grade_assignment(course_dir: PathLike, assignment: str, *, gradebook_csv: PathLike | None = None
                     ) -> list[StudentResult]:
    """Check and autograde every submission of one assignment, and export the gradebook.

    Parameters
    ----------
    course_dir
        The course folder (from ``korea-notes nbgrader``).
    assignment
        The assignment, e.g. ``"00_start_here"``; its release is generated first if missing.
    gradebook_csv
        Where to write the exported gradebook (default ``COURSE_DIR/grades.csv``).

    Returns
    -------
    list of StudentResult
        One per folder under ``submitted/``, by student id.

    Raises
    ------
    KoreaNotesError
        If the assignment or nbgrader is missing, or nbgrader fails for a reason other than one submission.

    """
    course = Path(course_dir).resolve()
    sources = _source_notebooks(course, assignment)
    for filename, nb in sources.items():
        for checker in sorted({m for c in nb.cells for m in re.findall(r"run_path\('([^']+)'", c.source)}):
            if not Path(checker).is_file():
                raise KoreaNotesError(
                    f"{filename}: its hidden tests load the checker {checker}, which is not there any more",
                    hint="lay the course out again on this machine (korea-notes nbgrader COURSE_DIR), then "
                         "nbgrader generate_assignment ASSIGNMENT --force")
    if not (course / "release" / assignment).is_dir() or not (course / "gradebook.db").is_file():
        run_nbgrader(["generate_assignment", assignment, "--force"], course)
    submitted = sorted(p.parent.name for p in (course / "submitted").glob(f"*/{assignment}") if p.is_dir())
    if not submitted:
        raise KoreaNotesError(f"no submissions of {assignment!r} under {course / 'submitted'}",
                              hint=f"put each student's files in submitted/<student>/{assignment}/")
    results = {s: StudentResult(s) for s in submitted}
    for student in submitted:
        folder = course / "submitted" / student / assignment
        results[student].problems += check_submission(folder, sources)
        if not results[student].problems:
            for filename, source in sources.items():
                results[student].warnings += suspicious_code(nbformat.read(folder / filename, as_version=4), source)
    with tempfile.TemporaryDirectory() as folder:
        roster = Path(folder) / "students.csv"
        roster.write_text("id,last_name,first_name,email\n" + "".join(f"{s},,,\n" for s in submitted),
                          encoding="utf-8")
        run_nbgrader(["db", "student", "import", str(roster)], course)
    ready = [s for s in submitted if not results[s].problems]
    if ready:
        excluded = ",".join(s for s in submitted if s not in ready)
        args = ["autograde", assignment, "--force"] + ([f"--CourseDirectory.student_id_exclude={excluded}"]
                                                       if excluded else [])
        outcome = run_nbgrader(args, course, check=False)
        for student in ready:
            autograded = course / "autograded" / student / assignment
            if any(autograded.glob("*.ipynb")):
                results[student].graded = True
                results[student].problems += _timeouts(autograded)
            else:
                results[student].problems.append("nbgrader could not autograde it: "
                                                 + ((outcome.stderr or outcome.stdout).strip().splitlines()
                                                    or ["no output"])[-1][:200])
    target = Path(gradebook_csv) if gradebook_csv else course / "grades.csv"
    run_nbgrader(["export", "--to", str(target.resolve())], course)
    scores = read_gradebook_csv(target.read_text(encoding="utf-8"), assignment)
    for student, result in results.items():
        result.score, result.max_score = scores.get(student, (0.0, 0.0))
    return [results[s] for s in submitted]


def format_report(results: list[StudentResult], assignment: str) -> str:
    """Return the report ``korea-notes grade`` prints: one line per student, problems indented below.

    Parameters
    ----------
    results
        From :func:`grade_assignment`.
    assignment
        The assignment's name.

    Returns
    -------
    str
        The report.

    """
    lines = [f"Assignment {assignment}: {len(results)} submission(s), "
             f"{sum(r.graded for r in results)} autograded"]
    width = max((len(r.student) for r in results), default=7)
    for r in results:
        status = "graded" if r.graded else "NOT GRADED"
        lines.append(f"  {r.student:<{width}}  {r.score:g} / {r.max_score:g}  {status}")
        lines += [f"      - {problem}" for problem in r.problems]
        lines += [f"      ? {warning}" for warning in r.warnings]
    return "\n".join(lines)


def collect_zip(course_dir: PathLike, assignment: str, zip_path: PathLike, *, regexp: str | None = None
                ) -> list[str]:
    """Collect an LMS download into ``submitted/``, with ``nbgrader zip_collect``.

    The zip is copied to ``downloaded/<assignment>/archive/``; nbgrader extracts it and files each notebook
    whose name matches ``regexp`` (default :data:`~korea_notes.teaching.grading.course.LMS_REGEXP`, Canvas-style
    ``<student>_<number>_<number>_<notebook>.ipynb``) under ``submitted/<student>/<assignment>/``.

    Parameters
    ----------
    course_dir
        The course folder.
    assignment
        The assignment.
    zip_path
        The downloaded zip.
    regexp
        A regular expression with ``student_id`` and ``file_id`` groups, for other LMS naming.

    Returns
    -------
    list of str
        The students whose submission is now in ``submitted/``.

    Raises
    ------
    KoreaNotesError
        If the zip is missing or nbgrader fails.

    """
    course = Path(course_dir).resolve()
    source = Path(zip_path)
    if not source.is_file():
        raise KoreaNotesError(f"{zip_path} is not a file", hint="download the submissions as one zip from the LMS")
    archive = course / "downloaded" / assignment / "archive"
    archive.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, archive / source.name)
    run_nbgrader(["zip_collect", assignment, "--force",
                  f"--FileNameCollectorPlugin.named_regexp={regexp or LMS_REGEXP}"], course)
    return sorted(p.parent.name for p in (course / "submitted").glob(f"*/{assignment}") if p.is_dir())
