"""The planted patterns of the sample org (samples/README.md, "Planted patterns") are
found by the whole analysis, and nothing absurd is.

Expected ids and facts come from samples/README.md (written from the generator's
rules, not from relgraph's output). The store is ingested once per module.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from relgraph import run  # noqa: E402
from relgraph.analysis.changes import CROSS_UNIT_ROLES, compare
from relgraph.analysis.result import AnalysisResult
from relgraph.ingest import ingest
from relgraph.settings import AnalysisSettings
from relgraph.store.sqlite import SQLiteStore
from relgraph.window import parse_as_of

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SILO_EI = -0.6          # the audit's default silo threshold (relgraph.config, silo_ei)
EXEC_SCORE = 0.5        # the audit's default disconnected-executive score (executive_score)


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict[str, AnalysisResult]:
    assert (SAMPLES / "acme" / "interactions.csv").exists(), "samples/acme is committed"
    store = SQLiteStore(tmp_path_factory.mktemp("acme") / "acme.db")
    store.init()
    ingest(store, [SAMPLES / "acme", SAMPLES / "acme-next-month"])
    s = AnalysisSettings()
    out = {
        # last 90 days of the main period (2026-08-03..10-31), compared with the 90 days before
        "oct": run.run_analysis(store, s, as_of=parse_as_of("2026-10-31"), window_days=90,
                                compare_to="previous"),
        # the window ending with the extra month (2026-09-02..11-30)
        "nov": run.run_analysis(store, s, as_of=parse_as_of("2026-11-30"), window_days=90),
    }
    store.close()
    return out


def _units(r: AnalysisResult) -> dict:
    return {u.id: u for u in r.units}


def _execs(r: AnalysisResult) -> dict:
    return {e.id: e for e in r.executives}


def test_1_cmo_has_no_ties_to_it_and_is_disconnected(results):
    e = _execs(results["oct"])
    assert e["cmo"].role == "business" and e["cmo"].ties_to_it == 0
    assert e["cmo"].score >= EXEC_SCORE and "IT" in e["cmo"].explanation
    # the cmo is the most disconnected business executive
    business = [x for x in results["oct"].executives if x.role == "business"]
    assert business[0].id == "cmo"


def test_8_ceo_is_well_connected_and_exec_unit_is_no_silo(results):
    e = _execs(results["oct"])
    assert not e["ceo"].isolated and e["ceo"].score < 0.25 and e["ceo"].ties_to_it >= 3
    assert _units(results["oct"])["exec"].ei_index > 0  # more ties out than in
    # only the planted silo's director joins the cmo above the threshold
    flagged = {x.id for x in results["oct"].executives if x.score >= EXEC_SCORE}
    assert flagged == {"cmo", "p00003"}


def test_2_it_data_is_the_only_silo(results):
    u = _units(results["oct"])
    d = u["it-data"]
    assert (d.external_ties, d.ei_index, d.ei_weighted) == (0, -1.0, -1.0)
    assert d.internal_ties > 0 and d.ei_p_value is not None and d.ei_p_value <= 0.05
    assert (d.ties_to_it, d.ties_to_business, d.units_reached) == (0, 0, 0)
    silos = {x.id for x in results["oct"].units if x.ei_index is not None and x.ei_index <= SILO_EI}
    assert silos == {"it-data"}


def test_3_cloudco_hangs_on_one_engineer(results):
    pairs = [p for p in results["oct"].unit_pairs if "v-cloudco" in (p.unit_a, p.unit_b)]
    assert [(p.unit_a, p.unit_b) for p in pairs] == [("it-infra", "v-cloudco")]
    assert "p00014" in pairs[0].single_points and pairs[0].people_a == 1
    people = {p.id: p for p in results["oct"].people}
    assert people["p00014"].articulation_point
    # the other vendors are reached by several people
    for v in ("v-erpsoft", "v-netsec", "v-outsource"):
        org = sum(p.people_a if p.unit_b == v else p.people_b
                  for p in results["oct"].unit_pairs if v in (p.unit_a, p.unit_b))
        assert org >= 3, v


def test_4_relationship_manager_is_the_top_broker(results):
    r = results["oct"]
    cross = {b.id: sum(b.roles[k] for k in CROSS_UNIT_ROLES) for b in r.brokers}
    assert max(cross, key=cross.get) == "p00015"
    people = {p.id: p for p in r.people}
    constrained = [p for p in r.people if p.constraint is not None]
    assert min(constrained, key=lambda p: p.constraint).id == "p00015"
    # README: highest (unweighted) betweenness of all people
    assert max(r.people, key=lambda p: p.betweenness_unweighted).id == "p00015"
    assert people["p00015"].effective_size > 50


def test_5_cio_cfo_relationship_decays(results):
    ch = results["oct"].changes
    assert ch is not None
    weakened = {(t.source, t.target): t for t in ch.weakened}
    t = weakened[("cfo", "cio")]
    # 54 records May-July vs 14 Aug-Oct, and the October ones are few: far below -50%
    assert t.change < -0.5
    # and it is the relationship that lost the most strength of all
    assert (ch.weakened[0].source, ch.weakened[0].target) == ("cfo", "cio")


def test_6_isolated_director(results):
    people = {p.id: p for p in results["oct"].people}
    assert people["p00013"].isolated and people["p00013"].degree == 0
    # business directors are not executives: not in the executives section
    assert "p00013" not in _execs(results["oct"])


def test_7_one_sided_relationship(results):
    ties = {(t.source, t.target): t for t in results["oct"].ties}
    # 78 records from p00016 to coo, 3 back (96% from the IT side): coo's share is small
    assert ties[("coo", "p00016")].source_share < 0.1


def test_november_silo_opens_and_new_bridge(results):
    ch = compare(results["oct"], results["nov"], AnalysisSettings())
    drift = {d.unit: d for d in ch.ei_drift}
    # README: E-I of it-data from -1.0 (Aug-Oct) to about -0.4 (Sep-Nov)
    assert drift["it-data"].before == -1.0 and drift["it-data"].delta > 0.3
    # bu-legal and it-sec never met before November; now only through p00017
    assert not any({p.unit_a, p.unit_b} == {"bu-legal", "it-sec"} for p in results["oct"].unit_pairs)
    (pair,) = [p for p in results["nov"].unit_pairs if (p.unit_a, p.unit_b) == ("bu-legal", "it-sec")]
    assert pair.single_points == ["p00017"]
    assert ("p00017", "p00018") in {(t.source, t.target) for t in ch.new_ties}
    # the cmo is still without IT in November
    assert _execs(results["nov"])["cmo"].ties_to_it == 0
