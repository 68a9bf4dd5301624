"""Place markers (CircleMarker: plain vector, no icon fonts) with escaped bilingual popups."""

from __future__ import annotations

import folium
import pandas as pd

from ..palette import ROLES
from ._text import definition_list, escape_text

#: Marker colour role for each kind of place.
KIND_ROLE = {
    "negotiation_site": "negotiation_site",
    "memorial": "memorial",
    "museum": "memorial",
    "summit_venue": "summit_venue",
}


def kind_colour(kind: str) -> str:
    """Return the palette colour for a kind of place.

    Parameters
    ----------
    kind
        A value of places.csv's ``kind``.

    Returns
    -------
    str
        A ``#RRGGBB`` colour from :data:`korea_notes.palette.ROLES`.

    Examples
    --------
    >>> kind_colour("negotiation_site")
    '#000000'

    """
    return ROLES[KIND_ROLE.get(kind, "place")]


def format_date(date: pd.Timestamp, precision: str | None) -> str:
    """Format an event date to the precision it is known to (day, month or year).

    Parameters
    ----------
    date
        The date.
    precision
        ``"day"``, ``"month"`` or ``"year"``.

    Returns
    -------
    str
        ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``.

    Examples
    --------
    >>> format_date(pd.Timestamp("1953-07-01"), "month")
    '1953-07'

    """
    if pd.isna(date):
        return ""
    return date.strftime({"year": "%Y", "month": "%Y-%m"}.get(str(precision), "%Y-%m-%d"))


def events_html(events: pd.DataFrame) -> str:
    """Render events (date, English and Korean title, summary) as an escaped HTML list.

    Parameters
    ----------
    events
        Rows of events.csv.

    Returns
    -------
    str
        HTML, or an empty string when there are no events.

    """
    if events.empty:
        return ""
    items = []
    columns = ["date", "date_precision", "title", "title_ko", "summary"]
    for row in events.sort_values("date", kind="stable")[columns].to_dict("records"):
        title_ko = f" · {escape_text(row['title_ko'])}" if escape_text(row["title_ko"]) else ""
        items.append(f"<li><b>{escape_text(format_date(row['date'], row['date_precision']))}</b> "
                     f"{escape_text(row['title'])}{title_ko}<br>{escape_text(row['summary'])}</li>")
    return "<ul style='margin:4px 0 0 0;padding-left:16px'>" + "".join(items) + "</ul>"


def place_popup_html(place: pd.Series, events: pd.DataFrame) -> str:
    """Return the popup HTML for one place: its names, kind, precision and the events tied to it.

    Parameters
    ----------
    place
        One row of places.csv.
    events
        The events to list (already selected for this place).

    Returns
    -------
    str
        HTML with every value from the data escaped.

    """
    head = f"<div style='font-size:14px'><b>{escape_text(place['name'])}</b>"
    if escape_text(place.get("name_ko")):
        head += f" · <span lang='ko'>{escape_text(place['name_ko'])}</span>"
    head += "</div>"
    body = definition_list([
        ("Kind", str(place["kind"]).replace("_", " ")),
        ("Position", f"within about {place['precision_km']:g} km"),
    ])
    listed = events_html(events)
    if listed:
        body += "<div style='margin-top:4px'><b>Events here</b></div>" + listed
    return f"<div style='max-height:260px;overflow:auto;font:13px/1.4 sans-serif'>{head}{body}</div>"


def place_marker(place: pd.Series, events: pd.DataFrame, *, colour: str | None = None) -> folium.CircleMarker:
    """Build one place's CircleMarker with tooltip and popup.

    Parameters
    ----------
    place
        One row of places.csv.
    events
        The events to list in its popup.
    colour
        Marker colour; by default the colour of the place's kind.

    Returns
    -------
    folium.CircleMarker
        The marker.

    """
    colour = colour or kind_colour(str(place["kind"]))
    name_ko = escape_text(place.get("name_ko"))
    tooltip = escape_text(place["name"]) + (f" · {name_ko}" if name_ko else "")
    marker = folium.CircleMarker(
        location=[float(place["lat"]), float(place["lon"])],
        radius=7 if place["kind"] == "negotiation_site" else 6,
        color="#ffffff", weight=1.5, fill=True, fill_color=colour, fill_opacity=0.95,
        tooltip=folium.Tooltip(tooltip),
        popup=folium.Popup(place_popup_html(place, events), max_width=340),
    )
    return marker


def events_by_place(events: pd.DataFrame | None) -> dict[str, pd.DataFrame]:
    """Group events by their ``place_id`` (events without a place are left out).

    Parameters
    ----------
    events
        events.csv rows, or None for none.

    Returns
    -------
    dict
        Place id -> that place's events.

    """
    if events is None or events.empty:
        return {}
    placed = events[events["place_id"].notna()]
    return {str(key): group for key, group in placed.groupby(placed["place_id"].astype(str), sort=False)}

