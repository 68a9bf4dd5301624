"""Checks that span rows or tables, the casualty-free rule, and the collector that gathers problems.

Each row check is named in ``datapackage.json`` (``korea_notes:checks`` and ``foreignKeys``); this module
holds one function per kind of check and no knowledge of particular datasets. Checks report each problem
to a :class:`Problems` collector, which either raises at the first (loading one dataset) or keeps them all
(``validate``). The casualty-free rule (:func:`casualty_figures`) applies to every text cell of every
table, whatever the descriptor says.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pandas as pd

from .descriptor import ForeignKey, Resource
from .errors import KoreaNotesError

Tables = Mapping[str, pd.DataFrame]
DEFAULT_LIMIT = 20
_WINDOW = 20  # characters between a casualty word and a figure after it
_KO_WINDOW = 16  # the same in Korean, where words are shorter


class Problems:
    """Where checks report problems: raise the first one, or collect them all.

    Parameters
    ----------
    collect
        False (the default) raises each problem as it is reported, so a loader stops at the first one;
        True keeps them in :attr:`items` for a report.

    Examples
    --------
    >>> problems = Problems(collect=True)
    >>> problems.add(KoreaNotesError("not a date", file="events.csv", line=3, column="date"))
    >>> len(problems)
    1

    """

    def __init__(self, *, collect: bool = False) -> None:
        self.collect = collect
        self.items: list[KoreaNotesError] = []

    def add(self, error: KoreaNotesError) -> None:
        """Report ``error``: raise it (strict) or keep it (collecting)."""
        if not self.collect:
            raise error
        self.items.append(error)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


def _where(error: KoreaNotesError) -> str:
    parts = []
    if error.line is not None:
        parts.append(f"line {error.line}")
    if error.column:
        parts.append(f"column {error.column!r}")
    text = f"{', '.join(parts)}: {error.problem}" if parts else error.problem
    return f"{text} ({error.hint})" if error.hint else text


def format_problems(problems: Iterable[KoreaNotesError], limit: int | None = DEFAULT_LIMIT) -> str:
    """Format problems as a report grouped by file, with at most ``limit`` lines per file.

    Parameters
    ----------
    problems
        The problems, in the order they were found.
    limit
        How many to show for each file (the rest are counted); None shows all.

    Returns
    -------
    str
        A first line with the totals, then for each file its name, its count and its problems.

    Examples
    --------
    >>> print(format_problems([KoreaNotesError("not a date", file="events.csv", line=3, column="date")]))
    1 problem in 1 file:
    events.csv: 1 problem
      line 3, column 'date': not a date

    """
    groups: dict[str, list[KoreaNotesError]] = defaultdict(list)
    for error in problems:
        groups[str(error.file) if error.file else "(no file)"].append(error)
    total = sum(len(g) for g in groups.values())

    def count(n: int, word: str) -> str:
        return f"{n} {word}" + ("" if n == 1 else "s")

    lines = [f"{count(total, 'problem')} in {count(len(groups), 'file')}:"]
    for file, errors in groups.items():
        lines.append(f"{file}: {count(len(errors), 'problem')}")
        shown = errors if limit is None else errors[:limit]
        lines.extend(f"  {_where(e)}" for e in shown)
        if len(errors) > len(shown):
            lines.append(f"  \u2026 and {len(errors) - len(shown)} more")
    return "\n".join(lines)


class DataProblems(KoreaNotesError):
    """Every problem ``validate`` found, as one error whose message is the grouped report.

    ``file``, ``line``, ``column`` and ``hint`` are those of the first problem; :attr:`problems` holds all.

    Parameters
    ----------
    problems
        The problems (at least one).
    limit
        How many to show per file in the message.

    """

    def __init__(self, problems: list[KoreaNotesError], *, limit: int | None = DEFAULT_LIMIT) -> None:
        if not problems:
            raise ValueError("DataProblems needs at least one problem")
        self.problems = list(problems)
        self.limit = limit
        first = problems[0]
        super().__init__(first.problem, file=first.file, line=first.line, column=first.column, hint=first.hint)

    def _message(self) -> str:
        return format_problems(self.problems, self.limit)

    def files(self) -> list[str]:
        """Return the files with problems, in the order first found."""
        return list(dict.fromkeys(str(e.file) for e in self.problems))


# ---------------------------------------------------------------- the casualty-free rule
# The collection gives no figures of people killed, hurt or missing (in English or Korean). A word for them
# with no figure is allowed ("Death of Stalin"), and so are repatriation counts: "sick and wounded" names a
# class of prisoners exchanged in Little Switch (Korean: 상병 포로, 부상 포로), so that phrase is taken out
# before the scan.

_EN_WORDS = r"(?:killed|dead|deaths|died|wounded|injured|casualt\w*|missing|fatalit\w*)"
_EN_AFTER = r"(?:casualt\w*|death toll|fatalit\w*|killed|wounded)"
_EN_NUMBER = r"(?:\d[\d,.]*|hundreds|thousands|millions|dozens)"
_KO_WORDS = (
    r"(?:사망자?|전사자?|전몰자?|사상자|사상\s*피해|인명\s*피해|부상자?|중상자|경상자|실종자?|희생자?|피살자?"
    r"|숨진|숨졌|숨지|죽은|죽었|목숨을\s*잃)"
)
_KO_NATIVE = r"(?:한|두|세|네|다섯|여섯|일곱|여덟|아홉|열|스무)"  # native numerals before 명: 세 명
_KO_NUMBER = rf"(?:\d[\d,.]*\s*(?:만|천|백)?|수\s*(?:십|백|천)?\s*만|수\s*(?:십|백|천)|{_KO_NATIVE})\s*(?:여\s*)?"
_KO_COUNT = rf"(?:{_KO_NUMBER}\s*(?:명|인)|\d[\d,.]*\s*만)"
# a bare figure straight after the word (a count with no 명), but not a date, ordinal or distance after it
_KO_BARE = r"\s*(?:수\s*[는은가]?|[은는이가]|:)?\s*\d[\d,.]*(?![\d,.])(?!\s*(?:년|월|일|시|주년|차|호|번째|km|m\b))"

CASUALTY_FIGURE = re.compile(
    "|".join([
        rf"{_EN_NUMBER}\s*(?:[a-z\-]+\s+){{,3}}{_EN_WORDS}\b",
        rf"{_EN_AFTER}\D{{,{_WINDOW}}}\d",
        rf"{_KO_COUNT}[^\d\n.]{{,{_KO_WINDOW}}}?{_KO_WORDS}",
        rf"{_KO_WORDS}[^\d\n.]{{,{_KO_WINDOW}}}?{_KO_COUNT}",
        rf"{_KO_WORDS}{_KO_BARE}",
    ]),
    re.IGNORECASE,
)
"""A number next to a word for people killed, hurt or missing, in English or Korean."""

PRISONER_CLASS = re.compile(r"sick[\s_-]+(?:and[\s_-]+)?wounded|(?:부상병?|상병)\s*포로", re.IGNORECASE)
"""The class of prisoners called "sick and wounded" (a repatriation category, not a casualty figure)."""


def casualty_figures(text: str) -> list[str]:
    """Return the casualty figures in ``text`` (empty if it has none).

    Parameters
    ----------
    text
        Any text: a cell, a notebook cell, a page.

    Returns
    -------
    list of str
        The matching passages, in order.

    Examples
    --------
    >>> casualty_figures("Death of Stalin")
    []
    >>> casualty_figures("the exchange of sick and wounded prisoners")
    []

    Korean figures are refused like English ones; the refused sentences are built from parts, since the
    collection's own scan reads this file too. A class of prisoners (상병포로) and a word with no figure pass:

    >>> battle = "이 전투에서 3,000" + "명이 전사했다."
    >>> bool(casualty_figures(battle))
    True
    >>> bare = "희생자 수는 " + "1,200"
    >>> bool(casualty_figures(bare))
    True
    >>> native = "세 명이 숨" + "졌다"
    >>> bool(casualty_figures(native))
    True
    >>> prisoners = "판문점에서 상병포로 684명이 송환되었다."
    >>> casualty_figures(prisoners)
    []
    >>> stalin = "소련 지도자 스탈린이 1953년 3월 5일 모스크바에서 사망했다."
    >>> casualty_figures(stalin)
    []

    """
    return [m.group(0) for m in CASUALTY_FIGURE.finditer(PRISONER_CLASS.sub(" ", text))]


def check_casualty_free(frame: pd.DataFrame, lines: list[int], resource: Resource, problems: Problems) -> None:
    """Report every text cell of ``frame`` that states a casualty figure.

    Parameters
    ----------
    frame
        The typed table.
    lines
        The file line of each row.
    resource
        Its description (the text columns are its ``string`` fields).
    problems
        Where to report.

    """
    for column in resource.fields:
        if column.type != "string" or column.name not in frame:
            continue
        for i, value in enumerate(frame[column.name].astype(object)):
            if value is None or pd.isna(value):
                continue
            found = casualty_figures(str(value))
            if found:
                example, *_ = found
                problems.add(KoreaNotesError(
                    f"states a casualty figure ({example!r}); the collection gives none",
                    file=_file(resource), line=lines[i], column=column.name,
                    hint="reword without the figure; prisoner-repatriation counts are allowed",
                ))


def _file(resource: Resource) -> str:
    return resource.path.rsplit("/", 1)[-1]


# ---------------------------------------------------------------- row and table checks


def check_date_order(frame: pd.DataFrame, lines: list[int], resource: Resource, spec: dict[str, Any],
                     tables: Tables, problems: Problems) -> None:
    """Report each row whose end date (``spec['end']``) is before its start date (``spec['start']``)."""
    start, end = frame[spec["start"]], frame[spec["end"]]
    for i in (end.notna() & start.notna() & (end < start)).to_numpy().nonzero()[0]:
        problems.add(KoreaNotesError(
            f"{spec['end']} {end.iloc[i]:%Y-%m-%d} is before {spec['start']} {start.iloc[i]:%Y-%m-%d}",
            file=_file(resource), line=lines[i], column=spec["end"],
        ))


def check_within_box(frame: pd.DataFrame, lines: list[int], resource: Resource, spec: dict[str, Any],
                     tables: Tables, problems: Problems) -> None:
    """Report each coordinate outside the box, unless its row is exempt (``spec['unless']``)."""
    exempt = pd.Series(False, index=frame.index)
    if "unless" in spec:
        exempt = frame[spec["unless"]["field"]].astype("string").isin(spec["unless"]["in"]).fillna(False)
    hint = "swapped lat/lon? or set kind to 'abroad' for a place outside Korea"
    for i in range(len(frame)):
        if exempt.iloc[i]:
            continue
        for axis, word in (("lat", "latitude"), ("lon", "longitude")):
            value = frame[spec[axis]].iloc[i]
            low, high = spec[f"{axis}_range"]
            if pd.notna(value) and not (low <= value <= high):
                problems.add(KoreaNotesError(
                    f"{word} {value} is outside the Korean peninsula's box {low}..{high}",
                    file=_file(resource), line=lines[i], column=spec[axis], hint=hint,
                ))


def check_contiguous(frame: pd.DataFrame, lines: list[int], resource: Resource, spec: dict[str, Any],
                     tables: Tables, problems: Problems) -> None:
    """Report where the rows' periods do not follow each other day after day or do not cover ``spec['covers']``."""
    starts, ends = frame[spec["start"]], frame[spec["end"]]
    known = (starts.notna() & ends.notna()).to_numpy()
    order = [int(i) for i in starts.argsort(kind="stable").to_numpy() if known[i]]
    if not order:
        return
    first, last = (pd.Timestamp(d) for d in spec["covers"])
    if starts.iloc[order[0]] != first:
        problems.add(KoreaNotesError(f"the first period must start on {first:%Y-%m-%d}", file=_file(resource),
                                     line=lines[order[0]], column=spec["start"]))
    for prev, cur in zip(order[:-1], order[1:], strict=True):
        expected = ends.iloc[prev] + pd.Timedelta(days=1)
        if starts.iloc[cur] != expected:
            problems.add(KoreaNotesError(
                f"this period starts on {starts.iloc[cur]:%Y-%m-%d} but the one before ends on "
                f"{ends.iloc[prev]:%Y-%m-%d}; periods must follow each other without gap or overlap",
                file=_file(resource), line=lines[cur], column=spec["start"],
            ))
    if ends.iloc[order[-1]] != last:
        problems.add(KoreaNotesError(f"the last period must end on {last:%Y-%m-%d}", file=_file(resource),
                                     line=lines[order[-1]], column=spec["end"]))


def check_date_in_referenced_range(frame: pd.DataFrame, lines: list[int], resource: Resource,
                                   spec: dict[str, Any], tables: Tables, problems: Problems) -> None:
    """Report each row whose date falls outside the start..end of the row it references (e.g. its phase)."""
    if spec["resource"] not in tables:  # that table could not be read; its own problems say why
        return
    ref = tables[spec["resource"]].dropna(subset=[spec["reference_field"]]).set_index(spec["reference_field"])
    for i in range(len(frame)):
        key, when = frame[spec["key"]].iloc[i], frame[spec["field"]].iloc[i]
        if pd.isna(key) or pd.isna(when) or key not in ref.index:
            continue
        lo, hi = ref.at[key, spec["start"]], ref.at[key, spec["end"]]
        if pd.isna(lo):
            continue
        if when < lo or (pd.notna(hi) and when > hi):
            span = f"{lo:%Y-%m-%d}..{'' if pd.isna(hi) else f'{hi:%Y-%m-%d}'}"
            problems.add(KoreaNotesError(
                f"{spec['field']} {when:%Y-%m-%d} is outside {spec['key']} {key!r} ({span})",
                file=_file(resource), line=lines[i], column=spec["field"],
            ))


ROW_CHECKS: dict[str, Callable[..., None]] = {
    "date_order": check_date_order,
    "within_box": check_within_box,
    "contiguous": check_contiguous,
    "date_in_referenced_range": check_date_in_referenced_range,
}


def run_checks(frame: pd.DataFrame, lines: list[int], resource: Resource, tables: Tables,
               problems: Problems | None = None) -> None:
    """Run every check the descriptor lists for ``resource``, then the casualty-free rule.

    Parameters
    ----------
    frame
        The typed table.
    lines
        The file line of each row.
    resource
        Its description.
    tables
        The tables it references, by name.
    problems
        Where to report; by default the first problem is raised.

    Raises
    ------
    KoreaNotesError
        If the descriptor names an unknown kind of check, or (when not collecting) at the first problem,
        naming file, line and column.

    """
    problems = problems if problems is not None else Problems()
    for spec in resource.checks:
        kind = spec.get("type")
        if kind not in ROW_CHECKS:
            raise KoreaNotesError(f"unknown check type {kind!r} for {resource.name!r}; known: {', '.join(ROW_CHECKS)}",
                                  file="datapackage.json")
        ROW_CHECKS[kind](frame, lines, resource, spec, tables, problems)
    check_casualty_free(frame, lines, resource, problems)


def key_values(value: Any, separator: str | None) -> list[str]:
    """Split a foreign-key cell into its keys (one, or several joined by ``separator``)."""
    if value is None or pd.isna(value):
        return []
    text = str(value)
    return text.split(separator) if separator else [text]


def check_foreign_key(values: list[Any], lines: list[int], file: str, key: ForeignKey,
                      allowed: set[str], problems: Problems | None = None) -> None:
    """Report each value (or each of its ``;``-separated keys) that is not among ``allowed``.

    Parameters
    ----------
    values
        The column's cells.
    lines
        The file line of each cell.
    file
        The file name, for the message.
    key
        The foreign key from the descriptor.
    allowed
        The referenced column's values.
    problems
        Where to report; by default the first problem is raised.

    """
    problems = problems if problems is not None else Problems()
    sample = ", ".join(sorted(allowed)[:8])
    for value, line in zip(values, lines, strict=True):
        for part in key_values(value, key.separator):
            if part not in allowed:
                problems.add(KoreaNotesError(
                    f"{part!r} is not a known {key.reference_field} in {key.resource}",
                    file=file, line=line, column=key.field,
                    hint=f"add it to {key.resource} or use an existing one (e.g. {sample}, ...)",
                ))
