"""Findings about the structure between units: siloed units, fragile bridges, overloaded
brokers, and the positive ones against the baseline audit (new bridges, silos that
opened up)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np

from relgraph.analysis.result import AnalysisResult, PersonMetrics, UnitMetrics
from relgraph.audit.findings.finding import BaselineView, Finding, Severity, _r
from relgraph.audit.findings.people import _key
from relgraph.config import RelgraphConfig


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
