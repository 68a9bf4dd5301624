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

import re
from typing import Any

_THEBE_BLOCK = re.compile(r'<script type="text/x-thebe-config">.*?</script>\s*(?:<script>kernelName = [^<]*</script>)?',
                          re.DOTALL)
LABELS = {"binder": ("Binder", "_static/images/logo_binder.svg"),
          "jupyterhub": ("JupyterHub", "_static/images/logo_jupyterhub.svg")}


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
    links = app.config.korea_notes_launch or {}
    buttons = []
    for kind, (text, icon) in LABELS.items():
        url = (links.get(kind) or {}).get(pagename)
        if url:
            buttons.append({"type": "link", "text": text, "tooltip": f"Launch the student notebook on {text}",
                            "icon": icon, "url": url, "label": f"launch-{kind}-button"})
    if buttons and "header_buttons" in context:
        context["header_buttons"].append({"type": "group", "tooltip": "Launch the notebook",
                                          "icon": "fas fa-rocket", "buttons": buttons, "label": "launch-buttons"})


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
    # After sphinx-book-theme has prepared its header buttons (priority 500) and added its own (501).
    app.connect("html-page-context", add_launch_buttons, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
