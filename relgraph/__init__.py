"""relgraph: map and audit the relationships between IT and the rest of the business.

The public names below are imported lazily (PEP 562 ``__getattr__``): ``import
relgraph`` and ``relgraph --help`` do not pay for NetworkX, pydantic or the stores
until a name that needs them is used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

from relgraph.errors import (  # noqa: E402
    ConfigError,
    InputError,
    RecordIssue,
    RelgraphError,
    StoreError,
    StoreUnavailable,
    UsageError,
)

_LAZY = {
    "TieGraph": "relgraph.graph", "build_tie_graph": "relgraph.graph",
    "IngestReport": "relgraph.ingest", "ingest": "relgraph.ingest",
    "Channel": "relgraph.models", "Interaction": "relgraph.models", "Level": "relgraph.models",
    "Person": "relgraph.models", "Unit": "relgraph.models", "UnitKind": "relgraph.models",
    "AnalysisSettings": "relgraph.settings",
    "SQLiteStore": "relgraph.store", "Store": "relgraph.store", "open_store": "relgraph.store",
    "load_window": "relgraph.window",
}

if TYPE_CHECKING:  # pragma: no cover
    from relgraph.graph import TieGraph, build_tie_graph
    from relgraph.ingest import IngestReport, ingest
    from relgraph.models import Channel, Interaction, Level, Person, Unit, UnitKind
    from relgraph.settings import AnalysisSettings
    from relgraph.store import SQLiteStore, Store, open_store
    from relgraph.window import load_window


def __getattr__(name: str) -> Any:
    mod = _LAZY.get(name)
    if mod is None:
        raise AttributeError(f"module 'relgraph' has no attribute {name!r}")
    value = getattr(importlib.import_module(mod), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


__all__ = [
    "AnalysisSettings", "Channel", "ConfigError", "IngestReport", "InputError", "Interaction",
    "Level", "Person", "RecordIssue", "RelgraphError", "SQLiteStore", "Store", "StoreError",
    "StoreUnavailable", "TieGraph", "Unit", "UnitKind", "UsageError", "build_tie_graph",
    "ingest", "load_window", "open_store",
]
