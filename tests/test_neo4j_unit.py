"""Neo4j backend tests that need no server.

Query loading, parameter building, batching, error mapping of driver exceptions,
password hygiene, and the store's transaction/routing logic against a fake driver
that records every query it is given. What the Cypher itself does is checked by
Neo4j's linter (tests/test_cypher_lint.py) and, with a server, by
tests/test_store_contract.py; none of that ran live here (no Neo4j server).
"""

from __future__ import annotations

import math
import socket
from pathlib import Path
from typing import Any

import neo4j
import pytest
from click.testing import CliRunner
from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired

from relgraph.cli import main
from relgraph.errors import InputError, StoreError, StoreUnavailable, UsageError
from relgraph.ingest import ingest
from relgraph.models import Channel, Level, Person, Unit, UnitKind
from relgraph.store import SQLiteStore, open_store
from relgraph.store.base import AuditRecord, EdgeRow
from relgraph.store.cypher_loader import load_query, query_names
from relgraph.store.neo4j import (
    Neo4jSettings,
    Neo4jStore,
    edge_batches,
    edge_key,
    map_driver_error,
    ties_params,
)

PW = "Sup3r-S3cret-pw"
SETTINGS = Neo4jSettings.from_env("neo4j://localhost:7687", env={"NEO4J_PASSWORD": PW})


# -- query files -----------------------------------------------------------------------------
def test_every_query_the_store_uses_is_installed() -> None:
    src = Path(__file__).resolve().parents[1] / "relgraph" / "store" / "neo4j.py"
    import re

    used = set(re.findall(r'(?:_read|_write_batches|load_query)\("([a-z_]+)"', src.read_text()))
    assert used, "no query names found"
    assert used <= set(query_names())


def test_parameters_are_parsed_from_the_header() -> None:
    assert load_query("add_edges").parameters == {"rows"}
    assert load_query("ties").parameters == {"start", "end", "as_of", "rate", "channel_weights"}
    assert load_query("units").parameters == frozenset()


def test_params_must_match_the_declaration() -> None:
    q = load_query("ties")
    with pytest.raises(StoreError, match=r"missing \$rate"):
        q.params(start=0, end=1, as_of=1, channel_weights={})
    with pytest.raises(StoreError, match=r"undeclared \$oops"):
        q.params(start=0, end=1, as_of=1, rate=0.0, channel_weights={}, oops=1)


def test_schema_file_splits_into_its_statements() -> None:
    stmts = load_query("schema").statements()
    # schema.cypher: 5 uniqueness constraints + 3 indexes, comment lines excluded
    assert len(stmts) == 8
    assert all(s.startswith("CREATE ") and "IF NOT EXISTS" in s for s in stmts)
    assert not any(s.rstrip().endswith(";") for s in stmts)
    assert any("()-[r:INTERACTED]-() REQUIRE r.key IS UNIQUE" in s for s in stmts)


def test_unknown_query_name() -> None:
    with pytest.raises(StoreError, match="missing"):
        load_query("no_such_query")
    with pytest.raises(StoreError, match="invalid"):
        load_query("../pyproject")


# -- parameter building ------------------------------------------------------------------------
def _edge(i: int, target: str = "b", iid: str | None = None) -> EdgeRow:
    return EdgeRow(iid or f"i{i}", "a", target, 1_780_000_000 + i, "email", 1.0, None)


def test_edge_batches_sizes_and_in_batch_dedupe() -> None:
    rows = [_edge(i) for i in range(12_001)]
    sizes = [len(b) for b in edge_batches(rows, 5_000)]
    assert sizes == [5_000, 5_000, 2_001]
    dup = [_edge(1), _edge(2), EdgeRow("i1", "a", "b", 5, "chat", 3.0, 2.0), _edge(1, target="c")]
    (batch,) = list(edge_batches(dup, 100))
    # first (i1, b) wins like INSERT OR IGNORE; (i1, c) is another edge
    assert [r["key"] for r in batch] == ["i1;b", "i2;b", "i1;c"]
    assert batch[0] == {"key": "i1;b", "id": "i1", "source": "a", "target": "b",
                        "at": 1_780_000_001, "channel": "email", "weight": 1.0, "duration": None}


def test_edge_key_is_unambiguous() -> None:
    # ids never contain ';' (models.ID_PATTERN), so (id, target) -> key is one-to-one
    assert edge_key("m1", "p2") == "m1;p2"
    iid, target = edge_key("h:0a1b", "p-7").split(";")
    assert (iid, target) == ("h:0a1b", "p-7")


def test_ties_params_match_the_sqlite_formula() -> None:
    p = ties_params(None, 1000, as_of=1000, half_life_days=30, channel_weights={"meeting": 2.0})
    # rate = -ln 2 / (30 days in seconds) = -0.693147.../2_592_000
    assert p["rate"] == pytest.approx(-0.6931471805599453 / 2_592_000, rel=1e-15)
    # exp(rate * one half-life) = 0.5 exactly in theory
    assert math.exp(p["rate"] * 30 * 86400) == pytest.approx(0.5, rel=1e-12)
    assert p["channel_weights"] == {c.value: (2.0 if c is Channel.MEETING else 1.0) for c in Channel}
    assert p["start"] == -(2**62) and p["end"] == 1000 and p["as_of"] == 1000
    with pytest.raises(UsageError):
        ties_params(0, 1, as_of=1, half_life_days=0, channel_weights={})


# -- settings and password hygiene ---------------------------------------------------------
def test_settings_from_uri_with_credentials() -> None:
    s = Neo4jSettings.from_env("neo4j+s://alice:p%40ss@graph.example.com:7687", env={})
    assert s.uri == "neo4j+s://graph.example.com:7687"
    assert s.username == "alice" and s.password is not None and s.password.reveal() == "p@ss"
    assert "p@ss" not in repr(s) and "p%40ss" not in repr(s)


def test_settings_from_env() -> None:
    env = {"NEO4J_URI": "bolt://db:7687", "NEO4J_USERNAME": "bob", "NEO4J_PASSWORD": PW,
           "NEO4J_DATABASE": "org"}
    s = Neo4jSettings.from_env("neo4j", env=env)
    assert (s.uri, s.username, s.database) == ("bolt://db:7687", "bob", "org")
    assert PW not in repr(s) and PW not in str(s)
    with pytest.raises(UsageError, match="NEO4J_URI"):
        Neo4jSettings.from_env("neo4j", env={})
    with pytest.raises(UsageError, match="invalid Neo4j URI"):
        Neo4jSettings.from_env("neo4j://", env={})


def test_store_repr_and_location_hide_the_password() -> None:
    store = Neo4jStore(SETTINGS, driver=FakeDriver())
    assert PW not in repr(store) and PW not in store.location
    assert store.location == "neo4j://localhost:7687"


def test_neo4j_uri_alone_does_not_switch_the_default_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RELGRAPH_STORE", raising=False)
    monkeypatch.delenv("RELGRAPH_DB", raising=False)
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")
    store = open_store(None)
    try:
        assert isinstance(store, SQLiteStore)
    finally:
        store.close()


# -- error mapping --------------------------------------------------------------------------
def _server_error(code: str, message: str = "boom") -> Neo4jError:
    # how the driver builds errors it receives from the server
    return Neo4jError._hydrate_neo4j(code=code, message=message)


@pytest.mark.parametrize(
    ("exc", "expected_type", "fragment"),
    [
        (ServiceUnavailable("Couldn't connect to localhost:7687"), StoreUnavailable, "docker compose up -d"),
        (SessionExpired("gone"), StoreUnavailable, "cannot reach Neo4j"),
        (_server_error("Neo.ClientError.Security.Unauthorized"), StoreUnavailable, "NEO4J_PASSWORD"),
        (_server_error("Neo.ClientError.Database.DatabaseNotFound"), StoreUnavailable, "NEO4J_DATABASE"),
        (_server_error("Neo.TransientError.Transaction.DeadlockDetected"), StoreError, "run the command again"),
        (_server_error("Neo.ClientError.Schema.ConstraintValidationFailed"), StoreError, "ConstraintValidationFailed"),
        (_server_error("Neo.DatabaseError.General.UnknownError"), StoreError, "Neo4j error"),
        (neo4j.exceptions.ConfigurationError("bad scheme"), StoreUnavailable, "connection settings"),
    ],
)
def test_driver_errors_map_to_relgraph_errors(exc: Exception, expected_type: type, fragment: str) -> None:
    err = map_driver_error(exc, SETTINGS, "reading")
    assert type(err) is expected_type
    assert fragment in str(err)
    assert "\n" not in str(err)


def test_transient_error_is_not_reported_as_unavailable() -> None:
    err = map_driver_error(_server_error("Neo.TransientError.General.OutOfMemoryError"), SETTINGS)
    assert not isinstance(err, StoreUnavailable)


def test_password_is_scrubbed_from_error_messages() -> None:
    exc = ServiceUnavailable(f"failed for neo4j://neo4j:{PW}@localhost:7687\nsecond line")
    err = map_driver_error(exc, SETTINGS)
    assert PW not in str(err) and "***" in str(err)
    auth = map_driver_error(_server_error("Neo.ClientError.Security.Unauthorized", f"bad {PW}"), SETTINGS)
    assert PW not in str(auth)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_server_real_driver_one_line_no_password() -> None:
    port = _free_port()  # nothing listens there
    with pytest.raises(StoreUnavailable) as ei:
        open_store(f"bolt://neo4j:{PW}@127.0.0.1:{port}")
    msg = str(ei.value)
    assert "\n" not in msg and PW not in msg
    assert f"127.0.0.1:{port}" in msg and "docker compose up -d" in msg


def test_cli_unreachable_server_exit_2(monkeypatch: pytest.MonkeyPatch) -> None:
    port = _free_port()
    monkeypatch.setenv("NEO4J_PASSWORD", PW)
    monkeypatch.setenv("NEO4J_URI", f"neo4j://127.0.0.1:{port}")
    res = CliRunner().invoke(main, ["--store", "neo4j", "status"])
    assert res.exit_code == 2
    out = res.output.strip()
    assert out.startswith("error: cannot reach Neo4j") and len(out.splitlines()) == 1
    assert PW not in res.output


class _RejectingBoltServer:
    """A minimal Bolt 4.4 server on loopback that answers every HELLO with the FAILURE a
    Neo4j server sends for bad credentials (Neo.ClientError.Security.Unauthorized), so the
    real driver's wrong-password path can be exercised without Neo4j. Serves at most
    ``max_connections`` connections, each with a 5 s timeout."""

    def __init__(self, max_connections: int = 4):
        import threading

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.sock.settimeout(5)
        self.port = self.sock.getsockname()[1]
        self.hellos: list[bytes] = []
        self._n = max_connections
        self._t = threading.Thread(target=self._serve, daemon=True)
        self._t.start()

    @staticmethod
    def _str(s: str) -> bytes:  # PackStream string (< 256 bytes)
        b = s.encode()
        return (bytes([0x80 + len(b)]) if len(b) < 16 else b"\xd0" + bytes([len(b)])) + b

    def _failure(self) -> bytes:
        body = (b"\xb1\x7f\xa2" + self._str("code") + self._str("Neo.ClientError.Security.Unauthorized")
                + self._str("message") + self._str("The client is unauthorized due to authentication failure."))
        return len(body).to_bytes(2, "big") + body + b"\x00\x00"

    @staticmethod
    def _read(c: socket.socket, n: int) -> bytes:
        buf = b""
        while len(buf) < n:
            d = c.recv(n - len(buf))
            if not d:
                raise EOFError
            buf += d
        return buf

    def _serve(self) -> None:
        for _ in range(self._n):
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(5)
                try:
                    assert self._read(conn, 4) == b"\x60\x60\xb0\x17"  # Bolt magic
                    self._read(conn, 16)  # four version proposals
                    conn.sendall(b"\x00\x00\x04\x04")  # agree on Bolt 4.4
                    msg = b""
                    while (size := int.from_bytes(self._read(conn, 2), "big")) != 0:
                        msg += self._read(conn, size)
                    self.hellos.append(msg)
                    conn.sendall(self._failure())
                    conn.recv(1024)  # wait for the driver to hang up
                except (OSError, EOFError, AssertionError):
                    pass

    def close(self) -> None:
        self.sock.close()


@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
def test_wrong_password_real_driver_one_line_no_password(scheme: str) -> None:
    server = _RejectingBoltServer()
    try:
        settings = Neo4jSettings.from_env(f"{scheme}://127.0.0.1:{server.port}",
                                          env={"NEO4J_PASSWORD": PW, "NEO4J_USERNAME": "auditor"})
        with pytest.raises(StoreUnavailable) as ei:
            Neo4jStore(settings)
    finally:
        server.close()
    msg = str(ei.value)
    assert "rejected the credentials of user 'auditor'" in msg
    assert "\n" not in msg and PW not in msg
    # the driver did send the password to the server (HELLO), it just never reaches output
    assert server.hellos and PW.encode() in server.hellos[0]


def test_cli_wrong_password_exit_2(monkeypatch: pytest.MonkeyPatch) -> None:
    server = _RejectingBoltServer()
    monkeypatch.setenv("NEO4J_PASSWORD", PW)
    try:
        res = CliRunner().invoke(main, ["--store", f"bolt://127.0.0.1:{server.port}", "status"])
    finally:
        server.close()
    assert res.exit_code == 2
    assert res.output.strip().startswith("error: Neo4j at bolt://127.0.0.1:")
    assert len(res.output.strip().splitlines()) == 1 and PW not in res.output


# -- the store against a recording fake driver ------------------------------------------------
class FakeRecord:
    def __init__(self, d: dict[str, Any]):
        self._d = d

    def data(self) -> dict[str, Any]:
        return dict(self._d)

    def __getitem__(self, k: str) -> Any:
        return self._d[k]


class FakeResult:
    def __init__(self, rows: list[dict[str, Any]]):
        self._rows = rows

    def __iter__(self):  # type: ignore[no-untyped-def]
        return (FakeRecord(r) for r in self._rows)

    def single(self) -> FakeRecord | None:
        return FakeRecord(self._rows[0]) if self._rows else None

    def consume(self) -> None:
        return None


NAMES = {load_query(n).text: n for n in query_names()}


class FakeTx:
    def __init__(self, driver: FakeDriver, kind: str):
        self.driver = driver
        self.kind = kind

    def run(self, query: str, params: dict[str, Any] | None = None) -> FakeResult:
        name = NAMES.get(query, "schema-statement" if query.startswith("CREATE ") else "?")
        self.driver.log.append((self.kind, name, params or {}))
        return FakeResult(self.driver.answer(name, params or {}))

    def commit(self) -> None:
        self.driver.log.append((self.kind, "COMMIT", {}))

    def rollback(self) -> None:
        self.driver.log.append((self.kind, "ROLLBACK", {}))


class FakeSession:
    def __init__(self, driver: FakeDriver, mode: str):
        self.driver = driver
        self.mode = mode

    def __enter__(self) -> FakeSession:
        return self

    def __exit__(self, *a: object) -> None:
        self.close()

    def close(self) -> None:
        pass

    def execute_read(self, fn):  # type: ignore[no-untyped-def]
        assert self.mode == neo4j.READ_ACCESS
        return fn(FakeTx(self.driver, "read"))

    def execute_write(self, fn):  # type: ignore[no-untyped-def]
        assert self.mode == neo4j.WRITE_ACCESS
        return fn(FakeTx(self.driver, "write"))

    def begin_transaction(self) -> FakeTx:
        self.driver.log.append(("explicit", "BEGIN", {}))
        return FakeTx(self.driver, "explicit")


class FakeDriver:
    """Answers each named query with canned rows; the store's logic is what is tested."""

    def __init__(self, edges: list[dict[str, Any]] | None = None, missing: list[str] | None = None):
        self.log: list[tuple[str, str, dict[str, Any]]] = []
        self.edges = edges or []
        self.missing = missing or []
        self.closed = False

    def session(self, database: str | None = None, default_access_mode: str = "") -> FakeSession:
        return FakeSession(self, default_access_mode)

    def close(self) -> None:
        self.closed = True

    def answer(self, name: str, p: dict[str, Any]) -> list[dict[str, Any]]:
        if name == "schema_version":
            return [{"version": p["version"]}]
        if name == "add_edges":
            return [{"added": len(p["rows"]) - len(self.missing), "missing": self.missing}]
        if name in ("upsert_units", "upsert_people"):
            return [{"n": len(p["rows"])}]
        if name == "edges_page":
            after = (p["after_at"], p["after_id"], p["after_target"])
            rows = [e for e in self.edges if (e["at"], e["interaction_id"], e["target"]) > after]
            return rows[: p["limit"]]
        if name == "ties":
            return [
                {"source": "b", "target": "a", "n": 1, "strength": 1.0, "first_at": 5, "last_at": 5},
                {"source": "a", "target": "é", "n": 2, "strength": 0.5, "first_at": 1, "last_at": 2},
                {"source": "a", "target": "b", "n": 3, "strength": 2, "first_at": 1, "last_at": 9},
            ]
        return []

    def names(self, kind: str | None = None) -> list[str]:
        return [n for k, n, _ in self.log if kind is None or k == kind]


def _org(tmp: Path) -> Path:
    d = tmp / "org"
    d.mkdir()
    (d / "units.csv").write_text("id,name,kind,parent\nit,IT,it,\nfin,Finance,business,\n")
    (d / "people.csv").write_text(
        "id,name,title,unit,level,email\na,Ann,CIO,it,executive,\nb,Bo,CFO,fin,executive,\n")
    (d / "interactions.csv").write_text(
        "id,source,targets,timestamp,channel,weight,duration_minutes\n"
        "m1,a,b,2026-05-04T09:00:00+00:00,meeting,,30\n"
        "e1,b,a,2026-05-05T09:00:00+00:00,email,2,\n")
    return d


def test_ingest_runs_in_one_explicit_transaction(tmp_path: Path) -> None:
    drv = FakeDriver()
    store = Neo4jStore(SETTINGS, driver=drv)
    report = ingest(store, [_org(tmp_path)])
    assert report.interactions == 2
    names = drv.names()
    # schema first (8 statements + version), each in its own managed write transaction
    assert names[:9] == ["schema-statement"] * 8 + ["schema_version"]
    assert all(k == "write" for k, _, _ in drv.log[:9])
    # then everything in one explicit transaction, committed once
    rest = drv.log[9:]
    assert rest[0][:2] == ("explicit", "BEGIN")
    assert rest[-1][:2] == ("explicit", "COMMIT")
    assert {k for k, _, _ in rest} == {"explicit"}
    assert [n for _, n, _ in rest].count("COMMIT") == 1
    (edges_call,) = [p for _, n, p in rest if n == "add_edges"]
    assert [r["key"] for r in edges_call["rows"]] == ["m1;b", "e1;a"]
    assert edges_call["rows"][1]["weight"] == 2.0 and edges_call["rows"][0]["duration"] == 30.0


def test_failed_ingest_rolls_back(tmp_path: Path) -> None:
    d = _org(tmp_path)
    (d / "interactions.csv").write_text(
        "id,source,targets,timestamp,channel\nx1,a,nobody,2026-05-04T09:00:00Z,meeting\n")
    drv = FakeDriver()
    with pytest.raises(InputError):
        ingest(Neo4jStore(SETTINGS, driver=drv), [d])
    assert "ROLLBACK" in drv.names() and "COMMIT" not in drv.names()


def test_writes_outside_a_transaction_are_managed_and_batched() -> None:
    drv = FakeDriver()
    store = Neo4jStore(SETTINGS, driver=drv, write_batch=2)
    store.init()
    drv.log.clear()
    n = store.add_edges(_edge(i) for i in range(5))
    assert n == 5
    calls = [(k, len(p["rows"])) for k, name, p in drv.log if name == "add_edges"]
    assert calls == [("write", 2), ("write", 2), ("write", 1)]
    store.upsert_units([Unit(id="it", name="IT", kind=UnitKind.IT)])
    store.upsert_people([Person(id="a", name="A", unit="it", level=Level.STAFF)])
    store.save_audit(AuditRecord(id="q1", as_of=10, window_days=90, payload="{}"))
    assert {k for k, _, _ in drv.log} == {"write"}


def test_missing_people_fail_add_edges() -> None:
    drv = FakeDriver(missing=["i1;zz"])
    store = Neo4jStore(SETTINGS, driver=drv)
    with pytest.raises(StoreError, match="i1;zz"):
        store.add_edges([_edge(1)])


def test_reads_are_routed_to_readers_and_ties_sorted() -> None:
    drv = FakeDriver()
    store = Neo4jStore(SETTINGS, driver=drv)
    ties = list(store.ties(0, 10, as_of=10, half_life_days=30, channel_weights={}))
    assert [(t.source, t.target) for t in ties] == [("a", "b"), ("a", "é"), ("b", "a")]
    assert ties[0].strength == 2.0 and isinstance(ties[0].strength, float)
    assert drv.log[-1][:2] == ("read", "ties")
    assert set(drv.log[-1][2]) == {"start", "end", "as_of", "rate", "channel_weights"}


def test_edges_are_paged_with_a_keyset_cursor() -> None:
    edges = sorted(
        ({"interaction_id": f"i{i}", "source": "a", "target": t, "at": 100 + i // 2,
          "channel": "chat", "weight": 1, "duration": None} for i in range(5) for t in ("b", "c")),
        key=lambda e: (e["at"], e["interaction_id"], e["target"]),
    )
    drv = FakeDriver(edges=edges)
    store = Neo4jStore(SETTINGS, driver=drv, read_page=4)
    got = list(store.edges(0, 1000))
    assert [(e.interaction_id, e.target) for e in got] == [
        (e["interaction_id"], e["target"]) for e in edges]
    pages = [p for _, n, p in drv.log if n == "edges_page"]
    # 10 edges in pages of 4 -> 4 + 4 + 2 (the short page ends the scan)
    assert len(pages) == 3
    assert (pages[0]["after_at"], pages[0]["after_id"], pages[0]["after_target"]) == (-1, "", "")
    assert (pages[1]["after_at"], pages[1]["after_id"], pages[1]["after_target"]) == (
        edges[3]["at"], edges[3]["interaction_id"], edges[3]["target"])
    assert got[0].weight == 1.0 and isinstance(got[0].weight, float)


def test_store_refuses_a_newer_schema() -> None:
    class NewerDriver(FakeDriver):
        def answer(self, name: str, p: dict[str, Any]) -> list[dict[str, Any]]:
            return [{"version": 99}] if name == "schema_version" else super().answer(name, p)

    with pytest.raises(StoreError, match="schema version 99"):
        Neo4jStore(SETTINGS, driver=NewerDriver()).init()
