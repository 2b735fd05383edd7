"""Unit maps: one node per unit, edges = ties between units.

Readable at any head count (a 20,000-person org is a few dozen units). Node
size = headcount, fill = unit kind, a dashed red outline = siloed unit (the
audit's E-I rule), edge width = summed tie strength between the two units, a
dashed orange edge = the pair hangs on single points of contact. Clicking a
unit opens its drill-down person map when one was written (see
:func:`relgraph.maps.write_maps`). Units smaller than ``min_group_size`` are
hidden with their edges (privacy: small groups identify people).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from relgraph.analysis.result import AnalysisResult, UnitMetrics, UnitPair
from relgraph.config import AuditThresholds
from relgraph.errors import UsageError
from relgraph.maps import style
from relgraph.maps.base import MapInfo
from relgraph.maps.highlights import Highlights, find_highlights
from relgraph.maps.html import new_network, physics_options, render_page, tooltip, write_page
from relgraph.maps.privacy import Pseudonyms
from relgraph.maps.style import fmt


def _unit_node(u: UnitMetrics, idx: int, *, h: Highlights, href: str | None,
               max_head: int) -> dict[str, Any]:
    color = style.kind_color(u.kind)
    silo = u.id in h.silo_units
    rows = [
        ("id", u.id), ("kind", u.kind),
        ("headcount", fmt(u.headcount)), ("active in window", fmt(u.active)),
        ("internal ties", fmt(u.internal_ties)), ("external ties", fmt(u.external_ties)),
        ("E-I index (Krackhardt-Stern)", fmt(u.ei_index)),
        ("E-I weighted", fmt(u.ei_weighted)),
        ("E-I expected by chance", fmt(u.ei_expected)),
        ("p-value (E-I this low)", fmt(u.ei_p_value)),
        ("ties to IT / business / vendor",
         f"{u.ties_to_it:,} / {u.ties_to_business:,} / {u.ties_to_vendor:,}"),
        ("units reached", fmt(u.units_reached)),
    ]
    notes = ["siloed unit: few ties leave it"] if silo else []
    if href:
        notes.append("click to open its people map")
    size = 14 + 40 * math.sqrt(u.headcount / max_head) if max_head else 14
    node: dict[str, Any] = {
        "id": idx, "label": u.name, "shape": "dot", "size": round(size, 2),
        "color": {"background": color, "border": style.DISCONNECTED_EXEC if silo else style.darker(color),
                  "highlight": {"background": color, "border": "#000000"},
                  "hover": {"background": color, "border": "#000000"}},
        "borderWidth": 5 if silo else 1.5,
        "font": {"size": 16},
        "tip": tooltip(u.name, rows, notes=notes),
    }
    if silo:
        node["shapeProperties"] = {"borderDashes": style.SILO_DASHES}
    if href:
        node["href"] = href
    return node


def _pair_edge(p: UnitPair, a: int, b: int, *, names: Pseudonyms, unit_names: dict[str, str],
               max_strength: float) -> dict[str, Any]:
    fragile = bool(p.single_points)
    rows = [
        ("ties", fmt(p.ties)), ("strength", fmt(p.strength, 2)),
        (f"people in {unit_names.get(p.unit_a, p.unit_a)}", fmt(p.people_a)),
        (f"people in {unit_names.get(p.unit_b, p.unit_b)}", fmt(p.people_b)),
        ("carried most by", f"{names.name(p.top_person)} ({100 * p.top_person_share:.0f}%)"),
    ]
    notes = []
    if fragile:
        who = ", ".join(names.name(x) for x in p.single_points)
        notes.append(f"single point(s) of contact: {who}")
    return {
        "from": a, "to": b, "width": style.width_for(p.strength, max_strength, 1.0, 12.0),
        "color": {"color": style.SINGLE_POINT if fragile else style.PAIR_COLOR,
                  "highlight": "#000000", "hover": "#000000"},
        "dashes": fragile,
        "tip": tooltip(f"{unit_names.get(p.unit_a, p.unit_a)} — {unit_names.get(p.unit_b, p.unit_b)}",
                       rows, notes=notes),
    }


def render_unit_map(result: AnalysisResult, path: str | Path, *, min_group_size: int = 0,
                    pseudonymize: bool = False, pseudonym_salt: str = "",
                    drill_down: dict[str, str] | None = None,
                    thresholds: AuditThresholds | None = None) -> MapInfo:
    """Write the unit map.

    Parameters
    ----------
    result : AnalysisResult
        A computed analysis (uses ``units`` and ``unit_pairs``).
    path : str or Path
        Output ``.html`` file.
    min_group_size : int
        Hide units with fewer people than this (and their edges); 0 shows all.
    pseudonymize, pseudonym_salt : bool, str
        Pseudonyms for the people named in edge tooltips (top person, single points).
    drill_down : dict, optional
        Unit id -> relative link of its person map; clicking the unit opens it.
    thresholds : AuditThresholds, optional
        Silo rule (the audit's thresholds).

    Returns
    -------
    MapInfo
    """
    if min_group_size < 0:
        raise UsageError("--min-group-size must be 0 or more")
    t = thresholds or AuditThresholds()
    h = find_highlights(result, t)
    names = Pseudonyms({p.id: p.name for p in result.people}, enabled=pseudonymize, salt=pseudonym_salt)
    shown = [u for u in result.units if u.headcount >= min_group_size]
    hidden = len(result.units) - len(shown)
    index = {u.id: i for i, u in enumerate(shown)}
    unit_names = {u.id: u.name for u in result.units}
    max_head = max((u.headcount for u in shown), default=0)
    links = drill_down or {}
    nodes = [_unit_node(u, index[u.id], h=h, href=links.get(u.id), max_head=max_head) for u in shown]
    pairs = [p for p in result.unit_pairs if p.unit_a in index and p.unit_b in index
             and p.unit_a != p.unit_b]
    max_strength = max((p.strength for p in pairs), default=0.0)
    edges = [_pair_edge(p, index[p.unit_a], index[p.unit_b], names=names, unit_names=unit_names,
                        max_strength=max_strength) for p in pairs]
    net = new_network()
    net.nodes, net.edges = nodes, edges
    net.node_ids = list(range(len(nodes)))
    opts = physics_options(len(nodes), seed=result.meta.seed)
    if "barnesHut" in opts["physics"]:
        opts["physics"]["barnesHut"]["springLength"] = 220
    net.options = opts
    title = "Relationship map: units"
    people = sum(u.headcount for u in result.units)
    subtitle = [f"{len(shown):,} units ({people:,} people), {len(edges):,} unit pairs with ties; "
                "node size = headcount, edge width = tie strength between the units."]
    notes = []
    if hidden:
        notes.append(f"{hidden:,} unit(s) with fewer than {min_group_size} people hidden "
                     "(--min-group-size).")
    kinds = sorted({u.kind for u in shown})
    legend = [("Unit kind (fill)", style.legend_kinds(kinds or ["it", "business", "vendor"])),
              ("Findings", style.legend_unit_findings())]
    hint = ("Hover a unit or a link for its figures"
            + ("; click a unit to open its people." if links else "."))
    html = render_page(net, title=title, subtitle=subtitle, notes=notes, legend=legend, hint=hint)
    size = write_page(path, html)
    return MapInfo(kind="unit", path=str(path), title=title, nodes=len(nodes), edges=len(edges),
                   total=len(result.units), hidden_units=hidden, bytes=size)
