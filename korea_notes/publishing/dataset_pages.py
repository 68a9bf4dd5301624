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
from ..i18n import DEFAULT_LANG, check_lang

PathLike = str | os.PathLike[str] | None
_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")
LABELS: dict[str, dict[str, str]] = {
    "en": {"intro": "", "about": "About the file", "property": "Property", "value": "Value",
           "name": "Dataset name", "file": "File", "format": "Format", "rows": "Rows", "columns": "Columns",
           "key": "Primary key", "features": "Features", "licence": "Licence", "not_stated": "not stated",
           "column": "Column", "column_list": "Columns", "type": "Type", "constraints": "Constraints",
           "description": "Description",
           "required": "required", "unique": "unique", "one_of": "one of: ", "from": "from {lo} to {hi}",
           "refs": "References to other datasets:", "several": " (several, separated by {sep})",
           "props": "Feature properties", "derivation": "How it was derived", "precision": "How precise it is",
           "sources": "Sources", "cited": "Sources cited",
           "cites": "The `source` column of this table cites {n} sources (keys into [sources](./sources.md)):",
           "dataset": "Dataset", "holds": "What it holds",
           "index_intro": "Every dataset is described in `data/datapackage.json` (Frictionless Data); the pages "
                          "below are generated from it. In a notebook, `kn.load_dataset(name)` loads a table and "
                          "`kn.load_geojson(name)` a geometry."},
    "ko": {"intro": "이 페이지는 데이터 기술 파일 `data/datapackage.json`에서 만들었다. 데이터셋의 제목과 설명, 열 "
                    "설명은 기술 파일의 영어 원문 그대로이다.",
           "about": "파일 정보", "property": "항목", "value": "값",
           "name": "데이터셋 이름", "file": "파일", "format": "형식", "rows": "행 수", "columns": "열 수",
           "key": "기본 키", "features": "피처 수", "licence": "라이선스", "not_stated": "밝히지 않음",
           "column": "열", "column_list": "열", "type": "유형", "constraints": "제약 조건", "description": "설명",
           "required": "필수", "unique": "중복 없음", "one_of": "허용 값: ", "from": "{lo}부터 {hi}까지",
           "refs": "다른 데이터셋을 가리키는 열:", "several": " (여러 개이면 {sep}로 구분)",
           "props": "피처 속성", "derivation": "만든 방법", "precision": "정밀도",
           "sources": "출처", "cited": "인용한 출처",
           "cites": "이 표의 `source` 열은 출처 {n}개를 인용한다([sources](./sources.md)의 키):",
           "dataset": "데이터셋", "holds": "담고 있는 것",
           "index_intro": "모든 데이터셋은 `data/datapackage.json`(Frictionless Data)에 기술되어 있고, 아래 "
                          "페이지들은 그 파일에서 만들었다. 노트북에서는 `kn.load_dataset(name)`이 표를, "
                          "`kn.load_geojson(name)`이 지오메트리를 불러온다. 데이터셋 설명은 영어 원문 그대로이다."},
}
"""The wording of the dataset pages per language (the text from the descriptor stays as written)."""
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


def _licences(res: Resource, package: dict[str, Any], words: dict[str, str]) -> str:
    licences = res.raw.get("licenses") or package.get("licenses") or []
    if not licences:
        return words["not_stated"]
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


def dataset_page(name: str, *, data_dir: PathLike = None, lang: str = DEFAULT_LANG) -> str:
    """Return the Markdown page describing one dataset.

    Parameters
    ----------
    name
        A dataset name from ``datapackage.json``.
    data_dir
        A data folder; by default the collection's own.
    lang
        ``"en"`` or ``"ko"``: the page's own wording (headings, labels, a Korean intro line); the text from
        the descriptor (title, descriptions) is shown as written.

    Returns
    -------
    str
        MyST Markdown, starting with a level-1 heading.

    Raises
    ------
    KoreaNotesError
        If the dataset is unknown or does not load, or ``lang`` is not a language of the collection.

    """
    words = LABELS[check_lang(lang)]
    desc = descriptor(data_dir)
    res = desc.resource(name)
    out = [f"# {md_escape(res.title)}", ""]
    if words["intro"]:
        out += [words["intro"], ""]
    out += [md_escape(res.description), ""]
    facts = [[words["name"], md_code(res.name)], [words["file"], md_code(f"data/{res.path}")],
             [words["format"], md_escape(res.format)]]
    cited: list[str] = []
    if res.is_table:
        frame = load_dataset(name, data_dir=data_dir)
        facts.append([words["rows"], f"{len(frame)}"])
        facts.append([words["columns"], f"{len(res.fields)}"])
        if res.primary_key:
            facts.append([words["key"], md_code(res.primary_key)])
        if name != "sources":
            cited = _cited_sources(frame, load_dataset("sources", data_dir=data_dir))
    else:
        collection = load_geojson(name, data_dir=data_dir)
        features = collection.get("features", [])
        kinds = sorted({(f.get("geometry") or {}).get("type", "?") for f in features})
        facts.append([words["features"], f"{len(features)} ({md_escape(', '.join(kinds))})"])
    facts.append([words["licence"], _licences(res, desc.raw, words)])
    out += [f"## {words['about']}", "", _table([words["property"], words["value"]], facts), ""]
    if res.is_table:
        rows = []
        for field in res.fields:
            notes = []
            if field.required:
                notes.append(words["required"])
            if field.unique:
                notes.append(words["unique"])
            if field.enum:
                notes.append(words["one_of"] + ", ".join(md_code(v) for v in field.enum))
            if field.minimum is not None or field.maximum is not None:
                notes.append(words["from"].format(lo=md_escape(field.minimum), hi=md_escape(field.maximum)))
            rows.append([md_code(field.name), field.type, "; ".join(notes), md_escape(field.description)])
        header = [words["column"], words["type"], words["constraints"], words["description"]]
        out += [f"## {words['column_list']}", "", _table(header, rows), ""]
        keys = list(res.foreign_keys)
        if keys:
            out += [words["refs"], ""]
            out += [f"- {md_code(fk.field)} → [{md_escape(fk.resource)}](./{fk.resource}.md) "
                    f"{md_code(fk.reference_field)}"
                    + (words["several"].format(sep=md_code(fk.separator)) if fk.separator else "")
                    for fk in keys]
            out.append("")
    else:
        props = res.raw.get("korea_notes:featureProperties", [])
        if props:
            out += [f"## {words['props']}", "", ", ".join(md_code(p) for p in props), ""]
        for key, heading in (("korea_notes:derivation", words["derivation"]),
                             ("korea_notes:precision", words["precision"])):
            if res.raw.get(key):
                out += [f"## {heading}", "", md_escape(res.raw[key]), ""]
        listed = [f"- {md_link(s.get('title'), s.get('path'))}" for s in res.raw.get("sources", [])]
        if listed:
            out += [f"## {words['sources']}", "", *listed, ""]
    if cited:
        out += [f"## {words['cited']}", "", words["cites"].format(n=len(cited)), "", *cited, ""]
    return "\n".join(out).rstrip() + "\n"


def data_index_page(*, data_dir: PathLike = None, lang: str = DEFAULT_LANG) -> str:
    """Return the Markdown page listing every dataset, with links to their pages.

    Parameters
    ----------
    data_dir
        A data folder; by default the collection's own.
    lang
        ``"en"`` or ``"ko"`` (the page's own wording; the descriptor's text as written).

    Returns
    -------
    str
        MyST Markdown.

    """
    words = LABELS[check_lang(lang)]
    desc = descriptor(data_dir)
    rows = [[f"[{md_escape(r.title)}](./{r.name}.md)", md_code(r.name), md_escape(r.format),
             md_escape(r.description)] for r in desc.resources]
    heading = md_escape(desc.raw.get("title") or "The data") if lang == DEFAULT_LANG else "데이터"
    return "\n".join([
        f"# {heading}", "",
        md_escape(desc.raw.get("description")), "",
        words["index_intro"], "",
        _table([words["dataset"], words["name"], words["format"], words["holds"]], rows), "",
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


__all__ = ["LABELS", "data_index_page", "dataset_names", "dataset_page", "md_code", "md_escape", "md_link", "page_name"]
