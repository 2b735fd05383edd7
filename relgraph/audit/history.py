"""Audit history: what is saved per audit, the baseline, and trends between audits.

Each audit is saved in the store (:meth:`relgraph.store.base.Store.save_audit`) as an
:class:`AuditPayload` (JSON): its window, its configuration, its findings, its
headline metrics and a small snapshot of unit figures, which is everything the next
audit needs to report what is new, resolved, worse or better.

The audit id is ``audit-YYYY-MM-DD-<config hash>`` (the last day of the window and
the configuration digest), so running the same audit twice replaces it instead of
adding a copy, and golden files stay stable.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
from pydantic import BaseModel, Field

from relgraph.analysis.result import AnalysisResult
from relgraph.audit.findings import BaselineView, Finding, severity_rank
from relgraph.errors import UsageError
from relgraph.store.base import AuditRecord, Store

PAYLOAD_VERSION = 1

# headline metric -> (label, True if higher is better, None if neutral)
HEADLINES: dict[str, tuple[str, bool | None]] = {
    "people": ("people", None),
    "active_people": ("active people", True),
    "ties": ("ties", True),
    "cross_unit_share": ("share of ties crossing units", True),
    "it_business_ties": ("IT-business ties", True),
    "it_business_strength_share": ("share of strength between IT and business", True),
    "mean_unit_ei": ("mean unit E-I index", True),
    "siloed_units": ("siloed units", False),
    "disconnected_executives": ("disconnected executives", False),
    "mean_executive_score": ("mean executive disconnection score", False),
    "findings_high": ("high findings", False),
    "findings_medium": ("medium findings", False),
    "findings_total": ("findings (problems)", False),
}


class UnitSnapshot(BaseModel):
    ei_index: float | None
    ties_to_it: int
    ties_to_business: int
    headcount: int


class AuditPayload(BaseModel):
    """One saved audit (the JSON stored in ``AuditRecord.payload``)."""

    version: int = PAYLOAD_VERSION
    id: str
    as_of: int
    start: int | None
    end: int
    window_days: float | None
    config_hash: str
    config: dict[str, Any]
    findings: list[Finding]
    metrics: dict[str, float | int | None]
    units: dict[str, UnitSnapshot] = Field(default_factory=dict)
    connected_pairs: list[tuple[str, str]] = Field(default_factory=list)
    baseline_id: str | None = None
    plan_id: str | None = Field(None, description="the relationship plan version the audit used")
    redacted: bool = False
    """True when ``relgraph forget`` removed people from this saved audit."""

    def baseline_view(self) -> BaselineView:
        siloed = {f.units[0]: None for f in self.findings if f.kind == "siloed-unit" and f.units}
        ei = {uid: u.ei_index for uid, u in self.units.items()}
        for uid in siloed:
            siloed[uid] = ei.get(uid)
        return BaselineView(id=self.id, siloed_units=siloed, unit_ei=ei,
                            connected_pairs=list(self.connected_pairs))


def day_label(as_of: int) -> str:
    """The last day inside a window ending (exclusively) at ``as_of``, as YYYY-MM-DD."""
    return (datetime.fromtimestamp(as_of, tz=UTC) - timedelta(seconds=1)).strftime("%Y-%m-%d")


def audit_id(as_of: int, config_hash: str) -> str:
    return f"audit-{day_label(as_of)}-{config_hash[:8]}"


def headline_metrics(result: AnalysisResult, findings: list[Finding]) -> dict[str, float | int | None]:
    """Headline figures of an audit: sums and means of the analysis' figures.

    No graph metric is recomputed: counts come from the ``people``, ``ties``, ``units``
    and ``executives`` sections; the E-I index is Krackhardt & Stern (1988), as computed
    by the analysis.
    """
    ties = result.ties  # read as columns: no model per tie
    it = {p.id for p in result.people if p.unit_kind == "it"}
    biz = {p.id for p in result.people if p.unit_kind == "business"}
    s_it, t_it = ties.isin("source", it), ties.isin("target", it)
    s_biz, t_biz = ties.isin("source", biz), ties.isin("target", biz)
    strength = ties.column("strength")
    itb = strength[(s_it & t_biz) | (s_biz & t_it)].tolist()
    total_strength = sum(strength.tolist())  # summed in tie order, as always
    eis = [u.ei_index for u in result.units if u.ei_index is not None and u.kind != "vendor"]
    execs = result.executives
    problems = [f for f in findings if not f.positive]
    return {
        "people": len(result.people),
        "active_people": sum(1 for p in result.people if not p.isolated),
        "ties": len(ties),
        "cross_unit_share": (round(int(np.count_nonzero(ties.column("cross_unit"))) / len(ties), 4)
                             if len(ties) else None),
        "it_business_ties": len(itb),
        "it_business_strength_share": (
            round(sum(itb) / total_strength, 4) if total_strength else None
        ),
        "mean_unit_ei": round(sum(eis) / len(eis), 4) if eis else None,
        "siloed_units": sum(1 for f in findings if f.kind == "siloed-unit"),
        "disconnected_executives": sum(1 for f in findings if f.kind == "disconnected-executive"),
        "mean_executive_score": (
            round(sum(e.score for e in execs) / len(execs), 4) if execs else None
        ),
        "findings_high": sum(1 for f in problems if f.severity == "high"),
        "findings_medium": sum(1 for f in problems if f.severity == "medium"),
        "findings_total": len(problems),
    }


def unit_snapshot(result: AnalysisResult) -> dict[str, UnitSnapshot]:
    return {
        u.id: UnitSnapshot(ei_index=u.ei_index, ties_to_it=u.ties_to_it,
                           ties_to_business=u.ties_to_business, headcount=u.headcount)
        for u in result.units
    }


def connected_pairs(result: AnalysisResult) -> list[tuple[str, str]]:
    return sorted(
        tuple(sorted((p.unit_a, p.unit_b))) for p in result.unit_pairs if p.ties > 0  # type: ignore[misc]
    )


def load_history(store: Store) -> list[AuditPayload]:
    """Every saved audit, oldest first (records that are not relgraph audits are skipped)."""
    out = []
    for rec in store.audits():
        try:
            out.append(AuditPayload.model_validate_json(rec.payload))
        except ValueError:
            continue
    return out


def pick_baseline(history: list[AuditPayload], current_id: str, as_of: int,
                  baseline: str | None) -> AuditPayload | None:
    """The audit to compare with: ``baseline`` (an id, or ``none``), else the latest earlier one.

    Raises
    ------
    UsageError
        When ``baseline`` names an audit that is not in the store.
    """
    if baseline is not None:
        if baseline.lower() == "none":
            return None
        for a in history:
            if a.id == baseline:
                return a
        known = ", ".join(a.id for a in history[-5:]) or "none saved yet"
        raise UsageError(f"unknown baseline audit {baseline!r} (recent audits: {known})")
    earlier = [a for a in history if a.as_of < as_of and a.id != current_id]
    return earlier[-1] if earlier else None


class FindingTrend(BaseModel):
    id: str
    kind: str
    status: str = Field(description="new, resolved, worse, better or unchanged")
    severity: str | None
    previous_severity: str | None
    title: str


class MetricTrend(BaseModel):
    metric: str
    label: str
    before: float | int | None
    after: float | int | None
    delta: float | None
    direction: str = Field(description="better, worse, up, down or same")


class Trends(BaseModel):
    """Differences between the baseline audit and this one."""

    baseline_id: str
    baseline_as_of: int
    findings: list[FindingTrend] = Field(default_factory=list)
    metrics: list[MetricTrend] = Field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for f in self.findings if f.status == status)


_ORDER = {"new": 0, "worse": 1, "resolved": 2, "better": 3, "unchanged": 4}


def compare(baseline: AuditPayload, findings: list[Finding],
            metrics: dict[str, float | int | None]) -> Trends:
    """Finding trends (matched by id) and headline metric changes."""
    before = {f.id: f for f in baseline.findings}
    now = {f.id: f for f in findings}
    ft: list[FindingTrend] = []
    for fid in sorted(set(before) | set(now)):
        b, a = before.get(fid), now.get(fid)
        if a is None and b is not None:
            ft.append(FindingTrend(id=fid, kind=b.kind, status="resolved", severity=None,
                                   previous_severity=b.severity, title=b.title))
            continue
        assert a is not None
        if b is None:
            status = "new"
        elif severity_rank(a.severity) > severity_rank(b.severity):
            status = "worse"
        elif severity_rank(a.severity) < severity_rank(b.severity):
            status = "better"
        else:
            status = "unchanged"
        ft.append(FindingTrend(id=fid, kind=a.kind, status=status, severity=a.severity,
                               previous_severity=b.severity if b else None, title=a.title))
    ft.sort(key=lambda t: (_ORDER[t.status], -severity_rank(t.severity or t.previous_severity or "info"), t.id))
    mt: list[MetricTrend] = []
    for key, (label, higher_better) in HEADLINES.items():
        x, y = baseline.metrics.get(key), metrics.get(key)
        delta = None if x is None or y is None else round(float(y) - float(x), 4)
        if delta is None or abs(delta) < 1e-9:
            direction = "same"
        elif higher_better is None:
            direction = "up" if delta > 0 else "down"
        else:
            direction = "better" if (delta > 0) == higher_better else "worse"
        mt.append(MetricTrend(metric=key, label=label, before=x, after=y, delta=delta,
                              direction=direction))
    return Trends(baseline_id=baseline.id, baseline_as_of=baseline.as_of, findings=ft, metrics=mt)


def to_record(payload: AuditPayload) -> AuditRecord:
    return AuditRecord(id=payload.id, as_of=payload.as_of, window_days=payload.window_days or 0.0,
                       payload=payload.model_dump_json())


def list_audits(store: Store) -> list[dict[str, Any]]:
    """Saved audits as rows (id, last day, window, counts by severity), oldest first."""
    rows = []
    for a in load_history(store):
        counts = {s: 0 for s in ("high", "medium", "low", "info")}
        for f in a.findings:
            counts[f.severity.value] += 1
        rows.append({"id": a.id, "as_of": day_label(a.as_of), "window_days": a.window_days,
                     "baseline": a.baseline_id or "", **counts})
    return rows
