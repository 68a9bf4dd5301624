"""Self-checks in Korean: Korean feedback and hints, answers typed in Hangul, Korean giveaways refused."""

from __future__ import annotations

import re

import pytest

import korea_notes as kn
from korea_notes.errors import KoreaNotesError
from korea_notes.teaching.exercises import check, list_questions, make_spec, register
from korea_notes.teaching.exercises.checking import MESSAGES
from korea_notes.teaching.exercises.normalize import KOREAN_WORDS, korean_forms, normalize_text
from korea_notes.teaching.grading import hidden

HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.fixture()
def folder(tmp_path):
    """Made-up questions (99.x) in a folder of their own, so no real answer appears in the tests."""
    register("99.1", "text", ["Kaesong"], hint="Read the venue column.", hint_ko="회담 장소 열을 읽으세요.",
             prompt_ko="첫 회담 장소", questions_dir=tmp_path)
    register("99.2", "set", [["Sweden", "Poland"]], hint="Two nations.", questions_dir=tmp_path)
    register("99.3", "choice", ["north"], hint="Compare the latitudes.", hint_ko="위도를 비교하세요.",
             questions_dir=tmp_path)
    register("99.4", "date", ["1953-07-27"], hint="The signing.", hint_ko="조인한 날입니다.", questions_dir=tmp_path)
    return tmp_path


def test_korean_feedback_and_hint(folder):
    right = check("99.1", "Kaesong", lang="ko", questions_dir=folder)
    wrong = check("99.1", "Seoul", lang="ko", questions_dir=folder)
    blank = check("99.1", ..., lang="ko", questions_dir=folder)
    assert right and str(right) == MESSAGES["ko"]["correct"]
    assert not wrong and str(wrong) == "❌ 아직 아닙니다 — 힌트: 회담 장소 열을 읽으세요."
    assert not blank.answered and HANGUL.search(str(blank))
    assert "(문제 99.1)" in wrong._repr_markdown_()
    assert "hint: Read the venue column." in str(check("99.1", "Seoul", questions_dir=folder))


def test_korean_hint_falls_back_to_english_when_missing(folder):
    assert str(check("99.2", ["Sweden"], lang="ko", questions_dir=folder)) == "❌ 아직 아닙니다 — 힌트: Two nations."


@pytest.mark.parametrize(("qid", "answer"), [
    ("99.1", "개성"), ("99.1", " 개 성 "), ("99.2", ["스웨덴", "폴란드"]), ("99.2", ["Poland", "스웨덴"]),
    ("99.2", "폴란드, 스웨덴"), ("99.3", "북쪽"), ("99.3", "북"), ("99.4", "1953년 7월 27일"),
])
def test_answers_in_hangul_are_accepted(folder, qid, answer):
    assert check(qid, answer, lang="ko", questions_dir=folder)
    assert check(qid, answer, questions_dir=folder), "the language of the feedback does not limit the answers"


@pytest.mark.parametrize(("qid", "answer"), [("99.1", "판문점"), ("99.2", ["스웨덴", "스위스"]), ("99.3", "남쪽"),
                                             ("99.4", "1953년 7월 28일")])
def test_wrong_answers_in_hangul_are_refused(folder, qid, answer):
    assert not check(qid, answer, lang="ko", questions_dir=folder)


def test_the_grader_accepts_hangul_too(folder):
    assert hidden.score("99.1", "개성", points=1.0, questions_dir=str(folder)) == 1.0
    assert hidden.score("99.1", "문산", points=1.0, questions_dir=str(folder)) == 0.0


@pytest.mark.parametrize(("field", "text"), [("hint_ko", "개성을 찾으세요"), ("prompt_ko", "답은 개성"),
                                             ("hint_ko", "1953년 7월 27일을 보세요")])
def test_korean_texts_may_not_give_the_answer_away(field, text):
    kind, answers = ("date", ["1953-07-27"]) if "1953" in text else ("text", ["Kaesong"])
    with pytest.raises(KoreaNotesError, match=f"the {field} gives an answer away"):
        make_spec("99.9", kind, answers, hint="Read again.", **{field: text})


def test_unknown_language_is_refused(folder):
    with pytest.raises(KoreaNotesError, match=r"must be one of \['en', 'ko'\]"):
        check("99.1", "Kaesong", lang="kr", questions_dir=folder)


def test_vocabulary_is_normalized_and_agrees_with_the_places_table():
    for word, english in KOREAN_WORDS.items():
        assert HANGUL.search(word), word
        assert english == normalize_text(english) and not HANGUL.search(english), (word, english)
    places = kn.load_dataset("places")
    checked = 0
    for name, name_ko in zip(places["name"], places["name_ko"], strict=True):
        simple = name.split(" (")[0]
        if " - " in simple or "," in simple or " / " in simple:
            continue
        key = "".join(name_ko.split(" (")[0].split())
        if key in KOREAN_WORDS and HANGUL.search(key):
            checked += 1
            assert KOREAN_WORDS[key] == normalize_text(simple), (name, name_ko)
    assert checked >= 10, "the vocabulary should name the places the exercises ask about"


def test_korean_forms_are_the_reverse_of_the_vocabulary():
    assert korean_forms("north") == sorted(w for w, e in KOREAN_WORDS.items() if e == "north")
    assert "북쪽" in korean_forms("north")


def test_every_question_has_korean_prompt_and_hint_in_hangul():
    missing = [qid for qid, spec in list_questions().items()
               if not (HANGUL.search(spec.get("hint_ko", "")) and HANGUL.search(spec.get("prompt_ko", "")))]
    assert not missing, f"questions without a Korean hint or prompt: {missing}"


def test_exercises_add_takes_the_korean_hint_and_prompt(tmp_path, capsys):
    from korea_notes.cli import main

    assert main(["exercises", "add", "99.5", "--kind", "text", "--answer", "Munsan", "--hint", "Read the camp row.",
                 "--hint-ko", "기지 행을 읽으세요.", "--prompt-ko", "기지 캠프", "--questions-dir", str(tmp_path)]) == 0
    wrong = check("99.5", "서울", lang="ko", questions_dir=tmp_path)
    assert str(wrong) == "❌ 아직 아닙니다 — 힌트: 기지 행을 읽으세요."
    assert check("99.5", "문산", lang="ko", questions_dir=tmp_path)
    refused = main(["exercises", "add", "99.6", "--kind", "text", "--answer", "Munsan", "--hint", "x",
                    "--hint-ko", "문산을 보세요", "--questions-dir", str(tmp_path)])
    assert refused != 0 and "the hint_ko gives an answer away" in capsys.readouterr().err
