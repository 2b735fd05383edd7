"""The explorer page: one template and one script shared by every map.

The page lays out a header (title, notes, a way back), a left panel (search with a
list of matches, findings grouped by kind, filters by unit kind, level, unit and
finding, a size-by switch, reset, PNG export, optional physics), the network
(vis-network, positions precomputed) and a side panel for the selected person or
unit. The script (``explorer.js``, next to this module) reads the page data from a
``<script type="application/json">`` block and builds every text with
``textContent``; nothing is fetched.

Pages that stand alone (``people.html``, ``units.html``, ego maps) inline
vis-network and the script; the per-unit drill-down pages of a maps folder load
them from ``assets/`` in that folder instead (``assets="../assets/"``), which keeps
a 10,000-person folder small (each inlined copy is ~0.7 MB).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from relgraph.maps.html import safe_json, vis_assets

ASSET_JS = "vis-network.min.js"
ASSET_EXPLORER = "explorer.js"

_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src {{ 'file: ' if assets else '' }}'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>{{ title }}</title>
{% if not assets %}<style>{{ vis_css }}</style>{% endif %}
<style>
html, body { margin: 0; height: 100%; font-family: Helvetica, Arial, sans-serif; color: #1d2939; font-size: 13px; }
body { display: flex; flex-direction: column; }
header { padding: 6px 14px; border-bottom: 1px solid #d0d5dd; background: #f9fafb; }
header h1 { font-size: 17px; margin: 0 0 2px 0; }
header p { margin: 1px 0; color: #475467; }
header p.rg-note { color: #8a4b00; }
header a { color: #175cd3; }
#rg-body { flex: 1; display: flex; min-height: 0; }
#rg-left { width: 270px; overflow-y: auto; border-right: 1px solid #d0d5dd; padding: 8px 10px; background: #fcfcfd; }
#rg-left h2, #rg-panel h3 { font-size: 12px; text-transform: uppercase; color: #475467; margin: 12px 0 4px; }
#rg-left h2:first-child { margin-top: 0; }
#rg-main { flex: 1; position: relative; min-width: 0; }
#mynetwork { position: absolute; inset: 0; }
#rg-panel { width: 300px; overflow-y: auto; border-left: 1px solid #d0d5dd; padding: 8px 12px; background: #fff; }
#rg-panel h2 { font-size: 16px; margin: 2px 0; }
#rg-panel table { border-collapse: collapse; width: 100%; }
#rg-panel td { border-bottom: 1px solid #eaecf0; padding: 2px 4px; vertical-align: top; }
#rg-panel td.n { text-align: right; }
.rg-sub { color: #475467; margin: 2px 0 6px; }
.rg-sw { display: inline-block; width: 11px; height: 11px; border-radius: 3px; margin-right: 5px; vertical-align: -1px; border: 1px solid rgba(0,0,0,0.25); }
.rg-tools { display: flex; gap: 6px; flex-wrap: wrap; margin-bottom: 6px; }
.rg-tools button { font-size: 12px; padding: 3px 8px; }
#rg-search { width: 100%; box-sizing: border-box; font-size: 13px; padding: 4px 6px; }
#rg-matches { list-style: none; margin: 2px 0; padding: 0; max-height: 190px; overflow-y: auto; }
#rg-matches li, .rg-flist li, .rg-nlist li { cursor: pointer; padding: 2px 4px; border-radius: 3px; }
#rg-matches li:hover, .rg-flist li:hover, .rg-nlist li:hover { background: #eff4ff; }
.rg-flist { list-style: none; margin: 2px 0 6px; padding: 0; }
.rg-flist li { border-left: 4px solid #98a2b3; margin: 2px 0; padding-left: 6px; }
.rg-flist li.sev-high { border-left-color: #b42318; } .rg-flist li.sev-medium { border-left-color: #dc6803; }
.rg-flist li.sev-low { border-left-color: #175cd3; } .rg-flist li.sev-info { border-left-color: #067647; }
.rg-flist li.on { background: #fee4e2; }
.rg-nlist { margin: 2px 0; padding-left: 22px; }
.rg-more { color: #667085; cursor: default; }
details summary { cursor: pointer; font-weight: bold; margin: 3px 0; }
.rg-check { display: block; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
#rg-f-unit { max-height: 200px; overflow-y: auto; }
#rg-legend div { display: flex; align-items: center; gap: 6px; margin: 1px 0; }
#rg-status { position: absolute; left: 10px; bottom: 8px; color: #475467; z-index: 5;
  background: rgba(255,255,255,0.9); padding: 2px 6px; border-radius: 4px; max-width: 70%; }
a.rg-open { display: inline-block; margin: 8px 0; font-weight: bold; color: #175cd3; }
div.vis-tooltip { font-size: 12px; padding: 4px 6px; background: #fffef6; border: 1px solid #b5b09a; }
@media print { #rg-left, #rg-panel { display: none; } }
</style>
{% if assets %}<script src="{{ assets }}{{ asset_js }}"></script>{% else %}<script>{{ vis_js }}</script>{% endif %}
</head>
<body>
<header>
{% if back %}<p><a href="{{ back }}">&larr; {{ back_label }}</a></p>{% endif %}
<h1>{{ title }}</h1>
{% for line in subtitle %}<p>{{ line }}</p>{% endfor %}
{% for line in notes %}<p class="rg-note">{{ line }}</p>{% endfor %}
</header>
<div id="rg-body">
<aside id="rg-left">
<div class="rg-tools"><button id="rg-reset" type="button">Reset view</button><button id="rg-png" type="button">Export PNG</button>
<label><input id="rg-physics" type="checkbox"> physics</label></div>
<div id="rg-size-box"><label>Size by <select id="rg-size"></select></label></div>
<h2>Search</h2>
<input id="rg-search" type="search" placeholder="Name, id, title or unit" aria-label="Search by name, id, title or unit">
<ul id="rg-matches"></ul>
<h2>Findings</h2>
<div id="rg-findings"></div>
<div id="rg-filters">
<h2>Filters</h2>
<label>Show <select id="rg-f-finding"><option value="">everyone</option></select></label>
<div id="rg-bridging-box"><label class="rg-check"><input id="rg-bridging" type="checkbox" data-group="none"> weak / bridging ties and local bridges in orange</label></div>
<div id="rg-inner-box"><label class="rg-check"><input id="rg-inner" type="checkbox" data-group="none"> ties inside units</label></div>
<h2>Unit kind (border)</h2><div id="rg-f-kind"></div>
<div id="rg-level-box"><h2>Level (shape)</h2><div id="rg-f-level"></div></div>
<div id="rg-unit-box"><h2>Units (colour)</h2><div id="rg-f-unit"></div></div>
</div>
<h2>Legend</h2>
<div id="rg-legend">
{% for svg, text in legend %}<div>{{ svg }}<span>{{ text }}</span></div>
{% endfor %}</div>
</aside>
<div id="rg-main"><div id="mynetwork"></div><div id="rg-status">Drawing&hellip;</div></div>
<aside id="rg-panel" hidden></aside>
</div>
<script type="application/json" id="relgraph-data">{{ data }}</script>
{% if assets %}<script src="{{ assets }}{{ asset_explorer }}"></script>{% else %}<script>{{ explorer_js }}</script>{% endif %}
</body>
</html>
"""


@cache
def explorer_js() -> str:
    """The explorer script (shared by every page)."""
    js = (Path(__file__).parent / ASSET_EXPLORER).read_text(encoding="utf-8")
    if "</script" in js.lower():  # pragma: no cover
        raise RuntimeError("explorer.js cannot be inlined safely")
    return js


@cache
def _template():  # noqa: ANN202 - jinja2 Template
    return Environment(autoescape=True, keep_trailing_newline=True).from_string(_TEMPLATE)


def render_explorer(data: dict[str, Any], *, title: str, subtitle: list[str], notes: list[str],
                    legend: list[tuple[str, str]], back: str = "", back_label: str = "",
                    assets: str = "") -> str:
    """The complete HTML page of one map (see the module docstring).

    Parameters
    ----------
    data : dict
        Page data from :mod:`relgraph.maps.explorer` or :mod:`relgraph.maps.unit`.
    title, subtitle, notes : str, list of str
        Header texts (escaped); ``notes`` are warnings such as people left out.
    legend : list of (svg, text)
        Legend rows; the svg comes from :mod:`relgraph.maps.style`.
    back, back_label : str
        A link back (drill-down pages to the unit map).
    assets : str
        Relative folder holding vis-network and the script (``""``: inline both).
    """
    js, css = vis_assets()
    legend_safe = [(Markup(svg), text) for svg, text in legend]  # noqa: S704 - our own SVG
    return _template().render(
        title=title, subtitle=subtitle, notes=notes, legend=legend_safe, back=back,
        back_label=back_label, assets=assets, asset_js=ASSET_JS, asset_explorer=ASSET_EXPLORER,
        vis_js=Markup(js), vis_css=Markup(css), explorer_js=Markup(explorer_js()),  # noqa: S704
        data=Markup(safe_json(data)),  # noqa: S704 - escaped JSON
    )


def write_assets(folder: Path) -> list[Path]:
    """Write vis-network and the explorer script into ``folder`` (for drill-down pages)."""
    folder.mkdir(parents=True, exist_ok=True)
    js, _css = vis_assets()
    out = []
    for name, text in ((ASSET_JS, js), (ASSET_EXPLORER, explorer_js())):
        p = folder / name
        p.write_text(text, encoding="utf-8")
        out.append(p)
    return out
