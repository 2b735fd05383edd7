"""What one audit finding is: :class:`Finding`, its :class:`Severity`, their order, and
:class:`BaselineView` (what the findings need from the previous audit).

Every finding has a stable id (``kind:subject``) so that the next audit can tell
what is new, resolved, worse or better; a severity (info, low, medium, high);
the people and units involved; the evidence (the figures it rests on, taken from
the analysis, never recomputed) and a recommended action in plain language.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field


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
