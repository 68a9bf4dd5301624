"""Charts for the notebooks, drawn with matplotlib.

Every chart function follows seaborn's contract: the data come from the collection (or a ``data_dir``),
options are keyword-only, ``ax=None`` draws on a new figure, and the Axes is returned. Each chart carries
a plain-language description (alt text): ``describe(ax)`` returns it, ``caption(ax)`` shows it as Markdown
under the figure in a notebook. Colours come from :mod:`korea_notes.palette` and are paired with hatches,
marker shapes or line styles, so the charts also read in greyscale print.

Every chart and table function takes ``lang="en"`` (English, the default) or ``lang="ko"`` (Korean): titles,
axis and tick labels, legends, event labels (``events.title_ko``, ``phases.title_ko``,
``agenda_items.title_short_ko``, the English where a Korean cell is empty), dates (``1953년 7월 27일``) and
the description follow it, and ``caption(ax)`` leads with "그림" for a Korean chart. Tables keep their
columns; in Korean ``agenda_duration_table`` adds ``title_short_ko`` and ``talks_status_table`` adds
``status_ko``. Importing this package applies :func:`korea_notes.charts.fonts.use_font_fallback` (DejaVu
Sans, then Noto Sans CJK KR, glyph by glyph), so Hangul renders in the collection's charts and in the
reader's own ``ax.set_title("한국어")``.

=========================  ==================================================================
``negotiation_timeline``   agenda items as bars, periods of the talks behind, key events
``agenda_durations``       days each agenda item stayed open (``agenda_duration_table``)
``event_timeline``         events over time, one row per category
``events_per_phase``       events per phase, stacked by category (``events_per_phase_table``)
``talks_calendar``         the talks day by day, one row per year (``talks_status_table``)
``reunion_timeline``       family-reunion rounds per year (``reunions_per_year``)
=========================  ==================================================================

>>> import korea_notes as kn
>>> ax = kn.charts.agenda_durations()
>>> kn.charts.describe(ax).startswith("Horizontal bar chart")
True
>>> ax = kn.charts.agenda_durations(lang="ko")
>>> ax.get_title()
'의제별 논의 기간'
>>> kn.charts.caption(ax).startswith("**그림.** ")
True
"""

from __future__ import annotations

from .alt_text import Caption, caption, describe, save_figure, set_description, show_description, show_figure
from .calendar_plot import talks_calendar, talks_status_table
from .durations import agenda_duration_table, agenda_durations
from .event_plot import event_timeline
from .fonts import FONT_FALLBACK, use_font_fallback
from .gantt import KEY_EVENTS, negotiation_timeline
from .phase_counts import events_per_phase, events_per_phase_table
from .reunions import reunion_rounds, reunion_timeline, reunions_per_year, reunions_per_year_by_format
from .selection import event_categories, events_by_id, phase_ids, select_events

use_font_fallback()

__all__ = [
    "FONT_FALLBACK",
    "KEY_EVENTS",
    "Caption",
    "agenda_duration_table",
    "agenda_durations",
    "caption",
    "describe",
    "event_categories",
    "event_timeline",
    "events_by_id",
    "events_per_phase",
    "events_per_phase_table",
    "negotiation_timeline",
    "phase_ids",
    "reunion_rounds",
    "reunion_timeline",
    "reunions_per_year",
    "reunions_per_year_by_format",
    "save_figure",
    "select_events",
    "set_description",
    "show_description",
    "show_figure",
    "talks_calendar",
    "talks_status_table",
    "use_font_fallback",
]
