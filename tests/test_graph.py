"""The tie graph as arrays (issue 14, lean loading): every figure checked by hand.

Four people a < b < c < d (ids sort so), unit x = {a, b}, unit y = {c, d}. Directed ties
(source, target, count, strength, first_at, last_at), given out of order, with a self-tie
and a tie to an unknown id that must be dropped:

    b -> c  1  1.0   5   6
    a -> b  2  2.0  10  20
    c -> b  3  0.5   1  30
    b -> a  1  0.25  15 16
    a -> a  9  9.0   0   0     (self-tie: dropped)
    a -> zz 1  1.0   0   0     (unknown person: dropped)

By hand: undirected a-b: strength 2.25, count 3, span 10..20; b-c: 1.5, 4, 1..30.
Sorted directed order: (a,b), (b,a), (b,c), (c,b). Strength per person: a 2.25,
b 3.75, c 1.5, d 0 (isolate).
"""

from __future__ import annotations

import numpy as np
import pytest

from relgraph.analysis.engine import Engine
from relgraph.graph import build_tie_graph
from relgraph.models import Level, Person, Unit, UnitKind
from relgraph.store import SQLiteStore
from relgraph.store.base import DirectedTie

UNITS = [Unit(id="x", name="Unit X", kind=UnitKind.IT),
         Unit(id="y", name="Unit Y", kind=UnitKind.BUSINESS)]
PEOPLE = [Person(id=i, name=i.upper(), unit=u, level=Level.STAFF)
          for i, u in (("d", "y"), ("b", "x"), ("a", "x"), ("c", "y"))]
TIES = [DirectedTie("b", "c", 1, 1.0, 5, 6), DirectedTie("a", "b", 2, 2.0, 10, 20),
        DirectedTie("c", "b", 3, 0.5, 1, 30), DirectedTie("b", "a", 1, 0.25, 15, 16),
        DirectedTie("a", "a", 9, 9.0, 0, 0), DirectedTie("a", "zz", 1, 1.0, 0, 0)]


@pytest.fixture()
def tg():
    return build_tie_graph(PEOPLE, UNITS, TIES, start=0, end=86400, as_of=86400)


def test_arrays_by_hand(tg):
    assert tg.nodes == ["a", "b", "c", "d"]
    assert tg.column("unit") == ["x", "x", "y", "y"]
    assert tg.attrs[2] == {"name": "C", "title": "", "unit": "y", "unit_name": "Unit Y",
                           "unit_kind": "business", "level": "staff"}
    assert list(zip(tg.source.tolist(), tg.target.tolist(), strict=True)) == [
        (0, 1), (1, 0), (1, 2), (2, 1)]
    assert tg.count.tolist() == [2, 1, 1, 3]
    u = tg.undirected
    assert list(zip(u.lo.tolist(), u.hi.tolist(), strict=True)) == [(0, 1), (1, 2)]
    assert u.strength.tolist() == [2.25, 1.5]
    assert u.count.tolist() == [3, 4]
    assert u.first_at.tolist() == [10, 1]
    assert u.last_at.tolist() == [20, 30]
    assert tg.node_strength().tolist() == [2.25, 3.75, 1.5, 0.0]
    a = tg.directed_adjacency().toarray()
    assert a.tolist() == [[0, 1, 0, 0], [1, 0, 1, 0], [0, 1, 0, 0], [0, 0, 0, 0]]


def test_views_built_on_demand(tg):
    assert "graph" not in tg.__dict__ and "directed" not in tg.__dict__
    g = tg.graph
    assert sorted(g.edges(data=True)) == [
        ("a", "b", {"strength": 2.25, "count": 3, "first_at": 10, "last_at": 20}),
        ("b", "c", {"strength": 1.5, "count": 4, "first_at": 1, "last_at": 30}),
    ]
    assert g.nodes["d"]["unit_name"] == "Unit Y" and g.degree("d") == 0
    d = tg.directed
    assert d.edges["c", "b"] == {"strength": 0.5, "count": 3, "first_at": 1, "last_at": 30}
    assert d.number_of_edges() == 4 and not d.has_edge("a", "a")
    tg.release()
    assert "graph" not in tg.__dict__


def test_engine_from_arrays_equals_engine_of_graph(tg):
    e = tg.engine()
    assert e.g is None and e.nodes == ["a", "b", "c", "d"] and (e.n, e.m) == (4, 2)
    assert e.strengths.tolist() == [2.25, 1.5] and e.counts.tolist() == [3, 4]
    ref = Engine(tg.graph)
    for name in ("rows", "cols", "strengths", "counts"):
        assert np.array_equal(getattr(e, name), getattr(ref, name)), name
    assert e.degrees.tolist() == [1, 2, 1, 0]


def test_edge_order_matches_networkx_on_a_random_graph():
    """Edge order and adjacency order as if the ties had been added one by one in
    (source, target) order (the engine's order is NetworkX's ``graph.edges()``)."""
    import networkx as nx

    rng = np.random.default_rng(7)
    people = [Person(id=f"p{i:02d}", name=f"P{i}", unit="x", level=Level.STAFF)
              for i in range(30)]
    ties = []
    for s, t in {(int(a), int(b)) for a, b in rng.integers(0, 30, size=(150, 2)) if a != b}:
        ties.append(DirectedTie(f"p{s:02d}", f"p{t:02d}", 1, float(rng.random()), 0, 1))
    tg = build_tie_graph(people, UNITS, ties)
    ref = nx.Graph()
    ref.add_nodes_from(p.id for p in sorted(people, key=lambda p: p.id))
    for t in sorted(ties):
        if ref.has_edge(t.source, t.target):
            ref.edges[t.source, t.target]["strength"] += t.strength
        else:
            ref.add_edge(t.source, t.target, strength=t.strength)
    assert list(tg.graph.edges) == list(ref.edges)
    for v in ref:
        assert list(tg.graph[v]) == list(ref[v])
        assert tg.graph.degree(v, weight="strength") == ref.degree(v, weight="strength")
    e = tg.engine()
    assert [(e.nodes[i], e.nodes[j]) for i, j in zip(e.rows, e.cols, strict=True)] == list(
        ref.edges)
    # the same floats as summing in the graph's order
    want = [float(sum(d["strength"] for d in ref[v].values())) for v in tg.nodes]
    assert tg.node_strength().tolist() == want


def test_store_columns_equal_models(tmp_path):
    st = SQLiteStore(tmp_path / "s.db")
    st.upsert_units(UNITS)
    st.upsert_people(PEOPLE)
    assert st.person_rows() == [("a", "A", "", "x", "staff"), ("b", "B", "", "x", "staff"),
                                ("c", "C", "", "y", "staff"), ("d", "D", "", "y", "staff")]
    kw = {"as_of": 100, "half_life_days": 30.0, "channel_weights": {}}
    assert st.tie_columns(0, 100, **kw) == ((), (), (), (), (), ())
    st.add_edges([("i1", "a", "b", 10, "email", 1.0, None), ("i2", "a", "b", 40, "email", 2.0, None),
                  ("i3", "c", "a", 50, "chat", 1.0, None)])
    cols = st.tie_columns(0, 100, **kw)
    rows = list(st.ties(0, 100, **kw))
    assert cols == tuple(zip(*rows, strict=True))
    assert cols[:3] == (("a", "c"), ("b", "a"), (2, 1))
    assert cols[4:] == ((10, 50), (40, 50))


def test_incidence_sums_and_cross_unit_share_by_hand(tg):
    """b's ties: a-b 2.25 (same unit x) and b-c 1.5 (to unit y): cross share 1.5 / 3.75."""
    from relgraph.analysis.brokers import broker_metrics
    from relgraph.analysis.result import PersonMetrics

    ends, others, w = tg.incidence()
    assert list(zip(ends.tolist(), others.tolist(), w.tolist(), strict=True)) == [
        (0, 1, 2.25), (1, 0, 2.25), (1, 2, 1.5), (2, 1, 1.5)]
    people = [PersonMetrics(id=i, name=i, title="", unit=u, unit_kind="it", level="staff",
                            degree=0, strength=0.0, betweenness=0.0, betweenness_unweighted=0.0,
                            harmonic_closeness=0.0, pagerank=0.0)
              for i, u in (("a", "x"), ("b", "x"), ("c", "y"), ("d", "y"))]
    roles = {p.id: {"liaison": 1} for p in people}
    for kw in ({"tie_graph": tg}, {}):   # from the arrays, and walking the graph
        rows = {b.id: b.cross_unit_share for b in broker_metrics(tg.graph, people, roles, {},
                                                                   set(), **kw)}
        assert rows == {"a": 0.0, "b": 0.4, "c": 1.0, "d": 0.0}


def test_validate_rows_in_chunks_share_one_fields_set():
    from pydantic import TypeAdapter

    from relgraph.analysis.result import UnitPair, validate_rows

    fields = ("unit_a", "unit_b", "ties", "strength", "people_a", "people_b", "top_person",
              "top_person_share", "single_points")
    cols = [["a", "a", "b", "c", "d"], ["b", "c", "c", "d", "e"], [1, 2, 3, 4, 5],
            [1.0, 2.0, 3.0, 4.0, 5.0], [1, 1, 1, 2, 2], [1, 1, 1, 1, 3], ["p", "q", "r", "s", "t"],
            [1.0, 0.5, 1.0, 0.25, 0.5], [["p"], [], ["r"], [], []]]
    rows = validate_rows(TypeAdapter(list[UnitPair]), fields, cols, chunk=2)
    assert [r.model_dump() for r in rows] == [
        UnitPair(**dict(zip(fields, r, strict=True))).model_dump()
        for r in zip(*cols, strict=True)]
    assert rows[3].ties == 4 and rows[0].single_points == ["p"]
    assert len({id(r.model_fields_set) for r in rows}) == 1
    assert rows[4].model_fields_set == set(fields)


def test_people_with_edges_from_windows_and_the_rest(tmp_path):
    """Ids with an edge: z (before the windows), a, b, c (inside; c only to itself),
    ghost (an unknown id inside), y (after). d has none."""
    from relgraph.run import people_with_edges
    from relgraph.window import load_window

    st = SQLiteStore(tmp_path / "s.db")
    st.upsert_units(UNITS)
    st.upsert_people(PEOPLE)
    day = 86400
    st.add_edges([("e1", "z", "a", 1 * day, "email", 1.0, None),
                  ("e2", "a", "b", 12 * day, "email", 1.0, None),
                  ("e3", "c", "c", 15 * day, "email", 1.0, None),
                  ("e4", "b", "ghost", 25 * day, "email", 1.0, None),
                  ("e5", "y", "a", 40 * day, "chat", 1.0, None)])
    want = {"z", "a", "b", "c", "ghost", "y"}
    assert st.people_with_edges() == want
    assert st.people_with_edges_outside(10 * day, 30 * day) == {"z", "a", "y"}
    spans = []
    for end in (20 * day, 30 * day):
        tg = load_window(st, as_of=end, window_days=10)
        spans.append((end - 10 * day, end, tg.tied))
    assert spans[0][2] == {"a", "b", "c"} and spans[1][2] == {"b", "ghost"}
    assert people_with_edges(st, spans) == want
    # windows with a gap between them: every edge is read
    assert people_with_edges(st, [spans[0], (35 * day, 45 * day, frozenset())]) == want
    # every person of the roster in a window read: no edge is read at all
    st.close()
    st = SQLiteStore(tmp_path / "s.db", create=False)

    def refuse(*args):
        raise AssertionError("edges read although every person was in a window")

    st.people_with_edges = st.people_with_edges_outside = refuse
    roster = {"a", "b", "ghost"}
    assert people_with_edges(st, spans, roster) == {"a", "b", "c", "ghost"}
    with pytest.raises(AssertionError, match="edges read"):  # d, z, y not in the windows
        people_with_edges(st, spans, roster | {"d"})
