"""How many events of each category the collection records in each phase: a stacked bar chart."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from ..datasets import load_dataset
from ..i18n import check_lang
from ._base import PathLike, get_ax, local_text, plural
from .alt_text import set_description
from .selection import event_categories, phase_ids, select_events
from .styles import CATEGORY_HATCHES, INK, category_colour, category_label


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
    labels = [_phase_label(phases.loc[p], lang) for p in table.index]
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
                label=category_label(cat, lang),
            )
        )
        left = left + table[cat]
    totals = table.sum(axis=1)
    for y, total in enumerate(totals):
        ax.text(total, y, f" {total}", va="center", ha="left", fontsize=8, color=INK)
    ax.invert_yaxis()
    ax.set_xlim(0, max(int(totals.max()), 1) * 1.12)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ko = lang == "ko"
    ax.set_xlabel("이 자료 모음에 수록된 사건 수" if ko else "Number of events in this collection")
    ax.set_title("시기별·분야별 사건 수" if ko else "Events per phase, by category")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    ax.legend(
        handles=handles,
        title="분야" if ko else "Category",
        loc="best",  # where it covers the fewest bars (the longest bars move as the data grow)
        fontsize=8,
        title_fontsize=8,
        frameon=True,
        framealpha=0.9,
    )
    if ko:
        return set_description(ax, _describe_ko(table, phases), lang="ko")
    return set_description(ax, _describe(table, phases))


def _phase_label(phase: pd.Series, lang: str = "en") -> str:
    start, end = phase["start"], phase["end"]
    if lang == "ko":
        years = (
            f"{start.year}년"
            if not pd.isna(end) and end.year == start.year
            else f"{start.year}년~" if pd.isna(end) else f"{start.year}~{end.year}년"
        )
        return f"{local_text(phase, 'title', 'ko')} ({years})"
    years = (
        f"{start:%Y}"
        if not pd.isna(end) and end.year == start.year
        else f"{start:%Y}–{'' if pd.isna(end) else f'{end:%Y}'}"
    )
    return f"{phase['title']} ({years})"


def _describe_ko(table: pd.DataFrame, phases: pd.DataFrame) -> str:
    totals = table.sum(axis=1)
    by_cat = table.sum(axis=0)

    def title(phase: str) -> str:
        return local_text(phases.loc[phase], "title", "ko")

    listing = "; ".join(f"{title(p)} {int(n)}건" for p, n in totals.items())
    top_phase = totals.idxmax()
    top_cat = by_cat.idxmax()
    text = (
        f"이 자료 모음에 수록된 사건 {int(totals.sum())}건을 시기별로 나타낸 누적 가로 막대 차트이다. 막대는 "
        f"시기 순서대로 하나씩이며 분야별({', '.join(category_label(c, 'ko') for c in table.columns)})로 나뉘고, "
        f"분야마다 색과 무늬가 다르다. 시기별 사건 수: {listing}. 사건이 가장 많은 시기는 "
        f"{title(top_phase)}({int(totals[top_phase])}건)이고, 전체에서 가장 많은 분야는 "
        f"{category_label(top_cat, 'ko')}({int(by_cat[top_cat])}건)이다."
    )
    empty = [title(p) for p, n in totals.items() if n == 0]
    if empty:
        text += f" 사건이 기록되지 않은 시기: {', '.join(empty)}."
    return text + (
        " 이 수치는 자료 모음이 무엇을 골라 실었는지를 보여 줄 뿐, "
        "실제로 일이 얼마나 많이 일어났는지를 보여 주지는 않는다."
    )


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
