"""Read and summarise the earlier window in a child process while this window loads and is
analysed.

An audit compares two windows, and reading a window is mostly SQLite's ``GROUP BY``
sort (about 6 s per window at 20,000 people, one core). Two connections in threads of
one process did not overlap: both windows took as long as reading them in turn, at 1.6x
the CPU (SQLite's allocator and the GIL, taken back for every row, serialise them;
docs/analysis.md). A child process has its own SQLite and its own interpreter, so the
earlier window is read and reduced to its :class:`~relgraph.analysis.previous.WindowSummary`
on the second core while this process reads and analyses the current one
(:func:`relgraph.analysis.analyze.analyze` waits for the summary only after centrality).

The child runs the same functions (:func:`relgraph.window.load_window`,
:func:`relgraph.analysis.previous.summarize_window`) on another handle to the same store
(:meth:`relgraph.store.base.Store.opener`), so the summary is the one an in-process read
gives. Nothing is written: the child only reads, and sends the summary back over a pipe.
Whenever a child cannot help (a backend without an opener, a small window, no Python
executable to start, a child that died), :func:`start` returns None or
:meth:`Earlier.result` returns None, and the caller reads the window itself.

The child is a fresh interpreter (``sys.executable -P -c``) that imports only relgraph: not
:mod:`multiprocessing`, whose "spawn" re-runs the caller's main module in the child, so a
script without an ``if __name__ == "__main__"`` guard would run twice (measured: it did,
analysis and all). It gets this process's ``sys.path`` and its arguments pickled on its
standard input, answers pickled on its standard output, runs in its own session (the
terminal's Ctrl-C reaches only the parent, which stops it), stops by itself when the
parent goes away however it ended (its standard input closes) and writes nothing.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from contextlib import suppress
from typing import IO, Any

from relgraph.analysis.previous import WindowSummary, summarize_window
from relgraph.settings import AnalysisSettings
from relgraph.store.base import Store
from relgraph.unitkinds import UnitKinds
from relgraph.window import load_window

MIN_EDGES = 400_000
"""Smallest earlier window (stored edges) worth a child: starting one (a new interpreter
importing relgraph) costs about a second of the other core, and a window of 400,000 edges
takes about 2 s to read (the 5,000-person benchmark org has 490,000 per window)."""

BYTES_PER_EDGE = 400
"""Peak resident memory of one process reading and summarising a window, per stored edge
of the window, rounded up from measurements: the child at 20,000 people, 740 MB for
1,958,359 edges (378 bytes); at 1,000,000 people the parent and the child together peaked
at 15.3 GB while reading 21,025,981 and 20,118,959 edges (372 bytes)."""
MEMORY_SHARE = 0.9
"""Most of the memory available when the audit starts that the two windows, read at the
same time, may be expected to take; above it the earlier window is read in this process,
after the current one is freed (slower, but one window at a time)."""


def available_memory() -> int | None:
    """Bytes of memory available to new processes (Linux ``MemAvailable``; elsewhere the
    free pages ``sysconf`` reports), None when unknown."""
    with suppress(OSError, ValueError, IndexError), open("/proc/meminfo", encoding="ascii") as f:
        for line in f:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    with suppress(OSError, ValueError, AttributeError):
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    return None


def fits(edges: int, current_edges: int, available: int | None) -> bool:
    """Whether reading both windows at once is expected to fit in ``available`` bytes
    (:data:`BYTES_PER_EDGE`, :data:`MEMORY_SHARE`); True when that is unknown."""
    return available is None or BYTES_PER_EDGE * (edges + current_edges) <= (
        MEMORY_SHARE * available)


_BOOT = (
    "import pickle, sys\n"
    "sys.path[:0] = pickle.load(sys.stdin.buffer)\n"
    "from relgraph.background import serve\n"
    "serve(sys.stdin.buffer)\n"
)
"""The child's whole program: the caller's import path first, then :func:`serve`. It runs
with ``-P``: ``-c`` would otherwise put the working directory first on the import path, and
a ``pickle.py`` there would run in the child (measured: it did)."""


def window_edges(days: Sequence[tuple[int, int]], start: int, end: int) -> int:
    """Stored edges in ``[start, end)`` from the store's edges per day
    (:meth:`~relgraph.store.base.Store.day_counts`; whole days, as the sizes are)."""
    return sum(n for day, n in days if start <= day < end)


def _summary(opener: Callable[[], Store], settings: AnalysisSettings, as_of: int,
             window_days: float, unit_kinds: UnitKinds | None
             ) -> tuple[WindowSummary, frozenset[str]]:
    with opener() as store:
        tg = load_window(store, settings, as_of=as_of, window_days=window_days,
                         unit_kinds=unit_kinds)
        return summarize_window(tg, settings), tg.tied


def _exit_when_closed(fd: int) -> None:
    """Stop this child once its standard input reaches end of file: the parent keeps its
    end open until it has the answer, so end of file means the parent went away (killed,
    or stopped it), and the child must not read on as an orphan in its own session."""
    while os.read(fd, 4096):
        pass
    os._exit(1)


def serve(inp: IO[bytes]) -> None:
    """The child's side: read the arguments from ``inp``, answer ``("ok", (summary,
    ids with ties))`` or ``("error", exception)`` on the original standard output.

    Standard output is taken over first (file descriptor 1 then points at standard
    error), so nothing else the child might print can corrupt the answer. The child
    stops when ``inp`` closes (:func:`_exit_when_closed`).
    """
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    answer: tuple[str, Any]
    try:
        args = pickle.load(inp)
    except Exception:  # noqa: BLE001 - e.g. a settings class of the caller's __main__
        answer = ("unavailable", None)   # not an error: the parent reads the window itself
    else:
        try:
            threading.Thread(target=_exit_when_closed, args=(inp.fileno(),),
                             daemon=True).start()
            answer = ("ok", _summary(*args))
        except BaseException as e:  # noqa: BLE001 - raised again in the parent
            answer = ("error", e)
    try:
        data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as e:  # noqa: BLE001 - an exception that does not pickle
        data = pickle.dumps(("error", RuntimeError(f"{type(answer[1]).__name__}: "
                                                   f"{answer[1]} ({e})")))
    with out:
        out.write(data)


class Earlier:
    """The earlier window being read in a child process (see :func:`start`).

    A thread takes the child's answer off the pipe as soon as it is written, so the child
    exits and frees its memory then, not when the caller first needs the summary (after
    centrality, :func:`relgraph.analysis.analyze.analyze`): a pipe holds 64 KB, the
    pickled summary of a 20,000-person window 14.7 MB, and a child blocked writing it
    would keep its memory (564 MB resident there) beside the caller's analysis.
    """

    def __init__(self, process: subprocess.Popen[bytes]):
        self._process = process
        self._data: bytes | None = None
        self._failure: BaseException | None = None
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        stdout = self._process.stdout
        if stdout is None:
            return
        try:
            self._data = stdout.read()
        except (OSError, ValueError):   # closed by close(), or the child gone
            pass
        except BaseException as e:  # noqa: BLE001 - e.g. MemoryError: raised in result()
            self._failure = e

    def ready(self) -> bool:
        """Whether the child has answered or ended: :meth:`result` will not wait."""
        return not self._reader.is_alive()

    def result(self) -> tuple[WindowSummary, frozenset[str]] | None:
        """Wait for the child: the window's summary and the ids with ties in it; None if
        the child died without an answer (the caller then reads the window itself). An
        error the child met reading the store is raised here."""
        try:
            self._reader.join()
            if self._failure is not None:
                raise self._failure
            if self._data is None:
                return None
            status, value = pickle.loads(self._data)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError):
            return None
        finally:
            self._data = None
            self.close()
        if status == "error":
            raise value
        if status != "ok":   # the child could not take the arguments
            return None
        return value  # type: ignore[no-any-return]

    def close(self) -> None:
        """Stop the child if it is still running (on an error or Ctrl-C here) and wait."""
        p = self._process
        if p.poll() is None:
            p.kill()
        if p.stdin is not None:
            with suppress(OSError):   # stdin's flush on a child that is gone
                p.stdin.close()
        p.wait()
        self._reader.join()   # the pipe's writer is gone: the read has ended
        self._data = None
        if p.stdout is not None:
            with suppress(OSError):
                p.stdout.close()


def start(store: Store, settings: AnalysisSettings, *, as_of: int, window_days: float,
          unit_kinds: UnitKinds | None, edges: int,
          current_edges: int | None = None) -> Earlier | None:
    """Start reading the window ``[as_of - window_days, as_of)`` in a child process.

    None (read it in this process) when the store offers no opener for another process,
    when the window has fewer than :data:`MIN_EDGES` stored edges (``edges``), when the
    two windows read at once (``current_edges`` in the other, as many by default) would
    not be expected to fit in the memory available (:func:`fits`), in a frozen
    application, or when no child could be started.
    """
    opener = store.opener()
    if opener is None or edges < MIN_EDGES or not sys.executable or getattr(sys, "frozen", False):
        return None  # (a frozen application's executable is not a Python interpreter)
    if not fits(edges, edges if current_edges is None else current_edges, available_memory()):
        return None
    try:
        payload = pickle.dumps((opener, settings, as_of, window_days, unit_kinds))
        p = subprocess.Popen([sys.executable, "-P", "-c", _BOOT], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             start_new_session=True)
    except (OSError, ValueError, pickle.PicklingError):
        return None
    earlier = Earlier(p)
    try:
        assert p.stdin is not None   # kept open: the child stops when it closes
        pickle.dump(list(sys.path), p.stdin)
        p.stdin.write(payload)
        p.stdin.flush()
    except OSError:   # the child is gone already (e.g. could not import relgraph)
        earlier.close()
        return None
    except BaseException:  # Ctrl-C while starting it: no child left behind
        earlier.close()
        raise
    return earlier
