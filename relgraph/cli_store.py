"""The ``relgraph init`` and ``relgraph export`` commands: create a store, copy it, or
write the tie graph as a graph file."""

from __future__ import annotations

import click

from relgraph.cli_common import FORMATS, echo, store_from, store_from_location
from relgraph.cli_output import emit_rows, progress_bar


# --- init / export (issue 4) -------------------------------------------------------------------
@click.command()
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
    echo(f"initialised {store.backend} store at {store.location}")


@click.command("export")
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
    echo(
        f"exported {report.units} units, {report.people} people, {report.edges} edges "
        f"({report.edges_added} new) and {report.audits} audits from {report.source} "
        f"to {report.destination}"
    )


def _export_graph(ctx: click.Context, graph_fmt: str, out_file: str | None, window: str | None,
                  as_of: str | None, with_metrics: bool, config_path: str | None, fmt: str) -> None:
    from relgraph.cli_common import load_cli_config as load_config
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
    echo(f"wrote {', '.join(str(f) for f in files)}: {people} people, {ties} ties")
