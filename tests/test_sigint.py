"""Ctrl-C during a parallel compiled kernel (relgraph.analysis._sigint).

A SIGINT that arrived while a numba ``parallel=True`` kernel ran surfaced inside numba's
epilogue (``_numba_unpickle``): a SystemError, and a segmentation fault in the CLI
(measured: ``relgraph analyze`` at 20,000 people interrupted during centrality exited -11).
It must come out as a plain KeyboardInterrupt, and soon: a pass runs as many short kernel
calls (relgraph.analysis._steps) and the signal is delivered between them, not after the
whole pass (which takes minutes on a large organisation). Each case runs in a child
interpreter so that a crash fails the test instead of ending the test run.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

SCRIPT = textwrap.dedent("""
    import os, signal, sys, threading, time
    import numpy as np
    import scipy.sparse as sp
    from relgraph.analysis import msbfs, paths

    # a random graph whose exact breadth-first pass takes seconds
    n, m = 8000, 200_000
    rng = np.random.default_rng(7)
    r, c = rng.integers(0, n, m), rng.integers(0, n, m)
    keep = r != c
    a = sp.coo_matrix((np.ones(keep.sum()), (r[keep], c[keep])), shape=(n, n)).tocsr()
    a = ((a + a.T) > 0).astype(float).tocsr()
    a.sort_indices()
    ip, ix = a.indptr.astype(np.int64), a.indices.astype(np.int64)
    KERNEL = sys.argv[1]
    reached = [0, 0]  # furthest item per block any kernel call reached; its number of calls
    def spy(kernel):
        def call(*args):
            reached[0] = max(reached[0], args[-2] + args[-1])
            reached[1] += 1
            return kernel(*args)
        return call
    paths._weighted_step = spy(paths._weighted_step)
    paths._hop_step = spy(paths._hop_step)
    msbfs._batch_step = spy(msbfs._batch_step)
    def run(k):
        src = np.arange(k)
        if KERNEL == "hop":
            paths.hop_pass(ip, ix, src)
        else:
            paths.weighted_pass(ip, ix, np.ones(len(ix)), src)
    run(64)  # compiled (or loaded from the cache) before the clock starts
    sent = []
    def interrupt():
        sent.append(time.perf_counter())
        os.kill(os.getpid(), signal.SIGINT)
    threading.Timer(0.3, interrupt).start()
    reached[:] = [0, 0]
    try:
        run(n if KERNEL == "hop" else n // 4)
    except KeyboardInterrupt:
        print("KeyboardInterrupt", flush=True)
    else:
        print("finished", flush=True)
    end = time.perf_counter()
    # items per block: 125 batches of 64 sources in 16 blocks (the batched kernel: the
    # graph is shallow); 2,000 sources in 16 blocks
    longest = 8 if KERNEL == "hop" else 125
    print(reached[0], longest, reached[1], end - sent[0] if sent else -1)
    print("during" if sent and sent[0] < end else "after", flush=True)
""")


@pytest.mark.parametrize("kernel", ["hop", "weighted"])
def test_ctrl_c_during_a_kernel_is_a_keyboard_interrupt(kernel):
    p = subprocess.run([sys.executable, "-c", SCRIPT, kernel], capture_output=True,
                       text=True, timeout=600)
    assert p.returncode == 0, (p.returncode, p.stderr[-2000:])
    lines = p.stdout.split()
    assert lines[-1] == "during", "the kernel ended before the signal: make it longer"
    assert lines[-6] == "KeyboardInterrupt", p.stdout + p.stderr[-2000:]
    reached, longest, calls, waited = (float(x) for x in lines[-5:-1])
    # delivered between two calls, before the pass's end (it would take seconds more)
    assert calls >= 1 and reached < longest, p.stdout  # a call ran, and not all of them
    assert waited < 2.0, p.stdout
