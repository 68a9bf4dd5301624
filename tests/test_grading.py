"""Grading: hidden tests that students cannot fool, the nbgrader course, and the whole loop offline.

The quick tests call the grader's checker in this process. The slow class lays out notebook 00 as an nbgrader
course, writes ten submissions (right, partly right, blank, wrong types, three tricks, corrupt JSON, deleted
cells, an endless loop), and runs the real nbgrader autograde, export and generate_feedback.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import json
import re
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from korea_notes import KoreaNotesError
from korea_notes.teaching.exercises import register
from korea_notes.teaching.grading import annotate, course, hidden, submissions
from korea_notes.teaching.grading.feedback import HideTestDetails
from korea_notes.teaching.student import make_student_notebook

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
FIXTURE = ROOT / "tests" / "fixtures" / "notebooks" / "00_example.ipynb"
ASSIGNMENT = "00_start_here"


@pytest.fixture
def questions(tmp_path: Path) -> Path:
    folder = tmp_path / "questions"
    register("99.1", "date", ["1953-07-27"], hint="h", questions_dir=folder)
    register("99.2", "text", ["Panmunjom", "판문점"], hint="h", questions_dir=folder)
    register("99.3", "set", [["Sweden", "Switzerland", "Poland", "Czechoslovakia"]], hint="h", questions_dir=folder)
    register("99.4", "sequence", [["a", "b", "c", "d"]], hint="h", questions_dir=folder)
    register("99.5", "number", [5], hint="h", tolerance=0, questions_dir=folder)
    return folder


def _score(qid, answer, folder, parts=None, points=2.0):
    return hidden.score(qid, answer, points=points, parts=parts, questions_dir=str(folder))


# ---------------------------------------------------------------------------------------------- the checker


def test_plain_answers_score_like_the_self_check(questions):
    import pandas as pd

    assert _score("99.1", "27 July 1953", questions) == 2.0
    assert _score("99.1", dt.date(1953, 7, 27), questions) == 2.0
    assert _score("99.1", pd.Timestamp("1953-07-27"), questions) == 2.0
    assert _score("99.1", pd.Series([pd.Timestamp("1953-07-27")]), questions) == 2.0  # a one-row selection
    assert _score("99.1", pd.Series(pd.to_datetime(["1953-07-27"])).astype("datetime64[ns]"), questions) == 2.0
    assert _score("99.1", pd.DataFrame({"date": [pd.Timestamp("1953-07-27")]}), questions) == 2.0
    assert _score("99.2", "판문점", questions) == 2.0
    assert _score("99.5", pd.Series([5]).iloc[0], questions) == 2.0  # numpy int64
    assert _score("99.1", "1953-07-28", questions) == 0.0
    assert _score("99.1", ..., questions) == 0.0


class _AlwaysEqual:
    def __eq__(self, other):
        return True

    def __hash__(self):
        return 0


class _SlyStr(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


class _SlyInt(int):
    def __eq__(self, other):
        return True

    __hash__ = int.__hash__


class _FakeNumpy:
    """Claims to be a numpy scalar; its item() is an always-equal object."""

    __module__ = "numpy"

    def item(self):
        return _AlwaysEqual()


_FakeNumpy.__name__ = "int64"


@pytest.mark.parametrize("trick", [_AlwaysEqual(), _SlyStr("x"), _SlyInt(1), _FakeNumpy(), [_AlwaysEqual()],
                                   (_SlyStr("Sweden"),), {"a": 1}, object()])
def test_objects_that_are_not_plain_values_score_nothing(questions, trick):
    for qid in ("99.1", "99.2", "99.3", "99.5"):
        assert _score(qid, trick, questions) == 0.0


def test_patched_checker_modules_are_not_used(questions, monkeypatch):
    import korea_notes as kn
    from korea_notes.teaching.exercises import checking, normalize

    monkeypatch.setattr(kn.exercises, "check", lambda *a, **k: True)
    monkeypatch.setattr(checking, "digest", lambda *a, **k: "same")
    monkeypatch.setattr(normalize, "digest", lambda *a, **k: "same")
    monkeypatch.setattr(normalize, "canonical_answer", lambda *a, **k: "same")
    monkeypatch.setattr(checking, "load_questions", lambda *a, **k: {"99.1": {"kind": "date", "digests": ["same"]}})
    assert _score("99.1", "1999-01-01", questions) == 0.0
    assert _score("99.1", "1953-07-27", questions) == 2.0


def _parts(qid, kind, elements):
    position = (lambda i: None) if kind == "set" else (lambda i: i)
    items = sorted(set(elements)) if kind == "set" else elements
    return [hidden.element_digest(qid, kind, position(i), e) for i, e in enumerate(items)]


def test_partial_credit_for_sets_and_sequences(questions):
    set_parts = course.partial_credit_parts(
        "99", {"99.3": ["Sweden", "Switzerland", "Poland", "Czechoslovakia"], "99.4": ["a", "b", "c", "d"]},
        questions_dir=questions)
    assert set_parts["99.3"] == _parts("99.3", "set", ["sweden", "switzerland", "poland", "czechoslovakia"])
    points = 2.0
    assert _score("99.3", ["Switzerland", "Sweden", "Poland", "Czechoslovakia"], questions, set_parts["99.3"]) \
        == points
    assert _score("99.3", ["Sweden", "Switzerland"], questions, set_parts["99.3"]) == points * 2 / 4
    assert _score("99.3", ["Sweden", "Switzerland", "Norway", "Poland", "India"], questions,
                  set_parts["99.3"]) == round(points * 3 / 5, 2)  # extra elements count against
    assert _score("99.3", ["Sweden"], questions, None) == 0.0  # no parts, no partial credit
    assert _score("99.4", ["a", "b", "d", "c"], questions, set_parts["99.4"]) == points * 2 / 4
    assert _score("99.4", [_SlyStr("a"), "b"], questions, set_parts["99.4"]) == 0.0


def test_grade_raises_a_generic_message_and_returns_partial_credit(questions, monkeypatch):
    monkeypatch.setattr(hidden, "_questions", lambda notebook: json.loads((questions / f"{notebook}.json").read_text()))
    assert hidden.grade("99.2", "Panmunjom", points=1.0) is None
    with pytest.raises(AssertionError) as info:
        hidden.grade("99.2", "Kaesong", points=1.0)
    assert "99.2" in str(info.value) and "anmunj" not in str(info.value) and "Kaesong" not in str(info.value)
    parts = _parts("99.3", "set", ["sweden", "switzerland", "poland", "czechoslovakia"])
    assert hidden.grade("99.3", ["Sweden"], points=2.0, parts=parts) == 0.5


def test_hidden_checker_imports_only_the_standard_library():
    text = (Path(hidden.__file__)).read_text(encoding="utf-8")
    imports = re.findall(r"^\s*(?:import|from)\s+([\w.]+)", text, re.MULTILINE)
    assert imports and all(name.split(".")[0] in sys.stdlib_module_names or name == "__future__" for name in imports)


# ---------------------------------------------------------------------------------------------- annotation


def test_grading_notebook_of_the_fixture():
    nb = nbformat.read(FIXTURE, as_version=4)
    graded = annotate.graded_cells(annotate.grading_notebook(nb, name=FIXTURE.name))
    roles = {c.grade_id: c.role for c in graded}
    assert roles["ex00_1"] == "answer" and roles["ex00_1_test"] == "test" and roles["ex00_1_prompt"] == "prompt"
    assert roles["ex00_2"] == "answer" and roles["ex00_4"] == "manual" and roles["ex00_5"] == "manual"
    assert not any(c.role == "test" for c in graded if c.question_id == "00.4")
    with pytest.raises(KoreaNotesError, match="assigns no answer"):
        annotate.grading_notebook(nb, name=FIXTURE.name, strict=True)  # the function-body region of 0.3


def test_hidden_test_source_hides_everything_between_markers():
    source = annotate.hidden_test_source("00.1", name="answer", points=1, label="0.1")
    first, *hidden_lines = source.splitlines()
    assert first.startswith("# Exercise 0.1") and hidden_lines[0] == annotate.BEGIN_HIDDEN
    assert hidden_lines[-1] == annotate.END_HIDDEN and "run_path" in hidden_lines[1]


BOTH_EDITIONS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")) + sorted(NOTEBOOKS.glob("ko/[0-9][0-9]_*.ipynb"))


def _edition_id(path):
    return ("ko/" if path.parent.name == "ko" else "") + path.stem[:2]


@pytest.mark.parametrize("path", BOTH_EDITIONS, ids=_edition_id)
def test_every_notebook_is_gradable_with_points_for_each_exercise(path):
    nb = nbformat.read(path, as_version=4)
    assert (nb.nbformat, nb.nbformat_minor) >= (4, 5) and all(cell.get("id") for cell in nb.cells)
    source = annotate.grading_notebook(nb, name=path.name, strict=True)
    graded = annotate.graded_cells(source)
    points = nb.metadata["korea_notes"]["points"]
    scored = {c.question_id for c in graded if c.role in ("test", "manual")}
    assert scored and scored == set(points), "metadata.korea_notes.points must list every graded exercise"
    assert annotate.max_points(source) == sum(points.values())
    ids = [c.grade_id for c in graded]
    assert len(ids) == len(set(ids))


def test_feedback_preprocessor_keeps_only_the_message():
    cell = new_code_cell("x", metadata={"nbgrader": {"grade": True, "solution": False, "grade_id": "t", "points": 1}})
    cell.outputs = [nbformat.v4.new_output("error", ename="AssertionError", evalue="Exercise 00.1: no points",
                                           traceback=["----> 3 run_path('hidden.py')", "secret"]),
                    nbformat.v4.new_output("stream", name="stdout", text="printed")]
    out, _ = HideTestDetails().preprocess_cell(cell, {}, 0)
    assert [o.output_type for o in out.outputs] == ["error"]
    assert out.outputs[0].traceback == ["AssertionError: Exercise 00.1: no points"]


def test_config_text_is_python_that_sets_the_stub():
    text = course.config_text(timeout=7)
    compile(text, "nbgrader_config.py", "exec")
    assert "answer = ...  # YOUR ANSWER HERE" in text and "c.Execute.timeout = 7" in text
    assert "HideTestDetails" in text and "ClearHiddenTests" in text and "CourseDirectory.root" in text


def test_check_submission_names_each_problem(tmp_path):
    nb = nbformat.read(FIXTURE, as_version=4)
    source = annotate.grading_notebook(nb, name=FIXTURE.name)
    student = make_student_notebook(nb, name=FIXTURE.name)
    sources = {"00_example.ipynb": source}
    (tmp_path / "ok").mkdir()
    nbformat.write(student, tmp_path / "ok" / "00_example.ipynb")
    assert submissions.check_submission(tmp_path / "ok", sources) == []
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "00_example.ipynb").write_text('{"cells": [', encoding="utf-8")
    assert "not a readable notebook" in submissions.check_submission(tmp_path / "bad", sources)[0]
    (tmp_path / "cut").mkdir()
    cut = copy.deepcopy(student)
    cut.cells = [c for c in cut.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "ex00_2_test"]
    nbformat.write(cut, tmp_path / "cut" / "00_example.ipynb")
    assert "ex00_2_test (test)" in submissions.check_submission(tmp_path / "cut", sources)[0]
    (tmp_path / "none").mkdir()
    assert "missing" in submissions.check_submission(tmp_path / "none", sources)[0]


def test_gradebook_csv_is_read_per_assignment():
    text = ("assignment,duedate,timestamp,student_id,last_name,first_name,email,raw_score,"
            "late_submission_penalty,score,max_score\na,,,kim,,,,2.0,0.0,2.0,5.0\nb,,,kim,,,,1.0,0.0,1.0,3.0\n")
    assert submissions.read_gradebook_csv(text, "a") == {"kim": (2.0, 5.0)}


def test_student_edition_of_a_blank_notebook_still_runs_as_python():
    nb = new_notebook(cells=[new_markdown_cell("### Exercise 0.1\nQ?"),
                             new_code_cell("# BEGIN SOLUTION\nanswer = 1\n# END SOLUTION\nprint(answer)")])
    student = make_student_notebook(nb, name="00_x.ipynb")
    code = "\n".join(c.source for c in student.cells if c.cell_type == "code")
    compile(code, "<student>", "exec")
    assert "answer = ...  # YOUR ANSWER HERE" in code


# ---------------------------------------------------------------------------------------------- the loop


TIMEOUT = 15  # seconds per cell: enough for a loaded machine, short enough for the endless loop


def _set_answer(nb, grade_id, code):
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            cell.source = cell.source.replace(annotate.ANSWER_STUB, code)
            assert code in cell.source
            return
    raise AssertionError(grade_id)


def _wrong(value):
    """A wrong answer of the same type as an accepted one."""
    if isinstance(value, str):
        return "1999-01-01" if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else "zzz"
    if isinstance(value, list):
        return ["zzz"]
    return value + 1


def _forms(value) -> list[str]:
    """The usual written forms of an accepted answer (dates in three spellings)."""
    text = str(value)
    forms = [text]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        day = dt.date.fromisoformat(text)
        forms += [f"{day.day} {day:%B} {day.year}", f"{day:%B} {day.day}, {day.year}"]
    return forms


@pytest.fixture(scope="module")
def loop(tmp_path_factory):
    notebooks = tmp_path_factory.mktemp("notebooks")  # a snapshot: others may edit notebooks/ meanwhile
    (notebooks / f"{ASSIGNMENT}.ipynb").write_bytes((NOTEBOOKS / f"{ASSIGNMENT}.ipynb").read_bytes())
    accepted = course.recorded_answers(notebooks / f"{ASSIGNMENT}.ipynb", timeout=120)
    root = tmp_path_factory.mktemp("course")
    course.make_course(root, notebooks, only=[ASSIGNMENT[:2]], timeout=TIMEOUT)
    submissions.run_nbgrader(["generate_assignment", ASSIGNMENT, "--force"], root)
    release = nbformat.read(root / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    source = nbformat.read(root / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    graded = annotate.graded_cells(source)
    tests = {c.question_id: c.points for c in graded if c.role == "test"}
    assert set(tests) == set(accepted)
    answers = {qid: f"answer = {accepted[qid]!r}" for qid in tests}
    wrong = {qid: f"answer = {_wrong(accepted[qid])!r}" for qid in tests}
    wrong_type = {qid: "answer = {'not': 'plain'}" if i % 2 else "answer = [1.5, 'x']"
                  for i, qid in enumerate(tests)}
    first, second, *_ = sorted(tests)
    trick_code = {
        "eve_redefines_check": "kn.exercises.check = lambda *a, **k: True",
        "frank_patches_module": ("import korea_notes.teaching.exercises.checking as _c\n"
                                 "import korea_notes.teaching.exercises.normalize as _n\n"
                                 "_c.digest = _n.digest = lambda *a, **k: 'same'\n"
                                 "_n.canonical_answer = lambda *a, **k: 'same'\n"
                                 "_c.load_questions = lambda *a, **k: {q: {'kind': 'text', 'digests': ['same']} "
                                 f"for q in {sorted(tests)!r}}}"),
    }
    plan = {
        "alice_right": (answers, None),
        "bob_partly": ({**wrong, first: answers[first]}, None),
        "carol_blank": ({}, None),
        "dan_wrong_types": (wrong_type, None),
        "eve_redefines_check": (wrong, trick_code["eve_redefines_check"]),
        "frank_patches_module": (wrong, trick_code["frank_patches_module"]),
        "grace_always_equal": ({qid: "answer = _Eq()" for qid in tests},
                               "class _Eq(str):\n    __eq__ = lambda s, o: True\n    __hash__ = str.__hash__\n"),
        "judy_endless_loop": ({**answers, second: "while True:\n    pass\n" + answers[second]}, None),
    }
    for student, (code, prelude) in plan.items():
        nb = copy.deepcopy(release)
        code = {**code, first: prelude + "\n" + code.get(first, annotate.ANSWER_STUB)} if prelude else code
        for qid, line in code.items():
            _set_answer(nb, annotate._grade_id(qid), line)
        folder = root / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{ASSIGNMENT}.ipynb")
    corrupt = root / "submitted" / "heidi_corrupt" / ASSIGNMENT
    corrupt.mkdir(parents=True)
    (corrupt / f"{ASSIGNMENT}.ipynb").write_text(nbformat.writes(release)[:500], encoding="utf-8")
    deleted = copy.deepcopy(release)
    deleted.cells = [c for c in deleted.cells if not c.metadata.get("nbgrader", {}).get("grade_id", "")
                     .startswith(annotate._grade_id(second))]
    (root / "submitted" / "ivan_deleted_cells" / ASSIGNMENT).mkdir(parents=True)
    nbformat.write(deleted, root / "submitted" / "ivan_deleted_cells" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    results = {r.student: r for r in submissions.grade_assignment(root, ASSIGNMENT)}
    report = submissions.format_report(list(results.values()), ASSIGNMENT)
    submissions.run_nbgrader(["generate_feedback", ASSIGNMENT, "--force"], root)
    return {"root": root, "instructor": notebooks / f"{ASSIGNMENT}.ipynb",
            "release": release, "source": source, "tests": tests, "accepted": accepted,
            "results": results, "report": report, "first": first, "second": second,
            "manual": annotate.max_points(source, "manual")}

@pytest.mark.slow
@pytest.mark.xdist_group("grading")
class TestNbgraderLoop:
    def test_release_equals_the_student_edition(self, loop):
        student = make_student_notebook(nbformat.read(loop["instructor"], as_version=4), name=f"{ASSIGNMENT}.ipynb")
        release = loop["release"]

        def fields(cell):
            meta = cell.metadata
            return (cell.get("id"), cell.cell_type, cell.source, meta.get("nbgrader"), meta.get("deletable"),
                    meta.get("editable"), meta.get("tags"))

        assert [fields(c) for c in release.cells] == [fields(c) for c in student.cells]
        assert any(c.metadata.get("nbgrader", {}).get("checksum") for c in student.cells)

    def test_scores_follow_the_points(self, loop):
        results, tests = loop["results"], loop["tests"]
        full = sum(tests.values())
        maximum = full + loop["manual"]
        expected = {
            "alice_right": full,
            "bob_partly": tests[loop["first"]],
            "carol_blank": 0,
            "dan_wrong_types": 0,
            "eve_redefines_check": 0,
            "frank_patches_module": 0,
            "grace_always_equal": 0,
            "judy_endless_loop": full - tests[loop["second"]],
            "heidi_corrupt": 0,
            "ivan_deleted_cells": 0,
        }
        assert {s: r.score for s, r in results.items()} == pytest.approx(expected), loop["report"]
        for student in expected:
            assert results[student].max_score == maximum

    def test_bad_submissions_are_reported_by_name_and_the_rest_graded(self, loop):
        results, report = loop["results"], loop["report"]
        assert not results["heidi_corrupt"].graded and "not a readable notebook" in results["heidi_corrupt"].problems[0]
        assert not results["ivan_deleted_cells"].graded and "deleted" in results["ivan_deleted_cells"].problems[0]
        assert results["judy_endless_loop"].graded
        assert any("stopped" in p and "timeout" in p for p in results["judy_endless_loop"].problems)
        for student in ("heidi_corrupt", "ivan_deleted_cells", "judy_endless_loop"):
            assert student in report and results[student].problems[0] in report
        others = set(results) - {"heidi_corrupt", "ivan_deleted_cells", "judy_endless_loop"}
        assert all(results[s].graded and not results[s].problems for s in others), report

    def test_tricks_are_flagged_for_a_look_by_hand(self, loop):
        results, report = loop["results"], loop["report"]
        for student in ("eve_redefines_check", "frank_patches_module", "grace_always_equal"):
            assert results[student].warnings and results[student].warnings[0] in report
        assert "redefines a check" in results["eve_redefines_check"].warnings[0]
        for student in ("alice_right", "bob_partly", "carol_blank", "dan_wrong_types", "judy_endless_loop"):
            assert not results[student].warnings, report

    def test_gradebook_holds_every_student(self, loop):
        with open(loop["root"] / "grades.csv", encoding="utf-8") as handle:
            rows = [row for row in csv.DictReader(handle) if row["assignment"] == ASSIGNMENT]
        assert sorted(row["student_id"] for row in rows) == sorted(loop["results"])
        print((loop["root"] / "grades.csv").read_text(encoding="utf-8"))
        print(loop["report"])

    def test_feedback_shows_no_hidden_test_and_no_answer(self, loop):
        root = loop["root"]
        digests = [d for spec in json.loads((ROOT / "korea_notes" / "teaching" / "exercises" / "questions"
                                             / "00.json").read_text(encoding="utf-8")).values()
                   for d in spec["digests"]]
        pages = sorted((root / "feedback").glob(f"*/{ASSIGNMENT}/{ASSIGNMENT}.html"))
        graded = {s for s, r in loop["results"].items() if r.graded}
        assert {p.parts[-3] for p in pages} == graded
        test_ids = [c.grade_id.replace("_", "-") for c in annotate.graded_cells(loop["source"]) if c.role == "test"]
        for page in pages:
            html = page.read_text(encoding="utf-8")
            for secret in ("HIDDEN TESTS", "run_path", "hidden.py", "_kn_hidden", *digests):
                assert secret not in html, (page, secret)
            blocks = [html.split(f'id="cell-id={tid}"', 1)[1].split('<div class="cell ', 1)[0] for tid in test_ids]
            assert len(blocks) == len(test_ids)
            for block in blocks:  # a test cell shows its score and a one-line message, never a traceback
                assert "Traceback (most recent" not in block and "grade(" not in block, page
            for qid, value in loop["accepted"].items():
                for form in _forms(value):
                    for block in blocks:
                        assert form not in block, (page, qid)

    def test_hand_given_scores_reach_the_gradebook(self, loop, tmp_path):
        from korea_notes.cli import main
        from korea_notes.teaching.grading.manual import read_scores

        source = loop["source"]
        manual = {c.question_id: c.points for c in annotate.graded_cells(source) if c.role == "manual"}
        qid, top = next(iter(manual.items()))
        scores = tmp_path / "scores.csv"
        scores.write_text(f"student_id,exercise,points,comment\nalice_right,{qid},{top},Two perspectives, sourced.\n",
                          encoding="utf-8")
        grades = tmp_path / "grades.csv"
        assert main(["grade-manual", str(loop["root"]), ASSIGNMENT, str(scores), "--csv", str(grades)]) == 0
        table = submissions.read_gradebook_csv(grades.read_text(encoding="utf-8"), ASSIGNMENT)
        assert table["alice_right"][0] == loop["results"]["alice_right"].score + top
        assert table["carol_blank"][0] == 0
        bad = tmp_path / "bad.csv"
        bad.write_text(f"student_id,exercise,points\nalice_right,{qid},{top + 1}\n", encoding="utf-8")
        with pytest.raises(KoreaNotesError, match="line 2"):
            read_scores(bad, manual)
        bad.write_text("student_id,exercise,points\nalice_right,00.1,1\n", encoding="utf-8")
        with pytest.raises(KoreaNotesError, match="not a discussion exercise"):
            read_scores(bad, manual)

    def test_lms_zip_is_collected(self, loop, tmp_path):
        root = loop["root"]
        release = root / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        archive = tmp_path / "download.zip"
        with zipfile.ZipFile(archive, "w") as zf:
            zf.write(release, f"kimminji_1234_5678_{ASSIGNMENT}.ipynb")
            zf.write(release, f"leejun_late_2345_6789_{ASSIGNMENT}.ipynb")
        students = submissions.collect_zip(root, ASSIGNMENT, archive)
        assert {"kimminji", "leejun"} <= set(students)
        assert (root / "submitted" / "kimminji" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()

    def test_a_korean_course_grades_answers_typed_in_hangul(self, loop, tmp_path):
        """The Korean edition as its own nbgrader course: Korean stubs, same exercise ids, Hangul answers earn points.

        The accepted answers are those the English loop recorded: the Korean solutions give the same ones
        (tests/test_notebooks.py checks that every Korean solution passes its self-check).
        """
        notebooks = tmp_path / "ko"
        notebooks.mkdir()
        name = f"{ASSIGNMENT}.ipynb"
        (notebooks / name).write_bytes((NOTEBOOKS / "ko" / name).read_bytes())
        root = tmp_path / "course"
        course.make_course(root, notebooks, only=["00"], timeout=TIMEOUT, partial_credit=False)
        config = (root / "nbgrader_config.py").read_text(encoding="utf-8")
        assert annotate.STUBS["ko"]["answer"] in config and annotate.STUBS["ko"]["text"] in config
        english = annotate.graded_cells(annotate.grading_notebook(nbformat.read(NOTEBOOKS / name, as_version=4),
                                                                  name=name, strict=True))
        source = nbformat.read(root / "source" / ASSIGNMENT / name, as_version=4)
        assert [(c.grade_id, c.role, c.points) for c in annotate.graded_cells(source)] == \
            [(c.grade_id, c.role, c.points) for c in english], "the same graded cells as the English course"
        assert any(c.source.startswith("# 연습 0.") for c in source.cells if c.cell_type == "code")
        submissions.run_nbgrader(["generate_assignment", ASSIGNMENT, "--force"], root)
        release = nbformat.read(root / "release" / ASSIGNMENT / name, as_version=4)
        accepted = loop["accepted"]
        tests = {c.question_id for c in annotate.graded_cells(source) if c.role == "test"}
        hangul = {"panmunjom": "판문점"}  # the one text answer of notebook 00, as a Korean student types it
        answers = {qid: hangul.get(str(accepted[qid]).casefold(), accepted[qid]) for qid in tests}
        assert any(isinstance(a, str) and "판" in a for a in answers.values()), "notebook 00 asks for a name"
        for student, plan in {"minji_hangul": answers, "jun_blank": {}}.items():
            nb = copy.deepcopy(release)
            for qid, answer in plan.items():
                for cell in nb.cells:
                    if cell.metadata.get("nbgrader", {}).get("grade_id") == annotate._grade_id(qid):
                        assert annotate.STUBS["ko"]["answer"] in cell.source
                        cell.source = cell.source.replace(annotate.STUBS["ko"]["answer"], f"answer = {answer!r}")
            folder = root / "submitted" / student / ASSIGNMENT
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / name)
        results = {r.student: r for r in submissions.grade_assignment(root, ASSIGNMENT)}
        auto = sum(c.points for c in annotate.graded_cells(source) if c.role == "test")
        assert results["minji_hangul"].score == auto and results["jun_blank"].score == 0, results


@pytest.mark.parametrize("path", BOTH_EDITIONS, ids=_edition_id)
def test_nbgrader_preprocessors_release_the_student_edition(path):
    """nbgrader's own release preprocessors, run in this process on the course source, give the student edition.

    For the Korean edition with the Korean stubs a Korean course's ``nbgrader_config.py`` sets.
    """
    pre = pytest.importorskip("nbgrader.preprocessors")
    nb = nbformat.read(path, as_version=4)
    stubs = annotate.STUBS[annotate.notebook_lang(nb)]
    assert (annotate.notebook_lang(nb) == "ko") is (path.parent.name == "ko")
    release = annotate.grading_notebook(nb, name=path.name, strict=True)
    resources: dict = {}
    for step in (pre.LockCells(), pre.ClearSolutions(code_stub={"python": stubs["answer"]}, text_stub=stubs["text"]),
                 pre.ClearOutput(), pre.CheckCellMetadata(), pre.ComputeChecksums(), pre.ClearHiddenTests(),
                 pre.ClearMarkScheme(), pre.ComputeChecksums(), pre.CheckCellMetadata()):
        release, resources = step.preprocess(release, resources)
    student = make_student_notebook(nb, name=path.name)

    def fields(cell):
        meta = cell.metadata
        return (cell.get("id"), cell.cell_type, cell.source, meta.get("nbgrader"), meta.get("deletable"),
                meta.get("editable"), meta.get("tags"))

    assert [fields(c) for c in release.cells] == [fields(c) for c in student.cells]


def test_grading_refuses_a_course_whose_checker_has_moved(tmp_path):
    root = tmp_path / "course"
    course.make_course(root, NOTEBOOKS, only=["00"], partial_credit=False, hidden_py=tmp_path / "gone" / "hidden.py")
    with pytest.raises(KoreaNotesError, match="not there any more"):
        submissions.grade_assignment(root, ASSIGNMENT)
