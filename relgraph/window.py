"""Time windows: parse ``90d`` / ``2026-10-31`` and load a window's tie graph from a store."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from relgraph.analysis.dataquality import DataSettings, last_substantial_day
from relgraph.errors import UsageError
from relgraph.graph import TieGraph, node_table, tie_graph_from_columns
from relgraph.models import MAX_TIME, MIN_TIME
from relgraph.settings import MAX_WINDOW_DAYS, AnalysisSettings
from relgraph.store.base import Store
from relgraph.textsafe import clip
from relgraph.unitkinds import UnitKinds

_DUR = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([dwmy])\s*$", re.I)
_UNIT_DAYS = {"d": 1.0, "w": 7.0, "m": 30.0, "y": 365.0}


def parse_duration_days(text: str) -> float:
    """``90d``, ``12w``, ``3m`` (30 days each) or ``1y`` -> days."""
    m = _DUR.match(text)
    if not m:
        raise UsageError(f"invalid window {text!r}: use a number and d, w, m or y, e.g. 90d")
    days = float(m.group(1)) * _UNIT_DAYS[m.group(2).lower()]
    if days <= 0:
        raise UsageError(f"invalid window {text!r}: must be longer than zero")
    if days > MAX_WINDOW_DAYS:
        raise UsageError(f"invalid window {clip(text, quote=True)}: at most {MAX_WINDOW_DAYS:,.0f} days "
                         "(100 years)")
    return days


def parse_as_of(text: str) -> int:
    """A date (end of that day, UTC) or an ISO timestamp -> epoch seconds (exclusive end)."""
    try:
        if len(text.strip()) == 10:
            d = date.fromisoformat(text.strip())
            dt = datetime(d.year, d.month, d.day, tzinfo=UTC) + timedelta(days=1)
        else:
            dt = datetime.fromisoformat(text.strip())
            if dt.tzinfo is None:
                dt = dt.replace(tzinfo=UTC)
    except (ValueError, OverflowError):
        raise UsageError(f"invalid --as-of {clip(text, quote=True)}: use a date such as 2026-10-31") from None
    if not MIN_TIME < dt <= MAX_TIME:
        raise UsageError(f"invalid --as-of {clip(text, quote=True)}: use a date from "
                         f"{MIN_TIME.year} to {MAX_TIME.year - 1}")
    return int(dt.timestamp())


def describe_window(start: int | None, end: int) -> str:
    """``2026-08-03 to 2026-10-31`` (``end`` is exclusive)."""
    last = datetime.fromtimestamp(end - 1, tz=UTC).date().isoformat()
    if start is None:
        return f"up to {last}"
    return f"{datetime.fromtimestamp(start, tz=UTC).date().isoformat()} to {last}"


def default_as_of(store: Store, data: DataSettings | None = None,
                  days: list[tuple[int, int]] | None = None) -> int:
    """End of the last day with substantial activity (exclusive), or now when the store is empty.

    Not simply the last stamp: a thinning tail or a stray far-future record would
    put the window where there is hardly any data (see
    :func:`relgraph.analysis.dataquality.last_substantial_day`). ``days``: the store's
    edges per day when already read (:meth:`Store.day_counts`).
    """
    counts = store.day_counts() if days is None else days
    last = last_substantial_day(counts, data or DataSettings())
    if last is None:
        return int(datetime.now(tz=UTC).timestamp())
    return last + 86400


def load_window(
    store: Store,
    settings: AnalysisSettings | None = None,
    *,
    as_of: int | None = None,
    window_days: float | None = None,
    unit_kinds: UnitKinds | None = None,
) -> TieGraph:
    """Tie graph of the window ``[as_of - window_days, as_of)`` from ``store``.

    ``unit_kinds``: the ``[units]`` table of relgraph.toml, applied to the stored units.
    """
    s = settings or AnalysisSettings()
    end = as_of if as_of is not None else default_as_of(store)
    days = window_days if window_days is not None else s.window_days
    start = end - int(days * 86400)
    ties = store.tie_columns(
        start, end, as_of=end, half_life_days=s.half_life_days, channel_weights=s.channel_weights
    )
    units = store.units()
    if unit_kinds is not None:
        units = unit_kinds.apply(units)[0]
    nodes, attrs = node_table(store.person_rows(), units)
    return tie_graph_from_columns(nodes, attrs, ties, start=start, end=end,  # type: ignore[arg-type]
                                  as_of=end)
