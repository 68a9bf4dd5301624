"""Maps of the armistice: interactive (folium) and static (matplotlib).

>>> import korea_notes as kn
>>> m = kn.maps.armistice_map(offline=True)   # no network needed to render
>>> path = kn.maps.save_map(m, "armistice.html")  # doctest: +SKIP

The lines (38th parallel, Military Demarcation Line, DMZ) are approximations derived from Natural Earth
1:10m by ``scripts/derive_geo.py``; every map says how precise they are in its legend and popups.
"""

from __future__ import annotations

from ._assets import folium_asset_versions, local_asset_path, xstatic_asset_versions
from ._layers import GEO_LAYERS, precision_caption
from ._text import escape_text
from ._tiles import DEFAULT_TILES, TILES
from .interactive import armistice_map, memorials_map, phase_map, place_kinds, places_map
from .io import save_map
from .static import static_map

__all__ = [
    "DEFAULT_TILES",
    "GEO_LAYERS",
    "TILES",
    "armistice_map",
    "escape_text",
    "folium_asset_versions",
    "local_asset_path",
    "memorials_map",
    "phase_map",
    "place_kinds",
    "places_map",
    "precision_caption",
    "save_map",
    "static_map",
    "xstatic_asset_versions",
]
