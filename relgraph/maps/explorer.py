"""Page data of the map explorer: people, ties, units and findings, laid out in advance.

:func:`person_page` turns an analysis (and the audit's findings) into the JSON that
the explorer page (:mod:`relgraph.maps.page`) draws: one entry per person with
position, unit, kind, level and the size metrics; ties as compact rows; the units
with their cluster and label positions; the findings with the people, ties and units
they are about. Positions come from :func:`relgraph.layout.place_units` and a
sunflower per unit, so the page opens laid out, with no physics. Nothing here is a
metric: every figure is the analysis'.

Privacy (``min_group_size`` with ``pseudonymize``): people of units smaller than the
minimum group size are drawn in one "units under N people" cluster per kind, and a
level held by fewer than N people of a unit is not shown (shape and panel), so no
node singles out a small unit/level pair.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from relgraph.analysis.result import PersonMetrics
from relgraph.layout import cluster_radius, place_units, sunflower
from relgraph.maps.context import MapContext
from relgraph.maps.mapfindings import MapFinding
from relgraph.maps.palette import KIND_WORD, kind_border, unit_colors
from relgraph.maps.select import Selection
from relgraph.maps.style import LEVEL_SHAPES, SIZE_BY_CHOICES

SPACING = 34.0
"""Distance between neighbouring people in a unit cluster (canvas units)."""
BRIDGING, LOCAL_BRIDGE, BRIDGE, CROSS_UNIT, LOST = 1, 2, 4, 8, 16
METRIC_LABELS = {
    "betweenness": "betweenness (weighted)", "betweenness_unweighted": "betweenness (hops)",
    "harmonic_closeness": "harmonic closeness", "pagerank": "PageRank", "degree": "contacts",
    "strength": "tie strength (sum)",
}


def _r(v: float | None) -> float | None:
    if v is None:
        return None
    return float(f"{v:.4g}")


@dataclass
class UnitView:
    key: str
    name: str
    kind: str
    members: list[str]


def _unit_views(ctx: MapContext, people: list[PersonMetrics], *,
                min_group_size: int) -> tuple[dict[str, UnitView], dict[str, str], dict[str, str]]:
    """Clusters on the page (unit id, or one aggregate per kind for small units)."""
    head = ctx.headcount
    aggregate = ctx.names.enabled and min_group_size > 0
    views: dict[str, UnitView] = {}
    of: dict[str, str] = {}
    ukey: dict[str, str] = {}
    for p in people:
        if aggregate and head.get(p.unit, 0) < min_group_size:
            key = f"small:{p.unit_kind}"
            name = f"{KIND_WORD.get(p.unit_kind, p.unit_kind)} units under {min_group_size} people"
        else:
            key = p.unit
            name = ctx.unit_names.get(p.unit, p.unit)
        v = views.setdefault(key, UnitView(key, name, p.unit_kind, []))
        v.members.append(p.id)
        of[p.id] = key
        ukey[p.unit] = key
    return views, of, ukey


def person_page(ctx: MapContext, sel: Selection, findings: list[MapFinding], *,
                size_by: str, min_group_size: int = 0,
                unit_links: dict[str, str] | None = None) -> dict[str, Any]:
    """The explorer data of a person map (or ego / unit drill-down map)."""
    result, names, silo_units = ctx.result, ctx.names, ctx.highlights.silo_units
    everyone = ctx.people
    people = [everyone[pid] for pid in sel.people]
    index = {p.id: i for i, p in enumerate(people)}
    views, unit_of, ukey = _unit_views(ctx, people, min_group_size=min_group_size)
    # quasi-identifiers: a (unit, level) pair with fewer than N people is not shown
    cell = ctx.cell
    hide_level = names.enabled and min_group_size > 0
    # layout: a sunflower per unit (most central first), units placed by the unit graph
    mi = SIZE_BY_CHOICES.index(size_by)
    pos: dict[str, tuple[float, float]] = {}
    spec = []
    font: dict[str, float] = {}
    for key in sorted(views):
        v = views[key]
        v.members.sort(key=lambda pid: (-float(getattr(everyone[pid], size_by) or 0), pid))
        r = cluster_radius(len(v.members), SPACING)
        fs = max(22.0, min(64.0, 0.3 * r))
        font[key] = fs
        spec.append((key, r, 0.6 * fs * len(v.name) + 8))
        for pid, (x, y) in zip(v.members, sunflower(len(v.members), SPACING), strict=True):
            pos[pid] = (x, y)
    pair_w: dict[tuple[str, str], float] = defaultdict(float)
    centre = {ukey[unit_of_focus] for unit_of_focus in {everyone[f].unit for f in sel.focus}
              if unit_of_focus in ukey}
    if not centre:  # the whole organisation: units placed by the unit graph
        for pr in result.unit_pairs:
            a = ukey.get(pr.unit_a)
            b = ukey.get(pr.unit_b)
            if a and b and a != b:
                pair_w[(min(a, b), max(a, b))] += pr.strength
    place = place_units(spec, [(a, b, w) for (a, b), w in sorted(pair_w.items())],
                        seed=result.meta.seed, label_below=False,
                        label_h=1.35 * max(font.values(), default=16.0), centre=centre)
    colors = unit_colors([(k, v.kind, len(v.members)) for k, v in views.items()])
    unit_keys = sorted(views)
    uidx = {k: i for i, k in enumerate(unit_keys)}
    units_out = []
    for k in unit_keys:
        v, pl = views[k], place[k]
        color, group = colors[k]
        units_out.append({
            "key": k, "name": v.name, "kind": v.kind, "color": color, "group": group,
            "x": pl.x, "y": pl.y, "r": round(pl.r, 1), "fs": round(font[k], 1),
            "lx": round((pl.label_box[0] + pl.label_box[2]) / 2, 1), "ly": round(pl.label_box[3] - 0.25 * font[k], 1),
            "n": len(v.members), "href": (unit_links or {}).get(k, ""),
            "silo": 1 if k in (silo_units or set()) else 0,
        })
    nodes = []
    for p in people:
        k = unit_of[p.id]
        pl = place[k]
        dx, dy = pos[p.id]
        level = p.level
        if hide_level and cell[(p.unit, p.level)] < min_group_size:
            level = ""
        nodes.append({
            "label": names.name(p.id), "pid": names.ident(p.id), "t": names.title(p.title),
            "u": uidx[k], "k": p.unit_kind, "l": level,
            "x": round(pl.x + dx, 1), "y": round(pl.y + dy, 1),
            "m": [_r(getattr(p, m)) for m in SIZE_BY_CHOICES],
            "e": [_r(p.constraint), sum(p.brokerage.values()), int(p.articulation_point),
                  int(p.isolated)],
            "focus": 1 if p.id in sel.focus else 0,
        })
    edges = []
    shown = set()
    for t in ctx.ties_among([p.id for p in people], index):
        a, b = index[t.source], index[t.target]
        flags = ((BRIDGING if t.bridging else 0) | (LOCAL_BRIDGE if t.local_bridge else 0)
                 | (BRIDGE if t.bridge else 0) | (CROSS_UNIT if t.cross_unit else 0))
        edges.append([a, b, _r(t.strength), flags, t.count, _r(t.source_share)])
        shown.add((t.source, t.target))
    fout = []
    for f in findings:
        fn = [index[p] for p in f.people if p in index]
        fu = sorted({uidx[ukey[u]] for u in f.units if u in ukey})
        fe = []
        for a, b in f.ties:
            if a in index and b in index:
                fe.append([index[a], index[b]])
                if (a, b) not in shown:  # the tie is gone: draw it as lost
                    edges.append([index[a], index[b], 0, LOST, 0, 0.5])
                    shown.add((a, b))
        if f.kind in ("siloed-unit", "silo-opened"):
            fn = [index[p] for u in f.units if u in ukey for p in views[ukey[u]].members
                  if p in index]
        if not fn and not fu and not fe:
            continue
        fout.append({"kind": f.kind, "sev": f.severity, "title": f.title, "n": fn, "u": fu,
                     "e": fe})
    for i, f in enumerate(fout):
        for n in f["n"]:
            nodes[n].setdefault("f", []).append(i)
    return {"view": "people", "nodes": nodes, "edges": edges, "units": units_out,
            "findings": fout, "metrics": list(SIZE_BY_CHOICES),
            "metricLabels": [METRIC_LABELS[m] for m in SIZE_BY_CHOICES], "sizeBy": mi,
            "levels": [lv for lv in LEVEL_SHAPES if any(n["l"] == lv for n in nodes)],
            "shapes": LEVEL_SHAPES, "kindBorder": {k: kind_border(k) for k in ("it", "business", "vendor")}}
