"""Generated maps in headless Chromium, offline: they render, fetch nothing, run no injected code.

Skipped only when no Chromium binary is installed (``apt-get install chromium``;
CI installs it). Node counts are read from the page's vis ``network`` object and
compared with the hand-built organisation of test_maps.py (9 people, 4 units).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from browser import chromium_path, load_page
from test_maps import XSS, make_result

from relgraph.analysis.result import (
    AnalysisMeta,
    AnalysisResult,
    PersonMetrics,
    TieMetrics,
    UnitMetrics,
)
from relgraph.maps import render_person_map, write_maps

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(chromium_path() is None, reason="no chromium binary (apt-get install chromium)"),
]

READY = "window.relgraph && window.relgraph.ready"
PAYLOADS = {
    "cfo": XSS,
    "vrep": '<img src=x onerror="window.__xss=1">',
    "s1": "</script><script>window.__xss=2</script>",
}


def hover(label: str) -> str:
    """JS: move the mouse onto the node labelled ``label``; resolve with the tooltip."""
    return f"""new Promise(function (resolve) {{
  var node = network.body.data.nodes.get({{filter: function (n) {{ return n.label === {json.dumps(label)}; }}}})[0];
  network.moveTo({{position: network.getPositions([node.id])[node.id], scale: 1.5}});
  var d = network.canvasToDOM(network.getPositions([node.id])[node.id]);
  var c = network.canvas.frame.canvas, r = c.getBoundingClientRect();
  c.dispatchEvent(new MouseEvent("mousemove", {{clientX: r.left + d.x, clientY: r.top + d.y, bubbles: true}}));
  setTimeout(function () {{
    var t = document.querySelector("div.vis-tooltip");
    resolve(t ? {{text: t.textContent, imgs: t.querySelectorAll("img,script,svg").length,
                 shown: t.style.visibility !== "hidden"}} : null);
  }}, 700);
}})"""


@pytest.fixture(scope="module")
def maps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("maps")
    result = make_result(names=PAYLOADS, unit_names={"fin": "<img src=y onerror=alert(5)>"},
                         titles={"acct": "<svg onload=alert(6)>"})
    write_maps(result, out)
    write_maps(result, out, focus="cfo", depth=1)
    return out


def assert_clean(page) -> None:  # noqa: ANN001 - tests.browser.PageResult
    assert page.ready, "the layout never finished"
    assert page.console_errors == []
    assert page.requests == []
    assert page.alerts == []


def test_person_map_renders_offline_and_escapes_names(maps: Path) -> None:
    page = load_page(maps / "people.html", ready_js=READY, evaluate={
        "xss": "window.__xss === undefined ? null : window.__xss",
        "injected": "document.querySelectorAll('body img, #rg-legend script').length",
        "tip": hover(XSS),
    })
    assert_clean(page)
    assert page.node_count == 9                      # 9 people in the hand-built org
    assert page.values["xss"] is None and page.values["injected"] == 0
    tip = page.values["tip"]
    assert tip is not None and tip["shown"], "hovering a node shows no tooltip"
    assert XSS in tip["text"] and tip["imgs"] == 0   # the payload is text, not markup


def test_unit_map_renders_offline(maps: Path) -> None:
    page = load_page(maps / "units.html", ready_js=READY, evaluate={
        "tip": hover("<img src=y onerror=alert(5)>"),
        "hrefs": "network.body.data.nodes.get().filter(function (n) { return n.href; }).length",
    })
    assert_clean(page)
    assert page.node_count == 4                      # it, fin, ven, sales
    assert page.values["hrefs"] == 4                 # every unit drills down
    assert page.values["tip"]["imgs"] == 0 and "E-I index" in page.values["tip"]["text"]


def test_drill_down_and_ego_pages(maps: Path) -> None:
    ego = next(maps.glob("ego-*.html"))
    page = load_page(ego, ready_js=READY)
    assert_clean(page)
    assert page.node_count == 3                      # cfo, acct, clerk
    fin = [p for p in (maps / "units").glob("*.html") if p.name.startswith("fin-")][0]
    page = load_page(fin, ready_js=READY)
    assert_clean(page)
    assert page.node_count == 4                      # fin's 3 people + dev1 (acct's IT contact)


def synthetic(n: int, seed: int = 5) -> AnalysisResult:
    """A random org of n people in 20 units, ~4 ties each (seeded)."""
    rnd = random.Random(seed)
    kinds = ["it"] * 6 + ["business"] * 11 + ["vendor"] * 3
    people = [PersonMetrics(id=f"p{i:05d}", name=f"P {i}", title="", unit=f"u{i % 20:02d}",
                            unit_kind=kinds[i % 20], level="staff", degree=0, strength=0.0,
                            betweenness=rnd.random(), betweenness_unweighted=0.0,
                            harmonic_closeness=0.0, pagerank=0.0) for i in range(n)]
    pairs = {tuple(sorted(rnd.sample(range(n), 2))) for _ in range(2 * n)}
    ties = [TieMetrics(source=f"p{a:05d}", target=f"p{b:05d}", source_unit=f"u{a % 20:02d}",
                       target_unit=f"u{b % 20:02d}", strength=rnd.random(), count=1, overlap=0.5,
                       strong=False, bridging=False, local_bridge=False, bridge=False,
                       cross_unit=a % 20 != b % 20, cross_kind=False, source_share=0.5)
            for a, b in sorted(pairs)]
    units = [UnitMetrics(id=f"u{u:02d}", name=f"Unit {u}", kind=kinds[u], headcount=n // 20,
                         active=n // 20, internal_ties=0, external_ties=0, internal_strength=0.0,
                         external_strength=0.0, ei_index=0.0, ei_weighted=0.0) for u in range(20)]
    meta = AnalysisMeta(start=None, end=1793404800, as_of=1793404800, window_days=None,
                        half_life_days=30, channel_weights={}, seed=42, people=n, ties=len(ties))
    return AnalysisResult(meta=meta, people=people, ties=ties, units=units)


def test_large_map_is_cut_and_stabilises(tmp_path: Path) -> None:
    info = render_person_map(synthetic(1500), tmp_path / "big.html", max_nodes=400)
    assert (info.nodes, info.left_out) == (400, 1100)
    page = load_page(tmp_path / "big.html", ready_js=READY, timeout=90,
                     evaluate={"note": "document.querySelector('header p.rg-note').textContent"})
    assert_clean(page)
    assert page.node_count == 400
    assert "400 most relevant of 1,500 people" in page.values["note"]


def test_harness_catches_what_it_should(tmp_path: Path) -> None:
    """Negative control: pyvis's own page with a hostile tooltip fails the checks above.

    vis-network 9.1.2 shows a string ``title`` with ``innerText``, but pyvis's
    template switches to its own popup with ``innerHTML`` when a title contains
    ``href``; and it loads Bootstrap from a CDN even with ``cdn_resources="in_line"``.
    """
    from pyvis.network import Network

    net = Network(cdn_resources="in_line")
    net.add_node(1, label="a", title='<a href="#">x</a><img src=x onerror=alert(1)>')
    net.add_node(2, label="b")
    net.add_edge(1, 2)
    bad = tmp_path / "pyvis.html"
    bad.write_text(net.generate_html(), encoding="utf-8")
    page = load_page(bad, ready_js="document.readyState === 'complete'", evaluate={
        "hover": "new Promise(function (r) { network.body.emitter.emit('showPopup', 1);"
                 " setTimeout(function () { r(1); }, 500); })",
    })
    assert page.node_count == 2
    assert any("jsdelivr" in u for u in page.requests)      # Bootstrap from a CDN
    assert page.console_errors                               # ... which fails offline
    assert page.alerts == ["alert: 1"]                       # and the title ran as HTML


def test_empty_analysis_renders(tmp_path: Path) -> None:
    meta = AnalysisMeta(start=None, end=1793404800, as_of=1793404800, window_days=None,
                        half_life_days=30, channel_weights={}, seed=42, people=0, ties=0)
    write_maps(AnalysisResult(meta=meta), tmp_path)
    for name in ("people.html", "units.html"):
        page = load_page(tmp_path / name, ready_js=READY)
        assert_clean(page)
        assert page.node_count == 0


def test_find_box_selects_a_person(maps: Path) -> None:
    page = load_page(maps / "people.html", ready_js=READY, evaluate={
        "selected": """new Promise(function (resolve) {
  var box = document.getElementById("rg-find");
  box.value = "eve acct";
  box.dispatchEvent(new Event("change"));
  setTimeout(function () {
    var ids = network.getSelectedNodes();
    resolve(ids.length ? network.body.data.nodes.get(ids[0]).label : null);
  }, 100);
})""",
        "options": "document.querySelectorAll('#rg-names option').length",
    })
    assert_clean(page)
    assert page.values["selected"] == "Eve Acct" and page.values["options"] == 9
