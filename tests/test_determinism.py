"""Seeded approximations give the same scores whatever the thread count (so audits
and golden files do not change from one machine to another)."""

from __future__ import annotations

import networkx as nx
import numba
import pytest

from relgraph.analysis.centrality import betweenness, harmonic_closeness


@pytest.fixture(scope="module")
def graph() -> nx.Graph:
    g = nx.connected_watts_strogatz_graph(1500, 8, 0.1, seed=3)
    for k, (u, v) in enumerate(g.edges):
        g.edges[u, v]["strength"] = 1.0 + (k % 7)
    return g


def _budget(g: nx.Graph) -> float:
    return 150 * 2.0 * g.number_of_edges()  # work of about 150 of the 1,500 sources


@pytest.mark.parametrize("weighted", [False, True])
def test_sampled_betweenness_same_for_1_and_2_threads(graph: nx.Graph, weighted: bool) -> None:
    before = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        a = betweenness(graph, weighted=weighted, budget=_budget(graph), seed=7)
        numba.set_num_threads(min(2, numba.config.NUMBA_NUM_THREADS))
        b = betweenness(graph, weighted=weighted, budget=_budget(graph), seed=7)
        exact_2 = betweenness(graph, weighted=weighted)
        numba.set_num_threads(1)
        exact_1 = betweenness(graph, weighted=weighted)
    finally:
        numba.set_num_threads(before)
    assert a == b and exact_1 == exact_2


def test_sampled_closeness_is_seeded(graph: nx.Graph) -> None:
    a = harmonic_closeness(graph, budget=_budget(graph), seed=7, refine=10)
    b = harmonic_closeness(graph, budget=_budget(graph), seed=7, refine=10)
    c = harmonic_closeness(graph, budget=_budget(graph), seed=8, refine=10)
    assert a == b and a != c
