"""Source links are fit for a public website: no bare IP addresses, the publisher's own copy, mirrors marked."""

from __future__ import annotations

import csv
import ipaddress
import re
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest

import korea_notes as kn
from korea_notes.sources import MIRROR_NOTE, is_mirror

# Publishers with their own archive: a link to any other host is a copy and must be marked as a mirror.
# (publisher, as the `publisher` column starts) -> the publisher's own domains (subdomains included).
OWN_DOMAINS: dict[str, tuple[str, ...]] = {
    r"Time(?=$|\s|\()": ("time.com",),
    r".*\bWikipedia\b": ("wikipedia.org",),
    r"Yonhap\b": ("yna.co.kr", "yonhapnews.co.kr"),
    r"Reuters\b": ("reuters.com",),
    r"The New York Times\b": ("nytimes.com",),
    r"The Washington Post\b": ("washingtonpost.com",),
    r"CNN\b": ("cnn.com",),
    r"UPI\b": ("upi.com",),
    r"(?:AP|Associated Press)\b": ("apnews.com",),
    r"China Daily\b|chinadaily\.com\.cn": ("chinadaily.com.cn",),
    r"Xinhua\b": ("xinhuanet.com", "news.cn"),
    r"People's Daily\b": ("people.cn", "people.com.cn"),
    r"KCNA(?! Watch)\b": ("kcna.kp", "kcna.co.jp"),
    r"Wilson Center\b": ("wilsoncenter.org",),
    r"U\.?S\.? Department of State\b": ("state.gov",),
    r"Encyclopaedia Britannica\b": ("britannica.com",),
}
TIME_ARCHIVE = re.compile(r"^https?://(?:content\.time\.com/time/(?:subscriber|magazine)/article/0,(?:33009|9171),\d+,00\.html"
                          r"|time\.com/archive/\d+/[\w-]+/?)$")


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _on(host: str, domains: tuple[str, ...]) -> bool:
    return any(host == d or host.endswith(f".{d}") for d in domains)


def link_problems(sources: pd.DataFrame) -> list[str]:
    """Every problem with the sources' links, one line each (empty when all is well)."""
    problems = []
    for row in sources.itertuples(index=False):
        url, note, publisher = row.url, row.note, row.publisher
        if pd.isna(url):
            continue
        host = _host(str(url))
        try:
            ipaddress.ip_address(host)
        except ValueError:
            pass
        else:
            problems.append(f"{row.key}: {url} is a bare IP address; link the publisher's own copy")
            continue
        if is_mirror(note) and not str(note)[len(MIRROR_NOTE):].strip():
            problems.append(f"{row.key}: the note says {MIRROR_NOTE!r} but not whose copy it is")
        if pd.isna(publisher):
            continue
        for pattern, domains in OWN_DOMAINS.items():
            if re.match(pattern, str(publisher), re.IGNORECASE):
                if not _on(host, domains) and not is_mirror(note):
                    problems.append(f"{row.key}: {host} is not {publisher}'s own site ({', '.join(domains)}); "
                                    f"link the publisher's copy or begin the note with {MIRROR_NOTE!r}")
                if _on(host, domains) and is_mirror(note):
                    problems.append(f"{row.key}: the link is {publisher}'s own copy, yet the note calls it a mirror")
                break
    return problems


@pytest.fixture(scope="module")
def sources() -> pd.DataFrame:
    return kn.load_dataset("sources")


def test_every_link_is_the_publishers_own_or_a_marked_mirror(sources: pd.DataFrame) -> None:
    assert link_problems(sources) == []


def test_time_links_go_to_times_archive(sources: pd.DataFrame) -> None:
    """Time's archive (content.time.com, time.com/archive) is linked, not the text copies of its articles."""
    time = sources[sources["publisher"].fillna("").str.fullmatch("Time") & ~sources["note"].map(is_mirror)]
    assert len(time) > 0
    assert [u for u in time["url"] if not TIME_ARCHIVE.match(u)] == []
    copies = sources[sources["url"].fillna("").str.contains("/txt/time/") & ~sources["note"].map(is_mirror)]
    assert copies["key"].tolist() == []


def _row(key: str, publisher: str, url: str, note: str | None = None) -> dict[str, object]:
    return {"key": key, "author": None, "title": "A title", "publisher": publisher, "year": 1953, "url": url,
            "note": note}


@pytest.mark.parametrize("url", ["http://20.210.105.67/txt/time/Time1952/1952-05-19/816430.html",
                                 "https://[2001:db8::1]/article.html"])
def test_a_bare_ip_address_is_refused(url: str) -> None:
    frame = pd.DataFrame([_row("x", "Some publisher", url, f"{MIRROR_NOTE} a copy.")])
    assert [p for p in link_problems(frame) if "bare IP" in p] != []


@pytest.mark.parametrize(("publisher", "url"), [
    ("Time", "http://softbeam.net/txt/time/Time1951/1951-12-10/815686.html"),
    ("Wikipedia", "https://wikimili.com/en/Korean_Armistice_Agreement"),
    ("Yonhap News Agency", "https://www.archyworldys.com/some-report/"),
])
def test_an_unmarked_mirror_is_refused_and_a_marked_one_allowed(publisher: str, url: str) -> None:
    assert link_problems(pd.DataFrame([_row("x", publisher, url, "Read on 1 May.")])) != []
    assert link_problems(pd.DataFrame([_row("x", publisher, url, f"{MIRROR_NOTE} a text copy. Read on 1 May.")])) == []


def test_the_publishers_own_copy_is_accepted_and_not_called_a_mirror() -> None:
    own = [_row("a", "Time", "https://content.time.com/time/subscriber/article/0,33009,815686,00.html"),
           _row("b", "Wikipedia", "https://en.wikipedia.org/wiki/Panmunjom", "Read in mirror copies."),
           _row("c", "Wikipedia (Korean)", "https://ko.wikipedia.org/wiki/%ED%8C%90%EB%AC%B8%EC%A0%90")]
    assert link_problems(pd.DataFrame(own)) == []
    called = [_row("d", "Time", "https://content.time.com/time/subscriber/article/0,33009,1,00.html",
                   f"{MIRROR_NOTE} not really.")]
    assert link_problems(pd.DataFrame(called)) != []


def test_a_mirror_note_says_whose_copy(sources: pd.DataFrame) -> None:
    assert link_problems(pd.DataFrame([_row("x", "Blog", "https://example.org/a", MIRROR_NOTE)])) != []
    assert sources["note"].map(is_mirror).sum() > 0


def test_the_descriptor_documents_the_mirror_phrase() -> None:
    columns = kn.describe_dataset("sources")["columns"]
    assert MIRROR_NOTE in columns["note"]


def test_cite_flags_a_mirror_link(sources: pd.DataFrame) -> None:
    mirror = sources.loc[sources["note"].map(is_mirror) & sources["url"].notna(), "key"].iloc[0]
    own = sources.loc[~sources["note"].map(is_mirror) & sources["url"].notna(), "key"].iloc[0]
    assert kn.cite(mirror).endswith("(mirror copy)")
    assert not kn.cite(own).endswith("(mirror copy)")


@pytest.mark.parametrize("url", ["http://20.210.105.67/txt/time/Time1952/1952-05-19/816430.html",
                                 "https://[2001:db8::1]/a.html", "http://10.0.0.1:8080/copy"])
def test_validate_refuses_a_bare_ip_link(data_copy: Path, url: str) -> None:
    """The descriptor's pattern for `url` wants a host name, so `korea-notes validate` names the cell."""
    path = data_copy / "sources.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[3][rows[0].index("url")] = url
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    with pytest.raises(kn.KoreaNotesError) as info:
        kn.validate(data_copy)
    assert [(p.file, p.line, p.column) for p in info.value.problems] == [("sources.csv", 4, "url")]
    assert "bare IP" in str(info.value)


def test_validate_accepts_host_names_with_ports_and_queries(data_copy: Path) -> None:
    path = data_copy / "sources.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[3][rows[0].index("url")] = "https://unmck.or.kr:450/bbs/board.php?bo_table=news_eng&wr_id=1876"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    assert kn.validate(data_copy)["sources"] == len(rows) - 1
