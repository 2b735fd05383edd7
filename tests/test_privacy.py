"""Issue 11, item 6: privacy that holds.

Keyed pseudonyms (a per-store secret created with the store, shown nowhere,
overridable by RELGRAPH_PSEUDONYM_KEY, stable across audits), owner-only permissions
for the store and every output file, and the minimum group size on the audit's
fragile-bridge evidence.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_neo4j_unit import SETTINGS, FakeDriver

from relgraph.cli import main
from relgraph.pseudonyms import pseudonym
from relgraph.store import SQLiteStore
from relgraph.store.neo4j import Neo4jStore

ORG = Path(__file__).resolve().parent / "data" / "small_org"


def cli(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env)


def _store(tmp: Path, name: str = "r.db") -> Path:
    db = tmp / name
    r = cli("--store", str(db), "ingest", str(ORG))
    assert r.exit_code == 0, r.output
    return db


def _pseudonyms(db: Path, *extra: str, env: dict[str, str] | None = None) -> list[str]:
    r = cli("--store", str(db), "audit", "--pseudonymize", "--no-save", "--fail-on", "never",
            "--format", "json", *extra, env=env)
    assert r.exit_code == 0, r.output
    return sorted({p for f in json.loads(r.output)["findings"] for p in f["people"]})


def test_pseudonyms_are_keyed_by_the_store(tmp_path: Path) -> None:
    a = _store(tmp_path, "a.db")
    b = _store(tmp_path, "b.db")
    first, again = _pseudonyms(a), _pseudonyms(a)
    assert first and first == again                      # stable across audits of a store
    assert set(first).isdisjoint(_pseudonyms(b))          # another store, other pseudonyms
    unkeyed = {pseudonym(p) for p in ("ceo", "cfo", "coo", "cio", "itpm", "opsdir")}
    assert unkeyed.isdisjoint(first)                      # not recomputable from the ids
    key = SQLiteStore(a).pseudonym_key()
    assert key and len(key) == 64 and pseudonym("cfo", key) in first
    # RELGRAPH_PSEUDONYM_KEY overrides the stored key
    forced = _pseudonyms(a, env={"RELGRAPH_PSEUDONYM_KEY": "k" * 40})
    assert pseudonym("cfo", "k" * 40) in forced and set(forced).isdisjoint(first)


def test_the_key_is_never_shown(tmp_path: Path) -> None:
    db = _store(tmp_path)
    key = SQLiteStore(db).pseudonym_key()
    assert key
    outputs = []
    for args in (["status", "--format", "json"], ["status"], ["config", "show"],
                 ["audit", "--pseudonymize", "--fail-on", "never", "--out", str(tmp_path / "a")],
                 ["map", "--pseudonymize", "--out", str(tmp_path / "m")],
                 ["analyze", "--format", "json"], ["audits", "--format", "json"]):
        r = cli("--store", str(db), *args)
        assert r.exit_code == 0, (args, r.output)
        outputs.append(r.output)
    files = "".join(p.read_text(encoding="utf-8") for d in ("a", "m")
                    for p in (tmp_path / d).rglob("*") if p.is_file())
    assert key not in "".join(outputs) + files
    # the maps use the store's key too: no raw id, no unkeyed pseudonym
    people = (tmp_path / "m" / "people.html").read_text(encoding="utf-8")
    assert pseudonym("cfo", key) in people and pseudonym("cfo") not in people
    assert not re.search(r"Ben Money", people)


def test_read_only_store_without_a_key_needs_the_environment(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    SQLiteStore(db).close()
    import sqlite3

    con = sqlite3.connect(db)  # a store created before keyed pseudonyms: no key yet
    con.execute("DROP TABLE relgraph_secrets")
    con.commit()
    con.close()
    store = SQLiteStore(db, create=False)
    store.read_only = True  # as when the file is not writable (see test_hardening)
    from relgraph.errors import UsageError
    from relgraph.pseudonyms import pseudonym_key

    with pytest.raises(UsageError, match="RELGRAPH_PSEUDONYM_KEY"):
        pseudonym_key(store)
    os.environ["RELGRAPH_PSEUDONYM_KEY"] = "from-env"
    try:
        assert pseudonym_key(store) == "from-env"
    finally:
        del os.environ["RELGRAPH_PSEUDONYM_KEY"]
    store.read_only = False
    assert len(pseudonym_key(store)) == 64  # a writable old store gets its key on first use


def _modes(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): oct(stat.S_IMODE(p.stat().st_mode))
            for p in sorted(root.rglob("*"))}


def test_everything_relgraph_writes_is_owner_only(tmp_path: Path) -> None:
    old = os.umask(0o022)  # the usual umask: world-readable by default
    try:
        work = tmp_path / "w"
        work.mkdir()
        db = work / "store" / "r.db"
        bad = tmp_path / "bad"
        bad.mkdir()
        (bad / "people.csv").write_text((ORG / "people.csv").read_text() + "zz,Z,T,nounit,staff,\n")
        for args in (["ingest", str(ORG)],
                     ["ingest", "--skip-invalid", "--rejects", str(work / "rej" / "rejects.csv"),
                      str(bad)],
                     ["audit", "--fail-on", "never", "--out", str(work / "audit")],
                     ["map", "--out", str(work / "maps")]):
            r = cli("--store", str(db), *args)
            assert r.exit_code == 0, (args, r.output)
        modes = _modes(work)
        assert "rej/rejects.csv" in modes and "audit/report.md" in modes
        assert "maps/people.html" in modes and "store/r.db" in modes
        for path, mode in modes.items():
            expected = "0o700" if (work / path).is_dir() else "0o600"
            assert mode == expected, (path, mode)
        # asked otherwise: the user's umask
        r = cli("--permissions", "umask", "--store", str(db), "audit", "--fail-on", "never",
                "--no-save", "--out", str(tmp_path / "shared"))
        assert r.exit_code == 0, r.output
        assert _modes(tmp_path / "shared")["report.md"] == "0o644"
    finally:
        os.umask(old)


def test_neo4j_store_creates_its_key_at_init() -> None:
    class KeyDriver(FakeDriver):
        def answer(self, name, p):  # type: ignore[no-untyped-def]
            if name == "pseudonym_key":
                return [{"secret": "stored-secret"}]
            return super().answer(name, p)

    drv = KeyDriver()
    store = Neo4jStore(SETTINGS, driver=drv)
    store.init()
    calls = [p for _, n, p in drv.log if n == "pseudonym_key"]
    assert len(calls) == 1 and len(calls[0]["secret"]) == 64  # a fresh random key offered
    assert store.pseudonym_key() == "stored-secret"            # the stored one wins
    assert "stored-secret" not in repr(store) and "stored-secret" not in store.location


def test_small_vendor_figures_are_suppressed_in_every_audit_output(tmp_path: Path) -> None:
    """CloudCo (tests/data/small_org) has one person: its fragile-bridge finding must not
    show the vendor's tie count or strength (10.805) under --min-group-size 5."""
    db = _store(tmp_path)
    shown = {}
    for mgs in ("0", "5"):
        out = tmp_path / f"a{mgs}"
        r = cli("--store", str(db), "audit", "--no-save", "--fail-on", "never",
                "--min-group-size", mgs, "--out", str(out))
        assert r.exit_code == 0, r.output
        doc = json.loads((out / "findings.json").read_text(encoding="utf-8"))
        (f,) = [f for f in doc["findings"] if f["id"] == "fragile-bridge:vcloud"]
        # report.html's charts: test_report_charts_respect_the_minimum_group_size
        texts = "".join((out / n).read_text(encoding="utf-8") for n in ("report.md", "metrics.csv"))
        shown[mgs] = (f["evidence"], texts)
    assert shown["0"][0]["strength"] == 10.805 and shown["0"][0]["ties"] == 1
    assert "10.8" in shown["0"][1] or "10.805" in json.dumps(shown["0"][0])
    ev5, texts5 = shown["5"]
    assert "strength" not in ev5 and "ties" not in ev5 and ev5["org_contacts"] == 1
    assert ev5["unit_figures"].startswith("suppressed")
    assert "10.8" not in texts5 and "Every one of the 1 ties" not in texts5


def test_report_charts_respect_the_minimum_group_size(tmp_path: Path) -> None:
    """report.html's SVG charts get data that already respects --min-group-size: CloudCo
    (one person, IT engagement 10.805 by hand: its one tie) is drawn on the stakeholder grid
    and the unit map only with 0; with 5 it is listed as not shown and no 10.8 appears
    anywhere in report.html (nor in the plan block of findings.json)."""
    db = _store(tmp_path)
    html = {}
    for mgs in ("0", "5"):
        out = tmp_path / f"h{mgs}"
        r = cli("--store", str(db), "audit", "--no-save", "--fail-on", "never",
                "--min-group-size", mgs, "--out", str(out))
        assert r.exit_code == 0, r.output
        html[mgs] = (out / "report.html").read_text(encoding="utf-8")
        doc = json.loads((out / "findings.json").read_text(encoding="utf-8"))
        (cloud,) = [g for g in doc["plan"]["grid"] if g["stakeholder"] == "unit:vcloud"]
        assert cloud["engagement"] == ("suppressed" if mgs == "5" else 10.805)
        assert (cloud["power"] == "suppressed") == (mgs == "5")
    assert "CloudCo (10.81)" in html["0"] and "CloudCo: power" in html["0"]
    assert "Not shown" not in html["0"]
    svg5 = "".join(re.findall(r"<svg.*?</svg>", html["5"], flags=re.S))
    assert "10.8" not in html["5"] and "10.8" in html["0"] and "CloudCo" not in svg5
    assert "proposed; figures not shown: fewer than 5 people" in html["5"]
    assert "Not shown: 1 unit with fewer than 5 people (CloudCo)." in html["5"]
    # the unit map draws no small unit (disc size = headcount, line width = strength)
    assert re.search(r"Not shown: \d units with fewer than 5 people \([^)]*CloudCo", html["5"])
    # heatmap: small units together under 5 people are grey ("not shown"), never a figure
    assert re.search(r"<title>[^<]*fewer than 5 people × [^<]*fewer than 5 people: not shown<",
                     svg5)
