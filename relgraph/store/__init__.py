"""Stores: where relgraph keeps units, people, interactions and audits.

:func:`open_store` picks the backend from a location string:

* a path (default ``./relgraph.db``, or ``$RELGRAPH_DB``) -> :class:`SQLiteStore`
* ``neo4j://``, ``neo4j+s://``, ``bolt://``... -> ``Neo4jStore`` (see ``relgraph.store.neo4j``)
* ``neo4j`` (the bare word) -> ``Neo4jStore`` at ``$NEO4J_URI``
"""

from __future__ import annotations

import os

from relgraph.store.base import AuditRecord, DirectedTie, EdgeRow, Store, StoreStatus
from relgraph.store.sqlite import SQLiteStore

DEFAULT_DB = "relgraph.db"
NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")


def default_location() -> str:
    """``$RELGRAPH_STORE``, else ``$RELGRAPH_DB``, else ``./relgraph.db``."""
    return os.environ.get("RELGRAPH_STORE") or os.environ.get("RELGRAPH_DB") or DEFAULT_DB


def open_store(location: str | None = None, *, create: bool = True) -> Store:
    """Open the store at ``location`` (a SQLite path or a Neo4j URI)."""
    loc = location or default_location()
    if loc == "neo4j" or loc.startswith(NEO4J_SCHEMES):
        # ``neo4j`` (bare word) means "the server in NEO4J_URI". NEO4J_URI alone never
        # switches the default store.
        from relgraph.store.neo4j import Neo4jStore  # imported lazily: needs the driver

        return Neo4jStore.from_env(uri=None if loc == "neo4j" else loc)
    return SQLiteStore(loc, create=create)


__all__ = [
    "AuditRecord", "DirectedTie", "EdgeRow", "SQLiteStore", "Store", "StoreStatus",
    "default_location", "open_store",
]
