"""Grading with nbgrader: the course layout, hidden tests, a checker students cannot patch, submissions.

* :mod:`.annotate` gives a notebook nbgrader's cell metadata and hidden tests (the student edition uses it too);
* :mod:`.hidden` is the checker hidden tests load afresh from the installed files (standard library only);
* :mod:`.course` lays out an nbgrader course (``korea-notes nbgrader COURSE_DIR``);
* :mod:`.submissions` checks and autogrades submissions and collects an LMS download
  (``korea-notes grade``, ``korea-notes collect-zip``);
* :mod:`.feedback` is the nbgrader preprocessor that keeps test details out of feedback.

nbgrader itself is an optional extra (``pip install -e ".[grading]"``); only the commands that run it need it.
"""
