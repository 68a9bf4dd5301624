"""The grader's checker: what a hidden test runs inside a student's kernel when nbgrader autogrades.

A hidden test does not call ``kn.exercises.check``: a submission could have redefined it, patched its module
(``korea_notes.teaching.exercises.checking``) or the question cache. It runs this file afresh instead,

.. code-block:: python

    __import__("runpy").run_path(HIDDEN_PY, run_name="_kn_hidden")["grade"]("00.1", answer, points=1.0)

which loads its own private copies of ``normalize.py`` and of the question file straight from the installed
package's files, so nothing the student's code did to the imported modules is used. It uses only the standard
library (no import of ``korea_notes``).

Only plain values score: exact ``str``, ``int``, ``float``, ``bool``, dates (``datetime.date``,
``datetime.datetime``, pandas ``Timestamp``), lists, tuples and sets of those, and numpy or pandas values and
one-row selections, which are converted to plain values first. An object whose ``__eq__`` is always true, or
a ``str`` or ``int`` subclass with tricks, is refused. Each value is converted once and only the converted
copy is compared, with digests, like the self-check.

Failures raise :class:`AssertionError` with a generic message that names the exercise, never the answer.
A partly right set or sequence returns the points earned (nbgrader's partial credit: the test cell's result);
a right answer returns None (full points).
"""

from __future__ import annotations

import datetime as _dt
import importlib.util as _iu
import json as _json
import os as _os
from typing import Any

_HERE = _os.path.dirname(_os.path.abspath(__file__))
_EXERCISES = _os.path.join(_os.path.dirname(_HERE), "exercises")
NORMALIZE_PY = _os.path.join(_EXERCISES, "normalize.py")
QUESTIONS_DIR = _os.path.join(_EXERCISES, "questions")
_SCALARS = (str, int, float, bool)
_COLLECTIONS = (list, tuple, set, frozenset)
_NUMPY_SCALARS = {"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float16",
                  "float32", "float64", "longlong", "bool_", "bool", "str_", "datetime64"}
_PANDAS_CONTAINERS = {"Series", "Index", "DatetimeIndex", "DataFrame", "ndarray", "RangeIndex", "StringArray",
                      "ArrowStringArray", "DatetimeArray", "NumpyExtensionArray"}


class NotPlain(Exception):  # noqa: N818  (an internal signal, never shown)
    """The answer is not a plain value."""


def _normalize_module() -> Any:
    """Load a private copy of ``normalize.py`` from the package's file (never the imported module)."""
    spec = _iu.spec_from_file_location("_kn_hidden_normalize", NORMALIZE_PY)
    if spec is None or spec.loader is None:  # pragma: no cover  (a broken installation)
        raise AssertionError("the grader could not load its checker; tell your instructor")
    module = _iu.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _questions(notebook: str) -> dict[str, Any]:
    """Read one notebook's question file straight from disk."""
    with open(_os.path.join(QUESTIONS_DIR, f"{notebook}.json"), encoding="utf-8") as handle:
        data = _json.load(handle)
    if type(data) is not dict:
        raise AssertionError("the grader's question file is damaged; tell your instructor")
    return data


def _module_of(value: Any) -> str:
    return str(type.__getattribute__(type(value), "__module__")).split(".")[0]


def _name_of(value: Any) -> str:
    return str(type.__getattribute__(type(value), "__name__"))


def _date(value: Any) -> str:
    """ISO date of a real date, datetime or Timestamp, read with the base classes' own methods."""
    try:
        if isinstance(value, _dt.datetime):
            day = _dt.datetime.date(value)
        else:
            day = value
        text = _dt.date.isoformat(day)
    except Exception:  # noqa: BLE001  (NaT and other oddities are simply not plain dates)
        raise NotPlain from None
    if type(text) is not str:
        raise NotPlain
    return text


def plain_scalar(value: Any) -> Any:
    """Return ``value`` as an exact built-in scalar (a date becomes its ISO string).

    Parameters
    ----------
    value
        One element of an answer.

    Returns
    -------
    str, int, float or bool
        A value of exactly that type.

    Raises
    ------
    NotPlain
        If the value is not a plain scalar (a subclass of ``str`` or ``int``, an object with its own ``__eq__``).

    """
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind in (_dt.date, _dt.datetime):
        return _date(value)
    module, name = _module_of(value), _name_of(value)
    if module == "pandas" and name == "Timestamp" and isinstance(value, _dt.datetime):
        return _date(value)
    if module == "numpy" and name in _NUMPY_SCALARS:
        converted = str(value)[:10] if name == "datetime64" else value.item()
        if type(converted) in _SCALARS:
            return converted
        if type(converted) in (_dt.date, _dt.datetime):
            return _date(converted)
    raise NotPlain


def plain_answer(value: Any) -> Any:
    """Return a plain copy of an answer: a scalar, or a list of scalars; one-element selections unwrapped.

    Parameters
    ----------
    value
        What the student assigned to ``answer``.

    Returns
    -------
    object
        An exact ``str``/``int``/``float``/``bool`` or a ``list`` of them.

    Raises
    ------
    NotPlain
        If any part is not a plain value.

    """
    kind = type(value)
    if kind in _COLLECTIONS:
        items = list(value) if kind is not set and kind is not frozenset else list(value)
    elif _module_of(value) in ("pandas", "numpy") and _name_of(value) in _PANDAS_CONTAINERS:
        try:
            array = value.to_numpy() if hasattr(value, "to_numpy") else value
            if getattr(getattr(array, "dtype", None), "kind", "") == "M":  # nanosecond dates list as integers
                array = array.astype("datetime64[us]")
            items = list(array.ravel().tolist()) if hasattr(array, "ravel") else list(array.tolist())
        except Exception:  # noqa: BLE001
            raise NotPlain from None
        if type(items) is not list:
            raise NotPlain
        if len(items) == 1:
            return plain_scalar(items[0])
    else:
        return plain_scalar(value)
    return [plain_scalar(item) for item in items]


def element_digest(question_id: str, kind: str, position: int | None, canonical: str) -> str:
    """Return the salted digest of one element of a set (``position`` None) or sequence, for partial credit.

    Parameters
    ----------
    question_id
        The canonical question id.
    kind
        ``"set"`` or ``"sequence"``.
    position
        The element's place in a sequence (0-based); None for a set.
    canonical
        The element's canonical form.

    Returns
    -------
    str
        64 hexadecimal digits.

    """
    import hashlib

    where = "any" if position is None else str(position)
    payload = "\x1f".join(("korea-notes-part", question_id, kind, where, canonical))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def score(question_id: str, answer: Any, *, points: float, parts: list[str] | None = None,
          questions_dir: str | None = None) -> float:
    """Return the points an answer earns (0 when wrong, not plain or unanswered).

    Parameters
    ----------
    question_id
        The canonical id, e.g. ``"00.1"``.
    answer
        The student's answer.
    points
        The exercise's points.
    parts
        For a set or sequence: the element digests of the accepted answer (see :func:`element_digest`);
        without them there is no partial credit.
    questions_dir
        Another folder of question files (for tests).

    Returns
    -------
    float
        Between 0 and ``points``.

    """
    if answer is None or answer is Ellipsis:
        return 0.0
    try:
        value = plain_answer(answer)
    except NotPlain:
        return 0.0
    notebook = question_id.split(".")[0]
    if questions_dir is None:
        spec = _questions(notebook).get(question_id)
    else:
        with open(_os.path.join(questions_dir, f"{notebook}.json"), encoding="utf-8") as handle:
            spec = _json.load(handle).get(question_id)
    if type(spec) is not dict:
        raise AssertionError(f"the grader knows no question {question_id}; tell your instructor")
    norm = _normalize_module()
    kind, element = spec["kind"], spec.get("element", "text")
    try:
        canonical = norm.canonical_answer(kind, value, element=element, tolerance=spec.get("tolerance"))
    except norm.AnswerFormError:
        return 0.0
    if type(canonical) is str and norm.digest(question_id, kind, canonical) in set(spec.get("digests", ())):
        return float(points)
    if not parts or kind not in ("set", "sequence"):
        return 0.0
    try:
        elements = [norm.normalize_element(item, element) for item in norm.as_elements(value)]
    except norm.AnswerFormError:
        return 0.0
    if kind == "set":
        elements = sorted(set(elements))
        hits = sum(element_digest(question_id, kind, None, item) in set(parts) for item in elements)
    else:
        hits = sum(element_digest(question_id, kind, index, item) == parts[index]
                   for index, item in enumerate(elements[:len(parts)]))
    return round(float(points) * hits / max(len(parts), len(elements)), 2)


def grade(question_id: str, answer: Any, *, points: float, parts: list[str] | None = None) -> float | None:
    """Grade one answer for nbgrader: None when right, the points earned when partly right, else raise.

    Parameters
    ----------
    question_id
        The canonical id, e.g. ``"00.1"``.
    answer
        The student's answer.
    points
        The test cell's points.
    parts
        Element digests of a set or sequence, for partial credit.

    Returns
    -------
    float or None
        None for full points (nbgrader then gives the cell's points); a number for partial credit.

    Raises
    ------
    AssertionError
        With a generic message when the answer earns nothing.

    """
    earned = score(question_id, answer, points=points, parts=parts)
    if earned >= points:
        return None
    if earned > 0:
        return earned
    raise AssertionError(f"Exercise {question_id}: no points (unanswered, not a plain value, or not right)")
