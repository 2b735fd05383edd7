"""Compiled inner loop of the E-I permutation test (:mod:`relgraph.analysis.silos`).

Kept apart so that importing :mod:`relgraph.analysis.silos` does not import numba.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def internal_ties(lab, eu, ev, k):  # pragma: no cover
    """``out[g]`` = ties ``(eu[i], ev[i])`` whose two ends both have label ``g``."""
    out = np.zeros(k)
    for i in range(len(eu)):
        a = lab[eu[i]]
        out[a] += 1.0 if a == lab[ev[i]] else 0.0  # no branch to mispredict
    return out
