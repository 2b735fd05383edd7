"""Result models of an analysis, one per report section.

The audit, the reports and the maps render these; they never recompute a metric.
Lists are in a stable order (documented per field) so that output is deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

import numpy as np
from pydantic import BaseModel, Field, TypeAdapter

from relgraph.analysis.dataquality import DataQuality
from relgraph.analysis.rowtable import RowTable
from relgraph.bulk import paused_gc

M = TypeVar("M", bound=BaseModel)

BROKERAGE_ROLES = ("coordinator", "gatekeeper", "representative", "consultant", "liaison")


def share_fields_sets(models: list[M], shared: set[str] | None = None) -> list[M]:
    """Let models whose set of set fields is equal share one set object (returns ``models``).

    Pydantic keeps a set per model of the fields given when it was made: 728 of the about
    1,280 bytes of a model with 14 fields. A result section has a row per tie or per
    person, and every row sets the same fields, so one set serves them all (issue 14:
    about 650 MB less at 100,000 people). ``shared``: the set to share (default: the first
    model's). Values, dumps and equality are unchanged.
    """
    for m in models:
        fs = m.__pydantic_fields_set__
        if shared is None:
            shared = fs
        elif fs is not shared and fs == shared:
            object.__setattr__(m, "__pydantic_fields_set__", shared)
    return models


def validate_rows(adapter: TypeAdapter[list[M]], fields: tuple[str, ...],
                  columns: Sequence[Sequence[Any]], chunk: int = 50_000) -> list[M]:
    """Models from columns (``columns[k]`` holds field ``fields[k]`` of every row).

    Validated ``chunk`` rows at a time (one validation pass per chunk, faster than one
    per object), so that only one chunk's dicts exist at a time, and each chunk's models
    share one set of set fields (:func:`share_fields_sets`) before the next chunk is made,
    so the freed sets are reused rather than left scattered in the heap. The cyclic
    collector is paused meanwhile (:func:`relgraph.bulk.paused_gc`: rows hold no cycles).
    """
    out: list[M] = []
    shared: set[str] | None = None
    n = len(columns[0]) if columns else 0
    with paused_gc():
        for lo in range(0, n, chunk):
            part = adapter.validate_python(
                [dict(zip(fields, r, strict=True))
                 for r in zip(*(c[lo:lo + chunk] for c in columns), strict=True)])
            if shared is None and part:
                shared = part[0].__pydantic_fields_set__
            out.extend(share_fields_sets(part, shared))
    return out


class PersonMetrics(BaseModel):
    """Centrality and brokerage of one person (section ``people``)."""

    id: str
    name: str
    title: str
    unit: str
    unit_kind: str
    level: str
    degree: int = Field(description="distinct contacts in the window")
    strength: float = Field(description="sum of tie strengths")
    betweenness: float = Field(description="normalised, weighted (distance = 1/strength)")
    betweenness_unweighted: float
    harmonic_closeness: float = Field(description="normalised harmonic closeness (hops)")
    pagerank: float = Field(description="weighted PageRank, alpha 0.85")
    constraint: float | None = Field(None, description="Burt's constraint; None for isolates")
    effective_size: float | None = None
    efficiency: float | None = None
    brokerage: dict[str, int] = Field(default_factory=dict, description="Gould-Fernandez role counts")
    articulation_point: bool = False
    isolated: bool = False
    community: int | None = None


class TieMetrics(BaseModel):
    """One undirected tie (section ``ties``); ``source < target``."""

    source: str
    target: str
    source_unit: str
    target_unit: str
    strength: float
    count: int
    overlap: float = Field(description="Onnela neighbourhood overlap, 0..1")
    strong: bool = Field(description="strength at or above the strong-tie threshold")
    bridging: bool = Field(description="overlap at or below the bridging threshold")
    local_bridge: bool = Field(description="no common neighbours (Granovetter 1973)")
    bridge: bool = Field(description="removing the tie disconnects its component")
    cross_unit: bool
    cross_kind: bool
    source_share: float = Field(description="share of the tie's strength initiated by source")


class TieTable(RowTable[TieMetrics]):
    """The ties section as columns (see :mod:`relgraph.analysis.rowtable`)."""

    model = TieMetrics
    strings = ("source", "target", "source_unit", "target_unit")
    numbers = {"strength": np.float64, "count": np.int64, "overlap": np.float64,
               "strong": np.bool_, "bridging": np.bool_, "local_bridge": np.bool_,
               "bridge": np.bool_, "cross_unit": np.bool_, "cross_kind": np.bool_,
               "source_share": np.float64}


class UnitMetrics(BaseModel):
    """Silo figures of one unit, or one unit kind (section ``units``)."""

    id: str
    name: str
    kind: str
    headcount: int
    active: int = Field(description="people with at least one tie in the window")
    internal_ties: int
    external_ties: int
    internal_strength: float
    external_strength: float
    ei_index: float | None = Field(description="Krackhardt-Stern E-I, binary; None without ties")
    ei_weighted: float | None
    ei_expected: float | None = Field(None, description="mean E-I under random relabelling")
    ei_p_value: float | None = Field(None, description="P(E-I this low by chance), permutation test")
    ties_to_it: int = 0
    ties_to_business: int = 0
    ties_to_vendor: int = 0
    units_reached: int = 0


class UnitPair(BaseModel):
    """Connection between two units (unit-to-unit matrix and key-person risk)."""

    unit_a: str
    unit_b: str
    ties: int
    strength: float
    people_a: int = Field(description="distinct people of unit_a with a tie to unit_b")
    people_b: int
    top_person: str = Field(description="person carrying the largest share of the pair's strength")
    top_person_share: float = Field(description="that share, 0..1")
    single_points: list[str] = Field(
        default_factory=list,
        description="people whose departure leaves the pair with no direct tie",
    )


class CommunitySummary(BaseModel):
    """Seeded Louvain communities and how they align with formal units."""

    count: int
    modularity: float
    seed: int
    adjusted_rand: float = Field(description="agreement of communities with units (ARI)")
    normalized_mutual_info: float
    communities: list[dict[str, object]] = Field(
        default_factory=list, description="id, size, dominant_unit, purity"
    )


class ExecutiveMetrics(BaseModel):
    """How connected one executive is (section ``executives``)."""

    id: str
    name: str
    title: str
    unit: str
    role: str = Field(description="'business' or 'it' (CIO and IT leaders)")
    ties_to_it: int
    strength_to_it: float
    ties_to_csuite: int
    strength_to_csuite: float
    units_reached: int
    strength: float
    previous_strength: float | None = None
    strength_change: float | None = Field(None, description="relative change vs previous window")
    isolated: bool
    score: float = Field(description="0 (well connected) .. 1 (disconnected)")
    explanation: str


class BrokerMetrics(BaseModel):
    """A person's brokerage position (section ``brokers``), ordered by brokerage."""

    id: str
    unit: str
    unit_kind: str
    betweenness: float
    constraint: float | None
    effective_size: float | None
    efficiency: float | None
    roles: dict[str, int]
    total_brokerage: int
    articulation_point: bool
    cross_unit_share: float = Field(description="share of the person's strength that crosses units")


class TieChange(BaseModel):
    """A tie's strength before and after; ``change`` is None for a new tie (``new``)."""

    source: str
    target: str
    before: float
    after: float
    change: float | None = Field(
        description="relative change (after - before) / before; None for a new tie"
    )
    new: bool = Field(False, description="the tie did not exist in the previous window")


class TieChangeTable(RowTable[TieChange]):
    """Tie changes as columns (see :mod:`relgraph.analysis.rowtable`)."""

    model = TieChange
    strings = ("source", "target")
    numbers = {"before": np.float64, "after": np.float64, "change": np.float64, "new": np.bool_}
    optional = ("change",)


class UnitDrift(BaseModel):
    unit: str
    before: float | None
    after: float | None
    delta: float | None


class Changes(BaseModel):
    """Differences between the previous window and this one (section ``changes``)."""

    previous_start: int | None
    previous_end: int
    new_ties: TieChangeTable = Field(default_factory=TieChangeTable.empty)
    lost_ties: TieChangeTable = Field(default_factory=TieChangeTable.empty)
    strengthened: TieChangeTable = Field(default_factory=TieChangeTable.empty)
    weakened: TieChangeTable = Field(default_factory=TieChangeTable.empty)
    bridges_gained: TieChangeTable = Field(default_factory=TieChangeTable.empty)
    bridges_lost: TieChangeTable = Field(default_factory=TieChangeTable.empty)
    ei_drift: list[UnitDrift] = Field(default_factory=list)
    brokers_appeared: list[str] = Field(default_factory=list)
    brokers_disappeared: list[str] = Field(default_factory=list)


class AnalysisMeta(BaseModel):
    start: int | None
    end: int
    as_of: int
    window_days: float | None
    half_life_days: float
    channel_weights: dict[str, float]
    seed: int
    people: int
    ties: int
    approximations: list[str] = Field(
        default_factory=list, description="metrics computed approximately, with error bounds"
    )
    engines: dict[str, str] = Field(default_factory=dict, description="metric -> engine used")


class AnalysisResult(BaseModel):
    """Everything ``relgraph analyze`` computes for one window."""

    meta: AnalysisMeta
    people: list[PersonMetrics] = Field(default_factory=list, description="ordered by id")
    ties: TieTable = Field(default_factory=TieTable.empty, description="ordered by (source, target)")
    units: list[UnitMetrics] = Field(default_factory=list, description="ordered by id")
    kinds: list[UnitMetrics] = Field(default_factory=list, description="one per unit kind")
    unit_pairs: list[UnitPair] = Field(default_factory=list, description="ordered by (unit_a, unit_b)")
    communities: CommunitySummary | None = None
    executives: list[ExecutiveMetrics] = Field(default_factory=list, description="by score, desc")
    brokers: list[BrokerMetrics] = Field(default_factory=list, description="by total brokerage, desc")
    changes: Changes | None = None
    data_quality: DataQuality | None = Field(
        None, description="data checks (filled by relgraph.run.run_analysis, which sees the store)"
    )
