"""Cut vertices from CSR (relgraph.analysis.cuts), against hand-worked graphs and NetworkX."""

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp

from relgraph.analysis.cuts import articulation_mask, bridge_tree_edges


def _csr(n, ties):
    r = [a for a, b in ties] + [b for a, b in ties]
    c = [b for a, b in ties] + [a for a, b in ties]
    m = sp.csr_array((np.ones(len(r)), (r, c)), shape=(n, n))
    return m.indptr, m.indices


def _cuts(n, ties):
    return set(np.flatnonzero(articulation_mask(*_csr(n, ties))).tolist())


@pytest.mark.parametrize(("n", "ties", "expected"), [
    # path 0-1-2-3: the inner nodes (removing either splits the path)
    (4, [(0, 1), (1, 2), (2, 3)], {1, 2}),
    # star centred on 0: only the centre
    (5, [(0, 1), (0, 2), (0, 3), (0, 4)], {0}),
    # cycle: none
    (4, [(0, 1), (1, 2), (2, 3), (3, 0)], set()),
    # two triangles sharing node 2 (a bow tie): node 2
    (5, [(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 2)], {2}),
    # triangle 0-1-2 with a tail 2-3-4, plus an isolate 5 and a separate pair 6-7
    (8, [(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (6, 7)], {2, 3}),
    # root of the search (node 0) with one child is not a cut vertex; 1 is
    (3, [(0, 1), (1, 2)], {1}),
    # nobody
    (3, [], set()),
])
def test_hand_worked(n, ties, expected):
    assert _cuts(n, ties) == expected


def test_long_path_needs_no_recursion():
    n = 200_000  # far deeper than Python's recursion limit
    ties = [(i, i + 1) for i in range(n - 1)]
    assert _cuts(n, ties) == set(range(1, n - 1))


def test_agrees_with_networkx_on_random_sparse_graphs():
    # independent implementation: networkx's biconnected-components DFS
    rng = np.random.default_rng(7)
    for n, m in [(30, 32), (200, 260), (500, 900)]:
        g = nx.gnm_random_graph(n, m, seed=int(rng.integers(1 << 30)))
        assert _cuts(n, list(g.edges)) == set(nx.articulation_points(g))


def test_raw_csr_with_repeated_entries_and_self_ties():
    # path 0-1-2 written with the 0-1 tie twice and self-ties on 1 and 2, unsorted rows
    indptr = np.array([0, 2, 6, 8])
    indices = np.array([1, 1, 2, 0, 1, 0, 2, 1])
    assert set(np.flatnonzero(articulation_mask(indptr, indices)).tolist()) == {1}


def test_bridges_of_a_path_into_a_triangle():
    """0-1-2 then the triangle 2-3-4 (by hand): the two path ties are bridges, the
    triangle's are not; a self-tie on 3 changes nothing."""
    ties = [(0, 1), (1, 2), (2, 3), (3, 4), (4, 2), (3, 3)]
    r = [a for a, b in ties] + [b for a, b in ties]
    c = [b for a, b in ties] + [a for a, b in ties]
    a = sp.csr_array((np.ones(len(r)), (r, c)), shape=(5, 5))
    a.sum_duplicates()
    child, parent = bridge_tree_edges(a.indptr, a.indices)
    assert sorted(tuple(sorted(p)) for p in zip(parent.tolist(), child.tolist(), strict=True)) == [
        (0, 1), (1, 2)]
