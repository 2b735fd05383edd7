"""The rows and parameter maps the Neo4j store's Cypher queries get, and the
:class:`~relgraph.store.base.EdgeRow` back from a record: pure functions, unit-tested
without a server. Values only ever travel as driver parameters."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from relgraph.errors import UsageError
from relgraph.models import Channel, Person, Unit
from relgraph.store.base import EdgeRow

MIN_AT = -(2**62)
MAX_AT = 2**62


def unit_row(u: Unit) -> dict[str, Any]:
    return {"id": u.id, "name": u.name, "kind": u.kind.value, "parent": u.parent}


def person_row(p: Person) -> dict[str, Any]:
    return {"id": p.id, "name": p.name, "title": p.title, "unit": p.unit,
            "level": p.level.value, "email": p.email, "aliases": list(p.aliases)}


def edge_key(interaction_id: str, target: str) -> str:
    """The stored uniqueness key of an edge. Ids never contain ';' (see models.ID_PATTERN)."""
    return f"{interaction_id};{target}"


def edge_row(e: EdgeRow | tuple[Any, ...]) -> dict[str, Any]:
    """``$rows`` entry of one edge (an :class:`EdgeRow` or a plain tuple in its field order)."""
    iid, source, target, at, channel, weight, duration = e
    return {
        "key": edge_key(iid, target), "id": iid, "source": source, "target": target,
        "at": int(at), "channel": channel, "weight": float(weight),
        "duration": None if duration is None else float(duration),
    }


def edge_batches(rows: Iterable[EdgeRow], size: int) -> Iterator[list[dict[str, Any]]]:
    """``$rows`` batches of at most ``size`` edges, each without a repeated key.

    Within one batch the first edge of a key wins (later ones are dropped, as
    ``INSERT OR IGNORE`` would); across batches the database ignores known keys.
    """
    batch: list[dict[str, Any]] = []
    seen: set[str] = set()
    for e in rows:
        r = edge_row(e)
        if r["key"] in seen:
            continue
        seen.add(r["key"])
        batch.append(r)
        if len(batch) >= size:
            yield batch
            batch, seen = [], set()
    if batch:
        yield batch


def edge_from_record(r: Mapping[str, Any]) -> EdgeRow:
    d = r["duration"]
    return EdgeRow(r["interaction_id"], r["source"], r["target"], int(r["at"]), r["channel"],
                   float(r["weight"]), None if d is None else float(d))


def edges_page_params(lo: int, hi: int, after: tuple[int, str, str], limit: int) -> dict[str, Any]:
    return {"start": lo, "end": hi, "after_at": after[0], "after_id": after[1],
            "after_target": after[2], "limit": limit}


def ties_params(start: int | None, end: int, *, as_of: int, half_life_days: float,
                channel_weights: Mapping[str, float]) -> dict[str, Any]:
    """Parameters of ``ties.cypher``: the same numbers TIES_SQL gets in the SQLite store."""
    if half_life_days <= 0:
        raise UsageError("half_life_days must be positive")
    return {
        "start": start if start is not None else MIN_AT,
        "end": int(end),
        "as_of": int(as_of),
        "rate": -math.log(2) / (half_life_days * 86400.0),
        "channel_weights": {c.value: float(channel_weights.get(c.value, 1.0)) for c in Channel},
    }


def pair_edges_params(pairs: Iterable[tuple[str, str]], start: int | None,
                      end: int | None) -> dict[str, Any]:
    """Parameters of ``pair_edges.cypher``: each unordered pair once (sorted), so that the
    undirected match returns each relationship once."""
    uniq = sorted({tuple(sorted((a, b))) for a, b in pairs if a != b})
    return {"pairs": [list(p) for p in uniq],
            "start": start if start is not None else MIN_AT,
            "end": end if end is not None else MAX_AT}
