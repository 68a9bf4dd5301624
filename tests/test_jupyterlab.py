"""End to end: a real JupyterLab server, driven by headless Debian chromium, runs two notebooks.

The CDN requests that folium's map makes are answered from the Leaflet and jQuery copies that the
xstatic packages carry; every other request off this machine (map tiles) is refused. The test checks
that the notebooks ran without an error and that the map's Leaflet layers were drawn inside the
notebook view, and keeps screenshots in the artifacts folder.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import chromium_path, launch_args, route_offline
from lab_support import jupyterlab
from notebook_support import ROOT, notebook_paths

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("jupyterlab")]


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start JupyterLab on a free loopback port; yield its base URL with the token."""
    home = tmp_path_factory.mktemp("lab")
    root = home / "root"  # a copy: JupyterLab autosaves, and the committed notebooks must stay without outputs
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    with jupyterlab(root, home) as (base, token):
        yield f"{base}|{token}"


_ALL_RAN = """() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  if (!panel || !panel.content || !panel.sessionContext || !panel.sessionContext.session) return false;
  const status = panel.sessionContext.session.kernel && panel.sessionContext.session.kernel.status;
  const cells = panel.content.widgets.filter(c => c.model.type === 'code');
  return status === 'idle' && cells.length > 0 && cells.every(c => c.model.executionCount !== null);
}"""


def _run_notebook(page, base: str, token: str, name: str, shot: Path) -> None:
    page.goto(f"{base}/lab/tree/notebooks/{name}?token={token}&reset", wait_until="domcontentloaded")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget "
                           "&& window.jupyterapp.shell.currentWidget.sessionContext", timeout=90_000)
    page.wait_for_function("() => window.jupyterapp.shell.currentWidget.sessionContext.isReady", timeout=90_000)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(_ALL_RAN, timeout=180_000, polling=500)
    page.screenshot(path=str(shot), full_page=False)
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    tracebacks = [t for t in errors.all_inner_texts() if "Traceback" in t or "Error" in t]
    assert not tracebacks, tracebacks[:1]


def _answer_cdn_locally(route, request) -> bool:
    """Answer folium's CDN requests for Leaflet and jQuery from the xstatic packages' files."""
    from korea_notes.maps._assets import local_asset_path

    path = local_asset_path(request.url)
    if path is None:
        return False
    kind = "text/css" if path.suffix == ".css" else "application/javascript"
    route.fulfill(status=200, body=path.read_bytes(), headers={"Content-Type": kind})
    return True


def _map_notebook() -> str:
    for path in notebook_paths():
        if "kn.maps.armistice_map(" in path.read_text(encoding="utf-8"):
            return path.name
    raise AssertionError("no notebook draws kn.maps.armistice_map()")


def test_start_here_and_a_map_notebook_run_in_jupyterlab(lab_server: str, artifacts_dir: Path) -> None:
    before = {p.name: p.read_bytes() for p in notebook_paths()}
    from playwright.sync_api import sync_playwright

    base, token = lab_server.split("|")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=launch_args())
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        route_offline(page, allow_hosts={"127.0.0.1"}, handler=_answer_cdn_locally)
        try:
            _run_notebook(page, base, token, "00_start_here.ipynb", artifacts_dir / "lab_00_start_here.png")
            assert page.locator(".jp-RenderedMarkdown h1").count() >= 1

            name = _map_notebook()
            _run_notebook(page, base, token, name, artifacts_dir / f"lab_{Path(name).stem}_top.png")
            frame_paths = 0
            for frame in page.frames:
                try:
                    if frame.evaluate("() => typeof window.L !== 'undefined'"):
                        frame_paths = max(frame_paths, frame.locator(".leaflet-overlay-pane path").count())
                except Exception:  # noqa: BLE001 - frames may detach while the notebook renders
                    continue
            assert frame_paths >= 3, "the map's own layers (parallel, MDL, DMZ at least) were drawn"
            news = page.get_by_role("button", name="No")  # JupyterLab's news prompt would cover the map
            if news.count():
                news.first.click()
            page.evaluate("() => document.querySelector('.jp-OutputArea iframe')"
                          ".closest('.jp-Cell').scrollIntoView({block: 'start'})")
            page.wait_for_timeout(800)
            page.screenshot(path=str(artifacts_dir / f"lab_{Path(name).stem}_map.png"))
        finally:
            browser.close()
    assert {p.name: p.read_bytes() for p in notebook_paths()} == before, "the committed notebooks are untouched"


def test_a_korean_notebook_runs_in_jupyterlab(lab_server: str, artifacts_dir: Path) -> None:
    """The Korean twin of the map notebook runs in JupyterLab: Korean headings, a Korean map legend."""
    from playwright.sync_api import sync_playwright

    name = _map_notebook()
    korean = ROOT / "notebooks" / "ko" / name
    assert korean.is_file(), f"no Korean twin of {name}"
    before = korean.read_bytes()
    base, token = lab_server.split("|")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=launch_args())
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="ko-KR")
        route_offline(page, allow_hosts={"127.0.0.1"}, handler=_answer_cdn_locally)
        try:
            _run_notebook(page, base, token, f"ko/{name}", artifacts_dir / f"lab_ko_{Path(name).stem}_end.png")
            news = page.get_by_role("button", name="No")  # JupyterLab's news prompt would cover the notebook
            if news.count():
                news.first.click()
            page.evaluate("() => { const nb = window.jupyterapp.shell.currentWidget.content;"
                          " nb.activeCellIndex = 0; return nb.scrollToItem(0, 'start'); }")
            page.locator(".jp-RenderedMarkdown h1").first.wait_for(timeout=30_000)
            page.wait_for_timeout(500)
            page.screenshot(path=str(artifacts_dir / f"lab_ko_{Path(name).stem}_top.png"))
            title = page.locator(".jp-RenderedMarkdown h1").first.inner_text()
            assert any("\uac00" <= ch <= "\ud7a3" for ch in title), f"the title is not in Korean: {title!r}"
            feedback = page.locator(".jp-OutputArea-output").filter(has_text="정답입니다")
            assert feedback.count() >= 1, "the self-checks answered in Korean"
            legend = ""
            for frame in page.frames:
                try:
                    if frame.evaluate("() => typeof window.L !== 'undefined'"):
                        legend += frame.evaluate("() => document.body.innerText")
                except Exception:  # noqa: BLE001 - frames may detach while the notebook renders
                    continue
            assert "군사분계선" in legend, "the map's legend is in Korean"
            page.evaluate("() => document.querySelector('.jp-OutputArea iframe')"
                          ".closest('.jp-Cell').scrollIntoView({block: 'start'})")
            page.wait_for_timeout(800)
            page.screenshot(path=str(artifacts_dir / f"lab_ko_{Path(name).stem}_map.png"))
        finally:
            browser.close()
    assert korean.read_bytes() == before, "the committed Korean notebook is untouched"
