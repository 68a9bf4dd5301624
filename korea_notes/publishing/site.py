"""The website: a Jupyter Book (1.x) of the student edition, built offline (``korea-notes site OUT``).

What the site holds:

* every notebook of the **student edition** (solutions replaced by prompts, so no solution, model answer or
  "Correct" feedback appears), executed at build time by the package's one runner
  (:func:`korea_notes.publishing.executed.executed_student_edition`, cached in ``build/cache``) and handed
  to Jupyter Book already executed (``execute_notebooks: off``); a cell error stops the build;
* per notebook page: a download of the student notebook (``.ipynb``, outputs cleared) and launch buttons
  (Binder on the student branch; a JupyterHub through nbgitpuller when ``hub_url`` is given), all links
  made by :mod:`korea_notes.teaching.hub_links`;
* the instructor guide (``docs/instructors.md``), the course plan, and one page per dataset generated
  from ``data/datapackage.json``;
* navigation and search from the theme (sphinx-book-theme bundles its own assets: nothing loads from a
  CDN; thebe is switched off);
* two editions: the English at the site's root and the Korean (한국어판, from ``notebooks/ko``) in ``ko/``,
  each its own Jupyter Book (Sphinx ``language`` ``"en"`` / ``"ko"``, so ``<html lang="ko">`` and the
  theme's Korean labels; titles and navigation from the Korean notebooks' headings), with the Korean
  guide ``docs/instructors.ko.md``, course plan and data pages; every page of each edition links to its
  twin in the other (or to the other's home page when it has none) through a language switch.

Sphinx runs with ``-W --keep-going -n``: any warning, including a broken internal link, fails the build.
The HTML is then checked (no external script or style sheet, no solution marker or "Correct" feedback)
and copied to the output folder. Sources that did not change are not rewritten, so Sphinx's incremental
build makes a second build fast; when nothing at all changed (same sources, same publishing code), Sphinx is
not run again and the last HTML is installed. A change in the navigation (a page title, the table of contents,
the settings) renders every page of that edition again, since every page shows the navigation.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import yaml

from .._atomic import write_text_atomic
from ..errors import KoreaNotesError
from ..i18n import DEFAULT_LANG, LANGUAGES, check_lang
from ..project import REPO_URL, STUDENT_BRANCH
from ..runner import kernel_environment
from ..teaching.course import course_plan, to_markdown
from ..teaching.hub_links import binder_link, hub_link
from ..teaching.student import source_notebooks
from .dataset_pages import data_index_page, dataset_names, dataset_page, md_escape, page_name
from .executed import (
    ExecutedNotebook,
    PathLike,
    default_cache_dir,
    edition_cache_dir,
    edition_source_dir,
    executed_student_edition,
    notebook_title,
)

ROOT = Path(__file__).resolve().parent.parent.parent
ASSETS = Path(__file__).resolve().parent / "assets"
SITE_TITLES = {"en": "Korean War Armistice notes", "ko": "6·25 전쟁 정전협정 학습 노트"}
SITE_TITLE = SITE_TITLES["en"]
GUIDES = {"en": ROOT / "docs" / "instructors.md", "ko": ROOT / "docs" / "instructors.ko.md"}
"""The instructor guide of each edition (the site's ``instructors`` page)."""
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "notebooks": "Notebooks", "instructors": "For instructors", "data": "The data",
        "footer": "Data and text: CC BY 4.0; code: MIT. Facts and figures come from the cited sources; see the "
                  "data pages.",
        "map": "Interactive map, ", "figure": ("Figure", "Map"),
        "static_map": "Static map of the Korean peninsula: the 38th parallel, the Military Demarcation Line "
                      "and the DMZ (approximate), with the places this section discusses",
        "alt": "Figure of the notebook {}; the text around it describes it",
        "toggle": "Show or hide these pages", "search": "Search",
    },
    "ko": {
        "notebooks": "노트북", "instructors": "교사용", "data": "데이터",
        "footer": "데이터와 글: CC BY 4.0, 코드: MIT. 사실과 수치는 인용된 출처에서 가져왔다. 데이터 페이지를 보세요.",
        "map": "대화형 지도, ", "figure": ("그림", "지도", "Figure", "Map"),
        "static_map": "한반도의 정적 지도: 38선, 군사분계선과 비무장지대(근삿값), 그리고 이 절에서 다루는 장소들",
        "alt": "노트북 「{}」의 그림. 그림 주변의 글이 그림을 설명한다",
        "toggle": "이 페이지 목록 펼치기 또는 접기", "search": "검색",
    },
}
"""The site's own wording per language (the notebooks, guides and data bring their own)."""
MARKER = "_korea_notes_site.json"
"""A file the builder leaves in every site it writes: only such a folder is ever replaced."""
FORBIDDEN = ("BEGIN SOLUTION", "END SOLUTION", "✅", "Model answer points", "Model answer (", "모범 답안(",
             "모범 답안 요점", "모범 답안의 요점")
"""Text that must never appear on a notebook page of the site (the leak guard: solution markers, the headings
of model answers in either language, and ✅, which starts the checker's feedback on a correct answer)."""
_EXTERNAL_ASSET = re.compile(r"<(?:script|link)\b[^>]*?\b(?:src|href)=[\"'](?:https?:)?//[^\"']+[\"'][^>]*>",
                             re.IGNORECASE)
REPO_PAGES = {"en": {"../docs/instructors.md": "../instructors.md"},
              "ko": {"../../docs/instructors.ko.md": "../instructors.md",
                     "../../docs/instructors.md": "../instructors.md",
                     "../docs/instructors.ko.md": "../instructors.md",
                     "../docs/instructors.md": "../instructors.md"}}
"""Links in the notebooks (per edition) to repository files, and the site page each stands for."""


def theme_fixes(lang: str = DEFAULT_LANG) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Return the accessibility fixes to sphinx-book-theme's HTML, applied to every page when installed.

    Parameters
    ----------
    lang
        The edition's language (the labels added are in it).

    Returns
    -------
    tuple
        ``(pattern, replacement)`` pairs for :func:`re.sub`.

    """
    words = WORDS[check_lang(lang)]
    return (
        # The search buttons' aria-label "Search" does not contain their visible text "Search Ctrl+K"
        # (axe: label-content-name-mismatch); without it, the name comes from the visible text.
        (re.compile(r'(<button class="btn search-button-field[^>]*?) aria-label="(?:Search|'
                    + re.escape(words["search"]) + ')"'), r"\1"),
        # The sidebar's expand arrows are <summary> elements with an icon only (axe: summary-name).
        (re.compile(r'<summary>(\s*<span class="toctree-toggle")'),
         f'<summary aria-label="{html.escape(words["toggle"])}">\\1'),
        # The colour-mode button is labelled "Color mode" but its icons carry titles ("Light", "Dark"), which
        # count as its visible text (label-content-name-mismatch): the icons are decoration, without titles.
        (re.compile(r'<i class="theme-switch ([^>]*?) title="[^"]*"'), r'<i aria-hidden="true" class="theme-switch \1'),
    )


THEME_FIXES = theme_fixes()
"""The fixes of the English edition (see :func:`theme_fixes`)."""
_IFRAME_NO_TITLE = re.compile(r"<iframe\b(?![^>]*\btitle=)", re.IGNORECASE)


@dataclass
class SiteBuild:
    """What a site build did."""

    out_dir: Path
    pages: list[Path] = field(default_factory=list)
    executed: int = 0
    cached: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    languages: tuple[str, ...] = ()
    """The editions built, the first at the site's root, each other in ``<lang>/``."""
    seconds_by_lang: dict[str, float] = field(default_factory=dict)
    """Seconds each edition took (executing its notebooks and its Jupyter Book build)."""


@dataclass
class _Edition:
    lang: str
    src: Path
    cache: Path
    prefix: str
    stems: list[str]

    def docs(self) -> list[str]:
        return ["index", "instructors", "course_plan", "data/index", *(page_name(n) for n in dataset_names()),
                *(f"notebooks/{stem}" for stem in self.stems), "genindex", "search"]


def _write_if_changed(path: Path, text: str) -> bool:
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, text)
    return True


def _add_iframe_titles(nb: nbformat.NotebookNode, title: str, lang: str = DEFAULT_LANG) -> nbformat.NotebookNode:
    """Give every map iframe in the outputs a title (screen readers announce frames by it)."""
    label = 'title="' + WORDS[lang]["map"] + re.sub(r"[\"<>&]", "", title) + '"'
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            html = data.get("text/html")
            if html is None:
                continue
            text = "".join(html) if isinstance(html, list) else html
            if _IFRAME_NO_TITLE.search(text):
                data["text/html"] = _IFRAME_NO_TITLE.sub(lambda m: m.group(0) + " " + label, text)
    return nb


def _plain(markdown: str) -> str:
    return " ".join(re.sub(r"[*_`#]|<[^>]+>", "", markdown).split())


def _add_alt_texts(nb: nbformat.NotebookNode, title: str, lang: str = DEFAULT_LANG) -> nbformat.NotebookNode:
    """Give every figure an alt text (myst-nb's ``mystnb.image.alt`` cell metadata).

    The text is the figure's caption (a Markdown output of the same cell, or the Markdown cell just after it
    that starts with "Figure", in Korean "그림"), else a description of the static map, else a pointer to the
    text around it, in the edition's language.
    """
    words = WORDS[lang]
    cells = nb.cells
    for index, cell in enumerate(cells):
        if cell.cell_type != "code" or not any("image/png" in o.get("data", {}) for o in cell.get("outputs", [])):
            continue
        captions = []
        for output in cell.outputs:
            text = output.get("data", {}).get("text/markdown")
            if text:
                captions.append(_plain("".join(text) if isinstance(text, list) else text))
        following = cells[index + 1] if index + 1 < len(cells) else None
        if not captions and following is not None and following.cell_type == "markdown" \
                and _plain(following.source).startswith(words["figure"]):
            captions.append(_plain(following.source))
        if not captions and "static_map" in cell.source:
            captions.append(words["static_map"])
        alt = " ".join(captions) or words["alt"].format(_plain(title))
        cell.metadata.setdefault("mystnb", {}).setdefault("image", {})["alt"] = alt
    return nb


def _site_links(nb: nbformat.NotebookNode, lang: str = DEFAULT_LANG) -> nbformat.NotebookNode:
    """Point links to repository files that are pages of the site (the instructor guide) at those pages."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for repo_path, page in REPO_PAGES[lang].items():
                cell.source = cell.source.replace(f"]({repo_path}", f"]({page}")
    return nb


def launch_links(names: list[str], *, branch: str = STUDENT_BRANCH, hub_url: str | None = None,
                 repo: str = REPO_URL, folder: str = "notebooks") -> dict[str, dict[str, str]]:
    """Return each notebook page's launch links, made by :mod:`korea_notes.teaching.hub_links`.

    Parameters
    ----------
    names
        Notebook file names, e.g. ``["00_start_here.ipynb"]``.
    branch
        The branch with the student edition.
    hub_url
        A JupyterHub with nbgitpuller, or None for Binder only.
    repo
        The repository.
    folder
        The notebooks' folder in the repository: ``notebooks``, or ``notebooks/ko`` for the Korean edition.

    Returns
    -------
    dict
        ``{"binder": {docname: url}, "jupyterhub": {docname: url}}``, docname ``notebooks/<stem>`` (the
        page of the notebook in its edition's book).

    Raises
    ------
    KoreaNotesError
        If the hub address, repository or branch is invalid.

    """
    links: dict[str, dict[str, str]] = {"binder": {}, "jupyterhub": {}}
    for name in names:
        doc = f"notebooks/{Path(name).stem}"
        links["binder"][doc] = binder_link(repo=repo, branch=branch, path=f"{folder}/{name}")
        if hub_url:
            links["jupyterhub"][doc] = hub_link(hub_url, repo=repo, branch=branch,
                                                notebook=name if folder == "notebooks" else f"{folder}/{name}")
    return links


def book_config(*, links: dict[str, dict[str, str]], branch: str = STUDENT_BRANCH, lang: str = DEFAULT_LANG,
                switch: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return the Jupyter Book ``_config.yml`` of one edition of the site (as a dict).

    Parameters
    ----------
    links
        The launch links (see :func:`launch_links`).
    branch
        The branch the repository button points to.
    lang
        The edition's language: Sphinx's ``language`` (``<html lang>``, the theme's labels), the title.
    switch
        The other edition for the language switch (``{"lang", "prefix", "docs"}``, see
        :func:`korea_notes.publishing.sphinx_ext.language_switch`); None for a site of one language.

    Returns
    -------
    dict
        The configuration; keys as in Jupyter Book 1's ``default_config.yml``.

    """
    words = WORDS[check_lang(lang)]
    sidebars = ["navbar-logo.html", "korea-notes-lang.html", "icon-links.html", "search-button-field.html",
                "sbt-sidebar-nav.html"]
    return {
        "title": SITE_TITLES[lang],
        "author": "Korea Armistice Notes contributors",
        "copyright": time.strftime("%Y"),
        "only_build_toc_files": True,
        "exclude_patterns": ["_build", "**.ipynb_checkpoints"],
        "execute": {"execute_notebooks": "off", "allow_errors": False, "timeout": 600},
        "parse": {"myst_enable_extensions": ["colon_fence", "substitution", "tasklist"]},
        "html": {"use_repository_button": True, "use_issues_button": False, "use_edit_page_button": False,
                 "home_page_in_navbar": True, "use_multitoc_numbering": False, "extra_footer": words["footer"]},
        # No theme launch buttons and no thebe: our extension adds the hub_links-built buttons.
        "launch_buttons": {"notebook_interface": "jupyterlab", "binderhub_url": "", "jupyterhub_url": "",
                           "thebe": False, "colab_url": "", "deepnote_url": ""},
        "repository": {"url": REPO_URL, "path_to_book": "", "branch": branch},
        "sphinx": {
            "extra_extensions": ["korea_notes.publishing.sphinx_ext"],
            "config": {
                "nb_execution_mode": "off",
                "nb_execution_raise_on_error": True,
                "nb_ipywidgets_js": {},  # no require.js / widget manager from a CDN
                "html_static_path": ["_static"],
                "html_css_files": ["korea-notes.css"],
                "html_show_sourcelink": True,
                "templates_path": ["_templates"],
                "html_sidebars": {"**": sidebars},
                "language": lang,
                "korea_notes_launch": links,
                "korea_notes_switch": switch or {},
            },
        },
    }


def book_toc(notebooks: list[str], datasets: list[str], *, lang: str = DEFAULT_LANG) -> dict[str, Any]:
    """Return the ``_toc.yml`` of the site: notebooks, instructor pages, data pages.

    Parameters
    ----------
    notebooks
        Notebook file stems in order.
    datasets
        Dataset names in order.
    lang
        The edition's language (the part captions).

    Returns
    -------
    dict
        The table of contents (``jb-book`` format).

    """
    words = WORDS[check_lang(lang)]
    return {
        "format": "jb-book",
        "root": "index",
        "parts": [
            {"caption": words["notebooks"], "chapters": [{"file": f"notebooks/{stem}"} for stem in notebooks]},
            {"caption": words["instructors"], "chapters": [{"file": "instructors"}, {"file": "course_plan"}]},
            {"caption": words["data"], "chapters": [
                {"file": "data/index", "sections": [{"file": page_name(name)} for name in datasets]}]},
        ],
    }


def index_page(notebooks: list[ExecutedNotebook], *, links: dict[str, dict[str, str]],
               lang: str = DEFAULT_LANG) -> str:
    """Return the home page (Markdown).

    Parameters
    ----------
    notebooks
        The executed student notebooks.
    links
        The launch links.
    lang
        The edition's language.

    Returns
    -------
    str
        MyST Markdown.

    """
    rows = [f"| [{md_escape(notebook_title(nb.student, nb.stem))}](notebooks/{nb.stem}.ipynb) |" for nb in notebooks]
    first = links["binder"].get(f"notebooks/{notebooks[0].stem}") if notebooks else None
    if check_lang(lang) == "ko":
        launch = f"[첫 노트북을 Binder에서 열거나]({first})" if first else "Binder에서 열거나"
        return "\n".join([
            f"# {SITE_TITLES['ko']}", "",
            "1953년 7월 27일의 6·25 전쟁 정전협정을 다루는 주피터 노트북 13편이다. 정전회담이 어떻게 시작되었고 "
            "무엇에 서명했는지, 그 뒤 정전이 어떤 의미를 지녀 왔는지를 여러 당사자의 시각에서 살펴본다. 모든 수치와 "
            "날짜는 데이터에 인용된 출처에서 가져왔다.", "",
            "이 페이지들은 사이트를 만들 때 한 번 실행한 **학생판**을 보여 준다. 연습 문제는 비어 있다. 문제를 "
            "풀려면 노트북을 내려받거나(각 페이지 위쪽의 내려받기 단추), "
            f"{launch}, 교사가 링크를 주면 소속 기관의 JupyterHub를 사용하세요. 노트북은 인터넷 연결 없이 "
            "실행되며, 인터넷에서 가져오는 것은 지도 타일뿐이다.", "",
            "| 노트북 |", "|---|", *rows, "",
            "교사는 [교사용 안내서](instructors.md)와 [수업 계획](course_plan.md)을 보세요. "
            "[데이터 페이지](data/index.md)는 모든 데이터셋의 열, 출처, 라이선스를 설명한다.", "",
        ])
    launch = f"[open the first notebook on Binder]({first})" if first else "open them on Binder"
    return "\n".join([
        f"# {SITE_TITLE}", "",
        "Thirteen Jupyter notebooks on the Korean War Armistice (정전협정, *jeongjeon hyeopjeong*) of "
        "27 July 1953: how the talks came about, what was signed, and what the armistice has meant since, "
        "seen from several sides. Every figure and date comes from a cited source in the data.", "",
        "These pages show the **student edition**, run once when the site was built: the exercises are "
        "blank. To work on them, download a notebook (the download button at the top of each page), "
        f"{launch}, or use your institution's JupyterHub when your instructor gives you a link. The "
        "notebooks run offline; map tiles are the only thing fetched from the internet.", "",
        "| Notebook |", "|---|", *rows, "",
        "Instructors: see the [guide](instructors.md) and the [course plan](course_plan.md). "
        "The [data pages](data/index.md) describe every dataset, its columns, sources and licence.", "",
    ])


PLAN_COLUMNS_KO = {"notebook": "노트북", "title": "제목", "teaching_minutes": "수업(분)",
                   "exercise_minutes": "연습(분)", "total_minutes": "합계(분)", "level": "수준",
                   "prerequisites": "선수 노트북", "session": "차시"}
LEVELS_KO = {"introductory": "입문", "intermediate": "중급", "advanced": "심화"}


def course_plan_page(src_dir: Path, *, lang: str = DEFAULT_LANG) -> str:
    """Return the course-plan page, from the notebooks' own metadata.

    Parameters
    ----------
    src_dir
        The instructor notebooks (of the edition's language: their headings give the titles).
    lang
        The edition's language (the page's wording, column names and levels).

    Returns
    -------
    str
        MyST Markdown with the plan as a table.

    """
    plan = course_plan(src_dir, session_minutes=90)
    total = int(plan["total_minutes"].sum())
    teaching, exercises = int(plan["teaching_minutes"].sum()), int(plan["exercise_minutes"].sum())
    sessions = int(plan["session"].max())
    if check_lang(lang) == "ko":
        shown = plan.assign(level=plan["level"].map(LEVELS_KO)).rename(columns=PLAN_COLUMNS_KO)
        return "\n".join([
            "# 수업 계획", "",
            "노트북마다 메타데이터에 적힌 시간(분)이다(`korea-notes course-plan`이 같은 표를 출력한다). "
            "노트북을 순서대로 90분 차시로 묶었다.", "",
            to_markdown(shown), "",
            f"합계: {total}분(수업 {teaching}분, 연습 {exercises}분), {sessions}차시.", "",
        ])
    return "\n".join([
        "# Course plan", "",
        "Minutes per notebook, from each notebook's metadata (`korea-notes course-plan` prints the same "
        "table), grouped into sessions of 90 minutes in order.", "",
        to_markdown(plan), "",
        f"Total: {total} minutes ({teaching} teaching, {exercises} exercises) in {sessions} sessions.", "",
    ])


def guide_text(lang: str = DEFAULT_LANG) -> str:
    """Return the instructor guide of an edition (``docs/instructors.md``, ``docs/instructors.ko.md``).

    Parameters
    ----------
    lang
        ``"en"`` or ``"ko"``.

    Returns
    -------
    str
        The guide's Markdown.

    Raises
    ------
    KoreaNotesError
        If the guide is missing.

    """
    path = GUIDES[check_lang(lang)]
    if not path.is_file():
        raise KoreaNotesError(f"the instructor guide of the {lang!r} edition is missing", file=str(path),
                              hint="the site's instructors page is made from it")
    return path.read_text(encoding="utf-8")


def guide_page(lang: str = DEFAULT_LANG, switch: dict[str, Any] | None = None) -> str:
    """Return an edition's ``instructors`` page: its guide, with links to the other guide pointing at its page.

    In ``docs/`` the guides link to each other (``instructors.md``, ``instructors.ko.md``); in a book, the
    other guide is the other edition's ``instructors`` page: such a link goes there when the site has that
    edition, and becomes plain text when it does not.

    Parameters
    ----------
    lang
        ``"en"`` or ``"ko"``.
    switch
        The other edition (see :func:`book_config`), or None.

    Returns
    -------
    str
        MyST Markdown.

    Raises
    ------
    KoreaNotesError
        If the guide is missing.

    """
    text = guide_text(lang)
    for other, path in GUIDES.items():
        if other == lang:
            continue
        link = re.compile(r"\[([^\]]+)\]\((?:\./)?" + re.escape(path.name) + r"\)")
        if switch and switch.get("lang") == other:
            start = f'<a href="{html.escape(switch["prefix"])}instructors.html" hreflang="{other}" lang="{other}">'
            text = link.sub(lambda m, a=start: f"{a}{html.escape(m[1])}</a>", text)
        else:
            text = link.sub(lambda m: m[1], text)
    return text


def _write_sources(book: Path, edition: _Edition, notebooks: list[ExecutedNotebook],
                   links: dict[str, dict[str, str]], branch: str, switch: dict[str, Any] | None) -> str:
    """Write the book's sources (only files whose text changed); return a digest of its navigation.

    The navigation (table of contents, page titles, the language switch's targets) shows on every page, but
    Sphinx re-renders only changed pages: when it changes, every page must be rendered again.
    """
    lang = edition.lang
    datasets = dataset_names()
    config = book_config(links=links, branch=branch, lang=lang, switch=switch)
    files: dict[str, str] = {
        "_config.yml": yaml.safe_dump(config, sort_keys=False, allow_unicode=True),
        "_toc.yml": yaml.safe_dump(book_toc([nb.stem for nb in notebooks], datasets, lang=lang), sort_keys=False,
                                   allow_unicode=True),
        "index.md": index_page(notebooks, links=links, lang=lang),
        "instructors.md": guide_page(lang, switch),
        "course_plan.md": course_plan_page(edition.src, lang=lang),
        "data/index.md": data_index_page(lang=lang),
        "_static/korea-notes.css": (ASSETS / "site.css").read_text(encoding="utf-8"),
        "_templates/korea-notes-lang.html": (ASSETS / "templates" / "korea-notes-lang.html").read_text("utf-8"),
    }
    files.update({f"{page_name(name)}.md": dataset_page(name, lang=lang) for name in datasets})
    for nb in notebooks:
        page = nbformat.from_dict(json.loads(json.dumps(nb.executed)))
        title = notebook_title(nb.student, nb.stem)
        page = _site_links(_add_alt_texts(_add_iframe_titles(page, title, lang), title, lang), lang)
        files[f"notebooks/{nb.name}"] = nbformat.writes(page) + "\n"
    wanted = {book / rel for rel in files}
    for rel, text in files.items():
        _write_if_changed(book / rel, text)
    for old in book.rglob("*"):  # drop pages of notebooks or datasets that no longer exist
        if old.is_file() and old not in wanted and old.suffix in (".md", ".ipynb"):
            old.unlink()
    titles = {rel: next((line for line in text.splitlines() if line.startswith("# ")), "")
              for rel, text in files.items() if rel.endswith(".md")}
    titles.update({nb.name: notebook_title(nb.student, nb.stem) for nb in notebooks})
    return hashlib.sha256(json.dumps([files["_config.yml"], files["_toc.yml"], sorted(titles.items())],
                                     ensure_ascii=False).encode()).hexdigest()


def _folders_digest(*folders: Path) -> str:
    import jupyter_book

    digest = hashlib.sha256(jupyter_book.__version__.encode())
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _sources_digest(book: Path) -> str:
    """Digest of everything a Sphinx build depends on: the book's sources and this layer's code and assets."""
    return _folders_digest(book, Path(__file__).resolve().parent)


def _code_digest() -> str:
    """Digest of this layer's code and assets (the Sphinx extension, templates) and Jupyter Book's version.

    Sphinx re-renders only the pages whose sources changed; when the extension or the theme fixes change,
    every page must be rendered again, so a change here starts the build from an empty environment.
    """
    return _folders_digest(Path(__file__).resolve().parent)


def _run_jupyter_book(book: Path, work: Path, *, quiet: bool) -> None:
    command = [sys.executable, "-c", "from jupyter_book.cli.main import main; main()", "build", str(book),
               "--path-output", str(work), "-W", "-n", "--keep-going"]
    env = kernel_environment(backend="agg", network=False)  # no connection leaves the machine while building
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=str(book))
    if done.returncode != 0:
        # Sphinx keeps its environment after a failed -W build; drop it so the next build reports again.
        shutil.rmtree(work / "_build", ignore_errors=True)
        lines = [ln for ln in (done.stdout + "\n" + done.stderr).splitlines()
                 if "WARNING" in ln or "ERROR" in ln or "Error" in ln]
        detail = "\n".join(re.sub(r"\x1b\[[0-9;]*m", "", ln) for ln in lines[-15:])
        detail = detail or (done.stdout + done.stderr)[-3000:]
        raise KoreaNotesError(f"the Jupyter Book build failed:\n{detail}",
                              hint="fix the warnings above (every warning fails the site build)")
    if not quiet:
        print(done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "built", file=sys.stderr)


def check_pages(html_dir: Path) -> list[Path]:
    """Check every built page: no external script or style sheet; no solution text on notebook pages.

    The instructor guide explains the solution markers, so only the notebook pages are searched for them.

    Parameters
    ----------
    html_dir
        The built HTML folder.

    Returns
    -------
    list of pathlib.Path
        The HTML pages.

    Raises
    ------
    KoreaNotesError
        Naming the page and what was found.

    """
    pages = sorted(p for p in html_dir.rglob("*.html") if "_static" not in p.parts)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        external = _EXTERNAL_ASSET.findall(text)
        if external:
            raise KoreaNotesError(f"the page loads from another site: {external[0][:200]}",
                                  file=str(page), hint="configure the asset away or bundle it")
        for needle in FORBIDDEN if page.parent.name == "notebooks" else ():
            if needle in text:
                raise KoreaNotesError(f"the page contains {needle!r}: a solution leaked into the site",
                                      file=str(page), hint="tag the cell 'solution' or use BEGIN/END SOLUTION")
    return pages


def _check_out(out: Path) -> None:
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).is_file())):
        raise KoreaNotesError(f"{out} exists and is not a site built by korea-notes; refusing to replace it",
                              hint="choose a new or empty folder, e.g. build/site")


def _install(out: Path, editions: list[tuple[_Edition, Path, list[ExecutedNotebook]]]) -> None:
    """Copy the built editions to ``out`` (replacing an earlier site only), student notebooks as downloads.

    The first edition goes to the top of ``out``, each other into its prefix (``ko/``).
    """
    _check_out(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for edition, html_dir, notebooks in editions:
            root = staging / edition.prefix
            shutil.copytree(html_dir, root, dirs_exist_ok=True)
            fixes = theme_fixes(edition.lang)
            for page in root.glob("**/*.html"):  # the editions after the first are not copied in yet
                text = original = page.read_text(encoding="utf-8")
                for pattern, replacement in fixes:
                    text = pattern.sub(replacement, text)
                if text != original:
                    page.write_text(text, encoding="utf-8")
            for nb in notebooks:  # the download button gives the student notebook, outputs cleared
                target = root / "_sources" / "notebooks" / nb.name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(nbformat.writes(nb.student) + "\n", encoding="utf-8")
        (staging / ".nojekyll").write_text("", encoding="utf-8")
        digest = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(staging.rglob("*.html")))).hexdigest()
        record = {"notebooks": [nb.name for nb in editions[0][2]], "sha256": digest,
                  "editions": {e.lang: e.prefix for e, _, _ in editions}}
        (staging / MARKER).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
        os.chmod(staging, 0o755)
        old = None
        if out.exists():
            old = out.with_name(f".{out.name}.old-{os.getpid()}")
            out.rename(old)
        staging.rename(out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _languages(languages: tuple[str, ...] | list[str] | str) -> tuple[str, ...]:
    wanted = [languages] if isinstance(languages, str) else list(languages)
    checked = {check_lang(lang) for lang in wanted}
    if not checked:
        raise KoreaNotesError("the site needs at least one language", hint=f"choose from {list(LANGUAGES)}")
    return tuple(lang for lang in LANGUAGES if lang in checked)


def _switch(edition: _Edition, other: _Edition | None) -> dict[str, Any] | None:
    if other is None:
        return None
    up = "../" * edition.prefix.count("/")
    return {"lang": other.lang, "prefix": up + other.prefix, "docs": other.docs()}


def _build_edition(edition: _Edition, other: _Edition | None, *, hub_url: str | None, branch: str,
                   jobs: int | None, timeout: int, quiet: bool) -> tuple[Path, list[ExecutedNotebook]]:
    """Execute one edition's student notebooks (cached) and build its book; return the HTML folder."""
    notebooks = executed_student_edition(edition.src, cache_dir=edition.cache, jobs=jobs, timeout=timeout)
    folder = edition_source_dir(Path("notebooks"), edition.lang).as_posix()  # in the repository
    links = launch_links([nb.name for nb in notebooks], branch=branch, hub_url=hub_url, folder=folder)
    work = edition.cache / "site"
    book = work / "book"
    navigation = _write_sources(book, edition, notebooks, links, branch, _switch(edition, other))
    html_dir = work / "_build" / "html"
    stamp = work / "_build" / "sources.sha256"
    digest = _sources_digest(book)
    if not (html_dir.is_dir() and stamp.is_file() and stamp.read_text(encoding="utf-8") == digest):
        stamp.unlink(missing_ok=True)
        code_stamp, code = work / "_build" / "code.sha256", f"{_code_digest()} {navigation}"
        if not (code_stamp.is_file() and code_stamp.read_text(encoding="utf-8") == code):
            shutil.rmtree(work / "_build", ignore_errors=True)  # code or navigation changed: render every page
        _run_jupyter_book(book, work, quiet=quiet)
        write_text_atomic(stamp, digest)
        write_text_atomic(code_stamp, code)
    check_pages(html_dir)
    return html_dir, notebooks


def build_site(
    out_dir: PathLike,
    *,
    src_dir: PathLike = ROOT / "notebooks",
    languages: tuple[str, ...] | list[str] | str = LANGUAGES,
    cache_dir: PathLike | None = None,
    hub_url: str | None = None,
    branch: str = STUDENT_BRANCH,
    jobs: int | None = None,
    timeout: int = 600,
    quiet: bool = True,
) -> SiteBuild:
    """Build the website of the student edition into ``out_dir``: the English at its root, the Korean in ``ko/``.

    Parameters
    ----------
    out_dir
        Where the HTML goes (``index.html`` at its top); an earlier site there is replaced, any other
        non-empty folder is refused (before anything is built).
    src_dir
        The instructor notebooks (the student edition is made from them); the Korean edition's are in its
        ``ko/`` folder.
    languages
        The editions to build (default both, ``("en", "ko")``); the first goes to the root of ``out_dir``,
        the other into ``ko/``, and with two, every page carries a language switch to its twin.
    cache_dir
        The cache of executed notebooks and of the Jupyter Book build (default ``build/cache``; the
        Korean edition's in its ``ko/`` folder).
    hub_url
        A JupyterHub (with nbgitpuller) for a second launch button; None for Binder only.
    branch
        The branch with the student edition, for the Binder buttons.
    jobs
        Notebooks executed at once.
    timeout
        Seconds allowed per cell.
    quiet
        False prints Sphinx's last line.

    Returns
    -------
    SiteBuild
        The output folder, the pages, how many notebooks were executed or taken from the cache, seconds
        (in all and per edition).

    Raises
    ------
    KoreaNotesError
        If a language is unknown, an edition has no notebooks or no instructor guide, a notebook fails,
        Jupyter Book reports any warning (a broken link, say), a page loads an external asset or shows
        solution text, or ``out_dir`` is refused.

    """
    try:
        import jupyter_book  # noqa: F401
    except ImportError:
        raise KoreaNotesError("the website needs Jupyter Book 1.x", hint="pip install -e '.[site]'") from None
    start = time.perf_counter()
    langs = _languages(languages)
    out = Path(out_dir).resolve()
    _check_out(out)
    cache_root = (Path(cache_dir) if cache_dir is not None else default_cache_dir()).resolve()
    src = Path(src_dir).resolve()
    editions = []
    for index, lang in enumerate(langs):
        folder = edition_source_dir(src, lang)
        editions.append(_Edition(lang=lang, src=folder, cache=edition_cache_dir(cache_root, lang),
                                 prefix="" if index == 0 else f"{lang}/",
                                 stems=[p.stem for p in source_notebooks(folder)]))
        guide_text(lang)  # fail before building anything when a guide is missing
    built, seconds = [], {}
    for edition in editions:
        begin = time.perf_counter()
        other = next((e for e in editions if e is not edition), None)
        html_dir, notebooks = _build_edition(edition, other, hub_url=hub_url, branch=branch, jobs=jobs,
                                             timeout=timeout, quiet=quiet)
        built.append((edition, html_dir, notebooks))
        seconds[edition.lang] = time.perf_counter() - begin
    _install(out, built)
    every = [nb for _, _, notebooks in built for nb in notebooks]
    return SiteBuild(out_dir=out, pages=check_pages(out), executed=sum(not nb.cached for nb in every),
                     cached=sum(nb.cached for nb in every), seconds=time.perf_counter() - start,
                     languages=langs, seconds_by_lang=seconds)


__all__ = ["FORBIDDEN", "GUIDES", "MARKER", "SITE_TITLE", "SITE_TITLES", "STUDENT_BRANCH", "SiteBuild", "book_config",
           "book_toc", "build_site", "check_pages", "course_plan_page", "guide_page", "guide_text", "index_page",
           "launch_links", "theme_fixes"]
