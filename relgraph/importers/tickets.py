"""``relgraph import tickets``: ServiceNow and Jira CSV exports.

One ticket is one interaction (channel ``ticket``) from its requester to its assignee
and watchers, at its opening time, with the ticket number as id.

* **ServiceNow** (a list exported as CSV: the header holds field names): ``number``;
  requester ``caller_id``, else ``requested_for``, else ``opened_by``; ``assigned_to``;
  ``watch_list`` (comma-separated); ``opened_at``, else ``sys_created_on``.
* **Jira** (Issues > Export > CSV): ``Issue key``; ``Reporter``; ``Assignee``; every
  ``Watchers`` column (Jira repeats the header for multi-value fields); ``Created``
  (Jira's ``04/May/26 9:30 AM`` or ISO 8601).

The flavour is recognised from the header. People are ids, emails, aliases or, as these
tools export them, display names: a display name matches a person whose name is the
same (case-insensitive) and unique. Times without an offset are read in ``--default-tz``.
Tickets without an assignee, or whose time cannot be read, are skipped and counted.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime, tzinfo
from pathlib import Path

from relgraph.errors import InputError, RecordIssue
from relgraph.importers.base import ImportContext, Importer, RawRecord, first_bad_utf8, not_utf8
from relgraph.importers.run import interaction_id

TIME_FORMATS = (
    "%d/%b/%y %I:%M %p", "%d/%b/%Y %I:%M %p", "%d/%b/%y %H:%M", "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M:%S %p", "%d.%m.%Y %H:%M:%S",
    "%d-%m-%Y %H:%M:%S",
)


def parse_time(text: str, tz: tzinfo) -> int | None:
    """Epoch seconds of a ticket time in ISO 8601 or a format the tools export."""
    t = text.strip()
    if not t:
        return None
    dt: datetime | None = None
    try:
        dt = datetime.fromisoformat(t.replace("Z", "+00:00"))
    except ValueError:
        for fmt in TIME_FORMATS:
            try:
                dt = datetime.strptime(t, fmt)
                break
            except ValueError:
                continue
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=tz)
    return int(dt.timestamp())


def _split(cell: str) -> list[str]:
    return [x.strip() for x in cell.replace(";", ",").split(",") if x.strip()]


class TicketsImporter(Importer):
    """ServiceNow or Jira CSV exports (recognised per file from the header)."""

    source = "tickets"

    def records(self, ctx: ImportContext) -> Iterator[RawRecord]:
        done = 0
        for path in self.paths:
            yield from self._file(path, ctx)
            done += path.stat().st_size
            if ctx.progress is not None:
                ctx.progress(done, 0)

    def _file(self, path: Path, ctx: ImportContext) -> Iterator[RawRecord]:
        name = str(path)
        try:
            f = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed below
        except OSError as e:
            raise InputError([RecordIssue(name, 0, "", f"cannot read: {e.strerror}")]) from None
        with f:
            reader = csv.reader(f)
            try:
                header = [h.strip() for h in next(reader)]
            except StopIteration:
                raise InputError([RecordIssue(name, 0, "", "file is empty (expected a header row)")],
                                 headline="cannot read the tickets; nothing was written") from None
            except UnicodeDecodeError:
                raise InputError([RecordIssue(name, first_bad_utf8(path)[0], "", not_utf8(path))],
                                 headline="cannot read the tickets; nothing was written") from None
            flavour = self.options.get("flavour") or _flavour(header)
            if flavour is None:
                raise InputError([RecordIssue(
                    name, 1, "", "not a ServiceNow or Jira CSV export: expected a 'number' column "
                    "(ServiceNow) or an 'Issue key' column (Jira)")],
                    headline="cannot read the tickets; nothing was written")
            cols = _columns(header, flavour)
            missing = [k for k in ("id", "requester", "assignee", "time") if not cols.get(k)]
            if missing:
                raise InputError([RecordIssue(name, 1, k, f"no {k} column in this {flavour} export")
                                  for k in missing], headline="cannot read the tickets; nothing was written")
            try:
                for row in reader:
                    if not row or not any(c.strip() for c in row):
                        continue
                    ctx.read += 1
                    rec = _record(name, reader.line_num, row, cols, ctx)
                    if rec is not None:
                        yield rec
            except UnicodeDecodeError:
                raise InputError([RecordIssue(name, first_bad_utf8(path)[0], "", not_utf8(path))],
                                 headline="cannot read the tickets; nothing was written") from None


def _flavour(header: list[str]) -> str | None:
    low = [h.lower() for h in header]
    if "issue key" in low:
        return "jira"
    if "number" in low and any(c in low for c in ("caller_id", "requested_for", "opened_by",
                                                  "assigned_to")):
        return "servicenow"
    return None


def _columns(header: list[str], flavour: str) -> dict[str, list[int]]:
    low = [h.lower() for h in header]

    def first(*names: str) -> list[int]:
        for n in names:
            if n in low:
                return [low.index(n)]
        return []

    if flavour == "jira":
        return {
            "id": first("issue key"), "requester": first("reporter", "creator"),
            "assignee": first("assignee"), "time": first("created"),
            "watchers": [i for i, h in enumerate(low) if h == "watchers"],
        }
    return {
        "id": first("number"), "requester": first("caller_id", "requested_for", "opened_by"),
        "assignee": first("assigned_to"), "time": first("opened_at", "sys_created_on"),
        "watchers": first("watch_list"),
    }


def _record(name: str, line: int, row: list[str], cols: dict[str, list[int]],
            ctx: ImportContext) -> RawRecord | None:
    def cell(key: str) -> str:
        idx = cols.get(key) or []
        return row[idx[0]].strip() if idx and idx[0] < len(row) else ""

    number = cell("id")
    requester = cell("requester")
    assignee = cell("assignee")
    if not number:
        ctx.skip("ticket without a number")
        return None
    if not requester:
        ctx.skip("ticket without a requester")
        return None
    if not assignee:
        ctx.skip("ticket without an assignee")
        return None
    at = parse_time(cell("time"), ctx.default_tz)
    if at is None:
        ctx.skip("ticket time missing or unreadable")
        return None
    targets = [assignee]
    for i in cols.get("watchers") or []:
        if i < len(row):
            targets += _split(row[i])
    return RawRecord(name, line, interaction_id("ticket", number), requester, targets, at, "ticket")
