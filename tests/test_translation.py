"""The Korean edition stays in step with the English, cell by cell (korea_notes.teaching.translation)."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from korea_notes.cli import main
from korea_notes.teaching import translation as tr

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
ENGLISH = tr.english_notebooks(NOTEBOOKS)


def test_every_english_notebook_has_a_korean_twin():
    assert len(ENGLISH) == 13
    assert [p.name for p in tr.korean_notebooks(NOTEBOOKS)] == [p.name for p in ENGLISH]


@pytest.mark.parametrize("english", ENGLISH, ids=lambda p: p.stem[:2])
def test_korean_notebook_is_in_step(english):
    problems = tr.compare_notebooks(english, tr.korean_path(english))
    assert not problems, tr.report_text(problems)


@pytest.fixture()
def pair(tmp_path):
    """A copy of notebook 05 and its Korean twin, to break on purpose."""
    folder = tmp_path / "notebooks"
    (folder / "ko").mkdir(parents=True)
    name = "05_the_armistice_agreement.ipynb"
    shutil.copy(NOTEBOOKS / name, folder / name)
    shutil.copy(NOTEBOOKS / "ko" / name, folder / "ko" / name)
    return folder / name, folder / "ko" / name


def _edit(path: Path, change) -> str:
    nb = nbformat.read(path, as_version=4)
    cell_id = change(nb)
    nbformat.write(nb, path)
    return cell_id


def _first(nb, cell_type: str, containing: str = ""):
    return next(c for c in nb.cells if c.cell_type == cell_type and containing in c.source)


def test_a_changed_english_cell_makes_its_translation_stale(pair):
    english, korean = pair
    assert not tr.compare_notebooks(english, korean)

    def change(nb):
        cell = _first(nb, "markdown", "##")
        cell.source += "\n\nA sentence added to the English after the translation."
        return cell.id

    cell_id = _edit(english, change)
    problems = tr.compare_notebooks(english, korean)
    assert [(p.kind, p.cell) for p in problems] == [("stale", cell_id)]
    assert f"cell {cell_id}: stale" in str(problems[0]) and "English:" in str(problems[0])
    # once the Korean cell is revised, the reviewer records it and the pair is in step again
    assert tr.mark_current(korean, [cell_id]) == [cell_id]
    assert not tr.compare_notebooks(english, korean)


def test_code_drift_is_found_and_named(pair):
    english, korean = pair

    def change(nb):
        cell = _first(nb, "code", "answer = 2 * ")
        cell.source = cell.source.replace("answer = 2 * ", "answer = 3 * ")
        return cell.id

    cell_id = _edit(korean, change)
    problems = tr.compare_notebooks(english, korean)
    assert [(p.kind, p.cell) for p in problems] == [("code drift", cell_id)]
    assert "answer = 3 *" in problems[0].detail


def test_an_exercise_in_one_edition_only_is_found(pair):
    english, korean = pair

    def change(nb):
        cell = _first(nb, "code", 'kn.exercises.check("05.1"')
        cell.source = cell.source.replace('kn.exercises.check("05.1"', 'kn.exercises.check("05.9"')
        return cell.id

    _edit(korean, change)
    kinds = {p.kind: p.detail for p in tr.compare_notebooks(english, korean)}
    assert "only in English: ['05.1']" in kinds["exercises"] and "only in Korean: ['05.9']" in kinds["exercises"]
    assert "an id changed" in kinds["code drift"]


def test_untranslated_moved_and_missing_cells_are_found(pair):
    english, korean = pair
    en_nb = nbformat.read(english, as_version=4)
    ko_nb = nbformat.read(korean, as_version=4)
    markdown = _first(ko_nb, "markdown", "##")
    markdown.source = next(c.source for c in en_nb.cells if c.id == markdown.id)  # back to the English text
    removed = ko_nb.cells.pop(-1)
    ko_nb.cells[1], ko_nb.cells[2] = ko_nb.cells[2], ko_nb.cells[1]
    nbformat.write(ko_nb, korean)
    kinds = {(p.kind, p.cell) for p in tr.compare_notebooks(english, korean)}
    assert ("untranslated", markdown.id) in kinds
    assert ("missing cell", removed.id) in kinds
    assert any(kind == "order" for kind, _ in kinds)


@pytest.mark.parametrize(("english", "korean", "allowed"), [
    ('kn.charts.agenda_durations()', 'kn.charts.agenda_durations(lang="ko")', True),
    ('x = 1  # one', 'x = 1  # 하나', True),
    ('events.loc[ids, ["date", "summary"]]', 'events.loc[ids, ["date", "summary_ko"]]', True),
    ('display(Markdown(f"**{n}** meetings"))', 'display(Markdown(f"회의 **{n}**회"))', True),
    ('ax.set_title("The line")', 'ax.set_title("군사분계선")', True),
    ('ax.set_title("The line")', 'ax.set_title("The MDL")', False),
    ('events.loc[ids, ["summary"]]', 'events.loc[ids, ["note"]]', False),
    ('kn.load_dataset("events")', 'kn.load_dataset("사건")', False),
    ('display(Markdown(f"{a} and {b}"))', 'display(Markdown(f"{b}와 {a}"))', False),
    ('x = 1', 'x = 1\ny = 2', False),
    ('x = f(1)', 'x = f(1, lang="ko", extra=True)', False),
])
def test_allowed_code_changes(english, korean, allowed):
    assert (tr.code_difference(english, korean) is None) is allowed


def test_command_reports_stale_cells_and_exits_1(pair, capsys):
    english, korean = pair
    assert main(["translations", "--notebooks-dir", str(english.parent)]) == 0
    assert "in step" in capsys.readouterr().out

    def change(nb):
        cell = _first(nb, "markdown", "##")
        cell.source = cell.source.replace("##", "## Revised:", 1)
        return cell.id

    cell_id = _edit(english, change)
    assert main(["translations", "--notebooks-dir", str(english.parent)]) == 1
    out = capsys.readouterr().out
    assert f"cell {cell_id}: stale" in out and "--mark-current" in out
    assert main(["translations", "--notebooks-dir", str(english.parent), "--mark-current", str(korean),
                 cell_id]) == 0
    assert main(["translations", "--notebooks-dir", str(english.parent)]) == 0


def test_scaffold_refuses_to_overwrite_a_translation(pair):
    english, korean = pair
    with pytest.raises(tr.KoreaNotesError, match="translation would be lost"):
        tr.scaffold(english, korean)
