"""Background tiles that work in saved HTML and notebook views, with their attribution."""

from __future__ import annotations

import folium
import xyzservices.providers as xyz

from ._choices import check_choice

#: Tile choices: our name -> xyzservices provider (or None for no tiles).
#:
#: * ``"esri_gray"`` (default): Esri World Light Gray Canvas; needs no key and no Referer, so it works in
#:   saved HTML files and notebook iframes; quiet grey, so our coloured lines stand out.
#: * ``"esri_topo"``: Esri World Topographic Map (relief, rivers, place names).
#: * ``"cartodb_positron"``: CARTO Positron; CARTO now asks for an API key, so tiles may not load.
#: * ``"openstreetmap"``: OpenStreetMap's own servers refuse requests without a Referer (HTTP 403), as
#:   from a saved HTML file or some notebook views.
#: * ``None``: no tiles; the outline layer shows the land.
TILES = {
    "esri_gray": xyz.Esri.WorldGrayCanvas,
    "esri_topo": xyz.Esri.WorldTopoMap,
    "cartodb_positron": xyz.CartoDB.Positron,
    "openstreetmap": xyz.OpenStreetMap.Mapnik,
    None: None,
}
DEFAULT_TILES = "esri_gray"


def add_tiles(m: folium.Map, tiles: str | None) -> folium.TileLayer | None:
    """Add the chosen background tiles to ``m``.

    Parameters
    ----------
    m
        The map.
    tiles
        A key of :data:`TILES`.

    Returns
    -------
    folium.TileLayer or None
        The tile layer, or None when ``tiles`` is None.

    Raises
    ------
    KoreaNotesError
        If ``tiles`` is not a key of :data:`TILES`.

    """
    check_choice("tiles", tiles, TILES)
    provider = TILES[tiles]
    if provider is None:
        return None
    url = provider["url"].replace("{variant}", provider.get("variant", ""))
    url = url.replace("?key={apikey}", "").replace("{r}", "")
    layer = folium.TileLayer(
        tiles=url,
        attr=provider["html_attribution"],
        name=f"Background: {provider['name']}",
        max_zoom=provider.get("max_zoom", 18),
        subdomains=provider.get("subdomains", "abc"),
        overlay=False,
        control=False,
    )
    layer.add_to(m)
    return layer
