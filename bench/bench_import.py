"""Import benchmark: ``relgraph import email`` and ``relgraph import calendar``.

email
    A generated mbox of ``--messages`` messages (default 200,000; realistic headers:
    Received, From, To, Cc on a third, Date, Message-ID, Subject, MIME headers; a short
    body) among ``--people`` people of a roster. Measured in the same run, each in its own
    subprocess (so that peak memory, max RSS, is its own):

    * **bare**: a plain stdlib loop over the same file: split it at ``From `` lines and
      parse each header block with ``email.parser.BytesHeaderParser`` (no address or date
      parsing, nothing stored): the ceiling;
    * **relgraph**: ``run_import`` with the email importer into a SQLite store holding the
      roster: header parsing, address and date parsing, identity resolution, spooling,
      validation and the all-or-nothing write.

    The figure that counts is the ratio bare seconds / relgraph seconds (target >= 0.5).

calendar
    A year of a ``--org`` person organisation's calendar (default 1,000): one .ics file per
    organizer; weekly one-to-ones of every manager with each report, weekly team
    meetings, a monthly all-hands (skipped: more than 25 attendees), and ad-hoc meetings.
    Measured: ``run_import`` with the calendar importer, and occurrences expanded per second.

Usage::

    python bench/bench_import.py                       # 200,000 messages, 1,000-person calendar
    python bench/bench_import.py --messages 20000 --org 200
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = "bench.example"

BARE = r"""
import json, resource, sys, time
from email.parser import BytesHeaderParser
path = sys.argv[1]
t = time.perf_counter()
parser = BytesHeaderParser()
n = 0
with open(path, "rb") as f:
    head = []
    in_head = False
    for line in f:
        if line.startswith(b"From "):
            in_head = True
            head = []
            continue
        if in_head:
            if line in (b"\n", b"\r\n"):
                parser.parsebytes(b"".join(head))
                n += 1
                in_head = False
            else:
                head.append(line)
dt = time.perf_counter() - t
print(json.dumps({"seconds": dt, "records": n,
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

RELGRAPH = r"""
import json, resource, sys, time
from relgraph.importers import importer_for, run_import
from relgraph.store import SQLiteStore
db, roster, path, source = sys.argv[1:5]
store = SQLiteStore(db)
run_import(store, importer_for("roster", [roster]))
opts = {}
if source == "calendar":
    from datetime import UTC, datetime
    opts = {"since": datetime(2026, 1, 1, tzinfo=UTC), "until": datetime(2027, 1, 1, tzinfo=UTC)}
t = time.perf_counter()
r = run_import(store, importer_for(source, [path], **opts))
dt = time.perf_counter() - t
rss = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
       + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"seconds": dt, "records": r.records_read, "interactions": r.interactions,
                  "edges": r.edges_new, "skipped": r.skipped, "maxrss_mb": rss / 1024}))
"""


def write_roster(path: Path, n: int) -> list[str]:
    """n people; managers: person i reports to (i - 1) // 8 (a tree with 8 reports each)."""
    emails = [f"user{i:06d}@{DOMAIN}" for i in range(n)]
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "email", "title", "department", "manager_id"])
        for i in range(n):
            w.writerow([f"e{i:06d}", f"Person {i}", emails[i], "Manager" if i * 8 + 1 < n else "Analyst",
                        f"Dept {i % 20}", f"e{(i - 1) // 8:06d}" if i else ""])
    return emails


def write_mbox(path: Path, emails: list[str], messages: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for k in range(messages):
            at = t0 + timedelta(seconds=k * 150)
            src = rng.choice(emails)
            to = rng.sample(emails, rng.choice((1, 1, 2, 3)))
            f.write(f"From {src} {at.strftime('%a %b %d %H:%M:%S %Y')}\n")
            f.write(f"Received: from mx{k % 7}.{DOMAIN} (mx{k % 7}.{DOMAIN} [10.0.{k % 250}.1])\n"
                    f"\tby mail.{DOMAIN} with ESMTPS id {k:x}; {format_datetime(at)}\n")
            f.write(f"From: \"Person {src[4:10]}\" <{src}>\n")
            f.write("To: " + ", ".join(f"\"Person {a[4:10]}\" <{a}>" for a in to) + "\n")
            if k % 3 == 0:
                f.write(f"Cc: {rng.choice(emails)}\n")
            f.write(f"Date: {format_datetime(at)}\nMessage-ID: <{k}.{seed}@{DOMAIN}>\n"
                    f"Subject: Re: project update {k % 997}\nMIME-Version: 1.0\n"
                    "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 7bit\n\n"
                    "Hello,\nplease find the update below.\nRegards\n\n")


def write_calendar(folder: Path, emails: list[str], seed: int = 11) -> int:
    """A year of meetings; returns the number of .ics files."""
    rng = random.Random(seed)
    n = len(emails)
    reports: dict[int, list[int]] = {}
    for i in range(1, n):
        reports.setdefault((i - 1) // 8, []).append(i)
    folder.mkdir(parents=True, exist_ok=True)
    start = datetime(2026, 1, 5, 9, tzinfo=UTC)
    files = 0
    for m, rs in sorted(reports.items()):
        ev = []
        for j, r in enumerate(rs):  # weekly one-to-ones
            s = start + timedelta(days=j % 5, hours=j % 6)
            ev.append(_vevent(f"1on1-{m}-{r}", s, 30, emails[m], [emails[r]], "FREQ=WEEKLY;COUNT=52",
                              exdate=s + timedelta(weeks=30)))
        ev.append(_vevent(f"team-{m}", start + timedelta(days=1, hours=7), 60, emails[m],
                          [emails[r] for r in rs], "FREQ=WEEKLY;UNTIL=20261231T000000Z"))
        for k in range(12):  # ad-hoc meetings with random colleagues
            s = start + timedelta(days=rng.randrange(360), hours=rng.randrange(8))
            ev.append(_vevent(f"adhoc-{m}-{k}", s, 45, emails[m], rng.sample(emails, 3), None))
        if m == 0:  # the all-hands: more than 25 attendees, skipped
            ev.append(_vevent("allhands", start, 60, emails[0], emails[1:], "FREQ=MONTHLY;COUNT=12"))
        (folder / f"organizer-{m:06d}.ics").write_text(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//relgraph bench//EN\r\n" + "".join(ev)
            + "END:VCALENDAR\r\n", encoding="utf-8")
        files += 1
    return files


def _t(d: datetime) -> str:
    return d.strftime("%Y%m%dT%H%M%SZ")


def _vevent(uid: str, s: datetime, minutes: int, org: str, att: list[str], rrule: str | None,
            exdate: datetime | None = None) -> str:
    lines = ["BEGIN:VEVENT", f"UID:{uid}@{DOMAIN}", f"DTSTAMP:{_t(s)}", f"DTSTART:{_t(s)}",
             f"DTEND:{_t(s + timedelta(minutes=minutes))}", f"ORGANIZER:mailto:{org}"]
    lines += [f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{a}" for a in att]
    if rrule:
        lines.append(f"RRULE:{rrule}")
    if exdate:
        lines.append(f"EXDATE:{_t(exdate)}")
    lines.append("END:VEVENT")
    return "".join(x + "\r\n" for x in lines)


def _load() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def _run(code: str, *args: str) -> dict[str, object]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True,
                         text=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--messages", type=int, default=200_000)
    ap.add_argument("--people", type=int, default=5_000)
    ap.add_argument("--org", type=int, default=1_000)
    ap.add_argument("--skip-calendar", action="store_true")
    a = ap.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores; "
          f"load average at start: {_load()}")
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        d = Path(tmp)
        emails = write_roster(d / "roster.csv", a.people)
        t = time.perf_counter()
        write_mbox(d / "bench.mbox", emails, a.messages)
        size = (d / "bench.mbox").stat().st_size
        print(f"mbox: {a.messages:,} messages, {size / 1e6:.0f} MB, written in "
              f"{time.perf_counter() - t:.1f} s")
        bare = _run(BARE, str(d / "bench.mbox"))
        full = _run(RELGRAPH, str(d / "a.db"), str(d / "roster.csv"), str(d / "bench.mbox"), "email")
        print(f"{'email run':<40}{'messages':>10}{'seconds':>9}{'msg/s':>10}{'peak MB':>9}")
        for name, r in (("bare BytesHeaderParser loop", bare), ("relgraph import email", full)):
            print(f"{name:<40}{r['records']:>10,}{r['seconds']:>9.2f}"
                  f"{r['records'] / r['seconds']:>10,.0f}{r['maxrss_mb']:>9.0f}")
        print(f"relgraph: {full['interactions']:,} interactions, {full['edges']:,} edges stored")
        print(f"ratio bare seconds / relgraph seconds: {bare['seconds'] / full['seconds']:.2f} "
              "(target >= 0.5)")
        if not a.skip_calendar:
            emails_c = write_roster(d / "org.csv", a.org)
            n_files = write_calendar(d / "cal", emails_c)
            cal = _run(RELGRAPH, str(d / "c.db"), str(d / "org.csv"), str(d / "cal"), "calendar")
            print(f"calendar: {a.org:,} people, {n_files} .ics files, {cal['records']:,} occurrences "
                  f"expanded in 2026, {cal['interactions']:,} meetings, {cal['edges']:,} edges "
                  f"stored in {cal['seconds']:.2f} s ({cal['records'] / cal['seconds']:,.0f} "
                  f"occurrences/s), peak {cal['maxrss_mb']:.0f} MB; skipped: {cal['skipped']}")
    print(f"load average at end: {_load()}")


if __name__ == "__main__":
    main()
