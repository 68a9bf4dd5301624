"""The website (korea-notes site): built once per session from the student edition, then read as readers use it.

The site is built into a temporary folder (executed notebooks come from the shared cache in build/cache, so a
developer's earlier `make site` makes this fast), served by http.server on 127.0.0.1 and opened in Debian's
headless chromium with every request that leaves the site refused (map tiles are answered with a blank PNG).
Checks: no solution text on any page, no external scripts, launch and download buttons, dataset pages, every
page free of console errors, images with alt text, headings in order, axe-core without serious or critical
violations, maps drawn (Leaflet inline) and not covered by their controls. Builds also fail on a cell error
and on a broken internal link.
"""

from __future__ import annotations

import html
import json
import os
import re
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest
from browser_support import browser, chromium_path, launch_args  # noqa: F401  (browser is a fixture)

import korea_notes as kn
from korea_notes.datasets import descriptor
from korea_notes.errors import KoreaNotesError
from korea_notes.project import REPO_URL, STUDENT_BRANCH
from korea_notes.publishing.dataset_pages import dataset_page, md_escape
from korea_notes.publishing.site import build_site, launch_links
from korea_notes.teaching.hub_links import binder_link, hub_link
from korea_notes.teaching.release import solution_snippets

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("site")]

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TILE_HOSTS = ("arcgisonline.com", "basemaps.cartocdn.com", "tile.openstreetmap.org", "tile.opentopomap.org")
# A 1x1 transparent PNG for tile requests (a blocked tile would log a console error on every page).
BLANK_PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                          "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
MAP_FRAMES = "iframe[title^='Interactive map']"


def _squash(text: str) -> str:
    return " ".join(text.split())


def _page_text(path: Path) -> str:
    """The visible text of an HTML page (tags stripped, entities decoded), whitespace squashed."""
    raw = path.read_text(encoding="utf-8")
    raw = re.sub(r"<(script|style)\b.*?</\1>", " ", raw, flags=re.DOTALL | re.IGNORECASE)
    return _squash(html.unescape(re.sub(r"<[^>]+>", "", raw)))


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    built = build_site(out, src_dir=NOTEBOOKS, cache_dir=ROOT / "build" / "cache")
    assert built.out_dir == out.resolve()
    return out


@pytest.fixture(scope="session")
def pages(site) -> list[Path]:
    found = sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)
    assert found
    return found


@pytest.fixture(scope="module")
def server(site):
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):  # the test reports what matters
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


# ---------------------------------------------------------------------------------------------- the built files


def test_every_notebook_guide_plan_and_dataset_has_a_page(site):
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        assert (site / "notebooks" / f"{path.stem}.html").is_file(), path.name
    for name in ("index", "instructors", "course_plan", "search", "data/index"):
        assert (site / f"{name}.html").is_file(), name
    for name in kn.list_datasets():
        assert (site / "data" / f"{name}.html").is_file(), name
    assert "Plan the course" in _page_text(site / "instructors.html")


def test_no_solution_model_answer_or_correct_feedback_on_any_page(site, pages):
    snippets = solution_snippets(NOTEBOOKS)
    assert len(snippets) > 20  # the instructor notebooks do have solutions to leak
    found = []
    for page in pages:
        text = _page_text(page)
        found += [f"{page.relative_to(site)}: {s[:60]}" for s in snippets if s in text]
        if page.parent.name == "notebooks":
            found += [f"{page.relative_to(site)}: {needle}" for needle in
                      ("✅ Correct", "BEGIN SOLUTION", "END SOLUTION", "Model answer") if needle in text]
            assert "No answer yet" in text or "Exercise" not in text, page.name  # the checks ran, blank
    for download in (site / "_sources" / "notebooks").glob("*.ipynb"):
        text = _squash(download.read_text(encoding="utf-8"))
        found += [f"{download.name}: {s[:60]}" for s in snippets if s in text]
    assert found == []


def test_every_notebook_was_executed_by_the_build(site):
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        page = (site / "notebooks" / f"{path.stem}.html").read_text(encoding="utf-8")
        assert page.count('class="cell_output') > 0, path.name


def test_no_page_loads_a_script_or_style_sheet_from_elsewhere_and_no_thebe(pages):
    external = re.compile(r"<(?:script|link)\b[^>]*\b(?:src|href)=[\"'](?:https?:)?//", re.IGNORECASE)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not external.search(text), page.name
        assert "thebe" not in text.lower(), page.name
        assert "require.js" not in text and "mathjax" not in text.lower(), page.name


def test_launch_buttons_and_download_of_the_student_notebook(site):
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        page = (site / "notebooks" / f"{path.stem}.html").read_text(encoding="utf-8")
        expected = binder_link(repo=REPO_URL, branch=STUDENT_BRANCH, path=f"notebooks/{path.name}")
        assert expected in {html.unescape(h) for h in re.findall(r'href="([^"]+)"', page)}, path.name
        assert f'href="../_sources/notebooks/{path.name}"' in page, path.name
        download = nbformat.read(site / "_sources" / "notebooks" / path.name, as_version=4)
        assert all(not c.get("outputs") for c in download.cells if c.cell_type == "code"), path.name
        assert any("YOUR ANSWER HERE" in c.source for c in download.cells) or "Exercise" not in page


def test_launch_links_come_from_hub_links_for_binder_and_a_hub():
    links = launch_links(["05_the_armistice_agreement.ipynb"], hub_url="https://hub.example.edu")
    doc = "notebooks/05_the_armistice_agreement"
    assert links["binder"][doc] == binder_link(branch=STUDENT_BRANCH, path=f"{doc}.ipynb")
    assert links["jupyterhub"][doc] == hub_link("https://hub.example.edu", repo=REPO_URL, branch=STUDENT_BRANCH,
                                                notebook="05_the_armistice_agreement.ipynb")
    assert launch_links(["05_the_armistice_agreement.ipynb"])["jupyterhub"] == {}
    with pytest.raises(KoreaNotesError):
        launch_links(["05.ipynb"], hub_url="http://insecure.example.edu")


def test_cli_site_with_a_hub_adds_a_jupyterhub_button_to_every_notebook_page(site, tmp_path, capsys):
    from korea_notes.cli import main

    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "executed").symlink_to(ROOT / "build" / "cache" / "executed", target_is_directory=True)  # no re-run
    out = tmp_path / "hub-site"
    hub = "https://hub.example.edu"
    assert main(["site", str(out), "--hub-url", hub, "--notebooks-dir", str(NOTEBOOKS), "--cache-dir", str(cache)]) == 0
    assert "0 notebooks executed" in capsys.readouterr().out
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        page = (out / "notebooks" / f"{path.stem}.html").read_text(encoding="utf-8")
        expected = hub_link(hub, repo=REPO_URL, branch=STUDENT_BRANCH, notebook=path.name)
        hrefs = {html.unescape(h) for h in re.findall(r'href="([^"]+)"', page)}
        assert expected in hrefs, path.name
        assert "mybinder.org" in page


def test_dataset_pages_give_columns_types_rows_licence_and_sources(site):
    for name in kn.list_datasets():
        text = _page_text(site / "data" / f"{name}.html")
        desc = descriptor().resource(name)
        assert _squash(desc.title) in text, name
        assert "Licence" in text
        if desc.is_table:
            rows = len(kn.load_dataset(name))
            assert re.search(rf"\bRows {rows}\b", text), (name, rows)
            for field in desc.fields:
                assert f"{field.name} {field.type}" in text, (name, field.name)
            if name != "sources":
                assert "Sources cited" in text, name
        else:
            features = len(kn.load_geojson(name)["features"])
            assert re.search(rf"\bFeatures {features}\b", text), name
            assert "How it was derived" in text and "How precise it is" in text, name


def test_dataset_page_escapes_text_from_the_data(data_copy, monkeypatch):
    from markdown_it import MarkdownIt

    descriptor_path = data_copy / "datapackage.json"
    package = json.loads(descriptor_path.read_text(encoding="utf-8"))
    hostile = '<script>alert("x")</script> [link](javascript:alert(1)) *bold* {ref}`x`'
    package["resources"][1]["description"] = hostile
    package["resources"][1]["schema"]["fields"][0]["description"] = hostile
    descriptor_path.write_text(json.dumps(package), encoding="utf-8")
    name = package["resources"][1]["name"]
    page = dataset_page(name, data_dir=data_copy)
    rendered = MarkdownIt("commonmark").enable("table").render(page)
    assert "<script>" not in rendered and "javascript:" not in rendered.replace("javascript:alert", "")
    assert "&lt;script&gt;" in rendered and "<em>bold</em>" not in rendered
    assert md_escape(hostile) in page


def test_publishing_sits_above_teaching_and_is_never_imported_below():
    import subprocess
    import sys

    package = ROOT / "korea_notes"
    below = [p for p in package.rglob("*.py") if "publishing" not in p.parts and p.name != "cli.py"]
    importers = [str(p.relative_to(ROOT)) for p in below
                 if re.search(r"^\s*(from|import)\s+(korea_notes)?\.*publishing", p.read_text(encoding="utf-8"),
                              re.MULTILINE)]
    assert importers == []
    code = "import sys, korea_notes; print(any(m.startswith(('korea_notes.publishing', 'jupyter_book')) " \
           "for m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


# ------------------------------------------------------------------------------------------------ build failures


def _tiny_notebook(*cells) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(cells=list(cells))
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["korea_notes"] = {"teaching_minutes": 5, "exercise_minutes": 5, "level": "introductory",
                                  "prerequisites": []}
    return nb


def test_build_fails_on_a_cell_error(tmp_path):
    src = tmp_path / "notebooks"
    src.mkdir()
    nbformat.write(_tiny_notebook(nbformat.v4.new_markdown_cell("# Broken"),
                                  nbformat.v4.new_code_cell("raise ValueError('boom')")), src / "00_broken.ipynb")
    with pytest.raises(KoreaNotesError, match=r"00_broken.*ValueError"):
        build_site(tmp_path / "out", src_dir=src, cache_dir=tmp_path / "cache")
    assert not (tmp_path / "out").exists()


def test_build_fails_on_a_broken_internal_link(tmp_path):
    src = tmp_path / "notebooks"
    src.mkdir()
    nbformat.write(_tiny_notebook(nbformat.v4.new_markdown_cell("# Linked\n\nSee [the missing page](missing.md)."),
                                  nbformat.v4.new_code_cell("1 + 1")), src / "00_linked.ipynb")
    with pytest.raises(KoreaNotesError, match=r"missing\.md"):
        build_site(tmp_path / "out", src_dir=src, cache_dir=tmp_path / "cache")
    assert not (tmp_path / "out").exists()


def test_refuses_to_replace_a_folder_that_is_not_a_site(tmp_path, site):
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(KoreaNotesError, match="refusing"):
        build_site(precious, src_dir=NOTEBOOKS, cache_dir=ROOT / "build" / "cache")
    assert (precious / "thesis.txt").read_text(encoding="utf-8") == "keep me"


# --------------------------------------------------------------------------------------------- in the browser


def _open(browser, url, *, width=1200):  # noqa: F811
    log = {"console": [], "errors": [], "left": [], "tiles": 0}
    context = browser.new_context(viewport={"width": width, "height": 900})

    def route(route, request):
        host = urlsplit(request.url).hostname or ""
        if request.url.startswith(("data:", "about:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        elif any(host.endswith(tile) for tile in TILE_HOSTS):
            log["tiles"] += 1
            route.fulfill(status=200, content_type="image/png", body=BLANK_PNG)
        else:
            log["left"].append(request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda msg: log["console"].append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: log["errors"].append(str(exc)))
    page.goto(url, wait_until="load", timeout=30000)
    return context, page, log


def _relative(site, page) -> str:
    return page.relative_to(site).as_posix()


def _axe_path() -> Path:
    if not AXE.is_file():
        message = "axe-core is not installed (npm ci)"
        if os.environ.get("KOREA_NOTES_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{message}, and KOREA_NOTES_REQUIRE_BROWSER=1 requires it", pytrace=False)
        pytest.skip(message)
    return AXE


MISSING_ALT = r"""() => Array.from(document.querySelectorAll('img'))
    .filter(i => !i.hasAttribute('alt') || (i.closest('.cell_output')
        && (i.alt.trim().length < 20 || /\.(png|svg|jpe?g)$/.test(i.alt.trim()))))
    .map(i => i.src.slice(0, 80))"""
HEADING_LEVELS = """() => Array.from(document.querySelectorAll(
    '#main-content h1, #main-content h2, #main-content h3, #main-content h4, #main-content h5, #main-content h6'))
    .map(h => Number(h.tagName[1]))"""
AXE_SERIOUS = """async () => {
    const r = await axe.run(document, {iframes: false, resultTypes: ['violations']});
    return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => `${v.id} (${v.impact}): ${v.nodes.length} node(s): ${v.nodes[0].html.slice(0, 100)}`);
}"""


@pytest.fixture(scope="module")
def page_reports(browser, server, site, pages):  # noqa: F811
    """Open every page once (1200 px wide, network refused): what the page did, and what axe-core found."""
    axe = _axe_path()
    reports = {}
    for path in pages:
        rel = _relative(site, path)
        context, page, log = _open(browser, f"{server}/{rel}")
        try:
            page.wait_for_timeout(200)
            reports[rel] = {"log": log, "missing_alt": page.evaluate(MISSING_ALT),
                            "levels": page.evaluate(HEADING_LEVELS)}
            page.add_script_tag(path=str(axe))
            reports[rel]["axe"] = page.evaluate(AXE_SERIOUS)
        finally:
            context.close()
    return reports


@pytest.mark.browser
def test_every_page_loads_cleanly_with_alt_text_and_headings_in_order(page_reports):
    problems = []
    for rel, report in page_reports.items():
        log = report["log"]
        if log["console"] or log["errors"]:
            problems.append(f"{rel}: console {log['console'][:3]} errors {log['errors'][:3]}")
        if log["left"]:
            problems.append(f"{rel}: requests left the site: {log['left'][:3]}")
        if report["missing_alt"]:
            problems.append(f"{rel}: images without alt text: {report['missing_alt'][:3]}")
        levels = report["levels"]
        if rel not in ("genindex.html", "search.html"):
            if not levels or levels[0] != 1:
                problems.append(f"{rel}: the page does not start with one h1: {levels[:5]}")
            skipped = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
            if skipped:
                problems.append(f"{rel}: heading levels skipped: {skipped[:3]}")
    assert len(page_reports) >= 30
    assert problems == [], "\n".join(problems)


@pytest.mark.browser
def test_axe_finds_no_serious_or_critical_violation(page_reports):
    problems = [f"{rel}: {v}" for rel, report in page_reports.items() for v in report["axe"]]
    assert problems == [], "\n".join(problems)


@pytest.mark.browser
def test_maps_are_drawn_offline_and_not_covered_by_their_controls(browser, server, site, artifacts_dir):  # noqa: F811
    pages_with_maps = [p for p in sorted((site / "notebooks").glob("*.html"))
                       if "<iframe" in p.read_text(encoding="utf-8")]
    assert pages_with_maps, "the notebooks show interactive maps"
    problems = []
    for path in pages_with_maps:
        rel = _relative(site, path)
        context, page, log = _open(browser, f"{server}/{rel}", width=1200)
        try:
            frames = page.locator(MAP_FRAMES)
            count = frames.count()
            if count == 0:
                problems.append(f"{rel}: map iframes without a title")
                continue
            for index in range(count):
                handle = frames.nth(index)
                handle.scroll_into_view_if_needed()
                frame = handle.element_handle().content_frame()
                try:
                    frame.wait_for_function("() => document.querySelectorAll('path.leaflet-interactive').length > 0",
                                            timeout=15000)
                except Exception:  # noqa: BLE001  (report every map that fails, not only the first)
                    problems.append(f"{rel}: map {index} drew no SVG paths (Leaflet not inline?)")
                    continue
                cover = frame.evaluate("""() => {
                    const map = document.querySelector('.leaflet-container').getBoundingClientRect();
                    let covered = 0;
                    for (const c of document.querySelectorAll('.leaflet-control')) {
                        const r = c.getBoundingClientRect();
                        covered += r.width * r.height;
                    }
                    return {covered: covered / (map.width * map.height), width: map.width, height: map.height};
                }""")
                if cover["covered"] > 0.5 or cover["width"] < 500:
                    problems.append(f"{rel}: map {index} {cover}")
            if log["left"] or log["console"] or log["errors"]:
                problems.append(f"{rel}: {log}")
            if path.stem.startswith("03"):
                frames.first.scroll_into_view_if_needed()
                page.screenshot(path=str(artifacts_dir / "site_map_page_1200.png"))
        finally:
            context.close()
    assert problems == [], "\n".join(problems)
