"""``relgraph forget`` and ``relgraph prune`` end to end (SQLite), and the Neo4j store's
erasure queries against the fake driver of tests/test_neo4j_unit.py.

The contract on both stores is in tests/test_store_contract.py (Neo4j only with
NEO4J_URI). Here: after ``forget``, no output of analyze, audit or map may contain
the person's id, name, e-mail or pseudonym, and neither may the store file.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_neo4j_unit import SETTINGS, FakeDriver

from relgraph.cli import main
from relgraph.erasure import redact_payload
from relgraph.pseudonyms import pseudonym
from relgraph.store.base import ErasureEntry
from relgraph.store.neo4j import Neo4jStore

ORG = Path(__file__).resolve().parent / "data" / "small_org"
PERSON = "cfo"
NAME = "Ben Money"
EMAIL = "ben.money@corp.example"


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture()
def org(tmp_path: Path) -> Path:
    """The small org, with an e-mail address for the person to forget."""
    d = tmp_path / "org"
    shutil.copytree(ORG, d)
    people = d / "people.csv"
    text = people.read_text(encoding="utf-8")
    people.write_text(text.replace(f"{PERSON},{NAME},Chief Financial Officer,fin,executive,",
                                   f"{PERSON},{NAME},Chief Financial Officer,fin,executive,{EMAIL}"),
                      encoding="utf-8")
    return d


def _texts(root: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace")
                     for p in sorted(root.rglob("*")) if p.is_file())


def _mentions(text: str) -> list[str]:
    words = [PERSON, NAME, EMAIL, pseudonym(PERSON), pseudonym(PERSON, "s3cret")]
    return [w for w in words if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]


def test_after_forget_no_output_mentions_the_person(org: Path, tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    cfg = tmp_path / "relgraph.toml"
    cfg.write_text('[audit]\npseudonym_salt = "s3cret"\n', encoding="utf-8")
    assert cli("--store", str(db), "ingest", str(org)).exit_code == 0
    r = cli("--store", str(db), "audit", "--fail-on", "never", "--config", str(cfg))
    assert r.exit_code == 0, r.output
    before = cli("--store", str(db), "audit", "--no-save", "--fail-on", "never", "--format",
                 "json", "--config", str(cfg))
    assert _mentions(before.output)  # the person is in the audit before

    r = cli("--store", str(db), "forget", EMAIL)  # by e-mail address
    assert r.exit_code == 0, r.output
    assert r.output.startswith("removed 1 person(s), 73 edge(s)") and "1 saved audit(s) redacted" in r.output
    assert not _mentions(r.output)
    con = sqlite3.connect(db)
    (payload,) = con.execute("SELECT payload FROM audits").fetchone()
    con.close()
    assert json.loads(payload)["redacted"] is True and not _mentions(payload)

    outputs = []
    for args in (["analyze", "--format", "json"], ["analyze", "--section", "ties", "--format", "csv"],
                 ["status", "--format", "json"], ["audits"], ["erasures", "--format", "json"],
                 ["audit", "--fail-on", "never", "--out", str(tmp_path / "a"), "--config", str(cfg)],
                 ["audit", "--no-save", "--fail-on", "never", "--pseudonymize", "--out",
                  str(tmp_path / "p"), "--config", str(cfg)],
                 ["map", "--out", str(tmp_path / "m")]):
        r = cli("--store", str(db), *args)
        assert r.exit_code == 0, (args, r.output)
        outputs.append(r.output)
    written = _texts(tmp_path / "a") + _texts(tmp_path / "p") + _texts(tmp_path / "m")
    assert written and not _mentions("\n".join(outputs) + written)
    # nor does the store file: the deleted rows were overwritten, the WAL truncated
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("r.db*"))
    for w in (NAME, EMAIL):
        assert w.encode() not in raw


def test_forget_unknown_person_removes_nothing(org: Path, tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    assert cli("--store", str(db), "ingest", str(org)).exit_code == 0
    before = db.read_bytes()
    r = cli("--store", str(db), "forget", PERSON, "nobody")
    assert r.exit_code == 2 and "unknown person 'nobody'" in r.output
    assert db.read_bytes() == before
    assert cli("--store", str(db), "erasures").output.strip() == "no erasures logged"


def test_prune_dry_run_counts_then_removes(org: Path, tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    assert cli("--store", str(db), "ingest", str(org)).exit_code == 0
    con = sqlite3.connect(db)
    old = con.execute("SELECT COUNT(*) FROM edges WHERE at < 1780272000").fetchone()[0]  # 2026-06-01
    con.close()
    dry = cli("--store", str(db), "prune", "--before", "2026-06-01", "--dry-run", "--format", "json")
    assert dry.exit_code == 0 and json.loads(dry.output)[0]["edges"] == old > 0
    r = cli("--store", str(db), "prune", "--before", "2026-06-01")
    assert r.exit_code == 0 and f"removed {old} edge(s)" in r.output
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM edges WHERE at < 1780272000").fetchone()[0] == 0
    con.close()
    log = json.loads(cli("--store", str(db), "erasures", "--format", "json").output)
    assert [e["action"] for e in log] == ["prune"]
    for bad in ("9999-12-31", "0001-01-01", "soon"):
        r = cli("--store", str(db), "prune", "--before", bad)
        assert r.exit_code == 2 and "--before" in r.output


def test_redact_payload_drops_findings_and_scrubs_mentions() -> None:
    payload = json.dumps({"id": "a1", "findings": [
        {"id": "one-sided-relationship:coo:cfo", "people": ["coo", "cfo"], "title": "x"},
        {"id": "siloed-unit:fin", "people": [], "title": "Finance: Ben Money is the only link",
         "evidence": {"cfo": 3, "bridges": ["cfo", "cfo-office", "fin1"]}},
    ], "config": {"leadership": {"csuite_people": ["cfo"]}}})
    out = json.loads(redact_payload(payload, {"cfo"}, {"cfo", "Ben Money"}))
    assert out["redacted"] is True
    assert [f["id"] for f in out["findings"]] == ["siloed-unit:fin"]
    f = out["findings"][0]
    assert f["title"] == "Finance: [redacted] is the only link"
    assert f["evidence"] == {"[redacted]": 3, "bridges": ["[redacted]", "cfo-office", "fin1"]}
    assert out["config"]["leadership"]["csuite_people"] == ["[redacted]"]
    assert redact_payload(payload, {"ceo"}, {"ceo", "Ada Chief"}) is None  # no mention


# -- Neo4j store, fake driver: the queries, their parameters and the transaction --------------
class ErasureDriver(FakeDriver):
    def __init__(self, to_prune: int = 0) -> None:
        super().__init__()
        self.to_prune = to_prune

    def answer(self, name, p):  # type: ignore[no-untyped-def]
        if name == "forget_people":
            return [{"people": len(p["ids"]), "edges": 7}]
        if name == "prune_edges":
            n = min(self.to_prune, p["limit"])
            self.to_prune -= n
            return [{"deleted": n}]
        if name == "count_person_edges":
            return [{"edges": 7, "interactions": 5}]
        if name == "count_edges_before":
            return [{"edges": 12, "interactions": 9}]
        if name == "people":
            return [{"id": "b", "name": "Bo", "title": "CFO", "unit": "fin", "level": "executive",
                     "email": "bo@example.com"}]
        if name == "erasure_log":
            return [{"at": 5, "action": "prune", "counts": '{"edges": 3}'}]
        return super().answer(name, p)


def test_neo4j_forget_is_one_transaction_with_parameters_only() -> None:
    from relgraph.erasure import forget

    drv = ErasureDriver()
    store = Neo4jStore(SETTINGS, driver=drv)
    report = forget(store, ["bo@example.com"], now=100)
    assert (report.people, report.edges, report.interactions) == (1, 7, 5)
    explicit = [(n, p) for k, n, p in drv.log if k == "explicit"]
    assert [n for n, _ in explicit] == ["BEGIN", "forget_people", "log_erasure", "COMMIT"]
    assert explicit[1][1] == {"ids": ["b"]}
    log = explicit[2][1]
    assert log["at"] == 100 and log["action"] == "forget"
    assert json.loads(log["counts"]) == {"people": 1, "edges": 7, "audits_redacted": 0}
    assert "b" not in json.loads(log["counts"]).values() and "Bo" not in log["counts"]


def test_neo4j_prune_deletes_in_batches_inside_one_transaction() -> None:
    from relgraph.erasure import prune

    drv = ErasureDriver(to_prune=12)
    store = Neo4jStore(SETTINGS, driver=drv, write_batch=5)
    dry = prune(store, 1_780_272_000, dry_run=True)
    assert (dry.edges, dry.interactions) == (12, 9)
    assert "prune_edges" not in drv.names()
    done = prune(store, 1_780_272_000, now=1)
    assert done.edges == 12
    explicit = [(n, p) for k, n, p in drv.log if k == "explicit"]
    assert [n for n, _ in explicit] == ["BEGIN", "prune_edges", "prune_edges", "prune_edges",
                                        "log_erasure", "COMMIT"]
    assert explicit[1][1] == {"before": 1_780_272_000, "limit": 5}
    assert store.erasure_log() == [ErasureEntry(at=5, action="prune", counts={"edges": 3})]


def test_neo4j_erasure_outside_a_transaction_is_refused() -> None:
    from relgraph.errors import StoreError

    store = Neo4jStore(SETTINGS, driver=ErasureDriver())
    with pytest.raises(StoreError, match="inside a transaction"):
        store.forget_people(["b"])


def test_forget_removes_the_person_from_stored_plans(org: Path, tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    assert cli("--store", str(db), "ingest", str(org)).exit_code == 0
    plan = tmp_path / "plan.csv"
    plan.write_text("stakeholder,owner,cadence,importance,power,interest,notes\n"
                    f"{PERSON},cio,2w,5,5,4,Budget with {NAME}\n"
                    "ceo,cio,2w,5,5,5,Bi-weekly 1:1\n", encoding="utf-8")
    r = cli("--store", str(db), "plan", "import", str(plan))
    assert r.exit_code == 0, r.output
    r = cli("--store", str(db), "forget", PERSON)
    assert r.exit_code == 0 and "1 plan version(s)" in r.output, r.output
    shown = cli("--store", str(db), "plan", "show", "--format", "csv")
    assert shown.exit_code == 0, shown.output
    assert "ceo" in shown.output and not _mentions(shown.output)
    con = sqlite3.connect(db)
    (payload,) = con.execute("SELECT payload FROM plans").fetchone()
    con.close()
    assert not _mentions(payload) and json.loads(payload)["redacted"] is True
