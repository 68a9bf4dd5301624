"""Where the collection lives online: one place for the links that README, CLI and docs print."""

from __future__ import annotations

#: The public repository (change here if the collection moves; README links are checked against it).
REPO_URL = "https://github.com/korea-armistice-notes/korea-armistice-notes"
#: The repository's folder name once cloned (nbgitpuller puts it in the user's home).
REPO_DIR = "korea-armistice-notes"
BRANCH = "main"
BINDER_BASE = "https://mybinder.org/v2/gh/korea-armistice-notes/korea-armistice-notes/main"


def binder_link(notebook_path: str) -> str:
    """Return a mybinder.org link that opens JupyterLab at ``notebook_path``.

    Parameters
    ----------
    notebook_path
        Path inside the repository, e.g. ``"notebooks/00_start_here.ipynb"`` or ``"student/05_...ipynb"``.

    Returns
    -------
    str
        The launch link.

    Examples
    --------
    >>> binder_link("notebooks/00_start_here.ipynb").endswith("?urlpath=lab/tree/notebooks/00_start_here.ipynb")
    True

    """
    return f"{BINDER_BASE}?urlpath=lab/tree/{notebook_path}"
