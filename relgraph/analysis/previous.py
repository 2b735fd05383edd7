"""The previous window, reduced to what the comparison with the current one reads.

:func:`relgraph.analysis.changes.compare` and the executives' change in strength read,
from the earlier window, only: each tie's strength and whether it is a bridge or a
local bridge, each unit's binary E-I index, the broker set (cross-unit brokerage
roles) and each person's strength. :func:`summarize_window` computes exactly those
from a :class:`TieGraph`, with the same functions and settings as the full analysis,
so the comparison is identical to one against a full analysis of that window (no
centrality is computed for the earlier window). :func:`summarize` reads the same
summary from a full :class:`AnalysisResult`.

Measured on the 5,000-person benchmark org: see docs/analysis.md (audit vs analyze).
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass, field

import numpy as np

from relgraph.analysis.result import AnalysisResult
from relgraph.bulk import paused_gc
from relgraph.graph import TieGraph
from relgraph.settings import AnalysisSettings

CROSS_UNIT_ROLES = ("gatekeeper", "representative", "consultant", "liaison")
"""Gould-Fernandez roles that mediate between units (all but coordinator)."""


@dataclass
class WindowSummary:
    """What the comparison reads from one window.

    Attributes
    ----------
    start, end : int or None
        The window.
    ids : numpy.ndarray
        The labels (objects) the tie columns index: person ids (from :func:`summarize`,
        the ties section's labels, which also hold unit ids).
    tie_source, tie_target : numpy.ndarray
        Each tie's ends as indices into ``ids``, with ``ids[source] <= ids[target]``.
    tie_strength : numpy.ndarray
        Each tie's strength.
    tie_bridge : numpy.ndarray
        Whether each tie is a bridge or a local bridge (Granovetter 1973).
    ei : dict
        Unit id -> binary E-I index (None for a unit without ties).
    brokers : set
        The broker set (see :func:`top_brokers`).
    strength : dict
        Person -> sum of tie strengths (every person of the window).
    """

    start: int | None
    end: int
    ids: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))
    tie_source: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    tie_target: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    tie_strength: np.ndarray = field(default_factory=lambda: np.empty(0))
    tie_bridge: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=bool))
    ei: dict[str, float | None] = field(default_factory=dict)
    brokers: set[str] = field(default_factory=set)
    strength: dict[Hashable, float] = field(default_factory=dict)


def top_brokers(cross: dict[str, int], active: int, share: float) -> set[str]:
    """The broker set: people with cross-unit brokerage (> 0), ranked by it; the top
    ``share`` of the ``active`` people (those with ties; at least one person), and
    everyone tied with the last of them (a tie never decides who counts as a broker).
    """
    counts = sorted((c for c in cross.values() if c > 0), reverse=True)
    if not counts:
        return set()
    n = max(1, math.ceil(share * (active or len(counts))))
    cut = counts[min(n, len(counts)) - 1]
    return {p for p, c in cross.items() if c >= cut}


def _oriented(ids: np.ndarray, src: np.ndarray, dst: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The ends of each tie swapped where needed so that ``ids[src] <= ids[dst]``."""
    if len(src) == 0:
        return src, dst
    flip = ids[src] > ids[dst]
    return np.where(flip, dst, src), np.where(flip, src, dst)


def summarize(result: AnalysisResult, settings: AnalysisSettings) -> WindowSummary:
    """The comparison's view of a full analysis."""
    tt = result.ties  # read as columns: no model per tie
    ids = tt.labels
    src, dst = _oriented(ids, tt.codes("source").astype(np.int64), tt.codes("target").astype(np.int64))
    cross = {b.id: sum(int(b.roles.get(r, 0)) for r in CROSS_UNIT_ROLES) for b in result.brokers}
    active = sum(1 for p in result.people if not p.isolated)
    return WindowSummary(
        start=result.meta.start, end=result.meta.end, ids=ids, tie_source=src, tie_target=dst,
        tie_strength=np.asarray(tt.column("strength")),
        tie_bridge=tt.column("bridge") | tt.column("local_bridge"),
        ei={u.id: u.ei_index for u in result.units},
        brokers=top_brokers(cross, active, settings.broker_top_share),
        strength={p.id: p.strength for p in result.people},
    )


@paused_gc()
def summarize_window(tg: TieGraph, settings: AnalysisSettings | None = None) -> WindowSummary:
    """The comparison's view of a window, without analysing it in full.

    Same functions and settings as :func:`relgraph.analysis.analyze.analyze` for each
    figure read (neighbourhood overlap and Tarjan bridges, E-I without the permutation
    test, Gould-Fernandez roles), so
    ``compare(summarize_window(tg), current)`` equals ``compare(analyze(tg), current)``.
    """
    from relgraph.analysis import brokers, silos
    from relgraph.analysis.weakties import bridge_mask, common_neighbours

    s = settings or AnalysisSettings()
    # from the tie arrays: no NetworkX graph is built for the earlier window (issue 14)
    e = tg.engine()
    ids = np.array([str(v) for v in e.nodes], dtype=object)
    flag = np.zeros(e.m, dtype=bool)
    if e.m:
        local = common_neighbours(e) == 0
        flag = local | bridge_mask(e) if local.any() else local
    src, dst = _oriented(ids, np.asarray(e.rows, dtype=np.int64), np.asarray(e.cols, dtype=np.int64))
    ei = {u.id: u.ei_index for u in silos.unit_metrics(tg.people_graph(), permutations=0,
                                                        engine=e)}
    roles = brokers.brokerage_role_counts(tg.nodes, tg.column("unit"), tg.directed_adjacency())
    cross = {str(p): sum(int(r.get(k, 0)) for k in CROSS_UNIT_ROLES) for p, r in roles.items()}
    active = int(np.count_nonzero(e.degrees))
    strength = dict(zip(tg.nodes, tg.node_strength().tolist(), strict=True))
    return WindowSummary(start=tg.start, end=tg.end, ids=ids, tie_source=src, tie_target=dst,
                         tie_strength=np.asarray(e.strengths, dtype=np.float64),
                         tie_bridge=flag, ei=ei,
                         brokers=top_brokers(cross, active, s.broker_top_share),
                         strength=strength)
