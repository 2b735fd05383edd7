"""Silos: E-I index (Krackhardt & Stern 1988), permutation test, kinds, communities, ARI/NMI.

Every expected value is computed by hand (in the comments) or counted independently
from the raw data file, never taken from the code's own output.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import networkx as nx
import pytest

from relgraph.analysis.silos import (
    adjusted_rand_index,
    communities,
    detect_communities,
    effective_permutations,
    ei_index,
    kind_metrics,
    normalized_mutual_info,
    unit_metrics,
)

DATA = Path(__file__).parent / "data" / "krackhardt_hightech"


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _graph(units: dict[str, tuple[str, str]], people: dict[str, str],
           ties: list[tuple[str, str, float]]) -> nx.Graph:
    """units: id -> (name, kind); people: id -> unit; ties: (a, b, strength)."""
    g = nx.Graph()
    for p, u in sorted(people.items()):
        g.add_node(p, unit=u, unit_name=units[u][0], unit_kind=units[u][1], name=p, title="",
                   level="staff")
    for a, b, s in ties:
        g.add_edge(a, b, strength=s, count=1)
    return g


def test_ei_index_formula():
    # Krackhardt & Stern (1988): E-I = (E - I) / (E + I)
    assert ei_index(3, 1) == pytest.approx(0.5)
    assert ei_index(0, 4) == -1.0
    assert ei_index(4, 0) == 1.0
    assert ei_index(0, 0) is None


def test_unit_metrics_hand_example():
    units = {"A": ("Alpha", "it"), "B": ("Beta", "business"), "V": ("Vend", "vendor")}
    people = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B", "v1": "V", "v2": "V"}
    ties = [("a1", "a2", 2.0), ("a2", "a3", 1.0), ("a1", "b1", 3.0), ("b1", "b2", 1.0),
            ("a3", "v1", 0.5)]
    res = {u.id: u for u in unit_metrics(_graph(units, people, ties), permutations=0)}
    assert list(res) == ["A", "B", "V"]
    a, b, v = res["A"], res["B"], res["V"]
    # A: internal a1-a2, a2-a3 (I=2); external a1-b1, a3-v1 (E=2) -> E-I = 0
    assert (a.internal_ties, a.external_ties) == (2, 2)
    assert a.ei_index == pytest.approx(0.0)
    # weighted: I = 2 + 1 = 3, E = 3 + 0.5 = 3.5 -> (3.5 - 3) / 6.5
    assert a.ei_weighted == pytest.approx(0.5 / 6.5)
    # B: I = 1 (b1-b2), E = 1 (a1-b1) -> 0; weighted I = 1, E = 3 -> 0.5
    assert (b.internal_ties, b.external_ties, b.ei_index) == (1, 1, 0.0)
    assert b.ei_weighted == pytest.approx(0.5)
    # V: v2 has no tie; I = 0, E = 1 -> +1
    assert (v.headcount, v.active, v.ei_index) == (2, 1, 1.0)
    assert a.name == "Alpha" and a.kind == "it" and a.headcount == 3 and a.active == 3
    # A's external ties by the other end's kind: b1 (business), v1 (vendor); 2 units reached
    assert (a.ties_to_it, a.ties_to_business, a.ties_to_vendor, a.units_reached) == (0, 1, 1, 2)
    assert (b.ties_to_it, b.ties_to_business, b.units_reached) == (1, 0, 1)
    assert a.ei_p_value is None and a.ei_expected is None  # permutations=0: no test


def test_unit_without_ties_has_no_ei():
    g = _graph({"A": ("A", "it"), "B": ("B", "business")}, {"a": "A", "b": "B", "c": "B"},
               [("b", "c", 1.0)])
    res = {u.id: u for u in unit_metrics(g, permutations=50)}
    assert res["A"].ei_index is None and res["A"].ei_weighted is None
    assert res["A"].ei_p_value is None and res["A"].active == 0
    assert res["B"].ei_index == -1.0


def test_krackhardt_reports_to_ei_by_department():
    """Reports-to ties of Krackhardt's 21 managers: every manager reports to the VP of his
    department and the 4 VPs to the CEO (dept 0), so by hand (Krackhardt 1987 data):
    dept 1 = {6, 8, 12, 17, VP 21}: I = 4, E = 1 (21-7) -> -3/5
    dept 2 = {3, 5, 9, 13, 15, 19, 20, VP 14}: I = 7, E = 1 -> -6/8
    dept 3 = {10, 11, VP 18}: I = 2, E = 1 -> -1/3
    dept 4 = {1, 4, 16, VP 2}: I = 3, E = 1 -> -1/2
    dept 0 = {CEO 7}: I = 0, E = 4 -> +1
    """
    nodes = _rows("nodes.csv")
    g = nx.Graph()
    for r in nodes:
        g.add_node(r["id"], unit=f"d{r['dept']}", unit_name=r["dept"], unit_kind="business")
    for r in _rows("reports_to_edges.csv"):
        g.add_edge(r["from"], r["to"], strength=1.0)
    res = {u.id: u for u in unit_metrics(g, permutations=200, seed=1)}
    expected = {"d0": (0, 4, 1.0), "d1": (4, 1, -0.6), "d2": (7, 1, -0.75),
                "d3": (2, 1, -1 / 3), "d4": (3, 1, -0.5)}
    for d, (i, e, ei) in expected.items():
        assert (res[d].internal_ties, res[d].external_ties) == (i, e), d
        assert res[d].ei_index == pytest.approx(ei), d


def test_krackhardt_friendship_ei_matches_independent_count():
    """Friendship (either direction = a tie) by department, counted here with plain loops."""
    dept = {r["id"]: r["dept"] for r in _rows("nodes.csv")}
    pairs = set()
    for r in _rows("friendship_edges.csv"):
        if r["from"] != r["to"]:
            pairs.add(tuple(sorted((r["from"], r["to"]))))
    internal = {d: 0 for d in set(dept.values())}
    external = dict(internal)
    for a, b in pairs:
        if dept[a] == dept[b]:
            internal[dept[a]] += 1
        else:
            external[dept[a]] += 1
            external[dept[b]] += 1
    g = nx.Graph()
    for p, d in dept.items():
        g.add_node(p, unit=d, unit_name=d, unit_kind="business")
    g.add_edges_from(pairs, strength=1.0)
    assert g.number_of_edges() == len(pairs)
    for u in unit_metrics(g, permutations=0):
        i, e = internal[u.id], external[u.id]
        assert (u.internal_ties, u.external_ties) == (i, e)
        assert u.ei_index == pytest.approx((e - i) / (e + i))


def test_permutation_exact_distribution_on_a_square():
    """Cycle a-b-c-d-a, groups {a,b} and {c,d}. Relabelling keeps 2 per group; of the 6
    equally likely 2-sets for group 1, 4 are adjacent (I=1, E=2, E-I=+1/3) and 2 are
    opposite (I=0, E=4, E-I=+1). Observed E-I = +1/3, so P(E-I <= 1/3) = 4/6 and the
    expected E-I = (4 (1/3) + 2 (1)) / 6 = 5/9. Monte Carlo error with 4000
    permutations: sd 0.0075 for p, 0.010 for the mean, so 0.04 is a 4-sigma bound."""
    g = _graph({"G1": ("G1", "it"), "G2": ("G2", "it")},
               {"a": "G1", "b": "G1", "c": "G2", "d": "G2"},
               [("a", "b", 1.0), ("b", "c", 1.0), ("c", "d", 1.0), ("d", "a", 1.0)])
    res = {u.id: u for u in unit_metrics(g, permutations=4000, seed=7)}
    assert res["G1"].ei_index == pytest.approx(1 / 3)
    assert res["G1"].ei_p_value == pytest.approx(4 / 6, abs=0.04)
    assert res["G1"].ei_expected == pytest.approx(5 / 9, abs=0.04)


def test_permutation_on_complete_graph_is_degenerate():
    """In K8 every labelling gives the same E-I: group of 3 has I = 3, E = 3 x 5 = 15,
    E-I = 12/18 = 2/3, so the expected value is 2/3 and p = 1 exactly."""
    g = nx.complete_graph(8)
    g = nx.relabel_nodes(g, {i: f"p{i}" for i in g})
    for i, x in enumerate(sorted(g)):
        g.nodes[x].update(unit="S" if i < 3 else "T", unit_name="", unit_kind="it")
    nx.set_edge_attributes(g, 1.0, "strength")
    res = {u.id: u for u in unit_metrics(g, permutations=300)}
    assert res["S"].ei_index == pytest.approx(2 / 3)
    assert res["S"].ei_expected == pytest.approx(2 / 3)
    assert res["S"].ei_p_value == 1.0


def _two_cliques() -> nx.Graph:
    g = nx.Graph()
    for i in range(4):
        g.add_node(f"a{i}", unit="A", unit_name="A", unit_kind="it")
        g.add_node(f"b{i}", unit="B", unit_name="B", unit_kind="business")
    for i in range(4):
        for j in range(i + 1, 4):
            g.add_edge(f"a{i}", f"a{j}", strength=1.0)
            g.add_edge(f"b{i}", f"b{j}", strength=1.0)
    g.add_edge("a0", "b0", strength=1.0)
    return g


def test_planted_silo_is_significant_and_deterministic():
    # Two K4 joined by one tie: A has I = 6, E = 1 -> E-I = -5/7. The most siloed
    # relabelling is the observed one, so p is small: P = 2 / C(8,4) = 2/70 of the
    # labellings reach -5/7; with 2000 permutations p is about 0.03 (< 0.06 surely).
    g = _two_cliques()
    r1 = {u.id: u for u in unit_metrics(g, permutations=2000, seed=3)}
    r2 = {u.id: u for u in unit_metrics(g, permutations=2000, seed=3)}
    assert r1["A"].ei_index == pytest.approx(-5 / 7)
    assert r1["A"].ei_p_value == pytest.approx(2 / 70, abs=0.02)
    assert r1["A"].ei_p_value == r2["A"].ei_p_value  # same seed, same answer


def test_kind_metrics():
    g = _two_cliques()
    res = {u.id: u for u in kind_metrics(g, permutations=0)}
    assert list(res) == ["business", "it"]
    assert res["it"].ei_index == pytest.approx(-5 / 7)  # same partition as the units
    assert res["it"].ties_to_business == 1 and res["it"].units_reached == 1
    assert res["it"].name == "it" and res["it"].kind == "it"


def test_effective_permutations_reduced_on_big_graphs():
    assert effective_permutations(1000, 1000) == 1000
    assert effective_permutations(200_000, 1000) == 1000        # 2e8 steps: the cap
    assert effective_permutations(1_000_000, 1000) == 200       # 2e8 / 1e6
    assert effective_permutations(10_000_000, 1000) == 100      # never below 100
    assert effective_permutations(10, 0) == 0


def test_adjusted_rand_and_nmi_hand_values():
    # contingency of a=[0,0,1,1] vs b=[0,0,1,2]: sum C(n_ij,2) = 1, rows: C(2,2)x2 = 2,
    # columns: C(2,2) = 1, C(4,2) = 6 -> E = 2/6; ARI = (1 - 1/3) / (1.5 - 1/3) = 4/7
    assert adjusted_rand_index([0, 0, 1, 1], [0, 0, 1, 2]) == pytest.approx(4 / 7)
    # H(a) = ln 2, H(b) = 1.5 ln 2, I = ln 2 -> NMI = ln 2 / (1.25 ln 2) = 0.8
    assert normalized_mutual_info([0, 0, 1, 1], [0, 0, 1, 2]) == pytest.approx(0.8)
    assert adjusted_rand_index(list("aabb"), [5, 5, 7, 7]) == pytest.approx(1.0)
    assert normalized_mutual_info(list("aabb"), [5, 5, 7, 7]) == pytest.approx(1.0)
    # independent labelings: a=[0,0,1,1], b=[0,1,0,1]: sum C(n_ij,2) = 0, E = 2 x 2 / 6,
    # ARI = (0 - 2/3) / (2 - 2/3) = -1/2; MI = 0
    assert adjusted_rand_index([0, 0, 1, 1], [0, 1, 0, 1]) == pytest.approx(-0.5)
    assert normalized_mutual_info([0, 0, 1, 1], [0, 1, 0, 1]) == pytest.approx(0.0)


def test_communities_two_cliques():
    # Two K4 and one bridge: Louvain splits them. Modularity by hand: m = 13,
    # each side has L = 6 internal ties and degree sum 13 -> Q = 2 (6/13 - (13/26)^2)
    summary, members = detect_communities(_two_cliques(), seed=42)
    assert summary.count == 2 and summary.seed == 42
    assert summary.modularity == pytest.approx(2 * (6 / 13 - 0.25))
    assert summary.adjusted_rand == pytest.approx(1.0)
    assert summary.normalized_mutual_info == pytest.approx(1.0)
    assert [c["size"] for c in summary.communities] == [4, 4]
    assert all(c["purity"] == 1.0 for c in summary.communities)
    assert members["a1"] == members["a3"] != members["b2"]
    assert communities(_two_cliques(), seed=42) == summary


def test_communities_ignore_isolates_and_empty_graph():
    g = _two_cliques()
    g.add_node("lonely", unit="A", unit_name="A", unit_kind="it")
    summary, members = detect_communities(g)
    assert summary.count == 2 and "lonely" not in members
    empty = communities(nx.Graph())
    assert empty.count == 0 and not math.isnan(empty.modularity)


def test_networkit_plm_engine_on_big_graphs(monkeypatch):
    import relgraph.analysis.silos as silos

    assert silos.community_engine(_two_cliques()) == "networkx-louvain"
    monkeypatch.setattr(silos, "NX_LOUVAIN_MAX_TIES", 0)
    assert silos.community_engine(_two_cliques()) == "networkit-plm"
    # PLM finds the same two cliques; modularity by hand as above: 2 (6/13 - 1/4)
    summary, members = detect_communities(_two_cliques(), seed=42)
    assert summary.count == 2 and summary.adjusted_rand == pytest.approx(1.0)
    assert summary.modularity == pytest.approx(2 * (6 / 13 - 0.25))
    assert members["a0"] != members["b0"]
    assert detect_communities(_two_cliques(), seed=42) == (summary, members)  # deterministic


def test_permutation_note():
    from relgraph.analysis.silos import permutation_note

    assert permutation_note(1000, 1000) == []
    # 2e8 / 1e6 = 200 permutations -> resolution 1/201
    (note,) = permutation_note(1_000_000, 1000)
    assert "200 permutations instead of 1000" in note and "1/201" in note


LAZEGA = Path(__file__).parent / "data" / "lazega_lawfirm"


def _lazega_partners() -> tuple[dict[str, str], set[tuple[str, str]]]:
    with open(LAZEGA / "nodes.csv", encoding="utf-8", newline="") as fh:
        office = {r["id"]: r["office_label"] for r in csv.DictReader(fh) if r["status"] == "1"}
    with open(LAZEGA / "cowork_edges.csv", encoding="utf-8", newline="") as fh:
        arcs = {(r["from"], r["to"]) for r in csv.DictReader(fh)}
    mutual = {tuple(sorted((a, b))) for a, b in arcs
              if (b, a) in arcs and a != b and a in office and b in office}
    return office, mutual


def test_lazega_partners_mutual_cowork_ei_by_office():
    office, mutual = _lazega_partners()
    # published: 36 partners, 115 mutual cowork edges (Snijders et al. 2006)
    assert len(office) == 36 and len(mutual) == 115
    internal = dict.fromkeys(set(office.values()), 0)
    external = dict(internal)
    for a, b in mutual:
        if office[a] == office[b]:
            internal[office[a]] += 1
        else:
            external[office[a]] += 1
            external[office[b]] += 1
    g = nx.Graph()
    for p, o in office.items():
        g.add_node(p, unit=o, unit_name=o, unit_kind="business")
    g.add_edges_from(mutual, strength=1.0)
    res = {u.id: u for u in unit_metrics(g, permutations=500, seed=2)}
    for o in office.values():
        i, e = internal[o], external[o]
        assert (res[o].internal_ties, res[o].external_ties) == (i, e)
        assert res[o].ei_index == pytest.approx((e - i) / (e + i))
    # Providence has one partner: every tie of theirs leaves the office -> +1
    assert res["Providence"].internal_ties == 0 and res["Providence"].ei_index == 1.0
    # partners work mostly within their office (Lazega 2001): Boston is inward-looking
    assert res["Boston"].ei_index < 0 and res["Boston"].ei_p_value < 0.05
