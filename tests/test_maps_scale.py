"""Large organisations: the person map opens laid out and the unit map's labels never collide.

``org(n)`` is a seeded synthetic AnalysisResult shaped like the generated sample
organisation at scale (units of ~25 people, 20% IT, 10% vendors, ~3 ties per
person, 80% inside the unit), built directly so the test takes a second, not the
minutes an analysis of 2,000 people takes (bench/bench_maps.py runs the real pipeline).
"""

from __future__ import annotations

import random
from collections import defaultdict
from pathlib import Path

from test_maps import page_data

from relgraph.analysis.result import (
    AnalysisMeta,
    AnalysisResult,
    PersonMetrics,
    TieMetrics,
    UnitMetrics,
    UnitPair,
)
from relgraph.maps import render_person_map, write_maps


def org(n: int, seed: int = 11) -> AnalysisResult:
    rnd = random.Random(seed)
    n_units = max(4, n // 25)
    kinds = ["it" if u % 10 < 2 else "vendor" if u % 10 == 9 else "business" for u in range(n_units)]
    unit_of = [i % n_units for i in range(n)]
    members: dict[int, list[int]] = defaultdict(list)
    for i, u in enumerate(unit_of):
        members[u].append(i)
    ties: dict[tuple[int, int], float] = {}
    for i in range(n):
        for _ in range(3):
            j = rnd.choice(members[unit_of[i]]) if rnd.random() < 0.8 else rnd.randrange(n)
            if j != i:
                ties[(min(i, j), max(i, j))] = round(rnd.expovariate(0.5), 3)
    pid = [f"p{i:06d}" for i in range(n)]
    uid = [f"u{u:04d}" for u in range(n_units)]
    people = [PersonMetrics(
        id=pid[i], name=f"Person {i}", title="Staff", unit=uid[unit_of[i]], unit_kind=kinds[unit_of[i]],
        level="executive" if i < 8 else "staff", degree=0, strength=1.0, betweenness=rnd.random() ** 4,
        betweenness_unweighted=0.0, harmonic_closeness=0.0, pagerank=0.0) for i in range(n)]
    tie_models = [TieMetrics(
        source=pid[a], target=pid[b], source_unit=uid[unit_of[a]], target_unit=uid[unit_of[b]],
        strength=s, count=1, overlap=0.5, strong=False, bridging=False, local_bridge=False,
        bridge=False, cross_unit=unit_of[a] != unit_of[b], cross_kind=False, source_share=0.5,
    ) for (a, b), s in sorted(ties.items())]
    pair: dict[tuple[int, int], float] = defaultdict(float)
    for (a, b), s in ties.items():
        ua, ub = sorted((unit_of[a], unit_of[b]))
        if ua != ub:
            pair[(ua, ub)] += s
    pairs = [UnitPair(unit_a=uid[a], unit_b=uid[b], ties=1, strength=s, people_a=1, people_b=1,
                      top_person=pid[members[a][0]], top_person_share=0.5)
             for (a, b), s in sorted(pair.items())]
    units = [UnitMetrics(
        id=uid[u], name=f"{'IT' if kinds[u] == 'it' else 'Business'} unit number {u}", kind=kinds[u],
        headcount=len(members[u]), active=len(members[u]), internal_ties=0, external_ties=0,
        internal_strength=0.0, external_strength=0.0, ei_index=0.0, ei_weighted=0.0,
    ) for u in range(n_units)]
    meta = AnalysisMeta(start=None, end=1793404800, as_of=1793404800, window_days=None,
                        half_life_days=30, channel_weights={}, seed=42, people=n, ties=len(tie_models))
    return AnalysisResult(meta=meta, people=people, ties=tie_models, units=units, unit_pairs=pairs)


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """Boxes (x0, y0, x1, y1) overlap by more than the 0.1 of rounding in the page data."""
    e = 0.1
    return not (a[2] <= b[0] + e or b[2] <= a[0] + e or a[3] <= b[1] + e or b[3] <= a[1] + e)


def test_2000_people_open_laid_out_in_separate_labelled_clusters(tmp_path: Path) -> None:
    info = render_person_map(org(2000), tmp_path / "p.html")
    assert (info.nodes, info.left_out) == (2000, 0)      # the default cap keeps everyone
    data = page_data(tmp_path / "p.html")
    units = data["units"]
    assert len(units) == 80
    # every person has a position inside their own unit's disc ...
    for n in data["nodes"]:
        u = units[n["u"]]
        assert (n["x"] - u["x"]) ** 2 + (n["y"] - u["y"]) ** 2 <= u["r"] ** 2
    # ... and no two units' discs or labels overlap (label box: width 0.6 em per character)
    boxes = []
    for u in units:
        w = 0.6 * u["fs"] * len(u["name"])
        boxes.append(("disc", (u["x"] - u["r"], u["y"] - u["r"], u["x"] + u["r"], u["y"] + u["r"])))
        boxes.append(("label", (u["lx"] - w / 2, u["ly"] - u["fs"], u["lx"] + w / 2,
                                 u["ly"] + 0.25 * u["fs"])))
    for i, (_ka, a) in enumerate(boxes):
        for _kb, b in boxes[i + 1:]:
            assert not _overlap(a, b), (a, b)
    html = (tmp_path / "p.html").read_text(encoding="utf-8")
    assert "physics: {enabled: false" in html              # opens as laid out, no physics


def test_large_folder_stays_small(tmp_path: Path) -> None:
    # 2,000 people, 80 units: one inlined vis-network per stand-alone page only
    infos = write_maps(org(2000), tmp_path)
    assert len(infos) == 82
    per_unit = [i.bytes for i in infos[2:]]
    assert max(per_unit) < 150_000                        # no inlined 0.7 MB library
