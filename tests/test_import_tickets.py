"""relgraph import tickets: ServiceNow and Jira CSV headers as those tools export them
(ServiceNow: field names, display values; Jira: repeated Watchers columns, dd/MMM/yy
times). Expected edges worked out by hand."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from relgraph.errors import InputError
from relgraph.importers import importer_for, run_import
from relgraph.importers.tickets import parse_time
from relgraph.store import SQLiteStore

ROSTER = """\
id,name,email,department
ann,Ann Top,ann@acme.example,Finance
ian,Ian Tech,ian@acme.example,IT
bea,Bea Desk,bea@acme.example,IT Service Desk
tom,Tom Ops,tom@acme.example,IT
"""
SN_HEADER = ["number", "opened_at", "short_description", "caller_id", "priority", "state",
             "category", "assignment_group", "assigned_to", "sys_updated_on", "watch_list"]
JIRA_HEADER = ["Summary", "Issue key", "Issue id", "Issue Type", "Status", "Project key",
               "Priority", "Assignee", "Assignee Id", "Reporter", "Reporter Id", "Creator",
               "Created", "Updated", "Watchers", "Watchers", "Watchers Id", "Watchers Id"]


def _store(tmp_path: Path) -> SQLiteStore:
    store = SQLiteStore(tmp_path / "s.db")
    (tmp_path / "hr.csv").write_text(ROSTER, encoding="utf-8")
    run_import(store, importer_for("roster", [tmp_path / "hr.csv"]))
    return store


def _csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def test_servicenow_incidents(tmp_path: Path) -> None:
    store = _store(tmp_path)
    path = _csv(tmp_path / "incident.csv", SN_HEADER, [
        ["INC0010001", "2026-05-04 09:30:00", "VPN down", "Ann Top", "2 - High", "Resolved",
         "Network", "Service Desk", "Bea Desk", "2026-05-04 10:00:00", "tom@acme.example,Ian Tech"],
        ["INC0010002", "2026-05-05 11:00:00", "Laptop", "Ann Top", "4 - Low", "New", "Hardware",
         "Service Desk", "", "2026-05-05 11:00:00", ""],                         # unassigned
        ["INC0010003", "yesterday", "Printer", "Ann Top", "4 - Low", "New", "Hardware",
         "Service Desk", "Bea Desk", "", ""],                                     # bad time
        ["INC0010004", "2026-05-06 08:00:00", "Access", "Zed Nobody", "3", "New", "Access",
         "Service Desk", "Bea Desk", "", ""],                                     # unknown caller
    ])
    report = run_import(store, importer_for("tickets", [path]), default_tz=ZoneInfo("Europe/Paris"))
    at = int(datetime(2026, 5, 4, 7, 30, tzinfo=UTC).timestamp())  # 09:30 Paris (CEST)
    assert sorted((e.interaction_id, e.source, e.target, e.at, e.channel) for e in store.edges()) == [
        ("ticket:INC0010001", "ann", "bea", at, "ticket"),
        ("ticket:INC0010001", "ann", "ian", at, "ticket"),
        ("ticket:INC0010001", "ann", "tom", at, "ticket"),
    ]
    assert report.skipped == {"sender unknown or external": 1, "ticket time missing or unreadable": 1,
                              "ticket without an assignee": 1}
    assert report.matched["name"] == 3 and report.matched["email"] == 1
    assert [(a.address, a.count) for a in report.unknown_addresses] == [("zed nobody", 1)]
    paris = ZoneInfo("Europe/Paris")
    assert run_import(store, importer_for("tickets", [path]), default_tz=paris).edges_new == 0
    # read in another zone the same ticket has another time: reported with file and line
    with pytest.raises(InputError, match=r"incident.csv, line 2, field 'id': interaction id "
                       "'ticket:INC0010001' is already used by a different record"):
        run_import(store, importer_for("tickets", [path]))


def test_jira_export_with_repeated_watchers_columns(tmp_path: Path) -> None:
    store = _store(tmp_path)
    path = _csv(tmp_path / "jira.csv", JIRA_HEADER, [
        ["Build pipeline", "OPS-12", "10012", "Task", "Done", "OPS", "Medium", "ian@acme.example",
         "5b10a2844c20165700ede21g", "Ann Top", "5b10ac8d82e05b22cc7d4ef5", "Ann Top",
         "04/May/26 9:30 AM", "05/May/26 10:00 AM", "tom@acme.example", "Bea Desk", "x1", "x2"],
    ])
    report = run_import(store, importer_for("tickets", [path]))
    at = int(datetime(2026, 5, 4, 9, 30, tzinfo=UTC).timestamp())
    assert sorted((e.interaction_id, e.source, e.target, e.at) for e in store.edges()) == [
        ("ticket:OPS-12", "ann", "bea", at), ("ticket:OPS-12", "ann", "ian", at),
        ("ticket:OPS-12", "ann", "tom", at)]
    assert report.interactions == 1


def test_unknown_layout_and_times(tmp_path: Path) -> None:
    store = _store(tmp_path)
    path = _csv(tmp_path / "x.csv", ["id", "who"], [["1", "ann"]])
    with pytest.raises(InputError, match="not a ServiceNow or Jira CSV export"):
        run_import(store, importer_for("tickets", [path]))
    assert parse_time("2026-05-04T09:30:00Z", UTC) == int(datetime(2026, 5, 4, 9, 30, tzinfo=UTC).timestamp())
    assert parse_time("04/May/2026 1:05 PM", UTC) == int(datetime(2026, 5, 4, 13, 5, tzinfo=UTC).timestamp())
    assert parse_time("soon", UTC) is None
