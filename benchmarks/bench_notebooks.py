"""Execution time of every notebook on a fresh kernel, English beside Korean. Prints; never asserts.

Each notebook runs in its own kernel, one after another, with the inline backend a student gets in
JupyterLab (figures rendered to PNG). Each English notebook and its Korean twin (``notebooks/ko``) run
back to back, ``--repeat N`` times (default 1), so both see the same machine load; the ratio column is the
Korean time over the English (aim: at most 1.1). The sums are the time for each edition on one core; the
test suite spreads the same work over the machine's cores with pytest-xdist.

    python benchmarks/bench_notebooks.py [--repeat N] [05 06 …]
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

from korea_notes.runner import run_notebook

ROOT = Path(__file__).resolve().parent.parent


def run(path: Path) -> tuple[float, int, int]:
    """Execute one notebook; return (seconds, size of its outputs in bytes, number of code cells)."""
    result = run_notebook(path, backend="inline", network=False, quiet=True)
    nb, seconds = result.notebook, result.seconds
    outputs = sum(len(json.dumps(c.get("outputs", []))) for c in nb.cells if c.cell_type == "code")
    return seconds, outputs, sum(c.cell_type == "code" for c in nb.cells)


def main() -> None:
    os.environ["KOREA_NOTES_CHECK_LOG"] = str(Path(tempfile.mkdtemp()) / "checks.jsonl")
    args = sys.argv[1:]
    repeat = 1
    if "--repeat" in args:
        at = args.index("--repeat")
        repeat = int(args[at + 1])
        del args[at:at + 2]
    only = set(args)
    paths = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    totals = {"en": 0.0, "ko": 0.0}
    print(f"{'notebook':34s}{'cells':>6s}{'en s':>7s}{'ko s':>7s}{'ko/en':>7s}{'en KiB':>8s}{'ko KiB':>8s}")
    for path in paths:
        if only and path.stem[:2] not in only:
            continue
        korean = path.parent / "ko" / path.name
        en_runs, ko_runs = [], []
        for _ in range(repeat):
            en_runs.append(run(path))
            if korean.is_file():
                ko_runs.append(run(korean))
        en = statistics.median(r[0] for r in en_runs)
        totals["en"] += en
        if not ko_runs:
            print(f"{path.stem:34s}{en_runs[0][2]:>6d}{en:>7.1f}{'-':>7s}{'-':>7s}{en_runs[0][1] / 1024:>8.0f}")
            continue
        ko = statistics.median(r[0] for r in ko_runs)
        totals["ko"] += ko
        print(f"{path.stem:34s}{en_runs[0][2]:>6d}{en:>7.1f}{ko:>7.1f}{ko / en:>7.2f}"
              f"{en_runs[0][1] / 1024:>8.0f}{ko_runs[0][1] / 1024:>8.0f}", flush=True)
    ratio = totals["ko"] / totals["en"] if totals["en"] and totals["ko"] else float("nan")
    print(f"{'whole collection (sequential)':34s}{'':>6s}{totals['en']:>7.1f}{totals['ko']:>7.1f}{ratio:>7.2f}")


if __name__ == "__main__":
    main()
