"""Identity resolution shared by the importers (relgraph/importers/identity.py)."""

from __future__ import annotations

from relgraph.importers.identity import Directory, normalise_address
from relgraph.models import Person, Unit


def _dir(**kw: object) -> Directory:
    units = [Unit(id="it", name="IT", kind="it"), Unit(id="v-x", name="X", kind="vendor")]
    people = [
        Person(id="ann", name="Ann", unit="it", level="staff", email="Ann@Acme.example"),
        Person(id="bob", name="Bob", unit="it", level="staff", email="bob@acme.example"),
        Person(id="vic", name="Vic", unit="v-x", level="vendor_contact", email="vic@x.example"),
    ]
    return Directory(people, units, aliases={"bob": ["Robert@Old.acme.example", "bobby"]}, **kw)  # type: ignore[arg-type]


def test_id_then_email_then_alias_case_insensitive() -> None:
    d = _dir()
    assert d.resolve("ann") == "ann"
    assert d.resolve("<ANN@acme.EXAMPLE>") == "ann"
    assert d.resolve("mailto:robert@old.acme.example") == "bob"
    assert d.resolve("Bobby") == "bob"
    assert dict(d.stats.counts) == {"id": 1, "email": 1, "alias": 2}
    assert {k: sorted(v) for k, v in d.stats.matched.items()} == {
        "id": ["ann"], "email": ["ann"], "alias": ["bob"]}


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
    assert d.stats.counts["external"] == 1


def test_normalise_address() -> None:
    assert normalise_address(" <Bob@X.org> ") == "bob@x.org"
    assert normalise_address("MAILTO:a@b") == "a@b"
