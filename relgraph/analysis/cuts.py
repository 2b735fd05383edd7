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
def _lowlink(indptr, indices):  # pragma: no cover - compiled; tested via the two functions below
    """Iterative depth-first search: discovery time, low-link and tree parent of every node
    (``disc`` -1 for a node without ties; ``parent`` -1 for roots and such nodes)."""
    n = len(indptr) - 1
    disc = np.full(n, -1, dtype=np.int64)
    low = np.zeros(n, dtype=np.int64)
    parent = np.full(n, -1, dtype=np.int64)
    stack_v = np.empty(n, dtype=np.int64)       # node and its next neighbour slot
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
                if w == parent[v] or w == v:
                    continue  # the tie back to the tree parent; a self-tie
                if disc[w] == -1:
                    disc[w] = t
                    low[w] = t
                    t += 1
                    parent[w] = v
                    top += 1
                    stack_v[top], stack_i[top] = w, indptr[w]
                elif disc[w] < low[v]:
                    low[v] = disc[w]
            else:
                top -= 1
                p = parent[v]
                if p >= 0 and low[v] < low[p]:
                    low[p] = low[v]
    return disc, low, parent


def _search(indptr: np.ndarray, indices: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(disc, low, parent)`` and the tree edges as ``(children, their parents)``."""
    ip = np.ascontiguousarray(indptr, dtype=np.int64)
    ix = np.ascontiguousarray(indices, dtype=np.int64)
    if len(ip) < 2:
        e = np.zeros(0, dtype=np.int64)
        return e, e, e, e, e
    disc, low, parent = _lowlink(ip, ix)
    child = np.flatnonzero(parent >= 0)
    return disc, low, parent, child, parent[child]


def bridge_tree_edges(indptr: np.ndarray, indices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The bridges of the symmetric CSR adjacency ``(indptr, indices)`` (a simple graph).

    A tree edge ``(p, c)`` is a bridge when ``low[c] > disc[p]``.

    Returns
    -------
    (children, parents) : numpy.ndarray
        Each bridge as the tie ``(parents[k], children[k])`` of the depth-first tree.

    References
    ----------
    Tarjan (1974), see the module.
    """
    disc, low, _, child, par = _search(indptr, indices)
    keep = low[child] > disc[par]
    return child[keep], par[keep]


def articulation_mask(indptr: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """Which nodes are cut vertices, for the symmetric CSR adjacency ``(indptr, indices)``.

    A root is a cut vertex when it has two or more tree children; any other node ``p``
    when a tree child ``c`` has ``low[c] >= disc[p]``.

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
    n = max(len(indptr) - 1, 0)
    out = np.zeros(n, dtype=bool)
    disc, low, parent, child, par = _search(indptr, indices)
    if not len(child):
        return out
    root = parent[par] < 0
    out[par[~root & (low[child] >= disc[par])]] = True
    out |= np.bincount(par[root], minlength=n) > 1
    return out
