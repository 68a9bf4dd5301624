"""Loading, typing and validating the datasets, and clear errors for malformed files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

import korea_notes as kn
from korea_notes import KoreaNotesError
from korea_notes.datasets import descriptor


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def _set_cell(data: Path, file: str, row_index: int, column: str, value: str) -> int:
    """Change one cell (row_index counts data rows from 0); return the file line of that row."""
    rows = _rows(data / file)
    rows[row_index + 1][rows[0].index(column)] = value
    _write(data / file, rows)
    return row_index + 2


def _error(data: Path, name: str) -> KoreaNotesError:
    with pytest.raises(KoreaNotesError) as info:
        kn.validate(data) if name == "*" else kn.load_dataset(name, data_dir=data)
    return info.value


# ---------------------------------------------------------------- the real data


@pytest.mark.parametrize("name", kn.list_datasets("table"))
def test_every_table_loads_and_has_sources(name: str) -> None:
    frame = kn.load_dataset(name)
    assert len(frame) > 0
    fields = [f.name for f in descriptor().resource(name).fields]
    assert list(frame.columns) == fields
    assert "note" in frame.columns
    if name != "sources":
        assert "source" in frame.columns and frame["source"].notna().all()


def test_validate_counts_every_dataset() -> None:
    counts = kn.validate()
    assert set(counts) == set(kn.list_datasets())
    assert all(n > 0 for n in counts.values())


def test_types_follow_the_descriptor() -> None:
    events = kn.load_dataset("events")
    assert pd.api.types.is_datetime64_any_dtype(events["date"])
    assert pd.api.types.is_datetime64_any_dtype(events["end_date"])
    assert isinstance(events["category"].dtype, pd.CategoricalDtype)
    assert set(events["category"].cat.categories) == set(descriptor().resource("events").field_named("category").enum)
    places = kn.load_dataset("places")
    assert pd.api.types.is_float_dtype(places["lat"])


def test_load_returns_a_copy() -> None:
    first = kn.load_dataset("events")
    first.loc[:, "title"] = "changed"
    assert (kn.load_dataset("events")["title"] != "changed").all()


def test_unknown_dataset_lists_the_names() -> None:
    with pytest.raises(KoreaNotesError, match="agenda_items.*events"):
        kn.load_dataset("evnets")


def test_table_and_geojson_loaders_are_not_interchangeable() -> None:
    with pytest.raises(KoreaNotesError, match="load_geojson"):
        kn.load_dataset(kn.list_datasets("geojson")[0])
    with pytest.raises(KoreaNotesError, match="load_dataset"):
        kn.load_geojson("events")


def test_cite_formats_sources_and_rejects_unknown_keys() -> None:
    key = kn.load_dataset("sources")["key"].iloc[0]
    text = kn.cite(f"{key};{key}")
    assert text.startswith("- ") and text.count("\n") == 0
    with pytest.raises(KoreaNotesError, match="not_a_key"):
        kn.cite("not_a_key")


def test_sources_of_collects_distinct_keys() -> None:
    events = kn.load_dataset("events")
    keys = kn.sources_of(events)
    assert len(keys) == len(set(keys))
    assert set(keys) <= set(kn.load_dataset("sources")["key"])


# ---------------------------------------------------------------- malformed files


def test_missing_column(data_copy: Path) -> None:
    rows = [row[:-1] for row in _rows(data_copy / "events.csv")]  # drop 'note'
    _write(data_copy / "events.csv", rows)
    err = _error(data_copy, "events")
    assert (err.file, err.line, err.column) == ("events.csv", 1, "note")


def test_unknown_extra_column(data_copy: Path) -> None:
    rows = _rows(data_copy / "places.csv")
    _write(data_copy / "places.csv", [rows[0] + ["colour"]] + [r + ["red"] for r in rows[1:]])
    err = _error(data_copy, "places")
    assert (err.file, err.line, err.column) == ("places.csv", 1, "colour")


def test_unparsable_date(data_copy: Path) -> None:
    line = _set_cell(data_copy, "events.csv", 3, "date", "1951-13-40")
    err = _error(data_copy, "events")
    assert (err.file, err.line, err.column) == ("events.csv", line, "date")
    assert "calendar" in str(err)


def test_date_in_the_wrong_form(data_copy: Path) -> None:
    line = _set_cell(data_copy, "events.csv", 1, "end_date", "10 July 1951")
    err = _error(data_copy, "events")
    assert (err.line, err.column) == (line, "end_date") and "YYYY-MM-DD" in str(err)


def test_duplicate_id(data_copy: Path) -> None:
    rows = _rows(data_copy / "events.csv")
    first_id = rows[1][0]
    line = _set_cell(data_copy, "events.csv", 4, "id", first_id)
    err = _error(data_copy, "events")
    assert (err.line, err.column) == (line, "id") and "line 2" in str(err)


def test_unknown_source_key(data_copy: Path) -> None:
    line = _set_cell(data_copy, "places.csv", 2, "source", "no_such_source")
    err = _error(data_copy, "places")
    assert (err.file, err.line, err.column) == ("places.csv", line, "source")
    assert "no_such_source" in str(err)


def test_one_unknown_key_among_several(data_copy: Path) -> None:
    rows = _rows(data_copy / "events.csv")
    good = rows[1][rows[0].index("source")].split(";")[0]
    line = _set_cell(data_copy, "events.csv", 0, "source", f"{good};typo_key")
    err = _error(data_copy, "events")
    assert (err.line, err.column) == (line, "source") and "typo_key" in str(err)


def test_wrong_encoding(data_copy: Path) -> None:
    text = (data_copy / "glossary.csv").read_text(encoding="utf-8")
    (data_copy / "glossary.csv").write_bytes(text.encode("utf-8") + "x,é,\n".encode("latin-1"))
    err = _error(data_copy, "glossary")
    assert err.file == "glossary.csv" and "UTF-8" in str(err)
    assert err.line == text.count("\n") + 1


def test_empty_file(data_copy: Path) -> None:
    (data_copy / "key_figures.csv").write_text("", encoding="utf-8")
    err = _error(data_copy, "key_figures")
    assert err.file == "key_figures.csv" and "empty" in str(err)


def test_header_only(data_copy: Path) -> None:
    rows = _rows(data_copy / "key_figures.csv")
    _write(data_copy / "key_figures.csv", rows[:1])
    assert "no rows" in str(_error(data_copy, "key_figures"))


def test_stray_delimiter(data_copy: Path) -> None:
    lines = (data_copy / "places.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3] + ","
    (data_copy / "places.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    err = _error(data_copy, "places")
    assert (err.file, err.line) == ("places.csv", 4) and "cells" in str(err)


def test_too_few_cells(data_copy: Path) -> None:
    rows = _rows(data_copy / "phases.csv")
    rows[2] = rows[2][:3]
    _write(data_copy / "phases.csv", rows)
    err = _error(data_copy, "phases")
    assert (err.file, err.line) == ("phases.csv", 3)


def test_unclosed_quote(data_copy: Path) -> None:
    lines = (data_copy / "glossary.csv").read_text(encoding="utf-8").splitlines()
    lines.append('"Broken term,x,y,z,w,src')
    (data_copy / "glossary.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    err = _error(data_copy, "glossary")
    assert err.file == "glossary.csv" and err.line is not None


def test_blank_line_inside(data_copy: Path) -> None:
    lines = (data_copy / "phases.csv").read_text(encoding="utf-8").splitlines()
    lines.insert(3, "")
    (data_copy / "phases.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    err = _error(data_copy, "phases")
    assert (err.file, err.line) == ("phases.csv", 4) and "blank" in str(err)


def test_value_outside_enum(data_copy: Path) -> None:
    line = _set_cell(data_copy, "events.csv", 2, "category", "battle")
    err = _error(data_copy, "events")
    assert (err.line, err.column) == (line, "category") and "negotiation" in str(err)


def test_unknown_place_id(data_copy: Path) -> None:
    line = _set_cell(data_copy, "events.csv", 0, "place_id", "atlantis")
    err = _error(data_copy, "events")
    assert (err.line, err.column) == (line, "place_id") and "atlantis" in str(err)


def test_end_before_start(data_copy: Path) -> None:
    rows = _rows(data_copy / "events.csv")
    index = next(i for i, r in enumerate(rows[1:]) if r[rows[0].index("end_date")])
    line = _set_cell(data_copy, "events.csv", index, "end_date", "1900-01-01")
    err = _error(data_copy, "events")
    assert (err.line, err.column) == (line, "end_date") and "before" in str(err)


def test_event_outside_its_phase(data_copy: Path) -> None:
    rows = _rows(data_copy / "events.csv")
    index = next(i for i, r in enumerate(rows[1:]) if r[rows[0].index("phase")] == "panmunjom_talks")
    line = _set_cell(data_copy, "events.csv", index, "phase", "division")
    err = _error(data_copy, "events")
    assert (err.line, err.column) == (line, "date") and "division" in str(err)


def test_coordinates_outside_the_peninsula(data_copy: Path) -> None:
    rows = _rows(data_copy / "places.csv")
    index = next(i for i, r in enumerate(rows[1:]) if r[rows[0].index("kind")] != "abroad")
    line = _set_cell(data_copy, "places.csv", index, "lat", "45.5")  # north of the peninsula
    err = _error(data_copy, "places")
    assert (err.line, err.column) == (line, "lat") and "abroad" in str(err)


def test_abroad_places_may_lie_outside_the_box(data_copy: Path) -> None:
    rows = _rows(data_copy / "places.csv")
    index = next(i for i, r in enumerate(rows[1:]) if r[rows[0].index("kind")] == "abroad")
    _set_cell(data_copy, "places.csv", index, "lat", "51.5")
    assert len(kn.load_dataset("places", data_dir=data_copy)) == len(rows) - 1


def test_not_a_number(data_copy: Path) -> None:
    line = _set_cell(data_copy, "places.csv", 0, "precision_km", "about 2")
    err = _error(data_copy, "places")
    assert (err.line, err.column) == (line, "precision_km")


def test_required_value_missing(data_copy: Path) -> None:
    line = _set_cell(data_copy, "events.csv", 5, "summary", "")
    err = _error(data_copy, "events")
    assert (err.line, err.column) == (line, "summary") and "required" in str(err)


def test_stray_spaces(data_copy: Path) -> None:
    line = _set_cell(data_copy, "phases.csv", 0, "title", " Liberation")
    err = _error(data_copy, "phases")
    assert (err.line, err.column) == (line, "title")


def test_periods_with_a_gap(data_copy: Path) -> None:
    rows = _rows(data_copy / "negotiation_periods.csv")
    start = rows[0].index("start")
    rows[2][start] = (pd.Timestamp(rows[2][start]) + pd.Timedelta(days=1)).strftime("%Y-%m-%d")
    _write(data_copy / "negotiation_periods.csv", rows)
    err = _error(data_copy, "negotiation_periods")
    assert (err.file, err.line, err.column) == ("negotiation_periods.csv", 3, "start")


def test_geojson_missing_property(data_copy: Path) -> None:
    path = data_copy / "geo" / "mdl.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["features"][0]["properties"]["precision_km"]
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(KoreaNotesError) as info:
        kn.load_geojson("mdl", data_dir=data_copy)
    assert info.value.file == "mdl.geojson" and info.value.column == "precision_km"


def test_geojson_latitude_first(data_copy: Path) -> None:
    path = data_copy / "geo" / "parallel_38.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    geometry = data["features"][0]["geometry"]
    geometry["type"], geometry["coordinates"] = "Point", [38.0, 127.0]
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(KoreaNotesError, match="longitude first"):
        kn.load_geojson("parallel_38", data_dir=data_copy)


def test_geojson_not_json(data_copy: Path) -> None:
    (data_copy / "geo" / "dmz.geojson").write_text('{"type": "FeatureCollection",', encoding="utf-8")
    with pytest.raises(KoreaNotesError) as info:
        kn.load_geojson("dmz", data_dir=data_copy)
    assert info.value.file == "dmz.geojson" and "JSON" in str(info.value)


def test_geojson_unknown_source(data_copy: Path) -> None:
    path = data_copy / "geo" / "korea_outline.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["features"][0]["properties"]["source"] = "nowhere"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(KoreaNotesError, match="nowhere"):
        kn.load_geojson("korea_outline", data_dir=data_copy)


def test_missing_descriptor(tmp_path: Path) -> None:
    with pytest.raises(KoreaNotesError, match="descriptor is missing"):
        kn.list_datasets(data_dir=tmp_path)


def test_validate_stops_at_a_broken_table(data_copy: Path) -> None:
    _set_cell(data_copy, "glossary.csv", 0, "source", "ghost")
    err = _error(data_copy, "*")
    assert err.file == "glossary.csv" and err.column == "source"


# ---------------------------------------------------------------- validate reports every problem


def test_validate_reports_every_problem_grouped_by_file(data_copy: Path) -> None:
    date_line = _set_cell(data_copy, "events.csv", 3, "date", "1951-13-40")
    category_line = _set_cell(data_copy, "events.csv", 7, "category", "battle")
    source_line = _set_cell(data_copy, "places.csv", 2, "source", "no_such_source")
    lat_line = _set_cell(data_copy, "places.csv", 4, "lat", "not a number")
    err = _error(data_copy, "*")
    found = [(p.file, p.line, p.column) for p in err.problems]
    assert sorted(found) == sorted([("events.csv", date_line, "date"), ("events.csv", category_line, "category"),
                                    ("places.csv", source_line, "source"), ("places.csv", lat_line, "lat")])
    text = str(err)
    assert text.startswith("4 problems in 2 files:")
    assert "events.csv: 2 problems" in text and "places.csv: 2 problems" in text
    assert f"line {date_line}, column 'date'" in text and "no_such_source" in text


def test_validate_caps_each_file_and_counts_the_rest(data_copy: Path) -> None:
    rows = _rows(data_copy / "glossary.csv")
    column = rows[0].index("source")
    for row in rows[1:]:
        row[column] = "ghost"
    _write(data_copy / "glossary.csv", rows)
    bad = len(rows) - 1
    err = _error(data_copy, "*")
    assert len(err.problems) == bad and {p.file for p in err.problems} == {"glossary.csv"}
    text = str(err)
    assert text.count("'ghost' is not a known key") == 20
    assert f"\u2026 and {bad - 20} more" in text
    with pytest.raises(KoreaNotesError) as info:
        kn.validate(data_copy, limit=5)
    assert str(info.value).count("'ghost'") == 5 and f"and {bad - 5} more" in str(info.value)


def test_validate_goes_on_after_an_unreadable_file(data_copy: Path) -> None:
    (data_copy / "key_figures.csv").write_text("", encoding="utf-8")
    line = _set_cell(data_copy, "phases.csv", 0, "title", " Liberation")
    err = _error(data_copy, "*")
    assert {(p.file, p.line) for p in err.problems} == {("key_figures.csv", 1), ("phases.csv", line)}


def test_load_dataset_still_stops_at_the_first_problem(data_copy: Path) -> None:
    first = _set_cell(data_copy, "events.csv", 3, "date", "1951-13-40")
    _set_cell(data_copy, "events.csv", 7, "category", "battle")
    err = _error(data_copy, "events")
    assert (err.line, err.column) == (first, "date") and not hasattr(err, "problems")


def test_header_message_lists_found_expected_and_missing(data_copy: Path) -> None:
    rows = [row[:-1] for row in _rows(data_copy / "events.csv")]  # drop 'note'
    _write(data_copy / "events.csv", rows)
    message = str(_error(data_copy, "events"))
    expected = [f.name for f in descriptor().resource("events").fields]
    assert "lacks the column(s) note" in message
    assert f"found: {', '.join(expected[:-1])};" in message and f"expected: {', '.join(expected)}" in message


def test_header_message_for_a_misspelt_column(data_copy: Path) -> None:
    rows = _rows(data_copy / "places.csv")
    rows[0][rows[0].index("lat")] = "latitude"
    _write(data_copy / "places.csv", rows)
    err = _error(data_copy, "*")
    header = [p for p in err.problems if p.line == 1]
    assert [p.column for p in header] == ["lat", "latitude"]
    assert "lacks the column(s) lat" in header[0].problem and "does not define: latitude" in header[1].problem
    assert header[0].hint == "rename 'latitude' to 'lat'?"


def test_header_in_another_order(data_copy: Path) -> None:
    rows = _rows(data_copy / "phases.csv")
    _write(data_copy / "phases.csv", [[r[1], r[0], *r[2:]] for r in rows])
    err = _error(data_copy, "phases")
    assert (err.file, err.line, err.column) == ("phases.csv", 1, rows[0][1])
    assert "another order" in str(err) and f"found: {rows[0][1]}, {rows[0][0]}," in str(err)


def test_header_repeats_a_column(data_copy: Path) -> None:
    rows = _rows(data_copy / "phases.csv")
    _write(data_copy / "phases.csv", [r + [r[2]] for r in rows])
    err = _error(data_copy, "phases")
    assert (err.line, err.column) == (1, rows[0][2]) and "repeats" in str(err)


def test_cli_validate_prints_every_problem(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from korea_notes.cli import main

    first = _set_cell(data_copy, "events.csv", 3, "date", "1951-13-40")
    second = _set_cell(data_copy, "glossary.csv", 0, "source", "ghost")
    assert main(["validate", "--data-dir", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert "2 problems in 2 files" in err
    assert f"line {first}, column 'date'" in err and f"line {second}, column 'source'" in err


def test_cli_validate_max_per_file(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from korea_notes.cli import main

    rows = _rows(data_copy / "glossary.csv")
    column = rows[0].index("source")
    for row in rows[1:]:
        row[column] = "ghost"
    _write(data_copy / "glossary.csv", rows)
    assert main(["validate", "--data-dir", str(data_copy), "--max-per-file", "3"]) == 1
    err = capsys.readouterr().err
    assert err.count("'ghost'") == 3 and f"and {len(rows) - 4} more" in err
    assert main(["validate", "--data-dir", str(data_copy), "--max-per-file", "0"]) == 1
    assert capsys.readouterr().err.count("'ghost'") == len(rows) - 1


@pytest.mark.parametrize("module", ["checks", "datasets", "sources"])
def test_data_layer_examples_run(module: str) -> None:
    import doctest
    import importlib

    mod = importlib.import_module(f"korea_notes.{module}")
    result = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
