"""Import time of korea_notes against pandas, and time to load every dataset. Prints; never asserts."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time


def _import_seconds(module: str, runs: int = 5) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    samples = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                    check=True).stdout) for _ in range(runs)]
    return statistics.median(samples)


def main() -> None:
    pandas_s = _import_seconds("pandas")
    package_s = _import_seconds("korea_notes")
    print(f"import pandas:        {pandas_s * 1000:7.1f} ms (median of 5 fresh interpreters)")
    print(f"import korea_notes:   {package_s * 1000:7.1f} ms (includes pandas; {package_s / pandas_s:.2f}x pandas)")

    import korea_notes as kn
    from korea_notes import datasets

    print("\ndataset               rows/features   cold load ms   cached load ms")
    total = 0.0
    for name in kn.list_datasets():
        datasets._CACHE.clear()
        loader = kn.load_dataset if name in kn.list_datasets("table") else kn.load_geojson
        start = time.perf_counter()
        result = loader(name)
        cold = time.perf_counter() - start
        start = time.perf_counter()
        loader(name)
        warm = time.perf_counter() - start
        total += cold
        size = len(result) if name in kn.list_datasets("table") else len(result["features"])
        print(f"{name:22s}{size:>13d}{cold * 1000:>15.1f}{warm * 1000:>17.2f}")
    datasets._CACHE.clear()
    start = time.perf_counter()
    kn.validate()
    print(f"\nvalidate() all datasets from cold: {(time.perf_counter() - start) * 1000:.1f} ms "
          f"(sum of single cold loads {total * 1000:.1f} ms; referenced tables load again each time)")


if __name__ == "__main__":
    main()
