"""Measure the armistice map: HTML size online and offline, build time, and the geo files' sizes.

Prints only; never asserts (times depend on the machine). Run: python benchmarks/bench_maps.py
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import korea_notes as kn

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5


def _median_seconds(build) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        build()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    kn.maps.armistice_map().get_root().render()  # warm caches (data loading, templates)
    for label, offline in (("online", False), ("offline", True)):
        html = kn.maps.armistice_map(offline=offline).get_root().render()
        build = _median_seconds(lambda o=offline: kn.maps.armistice_map(offline=o))
        render = _median_seconds(lambda o=offline: kn.maps.armistice_map(offline=o).get_root().render())
        print(f"armistice_map {label:7s}: {len(html.encode('utf-8')) / 1024:8.1f} KiB HTML, "
              f"build {build * 1000:6.0f} ms, build+render {render * 1000:6.0f} ms (median of {RUNS})")
    total = 0
    for path in sorted((ROOT / "data" / "geo").glob("*.geojson")):
        size = path.stat().st_size
        total += size
        print(f"{path.relative_to(ROOT)}: {size / 1024:6.1f} KiB")
    print(f"data/geo total: {total / 1024:6.1f} KiB")


if __name__ == "__main__":
    main()
