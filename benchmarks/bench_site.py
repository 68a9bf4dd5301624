"""The website build, English and Korean editions: from cold (empty cache: every notebook executed, full Jupyter
Book builds) and from cache (nothing changed: no notebook executed, Sphinx rebuilds nothing), each edition's own
seconds beside the total, plus page and site sizes. Prints; never asserts.

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
        builds = {}
        for label in ("cold", "from cache"):
            start = time.perf_counter()
            built = build_site(out, src_dir=ROOT / "notebooks", cache_dir=cache)
            builds[label] = built
            total = time.perf_counter() - start
            print(f"{'site build, ' + label + ' (' + str(built.executed) + ' notebooks executed)':52s}{total:8.1f} s")
            for lang, seconds in built.seconds_by_lang.items():
                print(f"{'  edition ' + lang:52s}{seconds:8.1f} s")
        cold = builds["cold"]
        site = out.resolve()
        for lang, prefix in (("en", None), ("ko", "ko")):
            mine = [p for p in cold.pages if (p.relative_to(site).parts[0] == "ko") == (prefix == "ko")]
            pages = sorted((page_weight(p, site), p.relative_to(site)) for p in mine)
            print(f"{'pages (' + lang + ')':52s}{len(pages):8d}")
            for weight, rel in pages[-2:][::-1]:
                print(f"{'  heaviest: ' + str(rel):52s}{weight / 1e6:8.2f} MB (HTML + its figures, no tiles)")
        korean = sum(p.stat().st_size for p in (out / "ko").rglob("*") if p.is_file())
        total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        print(f"{'whole site (both editions)':52s}{total / 1e6:8.2f} MB")
        print(f"{'  of which the Korean edition (ko/)':52s}{korean / 1e6:8.2f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
