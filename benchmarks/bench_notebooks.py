"""Execution time of every notebook on a fresh kernel, and of the whole collection. Prints; never asserts.

Each notebook runs in its own kernel, one after another, with the inline backend a student gets in
JupyterLab (figures rendered to PNG). The sum is the time for the whole collection on one core; the test
suite spreads the same work over the machine's cores with pytest-xdist.
"""

from __future__ import annotations

import json
import os
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
    paths = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    only = set(sys.argv[1:])
    total = 0.0
    print(f"{'notebook':36s}{'code cells':>11s}{'seconds':>9s}{'outputs KiB':>13s}")
    for path in paths:
        if only and path.stem[:2] not in only:
            continue
        seconds, outputs, cells = run(path)
        total += seconds
        print(f"{path.stem:36s}{cells:>11d}{seconds:>9.1f}{outputs / 1024:>13.0f}", flush=True)
    print(f"{'whole collection (sequential)':36s}{'':>11s}{total:>9.1f}")


if __name__ == "__main__":
    main()
