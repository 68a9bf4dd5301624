"""Alt text for the charts: each chart stores a plain-language description on its Axes.

Every chart function in :mod:`korea_notes.charts` ends by calling :func:`set_description`, so
``describe(ax)`` always says what the chart shows and the main thing it finds in the data. In a notebook,
``display(Markdown(kn.charts.caption(ax)))`` shows the figure and then, under it, the caption (the figure is
shown at once rather than at the end of the cell); screen-reader users and readers of a greyscale print get
the same information.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from matplotlib.axes import Axes

from ..errors import KoreaNotesError
from ..i18n import check_lang, pick

#: The Axes attribute that holds the description.
ATTRIBUTE = "korea_notes_description"
#: The Axes attribute that holds the description's main finding (a part of the description).
FINDING_ATTRIBUTE = "korea_notes_finding"
#: The Axes attribute that holds the language of the description (``"en"`` or ``"ko"``), when given.
LANG_ATTRIBUTE = "korea_notes_lang"
#: The Axes attribute a map sets to ``"map"``, so its Korean caption leads with 지도 rather than 그림.
KIND_ATTRIBUTE = "korea_notes_kind"

#: The default bold lead-in of a caption, per kind of Axes and language.
CAPTION_LABELS: dict[str, dict[str, str]] = {
    "chart": {"en": "Figure", "ko": "그림"},
    "map": {"en": "Figure", "ko": "지도"},
}


class Caption(str):
    """A description that Jupyter displays as Markdown (and that is still a plain ``str``).

    Examples
    --------
    >>> Caption("**Figure.** Five bars.")._repr_markdown_()
    '**Figure.** Five bars.'

    """

    def _repr_markdown_(self) -> str:
        return str(self)


def set_description(ax: Axes, text: str, *, finding: str | None = None, lang: str | None = None) -> Axes:
    """Attach a plain-language description (alt text) to an Axes.

    Parameters
    ----------
    ax
        The Axes a chart was drawn on.
    text
        What the chart shows and its main finding, in sentences.
    finding
        The sentence of ``text`` that states the main finding, if a notebook may need to show the caption
        without it (when an exercise below asks the reader to find it in the chart; see :func:`caption`).
    lang
        The language of ``text``, ``"en"`` or ``"ko"``; :func:`caption` then leads in that language unless told
        otherwise. None (the default) leaves it unsaid (English).

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, so a chart function can ``return set_description(ax, text)``.

    Raises
    ------
    KoreaNotesError
        If ``ax`` is not an Axes, ``text`` is empty or ``lang`` is not a language of the collection.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> describe(set_description(ax, "An empty chart."))
    'An empty chart.'
    >>> plt.close(fig)

    """
    _check_axes(ax)
    if lang is not None:
        check_lang(lang)
    if not isinstance(text, str) or not text.strip():
        raise KoreaNotesError("a chart description must be a non-empty string")
    text = " ".join(text.split())
    finding = " ".join(finding.split()) if finding else None
    if finding and finding not in text:
        raise KoreaNotesError("a chart's finding must be a part of its description")
    setattr(ax, ATTRIBUTE, text)
    setattr(ax, FINDING_ATTRIBUTE, finding)
    setattr(ax, LANG_ATTRIBUTE, lang)
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


def caption(
    ax: Any, *, label: str | None = None, finding: bool = True, show: bool | None = None, lang: str | None = None
) -> Caption:
    """Return the description as a Markdown caption, after showing the figure so the caption comes under it.

    In a notebook, JupyterLab's inline backend shows a figure only when the cell ends, so a caption
    displayed in the same cell (``display(Markdown(kn.charts.caption(ax)))``) would come above its figure.
    ``caption`` therefore first shows the figure (``IPython.display.display``) and closes it, so the
    inline backend does not show it a second time; then the caption follows, under the figure.

    Parameters
    ----------
    ax
        An Axes returned by a :mod:`korea_notes.charts` function (or :func:`korea_notes.maps.static_map`).
    label
        The bold lead-in, e.g. ``"Figure 3"`` or ``"그림 3"``; by default ``"Figure"``, in Korean ``"그림"``
        (``"지도"`` for a map, an Axes whose ``korea_notes_kind`` is ``"map"``).
    finding
        False leaves out the sentence that states the chart's main finding (the ``finding`` given to
        :func:`set_description`), for a caption above an exercise that asks the reader to find it.
    show
        Show the figure first: True always, False never; None (the default) only in a Jupyter kernel
        whose matplotlib backend is the inline one (elsewhere figures are not shown at cell end anyway).
    lang
        ``"en"`` or ``"ko"`` (Korean, 한국어): the language of the default label. None (the default) takes the
        language the chart was drawn in (``lang=`` of the chart function), else English.

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
    >>> caption(agenda_durations(lang="ko")).startswith("**그림.** ")
    True

    """
    text = describe(ax)
    if lang is None:
        lang = getattr(ax, LANG_ATTRIBUTE, None) or "en"
    check_lang(lang)
    if label is None:
        kind = "map" if getattr(ax, KIND_ATTRIBUTE, None) == "map" else "chart"
        label = pick(CAPTION_LABELS[kind], lang)
    if not finding:
        kept = getattr(ax, FINDING_ATTRIBUTE, None)
        if kept:
            text = " ".join(text.replace(kept, " ").split())
    text = Caption(f"**{label}.** {text}")
    if show is None:
        show = _inline_kernel()
    if show:
        show_figure(ax)
    return text


def show_figure(ax: Any) -> bool:
    """Show the figure holding ``ax`` now (in a notebook: as an output of the running cell) and close it.

    Parameters
    ----------
    ax
        An Axes.

    Returns
    -------
    bool
        True if the figure was shown; False if pyplot had closed it already (it was shown before).

    Raises
    ------
    KoreaNotesError
        If ``ax`` is not an Axes.

    """
    _check_axes(ax)
    import matplotlib.pyplot as plt
    from IPython.display import display
    from matplotlib._pylab_helpers import Gcf

    try:
        figure = ax.get_figure(root=True)
    except TypeError:  # matplotlib < 3.10
        figure = ax.figure
    manager = Gcf.get_fig_manager(getattr(figure, "number", -1))
    if manager is None or manager.canvas.figure is not figure:
        return False  # not a pyplot figure, or closed (shown) already
    display(figure)
    plt.close(figure)
    return True


def _inline_kernel() -> bool:
    """Return whether we run in a Jupyter kernel that shows figures with the inline backend."""
    import sys

    if "ipykernel" not in sys.modules:
        return False
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        return False
    shell = get_ipython()
    if shell is None or not hasattr(shell, "kernel"):
        return False
    import matplotlib

    return "inline" in matplotlib.get_backend().lower()


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
