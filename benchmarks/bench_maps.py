"""Measure the maps: HTML size with Leaflet inline and from the CDN, notebook output size, static picture.

For each map function: the standalone HTML (what ``save_map`` writes) with Leaflet and jQuery inline (the
default) and loading them from the CDN, the notebook output (``_repr_html_``: the iframe's escaped
``srcdoc`` plus the base64 static picture), the picture's PNG size, and build / render / picture times.
Prints only; never asserts (times depend on the machine). Run: python benchmarks/bench_maps.py
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import korea_notes as kn
from korea_notes.maps._display import picture_png

ROOT = Path(__file__).resolve().parent.parent
RUNS = 3
BUILDERS = {
    "armistice_map": lambda offline: kn.maps.armistice_map(offline=offline),
    "places_map": lambda offline: kn.maps.places_map(offline=offline),
    "memorials_map": lambda offline: kn.maps.memorials_map(offline=offline),
    "phase_map(war)": lambda offline: kn.maps.phase_map("war", offline=offline),
}


def _median_seconds(work) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _kib(n: int) -> str:
    return f"{n / 1024:7.1f} KiB"


def main() -> None:
    import matplotlib

    matplotlib.use("Agg")
    kn.maps.armistice_map().get_root().render()  # warm caches (data loading, templates)
    picture_png(kn.maps.armistice_map().korea_notes_layers)  # and matplotlib
    print(f"default: {'inline' if kn.maps.inline_assets() else 'CDN'} "
          f"({kn.maps.INLINE_ENV}={kn.maps.inline_assets()!s}); median of {RUNS} runs")
    for name, build in BUILDERS.items():
        inline = len(build(True).get_root().render().encode("utf-8"))
        cdn = len(build(False).get_root().render().encode("utf-8"))
        m = build(True)
        output = len(m._repr_html_().encode("utf-8"))
        png = len(m.static_png())
        build_s = _median_seconds(lambda b=build: b(True))
        render_s = _median_seconds(lambda b=build: b(True).get_root().render())
        picture_s = _median_seconds(lambda b=build: picture_png(b(True).korea_notes_layers)) - build_s
        print(f"{name:15s} HTML inline {_kib(inline)}, CDN {_kib(cdn)} (inline costs {_kib(inline - cdn)}); "
              f"notebook output {_kib(output)}, of it picture {_kib(png)} PNG; "
              f"build {build_s * 1000:5.0f} ms, build+render {render_s * 1000:5.0f} ms, "
              f"picture {picture_s * 1000:5.0f} ms")
    total = 0
    for path in sorted((ROOT / "data" / "geo").glob("*.geojson")):
        size = path.stat().st_size
        total += size
        print(f"{path.relative_to(ROOT)}: {_kib(size)}")
    print(f"data/geo total: {_kib(total)}")


if __name__ == "__main__":
    main()
