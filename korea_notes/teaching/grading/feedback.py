"""The feedback preprocessor: a test cell's output says whether it passed, never how it was tested.

nbgrader's ``ClearHiddenTests`` removes the hidden test from a test cell's source, but an error's traceback
still quotes the code that raised it. :class:`HideTestDetails` (listed in ``GenerateFeedback.preprocessors``
by ``nbgrader_config.py``) keeps only the error's one-line message, drops printed text, and keeps a partial
score, in every autograded test cell.
"""

from __future__ import annotations

from typing import Any

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool


class HideTestDetails(Preprocessor):
    """Reduce each test cell's outputs to a one-line result (nbconvert preprocessor)."""

    enabled = Bool(True, help="nbgrader registers its preprocessors without enabling them").tag(config=True)

    def preprocess_cell(self, cell: Any, resources: dict, index: int) -> tuple[Any, dict]:
        """Replace a test cell's tracebacks by ``Name: message`` and drop its printed output.

        Parameters
        ----------
        cell
            A notebook cell.
        resources
            nbconvert's resources (unchanged).
        index
            The cell's index.

        Returns
        -------
        tuple
            The cell and the resources.

        """
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type != "code" or not meta.get("grade") or meta.get("solution"):
            return cell, resources
        kept = []
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                output.traceback = [f"{output.ename}: {output.evalue}"]
                kept.append(output)
            elif output.output_type == "execute_result":
                kept.append(output)
        cell.outputs = kept
        return cell, resources
