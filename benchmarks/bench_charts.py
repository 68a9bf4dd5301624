"""Time to draw each chart (median of several runs, data already cached). Prints; never asserts."""

from __future__ import annotations

import statistics
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

import korea_notes as kn  # noqa: E402

RUNS = 7


def _key_events() -> list[str]:
    ids = set(kn.load_dataset("events")["id"])
    return [i for i in kn.charts.KEY_EVENTS if i in ids]


def _cases() -> dict:
    charts = kn.charts
    cases = {
        "negotiation_timeline": lambda: charts.negotiation_timeline(events=_key_events()),
        "agenda_durations": charts.agenda_durations,
        "event_timeline (all)": charts.event_timeline,
        "event_timeline (talks)": lambda: charts.event_timeline(phase=["kaesong_talks", "panmunjom_talks"]),
        "events_per_phase": charts.events_per_phase,
        "talks_calendar": charts.talks_calendar,
    }
    if not charts.reunion_rounds().empty:
        cases["reunion_timeline"] = charts.reunion_timeline
    return cases


def _time(draw, render: bool) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        ax = draw()
        if render:
            ax.figure.canvas.draw()
        samples.append(time.perf_counter() - start)
        plt.close(ax.figure)
    return statistics.median(samples)


def main() -> None:
    start = time.perf_counter()
    import korea_notes.charts  # noqa: F401  (first use imports matplotlib.pyplot)

    print(f"import korea_notes.charts: {(time.perf_counter() - start) * 1000:.1f} ms")
    cases = _cases()
    for draw in cases.values():  # warm the data cache and font cache
        plt.close(draw().figure)
    print(
        f"\nchart                        build ms   build+render ms   (median of {RUNS}, Agg, default size)"
    )
    for name, draw in cases.items():
        print(f"{name:28s}{_time(draw, False) * 1000:>9.1f}{_time(draw, True) * 1000:>18.1f}")


if __name__ == "__main__":
    main()
