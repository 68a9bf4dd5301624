"""Maps where scripts cannot run: a notebook saved by one user and opened, untrusted, by another.

One "user" executes a small notebook with a map (through :func:`korea_notes.runner.run_notebook`), signs it
with their own notebook secret and saves it. A second user opens it in a real JupyterLab server whose
``JUPYTER_DATA_DIR`` (trust database and secret) is fresh, so the notebook is untrusted: JupyterLab's
sanitizer removes the map's iframe. The reader must then see our static picture (an ``<img>`` with our alt
text and a real size) and our one-line note, never folium's "Make this Notebook Trusted to load map: File ->
Trust Notebook" (JupyterLab 4 has no such menu item). The same executed notebook exported to HTML by
nbconvert and opened from ``file://`` with the network blocked shows the interactive map (Leaflet's SVG paths).
Screenshots go to the artifacts folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from browser_support import browser, open_page, route_offline  # noqa: F401
from lab_support import jupyterlab

import korea_notes as kn
from korea_notes.runner import run_notebook

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("jupyterlab")]

ROOT = Path(__file__).resolve().parent.parent
FOLIUM_TEXT = "Make this Notebook Trusted"
MAP_CELL = """import korea_notes as kn

places = kn.load_dataset("places").set_index("id")
venues = places.loc[["seoul", "pyongyang", "panmunjom", "mount_kumgang"]].reset_index()
m = kn.maps.armistice_map(places=venues)
m"""


@pytest.fixture(scope="module")
def saved_notebook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A notebook executed, signed and saved by a first user (their own Jupyter data folder)."""
    home = tmp_path_factory.mktemp("author")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# A map shared by a student"), nbformat.v4.new_code_cell(MAP_CELL)]
    executed = run_notebook(nb, cwd=ROOT / "notebooks", backend="inline", network=False, quiet=True).notebook
    from nbformat.sign import NotebookNotary

    (home / "data").mkdir()
    notary = NotebookNotary(data_dir=str(home / "data"))
    notary.sign(executed)
    assert notary.check_signature(executed)  # trusted for its author
    path = home / "root" / "shared_map.ipynb"
    path.parent.mkdir(parents=True)
    nbformat.write(executed, path)
    return path


@pytest.fixture(scope="module")
def second_user_lab(saved_notebook: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """JupyterLab for a second user: a fresh trust database, serving the saved notebook's folder."""
    home = tmp_path_factory.mktemp("reader")
    with jupyterlab(saved_notebook.parent, home) as (base, token):
        yield base, token


_PICTURE = """() => {
  const img = document.querySelector('.jp-OutputArea-output img.korea-notes-map-picture');
  return img && img.complete ? [img.naturalWidth, img.naturalHeight, img.getAttribute('alt'),
                                img.getBoundingClientRect().width] : null;
}"""
_TRUSTED = """() => window.jupyterapp.shell.currentWidget.content.widgets
  .filter(c => c.model.type === 'code').map(c => c.model.trusted)"""


def test_untrusted_notebook_shows_the_static_picture(browser, second_user_lab, saved_notebook,  # noqa: F811
                                                     artifacts_dir: Path) -> None:
    before = saved_notebook.read_bytes()
    base, token = second_user_lab
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    aborted = route_offline(page, allow_hosts={"127.0.0.1"})
    try:
        page.goto(f"{base}/lab/tree/{saved_notebook.name}?token={token}&reset", wait_until="domcontentloaded")
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget "
                               "&& window.jupyterapp.shell.currentWidget.content "
                               "&& window.jupyterapp.shell.currentWidget.content.widgets.length > 1",
                               timeout=90_000)
        width, height, alt, shown_width = page.wait_for_function(_PICTURE, timeout=60_000).json_value()
        assert page.evaluate(_TRUSTED) == [False], "the second user must see the notebook untrusted"
        assert width >= 800 and height >= 400 and shown_width > 300
        assert alt.startswith("Static picture of the interactive map \u201cThe Korean War Armistice line\u201d")
        for name in ("Seoul", "Pyongyang", "Panmunjom", "Mount Kumgang"):
            assert name in alt
        output = page.locator(".jp-OutputArea-output").first
        text = output.inner_text()
        assert FOLIUM_TEXT not in text and "File -> Trust" not in page.content()
        assert kn.maps.FALLBACK_NOTE in text
        assert output.locator("iframe").count() == 0  # the sanitizer removed the interactive map
        page.locator(".jp-OutputArea-output").first.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        page.screenshot(path=str(artifacts_dir / "untrusted_notebook_map.png"))
        assert all("127.0.0.1" not in url for url in aborted)
    finally:
        context.close()
    assert saved_notebook.read_bytes() == before, "opening the notebook did not rewrite it"


def test_saved_html_of_the_notebook_draws_the_map_offline(browser, saved_notebook, tmp_path,  # noqa: F811
                                                          artifacts_dir: Path) -> None:
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_notebook_node(nbformat.read(saved_notebook, as_version=4))
    assert FOLIUM_TEXT not in body
    path = tmp_path / "shared_map.html"
    path.write_text(body, encoding="utf-8")
    page, log = open_page(browser, path.as_uri(), viewport=(1200, 900), timeout_ms=30_000)
    try:
        frame = page.locator("iframe").element_handle().content_frame()
        frame.wait_for_function("() => window.L !== undefined && "
                                "document.querySelectorAll('path.leaflet-interactive').length >= 8", timeout=20_000)
        assert frame.locator(".korea-notes-legend").count() == 1
        assert page.locator("iframe").get_attribute("title").startswith("Interactive map: ")
        covered = page.evaluate("""() => { const f = document.querySelector('iframe').getBoundingClientRect();
            const i = document.querySelector('img.korea-notes-map-picture').getBoundingClientRect();
            return f.top <= i.top && f.bottom >= i.bottom && f.width >= i.width; }""")
        assert covered, "the interactive map lies over its static picture"
        page.locator("iframe").scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        page.screenshot(path=str(artifacts_dir / "saved_html_notebook_map.png"))
        assert log.page_errors == []
        assert not any("leaflet" in url.lower() or "jquery" in url.lower() for url in log.aborted), log.aborted
    finally:
        page.context.close()


def test_rerun_in_jupyterlab_draws_the_map_with_no_cdn(browser, second_user_lab, saved_notebook,  # noqa: F811
                                                      artifacts_dir: Path) -> None:
    """Run by the reader (outputs trusted), the map carries its own Leaflet: every CDN request is refused."""
    base, token = second_user_lab
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    aborted = route_offline(page, allow_hosts={"127.0.0.1"})
    try:
        page.goto(f"{base}/lab/tree/{saved_notebook.name}?token={token}&reset", wait_until="domcontentloaded")
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget "
                               "&& window.jupyterapp.shell.currentWidget.sessionContext "
                               "&& window.jupyterapp.shell.currentWidget.sessionContext.isReady", timeout=90_000)
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        # the untrusted output has no iframe (sanitized); the re-run output, trusted, has one
        frame_el = page.wait_for_selector(".jp-OutputArea-output iframe", timeout=120_000)
        assert frame_el.get_attribute("title") == "Interactive map: The Korean War Armistice line"
        frame = frame_el.content_frame()
        frame.wait_for_function("() => window.L !== undefined && "
                                "document.querySelectorAll('path.leaflet-interactive').length >= 8", timeout=30_000)
        covered = page.evaluate("""() => { const f = document.querySelector('.jp-OutputArea-output iframe')
            .getBoundingClientRect(); const i = document.querySelector('.jp-OutputArea-output img')
            .getBoundingClientRect(); return f.top <= i.top && f.bottom >= i.bottom && f.width >= i.width; }""")
        assert covered, "the interactive map lies over its static picture"
        news = page.get_by_role("button", name="No")  # JupyterLab's news prompt would cover the map
        if news.count():
            news.first.click()
        frame_el.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        page.screenshot(path=str(artifacts_dir / "rerun_notebook_map.png"))
        assert not any("leaflet" in url.lower() or "jquery" in url.lower() for url in aborted), aborted
    finally:
        context.close()
