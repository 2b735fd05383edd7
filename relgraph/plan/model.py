"""The relationship plan: who in IT owns which stakeholder relationship, and how often to meet.

One :class:`PlanEntry` per planned relationship. A stakeholder is a person, or a
unit standing for its leaders (:func:`relgraph.plan.model.unit_leaders`). The
owner is a person in an IT unit. The cadence says how often the owner should be
in contact (``2w``, ``1m``, ``1q``...). Importance, power and interest (1-5) are
optional; power and interest place the stakeholder on Mendelow's grid
(:mod:`relgraph.analysis.stakeholder_grid`).

A :class:`Plan` is versioned by a hash of its entries (:attr:`Plan.id`), stored in
the store (:meth:`relgraph.store.base.Store.save_plan`) and named in every audit
that used it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from relgraph.models import Level

PLAN_FIELDS = ("stakeholder", "owner", "cadence", "importance", "power", "interest", "notes")
"""Columns of a plan CSV file, in the order relgraph writes them."""
REQUIRED_PLAN_FIELDS = ("stakeholder", "owner", "cadence")

_CADENCE = re.compile(r"^\s*(\d+)\s*([dwmqy])\s*$", re.I)
CADENCE_UNIT_DAYS = {"d": 1, "w": 7, "m": 30, "q": 90, "y": 365}
"""Days per cadence unit: a month is 30 days and a quarter 90, like ``--window``."""
MAX_CADENCE_DAYS = 366

LEVEL_RANK = {
    Level.EXECUTIVE.value: 6, Level.DIRECTOR.value: 5, Level.MANAGER.value: 4,
    Level.STAFF.value: 3, Level.CONTRACTOR.value: 2, Level.VENDOR_CONTACT.value: 1,
}
"""Seniority order of the levels, used to find a unit's leaders."""


def parse_cadence(text: str) -> int:
    """``2w`` -> 14, ``1m`` -> 30, ``1q`` -> 90, ``10d`` -> 10 (days).

    Raises
    ------
    ValueError
        For anything else, or a cadence of zero or longer than a year.
    """
    m = _CADENCE.match(text or "")
    if not m:
        raise ValueError(f"invalid cadence {text!r}: use a number and d, w, m, q or y, e.g. 2w, 1m, 1q")
    days = int(m.group(1)) * CADENCE_UNIT_DAYS[m.group(2).lower()]
    if days <= 0 or days > MAX_CADENCE_DAYS:
        raise ValueError(f"invalid cadence {text!r}: must be between 1 day and 1 year")
    return days


Score = Annotated[int, Field(ge=1, le=5)]


class PlanEntry(BaseModel):
    """One planned relationship (one row of the plan)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    stakeholder: str = Field(description="person id, or unit id when stakeholder_kind is 'unit'")
    stakeholder_kind: Literal["person", "unit"] = "person"
    owner: str = Field(description="person id of the owner, in an IT unit")
    cadence: str = Field(description="as written, e.g. 2w")
    cadence_days: int = Field(ge=1, le=MAX_CADENCE_DAYS)
    importance: Score | None = None
    power: Score | None = None
    interest: Score | None = None
    notes: str = Field("", max_length=2000)

    @property
    def ref(self) -> str:
        """``unit:ID`` for a unit stakeholder, the person id otherwise (the CSV spelling)."""
        return f"unit:{self.stakeholder}" if self.stakeholder_kind == "unit" else self.stakeholder

    def csv_row(self) -> dict[str, str]:
        return {
            "stakeholder": self.ref, "owner": self.owner, "cadence": self.cadence,
            "importance": "" if self.importance is None else str(self.importance),
            "power": "" if self.power is None else str(self.power),
            "interest": "" if self.interest is None else str(self.interest),
            "notes": self.notes,
        }


class Plan(BaseModel):
    """A whole relationship plan (ordered by stakeholder) and where it came from."""

    entries: list[PlanEntry] = Field(default_factory=list)
    source: str = Field("", description="file it was imported from")
    imported_at: int = Field(0, description="epoch seconds of the import")

    @property
    def id(self) -> str:
        """``plan-`` and 12 hex digits of a hash of the entries (not of source or time)."""
        text = json.dumps([e.model_dump(mode="json") for e in self.entries], sort_keys=True,
                          separators=(",", ":"))
        return "plan-" + hashlib.blake2b(text.encode(), digest_size=6).hexdigest()

    def for_owner(self, owner: str) -> Plan:
        """The entries one owner holds (same source and time)."""
        return self.model_copy(update={"entries": [e for e in self.entries if e.owner == owner]})

    def entry_for(self, stakeholder: str, kind: str = "person") -> PlanEntry | None:
        for e in self.entries:
            if e.stakeholder == stakeholder and e.stakeholder_kind == kind:
                return e
        return None


class UnitInfo(BaseModel):
    """What :func:`unit_leaders` needs to know about a unit."""

    id: str
    kind: str
    parent: str | None = None


def unit_leaders(unit: str, members: dict[str, list[tuple[str, str]]],
                 parents: dict[str, str | None]) -> list[str]:
    """The leaders a unit stakeholder stands for.

    The unit's own members at the most senior level present among them (executive >
    director > manager > staff > contractor > vendor contact); a unit with no members
    of its own takes the most senior people of its sub-units. For a vendor this is
    every contact at the vendor's most senior level.

    Parameters
    ----------
    unit : str
        Unit id.
    members : dict
        unit id -> [(person id, level)].
    parents : dict
        unit id -> parent unit id (or None).

    Returns
    -------
    list of str
        Person ids, sorted.
    """
    people = list(members.get(unit, []))
    if not people:
        todo, seen = [unit], {unit}
        while todo:
            u = todo.pop()
            for child, parent in parents.items():
                if parent == u and child not in seen:
                    seen.add(child)
                    todo.append(child)
                    people += members.get(child, [])
    if not people:
        return []
    top = max(LEVEL_RANK.get(lv, 0) for _, lv in people)
    return sorted(p for p, lv in people if LEVEL_RANK.get(lv, 0) == top)


def sort_entries(entries: Iterable[PlanEntry]) -> list[PlanEntry]:
    return sorted(entries, key=lambda e: (e.stakeholder_kind, e.stakeholder, e.owner))
