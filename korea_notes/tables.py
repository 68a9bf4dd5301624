"""Read one CSV table strictly, check each cell against its column in the descriptor, and type it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import pandas as pd

from .checks import Problems
from .descriptor import Field, Resource
from .errors import KoreaNotesError

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INT_RE = re.compile(r"^[+-]?\d+$")
_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}


def _decode(path: Path) -> str:
    raw = path.read_bytes()
    if not raw.strip():
        raise KoreaNotesError("the file is empty; it needs at least a header row", file=path.name, line=1)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise KoreaNotesError(
            f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x} cannot be decoded)",
            file=path.name,
            line=line,
            hint="save the file as UTF-8",
        ) from None


def _convert(value: str, column: Field, file: str, line: int) -> Any:
    """Turn one cell's text into a Python value of the column's type, or raise a located error."""
    if value == "":
        if column.required:
            raise KoreaNotesError("a value is required here but the cell is empty", file=file, line=line,
                                  column=column.name)
        return None
    if value != value.strip():
        raise KoreaNotesError(f"{value!r} has spaces at its start or end", file=file, line=line, column=column.name)
    converted: Any
    if column.type == "date":
        if not _DATE_RE.match(value):
            raise KoreaNotesError(f"{value!r} is not a date in YYYY-MM-DD form", file=file, line=line,
                                  column=column.name)
        try:
            converted = dt.date.fromisoformat(value)
        except ValueError:
            raise KoreaNotesError(f"{value!r} is not a real calendar date", file=file, line=line,
                                  column=column.name) from None
    elif column.type == "integer":
        if not _INT_RE.match(value):
            raise KoreaNotesError(f"{value!r} is not a whole number", file=file, line=line, column=column.name)
        converted = int(value)
    elif column.type == "number":
        try:
            converted = float(value)
        except ValueError:
            raise KoreaNotesError(f"{value!r} is not a number", file=file, line=line, column=column.name) from None
        if converted != converted:  # NaN
            raise KoreaNotesError("NaN is not allowed; leave the cell empty instead", file=file, line=line,
                                  column=column.name)
    elif column.type == "boolean":
        if value.lower() not in _TRUE | _FALSE:
            raise KoreaNotesError(f"{value!r} is not true or false", file=file, line=line, column=column.name)
        converted = value.lower() in _TRUE
    else:
        converted = value
    if column.enum is not None and value not in column.enum:
        raise KoreaNotesError(
            f"{value!r} is not one of the allowed values: {', '.join(column.enum)}",
            file=file, line=line, column=column.name,
        )
    if column.pattern and not re.fullmatch(column.pattern, value):
        raise KoreaNotesError(f"{value!r} does not match the pattern {column.pattern!r}", file=file, line=line,
                              column=column.name, hint=column.hint)
    if column.minimum is not None and converted < column.minimum:
        raise KoreaNotesError(f"{value} is below the minimum {column.minimum}", file=file, line=line,
                              column=column.name)
    if column.maximum is not None and converted > column.maximum:
        raise KoreaNotesError(f"{value} is above the maximum {column.maximum}", file=file, line=line,
                              column=column.name)
    return converted


def header_problems(header: list[str], resource: Resource, file: str) -> list[KoreaNotesError]:
    """Compare a CSV header with the descriptor's columns; return what does not match (empty if it does).

    Each problem says which columns were found and which were expected: missing, unexpected, repeated,
    or in another order.

    Parameters
    ----------
    header
        The file's first row.
    resource
        Its description from ``datapackage.json``.
    file
        The file name, for the messages.

    Returns
    -------
    list of KoreaNotesError
        One per kind of mismatch, each at line 1 with the first column concerned.

    """
    expected = [f.name for f in resource.fields]
    found = f"found: {', '.join(header) or '(nothing)'}; expected: {', '.join(expected)}"
    out: list[KoreaNotesError] = []
    duplicates = list(dict.fromkeys(h for h in header if header.count(h) > 1))
    if duplicates:
        out.append(KoreaNotesError(f"the header repeats {', '.join(duplicates)} ({found})", file=file, line=1,
                                   column=duplicates[0], hint="keep one column of each name"))
    missing = [name for name in expected if name not in header]
    unknown = list(dict.fromkeys(name for name in header if name not in expected))
    if missing:
        hint = "add the missing column(s), or rename a misspelt one"
        if len(missing) == len(unknown) == 1 and header.index(unknown[0]) == expected.index(missing[0]):
            hint = f"rename {unknown[0]!r} to {missing[0]!r}?"
        out.append(KoreaNotesError(
            f"the header lacks the column(s) {', '.join(missing)} ({found})", file=file, line=1,
            column=missing[0], hint=hint,
        ))
    if unknown:
        out.append(KoreaNotesError(
            f"the header has column(s) the descriptor does not define: {', '.join(unknown)} ({found})",
            file=file, line=1, column=unknown[0], hint="add them to datapackage.json or remove them",
        ))
    if not out and header != expected:
        moved = next(h for h, e in zip(header, expected, strict=True) if h != e)
        out.append(KoreaNotesError(
            f"the columns are in another order than the descriptor's ({found})", file=file, line=1,
            column=moved, hint="reorder the columns as expected (the Data Package standard matches them by position)",
        ))
    return out


def _to_series(values: list[Any], column: Field) -> pd.Series:
    if column.type == "date":
        return pd.Series(pd.to_datetime(pd.Series(values, dtype="object"), format="%Y-%m-%d"), name=column.name)
    if column.type == "integer":
        return pd.Series(values, dtype="Int64", name=column.name)
    if column.type == "number":
        return pd.Series([float("nan") if v is None else v for v in values], dtype="float64", name=column.name)
    if column.type == "boolean":
        return pd.Series(values, dtype="boolean", name=column.name)
    if column.categorical and column.enum is not None:
        return pd.Series(pd.Categorical(values, categories=list(column.enum)), name=column.name)
    return pd.Series(values, dtype="string", name=column.name)


def read_table(path: Path, resource: Resource,
               problems: Problems | None = None) -> tuple[pd.DataFrame, list[int]] | None:
    """Read ``path`` as the table ``resource`` describes, checking every cell.

    Parameters
    ----------
    path
        The CSV file.
    resource
        Its description from ``datapackage.json``.
    problems
        Where to report problems. By default the first one is raised; a collecting
        :class:`~korea_notes.checks.Problems` gets every one, and the rows that could be read are returned
        (a cell with a problem becomes empty, a row with the wrong number of cells is left out).

    Returns
    -------
    (pandas.DataFrame, list of int) or None
        The typed table, in the descriptor's column order, and the file line of each row; None when
        collecting and the file cannot be read as a table at all (missing, empty, not UTF-8, no rows).

    Raises
    ------
    KoreaNotesError
        When not collecting: naming the file, the line and the column, for an empty or non-UTF-8 file,
        a header that does not match the descriptor's columns, a row with too many or too few cells, a
        value of the wrong type or outside its allowed values, or a repeated value in a unique column.

    """
    problems = problems if problems is not None else Problems()
    file = path.name
    if not path.is_file():
        problems.add(KoreaNotesError("the file is missing", file=str(path)))
        return None
    try:
        text = _decode(path)
    except KoreaNotesError as error:
        problems.add(error)
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    by_name = {f.name: f for f in resource.fields}
    columns: dict[str, list[Any]] = {f.name: [] for f in resource.fields}
    lines: list[int] = []
    seen: dict[str, dict[Any, int]] = {f.name: {} for f in resource.fields if f.unique}
    try:
        header = next(reader)
        for error in header_problems(header, resource, file):
            problems.add(error)
        known = [(index, by_name[name]) for index, name in enumerate(header)
                 if name in by_name and header.index(name) == index]
        for row in reader:
            line = reader.line_num
            if not row or row == [""]:
                problems.add(KoreaNotesError("blank line inside the table", file=file, line=line,
                                             hint="delete the blank line"))
                continue
            if len(row) != len(header):
                problems.add(KoreaNotesError(
                    f"the row has {len(row)} cells but the header has {len(header)}",
                    file=file, line=line,
                    hint="a stray comma or delimiter? quote text that contains commas",
                ))
                continue
            values: dict[str, Any] = {}
            for index, column in known:
                text_value = row[index]
                try:
                    value = _convert(text_value, column, file, line)
                except KoreaNotesError as error:
                    problems.add(error)
                    value = None
                if column.name in seen and value is not None:
                    if value in seen[column.name]:
                        problems.add(KoreaNotesError(
                            f"{text_value!r} repeats the value first used on line {seen[column.name][value]}; "
                            "it must be unique", file=file, line=line, column=column.name,
                        ))
                    else:
                        seen[column.name][value] = line
                values[column.name] = value
            for name, cells in columns.items():
                cells.append(values.get(name))
            lines.append(line)
    except csv.Error as exc:
        problems.add(KoreaNotesError(f"the CSV cannot be parsed ({exc})", file=file, line=reader.line_num))
    if not lines:
        problems.add(KoreaNotesError("the table has a header but no rows", file=file, line=2))
        return None
    frame = pd.DataFrame({f.name: _to_series(columns[f.name], f) for f in resource.fields})
    return frame, lines
