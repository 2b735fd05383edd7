"""The relationship plan against a store: import it, load the current version, review it.

This module joins the store and the plan analyses (like :mod:`relgraph.run` for the
analysis); :mod:`relgraph.plan.review` itself never touches a store.
"""

from __future__ import annotations

import time
from pathlib import Path

from relgraph.analysis.result import AnalysisResult
from relgraph.config import RelgraphConfig
from relgraph.errors import UsageError
from relgraph.plan.model import Plan
from relgraph.plan.reader import read_plan
from relgraph.plan.review import PlanContext, graph_from_result, leader_map, review_plan
from relgraph.store.base import PlanRecord, Store


def import_plan(store: Store, path: str | Path, *, now: int | None = None,
                config: RelgraphConfig | None = None) -> Plan:
    """Validate ``path`` against the stored people and units and store it as the current plan.

    The ``[units]`` table of ``config`` (when given) sets unit kinds first, as for the
    analysis, so an owner in a unit it declares IT is accepted.

    Raises
    ------
    InputError
        Any invalid row (file, line, field); nothing is stored.
    UsageError
        When the store holds no people yet.
    """
    people, units = store.people(), store.units()
    if config is not None:
        units = config.units.apply(units)[0]
    if not people:
        raise UsageError("the store holds no people yet: run 'relgraph ingest' before importing a plan")
    at = int(time.time()) if now is None else int(now)
    plan = read_plan(path, people, units, imported_at=at)
    store.save_plan(PlanRecord(id=plan.id, imported_at=at, source=plan.source,
                               payload=plan.model_dump_json()))
    return plan


def plan_versions(store: Store) -> list[Plan]:
    """Every stored plan version, oldest first (unreadable records are skipped)."""
    out = []
    for rec in store.plans():
        try:
            out.append(Plan.model_validate_json(rec.payload).model_copy(
                update={"imported_at": rec.imported_at, "source": rec.source}))
        except ValueError:
            continue
    return out


def current_plan(store: Store, plan_id: str | None = None) -> Plan | None:
    """The latest imported plan, or the version ``plan_id``; None when no plan is stored."""
    versions = plan_versions(store)
    if plan_id is not None:
        for p in versions:
            if p.id == plan_id:
                return p
        known = ", ".join(p.id for p in versions[-5:]) or "none stored"
        raise UsageError(f"unknown plan {plan_id!r} (stored: {known})")
    return versions[-1] if versions else None


def load_plan_context(store: Store, result: AnalysisResult, config: RelgraphConfig, *,
                      owner: str | None = None, plan: Plan | None = None,
                      propose: bool = False) -> PlanContext:
    """Review the current plan (or propose one) for an analysed window of ``store``.

    Loads the plan and, for the planned pairs only, the contacts of the current and the
    previous window (one query, :meth:`Store.pair_edges`). ``propose``: ignore any stored
    plan and propose one.
    """
    if propose:
        plan = None
    elif plan is None:
        plan = current_plan(store)
    units = config.units.apply(store.units())[0]  # the [units] kinds, as in the analysis
    g = graph_from_result(result)
    if owner is not None:
        if owner not in g:
            raise UsageError(f"unknown person {owner!r} (--owner takes a person id)")
        if plan is None or not any(e.owner == owner for e in plan.entries):
            raise UsageError(f"{owner!r} owns no relationship in the stored plan "
                             "(see 'relgraph plan show')")
    contacts: list[object] = []
    if plan is not None:
        leaders = leader_map(g, units)
        pairs = set()
        for e in plan.entries:
            if owner is not None and e.owner != owner:
                continue
            people = leaders.get(e.stakeholder, []) if e.stakeholder_kind == "unit" else [e.stakeholder]
            pairs |= {(e.owner, p) for p in people if p != e.owner}
        m = result.meta
        lo = m.start - (m.end - m.start) if m.start is not None else None
        contacts = list(store.pair_edges(sorted(pairs), lo, m.end))
    return review_plan(result, config, plan, units, contacts, graph=g, owner=owner)
