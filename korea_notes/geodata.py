"""Read and check the GeoJSON datasets (RFC 7946: longitude first, WGS84)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

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


def read_geojson(path: Path, resource: Resource) -> dict[str, Any]:
    """Read ``path`` and check it is a FeatureCollection with the properties the descriptor requires.

    Parameters
    ----------
    path
        The GeoJSON file.
    resource
        Its description from ``datapackage.json`` (``korea_notes:featureProperties`` lists the
        properties each feature must carry).

    Returns
    -------
    dict
        The FeatureCollection.

    Raises
    ------
    KoreaNotesError
        Naming the file and the feature (as its index) for invalid JSON, a wrong type, a missing property,
        or a coordinate outside longitude -180..180 / latitude -90..90.

    """
    file = path.name
    if not path.is_file():
        raise KoreaNotesError("the file is missing", file=str(path))
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        raise KoreaNotesError("the file is not UTF-8", file=file) from None
    except json.JSONDecodeError as exc:
        raise KoreaNotesError(f"not valid JSON ({exc.msg})", file=file, line=exc.lineno) from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise KoreaNotesError("expected a GeoJSON FeatureCollection", file=file)
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise KoreaNotesError("the FeatureCollection has no features", file=file)
    for index, feature in enumerate(features):
        where = f"feature {index}"
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRY_TYPES:
            raise KoreaNotesError(f"{where} has no valid geometry", file=file)
        properties = feature.get("properties") or {}
        for name in resource.feature_properties:
            if properties.get(name) in (None, ""):
                raise KoreaNotesError(f"{where} lacks the property {name!r}", file=file, column=name)
        for lon, lat, *_ in _positions(geometry.get("coordinates")):
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                raise KoreaNotesError(
                    f"{where} has the position [{lon}, {lat}] outside longitude/latitude range "
                    "(GeoJSON puts longitude first)", file=file,
                )
    return data
