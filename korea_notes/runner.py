"""The one notebook runner: a fresh kernel, a chosen figure backend, the network refused or not, a timeout.

The tests, the answer key, grading, the website, the handouts and the benchmarks all execute notebooks
through :func:`run_notebook`, so a notebook behaves the same way everywhere it is run.

>>> from korea_notes.runner import BACKENDS
>>> BACKENDS
('inline', 'agg')
"""

from __future__ import annotations

import copy
import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import nbformat

from .errors import KoreaNotesError

BACKENDS = ("inline", "agg")
NONET_DIR = Path(__file__).resolve().parent / "_nonet"
"""A folder whose ``sitecustomize`` refuses every connection that does not stay on this machine."""

Backend = Literal["inline", "agg"]


@dataclass(frozen=True)
class RunResult:
    """What one run produced: the executed notebook and the seconds it took."""

    notebook: nbformat.NotebookNode
    seconds: float


def kernel_environment(
    *, backend: Backend = "inline", network: bool = True, extra: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Return the environment a notebook kernel gets.

    Parameters
    ----------
    backend
        ``"inline"``: figures appear in the notebook as in JupyterLab (any ``MPLBACKEND`` set for scripts is
        removed); ``"agg"``: figures are drawn but not shown (faster, for tests).
    network
        ``False`` puts :data:`NONET_DIR` first on ``PYTHONPATH``, so any non-loopback connection fails.
    extra
        More variables (for example ``KOREA_NOTES_CHECK_LOG`` or ``KOREA_NOTES_MAPS_INLINE``).

    Returns
    -------
    dict
        A copy of this process's environment with those changes.

    Raises
    ------
    KoreaNotesError
        If ``backend`` is unknown.

    """
    if backend not in BACKENDS:
        raise KoreaNotesError(f"The value for `backend` must be one of {list(BACKENDS)}, but {backend!r} was passed")
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)
    if backend == "agg":
        env["MPLBACKEND"] = "Agg"
    if not network:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(NONET_DIR), env.get("PYTHONPATH")]))
    env.update(extra or {})
    return env


def run_notebook(
    nb: nbformat.NotebookNode | str | os.PathLike[str],
    *,
    cwd: str | os.PathLike[str] | None = None,
    backend: Backend = "inline",
    network: bool = True,
    timeout: int = 600,
    kernel_name: str = "python3",
    env: Mapping[str, str] | None = None,
    allow_errors: bool = False,
    quiet: bool = False,
    name: str | None = None,
) -> RunResult:
    """Execute every cell of a notebook on a fresh kernel and return the executed copy.

    Parameters
    ----------
    nb
        A notebook node (left unchanged) or the path of a ``.ipynb`` file.
    cwd
        The kernel's working folder; defaults to the notebook file's folder (as in JupyterLab).
    backend
        ``"inline"`` or ``"agg"``; see :func:`kernel_environment`.
    network
        ``False`` refuses every connection that leaves this machine, in the kernel and its children.
    timeout
        Seconds allowed per cell; a cell that runs longer stops the run (untrusted code cannot hang it).
    kernel_name
        The Jupyter kernel.
    env
        More environment variables for the kernel.
    allow_errors
        ``True`` records cell errors in the outputs and goes on, as nbgrader does for submissions.
    quiet
        ``True`` discards the kernel's own stderr (warnings about frozen modules and the like).
    name
        The notebook's name in error messages (defaults to the file's path).

    Returns
    -------
    RunResult
        The executed notebook and the wall-clock seconds.

    Raises
    ------
    KoreaNotesError
        If the file cannot be read, a cell fails (unless ``allow_errors``), a cell times out or the
        kernel dies; the message names the notebook and the error.

    """
    import time

    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    if isinstance(nb, str | os.PathLike):
        path = Path(nb)
        name = name or str(path)
        cwd = cwd if cwd is not None else path.parent
        try:
            notebook = nbformat.read(path, as_version=4)
        except Exception as error:  # nbformat raises several types for unreadable files
            raise KoreaNotesError(f"not a readable notebook ({error})", file=str(path),
                                  hint="open it in JupyterLab or restore it from version control") from None
    else:
        notebook = copy.deepcopy(nb)
    name = name or "<notebook>"
    kernel_env = kernel_environment(backend=backend, network=network, extra=env)
    client = NotebookClient(notebook, timeout=timeout, kernel_name=kernel_name, allow_errors=allow_errors,
                            resources={"metadata": {"path": str(cwd or Path.cwd())}})
    start = time.perf_counter()
    try:
        if quiet:
            client.execute(env=kernel_env, stderr=subprocess.DEVNULL)
        else:
            client.execute(env=kernel_env)
    except CellTimeoutError:
        raise KoreaNotesError(f"a cell ran longer than {timeout} s and was stopped", file=name,
                              hint="look for a loop that never ends") from None
    except (CellExecutionError, DeadKernelError) as error:
        lines = str(error).strip().splitlines()
        detail = lines[-1] if lines else type(error).__name__
        raise KoreaNotesError(f"a cell failed: {detail}", file=name,
                              hint="run the notebook in JupyterLab to see the whole error") from None
    return RunResult(notebook, time.perf_counter() - start)


__all__ = ["BACKENDS", "NONET_DIR", "RunResult", "kernel_environment", "run_notebook"]
