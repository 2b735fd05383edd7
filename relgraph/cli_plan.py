"""The ``relgraph plan`` commands: import, show and propose a relationship plan."""

from __future__ import annotations

import click

from relgraph.cli_common import FORMATS, analyse, fmt_time, store_from, window_options
from relgraph.cli_output import emit_rows


# --- relationship plan (issue 13) ---------------------------------------------------------------
@click.group()
def plan() -> None:
    """The relationship plan: who in IT owns which stakeholder, and how often they meet.

    \b
    Examples:
      relgraph plan propose > plan.csv     # a starting plan from who holds what today
      relgraph plan import plan.csv        # validate and store it (a new version)
      relgraph plan show
      relgraph analyze --section coverage  # the plan against reality
      relgraph audit --owner p00015        # one owner's view
    """


@plan.command("import")
@click.argument("path", type=click.Path(dir_okay=False, path_type=str))
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=str),
              help="relgraph.toml (its [units] table sets which units are IT).")
@click.pass_context
def plan_import(ctx: click.Context, path: str, config_path: str | None) -> None:
    """Validate a plan CSV against the stored people and units, and store it.

    Columns: stakeholder (a person id, or unit:ID for a unit's leaders), owner (a
    person in IT), cadence (2w, 1m, 1q, 10d...), and optional importance, power,
    interest (1-5) and notes. Any invalid row: nothing is stored, exit code 2, and
    every problem is listed with its line and field. Each distinct plan is a version;
    audits record the version they used.

    \b
    Examples:
      relgraph plan import plan.csv
      relgraph plan import samples/acme/plan.csv
    """
    from relgraph.cli_common import load_cli_config as load_config
    from relgraph.plan.run import import_plan

    cfg, _ = load_config(config_path)
    with store_from(ctx, create=False) as store:
        p = import_plan(store, path, config=cfg)
    owners = len({e.owner for e in p.entries})
    click.echo(f"imported plan {p.id}: {len(p.entries)} relationships, {owners} owners, "
               f"into {store.location}")


@plan.command("show")
@click.option("--plan", "plan_id", metavar="PLAN_ID", help="A stored version (default: the latest).")
@click.option("--versions", is_flag=True, help="List the stored versions instead.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.pass_context
def plan_show(ctx: click.Context, plan_id: str | None, versions: bool, fmt: str) -> None:
    """Show the stored plan (CSV output can be edited and imported again).

    \b
    Examples:
      relgraph plan show
      relgraph plan show --format csv > plan.csv
      relgraph plan show --versions
    """
    from relgraph.plan.model import PLAN_FIELDS
    from relgraph.plan.run import current_plan, plan_versions

    with store_from(ctx, create=False) as store:
        if versions:
            rows = [{"id": p.id, "imported_at": fmt_time(p.imported_at), "source": p.source,
                     "relationships": len(p.entries)} for p in plan_versions(store)]
            emit_rows(rows, fmt, ["id", "imported_at", "source", "relationships"])
            return
        p = current_plan(store, plan_id)
    if p is None:
        raise click.UsageError("no plan stored: 'relgraph plan propose > plan.csv', edit it, "
                               "then 'relgraph plan import plan.csv'")
    if fmt == "table":
        click.echo(f"plan {p.id} from {p.source}, imported {fmt_time(p.imported_at)}")
    emit_rows([e.csv_row() for e in p.entries], fmt, list(PLAN_FIELDS))


@plan.command("propose")
@click.option("--window", metavar="DURATION", help="Window length (default: [analysis] window_days).")
@click.option("--as-of", "as_of", metavar="DATE", help="Last day of the window.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=str),
              help="relgraph.toml ([plan] proposal cadences, leader levels).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True)
@click.pass_context
def plan_propose(ctx: click.Context, window: str | None, as_of: str | None,
                 config_path: str | None, fmt: str) -> None:
    """Propose a plan from the network: for each executive, business-unit leader and
    vendor, the IT person who holds the relationship most strongly.

    Printed in the plan's own CSV format: edit it and 'relgraph plan import' it.
    Stakeholders nobody in IT can reach are listed on stderr.

    \b
    Examples:
      relgraph plan propose > plan.csv
      relgraph plan propose --as-of 2026-10-31 --format table
    """
    from relgraph.cli_common import load_cli_config as load_config
    from relgraph.plan.model import PLAN_FIELDS
    from relgraph.plan.reader import plan_csv
    from relgraph.plan.run import load_plan_context

    cfg, _ = load_config(config_path)
    end, days = window_options(as_of, window)
    with store_from(ctx, create=False) as store:
        result = analyse(store, cfg, end, days)
        review = load_plan_context(store, result, cfg, propose=True).review
    if fmt == "csv":
        click.echo(plan_csv(review.proposal), nl=False)
    else:
        emit_rows([e.csv_row() for e in review.proposal], fmt, list(PLAN_FIELDS))
    for ref in review.unplaced:
        click.echo(f"note: no one in IT can reach {ref} within two introductions; not proposed",
                   err=True)
