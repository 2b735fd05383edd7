"""Seeded approximations give the same scores whatever the thread count (so audits
and golden files do not change from one machine to another)."""

from __future__ import annotations

import networkit as nk
import networkx as nx
import pytest

from relgraph.analysis.centrality import betweenness, harmonic_closeness


@pytest.fixture(scope="module")
def graph() -> nx.Graph:
    g = nx.connected_watts_strogatz_graph(1500, 8, 0.1, seed=3)
    for k, (u, v) in enumerate(g.edges):
        g.edges[u, v]["strength"] = 1.0 + (k % 7)
    return g


@pytest.mark.parametrize("weighted", [False, True])
def test_approximate_betweenness_same_for_1_and_2_threads(graph: nx.Graph, weighted: bool) -> None:
    before = nk.getMaxNumberOfThreads()
    try:
        nk.setNumberOfThreads(1)
        a = betweenness(graph, weighted=weighted, approximate=True, epsilon=0.05, seed=7)
        nk.setNumberOfThreads(2)
        b = betweenness(graph, weighted=weighted, approximate=True, epsilon=0.05, seed=7)
    finally:
        nk.setNumberOfThreads(before)
    assert a == b
    assert nk.getMaxNumberOfThreads() == before


def test_approximate_closeness_is_seeded(graph: nx.Graph) -> None:
    a = harmonic_closeness(graph, approximate=True, seed=7)
    b = harmonic_closeness(graph, approximate=True, seed=7)
    c = harmonic_closeness(graph, approximate=True, seed=8)
    assert a == b and a != c
