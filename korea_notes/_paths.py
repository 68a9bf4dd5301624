"""Where the data lives: inside a built wheel, or beside the package in a source checkout."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from .errors import KoreaNotesError

DATA_ENV_VAR = "KOREA_NOTES_DATA"
DESCRIPTOR_NAME = "datapackage.json"


def default_data_dir() -> Path:
    """Return the folder holding ``datapackage.json`` and the datasets.

    The folder is looked for in this order: the ``KOREA_NOTES_DATA`` environment variable, the copy
    packaged inside an installed wheel (``korea_notes/data``), and the ``data/`` folder of a source
    checkout (an editable install).

    Returns
    -------
    pathlib.Path
        The data folder.

    Raises
    ------
    KoreaNotesError
        If no folder with a ``datapackage.json`` is found.

    """
    candidates: list[Path] = []
    if os.environ.get(DATA_ENV_VAR):
        candidates.append(Path(os.environ[DATA_ENV_VAR]))
    candidates.append(Path(str(resources.files("korea_notes") / "data")))
    candidates.append(Path(__file__).resolve().parent.parent / "data")
    for folder in candidates:
        if (folder / DESCRIPTOR_NAME).is_file():
            return folder
    tried = ", ".join(str(c) for c in candidates)
    raise KoreaNotesError(
        f"no {DESCRIPTOR_NAME} found (looked in {tried})",
        hint=f"reinstall korea-notes, or set {DATA_ENV_VAR} to the data folder",
    )


def resolve_data_dir(data_dir: str | os.PathLike[str] | None) -> Path:
    """Return ``data_dir`` as a Path, or the default data folder when it is None.

    Parameters
    ----------
    data_dir
        A folder holding ``datapackage.json``, or None for the collection's own data.

    Returns
    -------
    pathlib.Path
        The folder.

    """
    return default_data_dir() if data_dir is None else Path(data_dir)
