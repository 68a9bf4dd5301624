"""Styles that keep the charts readable in colour, for colour-blind readers and in greyscale print.

Colours come from :mod:`korea_notes.palette` (Okabe & Ito); each colour is paired with a second cue
(a hatch pattern, a marker shape or a line style) so no chart depends on colour alone.
"""

from __future__ import annotations

from ..i18n import check_lang
from ..palette import CATEGORY_COLOURS, ROLES

#: Labels for the states of the talks (``negotiation_periods.status``).
STATUS_LABELS: dict[str, str] = {
    "in_session": "Talks in session",
    "suspended": "Talks suspended",
    "recess": "Talks in recess",
}

#: Korean labels for the states of the talks (정전회담 진행 / 중단 / 휴회).
STATUS_LABELS_KO: dict[str, str] = {
    "in_session": "회담 진행",
    "suspended": "회담 중단",
    "recess": "회담 휴회",
}

#: Labels for the event categories (``events.category``), per language.
CATEGORY_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "negotiation": "Negotiation",
        "military": "Military",
        "political": "Political",
        "diplomacy": "Diplomacy",
        "humanitarian": "Humanitarian",
        "memory": "Memory",
        "security": "Security",
    },
    "ko": {
        "negotiation": "협상",
        "military": "군사",
        "political": "정치",
        "diplomacy": "외교",
        "humanitarian": "인도주의",
        "memory": "기억·기념",
        "security": "안보",
    },
}

#: Labels for the venues of the talks (``negotiation_periods.venue``), per language (glossary: 개성, 판문점).
VENUE_LABELS: dict[str, dict[str, str]] = {
    "en": {"kaesong": "Kaesong", "panmunjom": "Panmunjom"},
    "ko": {"kaesong": "개성", "panmunjom": "판문점"},
}

#: Labels for the two formats of family reunions (대면 상봉 and 화상 상봉), per language.
FORMAT_LABELS: dict[str, dict[str, str]] = {
    "en": {"in person": "In person", "video": "By video link"},
    "ko": {"in person": "대면 상봉", "video": "화상 상봉"},
}


def status_label(status: str, lang: str = "en") -> str:
    """Return the legend label of a state of the talks.

    Parameters
    ----------
    status
        ``"in_session"``, ``"suspended"`` or ``"recess"``.
    lang
        ``"en"`` or ``"ko"``.

    Returns
    -------
    str
        E.g. ``'Talks suspended'`` or ``'회담 중단'``.

    Examples
    --------
    >>> status_label("recess"), status_label("recess", "ko")
    ('Talks in recess', '회담 휴회')

    """
    labels = STATUS_LABELS_KO if check_lang(lang) == "ko" else STATUS_LABELS
    return labels.get(status, status.replace("_", " ").capitalize())


def category_label(category: str, lang: str = "en") -> str:
    """Return the label of an event category.

    Parameters
    ----------
    category
        An event category such as ``"negotiation"``.
    lang
        ``"en"`` or ``"ko"``.

    Returns
    -------
    str
        E.g. ``'Negotiation'`` or ``'협상'``; an unknown category capitalised.

    Examples
    --------
    >>> category_label("humanitarian", "ko")
    '인도주의'

    """
    return CATEGORY_LABELS[check_lang(lang)].get(category, category.capitalize())


def venue_label(venue: str, lang: str = "en") -> str:
    """Return the name of a venue of the talks.

    Parameters
    ----------
    venue
        ``negotiation_periods.venue``, e.g. ``"kaesong"``.
    lang
        ``"en"`` or ``"ko"``.

    Returns
    -------
    str
        E.g. ``'Kaesong'`` or ``'개성'``; an unknown venue in title case.

    Examples
    --------
    >>> venue_label("panmunjom"), venue_label("panmunjom", "ko")
    ('Panmunjom', '판문점')

    """
    return VENUE_LABELS[check_lang(lang)].get(venue, venue.replace("_", " ").title())


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
