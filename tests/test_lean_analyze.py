"""analyze without a NetworkX graph of the ties (issue 14).

Above ``silos.NX_LOUVAIN_MAX_TIES`` ties, :func:`relgraph.analysis.analyze.analyze` hands
the section functions a graph of the people only and reads the ties from arrays. The
reference here is the same analysis handed the full tie graph (every function then has
the ties in ``g`` as well): the two must be equal, value for value.
"""

from __future__ import annotations

import random

import pytest

import relgraph.analysis.silos as silos
from relgraph.analysis.analyze import analyze
from relgraph.graph import TieGraph, build_tie_graph
from relgraph.models import Level, Person, Unit, UnitKind
from relgraph.settings import AnalysisSettings
from relgraph.store.base import DirectedTie


def _org(seed: int, n: int = 300, m: int = 900) -> TieGraph:
    rnd = random.Random(seed)
    units = [Unit(id=f"u{i}", name=f"U{i}", kind=UnitKind.IT if i < 2 else UnitKind.BUSINESS)
             for i in range(8)]
    levels = [Level.EXECUTIVE, Level.DIRECTOR, Level.STAFF, Level.STAFF, Level.STAFF]
    people = [Person(id=f"p{i:03d}", name=f"P {i}", unit=f"u{rnd.randrange(8)}",
                     level=rnd.choice(levels)) for i in range(n)]
    seen: set[tuple[int, int]] = set()
    ties = []
    while len(ties) < m:
        a, b = rnd.randrange(n), rnd.randrange(n)
        if a == b or (a, b) in seen:
            continue
        seen.add((a, b))
        ties.append(DirectedTie(f"p{a:03d}", f"p{b:03d}", rnd.randint(1, 5),
                                rnd.random() * 5, 0, 10))
    return build_tie_graph(people, units, ties, start=0, end=100, as_of=100)


@pytest.mark.parametrize("seed", [1, 2])
def test_people_only_graph_gives_the_same_analysis(monkeypatch, seed):
    s = AnalysisSettings(ei_permutations=30)
    monkeypatch.setattr(silos, "NX_LOUVAIN_MAX_TIES", 0)     # the large-graph path
    lean_tg = _org(seed)
    lean = analyze(lean_tg, s)
    assert "graph" not in lean_tg.__dict__                   # no tie graph was built
    monkeypatch.setattr(TieGraph, "people_graph", lambda self: self.graph)
    full = analyze(_org(seed), s)
    assert lean.model_dump() == full.model_dump()
    assert lean.executives and any(p.articulation_point for p in lean.people)


def test_unchanged_executives_have_no_change_in_strength():
    # the previous window is the same window: every executive's change must be exactly 0
    # (current strength and previous strength are summed in the same order)
    s = AnalysisSettings(ei_permutations=0)
    for seed in range(3):
        r = analyze(_org(seed), s, previous=_org(seed))
        changes = [e.strength_change for e in r.executives if not e.isolated]
        assert changes and all(c == 0.0 for c in changes)


def test_small_graph_path_refuses_a_people_only_graph():
    tg = _org(3, n=40, m=60)
    with pytest.raises(ValueError, match="tie graph itself"):
        silos.detect_communities(tg.people_graph(), engine=tg.engine())
