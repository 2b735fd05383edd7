"""An ingest killed midway (SIGKILL, a real subprocess) leaves the store as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from orgdata import PEOPLE, UNITS, write_org

from relgraph.ingest import ingest
from relgraph.store import SQLiteStore

N_ROWS = 300_000

CHILD = textwrap.dedent(
    """
    import sys
    from relgraph.ingest import ingest
    from relgraph.store import SQLiteStore

    def progress(done, total):
        print(f"progress {done} {total}", flush=True)

    store = SQLiteStore(sys.argv[1])
    ingest(store, [sys.argv[2]], progress=progress, batch_size=5000)
    print("finished", flush=True)
    """
)


def _big_interactions(path: Path) -> None:
    people = ["ann", "bob", "cy", "dee", "val"]
    with path.open("w", encoding="utf-8") as f:
        f.write("id,source,targets,timestamp,channel,weight,duration_minutes\n")
        for k in range(N_ROWS):
            s, t = people[k % 5], people[(k + 1 + k // 5 % 4) % 5]
            f.write(f"big{k},{s},{t},2026-06-{1 + k % 28:02d}T10:00:00Z,email,,\n")


def test_sigkill_midway_leaves_store_unchanged(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    org = write_org(tmp_path / "org", units=UNITS, people=PEOPLE)
    store = SQLiteStore(db)
    ingest(store, [org])
    before = store.status()
    store.close()

    big = tmp_path / "big" / "interactions.csv"
    big.parent.mkdir()
    _big_interactions(big)
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db), str(big)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    killed_at = None
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("progress"):
            done, total = map(int, line.split()[1:])
            if done > total // 3:
                killed_at = done / total
                os.kill(proc.pid, signal.SIGKILL)
                break
    proc.wait(timeout=60)
    assert killed_at is not None, "the child finished before it could be killed: " + proc.stderr.read()
    assert proc.returncode == -signal.SIGKILL
    assert 0 < killed_at < 1

    after = SQLiteStore(db)  # recovery of the interrupted write happens here
    st = after.status()
    assert (st.units, st.people, st.interactions, st.edges) == (
        before.units, before.people, before.interactions, before.edges,
    )
    # and the store still works: the same big file now ingests completely
    rep = ingest(after, [big])
    assert rep.interactions == N_ROWS
