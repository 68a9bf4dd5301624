"""How many events of each category the collection records in each phase: a stacked bar chart."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from ..datasets import load_dataset
from ..i18n import check_lang
from ._base import PathLike, get_ax, plural
from .alt_text import set_description
from .selection import event_categories, phase_ids, select_events
from .styles import CATEGORY_HATCHES, INK, category_colour


def events_per_phase_table(
    events: pd.DataFrame | None = None,
    *,
    category: str | Iterable[str] | None = None,
    data_dir: PathLike = None,
    lang: str = "en",
) -> pd.DataFrame:
    """Count events per phase and category.

    Parameters
    ----------
    events
        An events table; None loads all events.
    category
        A category or a list of them; None for all.
    data_dir
        A data folder; by default the collection's own.
    lang
        ``"en"`` (English, the default) or ``"ko"`` (Korean, 한국어).

    Returns
    -------
    pandas.DataFrame
        One row per phase (all phases, in story order, indexed by phase id), one column per category
        present, integer counts.

    Raises
    ------
    KoreaNotesError
        If a category is unknown or no events match.

    Examples
    --------
    >>> table = events_per_phase_table()
    >>> int(table.to_numpy().sum()) == len(load_dataset("events"))
    True

    """
    check_lang(lang)
    chosen = select_events(events, category=category, data_dir=data_dir)
    phases = phase_ids(data_dir)
    cats = [c for c in event_categories(data_dir) if c in set(chosen["category"].astype(str))]
    counts = pd.crosstab(chosen["phase"].astype(str), chosen["category"].astype(str))
    return (
        counts.reindex(index=phases, columns=cats, fill_value=0)
        .astype("int64")
        .rename_axis(index="phase", columns="category")
    )


def events_per_phase(
    ax: Axes | None = None,
    *,
    events: pd.DataFrame | None = None,
    category: str | Iterable[str] | None = None,
    data_dir: PathLike = None,
    lang: str = "en",
) -> Axes:
    """Draw the number of events per phase as horizontal bars stacked by category.

    The counts say what this collection records, not how much happened: a teaching prompt for source
    criticism as much as a summary.

    Parameters
    ----------
    ax
        The Axes to draw on; None makes a new figure.
    events
        An events table; None loads all events.
    category
        A category or a list of them; None for all.
    data_dir
        A data folder; by default the collection's own.
    lang
        ``"en"`` (English, the default) or ``"ko"`` (Korean, 한국어).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes, described for :func:`~korea_notes.charts.describe`.

    Raises
    ------
    KoreaNotesError
        If ``ax`` is not an Axes, a category is unknown, or no events match.

    Examples
    --------
    >>> ax = events_per_phase()
    >>> ax.get_xlabel()
    'Number of events in this collection'

    """
    check_lang(lang)
    ax = get_ax(ax, (9, 4.8))
    table = events_per_phase_table(events, category=category, data_dir=data_dir)
    phases = load_dataset("phases", data_dir=data_dir).set_index("id")
    labels = [_phase_label(phases.loc[p]) for p in table.index]
    left = pd.Series(0, index=table.index, dtype="int64")
    handles = []
    for cat in table.columns:
        colour = category_colour(cat)
        ax.barh(
            labels,
            table[cat],
            left=left,
            height=0.65,
            color=colour,
            edgecolor=INK,
            linewidth=0.5,
            hatch=CATEGORY_HATCHES[cat],
            gid=f"category:{cat}",
        )
        handles.append(
            Patch(
                facecolor=colour,
                edgecolor=INK,
                linewidth=0.5,
                hatch=CATEGORY_HATCHES[cat],
                label=cat.capitalize(),
            )
        )
        left = left + table[cat]
    totals = table.sum(axis=1)
    for y, total in enumerate(totals):
        ax.text(total, y, f" {total}", va="center", ha="left", fontsize=8, color=INK)
    ax.invert_yaxis()
    ax.set_xlim(0, max(int(totals.max()), 1) * 1.12)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("Number of events in this collection")
    ax.set_title("Events per phase, by category")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    ax.legend(
        handles=handles,
        title="Category",
        loc="lower right",
        fontsize=8,
        title_fontsize=8,
        frameon=True,
        framealpha=0.9,
    )
    return set_description(ax, _describe(table, phases))


def _phase_label(phase: pd.Series) -> str:
    start, end = phase["start"], phase["end"]
    years = (
        f"{start:%Y}"
        if not pd.isna(end) and end.year == start.year
        else f"{start:%Y}–{'' if pd.isna(end) else f'{end:%Y}'}"
    )
    return f"{phase['title']} ({years})"


def _describe(table: pd.DataFrame, phases: pd.DataFrame) -> str:
    totals = table.sum(axis=1)
    by_cat = table.sum(axis=0)
    listing = "; ".join(f"{phases.loc[p, 'title']}: {int(n)}" for p, n in totals.items())
    top_phase = totals.idxmax()
    top_cat = by_cat.idxmax()
    text = (
        f"Stacked horizontal bar chart of the {plural(int(totals.sum()), 'event')} in this collection, "
        f"one bar per phase in story order, split by category ({', '.join(table.columns)}), "
        f"each with its own colour and hatch pattern. Events per phase: {listing}. "
        "The phase with the most events is "
        f"{phases.loc[top_phase, 'title']} ({int(totals[top_phase])}); the most frequent category overall is "
        f"{top_cat} ({int(by_cat[top_cat])})."
    )
    empty = [str(phases.loc[p, "title"]) for p, n in totals.items() if n == 0]
    if empty:
        text += f" No events are recorded for: {', '.join(empty)}."
    return text + " The counts reflect what the collection selected, not how much happened."
