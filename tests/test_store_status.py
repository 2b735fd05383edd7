"""SQLite status: counts by hand, and the cached interaction count (issue 14)."""

from __future__ import annotations

import sqlite3

from relgraph.store.base import EdgeRow
from relgraph.store.sqlite import SQLiteStore


def _edges(iid: str, targets: list[str], at: int) -> list[EdgeRow]:
    return [EdgeRow(iid, "a", t, at, "email", 1.0, None) for t in targets]


def test_status_counts_and_cache(tmp_path):
    path = tmp_path / "s.db"
    store = SQLiteStore(path)
    store.init()
    store.add_edges(_edges("i1", ["b", "c"], 100) + _edges("i2", ["b"], 300))
    st = store.status()
    # 2 interactions expanded to 3 edges, from 100 to 300
    assert (st.interactions, st.edges, st.first_at, st.last_at) == (2, 3, 100, 300)
    store.add_edges(_edges("i3", ["c"], 50))
    st = store.status()
    assert (st.interactions, st.edges, st.first_at) == (3, 4, 50)  # edge count changed: recount
    store.close()
    # the cache is what answers while the edge count is unchanged
    con = sqlite3.connect(path)
    con.execute("UPDATE edge_counts SET interactions = 99")
    con.commit()
    con.close()
    store = SQLiteStore(path, create=False)
    assert store.status().interactions == 99
    store.close()


def test_status_of_a_read_only_store_counts_without_writing(tmp_path):
    path = tmp_path / "ro.db"
    store = SQLiteStore(path)
    store.init()
    store.add_edges(_edges("i1", ["b", "c"], 100))
    store.close()
    path.chmod(0o400)
    try:
        ro = SQLiteStore(path, create=False)
        if not ro.read_only:  # running as root: permissions do not bind
            ro.close()
            return
        assert ro.status().interactions == 1
        ro.close()
    finally:
        path.chmod(0o600)
