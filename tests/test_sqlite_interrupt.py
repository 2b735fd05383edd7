"""Ctrl-C stops a long SQLite query at once (relgraph.store.sqlite_interrupt)."""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
import time

import pytest

from relgraph.store.sqlite_interrupt import interruptible

# never ends on its own: only an interruption stops it
ENDLESS = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
           "SELECT COUNT(*) FROM c")


def _raise(signum, frame):  # what Python's default SIGINT handler does
    raise KeyboardInterrupt


@pytest.mark.skipif(os.name != "posix", reason="sends itself SIGINT")
def test_ctrl_c_stops_a_running_query():
    con = sqlite3.connect(":memory:")
    rescued = threading.Event()

    def rescue():  # only if the progress handler failed to stop the query
        rescued.set()
        con.interrupt()

    old = signal.signal(signal.SIGINT, _raise)
    ctrl_c = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    safety = threading.Timer(60.0, rescue)
    try:
        ctrl_c.start()
        safety.start()
        t = time.perf_counter()
        with pytest.raises(KeyboardInterrupt), interruptible(con):
            con.execute(ENDLESS).fetchone()
        waited = time.perf_counter() - t
    finally:
        ctrl_c.cancel()
        safety.cancel()
        signal.signal(signal.SIGINT, old)
    assert not rescued.is_set()
    assert waited < 30.0
    assert con.execute("SELECT 1").fetchone() == (1,)   # the connection still works


def test_other_errors_pass_through():
    con = sqlite3.connect(":memory:")
    with pytest.raises(sqlite3.OperationalError, match="no such table"), interruptible(con):
        con.execute("SELECT * FROM nowhere")
    with interruptible(con):
        assert con.execute("SELECT 2").fetchone() == (2,)
