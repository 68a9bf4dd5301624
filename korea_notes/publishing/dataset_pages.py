r"""One website page per dataset, generated from ``data/datapackage.json`` (no per-dataset code).

Each page gives the dataset's title and description, its file and format, the number of rows (or
features), its licence, its columns (name, type, required, allowed values, description) or feature
properties, how the geometry was derived and how precise it is, and the sources it cites. All text that
comes from the data is escaped for Markdown (every ASCII punctuation mark is backslash-escaped, so no
data can inject markup, links or HTML); links are made only from addresses that look like plain
``http(s)://`` URLs.

>>> print(md_escape("a *b* <i>"))
a \*b\* \<i\>
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from typing import Any

import pandas as pd

from ..datasets import descriptor, load_dataset, load_geojson
from ..descriptor import Resource

PathLike = str | os.PathLike[str] | None
_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")
_URL = re.compile(r"^https?://[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]+$")


def md_escape(value: Any) -> str:
    """Escape text from the data for Markdown (MyST): punctuation backslash-escaped, newlines as spaces.

    Parameters
    ----------
    value
        Any value; None and missing values become the empty string.

    Returns
    -------
    str
        Text that renders literally.

    """
    if value is None or (not isinstance(value, list | tuple | dict) and pd.isna(value)):
        return ""
    text = " ".join(str(value).split())
    return _PUNCT.sub(r"\\\1", text)


def md_code(value: Any) -> str:
    """Return ``value`` as a Markdown code span (escaped text instead if it holds a backtick or is empty).

    Parameters
    ----------
    value
        A name or value from the data.

    Returns
    -------
    str
        The code span.

    """
    text = " ".join(str(value).split())
    if not text or "`" in text:
        return md_escape(text)
    return f"`{text}`"


def md_link(text: Any, url: Any) -> str:
    """Return a Markdown link to ``url`` with escaped ``text``, or the escaped text alone if ``url`` is not plain.

    Parameters
    ----------
    text
        The link text.
    url
        An ``http(s)://`` address.

    Returns
    -------
    str
        ``[text](<url>)`` or the escaped text.

    """
    label = md_escape(text) or md_escape(url)
    if isinstance(url, str) and _URL.match(url.strip()) and not any(c in url for c in "<>\\ "):
        return f"[{label}](<{url.strip()}>)"
    return label


def _table(header: list[str], rows: Iterable[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def page_name(dataset: str) -> str:
    """Return the site document name of a dataset's page (``data/<name>``).

    Parameters
    ----------
    dataset
        A dataset name.

    Returns
    -------
    str
        The document name, without suffix.

    """
    return f"data/{dataset}"


def _licences(res: Resource, package: dict[str, Any]) -> str:
    licences = res.raw.get("licenses") or package.get("licenses") or []
    if not licences:
        return "not stated"
    return "; ".join(
        md_link(f"{lic.get('title') or lic.get('name')} ({lic.get('name')})", lic.get("path")) for lic in licences
    )


def _cited_sources(frame: pd.DataFrame, sources: pd.DataFrame) -> list[str]:
    if "source" not in frame.columns:
        return []
    keys: list[str] = []
    for value in frame["source"].dropna():
        for key in str(value).split(";"):
            key = key.strip()
            if key and key not in keys:
                keys.append(key)
    indexed = sources.set_index("key")
    items = []
    for key in sorted(keys):
        if key in indexed.index:
            row = indexed.loc[key]
            year = "" if pd.isna(row.get("year")) else f" ({md_escape(row.get('year'))})"
            by = md_escape(row.get("author"))
            items.append(f"- {md_code(key)}: {by + ', ' if by else ''}{md_link(row.get('title'), row.get('url'))}"
                         f"{year}")
        else:
            items.append(f"- {md_code(key)}")
    return items


def dataset_page(name: str, *, data_dir: PathLike = None) -> str:
    """Return the Markdown page describing one dataset.

    Parameters
    ----------
    name
        A dataset name from ``datapackage.json``.
    data_dir
        A data folder; by default the collection's own.

    Returns
    -------
    str
        MyST Markdown, starting with a level-1 heading.

    Raises
    ------
    KoreaNotesError
        If the dataset is unknown or does not load.

    """
    desc = descriptor(data_dir)
    res = desc.resource(name)
    out = [f"# {md_escape(res.title)}", "", md_escape(res.description), ""]
    facts = [["Dataset name", md_code(res.name)], ["File", md_code(f"data/{res.path}")],
             ["Format", md_escape(res.format)]]
    cited: list[str] = []
    if res.is_table:
        frame = load_dataset(name, data_dir=data_dir)
        facts.append(["Rows", f"{len(frame)}"])
        facts.append(["Columns", f"{len(res.fields)}"])
        if res.primary_key:
            facts.append(["Primary key", md_code(res.primary_key)])
        if name != "sources":
            cited = _cited_sources(frame, load_dataset("sources", data_dir=data_dir))
    else:
        collection = load_geojson(name, data_dir=data_dir)
        features = collection.get("features", [])
        kinds = sorted({(f.get("geometry") or {}).get("type", "?") for f in features})
        facts.append(["Features", f"{len(features)} ({md_escape(', '.join(kinds))})"])
    facts.append(["Licence", _licences(res, desc.raw)])
    out += ["## About the file", "", _table(["Property", "Value"], facts), ""]
    if res.is_table:
        rows = []
        for field in res.fields:
            notes = []
            if field.required:
                notes.append("required")
            if field.unique:
                notes.append("unique")
            if field.enum:
                notes.append("one of: " + ", ".join(md_code(v) for v in field.enum))
            if field.minimum is not None or field.maximum is not None:
                notes.append(f"from {md_escape(field.minimum)} to {md_escape(field.maximum)}")
            rows.append([md_code(field.name), field.type, "; ".join(notes), md_escape(field.description)])
        out += ["## Columns", "", _table(["Column", "Type", "Constraints", "Description"], rows), ""]
        keys = list(res.foreign_keys)
        if keys:
            out += ["References to other datasets:", ""]
            out += [f"- {md_code(fk.field)} → [{md_escape(fk.resource)}](./{fk.resource}.md) "
                    f"{md_code(fk.reference_field)}"
                    + (f" (several, separated by {md_code(fk.separator)})" if fk.separator else "")
                    for fk in keys]
            out.append("")
    else:
        props = res.raw.get("korea_notes:featureProperties", [])
        if props:
            out += ["## Feature properties", "", ", ".join(md_code(p) for p in props), ""]
        for key, heading in (("korea_notes:derivation", "How it was derived"),
                             ("korea_notes:precision", "How precise it is")):
            if res.raw.get(key):
                out += [f"## {heading}", "", md_escape(res.raw[key]), ""]
        listed = [f"- {md_link(s.get('title'), s.get('path'))}" for s in res.raw.get("sources", [])]
        if listed:
            out += ["## Sources", "", *listed, ""]
    if cited:
        out += ["## Sources cited", "", f"The `source` column of this table cites {len(cited)} sources "
                "(keys into [sources](./sources.md)):", "", *cited, ""]
    return "\n".join(out).rstrip() + "\n"


def data_index_page(*, data_dir: PathLike = None) -> str:
    """Return the Markdown page listing every dataset, with links to their pages.

    Parameters
    ----------
    data_dir
        A data folder; by default the collection's own.

    Returns
    -------
    str
        MyST Markdown.

    """
    desc = descriptor(data_dir)
    rows = [[f"[{md_escape(r.title)}](./{r.name}.md)", md_code(r.name), md_escape(r.format),
             md_escape(r.description)] for r in desc.resources]
    return "\n".join([
        f"# {md_escape(desc.raw.get('title') or 'The data')}", "",
        md_escape(desc.raw.get("description")), "",
        "Every dataset is described in `data/datapackage.json` (Frictionless Data); the pages below are "
        "generated from it. In a notebook, `kn.load_dataset(name)` loads a table and `kn.load_geojson(name)` "
        "a geometry.", "",
        _table(["Dataset", "Name", "Format", "What it holds"], rows), "",
    ])


def dataset_names(*, data_dir: PathLike = None) -> list[str]:
    """Return every dataset's name, in descriptor order.

    Parameters
    ----------
    data_dir
        A data folder; by default the collection's own.

    Returns
    -------
    list of str
        The names.

    """
    return descriptor(data_dir).names()


__all__ = ["data_index_page", "dataset_names", "dataset_page", "md_code", "md_escape", "md_link", "page_name"]
