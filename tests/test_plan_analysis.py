"""Coverage, warm-introduction paths and the stakeholder grid on small hand-built graphs.

Every expected value below is worked out by hand in the comments.
"""

from __future__ import annotations

from typing import NamedTuple

import networkx as nx
import pytest

from relgraph.analysis.coverage import coverage
from relgraph.analysis.introductions import introduction_paths
from relgraph.analysis.stakeholder_grid import GridStakeholder, stakeholder_grid
from relgraph.plan.model import PlanEntry

DAY = 86400
T0 = 1_780_000_000
START, END = T0, T0 + 28 * DAY
PREV = T0 - 28 * DAY
HL = 7.0  # half-life, days
W = {"meeting": 3.0, "email": 1.0}


class C(NamedTuple):
    source: str
    target: str
    at: int
    channel: str
    weight: float


def _h(days: float) -> float:
    return 0.5 ** (days / HL)


def _graph() -> nx.Graph:
    g = nx.Graph()
    for n, kind in [("o", "it"), ("h", "it"), ("o2", "it"), ("s", "business"), ("s2", "business"),
                    ("l1", "business"), ("l2", "business")]:
        g.add_node(n, unit_kind=kind)
    # o-s: c1 (meeting, 1 day before END) + c2 (email, 15 days before END)
    g.add_edge("o", "s", strength=3 * _h(1) + _h(15))
    g.add_edge("h", "s", strength=20.0)
    g.add_edge("o2", "l2", strength=3 * _h(2))
    return g


CONTACTS = [
    C("o", "s", END - 1 * DAY, "meeting", 1.0),   # period 0 of 2w
    C("s", "o", END - 15 * DAY, "email", 1.0),    # period 1 of 2w
    C("o", "s", START - 7 * DAY, "meeting", 1.0),  # previous window: 3 x 0.5^(7/7) = 1.5 at START
    C("o2", "l2", END - 2 * DAY, "meeting", 1.0),
]


def _entry(s: str, owner: str, cadence: str, days: int, kind: str = "person") -> PlanEntry:
    return PlanEntry(stakeholder=s, stakeholder_kind=kind, owner=owner, cadence=cadence,  # type: ignore[arg-type]
                     cadence_days=days)


def test_coverage_figures_by_hand() -> None:
    entries = [_entry("s", "o", "2w", 14), _entry("s2", "o", "1w", 7), _entry("u", "o2", "1m", 30, "unit")]
    rows = coverage(_graph(), entries, {"u": ["l1", "l2"]}, CONTACTS, start=START, end=END,
                    previous_start=PREV, half_life_days=HL, channel_weights=W,
                    change_threshold=0.5, owner_weak_share=0.25, holder_min_strength=5.0)
    a, b, u = rows
    now = 3 * _h(1) + _h(15)  # 2.7171 + 0.2266 = 2.9437
    assert a.strength == pytest.approx(now)
    assert a.previous_strength == pytest.approx(1.5)
    assert a.strength_change == pytest.approx(now / 1.5 - 1)  # +96 %: "up"
    assert a.trend == "up"
    assert (a.contacts, a.last_contact) == (2, END - DAY)
    assert a.days_since_contact == pytest.approx(1.0)
    assert (a.periods, a.periods_met, a.cadence_met) == (2, 2, True)
    assert a.owner_share == pytest.approx(3 * _h(1) / now)  # the owner sent the meeting
    # h holds it with 20 >= 5, and o's 2.94 < 0.25 x 20 = 5: not holding
    assert (a.holder, a.holder_strength, a.owner_rank, a.holding) == ("h", 20.0, 2, False)
    # s2: no contact at all in four weekly periods
    assert (b.strength, b.contacts, b.periods, b.periods_met, b.cadence_met) == (0.0, 0, 4, 0, False)
    assert b.trend == "none" and b.holding is True and b.holder is None
    # unit u = leaders l1, l2; o2 met l2 two days before the end: 28 // 30 -> one period of 30
    # days reaching 2 days into the previous window, which the contacts cover
    assert u.stakeholder_people == ["l1", "l2"]
    assert u.strength == pytest.approx(3 * _h(2))
    assert (u.periods, u.periods_met, u.cadence_met, u.trend) == (1, 1, True, "new")


def test_a_cadence_longer_than_the_loaded_contacts_is_not_judged() -> None:
    rows = coverage(_graph(), [_entry("s", "o", "1y", 365)], {}, CONTACTS, start=START, end=END,
                    previous_start=PREV, half_life_days=HL, channel_weights=W)
    assert rows[0].cadence_met is None and rows[0].periods is None


def _paths_graph() -> nx.Graph:
    g = nx.Graph()
    edges = [
        ("a", "x", 5), ("x", "t", 4),              # a > x > t: weakest 4, total 9
        ("b", "y", 4), ("y", "t", 9),              # b > y > t: weakest 4, total 13
        ("a", "z", 10), ("z", "w", 10), ("w", "t", 3.9),  # a's 3-hop path: weakest 3.9 < 4
        ("c", "t", 4),                             # c > t direct: weakest 4, no intermediary
        ("e", "c", 50), ("e", "q", 6), ("q", "t", 1),  # e > c > t goes through a source: not used
        ("f", "m", 8), ("m", "n", 7), ("n", "t", 6),    # f > m > n > t: weakest 6
        ("g", "k", 9), ("k", "r", 9), ("r", "j", 9), ("j", "t", 9),  # 3 intermediaries: too long
        ("d", "t", 0.5), ("d", "p", 20), ("p", "t", 20),  # d knows t already: no introduction
    ]
    for u, v, s in edges:
        g.add_edge(u, v, strength=float(s))
    return g


def test_introduction_paths_by_hand_with_a_tie_on_the_weakest_link() -> None:
    got = introduction_paths(_paths_graph(), ["a", "b", "c", "d", "e", "f", "g"], ["t"], top=10)
    # who already knows t, strongest first: c (4), d (0.5; d > p > t is never needed);
    # then introductions by weakest tie: f (6); b and a tied at 4 with one intermediary
    # each, b first on the total (13 vs 9; a's shortest path, so a > z > w > t is never
    # considered); then e (its only path avoiding source c: e > q > t, weakest 1);
    # g is 4 hops away
    assert [(p.source, p.intermediaries, p.weakest) for p in got] == [
        ("c", [], 4.0), ("d", [], 0.5), ("f", ["m", "n"], 6.0), ("b", ["y"], 4.0),
        ("a", ["x"], 4.0), ("e", ["q"], 1.0)]
    assert got[3].total == 13.0 and got[4].total == 9.0
    assert got[2].people == ["f", "m", "n", "t"] and got[2].strengths == [8.0, 7.0, 6.0]
    # top 3 (the pruning must not lose f) and a shorter reach
    assert [p.source for p in introduction_paths(_paths_graph(), "abcdefg", ["t"], top=3)] == ["c", "d", "f"]
    # without c and d as sources, c may introduce e: e > c > t ties at 4 with the largest total (54)
    assert [p.source for p in introduction_paths(_paths_graph(), "abefg", ["t"], top=2)] == ["f", "e"]
    one = introduction_paths(_paths_graph(), "abcdefg", ["t"], max_intermediaries=1, top=10)
    assert [p.source for p in one] == ["c", "d", "b", "a", "e"]


def test_paths_to_a_unit_end_at_the_first_leader_reached() -> None:
    g = nx.Graph()
    g.add_edge("s", "q", strength=2.0)
    g.add_edge("q", "l1", strength=1.0)
    g.add_edge("l1", "l2", strength=50.0)
    g.add_edge("s", "m", strength=3.0)
    g.add_edge("m", "l2", strength=3.0)
    got = introduction_paths(g, ["s"], ["l1", "l2"])
    # s > q > l1 (weakest 1) and s > m > l2 (weakest 3); s > q > l1 > l2 would pass through
    # a leader and is not a path to the unit
    assert [(p.intermediaries, p.target, p.weakest) for p in got] == [(["m"], "l2", 3.0)]


def test_stakeholder_grid_by_hand() -> None:
    g = nx.Graph()
    for n, level, kind in [("ex", "executive", "business"), ("dir", "director", "business"),
                           ("st", "staff", "business"), ("it1", "staff", "it"),
                           ("it2", "manager", "it")]:
        g.add_node(n, level=level, unit_kind=kind)
    g.add_edge("ex", "it1", strength=1.0)
    g.add_edge("dir", "it1", strength=6.0)
    g.add_edge("dir", "it2", strength=4.0)
    g.add_edge("dir", "st", strength=7.0)   # not IT: no engagement
    pr = {"ex": 0.5, "dir": 0.3, "st": 0.1, "it1": 0.05, "it2": 0.05}
    pts = stakeholder_grid(g, [
        GridStakeholder(id="ex", people=["ex"], interest=4),
        GridStakeholder(id="dir", people=["dir"]),
        GridStakeholder(id="st", people=["st"], power=2, interest=5),
    ], pr, high=3.0, assumed_interest=2.5, weak_share=0.5)
    ex, d, st = pts
    # ex: level 5; PageRank percentile 4 lower of 5 people / 4 = 1 -> 1 + 4 = 5; power (5+5)/2
    assert (ex.power, ex.power_source, ex.interest, ex.quadrant) == (5.0, "network", 4.0, "manage closely")
    # dir: level 4; 3 lower -> 3/4 -> 1 + 3 = 4; power 4; interest assumed 2.5 (low)
    assert (d.power, d.interest_source, d.quadrant) == (4.0, "assumed", "keep satisfied")
    assert (st.power, st.power_source, st.quadrant) == (2.0, "plan", "keep informed")
    # engagement: ex 1, dir 6 + 4 = 10, st 0; median 1; weak below 0.5 x 1 or zero
    assert [p.engagement for p in pts] == [1.0, 10.0, 0.0]
    assert [p.weak_engagement for p in pts] == [False, False, True]
    assert d.engagement_ratio == 10.0
