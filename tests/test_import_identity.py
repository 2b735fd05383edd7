"""Identity resolution shared by the importers (relgraph/importers/identity.py)."""

from __future__ import annotations

import pytest

from relgraph.importers.identity import Directory, normalise_address
from relgraph.models import Person, Unit


def _dir(**kw: object) -> Directory:
    units = [Unit(id="it", name="IT", kind="it"), Unit(id="v-x", name="X", kind="vendor")]
    people = [
        Person(id="ann", name="Ann", unit="it", level="staff", email="Ann@Acme.example"),
        Person(id="bob", name="Bob", unit="it", level="staff", email="bob@acme.example",
               aliases="Robert@Old.acme.example; bobby"),
        Person(id="vic", name="Vic", unit="v-x", level="vendor_contact", email="vic@x.example"),
    ]
    return Directory(people, units, **kw)  # type: ignore[arg-type]


def test_id_then_email_then_alias_case_insensitive() -> None:
    d = _dir()
    assert d.resolve("ann") == "ann"
    assert d.resolve("<ANN@acme.EXAMPLE>") == "ann"
    assert d.resolve("mailto:robert@old.acme.example") == "bob"
    assert d.resolve("Bobby") == "bob"
    assert dict(d.stats.counts) == {"id": 1, "email": 1, "alias": 2}
    assert {k: sorted(v) for k, v in d.stats.matched.items()} == {
        "id": ["ann"], "email": ["ann"], "alias": ["bob"], "name": []}


def test_internal_domains_default_to_known_people_outside_vendors() -> None:
    d = _dir()
    assert d.internal_domains == {"acme.example"}
    assert d.resolve("eve@acme.example") is None
    assert d.resolve("eve@sub.acme.example") is None
    assert d.resolve("zed@x.example") is None  # a vendor's domain, but not configured
    assert d.stats.unknown == {"eve@acme.example": 1, "eve@sub.acme.example": 1}
    assert d.stats.external == {"zed@x.example": 1}


def test_vendor_domains_and_add_unknown() -> None:
    d = _dir(vendor_domains={"cloud.example": "v-cloud"}, add_unknown=True)
    assert d.resolve("Sue@Cloud.example", "Sue Sales") == "sue@cloud.example"
    assert d.resolve("sue@cloud.example") == "sue@cloud.example"  # second sight: by email
    assert d.resolve("new@acme.example") == "new@acme.example"
    assert d.new_people["sue@cloud.example"].unit == "v-cloud"
    assert d.new_people["sue@cloud.example"].name == "Sue Sales"
    assert d.new_people["new@acme.example"].unit == "unassigned"
    assert sorted(d.new_units) == ["unassigned", "v-cloud"]
    assert d.resolve("not an address") is None
    assert d.stats.unknown["not an address"] == 1


def test_names_match_only_when_unique() -> None:
    d = _dir()
    assert d.resolve("ann") == "ann"     # an id first
    assert d.resolve("VIC") == "vic"     # the name Vic
    d.add(Person(id="vic2", name="Vic", unit="it", level="staff"))
    assert d.resolve("Vic") is None      # two people called Vic: no guess
    assert d.stats.matched["name"] == {"vic"}


def test_normalise_address() -> None:
    assert normalise_address(" <Bob@X.org> ") == "bob@x.org"
    assert normalise_address("MAILTO:a@b") == "a@b"


@pytest.mark.parametrize("old", [1, 2])
def test_aliases_are_stored_and_an_older_sqlite_store_is_migrated(tmp_path, old) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    from relgraph.ingest import ingest
    from relgraph.store import SQLiteStore
    from relgraph.store.base import SCHEMA_VERSION

    db = tmp_path / "v1.db"
    con = sqlite3.connect(db)  # the tables relgraph wrote before aliases (user_version 1 or 2)
    con.executescript(
        "CREATE TABLE units (id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, parent TEXT);"
        "CREATE TABLE people (id TEXT PRIMARY KEY, name TEXT NOT NULL, title TEXT NOT NULL,"
        " unit TEXT NOT NULL, level TEXT NOT NULL, email TEXT);"
        "CREATE TABLE edges (interaction_id TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,"
        " at INTEGER NOT NULL, channel TEXT NOT NULL, weight REAL NOT NULL, duration REAL,"
        " PRIMARY KEY (interaction_id, target)) WITHOUT ROWID;"
        "INSERT INTO units VALUES ('it', 'IT', 'it', NULL);"
        "INSERT INTO people VALUES ('ann', 'Ann', '', 'it', 'staff', 'ann@acme.example');"
        f"PRAGMA user_version={old};")
    con.close()
    store = SQLiteStore(db)
    assert store.people()[0].aliases == ()
    assert store.status().schema_version == SCHEMA_VERSION == 3
    people = tmp_path / "people.csv"
    people.write_text("id,name,unit,level,email,aliases\n"
                      "bob,Bob,it,staff,bob@acme.example,rob@old.example; Bobby\n", encoding="utf-8")
    ingest(store, [people])
    store.close()
    again = SQLiteStore(db)
    bob = {p.id: p for p in again.people()}["bob"]
    assert bob.aliases == ("rob@old.example", "Bobby")
    d = Directory(again.people(), again.units())
    assert d.resolve("ROB@old.example") == "bob"
