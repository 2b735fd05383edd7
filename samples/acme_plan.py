"""The sample organisation's relationship plan (``plan.csv``; stdlib only).

Owners for the C-suite, every business department and every vendor, with two planted
cases (see samples/README.md, "The relationship plan"):

* **a gap**: the General Counsel (``gc``) has no planned owner;
* **an owner who does not hold the relationship**: the Director, Infrastructure & Cloud
  (``p00001``) owns vendor ``v-cloudco``, which only ``p00014`` ever talks to (pattern 3).

The ids of the fixed rows are the same at every ``--people`` size (samples/README.md);
the other vendors are owned by the first IT contact the simulation gives them (the person
on every weekly vendor call), so the plan fits every generated organisation.
"""

from __future__ import annotations

import csv
from pathlib import Path

PLAN_FIELDS = ("stakeholder", "owner", "cadence", "importance", "power", "interest", "notes")
GAP = "gc"
NOT_HOLDING = ("unit:v-cloudco", "p00001", "p00014")  # stakeholder, planned owner, actual holder

PLAN: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    # the C-suite: the CIO is the "uber relationship manager" (gc deliberately left out)
    ("ceo", "cio", "2w", "5", "5", "5", "Bi-weekly 1:1"),
    ("cfo", "cio", "2w", "5", "5", "4", "IT budget and investment steering"),
    ("coo", "p00016", "1m", "4", "5", "3", "ERP programme: the ERP product manager leads"),
    ("cmo", "cio", "1m", "4", "4", "", "Marketing technology roadmap"),
    ("chro", "cio", "1m", "3", "4", "", "HR systems"),
    # business departments: the senior business relationship manager faces off with their leaders
    ("unit:bu-sales", "p00015", "1q", "4", "", "", "CRM and sales tools"),
    ("unit:bu-marketing", "p00015", "1q", "3", "", "", ""),
    ("unit:bu-finance", "p00015", "1m", "4", "", "", "Finance systems, month-end close"),
    ("unit:bu-ops", "p00015", "1q", "4", "", "", "Plant systems"),
    ("unit:bu-hr", "p00015", "1q", "3", "", "", ""),
    ("unit:bu-legal", "p00015", "1q", "2", "", "", ""),
    ("unit:bu-supply", "p00015", "1q", "3", "", "", "Supply chain planning"),
    # vendors (planted: the director owns v-cloudco, which only p00014 talks to)
    ("unit:v-cloudco", "p00001", "1m", "4", "3", "", "Hosting contract owner"),
)


def vendor_rows(vendor_ids: list[str], contacts: list[str]) -> list[tuple[str, ...]]:
    """One row per other vendor: owned by its first IT contact (on every weekly call)."""
    return [(f"unit:{v}", c, "1m", "3", "2", "", "Account lead")
            for v, c in zip(vendor_ids, contacts, strict=True)]


def write_plan(out: Path, org: object, sim: object) -> Path:
    """Write ``out/plan.csv`` for an organisation and its simulation (``Sim.vendors``)."""
    people = org.people  # type: ignore[attr-defined]
    vendors = [u.id for u in org.units if u.kind == "vendor" and u.id != "v-cloudco"]  # type: ignore[attr-defined]
    pairs = [(v, people[c[0]].pid) for v, (_members, c) in zip(vendors, sim.vendors, strict=True)  # type: ignore[attr-defined]
             if c]
    vendors, contacts = [v for v, _ in pairs], [c for _, c in pairs]
    path = out / "plan.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(PLAN_FIELDS)
        w.writerows(PLAN)
        w.writerows(vendor_rows(vendors, contacts))
    return path
