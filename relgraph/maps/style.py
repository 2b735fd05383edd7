"""Colours, shapes, sizes and the legend shared by every map.

Person maps: fill = unit (relgraph.maps.palette), border = unit kind, shape = level,
red glow = part of a finding; dashed orange tie = local bridge, dashed red = bridge.
Unit maps: fill = unit kind, dashed red outline = siloed unit, dashed orange link =
the pair hangs on single points of contact.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

KIND_COLORS: dict[str, str] = {
    "it": "#1f77b4",        # blue
    "business": "#2ca02c",  # green
    "vendor": "#9467bd",    # purple
}
OTHER_COLOR = "#7f7f7f"

LEVEL_SHAPES: dict[str, str] = {
    "executive": "star",
    "director": "diamond",
    "manager": "triangle",
    "staff": "dot",
    "contractor": "square",
    "vendor_contact": "triangleDown",
}

DISCONNECTED_EXEC = "#d62728"  # red outline
SINGLE_POINT = "#ff9900"       # orange outline
SILO_DASHES = [5, 4]           # dashed outline: member of a siloed unit
FOCUS_BORDER = "#111111"

TIE_COLOR = "rgba(110,110,110,0.35)"
BRIDGING_COLOR = "rgba(255,127,14,0.55)"  # low-overlap (bridging) tie: light orange
LOCAL_BRIDGE_COLOR = "#ff7f0e"             # local bridge (no shared contact): dashed orange
BRIDGE_COLOR = "#d62728"       # a cut edge: removing it disconnects its component
PAIR_COLOR = "rgba(90,90,90,0.45)"

SIZE_BY_CHOICES = (
    "betweenness", "betweenness_unweighted", "harmonic_closeness", "pagerank",
    "degree", "strength",
)


def kind_color(kind: str) -> str:
    """Fill colour of a unit kind (grey for unknown kinds)."""
    return KIND_COLORS.get(kind, OTHER_COLOR)


def level_shape(level: str) -> str:
    """vis-network shape of a level (``dot`` for unknown levels)."""
    return LEVEL_SHAPES.get(level, "dot")


def darker(color: str, factor: float = 0.65) -> str:
    """A darker shade of a ``#rrggbb`` colour, used as the default outline."""
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * factor) for c in (r, g, b)))


def sqrt_scale(value: float) -> float:
    """Square-root transform of a size value, so a few hubs do not dwarf everyone."""
    return math.sqrt(max(value, 0.0))


def width_for(strength: float, max_strength: float, lo: float = 1.0, hi: float = 8.0) -> float:
    """Edge width in pixels, proportional to the square root of the tie strength."""
    if max_strength <= 0:
        return lo
    return round(lo + (hi - lo) * math.sqrt(max(strength, 0.0) / max_strength), 2)


def fmt(value: float | int | None, digits: int = 3) -> str:
    """A figure as shown in tooltips (``-`` for missing)."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if math.isinf(value):
        return "inf"
    return f"{value:,.{digits}f}"


def _svg(shape: str, fill: str, stroke: str, dashed: bool = False, width: float = 1.5) -> str:
    dash = ' stroke-dasharray="3,2"' if dashed else ""
    s = f'fill="{fill}" stroke="{stroke}" stroke-width="{width}"{dash}'
    if shape == "star":
        pts = []
        for i in range(10):
            r = 8 if i % 2 == 0 else 3.5
            a = math.pi / 2 + i * math.pi / 5
            pts.append(f"{10 + r * math.cos(a):.1f},{10 - r * math.sin(a):.1f}")
        body = f'<polygon points="{" ".join(pts)}" {s}/>'
    elif shape == "diamond":
        body = f'<polygon points="10,2 18,10 10,18 2,10" {s}/>'
    elif shape == "triangle":
        body = f'<polygon points="10,3 17,16 3,16" {s}/>'
    elif shape == "triangleDown":
        body = f'<polygon points="3,4 17,4 10,17" {s}/>'
    elif shape == "square":
        body = f'<rect x="4" y="4" width="12" height="12" {s}/>'
    elif shape == "line":
        body = f'<line x1="1" y1="10" x2="19" y2="10" stroke="{stroke}" stroke-width="{width}"{dash}/>'
    else:
        body = f'<circle cx="10" cy="10" r="6.5" {s}/>'
    return f'<svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true">{body}</svg>'


def legend_kinds(kinds: Iterable[str]) -> list[tuple[str, str]]:
    """Legend rows (svg, text) for the unit kinds present."""
    names = {"it": "IT", "business": "Business", "vendor": "Vendor"}
    return [(_svg("dot", kind_color(k), darker(kind_color(k))), names.get(k, k)) for k in kinds]


def legend_levels(levels: Iterable[str]) -> list[tuple[str, str]]:
    """Legend rows (svg, text) for the levels present."""
    return [(_svg(level_shape(lv), "#bbbbbb", "#555555"), lv.replace("_", " ")) for lv in levels]


def legend_person_findings(exec_score: float) -> list[tuple[str, str]]:
    """Legend rows for the borders, marks and tie styles of the person map."""
    return [
        (_svg("dot", "#ffffff", "#1849a9", width=3), "IT (border)"),
        (_svg("dot", "#ffffff", "#067647", width=3), "business (border)"),
        (_svg("dot", "#ffffff", "#6941c6", width=3), "vendor (border)"),
        (_svg("dot", "#fde2e1", DISCONNECTED_EXEC, width=1), "red glow: part of a finding (list on the left)"),
        (_svg("dot", "#ffffff", DISCONNECTED_EXEC, dashed=True, width=2.5), "dashed red ring: siloed unit"),
        (_svg("line", "", TIE_COLOR.replace("0.35", "0.8"), width=3), "tie (width = strength)"),
        (_svg("line", "", BRIDGE_COLOR, dashed=True, width=2.5),
         "bridge (its loss splits the network)"),
        (_svg("line", "", BRIDGE_COLOR, width=3), "tie of a finding (dotted: lost since the last window)"),
        (_svg("line", "", LOCAL_BRIDGE_COLOR, dashed=True, width=2.5),
         "with the checkbox: local bridge (the two share no contact); weak ties solid orange"),
    ]


def legend_unit_findings() -> list[tuple[str, str]]:
    """Legend rows for the unit map."""
    return legend_kinds(["it", "business", "vendor"]) + [
        (_svg("dot", "#ffffff", DISCONNECTED_EXEC, dashed=True, width=3), "siloed unit (low E-I)"),
        (_svg("line", "", PAIR_COLOR.replace("0.45", "0.9"), width=3),
         "ties between units (width = strength)"),
        (_svg("line", "", SINGLE_POINT, dashed=True, width=2.5),
         "hangs on a single person (single point of contact)"),
    ]
