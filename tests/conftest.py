"""Shared fixtures: the network is off for tests, and a throw-away copy of the data folder."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NONET = ROOT / "korea_notes" / "_nonet"

# Block non-loopback connections in this process and in every child Python (notebook kernels, CLI).
sys.path.insert(0, str(NONET))
import sitecustomize  # noqa: E402,F401  (installs the guard on import)

os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(NONET), os.environ.get("PYTHONPATH")]))


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where tests keep screenshots and PNGs for a person to look at."""
    folder = Path(os.environ.get("KOREA_NOTES_ARTIFACTS", ROOT / "artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder
