"""Turn an answer in any natural form into one canonical string, and hash it.

Both sides use these functions: :func:`korea_notes.exercises.make_spec` hashes the accepted answers when
an exercise is written, and :func:`korea_notes.exercises.check` hashes what a student typed. An answer is
right when the two digests meet; the answers themselves are never stored.

The rules, kind by kind:

``date``
    ``'1953-07-27'``, ``'27 July 1953'``, ``'July 27, 1953'``, ``'27th Jul 1953'``, ``'1953/7/27'``,
    ``'1953.7.27'``, ``'1953년 7월 27일'``, :class:`datetime.date`, :class:`datetime.datetime`, a pandas
    ``Timestamp`` or a numpy ``datetime64`` all become ``'1953-07-27'``. Day-first or month-first
    numeric forms such as ``'27/07/1953'`` are refused as ambiguous (the student is asked for
    ``YYYY-MM-DD``).
``text`` and ``choice``
    Unicode NFKC, case-folded, accents and other combining marks removed (``ŏ`` → ``o``; Hangul is
    kept whole), then every space, punctuation mark and hyphen dropped: ``"P'anmunjŏm"``,
    ``'Pan-mun-jom'`` and ``' panmunjom '`` all become ``'panmunjom'``. A Korean word of the collection's
    vocabulary (``korean_words.json``: places, states, sides, directions, statuses) becomes the English
    word it names, so ``'판문점'`` is ``'panmunjom'`` and ``'북쪽'`` is ``'north'``; other romanizations
    (``Panmunjeom``) and other Hangul spellings are separate accepted spellings, one digest each.
``number``
    See :func:`number_cells`: a grid of tenths of the tolerance.
``set`` and ``sequence``
    Each element is normalized by the spec's element kind (``text``, ``date`` or exact ``number``);
    a set is de-duplicated and sorted, a sequence keeps its order; the elements are joined with the
    ASCII unit separator. A string answer is split at commas and semicolons.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import math
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

KINDS = ("date", "text", "number", "set", "sequence", "choice")
ELEMENT_KINDS = ("text", "date", "number")
SEPARATOR = "\x1f"  # ASCII unit separator: text normalization removes it, so it cannot occur in an element
GRID_STEPS = 10  # the number grid has GRID_STEPS cells per tolerance
MAX_DIGESTS = 2000

_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december")
_MONTHS = {name: number for number, full in enumerate(_MONTH_NAMES, 1) for name in (full, full[:3])}
_MONTHS["sept"] = 9
_ISO_LIKE = re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})\.?$")
_KOREAN = re.compile(r"^(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]+)\.?,?\s+(\d{4})$")
_MONTH_DAY_YEAR = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")
_NUMBER_TEXT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


_KOREAN_WORDS_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "korean_words.json")
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")


def _load_korean_words() -> dict[str, str]:
    # Read straight from the file beside this module: the nbgrader hidden tests load this file on its own.
    with open(_KOREAN_WORDS_FILE, encoding="utf-8") as handle:
        return dict(json.load(handle)["words"])


KOREAN_WORDS: dict[str, str] = _load_korean_words()
"""Korean word (normalized) -> the English word it names (normalized), for names and choices typed in Hangul."""


def korean_forms(canonical: str) -> list[str]:
    """Return the Korean words of the vocabulary that name a normalized English word.

    Parameters
    ----------
    canonical
        A word as :func:`normalize_text` leaves it, e.g. ``"north"``.

    Returns
    -------
    list of str
        For example ``['북', '북쪽', '북측']``; empty when the vocabulary has none.

    Examples
    --------
    >>> korean_forms("kaesong")
    ['개성']

    """
    return sorted(word for word, english in KOREAN_WORDS.items() if english == canonical)


class AnswerFormError(ValueError):
    """The answer is not of a form the exercise can read (for instance, not a date at all)."""


def unwrap(value: Any) -> Any:
    """Turn numpy and pandas containers and scalars into plain Python values.

    A pandas Series, Index or numpy array becomes a list; a numpy scalar a Python scalar; a numpy
    ``datetime64`` its ISO string. Everything else is returned as it is.

    Parameters
    ----------
    value
        Anything a student may pass.

    Returns
    -------
    object
        The plain value.

    Examples
    --------
    >>> unwrap((1, 2))
    (1, 2)

    """
    if type(value).__name__ == "datetime64":
        return str(value)
    if isinstance(value, str | bytes | dt.date):
        return value
    tolist = getattr(value, "tolist", None)
    if callable(tolist):
        try:
            return tolist()
        except (TypeError, ValueError):
            return value
    return value


def single(value: Any) -> Any:
    """Return the one element of a one-element list (a selected DataFrame cell), else ``value``.

    Parameters
    ----------
    value
        An unwrapped answer.

    Returns
    -------
    object
        The element.

    Raises
    ------
    AnswerFormError
        If ``value`` is a list of several elements where one value is expected.

    """
    if isinstance(value, list | tuple | set | frozenset):
        items = list(value)
        if len(items) == 1:
            return unwrap(items[0])
        raise AnswerFormError(f"one value is expected here, but {len(items)} were given")
    return value


def normalize_text(value: Any) -> str:
    """Normalize a word or name: case, spacing, punctuation, hyphens and accents do not matter.

    Parameters
    ----------
    value
        A string (anything else is converted with ``str``).

    Returns
    -------
    str
        The canonical form.

    Examples
    --------
    >>> normalize_text("P'anmunjŏm"), normalize_text(" Pan-mun-jom "), normalize_text("판문점")
    ('panmunjom', 'panmunjom', 'panmunjom')
    >>> normalize_text("개성 공단"), normalize_text("조국해방전쟁")
    ('kaesongindustrialcomplex', '조국해방전쟁')

    """
    text = unicodedata.normalize("NFKC", str(value)).casefold()
    decomposed = unicodedata.normalize("NFD", text)
    kept = (
        ch
        for ch in decomposed
        if unicodedata.category(ch)[0] not in "PZC" and unicodedata.category(ch) != "Mn"
    )
    flat = unicodedata.normalize("NFC", "".join(kept))
    return KOREAN_WORDS.get(flat, flat) if _HANGUL.search(flat) else flat


def _month(name: str) -> int:
    number = _MONTHS.get(name.casefold())
    if number is None:
        raise AnswerFormError(f"{name!r} is not a month name")
    return number


def normalize_date(value: Any) -> str:
    """Normalize a date to ISO ``YYYY-MM-DD``.

    Parameters
    ----------
    value
        A string in a common unambiguous form, a ``datetime.date`` or ``datetime.datetime`` (including
        pandas ``Timestamp``), or a numpy ``datetime64``.

    Returns
    -------
    str
        ``'YYYY-MM-DD'``.

    Raises
    ------
    AnswerFormError
        If the value cannot be read as one unambiguous date.

    Examples
    --------
    >>> normalize_date("27 July 1953"), normalize_date("July 27th, 1953"), normalize_date("1953년 7월 27일")
    ('1953-07-27', '1953-07-27', '1953-07-27')

    """
    value = single(unwrap(value))
    if isinstance(value, dt.datetime):  # before date: a datetime (and a pandas Timestamp) is a date too
        if value != value:  # pandas NaT
            raise AnswerFormError("this is an empty date (NaT)")
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        raise AnswerFormError(f"a date is expected, but a {type(value).__name__} was given")
    text = " ".join(value.strip().split())
    text = re.sub(r"[T ]00:00(:00(\.0+)?)?$", "", text)
    try:
        if match := _ISO_LIKE.match(text) or _KOREAN.match(text):
            year, month, day = (int(part) for part in match.groups())
        elif match := _DAY_MONTH_YEAR.match(text.casefold()):
            day, month, year = int(match[1]), _month(match[2]), int(match[3])
        elif match := _MONTH_DAY_YEAR.match(text.casefold()):
            month, day, year = _month(match[1]), int(match[2]), int(match[3])
        else:
            raise AnswerFormError(f"{value!r} is not a date I can read; write it as 'YYYY-MM-DD'")
        return dt.date(year, month, day).isoformat()
    except ValueError as error:
        if isinstance(error, AnswerFormError):
            raise
        raise AnswerFormError(f"{value!r} is not a valid date ({error})") from None


def to_number(value: Any) -> float:
    """Read a number: an int, a float, a numpy scalar, or a string such as ``'1,200'`` or ``'5'``.

    Parameters
    ----------
    value
        The answer.

    Returns
    -------
    float
        The value.

    Raises
    ------
    AnswerFormError
        If the value is not a finite number (``True``/``False`` are refused too).

    Examples
    --------
    >>> to_number("1,200"), to_number(5)
    (1200.0, 5.0)

    """
    value = single(unwrap(value))
    if isinstance(value, bool):
        raise AnswerFormError("a number is expected, but True/False was given")
    if isinstance(value, str):
        text = value.strip().replace(",", "").replace("_", "").replace(" ", "")
        if not _NUMBER_TEXT.match(text):
            raise AnswerFormError(f"{value!r} is not a number")
        value = text
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise AnswerFormError(f"a number is expected, but a {type(value).__name__} was given") from None
    if not math.isfinite(number):
        raise AnswerFormError("the number must be finite")
    return number


def normalize_exact_number(value: Any) -> str:
    """Normalize a whole number compared exactly (tolerance 0): ``5``, ``5.0`` and ``'5'`` give ``'5'``.

    Parameters
    ----------
    value
        The answer.

    Returns
    -------
    str
        The integer as text, or the float's ``repr`` if it is not whole (it will then match nothing
        an author could register, since exact comparison is only offered for whole numbers).

    Examples
    --------
    >>> normalize_exact_number(5.0), normalize_exact_number(5.5)
    ('5', '5.5')

    """
    number = to_number(value)
    return str(int(number)) if number.is_integer() else repr(number)


def number_cells(value: float, tolerance: float) -> list[str]:
    """Return the grid cells accepted for a true ``value`` within ``tolerance``.

    The grid has steps of ``g = tolerance / 10``. The accepted cells are every integer ``k`` with
    ``|k·g − value| ≤ tolerance`` (21 cells at most). An answer ``x`` is right when its own cell,
    ``round(x / g)``, is one of them. So every answer within ``0.95 × tolerance`` of the true value is
    accepted and none further than ``1.05 × tolerance``; only digests of the cell numbers are stored.
    With ``tolerance == 0`` the value must be whole and the answer must equal it exactly.

    Parameters
    ----------
    value
        The true value.
    tolerance
        How far off an answer may be (same unit as the value), ``>= 0``.

    Returns
    -------
    list of str
        The accepted cells, as the canonical strings that get hashed.

    Examples
    --------
    >>> number_cells(5, 0)
    ['5']
    >>> len(number_cells(1953, 2))
    21

    """
    if tolerance == 0:
        return [normalize_exact_number(value)]
    step = tolerance / GRID_STEPS
    centre = round(value / step)
    return [
        f"~{k}"
        for k in range(centre - GRID_STEPS - 1, centre + GRID_STEPS + 2)
        if abs(k * step - value) <= tolerance * (1 + 1e-12)
    ]


def number_cell_of(answer: Any, tolerance: float) -> str:
    """Return the grid cell of a student's number (see :func:`number_cells`).

    Parameters
    ----------
    answer
        The student's answer.
    tolerance
        The question's tolerance.

    Returns
    -------
    str
        The cell as the canonical string that gets hashed.

    """
    if tolerance == 0:
        return normalize_exact_number(answer)
    return f"~{round(to_number(answer) / (tolerance / GRID_STEPS))}"


def normalize_element(value: Any, element: str) -> str:
    """Normalize one element of a set or sequence by its element kind.

    Parameters
    ----------
    value
        The element.
    element
        ``"text"``, ``"date"`` or ``"number"`` (whole numbers, compared exactly).

    Returns
    -------
    str
        The canonical element.

    """
    if element == "date":
        return normalize_date(value)
    if element == "number":
        return normalize_exact_number(value)
    return normalize_text(value)


def as_elements(value: Any) -> list[Any]:
    """Return the elements of a set or sequence answer.

    Parameters
    ----------
    value
        A list, tuple, set, pandas Series, numpy array, or a string of items separated by commas or
        semicolons.

    Returns
    -------
    list
        The elements (blank string items dropped).

    Raises
    ------
    AnswerFormError
        If ``value`` is neither a collection nor a string.

    Examples
    --------
    >>> as_elements("Kaesong; Panmunjom")
    ['Kaesong', 'Panmunjom']

    """
    value = unwrap(value)
    if isinstance(value, str):
        return [part.strip() for part in re.split(r"[,;]", value) if part.strip()]
    if isinstance(value, dict):
        raise AnswerFormError("a list of items is expected, but a dict was given")
    if isinstance(value, Iterable):
        return [unwrap(item) for item in value]
    raise AnswerFormError(f"a list of items is expected, but a {type(value).__name__} was given")


def join_elements(elements: Sequence[str], *, ordered: bool) -> str:
    """Join normalized elements: sorted and de-duplicated for a set, as given for a sequence.

    Parameters
    ----------
    elements
        Normalized elements.
    ordered
        True for a sequence.

    Returns
    -------
    str
        The canonical answer.

    """
    items = list(elements) if ordered else sorted(set(elements))
    return SEPARATOR.join(items)


def canonical_forms(
    kind: str, answer: Any, *, element: str = "text", tolerance: float | None = None
) -> list[str]:
    """Return every canonical string accepted for one answer given by an author.

    For a set or sequence, an element may be a tuple or list of alternative spellings; every
    combination is accepted.

    Parameters
    ----------
    kind
        One of :data:`KINDS`.
    answer
        One accepted answer.
    element
        The element kind of a set or sequence.
    tolerance
        The tolerance of a number.

    Returns
    -------
    list of str
        The canonical strings (to be hashed).

    """
    if kind == "date":
        return [normalize_date(answer)]
    if kind in ("text", "choice"):
        return [normalize_text(answer)]
    if kind == "number":
        return number_cells(to_number(answer), tolerance or 0.0)
    items = as_elements(answer)
    options = [
        [normalize_element(alt, element) for alt in (item if isinstance(item, list | tuple) else [item])]
        for item in items
    ]
    return [join_elements(combo, ordered=kind == "sequence") for combo in itertools.product(*options)]


def canonical_answer(kind: str, answer: Any, *, element: str = "text", tolerance: float | None = None) -> str:
    """Return the canonical string of a student's answer.

    Parameters
    ----------
    kind
        One of :data:`KINDS`.
    answer
        The student's answer.
    element
        The element kind of a set or sequence.
    tolerance
        The tolerance of a number.

    Returns
    -------
    str
        The canonical string.

    Raises
    ------
    AnswerFormError
        If the answer's form cannot be read.

    """
    if kind == "number":
        return number_cell_of(answer, tolerance or 0.0)
    if kind in ("set", "sequence"):
        items = as_elements(answer)
        return join_elements([normalize_element(item, element) for item in items], ordered=kind == "sequence")
    if kind in ("text", "choice"):
        value = single(unwrap(answer))
        return normalize_text(value)
    return normalize_date(answer)


def digest(question_id: str, kind: str, canonical: str) -> str:
    """Return the salted SHA-256 digest stored for a canonical answer.

    The salt is the question id (and the kind), so equal answers to different questions give
    different digests. This stops a glance at the JSON file, not a determined student: a date or a
    small number can be found by trying every value.

    Parameters
    ----------
    question_id
        The canonical question id, e.g. ``"00.1"``.
    kind
        The question's kind.
    canonical
        The canonical answer.

    Returns
    -------
    str
        64 hexadecimal digits.

    Examples
    --------
    >>> len(digest("00.1", "date", "1953-07-27"))
    64

    """
    payload = SEPARATOR.join(("korea-notes", question_id, kind, canonical))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
