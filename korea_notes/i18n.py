"""The collection's two languages: English (``"en"``, the default) and Korean (``"ko"``).

Every chart, map and self-check takes ``lang="en"`` or ``lang="ko"``. This module holds what they share:
the list of languages, the check of a ``lang`` argument, and the rule that picks a table's Korean column
(``title`` → ``title_ko``). It sits low, beside the data layer, so every layer above may use it.

>>> from korea_notes.i18n import check_lang, localized_column
>>> check_lang("ko")
'ko'
>>> localized_column("summary", "ko")
'summary_ko'
>>> localized_column("summary", "en")
'summary'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from .errors import KoreaNotesError

LANGUAGES: tuple[str, ...] = ("en", "ko")
"""The languages of the collection, English first (the default)."""

DEFAULT_LANG = "en"

LANGUAGE_NAMES: Mapping[str, str] = {"en": "English", "ko": "한국어"}
"""Each language's name in that language (for language switches and headings)."""

KOREAN_SUFFIX = "_ko"
"""A table's Korean column is its English column's name plus this suffix (``summary`` → ``summary_ko``)."""


def check_lang(lang: object) -> str:
    """Return ``lang`` if it is one of the collection's languages, else raise a clear error.

    Parameters
    ----------
    lang
        ``"en"`` (English) or ``"ko"`` (Korean, 한국어).

    Returns
    -------
    str
        The language code, unchanged.

    Raises
    ------
    KoreaNotesError
        If ``lang`` is not ``"en"`` or ``"ko"``.

    Examples
    --------
    >>> check_lang("en")
    'en'
    >>> check_lang("kr")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    korea_notes.errors.KoreaNotesError: The value for `lang` must be one of ['en', 'ko'], but 'kr' was passed ...

    """
    if isinstance(lang, str) and lang in LANGUAGES:
        return lang
    raise KoreaNotesError(
        f"The value for `lang` must be one of {list(LANGUAGES)}, but {lang!r} was passed",
        hint='use "ko" for Korean, 한국어',
    )


_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")


def format_date(value: dt.date | str, *, lang: str = DEFAULT_LANG, precision: str = "day") -> str:
    """Write a date for a reader: ``'27 July 1953'``, in Korean ``'1953년 7월 27일'``, with no leading zeros.

    Parameters
    ----------
    value
        A date, a datetime (a pandas ``Timestamp`` is one) or an ISO string ``'YYYY-MM-DD'``.
    lang
        ``"en"`` or ``"ko"``.
    precision
        ``"day"``, ``"month"`` or ``"year"``, as the tables' precision columns give it: a date known only to
        the month is written as the month (``'July 1953'``, ``'1953년 7월'``).

    Returns
    -------
    str

    Raises
    ------
    KoreaNotesError
        If the language or the precision is unknown, or the value is not a date.

    Examples
    --------
    >>> format_date("1948-09-09"), format_date("1948-09-09", lang="ko")
    ('9 September 1948', '1948년 9월 9일')
    >>> format_date("1952-05-01", precision="month", lang="ko")
    '1952년 5월'

    """
    code = check_lang(lang)
    if precision not in ("day", "month", "year"):
        raise KoreaNotesError(f"The value for `precision` must be one of ['day', 'month', 'year'], but "
                              f"{precision!r} was passed")
    try:
        day = dt.date.fromisoformat(value[:10]) if isinstance(value, str) else dt.date(value.year, value.month,
                                                                                        value.day)
    except (TypeError, ValueError, AttributeError):
        raise KoreaNotesError(f"{value!r} is not a date", hint="give a date or 'YYYY-MM-DD'") from None
    if code == "ko":
        parts = [f"{day.year}년", f"{day.month}월", f"{day.day}일"]
        return " ".join(parts[: {"year": 1, "month": 2, "day": 3}[precision]])
    month = _MONTHS_EN[day.month - 1]
    return {"year": f"{day.year}", "month": f"{month} {day.year}", "day": f"{day.day} {month} {day.year}"}[precision]


def localized_column(column: str, lang: str) -> str:
    """Return the name of the column that holds ``column``'s text in ``lang``.

    Parameters
    ----------
    column
        The English column, e.g. ``"title"``.
    lang
        ``"en"`` or ``"ko"``.

    Returns
    -------
    str
        ``column`` itself in English, ``column + "_ko"`` in Korean.

    Examples
    --------
    >>> localized_column("definition", "ko")
    'definition_ko'

    """
    return column if check_lang(lang) == "en" else column + KOREAN_SUFFIX


def pick(texts: Mapping[str, str], lang: str) -> str:
    """Return the text for ``lang`` from a mapping of language code to text.

    Parameters
    ----------
    texts
        For example ``{"en": "Figure", "ko": "그림"}``; must hold both languages.
    lang
        ``"en"`` or ``"ko"``.

    Returns
    -------
    str
        ``texts[lang]``.

    Raises
    ------
    KoreaNotesError
        If ``lang`` is unknown, or ``texts`` lacks it (a gap in the package's own wording).

    Examples
    --------
    >>> pick({"en": "Figure", "ko": "그림"}, "ko")
    '그림'

    """
    code = check_lang(lang)
    if code not in texts:
        raise KoreaNotesError(f"no {LANGUAGE_NAMES[code]} wording for {texts.get(DEFAULT_LANG, texts)!r}",
                              hint="add it where the English wording is defined")
    return texts[code]


def localized_value(row: Mapping[str, object], column: str, lang: str) -> str:
    """Return a row's text in ``lang``, from ``column`` or its Korean twin.

    A Korean cell that is empty falls back to the English one, so a row added in English before its
    translation still shows something; the data tests require every Korean cell the notebooks use.

    Parameters
    ----------
    row
        A table row (a ``dict`` or a pandas ``Series``).
    column
        The English column, e.g. ``"title"``.
    lang
        ``"en"`` or ``"ko"``.

    Returns
    -------
    str
        The text, stripped.

    Examples
    --------
    >>> localized_value({"title": "Armistice signed", "title_ko": "정전협정 조인"}, "title", "ko")
    '정전협정 조인'
    >>> localized_value({"title": "Armistice signed", "title_ko": ""}, "title", "ko")
    'Armistice signed'
    >>> import pandas as pd
    >>> localized_value(pd.Series({"summary": pd.NA, "summary_ko": pd.NA}, dtype="string"), "summary", "ko")
    ''

    """
    value = row.get(localized_column(column, lang))
    if _blank(value):
        value = row.get(column)
    return "" if _blank(value) else str(value).strip()


def _blank(value: object) -> bool:
    """Return whether a cell is empty: None, NaN, pandas' NA or only spaces."""
    if value is None:
        return True
    try:
        if value != value:  # NaN
            return True
    except TypeError:  # pandas' NA has no truth value
        return True
    return not str(value).strip()
