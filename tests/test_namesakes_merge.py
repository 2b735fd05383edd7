"""One person under several ids, none with a tie: one finding, not one per id
(relgraph.audit.namesakes, relgraph.analysis.identities.tieless_namesakes).

On Enron's data the audit reported Jeffrey Shankman twice (two mailboxes, two ids, both
without a tie in the window). The organisation built here has, besides a connected
core, four shapes of duplicate identity; every expected value below is read off the
roster and the ties built here, not off the code's output:

* Eve Tran: two executive ids in the Executive Office (``eve1``, and ``eve2`` spelled
  " eve TRAN " to exercise the name comparison), neither with a tie in the audited
  window; ``eve2`` met the CEO in the previous window. Expected: one
  ``disconnected-executive:eve1`` (first id sorted), high (isolated executives are
  high), listing both ids, with eve2's "had ties in the previous window" and its
  strength change of -100 % (strength before > 0, now 0).
* Cy Dorn: a director in Operations and a director in Sales, no ties: two people may
  share a name, so two ``isolated-stakeholder`` findings, as before.
* Bo Chan: ``bo`` has ties, ``bo2`` none: the existing rule withholds ``bo2``'s finding.
* Lu Ito: three ids in Operations, none with a tie: ``lu1`` a manager (low), ``lu2`` and
  ``lu3`` directors (medium). Expected: one ``isolated-stakeholder:lu1``, medium (the
  most severe), level "director" (the lead: most severe, then first id, i.e. ``lu2``).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from relgraph.analysis.analyze import analyze
from relgraph.analysis.dataquality import DataQuality
from relgraph.analysis.identities import name_key, tieless_namesakes
from relgraph.analysis.result import AnalysisMeta, AnalysisResult, PersonMetrics
from relgraph.audit import run_audit
from relgraph.audit.export import write_outputs
from relgraph.audit.findings import Finding, Severity, derive_findings
from relgraph.audit.namesakes import merge_group, merge_namesakes
from relgraph.config import RelgraphConfig
from relgraph.graph import build_tie_graph
from relgraph.models import DirectedTie, Level, Person, Unit, UnitKind
from relgraph.plan.model import Plan, PlanEntry, parse_cadence
from relgraph.plan.review import review_plan
from relgraph.store.base import EdgeRow
from relgraph.store.sqlite import SQLiteStore

DAY = 86400
T0 = int(datetime(2026, 1, 5, 9, tzinfo=UTC).timestamp())
AS_OF = T0 + 179 * DAY + 3600  # window: days 90..179; previous window: days 0..89
UNITS = [("exec", "Executive Office", "business"), ("ops", "Operations", "business"),
         ("sales", "Sales", "business"), ("it", "IT", "it")]
CORE = [  # id, name, unit, level: the connected organisation
    ("ceo", "Ann Lee", "exec", "executive"), ("cfo", "Raj Kumar", "exec", "executive"),
    ("cio", "Mo Diaz", "it", "executive"), ("it1", "Tess Wu", "it", "staff"),
    ("it2", "Ola Berg", "it", "staff"), ("o1", "Kim Roe", "ops", "staff"),
    ("o2", "Dee Park", "ops", "staff"), ("s1", "Sam Hale", "sales", "staff"),
    ("s2", "Pia Voss", "sales", "staff"), ("bo", "Bo Chan", "ops", "director"),
]
DUPLICATES = [
    ("eve1", "Eve Tran", "exec", "executive"), ("eve2", " eve TRAN ", "exec", "executive"),
    ("cy.ops", "Cy Dorn", "ops", "director"), ("cy.sales", "Cy Dorn", "sales", "director"),
    ("bo2", "Bo Chan", "ops", "director"),
    ("lu1", "Lu Ito", "ops", "manager"), ("lu2", "Lu Ito", "ops", "director"),
    ("lu3", "Lu Ito", "ops", "director"),
]
PAIRS = [("ceo", "cfo"), ("ceo", "cio"), ("cfo", "cio"), ("cio", "it1"), ("it1", "it2"),
         ("o1", "o2"), ("o1", "it1"), ("s1", "s2"), ("s1", "it2"), ("bo", "o1"),
         ("bo", "it1"), ("ceo", "o1"), ("cfo", "s1")]


def _store(people=CORE + DUPLICATES) -> SQLiteStore:
    s = SQLiteStore(":memory:")
    edges = [(a, b, T0 + d * DAY) for d in range(180) for a, b in PAIRS]
    edges += [("eve2", "ceo", T0 + d * DAY) for d in range(30)]  # previous window only
    with s.transaction():
        s.upsert_units([Unit(id=u, name=n, kind=k) for u, n, k in UNITS])
        s.upsert_people([Person(id=p, name=n, unit=u, level=lv) for p, n, u, lv in people])
        s.add_edges([EdgeRow(f"i{i}", a, b, at, "meeting", 1.0, None)
                     for i, (a, b, at) in enumerate(edges)])
    return s


@pytest.fixture(scope="module")
def audit():
    return run_audit(_store(), RelgraphConfig(), as_of=AS_OF, save=False)


def _by_id(a):
    return {f.id: f for f in a.findings}


def test_two_tieless_executives_of_one_name_and_unit_are_one_finding(audit):
    f = _by_id(audit)
    assert "disconnected-executive:eve2" not in f
    eve = f["disconnected-executive:eve1"]
    assert eve.subject == "eve1"
    assert eve.people == ["eve1", "eve2"] and eve.evidence["ids"] == ["eve1", "eve2"]
    assert eve.units == ["exec"]
    assert eve.severity == Severity.HIGH
    assert "under any of 2 ids" in eve.title and eve.title.startswith(
        "Disconnected executive: {p:eve1} ")
    # eve2 met the CEO in the previous window: the merged evidence says so
    assert eve.evidence["strength_change"] == -1.0
    assert "had ties in the previous window" in eve.evidence["explanation"]
    assert eve.evidence["isolated"] is True
    assert "aliases" in eve.action and "{p:eve1}" in eve.action
    assert "{p:eve2}" not in eve.title + eve.action
    assert sum(1 for x in audit.findings if "eve1" in x.people or "eve2" in x.people) == 1


def test_same_name_in_two_units_stays_two_findings(audit):
    f = _by_id(audit)
    assert "isolated-stakeholder:cy.ops" in f and "isolated-stakeholder:cy.sales" in f
    assert f["isolated-stakeholder:cy.ops"].people == ["cy.ops"]
    assert "ids" not in f["isolated-stakeholder:cy.sales"].evidence


def test_an_id_with_ties_still_withholds_its_namesake(audit):
    f = _by_id(audit)
    assert "isolated-stakeholder:bo2" not in f
    assert [w.id for w in audit.withheld] == ["isolated-stakeholder:bo2"]
    assert audit.analysis.data_quality.namesakes == {"bo2": ["bo"]}


def test_three_ids_merge_with_the_most_severe_severity(audit):
    f = _by_id(audit)
    assert not {"isolated-stakeholder:lu2", "isolated-stakeholder:lu3"} & set(f)
    lu = f["isolated-stakeholder:lu1"]
    assert lu.people == ["lu1", "lu2", "lu3"] and lu.evidence["ids"] == ["lu1", "lu2", "lu3"]
    assert lu.severity == Severity.MEDIUM  # lu2/lu3 are directors (medium), lu1 manager (low)
    assert lu.evidence["level"] == "director"
    assert lu.title.startswith("Isolated stakeholder: {p:lu1} (director, {u:ops})")
    assert "under any of 3 ids" in lu.title


def test_the_data_check_lists_the_groups_and_the_names_left_apart(audit):
    q = audit.analysis.data_quality
    assert q.merged_namesakes == [["eve1", "eve2"], ["lu1", "lu2", "lu3"]]
    check = next(c for c in q.checks if c.id == "tieless-namesakes")
    assert check.level == "warning"
    assert check.figures["ids"] == [["eve1", "eve2"], ["lu1", "lu2", "lu3"]]
    assert check.figures["other_units"] == [["cy.ops", "cy.sales"]]
    assert "merged for reporting" in check.message and "aliases" in (check.suggestion or "")


def test_every_output_says_the_ids_were_merged(audit, tmp_path):
    write_outputs(audit, tmp_path)
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    dq = md[md.index("## Data quality"):md.index("## Findings")]
    assert "Findings merged for reporting" in dq
    assert "ids eve1, eve2" in dq and "ids lu1, lu2, lu3" in dq
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    hq = html[html.index('id="data-quality"'):]
    assert "Findings merged for reporting" in hq and "ids lu1, lu2, lu3" in hq
    doc = json.loads((tmp_path / "findings.json").read_text(encoding="utf-8"))
    merged = doc["data_quality"]["merged"]
    assert [(m["id"], m["ids"]) for m in merged] == [
        ("disconnected-executive:eve1", ["eve1", "eve2"]),
        ("isolated-stakeholder:lu1", ["lu1", "lu2", "lu3"])]
    # the finding's own sentence names the person once and lists the ids
    assert "The roster holds Eve Tran under 2 ids (eve1, eve2)" in md


def test_merged_ids_are_pseudonymised_and_names_escaped(tmp_path):
    people = [(p, '<b>Eve</b> & "Co"' if p in ("eve1", "eve2") else n, u, lv)
              for p, n, u, lv in CORE + DUPLICATES]
    a = run_audit(_store(people), RelgraphConfig(), as_of=AS_OF, save=False)
    assert "disconnected-executive:eve1" in _by_id(a)
    write_outputs(a, tmp_path)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<b>Eve</b>" not in html and "&lt;b&gt;Eve&lt;/b&gt;" in html
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "<b>Eve" not in md and "\\<b\\>Eve" in md
    p = run_audit(_store(), RelgraphConfig(), as_of=AS_OF, save=False, pseudonymize=True)
    out = tmp_path / "p"
    write_outputs(p, out)
    for name in ("report.md", "report.html", "findings.json"):
        text = (out / name).read_text(encoding="utf-8")
        for secret in ("Eve Tran", "eve1", "eve2", "Lu Ito", "lu1", "lu3"):
            assert secret not in text, (name, secret)


def test_same_input_same_output(tmp_path):
    docs = []
    for n in range(2):
        a = run_audit(_store(), RelgraphConfig(), as_of=AS_OF, save=False)
        write_outputs(a, tmp_path / str(n))
        docs.append((tmp_path / str(n) / "findings.json").read_bytes())
    assert docs[0] == docs[1]


# --- the rule on hand-built findings and results ------------------------------------------
def _finding(pid: str, sev: Severity, level: str, **extra) -> Finding:
    return Finding(
        id=f"isolated-stakeholder:{pid}", kind="isolated-stakeholder", severity=sev,
        title=f"Isolated stakeholder: {{p:{pid}}} ({level}, {{u:ops}}) has no tie",
        subject=pid, people=[pid], units=["ops"],
        evidence={"degree": 0, "level": level, **extra}, action=f"Call {{p:{pid}}}.")


def test_merge_group_severity_evidence_and_id():
    a = _finding("a", Severity.LOW, "manager", flag=False, change=None)
    b = _finding("b", Severity.MEDIUM, "director", flag=True, change=None)
    c = _finding("c", Severity.LOW, "manager", flag=False, change=-0.5)
    m = merge_group([c, b, a])
    assert m.id == "isolated-stakeholder:a" and m.subject == "a"  # first id sorted
    assert m.severity == Severity.MEDIUM  # the most severe
    assert m.people == ["a", "b", "c"] and m.evidence["ids"] == ["a", "b", "c"]
    assert m.evidence["level"] == "director"  # the lead: b, the most severe
    assert m.evidence["flag"] is True  # true for one id: true
    assert m.evidence["change"] == -0.5  # missing in the lead: from the id that has it
    assert m.title == ("Isolated stakeholder: {p:a} (director, {u:ops}) has no tie, under any "
                       "of 3 ids (probably one person)")
    assert m.action.endswith("Call {p:a}.")
    with pytest.raises(ValueError):
        merge_group([a])


def _person(pid: str, name: str, unit: str, isolated: bool) -> PersonMetrics:
    return PersonMetrics(id=pid, name=name, title="", unit=unit, unit_kind="business",
                         level="director", degree=0 if isolated else 1,
                         strength=0.0 if isolated else 1.0, betweenness=0.0,
                         betweenness_unweighted=0.0, harmonic_closeness=0.0, pagerank=0.0,
                         isolated=isolated)


def _result(people: list[PersonMetrics], groups: list[list[str]] | None = None) -> AnalysisResult:
    meta = AnalysisMeta(start=0, end=DAY, as_of=DAY, window_days=1.0, half_life_days=30.0,
                        channel_weights={}, seed=0, people=len(people), ties=0)
    q = DataQuality(merged_namesakes=groups) if groups is not None else None
    return AnalysisResult(meta=meta, people=people, data_quality=q)


def test_tieless_namesakes_groups_by_name_and_unit_only():
    r = _result([_person("x1", "Ada Obi", "u", True), _person("x2", "ADA OBI ", "u", True),
                 _person("y1", "Ben Ode", "u", True), _person("y2", "Ben Ode", "v", True),
                 _person("z1", "Cat Ng", "u", True), _person("z2", "Cat Ng", "u", False),
                 _person("w1", "", "u", True), _person("w2", "", "u", True)])
    merged, apart = tieless_namesakes(r)
    assert merged == [["x1", "x2"]]  # y: two units; z: z2 has ties; w: no name
    assert apart == [["y1", "y2"]]
    assert name_key("  Ada OBI") == name_key("ada obi") == "ada obi"


def test_unknown_unit_joins_the_one_known_unit_of_its_name():
    # an id in no unit ('unassigned', where importers put the people they cannot place)
    # may be anyone of its name: it joins a group when the name has one known unit, not
    # when it has two (relgraph.analysis.identities.may_be)
    r = _result([_person("a1", "Ada Obi", "u", True), _person("a2", "Ada Obi", "unassigned", True),
                 _person("b1", "Ben Ode", "u", True), _person("b2", "Ben Ode", "v", True),
                 _person("b3", "Ben Ode", "unassigned", True),
                 _person("c1", "Cy Lo", "unassigned", True), _person("c2", "Cy Lo", "", True)])
    merged, apart = tieless_namesakes(r)
    assert merged == [["a1", "a2"], ["c1", "c2"]]  # Ben Ode: two known units, not merged
    assert apart == [["b1", "b2", "b3"]]


def test_tieless_ids_whose_namesake_with_ties_is_elsewhere_are_merged():
    # two tie-less ids of one name in unit u, and a namesake with ties in unit v: the one in
    # v is someone else (not matched, so the two are not withheld), and the two in u are
    # one person reported once (review, 2026-12-02: they were reported twice)
    from relgraph.analysis.identities import inactive_elsewhere, inactive_namesakes

    r = _result([_person("a1", "Ada Obi", "u", True), _person("a2", "Ada Obi", "u", True),
                 _person("a3", "Ada Obi", "v", False),
                 _person("x", "Bo Li", "unassigned", True), _person("y", "Bo Li", "u", False),
                 _person("z", "Bo Li", "v", False)])
    assert inactive_namesakes(r) == {}  # x: Bo Li of u or of v? neither is taken
    assert inactive_elsewhere(r) == [["a1", "a2", "a3"], ["x", "y", "z"]]
    assert tieless_namesakes(r) == ([["a1", "a2"]], [])


def test_merge_namesakes_leaves_other_kinds_and_unchecked_results_alone():
    a = _finding("a", Severity.MEDIUM, "director")
    b = _finding("b", Severity.MEDIUM, "director")
    other = a.model_copy(update={"id": "overloaded-broker:a", "kind": "overloaded-broker"})
    people = [_person("a", "Ada Obi", "u", True), _person("b", "Ada Obi", "u", True)]
    assert merge_namesakes([a, b, other], _result(people)) == [a, b, other]  # no data checks
    out = merge_namesakes([a, other, b], _result(people, [["a", "b"]]))
    assert [f.id for f in out] == ["isolated-stakeholder:a", "overloaded-broker:a"]
    assert out[0].people == ["a", "b"] and out[1] == other


def test_a_plan_on_the_second_id_adds_no_second_finding():
    """A plan that names eve2 as a stakeholder to manage closely: without the merge, eve2's
    own disconnected-executive finding kept the plan from adding an under-engaged-stakeholder
    finding about eve2; after the merge, the merged finding's ids must do the same."""
    end = T0 + 28 * DAY
    units = [Unit(id="it", name="IT", kind=UnitKind.IT),
             Unit(id="exec", name="Executive Office", kind=UnitKind.BUSINESS)]
    people = [Person(id="cio", name="Mo Diaz", unit="it", level=Level.EXECUTIVE),
              Person(id="eng", name="Tess Wu", unit="it", level=Level.STAFF),
              Person(id="ceo", name="Ann Lee", unit="exec", level=Level.EXECUTIVE),
              Person(id="eve1", name="Eve Tran", unit="exec", level=Level.EXECUTIVE),
              Person(id="eve2", name="Eve Tran", unit="exec", level=Level.EXECUTIVE)]
    ties = [DirectedTie(a, b, 1, 5.0, end - DAY, end - DAY)
            for a, b in (("cio", "ceo"), ("cio", "eng"))]
    result = analyze(build_tie_graph(people, units, ties, start=T0, end=end, as_of=end))
    result = result.model_copy(update={
        "data_quality": DataQuality(merged_namesakes=tieless_namesakes(result)[0])})
    assert result.data_quality.merged_namesakes == [["eve1", "eve2"]]
    plan = Plan(entries=[PlanEntry(stakeholder="eve2", stakeholder_kind="person", owner="cio",
                                   cadence="1m", cadence_days=parse_cadence("1m"), power=5,
                                   interest=5)])
    cfg = RelgraphConfig()
    ctx = review_plan(result, cfg, plan, units, [])
    ids = {f.id for f in derive_findings(result, cfg, plan=ctx)}
    assert "disconnected-executive:eve1" in ids and "disconnected-executive:eve2" not in ids
    assert "under-engaged-stakeholder:eve2" not in ids


def test_an_unknown_unit_decides_nothing_beside_two_known_ones():
    # one rule for every pair of ids of one name (relgraph.analysis.identities.may_be): an
    # id of unknown unit may be a namesake only while the name has at most one known unit,
    # whichever side has the ties (review, 2026-12-02: cases A, B and C)
    from relgraph.analysis.identities import inactive_elsewhere, inactive_namesakes

    r = _result([
        # A: two tie-less people in two units, and a namesake with ties in no unit
        _person("ax", "Al Ng", "u", True), _person("az", "Al Ng", "v", True),
        _person("ay", "Al Ng", "unassigned", False),
        # B: a tie-less id in no unit, namesakes in u (ties) and v (none)
        _person("bx", "Bea Oh", "unassigned", True), _person("by", "Bea Oh", "u", False),
        _person("bz", "Bea Oh", "v", True),
        # C: two tie-less ids in u, one in no unit, namesakes with ties in v and w
        _person("c1", "Cal Po", "u", True), _person("c2", "Cal Po", "u", True),
        _person("c3", "Cal Po", "unassigned", True), _person("c4", "Cal Po", "v", False),
        _person("c5", "Cal Po", "w", False),
        # and with one known unit the unknown id is matched, whichever side has the ties
        _person("d1", "Di Qu", "u", True), _person("d2", "Di Qu", "unassigned", False),
        _person("e1", "Ed Ra", "unassigned", True), _person("e2", "Ed Ra", "u", False),
    ])
    assert inactive_namesakes(r) == {"d1": ["d2"], "e1": ["e2"]}
    assert inactive_elsewhere(r) == [["ax", "ay", "az"], ["bx", "by", "bz"],
                                     ["c1", "c2", "c3", "c4", "c5"]]
    # C's two ids in u are one person; c3 joins no one; A and B merge nothing, and names
    # with an id that has ties are not listed as 'apart' (inactive_elsewhere lists them)
    assert tieless_namesakes(r) == ([["c1", "c2"]], [])
