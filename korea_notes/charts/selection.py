"""Choosing the events a chart shows: by phase, category and dates, or by id."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from ..datasets import descriptor, load_dataset
from ..errors import KoreaNotesError
from ._base import PathLike, as_choices, as_timestamp

#: Columns an events table needs for the charts.
EVENT_COLUMNS = ("id", "date", "end_date", "date_precision", "title", "phase", "category")


def phase_ids(data_dir: PathLike = None) -> list[str]:
    """Return the phase ids in story order (``phases.order``).

    Parameters
    ----------
    data_dir
        A data folder; by default the collection's own.

    Returns
    -------
    list of str
        Phase ids.

    Examples
    --------
    >>> phase_ids()[0]
    'division'

    """
    phases = load_dataset("phases", data_dir=data_dir).sort_values("order")
    return [str(p) for p in phases["id"]]


def event_categories(data_dir: PathLike = None) -> list[str]:
    """Return the event categories, in the order the data package lists them.

    Parameters
    ----------
    data_dir
        A data folder; by default the collection's own.

    Returns
    -------
    list of str
        Categories such as ``"negotiation"``.

    Examples
    --------
    >>> "humanitarian" in event_categories()
    True

    """
    enum = descriptor(data_dir).resource("events").field_named("category").enum
    return list(enum or ())


def _check_events_frame(events: Any) -> pd.DataFrame:
    if not isinstance(events, pd.DataFrame):
        raise KoreaNotesError(
            f"The value for `events` must be a DataFrame like kn.load_dataset('events') or None, "
            f"but {type(events).__name__} was passed"
        )
    missing = [c for c in EVENT_COLUMNS if c not in events.columns]
    if missing:
        raise KoreaNotesError(
            f"The `events` DataFrame lacks the column(s) {missing}",
            hint="pass rows of kn.load_dataset('events'), filtered as you like",
        )
    frame = events.copy()
    for column in ("date", "end_date"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def select_events(
    events: pd.DataFrame | None = None,
    *,
    phase: str | Iterable[str] | None = None,
    category: str | Iterable[str] | None = None,
    start: Any = None,
    end: Any = None,
    data_dir: PathLike = None,
) -> pd.DataFrame:
    """Return the events of some phases and categories between two dates, in date order.

    Parameters
    ----------
    events
        An events table (rows of ``kn.load_dataset("events")``); None loads all events.
    phase
        A phase id or a list of them (see ``phases.csv``); None for all.
    category
        A category or a list of them; None for all.
    start, end
        Keep events whose first day is on or after ``start`` and on or before ``end`` (dates such as
        ``"1951-07-10"``); None for no limit.
    data_dir
        A data folder; by default the collection's own.

    Returns
    -------
    pandas.DataFrame
        The matching rows, sorted by date (then id).

    Raises
    ------
    KoreaNotesError
        If a phase or category is unknown (the message lists the valid ones), a date is not a date,
        ``start`` is after ``end``, or nothing matches.

    Examples
    --------
    >>> talks = select_events(phase=["kaesong_talks", "panmunjom_talks"], category="negotiation")
    >>> set(talks["category"]) == {"negotiation"}
    True

    """
    frame = load_dataset("events", data_dir=data_dir) if events is None else _check_events_frame(events)
    phases = as_choices("phase", phase, phase_ids(data_dir))
    categories = as_choices("category", category, event_categories(data_dir))
    first = as_timestamp("start", start)
    last = as_timestamp("end", end)
    if first is not None and last is not None and first > last:
        raise KoreaNotesError(f"`start` ({first:%Y-%m-%d}) is after `end` ({last:%Y-%m-%d})")
    keep = pd.Series(True, index=frame.index)
    if phases is not None:
        keep &= frame["phase"].astype(str).isin(phases)
    if categories is not None:
        keep &= frame["category"].astype(str).isin(categories)
    if first is not None:
        keep &= frame["date"] >= first
    if last is not None:
        keep &= frame["date"] <= last
    chosen = frame.loc[keep].sort_values(["date", "id"], kind="stable")
    if chosen.empty:
        asked = {"phase": phases, "category": categories, "start": start, "end": end}
        said = ", ".join(f"{k}={v!r}" for k, v in asked.items() if v is not None) or "no filter"
        raise KoreaNotesError(f"no events match {said}", hint="widen the selection")
    return chosen


def events_by_id(ids: Sequence[str], *, data_dir: PathLike = None) -> pd.DataFrame:
    """Return the events with the given ids, in the order given.

    Parameters
    ----------
    ids
        Event ids such as ``"armistice_signed"``.
    data_dir
        A data folder; by default the collection's own.

    Returns
    -------
    pandas.DataFrame
        One row per id.

    Raises
    ------
    KoreaNotesError
        If an id is not in the events table (the message names it).

    Examples
    --------
    >>> events_by_id(["armistice_signed"])["date"].dt.year.item()
    1953

    """
    if isinstance(ids, str):
        ids = [ids]
    events = load_dataset("events", data_dir=data_dir).set_index("id", drop=False)
    missing = [i for i in ids if i not in events.index]
    if missing:
        raise KoreaNotesError(
            f"event id(s) {missing} not found",
            file="events.csv",
            column="id",
            hint="check the spelling against kn.load_dataset('events')['id'], or pass other ids",
        )
    return events.loc[list(ids)].reset_index(drop=True)
