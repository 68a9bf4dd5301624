"""Alt text for the charts: each chart stores a plain-language description on its Axes.

Every chart function in :mod:`korea_notes.charts` ends by calling :func:`set_description`, so
``describe(ax)`` always says what the chart shows and the main thing it finds in the data. In a notebook,
put ``kn.charts.caption(ax)`` as the last line of the cell (or in the next cell) to show it as Markdown
under the figure; screen-reader users and readers of a greyscale print get the same information.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from matplotlib.axes import Axes

from ..errors import KoreaNotesError

#: The Axes attribute that holds the description.
ATTRIBUTE = "korea_notes_description"


class Caption(str):
    """A description that Jupyter displays as Markdown (and that is still a plain ``str``).

    Examples
    --------
    >>> Caption("**Figure.** Five bars.")._repr_markdown_()
    '**Figure.** Five bars.'

    """

    def _repr_markdown_(self) -> str:
        return str(self)


def set_description(ax: Axes, text: str) -> Axes:
    """Attach a plain-language description (alt text) to an Axes.

    Parameters
    ----------
    ax
        The Axes a chart was drawn on.
    text
        What the chart shows and its main finding, in sentences.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, so a chart function can ``return set_description(ax, text)``.

    Raises
    ------
    KoreaNotesError
        If ``ax`` is not an Axes or ``text`` is empty.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> describe(set_description(ax, "An empty chart."))
    'An empty chart.'
    >>> plt.close(fig)

    """
    _check_axes(ax)
    if not isinstance(text, str) or not text.strip():
        raise KoreaNotesError("a chart description must be a non-empty string")
    setattr(ax, ATTRIBUTE, " ".join(text.split()))
    return ax


def describe(ax: Any) -> str:
    """Return the plain-language description a chart function attached to ``ax``.

    Parameters
    ----------
    ax
        An Axes returned by a :mod:`korea_notes.charts` function.

    Returns
    -------
    str
        The description: what is shown, then the main finding.

    Raises
    ------
    KoreaNotesError
        If ``ax`` is not an Axes, or no chart function has described it.

    Examples
    --------
    >>> from korea_notes.charts import agenda_durations
    >>> ax = agenda_durations()
    >>> describe(ax).startswith("Horizontal bar chart")
    True

    """
    _check_axes(ax)
    text = getattr(ax, ATTRIBUTE, None)
    if not text:
        raise KoreaNotesError(
            "this Axes has no description",
            hint="draw it with a korea_notes.charts function, or call set_description(ax, text)",
        )
    return text


def caption(ax: Any, *, label: str = "Figure") -> Caption:
    """Return the description as a Markdown caption to show under the figure in a notebook.

    Parameters
    ----------
    ax
        An Axes returned by a :mod:`korea_notes.charts` function.
    label
        The bold lead-in, e.g. ``"Figure 3"``.

    Returns
    -------
    Caption
        A ``str`` subclass that Jupyter renders as Markdown.

    Raises
    ------
    KoreaNotesError
        If ``ax`` is not an Axes, or has no description.

    Examples
    --------
    >>> from korea_notes.charts import agenda_durations
    >>> caption(agenda_durations(), label="Figure 1").startswith("**Figure 1.** Horizontal bar chart")
    True

    """
    return Caption(f"**{label}.** {describe(ax)}")


#: Another name for :func:`caption`.
show_description = caption


def save_figure(ax: Any, path: str | Path, **savefig_kwargs: Any) -> Path:
    """Save the figure holding ``ax`` and embed the description in the file's metadata.

    PNG files get a ``Description`` text chunk, SVG and PDF files their description or subject field.

    Parameters
    ----------
    ax
        An Axes returned by a :mod:`korea_notes.charts` function.
    path
        Where to write; the suffix chooses the format.
    **savefig_kwargs
        Passed on to :meth:`matplotlib.figure.Figure.savefig` (e.g. ``dpi=150``).

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    KoreaNotesError
        If ``ax`` is not an Axes, or has no description.

    """
    text = describe(ax)
    path = Path(path)
    suffix = path.suffix.lower()
    metadata = dict(savefig_kwargs.pop("metadata", {}) or {})
    if suffix == ".png":
        metadata.setdefault("Description", text)
    elif suffix == ".svg":
        metadata.setdefault("Description", text)
    elif suffix == ".pdf":
        metadata.setdefault("Subject", text)
    ax.figure.savefig(path, metadata=metadata or None, **savefig_kwargs)
    return path


def _check_axes(ax: Any) -> None:
    if not isinstance(ax, Axes):
        raise KoreaNotesError(
            f"The value for `ax` must be a matplotlib Axes, but {type(ax).__name__} {ax!r} was passed"
        )
