"""The audit's findings as a map draws them: which people, ties and units each is about.

The maps list every finding of :func:`relgraph.audit.findings.derive_findings` (the
same rules and thresholds as ``relgraph audit``) in a findings panel; this module
only resolves each finding's people, units and ties to what is on the page. It
computes nothing: the findings come from the audit, their subjects from the finding.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from relgraph.analysis.result import AnalysisResult
    from relgraph.audit.findings import Finding
    from relgraph.config import RelgraphConfig

KIND_LABELS = {
    "disconnected-executive": "Disconnected executives",
    "decaying-relationship": "Decaying key relationships",
    "fragile-bridge": "Fragile bridges",
    "siloed-unit": "Siloed units",
    "one-sided-relationship": "One-sided relationships",
    "overloaded-broker": "Overloaded brokers",
    "isolated-stakeholder": "Isolated stakeholders",
    "new-bridge": "New bridges (positive)",
    "silo-opened": "Silos that opened (positive)",
}
TIE_KINDS = ("decaying-relationship", "one-sided-relationship")


@dataclass
class MapFinding:
    """One finding, by subject: people ids, unit ids and ties (person id pairs)."""

    kind: str
    severity: str
    title: str
    people: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    ties: list[tuple[str, str]] = field(default_factory=list)


def audit_findings(result: AnalysisResult, config: RelgraphConfig) -> list[Finding]:
    """The audit's findings for this analysis (the rules of ``relgraph audit``)."""
    from relgraph.audit.findings import derive_findings

    return derive_findings(result, config)


_PLACEHOLDER = re.compile(r"\{([pu]):([^{}\s]+)\}")


def resolve_text(text: str, person: Callable[[str], str], unit: Callable[[str], str]) -> str:
    """Replace the ``{p:ID}`` / ``{u:ID}`` placeholders of a finding text."""
    return _PLACEHOLDER.sub(lambda m: person(m.group(2)) if m.group(1) == "p" else unit(m.group(2)),
                            text)


def for_map(findings: list[Finding], title: Callable[[Finding], str]) -> list[MapFinding]:
    """Map findings in the audit's order; ``title(finding)`` resolves names (and pseudonyms)."""
    out = []
    for f in findings:
        ties: list[tuple[str, str]] = []
        people = list(f.people)
        units = list(f.units)
        if f.kind in TIE_KINDS and len(f.people) == 2:
            ties = [(min(f.people), max(f.people))]
        if f.kind in ("siloed-unit", "silo-opened", "new-bridge"):
            people = [] if f.kind != "new-bridge" else people
        out.append(MapFinding(kind=f.kind, severity=f.severity.value, title=title(f),
                              people=people, units=units, ties=ties))
    return out
