"""The maps in Korean (lang="ko"): layer names, legend, popups, caption, static picture and alt text in Hangul.

The real-browser test at the end needs Debian's chromium (skipped without it, unless
KOREA_NOTES_REQUIRE_BROWSER=1, as in CI, where that fails).
"""

from __future__ import annotations

import html as html_module
import re
import warnings
from pathlib import Path

import folium
import pandas as pd
import pytest
from browser_support import browser, open_page  # noqa: F401  (browser is a fixture)
from test_maps import XSS_KO, XSS_NAME, XSS_SUMMARY, xss_places_and_events

import korea_notes as kn
from korea_notes.errors import KoreaNotesError
from korea_notes.maps import _words

HANGUL = re.compile(r"[\uac00-\ud7a3]")
LEAFLET_READY = ("() => window.L !== undefined "
                 "&& document.querySelectorAll('path.leaflet-interactive').length > 0")
KOREAN_LINE_NAMES = ("38선", "군사분계선", "비무장지대")


def _hangul(text: str) -> bool:
    return bool(HANGUL.search(text))


def _html(m: folium.Map) -> str:
    return m.get_root().render()


def _legend_html(m: folium.Map) -> str:
    legends = [child for child in m._children.values() if type(child).__name__ == "Legend"]
    assert len(legends) == 1
    return legends[0].html


def _control_names(m: folium.Map) -> list[str]:
    return [html_module.unescape(child.layer_name) for child in m._children.values()
            if isinstance(child, folium.FeatureGroup) and child.control]


def _popups(m: folium.Map) -> list[str]:
    """The HTML of every popup on the map (line layers and place markers)."""
    found: list[str] = []

    def walk(element) -> None:
        for child in element._children.values():
            if isinstance(child, folium.Popup):
                found.extend(str(grand.data) for grand in child.html._children.values() if hasattr(grand, "data"))
            walk(child)

    walk(m)
    return found


def _tooltips(m: folium.Map) -> list[str]:
    found: list[str] = []

    def walk(element) -> None:
        for child in element._children.values():
            if isinstance(child, folium.Tooltip):
                found.append(child.text)
            walk(child)

    walk(m)
    return found


KOREAN_BUILDERS = {
    "armistice": lambda: kn.maps.armistice_map(lang="ko"),
    "places_negotiation": lambda: kn.maps.places_map("negotiation_site", lang="ko"),
    "memorials": lambda: kn.maps.memorials_map(lang="ko"),
    "phase_panmunjom_talks": lambda: kn.maps.phase_map("panmunjom_talks", lang="ko"),
    "phase_war": lambda: kn.maps.phase_map("war", lang="ko"),
}
_BUILT: dict[str, folium.Map] = {}


def _korean_map(name: str) -> folium.Map:
    """Build each Korean map once per test session (building is the slow part)."""
    if name not in _BUILT:
        _BUILT[name] = KOREAN_BUILDERS[name]()
    return _BUILT[name]


@pytest.fixture(scope="module")
def korean_font() -> str:
    from korea_notes.charts.fonts import INSTALL_HINT, korean_font

    font = korean_font()
    if font is None:
        pytest.fail(f"No Korean font for matplotlib: {INSTALL_HINT} (e.g. apt-get install fonts-noto-cjk)",
                    pytrace=False)
    return font


# ----------------------------------------------------------------------------- interactive maps


@pytest.mark.parametrize("name", list(KOREAN_BUILDERS))
def test_legend_and_layer_names_are_korean(name):
    m = _korean_map(name)
    layers = m.korea_notes_layers
    assert layers.lang == "ko"
    assert _hangul(layers.title), layers.title
    assert layers.legend_labels and all(_hangul(label) for label in layers.legend_labels), layers.legend_labels
    for line in KOREAN_LINE_NAMES:
        assert any(label.startswith(line) for label in layers.legend_labels), (line, layers.legend_labels)
    controls = _control_names(m)
    shown = [label.replace(_words.HIDDEN_NOTE["ko"], "") for label in layers.legend_labels]
    assert sorted(shown) == sorted(controls), (shown, controls)  # the layer control has the legend's names
    legend = _legend_html(m)
    assert "lang='ko'" in legend and html_module.escape(layers.title, quote=True) in legend
    assert "선은 근삿값이다" in legend and "±" in legend and "도출 방법" in legend
    assert not re.search(r"Negotiation sites|Other places|Military Demarcation Line|hidden", legend)


@pytest.mark.parametrize("name", list(KOREAN_BUILDERS))
def test_popups_and_tooltips_are_korean(name):
    m = _korean_map(name)
    popups = _popups(m)
    assert len(popups) >= 3 + sum(len(g.places) for g in m.korea_notes_layers.groups)
    assert all(_hangul(popup) for popup in popups)
    lines = [p for p in popups if "도출 방법" in p]
    assert len(lines) == 3 and all("정밀도:</b> 약 ±" in p and "영어 원문" in p for p in lines)
    places = [p for p in popups if "종류:" in p]
    assert places and all("위치:</b> 약 ±" in p and " km 이내" in p and "lang='ko'" in p for p in places)
    assert not any("Kind:" in p or "Position:" in p or "Events here" in p for p in popups)
    tooltips = _tooltips(m)
    assert tooltips and all(_hangul(t) for t in tooltips)
    assert _html(m).count("document.documentElement.lang = 'ko'") == 1  # the page says it is Korean


def test_place_popup_gives_the_korean_name_first_and_the_kind_in_korean():
    places = kn.load_dataset("places").set_index("id", drop=False)
    m = kn.maps.places_map("negotiation_site", lang="ko")
    popups = _popups(m)
    for _, place in places[places["kind"] == "negotiation_site"].iterrows():
        head = f"<b>{kn.maps.escape_text(place['name_ko'])}</b> · <span lang='en'>{kn.maps.escape_text(place['name'])}"
        popup = next(p for p in popups if head in p)
        assert "종류:</b> 회담 장소" in popup
        assert f"±{place['precision_km']:g} km 이내" in popup
    tooltip = next(t for t in _tooltips(m) if "판문점" in t)
    assert tooltip.index("판문점") < tooltip.index("Panmunjom")


def test_event_popups_use_title_ko_and_summary_ko_with_korean_dates():
    places = kn.load_dataset("places")
    events = kn.load_dataset("events")
    signed = events[events["id"] == "armistice_signed"].copy()
    assert len(signed) == 1
    place_id = str(signed["place_id"].iloc[0])
    signed["summary_ko"] = "정전협정에 서명했다 (시험용 요약)."
    here = events["place_id"].astype("string").eq(place_id).fillna(False)
    other = events[here & (events["id"] != "armistice_signed")]
    other = other.assign(summary_ko=pd.Series([pd.NA] * len(other), index=other.index, dtype="string"))
    m = kn.maps.armistice_map(places=places[places["id"] == place_id], events=pd.concat([signed, other]), lang="ko")
    popup = next(p for p in _popups(m) if "이곳의 사건" in p)
    date = signed["date"].iloc[0]
    title_ko = kn.maps.escape_text(signed["title_ko"].iloc[0])
    assert f"<b>{date.year}년 {date.month}월 {date.day}일</b> {title_ko}" in popup
    assert "정전협정에 서명했다 (시험용 요약)." in popup
    assert kn.maps.escape_text(signed["summary"].iloc[0]) not in popup  # Korean replaces the English
    for _, row in other.iterrows():  # a Korean cell still empty: the English shows, marked as English
        assert f"<span lang='en'>{kn.maps.escape_text(row['summary'])}</span>" in popup
    assert "&lt;NA&gt;" not in popup and "<NA>" not in popup


def test_phase_map_title_has_korean_dates():
    phases = kn.load_dataset("phases").set_index("id")
    row = phases.loc["panmunjom_talks"]
    title = _korean_map("phase_panmunjom_talks").korea_notes_layers.title
    assert title == (f"{row['title_ko']} ({row['start'].year}년 {row['start'].month}월 {row['start'].day}일 ~ "
                     f"{row['end'].year}년 {row['end'].month}월 {row['end'].day}일)")


def test_hidden_lines_say_so_in_korean():
    labels = _korean_map("phase_war").korea_notes_layers.legend_labels
    hidden = [label for label in labels if label.endswith(_words.HIDDEN_NOTE["ko"])]
    assert [h.split(" (")[0] for h in hidden] == ["비무장지대", "군사분계선"]


def test_data_text_is_escaped_in_korean_popups():
    places, events = xss_places_and_events()
    events = events.copy()
    events.loc[events["id"] == "xss_event", "summary_ko"] = XSS_SUMMARY + "<img src=y onerror=alert(4)>"
    out = _html(kn.maps.armistice_map(places=places, events=events, lang="ko"))
    assert XSS_NAME not in out and kn.maps.escape_text(XSS_NAME) in out
    assert XSS_KO not in out and "${alert(2)}" not in out and kn.maps.escape_text(XSS_KO) in out
    assert "<script>alert(3)" not in out and "<img src=y" not in out
    assert kn.maps.escape_text("<img src=y onerror=alert(4)>") in out


def test_english_maps_are_unchanged_by_default():
    english = kn.maps.armistice_map()
    assert english.korea_notes_layers.lang == "en"
    assert english.korea_notes_layers.legend_labels == kn.maps.armistice_map(lang="en").korea_notes_layers.legend_labels
    assert not any(_hangul(label) for label in english.korea_notes_layers.legend_labels)
    assert "documentElement.lang" not in _html(english)


# ----------------------------------------------------------------------------- captions and notebook output


def test_precision_caption_in_korean_keeps_the_english_figures():
    english = kn.maps.precision_caption()
    korean = kn.maps.precision_caption(lang="ko")
    assert _hangul(korean) and "Natural Earth 1:10m" in korean and "scripts/derive_geo.py" in korean
    for line in KOREAN_LINE_NAMES:
        assert line in korean
    figures = re.compile(r"±[\d.]+ km")
    assert figures.findall(korean) == figures.findall(english) and figures.findall(korean)


@pytest.mark.parametrize("name", ["armistice", "phase_panmunjom_talks"])
def test_notebook_output_is_korean(name):
    m = _korean_map(name)
    bundle = m._repr_mimebundle_()
    out = bundle["text/html"]
    assert bundle["text/plain"].startswith("대화형 지도: ")
    title = re.search(r'<iframe title="([^"]+)" srcdoc=', out)
    assert title and html_module.unescape(title.group(1)) == f"대화형 지도: {m.korea_notes_layers.title}"
    note = re.search(r'<p class="korea-notes-map-note" lang="ko"[^>]*>([^<]+)</p>', out)
    assert note and html_module.unescape(note.group(1)) == kn.maps.fallback_note("ko")
    assert "Trust Notebook" in note.group(1) and "명령 팔레트" in note.group(1) and "셀을 실행" in note.group(1)
    assert html_module.escape(kn.maps.FALLBACK_NOTE) not in out
    alt = html_module.unescape(re.search(r'<img src="data:image/png;base64,[^"]+" alt="([^"]+)"', out).group(1))
    assert alt == kn.maps.map_description(m.korea_notes_layers) == m.alt_text()
    assert alt.startswith(f"대화형 지도 \u201c{m.korea_notes_layers.title}\u201d의 정적 그림")
    assert "선은 근삿값이다" in alt and "±" in alt
    names = [str(n) for g in m.korea_notes_layers.groups for n in g.places["name_ko"]][:5]
    assert names and all(n.split(" (")[0] in alt for n in names)
    assert not re.search(r"Static picture|It marks|showing", alt)


# ----------------------------------------------------------------------------- static pictures


def _texts(ax) -> list[str]:
    return ([t.get_text() for t in ax.get_legend().get_texts()] + [t.get_text() for t in ax.texts]
            + [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()])


def test_static_picture_of_a_korean_map_has_hangul_and_no_missing_glyph(korean_font, tmp_path):
    from PIL import Image

    from korea_notes.maps._display import picture_png

    m = _korean_map("armistice")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" would fail here
        png = picture_png(m.korea_notes_layers)  # what the notebook output shows (drawn here, not cached)
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        ax = kn.maps.static_picture(m.korea_notes_layers)
        ax.figure.savefig(tmp_path / "picture.png", dpi=60)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [label for label in m.korea_notes_layers.legend_labels]
    labels = [t.get_text() for t in ax.texts if t.get_zorder() == 5]
    assert labels and all(_hangul(label) for label in labels), labels
    assert _hangul(ax.get_title()) and ax.get_xlabel() == "경도 (°E)" and ax.get_ylabel() == "위도 (°N)"
    assert any("선은 근삿값이다" in t.get_text() for t in ax.texts)
    assert Image.open(tmp_path / "picture.png").width > 100 and png.startswith(b"\x89PNG")
    plt.close(ax.figure)


def test_static_map_in_korean_has_hangul_and_no_missing_glyph(korean_font, artifacts_dir: Path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = kn.maps.static_map(lang="ko")
        ax.figure.savefig(artifacts_dir / "static_map_ko.png", dpi=60)
    texts = _texts(ax)
    for line in KOREAN_LINE_NAMES:
        assert any(t.startswith(line) for t in texts), line
    assert "38선, 군사분계선과 비무장지대" == ax.get_title()
    inset = [child for child in ax.child_axes]
    assert inset and inset[0].get_title() == "비무장지대 확대"
    description = kn.charts.describe(ax) if hasattr(kn.charts, "describe") else ax.korea_notes_description
    assert description.startswith("한반도 지도. 그린 것: 육지 윤곽, 38선")
    plt.close(ax.figure)


def test_english_static_map_keeps_the_readers_fonts():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ax = kn.maps.static_map(places=kn.load_dataset("places").iloc[0:0])
    assert ax.get_title() == "The 38th parallel, the Military Demarcation Line and the DMZ"
    assert ax.title.get_fontfamily() == list(matplotlib.rcParams["font.family"])
    plt.close(ax.figure)


# ----------------------------------------------------------------------------- bad languages


BAD_LANG_CALLS = {
    "armistice_map": lambda: kn.maps.armistice_map(lang="xx"),
    "places_map": lambda: kn.maps.places_map(lang="xx"),
    "memorials_map": lambda: kn.maps.memorials_map(lang="xx"),
    "phase_map": lambda: kn.maps.phase_map("war", lang="xx"),
    "static_map": lambda: kn.maps.static_map(lang="xx"),
    "static_picture": lambda: kn.maps.static_picture(_korean_map("armistice").korea_notes_layers, lang="xx"),
    "precision_caption": lambda: kn.maps.precision_caption(lang="xx"),
    "map_description": lambda: kn.maps.map_description(_korean_map("armistice").korea_notes_layers, lang="xx"),
    "fallback_note": lambda: kn.maps.fallback_note("xx"),
    "alt_text": lambda: _korean_map("armistice").alt_text(lang="xx"),
}


@pytest.mark.parametrize("name", list(BAD_LANG_CALLS))
def test_unknown_language_is_a_clear_error(name):
    with pytest.raises(KoreaNotesError, match=r"`lang` must be one of \['en', 'ko'\], but 'xx' was passed"):
        BAD_LANG_CALLS[name]()


def test_a_map_record_is_drawn_only_in_its_own_language():
    layers = _korean_map("armistice").korea_notes_layers
    with pytest.raises(KoreaNotesError, match="built with lang='ko'"):
        kn.maps.map_description(layers, lang="en")
    assert kn.maps.map_description(layers, lang="ko") == kn.maps.map_description(layers)


# ----------------------------------------------------------------------------- a real browser


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_korean_map_draws_in_a_browser_with_hangul_legend(browser, tmp_path):  # noqa: F811
    m = kn.maps.armistice_map(offline=True, tiles=None, lang="ko")
    path = kn.maps.save_map(m, tmp_path / "armistice_ko.html")
    page, log = open_page(browser, path.as_uri(), wait_for=LEAFLET_READY)
    try:
        assert log.page_errors == [] and log.console_errors == [] and log.aborted == []
        assert page.evaluate("() => document.documentElement.lang") == "ko"
        paths = page.evaluate("() => document.querySelectorAll('svg path.leaflet-interactive').length")
        shown = sum(len(g.places) for g in m.korea_notes_layers.groups)
        assert paths >= 4 + shown  # outline, DMZ, 38th parallel, MDL and one circle per place
        legend = page.inner_text(".korea-notes-legend")
        for name in (*KOREAN_LINE_NAMES, "회담 장소", m.korea_notes_layers.title):
            assert name in legend, name
        assert page.get_attribute("details.korea-notes-legend", "lang") == "ko"
        controls = [t.strip() for t in page.locator(".leaflet-control-layers-overlays label").all_inner_texts()]
        rows = [t.strip() for t in page.locator(".korea-notes-legend-row").all_inner_texts()]
        assert rows and sorted(rows) == sorted(controls), (rows, controls)
        page.evaluate("""() => { for (const key of Object.keys(window)) {
            if (!key.startsWith('circle_marker_')) continue;
            const m = window[key];
            if (m.getTooltip() && m.getTooltip().getContent().includes('판문점')) { m.openPopup(); return; } } }""")
        popup = page.inner_text(".leaflet-popup-content")
        assert "판문점" in popup and "종류:" in popup and "위치:" in popup
        page.wait_for_timeout(400)  # the popup fades in
        page.screenshot(path="/tmp/korean_armistice_map.png")
    finally:
        page.context.close()
