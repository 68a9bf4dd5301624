"""nbgitpuller and Binder links, in the form nbgitpuller's own link generator builds."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from korea_notes import KoreaNotesError
from korea_notes.project import REPO_URL
from korea_notes.teaching.hub_links import binder_link, hub_link, notebook_path, repo_dir_name

REPO = "https://github.com/example/korea-armistice-notes"


def _query(link: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(link).query, strict_parsing=True).items()}


def test_documented_form():
    link = hub_link("https://hub.example.edu", repo=REPO, notebook="05_the_agreement.ipynb")
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "hub.example.edu",
        "/hub/user-redirect/git-pull",
    )
    assert _query(link) == {
        "repo": REPO,
        "urlpath": "lab/tree/korea-armistice-notes/notebooks/05_the_agreement.ipynb",
        "branch": "main",
    }
    assert list(_query(link)) == ["repo", "urlpath", "branch"]  # the generator's order
    assert link == (
        "https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fexample"
        "%2Fkorea-armistice-notes&urlpath=lab%2Ftree%2Fkorea-armistice-notes%2Fnotebooks%2F"
        "05_the_agreement.ipynb&branch=main"
    )


def test_defaults_and_options():
    link = hub_link("https://hub.example.edu/")
    assert _query(link)["repo"] == REPO_URL
    assert _query(link)["urlpath"] == f"lab/tree/{repo_dir_name(REPO_URL)}/notebooks"
    classic = hub_link(
        "https://hub.example.edu",
        repo=REPO + ".git",
        branch="spring-2026",
        notebook="00_start_here",
        app="classic",
    )
    assert _query(classic)["urlpath"] == "tree/korea-armistice-notes/notebooks/00_start_here.ipynb"
    assert _query(classic)["branch"] == "spring-2026"


@pytest.mark.parametrize(
    ("hub", "base"),
    [
        ("https://hub.example.edu/hub/", "https://hub.example.edu"),
        ("https://hub.example.edu/hub/home", "https://hub.example.edu"),
        ("https://example.edu/jupyter/", "https://example.edu/jupyter"),
        ("https://example.edu:8443/jupyter/hub/spawn", "https://example.edu:8443/jupyter"),
    ],
)
def test_hub_paths(hub, base):
    assert hub_link(hub, repo=REPO).startswith(base + "/hub/user-redirect/git-pull?")


@pytest.mark.parametrize(
    ("hub", "message"),
    [
        ("http://hub.example.edu", "must start with https://"),
        ("hub.example.edu", "must start with https://"),
        ("https://", "must start with https://"),
        ("https://hub.example.edu/?next=x", "query"),
        ("https://hub.example.edu/#top", "query"),
    ],
)
def test_bad_hub_urls(hub, message):
    with pytest.raises(KoreaNotesError, match=message):
        hub_link(hub, repo=REPO)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"repo": "not a repo"}, "not a git repository"),
        ({"branch": "a b"}, "not a valid branch"),
        ({"branch": "a..b"}, "not a valid branch"),
        ({"app": "vscode"}, "must be one of"),
        ({"notebook": "../secret"}, "not a notebook path"),
    ],
)
def test_bad_arguments(kwargs, message):
    with pytest.raises(KoreaNotesError, match=message):
        hub_link("https://hub.example.edu", **({"repo": REPO} | kwargs))


def test_repo_dir_and_paths():
    assert repo_dir_name("git@github.com:example/notes.git") == "notes"
    assert notebook_path("student/05_x.ipynb") == "student/05_x.ipynb"
    assert notebook_path(None) is None


def test_binder_link():
    assert binder_link(repo=REPO, path="notebooks/00_start_here.ipynb") == (
        "https://mybinder.org/v2/gh/example/korea-armistice-notes/main?urlpath=lab/tree/notebooks/00_start_here.ipynb"
    )
    assert (
        binder_link(repo=REPO + ".git", branch="dev")
        == "https://mybinder.org/v2/gh/example/korea-armistice-notes/dev"
    )
    with pytest.raises(KoreaNotesError, match="not a GitHub repository"):
        binder_link(repo="https://gitlab.com/a/b")


def test_editions_and_the_student_branch():
    from korea_notes.project import BRANCH, STUDENT_BRANCH
    from korea_notes.teaching.hub_links import edition_branch

    assert (edition_branch("full"), edition_branch("student")) == (BRANCH, STUDENT_BRANCH) == ("main", "student")
    with pytest.raises(KoreaNotesError, match="must be one of"):
        edition_branch("teacher")
    link = hub_link("https://hub.example.edu", repo=REPO, branch=edition_branch("student"), notebook="05_x")
    assert _query(link)["branch"] == "student"
    assert _query(link)["urlpath"] == "lab/tree/korea-armistice-notes/notebooks/05_x.ipynb"
    assert binder_link(repo=REPO, branch="student", path="notebooks/05_x.ipynb").endswith(
        "/student?urlpath=lab/tree/notebooks/05_x.ipynb")


ROOT_FOR_LINKS = Path(__file__).resolve().parent.parent


def test_korean_links_open_the_korean_notebooks(capsys):
    from korea_notes.cli import main

    assert main(["binder-links", "--lang", "ko"]) == 0
    out = capsys.readouterr().out
    korean = sorted((ROOT_FOR_LINKS / "notebooks" / "ko").glob("[0-9][0-9]_*.ipynb"))
    assert korean and all(f"lab/tree/notebooks/ko/{p.name}" in out for p in korean)
    assert "lab/tree/notebooks/0" not in out, "no English notebook among the Korean links"
    assert main(["hub-links", "https://hub.example.edu", "--lang", "ko", "--notebook", "05"]) == 0
    out = capsys.readouterr().out
    assert "notebooks%2Fko%2F05_" in out and any("\uac00" <= ch <= "\ud7a3" for ch in out.splitlines()[0])
