"""The publishing layer: the website and the printed handouts, built from the student edition.

* :mod:`~korea_notes.publishing.executed` — the student edition executed once by the package's runner and
  cached (shared by the website and the handouts);
* :mod:`~korea_notes.publishing.site` — the Jupyter Book website (``korea-notes site OUT``);
* :mod:`~korea_notes.publishing.dataset_pages` — one page per dataset, from ``data/datapackage.json``;
* :mod:`~korea_notes.publishing.handouts` — one A4 PDF per notebook and an answer sheet for instructors
  (``korea-notes handouts OUT``).

This layer sits on top of teaching: it imports from it and from the layers below, and nothing below imports
from it. Jupyter Book is an optional extra (``pip install -e '.[site]'``), needed only by the website.
"""
