"""``relgraph import roster``: people and units from an HR/HRIS CSV export.

One row per employee: id, name, email, title, department, manager id (column names
from ``[import.roster]`` or options; common spellings are recognised, see
:data:`COLUMN_NAMES`). It produces people **and** units:

* **units** from the department column (the id from a department code column when there
  is one, else the name in lower case with dashes); without one, from the manager hierarchy:
  the subtree under each person at ``unit_depth`` below the top of the chart is a
  unit (depth 1: each direct report of the top person heads one), the people above
  that depth have units of their own, nested by ``parent``;
* **levels** from a level column when there is one (a relgraph level name, e.g.
  ``director``, or text the title rules recognise), else from title rules (regexes,
  case-insensitive, tried executive, director, manager, contractor), else from the
  hierarchy: the top person executive, depth 1
  director, anyone with reports manager, others staff;
* **unit kind** ``it`` when the department name (or, for hierarchy units, the unit
  head's title) matches an IT pattern, ``business`` otherwise; people whose email
  domain is a configured vendor domain are contacts of that vendor's unit.

A manager cycle or a duplicated employee id is an error naming the rows (someone who is
their own manager, as HR systems often record the top person, is the top of a tree); a
manager id that is not in the file, several top people, or an employee in no unit is a
warning naming the rows (such employees go to the ``unassigned`` unit).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from relgraph.errors import InputError, RecordIssue
from relgraph.importers.base import (
    ImportContext,
    Importer,
    Org,
    RawRecord,
    first_bad_utf8,
    not_utf8,
)
from relgraph.importers.identity import UNASSIGNED, domain_of
from relgraph.importers.settings import RosterSettings
from relgraph.models import ID_PATTERN, Level, UnitKind

COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("id", "employee_id", "employeeid", "emp_id", "empid", "employee_number",
           "person_id", "personid", "worker_id", "staff_id", "user_id", "userid", "badge"),
    "name": ("name", "full_name", "fullname", "display_name", "employee_name", "person_name"),
    "first_name": ("first_name", "firstname", "given_name", "givenname", "first"),
    "last_name": ("last_name", "lastname", "surname", "family_name", "familyname", "last"),
    "email": ("email", "e_mail", "mail", "email_address", "emailaddress", "work_email",
              "business_email", "primary_email"),
    "title": ("title", "job_title", "jobtitle", "position", "position_title", "role",
              "designation", "job"),
    "department_id": ("department_id", "dept_id", "department_code", "dept_code", "org_unit_id",
                      "cost_center_id", "cost_centre_id"),
    "level": ("level", "job_level", "management_level", "career_level", "grade", "job_grade"),
    "department": ("department", "dept", "department_name", "org_unit", "organization",
                   "organisation", "division", "unit", "team", "business_unit", "cost_center"),
    "manager": ("manager_id", "managerid", "manager", "reports_to", "reportsto", "reports_to_id",
                "reportstoid", "supervisorid",
                "supervisor_id", "supervisor", "line_manager_id", "line_manager", "boss",
                "manager_employee_id", "parent"),
    "aliases": ("aliases", "alias", "other_emails", "alternate_emails"),
}
MAX_NAMED_ROWS = 10
_LEVELS = {lv.value: lv for lv in Level}
_ID = re.compile(ID_PATTERN)


def _norm(h: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", h.strip().lower()).strip("_")


_INTEGRAL_FLOAT = re.compile(r"-?\d+\.0+")
"""An id a spreadsheet wrote as a float (``152.0``): the integer id (``152``)."""


def slug(text: str) -> str:
    """A unit id from a name: lower case, words joined by '-'."""
    s = re.sub(r"[^a-z0-9]+", "-", text.strip().lower()).strip("-")
    return s[:120] or "unit"


def _rows(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:MAX_NAMED_ROWS])
    more = len(rows) - MAX_NAMED_ROWS
    return shown + (f" and {more} more" if more > 0 else "")


class RosterImporter(Importer):
    """An HR export: one row per employee."""

    source = "roster"

    def records(self, ctx: ImportContext) -> Iterator[RawRecord]:
        return iter(())

    def _settings(self, ctx: ImportContext) -> RosterSettings:
        base = ctx.settings.roster
        over = {k: v for k, v in self.options.items() if v is not None and k in RosterSettings.model_fields}
        return base.model_copy(update=over) if over else base

    def _columns(self, path: Path, header: list[str], rs: RosterSettings) -> dict[str, int]:
        norm = [_norm(h) for h in header]
        cols: dict[str, int] = {}
        for key in COLUMN_NAMES:
            chosen = getattr(rs, f"{key}_column", None)
            if chosen:
                if chosen in header:
                    cols[key] = header.index(chosen)
                elif _norm(chosen) in norm:
                    cols[key] = norm.index(_norm(chosen))
                else:
                    raise InputError([RecordIssue(str(path), 1, chosen, f"no column {chosen!r} in the header "
                                                  f"(columns: {', '.join(header)})")],
                                     headline="cannot read the roster; nothing was written")
                continue
            for cand in COLUMN_NAMES[key]:
                if cand in norm:
                    cols[key] = norm.index(cand)
                    break
        missing = [k for k in ("id",) if k not in cols]
        if missing:
            raise InputError([RecordIssue(
                str(path), 1, k,
                f"no {k} column found (looked for {', '.join(COLUMN_NAMES[k])}); name it with "
                f"--{k}-column or [import.roster] {k}_column") for k in missing],
                headline="cannot read the roster; nothing was written")
        return cols

    def org(self, ctx: ImportContext) -> Org:
        rs = self._settings(ctx)
        org = Org()
        for path in self.paths:
            self._read(path, rs, ctx, org)
        return org

    def _read(self, path: Path, rs: RosterSettings, ctx: ImportContext, org: Org) -> None:
        name = str(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise InputError([RecordIssue(name, first_bad_utf8(path)[0], "", not_utf8(path))],
                             headline="cannot read the roster; nothing was written") from None
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            header = next(reader)
        except StopIteration:
            raise InputError([RecordIssue(name, 0, "", "file is empty (expected a header row)")],
                             headline="cannot read the roster; nothing was written") from None
        cols = self._columns(path, header, rs)
        rows: list[tuple[int, dict[str, str]]] = []
        issues: list[RecordIssue] = []
        seen: dict[str, int] = {}
        for row in reader:
            if not row or not any(c.strip() for c in row):
                continue
            line = reader.line_num
            rec = {k: (row[i].strip() if i < len(row) else "") for k, i in cols.items()}
            for k in ("id", "manager"):  # a spreadsheet's 152.0 is the id 152
                if _INTEGRAL_FLOAT.fullmatch(rec.get(k) or ""):
                    rec[k] = rec[k].split(".", 1)[0]
            if not rec.get("name"):
                rec["name"] = " ".join(x for x in (rec.get("first_name", ""), rec.get("last_name", "")) if x)
            if not rec.get("name") and "name" not in cols and "first_name" not in cols and "last_name" not in cols:
                rec["name"] = rec["id"]  # a de-identified export: the id is the name (warned below)
            pid = rec["id"]
            if pid in seen:
                issues.append(RecordIssue(name, line, "id", f"duplicate employee id {pid!r} (first on line {seen[pid]})"))
                continue
            seen[pid] = line
            rows.append((line, rec))
        ctx.read += len(rows)
        if "name" not in cols and "first_name" not in cols and "last_name" not in cols:
            ctx.warn(f"{name}: no name column (looked for {', '.join(COLUMN_NAMES['name'])}): "
                     "people are named by their ids; name the column with --name-column")
        if issues:
            raise InputError(issues)
        by_id = {r["id"]: (line, r) for line, r in rows}
        manager = {r["id"]: r.get("manager", "") for _, r in rows}
        self._check_hierarchy(name, rows, by_id, manager, ctx)
        depth, top = _depths(rows, manager, by_id)
        has_reports = {m for m in manager.values() if m in by_id}
        res = [re.compile(p, re.I) for p in rs.it_patterns]
        is_it = lambda text: any(r.search(text) for r in res)  # noqa: E731
        vendors = ctx.settings.vendor_domains
        unit_of: dict[str, str] = {}
        units: dict[str, tuple[int, dict[str, Any]]] = {}
        use_dept = "department" in cols and any(r.get("department") for _, r in rows)
        no_unit: list[int] = []
        vendor_units = set(vendors.values())  # a vendor's department: its people without e-mail too
        for line, r in rows:
            dom = domain_of((r.get("email") or "").lower())
            if dom and dom in vendors:
                uid = vendors[dom]
                units.setdefault(uid, (line, {"id": uid, "name": r.get("department") or dom,
                                              "kind": UnitKind.VENDOR.value, "parent": None}))
                unit_of[r["id"]] = uid
                continue
            if use_dept:
                dept = r.get("department", "")
                if not dept:
                    no_unit.append(line)
                    continue
                code = r.get("department_id", "")
                uid = code if code and _ID.match(code) else slug(code or dept)
                kind = ("vendor" if uid in vendor_units else "it" if is_it(dept) else "business")
                units.setdefault(uid, (line, {"id": uid, "name": dept, "kind": kind, "parent": None}))
                unit_of[r["id"]] = uid
            elif manager and any(manager.values()):
                head = _head(r["id"], depth, top, manager, by_id, rs.unit_depth)
                uid = _hier_unit(head, depth, top, manager, by_id, rs, units, is_it)
                unit_of[r["id"]] = uid
            else:
                no_unit.append(line)
        if no_unit:
            ctx.warn(f"{name}: {len(no_unit)} employee(s) in no unit (no department, no manager), "
                     f"put in '{UNASSIGNED}': rows {_rows(no_unit)}")
            units.setdefault(UNASSIGNED, (0, {"id": UNASSIGNED, "name": "Unassigned",
                                               "kind": "business", "parent": None}))
        lv = [(Level.EXECUTIVE, rs.executive_titles), (Level.DIRECTOR, rs.director_titles),
              (Level.MANAGER, rs.manager_titles), (Level.CONTRACTOR, rs.contractor_titles)]
        rules = [(lvl, [re.compile(p, re.I) for p in pats]) for lvl, pats in lv]
        for _, (line, u) in units.items():
            org.units.append((name, line, u))
        for line, r in rows:
            pid = r["id"]
            uid = unit_of.get(pid, UNASSIGNED)
            given = r.get("level", "")
            explicit = _LEVELS.get(re.sub(r"[\s-]+", "_", given.strip().lower())) if given else None
            level = explicit or _level(given, rules) or _level(r.get("title", ""), rules)
            if explicit is None and units.get(uid, (0, {}))[1].get("kind") == UnitKind.VENDOR.value:
                level = Level.VENDOR_CONTACT
            elif level is None:
                d = depth.get(pid)
                if d is None or not any(manager.values()):
                    level = Level.STAFF
                elif d == 0:
                    level = Level.EXECUTIVE
                elif d == 1:
                    level = Level.DIRECTOR
                elif pid in has_reports:
                    level = Level.MANAGER
                else:
                    level = Level.STAFF
            org.people.append((name, line, {
                "id": pid, "name": r.get("name", ""), "title": r.get("title", ""), "unit": uid,
                "level": level.value, "email": r.get("email") or None,
                "aliases": r.get("aliases") or None,
            }))

    def _check_hierarchy(self, name: str, rows: list[tuple[int, dict[str, str]]],
                         by_id: dict[str, Any], manager: dict[str, str], ctx: ImportContext) -> None:
        if not any(manager.values()):
            return
        missing = [line for line, r in rows if r.get("manager") and r["manager"] not in by_id
                   and r["manager"] != r["id"]]
        if missing:
            ctx.warn(f"{name}: {len(missing)} employee(s) whose manager id is not in the roster "
                     f"(treated as top of the chart): rows {_rows(missing)}")
        # cycles: follow managers; a path that returns to a visited node on the same walk
        state: dict[str, int] = {}
        cycles: list[list[str]] = []
        for pid in manager:
            path = []
            cur: str | None = pid
            while cur is not None and cur in by_id and state.get(cur, 0) == 0:
                state[cur] = 1
                path.append(cur)
                m = manager.get(cur, "")
                cur = m if m and m in by_id and m != cur else None  # self-managed: the top
            if cur is not None and state.get(cur) == 1 and cur in path:
                cycles.append(path[path.index(cur):])
            for p in path:
                state[p] = 2
        if cycles:
            issues = []
            for cyc in cycles:
                chain = " -> ".join([*cyc, cyc[0]])
                for pid in cyc:
                    issues.append(RecordIssue(name, by_id[pid][0], "manager",
                                              f"manager cycle: {chain}"))
            raise InputError(sorted(issues), headline="the roster's manager hierarchy has a cycle; nothing was written")
        roots = [line for line, r in rows if not r.get("manager") or r["manager"] not in by_id
                 or r["manager"] == r["id"]]
        if len(roots) > 1:
            ctx.warn(f"{name}: {len(roots)} people at the top of the chart (no manager in the "
                     f"roster); each heads its own tree: rows {_rows(roots)}")


def _depths(rows: list[tuple[int, dict[str, str]]], manager: dict[str, str],
            by_id: dict[str, Any]) -> tuple[dict[str, int], dict[str, str]]:
    """Depth below the top of its tree, and the top person, of everyone (no cycles here)."""
    depth: dict[str, int] = {}
    top: dict[str, str] = {}
    for _, r in rows:
        chain = []
        cur = r["id"]
        while cur not in depth:
            chain.append(cur)
            m = manager.get(cur, "")
            if not m or m not in by_id or m == cur:
                depth[cur] = 0
                top[cur] = cur
                chain.pop()
                break
            cur = m
        for pid in reversed(chain):
            m = manager[pid]
            depth[pid] = depth[m] + 1
            top[pid] = top[m]
    return depth, top


def _head(pid: str, depth: dict[str, int], top: dict[str, str], manager: dict[str, str],
          by_id: dict[str, Any], unit_depth: int) -> str:
    """The unit head of ``pid``: its ancestor at ``unit_depth``, or itself when above."""
    cur = pid
    while depth[cur] > unit_depth:
        cur = manager[cur]
    return cur


def _hier_unit(head: str, depth: dict[str, int], top: dict[str, str], manager: dict[str, str],
               by_id: dict[str, Any], rs: RosterSettings,
               units: dict[str, tuple[int, dict[str, Any]]], is_it: Any) -> str:
    uid = "u-" + slug(head)
    if uid in units:
        return uid
    line, r = by_id[head]
    title = r.get("title", "")
    label = f"{title} ({r.get('name') or head})" if title else (r.get("name") or head)
    parent = None
    if depth[head] > 0:
        parent = _hier_unit(manager[head], depth, top, manager, by_id, rs, units, is_it)
    kind = "it" if is_it(title) or (r.get("department") and is_it(r["department"])) else "business"
    units[uid] = (line, {"id": uid, "name": label[:500], "kind": kind, "parent": parent})
    return uid


def _level(title: str, rules: list[tuple[Level, list[re.Pattern[str]]]]) -> Level | None:
    if not title:
        return None
    for level, pats in rules:
        if any(p.search(title) for p in pats):
            return level
    return None
