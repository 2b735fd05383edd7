"""The unit map as a static picture (for the report, which runs no script).

Units are discs sized by headcount and coloured by kind, placed by
:func:`relgraph.layout.place_units` (seeded; labels never overlap); lines are the
ties between units (width ~ square root of strength), dashed orange when the pair
hangs on one person; a siloed unit has a dashed red outline.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from relgraph.charts.svg import KIND_FILL, clip, esc, open_svg, text, text_width
from relgraph.layout import place_units


@dataclass
class UnitDot:
    """One unit as the chart draws it."""

    id: str
    name: str
    kind: str
    headcount: int
    silo: bool = False
    finding: bool = False
    size_note: str = ""


@dataclass
class UnitLink:
    a: str
    b: str
    strength: float
    fragile: bool = False


def unit_map_chart(label: str, units: list[UnitDot], links: list[UnitLink], *, seed: int,
                   width: int = 960, max_height: int = 720) -> str:
    """An inline SVG of the unit map, scaled to ``width`` pixels."""
    if not units:
        return open_svg(width, 40, label, "unitmap") + text(10, 24, "no units") + "</svg>"
    hmax = max(u.headcount for u in units) or 1
    font = 12.0
    names = {u.id: clip(u.name, 28) for u in units}
    spec = [(u.id, 8 + 26 * math.sqrt(u.headcount / hmax), text_width(names[u.id], font) + 6)
            for u in units]
    place = place_units(spec, [(lk.a, lk.b, lk.strength) for lk in links], seed=seed,
                        label_h=font + 6)
    x0 = min(min(p.x - p.r, p.label_box[0]) for p in place.values())
    x1 = max(max(p.x + p.r, p.label_box[2]) for p in place.values())
    y0 = min(p.y - p.r for p in place.values())
    y1 = max(p.label_box[3] for p in place.values())
    scale = min(width / max(x1 - x0 + 20, 1), max_height / max(y1 - y0 + 20, 1), 1.6)
    height = round((y1 - y0 + 20) * scale)

    def tx(x: float) -> float:
        return (x - x0 + 10) * scale

    def ty(y: float) -> float:
        return (y - y0 + 10) * scale

    smax = max((lk.strength for lk in links), default=1.0) or 1.0
    parts = [open_svg(width, height, label, "unitmap")]
    for lk in sorted(links, key=lambda lk: (lk.fragile, lk.strength)):
        a, b = place.get(lk.a), place.get(lk.b)
        if a is None or b is None:
            continue
        w = 0.5 + 5 * math.sqrt(lk.strength / smax)
        style = ('stroke="#f79009" stroke-dasharray="5,3"' if lk.fragile
                 else 'stroke="#98a2b3" stroke-opacity="0.6"')
        parts.append(f'<line x1="{tx(a.x):.1f}" y1="{ty(a.y):.1f}" x2="{tx(b.x):.1f}" '
                     f'y2="{ty(b.y):.1f}" {style} stroke-width="{w * scale:.2f}"/>')
    for u in units:
        p = place[u.id]
        stroke = ('stroke="#d92d20" stroke-width="3" stroke-dasharray="5,3"' if u.silo
                  else 'stroke="#101828" stroke-width="1"')
        parts.append(f'<circle cx="{tx(p.x):.1f}" cy="{ty(p.y):.1f}" r="{p.r * scale:.1f}" '
                     f'fill="{KIND_FILL.get(u.kind, "#7f7f7f")}" fill-opacity="0.85" {stroke}>'
                     f"<title>{esc(u.name)}: {esc(u.size_note or f'{u.headcount} people')}</title></circle>")
        bx = p.label_box
        parts.append(text(tx((bx[0] + bx[2]) / 2), ty(bx[3]) - 4 * scale, names[u.id],
                          size=round(font * scale, 1), anchor="middle",
                          weight="bold" if u.silo or u.finding else "normal",
                          fill="#b42318" if u.silo else "#101828"))
    return "".join(parts) + "</svg>"
