"""The derived lines (38th parallel, MDL, DMZ) and the land outline, with their derivation and precision."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import folium

from ..datasets import PathLike, load_geojson
from ..i18n import check_lang
from ..palette import ROLES
from ._text import definition_list, escape_text
from ._words import LINE_DERIVATION_KO, LINE_LABELS, LINE_PRECISION_NOTE_KO, LINE_SHORT, POPUP_ROWS, word

OUTLINE_COLOUR = "#6b6b6b"


@dataclass(frozen=True)
class LineLayer:
    """How one GeoJSON dataset is drawn."""

    dataset: str
    label: str
    colour: str
    kind: str  # "line", "area" or "outline"
    dash: str | None = None

    def name(self, lang: str = "en") -> str:
        """Return the layer's name in ``lang`` (legend and layer control), e.g. ``"군사분계선 (근사)"``.

        Parameters
        ----------
        lang
            ``"en"`` or ``"ko"``.

        Returns
        -------
        str
            Plain text.

        """
        return word(LINE_LABELS[self.dataset], lang)


#: Drawing order (bottom to top) and style of each geometry layer.
GEO_LAYERS: dict[str, LineLayer] = {
    name: LineLayer(name, LINE_LABELS[name]["en"], colour, kind, dash)
    for name, colour, kind, dash in (
        ("korea_outline", OUTLINE_COLOUR, "outline", None),
        ("dmz", ROLES["dmz"], "area", None),
        ("parallel_38", ROLES["parallel_38"], "line", "8 6"),
        ("mdl", ROLES["mdl"], "line", None),
    )
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
    >>> precision_caption(("mdl",), lang="ko")  # doctest: +ELLIPSIS
    '선은 근삿값이다. ... 정밀도: 군사분계선 ±2 km.'

    """
    lang = check_lang(lang)
    parts = []
    for name in datasets:
        props = feature_properties(name, data_dir=data_dir)
        short = word(LINE_SHORT[name], lang) if name in LINE_SHORT else name
        parts.append(f"{short} ±{props['precision_km']:g} km")
    if lang == "ko":
        return ("선은 근삿값이다. Natural Earth 1:10m(퍼블릭 도메인)에서 scripts/derive_geo.py로 도출했고, "
                "비무장지대는 도출한 군사분계선의 남북으로 2 km씩 그렸다. 정밀도: " + "; ".join(parts) + ".")
    return ("Lines are approximate, derived from Natural Earth 1:10m (public domain) by "
            "scripts/derive_geo.py; the DMZ is drawn as 2 km either side of the derived MDL. "
            "Precision: " + "; ".join(parts) + ".")


def popup_html(dataset: str, *, data_dir: PathLike = None, lang: str = "en") -> str:
    """Return the escaped popup HTML for a geometry layer (names, derivation, precision, sources).

    Parameters
    ----------
    dataset
        A geometry dataset name.
    data_dir
        A data folder; by default the collection's own.
    lang
        ``"en"``, or ``"ko"``: the Korean name first, then the English one; how the line was derived and
        why it is only so precise in Korean (the English originals folded below).

    Returns
    -------
    str
        HTML.

    """
    props = feature_properties(dataset, data_dir=data_dir)
    if check_lang(lang) == "ko":
        return _popup_html_ko(dataset, props)
    title = f"<div><b>{escape_text(props['name'])}</b> · {escape_text(props.get('name_ko'))}</div>"
    return title + definition_list([
        ("How derived", props.get("derived_from")),
        ("Precision", f"about {props['precision_km']:g} km"),
        ("Why", props.get("precision_note")),
        ("Sources", str(props.get("source", "")).replace(";", ", ")),
    ])


def _korean_property(props: dict[str, Any], key: str, ours: dict[str, str], dataset: str) -> str:
    """Return a GeoJSON property's Korean text: ``<key>_ko`` if the data has it, else our summary."""
    value = props.get(f"{key}_ko")
    return str(value).strip() if value and str(value).strip() else ours.get(dataset, "")


def _popup_html_ko(dataset: str, props: dict[str, Any]) -> str:
    rows = POPUP_ROWS
    title = (f"<div><b>{escape_text(props.get('name_ko') or props['name'])}</b> · "
             f"<span lang='en'>{escape_text(props['name'])}</span></div>")
    body = definition_list([
        (word(rows["derived"], "ko"), _korean_property(props, "derived_from", LINE_DERIVATION_KO, dataset)),
        (word(rows["precision"], "ko"), f"약 ±{props['precision_km']:g} km"),
        (word(rows["why"], "ko"), _korean_property(props, "precision_note", LINE_PRECISION_NOTE_KO, dataset)),
        (word(rows["sources"], "ko"), str(props.get("source", "")).replace(";", ", ")),
    ])
    original = definition_list([("How derived", props.get("derived_from")), ("Why", props.get("precision_note"))])
    if original:
        body += (f"<details lang='en' style='margin-top:3px'><summary lang='ko' style='cursor:pointer'>"
                 f"{escape_text(word(rows['original'], 'ko'))}</summary>{original}</details>")
    return f"<div lang='ko'>{title}{body}</div>"


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
              data_dir: PathLike = None, lang: str = "en") -> folium.FeatureGroup:
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
    lang
        ``"en"`` or ``"ko"``: the language of the layer's name, popup and tooltip.

    Returns
    -------
    folium.FeatureGroup
        The layer, ready for ``.add_to(map)``.

    """
    layer = GEO_LAYERS[dataset]
    label = layer.name(lang)
    data = load_geojson(dataset, data_dir=data_dir)
    data = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": f["geometry"]} for f in data["features"]]}
    style = _style(layer, filled_land)
    group = folium.FeatureGroup(name=escape_text(label), show=show,
                                control=layer.kind != "outline")
    geojson = folium.GeoJson(data, name=escape_text(label), style_function=lambda _f, s=style: s,
                             highlight_function=None, smooth_factor=0.5)
    if layer.kind != "outline":
        props = feature_properties(dataset, data_dir=data_dir)
        folium.Popup(popup_html(dataset, data_dir=data_dir, lang=lang), max_width=360).add_to(geojson)
        names = (props.get("name_ko") or props["name"], props["name"]) if lang == "ko" else (
            props["name"], props.get("name_ko"))
        text = f"{escape_text(names[0])} · {escape_text(names[1])} (±{props['precision_km']:g} km)"
        folium.Tooltip(f"<span lang='ko'>{text}</span>" if lang == "ko" else text).add_to(geojson)
    geojson.add_to(group)
    return group
