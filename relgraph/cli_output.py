"""Terminal output for the CLI: tables, JSON, CSV and progress bars.

Only :mod:`relgraph.cli` uses this module; the library never prints.
"""

from __future__ import annotations

import csv
import io
import json
import math
import sys
from collections.abc import Callable, Sequence
from typing import Any

import click

from relgraph.textsafe import csv_cell, json_text, term_text


def emit_rows(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str] | None = None) -> None:
    """Print rows as an aligned table, JSON or CSV."""
    cols = list(columns or (rows[0].keys() if rows else []))
    if fmt == "json":
        click.echo(json_text(json.dumps(_json_safe(list(rows)), indent=2, default=str,
                                        allow_nan=False)))
        return
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: _csv_out(v) for k, v in r.items()})
        click.echo(buf.getvalue(), nl=False)
        return
    click.echo(format_table(rows, cols))


def _csv_out(v: Any) -> Any:
    """A CSV cell printed to the terminal: no formula, no control characters."""
    return csv_cell(term_text(v)) if isinstance(v, str) else v


def _json_safe(v: Any) -> Any:
    """Strict, typed JSON: an infinity or NaN (an undefined figure) becomes null, never a
    string such as "Infinity" (rows say what such a value means, e.g. ``new``)."""
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, dict):
        return {k: _json_safe(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_json_safe(x) for x in v]
    return v


def format_table(rows: Sequence[dict[str, Any]], cols: Sequence[str]) -> str:
    def cell(v: Any) -> str:
        if isinstance(v, float):
            return f"{v:.3f}"
        if v is None:
            return ""
        return term_text(v)

    body = [[cell(r.get(c)) for c in cols] for r in rows]
    widths = [max([len(c)] + [len(b[i]) for b in body]) for i, c in enumerate(cols)]
    out = ["  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True))]
    out.append("  ".join("-" * w for w in widths))
    out += ["  ".join(v.ljust(w) for v, w in zip(b, widths, strict=True)) for b in body]
    return "\n".join(line.rstrip() for line in out)


def progress_bar(label: str) -> Callable[..., None] | None:
    """A click progress bar driven by ``progress(done, total, step="")`` callbacks,
    on a terminal only."""
    if not sys.stderr.isatty():
        return None
    state: dict[str, Any] = {}

    def update(done: int, total: int, step: str = "") -> None:
        bar = state.get("bar")
        if bar is None:
            bar = click.progressbar(length=total, label=label, file=sys.stderr)
            bar.__enter__()
            state["bar"] = bar
            state["pos"] = 0
        bar.update(done - state["pos"])
        state["pos"] = done
        if done >= total:
            bar.__exit__(None, None, None)
            state["bar"] = None

    return update
