"""``python -m korea_notes``: the same as the ``korea-notes`` command."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
