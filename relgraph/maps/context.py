"""What every page of one maps folder shares, built once per analysis.

Writing a maps folder renders one page per unit; looking people, ties and units up
in the whole analysis for each page made a 10,000-person folder take minutes. A
:class:`MapContext` indexes the analysis once (people by id, members by unit, tie
rows by person, highlights, unit/level group sizes, names) and every page reads it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from relgraph.analysis.result import AnalysisResult, PersonMetrics, TieMetrics
from relgraph.config import AuditThresholds
from relgraph.maps.highlights import Highlights, find_highlights
from relgraph.maps.privacy import Pseudonyms


@dataclass
class MapContext:
    result: AnalysisResult
    thresholds: AuditThresholds
    highlights: Highlights
    names: Pseudonyms
    people: dict[str, PersonMetrics] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)
    ties_of: dict[str, list[TieMetrics]] = field(default_factory=dict)
    adjacency: dict[str, list[str]] = field(default_factory=dict)
    cell: dict[tuple[str, str], int] = field(default_factory=dict)
    headcount: dict[str, int] = field(default_factory=dict)
    unit_names: dict[str, str] = field(default_factory=dict)


def build_context(result: AnalysisResult, thresholds: AuditThresholds | None = None, *,
                  pseudonymize: bool = False, pseudonym_salt: str = "") -> MapContext:
    """Index ``result`` for the pages of one maps folder."""
    t = thresholds or AuditThresholds()
    ctx = MapContext(result=result, thresholds=t, highlights=find_highlights(result, t),
                     names=Pseudonyms({p.id: p.name for p in result.people},
                                      enabled=pseudonymize, salt=pseudonym_salt))
    ctx.people = {p.id: p for p in result.people}
    members: dict[str, list[str]] = defaultdict(list)
    cell: dict[tuple[str, str], int] = defaultdict(int)
    for p in result.people:
        members[p.unit].append(p.id)
        cell[(p.unit, p.level)] += 1
    ties_of: dict[str, list[TieMetrics]] = defaultdict(list)
    adj: dict[str, list[str]] = defaultdict(list)
    for tie in result.ties:
        ties_of[tie.source].append(tie)
        ties_of[tie.target].append(tie)
        adj[tie.source].append(tie.target)
        adj[tie.target].append(tie.source)
    ctx.members, ctx.cell, ctx.ties_of, ctx.adjacency = dict(members), dict(cell), dict(ties_of), dict(adj)
    ctx.headcount = {u.id: u.headcount for u in result.units}
    ctx.unit_names = {u.id: u.name for u in result.units}
    return ctx
