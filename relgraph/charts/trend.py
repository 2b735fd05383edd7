"""A headline metric over audits, drawn honestly.

The y axis starts at zero for counts and shares (0-100% for shares) and spans the
natural range -1..1 for E-I indices, so 0.443 -> 0.451 looks like the small change
it is. Every point is labelled with its value (first and last when there are many);
the last segment is green when the change is good, red when bad (``higher_is_better``).
A single audit draws no line: the value is shown as a figure with "first audit".
"""

from __future__ import annotations

from relgraph.charts.svg import AXIS, BAD, GOOD, NEUTRAL, esc, number, open_svg, text


def trend_chart(label: str, points: list[tuple[str, float | None]], *,
                higher_is_better: bool | None = None, percent: bool = False,
                signed_range: bool = False, width: int = 240, height: int = 96) -> str:
    """An inline SVG chart of ``points`` (audit day, value).

    Parameters
    ----------
    label : str
        Metric name (title of the SVG).
    points : list of (str, float or None)
        One value per audit, oldest first; ``None`` = not available.
    higher_is_better : bool or None
        Colours the last change (``None``: neutral blue).
    percent : bool
        Values are shares 0..1: axis 0..100%, labels as percentages.
    signed_range : bool
        Values lie in -1..1 (E-I index): the axis spans -1..1 with a zero line.
    """
    vals = [(i, day, v) for i, (day, v) in enumerate(points) if v is not None]
    parts = [open_svg(width, height, label, "trend")]
    pad_l, pad_r, pad_t, pad_b = 36, 12, 14, 18
    w, h = width - pad_l - pad_r, height - pad_t - pad_b
    if not vals:
        parts.append(text(pad_l, pad_t + h / 2, "no data", fill="#667085"))
        return "".join(parts) + "</svg>"
    if len(vals) == 1:
        _i, day, v = vals[0]
        parts.append(text(width / 2, pad_t + h / 2 + 4, number(v, percent=percent), size=22,
                          anchor="middle", weight="bold", fill=NEUTRAL))
        parts.append(text(width / 2, height - 6, f"first audit ({day}): no trend yet", size=10,
                          anchor="middle", fill="#667085"))
        return "".join(parts) + "</svg>"
    if signed_range:
        lo, hi = -1.0, 1.0
    elif percent:
        lo, hi = 0.0, max(1.0, max(v for _, _, v in vals))
    else:
        lo = min(0.0, min(v for _, _, v in vals))
        hi = max(v for _, _, v in vals)
        if hi <= lo:
            hi = lo + 1.0
    n = len(points)

    def xy(i: int, v: float) -> tuple[float, float]:
        x = pad_l + w * i / (n - 1)
        y = pad_t + h - (v - lo) / (hi - lo) * h
        return round(x, 1), round(y, 1)

    # axes: y from lo (0 or -1) to hi, labelled at both ends; zero line for signed ranges
    parts.append(f'<line x1="{pad_l}" y1="{pad_t}" x2="{pad_l}" y2="{pad_t + h}" stroke="{AXIS}"/>')
    parts.append(f'<line x1="{pad_l}" y1="{pad_t + h}" x2="{pad_l + w}" y2="{pad_t + h}" '
                 f'stroke="{AXIS}"/>')
    if signed_range:
        _, y0 = xy(0, 0.0)
        parts.append(f'<line x1="{pad_l}" y1="{y0}" x2="{pad_l + w}" y2="{y0}" stroke="{AXIS}" '
                     'stroke-dasharray="2,2"/>')
    parts.append(text(pad_l - 4, pad_t + 4, number(hi, percent=percent), size=9, anchor="end",
                      fill="#667085"))
    parts.append(text(pad_l - 4, pad_t + h + 3, number(lo, percent=percent), size=9, anchor="end",
                      fill="#667085"))
    coords = [(xy(i, v), day, v) for i, day, v in vals]
    if len(coords) > 1:
        d = " ".join(f"{x},{y}" for (x, y), _, _ in coords[:-1])
        if len(coords) > 2:
            parts.append(f'<polyline points="{d}" fill="none" stroke="{AXIS}" stroke-width="2"/>')
        (x1, y1), _, v1 = coords[-2]
        (x2, y2), _, v2 = coords[-1]
        color = NEUTRAL
        if higher_is_better is not None and v2 != v1:
            color = GOOD if (v2 > v1) == higher_is_better else BAD
        parts.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{color}" '
                     'stroke-width="2.5" class="last"/>')
    show = {0, len(coords) - 1} if len(coords) > 6 else set(range(len(coords)))
    for k, ((x, y), day, v) in enumerate(coords):
        parts.append(f'<circle cx="{x}" cy="{y}" r="3" fill="{NEUTRAL}"><title>{esc(day)}: '
                     f'{esc(number(v, percent=percent))}</title></circle>')
        if k in show:
            anchor = "start" if k == 0 else "end" if k == len(coords) - 1 else "middle"
            ty = y - 6 if y - 6 > pad_t - 2 else y + 12
            parts.append(text(x, ty, number(v, percent=percent), size=10, anchor=anchor))
    parts.append(text(pad_l, height - 4, points[0][0], size=9, fill="#667085"))
    parts.append(text(pad_l + w, height - 4, points[-1][0], size=9, anchor="end", fill="#667085"))
    return "".join(parts) + "</svg>"
