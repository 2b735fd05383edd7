"""Findings about key relationships (ties of a leader): decaying ones (lost most of their
strength since the previous window) and one-sided ones (initiated from one side only)."""

from __future__ import annotations

from relgraph.analysis.result import AnalysisResult, PersonMetrics, TieChange
from relgraph.audit.findings.finding import Finding, Severity, _r
from relgraph.audit.findings.people import _key
from relgraph.config import RelgraphConfig


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
