"""Centrality: hand-computed graphs, published values, NetworkX agreement, approximations."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from scipy.stats import spearmanr

from relgraph.analysis import centrality as C
from relgraph.analysis.engine import Engine
from relgraph.graph import build_tie_graph
from relgraph.models import Level, Person, Unit, UnitKind
from relgraph.store.base import DirectedTie

KRACK = Path(__file__).parent / "data" / "krackhardt_hightech"


def _weighted(g: nx.Graph, seed: int, lo: float = 0.1, hi: float = 5.0) -> nx.Graph:
    rng = random.Random(seed)
    for u, v in g.edges:
        g.edges[u, v]["strength"] = rng.uniform(lo, hi)
    return g


def _inverse(u: object, v: object, d: dict) -> float:
    return 1.0 / d["strength"]


# --- hand-computed and published values -------------------------------------------------------

def test_kite_betweenness_published():
    # Krackhardt (1990) kite; normalised betweenness as printed in the NetworkX docs
    # and Krackhardt 1990: Andre .023, Beverly .023, Carol 0, Diane .102, Ed 0,
    # Fernando .231, Garth .231, Heather .389, Ike .222, Jane 0.
    g = nx.krackhardt_kite_graph()
    b = C.betweenness(g, weighted=False)
    expected = [0.023, 0.023, 0.0, 0.102, 0.0, 0.231, 0.231, 0.389, 0.222, 0.0]
    for v, x in enumerate(expected):
        assert b[v] == pytest.approx(x, abs=0.0006)
    # every tie has strength 1 (missing attribute), so weighted = unweighted
    bw = C.betweenness(g, weighted=True)
    assert all(bw[v] == pytest.approx(b[v]) for v in g)


def test_path_and_star_by_hand():
    # path 0-1-2-3-4: node 2 lies on pairs (0,3),(0,4),(1,3),(1,4) -> 4 of C(4,2)=6;
    # node 1 on (0,2),(0,3),(0,4) -> 3/6
    b = C.betweenness(nx.path_graph(5), weighted=False)
    assert b[2] == pytest.approx(4 / 6)
    assert b[1] == pytest.approx(3 / 6)
    assert b[0] == 0.0
    # harmonic closeness of node 0 on the path: (1 + 1/2 + 1/3 + 1/4) / 4
    h = C.harmonic_closeness(nx.path_graph(5))
    assert h[0] == pytest.approx((1 + 1 / 2 + 1 / 3 + 1 / 4) / 4)
    # star with 5 leaves: centre on every leaf pair -> 1; leaf closeness (1 + 4 * 1/2) / 5
    star = nx.star_graph(5)
    b = C.betweenness(star, weighted=False)
    h = C.harmonic_closeness(star)
    assert b[0] == pytest.approx(1.0)
    assert b[1] == 0.0
    assert h[0] == pytest.approx(1.0)
    assert h[1] == pytest.approx(3 / 5)


def test_weighted_betweenness_prefers_strong_ties():
    # a-b is weak (length 1); a-c and c-b are strong (length 1/4 each): the shortest
    # a-b path goes through c (0.5 < 1), so c has weighted betweenness 1 (the only
    # pair not involving c), but unweighted betweenness 0 (a-b is a direct tie).
    g = nx.Graph()
    g.add_edge("a", "b", strength=1.0)
    g.add_edge("a", "c", strength=4.0)
    g.add_edge("c", "b", strength=4.0)
    assert C.betweenness(g, weighted=True)["c"] == pytest.approx(1.0)
    assert C.betweenness(g, weighted=False)["c"] == 0.0


def test_isolates_and_tiny_graphs():
    g = nx.Graph()
    g.add_nodes_from(["x", "y"])
    c = C.compute_centrality(g)
    assert c.degree == {"x": 0, "y": 0}
    assert c.betweenness == {"x": 0.0, "y": 0.0}
    assert c.harmonic_closeness == {"x": 0.0, "y": 0.0}
    assert c.pagerank == pytest.approx({"x": 0.5, "y": 0.5})
    assert C.compute_centrality(nx.Graph()).degree == {}


def test_degree_strength_articulation():
    g = nx.Graph()
    g.add_edge("a", "b", strength=2.0)
    g.add_edge("b", "c", strength=0.5)
    g.add_node("z")
    c = C.compute_centrality(g)
    assert c.degree == {"a": 1, "b": 2, "c": 1, "z": 0}
    assert c.strength["b"] == pytest.approx(2.5)
    assert c.articulation_points == {"b"}
    assert c.approximations == []


# --- agreement with NetworkX on random graphs ---------------------------------------------------

@pytest.mark.parametrize("seed", [1, 2, 3])
def test_compiled_engines_agree_with_networkx(seed):
    # disconnected random graph with isolates and random strengths
    g = _weighted(nx.gnp_random_graph(120, 0.04, seed=seed), seed)
    if seed == 3:  # integer strengths: many shortest paths of equal length
        for u, v in g.edges:
            g.edges[u, v]["strength"] = float(1 + (u * v) % 3)
    g.add_nodes_from(range(120, 125))
    e = Engine(g)
    n = g.number_of_nodes()
    bw = C.betweenness(e, weighted=True)
    bu = C.betweenness(e, weighted=False)
    hc = C.harmonic_closeness(e)
    pr = C.pagerank(e)
    ref_bw = nx.betweenness_centrality(g, weight=_inverse)
    ref_bu = nx.betweenness_centrality(g)
    ref_hc = nx.harmonic_centrality(g)
    ref_pr = nx.pagerank(g, weight="strength")
    for v in g:
        assert bw[v] == pytest.approx(ref_bw[v], abs=1e-9)
        assert bu[v] == pytest.approx(ref_bu[v], abs=1e-9)
        assert hc[v] == pytest.approx(ref_hc[v] / (n - 1), abs=1e-9)
        assert pr[v] == pytest.approx(ref_pr[v], abs=1e-6)
    assert C.articulation_points(g) == set(nx.articulation_points(g))


# --- approximations ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def approx_graph() -> Engine:
    # clustered scale-free graph of 2,000 people: exact values are affordable here
    return Engine(_weighted(nx.powerlaw_cluster_graph(2000, 4, 0.3, seed=7), 7))


def _top100_spearman(exact: dict, approx: dict) -> float:
    top = sorted(exact, key=lambda v: -exact[v])[:100]
    return float(spearmanr([exact[v] for v in top], [approx[v] for v in top]).statistic)


@pytest.mark.parametrize("weighted", [False, True])
def test_sampled_betweenness_ranking(approx_graph, weighted):
    e = approx_graph
    exact = C.betweenness(e, weighted=weighted)
    work = e.n * 2.0 * e.m
    approx = C.betweenness(e, weighted=weighted, budget=0.5 * work, seed=3)
    assert approx != exact
    # the sample grows until its halves agree (split-half top-100 Spearman >= 0.95,
    # top-10 >= 9/10); against the exact values the whole sample then does at least as well
    assert _top100_spearman(exact, approx) >= 0.95
    top = sorted(exact, key=lambda v: -exact[v])[:10]
    assert len(set(top) & set(sorted(approx, key=lambda v: -approx[v])[:10])) >= 9


def test_sampled_closeness_top_is_exact(approx_graph):
    e = approx_graph
    exact = C.harmonic_closeness(e)
    approx = C.harmonic_closeness(e, budget=0.1 * e.n * 2 * e.m, seed=3, refine=300)
    top = sorted(exact, key=lambda v: -exact[v])[:100]
    assert [approx[v] for v in top] == pytest.approx([exact[v] for v in top], abs=1e-12)
    # the rest are unbiased estimates from at most 10% of the sources: within 15% here
    rest = [v for v in e.nodes if abs(approx[v] - exact[v]) > 1e-12]
    assert rest and max(abs(approx[v] / exact[v] - 1) for v in rest) < 0.15


def test_budget_switches_to_sampling():
    g = _weighted(nx.gnp_random_graph(60, 0.1, seed=4), 4)
    m = g.number_of_edges()
    # a budget just under the exact work would run exactly (EXACT_SHARE): half of it samples
    assert C.compute_centrality(g, hop_budget=60 * 2 * m - 1).approximations == []
    c = C.compute_centrality(g, hop_budget=30 * 2 * m, weighted_budget=60 * 2 * m)
    assert len(c.approximations) == 2  # unweighted betweenness and closeness
    assert "sources" in c.engines["betweenness_unweighted"] and c.engines["betweenness"].endswith("exact")
    assert "stratified source sampling" in c.approximations[0]
    assert C.compute_centrality(g, hop_budget=60 * 2 * m).approximations == []
    assert len(C.compute_centrality(g, approximate=True).approximations) == 3
    assert C.compute_centrality(g, approximate=False, hop_budget=1, weighted_budget=1
                                ).approximations == []


def test_pass_budget():
    # exact (None) while n * 2m fits; else the budget; forced: at most the exact work
    assert C.pass_budget(1000, 5000, 1e7, None) is None
    assert C.pass_budget(1000, 5000, 1e7 - 1, None) == 1e7 - 1  # no floor: the Dijkstra pass
    assert C.pass_budget(1000, 5000, 1e8, True) == 1e7
    assert C.pass_budget(1000, 5000, 1e6, True) == 1e6
    assert C.pass_budget(1000, 5000, 1.0, False) is None
    # with a floor (the BFS pass's hop_sample_budget) the sampled budget starts at the exact
    # limit and tapers as budget * sqrt(budget / work), by hand: work 1e7 (n = 1000, 2m = 1e4)
    assert C.pass_budget(1000, 5000, 1e7, None, 2e6) is None
    assert C.pass_budget(1000, 5000, 1e7 - 1, None, 2e6) is None  # ~1e7: exact instead
    # 8e6 * sqrt(0.8) = 7.16e6, below 0.75 of the work (7.5e6): sampled; 9e6 * sqrt(0.9) =
    # 8.54e6, above it: exact
    assert C.pass_budget(1000, 5000, 8e6, None, 2e6) == pytest.approx(8e6 * 0.8 ** 0.5)
    assert C.pass_budget(1000, 5000, 9e6, None, 2e6) is None
    assert C.pass_budget(1000, 5000, 4e6, None, 1e6) == pytest.approx(4e6 * (0.4 ** 0.5))
    assert C.pass_budget(1000, 5000, 1e6, None, 2e5) == pytest.approx(1e6 * 0.1 ** 0.5)
    assert C.pass_budget(1000, 5000, 1e5, None, 2e4) == 2e4  # 1e5 * 0.01 ** 0.5 = 1e4: floor
    assert C.pass_budget(1000, 5000, 1e6, None, 5e6) == 1e6  # never above the exact limit
    # forced: the floor, at most the exact work
    assert C.pass_budget(1000, 5000, 1e8, True, 2e6) == 2e6


# --- real data: Krackhardt's high-tech managers -------------------------------------------------

def _krack(network: str):
    with open(KRACK / "nodes.csv", newline="") as fh:
        nodes = list(csv.DictReader(fh))
    with open(KRACK / f"{network}_edges.csv", newline="") as fh:
        arcs = [(r["from"], r["to"]) for r in csv.DictReader(fh)]
    units = [Unit(id=f"dept{d}", name=f"Dept {d}", kind=UnitKind.BUSINESS)
             for d in sorted({r["dept"] for r in nodes})]
    level = {"1": Level.EXECUTIVE, "2": Level.DIRECTOR, "3": Level.MANAGER}
    people = [Person(id=f"m{int(r['id']):02d}", name=f"Manager {r['id']}", unit=f"dept{r['dept']}",
                     level=level[r["level"]]) for r in nodes]
    ties = [DirectedTie(f"m{int(a):02d}", f"m{int(b):02d}", 1, 1.0, 0, 0) for a, b in arcs]
    return build_tie_graph(people, units, ties)


def test_krackhardt_published_figures():
    # Wasserman & Faust (1994), ch. 4: densities .452 (advice) and .243 (friendship);
    # manager 2 has the highest advice in-degree, 18
    adv = _krack("advice")
    fr = _krack("friendship")
    assert nx.density(adv.directed) == pytest.approx(0.452, abs=0.0005)
    assert nx.density(fr.directed) == pytest.approx(0.243, abs=0.0005)
    indeg = dict(adv.directed.in_degree())
    assert indeg["m02"] == 18
    assert max(indeg, key=lambda v: (indeg[v], v)) == "m02"


def test_krackhardt_centrality_matches_networkx():
    g = _krack("friendship").graph
    c = C.compute_centrality(g)
    ref = nx.betweenness_centrality(g)
    assert c.betweenness_unweighted == pytest.approx(ref, abs=1e-9)
    # degree = distinct friends (in or out)
    d = _krack("friendship").directed
    for v in g:
        assert c.degree[v] == len(set(d.successors(v)) | set(d.predecessors(v)))
    assert np.isclose(sum(c.pagerank.values()), 1.0)


# --- linear scaling (sampled passes) -------------------------------------------------------------

def test_linear_scaling_by_hand_and_identity():
    # path 0-1-2-3 from source 0: node 1 lies on the paths to 2 and 3 at fractions
    # d(0,1)/d(0,2) = 1/2 and 1/3 -> 5/6; node 2 on the path to 3 at 2/3 (Geisberger et al. 2008)
    from relgraph.analysis import paths

    e = Engine(nx.path_graph(4))
    ip, ix = e.csr
    dep = paths.hop_pass(ip, ix, np.array([0]), scaled=True)[0]
    assert dep.tolist() == pytest.approx([0.0, 5 / 6, 2 / 3, 0.0])
    wdep = paths.weighted_pass(ip, ix, e.lengths, np.array([0]), scaled=True)
    assert wdep.tolist() == pytest.approx([0.0, 5 / 6, 2 / 3, 0.0])
    # over every source, scaled shares count each pair once: twice the scaled sum = plain sum
    g = _weighted(nx.gnp_random_graph(80, 0.08, seed=5), 5)
    e = Engine(g)
    ip, ix = e.csr
    src = np.arange(e.n)
    plain = paths.hop_pass(ip, ix, src)[0]
    assert 2 * paths.hop_pass(ip, ix, src, scaled=True)[0] == pytest.approx(plain, abs=1e-9)
    wplain = paths.weighted_pass(ip, ix, e.lengths, src)
    assert 2 * paths.weighted_pass(ip, ix, e.lengths, src, scaled=True) == pytest.approx(
        wplain, abs=1e-9)


# --- the kernels themselves: per-source and batched, against shortest paths counted one by one --

def _dependencies(g: nx.Graph, s) -> dict:
    """Brandes' dependency of ``s`` on every node, from NetworkX's enumeration of all shortest
    paths: ``delta_s(v) = sum_t sigma_st(v) / sigma_st`` (Brandes 2001, eq. 2)."""
    dep = dict.fromkeys(g, 0.0)
    for t in nx.node_connected_component(g, s):
        if t == s:
            continue
        found = list(nx.all_shortest_paths(g, s, t))
        for p in found:
            for v in p[1:-1]:
                dep[v] += 1.0 / len(found)
    return dep


@pytest.fixture(scope="module")
def small_graph():
    g = nx.gnp_random_graph(40, 0.08, seed=11)  # several components
    g.add_nodes_from(range(40, 44))  # isolates
    nx.add_path(g, [0, 44, 45, 46, 47])  # a tail
    return g


@pytest.mark.parametrize("k", [3, 7])
def test_per_source_kernel_against_path_enumeration(small_graph, k):
    # fewer than 8 sources: one search per source, with per-source weights
    from relgraph.analysis import paths

    e = Engine(small_graph)
    ip, ix = e.csr
    src = np.array([e.index[v] for v in [0, 5, 40, 12, 44, 30, 21][:k]])
    w = np.linspace(0.5, 2.0, k)
    dep = paths.hop_pass(ip, ix, src, weights=w)[0]
    ref = np.zeros(e.n)
    for i, s in enumerate(src):
        d = _dependencies(small_graph, e.nodes[s])
        ref += w[i] * np.array([d[v] for v in e.nodes])
    assert dep == pytest.approx(ref, abs=1e-9)


@pytest.mark.parametrize("dtype", [np.int32, np.int64])
def test_batched_kernel_against_path_enumeration(small_graph, dtype):
    # 8 lanes, a last batch only partly filled (21 sources), both index dtypes, weights
    from relgraph.analysis import msbfs

    e = Engine(small_graph)
    ip, ix = e.csr
    src = np.arange(0, e.n, 2)[:21].astype(dtype)
    w = 1.0 + (np.arange(21) % 3)
    acc, _, harm = msbfs.batch_blocks(ip.astype(dtype), ix.astype(dtype), src, w, 8, 16,
                                      True, False, False)
    ref = np.zeros(e.n)
    for i, s in enumerate(src):
        d = _dependencies(small_graph, e.nodes[s])
        ref += w[i] * np.array([d[v] for v in e.nodes])
    assert acc.sum(axis=0) == pytest.approx(ref, abs=1e-9)
    hc = nx.harmonic_centrality(small_graph)
    assert harm == pytest.approx([hc[e.nodes[s]] for s in src], abs=1e-9)


def test_batched_kernel_64_lanes_dense_and_deep():
    # 64 lanes: a dense graph where neighbours share more than msbfs.DENSE lanes (the
    # vectorised add), plus a 40-node tail, deeper than the 16 level masks allocated at
    # first (they grow); every node a source. Expected: NetworkX's Brandes, unnormalised
    # (each pair counted from both ends, hence x2), and NetworkX's harmonic centrality.
    from relgraph.analysis import msbfs

    g = nx.connected_watts_strogatz_graph(150, 12, 0.1, seed=3)
    nx.add_path(g, [0] + list(range(150, 190)))
    e = Engine(g)
    ip, ix = (a.astype(np.int32) for a in e.csr)
    src = np.arange(e.n, dtype=np.int32)
    acc, cols, harm = msbfs.batch_blocks(ip, ix, src, np.ones(e.n), 64, 16, True, True,
                                         False)
    bc = nx.betweenness_centrality(g, normalized=False)
    assert acc.sum(axis=0) == pytest.approx([2 * bc[v] for v in e.nodes], rel=1e-12)
    hc = nx.harmonic_centrality(g)
    assert harm == pytest.approx([hc[v] for v in e.nodes], rel=1e-12)
    assert cols.sum(axis=0) == pytest.approx(harm, rel=1e-12)  # symmetric distances
    # linear scaling over every source counts each pair once (Geisberger et al. 2008)
    sc = msbfs.batch_blocks(ip, ix, src, np.ones(e.n), 64, 16, True, False, True)[0]
    assert sc.sum(axis=0) == pytest.approx([bc[v] for v in e.nodes], rel=1e-9)


@pytest.mark.parametrize("first", ["chain", "isolate"])
def test_deep_graphs_use_one_search_per_source(monkeypatch, first):
    # a chain longer than MAX_BATCH_DEPTH: the batched kernel would sweep everyone at each
    # of its ~100 levels and keep a mask per level; the per-source search runs instead, also
    # when the first source is an isolate (whose own search is 0 deep: review, 2026-12-02)
    from relgraph.analysis import msbfs, paths

    g = nx.path_graph(100)
    g.add_node(100)  # an isolate
    e = Engine(g)
    ip, ix = e.csr
    src = np.arange(101) if first == "chain" else np.r_[100, np.arange(100)]
    assert paths._depth(ip, ix, src) == 99 > paths.MAX_BATCH_DEPTH // 2

    def refuse(*args, **kwargs):
        raise AssertionError("the batched kernel ran on a deep graph")

    monkeypatch.setattr(msbfs, "batch_blocks", refuse)
    dep = paths.hop_pass(ip, ix, src)[0]
    # on a path, node v lies on the paths between the v nodes before it and the 99-v after
    assert dep[:100] == pytest.approx([2.0 * v * (99 - v) for v in range(100)])
    sip, six = Engine(nx.star_graph(20)).csr  # shallow: the batch does run
    with pytest.raises(AssertionError, match="batched kernel ran"):
        paths.hop_pass(sip, six, np.arange(21))


def test_batched_kernel_isolated_and_repeated_sources(small_graph):
    # one batch of 8 lanes holding an isolate, a source listed twice and a tail node; the
    # expected values come from path enumeration (Brandes' dependencies, by hand)
    from relgraph.analysis import msbfs

    e = Engine(small_graph)
    ip, ix = (a.astype(np.int32) for a in e.csr)
    names = [40, 5, 5, 12, 47, 0, 41, 30, 21]  # 9 sources: a second batch of one
    src = np.array([e.index[v] for v in names], dtype=np.int32)
    acc, _, harm = msbfs.batch_blocks(ip, ix, src, np.ones(len(src)), 8, 16, True, False,
                                      False)
    ref = np.zeros(e.n)
    for v in names:
        d = _dependencies(small_graph, v)
        ref += np.array([d[u] for u in e.nodes])
    assert acc.sum(axis=0) == pytest.approx(ref, abs=1e-9)
    hc = nx.harmonic_centrality(small_graph)
    assert harm == pytest.approx([hc[v] for v in names], abs=1e-9)


def test_exact_pass_in_unit_order_maps_values_back():
    # the exact pass runs its sources unit by unit; units shuffled over the people, so the
    # order differs from the engine's: every value must still land on its own person
    # (expected: NetworkX's normalised betweenness and harmonic closeness / (n - 1))
    g = nx.connected_watts_strogatz_graph(120, 6, 0.2, seed=8)
    rng = random.Random(5)
    for v in g:
        g.nodes[v]["unit"] = f"u{rng.randrange(7)}"
    for u, v in g.edges:
        g.edges[u, v]["strength"] = 1.0
    c = C.compute_centrality(g)
    assert c.approximations == []
    bc = nx.betweenness_centrality(g)
    hc = nx.harmonic_centrality(g)
    assert [c.betweenness_unweighted[v] for v in g] == pytest.approx([bc[v] for v in g],
                                                                     abs=1e-11)
    assert [c.harmonic_closeness[v] for v in g] == pytest.approx([hc[v] / 119 for v in g],
                                                                 rel=1e-12)


def test_sampled_weighted_with_every_source_is_exact_with_tied_strengths():
    # tied strengths: twice the linearly scaled sum differs from the plain one (float sums of
    # equal-length paths seen from the two ends), so a sample that grew to every source
    # returns the plain pass (review finding, 2026-12-01)
    g = nx.gnp_random_graph(60, 0.1, seed=2)
    for k, (u, v) in enumerate(g.edges):
        g.edges[u, v]["strength"] = (1.0, 1.5, 3.0, 6.0, 10.0)[k % 5]
    e = Engine(g)
    exact = C.weighted_centrality(e, None)
    forced = C.weighted_centrality(e, C.pass_budget(e.n, e.m, 1e12, True), seed=1)
    assert forced.sources == e.n  # on 60 people the halves never agree: every source used
    assert np.array_equal(forced.betweenness, exact.betweenness)
    assert "the values are exact" in forced.note
    ref = nx.betweenness_centrality(g, weight=_inverse)
    assert exact.betweenness == pytest.approx([ref[v] for v in e.nodes], abs=1e-9)


@pytest.mark.parametrize("shape", ["batched", "per source"])
def test_split_into_kernel_calls_changes_no_bit(monkeypatch, shape):
    # A pass runs as many short kernel calls, sized by the machine's speed, so that Ctrl-C
    # is delivered between them (relgraph.analysis._steps). How the pass is split must not
    # change a result, not even in the last bit: one call per item of every block against
    # one call for the whole pass.
    from relgraph.analysis import msbfs, paths

    if shape == "batched":  # 2,000 sources: 32 batches of 64 in 16 blocks, 2 a block
        g = nx.gnm_random_graph(2000, 12000, seed=3)
    else:  # a ring with few shortcuts: too deep for batches; 125 sources a block
        g = nx.connected_watts_strogatz_graph(2000, 4, 0.002, seed=1)
    e = Engine(g)
    ip, ix = e.csr
    src = np.arange(e.n)
    w = np.random.default_rng(5).random(e.n)
    assert (paths._depth(ip, ix, src) > paths.MAX_BATCH_DEPTH // 2) == (shape == "per source")

    calls: list[tuple[int, int]] = []

    def whole(step, longest):
        calls.append((0, longest))
        step(0, longest)

    def one_at_a_time(step, longest):
        for first in range(longest):
            calls.append((first, 1))
            step(first, 1)

    runs = []
    for split in (whole, one_at_a_time):
        monkeypatch.setattr(paths, "stepped", split)
        monkeypatch.setattr(msbfs, "stepped", split)
        calls.clear()
        runs.append((*paths.hop_pass(ip, ix, src, columns=True, weights=w),
                     paths.weighted_pass(ip, ix, e.lengths, src[::7], scaled=True)))
        per_block = (2 if shape == "batched" else 125) + 18  # 286 weighted sources / 16
        assert len(calls) == (2 if split is whole else per_block)
    for a, b in zip(*runs, strict=True):
        assert np.array_equal(a, b)
