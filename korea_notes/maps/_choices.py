"""Check a keyword argument against its valid values, seaborn style."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..errors import KoreaNotesError


def check_choice(argument: str, value: Any, choices: Iterable[Any]) -> Any:
    """Return ``value`` if it is one of ``choices``, else raise a friendly error.

    Parameters
    ----------
    argument
        The argument's name, as the caller wrote it.
    value
        What was passed.
    choices
        The valid values.

    Returns
    -------
    object
        ``value`` unchanged.

    Raises
    ------
    KoreaNotesError
        "The value for `argument` must be one of [...], but 'x' was passed".

    Examples
    --------
    >>> check_choice("kind", "city", ["city", "memorial"])
    'city'

    """
    valid = list(choices)
    if value not in valid:
        raise KoreaNotesError(f"The value for `{argument}` must be one of {valid}, but {value!r} was passed")
    return value
