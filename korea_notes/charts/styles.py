"""Styles that keep the charts readable in colour, for colour-blind readers and in greyscale print.

Colours come from :mod:`korea_notes.palette` (Okabe & Ito); each colour is paired with a second cue
(a hatch pattern, a marker shape or a line style) so no chart depends on colour alone.
"""

from __future__ import annotations

from ..palette import CATEGORY_COLOURS, ROLES

#: Labels for the states of the talks (``negotiation_periods.status``).
STATUS_LABELS: dict[str, str] = {
    "in_session": "Talks in session",
    "suspended": "Talks suspended",
    "recess": "Talks in recess",
}

#: Hatch pattern per status: plain for sessions, diagonal lines for suspension, dots for recess.
STATUS_HATCHES: dict[str, str] = {
    "in_session": "",
    "suspended": "///",
    "recess": "..",
}

#: How strongly each status's background is tinted (0 = invisible, 1 = full colour).
STATUS_ALPHA: dict[str, float] = {
    "in_session": 0.16,
    "suspended": 0.22,
    "recess": 0.22,
}

#: A marker shape per event category.
CATEGORY_MARKERS: dict[str, str] = {
    "negotiation": "o",
    "military": "s",
    "political": "^",
    "diplomacy": "D",
    "humanitarian": "v",
    "memory": "P",
    "security": "X",
}

#: A hatch pattern per event category, for stacked bars.
CATEGORY_HATCHES: dict[str, str] = {
    "negotiation": "",
    "military": "///",
    "political": "...",
    "diplomacy": "\\\\\\",
    "humanitarian": "xx",
    "memory": "oo",
    "security": "---",
}

#: Line styles cycled through for vertical event markers.
LINE_STYLES: tuple[str | tuple[int, tuple[int, ...]], ...] = ("-", "--", ":", "-.", (0, (5, 1, 1, 1, 1, 1)))

#: The colour of agenda-item bars.
ITEM_COLOUR = ROLES["parallel_38"]

#: Dark grey for text and lines that must read in any print.
INK = "#222222"


def status_colour(status: str) -> str:
    """Return the palette colour for a status of the talks.

    Parameters
    ----------
    status
        ``"in_session"``, ``"suspended"`` or ``"recess"``.

    Returns
    -------
    str
        A ``#RRGGBB`` colour.

    Examples
    --------
    >>> status_colour("suspended") == ROLES["suspended"]
    True

    """
    return ROLES[status]


def category_colour(category: str) -> str:
    """Return the palette colour for an event category.

    Parameters
    ----------
    category
        An event category such as ``"negotiation"``.

    Returns
    -------
    str
        A ``#RRGGBB`` colour.

    Examples
    --------
    >>> category_colour("humanitarian") == CATEGORY_COLOURS["humanitarian"]
    True

    """
    return CATEGORY_COLOURS[category]
