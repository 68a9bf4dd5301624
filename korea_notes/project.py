"""Where the collection lives online: the one place for the repository the README, CLI and docs link to.

Links are built from these constants by :mod:`korea_notes.teaching.hub_links` (``binder_link``, ``hub_link``).
"""

from __future__ import annotations

#: The public repository (change here if the collection moves; README links are checked against it).
REPO_URL = "https://github.com/korea-armistice-notes/korea-armistice-notes"
#: The branch that Binder builds and nbgitpuller pulls for the full (instructor) edition.
BRANCH = "main"
#: The branch that holds the student release (``korea-notes release-student OUT --branch``): no solutions.
STUDENT_BRANCH = "student"
