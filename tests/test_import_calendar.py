"""relgraph import calendar: .ics files written with icalendar itself (RRULE, EXDATE, a moved
instance, a declined attendee, a room, a time zone, an all-hands, a cancelled event).
Expected occurrences are worked out by hand in each test."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from click.testing import CliRunner

from relgraph.cli import main
from relgraph.errors import InputError
from relgraph.importers import importer_for, run_import
from relgraph.importers.settings import ImportSettings
from relgraph.store import SQLiteStore

PARIS = ZoneInfo("Europe/Paris")
ROSTER = "id,name,email,department\n" + "".join(
    f"{p},{p.title()},{p}@acme.example,Dept\n" for p in ("ann", "ian", "bea", "tom")
) + "".join(f"p{i:02d},P{i},p{i:02d}@acme.example,Dept\n" for i in range(30))
SINCE = datetime(2026, 5, 1, tzinfo=UTC)
UNTIL = datetime(2026, 7, 1, tzinfo=UTC)


def _addr(email: str, **params: str) -> icalendar.vCalAddress:
    a = icalendar.vCalAddress(f"mailto:{email}")
    for k, v in params.items():
        a.params[k] = v
    return a


def _event(uid: str, start: datetime, minutes: int, organizer: str, attendees: list[Any],
           **props: Any) -> icalendar.Event:
    e = icalendar.Event()
    e.add("uid", uid)
    e.add("dtstamp", datetime(2026, 4, 1, tzinfo=UTC))
    e.add("dtstart", start)
    e.add("dtend", start + timedelta(minutes=minutes))
    e.add("organizer", _addr(organizer, CN="Organizer"))
    for a in attendees:
        e.add("attendee", a if isinstance(a, icalendar.vCalAddress) else _addr(a))
    for k, v in props.items():
        e.add(k.replace("_", "-"), v)
    return e


def _write(path: Path, events: list[icalendar.Event]) -> Path:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//relgraph tests//")
    cal.add("version", "2.0")
    for e in events:
        cal.add_component(e)
    path.write_bytes(cal.to_ical())
    return path


def _store(tmp_path: Path) -> SQLiteStore:
    store = SQLiteStore(tmp_path / "s.db")
    (tmp_path / "hr.csv").write_text(ROSTER, encoding="utf-8")
    run_import(store, importer_for("roster", [tmp_path / "hr.csv"]))
    return store


def _import(store: SQLiteStore, paths: list[Path], **kw: Any):  # type: ignore[no-untyped-def]
    return run_import(store, importer_for("calendar", paths, since=SINCE, until=UNTIL),
                      ImportSettings(**kw))



def test_weekly_one_to_one_with_exdate_moved_instance_and_time_zone(tmp_path: Path) -> None:
    store = _store(tmp_path)
    first = datetime(2026, 5, 4, 9, 0, tzinfo=PARIS)   # Mondays 09:00 Paris = 07:00 UTC (CEST)
    weekly = _event("1on1", first, 30, "ann@acme.example",
                    ["ian@acme.example", _addr("room-1@acme.example", CUTYPE="ROOM")],
                    rrule={"freq": "weekly", "count": 8},
                    exdate=datetime(2026, 5, 18, 9, 0, tzinfo=PARIS))
    moved = _event("1on1", datetime(2026, 5, 26, 14, 0, tzinfo=PARIS), 45, "ann@acme.example",
                   ["ian@acme.example"], recurrence_id=datetime(2026, 5, 25, 9, 0, tzinfo=PARIS))
    path = _write(tmp_path / "ann.ics", [weekly, moved])
    report = _import(store, [path])
    edges = sorted((e.at, e.source, e.target, e.duration) for e in store.edges())
    # 8 Mondays from 4 May (4, 11, 18, 25 May; 1, 8, 15, 22 June) minus 18 May (EXDATE);
    # 25 May moved to Tuesday 26 May 14:00 for 45 minutes; the room is not a person
    def utc(d: int, m: int, h: int) -> int:
        return int(datetime(2026, m, d, h, tzinfo=UTC).timestamp())
    expected = [(utc(d, m, 7), "ann", "ian", 30.0) for d, m in [(4, 5), (11, 5), (1, 6), (8, 6),
                                                                 (15, 6), (22, 6)]]
    expected.append((utc(26, 5, 12), "ann", "ian", 45.0))
    assert edges == sorted(expected)
    assert report.interactions == 7 and report.records_read == 7
    # the same meeting in Ian's export (a copy of the series) adds nothing
    ian = _write(tmp_path / "ian.ics", [weekly, moved])
    again = _import(store, [ian, path])
    assert again.edges_new == 0
    assert again.duplicates_merged == 7


def test_declined_allhands_cancelled_and_all_day(tmp_path: Path) -> None:
    store = _store(tmp_path)
    t = datetime(2026, 6, 3, 15, 0, tzinfo=UTC)
    events = [
        _event("m1", t, 60, "ann@acme.example",
               [_addr("ian@acme.example", PARTSTAT="DECLINED"),
                _addr("bea@acme.example", PARTSTAT="ACCEPTED"), "tom@acme.example"]),
        _event("townhall", t, 60, "ann@acme.example", [f"p{i:02d}@acme.example" for i in range(30)]),
        _event("off", t, 30, "ian@acme.example", ["tom@acme.example"], status="CANCELLED"),
    ]
    allday = icalendar.Event()
    allday.add("uid", "holiday")
    allday.add("dtstart", datetime(2026, 6, 5).date())
    allday.add("organizer", _addr("ann@acme.example"))
    allday.add("attendee", _addr("ian@acme.example"))
    events.append(allday)
    report = _import(store, [_write(tmp_path / "c.ics", events)])
    assert sorted((e.source, e.target) for e in store.edges()) == [("ann", "bea"), ("ann", "tom")]
    assert report.skipped == {"all-day event (not a meeting)": 1, "cancelled event": 1,
                              "more than 25 attendees (max_attendees)": 1}
    assert report.notes == {"declined attendees left out": 1}
    # a higher limit keeps the town hall: 30 attendees
    store2 = SQLiteStore(tmp_path / "t.db")
    run_import(store2, importer_for("roster", [tmp_path / "hr.csv"]))
    r2 = run_import(store2, importer_for("calendar", [tmp_path / "c.ics"], since=SINCE, until=UNTIL),
                    ImportSettings(max_attendees=40))
    assert r2.interactions == 2 and store2.status().edges == 32


def test_range_limits_the_expansion_and_cli(tmp_path: Path) -> None:
    store = _store(tmp_path)
    daily = _event("standup", datetime(2026, 1, 1, 9, tzinfo=UTC), 15, "ann@acme.example",
                   ["bea@acme.example"], rrule={"freq": "daily"})  # never ends
    path = _write(tmp_path / "s.ics", [daily])
    db = str(tmp_path / "s.db")
    r = CliRunner().invoke(main, ["--store", db, "import", "calendar", "--since", "2026-03-01",
                                  "--until", "2026-03-10", str(path)])
    assert r.exit_code == 0, r.output
    assert store.status().edges == 10  # 1..10 March inclusive
    bad = tmp_path / "bad.ics"
    bad.write_text("not a calendar", encoding="utf-8")
    with pytest.raises(InputError, match="not an iCalendar file"):
        _import(store, [bad])
