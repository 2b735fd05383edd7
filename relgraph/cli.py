"""The ``relgraph`` command line: parse options, call one library function, render.

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
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click

from relgraph import __version__
from relgraph.cli_output import emit_rows, format_table, progress_bar
from relgraph.errors import RelgraphError
from relgraph.textsafe import clip, json_text, term_text

if TYPE_CHECKING:  # the stores import pydantic: loaded only by commands that use them
    from relgraph.store.base import Store

FORMATS = ("table", "json", "csv")
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
        except sqlite3.Error as e:
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


def _echo(text: str = "", *, err: bool = False) -> None:
    """Print a line of text that may hold user data, without control characters."""
    click.echo(term_text(text, multiline=True), err=err)


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


@contextmanager
def store_from(ctx: click.Context, *, create: bool = True) -> Iterator[Store]:
    from relgraph.store import default_location, open_store

    s = open_store(ctx.obj.get("store") or default_location(), create=create)
    yield from _closing(s)


def _fmt_time(at: int | None) -> str:
    return "-" if at is None else datetime.fromtimestamp(at, tz=UTC).strftime("%Y-%m-%d %H:%M UTC")


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
    _echo(f"ingested into {store.location}: {report.units} units, {report.people} people")
    _echo(
        f"interaction records: {report.interactions} read, {report.interactions_added} new, "
        f"{report.duplicates} duplicate(s) of an earlier record merged, "
        f"{report.already_stored} already stored; {report.edges_added} new edges"
    )
    if report.invalid:
        _echo(f"skipped {report.invalid} invalid record(s); see {report.rejects_path}", err=True)
        for line in report.issues[:5]:
            _echo(f"  {line}", err=True)


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
        ("from", _fmt_time(st.first_at)), ("to", _fmt_time(st.last_at)),
        ("audits", st.audits),
    ]
    for k, v in rows:
        _echo(f"{k:<13} {v}")


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
    from relgraph.config import load_config
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
    start = "-" if m.start is None else _fmt_time(m.start)[:10]
    last = _fmt_time(m.end - 1)[:10]
    _echo(f"window {start} .. {last}: {m.people} people, {m.ties} ties")
    for a in m.approximations:
        _echo(f"approximate: {a}")
    shown = rows if top == 0 else rows[:top]
    _echo(format_table(shown, TABLE_COLUMNS[name]))
    if len(shown) < len(rows):
        _echo(f"({len(rows) - len(shown)} more rows; --top 0 or --format csv for all)")


def _data_warnings(result: Any) -> None:
    """The data checks' warnings on stderr (the JSON analysis carries them as data_quality)."""
    q = result.data_quality
    if q is None:
        return
    for c in q.warnings:
        _echo(f"warning: {c.message}", err=True)
        if c.suggestion:
            for line in c.suggestion.splitlines():
                _echo(f"  {line}", err=True)


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
    from relgraph.config import load_config
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
    _echo(format_table(shown, ["path", "nodes", "edges", "left_out", "hidden_units"]))
    if len(rows) > len(shown):
        _echo(f"... and {len(rows) - len(shown)} more unit pages in {out_dir}/units/")

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
    from relgraph.window import parse_as_of, parse_duration_days

    end = parse_as_of(as_of) if as_of else None
    days = parse_duration_days(window) if window else None
    with store_from(ctx, create=False) as store:
        result = run_audit(store, config_path, as_of=end, window_days=days, baseline=baseline,
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
            _echo(line)
        for line in quality_lines(result):  # data warnings and skipped rules
            _echo(line)
        status = {t.id: t.status for t in result.trends.findings} if result.trends else {}
        rows = [{"severity": f.severity.value, "trend": status.get(f.id, "new"),
                 "finding": _clip(render_finding(f, result.namer)["title"], 110)}
                for f in result.findings[:15]]
        if rows:
            _echo("")
            _echo(format_table(rows, ["severity", "trend", "finding"]))
        if len(result.findings) > 15:
            _echo(f"... and {len(result.findings) - 15} more (see --out or --format json)")
        if result.outputs:
            _echo(f"\nreport written to {out_dir} ({len(result.outputs)} files)")
        if not no_save:
            _echo(f"saved as {result.id}")
    threshold = fail_on or result.config.audit.fail_on
    reached = result.reaches(threshold)
    if reached:
        _echo(f"{len(reached)} finding(s) at or above '{threshold}': exit code 1", err=True)
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
        _echo("no audits saved yet (run 'relgraph audit')")
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


# --- relationship plan (issue 13) ---------------------------------------------------------------
@main.group()
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
    from relgraph.config import load_config
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
            rows = [{"id": p.id, "imported_at": _fmt_time(p.imported_at), "source": p.source,
                     "relationships": len(p.entries)} for p in plan_versions(store)]
            emit_rows(rows, fmt, ["id", "imported_at", "source", "relationships"])
            return
        p = current_plan(store, plan_id)
    if p is None:
        raise click.UsageError("no plan stored: 'relgraph plan propose > plan.csv', edit it, "
                               "then 'relgraph plan import plan.csv'")
    if fmt == "table":
        click.echo(f"plan {p.id} from {p.source}, imported {_fmt_time(p.imported_at)}")
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
    from relgraph.config import load_config
    from relgraph.plan.model import PLAN_FIELDS
    from relgraph.plan.reader import plan_csv
    from relgraph.plan.run import load_plan_context
    from relgraph.run import run_analysis
    from relgraph.window import parse_as_of, parse_duration_days

    cfg, _ = load_config(config_path)
    end = parse_as_of(as_of) if as_of else None
    days = parse_duration_days(window) if window else None
    with store_from(ctx, create=False) as store:
        result = run_analysis(store, cfg.analysis, as_of=end, window_days=days,
                              progress=progress_bar("analysing"), unit_kinds=cfg.units,
                              data=cfg.data)
        review = load_plan_context(store, result, cfg, propose=True).review
    if fmt == "csv":
        click.echo(plan_csv(review.proposal), nl=False)
    else:
        emit_rows([e.csv_row() for e in review.proposal], fmt, list(PLAN_FIELDS))
    for ref in review.unplaced:
        click.echo(f"note: no one in IT can reach {ref} within two introductions; not proposed",
                   err=True)


# --- init / export (issue 4) -------------------------------------------------------------------
@main.command()
@click.pass_context
def init(ctx: click.Context) -> None:
    """Create the store, or its constraints and indexes, if missing (idempotent).

    SQLite: creates the database file and its tables. Neo4j: runs cypher/schema.cypher
    (uniqueness constraints and the indexes the window queries need).

    \b
    Examples:
      relgraph init
      relgraph --store neo4j://localhost:7687 init   # NEO4J_PASSWORD from the environment
      NEO4J_URI=neo4j://localhost:7687 relgraph --store neo4j init
    """
    with store_from(ctx) as store:
        store.init()
    _echo(f"initialised {store.backend} store at {store.location}")


@main.command("export")
@click.option("--to", "to", metavar="URI|PATH",
              help="Destination store: a Neo4j URI, 'neo4j' (uses NEO4J_URI) or a SQLite file.")
@click.option("--graph", "graph_fmt", type=click.Choice(("graphml", "gexf", "csv")),
              help="Instead of copying the store, write the tie graph of a window as a graph "
              "file (for Gephi, Cytoscape, yEd) to --out.")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=str),
              help="Graph file to write (with --graph; csv also writes <name>-nodes.csv).")
@click.option("--window", metavar="DURATION", help="With --graph: window length, e.g. 90d "
              "(default: [analysis] window_days).")
@click.option("--as-of", "as_of", metavar="DATE",
              help="With --graph: last day of the window (default: the last day with data).")
@click.option("--with-metrics", is_flag=True,
              help="With --graph: add the analysis figures (centralities, brokerage, tie "
              "overlap, bridges) as attributes.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=str),
              help="With --graph: relgraph.toml with [analysis] settings.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="How the summary of what was exported is printed (not the graph file's "
              "format: that is --graph).")
@click.pass_context
def export_cmd(ctx: click.Context, to: str | None, graph_fmt: str | None, out_file: str | None,
               window: str | None, as_of: str | None, with_metrics: bool,
               config_path: str | None, fmt: str) -> None:
    """Copy the whole store into another store, or write the tie graph as a graph file.

    With --to: copies units, people, interactions and audits into another store;
    moves a laptop's embedded store to a shared Neo4j server without re-ingesting. The
    copy is one transaction in the destination and is idempotent (interactions keep
    their ids, so copying twice adds nothing).

    With --graph graphml|gexf|csv --out FILE: writes the tie graph of a window (the
    same window options as 'analyze') with people's name, title, unit, unit kind and
    level, and with --with-metrics the analysis figures (see docs/import.md).

    \b
    Examples:
      docker compose up -d                        # a local Neo4j 5 (see docs/neo4j.md)
      export NEO4J_URI=neo4j://localhost:7687 NEO4J_PASSWORD=...
      relgraph export --to neo4j                  # ./relgraph.db -> NEO4J_URI
      relgraph --store org.db export --to neo4j+s://graph.example.com:7687
      relgraph --store neo4j export --to backup.db   # and back
      relgraph export --graph graphml --out ties.graphml --window 90d
      relgraph export --graph gexf --out q3.gexf --as-of 2026-09-30 --with-metrics
      relgraph export --graph csv --out ties.csv     # and ties-nodes.csv
    """
    if (to is None) == (graph_fmt is None):
        raise click.UsageError("give either --to URI|PATH (copy the store) or --graph FORMAT "
                               "--out FILE (write a graph file)")
    if graph_fmt is not None:
        _export_graph(ctx, graph_fmt, out_file, window, as_of, with_metrics, config_path, fmt)
        return
    assert to is not None
    from relgraph.export import export_store

    with store_from(ctx, create=False) as src, store_from_location(to) as dst:
        report = export_store(src, dst, progress=progress_bar("exporting"))
    if fmt != "table":
        emit_rows([report.model_dump()], fmt)
        return
    _echo(
        f"exported {report.units} units, {report.people} people, {report.edges} edges "
        f"({report.edges_added} new) and {report.audits} audits from {report.source} "
        f"to {report.destination}"
    )


def _export_graph(ctx: click.Context, graph_fmt: str, out_file: str | None, window: str | None,
                  as_of: str | None, with_metrics: bool, config_path: str | None, fmt: str) -> None:
    from relgraph.config import load_config
    from relgraph.graphfiles import write_window_graph
    from relgraph.window import parse_as_of, parse_duration_days

    if not out_file:
        raise click.UsageError("--graph needs --out FILE")
    cfg, _ = load_config(config_path)
    end = parse_as_of(as_of) if as_of else None
    days = parse_duration_days(window) if window else None
    with store_from(ctx, create=False) as store:
        files, people, ties = write_window_graph(
            store, cfg.analysis, out_file, graph_fmt, as_of=end, window_days=days,
            with_metrics=with_metrics, progress=progress_bar("analysing"))
    rows = [{"path": str(f), "format": graph_fmt, "people": people, "ties": ties} for f in files]
    if fmt != "table":
        emit_rows(rows, fmt)
        return
    _echo(f"wrote {', '.join(str(f) for f in files)}: {people} people, {ties} ties")


# --- erasure and retention (issue 11) --------------------------------------------------------
def _erasure_lines(r: Any) -> str:
    verb = "would remove" if r.dry_run else "removed"
    if r.action == "forget":
        plans = f", {r.plans_redacted} plan version(s)" if r.plans_redacted else ""
        return (f"{verb} {r.people} person(s), {r.edges} edge(s) of {r.interactions} "
                f"interaction(s); {r.audits_redacted} saved audit(s){plans} "
                + ("would be redacted" if r.dry_run else "redacted"))
    return f"{verb} {r.edges} edge(s) of {r.interactions} interaction(s) before {r.before}"


@main.command()
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
    _echo(_erasure_lines(report))


@main.command()
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
    _echo(_erasure_lines(report))


@main.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.pass_context
def erasures(ctx: click.Context, fmt: str) -> None:
    """Show the erasure log: every forget and prune, when, and how many records.

    \b
    Examples:
      relgraph erasures
      relgraph erasures --format json
    """
    from relgraph.erasure import _erasure_store

    with store_from(ctx, create=False) as store:
        log = _erasure_store(store).erasure_log()
    rows = [{"at": _fmt_time(e.at), "action": e.action,
             "counts": ", ".join(f"{k} {v}" for k, v in e.counts.items())} for e in log]
    if not rows and fmt == "table":
        _echo("no erasures logged")
        return
    emit_rows(rows, fmt, ["at", "action", "counts"])


@contextmanager
def store_from_location(location: str) -> Iterator[Store]:
    from relgraph.store import open_store

    s = open_store(location, create=True)
    yield from _closing(s)


def _closing(s: Store) -> Iterator[Store]:
    """Close the store; on an error, a SQLite file this command created is removed (a
    failed first ingest leaves no empty store behind)."""
    try:
        yield s
    except BaseException:
        discard = getattr(s, "discard", None)
        if getattr(s, "created", False) and discard is not None:
            discard()
        else:
            s.close()
        raise
    s.close()

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
    from relgraph.config import load_config
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
        _echo(line)
    if dry_run and report.examples:
        click.echo("first records:")
        for e in report.examples:
            _echo(f"  {e['timestamp']}  {e['source']} -> {e['targets']}  ({e['id']})")


@main.group("import")
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


if __name__ == "__main__":  # pragma: no cover
    main()
