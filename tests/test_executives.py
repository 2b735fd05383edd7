"""Disconnected executives on a hand-built org; expected scores computed by hand from
the documented formula: score = 0.6 d_primary + 0.2 d_reach + 0.2 d_drop, with
defaults executive_min_ties = 3, executive_min_units = 3, executive_drop = 0.5."""

from __future__ import annotations

import networkx as nx
import pytest

from relgraph.analysis.executives import executive_metrics
from relgraph.settings import AnalysisSettings

UNITS = {"exec": "business", "it": "it", "sales": "business", "fin": "business", "vend": "vendor"}
PEOPLE = {  # id: (unit, level)
    "ceo": ("exec", "executive"), "cmo": ("exec", "executive"), "coo": ("exec", "executive"),
    "cio": ("it", "executive"), "itdir": ("it", "director"), "dev": ("it", "staff"),
    "s1": ("sales", "staff"), "f1": ("fin", "staff"), "vexec": ("vend", "executive"),
}


def _org(ties: list[tuple[str, str, float]]) -> nx.Graph:
    g = nx.Graph()
    for p, (u, lvl) in PEOPLE.items():
        g.add_node(p, name=p.upper(), title=f"title {p}", unit=u, unit_name=u,
                   unit_kind=UNITS[u], level=lvl)
    for a, b, s in ties:
        g.add_edge(a, b, strength=s, count=1)
    return g


CURRENT = [
    ("ceo", "cio", 2.0), ("ceo", "itdir", 1.0), ("ceo", "dev", 1.0), ("ceo", "s1", 1.0),
    ("ceo", "f1", 1.0), ("ceo", "cmo", 1.0), ("cmo", "s1", 2.0), ("cio", "itdir", 3.0),
    ("cio", "dev", 1.0), ("cio", "vexec", 1.0), ("itdir", "dev", 1.0),
]


def test_hand_built_org_scores():
    res = {e.id: e for e in executive_metrics(_org(CURRENT), None, AnalysisSettings())}
    # C-suite outside vendors + IT leaders; dev (staff) and vexec (vendor) are not listed
    assert set(res) == {"ceo", "cmo", "coo", "cio", "itdir"}

    ceo = res["ceo"]
    # ties to IT: cio, itdir, dev (strength 2 + 1 + 1); C-suite: cio, cmo; units: it, sales, fin
    assert (ceo.role, ceo.ties_to_it, ceo.strength_to_it) == ("business", 3, 4.0)
    assert (ceo.ties_to_csuite, ceo.strength_to_csuite, ceo.units_reached) == (2, 3.0, 3)
    assert ceo.strength == 7.0 and ceo.score == 0.0 and not ceo.isolated
    assert ceo.previous_strength is None and ceo.strength_change is None
    assert ceo.explanation.startswith("Well connected")

    cmo = res["cmo"]
    # no IT tie: d_primary = 1; reaches sales only: d_reach = 1 - 1/3 -> 0.6 + 0.2 x 2/3
    assert (cmo.ties_to_it, cmo.units_reached) == (0, 1)
    assert cmo.score == pytest.approx(0.6 + 0.2 * 2 / 3)
    assert "No ties to IT" in cmo.explanation and "expected at least 3" in cmo.explanation

    cio = res["cio"]
    # IT role: C-suite ties = ceo only (vexec is at a vendor) -> d_primary = 2/3;
    # units reached: exec, vend -> d_reach = 1/3 -> 0.6 x 2/3 + 0.2 x 1/3
    assert (cio.role, cio.ties_to_csuite, cio.units_reached) == ("it", 1, 2)
    assert cio.ties_to_it == 2  # itdir, dev
    assert cio.score == pytest.approx(0.4 + 0.2 / 3)
    assert "Only 1 tie to the C-suite" in cio.explanation

    itdir = res["itdir"]
    # director in IT = IT leader; C-suite ties: ceo, cio -> d_primary = 1/3;
    # units: exec -> d_reach = 2/3 -> 0.2 + 0.4/3
    assert (itdir.role, itdir.ties_to_csuite, itdir.units_reached) == ("it", 2, 1)
    assert itdir.score == pytest.approx(0.2 + 0.4 / 3)

    coo = res["coo"]
    assert coo.isolated and coo.score == 1.0 and coo.explanation == "No ties at all in this window."

    order = [e.id for e in executive_metrics(_org(CURRENT), None, AnalysisSettings())]
    assert order == ["coo", "cmo", "cio", "itdir", "ceo"]  # by score, descending


def test_strength_change_against_previous_window():
    # previous window: the same ties at double strength, and coo had a tie
    previous = _org([(a, b, 2 * s) for a, b, s in CURRENT] + [("coo", "s1", 1.0)])
    res = {e.id: e for e in executive_metrics(_org(CURRENT), previous, AnalysisSettings())}
    ceo = res["ceo"]
    # 7 now vs 14 before -> -50%: d_drop = min(1, 0.5 / 0.5) = 1 -> score 0.2
    assert ceo.previous_strength == 14.0
    assert ceo.strength_change == pytest.approx(-0.5)
    assert ceo.score == pytest.approx(0.2)
    assert "fell 50%" in ceo.explanation
    assert res["coo"].previous_strength == 1.0 and res["coo"].strength_change == -1.0
    assert "previous window" in res["coo"].explanation


def test_settings_change_who_counts_and_thresholds():
    s = AnalysisSettings(it_leader_levels=["executive"], executive_min_ties=1, executive_min_units=1)
    res = {e.id: e for e in executive_metrics(_org(CURRENT), None, s)}
    assert "itdir" not in res
    # the cmo still has no IT tie: 0.6; reach 1 >= 1 -> 0
    assert res["cmo"].score == pytest.approx(0.6)
    assert res["cio"].score == 0.0  # 1 C-suite tie is enough now


def test_settings_validate():
    with pytest.raises(ValueError):
        AnalysisSettings(executive_min_ties=0)
    with pytest.raises(ValueError):
        AnalysisSettings(executive_drop=0)
