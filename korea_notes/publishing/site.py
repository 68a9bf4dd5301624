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
  CDN; thebe is switched off).

Sphinx runs with ``-W --keep-going -n``: any warning, including a broken internal link, fails the build.
The HTML is then checked (no external script or style sheet, no solution marker or "Correct" feedback)
and copied to the output folder. Sources that did not change are not rewritten, so Sphinx's incremental
build makes a second build fast; when nothing at all changed (same sources, same publishing code), Sphinx is
not run again and the last HTML is installed.
"""

from __future__ import annotations

import hashlib
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
from ..project import REPO_URL, STUDENT_BRANCH
from ..runner import kernel_environment
from ..teaching.course import course_plan, to_markdown
from ..teaching.hub_links import binder_link, hub_link
from .dataset_pages import data_index_page, dataset_names, dataset_page, md_escape, page_name
from .executed import ExecutedNotebook, PathLike, default_cache_dir, executed_student_edition, notebook_title

ROOT = Path(__file__).resolve().parent.parent.parent
ASSETS = Path(__file__).resolve().parent / "assets"
SITE_TITLE = "Korean War Armistice notes"
MARKER = "_korea_notes_site.json"
"""A file the builder leaves in every site it writes: only such a folder is ever replaced."""
FORBIDDEN = ("BEGIN SOLUTION", "END SOLUTION", "✅ Correct", "Model answer points")
"""Text that must never appear on a page of the site (the leak guard)."""
_EXTERNAL_ASSET = re.compile(r"<(?:script|link)\b[^>]*?\b(?:src|href)=[\"'](?:https?:)?//[^\"']+[\"'][^>]*>",
                             re.IGNORECASE)
REPO_PAGES = {"../docs/instructors.md": "../instructors.md"}
"""Links in the notebooks to repository files, and the site page each stands for."""
THEME_FIXES = (
    # The search buttons' aria-label "Search" does not contain their visible text "Search Ctrl+K"
    # (axe: label-content-name-mismatch); without it, the name comes from the visible text.
    (re.compile(r'(<button class="btn search-button-field[^>]*?) aria-label="Search"'), r"\1"),
    # The sidebar's expand arrows are <summary> elements with an icon only (axe: summary-name).
    (re.compile(r'<summary>(\s*<span class="toctree-toggle")'), r'<summary aria-label="Show or hide these pages">\1'),
    # The colour-mode button is labelled "Color mode" but its icons carry titles ("Light", "Dark"), which
    # count as its visible text (label-content-name-mismatch): the icons are decoration, without titles.
    (re.compile(r'<i class="theme-switch ([^>]*?) title="[^"]*"'), r'<i aria-hidden="true" class="theme-switch \1'),
)
"""Accessibility fixes to sphinx-book-theme's HTML, applied to every page when the site is installed."""
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


def _write_if_changed(path: Path, text: str) -> bool:
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, text)
    return True


def _add_iframe_titles(nb: nbformat.NotebookNode, title: str) -> nbformat.NotebookNode:
    """Give every map iframe in the outputs a title (screen readers announce frames by it)."""
    label = 'title="Interactive map, ' + re.sub(r"[\"<>&]", "", title) + '"'
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


def _add_alt_texts(nb: nbformat.NotebookNode, title: str) -> nbformat.NotebookNode:
    """Give every figure an alt text (myst-nb's ``mystnb.image.alt`` cell metadata).

    The text is the figure's caption (a Markdown output of the same cell, or the Markdown cell just after it
    that starts with "Figure"), else a description of the static map, else a pointer to the text around it.
    """
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
                and _plain(following.source).startswith(("Figure", "Map")):
            captions.append(_plain(following.source))
        if not captions and "static_map" in cell.source:
            captions.append("Static map of the Korean peninsula: the 38th parallel, the Military Demarcation Line "
                            "and the DMZ (approximate), with the places this section discusses")
        alt = " ".join(captions) or f"Figure of the notebook {_plain(title)}; the text around it describes it"
        cell.metadata.setdefault("mystnb", {}).setdefault("image", {})["alt"] = alt
    return nb


def _site_links(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Point links to repository files that are pages of the site (the instructor guide) at those pages."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for repo_path, page in REPO_PAGES.items():
                cell.source = cell.source.replace(f"]({repo_path}", f"]({page}")
    return nb


def launch_links(names: list[str], *, branch: str = STUDENT_BRANCH, hub_url: str | None = None,
                 repo: str = REPO_URL) -> dict[str, dict[str, str]]:
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

    Returns
    -------
    dict
        ``{"binder": {docname: url}, "jupyterhub": {docname: url}}``, docname ``notebooks/<stem>``.

    Raises
    ------
    KoreaNotesError
        If the hub address, repository or branch is invalid.

    """
    links: dict[str, dict[str, str]] = {"binder": {}, "jupyterhub": {}}
    for name in names:
        doc = f"notebooks/{Path(name).stem}"
        links["binder"][doc] = binder_link(repo=repo, branch=branch, path=f"notebooks/{name}")
        if hub_url:
            links["jupyterhub"][doc] = hub_link(hub_url, repo=repo, branch=branch, notebook=name)
    return links


def book_config(*, links: dict[str, dict[str, str]], branch: str = STUDENT_BRANCH) -> dict[str, Any]:
    """Return the Jupyter Book ``_config.yml`` of the site (as a dict).

    Parameters
    ----------
    links
        The launch links (see :func:`launch_links`).
    branch
        The branch the repository button points to.

    Returns
    -------
    dict
        The configuration; keys as in Jupyter Book 1's ``default_config.yml``.

    """
    return {
        "title": SITE_TITLE,
        "author": "Korea Armistice Notes contributors",
        "copyright": time.strftime("%Y"),
        "only_build_toc_files": True,
        "exclude_patterns": ["_build", "**.ipynb_checkpoints"],
        "execute": {"execute_notebooks": "off", "allow_errors": False, "timeout": 600},
        "parse": {"myst_enable_extensions": ["colon_fence", "substitution", "tasklist"]},
        "html": {"use_repository_button": True, "use_issues_button": False, "use_edit_page_button": False,
                 "home_page_in_navbar": True, "use_multitoc_numbering": False,
                 "extra_footer": "Data and text: CC BY 4.0; code: MIT. Facts and figures come from the cited "
                                 "sources; see the data pages."},
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
                "language": "en",
                "korea_notes_launch": links,
            },
        },
    }


def book_toc(notebooks: list[str], datasets: list[str]) -> dict[str, Any]:
    """Return the ``_toc.yml`` of the site: notebooks, instructor pages, data pages.

    Parameters
    ----------
    notebooks
        Notebook file stems in order.
    datasets
        Dataset names in order.

    Returns
    -------
    dict
        The table of contents (``jb-book`` format).

    """
    return {
        "format": "jb-book",
        "root": "index",
        "parts": [
            {"caption": "Notebooks", "chapters": [{"file": f"notebooks/{stem}"} for stem in notebooks]},
            {"caption": "For instructors", "chapters": [{"file": "instructors"}, {"file": "course_plan"}]},
            {"caption": "The data", "chapters": [
                {"file": "data/index", "sections": [{"file": page_name(name)} for name in datasets]}]},
        ],
    }


def index_page(notebooks: list[ExecutedNotebook], *, links: dict[str, dict[str, str]]) -> str:
    """Return the home page (Markdown).

    Parameters
    ----------
    notebooks
        The executed student notebooks.
    links
        The launch links.

    Returns
    -------
    str
        MyST Markdown.

    """
    rows = [f"| [{md_escape(notebook_title(nb.student, nb.stem))}](notebooks/{nb.stem}.ipynb) |" for nb in notebooks]
    first = links["binder"].get(f"notebooks/{notebooks[0].stem}") if notebooks else None
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


def course_plan_page(src_dir: Path) -> str:
    """Return the course-plan page, from the notebooks' own metadata.

    Parameters
    ----------
    src_dir
        The instructor notebooks.

    Returns
    -------
    str
        MyST Markdown with the plan as a table.

    """
    plan = course_plan(src_dir, session_minutes=90)
    total = int(plan["total_minutes"].sum())
    return "\n".join([
        "# Course plan", "",
        "Minutes per notebook, from each notebook's metadata (`korea-notes course-plan` prints the same "
        "table), grouped into sessions of 90 minutes in order.", "",
        to_markdown(plan), "",
        f"Total: {total} minutes ({int(plan['teaching_minutes'].sum())} teaching, "
        f"{int(plan['exercise_minutes'].sum())} exercises) in {int(plan['session'].max())} sessions.", "",
    ])


def _write_sources(book: Path, src_dir: Path, notebooks: list[ExecutedNotebook],
                   links: dict[str, dict[str, str]], branch: str) -> None:
    datasets = dataset_names()
    files: dict[str, str] = {
        "_config.yml": yaml.safe_dump(book_config(links=links, branch=branch), sort_keys=False, allow_unicode=True),
        "_toc.yml": yaml.safe_dump(book_toc([nb.stem for nb in notebooks], datasets), sort_keys=False),
        "index.md": index_page(notebooks, links=links),
        "instructors.md": (ROOT / "docs" / "instructors.md").read_text(encoding="utf-8"),
        "course_plan.md": course_plan_page(src_dir),
        "data/index.md": data_index_page(),
        "_static/korea-notes.css": (ASSETS / "site.css").read_text(encoding="utf-8"),
    }
    files.update({f"{page_name(name)}.md": dataset_page(name) for name in datasets})
    for nb in notebooks:
        page = nbformat.from_dict(json.loads(json.dumps(nb.executed)))
        title = notebook_title(nb.student, nb.stem)
        page = _site_links(_add_alt_texts(_add_iframe_titles(page, title), title))
        files[f"notebooks/{nb.name}"] = nbformat.writes(page) + "\n"
    wanted = {book / rel for rel in files}
    for rel, text in files.items():
        _write_if_changed(book / rel, text)
    for old in book.rglob("*"):  # drop pages of notebooks or datasets that no longer exist
        if old.is_file() and old not in wanted and old.suffix in (".md", ".ipynb"):
            old.unlink()


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


def _install(html_dir: Path, out: Path, notebooks: list[ExecutedNotebook]) -> None:
    """Copy the built site to ``out`` (replacing an earlier site only), student notebooks as downloads."""
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).is_file())):
        raise KoreaNotesError(f"{out} exists and is not a site built by korea-notes; refusing to replace it",
                              hint="choose a new or empty folder, e.g. build/site")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        shutil.copytree(html_dir, staging, dirs_exist_ok=True)
        for page in staging.rglob("*.html"):
            text = original = page.read_text(encoding="utf-8")
            for pattern, replacement in THEME_FIXES:
                text = pattern.sub(replacement, text)
            if text != original:
                page.write_text(text, encoding="utf-8")
        for nb in notebooks:  # the download button gives the student notebook, outputs cleared
            target = staging / "_sources" / "notebooks" / nb.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(nbformat.writes(nb.student) + "\n", encoding="utf-8")
        (staging / ".nojekyll").write_text("", encoding="utf-8")
        digest = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(staging.rglob("*.html")))).hexdigest()
        (staging / MARKER).write_text(json.dumps({"notebooks": [nb.name for nb in notebooks], "sha256": digest},
                                                 indent=1) + "\n", encoding="utf-8")
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


def build_site(
    out_dir: PathLike,
    *,
    src_dir: PathLike = ROOT / "notebooks",
    cache_dir: PathLike | None = None,
    hub_url: str | None = None,
    branch: str = STUDENT_BRANCH,
    jobs: int | None = None,
    timeout: int = 600,
    quiet: bool = True,
) -> SiteBuild:
    """Build the website of the student edition into ``out_dir``.

    Parameters
    ----------
    out_dir
        Where the HTML goes (``index.html`` at its top); an earlier site there is replaced, any other
        non-empty folder is refused.
    src_dir
        The instructor notebooks (the student edition is made from them).
    cache_dir
        The cache of executed notebooks and of the Jupyter Book build (default ``build/cache``).
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
        The output folder, the pages, how many notebooks were executed or taken from the cache, seconds.

    Raises
    ------
    KoreaNotesError
        If a notebook fails, Jupyter Book reports any warning (a broken link, say), a page loads an
        external asset or shows solution text, or ``out_dir`` is refused.

    """
    try:
        import jupyter_book  # noqa: F401
    except ImportError:
        raise KoreaNotesError("the website needs Jupyter Book 1.x", hint="pip install -e '.[site]'") from None
    start = time.perf_counter()
    cache_root = (Path(cache_dir) if cache_dir is not None else default_cache_dir()).resolve()
    src = Path(src_dir).resolve()
    notebooks = executed_student_edition(src, cache_dir=cache_root, jobs=jobs, timeout=timeout)
    links = launch_links([nb.name for nb in notebooks], branch=branch, hub_url=hub_url)
    work = cache_root / "site"
    book = work / "book"
    _write_sources(book, src, notebooks, links, branch)
    html_dir = work / "_build" / "html"
    stamp = work / "_build" / "sources.sha256"
    digest = _sources_digest(book)
    if not (html_dir.is_dir() and stamp.is_file() and stamp.read_text(encoding="utf-8") == digest):
        stamp.unlink(missing_ok=True)
        code_stamp, code = work / "_build" / "code.sha256", _code_digest()
        if not (code_stamp.is_file() and code_stamp.read_text(encoding="utf-8") == code):
            shutil.rmtree(work / "_build", ignore_errors=True)  # every page is rendered again
        _run_jupyter_book(book, work, quiet=quiet)
        write_text_atomic(stamp, digest)
        write_text_atomic(code_stamp, code)
    check_pages(html_dir)
    out = Path(out_dir).resolve()
    _install(html_dir, out, notebooks)
    return SiteBuild(out_dir=out, pages=check_pages(out), executed=sum(not nb.cached for nb in notebooks),
                     cached=sum(nb.cached for nb in notebooks), seconds=time.perf_counter() - start)


__all__ = ["FORBIDDEN", "MARKER", "SITE_TITLE", "STUDENT_BRANCH", "SiteBuild", "book_config", "book_toc",
           "build_site", "check_pages", "course_plan_page", "index_page", "launch_links"]
