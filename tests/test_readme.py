"""The README's commands and links point at things that exist."""

from __future__ import annotations

import re
from pathlib import Path

from notebook_support import notebook_paths

from korea_notes.teaching.hub_links import binder_link

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_two_commands_are_make_targets() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("lab", "test"):
        assert f"make {target}" in README
        assert re.search(rf"^{target}:", makefile, re.MULTILINE)
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_binder_link_opens_an_existing_notebook() -> None:
    links = re.findall(r"\((https://mybinder\.org/v2/[^)\s]+)\)", README)
    assert links
    names = {p.name for p in notebook_paths()}
    for link in links:
        assert link.startswith(binder_link() + "?urlpath=lab/tree/"), link
        folder, name = link.split("urlpath=lab/tree/")[1].split("/")
        assert folder in ("notebooks", "student") and name in names, link


def test_every_notebook_has_launch_links_and_a_file_link() -> None:
    for path in notebook_paths():
        rel = f"notebooks/{path.name}"
        assert binder_link(path=rel) in README, path.name
        assert binder_link(path=f"student/{path.name}") in README, path.name
        assert f"]({rel})" in README, path.name


def test_badge_opens_start_here() -> None:
    start = binder_link(path="notebooks/00_start_here.ipynb")
    assert f"[![Binder](https://mybinder.org/badge_logo.svg)]({start})" in README
