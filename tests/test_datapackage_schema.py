"""data/datapackage.json follows the Data Package standard: the official JSON Schemas, and the reference validator.

The official profiles (Data Package and Table Schema, versions 1.0 and 2.0) come from the ``dplib-py`` package of
the Frictionless Data project, which ships them as files; ``frictionless`` (the reference implementation) then
validates the descriptor and every data file against it. Both run offline (the network is blocked in tests).
"""

from __future__ import annotations

import csv
import importlib.util
import json
from pathlib import Path
from typing import Any

import frictionless
import jsonschema
import pytest

from korea_notes.datasets import descriptor
from korea_notes.descriptor import LIST_FOREIGN_KEYS

ROOT = Path(__file__).resolve().parent.parent
DESCRIPTOR = ROOT / "data" / "datapackage.json"
VERSIONS = ("1.0", "2.0")


def _profiles() -> Path:
    spec = importlib.util.find_spec("dplib")
    if spec is None or not spec.submodule_search_locations:
        pytest.fail("dplib-py is not installed: pip install -e '.[test]'")
    return Path(next(iter(spec.submodule_search_locations))) / "profiles"


def _profile(version: str, name: str) -> dict[str, Any]:
    return json.loads((_profiles() / version / f"{name}.json").read_text(encoding="utf-8"))


def _errors(profile: dict[str, Any], instance: Any) -> list[str]:
    validator = jsonschema.Draft7Validator(profile)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in validator.iter_errors(instance)]


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    return json.loads(DESCRIPTOR.read_text(encoding="utf-8"))


def test_the_profiles_are_the_official_ones() -> None:
    for version in VERSIONS:
        for name, title in (("datapackage", "Data Package"), ("tableschema", "Table Schema")):
            profile = _profile(version, name)
            assert profile["title"].endswith(title)  # 1.0 ships the "Tabular Data Package" profile
            assert profile["$schema"].startswith("http://json-schema.org/draft-07/schema")
            jsonschema.Draft7Validator.check_schema(profile)


@pytest.mark.parametrize("version", VERSIONS)
def test_descriptor_is_a_valid_data_package(raw: dict[str, Any], version: str) -> None:
    assert _errors(_profile(version, "datapackage"), raw) == []


@pytest.mark.parametrize("version", VERSIONS)
def test_every_table_schema_is_valid(raw: dict[str, Any], version: str) -> None:
    profile = _profile(version, "tableschema")
    schemas = {r["name"]: r["schema"] for r in raw["resources"] if "schema" in r}
    assert schemas, "the descriptor has table schemas"
    assert {name: _errors(profile, schema) for name, schema in schemas.items()} == {name: [] for name in schemas}


def test_the_profiles_catch_a_broken_descriptor(raw: dict[str, Any]) -> None:
    """The checks above can fail: a field of an unknown type and a resource without a path are refused."""
    broken = json.loads(json.dumps(raw))
    table = next(r for r in broken["resources"] if "schema" in r)
    table["schema"]["fields"][0]["type"] = "text"
    assert _errors(_profile("2.0", "tableschema"), table["schema"])
    del broken["resources"][0]["path"]
    assert _errors(_profile("2.0", "datapackage"), broken)


def test_list_foreign_keys_are_declared_as_a_custom_property(raw: dict[str, Any]) -> None:
    """Cells such as ``a;b`` cannot be Table Schema foreign keys; they sit in ``korea_notes:listForeignKeys``.

    The standard permits extra properties; our loader still checks each key of each cell (tests/test_datasets.py
    test_one_unknown_key_among_several).
    """
    for resource in raw["resources"]:
        schema = resource.get("schema", {})
        for fk in schema.get("foreignKeys", []):
            assert not any(k.startswith("korea_notes:") for k in fk), resource["name"]
        for fk in schema.get(LIST_FOREIGN_KEYS, []):
            assert set(fk) == {"fields", "reference", "separator"}, resource["name"]
            assert set(fk["reference"]) == {"resource", "fields"}
    parsed = {r.name: r for r in descriptor().resources}
    for resource in raw["resources"]:
        if "schema" in resource and resource["name"] != "sources":
            keys = [(k.field, k.separator) for k in parsed[resource["name"]].foreign_keys]
            assert ("source", ";") in keys, resource["name"]


def test_frictionless_validates_the_package_and_its_data() -> None:
    """The reference validator reads every file offline and finds no error (types, constraints, keys)."""
    report = frictionless.Package(str(DESCRIPTOR)).validate()
    problems = [f"{task.name}: {e.type}: {e.message}" for task in report.tasks for e in task.errors]
    problems += [f"package: {e.type}: {e.message}" for e in report.errors]
    assert problems == []
    assert report.valid and len(report.tasks) == len(json.loads(DESCRIPTOR.read_text(encoding="utf-8"))["resources"])


def test_frictionless_catches_a_bad_cell(data_copy: Path) -> None:
    """The reference validator does read the data: a date that is not a date is an error for it too."""
    path = data_copy / "phases.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index("start")] = "not-a-date"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    report = frictionless.Package(str(data_copy / "datapackage.json")).validate()
    types = {e.type for task in report.tasks for e in task.errors}
    assert not report.valid and "type-error" in types
