"""The teaching layer: everything an instructor uses to run a course with the notebooks.

* :mod:`~korea_notes.teaching.exercises` — questions and the self-checks students call (``kn.exercises``);
* :mod:`~korea_notes.teaching.student` — the student edition (solutions replaced by stubs);
* :mod:`~korea_notes.teaching.answer_key` — the executed instructor edition;
* :mod:`~korea_notes.teaching.course` — the course plan from each notebook's metadata;
* :mod:`~korea_notes.teaching.hub_links` — Binder and JupyterHub (nbgitpuller) links.

It sits on the data and presentation layers and knows nothing of publishing (the website and handouts).
"""
