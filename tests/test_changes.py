"""Change between two windows, on two hand-built analysis results."""

from __future__ import annotations

import pytest

from relgraph.analysis.changes import broker_set, change_rows, compare
from relgraph.analysis.result import (
    AnalysisMeta,
    AnalysisResult,
    BrokerMetrics,
    ExecutiveMetrics,
    PersonMetrics,
    TieMetrics,
    UnitMetrics,
)
from relgraph.errors import UsageError
from relgraph.settings import AnalysisSettings


def _tie(a: str, b: str, s: float, *, bridge: bool = False, local: bool = False) -> TieMetrics:
    return TieMetrics(source=a, target=b, source_unit="u", target_unit="u", strength=s, count=1,
                      overlap=0.0, strong=False, bridging=False, local_bridge=local,
                      bridge=bridge, cross_unit=False, cross_kind=False, source_share=0.5)


def _unit(uid: str, ei: float | None) -> UnitMetrics:
    return UnitMetrics(id=uid, name=uid, kind="it", headcount=1, active=1, internal_ties=0,
                       external_ties=0, internal_strength=0.0, external_strength=0.0,
                       ei_index=ei, ei_weighted=ei)


def _broker(x: str, cross: int, coord: int = 0, betweenness: float = 0.0) -> BrokerMetrics:
    roles = {"coordinator": coord, "gatekeeper": cross, "representative": 0, "consultant": 0,
             "liaison": 0}
    return BrokerMetrics(id=x, unit="u", unit_kind="it", betweenness=betweenness, constraint=None,
                         effective_size=None, efficiency=None, roles=roles,
                         total_brokerage=cross + coord, articulation_point=False,
                         cross_unit_share=0.0)


def _person(x: str) -> PersonMetrics:
    return PersonMetrics(id=x, name=x, title="", unit="u", unit_kind="it", level="staff",
                         degree=1, strength=1.0, betweenness=0.0, betweenness_unweighted=0.0,
                         harmonic_closeness=0.0, pagerank=0.0)


def _result(start: int, end: int, ties, units, brokers, n_people: int = 20) -> AnalysisResult:
    meta = AnalysisMeta(start=start, end=end, as_of=end, window_days=(end - start) / 86400,
                        half_life_days=30.0, channel_weights={}, seed=42, people=n_people,
                        ties=len(ties))
    return AnalysisResult(meta=meta, people=[_person(f"p{i:02d}") for i in range(n_people)],
                          ties=ties, units=units, brokers=brokers)


PREV = _result(
    0, 100,
    ties=[_tie("a", "b", 4.0), _tie("a", "c", 2.0, bridge=True), _tie("b", "c", 1.0),
          _tie("c", "d", 3.0), _tie("d", "e", 1.0, local=True)],
    units=[_unit("u1", -0.5), _unit("u2", 0.2), _unit("gone", 0.0)],
    brokers=[_broker("p01", 10), _broker("p02", 5), _broker("p03", 0, coord=9)],
)
CUR = _result(
    100, 200,
    # a-b fell 4 -> 1 (-75%), a-c rose 2 -> 2.8 (+40%, under the 50% threshold) and is no
    # longer a bridge, b-c rose 1 -> 2 (+100%), c-d lost, d-e kept as a local bridge,
    # e-f new and a bridge
    ties=[_tie("b", "a", 1.0), _tie("a", "c", 2.8), _tie("b", "c", 2.0),
          _tie("d", "e", 1.0, local=True), _tie("e", "f", 0.5, bridge=True)],
    units=[_unit("u1", -0.1), _unit("u2", None), _unit("new", 0.4)],
    brokers=[_broker("p02", 8), _broker("p04", 6), _broker("p05", 1)],
)


def test_ties_new_lost_strengthened_weakened():
    ch = compare(PREV, CUR, AnalysisSettings(tie_change_threshold=0.5))
    assert (ch.previous_start, ch.previous_end) == (0, 100)
    assert [(t.source, t.target, t.before, t.after) for t in ch.new_ties] == [("e", "f", 0.0, 0.5)]
    # a new tie has no finite relative change: change None, new True (typed JSON, issue 9)
    assert ch.new_ties[0].change is None and ch.new_ties[0].new
    assert not any(t.new for t in ch.lost_ties + ch.strengthened + ch.weakened)
    assert [(t.source, t.target, t.before, t.change) for t in ch.lost_ties] == [("c", "d", 3.0, -1.0)]
    # b-c: (2 - 1) / 1 = +1.0 > 0.5; a-c: +0.4 is not above 0.5
    assert [(t.source, t.target, t.change) for t in ch.strengthened] == [("b", "c", 1.0)]
    # a-b (given reversed in CUR): (1 - 4) / 4 = -0.75
    assert [(t.source, t.target, t.change) for t in ch.weakened] == [("a", "b", -0.75)]
    lower = compare(PREV, CUR, AnalysisSettings(tie_change_threshold=0.3))
    assert [(t.source, t.target) for t in lower.strengthened] == [("b", "c"), ("a", "c")]


def test_bridges_gained_and_lost():
    ch = compare(PREV, CUR, AnalysisSettings())
    # e-f: new bridge; a-c: was a bridge, still there but not a bridge; c-d: a tie that was
    # not a bridge is lost -> not a lost bridge; d-e: local bridge in both -> no change
    assert [(t.source, t.target) for t in ch.bridges_gained] == [("e", "f")]
    assert [(t.source, t.target, t.before, t.after) for t in ch.bridges_lost] == [("a", "c", 2.0, 2.8)]


def test_ei_drift():
    ch = compare(PREV, CUR, AnalysisSettings())
    drift = {d.unit: d for d in ch.ei_drift}
    assert [d.unit for d in ch.ei_drift] == ["gone", "new", "u1", "u2"]
    assert drift["u1"].delta == pytest.approx(0.4)  # -0.1 - (-0.5)
    assert (drift["u2"].before, drift["u2"].after, drift["u2"].delta) == (0.2, None, None)
    assert drift["new"].before is None and drift["gone"].after is None


def test_brokers_appeared_and_disappeared():
    # 20 active people x 0.1 = top 2 by cross-unit brokerage (p03 is coordinator only)
    s = AnalysisSettings(broker_top_share=0.1)
    assert broker_set(PREV, s) == {"p01", "p02"}
    assert broker_set(CUR, s) == {"p02", "p04"}
    ch = compare(PREV, CUR, s)
    assert ch.brokers_appeared == ["p04"] and ch.brokers_disappeared == ["p01"]
    # top 5% of 20 = 1 person
    assert broker_set(CUR, AnalysisSettings(broker_top_share=0.05)) == {"p02"}


def test_identical_windows_have_no_changes_and_result_round_trips():
    ch = compare(CUR, CUR, AnalysisSettings())
    assert not (ch.new_ties or ch.lost_ties or ch.strengthened or ch.weakened
                or ch.bridges_gained or ch.bridges_lost or ch.brokers_appeared
                or ch.brokers_disappeared)
    assert all(d.delta in (0.0, None) for d in ch.ei_drift)
    # a result with a new tie survives JSON (saved audits are JSON), as null, not "Infinity"
    full = compare(PREV, CUR, AnalysisSettings())
    text = full.model_dump_json()
    assert "Infinity" not in text and '"change":null,"new":true' in text
    again = type(full).model_validate_json(text)
    assert again.new_ties[0].change is None and again == full


def _exec(x: str) -> ExecutiveMetrics:
    return ExecutiveMetrics(id=x, name=x, title="", unit="tech", role="it", ties_to_it=0,
                            strength_to_it=0.0, ties_to_csuite=0, strength_to_csuite=0.0,
                            units_reached=0, strength=0.0, isolated=False, score=0.0,
                            explanation="")


def _with_changes() -> AnalysisResult:
    """CUR with its changes against PREV, people a-f in units tech (IT) and biz (business)
    and one leader, a (the only person of the executives section)."""
    units = {"a": "tech", "b": "biz", "c": "tech", "d": "biz", "e": "tech", "f": "tech",
             "p01": "tech", "p02": "tech"}
    people = [_person(x).model_copy(update={
        "name": x.upper(), "unit": u, "unit_kind": "it" if u == "tech" else "business"})
        for x, u in units.items()]
    people += [_person(f"p{i:02d}") for i in range(3, 20)]
    return CUR.model_copy(update={"changes": compare(PREV, CUR, AnalysisSettings()),
                                  "people": people, "executives": [_exec("a")]})


def test_change_rows_put_leaders_then_it_business_first_and_name_people():
    rows = change_rows(_with_changes())
    # leader a: a-b fell by 3, a-c (no longer a bridge) moved by 0.8; then IT-business ties,
    # the E-I drift of u1 (|0.4| >= 0.1) and the brokers; then the rest (see change_rows)
    assert [(r["kind"], r["source"], r["target"]) for r in rows] == [
        ("weakened", "a", "b"), ("bridges_lost", "a", "c"),
        ("ei_drift", "u1", ""), ("brokers_appeared", "p02", ""),
        ("brokers_disappeared", "p01", ""), ("lost_ties", "c", "d"), ("strengthened", "b", "c"),
        ("ei_drift", "gone", ""), ("ei_drift", "new", ""), ("ei_drift", "u2", ""),
        ("new_ties", "e", "f"), ("bridges_gained", "e", "f")]
    first = rows[0]
    assert (first["source_name"], first["target_name"], first["leader"]) == ("A", "B", True)
    assert first["it_business"] and first["change"] == -0.75
    new = next(r for r in rows if r["kind"] == "new_ties")
    assert new["change"] is None and new["new"] is True  # typed: no infinity


def test_change_rows_filters():
    r = _with_changes()
    assert {x["source"] for x in change_rows(r, kinds=["ei_drift"])} == {"u1", "u2", "gone", "new"}
    assert [(x["kind"], x["target"]) for x in change_rows(r, person="a")] == [
        ("weakened", "b"), ("bridges_lost", "c")]
    assert [(x["kind"], x["source"], x["target"]) for x in change_rows(r, unit="biz")] == [
        ("weakened", "a", "b"), ("lost_ties", "c", "d"), ("strengthened", "b", "c")]
    assert [x["source"] for x in change_rows(r, unit="u1")] == ["u1"]
    with pytest.raises(UsageError, match="unknown change kind"):
        change_rows(r, kinds=["gossip"])


def test_equal_changes_are_ordered_by_ids_as_text():
    """Ties of equal size are listed by (source, target) compared as text ("p10" < "p9"),
    as tuples of strings would be sorted; a lost bridge reports its strength before and
    0 after, a bridge on a new tie has no finite change."""
    prev = _result(0, 100, ties=[_tie("p9", "q", 1.0, bridge=True), _tie("p10", "q", 1.0)],
                   units=[], brokers=[])
    cur = _result(100, 200, ties=[_tie("p9", "z", 2.0, bridge=True), _tie("p10", "z", 2.0),
                                  _tie("p10", "q", 1.0)], units=[], brokers=[])
    ch = compare(prev, cur, AnalysisSettings())
    assert [(t.source, t.target) for t in ch.new_ties] == [("p10", "z"), ("p9", "z")]
    assert [(t.source, t.target, t.before, t.after, t.change)
            for t in ch.bridges_lost] == [("p9", "q", 1.0, 0.0, -1.0)]
    assert [(t.source, t.target, t.before, t.change, t.new)
            for t in ch.bridges_gained] == [("p9", "z", 0.0, None, True)]


def test_a_pair_given_twice_keeps_its_last_row():
    """A hand-made result may list one pair in both directions: the last row counts (as a
    dict keyed by the pair would keep it)."""
    prev = _result(0, 100, ties=[_tie("a", "b", 4.0), _tie("b", "a", 3.0)], units=[], brokers=[])
    cur = _result(100, 200, ties=[_tie("a", "b", 1.0)], units=[], brokers=[])
    ch = compare(prev, cur, AnalysisSettings(tie_change_threshold=0.5))
    # (1 - 3) / 3 = -0.667: weakened from the last row's 3.0
    assert [(t.source, t.target, t.before, t.after) for t in ch.weakened] == [("a", "b", 3.0, 1.0)]
