"""Person maps: everyone (or an ego neighbourhood) as nodes, ties as edges.

Fill = unit kind, shape = level (executives are stars), size = the chosen
centrality, edge width = tie strength. Outlines mark findings: red for a
disconnected executive, orange for a single point of contact, dashed for members
of a siloed unit; orange edges are bridging ties (dashed: local bridges), dashed
red edges bridges. Every
node and edge has a tooltip with the figures behind it. Nothing is computed
here: figures come from the :class:`~relgraph.analysis.result.AnalysisResult`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from relgraph.analysis.result import AnalysisResult, PersonMetrics, TieMetrics
from relgraph.config import AuditThresholds
from relgraph.maps import style
from relgraph.maps.base import MapInfo
from relgraph.maps.highlights import Highlights, find_highlights
from relgraph.maps.html import new_network, physics_options, render_page, tooltip, write_page
from relgraph.maps.privacy import Pseudonyms
from relgraph.maps.select import DEFAULT_MAX_NODES, Selection, metric, select_people
from relgraph.maps.style import fmt


def _window(result: AnalysisResult) -> str:
    from relgraph.window import describe_window

    return "window " + describe_window(result.meta.start, result.meta.end)  # end is exclusive


def _person_node(p: PersonMetrics, idx: int, *, size_by: str, h: Highlights, names: Pseudonyms,
                 unit_names: dict[str, str], focus: bool) -> dict[str, Any]:
    color = style.kind_color(p.unit_kind)
    border, width, dashes = style.darker(color), 1, False
    findings: list[str] = []
    if p.unit in h.silo_units:
        dashes, width = style.SILO_DASHES, 2
        border = "#333333"
        findings.append(f"member of a siloed unit ({unit_names.get(p.unit, p.unit)})")
    if p.id in h.single_points:
        border, width = style.SINGLE_POINT, 4
        pairs = ", ".join(f"{unit_names.get(a, a)} / {unit_names.get(b, b)}"
                          for a, b in h.single_points[p.id])
        findings.append(f"single point of contact between {pairs}")
    ex = h.executives.get(p.id)
    if p.id in h.disconnected:
        border, width = style.DISCONNECTED_EXEC, 5
        findings.append(f"disconnected executive: {ex.explanation}" if ex and not names.enabled
                        else "disconnected executive")
    if p.isolated:
        findings.append("no tie in the window")
    if p.articulation_point:
        findings.append("articulation point: removing them splits the network")
    rows = [
        ("id", names.ident(p.id)),
        ("unit", f"{unit_names.get(p.unit, p.unit)} ({p.unit_kind})"),
        ("level", p.level.replace("_", " ")),
        ("contacts (degree)", fmt(p.degree)),
        ("tie strength (sum)", fmt(p.strength, 2)),
        ("betweenness", fmt(p.betweenness)),
        ("harmonic closeness", fmt(p.harmonic_closeness)),
        ("PageRank", fmt(p.pagerank, 4)),
        ("constraint (Burt)", fmt(p.constraint)),
        ("brokerage roles", fmt(sum(p.brokerage.values()))),
    ]
    if ex is not None:
        rows.append(("executive score", f"{ex.score:.2f} (0 connected .. 1 disconnected)"))
    node: dict[str, Any] = {
        "id": idx,
        "label": names.name(p.id),
        "shape": style.level_shape(p.level),
        "value": style.sqrt_scale(metric(p, size_by)),
        "color": {"background": color, "border": border,
                  "highlight": {"background": color, "border": "#000000"},
                  "hover": {"background": color, "border": "#000000"}},
        "borderWidth": width,
        "tip": tooltip(names.name(p.id), rows, sub=names.title(p.title), notes=findings),
    }
    if dashes:
        node["shapeProperties"] = {"borderDashes": dashes}
    if focus:
        node["font"] = {"size": 22, "color": "#000000"}
        node["borderWidth"] = max(width, 3)
    return node


def _tie_edge(t: TieMetrics, a: int, b: int, *, names: Pseudonyms, max_strength: float) -> dict[str, Any]:
    color, dashes = style.TIE_COLOR, False
    flags = []
    if t.bridging:
        color = style.BRIDGING_COLOR
        flags.append("bridging tie: the two share few contacts")
    if t.local_bridge:
        color, dashes = style.LOCAL_BRIDGE_COLOR, True
        flags.append("local bridge: the two share no contact")
    if t.bridge:
        color, dashes = style.BRIDGE_COLOR, True
        flags.append("bridge: its loss disconnects this part of the network")
    rows = [
        ("strength", fmt(t.strength, 2)),
        ("interactions", fmt(t.count)),
        ("overlap (Onnela)", fmt(t.overlap)),
        ("strong tie", fmt(t.strong)),
        ("crosses units", fmt(t.cross_unit)),
        (f"initiated by {names.name(t.source)}", f"{100 * t.source_share:.0f}%"),
    ]
    edge: dict[str, Any] = {
        "from": a, "to": b,
        "width": style.width_for(t.strength, max_strength),
        "color": {"color": color, "highlight": "#000000", "hover": "#000000"},
        "tip": tooltip(f"{names.name(t.source)} — {names.name(t.target)}", rows, notes=flags),
    }
    if dashes:
        edge["dashes"] = True
    return edge


def build_person_network(result: AnalysisResult, sel: Selection, h: Highlights, *,
                         size_by: str, names: Pseudonyms):
    """A pyvis network of the selected people and the ties among them."""
    people = {p.id: p for p in result.people}
    unit_names = {u.id: u.name for u in result.units}
    index = {pid: i for i, pid in enumerate(sel.people)}
    nodes = [_person_node(people[pid], index[pid], size_by=size_by, h=h, names=names,
                          unit_names=unit_names, focus=pid in sel.focus) for pid in sel.people]
    ties = [t for t in result.ties if t.source in index and t.target in index]
    max_strength = max((t.strength for t in ties), default=0.0)
    edges = [_tie_edge(t, index[t.source], index[t.target], names=names, max_strength=max_strength)
             for t in ties]
    net = new_network()
    net.nodes, net.edges = nodes, edges  # in bulk: pyvis add_edge scans all edges each call
    net.node_ids = list(range(len(nodes)))
    opts = physics_options(len(nodes), seed=result.meta.seed)
    opts["nodes"]["scaling"] = {"min": 8, "max": 42, "label": {"enabled": True, "min": 11, "max": 26,
                                                            "drawThreshold": 6, "maxVisible": 30}}
    net.options = opts
    return net


def render_person_map(result: AnalysisResult, path: str | Path, *, size_by: str = "betweenness",
                      max_nodes: int | None = DEFAULT_MAX_NODES, pseudonymize: bool = False,
                      pseudonym_salt: str = "", focus: str | None = None, depth: int = 2,
                      thresholds: AuditThresholds | None = None, title: str | None = None) -> MapInfo:
    """Write an interactive person map (or, with ``focus``, an ego map).

    Parameters
    ----------
    result : AnalysisResult
        A computed analysis; the map only renders it.
    path : str or Path
        Output ``.html`` file (self-contained, works offline).
    size_by : str
        Node size: one of ``betweenness``, ``betweenness_unweighted``,
        ``harmonic_closeness``, ``pagerank``, ``degree``, ``strength``.
    max_nodes : int or None
        Show at most this many people (the most relevant; see
        :mod:`relgraph.maps.select`); ``None`` or 0 for all. The page says how
        many were left out.
    pseudonymize, pseudonym_salt : bool, str
        Replace names and ids with stable pseudonyms (:mod:`relgraph.maps.privacy`).
    focus, depth : str, int
        Ego map: a person or unit (id or exact name) and the hops around it.
    thresholds : AuditThresholds, optional
        Which executives and units count as findings (the audit's thresholds).

    Returns
    -------
    MapInfo

    Raises
    ------
    UsageError
        Unknown ``size_by``, ``focus`` not found, negative ``depth``/``max_nodes``.
    """
    t = thresholds or AuditThresholds()
    h = find_highlights(result, t)
    sel = select_people(result, h, size_by=size_by, max_nodes=max_nodes, focus=focus, depth=depth)
    names = Pseudonyms({p.id: p.name for p in result.people}, enabled=pseudonymize, salt=pseudonym_salt)
    net = build_person_network(result, sel, h, size_by=size_by, names=names)
    kind = "ego" if focus is not None else "person"
    if title is None:
        if focus is not None:
            who = sel.focus_label
            if len(sel.focus) == 1 and pseudonymize:
                who = names.name(next(iter(sel.focus)))
            title = f"Relationship map around {who} ({depth} hop{'s' if depth != 1 else ''})"
        else:
            title = "Relationship map: people"
    subtitle = [f"{len(sel.people):,} people, {len(net.edges):,} ties; {_window(result)}; "
                f"size = {size_by.replace('_', ' ')}, edge width = tie strength."]
    notes = []
    if sel.left_out:
        notes.append(f"Showing the {len(sel.people):,} most relevant of {sel.total:,} people "
                     f"(executives, people with findings, then highest {size_by.replace('_', ' ')}); "
                     f"{sel.left_out:,} left out. Use --focus for a neighbourhood or --max-nodes to "
                     f"change the limit.")
    shown = set(sel.people)
    kinds = sorted({p.unit_kind for p in result.people if p.id in shown})
    present = {p.level for p in result.people if p.id in shown}
    levels = [lv for lv in style.LEVEL_SHAPES if lv in present]
    legend = [("Unit kind (fill)", style.legend_kinds(kinds or ["it", "business", "vendor"])),
              ("Level (shape)", style.legend_levels(levels)),
              ("Findings", style.legend_person_findings(t.executive_score))]
    hint = "Hover a person or a tie for its figures; scroll to zoom, drag to move."
    html = render_page(net, title=title, subtitle=subtitle, notes=notes, legend=legend, hint=hint)
    size = write_page(path, html)
    return MapInfo(kind=kind, path=str(path), title=title, nodes=len(net.nodes),
                   edges=len(net.edges), total=sel.total, left_out=sel.left_out, bytes=size)
