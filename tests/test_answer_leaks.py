"""No answer leaks: the search for answers shown above their exercise, and the spread of lettered answers.

The per-notebook search runs in tests/test_notebooks.py, on the same two runs (instructor edition with the
recording checker, student edition) that check the solutions and the blank stubs, so each notebook runs
once per edition. This file tests the search itself and the multiple-choice letters.
"""

from __future__ import annotations

from collections import Counter

import nbformat
from leak_support import find_leaks

from korea_notes.exercises import check, list_questions

LETTERS = "abcde"


def _right_letters() -> dict[str, str]:
    """Each lettered question's right letter, found by asking the checker about every letter a-e."""
    right: dict[str, str] = {}
    for qid, spec in list_questions().items():
        if spec["kind"] != "choice":
            continue
        letters = [letter for letter in LETTERS if check(qid, letter).correct]
        assert len(letters) <= 1, f"{qid} accepts several letters: {letters}"
        if letters:
            right[qid] = letters[0]
    return right


def test_lettered_answers_are_spread() -> None:
    lettered = _right_letters()
    assert len(lettered) >= 5, lettered
    counts = Counter(lettered.values())
    top, top_count = counts.most_common(1)[0]
    assert top_count <= 0.4 * len(lettered), f"letter {top!r} is right in {top_count} of {len(lettered)}: {counts}"


def test_leak_finder_finds_the_usual_forms() -> None:
    """The search itself: each usual written form is found, a different figure is not."""
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("Signed on **July 27, 1953** at Panmunjom; 2,750 came home, 25 minutes "
                                      "after 25 June 1950 and 25 days later."),
        nbformat.v4.new_markdown_cell("### Exercise 0.1\nWhen? And how many days?"),
        nbformat.v4.new_code_cell('answer = ...\nkn.exercises.check("00.1", answer)'),
        nbformat.v4.new_code_cell('answer = ...\nkn.exercises.check("00.2", answer)'),
        nbformat.v4.new_code_cell('answer = ...\nkn.exercises.check("00.3", answer)'),
        nbformat.v4.new_code_cell('answer = ...\nkn.exercises.check("00.4", answer)'),
        nbformat.v4.new_code_cell('answer = ...\nkn.exercises.check("00.5", answer)'),
        nbformat.v4.new_code_cell('answer = ...\nkn.exercises.check("00.6", answer)'),
    ])
    specs = {"00.1": {"kind": "date"}, "00.2": {"kind": "number"}, "00.3": {"kind": "text"},
             "00.4": {"kind": "number"}, "00.5": {"kind": "number"}, "00.6": {"kind": "number"}}
    answers = {"00.1": "1953-07-27", "00.2": 2750, "00.3": "panmunjom", "00.4": 275, "00.5": 25, "00.6": 1950}
    leaks = find_leaks(nb, answers, specs)
    assert [leak.split()[0] for leak in leaks] == ["00.1", "00.2", "00.3", "00.5"]
    assert "25 days later" in leaks[-1]
    specs["00.1"]["reading"] = True
    assert [leak.split()[0] for leak in find_leaks(nb, {"00.1": "1953-07-27"}, specs)] == []
