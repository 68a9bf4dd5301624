"""Helpers for the Korean War Armistice teaching notebooks.

>>> import korea_notes as kn
>>> kn.list_datasets("table")[:3]
['agenda_items', 'events', 'glossary']

``kn.maps`` (folium) and ``kn.charts`` (matplotlib) load only when first used, so importing the
package stays quick.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .datasets import describe_dataset, list_datasets, load_dataset, load_geojson, validate
from .errors import KoreaNotesError
from .i18n import format_date
from .palette import OKABE_ITO, colour
from .sources import cite, sources_of

if TYPE_CHECKING:  # pragma: no cover
    from . import charts, exercises, maps

__version__ = "0.1.0"
_LAZY_SUBMODULES = ("maps", "charts", "exercises")

__all__ = [
    "KoreaNotesError",
    "OKABE_ITO",
    "charts",
    "cite",
    "colour",
    "describe_dataset",
    "exercises",
    "format_date",
    "list_datasets",
    "load_dataset",
    "load_geojson",
    "maps",
    "sources_of",
    "validate",
]


def __getattr__(name: str) -> Any:
    """Import ``maps``, ``charts`` and ``exercises`` on first use."""
    if name in _LAZY_SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'korea_notes' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
