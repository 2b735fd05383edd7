"""``relgraph import calendar``: iCalendar (``.ics``, RFC 5545) exports.

Parsed with ``icalendar``; recurring events are expanded inside the imported date range
with ``recurring-ical-events`` (RRULE, RDATE, EXDATE and moved or cancelled instances),
so a weekly one-to-one counts every week it happened, not once.

Each occurrence is one interaction (channel ``meeting``) from the ORGANIZER to the
ATTENDEEs, with its duration in minutes. Left out: attendees who declined
(``PARTSTAT=DECLINED``) and rooms or resources (``CUTYPE=ROOM|RESOURCE``). Skipped and
counted: cancelled events, all-day events (holidays, absences: not meetings), events
without an organizer, and events with more attendees than ``[import] max_attendees``
(default 25: a town hall is not a relationship). Times keep their time zone (TZID);
floating times are read in ``--default-tz``.

The interaction id is the event UID and the occurrence's RECURRENCE-ID (its original
start), so the same meeting found in the organizer's and each attendee's export is
stored once.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import recurring_ical_events

from relgraph.errors import InputError, RecordIssue
from relgraph.importers.base import ImportContext, Importer, RawRecord
from relgraph.importers.run import interaction_id
from relgraph.textsafe import clip, term_text

SUFFIXES = (".ics", ".ical", ".ifb", ".icalendar")


def ics_files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
        else:
            out.append(p)
    return out


def _as_list(v: Any) -> list[Any]:
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def _param(a: Any, name: str) -> str:
    params = getattr(a, "params", {}) or {}
    return str(params.get(name, "")).upper()


class CalendarImporter(Importer):
    """iCalendar files (or folders of them), expanded over ``[since, until)``."""

    source = "calendar"

    def _range(self, ctx: ImportContext) -> tuple[datetime, datetime]:
        since, until = self.options.get("since"), self.options.get("until")
        if until is None:
            today = datetime.now(tz=ctx.default_tz).date() + timedelta(days=1)
            until = datetime(today.year, today.month, today.day, tzinfo=ctx.default_tz)
        if since is None:
            since = until - timedelta(days=365)
        return since, until

    def records(self, ctx: ImportContext) -> Iterator[RawRecord]:
        start, end = self._range(ctx)
        limit = ctx.settings.max_attendees
        done = 0
        for f in ics_files(self.paths):
            try:
                cals = icalendar.Calendar.from_ical(f.read_bytes(), multiple=True)
            except (ValueError, IndexError, KeyError) as e:
                why = clip(term_text(e).replace("\ufffd", "?"), 100)  # it quotes the bad line
                raise InputError([RecordIssue(str(f), 0, "", f"not an iCalendar file: {why}")],
                                 headline="cannot read the calendar; nothing was written") from None
            for c in cals:
                for ev in recurring_ical_events.of(c).between(start, end):
                    if ev.name != "VEVENT":
                        continue
                    ctx.read += 1
                    rec = self._record(f, ev, ctx, limit)
                    if rec is not None:
                        yield rec
            done += f.stat().st_size
            if ctx.progress is not None:
                ctx.progress(done, 0)

    def _record(self, f: Path, ev: Any, ctx: ImportContext, limit: int) -> RawRecord | None:
        if str(ev.get("STATUS", "")).upper() == "CANCELLED":
            ctx.skip("cancelled event")
            return None
        dtstart = ev.get("DTSTART")
        if dtstart is None:
            ctx.skip("event without a start")
            return None
        s = dtstart.dt
        if isinstance(s, date) and not isinstance(s, datetime):
            ctx.skip("all-day event (not a meeting)")
            return None
        if s.tzinfo is None:
            s = s.replace(tzinfo=ctx.default_tz)
        e = None
        if ev.get("DTEND") is not None:
            e = ev["DTEND"].dt
        elif ev.get("DURATION") is not None:
            e = s + ev["DURATION"].dt
        if isinstance(e, datetime) and e.tzinfo is None:
            e = e.replace(tzinfo=ctx.default_tz)
        duration = max((e - s).total_seconds() / 60.0, 0.0) if isinstance(e, datetime) else None
        organizer = ev.get("ORGANIZER")
        if organizer is None or not str(organizer).strip():
            ctx.skip("event without an organizer")
            return None
        names: dict[str, str] = {}
        org_addr = str(organizer)
        if _param(organizer, "CN"):
            names[org_addr] = str(organizer.params.get("CN"))
        attendees = []
        declined = 0
        for a in _as_list(ev.get("ATTENDEE")):
            if _param(a, "CUTYPE") in ("ROOM", "RESOURCE"):
                continue
            if _param(a, "PARTSTAT") == "DECLINED":
                declined += 1
                continue
            addr = str(a)
            attendees.append(addr)
            if _param(a, "CN"):
                names[addr] = str(a.params.get("CN"))
        if declined:
            ctx.note("declined attendees left out")
        if len(attendees) > limit:
            ctx.skip(f"more than {limit} attendees (max_attendees)")
            return None
        if not attendees:
            ctx.skip("event without attendees")
            return None
        uid = str(ev.get("UID", "")).strip()
        rid = ev.get("RECURRENCE-ID")
        orig = rid.dt if rid is not None else s
        if isinstance(orig, datetime) and orig.tzinfo is None:
            orig = orig.replace(tzinfo=ctx.default_tz)
        key = f"{uid}/{int(orig.timestamp())}" if uid else None
        iid = interaction_id("ics", key) if key else None
        return RawRecord(str(f), 0, iid, org_addr, attendees, int(s.timestamp()), "meeting",
                         duration=duration, names=names)
