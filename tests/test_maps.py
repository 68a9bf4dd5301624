"""korea_notes.maps at the HTML level: layers, legend, assets, escaping, argument errors, saving."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import folium
import pandas as pd
import pytest

import korea_notes as kn
from korea_notes.errors import KoreaNotesError
from korea_notes.palette import ROLES

XSS_NAME = "<img src=x onerror=alert(1)>"
XSS_KO = "`${alert(2)}`\\u0041"
XSS_SUMMARY = "</script><script>alert(3)</script>"


def _html(m: folium.Map) -> str:
    return m.get_root().render()


def xss_places_and_events() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The real places and events plus one hostile place and an event tied to it."""
    places = kn.load_dataset("places")
    events = kn.load_dataset("events")
    extra = {column: pd.NA for column in places.columns}
    extra.update(id="xss_place", name=XSS_NAME, name_ko=XSS_KO, lat=37.7, lon=127.2, kind="city",
                 precision_km=1.0, source="natural_earth_10m")
    places = pd.concat([places, pd.DataFrame([extra]).astype(places.dtypes.to_dict())], ignore_index=True)
    event = {column: pd.NA for column in events.columns}
    event.update(id="xss_event", date=pd.Timestamp("1953-07-27"), date_precision="day",
                 title="Test <b>event</b>", title_ko="시험", phase=str(events["phase"].iloc[0]),
                 category="memory", place_id="xss_place", summary=XSS_SUMMARY, source="natural_earth_10m")
    events = pd.concat([events, pd.DataFrame([event]).astype(events.dtypes.to_dict())], ignore_index=True)
    return places, events


@pytest.fixture(scope="module")
def offline_html() -> str:
    return _html(kn.maps.armistice_map(offline=True))


@pytest.fixture(scope="module")
def online_html() -> str:
    return _html(kn.maps.armistice_map())


# ----------------------------------------------------------------------------- content

def test_layers_legend_scale_and_caption(online_html):
    for label in ("38th parallel", "Military Demarcation Line", "Demilitarized Zone", "Negotiation sites",
                  "Other places"):
        assert label in online_html
    assert "L.control.layers" in online_html
    assert "korea-notes-legend" in online_html
    assert "control_scale" in online_html or "L.control.scale" in online_html
    caption = kn.maps.precision_caption()
    assert "Natural Earth" in caption and "derive_geo.py" in caption
    for name in ("mdl", "dmz", "parallel_38"):
        precision = kn.load_geojson(name)["features"][0]["properties"]["precision_km"]
        assert f"\u00b1{precision:g} km" in caption
    # the caption reaches the legend (JSON-escaped inside a script) and the attribution
    assert "scripts/derive_geo.py" in online_html
    assert "Natural Earth 1:10m, approximate" in online_html


def test_colours_come_from_the_palette(online_html):
    for role in ("parallel_38", "mdl", "dmz", "negotiation_site", "place"):
        assert ROLES[role].lower() in online_html.lower(), role


def test_popups_give_both_names_and_the_events_at_the_place(online_html):
    places = kn.load_dataset("places")
    events = kn.load_dataset("events")
    korea = places[places["kind"].astype(str) != "abroad"]
    tied = events[events["place_id"].isin(korea["id"])]
    assert len(tied), "the data should tie some events to places"
    for _, event in tied.head(5).iterrows():
        assert kn.maps.escape_text(event["summary"]) in online_html
    for _, place in korea.head(5).iterrows():
        assert kn.maps.escape_text(place["name"]) in online_html
        if pd.notna(place["name_ko"]):
            assert kn.maps.escape_text(place["name_ko"]) in online_html


def test_line_popups_say_how_derived_and_how_precise(online_html):
    for name in ("mdl", "dmz", "parallel_38"):
        props = kn.load_geojson(name)["features"][0]["properties"]
        assert kn.maps.escape_text(props["derived_from"]) in online_html
        assert f"about {props['precision_km']:g} km" in online_html


def test_markers_are_circle_markers_not_icons(online_html):
    assert "L.circleMarker" in online_html
    assert "L.AwesomeMarkers" not in online_html and "L.marker(" not in online_html


# ----------------------------------------------------------------------------- assets

def test_online_map_loads_only_leaflet_and_jquery_from_folium_links(online_html):
    scripts = re.findall(r'<script src="([^"]+)"', online_html)
    links = re.findall(r'<link rel="stylesheet" href="([^"]+)"', online_html)
    assert scripts == [dict(folium.Map.default_js)["leaflet"], dict(folium.Map.default_js)["jquery"]]
    assert links == [dict(folium.Map.default_css)["leaflet_css"]]


def test_offline_map_inlines_everything(offline_html):
    assert not re.search(r"<script[^>]+src=", offline_html)
    assert not re.search(r"<link[^>]+stylesheet", offline_html)
    assert f'"{kn.maps.xstatic_asset_versions()["leaflet"]}"' in offline_html  # Leaflet's own version string
    assert "jQuery" in offline_html
    assert offline_html.count("<script>") >= 2


def test_xstatic_carries_the_versions_folium_references():
    assert kn.maps.xstatic_asset_versions() == kn.maps.folium_asset_versions()


def test_class_level_asset_lists_are_not_mutated():
    js_before, css_before = list(folium.Map.default_js), list(folium.Map.default_css)
    offline = kn.maps.armistice_map(offline=True)
    online = kn.maps.armistice_map()
    _html(offline)
    _html(online)
    assert folium.Map.default_js == js_before and folium.Map.default_css == css_before
    assert _html(folium.Map(tiles=None)).count("bootstrap") > 0  # a plain folium map keeps its defaults


def test_local_asset_path_maps_cdn_urls_to_xstatic_files():
    assets = {**dict(folium.Map.default_js), **dict(folium.Map.default_css)}
    for name in ("leaflet", "jquery", "leaflet_css"):
        path = kn.maps.local_asset_path(assets[name])
        assert path is not None and path.is_file(), assets[name]
    assert kn.maps.local_asset_path(assets["bootstrap"]) is None


# ----------------------------------------------------------------------------- escaping

def test_hostile_text_is_escaped_in_the_html():
    places, events = xss_places_and_events()
    html = _html(kn.maps.armistice_map(places=places, events=events))
    assert XSS_NAME not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert XSS_SUMMARY not in html and "<script>alert(3)" not in html
    assert "${alert(2)}" not in html  # would run inside folium's JavaScript template literals
    assert "&#96;&#36;{alert(2)}&#96;&#92;u0041" in html


def test_escape_text():
    assert kn.maps.escape_text(XSS_NAME) == "&lt;img src=x onerror=alert(1)&gt;"
    assert kn.maps.escape_text(pd.NA) == ""
    assert kn.maps.escape_text(None) == ""
    assert kn.maps.escape_text("a'b\"c&") == "a&#x27;b&quot;c&amp;"


# ----------------------------------------------------------------------------- arguments

def test_bad_kind_lists_the_valid_choices():
    with pytest.raises(KoreaNotesError, match=r"The value for `kind` must be one of \[.*'city'.*\], "
                                              r"but 'castle' was passed"):
        kn.maps.places_map("castle")


def test_bad_phase_and_tiles_list_the_valid_choices():
    first_phase = str(kn.load_dataset("phases").sort_values("order")["id"].iloc[0])
    with pytest.raises(KoreaNotesError, match=rf"`phase` must be one of \['{first_phase}'.*'nope' was passed"
                       ):
        kn.maps.phase_map("nope")
    with pytest.raises(KoreaNotesError, match=r"`tiles` must be one of \['esri_gray'.*'google' was passed"):
        kn.maps.armistice_map(tiles="google")


@pytest.mark.parametrize("tiles", list(kn.maps.TILES))
def test_every_tile_choice_builds_and_attributes(tiles):
    html = _html(kn.maps.armistice_map(tiles=tiles))
    if tiles is None:
        assert "L.tileLayer" not in html
    else:
        assert "L.tileLayer" in html and "attribution" in html
        assert "{apikey}" not in html


def test_default_tiles_need_no_referer_or_key():
    assert kn.maps.DEFAULT_TILES == "esri_gray"
    assert "openstreetmap.org/{z}" not in _html(kn.maps.armistice_map())


def test_places_map_kinds_and_memorials_map():
    kinds = kn.maps.place_kinds()
    assert "negotiation_site" in kinds
    html = _html(kn.maps.places_map(["negotiation_site", "city"]))
    assert "Negotiation site (" in html and "City (" in html
    assert "L.circleMarker" in _html(kn.maps.places_map())
    assert isinstance(kn.maps.memorials_map(), folium.Map)


@pytest.mark.parametrize("phase", list(kn.load_dataset("phases")["id"].astype(str)))
def test_phase_map_for_every_phase(phase):
    m = kn.maps.phase_map(phase)
    html = _html(m)
    events = kn.load_dataset("events")
    placed = events[(events["phase"].astype(str) == phase) & events["place_id"].notna()]
    assert html.count("L.circleMarker") == placed["place_id"].nunique()


# ----------------------------------------------------------------------------- saving and importing

def test_save_map_is_atomic(tmp_path):
    target = tmp_path / "sub" / "map.html"
    out = kn.maps.save_map(kn.maps.armistice_map(offline=True), target)
    assert out == target and target.stat().st_size > 100_000
    assert [p.name for p in target.parent.iterdir()] == ["map.html"]

    class Broken:
        def get_root(self):
            raise RuntimeError("render failed")

    before = target.read_bytes()
    with pytest.raises(RuntimeError):
        kn.maps.save_map(Broken(), target)
    assert target.read_bytes() == before
    assert [p.name for p in target.parent.iterdir()] == ["map.html"]


def test_maps_and_folium_load_lazily():
    code = ("import sys, korea_notes as kn; assert 'folium' not in sys.modules; "
            "assert 'matplotlib' not in sys.modules; kn.maps; assert 'folium' in sys.modules; "
            "assert 'matplotlib' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


# ----------------------------------------------------------------------------- static map

def test_static_map(artifacts_dir: Path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ax = kn.maps.static_map()
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("Military Demarcation Line" in t for t in labels)
    assert any("38th parallel" in t for t in labels)
    assert any("Demilitarized Zone" in t for t in labels)
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "Natural Earth" in texts and "±" in texts
    assert len(ax.child_axes) == 1  # the DMZ close-up
    ax.figure.savefig(artifacts_dir / "static_map.png", dpi=100)
    plt.close(ax.figure)

    places = kn.load_dataset("places")
    places = places[places["kind"].astype(str) != "abroad"]
    dollar = places.head(1).assign(name="Costs $5 and $6", id="dollar", lat=35.0, lon=128.0)
    ax = kn.maps.static_map(places=pd.concat([places, dollar]), labels=kn.maps.place_kinds(), inset=False)
    assert r"Costs \$5 and \$6" in [t.get_text() for t in ax.texts]  # shown literally, not as mathtext
    plt.close(ax.figure)

    fig, given = plt.subplots()
    assert kn.maps.static_map(given, places=places.iloc[0:0]) is given
    plt.close(fig)


def test_static_map_zooms_with_extent_and_drops_the_inset(artifacts_dir: Path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ax = kn.maps.static_map(extent=(126.45, 126.95, 37.8, 38.05))
    assert ax.get_xlim() == (126.45, 126.95) and ax.get_ylim() == (37.8, 38.05)
    assert ax.child_axes == []  # a close-up of the whole DMZ makes no sense on a zoomed map
    ax.figure.savefig(artifacts_dir / "static_map_zoom.png", dpi=100)
    plt.close(ax.figure)
    ax = kn.maps.static_map(extent=(126.45, 126.95, 37.8, 38.05), inset=True)
    assert len(ax.child_axes) == 1
    plt.close(ax.figure)
    for bad in [(127, 126, 37, 38), (126, 127, 38, 37), (1, 2, 3), "west"]:
        with pytest.raises(KoreaNotesError, match="extent"):
            kn.maps.static_map(extent=bad)


def test_docstring_examples_run():
    import doctest
    import importlib

    for name in ("_assets", "_choices", "_layers", "_places", "_text", "interactive", "io", "static"):
        module = importlib.import_module(f"korea_notes.maps.{name}")
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0, name
