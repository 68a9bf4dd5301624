"""How long each agenda item of the armistice talks stayed open: a table and a bar chart."""

from __future__ import annotations

from typing import Any

import pandas as pd
from matplotlib.axes import Axes

from ..datasets import load_dataset
from ..i18n import check_lang
from ._base import PathLike, counted, day_label, get_ax, local_text, plural
from .alt_text import set_description
from .styles import INK, ITEM_COLOUR


def agenda_duration_table(data_dir: PathLike = None, *, lang: str = "en") -> pd.DataFrame:
    """Return the days from the opening of each agenda item to its approval.

    ``days`` is ``agreed - opened`` (so an item opened and agreed on the same day counts 0).

    Parameters
    ----------
    data_dir
        A data folder; by default the collection's own.
    lang
        ``"en"`` (English, the default) or ``"ko"`` (Korean, 한국어).

    Returns
    -------
    pandas.DataFrame
        Columns ``item``, ``title_short``, ``opened``, ``agreed``, ``days``, one row per item, in item
        order. In Korean a column ``title_short_ko`` follows ``title_short``: the Korean short title
        (``agenda_items.title_short_ko``, the English where that is empty).

    Examples
    --------
    >>> table = agenda_duration_table()
    >>> list(table.columns)
    ['item', 'title_short', 'opened', 'agreed', 'days']
    >>> bool((table["days"] >= 0).all())
    True
    >>> list(agenda_duration_table(lang="ko").columns)
    ['item', 'title_short', 'title_short_ko', 'opened', 'agreed', 'days']

    """
    check_lang(lang)
    items = load_dataset("agenda_items", data_dir=data_dir).sort_values("item").reset_index(drop=True)
    table = items[["item", "title_short", "opened", "agreed"]].copy()
    table["days"] = (table["agreed"] - table["opened"]).dt.days.astype("int64")
    if lang == "ko":
        table.insert(2, "title_short_ko", [local_text(row, "title_short", "ko") for _, row in items.iterrows()])
    return table


def short_titles(table: pd.DataFrame, lang: str = "en") -> list[str]:
    """Return the agenda items' short titles in ``lang``, from a table of :func:`agenda_duration_table`.

    Parameters
    ----------
    table
        The result of :func:`agenda_duration_table` (in Korean, with ``title_short_ko``).
    lang
        ``"en"`` or ``"ko"``.

    Returns
    -------
    list of str
        One title per row.

    """
    column = "title_short_ko" if lang == "ko" and "title_short_ko" in table.columns else "title_short"
    return [str(t) for t in table[column]]


def approximate_items(data_dir: PathLike = None) -> list[int]:
    """Return the agenda items whose dates are not known to the day (``precision`` other than ``day``).

    Parameters
    ----------
    data_dir
        A data folder; by default the collection's own.

    Returns
    -------
    list of int
        Item numbers, ascending.

    """
    items = load_dataset("agenda_items", data_dir=data_dir)
    return sorted(int(i) for i, p in zip(items["item"], items["precision"].astype(str), strict=True) if p != "day")


def duration_finding(table: pd.DataFrame, lang: str = "en") -> str:
    """Say in a sentence which item took longest, compared with the others.

    Parameters
    ----------
    table
        The result of :func:`agenda_duration_table` (called with the same ``lang``).
    lang
        ``"en"`` or ``"ko"``.

    Returns
    -------
    str
        The main finding.

    """
    if check_lang(lang) == "ko":
        return _duration_finding_ko(table)
    ordered = table.sort_values(["days", "item"], ascending=[False, True])
    top = ordered.iloc[0]
    others = ordered.iloc[1:]
    lead = (
        f"Item {top['item']}, {str(top['title_short']).lower()}, took {plural(int(top['days']), 'day')} "
        f"({day_label(top['opened'])} to {day_label(top['agreed'])})"
    )
    if others.empty:
        return lead + "."
    rest = int(others["days"].sum())
    if top["days"] > rest:
        return f"{lead}, longer than all the other items together ({plural(rest, 'day')})."
    runner = others.iloc[0]
    return (
        f"{lead}; the next longest, item {runner['item']} ({str(runner['title_short']).lower()}), "
        f"took {plural(int(runner['days']), 'day')}."
    )


def _duration_finding_ko(table: pd.DataFrame) -> str:
    titled = table.assign(_title=short_titles(table, "ko"))
    ordered = titled.sort_values(["days", "item"], ascending=[False, True])
    top = ordered.iloc[0]
    others = ordered.iloc[1:]
    lead = (
        f"가장 오래 걸린 의제는 의제 {top['item']}({top['_title']})이며, "
        f"{day_label(top['opened'], 'ko')}부터 {day_label(top['agreed'], 'ko')}까지 {int(top['days'])}일이 걸렸다"
    )
    if others.empty:
        return lead + "."
    rest = int(others["days"].sum())
    if top["days"] > rest:
        return f"{lead}. 나머지 의제를 모두 합친 기간({rest}일)보다 길다."
    runner = others.iloc[0]
    return (
        f"{lead}. 그다음으로 오래 걸린 의제는 의제 {runner['item']}({runner['_title']})이며, "
        f"{int(runner['days'])}일이 걸렸다."
    )


def approximate_note(items: list[int], lang: str = "en") -> str:
    """Say which items' dates are known only to the month or year (empty when none).

    Parameters
    ----------
    items
        Item numbers, from :func:`approximate_items`.
    lang
        ``"en"`` or ``"ko"``.

    Returns
    -------
    str
        A sentence starting with a space, or ``""``.

    Examples
    --------
    >>> approximate_note([3, 5])[:60]
    ' Items 3 and 5 have dates known only to the month or year (p'
    >>> approximate_note([3, 5], "ko")[:30]
    ' 의제 3, 5의 날짜는 월 또는 연도까지만 알려져 있'

    """
    if not items:
        return ""
    if check_lang(lang) == "ko":
        return (
            f" 의제 {', '.join(map(str, items))}의 날짜는 월 또는 연도까지만 알려져 있어(더 옅은 점선 막대) "
            "일수는 대략적인 값이다."
        )
    names = " and ".join([", ".join(map(str, items[:-1])), str(items[-1])]) if len(items) > 1 else str(items[0])
    many = len(items) > 1
    return (
        f" Item{'s' if many else ''} {names} {'have' if many else 'has'} dates known only to the month or "
        f"year (paler, dashed bars), so {'their counts are' if many else 'its count is'} approximate."
    )


def agenda_durations(
    ax: Axes | None = None, *, data_dir: PathLike = None, lang: str = "en", **bar_kwargs: Any
) -> Axes:
    """Draw the days each agenda item stayed open as labelled horizontal bars.

    Parameters
    ----------
    ax
        The Axes to draw on; None makes a new figure.
    data_dir
        A data folder; by default the collection's own.
    lang
        ``"en"`` (English, the default) or ``"ko"`` (Korean, 한국어).
    **bar_kwargs
        Passed on to :meth:`matplotlib.axes.Axes.barh` (e.g. ``color``).

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
    >>> ax = agenda_durations()
    >>> len(ax.patches) == len(agenda_duration_table())
    True

    """
    check_lang(lang)
    ax = get_ax(ax, (7.5, 3.6))
    table = agenda_duration_table(data_dir, lang=lang)
    labels = [f"{item}. {title}" for item, title in zip(table["item"], short_titles(table, lang), strict=True)]
    bar_kwargs.setdefault("color", ITEM_COLOUR)
    bar_kwargs.setdefault("edgecolor", INK)
    bars = ax.barh(labels, table["days"], height=0.6, **bar_kwargs)
    approx = approximate_items(data_dir)
    for bar, item in zip(bars, table["item"], strict=True):
        bar.set_gid(f"item:{item}")
        if item in approx:
            bar.set_alpha(0.55)
            bar.set_linestyle("--")
    ax.bar_label(
        bars,
        labels=[
            (("약 " if lang == "ko" else "about ") if i in approx else "") + counted(int(d), "day", "일", lang)
            for i, d in zip(table["item"], table["days"], strict=True)
        ],
        padding=4,
        color=INK,
    )
    ax.invert_yaxis()  # item 1 on top
    ax.set_xlim(0, table["days"].max() * 1.15 or 1)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    if lang == "ko":
        ax.set_xlabel("의제 상정부터 본회의 승인까지의 일수")
        ax.set_title("의제별 논의 기간")
        listing = "; ".join(
            f"의제 {item}({title}) {int(days)}일"
            for item, title, days in zip(table["item"], short_titles(table, "ko"), table["days"], strict=True)
        )
        finding = duration_finding(table, "ko")
        return set_description(
            ax,
            f"정전회담 의제 {len(table)}개가 각각 상정된 날부터 본회의에서 승인된 날까지 걸린 일수를 나타낸 "
            f"가로 막대 차트이다: {listing}. {finding}" + approximate_note(approx, "ko"),
            finding=finding,
            lang="ko",
        )
    ax.set_xlabel("Days from the opening of the item to its approval in plenary")
    ax.set_title("How long each agenda item took")
    listing = "; ".join(
        f"item {row.item} ({row.title_short}): {plural(int(row.days), 'day')}" for row in table.itertuples()
    )
    finding = duration_finding(table)
    return set_description(
        ax,
        f"Horizontal bar chart of the days from the opening of each of the {len(table)} agenda items of the "
        f"armistice talks to its approval in plenary: {listing}. {finding}" + approximate_note(approx),
        finding=finding,
    )
