"""Family reunion rounds between the two Koreas, counted per year."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..datasets import load_dataset
from ..errors import KoreaNotesError
from ._base import PathLike, date_num, get_ax, plural
from .alt_text import set_description
from .styles import INK, LINE_STYLES, category_colour

#: Reunion rounds are humanitarian events whose id starts with this.
REUNION_PREFIX = "family_"
#: Inter-Korean summits, drawn for context, are events whose id starts with this.
SUMMIT_PREFIX = "summit_"


def reunion_rounds(data_dir: PathLike = None) -> pd.DataFrame:
    """Return the family-reunion events: category ``humanitarian``, id starting with ``family_``.

    Parameters
    ----------
    data_dir
        A data folder; by default the collection's own.

    Returns
    -------
    pandas.DataFrame
        The matching rows of the events table, in date order (possibly empty).
    """
    events = load_dataset("events", data_dir=data_dir)
    keep = (events["category"].astype(str) == "humanitarian") & events["id"].str.startswith(REUNION_PREFIX)
    return events.loc[keep].sort_values(["date", "id"]).reset_index(drop=True)


def reunions_per_year(data_dir: PathLike = None) -> pd.Series:
    """Count family-reunion rounds per year, over every year from the first round to the last.

    Parameters
    ----------
    data_dir
        A data folder; by default the collection's own.

    Returns
    -------
    pandas.Series
        Integer counts indexed by year (years without rounds count 0); empty when there are no rounds.
    """
    rounds = reunion_rounds(data_dir)
    if rounds.empty:
        return pd.Series([], dtype="int64", name="rounds").rename_axis("year")
    years = rounds["date"].dt.year
    index = range(int(years.min()), int(years.max()) + 1)
    return years.value_counts().reindex(index, fill_value=0).astype("int64").rename("rounds").rename_axis("year")


def reunion_timeline(ax: Axes | None = None, *, data_dir: PathLike = None, summits: bool = True) -> Axes:
    """Draw the number of family-reunion rounds per year, with inter-Korean summits for context.

    Parameters
    ----------
    ax
        The Axes to draw on; None makes a new figure.
    data_dir
        A data folder; by default the collection's own.
    summits
        Mark events whose id starts with ``summit_`` with labelled dashed lines.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes, described for :func:`~korea_notes.charts.describe`.

    Raises
    ------
    KoreaNotesError
        If ``ax`` is not an Axes, or the events table holds no reunion rounds.

    Examples
    --------
    >>> ax = reunion_timeline()
    >>> ax.get_ylabel()
    'Reunion rounds'
    """
    counts = reunions_per_year(data_dir)
    if counts.empty:
        raise KoreaNotesError(
            f"no family-reunion events (category 'humanitarian', id starting with {REUNION_PREFIX!r})",
            file="events.csv",
        )
    ax = get_ax(ax, (10, 3.6))
    years = counts.index.to_numpy()
    bars = ax.bar(years, counts.to_numpy(), width=0.8, color=category_colour("humanitarian"), edgecolor=INK,
                  linewidth=0.6, gid="reunions")
    ax.bar_label(bars, labels=[str(n) if n else "" for n in counts], padding=2, fontsize=8, color=INK)
    top = int(counts.max())
    ax.set_ylim(0, top * 1.35 + 0.5)
    ax.set_xlim(years.min() - 1.5, years.max() + 1.5)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_ylabel("Reunion rounds")
    ax.set_xlabel("Year")
    ax.set_title("Family reunion rounds per year")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    marked = []
    if summits:
        events = load_dataset("events", data_dir=data_dir)
        context = events[events["id"].str.startswith(SUMMIT_PREFIX)].sort_values("date")
        context = context[(context["date"].dt.year >= years.min() - 1) & (context["date"].dt.year <= years.max() + 1)]
        for n, row in enumerate(context.itertuples()):
            x = row.date.year + (row.date.dayofyear - 1) / 366 - 0.5  # a year's bar spans year-0.4..year+0.4
            ax.axvline(x, color=INK, linestyle=LINE_STYLES[1], linewidth=1, zorder=1, gid=f"summit:{row.id}")
            ax.text(x, 0.98 - 0.09 * (n % 2), f" {row.title}", transform=ax.get_xaxis_transform(), fontsize=7.5,
                    va="top", ha="left", color=INK)
            marked.append(row)
    return set_description(ax, _describe(counts, marked))


def _describe(counts: pd.Series, marked: list) -> str:
    active = counts[counts > 0]
    top_year = int(counts.idxmax())
    zero_runs = _longest_zero_run(counts)
    text = (f"Bar chart of family-reunion rounds between the two Koreas recorded in this collection, per year from "
            f"{counts.index.min()} to {counts.index.max()}: {plural(int(counts.sum()), 'round')} in "
            f"{plural(len(active), 'year')}. The busiest year is {top_year} ({plural(int(counts.max()), 'round')}).")
    if zero_runs is not None:
        first, last = zero_runs
        text += f" The longest stretch without a round runs from {first} to {last} ({plural(last - first + 1, 'year')})."
    if marked:
        text += " Dashed lines mark inter-Korean summits: " + "; ".join(
            f"{r.title} ({r.date:%Y})" for r in marked) + "."
    return text


def _longest_zero_run(counts: pd.Series) -> tuple[int, int] | None:
    best: tuple[int, int] | None = None
    run_start = None
    for year, n in counts.items():
        if n == 0 and run_start is None:
            run_start = year
        if n != 0 and run_start is not None:
            if best is None or (year - 1 - run_start) > (best[1] - best[0]):
                best = (int(run_start), int(year - 1))
            run_start = None
    return best


_ = (np, date_num)
