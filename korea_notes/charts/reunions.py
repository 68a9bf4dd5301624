"""Family reunion rounds between the two Koreas, counted per year."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes

from ..datasets import load_dataset
from ..errors import KoreaNotesError
from ..i18n import check_lang
from ._base import (
    PathLike,
    check_ax,
    date_num,
    day_label,
    format_date_axis,
    get_ax,
    legend_below,
    local_text,
    plural,
)
from .alt_text import set_description
from .event_lines import draw_event_lines
from .styles import FORMAT_LABELS, INK, category_colour

#: Reunion rounds are humanitarian events whose id starts with this.
REUNION_PREFIX = "family_"
#: Rounds held by video link (화상상봉) have ids starting with this; the others met in person.
VIDEO_PREFIX = "family_video_"
FORMATS = ("in person", "video")
#: Width of a year's bar, in days.
BAR_DAYS = 300
#: Inter-Korean summits, drawn for context, are events whose id starts with this.
SUMMIT_PREFIX = "summit_"


def reunion_rounds(data_dir: PathLike = None, *, lang: str = "en") -> pd.DataFrame:
    """Return the family-reunion events: category ``humanitarian``, id starting with ``family_``.

    Parameters
    ----------
    data_dir
        A data folder; by default the collection's own.
    lang
        ``"en"`` (English, the default) or ``"ko"`` (Korean, 한국어).

    Returns
    -------
    pandas.DataFrame
        The matching rows of the events table, in date order (possibly empty), with a ``format`` column:
        ``"video"`` for rounds held by video link (ids starting with ``family_video_``), else
        ``"in person"``.

    """
    check_lang(lang)
    events = load_dataset("events", data_dir=data_dir)
    keep = (events["category"].astype(str) == "humanitarian") & events["id"].str.startswith(REUNION_PREFIX)
    rounds = events.loc[keep].sort_values(["date", "id"]).reset_index(drop=True)
    rounds["format"] = rounds["id"].str.startswith(VIDEO_PREFIX).map({True: "video", False: "in person"})
    return rounds


def reunions_per_year(data_dir: PathLike = None, *, lang: str = "en") -> pd.Series:
    """Count family-reunion rounds per year, over every year from the first round to the last.

    Parameters
    ----------
    data_dir
        A data folder; by default the collection's own.
    lang
        ``"en"`` (English, the default) or ``"ko"`` (Korean, 한국어).

    Returns
    -------
    pandas.Series
        Integer counts indexed by year (years without rounds count 0); empty when there are no rounds.

    """
    check_lang(lang)
    rounds = reunion_rounds(data_dir)
    if rounds.empty:
        return pd.Series([], dtype="int64", name="rounds").rename_axis("year")
    years = rounds["date"].dt.year
    index = range(int(years.min()), int(years.max()) + 1)
    return years.value_counts().reindex(index, fill_value=0).astype("int64").rename("rounds").rename_axis("year")


def reunions_per_year_by_format(data_dir: PathLike = None, *, lang: str = "en") -> pd.DataFrame:
    """Count family-reunion rounds per year, in person and by video link.

    Parameters
    ----------
    data_dir
        A data folder; by default the collection's own.
    lang
        ``"en"`` (English, the default) or ``"ko"`` (Korean, 한국어).

    Returns
    -------
    pandas.DataFrame
        One row per year from the first round to the last, columns ``"in person"`` and ``"video"``.

    """
    check_lang(lang)
    rounds = reunion_rounds(data_dir)
    total = reunions_per_year(data_dir)
    table = pd.crosstab(rounds["date"].dt.year, rounds["format"]) if not rounds.empty else pd.DataFrame()
    return table.reindex(index=total.index, columns=list(FORMATS), fill_value=0).astype("int64")


def reunion_timeline(
    ax: Axes | None = None, *, data_dir: PathLike = None, summits: bool = True, lang: str = "en"
) -> Axes:
    """Draw the number of family-reunion rounds per year, with inter-Korean summits for context.

    Parameters
    ----------
    ax
        The Axes to draw on; None makes a new figure.
    data_dir
        A data folder; by default the collection's own.
    summits
        Mark events whose id starts with ``summit_`` with labelled dashed lines.
    lang
        ``"en"`` (English, the default) or ``"ko"`` (Korean, 한국어).

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
    check_lang(lang)
    check_ax(ax)
    counts = reunions_per_year(data_dir)
    if counts.empty:
        raise KoreaNotesError(
            f"no family-reunion events (category 'humanitarian', id starting with {REUNION_PREFIX!r})",
            file="events.csv",
        )
    ax = get_ax(ax, (10, 4.2))
    years = counts.index.to_numpy()
    middles = date_num(pd.to_datetime([f"{y}-07-01" for y in years]))
    by_format = reunions_per_year_by_format(data_dir)
    ax.bar(middles, by_format["in person"].to_numpy(), width=BAR_DAYS, color=category_colour("humanitarian"),
           edgecolor=INK, linewidth=0.6, gid="reunions", label=FORMAT_LABELS[lang]["in person"])
    bars = ax.bar(middles, by_format["video"].to_numpy(), bottom=by_format["in person"].to_numpy(), width=BAR_DAYS,
                  color="white", hatch="////", edgecolor=category_colour("humanitarian"), linewidth=0.6,
                  gid="video_reunions", label=FORMAT_LABELS[lang]["video"])
    ax.bar_label(bars, labels=[str(n) if n else "" for n in counts], padding=2, fontsize=8, color=INK)
    top = int(counts.max())
    ax.set_ylim(0, top * 1.8 + 0.5)  # room above the bars for the summit numbers
    ax.set_xlim(date_num(f"{years.min() - 1}-07-01"), date_num(f"{years.max() + 1}-07-01"))
    ax.yaxis.get_major_locator().set_params(integer=True)
    format_date_axis(ax, lang=lang)
    ko = lang == "ko"
    ax.set_ylabel("상봉 행사 횟수" if ko else "Reunion rounds")
    ax.set_xlabel("연도" if ko else "Year")
    ax.set_title("연도별 이산가족 상봉 행사 횟수" if ko else "Family reunion rounds per year")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    marked = pd.DataFrame()
    handles = list(ax.get_legend_handles_labels()[0])  # in person / by video link
    title = "이산가족 상봉 행사" if ko else "Reunion rounds"
    if summits:
        events = load_dataset("events", data_dir=data_dir)
        context = events[events["id"].str.startswith(SUMMIT_PREFIX)].sort_values("date")
        in_range = context["date"].dt.year.between(years.min() - 1, years.max() + 1)
        marked = context[in_range]
        if not marked.empty:
            handles += draw_event_lines(ax, marked, lang=lang)
            title = "이산가족 상봉 행사와 남북정상회담" if ko else "Reunion rounds, and the inter-Korean summits"
    legend_below(ax, handles, ncol=2, fontsize=8.5, handlelength=2.6, title=title, title_fontsize=8.5)
    if ko:
        return set_description(ax, _describe_ko(counts, marked, by_format), finding=_busiest_ko(counts), lang="ko")
    busiest = _busiest(counts)
    return set_description(ax, _describe(counts, marked, by_format), finding=busiest)


def _describe(counts: pd.Series, marked: pd.DataFrame, by_format: pd.DataFrame) -> str:
    active = counts[counts > 0]
    text = (
        "Bar chart of family-reunion rounds between the two Koreas recorded in this collection, per year "
        f"from {counts.index.min()} to {counts.index.max()}: {plural(int(counts.sum()), 'round')} in "
        f"{plural(len(active), 'year')} ({int(by_format['in person'].sum())} in person, "
        f"{int(by_format['video'].sum())} by video link, stacked and hatched)."
    )
    text += " " + _busiest(counts)
    zero_run = _longest_zero_run(counts)
    if zero_run is not None:
        first, last = zero_run
        text += (
            f" The longest stretch without a round runs from {first} to {last} ({plural(last - first + 1, 'year')})."
        )
    if not marked.empty:
        text += (
            " Numbered vertical lines mark inter-Korean summits: "
            + "; ".join(f"{r.title} ({day_label(r.date)})" for r in marked.itertuples())
            + "."
        )
        summit_years = {int(y) for y in marked["date"].dt.year}
        near = [int(y) for y in active.index if y in summit_years or y - 1 in summit_years]
        rounds_near = int(active.loc[near].sum())
        text += f" {rounds_near} of the {plural(int(active.sum()), 'round')} fell in a summit year or the year after."
    return text


def _describe_ko(counts: pd.Series, marked: pd.DataFrame, by_format: pd.DataFrame) -> str:
    active = counts[counts > 0]
    text = (
        "이 자료 모음에 기록된 남북 이산가족 상봉 행사를 연도별로 센 막대 차트로, "
        f"{counts.index.min()}년부터 {counts.index.max()}년까지를 보여 준다. 상봉 행사는 모두 "
        f"{int(counts.sum())}회이며 {len(active)}개 연도에 걸쳐 열렸다"
        f"(대면 상봉 {int(by_format['in person'].sum())}회, 화상 상봉 {int(by_format['video'].sum())}회; "
        "화상 상봉은 빗금 막대로 위에 쌓았다)."
    )
    text += " " + _busiest_ko(counts)
    zero_run = _longest_zero_run(counts)
    if zero_run is not None:
        first, last = zero_run
        text += f" 상봉 행사가 없었던 가장 긴 기간은 {first}년부터 {last}년까지({last - first + 1}년)이다."
    if not marked.empty:
        text += (
            " 번호를 붙인 세로선은 남북정상회담을 나타낸다: "
            + "; ".join(f"{local_text(r, 'title', 'ko')}({day_label(r.date, 'ko')})" for r in marked.itertuples())
            + "."
        )
        summit_years = {int(y) for y in marked["date"].dt.year}
        near = [int(y) for y in active.index if y in summit_years or y - 1 in summit_years]
        rounds_near = int(active.loc[near].sum())
        text += f" 상봉 행사 {int(active.sum())}회 가운데 {rounds_near}회가 정상회담이 열린 해나 그 이듬해에 있었다."
    return text


def _busiest_ko(counts: pd.Series) -> str:
    """Name the year (or years) with the most rounds, in Korean: the main finding."""
    most = int(counts.max())
    busiest = [int(y) for y in counts.index[counts == most]]
    if len(busiest) == 1:
        return f"상봉 행사가 가장 많았던 해는 {busiest[0]}년({most}회)이다."
    return f"상봉 행사가 {most}회를 넘은 해는 없다({', '.join(f'{y}년' for y in busiest)}에 {most}회)."


def _busiest(counts: pd.Series) -> str:
    """Name the year (or years) with the most rounds: the chart's main finding, as a sentence."""
    most = int(counts.max())
    busiest = [int(y) for y in counts.index[counts == most]]
    if len(busiest) == 1:
        return f"The busiest year is {busiest[0]} ({plural(most, 'round')})."
    return f"No year has more than {plural(most, 'round')} ({', '.join(map(str, busiest))})."


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
