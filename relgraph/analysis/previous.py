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

TieKey = tuple[str, str]


@dataclass
class WindowSummary:
    """What the comparison reads from one window.

    Attributes
    ----------
    start, end : int or None
        The window.
    ties : dict
        ``(source, target)`` (``source < target``) -> ``(strength, is_bridge)``, where
        ``is_bridge`` means a bridge or a local bridge (Granovetter 1973).
    ei : dict
        Unit id -> binary E-I index (None for a unit without ties).
    brokers : set
        The broker set (see :func:`top_brokers`).
    strength : dict
        Person -> sum of tie strengths (every person of the window).
    """

    start: int | None
    end: int
    ties: dict[TieKey, tuple[float, bool]] = field(default_factory=dict)
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


@paused_gc()
def summarize(result: AnalysisResult, settings: AnalysisSettings) -> WindowSummary:
    """The comparison's view of a full analysis."""
    ties = {}
    tt = result.ties  # read as columns: no model per tie
    flag = tt.column("bridge") | tt.column("local_bridge")
    for a, b, st, f in zip(tt.column("source").tolist(), tt.column("target").tolist(),
                           tt.column("strength").tolist(), flag.tolist(), strict=True):
        ties[(a, b) if a <= b else (b, a)] = (st, f)
    cross = {b.id: sum(int(b.roles.get(r, 0)) for r in CROSS_UNIT_ROLES) for b in result.brokers}
    active = sum(1 for p in result.people if not p.isolated)
    return WindowSummary(
        start=result.meta.start, end=result.meta.end, ties=ties,
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
    ids = [str(v) for v in e.nodes]
    ties: dict[TieKey, tuple[float, bool]] = {}
    if e.m:
        local = common_neighbours(e) == 0
        flag = local | bridge_mask(e) if local.any() else local
        for i, j, st, f in zip(e.rows.tolist(), e.cols.tolist(), e.strengths.tolist(),
                               flag.tolist(), strict=True):
            a, b = ids[i], ids[j]
            ties[(a, b) if a <= b else (b, a)] = (st, f)
    ei = {u.id: u.ei_index for u in silos.unit_metrics(tg.people_graph(), permutations=0,
                                                        engine=e)}
    roles = brokers.brokerage_role_counts(tg.nodes, tg.column("unit"), tg.directed_adjacency())
    cross = {str(p): sum(int(r.get(k, 0)) for k in CROSS_UNIT_ROLES) for p, r in roles.items()}
    active = int(np.count_nonzero(e.degrees))
    strength = dict(zip(tg.nodes, tg.node_strength().tolist(), strict=True))
    return WindowSummary(start=tg.start, end=tg.end, ties=ties, ei=ei,
                         brokers=top_brokers(cross, active, s.broker_top_share),
                         strength=strength)
