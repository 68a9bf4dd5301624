"""The teaching layer: everything an instructor uses to run a course with the notebooks.

* :mod:`~korea_notes.teaching.exercises` — questions and the self-checks students call (``kn.exercises``);
* :mod:`~korea_notes.teaching.student` — the student edition (solutions replaced by stubs, nbgrader cells);
* :mod:`~korea_notes.teaching.release` — the student release: a tree (or a ``student`` branch) with no solutions;
* :mod:`~korea_notes.teaching.grading` — an nbgrader course, hidden tests, autograding, hand-given scores;
* :mod:`~korea_notes.teaching.recording` — runs with the recording checker (accepted answers, never stored);
* :mod:`~korea_notes.teaching.answer_key` — the executed instructor edition;
* :mod:`~korea_notes.teaching.course` — the course plan from each notebook's metadata;
* :mod:`~korea_notes.teaching.hub_links` — Binder and JupyterHub (nbgitpuller) links.

It sits on the data and presentation layers and knows nothing of publishing (the website and handouts).
Notebooks are executed through :mod:`korea_notes.runner`, the one runner every layer uses.
"""
