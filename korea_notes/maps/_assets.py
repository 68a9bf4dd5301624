"""Leaflet and jQuery for a map: from their CDNs (online) or inlined from xstatic packages (offline).

folium lists its assets in the class attributes ``folium.Map.default_js`` / ``default_css``, shared by
every map. We never change those lists: each map gets its own instance attributes instead.
"""

from __future__ import annotations

import re
import warnings
from functools import cache
from pathlib import Path

import folium
from branca.element import Element

#: The assets our maps need (CircleMarker and vector layers: no bootstrap, no awesome-markers).
JS_NEEDED = ("leaflet", "jquery")
CSS_NEEDED = ("leaflet_css",)


def _class_assets() -> tuple[dict[str, str], dict[str, str]]:
    return dict(folium.Map.default_js), dict(folium.Map.default_css)


def folium_asset_versions() -> dict[str, str]:
    """Return the Leaflet and jQuery versions folium's CDN links name.

    Returns
    -------
    dict
        ``{"leaflet": "1.9.3", "jquery": "3.7.1"}`` for folium 0.20.

    Examples
    --------
    >>> sorted(folium_asset_versions())
    ['jquery', 'leaflet']

    """
    js, _ = _class_assets()
    versions = {}
    for name, pattern in (("leaflet", r"leaflet@(\d+(?:\.\d+)+)"), ("jquery", r"jquery-(\d+(?:\.\d+)+)")):
        match = re.search(pattern, js.get(name, ""))
        versions[name] = match.group(1) if match else "unknown"
    return versions


def xstatic_asset_versions() -> dict[str, str]:
    """Return the Leaflet and jQuery versions the xstatic packages carry.

    Returns
    -------
    dict
        ``{"leaflet": ..., "jquery": ...}``.

    """
    import xstatic.pkg.jquery as xjquery
    import xstatic.pkg.leaflet as xleaflet

    return {"leaflet": xleaflet.VERSION, "jquery": xjquery.VERSION}


@cache
def _inline_sources() -> tuple[str, str, str]:
    """Return (leaflet.js, jquery.min.js, leaflet.css) text from the xstatic packages."""
    import xstatic.pkg.jquery as xjquery
    import xstatic.pkg.leaflet as xleaflet

    leaflet_dir, jquery_dir = Path(xleaflet.BASE_DIR), Path(xjquery.BASE_DIR)
    leaflet_js = (leaflet_dir / "leaflet.js").read_text(encoding="utf-8")
    jquery_js = (jquery_dir / "jquery.min.js").read_text(encoding="utf-8")
    leaflet_css = (leaflet_dir / "leaflet.css").read_text(encoding="utf-8")
    return leaflet_js, jquery_js, leaflet_css


def local_asset_path(url: str) -> Path | None:
    """Return the xstatic file that stands for one of folium's CDN URLs (for tests that route requests).

    Parameters
    ----------
    url
        A URL from ``folium.Map.default_js`` / ``default_css``.

    Returns
    -------
    pathlib.Path or None
        The local file, or None if we have no copy of it.

    """
    import xstatic.pkg.jquery as xjquery
    import xstatic.pkg.leaflet as xleaflet

    name = url.rsplit("/", 1)[-1]
    if "leaflet" in url and name in ("leaflet.js", "leaflet.css"):
        return Path(xleaflet.BASE_DIR) / name
    if re.fullmatch(r"jquery-[\d.]+\.min\.js", name):
        return Path(xjquery.BASE_DIR) / "jquery.min.js"
    return None


def _script_safe(text: str) -> str:
    # Inside <script>/<style>, only "</" can end the element early.
    return text.replace("</", "<\\/")


def use_online_assets(m: folium.Map) -> None:
    """Load only Leaflet and jQuery (and Leaflet's CSS) from folium's CDN links, for this map only.

    Parameters
    ----------
    m
        The map.

    """
    js, css = _class_assets()
    m.default_js = [(name, js[name]) for name in JS_NEEDED]
    m.default_css = [(name, css[name]) for name in CSS_NEEDED]


def use_offline_assets(m: folium.Map) -> None:
    """Inline Leaflet and jQuery from the xstatic packages into this map's HTML.

    The map then renders with no network at all (in a notebook and in saved HTML); only tiles, which are
    optional, need the network. A warning says so if xstatic's Leaflet is not the version folium names.

    Parameters
    ----------
    m
        The map (before it is rendered).

    """
    wanted, have = folium_asset_versions(), xstatic_asset_versions()
    for name in JS_NEEDED:
        if wanted[name] != have[name]:
            warnings.warn(f"folium expects {name} {wanted[name]} but xstatic carries {have[name]}; "
                          "the offline map uses the xstatic copy", stacklevel=3)
    leaflet_js, jquery_js, leaflet_css = _inline_sources()
    m.default_js = []
    m.default_css = []
    header = m.get_root().header
    header.add_child(Element(f"<style>{_script_safe(leaflet_css)}</style>"), name="leaflet_css_inline")
    header.add_child(Element(f"<script>{_script_safe(leaflet_js)}</script>"), name="leaflet_inline")
    header.add_child(Element(f"<script>{_script_safe(jquery_js)}</script>"), name="jquery_inline")
