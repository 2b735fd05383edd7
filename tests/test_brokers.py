"""Brokers: Burt's constraint / effective size, Gould-Fernandez roles, unit pairs.

Expected values are hand-computed (comments) or come from an independent
implementation: NetworkX's per-node ``constraint`` / ``effective_size`` loops and a
plain enumeration of two-paths written in this file.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest

from relgraph.analysis.brokers import broker_metrics, brokerage_roles, structural_holes, unit_pairs
from relgraph.analysis.result import BROKERAGE_ROLES, PersonMetrics

ROLE_OF = {  # (a in b's group, c in b's group, a and c in one group) -> role
    (True, True, True): "coordinator",
    (False, True, False): "gatekeeper",
    (True, False, False): "representative",
    (False, False, True): "consultant",
    (False, False, False): "liaison",
}


def _brute_roles(dg: nx.DiGraph, attr: str = "unit") -> dict[str, dict[str, int]]:
    """Enumerate every two-path a -> b -> c (a != c, no a -> c) and classify it."""
    out = {x: dict.fromkeys(BROKERAGE_ROLES, 0) for x in dg}
    for b in dg:
        gb = dg.nodes[b][attr]
        for a in dg.predecessors(b):
            for c in dg.successors(b):
                if a in (b, c) or c == b or dg.has_edge(a, c):
                    continue
                ga, gc = dg.nodes[a][attr], dg.nodes[c][attr]
                out[b][ROLE_OF[(ga == gb, gc == gb, ga == gc)]] += 1
    return out


# --- structural holes -----------------------------------------------------------------------

def test_constraint_triangle_and_star():
    # Triangle: p = 1/2 to each contact, indirect 1/2 x 1/2 -> local (3/4)^2 = 9/16,
    # constraint 2 x 9/16 = 1.125 (Burt 1992). Effective size: n - 2t/n = 2 - 2/2 = 1.
    h = structural_holes(nx.complete_graph(3), weight=None)
    c, e, f = h[0]
    assert c == pytest.approx(1.125) and e == pytest.approx(1.0) and f == pytest.approx(0.5)
    # Star with 4 leaves: centre constraint 4 x (1/4)^2 = 1/4, effective size 4 (no
    # redundancy), efficiency 1; a leaf: p = 1 -> constraint 1, effective size 1.
    h = structural_holes(nx.star_graph(4), weight=None)
    assert h[0] == pytest.approx((0.25, 4.0, 1.0))
    assert h[1] == pytest.approx((1.0, 1.0, 1.0))


def test_effective_size_borgatti_formula():
    # Borgatti (1997): binary effective size = n - 2t/n. Ego 0 with 4 contacts and one tie
    # among them (1-2): 4 - 2/4 = 3.5, efficiency 3.5 / 4 = 0.875.
    g = nx.Graph([(0, 1), (0, 2), (0, 3), (0, 4), (1, 2)])
    _, e, f = structural_holes(g, weight=None)[0]
    assert e == pytest.approx(3.5) and f == pytest.approx(0.875)


def test_weighted_hand_example():
    # Ego e, contacts a (w=2) and b (w=1), tie a-b (w=1). p_ea = 2/3, p_eb = 1/3,
    # p_ab = 1/3 (a: e 2, b 1), p_ba = 1/2 (b: e 1, a 1).
    # constraint: (2/3 + 1/3 x 1/2)^2 + (1/3 + 2/3 x 1/3)^2 = 25/36 + 25/81 = 325/324
    # m_ab = 1/2 (a's strongest tie is 2), m_ba = 1: effective size
    # (1 - p_eb m_ab) + (1 - p_ea m_ba) = 5/6 + 1/3 = 7/6; efficiency 7/12
    g = nx.Graph()
    g.add_edge("e", "a", strength=2.0)
    g.add_edge("e", "b", strength=1.0)
    g.add_edge("a", "b", strength=1.0)
    c, e, f = structural_holes(g)["e"]
    assert c == pytest.approx(325 / 324)
    assert e == pytest.approx(7 / 6)
    assert f == pytest.approx(7 / 12)


def test_isolates_have_none():
    g = nx.Graph([(1, 2)])
    g.add_node(3)
    assert structural_holes(g)[3] == (None, None, None)
    assert structural_holes(nx.Graph()) == {}


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("weight", [None, "strength"])
def test_matches_networkx_on_random_graphs(seed, weight):
    rng = np.random.default_rng(seed)
    g = nx.gnm_random_graph(50, 160, seed=seed)
    g.add_nodes_from([50, 51])  # isolates
    for a, b in g.edges:
        g.edges[a, b]["strength"] = float(rng.uniform(0.1, 5.0))
    ours = structural_holes(g, weight=weight)
    nodes = list(g)  # passing nodes forces NetworkX's per-node Python loop
    c_nx = nx.constraint(g, nodes=nodes, weight=weight)
    e_nx = nx.effective_size(g, nodes=nodes, weight=weight)
    for x in g:
        c, e, f = ours[x]
        if math.isnan(c_nx[x]):
            assert (c, e, f) == (None, None, None)
            continue
        assert c == pytest.approx(c_nx[x], abs=1e-9)
        assert e == pytest.approx(e_nx[x], abs=1e-9)
        assert f == pytest.approx(e_nx[x] / g.degree(x), abs=1e-9)


def test_matches_networkx_on_clustered_caveman_graph():
    # a clustered graph (many triangles) exercises the indirect terms
    g = nx.relaxed_caveman_graph(6, 6, 0.2, seed=5)
    rng = np.random.default_rng(5)
    for a, b in g.edges:
        g.edges[a, b]["strength"] = float(rng.integers(1, 6))
    ours = structural_holes(g)
    c_nx = nx.constraint(g, nodes=list(g), weight="strength")
    e_nx = nx.effective_size(g, nodes=list(g), weight="strength")
    for x in g:
        assert ours[x][0] == pytest.approx(c_nx[x], abs=1e-9)
        assert ours[x][1] == pytest.approx(e_nx[x], abs=1e-9)


# --- Gould-Fernandez ------------------------------------------------------------------------

def _six_node() -> nx.DiGraph:
    dg = nx.DiGraph()
    for x in ("a1", "a2", "a3"):
        dg.add_node(x, unit="A")
    for x in ("b1", "b2"):
        dg.add_node(x, unit="B")
    dg.add_node("c1", unit="C")
    dg.add_edges_from([("a1", "a2"), ("a2", "a3"), ("a2", "b1"), ("a2", "c1"), ("a3", "c1"),
                       ("b1", "b2"), ("b1", "a1"), ("b2", "b1"), ("b2", "c1"), ("c1", "b1")])
    return dg


def test_gould_fernandez_six_node_hand_count():
    """Every two-path x -> y -> z, by broker y (x != z, no x -> z):
    a1: b1->a1->a2 (B,A,A) gatekeeper                                     -> gate 1
    a2: a1->a2->a3 (A,A,A) coordinator; a1->a2->b1 (A,A,B), a1->a2->c1 (A,A,C)
        representative                                                    -> coord 1, rep 2
    a3: a2->a3->c1 closed by a2->c1                                       -> nothing
    b1: a2->b1->b2 (A,B,B) gatekeeper; a2->b1->a1 (A,B,A) consultant;
        b2->b1->b2 same person; b2->b1->a1 (B,B,A) representative;
        c1->b1->b2 (C,B,B) gatekeeper; c1->b1->a1 (C,B,A) liaison         -> gate 2, cons 1,
                                                                             rep 1, liaison 1
    b2: b1->b2->b1 same person; b1->b2->c1 (B,B,C) representative         -> rep 1
    c1: a2->c1->b1 closed (a2->b1); a3->c1->b1 (A,C,B) liaison;
        b2->c1->b1 closed (b2->b1)                                        -> liaison 1
    """
    z = dict.fromkeys(BROKERAGE_ROLES, 0)
    expected = {
        "a1": {**z, "gatekeeper": 1},
        "a2": {**z, "coordinator": 1, "representative": 2},
        "a3": dict(z),
        "b1": {**z, "gatekeeper": 2, "consultant": 1, "representative": 1, "liaison": 1},
        "b2": {**z, "representative": 1},
        "c1": {**z, "liaison": 1},
    }
    assert brokerage_roles(_six_node()) == expected
    assert _brute_roles(_six_node()) == expected  # the reference enumeration agrees too


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_gould_fernandez_matches_enumeration(seed):
    dg = nx.gnp_random_graph(50, 0.1, seed=seed, directed=True)
    for x in dg:
        dg.nodes[x]["unit"] = f"u{x % 5}"
    assert brokerage_roles(dg) == _brute_roles(dg)


def test_gould_fernandez_other_attribute_and_empty():
    dg = _six_node()
    for x in dg:
        dg.nodes[x]["kind"] = "same"
    roles = brokerage_roles(dg, attr="kind")
    # one group: every open two-path is coordination: 1 + 3 + 0 + 5 + 1 + 1 (see hand count)
    assert sum(r["coordinator"] for r in roles.values()) == 11
    assert all(v == 0 for r in roles.values() for k, v in r.items() if k != "coordinator")
    assert brokerage_roles(nx.DiGraph()) == {}


# --- unit pairs and brokers -----------------------------------------------------------------

def _org() -> nx.Graph:
    g = nx.Graph()
    for x, u, k in (("x1", "ux", "it"), ("x2", "ux", "it"), ("y1", "uy", "business"),
                    ("y2", "uy", "business"), ("v1", "vend", "vendor")):
        g.add_node(x, unit=u, unit_kind=k)
    g.add_edge("x1", "y1", strength=3.0)
    g.add_edge("x2", "y1", strength=1.0)
    g.add_edge("x1", "v1", strength=2.0)
    g.add_edge("x1", "x2", strength=1.0)
    g.add_edge("y1", "y2", strength=1.0)
    return g


def test_unit_pairs_hand_example():
    pairs = unit_pairs(_org())
    assert [(p.unit_a, p.unit_b) for p in pairs] == [("ux", "uy"), ("ux", "vend")]
    xy, xv = pairs
    # ux-uy: ties x1-y1 (3) and x2-y1 (1): strength 4; y1 carries 4/4, x1 3/4
    assert (xy.ties, xy.strength, xy.people_a, xy.people_b) == (2, 4.0, 2, 1)
    assert (xy.top_person, xy.top_person_share) == ("y1", 1.0)
    assert xy.single_points == ["y1"]  # y1 is the only uy person: without y1 no tie
    # ux-vend: one tie x1-v1: both ends are single points; top person tie -> smaller id
    assert (xv.ties, xv.strength, xv.people_a, xv.people_b) == (1, 2.0, 1, 1)
    assert xv.top_person == "v1" and xv.top_person_share == 1.0
    assert xv.single_points == ["v1", "x1"]


def test_unit_pairs_spread_connection_has_no_single_point():
    g = nx.Graph()
    for x, u in (("a1", "A"), ("a2", "A"), ("b1", "B"), ("b2", "B")):
        g.add_node(x, unit=u)
    g.add_edge("a1", "b1", strength=1.0)
    g.add_edge("a2", "b2", strength=3.0)
    (p,) = unit_pairs(g)
    # a2 and b2 each carry 3 of 4; tie broken by id -> a2
    assert p.single_points == [] and p.top_person == "a2" and p.top_person_share == 0.75


def _pm(x: str, unit: str, kind: str, betweenness: float) -> PersonMetrics:
    return PersonMetrics(id=x, name=x, title="", unit=unit, unit_kind=kind, level="staff",
                         degree=0, strength=0.0, betweenness=betweenness,
                         betweenness_unweighted=0.0, harmonic_closeness=0.0, pagerank=0.0)


def test_broker_metrics():
    g = _org()
    dg = nx.DiGraph(g)  # both directions
    people = [_pm(x, g.nodes[x]["unit"], g.nodes[x]["unit_kind"], b)
              for x, b in (("v1", 0.0), ("x1", 0.7), ("x2", 0.0), ("y1", 0.5), ("y2", 0.0))]
    roles = brokerage_roles(dg)
    holes = structural_holes(g)
    out = broker_metrics(g, people, roles, holes)
    ids = [b.id for b in out]
    # articulation points of _org: x1 (cuts v1) and y1 (cuts y2); leaves have no roles
    assert set(ids) == {"x1", "y1"}
    by = {b.id: b for b in out}
    assert by["x1"].articulation_point and by["y1"].articulation_point
    # x1: strength 3 + 2 + 1 = 6, of which 5 leaves ux -> 5/6
    assert by["x1"].cross_unit_share == pytest.approx(5 / 6)
    # y1: 3 + 1 + 1 = 5, 4 leaves uy
    assert by["y1"].cross_unit_share == pytest.approx(4 / 5)
    assert by["x1"].total_brokerage == sum(roles["x1"].values())
    assert by["x1"].constraint == holes["x1"][0]
    # ordered by total brokerage, then betweenness
    key = [(-b.total_brokerage, -b.betweenness) for b in out]
    assert key == sorted(key)
