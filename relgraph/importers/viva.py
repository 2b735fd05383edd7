"""``relgraph import viva``: a Microsoft Viva Insights person-to-person query export (CSV).

Columns: ``PrimaryCollaborator_PersonId``, ``SecondaryCollaborator_PersonId``,
``MetricDate``, one or more tie scores (``StrongTieScore``, ``Strong_tie_score``,
``Diverse_tie_score``, ...) and HR attributes of both sides
(``PrimaryCollaborator_<attribute>``, e.g. ``Organization``, ``LevelDesignation``).

* **People**: every PersonId (Viva exports are de-identified: the id is also the name).
* **Units**: from the HR attribute ``--unit-attribute`` (default ``Organization``); kind
  ``it`` when its value matches ``[import.roster] it_patterns``. Without the attribute
  everyone is put in ``unassigned`` (a warning says so).
* **Levels**: from ``LevelDesignation``: the band "Executive", else the roster's title
  rules (executive, director, manager, contractor), else staff.
* **Interactions**: one weighted interaction (channel ``other``: Viva scores mix mail,
  meetings, chats and calls) per pair and metric date, from primary to secondary, weight
  = the tie score ``--score`` (default: the first strong-tie score column). Rows with a
  zero or missing score are skipped and counted.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import datetime
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
from relgraph.importers.identity import UNASSIGNED
from relgraph.importers.roster import slug
from relgraph.importers.run import interaction_id

P, S = "PrimaryCollaborator_", "SecondaryCollaborator_"
SCORES = ("StrongTieScore", "Strong_tie_score", "strong_tie_score", "TieScore", "Diverse_tie_score")
DATE_FORMATS = ("%m/%d/%Y", "%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y")


def _headline() -> str:
    return "cannot read the Viva Insights export; nothing was written"


def _unreadable(path: Path, e: Exception, line: int = 1) -> InputError:
    """A file that is not UTF-8 CSV text (a binary file, another encoding)."""
    if isinstance(e, UnicodeDecodeError):
        bad_line, _ = first_bad_utf8(path)
        return InputError([RecordIssue(str(path), bad_line or line, "", not_utf8(path))],
                          headline=_headline())
    return InputError([RecordIssue(str(path), line, "", f"not a CSV file: {e}")],
                      headline=_headline())


class VivaImporter(Importer):
    """Person-to-person query CSV files."""

    source = "viva"

    def _rows(self, path: Path) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
        try:
            f = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed by rows()
        except OSError as e:
            raise InputError([RecordIssue(str(path), 0, "", f"cannot read: {e.strerror}")],
                             headline=_headline()) from None
        reader = csv.DictReader(f)
        try:
            header = [h.strip() for h in reader.fieldnames or []]
        except (UnicodeDecodeError, csv.Error) as e:
            f.close()
            raise _unreadable(path, e) from None
        for need in (P + "PersonId", S + "PersonId", "MetricDate"):
            if need not in header:
                f.close()
                raise InputError([RecordIssue(str(path), 1, need, f"missing column '{need}' (not a "
                                              "Viva Insights person-to-person export?)")],
                                 headline=_headline())

        def rows() -> Iterator[tuple[int, dict[str, str]]]:
            with f:
                try:
                    for row in reader:
                        yield reader.line_num, row
                except (UnicodeDecodeError, csv.Error) as e:
                    raise _unreadable(path, e, reader.line_num + 1) from None
        return header, rows()

    def org(self, ctx: ImportContext) -> Org:
        attr = self.options.get("unit_attribute") or "Organization"
        it = [re.compile(p, re.I) for p in ctx.settings.roster.it_patterns]
        rs = ctx.settings.roster
        rules = [("executive", rs.executive_titles), ("director", rs.director_titles),
                 ("manager", rs.manager_titles), ("contractor", rs.contractor_titles)]
        # Viva's LevelDesignation is a level band ("Executive", "Manager", "Senior IC"):
        # "Executive" there means the level, unlike in a job title
        rules.insert(0, ("executive", [r"^\s*(senior\s+)?executives?\s*$"]))
        compiled = [(lv, [re.compile(p, re.I) for p in pats]) for lv, pats in rules]
        org = Org()
        seen: set[str] = set()
        units: dict[str, tuple[str, int, dict[str, Any]]] = {}
        missing_attr = False
        for path in self.paths:
            header, rows = self._rows(path)
            has_unit = P + attr in header and S + attr in header
            missing_attr = missing_attr or not has_unit
            for line, row in rows:
                for side in (P, S):
                    pid = (row.get(side + "PersonId") or "").strip()
                    if not pid or pid in seen:
                        continue
                    seen.add(pid)
                    value = (row.get(side + attr) or "").strip() if has_unit else ""
                    uid = slug(value) if value else UNASSIGNED
                    if uid not in units:
                        kind = "it" if value and any(r.search(value) for r in it) else "business"
                        units[uid] = (str(path), line, {"id": uid, "name": value or "Unassigned",
                                                         "kind": kind, "parent": None})
                    level = "staff"
                    designation = (row.get(side + "LevelDesignation") or "").strip()
                    for lv, pats in compiled:
                        if any(p.search(designation) for p in pats):
                            level = lv
                            break
                    org.people.append((str(path), line, {"id": pid, "name": pid, "title": designation,
                                                         "unit": uid, "level": level}))
        if missing_attr:
            ctx.warn(f"no {P}{attr} / {S}{attr} columns: people put in '{UNASSIGNED}' "
                     "(name the HR attribute with --unit-attribute)")
        org.units = list(units.values())
        return org

    def records(self, ctx: ImportContext) -> Iterator[RawRecord]:
        wanted = self.options.get("score")
        done = 0
        for path in self.paths:
            header, rows = self._rows(path)
            score = wanted or next((c for c in SCORES if c in header), None)
            if score is None or score not in header:
                raise InputError([RecordIssue(str(path), 1, score or "", "no tie score column (looked "
                                              f"for {', '.join(SCORES)}); name one with --score")],
                                 headline=_headline())
            for line, row in rows:
                ctx.read += 1
                a = (row.get(P + "PersonId") or "").strip()
                b = (row.get(S + "PersonId") or "").strip()
                day = (row.get("MetricDate") or "").strip()
                at = _date(day)
                if at is None:
                    ctx.skip("MetricDate missing or unreadable")
                    continue
                try:
                    w = float(row.get(score) or 0)
                except ValueError:
                    w = 0.0
                if not w > 0:
                    ctx.skip("tie score zero or missing")
                    continue
                yield RawRecord(str(path), line, interaction_id("viva", f"{a}/{b}/{day}"), a, [b],
                                at, "other", weight=w)
            done += path.stat().st_size
            if ctx.progress is not None:
                ctx.progress(done, 0)


def _date(text: str) -> int | None:
    from datetime import UTC

    for fmt in DATE_FORMATS:
        try:
            return int(datetime.strptime(text, fmt).replace(tzinfo=UTC).timestamp())
        except ValueError:
            continue
    return None
