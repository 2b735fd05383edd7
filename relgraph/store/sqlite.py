"""The embedded default store: one SQLite file (stdlib ``sqlite3``).

Schema versioned (``PRAGMA user_version``), WAL journal, one transaction per
ingest. All SQL uses ``?`` parameters; nothing user-supplied is formatted into
a statement.
"""

from __future__ import annotations

import math
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from functools import partial
from pathlib import Path
from typing import Any

from relgraph.bulk import paused_gc
from relgraph.errors import StoreError, StoreUnavailable
from relgraph.models import Channel, Person, Unit
from relgraph.store.base import (
    SCHEMA_VERSION,
    AuditRecord,
    DirectedTie,
    EdgeRow,
    PlanRecord,
    Store,
    StoreStatus,
)
from relgraph.store.sqlite_erasure import SQLiteErasure
from relgraph.store.sqlite_interrupt import interruptible
from relgraph.store.sqlite_schema import (
    APPLICATION_ID,
    EDGE_INSERT,
    SCHEMA,
    TIES_SQL,
)


def _writable(path: Path) -> bool:
    """Whether this process may write the database file and create files next to it."""
    return os.access(path, os.W_OK) and os.access(path.parent if str(path.parent) else ".",
                                                   os.W_OK)


class SQLiteStore(SQLiteErasure, Store):
    """Store backed by a single SQLite database file."""

    backend = "sqlite"

    def __init__(self, path: str | Path = "relgraph.db", *, create: bool = True):
        self.path = Path(path)
        memory = str(path) == ":memory:"
        self._file = None if memory else self.path.resolve()
        """The file, located now: a later change of working directory must not move it."""
        if not create and not memory and not self.path.exists():
            raise StoreUnavailable(f"no relgraph store at {self.path} (run 'relgraph ingest' first)")
        self.created = False
        """Whether this open created the database file (see :meth:`discard`)."""
        if not memory and not self.path.exists():
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            try:  # owner-only from the start; SQLite gives -wal/-shm the same mode
                os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
                self.created = True
            except FileExistsError:  # created meanwhile by another process
                pass
            except OSError as e:
                raise StoreUnavailable(f"cannot create store {self.path}: "
                                       f"{e.strerror or e}") from None
        self.read_only = not memory and not create and not _writable(self.path)
        self._in_tx = False
        self._con = self._connect()
        try:
            self._check_owner()
            if not self.read_only:
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

    def _connect(self) -> sqlite3.Connection:
        kw: dict[str, Any] = {"isolation_level": None, "check_same_thread": False, "timeout": 10.0}
        try:
            if not self.read_only:
                return sqlite3.connect(str(self.path), **kw)
            # Read-only: never write, not even the WAL index; a store in a folder we cannot
            # write to is opened immutable (nobody can be writing it through this folder).
            uri = self.path.resolve().as_uri()
            con = sqlite3.connect(f"{uri}?mode=ro", uri=True, **kw)
            try:
                con.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
                return con
            except sqlite3.OperationalError:
                con.close()
                return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, **kw)
        except sqlite3.Error as e:  # pragma: no cover - depends on filesystem
            raise StoreUnavailable(f"cannot open store {self.path}: {e}") from e

    def _check_owner(self) -> None:
        """Refuse a SQLite database that belongs to another application: relgraph never
        adds its tables to someone else's database."""
        c = self._con
        try:
            app_id = c.execute("PRAGMA application_id").fetchone()[0]
            version = c.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in c.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
        except sqlite3.DatabaseError as e:
            raise StoreUnavailable(f"{self.path} is not a relgraph store: {e}") from e
        ours = app_id == APPLICATION_ID or (app_id == 0 and version > 0 and "edges" in tables)
        if not ours and (tables or app_id != 0 or version != 0):
            shown = ", ".join(sorted(tables)[:5]) or "none"
            raise StoreUnavailable(
                f"{self.path} is a SQLite database of another application (tables: {shown}); "
                "relgraph will not add its tables to it: choose another --store path"
            )

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
                if self.read_only:
                    need = "its schema upgraded" if version else "its tables created"
                    raise StoreUnavailable(f"store {self.path} is read-only and needs {need}: "
                                           "open it once with write access")
                # v1, v2 -> v3: people gain an optional aliases column (';'-separated)
                cols = {r[1] for r in self._con.execute("PRAGMA table_info(people)")}
                migrate = "ALTER TABLE people ADD COLUMN aliases TEXT;" if cols and "aliases" not in cols else ""
                self._con.executescript(
                    "BEGIN;" + SCHEMA + migrate + f"PRAGMA application_id={APPLICATION_ID};"
                    f"PRAGMA user_version={SCHEMA_VERSION};COMMIT;")
                if version == 0:
                    self.pseudonym_key()  # a new store gets its secret at creation
        except sqlite3.DatabaseError as e:
            raise StoreUnavailable(f"{self.path} is not a relgraph store: {e}") from e

    def pseudonym_key(self) -> str | None:
        """The store's pseudonym key, in table ``relgraph_secrets`` (created when missing,
        unless the store is read-only). Never part of any output."""
        q = "SELECT value FROM relgraph_secrets WHERE name = 'pseudonym'"
        try:
            row = self._con.execute(q).fetchone()
        except sqlite3.OperationalError:  # no table yet (a store older than keyed pseudonyms)
            row = None
        if row is not None or self.read_only:
            return row[0] if row is not None else None
        from relgraph.pseudonyms import new_key

        with self.transaction():
            self._con.execute("CREATE TABLE IF NOT EXISTS relgraph_secrets "
                              "(name TEXT PRIMARY KEY, value TEXT NOT NULL)")
            self._con.execute("INSERT OR IGNORE INTO relgraph_secrets (name, value) "
                              "VALUES ('pseudonym', ?)", (new_key(),))
        return self._con.execute(q).fetchone()[0]

    def discard(self) -> None:
        """Close and delete the database file, if this open created it (a first ingest
        that failed leaves no empty store behind)."""
        self.close()
        if not self.created:
            return
        for suffix in ("", "-wal", "-shm", "-journal"):
            with suppress(FileNotFoundError):
                os.unlink(f"{self.path}{suffix}")

    def close(self) -> None:
        self._con.close()

    def opener(self) -> Callable[[], SQLiteStore] | None:
        # the same file (located when it was opened, not against today's working directory),
        # opened without creating it (WAL: readers do not block each other); none in memory,
        # where another connection would see another database, nor inside a transaction,
        # whose uncommitted changes another connection would not see
        if self._file is None or self._con.in_transaction:
            return None
        return partial(SQLiteStore, self._file, create=False)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._in_tx:
            yield
            return
        if self.read_only:
            raise StoreError(f"the store {self.location} is read-only (no write permission); "
                             "nothing was written")
        try:
            self._con.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            if e.sqlite_errorcode == sqlite3.SQLITE_READONLY:
                raise self._write_error(e) from e
            raise StoreError(
                f"cannot write to {self.location}: {e} (another relgraph process may be writing; "
                "try again when it has finished)"
            ) from e
        self._in_tx = True
        try:
            yield
        except BaseException as e:
            if self._con.in_transaction:  # SQLite may already have rolled back (disk full)
                self._con.execute("ROLLBACK")
            if isinstance(e, sqlite3.Error):
                raise self._write_error(e) from e
            raise
        else:
            try:
                self._con.execute("COMMIT")
            except sqlite3.Error as e:
                if self._con.in_transaction:
                    self._con.execute("ROLLBACK")
                raise self._write_error(e, "cannot commit to") from e
        finally:
            self._in_tx = False

    def _write_error(self, e: sqlite3.Error, doing: str = "cannot write to") -> StoreError:
        code = getattr(e, "sqlite_errorcode", None)
        if code == sqlite3.SQLITE_FULL:
            return StoreError(f"no space left on device for the store {self.location}; "
                              "nothing was written")
        if code == sqlite3.SQLITE_READONLY:
            return StoreError(f"the store {self.location} is read-only; nothing was written")
        return StoreError(f"{doing} {self.location}: {e}; nothing was written")

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
        rows = [(p.id, p.name, p.title, p.unit, p.level.value, p.email,
                 ";".join(p.aliases) or None) for p in people]
        with self.transaction():
            self._con.executemany(
                "INSERT INTO people (id, name, title, unit, level, email, aliases) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET name=excluded.name, title=excluded.title, "
                "unit=excluded.unit, level=excluded.level, email=excluded.email, "
                "aliases=excluded.aliases",
                rows,
            )
        return len(rows)

    def add_edges(self, rows: Iterable[EdgeRow]) -> int:
        with self.transaction():
            before = self._con.total_changes
            self._con.executemany(EDGE_INSERT, rows)
            return self._con.total_changes - before

    # -- reads ----------------------------------------------------------------------------
    def units(self) -> list[Unit]:
        cur = self._con.execute("SELECT id, name, kind, parent FROM units ORDER BY id")
        return [Unit(id=a, name=b, kind=c, parent=d) for a, b, c, d in cur]

    def people(self) -> list[Person]:
        cur = self._con.execute(
            "SELECT id, name, title, unit, level, email, aliases FROM people ORDER BY id"
        )
        return [
            Person(id=a, name=b, title=c, unit=d, level=e, email=f, aliases=g)
            for a, b, c, d, e, f, g in cur
        ]

    def person_rows(self) -> list[tuple[str, str, str, str, str]]:
        # rows the store validated on the way in (upsert_people): not validated again
        return self._con.execute(
            "SELECT id, name, title, unit, level FROM people ORDER BY id").fetchall()

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

    def edges_by_ids(self, ids: Sequence[str]) -> list[EdgeRow]:
        out: list[EdgeRow] = []
        for k in range(0, len(ids), 500):
            chunk = list(ids[k:k + 500])
            marks = ",".join("?" * len(chunk))  # placeholders only: values are parameters
            cur = self._con.execute(
                "SELECT interaction_id, source, target, at, channel, weight, duration FROM edges "
                f"WHERE interaction_id IN ({marks})", chunk)
            out.extend(EdgeRow(*r) for r in cur)
        return out

    def ties(
        self,
        start: int | None,
        end: int,
        *,
        as_of: int,
        half_life_days: float,
        channel_weights: Mapping[str, float],
    ) -> Iterator[DirectedTie]:
        params = self._ties_params(start, end, as_of, half_life_days, channel_weights)
        for row in self._con.execute(TIES_SQL, params):
            yield DirectedTie(*row)

    @paused_gc()
    def tie_columns(
        self,
        start: int | None,
        end: int,
        *,
        as_of: int,
        half_life_days: float,
        channel_weights: Mapping[str, float],
    ) -> tuple[Sequence[Any], ...]:
        # the rows as SQLite returns them, transposed: no DirectedTie per row
        with interruptible(self._con):  # one long sort: let Ctrl-C stop it
            rows = self._con.execute(TIES_SQL, self._ties_params(
                start, end, as_of, half_life_days, channel_weights)).fetchall()
        return tuple(zip(*rows, strict=True)) if rows else ((),) * 6

    @staticmethod
    def _ties_params(start: int | None, end: int, as_of: int, half_life_days: float,
                     channel_weights: Mapping[str, float]) -> list[object]:
        params: list[object] = []
        for c in Channel:
            params += [c.value, float(channel_weights.get(c.value, 1.0))]
        params.append(1.0)
        rate = -math.log(2) / (half_life_days * 86400.0)
        params += [rate, as_of, start if start is not None else -(2**62), end]
        return params

    def last_at(self) -> int | None:
        return self._con.execute("SELECT MAX(at) FROM edges").fetchone()[0]  # uses edges_at

    def day_counts(self) -> list[tuple[int, int]]:
        # One COUNT per day with data, each a range of the edges_at index, hopping over empty
        # days with MIN(at): no sorter, unlike GROUP BY on an expression (4.2 s instead of
        # 7.7 s for 4.1 M edges at load 7.5).
        c = self._con
        out: list[tuple[int, int]] = []
        with interruptible(c):
            at = c.execute("SELECT MIN(at) FROM edges").fetchone()[0]
            while at is not None:
                day = at - ((at % 86400) + 86400) % 86400
                n = c.execute("SELECT COUNT(*) FROM edges WHERE at >= ? AND at < ?",
                              (day, day + 86400)).fetchone()[0]
                out.append((int(day), int(n)))
                at = c.execute("SELECT MIN(at) FROM edges WHERE at >= ?",
                               (day + 86400,)).fetchone()[0]
        return out

    def stored_interactions(self, edges: Sequence[tuple[str, str]]) -> set[str]:
        out: set[str] = set()
        q = "SELECT 1 FROM edges WHERE interaction_id = ? AND target = ?"  # primary key
        for iid, target in edges:
            if self._con.execute(q, (iid, target)).fetchone() is not None:
                out.add(iid)
        return out

    def people_with_edges(self) -> set[str]:
        # two DISTINCT scans beat one UNION (12.5 s vs 18.6 s for 4.1 M edges at load 7.5)
        with interruptible(self._con):
            seen = {r[0] for r in self._con.execute("SELECT DISTINCT source FROM edges")}
            seen.update(r[0] for r in self._con.execute("SELECT DISTINCT target FROM edges"))
        return seen

    def people_with_edges_outside(self, lo: int, hi: int) -> set[str]:
        # four ranges of the edges_at index: the edges before and after the window only
        seen: set[str] = set()
        with interruptible(self._con):
            for col in ("source", "target"):  # fixed column names, not user data
                for cond in ("at < ?", "at >= ?"):
                    seen.update(r[0] for r in self._con.execute(
                        f"SELECT DISTINCT {col} FROM edges WHERE {cond}",
                        (lo if "<" in cond else hi,)))
        return seen

    def status(self) -> StoreStatus:
        c = self._con
        n_units = c.execute("SELECT COUNT(*) FROM units").fetchone()[0]
        n_people = c.execute("SELECT COUNT(*) FROM people").fetchone()[0]
        # separate queries: COUNT(*) scans the small ``at`` index, MIN / MAX seek it
        # (together they scanned the table: 1.46 s instead of 0.15 s at 4 M edges)
        n_edges = c.execute("SELECT COUNT(*) FROM edges").fetchone()[0]
        lo = c.execute("SELECT MIN(at) FROM edges").fetchone()[0]
        hi = c.execute("SELECT MAX(at) FROM edges").fetchone()[0]
        n_inter = self._interaction_count(n_edges)
        n_audits = c.execute("SELECT COUNT(*) FROM audits").fetchone()[0]
        return StoreStatus(
            backend=self.backend, location=self.location, schema_version=SCHEMA_VERSION,
            units=n_units, people=n_people, interactions=n_inter, edges=n_edges,
            first_at=lo, last_at=hi, audits=n_audits,
        )

    def _interaction_count(self, n_edges: int) -> int:
        """Distinct interactions, cached with the edge count it was computed at.

        Counting distinct ids reads the whole edge table (3.9 s at 4 M edges); edges are
        only ever added or removed as whole rows, so an unchanged edge count means the
        cached figure still holds. The cache is written when the store is writable.
        """
        c = self._con
        with suppress(sqlite3.OperationalError):  # no cache table yet (or read-only)
            row = c.execute("SELECT edges, interactions FROM edge_counts").fetchone()
            if row is not None and row[0] == n_edges:
                return int(row[1])
        n = c.execute("SELECT COUNT(DISTINCT interaction_id) FROM edges").fetchone()[0]
        if not self.read_only:
            with suppress(sqlite3.Error, StoreError), self.transaction():
                c.execute("CREATE TABLE IF NOT EXISTS edge_counts "
                          "(edges INTEGER NOT NULL, interactions INTEGER NOT NULL)")
                c.execute("DELETE FROM edge_counts")
                c.execute("INSERT INTO edge_counts (edges, interactions) VALUES (?, ?)",
                          (n_edges, n))
        return int(n)

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

    # -- relationship plans ---------------------------------------------------------------
    def save_plan(self, record: PlanRecord) -> None:
        with self.transaction():
            self._con.execute(
                "INSERT OR REPLACE INTO plans (id, imported_at, source, payload) VALUES (?, ?, ?, ?)",
                (record.id, record.imported_at, record.source, record.payload),
            )

    def plans(self) -> list[PlanRecord]:
        cur = self._con.execute(
            "SELECT id, imported_at, source, payload FROM plans ORDER BY imported_at, id"
        )
        return [PlanRecord(id=a, imported_at=b, source=c, payload=d) for a, b, c, d in cur]

    def pair_edges(self, pairs: Iterable[tuple[str, str]], start: int | None = None,
                   end: int | None = None) -> Iterator[EdgeRow]:
        """One pass over the window's edges (``edges_at`` index), joined with a temporary
        table of the pairs in both directions."""
        rows = {(a, b) for a, b in pairs} | {(b, a) for a, b in pairs}
        c = self._con
        c.execute("CREATE TEMP TABLE IF NOT EXISTS relgraph_pairs "
                  "(a TEXT NOT NULL, b TEXT NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID")
        c.execute("DELETE FROM relgraph_pairs")
        c.executemany("INSERT INTO relgraph_pairs (a, b) VALUES (?, ?)", sorted(rows))
        lo = start if start is not None else -(2**62)
        hi = end if end is not None else 2**62
        try:
            cur = c.execute(
                "SELECT e.interaction_id, e.source, e.target, e.at, e.channel, e.weight, e.duration "
                "FROM edges e JOIN relgraph_pairs p ON p.a = e.source AND p.b = e.target "
                "WHERE e.at >= ? AND e.at < ? ORDER BY e.at, e.interaction_id, e.target",
                (lo, hi),
            )
            out = [EdgeRow(*r) for r in cur]
        finally:
            c.execute("DELETE FROM relgraph_pairs")
        yield from out
