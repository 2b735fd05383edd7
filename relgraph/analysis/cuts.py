"""Cut vertices (articulation points) and bridges from a CSR adjacency, by Tarjan's
low-link search.

A person is a cut vertex when removing them splits their component: in the depth-first
tree, the root when it has two or more children, any other node ``v`` with a child ``c``
whose subtree reaches no node discovered before ``v`` (``low[c] >= disc[v]``). Linear
time; iterative, so deep trees need no recursion. A tie is a *bridge* when it is a tree
edge ``(p, c)`` with ``low[c] > disc[p]`` (Tarjan 1974). Compiled with numba: it reads only the
CSR arrays, so the analysis needs no NetworkX graph of the ties (issue 14).

References
----------
Hopcroft, J. & Tarjan, R. (1973). Algorithm 447: efficient algorithms for graph
manipulation. Communications of the ACM 16(6), 372-378.
Tarjan, R. E. (1972). Depth-first search and linear graph algorithms. SIAM Journal on
Computing 1(2), 146-160.
Tarjan, R. E. (1974). A note on finding the bridges of a graph. Information Processing
Letters 2(6), 160-161.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["articulation_mask", "bridge_tree_edges"]


@njit(cache=True)
def _cut_vertices(indptr, indices):  # pragma: no cover - compiled; tested via articulation_mask
    n = len(indptr) - 1
    disc = np.full(n, -1, dtype=np.int64)
    low = np.zeros(n, dtype=np.int64)
    out = np.zeros(n, dtype=np.bool_)
    stack_v = np.empty(n, dtype=np.int64)       # node, its tree parent, next neighbour slot
    stack_p = np.empty(n, dtype=np.int64)
    stack_i = np.empty(n, dtype=np.int64)
    t = 0
    for root in range(n):
        if disc[root] != -1 or indptr[root] == indptr[root + 1]:
            continue
        disc[root] = t
        low[root] = t
        t += 1
        children = 0
        top = 0
        stack_v[0], stack_p[0], stack_i[0] = root, -1, indptr[root]
        while top >= 0:
            v = stack_v[top]
            pos = stack_i[top]
            if pos < indptr[v + 1]:
                stack_i[top] = pos + 1
                w = indices[pos]
                if w == stack_p[top] or w == v:
                    continue
                if disc[w] == -1:
                    disc[w] = t
                    low[w] = t
                    t += 1
                    if v == root:
                        children += 1
                    top += 1
                    stack_v[top], stack_p[top], stack_i[top] = w, v, indptr[w]
                elif disc[w] < low[v]:
                    low[v] = disc[w]
            else:
                parent = stack_p[top]
                top -= 1
                if parent >= 0:
                    if low[v] < low[parent]:
                        low[parent] = low[v]
                    if parent != root and low[v] >= disc[parent]:
                        out[parent] = True
        if children > 1:
            out[root] = True
    return out


@njit(cache=True)
def _bridges(indptr, indices):  # pragma: no cover - compiled; tested via weakties.bridge_mask
    n = len(indptr) - 1
    disc = np.full(n, -1, dtype=np.int64)
    low = np.zeros(n, dtype=np.int64)
    parent_of = np.full(n, -1, dtype=np.int64)
    bridge = np.zeros(n, dtype=np.bool_)   # the tree edge (parent_of[v], v) is a bridge
    stack_v = np.empty(n, dtype=np.int64)
    stack_i = np.empty(n, dtype=np.int64)
    t = 0
    for root in range(n):
        if disc[root] != -1 or indptr[root] == indptr[root + 1]:
            continue
        disc[root] = t
        low[root] = t
        t += 1
        top = 0
        stack_v[0], stack_i[0] = root, indptr[root]
        while top >= 0:
            v = stack_v[top]
            pos = stack_i[top]
            if pos < indptr[v + 1]:
                stack_i[top] = pos + 1
                w = indices[pos]
                if w == parent_of[v] or w == v:
                    continue  # simple graph: the single tie back to the parent
                if disc[w] == -1:
                    disc[w] = t
                    low[w] = t
                    t += 1
                    parent_of[w] = v
                    top += 1
                    stack_v[top], stack_i[top] = w, indptr[w]
                elif disc[w] < low[v]:
                    low[v] = disc[w]
            else:
                top -= 1
                p = parent_of[v]
                if p >= 0:
                    if low[v] < low[p]:
                        low[p] = low[v]
                    if low[v] > disc[p]:
                        bridge[v] = True
    return bridge, parent_of


def bridge_tree_edges(indptr: np.ndarray, indices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The bridges of the symmetric CSR adjacency ``(indptr, indices)`` (a simple graph).

    Returns
    -------
    (children, parents) : numpy.ndarray
        Each bridge as the tie ``(parents[k], children[k])`` of the depth-first tree.

    References
    ----------
    Tarjan (1974), see the module.
    """
    ip = np.ascontiguousarray(indptr, dtype=np.int64)
    ix = np.ascontiguousarray(indices, dtype=np.int64)
    if len(ip) < 2:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    flag, parent = _bridges(ip, ix)
    child = np.flatnonzero(flag)
    return child, parent[child]


def articulation_mask(indptr: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """Which nodes are cut vertices, for the symmetric CSR adjacency ``(indptr, indices)``.

    Parameters
    ----------
    indptr, indices : numpy.ndarray
        CSR structure of an undirected graph (each tie stored from both ends; self-ties
        and repeated entries are ignored).

    Returns
    -------
    numpy.ndarray of bool
        ``mask[v]`` is True when removing ``v`` disconnects its component.

    References
    ----------
    Hopcroft & Tarjan (1973), see the module.
    """
    ip = np.ascontiguousarray(indptr, dtype=np.int64)
    ix = np.ascontiguousarray(indices, dtype=np.int64)
    if len(ip) < 2:
        return np.zeros(max(len(ip) - 1, 0), dtype=bool)
    return _cut_vertices(ip, ix)
