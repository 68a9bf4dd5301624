"""Student edition: solutions out, prompts in, markers checked, sources never overwritten."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from korea_notes import KoreaNotesError, _atomic
from korea_notes.cli import main
from korea_notes.teaching.student import (
    _BEGIN,
    _END,
    make_student_edition,
    make_student_notebook,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "notebooks"
EXAMPLE = FIXTURES / "00_example.ipynb"


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def _solution_lines(nb: nbformat.NotebookNode) -> list[str]:
    """Every line an instructor wrote as a solution: marked blocks, solution and instructor cells."""
    lines: list[str] = []
    for cell in nb.cells:
        tags = set(cell.metadata.get("tags", []))
        if tags & {"solution", "instructor"}:
            lines += cell.source.splitlines()
            continue
        inside = False
        for line in cell.source.splitlines():
            if _BEGIN.match(line):
                inside = True
            elif _END.match(line):
                inside = False
            elif inside:
                lines.append(line)
    return [line.strip() for line in lines if len(line.strip()) > 3]


def test_example_transformed_as_documented():
    student = make_student_notebook(_read(EXAMPLE), name=EXAMPLE.name)
    cells = {cell.id: cell for cell in student.cells}
    assert cells["ex1-code"].source == (
        'events = kn.load_dataset("events")\n'
        "answer = ...  # YOUR ANSWER HERE\n"
        'kn.exercises.check("00.1", answer)'
    )
    assert cells["ex2-solution"].source == "answer = ...  # YOUR ANSWER HERE"  # one region, as nbgrader clears it
    assert cells["ex3-code"].source.startswith("def count_items(table):\n    ...  # YOUR ANSWER HERE\n\n")
    assert cells["ex4-solution"].source == "*Write your answer here.*"
    assert cells["ex5"].source.endswith("why?\n\n*Write your answer here.*")
    assert "instructor-check" not in cells
    tests = [c.id for c in student.cells if c.id.endswith("-test")]
    assert [c.id for c in student.cells if c.id not in tests] == [
        c.id for c in _read(EXAMPLE).cells if c.id != "instructor-check"]
    # one graded test cell right after each self-check that follows an answer, hidden test removed
    ids = [c.id for c in student.cells]
    assert tests == ["ex00-1-test", "ex00-2-test", "ex00-3-test"]
    assert ids.index("ex00-1-test") == ids.index("ex1-code") + 1
    assert ids.index("ex00-2-test") == ids.index("ex2-check") + 1
    for cell in student.cells:
        if cell.id in tests:
            assert "HIDDEN" not in cell.source and cell.source.startswith("# Exercise 0.")
            assert cell.metadata.nbgrader["grade"] and cell.metadata["editable"] is False


def test_no_solution_text_survives():
    source = _read(EXAMPLE)
    secrets = _solution_lines(source)
    assert len(secrets) >= 5
    text = json.dumps(make_student_notebook(source))
    for line in secrets:
        assert json.dumps(line)[1:-1] not in text, line
    for word in ("SOLUTION", "armistice_signed", "len(table)", "anmunj", "Model answer", "1953-07-27"):
        assert word not in text


def test_input_notebook_unchanged():
    source = _read(EXAMPLE)
    before = json.dumps(source, sort_keys=True)
    make_student_notebook(source)
    assert json.dumps(source, sort_keys=True) == before


def test_outputs_and_noise_cleared_metadata_kept():
    cell = new_code_cell(
        "x = 1\nx",
        execution_count=7,
        outputs=[new_output("execute_result", {"text/plain": "1"}, execution_count=7)],
    )
    cell.metadata.update(
        {
            "tags": ["keep-me"],
            "execution": {"iopub.status.busy": "t"},
            "ExecuteTime": {},
            "jupyter": {"source_hidden": True},
        }
    )
    nb = new_notebook(
        cells=[cell],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "P"},
            "widgets": {"state": {}},
            "korea_notes": {"level": "x"},
        },
    )
    student = make_student_notebook(nb)
    out = student.cells[0]
    assert out.outputs == [] and out.execution_count is None and out.source == "x = 1\nx"
    assert out.metadata == {"tags": ["keep-me"], "jupyter": {"source_hidden": True}}
    assert "widgets" not in student.metadata
    assert (
        student.metadata["korea_notes"] == {"level": "x"}
        and student.metadata["kernelspec"]["name"] == "python3"
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("# BEGIN SOLUTION\nprint(1)\n# END SOLUTION", "# YOUR ANSWER HERE"),
        (
            "for i in range(2):\n    # begin solution\n    print(i)\n    #END  SOLUTION\nprint('done')",
            "for i in range(2):\n    ...  # YOUR ANSWER HERE\nprint('done')",
        ),
        (
            "# BEGIN SOLUTION\nanswer_a = 1\nanswer_b: int = 2\nanswer_a = 3\n"
            "if answer_a == 3:\n    pass\n# END SOLUTION",
            "answer_a = ...  # YOUR ANSWER HERE\nanswer_b = ...  # YOUR ANSWER HERE",
        ),
        (
            "a = 1\n# BEGIN SOLUTION\nb = 2\n# END SOLUTION\n# BEGIN SOLUTION\nanswer = b\n# END SOLUTION\n",
            "a = 1\n# YOUR ANSWER HERE\nanswer = ...  # YOUR ANSWER HERE\n",
        ),
        ("print('# BEGIN SOLUTION')", "print('# BEGIN SOLUTION')"),
    ],
)
def test_marker_rules(source, expected):
    nb = new_notebook(cells=[new_code_cell(source)])
    assert make_student_notebook(nb).cells[0].source == expected


def test_solution_tagged_code_cell_keeps_answer_names():
    cell = new_code_cell(
        "import math\nanswer = math.floor(5.5)\nanswer_2 = 'x'\n    answer_3 = 1",
        metadata={"tags": ["solution"]},
    )
    student = make_student_notebook(new_notebook(cells=[cell]))
    # the tagged cell becomes one solution region, so it clears as nbgrader clears a region
    assert student.cells[0].source == (
        "answer = ...  # YOUR ANSWER HERE\nanswer_2 = ...  # YOUR ANSWER HERE\nanswer_3 = ...  # YOUR ANSWER HERE"
    )
    assert student.cells[0].metadata.nbgrader["solution"] is True


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("x = 1\n# END SOLUTION", r"line 2: END SOLUTION without BEGIN SOLUTION"),
        ("# BEGIN SOLUTION\nx = 1", r"line 1: BEGIN SOLUTION without END SOLUTION"),
        (
            "# BEGIN SOLUTION\n# BEGIN SOLUTION\nx = 1\n# END SOLUTION\n# END SOLUTION",
            r"line 2: BEGIN SOLUTION inside the block opened on line 1",
        ),
    ],
)
def test_unbalanced_or_nested_markers_name_file_and_cell(source, message):
    nb = new_notebook(cells=[new_markdown_cell("intro"), new_code_cell(source, id="bad-cell")])
    with pytest.raises(KoreaNotesError, match=message) as info:
        make_student_notebook(nb, name="05_the_agreement.ipynb")
    assert str(info.value).startswith("05_the_agreement.ipynb: cell 1 (id 'bad-cell')")


def test_unbalanced_markdown_markers():
    nb = new_notebook(cells=[new_markdown_cell("### BEGIN SOLUTION\nmodel", id="md")])
    with pytest.raises(KoreaNotesError, match=r"x.ipynb: cell 0 \(id 'md'\).*without END"):
        make_student_notebook(nb, name="x.ipynb")


def test_edition_error_in_one_notebook_writes_nothing(tmp_path):
    src = tmp_path / "notebooks"
    src.mkdir()
    shutil.copy(EXAMPLE, src / "00_example.ipynb")
    nbformat.write(
        new_notebook(cells=[new_code_cell("# BEGIN SOLUTION\nx = 1", id="c")]), src / "01_bad.ipynb"
    )
    with pytest.raises(KoreaNotesError, match=r"01_bad.ipynb: cell 0 \(id 'c'\)"):
        make_student_edition(src, tmp_path / "student")
    assert not (tmp_path / "student").exists()


@pytest.mark.parametrize("relative", [".", "student", "a/b"])
def test_output_inside_sources_refused(tmp_path, relative):
    src = tmp_path / "notebooks"
    src.mkdir()
    shutil.copy(EXAMPLE, src / "00_example.ipynb")
    before = (src / "00_example.ipynb").read_bytes()
    with pytest.raises(KoreaNotesError, match="refusing"):
        make_student_edition(src, src / relative)
    assert (src / "00_example.ipynb").read_bytes() == before
    assert sorted(p.name for p in src.iterdir()) == ["00_example.ipynb"]


def test_output_symlink_to_source_refused(tmp_path):
    src = tmp_path / "notebooks"
    src.mkdir()
    shutil.copy(EXAMPLE, src / "00_example.ipynb")
    out = tmp_path / "student"
    out.mkdir()
    (out / "00_example.ipynb").symlink_to(src / "00_example.ipynb")
    before = (src / "00_example.ipynb").read_bytes()
    with pytest.raises(KoreaNotesError, match="resolves to a source notebook"):
        make_student_edition(src, out)
    assert (src / "00_example.ipynb").read_bytes() == before


def test_output_is_a_file_refused(tmp_path):
    (tmp_path / "student").write_text("not a folder")
    with pytest.raises(KoreaNotesError, match="is a file"):
        make_student_edition(FIXTURES, tmp_path / "student")


def test_atomic_write_failure_leaves_no_partial_files(tmp_path, monkeypatch):
    src = tmp_path / "notebooks"
    src.mkdir()
    for name in ("00_a.ipynb", "01_b.ipynb", "02_c.ipynb"):
        shutil.copy(EXAMPLE, src / name)
    out = tmp_path / "student"
    calls = []
    real_replace = os.replace

    def failing_replace(tmp, target):
        calls.append(target)
        if len(calls) == 2:
            raise OSError("simulated crash mid-way")
        real_replace(tmp, target)

    monkeypatch.setattr(_atomic.os, "replace", failing_replace)
    with pytest.raises(OSError, match="simulated crash"):
        make_student_edition(src, out)
    names = sorted(p.name for p in out.iterdir())
    assert names == ["00_a.ipynb"]  # the first is complete, the second never appeared, no temp files left
    nbformat.validate(_read(out / "00_a.ipynb"))


def test_edition_writes_valid_notebooks_only(tmp_path):
    src = tmp_path / "notebooks"
    src.mkdir()
    shutil.copy(EXAMPLE, src / "00_example.ipynb")
    (src / "helper.py").write_text("x = 1\n")
    (src / ".ipynb_checkpoints").mkdir()
    shutil.copy(EXAMPLE, src / ".ipynb_checkpoints" / "00_example-checkpoint.ipynb")
    written = make_student_edition(src, tmp_path / "student")
    assert [p.name for p in written] == ["00_example.ipynb"]
    assert sorted(p.name for p in (tmp_path / "student").iterdir()) == [".korea-notes-student.json", "00_example.ipynb"]
    nbformat.validate(_read(written[0]))
    assert oct(written[0].stat().st_mode & 0o777) == "0o644"
    again = make_student_edition(src, tmp_path / "student")  # idempotent: re-running gives the same bytes
    assert again[0].read_bytes() == written[0].read_bytes()


def _run(nb: nbformat.NotebookNode, cwd: Path) -> nbformat.NotebookNode:
    from korea_notes.runner import run_notebook

    return run_notebook(nb, cwd=cwd, backend="agg", network=False, timeout=120).notebook


def test_student_notebook_runs_and_answers_are_blank(tmp_path, monkeypatch):
    log = tmp_path / "check.jsonl"
    monkeypatch.setenv("KOREA_NOTES_CHECK_LOG", str(log))
    (written,) = make_student_edition(FIXTURES, tmp_path / "student")
    executed = _run(_read(written), written.parent)
    records = [json.loads(line) for line in log.read_text().splitlines()]
    assert records == [{"id": q, "correct": False, "answered": False} for q in ("00.1", "00.2", "00.3")]
    shown = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs]
    assert any("No answer yet" in json.dumps(o) for o in shown)


def test_rebuilding_refuses_a_student_notebook_changed_since_it_was_written(tmp_path):
    out = tmp_path / "student"
    (written,) = make_student_edition(FIXTURES, out)
    make_student_edition(FIXTURES, out)  # unchanged: rebuilding is fine
    nb = _read(written)
    nb.cells[-1].source += "\n# a student's own work"
    nbformat.write(nb, written)
    work = written.read_bytes()
    with pytest.raises(KoreaNotesError, match=r"changed since they were written: 00_example\.ipynb"):
        make_student_edition(FIXTURES, out)
    assert written.read_bytes() == work, "nothing is overwritten"
    assert main(["student", str(FIXTURES), str(out)]) == 1
    assert main(["student", str(FIXTURES), str(out), "--force"]) == 0
    assert written.read_bytes() != work
