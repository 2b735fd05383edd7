"""The embedded default store: one SQLite file (stdlib ``sqlite3``).

Schema versioned (``PRAGMA user_version``), WAL journal, one transaction per
ingest. All SQL uses ``?`` parameters; nothing user-supplied is formatted into
a statement.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from relgraph.errors import StoreError, StoreUnavailable
from relgraph.models import Channel, Person, Unit
from relgraph.store.base import (
    SCHEMA_VERSION,
    AuditRecord,
    DirectedTie,
    EdgeRow,
    Store,
    StoreStatus,
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS units (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent TEXT
);
CREATE TABLE IF NOT EXISTS people (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    title TEXT NOT NULL,
    unit TEXT NOT NULL,
    level TEXT NOT NULL,
    email TEXT
);
CREATE TABLE IF NOT EXISTS edges (
    interaction_id TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    at INTEGER NOT NULL,
    channel TEXT NOT NULL,
    weight REAL NOT NULL,
    duration REAL,
    PRIMARY KEY (interaction_id, target)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS edges_at ON edges (at);
CREATE TABLE IF NOT EXISTS audits (
    id TEXT PRIMARY KEY,
    as_of INTEGER NOT NULL,
    window_days REAL NOT NULL,
    payload TEXT NOT NULL
);
"""

EDGE_INSERT = (
    "INSERT OR IGNORE INTO edges (interaction_id, source, target, at, channel, weight, duration) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)

# Channel weights enter the aggregation as parameters of a fixed CASE expression built from
# the Channel enum (not from user data).
_CHANNEL_CASE = "CASE channel " + " ".join("WHEN ? THEN ?" for _ in Channel) + " ELSE ? END"

TIES_SQL = f"""
SELECT source, target, COUNT(*) AS n,
       SUM(weight * ({_CHANNEL_CASE}) * exp(? * (? - at))) AS strength,
       MIN(at), MAX(at)
FROM edges
WHERE at >= ? AND at < ?
GROUP BY source, target
ORDER BY source, target
"""


class SQLiteStore(Store):
    """Store backed by a single SQLite database file."""

    backend = "sqlite"

    def __init__(self, path: str | Path = "relgraph.db", *, create: bool = True):
        self.path = Path(path)
        if not create and str(path) != ":memory:" and not self.path.exists():
            raise StoreUnavailable(f"no relgraph store at {self.path} (run 'relgraph ingest' first)")
        if create and str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._con = sqlite3.connect(
                str(self.path), isolation_level=None, check_same_thread=False, timeout=10.0
            )
        except sqlite3.Error as e:  # pragma: no cover - depends on filesystem
            raise StoreUnavailable(f"cannot open store {self.path}: {e}") from e
        self._in_tx = False
        try:
            self._con.execute("PRAGMA journal_mode=WAL")
            self._con.execute("PRAGMA synchronous=NORMAL")
            self._con.execute("PRAGMA cache_size=-16384")
            self._con.execute("PRAGMA temp_store=MEMORY")
            self._con.execute("select exp(1)")
        except sqlite3.OperationalError as e:
            if "exp" in str(e):
                # SQLite built without math functions: provide exp() from Python.
                self._con.create_function("exp", 1, math.exp, deterministic=True)
            else:
                raise StoreUnavailable(f"cannot open store {self.path}: {e}") from e
        except sqlite3.DatabaseError as e:
            raise StoreUnavailable(f"{self.path} is not a relgraph store: {e}") from e
        self.init()

    @property
    def location(self) -> str:
        return str(self.path.resolve()) if str(self.path) != ":memory:" else ":memory:"

    def init(self) -> None:
        try:
            version = self._con.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"store {self.path} has schema version {version}; this relgraph knows "
                    f"{SCHEMA_VERSION}: upgrade relgraph"
                )
            if version < SCHEMA_VERSION:
                self._con.executescript("BEGIN;" + SCHEMA + f"PRAGMA user_version={SCHEMA_VERSION};COMMIT;")
        except sqlite3.DatabaseError as e:
            raise StoreUnavailable(f"{self.path} is not a relgraph store: {e}") from e

    def close(self) -> None:
        self._con.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._in_tx:
            yield
            return
        try:
            self._con.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            raise StoreError(
                f"cannot write to {self.location}: {e} (another relgraph process may be writing; "
                "try again when it has finished)"
            ) from e
        self._in_tx = True
        try:
            yield
        except BaseException:
            self._con.execute("ROLLBACK")
            raise
        else:
            try:
                self._con.execute("COMMIT")
            except sqlite3.Error as e:
                self._con.execute("ROLLBACK")
                raise StoreError(f"cannot commit to {self.location}: {e}") from e
        finally:
            self._in_tx = False

    # -- writes ---------------------------------------------------------------------------
    def upsert_units(self, units: Iterable[Unit]) -> int:
        rows = [(u.id, u.name, u.kind.value, u.parent) for u in units]
        with self.transaction():
            self._con.executemany(
                "INSERT INTO units (id, name, kind, parent) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET name=excluded.name, kind=excluded.kind, "
                "parent=excluded.parent",
                rows,
            )
        return len(rows)

    def upsert_people(self, people: Iterable[Person]) -> int:
        rows = [(p.id, p.name, p.title, p.unit, p.level.value, p.email) for p in people]
        with self.transaction():
            self._con.executemany(
                "INSERT INTO people (id, name, title, unit, level, email) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET name=excluded.name, title=excluded.title, "
                "unit=excluded.unit, level=excluded.level, email=excluded.email",
                rows,
            )
        return len(rows)

    def add_edges(self, rows: Iterable[EdgeRow]) -> int:
        with self.transaction():
            before = self._con.total_changes
            self._con.executemany(EDGE_INSERT, rows)
            return self._con.total_changes - before

    def conflicting_edges(self, rows: Sequence[EdgeRow]) -> list[int]:
        q = "SELECT source, at, channel, weight FROM edges WHERE interaction_id = ? AND target = ?"
        out = []
        for i, r in enumerate(rows):
            got = self._con.execute(q, (r[0], r[2])).fetchone()
            if got is not None and got != (r[1], r[3], r[4], r[5]):
                out.append(i)
        return out

    # -- reads ----------------------------------------------------------------------------
    def units(self) -> list[Unit]:
        cur = self._con.execute("SELECT id, name, kind, parent FROM units ORDER BY id")
        return [Unit(id=a, name=b, kind=c, parent=d) for a, b, c, d in cur]

    def people(self) -> list[Person]:
        cur = self._con.execute(
            "SELECT id, name, title, unit, level, email FROM people ORDER BY id"
        )
        return [
            Person(id=a, name=b, title=c, unit=d, level=e, email=f) for a, b, c, d, e, f in cur
        ]

    def person_ids(self) -> set[str]:
        return {r[0] for r in self._con.execute("SELECT id FROM people")}

    def unit_ids(self) -> set[str]:
        return {r[0] for r in self._con.execute("SELECT id FROM units")}

    def edges(self, start: int | None = None, end: int | None = None) -> Iterator[EdgeRow]:
        lo = start if start is not None else -(2**62)
        hi = end if end is not None else 2**62
        cur = self._con.execute(
            "SELECT interaction_id, source, target, at, channel, weight, duration FROM edges "
            "WHERE at >= ? AND at < ? ORDER BY at, interaction_id, target",
            (lo, hi),
        )
        for row in cur:
            yield EdgeRow(*row)

    def ties(
        self,
        start: int | None,
        end: int,
        *,
        as_of: int,
        half_life_days: float,
        channel_weights: Mapping[str, float],
    ) -> Iterator[DirectedTie]:
        params: list[object] = []
        for c in Channel:
            params += [c.value, float(channel_weights.get(c.value, 1.0))]
        params.append(1.0)
        rate = -math.log(2) / (half_life_days * 86400.0)
        params += [rate, as_of, start if start is not None else -(2**62), end]
        for row in self._con.execute(TIES_SQL, params):
            yield DirectedTie(*row)

    def last_at(self) -> int | None:
        return self._con.execute("SELECT MAX(at) FROM edges").fetchone()[0]  # uses edges_at

    def day_counts(self) -> list[tuple[int, int]]:
        # at - (at mod 86400), with a non-negative modulo for stamps before 1970
        cur = self._con.execute(
            "SELECT at - ((at % 86400) + 86400) % 86400 AS day, COUNT(*) FROM edges "
            "GROUP BY day ORDER BY day"
        )
        return [(int(d), int(n)) for d, n in cur]

    def people_with_edges(self) -> set[str]:
        cur = self._con.execute("SELECT source FROM edges UNION SELECT target FROM edges")
        return {r[0] for r in cur}

    def status(self) -> StoreStatus:
        c = self._con
        n_units = c.execute("SELECT COUNT(*) FROM units").fetchone()[0]
        n_people = c.execute("SELECT COUNT(*) FROM people").fetchone()[0]
        n_edges, lo, hi = c.execute("SELECT COUNT(*), MIN(at), MAX(at) FROM edges").fetchone()
        n_inter = c.execute("SELECT COUNT(DISTINCT interaction_id) FROM edges").fetchone()[0]
        n_audits = c.execute("SELECT COUNT(*) FROM audits").fetchone()[0]
        return StoreStatus(
            backend=self.backend, location=self.location, schema_version=SCHEMA_VERSION,
            units=n_units, people=n_people, interactions=n_inter, edges=n_edges,
            first_at=lo, last_at=hi, audits=n_audits,
        )

    # -- audits ---------------------------------------------------------------------------
    def save_audit(self, record: AuditRecord) -> None:
        with self.transaction():
            self._con.execute(
                "INSERT OR REPLACE INTO audits (id, as_of, window_days, payload) VALUES (?, ?, ?, ?)",
                (record.id, record.as_of, record.window_days, record.payload),
            )

    def audits(self) -> list[AuditRecord]:
        cur = self._con.execute(
            "SELECT id, as_of, window_days, payload FROM audits ORDER BY as_of, id"
        )
        return [AuditRecord(id=a, as_of=b, window_days=w, payload=p) for a, b, w, p in cur]
