"""Make the student edition of the notebooks: solutions out, prompts in, outputs cleared.

Rules (after nbgrader's ``ClearSolutions``):

* **Markers.** In a code cell, the lines from ``# BEGIN SOLUTION`` to ``# END SOLUTION`` (each marker
  alone on its line; case and spacing do not matter) are replaced, markers included, by a prompt at
  the BEGIN marker's indentation:

  - if a replaced line assigns a name starting with ``answer`` (``answer = ...``,
    ``answer_2 = ...``), one line ``answer = ...  # YOUR ANSWER HERE`` per such name, so the
    following ``kn.exercises.check("05.2", answer)`` reports "No answer yet";
  - otherwise ``# YOUR ANSWER HERE`` at the top level, or ``...  # YOUR ANSWER HERE`` when indented
    (a function or loop body must keep a statement to stay valid Python).

  Markdown cells may use the same markers (``BEGIN SOLUTION`` / ``END SOLUTION`` on lines of their
  own, with or without ``#``); the block becomes ``*Write your answer here.*``.
* **Tags** (cell metadata ``tags``): a code cell tagged ``solution`` becomes one solution region (so it
  clears by the marker rule, as nbgrader clears a region); a markdown cell tagged ``solution`` is
  replaced whole by ``*Write your answer here.*``. A cell tagged ``instructor`` is removed.
* **Grading.** The notebook first goes through
  :func:`korea_notes.teaching.grading.annotate.grading_notebook`, so the edition carries nbgrader's cell
  metadata (answer, test, manually graded and read-only cells, grade ids, points, checksums and the
  ``deletable``/``editable`` locks nbgrader sets) and one test cell after each self-check, whose hidden test
  (``### BEGIN HIDDEN TESTS`` … ``### END HIDDEN TESTS``) is removed: the cells ``nbgrader generate_assignment``
  releases, so a submitted copy can be autograded. A code cell tagged ``solution`` becomes one solution region.
* Outputs and execution counts are cleared; nbclient's per-cell ``execution`` timings and the
  notebook's saved ``widgets`` state are dropped. Everything else (cell ids, tags, other metadata,
  the kernelspec) is kept.

A marker without its partner, or a BEGIN inside a BEGIN, raises :class:`KoreaNotesError` naming the
file, the cell index and the cell id.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

import nbformat

from .._atomic import write_text_atomic
from ..errors import KoreaNotesError

CODE_PROMPT = "# YOUR ANSWER HERE"
ANSWER_PROMPT = "{name} = ...  # YOUR ANSWER HERE"
MARKDOWN_PROMPT = "*Write your answer here.*"
PROMPTS: dict[str, dict[str, str]] = {
    "en": {"code": CODE_PROMPT, "answer": ANSWER_PROMPT, "markdown": MARKDOWN_PROMPT},
    "ko": {"code": "# 여기에 답을 쓰세요", "answer": "{name} = ...  # 여기에 답을 쓰세요",
           "markdown": "*여기에 답을 쓰세요.*"},
}
"""The prompts that replace solutions, by the notebook's language (the Korean edition's are Korean)."""
SOLUTION_TAG = "solution"
INSTRUCTOR_TAG = "instructor"
BEGIN_HIDDEN = "### BEGIN HIDDEN TESTS"
END_HIDDEN = "### END HIDDEN TESTS"
_BEGIN = re.compile(r"^(\s*)#*\s*BEGIN\s+SOLUTION\s*$", re.IGNORECASE)
_END = re.compile(r"^\s*#*\s*END\s+SOLUTION\s*$", re.IGNORECASE)
_ANSWER = re.compile(r"^\s*(answer\w*)\s*(?::[^=]*)?=(?!=)")
_TOP_ANSWER = re.compile(r"^(answer\w*)\s*(?::[^=]*)?=(?!=)")
_NOISE_CELL_METADATA = ("execution", "ExecuteTime")
_NOISE_NB_METADATA = ("widgets", "celltoolbar")
PathLike = str | os.PathLike[str]


def _where(cell: Any, index: int) -> str:
    cell_id = cell.get("id")
    return f"cell {index}" + (f" (id {cell_id!r})" if cell_id else "")


def _answer_names(lines: list[str], pattern: re.Pattern[str]) -> list[str]:
    names: list[str] = []
    for line in lines:
        match = pattern.match(line)
        if match and match[1] not in names:
            names.append(match[1])
    return names


def _replace_blocks(source: str, *, markdown: bool, file: str, where: str, lang: str = "en") -> str:
    prompts = PROMPTS[lang]
    lines = source.splitlines()
    out: list[str] = []
    begin: int | None = None
    indent = ""
    block: list[str] = []
    for number, line in enumerate(lines, 1):
        if (match := _BEGIN.match(line)) is not None:
            if begin is not None:
                raise KoreaNotesError(
                    f"{where}, line {number}: BEGIN SOLUTION inside the block opened on line {begin}",
                    file=file, hint="close each block with END SOLUTION before opening another")
            begin, indent, block = number, match[1], []
        elif _END.match(line):
            if begin is None:
                raise KoreaNotesError(f"{where}, line {number}: END SOLUTION without BEGIN SOLUTION",
                                      file=file, hint="add the BEGIN SOLUTION line or remove this one")
            if markdown:
                out.append(indent + prompts["markdown"])
            else:
                names = _answer_names(block, _ANSWER)
                if names:
                    out.extend(indent + prompts["answer"].format(name=name) for name in names)
                else:
                    out.append(indent + ("...  " if indent else "") + prompts["code"])
            begin = None
        elif begin is not None:
            block.append(line)
        else:
            out.append(line)
    if begin is not None:
        raise KoreaNotesError(f"{where}, line {begin}: BEGIN SOLUTION without END SOLUTION", file=file,
                              hint="add an END SOLUTION line where the solution ends")
    text = "\n".join(out)
    return text + "\n" if source.endswith("\n") and out else text


def _remove_hidden_tests(source: str, *, file: str, where: str) -> str:
    """Drop the lines from ``### BEGIN HIDDEN TESTS`` to ``### END HIDDEN TESTS`` (as nbgrader's ClearHiddenTests)."""
    if BEGIN_HIDDEN not in source and END_HIDDEN not in source:
        return source
    kept, inside = [], False
    for line in source.split("\n"):
        if BEGIN_HIDDEN in line:
            if inside:
                raise KoreaNotesError(f"{where}: BEGIN HIDDEN TESTS inside a hidden test region", file=file)
            inside = True
        elif END_HIDDEN in line:
            inside = False
        elif not inside:
            kept.append(line)
    if inside:
        raise KoreaNotesError(f"{where}: BEGIN HIDDEN TESTS without END HIDDEN TESTS", file=file)
    return "\n".join(kept)


def _lock(cell: Any) -> None:
    """Set the locks and the checksum nbgrader's LockCells and ComputeChecksums give a graded cell."""
    from .grading.annotate import nbgrader_checksum

    meta = cell.get("metadata", {}).get("nbgrader")
    if not meta:
        return
    cell.metadata["deletable"] = False
    if not meta.get("solution") and (meta.get("grade") or meta.get("locked")):
        cell.metadata["editable"] = False
    meta["checksum"] = nbgrader_checksum(cell)


def _has_markers(source: str) -> bool:
    return any(_BEGIN.match(line) or _END.match(line) for line in source.splitlines())


def make_student_notebook(nb: nbformat.NotebookNode, *, name: str = "<notebook>") -> nbformat.NotebookNode:
    r"""Return the student version of one notebook (the input is not changed).

    Parameters
    ----------
    nb
        An instructor notebook (nbformat 4).
    name
        The notebook's file name, for error messages.

    Returns
    -------
    nbformat.NotebookNode
        A new notebook: solutions replaced by prompts, ``instructor`` cells removed, outputs cleared.

    Raises
    ------
    KoreaNotesError
        If solution markers are unbalanced or nested (the message names file, cell index and id).

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
    ...     "# BEGIN SOLUTION\nanswer = '1953-07-27'\n# END SOLUTION\ncheck('00.1', answer)")])
    >>> print(make_student_notebook(nb).cells[0].source)
    answer = ...  # YOUR ANSWER HERE
    check('00.1', answer)

    """
    from .grading.annotate import grading_notebook, notebook_lang

    lang = notebook_lang(nb)
    prompts = PROMPTS[lang]
    student = grading_notebook(nb, name=name)
    for key in _NOISE_NB_METADATA:
        student.metadata.pop(key, None)
    cells = []
    for index, cell in enumerate(student.cells):
        tags = set(cell.get("metadata", {}).get("tags", []))
        where = _where(cell, index)
        if INSTRUCTOR_TAG in tags:
            continue
        if SOLUTION_TAG in tags:
            if cell.cell_type == "code":
                names = _answer_names(cell.source.splitlines(), _TOP_ANSWER)
                cell.source = "\n".join([prompts["code"], *(prompts["answer"].format(name=n) for n in names)])
            elif cell.cell_type == "markdown":
                cell.source = prompts["markdown"]
                cell.pop("attachments", None)
            else:
                cell.source = ""
        elif cell.cell_type in ("code", "markdown") and _has_markers(cell.source):
            cell.source = _replace_blocks(cell.source, markdown=cell.cell_type == "markdown", file=name,
                                          where=where, lang=lang)
        if cell.cell_type == "code":
            cell.source = _remove_hidden_tests(cell.source, file=name, where=where)
            cell.outputs = []
            cell.execution_count = None
        for key in _NOISE_CELL_METADATA:
            cell.get("metadata", {}).pop(key, None)
        _lock(cell)
        cells.append(cell)
    student.cells = cells
    return student


def check_output_dir(src_dir: PathLike, out_dir: PathLike) -> tuple[Path, Path]:
    """Refuse an output folder that could overwrite the sources.

    Parameters
    ----------
    src_dir
        The folder of instructor notebooks.
    out_dir
        Where the output is to go.

    Returns
    -------
    tuple of pathlib.Path
        Both folders, resolved.

    Raises
    ------
    KoreaNotesError
        If ``src_dir`` is not a folder, or ``out_dir`` is ``src_dir``, lies inside it, or is a file.

    """
    src = Path(src_dir).resolve()
    out = Path(out_dir).resolve()
    if not src.is_dir():
        raise KoreaNotesError(f"{src_dir} is not a folder of notebooks")
    if out == src or src in out.parents:
        relation = "the source folder" if out == src else "inside the source folder"
        raise KoreaNotesError(
            f"the output folder {out_dir} is {relation} {src_dir}; refusing, so the instructor notebooks "
            "cannot be overwritten",
            hint="choose a folder beside it, e.g. 'student' next to 'notebooks'")
    if out.exists() and not out.is_dir():
        raise KoreaNotesError(f"the output {out_dir} is a file, not a folder")
    return src, out


def source_notebooks(src_dir: PathLike) -> list[Path]:
    """Return the notebooks directly inside ``src_dir``, sorted by name (checkpoints ignored).

    Parameters
    ----------
    src_dir
        A folder.

    Returns
    -------
    list of pathlib.Path
        The ``*.ipynb`` files.

    Raises
    ------
    KoreaNotesError
        If there are none.

    """
    notebooks = sorted(p for p in Path(src_dir).glob("*.ipynb") if p.is_file())
    if not notebooks:
        raise KoreaNotesError(f"no notebooks (*.ipynb) in {src_dir}")
    return notebooks


def plan_outputs(sources: list[Path], out: Path, suffix: str = ".ipynb") -> list[Path]:
    """Return the output path of each source, refusing any that resolves to a source file.

    Parameters
    ----------
    sources
        Source notebooks.
    out
        The (resolved) output folder.
    suffix
        The output files' suffix.

    Returns
    -------
    list of pathlib.Path
        One output path per source.

    Raises
    ------
    KoreaNotesError
        If an output path (a symbolic link, say) resolves to one of the sources.

    """
    resolved_sources = {p.resolve() for p in sources}
    targets = [out / (p.stem + suffix) for p in sources]
    for target in targets:
        if target.resolve() in resolved_sources:
            raise KoreaNotesError(f"{target} resolves to a source notebook; refusing to overwrite it")
    return targets


def write_notebook_atomic(nb: nbformat.NotebookNode, path: PathLike) -> Path:
    """Validate and write a notebook atomically (temporary file in the same folder, then rename).

    Parameters
    ----------
    nb
        The notebook.
    path
        Where to write it.

    Returns
    -------
    pathlib.Path
        ``path``.

    """
    nbformat.validate(nb)
    text = nbformat.writes(nb)
    return write_text_atomic(path, text if text.endswith("\n") else text + "\n")


def make_student_edition(src_dir: PathLike, out_dir: PathLike, *, force: bool = False) -> list[Path]:
    """Write the student edition of every notebook in ``src_dir`` to ``out_dir``.

    Every notebook is transformed in memory first, so a marker error in any of them writes nothing.
    Each file is then written atomically. Only notebooks are written: they import ``korea_notes``
    for data, so no support files are needed.

    Parameters
    ----------
    src_dir
        The instructor notebooks (e.g. ``notebooks``).
    out_dir
        The student edition (e.g. ``student``); created if needed. It must not be ``src_dir`` or lie
        inside it.
    force
        Overwrite student notebooks that were changed since this function wrote them (someone's work in
        progress, perhaps). Without it such a notebook is refused and nothing is written. What was written
        is recorded, file by file, in ``out_dir/.korea-notes-student.json``.

    Returns
    -------
    list of pathlib.Path
        The notebooks written.

    Raises
    ------
    KoreaNotesError
        If the folders are refused, there are no notebooks, a notebook cannot be read, its solution
        markers are unbalanced, or (without ``force``) a student notebook was changed since it was written.

    """
    src, out = check_output_dir(src_dir, out_dir)
    sources = source_notebooks(src)
    targets = plan_outputs(sources, out)
    students = []
    for path in sources:
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception as error:  # nbformat raises several types for unreadable files
            raise KoreaNotesError(f"not a readable notebook ({error})", file=str(path)) from None
        students.append(make_student_notebook(nb, name=str(path)))
    manifest_path = out / WRITTEN_MANIFEST
    try:
        written = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.is_file() else {}
    except (OSError, ValueError):
        written = {}
    changed = [t for t, nb in zip(targets, students, strict=True)
               if t.is_file() and _digest(t.read_bytes()) != written.get(t.name)
               and t.read_bytes() != (nbformat.writes(nb) + "\n").encode("utf-8")]
    if changed and not force:
        raise KoreaNotesError(f"{len(changed)} student notebook(s) changed since they were written: "
                              + ", ".join(t.name for t in changed), file=str(out),
                              hint="keep them elsewhere, or rebuild with --force to overwrite them")
    out.mkdir(parents=True, exist_ok=True)
    paths = [write_notebook_atomic(nb, target) for nb, target in zip(students, targets, strict=True)]
    written.update({path.name: _digest(path.read_bytes()) for path in paths})
    write_text_atomic(manifest_path, json.dumps(written, indent=1, sort_keys=True) + "\n")
    return paths


def make_student_editions(src_dir: PathLike, out_dir: PathLike, *, force: bool = False) -> list[Path]:
    """Write the student edition of the English notebooks and of their Korean twins (``ko/``).

    The English notebooks of ``src_dir`` go to ``out_dir`` and the Korean ones of ``src_dir/ko`` (if
    any) to ``out_dir/ko``, each by :func:`make_student_edition`, so a Korean class gets the same
    exercises with the same ids, blank.

    Parameters
    ----------
    src_dir
        The instructor notebooks (e.g. ``notebooks``), with the Korean edition in ``ko/``.
    out_dir
        The student edition; the Korean notebooks go to its ``ko/`` folder.
    force
        As :func:`make_student_edition`.

    Returns
    -------
    list of pathlib.Path
        The notebooks written, English first.

    Raises
    ------
    KoreaNotesError
        As :func:`make_student_edition`; the Korean edition is checked before anything is written.

    """
    from .translation import KOREAN_DIR

    korean_src = Path(src_dir) / KOREAN_DIR
    has_korean = any(p.is_file() for p in korean_src.glob("*.ipynb"))
    if has_korean:  # read and transform the Korean notebooks first, so a marker error there writes nothing
        for path in source_notebooks(korean_src):
            make_student_notebook(nbformat.read(path, as_version=4), name=str(path))
    written = make_student_edition(src_dir, out_dir, force=force)
    if has_korean:
        written += make_student_edition(korean_src, Path(out_dir) / KOREAN_DIR, force=force)
    return written


WRITTEN_MANIFEST = ".korea-notes-student.json"
"""The file in a student edition's folder that records what was written (name -> SHA-256)."""


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
