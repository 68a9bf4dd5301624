"""Turn text from the data into HTML that shows as text, wherever folium puts it."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

import pandas as pd

# folium pastes popup and tooltip HTML into JavaScript template literals (`...`), where a backtick,
# "${" or a backslash would still act as code: turn those into character references too.
_TEMPLATE_LITERAL = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;"})


def escape_text(value: Any) -> str:
    r"""Escape one value for HTML (and for folium's JavaScript template literals).

    Parameters
    ----------
    value
        Any value; missing values (None, NaN, ``pd.NA``) become an empty string.

    Returns
    -------
    str
        Text with ``& < > " ' ` $ \`` replaced by character references.

    Examples
    --------
    >>> escape_text("<img src=x onerror=alert(1)>")
    '&lt;img src=x onerror=alert(1)&gt;'
    >>> escape_text("`${x}`")
    '&#96;&#36;{x}&#96;'

    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True).translate(_TEMPLATE_LITERAL)


def definition_list(rows: Iterable[tuple[str, Any]]) -> str:
    """Render label/value pairs (both escaped) as compact HTML lines, skipping empty values.

    Parameters
    ----------
    rows
        ``(label, value)`` pairs.

    Returns
    -------
    str
        HTML.

    """
    parts = []
    for label, value in rows:
        text = escape_text(value)
        if text:
            parts.append(f"<div><b>{escape_text(label)}:</b> {text}</div>")
    return "".join(parts)
