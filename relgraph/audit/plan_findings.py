"""Audit findings about the relationship plan, and actions that name people.

Registered by :func:`relgraph.audit.findings.derive_findings` when the audit has a
plan review (:class:`relgraph.plan.review.PlanContext`). Kinds (rules and thresholds
in docs/audit.md, ``[plan]`` table):

========================== =====================================================================
unowned-stakeholder        a C-suite member, business-unit leader or vendor with no planned owner
cadence-missed             a planned owner who did not meet the cadence in the window
owner-not-holding          the planned owner is weak with the stakeholder while someone else in IT
                           holds the relationship strongly (the "actual holder" is named)
overloaded-owner           an owner with more planned relationships than ``owner_max``, or most of
                           them missed
under-engaged-stakeholder  a stakeholder to "manage closely" on Mendelow's grid whose engagement
                           with IT is weak
========================== =====================================================================

Every action names people: the owner, the actual holder, or the IT person best placed
to (re)build the relationship and the intermediaries of the warm-introduction path
(:mod:`relgraph.analysis.introductions`). Disconnected executives (found by
:mod:`relgraph.audit.findings`) get the same named introductions.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from relgraph.analysis.result import AnalysisResult
from relgraph.audit.findings import Finding, Severity
from relgraph.config import RelgraphConfig

if TYPE_CHECKING:
    from relgraph.analysis.introductions import IntroPath
    from relgraph.plan.review import PlanContext

_UP = {Severity.LOW: Severity.MEDIUM, Severity.MEDIUM: Severity.HIGH, Severity.HIGH: Severity.HIGH,
       Severity.INFO: Severity.LOW}


def _r(x: float | None, nd: int = 3) -> float | None:
    return None if x is None else round(float(x), nd)


def plan_digest(config_digest: str, plan_id: str | None) -> str:
    """The configuration hash of an audit made with a plan: config and plan together, so that
    an audit with another plan version is another audit."""
    if not plan_id:
        return config_digest
    return hashlib.blake2b(f"{config_digest}:{plan_id}".encode(), digest_size=8).hexdigest()


def describe_path(p: IntroPath) -> str:
    """``{p:S} (direct tie, strength 4.2)`` or ``{p:S} through {p:X} and {p:Y} (weakest tie 3.1)``."""
    if not p.intermediaries:
        return f"{{p:{p.source}}} (direct tie with {{p:{p.target}}}, strength {p.weakest:.1f})"
    via = " and ".join(f"{{p:{x}}}" for x in p.intermediaries)
    return f"{{p:{p.source}}} through {via} to {{p:{p.target}}} (weakest tie {p.weakest:.1f})"


def _paths_evidence(paths: list[IntroPath]) -> list[str]:
    return [" > ".join(p.people) + f" (weakest {p.weakest:.2f})" for p in paths]


def _unit_of(ctx: PlanContext, pid: str) -> str | None:
    return ctx.graph.nodes[pid].get("unit") if pid in ctx.graph else None


def _units(ctx: PlanContext, people: list[str], extra: list[str] | None = None) -> list[str]:
    return sorted({u for u in (_unit_of(ctx, p) for p in people) if u} | set(extra or []))


def _ref(kind: str, sid: str) -> str:
    return f"{{u:{sid}}}" if kind == "unit" else f"{{p:{sid}}}"


def plan_findings(result: AnalysisResult, config: RelgraphConfig, ctx: PlanContext) -> list[Finding]:
    """The plan's findings (module docstring), unordered."""
    t = config.plan
    rv = ctx.review
    out: list[Finding] = []
    for s in rv.unowned:
        paths = rv.introductions.get(s.ref) or ctx.paths(s.people)
        who = _ref(s.kind, s.id)
        if paths:
            best = paths[0]
            action = (f"Name {{p:{best.source}}} as the owner of the relationship with {who}: best "
                      f"placed, {describe_path(best)}. Add it to the plan with a cadence "
                      "('relgraph plan propose' writes a starting plan).")
        else:
            action = (f"No one in IT can reach {who} within two introductions: the CIO should "
                      "ask a business leader for an introduction and name an owner.")
        out.append(Finding(
            id=f"unowned-stakeholder:{s.id}", kind="unowned-stakeholder",
            severity=Severity.HIGH if s.role == "c-suite" else Severity.MEDIUM,
            title=f"Unowned stakeholder: {who} ({s.role}) has no planned IT owner",
            subject=s.id if s.kind != "unit" else None,
            people=sorted({*s.people, *(p.source for p in paths[:1])}),
            units=_units(ctx, s.people, [s.id] if s.kind == "unit" else None),
            evidence={"role": s.role, "people": list(s.people),
                      "best_placed": paths[0].source if paths else None,
                      "paths": _paths_evidence(paths)},
            action=action,
        ))
    for r in rv.coverage:
        who = _ref(r.stakeholder_kind, r.stakeholder)
        ref = f"unit:{r.stakeholder}" if r.stakeholder_kind == "unit" else r.stakeholder
        paths = rv.introductions.get(ref, [])
        ev = {
            "owner": r.owner, "cadence": r.cadence, "strength": _r(r.strength),
            "previous_strength": _r(r.previous_strength), "trend": r.trend,
            "contacts": r.contacts, "days_since_contact": _r(r.days_since_contact, 1),
            "periods": r.periods, "periods_met": r.periods_met,
            "owner_share": _r(r.owner_share), "holder": r.holder,
            "holder_strength": _r(r.holder_strength),
        }
        people = [r.owner, *r.stakeholder_people]
        extra_units = [r.stakeholder] if r.stakeholder_kind == "unit" else None
        if not r.holding and r.holder is not None:
            sev = Severity.HIGH if r.strength == 0 else Severity.MEDIUM
            out.append(Finding(
                id=f"owner-not-holding:{r.stakeholder}", kind="owner-not-holding", severity=sev,
                title=f"Owner not holding: {{p:{r.owner}}} owns {who} but {{p:{r.holder}}} holds "
                f"the relationship ({r.holder_strength:.1f} vs {r.strength:.1f})",
                subject=r.owner,
                people=sorted({*people, r.holder}), units=_units(ctx, [*people, r.holder], extra_units),
                evidence=ev,
                action=(f"Either make {{p:{r.holder}}} the owner of {who}, or have {{p:{r.holder}}} "
                        f"bring {{p:{r.owner}}} into the relationship (a joint meeting within the "
                        f"next {r.cadence_days} days) and keep {{p:{r.owner}}} as owner."),
            ))
            continue
        if r.cadence_met is False:
            missed = (r.periods or 0) - (r.periods_met or 0)
            share = missed / r.periods if r.periods else 1.0
            sev = (Severity.HIGH if r.periods_met == 0 else
                   Severity.MEDIUM if share >= 0.5 else Severity.LOW)
            if r.importance is not None and r.importance >= 4:
                sev = _UP[sev]
            last = ("no contact in the window" if r.last_contact is None
                    else f"last contact {r.days_since_contact:.0f} days before the window's end")
            if r.strength > 0:
                how = f"{{p:{r.owner}}} already has a tie; book the next meeting now"
            elif paths:
                how = f"best placed to rebuild it: {describe_path(paths[0])}"
            else:
                how = "no introduction path within two people"
            out.append(Finding(
                id=f"cadence-missed:{r.stakeholder}", kind="cadence-missed", severity=sev,
                title=f"Cadence missed: {{p:{r.owner}}} and {who} met in {r.periods_met} of "
                f"{r.periods} periods of {r.cadence} ({last})",
                subject=r.owner,
                people=sorted(set(people)), units=_units(ctx, people, extra_units), evidence=ev,
                action=f"{{p:{r.owner}}}: restore the {r.cadence} rhythm with {who}; {how}.",
            ))
    for o in rv.owners:
        over = o.planned > t.owner_max
        most = o.planned >= t.owner_missed_min and o.missed / o.planned >= t.owner_missed_share
        if not (over or most):
            continue
        why = []
        if over:
            why.append(f"{o.planned} planned relationships (limit {t.owner_max})")
        if most:
            why.append(f"{o.missed} of {o.planned} missed their cadence")
        out.append(Finding(
            id=f"overloaded-owner:{o.owner}", kind="overloaded-owner",
            severity=Severity.HIGH if over and most else Severity.MEDIUM,
            title=f"Overloaded owner: {{p:{o.owner}}} ({'; '.join(why)})",
            subject=o.owner, people=[o.owner], units=_units(ctx, [o.owner]),
            evidence={"planned": o.planned, "missed": o.missed, "not_holding": o.not_holding,
                      "owner_max": t.owner_max},
            action=(f"Move some of {{p:{o.owner}}}'s relationships to their actual holders or to "
                    "another relationship manager, starting with the ones whose cadence was missed."),
        ))
    for gp in rv.grid:
        if gp.quadrant != "manage closely" or not gp.weak_engagement:
            continue
        who = _ref(gp.kind, gp.id)
        paths = ctx.paths(gp.people)
        how = (f"best placed: {describe_path(paths[0])}" if paths
               else "no introduction path within two people")
        out.append(Finding(
            id=f"under-engaged-stakeholder:{gp.id}", kind="under-engaged-stakeholder",
            severity=Severity.HIGH if gp.engagement == 0 else Severity.MEDIUM,
            title=f"Under-engaged stakeholder: {who} is to be managed closely (power "
            f"{gp.power:.1f}, interest {gp.interest:.0f}) but IT engagement is weak",
            subject=gp.id if gp.kind != "unit" else None,
            people=sorted({*gp.people, *(p.source for p in paths[:1])}),
            units=_units(ctx, gp.people, [gp.id] if gp.kind == "unit" else None),
            evidence={"power": _r(gp.power), "power_source": gp.power_source,
                      "interest": _r(gp.interest), "interest_source": gp.interest_source,
                      "engagement": _r(gp.engagement), "engagement_ratio": _r(gp.engagement_ratio),
                      "paths": _paths_evidence(paths)},
            action=f"Raise IT's engagement with {who}: {how}.",
        ))
    return out


def name_introducers(findings: list[Finding], ctx: PlanContext) -> list[Finding]:
    """Disconnected business executives: the action names the best-placed IT people."""
    out = []
    for f in findings:
        if f.kind == "disconnected-executive" and f.evidence.get("role") != "it" and f.subject:
            pid = f.subject
            paths = ctx.paths([pid])
            owner = ctx.plan.entry_for(pid) if ctx.plan is not None else None
            if paths:
                names = "; or ".join(describe_path(p) for p in paths[:2])
                lead = (f"{{p:{owner.owner}}} owns this relationship in the plan. "
                        if owner is not None else "")
                f = f.model_copy(update={
                    "action": f"{lead}Rebuild the relationship with {{p:{pid}}}: best placed {names}. "
                    "Schedule a business-IT review within the next month.",
                    "evidence": {**f.evidence, "paths": _paths_evidence(paths)},
                    "people": sorted({*f.people, *(x for p in paths[:2] for x in p.people)}),
                })
        out.append(f)
    return out


def apply_plan(findings: list[Finding], result: AnalysisResult, config: RelgraphConfig,
               ctx: PlanContext) -> list[Finding]:
    """``findings`` with named introductions, plus the plan's own findings.

    A stakeholder already reported as a disconnected executive gets no second,
    ``under-engaged-stakeholder`` finding; nor does any other id of a person whose
    disconnected-executive findings were merged (``ids``, :mod:`relgraph.audit.namesakes`).
    """
    disconnected = {x for f in findings if f.kind == "disconnected-executive"
                    for x in [f.subject, *f.evidence.get("ids", [])] if x}
    extra = [f for f in plan_findings(result, config, ctx)
             if not (f.kind == "under-engaged-stakeholder"
                     and f.id.split(":", 1)[1] in disconnected)]
    return name_introducers(findings, ctx) + extra


def owner_scope(ctx: PlanContext, owner: str) -> tuple[set[str], set[str]]:
    """People and units an owner's view covers: the owner, their stakeholders and their
    stakeholders' people."""
    people, units = {owner}, set()
    for r in ctx.review.coverage:
        if r.owner != owner:
            continue
        people |= set(r.stakeholder_people)
        if r.stakeholder_kind == "unit":
            units.add(r.stakeholder)
        else:
            people.add(r.stakeholder)
    return people, units


def in_scope(f: Finding, people: set[str], units: set[str]) -> bool:
    return bool(set(f.people) & people) or bool(set(f.units) & units)
