"""One colour-blind-safe palette (Okabe & Ito, 2008) for every map and chart in the collection."""

from __future__ import annotations

OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: What each colour stands for, so maps and charts agree.
ROLES: dict[str, str] = {
    "parallel_38": OKABE_ITO["blue"],
    "mdl": OKABE_ITO["vermillion"],
    "dmz": OKABE_ITO["orange"],
    "negotiation_site": OKABE_ITO["black"],
    "place": OKABE_ITO["bluish_green"],
    "memorial": OKABE_ITO["reddish_purple"],
    "summit_venue": OKABE_ITO["sky_blue"],
    "in_session": OKABE_ITO["bluish_green"],
    "suspended": OKABE_ITO["vermillion"],
    "recess": OKABE_ITO["orange"],
}

#: A colour for each event category.
CATEGORY_COLOURS: dict[str, str] = {
    "negotiation": OKABE_ITO["blue"],
    "military": OKABE_ITO["vermillion"],
    "political": OKABE_ITO["reddish_purple"],
    "diplomacy": OKABE_ITO["sky_blue"],
    "humanitarian": OKABE_ITO["bluish_green"],
    "memory": OKABE_ITO["orange"],
    "security": OKABE_ITO["black"],
}


def colour(role: str) -> str:
    """Return the hex colour for a role (``"mdl"``, ``"dmz"``...) or an event category.

    Parameters
    ----------
    role
        A key of ``ROLES`` or ``CATEGORY_COLOURS``.

    Returns
    -------
    str
        A ``#RRGGBB`` colour.

    Examples
    --------
    >>> colour("mdl")
    '#D55E00'

    """
    from .errors import KoreaNotesError

    if role in ROLES:
        return ROLES[role]
    if role in CATEGORY_COLOURS:
        return CATEGORY_COLOURS[role]
    raise KoreaNotesError(f"no colour for {role!r}; known: {', '.join([*ROLES, *CATEGORY_COLOURS])}")
