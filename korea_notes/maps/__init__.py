"""Maps of the armistice: interactive (folium) and static (matplotlib).

>>> import korea_notes as kn
>>> m = kn.maps.armistice_map()   # carries Leaflet inline: renders with no network (tiles aside)
>>> path = kn.maps.save_map(m, "armistice.html")  # doctest: +SKIP

Every interactive map carries Leaflet and jQuery inline by default, so it never goes blank behind a
firewall, in a saved page or on the website. ``kn.maps.set_inline_assets(False)`` (for this session) or
``KOREA_NOTES_MAPS_INLINE=0`` (environment) makes maps load them from the CDN instead; a map function's
``offline=True``/``False`` overrides both for one map. Where scripts cannot run (an untrusted notebook,
GitHub's viewer, print of a sanitized page) a map shows a static picture of its layers
(:func:`static_picture`) with alt text and a line saying how to get the interactive map.

Every map function takes ``lang="en"`` (the default) or ``lang="ko"`` (Korean, 한국어): in Korean the layer
names (38선, 군사분계선, 비무장지대), legend, layer control, popups and tooltips (Korean place names first,
``events.title_ko`` / ``summary_ko`` with Korean dates), the precision caption, the static picture (Hangul
labels), its alt text and the fallback note are in Korean; the maps' own wording is in ``_words.py``.

>>> kn.maps.armistice_map(lang="ko").korea_notes_layers.legend_labels[:3]
('비무장지대 (근사)', '38선 (1945년 분할선)', '군사분계선 (근사)')

The lines (38th parallel, Military Demarcation Line, DMZ) are approximations derived from Natural Earth
1:10m by ``scripts/derive_geo.py``; every map says how precise they are in its legend and popups.
"""

from __future__ import annotations

from ._assets import (
    INLINE_ENV,
    folium_asset_versions,
    inline_assets,
    local_asset_path,
    set_inline_assets,
    xstatic_asset_versions,
)
from ._display import FALLBACK_NOTE, FALLBACK_NOTES, KoreaMap, fallback_note
from ._layers import GEO_LAYERS, precision_caption
from ._text import escape_text
from ._tiles import DEFAULT_TILES, TILES
from .interactive import armistice_map, memorials_map, phase_map, place_kinds, places_map
from .io import save_map
from .static import map_description, static_map, static_picture

__all__ = [
    "DEFAULT_TILES",
    "FALLBACK_NOTE",
    "FALLBACK_NOTES",
    "GEO_LAYERS",
    "INLINE_ENV",
    "TILES",
    "KoreaMap",
    "armistice_map",
    "escape_text",
    "fallback_note",
    "folium_asset_versions",
    "inline_assets",
    "local_asset_path",
    "map_description",
    "memorials_map",
    "phase_map",
    "place_kinds",
    "places_map",
    "precision_caption",
    "save_map",
    "set_inline_assets",
    "static_map",
    "static_picture",
    "xstatic_asset_versions",
]
