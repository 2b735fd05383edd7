"""A hand-built AnalysisResult for the audit tests (no analysis engine involved).

The organisation (ids are what the tests assert on):

* business units ``bu-fin`` (Finance, 6 people) and ``bu-ops`` (Operations, 6) in
  which ``cfo`` and ``coo`` are executives; ``exec`` holds the ``ceo``;
* IT units ``it-apps`` (6 people; ``cio``, ``dir-apps`` director, ``pm`` manager)
  and ``it-data`` (4 people, talks only to itself);
* vendor ``v-cloud`` (3 people) reached only through ``eng`` (it-apps).

Every figure below is written by hand; the comments give the arithmetic where a
figure is derived (E-I = (E - I) / (E + I), Krackhardt & Stern 1988).
"""

from __future__ import annotations

from relgraph.analysis.result import (
    AnalysisMeta,
    AnalysisResult,
    BrokerMetrics,
    Changes,
    ExecutiveMetrics,
    PersonMetrics,
    TieChange,
    TieMetrics,
    UnitMetrics,
    UnitPair,
)

AS_OF = 1793491200  # 2026-11-01T00:00:00Z: window 2026-08-03 .. 2026-10-31
DAY = 86400

PEOPLE = [
    # id, name, title, unit, kind, level, isolated
    ("ceo", "Ada Chief", "Chief Executive Officer", "exec", "business", "executive", False),
    ("cfo", "Ben Money", "Chief Financial Officer", "bu-fin", "business", "executive", False),
    ("cio", "Cy Tech", "Chief Information Officer", "it-apps", "it", "executive", False),
    ("cmo", "Dee Brand", "Chief Marketing Officer", "bu-ops", "business", "executive", False),
    ("coo", "Eve Ops", "Chief Operating Officer", "bu-ops", "business", "executive", False),
    ("dir-apps", "Fay Apps", "Director, Applications", "it-apps", "it", "director", False),
    ("dir-sc", "Gus Supply", "Director, Supply Chain", "bu-ops", "business", "director", True),
    ("eng", "Hal Cloud", "Cloud Engineer", "it-apps", "it", "staff", False),
    ("pm", "Ivy Plan", "ERP Product Manager", "it-apps", "it", "manager", False),
    ("ana", "Jo Data", "Data Analyst", "it-data", "it", "staff", False),
    ("clerk", "Kim Clerk", "Clerk", "bu-fin", "business", "staff", True),
    ("vam", "Lou Vendor", "Account Manager", "v-cloud", "vendor", "vendor_contact", False),
]


def person(pid: str, name: str, title: str, unit: str, kind: str, level: str,
           isolated: bool) -> PersonMetrics:
    return PersonMetrics(
        id=pid, name=name, title=title, unit=unit, unit_kind=kind, level=level,
        degree=0 if isolated else 3, strength=0.0 if isolated else 10.0, betweenness=0.0,
        betweenness_unweighted=0.0, harmonic_closeness=0.0, pagerank=0.01, isolated=isolated,
    )


def unit(uid: str, name: str, kind: str, headcount: int, internal: int, external: int,
         to_it: int, to_business: int, ei: float | None) -> UnitMetrics:
    return UnitMetrics(
        id=uid, name=name, kind=kind, headcount=headcount, active=headcount,
        internal_ties=internal, external_ties=external, internal_strength=float(internal),
        external_strength=float(external), ei_index=ei, ei_weighted=ei,
        ties_to_it=to_it, ties_to_business=to_business, units_reached=1 if external else 0,
    )


def tie(s: str, t: str, su: str, tu: str, strength: float, count: int, share: float,
        cross_kind: bool) -> TieMetrics:
    return TieMetrics(
        source=s, target=t, source_unit=su, target_unit=tu, strength=strength, count=count,
        overlap=0.1, strong=False, bridging=True, local_bridge=False, bridge=False,
        cross_unit=su != tu, cross_kind=cross_kind, source_share=share,
    )


def make_result(*, data_ei: float = -1.0, data_to_business: int = 0,
                with_changes: bool = True, extra_pairs: list[UnitPair] | None = None,
                as_of: int = AS_OF, cmo_name: str | None = None) -> AnalysisResult:
    people = [person(*p) for p in PEOPLE]
    if cmo_name is not None:
        people[3] = people[3].model_copy(update={"name": cmo_name})
    units = [
        # bu-fin: 10 internal, 10 external ties -> E-I = (10 - 10) / 20 = 0.0 (not a silo)
        unit("bu-fin", "Finance", "business", 6, 10, 10, 4, 6, 0.0),
        # bu-ops: 8 internal, 2 external, 2 of them to IT -> (2 - 8) / 10 = -0.6 (at threshold)
        unit("bu-ops", "Operations", "business", 6, 8, 2, 2, 0, -0.6),
        unit("exec", "Executive Office", "business", 1, 0, 3, 1, 2, 1.0),
        # it-apps: 6 internal, 12 external -> (12 - 6) / 18 = 0.333
        unit("it-apps", "Business Applications", "it", 6, 6, 12, 0, 10, 0.333),
        # it-data: 4 internal, 0 external -> (0 - 4) / 4 = -1.0 (unless overridden)
        unit("it-data", "Data & Analytics", "it", 4, 4, data_to_business, 0, data_to_business,
             data_ei),
        unit("v-cloud", "CloudCo", "vendor", 3, 2, 1, 1, 0, -0.333),
    ]
    ties = [
        # pm e-mails the COO; 29 of 30 interactions start at pm (share 29/30 = 0.967)
        tie("coo", "pm", "bu-ops", "it-apps", 12.0, 30, 1 / 30, True),
        # ceo - cfo: meetings both ways (share 0.5): balanced, not one-sided
        tie("ceo", "cfo", "exec", "bu-fin", 20.0, 40, 0.5, False),
        # cio - cfo: 12 interactions, cio initiates 0.6: balanced enough
        tie("cfo", "cio", "bu-fin", "it-apps", 4.0, 12, 0.4, True),
        # eng -> vam: vendor tie, no leader involved
        tie("eng", "vam", "it-apps", "v-cloud", 8.0, 20, 1.0, True),
    ]
    pairs = [
        UnitPair(unit_a="it-apps", unit_b="v-cloud", ties=1, strength=8.0, people_a=1,
                 people_b=1, top_person="eng", top_person_share=1.0, single_points=["eng", "vam"]),
        UnitPair(unit_a="bu-fin", unit_b="it-apps", ties=4, strength=12.0, people_a=2,
                 people_b=2, top_person="cfo", top_person_share=0.5, single_points=[]),
        UnitPair(unit_a="bu-ops", unit_b="it-apps", ties=2, strength=14.0, people_a=1,
                 people_b=2, top_person="coo", top_person_share=0.9, single_points=["coo"]),
        *(extra_pairs or []),
    ]
    executives = [
        ExecutiveMetrics(id="cmo", name="Dee Brand", title="Chief Marketing Officer", unit="bu-ops",
                         role="business", ties_to_it=0, strength_to_it=0.0, ties_to_csuite=3,
                         strength_to_csuite=9.0, units_reached=1, strength=9.0, isolated=False,
                         score=0.85, explanation="no tie to IT; reaches 1 unit"),
        ExecutiveMetrics(id="coo", name="Eve Ops", title="Chief Operating Officer", unit="bu-ops",
                         role="business", ties_to_it=1, strength_to_it=12.0, ties_to_csuite=2,
                         strength_to_csuite=10.0, units_reached=2, strength=22.0, isolated=False,
                         score=0.55, explanation="one tie to IT"),
        ExecutiveMetrics(id="ceo", name="Ada Chief", title="Chief Executive Officer", unit="exec",
                         role="business", ties_to_it=1, strength_to_it=2.0, ties_to_csuite=5,
                         strength_to_csuite=40.0, units_reached=4, strength=42.0, isolated=False,
                         score=0.1, explanation="well connected"),
    ]
    brokers = [
        # Gould-Fernandez totals 60, 6, 5, 4: median (5 + 6) / 2 = 5.5; 60 / 5.5 = 10.9
        BrokerMetrics(id="dir-apps", unit="it-apps", unit_kind="it", betweenness=0.42,
                      constraint=0.2, effective_size=5.0, efficiency=0.8, roles={"liaison": 60},
                      total_brokerage=60, articulation_point=True, cross_unit_share=0.7),
        BrokerMetrics(id="ana", unit="it-data", unit_kind="it", betweenness=0.0, constraint=0.9,
                      effective_size=1.0, efficiency=0.5, roles={"coordinator": 6},
                      total_brokerage=6, articulation_point=False, cross_unit_share=0.0),
        BrokerMetrics(id="pm", unit="it-apps", unit_kind="it", betweenness=0.05, constraint=0.5,
                      effective_size=2.0, efficiency=0.5, roles={"gatekeeper": 5},
                      total_brokerage=5, articulation_point=False, cross_unit_share=0.5),
        BrokerMetrics(id="eng", unit="it-apps", unit_kind="it", betweenness=0.04, constraint=0.5,
                      effective_size=2.0, efficiency=0.5, roles={"representative": 4},
                      total_brokerage=4, articulation_point=False, cross_unit_share=0.5),
    ]
    changes = None
    if with_changes:
        changes = Changes(
            previous_start=as_of - 180 * DAY, previous_end=as_of - 90 * DAY,
            # cio - cfo: 20.0 -> 4.0 is a drop of 1 - 4/20 = 80 % (>= 75 %: high)
            weakened=[TieChange(source="cfo", target="cio", before=20.0, after=4.0, change=-0.8),
                      # eng - ana: no leader involved -> ignored
                      TieChange(source="ana", target="eng", before=30.0, after=3.0, change=-0.9),
                      # ceo - cfo: 30 -> 20 is a 33 % drop (< 50 %) -> ignored
                      TieChange(source="ceo", target="cfo", before=30.0, after=20.0,
                                change=-1 / 3)],
        )
    meta = AnalysisMeta(start=as_of - 90 * DAY, end=as_of, as_of=as_of, window_days=90.0,
                        half_life_days=30.0, channel_weights={"meeting": 3.0}, seed=42,
                        people=len(people), ties=len(ties))
    return AnalysisResult(meta=meta, people=people, ties=ties, units=units, unit_pairs=pairs,
                          executives=executives, brokers=brokers, changes=changes)
