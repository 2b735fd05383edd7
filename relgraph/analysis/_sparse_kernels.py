"""Compiled sparse products restricted to the ties (common neighbours, Burt's measures,
brokerage roles): only the entries on a given pattern are summed, so the full product
(every two-step pair, most of which no caller reads) is never built (issue 14).

Both kernels run on numba's threads (every core it sees; two here) and add the same terms in the same order as scipy's
CSR product (row by row, a row of ``x`` in stored order, then the matching row of
``y``), so the values are bitwise those of ``(x @ y)`` read at the pattern.

Kept apart so that importing the analysis modules does not import numba.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

_BLOCKS = 64  # rows are dealt out round-robin in this many blocks (hubs spread out)


@njit(parallel=True, cache=True)
def masked_product(x_ptr, x_idx, x_val, y_ptr, y_idx, y_val, m_ptr, m_idx, n_cols):  # pragma: no cover
    """``(x @ y)[i, j]`` for every stored entry ``(i, j)`` of a CSR pattern ``m``,
    aligned with ``m_idx``."""
    n = len(m_ptr) - 1
    out = np.zeros(len(m_idx))
    for b in prange(_BLOCKS):
        pos = np.full(n_cols, -1, np.int64)  # column -> its entry in the pattern's row
        for i in range(b, n, _BLOCKS):
            lo, hi = m_ptr[i], m_ptr[i + 1]
            if lo == hi:
                continue
            for k in range(lo, hi):
                pos[m_idx[k]] = k
            for a in range(x_ptr[i], x_ptr[i + 1]):
                q = x_idx[a]
                xv = x_val[a]
                for c in range(y_ptr[q], y_ptr[q + 1]):
                    p = pos[y_idx[c]]
                    if p >= 0:
                        out[p] += xv * y_val[c]
            for k in range(lo, hi):
                pos[m_idx[k]] = -1
    return out


@njit(parallel=True, cache=True)
def common_counts(indptr, indices, u, v):  # pragma: no cover
    """Common neighbours of each pair ``(u[k], v[k])``: the size of the intersection of
    two sorted CSR rows, merged."""
    out = np.zeros(len(u), np.int64)
    for k in prange(len(u)):
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
    return out
