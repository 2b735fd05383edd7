"""Which people, units and ties a map highlights.

Everything here reads figures the analysis already computed (executive scores,
E-I indices, single points of contact) and compares them with the audit
thresholds of ``relgraph.toml`` (:class:`relgraph.config.AuditThresholds`), so a
map highlights exactly what the audit reports. No metric is computed here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from relgraph.analysis.result import AnalysisResult, ExecutiveMetrics, UnitMetrics
from relgraph.config import AuditThresholds


@dataclass
class Highlights:
    """Findings a map shows, keyed by person or unit id."""

    disconnected: dict[str, ExecutiveMetrics] = field(default_factory=dict)
    executives: dict[str, ExecutiveMetrics] = field(default_factory=dict)
    silo_units: set[str] = field(default_factory=set)
    single_points: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    fragile_pairs: set[tuple[str, str]] = field(default_factory=set)

    def priority(self, person_id: str) -> int:
        """Rank in a cut: 0 disconnected executive, 1 other executive or single point, 2 others."""
        if person_id in self.disconnected:
            return 0
        if person_id in self.executives or person_id in self.single_points:
            return 1
        return 2


def is_silo(unit: UnitMetrics, t: AuditThresholds, kinds: set[str] | None = None) -> bool:
    """The audit's silo rule (:meth:`relgraph.config.AuditThresholds.silo_reasons`);
    ``kinds``: the unit kinds present in the data (None: all)."""
    return bool(t.silo_reasons(unit, kinds)[0])


def find_highlights(result: AnalysisResult, thresholds: AuditThresholds | None = None) -> Highlights:
    """Collect the findings of ``result`` that the maps highlight.

    Parameters
    ----------
    result : AnalysisResult
        A computed analysis.
    thresholds : AuditThresholds, optional
        Audit thresholds (defaults of ``relgraph.toml`` when omitted).

    Returns
    -------
    Highlights
        Disconnected executives (``score >= executive_score`` or no tie at all, as
        in the audit), siloed units (:func:`is_silo`),
        single points of contact per person and the unit pairs that have any.
    """
    t = thresholds or AuditThresholds()
    h = Highlights()
    for e in result.executives:
        h.executives[e.id] = e
        if e.score >= t.executive_score or e.isolated:
            h.disconnected[e.id] = e
    kinds = {u.kind for u in result.units if u.headcount > 0}
    h.silo_units = {u.id for u in result.units if is_silo(u, t, kinds)}
    for pair in result.unit_pairs:
        if pair.single_points:
            h.fragile_pairs.add((pair.unit_a, pair.unit_b))
        for pid in pair.single_points:
            h.single_points.setdefault(pid, []).append((pair.unit_a, pair.unit_b))
    return h
