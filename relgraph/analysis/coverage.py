"""Coverage of the relationship plan: does each planned owner hold their relationship?

For every planned relationship (:class:`relgraph.plan.model.PlanEntry`) this module
measures, from the window's tie graph and the contacts between the owner and the
stakeholder:

* ``strength``: the owner's tie strength with the stakeholder (a unit stakeholder: the
  sum over the unit's leaders), as in the tie graph: sum over interactions of channel
  weight x record weight x 0.5 ** (age / half-life) (:class:`relgraph.models.DirectedTie`);
* ``previous_strength``: the same sum over the previous window, decayed to that
  window's end, and the ``trend`` between the two;
* ``last_contact`` and the **cadence**: the window is cut into consecutive periods of
  the cadence's length counted back from its end; the cadence is met when every period
  holds at least one contact (a cadence longer than the window: one period, checked
  when the loaded contacts reach back that far);
* ``owner_share``: who initiates, the share of the pair's strength initiated by the owner
  (reciprocity in the directed view; 0.5 = balanced);
* the **actual holder**: the IT person with the strongest tie to the stakeholder. The
  owner is *not holding* the relationship when the holder's strength is at least
  ``holder_min_strength`` and the owner's is below ``owner_weak_share`` of it.

The cadence check (every period holds a contact) is this project's reading of "meet
every two weeks"; the strength is the same figure every other section uses.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

import networkx as nx
from pydantic import BaseModel, Field

DAY = 86400


class ContactLike(Protocol):
    source: str
    target: str
    at: int
    channel: str
    weight: float


class CoverageRow(BaseModel):
    """How one planned relationship is held (section ``coverage``)."""

    stakeholder: str
    stakeholder_kind: str = Field(description="'person' or 'unit' (the unit's leaders)")
    stakeholder_people: list[str] = Field(description="the people the stakeholder stands for")
    owner: str
    cadence: str
    cadence_days: int
    importance: int | None = None
    strength: float = Field(description="owner's tie strength with the stakeholder, this window")
    previous_strength: float | None = Field(None, description="same, previous window")
    strength_change: float | None = Field(None, description="(now - before) / before")
    trend: str = Field(description="up, down, same, new, lost or none")
    contacts: int = Field(description="interactions (edges) between owner and stakeholder")
    last_contact: int | None = Field(None, description="epoch seconds of the latest contact")
    days_since_contact: float | None = None
    periods: int | None = Field(None, description="cadence periods checked")
    periods_met: int | None = Field(None, description="periods with at least one contact")
    cadence_met: bool | None = Field(None, description="None: not checkable (cadence too long)")
    owner_share: float | None = Field(None, description="share of the strength the owner initiated")
    holder: str | None = Field(None, description="strongest IT person other than the owner")
    holder_strength: float = 0.0
    owner_rank: int = Field(0, description="owner's rank among IT people by strength (0: no tie)")
    holding: bool = Field(description="False when someone else in IT holds it far more strongly")


def contact_weight(c: ContactLike, as_of: int, half_life_days: float,
                   channel_weights: Mapping[str, float]) -> float:
    """One contact's contribution to tie strength at ``as_of`` (the DirectedTie formula)."""
    w = float(c.weight) * float(channel_weights.get(c.channel, 1.0))
    return w * math.pow(0.5, (as_of - c.at) / (half_life_days * DAY))


def _trend(now: float, before: float | None, threshold: float) -> tuple[str, float | None]:
    if before is None:
        return ("none" if now == 0 else "new"), None
    if before == 0 and now == 0:
        return "none", None
    if before == 0:
        return "new", None
    change = (now - before) / before
    if now == 0:
        return "lost", change
    if change > threshold:
        return "up", change
    if change < -threshold:
        return "down", change
    return "same", change


def it_holders(g: nx.Graph, people: Sequence[str]) -> list[tuple[str, float]]:
    """IT people tied to any of ``people`` with their summed strength, strongest first."""
    tot: dict[str, float] = defaultdict(float)
    inside = set(people)
    for p in people:
        if p not in g:
            continue
        for q, d in g[p].items():
            if q in inside or g.nodes[q].get("unit_kind") != "it":
                continue
            tot[q] += float(d.get("strength", 0.0))
    return sorted(tot.items(), key=lambda kv: (-kv[1], kv[0]))


def coverage(
    g: nx.Graph,
    entries: Iterable[object],
    leaders: Mapping[str, list[str]],
    contacts: Iterable[ContactLike],
    *,
    start: int,
    end: int,
    previous_start: int | None,
    half_life_days: float,
    channel_weights: Mapping[str, float],
    change_threshold: float = 0.5,
    owner_weak_share: float = 0.25,
    holder_min_strength: float = 5.0,
) -> list[CoverageRow]:
    """Coverage figures of every planned relationship.

    Parameters
    ----------
    g : networkx.Graph
        Tie graph of the window ``[start, end)`` (edge attribute ``strength``; node
        attribute ``unit_kind``).
    entries : iterable of PlanEntry
        The plan (``stakeholder``, ``stakeholder_kind``, ``owner``, ``cadence``,
        ``cadence_days``, ``importance``).
    leaders : mapping
        ``unit id -> leaders`` for the unit stakeholders.
    contacts : iterable
        Edges (``source``, ``target``, ``at``, ``channel``, ``weight``) between owners and
        their stakeholders' people, from ``previous_start`` (or ``start``) to ``end``.
    start, end : int
        The window (epoch seconds, ``end`` exclusive and the strength's as-of).
    previous_start : int or None
        Start of the previous window ``[previous_start, start)``; None: no trend.
    half_life_days, channel_weights
        The analysis settings the tie graph was built with.
    change_threshold : float
        A relative change above this is ``up``, below minus this ``down`` (as the
        ``changes`` section's ``tie_change_threshold``).
    owner_weak_share, holder_min_strength : float
        The "not holding" rule (module docstring).

    Returns
    -------
    list of CoverageRow
        In the order of ``entries``.
    """
    by_pair: dict[tuple[str, str], list[ContactLike]] = defaultdict(list)
    for c in contacts:
        by_pair[(c.source, c.target) if c.source < c.target else (c.target, c.source)].append(c)
    lo = previous_start if previous_start is not None else start
    out: list[CoverageRow] = []
    for e in entries:
        kind = e.stakeholder_kind  # type: ignore[attr-defined]
        sid = e.stakeholder  # type: ignore[attr-defined]
        owner = e.owner  # type: ignore[attr-defined]
        cdays = int(e.cadence_days)  # type: ignore[attr-defined]
        people = list(leaders.get(sid, [])) if kind == "unit" else [sid]
        people = [p for p in people if p != owner]
        strength = 0.0
        for p in people:
            if owner in g and g.has_edge(owner, p):
                strength += float(g.edges[owner, p].get("strength", 0.0))
        mine = [c for p in people
                for c in by_pair.get((owner, p) if owner < p else (p, owner), [])]
        now = [c for c in mine if start <= c.at < end]
        before = [c for c in mine if previous_start is not None and previous_start <= c.at < start]
        prev = (sum(contact_weight(c, start, half_life_days, channel_weights) for c in before)
                if previous_start is not None else None)
        trend, change = _trend(strength, prev, change_threshold)
        last = max((c.at for c in now), default=None)
        # cadence periods, counted back from the end of the window
        window_days = (end - start) / DAY
        n = max(1, int(window_days // cdays))
        if end - n * cdays * DAY < lo:
            periods = met = None
            cadence_met = None
        else:
            hit = set()
            for c in mine:
                k = (end - 1 - c.at) // (cdays * DAY)
                if 0 <= k < n:
                    hit.add(k)
            periods, met = n, len(hit)
            cadence_met = met == n
        w_now = [(c, contact_weight(c, end, half_life_days, channel_weights)) for c in now]
        total = sum(w for _, w in w_now)
        share = (sum(w for c, w in w_now if c.source == owner) / total) if total > 0 else None
        holders = it_holders(g, people)
        rank = next((i + 1 for i, (h, _) in enumerate(holders) if h == owner), 0)
        other = next(((h, s) for h, s in holders if h != owner), None)
        h_id, h_s = (other if other else (None, 0.0))
        holding = not (h_id is not None and h_s >= holder_min_strength
                       and strength < owner_weak_share * h_s)
        out.append(CoverageRow(
            stakeholder=sid, stakeholder_kind=kind, stakeholder_people=people, owner=owner,
            cadence=e.cadence, cadence_days=cdays,  # type: ignore[attr-defined]
            importance=e.importance,  # type: ignore[attr-defined]
            strength=strength, previous_strength=prev, strength_change=change, trend=trend,
            contacts=len(now), last_contact=last,
            days_since_contact=None if last is None else (end - last) / DAY,
            periods=periods, periods_met=met, cadence_met=cadence_met, owner_share=share,
            holder=h_id, holder_strength=h_s, owner_rank=rank, holding=holding,
        ))
    return out
