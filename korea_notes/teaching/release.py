"""The student release: a self-contained tree with no solutions in it, and a git branch that holds it.

``release_student(out)`` writes::

    OUT/
      README.md          for students: how to launch, open and check (written here)
      notebooks/         the student edition (solutions replaced by prompts, outputs cleared)
      data/              the datasets, data/datapackage.json and data/LICENSE
      korea_notes/       the package (code and the question files, which hold salted digests only)
      pyproject.toml  environment.yml  postBuild  LICENSE  CITATION.cff

``postBuild`` is the student variant: it installs the package and builds nothing else (the notebooks are
already the student edition). Before the tree replaces ``OUT``, it is searched for solution text (the lines
of every ``BEGIN SOLUTION`` block and the sentences of every ``solution`` cell of the instructor notebooks)
and for docstring examples that pass a right answer to a self-check; either refuses the release.

``commit_to_branch(out, "student")`` commits the tree to a branch of the repository without touching its
working tree or index: the files go to the object store (``git hash-object -w``), a temporary index file
(``GIT_INDEX_FILE``) builds the tree (``git update-index``, ``git write-tree``), ``git commit-tree`` makes a
commit whose parent is the branch's previous tip, and ``git update-ref`` moves the branch. Binder and
nbgitpuller links for the student edition point at that branch (see :mod:`korea_notes.teaching.hub_links`).
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import nbformat

from ..errors import KoreaNotesError
from ..project import REPO_URL, STUDENT_BRANCH
from .course import read_course_metadata
from .student import SOLUTION_TAG, WRITTEN_MANIFEST, make_student_editions
from .translation import KOREAN_DIR

PathLike = str | os.PathLike[str]
CHECKOUT = Path(__file__).resolve().parents[2]
"""The source checkout this package was imported from (holds notebooks/, data/, pyproject.toml)."""
MARKER = ".korea-notes-release"
"""A file in every release tree: what it was built from. A folder without it is never replaced."""
TOP_FILES = ("pyproject.toml", "environment.yml", "LICENSE", "CITATION.cff")
_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "*.ipynb", ".DS_Store")
_BEGIN = re.compile(r"^\s*#*\s*BEGIN\s+SOLUTION\s*$", re.IGNORECASE)
_END = re.compile(r"^\s*#*\s*END\s+SOLUTION\s*$", re.IGNORECASE)
_MIN_SNIPPET = 16
_CALL_NAMES = {"check": 1, "make_spec": 2, "register": 2}  # function -> position of the answer argument

POSTBUILD = """#!/usr/bin/env bash
# Binder (repo2docker) runs this after creating the environment from environment.yml.
# Student release: install the package; the notebooks are already the student edition.
set -euo pipefail
python -m pip install --no-deps --no-build-isolation -e . || python -m pip install --no-deps -e .
"""


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def source_root(source: PathLike | None = None) -> Path:
    """Return the checkout a release is built from.

    Parameters
    ----------
    source
        A folder holding ``notebooks/``, ``data/``, ``korea_notes/`` and ``pyproject.toml``; None means the
        current folder if it is such a checkout, else the checkout this package was imported from.

    Returns
    -------
    pathlib.Path
        The folder, resolved.

    Raises
    ------
    KoreaNotesError
        If the folder is not a checkout of the collection.

    """
    def is_checkout(folder: Path) -> bool:
        return all((folder / name).exists() for name in ("notebooks", "data", "korea_notes", "pyproject.toml"))

    if source is None:
        folder = Path.cwd() if is_checkout(Path.cwd()) else CHECKOUT
    else:
        folder = Path(source)
    folder = folder.resolve()
    if not is_checkout(folder):
        raise KoreaNotesError(f"{folder} is not a checkout of the collection (no notebooks/, data/, korea_notes/ "
                              "or pyproject.toml)", hint="run it from the repository's top folder")
    return folder


def solution_snippets(notebooks_dir: PathLike) -> list[str]:
    """Return the solution text of the instructor notebooks, as whitespace-squashed snippets.

    Each line of a ``BEGIN SOLUTION`` block and each line of a cell tagged ``solution`` counts, if it has at
    least 16 characters and does not also appear outside the solutions (a line of glue code the narrative
    shares is not a solution).

    Parameters
    ----------
    notebooks_dir
        The instructor notebooks; their Korean edition (``ko/``) counts too.

    Returns
    -------
    list of str
        The snippets, sorted.

    """
    inside: set[str] = set()
    outside: set[str] = set()
    folder = Path(notebooks_dir)
    for path in sorted(folder.glob("*.ipynb")) + sorted((folder / KOREAN_DIR).glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            tagged = SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])
            in_block = False
            for line in cell.source.splitlines():
                if _BEGIN.match(line):
                    in_block = True
                    continue
                if _END.match(line):
                    in_block = False
                    continue
                text = _squash(line.lstrip("#>-* "))
                if len(text) >= _MIN_SNIPPET:
                    (inside if tagged or in_block else outside).add(text)
    return sorted(inside - outside)


def _readable_text(path: Path) -> str | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return None
    if path.suffix == ".ipynb":
        try:
            nb = nbformat.reads(text, as_version=4)
        except Exception:  # noqa: BLE001  (an unreadable notebook is searched as plain text)
            return _squash(text)
        parts = [cell.source for cell in nb.cells]
        parts += [json.dumps(cell.get("outputs", []), ensure_ascii=False) for cell in nb.cells]
        return _squash("\n".join(parts))
    return _squash(text)


def _files(tree: Path) -> list[Path]:
    return sorted(p for p in tree.rglob("*") if p.is_file() and ".git" not in p.relative_to(tree).parts)


def find_solution_text(tree: PathLike, notebooks_dir: PathLike) -> list[str]:
    """Return where ``tree`` holds solution text of the instructor notebooks in ``notebooks_dir``.

    Parameters
    ----------
    tree
        A folder (a release tree, a checkout of the student branch).
    notebooks_dir
        The instructor notebooks.

    Returns
    -------
    list of str
        ``"path: snippet"`` for each finding; empty when the tree is clean.

    """
    tree = Path(tree)
    snippets = solution_snippets(notebooks_dir)
    found = []
    for path in _files(tree):
        text = _readable_text(path)
        if text is None:
            continue
        found += [f"{path.relative_to(tree)}: {s}" for s in snippets if s in text]
    return found


def _literal(node: ast.AST) -> tuple[bool, Any]:
    try:
        return True, ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False, None


def _answer_calls(source: str) -> list[tuple[str, Any, int]]:
    """``(question id, literal answer, line)`` for each call of check/make_spec/register in code or doctests."""
    texts = [(source, 0)]
    for block in re.finditer(r"(?:^[ \t]*(?:>>>|\.\.\.) .*\n?)+", source, re.MULTILINE):
        code = "\n".join(line.strip()[4:] for line in block[0].splitlines())
        texts.append((code, source.count("\n", 0, block.start())))
    calls = []
    for text, offset in texts:
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            position = _CALL_NAMES.get(name)
            if position is None or len(node.args) <= position:
                continue
            ok_id, qid = _literal(node.args[0])
            ok_answer, answer = _literal(node.args[position])
            uses_own_dir = any(k.arg == "questions_dir" for k in node.keywords)
            if ok_id and ok_answer and isinstance(qid, str) and not uses_own_dir:
                calls.append((qid, answer, node.lineno + offset))
    return calls


def find_answer_examples(tree: PathLike) -> list[str]:
    """Return code or docstring examples in ``tree`` that pass a right answer to a real question.

    Every ``check("NN.k", <literal>)``, ``make_spec("NN.k", kind, <literal>)`` or ``register(...)`` call (in
    code or in a ``>>>`` example) without its own ``questions_dir`` is checked against the package's questions.

    Parameters
    ----------
    tree
        A folder of Python files and notebooks.

    Returns
    -------
    list of str
        ``"path, line N: check('NN.k', ...) gives the right answer"`` per finding.

    """
    from .exercises.checking import check

    tree = Path(tree)
    found = []
    for path in _files(tree):
        if path.suffix not in (".py", ".md", ".ipynb", ".txt", ".rst"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".ipynb":
            text = "\n".join(c.source for c in nbformat.reads(text, as_version=4).cells if c.cell_type == "code")
        for qid, answer, line in _answer_calls(text):
            answers = answer if isinstance(answer, list) and not isinstance(answer, str) else [answer]
            for candidate in answers:
                try:
                    right = check(qid, candidate).correct
                except KoreaNotesError:
                    right = False
                if right:
                    found.append(f"{path.relative_to(tree)}, line {line}: an example gives the right answer to {qid}")
                    break
    return found


def _git(root: Path, *args: str, env: dict[str, str] | None = None, stdin: str | bytes | None = None) -> str:
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, env=env,
                            input=stdin.encode() if isinstance(stdin, str) else stdin, check=False)
    if result.returncode != 0:
        raise KoreaNotesError(f"git {args[0]} failed: {result.stderr.decode(errors='replace').strip()}")
    return result.stdout.decode().strip()


def _described_source(root: Path) -> str:
    try:
        head = _git(root, "rev-parse", "--short", "HEAD")
        dirty = _git(root, "status", "--porcelain", "--", "notebooks", "data", "korea_notes", *TOP_FILES)
    except (KoreaNotesError, OSError):
        return "a checkout outside git"
    return f"commit {head}" + (" with uncommitted changes" if dirty else "")


def student_readme(root: PathLike, *, repo: str = REPO_URL, branch: str = STUDENT_BRANCH) -> str:
    """Return the README of the student release: what it is, how to open it, how the self-checks work.

    Parameters
    ----------
    root
        The checkout (its ``notebooks/`` give the titles).
    repo
        The public repository.
    branch
        The branch the release is published on.

    Returns
    -------
    str
        Markdown.

    """
    from .hub_links import binder_link

    rows = []
    for path in sorted(Path(root, "notebooks").glob("[0-9][0-9]_*.ipynb")):
        title = read_course_metadata(path)["title"]
        rows.append(f"| [{path.stem}](notebooks/{path.name}) | {title} | "
                    f"[launch]({binder_link(repo=repo, branch=branch, path=f'notebooks/{path.name}')}) |")
    start = binder_link(repo=repo, branch=branch, path="notebooks/00_start_here.ipynb")
    korean_rows = []
    for path in sorted(Path(root, "notebooks", KOREAN_DIR).glob("[0-9][0-9]_*.ipynb")):
        title = read_course_metadata(path)["title"]
        link = binder_link(repo=repo, branch=branch, path=f"notebooks/{KOREAN_DIR}/{path.name}")
        korean_rows.append(f"| [{path.stem}](notebooks/{KOREAN_DIR}/{path.name}) | {title} | [실행]({link}) |")
    korean = [] if not korean_rows else [
        "## 한국어판",
        "",
        f"한국어판은 `notebooks/{KOREAN_DIR}/`에 있습니다. 연습 문제와 번호는 영어판과 같고, 자가 점검"
        "(`kn.exercises.check(..., lang=\"ko\")`)은 한국어로 답하고 한글로 쓴 답(예: 지명)도 받습니다.",
        "",
        f"[![Binder](https://mybinder.org/badge_logo.svg)]("
        f"{binder_link(repo=repo, branch=branch, path=f'notebooks/{KOREAN_DIR}/00_start_here.ipynb')})",
        "",
        "| 노트북 | 제목 | Binder |",
        "|---|---|---|",
        *korean_rows,
        "",
    ]
    return "\n".join([
        "# Korean War Armistice notebooks: student edition",
        "",
        f"[![Binder](https://mybinder.org/badge_logo.svg)]({start})",
        "",
        "Jupyter notebooks on the Korean War Armistice, from the division of 1945 to the summits of recent years,",
        "with sourced data, maps, charts and exercises. This is the student edition: the exercises are blank.",
        "",
        "## Open the notebooks",
        "",
        "- **In your browser, nothing to install:** click a *launch* link below (Binder; the first start takes a",
        "  few minutes). Binder does not keep your work: download your notebook (File → Download) before you",
        "  close the tab.",
        "- **On your course's JupyterHub:** use the link your instructor gives you; it copies these notebooks",
        "  into your home folder and opens the first one.",
        "- **On your own computer** (Python 3.11 or later), in this folder:",
        "",
        "  ```bash",
        "  python -m venv .venv && . .venv/bin/activate",
        "  pip install .",
        "  jupyter lab notebooks/00_start_here.ipynb",
        "  ```",
        "",
        "  or with conda: `conda env create -f environment.yml`, `conda activate korea-notes`,",
        "  `pip install --no-deps .`, then the same `jupyter lab` command. Your instructor may hand out a wheel",
        "  file instead: `pip install korea_notes-<version>-py3-none-any.whl`.",
        "",
        "## Exercises and self-checks",
        "",
        "Replace each `...` after `answer =` with your answer and run the cell: `kn.exercises.check` says",
        "whether it is right and gives a hint if not, without showing the answer. The checks are there to help",
        "you learn; your instructor grades your work separately. Discussion exercises have no check: write your",
        "answer in the cell marked *Write your answer here.*",
        "",
        "| notebook | title | Binder |",
        "|---|---|---|",
        *rows,
        "",
        *korean,
        "Code: MIT (`LICENSE`). Data: CC BY 4.0 (`data/LICENSE`). Facts come from the sources in",
        "`data/sources.csv`; see `CITATION.cff` for how to cite the collection.",
        "",
    ])


def _check_out_dir(root: Path, out_dir: PathLike) -> Path:
    out = Path(out_dir).resolve()
    for name in ("notebooks", "data", "korea_notes"):
        protected = root / name
        if out == protected or protected in out.parents:
            raise KoreaNotesError(f"the output folder {out_dir} lies in the collection's {name}/ folder; refusing",
                                  hint="use a folder such as build/student-release")
    if out == root or out in root.parents:
        raise KoreaNotesError(f"the output folder {out_dir} would hold the whole checkout; refusing",
                              hint="use a folder such as build/student-release")
    if out.exists() and not out.is_dir():
        raise KoreaNotesError(f"the output {out_dir} is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise KoreaNotesError(f"{out_dir} is a folder that is not an earlier student release; refusing to replace it",
                              hint="choose an empty or new folder")
    return out


def release_student(out_dir: PathLike, *, source: PathLike | None = None, repo: str = REPO_URL,
                    branch: str = STUDENT_BRANCH) -> Path:
    """Write the student release tree to ``out_dir`` (replacing an earlier release there).

    The tree is built in a temporary folder beside ``out_dir``, searched for solution text and for examples
    that give an answer away, and only then moved into place, so a refused release leaves ``out_dir`` as it
    was.

    Parameters
    ----------
    out_dir
        The release folder, e.g. ``build/student-release``. It must be new, empty or an earlier release.
    source
        The checkout to release (see :func:`source_root`).
    repo
        The public GitHub repository the release is published in (for the launch links of its README).
    branch
        The branch it is published on (for the same links).

    Returns
    -------
    pathlib.Path
        ``out_dir``, resolved.

    Raises
    ------
    KoreaNotesError
        If the folders are refused, a notebook's solution markers are unbalanced, or the tree would hold
        solution text (the message lists where).

    """
    root = source_root(source)
    out = _check_out_dir(root, out_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        make_student_editions(root / "notebooks", staging / "notebooks")
        for manifest in (staging / "notebooks").rglob(WRITTEN_MANIFEST):
            manifest.unlink()  # a record for rebuilds, not for students
        shutil.copytree(root / "data", staging / "data", ignore=_IGNORE)
        shutil.copytree(root / "korea_notes", staging / "korea_notes", ignore=_IGNORE)
        for name in TOP_FILES:
            if (root / name).is_file():
                shutil.copy2(root / name, staging / name)
        (staging / "postBuild").write_text(POSTBUILD, encoding="utf-8")
        (staging / "postBuild").chmod(0o755)
        (staging / "README.md").write_text(student_readme(root, repo=repo, branch=branch), encoding="utf-8")
        (staging / MARKER).write_text(f"Student release of the Korean War Armistice notebooks, built from "
                                      f"{_described_source(root)}.\n", encoding="utf-8")
        problems = find_solution_text(staging, root / "notebooks") + find_answer_examples(staging)
        if problems:
            listed = "\n  ".join(problems[:20]) + (f"\n  ... and {len(problems) - 20} more" if len(problems) > 20
                                                  else "")
            raise KoreaNotesError(f"the student release would give solutions away:\n  {listed}",
                                  hint="remove the solution text from these files (or mark it as a solution)")
        staging.chmod(0o755)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
            os.replace(out, old / out.name)
            os.replace(staging, out)
            shutil.rmtree(old)
        else:
            os.replace(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return out


def commit_to_branch(tree: PathLike, branch: str = STUDENT_BRANCH, *, repo: PathLike | None = None,
                     message: str | None = None) -> str:
    """Commit the files of ``tree`` to ``branch`` of a repository, leaving its working tree and index alone.

    Parameters
    ----------
    tree
        The folder to commit (a release tree); its files become the whole content of the commit.
    branch
        The branch to create or move forward; its previous tip, if any, is the new commit's parent.
    repo
        A folder inside the repository (default: the current folder).
    message
        The commit message (default: what the tree was built from, per its marker file).

    Returns
    -------
    str
        The branch's new tip (the previous one, unchanged, when the tree is the same).

    Raises
    ------
    KoreaNotesError
        If the folder is not in a git repository, the branch name is invalid, or git fails (for example when
        no committer name and e-mail are configured).

    """
    tree = Path(tree).resolve()
    where = Path(repo or Path.cwd()).resolve()
    top = Path(_git(where, "rev-parse", "--show-toplevel"))
    _git(top, "check-ref-format", "--branch", branch)
    files = _files(tree)
    if not files:
        raise KoreaNotesError(f"{tree} holds no files to commit")
    names = [p.relative_to(tree).as_posix() for p in files]
    if any("\n" in n or "\t" in n for n in names):
        raise KoreaNotesError("a file name in the release holds a newline or a tab; refusing")
    blobs = _git(top, "hash-object", "-w", "--stdin-paths", stdin="\n".join(str(p) for p in files) + "\n").split()
    entries = "".join(f"{'100755' if os.access(p, os.X_OK) else '100644'} {blob}\t{name}\0"
                      for p, blob, name in zip(files, blobs, names, strict=True))
    with tempfile.TemporaryDirectory() as scratch:
        env = dict(os.environ, GIT_INDEX_FILE=str(Path(scratch) / "index"))
        _git(top, "update-index", "--add", "-z", "--index-info", env=env, stdin=entries)
        tree_id = _git(top, "write-tree", env=env)
    ref = f"refs/heads/{branch}"
    try:
        parent = _git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except KoreaNotesError:
        parent = ""
    if parent and _git(top, "rev-parse", f"{parent}^{{tree}}") == tree_id:
        return parent
    marker = tree / MARKER
    text = message or (marker.read_text(encoding="utf-8").strip() if marker.is_file() else "Student release")
    commit = _git(top, "commit-tree", tree_id, *(["-p", parent] if parent else []), "-m", text)
    _git(top, "update-ref", "-m", "korea-notes release-student", ref, commit, parent or "0" * 40)
    return commit
