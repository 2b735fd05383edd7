"""The tie graph: people as nodes, aggregated interactions as weighted ties.

:func:`build_tie_graph` turns people, units and directed tie aggregates into a
:class:`TieGraph`, which holds them as arrays (one row per person, one per directed
tie) and offers three views, each built on first use and cached:

* :attr:`TieGraph.graph`: an undirected :class:`networkx.Graph` whose edge attribute
  ``strength`` is the sum of both directions' decayed strength (and ``count`` the
  number of edges),
* :attr:`TieGraph.directed`: a :class:`networkx.DiGraph` (``source -> target``: who
  initiates) with the same attributes per direction,
* :meth:`TieGraph.engine`: the compiled engines' arrays
  (:class:`relgraph.analysis.engine.Engine`), built from the arrays without going
  through NetworkX.

Every person is a node, with or without ties in the window (isolates are
findings). Node attributes: ``name``, ``title``, ``unit``, ``unit_name``,
``unit_kind``, ``level``.

The analysis reads the arrays and builds a NetworkX graph only for the NetworkX
algorithms it runs; loading is no longer two NetworkX graphs in Python (issue 14:
8.9 of 44 s at 20,000 people, about 4 KB per tie).

This module never touches a store; :mod:`relgraph.window` loads the inputs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from relgraph.bulk import paused_gc
from relgraph.models import DirectedTie, Person, Unit

if TYPE_CHECKING:
    import networkx as nx
    import scipy.sparse as sp

    from relgraph.analysis.engine import Engine

TieColumns = tuple[Sequence[str], Sequence[str], Sequence[int], Sequence[float],
                   Sequence[int], Sequence[int]]
"""Directed ties as columns: source ids, target ids, count, strength, first_at, last_at."""


@dataclass(frozen=True)
class UndirectedTies:
    """Each tie once: ``lo < hi`` (node indices), in the order NetworkX lists the edges
    of :attr:`TieGraph.graph` (``graph.edges()``), with both directions summed
    (``strength``, ``count``) and the span of both (``first_at``, ``last_at``).
    ``insertion`` orders the ties as they were added to the graph."""

    lo: np.ndarray
    hi: np.ndarray
    strength: np.ndarray
    count: np.ndarray
    first_at: np.ndarray
    last_at: np.ndarray
    insertion: np.ndarray


@dataclass(eq=False)
class TieGraph:
    """The ties of one window: node table and directed ties as arrays, with views.

    Attributes
    ----------
    nodes : list of str
        Person ids, sorted.
    attrs : list of dict
        Node attributes, aligned with ``nodes``.
    source, target : numpy.ndarray
        Directed ties as indices into ``nodes`` (int64), ordered by (source id,
        target id); no self-tie, each (source, target) once.
    count, strength, first_at, last_at : numpy.ndarray
        Per directed tie: edges, decayed strength, first and last edge time.
    start, end, as_of : int
        The window ``[start, end)`` (``start`` None: unbounded) and the decay's as-of.
    tied : frozenset of str
        Every id at an end of a tie row given, dropped rows included (unknown ids,
        self-ties): who has an edge in the window (the data checks' people count).
    """

    nodes: list[str]
    attrs: list[dict[str, Any]]
    source: np.ndarray
    target: np.ndarray
    count: np.ndarray
    strength: np.ndarray
    first_at: np.ndarray
    last_at: np.ndarray
    start: int | None = None
    end: int = 0
    as_of: int = 0
    tied: frozenset[str] = frozenset()
    _engine: Engine | None = field(default=None, init=False, repr=False)

    @property
    def window_days(self) -> float | None:
        return None if self.start is None else (self.end - self.start) / 86400.0

    @property
    def n(self) -> int:
        """Number of people (nodes)."""
        return len(self.nodes)

    @cached_property
    def index(self) -> dict[str, int]:
        """Person id -> position in :attr:`nodes`."""
        return {v: i for i, v in enumerate(self.nodes)}

    def column(self, attr: str, default: str = "") -> list[Any]:
        """One node attribute for every node, aligned with :attr:`nodes`."""
        return [a.get(attr, default) for a in self.attrs]

    @cached_property
    def undirected(self) -> UndirectedTies:
        """The undirected ties (see :class:`UndirectedTies`)."""
        s, t = self.source, self.target
        m = len(s)
        lo, hi = np.minimum(s, t), np.maximum(s, t)
        pos = np.arange(m, dtype=np.int64)
        # group the (at most two) directed ties of each pair; the pair enters the graph
        # at its first directed tie in (source, target) order
        key = lo * max(self.n, 1) + hi
        order = np.lexsort((pos, key))
        k = key[order]
        head = np.ones(m, dtype=bool)
        head[1:] = k[1:] != k[:-1]
        starts = np.flatnonzero(head)
        first = order[starts]                                   # first directed tie per pair
        strength = np.add.reduceat(self.strength[order], starts) if m else self.strength[:0]
        count = np.add.reduceat(self.count[order], starts) if m else self.count[:0]
        first_at = np.minimum.reduceat(self.first_at[order], starts) if m else self.first_at[:0]
        last_at = np.maximum.reduceat(self.last_at[order], starts) if m else self.last_at[:0]
        # graph.edges(): by lower node, then by the pair's insertion among that node's ties
        out = np.lexsort((first, lo[first]))
        return UndirectedTies(lo=lo[first][out], hi=hi[first][out], strength=strength[out],
                              count=count[out], first_at=first_at[out], last_at=last_at[out],
                              insertion=np.argsort(first[out], kind="stable"))

    def engine(self) -> Engine:
        """The compiled engines' arrays of :attr:`graph` (built once, without NetworkX):
        equal to ``Engine(self.graph)``."""
        if self._engine is None:
            from relgraph.analysis.engine import Engine

            u = self.undirected
            self._engine = Engine.from_arrays(self.nodes, u.lo, u.hi, u.strength, u.count)
        return self._engine

    def incidence(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(node, neighbour, strength)`` for both ends of every tie, in the order
        :attr:`graph` lists each node's ties (``graph[x]``): sums over a node's entries
        with :func:`numpy.bincount` add the same floats in the same order as a loop over
        ``graph[x]``, so they are equal to the last bit."""
        u = self.undirected
        ins = u.insertion
        lo, hi = u.lo[ins], u.hi[ins]
        return (np.column_stack([lo, hi]).ravel(), np.column_stack([hi, lo]).ravel(),
                np.repeat(u.strength[ins], 2))

    def node_strength(self) -> np.ndarray:
        """Sum of tie strengths per node, aligned with :attr:`nodes` (see :meth:`incidence`)."""
        ends, _, w = self.incidence()
        return np.bincount(ends, weights=w, minlength=self.n).astype(np.float64)

    def directed_adjacency(self) -> sp.csr_array:
        """Directed 0/1 adjacency (``[i, j] = 1``: a tie from ``nodes[i]`` to ``nodes[j]``)."""
        import scipy.sparse as sp

        n = self.n
        return sp.coo_array((np.ones(len(self.source)), (self.source, self.target)),
                            shape=(n, n)).tocsr()

    @cached_property
    @paused_gc()
    def graph(self) -> nx.Graph:
        """Undirected NetworkX tie graph (built on first use)."""
        import networkx as nx

        g = nx.Graph()
        g.add_nodes_from((v, dict(a)) for v, a in zip(self.nodes, self.attrs, strict=True))
        u = self.undirected
        ins = u.insertion
        nodes = self.nodes
        g.add_edges_from(
            (nodes[a], nodes[b], {"strength": s, "count": c, "first_at": f, "last_at": la})
            for a, b, s, c, f, la in zip(u.lo[ins].tolist(), u.hi[ins].tolist(),
                                         u.strength[ins].tolist(), u.count[ins].tolist(),
                                         u.first_at[ins].tolist(), u.last_at[ins].tolist(),
                                         strict=True))
        return g

    def people_graph(self) -> nx.Graph:
        """The people with their attributes and no tie (for functions that read node
        attributes from a graph and the ties from an engine, see :meth:`engine`)."""
        if "graph" in self.__dict__:
            return self.graph
        if "_people_graph" not in self.__dict__:   # built once
            import networkx as nx

            g = nx.Graph()
            g.add_nodes_from((v, dict(a)) for v, a in zip(self.nodes, self.attrs, strict=True))
            self.__dict__["_people_graph"] = g
        return self.__dict__["_people_graph"]

    @cached_property
    def directed(self) -> nx.DiGraph:
        """Directed NetworkX tie graph (``source -> target``; built on first use)."""
        import networkx as nx

        d = nx.DiGraph()
        d.add_nodes_from((v, dict(a)) for v, a in zip(self.nodes, self.attrs, strict=True))
        nodes = self.nodes
        d.add_edges_from(
            (nodes[a], nodes[b], {"strength": s, "count": c, "first_at": f, "last_at": la})
            for a, b, s, c, f, la in zip(self.source.tolist(), self.target.tolist(),
                                         self.strength.tolist(), self.count.tolist(),
                                         self.first_at.tolist(), self.last_at.tolist(),
                                         strict=True))
        return d

    def release(self) -> None:
        """Drop the cached NetworkX views and engine (they are rebuilt on next use)."""
        for name in ("graph", "directed", "_people_graph"):
            self.__dict__.pop(name, None)
        self._engine = None


PersonRow = tuple[str, str, str, str, str]
"""A person as (id, name, title, unit id, level value)."""


def node_attributes(people: Iterable[Person], units: Iterable[Unit]
                    ) -> tuple[list[str], list[dict[str, Any]]]:
    """Person ids in id order and their node attributes (see :func:`node_table`)."""
    return node_table(((p.id, p.name, p.title, p.unit, p.level.value) for p in people), units)


def node_table(people: Iterable[PersonRow], units: Iterable[Unit]
               ) -> tuple[list[str], list[dict[str, Any]]]:
    """Person ids in id order and their node attributes, from person rows.

    Unit name and kind come from ``units``; a person whose unit is unknown is in a
    ``business`` unit named by its id. A person given twice: the later row wins.
    """
    unit_by_id = {u.id: u for u in units}
    ids: list[str] = []
    attrs: list[dict[str, Any]] = []
    for pid, name, title, unit, level in sorted(people, key=lambda p: p[0]):
        u = unit_by_id.get(unit)
        if ids and ids[-1] == pid:
            ids.pop()
            attrs.pop()
        ids.append(pid)
        attrs.append({
            "name": name,
            "title": title,
            "unit": unit,
            "unit_name": u.name if u else unit,
            "unit_kind": u.kind.value if u else "business",
            "level": level,
        })
    return ids, attrs


@paused_gc()
def tie_graph_from_columns(
    nodes: list[str],
    attrs: list[dict[str, Any]],
    ties: TieColumns,
    *,
    start: int | None = None,
    end: int = 0,
    as_of: int = 0,
) -> TieGraph:
    """A :class:`TieGraph` from sorted node ids, their attributes and directed tie columns.

    Ties whose ends are not both people, and self-ties, are dropped; a (source, target)
    given more than once keeps its last row (as a graph's ``add_edge`` did). The ties
    need not be ordered.
    """
    src, dst, cnt, st, first, last = ties
    idx = {v: i for i, v in enumerate(nodes)}
    m = len(src)
    s = np.fromiter((idx.get(x, -1) for x in src), dtype=np.int64, count=m)
    t = np.fromiter((idx.get(x, -1) for x in dst), dtype=np.int64, count=m)
    keep = (s >= 0) & (t >= 0) & (s != t)
    s, t = s[keep], t[keep]
    cnt_a = np.asarray(cnt, dtype=np.int64)[keep]
    st_a = np.asarray(st, dtype=np.float64)[keep]
    first_a = np.asarray(first, dtype=np.int64)[keep]
    last_a = np.asarray(last, dtype=np.int64)[keep]
    # (source, target) order; node indices follow id order. Duplicates: the last row wins.
    n = max(len(nodes), 1)
    key = s * n + t
    order = np.lexsort((np.arange(len(key)), key))
    k = key[order]
    last_of = np.ones(len(k), dtype=bool)
    last_of[:-1] = k[1:] != k[:-1]
    sel = order[last_of]
    return TieGraph(nodes=nodes, attrs=attrs, source=s[sel], target=t[sel], count=cnt_a[sel],
                    strength=st_a[sel], first_at=first_a[sel], last_at=last_a[sel],
                    start=start, end=end, as_of=as_of, tied=frozenset(src).union(dst))


def build_tie_graph(
    people: Iterable[Person],
    units: Iterable[Unit],
    ties: Iterable[DirectedTie],
    *,
    start: int | None = None,
    end: int = 0,
    as_of: int = 0,
) -> TieGraph:
    """Build the tie graph of people, units and directed ties.

    Nodes are in id order and ties in (source, target) order, so the result (and
    everything computed from it) is deterministic.
    """
    nodes, attrs = node_attributes(people, units)
    rows = list(ties)
    cols: TieColumns = tuple(zip(*rows, strict=True)) if rows else ((), (), (), (), (), ())  # type: ignore[assignment]
    return tie_graph_from_columns(nodes, attrs, cols, start=start, end=end, as_of=as_of)
