"""Erasure on the embedded store (:mod:`relgraph.erasure`): count, forget people, prune
old edges, log what was done, and checkpoint the write-ahead log so that deleted rows do not
linger. A mixin of :class:`relgraph.store.sqlite.SQLiteStore` (it uses the store's
connection and transactions); deleted rows are overwritten (``secure_delete``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager

from relgraph.store.base import ErasureEntry, ErasureStore
from relgraph.store.sqlite_schema import ERASURE_TABLE, PEOPLE_EDGES


class SQLiteErasure(ErasureStore):
    """The :class:`~relgraph.store.base.ErasureStore` methods of the SQLite store."""

    # provided by the store
    _con: sqlite3.Connection
    read_only: bool
    transaction: Callable[[], AbstractContextManager[None]]

    def count_edges(self, *, people: Sequence[str] = (), before: int | None = None
                    ) -> tuple[int, int]:
        if before is not None:
            row = self._con.execute(
                "SELECT COUNT(*), COUNT(DISTINCT interaction_id) FROM edges WHERE at < ?",
                (before,)).fetchone()
        else:
            ids = json.dumps(list(people))
            row = self._con.execute(
                "SELECT COUNT(*), COUNT(DISTINCT interaction_id) " + PEOPLE_EDGES,
                (ids, ids)).fetchone()
        return int(row[0]), int(row[1])

    def forget_people(self, ids: Sequence[str]) -> tuple[int, int]:
        data = json.dumps(list(ids))
        with self.transaction():
            self._con.execute("PRAGMA secure_delete = ON")  # deleted rows are overwritten
            edges = self._con.execute("DELETE " + PEOPLE_EDGES, (data, data)).rowcount
            people = self._con.execute(
                "DELETE FROM people WHERE id IN (SELECT value FROM json_each(?))", (data,)
            ).rowcount
        return people, edges

    def prune_edges(self, before: int) -> int:
        with self.transaction():
            self._con.execute("PRAGMA secure_delete = ON")
            return self._con.execute("DELETE FROM edges WHERE at < ?", (before,)).rowcount

    def log_erasure(self, entry: ErasureEntry) -> None:
        with self.transaction():
            self._con.execute(ERASURE_TABLE)
            self._con.execute("INSERT INTO erasures (at, action, counts) VALUES (?, ?, ?)",
                              (entry.at, entry.action, json.dumps(entry.counts, sort_keys=True)))

    def erasure_log(self) -> list[ErasureEntry]:
        try:
            cur = self._con.execute("SELECT at, action, counts FROM erasures ORDER BY rowid")
        except sqlite3.OperationalError:  # no erasure yet: the table does not exist
            return []
        return [ErasureEntry(at=a, action=b, counts=json.loads(c)) for a, b, c in cur]

    def checkpoint(self) -> None:
        """Move the WAL into the database file and truncate it, so that deleted rows do
        not linger in the write-ahead log."""
        if not self.read_only:
            self._con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
