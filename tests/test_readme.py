"""The README's commands and links point at things that exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from notebook_support import NOTEBOOKS, korean_paths, notebook_paths

from korea_notes.project import STUDENT_BRANCH
from korea_notes.teaching.course import course_plan
from korea_notes.teaching.hub_links import binder_link

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
GUIDE = (ROOT / "docs" / "instructors.md").read_text(encoding="utf-8")
GUIDE_KO = (ROOT / "docs" / "instructors.ko.md").read_text(encoding="utf-8")


def test_two_commands_are_make_targets() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("lab", "test"):
        assert f"make {target}" in README
        assert re.search(rf"^{target}:", makefile, re.MULTILINE)
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_binder_link_opens_an_existing_notebook() -> None:
    links = re.findall(r"\((https://mybinder\.org/v2/[^)\s]+)\)", README)
    assert links
    names = {p.name for p in notebook_paths()}
    for link in links:
        assert link.startswith((binder_link() + "?urlpath=lab/tree/",
                                binder_link(branch=STUDENT_BRANCH) + "?urlpath=lab/tree/")), link
        target = ROOT / link.split("urlpath=lab/tree/")[1]
        assert target.parent in (NOTEBOOKS, NOTEBOOKS / "ko") and target.name in names, link


def test_every_notebook_has_launch_links_and_a_file_link() -> None:
    for path in notebook_paths():
        rel = f"notebooks/{path.name}"
        assert binder_link(path=rel) in README, path.name
        assert binder_link(branch=STUDENT_BRANCH, path=rel) in README, path.name  # the student release
        assert f"]({rel})" in README, path.name


def test_no_install_from_a_package_index() -> None:
    """The package is on no index: nobody is told to ``pip install korea-notes``."""
    for text in (README, GUIDE, GUIDE_KO):
        assert not re.search(r"pip install (-U )?korea[-_]notes(?![-\w.])", text)
    assert "make wheel" in README and "make wheel" in GUIDE and "make wheel" in GUIDE_KO


@pytest.mark.parametrize("guide", [GUIDE, GUIDE_KO], ids=["en", "ko"])
def test_guide_sessions_agree_with_the_course_plan(guide: str) -> None:
    """The session table in each guide is what `korea-notes course-plan --session-minutes 150` gives."""
    rows = re.findall(r"^\| (\d+) \| (\d\d)(?:–(\d\d))? \|", guide, re.MULTILINE)
    assert rows, "the guide has a session table"
    plan = course_plan(NOTEBOOKS, session_minutes=150)
    expected = []
    for session, group in plan.groupby("session"):
        numbers = [n[:2] for n in group["notebook"]]
        expected.append((str(session), numbers[0], numbers[-1] if len(numbers) > 1 else ""))
    assert rows == expected


def _korean_section() -> str:
    match = re.search(r"^## 한국어판.*?(?=^## (?!#))", README, re.MULTILINE | re.DOTALL)
    assert match, "the README has a Korean section (## 한국어판)"
    return match[0]


def test_korean_section_has_the_two_commands_and_opens_the_korean_notebooks() -> None:
    section = _korean_section()
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    lab = re.search(r"^lab-ko: (.*)\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert lab and lab[1].split() == ["setup-runtime"], "make lab-ko needs only the runtime"
    assert "scripts/install_fonts.sh" in lab[2] and (ROOT / "scripts" / "install_fonts.sh").is_file()
    assert "--ServerApp.root_dir=. notebooks/ko/00_start_here.ipynb" in lab[2]
    assert "make lab-ko" in section and "make test" in section
    assert "docs/instructors.ko.md" in section and (ROOT / "docs" / "instructors.ko.md").is_file()
    assert len(re.findall(r"[\uac00-\ud7a3]", section)) > 200, "the section is written in Korean"
    for path in korean_paths():
        rel = f"notebooks/ko/{path.name}"
        assert binder_link(path=rel) in section, path.name
        assert binder_link(branch=STUDENT_BRANCH, path=rel) in section, path.name
        assert f"]({rel})" in section, path.name
    start = binder_link(path="notebooks/ko/00_start_here.ipynb")
    assert f"[![Binder](https://mybinder.org/badge_logo.svg)]({start})" in section


def test_badge_opens_start_here() -> None:
    start = binder_link(path="notebooks/00_start_here.ipynb")
    assert f"[![Binder](https://mybinder.org/badge_logo.svg)]({start})" in README


def test_make_lab_needs_only_the_runtime_and_opens_at_the_root() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    lab = re.search(r"^lab: (.*)\n\t(.*)$", makefile, re.MULTILINE)
    assert lab and lab[1].split() == ["setup-runtime"]
    assert "--ServerApp.root_dir=. notebooks/00_start_here.ipynb" in lab[2]
    runtime = re.search(r"^\$\(RUNTIME_STAMP\):.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert runtime and 'pip install -e .\n' in runtime[1] and "[test]" not in runtime[1]
    assert re.search(r"^test: setup-test\b", makefile, re.MULTILINE)
    assert re.search(r"^student-release: .*\n\t.*korea-notes release-student build/student-release", makefile,
                     re.MULTILINE)


def test_korean_guide_has_the_english_sections_and_commands() -> None:
    """docs/instructors.ko.md: as many sections as the English guide, and every command the English gives."""
    def commands(text: str) -> set[str]:
        return {line.split("#")[0].strip() for line in re.findall(r"^(korea-notes [^\n]*|make [\w-]+)", text,
                                                                   re.MULTILINE)}

    assert len(re.findall(r"^## ", GUIDE_KO, re.MULTILINE)) == len(re.findall(r"^## ", GUIDE, re.MULTILINE))
    missing = commands(GUIDE) - commands(GUIDE_KO)
    assert not missing, f"commands of the English guide missing from the Korean: {sorted(missing)}"
    assert "instructors.md" in GUIDE_KO and "notebooks/ko" in GUIDE_KO
