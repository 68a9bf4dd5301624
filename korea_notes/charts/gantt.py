"""The armistice talks at a glance: agenda items as bars, periods of the talks behind, key events on top."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import blended_transform_factory

from ..datasets import load_dataset
from ..i18n import check_lang
from ._base import (
    ONE_DAY,
    PathLike,
    date_num,
    day_label,
    day_range_ko,
    format_date_axis,
    get_ax,
    legend_below,
    plural,
)
from .alt_text import set_description
from .durations import agenda_duration_table, approximate_items, approximate_note, short_titles
from .event_lines import draw_event_lines, event_label
from .selection import events_by_id
from .styles import (
    INK,
    ITEM_COLOUR,
    STATUS_ALPHA,
    STATUS_HATCHES,
    STATUS_LABELS,
    status_colour,
    status_label,
    venue_label,
)

#: Agenda items open fewer days than this also get a diamond marker, so they stay visible.
MIN_VISIBLE_DAYS = 8

#: The events :func:`negotiation_timeline` marks unless told otherwise.
KEY_EVENTS: tuple[str, ...] = (
    "stalin_death",
    "little_switch",
    "rhee_releases_prisoners",
    "armistice_signed",
)


def period_label(venue: str, status: str, lang: str = "en") -> str:
    """Return the short label written above a period of the talks.

    Parameters
    ----------
    venue
        ``negotiation_periods.venue``.
    status
        ``negotiation_periods.status``.
    lang
        ``"en"`` or ``"ko"``.

    Returns
    -------
    str
        The venue for sessions, otherwise the status.

    Examples
    --------
    >>> period_label("kaesong", "in_session"), period_label("none", "recess")
    ('Kaesong', 'Recess')
    >>> period_label("kaesong", "in_session", "ko"), period_label("none", "recess", "ko")
    ('개성', '휴회')

    """
    if lang == "ko":
        if status == "in_session" and venue not in ("", "none"):
            return venue_label(venue, "ko")
        return status_label(status, "ko").removeprefix("회담 ")
    if status == "in_session" and venue not in ("", "none"):
        return venue.replace("_", " ").title()
    return status.replace("_", " ").capitalize()


def draw_periods(ax: Axes, periods: pd.DataFrame, *, label: bool = True, lang: str = "en") -> list[Patch]:
    """Shade the periods of the talks behind a date axis, coloured and hatched by status.

    Each span runs from the period's first day to the end of its last day, so contiguous periods touch.

    Parameters
    ----------
    ax
        An Axes with dates on x.
    periods
        Rows of ``kn.load_dataset("negotiation_periods")``.
    label
        Write each period's venue or status above the plot, where it fits.
    lang
        ``"en"`` or ``"ko"``: the language of those labels and the legend entries.

    Returns
    -------
    list of matplotlib.patches.Patch
        One legend handle per status present, in the order of ``STATUS_LABELS``.

    """
    top = blended_transform_factory(ax.transData, ax.transAxes)
    for number, row in enumerate(periods.itertuples()):
        status = str(row.status)
        x0 = date_num(row.start)
        x1 = date_num(row.end) + ONE_DAY
        ax.axvspan(
            x0,
            x1,
            facecolor=(*_rgb(status_colour(status)), STATUS_ALPHA[status]),
            edgecolor=(*_rgb(status_colour(status)), 0.55),
            hatch=STATUS_HATCHES[status],
            linewidth=0,
            zorder=0,
            gid=f"period:{row.id}",
        )
        if label and (x1 - x0) >= 30:
            ax.text(
                (x0 + x1) / 2,
                0.985 - 0.055 * (number % 2),
                period_label(str(row.venue), status, lang),
                transform=top,
                ha="center",
                va="top",
                fontsize=8,
                color=INK,
                zorder=4,
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1},
            )
    present = {str(s) for s in periods["status"]}
    return [
        Patch(
            facecolor=(*_rgb(status_colour(s)), STATUS_ALPHA[s] + 0.1),
            edgecolor=(*_rgb(status_colour(s)), 0.7),
            hatch=STATUS_HATCHES[s],
            linewidth=0,
            label=status_label(s, lang),
        )
        for s in STATUS_LABELS
        if s in present
    ]


def negotiation_timeline(
    ax: Axes | None = None,
    *,
    data_dir: PathLike = None,
    events: Sequence[str] = KEY_EVENTS,
    periods: bool = True,
    legend: bool = True,
    lang: str = "en",
) -> Axes:
    """Draw the armistice talks as a Gantt chart: agenda items, periods of the talks and key events.

    One bar per agenda item runs from the day its discussion opened to the day the plenary approved it,
    labelled with its short title. Behind the bars, the periods of the talks are shaded by status
    (in session, suspended, in recess), each with its own hatch pattern so the chart reads in greyscale.
    Vertical lines, each with its own line style and a label, mark key events.

    Parameters
    ----------
    ax
        The Axes to draw on; None makes a new figure.
    data_dir
        A data folder; by default the collection's own.
    events
        Ids of the events to mark (``events.csv``); by default :data:`KEY_EVENTS`. Pass ``()`` for none.
    periods
        Shade the periods of the talks (``negotiation_periods.csv``).
    legend
        Add a legend below the chart.
    lang
        ``"en"`` (English, the default) or ``"ko"`` (Korean, 한국어).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes, described for :func:`~korea_notes.charts.describe`.

    Raises
    ------
    KoreaNotesError
        If ``ax`` is not an Axes, or an event id is not in the events table (the message names it).

    Examples
    --------
    >>> ax = negotiation_timeline()
    >>> len([p for p in ax.patches if str(p.get_gid()).startswith("item:")]) == len(agenda_duration_table())
    True

    """
    check_lang(lang)
    ax = get_ax(ax, (10, 5.8))
    items = agenda_duration_table(data_dir, lang=lang)
    marked = events_by_id(list(events), data_dir=data_dir) if len(events) else None
    table = load_dataset("negotiation_periods", data_dir=data_dir).sort_values("start")

    handles: list[Patch | Line2D] = []
    if periods:
        handles += draw_periods(ax, table, lang=lang)
    rows = list(range(len(items)))
    bars = ax.barh(
        rows,
        items["days"],
        left=date_num(items["opened"]),
        height=0.5,
        color=ITEM_COLOUR,
        edgecolor=INK,
        linewidth=0.8,
        zorder=2,
    )
    approx = approximate_items(data_dir)
    for row, bar, item in zip(rows, bars, items["item"], strict=True):
        bar.set_gid(f"item:{item}")
        if item in approx:
            bar.set_alpha(0.55)
            bar.set_linestyle("--")
        if bar.get_width() < MIN_VISIBLE_DAYS:  # too short to see as a bar: add a marker
            ax.plot(
                bar.get_x() + bar.get_width() / 2,
                row,
                marker="D",
                markersize=7,
                color=ITEM_COLOUR,
                markeredgecolor=INK,
                alpha=bar.get_alpha(),
                zorder=3,
                gid=f"item_marker:{item}",
            )
    if approx:
        handles.insert(
            0,
            Patch(
                facecolor=ITEM_COLOUR,
                edgecolor=INK,
                alpha=0.55,
                linestyle="--",
                label="월 단위까지만 알려진 날짜" if lang == "ko" else "dates known to the month only",
            ),
        )
    first_key = "논의 중인 의제" if lang == "ko" else "Agenda item under discussion"
    handles.insert(0, Patch(facecolor=ITEM_COLOUR, edgecolor=INK, label=first_key))
    ax.set_yticks(rows, [f"{i}. {t}" for i, t in zip(items["item"], short_titles(items, lang), strict=True)])
    ax.set_ylim(len(items) - 0.4, -1.0)  # item 1 on top, room for the period labels above it

    starts = [items["opened"].min(), *([table["start"].min()] if periods else [])]
    ends = [items["agreed"].max(), *([table["end"].max()] if periods else [])]
    if marked is not None:
        starts.append(marked["date"].min())
        ends.append(marked["end_date"].fillna(marked["date"]).max())
    first, last = min(starts), max(ends)
    ax.set_xlim(date_num(first) - 20, date_num(last) + 25)
    event_handles = draw_event_lines(ax, marked, lang=lang) if marked is not None else []
    format_date_axis(ax, lang=lang)
    if lang == "ko":
        ax.set_xlabel("날짜")
        ax.set_title(
            f"정전회담({first.year}년 {first.month}월~{last.year}년 {last.month}월): 의제, 회담 기간과 주요 사건", pad=8
        )
    else:
        ax.set_xlabel("Date")
        ax.set_title(
            f"The armistice talks, {first:%B %Y} to {last:%B %Y}: agenda items, periods and key events", pad=8
        )
    ax.spines[["top", "right"]].set_visible(False)
    if legend:
        _two_column_legend(ax, handles, event_handles)
    if lang == "ko":
        return set_description(
            ax, _describe_ko(items, table if periods else None, marked) + approximate_note(approx, "ko"), lang="ko"
        )
    return set_description(ax, _describe(items, table if periods else None, marked) + approximate_note(approx))


def _describe(items: pd.DataFrame, periods: pd.DataFrame | None, marked: pd.DataFrame | None) -> str:
    parts = [
        "Gantt chart of the armistice talks with dates on the horizontal axis. "
        f"{len(items)} horizontal bars, one per agenda item, run from the day the item's discussion opened "
        "to the day the plenary approved it: "
        + "; ".join(
            f"item {r.item}, {r.title_short}, {day_label(r.opened)} to {day_label(r.agreed)}"
            for r in items.itertuples()
        )
        + "."
    ]
    if periods is not None:
        spans = "; ".join(
            f"{STATUS_LABELS[str(r.status)].lower()}{_at(str(r.venue))} from {day_label(r.start)} to {day_label(r.end)}"
            for r in periods.itertuples()
        )
        parts.append(
            f"Shaded backgrounds show {plural(len(periods), 'period')} of the talks "
            f"(plain: in session; diagonal lines: suspended; dots: in recess): {spans}."
        )
    if marked is not None:
        parts.append(
            "Numbered vertical lines, each with its own line style, mark "
            + "; ".join(f"{n}: {event_label(r)}" for n, r in enumerate(marked.itertuples(), start=1))
            + "."
        )
    last, settled, breaks = _last_item(items, periods)
    finding = (
        f"Item {last['item']}, {str(last['title_short']).lower()}, was the last to be agreed, on "
        f"{day_label(last['agreed'])}"
    )
    if settled is not None:
        finding += (
            f", {plural(int((last['agreed'] - settled).days), 'day')} after the other items "
            f"were all settled ({day_label(settled)})"
        )
    if breaks is not None:
        if not breaks.empty:
            finding += "; it stayed open through " + " and ".join(
                f"the {str(r.status).replace('_', ' ')} of {day_label(r.start)} to {day_label(r.end)}"
                for r in breaks.itertuples()
            )
    return " ".join(parts) + " " + finding + "."


def _describe_ko(items: pd.DataFrame, periods: pd.DataFrame | None, marked: pd.DataFrame | None) -> str:
    titles = dict(zip(items["item"], short_titles(items, "ko"), strict=True))
    parts = [
        "가로축이 날짜인 정전회담의 간트 차트이다. "
        f"의제마다 하나씩 그린 가로 막대 {len(items)}개는 그 의제의 논의가 시작된 날부터 본회의에서 승인된 "
        "날까지 이어진다: "
        + "; ".join(f"의제 {r.item}({titles[r.item]}) {day_range_ko(r.opened, r.agreed)}" for r in items.itertuples())
        + "."
    ]
    if periods is not None:
        spans = "; ".join(
            f"{day_range_ko(r.start, r.end)} {_at_ko(str(r.venue))}{status_label(str(r.status), 'ko')}"
            for r in periods.itertuples()
        )
        parts.append(
            f"배경 음영은 회담 기간 {len(periods)}개를 나타낸다(무늬 없음: 회담 진행, 빗금: 회담 중단, 점: 회담 휴회): "
            f"{spans}."
        )
    if marked is not None:
        parts.append(
            "번호를 붙인 세로선은 선마다 모양이 달라 서로 구별되며, 다음 사건을 나타낸다: "
            + "; ".join(f"{n}. {event_label(r, 'ko')}" for n, r in enumerate(marked.itertuples(), start=1))
            + "."
        )
    last, settled, breaks = _last_item(items, periods)
    finding = (
        f"가장 늦게 합의된 의제는 의제 {last['item']}({titles[last['item']]})이며, "
        f"{day_label(last['agreed'], 'ko')}에 합의되었다"
    )
    if settled is not None:
        finding += (
            f". 다른 의제가 모두 합의된 날({day_label(settled, 'ko')})보다 "
            f"{int((last['agreed'] - settled).days)}일 늦다"
        )
    if breaks is not None:
        if not breaks.empty:
            finding += (
                ". 이 의제는 "
                + ", ".join(
                    f"{day_range_ko(r.start, r.end)}의 {status_label(str(r.status), 'ko')}" for r in breaks.itertuples()
                )
                + " 기간에도 계속 논의 중이었다"
            )
    return " ".join(parts) + " " + finding + "."


def _last_item(items: pd.DataFrame, periods: pd.DataFrame | None) -> tuple[Any, Any, pd.DataFrame | None]:
    """Return the facts of the chart's finding, shared by both languages.

    They are the item agreed last, the day the others were all settled (None if it is the only one), and
    the breaks in the talks while it stayed open (None without periods).
    """
    last = items.sort_values(["agreed", "item"]).iloc[-1]
    others = items[items["item"] != last["item"]]
    settled = None if others.empty else others["agreed"].max()
    if periods is None:
        return last, settled, None
    breaks = periods[(periods["status"].astype(str) != "in_session") & (periods["start"] >= last["opened"])
                     & (periods["end"] <= last["agreed"])]
    return last, settled, breaks


def _at_ko(venue: str) -> str:
    return "" if venue in ("", "none") else f"{venue_label(venue, 'ko')}에서 "


def _two_column_legend(ax: Axes, keys: list[Any], events: list[Line2D]) -> None:
    """Put the key to bars and shading in the left column of a legend below the chart, the events right."""
    blank = Line2D([], [], linestyle="none", label=" ")
    rows = max(len(keys), len(events))
    columns = [keys + [blank] * (rows - len(keys))]
    if events:
        columns.append(events + [blank] * (rows - len(events)))
    legend_below(
        ax,
        [h for column in columns for h in column],
        ncol=len(columns),
        fontsize=8.5,
        handlelength=2.6,
        columnspacing=2.5,
    )


def _at(venue: str) -> str:
    return "" if venue in ("", "none") else f" at {venue.replace('_', ' ').title()}"


def _rgb(colour: str) -> tuple[float, float, float]:
    from matplotlib.colors import to_rgb

    return to_rgb(colour)
