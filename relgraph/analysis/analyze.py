"""The analysis orchestrator: one TieGraph in, one :class:`AnalysisResult` out.

:func:`analyze` converts the NetworkX tie graph once for the compiled engines
(:mod:`relgraph.analysis.engine`) and fills every section of the result:
people (centrality, structural holes, brokerage roles, communities), ties
(weak ties), units and unit kinds (silos), unit pairs, communities,
executives, brokers and, given the previous window's graph, changes.

It never touches a store (see :mod:`relgraph.run` for that).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from relgraph.analysis.centrality import Centrality, compute_centrality
from relgraph.analysis.previous import WindowSummary, summarize_window
from relgraph.analysis.result import (
    AnalysisMeta,
    AnalysisResult,
    PersonMetrics,
    share_fields_sets,
)
from relgraph.analysis.weakties import tie_metrics
from relgraph.errors import UsageError
from relgraph.graph import TieGraph
from relgraph.settings import AnalysisSettings

Progress = Callable[..., None]
"""``progress(done, total, label)``: the library-wide convention (ingest omits the label)."""

STEPS = (
    "converting graph", "centrality", "ties", "units", "communities", "structural holes",
    "brokerage roles", "unit pairs", "executives", "brokers",
)


def people_metrics(
    tg: TieGraph,
    c: Centrality,
    holes: dict[Any, tuple[float | None, float | None, float | None]],
    roles: dict[Any, dict[str, int]],
    membership: dict[Any, int],
) -> list[PersonMetrics]:
    """One :class:`PersonMetrics` per person of ``tg``, ordered by id.

    Built with the validating constructor: with pydantic 2.14 it measured
    faster than ``model_construct`` (1.26 s vs 1.79 s per 100,000 tie models).
    """
    g = tg.people_graph()
    out: list[PersonMetrics] = []
    shared: set[str] | None = None   # one set of set fields for all (share_fields_sets)
    for v in sorted(g.nodes, key=str):
        a = g.nodes[v]
        deg = c.degree[v]
        con, eff_size, eff = holes.get(v, (None, None, None))
        out.append(PersonMetrics(
            id=v, name=a.get("name", ""), title=a.get("title", ""), unit=a.get("unit", ""),
            unit_kind=a.get("unit_kind", ""), level=a.get("level", ""),
            degree=deg, strength=c.strength[v], betweenness=c.betweenness[v],
            betweenness_unweighted=c.betweenness_unweighted[v],
            harmonic_closeness=c.harmonic_closeness[v], pagerank=c.pagerank[v],
            constraint=con, effective_size=eff_size, efficiency=eff,
            brokerage=dict(roles.get(v, {})),
            articulation_point=v in c.articulation_points,
            isolated=deg == 0, community=membership.get(v),
        ))
        shared = shared or out[-1].__pydantic_fields_set__
        share_fields_sets(out[-1:], shared)
    return out


def analyze(
    tg: TieGraph,
    settings: AnalysisSettings | None = None,
    *,
    previous: TieGraph | WindowSummary | Callable[[], WindowSummary | TieGraph] | None = None,
    progress: Callable[..., None] | None = None,
) -> AnalysisResult:
    """Compute every section of the analysis of one window.

    Parameters
    ----------
    tg : TieGraph
        The window's tie graph (undirected ``graph`` and directed ``directed``).
    settings : AnalysisSettings, optional
        Thresholds, seeds and approximation settings (defaults otherwise).
    previous : TieGraph, WindowSummary or callable, optional
        The previous window; when given, ``changes`` and the executives' previous
        strength are filled. Only what the comparison reads is computed from it
        (:func:`relgraph.analysis.previous.summarize_window`; pass a summary to free
        the previous graph before this window is analysed). A callable is called only
        when the summary is first needed, after centrality and the other sections of
        this window (the executives step), and returns a summary or a tie graph
        (summarised then); the earlier window can be read elsewhere meanwhile
        (:func:`relgraph.run.run_analysis` reads it in a child process).
    progress : callable, optional
        ``progress(done, total, label)``, called
        before each step and once at the end.

    Returns
    -------
    AnalysisResult
        ``meta.approximations`` lists any metric computed approximately (with
        its error bound); ``meta.engines`` which engine computed what.

    References
    ----------
    See the modules of each section: :mod:`relgraph.analysis.centrality`,
    :mod:`relgraph.analysis.weakties`, :mod:`relgraph.analysis.silos`,
    :mod:`relgraph.analysis.brokers`, :mod:`relgraph.analysis.executives`,
    :mod:`relgraph.analysis.changes`.
    """
    from relgraph.analysis import brokers, executives, silos

    s = settings or AnalysisSettings()
    def report(label: str, done: int, total: int) -> None:
        if progress is not None:
            progress(done, total, label)

    total = len(STEPS) + (2 if previous is not None else 0)  # previous window, changes
    step = iter(range(total))

    def tick(label: str) -> None:
        report(label, next(step), total)

    # The ties stay arrays (the engine); a NetworkX graph of them is built only for
    # NetworkX's Louvain on small graphs. Elsewhere g holds the people and their
    # attributes only (issue 14: at 100,000 people the tie graph was ~0.5 GB).
    small = len(tg.undirected.lo) <= silos.NX_LOUVAIN_MAX_TIES
    g = tg.graph if small else tg.people_graph()
    before = None
    if previous is not None and not callable(previous):
        tick("previous window")
        before = previous if isinstance(previous, WindowSummary) else summarize_window(previous, s)
    tick(STEPS[0])
    e = tg.engine()  # from the tie arrays, equal to Engine(g); the DiGraph is never built
    tick(STEPS[1])
    c = compute_centrality(
        g, engine=e, approximate=s.approximate, hop_budget=s.hop_pass_budget,
        weighted_budget=s.weighted_pass_budget, hop_sample_budget=s.hop_sample_budget,
        seed=s.seed,
    )
    tick(STEPS[2])
    ties = tie_metrics(g, engine=e, strong_quantile=s.strong_tie_quantile,
                       bridging_overlap=s.bridging_overlap,
                       directed=(tg.source, tg.target, tg.strength))
    tick(STEPS[3])
    units = silos.unit_metrics(g, permutations=s.ei_permutations, seed=s.seed, engine=e)
    kinds = silos.kind_metrics(g, permutations=s.ei_permutations, seed=s.seed, engine=e)
    tick(STEPS[4])
    community_summary, membership = silos.detect_communities(g, seed=s.seed, engine=e)
    tick(STEPS[5])
    holes = brokers.structural_holes(g, "strength", engine=e)
    tick(STEPS[6])
    roles = brokers.brokerage_role_counts(tg.nodes, tg.column("unit"), tg.directed_adjacency())
    tick(STEPS[7])
    pairs = brokers.unit_pairs(g, engine=e)
    if callable(previous):
        tick("previous window")   # the first use of the summary: wait for it here
        got = previous()
        if isinstance(got, TieGraph):
            got = summarize_window(got, s)
        if not isinstance(got, WindowSummary):
            raise TypeError(f"previous() returned {type(got).__name__}, not a WindowSummary "
                            "or TieGraph")
        before = got
    tick(STEPS[8])
    execs = executives.executive_metrics(g, before.strength if before is not None else None, s,
                                         tie_graph=tg)
    tick(STEPS[9])
    people = people_metrics(tg, c, holes, roles, membership)
    broker_rows = brokers.broker_metrics(g, people, roles, holes, c.articulation_points,
                                         tie_graph=tg)

    engines = dict(c.engines)
    engines.update({
        "overlap": "numba (merged neighbour lists)", "bridges": "numba Tarjan low-link on CSR",
        "communities": silos.community_engine(e.m),
        "structural_holes": "numba (products on the ties' pattern)", "brokerage_roles": "relgraph (A2)",
    })
    meta = AnalysisMeta(
        start=tg.start, end=tg.end, as_of=tg.as_of, window_days=tg.window_days,
        half_life_days=s.half_life_days, channel_weights=dict(s.channel_weights), seed=s.seed,
        people=e.n, ties=e.m,
        approximations=list(c.approximations)
        + silos.permutation_note(len(e.rows), s.ei_permutations),  # E-I test reduced? (A2)
        engines=engines,
    )
    result = AnalysisResult(
        meta=meta, people=people, ties=ties, units=units, kinds=kinds, unit_pairs=pairs,
        communities=community_summary, executives=execs, brokers=broker_rows, changes=None,
    )
    if before is not None:
        from relgraph.analysis import changes

        tick("changes")
        result.changes = changes.compare(before, result, s)
    report("done", total, total)
    return result


# --- views: rows of one section, for tables / CSV ------------------------------------------
SECTIONS = ("people", "units", "ties", "executives", "brokers", "changes")

TABLE_COLUMNS: dict[str, list[str]] = {
    "people": ["id", "name", "title", "unit", "degree", "strength", "betweenness",
               "harmonic_closeness", "pagerank", "constraint", "articulation_point", "isolated"],
    "units": ["row", "id", "name", "kind", "headcount", "active", "internal_ties",
              "external_ties", "ei_index", "ei_expected", "ei_p_value", "units_reached"],
    "ties": ["source", "target", "source_unit", "target_unit", "strength", "count", "overlap",
             "strong", "bridging", "local_bridge", "bridge", "cross_unit"],
    "executives": ["id", "name", "title", "role", "ties_to_it", "ties_to_csuite",
                   "units_reached", "strength", "strength_change", "score", "explanation"],
    "brokers": ["id", "unit", "betweenness", "constraint", "effective_size", "total_brokerage",
                "articulation_point", "cross_unit_share"],
    "changes": ["kind", "source", "source_name", "target", "target_name", "before", "after",
                "change", "leader"],
}


def _none_last(x: float | None) -> tuple[bool, float]:
    return (x is None, x if x is not None else 0.0)


def section_rows(result: AnalysisResult, section: str, *, display: bool = False) -> list[dict[str, Any]]:
    """All rows of one section as plain dicts.

    With ``display=True`` the rows are sorted for reading (people by weighted
    betweenness, units by E-I index from most siloed, ties with bridges and
    local bridges first then by strength; executives and brokers keep their
    order); otherwise in the result's stable order. ``units`` also lists the
    unit kinds after the units; its ``row`` field tells them apart (``unit`` or
    ``unit_kind``). ``changes`` flattens every list of
    :class:`~relgraph.analysis.result.Changes` into ``kind`` rows, most important first
    (:func:`relgraph.analysis.changes.change_rows`, which also filters).
    """
    if section not in SECTIONS:
        raise UsageError(f"unknown section {section!r}; choose from {', '.join(SECTIONS)}")
    if section == "changes":
        from relgraph.analysis.changes import change_rows

        return change_rows(result)
    if section == "people":
        items: list[Any] = list(result.people)
        if display:
            items.sort(key=lambda p: (-p.betweenness, p.id))
    elif section == "units":
        units = list(result.units)
        if display:
            units.sort(key=lambda u: (_none_last(u.ei_index), u.id))
        # one section, two kinds of row: each row says which (unit, or a whole unit kind)
        return ([{"row": "unit", **u.model_dump()} for u in units]
                + [{"row": "unit_kind", **k.model_dump()} for k in result.kinds])
    elif section == "ties":
        items = list(result.ties)
        if display:
            items.sort(key=lambda t: (not t.bridge, not t.local_bridge, -t.strength,
                                      t.source, t.target))
    else:
        items = list(getattr(result, section))
    return [i.model_dump() for i in items]


