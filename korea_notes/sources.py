"""Turn source keys into readable citations for notebooks and captions.

Links point to the publisher's own copy of a document wherever one exists. When a source could only be read
in a copy on someone else's site, its ``note`` in ``sources.csv`` begins with :data:`MIRROR_NOTE`, and
citations say so.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .datasets import PathLike, load_dataset
from .errors import KoreaNotesError

MIRROR_NOTE = "Mirror copy:"
"""How the ``note`` of a source whose ``url`` is a copy on someone else's site begins."""


def is_mirror(note: object) -> bool:
    """Return whether a source's ``note`` marks its link as a mirror copy.

    Parameters
    ----------
    note
        The ``note`` cell (text, or missing).

    Returns
    -------
    bool
        True when the note begins with :data:`MIRROR_NOTE`.

    Examples
    --------
    >>> is_mirror("Mirror copy: a text copy of the article.")
    True
    >>> is_mirror(None)
    False

    """
    return isinstance(note, str) and note.startswith(MIRROR_NOTE)


def _split(keys: str | Iterable[str]) -> list[str]:
    items = keys.split(";") if isinstance(keys, str) else list(keys)
    out: list[str] = []
    for item in items:
        for part in str(item).split(";"):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return out


def cite(keys: str | Iterable[str], *, data_dir: PathLike = None) -> str:
    """Format sources as a Markdown list, one line per source.

    Parameters
    ----------
    keys
        Source keys: a ``;``-separated string as in the datasets' ``source`` column, or a list of them
        (each may itself hold ``;``-separated keys). Repeats are listed once.
    data_dir
        A data folder; by default the collection's own.

    Returns
    -------
    str
        Markdown such as ``- Wikipedia contributors, "Korean Armistice Agreement", Wikipedia, 2025. <url>``;
        a link to a copy on someone else's site is followed by ``(mirror copy)``.

    Raises
    ------
    KoreaNotesError
        If a key is not in the sources table.

    """
    table = load_dataset("sources", data_dir=data_dir).set_index("key")
    lines = []
    for key in _split(keys):
        if key not in table.index:
            raise KoreaNotesError(f"{key!r} is not a key in sources.csv")
        row = table.loc[key]
        parts = [str(row[c]) for c in ("author", "title", "publisher") if pd.notna(row[c])]
        if pd.notna(row["title"]):
            parts[parts.index(str(row["title"]))] = f"\u201c{row['title']}\u201d"
        if pd.notna(row["year"]):
            parts.append(str(row["year"]))
        text = ", ".join(parts)
        if pd.notna(row["url"]):
            text += f". <{row['url']}>"
            if is_mirror(row["note"]):
                text += " (mirror copy)"
        lines.append(f"- {text}")
    return "\n".join(lines)


def sources_of(frame: pd.DataFrame, column: str = "source") -> list[str]:
    """Return the distinct source keys used by the rows of ``frame``, in first-use order.

    Parameters
    ----------
    frame
        Any of the collection's tables (or a selection of its rows).
    column
        The column holding ``;``-separated source keys.

    Returns
    -------
    list of str
        The keys.

    """
    return _split(frame[column].dropna().astype(str))
