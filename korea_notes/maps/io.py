"""Write a map to an HTML file atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import folium


def save_map(m: folium.Map, path: str | os.PathLike[str]) -> Path:
    """Write ``m`` as a standalone HTML file, atomically (a temporary file, then ``os.replace``).

    A reader never sees a half-written file, and an error leaves any earlier file as it was.

    Parameters
    ----------
    m
        The map.
    path
        The HTML file to write; its folder is created if needed.

    Returns
    -------
    pathlib.Path
        The path written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from korea_notes.maps import armistice_map
    >>> out = save_map(armistice_map(offline=True), pathlib.Path(tempfile.mkdtemp()) / "map.html")
    >>> out.stat().st_size > 100_000
    True

    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    html = m.get_root().render()
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(html)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
