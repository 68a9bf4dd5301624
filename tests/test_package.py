"""The package as students meet it: quick import, data found from a checkout and from a built wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import korea_notes as kn
from korea_notes._paths import default_data_dir

ROOT = Path(__file__).resolve().parent.parent


def _run(code: str, cwd: Path, env_path: str | None = None) -> str:
    env = None
    if env_path is not None:
        import os

        env = {**os.environ, "PYTHONPATH": env_path}
    result = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_import_does_not_load_folium_or_matplotlib(tmp_path: Path) -> None:
    out = _run("import sys, korea_notes; print(sorted(m for m in ('folium', 'matplotlib', 'branca') "
               "if m in sys.modules))", tmp_path)
    assert out == "[]"


def test_submodules_load_on_first_use() -> None:
    assert kn.__getattr__("exercises").__name__ == "korea_notes.teaching.exercises"
    with pytest.raises(AttributeError):
        kn.__getattr__("no_such_module")


def test_editable_install_reads_the_checkout_data() -> None:
    assert default_data_dir().resolve() == (ROOT / "data").resolve()


def test_env_var_points_to_another_data_folder(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOREA_NOTES_DATA", str(data_copy))
    assert default_data_dir() == data_copy


@pytest.mark.slow
@pytest.mark.xdist_group("wheel")
def test_built_wheel_carries_and_finds_the_data(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next(dist.glob("korea_notes-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "korea_notes/data/datapackage.json" in names
    assert "korea_notes/data/events.csv" in names
    assert any(n.startswith("korea_notes/data/geo/") for n in names)
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = ("import korea_notes as kn; from korea_notes._paths import default_data_dir; "
            "print(default_data_dir()); print(len(kn.load_dataset('events')))")
    out = _run(code, tmp_path, env_path=str(site)).splitlines()
    assert Path(out[0]).resolve() == (site / "korea_notes" / "data").resolve()
    assert int(out[1]) == len(kn.load_dataset("events"))
