"""Rows of the plan sections for tables and CSV (``analyze --section coverage|stakeholders``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from relgraph.plan.model import PLAN_FIELDS
from relgraph.plan.review import PlanReview

COVERAGE_COLUMNS = ["stakeholder", "owner", "cadence", "strength", "previous_strength", "trend",
                    "contacts", "last_contact", "periods_met", "periods", "cadence_met",
                    "owner_share", "holder", "holder_strength", "holding"]
GRID_COLUMNS = ["stakeholder", "quadrant", "power", "power_source", "interest",
                "interest_source", "engagement", "engagement_ratio", "weak_engagement"]


def _day(at: int | None) -> str | None:
    return None if at is None else datetime.fromtimestamp(at, tz=UTC).strftime("%Y-%m-%d")


def _ref(kind: str, sid: str) -> str:
    return f"unit:{sid}" if kind == "unit" else sid


def coverage_rows(review: PlanReview) -> list[dict[str, Any]]:
    """One row per planned relationship, then one per unowned key stakeholder."""
    rows = []
    for r in review.coverage:
        d = r.model_dump()
        d["stakeholder"] = _ref(r.stakeholder_kind, r.stakeholder)
        d["last_contact"] = _day(r.last_contact)
        rows.append(d)
    for s in review.unowned:
        rows.append({"stakeholder": s.ref, "owner": None, "cadence": None, "trend": "unowned",
                     "holding": None, "role": s.role})
    return rows


def grid_rows(review: PlanReview) -> list[dict[str, Any]]:
    order = {"manage closely": 0, "keep satisfied": 1, "keep informed": 2, "monitor": 3}
    pts = sorted(review.grid, key=lambda p: (order[p.quadrant], not p.weak_engagement, -p.power, p.id))
    return [{**p.model_dump(), "stakeholder": _ref(p.kind, p.id)} for p in pts]


def plan_section(review: PlanReview, section: str) -> tuple[list[dict[str, Any]], list[str], str]:
    """(rows, table columns, a note for stderr) of ``coverage`` or ``stakeholders``."""
    if section == "stakeholders":
        note = "" if review.plan_id else "no plan stored: the grid shows the key stakeholders"
        return grid_rows(review), GRID_COLUMNS, note
    if not review.plan_id:
        rows = [e.csv_row() for e in review.proposal]
        note = ("no plan stored: this is a proposed plan (relgraph plan propose > plan.csv, "
                "edit, then relgraph plan import plan.csv)")
        return rows, list(PLAN_FIELDS), note
    return coverage_rows(review), COVERAGE_COLUMNS, ""
