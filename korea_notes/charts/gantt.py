"""The armistice talks at a glance: agenda items as bars, periods of the talks behind, key events on top."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import blended_transform_factory

from ..datasets import load_dataset
from ..palette import ROLES
from ._base import ONE_DAY, PathLike, date_num, day_label, format_date_axis, get_ax, plural
from .alt_text import set_description
from .durations import agenda_duration_table
from .selection import events_by_id
from .styles import INK, LINE_STYLES, STATUS_ALPHA, STATUS_HATCHES, STATUS_LABELS, status_colour

#: The events :func:`negotiation_timeline` marks unless told otherwise.
KEY_EVENTS: tuple[str, ...] = (
    "stalin_death",
    "little_switch",
    "rhee_releases_prisoners",
    "armistice_signed",
)


def period_label(venue: str, status: str) -> str:
    """Return the short label written above a period of the talks.

    Parameters
    ----------
    venue
        ``negotiation_periods.venue``.
    status
        ``negotiation_periods.status``.

    Returns
    -------
    str
        The venue for sessions, otherwise the status.

    Examples
    --------
    >>> period_label("kaesong", "in_session"), period_label("none", "recess")
    ('Kaesong', 'Recess')

    """
    if status == "in_session" and venue not in ("", "none"):
        return venue.replace("_", " ").title()
    return status.replace("_", " ").capitalize()


def draw_periods(ax: Axes, periods: pd.DataFrame, *, label: bool = True) -> list[Patch]:
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

    Returns
    -------
    list of matplotlib.patches.Patch
        One legend handle per status present, in the order of ``STATUS_LABELS``.

    """
    top = blended_transform_factory(ax.transData, ax.transAxes)
    for row in periods.itertuples():
        status = str(row.status)
        x0 = date_num(row.start)
        x1 = date_num(row.end) + ONE_DAY
        ax.axvspan(
            x0, x1,
            facecolor=(*_rgb(status_colour(status)), STATUS_ALPHA[status]),
            edgecolor=(*_rgb(status_colour(status)), 0.55),
            hatch=STATUS_HATCHES[status],
            linewidth=0,
            zorder=0,
            gid=f"period:{row.id}",
        )
        if label and (x1 - x0) >= 30:
            ax.text((x0 + x1) / 2, 1.01, period_label(str(row.venue), status), transform=top,
                    ha="center", va="bottom", fontsize=8, color=INK)
    present = {str(s) for s in periods["status"]}
    return [
        Patch(facecolor=(*_rgb(status_colour(s)), STATUS_ALPHA[s] + 0.1), edgecolor=(*_rgb(status_colour(s)), 0.7),
              hatch=STATUS_HATCHES[s], linewidth=0, label=text)
        for s, text in STATUS_LABELS.items() if s in present
    ]


def draw_event_lines(ax: Axes, events: pd.DataFrame) -> None:
    """Mark events with labelled vertical lines (and a bracket along the bottom for multi-day events).

    Parameters
    ----------
    ax
        An Axes with dates on x.
    events
        Rows of the events table.

    """
    bottom = blended_transform_factory(ax.transData, ax.transAxes)
    for number, row in enumerate(events.itertuples()):
        x = date_num(row.date)
        style = LINE_STYLES[number % len(LINE_STYLES)]
        ax.axvline(x, color=INK, linestyle=style, linewidth=1.3, zorder=3, gid=f"event:{row.id}")
        if not pd.isna(row.end_date):
            x1 = date_num(row.end_date) + ONE_DAY
            ax.plot([x, x1], [0.015, 0.015], transform=bottom, color=INK, linewidth=3, solid_capstyle="butt",
                    zorder=3, gid=f"event_span:{row.id}")
        ax.text(x, 0.03, f" {row.title} ({day_label(row.date)})", transform=bottom, rotation=90,
                ha="right", va="bottom", fontsize=8, color=INK, zorder=4,
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.75, "pad": 1})


def negotiation_timeline(
    ax: Axes | None = None,
    *,
    data_dir: PathLike = None,
    events: Sequence[str] = KEY_EVENTS,
    periods: bool = True,
    legend: bool = True,
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
    ax = get_ax(ax, (10, 5))
    items = agenda_duration_table(data_dir)
    marked = events_by_id(list(events), data_dir=data_dir) if len(events) else None
    table = load_dataset("negotiation_periods", data_dir=data_dir).sort_values("start")

    handles: list[Patch | Line2D] = []
    if periods:
        handles += draw_periods(ax, table)
    rows = list(range(len(items)))
    bars = ax.barh(rows, items["days"], left=date_num(items["opened"]), height=0.5,
                   color=ROLES["parallel_38"], edgecolor=INK, linewidth=0.8, zorder=2)
    for bar, item in zip(bars, items["item"], strict=True):
        bar.set_gid(f"item:{item}")
    handles.insert(0, Patch(facecolor=ROLES["parallel_38"], edgecolor=INK, label="Agenda item under discussion"))
    ax.set_yticks(rows, [f"{i}. {t}" for i, t in zip(items["item"], items["title_short"], strict=True)])
    ax.set_ylim(len(items) - 0.4, -0.9)  # item 1 on top, room for labels at the bottom
    if marked is not None:
        draw_event_lines(ax, marked)

    starts = [items["opened"].min(), *([table["start"].min()] if periods else [])]
    ends = [items["agreed"].max(), *([table["end"].max()] if periods else [])]
    if marked is not None:
        starts.append(marked["date"].min())
        ends.append(marked["end_date"].fillna(marked["date"]).max())
    first, last = min(starts), max(ends)
    ax.set_xlim(date_num(first) - 20, date_num(last) + 25)
    format_date_axis(ax)
    ax.set_xlabel("Date")
    ax.set_title(f"The armistice talks, {first:%B %Y} to {last:%B %Y}: agenda items, periods and key events",
                 pad=16)
    ax.spines[["top", "right"]].set_visible(False)
    if legend:
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=len(handles),
                  frameon=False, fontsize=9)
    return set_description(ax, _describe(items, table if periods else None, marked))


def _describe(items: pd.DataFrame, periods: pd.DataFrame | None, marked: pd.DataFrame | None) -> str:
    parts = [
        f"Gantt chart of the armistice talks with dates on the horizontal axis. {len(items)} horizontal bars, "
        "one per agenda item, run from the day the item's discussion opened to the day the plenary approved it: "
        + "; ".join(f"item {r.item}, {r.title_short}, {day_label(r.opened)} to {day_label(r.agreed)}"
                    for r in items.itertuples()) + "."
    ]
    if periods is not None:
        spans = "; ".join(
            f"{STATUS_LABELS[str(r.status)].lower()}{'' if str(r.venue) == 'none' else ' at ' + str(r.venue).title()}"
            f" from {day_label(r.start)} to {day_label(r.end)}" for r in periods.itertuples()
        )
        parts.append(f"Shaded backgrounds show {plural(len(periods), 'period')} of the talks "
                     f"(plain: in session; diagonal lines: suspended; dots: in recess): {spans}.")
    if marked is not None:
        parts.append("Vertical lines mark " + "; ".join(f"{r.title} ({day_label(r.date)})"
                                                        for r in marked.itertuples()) + ".")
    last = items.sort_values(["agreed", "item"]).iloc[-1]
    others = items[items["item"] != last["item"]]
    finding = f"Item {last['item']}, {str(last['title_short']).lower()}, was the last to be agreed, on " \
              f"{day_label(last['agreed'])}"
    if not others.empty:
        finding += f", {plural(int((last['agreed'] - others['agreed'].max()).days), 'day')} after the other items " \
                   f"were all settled ({day_label(others['agreed'].max())})"
    if periods is not None:
        breaks = periods[(periods["status"].astype(str) != "in_session") & (periods["start"] >= last["opened"])
                         & (periods["end"] <= last["agreed"])]
        if not breaks.empty:
            finding += "; it stayed open through " + " and ".join(
                f"the {str(r.status).replace('_', ' ')} of {day_label(r.start)} to {day_label(r.end)}"
                for r in breaks.itertuples())
    return " ".join(parts) + " " + finding + "."


def _rgb(colour: str) -> tuple[float, float, float]:
    from matplotlib.colors import to_rgb

    return to_rgb(colour)
