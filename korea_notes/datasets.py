"""Load the collection's datasets, checked against ``data/datapackage.json``.

Everything here is driven by the descriptor: adding a dataset means adding a file and a resource entry,
not code.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from . import checks
from ._paths import resolve_data_dir
from .descriptor import Descriptor, Resource, read_descriptor
from .errors import KoreaNotesError
from .geodata import read_geojson
from .tables import read_table

PathLike = str | os.PathLike[str] | None
_CACHE: dict[tuple[Any, ...], Any] = {}


def _stamp(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return -1


def descriptor(data_dir: PathLike = None) -> Descriptor:
    """Return the parsed data package descriptor.

    Parameters
    ----------
    data_dir
        A data folder; by default the collection's own.

    Returns
    -------
    Descriptor
        Resources, their columns and checks.

    """
    folder = resolve_data_dir(data_dir)
    key = ("descriptor", str(folder.resolve()), _stamp(folder / "datapackage.json"))
    if key not in _CACHE:
        _CACHE[key] = read_descriptor(folder)
    return _CACHE[key]


def list_datasets(kind: Literal["table", "geojson"] | None = None, *, data_dir: PathLike = None) -> list[str]:
    """List the names of the collection's datasets.

    Parameters
    ----------
    kind
        ``"table"`` for the CSV tables (load them with :func:`load_dataset`), ``"geojson"`` for the maps'
        geometry (load them with :func:`load_geojson`), or None for both.
    data_dir
        A data folder; by default the collection's own.

    Returns
    -------
    list of str
        Dataset names in alphabetical order.

    Examples
    --------
    >>> "events" in list_datasets("table")
    True

    """
    if kind not in (None, "table", "geojson"):
        raise KoreaNotesError(
            f"The value for `kind` must be one of ['table', 'geojson', None], but {kind!r} was passed"
        )
    resources = descriptor(data_dir).resources
    return sorted(r.name for r in resources if kind is None or (r.is_table == (kind == "table")))


def _check_table(resource: Resource, desc: Descriptor, problems: checks.Problems,
                 table: Callable[[str], pd.DataFrame | None]) -> pd.DataFrame | None:
    """Read one table, check its foreign keys (``table`` gives the referenced tables) and its row checks."""
    path = desc.folder / resource.path
    read = read_table(path, resource, problems)
    if read is None:
        return None
    frame, lines = read
    referenced: dict[str, pd.DataFrame] = {}
    for fk in resource.foreign_keys:
        allowed_frame = frame if fk.resource == resource.name else table(fk.resource)
        if allowed_frame is None:  # collecting, and that table could not be read: its own problems say why
            continue
        referenced[fk.resource] = allowed_frame
        allowed = set(allowed_frame[fk.reference_field].dropna().astype(str))
        checks.check_foreign_key(list(frame[fk.field].astype(object)), lines, path.name, fk, allowed, problems)
    checks.run_checks(frame, lines, resource, referenced, problems)
    return frame


def _cycle(stack: tuple[str, ...], name: str) -> KoreaNotesError:
    return KoreaNotesError(f"foreign keys form a cycle: {' -> '.join((*stack, name))}", file="datapackage.json")


def _loaded_table(resource: Resource, desc: Descriptor, stack: tuple[str, ...] = ()) -> pd.DataFrame:
    """Read, check and cache one table, loading the tables it references first; raise at the first problem."""
    path = desc.folder / resource.path
    key = ("table", str(path.resolve()), _stamp(path), _stamp(desc.path))
    if key in _CACHE:
        return _CACHE[key]

    def table(name: str) -> pd.DataFrame:
        if name in (*stack, resource.name):
            raise _cycle((*stack, resource.name), name)
        return _loaded_table(desc.resource(name), desc, (*stack, resource.name))

    frame = _check_table(resource, desc, checks.Problems(), table)
    if frame is None:  # pragma: no cover - a strict collector raises instead
        raise KoreaNotesError("the table could not be read", file=path.name)
    _CACHE[key] = frame
    return frame


def load_dataset(name: str, *, data_dir: PathLike = None) -> pd.DataFrame:
    """Load one table as a pandas DataFrame, checked against the descriptor.

    Date columns are parsed to datetimes, whole numbers are nullable integers, and columns with a fixed
    set of values (such as an event's ``category``) are categoricals. The table's foreign keys (for
    example each ``source`` key) are checked too.

    Parameters
    ----------
    name
        A name from ``list_datasets("table")``, e.g. ``"events"``.
    data_dir
        A data folder; by default the collection's own.

    Returns
    -------
    pandas.DataFrame
        A fresh copy: change it freely.

    Raises
    ------
    KoreaNotesError
        If the name is unknown (the message lists the valid names) or the file breaks the descriptor
        (the message names file, line and column).

    Examples
    --------
    >>> events = load_dataset("events")
    >>> events.loc[events["id"] == "armistice_signed", "date"].dt.strftime("%Y-%m-%d").item()
    '1953-07-27'

    """
    desc = descriptor(data_dir)
    resource = desc.resource(name)
    if not resource.is_table:
        raise KoreaNotesError(f"{name!r} is GeoJSON, not a table; use load_geojson({name!r})")
    return _loaded_table(resource, desc).copy()


def load_geojson(name: str, *, data_dir: PathLike = None) -> dict[str, Any]:
    """Load one geographic dataset as a GeoJSON FeatureCollection (a dict, longitude first).

    Each feature carries ``name``, ``name_ko``, ``derived_from``, ``precision_km`` and ``source``: the
    lines are approximations, and these properties say how good.

    Parameters
    ----------
    name
        A name from ``list_datasets("geojson")``, e.g. ``"mdl"``.
    data_dir
        A data folder; by default the collection's own.

    Returns
    -------
    dict
        A deep copy of the FeatureCollection.

    Raises
    ------
    KoreaNotesError
        If the name is unknown, the file is not a valid FeatureCollection, or a feature's ``source``
        is not a key of the sources table.

    """
    desc = descriptor(data_dir)
    resource = desc.resource(name)
    if resource.is_table:
        raise KoreaNotesError(f"{name!r} is a table, not GeoJSON; use load_dataset({name!r})")
    path = desc.folder / resource.path
    key = ("geojson", str(path.resolve()), _stamp(path))
    if key not in _CACHE:
        data = read_geojson(path, resource, checks.Problems())
        if data is None:  # pragma: no cover - a strict collector raises instead
            raise KoreaNotesError("the file could not be read", file=path.name)
        known = set(_loaded_table(desc.resource("sources"), desc)["key"].astype(str))
        _geojson_source_keys(data, path.name, known, checks.Problems())
        _CACHE[key] = data
    return copy.deepcopy(_CACHE[key])


def _geojson_source_keys(data: dict[str, Any], file: str, known: set[str], problems: checks.Problems) -> None:
    for index, feature in enumerate(data["features"]):
        properties = feature.get("properties") or {} if isinstance(feature, dict) else {}
        for part in checks.key_values(properties.get("source"), ";"):
            if part not in known:
                problems.add(KoreaNotesError(f"feature {index}: {part!r} is not a key in sources", file=file,
                                             column="source"))


def check_data(data_dir: PathLike = None) -> tuple[dict[str, int], list[KoreaNotesError]]:
    """Check every dataset against the descriptor and the casualty-free rule, collecting every problem.

    Parameters
    ----------
    data_dir
        A data folder; by default the collection's own.

    Returns
    -------
    (dict, list of KoreaNotesError)
        Each dataset's name and its number of rows (tables) or features (GeoJSON), for the datasets that
        could be read; and every problem found, in the order found (each names file, line and column).

    Raises
    ------
    KoreaNotesError
        If the descriptor itself cannot be read.

    """
    desc = descriptor(data_dir)
    problems = checks.Problems(collect=True)
    frames: dict[str, pd.DataFrame | None] = {}

    def table(name: str, stack: tuple[str, ...] = ()) -> pd.DataFrame | None:
        if name not in frames:
            if name in stack:
                problems.add(_cycle(stack, name))
                return None
            frames[name] = _check_table(desc.resource(name), desc, problems,
                                        lambda ref: table(ref, (*stack, name)))
        return frames[name]

    counts: dict[str, int] = {}
    for resource in desc.resources:
        if resource.is_table:
            frame = table(resource.name)
            if frame is not None:
                counts[resource.name] = len(frame)
            continue
        path = desc.folder / resource.path
        data = read_geojson(path, resource, problems)
        if data is None:
            continue
        sources = table("sources")
        if sources is not None:
            _geojson_source_keys(data, path.name, set(sources["key"].dropna().astype(str)), problems)
        counts[resource.name] = len(data["features"])
    return counts, problems.items


def validate(data_dir: PathLike = None, *, limit: int | None = checks.DEFAULT_LIMIT) -> dict[str, int]:
    """Check every dataset against the descriptor and the casualty-free rule; report every problem at once.

    Parameters
    ----------
    data_dir
        A data folder; by default the collection's own.
    limit
        How many problems the error message shows per file (the rest are counted); None shows all.

    Returns
    -------
    dict
        Each dataset's name and its number of rows (tables) or features (GeoJSON).

    Raises
    ------
    korea_notes.checks.DataProblems
        A :class:`KoreaNotesError` listing every problem grouped by file (``.problems`` holds them all;
        ``file``, ``line`` and ``column`` are those of the first).

    Examples
    --------
    >>> "events" in validate()
    True

    """
    counts, problems = check_data(data_dir)
    if problems:
        raise checks.DataProblems(problems, limit=limit)
    return counts


def describe_dataset(name: str, *, data_dir: PathLike = None) -> dict[str, Any]:
    """Return a dataset's description from the descriptor: title, description, columns, licence, sources.

    Parameters
    ----------
    name
        A dataset name.
    data_dir
        A data folder; by default the collection's own.

    Returns
    -------
    dict
        ``{"name", "title", "description", "path", "columns": {name: description}, "licenses", "sources"}``.

    """
    desc = descriptor(data_dir)
    res = desc.resource(name)
    return {
        "name": res.name,
        "title": res.title,
        "description": res.description,
        "path": res.path,
        "columns": {f.name: f.description for f in res.fields},
        "licenses": res.raw.get("licenses", desc.raw.get("licenses", [])),
        "sources": res.raw.get("sources", []),
    }
