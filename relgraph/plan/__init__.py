"""relgraph.plan: the relationship plan (owners and cadence per stakeholder) against reality.

* :mod:`relgraph.plan.model` - :class:`Plan`, :class:`PlanEntry`, cadences, unit leaders;
* :mod:`relgraph.plan.reader` - read and validate a plan CSV, write one;
* :mod:`relgraph.plan.review` - coverage, introduction paths, the stakeholder grid and a
  proposed plan, from an analysis (no store);
* :mod:`relgraph.plan.run` - the same against a store (import, load, review).
"""

from __future__ import annotations

from relgraph.plan.model import Plan, PlanEntry, parse_cadence

__all__ = ["Plan", "PlanEntry", "parse_cadence"]
