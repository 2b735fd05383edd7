"""Ctrl-C held while a parallel compiled kernel runs, delivered between kernel calls.

A SIGINT that arrives while a ``numba`` ``parallel=True`` kernel runs only sets Python's
"signal pending" flag. The kernel's epilogue then calls back into Python
(``numba.core.serialize._numba_unpickle``), where the pending signal runs Python's handler
and raises KeyboardInterrupt inside a call numba does not expect to fail: a ``SystemError``
in a small script, a segmentation fault (exit -11) in ``relgraph analyze`` or ``audit``
interrupted during centrality at 20,000 people (measured, numba 0.68.1; reproduced on the
code before this module too). :func:`held_sigint` swaps the handler for one that only
records the signal while kernels run and puts the old handler back at the end. A caller
that runs a long pass as many short kernel calls calls :meth:`Held.deliver` between them,
which runs the old handler (for Python's default: KeyboardInterrupt) at once; whatever is
still held when the block ends is delivered then. Outside the main thread, or when SIGINT
is not handled by a Python function, it changes nothing.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


class Held:
    """A SIGINT held by :func:`held_sigint` (``pending``), delivered by :meth:`deliver`."""

    def __init__(self, handler: Callable[[int, Any], Any] | None = None) -> None:
        self._handler = handler
        self.pending = False

    def _hold(self, signum: int, frame: Any) -> None:
        self.pending = True

    def deliver(self) -> None:
        """Run the held handler now if a SIGINT arrived (call only between kernels)."""
        if self.pending and self._handler is not None:
            self.pending = False
            self._handler(signal.SIGINT, None)


@contextmanager
def held_sigint() -> Iterator[Held]:
    """Hold SIGINT for the duration of the block; deliver it afterwards."""
    if threading.current_thread() is not threading.main_thread():
        yield Held()
        return
    old = signal.getsignal(signal.SIGINT)
    if not callable(old):   # SIG_IGN, SIG_DFL or a handler not set from Python
        yield Held()
        return
    held = Held(old)
    signal.signal(signal.SIGINT, held._hold)
    try:
        yield held
    finally:
        signal.signal(signal.SIGINT, old)
    held.deliver()
