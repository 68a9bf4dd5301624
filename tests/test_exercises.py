"""Self-checked exercises: natural answers accepted, wrong ones hinted, answers never stored."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import korea_notes as kn
from korea_notes import KoreaNotesError
from korea_notes.exercises import check, list_questions, make_spec, register
from korea_notes.teaching.exercises.checking import QUESTIONS_DIR
from korea_notes.teaching.exercises.normalize import normalize_text

HINT_00_1 = list_questions("00")["00.1"]["hint"]


def test_lazy_import():
    assert kn.exercises.check is check


@pytest.mark.parametrize(
    "answer",
    [
        "1953-07-27",
        " 1953-07-27 ",
        "27 July 1953",
        "27th July 1953",
        "July 27, 1953",
        "Jul 27 1953",
        "27 jul. 1953",
        "1953/7/27",
        "1953.07.27",
        "1953년 7월 27일",
        "1953-07-27T00:00:00",
        dt.date(1953, 7, 27),
        dt.datetime(1953, 7, 27, 10, 0),
        pd.Timestamp("1953-07-27"),
        np.datetime64("1953-07-27"),
        pd.Series(pd.to_datetime(["1953-07-27"])),
    ],
)
def test_date_forms_accepted(answer):
    feedback = check("00.1", answer)
    assert feedback.correct and feedback.answered
    assert repr(feedback).startswith("✅ Correct")


@pytest.mark.parametrize(
    "answer",
    [
        "Panmunjom",
        "PANMUNJOM",
        "Pan-mun-jom",
        " pan mun jom ",
        "P'anmunjŏm",
        "P’anmunjŏm",
        "Panmunjeom",
        "판문점",
        "판 문 점",
        "Panmunjom.",
    ],
)
def test_text_forms_accepted(answer):
    assert check("00.2", answer).correct


@pytest.mark.parametrize("answer", [5, 5.0, "5", " 5 ", np.int64(5), pd.Series([5])])
def test_number_forms_accepted(answer):
    assert check("00.3", answer).correct


@pytest.mark.parametrize(
    ("qid", "answer"),
    [
        ("00.1", "1953-07-28"),
        ("00.1", "1951-07-10"),
        ("00.2", "Kaesong"),
        ("00.2", "Panmun"),
        ("00.3", 4),
        ("00.3", 6),
        ("00.3", 5.2),
    ],
)
def test_wrong_answers_get_the_hint(qid, answer):
    feedback = check(qid, answer)
    assert not feedback.correct and feedback.answered and not feedback
    spec = list_questions("00")[qid]
    assert str(feedback) == f"❌ Not yet — hint: {spec['hint']}"
    assert "Not yet" in feedback._repr_markdown_()


@pytest.mark.parametrize(
    ("qid", "answer", "problem"),
    [
        ("00.1", "July 1953", "not a date I can read"),
        ("00.1", "27/07/1953", "not a date I can read"),
        ("00.1", "1953-02-30", "not a valid date"),
        ("00.1", 1953, "a date is expected"),
        ("00.3", "five", "not a number"),
        ("00.3", True, "True/False"),
        ("00.3", [5, 6], "one value is expected"),
    ],
)
def test_unreadable_forms_say_why(qid, answer, problem):
    feedback = check(qid, answer)
    assert not feedback.correct and feedback.answered
    assert problem in feedback.message and "hint:" in feedback.message


@pytest.mark.parametrize("blank", [..., None])
def test_blank_answer_is_not_an_error(blank):
    feedback = check("00.1", blank)
    assert not feedback.correct and not feedback.answered
    assert str(feedback) == "No answer yet — replace ... with your answer"


def test_messages_never_reveal_the_answer():
    for qid, answer in [("00.1", "1960-01-01"), ("00.2", "Seoul"), ("00.3", 9)]:
        text = check(qid, answer).message + check(qid, answer)._repr_markdown_()
        for secret in ("1953-07-27", "27 July", "Panmunjom", "판문점", "P'anmunjŏm", " 5 "):
            assert secret.casefold() not in text.casefold()


def test_question_file_00_holds_no_plain_answers():
    """The answers of notebook 00's questions (known here) appear nowhere in its question file."""
    text = (QUESTIONS_DIR / "00.json").read_text(encoding="utf-8")
    flat = normalize_text(text)
    for secret in ("1953-07-27", "19530727", "27 July 1953", "panmunjom", "panmunjeom", "판문점"):
        assert secret.casefold() not in text.casefold(), secret
        assert normalize_text(secret) not in flat, secret


def test_question_files_hold_only_digests():
    files = sorted(QUESTIONS_DIR.glob("*.json"))
    assert files, "the package should ship questions/00.json"
    for path in files:
        text = path.read_text(encoding="utf-8")
        for spec in json.loads(text).values():
            assert set(spec) <= {"kind", "digests", "tolerance", "element", "hint", "prompt", "reading", "hint_ko",
                                 "prompt_ko"}
            assert all(len(d) == 64 and int(d, 16) >= 0 for d in spec["digests"])


def test_unknown_question_lists_the_notebooks_ids():
    with pytest.raises(KoreaNotesError, match=r"no question '00\.9'.*00\.1, 00\.2, 00\.3"):
        check("00.9", "x")


def test_unknown_notebook_lists_known_notebooks():
    with pytest.raises(KoreaNotesError, match=r"notebook 99 has no checked exercises.*00"):
        check("99.1", "x")


@pytest.mark.parametrize("bad", ["1", "Exercise 5.2", "05-2", "", "005.1"])
def test_malformed_id(bad):
    with pytest.raises(KoreaNotesError, match="not a question id"):
        check(bad, "x")


def test_short_id_is_accepted():
    assert check("0.1", "1953-07-27").question_id == "00.1"


def test_check_log(tmp_path, monkeypatch):
    log = tmp_path / "log.jsonl"
    monkeypatch.setenv("KOREA_NOTES_CHECK_LOG", str(log))
    check("00.1", "1953-07-27")
    check("00.2", "Kaesong")
    check("00.3", ...)
    records = [json.loads(line) for line in log.read_text().splitlines()]
    assert records == [
        {"id": "00.1", "correct": True, "answered": True},
        {"id": "00.2", "correct": False, "answered": False} | {"answered": True},
        {"id": "00.3", "correct": False, "answered": False},
    ]


# --- authoring ---------------------------------------------------------------------------------------


def test_number_tolerance_rule(tmp_path):
    """Every answer within 0.95 t is accepted, none beyond 1.05 t (t = tolerance)."""
    register("07.1", "number", [155.0], tolerance=4, hint="Measure along the line.", questions_dir=tmp_path)
    spec = list_questions("07", questions_dir=tmp_path)["07.1"]
    assert spec["tolerance"] == 4 and len(spec["digests"]) in (20, 21)
    for offset in np.linspace(-8, 8, 321):
        correct = check("07.1", 155.0 + offset, questions_dir=tmp_path).correct
        if abs(offset) <= 0.95 * 4:
            assert correct, offset
        if abs(offset) > 1.05 * 4:
            assert not correct, offset


def test_exact_number_needs_whole_values():
    with pytest.raises(KoreaNotesError, match="give a tolerance"):
        make_spec("07.2", "number", [2.5], hint="Look again.")


def test_set_and_sequence(tmp_path):
    register(
        "04.1",
        "set",
        [[("Kaesong", "Gaeseong", "개성"), ("Panmunjom", "판문점")]],
        hint="Where did the delegations meet?",
        questions_dir=tmp_path,
    )
    register(
        "04.2",
        "sequence",
        [["1951-07-10", "1953-07-27"]],
        element="date",
        hint="Opening first.",
        questions_dir=tmp_path,
    )
    register("04.3", "set", [1, 2, 3], element="number", hint="Three items.", questions_dir=tmp_path)
    ok = lambda qid, answer: check(qid, answer, questions_dir=tmp_path).correct  # noqa: E731
    assert ok("04.1", ["Panmunjom", "Kaesong"])
    assert ok("04.1", {"gaeseong", "판문점"})
    assert ok("04.1", "Panmunjom; Kaesong")
    assert ok("04.1", pd.Series(["Kaesong", "Panmunjom", "Kaesong"]))
    assert not ok("04.1", ["Kaesong"])
    assert not ok("04.1", ["Kaesong", "Panmunjom", "Seoul"])
    assert ok("04.2", ["10 July 1951", dt.date(1953, 7, 27)])
    assert not ok("04.2", ["1953-07-27", "1951-07-10"])
    assert ok("04.3", [3, 1, 2.0]) and not ok("04.3", [1, 2])
    text = (tmp_path / "04.json").read_text(encoding="utf-8")
    for secret in ("Kaesong", "개성", "판문점", "1951-07-10"):
        assert secret.casefold() not in text.casefold()


def test_choice(tmp_path):
    register(
        "03.1",
        "choice",
        ["b", "Kaesong talks suspended"],
        hint="Read the second paragraph.",
        questions_dir=tmp_path,
    )
    assert check("03.1", "B", questions_dir=tmp_path).correct
    assert check("03.1", "b)", questions_dir=tmp_path).correct
    assert not check("03.1", "c", questions_dir=tmp_path).correct


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"kind": "date", "answers": ["1953-07-27"], "hint": "It was on 27 July 1953."},
            "gives an answer away",
        ),
        ({"kind": "text", "answers": ["Panmunjom"], "hint": "Think of Pan-mun-jom"}, "gives an answer away"),
        (
            {"kind": "text", "answers": ["Panmunjom"], "hint": "x", "prompt": "Was it Panmunjom?"},
            "prompt gives an answer away",
        ),
        ({"kind": "text", "answers": ["Panmunjom"], "hint": " "}, "a hint is required"),
        ({"kind": "colour", "answers": ["red"], "hint": "x"}, "must be one of"),
        ({"kind": "date", "answers": ["someday"], "hint": "x"}, "accepted answer 'someday'"),
        ({"kind": "text", "answers": ["x"], "hint": "y", "tolerance": 1}, "applies to kind 'number' only"),
        ({"kind": "number", "answers": [1], "hint": "y", "tolerance": -1}, "must be a number >= 0"),
        ({"kind": "text", "answers": ["--"], "hint": "y"}, "empty once normalized"),
    ],
)
def test_make_spec_rejects(kwargs, message):
    kind, answers = kwargs.pop("kind"), kwargs.pop("answers")
    with pytest.raises(KoreaNotesError, match=message):
        make_spec("09.1", kind, answers, **kwargs)


def test_register_is_stable_and_sorted(tmp_path):
    register("02.10", "text", ["b"], hint="h", questions_dir=tmp_path)
    register("02.2", "text", ["a"], hint="h", questions_dir=tmp_path)
    first = (tmp_path / "02.json").read_bytes()
    register("02.2", "text", ["a"], hint="h", questions_dir=tmp_path)
    assert (tmp_path / "02.json").read_bytes() == first
    assert first.endswith(b"\n")
    data = json.loads(first)
    assert list(data) == sorted(data) and list(data["02.2"]) == sorted(data["02.2"])
    assert list(list_questions("2", questions_dir=tmp_path)) == ["02.2", "02.10"]


def test_shipped_file_is_in_canonical_form():
    from korea_notes.exercises import dump_questions

    path = QUESTIONS_DIR / "00.json"
    assert path.read_text(encoding="utf-8") == dump_questions(json.loads(path.read_text(encoding="utf-8")))


def test_register_failure_leaves_old_file_and_no_temp(tmp_path, monkeypatch):
    register("06.1", "text", ["a"], hint="h", questions_dir=tmp_path)
    before = (tmp_path / "06.json").read_bytes()

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        register("06.2", "text", ["b"], hint="h", questions_dir=tmp_path)
    assert (tmp_path / "06.json").read_bytes() == before
    assert sorted(p.name for p in Path(tmp_path).iterdir()) == ["06.json"]
