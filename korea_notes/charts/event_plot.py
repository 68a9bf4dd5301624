"""Events over time, one row per category."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from ..errors import KoreaNotesError
from ..i18n import check_lang
from ._base import (
    ONE_DAY,
    PathLike,
    check_ax,
    date_num,
    day_label,
    format_date_axis,
    get_ax,
    legend_below,
    local_text,
    plural,
    span_text,
    text_em,
    year_range,
)
from .alt_text import set_description
from .event_numbers import draw_key, draw_numbers
from .selection import event_categories, select_events
from .styles import CATEGORY_MARKERS, INK, category_colour, category_label

#: With ``label=None``, events are labelled with their titles when there are at most this many.
AUTO_LABEL_MAX = 12
#: With ``label=None``, events are numbered (with a key below the chart) when there are at most this many.
AUTO_NUMBER_MAX = 45
#: The values ``label`` accepts.
LABEL_CHOICES: tuple[bool | str | None, ...] = (True, "numbers", False, None)
#: Height (inches) of a figure made by :func:`event_timeline`, before its rows and any key.
BASE_HEIGHT = 1.8
#: Height (inches) per category row; numbered events get more, to stack numbers above and below.
ROW_HEIGHT = {"titles": 0.6, "none": 0.6, "numbers": 0.8}
#: Vertical offsets (points) tried in turn for event labels, so neighbours do not overlap.
LABEL_OFFSETS = (10.0, -10.0, 20.0, -20.0)
#: Font size of event labels.
LABEL_SIZE = 7.5


def event_timeline(
    events: pd.DataFrame | None = None,
    *,
    phase: str | Iterable[str] | None = None,
    category: str | Iterable[str] | None = None,
    start: Any = None,
    end: Any = None,
    label: bool | Literal["numbers"] | None = None,
    ax: Axes | None = None,
    data_dir: PathLike = None,
    lang: str = "en",
) -> Axes:
    """Draw events over time, one row per category, with a colour and a marker shape per category.

    Every event gets a marker on its first day; events that span days also get a segment to their last
    day. Events dated only to the month or year get hollow markers. With ``label="numbers"`` each marker
    gets a small number (events are numbered in date order) and a key below the chart lists
    ``"N  date  title"``; a figure the function makes itself grows taller to fit the key.

    Parameters
    ----------
    events
        An events table (rows of ``kn.load_dataset("events")``); None loads all events.
    phase
        A phase id or a list of them; None for all.
    category
        A category or a list of them; None for all.
    start, end
        Keep events whose first day is within these dates (inclusive); None for no limit.
    label
        How to say which marker is which event:

        - ``True``: write each event's title next to its marker;
        - ``"numbers"``: write a number next to each marker and list ``"N  date  title"`` in a key below
          the chart;
        - ``False``: no labels;
        - ``None`` (default): titles for up to ``AUTO_LABEL_MAX`` (12) events, numbers for up to
          ``AUTO_NUMBER_MAX`` (45), and no labels for more (narrow the selection, or pass
          ``label="numbers"``, to number them anyway; the alt text says they are unlabelled).

        When drawing numbers on an ``ax`` you made, leave room below it for the key (a taller figure
        with ``layout="constrained"``).
    ax
        The Axes to draw on; None makes a new figure.
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
        If ``ax`` is not an Axes, ``label`` is not one of ``True``, ``"numbers"``, ``False``, ``None``, a
        phase or category is unknown (the message lists the valid ones), a date is not a date, or no events
        match.

    Examples
    --------
    >>> ax = event_timeline(phase="panmunjom_talks")
    >>> ax.get_xlabel()
    'Date'
    >>> numbers = [t for t in ax.texts if str(t.get_gid()).startswith("event_number:")]
    >>> len(numbers) == len(ax.get_legend().get_texts()) == len(select_events(phase="panmunjom_talks"))
    True

    """
    check_lang(lang)
    _check_label(label)
    check_ax(ax)
    chosen = select_events(events, phase=phase, category=category, start=start, end=end, data_dir=data_dir)
    mode = label_mode(label, len(chosen))
    order = [c for c in event_categories(data_dir) if c in set(chosen["category"].astype(str))]
    made_figure = ax is None
    ax = get_ax(ax, (10, BASE_HEIGHT + ROW_HEIGHT[mode] * len(order)))
    rows = {c: i for i, c in enumerate(order)}
    y = chosen["category"].astype(str).map(rows).astype(float)
    x = date_num(chosen["date"])
    exact = (chosen["date_precision"].astype(str) == "day").to_numpy()

    for cat in order:
        mask = (chosen["category"].astype(str) == cat).to_numpy()
        colour = category_colour(cat)
        marker = CATEGORY_MARKERS[cat]
        for is_exact in (True, False):
            part = mask & (exact == is_exact)
            if part.any():
                ax.scatter(
                    x[part],
                    y.to_numpy()[part],
                    marker=marker,
                    s=46,
                    zorder=3,
                    facecolor=colour if is_exact else "white",
                    edgecolor=INK if is_exact else colour,
                    linewidth=0.6 if is_exact else 1.5,
                    gid=f"events:{cat}:{'day' if is_exact else 'approx'}",
                )
        spans = chosen[mask & chosen["end_date"].notna().to_numpy()]
        if not spans.empty:
            ax.hlines(
                spans["category"].astype(str).map(rows),
                date_num(spans["date"]),
                date_num(spans["end_date"]) + ONE_DAY,
                colors=colour,
                linewidth=4,
                alpha=0.8,
                zorder=2,
                gid=f"spans:{cat}",
            )

    ax.set_yticks(range(len(order)), [category_label(c, lang) for c in order])
    ax.set_ylim(len(order) - 0.5, -0.7)
    first, last = chosen["date"].min(), chosen["end_date"].fillna(chosen["date"]).max()
    pad = max((last - first).days * 0.04, 15)
    ax.set_xlim(date_num(first) - pad, date_num(last) + pad)
    format_date_axis(ax, lang=lang)
    ax.set_xlabel("날짜" if lang == "ko" else "Date")
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(_title(phase, category, first, last, lang))

    if lang == "ko":
        hollow, key = "속이 빈 표지: 날짜가 월 또는 연도까지만 알려진 사건", "번호 설명"
    else:
        hollow, key = "hollow: dated to the month or year only", "Key"
    if mode == "titles":
        _label_events(ax, chosen, rows, lang)
    if mode == "numbers":
        numbered = chosen.sort_values("date", kind="stable")
        draw_key(ax, numbered, title=None if exact.all() else f"{key} ({hollow})", grow=made_figure, lang=lang)
        draw_numbers(ax, numbered, rows)
    elif not exact.all():
        handle = Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            markerfacecolor="white",
            markeredgecolor=INK,
            label=hollow,
        )
        legend_below(ax, [handle], fontsize=8)
    if lang == "ko":
        text = _describe_ko(chosen, order, exact)
        if mode == "numbers":
            text += (
                f" 사건에는 날짜순으로 1부터 {len(chosen)}까지 번호를 매겨 표지 옆에 적었고, 차트 아래의 번호 설명에 "
                "번호마다 사건의 날짜와 이름을 실었다."
            )
        elif mode == "none" and label is None:
            text += f" 사건이 {AUTO_NUMBER_MAX}건을 넘어 표지에 이름을 달지 않았다."
        return set_description(ax, text, lang="ko")
    text = _describe(chosen, order, exact)
    if mode == "numbers":
        text += (
            f" The events are numbered 1 to {len(chosen)} in date order, each number beside its marker; the key "
            "below the chart lists each number with the event's date and title."
        )
    elif mode == "none" and label is None:
        text += f" With more than {AUTO_NUMBER_MAX} events, the markers are not labelled."
    return set_description(ax, text)


def label_mode(label: bool | str | None, count: int) -> Literal["titles", "numbers", "none"]:
    """Return how :func:`event_timeline` labels ``count`` events for a value of ``label``.

    Parameters
    ----------
    label
        ``True``, ``"numbers"``, ``False`` or ``None`` (choose by ``count``).
    count
        How many events are drawn.

    Returns
    -------
    str
        ``"titles"``, ``"numbers"`` or ``"none"``.

    Raises
    ------
    KoreaNotesError
        If ``label`` is not one of :data:`LABEL_CHOICES` (the message lists them).

    Examples
    --------
    >>> label_mode(None, 12), label_mode(None, 13), label_mode(None, 46), label_mode("numbers", 3)
    ('titles', 'numbers', 'none', 'numbers')

    """
    _check_label(label)
    if label is None:
        return "titles" if count <= AUTO_LABEL_MAX else "numbers" if count <= AUTO_NUMBER_MAX else "none"
    if isinstance(label, str):
        return "numbers"
    return "titles" if label else "none"


def _check_label(label: Any) -> None:
    if label is None or isinstance(label, bool | np.bool_) or (isinstance(label, str) and label == "numbers"):
        return
    raise KoreaNotesError(
        f"The value for `label` must be one of {list(LABEL_CHOICES)}, but {label!r} was passed",
        hint="True for titles, 'numbers' for numbers with a key below, False for none, None to choose by count",
    )


def _label_events(ax: Axes, chosen: pd.DataFrame, rows: dict[str, int], lang: str = "en") -> None:
    """Write event titles beside their markers, above or below, dodging labels already placed.

    Label widths are estimated from their length; labels in the right third of the axes go to the left of
    their marker so they stay inside the figure.
    """
    scale = ax.figure.dpi / 72
    x_min, x_max = ax.transData.transform([(ax.get_xlim()[0], 0), (ax.get_xlim()[1], 0)])[:, 0]
    taken: dict[tuple[int, float], list[tuple[float, float]]] = {}
    for row in chosen.sort_values("date").itertuples():
        text = local_text(row, "title", "ko") if lang == "ko" else str(row.title)
        y = rows[str(row.category)]
        x_px = ax.transData.transform((date_num(row.date), y))[0]
        width = (text_em(text) if lang == "ko" else len(text) * 0.55) * LABEL_SIZE * scale + 8 * scale
        leftward = x_px > x_min + (x_max - x_min) * 2 / 3
        span = (x_px - width, x_px) if leftward else (x_px, x_px + width)

        def clash(level: float, span: tuple[float, float] = span, y: int = y) -> float:
            return sum(max(0.0, min(span[1], b) - max(span[0], a)) for a, b in taken.get((y, level), []))

        level = min(LABEL_OFFSETS, key=lambda d: (clash(d) > 0, clash(d)))
        taken.setdefault((y, level), []).append(span)
        ax.annotate(
            text,
            (date_num(row.date), y),
            xytext=(-3 if leftward else 3, level),
            textcoords="offset points",
            fontsize=LABEL_SIZE,
            color=INK,
            va="center",
            ha="right" if leftward else "left",
            zorder=4,
            arrowprops={"arrowstyle": "-", "color": INK, "linewidth": 0.4, "shrinkA": 0, "shrinkB": 3},
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.75, "pad": 0.3},
        )


def _title(phase: Any, category: Any, first: pd.Timestamp, last: pd.Timestamp, lang: str = "en") -> str:
    if lang == "ko":
        what = "사건"
        if category is not None:
            cats = [category] if isinstance(category, str) else list(category)
            what = "·".join(category_label(c, "ko") for c in cats) + " 분야 사건"
        return f"{year_range(first.year, last.year, 'ko')} {what}"
    what = "Events"
    if category is not None:
        cats = [category] if isinstance(category, str) else list(category)
        what = ", ".join(c.capitalize() for c in cats) + " events"
    return f"{what}, {first:%Y}" + (f" to {last:%Y}" if last.year != first.year else "")


def _describe_ko(chosen: pd.DataFrame, order: list[str], exact: Any) -> str:
    counts = chosen["category"].astype(str).value_counts()
    per_row = "; ".join(f"{category_label(c, 'ko')} {int(counts[c])}건" for c in order)
    spans = int(chosen["end_date"].notna().sum())
    text = (
        f"{day_label(chosen['date'].min(), 'ko')}부터 "
        f"{day_label(chosen['end_date'].fillna(chosen['date']).max(), 'ko')}까지의 사건 {len(chosen)}건을 나타낸 "
        f"연표이다. 분야마다 한 줄을 쓰고, 분야별로 색과 표지 모양을 달리했다({per_row})."
    )
    if spans:
        text += f" 여러 날에 걸친 사건 {spans}건은 막대로 그렸다."
    approx = int((~exact).sum())
    if approx:
        text += f" 날짜가 월 또는 연도까지만 알려진 사건 {approx}건은 속이 빈 표지로 나타냈다."
    top = counts.loc[order].idxmax()
    gaps = chosen["date"].sort_values().diff().dropna()
    text += f" 여기서 가장 많은 분야는 {category_label(top, 'ko')}(전체 {len(chosen)}건 중 {int(counts[top])}건)이다."
    if not gaps.empty:
        widest = gaps.idxmax()
        before = chosen["date"].sort_values()
        position = list(before.index).index(widest)
        text += (
            f" 잇따른 두 사건 사이의 가장 긴 간격은 {day_label(before.iloc[position - 1], 'ko')}부터 "
            f"{day_label(before.iloc[position], 'ko')}까지({span_text(int(gaps.max().days), 'ko')})이다."
        )
    return text


def _describe(chosen: pd.DataFrame, order: list[str], exact: Any) -> str:
    counts = chosen["category"].astype(str).value_counts()
    per_row = "; ".join(f"{c}: {int(counts[c])}" for c in order)
    spans = int(chosen["end_date"].notna().sum())
    text = (
        f"Timeline of {plural(len(chosen), 'event')} from {day_label(chosen['date'].min())} to "
        f"{day_label(chosen['end_date'].fillna(chosen['date']).max())}, one row per category, each category "
        f"with its own colour and marker shape ({per_row})."
    )
    if spans:
        drawn = "is drawn as a bar" if spans == 1 else "are drawn as bars"
        text += f" {plural(spans, 'event')} spanning several days {drawn}."
    approx = int((~exact).sum())
    if approx:
        text += (
            f" {plural(approx, 'event')} dated only to the month or year {'has' if approx == 1 else 'have'} "
            "hollow markers."
        )
    top = counts.loc[order].idxmax()
    gaps = chosen["date"].sort_values().diff().dropna()
    text += f" The most frequent category here is {top} ({int(counts[top])} of {len(chosen)})."
    if not gaps.empty:
        widest = gaps.idxmax()
        before = chosen["date"].sort_values()
        position = list(before.index).index(widest)
        text += (
            " The longest gap between consecutive events runs from "
            f"{day_label(before.iloc[position - 1])} to "
            f"{day_label(before.iloc[position])} ({span_text(int(gaps.max().days))})."
        )
    return text
