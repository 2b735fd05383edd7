"""Read and validate a relationship plan CSV file against the stored people and units.

Format (UTF-8, header row; columns in any order; ``importance``, ``power``,
``interest`` and ``notes`` optional)::

    stakeholder,owner,cadence,importance,power,interest,notes
    cfo,cio,2w,5,5,4,Monthly IT steering with the CFO
    unit:bu-sales,p00015,1m,4,,,The BRM for Sales
    unit:v-erpsoft,p00016,1m,3,,,Vendor account

``stakeholder`` is a person id, or a unit id standing for the unit's leaders
(write ``unit:ID`` / ``person:ID`` when an id could be either). ``owner`` is a
person in an IT unit. ``cadence`` is a number and ``d``, ``w``, ``m`` (30 days),
``q`` (90 days) or ``y``. Each stakeholder appears once (one accountable owner).

Every problem is reported with file, line and field (:class:`relgraph.errors.InputError`);
a plan with any invalid row is not imported at all.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from relgraph.errors import InputError, RecordIssue
from relgraph.models import Person, Unit
from relgraph.plan.model import (
    PLAN_FIELDS,
    REQUIRED_PLAN_FIELDS,
    Plan,
    PlanEntry,
    parse_cadence,
    sort_entries,
)

MAX_ISSUES = 200


def _score(text: str) -> int | None:
    t = text.strip()
    if not t:
        return None
    try:
        v = int(t)
    except ValueError:
        raise ValueError(f"{t!r} is not a whole number from 1 to 5") from None
    if not 1 <= v <= 5:
        raise ValueError(f"{v} is out of range (1 to 5)")
    return v


def parse_plan(
    text: str, people: Iterable[Person], units: Iterable[Unit], *, source: str = "plan.csv",
    imported_at: int = 0,
) -> Plan:
    """Validate plan CSV text against the organisation.

    Parameters
    ----------
    text : str
        The CSV content.
    people, units : iterable
        The stored organisation (:meth:`relgraph.store.base.Store.people` / ``units``).
    source : str
        File name used in error messages.

    Returns
    -------
    Plan
        Entries ordered by stakeholder.

    Raises
    ------
    InputError
        Listing every invalid row (file, line, field, reason); nothing is returned.
    """
    person = {p.id: p for p in people}
    unit = {u.id: u for u in units}
    issues: list[RecordIssue] = []

    def bad(line: int, field: str, reason: str) -> None:
        issues.append(RecordIssue(source, line, field, reason))

    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError([RecordIssue(source, 0, "", "file is empty (expected a header row)")],
                         headline="the plan was not imported") from None
    except csv.Error as e:
        raise InputError([RecordIssue(source, 1, "", f"malformed CSV: {e}")],
                         headline="the plan was not imported") from None
    cols = [h.strip() for h in header]
    for i, c in enumerate(cols):
        if c not in PLAN_FIELDS:
            bad(1, c, f"unknown column '{c}' (allowed: {', '.join(PLAN_FIELDS)})")
        elif c in cols[:i]:
            bad(1, c, f"duplicated column '{c}' in the header")
    for c in REQUIRED_PLAN_FIELDS:
        if c not in cols:
            bad(1, c, f"missing column '{c}'")
    if issues:
        raise InputError(issues, headline="the plan was not imported")
    entries: list[PlanEntry] = []
    seen: dict[tuple[str, str], int] = {}
    total_bad = 0
    try:
        for row in reader:
            line = reader.line_num
            if not row or all(not c.strip() for c in row):
                continue
            before = len(issues)
            if len(row) != len(cols):
                bad(line, "", f"expected {len(cols)} fields, found {len(row)}")
                total_bad += 1
                continue
            r = {c: v.strip() for c, v in zip(cols, row, strict=True)}
            # stakeholder
            ref = r["stakeholder"]
            kind: str | None = None
            sid = ref
            if ref.startswith("unit:"):
                kind, sid = "unit", ref[5:]
            elif ref.startswith("person:"):
                kind, sid = "person", ref[7:]
            if not sid:
                bad(line, "stakeholder", "empty: a person id or a unit id (unit:ID) is needed")
            elif kind == "unit" and sid not in unit:
                bad(line, "stakeholder", f"unknown unit {sid!r}")
            elif kind == "person" and sid not in person:
                bad(line, "stakeholder", f"unknown person {sid!r}")
            elif kind is None:
                if sid in person and sid in unit:
                    bad(line, "stakeholder", f"{sid!r} is both a person and a unit: write "
                        f"person:{sid} or unit:{sid}")
                elif sid in person:
                    kind = "person"
                elif sid in unit:
                    kind = "unit"
                else:
                    bad(line, "stakeholder", f"unknown person or unit {sid!r}")
            # owner
            owner = r["owner"]
            op = person.get(owner)
            if not owner:
                bad(line, "owner", "empty: the owner is a person in IT")
            elif op is None:
                bad(line, "owner", f"unknown person {owner!r}")
            else:
                ou = unit.get(op.unit)
                if ou is None or ou.kind.value != "it":
                    where = f"{ou.name} ({ou.kind.value})" if ou else op.unit
                    bad(line, "owner", f"{owner!r} is not in IT (unit {where}): the owner of a "
                        "relationship is a person in an IT unit")
                elif kind == "person" and owner == sid:
                    bad(line, "owner", "a person cannot own the relationship with themselves")
            # cadence and scores
            days = 0
            try:
                days = parse_cadence(r["cadence"])
            except ValueError as e:
                bad(line, "cadence", str(e))
            scores: dict[str, int | None] = {}
            for f in ("importance", "power", "interest"):
                try:
                    scores[f] = _score(r.get(f, ""))
                except ValueError as e:
                    bad(line, f, str(e))
            notes = r.get("notes", "")
            if len(notes) > 2000:
                bad(line, "notes", "longer than 2000 characters")
            if kind is not None and sid and len(issues) == before:
                key = (kind, sid)
                if key in seen:
                    bad(line, "stakeholder", f"{ref!r} is already planned on line {seen[key]} "
                        "(one accountable owner per stakeholder)")
                else:
                    seen[key] = line
            if len(issues) > before:
                total_bad += 1
                if len(issues) >= MAX_ISSUES:
                    break
                continue
            entries.append(PlanEntry(
                stakeholder=sid, stakeholder_kind=kind, owner=owner,  # type: ignore[arg-type]
                cadence=r["cadence"].strip().lower(), cadence_days=days, notes=notes, **scores,
            ))
    except csv.Error as e:
        bad(reader.line_num, "", f"malformed CSV: {e}")
        total_bad += 1
    if issues:
        raise InputError(issues, len(issues),
                         headline=f"{total_bad} invalid plan row(s); the plan was not imported")
    return Plan(entries=sort_entries(entries), source=source, imported_at=imported_at)


def read_plan(path: str | Path, people: Iterable[Person], units: Iterable[Unit], *,
              imported_at: int = 0) -> Plan:
    """:func:`parse_plan` on a file (UTF-8, an optional BOM)."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise InputError([RecordIssue(str(p), 0, "", "no such file")],
                         headline="the plan was not imported") from None
    except OSError as e:
        raise InputError([RecordIssue(str(p), 0, "", f"cannot read: {e.strerror or e}")],
                         headline="the plan was not imported") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise InputError([RecordIssue(str(p), line, "", "not UTF-8 text")],
                         headline="the plan was not imported") from None
    return parse_plan(text, people, units, source=str(p), imported_at=imported_at)


def plan_csv(entries: Iterable[PlanEntry]) -> str:
    """Entries as plan CSV (the format :func:`parse_plan` reads). Cells that a spreadsheet
    would run as a formula are prefixed with ``'``."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(PLAN_FIELDS), lineterminator="\n")
    w.writeheader()
    for e in entries:
        w.writerow({k: ("'" + v if v[:1] in ("=", "+", "-", "@") else v)
                    for k, v in e.csv_row().items()})
    return buf.getvalue()
