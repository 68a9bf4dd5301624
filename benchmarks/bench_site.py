"""The website build: from cold (empty cache: every notebook executed, full Jupyter Book build) and from cache
(nothing changed: no notebook executed, Sphinx rebuilds nothing), plus page and site sizes. Prints; never asserts.

Page weight = the HTML plus the images it references from the site (figures in _images/), not the theme's
shared _static files and not map tiles (fetched from the tile server by the reader's browser).
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from pathlib import Path

from korea_notes.publishing.site import build_site

ROOT = Path(__file__).resolve().parent.parent


def page_weight(page: Path, site: Path) -> int:
    size = page.stat().st_size
    for src in set(re.findall(r'<img[^>]+src="([^"]+)"', page.read_text(encoding="utf-8"))):
        if src.startswith(("data:", "http:", "https:")):
            continue  # inline pictures are counted in the HTML already; remote ones are not the site's
        target = (page.parent / src).resolve()
        if target.is_file() and "_static" not in target.parts and site in target.parents:
            size += target.stat().st_size
    return size


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-site-"))
    try:
        cache, out = work / "cache", work / "site"
        start = time.perf_counter()
        cold = build_site(out, src_dir=ROOT / "notebooks", cache_dir=cache)
        cold_s = time.perf_counter() - start
        start = time.perf_counter()
        warm = build_site(out, src_dir=ROOT / "notebooks", cache_dir=cache)
        warm_s = time.perf_counter() - start
        print(f"{'site build, cold (' + str(cold.executed) + ' notebooks executed)':52s}{cold_s:8.1f} s")
        print(f"{'site build, from cache (' + str(warm.executed) + ' executed)':52s}{warm_s:8.1f} s")
        pages = sorted((page_weight(p, out.resolve()), p.relative_to(out)) for p in cold.pages)
        total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        print(f"{'pages':52s}{len(pages):8d}")
        for weight, rel in pages[-3:][::-1]:
            print(f"{'  heaviest: ' + str(rel):52s}{weight / 1e6:8.2f} MB (HTML + its figures, no tiles)")
        print(f"{'whole site':52s}{total / 1e6:8.2f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
