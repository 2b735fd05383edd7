"""relgraph: map and audit the relationships between IT and the rest of the business."""

from __future__ import annotations

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
from relgraph.graph import TieGraph, build_tie_graph  # noqa: E402
from relgraph.ingest import IngestReport, ingest  # noqa: E402
from relgraph.models import Channel, Interaction, Level, Person, Unit, UnitKind  # noqa: E402
from relgraph.settings import AnalysisSettings  # noqa: E402
from relgraph.store import SQLiteStore, Store, open_store  # noqa: E402
from relgraph.window import load_window  # noqa: E402

__all__ = [
    "AnalysisSettings", "Channel", "ConfigError", "IngestReport", "InputError", "Interaction",
    "Level", "Person", "RecordIssue", "RelgraphError", "SQLiteStore", "Store", "StoreError",
    "StoreUnavailable", "TieGraph", "Unit", "UnitKind", "UsageError", "build_tie_graph",
    "ingest", "load_window", "open_store",
]
