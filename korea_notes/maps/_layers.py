"""The derived lines (38th parallel, MDL, DMZ) and the land outline, with their derivation and precision."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import folium

from ..datasets import PathLike, load_geojson
from ..i18n import check_lang
from ..palette import ROLES
from ._text import definition_list, escape_text

OUTLINE_COLOUR = "#6b6b6b"


@dataclass(frozen=True)
class LineLayer:
    """How one GeoJSON dataset is drawn."""

    dataset: str
    label: str
    colour: str
    kind: str  # "line", "area" or "outline"
    dash: str | None = None


#: Drawing order (bottom to top) and style of each geometry layer.
GEO_LAYERS: dict[str, LineLayer] = {
    "korea_outline": LineLayer("korea_outline", "Land outline (Natural Earth)", OUTLINE_COLOUR, "outline"),
    "dmz": LineLayer("dmz", "Demilitarized Zone (approx.)", ROLES["dmz"], "area"),
    "parallel_38": LineLayer("parallel_38", "38th parallel (1945 division line)", ROLES["parallel_38"],
                             "line", dash="8 6"),
    "mdl": LineLayer("mdl", "Military Demarcation Line (approx.)", ROLES["mdl"], "line"),
}


def feature_properties(dataset: str, *, data_dir: PathLike = None) -> dict[str, Any]:
    """Return the properties of a geometry dataset's (first) feature: name, derivation, precision, source.

    Parameters
    ----------
    dataset
        ``"mdl"``, ``"dmz"``, ``"parallel_38"`` or ``"korea_outline"``.
    data_dir
        A data folder; by default the collection's own.

    Returns
    -------
    dict
        The feature's properties.

    """
    return load_geojson(dataset, data_dir=data_dir)["features"][0]["properties"]


def precision_caption(datasets: tuple[str, ...] = ("parallel_38", "mdl", "dmz"), *,
                      data_dir: PathLike = None, lang: str = "en") -> str:
    """Say, in one plain-text sentence, how the drawn lines were derived and how precise they are.

    Parameters
    ----------
    datasets
        The geometry datasets drawn.
    data_dir
        A data folder; by default the collection's own.
    lang
        ``"en"`` or ``"ko"`` (Korean, 한국어).

    Returns
    -------
    str
        E.g. ``"Lines are approximate, derived from Natural Earth 1:10m (scripts/derive_geo.py): ..."``.

    Examples
    --------
    >>> "Natural Earth" in precision_caption()
    True

    """
    lang = check_lang(lang)
    parts = []
    for name in datasets:
        props = feature_properties(name, data_dir=data_dir)
        short = GEO_LAYERS[name].label.replace(" (approx.)", "") if name in GEO_LAYERS else name
        parts.append(f"{short} ±{props['precision_km']:g} km")
    return ("Lines are approximate, derived from Natural Earth 1:10m (public domain) by "
            "scripts/derive_geo.py; the DMZ is drawn as 2 km either side of the derived MDL. "
            "Precision: " + "; ".join(parts) + ".")


def popup_html(dataset: str, *, data_dir: PathLike = None) -> str:
    """Return the escaped popup HTML for a geometry layer (names, derivation, precision, sources).

    Parameters
    ----------
    dataset
        A geometry dataset name.
    data_dir
        A data folder; by default the collection's own.

    Returns
    -------
    str
        HTML.

    """
    props = feature_properties(dataset, data_dir=data_dir)
    title = f"<div><b>{escape_text(props['name'])}</b> · {escape_text(props.get('name_ko'))}</div>"
    return title + definition_list([
        ("How derived", props.get("derived_from")),
        ("Precision", f"about {props['precision_km']:g} km"),
        ("Why", props.get("precision_note")),
        ("Sources", str(props.get("source", "")).replace(";", ", ")),
    ])


def _style(layer: LineLayer, filled_land: bool) -> dict[str, Any]:
    if layer.kind == "outline":
        return {"color": layer.colour, "weight": 0.8, "fill": True, "fillColor": "#fbfaf6",
                "fillOpacity": 0.9 if filled_land else 0.0}
    if layer.kind == "area":
        return {"color": layer.colour, "weight": 1, "fill": True, "fillColor": layer.colour,
                "fillOpacity": 0.45}
    style = {"color": layer.colour, "weight": 3, "opacity": 0.95}
    if layer.dash:
        style["dashArray"] = layer.dash
    return style


def geo_layer(dataset: str, *, show: bool = True, filled_land: bool = False,
              data_dir: PathLike = None) -> folium.FeatureGroup:
    """Build a toggleable layer holding one geometry dataset, with its popup and tooltip.

    Parameters
    ----------
    dataset
        A key of :data:`GEO_LAYERS`.
    show
        Whether the layer starts visible.
    filled_land
        Fill the outline's land (for maps without tiles).
    data_dir
        A data folder; by default the collection's own.

    Returns
    -------
    folium.FeatureGroup
        The layer, ready for ``.add_to(map)``.

    """
    layer = GEO_LAYERS[dataset]
    data = load_geojson(dataset, data_dir=data_dir)
    data = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": f["geometry"]} for f in data["features"]]}
    style = _style(layer, filled_land)
    group = folium.FeatureGroup(name=escape_text(layer.label), show=show,
                                control=layer.kind != "outline")
    geojson = folium.GeoJson(data, name=escape_text(layer.label), style_function=lambda _f, s=style: s,
                             highlight_function=None, smooth_factor=0.5)
    if layer.kind != "outline":
        props = feature_properties(dataset, data_dir=data_dir)
        folium.Popup(popup_html(dataset, data_dir=data_dir), max_width=360).add_to(geojson)
        folium.Tooltip(f"{escape_text(props['name'])} · {escape_text(props.get('name_ko'))}"
                       f" (±{props['precision_km']:g} km)").add_to(geojson)
    geojson.add_to(group)
    return group
