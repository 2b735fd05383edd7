"""Ctrl-C during a long SQLite query.

A ``GROUP BY`` over millions of edges is one ``sqlite3_step``: seconds at 20,000 people,
minutes at a million, during which Python runs no signal handler, so Ctrl-C waited for the
query to finish (10 s measured at 20,000 people). :func:`interruptible` gives the
connection a progress handler for the duration of a read: SQLite calls it every
:data:`EVERY` virtual-machine steps, and calling a Python function lets the interpreter
run its pending signal handlers. Ctrl-C then raises ``KeyboardInterrupt`` inside the
handler, which the ``sqlite3`` module swallows while aborting the query with
``OperationalError("interrupted")``; :func:`interruptible` raises ``KeyboardInterrupt``
again in its place. Nothing else makes SQLite report "interrupted" here (relgraph never
calls ``Connection.interrupt``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

EVERY = 200_000
"""Virtual-machine steps between two calls of the progress handler (a few milliseconds
of SQLite work; the calls cost nothing measurable next to the query)."""


def _tick() -> int:
    # The call itself runs pending signal handlers (the interpreter checks for them when
    # a Python function starts); a KeyboardInterrupt raised there aborts the query.
    return 0


@contextmanager
def interruptible(con: sqlite3.Connection) -> Iterator[None]:
    """Let Ctrl-C stop the queries run on ``con`` inside the block (KeyboardInterrupt)."""
    con.set_progress_handler(_tick, EVERY)
    try:
        yield
    except sqlite3.OperationalError as e:
        if str(e) == "interrupted":
            raise KeyboardInterrupt from None
        raise
    finally:
        con.set_progress_handler(None, 0)
