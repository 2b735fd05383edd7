"""The store interface that every backend implements (SQLite, Neo4j).

A store keeps units, people and interactions. Interactions are stored as
edges: one per (interaction, target), carrying the interaction id, the source,
the target, the time (seconds since the epoch, UTC), the channel, the weight
and the duration. Writes happen inside :meth:`Store.transaction`, which is
all-or-nothing: an ingest that fails or is killed leaves the store as it was.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any, NamedTuple

from pydantic import BaseModel

from relgraph.errors import StoreError
from relgraph.models import DirectedTie, Interaction, Person, Unit, from_epoch

SCHEMA_VERSION = 3
"""1: units, people, edges, audits. 2: adds relationship plans (``plans``).
3: adds people.aliases (optional)."""


class EdgeRow(NamedTuple):
    """One stored edge: an interaction expanded to one of its targets."""

    interaction_id: str
    source: str
    target: str
    at: int
    channel: str
    weight: float
    duration: float | None


class StoreStatus(BaseModel):
    backend: str
    location: str
    schema_version: int
    units: int
    people: int
    interactions: int
    edges: int
    first_at: int | None
    last_at: int | None
    audits: int = 0


class AuditRecord(BaseModel):
    """A saved audit: its id, when it ran (as-of of its window) and its JSON payload."""

    id: str
    as_of: int
    window_days: float
    payload: str


class PlanRecord(BaseModel):
    """A stored version of the relationship plan: its id (a hash of its entries), when it
    was imported, the file it came from and its JSON payload (:class:`relgraph.plan.Plan`)."""

    id: str
    imported_at: int
    source: str
    payload: str


def decay_factor(as_of: int, at: int, half_life_days: float) -> float:
    """Exponential recency decay: 1 at ``as_of``, 1/2 one half-life earlier."""
    return math.pow(0.5, (as_of - at) / (half_life_days * 86400.0))


class Store(ABC):
    """Where relgraph keeps its data. Backends: ``SQLiteStore``, ``Neo4jStore``."""

    backend: str = "abstract"

    @property
    @abstractmethod
    def location(self) -> str:
        """Where the data lives, safe to print (never contains a password)."""

    # -- lifecycle ----------------------------------------------------------------------
    @abstractmethod
    def init(self) -> None:
        """Create schema, constraints and indexes if missing (idempotent)."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @abstractmethod
    def transaction(self) -> AbstractContextManager[None]:
        """All writes inside commit together or not at all."""

    # -- writes (inside a transaction) --------------------------------------------------
    @abstractmethod
    def upsert_units(self, units: Iterable[Unit]) -> int:
        """Insert or replace units by id; returns how many were given."""

    @abstractmethod
    def upsert_people(self, people: Iterable[Person]) -> int:
        """Insert or replace people by id; returns how many were given."""

    @abstractmethod
    def add_edges(self, rows: Iterable[EdgeRow]) -> int:
        """Add edges; an (interaction_id, target) already stored is ignored.

        Returns the number of edges actually added.
        """

    # -- reads --------------------------------------------------------------------------
    @abstractmethod
    def units(self) -> list[Unit]:
        """All units, ordered by id."""

    @abstractmethod
    def people(self) -> list[Person]:
        """All people, ordered by id."""

    @abstractmethod
    def person_ids(self) -> set[str]: ...

    @abstractmethod
    def unit_ids(self) -> set[str]: ...

    @abstractmethod
    def edges(self, start: int | None = None, end: int | None = None) -> Iterator[EdgeRow]:
        """Edges with ``start <= at < end``, ordered by (at, interaction_id, target)."""

    @abstractmethod
    def edges_by_ids(self, ids: Sequence[str]) -> list[EdgeRow]:
        """The stored edges of these interaction ids (any order); inside a transaction,
        its own writes included. Used to keep interaction ids unique across ingests."""

    def interactions(self, start: int | None = None, end: int | None = None) -> Iterator[Interaction]:
        """Interactions rebuilt from their edges, ordered by (time, id)."""
        yield from group_edges(self.edges(start, end))

    @abstractmethod
    def ties(
        self,
        start: int | None,
        end: int,
        *,
        as_of: int,
        half_life_days: float,
        channel_weights: Mapping[str, float],
    ) -> Iterator[DirectedTie]:
        """Directed ties aggregated over edges with ``start <= at < end``, ordered by
        (source, target). Aggregation happens in the database."""

    def person_rows(self) -> list[tuple[str, str, str, str, str]]:
        """Every person as (id, name, title, unit id, level value), for loading a window
        (:func:`relgraph.graph.node_table`). Default: from :meth:`people`; a store that
        validated the people when it stored them overrides it without re-validating."""
        return [(p.id, p.name, p.title, p.unit, p.level.value) for p in self.people()]

    def tie_columns(
        self,
        start: int | None,
        end: int,
        *,
        as_of: int,
        half_life_days: float,
        channel_weights: Mapping[str, float],
    ) -> tuple[Sequence[Any], ...]:
        """:meth:`ties` as six columns (source, target, count, strength, first_at,
        last_at), for loading a window into arrays (:mod:`relgraph.graph`). Default:
        from :meth:`ties`; stores with a cheaper way override it."""
        rows = list(self.ties(start, end, as_of=as_of, half_life_days=half_life_days,
                              channel_weights=channel_weights))
        return tuple(zip(*rows, strict=True)) if rows else ((),) * 6

    def opener(self) -> Callable[[], Store] | None:
        """A picklable callable that opens another handle on the same data, for a read
        in another process (:mod:`relgraph.background`), or None when the backend has
        none. Default: None."""
        return None

    @abstractmethod
    def status(self) -> StoreStatus: ...

    def last_at(self) -> int | None:
        """Time of the latest stored edge (default: from :meth:`status`; stores with a
        cheaper query override it)."""
        return self.status().last_at

    def day_counts(self) -> list[tuple[int, int]]:
        """Edges per UTC day: ``(day start in epoch seconds, edges)`` for every day with
        data, ordered by day (the data checks' activity profile). Default: counted from
        :meth:`edges`; stores with a cheaper query override it."""
        counts: dict[int, int] = {}
        for e in self.edges():
            day = e.at - e.at % 86400
            counts[day] = counts.get(day, 0) + 1
        return sorted(counts.items())

    def stored_interactions(self, edges: Sequence[tuple[str, str]]) -> set[str]:
        """Which interactions are already stored, each given as (interaction id, one of
        its targets): the ingest's "already stored" count. Default: from :meth:`edges`."""
        wanted = set(edges)
        return {e.interaction_id for e in self.edges() if (e.interaction_id, e.target) in wanted}

    def people_with_edges(self) -> set[str]:
        """Ids of the people who are the source or a target of at least one stored edge."""
        seen: set[str] = set()
        for e in self.edges():
            seen.add(e.source)
            seen.add(e.target)
        return seen

    def people_with_edges_outside(self, lo: int, hi: int) -> set[str]:
        """Ids at an end of a stored edge with ``at < lo`` or ``at >= hi``, or more: the
        caller adds the ids of the window ``[lo, hi)`` it has read, so any superset of
        these is exact once united with them. Default: :meth:`people_with_edges`; a store
        with an index on time reads only the edges outside the window."""
        return self.people_with_edges()

    def pseudonym_key(self) -> str | None:
        """The store's secret pseudonym key (:mod:`relgraph.pseudonyms`), created when
        missing; None when the store keeps no key or cannot be written."""
        return None

    # -- audit history --------------------------------------------------------------------
    @abstractmethod
    def save_audit(self, record: AuditRecord) -> None: ...

    @abstractmethod
    def audits(self) -> list[AuditRecord]:
        """Saved audits, oldest first (ordered by as_of, then id)."""

    # -- relationship plans -----------------------------------------------------------------
    def save_plan(self, record: PlanRecord) -> None:
        """Store a plan version (replacing one with the same id)."""
        raise StoreError(f"the {self.backend} store cannot keep relationship plans")

    def plans(self) -> list[PlanRecord]:
        """Stored plan versions, oldest first (ordered by imported_at, then id)."""
        return []

    def pair_edges(self, pairs: Iterable[tuple[str, str]], start: int | None = None,
                   end: int | None = None) -> Iterator[EdgeRow]:
        """Edges between the given pairs of people (either direction) with
        ``start <= at < end``, ordered by (at, interaction_id, target).

        The default filters :meth:`edges`; stores override it with a query.
        """
        want = {(a, b) for a, b in pairs} | {(b, a) for a, b in pairs}
        for e in self.edges(start, end):
            if (e.source, e.target) in want:
                yield e


class ErasureEntry(BaseModel):
    """One line of the store's erasure log: what was done, when, how many. Never the
    removed data (no ids, names or dates of removed records)."""

    at: int
    action: str
    counts: dict[str, int | str]


class ErasureStore(ABC):
    """Erasure and retention (``relgraph forget`` / ``relgraph prune``, see
    :mod:`relgraph.erasure`). Every method runs inside the caller's transaction."""

    @abstractmethod
    def count_edges(self, *, people: Sequence[str] = (), before: int | None = None
                    ) -> tuple[int, int]:
        """(edges, interactions) that :meth:`forget_people` (``people``) or
        :meth:`prune_edges` (``before``) would remove."""

    @abstractmethod
    def forget_people(self, ids: Sequence[str]) -> tuple[int, int]:
        """Delete these people and every edge they are the source or a target of;
        return (people, edges) deleted."""

    @abstractmethod
    def prune_edges(self, before: int) -> int:
        """Delete the edges with ``at < before``; return how many."""

    @abstractmethod
    def log_erasure(self, entry: ErasureEntry) -> None: ...

    @abstractmethod
    def erasure_log(self) -> list[ErasureEntry]:
        """The erasure log, oldest first."""


def expand(i: Interaction) -> Iterator[EdgeRow]:
    """One edge per target of an interaction."""
    at = int(i.timestamp.timestamp())
    key = i.key()
    w = i.weight if i.weight is not None else 1.0
    for t in i.targets:
        yield EdgeRow(key, i.source, t, at, i.channel.value, w, i.duration_minutes)


def group_edges(rows: Iterable[EdgeRow]) -> Iterator[Interaction]:
    """Regroup edges (ordered by at, interaction_id) into interactions."""
    cur: list[EdgeRow] = []
    for r in rows:
        if cur and (r.interaction_id != cur[0].interaction_id or r.at != cur[0].at):
            yield _rebuild(cur)
            cur = []
        cur.append(r)
    if cur:
        yield _rebuild(cur)


def _rebuild(rows: list[EdgeRow]) -> Interaction:
    r0 = rows[0]
    return Interaction(
        id=r0.interaction_id,
        source=r0.source,
        targets=sorted(r.target for r in rows),
        timestamp=from_epoch(r0.at),
        channel=r0.channel,  # type: ignore[arg-type]
        weight=r0.weight,
        duration_minutes=r0.duration,
    )
