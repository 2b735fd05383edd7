"""The relationship plan: CSV validation (file, line, field), both stores, versions, the CLI."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from orgdata import write_org

from relgraph.cli import main
from relgraph.errors import InputError
from relgraph.ingest import ingest
from relgraph.models import Level, Person, Unit, UnitKind
from relgraph.plan.reader import parse_plan, plan_csv
from relgraph.plan.run import current_plan, import_plan, plan_versions
from relgraph.store import SQLiteStore
from relgraph.store.base import EdgeRow, PlanRecord
from relgraph.store.neo4j import Neo4jStore, pair_edges_params

UNITS = [Unit(id="it", name="IT", kind=UnitKind.IT), Unit(id="fin", name="Finance", kind=UnitKind.BUSINESS),
         Unit(id="v1", name="Vendor", kind=UnitKind.VENDOR), Unit(id="bob", name="Odd unit", kind=UnitKind.BUSINESS)]
PEOPLE = [Person(id="ann", name="Ann", unit="it", level=Level.EXECUTIVE),
          Person(id="dee", name="Dee", unit="it", level=Level.STAFF),
          Person(id="bob", name="Bob", unit="fin", level=Level.EXECUTIVE),
          Person(id="cy", name="Cy", unit="fin", level=Level.STAFF),
          Person(id="val", name="Val", unit="v1", level=Level.VENDOR_CONTACT)]


def test_a_valid_plan_is_parsed_and_ordered() -> None:
    text = ("stakeholder,owner,cadence,importance,power,interest,notes\n"
            "unit:v1,dee,1M,3,,,vendor\n"
            "person:bob,ann,2w,5,5,4,\"steering, monthly\"\n"
            "cy,dee,10d,,,,\n")
    p = parse_plan(text, PEOPLE, UNITS)
    assert [(e.stakeholder_kind, e.stakeholder, e.owner, e.cadence_days) for e in p.entries] == [
        ("person", "bob", "ann", 14), ("person", "cy", "dee", 10), ("unit", "v1", "dee", 30)]
    assert p.entries[0].notes == "steering, monthly" and p.entries[0].power == 5
    assert p.id.startswith("plan-") and p.id == parse_plan(text, PEOPLE, UNITS).id
    # written back in the same format, it reads back identically (without the unit 'bob',
    # which makes the plain id 'bob' ambiguous)
    assert parse_plan(plan_csv(p.entries), PEOPLE, UNITS[:3]).entries == p.entries


def test_every_invalid_row_is_reported_with_line_and_field() -> None:
    text = ("stakeholder,owner,cadence,power\n"
            "nobody,ann,2w,\n"          # 2: unknown stakeholder
            "cy,bob,2w,\n"              # 3: owner outside IT
            "cy,ann,fortnightly,\n"     # 4: bad cadence
            "unit:v1,dee,1m,9\n"        # 5: power out of range
            "bob,ann,1m,\n"             # 6: 'bob' is a person and a unit
            "person:bob,ann,1m,\n"      # 7: fine
            "person:bob,dee,1m,\n"      # 8: bob planned twice
            "cy,zed,1m,\n")             # 9: unknown owner
    with pytest.raises(InputError) as ei:
        parse_plan(text, PEOPLE, UNITS, source="plan.csv")
    got = {(i.line, i.field) for i in ei.value.issues}
    assert got == {(2, "stakeholder"), (3, "owner"), (4, "cadence"), (5, "power"),
                   (6, "stakeholder"), (8, "stakeholder"), (9, "owner")}
    msg = str(ei.value)
    assert "7 invalid plan row(s); the plan was not imported" in msg
    assert "plan.csv, line 3, field 'owner': 'bob' is not in IT" in msg
    assert "already planned on line 7" in msg


@pytest.mark.parametrize("header", ["owner,cadence", "stakeholder,owner,cadence,colour",
                                    "stakeholder,owner,owner,cadence"])
def test_bad_header(header: str) -> None:
    with pytest.raises(InputError, match="line 1"):
        parse_plan(header + "\n", PEOPLE, UNITS)


def test_sqlite_store_keeps_plan_versions(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "s.db")
    ingest(store, [write_org(tmp_path / "org")])
    f = tmp_path / "plan.csv"
    f.write_text("stakeholder,owner,cadence\nbob,ann,2w\n")
    p1 = import_plan(store, f, now=100)
    f.write_text("stakeholder,owner,cadence\nbob,ann,1m\nunit:v1,dee,1m\n")
    p2 = import_plan(store, f, now=200)
    assert [p.id for p in plan_versions(store)] == [p1.id, p2.id]
    assert current_plan(store).id == p2.id and len(current_plan(store).entries) == 2
    assert current_plan(store, p1.id).entries[0].cadence == "2w"
    # a bad plan changes nothing
    f.write_text("stakeholder,owner,cadence\nbob,cy,2w\n")
    with pytest.raises(InputError):
        import_plan(store, f, now=300)
    assert current_plan(store).id == p2.id
    # contacts between given pairs, both directions, window filtered
    got = list(store.pair_edges([("bob", "ann")], None, None))
    assert {(e.source, e.target) for e in got} == {("ann", "bob"), ("bob", "ann")}
    assert list(store.pair_edges([("dee", "bob")])) == []


def test_a_version_1_store_is_migrated(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    # the version 1 schema: units, people, edges, audits (no plans)
    con.executescript(
        "CREATE TABLE units (id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, parent TEXT);"
        "CREATE TABLE people (id TEXT PRIMARY KEY, name TEXT NOT NULL, title TEXT NOT NULL,"
        " unit TEXT NOT NULL, level TEXT NOT NULL, email TEXT);"
        "CREATE TABLE edges (interaction_id TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,"
        " at INTEGER NOT NULL, channel TEXT NOT NULL, weight REAL NOT NULL, duration REAL,"
        " PRIMARY KEY (interaction_id, target)) WITHOUT ROWID;"
        "CREATE TABLE audits (id TEXT PRIMARY KEY, as_of INTEGER NOT NULL, window_days REAL NOT NULL,"
        " payload TEXT NOT NULL);"
        "INSERT INTO units VALUES ('it', 'IT', 'it', NULL); PRAGMA user_version=1;")
    con.close()
    store = SQLiteStore(db)
    assert [u.id for u in store.units()] == ["it"]  # kept
    from relgraph.store.base import SCHEMA_VERSION  # 2 added plans; 3 people.aliases

    assert store._con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    store.save_plan(PlanRecord(id="plan-x", imported_at=1, source="p.csv", payload="{}"))
    assert [p.id for p in store.plans()] == ["plan-x"]


def test_cli_plan_import_show_and_invalid_exit_2(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    r = CliRunner()
    assert r.invoke(main, ["--store", db, "ingest", str(write_org(tmp_path / "org"))]).exit_code == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("stakeholder,owner,cadence\nbob,ann,every week\n")
    res = r.invoke(main, ["--store", db, "plan", "import", str(bad)])
    assert res.exit_code == 2
    assert f"{bad}, line 2, field 'cadence'" in res.output and "Traceback" not in res.output
    good = tmp_path / "good.csv"
    good.write_text("stakeholder,owner,cadence,notes\nbob,ann,2w,=cmd()\n")
    res = r.invoke(main, ["--store", db, "plan", "import", str(good)])
    assert res.exit_code == 0 and "1 relationships, 1 owners" in res.output
    res = r.invoke(main, ["--store", db, "plan", "show", "--format", "csv"])
    assert res.output.splitlines()[1] == "bob,ann,2w,,,,'=cmd()"  # formula neutralised


# -- Neo4j: parameters and routing against the recording fake driver of test_neo4j_unit ----
def test_neo4j_pair_edges_params_list_each_pair_once() -> None:
    p = pair_edges_params([("b", "a"), ("a", "b"), ("a", "c"), ("a", "a")], None, 10)
    assert p["pairs"] == [["a", "b"], ["a", "c"]] and p["end"] == 10 and p["start"] < 0


def test_neo4j_store_plan_queries() -> None:
    from test_neo4j_unit import SETTINGS, FakeDriver

    class PlanDriver(FakeDriver):
        def answer(self, name, p):  # type: ignore[no-untyped-def]
            if name == "plans":
                return [{"id": "plan-b", "imported_at": 5, "source": "b.csv", "payload": "{}"},
                        {"id": "plan-a", "imported_at": 1, "source": "a.csv", "payload": "{}"}]
            if name == "pair_edges":
                return [{"interaction_id": "i2", "source": "b", "target": "a", "at": 20,
                         "channel": "email", "weight": 1, "duration": None},
                        {"interaction_id": "i1", "source": "a", "target": "b", "at": 10,
                         "channel": "meeting", "weight": 2.0, "duration": 30}]
            return super().answer(name, p)

    drv = PlanDriver()
    store = Neo4jStore(SETTINGS, driver=drv)
    store.save_plan(PlanRecord(id="plan-a", imported_at=1, source="a.csv", payload="{}"))
    assert [p.id for p in store.plans()] == ["plan-a", "plan-b"]
    got = list(store.pair_edges([("a", "b")], 0, 100))
    assert got == [EdgeRow("i1", "a", "b", 10, "meeting", 2.0, 30.0),
                   EdgeRow("i2", "b", "a", 20, "email", 1.0, None)]
    kinds = {name: kind for kind, name, _ in drv.log}
    assert kinds["save_plan"] == "write" and kinds["plans"] == "read" and kinds["pair_edges"] == "read"
    (params,) = [p for _, n, p in drv.log if n == "pair_edges"]
    assert params == {"pairs": [["a", "b"]], "start": 0, "end": 100}


def test_units_table_decides_who_is_in_it(tmp_path: Path) -> None:
    from relgraph.config import RelgraphConfig

    store = SQLiteStore(tmp_path / "s.db")
    ingest(store, [write_org(tmp_path / "org")])
    f = tmp_path / "plan.csv"
    f.write_text("stakeholder,owner,cadence\nann,cy,1m\n")  # cy is in 'fin' (business)
    with pytest.raises(InputError, match="not in IT"):
        import_plan(store, f)
    cfg = RelgraphConfig.model_validate({"units": {"it": ["fin"]}})
    assert import_plan(store, f, config=cfg).entries[0].owner == "cy"
