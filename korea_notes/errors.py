"""The project's one exception type, with messages that say where the problem is."""

from __future__ import annotations


class KoreaNotesError(ValueError):
    """A problem with the data, an argument, or a notebook, explained for a person to fix.

    Parameters
    ----------
    problem
        What is wrong, in a sentence.
    file
        The file concerned (a name or path), if any.
    line
        The 1-based line number in that file (the CSV header is line 1), if any.
    column
        The column (CSV) or property (GeoJSON) concerned, if any.
    hint
        What to do about it, if there is something useful to say.

    Examples
    --------
    >>> str(KoreaNotesError("not a date", file="events.csv", line=3, column="date"))
    "events.csv, line 3, column 'date': not a date"

    """

    def __init__(
        self,
        problem: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.problem = problem
        self.file = file
        self.line = line
        self.column = column
        self.hint = hint
        super().__init__(self._message())

    def _render_traceback_(self) -> list[str]:
        """Show the error in IPython and Jupyter as one line, not a traceback.

        IPython calls this method, when an exception has it, instead of printing the traceback. The message
        already says what is wrong and what to do; a student who mistyped a question id or a dataset name
        should not have to find that line under twenty lines of the package's internals.

        Returns
        -------
        list of str
            The lines to show: the exception's name and its message.

        """
        return [f"\x1b[0;31m{type(self).__name__}\x1b[0m: {self}"]

    def _message(self) -> str:
        where = []
        if self.file:
            where.append(str(self.file))
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column:
            where.append(f"column {self.column!r}")
        text = f"{', '.join(where)}: {self.problem}" if where else self.problem
        if self.hint:
            text += f" ({self.hint})"
        return text
