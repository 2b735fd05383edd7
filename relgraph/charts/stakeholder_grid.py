"""Mendelow's power/interest grid as an SVG: one dot per stakeholder, IT's engagement drawn on it.

The grid's axes are the 1-5 scales of :mod:`relgraph.analysis.stakeholder_grid`
(interest across, power up) with the quadrant lines at the "high" threshold; a dot's
area grows with IT's engagement (tie strength with IT; square-root scale, so the area is
proportional) and a red dot is weak engagement. Dots that would sit on top of each other
are fanned out a little; labels give the name and the engagement figure, so the picture
never says more than the table.

References
----------
Mendelow, A. (1991). Environmental scanning: the impact of the stakeholder concept.
Proceedings of the Second International Conference on Information Systems, 407-418.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from relgraph.charts.svg import AXIS, BAD, GOOD, clip, esc, number, open_svg, text, text_width

QUADRANT_LABELS = (("keep satisfied", 0, 1), ("manage closely", 1, 1), ("monitor", 0, 0),
                   ("keep informed", 1, 0))


@dataclass(frozen=True)
class GridDot:
    """One stakeholder to draw (figures computed elsewhere)."""

    label: str
    power: float
    interest: float
    engagement: float
    weak: bool


def stakeholder_grid_chart(title: str, dots: list[GridDot], *, high: float = 3.0,
                           size: int = 460) -> str:
    """The grid as an inline SVG string (no script; every text escaped)."""
    left, top, right, bottom = 56, 16, 190, 64
    w, h = size, size * 0.8
    width, height = left + w + right, top + h + bottom

    def x(v: float) -> float:  # 1..5 inside a 0.5..5.5 frame
        return left + (min(max(v, 1.0), 5.0) - 0.5) / 5.0 * w

    def y(v: float) -> float:
        return top + h - (min(max(v, 1.0), 5.0) - 0.5) / 5.0 * h

    parts = [open_svg(width, height, title, "grid")]
    hx, hy = x(high), y(high)
    parts.append(f'<rect x="{hx:.1f}" y="{top}" width="{left + w - hx:.1f}" height="{hy - top:.1f}" '
                 'fill="#fef3f2"/>')  # manage closely
    parts.append(f'<rect x="{left}" y="{top}" width="{w}" height="{h:.1f}" fill="none" stroke="{AXIS}"/>')
    parts.append(f'<line x1="{hx:.1f}" y1="{top}" x2="{hx:.1f}" y2="{top + h:.1f}" stroke="{AXIS}" '
                 'stroke-dasharray="4 3"/>')
    parts.append(f'<line x1="{left}" y1="{hy:.1f}" x2="{left + w}" y2="{hy:.1f}" stroke="{AXIS}" '
                 'stroke-dasharray="4 3"/>')
    for name, qx, qy in QUADRANT_LABELS:
        tx = (left + w - 6) if qx else (left + 6)
        ty = (top + 14) if qy else (top + h - 8)
        parts.append(text(tx, ty, name, size=11, fill="#98a2b3", weight="bold",
                          anchor="end" if qx else "start"))
    for v in (1, 2, 3, 4, 5):
        parts.append(text(x(v), top + h + 14, str(v), size=10, anchor="middle", fill="#667085"))
        parts.append(text(left - 8, y(v) + 4, str(v), size=10, anchor="end", fill="#667085"))
    parts.append(text(left + w / 2, top + h + 30, "interest", size=11, anchor="middle"))
    parts.append(f'<text x="16" y="{top + h / 2:.1f}" font-size="11" fill="#344054" '
                 f'transform="rotate(-90 16 {top + h / 2:.1f})" text-anchor="middle">power</text>')
    emax = max((d.engagement for d in dots), default=0.0) or 1.0
    seen: dict[tuple[int, int], int] = {}
    placed: list[tuple[float, float, float]] = []  # label boxes: x0, x1, baseline
    circles: list[str] = []
    labels: list[str] = []
    pos = []
    for d in sorted(dots, key=lambda d: (-d.power, d.interest, d.label)):
        cx, cy = x(d.interest), y(d.power)
        key = (round(cx / 14), round(cy / 14))
        k = seen.get(key, 0)
        seen[key] = k + 1
        if k:  # fan out dots that share a place: a small spiral
            ang = k * 2.4
            cx += 7 * math.sqrt(k) * math.cos(ang)
            cy += 7 * math.sqrt(k) * math.sin(ang)
        pos.append((d, cx, cy, 3 + 9 * math.sqrt(max(d.engagement, 0.0) / emax)))
    for d, cx, cy, r in pos:
        fill = BAD if d.weak else GOOD
        tip = (f"{d.label}: power {d.power:.1f}, interest {d.interest:.1f}, IT engagement "
               f"{number(d.engagement)}" + (" (weak)" if d.weak else ""))
        circles.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}" fill="{fill}" '
                       f'fill-opacity="0.75" stroke="#fff"><title>{esc(tip)}</title></circle>')
    dots_box = [(cx - r, cx + r, cy) for _d, cx, cy, r in pos]
    for d, cx, cy, _r in pos:
        lab = f"{clip(d.label, 24)} ({number(d.engagement)})"
        x0 = cx + 14
        x1 = x0 + text_width(lab, 10)
        base = cy + 4
        while (any(a < x1 and x0 < b and abs(base - yb) < 12 for a, b, yb in placed)
               or any(a < x1 and x0 < b and abs(base - 4 - yb) < 9 for a, b, yb in dots_box)):
            base += 12
        placed.append((x0, x1, base))
        labels.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x0 - 2:.1f}" y2="{base - 4:.1f}" '
                      'stroke="#d0d5dd" stroke-width="0.8"/>')
        labels.append(text(x0, base, lab, size=10))
    parts += labels + circles
    ly = top + h + 50
    parts.append(f'<circle cx="{left + 6}" cy="{ly - 4}" r="6" fill="{GOOD}"/>')
    parts.append(text(left + 16, ly, "adequate IT engagement", size=10))
    parts.append(f'<circle cx="{left + 156}" cy="{ly - 4}" r="6" fill="{BAD}"/>')
    parts.append(text(left + 166, ly, "weak IT engagement", size=10))
    parts.append(text(left + 290, ly, "dot area = tie strength with IT; label: name (strength)",
                      size=10))
    parts.append("</svg>")
    return "".join(parts)
