"""Key events as numbered vertical lines on a date axis, with legend entries that say what each is."""

from __future__ import annotations

import textwrap
from typing import Any

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.transforms import blended_transform_factory

from ._base import date_num, day_label, day_range_ko, fill_label, local_text
from .styles import INK, LINE_STYLES

#: Event labels in the legend wrap at this many characters.
LEGEND_WRAP = 58
#: Height (axes fraction) of the first row of event numbers.
NUMBER_Y = 0.85
#: How far (axes fraction) each further row of numbers sits below the one above.
NUMBER_STEP = 0.075
#: Numbers closer than this (fraction of the axis width) to one already placed go one row lower.
MIN_GAP = 0.025


def event_label(row: Any, lang: str = "en") -> str:
    """Return an event's legend label: its title and its date or dates.

    Parameters
    ----------
    row
        A row of the events table (with ``title``, ``date`` and ``end_date``; in Korean also ``title_ko``).
    lang
        ``"en"`` or ``"ko"`` (the title from ``title_ko``, the English where that is empty).

    Returns
    -------
    str
        E.g. ``'Armistice Agreement signed (27 Jul 1953)'``, or ``'정전협정 조인 (1953년 7월 27일)'``.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> event_label(SimpleNamespace(title="Signing", date=pd.Timestamp("1953-07-27"), end_date=pd.NaT))
    'Signing (27 Jul 1953)'
    >>> event_label(SimpleNamespace(title="Signing", title_ko="조인", date=pd.Timestamp("1953-07-27"),
    ...                             end_date=pd.NaT), "ko")
    '조인 (1953년 7월 27일)'

    """
    if lang == "ko":
        when = day_label(row.date, "ko") if pd.isna(row.end_date) else day_range_ko(row.date, row.end_date)
        title = local_text(row, "title", "ko")
        return f"{title}, {when}" if title.endswith(")") else f"{title} ({when})"
    when = day_label(row.date)
    if not pd.isna(row.end_date):
        when += f" to {day_label(row.end_date)}"
    return f"{row.title} ({when})"


def draw_event_lines(ax: Axes, events: pd.DataFrame, *, lang: str = "en") -> list[Line2D]:
    """Mark events with numbered vertical lines, each with its own line style.

    Each number sits in a circle near the top of its line; numbers that would touch go one row lower.
    The returned legend handles say what each number stands for (a legend keeps long titles from
    crowding the lines when events fall close together). Set the x limits before calling this.

    Parameters
    ----------
    ax
        An Axes with dates on x, its x limits already set.
    events
        Rows of the events table, in the order to number them.
    lang
        ``"en"`` or ``"ko"``: the language of the legend labels.

    Returns
    -------
    list of matplotlib.lines.Line2D
        One legend handle per event, labelled ``"1  title (date)"``.

    """
    top = blended_transform_factory(ax.transData, ax.transAxes)
    left, right = ax.get_xlim()
    width = (right - left) or 1.0
    placed: list[tuple[float, int]] = []
    handles = []
    for number, row in enumerate(events.itertuples(), start=1):
        x = date_num(row.date)
        style = LINE_STYLES[(number - 1) % len(LINE_STYLES)]
        ax.axvline(x, color=INK, linestyle=style, linewidth=1.3, zorder=3, gid=f"event:{row.id}")
        level = 0
        while any(lv == level and abs(x - px) / width < MIN_GAP for px, lv in placed):
            level += 1
        placed.append((x, level))
        ax.text(
            x,
            NUMBER_Y - NUMBER_STEP * level,
            str(number),
            transform=top,
            ha="center",
            va="center",
            fontsize=8,
            color=INK,
            zorder=5,
            fontweight="bold",
            bbox={"boxstyle": "circle,pad=0.25", "facecolor": "white", "edgecolor": INK, "linewidth": 0.8},
        )
        if lang == "ko":
            when = day_label(row.date, "ko") if pd.isna(row.end_date) else day_range_ko(row.date, row.end_date)
            label = fill_label(
                f"{number}  {event_label(row, lang)}", LEGEND_WRAP, lang, keep=(when,), subsequent_indent="     "
            )
        else:
            label = textwrap.fill(f"{number}  {event_label(row)}", LEGEND_WRAP, subsequent_indent="     ")
        handles.append(Line2D([], [], color=INK, linestyle=style, linewidth=1.3, label=label))
    return handles
