"""Copy one store into another (e.g. the embedded SQLite store into a shared Neo4j).

A team can start on a laptop and move to a shared server without re-ingesting:
``relgraph export --to neo4j://server:7687``. Everything is copied: units, people,
interaction edges (with their ids, so copying twice adds nothing), saved audits and the
versions of the relationship plan.
The destination writes inside one transaction: all or nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from pydantic import BaseModel

from relgraph.errors import UsageError
from relgraph.store.base import EdgeRow, Store

ProgressCallback = Callable[[int, int], None]
"""progress(items_done, items_total) over units + people + edges + audits."""

EDGE_CHUNK = 20_000


class ExportReport(BaseModel):
    """What :func:`export_store` copied."""

    source: str
    destination: str
    units: int
    people: int
    edges: int
    edges_added: int
    audits: int
    plans: int = 0


def export_store(src: Store, dst: Store, *, progress: ProgressCallback | None = None,
                 chunk: int = EDGE_CHUNK) -> ExportReport:
    """Copy everything in ``src`` into ``dst`` in one destination transaction.

    Parameters
    ----------
    src, dst : Store
        Source and destination (any backends; typically SQLite -> Neo4j).
    progress : callable, optional
        Called with (done, total) items as the copy advances.
    chunk : int
        Edges handed to ``dst.add_edges`` at a time (the store batches further).

    Returns
    -------
    ExportReport
        Counts copied; ``edges_added`` is lower than ``edges`` when the destination
        already held some of them (the copy is idempotent).

    Raises
    ------
    UsageError
        When source and destination are the same store.
    StoreError
        When either store fails; the destination is then left as it was.
    """
    if src is dst or (src.backend == dst.backend and src.location == dst.location):
        raise UsageError(f"source and destination are the same store ({src.location})")
    st = src.status()
    total = st.units + st.people + st.edges + st.audits
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(min(done, total), max(total, 1))

    units = src.units()
    people = src.people()
    audits = src.audits()
    plans = src.plans()
    n_edges = 0
    added = 0
    with dst.transaction():
        dst.upsert_units(units)
        tick(len(units))
        dst.upsert_people(people)
        tick(len(people))
        for rows in _chunks(src.edges(), chunk):
            added += dst.add_edges(rows)
            n_edges += len(rows)
            tick(len(rows))
        for a in audits:
            dst.save_audit(a)
        for p in plans:
            dst.save_plan(p)
        tick(len(audits))
    return ExportReport(
        source=src.location, destination=dst.location, units=len(units), people=len(people),
        edges=n_edges, edges_added=added, audits=len(audits), plans=len(plans),
    )


def _chunks(rows: Iterator[EdgeRow], size: int) -> Iterator[list[EdgeRow]]:
    buf: list[EdgeRow] = []
    for r in rows:
        buf.append(r)
        if len(buf) >= size:
            yield buf
            buf = []
    if buf:
        yield buf
