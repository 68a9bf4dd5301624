"""environment.yml (conda, Binder) and pyproject.toml name the same runtime packages."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
_NAME = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$")


def _split(requirement: str) -> tuple[str, str]:
    match = _NAME.match(requirement)
    assert match, requirement
    return match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")


def _pyproject() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return dict(_split(r) for r in project["dependencies"])


def _environment() -> tuple[dict[str, str], str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    python = ""
    for item in env["dependencies"]:
        entries = item["pip"] if isinstance(item, dict) else [item]
        for entry in entries:
            name, spec = _split(entry.replace("=", "==", 1) if re.match(r"^[\w\-]+=[^=]", entry) else entry)
            if name == "python":
                python = spec
            elif name != "pip":
                found[name] = spec
    return found, python


def test_same_packages_and_versions() -> None:
    conda, _ = _environment()
    assert conda == _pyproject()


def test_python_version_satisfies_requires_python() -> None:
    _, python = _environment()
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
    minimum = tuple(int(p) for p in requires.removeprefix(">=").split("."))
    assert tuple(int(p) for p in python.strip("=").split(".")) >= minimum


def test_binder_postbuild_installs_the_package() -> None:
    text = (ROOT / "postBuild").read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env bash") and "set -euo pipefail" in text
    assert "pip install" in text and "-e ." in text
    assert not (ROOT / "binder").exists(), "a binder/ folder would make repo2docker ignore the root files"
