"""The handout build, English and Korean: 13 A4 PDFs and the answer sheet per language, from cold (empty cache:
the student edition and the instructor notebooks executed) and from cache (printing only). Prints; never
asserts."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from korea_notes.publishing.handouts import build_handouts

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-handouts-"))
    try:
        for label in ("cold", "from cache"):
            for lang in ("en", "ko"):
                start = time.perf_counter()
                built = build_handouts(work / "pdf" / lang, src_dir=ROOT / "notebooks", cache_dir=work / "cache",
                                       lang=lang)
                seconds = time.perf_counter() - start
                pdfs = [*built.pdfs, built.answer_sheet]
                size = sum(p.stat().st_size for p in pdfs)
                print(f"{'handouts ' + lang + ', ' + label + f' ({built.executed} student notebooks executed)':52s}"
                      f"{seconds:8.1f} s   {len(pdfs)} PDFs, {size / 1e6:.1f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
