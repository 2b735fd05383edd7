"""The ``relgraph forget``, ``prune`` and ``erasures`` commands: erasure and retention."""

from __future__ import annotations

from typing import Any

import click

from relgraph.cli_common import FORMATS, echo, fmt_time, store_from
from relgraph.cli_output import emit_rows


# --- erasure and retention (issue 11) --------------------------------------------------------
def _erasure_lines(r: Any) -> str:
    verb = "would remove" if r.dry_run else "removed"
    if r.action == "forget":
        plans = f", {r.plans_redacted} plan version(s)" if r.plans_redacted else ""
        return (f"{verb} {r.people} person(s), {r.edges} edge(s) of {r.interactions} "
                f"interaction(s); {r.audits_redacted} saved audit(s){plans} "
                + ("would be redacted" if r.dry_run else "redacted"))
    return f"{verb} {r.edges} edge(s) of {r.interactions} interaction(s) before {r.before}"


@click.command()
@click.argument("people", nargs=-1, required=True)
@click.option("--dry-run", is_flag=True, help="Count what would be removed; change nothing.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.pass_context
def forget(ctx: click.Context, people: tuple[str, ...], dry_run: bool, fmt: str) -> None:
    """Erase people: their record, every interaction edge they take part in and their
    appearances in saved audits and relationship plans (findings and plan entries
    about them are dropped, other mentions replaced by [redacted], the record marked
    redacted). One transaction; the erasure is logged in the store (when, how many;
    never the removed data).

    PEOPLE are person ids or e-mail addresses. An unknown one removes nothing (exit 2).

    \b
    Examples:
      relgraph forget --dry-run jdoe
      relgraph forget jdoe jane.roe@example.com
      relgraph erasures                 # the log
    """
    from relgraph.erasure import forget as run_forget

    with store_from(ctx, create=False) as store:
        report = run_forget(store, people, dry_run=dry_run)
    if fmt != "table":
        emit_rows([report.model_dump()], fmt)
        return
    echo(_erasure_lines(report))


@click.command()
@click.option("--before", "before", required=True, metavar="DATE",
              help="Remove interactions before this day (UTC), e.g. 2025-01-01.")
@click.option("--dry-run", is_flag=True, help="Count what would be removed; change nothing.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.pass_context
def prune(ctx: click.Context, before: str, dry_run: bool, fmt: str) -> None:
    """Apply a retention policy: remove the interactions older than a date.

    One transaction; logged in the store (when, the date, how many). Saved audits
    are kept (findings and aggregates, not interactions).

    \b
    Examples:
      relgraph prune --before 2025-01-01 --dry-run
      relgraph prune --before 2025-01-01
      relgraph prune --before $(date -d '2 years ago' +%F)    # keep two years (cron)
    """
    from relgraph.erasure import parse_before
    from relgraph.erasure import prune as run_prune

    cutoff = parse_before(before)
    with store_from(ctx, create=False) as store:
        report = run_prune(store, cutoff, dry_run=dry_run)
    if fmt != "table":
        emit_rows([report.model_dump()], fmt)
        return
    echo(_erasure_lines(report))


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.pass_context
def erasures(ctx: click.Context, fmt: str) -> None:
    """Show the erasure log: every forget and prune, when, and how many records.

    \b
    Examples:
      relgraph erasures
      relgraph erasures --format json
    """
    from relgraph.erasure import erasure_log

    with store_from(ctx, create=False) as store:
        log = erasure_log(store)
    rows = [{"at": fmt_time(e.at), "action": e.action,
             "counts": ", ".join(f"{k} {v}" for k, v in e.counts.items())} for e in log]
    if not rows and fmt == "table":
        echo("no erasures logged")
        return
    emit_rows(rows, fmt, ["at", "action", "counts"])
