"""Self-checked exercises: ``kn.exercises.check("05.2", answer)`` says right or not, never the answer.

Each notebook's exercises live in ``korea_notes/teaching/exercises/questions/NN.json``, one entry per question id
(``"05.2"`` is Exercise 5.2 of notebook 05)::

    {"05.2": {"kind": "date", "digests": ["..."], "hint": "...", "prompt": "..."}}

The digests are salted SHA-256 hashes of the normalized accepted answers (see
:mod:`korea_notes.exercises.normalize` for the rules of each kind); the answers themselves are not
stored. Authors add questions with :func:`register` or ``korea-notes exercises add``.

>>> from korea_notes import exercises
>>> exercises.check("00.2", ...).answered
False
"""

from __future__ import annotations

from .authoring import dump_questions, make_spec, register
from .checking import CHECK_LOG_ENV_VAR, Feedback, canonical_id, check, known_notebooks, list_questions
from .normalize import KINDS

__all__ = [
    "CHECK_LOG_ENV_VAR",
    "KINDS",
    "Feedback",
    "canonical_id",
    "check",
    "dump_questions",
    "known_notebooks",
    "list_questions",
    "make_spec",
    "register",
]
