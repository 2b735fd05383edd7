"""Centrality of every person in the tie graph.

Metrics (all on the undirected tie graph; isolates get zeros):

* degree: distinct contacts; strength: sum of tie strengths (Barrat et al. 2004),
* betweenness, weighted (tie length ``1 / strength``) and unweighted (hops),
  normalised like NetworkX (divided by ``(n-1)(n-2)/2``),
* harmonic closeness in hops, normalised by ``n - 1`` (works on disconnected graphs),
* weighted PageRank (alpha 0.85, isolates' mass spread uniformly, as NetworkX),
* articulation points (cut vertices).

Betweenness and closeness come from compiled shortest-path passes, one per source
(:mod:`relgraph.analysis.paths`): a breadth-first pass gives unweighted betweenness
and harmonic closeness together, a Dijkstra pass weighted betweenness. Each pass is
exact while its work (sources x tie ends) fits its budget
(:class:`~relgraph.settings.AnalysisSettings` ``hop_pass_budget`` /
``weighted_pass_budget``); above it, as many sources as the budget allows are drawn
at random (Brandes & Pich 2007), so time grows with size up to the budget and then
stays flat: there is no cliff. :class:`Centrality` records which method ran, how
many sources it used and a split-half check of the ranking it produced.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import scipy.sparse as sp

from relgraph.analysis import paths
from relgraph.analysis.engine import Engine

HOP_PASS_BUDGET = 25_000_000_000
"""Default work of an exact breadth-first pass: sources x tie ends (``n * 2m``). Covers the
20,000-person benchmark org (2.3e10): sampled sources did not keep the ranking (top-100
Spearman 0.73-0.92 with 10-40% of the sources on the 5,000-person org; docs/analysis.md),
so relgraph computes exactly as far as it can."""
WEIGHTED_PASS_BUDGET = 25_000_000_000
"""Default work of an exact Dijkstra pass (see :data:`HOP_PASS_BUDGET`)."""
FORCED_SHARE = 0.1
"""Share of the people used as sources when sampling is forced on a graph whose exact
pass would fit the budget (for benchmarks and tests)."""
CLOSENESS_REFINE = 1000
"""After sampling, the people with the highest estimated closeness whose closeness is
recomputed exactly (one breadth-first search each)."""


@dataclass
class Centrality:
    """Per-node centrality values (``{node: value}``) plus how they were computed."""

    degree: dict[Hashable, int]
    strength: dict[Hashable, float]
    betweenness: dict[Hashable, float]
    betweenness_unweighted: dict[Hashable, float]
    harmonic_closeness: dict[Hashable, float]
    pagerank: dict[Hashable, float]
    articulation_points: set[Hashable]
    approximations: list[str] = field(default_factory=list)
    engines: dict[str, str] = field(default_factory=dict)


def _engine(g: nx.Graph | Engine, weight: str = "strength") -> Engine:
    return g if isinstance(g, Engine) else Engine(g, weight)


def _betweenness_scale(n: int) -> float:
    """From the sum of dependencies over all sources (each pair counted from both
    ends) to NetworkX's normalised value: ``1 / ((n-1)(n-2))``."""
    return 1.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0


def sources_for(n: int, m: int, budget: float, approximate: bool | None) -> int:
    """How many sources a pass uses: ``n`` (exact) when ``n * 2m <= budget``, else
    ``budget / 2m`` (at least 2). ``approximate=True`` forces sampling
    (:data:`FORCED_SHARE` of the people, within the budget); ``False`` forbids it."""
    if approximate is False or n < 3 or m == 0:
        return n
    k = n if n * 2 * m <= budget else max(2, int(budget // (2 * m)))
    if approximate:
        k = min(k, max(2, math.ceil(FORCED_SHARE * n)))
    return min(k, n)


def sample_sources(n: int, k: int, seed: int) -> np.ndarray:
    """``k`` distinct sources drawn uniformly (seeded), in draw order; all when ``k >= n``."""
    if k >= n:
        return np.arange(n, dtype=np.int64)
    return np.random.default_rng(seed).choice(n, size=k, replace=False).astype(np.int64)


def split_half_agreement(a: np.ndarray, b: np.ndarray, top: int = 100) -> tuple[int, float]:
    """Top-10 overlap and top-``top`` Spearman correlation of two independent estimates.

    The people ranked are the top ``top`` of ``a + b``; a high agreement between the
    two halves of a sample means the combined estimate ranks them reliably.
    """
    both = a + b
    idx = np.argsort(-both, kind="stable")[:top]
    t10 = min(10, len(idx))
    o10 = len(set(np.argsort(-a, kind="stable")[:t10].tolist())
              & set(np.argsort(-b, kind="stable")[:t10].tolist()))
    if len(idx) < 3:
        return o10, 1.0
    ra = _ranks(a[idx])
    rb = _ranks(b[idx])
    if ra.std() == 0 or rb.std() == 0:
        return o10, 1.0
    return o10, float(np.corrcoef(ra, rb)[0, 1])


def _ranks(x: np.ndarray) -> np.ndarray:
    """Average ranks (ties share their mean rank), as in Spearman's rho."""
    order = np.argsort(x, kind="stable")
    ranks = np.empty(len(x))
    ranks[order] = np.arange(len(x), dtype=np.float64)
    _, inv, counts = np.unique(x, return_inverse=True, return_counts=True)
    sums = np.bincount(inv, weights=ranks)
    return sums[inv] / counts[inv]


@dataclass
class PassResult:
    """What one shortest-path pass produced."""

    betweenness: np.ndarray
    closeness: np.ndarray | None
    sources: int
    note: str | None = None
    closeness_note: str | None = None


def _halves(src: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    h = len(src) // 2
    return src[:h], src[h:]


def hop_centrality(e: Engine, sources: int, seed: int = 42, *, betweenness: bool = True,
                   refine: int = CLOSENESS_REFINE) -> PassResult:
    """Unweighted betweenness and harmonic closeness from one breadth-first pass.

    ``sources >= n``: exact (Brandes 2001; the harmonic sum of each source is its
    closeness). Fewer: ``sources`` people drawn uniformly (seeded); betweenness is
    ``n / k`` times their summed dependencies (unbiased; Brandes & Pich 2007) and
    closeness ``n / k`` times their summed ``1/d``, then recomputed exactly (one BFS
    each) for the ``refine`` people with the highest estimates, so the top of the
    closeness ranking is exact unless a person was estimated below all of those.
    """
    n = e.n
    zeros = np.zeros(n)
    if n < 2 or e.m == 0:
        return PassResult(zeros, zeros.copy(), n)
    indptr, indices = e.csr
    if sources >= n:
        dep, harm, _ = paths.hop_pass(indptr, indices, np.arange(n), betweenness)
        return PassResult(np.round(dep * _betweenness_scale(n), 12), harm / (n - 1), n)
    src = sample_sources(n, sources, seed)
    h1, h2 = _halves(src)
    d1, s1, c1 = paths.hop_pass(indptr, indices, h1, betweenness, columns=True, scaled=True)
    d2, s2, c2 = paths.hop_pass(indptr, indices, h2, betweenness, columns=True, scaled=True)
    k = len(src)
    scale = n / k
    note = None
    if betweenness:
        o10, rho = split_half_agreement(d1, d2)
        note = (f"betweenness_unweighted: source sampling (Brandes & Pich 2007), {k:,} of {n:,} "
                f"sources drawn uniformly (seed {seed}); unbiased, no worst-case bound; "
                f"split-half check: top-10 overlap {o10}/10, top-100 Spearman {rho:.3f}")
    est = (c1 + c2) * scale
    est[src] = np.concatenate([s1, s2])  # the sources' own closeness is exact
    exact = np.zeros(n, dtype=bool)
    exact[src] = True
    cand = np.argsort(-est, kind="stable")
    cand = cand[~exact[cand]][:refine]
    if len(cand):
        est[cand] = paths.harmonic_sums(indptr, indices, cand)
    cnote = (f"harmonic_closeness: estimated from the {k:,} sampled sources (unbiased), then "
             f"exact for the {len(cand):,} people with the highest estimates and for the "
             f"sources themselves; the top of the ranking is exact unless someone was "
             f"estimated below all of those")
    bc = np.round((d1 + d2) * 2.0 * scale * _betweenness_scale(n), 12)
    return PassResult(bc, est / (n - 1), k, note, cnote)


def weighted_centrality(e: Engine, sources: int, seed: int = 42) -> PassResult:
    """Weighted betweenness (tie length ``1 / strength``) from one Dijkstra pass.

    Exact when ``sources >= n``; else source sampling as in :func:`hop_centrality`.
    """
    n = e.n
    if n < 3 or e.m == 0:
        return PassResult(np.zeros(n), None, n)
    indptr, indices = e.csr
    if sources >= n:
        dep = paths.weighted_pass(indptr, indices, e.lengths, np.arange(n))
        return PassResult(np.round(dep * _betweenness_scale(n), 12), None, n)
    src = sample_sources(n, sources, seed + 1)  # independent of the hop pass's sample
    h1, h2 = _halves(src)
    d1 = paths.weighted_pass(indptr, indices, e.lengths, h1, scaled=True)
    d2 = paths.weighted_pass(indptr, indices, e.lengths, h2, scaled=True)
    k = len(src)
    o10, rho = split_half_agreement(d1, d2)
    note = (f"betweenness: source sampling (Brandes & Pich 2007), {k:,} of {n:,} sources drawn "
            f"uniformly (seed {seed + 1}); unbiased, no worst-case bound; split-half check: "
            f"top-10 overlap {o10}/10, top-100 Spearman {rho:.3f}")
    return PassResult(np.round((d1 + d2) * 2.0 * (n / k) * _betweenness_scale(n), 12), None, k,
                      note)


def betweenness(
    g: nx.Graph | Engine,
    *,
    weighted: bool = True,
    sources: int | None = None,
    seed: int = 42,
    weight: str = "strength",
) -> dict[Hashable, float]:
    """Normalised betweenness centrality of every node.

    Brandes' algorithm, compiled (:mod:`relgraph.analysis.paths`): on tie lengths
    ``1 / strength`` when ``weighted`` (strong ties are short), else on hops.
    Normalised by the number of pairs not involving the node, ``(n-1)(n-2)/2``, so
    values equal ``networkx.betweenness_centrality(g, weight=..., normalized=True)``
    (rounded to 1e-12).

    With ``sources`` (fewer than the nodes), only that many sources drawn uniformly
    (seeded) are used and their dependencies scaled by ``n / sources``: an unbiased
    estimate (Brandes & Pich 2007).

    Parameters
    ----------
    g : networkx.Graph or Engine
        Undirected tie graph (or its converted engine).
    weighted : bool
        Use tie length ``1 / strength`` instead of hops.
    sources : int, optional
        Sample this many sources instead of using every node.
    seed : int
        Seed of the sample.
    weight : str
        Strength attribute when ``g`` is a NetworkX graph.

    Returns
    -------
    dict
        ``{node: betweenness}`` in ``[0, 1]``.

    References
    ----------
    Freeman, L. C. (1977). A set of measures of centrality based on betweenness.
    Sociometry 40(1), 35-41.
    Brandes, U. (2001). A faster algorithm for betweenness centrality. Journal of
    Mathematical Sociology 25(2), 163-177.
    Brandes, U. & Pich, C. (2007). Centrality estimation in large networks.
    International Journal of Bifurcation and Chaos 17(7), 2303-2318.
    """
    e = _engine(g, weight)
    k = e.n if sources is None else sources
    r = weighted_centrality(e, k, seed) if weighted else hop_centrality(e, k, seed, refine=0)
    return e.to_dict(r.betweenness)


def harmonic_closeness(
    g: nx.Graph | Engine,
    *,
    sources: int | None = None,
    seed: int = 42,
    refine: int = CLOSENESS_REFINE,
) -> dict[Hashable, float]:
    """Normalised harmonic closeness in hops: ``sum_{u != v} 1/d(u, v) / (n - 1)``.

    Unreachable people contribute 0, so the measure is defined on disconnected
    graphs (isolates score 0). Exact values equal
    ``networkx.harmonic_centrality(g)[v] / (n-1)``.

    With ``sources`` (fewer than the nodes): breadth-first search from that many
    sources drawn uniformly; ``n/k`` times the sum of ``1/d(source, v)`` estimates
    the harmonic sum without bias (the term for ``v`` itself is 0); then the
    ``refine`` people with the highest estimates get their exact value (one search
    each), as do the sources.

    References
    ----------
    Marchiori, M. & Latora, V. (2000). Harmony in the small-world. Physica A
    285, 539-546.
    Rochat, Y. (2009). Closeness centrality extended to unconnected graphs: the
    harmonic centrality index. ASNA 2009.
    Eppstein, D. & Wang, J. (2004). Fast approximation of centrality. Journal of
    Graph Algorithms and Applications 8(1), 39-45 (sampled sources).
    """
    e = _engine(g)
    k = e.n if sources is None else sources
    r = hop_centrality(e, k, seed, betweenness=False, refine=refine)
    assert r.closeness is not None
    return e.to_dict(r.closeness)


def pagerank(
    g: nx.Graph | Engine,
    *,
    alpha: float = 0.85,
    tol: float = 1.0e-6,
    max_iter: int = 100,
) -> dict[Hashable, float]:
    """Weighted PageRank by power iteration on the sparse strength matrix.

    Same algorithm and stopping rule as ``networkx.pagerank`` (random surfer
    follows a tie with probability proportional to its strength; dangling
    nodes, i.e. isolates, spread their mass uniformly; stop when the L1 change
    is below ``n * tol``), so the values agree with NetworkX's.

    Parameters
    ----------
    g : networkx.Graph or Engine
        Undirected tie graph.
    alpha : float
        Damping factor.
    tol, max_iter :
        Convergence tolerance and iteration cap.

    Returns
    -------
    dict
        ``{node: pagerank}``, summing to 1.

    References
    ----------
    Page, L., Brin, S., Motwani, R. & Winograd, T. (1999). The PageRank citation
    ranking: bringing order to the Web. Stanford InfoLab.
    """
    e = _engine(g)
    n = e.n
    if n == 0:
        return {}
    a = e.strength_matrix
    out = np.asarray(a.sum(axis=1)).ravel()
    inv = np.zeros(n)
    nz = out != 0
    inv[nz] = 1.0 / out[nz]
    q = sp.diags_array(inv) @ a  # row-stochastic (rows of isolates stay 0)
    x = np.full(n, 1.0 / n)
    p = np.full(n, 1.0 / n)
    dangling = ~nz
    for _ in range(max_iter):
        xlast = x
        x = alpha * (x @ q + x[dangling].sum() * p) + (1 - alpha) * p
        if np.abs(x - xlast).sum() < n * tol:
            return e.to_dict(x)
    raise nx.PowerIterationFailedConvergence(max_iter)


def articulation_points(g: nx.Graph) -> set[Hashable]:
    """People whose removal disconnects their component (cut vertices).

    References
    ----------
    Hopcroft, J. & Tarjan, R. (1973). Efficient algorithms for graph
    manipulation. Communications of the ACM 16(6), 372-378.
    """
    return set(nx.articulation_points(g))


def compute_centrality(
    g: nx.Graph,
    *,
    engine: Engine | None = None,
    weight: str = "strength",
    approximate: bool | None = None,
    hop_budget: float = HOP_PASS_BUDGET,
    weighted_budget: float = WEIGHTED_PASS_BUDGET,
    seed: int = 42,
) -> Centrality:
    """Every centrality metric for every node of ``g``.

    Parameters
    ----------
    g : networkx.Graph
        Undirected tie graph with a ``weight`` (strength) edge attribute.
    engine : Engine, optional
        A converted engine of ``g`` to reuse.
    approximate : bool, optional
        Force (True) or forbid (False) sampling; by default each pass is exact while
        its work fits its budget (see :func:`sources_for`).
    hop_budget, weighted_budget : float
        Work budgets (sources x tie ends) of the breadth-first and Dijkstra passes.
    seed : int
        Seed of the samples.

    Returns
    -------
    Centrality

    References
    ----------
    Barrat, A., Barthelemy, M., Pastor-Satorras, R. & Vespignani, A. (2004). The
    architecture of complex weighted networks. PNAS 101(11), 3747-3752 (strength).
    See :func:`betweenness`, :func:`harmonic_closeness`, :func:`pagerank`.
    """
    e = engine or Engine(g, weight)
    n, m = e.n, e.m
    deg = {v: int(d) for v, d in zip(e.nodes, e.degrees, strict=True)}
    strength_arr = np.asarray(e.strength_matrix.sum(axis=1)).ravel()
    hop = hop_centrality(e, sources_for(n, m, hop_budget, approximate), seed)
    wei = weighted_centrality(e, sources_for(n, m, weighted_budget, approximate), seed)
    assert hop.closeness is not None
    c = Centrality(
        degree=deg,
        strength=e.to_dict(strength_arr),
        betweenness=e.to_dict(wei.betweenness),
        betweenness_unweighted=e.to_dict(hop.betweenness),
        harmonic_closeness=e.to_dict(hop.closeness),
        pagerank=pagerank(e),
        articulation_points=articulation_points(g),
    )
    bfs = "relgraph.analysis.paths BFS pass (numba, parallel)"
    dij = "relgraph.analysis.paths Dijkstra pass (numba, parallel)"
    c.engines = {
        "degree": "scipy.sparse", "strength": "scipy.sparse", "pagerank": "scipy.sparse",
        "articulation_points": "networkx",
        "betweenness": f"{dij}, " + ("exact" if wei.note is None else f"{wei.sources} sources"),
        "betweenness_unweighted": f"{bfs}, "
        + ("exact" if hop.note is None else f"{hop.sources} sources"),
        "harmonic_closeness": f"{bfs}, "
        + ("exact" if hop.closeness_note is None else f"{hop.sources} sources + exact top"),
    }
    c.approximations = [x for x in (wei.note, hop.note, hop.closeness_note) if x]
    return c
