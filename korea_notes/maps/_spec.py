"""What an interactive map shows, recorded as plain data so a static picture can draw the same layers."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..datasets import PathLike


@dataclass(frozen=True)
class MarkerGroup:
    """One toggleable layer of place markers: its label (as in the legend and the layer control) and places."""

    label: str
    colour: str
    places: pd.DataFrame = field(repr=False)
    """Rows with at least ``id``, ``name``, ``lon``, ``lat`` and ``kind``."""


@dataclass(frozen=True)
class MapLayers:
    """The layers of one interactive map, its title and the extent its first view fits."""

    title: str
    groups: tuple[MarkerGroup, ...]
    hidden_lines: tuple[str, ...]
    bounds: tuple[float, float, float, float]
    """``(west, south, east, north)`` in degrees: what the first view shows."""
    legend_labels: tuple[str, ...]
    """Every label the legend shows, in order."""
    data_dir: PathLike = None
    lang: str = "en"
    """The language of the map's text: ``"en"`` or ``"ko"``."""

    def place_names(self) -> list[str]:
        """Return the English names of every place marked, in layer order.

        Returns
        -------
        list of str
            One name per marker.

        """
        return [str(name) for group in self.groups for name in group.places["name"]]
