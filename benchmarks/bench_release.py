"""Building the student release: seconds per build, and the tree's size. Prints; never asserts.

The build writes the student edition, copies data/ and the package, and searches the whole tree for
solution text before moving it into place (korea_notes.teaching.release.release_student).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from korea_notes.teaching.release import release_student


def main(repeats: int = 3) -> None:
    seconds = []
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "student-release"
        for _ in range(repeats):
            start = time.perf_counter()
            release_student(out)
            seconds.append(time.perf_counter() - start)
        files = [p for p in out.rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files)
        notebooks = len(list((out / "notebooks").glob("*.ipynb")))
    print(f"student release: {statistics.median(seconds):.2f} s (median of {repeats}; "
          f"min {min(seconds):.2f}, max {max(seconds):.2f})")
    print(f"tree: {len(files)} files, {notebooks} notebooks, {size / 1024 / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
