"""Plan a course from the notebooks' own metadata.

Every notebook carries, in its notebook-level metadata::

    "korea_notes": {
        "teaching_minutes": 30,        # narrative, maps and charts, taught or read
        "exercise_minutes": 20,        # the exercises and discussion
        "level": "introductory",       # "introductory", "intermediate" or "advanced"
        "prerequisites": ["00"]        # numbers of the notebooks to do first
    }

In JupyterLab: Property Inspector (the gear icon) → Advanced tools → Notebook metadata.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd

from ..errors import KoreaNotesError

METADATA_KEY = "korea_notes"
LEVELS = ("introductory", "intermediate", "advanced")
COLUMNS = ["notebook", "title", "teaching_minutes", "exercise_minutes", "total_minutes", "level",
           "prerequisites"]


def _title(nb: nbformat.NotebookNode) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


def notebook_title(path: str | os.PathLike[str]) -> str:
    """Return a notebook's title: its first level-1 Markdown heading, without the ``#``.

    Parameters
    ----------
    path
        A notebook file.

    Returns
    -------
    str
        The title, or the file's stem if the notebook has no ``# `` heading.

    """
    return _title(nbformat.read(Path(path), as_version=4)) or Path(path).stem


def direct_prerequisites(prerequisites: dict[str, list[str]]) -> dict[str, list[str]]:
    """Keep, for each notebook, only the prerequisites that no other prerequisite of it already requires.

    Notebooks are matched by their two-digit number, so ``"04"`` and ``"04_deadlocks"`` name the same one.

    Parameters
    ----------
    prerequisites
        Notebook (stem or number) -> the notebooks listed as its prerequisites.

    Returns
    -------
    dict
        The same keys, each with its direct prerequisites, in the listed order.

    Examples
    --------
    >>> direct_prerequisites({"00": [], "01": ["00"], "02": ["00", "01"]})
    {'00': [], '01': ['00'], '02': ['01']}

    """
    listed = {key[:2]: [p[:2] for p in values] for key, values in prerequisites.items()}
    memo: dict[str, set[str]] = {}

    def ancestors(number: str, seen: frozenset[str] = frozenset()) -> set[str]:
        if number not in memo:
            found: set[str] = set()
            for parent in listed.get(number, []):
                if parent not in seen:
                    found |= {parent} | ancestors(parent, seen | {number})
            memo[number] = found
        return memo[number]

    direct = {}
    for key, values in prerequisites.items():
        numbers = [p[:2] for p in values]
        direct[key] = [p for p, n in zip(values, numbers, strict=True)
                       if not any(n in ancestors(other) for other in numbers if other != n)]
    return direct


def read_course_metadata(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read and check one notebook's ``korea_notes`` metadata.

    Parameters
    ----------
    path
        A notebook file.

    Returns
    -------
    dict
        ``notebook`` (file stem), ``title`` (first ``# `` heading) and the four metadata fields.

    Raises
    ------
    KoreaNotesError
        If the metadata is missing or a field has the wrong type (the message names the file).

    """
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    meta = nb.metadata.get(METADATA_KEY)
    example = ('"korea_notes": {"teaching_minutes": 30, "exercise_minutes": 20, "level": "introductory", '
               '"prerequisites": ["00"]}')
    if not isinstance(meta, dict):
        raise KoreaNotesError("the notebook metadata has no 'korea_notes' entry", file=path.name,
                              hint=f"add {example}")
    for key in ("teaching_minutes", "exercise_minutes"):
        value = meta.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise KoreaNotesError(f"korea_notes.{key} must be a whole number of minutes, not {value!r}",
                                  file=path.name, hint=f"expected {example}")
    if meta.get("level") not in LEVELS:
        raise KoreaNotesError(f"korea_notes.level must be one of {list(LEVELS)}, not {meta.get('level')!r}",
                              file=path.name)
    prereqs = meta.get("prerequisites", [])
    if not isinstance(prereqs, list) or not all(isinstance(p, str) for p in prereqs):
        raise KoreaNotesError(
            f"korea_notes.prerequisites must be a list of notebook numbers, not {prereqs!r}", file=path.name)
    return {
        "notebook": path.stem,
        "title": _title(nb),
        "teaching_minutes": meta["teaching_minutes"],
        "exercise_minutes": meta["exercise_minutes"],
        "level": meta["level"],
        "prerequisites": list(prereqs),
    }


def course_plan(notebooks_dir: str | os.PathLike[str], *, session_minutes: int | None = None) -> pd.DataFrame:
    """Return the course plan: one row per notebook with its minutes, level and prerequisites.

    Parameters
    ----------
    notebooks_dir
        The folder of notebooks (``notebooks``).
    session_minutes
        If given, notebooks are grouped in order into sessions of at most this many minutes (a
        longer notebook gets a session of its own), and a ``session`` column numbers them from 1.

    Returns
    -------
    pandas.DataFrame
        Columns ``notebook``, ``title``, ``teaching_minutes``, ``exercise_minutes``, ``total_minutes``,
        ``level``, ``prerequisites`` (comma-separated; only the direct ones, since a prerequisite's own
        prerequisites are implied), and ``session`` if asked for.

    Raises
    ------
    KoreaNotesError
        If there are no notebooks or one lacks valid metadata.

    """
    folder = Path(notebooks_dir)
    paths = sorted(p for p in folder.glob("*.ipynb") if p.is_file())
    if not paths:
        raise KoreaNotesError(f"no notebooks (*.ipynb) in {folder}")
    rows = [read_course_metadata(p) for p in paths]
    direct = direct_prerequisites({row["notebook"]: row["prerequisites"] for row in rows})
    for row in rows:
        row["prerequisites"] = direct[row["notebook"]]
        row["total_minutes"] = row["teaching_minutes"] + row["exercise_minutes"]
        row["prerequisites"] = ", ".join(row["prerequisites"])
    plan = pd.DataFrame(rows, columns=COLUMNS)
    if session_minutes is not None:
        if session_minutes <= 0:
            raise KoreaNotesError(f"`session_minutes` must be positive, not {session_minutes!r}")
        sessions, session, used = [], 1, 0
        for minutes in plan["total_minutes"]:
            if used and used + minutes > session_minutes:
                session, used = session + 1, 0
            sessions.append(session)
            used += minutes
        plan["session"] = sessions
    return plan


def to_markdown(frame: pd.DataFrame) -> str:
    r"""Format a small DataFrame as a Markdown table (no extra dependency).

    Parameters
    ----------
    frame
        The table.

    Returns
    -------
    str
        Markdown, one line per row, with a total line when minutes columns are present.

    Examples
    --------
    >>> print(to_markdown(pd.DataFrame({"a": [1], "b": ["x|y"]})))
    | a | b |
    |---|---|
    | 1 | x\|y |

    """
    def cell(value: Any) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(c) for c in frame.columns) + " |",
             "|" + "|".join("---" for _ in frame.columns) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join(lines)
