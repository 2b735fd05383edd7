"""Map renderers on a hand-built analysis (no browser; see test_maps_browser.py).

The organisation (expected values below are worked out by hand from it):

    units: it (IT: cio, dev1, dev2), fin (business: cfo, acct, clerk; E-I -0.75 -> silo),
           ven (vendor: vrep), sales (business: s1, s2)
    ties:  cio-dev1, cio-dev2 (bridging), dev1-dev2, acct-dev1 (bridging, local bridge),
           acct-cfo, acct-clerk, cfo-clerk, dev2-vrep (local bridge, bridge), s1-s2  (9 ties)
           (tie flags are given, as the analysis would report them; the maps only draw them)
    pairs: fin-it (single points acct, dev1), it-ven (single points dev2, vrep)
    executives: cfo (score 0.8: disconnected), cio (score 0.1)

The audit's rules (default configuration) give three findings on it: cfo is a
disconnected executive (0.8 >= 0.5), fin is siloed (E-I -0.75 <= -0.6, 3 active), and
vendor ven is reached only through dev2 (1 contact < 2). sales (E-I -1) has only 2
active people (< 3) and the fin-it pair (strength 1 < 5) is too weak for a finding.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from relgraph.analysis.result import (
    AnalysisMeta,
    AnalysisResult,
    ExecutiveMetrics,
    PersonMetrics,
    TieMetrics,
    UnitMetrics,
    UnitPair,
)
from relgraph.cli import main
from relgraph.errors import UsageError
from relgraph.maps import map_findings, render_person_map, render_unit_map, slug, write_maps
from relgraph.maps.explorer import BRIDGE, BRIDGING, CROSS_UNIT, LOCAL_BRIDGE
from relgraph.maps.palette import PALETTE
from relgraph.maps.style import DISCONNECTED_EXEC

XSS = "<img src=x onerror=alert(1)>"

UNITS = {"it": ("IT Operations", "it"), "fin": ("Finance", "business"),
         "ven": ("Acme Cloud", "vendor"), "sales": ("Sales", "business")}
# id: (name, title, unit, level, betweenness)
PEOPLE = {
    "cio": ("Ann Cio", "Chief Information Officer", "it", "executive", 0.30),
    "dev1": ("Bob Dev", "Engineer", "it", "staff", 0.50),
    "dev2": ("Cid Dev", "Engineer", "it", "staff", 0.40),
    "cfo": ("Dee Cfo", "Chief Financial Officer", "fin", "executive", 0.00),
    "acct": ("Eve Acct", "Accounting Manager", "fin", "manager", 0.35),
    "clerk": ("Fay Clerk", "Clerk", "fin", "staff", 0.05),
    "vrep": ("Gus Vendor", "Account Manager", "ven", "vendor_contact", 0.00),
    "s1": ("Hal Sales", "Rep", "sales", "staff", 0.00),
    "s2": ("Ida Sales", "Rep", "sales", "staff", 0.00),
}
TIES = [("cio", "dev1"), ("cio", "dev2"), ("dev1", "dev2"), ("acct", "dev1"), ("acct", "cfo"),
        ("acct", "clerk"), ("cfo", "clerk"), ("dev2", "vrep"), ("s1", "s2")]


def make_result(names: dict[str, str] | None = None, unit_names: dict[str, str] | None = None,
                titles: dict[str, str] | None = None) -> AnalysisResult:
    names, unit_names, titles = names or {}, unit_names or {}, titles or {}
    people = [
        PersonMetrics(id=pid, name=names.get(pid, n), title=titles.get(pid, t), unit=u,
                      unit_kind=UNITS[u][1], level=lv, degree=sum(pid in tie for tie in TIES),
                      strength=1.0, betweenness=b, betweenness_unweighted=b,
                      harmonic_closeness=0.5, pagerank=0.1, constraint=0.5,
                      articulation_point=pid == "dev2")
        for pid, (n, t, u, lv, b) in sorted(PEOPLE.items())
    ]
    unit_of = {pid: v[2] for pid, v in PEOPLE.items()}
    ties = [
        TieMetrics(source=a, target=b, source_unit=unit_of[a], target_unit=unit_of[b],
                   strength=4.0 if (a, b) == ("cio", "dev1") else 1.0, count=3, overlap=0.2,
                   strong=False, bridging=(a, b) in (("acct", "dev1"), ("cio", "dev2")),
                   local_bridge=(a, b) in (("acct", "dev1"), ("dev2", "vrep")),
                   bridge=(a, b) == ("dev2", "vrep"), cross_unit=unit_of[a] != unit_of[b],
                   cross_kind=UNITS[unit_of[a]][1] != UNITS[unit_of[b]][1], source_share=0.75)
        for a, b in sorted(TIES)
    ]
    ei = {"it": -0.2, "fin": -0.75, "ven": 1.0, "sales": -1.0}
    units = [
        UnitMetrics(id=u, name=unit_names.get(u, n), kind=k,
                    headcount=sum(v[2] == u for v in PEOPLE.values()),
                    active=sum(v[2] == u for v in PEOPLE.values()), internal_ties=1,
                    external_ties=1, internal_strength=1.0, external_strength=1.0,
                    ei_index=ei[u], ei_weighted=ei[u], ties_to_it=1, ties_to_business=1)
        for u, (n, k) in sorted(UNITS.items())
    ]
    pairs = [
        UnitPair(unit_a="fin", unit_b="it", ties=1, strength=1.0, people_a=1, people_b=1,
                 top_person="acct", top_person_share=0.5, single_points=["acct", "dev1"]),
        UnitPair(unit_a="it", unit_b="ven", ties=1, strength=1.0, people_a=1, people_b=1,
                 top_person="dev2", top_person_share=0.5, single_points=["dev2", "vrep"]),
    ]

    def ex(pid: str, score: float) -> ExecutiveMetrics:
        return ExecutiveMetrics(id=pid, name=names.get(pid, PEOPLE[pid][0]), title="", unit="x",
                                role="business", ties_to_it=0, strength_to_it=0.0,
                                ties_to_csuite=0, strength_to_csuite=0.0, units_reached=1,
                                strength=1.0, isolated=False, score=score,
                                explanation="few ties to IT")

    meta = AnalysisMeta(start=1785456000, end=1793404800, as_of=1793404800, window_days=92,
                        half_life_days=30, channel_weights={}, seed=42, people=9, ties=9)
    return AnalysisResult(meta=meta, people=people, ties=ties, units=units, unit_pairs=pairs,
                          executives=[ex("cfo", 0.8), ex("cio", 0.1)])


def page_data(path: Path) -> dict[str, Any]:
    """The graph data embedded in a map page."""
    html = path.read_text(encoding="utf-8")
    m = re.search(r'<script type="application/json" id="relgraph-data">(.*?)</script>', html, re.S)
    assert m, "no embedded data"
    return json.loads(m.group(1))


def by_label(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {n["label"]: n for n in data["nodes"]}


def edge_flags(data: dict[str, Any]) -> dict[frozenset, list]:
    label = [n["label"] for n in data["nodes"]]
    return {frozenset((label[e[0]], label[e[1]])): e for e in data["edges"]}


def findings_for(result: AnalysisResult, **kw: Any):
    from relgraph.config import RelgraphConfig

    return map_findings(result, RelgraphConfig(), **kw)


def test_person_map_draws_everyone_and_every_tie(tmp_path: Path) -> None:
    info = render_person_map(make_result(), tmp_path / "p.html")
    data = page_data(tmp_path / "p.html")
    assert (info.nodes, info.edges, info.left_out) == (9, 9, 0)
    assert len(data["nodes"]) == 9 and len(data["edges"]) == 9
    nodes = by_label(data)
    units = data["units"]
    # colour by unit: 4 units, 4 distinct palette colours; kind and level kept as data
    assert sorted(u["name"] for u in units) == ["Acme Cloud", "Finance", "IT Operations", "Sales"]
    assert len({u["color"] for u in units}) == 4 and {u["color"] for u in units} <= set(PALETTE)
    assert units[nodes["Ann Cio"]["u"]]["name"] == "IT Operations"
    assert nodes["Ann Cio"]["u"] == nodes["Bob Dev"]["u"] != nodes["Dee Cfo"]["u"]
    assert (nodes["Ann Cio"]["k"], nodes["Ann Cio"]["l"]) == ("it", "executive")
    assert (nodes["Gus Vendor"]["k"], nodes["Gus Vendor"]["l"]) == ("vendor", "vendor_contact")
    # the size metrics travel with each person (betweenness first): dev1 0.5
    assert data["metrics"][0] == "betweenness" and nodes["Bob Dev"]["m"][0] == 0.5
    # positions computed in advance: every person has one, inside their unit's cluster
    for n in data["nodes"]:
        u = units[n["u"]]
        assert (n["x"] - u["x"]) ** 2 + (n["y"] - u["y"]) ** 2 <= u["r"] ** 2


def test_tie_flags(tmp_path: Path) -> None:
    render_person_map(make_result(), tmp_path / "p.html")
    ties = edge_flags(page_data(tmp_path / "p.html"))
    assert ties[frozenset(("Cid Dev", "Gus Vendor"))][3] == BRIDGE | LOCAL_BRIDGE | CROSS_UNIT
    assert ties[frozenset(("Bob Dev", "Eve Acct"))][3] == BRIDGING | LOCAL_BRIDGE | CROSS_UNIT
    assert ties[frozenset(("Ann Cio", "Cid Dev"))][3] == BRIDGING
    assert ties[frozenset(("Ann Cio", "Bob Dev"))][2] == 4.0          # strength
    assert ties[frozenset(("Hal Sales", "Ida Sales"))][3] == 0


def test_findings_panel_lists_the_audits_findings(tmp_path: Path) -> None:
    r = make_result()
    render_person_map(r, tmp_path / "p.html", findings=findings_for(r))
    data = page_data(tmp_path / "p.html")
    label = [n["label"] for n in data["nodes"]]
    got = {f["kind"]: f for f in data["findings"]}
    assert sorted(got) == ["disconnected-executive", "fragile-bridge", "siloed-unit"]
    assert [label[i] for i in got["disconnected-executive"]["n"]] == ["Dee Cfo"]
    assert got["disconnected-executive"]["title"].startswith("Disconnected executive: Dee Cfo")
    assert sorted(label[i] for i in got["siloed-unit"]["n"]) == ["Dee Cfo", "Eve Acct", "Fay Clerk"]
    assert [label[i] for i in got["fragile-bridge"]["n"]] == ["Cid Dev"]
    assert [data["units"][i]["name"] for i in got["siloed-unit"]["u"]] == ["Finance"]
    assert [u["name"] for u in data["units"] if u["silo"]] == ["Finance"]
    assert by_label(data)["Dee Cfo"]["f"] == sorted(
        i for i, f in enumerate(data["findings"]) if label.index("Dee Cfo") in f["n"])


def test_cut_keeps_disconnected_executives_then_findings_then_centrality(tmp_path: Path) -> None:
    # priorities: cfo (disconnected) first; then executives / single points by
    # betweenness: dev1 .50, dev2 .40, acct .35, cio .30, vrep 0 -> keep cfo, dev1, dev2, acct
    info = render_person_map(make_result(), tmp_path / "p.html", max_nodes=4)
    data = page_data(tmp_path / "p.html")
    assert set(by_label(data)) == {"Dee Cfo", "Bob Dev", "Cid Dev", "Eve Acct"}
    assert (info.nodes, info.left_out, info.total) == (4, 5, 9)
    assert info.edges == 3   # acct-cfo, acct-dev1, dev1-dev2
    html = (tmp_path / "p.html").read_text(encoding="utf-8")
    assert "Showing the 4 most relevant of 9 people" in html and "5 left out" in html


@pytest.mark.parametrize(("focus", "depth", "expected"), [
    ("cfo", 0, {"cfo"}),
    ("cfo", 1, {"cfo", "acct", "clerk"}),
    ("cfo", 2, {"cfo", "acct", "clerk", "dev1"}),
    ("cfo", 3, {"cfo", "acct", "clerk", "dev1", "cio", "dev2"}),
    ("Dee Cfo", 1, {"cfo", "acct", "clerk"}),        # by name
    ("dee CFO", 1, {"cfo", "acct", "clerk"}),        # names are case-insensitive
    ("fin", 1, {"cfo", "acct", "clerk", "dev1"}),    # a unit: members and their contacts
    ("Sales", 5, {"s1", "s2"}),                      # a unit by name
    ("unit:it", 0, {"cio", "dev1", "dev2"}),         # explicit kind
    ("person:cio", 0, {"cio"}),
])
def test_ego_map(tmp_path: Path, focus: str, depth: int, expected: set[str]) -> None:
    info = render_person_map(make_result(), tmp_path / "e.html", focus=focus, depth=depth)
    data = page_data(tmp_path / "e.html")
    assert set(by_label(data)) == {PEOPLE[p][0] for p in expected}
    assert info.kind == "ego" and info.nodes == len(expected)
    focus_people = {n["label"] for n in data["nodes"] if n["focus"]}
    assert focus_people and focus_people <= {PEOPLE[p][0] for p in expected}


def test_ego_depth_defaults_to_one(tmp_path: Path) -> None:
    infos = write_maps(make_result(), tmp_path, focus="cfo")
    assert set(by_label(page_data(Path(infos[0].path)))) == {"Dee Cfo", "Eve Acct", "Fay Clerk"}
    assert "(1 hop)" in infos[0].title


def test_bad_arguments_raise_usage_errors(tmp_path: Path) -> None:
    r = make_result()
    with pytest.raises(UsageError, match="no person or unit"):
        render_person_map(r, tmp_path / "x.html", focus="nobody")
    # no exact match: suggestions by part of a name or id, then by spelling
    with pytest.raises(UsageError, match=r"did you mean: Dee Cfo \(cfo\)$"):
        render_person_map(r, tmp_path / "x.html", focus="Dee")
    with pytest.raises(UsageError, match=r"did you mean: Sales \(unit:sales\), Hal Sales \(s1\), "
                                         r"Ida Sales \(s2\)$"):  # names starting with it first
        render_person_map(r, tmp_path / "x.html", focus="sales ")
    with pytest.raises(UsageError, match=r"did you mean: Fay Clerk \(clerk\)"):
        render_person_map(r, tmp_path / "x.html", focus="Fay Clark")
    with pytest.raises(UsageError, match="names 2 people"):
        render_person_map(make_result(names={"s1": "Sam", "s2": "sam"}), tmp_path / "x.html",
                          focus="Sam")
    with pytest.raises(UsageError, match="unknown size metric"):
        render_person_map(r, tmp_path / "x.html", size_by="charisma")
    with pytest.raises(UsageError, match=r"\.html"):
        render_person_map(r, tmp_path / "x.txt")
    with pytest.raises(UsageError):
        render_unit_map(r, tmp_path / "u.html", min_group_size=-1)


def test_unit_map_and_min_group_size(tmp_path: Path) -> None:
    r = make_result()
    info = render_unit_map(r, tmp_path / "u.html", findings=findings_for(r))
    data = page_data(tmp_path / "u.html")
    assert (info.nodes, info.edges) == (4, 2)
    nodes = by_label(data)
    # size grows with headcount: it 3 = fin 3 > sales 2 > ven 1
    assert nodes["IT Operations"]["size"] == nodes["Finance"]["size"] > nodes["Sales"]["size"] \
        > nodes["Acme Cloud"]["size"]
    assert nodes["Finance"]["border"] == DISCONNECTED_EXEC and nodes["Finance"]["silo"] == 1
    assert all(e[3] == 1 for e in data["edges"])                 # both pairs hang on one person
    kinds = {f["kind"]: f for f in data["findings"]}
    label = [n["label"] for n in data["nodes"]]
    assert [label[i] for i in kinds["siloed-unit"]["n"]] == ["Finance"]
    assert sorted(label[i] for i in kinds["fragile-bridge"]["n"]) == ["Acme Cloud", "IT Operations"]
    # min group size 2: the 1-person vendor stays (a finding is about it) but without figures
    info = render_unit_map(r, tmp_path / "u2.html", min_group_size=2, findings=findings_for(r))
    data = page_data(tmp_path / "u2.html")
    small = by_label(data)["Acme Cloud (<2)"]
    assert dict(small["rows"])["people"] == "fewer than 2" and "E-I index (Krackhardt-Stern)" \
        not in dict(small["rows"])
    assert info.nodes == 4 and len(data["edges"]) == 2
    assert dict(by_label(data)["Finance"]["rows"])["people"] == "3"
    assert "1 unit(s) with fewer than 2 people are drawn small" in (tmp_path / "u2.html").read_text()


def test_unit_labels_do_not_overlap(tmp_path: Path) -> None:
    from test_maps_scale import org

    render_unit_map(org(2000), tmp_path / "u.html")
    boxes = [n["box"] for n in page_data(tmp_path / "u.html")["nodes"]]
    assert len(boxes) == 80
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


def test_write_maps_links_units_to_drill_down_pages(tmp_path: Path) -> None:
    infos = write_maps(make_result(), tmp_path / "maps", min_group_size=2)
    names = sorted(Path(i.path).relative_to(tmp_path / "maps").as_posix() for i in infos)
    assert names[:2] == ["people.html", "units.html"]
    assert len(names) == 5   # + units/ pages of fin, it, sales (ven: 1 person, no page)
    hrefs = {n["label"]: n.get("href") for n in page_data(tmp_path / "maps" / "units.html")["nodes"]}
    assert hrefs["Finance"] == f"units/{slug('fin')}.html"
    assert (tmp_path / "maps" / hrefs["Finance"]).is_file()
    fin_page = tmp_path / "maps" / hrefs["Finance"]
    fin = set(by_label(page_data(fin_page)))
    assert fin == {"Dee Cfo", "Eve Acct", "Fay Clerk", "Bob Dev"}
    html = fin_page.read_text(encoding="utf-8")
    assert '<a href="../units.html">&larr; Back to the unit map</a>' in html
    # drill-down pages share vis-network and the explorer script from assets/
    assert re.findall(r'<script src="([^"]+)"', html) == ["../assets/vis-network.min.js",
                                                          "../assets/explorer.js"]
    assert sorted(p.name for p in (tmp_path / "maps" / "assets").iterdir()) == [
        "explorer.js", "vis-network.min.js"]


def test_slug_is_safe_and_distinct() -> None:
    assert re.fullmatch(r"[A-Za-z0-9_-]+", slug("../../etc/passwd"))
    assert slug("a/b") != slug("a_b") and slug("a/b") != slug("a?b")


def test_page_is_offline_and_self_contained(tmp_path: Path) -> None:
    render_person_map(make_result(), tmp_path / "p.html")
    html = (tmp_path / "p.html").read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)\s*=", html, re.I)
    assert not re.search(r"url\(\s*(?!['\"]?data:)", html)     # CSS only uses data: URLs
    assert "@import" not in html and "bootstrap" not in html.lower()
    assert "vis-network" in html and "new vis.Network" in html   # inlined library and script


def test_user_strings_are_escaped(tmp_path: Path) -> None:
    r = make_result(names={"cfo": XSS, "vrep": "</script><script>alert(2)</script>"},
                    unit_names={"fin": "<b onmouseover=alert(3)>Fin</b>"},
                    titles={"acct": "<svg onload=alert(4)>"})
    write_maps(r, tmp_path / "m")
    write_maps(r, tmp_path / "m", focus="fin", depth=1)
    for page in (tmp_path / "m").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for raw in (XSS, "<script>alert(2)", "<b onmouseover", "<svg onload"):
            assert raw not in html, (page.name, raw)
    ego = next((tmp_path / "m").glob("ego-*.html")).read_text(encoding="utf-8")
    assert "&lt;b onmouseover=alert(3)&gt;" in ego      # the escaped unit name in the title
    labels = by_label(page_data(tmp_path / "m" / "people.html"))
    assert XSS in labels                                 # shown as text, unchanged


def test_pseudonymize_removes_names_ids_and_titles(tmp_path: Path) -> None:
    write_maps(make_result(), tmp_path / "m", pseudonymize=True, pseudonym_salt="s3cret")
    # the audit's pseudonym: person- + 6-byte keyed BLAKE2b of the id (relgraph.audit.privacy)
    expected = "person-" + hashlib.blake2b(b"cfo", key=b"s3cret", digest_size=6).hexdigest()
    people = (tmp_path / "m" / "people.html").read_text(encoding="utf-8")
    assert expected in people
    for page in (tmp_path / "m").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for n, *_ in PEOPLE.values():
            assert n not in html, (page.name, n)
        for t in ("Chief Information Officer", "Chief Financial Officer", "Accounting Manager"):
            assert t not in html, (page.name, t)
        assert '"pid":"cfo"' not in html and '"pid":"acct"' not in html
    infos = write_maps(make_result(), tmp_path / "e", pseudonymize=True, pseudonym_salt="s3cret",
                       focus="Dee Cfo", depth=1)
    assert Path(infos[0].path).name == f"ego-{expected}.html"   # no name or id in the file name
    assert "Dee Cfo" not in infos[0].title and expected in infos[0].title
    again = tmp_path / "again.html"
    render_person_map(make_result(), again, pseudonymize=True, pseudonym_salt="s3cret")
    assert expected in again.read_text(encoding="utf-8")


def test_min_group_size_on_the_person_map_hides_quasi_identifiers(tmp_path: Path) -> None:
    # with pseudonyms and a minimum group size of 3: ven (1 person) and sales (2) are drawn as
    # one cluster per kind; in it (3 people: 1 executive, 2 staff) and fin (1 executive,
    # 1 manager, 1 staff) every level held by fewer than 3 people is not shown
    write_maps(make_result(), tmp_path, pseudonymize=True, pseudonym_salt="k", min_group_size=3)
    data = page_data(tmp_path / "people.html")
    names = sorted(u["name"] for u in data["units"])
    assert names == ["Finance", "IT Operations", "business units under 3 people",
                     "vendor units under 3 people"]
    assert {n["l"] for n in data["nodes"]} == {""}          # no level has 3 people in a unit
    assert "Sales" not in (tmp_path / "people.html").read_text(encoding="utf-8")
    plain = page_data(Path(write_maps(make_result(), tmp_path / "plain", min_group_size=3)[0].path))
    assert "Sales" in {u["name"] for u in plain["units"]}  # names shown: nothing to hide


def test_output_is_deterministic(tmp_path: Path) -> None:
    render_person_map(make_result(), tmp_path / "a.html")
    render_person_map(make_result(), tmp_path / "b.html")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


def test_cli_map_from_saved_analysis(tmp_path: Path) -> None:
    src = tmp_path / "analysis.json"
    src.write_text(make_result().model_dump_json(), encoding="utf-8")
    out = tmp_path / "maps"
    res = CliRunner().invoke(main, ["map", "--analysis", str(src), "--out", str(out),
                                    "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert [r["kind"] for r in rows[:2]] == ["person", "unit"] and rows[0]["nodes"] == 9
    assert (out / "people.html").is_file() and (out / "units.html").is_file()
    assert len(page_data(out / "people.html")["findings"]) == 3     # the audit's three findings
    res = CliRunner().invoke(main, ["map", "--analysis", str(src), "--out", str(out),
                                    "--focus", "cfo", "--depth", "1"])
    assert res.exit_code == 0, res.output
    assert (out / f"ego-{slug('cfo')}.html").is_file()
    res = CliRunner().invoke(main, ["map", "--analysis", str(src), "--focus", "nobody",
                                    "--out", str(out)])
    assert res.exit_code == 2 and "no person or unit" in res.output
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    res = CliRunner().invoke(main, ["map", "--analysis", str(bad), "--out", str(out)])
    assert res.exit_code == 2 and "not a relgraph analysis" in res.output


def test_drill_down_pages_cap_outside_contacts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import relgraph.maps

    monkeypatch.setattr(relgraph.maps, "DRILL_DOWN_CONTACTS", 0)   # members only
    write_maps(make_result(), tmp_path)
    fin = set(by_label(page_data(tmp_path / "units" / f"{slug('fin')}.html")))
    assert fin == {"Dee Cfo", "Eve Acct", "Fay Clerk"}


# --- the sample organisation: planted patterns are visible on the maps --------------------------
# Expected ids come from samples/README.md ("Planted patterns"): 1 cmo has no IT tie, 2 unit
# it-data only talks to itself, 3 vendor v-cloudco is reached only through p00014, 4 p00015 has
# the highest unweighted betweenness.


@pytest.fixture(scope="module")
def sample_maps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from relgraph.ingest import ingest
    from relgraph.run import run_analysis
    from relgraph.store import open_store

    samples = Path(__file__).resolve().parent.parent / "samples" / "acme"
    assert (samples / "people.csv").is_file(), "samples/acme is committed"
    out = tmp_path_factory.mktemp("acme")
    store = open_store(str(out / "acme.db"), create=True)
    try:
        ingest(store, [str(samples)])
        result = run_analysis(store)
    finally:
        store.close()
    write_maps(result, out / "maps", size_by="betweenness_unweighted")
    write_maps(result, out / "maps", focus="cmo", depth=1)
    return out / "maps"


def test_sample_org_patterns_show_on_the_person_map(sample_maps: Path) -> None:
    data = page_data(sample_maps / "people.html")
    people = data["nodes"]
    by_id = {n["pid"]: n for n in people}
    index = {n["pid"]: i for i, n in enumerate(people)}
    assert len(people) == 360                                             # samples/README.md
    kinds = {f["kind"]: f for f in data["findings"]}
    cmo = [f for f in data["findings"] if f["kind"] == "disconnected-executive"
           and index["cmo"] in f["n"]]
    assert cmo and by_id["cmo"]["l"] == "executive"                       # pattern 1
    units = data["units"]
    data_unit = next(u for u in units if u["name"] == "Data & Analytics")
    assert data_unit["silo"] == 1 and data_unit["n"] == 15                # pattern 2
    assert [units[i]["name"] for i in kinds["siloed-unit"]["u"]] == ["Data & Analytics"]
    vendor = [f for f in data["findings"] if f["kind"] == "fragile-bridge"
              and "CloudCo Hosting" in f["title"]]
    assert vendor and vendor[0]["n"] == [index["p00014"]]                 # pattern 3
    top = max(people, key=lambda n: n["m"][data["metrics"].index("betweenness_unweighted")])
    assert top["pid"] == "p00015" and data["sizeBy"] == 1                 # pattern 4


def test_sample_org_patterns_show_on_unit_and_ego_maps(sample_maps: Path) -> None:
    units = page_data(sample_maps / "units.html")
    nodes = by_label(units)
    assert len(units["nodes"]) == 19
    assert nodes["Data & Analytics"]["border"] == DISCONNECTED_EXEC        # silo
    pairs = edge_flags(units)
    assert pairs[frozenset(("Infrastructure & Cloud", "CloudCo Hosting"))][3] == 1
    assert not any("Data & Analytics" in k for k in pairs)                  # no tie leaves it
    ego = page_data(next(sample_maps.glob("ego-*.html")))["nodes"]
    assert {n["k"] for n in ego} == {"business"}                            # business only
