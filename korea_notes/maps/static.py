"""A static (matplotlib) version of the armistice map: no tiles, no network, prints well."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..datasets import PathLike, load_dataset, load_geojson
from ..errors import KoreaNotesError
from ..palette import ROLES
from ._layers import GEO_LAYERS, precision_caption
from ._places import KIND_ROLE

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

ROLE_LABELS = {"negotiation_site": "Negotiation sites", "place": "Other places",
               "memorial": "Memorials and museums", "summit_venue": "Summit venues"}


def _parts(geometry: dict[str, Any]) -> list[list[list[float]]]:
    """Return the rings or line parts of a (Multi)LineString / (Multi)Polygon as coordinate lists."""
    kind, coords = geometry["type"], geometry["coordinates"]
    if kind == "LineString":
        return [coords]
    if kind in ("MultiLineString", "Polygon"):
        return list(coords)
    if kind == "MultiPolygon":
        return [ring for polygon in coords for ring in polygon]
    return []


def _polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    return []


def _short(text: Any) -> str:
    """Return a place's name up to its first parenthesis or dash, shown literally (no mathtext)."""
    name = str(text).split(" (")[0].split(" - ")[0]
    return _plain(name)


def _plain(text: Any) -> str:
    """Text from the data shown literally by matplotlib (no mathtext from ``$``)."""
    return str(text).replace("$", r"\$")


def _draw(ax: Axes, places: pd.DataFrame, labels: Iterable[str], *, data_dir: PathLike,
          label_size: float) -> list[Any]:
    """Draw outline, DMZ, 38th parallel, MDL and places on ``ax``; return legend handles."""
    from matplotlib.patches import Patch, Polygon

    outline = load_geojson("korea_outline", data_dir=data_dir)["features"][0]["geometry"]
    for polygon in _polygons(outline):
        ax.add_patch(Polygon(polygon[0], closed=True, facecolor="#f3f1ea", edgecolor="#6b6b6b", linewidth=0.6,
                             zorder=1))
    dmz = load_geojson("dmz", data_dir=data_dir)["features"][0]["geometry"]
    for polygon in _polygons(dmz):
        ax.add_patch(Polygon(polygon[0], closed=True, facecolor=ROLES["dmz"], edgecolor=ROLES["dmz"],
                             alpha=0.75, linewidth=0.8, zorder=2))
    handles: list[Any] = [Patch(facecolor=ROLES["dmz"], alpha=0.75, label=GEO_LAYERS["dmz"].label)]
    for name, style, width in (("parallel_38", (0, (6, 4)), 1.8), ("mdl", "-", 1.6)):
        geometry = load_geojson(name, data_dir=data_dir)["features"][0]["geometry"]
        for n, part in enumerate(_parts(geometry)):
            xs, ys = zip(*[(p[0], p[1]) for p in part], strict=True)
            line = ax.plot(xs, ys, color=GEO_LAYERS[name].colour, linestyle=style, linewidth=width, zorder=3,
                           label=GEO_LAYERS[name].label if n == 0 else "_nolegend_")
            if n == 0:
                handles.append(line[0])
    roles = [KIND_ROLE.get(str(k), "place") for k in places["kind"]]
    for role in sorted(set(roles), key=list(ROLE_LABELS).index):
        rows = places[[r == role for r in roles]]
        handles.append(ax.scatter(rows["lon"], rows["lat"], s=36, color=ROLES[role], edgecolor="white",
                                  linewidth=0.8, zorder=4, label=ROLE_LABELS[role]))
    labelled: list[tuple[float, float]] = []
    wanted = places[places["kind"].astype("string").isin(set(labels)).fillna(False)].sort_values("lon")
    rows = list(wanted.itertuples(index=False))
    for i, row in enumerate(rows):
        if any(abs(row.lon - x) < 0.05 and abs(row.lat - y) < 0.05 for x, y in labelled):
            continue  # the same spot is labelled already
        labelled.append((row.lon, row.lat))
        crowded = any(0 < other.lon - row.lon < 0.6 and abs(other.lat - row.lat) < 0.2
                      for other in rows[i + 1:])
        ax.annotate(_short(row.name), (row.lon, row.lat), xytext=(-5, 3) if crowded else (5, 3),
                    ha="right" if crowded else "left", textcoords="offset points", fontsize=label_size,
                    zorder=5, bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7})
    return handles


def static_map(ax: Axes | None = None, *, places: pd.DataFrame | None = None,
               labels: Iterable[str] = ("negotiation_site",), extent: Sequence[float] | None = None,
               inset: bool | None = None, data_dir: PathLike = None) -> Axes:
    """Draw the outline, the 38th parallel, the MDL, the DMZ and places with matplotlib.

    The same layers as :func:`armistice_map`, without tiles: for print, slides and offline use. A caption
    under the map says how the lines were derived and how precise they are; an inset over the East Sea
    shows the DMZ and the negotiation sites close up.

    Parameters
    ----------
    ax
        The Axes to draw on; by default a new figure's.
    places
        Rows of places.csv to mark; by default all places in Korea (kind other than ``abroad``). Pass an
        empty frame for none.
    labels
        Kinds of place whose English names are written beside their markers (nearby labels are thinned).
    extent
        ``(west, east, south, north)`` in degrees to zoom on part of the peninsula; None for all of it.
    inset
        Add a close-up of the DMZ region (over the East Sea, lower right); None (the default) adds it
        only when the map shows the whole peninsula.
    data_dir
        A data folder; by default the collection's own.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on (the main map, not the inset).

    Raises
    ------
    KoreaNotesError
        If ``extent`` is not four numbers with west < east and south < north.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = static_map()
    >>> ax.get_legend() is not None
    True
    >>> ax = static_map(extent=(126.45, 126.95, 37.8, 38.05))
    >>> [float(v) for v in ax.get_xlim()]
    [126.45, 126.95]

    """
    import matplotlib.pyplot as plt

    bounds = _checked_extent(extent)
    if inset is None:
        inset = bounds is None
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 8.5), layout="constrained")
    if places is None:
        places = load_dataset("places", data_dir=data_dir)
        places = places[places["kind"].astype("string") != "abroad"]
    handles = _draw(ax, places, labels, data_dir=data_dir, label_size=8)
    aspect = 1 / math.cos(math.radians(38.0))
    west_east_south_north = bounds or (124.0, 133.0, 33.0, 43.1)
    ax.set_xlim(*west_east_south_north[:2])
    ax.set_ylim(*west_east_south_north[2:])
    ax.set_aspect(aspect)
    ax.set_xlabel("Longitude (°E)")
    ax.set_ylabel("Latitude (°N)")
    ax.set_facecolor("#e4eef5")
    ax.set_title("The 38th parallel, the Military Demarcation Line and the DMZ")
    ax.legend(handles=handles, loc="upper left", fontsize=8, framealpha=0.95)
    if inset:
        west, south, east, north = _bounds(load_geojson("dmz", data_dir=data_dir)["features"][0]["geometry"])
        zoom = ax.inset_axes((0.62, 0.01, 0.37, 0.3))  # over the East Sea
        _draw(zoom, places, labels, data_dir=data_dir, label_size=6.5)
        zoom.set_xlim(west - 0.25, east + 0.25)
        zoom.set_ylim(south - 0.25, north + 0.2)
        zoom.set_aspect(aspect)
        zoom.set_facecolor("#e4eef5")
        zoom.tick_params(labelsize=6)
        zoom.set_title("DMZ close-up", fontsize=7, pad=2)
        ax.indicate_inset_zoom(zoom, edgecolor="#555555")
    caption = "\n".join(textwrap.wrap(precision_caption(data_dir=data_dir), 95))
    # Below the tick labels and the axis label, whatever the height of the map.
    ax.annotate(caption, xy=(0.0, 0.0), xycoords="axes fraction", xytext=(0, -38), textcoords="offset points",
                fontsize=7, va="top", ha="left", color="#333333", annotation_clip=False)
    return ax


def _checked_extent(extent: Sequence[float] | None) -> tuple[float, float, float, float] | None:
    """Return ``extent`` as four floats, or raise a clear error."""
    if extent is None:
        return None
    try:
        west, east, south, north = (float(v) for v in extent)
    except (TypeError, ValueError):
        raise KoreaNotesError(
            f"`extent` must be four numbers (west, east, south, north), but {extent!r} was passed"
        ) from None
    if not (west < east and south < north):
        raise KoreaNotesError(f"`extent` needs west < east and south < north, but {extent!r} was passed")
    return west, east, south, north


def _bounds(geometry: dict[str, Any]) -> tuple[float, float, float, float]:
    points = [p for part in _parts(geometry) for p in part]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)
