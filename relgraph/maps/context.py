"""What every page of one maps folder shares, built once per analysis.

Writing a maps folder renders one page per unit; looking people, ties and units up
in the whole analysis for each page made a 10,000-person folder take minutes. A
:class:`MapContext` indexes the analysis once (people by id, members by unit, the
positions of each person's ties in the ties section, highlights, unit/level group
sizes, names) and every page reads it; a page makes models only of its own ties.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from relgraph.analysis.result import AnalysisResult, PersonMetrics
from relgraph.config import AuditThresholds
from relgraph.maps.highlights import Highlights, find_highlights
from relgraph.maps.privacy import Pseudonyms
from relgraph.maps.select import adjacency_of


@dataclass
class MapContext:
    result: AnalysisResult
    thresholds: AuditThresholds
    highlights: Highlights
    names: Pseudonyms
    people: dict[str, PersonMetrics] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)
    tie_rows: dict[str, list[int]] = field(default_factory=dict)
    """Person -> positions of their ties in ``result.ties``, ascending."""
    adjacency: dict[str, list[str]] = field(default_factory=dict)
    cell: dict[tuple[str, str], int] = field(default_factory=dict)
    headcount: dict[str, int] = field(default_factory=dict)
    unit_names: dict[str, str] = field(default_factory=dict)

    def ties_among(self, people: list[str], index: dict[str, int] | set[str]) -> list[Any]:
        """The ties of ``people`` whose two ends are both in ``index``, ordered by
        (source, target) (the ties section's order), as records read like
        :class:`~relgraph.analysis.result.TieMetrics` (no model made)."""
        rows = sorted({k for p in people for k in self.tie_rows.get(p, ())})
        ties = self.result.ties.records(np.asarray(rows, dtype=np.int64))
        return [t for t in ties if t.source in index and t.target in index]


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
    rows_of: dict[str, list[int]] = defaultdict(list)
    ties = result.ties  # read as columns: no model per tie
    for k, (s, t) in enumerate(zip(ties.column("source").tolist(),
                                   ties.column("target").tolist(), strict=True)):
        rows_of[s].append(k)
        rows_of[t].append(k)
    ctx.members, ctx.cell, ctx.tie_rows = dict(members), dict(cell), dict(rows_of)
    ctx.adjacency = adjacency_of(result)
    ctx.headcount = {u.id: u.headcount for u in result.units}
    ctx.unit_names = {u.id: u.name for u in result.units}
    return ctx
