"""A labelled heatmap: rows x columns of one figure (e.g. tie strength between units).

Colour runs from white (0) to dark blue (the largest value), linear in the value,
and every cell carries its value, so the picture never says more than the numbers.
A zero cell ("no tie") is pale red with a dash-free ``0``; a ``None`` cell is grey
and means "not shown" (e.g. a unit below the minimum group size).
"""

from __future__ import annotations

from relgraph.charts.svg import clip, esc, number, open_svg, text, text_width

ZERO_FILL = "#fde2e1"
NONE_FILL = "#eaecf0"


def _blue(t: float) -> str:
    """White (0) .. #1849a9 (1), linear in each channel."""
    t = max(0.0, min(1.0, t))
    r, g, b = (int(round(255 + (c - 255) * t)) for c in (0x18, 0x49, 0xA9))
    return f"#{r:02x}{g:02x}{b:02x}"


def matrix_chart(label: str, rows: list[str], cols: list[str],
                 values: list[list[float | None]], *, cell: int = 34, row_label_width: int = 215,
                 col_label_height: int = 130, value_digits: int = 0,
                 legend: str = "darker = stronger ties; 0 (red) = no tie") -> str:
    """An inline SVG heatmap.

    Parameters
    ----------
    label : str
        Title of the chart (also the SVG's accessible name).
    rows, cols : list of str
        Row and column labels (clipped to fit, full text in a tooltip).
    values : list of lists
        ``values[i][j]`` for row i, column j; 0 = none, ``None`` = not shown.
    value_digits : int
        Decimals of the cell labels.
    """
    vmax = max((v for r in values for v in r if v is not None), default=0.0) or 1.0
    # rotated column labels reach right by about cos(55 deg) x their width (22 characters)
    width = row_label_width + cell * len(cols) + round(0.57 * text_width("x" * 22, 11)) + 10
    height = col_label_height + cell * len(rows) + 28
    parts = [open_svg(width, height, label, "matrix")]
    for j, c in enumerate(cols):
        x = row_label_width + cell * j + cell / 2
        y = col_label_height - 6
        parts.append(f'<text x="{x:.1f}" y="{y:.1f}" font-size="11" fill="#344054" '
                     f'transform="rotate(-55 {x:.1f} {y:.1f})"><title>{esc(c)}</title>'
                     f"{esc(clip(c, 22))}</text>")
    for i, r in enumerate(rows):
        y = col_label_height + cell * i
        parts.append(f'<text x="{row_label_width - 6}" y="{y + cell / 2 + 4:.1f}" font-size="11" '
                     f'text-anchor="end" fill="#344054"><title>{esc(r)}</title>'
                     f"{esc(clip(r, 30))}</text>")
        for j, v in enumerate(values[i]):
            x = row_label_width + cell * j
            if v is None:
                fill, lab, ink = NONE_FILL, "", "#667085"
            elif v == 0:
                fill, lab, ink = ZERO_FILL, "0", "#b42318"
            else:
                t = v / vmax
                fill, ink = _blue(t), "#ffffff" if t > 0.55 else "#101828"
                lab = number(v, digits=value_digits)
            tip = f"{r} × {cols[j]}: " + ("not shown" if v is None else number(v, digits=2))
            parts.append(f'<rect x="{x}" y="{y}" width="{cell - 2}" height="{cell - 2}" rx="3" '
                         f'fill="{fill}" data-value="{"" if v is None else v}">'
                         f"<title>{esc(tip)}</title></rect>")
            if lab:
                size = 10 if len(lab) <= 4 else 8
                parts.append(text(x + (cell - 2) / 2, y + cell / 2 + 3, lab, size=size,
                                  anchor="middle", fill=ink))
    parts.append(text(row_label_width, height - 8, legend, size=10, fill="#667085"))
    return "".join(parts) + "</svg>"
