"""The ``relgraph`` command line: parse options, call one library function, render.

This module holds the group, the exit-code policy and the ingest, status and config
commands; the analysis, audit, plan, import, erasure and store commands live in
``relgraph/cli_*.py`` and are registered at the end of this file.

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
from relgraph.cli_common import (
    EXIT_BROKEN_PIPE,
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    FORMATS,
    echo,
    fmt_time,
    store_from,
)
from relgraph.cli_common import EXIT_FINDINGS as EXIT_FINDINGS  # re-exported with the others
from relgraph.cli_output import emit_rows, progress_bar
from relgraph.errors import RelgraphError
from relgraph.textsafe import clip, term_text

UMASKS: dict[str, int | None] = {"owner": 0o077, "group": 0o027, "umask": None}
"""``--permissions``: the umask relgraph runs with (people data is personal data: by
default nobody but the owner may read what relgraph writes)."""


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


# --- config (issue 5) --------------------------------------------------------------------------
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
from relgraph.cli_analysis import analyze, map_cmd  # noqa: E402
from relgraph.cli_audit import audit, audits  # noqa: E402
from relgraph.cli_erasure import erasures, forget, prune  # noqa: E402
from relgraph.cli_import import import_group  # noqa: E402
from relgraph.cli_plan import plan  # noqa: E402
from relgraph.cli_store import export_cmd, init  # noqa: E402

for _command in (analyze, map_cmd, audit, audits, plan, init, export_cmd, forget, prune,
                 erasures, import_group):
    main.add_command(_command)


if __name__ == "__main__":  # pragma: no cover
    main()
