"""Numbered event markers with a key below the chart, for timelines with too many events to title inline.

Each marker gets a small number beside it (above or below, moved sideways with a thin leader line when
its neighbours are too close), and a legend below the Axes lists ``"N  date  title"`` in date order.
"""

from __future__ import annotations

import math
import textwrap
from typing import Any

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.legend import Legend
from matplotlib.lines import Line2D

from ._base import date_num, day_label, day_range_ko, fill_label, legend_below, local_text, precise_label
from .styles import CATEGORY_MARKERS, INK, category_colour

#: Font size of the numbers beside the markers.
NUMBER_SIZE = 7.0
#: Font size of the key below the chart.
KEY_SIZE = 7.5
#: Key titles wrap at this many characters.
KEY_WRAP = 50
#: Most columns the key is split into (fewer when its entries are too wide for the figure).
KEY_MAX_COLUMNS = 3
#: Distance (points) from the bottom of the Axes to the top of the key: room for tick labels and "Date".
KEY_BELOW = 34.0
#: Vertical distance (points) from a marker's centre to the centre of the nearest number slot.
FIRST_LEVEL = 10.0
#: Vertical distance (points) between further number slots above and below a marker.
LEVEL_STEP = 10.0
#: Most sideways steps (each one number wide) a number may move from its marker.
MAX_SIDE_STEPS = 4
#: Empty margin (points) kept around each number when checking for overlaps.
MARGIN = 1.0


def event_when(row: Any, lang: str = "en") -> str:
    """Return an event's date as precise as the data know it, with its last day for spans.

    Parameters
    ----------
    row
        A row of the events table (with ``date``, ``end_date`` and ``date_precision``).
    lang
        ``"en"`` or ``"ko"``.

    Returns
    -------
    str
        E.g. ``'27 Jul 1953'``, ``'Aug 1945'``, ``'1949'``, ``'2–5 Dec 1952'`` or ``'10 Jul – 23 Aug 1951'``;
        in Korean ``'1953년 7월 27일'``, ``'1945년 8월'``, ``'1949년'``, ``'1952년 12월 2일~5일'``.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> event_when(SimpleNamespace(date=pd.Timestamp("1945-08-01"), end_date=pd.NaT, date_precision="month"))
    'Aug 1945'
    >>> event_when(SimpleNamespace(date=pd.Timestamp("1945-08-01"), end_date=pd.NaT, date_precision="month"), "ko")
    '1945년 8월'

    """
    stamp = pd.Timestamp(row.date)
    precision = str(row.date_precision)
    if lang == "ko":
        if pd.isna(row.end_date):
            return precise_label(stamp, precision, "ko")
        if precision != "day":
            return f"{precise_label(stamp, precision, 'ko')}~{day_label(row.end_date, 'ko')}"
        return day_range_ko(stamp, row.end_date)
    when = f"{stamp:%Y}" if precision == "year" else f"{stamp:%b %Y}" if precision == "month" else day_label(stamp)
    if pd.isna(row.end_date):
        return when
    end = pd.Timestamp(row.end_date)
    if precision != "day" or end.year != stamp.year:
        return f"{when} – {day_label(end)}"
    if end.month != stamp.month:
        return f"{stamp.day} {stamp:%b} – {day_label(end)}"
    return f"{stamp.day}–{day_label(end)}"


def key_label(number: int, row: Any, lang: str = "en") -> str:
    """Return the key entry for a numbered event: ``"N  date  title"``, the title wrapped.

    Parameters
    ----------
    number
        The event's number.
    row
        A row of the events table.
    lang
        ``"en"`` or ``"ko"`` (Korean date and ``title_ko``).

    Returns
    -------
    str
        The entry, with continuation lines indented.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> key_label(3, SimpleNamespace(date=pd.Timestamp("1953-07-27"), end_date=pd.NaT, date_precision="day",
    ...                              title="Armistice Agreement signed"))
    '3  27 Jul 1953  Armistice Agreement signed'

    """
    if lang == "ko":
        when = event_when(row, "ko")
        return fill_label(
            f"{number}  {when}  {local_text(row, 'title', 'ko')}",
            KEY_WRAP + 18,
            "ko",
            keep=(when,),
            subsequent_indent="      ",
            break_on_hyphens=False,
        )
    title = row.title
    return textwrap.fill(
        f"{number}  {event_when(row, lang)}  {title}",
        KEY_WRAP + 18,
        subsequent_indent="      ",
        break_on_hyphens=False,
    )


def key_handles(events: pd.DataFrame, lang: str = "en") -> list[Line2D]:
    """Return one legend handle per event, numbered from 1 in the order given, with its category's marker.

    Parameters
    ----------
    events
        Rows of the events table, in the order to number them.
    lang
        ``"en"`` or ``"ko"``.

    Returns
    -------
    list of matplotlib.lines.Line2D
        Handles labelled by :func:`key_label`; events dated only to the month or year get hollow markers.

    """
    handles = []
    for number, row in enumerate(events.itertuples(), start=1):
        colour = category_colour(str(row.category))
        exact = str(row.date_precision) == "day"
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker=CATEGORY_MARKERS[str(row.category)],
                markersize=5.5,
                markerfacecolor=colour if exact else "white",
                markeredgecolor=INK if exact else colour,
                markeredgewidth=0.6 if exact else 1.3,
                label=key_label(number, row, lang),
            )
        )
    return handles


def draw_key(
    ax: Axes, events: pd.DataFrame, *, title: str | None = None, grow: bool = False, lang: str = "en"
) -> Legend:
    """Put the key to the numbered events below the Axes, in as many columns as fit the figure's width.

    Parameters
    ----------
    ax
        The Axes (its figure at its final width).
    events
        Rows of the events table, in the order they are numbered.
    title
        A title above the key, if any.
    grow
        Make the figure taller by the key's height, so the Axes keep their size (do this only for a
        figure the chart made itself).
    lang
        ``"en"`` or ``"ko"``: the language of the entries.

    Returns
    -------
    matplotlib.legend.Legend
        The key.

    """
    handles = key_handles(events, lang)
    figure = ax.figure
    room = figure.bbox.width - 12 * figure.dpi / 72
    legend = None
    for columns in range(min(KEY_MAX_COLUMNS, len(handles)), 0, -1):
        legend = legend_below(
            ax,
            handles,
            below_points=KEY_BELOW,
            ncol=columns,
            fontsize=KEY_SIZE,
            title=title,
            title_fontsize=KEY_SIZE + 0.5,
            handlelength=1.0,
            handletextpad=0.5,
            columnspacing=1.6,
            labelspacing=0.35,
            alignment="left",
        )
        if legend.get_window_extent().width <= room:
            break
    assert legend is not None
    legend.set_gid("event_key")
    if grow:
        width, height = figure.get_size_inches()
        extra = legend.get_window_extent().height / figure.dpi
        figure.set_size_inches(width, height + extra + 0.1)
    return legend


def _crossings(x: float, y: float, dx: float, dy: float, boxes: list[tuple[float, float, float, float]]) -> int:
    """Count the boxes that a leader line from a marker at (x, y) to its number at (x+dx, y+dy) would cross."""
    if dx == 0 and abs(dy) <= FIRST_LEVEL + 1:
        return 0
    steps = [i / 12 for i in range(3, 10)]  # the middle of the line: its ends touch the marker and the number
    return sum(any(b[0] <= x + dx * t <= b[1] and b[2] <= y + dy * t <= b[3] for t in steps) for b in boxes)


def draw_numbers(ax: Axes, events: pd.DataFrame, rows: dict[str, int]) -> None:
    """Write each event's number beside its marker, dodging numbers already placed.

    Numbers go in date order to the nearest free slot: just above or below the marker, further up or down
    (within half the distance to the next row), then one or more number-widths sideways with a thin
    leader line back to the marker. Positions are worked out from the Axes' current layout, so set the
    limits (and let a layout engine place the Axes) first.

    Parameters
    ----------
    ax
        The Axes with the markers, limits set.
    events
        Rows of the events table, in the order they are numbered.
    rows
        The y position (row) of each category.

    """
    figure = ax.figure
    engine = figure.get_layout_engine()
    if engine is not None:
        engine.execute(figure)
    scale = figure.dpi / 72  # pixels per point
    box = ax.get_window_extent()
    left, right, bottom, top = box.x0 / scale, box.x1 / scale, box.y0 / scale, box.y1 / scale
    row_y = {r: ax.transData.transform((0, r))[1] / scale for r in set(rows.values())}

    def room(r: int, up: bool) -> float:
        """Points free above (or below) row r: to the Axes edge or halfway to the neighbouring row."""
        edge = top - row_y[r] if up else row_y[r] - bottom
        others = [abs(y - row_y[r]) / 2 for o, y in row_y.items() if o != r and (y > row_y[r]) == up]
        return min([edge, *others])

    height = NUMBER_SIZE * 1.25
    placed: list[tuple[float, float, float, float]] = []
    for number, row in enumerate(events.itertuples(), start=1):
        r = rows[str(row.category)]
        x = date_num(row.date)
        x_pt = ax.transData.transform((x, r))[0] / scale
        y_pt = row_y[r]
        width = len(str(number)) * NUMBER_SIZE * 0.62 + 2.5
        levels = []
        for up in (True, False):
            k = 0
            while FIRST_LEVEL + k * LEVEL_STEP + height / 2 <= room(r, up) + 2 or k == 0:
                levels.append((k, (1 if up else -1) * (FIRST_LEVEL + k * LEVEL_STEP)))
                k += 1
        candidates = []
        for side in range(MAX_SIDE_STEPS + 1):
            for direction in (1, -1) if side else (0,):
                dx = direction * side * (width + 1.5)
                for k, dy in levels:
                    candidates.append((k + 1.5 * side, side, k, dy < 0, dx, dy))
        candidates.sort()

        def overlap(dx: float, dy: float, x_pt: float = x_pt, y_pt: float = y_pt, width: float = width) -> float:
            x0, x1 = x_pt + dx - width / 2 - MARGIN, x_pt + dx + width / 2 + MARGIN
            y0, y1 = y_pt + dy - height / 2 - MARGIN, y_pt + dy + height / 2 + MARGIN
            total = sum(
                max(0.0, min(x1, b[1]) - max(x0, b[0])) * max(0.0, min(y1, b[3]) - max(y0, b[2])) for b in placed
            )
            outside = max(0.0, left - x0) + max(0.0, x1 - right)
            return total + outside * height * 10 + _crossings(x_pt, y_pt, dx, dy, placed) * height

        dx, dy, best_cost = 0.0, FIRST_LEVEL, math.inf
        for *_, cx, cy in candidates:
            cost = overlap(cx, cy)
            if cost < best_cost:
                dx, dy, best_cost = cx, cy, cost
            if cost == 0:
                break
        placed.append((x_pt + dx - width / 2, x_pt + dx + width / 2, y_pt + dy - height / 2, y_pt + dy + height / 2))
        leader = dx != 0 or abs(dy) > FIRST_LEVEL + 1
        ax.annotate(
            str(number),
            (x, r),
            xytext=(dx, dy),
            textcoords="offset points",
            fontsize=NUMBER_SIZE,
            fontweight="bold",
            color=INK,
            ha="center",
            va="center",
            zorder=5,
            gid=f"event_number:{row.id}",
            annotation_clip=False,
            bbox={"boxstyle": "round,pad=0.12", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
            arrowprops=(
                {"arrowstyle": "-", "color": INK, "linewidth": 0.4, "shrinkA": 0, "shrinkB": 3.5} if leader else None
            ),
        )
        ax.texts[-1].set_in_layout(False)
