"""A static (matplotlib) version of the armistice map: no tiles, no network, prints well."""

from __future__ import annotations

import contextlib
import math
import re
import textwrap
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..datasets import PathLike, load_dataset, load_geojson
from ..errors import KoreaNotesError
from ..i18n import check_lang
from ..palette import ROLES
from ._layers import GEO_LAYERS, precision_caption
from ._places import KIND_ROLE
from ._spec import MapLayers, MarkerGroup
from ._words import LINE_SHORT, TITLES, word
from ._words import ROLE_LABELS as ROLE_WORDS

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

ROLE_LABELS = {role: texts["en"] for role, texts in ROLE_WORDS.items()}
FULL_EXTENT = (124.0, 133.0, 33.0, 43.1)  # west, east, south, north
ASPECT = 1 / math.cos(math.radians(38.0))
SEA = "#e4eef5"
PICTURE_SIZE = (9.0, 5.4)  # inches: the shape of a notebook map (folium's 60 % ratio)
LEGEND_CORNERS = ("upper left", "lower left", "upper right", "lower right", "center left", "center right")
LABEL_SPOTS = ((5, 3, "left", "bottom"), (-5, 3, "right", "bottom"), (5, -3, "left", "top"),
               (-5, -3, "right", "top"))  # offset (points) and alignment of a label, in the order tried
LABEL_ZORDER = 5  # place labels, which the legend must not cover
MAX_NAMED = 12  # places named in a description before "and N more"
MAX_LABELLED = 15  # a static picture labels every place up to this many, else the negotiation sites
CAPTION_WIDTH = {"en": 95, "ko": 62}  # characters per caption line (a Hangul syllable is about two Latin wide)


def _fonts(lang: str) -> contextlib.AbstractContextManager[Any]:
    """Return a context in which new text takes Latin from DejaVu Sans and Hangul from a Korean font.

    Matplotlib falls back glyph by glyph only between the entries of ``font.family``, so the families of
    :data:`korea_notes.charts.fonts.FONT_FALLBACK` that are installed are set there while a Korean map draws
    (a text keeps the fonts it was created with, so the figure can be saved later; the title and axis labels,
    which exist before, get them in :func:`_render`). English maps keep the reader's fonts.
    """
    if lang != "ko":
        return contextlib.nullcontext()
    import matplotlib

    from ..charts.fonts import use_font_fallback

    return matplotlib.rc_context({"font.family": use_font_fallback()})


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


def _place_name(row: Any, lang: str) -> str:
    """Return the name a place is labelled with: ``name``, or in Korean ``name_ko`` where the data has one."""
    if lang == "ko":
        korean = getattr(row, "name_ko", None) if not isinstance(row, dict) else row.get("name_ko")
        if korean is not None and not pd.isna(korean) and str(korean).strip():
            return str(korean).strip()
    return str(row["name"] if isinstance(row, dict) else row.name)


def _plain(text: Any) -> str:
    """Text from the data shown literally by matplotlib (no mathtext from ``$``)."""
    return str(text).replace("$", r"\$")


def _draw_lines(ax: Axes, *, hidden: Iterable[str] = (), data_dir: PathLike, lang: str = "en") -> list[Any]:
    """Draw the land outline, the DMZ, the 38th parallel and the MDL (except ``hidden``); return legend handles."""
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Patch, Polygon

    hidden = set(hidden)
    outline = load_geojson("korea_outline", data_dir=data_dir)["features"][0]["geometry"]
    # One collection per layer, without updating the data limits (we set them): much faster than add_patch.
    land = [Polygon(polygon[0], closed=True) for polygon in _polygons(outline)]
    ax.add_collection(PatchCollection(land, facecolor="#f3f1ea", edgecolor="#6b6b6b", linewidth=0.6, zorder=1),
                      autolim=False)
    handles: list[Any] = []
    if "dmz" not in hidden:
        dmz = load_geojson("dmz", data_dir=data_dir)["features"][0]["geometry"]
        zone = [Polygon(polygon[0], closed=True) for polygon in _polygons(dmz)]
        ax.add_collection(PatchCollection(zone, facecolor=ROLES["dmz"], edgecolor=ROLES["dmz"], alpha=0.75,
                                          linewidth=0.8, zorder=2), autolim=False)
        handles.append(Patch(facecolor=ROLES["dmz"], alpha=0.75, label=GEO_LAYERS["dmz"].name(lang)))
    for name, style, width in (("parallel_38", (0, (6, 4)), 1.8), ("mdl", "-", 1.6)):
        if name in hidden:
            continue
        geometry = load_geojson(name, data_dir=data_dir)["features"][0]["geometry"]
        for n, part in enumerate(_parts(geometry)):
            xs, ys = zip(*[(p[0], p[1]) for p in part], strict=True)
            line = ax.plot(xs, ys, color=GEO_LAYERS[name].colour, linestyle=style, linewidth=width, zorder=3,
                           label=GEO_LAYERS[name].name(lang) if n == 0 else "_nolegend_")
            if n == 0:
                handles.append(line[0])
    return handles


def _draw_groups(ax: Axes, groups: Sequence[MarkerGroup]) -> list[Any]:
    """Mark each group's places in its colour; return one legend handle per non-empty group."""
    handles = []
    for group in groups:
        rows = group.places
        if len(rows) == 0:
            continue
        handles.append(ax.scatter(rows["lon"].astype(float), rows["lat"].astype(float), s=36, color=group.colour,
                                  edgecolor="white", linewidth=0.8, zorder=4, label=_plain(group.label)))
    return handles


def _label_places(ax: Axes, places: pd.DataFrame, *, span: float, label_size: float,
                  lang: str = "en") -> list[str]:
    """Write each place's short name beside its marker, where it overlaps no label written before.

    ``span`` is the map's width in degrees: two places closer than 1 % of it count as one spot and are
    labelled once. Each label tries the right of its marker, then the left, then below right and below left.
    In Korean a place is labelled with its ``name_ko``. Returns the names written.
    """
    near = 0.01 * span
    labelled: list[tuple[float, float]] = []
    written: list[str] = []
    boxes: list[Any] = []
    ax.apply_aspect()
    renderer = ax.figure.canvas.get_renderer()
    for row in places.sort_values("lon").itertuples(index=False):
        lon, lat = float(row.lon), float(row.lat)
        if any(abs(lon - x) < near and abs(lat - y) < near for x, y in labelled):
            continue  # the same spot is labelled already
        labelled.append((lon, lat))
        for n, (dx, dy, ha, va) in enumerate(LABEL_SPOTS):
            text = ax.annotate(_short(_place_name(row, lang)), (lon, lat), xytext=(dx, dy), ha=ha, va=va,
                               textcoords="offset points", fontsize=label_size, zorder=LABEL_ZORDER,
                               bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7})
            box = text.get_window_extent(renderer).expanded(1.08, 1.15)
            if n == len(LABEL_SPOTS) - 1 or not any(box.overlaps(other) for other in boxes):
                break
            text.remove()
        boxes.append(box)
        written.append(_place_name(row, lang))
    return written


def _role_groups(places: pd.DataFrame, lang: str = "en") -> list[MarkerGroup]:
    roles = [KIND_ROLE.get(str(k), "place") for k in places["kind"]]
    return [MarkerGroup(word(ROLE_WORDS[role], lang), ROLES[role], places[[r == role for r in roles]])
            for role in sorted(set(roles), key=list(ROLE_LABELS).index)]


def _place_legend(ax: Axes, handles: list[Any], points: list[tuple[float, float]], *, fontsize: float) -> Any:
    """Put the legend in the first corner where it covers no marker and no place label (upper left if none is).

    The figure is laid out once; the legend's box in each corner is then computed from its size.
    """
    from matplotlib.transforms import Bbox

    legend = ax.legend(handles=handles, loc=LEGEND_CORNERS[0], fontsize=fontsize, framealpha=0.95)
    if not points:
        return legend
    figure = ax.figure
    figure.draw_without_rendering()
    box, frame = legend.get_window_extent(), ax.get_window_extent()
    pad_x, pad_y = box.x0 - frame.x0, frame.y1 - box.y1  # the gap to the Axes' edges, as laid out
    markers = [ax.transData.transform(point) for point in points]
    renderer = figure.canvas.get_renderer()
    labels = [text.get_window_extent(renderer) for text in ax.texts if text.get_zorder() == LABEL_ZORDER]
    for loc in LEGEND_CORNERS:
        left = frame.x0 + pad_x if "left" in loc else frame.x1 - pad_x - box.width
        if loc.startswith("upper"):
            top = frame.y1 - pad_y
        elif loc.startswith("lower"):
            top = frame.y0 + pad_y + box.height
        else:
            top = (frame.y0 + frame.y1 + box.height) / 2
        margin = 4  # pixels around the box: a marker's half size
        corner = Bbox.from_extents(left - margin, top - box.height - margin, left + box.width + margin, top + margin)
        if not any(corner.contains(x, y) for x, y in markers) and not any(corner.overlaps(b) for b in labels):
            legend.set_loc(loc)
            return legend
    return legend


def _describe(lead: str, groups: Sequence[MarkerGroup], hidden: Iterable[str], *, data_dir: PathLike,
              lang: str = "en") -> str:
    """Return the alt text: what the map draws, every place it marks (a dozen by name), how precise it is."""
    hidden = set(hidden)
    if lang == "ko":
        return _describe_ko(lead, groups, hidden, data_dir=data_dir)
    lines = [GEO_LAYERS[name].label.replace(" (approx.)", "") for name in ("parallel_38", "mdl", "dmz")
             if name not in hidden]
    parts = ["the land outline"] + [f"the {line}" for line in lines]
    drawn = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
    names = [str(name).split(" (")[0] for group in groups for name in group.places["name"]]
    named = ", ".join(names[:MAX_NAMED]) + (f" and {len(names) - MAX_NAMED} more" if len(names) > MAX_NAMED else "")
    layers = "; ".join(group.label if re.search(r"\(\d+\)$", group.label) else f"{group.label}: {len(group.places)}"
                       for group in groups if len(group.places))
    marks = f" It marks {len(names)} place{'s' if len(names) != 1 else ''} ({layers}): {named}." if names else ""
    return f"{lead}, showing {drawn}.{marks} {precision_caption(data_dir=data_dir)}"


def _describe_ko(lead: str, groups: Sequence[MarkerGroup], hidden: set[str], *, data_dir: PathLike) -> str:
    """Return the Korean alt text (built without particles that depend on the last syllable of a name)."""
    drawn = ", ".join([word(LINE_SHORT["korea_outline"], "ko")] + [
        word(LINE_SHORT[name], "ko") for name in ("parallel_38", "mdl", "dmz") if name not in hidden])
    names = [_place_name(row, "ko").split(" (")[0] for group in groups for row in group.places.to_dict("records")]
    named = ", ".join(names[:MAX_NAMED]) + (f" 외 {len(names) - MAX_NAMED}곳" if len(names) > MAX_NAMED else "")
    layers = "; ".join(group.label if re.search(r"\(\d+\)$", group.label) else f"{group.label}: {len(group.places)}"
                       for group in groups if len(group.places))
    marks = f" 표시한 장소 {len(names)}곳 ({layers}): {named}." if names else ""
    return f"{lead}. 그린 것: {drawn}.{marks} {precision_caption(data_dir=data_dir, lang='ko')}"


def static_map(ax: Axes | None = None, *, places: pd.DataFrame | None = None,
               labels: Iterable[str] | None = None, extent: Sequence[float] | None = None,
               inset: bool | None = None, data_dir: PathLike = None, lang: str = "en") -> Axes:
    """Draw the outline, the 38th parallel, the MDL, the DMZ and places with matplotlib.

    The same layers as :func:`armistice_map`, without tiles: for print, slides and offline use. A caption
    under the map says how the lines were derived and how precise they are; an inset over the East Sea
    shows the DMZ and the negotiation sites close up. The legend goes to the first corner where it covers
    no marker. The Axes carries a description (alt text) naming every place marked, so
    ``kn.charts.caption(ax)`` shows the map and then that caption.

    Parameters
    ----------
    ax
        The Axes to draw on; by default a new figure's.
    places
        Rows of places.csv to mark; by default all places in Korea (kind other than ``abroad``). Pass an
        empty frame for none.
    labels
        Kinds of place whose English names are written beside their markers (places on the same spot are
        labelled once). By default every place passed in ``places`` is labelled; when ``places`` is not
        given, only the negotiation sites are.
    extent
        ``(west, east, south, north)`` in degrees to zoom on part of the peninsula; None for all of it.
    inset
        Add a close-up of the DMZ region (over the East Sea, lower right); None (the default) adds it
        only when the map shows the whole peninsula.
    data_dir
        A data folder; by default the collection's own.
    lang
        ``"en"`` or ``"ko"`` (Korean, 한국어): the language of the title, legend, labels, caption and description.

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
    with _fonts(check_lang(lang)):
        return _static_map(ax, places=places, labels=labels, extent=extent, inset=inset, data_dir=data_dir,
                           lang=lang)


def _static_map(ax: Axes | None, *, places: pd.DataFrame | None, labels: Iterable[str] | None,
                extent: Sequence[float] | None, inset: bool | None, data_dir: PathLike, lang: str) -> Axes:
    import matplotlib.pyplot as plt

    bounds = _checked_extent(extent)
    if inset is None:
        inset = bounds is None
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 8.5), layout="constrained")
    if labels is None:
        labels = ("negotiation_site",) if places is None else tuple(places["kind"].astype(str))
    if places is None:
        places = load_dataset("places", data_dir=data_dir)
        places = places[places["kind"].astype("string") != "abroad"]
    groups = _role_groups(places, lang)
    west, east, south, north = bounds or FULL_EXTENT
    wanted = places[places["kind"].astype("string").isin(set(labels)).fillna(False)]
    title = word(TITLES["static"], lang)
    _render(ax, groups, (), (west, south, east, north), wanted, title=title, data_dir=data_dir, lang=lang)
    if inset:
        d_west, d_south, d_east, d_north = _bounds(load_geojson("dmz", data_dir=data_dir)["features"][0]["geometry"])
        zoom = ax.inset_axes((0.62, 0.01, 0.37, 0.3))  # over the East Sea
        _draw_lines(zoom, data_dir=data_dir, lang=lang)
        _draw_groups(zoom, groups)
        zoom.set_xlim(d_west - 0.25, d_east + 0.25)
        zoom.set_ylim(d_south - 0.25, d_north + 0.2)
        inside = wanted[wanted["lon"].astype(float).between(d_west - 0.25, d_east + 0.25)
                        & wanted["lat"].astype(float).between(d_south - 0.25, d_north + 0.2)]
        zoom.set_aspect(ASPECT)
        _label_places(zoom, inside, span=d_east - d_west + 0.5, label_size=6.5, lang=lang)
        zoom.set_facecolor(SEA)
        zoom.tick_params(labelsize=6)
        zoom.set_title(word(TITLES["inset"], lang), fontsize=7, pad=2, fontfamily=plt.rcParams["font.family"])
        ax.indicate_inset_zoom(zoom, edgecolor="#555555")
    _place_legend(ax, ax.korea_notes_handles, _points(groups, ax), fontsize=8)
    return ax


def static_picture(layers: MapLayers, ax: Axes | None = None, *, lang: str | None = None) -> Axes:
    """Draw with matplotlib the same layers an interactive map shows in its first view.

    The interactive maps keep a record of their layers (``m.korea_notes_layers``); this draws it: the lines
    that start visible, every marker layer in its colour with the legend's labels, the names of the places,
    over the extent the interactive map first fits. It is the picture shown where scripts cannot run.

    Parameters
    ----------
    layers
        The record of an interactive map (``m.korea_notes_layers``).
    ax
        The Axes to draw on; by default a new 9 x 5.4 inch figure's (the interactive map's shape).
    lang
        ``"en"`` or ``"ko"`` (Korean, 한국어); None (the default) uses the map's own language (``layers.lang``),
        the only one its record holds (another raises :class:`~korea_notes.errors.KoreaNotesError`).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on, with a description (alt text) naming the places.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from korea_notes.maps import armistice_map
    >>> ax = static_picture(armistice_map().korea_notes_layers)
    >>> ax.get_legend() is not None
    True

    """
    lang = _layers_lang(layers, lang)
    with _fonts(lang):
        return _static_picture(layers, ax, lang)


def _static_picture(layers: MapLayers, ax: Axes | None, lang: str) -> Axes:
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=PICTURE_SIZE, layout="constrained")
    frames = [group.places for group in layers.groups if len(group.places)]
    shown = pd.concat(frames) if frames else pd.DataFrame({"name": [], "lon": [], "lat": [], "kind": []})
    if len(shown) > MAX_LABELLED:
        shown = shown[shown["kind"].astype("string").eq("negotiation_site").fillna(False)]
    bounds = _fitted(layers.bounds, ax)
    _render(ax, list(layers.groups), layers.hidden_lines, bounds, shown, title=layers.title,
            data_dir=layers.data_dir, caption_gap=-30, lead=_picture_lead(layers), lang=lang)
    _place_legend(ax, ax.korea_notes_handles, _points(layers.groups, ax), fontsize=7.5)
    return ax


def _render(ax: Axes, groups: list[MarkerGroup], hidden: Iterable[str], bounds: tuple[float, float, float, float],
            labelled: pd.DataFrame, *, title: str, data_dir: PathLike, caption_gap: float = -38,
            lead: str | None = None, lang: str = "en") -> None:
    """Draw lines, markers, labels, title and caption on ``ax``; keep the legend handles on the Axes."""
    import matplotlib

    from ..charts.alt_text import set_description

    west, south, east, north = bounds
    hidden = tuple(hidden)
    handles = _draw_lines(ax, hidden=hidden, data_dir=data_dir, lang=lang) + _draw_groups(ax, groups)
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(ASPECT)
    inside = labelled[labelled["lon"].astype(float).between(west, east)
                      & labelled["lat"].astype(float).between(south, north)]
    _label_places(ax, inside, span=east - west, label_size=8, lang=lang)
    fonts = {"fontfamily": list(matplotlib.rcParams["font.family"])} if lang == "ko" else {}
    ax.set_xlabel(word(TITLES["lon"], lang), **fonts)
    ax.set_ylabel(word(TITLES["lat"], lang), **fonts)
    ax.set_facecolor(SEA)
    ax.set_title(_plain(title), **fonts)
    ax.korea_notes_handles = handles
    ax.korea_notes_kind = "map"  # for captions: "지도" rather than "그림" in Korean
    caption = "\n".join(textwrap.wrap(precision_caption(data_dir=data_dir, lang=lang), CAPTION_WIDTH[lang]))
    # Below the tick labels and the axis label, whatever the height of the map.
    ax.annotate(caption, xy=(0.0, 0.0), xycoords="axes fraction", xytext=(0, caption_gap),
                textcoords="offset points", fontsize=7, va="top", ha="left", color="#333333",
                annotation_clip=False)
    set_description(ax, _describe(lead or word(TITLES["peninsula"], lang), groups, hidden, data_dir=data_dir,
                                  lang=lang), lang=lang)


def _points(groups: Iterable[MarkerGroup], ax: Axes) -> list[tuple[float, float]]:
    """Return the markers that fall inside the map's extent."""
    (west, east), (south, north) = ax.get_xlim(), ax.get_ylim()
    return [(float(lon), float(lat)) for group in groups
            for lon, lat in zip(group.places["lon"], group.places["lat"], strict=True)
            if west <= float(lon) <= east and south <= float(lat) <= north]


def _fitted(bounds: tuple[float, float, float, float], ax: Axes) -> tuple[float, float, float, float]:
    """Widen ``bounds`` to the Axes' shape (as Leaflet's fitBounds does), so the picture fills its frame."""
    west, south, east, north = bounds
    width_in, height_in = ax.figure.get_size_inches()
    shape = (width_in * 0.9) / (height_in * 0.72)  # room for the axis labels, title and caption
    width, height = (east - west) / ASPECT, north - south
    if width / height < shape:
        extra = (height * shape - width) * ASPECT / 2
        west, east = west - extra, east + extra
    else:
        extra = (width / shape - height) / 2
        south, north = south - extra, north + extra
    return west, south, east, north


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


def _picture_lead(layers: MapLayers) -> str:
    if layers.lang == "ko":
        return f"대화형 지도 \u201c{layers.title}\u201d의 정적 그림"
    return f"Static picture of the interactive map \u201c{layers.title}\u201d"


def _layers_lang(layers: MapLayers, lang: str | None) -> str:
    """Return the language to draw ``layers`` in: the map's own; another is an error (its labels are fixed)."""
    own = check_lang(layers.lang)
    if lang is not None and check_lang(lang) != own:
        raise KoreaNotesError(f"this map was built with lang={own!r}, so its picture and description are in "
                              f"that language, not {lang!r}",
                              hint=f"build the map again with lang={lang!r}")
    return own


def map_description(layers: MapLayers, *, lang: str | None = None) -> str:
    """Return the alt text of an interactive map's static picture: its layers, its places, its precision.

    Parameters
    ----------
    layers
        The map's record of its layers (``m.korea_notes_layers``).
    lang
        ``"en"`` or ``"ko"`` (Korean, 한국어); None (the default) uses the map's own language (``layers.lang``),
        the only one its record holds (another raises :class:`~korea_notes.errors.KoreaNotesError`).

    Returns
    -------
    str
        Plain text, e.g. ``"Static picture of the interactive map “The Korean War Armistice line”, showing ..."``.

    """
    lang = _layers_lang(layers, lang)
    return _describe(_picture_lead(layers), layers.groups, layers.hidden_lines, data_dir=layers.data_dir, lang=lang)
