"""Read and check the GeoJSON datasets (RFC 7946: longitude first, WGS84)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .checks import Problems, casualty_figures
from .descriptor import Resource
from .errors import KoreaNotesError

GEOMETRY_TYPES = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"}


def _positions(coords: Any) -> list[list[float]]:
    """Flatten nested GeoJSON coordinate arrays into a list of positions."""
    if isinstance(coords, list | tuple) and coords and isinstance(coords[0], int | float):
        return [list(coords)]
    out: list[list[float]] = []
    for part in coords or []:
        out.extend(_positions(part))
    return out


def read_geojson(path: Path, resource: Resource, problems: Problems | None = None) -> dict[str, Any] | None:
    """Read ``path`` and check it is a FeatureCollection with the properties the descriptor requires.

    Parameters
    ----------
    path
        The GeoJSON file.
    resource
        Its description from ``datapackage.json`` (``korea_notes:featureProperties`` lists the
        properties each feature must carry).
    problems
        Where to report problems; by default the first one is raised, a collecting
        :class:`~korea_notes.checks.Problems` gets one per bad feature.

    Returns
    -------
    dict or None
        The FeatureCollection; None when collecting and the file is not a FeatureCollection at all.

    Raises
    ------
    KoreaNotesError
        When not collecting: naming the file and the feature (as its index) for invalid JSON, a wrong type,
        a missing property, a casualty figure in a text property, or a coordinate outside longitude
        -180..180 / latitude -90..90.

    """
    problems = problems if problems is not None else Problems()
    file = path.name
    if not path.is_file():
        problems.add(KoreaNotesError("the file is missing", file=str(path)))
        return None
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        problems.add(KoreaNotesError("the file is not UTF-8", file=file))
        return None
    except json.JSONDecodeError as exc:
        problems.add(KoreaNotesError(f"not valid JSON ({exc.msg})", file=file, line=exc.lineno))
        return None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        problems.add(KoreaNotesError("expected a GeoJSON FeatureCollection", file=file))
        return None
    features = data.get("features")
    if not isinstance(features, list) or not features:
        problems.add(KoreaNotesError("the FeatureCollection has no features", file=file))
        return None
    for index, feature in enumerate(features):
        where = f"feature {index}"
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRY_TYPES:
            problems.add(KoreaNotesError(f"{where} has no valid geometry", file=file))
            continue
        properties = feature.get("properties") or {}
        for name in resource.feature_properties:
            if properties.get(name) in (None, ""):
                problems.add(KoreaNotesError(f"{where} lacks the property {name!r}", file=file, column=name))
        for name, value in properties.items():
            found = casualty_figures(value) if isinstance(value, str) else []
            if found:
                example, *_ = found
                problems.add(KoreaNotesError(f"{where} states a casualty figure ({example!r})", file=file,
                                             column=name, hint="reword without the figure"))
        for lon, lat, *_ in _positions(geometry.get("coordinates")):
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                problems.add(KoreaNotesError(
                    f"{where} has the position [{lon}, {lat}] outside longitude/latitude range "
                    "(GeoJSON puts longitude first)", file=file,
                ))
                break
    return data
