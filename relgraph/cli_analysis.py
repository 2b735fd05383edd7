"""The ``relgraph analyze`` and ``relgraph map`` commands: analyse one window of the
store and show it, as tables and data or as interactive HTML maps."""

from __future__ import annotations

import json
from typing import Any

import click

from relgraph.cli_common import FORMATS, analyse, echo, fmt_time, store_from, window_options
from relgraph.cli_output import emit_rows, format_table, progress_bar
from relgraph.errors import RelgraphError
from relgraph.textsafe import json_text

# --- analyze (issue 3) -------------------------------------------------------------------------
ANALYZE_SECTIONS = ("people", "units", "ties", "executives", "brokers", "changes", "coverage",
                    "stakeholders")


@click.command()
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

    if (kinds or unit or person) and section != "changes":
        raise click.UsageError("--kind, --unit and --person filter --section changes")
    cfg, _ = load_config(config_path)
    end, days = window_options(as_of, window)
    with store_from(ctx, create=False) as store:
        result = analyse(store, cfg, end, days, compare_to=compare_to)
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


@click.command("map")
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
        end, days = window_options(as_of, window)
        with store_from(ctx, create=False) as store:
            result = analyse(store, cfg, end, days)
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
