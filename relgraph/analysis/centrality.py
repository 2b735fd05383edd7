"""Centrality of every person in the tie graph.

Metrics (all on the undirected tie graph; isolates get zeros):

* degree: distinct contacts; strength: sum of tie strengths (Barrat et al. 2004),
* betweenness, weighted (tie length ``1 / strength``) and unweighted (hops),
  normalised like NetworkX (divided by ``(n-1)(n-2)/2``),
* harmonic closeness in hops, normalised by ``n - 1`` (works on disconnected graphs),
* weighted PageRank (alpha 0.85, isolates' mass spread uniformly, as NetworkX),
* articulation points (cut vertices).

Betweenness and closeness come from compiled shortest-path passes over the sources
(:mod:`relgraph.analysis.paths`; breadth-first searches 64 sources at a time through the
bit-parallel kernel of :mod:`relgraph.analysis.msbfs`): a breadth-first pass gives
unweighted betweenness and harmonic closeness together, a Dijkstra pass weighted
betweenness. Each pass is exact while its work (sources x tie ends) fits its budget
(:class:`~relgraph.settings.AnalysisSettings` ``hop_pass_budget`` /
``weighted_pass_budget``); above it, people are sampled as sources, stratified by unit,
and the sample doubles until two halves of it agree on the top of the ranking or the
budget is spent (:mod:`relgraph.analysis.sampling`). The sampled breadth-first pass's
budget starts at the exact limit and tapers as the work grows (:func:`pass_budget`): a
sampled source costs more on a larger graph, so time keeps growing with size instead of
stepping down where sampling starts. :class:`Centrality` records which method ran, how
many sources it used and the split-half check of the ranking it produced.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import scipy.sparse as sp

from relgraph.analysis import paths, sampling
from relgraph.analysis.cuts import articulation_mask
from relgraph.analysis.engine import Engine

HOP_PASS_BUDGET = 25_000_000_000
"""Default work of the breadth-first pass: sources x tie ends (``n * 2m``). The pass is exact
while the whole of it fits, which covers the 20,000-person benchmark org (2.3e10): sampled
sources do not keep the ranking of unweighted betweenness (top-100 Spearman 0.57-0.92 with
10-20% of the sources on the 5,000- and 20,000-person orgs, stratified or not;
docs/analysis.md), so relgraph computes it exactly as far as it can."""
HOP_SAMPLE_BUDGET = 6_000_000_000
"""Least work of a *sampled* breadth-first pass (above :data:`HOP_PASS_BUDGET`): the tapered
budget (:func:`pass_budget`, :data:`TAPER`) reaches it at an exact work of
``budget ** 3 / floor ** 2``, about 4.3e11 (some 150,000 people at the generator's
density), and stays there above. No affordable sample ranks unweighted betweenness
reliably (the split-half note says how far it got), so beyond the exact limit relgraph
spends what its time targets allow."""
TAPER = 0.5
"""Exponent of the sampled breadth-first pass's budget, ``budget * (budget / work) **
TAPER``. Measured (docs/analysis.md, sixth round): a sampled source costs about 1.35x the
exact pass's per tie end at 30,000 people and about 4x at 100,000, so the budget may fall
as the work grows while the time still rises. At 100,000 people it is about 9.4e9; the
exact limit's whole 2.5e10 took 137.8 s there, past issue 14's 120 s."""
WEIGHTED_PASS_BUDGET = 1_000_000_000
"""Default work of the Dijkstra pass (see :data:`HOP_PASS_BUDGET`). Lower: a stratified
sample ranks weighted betweenness reliably (top-100 Spearman 0.985-0.995 against exact with
5% of the sources at 20,000 people), and the sample stops as soon as its halves agree."""
EXACT_SHARE = 0.75
"""A sampled breadth-first pass whose budget reaches this share of the exact work runs
exactly instead (the Dijkstra pass, whose sample usually stops at a few percent, is not
affected): per tie end a sampled source costs more (the halves, the closeness
refinement; measured at 22,000 people, 2.79e10 exact work: the exact pass and a sample of
85% of the sources took the same time), so the exact values cost no more there."""
FORCED_SHARE = 1.0
"""Most of the exact work a forced sample (``approximate = true``) may use: all of it, so
when the whole exact work fits the pass's budgets a forced sample whose halves never agree
ends with every source (the exact values)."""
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


def pass_budget(n: int, m: int, budget: float, approximate: bool | None,
                sample_budget: float | None = None) -> float | None:
    """Work a sampled pass may use, or ``None`` when the pass runs exactly.

    Exact when ``approximate`` is False or the whole pass (``n * 2m``) fits ``budget``.
    Otherwise, without ``sample_budget`` (the Dijkstra pass), the sample may use
    ``budget``. With it (the breadth-first pass), the sample's budget starts at
    ``budget`` where the exact pass stops and tapers as the work grows,
    ``budget * (budget / work) ** TAPER``, down to ``sample_budget``: a sampled source
    costs more on a larger graph (cache misses), so the time still grows with size while
    the largest graphs keep to their time targets; and a sample that may use at least
    :data:`EXACT_SHARE` of the exact work runs exactly instead. Forced sampling
    (``approximate=True``) uses ``min(budget, sample_budget)``, at most
    :data:`FORCED_SHARE` of the exact work.
    """
    work = n * 2.0 * m
    if approximate is False or n < 3 or m == 0:
        return None
    if not approximate and work <= budget:
        return None
    if approximate:
        cap = budget if sample_budget is None else min(budget, sample_budget)
        return min(cap, FORCED_SHARE * work)
    if sample_budget is None:
        return budget
    cap = min(budget, max(sample_budget, budget * (budget / work) ** TAPER))
    return None if cap >= EXACT_SHARE * work else cap  # a sample this large costs as much


def unit_strata(g: nx.Graph, e: Engine, attr: str = "unit") -> np.ndarray:
    """Stratum label per engine node: the index of its unit (one stratum if none)."""
    labels: dict[object, int] = {}
    return np.array([labels.setdefault(g.nodes[v].get(attr), len(labels)) for v in e.nodes],
                    dtype=np.int64)


@dataclass
class PassResult:
    """What one shortest-path pass produced."""

    betweenness: np.ndarray
    closeness: np.ndarray | None
    sources: int
    note: str | None = None
    closeness_note: str | None = None


def _sample_note(metric: str, smp: sampling.Sample, n: int, seed: int) -> str:
    verdict = ("reached the targets" if smp.converged else
               "never reached the targets, so every source was used: the values are exact"
               if smp.rate >= 1.0 else
               "stopped by the work budget before reaching the targets")
    return (f"{metric}: stratified source sampling by unit (Brandes & Pich 2007; Cochran "
            f"1977), {len(smp.sources):,} of {n:,} sources in {smp.rounds} round(s) (seed "
            f"{seed}); unbiased at a fixed rate (the stopping rule, which reads the same sources, "
            f"may add a bias; not measured), no worst-case bound; split-half check {verdict} "
            f"(top-10 overlap {smp.top10}/10, top-100 Spearman {smp.spearman:.3f}, predicted "
            f"for the whole sample {sampling.predicted_spearman(smp.spearman):.3f}; targets "
            f"{sampling.TARGET_TOP10}/10 and {sampling.TARGET_SPEARMAN})")


def hop_centrality(e: Engine, budget: float | None = None, seed: int = 42, *,
                   strata: np.ndarray | None = None, betweenness: bool = True,
                   refine: int = CLOSENESS_REFINE) -> PassResult:
    """Unweighted betweenness and harmonic closeness from one breadth-first pass.

    ``budget is None``: exact (Brandes 2001; the harmonic sum of each source is its
    closeness). Otherwise a stratified sample of sources (:func:`sampling.adaptive_sample`,
    at most ``budget`` work); betweenness is the Horvitz-Thompson estimate of the
    linearly scaled dependencies (Geisberger et al. 2008) and closeness ``1/q`` times
    the sampled sources' summed ``1/d``, then recomputed exactly (one BFS each) for the
    ``refine`` people with the highest estimates, so the top of the closeness ranking
    is exact unless a person was estimated below all of those.
    """
    n = e.n
    zeros = np.zeros(n)
    if n < 2 or e.m == 0:
        return PassResult(zeros, zeros.copy(), n)
    indptr, indices = e.csr
    if budget is None:
        # sources unit by unit: the searches of one batch run alike (relgraph.analysis.msbfs)
        src = np.arange(n) if strata is None else np.argsort(strata, kind="stable")
        dep, harm, _ = paths.hop_pass(indptr, indices, src, betweenness)
        clo = np.empty(n)
        clo[src] = harm / (n - 1)
        return PassResult(np.round(dep * _betweenness_scale(n), 12), clo, n)
    cols = np.zeros(n)
    own = np.full(n, np.nan)

    def run(src: np.ndarray) -> np.ndarray:
        dep, harm, col = paths.hop_pass(indptr, indices, src, betweenness, columns=True,
                                        scaled=True)
        cols[:] += col
        own[src] = harm
        return dep if betweenness else col  # the ranking the sample is judged by

    st = strata if strata is not None else np.zeros(n, dtype=np.int64)
    smp = sampling.adaptive_sample(run, st, cost_per_source=2.0 * e.m, budget=budget, seed=seed)
    note = _sample_note("betweenness_unweighted", smp, n, seed) if betweenness else None
    est = cols / smp.rate
    sampled = ~np.isnan(own)
    est[sampled] = own[sampled]  # the sources' own closeness is exact
    cand = np.argsort(-est, kind="stable")
    cand = cand[~sampled[cand]][:refine]
    if len(cand):
        est[cand] = paths.harmonic_sums(indptr, indices, cand)
    cnote = (f"harmonic_closeness: estimated from the {len(smp.sources):,} sampled sources "
             f"(unbiased at a fixed rate), then exact for the {len(cand):,} people with the highest estimates "
             f"and for the sources themselves; the top of the ranking is exact unless someone "
             f"was estimated below all of those")
    bc = np.round(2.0 * smp.estimate * _betweenness_scale(n), 12) if betweenness else zeros
    return PassResult(bc, est / (n - 1), len(smp.sources), note, cnote)


def weighted_centrality(e: Engine, budget: float | None = None, seed: int = 42, *,
                        strata: np.ndarray | None = None) -> PassResult:
    """Weighted betweenness (tie length ``1 / strength``) from one Dijkstra pass.

    Exact when ``budget is None``; else a stratified sample as in :func:`hop_centrality`.
    """
    n = e.n
    if n < 3 or e.m == 0:
        return PassResult(np.zeros(n), None, n)
    indptr, indices = e.csr
    if budget is None:
        dep = paths.weighted_pass(indptr, indices, e.lengths, np.arange(n))
        return PassResult(np.round(dep * _betweenness_scale(n), 12), None, n)

    def run(src: np.ndarray) -> np.ndarray:
        return paths.weighted_pass(indptr, indices, e.lengths, src, scaled=True)

    st = strata if strata is not None else np.zeros(n, dtype=np.int64)
    smp = sampling.adaptive_sample(run, st, cost_per_source=2.0 * e.m, budget=budget,
                                   seed=seed + 1)  # independent of the hop pass's sample
    note = _sample_note("betweenness", smp, n, seed + 1)
    if smp.rate >= 1.0:
        # every source was needed: the plain pass, since twice the linearly scaled sum
        # equals it only when equal-length paths look equal from both ends, which float
        # sums of tied strengths do not guarantee
        dep = paths.weighted_pass(indptr, indices, e.lengths, np.arange(n))
        return PassResult(np.round(dep * _betweenness_scale(n), 12), None, n, note)
    return PassResult(np.round(2.0 * smp.estimate * _betweenness_scale(n), 12), None,
                      len(smp.sources), note)


def betweenness(
    g: nx.Graph | Engine,
    *,
    weighted: bool = True,
    budget: float | None = None,
    strata: np.ndarray | None = None,
    seed: int = 42,
    weight: str = "strength",
) -> dict[Hashable, float]:
    """Normalised betweenness centrality of every node.

    Brandes' algorithm, compiled (:mod:`relgraph.analysis.paths`): on tie lengths
    ``1 / strength`` when ``weighted`` (strong ties are short), else on hops.
    Normalised by the number of pairs not involving the node, ``(n-1)(n-2)/2``, so
    values equal ``networkx.betweenness_centrality(g, weight=..., normalized=True)``
    (rounded to 1e-12).

    With a work ``budget`` (sources x tie ends), sources are sampled instead, stratified
    by ``strata`` and doubled until two halves of the sample agree on the ranking
    (:func:`relgraph.analysis.sampling.adaptive_sample`): an estimate unbiased at a fixed
    rate (Brandes & Pich 2007); the stopping rule, which reads the same sources, may add
    a bias.

    Parameters
    ----------
    g : networkx.Graph or Engine
        Undirected tie graph (or its converted engine).
    weighted : bool
        Use tie length ``1 / strength`` instead of hops.
    budget : float, optional
        Sample sources within this much work instead of using every node.
    strata : numpy.ndarray, optional
        Stratum label per node of the engine (e.g. :func:`unit_strata`).
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
    r = (weighted_centrality(e, budget, seed, strata=strata) if weighted
         else hop_centrality(e, budget, seed, strata=strata, refine=0))
    return e.to_dict(r.betweenness)


def harmonic_closeness(
    g: nx.Graph | Engine,
    *,
    budget: float | None = None,
    strata: np.ndarray | None = None,
    seed: int = 42,
    refine: int = CLOSENESS_REFINE,
) -> dict[Hashable, float]:
    """Normalised harmonic closeness in hops: ``sum_{u != v} 1/d(u, v) / (n - 1)``.

    Unreachable people contribute 0, so the measure is defined on disconnected
    graphs (isolates score 0). Exact values equal
    ``networkx.harmonic_centrality(g)[v] / (n-1)``.

    With a work ``budget``: breadth-first search from a stratified sample of sources
    (at rate ``q``, see :func:`betweenness`); ``1/q`` times the sum of ``1/d(source, v)``
    estimates the harmonic sum without bias (the term for ``v`` itself is 0); then the
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
    r = hop_centrality(e, budget, seed, strata=strata, betweenness=False, refine=refine)
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


def articulation_points(g: nx.Graph | Engine) -> set[Hashable]:
    """People whose removal disconnects their component (cut vertices).

    Tarjan's low-link search on the engine's CSR (:func:`relgraph.analysis.cuts.articulation_mask`):
    the same set as ``nx.articulation_points``, without a NetworkX graph of the ties.

    References
    ----------
    Hopcroft, J. & Tarjan, R. (1973). Efficient algorithms for graph
    manipulation. Communications of the ACM 16(6), 372-378.
    """
    e = _engine(g)
    mask = articulation_mask(*e.csr)
    return {e.nodes[i] for i in np.flatnonzero(mask).tolist()}


def compute_centrality(
    g: nx.Graph,
    *,
    engine: Engine | None = None,
    weight: str = "strength",
    approximate: bool | None = None,
    hop_budget: float = HOP_PASS_BUDGET,
    weighted_budget: float = WEIGHTED_PASS_BUDGET,
    hop_sample_budget: float = HOP_SAMPLE_BUDGET,
    seed: int = 42,
) -> Centrality:
    """Every centrality metric for every node of ``g``.

    Parameters
    ----------
    g : networkx.Graph
        Undirected tie graph with a ``weight`` (strength) edge attribute; with
        ``engine``, only its people and their ``unit`` attribute are read (a graph
        without ties will do).
    engine : Engine, optional
        A converted engine of ``g`` to reuse.
    approximate : bool, optional
        Force (True) or forbid (False) sampling; by default each pass is exact while
        its work fits its budget (see :func:`pass_budget`); above it, people are sampled
        as sources, stratified by unit, until the sample ranks reliably or the budget
        is spent.
    hop_budget, weighted_budget : float
        Work budgets (sources x tie ends) of the breadth-first and Dijkstra passes.
    hop_sample_budget : float
        Least work of a sampled breadth-first pass (its budget tapers down to this; see
        :func:`pass_budget`).
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
    strata = unit_strata(g, e)
    hop = hop_centrality(e, pass_budget(n, m, hop_budget, approximate, hop_sample_budget), seed,
                         strata=strata)
    wei = weighted_centrality(e, pass_budget(n, m, weighted_budget, approximate), seed,
                              strata=strata)
    assert hop.closeness is not None
    c = Centrality(
        degree=deg,
        strength=e.to_dict(strength_arr),
        betweenness=e.to_dict(wei.betweenness),
        betweenness_unweighted=e.to_dict(hop.betweenness),
        harmonic_closeness=e.to_dict(hop.closeness),
        pagerank=pagerank(e),
        articulation_points=articulation_points(e),
    )
    bfs = "relgraph.analysis.paths BFS pass (numba, parallel)"
    dij = "relgraph.analysis.paths Dijkstra pass (numba, parallel)"
    c.engines = {
        "degree": "scipy.sparse", "strength": "scipy.sparse", "pagerank": "scipy.sparse",
        "articulation_points": "relgraph.analysis.cuts (Tarjan low-link on CSR, numba)",
        "betweenness": f"{dij}, " + ("exact" if wei.note is None else f"stratified sample of {wei.sources} sources"),
        "betweenness_unweighted": f"{bfs}, "
        + ("exact" if hop.note is None else f"stratified sample of {hop.sources} sources"),
        "harmonic_closeness": f"{bfs}, "
        + ("exact" if hop.closeness_note is None else f"{hop.sources} sources + exact top"),
    }
    c.approximations = [x for x in (wei.note, hop.note, hop.closeness_note) if x]
    return c
