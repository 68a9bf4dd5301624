"""How a map shows in a notebook: the interactive map in an iframe over a static picture of the same layers.

folium's own notebook output is an iframe with the text "Make this Notebook Trusted to load map: File ->
Trust Notebook" behind it. Where scripts cannot run that text is all a reader sees, and JupyterLab 4 has no
such menu item. Our maps (:class:`KoreaMap`) show instead:

* where scripts run (a trusted notebook, the saved HTML, the website): the interactive map, in an iframe
  with a ``title`` that covers everything below;
* where they cannot (an untrusted notebook in JupyterLab, whose HTML sanitizer removes the iframe;
  GitHub's viewer; an iframe whose Leaflet could not load): a PNG picture of the same layers drawn by
  :func:`korea_notes.maps.static.static_picture`, with alt text, and one line saying how to get the
  interactive map.
"""

from __future__ import annotations

import base64
import html
import io
from typing import Any

import folium

from ..i18n import check_lang, pick
from ._spec import MapLayers

#: The line under the static picture (hidden under the interactive map where scripts run), per language.
FALLBACK_NOTES = {
    "en": ("Static picture of an interactive map: scripts do not run in this view. To use the map, "
           "run the cell in JupyterLab (or choose \u201cTrust Notebook\u201d in the command palette), "
           "or open the saved HTML page."),
    "ko": ("대화형 지도의 정적 그림: 이 화면에서는 스크립트가 실행되지 않는다. 지도를 사용하려면 JupyterLab에서 "
           "셀을 실행하거나 명령 팔레트에서 \u201cTrust Notebook\u201d(노트북 신뢰)을 선택하세요. "
           "저장된 HTML 페이지를 열어도 된다."),
}
#: The English fallback note (see :func:`fallback_note` for other languages).
FALLBACK_NOTE = FALLBACK_NOTES["en"]


def fallback_note(lang: str = "en") -> str:
    """Return the line shown under a map's static picture, saying how to get the interactive map.

    Parameters
    ----------
    lang
        ``"en"`` or ``"ko"`` (Korean, 한국어).

    Returns
    -------
    str
        Plain text.

    Examples
    --------
    >>> "Trust Notebook" in fallback_note("ko")
    True

    """
    return pick(FALLBACK_NOTES, lang)
_NO_RECORD = {"en": "Static picture of an interactive map", "ko": "대화형 지도의 정적 그림"}
PICTURE_DPI = 100
PICTURE_COLOURS = 128  # the PNG is reduced to a palette of this many colours (about a quarter the size)


class KoreaMap(folium.Map):
    """A :class:`folium.Map` that shows a static picture of its layers where scripts cannot run.

    Everything else is folium's: build it, add layers, ``save`` or :func:`korea_notes.maps.save_map` it.
    The map functions of :mod:`korea_notes.maps` return one and fill :attr:`korea_notes_layers`.

    Parameters
    ----------
    *args, **kwargs
        As for :class:`folium.Map`.

    """

    korea_notes_layers: MapLayers | None = None
    """What the map shows (title, marker layers, hidden lines, first view), for the static picture."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._fallback_png: bytes | None = None

    def static_png(self) -> bytes:
        """Return a PNG picture of the map's layers (drawn once, then kept).

        Returns
        -------
        bytes
            The PNG; empty when the map has no record of its layers (a map not built by korea_notes).

        """
        if self._fallback_png is None:
            self._fallback_png = b"" if self.korea_notes_layers is None else picture_png(self.korea_notes_layers)
        return self._fallback_png

    def alt_text(self, lang: str | None = None) -> str:
        """Return the static picture's alt text (what the map shows, the places it marks, its precision).

        Parameters
        ----------
        lang
            ``"en"`` or ``"ko"``; None (the default) uses the map's own language.

        Returns
        -------
        str
            Plain text.

        """
        if lang is not None:
            check_lang(lang)
        if self.korea_notes_layers is None:
            return pick(_NO_RECORD, lang or "en")
        from .static import map_description

        return map_description(self.korea_notes_layers, lang=lang)

    def _repr_html_(self, **kwargs: Any) -> str:
        return notebook_html(self, **kwargs)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/html": self._repr_html_(), "text/plain": self._plain_text()}

    def _plain_text(self) -> str:
        layers = self.korea_notes_layers
        if layers is not None and layers.lang == "ko":
            return f"대화형 지도: {layers.title} (노트북의 HTML 출력이 표시되는 곳에서 보인다)"
        title = layers.title if layers else "map"
        return f"Interactive map: {title} (shown where the notebook's HTML output is displayed)"


def picture_png(layers: MapLayers) -> bytes:
    """Draw ``layers`` with matplotlib (off screen) and return a small palette PNG.

    Parameters
    ----------
    layers
        An interactive map's record of its layers.

    Returns
    -------
    bytes
        The PNG.

    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from PIL import Image

    from .static import PICTURE_SIZE, static_picture

    figure = Figure(figsize=PICTURE_SIZE, layout="constrained")  # not pyplot's: nothing shows by itself
    FigureCanvasAgg(figure)
    static_picture(layers, figure.add_subplot())
    raw = io.BytesIO()
    figure.savefig(raw, format="png", dpi=PICTURE_DPI)
    image = Image.open(io.BytesIO(raw.getvalue())).convert("RGB").quantize(colors=PICTURE_COLOURS,
                                                                  method=Image.Quantize.FASTOCTREE)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


_FRAME_TITLE = {"en": "Interactive map", "ko": "대화형 지도"}


def map_title(m: folium.Map, lang: str | None = None) -> str:
    """Return a title for the map's iframe (axe's frame-title rule): ``"Interactive map: <title>"``.

    Parameters
    ----------
    m
        The map.
    lang
        ``"en"`` or ``"ko"`` (``"대화형 지도: <title>"``); None (the default) uses the map's own language.

    Returns
    -------
    str
        Plain text.

    """
    layers = getattr(m, "korea_notes_layers", None)
    lang = check_lang(lang if lang is not None else (layers.lang if layers is not None else "en"))
    head = pick(_FRAME_TITLE, lang)
    return f"{head}: {layers.title}" if layers is not None else head


def notebook_html(m: KoreaMap, **kwargs: Any) -> str:
    """Return a map's notebook output: the static picture and a note, with the interactive iframe on top.

    The picture sits in the normal flow and sets the block's height (the map's 10:6 shape); the iframe is
    laid over the whole block. When scripts run the iframe's map hides the picture; when the iframe is
    removed (untrusted output) or stays empty, the picture and the note show.

    Parameters
    ----------
    m
        The map.
    **kwargs
        Passed to the map's ``render``.

    Returns
    -------
    str
        HTML.

    """
    root = m.get_root() if m._parent is not None else None
    if root is None:
        m.add_to(folium.Figure())
        root = m._parent
        try:
            document = root.render(**kwargs)
        finally:
            m._parent = None
    else:
        document = root.render(**kwargs)
    title = html.escape(map_title(m), quote=True)
    png = m.static_png()
    if png:
        picture = (f'<img src="data:image/png;base64,{base64.b64encode(png).decode("ascii")}" '
                   f'alt="{html.escape(m.alt_text(), quote=True)}" class="korea-notes-map-picture" '
                   'style="display:block;width:100%;height:auto;max-width:100%">')
    else:
        picture = '<div style="width:100%;aspect-ratio:10/6"></div>'
    lang = m.korea_notes_layers.lang if m.korea_notes_layers is not None else "en"
    lang_attr = ' lang="ko"' if lang == "ko" else ""
    note = (f'<p class="korea-notes-map-note"{lang_attr} style="margin:2px 0 0 0;font-size:12px;color:#444">'
            f"{html.escape(fallback_note(lang))}</p>")
    frame = (f'<iframe title="{title}" srcdoc="{html.escape(document, quote=True)}" '
             'style="position:absolute;left:0;top:0;width:100%;height:100%;border:none !important" '
             'allowfullscreen webkitallowfullscreen mozallowfullscreen></iframe>')
    return (f'<div class="korea-notes-map"{lang_attr} style="position:relative;width:100%;">'
            f"{picture}{note}{frame}</div>")
