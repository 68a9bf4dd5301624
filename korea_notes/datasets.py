"""Load the collection's datasets, checked against ``data/datapackage.json``.

Everything here is driven by the descriptor: adding a dataset means adding a file and a resource entry,
not code.
"""

from __future__ import annotations

import copy
import os
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


def _loaded_table(resource: Resource, desc: Descriptor, stack: tuple[str, ...] = ()) -> pd.DataFrame:
    """Read, check and cache one table, loading the tables it references first."""
    path = desc.folder / resource.path
    key = ("table", str(path.resolve()), _stamp(path), _stamp(desc.path))
    if key in _CACHE:
        return _CACHE[key]
    frame, lines = read_table(path, resource)
    referenced: dict[str, pd.DataFrame] = {}
    for fk in resource.foreign_keys:
        if fk.resource == resource.name:
            allowed_frame = frame
        elif fk.resource in stack:
            raise KoreaNotesError(f"foreign keys form a cycle: {' -> '.join((*stack, resource.name))}",
                                  file="datapackage.json")
        else:
            allowed_frame = _loaded_table(desc.resource(fk.resource), desc, (*stack, resource.name))
        referenced[fk.resource] = allowed_frame
        allowed = set(allowed_frame[fk.reference_field].dropna().astype(str))
        checks.check_foreign_key(list(frame[fk.field].astype(object)), lines, path.name, fk, allowed)
    checks.run_checks(frame, lines, resource, referenced)
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
        data = read_geojson(path, resource)
        known = set(_loaded_table(desc.resource("sources"), desc)["key"].astype(str))
        for index, feature in enumerate(data["features"]):
            for part in checks.key_values(feature["properties"].get("source"), ";"):
                if part not in known:
                    raise KoreaNotesError(f"feature {index}: {part!r} is not a key in sources", file=path.name,
                                          column="source")
        _CACHE[key] = data
    return copy.deepcopy(_CACHE[key])


def validate(data_dir: PathLike = None) -> dict[str, int]:
    """Check every dataset against the descriptor.

    Parameters
    ----------
    data_dir
        A data folder; by default the collection's own.

    Returns
    -------
    dict
        Each dataset's name and its number of rows (tables) or features (GeoJSON).

    Raises
    ------
    KoreaNotesError
        At the first problem, naming file, line and column.

    """
    counts: dict[str, int] = {}
    for resource in descriptor(data_dir).resources:
        if resource.is_table:
            counts[resource.name] = len(load_dataset(resource.name, data_dir=data_dir))
        else:
            counts[resource.name] = len(load_geojson(resource.name, data_dir=data_dir)["features"])
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
