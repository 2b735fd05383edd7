"""Generated maps in headless Chromium, offline, as a person uses them.

One Chromium session serves the whole module (tests/browser.py ``Session``). Pages
are checked for what a reader sees and does: they render with no request (other
than a drill-down page's own ``../assets`` files), no console error and no dialog;
names cannot run as code; unit labels and colours are drawn; every finding is listed
and clicking it highlights its people; each filter hides what it should; search
finds by id, title and unit; PNG export yields an image. Expected values come from
the hand-built organisation of test_maps.py (9 people, 4 units, 3 findings) and the
sample organisation (samples/README.md).

Skipped only when no Chromium binary is installed (``apt-get install chromium``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from browser import Session, chromium_path
from test_maps import XSS, make_result, page_data
from test_maps_scale import org

from relgraph.analysis.result import AnalysisMeta, AnalysisResult
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


@pytest.fixture(scope="module")
def browser():
    with Session() as s:
        yield s


@pytest.fixture(scope="module")
def maps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("maps")
    result = make_result(names=PAYLOADS, unit_names={"fin": "<img src=y onerror=alert(5)>"},
                         titles={"acct": "<svg onload=alert(6)>"})
    write_maps(result, out)
    write_maps(result, out, focus="cfo", depth=1)
    write_maps(make_result(), out / "plain")
    return out


def assert_clean(page, assets: bool = False) -> None:  # noqa: ANN001 - tests.browser.PageResult
    assert page.ready, "the page never finished drawing"
    assert page.console_errors == []
    if assets:  # a drill-down page loads the folder's shared scripts, nothing else
        assert all(u.startswith("file://") and "/assets/" in u for u in page.requests), page.requests
    else:
        assert page.requests == []
    assert page.alerts == []


def click_node(label: str) -> str:
    """JS: click the node labelled ``label`` (as vis-network reports a click)."""
    return f"""(function () {{
  var n = network.body.data.nodes.get({{filter: function (x) {{
    return JSON.parse(document.getElementById("relgraph-data").textContent).nodes[x.id].label === {json.dumps(label)};
  }}}})[0];
  network.body.emitter.emit("click", {{nodes: [n.id], edges: []}});
  var p = document.getElementById("rg-panel");
  return {{hidden: p.hidden, text: p.textContent, tags: p.querySelectorAll("img,script,svg").length}};
}})()"""


def test_person_map_renders_offline_and_escapes_names(browser, maps: Path) -> None:
    page = browser.load(maps / "people.html", ready_js=READY, evaluate={
        "xss": "window.__xss === undefined ? null : window.__xss",
        "injected": "document.querySelectorAll('body img, #rg-legend script').length",
        "panel": click_node(XSS),
    })
    assert_clean(page)
    assert page.node_count == 9                      # 9 people in the hand-built org
    assert page.values["xss"] is None and page.values["injected"] == 0
    panel = page.values["panel"]
    assert not panel["hidden"] and XSS in panel["text"] and panel["tags"] == 0
    assert "betweenness (weighted)" in panel["text"] and "Contacts (2)" in panel["text"]


def test_unit_map_renders_offline(browser, maps: Path) -> None:
    page = browser.load(maps / "units.html", ready_js=READY, evaluate={
        "panel": click_node("<img src=y onerror=alert(5)>"),
        "hrefs": "network.body.data.nodes.get().filter(function (n, i) { return "
                 "JSON.parse(document.getElementById('relgraph-data').textContent).nodes[i].href; }).length",
        "link": "document.querySelector('#rg-panel a.rg-open').getAttribute('href')",
    })
    assert_clean(page)
    assert page.node_count == 4                      # it, fin, ven, sales
    assert page.values["hrefs"] == 4                 # every unit drills down
    assert page.values["panel"]["tags"] == 0 and "E-I index" in page.values["panel"]["text"]
    assert page.values["link"].startswith("units/fin-")


def test_drill_down_and_ego_pages(browser, maps: Path) -> None:
    ego = next(maps.glob("ego-*.html"))
    page = browser.load(ego, ready_js=READY)
    assert_clean(page)
    assert page.node_count == 3                      # cfo, acct, clerk
    fin = [p for p in (maps / "units").glob("*.html") if p.name.startswith("fin-")][0]
    page = browser.load(fin, ready_js=READY, evaluate={
        "back": "document.querySelector('header a').getAttribute('href')"})
    assert_clean(page, assets=True)
    assert page.node_count == 4                      # fin's 3 people + dev1 (acct's IT contact)
    assert page.values["back"] == "../units.html"


EXPLORE = {
    "labels": "window.relgraph.unitLabels.map(function (u) { return u.name; }).sort()",
    "colours": """(function () {
  var D = JSON.parse(document.getElementById("relgraph-data").textContent);
  return network.body.data.nodes.get().every(function (n) {
    return n.color.background === D.units[D.nodes[n.id].u].color; });
})()""",
    "kinds": "Array.from(document.querySelectorAll('#rg-findings li')).map(function (li) {"
             " return li.getAttribute('data-kind'); })",
}


def act(js: str) -> str:
    """JS: run ``js`` (statements), then report the visible node labels."""
    return f"(function () {{ {js}; return window.relgraph.visibleLabels().sort(); }})()"


def toggle(group: str, value: str, checked: bool) -> str:
    return (f"var c = document.querySelector('input[data-group=\"{group}\"][data-value=\"{value}\"]');"
            f" c.checked = {str(checked).lower()}; c.dispatchEvent(new Event('change'))")


def test_explorer_labels_findings_filters_search_export(browser, maps: Path) -> None:
    findings = page_data(maps / "plain" / "people.html")["findings"]
    clicks = {str(k): f"(function () {{ document.querySelector('#rg-findings li[data-k=\"{k}\"]')"
              ".click(); return window.relgraph.highlightedLabels.slice().sort(); })()"
              for k in range(len(findings))}
    search = "(function () { var s = document.getElementById('rg-search'); s.value = %s;" \
             " s.dispatchEvent(new Event('input')); return window.relgraph.matches; })()"
    page = browser.load(maps / "plain" / "people.html", ready_js=READY, evaluate={
        **EXPLORE, **{"click" + k: v for k, v in clicks.items()},
        "reset1": act("document.getElementById('rg-reset').click()"),
        "no_it": act(toggle("kind", "it", False)),
        "reset2": act(toggle("kind", "it", True)),
        "no_staff": act(toggle("level", "staff", False)),
        "staff_back": act(toggle("level", "staff", True)),
        "no_fin": act(toggle("unit", str(next(i for i, u in enumerate(
            page_data(maps / "plain" / "people.html")["units"]) if u["name"] == "Finance")), False)),
        "fin_back": act(toggle("unit", str(next(i for i, u in enumerate(
            page_data(maps / "plain" / "people.html")["units"]) if u["name"] == "Finance")), True)),
        "silo_only": act("var s = document.getElementById('rg-f-finding'); s.value = 'siloed-unit';"
                         " s.dispatchEvent(new Event('change'))"),
        "reset3": act("document.getElementById('rg-reset').click()"),
        "by_id": search % json.dumps("vrep"),
        "by_title": search % json.dumps("accounting"),
        "by_unit": search % json.dumps("sales"),
        "size_before": "window.relgraph.sizeOf(0)",
        "size_after": "(function () { var s = document.getElementById('rg-size'); s.value = '4';"
                      " s.dispatchEvent(new Event('change')); return window.relgraph.sizeOf(0); })()",
        "png": "(function () { document.getElementById('rg-png').click();"
               " return window.relgraph.lastExport; })()",
    })
    assert_clean(page)
    v = page.values
    assert v["labels"] == ["Acme Cloud", "Finance", "IT Operations", "Sales"] and v["colours"]
    # the three findings of the hand-built org, each listed once, in the audit's order
    assert sorted(v["kinds"]) == ["disconnected-executive", "fragile-bridge", "siloed-unit"]
    expected = {"disconnected-executive": ["Dee Cfo"], "fragile-bridge": ["Cid Dev"],
                "siloed-unit": ["Dee Cfo", "Eve Acct", "Fay Clerk"]}
    for k, f in enumerate(findings):
        assert v[f"click{k}"] == expected[f["kind"]], f["kind"]
    everyone = sorted(["Ann Cio", "Bob Dev", "Cid Dev", "Dee Cfo", "Eve Acct", "Fay Clerk",
                       "Gus Vendor", "Hal Sales", "Ida Sales"])
    assert v["reset1"] == everyone
    assert v["no_it"] == ["Dee Cfo", "Eve Acct", "Fay Clerk", "Gus Vendor", "Hal Sales", "Ida Sales"]
    assert v["reset2"] == everyone
    assert v["no_staff"] == ["Ann Cio", "Dee Cfo", "Eve Acct", "Gus Vendor"]   # staff: 5 people
    assert v["staff_back"] == everyone
    assert v["no_fin"] == ["Ann Cio", "Bob Dev", "Cid Dev", "Gus Vendor", "Hal Sales", "Ida Sales"]
    assert v["fin_back"] == everyone
    assert v["silo_only"] == ["Dee Cfo", "Eve Acct", "Fay Clerk"]
    assert v["reset3"] == everyone
    assert v["by_id"] == ["Gus Vendor"] and v["by_title"] == ["Eve Acct"]
    assert v["by_unit"] == ["Hal Sales", "Ida Sales"]
    # node 0 is Ann Cio: betweenness 0.3 of max 0.5 -> degree 2 of max 3 changes the size
    assert v["size_before"] != v["size_after"]
    assert v["png"]["prefix"] == "data:image/png;base64," and v["png"]["length"] > 5000


def test_large_map_opens_laid_out(browser, tmp_path: Path) -> None:
    info = render_person_map(org(2000), tmp_path / "big.html")
    assert (info.nodes, info.left_out) == (2000, 0)
    page = browser.load(tmp_path / "big.html", ready_js=READY, timeout=90, evaluate={
        "physics": "network.physics.options.enabled", "units": "window.relgraph.unitLabels.length"})
    assert_clean(page)
    assert page.node_count == 2000 and page.values["physics"] is False
    assert page.values["units"] == 80


def test_cut_map_says_how_many_were_left_out(browser, tmp_path: Path) -> None:
    info = render_person_map(org(1500), tmp_path / "cut.html", max_nodes=400)
    assert (info.nodes, info.left_out) == (400, 1100)
    page = browser.load(tmp_path / "cut.html", ready_js=READY,
                        evaluate={"note": "document.querySelector('header p.rg-note').textContent"})
    assert_clean(page)
    assert page.node_count == 400
    assert "400 most relevant of 1,500 people" in page.values["note"]


def test_harness_catches_what_it_should(browser, tmp_path: Path) -> None:
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
    page = browser.load(bad, ready_js="document.readyState === 'complete'", evaluate={
        "hover": "new Promise(function (r) { network.body.emitter.emit('showPopup', 1);"
                 " setTimeout(function () { r(1); }, 500); })",
    })
    assert page.node_count == 2
    assert any("jsdelivr" in u for u in page.requests)      # Bootstrap from a CDN
    assert page.console_errors                               # ... which fails offline
    assert page.alerts == ["alert: 1"]                       # and the title ran as HTML


def test_empty_analysis_renders(browser, tmp_path: Path) -> None:
    meta = AnalysisMeta(start=None, end=1793404800, as_of=1793404800, window_days=None,
                        half_life_days=30, channel_weights={}, seed=42, people=0, ties=0)
    write_maps(AnalysisResult(meta=meta), tmp_path)
    for name in ("people.html", "units.html"):
        page = browser.load(tmp_path / name, ready_js=READY)
        assert_clean(page)
        assert page.node_count == 0


# --- the sample organisation, audited: every finding kind is listed and highlights its people ---
@pytest.fixture(scope="module")
def sample_audit_maps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from relgraph.config import RelgraphConfig
    from relgraph.ingest import ingest
    from relgraph.run import run_analysis
    from relgraph.store import open_store

    samples = Path(__file__).resolve().parent.parent / "samples" / "acme"
    out = tmp_path_factory.mktemp("acme-audit")
    store = open_store(str(out / "acme.db"), create=True)
    try:
        ingest(store, [str(samples)])
        result = run_analysis(store, compare_to="previous")   # as the audit does: decay needs it
    finally:
        store.close()
    write_maps(result, out / "maps", config=RelgraphConfig(), drill_down=False)
    return out / "maps"


def test_sample_findings_are_listed_and_highlight_their_people(browser, sample_audit_maps: Path) -> None:
    data = page_data(sample_audit_maps / "people.html")
    findings = data["findings"]
    kinds = sorted({f["kind"] for f in findings})
    # the planted patterns (samples/README.md) give these kinds on the first audit
    assert {"disconnected-executive", "siloed-unit", "fragile-bridge", "overloaded-broker",
            "decaying-relationship", "isolated-stakeholder", "one-sided-relationship"} <= set(kinds)
    firsts = {f["kind"]: k for k, f in reversed(list(enumerate(findings)))}
    clicks = {kind: f"(function () {{ document.querySelector('#rg-findings li[data-k=\"{k}\"]')"
              ".click(); return window.relgraph.highlighted; })()" for kind, k in firsts.items()}
    page = browser.load(sample_audit_maps / "people.html", ready_js=READY, timeout=90, evaluate={
        "listed": EXPLORE["kinds"], **clicks})
    assert_clean(page)
    assert sorted(set(page.values["listed"])) == kinds
    assert len(page.values["listed"]) == len(findings)
    for kind, k in firsts.items():
        f = findings[k]
        want = sorted(set(f["n"]) | {i for e in f["e"] for i in e})
        assert page.values[kind] == want, kind
