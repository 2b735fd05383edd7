"""Centrality of every person in the tie graph.

Metrics (all on the undirected tie graph; isolates get zeros):

* degree: distinct contacts; strength: sum of tie strengths (Barrat et al. 2004),
* betweenness, weighted (tie length ``1 / strength``) and unweighted (hops),
  normalised like NetworkX (divided by ``(n-1)(n-2)/2``),
* harmonic closeness in hops, normalised by ``n - 1`` (works on disconnected graphs),
* weighted PageRank (alpha 0.85, isolates' mass spread uniformly, as NetworkX),
* articulation points (cut vertices).

Exact betweenness and closeness run in networkit (C++, parallel). Above
``AnalysisSettings.approx_above_nodes`` people, they switch to approximations
with a stated additive error bound (see :func:`betweenness` and
:func:`harmonic_closeness`); :class:`Centrality` records which.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass, field

import networkit as nk
import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import shortest_path

from relgraph.analysis.engine import Engine, seed_networkit


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

APPROX_THREADS = 2
"""Threads for KADABRA: fixed, so that seeded results are the same on every machine."""


def _engine(g: nx.Graph | Engine, weight: str = "strength") -> Engine:
    return g if isinstance(g, Engine) else Engine(g, weight)


def _betweenness_scale(n: int) -> float:
    return 2.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0


def betweenness(
    g: nx.Graph | Engine,
    *,
    weighted: bool = True,
    approximate: bool = False,
    epsilon: float = 0.01,
    delta: float = 0.1,
    seed: int = 42,
    weight: str = "strength",
) -> dict[Hashable, float]:
    """Normalised betweenness centrality of every node.

    Exact: Brandes' algorithm in networkit, on tie lengths ``1 / strength`` when
    ``weighted`` (strong ties are short), else on hops. Normalised by the number
    of pairs not involving the node, ``(n-1)(n-2)/2``, so values equal
    ``networkx.betweenness_centrality(g, weight=..., normalized=True)``.

    Approximate (``approximate=True``): unweighted uses KADABRA (Borassi &
    Natale 2016: every node's normalised value within ``epsilon`` of the exact
    one with probability at least ``1 - delta``); weighted uses source (pivot)
    sampling with linear scaling (Geisberger, Sanders & Schultes 2008) from
    ``k = weighted_pivots(n, epsilon, delta)`` sources, which by Hoeffding's
    inequality bounds each node's error by ``epsilon`` with probability at
    least ``1 - delta``. (Riondato & Kornaropoulos path sampling was measured:
    300 s on 1,500 people at epsilon 0.005, so it is not used.)

    Parameters
    ----------
    g : networkx.Graph or Engine
        Undirected tie graph (or its converted engine).
    weighted : bool
        Use tie length ``1 / strength`` instead of hops.
    approximate : bool
        Sample instead of computing exactly.
    epsilon, delta : float
        Additive error bound and failure probability of the approximation.
    seed : int
        Seed of networkit's generator (approximations only).
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
    Borassi, M. & Natale, E. (2016). KADABRA is an adaptive algorithm for
    betweenness via random approximation. ESA 2016.
    Geisberger, R., Sanders, P. & Schultes, D. (2008). Better approximation of
    betweenness centrality. ALENEX 2008, 90-100.
    Hoeffding, W. (1963). Probability inequalities for sums of bounded random
    variables. JASA 58, 13-30.
    """
    e = _engine(g, weight)
    n = e.n
    if n < 3 or e.m == 0:
        return e.to_dict(np.zeros(n))
    gk = e.nk_distance if weighted else e.nk_hops
    if not approximate:
        raw = np.asarray(nk.centrality.Betweenness(gk, normalized=False).run().scores())
        # networkit counts each unordered pair twice on undirected graphs
        # rounded: the parallel accumulation order varies in the last bits from run to run
        return e.to_dict(np.round(raw / 2.0 * _betweenness_scale(n), 12))
    if weighted:
        k = weighted_pivots(n, epsilon, delta)
        if k >= n:  # sampling would cost as much as the exact computation
            return betweenness(e, weighted=True, weight=weight)
    # networkit's random streams are per thread: pin the thread count so that the same
    # seed gives the same scores on every machine (KADABRA in its deterministic mode).
    threads = nk.getMaxNumberOfThreads()
    nk.setNumberOfThreads(APPROX_THREADS)
    try:
        seed_networkit(seed)
        if weighted:
            algo = nk.centrality.EstimateBetweenness(gk, k, True, False)
            # rounded far below the error bound: floating-point summation order inside
            # networkit varies from run to run in the last bits
            return e.to_dict(np.round(np.asarray(algo.run().scores()), 12))
        algo = nk.centrality.KadabraBetweenness(gk, err=epsilon, delta=delta, deterministic=True)
        scores = np.asarray(algo.run().scores())
    finally:
        nk.setNumberOfThreads(threads)
    # networkit's KADABRA scores are twice the NetworkX normalisation over
    # n(n-1) pairs (checked against the exact values); rescale to (n-1)(n-2)
    return e.to_dict(np.round(scores * n / (2.0 * (n - 2)), 12))


def weighted_pivots(n: int, epsilon: float, delta: float) -> int:
    """Pivots for weighted betweenness sampling with additive error ``epsilon``.

    Each sampled source contributes a term in ``[0, 2n/(n-1)]`` to the
    normalised linear-scaling estimator, so Hoeffding's inequality gives
    ``k >= 2 ln(2/delta) / epsilon^2`` (with ``n/(n-1)`` rounded to 1 for large n).
    """
    r = 2.0 * n / (n - 1) if n > 1 else 2.0
    return math.ceil(r * r * math.log(2.0 / delta) / (2.0 * epsilon * epsilon))


def harmonic_closeness(
    g: nx.Graph | Engine,
    *,
    approximate: bool = False,
    epsilon: float = 0.05,
    delta: float = 0.1,
    seed: int = 42,
) -> dict[Hashable, float]:
    """Normalised harmonic closeness in hops: ``sum_{u != v} 1/d(u, v) / (n - 1)``.

    Unreachable people contribute 0, so the measure is defined on disconnected
    graphs (isolates score 0). Exact values come from networkit's
    ``HarmonicCloseness`` and equal ``networkx.harmonic_centrality(g)[v] / (n-1)``.

    Approximate: breadth-first search from ``k = ceil(ln(2/delta) / (2 epsilon^2))``
    pivots drawn uniformly without replacement; ``n/k`` times the sum of
    ``1/d(pivot, v)`` estimates the harmonic sum without bias. Each term lies
    in ``[0, 1]``, so by Hoeffding's inequality (which holds for sampling without
    replacement) each node's normalised estimate is within ``epsilon * n/(n-1)``
    of the exact value with probability at least ``1 - delta``.

    Parameters
    ----------
    g : networkx.Graph or Engine
        Undirected tie graph.
    approximate : bool
        Use pivot sampling.
    epsilon, delta : float
        Per-node additive error bound and failure probability.
    seed : int
        Seed for drawing pivots.

    Returns
    -------
    dict
        ``{node: harmonic closeness}`` in ``[0, 1]``.

    References
    ----------
    Marchiori, M. & Latora, V. (2000). Harmony in the small-world. Physica A
    285, 539-546.
    Rochat, Y. (2009). Closeness centrality extended to unconnected graphs: the
    harmonic centrality index. ASNA 2009.
    Hoeffding, W. (1963). Probability inequalities for sums of bounded random
    variables. JASA 58, 13-30 (section 6: sampling without replacement).
    """
    e = _engine(g)
    n = e.n
    if n < 2 or e.m == 0:
        return e.to_dict(np.zeros(n))
    if not approximate:
        scores = nk.centrality.HarmonicCloseness(e.nk_hops, normalized=True).run().scores()
        return e.to_dict(np.asarray(scores))
    k = min(n, math.ceil(math.log(2.0 / delta) / (2.0 * epsilon * epsilon)))
    rng = np.random.default_rng(seed)
    pivots = np.sort(rng.choice(n, size=k, replace=False))
    acc = np.zeros(n)
    adj = e.adjacency
    chunk = max(1, min(k, 20_000_000 // max(n, 1)))  # ~160 MB of distances at a time
    for lo in range(0, k, chunk):
        d = shortest_path(adj, directed=False, unweighted=True, indices=pivots[lo:lo + chunk])
        with np.errstate(divide="ignore"):
            inv = 1.0 / d
        inv[~np.isfinite(inv)] = 0.0  # self (d = 0) and unreachable (d = inf)
        acc += inv.sum(axis=0)
    return e.to_dict(acc * (n / k) / (n - 1))


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
    approx_above_nodes: int = 10_000,
    betweenness_epsilon: float = 0.01,
    weighted_epsilon: float = 0.1,
    closeness_epsilon: float = 0.05,
    delta: float = 0.1,
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
        Force (True) or forbid (False) approximations; by default they are used
        when ``g`` has more than ``approx_above_nodes`` nodes.
    betweenness_epsilon, weighted_epsilon, closeness_epsilon, delta : float
        Error bounds of the approximations (see :func:`betweenness` and
        :func:`harmonic_closeness`).
    seed : int
        Seed of the approximations.

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
    approx = (e.n > approx_above_nodes) if approximate is None else approximate
    deg = {v: int(d) for v, d in zip(e.nodes, e.degrees, strict=True)}
    strength_arr = np.asarray(e.strength_matrix.sum(axis=1)).ravel()
    strength = e.to_dict(strength_arr)
    c = Centrality(
        degree=deg,
        strength=strength,
        betweenness=betweenness(e, weighted=True, approximate=approx,
                                epsilon=weighted_epsilon, delta=delta, seed=seed),
        betweenness_unweighted=betweenness(e, weighted=False, approximate=approx,
                                           epsilon=betweenness_epsilon, delta=delta, seed=seed),
        harmonic_closeness=harmonic_closeness(e, approximate=approx, epsilon=closeness_epsilon,
                                              delta=delta, seed=seed),
        pagerank=pagerank(e),
        articulation_points=articulation_points(g),
    )
    c.engines = {
        "degree": "scipy.sparse", "strength": "scipy.sparse", "pagerank": "scipy.sparse",
        "articulation_points": "networkx",
    }
    if approx:
        c.engines.update({
            "betweenness": "networkit EstimateBetweenness (pivot sampling)",
            "betweenness_unweighted": "networkit KadabraBetweenness",
            "harmonic_closeness": "scipy.sparse.csgraph BFS from sampled pivots",
        })
        c.approximations = [
            f"betweenness: {weighted_pivots(e.n, weighted_epsilon, delta)} sampled sources "
            f"(linear scaling), additive error <= {weighted_epsilon} with probability >= "
            f"{1 - delta:g}",
            f"betweenness_unweighted: KADABRA, additive error <= {betweenness_epsilon} "
            f"with probability >= {1 - delta:g}",
            f"harmonic_closeness: pivot sampling, per-person additive error <= "
            f"{closeness_epsilon} with probability >= {1 - delta:g}",
        ]
    else:
        c.engines.update({
            "betweenness": "networkit Betweenness (exact)",
            "betweenness_unweighted": "networkit Betweenness (exact)",
            "harmonic_closeness": "networkit HarmonicCloseness (exact)",
        })
    return c
