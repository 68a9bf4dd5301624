"""Make the answer key: the full instructor notebooks, executed, as notebooks and (if possible) HTML."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Literal

import nbformat

from .._atomic import write_text_atomic
from ..errors import KoreaNotesError
from ..runner import run_notebook
from .student import PathLike, check_output_dir, plan_outputs, source_notebooks, write_notebook_atomic

FORMATS = ("html", "ipynb")


def _html_exporter() -> object | None:
    try:
        from nbconvert import HTMLExporter
    except ImportError:
        return None
    return HTMLExporter()


def execute_notebook(
    nb: nbformat.NotebookNode, *, cwd: PathLike, timeout: int = 600, kernel_name: str = "python3",
    name: str = "<notebook>",
) -> nbformat.NotebookNode:
    """Run every cell of a notebook through the package's runner, figures shown, and return the copy.

    Parameters
    ----------
    nb
        The notebook (not changed).
    cwd
        The working folder of the kernel (the notebook's own folder, so relative paths behave as in
        JupyterLab).
    timeout
        Seconds allowed per cell.
    kernel_name
        The Jupyter kernel.
    name
        The notebook's file name, for error messages.

    Returns
    -------
    nbformat.NotebookNode
        The executed notebook.

    Raises
    ------
    KoreaNotesError
        If a cell fails or times out (the message names the notebook and the error).

    """
    # The key shows the figures: the inline backend ignores a backend set for scripts (MPLBACKEND=Agg).
    return run_notebook(nb, cwd=cwd, backend="inline", timeout=timeout, kernel_name=kernel_name,
                        name=name).notebook


def make_answer_key(
    src_dir: PathLike,
    out_dir: PathLike,
    *,
    format: Literal["html", "ipynb"] = "html",  # noqa: A002  (the CLI option is --format)
    timeout: int = 600,
    kernel_name: str = "python3",
) -> list[Path]:
    """Execute the full instructor notebooks and write them, with solutions and outputs, to ``out_dir``.

    Each notebook runs in a fresh kernel whose working folder is the notebook's folder. The executed
    ``.ipynb`` is always written; with ``format="html"`` an HTML page is written beside it too, using
    nbconvert (installed with JupyterLab). If nbconvert is missing, a warning says so and only the
    notebooks are written. PDF is not produced (it would need LaTeX or a browser); print the HTML.

    Parameters
    ----------
    src_dir
        The instructor notebooks (e.g. ``notebooks``).
    out_dir
        Where the answer key goes (e.g. ``answer_key``); created if needed; not inside ``src_dir``.
    format
        ``"html"`` (notebooks and HTML) or ``"ipynb"`` (notebooks only).
    timeout
        Seconds allowed per cell.
    kernel_name
        The Jupyter kernel to run them with.

    Returns
    -------
    list of pathlib.Path
        The files written.

    Raises
    ------
    KoreaNotesError
        If the folders are refused, the format is unknown, or a cell fails.

    """
    if format not in FORMATS:
        raise KoreaNotesError(
            f"The value for `format` must be one of {list(FORMATS)}, but {format!r} was passed")
    src, out = check_output_dir(src_dir, out_dir)
    sources = source_notebooks(src)
    targets = plan_outputs(sources, out)
    html_targets = plan_outputs(sources, out, ".html")
    exporter = _html_exporter() if format == "html" else None
    if format == "html" and exporter is None:
        warnings.warn("nbconvert is not installed: writing executed notebooks only, no HTML", stacklevel=2)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for path, target, html_target in zip(sources, targets, html_targets, strict=True):
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception as error:  # nbformat raises several types for unreadable files
            raise KoreaNotesError(f"not a readable notebook ({error})", file=str(path)) from None
        executed = execute_notebook(nb, cwd=path.parent, timeout=timeout, kernel_name=kernel_name,
                                    name=str(path))
        written.append(write_notebook_atomic(executed, target))
        if exporter is not None:
            body, _ = exporter.from_notebook_node(executed)  # type: ignore[attr-defined]
            written.append(write_text_atomic(html_target, body))
    return written


__all__ = ["FORMATS", "execute_notebook", "make_answer_key"]
