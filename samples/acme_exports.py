"""Write the sample organisation as the exports a real organisation has.

    python samples/acme_exports.py samples/acme --out exports/

From a generated sample (units.csv, people.csv, interactions.csv) it writes what an HR
system, a mail server, calendars, a ticket tool and Slack would export, for
``relgraph import``:

| file | what | relgraph command |
| --- | --- | --- |
| ``roster.csv`` | one row per employee: id, name, email, title, department code and name, level, manager | ``import roster`` |
| ``mail/acme.mbox`` | every e-mail as a message (headers and a short body) | ``import email`` |
| ``calendar/acme.ics`` | every meeting as a VEVENT (organizer, attendees, duration) | ``import calendar`` |
| ``tickets/incident.csv`` | every ticket, ServiceNow list-export layout | ``import tickets`` |
| ``slack/`` | every chat, as DMs and group DMs of a Slack export | ``import slack`` |
| ``interactions-other.csv`` | what those formats cannot carry: calls, project and other records, weighted e-mails and tickets | ``ingest`` |
| ``relgraph.toml`` | the ``[import]`` table: vendor domains, IT department names | ``--config`` |

Importing all of them gives the same units' kinds, people, levels and edges (up to the
interaction ids) as ingesting the sample's own files, so the audits agree
(``tests/test_import_sample.py``). Stdlib only; the output depends only on the input.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, formataddr
from pathlib import Path
from typing import Any

MAIL_DOMAIN = "acme-components.example"
ROSTER_COLUMNS = ["Employee ID", "Name", "Email", "Job Title", "Department Code", "Department",
                  "Management Level", "Manager ID"]


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _managers(people: list[dict[str, str]], n: int, seed: int) -> dict[str, str]:
    """Reporting lines from the organisation model, when it built these very people."""
    try:
        from acme_org import build_org
    except ImportError:  # imported as samples.acme_exports
        from samples.acme_org import build_org
    try:
        org = build_org(n, seed)
    except ValueError:
        return {}
    if {p.pid for p in org.people} != {p["id"] for p in people}:
        return {}
    return {p.pid: org.people[p.manager].pid for p in org.people if p.manager >= 0}


def _ts(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def _fold(line: str) -> str:
    """RFC 5545 line folding at 75 octets."""
    out, cur = [], ""
    for ch in line:
        if len((cur + ch).encode()) > 75:
            out.append(cur)
            cur = " " + ch
        else:
            cur += ch
    out.append(cur)
    return "\r\n".join(out)


def _ics_time(d: datetime) -> str:
    return d.strftime("%Y%m%dT%H%M%SZ")


def write_exports(sample: Path, out: Path, *, people_n: int = 360, seed: int = 42) -> dict[str, int]:
    """Write the exports of ``sample`` into ``out``; return how many records each holds."""
    units = {u["id"]: u for u in _read(sample / "units.csv")}
    people = _read(sample / "people.csv")
    by_id = {p["id"]: p for p in people}
    managers = _managers(people, people_n, seed)
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = defaultdict(int)

    with open(out / "roster.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(ROSTER_COLUMNS)
        for p in people:
            u = units[p["unit"]]
            w.writerow([p["id"], p["name"], p["email"], p["title"], u["id"], u["name"], p["level"],
                        managers.get(p["id"], "")])
            counts["roster"] += 1

    vendors = {}
    for p in people:
        if units[p["unit"]]["kind"] == "vendor" and p["email"]:
            vendors[p["email"].split("@", 1)[1]] = p["unit"]
    it_names = [f"^{re.escape(u['name'])}$" for u in units.values() if u["kind"] == "it"]
    toml = ["[import]", "vendor_domains = { " + ", ".join(
        f'"{d}" = "{u}"' for d, u in sorted(vendors.items())) + " }", "",
        "[import.roster]", "it_patterns = [" + ", ".join(json.dumps(n) for n in it_names) + "]", ""]
    (out / "relgraph.toml").write_text("\n".join(toml), encoding="utf-8")

    for d in ("mail", "calendar", "tickets", "slack"):
        (out / d).mkdir(exist_ok=True)
    mbox = open(out / "mail" / "acme.mbox", "w", encoding="utf-8", newline="\n")  # noqa: SIM115
    ics = open(out / "calendar" / "acme.ics", "w", encoding="utf-8", newline="")  # noqa: SIM115
    ics.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//relgraph//acme sample//EN\r\n")
    tick = open(out / "tickets" / "incident.csv", "w", newline="", encoding="utf-8")  # noqa: SIM115
    tw = csv.writer(tick)
    tw.writerow(["number", "opened_at", "short_description", "caller_id", "priority", "state",
                 "category", "assignment_group", "assigned_to", "watch_list"])
    rest = open(out / "interactions-other.csv", "w", newline="", encoding="utf-8")  # noqa: SIM115
    rw = csv.writer(rest)
    rw.writerow(["id", "source", "targets", "timestamp", "channel", "weight", "duration_minutes"])
    chats: dict[tuple[str, ...], list[tuple[datetime, str, str]]] = defaultdict(list)
    try:
        for r in _read(sample / "interactions.csv"):
            src, targets = r["source"], r["targets"].split(";")
            everyone = [src, *targets]
            has_mail = all(by_id[x]["email"] for x in everyone)
            ch, weight, dur = r["channel"], r["weight"], r["duration_minutes"]
            at = _ts(r["timestamp"])
            if ch == "email" and has_mail and not weight and not dur:
                _mail(mbox, r["id"], at, by_id, src, targets)
                counts["mail"] += 1
            elif ch == "meeting" and has_mail and not weight and dur:
                _event(ics, r["id"], at, float(dur), by_id, src, targets)
                counts["calendar"] += 1
            elif ch == "ticket" and has_mail and not weight and not dur:
                tw.writerow([f"INC{r['id'][1:]}", at.strftime("%Y-%m-%d %H:%M:%S"), "Request",
                             by_id[src]["name"], "4 - Low", "Closed", "Inquiry / Help",
                             "Service Desk", by_id[targets[0]]["name"],
                             ",".join(by_id[t]["email"] for t in targets[1:])])
                counts["tickets"] += 1
            elif ch == "chat" and has_mail and not weight and not dur:
                chats[tuple(sorted(everyone))].append((at, src, r["id"]))
                counts["slack"] += 1
            else:
                rw.writerow([r[k] for k in ("id", "source", "targets", "timestamp", "channel",
                                            "weight", "duration_minutes")])
                counts["other"] += 1
        ics.write("END:VCALENDAR\r\n")
    finally:
        for f in (mbox, ics, tick, rest):
            f.close()
    _slack(out / "slack", chats, by_id)
    return dict(counts)


def _mail(f: Any, iid: str, at: datetime, by_id: dict[str, dict[str, str]], src: str,
          targets: list[str]) -> None:
    frm = by_id[src]
    f.write(f"From {frm['email']} {at.strftime('%a %b %d %H:%M:%S %Y')}\n")
    f.write(f"From: {formataddr((frm['name'], frm['email']), charset='utf-8')}\n")
    f.write("To: " + ", ".join(formataddr((by_id[t]["name"], by_id[t]["email"]), charset="utf-8")
                               for t in targets) + "\n")
    f.write(f"Date: {format_datetime(at)}\n")
    f.write(f"Message-ID: <{iid}@{MAIL_DOMAIN}>\n")
    f.write("Subject: Acme sample\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n")
    f.write("Generated by samples/acme_exports.py.\n\n")


def _event(f: Any, iid: str, at: datetime, minutes: float, by_id: dict[str, dict[str, str]],
           src: str, targets: list[str]) -> None:
    end = at + timedelta(minutes=minutes)
    lines = ["BEGIN:VEVENT", f"UID:{iid}@{MAIL_DOMAIN}", f"DTSTAMP:{_ics_time(at)}",
             f"DTSTART:{_ics_time(at)}", f"DTEND:{_ics_time(end)}", "SUMMARY:Acme sample meeting",
             f"ORGANIZER;CN=\"{by_id[src]['name']}\":mailto:{by_id[src]['email']}"]
    for t in targets:
        lines.append(f"ATTENDEE;CN=\"{by_id[t]['name']}\";PARTSTAT=ACCEPTED:mailto:{by_id[t]['email']}")
    lines.append("END:VEVENT")
    f.write("".join(_fold(x) + "\r\n" for x in lines))


def _slack(root: Path, chats: dict[tuple[str, ...], list[tuple[datetime, str, str]]],
           by_id: dict[str, dict[str, str]]) -> None:
    """DMs (two people) and group DMs (three or more) of a Slack export."""
    uid = {pid: f"U{pid.upper().replace('-', '')}" for key in chats for pid in key}
    users = [{"id": uid[p], "name": by_id[p]["email"].split("@")[0], "real_name": by_id[p]["name"],
              "deleted": False, "is_bot": False,
              "profile": {"email": by_id[p]["email"], "real_name": by_id[p]["name"]}}
             for p in sorted(uid)]
    (root / "users.json").write_text(json.dumps(users, indent=1), encoding="utf-8")
    (root / "channels.json").write_text("[]", encoding="utf-8")
    dms, mpims = [], []
    for n, key in enumerate(sorted(chats), start=1):
        members = [uid[p] for p in key]
        if len(key) == 2:
            conv = {"id": f"D{n:06d}", "members": members}
            dms.append(conv)
            folder = conv["id"]
        else:
            name = "mpdm-" + "--".join(by_id[p]["email"].split("@")[0] for p in key) + "-1"
            conv = {"id": f"G{n:06d}", "name": name, "members": members}
            mpims.append(conv)
            folder = name
        days: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for k, (at, src, _iid) in enumerate(sorted(chats[key])):
            days[at.date().isoformat()].append(
                {"type": "message", "user": uid[src], "text": "sample chat",
                 "ts": f"{int(at.timestamp())}.{k:06d}"})
        (root / folder).mkdir()
        for day, msgs in sorted(days.items()):
            (root / folder / f"{day}.json").write_text(json.dumps(msgs), encoding="utf-8")
    (root / "dms.json").write_text(json.dumps(dms), encoding="utf-8")
    (root / "mpims.json").write_text(json.dumps(mpims), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sample", type=Path, help="a generated sample (units.csv, people.csv, interactions.csv)")
    ap.add_argument("--out", type=Path, required=True, help="output directory (created)")
    ap.add_argument("--people", type=int, default=360, help="--people the sample was generated with")
    ap.add_argument("--seed", type=int, default=42, help="--seed the sample was generated with")
    a = ap.parse_args(argv)
    counts = write_exports(a.sample, a.out, people_n=a.people, seed=a.seed)
    print(", ".join(f"{k}: {v}" for k, v in sorted(counts.items())), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
