"""Person maps: people as nodes grouped by unit, ties as edges, every finding listed.

Colour = unit (:mod:`relgraph.maps.palette`), border = unit kind, shape = level
(executives are stars), size = the chosen centrality (switchable in the page), a red
glow = the person is part of a finding; each unit is a labelled cluster (a dashed
red ring: siloed unit). Positions are computed here (:mod:`relgraph.layout`), so the
page opens laid out. The findings panel lists the audit's findings; clicking one
highlights its people and ties. Nothing is computed: figures come from the
:class:`~relgraph.analysis.result.AnalysisResult`, findings from the audit's rules.
"""

from __future__ import annotations

from pathlib import Path

from relgraph.analysis.result import AnalysisResult
from relgraph.config import AuditThresholds
from relgraph.maps import style
from relgraph.maps.base import MapInfo
from relgraph.maps.context import MapContext, build_context
from relgraph.maps.explorer import person_page
from relgraph.maps.html import write_page
from relgraph.maps.mapfindings import KIND_LABELS, MapFinding
from relgraph.maps.page import render_explorer
from relgraph.maps.select import DEFAULT_MAX_NODES, select_people


def window_text(result: AnalysisResult) -> str:
    from relgraph.window import describe_window

    return "window " + describe_window(result.meta.start, result.meta.end)  # end is exclusive


def render_person_map(result: AnalysisResult, path: str | Path, *, size_by: str = "betweenness",
                      max_nodes: int | None = DEFAULT_MAX_NODES, pseudonymize: bool = False,
                      pseudonym_salt: str = "", focus: str | None = None, depth: int = 1,
                      thresholds: AuditThresholds | None = None, title: str | None = None,
                      findings: list[MapFinding] | None = None, min_group_size: int = 0,
                      back: str = "", assets: str = "",
                      context: MapContext | None = None) -> MapInfo:
    """Write an interactive person map (or, with ``focus``, an ego map).

    Parameters
    ----------
    result : AnalysisResult
        A computed analysis; the map only renders it.
    path : str or Path
        Output ``.html`` file (works offline).
    size_by : str
        Initial node size (switchable in the page): ``betweenness``,
        ``betweenness_unweighted``, ``harmonic_closeness``, ``pagerank``, ``degree``
        or ``strength``.
    max_nodes : int or None
        Show at most this many people (the most relevant; see :mod:`relgraph.maps.select`);
        ``None`` or 0 for all. The page says how many were left out.
    pseudonymize, pseudonym_salt : bool, str
        Replace names and ids with stable pseudonyms (:mod:`relgraph.maps.privacy`).
    focus, depth : str, int
        Ego map: a person or unit (id or exact name) and the hops around it (default 1).
    thresholds : AuditThresholds, optional
        Which executives and units count as findings (the audit's thresholds).
    findings : list of MapFinding, optional
        The audit's findings (:func:`relgraph.maps.mapfindings.for_map`); none listed if omitted.
    min_group_size : int
        With ``pseudonymize``: small units drawn as one cluster, rare unit/level pairs
        without their level (see :mod:`relgraph.maps.explorer`).
    back : str
        Relative link back (drill-down pages: the unit map).
    assets : str
        Load vis-network and the explorer script from this relative folder instead of
        inlining them (drill-down pages of a maps folder).
    context : MapContext, optional
        Indexes shared by the pages of one maps folder (:mod:`relgraph.maps.context`);
        built from ``result`` when omitted.

    Returns
    -------
    MapInfo

    Raises
    ------
    UsageError
        Unknown ``size_by``, ``focus`` not found, negative ``depth``/``max_nodes``.
    """
    ctx = context or build_context(result, thresholds, pseudonymize=pseudonymize,
                                   pseudonym_salt=pseudonym_salt)
    t, names = ctx.thresholds, ctx.names
    sel = select_people(result, ctx.highlights, size_by=size_by, max_nodes=max_nodes, focus=focus,
                        depth=depth, adjacency=ctx.adjacency, members=ctx.members, people=ctx.people)
    data = person_page(ctx, sel, findings or [], size_by=size_by, min_group_size=min_group_size)
    data["kindLabels"] = KIND_LABELS
    data["seed"] = result.meta.seed
    kind = "ego" if focus is not None else "person"
    if title is None:
        if focus is not None:
            who = sel.focus_label
            if len(sel.focus) == 1 and pseudonymize:
                who = names.name(next(iter(sel.focus)))
            title = f"Relationship map around {who} ({depth} hop{'s' if depth != 1 else ''})"
        else:
            title = "Relationship map: people"
    subtitle = [f"{len(sel.people):,} people, {len(data['edges']):,} ties; {window_text(result)}. "
                "Colour = unit, border = unit kind, shape = level, size = the metric chosen on "
                "the left, red glow = part of a finding."]
    notes = []
    if sel.left_out:
        notes.append(f"Showing the {len(sel.people):,} most relevant of {sel.total:,} people "
                     f"(executives, people with findings, then highest {size_by.replace('_', ' ')}); "
                     f"{sel.left_out:,} left out. Use the unit map or --focus for a neighbourhood, "
                     "or --max-nodes to change the limit.")
    if len(data["edges"]) > 15000:
        notes.append(f"{len(data['edges']):,} ties: the ties inside units start hidden (the clusters "
                     "show who belongs together); tick \"ties inside units\" on the left to draw them.")
    if pseudonymize and min_group_size:
        notes.append(f"Units under {min_group_size} people are drawn together, and a level held by "
                     f"fewer than {min_group_size} people of a unit is not shown.")
    present = {n["l"] for n in data["nodes"]}
    levels = [lv for lv in style.LEVEL_SHAPES if lv in present]
    legend = (style.legend_levels(levels) + style.legend_person_findings(t.executive_score))
    data["hint"] = ("Click a person for their figures and contacts; click a finding on the left "
                    "to highlight it; scroll to zoom.")
    html = render_explorer(data, title=title, subtitle=subtitle, notes=notes, legend=legend,
                           back=back, back_label="Back to the unit map" if back else "",
                           assets=assets)
    size = write_page(path, html)
    return MapInfo(kind=kind, path=str(path), title=title, nodes=len(data["nodes"]),
                   edges=len(data["edges"]), total=sel.total, left_out=sel.left_out, bytes=size)
