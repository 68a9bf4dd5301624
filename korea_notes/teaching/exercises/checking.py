"""Check a student's answer against the stored digests and say so kindly, without giving it away."""

from __future__ import annotations

import json
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...errors import KoreaNotesError
from ...i18n import check_lang
from .normalize import AnswerFormError, canonical_answer, digest

CHECK_LOG_ENV_VAR = "KOREA_NOTES_CHECK_LOG"
RECORD_ENV_VAR = "KOREA_NOTES_CHECK_RECORD"
"""Set to ``1`` (with the check log set) and each answered check also logs the answer given: the recording
checker the answer-leak test and the grading tools use on the instructor edition. Never set it for students."""
QUESTIONS_DIR = Path(__file__).resolve().parent / "questions"
_ID = re.compile(r"^\s*(\d{1,2})\.([A-Za-z0-9]+)\s*$")
_CACHE: dict[tuple[str, int], dict[str, dict[str, Any]]] = {}

PathLike = str | os.PathLike[str] | None


@dataclass(frozen=True)
class Feedback:
    """The result of :func:`check`: shown in a notebook as one line, usable as a bool.

    Attributes
    ----------
    question_id
        The question, e.g. ``"00.1"``.
    correct
        Whether the answer is right.
    answered
        False when the answer is still ``...`` (or None).
    message
        What the student sees; it never contains the right answer.

    """

    question_id: str
    correct: bool
    answered: bool
    message: str
    lang: str = "en"

    def __bool__(self) -> bool:
        """Return :attr:`correct`, so ``assert check(...)`` works in an instructor's notebook."""
        return self.correct

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return self.message

    def _repr_markdown_(self) -> str:
        head, sep, rest = self.message.partition(" — ")
        label = "문제" if self.lang == "ko" else "question"
        return f"**{head}**{sep}{rest} <small>({label} {self.question_id})</small>"


def canonical_id(question_id: str) -> str:
    """Return a question id in its stored form: two-digit notebook, a dot, the exercise.

    Parameters
    ----------
    question_id
        ``"05.2"``, ``"5.2"`` or ``"05.q2"``.

    Returns
    -------
    str
        E.g. ``"05.2"``.

    Raises
    ------
    KoreaNotesError
        If the id does not look like ``NN.k``.

    Examples
    --------
    >>> canonical_id("5.2")
    '05.2'

    """
    match = _ID.match(str(question_id))
    if not match:
        raise KoreaNotesError(
            f"{question_id!r} is not a question id",
            hint="ids look like '05.2': notebook 05, exercise 5.2; copy the id from the exercise cell",
        )
    return f"{int(match[1]):02d}.{match[2].lower()}"


def _sort_key(question_id: str) -> tuple[int, int, str]:
    notebook, _, rest = question_id.partition(".")
    return (int(notebook), int(rest) if rest.isdigit() else 10**6, rest)


def questions_file(notebook: str, questions_dir: PathLike = None) -> Path:
    """Return the path of one notebook's question file, ``questions/NN.json``.

    Parameters
    ----------
    notebook
        The two-digit notebook number.
    questions_dir
        The folder of question files; by default the package's own.

    Returns
    -------
    pathlib.Path
        The file (it may not exist yet).

    """
    return Path(questions_dir or QUESTIONS_DIR) / f"{notebook}.json"


def load_questions(notebook: str, questions_dir: PathLike = None) -> dict[str, dict[str, Any]]:
    """Return one notebook's question specs (``{}`` if it has none).

    Parameters
    ----------
    notebook
        The two-digit notebook number, e.g. ``"05"``.
    questions_dir
        The folder of question files; by default the package's own.

    Returns
    -------
    dict
        Question id -> spec.

    Raises
    ------
    KoreaNotesError
        If the file is not valid JSON of the expected shape.

    """
    path = questions_file(notebook, questions_dir)
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        return {}
    key = (str(path), stamp)
    if key not in _CACHE:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise KoreaNotesError(f"not valid JSON ({error.msg})", file=str(path),
                                  line=error.lineno) from None
        if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
            raise KoreaNotesError("expected an object mapping question ids to specs", file=str(path))
        _CACHE[key] = data
    return _CACHE[key]


def known_notebooks(questions_dir: PathLike = None) -> list[str]:
    """Return the notebooks that have question files, e.g. ``['00', '05']``.

    Parameters
    ----------
    questions_dir
        The folder of question files; by default the package's own.

    Returns
    -------
    list of str
        Two-digit notebook numbers, sorted.

    """
    folder = Path(questions_dir or QUESTIONS_DIR)
    return sorted(p.stem for p in folder.glob("[0-9][0-9].json"))


def list_questions(
    notebook: str | None = None, *, questions_dir: PathLike = None
) -> dict[str, dict[str, Any]]:
    """Return the question specs of one notebook, or of all.

    Parameters
    ----------
    notebook
        A notebook number (``"5"`` or ``"05"``), or None for every notebook.
    questions_dir
        The folder of question files; by default the package's own.

    Returns
    -------
    dict
        Question id -> spec, in exercise order.

    Examples
    --------
    >>> list(list_questions("00"))[:2]
    ['00.1', '00.2']

    """
    notebooks = known_notebooks(questions_dir) if notebook is None else [f"{int(notebook):02d}"]
    specs: dict[str, dict[str, Any]] = {}
    for number in notebooks:
        specs.update(load_questions(number, questions_dir))
    return {key: specs[key] for key in sorted(specs, key=_sort_key)}


def _recorded_answer(answer: Any) -> Any:
    """Turn an answer into plain JSON for the recording checker (one-row selections unwrapped, lists kept)."""
    from datetime import date, datetime

    from .normalize import as_elements, unwrap

    def plain(item: Any) -> Any:
        item = unwrap(item)
        if isinstance(item, datetime) and item.hour == item.minute == item.second == 0:
            return item.date().isoformat()
        return item.isoformat() if isinstance(item, date) else item

    value = unwrap(answer)
    if hasattr(value, "tolist") and len(value) == 1:  # a one-row selection counts as its one value
        value = unwrap(value.tolist()[0])
    if isinstance(value, list | tuple | set | frozenset) or hasattr(value, "tolist"):
        try:
            value = [plain(item) for item in as_elements(value)]
        except Exception:  # noqa: BLE001  (a record is best-effort; the check itself has already run)
            value = str(value)
    return json.loads(json.dumps(plain(value) if not isinstance(value, list) else value, default=str))


def _log(feedback: Feedback, answer: Any = None) -> None:
    path = os.environ.get(CHECK_LOG_ENV_VAR)
    if not path:
        return
    record: dict[str, Any] = {"id": feedback.question_id, "correct": feedback.correct,
                              "answered": feedback.answered}
    if os.environ.get(RECORD_ENV_VAR) == "1" and feedback.answered:
        record["answer"] = _recorded_answer(answer)
    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(record) + "\n")
    except OSError as error:
        warnings.warn(f"could not write the check log {path}: {error}", stacklevel=3)


def _spec(question_id: str, questions_dir: PathLike) -> tuple[str, dict[str, Any]]:
    qid = canonical_id(question_id)
    typed = str(question_id).strip()  # errors quote the id as the student typed it
    notebook = qid.split(".")[0]
    specs = load_questions(notebook, questions_dir)
    if qid in specs:
        return qid, specs[qid]
    if specs:
        listed = ", ".join(sorted(specs, key=_sort_key))
        raise KoreaNotesError(f"there is no question {typed!r}; notebook {notebook} has: {listed}")
    notebooks = ", ".join(known_notebooks(questions_dir)) or "none"
    raise KoreaNotesError(f"there is no question {typed!r}: notebook {notebook} has no checked exercises "
                          f"(notebooks with exercises: {notebooks})")


MESSAGES: dict[str, dict[str, str]] = {
    "en": {"correct": "✅ Correct — well done", "wrong": "❌ Not yet — hint: {hint}",
           "form": "❌ Not yet — {problem}; hint: {hint}", "blank": "No answer yet — replace ... with your answer",
           "default_hint": "look again at the data and the narrative above"},
    "ko": {"correct": "✅ 정답입니다 — 잘했어요", "wrong": "❌ 아직 아닙니다 — 힌트: {hint}",
           "form": "❌ 아직 아닙니다 — 답을 읽을 수 없습니다({problem}); 힌트: {hint}",
           "blank": "아직 답이 없습니다 — ...를 여러분의 답으로 바꾸세요",
           "default_hint": "위의 데이터와 본문을 다시 살펴보세요"},
}
"""What :func:`check` says, in each language; ``{hint}`` is the question's hint in that language."""


def question_text(spec: dict[str, Any], key: str, lang: str) -> str:
    """Return a question's ``prompt`` or ``hint`` in ``lang`` (the Korean ``prompt_ko`` / ``hint_ko``).

    Parameters
    ----------
    spec
        One question's spec.
    key
        ``"prompt"`` or ``"hint"``.
    lang
        ``"en"`` or ``"ko"``; a question with no Korean text yet falls back to the English.

    Returns
    -------
    str

    Examples
    --------
    >>> question_text({"hint": "Read the table.", "hint_ko": "표를 읽으세요."}, "hint", "ko")
    '표를 읽으세요.'

    """
    if check_lang(lang) == "ko" and spec.get(f"{key}_ko"):
        return str(spec[f"{key}_ko"])
    return str(spec.get(key) or "")


def check(question_id: str, answer: Any, *, lang: str = "en", questions_dir: PathLike = None) -> Feedback:
    """Check an answer to an exercise, without revealing the right one.

    Answers may come in any natural form: a date as ``'1953-07-27'``, ``'27 July 1953'``, a
    ``datetime.date`` or a pandas ``Timestamp``; a name in any case, spacing, punctuation or listed
    romanization, or in Hangul; a number within the question's tolerance; a list in any order when
    order does not matter. A one-row pandas selection counts as its one value.

    Parameters
    ----------
    question_id
        The id printed in the exercise, e.g. ``"05.2"`` (notebook 05, Exercise 5.2).
    answer
        The answer. ``...`` (or None) means "not answered yet" and is not an error, so a notebook
        with blank answers still runs from top to bottom.
    lang
        The language of the feedback and the hint: ``"en"`` (default) or ``"ko"`` (한국어), as the Korean
        notebooks use it. Answers are accepted in either language whatever ``lang`` is: a name or a choice
        may be typed in Hangul (``"판문점"``, ``"북쪽"``), a date as ``"1953년 7월 27일"``.
    questions_dir
        The folder of question files; by default the package's own (for tests and authors).

    Returns
    -------
    Feedback
        Shows ``✅ Correct``, ``❌ Not yet — hint: ...`` or ``No answer yet``; ``bool(feedback)`` is
        whether it is correct.

    Raises
    ------
    KoreaNotesError
        If the question id is unknown (the message lists the notebook's questions).

    Examples
    --------
    A made-up question in a folder of its own, so that the example gives no real answer away:

    >>> import tempfile
    >>> from korea_notes.exercises import register
    >>> folder = tempfile.mkdtemp()
    >>> _ = register("99.1", "date", ["2000-01-01"], hint="Read the date column.", questions_dir=folder)
    >>> check("99.1", "1 January 2000", questions_dir=folder)
    ✅ Correct — well done
    >>> check("99.1", ..., questions_dir=folder)
    No answer yet — replace ... with your answer
    >>> check("99.1", "2000년 1월 1일", lang="ko", questions_dir=folder)
    ✅ 정답입니다 — 잘했어요

    """
    words = MESSAGES[check_lang(lang)]
    qid, spec = _spec(question_id, questions_dir)
    hint = question_text(spec, "hint", lang) or words["default_hint"]
    if answer is Ellipsis or answer is None:
        feedback = Feedback(qid, False, False, words["blank"], lang)
    else:
        try:
            canonical = canonical_answer(spec["kind"], answer, element=spec.get("element", "text"),
                                         tolerance=spec.get("tolerance"))
        except AnswerFormError as problem:
            feedback = Feedback(qid, False, True, words["form"].format(problem=problem, hint=hint), lang)
        else:
            correct = digest(qid, spec["kind"], canonical) in set(spec.get("digests", ()))
            message = words["correct"] if correct else words["wrong"].format(hint=hint)
            feedback = Feedback(qid, correct, True, message, lang)
    _log(feedback, answer)
    return feedback
