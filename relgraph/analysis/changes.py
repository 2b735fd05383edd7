"""Change between two analysis windows: ties, bridges, E-I drift and brokers.

:func:`compare` works on two computed :class:`AnalysisResult` objects (e.g. the
last saved audit and this one) and never recomputes a metric: every figure it
reports is read from the two results.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from relgraph.analysis.previous import CROSS_UNIT_ROLES, WindowSummary, summarize
from relgraph.analysis.result import (
    AnalysisResult,
    Changes,
    TieChangeTable,
    UnitDrift,
)
from relgraph.bulk import paused_gc
from relgraph.errors import UsageError
from relgraph.settings import AnalysisSettings

__all__ = ["CHANGE_KINDS", "CROSS_UNIT_ROLES", "broker_set", "change_rows", "compare"]


def _change_table(keys: np.ndarray, labels: list[str], n: int, before: np.ndarray,
             after: np.ndarray) -> TieChangeTable:
    """Tie changes of pairs keyed ``rank(source) * n + rank(target)`` (ranks into
    ``labels``), in the given order. ``change`` is ``(after - before) / before``; for a
    tie that did not exist before (``before`` 0) it is None and ``new`` is True."""
    had = before > 0
    change = np.divide(after - before, before, out=np.zeros(len(keys)), where=had)
    none = ~had & (after > 0)
    return TieChangeTable(labels, {  # type: ignore[return-value]
        "source": keys // n, "target": keys % n, "before": before, "after": after,
        "change": change, "new": none}, none={"change": none})


def _ranked(w: WindowSummary, rank: dict[str, int], n: int
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each tie of a window as one integer, ``rank(source) * n + rank(target)``, with its
    strength and bridge flag; a pair given more than once keeps its last row."""
    r = np.fromiter((rank[x] for x in w.ids), dtype=np.int64, count=len(w.ids))
    if not len(w.tie_source):
        return np.zeros(0, np.int64), np.zeros(0), np.zeros(0, dtype=bool)
    keys = r[w.tie_source] * n + r[w.tie_target]
    _, first_from_end = np.unique(keys[::-1], return_index=True)
    keep = len(keys) - 1 - first_from_end  # each key's last row
    return keys[keep], np.asarray(w.tie_strength)[keep], np.asarray(w.tie_bridge)[keep]


def broker_set(result: AnalysisResult, settings: AnalysisSettings) -> set[str]:
    """The people counted as brokers in one result.

    People with cross-unit brokerage (gatekeeper + representative + consultant +
    liaison > 0), ranked by it; the top ``settings.broker_top_share`` of the window's
    people with ties (at least one person), plus everyone tied with the last of them.
    See :func:`relgraph.analysis.previous.top_brokers`.
    """
    return summarize(result, settings).brokers


@paused_gc()
def compare(previous: AnalysisResult | WindowSummary, current: AnalysisResult,
            settings: AnalysisSettings) -> Changes:
    """Differences between a previous window's analysis and the current one.

    Parameters
    ----------
    previous : AnalysisResult or WindowSummary
        The earlier window: a full analysis, or only what the comparison reads
        (:func:`relgraph.analysis.previous.summarize_window`, much cheaper); both
        give the same changes.
    current : AnalysisResult
        The analysed window (usually ending where ``previous`` ends plus the window
        step).
    settings : AnalysisSettings
        ``tie_change_threshold`` (relative strength change for strengthened /
        weakened ties) and ``broker_top_share`` (who counts as a broker, see
        :func:`broker_set`).

    Returns
    -------
    Changes
        * ``new_ties`` / ``lost_ties``: ties present in only one window
          (``change`` = None and ``new`` = True for new ties, -1 for lost), strongest first;
        * ``strengthened`` / ``weakened``: ties in both windows whose relative
          change ``(after - before) / before`` is above the threshold /
          below minus the threshold, the largest absolute change in strength first
          (a key relationship that faded before a tiny tie that vanished);
        * ``bridges_gained`` / ``bridges_lost``: ties that are a bridge or a
          local bridge (Granovetter 1973) now but were not (or did not exist)
          before, and the reverse; ordered by (source, target);
        * ``ei_drift``: per unit (in either window, by id) the binary E-I index
          before and after and ``delta = after - before``;
        * ``brokers_appeared`` / ``brokers_disappeared``: people entering /
          leaving the broker set (sorted ids).

    References
    ----------
    Granovetter M.S. (1973). The strength of weak ties. American Journal of
    Sociology 78(6): 1360-1380 (local bridges). Krackhardt D., Stern R.N. (1988),
    Social Psychology Quarterly 51(2): 123-140 (E-I index).
    """
    prev = previous if isinstance(previous, WindowSummary) else summarize(previous, settings)
    cur = summarize(current, settings)
    th = settings.tie_change_threshold
    # Ties are joined as integers: ids ranked in string order, a tie keyed
    # rank(source) * n + rank(target), so that ordering by key orders by (source, target).
    # The reported ties are held as columns (at 20,000 people about a million changes:
    # issue 14); a TieChange model is made only for a row that is read.
    labels = sorted(set(prev.ids.tolist()) | set(cur.ids.tolist()))
    n = max(len(labels), 1)
    rank = {x: i for i, x in enumerate(labels)}
    kb, sb, bb = _ranked(prev, rank, n)
    ka, sa, ba = _ranked(cur, rank, n)
    _, ib, ia = np.intersect1d(kb, ka, assume_unique=True, return_indices=True)
    only_a = np.ones(len(ka), dtype=bool)
    only_a[ia] = False
    only_b = np.ones(len(kb), dtype=bool)
    only_b[ib] = False

    def table(keys: np.ndarray, b: np.ndarray, a: np.ndarray, size: np.ndarray | None) -> TieChangeTable:
        # by ``size`` (ascending), then (source, target); by (source, target) without
        order = np.argsort(keys, kind="stable") if size is None else np.lexsort((keys, size))
        return _change_table(keys[order], labels, n, b[order], a[order])

    k, a = ka[only_a], sa[only_a]
    new = table(k, np.zeros(len(k)), a, -a)                       # strongest first
    k, b = kb[only_b], sb[only_b]
    lost = table(k, b, np.zeros(len(k)), -b)
    b, a, k = sb[ib], sa[ia], kb[ib]
    ok = b > 0  # always: a stored tie has a positive strength
    rel = np.divide(a - b, b, out=np.zeros(len(b)), where=ok)
    u = ok & (rel > th)
    up = table(k[u], b[u], a[u], (b - a)[u])                       # biggest gain first
    d = ok & (rel < -th)
    down = table(k[d], b[d], a[d], (a - b)[d])                     # biggest loss first
    # a bridge (or local bridge) in exactly one window: by (source, target)
    flips = np.setxor1d(kb[bb], ka[ba])
    fb, fa = np.zeros(len(flips)), np.zeros(len(flips))
    for keys, strength, out in ((kb, sb, fb), (ka, sa, fa)):  # strength, 0 where absent
        _, i_f, i_k = np.intersect1d(flips, keys, assume_unique=True, return_indices=True)
        out[i_f] = strength[i_k]
    now = np.isin(flips, ka[ba], assume_unique=True)
    gained = table(flips[now], fb[now], fa[now], None)
    gone = table(flips[~now], fb[~now], fa[~now], None)

    ub, ua = prev.ei, cur.ei
    drift = []
    for uid in sorted(ub.keys() | ua.keys()):
        x, y = ub.get(uid), ua.get(uid)
        drift.append(UnitDrift(unit=uid, before=x, after=y,
                               delta=None if x is None or y is None else y - x))

    pb, pa = prev.brokers, cur.brokers
    return Changes(
        previous_start=prev.start, previous_end=prev.end,
        new_ties=new, lost_ties=lost, strengthened=up, weakened=down,
        bridges_gained=gained, bridges_lost=gone, ei_drift=drift,
        brokers_appeared=sorted(pa - pb), brokers_disappeared=sorted(pb - pa),
    )


# --- the changes as rows (``relgraph analyze --section changes``) ---------------------------
CHANGE_KINDS = ("ei_drift", "brokers_appeared", "brokers_disappeared", "bridges_lost",
                "bridges_gained", "lost_ties", "weakened", "new_ties", "strengthened")
"""Kinds of change rows (see :func:`change_rows`)."""


def change_rows(
    result: AnalysisResult,
    *,
    kinds: Iterable[str] | None = None,
    unit: str | None = None,
    person: str | None = None,
) -> list[dict[str, Any]]:
    """The ``changes`` section as rows, most important first, optionally filtered.

    Every row has ``kind`` (one of :data:`CHANGE_KINDS`), ``source`` / ``target`` with
    their names (``source_name``, ``target_name``; for ``ei_drift`` the source is the
    unit, for broker rows the person), ``before``, ``after``, ``change`` (relative for
    ties, the E-I delta for units; None when undefined, e.g. for a new tie, which has
    ``new`` = True), ``leader`` (a C-suite member or IT leader, i.e. a person of the
    ``executives`` section, is involved) and ``it_business`` (a tie between IT and the
    business).

    Order: rows involving a leader first, then IT-business ties, E-I drifts of at
    least 0.1 and broker changes, then the rest. Within a tier the unit and broker rows
    come first (E-I drifts by size, then brokers appearing and disappearing), then the
    tie rows by size (absolute change in strength, whatever their kind), then ids.

    Parameters
    ----------
    result : AnalysisResult
        An analysis with ``changes`` (None: no rows).
    kinds : iterable of str, optional
        Keep only these kinds.
    unit : str, optional
        Keep rows about this unit: ties with an end in it, its E-I drift, its brokers.
    person : str, optional
        Keep rows about this person: their ties and broker changes.
    """
    ch = result.changes
    if ch is None:
        return []
    wanted = set(kinds) if kinds is not None else set(CHANGE_KINDS)
    unknown = wanted - set(CHANGE_KINDS)
    if unknown:
        raise UsageError(f"unknown change kind(s) {', '.join(sorted(unknown))}; choose from "
                         + ", ".join(CHANGE_KINDS))
    people = {p.id: p for p in result.people}
    unit_names = {u.id: u.name for u in result.units}
    leaders = {e.id for e in result.executives}

    def name(pid: str) -> str:
        p = people.get(pid)
        return p.name if p is not None else ""

    def unit_of(pid: str) -> str | None:
        p = people.get(pid)
        return p.unit if p is not None else None

    rows: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    order = {k: i for i, k in enumerate(CHANGE_KINDS)}
    for kind in ("new_ties", "lost_ties", "strengthened", "weakened", "bridges_gained",
                 "bridges_lost"):
        if kind not in wanted:
            continue
        for t in getattr(ch, kind):
            if person is not None and person not in (t.source, t.target):
                continue
            if unit is not None and unit not in (unit_of(t.source), unit_of(t.target)):
                continue
            kinds_ = {people[x].unit_kind for x in (t.source, t.target) if x in people}
            lead = t.source in leaders or t.target in leaders
            itb = kinds_ == {"it", "business"}
            tier = 0 if lead else 1 if itb else 2
            rows.append(((tier, 1, 0, -abs(t.after - t.before), t.source, t.target), {
                "kind": kind, "source": t.source, "source_name": name(t.source),
                "target": t.target, "target_name": name(t.target), "before": t.before,
                "after": t.after, "change": t.change, "new": t.new, "leader": lead,
                "it_business": itb,
            }))
    if "ei_drift" in wanted and person is None:
        for d in ch.ei_drift:
            if unit is not None and d.unit != unit:
                continue
            size = abs(d.delta) if d.delta is not None else 0.0
            tier = 1 if size >= 0.1 else 2
            rows.append(((tier, 0, order["ei_drift"], -size, d.unit, ""), {
                "kind": "ei_drift", "source": d.unit, "source_name": unit_names.get(d.unit, ""),
                "target": "", "target_name": "", "before": d.before, "after": d.after,
                "change": d.delta, "new": d.before is None and d.after is not None,
                "leader": False, "it_business": False,
            }))
    for kind in ("brokers_appeared", "brokers_disappeared"):
        if kind not in wanted:
            continue
        for pid in getattr(ch, kind):
            if person is not None and pid != person:
                continue
            if unit is not None and unit_of(pid) != unit:
                continue
            lead = pid in leaders
            rows.append(((0 if lead else 1, 0, order[kind], 0.0, pid, ""), {
                "kind": kind, "source": pid, "source_name": name(pid), "target": "",
                "target_name": "", "before": None, "after": None, "change": None,
                "new": kind == "brokers_appeared", "leader": lead, "it_business": False,
            }))
    rows.sort(key=lambda r: r[0])
    return [r for _, r in rows]
