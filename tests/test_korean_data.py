"""The Korean columns of the data: filled, in Hangul, casualty-free, and with the English text's figures.

Driven by the descriptor: every field whose name ends in ``_ko`` is checked against its English twin (the same
name without ``_ko``). The figure test compares the digit groups of each Korean summary with those of its English
summary, reading Korean date forms (``1953년 7월 27일``) against English month names, so a mistranslated figure
(6,670 written 6,760, or 1953 written 1952) fails.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

import korea_notes as kn
from korea_notes.checks import casualty_figures
from korea_notes.datasets import descriptor
from korea_notes.errors import KoreaNotesError

ROOT = Path(__file__).resolve().parent.parent
HANGUL = re.compile(r"[가-힣]")


def _rows(path: str) -> list[dict[str, str]]:
    with (ROOT / "data" / path).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _korean_fields() -> list[tuple[str, str, str]]:
    """(resource name, file, field) for every ``*_ko`` field of every table in the descriptor."""
    return [(res.name, res.path, f.name) for res in descriptor().resources if res.is_table
            for f in res.fields if f.name.endswith("_ko")]


KOREAN_FIELDS = _korean_fields()


def test_the_descriptor_has_korean_fields() -> None:
    names = {(res, field) for res, _, field in KOREAN_FIELDS}
    assert {("events", "summary_ko"), ("glossary", "definition_ko"), ("key_figures", "unit_ko"),
            ("key_figures", "description_ko"), ("agenda_items", "title_ko"),
            ("agenda_items", "title_short_ko")} <= names


@pytest.mark.parametrize(("resource", "path", "field"), KOREAN_FIELDS, ids=[f"{r}.{f}" for r, _, f in KOREAN_FIELDS])
def test_every_korean_cell_is_filled_and_in_hangul(resource: str, path: str, field: str) -> None:
    """Each cell holds Hangul, unless Korean writes it exactly as the English does (``6·25``, ``km``)."""
    english = field.removesuffix("_ko")
    rows = _rows(path)
    assert rows and english in rows[0], f"{resource}.{field} has no English twin {english!r}"
    bad = [(i + 2, row[field]) for i, row in enumerate(rows)
           if not HANGUL.search(row[field])
           and not (row[field] and unicodedata.normalize("NFKC", row[field])
                    == unicodedata.normalize("NFKC", row[english]))]
    assert not bad, f"{path} {field}: lines without Hangul: {bad[:5]}"


@pytest.mark.parametrize(("resource", "field"), [(r, f) for r, _, f in KOREAN_FIELDS
                                                 if descriptor().resource(r).field_named(f).required])
def test_an_empty_required_korean_cell_is_refused(data_copy: Path, resource: str, field: str) -> None:
    path = data_copy / descriptor().resource(resource).path
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index(field)] = ""
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    with pytest.raises(KoreaNotesError, match="required"):
        kn.load_dataset(resource, data_dir=data_copy)


def test_short_agenda_titles_fit_a_chart_label() -> None:
    long = [(r["item"], r["title_short_ko"]) for r in _rows("agenda_items.csv")
            if len(HANGUL.findall(r["title_short_ko"])) > 12]
    assert not long


def test_agenda_notes_say_whether_the_korean_title_is_official() -> None:
    rows = _rows("agenda_items.csv")
    assert all(re.search(r"Korean title: (?:our own translation|official wording)", r["note"]) for r in rows)


# ---------------------------------------------------------------- casualty-free in Korean

KOREAN_FIGURES = ["이 전투에서 3,000명이 전사했다.", "희생자 수는 1,200", "세 명이 숨졌다.", "사상자 수만 명",
                  "인명 피해 500명", "민간인 희생자 2만 명"]
KOREAN_NOT_FIGURES = ["판문점에서 상병포로 684명이 송환되었다.", "중상병 포로를 송환하자고 제의했다.",
                      "소련 지도자 스탈린이 1953년 3월 5일 모스크바에서 숨졌다.", "전사자 묘역은 1953년에 조성되었다.",
                      "한국인이 한 명도 남지 않았다."]


@pytest.mark.parametrize("sentence", KOREAN_FIGURES)
def test_a_korean_casualty_figure_is_refused(sentence: str) -> None:
    assert casualty_figures(sentence), sentence


@pytest.mark.parametrize("sentence", KOREAN_NOT_FIGURES)
def test_prisoner_classes_and_plain_words_pass(sentence: str) -> None:
    assert not casualty_figures(sentence), sentence


def test_a_korean_casualty_figure_in_the_data_is_refused(data_copy: Path) -> None:
    path = data_copy / "events.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index("summary_ko")] += " 이 사건으로 1,000명이 사망했다."
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    with pytest.raises(KoreaNotesError, match="casualty"):
        kn.load_dataset("events", data_dir=data_copy)


# ---------------------------------------------------------------- the figures of each summary

MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                      "september", "october", "november", "december"], 1)}
MONTHS |= {m[:3]: i for m, i in list(MONTHS.items())} | {"sept": 9}
# English numbers written as words or ordinals, which Korean may write in digits (5개 의제, 미 제8군)
WORDS = {w: i for i, w in enumerate("one two three four five six seven eight nine ten eleven twelve thirteen "
                                    "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split(), 1)}
WORDS |= {w: i for i, w in enumerate("first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
                                     "twelfth".split(), 1)}
WORDS |= {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90, "hundred": 100, "twice": 2,
          "single": 1, "once": 1, "half": 2, "dozen": 12, "a": 1, "an": 1}
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _roman(token: str) -> int:
    values = [ROMAN[c] for c in token]
    return sum(-v if nxt > v else v for v, nxt in zip(values, [*values[1:], 0], strict=True))


def _normalise(text: str) -> str:
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)  # 75,823
    text = re.sub(r"\b([IVXLC]{2,}|[IVX](?= [A-Z]))\b", lambda m: f" {_roman(m.group(1))} ", text)  # XXIV Corps
    return re.sub(r"(\d{1,2}):00\b", r"\1", text)  # 10:00 = 10시


def _numbers(text: str) -> Counter[float]:
    return Counter(float(x) for x in re.findall(r"\d+(?:\.\d+)?", text))


def figure_problems(english: str, korean: str) -> list[str]:
    """Differences between the figures of an English text and its Korean translation (empty if none).

    Every English digit group must appear in the Korean as often. The Korean may add only the month of an
    English month name (``27 July`` is ``7월 27일``) or a number the English spells out (``five`` = 5). A dotted
    Korean name (``6·25``, ``9·19``) counts as its date only where the English gives that date.
    """
    en = _normalise(re.sub(r"\d+·\d+", " ", english))
    en_numbers = _numbers(en)
    en_months = {float(MONTHS[m.lower()]) for m in re.findall(r"\b(" + "|".join(MONTHS) + r")\b", en, re.I)
                 if m != "may"}
    words = {float(WORDS[w.lower()]) for w in re.findall(r"[A-Za-z]+", en) if w.lower() in WORDS}
    dotted = [(float(a), float(b)) for a, b in re.findall(r"(\d+)·(\d+)", korean)]
    ko = _normalise(re.sub(r"\d+·\d+", " ", korean))
    ko_months = _numbers(" ".join(re.findall(r"(\d{1,2})월", ko)))
    ko_numbers = _numbers(re.sub(r"\d{1,2}월", " ", ko))
    for month, day in dotted:
        if month in en_months and (en_numbers - ko_numbers)[day] > 0:
            ko_numbers[day] += 1
            ko_months[month] += 1
    problems = []
    if en_numbers - ko_numbers:
        problems.append(f"missing in Korean: {sorted(en_numbers - ko_numbers)}")
    extra = sorted(x for x in ko_numbers - en_numbers if x not in words | en_months)
    if extra:
        problems.append(f"not in the English: {extra}")
    if set(ko_months) - en_months - words:
        problems.append(f"months {sorted(ko_months)} not in the English")
    return problems


SUMMARIES = [(r["id"], r["summary"], r["summary_ko"]) for r in _rows("events.csv")]
DESCRIPTIONS = [(r["id"], r["description"], r["description_ko"]) for r in _rows("key_figures.csv")]
DEFINITIONS = [(r["term"], r["definition"], r["definition_ko"]) for r in _rows("glossary.csv")]
TEXTS = SUMMARIES + DESCRIPTIONS + DEFINITIONS


def test_every_korean_summary_has_the_english_figures() -> None:
    bad = {key: figure_problems(en, ko) for key, en, ko in TEXTS if figure_problems(en, ko)}
    assert not bad, bad


@pytest.mark.parametrize(("english", "korean"), [
    ("On 4 December the UNC proposed it; it first met on 11 December 1951.",
     "유엔군사령부는 12월 4일 이를 제안했고, 1951년 12월 11일 처음 만났다."),
    ("Negotiators agreed on a conference within three months of an armistice.",
     "정전 후 3개월 안에 회담을 열기로 했다."),
    ("US XXIV Corps troops landed at Incheon.", "미 제24군단 병력이 인천에 상륙했다."),
    ("To mark the sixth anniversary of the June 15 Declaration.", "6·15 공동선언 6주년을 맞아."),
    ("At 10:00 they signed.", "10시에 서명했다."),
])
def test_korean_date_forms_and_spelled_numbers_are_read(english: str, korean: str) -> None:
    assert figure_problems(english, korean) == []


def _changed_figure(korean: str) -> str:
    """``korean`` with a digit added to its first figure outside a dotted name (684 -> 6847, 7월 -> 77월)."""
    match = next(m for m in re.finditer(r"\d+", korean)
                 if "·" not in korean[max(m.start() - 1, 0):m.end() + 1])
    return korean[:match.end()] + "7" + korean[match.end():]


WITH_FIGURES = [(key, en, ko) for key, en, ko in TEXTS if re.search(r"\d", re.sub(r"\d+·\d+", "", ko))]


@pytest.mark.parametrize(("key", "english", "korean"), WITH_FIGURES, ids=[k for k, _, _ in WITH_FIGURES])
def test_a_mistranslated_figure_is_caught(key: str, english: str, korean: str) -> None:
    assert figure_problems(english, _changed_figure(korean)), key
