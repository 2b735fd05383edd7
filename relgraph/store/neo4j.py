"""Neo4j backend: the same store interface as :class:`~relgraph.store.sqlite.SQLiteStore`.

Graph model (``cypher/README.md``): ``(:Person)-[:MEMBER_OF]->(:Unit)``,
``(:Unit)-[:PART_OF]->(:Unit)``, one ``(:Person)-[:INTERACTED {key, id, at,
channel, weight, duration}]->(:Person)`` relationship per (interaction, target),
``(:Audit)`` nodes and one ``(:RelgraphMeta {key: 'schema'})`` node.

Every query is a ``cypher/<name>.cypher`` file loaded from the installed package
(:mod:`relgraph.store.cypher_loader`) and run with parameters only.

Transactions
    :meth:`Neo4jStore.transaction` holds one explicit transaction for the whole
    ingest (all-or-nothing, like SQLite). Neo4j keeps the whole transaction state
    in server memory until the commit, so a very large ingest needs a large enough
    ``db.memory.transaction.max`` / heap (see ``docs/neo4j.md``). Such an explicit
    transaction cannot be replayed by the driver, so a transient error inside it
    aborts the ingest (nothing is written) with a hint to run it again. Writes
    outside :meth:`~Neo4jStore.transaction` and every read outside it run as
    managed transactions (``execute_write`` / ``execute_read``), which the driver
    retries on transient errors; reads are routed to readers.

Connection
    :mod:`relgraph.store.neo4j_connection` (settings from ``NEO4J_*``, the password kept
    out of every message, driver errors as relgraph errors). Rows and parameters of the
    queries: :mod:`relgraph.store.neo4j_params`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from typing import Any

from relgraph.errors import StoreError, UsageError
from relgraph.models import Person, Unit
from relgraph.store.base import (
    SCHEMA_VERSION,
    AuditRecord,
    DirectedTie,
    EdgeRow,
    ErasureEntry,
    ErasureStore,
    PlanRecord,
    Store,
    StoreStatus,
)
from relgraph.store.cypher_loader import load_query
from relgraph.store.neo4j_connection import HINT, Neo4jSettings, map_driver_error
from relgraph.store.neo4j_params import (
    MAX_AT,
    MIN_AT,
    edge_batches,
    edge_from_record,
    edge_key,
    edge_row,
    edges_page_params,
    pair_edges_params,
    person_row,
    ties_params,
    unit_row,
)

__all__ = [  # the connection and parameter helpers stay importable from here
    "HINT", "MAX_AT", "MIN_AT", "READ_PAGE", "WRITE_BATCH", "Neo4jSettings", "Neo4jStore",
    "edge_batches", "edge_from_record", "edge_key", "edge_row", "edges_page_params",
    "map_driver_error", "pair_edges_params", "person_row", "ties_params", "unit_row",
]

WRITE_BATCH = 5_000
"""Rows per ``UNWIND $rows`` write. Chosen from Neo4j's guidance for UNWIND batches
(thousands to tens of thousands of rows); NOT tuned against a live server here."""
READ_PAGE = 10_000
"""Edges per page of :meth:`Neo4jStore.edges` (keyset pagination)."""


class Neo4jStore(Store, ErasureStore):
    """Store backed by a Neo4j 5 database (official ``neo4j`` driver).

    Parameters
    ----------
    settings : Neo4jSettings
        Connection settings (:meth:`Neo4jSettings.from_env`).
    driver : object, optional
        A ready driver (tests pass a fake); by default one is created with
        ``neo4j.GraphDatabase.driver`` and checked with ``verify_connectivity``.
    write_batch : int
        Rows per ``UNWIND $rows`` write (default :data:`WRITE_BATCH`).
    """

    backend = "neo4j"

    def __init__(self, settings: Neo4jSettings, *, driver: Any = None,
                 write_batch: int = WRITE_BATCH, read_page: int = READ_PAGE):
        self.settings = settings
        self.write_batch = int(write_batch)
        self.read_page = int(read_page)
        if self.write_batch < 1 or self.read_page < 1:
            raise UsageError("batch sizes must be positive")
        self._tx: Any = None
        self._schema_ready = False
        if driver is None:
            driver = self._connect()
        self._driver = driver

    @classmethod
    def from_env(cls, uri: str | None = None, **kwargs: Any) -> Neo4jStore:
        """Open the store named by ``uri`` / ``NEO4J_*`` environment variables."""
        return cls(Neo4jSettings.from_env(uri), **kwargs)

    def _connect(self) -> Any:
        import neo4j

        s = self.settings
        auth = (s.username, s.password.reveal()) if s.password is not None else None
        driver = None
        try:
            driver = neo4j.GraphDatabase.driver(
                s.uri, auth=auth, connection_timeout=10.0, max_transaction_retry_time=30.0,
                user_agent="relgraph",
            )
            driver.verify_connectivity()
        except Exception as e:  # noqa: BLE001 - every driver failure becomes one line
            if driver is not None:
                driver.close()
            raise map_driver_error(e, s, "connecting") from None
        return driver

    def __repr__(self) -> str:
        return f"Neo4jStore(uri={self.settings.uri!r}, user={self.settings.username!r}, database={self.settings.database!r})"

    @property
    def location(self) -> str:
        s = self.settings
        return s.uri + (f" (database {s.database})" if s.database else "")

    # -- plumbing ---------------------------------------------------------------------------
    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        from neo4j.exceptions import DriverError, Neo4jError

        try:
            yield
        except (Neo4jError, DriverError) as e:
            raise map_driver_error(e, self.settings, doing) from None

    def _session(self, write: bool) -> Any:
        import neo4j

        mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
        return self._driver.session(database=self.settings.database, default_access_mode=mode)

    def _read(self, name: str, **params: Any) -> list[dict[str, Any]]:
        q = load_query(name)
        p = q.params(**params)

        def work(tx: Any) -> list[dict[str, Any]]:
            return [r.data() for r in tx.run(q.text, p)]

        with self._errors(f"reading ({name})"):
            if self._tx is not None:
                return work(self._tx)
            with self._session(write=False) as session:
                return session.execute_read(work)

    def _write_batches(self, name: str, batches: Iterable[list[dict[str, Any]]],
                       on_result: Callable[[dict[str, Any]], None]) -> None:
        """Run ``name`` once per batch (``$rows``) in the open transaction, or in one
        managed (retried) write transaction when none is open."""
        q = load_query(name)

        def run(tx: Any, rows: list[dict[str, Any]]) -> dict[str, Any]:
            rec = tx.run(q.text, q.params(rows=rows)).single()
            return rec.data() if rec is not None else {}

        with self._errors(f"writing ({name})"):
            if self._tx is not None:
                for rows in batches:
                    on_result(run(self._tx, rows))
                return
            self._ensure_schema()
            todo = list(batches)  # materialised so that a retried transaction can replay it

            def work(tx: Any) -> list[dict[str, Any]]:
                return [run(tx, rows) for rows in todo]

            with self._session(write=True) as session:
                results = session.execute_write(work)
            for r in results:
                on_result(r)

    def _batches(self, rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
        batch: list[dict[str, Any]] = []
        for r in rows:
            batch.append(r)
            if len(batch) >= self.write_batch:
                yield batch
                batch = []
        if batch:
            yield batch

    # -- lifecycle --------------------------------------------------------------------------
    def init(self) -> None:
        """Create the constraints and indexes (idempotent), record the schema version and
        create the store's pseudonym key if missing."""
        self._schema_ready = False
        self._ensure_schema()
        self.pseudonym_key()

    def _ensure_schema(self) -> None:
        if self._schema_ready:
            return
        schema = load_query("schema")
        meta = load_query("schema_version")
        with self._errors("creating constraints and indexes"), self._session(write=True) as session:
            for stmt in schema.statements():
                # Schema commands cannot share a transaction with data writes: one each.
                session.execute_write(lambda tx, s=stmt: tx.run(s).consume())
            version = session.execute_write(
                lambda tx: tx.run(meta.text, meta.params(version=SCHEMA_VERSION)).single()
            )["version"]
        if version is not None and int(version) > SCHEMA_VERSION:
            raise StoreError(
                f"Neo4j store {self.location} has schema version {version}; this relgraph "
                f"knows {SCHEMA_VERSION}: upgrade relgraph"
            )
        self._schema_ready = True

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._tx is not None:
            yield
            return
        self._ensure_schema()
        with self._errors("starting a transaction"):
            session = self._session(write=True)
            tx = session.begin_transaction()
        self._tx = tx
        try:
            yield
        except BaseException:
            self._tx = None
            with suppress(Exception):  # the original error matters more
                tx.rollback()
            with suppress(Exception):
                session.close()
            raise
        self._tx = None
        try:
            with self._errors("committing"):
                tx.commit()
        finally:
            session.close()

    # -- writes -----------------------------------------------------------------------------
    def upsert_units(self, units: Iterable[Unit]) -> int:
        rows = [unit_row(u) for u in units]
        self._write_batches("upsert_units", self._batches(rows), lambda r: None)
        return len(rows)

    def upsert_people(self, people: Iterable[Person]) -> int:
        rows = [person_row(p) for p in people]
        self._write_batches("upsert_people", self._batches(rows), lambda r: None)
        return len(rows)

    def add_edges(self, rows: Iterable[EdgeRow]) -> int:
        added = 0
        missing: list[str] = []

        def collect(result: dict[str, Any]) -> None:
            nonlocal added
            added += int(result.get("added", 0))
            missing.extend(result.get("missing") or [])

        self._write_batches("add_edges", edge_batches(rows, self.write_batch), collect)
        if missing:
            raise StoreError(
                "interaction edge(s) refer to people not in the store: "
                + ", ".join(sorted(missing)[:5]) + " (store the people first)"
            )
        return added

    def last_at(self) -> int | None:
        rows = self._read("last_at")
        value = rows[0].get("last_at") if rows else None
        return None if value is None else int(value)

    def day_counts(self) -> list[tuple[int, int]]:
        return [(int(r["day"]), int(r["edges"])) for r in self._read("day_counts")]

    def people_with_edges(self) -> set[str]:
        return {r["id"] for r in self._read("people_with_edges")}

    def stored_interactions(self, edges: Sequence[tuple[str, str]]) -> set[str]:
        keys = [edge_key(iid, target) for iid, target in edges]
        return {r["id"] for r in self._read("stored_interactions", keys=keys)} if keys else set()

    # -- reads ------------------------------------------------------------------------------
    def units(self) -> list[Unit]:
        rows = self._read("units")
        return sorted((Unit(**r) for r in rows), key=lambda u: u.id)

    def people(self) -> list[Person]:
        rows = self._read("people")
        return sorted((Person(**r) for r in rows), key=lambda p: p.id)

    def person_ids(self) -> set[str]:
        return {r["id"] for r in self._read("person_ids")}

    def unit_ids(self) -> set[str]:
        return {r["id"] for r in self._read("unit_ids")}

    def edges(self, start: int | None = None, end: int | None = None) -> Iterator[EdgeRow]:
        lo = start if start is not None else MIN_AT
        hi = end if end is not None else MAX_AT
        after: tuple[int, str, str] = (lo - 1, "", "")
        while True:
            page = self._read("edges_page", **edges_page_params(lo, hi, after, self.read_page))
            for r in page:
                yield edge_from_record(r)
            if len(page) < self.read_page:
                return
            last = page[-1]
            after = (int(last["at"]), last["interaction_id"], last["target"])

    def edges_by_ids(self, ids: Sequence[str]) -> list[EdgeRow]:
        out: list[EdgeRow] = []
        for k in range(0, len(ids), self.read_page):
            rows = self._read("edges_by_ids", ids=list(ids[k:k + self.read_page]))
            out.extend(edge_from_record(r) for r in rows)
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
        params = ties_params(start, end, as_of=as_of, half_life_days=half_life_days,
                             channel_weights=channel_weights)
        rows = self._read("ties", **params)
        ties = [DirectedTie(r["source"], r["target"], int(r["n"]), float(r["strength"]),
                            int(r["first_at"]), int(r["last_at"])) for r in rows]
        # Ordered by code point in Python (SQLite's BINARY order for UTF-8 text).
        ties.sort(key=lambda t: (t.source, t.target))
        yield from ties

    def status(self) -> StoreStatus:
        r = self._read("status")[0]
        return StoreStatus(
            backend=self.backend, location=self.location, schema_version=SCHEMA_VERSION,
            units=r["units"], people=r["people"], interactions=r["interactions"],
            edges=r["edges"], first_at=r["first_at"], last_at=r["last_at"], audits=r["audits"],
        )

    def delete_all(self) -> int:
        """Delete every relgraph node (Person, Unit, Audit, Plan, RelgraphMeta) and relationship.

        Destructive; meant for tests against a scratch database. Other labels are kept.
        Returns the number of nodes deleted.
        """
        if self._tx is not None:
            raise StoreError("delete_all cannot run inside a transaction")
        q = load_query("delete_all")
        total = 0
        with self._errors("deleting"), self._session(write=True) as session:
            while True:
                rec = session.execute_write(lambda tx: tx.run(q.text, q.params(limit=10_000)).single())
                n = int(rec["deleted"]) if rec is not None else 0
                total += n
                if n == 0:
                    break
        self._schema_ready = False
        return total

    # -- audits -----------------------------------------------------------------------------
    def save_audit(self, record: AuditRecord) -> None:
        q = load_query("save_audit")
        self._write_one(q.text, q.params(id=record.id, as_of=int(record.as_of),
                                         window_days=float(record.window_days),
                                         payload=record.payload), "saving an audit")

    def _write_one(self, text: str, params: dict[str, Any], what: str) -> None:
        """Run one write query: inside the open ingest transaction if there is one, else
        in a managed write transaction of its own."""
        with self._errors(what):
            if self._tx is not None:
                self._tx.run(text, params).consume()
                return
            self._ensure_schema()
            with self._session(write=True) as session:
                session.execute_write(lambda tx: tx.run(text, params).consume())

    def audits(self) -> list[AuditRecord]:
        rows = self._read("audits")
        recs = [AuditRecord(**r) for r in rows]
        recs.sort(key=lambda a: (a.as_of, a.id))
        return recs

    # -- relationship plans -----------------------------------------------------------------
    def save_plan(self, record: PlanRecord) -> None:
        q = load_query("save_plan")
        self._write_one(q.text, q.params(id=record.id, imported_at=int(record.imported_at),
                                         source=record.source, payload=record.payload),
                        "saving a plan")

    def plans(self) -> list[PlanRecord]:
        recs = [PlanRecord(**r) for r in self._read("plans")]
        recs.sort(key=lambda p: (p.imported_at, p.id))
        return recs

    def pair_edges(self, pairs: Iterable[tuple[str, str]], start: int | None = None,
                   end: int | None = None) -> Iterator[EdgeRow]:
        rows = self._read("pair_edges", **pair_edges_params(pairs, start, end))
        out = [edge_from_record(r) for r in rows]
        out.sort(key=lambda e: (e.at, e.interaction_id, e.target))
        yield from out


    def pseudonym_key(self) -> str | None:
        """The store's pseudonym key, on the ``(:RelgraphMeta {key: 'pseudonym'})`` node
        (created when missing)."""
        from relgraph.pseudonyms import new_key

        q = load_query("pseudonym_key")
        params = q.params(secret=new_key())
        with self._errors("reading the pseudonym key"):
            if self._tx is not None:
                rec = self._tx.run(q.text, params).single()
            else:
                self._ensure_schema()
                with self._session(write=True) as session:
                    rec = session.execute_write(lambda tx: tx.run(q.text, params).single())
        return rec["secret"] if rec is not None else None

    # -- erasure (relgraph.erasure) -----------------------------------------------------------
    def _run_write(self, name: str, doing: str, **params: Any) -> dict[str, Any]:
        """One write query, in the open transaction (erasure always runs inside one)."""
        if self._tx is None:
            raise StoreError(f"{doing} must run inside a transaction")
        q = load_query(name)
        with self._errors(doing):
            rec = self._tx.run(q.text, q.params(**params)).single()
        return rec.data() if rec is not None else {}

    def count_edges(self, *, people: Sequence[str] = (), before: int | None = None
                    ) -> tuple[int, int]:
        if before is not None:
            r = self._read("count_edges_before", before=int(before))
        else:
            r = self._read("count_person_edges", ids=list(people))
        row = r[0] if r else {"edges": 0, "interactions": 0}
        return int(row["edges"]), int(row["interactions"])

    def forget_people(self, ids: Sequence[str]) -> tuple[int, int]:
        r = self._run_write("forget_people", "forgetting people", ids=list(ids))
        return int(r.get("people", 0)), int(r.get("edges", 0))

    def prune_edges(self, before: int) -> int:
        total = 0
        while True:
            r = self._run_write("prune_edges", "pruning", before=int(before),
                                limit=self.write_batch)
            n = int(r.get("deleted", 0))
            total += n
            if n < self.write_batch:
                return total

    def log_erasure(self, entry: ErasureEntry) -> None:
        self._run_write("log_erasure", "logging an erasure", at=int(entry.at),
                        action=entry.action, counts=json.dumps(entry.counts, sort_keys=True))

    def erasure_log(self) -> list[ErasureEntry]:
        rows = self._read("erasure_log")
        return [ErasureEntry(at=int(r["at"]), action=r["action"], counts=json.loads(r["counts"]))
                for r in rows]
