"""Leaflet and jQuery for a map: inlined from xstatic packages (the default) or loaded from their CDNs.

Which one a map gets, in this order of precedence:

1. the map function's ``offline=`` argument, when it is True or False;
2. :func:`set_inline_assets` (a default for this Python session), unless it was reset with None;
3. the environment variable ``KOREA_NOTES_MAPS_INLINE``: ``"1"`` inlines, ``"0"`` loads from the CDN
   (the website and handout builds set ``"1"``);
4. otherwise inline: a map that carries its own Leaflet never goes blank behind a firewall, in a saved
   page or on a static site. It costs about 250 KB of HTML per map.

folium lists its assets in the class attributes ``folium.Map.default_js`` / ``default_css``, shared by
every map. We never change those lists: each map gets its own instance attributes instead.
"""

from __future__ import annotations

import os
import re
import warnings
from functools import cache
from pathlib import Path

import folium
from branca.element import Element

from ..errors import KoreaNotesError

#: The assets our maps need (CircleMarker and vector layers: no bootstrap, no awesome-markers).
JS_NEEDED = ("leaflet", "jquery")
CSS_NEEDED = ("leaflet_css",)

#: The environment variable that sets the default: "1" inlines Leaflet and jQuery, "0" uses the CDN.
INLINE_ENV = "KOREA_NOTES_MAPS_INLINE"
#: The default when neither :func:`set_inline_assets` nor the environment variable says otherwise.
INLINE_BY_DEFAULT = True
_ENV_VALUES = {"1": True, "0": False, "true": True, "false": False}
_session_default: bool | None = None


def set_inline_assets(inline: bool | None) -> None:
    """Set, for this Python session, whether maps carry Leaflet and jQuery inline.

    Parameters
    ----------
    inline
        True: every map made afterwards inlines Leaflet and jQuery (renders with no network); False: maps
        load them from folium's CDN links (smaller HTML, blank without the network); None: forget the
        setting, so ``KOREA_NOTES_MAPS_INLINE`` or the built-in default (inline) decides again.

    Raises
    ------
    KoreaNotesError
        If ``inline`` is not True, False or None.

    Examples
    --------
    >>> set_inline_assets(False)
    >>> inline_assets()
    False
    >>> set_inline_assets(None)

    """
    global _session_default
    if inline is not None and not isinstance(inline, bool):
        raise KoreaNotesError(f"The value for `inline` must be one of [True, False, None], but {inline!r} was passed")
    _session_default = inline


def inline_assets(offline: bool | None = None) -> bool:
    """Return whether a map inlines its assets: ``offline`` if given, else the session or environment default.

    Parameters
    ----------
    offline
        A map function's ``offline`` argument: True or False decides; None asks the defaults (see the
        module's docstring for the order).

    Returns
    -------
    bool
        True to inline Leaflet and jQuery, False to load them from the CDN.

    Raises
    ------
    KoreaNotesError
        If ``offline`` is not True, False or None, or ``KOREA_NOTES_MAPS_INLINE`` is set to something other
        than ``1`` or ``0`` (``true``/``false`` also work; empty means unset).

    Examples
    --------
    >>> inline_assets(False)
    False

    """
    if offline is not None:
        if not isinstance(offline, bool):
            raise KoreaNotesError(
                f"The value for `offline` must be one of [None, False, True], but {offline!r} was passed")
        return offline
    if _session_default is not None:
        return _session_default
    raw = os.environ.get(INLINE_ENV, "").strip()
    if not raw:
        return INLINE_BY_DEFAULT
    try:
        return _ENV_VALUES[raw.lower()]
    except KeyError:
        raise KoreaNotesError(f"{INLINE_ENV} must be 1 (inline Leaflet) or 0 (load it from the CDN), "
                              f"but {raw!r} is set", hint=f"unset {INLINE_ENV} for the default (inline)") from None


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
    leaflet_css = _images_inline((leaflet_dir / "leaflet.css").read_text(encoding="utf-8"), leaflet_dir)
    return leaflet_js, jquery_js, leaflet_css


def _images_inline(css: str, folder: Path) -> str:
    """Replace ``url(images/x.png)`` in Leaflet's style sheet with data URIs of the xstatic copies.

    Inline CSS resolves such paths against the page's address, where no ``images/`` folder exists (a saved
    map, a notebook, the site), so the layer control's icon would fail to load.
    """
    import base64
    import re

    def data_uri(match: re.Match[str]) -> str:
        image = folder / "images" / match.group(1)
        if not image.is_file():
            return match.group(0)
        return f"url(data:image/png;base64,{base64.b64encode(image.read_bytes()).decode('ascii')})"

    return re.sub(r"url\(images/([\w.-]+\.png)\)", data_uri, css)


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
