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
    return _html(kn.maps.armistice_map(offline=False))


@pytest.fixture()
def no_inline_setting(monkeypatch):
    """No session setting and no KOREA_NOTES_MAPS_INLINE: the built-in default decides."""
    monkeypatch.delenv(kn.maps.INLINE_ENV, raising=False)
    kn.maps.set_inline_assets(None)
    yield monkeypatch
    kn.maps.set_inline_assets(None)


def _inlined(m: folium.Map) -> bool:
    html = _html(m)
    cdn = dict(folium.Map.default_js)["leaflet"] in html
    inline = f'"{kn.maps.xstatic_asset_versions()["leaflet"]}"' in html and not re.search(r"<script[^>]+src=", html)
    assert cdn != inline, "a map loads Leaflet either from the CDN or inline"
    return inline


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


def test_maps_inline_their_assets_by_default(no_inline_setting):
    assert kn.maps.inline_assets() is True
    for build in (kn.maps.armistice_map, kn.maps.memorials_map, lambda **kw: kn.maps.phase_map("war", **kw),
                  lambda **kw: kn.maps.places_map("city", **kw)):
        assert _inlined(build()), build
        assert _inlined(build(offline=None))
        assert not _inlined(build(offline=False))


@pytest.mark.parametrize(("value", "inline"), [("1", True), ("0", False), ("true", True), ("FALSE", False),
                                               ("", True)])
def test_environment_variable_sets_the_default(no_inline_setting, value, inline):
    no_inline_setting.setenv("KOREA_NOTES_MAPS_INLINE", value)
    assert kn.maps.inline_assets() is inline
    assert _inlined(kn.maps.armistice_map()) is inline
    assert _inlined(kn.maps.armistice_map(offline=not inline)) is (not inline)  # the argument wins


def test_session_setting_wins_over_the_environment(no_inline_setting):
    no_inline_setting.setenv("KOREA_NOTES_MAPS_INLINE", "1")
    kn.maps.set_inline_assets(False)
    assert not _inlined(kn.maps.armistice_map())
    assert _inlined(kn.maps.armistice_map(offline=True))
    kn.maps.set_inline_assets(None)
    assert _inlined(kn.maps.armistice_map())


def test_bad_switch_values_are_clear_errors(no_inline_setting):
    no_inline_setting.setenv("KOREA_NOTES_MAPS_INLINE", "yes please")
    with pytest.raises(KoreaNotesError, match=r"KOREA_NOTES_MAPS_INLINE must be 1 .* or 0 .*'yes please'"):
        kn.maps.armistice_map()
    with pytest.raises(KoreaNotesError, match=r"`offline` must be one of \[None, False, True\]"):
        kn.maps.armistice_map(offline="yes")
    with pytest.raises(KoreaNotesError, match=r"`inline` must be one of"):
        kn.maps.set_inline_assets(1)


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
    html = _html(kn.maps.places_map(["negotiation_site", "city", "pow_camp"]))
    assert "Negotiation site (" in html and "City (" in html and "POW camp (" in html
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


# ----------------------------------------------------------------------------- notebook output and its fallback

MAP_BUILDERS = {
    "armistice": lambda: kn.maps.armistice_map(),
    "places": lambda: kn.maps.places_map(),
    "memorials": lambda: kn.maps.memorials_map(),
    "phase_war": lambda: kn.maps.phase_map("war"),
    "phase_panmunjom_talks": lambda: kn.maps.phase_map("panmunjom_talks"),
}


@pytest.mark.parametrize("name", list(MAP_BUILDERS))
def test_notebook_output_has_a_titled_iframe_over_a_static_picture(name):
    import base64
    import html as html_module
    import io

    from PIL import Image

    m = MAP_BUILDERS[name]()
    bundle = m._repr_mimebundle_()
    out = bundle["text/html"]
    assert "Interactive map" in bundle["text/plain"]
    assert "Make this Notebook Trusted" not in out and "File -> Trust" not in out
    assert html_module.escape(kn.maps.FALLBACK_NOTE) in out
    title = re.search(r'<iframe title="([^"]+)" srcdoc=', out)
    assert title and title.group(1) == html_module.escape(f"Interactive map: {m.korea_notes_layers.title}")
    picture = re.search(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]+)"', out)
    assert picture, "a static picture with alt text"
    image = Image.open(io.BytesIO(base64.b64decode(picture.group(1))))
    assert image.width >= 800 and abs(image.height / image.width - 0.6) < 0.05  # the map's shape
    alt = html_module.unescape(picture.group(2))
    for place in m.korea_notes_layers.place_names()[:5]:
        assert place.split(" (")[0] in alt
    assert "±" in alt and "Natural Earth" in alt
    assert out.index("<img") < out.index("<iframe")  # the iframe is laid over the picture
    srcdoc = html_module.unescape(re.search(r'srcdoc="([^"]*)"', out).group(1))
    assert srcdoc.startswith("<!DOCTYPE html>") and "korea-notes-legend" in srcdoc and "L.control.layers" in srcdoc


def test_legend_layers_all_appear_in_the_layer_control():
    for name, build in MAP_BUILDERS.items():
        m = build()
        controlled = {child.layer_name for child in m._children.values()
                      if isinstance(child, folium.FeatureGroup) and child.control}
        shown = [label.replace(" (hidden; use the layer control)", "") for label in m.korea_notes_layers.legend_labels]
        assert shown and set(shown) <= {kn.maps.escape_text(c) for c in controlled} | controlled, name
        assert len(shown) == len(controlled), name  # and the control lists no layer the legend leaves out


def test_legend_folds_and_small_maps_start_folded():
    html = _html(kn.maps.armistice_map())
    assert "\\u003cdetails class='korea-notes-legend' open" in html  # JSON-escaped in the script
    assert "\\u003cdetails class='korea-notes-caption'" in html  # the long caption folded inside
    assert "Lines approximate (Natural Earth 1:10m, \\u00b1" in html
    assert "control.options.collapsed = true" in html and "getSize().x < 640" in html


def test_first_view_frames_the_places_passed():
    places = kn.load_dataset("places").set_index("id")
    venues = places.loc[["seoul", "pyongyang", "imjingak", "mount_kumgang"]].reset_index()
    west, south, east, north = kn.maps.armistice_map(places=venues).korea_notes_layers.bounds
    for _, place in venues.iterrows():
        assert west < place["lon"] < east and south < place["lat"] < north, place["id"]
    # with every place, the first view frames the DMZ and the negotiation sites (the rest is a zoom-out away)
    west, south, east, north = kn.maps.armistice_map().korea_notes_layers.bounds
    assert south > places.loc["busan", "lat"]
    assert f"[[{south}, {west}], [{north}, {east}]]" in _html(kn.maps.armistice_map())


def test_plain_folium_maps_keep_folium_defaults():
    assert isinstance(kn.maps.armistice_map(), folium.Map)
    assert kn.maps.KoreaMap().static_png() == b""


# ----------------------------------------------------------------------------- static pictures and labels

def _marker_points(ax) -> list[tuple[float, float]]:
    from matplotlib.collections import PathCollection  # scatter markers (the land and DMZ are PatchCollections)

    return [tuple(p) for c in ax.collections if type(c) is PathCollection for p in c.get_offsets()]


def _hidden_markers(ax) -> list[tuple[float, float]]:
    ax.figure.draw_without_rendering()
    box = ax.get_legend().get_window_extent()
    (west, east), (south, north) = ax.get_xlim(), ax.get_ylim()
    return [p for p in _marker_points(ax) if west <= p[0] <= east and south <= p[1] <= north
            and box.contains(*ax.transData.transform(p))]


def test_static_map_labels_every_place_passed_and_its_legend_hides_none():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    places = kn.load_dataset("places").set_index("id")
    cases = [(["seoul", "pyongyang", "incheon", "kaesong"], None),
             (["kaesong", "panmunjom", "seoul"], None),
             (["joint_security_area", "kijong_dong", "dora_observatory", "third_tunnel", "imjingak", "kaesong"],
              (126.45, 126.95, 37.80, 38.05)),
             (["kaesong", "panmunjom", "panmunjom_signing_hall", "munsan", "seoul", "pyongyang"],
              (124.5, 129.8, 36.8, 39.6))]
    for ids, extent in cases:
        chosen = places.loc[ids].reset_index()
        ax = kn.maps.static_map(places=chosen, extent=extent)
        texts = {t.get_text() for t in ax.texts}
        spots: list[tuple[float, float]] = []
        for _, place in chosen.sort_values("lon").iterrows():
            name = place["name"].split(" (")[0].split(" - ")[0]
            near = [s for s in spots if abs(s[0] - place["lon"]) < 0.01 * 9 and abs(s[1] - place["lat"]) < 0.09]
            assert name in texts or near, (ids, name)  # labelled, or on a spot labelled already
            spots.append((place["lon"], place["lat"]))
        assert _hidden_markers(ax) == [], ids
        labels = [t.get_window_extent() for t in ax.texts if "Natural Earth" not in t.get_text()]
        overlaps = [(a, b) for i, a in enumerate(labels) for b in labels[i + 1:] if a.overlaps(b)]
        assert overlaps == [], ids  # every label can be read
        described = kn.charts.describe(ax)
        for name in chosen["name"]:
            assert name.split(" (")[0] in described
        plt.close(ax.figure)


@pytest.mark.parametrize("name", list(MAP_BUILDERS))
def test_static_picture_draws_the_same_layers(name, artifacts_dir: Path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    layers = MAP_BUILDERS[name]().korea_notes_layers
    ax = kn.maps.static_picture(layers)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    for label in layers.legend_labels:
        if "hidden" in label:
            assert label.replace(" (hidden; use the layer control)", "") not in legend  # not in the first view
        else:
            assert label in legend, label
    west, east = ax.get_xlim()
    south, north = ax.get_ylim()
    b_west, b_south, b_east, b_north = layers.bounds
    assert west <= b_west and east >= b_east and south <= b_south and north >= b_north
    assert len(_marker_points(ax)) == sum(len(g.places) for g in layers.groups)
    assert _hidden_markers(ax) == []
    ax.figure.savefig(artifacts_dir / f"static_picture_{name}.png", dpi=80)
    plt.close(ax.figure)
