"""Weak ties: neighbourhood overlap, strong/weak and embedded/bridging ties, bridges.

Granovetter (1973) argued that weak ties bridge otherwise separate groups;
Onnela et al. (2007) measured it with the *neighbourhood overlap* of a tie
``(i, j)``::

    O_ij = n_ij / ((k_i - 1) + (k_j - 1) - n_ij)

where ``n_ij`` is the number of common neighbours and ``k`` the degree. A tie
with overlap 0 is a *local bridge* (no common neighbour); a tie whose removal
disconnects its component is a (graph) *bridge*. Every bridge is a local bridge.

Common neighbours of every tie are counted by merging the two ends' sorted neighbour
lists (compiled, in parallel): ``(A @ A)`` read at the ties, without building it.
"""

from __future__ import annotations

from collections.abc import Hashable

import networkx as nx
import numpy as np
import scipy.sparse as sp

from relgraph.analysis.engine import Engine
from relgraph.analysis.result import TieTable


def common_neighbours(e: Engine) -> np.ndarray:
    """Number of common neighbours of every tie, aligned with ``e.rows`` / ``e.cols``.

    ``n_ij = |N(i) & N(j)|``, i.e. ``(A @ A)[i, j]`` for the binary adjacency ``A``,
    counted by merging the sorted neighbour lists of ``i`` and ``j``
    (:func:`relgraph.analysis._sparse_kernels.common_counts`).

    Parameters
    ----------
    e : Engine
        Converted tie graph.

    Returns
    -------
    numpy.ndarray
        ``n_ij`` per tie (int64).

    References
    ----------
    Onnela, J.-P. et al. (2007). Structure and tie strengths in mobile
    communication networks. PNAS 104(18), 7332-7336.
    """
    if e.m == 0:
        return np.zeros(0, dtype=np.int64)
    from relgraph.analysis._sparse_kernels import common_counts

    a = e.adjacency
    if not a.has_sorted_indices:
        a = a.sorted_indices()
    return common_counts(a.indptr.astype(np.int64), a.indices.astype(np.int64),
                         np.asarray(e.rows, dtype=np.int64), np.asarray(e.cols, dtype=np.int64))


def overlap_values(e: Engine, common: np.ndarray | None = None) -> np.ndarray:
    """Onnela neighbourhood overlap of every tie, aligned with ``e.rows`` / ``e.cols``.

    ``O_ij = n_ij / ((k_i - 1) + (k_j - 1) - n_ij)``; a tie between two people
    who have no other contact (denominator 0) gets overlap 0.

    References
    ----------
    Onnela, J.-P. et al. (2007). Structure and tie strengths in mobile
    communication networks. PNAS 104(18), 7332-7336.
    """
    c = common_neighbours(e) if common is None else common
    k = e.degrees
    den = (k[e.rows] - 1) + (k[e.cols] - 1) - c
    ov = np.zeros(e.m)
    nz = den > 0
    ov[nz] = c[nz] / den[nz]
    return ov


def neighbourhood_overlap(g: nx.Graph) -> dict[tuple[Hashable, Hashable], float]:
    """``{(u, v): overlap}`` for every tie of ``g`` (keys as in ``g.edges``).

    See :func:`overlap_values` for the definition and reference.
    """
    e = Engine(g)
    ov = overlap_values(e)
    return {(e.nodes[i], e.nodes[j]): float(o) for i, j, o in zip(e.rows, e.cols, ov, strict=True)}


def bridge_mask(e: Engine) -> np.ndarray:
    """Which ties are bridges (removing one disconnects its component), aligned with ``e.rows``.

    Iterative depth-first search with low-links over the CSR adjacency (Tarjan
    1974): tree edge ``(p, c)`` is a bridge when ``low[c] > disc[p]``
    (:func:`relgraph.analysis.cuts.bridge_tree_edges`, compiled). Linear time.

    References
    ----------
    Tarjan, R. E. (1974). A note on finding the bridges of a graph. Information
    Processing Letters 2(6), 160-161.
    """
    n = e.n
    out = np.zeros(e.m, dtype=bool)
    if e.m == 0:
        return out
    from relgraph.analysis.cuts import bridge_tree_edges

    a = e.adjacency
    child, parent = bridge_tree_edges(a.indptr, a.indices)
    if len(child):
        # position of each tie, looked up from either end
        pos = sp.csr_array((np.arange(1, e.m + 1), (e.rows, e.cols)), shape=(n, n))
        pos = pos + pos.T
        out[np.asarray(pos[parent, child]).ravel() - 1] = True
    return out


def strong_threshold(strengths: np.ndarray, quantile: float) -> float:
    """Strength at the given quantile of all tie strengths (linear interpolation)."""
    return float(np.quantile(strengths, quantile)) if len(strengths) else 0.0


def tie_metrics(
    g: nx.Graph,
    dg: nx.DiGraph | None = None,
    *,
    engine: Engine | None = None,
    weight: str = "strength",
    strong_quantile: float = 0.75,
    bridging_overlap: float = 0.05,
    directed: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> TieTable:
    """Classify every tie: overlap, strong/weak, embedded/bridging, bridges, boundaries.

    Parameters
    ----------
    g : networkx.Graph
        Undirected tie graph (node attributes ``unit`` and ``unit_kind``).
    dg : networkx.DiGraph, optional
        Directed view (who initiates), for ``source_share``; without it (and without
        ``directed``) the share is 0.5.
    engine : Engine, optional
        Converted engine of ``g`` to reuse.
    strong_quantile : float
        A tie is *strong* when its strength is at or above this quantile of all
        tie strengths in the window.
    bridging_overlap : float
        A tie is *bridging* when its overlap is at or below this value
        (otherwise *embedded*).
    directed : tuple of arrays, optional
        The directed ties as ``(source, target, strength)``, ends as indices into the
        engine's nodes (no self-tie, each pair once): used instead of ``dg``.

    Returns
    -------
    TieTable
        One row (read as :class:`~relgraph.analysis.result.TieMetrics`) per tie, ordered
        by ``(source, target)`` with ``source < target``; held as columns, no model is
        made until a row is read.

    References
    ----------
    Granovetter, M. S. (1973). The strength of weak ties. American Journal of
    Sociology 78(6), 1360-1380 (local bridges).
    Onnela, J.-P. et al. (2007). Structure and tie strengths in mobile
    communication networks. PNAS 104(18), 7332-7336 (overlap).
    Tarjan, R. E. (1974). A note on finding the bridges of a graph. Information
    Processing Letters 2(6), 160-161 (bridges, see :func:`bridge_mask`).
    """
    e = engine or Engine(g, weight)
    if e.m == 0:
        return TieTable.empty()
    common = common_neighbours(e)
    ov = overlap_values(e, common)
    strengths = e.strengths
    strong = strengths >= strong_threshold(strengths, strong_quantile)
    bridging = ov <= bridging_overlap
    n = e.n
    ids = np.array([str(v) for v in e.nodes], dtype=object)
    units = np.array([str(g.nodes[v].get("unit", "")) for v in e.nodes], dtype=object)
    kinds = np.array([str(g.nodes[v].get("unit_kind", "")) for v in e.nodes], dtype=object)
    # orient every tie so that source < target (as strings)
    flip = ids[e.rows] > ids[e.cols]
    src = np.where(flip, e.cols, e.rows)
    dst = np.where(flip, e.rows, e.cols)
    # strength initiated by the source: directed strengths as a sparse matrix
    if directed is None and dg is not None:
        idx = e.index
        fr, to, ws = [], [], []
        for a, b, w in dg.edges(data=weight, default=0.0):
            if a != b and a in idx and b in idx:
                fr.append(idx[a])
                to.append(idx[b])
                ws.append(w or 0.0)
        directed = (np.asarray(fr, dtype=np.int64), np.asarray(to, dtype=np.int64),
                    np.asarray(ws, dtype=np.float64))
    if directed is not None:
        fr_a, to_a, ws_a = directed
        fwd = sp.csr_array((np.asarray(ws_a, dtype=np.float64), (fr_a, to_a)), shape=(n, n))
        init = np.asarray(fwd[src, dst]).ravel() if len(fr_a) else np.zeros(e.m)
        share = np.divide(init, strengths, out=np.full(e.m, 0.5), where=strengths > 0)
    else:
        share = np.full(e.m, 0.5)
    local = common == 0
    # every bridge is a local bridge: skip the search when there is none
    is_bridge = bridge_mask(e) if local.any() else np.zeros(e.m, dtype=bool)
    src_ids, dst_ids = ids[src], ids[dst]
    order = np.lexsort((dst_ids, src_ids))
    # text as codes into one label list: each person's id and unit, each text once
    index: dict[str, int] = {}
    id_code = np.fromiter((index.setdefault(v, len(index)) for v in ids), np.int32, n)
    unit_code = np.fromiter((index.setdefault(v, len(index)) for v in units), np.int32, n)
    s_o, d_o = src[order], dst[order]
    return TieTable(list(index), {
        "source": id_code[s_o], "target": id_code[d_o],
        "source_unit": unit_code[s_o], "target_unit": unit_code[d_o],
        "strength": strengths[order], "count": e.counts[order], "overlap": ov[order],
        "strong": strong[order], "bridging": bridging[order], "local_bridge": local[order],
        "bridge": is_bridge[order], "cross_unit": (units[src] != units[dst])[order],
        "cross_kind": (kinds[src] != kinds[dst])[order],
        "source_share": share[order]})
