"""Read one CSV table strictly, check each cell against its column in the descriptor, and type it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import pandas as pd

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
                              column=column.name)
    if column.minimum is not None and converted < column.minimum:
        raise KoreaNotesError(f"{value} is below the minimum {column.minimum}", file=file, line=line,
                              column=column.name)
    if column.maximum is not None and converted > column.maximum:
        raise KoreaNotesError(f"{value} is above the maximum {column.maximum}", file=file, line=line,
                              column=column.name)
    return converted


def _check_header(header: list[str], resource: Resource, file: str) -> None:
    expected = [f.name for f in resource.fields]
    duplicates = sorted({h for h in header if header.count(h) > 1})
    if duplicates:
        raise KoreaNotesError(f"the header repeats {', '.join(duplicates)}", file=file, line=1)
    missing = [name for name in expected if name not in header]
    if missing:
        raise KoreaNotesError(
            f"the header lacks the required column(s) {', '.join(missing)}", file=file, line=1,
            column=missing[0], hint=f"the columns are: {', '.join(expected)}",
        )
    unknown = [name for name in header if name not in expected]
    if unknown:
        raise KoreaNotesError(
            f"the header has column(s) the descriptor does not define: {', '.join(unknown)}", file=file, line=1,
            column=unknown[0], hint="add them to datapackage.json or remove them",
        )


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


def read_table(path: Path, resource: Resource) -> tuple[pd.DataFrame, list[int]]:
    """Read ``path`` as the table ``resource`` describes, checking every cell.

    Parameters
    ----------
    path
        The CSV file.
    resource
        Its description from ``datapackage.json``.

    Returns
    -------
    (pandas.DataFrame, list of int)
        The typed table, in the descriptor's column order, and the file line of each row.

    Raises
    ------
    KoreaNotesError
        Naming the file, the line and the column, for an empty or non-UTF-8 file, a header without the
        descriptor's columns, a row with too many or too few cells, a value of the wrong type or outside
        its allowed values, or a repeated value in a unique column.

    """
    file = path.name
    if not path.is_file():
        raise KoreaNotesError("the file is missing", file=str(path))
    reader = csv.reader(io.StringIO(_decode(path), newline=""), strict=True)
    try:
        header = next(reader)
        _check_header(header, resource, file)
        by_name = {f.name: f for f in resource.fields}
        columns: dict[str, list[Any]] = {f.name: [] for f in resource.fields}
        lines: list[int] = []
        seen: dict[str, dict[Any, int]] = {f.name: {} for f in resource.fields if f.unique}
        for row in reader:
            line = reader.line_num
            if not row or row == [""]:
                raise KoreaNotesError("blank line inside the table", file=file, line=line,
                                      hint="delete the blank line")
            if len(row) != len(header):
                raise KoreaNotesError(
                    f"the row has {len(row)} cells but the header has {len(header)}",
                    file=file, line=line,
                    hint="a stray comma or delimiter? quote text that contains commas",
                )
            for name, text in zip(header, row, strict=True):
                value = _convert(text, by_name[name], file, line)
                if name in seen and value is not None:
                    if value in seen[name]:
                        raise KoreaNotesError(
                            f"{text!r} repeats the value first used on line {seen[name][value]}; it must be unique",
                            file=file, line=line, column=name,
                        )
                    seen[name][value] = line
                columns[name].append(value)
            lines.append(line)
    except csv.Error as exc:
        raise KoreaNotesError(f"the CSV cannot be parsed ({exc})", file=file, line=reader.line_num) from None
    if not lines:
        raise KoreaNotesError("the table has a header but no rows", file=file, line=2)
    frame = pd.DataFrame({f.name: _to_series(columns[f.name], f) for f in resource.fields})
    return frame, lines
