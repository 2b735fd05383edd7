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

The rules live in one module a family: :mod:`~relgraph.audit.findings.people`
(disconnected executives, isolated stakeholders), :mod:`~relgraph.audit.findings.structure`
(silos, fragile bridges, overloaded brokers, new bridges, opened silos) and
:mod:`~relgraph.audit.findings.relationships` (decaying and one-sided relationships);
the model in :mod:`~relgraph.audit.findings.finding`. This module decides which rules
run on the data (the data checks) and orders the result; every public name of the
rule modules is importable from here.
"""

from __future__ import annotations

from typing import Any

from relgraph.analysis.result import AnalysisResult
from relgraph.audit.findings.finding import (
    BaselineView,
    Finding,
    Severity,
    severity_rank,
    sort_findings,
)
from relgraph.audit.findings.people import disconnected_executives, isolated_stakeholders
from relgraph.audit.findings.relationships import (
    decaying_relationships,
    one_sided_relationships,
)
from relgraph.audit.findings.structure import (
    fragile_bridges,
    new_bridges,
    opened_silos,
    overloaded_brokers,
    siloed_units,
)
from relgraph.audit.namesakes import merge_namesakes
from relgraph.config import RelgraphConfig

__all__ = [
    "NAMESAKE_KINDS", "BaselineView", "Finding", "Severity", "decaying_relationships",
    "derive_findings", "disconnected_executives", "fragile_bridges", "isolated_stakeholders",
    "namesake_artefact", "new_bridges", "one_sided_relationships", "opened_silos",
    "overloaded_brokers", "severity_rank", "siloed_units", "sort_findings", "withheld_findings",
]


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
