"""Interactive folium maps: the armistice overview and smaller maps of places and of one phase."""

from __future__ import annotations

from collections.abc import Iterable

import folium
import pandas as pd
from branca.element import Element

from ..datasets import PathLike, descriptor, load_dataset, load_geojson
from ..i18n import check_lang, localized_value
from ..palette import CATEGORY_COLOURS, ROLES
from ._assets import inline_assets, use_offline_assets, use_online_assets
from ._choices import check_choice
from ._display import KoreaMap
from ._layers import GEO_LAYERS, feature_properties, geo_layer, precision_caption
from ._legend import Attribution, FoldOnSmallMaps, Legend, LegendEntry, legend_html
from ._places import KIND_ROLE, events_by_place, place_marker
from ._spec import MapLayers, MarkerGroup
from ._text import escape_text
from ._tiles import DEFAULT_TILES, add_tiles
from ._words import ATTRIBUTION, HIDDEN_NOTE, KIND_EN, TITLES, category_label, kind_label, korean_date, word
from ._words import ROLE_LABELS as ROLE_WORDS

LINE_DATASETS = ("parallel_38", "mdl", "dmz")
KIND_LABELS = KIND_EN
ROLE_ORDER = ("negotiation_site", "place", "memorial", "summit_venue")
_CONTROL_CSS = "<style>.leaflet-control-layers-expanded{font:13px/1.4 sans-serif}</style>"
_LINE_KIND = {"parallel_38": "dashed", "mdl": "line", "dmz": "area"}


def place_kinds(*, data_dir: PathLike = None) -> list[str]:
    """Return the kinds of place the data package allows (places.csv ``kind``).

    Parameters
    ----------
    data_dir
        A data folder; by default the collection's own.

    Returns
    -------
    list of str
        E.g. ``['city', 'negotiation_site', ...]``.

    """
    return list(descriptor(data_dir).resource("places").field_named("kind").enum or ())


def _base_map(*, offline: bool | None, tiles: str | None) -> KoreaMap:
    inline = inline_assets(offline)
    m = KoreaMap(location=[38.0, 127.5], zoom_start=7, tiles=None, control_scale=True)
    (use_offline_assets if inline else use_online_assets)(m)
    add_tiles(m, tiles)
    return m


def _add_lines(m: folium.Map, *, tiles: str | None, hidden: Iterable[str] = (),
               data_dir: PathLike = None, lang: str = "en") -> list[LegendEntry]:
    geo_layer("korea_outline", filled_land=tiles is None, data_dir=data_dir, lang=lang).add_to(m)
    for name in ("dmz", "parallel_38", "mdl"):  # bottom to top
        geo_layer(name, show=name not in hidden, data_dir=data_dir, lang=lang).add_to(m)
    entries = []
    for name in ("dmz", "parallel_38", "mdl"):  # legend order = the layer control's order
        layer = GEO_LAYERS[name]
        note = word(HIDDEN_NOTE, lang) if name in hidden else ""
        entries.append((layer.name(lang) + note, layer.colour, _LINE_KIND[name]))
    return entries


def _finish(m: KoreaMap, entries: list[LegendEntry], *, title: str, points: pd.DataFrame,
            groups: list[MarkerGroup], hidden: Iterable[str] = (), data_dir: PathLike,
            lang: str = "en") -> KoreaMap:
    caption = precision_caption(LINE_DATASETS, data_dir=data_dir, lang=lang)
    # The MDL runs from lower left to upper right: the legend and the layer list take the free corners.
    Legend(legend_html(entries, title=title, caption=caption, summary=_precision_summary(data_dir, lang),
                       lang=lang), position="topleft").add_to(m)
    m.get_root().header.add_child(Element(_CONTROL_CSS), name="korea_notes_css")
    if lang != "en":  # the saved page (and the notebook's iframe) says which language it is in
        m.get_root().header.add_child(Element(f"<script>document.documentElement.lang = {lang!r};</script>"),
                                      name="korea_notes_lang")
    Attribution(word(ATTRIBUTION, lang)).add_to(m)
    control = folium.LayerControl(collapsed=False, position="bottomright")
    control.add_to(m)
    west, south, east, north = _bounds(points, data_dir=data_dir)
    m.fit_bounds([[south, west], [north, east]], padding=(20, 20))
    FoldOnSmallMaps(control, [[south, west], [north, east]]).add_to(m)
    m.korea_notes_layers = MapLayers(title=title, groups=tuple(groups), hidden_lines=tuple(hidden),
                                     bounds=(west, south, east, north),
                                     legend_labels=tuple(label for label, _, _ in entries), data_dir=data_dir,
                                     lang=lang)
    return m


def _precision_summary(data_dir: PathLike, lang: str = "en") -> str:
    """Say in a few words how precise the lines are, e.g. "Lines approximate (Natural Earth, ±1.5–2 km)"."""
    values = sorted({float(feature_properties(name, data_dir=data_dir)["precision_km"]) for name in LINE_DATASETS})
    spread = f"±{values[0]:g} km" if len(values) == 1 else f"±{values[0]:g}–{values[-1]:g} km"
    if lang == "ko":
        return f"선은 근삿값 (Natural Earth 1:10m, {spread}): 도출 방법"
    return f"Lines approximate (Natural Earth 1:10m, {spread}): how derived"


def _bounds(points: pd.DataFrame, *, data_dir: PathLike) -> tuple[float, float, float, float]:
    lons: list[float] = []
    lats: list[float] = []
    dmz = load_geojson("dmz", data_dir=data_dir)["features"][0]["geometry"]
    for position in _positions(dmz["coordinates"]):
        lons.append(position[0])
        lats.append(position[1])
    lons += [float(v) for v in points["lon"]] if len(points) else []
    lats += [float(v) for v in points["lat"]] if len(points) else []
    return min(lons) - 0.1, min(lats) - 0.1, max(lons) + 0.1, max(lats) + 0.1


def _positions(coords: list) -> list[list[float]]:
    if coords and isinstance(coords[0], int | float):
        return [coords]
    return [p for part in coords for p in _positions(part)]


def _load(frame: pd.DataFrame | None, name: str, data_dir: PathLike) -> pd.DataFrame:
    return load_dataset(name, data_dir=data_dir) if frame is None else frame


def armistice_map(*, offline: bool | None = None, tiles: str | None = DEFAULT_TILES,
                  places: pd.DataFrame | None = None, events: pd.DataFrame | None = None,
                  data_dir: PathLike = None, lang: str = "en") -> folium.Map:
    """Map the 38th parallel, the Military Demarcation Line, the DMZ and the places of the armistice.

    Every layer can be switched on and off: the 38th parallel, the MDL, the DMZ, the negotiation sites
    and the other places (places of kind ``abroad`` are left out). Each place's popup gives its English
    and Korean names and the summaries of the events tied to it (``events.place_id``). The legend and the
    popups of the lines say how the lines were derived and how precise they are; a scale bar sits in a
    corner. All layers are vector layers, so they show even when the background tiles cannot load.

    Parameters
    ----------
    offline
        True inlines Leaflet and jQuery (from the xstatic packages) into the HTML, so the map renders with
        no network, in a notebook, in saved HTML and on the website; only the background tiles need the
        network. False loads them from folium's CDN links (about 250 KB smaller, blank without network).
        None (the default) asks :func:`korea_notes.maps.set_inline_assets`, then the environment variable
        ``KOREA_NOTES_MAPS_INLINE`` (``1``/``0``), and otherwise inlines.
    tiles
        Background tiles: a key of :data:`korea_notes.maps.TILES` (``"esri_gray"``, ``"esri_topo"``,
        ``"cartodb_positron"``, ``"openstreetmap"``) or None for none (the land is then filled).
    places
        Rows of places.csv to show; by default all of them.
    events
        Rows of events.csv whose summaries go in the places' popups; by default all of them.
    data_dir
        A data folder; by default the collection's own.
    lang
        ``"en"`` (English) or ``"ko"`` (Korean, 한국어): the language of the legend, the layer names, the
        popups, the precision caption, the static picture and its alt text.

    Returns
    -------
    KoreaMap
        The map (a :class:`folium.Map`); display it in a notebook or write it with :func:`save_map`. Where
        scripts cannot run (an untrusted notebook, GitHub's viewer) it shows a static picture of its layers.

    Raises
    ------
    KoreaNotesError
        If ``tiles`` or ``offline`` is not a valid choice.

    Examples
    --------
    >>> m = armistice_map(offline=True)
    >>> "leaflet" in m.get_root().render().lower()
    True

    """
    lang = check_lang(lang)
    framed = places is not None  # places chosen by the caller are all in the first view
    m = _base_map(offline=offline, tiles=tiles)
    entries = _add_lines(m, tiles=tiles, data_dir=data_dir, lang=lang)
    places = _load(places, "places", data_dir)
    events = _load(events, "events", data_dir)
    places = places[places["kind"].astype("string") != "abroad"]
    roles = places["kind"].astype("string").map(lambda k: KIND_ROLE.get(str(k), "place"))
    by_place = events_by_place(events)
    no_events = events.iloc[0:0]
    groups = []
    for role in ROLE_ORDER:
        rows = places[roles.eq(role).fillna(False)]
        if len(rows) == 0 and role != "negotiation_site":
            continue
        label = word(ROLE_WORDS[role], lang)
        group = folium.FeatureGroup(name=escape_text(label), show=True)
        for _, place in rows.iterrows():
            here = by_place.get(str(place["id"]), no_events)
            place_marker(place, here, colour=ROLES[role], lang=lang).add_to(group)
        group.add_to(m)
        entries.append((label, ROLES[role], "point"))
        groups.append(MarkerGroup(label, ROLES[role], rows))
    # Frame the line and the chosen places, or (all places) the negotiation sites: the rest is a zoom-out away.
    framed_points = places if framed else places[roles.eq("negotiation_site").fillna(False)]
    return _finish(m, entries, title=word(TITLES["armistice"], lang), points=framed_points, groups=groups,
                   data_dir=data_dir, lang=lang)


def places_map(kind: str | Iterable[str] | None = None, *, offline: bool | None = None,
               tiles: str | None = DEFAULT_TILES, data_dir: PathLike = None, lang: str = "en") -> folium.Map:
    """Map the places of one or more kinds, over the 38th parallel, the MDL and the DMZ.

    Parameters
    ----------
    kind
        A kind of place from places.csv (``"negotiation_site"``, ``"memorial"``, ``"city"``, ...), a list
        of kinds, or None for every kind but ``"abroad"``.
    offline
        Inline Leaflet and jQuery (see :func:`armistice_map`).
    tiles
        Background tiles (see :func:`armistice_map`).
    data_dir
        A data folder; by default the collection's own.
    lang
        ``"en"`` (English) or ``"ko"`` (Korean, 한국어): the language of the legend, the layer names, the
        popups, the precision caption, the static picture and its alt text.

    Returns
    -------
    KoreaMap
        The map (a :class:`folium.Map` with a static picture for views without scripts).

    Raises
    ------
    KoreaNotesError
        If a kind is not one the data package allows (the message lists them).

    Examples
    --------
    >>> m = places_map("negotiation_site")
    >>> places_map("castle")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    korea_notes.errors.KoreaNotesError: The value for `kind` must be one of [...], but 'castle' was passed

    """
    lang = check_lang(lang)
    valid = place_kinds(data_dir=data_dir)
    if kind is None:
        kinds = [k for k in valid if k != "abroad"]
    else:
        kinds = [kind] if isinstance(kind, str) else list(kind)
        for k in kinds:
            check_choice("kind", k, valid)
    m = _base_map(offline=offline, tiles=tiles)
    entries = _add_lines(m, tiles=tiles, data_dir=data_dir, lang=lang)
    places = load_dataset("places", data_dir=data_dir)
    events = load_dataset("events", data_dir=data_dir)
    places = places[places["kind"].astype("string").isin(kinds).fillna(False)]
    by_place, no_events = events_by_place(events), events.iloc[0:0]
    groups = []
    for k in kinds:
        rows = places[places["kind"].astype("string").eq(k).fillna(False)]
        name = kind_label(k, lang)
        label = (name if lang == "ko" else KIND_LABELS.get(k, name.capitalize())) + f" ({len(rows)})"
        colour = ROLES[KIND_ROLE.get(k, "place")]
        group = folium.FeatureGroup(name=escape_text(label), show=True)
        for _, place in rows.iterrows():
            place_marker(place, by_place.get(str(place["id"]), no_events), lang=lang).add_to(group)
        group.add_to(m)
        entries.append((label, colour, "point"))
        groups.append(MarkerGroup(label, colour, rows))
    title = word(TITLES["places"], lang)
    if kind is not None:
        title += ": " + ", ".join(kind_label(k, lang) if lang == "ko" else k.replace("_", " ") for k in kinds)
    return _finish(m, entries, title=title, points=places, groups=groups, data_dir=data_dir, lang=lang)


def memorials_map(*, offline: bool | None = None, tiles: str | None = DEFAULT_TILES,
                  data_dir: PathLike = None, lang: str = "en") -> folium.Map:
    """Map the memorials and museums (places of kind ``memorial`` and ``museum``).

    Parameters
    ----------
    offline
        Inline Leaflet and jQuery (see :func:`armistice_map`).
    tiles
        Background tiles (see :func:`armistice_map`).
    data_dir
        A data folder; by default the collection's own.
    lang
        ``"en"`` (English) or ``"ko"`` (Korean, 한국어): the language of the legend, the layer names, the
        popups, the precision caption, the static picture and its alt text.

    Returns
    -------
    KoreaMap
        The map (a :class:`folium.Map` with a static picture for views without scripts).

    """
    lang = check_lang(lang)
    kinds = [k for k in ("memorial", "museum") if k in place_kinds(data_dir=data_dir)]
    return places_map(kinds, offline=offline, tiles=tiles, data_dir=data_dir, lang=lang)


def phase_map(phase: str, *, offline: bool | None = None, tiles: str | None = DEFAULT_TILES,
              data_dir: PathLike = None, lang: str = "en") -> folium.Map:
    """Map the events of one phase at their places, coloured by category.

    Lines that did not exist yet during the phase (the MDL and the DMZ, before the armistice was signed)
    are drawn but hidden; the layer control shows them.

    Parameters
    ----------
    phase
        A phase id from phases.csv, e.g. ``"panmunjom_talks"``.
    offline
        Inline Leaflet and jQuery (see :func:`armistice_map`).
    tiles
        Background tiles (see :func:`armistice_map`).
    data_dir
        A data folder; by default the collection's own.
    lang
        ``"en"`` (English) or ``"ko"`` (Korean, 한국어): the language of the legend, the layer names, the
        popups, the precision caption, the static picture and its alt text.

    Returns
    -------
    KoreaMap
        The map (a :class:`folium.Map` with a static picture for views without scripts).

    Raises
    ------
    KoreaNotesError
        If ``phase`` is not a phase id (the message lists them).

    """
    lang = check_lang(lang)
    phases = load_dataset("phases", data_dir=data_dir).sort_values("order")
    check_choice("phase", phase, list(phases["id"].astype(str)))
    row = phases[phases["id"] == phase].iloc[0]
    events = load_dataset("events", data_dir=data_dir)
    signed = events.loc[events["id"] == "armistice_signed", "date"]
    hidden = ("mdl", "dmz") if len(signed) and pd.notna(row["end"]) and row["end"] < signed.iloc[0] else ()
    m = _base_map(offline=offline, tiles=tiles)
    entries = _add_lines(m, tiles=tiles, hidden=hidden, data_dir=data_dir, lang=lang)
    in_phase = events[events["phase"].astype("string").eq(phase).fillna(False)]
    places = load_dataset("places", data_dir=data_dir).set_index("id", drop=False)
    placed = in_phase[in_phase["place_id"].notna() & in_phase["place_id"].astype("string").isin(places.index)]
    shown = places.loc[sorted(set(placed["place_id"].astype(str)))] if len(placed) else places.iloc[0:0]
    by_place = events_by_place(placed)
    first = {str(pid): str(by_place[str(pid)].sort_values("date", kind="stable")["category"].iloc[0])
             for pid in shown.index}
    groups = []
    for category in dict.fromkeys(first[str(pid)] for pid in shown.sort_values("lon").index):
        colour = CATEGORY_COLOURS.get(category, ROLES["place"])
        rows = shown[[first[str(pid)] == category for pid in shown.index]]
        label = (f"이곳의 첫 사건: {category_label(category, lang)} ({len(rows)})" if lang == "ko"
                 else f"First event at the place: {category} ({len(rows)})")
        group = folium.FeatureGroup(name=escape_text(label), show=True)
        for place_id, place in rows.iterrows():
            here = by_place[str(place_id)].sort_values("date", kind="stable")
            place_marker(place, here, colour=colour, lang=lang).add_to(group)
        group.add_to(m)
        entries.append((label, colour, "point"))
        groups.append(MarkerGroup(label, colour, rows.reset_index(drop=True)))
    if lang == "ko":
        end = "" if pd.isna(row["end"]) else korean_date(row["end"])
        title = f"{localized_value(row, 'title', lang)} ({korean_date(row['start'])} ~ {end})"
    else:
        end = "" if pd.isna(row["end"]) else f"{row['end']:%Y-%m-%d}"
        title = f"{row['title']} ({row['start']:%Y-%m-%d} to {end})"
    return _finish(m, entries, title=title, points=shown, groups=groups, hidden=hidden, data_dir=data_dir,
                   lang=lang)
