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


def day_label(value: Any) -> str:
    """Format a date for labels and alt text: ``'27 Jul 1953'``.

    Parameters
    ----------
    value
        A date.

    Returns
    -------
    str
        Day, abbreviated month and year.

    Examples
    --------
    >>> day_label("1953-07-27")
    '27 Jul 1953'

    """
    stamp = pd.Timestamp(value)
    return f"{stamp.day} {stamp:%b %Y}"


def format_date_axis(ax: Axes, *, axis: str = "x") -> None:
    """Put readable dates on an axis (concise labels: months, with the year where it changes).

    Parameters
    ----------
    ax
        The Axes.
    axis
        ``"x"`` or ``"y"``.

    """
    target = ax.xaxis if axis == "x" else ax.yaxis
    locator = mdates.AutoDateLocator(minticks=5, maxticks=12)
    target.set_major_locator(locator)
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


def span_text(days: int) -> str:
    """Say how long a stretch of days is, in days below two years and in years above.

    Parameters
    ----------
    days
        A number of days.

    Returns
    -------
    str
        E.g. ``'45 days'`` or ``'about 64 years'``.

    Examples
    --------
    >>> span_text(45), span_text(23377)
    ('45 days', 'about 64 years')

    """
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
