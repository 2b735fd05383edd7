"""Findings about key people's own connectedness: disconnected executives (C-suite and
IT leaders with few ties to the other side) and isolated stakeholders (no tie at all)."""

from __future__ import annotations

from relgraph.analysis.result import AnalysisResult, PersonMetrics
from relgraph.audit.findings.finding import Finding, Severity, _r
from relgraph.config import RelgraphConfig


def _key(p: PersonMetrics | None, config: RelgraphConfig) -> bool:
    """A key person: in the configured C-suite or IT leadership."""
    return p is not None and config.is_key(p.id, p.level, p.unit_kind)


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
