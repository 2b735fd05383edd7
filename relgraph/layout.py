"""Seeded positions for the pictures: the maps and the report's static unit map.

Nothing here is a metric; it is geometry. Units are placed by a seeded
Fruchterman-Reingold spring layout on the unit graph
(edge weight = log(1 + tie strength between the two units), from the analysis'
``unit_pairs``), then their boxes (the unit's disc or cluster plus its label) are
pushed apart until no two overlap, so unit labels never collide. People are placed
inside their unit's cluster on a sunflower (Vogel 1979) spiral, most central first,
so the page opens already laid out and needs no physics.

References
----------
Fruchterman T.M.J., Reingold E.M. (1991). Graph drawing by force-directed placement.
Software: Practice and Experience 21(11): 1129-1164.
Vogel H. (1979). A better way to construct the sunflower head. Mathematical
Biosciences 44(3-4): 179-189.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


@dataclass
class Box:
    """An axis-aligned box around a centre (``x``, ``y``), ``w`` x ``h``."""

    id: str
    x: float
    y: float
    w: float
    h: float

    def overlaps(self, o: Box, gap: float = 0.0) -> bool:
        return (abs(self.x - o.x) < (self.w + o.w) / 2 + gap
                and abs(self.y - o.y) < (self.h + o.h) / 2 + gap)


def spring(nodes: list[str], edges: list[tuple[str, str, float]], seed: int,
           iterations: int = 60) -> dict[str, tuple[float, float]]:
    """Seeded Fruchterman-Reingold layout of ``nodes`` in about [-1, 1]^2.

    The dense O(n^2) force computation of Fruchterman & Reingold (1991), vectorised
    with numpy (as ``networkx.spring_layout`` does below 500 nodes; its sparse variant
    took 14 s for 800 units here). Deterministic for a seed; nodes are sorted first.
    """
    import numpy as np

    nodes = sorted(nodes)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {u: i for i, u in enumerate(nodes)}
    a = np.zeros((n, n))
    for u, v, s in sorted(edges):
        if u in index and v in index and u != v:
            w = math.log1p(max(s, 0.0))
            a[index[u], index[v]] += w
            a[index[v], index[u]] += w
    if a.max() > 0:
        a /= a.max()
    if n > 300:  # each round is O(n^2); large unit maps settle in fewer rounds
        iterations = min(iterations, 30)
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    k = math.sqrt(1.0 / n)
    t = 0.1
    dt = t / (iterations + 1)
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.sqrt((delta ** 2).sum(axis=-1))
        np.clip(dist, 0.01, None, out=dist)
        force = k * k / dist ** 2 - a * dist / k
        disp = (delta * force[:, :, None]).sum(axis=1)
        length = np.sqrt((disp ** 2).sum(axis=1))
        np.clip(length, 0.01, None, out=length)
        pos += disp * (t / length)[:, None]
        t -= dt
    pos -= pos.mean(axis=0)
    lim = float(np.abs(pos).max()) or 1.0
    pos /= lim
    return {u: (float(pos[i, 0]), float(pos[i, 1])) for u, i in index.items()}


def remove_overlaps(boxes: list[Box], gap: float = 10.0, max_rounds: int = 400,
                    push_limit: int = 150) -> bool:
    """Move boxes (in place) until none overlaps another; True if pushing sufficed.

    Up to ``push_limit`` boxes: rounds of pushing every overlapping pair apart along the
    axis of the smaller overlap. Otherwise, or when the rounds run out, shelf packing:
    boxes are cut into rows by their y, ordered by x within a row and laid side by
    side, which keeps the rough arrangement and cannot overlap.
    """
    n = len(boxes)
    if n <= push_limit:
        widest = max((b.w for b in boxes), default=0.0)
        for _ in range(max_rounds):
            moved = False
            # keep the picture about as wide as it is tall: prefer pushing along the short side
            wide = max(b.x for b in boxes) - min(b.x for b in boxes)
            tall = max(b.y for b in boxes) - min(b.y for b in boxes)
            bias_x = 3.0 if tall > 1.2 * wide else (1 / 3 if wide > 1.6 * tall else 1.0)
            order = sorted(range(n), key=lambda i: (boxes[i].x, boxes[i].id))
            for k, i in enumerate(order):
                a = boxes[i]
                for j in order[k + 1:]:
                    b = boxes[j]
                    if b.x - a.x >= (a.w + widest) / 2 + gap:
                        break
                    if not a.overlaps(b, gap):
                        continue
                    dx, dy = b.x - a.x, b.y - a.y
                    ox = (a.w + b.w) / 2 + gap - abs(dx)
                    oy = (a.h + b.h) / 2 + gap - abs(dy)
                    if ox < oy * bias_x:
                        s = (1 if dx > 0 or (dx == 0 and a.id < b.id) else -1) * (ox / 2 + 0.5)
                        a.x -= s
                        b.x += s
                    else:
                        s = (1 if dy > 0 or (dy == 0 and a.id < b.id) else -1) * (oy / 2 + 0.5)
                        a.y -= s
                        b.y += s
                    moved = True
            if not moved:
                return True
    shelves(boxes, gap)
    return False


def shelves(boxes: list[Box], gap: float) -> None:
    """Shelf packing in the boxes' reading order (rows by y, then x): no two overlap."""
    if not boxes:
        return
    per_row = max(1, round(math.sqrt(len(boxes) * 1.6)))
    by_y = sorted(boxes, key=lambda b: (b.y, b.x, b.id))
    y = 0.0
    for r in range(0, len(by_y), per_row):
        row = sorted(by_y[r:r + per_row], key=lambda b: (b.x, b.id))
        h = max(b.h for b in row)
        x = 0.0
        for b in row:
            b.x, b.y = x + b.w / 2, y + h / 2
            x += b.w + gap
        y += h + gap


def spread(boxes: list[Box], pos: dict[str, tuple[float, float]]) -> None:
    """Scale unit positions to the boxes' total area, so pushing apart has little to do."""
    area = sum(b.w * b.h for b in boxes)
    scale = math.sqrt(area) * 0.9 if area else 1.0
    for b in boxes:
        x, y = pos.get(b.id, (0.0, 0.0))
        b.x, b.y = x * scale, y * scale


def sunflower(n: int, spacing: float) -> list[tuple[float, float]]:
    """``n`` points on a Vogel spiral, the first at the centre, ``spacing`` apart on average."""
    return [(spacing * math.sqrt(i + 0.5) * math.cos(i * GOLDEN_ANGLE),
             spacing * math.sqrt(i + 0.5) * math.sin(i * GOLDEN_ANGLE)) for i in range(n)]


def cluster_radius(n: int, spacing: float) -> float:
    """Radius of a sunflower of ``n`` points (plus half a spacing of margin)."""
    return spacing * math.sqrt(max(n, 1) + 0.5) + spacing / 2


@dataclass
class UnitPlacement:
    """Where a unit is drawn: centre, radius of its disc or cluster, and its label box."""

    id: str
    x: float
    y: float
    r: float
    label_box: tuple[float, float, float, float]


def ring(boxes: list[Box], centre: set[str], gap: float) -> None:
    """Centre boxes side by side in the middle, the others on a ring around them (in place).

    Used for a focused page (a unit and its contacts' units): no spring layout needed.
    Ring boxes get arcs proportional to their widths and the radius is large enough
    that neighbours on the ring, and the ring and the middle, cannot overlap.
    """
    mid = [b for b in boxes if b.id in centre]
    out = [b for b in boxes if b.id not in centre]
    shelves(mid, gap)
    if mid:
        cx = (min(b.x - b.w / 2 for b in mid) + max(b.x + b.w / 2 for b in mid)) / 2
        cy = (min(b.y - b.h / 2 for b in mid) + max(b.y + b.h / 2 for b in mid)) / 2
        for b in mid:
            b.x, b.y = b.x - cx, b.y - cy
    if not out:
        return
    inner = max((math.hypot(abs(b.x) + b.w / 2, abs(b.y) + b.h / 2) for b in mid), default=0.0)
    diag = [math.hypot(b.w, b.h) for b in out]
    radius = max(inner + max(diag) / 2 + gap, (sum(diag) + gap * len(out)) / (2 * math.pi))
    total = sum(d + gap for d in diag)
    a = -math.pi / 2
    for b, d in zip(out, diag, strict=True):
        step = 2 * math.pi * (d + gap) / total
        b.x, b.y = radius * math.cos(a + step / 2), radius * math.sin(a + step / 2)
        a += step


def place_units(units: list[tuple[str, float, float]], pairs: list[tuple[str, str, float]], *,
                seed: int, label_below: bool = True, label_h: float = 20.0,
                gap: float = 12.0, centre: set[str] | None = None) -> dict[str, UnitPlacement]:
    """Place units (id, radius, label width) so that no disc or label overlaps another.

    Parameters
    ----------
    units : list of (id, radius, label width)
        The radius of the unit's disc (unit map) or people cluster (person map) and the
        width of its label, in the drawing's units.
    pairs : list of (unit a, unit b, strength)
        Ties between units (the analysis' ``unit_pairs``).
    seed : int
        Layout seed (the analysis seed): the same input gives the same picture.
    label_below : bool
        Label under the disc (unit map) or above the cluster (person map).

    centre : set of str, optional
        A focused page: these units in the middle, the others on a ring (:func:`ring`)
        instead of the spring layout.

    Returns
    -------
    dict
        Unit id -> :class:`UnitPlacement`; the label boxes are (x0, y0, x1, y1).
    """
    if not units:
        return {}
    boxes = [Box(u, 0.0, 0.0, max(2 * r, lw), 2 * r + label_h) for u, r, lw in units]
    if centre:
        ring(boxes, centre, gap)
    else:
        pos = spring([u for u, _, _ in units], pairs, seed)
        spread(boxes, pos)
        remove_overlaps(boxes, gap)
    out: dict[str, UnitPlacement] = {}
    for (uid, r, lw), b in zip(units, boxes, strict=True):
        top = b.y - b.h / 2
        if label_below:
            cy = top + r
            box = (b.x - lw / 2, top + 2 * r, b.x + lw / 2, top + 2 * r + label_h)
        else:
            cy = top + label_h + r
            box = (b.x - lw / 2, top, b.x + lw / 2, top + label_h)
        out[uid] = UnitPlacement(uid, round(b.x, 1), round(cy, 1), r,
                                 tuple(round(v, 1) for v in box))  # type: ignore[arg-type]
    return out
