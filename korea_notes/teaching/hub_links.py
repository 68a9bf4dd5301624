"""Links that hand the notebooks to students: nbgitpuller links for a JupyterHub, launch links for Binder.

An nbgitpuller link asks a JupyterHub (with nbgitpuller installed) to clone or update the repository in
the student's home folder and then open a notebook. Its documented form, as built by nbgitpuller's own
link generator (https://nbgitpuller.readthedocs.io/en/latest/link.html)::

    https://HUB/hub/user-redirect/git-pull?repo=REPO_URL&urlpath=lab/tree/REPO_DIR/notebooks/NN.ipynb&branch=main

``urlpath`` is relative to the hub user's server and must start with the folder the repository is
cloned into (the repository's name); the query values are URL-encoded as the generator does.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import quote, urlencode, urlsplit

from ..errors import KoreaNotesError
from ..project import BRANCH as DEFAULT_BRANCH
from ..project import REPO_URL, STUDENT_BRANCH

BINDER_URL = "https://mybinder.org"
EDITIONS = {"full": DEFAULT_BRANCH, "student": STUDENT_BRANCH}
"""Which branch holds each edition: the full notebooks on ``main``, the student release on ``student``
(written by ``korea-notes release-student OUT --branch``; its notebooks are in ``notebooks/`` too)."""
APPS = {"lab": "lab/tree/", "classic": "tree/"}
_REPO_PATTERN = re.compile(r"^((git|https?)://\S+|git@\S+:\S+)$")
_BRANCH_PATTERN = re.compile(r"^[A-Za-z0-9._/-]+$")


def _check_hub_url(hub_url: str) -> str:
    parts = urlsplit(str(hub_url).strip())
    if parts.scheme != "https" or not parts.hostname:
        raise KoreaNotesError(f"the hub address must start with https:// and name a host, e.g. "
                              f"'https://hub.example.edu', but {hub_url!r} was given")
    if parts.query or parts.fragment:
        raise KoreaNotesError(f"the hub address must not carry a query or '#' part: {hub_url!r}",
                              hint="give only the hub's base address, e.g. 'https://hub.example.edu'")
    path = parts.path.rstrip("/")
    if path.endswith("/hub"):  # people paste https://HUB/hub/ or https://HUB/hub/home
        path = path[: -len("/hub")]
    elif "/hub/" in path + "/":
        path = path[: (path + "/").index("/hub/")]
    return f"https://{parts.netloc}{path}"


def _check_repo(repo: str) -> str:
    if not _REPO_PATTERN.match(str(repo)):
        raise KoreaNotesError(
            f"{repo!r} is not a git repository address (https://..., git://... or git@host:path)")
    return str(repo).strip()


def _check_branch(branch: str) -> str:
    if not branch or not _BRANCH_PATTERN.match(branch) or ".." in branch:
        raise KoreaNotesError(f"{branch!r} is not a valid branch name")
    return branch


def edition_branch(edition: str) -> str:
    """Return the branch that holds an edition of the notebooks.

    Parameters
    ----------
    edition
        ``"full"`` (instructor notebooks, with solutions) or ``"student"`` (the student release).

    Returns
    -------
    str
        The branch name.

    Raises
    ------
    KoreaNotesError
        If the edition is unknown.

    Examples
    --------
    >>> edition_branch("student")
    'student'

    """
    if edition not in EDITIONS:
        raise KoreaNotesError(f"The value for `edition` must be one of {list(EDITIONS)}, but {edition!r} was passed")
    return EDITIONS[edition]


def repo_dir_name(repo: str) -> str:
    """Return the folder a clone of ``repo`` gets: the last path part, without ``.git``.

    Parameters
    ----------
    repo
        A git repository address.

    Returns
    -------
    str
        The folder name.

    Examples
    --------
    >>> repo_dir_name("https://github.com/example/korea-armistice-notes.git")
    'korea-armistice-notes'

    """
    tail = re.split(r"[/:]", _check_repo(repo).rstrip("/"))[-1]
    return tail[: -len(".git")] if tail.endswith(".git") else tail


def notebook_path(notebook: str | None, folder: str = "notebooks") -> str | None:
    """Return a notebook's path inside the repository.

    Parameters
    ----------
    notebook
        A file name (``"05_the_agreement.ipynb"``; ``.ipynb`` may be left off) taken to be in
        ``folder``, a repository-relative path containing ``/``, or None.
    folder
        The notebooks' folder in the repository.

    Returns
    -------
    str or None
        E.g. ``"notebooks/05_the_agreement.ipynb"``, or None if ``notebook`` is None.

    Examples
    --------
    >>> notebook_path("00_start_here")
    'notebooks/00_start_here.ipynb'

    """
    if notebook is None:
        return None
    name = str(notebook).strip().lstrip("/")
    if not name or ".." in PurePosixPath(name).parts:
        raise KoreaNotesError(f"{notebook!r} is not a notebook path inside the repository")
    if not name.endswith(".ipynb"):
        name += ".ipynb"
    return name if "/" in name else f"{folder}/{name}"


def hub_link(
    hub_url: str,
    *,
    repo: str = REPO_URL,
    branch: str = DEFAULT_BRANCH,
    notebook: str | None = None,
    app: str = "lab",
) -> str:
    """Return an nbgitpuller link that pulls the repository into a JupyterHub and opens a notebook.

    Parameters
    ----------
    hub_url
        The hub's base address, ``https://`` with no query (a trailing ``/hub/...`` is ignored).
    repo
        The repository to pull.
    branch
        Its branch.
    notebook
        The notebook to open (see :func:`notebook_path`), or None to open the ``notebooks`` folder.
    app
        ``"lab"`` (JupyterLab) or ``"classic"`` (the Notebook interface).

    Returns
    -------
    str
        The link.

    Raises
    ------
    KoreaNotesError
        If the hub address is not https, has a query, or the repository, branch or app is invalid.

    Examples
    --------
    >>> hub_link("https://hub.example.edu", repo="https://github.com/ex/korea-notes",
    ...          notebook="00_start_here.ipynb")  # doctest: +NORMALIZE_WHITESPACE
    'https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fex%2Fkorea-notes&urlpath=lab%2Ftree%2Fkorea-notes%2Fnotebooks%2F00_start_here.ipynb&branch=main'

    """
    base = _check_hub_url(hub_url)
    if app not in APPS:
        raise KoreaNotesError(f"The value for `app` must be one of {list(APPS)}, but {app!r} was passed")
    repo = _check_repo(repo)
    target = notebook_path(notebook) or "notebooks"
    urlpath = APPS[app] + f"{repo_dir_name(repo)}/{target}"
    query = urlencode({"repo": repo, "urlpath": urlpath, "branch": _check_branch(branch)})
    return f"{base}/hub/user-redirect/git-pull?{query}"


def binder_link(
    *,
    repo: str = REPO_URL,
    branch: str = DEFAULT_BRANCH,
    path: str | None = None,
    binder_url: str = BINDER_URL,
) -> str:
    """Return a Binder launch link that opens JupyterLab at a file of a GitHub repository.

    Parameters
    ----------
    repo
        ``https://github.com/OWNER/NAME``.
    branch
        The branch to build.
    path
        A repository-relative path to open, e.g. ``"notebooks/00_start_here.ipynb"``; None opens
        JupyterLab at the top.
    binder_url
        The BinderHub.

    Returns
    -------
    str
        E.g. ``https://mybinder.org/v2/gh/OWNER/NAME/main?urlpath=lab/tree/notebooks/00_start_here.ipynb``.

    Raises
    ------
    KoreaNotesError
        If ``repo`` is not a GitHub repository address.

    Examples
    --------
    >>> binder_link(repo="https://github.com/ex/korea-notes", branch="student", path="notebooks/00_start_here.ipynb")
    'https://mybinder.org/v2/gh/ex/korea-notes/student?urlpath=lab/tree/notebooks/00_start_here.ipynb'

    """
    match = re.match(r"^https://github\.com/([^/\s]+)/([^/\s]+?)(?:\.git)?/?$", str(repo))
    if not match:
        raise KoreaNotesError(f"{repo!r} is not a GitHub repository address (https://github.com/OWNER/NAME)",
                              hint="for other hosts, build the link at https://mybinder.org")
    link = f"{binder_url.rstrip('/')}/v2/gh/{match[1]}/{match[2]}/{quote(_check_branch(branch), safe='')}"
    if path:
        link += "?urlpath=" + quote("lab/tree/" + path.lstrip("/"), safe="/")
    return link
