"""Change between two analysis windows: ties, bridges, E-I drift and brokers.

:func:`compare` works on two computed :class:`AnalysisResult` objects (e.g. the
last saved audit and this one) and never recomputes a metric: every figure it
reports is read from the two results.
"""

from __future__ import annotations

import math

from relgraph.analysis.previous import CROSS_UNIT_ROLES, WindowSummary, summarize
from relgraph.analysis.result import AnalysisResult, Changes, TieChange, UnitDrift
from relgraph.settings import AnalysisSettings

__all__ = ["CROSS_UNIT_ROLES", "broker_set", "compare"]


def _change(before: float, after: float) -> float:
    if before > 0:
        return (after - before) / before
    return math.inf if after > 0 else 0.0


def _tc(k: tuple[str, str], before: float, after: float) -> TieChange:
    return TieChange(source=k[0], target=k[1], before=before, after=after,
                     change=_change(before, after))


def broker_set(result: AnalysisResult, settings: AnalysisSettings) -> set[str]:
    """The people counted as brokers in one result.

    People with cross-unit brokerage (gatekeeper + representative + consultant +
    liaison > 0), ranked by it; the top ``settings.broker_top_share`` of the window's
    people with ties (at least one person), plus everyone tied with the last of them.
    See :func:`relgraph.analysis.previous.top_brokers`.
    """
    return summarize(result, settings).brokers


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
          (``change`` = inf for new, -1 for lost), strongest first;
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
    before = {k: v[0] for k, v in prev.ties.items()}
    after = {k: v[0] for k, v in cur.ties.items()}
    th = settings.tie_change_threshold
    new = [_tc(k, 0.0, after[k]) for k in sorted(after.keys() - before.keys())]
    lost = [_tc(k, before[k], 0.0) for k in sorted(before.keys() - after.keys())]
    up: list[TieChange] = []
    down: list[TieChange] = []
    for k in sorted(after.keys() & before.keys()):
        c = _tc(k, before[k], after[k])
        if c.change > th:
            up.append(c)
        elif c.change < -th:
            down.append(c)
    new.sort(key=lambda c: (-c.after, c.source, c.target))
    lost.sort(key=lambda c: (-c.before, c.source, c.target))
    up.sort(key=lambda c: (c.before - c.after, c.source, c.target))     # biggest gain first
    down.sort(key=lambda c: (c.after - c.before, c.source, c.target))   # biggest loss first

    gained: list[TieChange] = []
    gone: list[TieChange] = []
    for k in sorted(after.keys() | before.keys()):
        was = k in prev.ties and prev.ties[k][1]
        now = k in cur.ties and cur.ties[k][1]
        if was == now:
            continue
        (gained if now else gone).append(_tc(k, before.get(k, 0.0), after.get(k, 0.0)))

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
