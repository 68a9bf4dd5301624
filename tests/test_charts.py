"""The charts: artists match the data, arguments are checked, alt text is there, PNGs render.

Expectations are computed from the loaded tables, never written in: the data may change.
"""

from __future__ import annotations

import doctest
import importlib
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.image as mpimg  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import LineCollection, PathCollection  # noqa: E402
from matplotlib.colors import to_hex, to_rgb  # noqa: E402

import korea_notes as kn  # noqa: E402
from korea_notes import KoreaNotesError  # noqa: E402
from korea_notes.charts import styles  # noqa: E402
from korea_notes.palette import CATEGORY_COLOURS, ROLES  # noqa: E402

charts = kn.charts
PACKAGE_DIR = Path(charts.__file__).parent


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _num(value) -> float:
    return float(mdates.date2num(pd.Timestamp(value).to_datetime64()))


def _gid_patches(ax, prefix: str) -> list:
    return [p for p in ax.patches if str(p.get_gid() or "").startswith(prefix)]


def _x_extent(patch) -> tuple[float, float]:
    """x from and to of an axvspan (a Rectangle in matplotlib >= 3.9, a Polygon before)."""
    if hasattr(patch, "get_width"):
        return patch.get_x(), patch.get_x() + patch.get_width()
    xs = patch.get_xy()[:, 0]
    return float(xs.min()), float(xs.max())


def _key_events_present() -> list[str]:
    ids = set(kn.load_dataset("events")["id"])
    return [i for i in charts.KEY_EVENTS if i in ids]


def _drop_event(data_dir: Path, event_id: str) -> None:
    path = data_dir / "events.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(f"{event_id},")]
    assert len(kept) == len(lines) - 1
    path.write_text("".join(kept), encoding="utf-8")


def _draw_default_timeline():
    present = _key_events_present()
    return charts.negotiation_timeline(events=present)


# Every chart, drawn with its defaults (the negotiation timeline with the key events the data has).
CHARTS = {
    "negotiation_timeline": _draw_default_timeline,
    "agenda_durations": charts.agenda_durations,
    "event_timeline": charts.event_timeline,
    "event_timeline_talks": lambda: charts.event_timeline(phase=["kaesong_talks", "panmunjom_talks"]),
    "events_per_phase": charts.events_per_phase,
    "talks_calendar": charts.talks_calendar,
}


CHARTS["reunion_timeline"] = charts.reunion_timeline


# --- agenda durations -------------------------------------------------------------------------------


def test_duration_table_is_computed_from_agenda_items():
    items = kn.load_dataset("agenda_items").sort_values("item")
    table = charts.agenda_duration_table()
    assert list(table.columns) == ["item", "title_short", "opened", "agreed", "days"]
    assert list(table["item"]) == list(items["item"])
    assert list(table["days"]) == [(a - o).days for o, a in zip(items["opened"], items["agreed"], strict=True)]


def test_agenda_durations_draws_one_bar_per_item_with_its_days():
    table = charts.agenda_duration_table()
    ax = charts.agenda_durations()
    assert len(ax.patches) == len(table)
    assert [p.get_width() for p in ax.patches] == pytest.approx(list(table["days"]))
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    for title in table["title_short"]:
        assert any(title in tick for tick in ticks)
    labels = [t.get_text() for t in ax.texts]
    for days in table["days"]:
        assert any(re.search(rf"\b{days} days?\b", text) for text in labels)


def test_durations_description_names_the_longest_item():
    table = charts.agenda_duration_table()
    longest = table.loc[table["days"].idxmax()]
    text = charts.describe(charts.agenda_durations())
    assert f"Item {longest['item']}" in text
    assert f"{longest['days']} days" in text
    others = int(table["days"].sum() - longest["days"])
    assert ("longer than all the other items together" in text) == (longest["days"] > others)


# --- negotiation timeline ---------------------------------------------------------------------------


def test_timeline_bars_run_from_opened_to_agreed():
    table = charts.agenda_duration_table()
    ax = charts.negotiation_timeline(events=())
    bars = _gid_patches(ax, "item:")
    assert len(bars) == len(table)
    assert [b.get_x() for b in bars] == pytest.approx([_num(d) for d in table["opened"]])
    assert [b.get_width() for b in bars] == pytest.approx(list(table["days"]))
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert all(any(title in tick for tick in ticks) for title in table["title_short"])


def test_timeline_shades_each_negotiation_period():
    periods = kn.load_dataset("negotiation_periods")
    ax = charts.negotiation_timeline(events=())
    spans = {p.get_gid().split(":", 1)[1]: p for p in _gid_patches(ax, "period:")}
    assert set(spans) == set(periods["id"])
    for row in periods.itertuples():
        x0, x1 = _x_extent(spans[row.id])
        assert x0 == pytest.approx(_num(row.start))
        assert x1 == pytest.approx(_num(row.end) + 1)
        assert to_hex(spans[row.id].get_facecolor()) == to_hex(ROLES[str(row.status)]).lower()
        assert spans[row.id].get_hatch() in (styles.STATUS_HATCHES[str(row.status)], None)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    for status in set(periods["status"].astype(str)):
        assert styles.STATUS_LABELS[status] in legend


def test_statuses_and_lines_differ_without_colour():
    hatches = list(styles.STATUS_HATCHES.values())
    assert len(set(hatches)) == len(hatches)
    alphas = styles.STATUS_ALPHA
    assert all(0 < a < 1 for a in alphas.values())
    assert len(set(map(str, styles.LINE_STYLES))) == len(styles.LINE_STYLES)
    assert len(set(styles.CATEGORY_MARKERS.values())) == len(styles.CATEGORY_MARKERS)
    assert len(set(styles.CATEGORY_HATCHES.values())) == len(styles.CATEGORY_HATCHES)
    assert set(styles.CATEGORY_MARKERS) == set(CATEGORY_COLOURS) == set(charts.event_categories())


def test_timeline_marks_chosen_events_with_labelled_lines():
    events = kn.load_dataset("events")
    talks = events[events["phase"].isin(["kaesong_talks", "panmunjom_talks"])].sort_values("date").head(3)
    ax = charts.negotiation_timeline(events=list(talks["id"]))
    lines = {
        str(line.get_gid()).split(":", 1)[1]: line for line in ax.lines if str(line.get_gid()).startswith("event:")
    }
    assert list(lines) == list(talks["id"])
    for row in talks.itertuples():
        assert lines[row.id].get_xdata()[0] == pytest.approx(_num(row.date))
        legend = [" ".join(t.get_text().split()) for t in ax.get_legend().get_texts()]
        assert any(" ".join(str(row.title).split()) in text for text in legend)
    styles_used = {str(line.get_linestyle()) for line in lines.values()}
    assert len(styles_used) == len(lines)


def test_default_timeline_marks_every_key_event_or_names_the_missing():
    missing = [i for i in charts.KEY_EVENTS if i not in _key_events_present()]
    if missing:
        with pytest.raises(KoreaNotesError, match=re.escape(missing[0])):
            charts.negotiation_timeline()
        return
    ax = charts.negotiation_timeline()
    marked = [str(line.get_gid()).split(":", 1)[1] for line in ax.lines if str(line.get_gid()).startswith("event:")]
    assert marked == list(charts.KEY_EVENTS)


def test_timeline_names_a_missing_key_event(data_copy: Path):
    present = _key_events_present()
    victim = present[-1] if present else "armistice_signed"
    if victim in set(kn.load_dataset("events")["id"]):
        _drop_event(data_copy, victim)
    with pytest.raises(KoreaNotesError, match=re.escape(victim)):
        charts.negotiation_timeline(data_dir=data_copy)
    with pytest.raises(KoreaNotesError, match="no_such_event"):
        charts.negotiation_timeline(events=["no_such_event"])


def test_timeline_description_names_the_last_item_agreed():
    table = charts.agenda_duration_table()
    last = table.sort_values(["agreed", "item"]).iloc[-1]
    text = charts.describe(charts.negotiation_timeline(events=()))
    assert f"Item {last['item']}" in text and "last to be agreed" in text
    assert text.count("; item ") == len(table) - 1


# --- event timeline ---------------------------------------------------------------------------------


def _expected(phase=None, category=None, start=None, end=None) -> pd.DataFrame:
    events = kn.load_dataset("events")
    keep = pd.Series(True, index=events.index)
    if phase is not None:
        keep &= events["phase"].isin([phase] if isinstance(phase, str) else phase)
    if category is not None:
        keep &= events["category"].isin([category] if isinstance(category, str) else category)
    if start is not None:
        keep &= events["date"] >= pd.Timestamp(start)
    if end is not None:
        keep &= events["date"] <= pd.Timestamp(end)
    return events[keep]


def _points(ax) -> int:
    return sum(len(c.get_offsets()) for c in ax.collections if isinstance(c, PathCollection))


def _segments(ax) -> int:
    return sum(len(c.get_segments()) for c in ax.collections if isinstance(c, LineCollection))


def _selections() -> list[dict]:
    events = kn.load_dataset("events")
    choices: list[dict] = [{}]
    choices += [{"phase": p} for p in sorted(set(events["phase"].astype(str)))]
    choices += [{"category": c} for c in sorted(set(events["category"].astype(str)))]
    choices.append({"phase": ["kaesong_talks", "panmunjom_talks"], "category": ["negotiation", "political"]})
    middle = events["date"].sort_values().iloc[len(events) // 2]
    choices.append({"start": middle})
    choices.append({"end": middle, "category": list(set(events["category"].astype(str)))})
    return [c for c in choices if not _expected(**c).empty]


def test_event_timeline_draws_one_point_per_selected_event():
    _, ax = plt.subplots()
    for selection in _selections():
        expected = _expected(**selection)
        ax.clear()
        assert charts.event_timeline(**selection, ax=ax, label=False) is ax
        assert _points(ax) == len(expected), selection
        assert _segments(ax) == int(expected["end_date"].notna().sum()), selection
        rows = [t.get_text().lower() for t in ax.get_yticklabels()]
        assert rows == [c for c in charts.event_categories() if c in set(expected["category"].astype(str))]


def test_event_timeline_colours_and_shapes_by_category():
    ax = charts.event_timeline()
    for collection in ax.collections:
        if isinstance(collection, PathCollection):
            _, category, precision = collection.get_gid().split(":")
            colours = collection.get_facecolor() if precision == "day" else collection.get_edgecolor()
            assert to_hex(colours[0]) == CATEGORY_COLOURS[category].lower()


def test_event_timeline_takes_a_dataframe_and_labels_few_events():
    events = kn.load_dataset("events").sort_values("date").head(4)
    ax = charts.event_timeline(events, label=True)
    assert _points(ax) == len(events)
    texts = {t.get_text() for t in ax.texts}
    assert set(events["title"]) <= texts
    assert not charts.event_timeline(events, label=False).texts


def test_event_timeline_accepts_a_list_of_phases_and_categories():
    events = kn.load_dataset("events")
    phases = sorted(set(events["phase"].astype(str)))[:2]
    ax = charts.event_timeline(phase=phases, category=list(charts.event_categories()))
    assert _points(ax) == len(_expected(phase=phases))


def _numbers(ax) -> list:
    return [t for t in ax.texts if str(t.get_gid() or "").startswith("event_number:")]


def _key_texts(ax) -> list[str]:
    legend = ax.get_legend()
    return [" ".join(t.get_text().split()) for t in legend.get_texts()] if legend is not None else []


def _in_date_order(expected: pd.DataFrame) -> pd.DataFrame:
    return expected.sort_values(["date", "id"], kind="stable")


# The notebooks' crowded timelines (more events than AUTO_LABEL_MAX), drawn with their defaults.
NUMBERED = {
    "division": {"phase": "division"},
    "war": {"phase": "war"},
    "panmunjom_talks": {"phase": "panmunjom_talks"},
    "security_after_1953": {"category": "security", "start": "1953-07-27"},
    "engagement_diplomacy": {"phase": ["engagement", "summits_2018"], "category": "diplomacy"},
}


@pytest.mark.parametrize("name", list(NUMBERED))
def test_numbered_events_get_one_number_each_and_a_key_in_date_order(name: str):
    selection = NUMBERED[name]
    expected = _in_date_order(_expected(**selection))
    ax = charts.event_timeline(**selection, label="numbers")
    numbers = _numbers(ax)
    assert len(numbers) == len(expected)
    by_id = {str(t.get_gid()).split(":", 1)[1]: t.get_text() for t in numbers}
    assert by_id == {row.id: str(n) for n, row in enumerate(expected.itertuples(), start=1)}
    for text in numbers:  # each number sits beside its own marker
        row = expected.set_index("id").loc[str(text.get_gid()).split(":", 1)[1]]
        assert text.xy[0] == pytest.approx(_num(row["date"]))
    key = _key_texts(ax)
    assert len(key) == len(expected)
    for n, (entry, row) in enumerate(zip(key, expected.itertuples(), strict=True), start=1):
        assert entry.startswith(f"{n} "), entry
        assert entry.endswith(" ".join(str(row.title).split())), entry
        assert str(row.date.year) in entry
    assert not [t for t in ax.texts if t.get_text() in set(expected["title"])], "numbers mode writes no titles"


@pytest.mark.parametrize("name", list(NUMBERED))
def test_numbered_timeline_keeps_key_and_numbers_apart_and_inside_the_figure(name: str, artifacts_dir: Path):
    ax = charts.event_timeline(**NUMBERED[name])
    assert _numbers(ax), "auto labelling should number these events"
    path = charts.save_figure(ax, artifacts_dir / f"chart_event_timeline_numbers_{name}.png", dpi=100)
    assert _greyscale(mpimg.imread(path)).std() > 0.05
    figure = ax.figure
    figure.draw_without_rendering()
    key = ax.get_legend().get_window_extent()
    box = figure.bbox
    assert box.x0 <= key.x0 and key.x1 <= box.x1 + 1 and box.y0 <= key.y0, "the key is clipped"
    assert key.y1 < ax.get_window_extent().y0, "the key overlaps the plot"
    assert ax.get_window_extent().height > 0.35 * figure.dpi * len(ax.get_yticks()), "the key squeezed the plot"
    boxes = [t.get_bbox_patch().get_window_extent() for t in _numbers(ax)]
    axes_box = ax.get_window_extent()
    for i, a in enumerate(boxes):
        assert axes_box.x0 - 1 <= a.x0 and a.x1 <= axes_box.x1 + 1
        assert not [b for b in boxes[i + 1 :] if a.overlaps(b)], "two numbers overlap"


def test_numbered_figure_grows_with_its_key():
    selection = NUMBERED["panmunjom_talks"]
    plain = charts.event_timeline(**selection, label=False).figure.get_size_inches()
    ax = charts.event_timeline(**selection, label="numbers")
    numbered = ax.figure.get_size_inches()
    key_inches = ax.get_legend().get_window_extent().height / ax.figure.dpi
    assert numbered[0] == plain[0]
    assert numbered[1] >= plain[1] + key_inches


def test_label_none_chooses_titles_then_numbers_then_nothing():
    from korea_notes.charts.event_plot import AUTO_LABEL_MAX, AUTO_NUMBER_MAX

    assert AUTO_LABEL_MAX < AUTO_NUMBER_MAX
    events = kn.load_dataset("events").sort_values(["date", "id"])
    assert len(events) > AUTO_NUMBER_MAX
    few = events.head(AUTO_LABEL_MAX)
    ax = charts.event_timeline(few)
    assert set(few["title"]) <= {t.get_text() for t in ax.texts} and not _numbers(ax)
    assert "numbered" not in charts.describe(ax)
    for count in (AUTO_LABEL_MAX + 1, AUTO_NUMBER_MAX):
        ax = charts.event_timeline(events.head(count))
        assert len(_numbers(ax)) == len(_key_texts(ax)) == count
        assert not {t.get_text() for t in ax.texts} & set(events["title"])
    many = charts.event_timeline(events.head(AUTO_NUMBER_MAX + 1))
    assert not many.texts
    assert f"more than {AUTO_NUMBER_MAX} events" in charts.describe(many)
    assert len(_numbers(charts.event_timeline(events.head(AUTO_NUMBER_MAX + 1), label="numbers"))) == (
        AUTO_NUMBER_MAX + 1
    )
    assert not charts.event_timeline(events.head(AUTO_LABEL_MAX + 1), label=False).texts
    titled = charts.event_timeline(events.head(AUTO_LABEL_MAX + 1), label=True)
    assert set(events.head(AUTO_LABEL_MAX + 1)["title"]) <= {t.get_text() for t in titled.texts}
    assert not _numbers(titled)


def test_numbered_description_says_the_key_lists_the_events():
    selection = NUMBERED["division"]
    count = len(_expected(**selection))
    text = charts.describe(charts.event_timeline(**selection, label="numbers"))
    assert f"numbered 1 to {count} in date order" in text
    assert "key below the chart lists each number with the event's date and title" in text
    assert "numbered" not in charts.describe(charts.event_timeline(**selection, label=False))


def test_numbered_events_on_a_given_axes():
    fig, ax = plt.subplots(figsize=(9, 7), layout="constrained")
    assert charts.event_timeline(phase="war", label="numbers", ax=ax) is ax
    assert list(fig.get_size_inches()) == [9, 7]  # a figure the caller made keeps its size
    assert len(_numbers(ax)) == len(_expected(phase="war"))


@pytest.mark.parametrize("bad", ["yes", "Numbers", "titles", 2, 0.5, ["numbers"]])
def test_bad_label_values_list_the_choices(bad):
    with pytest.raises(KoreaNotesError) as info:
        charts.event_timeline(phase="war", label=bad)
    message = str(info.value)
    assert message.startswith("The value for `label` must be one of [True, 'numbers', False, None]")
    assert f"but {bad!r} was passed" in message


def test_key_dates_follow_the_precision_of_the_data():
    from korea_notes.charts.event_numbers import event_when

    events = kn.load_dataset("events")
    for row in events.itertuples():
        when = event_when(row)
        if str(row.date_precision) == "year":
            assert when.startswith(f"{row.date:%Y}") and not when.startswith(f"{row.date:%b}")
        elif str(row.date_precision) == "month":
            assert when.startswith(f"{row.date:%b %Y}")
        elif pd.isna(row.end_date):
            assert when == f"{row.date.day} {row.date:%b %Y}"
        assert when.endswith(f"{(row.end_date if not pd.isna(row.end_date) else row.date):%Y}")


# --- events per phase, calendar, reunions --------------------------------------------------------------


def test_events_per_phase_stacks_the_counts():
    events = kn.load_dataset("events")
    counts = pd.crosstab(events["phase"].astype(str), events["category"].astype(str))
    phases = charts.phase_ids()
    ax = charts.events_per_phase()
    for category in counts.columns:
        bars = _gid_patches(ax, f"category:{category}")
        assert len(bars) == len(phases)
        expected = counts[category].reindex(phases, fill_value=0)
        assert [b.get_width() for b in bars] == pytest.approx(list(expected))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        c.capitalize() for c in charts.event_categories() if c in counts.columns
    ]
    assert int(charts.events_per_phase_table().to_numpy().sum()) == len(events)


def test_talks_calendar_covers_each_status_for_its_days():
    periods = kn.load_dataset("negotiation_periods")
    ax = charts.talks_calendar()
    for _status, group in periods.groupby(periods["status"].astype(str), observed=True):
        days = int(((group["end"] - group["start"]).dt.days + 1).sum())
        widths = sum(p.get_width() for p in ax.patches if p.get_gid().split(":")[1] in set(group["id"]))
        assert widths == days
    table = charts.talks_status_table()
    assert int(table["days"].sum()) == int(((periods["end"] - periods["start"]).dt.days + 1).sum())
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [styles.STATUS_LABELS[s] for s in table["status"]]


def test_reunion_timeline_counts_rounds_per_year():
    events = kn.load_dataset("events")
    rounds = events[(events["category"] == "humanitarian") & events["id"].str.startswith("family_")]
    assert not rounds.empty
    video = rounds["id"].str.startswith("family_video_")
    ax = charts.reunion_timeline()
    for gid, selected in (("reunions", rounds[~video]), ("video_reunions", rounds[video])):
        bars = _gid_patches(ax, gid)
        heights = {mdates.num2date(b.get_x() + b.get_width() / 2).year: b.get_height() for b in bars}
        per_year = selected["date"].dt.year.value_counts()
        assert sum(heights.values()) == len(selected), gid
        for year, count in per_year.items():
            assert heights[int(year)] == count
        assert all(h == 0 for y, h in heights.items() if y not in per_year.index)
    for drawn in (ax, charts.reunion_timeline(summits=False)):
        legend_texts = [t.get_text() for t in drawn.get_legend().get_texts()]
        assert "In person" in legend_texts and "By video link" in legend_texts


def test_reunion_timeline_without_rounds_says_so(data_copy):
    import csv

    path = data_copy / "events.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    kept = [r for r in rows if not r["id"].startswith("family_")]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(kept)
    with pytest.raises(KoreaNotesError, match="family"):
        charts.reunion_timeline(data_dir=data_copy)


# --- arguments ----------------------------------------------------------------------------------------


def test_unknown_phase_lists_the_valid_ones():
    with pytest.raises(KoreaNotesError) as info:
        charts.event_timeline(phase="armistice")
    message = str(info.value)
    assert message.startswith("The value for `phase` must be one of [")
    assert message.endswith("but 'armistice' was passed")
    assert all(p in message for p in charts.phase_ids())


def test_unknown_category_lists_the_valid_ones():
    with pytest.raises(KoreaNotesError, match=r"The value for `category` must be one of \[.*'negotiation'"):
        charts.event_timeline(category=["negotiation", "weather"])
    with pytest.raises(KoreaNotesError, match="`category`"):
        charts.events_per_phase(category="weather")


def test_empty_selection_and_bad_dates_are_explained():
    last = kn.load_dataset("events")["date"].max() + pd.Timedelta(days=1)
    with pytest.raises(KoreaNotesError, match="no events match"):
        charts.event_timeline(start=last)
    with pytest.raises(KoreaNotesError, match="empty list"):
        charts.event_timeline(phase=[])
    with pytest.raises(KoreaNotesError, match="`start`.*must be a date"):
        charts.event_timeline(start="the armistice")
    with pytest.raises(KoreaNotesError, match="is after `end`"):
        charts.event_timeline(start="1953-07-27", end="1951-07-10")
    with pytest.raises(KoreaNotesError, match="`label`"):
        charts.event_timeline(label="yes")
    with pytest.raises(KoreaNotesError, match="`events`"):
        charts.event_timeline(events=["armistice_signed"])


@pytest.mark.parametrize(
    "name",
    [
        "negotiation_timeline",
        "agenda_durations",
        "event_timeline",
        "events_per_phase",
        "talks_calendar",
        "reunion_timeline",
    ],
)
def test_an_ax_that_is_not_an_axes_is_refused(name: str):
    figure = plt.figure()
    with pytest.raises(KoreaNotesError, match="The value for `ax` must be a matplotlib Axes"):
        getattr(charts, name)(ax=figure, **({"events": ()} if name == "negotiation_timeline" else {}))


def test_charts_draw_on_a_given_axes():
    fig, axes = plt.subplots(1, 2)
    assert charts.agenda_durations(ax=axes[0]) is axes[0]
    assert charts.talks_calendar(ax=axes[1]) is axes[1]
    assert len(fig.axes) == 2


# --- alt text ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(CHARTS))
def test_every_chart_describes_itself(name: str):
    ax = CHARTS[name]()
    text = charts.describe(ax)
    assert len(text) > 80 and text.endswith(".")
    assert ax.korea_notes_description == text
    cap = charts.caption(ax, label="Figure 2")
    assert cap.startswith("**Figure 2.** ") and cap._repr_markdown_() == str(cap)
    assert charts.show_description(ax) == charts.caption(ax)
    # casualty-free: no numbers of killed, wounded or missing (the words may occur in event titles)
    assert not re.search(r"\d[\d,.]*\s+(people\s+)?(killed|dead|deaths|wounded|missing|casualt)", text, re.I)


def test_caption_shows_the_figure_first_in_an_inline_kernel():
    """In a notebook the caption comes under its figure: caption() shows the figure, then returns the text."""
    import nbformat

    from korea_notes.runner import run_notebook

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "from IPython.display import Markdown, display\nimport korea_notes as kn\n"
        "ax = kn.charts.agenda_durations()\ndisplay(Markdown(kn.charts.caption(ax, label='Figure 1')))\n"
        "ax = kn.maps.static_map(places=kn.load_dataset('places').head(3))\n"
        "display(Markdown(kn.charts.caption(ax, label='Map 1')))")]
    outputs = run_notebook(nb, cwd=PACKAGE_DIR, backend="inline", network=False, quiet=True).notebook.cells[0].outputs
    kinds = ["png" if "image/png" in o.get("data", {}) else "md" if "text/markdown" in o.get("data", {})
             else o.output_type for o in outputs]
    assert kinds == ["png", "md", "png", "md"], kinds  # each figure once, its caption under it
    assert outputs[1]["data"]["text/markdown"].startswith("**Figure 1.** Horizontal bar chart")
    assert outputs[3]["data"]["text/markdown"].startswith("**Map 1.** Map of the Korean peninsula, showing the land")


def test_caption_can_leave_out_the_finding():
    ax = charts.agenda_durations()
    finding = ax.korea_notes_finding
    assert finding and finding in charts.caption(ax)
    without = charts.caption(ax, finding=False)
    assert finding not in without and without.startswith("**Figure.** Horizontal bar chart")
    _, other = plt.subplots()
    charts.set_description(other, "An empty chart.")
    assert charts.caption(other, finding=False) == "**Figure.** An empty chart."  # nothing to leave out


def test_caption_outside_a_kernel_shows_nothing_and_show_figure_closes():
    _, ax = plt.subplots()
    charts.set_description(ax, "An empty chart.")
    assert charts.caption(ax) == "**Figure.** An empty chart."
    assert plt.fignum_exists(ax.figure.number)  # not shown (no kernel), so not closed
    assert charts.show_figure(ax) is True and not plt.fignum_exists(ax.figure.number)
    assert charts.show_figure(ax) is False  # shown and closed already


def test_describe_needs_a_described_axes():
    _, ax = plt.subplots()
    with pytest.raises(KoreaNotesError, match="no description"):
        charts.describe(ax)
    with pytest.raises(KoreaNotesError, match="must be a matplotlib Axes"):
        charts.describe("a chart")


# --- rendering -----------------------------------------------------------------------------------------


def _greyscale(rgb: np.ndarray) -> np.ndarray:
    return rgb[..., :3] @ np.array([0.299, 0.587, 0.114])


@pytest.mark.parametrize("name", list(CHARTS))
def test_charts_render_to_non_blank_png(name: str, artifacts_dir: Path):
    ax = CHARTS[name]()
    path = charts.save_figure(ax, artifacts_dir / f"chart_{name}.png", dpi=100)
    assert path.stat().st_size > 10_000
    image = mpimg.imread(path)
    grey = _greyscale(image)
    assert grey.std() > 0.05, "the chart looks blank"
    assert (grey < 0.5).mean() > 0.002, "hardly any dark ink (text, axes)"
    plt.imsave(artifacts_dir / f"chart_{name}_grey.png", grey, cmap="gray", vmin=0, vmax=1)
    from PIL import Image

    with Image.open(path) as png:
        assert png.text.get("Description") == charts.describe(ax)


def test_status_backgrounds_stay_distinct_in_greyscale():
    greys = {
        s: _greyscale(np.array(to_rgb(ROLES[s])) * styles.STATUS_ALPHA[s] + (1 - styles.STATUS_ALPHA[s]))
        for s in styles.STATUS_LABELS
    }
    # tints alone are too close to tell apart in print; the hatches carry the difference
    assert len({styles.STATUS_HATCHES[s] for s in greys}) == len(greys)


# --- package hygiene --------------------------------------------------------------------------------


def test_package_never_sets_the_backend():
    for path in PACKAGE_DIR.glob("*.py"):
        assert "matplotlib.use(" not in path.read_text(encoding="utf-8"), path.name


@pytest.mark.parametrize("module", sorted(p.stem for p in PACKAGE_DIR.glob("*.py")))
def test_docstring_examples_run(module: str):
    mod = importlib.import_module(f"korea_notes.charts.{module}" if module != "__init__" else "korea_notes.charts")
    result = doctest.testmod(mod, extraglobs={"kn": kn}, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
