"""The state of the talks day by day, one row per year: a calendar of the negotiation periods."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.patches import Patch

from ..datasets import load_dataset
from ..i18n import check_lang
from ._base import PathLike, day_label, get_ax, legend_below, plural, year_range
from .alt_text import set_description
from .gantt import period_label
from .styles import INK, STATUS_HATCHES, STATUS_LABELS, status_colour, status_label

_MONTH_STARTS = pd.date_range("2001-01-01", periods=12, freq="MS")  # a non-leap year, for tick positions


def talks_status_table(data_dir: PathLike = None, *, lang: str = "en") -> pd.DataFrame:
    """Count the days the talks spent in each status.

    Days are counted inclusively: a period from 1 to 3 August is 3 days.

    Parameters
    ----------
    data_dir
        A data folder; by default the collection's own.
    lang
        ``"en"`` (English, the default) or ``"ko"`` (Korean, 한국어).

    Returns
    -------
    pandas.DataFrame
        Columns ``status``, ``periods`` (how many periods) and ``days``, one row per status present, in
        the order in session, suspended, recess. In Korean a column ``status_ko`` follows ``status``:
        the Korean label (회담 진행, 회담 중단, 회담 휴회).

    Examples
    --------
    >>> table = talks_status_table()
    >>> list(table.columns)
    ['status', 'periods', 'days']
    >>> list(talks_status_table(lang="ko").columns)
    ['status', 'status_ko', 'periods', 'days']

    """
    check_lang(lang)
    periods = load_dataset("negotiation_periods", data_dir=data_dir)
    days = (periods["end"] - periods["start"]).dt.days + 1
    frame = pd.DataFrame({"status": periods["status"].astype(str), "days": days.astype("int64")})
    table = frame.groupby("status", sort=False).agg(periods=("days", "size"), days=("days", "sum")).reset_index()
    order = [s for s in STATUS_LABELS if s in set(table["status"])]
    table = table.set_index("status").loc[order].reset_index()
    if lang == "ko":
        table.insert(1, "status_ko", [status_label(s, "ko") for s in table["status"]])
    return table


def _pieces(start: pd.Timestamp, end: pd.Timestamp) -> list[tuple[int, int, int]]:
    """Split an inclusive date range at year ends: (year, first day-of-year, last day-of-year), 1-based."""
    out = []
    for year in range(start.year, end.year + 1):
        first = max(start, pd.Timestamp(year, 1, 1))
        last = min(end, pd.Timestamp(year, 12, 31))
        out.append((year, first.day_of_year, last.day_of_year))
    return out


def talks_calendar(ax: Axes | None = None, *, data_dir: PathLike = None, lang: str = "en") -> Axes:
    """Draw the periods of the talks as a calendar: one row per year, January to December.

    Each period is a band coloured and hatched by status (in session, suspended, in recess) and labelled
    with its venue or status; the description gives the days spent in each status.

    Parameters
    ----------
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
        If ``ax`` is not an Axes.

    Examples
    --------
    >>> ax = talks_calendar()
    >>> ax.get_xlabel()
    'Month'

    """
    check_lang(lang)
    ax = get_ax(ax, (10, 3.2))
    periods = load_dataset("negotiation_periods", data_dir=data_dir).sort_values("start")
    years = list(range(periods["start"].min().year, periods["end"].max().year + 1))
    rows = {year: i for i, year in enumerate(years)}
    for row in periods.itertuples():
        status = str(row.status)
        colour = status_colour(status)
        for year, first, last in _pieces(row.start, row.end):
            ax.barh(
                rows[year],
                last - first + 1,
                left=first - 1,
                height=0.7,
                color=(*to_rgb(colour), 0.45),
                edgecolor=INK,
                linewidth=0.6,
                hatch=STATUS_HATCHES[status],
                gid=f"period:{row.id}:{year}",
            )
            if last - first + 1 >= 40:
                ax.text(
                    first - 1 + (last - first + 1) / 2,
                    rows[year],
                    period_label(str(row.venue), status, lang),
                    ha="center",
                    va="center",
                    fontsize=8,
                    color=INK,
                    bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1},
                )
    ax.set_yticks(range(len(years)), [f"{y}년" if lang == "ko" else str(y) for y in years])
    ax.invert_yaxis()
    ko = lang == "ko"
    months = [f"{d.month}월" if ko else f"{d:%b}" for d in _MONTH_STARTS]
    ax.set_xticks([d.day_of_year - 1 for d in _MONTH_STARTS], months)
    ax.set_xlim(0, 366)
    ax.set_xlabel("월" if ko else "Month")
    ax.set_title(
        "정전회담의 날짜별 진행 상황: 회담 진행, 중단, 휴회"
        if ko
        else "The armistice talks, day by day: in session, suspended or in recess"
    )
    ax.spines[["top", "right"]].set_visible(False)
    table = talks_status_table(data_dir)
    handles = [
        Patch(
            facecolor=(*to_rgb(status_colour(s)), 0.45),
            edgecolor=INK,
            linewidth=0.6,
            hatch=STATUS_HATCHES[s],
            label=status_label(s, lang),
        )
        for s in table["status"]
    ]
    legend_below(ax, handles, ncol=len(handles), fontsize=9)
    total = int(table["days"].sum())
    first, last = periods["start"].min(), periods["end"].max()
    if ko:
        shares_ko = "; ".join(
            f"{status_label(r.status, 'ko')} {int(r.days)}일(기간 {int(r.periods)}개, {r.days / total:.0%})"
            for r in table.itertuples()
        )
        return set_description(
            ax,
            f"{day_label(first, 'ko')}부터 {day_label(last, 'ko')}까지의 정전회담을 나타낸 달력 차트이다. 한 줄이 "
            f"한 해({year_range(years[0], years[-1], 'ko')})이고, 왼쪽에서 오른쪽으로 1월부터 12월까지이다. 띠는 "
            "회담 기간을 하나씩 나타내며, 상태에 따라 색과 무늬가 다르다(무늬 없음: 회담 진행, 빗금: 회담 중단, "
            f"점: 회담 휴회). 전체 {total}일의 내역: {shares_ko}.",
            lang="ko",
        )
    shares = "; ".join(
        f"{STATUS_LABELS[r.status].lower()}: {plural(int(r.days), 'day')} "
        f"in {plural(int(r.periods), 'period')} ({r.days / total:.0%})"
        for r in table.itertuples()
    )
    return set_description(
        ax,
        f"Calendar chart of the armistice talks from {day_label(first)} to {day_label(last)}, "
        f"one row per year ({years[0]} to {years[-1]}), months from left to right; bands show each period, "
        "coloured and hatched by status (plain: in session; diagonal lines: suspended; dots: in recess). "
        f"Of the {plural(total, 'day')}: {shares}.",
    )
