"""The ``relgraph`` command line: parse options, call one library function, render.

This module holds the group, the exit-code policy and the core commands; the plan,
import, erasure and store commands live in ``relgraph/cli_*.py`` and are registered
at the end of this file.

Exit codes (one policy for every command, see :class:`RelgraphGroup`):

* 0 success;
* 1 an audit finding reached ``--fail-on`` (nothing else exits 1);
* 2 usage or input error: bad options or configuration, invalid records, a store that
  cannot be opened or written;
* 3 internal error (a bug in relgraph or a library): a one-line message; ``--debug``
  prints the traceback;
* 130 interrupted (Ctrl-C); 141 output pipe closed (e.g. ``| head``).
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import traceback
from typing import Any, NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click

from relgraph import __version__
from relgraph.cli_common import FORMATS, echo, fmt_time, store_from
from relgraph.cli_output import emit_rows, format_table, progress_bar
from relgraph.errors import RelgraphError
from relgraph.textsafe import clip, json_text, term_text

UMASKS: dict[str, int | None] = {"owner": 0o077, "group": 0o027, "umask": None}
"""``--permissions``: the umask relgraph runs with (people data is personal data: by
default nobody but the owner may read what relgraph writes)."""
EXIT_FINDINGS = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141


def _interrupted(e: BaseException) -> bool:
    """Ctrl-C: a KeyboardInterrupt, or networkit's RuntimeError("Received CTRL+C/SIGINT")
    raised when its own SIGINT handler stops an algorithm."""
    return isinstance(e, KeyboardInterrupt) or (
        isinstance(e, RuntimeError) and "CTRL+C" in str(e).upper() and "SIGINT" in str(e).upper()
    )


class RelgraphGroup(click.Group):
    """Applies the exit-code policy: every error becomes a one-line message (no
    traceback unless ``--debug``) and its exit code (see the module docstring)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except RelgraphError as e:
            _fail(ctx, e, str(e), EXIT_INPUT)
        except (sqlite3.ProgrammingError, sqlite3.InterfaceError, sqlite3.NotSupportedError) as e:
            # relgraph misused the sqlite3 API (bindings, a closed handle): a bug, not the store
            _fail(ctx, e, f"internal error: {type(e).__name__}: {clip(str(e), 300)} (a bug in "
                  "relgraph: run again with --debug for the traceback and report it)",
                  EXIT_INTERNAL)
        except sqlite3.Error as e:  # the store itself: locked, corrupt, full disk, read-only
            _fail(ctx, e, f"store: {e}", EXIT_INPUT)
        except BrokenPipeError:
            # output piped into e.g. `head`, which stopped reading: not an error to report
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(EXIT_BROKEN_PIPE)
        except OSError as e:
            # e.g. --out pointing at a file, a full disk, a read-only directory
            where = f": {e.filename}" if e.filename else ""
            _fail(ctx, e, f"{e.strerror or e}{where}", EXIT_INPUT)
        except (KeyboardInterrupt, Exception) as e:
            if _interrupted(e):
                _fail(ctx, e, "interrupted", EXIT_INTERRUPTED)
            _fail(ctx, e, f"internal error: {type(e).__name__}: {clip(str(e), 300)} (a bug "
                  "in relgraph: run again with --debug for the traceback and report it)",
                  EXIT_INTERNAL)


def _fail(ctx: click.Context, e: BaseException, message: str, code: int) -> NoReturn:
    debug = bool((ctx.obj or {}).get("debug")) or os.environ.get("RELGRAPH_DEBUG", "") not in ("", "0")
    if debug:
        traceback.print_exception(e, file=sys.stderr)
    click.echo(f"error: {term_text(message, multiline=True)}", err=True)
    ctx.exit(code)


@click.group(cls=RelgraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="relgraph")
@click.option(
    "--store", "--db", "store",
    envvar=["RELGRAPH_STORE", "RELGRAPH_DB"],
    default=None,
    metavar="PATH|URI",
    help="Store location: a SQLite file (default ./relgraph.db) or a Neo4j URI "
    "(neo4j://host:7687; credentials from NEO4J_USERNAME/NEO4J_PASSWORD). "
    "Env: RELGRAPH_STORE or RELGRAPH_DB.",
)
@click.option("--debug", is_flag=True, envvar="RELGRAPH_DEBUG",
              help="On an error, print the traceback too (env: RELGRAPH_DEBUG=1).")
@click.option("--permissions", type=click.Choice(tuple(UMASKS)), default="owner",
              envvar="RELGRAPH_PERMISSIONS", show_default=True,
              help="Files and folders relgraph creates (store, reports, maps, rejects): "
              "'owner' 0600/0700, 'group' 0640/0750, 'umask' as your umask says "
              "(env: RELGRAPH_PERMISSIONS).")
@click.pass_context
def main(ctx: click.Context, store: str | None, debug: bool, permissions: str) -> None:
    """Map and audit the relationships between IT and the rest of the business.

    \b
    Quick start:
      relgraph ingest samples/acme      # validate and store the sample org
      relgraph status                   # what is stored
      relgraph analyze                  # who talks to whom, silos, brokers
      relgraph map --out maps/          # interactive HTML maps
      relgraph audit --out audit/       # findings and a report

    \b
    Exit codes: 0 ok; 1 audit findings at or above --fail-on; 2 usage, configuration,
    input or store error; 3 internal error (--debug shows the traceback); 130 interrupted.
    """
    ctx.obj = {"store": store, "debug": debug}
    mask = UMASKS[permissions]
    if mask is not None:  # every file and folder this command creates: owner-only by default
        previous = os.umask(mask)
        ctx.call_on_close(lambda: os.umask(previous))


# --- ingest / status (issue 2) ---------------------------------------------------------------
@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--skip-invalid", is_flag=True, help="Write the valid records; save rejects to --rejects.")
@click.option("--rejects", "rejects", type=click.Path(dir_okay=False, path_type=str),
              help="File (CSV) for rejected records and their reasons (with --skip-invalid).")
@click.option("--default-tz", default="UTC", show_default=True,
              help="Time zone for timestamps without an offset (an IANA name, e.g. Europe/Paris).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[str, ...], skip_invalid: bool, rejects: str | None,
           default_tz: str, fmt: str) -> None:
    """Validate and store units, people and interactions.

    PATHS are files named units*, people* or interactions* (.csv or .jsonl), or
    directories holding them. By default one invalid record means nothing is
    written (exit code 2); re-ingesting the same records adds nothing.

    \b
    Examples:
      relgraph ingest samples/acme
      relgraph ingest people.csv interactions.jsonl
      relgraph ingest --skip-invalid --rejects rejects.csv export/
    """
    from relgraph.ingest import ingest as run_ingest

    try:
        tz = ZoneInfo(default_tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise click.BadParameter(f"unknown time zone {default_tz!r}", param_hint="--default-tz") from None
    with store_from(ctx) as store:
        report = run_ingest(store, paths, skip_invalid=skip_invalid, rejects_path=rejects,
                            default_tz=tz, progress=progress_bar("ingesting"))
    if fmt == "json":  # the same counts as the table, plus one row per file
        click.echo(json.dumps(report.model_dump(), indent=2, ensure_ascii=False))
        return
    if fmt == "csv":
        emit_rows([report.model_dump(exclude={"files", "issues"})], fmt)
        return
    echo(f"ingested into {store.location}: {report.units} units, {report.people} people")
    echo(
        f"interaction records: {report.interactions} read, {report.interactions_added} new, "
        f"{report.duplicates} duplicate(s) of an earlier record merged, "
        f"{report.already_stored} already stored; {report.edges_added} new edges"
    )
    if report.invalid:
        echo(f"skipped {report.invalid} invalid record(s); see {report.rejects_path}", err=True)
        for line in report.issues[:5]:
            echo(f"  {line}", err=True)


@main.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.pass_context
def status(ctx: click.Context, fmt: str) -> None:
    """Show what the store holds: counts, time span and location.

    \b
    Examples:
      relgraph status
      relgraph --store /data/org.db status --format json
    """
    with store_from(ctx, create=False) as store:
        st = store.status()
    if fmt != "table":
        emit_rows([st.model_dump()], fmt)
        return
    rows = [
        ("store", f"{st.backend} at {st.location} (schema v{st.schema_version})"),
        ("units", st.units), ("people", st.people),
        ("interactions", f"{st.interactions} ({st.edges} person-to-person edges)"),
        ("from", fmt_time(st.first_at)), ("to", fmt_time(st.last_at)),
        ("audits", st.audits),
    ]
    for k, v in rows:
        echo(f"{k:<13} {v}")


# --- analyze (issue 3) -------------------------------------------------------------------------
ANALYZE_SECTIONS = ("people", "units", "ties", "executives", "brokers", "changes", "coverage",
                    "stakeholders")


@main.command()
@click.option("--window", metavar="DURATION", help="Window length, e.g. 90d, 12w, 3m "
              "(default: [analysis] window_days, 90 days).")
@click.option("--as-of", "as_of", metavar="DATE",
              help="Last day of the window (default: the last day with data).")
@click.option("--compare-to", "compare_to", metavar="previous|DATE",
              help="Also analyse an earlier window of the same length and fill 'changes': "
              "'previous' (the window just before) or the as-of DATE of the earlier window.")
@click.option("--section", type=click.Choice(ANALYZE_SECTIONS),
              help="Show one section (default: people; with --format json: the whole analysis).")
@click.option("--top", type=click.IntRange(min=0), default=20, show_default=True,
              help="Rows shown in a table (0: all); json and csv always give every row.")
@click.option("--kind", "kinds", multiple=True, metavar="KIND",
              help="With --section changes: only these kinds (repeatable): ei_drift, "
              "brokers_appeared, brokers_disappeared, bridges_lost, bridges_gained, "
              "lost_ties, weakened, new_ties, strengthened.")
@click.option("--unit", "unit", metavar="UNIT_ID",
              help="With --section changes: only changes about this unit.")
@click.option("--person", "person", metavar="PERSON_ID",
              help="With --section changes: only changes about this person.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=str),
              help="relgraph.toml with [analysis] settings.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.pass_context
def analyze(ctx: click.Context, window: str | None, as_of: str | None, compare_to: str | None,
            section: str | None, top: int, kinds: tuple[str, ...], unit: str | None,
            person: str | None, config_path: str | None, fmt: str) -> None:
    """Analyse the tie graph of one window: people, units, ties, executives, brokers.

    Tables show the top rows sorted usefully (people by betweenness, units from
    the most siloed, ties with bridges first); json and csv give every row.
    Without --section, --format json prints the whole analysis, which
    'relgraph map --analysis FILE' can render.

    \b
    Examples:
      relgraph analyze
      relgraph analyze --window 90d --as-of 2026-10-31 --section units
      relgraph analyze --compare-to previous --section changes
      relgraph analyze --compare-to previous --section changes --kind ei_drift --kind bridges_lost
      relgraph analyze --compare-to previous --section changes --person cio
      relgraph analyze --section ties --format csv > ties.csv
      relgraph analyze --format json > analysis.json
      relgraph analyze --section coverage          # the relationship plan against reality
      relgraph analyze --section stakeholders      # Mendelow's power/interest grid
    """
    from relgraph.analysis.analyze import TABLE_COLUMNS, section_rows
    from relgraph.cli_common import load_cli_config as load_config
    from relgraph.run import run_analysis
    from relgraph.window import parse_as_of, parse_duration_days

    if (kinds or unit or person) and section != "changes":
        raise click.UsageError("--kind, --unit and --person filter --section changes")
    cfg, _ = load_config(config_path)
    end = parse_as_of(as_of) if as_of else None
    days = parse_duration_days(window) if window else None
    with store_from(ctx, create=False) as store:
        result = run_analysis(store, cfg.analysis, as_of=end, window_days=days,
                              compare_to=compare_to, progress=progress_bar("analysing"),
                              unit_kinds=cfg.units, data=cfg.data)
        if section in ("coverage", "stakeholders"):
            from relgraph.plan.run import load_plan_context

            plan_ctx = load_plan_context(store, result, cfg)
    _data_warnings(result)
    if section in ("coverage", "stakeholders"):
        from relgraph.plan.views import plan_section

        rows, columns, note = plan_section(plan_ctx.review, section)
        if note:
            click.echo(note, err=True)
        if fmt != "table":
            emit_rows(rows, fmt, columns)
        else:
            shown = rows if top == 0 else rows[:top]
            click.echo(format_table(shown, columns))
            if len(shown) < len(rows):
                click.echo(f"({len(rows) - len(shown)} more rows; --top 0 or --format csv for all)")
        return
    if fmt == "json" and section is None:
        click.echo(json_text(result.model_dump_json(indent=2)))
        return
    name = section or "people"
    if name == "changes" and result.changes is None:
        raise click.UsageError("--section changes needs --compare-to previous|DATE")
    if name == "changes":
        from relgraph.analysis.changes import change_rows

        rows = change_rows(result, kinds=kinds or None, unit=unit, person=person)
    else:
        rows = section_rows(result, name, display=fmt == "table")
    if fmt == "csv":
        rows = [{k: json.dumps(v) if isinstance(v, dict | list) else v for k, v in r.items()}
                for r in rows]
    if fmt != "table":
        emit_rows(rows, fmt, list(rows[0].keys()) if rows else TABLE_COLUMNS[name])
        return
    m = result.meta
    start = "-" if m.start is None else fmt_time(m.start)[:10]
    last = fmt_time(m.end - 1)[:10]
    echo(f"window {start} .. {last}: {m.people} people, {m.ties} ties")
    for a in m.approximations:
        echo(f"approximate: {a}")
    shown = rows if top == 0 else rows[:top]
    echo(format_table(shown, TABLE_COLUMNS[name]))
    if len(shown) < len(rows):
        echo(f"({len(rows) - len(shown)} more rows; --top 0 or --format csv for all)")


def _data_warnings(result: Any) -> None:
    """The data checks' warnings on stderr (the JSON analysis carries them as data_quality)."""
    q = result.data_quality
    if q is None:
        return
    for c in q.warnings:
        echo(f"warning: {c.message}", err=True)
        if c.suggestion:
            for line in c.suggestion.splitlines():
                echo(f"  {line}", err=True)


# --- map (issue 6) -----------------------------------------------------------------------------
MAP_SIZE_BY = ("betweenness", "betweenness_unweighted", "harmonic_closeness", "pagerank",
               "degree", "strength")


@main.command("map")
@click.option("--out", "out_dir", default="maps", show_default=True,
              type=click.Path(file_okay=False, path_type=str), help="Directory for the HTML maps.")
@click.option("--analysis", "analysis_file", type=click.Path(dir_okay=False, path_type=str),
              help="Render this saved analysis (relgraph analyze --format json) instead of "
              "analysing the store.")
@click.option("--window", metavar="DURATION", help="Window length, e.g. 90d, 12w, 3m "
              "(default: [analysis] window_days, 90 days).")
@click.option("--as-of", "as_of", metavar="DATE",
              help="Last day of the window (default: the last day with data).")
@click.option("--focus", metavar="PERSON_OR_UNIT",
              help="Ego map around a person or unit (id, exact name, or unit:ID / person:ID); "
              "writes ego-*.html only.")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True,
              help="Hops around --focus.")
@click.option("--size-by", type=click.Choice(MAP_SIZE_BY), default="betweenness",
              show_default=True, help="Centrality that sizes people.")
@click.option("--max-nodes", type=click.IntRange(min=0), default=2500, show_default=True,
              help="Show at most N people per map (executives and findings first); 0: all.")
@click.option("--pseudonymize", is_flag=True,
              help="Replace names and ids by stable pseudonyms (as the audit does); drop titles.")
@click.option("--min-group-size", type=click.IntRange(min=0), default=0, show_default=True,
              metavar="N", help="Units with fewer than N people: no figures on the unit map; with "
              "--pseudonymize also drawn together on the person map, rare levels not shown.")
@click.option("--no-drill-down", is_flag=True,
              help="Do not write units/*.html (one person map per unit, opened by a click).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=str),
              help="relgraph.toml (analysis settings, highlight thresholds, pseudonym salt).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="How to list the files written.")
@click.pass_context
def map_cmd(ctx: click.Context, out_dir: str, analysis_file: str | None, window: str | None,
            as_of: str | None, focus: str | None, depth: int, size_by: str, max_nodes: int,
            pseudonymize: bool, min_group_size: int, no_drill_down: bool,
            config_path: str | None, fmt: str) -> None:
    """Write interactive, offline HTML maps of the relationships.

    people.html (people grouped and coloured by unit, laid out in advance; the
    audit's findings listed and highlighted on click; filters, search, size-by,
    PNG export), units.html (one node per unit, opening units/<unit>.html) or,
    with --focus, one ego map. The pages need no network: open them from disk;
    people.html, units.html and ego maps can be mailed on their own.

    \b
    Examples:
      relgraph map --out maps/
      relgraph map --focus cfo
      relgraph map --focus it-ops --depth 2 --size-by pagerank
      relgraph map --max-nodes 1500 --pseudonymize --min-group-size 5
      relgraph analyze --format json > oct.json && relgraph map --analysis oct.json
    """
    from relgraph.cli_common import load_cli_config as load_config
    from relgraph.maps import read_analysis, write_maps
    from relgraph.pseudonyms import pseudonym_key
    from relgraph.window import parse_as_of, parse_duration_days

    cfg, _ = load_config(config_path)
    key = ""
    if analysis_file:
        result = read_analysis(analysis_file)
        if pseudonymize:  # the store's key, when there is a store; else the environment's
            try:
                with store_from(ctx, create=False) as store:
                    key = pseudonym_key(store, cfg.audit.pseudonym_salt)
            except RelgraphError:
                key = pseudonym_key(None, cfg.audit.pseudonym_salt)
    else:
        from relgraph.run import run_analysis

        end = parse_as_of(as_of) if as_of else None
        days = parse_duration_days(window) if window else None
        with store_from(ctx, create=False) as store:
            result = run_analysis(store, cfg.analysis, as_of=end, window_days=days,
                                  progress=progress_bar("analysing"), unit_kinds=cfg.units,
                                  data=cfg.data)
            if pseudonymize:
                key = pseudonym_key(store, cfg.audit.pseudonym_salt)
    infos = write_maps(result, out_dir, size_by=size_by, max_nodes=max_nodes,
                       pseudonymize=pseudonymize, pseudonym_salt=key,
                       min_group_size=min_group_size, focus=focus, depth=depth,
                       drill_down=not no_drill_down, thresholds=cfg.audit, config=cfg,
                       progress=progress_bar("writing maps"))
    rows = [i.model_dump() for i in infos]
    if fmt != "table":
        emit_rows(rows, fmt)
        return
    shown = rows if len(rows) <= 12 else rows[:12]
    echo(format_table(shown, ["path", "nodes", "edges", "left_out", "hidden_units"]))
    if len(rows) > len(shown):
        echo(f"... and {len(rows) - len(shown)} more unit pages in {out_dir}/units/")

# --- audit / config (issue 5) ------------------------------------------------------------------
SEVERITY_CHOICES = ("info", "low", "medium", "high", "never")


@main.command()
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
    from relgraph.cli_common import load_cli_config
    from relgraph.window import parse_as_of, parse_duration_days

    end = parse_as_of(as_of) if as_of else None
    days = parse_duration_days(window) if window else None
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


@main.command()
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


@main.group()
def config() -> None:
    """Show the configuration (relgraph.toml): thresholds, weights, leadership.

    \b
    Examples:
      relgraph config show
      relgraph config show --config samples/relgraph.toml
    """


@config.command("show")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=str),
              help="relgraph.toml to show (default: $RELGRAPH_CONFIG, else ./relgraph.toml).")
def config_show(config_path: str | None) -> None:
    """Print the effective configuration as TOML, every default included.

    The output is a valid relgraph.toml: save it, edit what you need, and pass it
    with --config or put it in the working directory.

    \b
    Examples:
      relgraph config show > relgraph.toml
      RELGRAPH_CONFIG=/etc/relgraph.toml relgraph config show
    """
    from relgraph.config import show_config

    click.echo(show_config(config_path), nl=False)


# --- commands kept in modules of their own ----------------------------------------------------
from relgraph.cli_erasure import erasures, forget, prune  # noqa: E402
from relgraph.cli_import import import_group  # noqa: E402
from relgraph.cli_plan import plan  # noqa: E402
from relgraph.cli_store import export_cmd, init  # noqa: E402

for _command in (plan, init, export_cmd, forget, prune, erasures, import_group):
    main.add_command(_command)


if __name__ == "__main__":  # pragma: no cover
    main()
