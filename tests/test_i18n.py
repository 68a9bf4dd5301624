"""The two languages' shared helpers (korea_notes.i18n) and the translation module's examples."""

from __future__ import annotations

import datetime as dt
import doctest
import importlib

import pandas as pd
import pytest

import korea_notes as kn
from korea_notes.errors import KoreaNotesError
from korea_notes.i18n import format_date, localized_column, localized_value


@pytest.mark.parametrize("module", ["korea_notes.i18n", "korea_notes.teaching.translation"])
def test_examples_run(module):
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize(("value", "lang", "precision", "expected"), [
    (pd.Timestamp("1948-09-09"), "en", "day", "9 September 1948"),
    (dt.date(1953, 7, 27), "ko", "day", "1953년 7월 27일"),
    ("1952-05-01", "en", "month", "May 1952"),
    ("1952-05-01", "ko", "year", "1952년"),
])
def test_format_date_has_no_leading_zeros(value, lang, precision, expected):
    assert format_date(value, lang=lang, precision=precision) == expected
    assert kn.format_date is format_date


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"value": "1953-07-27", "lang": "kr"}, "must be one of \\['en', 'ko'\\]"),
    ({"value": "1953-07-27", "precision": "week"}, "`precision` must be one of"),
    ({"value": "someday"}, "'someday' is not a date"),
])
def test_format_date_refuses_bad_input(kwargs, message):
    with pytest.raises(KoreaNotesError, match=message):
        format_date(**kwargs)


def test_korean_column_and_fallback():
    assert localized_column("title_short", "ko") == "title_short_ko"
    row = pd.Series({"title": "Armistice signed", "title_ko": pd.NA}, dtype="string")
    assert localized_value(row, "title", "ko") == "Armistice signed"
