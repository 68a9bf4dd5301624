"""Read ``data/datapackage.json``: the one description of every dataset, its columns and checks."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._paths import DESCRIPTOR_NAME
from .errors import KoreaNotesError

FIELD_TYPES = ("string", "integer", "number", "date", "boolean")

LIST_FOREIGN_KEYS = "korea_notes:listForeignKeys"
"""Schema property for foreign keys whose cells hold several keys (e.g. ``source``: ``a;b``).

Table Schema's ``foreignKeys`` compare a whole cell with the referenced column, so a cell listing several
keys cannot be one; the standard allows extra properties, and this one has the same shape as a foreign key
plus a ``separator``. The loader checks each key of each cell.
"""
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Field:
    """One column of a table, as the descriptor defines it."""

    name: str
    type: str
    description: str = ""
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    categorical: bool = False
    hint: str | None = None


@dataclass(frozen=True)
class ForeignKey:
    """A column whose values must appear in a column of another table."""

    field: str
    resource: str
    reference_field: str
    separator: str | None = None


@dataclass(frozen=True)
class Resource:
    """One dataset: a CSV table or a GeoJSON FeatureCollection."""

    name: str
    path: str
    format: str
    title: str
    description: str
    raw: dict[str, Any]
    fields: tuple[Field, ...] = ()
    primary_key: str | None = None
    foreign_keys: tuple[ForeignKey, ...] = ()
    checks: tuple[dict[str, Any], ...] = ()
    feature_properties: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_table(self) -> bool:
        """Whether this resource is a CSV table (rather than GeoJSON)."""
        return self.format == "csv"

    def field_named(self, name: str) -> Field:
        """Return the column called ``name``."""
        for column in self.fields:
            if column.name == name:
                return column
        raise KoreaNotesError(f"resource {self.name!r} has no column {name!r}")


@dataclass(frozen=True)
class Descriptor:
    """The whole data package: its metadata and resources, in descriptor order."""

    path: Path
    raw: dict[str, Any]
    resources: tuple[Resource, ...]

    @property
    def folder(self) -> Path:
        """The folder the descriptor's paths are relative to."""
        return self.path.parent

    def names(self) -> list[str]:
        """Names of every resource, in descriptor order."""
        return [r.name for r in self.resources]

    def resource(self, name: str) -> Resource:
        """Return the resource called ``name``, or raise an error listing the valid names."""
        for res in self.resources:
            if res.name == name:
                return res
        import difflib

        close = difflib.get_close_matches(str(name), self.names(), n=1)
        raise KoreaNotesError(
            f"there is no dataset called {name!r}; the datasets are: {', '.join(sorted(self.names()))}",
            hint=f"did you mean {close[0]!r}?" if close else None,
        )


def _parse_field(raw: dict[str, Any], where: str) -> Field:
    kind = raw.get("type", "string")
    if kind not in FIELD_TYPES:
        raise KoreaNotesError(f"{where}: field type {kind!r} is not one of {FIELD_TYPES}", file=DESCRIPTOR_NAME)
    constraints = raw.get("constraints", {})
    enum = constraints.get("enum")
    return Field(
        name=raw["name"],
        type=kind,
        description=raw.get("description", ""),
        required=bool(constraints.get("required", False)),
        unique=bool(constraints.get("unique", False)),
        enum=tuple(enum) if enum is not None else None,
        pattern=constraints.get("pattern"),
        minimum=constraints.get("minimum"),
        maximum=constraints.get("maximum"),
        categorical=bool(raw.get("korea_notes:categorical", enum is not None)),
        hint=raw.get("korea_notes:hint"),
    )


def _parse_foreign_key(fk: dict[str, Any], separator: str | None) -> ForeignKey:
    def first(value: str | list[str]) -> str:
        return value[0] if isinstance(value, list) else value

    return ForeignKey(field=first(fk["fields"]), resource=fk["reference"]["resource"],
                      reference_field=first(fk["reference"]["fields"]), separator=separator)


def _parse_resource(raw: dict[str, Any]) -> Resource:
    name = raw.get("name")
    if not name or "path" not in raw:
        raise KoreaNotesError("every resource needs a 'name' and a 'path'", file=DESCRIPTOR_NAME)
    schema = raw.get("schema", {})
    fields = tuple(_parse_field(f, f"resource {name!r}") for f in schema.get("fields", []))
    primary = schema.get("primaryKey")
    if isinstance(primary, list):
        primary = primary[0] if primary else None
    foreign = tuple(_parse_foreign_key(fk, fk.get("korea_notes:separator")) for fk in schema.get("foreignKeys", []))
    foreign += tuple(_parse_foreign_key(fk, fk.get("separator", LIST_SEPARATOR))
                     for fk in schema.get(LIST_FOREIGN_KEYS, []))
    return Resource(
        name=name,
        path=raw["path"],
        format=raw.get("format", "csv"),
        title=raw.get("title", name),
        description=raw.get("description", ""),
        raw=raw,
        fields=fields,
        primary_key=primary,
        foreign_keys=foreign,
        checks=tuple(raw.get("korea_notes:checks", [])),
        feature_properties=tuple(raw.get("korea_notes:featureProperties", [])),
    )


def read_descriptor(folder: Path) -> Descriptor:
    """Read and parse ``datapackage.json`` in ``folder``.

    Parameters
    ----------
    folder
        The data folder.

    Returns
    -------
    Descriptor
        The parsed descriptor.

    Raises
    ------
    KoreaNotesError
        If the file is missing, is not valid JSON, or lacks required parts.

    """
    path = Path(folder) / DESCRIPTOR_NAME
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KoreaNotesError("the data package descriptor is missing", file=str(path)) from None
    except json.JSONDecodeError as exc:
        raise KoreaNotesError(f"not valid JSON ({exc.msg})", file=str(path), line=exc.lineno) from None
    resources = tuple(_parse_resource(r) for r in raw.get("resources", []))
    if not resources:
        raise KoreaNotesError("the descriptor lists no resources", file=str(path))
    return Descriptor(path=path, raw=raw, resources=resources)
