"""Run a notebook with the recording checker and read what its self-checks received.

With ``KOREA_NOTES_CHECK_LOG`` and ``KOREA_NOTES_CHECK_RECORD=1`` set, every ``kn.exercises.check`` call appends
``{"id", "correct", "answered", "answer"}`` to the log. Run on an instructor notebook, that gives each
question's accepted answer without storing it anywhere: grading (partial credit) and the answer sheet use it.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import nbformat

from ..runner import run_notebook
from .exercises.checking import CHECK_LOG_ENV_VAR, RECORD_ENV_VAR


def read_check_log(log: str | Path) -> list[dict[str, Any]]:
    """Return the records a check log holds, one dict per ``check()`` call (none if there is no log).

    Parameters
    ----------
    log
        The file ``KOREA_NOTES_CHECK_LOG`` named.

    Returns
    -------
    list of dict
        The records, in the order the checks ran.

    """
    path = Path(log)
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def record_checks(
    nb: nbformat.NotebookNode | str | Path, *, cwd: str | Path | None = None, timeout: int = 600,
    name: str | None = None,
) -> list[dict[str, Any]]:
    """Run a notebook (offline, figures not shown) with the recording checker; return the check records.

    Parameters
    ----------
    nb
        A notebook or the path of one (usually an instructor notebook).
    cwd
        The kernel's working folder (default: the notebook file's folder).
    timeout
        Seconds allowed per cell.
    name
        The notebook's name in error messages.

    Returns
    -------
    list of dict
        ``{"id", "correct", "answered", "answer"}`` per check, in the order they ran.

    Raises
    ------
    KoreaNotesError
        If the notebook cannot be read or a cell fails (from :func:`korea_notes.runner.run_notebook`).

    """
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "checks.jsonl"
        run_notebook(nb, cwd=cwd, backend="agg", network=False, timeout=timeout, quiet=True, name=name,
                     env={CHECK_LOG_ENV_VAR: str(log), RECORD_ENV_VAR: "1"})
        return read_check_log(log)


__all__ = ["read_check_log", "record_checks"]
