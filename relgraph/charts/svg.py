"""Small helpers shared by the SVG charts: escaping, text, number labels."""

from __future__ import annotations

import math
from html import escape

KIND_FILL = {"it": "#1f77b4", "business": "#2ca02c", "vendor": "#9467bd"}
GOOD = "#067647"
BAD = "#b42318"
NEUTRAL = "#175cd3"
AXIS = "#98a2b3"
TEXT = "#344054"
FONT = "font-family=\"system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif\""


def esc(text: object) -> str:
    """Escape text for SVG/HTML content and attribute values."""
    return escape(str(text), quote=True)


def open_svg(width: float, height: float, label: str, cls: str = "") -> str:
    c = f' class="{esc(cls)}"' if cls else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}" height="{height:g}" '
            f'viewBox="0 0 {width:g} {height:g}" role="img" aria-label="{esc(label)}"{c} {FONT}>'
            f"<title>{esc(label)}</title>")


def text(x: float, y: float, s: str, *, size: float = 11, anchor: str = "start",
         fill: str = TEXT, weight: str = "normal", extra: str = "") -> str:
    w = f' font-weight="{weight}"' if weight != "normal" else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" text-anchor="{anchor}" '
            f'fill="{fill}"{w}{extra}>{esc(s)}</text>')


def number(v: float, *, percent: bool = False, digits: int | None = None) -> str:
    """A value label: percentages as ``12.5%``, small numbers with 2 decimals, large rounded."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "-"
    if percent:
        p = 100 * v
        return f"{p:.0f}%" if abs(p) >= 10 or p == 0 else f"{p:.1f}%"
    if digits is not None:
        return f"{v:,.{digits}f}"
    if float(v).is_integer():
        return f"{int(v):,}"
    return f"{v:,.2f}" if abs(v) < 100 else f"{v:,.0f}"


def text_width(s: str, size: float) -> float:
    """Approximate rendered width of ``s`` at font ``size`` (average glyph 0.56 em)."""
    return 0.56 * size * len(s)


def clip(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"
