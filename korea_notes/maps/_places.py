"""Place markers (CircleMarker: plain vector, no icon fonts) with escaped bilingual popups."""

from __future__ import annotations

import folium
import pandas as pd

from ..i18n import check_lang, localized_value
from ..palette import ROLES
from ._text import definition_list, escape_text
from ._words import POPUP_ROWS, kind_label, korean_date, word

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


def format_date(date: pd.Timestamp, precision: str | None, lang: str = "en") -> str:
    """Format an event date to the precision it is known to (day, month or year).

    Parameters
    ----------
    date
        The date.
    precision
        ``"day"``, ``"month"`` or ``"year"``.
    lang
        ``"en"`` (ISO dates) or ``"ko"`` (``1953년 7월 27일``).

    Returns
    -------
    str
        ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; in Korean ``1953년 7월 27일``, ``1953년 7월`` or ``1953년``.

    Examples
    --------
    >>> format_date(pd.Timestamp("1953-07-01"), "month")
    '1953-07'
    >>> format_date(pd.Timestamp("1953-07-27"), "day", lang="ko")
    '1953년 7월 27일'

    """
    if pd.isna(date):
        return ""
    if check_lang(lang) == "ko":
        return korean_date(date, None if precision is None else str(precision))
    return date.strftime({"year": "%Y", "month": "%Y-%m"}.get(str(precision), "%Y-%m-%d"))


def events_html(events: pd.DataFrame, lang: str = "en") -> str:
    """Render events (date, English and Korean title, summary) as an escaped HTML list.

    Parameters
    ----------
    events
        Rows of events.csv.
    lang
        ``"en"``, or ``"ko"``: Korean dates, ``title_ko`` and ``summary_ko`` (the English text where a Korean
        cell is still empty, marked ``lang="en"``).

    Returns
    -------
    str
        HTML, or an empty string when there are no events.

    """
    if events.empty:
        return ""
    if check_lang(lang) == "ko":
        return _events_html_ko(events)
    items = []
    columns = ["date", "date_precision", "title", "title_ko", "summary"]
    for row in events.sort_values("date", kind="stable")[columns].to_dict("records"):
        title_ko = f" · {escape_text(row['title_ko'])}" if escape_text(row["title_ko"]) else ""
        items.append(f"<li><b>{escape_text(format_date(row['date'], row['date_precision']))}</b> "
                     f"{escape_text(row['title'])}{title_ko}<br>{escape_text(row['summary'])}</li>")
    return "<ul style='margin:4px 0 0 0;padding-left:16px'>" + "".join(items) + "</ul>"


def _in_lang(row: pd.Series | dict, column: str) -> str:
    """Return a row's Korean text (escaped); an English fallback is marked ``lang="en"``."""
    text = localized_value(row, column, "ko")
    korean = row.get(column + "_ko")
    is_korean = korean is not None and not (isinstance(korean, float) and korean != korean) and str(korean).strip()
    return escape_text(text) if is_korean or not text else f"<span lang='en'>{escape_text(text)}</span>"


def _events_html_ko(events: pd.DataFrame) -> str:
    items = []
    columns = [c for c in ("date", "date_precision", "title", "title_ko", "summary", "summary_ko") if c in events]
    for row in events.sort_values("date", kind="stable")[columns].to_dict("records"):
        row = {key: (None if value is pd.NA else value) for key, value in row.items()}
        date = escape_text(format_date(row["date"], row.get("date_precision"), lang="ko"))
        items.append(f"<li><b>{date}</b> {_in_lang(row, 'title')}<br>{_in_lang(row, 'summary')}</li>")
    return "<ul lang='ko' style='margin:4px 0 0 0;padding-left:16px'>" + "".join(items) + "</ul>"


def place_popup_html(place: pd.Series, events: pd.DataFrame, lang: str = "en") -> str:
    """Return the popup HTML for one place: its names, kind, precision and the events tied to it.

    Parameters
    ----------
    place
        One row of places.csv.
    events
        The events to list (already selected for this place).
    lang
        ``"en"``, or ``"ko"``: the Korean name (``name_ko``) first, then the name as the data gives it; the
        kind in Korean; the position's precision and the sources of its coordinates; the events in Korean.

    Returns
    -------
    str
        HTML with every value from the data escaped.

    """
    if check_lang(lang) == "ko":
        return _place_popup_html_ko(place, events)
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


def _place_popup_html_ko(place: pd.Series, events: pd.DataFrame) -> str:
    name, name_ko = escape_text(place["name"]), escape_text(place.get("name_ko"))
    head = (f"<div style='font-size:14px'><b>{name_ko}</b> · <span lang='en'>{name}</span></div>" if name_ko
            else f"<div style='font-size:14px'><b lang='en'>{name}</b></div>")
    sources = str(place.get("source") or "").replace(";", ", ")
    position = f"약 ±{place['precision_km']:g} km 이내" + (f" (좌표 출처: {sources})" if sources.strip() else "")
    body = definition_list([
        (word(POPUP_ROWS["kind"], "ko"), kind_label(str(place["kind"]), "ko")),
        (word(POPUP_ROWS["position"], "ko"), position),
    ])
    listed = events_html(events, lang="ko")
    if listed:
        body += f"<div style='margin-top:4px'><b>{escape_text(word(POPUP_ROWS['events'], 'ko'))}</b></div>" + listed
    return f"<div lang='ko' style='max-height:260px;overflow:auto;font:13px/1.4 sans-serif'>{head}{body}</div>"


def place_marker(place: pd.Series, events: pd.DataFrame, *, colour: str | None = None,
                 lang: str = "en") -> folium.CircleMarker:
    """Build one place's CircleMarker with tooltip and popup.

    Parameters
    ----------
    place
        One row of places.csv.
    events
        The events to list in its popup.
    colour
        Marker colour; by default the colour of the place's kind.
    lang
        ``"en"`` or ``"ko"`` (Korean name first in the tooltip, Korean popup).

    Returns
    -------
    folium.CircleMarker
        The marker.

    """
    colour = colour or kind_colour(str(place["kind"]))
    name_ko = escape_text(place.get("name_ko"))
    if check_lang(lang) == "ko":
        tooltip = (f"<span lang='ko'>{name_ko}</span> · " if name_ko else "") + escape_text(place["name"])
    else:
        tooltip = escape_text(place["name"]) + (f" · {name_ko}" if name_ko else "")
    marker = folium.CircleMarker(
        location=[float(place["lat"]), float(place["lon"])],
        radius=7 if place["kind"] == "negotiation_site" else 6,
        color="#ffffff", weight=1.5, fill=True, fill_color=colour, fill_opacity=0.95,
        tooltip=folium.Tooltip(tooltip),
        popup=folium.Popup(place_popup_html(place, events, lang=lang), max_width=340),
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

