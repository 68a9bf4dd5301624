"""The student release: a tree with no solutions in it, committed to a branch without touching the work tree,
and runnable from a fresh environment offline."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import sysconfig
import tarfile
from pathlib import Path

import nbformat
import pytest
from notebook_support import EXPECTED, NOTEBOOKS

from korea_notes import KoreaNotesError
from korea_notes.cli import main
from korea_notes.project import REPO_URL, STUDENT_BRANCH
from korea_notes.teaching.hub_links import binder_link
from korea_notes.teaching.release import (
    MARKER,
    commit_to_branch,
    find_answer_examples,
    find_solution_text,
    release_student,
    solution_snippets,
)

ROOT = Path(__file__).resolve().parent.parent
GIT_ID = {"GIT_AUTHOR_NAME": "Release Test", "GIT_AUTHOR_EMAIL": "release@example.invalid",
          "GIT_COMMITTER_NAME": "Release Test", "GIT_COMMITTER_EMAIL": "release@example.invalid"}


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One student release of this checkout, shared by the tests that only read it."""
    return release_student(tmp_path_factory.mktemp("release") / "student-release", source=ROOT)


def _solution_lines() -> list[str]:
    """Solution text of the instructor notebooks, collected here independently of release.py."""
    lines = []
    for path in sorted(NOTEBOOKS.glob("*.ipynb")) + sorted(NOTEBOOKS.glob("ko/*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if "solution" in cell.metadata.get("tags", []):
                lines += cell.source.splitlines()
            inside = False
            for line in cell.source.splitlines():
                marker = line.strip().lstrip("#").strip().upper()
                if marker in ("BEGIN SOLUTION", "END SOLUTION"):
                    inside = marker == "BEGIN SOLUTION"
                elif inside:
                    lines.append(line)
    return [" ".join(line.split()) for line in lines if len(line.strip()) >= 24]


def test_release_layout(release: Path) -> None:
    assert sorted(p.name for p in release.iterdir()) == sorted(
        [MARKER, "CITATION.cff", "LICENSE", "README.md", "data", "environment.yml", "korea_notes", "notebooks",
         "postBuild", "pyproject.toml"])
    assert [p.stem for p in sorted((release / "notebooks").glob("*.ipynb"))] == EXPECTED
    assert [p.stem for p in sorted((release / "notebooks" / "ko").glob("*.ipynb"))] == EXPECTED, "the Korean edition"
    assert not list((release / "notebooks").rglob(".korea-notes-student.json")), "no rebuild records for students"
    assert (release / "data" / "datapackage.json").is_file() and (release / "data" / "LICENSE").is_file()
    assert not list((release / "korea_notes").rglob("*.ipynb")) and not list(release.rglob("__pycache__"))
    post = (release / "postBuild").read_text(encoding="utf-8")
    assert os.access(release / "postBuild", os.X_OK) and "pip install" in post
    assert "korea-notes student" not in post, "the release is already the student edition"
    readme = (release / "README.md").read_text(encoding="utf-8")
    start = binder_link(repo=REPO_URL, branch=STUDENT_BRANCH, path="notebooks/00_start_here.ipynb")
    assert start in readme and "pip install ." in readme
    korean = binder_link(repo=REPO_URL, branch=STUDENT_BRANCH, path="notebooks/ko/00_start_here.ipynb")
    assert "## 한국어판" in readme and korean in readme
    assert "pip install korea-notes" not in readme, "the package is on no index"


def test_release_holds_no_solution_text(release: Path) -> None:
    lines = _solution_lines()
    assert len(lines) > 50, "the instructor notebooks have solutions to look for"
    student_text = "\n".join(" ".join(c.source.split()) for p in sorted((release / "notebooks").rglob("*.ipynb"))
                             for c in nbformat.read(p, as_version=4).cells)
    shared = {" ".join(c.source.split()) for p in [*NOTEBOOKS.glob("*.ipynb"), *NOTEBOOKS.glob("ko/*.ipynb")]
              for c in nbformat.read(p, as_version=4).cells if "solution" not in c.metadata.get("tags", [])
              and "SOLUTION" not in c.source}
    leaked = [line for line in lines if line in student_text and not any(line in s for s in shared)]
    assert not leaked, leaked[:5]
    assert find_solution_text(release, NOTEBOOKS) == []
    assert find_answer_examples(release) == []


def test_planted_solutions_are_found(release: Path, tmp_path: Path) -> None:
    """The release's own search finds a solution line and a docstring example that gives a real answer."""
    snippet = solution_snippets(NOTEBOOKS)[0]
    (tmp_path / "notes.md").write_text(f"A note.\n{snippet}\n", encoding="utf-8")
    (tmp_path / "module.py").write_text('"""Doc.\n\n>>> check("09.4", "Mount Kumgang")\n"""\n', encoding="utf-8")
    assert find_solution_text(tmp_path, NOTEBOOKS) == [f"notes.md: {snippet}"]
    assert find_answer_examples(tmp_path) == ["module.py, line 3: an example gives the right answer to 09.4"]


def test_release_readme_links_follow_the_repository(tmp_path: Path) -> None:
    out = release_student(tmp_path / "fork-release", source=ROOT, repo="https://github.com/you/fork", branch="spring")
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "https://mybinder.org/v2/gh/you/fork/spring?urlpath=lab/tree/notebooks/00_start_here.ipynb" in readme
    assert REPO_URL not in readme


def test_release_refuses_a_folder_that_is_not_a_release(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(KoreaNotesError, match="not an earlier student release"):
        release_student(tmp_path, source=ROOT)
    with pytest.raises(KoreaNotesError, match="refusing"):
        release_student(ROOT / "notebooks" / "out", source=ROOT)
    assert (tmp_path / "mine.txt").read_text(encoding="utf-8") == "keep me"


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


def _state(repo: Path) -> tuple[str, str, str]:
    index = hashlib.sha256((repo / ".git" / "index").read_bytes()).hexdigest()
    return _git(repo, "status", "--porcelain", "--untracked-files=all"), index, _git(repo, "rev-parse", "HEAD")


@pytest.mark.slow
def test_branch_in_a_clone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(clone)], check=True)
    for key, value in GIT_ID.items():
        monkeypatch.setenv(key, value)
    (clone / "scratch.txt").write_text("an untracked file stays untracked\n", encoding="utf-8")
    before = _state(clone)
    monkeypatch.chdir(clone)
    assert main(["release-student", "build/student-release", "--branch"]) == 0
    assert "git push origin student" in capsys.readouterr().out
    assert _state(clone) == before, "the working tree, the index and HEAD are untouched"
    first = _git(clone, "rev-parse", STUDENT_BRANCH).strip()
    files = _git(clone, "ls-tree", "-r", "--name-only", STUDENT_BRANCH).split()
    assert "notebooks/00_start_here.ipynb" in files and "data/datapackage.json" in files and "postBuild" in files
    assert not any(f.startswith(("tests/", "docs/", "answer_key/", "student/", "build/")) for f in files)
    assert "100755 blob" in _git(clone, "ls-tree", STUDENT_BRANCH, "postBuild")
    # What the branch holds, extracted, has no solution text of the clone's instructor notebooks.
    archive = tmp_path / "branch.tar"
    _git(clone, "archive", "-o", str(archive), STUDENT_BRANCH)
    with tarfile.open(archive) as tar:
        tar.extractall(tmp_path / "branch", filter="data")
    assert find_solution_text(tmp_path / "branch", clone / "notebooks") == []
    assert find_answer_examples(tmp_path / "branch") == []
    # The same tree again: no new commit. A changed tree: a new commit on top of the previous one.
    assert commit_to_branch(clone / "build" / "student-release", STUDENT_BRANCH, repo=clone) == first
    (clone / "build" / "student-release" / "extra.txt").write_text("changed\n", encoding="utf-8")
    second = commit_to_branch(clone / "build" / "student-release", STUDENT_BRANCH, repo=clone)
    assert second != first and _git(clone, "rev-parse", f"{second}^").strip() == first
    assert _state(clone) == before
    with pytest.raises(KoreaNotesError, match="git check-ref-format failed"):
        commit_to_branch(clone / "build" / "student-release", "no spaces allowed", repo=clone)


_RUN_ALL = """
import json, sys
from pathlib import Path
import nbformat
import korea_notes
from korea_notes.runner import run_notebook
probe = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
    "import sys, korea_notes; print(sys.executable); print(korea_notes.__file__)")])
out = run_notebook(probe, cwd=sys.argv[1], backend="agg", network=False, quiet=True).notebook
report = {"package": korea_notes.__file__, "kernel": out.cells[0].outputs[0]["text"].split(), "failed": {}}
for path in sorted(Path(sys.argv[1]).glob("*.ipynb")):
    try:
        run_notebook(path, backend="agg", network=False, quiet=True, timeout=300)
    except Exception as error:
        report["failed"][path.name] = str(error)
print(json.dumps(report))
"""


@pytest.mark.slow
@pytest.mark.xdist_group("release")
def test_release_runs_offline_from_a_fresh_environment(release: Path, tmp_path: Path) -> None:
    """A new venv gets the release installed from its own tree (no index, no build isolation); the
    dependencies come from this venv's site-packages through a .pth line (offline and quick). Every
    notebook of the release then runs top to bottom with the network refused."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "_outer_site_packages.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PYTHONPATH"] = str(ROOT / "korea_notes" / "_nonet")  # the network guard, as conftest sets it
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "--no-index",
                    str(release)], check=True, env=env, cwd=tmp_path)
    result = subprocess.run([str(python), "-c", _RUN_ALL, str(release / "notebooks")], capture_output=True,
                            text=True, env=env, cwd=tmp_path, timeout=1500)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["package"].startswith(str(site)), report["package"]
    assert report["kernel"][0].startswith(str(venv)) and report["kernel"][1].startswith(str(site)), report["kernel"]
    assert report["failed"] == {}
