"""Write exercise specs: digests of the accepted answers, never the answers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..._atomic import write_text_atomic
from ...errors import KoreaNotesError
from .checking import PathLike, _sort_key, canonical_id, load_questions, questions_file
from .normalize import (
    _MONTH_NAMES,
    ELEMENT_KINDS,
    KINDS,
    MAX_DIGESTS,
    AnswerFormError,
    canonical_forms,
    digest,
    korean_forms,
    normalize_text,
    to_number,
)


def _answer_list(kind: str, answers: Any) -> list[Any]:
    if isinstance(answers, str) or not isinstance(answers, list | tuple):
        return [answers]
    answers = list(answers)
    if kind in ("set", "sequence") and answers and not isinstance(answers[0], list | tuple | set):
        return [answers]  # one accepted answer given as a flat list of elements
    return answers


def _giveaways(kind: str, canonical: list[str], element: str) -> set[str]:
    """Text forms of the answers that must not appear in a hint or prompt."""
    found: set[str] = set()
    for form in canonical:
        parts = form.split("\x1f") if kind in ("set", "sequence") else [form]
        part_kind = element if kind in ("set", "sequence") else kind
        for part in parts:
            if part_kind == "date":
                year, month, day = part.split("-")
                found.add(normalize_text(part))
                found.add(normalize_text(f"{int(day)} {_MONTH_NAMES[int(month) - 1]} {year}"))
                found.add(normalize_text(f"{_MONTH_NAMES[int(month) - 1]} {int(day)} {year}"))
                found.add(normalize_text(f"{year}년 {int(month)}월 {int(day)}일"))
            elif part_kind in ("text", "choice") and len(part) > 1:
                found.add(part)
                found.update(word for word in korean_forms(part) if len(word) > 1)
    return found


def make_spec(
    question_id: str,
    kind: str,
    answers: Any,
    *,
    hint: str,
    tolerance: float | None = None,
    prompt: str | None = None,
    element: str = "text",
    reading: bool = False,
    hint_ko: str | None = None,
    prompt_ko: str | None = None,
) -> dict[str, Any]:
    """Build the stored spec of one exercise: kind, digests of the accepted answers, hint, prompt.

    Parameters
    ----------
    question_id
        E.g. ``"05.2"``: notebook 05, Exercise 5.2. It salts the digests.
    kind
        ``"date"``, ``"text"``, ``"number"``, ``"set"``, ``"sequence"`` or ``"choice"``.
    answers
        The accepted answers: a list (or one answer). For text, list every accepted spelling
        (``["Panmunjom", "Panmunjeom", "판문점"]``); case, spacing, punctuation and accents need no
        extra spellings. For a set or sequence, each accepted answer is a list of elements and an
        element may be a tuple of alternative spellings (``[[("Kaesong", "Gaeseong"), "Panmunjom"]]``);
        a flat list of elements is taken as one accepted answer.
    hint
        Shown when an answer is wrong; it must not contain the answer.
    tolerance
        For ``number``: how far off an answer may be, in the answer's unit. ``0`` or None means
        exactly (whole numbers only). See :func:`korea_notes.exercises.normalize.number_cells`.
    prompt
        A short restatement of the question, for ``korea-notes exercises list``.
    element
        For ``set`` and ``sequence``: the kind of each element, ``"text"``, ``"date"`` or ``"number"``
        (whole numbers, exact).
    reading
        True for a reading question, whose point is to find the answer in the text, map, chart or table
        shown above it (the answer-leak test then expects the answer there, instead of forbidding it).
    hint_ko, prompt_ko
        The hint and the prompt in Korean, for the Korean notebooks (``check(..., lang="ko")``); they too
        must not give an answer away, in English, Hangul or a Korean date.

    Returns
    -------
    dict
        ``{"kind", "digests", "hint", "prompt"}`` plus ``"tolerance"`` (number) or ``"element"`` (set,
        sequence), and ``"reading": true`` for a reading question. The digests are sorted, so their order
        says nothing about the answers.

    Raises
    ------
    KoreaNotesError
        If an argument is invalid, an answer cannot be read as its kind, or the hint or prompt gives
        an answer away.

    Examples
    --------
    >>> spec = make_spec("99.1", "number", [5], hint="Count the rows of the table.")  # a made-up question
    >>> spec["kind"], len(spec["digests"]), spec["tolerance"]
    ('number', 1, 0)

    """
    qid = canonical_id(question_id)
    if kind not in KINDS:
        raise KoreaNotesError(f"The value for `kind` must be one of {list(KINDS)}, but {kind!r} was passed")
    if kind in ("set", "sequence") and element not in ELEMENT_KINDS:
        raise KoreaNotesError(
            f"The value for `element` must be one of {list(ELEMENT_KINDS)}, but {element!r} was passed")
    if not isinstance(hint, str) or not hint.strip():
        raise KoreaNotesError(f"question {qid}: a hint is required (what should a student look at again?)")
    spec: dict[str, Any] = {"kind": kind}
    if kind == "number":
        tolerance = 0 if tolerance is None else tolerance
        if isinstance(tolerance, bool) or not isinstance(tolerance, int | float) or tolerance < 0:
            raise KoreaNotesError(f"question {qid}: `tolerance` must be a number >= 0, not {tolerance!r}")
        spec["tolerance"] = int(tolerance) if float(tolerance).is_integer() else float(tolerance)
    elif tolerance is not None:
        raise KoreaNotesError(f"question {qid}: `tolerance` applies to kind 'number' only")
    if kind in ("set", "sequence"):
        spec["element"] = element
    answer_list = _answer_list(kind, answers)
    if not answer_list:
        raise KoreaNotesError(f"question {qid}: give at least one accepted answer")
    canonical: list[str] = []
    for answer in answer_list:
        try:
            if kind == "number" and spec["tolerance"] == 0 and not to_number(answer).is_integer():
                raise AnswerFormError(f"{answer!r} is not whole: give a tolerance for exact decimals")
            canonical.extend(canonical_forms(kind, answer, element=element, tolerance=spec.get("tolerance")))
        except AnswerFormError as problem:
            raise KoreaNotesError(f"question {qid}: accepted answer {answer!r}: {problem}") from None
    canonical = sorted(set(canonical))
    if len(canonical) > MAX_DIGESTS:
        raise KoreaNotesError(
            f"question {qid}: {len(canonical)} accepted forms is too many (limit {MAX_DIGESTS})")
    if "" in canonical:
        raise KoreaNotesError(f"question {qid}: an accepted answer is empty once normalized")
    texts = (("hint", hint), ("prompt", prompt or ""), ("hint_ko", hint_ko or ""), ("prompt_ko", prompt_ko or ""))
    for label, text in texts:
        flat = normalize_text(text)
        for giveaway in _giveaways(kind, canonical, element):
            if giveaway in flat:
                raise KoreaNotesError(f"question {qid}: the {label} gives an answer away; reword it")
    spec["digests"] = sorted({digest(qid, kind, form) for form in canonical})
    spec["hint"] = hint.strip()
    spec["prompt"] = (prompt or "").strip()
    if hint_ko:
        spec["hint_ko"] = hint_ko.strip()
    if prompt_ko:
        spec["prompt_ko"] = prompt_ko.strip()
    if reading:
        spec["reading"] = True
    return spec


def dump_questions(specs: dict[str, dict[str, Any]]) -> str:
    """Serialize question specs as stable JSON: sorted keys, two-space indent, UTF-8, final newline.

    Parameters
    ----------
    specs
        Question id -> spec.

    Returns
    -------
    str
        The file content.

    """
    return json.dumps(specs, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def register(
    question_id: str,
    kind: str,
    answers: Any,
    *,
    hint: str,
    tolerance: float | None = None,
    prompt: str | None = None,
    element: str = "text",
    reading: bool = False,
    hint_ko: str | None = None,
    prompt_ko: str | None = None,
    questions_dir: PathLike = None,
) -> Path:
    """Add or replace one exercise in ``questions/NN.json``, written atomically with sorted keys.

    Parameters are those of :func:`make_spec`, plus:

    Parameters
    ----------
    question_id
        E.g. ``"05.2"``.
    kind
        The answer kind.
    answers
        The accepted answers.
    hint
        The hint for wrong answers.
    tolerance
        For numbers.
    prompt
        A short restatement of the question.
    element
        For sets and sequences.
    reading
        True for a reading question (see :func:`make_spec`).
    hint_ko, prompt_ko
        The Korean hint and prompt (see :func:`make_spec`).
    questions_dir
        The folder of question files; by default the package's own.

    Returns
    -------
    pathlib.Path
        The question file written.

    Raises
    ------
    KoreaNotesError
        As :func:`make_spec`.

    """
    spec = make_spec(question_id, kind, answers, hint=hint, tolerance=tolerance, prompt=prompt,
                     element=element, reading=reading, hint_ko=hint_ko, prompt_ko=prompt_ko)
    qid = canonical_id(question_id)
    notebook = qid.split(".")[0]
    path = questions_file(notebook, questions_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    specs = dict(load_questions(notebook, questions_dir))
    specs[qid] = spec
    ordered = {key: specs[key] for key in sorted(specs, key=_sort_key)}
    return write_text_atomic(path, dump_questions(ordered))
