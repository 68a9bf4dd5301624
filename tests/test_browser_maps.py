"""The armistice map in a real headless chromium (Debian's), with the network blocked.

Skipped without /usr/bin/chromium, unless KOREA_NOTES_REQUIRE_BROWSER=1 (CI), where that fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import browser, open_page, screenshot  # noqa: F401  (browser is a fixture)
from test_maps import XSS_NAME, xss_places_and_events

import korea_notes as kn

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

TILE_HOSTS = ("arcgisonline.com", "basemaps.cartocdn.com", "tile.openstreetmap.org")
LEAFLET_READY = ("() => window.L !== undefined "
                 "&& document.querySelectorAll('path.leaflet-interactive').length > 0")
OPEN_ALL_POPUPS = """() => {
    const texts = [];
    for (const key of Object.keys(window)) {
        if (!key.startsWith('circle_marker_')) continue;
        const marker = window[key];
        marker.openPopup();
        texts.push(marker.getPopup().getElement().querySelector('.leaflet-popup-content').innerText);
    }
    return texts;
}"""


def _expected_paths(places) -> int:
    """Outline + DMZ + 38th parallel + MDL, plus one circle per place shown (not abroad)."""
    return 4 + int((places["kind"].astype(str) != "abroad").sum())


def _only_tile_failures(log) -> None:
    assert log.page_errors == []
    assert all(any(host in url for host in TILE_HOSTS) for url in log.aborted), log.aborted
    other = [e for e in log.console_errors if not e.startswith("Failed to load resource")]
    assert other == [], other
    # The "Failed to load resource" messages name no address; the failed requests do: all of them are tiles.
    # (Counting messages against aborted requests raced: a tile asked for twice can fail twice.)
    not_tiles = [url for url in log.failed if not any(host in url for host in TILE_HOSTS)]
    assert not_tiles == [], not_tiles
    assert not log.console_errors or log.failed, "a resource failed to load, yet no request failed"


@pytest.fixture(scope="module")
def offline_file(tmp_path_factory) -> Path:
    places, events = xss_places_and_events()
    path = tmp_path_factory.mktemp("maps") / "armistice_offline.html"
    kn.maps.save_map(kn.maps.armistice_map(offline=True, places=places, events=events), path)
    return path


def test_offline_map_renders_with_no_network(browser, offline_file):  # noqa: F811
    places, _ = xss_places_and_events()
    page, log = open_page(browser, offline_file.as_uri(), wait_for=LEAFLET_READY)
    try:
        assert page.evaluate("() => L.version") == kn.maps.xstatic_asset_versions()["leaflet"]
        assert page.evaluate("() => typeof window.jQuery") == "function"
        paths = page.evaluate("() => document.querySelectorAll('path.leaflet-interactive').length")
        assert paths >= _expected_paths(places)
        legend = page.inner_text(".korea-notes-legend")
        assert "Military Demarcation Line" in legend and "Natural Earth" in legend and "±" in legend
        page.click("details.korea-notes-caption summary")  # the folded caption opens on a click
        assert "scripts/derive_geo.py" in page.inner_text(".korea-notes-legend")
        assert page.locator(".leaflet-control-scale").count() == 1
        controls = [t.strip() for t in page.locator(".leaflet-control-layers-overlays label").all_inner_texts()]
        legend_rows = [t.strip() for t in page.locator(".korea-notes-legend-row")
                       .all_inner_texts()]
        assert legend_rows and sorted(legend_rows) == sorted(controls), (legend_rows, controls)
        screenshot(page, "armistice_map_offline.png")
        _only_tile_failures(log)
    finally:
        page.context.close()


def test_offline_map_shows_hostile_text_as_text(browser, offline_file):  # noqa: F811
    page, log = open_page(browser, offline_file.as_uri(), wait_for=LEAFLET_READY)
    try:
        texts = page.evaluate(OPEN_ALL_POPUPS)
        assert any(XSS_NAME in t for t in texts), "the hostile name should appear literally"
        assert any("</script><script>alert(3)</script>" in t for t in texts)
        assert page.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
        page.wait_for_timeout(200)
        assert log.dialogs == [], log.dialogs
        _only_tile_failures(log)
        panmunjom = page.evaluate("""() => {
            for (const key of Object.keys(window)) {
                if (!key.startsWith('circle_marker_')) continue;
                const marker = window[key];
                marker.openPopup();
                const text = marker.getPopup().getElement().querySelector('.leaflet-popup-content').innerText;
                if (text.includes('판문점')) return text;
            }
            return '';
        }""")
        assert "Panmunjom" in panmunjom
        page.wait_for_timeout(500)  # let the other popups fade out
        screenshot(page, "armistice_map_popup.png")
    finally:
        page.context.close()


def test_offline_map_without_tiles_has_a_clean_console(browser, tmp_path):  # noqa: F811
    path = kn.maps.save_map(kn.maps.armistice_map(offline=True, tiles=None), tmp_path / "notiles.html")
    page, log = open_page(browser, path.as_uri(), wait_for=LEAFLET_READY)
    try:
        assert log.aborted == [] and log.console_errors == [] and log.page_errors == []
        fill = page.evaluate("() => document.querySelector('path.leaflet-interactive').getAttribute('fill')")
        assert fill  # the land is filled when there are no tiles
        screenshot(page, "armistice_map_no_tiles.png")
    finally:
        page.context.close()


def test_online_map_with_cdn_served_locally_and_tiles_blocked(browser, tmp_path):  # noqa: F811
    places = kn.load_dataset("places")
    path = kn.maps.save_map(kn.maps.armistice_map(offline=False), tmp_path / "online.html")

    def from_xstatic(route, request) -> bool:
        local = kn.maps.local_asset_path(request.url)
        if local is None:
            return False
        kind = "text/css" if local.suffix == ".css" else "application/javascript"
        route.fulfill(status=200, body=local.read_bytes(), headers={"content-type": kind})
        return True

    page, log = open_page(browser, path.as_uri(), handler=from_xstatic, wait_for=LEAFLET_READY)
    try:
        assert len(log.served) == 3, log.served  # leaflet.js, jquery, leaflet.css
        paths = page.evaluate("() => document.querySelectorAll('path.leaflet-interactive').length")
        assert paths >= _expected_paths(places)
        _only_tile_failures(log)
        screenshot(page, "armistice_map_online_no_tiles.png")
    finally:
        page.context.close()


def _area(page, selector: str) -> float:
    return page.evaluate("""(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
                                       return r.width * r.height; }""", selector)


@pytest.mark.parametrize("width", [1200, 800])
def test_legend_and_layer_list_leave_most_of_the_map_free(browser, tmp_path, width):  # noqa: F811
    """At a 1200 px window (and a narrower notebook column) the controls cover well under half of the map."""
    path = kn.maps.save_map(kn.maps.armistice_map(), tmp_path / "map.html")
    page, log = open_page(browser, path.as_uri(), viewport=(width, int(width * 0.6)), wait_for=LEAFLET_READY)
    try:
        whole = _area(page, ".leaflet-container")
        covered = _area(page, ".korea-notes-legend") + _area(page, ".leaflet-control-layers")
        assert covered / whole < 0.35, covered / whole
        summary = page.locator(".korea-notes-legend > summary")
        summary.click()
        assert page.evaluate("() => document.querySelector('details.korea-notes-legend').open") is False
        assert _area(page, ".korea-notes-legend") < 0.05 * whole  # folded to its title
        summary.click()
        assert page.evaluate("() => document.querySelector('details.korea-notes-legend').open") is True
        screenshot(page, f"armistice_map_controls_{width}.png")
        page.wait_for_load_state("networkidle")  # let the refused tile requests settle
        _only_tile_failures(log)
    finally:
        page.context.close()


def test_small_map_starts_with_legend_folded_and_layers_collapsed(browser, tmp_path):  # noqa: F811
    path = kn.maps.save_map(kn.maps.armistice_map(), tmp_path / "map.html")
    page, log = open_page(browser, path.as_uri(), viewport=(420, 600), wait_for=LEAFLET_READY)
    try:
        assert page.evaluate("() => document.querySelector('details.korea-notes-legend').open") is False
        control = page.locator(".leaflet-control-layers")
        assert "leaflet-control-layers-expanded" not in (control.get_attribute("class") or "")
        control.hover()
        page.wait_for_timeout(200)
        assert "leaflet-control-layers-expanded" in (control.get_attribute("class") or "")  # still reachable
        page.wait_for_load_state("networkidle")  # let the refused tile requests settle
        _only_tile_failures(log)
    finally:
        page.context.close()


def test_notebook_output_shows_the_map_over_its_picture(browser, tmp_path):  # noqa: F811
    """The notebook HTML of a map, in a page: a titled iframe whose Leaflet draws our layers over the picture."""
    m = kn.maps.armistice_map()
    path = tmp_path / "output.html"
    path.write_text(f"<!DOCTYPE html><html><body style='width:900px'>{m._repr_html_()}</body></html>",
                    encoding="utf-8")
    page, log = open_page(browser, path.as_uri(), viewport=(1000, 800))
    try:
        frame_el = page.locator("iframe")
        assert frame_el.get_attribute("title") == f"Interactive map: {m.korea_notes_layers.title}"
        frame = frame_el.element_handle().content_frame()
        frame.wait_for_function(LEAFLET_READY, timeout=15000)
        assert frame.locator("path.leaflet-interactive").count() >= 4
        box = page.evaluate("""() => { const f = document.querySelector('iframe').getBoundingClientRect();
            const i = document.querySelector('img.korea-notes-map-picture').getBoundingClientRect();
            const n = document.querySelector('.korea-notes-map-note').getBoundingClientRect();
            return [f.top <= i.top, f.bottom >= n.bottom, f.left <= i.left, f.right >= i.right, f.height]; }""")
        assert box[:4] == [True, True, True, True] and box[4] > 400, box  # the map covers picture and note
        screenshot(page, "notebook_output_trusted.png")
        assert log.page_errors == []
    finally:
        page.context.close()


def test_wide_map_frames_its_places_beside_the_open_legend(browser, tmp_path):  # noqa: F811
    places = kn.load_dataset("places").set_index("id")
    venues = places.loc[["seoul", "pyongyang", "panmunjom", "mount_kumgang", "kaesong"]].reset_index()
    path = kn.maps.save_map(kn.maps.armistice_map(places=venues), tmp_path / "venues.html")
    page, log = open_page(browser, path.as_uri(), viewport=(1100, 660), wait_for=LEAFLET_READY)
    try:
        page.wait_for_timeout(300)
        hidden = page.evaluate("""() => {
            const legend = document.querySelector('.korea-notes-legend').getBoundingClientRect();
            const map = document.querySelector('.leaflet-container').getBoundingClientRect();
            const out = [];
            for (const key of Object.keys(window)) {
                if (!key.startsWith('circle_marker_')) continue;
                const p = window[key]._path.getBoundingClientRect();
                const x = p.left + p.width / 2, y = p.top + p.height / 2;
                const inside = x > map.left && x < map.right && y > map.top && y < map.bottom;
                const under = x > legend.left && x < legend.right && y > legend.top && y < legend.bottom;
                if (!inside || under) out.push(key);
            }
            return out;
        }""")
        assert hidden == [], "every place of the map is in its first view and none under the legend"
        page.wait_for_load_state("networkidle")  # let the refused tile requests settle
        _only_tile_failures(log)
    finally:
        page.context.close()


def test_cdn_map_that_cannot_load_leaflet_shows_its_picture(browser, tmp_path):  # noqa: F811
    """A map told to use the CDN, behind a firewall: the empty iframe lets its static picture show through."""
    import io

    import numpy as np
    from PIL import Image

    m = kn.maps.armistice_map(offline=False)
    path = tmp_path / "output.html"
    path.write_text(f"<!DOCTYPE html><html><body style='width:900px;margin:0'>{m._repr_html_()}</body></html>",
                    encoding="utf-8")
    page, log = open_page(browser, path.as_uri(), viewport=(1000, 800))
    try:
        page.wait_for_load_state("networkidle")
        assert any("leaflet" in url for url in log.aborted)  # the CDN was refused
        frame = page.locator("iframe").element_handle().content_frame()
        assert frame.evaluate("() => typeof window.L") == "undefined"
        shot = Image.open(io.BytesIO(page.screenshot(clip={"x": 0, "y": 0, "width": 900, "height": 540})))
        pixels = np.asarray(shot.convert("RGB"), dtype=int)
        land = int((np.abs(pixels - [0xF3, 0xF1, 0xEA]).sum(axis=2) < 12).sum())
        assert land > 0.2 * 900 * 540, "the picture's land colour fills much of the box"
        screenshot(page, "notebook_output_cdn_blocked.png")
    finally:
        page.context.close()
