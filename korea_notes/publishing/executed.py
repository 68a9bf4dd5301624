"""The student edition, executed once by the package's runner and cached for the website and the handouts.

Executing the thirteen notebooks is the slow part of publishing (about a minute on two cores), so every
executed notebook is cached in ``build/cache`` under a key made of the student notebook itself, the
package's code, the data and the kernel settings. The website and the handouts ask for the same notebooks
and share the cache: the second build, and any build after a change to one notebook, re-executes only what
changed. A cell error stops the build (the runner raises :class:`~korea_notes.errors.KoreaNotesError`
naming the notebook); nothing is cached for a notebook that failed.

The answer sheet needs the accepted answer of every self-checked exercise: :func:`recorded_answers` runs
the *instructor* notebooks with the recording checker (``KOREA_NOTES_CHECK_RECORD=1``), cached the same way.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import nbformat

from .._atomic import write_text_atomic
from .._paths import default_data_dir
from ..errors import KoreaNotesError
from ..i18n import DEFAULT_LANG, check_lang
from ..runner import run_notebook
from ..teaching.exercises.checking import RECORD_ENV_VAR
from ..teaching.recording import record_checks
from ..teaching.student import make_student_edition, source_notebooks, write_notebook_atomic
from ..teaching.translation import KOREAN_DIR

PathLike = str | os.PathLike[str]
MAPS_INLINE_ENV = "KOREA_NOTES_MAPS_INLINE"
#: What every published notebook's kernel gets: maps carry Leaflet inline (no CDN on a static site).
PUBLISH_ENV: dict[str, str] = {MAPS_INLINE_ENV: "1"}
PACKAGE_DIR = Path(__file__).resolve().parent.parent
T = TypeVar("T")


@dataclass(frozen=True)
class ExecutedNotebook:
    """One notebook of the student edition: as students get it and as executed for publishing."""

    name: str
    """File name, e.g. ``05_the_armistice_agreement.ipynb``."""
    student: nbformat.NotebookNode
    """The student notebook (solutions out, outputs cleared), as downloaded by readers."""
    executed: nbformat.NotebookNode
    """The same notebook executed by :func:`korea_notes.runner.run_notebook`."""
    cached: bool
    """Whether ``executed`` came from the cache."""

    @property
    def stem(self) -> str:
        """The file name without ``.ipynb``."""
        return Path(self.name).stem


def notebook_title(nb: nbformat.NotebookNode, fallback: str) -> str:
    """Return a notebook's title: the text of its first level-1 Markdown heading, or ``fallback``.

    Parameters
    ----------
    nb
        The notebook.
    fallback
        What to return when no cell has a ``# `` heading (e.g. the file's stem).

    Returns
    -------
    str
        The title.

    """
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def default_cache_dir() -> Path:
    """Return ``build/cache`` in the current folder, where executed notebooks are kept.

    Returns
    -------
    pathlib.Path
        The folder (not created).

    """
    return Path.cwd() / "build" / "cache"


def edition_source_dir(src_dir: PathLike, lang: str = DEFAULT_LANG) -> Path:
    """Return the instructor notebooks of one language's edition: ``src_dir`` itself, or its ``ko/`` folder.

    Parameters
    ----------
    src_dir
        The English instructor notebooks (e.g. ``notebooks``); the Korean edition is ``notebooks/ko``.
    lang
        ``"en"`` or ``"ko"``.

    Returns
    -------
    pathlib.Path
        The folder (not checked).

    Raises
    ------
    KoreaNotesError
        If ``lang`` is not a language of the collection.

    Examples
    --------
    >>> edition_source_dir("notebooks", "ko").as_posix()
    'notebooks/ko'

    """
    return Path(src_dir) if check_lang(lang) == DEFAULT_LANG else Path(src_dir) / KOREAN_DIR


def edition_cache_dir(cache_dir: PathLike, lang: str = DEFAULT_LANG) -> Path:
    """Return the cache folder of one language's edition: ``cache_dir`` itself, or its ``ko/`` folder.

    The Korean notebooks have the English file names, so their student edition, executed notebooks,
    recorded answers and Jupyter Book build are kept apart (the site and the handouts share them).

    Parameters
    ----------
    cache_dir
        The cache (e.g. ``build/cache``).
    lang
        ``"en"`` or ``"ko"``.

    Returns
    -------
    pathlib.Path
        The folder (not created).

    Raises
    ------
    KoreaNotesError
        If ``lang`` is not a language of the collection.

    Examples
    --------
    >>> edition_cache_dir("build/cache", "ko").as_posix()
    'build/cache/ko'

    """
    return Path(cache_dir) if check_lang(lang) == DEFAULT_LANG else Path(cache_dir) / lang


def _tree_digest(folder: Path, *, skip: tuple[str, ...] = ()) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if not path.is_file() or "__pycache__" in rel or rel.startswith(skip) or "/." in f"/{rel}":
            continue
        digest.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@cache
def _code_and_data_digest(data_dir: str) -> str:
    # The publishing layer itself does not change what a notebook outputs, so editing it keeps the cache.
    package = _tree_digest(PACKAGE_DIR, skip=("publishing/",))
    data = _tree_digest(Path(data_dir))
    return hashlib.sha256(f"{package}:{data}".encode()).hexdigest()


def cache_key(nb: nbformat.NotebookNode, *, kind: str, env: Mapping[str, str]) -> str:
    """Return the cache key of one execution: notebook, package code, data and kernel settings.

    Parameters
    ----------
    nb
        The notebook to execute.
    kind
        What the run is for (e.g. ``"student"``, ``"answers"``); different kinds never share an entry.
    env
        The extra kernel environment of the run.

    Returns
    -------
    str
        A hexadecimal SHA-256 digest.

    """
    digest = hashlib.sha256()
    digest.update(nbformat.writes(nb).encode())
    digest.update(_code_and_data_digest(str(default_data_dir())).encode())
    digest.update(json.dumps([kind, sorted(env.items())]).encode())
    return digest.hexdigest()


def _cache_file(cache_dir: Path, kind: str, stem: str, key: str, suffix: str) -> Path:
    return cache_dir / kind / f"{stem}-{key[:20]}{suffix}"


def _drop_stale(cache_dir: Path, kind: str, stem: str, keep: Path) -> None:
    for old in (cache_dir / kind).glob(f"{stem}-*"):
        if old != keep and old.is_file():
            old.unlink(missing_ok=True)


def _map_jobs(func: Callable[[Any], T], items: list[Any], jobs: int | None) -> list[T]:
    workers = max(1, min(jobs or min(2, os.cpu_count() or 1), len(items) or 1))
    if workers == 1:
        return [func(item) for item in items]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(func, items))


def executed_student_edition(
    src_dir: PathLike,
    *,
    cache_dir: PathLike | None = None,
    jobs: int | None = None,
    timeout: int = 600,
    only: list[str] | None = None,
) -> list[ExecutedNotebook]:
    """Make the student edition of ``src_dir`` and execute each notebook, using the cache where it can.

    The student edition is written by :func:`korea_notes.teaching.student.make_student_edition` into
    ``cache_dir/student``; each notebook is executed by :func:`korea_notes.runner.run_notebook` with the
    inline backend, the network refused and maps carrying Leaflet inline (``KOREA_NOTES_MAPS_INLINE=1``),
    in the folder of the instructor notebooks.

    Parameters
    ----------
    src_dir
        The instructor notebooks (e.g. ``notebooks``).
    cache_dir
        Where executed notebooks are kept (default ``build/cache``).
    jobs
        Notebooks executed at once (default: 2, or 1 on a one-core machine).
    timeout
        Seconds allowed per cell.
    only
        File stems or number prefixes (``"05"``) to keep; default all.

    Returns
    -------
    list of ExecutedNotebook
        In file-name order.

    Raises
    ------
    KoreaNotesError
        If the student edition cannot be made or any cell of any notebook fails (nothing is cached for it).

    """
    cache_root = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    student_dir = cache_root / "student"
    written = make_student_edition(src_dir, student_dir, force=True)  # the cache is ours: nobody works in it
    if only:
        written = [p for p in written if any(p.stem == o or p.stem.startswith(o) for o in only)]
        if not written:
            raise KoreaNotesError(f"no notebook matches {only}", hint="give file stems or numbers such as 05")
    cwd = Path(src_dir).resolve()

    def one(path: Path) -> ExecutedNotebook:
        student = nbformat.read(path, as_version=4)
        key = cache_key(student, kind="student", env=PUBLISH_ENV)
        target = _cache_file(cache_root, "executed", path.stem, key, ".ipynb")
        if target.is_file():
            return ExecutedNotebook(path.name, student, nbformat.read(target, as_version=4), True)
        result = run_notebook(student, cwd=cwd, backend="inline", network=False, timeout=timeout,
                              env=PUBLISH_ENV, quiet=True, name=f"{path.name} (student edition)")
        target.parent.mkdir(parents=True, exist_ok=True)
        write_notebook_atomic(result.notebook, target)
        _drop_stale(cache_root, "executed", path.stem, target)
        return ExecutedNotebook(path.name, student, result.notebook, False)

    return _map_jobs(one, written, jobs)


def recorded_answers(
    src_dir: PathLike,
    *,
    cache_dir: PathLike | None = None,
    jobs: int | None = None,
    timeout: int = 600,
    only: list[str] | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """Run the instructor notebooks with the recording checker and return what each check received.

    Each record is ``{"id", "correct", "answered", "answer"}`` as logged by
    :func:`korea_notes.teaching.exercises.check` under ``KOREA_NOTES_CHECK_RECORD=1``: the answer the
    model solution gives, which the checker accepted when ``correct`` is true.

    Parameters
    ----------
    src_dir
        The instructor notebooks.
    cache_dir
        The cache folder (default ``build/cache``); records are kept in ``answers/``.
    jobs
        Notebooks executed at once.
    timeout
        Seconds allowed per cell.
    only
        File stems or number prefixes to keep; default all.

    Returns
    -------
    dict
        File stem -> the records in the order the checks ran.

    Raises
    ------
    KoreaNotesError
        If a notebook cannot be read or a cell fails.

    """
    cache_root = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    sources = source_notebooks(src_dir)
    if only:
        sources = [p for p in sources if any(p.stem == o or p.stem.startswith(o) for o in only)]
    cwd = Path(src_dir).resolve()

    def one(path: Path) -> tuple[str, list[dict[str, Any]]]:
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception as error:  # nbformat raises several types for unreadable files
            raise KoreaNotesError(f"not a readable notebook ({error})", file=str(path)) from None
        settings = {RECORD_ENV_VAR: "1"}
        key = cache_key(nb, kind="answers", env=settings)
        target = _cache_file(cache_root, "answers", path.stem, key, ".json")
        if target.is_file():
            return path.stem, json.loads(target.read_text(encoding="utf-8"))
        records = record_checks(nb, cwd=cwd, timeout=timeout, name=str(path))
        target.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(target, json.dumps(records, ensure_ascii=False, indent=1) + "\n")
        _drop_stale(cache_root, "answers", path.stem, target)
        return path.stem, records

    return dict(_map_jobs(one, sources, jobs))


__all__ = ["ExecutedNotebook", "MAPS_INLINE_ENV", "PUBLISH_ENV", "cache_key", "default_cache_dir",
           "edition_cache_dir", "edition_source_dir", "executed_student_edition", "notebook_title", "recorded_answers"]
