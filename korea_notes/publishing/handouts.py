"""Printed handouts: one A4 PDF per student notebook and a compact answer sheet for instructors.

``korea-notes handouts OUT`` writes ``OUT/<notebook>.pdf`` for every notebook of the student edition and
``OUT/answer_sheet.pdf``:

* The notebooks are the student edition executed by the package's runner, shared with the website
  through the cache (:func:`korea_notes.publishing.executed.executed_student_edition`).
* Each is turned into HTML by nbconvert's JupyterLab template without any script from a CDN (a template
  in ``assets/handout`` drops require.js, MathJax, Mermaid and widgets), with a print stylesheet: A4 pages,
  code wrapped (``white-space: pre-wrap``) rather than cut, figures kept whole with their captions below.
* Every interactive map is replaced by its static picture: the map's own PNG when the output carries one
  (``image/png`` beside the HTML, or an ``<img>`` fallback inside it), otherwise the collection's static
  map (:func:`korea_notes.maps.static_map`) with a caption saying so.
* Debian's chromium prints the HTML (playwright's ``page.pdf``, A4 from ``@page``); every request that
  leaves the machine is refused. Hangul prints with the Noto CJK fonts (Debian ``fonts-noto-cjk``).
* The answer sheet lists, for each exercise, its id and title, the answer the model solution gives
  (recorded by the checker while the *instructor* notebooks run, ``KOREA_NOTES_CHECK_RECORD=1``), the
  model answer points of discussion exercises, and the exercise's points from the notebook metadata
  (``korea_notes.points``).
* ``lang="ko"`` prints the Korean edition (``notebooks/ko``, cached apart in ``build/cache/ko``, shared with
  the Korean website): ``<html lang="ko">``, Korean captions and labels, and a Korean answer sheet whose
  accepted answers come from the recording checker on the Korean instructor notebooks and whose model
  answer points are the Korean solution cells. ``korea-notes handouts OUT`` writes the Korean PDFs to
  ``OUT/ko/``.
"""

from __future__ import annotations

import base64
import html
import io
import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import nbformat

from ..errors import KoreaNotesError
from ..i18n import DEFAULT_LANG, check_lang
from ..teaching.exercises.normalize import korean_forms, normalize_text
from .executed import (
    ExecutedNotebook,
    PathLike,
    default_cache_dir,
    edition_cache_dir,
    edition_source_dir,
    executed_student_edition,
    notebook_title,
    recorded_answers,
)

ROOT = Path(__file__).resolve().parent.parent.parent
HANDOUT_ASSETS = Path(__file__).resolve().parent / "assets" / "handout"
ANSWER_SHEET = "answer_sheet.pdf"
CHROMIUM_ENV = "KOREA_NOTES_CHROMIUM"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]
_MAP_IFRAME = re.compile(r"<iframe\b[^>]*\bsrcdoc=", re.IGNORECASE)
_IMG_FALLBACK = re.compile(r"<img\b[^>]*\bsrc=[\"']data:image/png;base64,[^\"']+[\"'][^>]*>", re.IGNORECASE)
_EXERCISE = re.compile(r"^#{2,4}\s+(?:Exercise|연습(?:\s*문제)?)\s+(\d+)\.(\d+)\s*(?:[—–:-]+\s*)?(.*)$", re.MULTILINE)
_MD_SOLUTION = re.compile(r"^\s*#*\s*BEGIN\s+SOLUTION\s*$(.*?)^\s*#*\s*END\s+SOLUTION\s*$",
                          re.IGNORECASE | re.MULTILINE | re.DOTALL)
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "picture": "Static picture of the interactive map (the notebook's map can be zoomed and its layers switched).",
        "static": "The collection's static map (kn.maps.static_map) in place of the interactive map: the 38th "
                  "parallel, the Military Demarcation Line and the DMZ (approximate); the notebook's map shows "
                  "this notebook's places.",
        "sheet": "Answer sheet", "sheet_title": "Answer sheet (for instructors)",
        "sheet_intro": "Accepted answers of the self-checked exercises, as the model solutions give them and the "
                       "checker accepts them (other spellings, formats and romanizations are accepted too), and the "
                       "model answer points of the discussion exercises. Do not hand this sheet to students.",
        "points": "{} point", "points_many": "{} points", "accepted": "Accepted answer:",
        "rejected": "(not accepted by the checker: review)", "open": "Open answer; no model answer in the notebook.",
    },
    "ko": {
        "picture": "대화형 지도의 정적 그림(노트북의 지도는 확대하고 레이어를 바꿀 수 있다).",
        "static": "대화형 지도 대신 넣은 이 모음의 정적 지도(kn.maps.static_map): 38선, 군사분계선과 비무장지대"
                  "(근삿값). 노트북의 지도는 이 노트북의 장소들을 보여 준다.",
        "sheet": "정답지", "sheet_title": "정답지 (교사용)",
        "sheet_intro": "자가 점검 연습 문제의 인정 답안(모범 풀이가 내놓고 채점기가 인정하는 답이다. 다른 표기, 형식, "
                       "로마자 표기도 인정된다)과 토론 연습 문제의 모범 답안 요점이다. 이 정답지를 학생에게 나눠 주지 "
                       "마세요.",
        "points": "{}점", "points_many": "{}점", "accepted": "인정 답안:",
        "rejected": "(채점기가 인정하지 않음: 검토하세요)", "open": "열린 답. 노트북에 모범 답안이 없다.",
    },
}
"""The handouts' own wording per language."""
# The same check as the browser tests: in print media, no <pre> is wider than its box.
OVERFLOW_JS = """() => Array.from(document.querySelectorAll('pre'))
  .filter(p => p.scrollWidth > p.clientWidth + 1)
  .map(p => p.textContent.slice(0, 80))"""


@dataclass
class HandoutBuild:
    """What a handout build wrote."""

    out_dir: Path
    pdfs: list[Path] = field(default_factory=list)
    answer_sheet: Path | None = None
    overflowing: dict[str, list[str]] = field(default_factory=dict)
    """Per PDF, the starts of any ``<pre>`` wider than its box in print layout (should be empty)."""
    executed: int = 0
    cached: int = 0
    seconds: float = 0.0
    lang: str = DEFAULT_LANG


def chromium_executable() -> str:
    """Return Debian's chromium (``/usr/bin/chromium``, or ``$KOREA_NOTES_CHROMIUM``).

    Returns
    -------
    str
        The executable.

    Raises
    ------
    KoreaNotesError
        If none is installed.

    """
    for candidate in (os.environ.get(CHROMIUM_ENV), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise KoreaNotesError("printing the handouts needs chromium", hint="bash scripts/install_browser.sh")


@cache
def _print_css() -> str:
    return (HANDOUT_ASSETS / "print.css").read_text(encoding="utf-8")


@cache
def _static_map_png(lang: str = DEFAULT_LANG) -> str:
    """Draw the collection's static map once per process and language; return it as base64 PNG."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    from ..maps import static_map

    ax = static_map(lang=lang)
    buffer = io.BytesIO()
    ax.figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(ax.figure)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _figure(img_tag: str, caption: str) -> str:
    return f'<figure class="kn-map">{img_tag}<figcaption>{html.escape(caption)}</figcaption></figure>'


def static_map_output(output: nbformat.NotebookNode, lang: str = DEFAULT_LANG) -> nbformat.NotebookNode | None:
    """Return the printable replacement of one interactive-map output, or None if it is not a map.

    Parameters
    ----------
    output
        A ``display_data`` or ``execute_result`` output.
    lang
        The caption's language.

    Returns
    -------
    nbformat.NotebookNode or None
        A ``display_data`` output with HTML showing the map's static picture and a caption.

    """
    data = output.get("data", {})
    text = data.get("text/html")
    if text is None:
        return None
    text = "".join(text) if isinstance(text, list) else text
    if not _MAP_IFRAME.search(text):
        return None
    words = WORDS[check_lang(lang)]
    caption = words["picture"]
    if data.get("image/png"):
        png = data["image/png"]
        img = f'<img src="data:image/png;base64,{"".join(png).strip()}" alt="{html.escape(caption)}">'
    elif (found := _IMG_FALLBACK.search(_MAP_IFRAME.split(text)[0])) is not None:
        img = found.group(0)
    else:
        caption = words["static"]
        img = f'<img src="data:image/png;base64,{_static_map_png(lang)}" alt="{html.escape(caption)}">'
    return nbformat.v4.new_output("display_data", data={"text/html": _figure(img, caption)})


def printable_notebook(nb: nbformat.NotebookNode, lang: str = DEFAULT_LANG) -> nbformat.NotebookNode:
    """Return a copy of an executed notebook ready for print: maps replaced by static pictures.

    Parameters
    ----------
    nb
        An executed notebook.
    lang
        The language of the captions added.

    Returns
    -------
    nbformat.NotebookNode
        The copy.

    """
    printable = nbformat.from_dict(json.loads(json.dumps(nb)))
    for cell in printable.cells:
        if cell.cell_type != "code":
            continue
        cell.outputs = [static_map_output(o, lang) or o for o in cell.get("outputs", [])]
    return printable


def notebook_html(nb: nbformat.NotebookNode, *, title: str, lang: str = DEFAULT_LANG) -> str:
    """Return the handout HTML of one executed notebook (no CDN scripts, print stylesheet inlined).

    Parameters
    ----------
    nb
        An executed notebook.
    title
        The page title (and PDF title).
    lang
        The notebook's language (``<html lang>``, captions).

    Returns
    -------
    str
        A complete HTML document.

    """
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", extra_template_paths=[str(HANDOUT_ASSETS)],
                            template_file="handout.html.j2", embed_images=True, language_code=check_lang(lang))
    copy = printable_notebook(nb, lang)
    copy.metadata["title"] = title
    body, _ = exporter.from_notebook_node(copy, resources={"korea_notes_print_css": _print_css()})
    return body


def _records_by_id(records: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for items in records.values():
        for record in items:
            if record.get("answered"):
                found[record["id"]] = record
    return found


def _answer_text(value: Any, lang: str = DEFAULT_LANG) -> str:
    """Return an accepted answer as text; in Korean, a name or choice also in the Hangul the checker accepts."""
    if isinstance(value, list):
        return "; ".join(_answer_text(v, lang) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    if lang == "ko" and isinstance(value, str):
        hangul = korean_forms(normalize_text(text))
        if hangul:
            return f"{text} ({', '.join(hangul)})"
    return text


def answer_sheet_items(nb: nbformat.NotebookNode, records: dict[str, dict[str, Any]], *,
                       lang: str = DEFAULT_LANG) -> list[dict[str, Any]]:
    """Return the exercises of one instructor notebook with their accepted and model answers.

    Parameters
    ----------
    nb
        An instructor notebook (with solutions).
    records
        The recording checker's records by exercise id (``"05.1"``).
    lang
        The sheet's language: in Korean a name or a choice is also given in the Hangul the checker accepts
        (``Panmunjom (판문점)``).

    Returns
    -------
    list of dict
        ``{"id", "title", "answer", "correct", "model", "points"}`` per exercise, in order; ``answer`` is
        None for exercises without a self-check, ``model`` the Markdown of the model answer points.

    """
    points = (nb.metadata.get("korea_notes") or {}).get("points") or {}
    items: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for cell in nb.cells:
        source = cell.source
        tags = set(cell.get("metadata", {}).get("tags", []))
        if cell.cell_type == "markdown":
            for match in _EXERCISE.finditer(source):
                qid = f"{int(match[1]):02d}.{int(match[2])}"
                record = records.get(qid)
                current = {"id": qid, "title": re.sub(r"[*_`]", "", match[3]).strip(), "model": [],
                           "answer": _answer_text(record["answer"], lang) if record and "answer" in record else None,
                           "correct": bool(record and record.get("correct")), "points": points.get(qid)}
                items.append(current)
            if current is not None:
                if "solution" in tags:
                    current["model"].append(source)
                else:
                    current["model"].extend(m.strip() for m in _MD_SOLUTION.findall(source))
    for item in items:
        item["model"] = "\n\n".join(m for m in item["model"] if m)
    return items


def answer_sheet_html(notebooks: list[tuple[str, nbformat.NotebookNode]],
                      records: dict[str, list[dict[str, Any]]], *, lang: str = DEFAULT_LANG) -> str:
    """Return the answer sheet as one HTML document.

    Parameters
    ----------
    notebooks
        ``(title, instructor notebook)`` pairs in order.
    records
        The recording checker's records per notebook (see :func:`recorded_answers`).
    lang
        The sheet's language (labels; the notebooks bring their own titles and model answers).

    Returns
    -------
    str
        HTML with the print stylesheet.

    """
    from nbconvert.filters import markdown2html

    words = WORDS[check_lang(lang)]
    by_id = _records_by_id(records)
    parts = [f"<h1>{html.escape(words['sheet_title'])}</h1>", f"<p>{html.escape(words['sheet_intro'])}</p>"]
    for title, nb in notebooks:
        items = answer_sheet_items(nb, by_id, lang=lang)
        if not items:
            continue
        parts.append(f"<h2>{html.escape(title)}</h2>")
        for item in items:
            label = words["points"] if item["points"] == 1 else words["points_many"]
            points = (f'<span class="kn-points">{html.escape(label.format(item["points"]))}</span>'
                      if item["points"] is not None else "")
            heading = f'{html.escape(item["id"])} — {html.escape(item["title"])}'
            block = [f'<div class="kn-answer">{points}<h3>{heading}</h3>']
            if item["answer"] is not None:
                flag = "" if item["correct"] else f" <strong>{html.escape(words['rejected'])}</strong>"
                block.append(f'<p>{html.escape(words["accepted"])} <span class="kn-accepted">'
                             f'{html.escape(item["answer"])}</span>{flag}</p>')
            if item["model"]:
                block.append(markdown2html(item["model"]))
            if item["answer"] is None and not item["model"]:
                block.append(f"<p><em>{html.escape(words['open'])}</em></p>")
            block.append("</div>")
            parts.append("\n".join(block))
    body = "\n".join(parts)
    return (f"<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(words['sheet'])}</title>"
            f"<style>{_print_css()}</style></head><body><main>{body}</main></body></html>\n")


def _print_pdfs(jobs: list[tuple[str, Path]]) -> dict[str, list[str]]:
    """Print each ``(html, pdf path)`` with chromium; return the overflowing ``<pre>`` per PDF."""
    from playwright.sync_api import sync_playwright

    overflow: dict[str, list[str]] = {}
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path=chromium_executable(), args=LAUNCH_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 794, "height": 1123})

            def local_only(route: Any, request: Any) -> None:
                if request.url.startswith(("file:", "data:", "about:", "blob:")):
                    route.continue_()
                else:
                    route.abort()

            context.route("**/*", local_only)
            page = context.new_page()
            for text, target in jobs:
                source = Path(tmp) / f"{target.stem}.html"
                source.write_text(text, encoding="utf-8")
                page.goto(source.as_uri(), wait_until="load")
                page.emulate_media(media="print")
                overflow[target.name] = page.evaluate(OVERFLOW_JS)
                partial = target.with_name(f".{target.name}.tmp")
                page.pdf(path=str(partial), format="A4", print_background=True, prefer_css_page_size=True,
                         display_header_footer=False)
                os.replace(partial, target)
        finally:
            browser.close()
    return overflow


def build_handouts(
    out_dir: PathLike,
    *,
    src_dir: PathLike = ROOT / "notebooks",
    cache_dir: PathLike | None = None,
    jobs: int | None = None,
    timeout: int = 600,
    only: list[str] | None = None,
    answer_sheet: bool = True,
    lang: str = DEFAULT_LANG,
) -> HandoutBuild:
    """Print one PDF per student notebook and the instructors' answer sheet into ``out_dir``.

    Parameters
    ----------
    out_dir
        Where the PDFs go (created if needed); existing PDFs of the same names are replaced.
    src_dir
        The instructor notebooks (the student edition is made from them); the Korean edition's are in
        its ``ko/`` folder.
    cache_dir
        The cache of executed notebooks (default ``build/cache``; the Korean edition's in ``ko/``), shared
        with the website.
    jobs
        Notebooks executed at once.
    timeout
        Seconds allowed per cell.
    only
        File stems or number prefixes to print (default all).
    answer_sheet
        Also write ``answer_sheet.pdf``.
    lang
        ``"en"`` or ``"ko"``: which edition to print (the Korean from ``src_dir/ko``).

    Returns
    -------
    HandoutBuild
        The PDFs written and any code line that overflowed its box.

    Raises
    ------
    KoreaNotesError
        If a notebook fails, chromium is missing or ``lang`` is not a language of the collection.

    """
    start = time.perf_counter()
    lang = check_lang(lang)
    chromium_executable()
    cache_root = edition_cache_dir((Path(cache_dir) if cache_dir is not None else default_cache_dir()).resolve(), lang)
    src = edition_source_dir(Path(src_dir).resolve(), lang)
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise KoreaNotesError(f"the output {out} is a file, not a folder")
    executed: list[ExecutedNotebook] = executed_student_edition(src, cache_dir=cache_root, jobs=jobs,
                                                                timeout=timeout, only=only)
    jobs_to_print: list[tuple[str, Path]] = []
    titles: list[tuple[str, str]] = []
    for nb in executed:
        title = notebook_title(nb.student, nb.stem)
        titles.append((nb.stem, title))
        jobs_to_print.append((notebook_html(nb.executed, title=title, lang=lang), out / f"{nb.stem}.pdf"))
    sheet = None
    if answer_sheet:
        records = recorded_answers(src, cache_dir=cache_root, jobs=jobs, timeout=timeout, only=only)
        instructor = [(title, nbformat.read(src / f"{stem}.ipynb", as_version=4)) for stem, title in titles]
        sheet = out / ANSWER_SHEET
        jobs_to_print.append((answer_sheet_html(instructor, records, lang=lang), sheet))
    out.mkdir(parents=True, exist_ok=True)
    overflow = _print_pdfs(jobs_to_print)
    return HandoutBuild(out_dir=out, pdfs=[target for _, target in jobs_to_print if target != sheet],
                        answer_sheet=sheet, overflowing={k: v for k, v in overflow.items() if v},
                        executed=sum(not nb.cached for nb in executed), cached=sum(nb.cached for nb in executed),
                        seconds=time.perf_counter() - start, lang=lang)


__all__ = ["ANSWER_SHEET", "WORDS", "HandoutBuild", "answer_sheet_html", "answer_sheet_items", "build_handouts",
           "chromium_executable", "notebook_html", "printable_notebook", "static_map_output"]
