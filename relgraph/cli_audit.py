"""The ``relgraph audit`` and ``relgraph audits`` commands: run an audit (findings,
trends, reports, the ``--fail-on`` exit code) and list the saved ones."""

from __future__ import annotations

import json

import click

from relgraph.cli_common import EXIT_FINDINGS, FORMATS, echo, store_from
from relgraph.cli_output import emit_rows, format_table, progress_bar
from relgraph.textsafe import json_text

# --- audit / audits (issue 5) ------------------------------------------------------------------
SEVERITY_CHOICES = ("info", "low", "medium", "high", "never")


@click.command()
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=str),
              help="relgraph.toml to use (default: $RELGRAPH_CONFIG, else ./relgraph.toml, "
              "else built-in defaults).")
@click.option("--as-of", "as_of", metavar="DATE",
              help="Last day of the audited window (default: the last day with data).")
@click.option("--window", metavar="DURATION", help="Window length, e.g. 90d, 12w, 3m "
              "(default: [analysis] window_days, 90 days).")
@click.option("--baseline", metavar="AUDIT_ID",
              help="Saved audit to compare with ('none' for no comparison; default: the "
              "latest audit before this one). List them with 'relgraph audits'.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=str),
              help="Write report.md, report.html, findings.json, metrics.csv and maps/ here.")
@click.option("--fail-on", "fail_on", type=click.Choice(SEVERITY_CHOICES), default=None,
              help="Exit with code 1 when a finding reaches this severity "
              "(default: [audit] fail_on, 'high'; 'never': always 0).")
@click.option("--pseudonymize", is_flag=True,
              help="Replace people's names and ids by stable pseudonyms in every output.")
@click.option("--min-group-size", type=click.IntRange(min=0), default=None, metavar="N",
              help="Suppress unit figures of units with fewer than N people "
              "(default: [audit] min_group_size, 5; 0: off).")
@click.option("--no-save", is_flag=True, help="Do not save this audit in the store's history.")
@click.option("--owner", metavar="PERSON",
              help="An owner's view: the report restricted to this person's relationships in "
              "the plan (relgraph plan import), e.g. for a BRM's monthly review; not saved.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="Terminal output: a summary (table), or all findings as JSON / CSV.")
@click.pass_context
def audit(ctx: click.Context, config_path: str | None, as_of: str | None, window: str | None,
          baseline: str | None, out_dir: str | None, fail_on: str | None, pseudonymize: bool,
          min_group_size: int | None, no_save: bool, owner: str | None, fmt: str) -> None:
    """Audit the relationship map: findings, trends since the last audit, reports.

    Analyses the window, turns it into findings (disconnected executives, isolated
    stakeholders, silos, fragile bridges, overloaded brokers, decaying and one-sided
    relationships, new bridges), compares them with the previous audit, saves the
    audit in the store and optionally writes a report.

    \b
    Exit codes (for cron / CI):
      0  no finding reaches --fail-on
      1  at least one finding reaches --fail-on (default: high)
      2  usage, configuration, input or store error
      3  internal error (a bug; --debug prints the traceback)
      130 interrupted (Ctrl-C)

    \b
    Examples:
      relgraph audit
      relgraph audit --out audit/2026-10 --fail-on medium
      relgraph audit --as-of 2026-10-31 --baseline audit-2026-09-30-1a2b3c4d
      relgraph audit --pseudonymize --min-group-size 5 --out shared/
      relgraph audit --format json > findings.json
      relgraph audit --owner p00015 --out audit/p00015   # one BRM's relationships

    \b
    Monthly from cron, mailing the report when a high finding exists
    (one crontab line; cron needs the % escaped):
      0 6 1 * * cd /srv/relgraph && relgraph audit --out reports/$(date +\\%Y-\\%m); [ $? -eq 1 ] && mail -s "relgraph: high findings" cio@example.com < reports/$(date +\\%Y-\\%m)/report.md
    """
    from relgraph.audit import run_audit
    from relgraph.audit.export import findings_document, render_finding
    from relgraph.audit.report_md import summary_lines
    from relgraph.audit.report_quality import quality_lines
    from relgraph.cli_common import load_cli_config, window_options

    end, days = window_options(as_of, window)
    cfg, _ = load_cli_config(config_path)  # retired keys: a notice on stderr
    with store_from(ctx, create=False) as store:
        result = run_audit(store, cfg, as_of=end, window_days=days, baseline=baseline,
                           out_dir=out_dir, pseudonymize=pseudonymize,
                           min_group_size=min_group_size, save=not no_save,
                           progress=progress_bar("analysing"), owner=owner)
    if owner is not None:
        no_save = True
    if fmt == "json":
        click.echo(json_text(json.dumps(findings_document(result), indent=2, ensure_ascii=False)))
    elif fmt == "csv":
        rows = [render_finding(f, result.namer) for f in result.findings]
        for r in rows:
            r["people"] = ";".join(r["people"])
            r["units"] = ";".join(r["units"])
            r["evidence"] = json.dumps(r["evidence"], sort_keys=True)
        emit_rows(rows, fmt, ["id", "kind", "severity", "positive", "title", "people", "units",
                              "evidence", "action"])
    else:
        for line in summary_lines(result):
            echo(line)
        for line in quality_lines(result):  # data warnings and skipped rules
            echo(line)
        status = {t.id: t.status for t in result.trends.findings} if result.trends else {}
        rows = [{"severity": f.severity.value, "trend": status.get(f.id, "new"),
                 "finding": _clip(render_finding(f, result.namer)["title"], 110)}
                for f in result.findings[:15]]
        if rows:
            echo("")
            echo(format_table(rows, ["severity", "trend", "finding"]))
        if len(result.findings) > 15:
            echo(f"... and {len(result.findings) - 15} more (see --out or --format json)")
        if result.outputs:
            echo(f"\nreport written to {out_dir} ({len(result.outputs)} files)")
        if not no_save:
            echo(f"saved as {result.id}")
    threshold = fail_on or result.config.audit.fail_on
    reached = result.reaches(threshold)
    if reached:
        echo(f"{len(reached)} finding(s) at or above '{threshold}': exit code 1", err=True)
        ctx.exit(EXIT_FINDINGS)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.pass_context
def audits(ctx: click.Context, fmt: str) -> None:
    """List the audits saved in the store (ids for 'relgraph audit --baseline').

    \b
    Examples:
      relgraph audits
      relgraph audits --format json
    """
    from relgraph.audit.history import list_audits

    with store_from(ctx, create=False) as store:
        rows = list_audits(store)
    if not rows and fmt == "table":
        echo("no audits saved yet (run 'relgraph audit')")
        return
    emit_rows(rows, fmt, ["id", "as_of", "window_days", "baseline", "high", "medium", "low", "info"])
