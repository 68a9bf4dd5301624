"""Finding answer leaks: what a student sees above an exercise must not give its answer away.

For each notebook, the instructor edition runs once with the recording checker, which logs the answer each
solution gives; the student edition runs once; then the markdown and the code outputs above each
self-checked exercise (the exercise's own code cell excluded) are searched for that answer in its usual
written forms. Dates, numbers of two or more digits, names and multi-word texts must not appear there,
unless the question is marked ``"reading": true`` in its questions file: its point is to find the answer in
the text, map or chart above. Short choices (``"north"``, a letter) and ids the prompt itself lists are not
searched, since the prompt must name them.

Used by tests/test_notebooks.py, which runs both editions of every notebook once, and tests/test_answer_leaks.py.
"""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path
from typing import Any

import nbformat

from korea_notes.teaching.exercises.normalize import korean_forms, normalize_text
from korea_notes.teaching.recording import read_check_log

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
_CHECK = r"""check\(\s*["']{qid}["']\s*,\s*answer"""
COINCIDENCES = {
    # (question, text shown above it): why this is not the answer
    ("08.2", r"leader (?:to pyongyang )?in 14 years"): "Xi Jinping's visit of 2019 was the first by China's leader "
    "in 14 years; not the interval from the 1992 declaration to the first test",
    ("08.2", r"14년 만"): "the same visit in the Korean edition ('14년 만에', in 14 years)",
}
_TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.DOTALL | re.IGNORECASE)


def recorded_answers(log: Path) -> dict[str, Any]:
    """Question id -> the answer the instructor solution gave, from a recording checker's log."""
    answers: dict[str, Any] = {}
    for record in read_check_log(log):
        if record.get("answered") and "answer" in record:
            answers[record["id"]] = record["answer"]
    return answers


def _flat(text: str) -> str:
    """Lower case, HTML unescaped, tags and markdown emphasis dropped, runs of spaces made one."""
    text = html.unescape(_TAGS.sub(" ", text))
    text = re.sub(r"[*_`]+", "", text)
    return re.sub(r"\s+", " ", text).casefold()


def _output_text(output: Any) -> str:
    if output.get("output_type") == "stream":
        return output.get("text", "")
    data = output.get("data", {})
    return "\n".join(str(data[key]) for key in ("text/plain", "text/html", "text/markdown") if key in data)


def visible_blocks(nb: nbformat.NotebookNode) -> list[tuple[int, str, str]]:
    """What a student reads: (cell index, "markdown" or "output", flattened text), in order."""
    blocks = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            blocks.append((index, "markdown", _flat(cell.source)))
        elif cell.cell_type == "code":
            for output in cell.get("outputs", []):
                blocks.append((index, "output", _flat(_output_text(output))))
    return blocks


KOREAN_UNITS = ("일", "년", "개월", "주", "회", "차", "명", "개", "곳", "번", "km", "킬로미터", "주년", "시간")
"""Units a Korean text writes right after a number ("25일", "42년 만에", "18회"), with or without a space."""
UNITS = ("days", "years", "months", "weeks", "rounds", "km", "kilometres", "times", "anniversary", "items",
         "sessions", "meetings", "prisoners", "members", "sites", "tests", "summits")
_STOP = {"the", "a", "an", "of", "in", "did", "does", "do", "were", "was", "had", "have", "from", "between",
         "passed", "after", "before", "whole", "by", "and", "there"}


def _units(prompt: str) -> list[str]:
    """The unit a "how many X" prompt counts in (``days``, ``rounds``), plus the usual ones."""
    found = []
    for match in re.finditer(r"how many ([\w-]+(?: [\w-]+){0,2})", prompt):
        found += [word for word in match[1].split() if word not in _STOP]
    return sorted(set(found) | set(UNITS))


def _number_pattern(value: float, units: list[str] | None = None, *, anywhere: bool = False) -> re.Pattern[str] | None:
    """The written forms of a number (``2750``, ``2,750``, ``2 750``, ``42nd``), or None if it is not specific.

    A number of three or more digits (or with decimals) leaks wherever it stands; a two-digit one only
    with its unit after it (``25 days``, ``42 years after``, ``the 42nd anniversary``), since two-digit
    numbers turn up everywhere, unless ``anywhere`` (an element of a set, which leaks only together with the
    others). Dates are taken out of the text before numbers are searched.
    """
    if isinstance(value, bool):
        return None
    if float(value).is_integer():
        number = int(value)
        if abs(number) < 10:
            return None
        forms = {str(number), f"{number:,}", f"{number:,}".replace(",", " ")}
    else:
        forms = {repr(float(value)).rstrip("0")}
        number = 1000
    alternatives = "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
    tail = r"(?:st|nd|rd|th)?(?![\d]|[.,]\d)"
    if abs(number) < 100 and not anywhere:
        unit = "|".join(re.escape(u) for u in (units or UNITS))
        korean = "|".join(re.escape(u) for u in KOREAN_UNITS)
        tail += rf"(?=(?:\W+\w+){{0,1}}\W+(?:{unit})\b|\s?(?:{korean}))"
    return re.compile(rf"(?<![\d.,])(?:{alternatives}){tail}")


_MONTH = "(?:" + "|".join(m[:3].casefold() for m in MONTHS) + r")\w*"
_DATES = re.compile(rf"\d{{4}}-\d{{2}}-\d{{2}}|\b\d{{1,2}} {_MONTH} \d{{4}}|\b{_MONTH} \d{{1,2}},? \d{{4}}"
                    rf"|\b{_MONTH} \d{{4}}|(?:\d{{4}}년 ?)?\d{{1,2}}월(?: ?\d{{1,2}}일)?")


def _without_dates(text: str) -> str:
    return _DATES.sub(" <date> ", text)


def _date_pattern(iso: str) -> re.Pattern[str]:
    day = date.fromisoformat(iso)
    month = MONTHS[day.month - 1].casefold()
    short = ["sept", month[:3]] if day.month == 9 else [month[:3]]
    forms = [iso, f"{day.year}년 {day.month}월 {day.day}일", f"{day.year}년{day.month}월{day.day}일"]
    for name in [month, *short]:  # full and abbreviated month names, days with or without a leading zero
        for number in dict.fromkeys([str(day.day), f"{day.day:02d}"]):
            forms += [f"{number} {name} {day.year}", f"{number} {name}. {day.year}", f"{name} {number}, {day.year}",
                      f"{name} {number} {day.year}", f"{name}. {number}, {day.year}"]
    return re.compile("|".join(rf"(?<![\d]){re.escape(form)}(?![\d])" for form in forms))


def _text_pattern(text: str) -> re.Pattern[str]:
    """The answer as written, and each Korean word for it; a Korean word may carry a particle (개성에서)."""
    alternatives = [rf"(?<!\w){re.escape(_flat(text))}(?!\w)"]
    alternatives += [rf"(?<!\w){re.escape(word)}" for word in korean_forms(normalize_text(text)) if len(word) > 1]
    return re.compile("|".join(alternatives))


def _element_pattern(value: Any, element: str) -> re.Pattern[str] | None:
    if element == "number" or isinstance(value, int | float):
        return _number_pattern(value, anywhere=True)
    if element == "date" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
        return _date_pattern(str(value))
    return _text_pattern(str(value))


def answer_patterns(answer: Any, spec: dict[str, Any], prompt: str) -> list[re.Pattern[str]] | None:
    """Patterns that would give ``answer`` away; None when the answer is not specific enough to leak.

    A set or sequence gives itself away only when one block shows all its elements (a sequence: in order);
    elements the prompt lists (ids to be sorted) are not specific.
    """
    kind = spec["kind"]
    if kind == "choice":
        return None  # the prompt lists the options
    if kind in ("set", "sequence"):
        items = answer if isinstance(answer, list) else [answer]
        patterns = [_element_pattern(item, spec.get("element", "text")) for item in items]
        if any(p is None or p.search(prompt) for p in patterns):
            return None
        return patterns
    if kind == "number":
        pattern = _number_pattern(answer, _units(prompt))
    elif kind == "date":
        pattern = _date_pattern(str(answer)[:10])
    else:
        pattern = _text_pattern(str(answer))
    return None if pattern is None else [pattern]


def _leaks_in(block: str, patterns: list[re.Pattern[str]], ordered: bool, numeric: bool) -> str | None:
    if numeric:
        block = _without_dates(block)
    starts = []
    for pattern in patterns:
        match = pattern.search(block)
        if not match:
            return None
        starts.append(match.start())
    if ordered and starts != sorted(starts):
        return None
    first = min(starts)
    return block[max(0, first - 60): first + 80]


def find_leaks(nb: nbformat.NotebookNode, answers: dict[str, Any], specs: dict[str, dict[str, Any]]) -> list[str]:
    """Every place above an exercise that shows its answer, as readable lines (empty: no leak)."""
    blocks = visible_blocks(nb)
    found = []
    for qid, answer in answers.items():
        spec = specs[qid]
        cells = [i for i, c in enumerate(nb.cells)
                 if c.cell_type == "code" and re.search(_CHECK.format(qid=re.escape(qid)), c.source)]
        assert cells, f"{qid}: no exercise cell calls check({qid!r}, answer...)"
        exercise = cells[-1]
        headings = [i for i, kind, text in blocks
                    if kind == "markdown" and i < exercise and ("exercise" in text or "연습" in text)]
        start = headings[-1] if headings else exercise
        prompt = " ".join(text for i, kind, text in blocks if kind == "markdown" and start <= i < exercise)
        patterns = answer_patterns(answer, spec, prompt)
        if patterns is None:
            continue
        numeric = spec["kind"] == "number" or spec.get("element") == "number"
        shown = []
        for index, kind, text in blocks:
            if index >= exercise:
                break
            excerpt = _leaks_in(text, patterns, ordered=spec["kind"] == "sequence", numeric=numeric)
            if excerpt is not None and not any(q == qid and re.search(t, text) for q, t in COINCIDENCES):
                shown.append(f"{qid} (answer {answer!r}) shown in cell {index} ({kind}): ...{excerpt}...")
        if spec.get("reading") and not shown:
            found.append(f"{qid} is marked as a reading question, but its answer is nowhere above it: unmark it")
        elif not spec.get("reading"):
            found += shown
    return found
