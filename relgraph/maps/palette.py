"""Unit colours: a legible palette for up to 20 units, grouping beyond that.

The 20 colours are the Kelly (1965) maximum-contrast set without black and white
plus two greys-free additions, ordered so that neighbours in the list differ most.
The largest units (by head count on the page) get their own colour; beyond
:data:`MAX_DISTINCT` the remaining units share a light tint of their kind (IT,
business, vendor), and the legend says "other IT units" etc. The unit kind is also
drawn as the node's border colour, so it stays readable under any unit colour.

References
----------
Kelly K.L. (1965). Twenty-two colors of maximum contrast. Color Engineering 3(6): 26-27.
"""

from __future__ import annotations

PALETTE = (
    "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#46f0f0", "#f032e6", "#bcf60c",
    "#fabebe", "#008080", "#e6beff", "#9a6324", "#fffac8", "#800000", "#aaffc3", "#808000",
    "#ffd8b1", "#000075", "#ffe119", "#808080",
)
MAX_DISTINCT = 19
"""Units with a colour of their own; the 20th colour is never used for a single unit."""
KIND_BORDER = {"it": "#1849a9", "business": "#067647", "vendor": "#6941c6"}
KIND_TINT = {"it": "#b2ccff", "business": "#a6e9c5", "vendor": "#d9d6fe"}
KIND_WORD = {"it": "IT", "business": "business", "vendor": "vendor"}
OTHER = "#c0c0c0"


def unit_colors(units: list[tuple[str, str, int]]) -> dict[str, tuple[str, str]]:
    """Colour and legend group of each unit.

    Parameters
    ----------
    units : list of (unit id, kind, people shown)

    Returns
    -------
    dict
        Unit id -> (colour, legend label); units beyond the first :data:`MAX_DISTINCT`
        (largest first, then by id) get their kind's tint and label ``other <kind> units``.
    """
    ranked = sorted(units, key=lambda u: (-u[2], u[0]))
    out: dict[str, tuple[str, str]] = {}
    limit = len(ranked) if len(ranked) <= MAX_DISTINCT + 1 else MAX_DISTINCT
    for i, (uid, kind, _n) in enumerate(ranked):
        if i < limit:
            out[uid] = (PALETTE[i % len(PALETTE)], "")
        else:
            out[uid] = (KIND_TINT.get(kind, OTHER), f"other {KIND_WORD.get(kind, kind)} units")
    return out


def kind_border(kind: str) -> str:
    return KIND_BORDER.get(kind, "#475467")
