"""Ctrl-C during a parallel compiled kernel (relgraph.analysis._sigint).

A SIGINT that arrived while a numba ``parallel=True`` kernel ran surfaced inside numba's
epilogue (``_numba_unpickle``): a SystemError, and a segmentation fault in the CLI
(measured: ``relgraph analyze`` at 20,000 people interrupted during centrality exited -11).
It must come out as a plain KeyboardInterrupt once the kernel returns. Each case runs in a
child interpreter so that a crash fails the test instead of ending the test run.
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
    from relgraph.analysis import paths

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
    t0 = time.perf_counter()
    try:
        run(n if KERNEL == "hop" else n // 4)
    except KeyboardInterrupt:
        print("KeyboardInterrupt", flush=True)
    else:
        print("finished", flush=True)
    end = time.perf_counter()
    print("during" if sent and sent[0] < end else "after", flush=True)
""")


@pytest.mark.parametrize("kernel", ["hop", "weighted"])
def test_ctrl_c_during_a_kernel_is_a_keyboard_interrupt(kernel):
    p = subprocess.run([sys.executable, "-c", SCRIPT, kernel], capture_output=True,
                       text=True, timeout=600)
    assert p.returncode == 0, (p.returncode, p.stderr[-2000:])
    lines = p.stdout.split()
    assert lines[-1] == "during", "the kernel ended before the signal: make it longer"
    assert lines[-2] == "KeyboardInterrupt", p.stdout + p.stderr[-2000:]
