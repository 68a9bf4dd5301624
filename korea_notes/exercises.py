"""``korea_notes.exercises`` is :mod:`korea_notes.teaching.exercises` (one module, two names).

Students write ``kn.exercises.check("05.2", answer)``; the code lives in the teaching layer. The submodules
are aliased too, so ``korea_notes.exercises.checking`` is the very module the checker uses.
"""

import importlib
import sys

_TARGET = "korea_notes.teaching.exercises"
sys.modules[__name__] = importlib.import_module(_TARGET)
for _sub in ("authoring", "checking", "normalize"):
    sys.modules[f"{__name__}.{_sub}"] = importlib.import_module(f"{_TARGET}.{_sub}")
