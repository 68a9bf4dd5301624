"""How long each agenda item of the armistice talks stayed open: a table and a bar chart."""

from __future__ import annotations

from typing import Any

import pandas as pd
from matplotlib.axes import Axes

from ..datasets import load_dataset
from ..i18n import check_lang
from ._base import PathLike, day_label, get_ax, plural
from .alt_text import set_description
from .styles import INK, ITEM_COLOUR


def agenda_duration_table(data_dir: PathLike = None, *, lang: str = "en") -> pd.DataFrame:
    """Return the days from the opening of each agenda item to its approval.

    ``days`` is ``agreed - opened`` (so an item opened and agreed on the same day counts 0).

    Parameters
    ----------
    data_dir
        A data folder; by default the collection's own.
    lang
        ``"en"`` (English, the default) or ``"ko"`` (Korean, 한국어).

    Returns
    -------
    pandas.DataFrame
        Columns ``item``, ``title_short``, ``opened``, ``agreed``, ``days``, one row per item, in item
        order.

    Examples
    --------
    >>> table = agenda_duration_table()
    >>> list(table.columns)
    ['item', 'title_short', 'opened', 'agreed', 'days']
    >>> bool((table["days"] >= 0).all())
    True

    """
    check_lang(lang)
    items = load_dataset("agenda_items", data_dir=data_dir).sort_values("item").reset_index(drop=True)
    table = items[["item", "title_short", "opened", "agreed"]].copy()
    table["days"] = (table["agreed"] - table["opened"]).dt.days.astype("int64")
    return table


def approximate_items(data_dir: PathLike = None) -> list[int]:
    """Return the agenda items whose dates are not known to the day (``precision`` other than ``day``).

    Parameters
    ----------
    data_dir
        A data folder; by default the collection's own.

    Returns
    -------
    list of int
        Item numbers, ascending.

    """
    items = load_dataset("agenda_items", data_dir=data_dir)
    return sorted(int(i) for i, p in zip(items["item"], items["precision"].astype(str), strict=True) if p != "day")


def duration_finding(table: pd.DataFrame) -> str:
    """Say in a sentence which item took longest, compared with the others.

    Parameters
    ----------
    table
        The result of :func:`agenda_duration_table`.

    Returns
    -------
    str
        The main finding.

    """
    ordered = table.sort_values(["days", "item"], ascending=[False, True])
    top = ordered.iloc[0]
    others = ordered.iloc[1:]
    lead = (
        f"Item {top['item']}, {str(top['title_short']).lower()}, took {plural(int(top['days']), 'day')} "
        f"({day_label(top['opened'])} to {day_label(top['agreed'])})"
    )
    if others.empty:
        return lead + "."
    rest = int(others["days"].sum())
    if top["days"] > rest:
        return f"{lead}, longer than all the other items together ({plural(rest, 'day')})."
    runner = others.iloc[0]
    return (
        f"{lead}; the next longest, item {runner['item']} ({str(runner['title_short']).lower()}), "
        f"took {plural(int(runner['days']), 'day')}."
    )


def approximate_note(items: list[int]) -> str:
    """Say which items' dates are known only to the month or year (empty when none).

    Parameters
    ----------
    items
        Item numbers, from :func:`approximate_items`.

    Returns
    -------
    str
        A sentence starting with a space, or ``""``.

    Examples
    --------
    >>> approximate_note([3, 5])[:60]
    ' Items 3 and 5 have dates known only to the month or year (p'

    """
    if not items:
        return ""
    names = " and ".join([", ".join(map(str, items[:-1])), str(items[-1])]) if len(items) > 1 else str(items[0])
    many = len(items) > 1
    return (
        f" Item{'s' if many else ''} {names} {'have' if many else 'has'} dates known only to the month or "
        f"year (paler, dashed bars), so {'their counts are' if many else 'its count is'} approximate."
    )


def agenda_durations(
    ax: Axes | None = None, *, data_dir: PathLike = None, lang: str = "en", **bar_kwargs: Any
) -> Axes:
    """Draw the days each agenda item stayed open as labelled horizontal bars.

    Parameters
    ----------
    ax
        The Axes to draw on; None makes a new figure.
    data_dir
        A data folder; by default the collection's own.
    lang
        ``"en"`` (English, the default) or ``"ko"`` (Korean, 한국어).
    **bar_kwargs
        Passed on to :meth:`matplotlib.axes.Axes.barh` (e.g. ``color``).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes, described for :func:`~korea_notes.charts.describe`.

    Raises
    ------
    KoreaNotesError
        If ``ax`` is not an Axes.

    Examples
    --------
    >>> ax = agenda_durations()
    >>> len(ax.patches) == len(agenda_duration_table())
    True

    """
    check_lang(lang)
    ax = get_ax(ax, (7.5, 3.6))
    table = agenda_duration_table(data_dir)
    labels = [f"{item}. {title}" for item, title in zip(table["item"], table["title_short"], strict=True)]
    bar_kwargs.setdefault("color", ITEM_COLOUR)
    bar_kwargs.setdefault("edgecolor", INK)
    bars = ax.barh(labels, table["days"], height=0.6, **bar_kwargs)
    approx = approximate_items(data_dir)
    for bar, item in zip(bars, table["item"], strict=True):
        bar.set_gid(f"item:{item}")
        if item in approx:
            bar.set_alpha(0.55)
            bar.set_linestyle("--")
    ax.bar_label(
        bars,
        labels=[
            ("about " if i in approx else "") + plural(int(d), "day")
            for i, d in zip(table["item"], table["days"], strict=True)
        ],
        padding=4,
        color=INK,
    )
    ax.invert_yaxis()  # item 1 on top
    ax.set_xlim(0, table["days"].max() * 1.15 or 1)
    ax.set_xlabel("Days from the opening of the item to its approval in plenary")
    ax.set_title("How long each agenda item took")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    listing = "; ".join(
        f"item {row.item} ({row.title_short}): {plural(int(row.days), 'day')}" for row in table.itertuples()
    )
    finding = duration_finding(table)
    return set_description(
        ax,
        f"Horizontal bar chart of the days from the opening of each of the {len(table)} agenda items of the "
        f"armistice talks to its approval in plenary: {listing}. {finding}" + approximate_note(approx),
        finding=finding,
    )
