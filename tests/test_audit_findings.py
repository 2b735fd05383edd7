"""Findings, trends and privacy on a hand-built AnalysisResult (tests/test_audit_fixtures.py).

Expected findings follow from the hand-written figures and the default thresholds
(relgraph.config.AuditThresholds); each assertion says which rule fires and why.
"""

from __future__ import annotations

import json

from test_audit_fixtures import AS_OF, DAY, make_result

from relgraph.analysis.result import UnitPair
from relgraph.audit import build_audit, derive_findings
from relgraph.audit.export import findings_document, findings_json, metrics_csv
from relgraph.audit.history import AuditPayload
from relgraph.audit.privacy import pseudonym
from relgraph.audit.report_html import render_html
from relgraph.audit.report_md import render_markdown
from relgraph.config import RelgraphConfig


def by_id(findings):
    return {f.id: f for f in findings}


def test_each_rule_fires_on_the_planted_figures():
    f = by_id(derive_findings(make_result(), RelgraphConfig()))
    # cmo: score 0.85 >= executive_score_high 0.75 (and no IT tie) -> high;
    # coo: 0.55 in [0.5, 0.75) with one IT tie -> medium
    assert f["disconnected-executive:cmo"].severity == "high"
    assert f["disconnected-executive:coo"].severity == "medium"
    assert "disconnected-executive:ceo" not in f  # score 0.1 < 0.5
    # dir-sc: director with degree 0 -> medium; clerk is staff (not in isolated_levels)
    assert f["isolated-stakeholder:dir-sc"].severity == "medium"
    assert "isolated-stakeholder:clerk" not in f
    # it-data: E-I -1.0 <= -0.9 and no business tie -> high; bu-ops: E-I -0.6 <= -0.6 -> medium
    assert f["siloed-unit:it-data"].severity == "high"
    assert f["siloed-unit:it-data"].evidence["ei_index"] == -1.0
    assert f["siloed-unit:bu-ops"].severity == "medium"
    assert "siloed-unit:bu-fin" not in f and "siloed-unit:v-cloud" not in f  # E-I 0; vendor
    # v-cloud: one organisation contact (people_a = 1 on the it-apps side) -> eng holds it
    assert f["fragile-bridge:v-cloud"].people == ["eng"]
    assert f["fragile-bridge:v-cloud"].severity == "high"
    # bu-ops - it-apps: strength 14 >= 5 and coo is its single point -> one finding for coo
    assert f["fragile-bridge:coo"].severity == "medium"
    assert f["fragile-bridge:coo"].evidence["pairs"] == ["bu-ops:it-apps"]
    assert f["fragile-bridge:coo"].units == ["bu-ops", "it-apps"]
    assert "fragile-bridge:cfo" not in f  # bu-fin - it-apps: share 0.5, no single point
    # dir-apps: brokerage 60 = 10.9 x the median 5.5 (>= 5) -> found; articulation -> medium;
    # pm: 5 / 5.5 = 0.9 -> not
    assert f["overloaded-broker:dir-apps"].severity == "medium"
    assert f["overloaded-broker:dir-apps"].evidence["median_brokerage"] == 5.5
    assert "overloaded-broker:pm" not in f
    # cfo - cio: 1 - 4/20 = 0.8 drop >= 0.75 -> high; ana-eng has no leader; ceo-cfo 33 % drop
    assert f["decaying-relationship:cfo:cio"].severity == "high"
    assert f["decaying-relationship:cfo:cio"].evidence["drop"] == 0.8
    assert "decaying-relationship:ana:eng" not in f
    assert "decaying-relationship:ceo:cfo" not in f
    # pm initiates 29/30 = 0.967 of 30 interactions with the COO (a leader) -> medium
    one = f["one-sided-relationship:coo:pm"]
    assert one.evidence["initiator"] == "pm" and one.evidence["initiator_share"] == 0.967
    assert one.severity == "medium"
    assert not any(k.startswith("one-sided-relationship:ceo") for k in f)  # share 0.5
    # no baseline -> no positive finding
    assert not any(x.positive for x in f.values())


def test_order_is_severity_then_kind_then_id():
    findings = derive_findings(make_result(), RelgraphConfig())
    ranks = [(-x.severity.rank, x.kind, x.id) for x in findings]
    assert ranks == sorted(ranks)
    assert findings[0].severity == "high"


def test_thresholds_come_from_the_configuration():
    cfg = RelgraphConfig.model_validate({"audit": {"executive_score": 0.9, "silo_ei": -0.95,
                                                   "isolated_levels": ["director", "staff"]}})
    f = by_id(derive_findings(make_result(), cfg))
    assert "disconnected-executive:cmo" not in f  # 0.85 < 0.9
    assert "siloed-unit:bu-ops" not in f  # -0.6 > -0.95
    assert "siloed-unit:it-data" in f  # still: no business tie
    assert "isolated-stakeholder:clerk" in f
    # leadership definition: exclude the COO -> no executive finding, one-sided no longer key
    cfg2 = RelgraphConfig.model_validate({"leadership": {"exclude": ["coo"]}})
    f2 = by_id(derive_findings(make_result(), cfg2))
    assert "disconnected-executive:coo" not in f2
    assert "one-sided-relationship:coo:pm" not in f2


def _history_of(result, config):
    a = build_audit(result, config)
    return a, a.payload


def test_second_audit_reports_trends_and_positive_findings():
    cfg = RelgraphConfig()
    first, payload = _history_of(make_result(), cfg)
    # next month: it-data got 6 business ties: E-I (6 - 4) / 10 = 0.2 -> no longer siloed;
    # a new bu-fin - it-data pair with 3 ties; the isolated director is back
    new_pair = UnitPair(unit_a="bu-fin", unit_b="it-data", ties=3, strength=6.0, people_a=2,
                        people_b=2, top_person="ana", top_person_share=0.6, single_points=[])
    nxt = make_result(data_ei=0.2, data_to_business=6, extra_pairs=[new_pair],
                      as_of=AS_OF + 30 * DAY)
    nxt.people[6] = nxt.people[6].model_copy(update={"isolated": False, "degree": 2})
    second = build_audit(nxt, cfg, history=[AuditPayload.model_validate_json(
        payload.model_dump_json())])
    assert second.baseline is not None and second.baseline.id == first.id
    f = by_id(second.findings)
    assert f["silo-opened:it-data"].positive and f["silo-opened:it-data"].severity == "info"
    assert f["new-bridge:bu-fin:it-data"].positive
    status = {t.id: t.status for t in second.trends.findings}
    assert status["siloed-unit:it-data"] == "resolved"
    assert status["isolated-stakeholder:dir-sc"] == "resolved"
    assert status["silo-opened:it-data"] == "new"
    assert status["disconnected-executive:cmo"] == "unchanged"
    metrics = {m.metric: m for m in second.trends.metrics}
    # siloed units: 2 (it-data, bu-ops) -> 1 (bu-ops): fewer is better
    assert (metrics["siloed_units"].before, metrics["siloed_units"].after) == (2, 1)
    assert metrics["siloed_units"].direction == "better"
    assert [a.id for a in second.history] == [first.id, second.id]


def test_worse_and_better_and_explicit_baseline():
    cfg = RelgraphConfig()
    _, p1 = _history_of(make_result(), cfg)
    # COO's score rises above 0.75 -> worse; the cmo gets an IT tie and a score of 0.6 -> medium
    r = make_result(as_of=AS_OF + 30 * DAY)
    r.executives[0] = r.executives[0].model_copy(update={"score": 0.6, "ties_to_it": 1})
    r.executives[1] = r.executives[1].model_copy(update={"score": 0.8})
    a = build_audit(r, cfg, history=[p1], baseline=p1.id)
    status = {t.id: t.status for t in a.trends.findings}
    assert status["disconnected-executive:coo"] == "worse"
    assert status["disconnected-executive:cmo"] == "better"
    none = build_audit(r, cfg, history=[p1], baseline="none")
    assert none.trends is None


def test_audit_id_is_deterministic_and_depends_on_config():
    a = build_audit(make_result(), RelgraphConfig())
    b = build_audit(make_result(), RelgraphConfig())
    c = build_audit(make_result(), RelgraphConfig.model_validate({"audit": {"silo_ei": -0.5}}))
    assert a.id == b.id and a.id.startswith("audit-2026-10-31-")
    assert c.id != a.id
    assert findings_json(a) == findings_json(b)


def test_fail_on_thresholds():
    a = build_audit(make_result(), RelgraphConfig())
    assert a.reaches("never") == []
    assert {f.severity for f in a.reaches("high")} == {"high"}
    assert len(a.reaches("medium")) > len(a.reaches("high"))


def test_pseudonymize_hides_every_name_and_id_in_every_output():
    a = build_audit(make_result(), RelgraphConfig(), pseudonymize=True)
    outputs = [findings_json(a), metrics_csv(a), render_markdown(a), render_html(a)]
    names = ["Dee Brand", "Hal Cloud", "Gus Supply", "Eve Ops", "Cy Tech", "Ivy Plan"]
    for text in outputs:
        for secret in names:
            assert secret not in text
        assert '"cmo"' not in text and "dir-sc" not in text
    doc = json.loads(findings_json(a))
    ids = {f["id"] for f in doc["findings"]}
    assert f"disconnected-executive:{pseudonym('cmo')}" in ids
    assert pseudonym("cmo") == pseudonym("cmo") != pseudonym("cmo", "secret")


def test_min_group_size_suppresses_unit_figures():
    # it-data has 4 people: below 5 its E-I and tie counts are suppressed everywhere
    a = build_audit(make_result(), RelgraphConfig(), min_group_size=5)
    f = {x["id"]: x for x in findings_document(a)["findings"]}
    ev = f["siloed-unit:it-data"]["evidence"]
    assert "ei_index" not in ev and ev["unit_figures"].startswith("suppressed")
    assert f["siloed-unit:bu-ops"]["evidence"]["ei_index"] == -0.6  # 6 people: shown
    rows = [r.split(",") for r in metrics_csv(a).splitlines()]
    data_rows = [r for r in rows if r[2] == "it-data"]
    assert data_rows and all(r[4] == "suppressed" for r in data_rows)
    off = build_audit(make_result(), RelgraphConfig(), min_group_size=0)
    assert "ei_index" in {x["id"]: x for x in findings_document(off)["findings"]}[
        "siloed-unit:it-data"]["evidence"]


def test_user_data_is_escaped_in_reports():
    evil = "<script>alert('x')</script> | **bold**"
    a = build_audit(make_result(cmo_name=evil), RelgraphConfig())
    html = render_html(a)
    assert "<script>" not in html and "&lt;script&gt;" in html
    md = render_markdown(a)
    assert "<script>" not in md and "\\*\\*bold\\*\\*" in md
