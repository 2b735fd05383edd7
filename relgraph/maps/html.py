"""Self-contained, offline HTML pages for the maps.

pyvis 0.3.2 builds the network (nodes, edges and vis options), but its page
template is not used: even with ``cdn_resources="in_line"`` it loads Bootstrap
(CSS and JS) from a CDN, so offline the page logs errors, and as soon as one
``title`` contains ``href`` it shows every tooltip with ``innerHTML`` (an XSS
hole for names from user data; tests/test_maps_browser.py shows both). vis-network
9.1.2 itself sets a string ``title`` with ``innerText`` (safe, but no layout) and
appends an Element ``title`` as is. This module writes its own page instead:

- vis-network's JavaScript and CSS (bundled with pyvis) are inlined; the page
  fetches nothing, so it works on an air-gapped laptop;
- graph data is embedded as JSON in a ``<script type="application/json">``
  block with ``<``, ``>``, ``&`` escaped, so no user string can close the tag;
- tooltips are built in the browser as DOM elements with ``textContent``
  (never ``innerHTML``), and canvas labels are plain text, so a name like
  ``<img src=x onerror=alert(1)>`` shows as text;
- the output is deterministic: fixed layout seed, sorted JSON, no timestamps.

When the layout has stabilised the page sets ``window.relgraph.ready`` (and
``stabilizedMs``), which the browser tests and the benchmark read.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pyvis
from jinja2 import Environment
from markupsafe import Markup
from pyvis.network import Network

from relgraph.errors import UsageError

VIS_VERSION = "9.1.2"


@cache
def vis_assets() -> tuple[str, str]:
    """vis-network's minified JavaScript and CSS, as bundled by pyvis."""
    root = Path(pyvis.__file__).parent
    for base in (root / "templates" / "lib", root / "lib"):
        d = base / f"vis-{VIS_VERSION}"
        if (d / "vis-network.min.js").exists():
            js = (d / "vis-network.min.js").read_text(encoding="utf-8")
            css = (d / "vis-network.css").read_text(encoding="utf-8")
            if "</script" in js.lower() or "</style" in css.lower():  # pragma: no cover
                raise RuntimeError("vis-network assets cannot be inlined safely")
            return js, css
    raise RuntimeError(f"vis-network {VIS_VERSION} not found in the pyvis package")  # pragma: no cover


def safe_json(obj: Any) -> str:
    """JSON that is safe inside a ``<script>`` element (no ``</script>``, no ``<!--``)."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def tooltip(heading: str, rows: list[tuple[str, str]], *, sub: str = "",
            notes: list[str] | None = None) -> dict[str, Any]:
    """Tooltip data; the page turns it into a DOM element with ``textContent`` only."""
    tip: dict[str, Any] = {"h": heading, "r": [list(r) for r in rows]}
    if sub:
        tip["s"] = sub
    if notes:
        tip["f"] = list(notes)
    return tip


def new_network() -> Network:
    """An empty pyvis network; fill ``nodes``/``edges`` in bulk (``add_edge`` is O(E) each)."""
    return Network(height="100%", width="100%", cdn_resources="in_line")


def physics_options(n_nodes: int, seed: int = 7) -> dict[str, Any]:
    """vis-network options that stabilise quickly, scaled to the node count.

    Small maps use Barnes-Hut with vis's improved initial layout; from 150
    nodes on, ForceAtlas2 with a bounded number of stabilisation iterations,
    straight edges (smooth edges add a physics node per edge) and edges hidden
    while dragging. Physics is switched off once the layout is stable.
    """
    big = n_nodes > 150
    iterations = 1000 if not big else max(80, min(400, 120_000 // max(n_nodes, 1)))
    physics: dict[str, Any] = {
        "enabled": n_nodes > 0,
        "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 25,
                          "fit": True},
        "minVelocity": 1.0,
    }
    if big:
        physics.update({
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "centralGravity": 0.012,
                                 "springLength": 90, "springConstant": 0.06, "damping": 0.5,
                                 "avoidOverlap": 0.2},
            "timestep": 0.5, "adaptiveTimestep": True,
        })
    else:
        physics.update({
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -9000, "centralGravity": 0.25,
                          "springLength": 140, "springConstant": 0.03, "damping": 0.12,
                          "avoidOverlap": 0.3},
        })
    return {
        "layout": {"randomSeed": seed, "improvedLayout": not big},
        "physics": physics,
        "edges": {"smooth": False if big else {"enabled": True, "type": "continuous"},
                  "selectionWidth": 2},
        "nodes": {"font": {"face": "Helvetica, Arial, sans-serif", "size": 14}},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": big,
                        "navigationButtons": False, "keyboard": False, "multiselect": False},
    }


_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>{{ title }}</title>
<style>{{ vis_css }}</style>
<style>
html, body { margin: 0; height: 100%; font-family: Helvetica, Arial, sans-serif; color: #222; }
body { display: flex; flex-direction: column; }
header { padding: 8px 14px; border-bottom: 1px solid #ddd; background: #fafafa; }
header h1 { font-size: 18px; margin: 0 0 2px 0; }
header p { margin: 2px 0; font-size: 13px; color: #444; }
header p.rg-note { color: #8a4b00; }
#rg-find-box { float: right; margin-left: 12px; }
#rg-find { font-size: 13px; padding: 3px 6px; width: 220px; }
#rg-main { flex: 1; position: relative; min-height: 300px; }
#mynetwork { position: absolute; inset: 0; }
#rg-legend { position: absolute; top: 10px; right: 10px; background: rgba(255,255,255,0.93);
  border: 1px solid #ccc; border-radius: 6px; padding: 8px 10px; font-size: 12px; max-width: 290px; z-index: 5; }
#rg-legend h2 { font-size: 12px; margin: 6px 0 3px 0; text-transform: uppercase; color: #555; }
#rg-legend h2:first-child { margin-top: 0; }
#rg-legend div { display: flex; align-items: center; gap: 6px; margin: 1px 0; }
#rg-status { position: absolute; left: 12px; bottom: 10px; font-size: 12px; color: #555; z-index: 5;
  background: rgba(255,255,255,0.85); padding: 2px 6px; border-radius: 4px; }
div.vis-tooltip { white-space: normal; max-width: 380px; font-size: 12px; padding: 6px 8px;
  background: #fffef6; border: 1px solid #b5b09a; }
.rg-tip-h { font-weight: bold; font-size: 13px; }
.rg-tip-s { color: #555; margin-bottom: 4px; }
.rg-tip table { border-collapse: collapse; }
.rg-tip td { padding: 0 8px 0 0; vertical-align: top; }
.rg-tip td:first-child { color: #666; }
.rg-tip ul { margin: 4px 0 0 0; padding-left: 16px; color: #a01010; }
</style>
<script>{{ vis_js }}</script>
</head>
<body>
<header>
<div id="rg-find-box"><input id="rg-find" list="rg-names" placeholder="Find by name&hellip;" aria-label="Find by name"><datalist id="rg-names"></datalist></div>
<h1>{{ title }}</h1>
{% for line in subtitle %}<p>{{ line }}</p>{% endfor %}
{% for line in notes %}<p class="rg-note">{{ line }}</p>{% endfor %}
</header>
<div id="rg-main">
<div id="mynetwork"></div>
<div id="rg-legend">
{% for section, rows in legend %}<h2>{{ section }}</h2>
{% for svg, text in rows %}<div>{{ svg }}<span>{{ text }}</span></div>
{% endfor %}{% endfor %}</div>
<div id="rg-status">Laying out&hellip;</div>
</div>
<script type="application/json" id="relgraph-data">{{ data }}</script>
<script>
var network = null;
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("relgraph-data").textContent);
  var status = document.getElementById("rg-status");
  var t0 = performance.now();
  window.relgraph = {ready: false, nodeCount: data.nodes.length, edgeCount: data.edges.length,
                     stabilizedMs: null, hint: data.hint};
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function tip(t) {
    var box = el("div", "rg-tip");
    box.appendChild(el("div", "rg-tip-h", t.h));
    if (t.s) { box.appendChild(el("div", "rg-tip-s", t.s)); }
    var table = el("table");
    t.r.forEach(function (row) {
      var tr = el("tr");
      tr.appendChild(el("td", "", row[0]));
      tr.appendChild(el("td", "", row[1]));
      table.appendChild(tr);
    });
    box.appendChild(table);
    if (t.f && t.f.length) {
      var ul = el("ul");
      t.f.forEach(function (f) { ul.appendChild(el("li", "", f)); });
      box.appendChild(ul);
    }
    return box;
  }
  [data.nodes, data.edges].forEach(function (items) {
    items.forEach(function (item) {
      if (item.tip) { item.title = tip(item.tip); delete item.tip; }
    });
  });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  network = new vis.Network(document.getElementById("mynetwork"), {nodes: nodes, edges: edges},
                            data.options);
  function done() {
    if (window.relgraph.ready) { return; }
    network.setOptions({physics: {enabled: false}});
    network.fit();
    window.relgraph.stabilizedMs = Math.round(performance.now() - t0);
    window.relgraph.ready = true;
    status.textContent = data.hint;
  }
  network.on("stabilizationProgress", function (p) {
    status.textContent = "Laying out\u2026 " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", done);
  network.once("stabilized", done);
  if (!data.options.physics.enabled) { done(); }
  var list = document.getElementById("rg-names");
  data.nodes.map(function (n) { return n.label; }).sort().forEach(function (label) {
    var o = document.createElement("option");
    o.value = label;
    list.appendChild(o);
  });
  document.getElementById("rg-find").addEventListener("change", function (ev) {
    var q = ev.target.value.toLowerCase();
    var hit = nodes.get({filter: function (n) { return n.label.toLowerCase() === q; }})[0] ||
              nodes.get({filter: function (n) { return n.label.toLowerCase().indexOf(q) >= 0; }})[0];
    if (hit) {
      network.selectNodes([hit.id]);
      network.focus(hit.id, {scale: 1.4, animation: {duration: 400}});
    }
  });
  network.on("click", function (p) {
    if (p.nodes.length === 1) {
      var n = nodes.get(p.nodes[0]);
      if (n && n.href) { window.location.href = n.href; }
    }
  });
})();
</script>
</body>
</html>
"""

_env = Environment(autoescape=True, keep_trailing_newline=True)


def render_page(net: Network, *, title: str, subtitle: list[str], notes: list[str],
                legend: list[tuple[str, list[tuple[str, str]]]], hint: str) -> str:
    """The complete HTML page of one map.

    Parameters
    ----------
    net : pyvis.network.Network
        Nodes, edges and options (``net.options`` as a dict).
    title, subtitle, notes, hint : str
        Page texts (escaped); ``notes`` are warnings such as people left out.
    legend : list
        ``(section, [(svg, text), ...])``; the svg comes from :mod:`relgraph.maps.style`.
    """
    nodes, edges, _heading, _h, _w, options = net.get_network_data()
    data = {"nodes": nodes, "edges": edges, "options": json.loads(options), "hint": hint}
    js, css = vis_assets()
    legend_safe = [(section, [(Markup(svg), text) for svg, text in rows])  # noqa: S704 - our own SVG
                   for section, rows in legend]
    return _env.from_string(_TEMPLATE).render(
        title=title, subtitle=subtitle, notes=notes, legend=legend_safe,
        vis_js=Markup(js), vis_css=Markup(css), data=Markup(safe_json(data)),  # noqa: S704
    )


def write_page(path: str | Path, html: str) -> int:
    """Write a page (creating parent directories); return its size in bytes."""
    p = Path(path)
    if p.suffix.lower() not in (".html", ".htm"):
        raise UsageError(f"map file must end in .html: {p}")
    p.parent.mkdir(parents=True, exist_ok=True)
    raw = html.encode("utf-8")
    p.write_bytes(raw)
    return len(raw)
