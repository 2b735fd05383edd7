"""A computed stakeholder grid: Mendelow's power/interest grid, with IT's engagement drawn on it.

Mendelow (1991) places each stakeholder by **power** (ability to affect the
organisation's plans) and **interest** (how much they care), and reads four strategies
off the quadrants: *manage closely* (high power, high interest), *keep satisfied* (high
power, low interest), *keep informed* (low power, high interest) and *monitor* (low,
low). relgraph places every stakeholder on a 1-5 scale for both:

* **power**: the plan's ``power`` when declared; otherwise from the network position,
  the mean of a *level score* (executive 5, director 4, manager 3, staff 2, vendor
  contact 2, contractor 1) and a *centrality score* ``1 + 4 x`` the stakeholder's
  PageRank percentile among all people (share of people with a lower PageRank). A unit
  stakeholder takes its most powerful leader.
* **interest**: the plan's ``interest`` when declared; otherwise ``assumed_interest``
  (``[plan]`` default 2.5, low: relgraph does not guess how much someone cares, so only
  stakeholders the plan declares interested can land in *manage closely*).

A score at or above ``high`` (3) is high. **IT engagement** is the stakeholder's tie
strength with people in IT units (a unit: summed over its leaders). It is *weak* when
below ``weak_share`` (0.5) of the median engagement of the stakeholders on the grid
(or zero). A stakeholder to *manage closely* with weak engagement is what the audit
reports (``under-engaged-stakeholder``).

References
----------
Mendelow, A. (1991). Environmental scanning: the impact of the stakeholder concept.
Proceedings of the Second International Conference on Information Systems, Cambridge,
MA, 407-418.
Page, L., Brin, S., Motwani, R., Winograd, T. (1999). The PageRank citation ranking:
bringing order to the web. Stanford InfoLab (the centrality behind the power score).
"""

from __future__ import annotations

import bisect
import statistics
from collections.abc import Iterable, Mapping

import networkx as nx
from pydantic import BaseModel, Field

LEVEL_POWER = {"executive": 5.0, "director": 4.0, "manager": 3.0, "staff": 2.0,
               "vendor_contact": 2.0, "contractor": 1.0}
QUADRANTS = ("manage closely", "keep satisfied", "keep informed", "monitor")


class GridStakeholder(BaseModel):
    """Input: one stakeholder to place (from the plan or the key stakeholders)."""

    id: str
    kind: str = Field("person", description="'person' or 'unit'")
    people: list[str]
    power: int | None = Field(None, description="declared in the plan (1-5)")
    interest: int | None = Field(None, description="declared in the plan (1-5)")


class GridPoint(BaseModel):
    """One stakeholder on the grid (section ``stakeholders``)."""

    id: str
    kind: str
    people: list[str]
    power: float
    power_source: str = Field(description="'plan' or 'network'")
    interest: float
    interest_source: str = Field(description="'plan' or 'assumed'")
    engagement: float = Field(description="tie strength with people in IT units")
    engagement_ratio: float | None = Field(None, description="engagement / median engagement")
    weak_engagement: bool
    quadrant: str


def network_power(g: nx.Graph, person: str, pagerank: Mapping[str, float],
                  sorted_pr: list[float]) -> float:
    """Mean of the level score and ``1 + 4 x`` the PageRank percentile (module docstring)."""
    level = LEVEL_POWER.get(str(g.nodes[person].get("level", "")), 1.0) if person in g else 1.0
    n = len(sorted_pr)
    pr = pagerank.get(person, 0.0)
    pct = bisect.bisect_left(sorted_pr, pr) / (n - 1) if n > 1 else 0.0
    return (level + 1.0 + 4.0 * min(pct, 1.0)) / 2.0


def it_engagement(g: nx.Graph, people: Iterable[str]) -> float:
    """Summed tie strength of ``people`` with people in IT units (other than themselves)."""
    inside = set(people)
    tot = 0.0
    for p in inside:
        if p not in g:
            continue
        for q, d in g[p].items():
            if q not in inside and g.nodes[q].get("unit_kind") == "it":
                tot += float(d.get("strength", 0.0))
    return tot


def quadrant(power: float, interest: float, high: float = 3.0) -> str:
    hp, hi = power >= high, interest >= high
    if hp and hi:
        return "manage closely"
    if hp:
        return "keep satisfied"
    if hi:
        return "keep informed"
    return "monitor"


def stakeholder_grid(
    g: nx.Graph,
    stakeholders: Iterable[GridStakeholder],
    pagerank: Mapping[str, float],
    *,
    high: float = 3.0,
    assumed_interest: float = 2.5,
    weak_share: float = 0.5,
) -> list[GridPoint]:
    """Place stakeholders on Mendelow's grid and measure IT's engagement with each.

    Parameters
    ----------
    g : networkx.Graph
        Tie graph (node attributes ``level``, ``unit_kind``; edge attribute ``strength``).
    stakeholders : iterable of GridStakeholder
    pagerank : mapping
        PageRank of every person (the analysis' ``people`` section).
    high, assumed_interest, weak_share : float
        See the module docstring.

    Returns
    -------
    list of GridPoint
        In the order given.
    """
    sorted_pr = sorted(pagerank.values())
    items = list(stakeholders)
    eng = [it_engagement(g, s.people) for s in items]
    med = statistics.median(eng) if eng else 0.0
    out = []
    for s, e in zip(items, eng, strict=True):
        if s.power is not None:
            power, psrc = float(s.power), "plan"
        else:
            power = max((network_power(g, p, pagerank, sorted_pr) for p in s.people), default=1.0)
            psrc = "network"
        if s.interest is not None:
            interest, isrc = float(s.interest), "plan"
        else:
            interest, isrc = float(assumed_interest), "assumed"
        ratio = e / med if med > 0 else None
        weak = e == 0 or (med > 0 and e < weak_share * med)
        out.append(GridPoint(
            id=s.id, kind=s.kind, people=list(s.people), power=round(power, 4), power_source=psrc,
            interest=interest, interest_source=isrc, engagement=e, engagement_ratio=ratio,
            weak_engagement=weak, quadrant=quadrant(power, interest, high),
        ))
    return out
