"""Audit findings: turn an :class:`~relgraph.analysis.result.AnalysisResult` into actions.

Every finding has a stable id (``kind:subject``) so that the next audit can tell
what is new, resolved, worse or better; a severity (info, low, medium, high);
the people and units involved; the evidence (the figures it rests on, taken from
the analysis, never recomputed) and a recommended action in plain language.

Texts refer to people as ``{p:ID}`` and to units as ``{u:ID}``; the renderers
resolve them to names, or to pseudonyms with ``--pseudonymize``
(:mod:`relgraph.audit.privacy`).

Kinds (see docs/audit.md for the rules and thresholds):

======================== ======================================================================
disconnected-executive   a C-suite or IT leader whose analysis score is high (few ties to IT /
                         to the C-suite, few units reached, falling strength)
isolated-stakeholder     a director or manager with no tie at all in the window
siloed-unit              E-I index at or below ``silo_ei``; or an IT unit with no business tie;
                         or a business unit with no IT tie
fragile-bridge           a vendor reached through one person only, or a unit pair carried by
                         one person
overloaded-broker        a person the organisation's paths depend on (high betweenness,
                         articulation point)
decaying-relationship    a tie of a C-suite or IT leader that lost most of its strength
one-sided-relationship   an IT-business tie with a leader that is initiated from one side only
new-bridge               (positive) two units connected that were not in the baseline audit
silo-opened              (positive) a unit siloed in the baseline audit that opened up
======================== ======================================================================
"""

from __future__ import annotations

from collections import defaultdict
from enum import StrEnum
from typing import Any

import numpy as np
from pydantic import BaseModel, Field

from relgraph.analysis.result import AnalysisResult, PersonMetrics, TieChange, UnitMetrics
from relgraph.audit.namesakes import merge_namesakes
from relgraph.config import RelgraphConfig


class Severity(StrEnum):
    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return _RANK[self.value]


_RANK = {"info": 0, "low": 1, "medium": 2, "high": 3}


def severity_rank(s: str) -> int:
    """0 (info) .. 3 (high); 4 for ``never`` (nothing reaches it)."""
    return _RANK.get(s, 4)


class Finding(BaseModel):
    """One actionable observation of an audit."""

    id: str = Field(description="kind:subject, stable across audits")
    kind: str
    severity: Severity
    title: str = Field(description="one line; {p:ID} / {u:ID} placeholders")
    subject: str | None = Field(
        None, description="the person the finding is about (the title's first {p:ID}); None when "
        "it is about units or a vendor. Renderers name this person, never ``people[0]``: "
        "``people`` is everyone involved, in no particular order")
    people: list[str] = Field(default_factory=list)
    units: list[str] = Field(default_factory=list)
    evidence: dict[str, Any] = Field(default_factory=dict, description="the figures, from the analysis")
    action: str = Field(description="recommended action, plain language")
    positive: bool = False


class BaselineView(BaseModel):
    """What the findings need from the baseline (previous) audit."""

    id: str
    siloed_units: dict[str, float | None] = Field(
        default_factory=dict, description="unit -> E-I of units with a siloed-unit finding"
    )
    unit_ei: dict[str, float | None] = Field(default_factory=dict)
    connected_pairs: list[tuple[str, str]] = Field(default_factory=list)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Order by severity (high first), then kind, then id."""
    return sorted(findings, key=lambda f: (-f.severity.rank, f.kind, f.id))


def _r(x: float | None, nd: int = 3) -> float | None:
    return None if x is None else round(float(x), nd)


def derive_findings(
    result: AnalysisResult, config: RelgraphConfig, baseline: BaselineView | None = None,
    plan: Any = None,
) -> list[Finding]:
    """All findings of one audit, ordered by (severity desc, kind, id).

    Parameters
    ----------
    result : AnalysisResult
        The analysis of the audited window (``changes`` filled when the previous
        window was compared).
    config : RelgraphConfig
        Thresholds (``config.audit``) and leadership definition (``config.leadership``).
    baseline : BaselineView, optional
        The previous audit, for the positive findings (new bridges, silos that opened).
    plan : relgraph.plan.review.PlanContext, optional
        The relationship plan's review: adds the plan findings and named introductions
        (:mod:`relgraph.audit.plan_findings`).

    Notes
    -----
    Findings about duplicate identities: a "no tie at all" finding on an id whose name
    an id with ties has is withheld (:func:`namesake_artefact`); those of one kind on
    ids of one name and one unit, none with a tie, become one finding listing every id
    (:mod:`relgraph.audit.namesakes`).
    """
    people = {p.id: p for p in result.people}
    units = {u.id: u for u in result.units}
    out: list[Finding] = []  # rules the data checks skipped do not run (result.data_quality)
    if _runs(result, "disconnected-executive"):
        out += disconnected_executives(result, config, people)
    if _runs(result, "isolated-stakeholder"):
        out += isolated_stakeholders(result, config)
    out = merge_namesakes([f for f in out if not namesake_artefact(f, result)], result)
    out += siloed_units(result, config)
    out += fragile_bridges(result, config, people, units)
    out += overloaded_brokers(result, config)
    if _runs(result, "decaying-relationship"):
        out += decaying_relationships(result, config, people)
    if _runs(result, "one-sided-relationship"):
        out += one_sided_relationships(result, config, people)
    if baseline is not None:
        out += new_bridges(result, config, baseline)
        out += opened_silos(result, config, baseline, out)
    if plan is not None:
        from relgraph.audit.plan_findings import apply_plan

        out = apply_plan(out, result, config, plan)
    return sort_findings(out)


def _runs(result: AnalysisResult, rule: str) -> bool:
    """False when the data checks skipped ``rule`` entirely (``partial``: it runs)."""
    q = result.data_quality
    st = q.skipped(rule) if q is not None else None
    return st is None or st.status != "skipped"


NAMESAKE_KINDS = ("disconnected-executive", "isolated-stakeholder")


def namesake_artefact(f: Finding, result: AnalysisResult) -> bool:
    """A "no tie at all" finding about an id whose name an id with ties has (the data check
    ``inactive-namesakes``): probably one person under two ids, so the finding would be an
    artefact of the identities. Such findings are withheld and listed in Data quality."""
    q = result.data_quality
    if q is None or not q.namesakes or f.kind not in NAMESAKE_KINDS or f.subject is None:
        return False
    no_tie = f.kind == "isolated-stakeholder" or bool(f.evidence.get("isolated"))
    return no_tie and f.subject in q.namesakes


def withheld_findings(result: AnalysisResult, config: RelgraphConfig) -> list[Finding]:
    """The findings :func:`derive_findings` withheld as artefacts of duplicate identities
    (:func:`namesake_artefact`), for the Data quality section."""
    q = result.data_quality
    if q is None or not q.namesakes:
        return []
    people = {p.id: p for p in result.people}
    out: list[Finding] = []
    if _runs(result, "disconnected-executive"):
        out += disconnected_executives(result, config, people)
    if _runs(result, "isolated-stakeholder"):
        out += isolated_stakeholders(result, config)
    return sort_findings([f for f in out if namesake_artefact(f, result)])


def _partial(result: AnalysisResult, rule: str) -> bool:
    q = result.data_quality
    st = q.skipped(rule) if q is not None else None
    return st is not None and st.status == "partial"


def disconnected_executives(
    result: AnalysisResult, config: RelgraphConfig, people: dict[str, PersonMetrics]
) -> list[Finding]:
    """Executives whose connection score (analysis ``executives`` section) is high.

    The score and its explanation come from the analysis (relgraph.analysis.executives);
    only people in the configured C-suite / IT leadership are reported.
    """
    t = config.audit
    only_isolated = _partial(result, "disconnected-executive")  # e.g. no IT unit in the data
    out = []
    for e in result.executives:
        p = people.get(e.id)
        level = p.level if p else "executive"
        kind = p.unit_kind if p else ("it" if e.role == "it" else "business")
        if not config.is_key(e.id, level, kind):
            continue
        if e.score < t.executive_score and not e.isolated:
            continue
        if only_isolated and not e.isolated:
            continue
        primary = e.ties_to_csuite if e.role == "it" else e.ties_to_it
        high = e.isolated or primary == 0 or e.score >= t.executive_score_high
        if e.isolated:
            what = f"{{p:{e.id}}} has no tie at all in the window"
            action = (
                f"Check whether {{p:{e.id}}} has left or changed role, or works through channels "
                "not captured; if still in role, assign a named IT relationship owner."
            )
        elif e.role == "it":
            what = f"{{p:{e.id}}} is weakly connected to the C-suite ({e.ties_to_csuite} ties)"
            action = (
                f"Set up a standing slot between {{p:{e.id}}} and the C-suite (e.g. a monthly review with "
                "the CEO/CFO) and have the BRM team broker introductions."
            )
        else:
            what = f"{{p:{e.id}}} has {e.ties_to_it} tie(s) to IT"
            action = (
                f"Assign a named IT relationship owner (BRM or the CIO) to {{p:{e.id}}} and schedule a "
                "regular business-IT review within the next month."
            )
        out.append(Finding(
            id=f"disconnected-executive:{e.id}", kind="disconnected-executive",
            severity=Severity.HIGH if high else Severity.MEDIUM,
            title=f"Disconnected executive: {what}",
            subject=e.id, people=[e.id], units=[e.unit],
            evidence={
                "score": _r(e.score), "role": e.role, "ties_to_it": e.ties_to_it,
                "strength_to_it": _r(e.strength_to_it), "ties_to_csuite": e.ties_to_csuite,
                "strength_to_csuite": _r(e.strength_to_csuite), "units_reached": e.units_reached,
                "strength_change": _r(e.strength_change), "isolated": e.isolated,
                "explanation": e.explanation,
            },
            action=action,
        ))
    return out


def isolated_stakeholders(result: AnalysisResult, config: RelgraphConfig) -> list[Finding]:
    """People at the configured levels with no tie at all in the window (degree 0)."""
    levels = set(config.audit.isolated_levels)
    out = []
    for p in result.people:
        if not p.isolated or p.level not in levels or p.unit_kind == "vendor":
            continue
        if p.id in config.leadership.exclude:
            continue
        sev = Severity.MEDIUM if p.level in ("executive", "director") else Severity.LOW
        out.append(Finding(
            id=f"isolated-stakeholder:{p.id}", kind="isolated-stakeholder", severity=sev,
            title=f"Isolated stakeholder: {{p:{p.id}}} ({p.level}, {{u:{p.unit}}}) has no recorded "
            "interaction in the window",
            subject=p.id, people=[p.id], units=[p.unit],
            evidence={"degree": p.degree, "strength": _r(p.strength), "level": p.level},
            action=(
                f"Check whether {{p:{p.id}}} has left, changed role or moved to channels not captured; "
                "if still in role, have the unit's IT relationship owner re-engage."
            ),
        ))
    return out


def siloed_units(result: AnalysisResult, config: RelgraphConfig) -> list[Finding]:
    """Units with a low E-I index (Krackhardt & Stern 1988) or no IT-business tie."""
    q = result.data_quality
    present = q.unit_kinds if q is not None else None
    out = []
    for u in result.units:
        reasons, severe = config.audit.silo_reasons(u, present)
        if not reasons:
            continue
        other = "the business" if u.kind == "it" else "IT"
        if present is not None and ("business" if u.kind == "it" else "it") not in present:
            other = "other units"
        out.append(Finding(
            id=f"siloed-unit:{u.id}", kind="siloed-unit",
            severity=Severity.HIGH if severe else Severity.MEDIUM,
            title=f"Siloed unit: {{u:{u.id}}} ({'; '.join(reasons)})",
            units=[u.id],
            evidence={
                "ei_index": _r(u.ei_index), "ei_weighted": _r(u.ei_weighted),
                "ei_expected": _r(u.ei_expected), "ei_p_value": _r(u.ei_p_value),
                "below_chance": config.audit.relative_silo(u), "internal_ties": u.internal_ties,
                "external_ties": u.external_ties, "ties_to_it": u.ties_to_it,
                "ties_to_business": u.ties_to_business, "units_reached": u.units_reached,
                "headcount": u.headcount, "active": u.active,
            },
            action=(
                f"Give {{u:{u.id}}} a regular forum with {other} (joint planning, demo days, a "
                "rotating liaison) and re-check its E-I index next audit."
            ),
        ))
    return out


def fragile_bridges(
    result: AnalysisResult, config: RelgraphConfig,
    people: dict[str, PersonMetrics], units: dict[str, UnitMetrics],
) -> list[Finding]:
    """Vendors reached through too few people; IT-business unit pairs one person carries.

    Vendors: the organisation people with a tie to the vendor (``ties`` section), fewer
    than ``vendor_min_contacts``. Unit pairs: the analysis' ``unit_pairs``
    (``single_points``: people whose departure leaves the pair without a direct tie;
    ``top_person_share``), except pairs held by one person by construction: the holder
    is the only member of their unit, the other unit has one or two people, or the
    holder is a leader (C-suite or IT leadership) and the other unit is an executive
    office (two or more C-suite members).
    """
    t = config.audit
    kind = {u.id: u.kind for u in result.units}
    for p in result.people:
        kind.setdefault(p.unit, p.unit_kind)
    out: list[Finding] = []
    # vendors: which organisation people hold the vendor's ties? (from the ties section)
    contacts: dict[str, set[str]] = defaultdict(set)
    vstrength: dict[str, float] = defaultdict(float)
    vties: dict[str, int] = defaultdict(int)
    ties = result.ties
    vendors = {u for u, k in kind.items() if k == "vendor"}
    # only a tie with exactly one vendor end counts; read as columns, in tie order
    at = np.flatnonzero(ties.isin("source_unit", vendors) ^ ties.isin("target_unit", vendors))
    for su, s, tu, g, st in zip(*(ties.column(f, at).tolist() for f in (
            "source_unit", "source", "target_unit", "target", "strength")), strict=True):
        vu, other = (su, g) if su in vendors else (tu, s)
        contacts[vu].add(other)
        vstrength[vu] += st
        vties[vu] += 1
    for vendor, held_by in sorted(contacts.items()):
        if len(held_by) >= t.vendor_min_contacts:
            continue
        holders = sorted(held_by)
        names = " and ".join(f"{{p:{h}}}" for h in holders)
        org_units = sorted({people[h].unit for h in holders if h in people})
        out.append(Finding(
            id=f"fragile-bridge:{vendor}", kind="fragile-bridge", severity=Severity.HIGH,
            title=f"Fragile bridge: vendor {{u:{vendor}}} is reached only through {names}",
            people=holders, units=sorted([vendor, *org_units]),
            evidence={"org_contacts": len(holders), "ties": vties[vendor],
                      "strength": _r(vstrength[vendor])},
            action=(
                f"Name another contact for {{u:{vendor}}} (e.g. the team lead of "
                f"{{p:{holders[0]}}}), add them to the recurring vendor calls and document "
                "the relationship."
            ),
        ))
    # IT <-> business unit pairs carried by one person: one finding per person
    held: dict[str, list] = defaultdict(list)
    size = {u.id: u.headcount for u in result.units}
    csuite: dict[str, int] = defaultdict(int)  # unit -> C-suite members
    for p in result.people:
        if config.is_csuite(p.id, p.level, p.unit_kind):
            csuite[p.unit] += 1

    def by_construction(pr: Any, holder: str) -> bool:
        """A pair one person holds because of the units' shape, not a fragility:
        the holder is their unit's only member, the other side has one or two people,
        or the holder is a leader and the other side is an executive office (a unit
        with two or more C-suite members): a leader's line to the executive office."""
        hp = people.get(holder)
        own = hp.unit if hp is not None else pr.unit_a
        other = pr.unit_b if own == pr.unit_a else pr.unit_a
        if size.get(own, 0) <= 1 or size.get(other, 0) <= 2:
            return True
        return _key(hp, config) and csuite.get(other, 0) >= 2

    for pr in result.unit_pairs:
        ka, kb = kind.get(pr.unit_a), kind.get(pr.unit_b)
        if {ka, kb} != {"it", "business"} or pr.strength < t.fragile_min_strength:
            continue
        if pr.single_points:
            for s in pr.single_points:
                if not by_construction(pr, s):
                    held[s].append((pr, True))
        elif pr.top_person_share >= t.fragile_share and not by_construction(pr, pr.top_person):
            held[pr.top_person].append((pr, False))
    for holder, prs in sorted(held.items()):
        single = any(sp for _, sp in prs)
        pairs = sorted(prs, key=lambda x: (x[0].unit_a, x[0].unit_b))
        units = sorted({u for pr, _ in pairs for u in (pr.unit_a, pr.unit_b)})
        labels = ", ".join(f"{{u:{pr.unit_a}}} - {{u:{pr.unit_b}}}" for pr, _ in pairs[:3])
        if len(pairs) > 3:
            labels += f" and {len(pairs) - 3} more"
        out.append(Finding(
            id=f"fragile-bridge:{holder}", kind="fragile-bridge",
            severity=Severity.MEDIUM if single else Severity.LOW,
            title=f"Fragile bridge: {{p:{holder}}} alone holds {len(pairs)} IT-business unit "
            f"connection(s): {labels}",
            subject=holder, people=[holder], units=units,
            evidence={
                "pairs": [f"{pr.unit_a}:{pr.unit_b}" for pr, _ in pairs],
                "single_point_pairs": sum(1 for _, sp in pairs if sp),
                "strength": _r(sum(pr.strength for pr, _ in pairs)),
                "max_top_person_share": _r(max(pr.top_person_share for pr, _ in pairs)),
            },
            action=(
                f"Spread what {{p:{holder}}} carries: name a deputy for each of these unit "
                "relationships and rotate who attends the joint meetings."
            ),
        ))
    return out


def overloaded_brokers(result: AnalysisResult, config: RelgraphConfig) -> list[Finding]:
    """People whose brokerage is far above the organisation's median.

    Brokerage is the total of the Gould & Fernandez (1989) role counts (analysis
    ``brokers`` section): how often a person sits on a two-step path between people of
    different units, or between people of one unit and another. A person whose total
    is at least ``broker_ratio`` times the median of everyone with any brokerage is
    reported (at most ``broker_max``, largest first); the ratio rule is a heuristic of
    this project.

    References
    ----------
    Gould R.V., Fernandez R.M. (1989). Structures of mediation: a formal approach to
    brokerage in transaction networks. Sociological Methodology 19: 89-126.
    """
    t = config.audit
    totals = sorted(b.total_brokerage for b in result.brokers if b.total_brokerage > 0)
    if not totals:
        return []
    mid = len(totals) // 2
    median = totals[mid] if len(totals) % 2 else (totals[mid - 1] + totals[mid]) / 2
    cands = [b for b in result.brokers if b.total_brokerage >= t.broker_ratio * median]
    cands.sort(key=lambda b: (-b.total_brokerage, b.id))
    out = []
    for b in cands[: t.broker_max]:
        ratio = b.total_brokerage / median
        sev = Severity.MEDIUM if b.articulation_point or ratio >= 2 * t.broker_ratio else Severity.LOW
        out.append(Finding(
            id=f"overloaded-broker:{b.id}", kind="overloaded-broker", severity=sev,
            title=f"Overloaded broker: {{p:{b.id}}} brokers {ratio:.1f} times as much as the "
            "median person" + (" and is an articulation point" if b.articulation_point else ""),
            subject=b.id, people=[b.id], units=[b.unit],
            evidence={"total_brokerage": b.total_brokerage, "median_brokerage": median,
                      "ratio": _r(ratio, 2), "roles": dict(sorted(b.roles.items())),
                      "betweenness": _r(b.betweenness), "constraint": _r(b.constraint),
                      "articulation_point": b.articulation_point,
                      "cross_unit_share": _r(b.cross_unit_share)},
            action=(
                f"Reduce the dependency on {{p:{b.id}}}: introduce the people they connect to "
                "each other directly, and name a backup for their cross-unit relationships."
            ),
        ))
    return out


def _key(p: PersonMetrics | None, config: RelgraphConfig) -> bool:
    return p is not None and config.is_key(p.id, p.level, p.unit_kind)


def _key_tie(a: PersonMetrics | None, b: PersonMetrics | None, config: RelgraphConfig) -> bool:
    """A key relationship (``decay_scope``): an IT leader and a business leader; or any tie of a leader."""
    if config.audit.decay_scope == "any-leader":
        return _key(a, config) or _key(b, config)
    return (_key(a, config) and _key(b, config) and a is not None and b is not None
            and sorted((a.unit_kind == "it", b.unit_kind == "it")) == [False, True])


def decaying_relationships(
    result: AnalysisResult, config: RelgraphConfig, people: dict[str, PersonMetrics]
) -> list[Finding]:
    """Key relationships that lost at least ``decay_drop`` of their strength (``changes``).

    Key relationship (``decay_scope``): by default a tie between an IT leader and a
    C-suite member outside IT, strong enough in the previous window.
    """
    if result.changes is None:
        return []
    t = config.audit
    out = []
    keys = {pid for pid, p in people.items() if _key(p, config)}
    rows: list[TieChange] = []
    for table in (result.changes.weakened, result.changes.lost_ties):
        # a key tie has a key person at one end at least: models only for those
        rows += table.take((table.column("before") >= t.decay_min_before)
                           & table.any_isin(("source", "target"), keys))
    for tc in rows:
        a, b = people.get(tc.source), people.get(tc.target)
        if tc.before < t.decay_min_before or not _key_tie(a, b, config):
            continue
        drop = 1.0 - tc.after / tc.before if tc.before > 0 else 0.0
        if drop < t.decay_drop:
            continue
        s, g = sorted((tc.source, tc.target))
        out.append(Finding(
            id=f"decaying-relationship:{s}:{g}", kind="decaying-relationship",
            severity=Severity.HIGH if drop >= t.decay_drop_high else Severity.MEDIUM,
            title=f"Decaying key relationship: {{p:{s}}} - {{p:{g}}} lost {drop:.0%} of its strength",
            subject=s, people=[s, g],
            units=sorted({people[x].unit for x in (s, g) if x in people}),
            evidence={"strength_before": _r(tc.before), "strength_after": _r(tc.after),
                      "drop": _r(drop)},
            action=(
                f"Find out why {{p:{s}}} and {{p:{g}}} meet less (a finished project, a conflict, a "
                "new intermediary) and put a recurring touchpoint back in the calendar."
            ),
        ))
    return out


def one_sided_relationships(
    result: AnalysisResult, config: RelgraphConfig, people: dict[str, PersonMetrics]
) -> list[Finding]:
    """IT-business ties of a leader initiated overwhelmingly from one side (directed view)."""
    t = config.audit
    out = []
    ties = result.ties
    keys = {pid for pid, p in people.items() if _key(p, config)}
    # models only for the candidates: IT-business ties of a key person, often enough
    for tie in ties.take(ties.column("cross_kind") & (ties.column("count") >= t.one_sided_min_count)
                         & ties.any_isin(("source", "target"), keys)):
        a, b = people.get(tie.source), people.get(tie.target)
        if not (_key(a, config) or _key(b, config)):
            continue
        share = tie.source_share
        if share >= t.one_sided_share:
            active, passive = tie.source, tie.target
        elif 1.0 - share >= t.one_sided_share:
            active, passive, share = tie.target, tie.source, 1.0 - share
        else:
            continue
        passive_key = _key(people.get(passive), config)
        out.append(Finding(
            id=f"one-sided-relationship:{tie.source}:{tie.target}", kind="one-sided-relationship",
            severity=Severity.MEDIUM if passive_key else Severity.LOW,
            title=f"One-sided relationship: {{p:{active}}} initiates {share:.0%} of the "
            f"interaction with {{p:{passive}}}",
            subject=active, people=[active, passive], units=sorted({tie.source_unit, tie.target_unit}),
            evidence={"initiator": active, "initiator_share": _r(share), "count": tie.count,
                      "strength": _r(tie.strength)},
            action=(
                f"Ask {{p:{passive}}} whether the contact with {{p:{active}}} is wanted in this form; agree on a "
                "format the other side also uses (e.g. a joint agenda instead of status e-mails)."
            ),
        ))
    return out


def new_bridges(
    result: AnalysisResult, config: RelgraphConfig, baseline: BaselineView
) -> list[Finding]:
    """(Positive) unit pairs connected now (``new_bridge_min_ties`` ties) but not in the baseline."""
    before = {tuple(sorted(p)) for p in baseline.connected_pairs}
    out = []
    for pr in result.unit_pairs:
        key = tuple(sorted((pr.unit_a, pr.unit_b)))
        if key in before or pr.ties < config.audit.new_bridge_min_ties:
            continue
        out.append(Finding(
            id=f"new-bridge:{key[0]}:{key[1]}", kind="new-bridge", severity=Severity.INFO,
            positive=True,
            title=f"New bridge: {{u:{key[0]}}} and {{u:{key[1]}}} are now connected "
            f"({pr.ties} ties)",
            people=sorted({pr.top_person, *pr.single_points}), units=list(key),
            evidence={"ties": pr.ties, "strength": _r(pr.strength), "people_a": pr.people_a,
                      "people_b": pr.people_b, "top_person": pr.top_person},
            action="Recognise the people who built this bridge and make the contact routine.",
        ))
    return out


def opened_silos(
    result: AnalysisResult, config: RelgraphConfig, baseline: BaselineView,
    current: list[Finding],
) -> list[Finding]:
    """(Positive) units siloed in the baseline that are no longer, or whose E-I rose markedly."""
    now_siloed = {f.units[0] for f in current if f.kind == "siloed-unit"}
    units = {u.id: u for u in result.units}
    out = []
    for uid, ei_before in sorted(baseline.siloed_units.items()):
        u = units.get(uid)
        if u is None:
            continue
        ei_now = u.ei_index
        rose = ei_before is not None and ei_now is not None and (
            ei_now - ei_before >= config.audit.silo_opened_delta
        )
        if uid in now_siloed and not rose:
            continue
        out.append(Finding(
            id=f"silo-opened:{uid}", kind="silo-opened", severity=Severity.INFO, positive=True,
            title=f"Silo opened up: {{u:{uid}}}"
            + ("" if uid in now_siloed else " is no longer siloed"),
            units=[uid],
            evidence={"ei_before": _r(ei_before), "ei_after": _r(ei_now),
                      "ties_to_it": u.ties_to_it, "ties_to_business": u.ties_to_business},
            action="Keep the new contacts going; share what worked with other siloed units.",
        ))
    return out
