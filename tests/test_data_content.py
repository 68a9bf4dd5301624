"""What the issue asks of the data's content: coverage, required rows, Korean names, no casualty figures."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pandas as pd
import pytest

import korea_notes as kn
from korea_notes import KoreaNotesError
from korea_notes.checks import casualty_figures
from korea_notes.cli import main

ROOT = Path(__file__).resolve().parent.parent
HANGUL = re.compile(r"[\uac00-\ud7a3]")

REQUIRED_EVENTS = [
    "talks_open_kaesong", "agenda_adopted", "talks_suspended_1951", "talks_resume_panmunjom",
    "demarcation_line_agreed", "unc_indefinite_recess", "eisenhower_visits_korea", "stalin_death",
    "little_switch_agreement", "little_switch", "talks_resume_1953", "pow_terms_of_reference",
    "rhee_releases_prisoners", "final_agreement_reached", "armistice_signed", "big_switch",
    "nonrepatriates_released", "geneva_conference_korea", "nk_leaves_mac", "china_leaves_mac",
    "nk_declares_armistice_invalid", "family_visits_1985", "family_reunions_2000", "summit_2000", "summit_2007",
    "summit_2018_april", "summit_2018_may", "summit_2018_september", "panmunjom_declaration",
]
SPANNING_EVENTS = ["little_switch", "big_switch", "geneva_conference_korea", "eisenhower_visits_korea",
                   "summit_2000", "summit_2007", "summit_2018_september", "family_reunions_2000"]
REQUIRED_FIGURES = [
    "plenary_meetings", "agenda_items", "armistice_articles", "armistice_paragraphs", "signed_copies",
    "dmz_width_km", "mdl_withdrawal_km", "dmz_length_km", "mdl_markers", "nnsc_members", "nnrc_members",
    "mac_senior_officers", "little_switch_returned_to_unc", "little_switch_returned_to_communist_side",
    "big_switch_returned_to_communist_side", "big_switch_returned_to_unc", "nonrepatriates_to_nnrc",
    "rhee_released_prisoners", "dmz_withdrawal_hours", "ceasefire_hours_after_signing",
    "political_conference_months",
]
REQUIRED_PLACES = ["panmunjom", "kaesong", "munsan", "seoul", "pyongyang"]

@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return kn.load_dataset("events").set_index("id")


def test_enough_rows() -> None:
    assert len(kn.load_dataset("events")) >= 120
    assert len(kn.load_dataset("places")) >= 40
    assert len(kn.load_dataset("glossary")) >= 40
    assert len(kn.load_dataset("agenda_items")) == 5


def test_required_events_present(events: pd.DataFrame) -> None:
    missing = [i for i in REQUIRED_EVENTS if i not in events.index]
    assert not missing


def test_spanning_events_have_end_dates(events: pd.DataFrame) -> None:
    for event_id in SPANNING_EVENTS:
        assert events.at[event_id, "end_date"] > events.at[event_id, "date"], event_id


def test_every_category_and_phase_used(events: pd.DataFrame) -> None:
    assert set(events["category"].cat.categories) == set(events["category"].unique())
    assert set(kn.load_dataset("phases")["id"]) == set(events["phase"].unique())


def test_events_span_1945_to_recent_years(events: pd.DataFrame) -> None:
    assert events["date"].min() <= pd.Timestamp("1945-08-15")
    assert events["date"].max() >= pd.Timestamp("2018-09-19")


def test_talks_sequence_is_in_order(events: pd.DataFrame) -> None:
    """The milestones of the talks happened in this order; a mis-typed date breaks it."""
    order = ["talks_open_kaesong", "agenda_adopted", "talks_suspended_1951", "talks_resume_panmunjom",
             "demarcation_line_agreed", "unc_indefinite_recess", "eisenhower_visits_korea", "stalin_death",
             "little_switch_agreement", "little_switch", "talks_resume_1953", "pow_terms_of_reference",
             "rhee_releases_prisoners", "final_agreement_reached", "armistice_signed", "big_switch",
             "nonrepatriates_released", "geneva_conference_korea"]
    dates = [events.at[i, "date"] for i in order]
    assert dates == sorted(dates)


def test_agenda_matches_events(events: pd.DataFrame) -> None:
    """The agenda table and the event list tell the same story."""
    agenda = kn.load_dataset("agenda_items").set_index("item")
    assert agenda.at[1, "agreed"] == events.at["agenda_adopted", "date"]
    assert agenda.at[2, "agreed"] == events.at["demarcation_line_agreed", "date"]
    assert agenda["opened"].min() == events.at["talks_open_kaesong", "date"]


def test_periods_match_events(events: pd.DataFrame) -> None:
    """Each turning point of the talks falls on the first or last day of a period."""
    periods = kn.load_dataset("negotiation_periods")
    bounds = set(periods["start"]) | set(periods["end"])
    for event_id in ("talks_open_kaesong", "talks_suspended_1951", "talks_resume_panmunjom",
                     "unc_indefinite_recess", "talks_resume_1953"):
        assert events.at[event_id, "date"] in bounds, event_id
    assert periods["end"].max() == events.at["armistice_signed", "date"]


def test_required_figures_and_places() -> None:
    figures = set(kn.load_dataset("key_figures")["id"])
    assert not [f for f in REQUIRED_FIGURES if f not in figures]
    places = set(kn.load_dataset("places")["id"])
    assert not [p for p in REQUIRED_PLACES if p not in places]


def test_korean_names_in_hangul() -> None:
    for name, column in (("events", "title_ko"), ("places", "name_ko"), ("glossary", "term_ko")):
        frame = kn.load_dataset(name)
        values = frame[column].dropna()
        share = values.astype(str).map(lambda v: bool(HANGUL.search(v))).mean()
        assert share >= 0.9, f"{name}.{column}: only {share:.0%} in Hangul"
        if name != "places":
            assert len(values) >= 0.9 * len(frame)


def test_every_source_is_used_and_described() -> None:
    sources = kn.load_dataset("sources")
    used: set[str] = set()
    for name in kn.list_datasets("table"):
        if name != "sources":
            used |= set(kn.sources_of(kn.load_dataset(name)))
    for name in kn.list_datasets("geojson"):
        for feature in kn.load_geojson(name)["features"]:
            used |= set(feature["properties"]["source"].split(";"))
    assert set(sources["key"]) == used, "every listed source is cited, and every cited one is listed"
    assert sources["title"].notna().all()


def _texts() -> list[tuple[str, str]]:
    out = []
    for path in sorted((ROOT / "data").rglob("*")):
        if path.suffix == ".csv":
            with path.open(encoding="utf-8", newline="") as handle:
                cells = [cell for row in csv.reader(handle) for cell in row]
            out.append((str(path.relative_to(ROOT)), "\n".join(cells)))
        elif path.suffix in {".json", ".geojson"}:
            out.append((str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")))
    for folder in ("notebooks", "korea_notes", "docs"):
        for path in sorted((ROOT / folder).rglob("*")):
            if any(part.startswith(".") for part in path.relative_to(ROOT).parts):
                continue  # checkpoints and caches are not the collection
            if path.suffix == ".ipynb":  # the cells' text, not the random cell ids
                cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
                out.append((str(path.relative_to(ROOT)), "\n".join("".join(c["source"]) for c in cells)))
            elif path.suffix in {".py", ".md", ".json"}:
                out.append((str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")))
    out.append(("README.md", (ROOT / "README.md").read_text(encoding="utf-8")))
    return out


@pytest.mark.parametrize(("name", "text"), _texts(), ids=[n for n, _ in _texts()])
def test_no_casualty_figures(name: str, text: str) -> None:
    """The package's rule (the one ``validate`` applies to every cell) over data, notebooks, code and docs."""
    found = casualty_figures(text)
    assert not found, f"{name}: {found[:3]}"


FIGURES = [
    "about 1,000 soldiers were killed", "casualties of 300", "36,574 dead", "12 wounded", "wounded: 40",
    "about 36,000 killed", "2.5 million dead", "thousands of soldiers died", "3 missing in action",
    "부상자 1,000명", "사망 3명", "전사자 2,000명", "실종자 수는 약 800명", "사상자 100만",
    "3명이 사망했다", "수십만 명이 전사했다", "100여 명 부상",
]
NOT_FIGURES = [
    "Death of Stalin", "Article II has 63 paragraphs", "75,823 prisoners returned", "the 23 Dec 1953 deadline",
    "684 sick and wounded prisoners", "exchange of 6,670 sick and wounded", "스탈린 사망", "1953년 3월 5일 스탈린 사망",
    "부상병 포로 684명 송환", "상병 포로 6,670명", "전사자 묘역", "포로 75,823명 송환", "Killed in the line of duty",
]


@pytest.mark.parametrize("sentence", FIGURES)
def test_casualty_rule_catches_figures(sentence: str) -> None:
    assert casualty_figures(sentence), sentence


@pytest.mark.parametrize("sentence", NOT_FIGURES)
def test_casualty_rule_allows_words_and_repatriation_counts(sentence: str) -> None:
    assert not casualty_figures(sentence), sentence


def _add_event(data: Path, **cells: str) -> int:
    """Append an instructor's event row (copying the first row, changing ``cells``); return its line."""
    path = data / "events.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    row = dict(zip(rows[0], rows[1], strict=True)) | {"id": "instructor_added"} | cells
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow([row[c] for c in rows[0]])
    return len(rows) + 1


@pytest.mark.parametrize(("column", "text"), [("summary", "A battle near the line; about 36,000 killed."),
                                              ("title_ko", "전투 (부상자 1,000명)"),
                                              ("note", "Some accounts say 2.5 million dead.")])
def test_validate_refuses_an_added_casualty_figure(data_copy: Path, column: str, text: str) -> None:
    line = _add_event(data_copy, **{column: text})
    with pytest.raises(KoreaNotesError) as info:
        kn.validate(data_copy)
    bad = [p for p in info.value.problems if "casualty" in p.problem]
    assert [(p.file, p.line, p.column) for p in bad] == [("events.csv", line, column)]
    assert f"events.csv: {len(info.value.problems)} problem" in str(info.value)
    with pytest.raises(KoreaNotesError, match="casualty"):
        kn.load_dataset("events", data_dir=data_copy)


def test_validate_cli_names_file_row_and_column(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = _add_event(data_copy, summary="Reports say 사망 3명 in the incident.")
    assert main(["validate", "--data-dir", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert "events.csv" in err and f"line {line}, column 'summary'" in err and "casualty" in err


def test_validate_allows_an_added_repatriation_count(data_copy: Path) -> None:
    _add_event(data_copy, summary="684 sick and wounded prisoners were returned to the UNC.")
    assert kn.validate(data_copy)["events"] == len(kn.load_dataset("events")) + 1
