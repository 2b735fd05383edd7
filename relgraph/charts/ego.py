"""A small ego diagram: one person in the middle, their contacts around, by unit kind.

Contacts are placed on a circle grouped by kind (IT, business, vendor), line width
proportional to the square root of the tie strength; the caption counts contacts
per kind, which is what the finding is about ("36 contacts, none in IT"). Contacts
are not named: the picture is about the shape of a person's network.
"""

from __future__ import annotations

import math

from relgraph.charts.svg import KIND_FILL, esc, open_svg, text

KIND_ORDER = ("it", "business", "vendor")
KIND_WORD = {"it": "IT", "business": "business", "vendor": "vendor"}


def ego_chart(label: str, contacts: list[tuple[str, float]], *, centre_kind: str = "business",
              size: int = 150, max_drawn: int = 40) -> str:
    """An inline SVG ego diagram.

    Parameters
    ----------
    label : str
        Accessible name (e.g. the person's name).
    contacts : list of (kind, strength)
        One entry per contact: the contact's unit kind and the tie strength.
    centre_kind : str
        The person's own unit kind (fill of the centre).
    max_drawn : int
        At most this many contacts are drawn (the strongest); the caption counts all.
    """
    height = size + 30
    parts = [open_svg(size, height, label, "ego")]
    cx = cy = size / 2
    counts = {k: 0 for k in KIND_ORDER}
    for k, _s in contacts:
        counts[k] = counts.get(k, 0) + 1
    drawn = sorted(contacts, key=lambda c: -c[1])[:max_drawn]
    drawn.sort(key=lambda c: (KIND_ORDER.index(c[0]) if c[0] in KIND_ORDER else 9, -c[1]))
    smax = max((s for _, s in drawn), default=1.0) or 1.0
    r = size / 2 - 12
    for i, (k, s) in enumerate(drawn):
        a = -math.pi / 2 + 2 * math.pi * i / max(len(drawn), 1)
        x, y = cx + r * math.cos(a), cy + r * math.sin(a)
        wdt = 0.6 + 2.4 * math.sqrt(s / smax)
        parts.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" '
                     f'stroke="#98a2b3" stroke-width="{wdt:.2f}"/>')
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{KIND_FILL.get(k, "#7f7f7f")}" '
                     f'data-kind="{esc(k)}"/>')
    parts.append(f'<circle cx="{cx}" cy="{cy}" r="9" fill="{KIND_FILL.get(centre_kind, "#7f7f7f")}" '
                 'stroke="#101828" stroke-width="2"/>')
    if not contacts:
        parts.append(text(cx, cy + 26, "no contact", size=11, anchor="middle", fill="#b42318"))
    total = len(contacts)
    caption = f"{total} contact{'s' if total != 1 else ''}: " + ", ".join(
        f"{counts[k]} {KIND_WORD[k]}" for k in KIND_ORDER if counts.get(k) or k == "it")
    parts.append(text(cx, size + 20, caption, size=10, anchor="middle"))
    return "".join(parts) + "</svg>"
