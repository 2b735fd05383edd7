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
    # schema.cypher: 6 uniqueness constraints + 4 indexes, comment lines excluded
    assert len(stmts) == 10
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


# -- a minimal Bolt 4.4 server on loopback ---------------------------------------------------
# Enough of the protocol (https://neo4j.com/docs/bolt/current/) for the real driver to
# authenticate (or be refused), begin/commit/roll back transactions and pull records, so the
# store's use of the real driver API is exercised without Neo4j. It runs no Cypher: answers
# come from FakeDriver.answer below, keyed by the query file's name.
def _ps_encode(v: Any) -> bytes:
    """PackStream encoding of None, bool, int, float, str, list, dict."""
    import struct

    if v is None:
        return b"\xc0"
    if v is True or v is False:
        return b"\xc3" if v else b"\xc2"
    if isinstance(v, int):
        if -16 <= v < 128:
            return struct.pack(">b", v)
        return b"\xcb" + struct.pack(">q", v)
    if isinstance(v, float):
        return b"\xc1" + struct.pack(">d", v)
    if isinstance(v, str):
        b = v.encode()
        return _ps_size(len(b), 0x80, 0xD0) + b
    if isinstance(v, list | tuple):
        return _ps_size(len(v), 0x90, 0xD4) + b"".join(_ps_encode(x) for x in v)
    if isinstance(v, dict):
        return _ps_size(len(v), 0xA0, 0xD8) + b"".join(
            _ps_encode(k) + _ps_encode(x) for k, x in v.items())
    raise TypeError(type(v))


def _ps_size(n: int, tiny: int, sized: int) -> bytes:
    if n < 16:
        return bytes([tiny + n])
    for i, width in enumerate((1, 2, 4)):
        if n < 256 ** width:
            return bytes([sized + i]) + n.to_bytes(width, "big")
    raise ValueError(n)


def _ps_decode(b: bytes, i: int = 0) -> tuple[Any, int]:
    import struct

    m = b[i]
    i += 1
    if m < 0x80:
        return m, i
    if m >= 0xF0:
        return m - 256, i
    if m == 0xC0:
        return None, i
    if m in (0xC2, 0xC3):
        return m == 0xC3, i
    if m == 0xC1:
        return struct.unpack(">d", b[i:i + 8])[0], i + 8
    if 0xC8 <= m <= 0xCB:
        w = 1 << (m - 0xC8)
        return int.from_bytes(b[i:i + w], "big", signed=True), i + w

    def size(tiny: int, sized: int) -> tuple[int, int] | None:
        if tiny <= m < tiny + 16:
            return m - tiny, i
        if sized <= m < sized + 3:
            w = 1 << (m - sized)
            return int.from_bytes(b[i:i + w], "big"), i + w
        return None

    if (s := size(0x80, 0xD0)) is not None:
        n, j = s
        return b[j:j + n].decode(), j + n
    if (s := size(0x90, 0xD4)) is not None:
        n, j = s
        out = []
        for _ in range(n):
            x, j = _ps_decode(b, j)
            out.append(x)
        return out, j
    if (s := size(0xA0, 0xD8)) is not None:
        n, j = s
        d = {}
        for _ in range(n):
            k, j = _ps_decode(b, j)
            d[k], j = _ps_decode(b, j)
        return d, j
    if 0xB0 <= m < 0xC0:  # struct: size, signature, fields
        sig = b[i]
        j = i + 1
        fields = []
        for _ in range(m - 0xB0):
            x, j = _ps_decode(b, j)
            fields.append(x)
        return (sig, fields), j
    raise ValueError(f"marker {m:#x}")


class _FakeBoltServer:
    """Bolt 4.4 on 127.0.0.1 for the real driver. ``reject=True`` answers HELLO with the
    FAILURE Neo4j sends for bad credentials. Otherwise it logs every BEGIN (with its access
    mode), RUN (query name, parameters), COMMIT and ROLLBACK in ``log`` and answers RUN
    with ``answer(name, params)``. At most ``max_connections`` connections, 10 s timeouts."""

    def __init__(self, reject: bool = False, answer: Any = None, max_connections: int = 8):
        import threading

        self.reject = reject
        self.answer = answer
        self.log: list[tuple[str, Any]] = []
        self.hellos: list[dict[str, Any]] = []
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(10)
        self.port = self.sock.getsockname()[1]
        self._n = max_connections
        self._threading = threading
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        self.sock.close()

    def _accept(self) -> None:
        for _ in range(self._n):
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self._threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    @staticmethod
    def _read(c: socket.socket, n: int) -> bytes:
        buf = b""
        while len(buf) < n:
            d = c.recv(n - len(buf))
            if not d:
                raise EOFError
            buf += d
        return buf

    def _recv(self, c: socket.socket) -> tuple[int, list[Any]]:
        msg = b""
        while (n := int.from_bytes(self._read(c, 2), "big")) != 0:
            msg += self._read(c, n)
        (sig, fields), _ = _ps_decode(msg)
        return sig, fields

    @staticmethod
    def _send(c: socket.socket, sig: int, *fields: Any) -> None:
        body = bytes([0xB0 + len(fields), sig]) + b"".join(_ps_encode(f) for f in fields)
        c.sendall(len(body).to_bytes(2, "big") + body + b"\x00\x00")

    def _serve(self, c: socket.socket) -> None:
        success, record, failure = 0x70, 0x71, 0x7F
        with c:
            c.settimeout(10)
            try:
                assert self._read(c, 4) == b"\x60\x60\xb0\x17"  # Bolt magic
                self._read(c, 16)  # four version proposals
                c.sendall(b"\x00\x00\x04\x04")  # agree on Bolt 4.4
                pending: list[dict[str, Any]] = []
                while True:
                    sig, f = self._recv(c)
                    if sig == 0x01:  # HELLO
                        self.hellos.append(f[0])
                        if self.reject:
                            self._send(c, failure, {
                                "code": "Neo.ClientError.Security.Unauthorized",
                                "message": "The client is unauthorized due to authentication failure."})
                            continue
                        self._send(c, success, {"server": "Neo4j/4.4.0", "connection_id": "bolt-1"})
                    elif sig == 0x02:  # GOODBYE
                        return
                    elif sig == 0x11:  # BEGIN
                        self.log.append(("BEGIN", f[0].get("mode", "w")))
                        self._send(c, success, {})
                    elif sig == 0x10:  # RUN
                        name = NAMES.get(f[0], "schema-statement" if f[0].startswith("CREATE ") else "?")
                        self.log.append(("RUN", (name, f[1])))
                        pending = self.answer(name, f[1])
                        fields = list(pending[0]) if pending else []
                        self._send(c, success, {"fields": fields, "t_first": 0})
                    elif sig in (0x3F, 0x2F):  # PULL / DISCARD
                        if sig == 0x3F:
                            for row in pending:
                                self._send(c, record, list(row.values()))
                        pending = []
                        self._send(c, success, {"has_more": False, "t_last": 0, "db": "neo4j"})
                    elif sig in (0x12, 0x13):  # COMMIT / ROLLBACK
                        self.log.append(("COMMIT" if sig == 0x12 else "ROLLBACK", None))
                        self._send(c, success, {"bookmark": "bm:1"} if sig == 0x12 else {})
                    elif sig == 0x0F:  # RESET
                        self._send(c, success, {})
                    else:
                        self._send(c, failure, {"code": "Neo.ClientError.Request.Invalid",
                                                "message": f"fake server: message {sig:#x}"})
            except (OSError, EOFError, AssertionError, ValueError):
                return

    def names(self) -> list[str]:
        return [e[1][0] if e[0] == "RUN" else e[0] for e in self.log]


@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
def test_wrong_password_real_driver_one_line_no_password(scheme: str) -> None:
    server = _FakeBoltServer(reject=True)
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
    assert server.hellos and server.hellos[0]["credentials"] == PW


def test_cli_wrong_password_exit_2(monkeypatch: pytest.MonkeyPatch) -> None:
    server = _FakeBoltServer(reject=True)
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
        if name == "status":
            return [{"units": 2, "people": 2, "audits": 0, "edges": 2, "interactions": 2,
                     "first_at": 1_777_885_200, "last_at": 1_777_971_600}]
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
    # schema first (10 statements + version), each in its own managed write transaction
    assert names[:11] == ["schema-statement"] * 10 + ["schema_version"]
    assert all(k == "write" for k, _, _ in drv.log[:11])
    # then everything in one explicit transaction, committed once
    rest = drv.log[11:]
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


def runs_of(server: Any, name: str) -> list[dict[str, Any]]:
    return [e[1][1] for e in server.log if e[0] == "RUN" and e[1][0] == name]


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


# -- the store through the real driver, against the fake Bolt server ---------------------------
def _real_store(server: _FakeBoltServer) -> Neo4jStore:
    return Neo4jStore(Neo4jSettings.from_env(f"bolt://127.0.0.1:{server.port}",
                                             env={"NEO4J_PASSWORD": PW}))


def test_real_driver_ingest_is_one_transaction_and_reads_are_read_mode(tmp_path: Path) -> None:
    server = _FakeBoltServer(answer=FakeDriver().answer)
    try:
        store = _real_store(server)
        try:
            report = ingest(store, [_org(tmp_path)])
            ties = list(store.ties(0, 2_000_000_000, as_of=2_000_000_000, half_life_days=30,
                                   channel_weights={"meeting": 2.0}))
            st = store.status()
        finally:
            store.close()
    finally:
        server.close()
    assert report.interactions == 2 and report.edges_added == 2
    names = server.names()
    # schema: every statement and the version in its own write transaction
    assert names[:33] == ["BEGIN", "schema-statement", "COMMIT"] * 10 + ["BEGIN", "schema_version", "COMMIT"]
    # the ingest: one write transaction holding every write, committed once
    i = names.index("upsert_units")
    begin = max(j for j in range(i) if names[j] == "BEGIN")
    commit = names.index("COMMIT", i)
    assert names[begin + 1:commit] == ["unit_ids", "person_ids", "last_at", "upsert_units",
                                       "upsert_people", "edges_by_ids", "add_edges"]
    # the ids of the records are looked up inside the ingest's transaction (one id, one
    # interaction: relgraph.idcheck)
    assert runs_of(server, "edges_by_ids")[0]["ids"] == ["e1", "m1"]
    assert server.log[begin] == ("BEGIN", "w")
    runs = {e[1][0]: e[1][1] for e in server.log if e[0] == "RUN"}
    assert [r["key"] for r in runs["add_edges"]["rows"]] == ["m1;b", "e1;a"]
    assert runs["add_edges"]["rows"][0]["duration"] == 30.0
    assert runs["upsert_people"]["rows"][0] == {"id": "a", "name": "Ann", "title": "CIO", "unit": "it",
                                                "level": "executive", "email": None, "aliases": []}
    # reads run in read-mode transactions (routed to readers in a cluster)
    t = names.index("ties")
    assert server.log[t - 1] == ("BEGIN", "r")
    p = runs["ties"]
    assert p["channel_weights"]["meeting"] == 2.0 and p["channel_weights"]["chat"] == 1.0
    assert p["rate"] == pytest.approx(-math.log(2) / (30 * 86400))
    # records came back through the driver, typed and ordered
    assert [(x.source, x.target, x.count) for x in ties] == [("a", "b", 3), ("a", "é", 2), ("b", "a", 1)]
    assert (st.units, st.edges, st.first_at) == (2, 2, 1_777_885_200)


def test_real_driver_failed_ingest_rolls_back(tmp_path: Path) -> None:
    d = _org(tmp_path)
    (d / "interactions.csv").write_text(
        "id,source,targets,timestamp,channel\nx1,a,nobody,2026-05-04T09:00:00Z,meeting\n")
    server = _FakeBoltServer(answer=FakeDriver().answer)
    try:
        store = _real_store(server)
        try:
            with pytest.raises(InputError):
                ingest(store, [d])
        finally:
            store.close()
    finally:
        server.close()
    names = server.names()
    last_begin = max(j for j, n in enumerate(names) if n == "BEGIN")
    assert "ROLLBACK" in names[last_begin:] and "COMMIT" not in names[last_begin:]
