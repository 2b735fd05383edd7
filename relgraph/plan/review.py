"""Review a relationship plan against an analysed window (no store).

:func:`review_plan` joins the plan with the analysis: coverage of every planned
relationship (:mod:`relgraph.analysis.coverage`), the key stakeholders nobody owns,
each owner's load, the stakeholder grid (:mod:`relgraph.analysis.stakeholder_grid`)
and warm-introduction paths (:mod:`relgraph.analysis.introductions`) for every
relationship that needs (re)building. Without a plan it proposes one
(:func:`propose_plan`): for every key stakeholder, the IT person who holds the
relationship most strongly.

Key stakeholders: the C-suite outside IT (``[analysis] csuite_levels``,
``[leadership]``), business people at ``[plan] leader_levels`` (business-unit leaders)
and every vendor (a unit stakeholder: its leading contacts).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx
from pydantic import BaseModel, Field

from relgraph.analysis.coverage import CoverageRow, coverage, it_holders
from relgraph.analysis.introductions import IntroPath, introduction_paths
from relgraph.analysis.result import AnalysisResult
from relgraph.analysis.stakeholder_grid import GridPoint, GridStakeholder, stakeholder_grid
from relgraph.bulk import paused_gc
from relgraph.config import RelgraphConfig
from relgraph.models import Unit
from relgraph.plan.model import Plan, PlanEntry, parse_cadence, sort_entries, unit_leaders


class Stakeholder(BaseModel):
    """A key stakeholder: a person, or a vendor standing for its leading contacts."""

    id: str
    kind: str = Field(description="'person' or 'unit'")
    role: str = Field(description="'c-suite', 'business-unit leader' or 'vendor'")
    people: list[str]

    @property
    def ref(self) -> str:
        return f"unit:{self.id}" if self.kind == "unit" else self.id


class OwnerLoad(BaseModel):
    """How many relationships one owner holds in the plan, and how many are slipping."""

    owner: str
    planned: int
    missed: int = Field(description="relationships whose cadence was not met")
    not_holding: int = Field(description="relationships someone else in IT holds far more strongly")


class PlanReview(BaseModel):
    """Everything the plan review computed for one window."""

    plan_id: str | None = None
    plan_source: str | None = None
    owner: str | None = Field(None, description="restricted to this owner's relationships")
    start: int | None = None
    end: int = 0
    coverage: list[CoverageRow] = Field(default_factory=list)
    unowned: list[Stakeholder] = Field(default_factory=list)
    owners: list[OwnerLoad] = Field(default_factory=list)
    grid: list[GridPoint] = Field(default_factory=list)
    introductions: dict[str, list[IntroPath]] = Field(
        default_factory=dict, description="'person:ID' / 'unit:ID' -> best paths"
    )
    proposal: list[PlanEntry] = Field(default_factory=list, description="without a plan")
    unplaced: list[str] = Field(
        default_factory=list, description="key stakeholders no one in IT can reach (proposal)"
    )


@paused_gc()
def graph_from_result(result: AnalysisResult) -> nx.Graph:
    """The window's tie graph rebuilt from an analysis result (people and ties sections)."""
    g = nx.Graph()
    for p in result.people:
        g.add_node(p.id, name=p.name, title=p.title, unit=p.unit, unit_kind=p.unit_kind,
                   level=p.level)
    tt = result.ties  # read as columns: no model per tie
    g.add_edges_from((s, t, {"strength": w, "count": c}) for s, t, w, c in zip(
        *(tt.column(f).tolist() for f in ("source", "target", "strength", "count")), strict=True))
    return g


def leader_map(g: nx.Graph, units: Iterable[Unit]) -> dict[str, list[str]]:
    """unit id -> its leaders (:func:`relgraph.plan.model.unit_leaders`)."""
    members: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for n, a in g.nodes(data=True):
        members[a.get("unit", "")].append((n, a.get("level", "")))
    parents = {u.id: u.parent for u in units}
    return {u: unit_leaders(u, members, parents) for u in parents}


def key_stakeholders(g: nx.Graph, units: Iterable[Unit], config: RelgraphConfig,
                     leaders: dict[str, list[str]]) -> list[Stakeholder]:
    """The C-suite outside IT, the business-unit leaders and the vendors, in that order."""
    out: list[Stakeholder] = []
    bu: list[Stakeholder] = []
    for n in sorted(g.nodes):
        a = g.nodes[n]
        kind, level = a.get("unit_kind", ""), a.get("level", "")
        if kind in ("it", "vendor") or n in config.leadership.exclude:
            continue
        if config.is_csuite(n, level, kind):
            out.append(Stakeholder(id=n, kind="person", role="c-suite", people=[n]))
        elif level in config.plan.leader_levels:
            bu.append(Stakeholder(id=n, kind="person", role="business-unit leader", people=[n]))
    vendors = [Stakeholder(id=u.id, kind="unit", role="vendor", people=leaders.get(u.id, []))
               for u in sorted(units, key=lambda u: u.id)
               if u.kind.value == "vendor" and leaders.get(u.id)]
    return out + bu + vendors


def _covered(s: Stakeholder, plan: Plan, g: nx.Graph, leaders: dict[str, list[str]]) -> bool:
    for e in plan.entries:
        if e.stakeholder_kind == "person" and e.stakeholder in s.people:
            return True
        if e.stakeholder_kind == "unit":
            if s.kind == "unit" and e.stakeholder == s.id:
                return True
            if s.kind == "person" and s.id in leaders.get(e.stakeholder, []):
                return True
    if s.kind == "unit":  # a vendor is covered by a row for any of its people
        members = {n for n, a in g.nodes(data=True) if a.get("unit") == s.id}
        return any(e.stakeholder_kind == "person" and e.stakeholder in members
                   for e in plan.entries)
    return False


def introducers(g: nx.Graph, config: RelgraphConfig, plan: Plan | None) -> set[str]:
    """IT leaders, planned owners and IT people whose title names a relationship manager."""
    words = [w.lower() for w in config.plan.introducer_titles]
    out = set()
    for n, a in g.nodes(data=True):
        if a.get("unit_kind") != "it":
            continue
        title = str(a.get("title", "")).lower()
        if config.is_it_leader(n, a.get("level", ""), "it") or any(w in title for w in words):
            out.add(n)
    if plan is not None:
        out |= {e.owner for e in plan.entries if e.owner in g}
    return out


@dataclass
class PlanContext:
    """A plan review plus what the findings need to compute more paths (not saved)."""

    review: PlanReview
    graph: nx.Graph
    sources: set[str]
    config: RelgraphConfig
    plan: Plan | None = None
    _cache: dict[tuple[str, ...], list[IntroPath]] = field(default_factory=dict)
    _graph_cache: dict = field(default_factory=dict)

    def paths(self, people: Iterable[str]) -> list[IntroPath]:
        """Best introduction paths to any of ``people`` (cached)."""
        key = tuple(sorted(people))
        if key not in self._cache:
            t = self.config.plan
            self._cache[key] = introduction_paths(
                self.graph, self.sources, key, max_intermediaries=t.max_intermediaries,
                top=t.paths_shown, cache=self._graph_cache)
        return self._cache[key]


def propose_plan(g: nx.Graph, stakeholders: Iterable[Stakeholder], config: RelgraphConfig,
                 paths: PlanContext | None = None) -> tuple[list[PlanEntry], list[str]]:
    """A plan: for each key stakeholder, the IT person holding the relationship most strongly.

    Strength decays with age (half-life), so the strongest holder is also the most recent
    one among equals. A stakeholder nobody in IT is tied to gets the source of the best
    introduction path (noted in ``notes``); one nobody can reach is returned apart.

    Returns
    -------
    (entries, unplaced)
    """
    t = config.plan
    out: list[PlanEntry] = []
    unplaced: list[str] = []
    for s in stakeholders:
        cad = t.propose_cadence_csuite if s.role == "c-suite" else t.propose_cadence
        holders = it_holders(g, s.people)
        if holders:
            owner, strength = holders[0]
            note = f"proposed: strongest IT tie ({strength:.1f})"
            if len(holders) > 1:
                note += f"; next {holders[1][0]} ({holders[1][1]:.1f})"
        else:
            best = paths.paths(s.people) if paths is not None else []
            if not best:
                unplaced.append(s.ref)
                continue
            owner = best[0].source
            via = " and ".join(best[0].intermediaries) or "a direct tie"
            note = f"proposed: no IT tie; best placed through {via}"
        out.append(PlanEntry(stakeholder=s.id, stakeholder_kind=s.kind, owner=owner,  # type: ignore[arg-type]
                             cadence=cad, cadence_days=parse_cadence(cad), notes=note))
    return sort_entries(out), unplaced


def review_plan(
    result: AnalysisResult,
    config: RelgraphConfig,
    plan: Plan | None,
    units: Iterable[Unit],
    contacts: Iterable[object] = (),
    *,
    graph: nx.Graph | None = None,
    owner: str | None = None,
) -> PlanContext:
    """Coverage, unowned stakeholders, owner load, grid, paths (or a proposal without a plan).

    Parameters
    ----------
    result : AnalysisResult
        The analysed window (the ``people`` section gives PageRank for the grid).
    config : RelgraphConfig
        ``[plan]`` thresholds, leadership, analysis settings.
    plan : Plan or None
        The relationship plan; None: propose one.
    units : iterable of Unit
        The organisation's units (parents, to find a unit's leaders).
    contacts : iterable of EdgeRow-like
        Edges between each owner and their stakeholders' people, over the previous and
        the current window (:meth:`relgraph.store.base.Store.pair_edges`).
    graph : networkx.Graph, optional
        The tie graph (default: rebuilt from ``result``).
    owner : str, optional
        Restrict coverage, load and grid to this owner's relationships.
    """
    units = list(units)
    g = graph if graph is not None else graph_from_result(result)
    leaders = leader_map(g, units)
    t = config.plan
    sources = introducers(g, config, plan)
    meta = result.meta
    review = PlanReview(start=meta.start, end=meta.end, owner=owner)
    ctx = PlanContext(review=review, graph=g, sources=sources, config=config, plan=plan)
    keys = key_stakeholders(g, units, config, leaders)
    pagerank = {p.id: p.pagerank for p in result.people}
    if plan is None:
        review.proposal, review.unplaced = propose_plan(g, keys, config, ctx)
        review.grid = stakeholder_grid(
            g, [GridStakeholder(id=s.id, kind=s.kind, people=s.people) for s in keys], pagerank,
            high=t.grid_high, assumed_interest=t.assumed_interest, weak_share=t.grid_weak_share)
        return ctx
    review.plan_id, review.plan_source = plan.id, plan.source
    entries = plan.entries if owner is None else [e for e in plan.entries if e.owner == owner]
    window = (meta.end - meta.start) if meta.start is not None else None
    prev_start = meta.start - window if (meta.start is not None and window) else None
    review.coverage = coverage(
        g, entries, leaders, contacts, start=meta.start if meta.start is not None else 0,
        end=meta.end, previous_start=prev_start, half_life_days=meta.half_life_days,
        channel_weights=meta.channel_weights,
        change_threshold=config.analysis.tie_change_threshold,
        owner_weak_share=t.owner_weak_share, holder_min_strength=t.holder_min_strength)
    if owner is None:
        review.unowned = [s for s in keys if not _covered(s, plan, g, leaders)]
    load: dict[str, list[CoverageRow]] = defaultdict(list)
    for row in review.coverage:
        load[row.owner].append(row)
    review.owners = [
        OwnerLoad(owner=o, planned=len(rows), missed=sum(1 for r in rows if r.cadence_met is False),
                  not_holding=sum(1 for r in rows if not r.holding))
        for o, rows in sorted(load.items())
    ]
    # the grid: planned stakeholders (declared power/interest) and the unowned key ones
    grid_in = [GridStakeholder(id=r.stakeholder, kind=r.stakeholder_kind,
                               people=r.stakeholder_people or [r.stakeholder],
                               power=e.power, interest=e.interest)
               for r, e in zip(review.coverage, entries, strict=True)]
    grid_in += [GridStakeholder(id=s.id, kind=s.kind, people=s.people) for s in review.unowned]
    review.grid = stakeholder_grid(g, grid_in, pagerank, high=t.grid_high,
                                   assumed_interest=t.assumed_interest,
                                   weak_share=t.grid_weak_share)
    # introductions for every relationship to (re)build
    for r in review.coverage:
        if r.cadence_met is False or not r.holding or r.strength == 0:
            ref = f"unit:{r.stakeholder}" if r.stakeholder_kind == "unit" else r.stakeholder
            review.introductions[ref] = ctx.paths(r.stakeholder_people or [r.stakeholder])
    for s in review.unowned:
        review.introductions[s.ref] = ctx.paths(s.people)
    return ctx
