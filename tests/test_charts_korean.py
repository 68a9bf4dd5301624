"""The charts in Korean (lang="ko"): Hangul labels and alt text from the data's Korean columns, every glyph drawn.

Expectations come from the loaded tables (``title_ko`` and friends, with the English where a Korean cell is
still empty), never written in. Rendering needs a Korean font: the tests fail, not skip, without one.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Callable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import korea_notes as kn  # noqa: E402
from korea_notes import KoreaNotesError  # noqa: E402
from korea_notes.charts import fonts, styles  # noqa: E402
from korea_notes.charts.fonts import FONT_FALLBACK, use_font_fallback  # noqa: E402
from korea_notes.i18n import LANGUAGES  # noqa: E402

charts = kn.charts
HANGUL = re.compile("[\uac00-\ud7a3]")
KOREAN_DATE = re.compile(r"\d{4}년( \d{1,2}월( \d{1,2}일)?)?")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _korean(row: pd.Series, column: str) -> str:
    """The Korean cell, or the English one where it is empty (what the charts must show)."""
    text = row.get(f"{column}_ko")
    if text is None or pd.isna(text) or not str(text).strip():
        text = row.get(column)
    return str(text).strip()


def _has_hangul(text: str) -> bool:
    return bool(HANGUL.search(text or ""))


# Every chart function, in each labelling mode that writes different text.
CHARTS: dict[str, Callable[..., object]] = {
    "negotiation_timeline": lambda **kw: charts.negotiation_timeline(**kw),
    "agenda_durations": lambda **kw: charts.agenda_durations(**kw),
    "event_timeline_all": lambda **kw: charts.event_timeline(**kw),  # unlabelled, hollow-marker legend
    "event_timeline_titles": lambda **kw: charts.event_timeline(phase="kaesong_talks", **kw),
    "event_timeline_numbers": lambda **kw: charts.event_timeline(phase="panmunjom_talks", **kw),
    "events_per_phase": lambda **kw: charts.events_per_phase(**kw),
    "talks_calendar": lambda **kw: charts.talks_calendar(**kw),
    "reunion_timeline": lambda **kw: charts.reunion_timeline(**kw),
}

# Every public function that takes `lang`, called with arguments that work.
LANG_FUNCTIONS: dict[str, Callable[..., object]] = {
    **CHARTS,
    "agenda_duration_table": lambda **kw: charts.agenda_duration_table(**kw),
    "events_per_phase_table": lambda **kw: charts.events_per_phase_table(**kw),
    "talks_status_table": lambda **kw: charts.talks_status_table(**kw),
    "reunion_rounds": lambda **kw: charts.reunion_rounds(**kw),
    "reunions_per_year": lambda **kw: charts.reunions_per_year(**kw),
    "reunions_per_year_by_format": lambda **kw: charts.reunions_per_year_by_format(**kw),
    "caption": lambda **kw: charts.caption(charts.agenda_durations(), show=False, **kw),
}


def _texts(ax) -> dict[str, list[str]]:
    legend = ax.get_legend()
    return {
        "title": [ax.get_title()],
        "axis labels": [t for t in (ax.get_xlabel(), ax.get_ylabel()) if t],
        "legend": ([legend.get_title().get_text()] if legend and legend.get_title().get_text() else [])
        + ([t.get_text() for t in legend.get_texts()] if legend else []),
        "texts": [t.get_text() for t in ax.texts],
        "ticks": [t.get_text() for t in [*ax.get_xticklabels(), *ax.get_yticklabels()] if t.get_text()],
    }


def _require_korean_font() -> None:
    assert fonts.korean_font() is not None, (
        "no Korean font for matplotlib: install fonts-noto-cjk (apt-get install fonts-noto-cjk), then "
        "delete matplotlib's font cache (~/.cache/matplotlib/fontlist-*.json); " + fonts.INSTALL_HINT
    )


# --- the lang argument ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(LANG_FUNCTIONS))
@pytest.mark.parametrize("bad", ["xx", "KO", None])
def test_unknown_lang_is_refused_naming_the_languages(name: str, bad: object):
    if name == "caption" and bad is None:
        bad = "en-GB"  # None is the caption's default: the chart's own language
    with pytest.raises(KoreaNotesError) as error:
        LANG_FUNCTIONS[name](lang=bad)
    message = str(error.value)
    assert "`lang`" in message
    for code in LANGUAGES:
        assert repr(code) in message


@pytest.mark.parametrize("name", list(LANG_FUNCTIONS))
def test_every_function_takes_both_languages(name: str):
    for lang in LANGUAGES:
        assert LANG_FUNCTIONS[name](lang=lang) is not None


# --- Korean text ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(CHARTS))
def test_korean_chart_has_hangul_title_labels_legend_and_description(name: str):
    ax = CHARTS[name](lang="ko")
    texts = _texts(ax)
    assert _has_hangul(ax.get_title()), ax.get_title()
    assert texts["axis labels"] and all(_has_hangul(t) for t in texts["axis labels"]), texts["axis labels"]
    if ax.get_legend() is not None:
        legend = texts["legend"]
        assert legend and any(_has_hangul(t) for t in legend), legend
        # legend entries written by the package (not data fallbacks) are all Korean
        assert all(_has_hangul(t) or not t.strip() or re.fullmatch(r"\d+\s.*", t, re.S) for t in legend), legend
    text = charts.describe(ax)
    assert _has_hangul(text)
    assert KOREAN_DATE.search(text), text
    assert not re.search(r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b", text), text


def _english_data_texts() -> list[str]:
    """English texts of the data the Korean charts may show while a Korean cell is still empty."""
    found = []
    for table, column in (("agenda_items", "title_short"), ("events", "title"), ("phases", "title")):
        frame = kn.load_dataset(table)
        for _, row in frame.iterrows():
            if _korean(row, column) == str(row[column]).strip():
                found.append(str(row[column]).strip())
    return sorted(found, key=len, reverse=True)


@pytest.mark.parametrize("name", list(CHARTS))
def test_korean_description_has_no_english_wording_of_its_own(name: str):
    text = charts.describe(CHARTS[name](lang="ko"))
    for fallback in _english_data_texts():
        text = text.replace(fallback, "")
    words = re.findall(r"\b(?:the|and|from|to|of|days?|events?|items?|rounds?|years?|periods?|chart|bars?)\b", text)
    assert not words, f"English words left in the Korean description: {words}\n{text}"


def test_korean_date_axis_ticks_and_calendar_months():
    for name in ("negotiation_timeline", "event_timeline_numbers", "reunion_timeline"):
        ax = CHARTS[name](lang="ko")
        ax.figure.canvas.draw()
        ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
        assert ticks and all(re.fullmatch(r"\d{4}년|\d{1,2}월|\d{1,2}일", t) for t in ticks), (name, ticks)
    ax = charts.talks_calendar(lang="ko")
    assert [t.get_text() for t in ax.get_xticklabels()] == [f"{m}월" for m in range(1, 13)]
    periods = kn.load_dataset("negotiation_periods")
    years = range(periods["start"].min().year, periods["end"].max().year + 1)
    assert [t.get_text() for t in ax.get_yticklabels()] == [f"{y}년" for y in years]


def test_korean_categories_statuses_venues_and_formats_are_labelled():
    for lang in LANGUAGES:
        assert set(styles.CATEGORY_LABELS[lang]) == set(charts.event_categories())
        assert set(styles.FORMAT_LABELS[lang]) == set(kn.charts.reunions.FORMATS)
    assert all(_has_hangul(v) for v in styles.CATEGORY_LABELS["ko"].values())
    periods = kn.load_dataset("negotiation_periods")
    for status in set(periods["status"].astype(str)):
        assert _has_hangul(styles.status_label(status, "ko"))
    for venue in set(periods["venue"].astype(str)) - {"none", ""}:
        assert _has_hangul(styles.venue_label(venue, "ko")), venue
    # the glossary's Korean place names are the ones the labels use
    glossary = kn.load_dataset("glossary").set_index("term")
    assert styles.venue_label("kaesong", "ko") == glossary.loc["Kaesong", "term_ko"]
    assert styles.venue_label("panmunjom", "ko") == glossary.loc["Panmunjom", "term_ko"]


def test_event_timeline_rows_and_phase_bars_use_korean_labels():
    events = kn.load_dataset("events")
    ax = charts.event_timeline(lang="ko")
    order = [c for c in charts.event_categories() if c in set(events["category"].astype(str))]
    assert [t.get_text() for t in ax.get_yticklabels()] == [styles.category_label(c, "ko") for c in order]
    ax = charts.events_per_phase(lang="ko")
    phases = kn.load_dataset("phases").sort_values("order")
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert len(ticks) == len(phases)
    for tick, (_, phase) in zip(ticks, phases.iterrows(), strict=True):
        assert tick.startswith(_korean(phase, "title") + " ("), tick
        assert tick.endswith("년)") or tick.endswith("년~)"), tick
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    table = charts.events_per_phase_table()
    assert legend == [styles.category_label(c, "ko") for c in table.columns]


def test_event_labels_come_from_title_ko():
    events = kn.load_dataset("events").set_index("id")
    ids = [i for i in charts.KEY_EVENTS if i in events.index]
    ax = charts.negotiation_timeline(events=ids, lang="ko")
    legend = " ".join(" ".join(t.get_text().split()) for t in ax.get_legend().get_texts())
    text = charts.describe(ax)
    for event_id in ids:
        title = _korean(events.loc[event_id], "title")
        assert title in legend.replace("\n", " ") or " ".join(title.split()) in legend, title
        assert title in text


def test_titled_events_show_korean_titles_beside_markers():
    chosen = charts.select_events(phase="kaesong_talks")
    ax = charts.event_timeline(phase="kaesong_talks", lang="ko")
    labels = {t.get_text() for t in ax.texts}
    assert labels == {_korean(row, "title") for _, row in chosen.iterrows()}


def test_numbered_key_lists_korean_dates_by_precision_and_titles():
    chosen = charts.select_events(phase="panmunjom_talks").sort_values("date", kind="stable")
    ax = charts.event_timeline(phase="panmunjom_talks", label="numbers", lang="ko")
    entries = [" ".join(t.get_text().split()) for t in ax.get_legend().get_texts()]
    assert len(entries) == len(chosen)
    for number, (entry, (_, row)) in enumerate(zip(entries, chosen.iterrows(), strict=True), start=1):
        date = pd.Timestamp(row["date"])
        precision = str(row["date_precision"])
        expected = {"year": f"{date.year}년", "month": f"{date.year}년 {date.month}월"}.get(
            precision, f"{date.year}년 {date.month}월 {date.day}일"
        )
        assert entry.startswith(f"{number} {expected}"), entry
        if precision != "day":
            assert not entry.startswith(f"{number} {date.year}년 {date.month}월 {date.day}일"), entry
        assert entry.endswith(" ".join(_korean(row, "title").split())), entry


def test_agenda_charts_use_korean_short_titles_with_english_fallback():
    items = kn.load_dataset("agenda_items").sort_values("item")
    expected = [f"{r['item']}. {_korean(r, 'title_short')}" for _, r in items.iterrows()]
    ax = charts.agenda_durations(lang="ko")
    assert [t.get_text() for t in ax.get_yticklabels()] == expected
    ax = charts.negotiation_timeline(events=(), lang="ko")
    assert [t.get_text() for t in ax.get_yticklabels()] == expected
    table = charts.agenda_duration_table()
    labels = [t.get_text() for t in charts.agenda_durations(lang="ko").texts]
    for days in table["days"]:
        assert any(re.fullmatch(rf"(약 )?{days}일", label) for label in labels), (days, labels)


def test_korean_descriptions_state_the_findings_from_the_data():
    table = charts.agenda_duration_table(lang="ko")
    longest = table.loc[table["days"].idxmax()]
    text = charts.describe(charts.agenda_durations(lang="ko"))
    assert f"가장 오래 걸린 의제는 의제 {longest['item']}({longest['title_short_ko']})" in text
    assert f"{longest['days']}일" in text
    last = table.sort_values(["agreed", "item"]).iloc[-1]
    text = charts.describe(charts.negotiation_timeline(lang="ko"))
    agreed = pd.Timestamp(last["agreed"])
    assert f"가장 늦게 합의된 의제는 의제 {last['item']}" in text
    assert f"{agreed.year}년 {agreed.month}월 {agreed.day}일에 합의되었다" in text
    status = charts.talks_status_table(lang="ko")
    text = charts.describe(charts.talks_calendar(lang="ko"))
    for row in status.itertuples():
        assert f"{row.status_ko} {row.days}일(기간 {row.periods}개" in text
    counts = charts.reunions_per_year()
    busiest = counts.idxmax()
    text = charts.describe(charts.reunion_timeline(lang="ko"))
    assert f"{int(counts.sum())}회" in text
    if (counts == counts.max()).sum() == 1:
        assert f"상봉 행사가 가장 많았던 해는 {busiest}년({counts.max()}회)이다." in text


def test_korean_tables_keep_the_english_columns_and_add_korean_labels():
    for function, extra in ((charts.agenda_duration_table, "title_short_ko"), (charts.talks_status_table, "status_ko")):
        english, korean = function(), function(lang="ko")
        assert [c for c in korean.columns if c != extra] == list(english.columns)
        pd.testing.assert_frame_equal(korean.drop(columns=extra), english)
        assert korean[extra].map(lambda s: isinstance(s, str) and bool(s.strip())).all()
    assert all(_has_hangul(s) for s in charts.talks_status_table(lang="ko")["status_ko"])
    for function in (charts.events_per_phase_table, charts.reunions_per_year, charts.reunions_per_year_by_format):
        english, korean = function(), function(lang="ko")
        assert english.equals(korean)


def test_caption_in_korean_leads_with_geurim():
    ax = charts.agenda_durations(lang="ko")
    text = charts.caption(ax, lang="ko", show=False)
    assert text == f"**그림.** {charts.describe(ax)}"
    assert charts.caption(ax, label="그림 3", show=False).startswith("**그림 3.** ")
    assert charts.caption(charts.agenda_durations(), show=False).startswith("**Figure.** ")
    finding = ax.korea_notes_finding
    assert finding and finding not in charts.caption(ax, lang="ko", finding=False, show=False)


@pytest.mark.parametrize("name", list(CHARTS))
def test_caption_follows_the_language_the_chart_was_drawn_in(name: str):
    assert charts.caption(CHARTS[name](lang="ko"), show=False).startswith("**그림.** ")
    assert charts.caption(CHARTS[name](), show=False).startswith("**Figure.** ")
    assert charts.caption(CHARTS[name](lang="ko"), lang="en", show=False).startswith("**Figure.** ")


def test_a_korean_map_caption_leads_with_jido():
    _, ax = plt.subplots()
    charts.set_description(ax, "한반도 지도이다.", lang="ko")
    ax.korea_notes_kind = "map"
    assert charts.caption(ax, show=False) == "**지도.** 한반도 지도이다."
    assert charts.caption(ax, lang="en", show=False) == "**Figure.** 한반도 지도이다."
    with pytest.raises(KoreaNotesError, match="`lang`"):
        charts.set_description(ax, "A map.", lang="kr")


# --- English unchanged --------------------------------------------------------------------------------


def _english_hangul_sources() -> str:
    """Hangul the English data itself shows (e.g. a name given in Hangul), which English charts may repeat."""
    parts = []
    for table, column in (("agenda_items", "title_short"), ("events", "title"), ("phases", "title")):
        parts += [str(v) for v in kn.load_dataset(table)[column]]
    return " ".join(parts)


@pytest.mark.parametrize("name", list(CHARTS))
def test_english_is_the_default_and_has_no_hangul_of_its_own(name: str):
    default = CHARTS[name]()
    explicit = CHARTS[name](lang="en")
    assert charts.describe(default) == charts.describe(explicit)
    assert _texts(default) == _texts(explicit)
    allowed = set(HANGUL.findall(_english_hangul_sources()))
    for part, texts in _texts(default).items():
        for text in texts:
            assert set(HANGUL.findall(text)) <= allowed, (part, text)
    assert set(HANGUL.findall(charts.describe(default))) <= allowed


# --- fonts and rendering ------------------------------------------------------------------------------


def test_font_fallback_puts_dejavu_first_then_a_korean_font():
    _require_korean_font()
    assert FONT_FALLBACK[:2] == ["DejaVu Sans", "Noto Sans CJK KR"]
    applied = use_font_fallback()
    assert applied[0] == "DejaVu Sans" and fonts.korean_font() in applied
    assert list(matplotlib.rcParams["font.family"]) == applied
    assert matplotlib.rcParams["font.sans-serif"][: len(applied)] == applied
    assert use_font_fallback() == applied  # idempotent


def _render(ax) -> tuple[bytes, list[str]]:
    """Render the figure to PNG, returning the bytes and any 'Glyph … missing' warnings."""
    buffer = io.BytesIO()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ax.figure.savefig(buffer, format="png", dpi=60)
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    return buffer.getvalue(), missing


@pytest.mark.parametrize("name", list(CHARTS))
def test_korean_chart_renders_every_glyph(name: str):
    _require_korean_font()
    ax = CHARTS[name](lang="ko")
    png, missing = _render(ax)
    assert png.startswith(b"\x89PNG") and len(png) > 5_000
    assert not missing, (
        f"{len(missing)} glyph(s) missing, e.g. {missing[:3]}: install fonts-noto-cjk "
        "(apt-get install fonts-noto-cjk) and check korea_notes.charts.fonts.use_font_fallback"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # and nothing else warns either
        ax.figure.savefig(io.BytesIO(), format="png", dpi=40)


def test_readers_own_korean_text_renders_after_importing_charts():
    _require_korean_font()
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([1953, 2018], [0, 1])
    ax.set_title("한국어 제목: 정전협정 (1953년)")
    ax.set_xlabel("연도 (彭德怀)")
    _, missing = _render(ax)
    assert not missing, missing


def test_korean_chart_saved_with_its_korean_description(tmp_path: Path):
    _require_korean_font()
    ax = charts.talks_calendar(lang="ko")
    path = charts.save_figure(ax, tmp_path / "달력.png", dpi=60)
    from PIL import Image

    with Image.open(path) as png:
        assert png.text.get("Description") == charts.describe(ax)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_events_per_phase_legend_covers_no_bar(lang: str):
    ax = charts.events_per_phase(lang=lang)
    ax.figure.canvas.draw()
    legend = ax.get_legend().get_window_extent()
    covered = [p.get_gid() for p in ax.patches if p.get_width() > 0 and legend.overlaps(p.get_window_extent())]
    assert not covered, f"the legend covers bars of {sorted(set(covered))}"
