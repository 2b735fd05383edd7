"""The tie graph: people as nodes, aggregated interactions as weighted ties.

:func:`build_tie_graph` turns people, units and directed tie aggregates into

* an undirected :class:`networkx.Graph` whose edge attribute ``strength`` is the
  sum of both directions' decayed strength (and ``count`` the number of edges),
* a :class:`networkx.DiGraph` (``source -> target``: who initiates) with the same
  attributes per direction.

Every person is a node, with or without ties in the window (isolates are
findings). Node attributes: ``name``, ``title``, ``unit``, ``unit_name``,
``unit_kind``, ``level``.

This module never touches a store; :mod:`relgraph.window` loads the inputs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from relgraph.models import DirectedTie, Person, Unit


@dataclass
class TieGraph:
    """Undirected tie graph plus its directed view and the window it covers."""

    graph: nx.Graph
    directed: nx.DiGraph
    start: int | None
    end: int
    as_of: int

    @property
    def window_days(self) -> float | None:
        return None if self.start is None else (self.end - self.start) / 86400.0


def build_tie_graph(
    people: Iterable[Person],
    units: Iterable[Unit],
    ties: Iterable[DirectedTie],
    *,
    start: int | None = None,
    end: int = 0,
    as_of: int = 0,
) -> TieGraph:
    """Build the undirected and directed tie graphs.

    Nodes are added in id order and edges in (source, target) order, so the
    result (and everything computed from it) is deterministic.
    """
    unit_by_id = {u.id: u for u in units}
    g = nx.Graph()
    d = nx.DiGraph()
    for p in sorted(people, key=lambda p: p.id):
        u = unit_by_id.get(p.unit)
        attrs = {
            "name": p.name,
            "title": p.title,
            "unit": p.unit,
            "unit_name": u.name if u else p.unit,
            "unit_kind": u.kind.value if u else "business",
            "level": p.level.value,
        }
        g.add_node(p.id, **attrs)
        d.add_node(p.id, **attrs)
    for t in sorted(ties, key=lambda t: (t.source, t.target)):
        if t.source == t.target or t.source not in g or t.target not in g:
            continue
        d.add_edge(t.source, t.target, strength=t.strength, count=t.count,
                   first_at=t.first_at, last_at=t.last_at)
        if g.has_edge(t.source, t.target):
            e = g.edges[t.source, t.target]
            e["strength"] += t.strength
            e["count"] += t.count
            e["first_at"] = min(e["first_at"], t.first_at)
            e["last_at"] = max(e["last_at"], t.last_at)
        else:
            g.add_edge(t.source, t.target, strength=t.strength, count=t.count,
                       first_at=t.first_at, last_at=t.last_at)
    return TieGraph(graph=g, directed=d, start=start, end=end, as_of=as_of)
