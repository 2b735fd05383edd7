"""Weak ties: Onnela overlap by hand, bridges, classification, boundaries, initiative."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from relgraph.analysis.engine import Engine
from relgraph.analysis.weakties import (
    bridge_mask,
    common_neighbours,
    neighbourhood_overlap,
    strong_threshold,
    tie_metrics,
)


def _toy() -> nx.Graph:
    #   a       b-c-d form two triangles (a,b,c) and (b,c,d); d-e hangs off d
    #  / \
    # b---c
    #  \ /
    #   d---e
    g = nx.Graph()
    for u, v in [("a", "b"), ("a", "c"), ("b", "c"), ("b", "d"), ("c", "d"), ("d", "e")]:
        g.add_edge(u, v, strength=1.0, count=1)
    return g


def test_overlap_by_hand():
    # O_ij = n_ij / ((k_i - 1) + (k_j - 1) - n_ij); degrees a2 b3 c3 d3 e1
    # a-b: n=1 (c), (1 + 2 - 1) = 2 -> 1/2      b-c: n=2 (a, d), (2 + 2 - 2) = 2 -> 1
    # b-d: n=1 (c), (2 + 2 - 1) = 3 -> 1/3      d-e: n=0, (2 + 0 - 0) = 2 -> 0
    ov = {frozenset(k): v for k, v in neighbourhood_overlap(_toy()).items()}
    assert ov[frozenset("ab")] == pytest.approx(1 / 2)
    assert ov[frozenset("ac")] == pytest.approx(1 / 2)
    assert ov[frozenset("bc")] == pytest.approx(1.0)
    assert ov[frozenset("bd")] == pytest.approx(1 / 3)
    assert ov[frozenset("cd")] == pytest.approx(1 / 3)
    assert ov[frozenset("de")] == 0.0


def test_isolated_dyad_has_overlap_zero():
    g = nx.Graph()
    g.add_edge("x", "y", strength=1.0)  # denominator (0 + 0 - 0) = 0
    assert neighbourhood_overlap(g)[("x", "y")] == 0.0


def test_bridges_and_local_bridges_by_hand():
    rows = {(t.source, t.target): t for t in tie_metrics(_toy())}
    assert rows[("d", "e")].bridge and rows[("d", "e")].local_bridge
    assert not any(t.bridge for k, t in rows.items() if k != ("d", "e"))
    # a 4-cycle: every tie is a local bridge (no common neighbour) but none is a bridge
    c4 = nx.cycle_graph(["p", "q", "r", "s"])
    ties = tie_metrics(c4)
    assert all(t.local_bridge and not t.bridge for t in ties)
    assert all(t.overlap == 0.0 and t.bridging for t in ties)


@pytest.mark.parametrize("seed", [1, 2])
def test_sparse_counts_agree_with_set_intersections(seed):
    g = nx.gnp_random_graph(150, 0.06, seed=seed)
    e = Engine(g)
    common = common_neighbours(e)
    for k in range(e.m):
        u, v = e.nodes[e.rows[k]], e.nodes[e.cols[k]]
        assert common[k] == len(set(g[u]) & set(g[v]))
    rows = tie_metrics(g)
    assert {(t.source, t.target) for t in rows if t.local_bridge} == {
        tuple(sorted((str(u), str(v)))) for u, v in nx.local_bridges(g, with_span=False)
    }
    assert {frozenset((t.source, t.target)) for t in rows if t.bridge} == {
        frozenset(map(str, b)) for b in nx.bridges(g)
    }


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_bridge_search_agrees_with_networkx_on_sparse_graphs(seed):
    # sparse random graphs (average degree ~2) have many bridges, trees and isolates
    g = nx.gnp_random_graph(300, 0.007, seed=seed)
    g.add_edges_from(nx.random_labeled_tree(40, seed=seed).edges)  # a tree glued on 0..39
    e = Engine(g)
    mask = bridge_mask(e)
    got = {frozenset((e.nodes[i], e.nodes[j]))
           for i, j, b in zip(e.rows, e.cols, mask, strict=True) if b}
    assert got == {frozenset(b) for b in nx.bridges(g)}
    assert len(got) > 50


def test_strong_threshold_quantile():
    # 75th percentile of 1, 2, 3, 4 with linear interpolation: 3 + 0.25 * (4 - 3) = 3.25
    assert strong_threshold([1.0, 2.0, 3.0, 4.0], 0.75) == pytest.approx(3.25)
    g = nx.path_graph(5)
    for (u, v), s in zip(g.edges, [1.0, 2.0, 3.0, 4.0], strict=True):
        g.edges[u, v]["strength"] = s
    strong = [t for t in tie_metrics(g) if t.strong]
    assert [(t.source, t.target) for t in strong] == [("3", "4")]  # ids come out as str


def test_boundaries_order_and_initiative():
    g = nx.Graph()
    attrs = {"ann": ("it", "it"), "bob": ("fin", "business"), "cy": ("fin", "business"),
             "dee": ("ops", "business")}
    for p, (unit, kind) in attrs.items():
        g.add_node(p, unit=unit, unit_kind=kind)
    d = nx.DiGraph()
    d.add_nodes_from(g.nodes)
    for s, t, w in [("bob", "ann", 3.0), ("ann", "bob", 1.0), ("cy", "bob", 2.0),
                    ("dee", "cy", 1.0)]:
        d.add_edge(s, t, strength=w)
        if g.has_edge(s, t):
            g.edges[s, t]["strength"] += w
            g.edges[s, t]["count"] += 1
        else:
            g.add_edge(s, t, strength=w, count=1)
    rows = tie_metrics(g, d)
    assert [(t.source, t.target) for t in rows] == [("ann", "bob"), ("bob", "cy"), ("cy", "dee")]
    ab, bc, cd = rows
    # ann initiated 1 of the 4 units of strength between ann and bob
    assert ab.source_share == pytest.approx(0.25)
    assert ab.count == 2
    assert ab.cross_unit and ab.cross_kind
    assert not bc.cross_unit and not bc.cross_kind
    assert bc.source_share == 0.0  # cy -> bob only
    assert cd.cross_unit and not cd.cross_kind
    assert cd.source_share == 0.0  # dee -> cy only: cy (the source) initiated nothing


def test_random_weights_classification_consistent():
    rng = random.Random(5)
    g = nx.gnp_random_graph(80, 0.1, seed=5)
    for u, v in g.edges:
        g.edges[u, v]["strength"] = rng.uniform(0.1, 3.0)
    rows = tie_metrics(g, strong_quantile=0.5, bridging_overlap=0.1)
    strengths = sorted(t.strength for t in rows)
    # with an even/odd count the median splits the ties in about half
    assert abs(sum(t.strong for t in rows) - len(rows) / 2) <= 1
    assert all(t.bridging == (t.overlap <= 0.1) for t in rows)
    assert strengths[0] > 0
