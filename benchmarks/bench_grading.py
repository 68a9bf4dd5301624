"""Autograding cost and the size of the grading extra. Prints; never asserts.

1. Lays out notebook 00 as an nbgrader course, writes N submissions (default 40) filled in with the
   instructor's answers, and times ``korea-notes grade`` (checks, one ``nbgrader autograde`` run, export):
   seconds per submission, against executing the same filled-in notebook plainly through the one runner.
2. Measures what ``pip install ".[grading]"`` adds to an environment that already has the runtime: the files of
   nbgrader's distribution and of every distribution it pulls in that the runtime does not.

Usage: python benchmarks/bench_grading.py [N]   (run_all.py runs it with N = 40; it needs the grading extra)
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

import nbformat

from korea_notes.runner import run_notebook
from korea_notes.teaching.grading import annotate, course, submissions

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = "00_start_here"
RUNTIME = ["jupyterlab", "pandas", "matplotlib", "folium", "xstatic-leaflet", "xstatic-jquery"]


def _name(requirement: str) -> str:
    return re.split(r"[\s;<>=!~\[(]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _closure(names: list[str]) -> set[str]:
    """Distributions installed for ``names``, following base requirements (markers evaluated, no extras)."""
    from packaging.requirements import Requirement

    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen.add(name)
        for text in dist.requires or []:
            req = Requirement(text)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(_name(text))
    return seen


def _size(name: str) -> int:
    dist = metadata.distribution(name)
    total = 0
    for file in dist.files or []:
        path = Path(dist.locate_file(file))
        if path.is_file():
            total += path.stat().st_size
    return total


def extra_size() -> None:
    runtime = _closure(RUNTIME)
    grading = _closure(["nbgrader"])
    added = sorted(grading - runtime)
    sizes = {name: _size(name) for name in added}
    print(f"grading extra: {len(added)} distributions beyond the runtime's {len(runtime)}, "
          f"{sum(sizes.values()) / 2**20:.1f} MiB installed")
    for name, size in sorted(sizes.items(), key=lambda item: -item[1]):
        print(f"  {name:28s}{size / 2**20:8.1f} MiB")


def autograde(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "course"
        instructor = ROOT / "notebooks" / f"{ASSIGNMENT}.ipynb"
        accepted = course.recorded_answers(instructor)
        course.make_course(root, ROOT / "notebooks", only=[ASSIGNMENT[:2]])
        submissions.run_nbgrader(["generate_assignment", ASSIGNMENT, "--force"], root)
        release = nbformat.read(root / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
        for cell in release.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
            qid = grade_id[2:].replace("_", ".") if re.fullmatch(r"ex\d+_\w+", grade_id) else None
            if qid in accepted and cell.metadata["nbgrader"].get("solution"):
                cell.source = cell.source.replace(annotate.ANSWER_STUB, f"answer = {accepted[qid]!r}")
        for number in range(count):
            target = root / "submitted" / f"student{number:02d}" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
            target.parent.mkdir(parents=True)
            nbformat.write(release, target)
        plain = []
        for _ in range(3):
            folder = root / "submitted" / "student00" / ASSIGNMENT  # the notebook alone, as autograde runs it
            plain.append(run_notebook(release, cwd=folder, backend="agg", network=False, quiet=True).seconds)
        start = time.perf_counter()
        results = submissions.grade_assignment(root, ASSIGNMENT)
        seconds = time.perf_counter() - start
        graded = sum(r.graded for r in results)
        per = seconds / count
        base = statistics.median(plain)
        print(f"plain run of the filled-in notebook (runner, median of 3): {base:.2f} s")
        print(f"korea-notes grade, {count} submissions ({graded} graded): {seconds:.1f} s, "
              f"{per:.2f} s per submission = {per / base:.2f} x the plain run")
        print(f"scores: {sorted({r.score for r in results})} of {results[0].max_score:g}")


def main() -> None:
    import importlib.util

    if importlib.util.find_spec("nbgrader") is None:
        print('nbgrader is not installed (pip install -e ".[grading]"); grading benchmark skipped')
        return
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    extra_size()
    autograde(count)


if __name__ == "__main__":
    main()
