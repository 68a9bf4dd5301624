"""The website (korea-notes site): built once per session from the student edition, then read as readers use it.

The site is built into a temporary folder (executed notebooks come from the shared cache in build/cache, so a
developer's earlier `make site` makes this fast), served by http.server on 127.0.0.1 and opened in Debian's
headless chromium with every request that leaves the site refused (map tiles are answered with a blank PNG).
Checks: no solution text on any page, no external scripts, launch and download buttons, dataset pages, every
page free of console errors, images with alt text, headings in order, axe-core without serious or critical
violations, maps drawn (Leaflet inline) and not covered by their controls. Builds also fail on a cell error
and on a broken internal link.

The same build holds the Korean edition (ko/, from notebooks/ko): a page per Korean notebook, <html lang="ko">,
Hangul headings, launch buttons opening notebooks/ko/<name>, the Korean guide, course plan and data pages, and
a language switch on every page of both editions pointing at the twin page; the browser checks open every
page of both editions.
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
from korea_notes.publishing.executed import notebook_title
from korea_notes.publishing.site import GUIDES, build_site, launch_links
from korea_notes.teaching.hub_links import binder_link, hub_link
from korea_notes.teaching.release import solution_snippets

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("site")]

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
KO_NOTEBOOKS = NOTEBOOKS / "ko"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TILE_HOSTS = ("arcgisonline.com", "basemaps.cartocdn.com", "tile.openstreetmap.org", "tile.opentopomap.org")
# A 1x1 transparent PNG for tile requests (a blocked tile would log a console error on every page).
BLANK_PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                          "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
MAP_FRAMES = "iframe[title^='Interactive map'], iframe[title^='대화형 지도']"
SWITCH = re.compile(r'<nav class="kn-lang-switch" aria-label="([^"]+)">\s*<a href="([^"]+)" hreflang="([^"]+)" '
                    r'lang="([^"]+)"( rel="alternate")? title="[^"]*"\s*class="kn-lang-switch__link">(.*?)</a>',
                    re.DOTALL)


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


def _h1(path: Path) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", path.read_text(encoding="utf-8"), re.DOTALL)
    assert found, path
    return _squash(html.unescape(re.sub(r"<[^>]+>", "", found.group(1)))).rstrip("#").strip()


def _edition(site: Path, page: Path) -> tuple[str, str]:
    """(language, path inside its edition) of a built page."""
    rel = page.relative_to(site).as_posix()
    return ("ko", rel[3:]) if rel.startswith("ko/") else ("en", rel)


def test_every_notebook_guide_plan_and_dataset_has_a_page(site):
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        assert (site / "notebooks" / f"{path.stem}.html").is_file(), path.name
    for name in ("index", "instructors", "course_plan", "search", "data/index"):
        assert (site / f"{name}.html").is_file(), name
    for name in kn.list_datasets():
        assert (site / "data" / f"{name}.html").is_file(), name
    assert "Plan the course" in _page_text(site / "instructors.html")


def test_the_korean_edition_has_a_korean_page_per_notebook_guide_plan_and_dataset(site):
    ko = site / "ko"
    korean = sorted(KO_NOTEBOOKS.glob("*.ipynb"))
    assert [p.name for p in korean] == [p.name for p in sorted(NOTEBOOKS.glob("*.ipynb"))]
    for path in korean:
        page = ko / "notebooks" / f"{path.stem}.html"
        text = page.read_text(encoding="utf-8")
        assert re.search(r'<html lang="ko"', text), path.name
        heading = _h1(page)
        assert heading == _squash(notebook_title(nbformat.read(path, as_version=4), path.stem)), path.name
        assert HANGUL.search(heading), (path.name, heading)  # the heading of the Korean notebook, in Korean
        title = re.search(r"<title>(.*?)</title>", text).group(1)
        assert html.unescape(title).startswith(heading), (path.name, title)
    for name in ("index", "instructors", "course_plan", "search", "genindex", "data/index",
                 *(f"data/{n}" for n in kn.list_datasets())):
        text = (ko / f"{name}.html").read_text(encoding="utf-8")
        assert '<html lang="ko"' in text, name
    guide = GUIDES["ko"].read_text(encoding="utf-8")
    guide_heading = next(line[2:].strip() for line in guide.splitlines() if line.startswith("# "))
    assert _h1(ko / "instructors.html") == _squash(guide_heading) and HANGUL.search(guide_heading)
    guide_page = (ko / "instructors.html").read_text(encoding="utf-8")
    for href in re.findall(r'<a href="([^"]+)" hreflang="en"', guide_page):  # the English guide, in its edition
        assert (ko / html.unescape(href)).resolve() == (site / "instructors.html").resolve(), href
    plan = _page_text(ko / "course_plan.html")
    assert "수업 계획" in plan and "차시" in plan
    for path in korean:  # the plan lists the Korean titles
        assert _squash(notebook_title(nbformat.read(path, as_version=4), path.stem)) in plan, path.name
    events = _page_text(ko / "data" / "events.html")
    assert "data/datapackage.json" in events and "행 수" in events and "라이선스" in events
    assert re.search(rf"행 수 {len(kn.load_dataset('events'))}\b", events)
    nav = (ko / "index.html").read_text(encoding="utf-8")
    assert all(f">{caption}</span>" in nav for caption in ("노트북", "교사용", "데이터"))


def test_a_language_switch_on_every_page_of_both_editions_points_at_its_twin(site, pages):
    editions = {"en": set(), "ko": set()}
    for page in pages:
        lang, rel = _edition(site, page)
        editions[lang].add(rel)
    assert len(editions["ko"]) >= 30 and editions["ko"] == editions["en"]  # every page has its twin
    problems = []
    for page in pages:
        lang, rel = _edition(site, page)
        other = "ko" if lang == "en" else "en"
        found = SWITCH.findall(page.read_text(encoding="utf-8"))
        if len(found) != 1:
            problems.append(f"{page.relative_to(site)}: {len(found)} language switches")
            continue
        label, href, hreflang, lang_attr, alternate, text = found[0]
        target = (page.parent / html.unescape(href)).resolve()
        expected_rel = rel if rel in editions[other] else "index.html"
        expected = (site / ("ko/" if other == "ko" else "") / expected_rel).resolve()
        if target != expected or not target.is_file():
            problems.append(f"{page.relative_to(site)}: points at {href}, not its twin {expected_rel}")
        if hreflang != other or lang_attr != other or bool(alternate) != (rel in editions[other]):
            problems.append(f"{page.relative_to(site)}: hreflang={hreflang} lang={lang_attr} rel={alternate!r}")
        if _squash(re.sub(r"<[^>]+>", "", text)) != {"en": "English", "ko": "한국어"}[other]:
            problems.append(f"{page.relative_to(site)}: switch text {text!r}")
        if label != {"en": "Language", "ko": "언어"}[lang]:
            problems.append(f"{page.relative_to(site)}: switch label {label!r}")
        if f'<html lang="{lang}"' not in page.read_text(encoding="utf-8"):
            problems.append(f"{page.relative_to(site)}: not <html lang={lang}>")
    assert problems == [], "\n".join(problems[:20])


def test_a_page_without_a_twin_switches_to_the_other_home_page_and_the_text_is_escaped():
    from korea_notes.publishing.sphinx_ext import language_switch

    other = {"lang": "ko", "prefix": "ko/", "docs": ["index", "notebooks/05_x"]}
    assert language_switch("notebooks/05_x", lang="en", other=other)["href"] == "../ko/notebooks/05_x.html"
    lonely = language_switch("data/new_table", lang="en", other=other)
    assert lonely["href"] == "../ko/index.html" and lonely["twin"] == "" and lonely["lang"] == "ko"
    back = language_switch("notebooks/06_y", lang="ko", other={"lang": "en", "prefix": "../", "docs": ["index"]})
    assert back["href"] == "../../index.html" and back["text"] == "English" and back["title"] == "영어판 첫 페이지"
    assert language_switch("index", lang="en", other={}) is None
    from jinja2 import Environment

    template = (ROOT / "korea_notes" / "publishing" / "assets" / "templates" / "korea-notes-lang.html").read_text(
        encoding="utf-8")
    hostile = {"href": '"><script>x()</script>', "lang": "ko", "text": "<b>한국어</b>", "title": 'a"b',
               "nav": "<i>", "twin": "1"}
    rendered = Environment().from_string(template).render(korea_notes_switch=hostile)
    assert "<script>" not in rendered and "<b>" not in rendered and "&lt;b&gt;한국어" in rendered
    assert 'hreflang="ko" lang="ko"' in rendered


def test_no_solution_model_answer_or_correct_feedback_on_any_page(site, pages):
    snippets = solution_snippets(NOTEBOOKS)  # the English and the Korean solutions
    assert len(snippets) > 20  # the instructor notebooks do have solutions to leak
    found = []
    for page in pages:
        text = _page_text(page)
        found += [f"{page.relative_to(site)}: {s[:60]}" for s in snippets if s in text]
        if page.parent.name == "notebooks":
            found += [f"{page.relative_to(site)}: {needle}" for needle in
                      ("✅", "BEGIN SOLUTION", "END SOLUTION", "Model answer", "모범 답안(", "모범 답안 요점")
                      if needle in text]
            if _edition(site, page)[0] == "ko":  # the checks ran, blank, in Korean
                assert "아직 답이 없습니다" in text or "kn.exercises.check" not in text, page.name
            else:
                assert "No answer yet" in text or "Exercise" not in text, page.name  # the checks ran, blank
    for download in [*(site / "_sources" / "notebooks").glob("*.ipynb"),
                     *(site / "ko" / "_sources" / "notebooks").glob("*.ipynb")]:
        text = _squash(download.read_text(encoding="utf-8"))
        found += [f"{download.name}: {s[:60]}" for s in snippets if s in text]
    assert found == []


def test_every_notebook_was_executed_by_the_build(site):
    for path in [*sorted(NOTEBOOKS.glob("*.ipynb")), *sorted(KO_NOTEBOOKS.glob("*.ipynb"))]:
        edition = site / "ko" if path.parent == KO_NOTEBOOKS else site
        page = (edition / "notebooks" / f"{path.stem}.html").read_text(encoding="utf-8")
        assert page.count('class="cell_output') > 0, path


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


def test_korean_pages_launch_and_download_the_korean_student_notebook(site):
    for path in sorted(KO_NOTEBOOKS.glob("*.ipynb")):
        page = (site / "ko" / "notebooks" / f"{path.stem}.html").read_text(encoding="utf-8")
        expected = binder_link(repo=REPO_URL, branch=STUDENT_BRANCH, path=f"notebooks/ko/{path.name}")
        assert expected in {html.unescape(h) for h in re.findall(r'href="([^"]+)"', page)}, path.name
        assert f'href="../_sources/notebooks/{path.name}"' in page, path.name
        download = nbformat.read(site / "ko" / "_sources" / "notebooks" / path.name, as_version=4)
        assert all(not c.get("outputs") for c in download.cells if c.cell_type == "code"), path.name
        assert download.metadata.get("korea_notes", {}).get("lang") == "ko", path.name


def test_launch_links_come_from_hub_links_for_binder_and_a_hub():
    links = launch_links(["05_the_armistice_agreement.ipynb"], hub_url="https://hub.example.edu")
    doc = "notebooks/05_the_armistice_agreement"
    assert links["binder"][doc] == binder_link(branch=STUDENT_BRANCH, path=f"{doc}.ipynb")
    assert links["jupyterhub"][doc] == hub_link("https://hub.example.edu", repo=REPO_URL, branch=STUDENT_BRANCH,
                                                notebook="05_the_armistice_agreement.ipynb")
    assert launch_links(["05_the_armistice_agreement.ipynb"])["jupyterhub"] == {}
    with pytest.raises(KoreaNotesError):
        launch_links(["05.ipynb"], hub_url="http://insecure.example.edu")
    korean = launch_links(["05_the_armistice_agreement.ipynb"], hub_url="https://hub.example.edu",
                          folder="notebooks/ko")
    ko_path = "notebooks/ko/05_the_armistice_agreement.ipynb"
    assert korean["binder"][doc] == binder_link(branch=STUDENT_BRANCH, path=ko_path)
    assert korean["jupyterhub"][doc] == hub_link("https://hub.example.edu", repo=REPO_URL, branch=STUDENT_BRANCH,
                                                 notebook=ko_path)
    assert "%2Fnotebooks%2Fko%2F05_" in korean["jupyterhub"][doc]


def test_cli_site_with_a_hub_adds_a_jupyterhub_button_to_every_notebook_page(site, tmp_path, capsys):
    """One edition (the Korean, alone at the top of the site) with a hub: its notebook pages open notebooks/ko."""
    from korea_notes.cli import main

    cache = tmp_path / "cache"
    (cache / "ko").mkdir(parents=True)
    (cache / "ko" / "executed").symlink_to(ROOT / "build" / "cache" / "ko" / "executed",
                                           target_is_directory=True)  # no re-run
    out = tmp_path / "hub-site"
    hub = "https://hub.example.edu"
    assert main(["site", str(out), "--hub-url", hub, "--lang", "ko", "--notebooks-dir", str(NOTEBOOKS),
                 "--cache-dir", str(cache)]) == 0
    assert "0 notebooks executed" in capsys.readouterr().out
    assert not (out / "ko").exists() and '<html lang="ko"' in (out / "index.html").read_text(encoding="utf-8")
    for path in sorted(KO_NOTEBOOKS.glob("*.ipynb")):
        page = (out / "notebooks" / f"{path.stem}.html").read_text(encoding="utf-8")
        expected = hub_link(hub, repo=REPO_URL, branch=STUDENT_BRANCH, notebook=f"notebooks/ko/{path.name}")
        hrefs = {html.unescape(h) for h in re.findall(r'href="([^"]+)"', page)}
        assert expected in hrefs, path.name
        assert "mybinder.org" in page
        assert "kn-lang-switch" not in page  # one edition: no switch to a missing twin


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
    korean = dataset_page(name, data_dir=data_copy, lang="ko")
    assert md_escape(hostile) in korean and "<script>" not in MarkdownIt("commonmark").enable("table").render(korean)


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
        build_site(tmp_path / "out", src_dir=src, cache_dir=tmp_path / "cache", languages=("en",))
    assert not (tmp_path / "out").exists()


def test_build_fails_on_a_broken_internal_link(tmp_path):
    src = tmp_path / "notebooks"
    src.mkdir()
    nbformat.write(_tiny_notebook(nbformat.v4.new_markdown_cell("# Linked\n\nSee [the missing page](missing.md)."),
                                  nbformat.v4.new_code_cell("1 + 1")), src / "00_linked.ipynb")
    with pytest.raises(KoreaNotesError, match=r"missing\.md"):
        build_site(tmp_path / "out", src_dir=src, cache_dir=tmp_path / "cache", languages=("en",))
    assert not (tmp_path / "out").exists()


def test_an_unknown_language_a_missing_korean_edition_or_guide_fails_before_building(tmp_path, monkeypatch):
    with pytest.raises(KoreaNotesError, match="fr"):
        build_site(tmp_path / "out", src_dir=NOTEBOOKS, cache_dir=tmp_path / "cache", languages=("en", "fr"))
    src = tmp_path / "notebooks"
    src.mkdir()
    nbformat.write(_tiny_notebook(nbformat.v4.new_markdown_cell("# Alone")), src / "00_alone.ipynb")
    with pytest.raises(KoreaNotesError, match=r"no notebooks.*ko"):
        build_site(tmp_path / "out", src_dir=src, cache_dir=tmp_path / "cache")
    monkeypatch.setitem(GUIDES, "ko", tmp_path / "instructors.ko.md")
    with pytest.raises(KoreaNotesError, match="guide"):
        build_site(tmp_path / "out", src_dir=NOTEBOOKS, cache_dir=tmp_path / "cache")
    assert not (tmp_path / "out").exists() and not (tmp_path / "cache").exists()


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


def _axe_wanted(rel: str) -> bool:
    """Whether axe-core checks a page: all but the Korean dataset pages after the first two.

    The Korean dataset pages are the English ones' structure with Korean labels around the descriptor's
    English text; axe checks two of them (and every other page), which saves about 30 s per test session.
    """
    return not rel.startswith("ko/data/") or rel in ("ko/data/index.html", "ko/data/events.html")


@pytest.fixture(scope="module")
def page_reports(browser, server, site, pages):  # noqa: F811
    """Open every page of both editions once (1200 px wide, network refused): what the page did, what axe found."""
    axe = _axe_path()
    reports = {}
    for path in pages:
        rel = _relative(site, path)
        context, page, log = _open(browser, f"{server}/{rel}")
        try:
            page.wait_for_timeout(200)
            reports[rel] = {"log": log, "missing_alt": page.evaluate(MISSING_ALT),
                            "levels": page.evaluate(HEADING_LEVELS), "axe": None}
            if not _axe_wanted(rel):
                continue
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
    assert len(page_reports) >= 60 and sum(rel.startswith("ko/") for rel in page_reports) >= 30  # both editions
    assert problems == [], "\n".join(problems)


@pytest.mark.browser
def test_axe_finds_no_serious_or_critical_violation(page_reports):
    checked = [rel for rel, report in page_reports.items() if report["axe"] is not None]
    assert sum(rel.startswith("ko/notebooks/") for rel in checked) >= 13 and "ko/instructors.html" in checked
    problems = [f"{rel}: {v}" for rel, report in page_reports.items() for v in report["axe"] or []]
    assert problems == [], "\n".join(problems)


@pytest.mark.browser
def test_maps_are_drawn_offline_and_not_covered_by_their_controls(browser, server, site, artifacts_dir):  # noqa: F811
    pages_with_maps = [p for folder in (site / "notebooks", site / "ko" / "notebooks")
                       for p in sorted(folder.glob("*.html")) if "<iframe" in p.read_text(encoding="utf-8")]
    assert pages_with_maps, "the notebooks show interactive maps"
    assert any(p.is_relative_to(site / "ko") for p in pages_with_maps), "the Korean notebooks show maps too"
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
                korean = path.is_relative_to(site / "ko")
                page.screenshot(path=str(artifacts_dir / f"site_map_page{'_ko' if korean else ''}_1200.png"))
        finally:
            context.close()
    assert problems == [], "\n".join(problems)
