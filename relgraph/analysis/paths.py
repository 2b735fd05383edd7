"""Shortest-path passes from many sources, compiled with numba and run on every core.

One pass per source computes everything a source contributes:

* :func:`hop_pass`: one breadth-first search per source gives both the source's
  Brandes dependencies (unweighted betweenness) and its harmonic sum
  ``sum_v 1/d(s, v)`` (harmonic closeness), so the two metrics cost one traversal;
* :func:`weighted_pass`: one Dijkstra search per source (binary heap) gives the
  dependencies on tie lengths (weighted betweenness);
* :func:`harmonic_sums`: breadth-first search only, for closeness alone.

Breadth-first sources run 64 at a time through the multi-source kernel of
:mod:`relgraph.analysis.msbfs`; one search per source where that does not pay.

Sources are split into :data:`BLOCKS` fixed blocks, each with its own accumulator;
blocks run in parallel (``numba.prange``) and are summed in block order, so the
result does not depend on the number of threads or their scheduling (deterministic
to the last bit). Graphs are CSR arrays (``indptr``, ``indices``, optional
``lengths``) of a simple undirected graph.

Ties in path length are exact float equalities, as in NetworkX
(``_single_source_dijkstra_path_basic``): path lengths are summed in path order, so
the test ``dist[v] + len(v, w) == dist[w]`` sees the same bits in both passes.

References
----------
Brandes, U. (2001). A faster algorithm for betweenness centrality. Journal of
Mathematical Sociology 25(2), 163-177.
Brandes, U. & Pich, C. (2007). Centrality estimation in large networks.
International Journal of Bifurcation and Chaos 17(7), 2303-2318 (source sampling).
Geisberger, R., Sanders, P. & Schultes, D. (2008). Better approximation of
betweenness centrality. ALENEX 2008, 90-100 (linear scaling).
Marchiori, M. & Latora, V. (2000). Harmony in the small-world. Physica A 285, 539-546.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from relgraph.analysis import msbfs
from relgraph.analysis._steps import block_span, longest_block, stepped, threads

BLOCKS = 16
"""Fixed number of source blocks (accumulators); independent of the thread count."""


@njit(cache=True, nogil=True)
def _bfs_one(indptr, indices, s, wt, dist, sigma, order, delta, pred, npred, bc, want_bc,
             cols, want_cols, scaled):  # pragma: no cover
    """BFS from ``s``; add ``wt`` times its dependencies to ``bc`` (if ``want_bc``) and
    ``1/d(s, v)`` to ``cols[v]`` (if ``want_cols``); return ``sum_v 1/d(s, v)``.

    The forward search records each node's predecessors (``pred``, in the node's own
    CSR slots; ``npred`` of them), so the backward accumulation visits only the edges
    of the shortest-path DAG instead of every tie end a second time."""
    dist[s] = 0
    sigma[s] = 1.0
    order[0] = s
    head = 0
    tail = 1
    harm = 0.0
    while head < tail:
        v = order[head]
        head += 1
        dv = dist[v]
        dv1 = dv + 1
        if v != s:
            inv = 1.0 / dv
            harm += inv
            if want_cols:
                cols[v] += inv
        sv = sigma[v]
        for p in range(indptr[v], indptr[v + 1]):
            w = indices[p]
            dw = dist[w]
            if dw < 0:
                dist[w] = dv1
                order[tail] = w
                tail += 1
                dw = dv1
            if want_bc and dw == dv1:
                sigma[w] += sv
                pred[indptr[w] + npred[w]] = v
                npred[w] += 1
    if want_bc:
        for i in range(tail - 1, 0, -1):
            w = order[i]
            dw = dist[w]
            # scaled: delta = sum over targets t beyond w of (pair share) / d(s, t)
            coeff = ((1.0 / dw if scaled else 1.0) + delta[w]) / sigma[w]
            base = indptr[w]
            for p in range(base, base + npred[w]):
                v = pred[p]
                delta[v] += sigma[v] * coeff
            bc[w] += wt * (dw * delta[w] if scaled else delta[w])
    for i in range(tail):  # reset only what was touched
        w = order[i]
        dist[w] = -1
        sigma[w] = 0.0
        delta[w] = 0.0
        npred[w] = 0
    return harm


@njit(cache=True, parallel=True)
def _hop_step(indptr, indices, sources, weights, want_bc, want_cols, scaled, acc, cacc,
              harm, dist, sigma, order, delta, pred, npred, first, count):  # pragma: no cover
    """Sources ``first .. first + count - 1`` of every block (block ``b``: sources
    ``b k / nb .. (b + 1) k / nb - 1``, accumulator ``acc[b]``); scratch row ``t`` of each
    array serves the blocks ``t, t + nt, ...``, where ``nt`` is the number of scratch rows.

    The scratch is allocated once per pass, not per call as in
    :func:`~relgraph.analysis.msbfs._batch_step`: a search per source runs on graphs too
    large for the batch arrays (1,000,000 people: ``pred`` alone is 72 MB a thread), where
    new pages on every call would cost; at 20,000 people (2,000 sources) the two ways
    measured the same (3.80-3.90 s wall allocating per call, 3.81-3.87 once)."""
    k = len(sources)
    nb = acc.shape[0]
    nt = dist.shape[0]
    for t in prange(nt):
        for b in range(t, nb, nt):
            lo, hi = block_span(b, k, nb, first, count)
            for i in range(lo, hi):
                harm[i] = _bfs_one(indptr, indices, sources[i], weights[i], dist[t], sigma[t],
                                   order[t], delta[t], pred[t], npred[t], acc[b], want_bc,
                                   cacc[b], want_cols, scaled)


@njit(cache=True, nogil=True)
def _depth(indptr, indices, sources):  # pragma: no cover
    """The largest eccentricity, within its component, of the first source met in each
    component that holds a source (one breadth-first search per such component, O(n + m)
    in all). Any source's searches run at most twice that deep (the diameter of a
    component is at most twice any of its nodes' eccentricity)."""
    n = len(indptr) - 1
    dist = np.full(n, -1, dtype=np.int64)
    queue = np.empty(n, dtype=np.int64)
    best = 0
    for s in sources:
        if dist[s] >= 0:
            continue  # its component was searched from an earlier source
        dist[s] = 0
        queue[0] = s
        head = 0
        tail = 1
        while head < tail:
            v = queue[head]
            head += 1
            for p in range(indptr[v], indptr[v + 1]):
                w = indices[p]
                if dist[w] < 0:
                    dist[w] = dist[v] + 1
                    queue[tail] = w
                    tail += 1
        best = max(best, dist[queue[tail - 1]])
    return best


MAX_BATCH_DEPTH = 64
"""The batched kernel sweeps every person at every level, so a batch costs about
(depth x people); on graphs whose searches run deeper than this (long chains, a
collapsing tail) one search per source is cheaper."""
LANES = msbfs.MAX_LANES
"""Sources per batch of the multi-source pass (one bit of a mask word each)."""
BATCH_BYTES = 256 * 2**20
"""Most memory one thread's batch arrays may take; fewer lanes on larger graphs, and the
per-source search below :data:`MIN_LANES`."""
MIN_LANES = 32
"""Fewest lanes worth a batch. Measured at 100,000 people (1,024 sampled sources,
alternating): 64 lanes 11.0-11.6 CPU s, 32 lanes 15.2-17.3, 16 lanes 19.1-22.2; at
1,000,000 people (where 32 lanes would pass :data:`BATCH_BYTES`) the pass keeps one search
per source, as measured in issue 14's fourth round."""


def lanes_for(n: int) -> int:
    """Lanes per batch for ``n`` people: :data:`LANES`, fewer when the ``(n, lanes)`` arrays
    (:data:`~relgraph.analysis.msbfs.CELL_BYTES` a cell) would pass :data:`BATCH_BYTES`;
    0 (search per source) below :data:`MIN_LANES`."""
    lanes = LANES
    while lanes >= MIN_LANES and n * lanes * msbfs.CELL_BYTES > BATCH_BYTES:
        lanes //= 2
    return lanes if lanes >= MIN_LANES else 0


@njit(cache=True, nogil=True)
def _sift_up(hd, hv, pos, i):  # pragma: no cover
    d = hd[i]
    v = hv[i]
    while i > 0:
        parent = (i - 1) >> 1
        if hd[parent] <= d:
            break
        hd[i] = hd[parent]
        hv[i] = hv[parent]
        pos[hv[i]] = i
        i = parent
    hd[i] = d
    hv[i] = v
    pos[v] = i


@njit(cache=True, nogil=True)
def _pop_min(hd, hv, pos, size):  # pragma: no cover
    """Remove the root of the indexed binary heap; return the new size."""
    root = hv[0]
    pos[root] = -1
    size -= 1
    if size == 0:
        return size
    d = hd[size]
    v = hv[size]
    i = 0
    while True:
        c = 2 * i + 1
        if c >= size:
            break
        if c + 1 < size and hd[c + 1] < hd[c]:
            c += 1
        if d <= hd[c]:
            break
        hd[i] = hd[c]
        hv[i] = hv[c]
        pos[hv[i]] = i
        i = c
    hd[i] = d
    hv[i] = v
    pos[v] = i
    return size


@njit(cache=True, nogil=True)
def _dijkstra_one(indptr, indices, lengths, s, wt, dist, sigma, order, delta, pred, npred,
                  pos, hd, hv, bc, scaled):  # pragma: no cover
    """Dijkstra from ``s`` (Brandes' weighted variant, indexed heap with decrease-key);
    adds ``wt`` times the dependencies of ``s`` to ``bc``. ``pos[v]``: -1 unseen or
    settled, else the heap slot; a node is settled when ``dist`` is finite and ``pos``
    is -1. Predecessors are recorded as in :func:`_bfs_one` (a shorter path found to
    ``w`` empties its list)."""
    dist[s] = 0.0
    sigma[s] = 1.0
    hd[0] = 0.0
    hv[0] = s
    pos[s] = 0
    size = 1
    settled = 0  # the search runs to the end: every node reached is settled
    while size > 0:
        v = hv[0]
        d = hd[0]
        size = _pop_min(hd, hv, pos, size)
        order[settled] = v
        settled += 1
        sv = sigma[v]
        for p in range(indptr[v], indptr[v + 1]):
            w = indices[p]
            nd = d + lengths[p]
            dw = dist[w]
            if nd < dw:
                dist[w] = nd
                sigma[w] = sv
                pred[indptr[w]] = v
                npred[w] = 1
                if dw == np.inf:
                    hd[size] = nd
                    hv[size] = w
                    size += 1
                    _sift_up(hd, hv, pos, size - 1)
                else:
                    hd[pos[w]] = nd
                    _sift_up(hd, hv, pos, pos[w])
            elif nd == dw and pos[w] >= 0:
                sigma[w] += sv
                pred[indptr[w] + npred[w]] = v
                npred[w] += 1
    for i in range(settled - 1, 0, -1):
        w = order[i]
        dw = dist[w]
        coeff = ((1.0 / dw if scaled else 1.0) + delta[w]) / sigma[w]
        base = indptr[w]
        for p in range(base, base + npred[w]):
            v = pred[p]
            delta[v] += sigma[v] * coeff
        bc[w] += wt * (dw * delta[w] if scaled else delta[w])
    for i in range(settled):
        w = order[i]
        dist[w] = np.inf
        sigma[w] = 0.0
        delta[w] = 0.0
        npred[w] = 0


@njit(cache=True, parallel=True)
def _weighted_step(indptr, indices, lengths, sources, weights, scaled, acc, dist, sigma,
                   order, delta, pred, npred, pos, hd, hv, first, count):  # pragma: no cover
    """As :func:`_hop_step`, with one Dijkstra search per source."""
    k = len(sources)
    nb = acc.shape[0]
    nt = dist.shape[0]
    for t in prange(nt):
        for b in range(t, nb, nt):
            lo, hi = block_span(b, k, nb, first, count)
            for i in range(lo, hi):
                _dijkstra_one(indptr, indices, lengths, sources[i], weights[i], dist[t],
                              sigma[t], order[t], delta[t], pred[t], npred[t], pos[t], hd[t],
                              hv[t], acc[b], scaled)


def _scratch(nt: int, n: int, n_pred: int, dt: np.dtype, dist: np.ndarray
             ) -> tuple[np.ndarray, ...]:
    """One row per thread of a search's arrays: ``dist`` (every row a copy of ``dist``,
    the value of an unreached node), ``sigma``, ``order``, ``delta``, ``pred`` (``n_pred``
    slots) and ``npred``; a search resets what it touched, so the rows serve every call
    of a pass."""
    return (np.full((nt, n), dist, dtype=dist.dtype),
            np.zeros((nt, n)), np.empty((nt, n), dtype=dt), np.zeros((nt, n)),
            np.empty((nt, n_pred), dtype=dt), np.zeros((nt, n), dtype=dt))


def hop_blocks(indptr, indices, sources, weights, want_bc, want_cols, scaled):
    """One breadth-first search per source; ``(acc, cacc, harm)`` as
    :func:`~relgraph.analysis.msbfs.batch_blocks` returns them."""
    n = len(indptr) - 1
    k = len(sources)
    nb = min(BLOCKS, max(k, 1))
    nt = threads(nb)
    acc = np.zeros((nb, n if want_bc else 1))
    cacc = np.zeros((nb, n if want_cols else 1))
    harm = np.zeros(k)
    scratch = _scratch(nt, n, len(indices) if want_bc else 1, indices.dtype,
                       np.array(-1, dtype=indices.dtype))
    stepped(lambda first, count: _hop_step(
        indptr, indices, sources, weights, want_bc, want_cols, scaled, acc, cacc, harm,
        *scratch, first, count), longest_block(k, nb))
    return acc, cacc, harm


def weighted_blocks(indptr, indices, lengths, sources, weights, scaled):
    """One Dijkstra search per source; per-block dependency rows (sum in block order)."""
    n = len(indptr) - 1
    k = len(sources)
    nb = min(BLOCKS, max(k, 1))
    nt = threads(nb)
    dt = indices.dtype
    acc = np.zeros((nb, n))
    scratch = _scratch(nt, n, len(indices), dt, np.array(np.inf))
    pos = np.full((nt, n), -1, dtype=dt)
    hd = np.empty((nt, n))
    hv = np.empty((nt, n), dtype=dt)
    stepped(lambda first, count: _weighted_step(
        indptr, indices, lengths, sources, weights, scaled, acc, *scratch, pos, hd, hv, first,
        count), longest_block(k, nb))
    return acc


def _sum_blocks(acc: np.ndarray) -> np.ndarray:
    out = np.zeros(acc.shape[1])
    for row in acc:  # fixed order: deterministic
        out += row
    return out


def _index_arrays(indptr: np.ndarray, indices: np.ndarray, sources: np.ndarray,
                  weights: np.ndarray | None) -> tuple[np.ndarray, ...]:
    """CSR and sources as int32 when the graph allows (half the memory traffic of int64)."""
    dt = np.int32 if len(indices) < 2**31 - 1 else np.int64
    w = (np.ones(len(sources)) if weights is None
         else np.ascontiguousarray(weights, dtype=np.float64))
    return (np.ascontiguousarray(indptr, dtype=dt), np.ascontiguousarray(indices, dtype=dt),
            np.ascontiguousarray(sources, dtype=dt), w)


def hop_pass(indptr: np.ndarray, indices: np.ndarray, sources: np.ndarray,
             betweenness: bool = True, columns: bool = False, scaled: bool = False,
             weights: np.ndarray | None = None
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Breadth-first pass from every node of ``sources``.

    Sources run in batches of :func:`lanes_for` lanes through the multi-source kernel
    (:mod:`relgraph.analysis.msbfs`: one sweep of the tie ends per level serves the whole
    batch); fewer than 8 sources, graphs too large for the batch arrays, or graphs where
    a component's first source has an eccentricity past half :data:`MAX_BATCH_DEPTH` (other
    searches there may run up to twice as deep) get one search per source. Both
    give Brandes' values (the summation order differs in the last bits).

    Returns
    -------
    (dependencies, harmonic, columns) : numpy.ndarray x 3
        ``dependencies[v] = sum_{s in sources} w_s delta_s(v)`` (Brandes' dependency
        of ``s`` on ``v``, times the source's weight ``w_s``, 1 unless ``weights``;
        each unordered pair counted from both ends when every node is a source; zeros
        unless ``betweenness``),
        ``harmonic[i] = sum_{v != s_i} 1 / d(s_i, v)`` for source ``s_i``, and
        ``columns[v] = sum_{s in sources, s != v} 1 / d(s, v)`` (zeros unless ``columns``).
        With ``scaled``, each pair's share in ``dependencies`` is multiplied by
        ``d(s, v) / d(s, t)`` (linear scaling, Geisberger, Sanders & Schultes 2008):
        over all sources this counts each unordered pair once instead of twice.
    """
    n = len(indptr) - 1
    if len(sources) == 0 or n == 0:
        return np.zeros(n), np.zeros(len(sources)), np.zeros(n)
    ip, ix, src, w = _index_arrays(indptr, indices, sources, weights)
    lanes = lanes_for(n) if len(src) >= 8 else 0
    depth = _depth(ip, ix, src) if lanes else 0
    if depth > MAX_BATCH_DEPTH // 2:
        lanes = 0  # deep searches: each level of a batch sweeps everyone (and a mask)
    if lanes:
        acc, cacc, harm = msbfs.batch_blocks(ip, ix, src, w, lanes, BLOCKS, betweenness,
                                             columns, scaled, depth=depth)
    else:
        acc, cacc, harm = hop_blocks(ip, ix, src, w, betweenness, columns, scaled)
    dep = _sum_blocks(acc) if betweenness else np.zeros(n)
    col = _sum_blocks(cacc) if columns else np.zeros(n)
    return dep, harm, col


def harmonic_sums(indptr: np.ndarray, indices: np.ndarray, sources: np.ndarray) -> np.ndarray:
    """``sum_{v != s} 1/d(s, v)`` for every source ``s`` (breadth-first search only)."""
    return hop_pass(indptr, indices, sources, betweenness=False)[1]


def weighted_pass(indptr: np.ndarray, indices: np.ndarray, lengths: np.ndarray,
                  sources: np.ndarray, scaled: bool = False,
                  weights: np.ndarray | None = None) -> np.ndarray:
    """Dijkstra pass from every node of ``sources``: summed Brandes dependencies per node
    (each source's times its weight in ``weights``, 1 by default).

    ``lengths`` are positive tie lengths aligned with ``indices``; ``scaled`` as in
    :func:`hop_pass`.
    """
    n = len(indptr) - 1
    if len(sources) == 0 or n == 0:
        return np.zeros(n)
    ip, ix, src, w = _index_arrays(indptr, indices, sources, weights)
    acc = weighted_blocks(ip, ix, np.ascontiguousarray(lengths, dtype=np.float64), src, w,
                          scaled)
    return _sum_blocks(acc)
