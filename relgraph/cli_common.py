"""Helpers every ``relgraph`` command module shares: output formats, safe terminal
echo, times, and opening the store named by ``--store`` for one command."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import click

from relgraph.textsafe import term_text

if TYPE_CHECKING:  # the stores import pydantic: loaded only by commands that use them
    from pathlib import Path

    from relgraph.analysis.result import AnalysisResult
    from relgraph.config import RelgraphConfig
    from relgraph.store.base import Store

FORMATS = ("table", "json", "csv")

# the exit codes (policy in relgraph.cli.RelgraphGroup; audit --fail-on gives EXIT_FINDINGS)
EXIT_FINDINGS = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141


def echo(text: str = "", *, err: bool = False) -> None:
    """Print a line of text that may hold user data, without control characters."""
    click.echo(term_text(text, multiline=True), err=err)


@contextmanager
def store_from(ctx: click.Context, *, create: bool = True) -> Iterator[Store]:
    from relgraph.store import default_location, open_store

    s = open_store(ctx.obj.get("store") or default_location(), create=create)
    yield from _closing(s)


def load_cli_config(path: str | None) -> tuple[RelgraphConfig, Path | None]:
    """:func:`relgraph.config.load_config`, printing its notices (retired keys) on stderr."""
    from relgraph.config import load_config

    cfg, where = load_config(path)
    for notice in cfg.notices:
        echo(f"note: {notice}", err=True)
    return cfg, where


def fmt_time(at: int | None) -> str:
    return "-" if at is None else datetime.fromtimestamp(at, tz=UTC).strftime("%Y-%m-%d %H:%M UTC")


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


def window_options(as_of: str | None, window: str | None) -> tuple[int | None, float | None]:
    """``--as-of`` and ``--window`` parsed (None: the defaults), before a store is opened."""
    from relgraph.window import parse_as_of, parse_duration_days

    return (parse_as_of(as_of) if as_of else None,
            parse_duration_days(window) if window else None)


def analyse(store: Store, cfg: RelgraphConfig, end: int | None, days: float | None, *,
            compare_to: str | None = None) -> AnalysisResult:
    """The window's analysis as every command runs it: the config's settings, unit kinds
    and data checks, with a progress bar."""
    from relgraph.cli_output import progress_bar
    from relgraph.run import run_analysis

    return run_analysis(store, cfg.analysis, as_of=end, window_days=days,
                        compare_to=compare_to, progress=progress_bar("analysing"),
                        unit_kinds=cfg.units, data=cfg.data)
