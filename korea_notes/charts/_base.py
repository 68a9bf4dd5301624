"""Shared plumbing for the charts: the Axes contract, argument checks and date axes."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..errors import KoreaNotesError
from ..i18n import format_date, localized_column, localized_value

PathLike = str | os.PathLike[str] | None

#: One day on a matplotlib date axis (date numbers count days).
ONE_DAY = 1.0


def get_ax(ax: Any, figsize: tuple[float, float]) -> Axes:
    """Return ``ax``, or a new Axes on a new figure when ``ax`` is None.

    Parameters
    ----------
    ax
        A matplotlib Axes, or None.
    figsize
        Size in inches of the new figure, when one is made.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes to draw on.

    Raises
    ------
    KoreaNotesError
        If ``ax`` is neither None nor an Axes.

    """
    check_ax(ax)
    if ax is None:
        import matplotlib.pyplot as plt

        _, new_ax = plt.subplots(figsize=figsize, layout="constrained")
        return new_ax
    return ax


def check_ax(ax: Any) -> None:
    """Refuse anything but None or a matplotlib Axes for ``ax``.

    Parameters
    ----------
    ax
        The value passed as ``ax``.

    Raises
    ------
    KoreaNotesError
        If ``ax`` is neither None nor an Axes.

    """
    if ax is not None and not isinstance(ax, Axes):
        raise KoreaNotesError(
            f"The value for `ax` must be a matplotlib Axes or None, but {type(ax).__name__} was passed",
            hint="make one with `fig, ax = plt.subplots()`",
        )


def as_choices(name: str, value: str | Iterable[str] | None, valid: Sequence[str]) -> list[str] | None:
    """Check a one-or-many option against its valid values.

    Parameters
    ----------
    name
        The argument's name, for the message.
    value
        None (no filter), one value, or a list of values.
    valid
        The allowed values, in the order to list them.

    Returns
    -------
    list of str or None
        The chosen values (in the order given, without repeats), or None when ``value`` is None.

    Raises
    ------
    KoreaNotesError
        If a value is not allowed (the message lists the allowed ones) or the list is empty.

    Examples
    --------
    >>> as_choices("phase", "war", ["division", "war"])
    ['war']
    >>> as_choices("phase", "peace", ["war"])
    Traceback (most recent call last):
    ...
    korea_notes.errors.KoreaNotesError: The value for `phase` must be one of ['war'], but 'peace' was passed

    """
    if value is None:
        return None
    values = [value] if isinstance(value, str) else list(value)
    if not values:
        raise KoreaNotesError(f"The value for `{name}` is an empty list; pass None for all, or some of {list(valid)}")
    chosen: list[str] = []
    for item in values:
        if item not in valid:
            raise KoreaNotesError(f"The value for `{name}` must be one of {list(valid)}, but {item!r} was passed")
        if item not in chosen:
            chosen.append(item)
    return chosen


def as_timestamp(name: str, value: Any) -> pd.Timestamp | None:
    """Turn a date-like argument (``"1953-07-27"``, a ``datetime.date``...) into a Timestamp.

    Parameters
    ----------
    name
        The argument's name, for the message.
    value
        None, or anything :func:`pandas.Timestamp` understands.

    Returns
    -------
    pandas.Timestamp or None
        The date, or None when ``value`` is None.

    Raises
    ------
    KoreaNotesError
        If ``value`` is not a date.

    """
    if value is None:
        return None
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError) as error:
        raise KoreaNotesError(
            f"The value for `{name}` must be a date such as '1953-07-27', but {value!r} was passed"
        ) from error
    if pd.isna(stamp):
        raise KoreaNotesError(f"The value for `{name}` must be a date such as '1953-07-27', but {value!r} was passed")
    return stamp


def date_num(values: Any) -> Any:
    """Convert dates (scalar, Series or array) to matplotlib date numbers (days).

    Parameters
    ----------
    values
        A date or dates.

    Returns
    -------
    float or numpy.ndarray
        Matplotlib date numbers.

    """
    if isinstance(values, pd.Series | pd.Index | np.ndarray | list):
        return mdates.date2num(np.asarray(values, dtype="datetime64[s]"))
    return float(mdates.date2num(pd.Timestamp(values).to_datetime64()))


def day_label(value: Any, lang: str = "en") -> str:
    """Format a date for labels and alt text: ``'27 Jul 1953'``, in Korean ``'1953년 7월 27일'``.

    Parameters
    ----------
    value
        A date.
    lang
        ``"en"`` or ``"ko"``.

    Returns
    -------
    str
        Day, abbreviated month and year (Korean: year, month, day).

    Examples
    --------
    >>> day_label("1953-07-27")
    '27 Jul 1953'
    >>> day_label("1953-07-27", "ko")
    '1953년 7월 27일'

    """
    stamp = pd.Timestamp(value)
    if lang == "ko":
        return format_date(stamp, lang="ko")
    return f"{stamp.day} {stamp:%b %Y}"


def precise_label(value: Any, precision: str, lang: str = "en") -> str:
    """Format a date as precisely as the data know it: to the day, the month or the year.

    Parameters
    ----------
    value
        A date.
    precision
        ``"day"``, ``"month"`` or ``"year"`` (as in the tables' ``date_precision`` / ``precision``).
    lang
        ``"en"`` or ``"ko"``.

    Returns
    -------
    str
        E.g. ``'Aug 1945'``; in Korean ``'1945년 8월'``, ``'1945년'`` or ``'1945년 8월 15일'``.

    Examples
    --------
    >>> precise_label("1945-08-01", "month"), precise_label("1945-08-01", "month", "ko")
    ('Aug 1945', '1945년 8월')
    >>> precise_label("1949-01-01", "year", "ko")
    '1949년'

    """
    stamp = pd.Timestamp(value)
    if lang == "ko":
        return format_date(stamp, lang="ko", precision=precision)
    if precision == "year":
        return f"{stamp:%Y}"
    if precision == "month":
        return f"{stamp:%b %Y}"
    return day_label(stamp, lang)


def day_range_ko(start: Any, end: Any) -> str:
    """Say a range of days in Korean, leaving out the year (and month) the end shares with the start.

    Parameters
    ----------
    start, end
        The first and last day.

    Returns
    -------
    str
        E.g. ``'1951년 7월 10일~8월 22일'``.

    Examples
    --------
    >>> day_range_ko("1952-12-02", "1952-12-05"), day_range_ko("1951-07-10", "1951-08-22")
    ('1952년 12월 2일~5일', '1951년 7월 10일~8월 22일')
    >>> day_range_ko("1952-10-08", "1953-04-26")
    '1952년 10월 8일~1953년 4월 26일'

    """
    first, last = pd.Timestamp(start), pd.Timestamp(end)
    if first.year != last.year:
        return f"{day_label(first, 'ko')}~{day_label(last, 'ko')}"
    if first.month != last.month:
        return f"{day_label(first, 'ko')}~{last.month}월 {last.day}일"
    return f"{day_label(first, 'ko')}~{last.day}일"


def year_range(first: int, last: int, lang: str = "en") -> str:
    """Say a range of years: ``'1951 to 1953'``, in Korean ``'1951~1953년'`` (one year alone when equal).

    Parameters
    ----------
    first, last
        The years.
    lang
        ``"en"`` or ``"ko"``.

    Returns
    -------
    str
        The range.

    Examples
    --------
    >>> year_range(1951, 1953), year_range(1951, 1953, "ko"), year_range(1953, 1953, "ko")
    ('1951 to 1953', '1951~1953년', '1953년')

    """
    if lang == "ko":
        return f"{first}년" if first == last else f"{first}~{last}년"
    return f"{first}" if first == last else f"{first} to {last}"


def text_em(text: str) -> float:
    """Estimate a text's width in ems: Hangul and other wide characters count 1, the rest about 0.55.

    Parameters
    ----------
    text
        The text.

    Returns
    -------
    float
        The estimated width, in multiples of the font size.

    Examples
    --------
    >>> text_em("ab"), text_em("정전")
    (1.1, 2.0)

    """
    import unicodedata

    return round(sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in text), 6)


#: A no-break space: :mod:`textwrap` does not break there (it breaks at ASCII whitespace only).
NO_BREAK = "\u00a0"


def fill_label(text: str, width: int, lang: str, *, keep: tuple[str, ...] = (), **fill_kwargs: Any) -> str:
    """Wrap a label with :func:`textwrap.fill`, never inside the parts listed in ``keep`` (e.g. a date).

    Parameters
    ----------
    text
        The label.
    width
        The wrap width for English; Korean wraps at :func:`wrap_width`.
    lang
        ``"en"`` or ``"ko"``.
    keep
        Parts of ``text`` to keep on one line (in Korean, dates such as ``1953년 7월 27일``).
    **fill_kwargs
        Passed on to :func:`textwrap.fill` (e.g. ``subsequent_indent``).

    Returns
    -------
    str
        The wrapped label.

    Examples
    --------
    >>> print(fill_label("1  상병포로 교환 (1953년 4월 20일~5월 3일)", 40, "ko", keep=("1953년 4월 20일~5월 3일",)))
    1  상병포로 교환
    (1953년 4월 20일~5월 3일)

    """
    import textwrap

    for part in keep:
        text = text.replace(part, part.replace(" ", NO_BREAK))
    return textwrap.fill(text, wrap_width(width, lang), **fill_kwargs).replace(NO_BREAK, " ")


def wrap_width(width: int, lang: str) -> int:
    """Return how many characters to wrap a label at: ``width`` in English, fewer for wide Hangul.

    Parameters
    ----------
    width
        The width in characters for English text.
    lang
        ``"en"`` or ``"ko"``.

    Returns
    -------
    int
        ``width``, or about 60 % of it in Korean (a Hangul syllable is nearly twice as wide as a letter).

    Examples
    --------
    >>> wrap_width(58, "en"), wrap_width(58, "ko")
    (58, 35)

    """
    return width if lang != "ko" else round(width * 0.6)


class KoreanConciseDateFormatter(mdates.ConciseDateFormatter):
    """Matplotlib's concise date labels in Korean: ``1953년``, ``7월``, ``27일`` (no leading zeros).

    Examples
    --------
    >>> locator = mdates.AutoDateLocator()
    >>> formatter = KoreanConciseDateFormatter(locator)
    >>> days = [pd.Timestamp("1953-01-01"), pd.Timestamp("1953-07-01")]
    >>> formatter.format_ticks([mdates.date2num(d) for d in days])
    ['1953년', '7월']

    """

    def __init__(self, locator: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formats", ["%Y년", "%m월", "%d일", "%H:%M", "%H:%M", "%S.%f"])
        kwargs.setdefault("zero_formats", ["", "%Y년", "%m월", "%m월 %d일", "%H:%M", "%H:%M"])
        day = "%Y년 %m월 %d일"
        kwargs.setdefault("offset_formats", ["", "%Y년", "%Y년 %m월", day, day, day + " %H:%M"])
        super().__init__(locator, **kwargs)

    def format_ticks(self, values: Any) -> list[str]:
        """Format the ticks as the English formatter does, then drop leading zeros (``07월`` → ``7월``)."""
        return [_drop_leading_zeros(label) for label in super().format_ticks(values)]

    def get_offset(self) -> str:
        """Return the offset text without leading zeros."""
        return _drop_leading_zeros(super().get_offset())


def _drop_leading_zeros(text: str) -> str:
    import re

    return re.sub(r"(?<!\d)0(\d)", r"\1", text)


def format_date_axis(ax: Axes, *, axis: str = "x", lang: str = "en") -> None:
    """Put readable dates on an axis (concise labels: months, with the year where it changes).

    Parameters
    ----------
    ax
        The Axes.
    axis
        ``"x"`` or ``"y"``.
    lang
        ``"en"`` (``Jul``, ``1953``) or ``"ko"`` (``7월``, ``1953년``).

    """
    target = ax.xaxis if axis == "x" else ax.yaxis
    locator = mdates.AutoDateLocator(minticks=5, maxticks=12)
    target.set_major_locator(locator)
    if lang == "ko":
        target.set_major_formatter(KoreanConciseDateFormatter(locator, show_offset=False))
    else:
        target.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))


def plural(count: int, word: str, words: str | None = None) -> str:
    """Return ``"1 event"`` or ``"3 events"``.

    Parameters
    ----------
    count
        How many.
    word
        The singular.
    words
        The plural, if not ``word + "s"``.

    Returns
    -------
    str
        Count and word.

    Examples
    --------
    >>> plural(1, "day"), plural(2, "day")
    ('1 day', '2 days')

    """
    return f"{count} {word if count == 1 else (words or word + 's')}"


def counted(count: int, word: str, counter: str, lang: str, words: str | None = None) -> str:
    """Return a count with its noun: ``plural(count, word, words)`` in English, ``count + counter`` in Korean.

    Korean nouns have no plural; a counter (``일`` days, ``건`` events, ``회`` rounds, ``개`` things)
    follows the digits.

    Parameters
    ----------
    count
        How many.
    word
        The English singular.
    counter
        What follows the digits in Korean: a counter such as ``"일"`` or ``"건"``, or a counter and a
        noun such as ``"개 기간"``.
    lang
        ``"en"`` or ``"ko"``.
    words
        The English plural, if not ``word + "s"``.

    Returns
    -------
    str
        E.g. ``'3 days'`` or ``'3일'``.

    Examples
    --------
    >>> counted(1, "day", "일", "en"), counted(3, "event", "건", "ko")
    ('1 day', '3건')

    """
    if lang == "ko":
        return f"{count}{counter}"
    return plural(count, word, words)


def span_text(days: int, lang: str = "en") -> str:
    """Say how long a stretch of days is, in days below two years and in years above.

    Parameters
    ----------
    days
        A number of days.
    lang
        ``"en"`` or ``"ko"``.

    Returns
    -------
    str
        E.g. ``'45 days'`` or ``'about 64 years'``; in Korean ``'45일'`` or ``'약 64년'``.

    Examples
    --------
    >>> span_text(45), span_text(23377)
    ('45 days', 'about 64 years')
    >>> span_text(45, "ko"), span_text(23377, "ko")
    ('45일', '약 64년')

    """
    if lang == "ko":
        return f"{days}일" if days < 730 else f"약 {round(days / 365.25)}년"
    if days < 730:
        return plural(days, "day")
    return f"about {round(days / 365.25)} years"


def legend_below(ax: Axes, handles: list[Any], *, below_points: float = 30, **legend_kwargs: Any) -> Any:
    """Put a legend centred under the Axes, a fixed distance below its bottom edge.

    A fixed distance in points (rather than a fraction of the Axes) keeps the gap the same whatever the
    figure's height.

    Parameters
    ----------
    ax
        The Axes.
    handles
        Legend handles (artists with labels).
    below_points
        Distance from the bottom of the Axes to the top of the legend, in points; leave room for tick
        labels and the x label.
    **legend_kwargs
        Passed on to :meth:`matplotlib.axes.Axes.legend`.

    Returns
    -------
    matplotlib.legend.Legend
        The legend.

    """
    from matplotlib.transforms import offset_copy

    legend_kwargs.setdefault("frameon", False)
    return ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        bbox_transform=offset_copy(ax.transAxes, fig=ax.figure, y=-below_points, units="points"),
        **legend_kwargs,
    )


def local_text(row: Any, column: str, lang: str) -> str:
    """Return a row's text in ``lang`` with :func:`korea_notes.i18n.localized_value`, missing cells as empty.

    Tables loaded with pandas hold missing text as ``pd.NA`` (or NaN); those count as empty, so the
    English text stands in for a Korean cell not yet filled.

    Parameters
    ----------
    row
        A table row: a pandas Series, a named tuple from ``itertuples()``, or a dict.
    column
        The English column, e.g. ``"title"``.
    lang
        ``"en"`` or ``"ko"``.

    Returns
    -------
    str
        The text.

    Examples
    --------
    >>> local_text({"title": "Armistice signed", "title_ko": pd.NA}, "title", "ko")
    'Armistice signed'
    >>> local_text({"title": "Armistice signed", "title_ko": "정전협정 조인"}, "title", "ko")
    '정전협정 조인'

    """
    if not hasattr(row, "get"):  # a named tuple from itertuples()
        row = {name: getattr(row, name, None) for name in (column, localized_column(column, lang))}
    return localized_value(row, column, lang)
