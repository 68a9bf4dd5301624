"""Keep the Korean edition (``notebooks/ko/``) in step with the English notebooks, cell by cell.

Each Korean notebook has the same file name as its English twin, the same cells in the same order with the
same cell ids, and in every cell's metadata a fingerprint of the English cell it was translated from::

    "metadata": {"korea_notes": {"translates": "sha256:…"}}

:func:`compare_notebooks` finds every way a Korean notebook has fallen out of step:

- **stale**: the English cell changed after its translation was made (its fingerprint no longer matches);
- **untranslated**: a Korean markdown cell with no more Hangul than its English twin (which may quote names
  in Hangul), where the English has words;
- **code drift**: a code cell that differs from its twin beyond the allowed changes (below);
- **structure**: a cell missing, added, moved or of another type; another exercise id; other tags.

Allowed changes in a Korean code cell, and nothing else: comments; ``lang="ko"`` keyword arguments (and
``lang="en"`` in the English); a string that becomes the same string plus ``_ko`` (the Korean column,
``"summary"`` → ``"summary_ko"``); a string (or the text of an f-string) that becomes Korean text, i.e. holds
Hangul, where the English string is not an exercise id, a dataset name or a row id. The program is otherwise
the same: same names, numbers, calls and order, so a Korean notebook computes what its twin computes.

After revising a translation, ``korea-notes translations --mark-current NOTEBOOK CELL_ID …`` records the
current English cell as the one translated.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from .._atomic import write_text_atomic
from ..errors import KoreaNotesError

PathLike = str | Path | None

KOREAN_DIR = "ko"
"""The Korean edition's folder, inside the English notebooks' folder."""

METADATA_KEY = "translates"
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
_LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
_ID_CALLS = frozenset({"check", "load_dataset", "load_geojson", "hint"})
"""Calls whose first argument is an id (exercise, dataset, layer) and must stay the same."""


@dataclass(frozen=True)
class TranslationProblem:
    """One way a Korean notebook is out of step with its English twin."""

    notebook: str
    cell: str
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"{self.notebook}, cell {self.cell}: {self.kind}: {self.detail}"


def fingerprint(cell: Any) -> str:
    r"""Return the fingerprint of a cell: ``sha256:`` and the digest of its type and source.

    Line endings and trailing spaces do not count, so re-saving a notebook does not make its
    translations stale.

    Parameters
    ----------
    cell
        A notebook cell (nbformat node or dict with ``cell_type`` and ``source``).

    Returns
    -------
    str
        For example ``'sha256:9f2c…'``.

    Examples
    --------
    >>> fingerprint({"cell_type": "markdown", "source": "# Title\n"}) == fingerprint(
    ...     {"cell_type": "markdown", "source": ["# Title  "]})
    True

    """
    source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
    lines = [line.rstrip() for line in source.replace("\r\n", "\n").split("\n")]
    text = cell["cell_type"] + "\n" + "\n".join(lines).strip("\n")
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def korean_path(english: PathLike) -> Path:
    """Return the path of the Korean twin of an English notebook (``notebooks/ko/<same name>``).

    Parameters
    ----------
    english
        Path of an English notebook, e.g. ``notebooks/05_the_armistice_agreement.ipynb``.

    Returns
    -------
    Path
        ``notebooks/ko/05_the_armistice_agreement.ipynb``.

    Examples
    --------
    >>> korean_path("notebooks/05_x.ipynb").as_posix()
    'notebooks/ko/05_x.ipynb'

    """
    path = Path(english)
    return path.parent / KOREAN_DIR / path.name


def english_notebooks(notebooks_dir: PathLike = None) -> list[Path]:
    """Return the English notebooks, in order (the folder's ``NN_*.ipynb`` files).

    Parameters
    ----------
    notebooks_dir
        The English notebooks' folder; by default the project's ``notebooks/``.

    Returns
    -------
    list of Path

    """
    return sorted(_folder(notebooks_dir).glob("[0-9][0-9]_*.ipynb"))


def korean_notebooks(notebooks_dir: PathLike = None) -> list[Path]:
    """Return the Korean notebooks, in order (``notebooks/ko/NN_*.ipynb``).

    Parameters
    ----------
    notebooks_dir
        The English notebooks' folder; by default the project's ``notebooks/``.

    Returns
    -------
    list of Path

    """
    return sorted((_folder(notebooks_dir) / KOREAN_DIR).glob("[0-9][0-9]_*.ipynb"))


def scaffold(english: PathLike, korean: PathLike | None = None, *, overwrite: bool = False) -> Path:
    """Write the starting point of a translation: the English notebook with every cell fingerprinted.

    The translator then rewrites each markdown cell in Korean and adds ``lang="ko"`` where a code cell
    draws a chart, a map or checks an answer. Until then, :func:`compare_notebooks` reports every markdown
    cell as untranslated.

    Parameters
    ----------
    english
        The English notebook.
    korean
        Where to write; by default :func:`korean_path` of ``english``.
    overwrite
        Replace an existing Korean notebook (its translation is lost).

    Returns
    -------
    Path
        The Korean notebook written.

    Raises
    ------
    KoreaNotesError
        If the Korean notebook exists and ``overwrite`` is false.

    """
    target = Path(korean) if korean is not None else korean_path(english)
    if target.exists() and not overwrite:
        raise KoreaNotesError("the Korean notebook exists; its translation would be lost", file=str(target),
                              hint="revise it by hand, or pass overwrite=True to start again")
    nb = nbformat.read(str(english), as_version=4)
    for cell in nb.cells:
        cell.metadata.setdefault("korea_notes", {})[METADATA_KEY] = fingerprint(cell)
    nb.metadata.setdefault("korea_notes", {})["lang"] = "ko"
    target.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(target, nbformat.writes(nb) + "\n")
    return target


def mark_current(korean: PathLike, cell_ids: Iterable[str], *, english: PathLike | None = None) -> list[str]:
    """Record that the given Korean cells now translate the current English cells.

    Run it after revising the Korean text of a cell whose English changed; it rewrites only those
    cells' fingerprints.

    Parameters
    ----------
    korean
        The Korean notebook.
    cell_ids
        The ids of the cells revised (as :func:`compare_notebooks` names them).
    english
        The English twin; by default the notebook of the same name one folder up.

    Returns
    -------
    list of str
        The cell ids updated.

    Raises
    ------
    KoreaNotesError
        If a cell id is not in both notebooks.

    """
    korean = Path(korean)
    english = Path(english) if english is not None else korean.parent.parent / korean.name
    ko_nb = nbformat.read(str(korean), as_version=4)
    en_cells = {cell.get("id"): cell for cell in nbformat.read(str(english), as_version=4).cells}
    ko_cells = {cell.get("id"): cell for cell in ko_nb.cells}
    updated = []
    for cell_id in cell_ids:
        if cell_id not in en_cells or cell_id not in ko_cells:
            raise KoreaNotesError(f"no cell {cell_id!r} in both editions", file=str(korean),
                                  hint="use the cell ids that `korea-notes translations` prints")
        ko_cells[cell_id].metadata.setdefault("korea_notes", {})[METADATA_KEY] = fingerprint(en_cells[cell_id])
        updated.append(cell_id)
    write_text_atomic(korean, nbformat.writes(ko_nb) + "\n")
    return updated


def compare_notebooks(english: PathLike, korean: PathLike) -> list[TranslationProblem]:
    """Return every way the Korean notebook is out of step with its English twin (empty when in step).

    Parameters
    ----------
    english
        The English notebook.
    korean
        Its Korean twin.

    Returns
    -------
    list of TranslationProblem
        Each names the notebook, the cell (its id and, for English text, its first words) and the problem.

    """
    name = Path(korean).name
    if not Path(korean).exists():
        return [TranslationProblem(name, "-", "missing", f"no Korean notebook {Path(korean)}; "
                                   "start one with `korea-notes translations --scaffold`")]
    en_cells = nbformat.read(str(english), as_version=4).cells
    ko_cells = nbformat.read(str(korean), as_version=4).cells
    problems = list(_structure_problems(name, en_cells, ko_cells))
    ko_by_id = {cell.get("id"): cell for cell in ko_cells}
    for en_cell in en_cells:
        ko_cell = ko_by_id.get(en_cell.get("id"))
        if ko_cell is None or ko_cell.cell_type != en_cell.cell_type:
            continue
        problems.extend(_cell_problems(name, en_cell, ko_cell))
    return problems


def compare_editions(notebooks_dir: PathLike = None) -> list[TranslationProblem]:
    """Compare every English notebook with its Korean twin, and flag Korean notebooks with no twin.

    Parameters
    ----------
    notebooks_dir
        The English notebooks' folder; by default the project's ``notebooks/``.

    Returns
    -------
    list of TranslationProblem
        Empty when the two editions are in step.

    """
    english = english_notebooks(notebooks_dir)
    problems: list[TranslationProblem] = []
    for path in english:
        problems.extend(compare_notebooks(path, korean_path(path)))
    names = {path.name for path in english}
    for path in korean_notebooks(notebooks_dir):
        if path.name not in names:
            problems.append(TranslationProblem(path.name, "-", "orphan", "no English notebook of this name"))
    return problems


def exercise_ids(cells: Sequence[Any]) -> list[str]:
    """Return the exercise ids a notebook's code cells check (``kn.exercises.check("05.1", …)``), in order.

    Parameters
    ----------
    cells
        The notebook's cells.

    Returns
    -------
    list of str

    """
    ids = []
    for cell in cells:
        if cell.cell_type == "code":
            ids.extend(re.findall(r"exercises\.check\(\s*[\"']([0-9]{2}\.[0-9]+)[\"']", cell.source))
    return ids


def report_text(problems: Sequence[TranslationProblem]) -> str:
    """Return the problems as lines for a person, grouped by kind, or a line saying all is in step.

    Parameters
    ----------
    problems
        As :func:`compare_editions` returns them.

    Returns
    -------
    str

    """
    if not problems:
        return "The Korean edition is in step with the English: no stale, untranslated or drifted cell."
    lines = [f"{len(problems)} problem(s) between the editions:"]
    lines.extend(f"- {problem}" for problem in problems)
    stale = sorted({(p.notebook, p.cell) for p in problems if p.kind == "stale"})
    if stale:
        lines.append("Revise each stale cell's Korean text, then record it with: korea-notes translations "
                     "--mark-current notebooks/ko/<notebook> <cell id> …")
    return "\n".join(lines)


def _folder(notebooks_dir: PathLike) -> Path:
    if notebooks_dir is not None:
        return Path(notebooks_dir)
    here = Path.cwd() / "notebooks"
    return here if here.is_dir() else Path(__file__).resolve().parents[2] / "notebooks"


# --- what is compared -------------------------------------------------------------------------------------


def _structure_problems(name: str, en_cells: Sequence[Any], ko_cells: Sequence[Any]) -> Iterator[TranslationProblem]:
    en_ids = [cell.get("id") for cell in en_cells]
    ko_ids = [cell.get("id") for cell in ko_cells]
    for cell_id in en_ids:
        if cell_id not in ko_ids:
            first = _first_words(en_cells[en_ids.index(cell_id)])
            yield TranslationProblem(name, cell_id, "missing cell", f"English cell not in the Korean edition ({first})")
    for cell_id in ko_ids:
        if cell_id not in en_ids:
            yield TranslationProblem(name, cell_id, "extra cell", "Korean cell with no English twin")
    common_en = [i for i in en_ids if i in ko_ids]
    common_ko = [i for i in ko_ids if i in en_ids]
    if common_en != common_ko:
        moved = next(a for a, b in zip(common_en, common_ko, strict=True) if a != b)
        yield TranslationProblem(name, moved, "order", "the cells are in another order than in the English")
    en_ex, ko_ex = exercise_ids(en_cells), exercise_ids(ko_cells)
    if en_ex != ko_ex:
        only_en = sorted(set(en_ex) - set(ko_ex))
        only_ko = sorted(set(ko_ex) - set(en_ex))
        yield TranslationProblem(name, "-", "exercises", f"English checks {en_ex}, Korean checks {ko_ex}"
                                 + (f"; only in English: {only_en}" if only_en else "")
                                 + (f"; only in Korean: {only_ko}" if only_ko else ""))


def _cell_problems(name: str, en_cell: Any, ko_cell: Any) -> Iterator[TranslationProblem]:
    cell_id = en_cell.get("id")
    recorded = ko_cell.metadata.get("korea_notes", {}).get(METADATA_KEY)
    if recorded is None:
        yield TranslationProblem(name, cell_id, "no fingerprint",
                                 "the Korean cell does not record which English text it translates")
    elif recorded != fingerprint(en_cell):
        yield TranslationProblem(name, cell_id, "stale",
                                 f"the English cell changed after it was translated ({_first_words(en_cell)})")
    if en_cell.metadata.get("tags", []) != ko_cell.metadata.get("tags", []):
        yield TranslationProblem(name, cell_id, "tags", f"English tags {en_cell.metadata.get('tags', [])}, "
                                 f"Korean {ko_cell.metadata.get('tags', [])}")
    if en_cell.cell_type == "markdown":
        # The English quotes Korean names in Hangul, so a translation must add Hangul, not merely have some.
        if _LATIN_WORD.search(en_cell.source) and (len(HANGUL.findall(ko_cell.source))
                                                   <= len(HANGUL.findall(en_cell.source))):
            yield TranslationProblem(name, cell_id, "untranslated",
                                     f"no more Hangul in the Korean cell than in the English ({_first_words(en_cell)})")
    elif en_cell.cell_type == "code":
        detail = code_difference(en_cell.source, ko_cell.source)
        if detail:
            yield TranslationProblem(name, cell_id, "code drift", detail)


def code_difference(english: str, korean: str) -> str | None:
    """Say how a Korean code cell differs from its English twin beyond the allowed changes, or return None.

    Parameters
    ----------
    english, korean
        The two cells' source.

    Returns
    -------
    str or None
        The first difference found, in words; None if the cells differ only in allowed ways (comments,
        ``lang`` arguments, Korean column names, prose strings translated into Korean).

    Examples
    --------
    >>> code_difference('ax = kn.charts.agenda_durations()  # bars',
    ...                 'ax = kn.charts.agenda_durations(lang="ko")  # 막대')
    >>> code_difference('t = "The line"', 't = "군사분계선"')
    >>> code_difference('x = events["summary"]', 'x = events["summary_ko"]')
    >>> code_difference('n = 2 * w', 'n = 3 * w')
    'the code differs: English `n = 2 * w`, Korean `n = 3 * w`'

    """
    try:
        en_tree, ko_tree = ast.parse(english), ast.parse(korean)
    except SyntaxError as error:
        return f"cannot be read as Python ({error.msg}, line {error.lineno})"
    en_strings, ko_strings = _strip(en_tree), _strip(ko_tree)
    if ast.dump(en_tree) != ast.dump(ko_tree):
        return f"the code differs: {_first_difference(english, korean)}"
    for (en_text, en_is_id), (ko_text, _) in zip(en_strings, ko_strings, strict=True):
        if en_text == ko_text or ko_text == en_text + "_ko":
            continue
        if en_is_id:
            return f"an id changed: English {en_text!r}, Korean {ko_text!r} (ids stay as they are)"
        if not HANGUL.search(ko_text):
            return (f"a string changed without becoming Korean: English {en_text!r}, Korean {ko_text!r} "
                    "(only a Korean translation or the `_ko` column may replace it)")
    return None


def _strip(tree: ast.AST) -> list[tuple[str, bool]]:
    """Remove ``lang=`` arguments and blank out strings in ``tree``; return the strings in order.

    Each string comes with whether it is an id (the first argument of ``check``, ``load_dataset`` …).
    An f-string counts as one string: its literal text joined with ``{}`` for each placeholder, so the
    placeholders' expressions are still compared.
    """
    strings: list[tuple[str, bool]] = []
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            node.keywords = [kw for kw in node.keywords if kw.arg != "lang"]
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in _ID_CALLS and node.args and isinstance(node.args[0], ast.Constant):
                ids.add(id(node.args[0]))
    in_fstrings = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts = [v.value if isinstance(v, ast.Constant) else "{}" for v in node.values]
            strings.append(("".join(str(p) for p in parts), False))
            node.values = [v for v in node.values if not isinstance(v, ast.Constant)]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in in_fstrings:
            strings.append((node.value, id(node) in ids))
            node.value = ""
    return strings


def _first_difference(english: str, korean: str) -> str:
    en_lines = [line.split("#")[0].strip() for line in english.splitlines() if line.split("#")[0].strip()]
    ko_lines = [line.split("#")[0].strip() for line in korean.splitlines() if line.split("#")[0].strip()]
    for en_line, ko_line in zip(en_lines, ko_lines, strict=False):
        if re.sub(r",?\s*lang=\"(en|ko)\"", "", en_line) != re.sub(r",?\s*lang=\"(en|ko)\"", "", ko_line):
            return f"English `{en_line}`, Korean `{ko_line}`"
    return f"English has {len(en_lines)} code line(s), Korean {len(ko_lines)}"


def _first_words(cell: Any, limit: int = 60) -> str:
    text = " ".join(cell.source.split())
    return f"English: {text[:limit]!r}" + ("…" if len(text) > limit else "")


def problems_as_json(problems: Sequence[TranslationProblem]) -> str:
    """Return the problems as JSON (a list of objects with notebook, cell, kind and detail).

    Parameters
    ----------
    problems
        As :func:`compare_editions` returns them.

    Returns
    -------
    str

    """
    return json.dumps([problem.__dict__ for problem in problems], ensure_ascii=False, indent=1)
