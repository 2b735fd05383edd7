"""A long compiled pass run as many short kernel calls, so that Ctrl-C is not held long.

The source passes (:mod:`relgraph.analysis.paths`, :mod:`relgraph.analysis.msbfs`) split
their sources into fixed blocks, each with its own accumulator; the sparse kernels
(:mod:`relgraph.analysis._sparse_kernels`) compute each output row, or each tie, on its own,
so they run a range of rows or ties per call. :func:`stepped` calls a
kernel for the next ``count`` items of every block, again and again, sizing ``count`` so
that a call takes about :data:`STEP_SECONDS`, and delivers a held SIGINT
(:func:`~relgraph.analysis._sigint.held_sigint`) between calls. Each block still runs its
items in the same order into its own accumulator, so the split into calls (which depends
on the machine's speed) changes no result, not even in the last bit.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numba

from relgraph.analysis._sigint import held_sigint

STEP_SECONDS = 0.5
"""Target wall time of one kernel call: about how long a Ctrl-C waits (the first call
takes ``start`` items, one per block for the source passes, however long that is)."""


def stepped(step: Callable[[int, int], object], longest: int, start: int = 1) -> None:
    """Run ``step(first, count)`` for ``first = 0, count, ...`` up to ``longest`` (the
    largest block's number of items, or the number of rows), ``count`` starting at
    ``start``; deliver a held SIGINT between calls."""
    with held_sigint() as held:
        first, count = 0, max(1, start)
        while first < longest:
            t0 = time.perf_counter()
            step(first, count)
            first += count
            held.deliver()
            took = time.perf_counter() - t0
            count = max(1, min(4 * count, int(count * STEP_SECONDS / max(took, 1e-9))))


@numba.njit(cache=True, nogil=True)
def block_span(b, k, nb, first, count):  # pragma: no cover (compiled)
    """Items ``lo .. hi - 1`` of block ``b`` in one call: its items ``first .. first + count
    - 1``, where block ``b`` of ``nb`` holds items ``b k / nb .. (b + 1) k / nb - 1``."""
    lo = b * k // nb + first
    return lo, min((b + 1) * k // nb, lo + count)


def longest_block(k: int, nb: int) -> int:
    """Items in the largest of ``nb`` blocks of ``k`` (the ``longest`` of :func:`stepped`)."""
    return -(-k // nb)


def threads(nb: int) -> int:
    """Rows of per-thread scratch for ``nb`` blocks: one per thread numba runs, at most
    one per block. A kernel's ``prange`` runs over these rows; row ``t`` serves blocks
    ``t, t + rows, ...``."""
    return max(1, min(nb, numba.get_num_threads()))
