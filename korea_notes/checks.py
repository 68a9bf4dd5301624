"""Checks that span rows or tables: date order, coordinate boxes, contiguity and foreign keys.

Each check is named in ``datapackage.json`` (``korea_notes:checks`` and ``foreignKeys``); this module holds
one function per kind of check and no knowledge of particular datasets.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from .descriptor import ForeignKey, Resource
from .errors import KoreaNotesError

Tables = Mapping[str, pd.DataFrame]


def _file(resource: Resource) -> str:
    return resource.path.rsplit("/", 1)[-1]


def check_date_order(frame: pd.DataFrame, lines: list[int], resource: Resource, spec: dict[str, Any],
                     tables: Tables) -> None:
    """Raise if a row's end date (``spec['end']``) is before its start date (``spec['start']``)."""
    start, end = frame[spec["start"]], frame[spec["end"]]
    bad = (end.notna() & start.notna() & (end < start)).to_numpy().nonzero()[0]
    if len(bad):
        i = bad[0]
        raise KoreaNotesError(
            f"{spec['end']} {end.iloc[i]:%Y-%m-%d} is before {spec['start']} {start.iloc[i]:%Y-%m-%d}",
            file=_file(resource), line=lines[i], column=spec["end"],
        )


def check_within_box(frame: pd.DataFrame, lines: list[int], resource: Resource, spec: dict[str, Any],
                     tables: Tables) -> None:
    """Raise if a coordinate lies outside the box, unless the row is exempt (``spec['unless']``)."""
    lat_lo, lat_hi = spec["lat_range"]
    lon_lo, lon_hi = spec["lon_range"]
    exempt = pd.Series(False, index=frame.index)
    if "unless" in spec:
        exempt = frame[spec["unless"]["field"]].astype("string").isin(spec["unless"]["in"]).fillna(False)
    for i in range(len(frame)):
        if exempt.iloc[i]:
            continue
        lat, lon = frame[spec["lat"]].iloc[i], frame[spec["lon"]].iloc[i]
        if pd.isna(lat) or pd.isna(lon):
            continue
        if not (lat_lo <= lat <= lat_hi):
            raise KoreaNotesError(
                f"latitude {lat} is outside the Korean peninsula's box {lat_lo}..{lat_hi}",
                file=_file(resource), line=lines[i], column=spec["lat"],
                hint="swapped lat/lon? or set kind to 'abroad' for a place outside Korea",
            )
        if not (lon_lo <= lon <= lon_hi):
            raise KoreaNotesError(
                f"longitude {lon} is outside the Korean peninsula's box {lon_lo}..{lon_hi}",
                file=_file(resource), line=lines[i], column=spec["lon"],
                hint="swapped lat/lon? or set kind to 'abroad' for a place outside Korea",
            )


def check_contiguous(frame: pd.DataFrame, lines: list[int], resource: Resource, spec: dict[str, Any],
                     tables: Tables) -> None:
    """Raise unless the rows' periods follow each other day after day and cover ``spec['covers']``."""
    order = frame[spec["start"]].argsort(kind="stable").to_numpy()
    first, last = (pd.Timestamp(d) for d in spec["covers"])
    starts, ends = frame[spec["start"]], frame[spec["end"]]
    if starts.iloc[order[0]] != first:
        raise KoreaNotesError(f"the first period must start on {first:%Y-%m-%d}", file=_file(resource),
                              line=lines[order[0]], column=spec["start"])
    for prev, cur in zip(order[:-1], order[1:], strict=True):
        expected = ends.iloc[prev] + pd.Timedelta(days=1)
        if starts.iloc[cur] != expected:
            raise KoreaNotesError(
                f"this period starts on {starts.iloc[cur]:%Y-%m-%d} but the one before ends on "
                f"{ends.iloc[prev]:%Y-%m-%d}; periods must follow each other without gap or overlap",
                file=_file(resource), line=lines[cur], column=spec["start"],
            )
    if ends.iloc[order[-1]] != last:
        raise KoreaNotesError(f"the last period must end on {last:%Y-%m-%d}", file=_file(resource),
                              line=lines[order[-1]], column=spec["end"])


def check_date_in_referenced_range(frame: pd.DataFrame, lines: list[int], resource: Resource,
                                   spec: dict[str, Any], tables: Tables) -> None:
    """Raise if a row's date falls outside the start..end of the row it references (e.g. its phase)."""
    ref = tables[spec["resource"]].set_index(spec["reference_field"])
    for i in range(len(frame)):
        key, when = frame[spec["key"]].iloc[i], frame[spec["field"]].iloc[i]
        if pd.isna(key) or pd.isna(when) or key not in ref.index:
            continue
        lo, hi = ref.at[key, spec["start"]], ref.at[key, spec["end"]]
        if when < lo or (pd.notna(hi) and when > hi):
            span = f"{lo:%Y-%m-%d}..{'' if pd.isna(hi) else f'{hi:%Y-%m-%d}'}"
            raise KoreaNotesError(
                f"{spec['field']} {when:%Y-%m-%d} is outside {spec['key']} {key!r} ({span})",
                file=_file(resource), line=lines[i], column=spec["field"],
            )


ROW_CHECKS: dict[str, Callable[..., None]] = {
    "date_order": check_date_order,
    "within_box": check_within_box,
    "contiguous": check_contiguous,
    "date_in_referenced_range": check_date_in_referenced_range,
}


def run_checks(frame: pd.DataFrame, lines: list[int], resource: Resource, tables: Tables) -> None:
    """Run every check the descriptor lists for ``resource``.

    Raises
    ------
    KoreaNotesError
        From the first failing check, naming file, line and column; or if the descriptor names an
        unknown kind of check.

    """
    for spec in resource.checks:
        kind = spec.get("type")
        if kind not in ROW_CHECKS:
            raise KoreaNotesError(f"unknown check type {kind!r} for {resource.name!r}; known: {', '.join(ROW_CHECKS)}",
                                  file="datapackage.json")
        ROW_CHECKS[kind](frame, lines, resource, spec, tables)


def key_values(value: Any, separator: str | None) -> list[str]:
    """Split a foreign-key cell into its keys (one, or several joined by ``separator``)."""
    if value is None or pd.isna(value):
        return []
    text = str(value)
    return text.split(separator) if separator else [text]


def check_foreign_key(values: list[Any], lines: list[int], file: str, key: ForeignKey,
                      allowed: set[str]) -> None:
    """Raise if a value (or one of its ``;``-separated keys) is not among ``allowed``.

    Parameters
    ----------
    values
        The column's cells.
    lines
        The file line of each cell.
    file
        The file name, for the message.
    key
        The foreign key from the descriptor.
    allowed
        The referenced column's values.

    """
    for value, line in zip(values, lines, strict=True):
        for part in key_values(value, key.separator):
            if part not in allowed:
                sample = ", ".join(sorted(allowed)[:8])
                raise KoreaNotesError(
                    f"{part!r} is not a known {key.reference_field} in {key.resource}",
                    file=file, line=line, column=key.field,
                    hint=f"add it to {key.resource} or use an existing one (e.g. {sample}, ...)",
                )
