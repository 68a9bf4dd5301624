"""What a student sees in a notebook after a typing mistake: one clear line, not a traceback."""

from __future__ import annotations

import re

import nbformat

from korea_notes import KoreaNotesError
from korea_notes.runner import run_notebook

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_mistakes_show_one_line_in_a_notebook(tmp_path) -> None:
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import korea_notes as kn"),
        nbformat.v4.new_code_cell('kn.exercises.check("5.9", 1)'),
        nbformat.v4.new_code_cell('kn.load_dataset("event")'),
    ])
    result = run_notebook(nb, cwd=tmp_path, backend="agg", network=False, allow_errors=True, quiet=True)
    shown = []
    for cell in result.notebook.cells[1:]:
        (error,) = [o for o in cell.outputs if o.output_type == "error"]
        assert error.ename == "KoreaNotesError"
        assert len(error.traceback) == 1, error.traceback
        shown.append(ANSI.sub("", error.traceback[0]))
    assert shown[0].startswith("KoreaNotesError: there is no question '5.9'; notebook 05 has: 05.1, 05.2")
    assert "did you mean 'events'?" in shown[1]


def test_render_traceback_is_the_message() -> None:
    error = KoreaNotesError("not a date", file="events.csv", line=3, hint="write YYYY-MM-DD")
    (line,) = error._render_traceback_()
    assert ANSI.sub("", line) == "KoreaNotesError: events.csv, line 3: not a date (write YYYY-MM-DD)"
