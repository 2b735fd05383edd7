"""Ctrl-C held while a parallel compiled kernel runs, raised as soon as it returns.

A SIGINT that arrives while a ``numba`` ``parallel=True`` kernel runs only sets Python's
"signal pending" flag. The kernel's epilogue then calls back into Python
(``numba.core.serialize._numba_unpickle``), where the pending signal runs Python's handler
and raises KeyboardInterrupt inside a call numba does not expect to fail: a ``SystemError``
in a small script, a segmentation fault (exit -11) in ``relgraph analyze`` or ``audit``
interrupted during centrality at 20,000 people (measured, numba 0.68.1; reproduced on the
code before this module too). :func:`held_sigint` swaps the handler for one that only
records the signal while the kernel runs, puts the old handler back, and runs it (for
Python's default: KeyboardInterrupt) once the kernel has returned. Outside the main thread,
or when SIGINT is not handled by a Python function, it changes nothing.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def held_sigint() -> Iterator[None]:
    """Hold SIGINT for the duration of the block; run the held handler afterwards."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.getsignal(signal.SIGINT)
    if not callable(old):   # SIG_IGN, SIG_DFL or a handler not set from Python
        yield
        return
    got: list[int] = []
    signal.signal(signal.SIGINT, lambda signum, frame: got.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)
    if got:
        old(signal.SIGINT, None)
