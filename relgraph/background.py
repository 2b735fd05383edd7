"""Read and summarise the earlier window in a child process while this window loads.

An audit compares two windows, and reading a window is mostly SQLite's ``GROUP BY``
sort (about 6 s per window at 20,000 people, one core). Two connections in threads of
one process did not overlap: both windows took as long as reading them in turn, at 1.6x
the CPU (SQLite's allocator and the GIL, taken back for every row, serialise them;
docs/analysis.md). A child process has its own SQLite and its own interpreter, so the
earlier window is read and reduced to its :class:`~relgraph.analysis.previous.WindowSummary`
on the second core while this process reads the current one.

The child runs the same functions (:func:`relgraph.window.load_window`,
:func:`relgraph.analysis.previous.summarize_window`) on another handle to the same store
(:meth:`relgraph.store.base.Store.opener`), so the summary is the one an in-process read
gives. Nothing is written: the child only reads, and sends the summary back over a pipe.
Whenever a child cannot help (a backend without an opener, a small window, a process
that may not start children, a child that died), :func:`start` returns None or
:meth:`Earlier.result` returns None, and the caller reads the window itself.
"""

from __future__ import annotations

import multiprocessing as mp
import signal
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any

from relgraph.analysis.previous import WindowSummary, summarize_window
from relgraph.settings import AnalysisSettings
from relgraph.store.base import Store
from relgraph.unitkinds import UnitKinds
from relgraph.window import load_window

MIN_EDGES = 400_000
"""Smallest earlier window (stored edges) worth a child: starting one (a new interpreter
importing relgraph) costs about a second of the other core, and a window of 400,000 edges
takes about 2 s to read (the 5,000-person benchmark org has 490,000 per window)."""


def window_edges(days: Sequence[tuple[int, int]], start: int, end: int) -> int:
    """Stored edges in ``[start, end)`` from the store's edges per day
    (:meth:`~relgraph.store.base.Store.day_counts`; whole days, as the sizes are)."""
    return sum(n for day, n in days if start <= day < end)


def _child(conn: Connection, opener: Callable[[], Store], settings: AnalysisSettings,
           as_of: int, window_days: float, unit_kinds: UnitKinds | None) -> None:
    # Ctrl-C reaches the whole process group: the parent handles it and stops this child
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    out: tuple[str, Any]
    try:
        with opener() as store:
            tg = load_window(store, settings, as_of=as_of, window_days=window_days,
                             unit_kinds=unit_kinds)
            out = ("ok", (summarize_window(tg, settings), tg.tied))
    except BaseException as e:  # noqa: BLE001 - raised again in the parent
        out = ("error", e)
    try:
        conn.send(out)
    except Exception as e:  # noqa: BLE001 - an exception that does not pickle
        conn.send(("error", RuntimeError(f"{type(out[1]).__name__}: {out[1]} ({e})")))
    finally:
        conn.close()


class Earlier:
    """The earlier window being read in a child process (see :func:`start`)."""

    def __init__(self, process: Any, conn: Connection):
        self._process = process
        self._conn = conn

    def result(self) -> tuple[WindowSummary, frozenset[str]] | None:
        """Wait for the child: the window's summary and the ids with ties in it; None if
        the child died without an answer (the caller then reads the window itself). An
        error the child met reading the store is raised here."""
        try:
            status, value = self._conn.recv()
        except (EOFError, OSError):
            return None
        finally:
            self.close()
        if status == "error":
            raise value
        return value  # type: ignore[no-any-return]

    def close(self) -> None:
        """Stop the child if it is still running (on an error or Ctrl-C here) and wait."""
        self._conn.close()
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()


def start(store: Store, settings: AnalysisSettings, *, as_of: int, window_days: float,
          unit_kinds: UnitKinds | None, edges: int) -> Earlier | None:
    """Start reading the window ``[as_of - window_days, as_of)`` in a child process.

    None (read it in this process) when the store offers no opener for another process,
    when the window has fewer than :data:`MIN_EDGES` stored edges (``edges``), or when
    this process may not start one (e.g. it is itself a daemonic worker).
    """
    opener = store.opener()
    if opener is None or edges < MIN_EDGES:
        return None
    ctx = mp.get_context("spawn")  # not fork: this process may hold threads (numba's pool)
    parent, child = ctx.Pipe(duplex=False)
    try:
        p = ctx.Process(target=_child, name="relgraph-earlier-window", daemon=True,
                        args=(child, opener, settings, as_of, window_days, unit_kinds))
        p.start()
    except (OSError, AssertionError, RuntimeError, ValueError):
        parent.close()
        return None
    finally:
        child.close()  # the child holds its own end now
    return Earlier(p, parent)
