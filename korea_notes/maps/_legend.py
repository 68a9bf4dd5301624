"""A legend (a Leaflet control) and an attribution line, both built from escaped text."""

from __future__ import annotations

import json

from branca.element import MacroElement
from jinja2 import Template

from ._text import escape_text
from ._words import LEGEND_TOGGLE, word

LegendEntry = tuple[str, str, str]  # (label, colour, "line" | "dashed" | "area" | "point")


def _swatch(colour: str, kind: str) -> str:
    colour = escape_text(colour)
    if kind == "point":
        return (f"<span style='display:inline-block;width:11px;height:11px;border-radius:50%;"
                f"background:{colour};border:1px solid #fff;box-shadow:0 0 0 1px #888'></span>")
    if kind == "area":
        return (f"<span style='display:inline-block;width:18px;height:10px;background:{colour};"
                f"opacity:.6;border:1px solid {colour}'></span>")
    style = "dashed" if kind == "dashed" else "solid"
    return f"<span style='display:inline-block;width:18px;border-top:3px {style} {colour}'></span>"


def legend_html(entries: list[LegendEntry], *, title: str, caption: str, summary: str | None = None,
                lang: str = "en") -> str:
    """Return the legend's HTML: a title, one row per entry, and a caption on derivation and precision.

    The legend is a ``<details>`` element: a click on its title folds it away (and unfolds it again). The
    caption sits in a second, folded ``<details>`` whose one-line ``summary`` gives the precision, so the
    open legend stays small.

    Parameters
    ----------
    entries
        ``(label, colour, kind)`` rows; kind is ``"line"``, ``"dashed"``, ``"area"`` or ``"point"``.
    title
        The legend's title.
    caption
        Plain text saying how the lines were derived and how precise they are.
    summary
        The caption's one-line summary (shown folded); None shows the whole caption unfolded.
    lang
        The language of the text (``"en"`` or ``"ko"``): the legend's ``lang`` attribute and its tooltip.

    Returns
    -------
    str
        HTML in which every label and the caption are escaped.

    """
    rows = "".join(
        f"<div class='korea-notes-legend-row' style='display:flex;align-items:center;gap:6px;margin:2px 0'>"
        f"{_swatch(colour, kind)}<span>{escape_text(label)}</span></div>"
        for label, colour, kind in entries
    )
    style = "margin-top:5px;font-size:11px;color:#444"
    if summary is None:
        note = f"<div class='korea-notes-caption' style='{style}'>{escape_text(caption)}</div>"
    else:
        note = (f"<details class='korea-notes-caption' style='{style}'><summary style='cursor:pointer'>"
                f"{escape_text(summary)}</summary>{escape_text(caption)}</details>")
    toggle = escape_text(word(LEGEND_TOGGLE, lang))
    return (f"<details class='korea-notes-legend' open lang='{escape_text(lang)}' "
            f"style='background:rgba(255,255,255,.93);padding:6px 8px;"
            f"border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.35);font:12px/1.35 sans-serif;"
            f"color:#222;max-width:290px'>"
            f"<summary style='font-weight:bold;cursor:pointer;margin-bottom:3px' title='{toggle}'>"
            f"{escape_text(title)}</summary>{rows}{note}</details>")


class Legend(MacroElement):
    """A Leaflet control in a corner of the map holding ready-made (escaped) HTML.

    Parameters
    ----------
    html
        The legend's HTML (see :func:`legend_html`).
    position
        A Leaflet control position such as ``"bottomleft"``.

    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            var legend = L.control({position: {{ this.position_json }}});
            legend.onAdd = function() {
                var div = L.DomUtil.create('div', 'korea-notes-legend-control');
                div.innerHTML = {{ this.html_json }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
    """)

    def __init__(self, html: str, position: str = "bottomleft") -> None:
        super().__init__()
        self._name = "Legend"
        self.html = html
        self.html_json = _js_string(html)
        self.position_json = _js_string(position)


class Attribution(MacroElement):
    """Add a line of (escaped) text to the map's attribution control.

    Parameters
    ----------
    text
        Plain text.

    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.html_json }});
        {% endmacro %}
    """)

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Attribution"
        self.html_json = _js_string(escape_text(text))


def _js_string(text: str) -> str:
    """Return a JavaScript string literal that is also safe inside a ``<script>`` element."""
    return json.dumps(text).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


#: Maps narrower than this (pixels) start with the legend folded and the layer list collapsed.
FOLD_BELOW_PX = 640


class FoldOnSmallMaps(MacroElement):
    """Fit the first view around the controls: on a small map fold them, on a wide one frame beside the legend.

    On a map narrower than :data:`FOLD_BELOW_PX` the legend starts folded and the layer control collapsed to
    its button; on a wider map the first view is fitted again with room on the left for the open legend.

    Parameters
    ----------
    layer_control
        The map's :class:`folium.LayerControl` (added to the map before this element).
    bounds
        ``[[south, west], [north, east]]``: what the first view must show.

    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }};
            var legend = map.getContainer().querySelector('details.korea-notes-legend');
            var control = {{ this.control_name }};
            var touched = false, folded = false;
            ['mousedown', 'wheel', 'touchstart', 'keydown'].forEach(function(name) {
                map.getContainer().addEventListener(name, function() { touched = true; }, {once: true});
            });
            function arrange() {
                if (touched) return;  // the reader has moved the map or used a control: leave it
                var small = map.getSize().x < {{ this.width }};
                if (small && !folded) {
                    folded = true;
                    if (legend) legend.open = false;
                    control.options.collapsed = true;
                    control.remove();
                    control.addTo(map);
                }
                // Frame the places to the right of the open legend, so it hides none of them.
                var left = (!small && legend && legend.open) ? legend.offsetWidth + 20 : 20;
                map.fitBounds({{ this.bounds_json }}, {paddingTopLeft: [left, 20], paddingBottomRight: [20, 20]});
            }
            arrange();
            map.on('resize', arrange);  // a notebook column often settles its width after the map loads
        })();
        {% endmacro %}
    """)

    def __init__(self, layer_control: MacroElement, bounds: list[list[float]]) -> None:
        super().__init__()
        self._name = "FoldOnSmallMaps"
        self.control_name = layer_control.get_name()
        self.bounds_json = json.dumps(bounds)
        self.width = int(FOLD_BELOW_PX)
