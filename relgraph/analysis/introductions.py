"""Warm-introduction paths: who in IT is best placed to (re)build a relationship, and through whom.

For a stakeholder (one person, or the leaders of a unit) and a set of *sources* (IT
leaders, relationship managers, planned owners), the candidate paths are the simple
paths ``source - [x - [y -]] stakeholder`` with at most two intermediaries. A path is
as warm as its **weakest tie** (a bottleneck, or widest-path, criterion: an
introduction is only as good as the weakest acquaintance along it). Tie strength
already decays with the age of each interaction (half-life), so the weakest link
measures how strong *and how recent* the coldest step is.

Each source appears once, with its **shortest** path (someone who already knows the
stakeholder needs no introduction, however weak the tie; someone one handshake away
needs no second one), and among its shortest paths the one with the strongest weakest
tie. Ranking: first the sources who already know the stakeholder, strongest tie first
(they are best placed to rebuild the relationship themselves); then the introduction
paths by their weakest tie (strongest first), then fewer intermediaries, then the sum
of the path's tie strengths; then the people's ids (deterministic). Intermediaries are
never sources themselves (that source would be better placed directly) nor other
people of the stakeholder.

References
----------
Granovetter, M. S. (1973). The strength of weak ties. American Journal of Sociology
78(6), 1360-1380 (introductions travel through acquaintances).
Pollack, M. (1960). The maximum capacity through a network. Operations Research 8(5),
733-736 (the widest / bottleneck path).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

import networkx as nx
from pydantic import BaseModel, Field


class IntroPath(BaseModel):
    """One suggested path from an IT person to a stakeholder."""

    source: str = Field(description="the IT person best placed")
    target: str = Field(description="the stakeholder person reached")
    intermediaries: list[str] = Field(default_factory=list, description="in order, from source")
    strengths: list[float] = Field(description="tie strengths along the path")
    weakest: float
    total: float

    @property
    def hops(self) -> int:
        return len(self.strengths)

    @property
    def people(self) -> list[str]:
        return [self.source, *self.intermediaries, self.target]


def _key(p: IntroPath) -> tuple:
    return (bool(p.intermediaries), -p.weakest, len(p.intermediaries), -p.total, p.people)


def introduction_paths(
    g: nx.Graph,
    sources: Iterable[str],
    targets: Collection[str],
    *,
    max_intermediaries: int = 2,
    top: int = 3,
    weight: str = "strength",
    cache: dict | None = None,
) -> list[IntroPath]:
    """The best introduction path of each source, best ``top`` sources first.

    Parameters
    ----------
    g : networkx.Graph
        Undirected tie graph (edge attribute ``weight``, higher = stronger).
    sources : iterable of str
        People who could build the relationship (those not in ``g`` are ignored).
    targets : collection of str
        The stakeholder's people; a path ends at the first of them it reaches.
    max_intermediaries : int
        0, 1 or 2.
    top : int
        How many sources to return.
    cache : dict, optional
        Reused across calls on the same graph and sources (sorted neighbour lists and
        each node's adjacent sources); pass the same dict to amortise them.

    Returns
    -------
    list of IntroPath
        Ranked as in the module docstring. Empty when no source is within reach.

    Notes
    -----
    Exact, level by level (direct ties, then one, then two intermediaries). The last
    step to a source is looked up in a precomputed table of each node's adjacent
    sources (strongest first), so a stakeholder costs about deg(t) x deg(y) steps; and
    branches are pruned as soon as their weakest tie falls below the ``top``-th best
    introduction found (ties on the weakest link are still explored, so tie-breaking
    stays exact).
    """
    if not 0 <= max_intermediaries <= 2:
        raise ValueError("max_intermediaries must be 0, 1 or 2")
    tset = {t for t in targets if t in g}
    src_all = frozenset(s for s in sources if s in g)
    src = src_all - tset
    if not tset or not src or top <= 0:
        return []
    cache = {} if cache is None else cache
    adj: dict[str, list[tuple[float, str]]] = cache.setdefault("adj", {})
    key = ("src_adj", src_all)
    if key not in cache:
        table: dict[str, list[tuple[float, str]]] = {}
        for s0 in src_all:
            for u, d in g[s0].items():
                if u != s0:
                    table.setdefault(u, []).append((float(d.get(weight, 0.0)), s0))
        for lst in table.values():
            lst.sort(key=lambda x: (-x[0], x[1]))
        cache[key] = table
    src_adj: dict[str, list[tuple[float, str]]] = cache[key]

    def nbrs(v: str) -> list[tuple[float, str]]:
        got = adj.get(v)
        if got is None:
            got = sorted(((float(d.get(weight, 0.0)), u) for u, d in g[v].items() if u != v),
                         key=lambda x: (-x[0], x[1]))
            adj[v] = got
        return got

    def w(a: str, b: str) -> float:
        return float(g.edges[a, b].get(weight, 0.0))

    found: dict[str, IntroPath] = {}   # every source's best path so far (all levels)
    done: set[str] = set()             # sources found at an earlier (shorter) level
    state = {"bar": float("-inf"), "dirty": False}

    def bar() -> float:
        if state["dirty"]:
            direct = sum(1 for p in found.values() if not p.intermediaries)
            room = top - direct
            if room <= 0:
                state["bar"] = float("inf")
            else:
                via = sorted((p.weakest for p in found.values() if p.intermediaries), reverse=True)
                state["bar"] = via[room - 1] if len(via) >= room else float("-inf")
            state["dirty"] = False
        return state["bar"]

    def offer(path: list[str]) -> None:
        if path[0] in done:
            return
        ws = [w(a, b) for a, b in zip(path, path[1:], strict=False)]
        p = IntroPath(source=path[0], target=path[-1], intermediaries=path[1:-1],
                      strengths=ws, weakest=min(ws), total=sum(ws))
        cur = found.get(p.source)
        if cur is None or _key(p) < _key(cur):
            found[p.source] = p
            state["dirty"] = True

    blocked = src | tset
    targets_sorted = sorted(tset)
    # level 0: direct ties (every source that knows the stakeholder)
    for t in targets_sorted:
        for _wt, s0 in src_adj.get(t, ()):
            if s0 in src:
                offer([s0, t])
    done |= set(found)
    # level 1: one intermediary, for sources without a direct tie
    if max_intermediaries >= 1:
        for t in targets_sorted:
            for wt, y in nbrs(t):
                if wt < bar():
                    break
                if y in blocked:
                    continue
                for wy, s0 in src_adj.get(y, ()):
                    if min(wt, wy) < bar():
                        break
                    if s0 in src:
                        offer([s0, y, t])
        done |= set(found)
    # level 2: two intermediaries, for sources still without a path
    if max_intermediaries >= 2:
        for t in targets_sorted:
            for wt, y in nbrs(t):
                if wt < bar():
                    break
                if y in blocked:
                    continue
                for wy, x in nbrs(y):
                    b2 = min(wt, wy)
                    if b2 < bar():
                        break
                    if x in blocked:
                        continue
                    for wx, s0 in src_adj.get(x, ()):
                        if min(b2, wx) < bar():
                            break
                        if s0 in src and s0 != y:
                            offer([s0, x, y, t])
    ranked = sorted(found.values(), key=_key)
    return ranked[:top]
