"""The maps' own wording in each language (English and Korean): layer names, legend, popups, captions.

Text from the data (place names, event titles and summaries) is not here: it comes from the tables, in
Korean from their ``_ko`` columns (:func:`korea_notes.i18n.localized_value`). What is here are the words
the map functions write themselves, one mapping per phrase with both languages, read with
:func:`korea_notes.i18n.pick`. Korean terms follow the collection's glossary (data/glossary.csv):
38선, 군사분계선, 비무장지대, 회담 장소 ...

>>> from korea_notes.i18n import pick
>>> pick(LINE_LABELS["mdl"], "ko")
'군사분계선 (근사)'
>>> korean_date(pd.Timestamp("1953-07-27"), "day")
'1953년 7월 27일'
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..i18n import check_lang, format_date, pick

Wording = Mapping[str, str]

#: Names of the geometry layers (legend, layer control, static picture).
LINE_LABELS: dict[str, Wording] = {
    "korea_outline": {"en": "Land outline (Natural Earth)", "ko": "육지 윤곽 (Natural Earth)"},
    "dmz": {"en": "Demilitarized Zone (approx.)", "ko": "비무장지대 (근사)"},
    "parallel_38": {"en": "38th parallel (1945 division line)", "ko": "38선 (1945년 분할선)"},
    "mdl": {"en": "Military Demarcation Line (approx.)", "ko": "군사분계선 (근사)"},
}

#: The same names without "(approx.)", for sentences (the caption, the alt text).
LINE_SHORT: dict[str, Wording] = {
    "korea_outline": {"en": "land outline", "ko": "육지 윤곽"},
    "dmz": {"en": "Demilitarized Zone", "ko": "비무장지대"},
    "parallel_38": {"en": "38th parallel (1945 division line)", "ko": "38선 (1945년 분할선)"},
    "mdl": {"en": "Military Demarcation Line", "ko": "군사분계선"},
}

#: How each line was derived and why it is only so precise, in Korean: our summary of the English
#: ``derived_from`` and ``precision_note`` of data/geo/*.geojson (which the Korean popup also shows in full,
#: folded). A ``derived_from_ko`` / ``precision_note_ko`` property in the GeoJSON takes precedence.
LINE_DERIVATION_KO: dict[str, str] = {
    "mdl": ("Natural Earth 4.1.0 1:10m 국가 경계(world-atlas@2.0.2)에서 대한민국과 북한의 폴리곤이 함께 쓰는 육상 "
            "경계를 가져와 한강·임진강 하구에서 동해안까지 한 선으로 이었다. Natural Earth는 이 경계를 정전선을 따라 "
            "그린다. 땅 위에 표시된 군사분계선이 지나는 공동경비구역 회담장 줄의 좌표를 조절점으로 하나 더했다."),
    "parallel_38": "정확히 북위 38.0도인 위선을 이 자료의 육지 윤곽(korea_outline.geojson)과 겹쳐 잘랐다.",
    "dmz": ("도출한 군사분계선(mdl.geojson)의 남북으로 2 km씩 폭을 EPSG:5179 미터 좌표에서 pyproj/shapely로 "
            "계산하고, Natural Earth 1:10m의 육지로 잘라 WGS84 좌표로 되돌렸다."),
}
LINE_PRECISION_NOTE_KO: dict[str, str] = {
    "mdl": ("Natural Earth 경계는 꼭짓점 사이가 멀어 실제 선의 굽이를 가로질러 간다. 조절점에서는 공동경비구역 "
            "좌표만큼 정확하다."),
    "parallel_38": "위도는 정확하다. 각 구간이 시작하고 끝나는 곳은 육지 윤곽의 해안선을 따르므로 그만큼 정밀하다.",
    "dmz": ("군사분계선의 오차를 그대로 물려받는다(폭 계산 자체는 정확하다). 실제 남방·북방 한계선은 곳곳에서 "
            "군사분계선 쪽으로 옮겨져, 그런 곳에서 실제 비무장지대는 더 좁다."),
}

#: Labels of a line popup's rows.
POPUP_ROWS: dict[str, Wording] = {
    "derived": {"en": "How derived", "ko": "도출 방법"},
    "precision": {"en": "Precision", "ko": "정밀도"},
    "why": {"en": "Why", "ko": "이유"},
    "sources": {"en": "Sources", "ko": "출처"},
    "original": {"en": "Original (English)", "ko": "영어 원문"},
    "kind": {"en": "Kind", "ko": "종류"},
    "position": {"en": "Position", "ko": "위치"},
    "events": {"en": "Events here", "ko": "이곳의 사건"},
}

#: Marker layers of the armistice map and the static map, by colour role.
ROLE_LABELS: dict[str, Wording] = {
    "negotiation_site": {"en": "Negotiation sites", "ko": "회담 장소"},
    "place": {"en": "Other places", "ko": "그 밖의 장소"},
    "memorial": {"en": "Memorials and museums", "ko": "기념물과 박물관"},
    "summit_venue": {"en": "Summit venues", "ko": "정상회담 장소"},
}

#: Kinds of place (places.csv ``kind``) in Korean; English is the kind itself, underscores as spaces.
KIND_KO: dict[str, str] = {
    "abroad": "국외",
    "city": "도시",
    "island": "섬",
    "landmark": "명소",
    "memorial": "기념물",
    "military_site": "군사 시설",
    "museum": "박물관",
    "negotiation_site": "회담 장소",
    "pow_camp": "포로수용소",
    "summit_venue": "정상회담 장소",
}
KIND_EN: dict[str, str] = {"pow_camp": "POW camp"}

#: Event categories (events.csv ``category``) in Korean.
CATEGORY_KO: dict[str, str] = {
    "diplomacy": "외교",
    "humanitarian": "인도주의",
    "memory": "기억",
    "military": "군사",
    "negotiation": "협상",
    "political": "정치",
    "security": "안보",
}

TITLES: dict[str, Wording] = {
    "armistice": {"en": "The Korean War Armistice line", "ko": "6·25 전쟁 정전선"},
    "places": {"en": "Places", "ko": "장소"},
    "static": {"en": "The 38th parallel, the Military Demarcation Line and the DMZ",
               "ko": "38선, 군사분계선과 비무장지대"},
    "inset": {"en": "DMZ close-up", "ko": "비무장지대 확대"},
    "lon": {"en": "Longitude (°E)", "ko": "경도 (°E)"},
    "lat": {"en": "Latitude (°N)", "ko": "위도 (°N)"},
    "peninsula": {"en": "Map of the Korean peninsula", "ko": "한반도 지도"},
}

HIDDEN_NOTE: Wording = {"en": " (hidden; use the layer control)", "ko": " (숨김: 레이어 목록에서 켜기)"}
ATTRIBUTION: Wording = {"en": "Lines: Natural Earth 1:10m, approximate (see legend)",
                        "ko": "선: Natural Earth 1:10m, 근사 (범례 참고)"}
LEGEND_TOGGLE: Wording = {"en": "Show or hide the legend", "ko": "범례 보이기/숨기기"}


def kind_label(kind: str, lang: str) -> str:
    """Return a kind of place as a reader sees it: ``"negotiation site"``, ``"POW camp"``; ``"회담 장소"``.

    Parameters
    ----------
    kind
        A value of places.csv ``kind``.
    lang
        ``"en"`` or ``"ko"``.

    Returns
    -------
    str
        The kind's name (an unknown kind as written, underscores as spaces).

    Examples
    --------
    >>> kind_label("pow_camp", "en"), kind_label("pow_camp", "ko")
    ('POW camp', '포로수용소')

    """
    plain = str(kind).replace("_", " ")
    if check_lang(lang) == "ko":
        return KIND_KO.get(str(kind), plain)
    return KIND_EN.get(str(kind), plain)


def category_label(category: str, lang: str) -> str:
    """Return an event category in ``lang`` (English: as in the data).

    Parameters
    ----------
    category
        A value of events.csv ``category``.
    lang
        ``"en"`` or ``"ko"``.

    Returns
    -------
    str
        E.g. ``"negotiation"`` or ``"협상"``.

    """
    return CATEGORY_KO.get(str(category), str(category)) if check_lang(lang) == "ko" else str(category)


def korean_date(date: pd.Timestamp, precision: str | None = "day") -> str:
    """Write a date in Korean to the precision it is known to: ``1953년 7월 27일``, ``1953년 7월``, ``1953년``.

    Parameters
    ----------
    date
        The date (NaT gives an empty string).
    precision
        ``"day"`` (the default), ``"month"`` or ``"year"``.

    Returns
    -------
    str
        The date in Korean.

    Examples
    --------
    >>> korean_date(pd.Timestamp("1953-07-01"), "month")
    '1953년 7월'

    """
    if date is None or pd.isna(date):
        return ""
    return format_date(date, lang="ko", precision=precision if precision in ("month", "year") else "day")


def word(texts: Wording, lang: str) -> str:
    """Return one phrase of this module in ``lang`` (:func:`korea_notes.i18n.pick`).

    Parameters
    ----------
    texts
        One of the mappings above.
    lang
        ``"en"`` or ``"ko"``.

    Returns
    -------
    str
        The phrase.

    """
    return pick(texts, lang)
