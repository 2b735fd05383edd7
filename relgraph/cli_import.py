"""The ``relgraph import SOURCE`` commands: one per kind of export (see docs/import.md)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click

from relgraph.cli_common import FORMATS, echo, store_from
from relgraph.cli_output import emit_rows, progress_bar


# --- import (issue 10) -------------------------------------------------------------------------
def _import_options(f: Any) -> Any:
    """Options every ``relgraph import <source>`` command shares."""
    opts = [
        click.option("--dry-run", is_flag=True,
                     help="Read and map the export, print the summary; write nothing."),
        click.option("--add-unknown", is_flag=True,
                     help="Create unknown addresses on internal domains as staff in unit "
                     "'unassigned' (default: list them).")  ,
        click.option("--skip-invalid", is_flag=True,
                     help="Write the valid records; save rejects to --rejects."),
        click.option("--rejects", type=click.Path(dir_okay=False, path_type=str),
                     help="File (CSV) for rejected records and their reasons (with --skip-invalid)."),
        click.option("--default-tz", default="UTC", show_default=True,
                     help="Time zone for times without an offset (an IANA name)."),
        click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=str),
                     help="relgraph.toml with an [import] table (domains, roster columns)."),
        click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
                     show_default=True, help="The mapping summary as text (table) or data."),
    ]
    for o in reversed(opts):
        f = o(f)
    return f


def _run_import(ctx: click.Context, source: str, paths: tuple[str, ...], dry_run: bool,
                add_unknown: bool, skip_invalid: bool, rejects: str | None, default_tz: str,
                config_path: str | None, fmt: str, **options: Any) -> None:
    from relgraph.cli_common import load_cli_config as load_config
    from relgraph.errors import StoreUnavailable
    from relgraph.importers import importer_for, run_import
    from relgraph.importers.summary import summary_lines

    try:
        tz = ZoneInfo(default_tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise click.BadParameter(f"unknown time zone {default_tz!r}", param_hint="--default-tz") from None
    cfg, _ = load_config(config_path)
    imp = importer_for(source, list(paths), **options)
    kw = dict(dry_run=dry_run, add_unknown=add_unknown, skip_invalid=skip_invalid,
              rejects_path=rejects, default_tz=tz, progress=progress_bar("importing"))
    location = ""
    if dry_run:
        try:
            with store_from(ctx, create=False) as store:
                report = run_import(store, imp, cfg.import_, **kw)  # type: ignore[arg-type]
        except StoreUnavailable:
            report = run_import(None, imp, cfg.import_, **kw)  # type: ignore[arg-type]
    else:
        with store_from(ctx) as store:
            report = run_import(store, imp, cfg.import_, **kw)  # type: ignore[arg-type]
            location = store.location
    if fmt == "json":
        click.echo(report.model_dump_json(indent=2))
        return
    if fmt == "csv":
        data = report.model_dump(mode="json")
        emit_rows([{k: json.dumps(v) if isinstance(v, dict | list) else v for k, v in data.items()}], fmt)
        return
    for line in summary_lines(report, location):
        echo(line)
    if dry_run and report.examples:
        click.echo("first records:")
        for e in report.examples:
            echo(f"  {e['timestamp']}  {e['source']} -> {e['targets']}  ({e['id']})")


@click.group("import")
def import_group() -> None:
    """Import the exports an organisation already has (HR roster, mail, ...).

    Every source maps people by id, email or alias (see docs/import.md), prints a
    mapping summary, and stores through the same validated, all-or-nothing,
    idempotent ingest as 'relgraph ingest': importing the same export twice adds
    nothing. --dry-run shows what would be stored and writes nothing.

    \b
    Examples (from raw exports to the first audit in three commands):
      relgraph import roster hr_export.csv
      relgraph import email mail/ archive.mbox
      relgraph audit --out audit/
    """


@import_group.command("roster")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=str))
@click.option("--id-column", help="Employee id column (default: id, employee_id, ...).")
@click.option("--name-column", help="Full name column (default: name, full_name, ...).")
@click.option("--email-column", help="Email column (default: email, mail, ...).")
@click.option("--title-column", help="Job title column (default: title, job_title, ...).")
@click.option("--department-column", help="Department column (default: department, dept, ...).")
@click.option("--manager-column", help="Manager id column (default: manager_id, reports_to, ...).")
@click.option("--unit-depth", type=click.IntRange(min=1), default=None,
              help="Without a department column: units are the subtrees under the people at "
              "this depth of the chart (default: [import.roster] unit_depth, 1).")
@_import_options
@click.pass_context
def import_roster(ctx: click.Context, paths: tuple[str, ...], **kw: Any) -> None:
    """People and units from an HR export (CSV, one row per employee).

    Units come from the department column or, without one, from the manager
    hierarchy; levels from title rules or depth in the chart; IT units from
    department-name patterns ([import.roster] in relgraph.toml).

    \b
    Examples:
      relgraph import roster hr_export.csv
      relgraph import roster --dry-run hr_export.csv
      relgraph import roster --id-column "Employee ID" --manager-column "Reports To" hr.csv
      relgraph import roster --unit-depth 2 chart.csv
    """
    _run_import(ctx, "roster", paths, **kw)


@import_group.command("email")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=str))
@_import_options
@click.pass_context
def import_email(ctx: click.Context, paths: tuple[str, ...], **kw: Any) -> None:
    """Interactions from mbox files and Maildir folders (headers only).

    From -> To, Cc and Bcc; the Message-ID is the interaction id, so a message
    found in several mailboxes counts once. PATHS are mbox files, Maildir folders
    (with cur/ and new/), .eml files, or folders holding them.

    \b
    Examples:
      relgraph import email archive.mbox
      relgraph import email --dry-run ~/Maildir
      relgraph import email --add-unknown exports/mail/
    """
    _run_import(ctx, "email", paths, **kw)


def _day(text: str | None, param: str, *, end: bool) -> datetime | None:
    """A --since/--until DATE: the start of that day (UTC), or of the next one for --until."""
    if text is None:
        return None
    from datetime import date, timedelta

    try:
        d = date.fromisoformat(text.strip())
    except ValueError:
        raise click.BadParameter(f"invalid date {text!r}: use e.g. 2026-01-31", param_hint=param) from None
    start = datetime(d.year, d.month, d.day, tzinfo=UTC)
    return start + timedelta(days=1) if end else start


@import_group.command("calendar")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=str))
@click.option("--since", metavar="DATE", help="First day imported (default: a year before --until).")
@click.option("--until", metavar="DATE", help="Last day imported (default: today).")
@_import_options
@click.pass_context
def import_calendar(ctx: click.Context, paths: tuple[str, ...], since: str | None,
                    until: str | None, **kw: Any) -> None:
    """Meetings from iCalendar (.ics) exports, recurring events expanded.

    Organizer -> attendees (declined attendees and rooms left out), duration kept,
    every occurrence of a recurring meeting inside --since..--until counted. Events
    with more attendees than [import] max_attendees (25) are skipped and counted.
    The event UID and occurrence are the id: the same meeting in several people's
    exports counts once.

    \b
    Examples:
      relgraph import calendar exports/calendars/
      relgraph import calendar --since 2026-01-01 --until 2026-06-30 ann.ics ian.ics
      relgraph import calendar --dry-run --default-tz Europe/Paris team.ics
    """
    _run_import(ctx, "calendar", paths, since=_day(since, "--since", end=False),
                until=_day(until, "--until", end=True), **kw)


@import_group.command("tickets")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=str))
@click.option("--flavour", type=click.Choice(("servicenow", "jira")),
              help="Export format (default: recognised from the header).")
@_import_options
@click.pass_context
def import_tickets(ctx: click.Context, paths: tuple[str, ...], flavour: str | None, **kw: Any) -> None:
    """Tickets from ServiceNow or Jira CSV exports.

    Requester (ServiceNow caller_id, Jira Reporter) -> assignee and watchers, at
    the opening time, ticket number as id. Display names match a person of that
    exact name when there is only one.

    \b
    Examples:
      relgraph import tickets incident.csv sc_request.csv
      relgraph import tickets --dry-run jira-export.csv
      relgraph import tickets --default-tz Europe/Berlin incident.csv
    """
    _run_import(ctx, "tickets", paths, flavour=flavour, **kw)


@import_group.command("slack")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=str))
@click.option("--small-channel", type=click.IntRange(min=2), default=10, show_default=True,
              help="Private channels with at most this many members address every member.")
@_import_options
@click.pass_context
def import_slack(ctx: click.Context, paths: tuple[str, ...], small_channel: int, **kw: Any) -> None:
    """Chat messages from a Slack workspace export (the unzipped folder).

    A message goes from its author to the thread's earlier participants, the
    people it @-mentions, and the other members of a DM, group DM or small
    private channel. Users match by their profile email, else by Slack id as an
    alias.

    \b
    Examples:
      relgraph import slack "Acme Slack export Jan 1 2026 - Jun 30 2026"
      relgraph import slack --dry-run --small-channel 6 slack-export/
    """
    _run_import(ctx, "slack", paths, small_channel=small_channel, **kw)


@import_group.command("viva")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=str))
@click.option("--unit-attribute", default="Organization", show_default=True,
              help="HR attribute whose value is a person's unit (PrimaryCollaborator_<attribute>).")
@click.option("--score", help="Tie score column used as weight (default: the strong-tie score).")
@_import_options
@click.pass_context
def import_viva(ctx: click.Context, paths: tuple[str, ...], unit_attribute: str,
                score: str | None, **kw: Any) -> None:
    """People, units and weighted ties from a Viva Insights person-to-person query.

    Units from an HR attribute, levels from LevelDesignation, one interaction per
    pair and metric date weighted by the tie score.

    \b
    Examples:
      relgraph import viva p2p_query.csv
      relgraph import viva --unit-attribute FunctionType --score Diverse_tie_score p2p.csv
    """
    _run_import(ctx, "viva", paths, unit_attribute=unit_attribute, score=score, **kw)
