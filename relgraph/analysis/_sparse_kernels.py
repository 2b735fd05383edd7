"""Compiled sparse products restricted to the ties (common neighbours, Burt's measures,
brokerage roles): only the entries on a given pattern are summed, so the full product
(every two-step pair, most of which no caller reads) is never built (issue 14).

Both kernels run on numba's threads (every core it sees; two here) and add the same terms in the same order as scipy's
CSR product (row by row, a row of ``x`` in stored order, then the matching row of
``y``), so the values are bitwise those of ``(x @ y)`` read at the pattern. They run as
many short calls (:func:`~relgraph.analysis._steps.stepped`), so that Ctrl-C is delivered
between calls.

Kept apart so that importing the analysis modules does not import numba.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from relgraph.analysis._steps import stepped, threads

CHUNK = 64
"""Consecutive rows one thread takes at a time in :func:`_masked_rows`."""
ROWS_FIRST = 4096
"""Rows (or ties) in the first call of a stepped kernel; later calls are sized by time
(:func:`~relgraph.analysis._steps.stepped`)."""


@njit(parallel=True, cache=True)
def _masked_rows(x_ptr, x_idx, x_val, y_ptr, y_idx, y_val, m_ptr, m_idx, n_cols, nt, lo,
                 hi, out):  # pragma: no cover
    """Rows ``lo .. hi - 1`` of :func:`masked_product`, dealt out round-robin over ``nt``
    threads in chunks of :data:`CHUNK` rows (hubs spread out; neighbouring rows, whose
    results share cache lines, on one thread), into ``out``."""
    for t in prange(nt):
        pos = np.full(n_cols, -1, np.int64)  # column -> its entry in the pattern's row
        for c0 in range(lo + t * CHUNK, hi, nt * CHUNK):
            for i in range(c0, min(c0 + CHUNK, hi)):
                a0, a1 = m_ptr[i], m_ptr[i + 1]
                if a0 == a1:
                    continue
                for k in range(a0, a1):
                    pos[m_idx[k]] = k
                for a in range(x_ptr[i], x_ptr[i + 1]):
                    q = x_idx[a]
                    xv = x_val[a]
                    for c in range(y_ptr[q], y_ptr[q + 1]):
                        p = pos[y_idx[c]]
                        if p >= 0:
                            out[p] += xv * y_val[c]
                for k in range(a0, a1):
                    pos[m_idx[k]] = -1


def masked_product(x_ptr, x_idx, x_val, y_ptr, y_idx, y_val, m_ptr, m_idx, n_cols):
    """``(x @ y)[i, j]`` for every stored entry ``(i, j)`` of a CSR pattern ``m``,
    aligned with ``m_idx``. Each entry is summed by one thread in one call, so the
    split into calls and threads changes no bit."""
    n = len(m_ptr) - 1
    out = np.zeros(len(m_idx))
    nt = threads(max(n, 1))
    stepped(lambda first, count: _masked_rows(
        x_ptr, x_idx, x_val, y_ptr, y_idx, y_val, m_ptr, m_idx, n_cols, nt, first,
        min(n, first + count), out), n, ROWS_FIRST)
    return out


@njit(parallel=True, cache=True)
def _common_range(indptr, indices, u, v, lo, hi, out):  # pragma: no cover
    for k in prange(lo, hi):
        a, a_end = indptr[u[k]], indptr[u[k] + 1]
        b, b_end = indptr[v[k]], indptr[v[k] + 1]
        c = 0
        while a < a_end and b < b_end:
            x, y = indices[a], indices[b]
            if x == y:
                c += 1
                a += 1
                b += 1
            elif x < y:
                a += 1
            else:
                b += 1
        out[k] = c


def common_counts(indptr, indices, u, v):
    """Common neighbours of each pair ``(u[k], v[k])``: the size of the intersection of
    two sorted CSR rows, merged."""
    out = np.zeros(len(u), np.int64)
    stepped(lambda first, count: _common_range(indptr, indices, u, v, first,
                                               min(len(u), first + count), out),
            len(u), ROWS_FIRST)
    return out
