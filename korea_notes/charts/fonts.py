"""Fonts for Korean text in matplotlib figures: Latin from DejaVu Sans, Hangul from Noto Sans CJK KR.

Matplotlib (3.6 and later) falls back from font to font glyph by glyph: for each character it uses the
first family in ``font.family`` that has it. :data:`FONT_FALLBACK` puts DejaVu Sans (matplotlib's own
font, so English charts look exactly as before) first and a Korean font after it, so a Korean title such
as ``"정전회담, 1951년 7월"`` takes its digits and Latin letters from DejaVu Sans and its Hangul (and
Chinese characters such as 彭德怀) from Noto Sans CJK KR.

When it applies: importing :mod:`korea_notes.charts` (or ``kn.charts``, or :mod:`korea_notes.maps` for its
static maps) calls :func:`use_font_fallback` once, so every figure drawn afterwards in that Python
session can show Hangul, the collection's charts and the reader's own ``ax.set_title("한국어")`` alike.
Call it again after ``plt.rcdefaults()`` or a ``plt.style.use(...)`` that resets fonts.

The Korean font comes from the system: on Debian/Ubuntu ``apt-get install fonts-noto-cjk``, with conda
``conda install -c conda-forge font-ttf-noto-cjk``, or any of the families in :data:`FONT_FALLBACK`. Without one,
matplotlib draws empty boxes for Hangul and warns "Glyph ... missing from font(s)"; :func:`korean_font`
says which font (if any) was found.

>>> from korea_notes.charts.fonts import FONT_FALLBACK, use_font_fallback
>>> FONT_FALLBACK[:2]
['DejaVu Sans', 'Noto Sans CJK KR']
>>> import matplotlib
>>> use_font_fallback()[0]
'DejaVu Sans'
>>> matplotlib.rcParams["font.family"][0], matplotlib.rcParams["font.sans-serif"][0]
('DejaVu Sans', 'DejaVu Sans')
"""

from __future__ import annotations

#: Font families tried in turn, glyph by glyph: DejaVu Sans (Latin, digits; matplotlib's default), then
#: Korean fonts, the first of which is the one installed on Debian/Ubuntu by ``fonts-noto-cjk``; the
#: others are common on Windows (Malgun Gothic), macOS (Apple SD Gothic Neo, AppleGothic) and Linux
#: (Nanum fonts, Noto Sans KR).
FONT_FALLBACK: list[str] = [
    "DejaVu Sans",
    "Noto Sans CJK KR",
    "Noto Sans KR",
    "Source Han Sans KR",
    "NanumGothic",
    "NanumBarunGothic",
    "Malgun Gothic",
    "Apple SD Gothic Neo",
    "AppleGothic",
]

#: The families of :data:`FONT_FALLBACK` that can draw Hangul (all but the first).
KOREAN_FAMILIES: tuple[str, ...] = tuple(FONT_FALLBACK[1:])

#: What to do when no Korean font is installed (for messages and tests).
INSTALL_HINT = (
    "install a Korean font: `apt-get install fonts-noto-cjk` (Debian/Ubuntu), "
    "`conda install -c conda-forge font-ttf-noto-cjk`, or any of " + ", ".join(KOREAN_FAMILIES)
)


def installed_families() -> set[str]:
    """Return the names of the font families matplotlib knows on this machine.

    Returns
    -------
    set of str
        Family names, e.g. ``{"DejaVu Sans", "Noto Sans CJK KR", ...}``.

    """
    from matplotlib import font_manager

    return {entry.name for entry in font_manager.fontManager.ttflist}


def korean_font() -> str | None:
    """Return the first family of :data:`KOREAN_FAMILIES` that is installed, or None.

    Returns
    -------
    str or None
        E.g. ``"Noto Sans CJK KR"``; None when no Korean font is installed (see :data:`INSTALL_HINT`).

    """
    known = installed_families()
    return next((family for family in KOREAN_FAMILIES if family in known), None)


def use_font_fallback() -> list[str]:
    """Make matplotlib draw text with :data:`FONT_FALLBACK`: DejaVu Sans first, then a Korean font.

    Sets ``rcParams["font.family"]`` to the installed families of :data:`FONT_FALLBACK`, in order, and puts
    them at the front of ``rcParams["font.sans-serif"]`` too (the families already there follow, without
    repeats). Matplotlib falls back glyph by glyph only across the families *named* in ``font.family`` (the
    generic ``"sans-serif"`` stands for one font, the first one installed), hence the explicit list.
    Families that are not installed are left out, so matplotlib does not log "font family not found" for
    every text. Calling it again changes nothing more.

    Returns
    -------
    list of str
        The families now in ``font.family`` (and first in ``font.sans-serif``), e.g.
        ``["DejaVu Sans", "Noto Sans CJK KR"]``.

    Examples
    --------
    >>> families = use_font_fallback()
    >>> families == use_font_fallback()
    True

    """
    import matplotlib

    known = installed_families()
    chosen = [family for family in FONT_FALLBACK if family in known or family == FONT_FALLBACK[0]]
    rest = [family for family in matplotlib.rcParams["font.sans-serif"] if family not in chosen]
    matplotlib.rcParams["font.family"] = list(chosen)
    matplotlib.rcParams["font.sans-serif"] = chosen + rest
    return chosen
