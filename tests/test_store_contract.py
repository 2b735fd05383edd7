"""One contract, every store: the same ingest gives the same data and the same ties.

Runs against SQLite always and against Neo4j when ``NEO4J_URI`` is set (with
``NEO4J_USERNAME`` / ``NEO4J_PASSWORD`` / ``NEO4J_DATABASE``). WARNING: the Neo4j run
deletes every Person, Unit, Audit and RelgraphMeta node in that database first; point
it at a scratch server (``docker compose up -d``). No Neo4j server exists on the
machines this was written on, so the Neo4j half has NOT been run yet.

The expected ties are computed by hand from the definition in
``relgraph.store.base.DirectedTie``: strength = sum over edges of record weight x
channel weight x 0.5 ** ((as_of - at) / half_life).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from relgraph.export import export_store
from relgraph.ingest import ingest
from relgraph.models import Level, Person, Unit, UnitKind
from relgraph.store import SQLiteStore
from relgraph.store.base import AuditRecord, DirectedTie, PlanRecord, Store

DAY = 86400
T0 = 1_777_593_600  # 2026-05-01T00:00:00Z
HALF_LIFE_DAYS = 10.0
WEIGHTS = {"meeting": 2.0, "email": 1.0, "chat": 0.5, "call": 1.0, "ticket": 1.0}
START, END = T0, T0 + 30 * DAY

UNITS = "id,name,kind,parent\nit,IT,it,\nfin,Finance,business,\nap,Accounts Payable,business,fin\nv,Vendor X,vendor,\n"
PEOPLE = (
    "id,name,title,unit,level,email\n"
    "a,Ann Lee,CIO,it,executive,ann@example.com\n"
    "b,Bo Chan,CFO,fin,executive,\n"
    "c,Cy Díaz,AP manager,ap,manager,\n"
    "d,Di Vendor,Account manager,v,vendor_contact,\n"
)
INTERACTIONS = (
    "id,source,targets,timestamp,channel,weight,duration_minutes\n"
    "m1,a,b;c,2026-05-02T00:00:00Z,meeting,,60\n"     # T0 + 1 day, two targets
    "e1,b,a,2026-05-03T00:00:00Z,email,2,\n"         # T0 + 2 days, weight 2
    "c1,a,b,2026-05-11T00:00:00Z,chat,,\n"           # T0 + 10 days
    "t1,c,d,2026-06-10T00:00:00Z,ticket,,\n"         # T0 + 40 days: outside the window
    ",d,a,2026-05-06T00:00:00Z,call,,15\n"           # T0 + 5 days, no id (content hash)
)


def _half(days_before_as_of: float) -> float:
    return 0.5 ** (days_before_as_of / HALF_LIFE_DAYS)


# Hand computation (as_of = END = T0 + 30 days):
#   a->b: m1 meeting (29 days before as_of) 1 x 2.0 x 0.5^2.9 + c1 chat (20 days) 1 x 0.5 x 0.5^2.0
#   a->c: m1 meeting 1 x 2.0 x 0.5^2.9
#   b->a: e1 email (28 days) 2 x 1.0 x 0.5^2.8
#   d->a: call (25 days) 1 x 1.0 x 0.5^2.5
#   c->d: t1 is at T0 + 40 days >= END, so no tie
EXPECTED_TIES = [
    DirectedTie("a", "b", 2, 2.0 * _half(29) + 0.5 * _half(20), T0 + 1 * DAY, T0 + 10 * DAY),
    DirectedTie("a", "c", 1, 2.0 * _half(29), T0 + 1 * DAY, T0 + 1 * DAY),
    DirectedTie("b", "a", 1, 2.0 * _half(28), T0 + 2 * DAY, T0 + 2 * DAY),
    DirectedTie("d", "a", 1, 1.0 * _half(25), T0 + 5 * DAY, T0 + 5 * DAY),
]


def _write_org(d: Path) -> Path:
    d.mkdir(parents=True, exist_ok=True)
    (d / "units.csv").write_text(UNITS, encoding="utf-8")
    (d / "people.csv").write_text(PEOPLE, encoding="utf-8")
    (d / "interactions.csv").write_text(INTERACTIONS, encoding="utf-8")
    return d


def _neo4j_store() -> Store:
    from relgraph.store.neo4j import Neo4jStore

    store = Neo4jStore.from_env(os.environ["NEO4J_URI"])
    store.delete_all()
    store.init()
    return store


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        s: Store = SQLiteStore(tmp_path / "contract.db")
    else:
        if not os.environ.get("NEO4J_URI"):
            pytest.skip("NEO4J_URI is not set: no Neo4j server to run the contract against")
        s = _neo4j_store()
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def loaded(store: Store, tmp_path: Path) -> Store:
    report = ingest(store, [_write_org(tmp_path / "org")])
    assert (report.units, report.people, report.interactions, report.edges_added) == (4, 4, 5, 6)
    return store


def _ties(store: Store) -> list[DirectedTie]:
    return list(store.ties(START, END, as_of=END, half_life_days=HALF_LIFE_DAYS,
                           channel_weights=WEIGHTS))


def _assert_ties(got: list[DirectedTie], expected: list[DirectedTie]) -> None:
    assert [(t.source, t.target, t.count, t.first_at, t.last_at) for t in got] == [
        (t.source, t.target, t.count, t.first_at, t.last_at) for t in expected]
    for g, e in zip(got, expected, strict=True):
        assert g.strength == pytest.approx(e.strength, rel=1e-12), (g.source, g.target)


def test_units_and_people_round_trip(loaded: Store) -> None:
    assert loaded.units() == [
        Unit(id="ap", name="Accounts Payable", kind=UnitKind.BUSINESS, parent="fin"),
        Unit(id="fin", name="Finance", kind=UnitKind.BUSINESS),
        Unit(id="it", name="IT", kind=UnitKind.IT),
        Unit(id="v", name="Vendor X", kind=UnitKind.VENDOR),
    ]
    people = loaded.people()
    assert [p.id for p in people] == ["a", "b", "c", "d"]
    assert people[0] == Person(id="a", name="Ann Lee", title="CIO", unit="it",
                               level=Level.EXECUTIVE, email="ann@example.com")
    assert people[2].name == "Cy Díaz" and people[2].email is None
    assert loaded.person_ids() == {"a", "b", "c", "d"}
    assert loaded.unit_ids() == {"ap", "fin", "it", "v"}


def test_status_counts(loaded: Store) -> None:
    st = loaded.status()
    assert (st.units, st.people, st.interactions, st.edges) == (4, 4, 5, 6)
    assert (st.first_at, st.last_at) == (T0 + 1 * DAY, T0 + 40 * DAY)


def test_ties_match_hand_computation(loaded: Store) -> None:
    _assert_ties(_ties(loaded), EXPECTED_TIES)


def test_ties_without_start_and_default_weights(loaded: Store) -> None:
    # all time up to T0 + 41 days, every channel weight 1 (missing from the map), as_of = end
    end = T0 + 41 * DAY
    got = list(loaded.ties(None, end, as_of=end, half_life_days=HALF_LIFE_DAYS, channel_weights={}))
    assert [(t.source, t.target, t.count) for t in got] == [
        ("a", "b", 2), ("a", "c", 1), ("b", "a", 1), ("c", "d", 1), ("d", "a", 1)]
    # c->d: ticket 1 day before as_of -> 0.5 ** 0.1
    assert got[3].strength == pytest.approx(0.5 ** 0.1, rel=1e-12)


def test_edges_window_and_order(loaded: Store) -> None:
    rows = list(loaded.edges(T0 + 1 * DAY, T0 + 10 * DAY))
    # at in [T0+1d, T0+10d): m1->b, m1->c (T0+1d), e1 (T0+2d), the call (T0+5d); c1 is at the end
    assert [(r.interaction_id, r.target) for r in rows][:3] == [("m1", "b"), ("m1", "c"), ("e1", "a")]
    assert len(rows) == 4 and rows[3].channel == "call" and rows[3].interaction_id.startswith("h:")
    assert rows[0].weight == 1.0 and rows[0].duration == 60.0 and rows[2].weight == 2.0
    assert rows[2].duration is None
    assert len(list(loaded.edges())) == 6


def test_interactions_rebuilt(loaded: Store) -> None:
    inter = list(loaded.interactions(None, None))
    # ordered by time: m1 (T0+1d), e1 (T0+2d), the call without id (T0+5d), c1, t1
    assert [i.id for i in inter][:2] == ["m1", "e1"]
    assert inter[2].id is not None and inter[2].id.startswith("h:") and inter[2].source == "d"
    assert [i.id for i in inter][3:] == ["c1", "t1"]
    assert inter[0].targets == ["b", "c"] and inter[0].duration_minutes == 60.0
    assert len(inter) == 5


def test_reingest_adds_nothing(loaded: Store, tmp_path: Path) -> None:
    again = ingest(loaded, [tmp_path / "org"])
    assert again.edges_added == 0
    assert loaded.status().edges == 6
    _assert_ties(_ties(loaded), EXPECTED_TIES)


def test_failed_ingest_leaves_store_unchanged(loaded: Store, tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "interactions.csv").write_text(
        "id,source,targets,timestamp,channel\n"
        "n1,a,b,2026-05-20T00:00:00Z,chat\n"
        "n2,a,ghost,2026-05-21T00:00:00Z,chat\n")
    from relgraph.errors import InputError

    with pytest.raises(InputError):
        ingest(loaded, [bad])
    assert loaded.status().edges == 6  # n1 was valid but nothing was written


def test_audits_round_trip(store: Store) -> None:
    store.save_audit(AuditRecord(id="q2", as_of=T0 + 60 * DAY, window_days=90, payload='{"n": 2}'))
    store.save_audit(AuditRecord(id="q1", as_of=T0, window_days=90, payload='{"n": 1}'))
    store.save_audit(AuditRecord(id="q1", as_of=T0, window_days=30, payload='{"n": 3}'))  # replaces
    got = store.audits()
    assert [(a.id, a.window_days, a.payload) for a in got] == [
        ("q1", 30.0, '{"n": 3}'), ("q2", 90.0, '{"n": 2}')]


def test_plans_round_trip(store: Store) -> None:
    store.save_plan(PlanRecord(id="plan-b", imported_at=20, source="b.csv", payload='{"n": 2}'))
    store.save_plan(PlanRecord(id="plan-a", imported_at=10, source="a.csv", payload='{"n": 1}'))
    store.save_plan(PlanRecord(id="plan-a", imported_at=30, source="a2.csv", payload='{"n": 3}'))
    got = store.plans()  # oldest first; a re-import replaces the version (and makes it current)
    assert [(p.id, p.imported_at, p.source, p.payload) for p in got] == [
        ("plan-b", 20, "b.csv", '{"n": 2}'), ("plan-a", 30, "a2.csv", '{"n": 3}')]


def test_pair_edges(loaded: Store) -> None:
    """Contacts between given pairs, either direction, window filtered, ordered like edges()."""
    got = list(loaded.pair_edges([("b", "a")], START, END))
    assert [(e.interaction_id, e.source, e.target) for e in got] == [
        ("m1", "a", "b"), ("e1", "b", "a"), ("c1", "a", "b")]
    assert list(loaded.pair_edges([("a", "b")], START, T0 + 2 * DAY)) == got[:1]
    assert list(loaded.pair_edges([("b", "c")], START, END)) == []
    both = list(loaded.pair_edges([("a", "b"), ("a", "d")], START, END))
    # m1 (day 1), e1 (day 2), the call d -> a without an id (day 5), c1 (day 10)
    assert [(e.source, e.target, e.at) for e in both] == [
        ("a", "b", T0 + DAY), ("b", "a", T0 + 2 * DAY), ("d", "a", T0 + 5 * DAY),
        ("a", "b", T0 + 10 * DAY)]


def test_export_copies_everything(loaded: Store, tmp_path: Path) -> None:
    """Copy the loaded store into a fresh SQLite store: same people, edges and ties."""
    loaded.save_audit(AuditRecord(id="q1", as_of=T0, window_days=90, payload="{}"))
    loaded.save_plan(PlanRecord(id="plan-x", imported_at=5, source="p.csv", payload="{}"))
    with SQLiteStore(tmp_path / "copy.db") as dst:
        report = export_store(loaded, dst)
        assert report.plans == 1 and [p.id for p in dst.plans()] == ["plan-x"]
        assert (report.units, report.people, report.edges, report.edges_added, report.audits) == (
            4, 4, 6, 6, 1)
        assert dst.people() == loaded.people() and dst.units() == loaded.units()
        assert list(dst.edges()) == list(loaded.edges())
        _assert_ties(_ties(dst), EXPECTED_TIES)
        assert export_store(loaded, dst).edges_added == 0  # idempotent


def test_export_from_sqlite_into_this_store(store: Store, tmp_path: Path) -> None:
    """The laptop -> server direction: SQLite source, the store under test as destination."""
    with SQLiteStore(tmp_path / "laptop.db") as src:
        ingest(src, [_write_org(tmp_path / "org2")])
        src.save_audit(AuditRecord(id="q1", as_of=T0, window_days=90, payload="{}"))
        report = export_store(src, store)
    assert (report.edges, report.edges_added, report.audits) == (6, 6, 1)
    _assert_ties(_ties(store), EXPECTED_TIES)
    assert store.status().interactions == 5


# -- erasure and retention (relgraph forget / prune) ------------------------------------------
def test_forget_removes_the_person_and_every_edge_they_take_part_in(loaded: Store) -> None:
    from relgraph.erasure import forget

    loaded.save_audit(AuditRecord(id="audit-x", as_of=END, window_days=30.0, payload=(
        '{"id": "audit-x", "findings": [{"id": "disconnected-executive:b", "people": ["b"]},'
        ' {"id": "siloed-unit:it", "people": [], "title": "IT talks to Bo Chan only"}]}')))
    dry = forget(loaded, ["b"], dry_run=True)
    # b: m1 (a -> b), e1 (b -> a), c1 (a -> b): three edges of three interactions
    assert (dry.people, dry.edges, dry.interactions, dry.audits_redacted) == (1, 3, 3, 1)
    assert loaded.status().edges == 6  # a dry run changes nothing
    done = forget(loaded, ["b"], now=T0)
    assert (done.people, done.edges, done.audits_redacted) == (1, 3, 1)
    assert sorted(p.id for p in loaded.people()) == ["a", "c", "d"]
    assert all("b" not in (e.source, e.target) for e in loaded.edges())
    assert loaded.status().edges == 3  # m1 keeps its edge a -> c
    (audit,) = loaded.audits()
    assert "Bo Chan" not in audit.payload and '"people": ["b"]' not in audit.payload
    assert '"redacted": true' in audit.payload
    (entry,) = loaded.erasure_log()  # type: ignore[attr-defined]
    assert (entry.at, entry.action) == (T0, "forget")
    assert entry.counts == {"people": 1, "edges": 3, "audits_redacted": 1}


def test_prune_removes_interactions_before_a_date(loaded: Store) -> None:
    from relgraph.erasure import prune

    cutoff = T0 + 5 * DAY  # before: m1 (T0 + 1 day, 2 edges), e1 (T0 + 2 days)
    dry = prune(loaded, cutoff, dry_run=True)
    assert (dry.edges, dry.interactions) == (3, 2) and loaded.status().edges == 6
    done = prune(loaded, cutoff, now=T0)
    assert done.edges == 3
    assert min(e.at for e in loaded.edges()) >= cutoff
    assert [(e.action, e.counts) for e in loaded.erasure_log()] == [  # type: ignore[attr-defined]
        ("prune", {"before": "2026-05-06T00:00:00Z", "edges": 3})]
