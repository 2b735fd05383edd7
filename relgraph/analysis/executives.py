"""Disconnected executives: how well the C-suite is tied to IT and IT leaders to the C-suite.

Who counts (see :class:`relgraph.settings.AnalysisSettings`):

* C-suite: people whose level is in ``csuite_levels`` (default ``executive``)
  outside vendor units;
* IT leaders: people in IT units whose level is in ``it_leader_levels``
  (default executives and directors; the CIO is both).

Business executives are judged by their ties to IT, the CIO and IT leaders by
their ties to the C-suite. The score is a documented, explainable heuristic (no
published scale exists); every component appears in the plain-language
explanation.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np

from relgraph.analysis.result import ExecutiveMetrics
from relgraph.settings import AnalysisSettings

if TYPE_CHECKING:
    from relgraph.graph import TieGraph

W_PRIMARY = 0.6
"""Score weight of the missing ties to IT (business) or to the C-suite (IT)."""
W_REACH = 0.2
"""Score weight of reaching few other units."""
W_DROP = 0.2
"""Score weight of the fall in tie strength vs the previous window."""


def is_csuite(attrs: dict, settings: AnalysisSettings) -> bool:
    """C-suite: level in ``settings.csuite_levels`` and not in a vendor unit."""
    return attrs.get("level") in settings.csuite_levels and attrs.get("unit_kind") != "vendor"


def is_it_leader(attrs: dict, settings: AnalysisSettings) -> bool:
    """IT leader: in an IT unit with level in ``settings.it_leader_levels``."""
    return attrs.get("unit_kind") == "it" and attrs.get("level") in settings.it_leader_levels


def _strength(g: nx.Graph | Mapping[Any, float] | None, x: str) -> float | None:
    if g is None or x not in g:
        return None
    if not isinstance(g, nx.Graph):  # the previous window's strengths, already summed
        return g[x]
    return float(sum(d.get("strength", 1.0) for d in g[x].values()))


def _contact_book(tg: TieGraph, people: set[Hashable]) -> dict[Hashable, list[tuple[Hashable, float]]]:
    """Each of ``people``'s contacts and tie strengths, read from the tie arrays in the
    order ``tg.graph[x]`` lists them (:meth:`TieGraph.incidence`), so that sums equal
    the previous window's :meth:`TieGraph.node_strength` to the last bit."""
    ends, others, ws = tg.incidence()
    idx = [i for i, v in enumerate(tg.nodes) if v in people]
    sel = np.isin(ends, np.asarray(idx, dtype=ends.dtype))
    book: dict[Hashable, list[tuple[Hashable, float]]] = {tg.nodes[i]: [] for i in idx}
    for a, b, w in zip(ends[sel].tolist(), others[sel].tolist(), ws[sel].tolist(), strict=True):
        book[tg.nodes[a]].append((tg.nodes[b], float(w)))
    return book


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def executive_metrics(
    g: nx.Graph, previous: nx.Graph | Mapping[Any, float] | None, settings: AnalysisSettings,
    *, tie_graph: TieGraph | None = None,
) -> list[ExecutiveMetrics]:
    """Connection figures and a disconnection score for every executive and IT leader.

    Parameters
    ----------
    g : networkx.Graph
        Undirected tie graph of the window (edge attribute ``strength``).
    previous : networkx.Graph, mapping or None
        Tie graph of the previous window (or its people's strengths,
        :attr:`relgraph.analysis.previous.WindowSummary.strength`), for the change
        in strength.
    settings : AnalysisSettings
        Who counts (``csuite_levels``, ``it_leader_levels``) and the thresholds
        ``executive_min_ties``, ``executive_min_units``, ``executive_drop``.
    tie_graph : TieGraph, optional
        The window's :class:`~relgraph.graph.TieGraph`: each executive's contacts are
        read from its arrays, and ``g`` only gives the people's attributes (a graph
        without ties will do).

    Returns
    -------
    list of ExecutiveMetrics
        Ordered by score (descending), then id. ``role`` is ``it`` for people in
        IT units, else ``business``. ``ties_to_it``: contacts in IT units;
        ``ties_to_csuite``: other C-suite contacts; ``units_reached``: distinct
        units other than the person's own; ``strength_change`` =
        (strength - previous) / previous (None without a previous window or
        previous strength 0).

    Notes
    -----
    Score (0 = well connected, 1 = disconnected)::

        primary = ties_to_it (business) or ties_to_csuite (IT)
        d_primary = max(0, 1 - primary / executive_min_ties)
        d_reach   = max(0, 1 - units_reached / executive_min_units)
        d_drop    = min(1, max(0, -strength_change) / executive_drop)   (0 if unknown)
        score     = 0.6 d_primary + 0.2 d_reach + 0.2 d_drop, and 1 if isolated

    A heuristic of this project (weights :data:`W_PRIMARY`, :data:`W_REACH`,
    :data:`W_DROP`), not a published index.

    References
    ----------
    Reich B.H., Benbasat I. (2000). Factors that influence the social dimension of
    alignment between business and information technology objectives. MIS Quarterly
    24(1): 81-113 (communication between business and IT executives as a driver of
    alignment). The score itself is defined here.
    """
    out: list[ExecutiveMetrics] = []
    min_ties = settings.executive_min_ties
    min_units = settings.executive_min_units
    chosen = [x for x in sorted(g.nodes)
              if is_csuite(g.nodes[x], settings) or is_it_leader(g.nodes[x], settings)]
    book = _contact_book(tie_graph, set(chosen)) if tie_graph is not None else None
    for x in chosen:
        a = g.nodes[x]
        role = "it" if a.get("unit_kind") == "it" else "business"
        own = a.get("unit")
        ties_it = ties_cs = 0
        s_it = s_cs = strength = 0.0
        units: set[str] = set()
        contacts = (book[x] if book is not None
                    else [(y, float(d.get("strength", 1.0))) for y, d in g[x].items()])
        for y, w in contacts:
            b = g.nodes[y]
            strength += w
            if b.get("unit_kind") == "it":
                ties_it += 1
                s_it += w
            if is_csuite(b, settings):
                ties_cs += 1
                s_cs += w
            if b.get("unit") != own:
                units.add(str(b.get("unit")))
        before = _strength(previous, x)
        change = (strength - before) / before if before else None
        isolated = not contacts
        primary = ties_it if role == "business" else ties_cs
        d_primary = max(0.0, 1.0 - primary / min_ties)
        d_reach = max(0.0, 1.0 - len(units) / min_units)
        d_drop = 0.0 if change is None else min(1.0, max(0.0, -change) / settings.executive_drop)
        score = 1.0 if isolated else W_PRIMARY * d_primary + W_REACH * d_reach + W_DROP * d_drop
        out.append(ExecutiveMetrics(
            id=x, name=str(a.get("name", x)), title=str(a.get("title", "")), unit=str(own),
            role=role, ties_to_it=ties_it, strength_to_it=s_it, ties_to_csuite=ties_cs,
            strength_to_csuite=s_cs, units_reached=len(units), strength=strength,
            previous_strength=before, strength_change=change, isolated=isolated,
            score=score,
            explanation=_explain(role, isolated, primary, len(units), change, before, settings),
        ))
    out.sort(key=lambda e: (-e.score, e.id))
    return out


def _explain(role: str, isolated: bool, primary: int, units: int, change: float | None,
             before: float | None, settings: AnalysisSettings) -> str:
    target = "IT" if role == "business" else "the C-suite"
    if isolated:
        text = "No ties at all in this window"
        if before:
            text += " (had ties in the previous window)"
        return text + "."
    problems: list[str] = []
    good: list[str] = []
    if primary < settings.executive_min_ties:
        what = "no ties" if primary == 0 else f"only {_plural(primary, 'tie')}"
        problems.append(f"{what} to {target} (expected at least {settings.executive_min_ties})")
    else:
        good.append(f"{_plural(primary, 'tie')} to {target}")
    if units < settings.executive_min_units:
        reach = "reaches no other unit" if units == 0 else f"reaches only {_plural(units, 'other unit')}"
        problems.append(f"{reach} (expected at least {settings.executive_min_units})")
    else:
        good.append(f"reaches {_plural(units, 'other unit')}")
    if change is not None:
        pct = round(abs(change) * 100)
        if change < 0 and -change >= settings.executive_drop / 2:
            problems.append(f"tie strength fell {pct}% vs the previous window")
        elif change < 0:
            good.append(f"tie strength down {pct}% vs the previous window")
        else:
            good.append(f"tie strength up {pct}% vs the previous window")
    if not problems:
        return "Well connected: " + ", ".join(good) + "."
    text = "; ".join(problems)
    text = text[0].upper() + text[1:]
    if good:
        text += ". Otherwise: " + ", ".join(good)
    return text + "."
