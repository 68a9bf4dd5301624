"""How long each agenda item of the armistice talks stayed open: a table and a bar chart."""

from __future__ import annotations

from typing import Any

import pandas as pd
from matplotlib.axes import Axes

from ..datasets import load_dataset
from ..palette import ROLES
from ._base import PathLike, day_label, get_ax, plural
from .alt_text import set_description
from .styles import INK


def agenda_duration_table(data_dir: PathLike = None) -> pd.DataFrame:
    """Return the days from the opening of each agenda item to its approval.

    ``days`` is ``agreed - opened`` (so an item opened and agreed on the same day counts 0).

    Parameters
    ----------
    data_dir
        A data folder; by default the collection's own.

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
    items = load_dataset("agenda_items", data_dir=data_dir).sort_values("item").reset_index(drop=True)
    table = items[["item", "title_short", "opened", "agreed"]].copy()
    table["days"] = (table["agreed"] - table["opened"]).dt.days.astype("int64")
    return table


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
    lead = (f"Item {top['item']}, {str(top['title_short']).lower()}, took {plural(int(top['days']), 'day')} "
            f"({day_label(top['opened'])} to {day_label(top['agreed'])})")
    if others.empty:
        return lead + "."
    rest = int(others["days"].sum())
    if top["days"] > rest:
        return f"{lead}, longer than all the other items together ({plural(rest, 'day')})."
    runner = others.iloc[0]
    return (f"{lead}; the next longest, item {runner['item']} ({str(runner['title_short']).lower()}), "
            f"took {plural(int(runner['days']), 'day')}.")


def agenda_durations(ax: Axes | None = None, *, data_dir: PathLike = None, **bar_kwargs: Any) -> Axes:
    """Draw the days each agenda item stayed open as labelled horizontal bars.

    Parameters
    ----------
    ax
        The Axes to draw on; None makes a new figure.
    data_dir
        A data folder; by default the collection's own.
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
    ax = get_ax(ax, (7.5, 3.6))
    table = agenda_duration_table(data_dir)
    labels = [f"{item}. {title}" for item, title in zip(table["item"], table["title_short"], strict=True)]
    bar_kwargs.setdefault("color", ROLES["negotiation_site"])
    bar_kwargs.setdefault("alpha", 0.75)
    bars = ax.barh(labels, table["days"], height=0.6, **bar_kwargs)
    ax.bar_label(bars, labels=[plural(int(d), "day") for d in table["days"]], padding=4, color=INK)
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
    return set_description(
        ax,
        f"Horizontal bar chart of the days from the opening of each of the {len(table)} agenda items of the "
        f"armistice talks to its approval in plenary: {listing}. {duration_finding(table)}",
    )
