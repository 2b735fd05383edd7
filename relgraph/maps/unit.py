"""Unit maps: one node per unit, edges = ties between units.

Readable at any head count (a 20,000-person organisation is a few hundred units).
Node size = head count, fill = unit kind, a dashed red outline = siloed unit (the
audit's E-I rule), edge width = summed tie strength between the two units, a dashed
orange edge = the pair hangs on single points of contact. Positions come from
:func:`relgraph.layout.place_units`: seeded, and no two units' discs or labels
overlap. Clicking a unit shows its figures and a link to its drill-down person map.

Privacy: a unit with fewer than ``min_group_size`` people is still drawn (findings
can be about it, e.g. a vendor known by one person) but as "a unit with fewer than N
people": fixed small size, no figures.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from relgraph.analysis.result import AnalysisResult, UnitMetrics
from relgraph.config import AuditThresholds
from relgraph.errors import UsageError
from relgraph.layout import place_units
from relgraph.maps import style
from relgraph.maps.base import MapInfo
from relgraph.maps.highlights import find_highlights
from relgraph.maps.html import write_page
from relgraph.maps.mapfindings import KIND_LABELS, MapFinding
from relgraph.maps.page import render_explorer
from relgraph.maps.palette import kind_border
from relgraph.maps.privacy import Pseudonyms
from relgraph.maps.style import fmt

LABEL_FONT = 14.0
"""Unit label size on the unit map (canvas units); label boxes are laid out with it."""


def label_width(name: str) -> float:
    """Width reserved for a unit label (0.6 em per character, Helvetica-like fonts)."""
    return 0.6 * LABEL_FONT * len(name) + 8


def _rows(u: UnitMetrics) -> list[list[str]]:
    return [
        ["id", u.id], ["kind", u.kind], ["people", fmt(u.headcount)],
        ["active in window", fmt(u.active)], ["ties inside", fmt(u.internal_ties)],
        ["ties outside", fmt(u.external_ties)], ["E-I index (Krackhardt-Stern)", fmt(u.ei_index)],
        ["E-I weighted", fmt(u.ei_weighted)], ["E-I expected by chance", fmt(u.ei_expected)],
        ["p-value (E-I this low)", fmt(u.ei_p_value)],
        ["ties to IT / business / vendor", f"{u.ties_to_it:,} / {u.ties_to_business:,} / {u.ties_to_vendor:,}"],
        ["units reached", fmt(u.units_reached)],
    ]


def unit_page(result: AnalysisResult, findings: list[MapFinding], *, min_group_size: int,
              names: Pseudonyms, thresholds: AuditThresholds,
              drill_down: dict[str, str]) -> tuple[dict[str, Any], int]:
    """Explorer data of the unit map and the number of units drawn as small."""
    h = find_highlights(result, thresholds)
    units = [u for u in result.units if u.headcount > 0 or any(
        u.id in (p.unit_a, p.unit_b) for p in result.unit_pairs)]
    small = {u.id for u in units if min_group_size and u.headcount < min_group_size}
    max_head = max((u.headcount for u in units if u.id not in small), default=1) or 1

    def radius(u: UnitMetrics) -> float:
        return 8.0 if u.id in small else round(10 + 36 * math.sqrt(u.headcount / max_head), 1)

    labels = {u.id: u.name + (f" (<{min_group_size})" if u.id in small else "") for u in units}
    pairs = [p for p in result.unit_pairs if p.unit_a != p.unit_b]
    place = place_units([(u.id, radius(u), label_width(labels[u.id])) for u in units],
                        [(p.unit_a, p.unit_b, p.strength) for p in pairs], seed=result.meta.seed,
                        label_h=LABEL_FONT + 8)
    index = {u.id: i for i, u in enumerate(units)}
    nodes = []
    for u in units:
        pl = place[u.id]
        color = style.kind_color(u.kind)
        node: dict[str, Any] = {
            "label": labels[u.id], "uid": u.id, "kind": u.kind, "x": pl.x, "y": pl.y,
            "size": pl.r, "color": color, "border": style.DISCONNECTED_EXEC if u.id in h.silo_units
            else kind_border(u.kind), "silo": 1 if u.id in h.silo_units else 0,
            "box": list(pl.label_box),
        }
        if u.id in small:
            node["rows"] = [["id", u.id], ["kind", u.kind], ["people", f"fewer than {min_group_size}"]]
            node["note"] = (f"A unit with fewer than {min_group_size} people: its figures are not "
                            "shown (minimum group size).")
        else:
            node["rows"] = _rows(u)
        if u.id in drill_down:
            node["href"] = drill_down[u.id]
        nodes.append(node)
    max_s = max((p.strength for p in pairs), default=1.0) or 1.0
    edges = []
    for p in pairs:
        if p.unit_a in index and p.unit_b in index:
            edges.append([index[p.unit_a], index[p.unit_b], round(p.strength / max_s * max_s, 3),
                          1 if p.single_points else 0, p.ties])
    fout = []
    for f in findings:
        fu = sorted({index[u] for u in f.units if u in index})
        if not fu:
            continue
        fout.append({"kind": f.kind, "sev": f.severity, "title": f.title, "n": fu, "u": fu, "e": []})
    for i, f in enumerate(fout):  # a unit glows for findings about the unit itself
        for n in f["n"]:
            if f["kind"] in ("siloed-unit", "silo-opened", "new-bridge") or (
                    f["kind"] == "fragile-bridge" and nodes[n]["kind"] == "vendor"):
                nodes[n].setdefault("f", []).append(i)
    _ = names
    data = {"view": "units", "nodes": nodes, "edges": edges, "findings": fout,
            "kindLabels": KIND_LABELS, "seed": result.meta.seed,
            "kindBorder": {k: kind_border(k) for k in ("it", "business", "vendor")}}
    return data, len(small)


def render_unit_map(result: AnalysisResult, path: str | Path, *, min_group_size: int = 0,
                    pseudonymize: bool = False, pseudonym_salt: str = "",
                    drill_down: dict[str, str] | None = None,
                    thresholds: AuditThresholds | None = None,
                    findings: list[MapFinding] | None = None) -> MapInfo:
    """Write the unit map.

    Parameters
    ----------
    result : AnalysisResult
        A computed analysis (uses ``units`` and ``unit_pairs``).
    path : str or Path
        Output ``.html`` file.
    min_group_size : int
        Units with fewer people are drawn small and without figures; 0: all figures.
    pseudonymize, pseudonym_salt : bool, str
        Pseudonyms for the people named in finding titles.
    drill_down : dict, optional
        Unit id -> relative link of its person map (opened from the side panel or by a
        double click).
    thresholds : AuditThresholds, optional
        Silo rule (the audit's thresholds).
    findings : list of MapFinding, optional
        The audit's findings, listed in the page and marked on their units.
    """
    if min_group_size < 0:
        raise UsageError("--min-group-size must be 0 or more")
    t = thresholds or AuditThresholds()
    names = Pseudonyms({p.id: p.name for p in result.people}, enabled=pseudonymize, salt=pseudonym_salt)
    links = drill_down or {}
    data, small = unit_page(result, findings or [], min_group_size=min_group_size, names=names,
                            thresholds=t, drill_down=links)
    title = "Relationship map: units"
    people = sum(u.headcount for u in result.units)
    subtitle = [f"{len(data['nodes']):,} units ({people:,} people), {len(data['edges']):,} unit "
                "pairs with ties; node size = people, edge width = tie strength between the units."]
    notes = []
    if small:
        notes.append(f"{small:,} unit(s) with fewer than {min_group_size} people are drawn small "
                     "and without figures (minimum group size).")
    data["hint"] = ("Click a unit for its figures" + ("; double-click, or use the link in the "
                    "panel, to open its people." if links else "."))
    html = render_explorer(data, title=title, subtitle=subtitle, notes=notes,
                           legend=style.legend_unit_findings())
    size = write_page(path, html)
    return MapInfo(kind="unit", path=str(path), title=title, nodes=len(data["nodes"]),
                   edges=len(data["edges"]), total=len(result.units), hidden_units=0, bytes=size)
