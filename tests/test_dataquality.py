"""Data checks before findings (relgraph.analysis.dataquality) on small organisations built
here, each reproducing one shape of real data: no IT unit, a collapsing tail, far-past
and far-future stamps, inward units that the absolute silo threshold misses, a
one-person unit. Expected figures are counted by hand from the data built below.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from relgraph.analysis.dataquality import (
    DataSettings,
    activity,
    last_substantial_day,
)
from relgraph.analysis.result import UnitMetrics
from relgraph.audit import run_audit
from relgraph.audit.report_html import render_html
from relgraph.audit.report_md import render_markdown
from relgraph.config import AuditThresholds, RelgraphConfig, parse_config
from relgraph.models import Person, Unit
from relgraph.store.base import EdgeRow
from relgraph.store.sqlite import SQLiteStore

DAY = 86400
T0 = int(datetime(2026, 3, 2, 9, tzinfo=UTC).timestamp())  # a Monday


def store_with(units, people, edges) -> SQLiteStore:
    s = SQLiteStore(":memory:")
    with s.transaction():
        s.upsert_units([Unit(id=u, name=n, kind=k) for u, n, k in units])
        s.upsert_people([Person(id=p, name=p.upper(), unit=u, level=lv) for p, u, lv in people])
        s.add_edges([EdgeRow(f"i{i}", a, b, at, "meeting", 1.0, None)
                     for i, (a, b, at) in enumerate(edges)])
    return s


def daily(pairs, days, start=T0):
    """Every pair meets once a day for ``days`` days from ``start``."""
    return [(a, b, start + d * DAY) for d in range(days) for a, b in pairs]


# --- an organisation whose export names no IT unit ---------------------------------------
BUSINESS_ONLY = [("exec", "Executive Office", "business"), ("ops", "Operations", "business"),
                 ("tech", "Technology Services", "business")]
PEOPLE = [("ceo", "exec", "executive"), ("cfo", "exec", "executive"),
          ("o1", "ops", "manager"), ("o2", "ops", "staff"), ("o3", "ops", "staff"),
          ("t1", "tech", "director"), ("t2", "tech", "staff"), ("t3", "tech", "staff")]
PAIRS = [("ceo", "cfo"), ("ceo", "o1"), ("cfo", "o1"), ("o1", "o2"), ("o2", "o3"),
         ("o1", "o3"), ("t1", "t2"), ("t2", "t3"), ("t1", "t3"), ("o1", "t1")]


def test_no_it_unit_skips_the_it_rules_and_says_how_to_mark_it_units():
    store = store_with(BUSINESS_ONLY, PEOPLE, daily(PAIRS, 60))
    a = run_audit(store, RelgraphConfig(), save=False)
    q = a.analysis.data_quality
    check = next(c for c in q.checks if c.id == "no-it-unit")
    assert check.level == "warning" and "[units]" in check.suggestion
    status = {r.rule: r.status for r in q.rules}
    assert status == {"disconnected-executive": "partial", "siloed-unit": "partial",
                      "fragile-bridge": "partial", "decaying-relationship": "skipped",
                      "one-sided-relationship": "skipped"}
    # before: the CEO and the CFO were HIGH "0 tie(s) to IT" and every unit "no tie to IT"
    assert not [f for f in a.findings if f.kind == "disconnected-executive"]
    assert not [f for f in a.findings if "no tie to IT" in f.title]
    # the section is in every output
    md = render_markdown(a)
    assert "## Data quality" in md and "No unit has kind 'it'" in md
    assert "`decaying-relationship`: skipped" in md
    html = render_html(a)
    assert 'id="data-quality"' in html and "it = [&quot;it-*&quot;" in html


def test_units_table_marks_it_units_without_editing_the_input():
    store = store_with(BUSINESS_ONLY, PEOPLE, daily(PAIRS, 60))
    cfg = parse_config('[units]\nit = ["technology *"]\n')  # by name, ignoring case
    a = run_audit(store, cfg, save=False)
    q = a.analysis.data_quality
    assert "it" in q.unit_kinds and not q.rules
    assert next(c for c in q.checks if c.id == "unit-kinds-set").figures == {"units": ["tech"]}
    kinds = {u.id: u.kind for u in a.analysis.units}
    assert kinds == {"exec": "business", "ops": "business", "tech": "it"}
    # now the IT rules run: the CEO and the CFO have no tie to tech -> disconnected
    found = {f.id for f in a.findings}
    assert {"disconnected-executive:ceo", "disconnected-executive:cfo"} <= found
    assert store.units()[2].kind == "business"  # the store is unchanged


# --- a collapsing tail, a far-past and a far-future stamp ----------------------------------
def tail_store(extra=()):
    busy = daily(PAIRS, 120)                                   # 120 busy days, 10 edges each
    thin = [("ceo", "cfo", T0 + (130 + 7 * w) * DAY) for w in range(20)]  # then one a week
    return store_with(BUSINESS_ONLY, PEOPLE, busy + thin + list(extra))


def test_default_as_of_is_the_last_day_with_substantial_activity():
    store = tail_store()
    days = store.day_counts()
    last_busy = T0 - T0 % DAY + 119 * DAY
    assert last_substantial_day(days, DataSettings()) == last_busy
    a = run_audit(store, RelgraphConfig(), save=False)
    assert a.payload.end == last_busy + DAY
    assert not a.analysis.data_quality.window_collapsed


def test_a_window_in_the_collapsed_tail_warns_and_skips_the_isolation_rules():
    store = tail_store()
    end = T0 - T0 % DAY + 264 * DAY  # after the last thin week: days 174..263 hold 13 edges
    a = run_audit(store, RelgraphConfig(), as_of=end, save=False)
    q = a.analysis.data_quality
    assert q.window_collapsed
    c = next(c for c in q.checks if c.id == "window-collapsed")
    # busiest 90-day window: 90 days x 10 pairs = 900 edges; this window: the weekly
    # meetings of days 179, 186, ..., 263 (weeks 7 to 19 after day 130)
    assert c.figures["busiest_edges"] == 900 and c.figures["window_edges"] == 13
    assert "--as-of 2026-06-29" in c.suggestion  # the last busy day, 2026-03-02 + 119 days
    skipped = {r.rule for r in q.rules if r.status == "skipped"}
    assert {"isolated-stakeholder", "disconnected-executive", "decaying-relationship"} <= skipped
    assert not [f for f in a.findings if f.kind in ("isolated-stakeholder",
                                                       "disconnected-executive")]


def test_far_past_and_far_future_stamps_are_counted_and_ignored_by_the_default_as_of():
    past = int(datetime(1979, 12, 31, 21, tzinfo=UTC).timestamp())
    future = int(datetime(2200, 1, 1, tzinfo=UTC).timestamp())
    store = tail_store([("o2", "t3", past), ("o2", "t3", past + 60), ("t2", "o3", future)])
    act = activity(store.day_counts(), 365)
    assert (act.before, act.after) == (2, 1)
    a = run_audit(store, RelgraphConfig(), save=False)
    c = next(c for c in a.analysis.data_quality.checks if c.id == "outlier-timestamps")
    assert c.figures["before"] == 2 and c.figures["after"] == 1
    assert "3 edge(s) carry timestamps far outside" in c.message
    assert a.payload.end == T0 - T0 % DAY + 120 * DAY  # not 2200


def test_margin_is_configurable():
    days = [(0, 5), (400 * DAY, 5), (401 * DAY, 50)]
    assert activity(days, 365).before == 5
    assert activity(days, 500).before == 0


# --- silos judged against chance -----------------------------------------------------------
def test_relative_silo_states_observed_expected_and_p():
    t = AuditThresholds()
    u = UnitMetrics(id="s1", name="School 1", kind="business", headcount=33, active=33,
                    internal_ties=110, external_ties=48, internal_strength=1,
                    external_strength=1, ei_index=-0.39, ei_weighted=-0.4, ei_expected=0.5,
                    ei_p_value=0.001)
    reasons, severe = t.silo_reasons(u, {"business"})
    assert reasons == ["E-I index -0.39, expected +0.50 under random mixing, p = 0.001"]
    assert not severe
    # not significant, or too close to chance, or mostly outward: no relative silo
    assert not t.relative_silo(u.model_copy(update={"ei_p_value": 0.2}))
    assert not t.relative_silo(u.model_copy(update={"ei_expected": -0.1}))
    assert not t.relative_silo(u.model_copy(update={"ei_index": 0.1, "ei_expected": 0.9}))


def test_inward_units_above_the_absolute_threshold_are_found_against_chance():
    # three teams of five, each complete inside (10 ties), joined by a ring of 6 ties
    # between teams: every team has E = 4, I = 10, E-I = (4 - 10) / 14 = -0.43 > -0.6
    units = [(f"t{k}", f"Team {k}", "business") for k in range(3)] + [("it", "IT", "it")]
    people = [(f"p{k}{i}", f"t{k}", "staff") for k in range(3) for i in range(5)]
    people += [("cio", "it", "executive"), ("it1", "it", "staff"), ("it2", "it", "staff")]
    pairs = [(f"p{k}{i}", f"p{k}{j}") for k in range(3) for i in range(5) for j in range(i + 1, 5)]
    pairs += [("p00", "p10"), ("p01", "p11"), ("p10", "p20"), ("p11", "p21"),
              ("p20", "p00"), ("p21", "p01"), ("cio", "it1"), ("it1", "it2"), ("cio", "it2"),
              ("cio", "p02"), ("cio", "p12"), ("cio", "p22")]
    store = store_with(units, people, daily(pairs, 30))
    a = run_audit(store, RelgraphConfig(), save=False)
    silos = {f.units[0]: f for f in a.findings if f.kind == "siloed-unit"}
    assert set(silos) == {"t0", "t1", "t2"}
    f = silos["t0"]
    # t0: internal 10, external 4 (2 ring ties each way... p00-p10, p01-p11, p20-p00,
    # p21-p01) + 1 tie to the CIO = 5 -> E-I (5 - 10) / 15 = -0.333
    assert f.evidence["ei_index"] == pytest.approx(-1 / 3, abs=1e-3)
    assert f.evidence["ei_expected"] > 0.3 and f.evidence["ei_p_value"] <= 0.05
    assert f.evidence["below_chance"] and f.severity == "medium"
    assert "expected +" in f.title and "under random mixing, p = " in f.title


# --- no finding by construction ------------------------------------------------------------
def test_a_one_person_unit_makes_no_fragile_bridge():
    # the CEO's office is a unit of one: the CEO alone holds exec <-> IT by construction;
    # fin <-> IT rests on fin1 alone, and that is a real finding
    units = [("exec", "CEO Office", "business"), ("fin", "Finance", "business"),
             ("it", "IT", "it")]
    people = [("ceo", "exec", "executive"), ("cio", "it", "executive"),
              ("it1", "it", "staff"), ("it2", "it", "staff"),
              ("fin1", "fin", "manager"), ("fin2", "fin", "staff"), ("fin3", "fin", "staff")]
    pairs = [("ceo", "cio"), ("cio", "it1"), ("it1", "it2"), ("fin1", "fin2"),
             ("fin2", "fin3"), ("fin1", "it1"), ("ceo", "fin1")]
    store = store_with(units, people, daily(pairs, 30))
    a = run_audit(store, RelgraphConfig(), save=False)
    fragile = {f.id for f in a.findings if f.kind == "fragile-bridge"}
    assert fragile == {"fragile-bridge:fin1", "fragile-bridge:it1"}
    note = next(c for c in a.analysis.data_quality.checks if c.id == "one-person-units")
    assert note.figures == {"units": ["exec"]}


def test_sqlite_day_counts_match_the_generic_count_including_stamps_before_1970():
    from relgraph.store.base import Store

    edges = daily(PAIRS[:2], 3) + [("o2", "t3", -86400 * 400 + 5), ("o2", "t3", -1),
                                   ("o2", "t3", 0)]
    store = store_with(BUSINESS_ONLY, PEOPLE, edges)
    fast = store.day_counts()
    assert fast == Store.day_counts(store)  # the base class counts from edges()
    assert fast[:3] == [(-86400 * 400, 1), (-86400, 1), (0, 1)]
    assert store.people_with_edges() == Store.people_with_edges(store) == {
        "ceo", "cfo", "o1", "o2", "t3"}
