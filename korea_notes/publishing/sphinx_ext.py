"""A small Sphinx extension for the website: our launch buttons, and no thebe.

* **Launch buttons.** sphinx-book-theme can build Binder and JupyterHub links itself, but the collection
  builds every launch link in one place, :mod:`korea_notes.teaching.hub_links`. The site builder computes
  each notebook page's links with those functions and passes them in the Sphinx setting
  ``korea_notes_launch`` (``{"binder": {docname: url}, "jupyterhub": {docname: url}}``); this extension
  only puts them into the theme's header, as the theme's own "launch" menu would look.
* **No thebe.** Jupyter Book always loads ``sphinx_thebe``, whose inline configuration script declares
  ``const THEBE_JS_URL`` (an unpkg.com address) and logs "Identifier 'THEBE_JS_URL' has already been
  declared" on pages that load it twice. We do not offer live code on the site (readers launch Binder or
  their hub instead), so thebe's scripts, style sheet and inline configuration are dropped from every page.
"""

from __future__ import annotations

import html
import re
from typing import Any

_THEBE_BLOCK = re.compile(r'<script type="text/x-thebe-config">.*?</script>\s*(?:<script>kernelName = [^<]*</script>)?',
                          re.DOTALL)
LABELS = {"binder": ("Binder", "_static/images/logo_binder.svg"),
          "jupyterhub": ("JupyterHub", "_static/images/logo_jupyterhub.svg")}
WORDS: dict[str, dict[str, str]] = {
    "en": {"launch_on": "Launch the student notebook on {}", "launch": "Launch the notebook",
           "nav": "Language", "twin": "This page in {}", "home": "The {} edition's home page"},
    "ko": {"launch_on": "{}에서 학생용 노트북 열기", "launch": "노트북 실행하기",
           "nav": "언어", "twin": "이 페이지의 {}판", "home": "{}판 첫 페이지"},
}
"""The extension's wording in the page's language (Sphinx's ``language``)."""
LANGUAGE_NAMES = {"en": {"en": "English", "ko": "Korean"}, "ko": {"en": "영어", "ko": "한국어"}}
"""Each language's name in each page language (the switch's own text is the name in the target language)."""


def language_switch(pagename: str, *, lang: str, other: dict[str, Any]) -> dict[str, str] | None:
    """Return the language switch of one page: where it points, in which language, and its wording.

    Parameters
    ----------
    pagename
        The page's document name, e.g. ``notebooks/05_the_armistice_agreement`` or ``index``.
    lang
        The page's language.
    other
        ``{"lang": "ko", "prefix": "ko/", "docs": [...]}``: the other edition's language, its root relative
        to this edition's root, and its document names; empty for a site of one language.

    Returns
    -------
    dict or None
        ``href`` (relative to the page), ``lang`` (the target's), ``text`` (the target language's own name),
        ``title``, ``nav`` (the switch's label in the page's language) and ``twin`` ("1" for a twin page,
        "" for the other home page); None without another edition.

    Examples
    --------
    >>> language_switch("notebooks/05_x", lang="en", other={"lang": "ko", "prefix": "ko/",
    ...                 "docs": ["index", "notebooks/05_x"]})["href"]
    '../ko/notebooks/05_x.html'

    """
    if not other or not other.get("lang"):
        return None
    target = other["lang"]
    docs = set(other.get("docs") or [])
    up = "../" * pagename.count("/")
    twin = pagename in docs
    words = WORDS.get(lang, WORDS["en"])
    name = LANGUAGE_NAMES.get(lang, LANGUAGE_NAMES["en"]).get(target, target)
    own = LANGUAGE_NAMES.get(target, {}).get(target, target)
    return {"href": f"{up}{other['prefix']}{pagename if twin else 'index'}.html", "lang": target, "text": own,
            "title": (words["twin"] if twin else words["home"]).format(name), "nav": words["nav"],
            "twin": "1" if twin else ""}


def _is_thebe(script: Any) -> bool:
    filename = str(getattr(script, "filename", "") or "")
    body = str(getattr(script, "attributes", {}).get("body", "") or "")
    return "thebe" in filename.lower() or "THEBE_JS_URL" in body


def add_launch_buttons(app: Any, pagename: str, templatename: str, context: dict[str, Any],
                       doctree: Any) -> None:
    """Drop thebe's scripts and add this page's launch links to the header (``html-page-context``).

    Parameters
    ----------
    app
        The Sphinx application.
    pagename
        The page's document name, e.g. ``notebooks/05_the_armistice_agreement``.
    templatename
        The template (unused).
    context
        The template context; ``header_buttons`` (from sphinx-book-theme) gets a "launch" group.
    doctree
        The page's doctree (unused).

    """
    # Jupyter Book leaves the theme's colour mode empty; its script then logs "Got invalid theme mode: .".
    if not context.get("default_mode"):
        context["default_mode"] = "auto"
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [s for s in context[key] if not _is_thebe(s)]
    if isinstance(context.get("body"), str):
        context["body"] = _THEBE_BLOCK.sub("", context["body"])
    words = WORDS.get(app.config.language or "en", WORDS["en"])
    links = app.config.korea_notes_launch or {}
    buttons = []
    for kind, (text, icon) in LABELS.items():
        url = (links.get(kind) or {}).get(pagename)
        if url:
            buttons.append({"type": "link", "text": text, "tooltip": words["launch_on"].format(text),
                            "icon": icon, "url": url, "label": f"launch-{kind}-button"})
    if buttons and "header_buttons" in context:
        context["header_buttons"].append({"type": "group", "tooltip": words["launch"],
                                          "icon": "fas fa-rocket", "buttons": buttons, "label": "launch-buttons"})


def add_language_switch(app: Any, pagename: str, templatename: str, context: dict[str, Any],
                        doctree: Any) -> None:
    """Put the page's language switch in the template context (``html-page-context``, before the theme).

    pydata-sphinx-theme drops sidebar templates that render empty (priority 500), so the switch must be in
    the context before that.

    Parameters
    ----------
    app
        The Sphinx application.
    pagename
        The page's document name.
    templatename
        The template (unused).
    context
        The template context: ``korea_notes_switch`` (see :func:`language_switch`), and for a twin an
        ``<link rel="alternate" hreflang>`` added to ``metatags``.
    doctree
        The page's doctree (unused).

    """
    switch = language_switch(pagename, lang=app.config.language or "en", other=app.config.korea_notes_switch or {})
    context["korea_notes_switch"] = switch
    if switch and switch["twin"]:
        context["metatags"] = context.get("metatags", "") + (
            f'\n<link rel="alternate" hreflang="{html.escape(switch["lang"])}" href="{html.escape(switch["href"])}">')


def setup(app: Any) -> dict[str, Any]:
    """Register the extension with Sphinx.

    Parameters
    ----------
    app
        The Sphinx application.

    Returns
    -------
    dict
        Extension metadata (parallel-safe).

    """
    app.add_config_value("korea_notes_launch", {}, "html")
    app.add_config_value("korea_notes_switch", {}, "html")
    # After sphinx-book-theme has prepared its header buttons (priority 500) and added its own (501).
    app.connect("html-page-context", add_launch_buttons, priority=600)
    app.connect("html-page-context", add_language_switch, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
