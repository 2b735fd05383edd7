"""Benchmark: time to write the maps and time for the browser to stabilise the layout.

    python bench/bench_maps.py                       # 500, 2,000, 10,000 people
    python bench/bench_maps.py --sizes 2000 --uncut  # also without the --max-nodes cut
    python bench/bench_maps.py --source generated    # samples/generate.py + ingest + analysis
    python bench/bench_maps.py --screenshots docs/img # README images of the sample org's maps

For each size it prints: seconds to write the person map and the unit map (from a
computed AnalysisResult), people drawn / in scope, page size, and the browser
figures from headless Chromium (offline): ``stabilise`` = milliseconds from the
start of the page script until vis-network's stabilisation finished (read from
``window.relgraph.stabilizedMs``), ``ready`` = wall seconds from navigation until
then (includes parsing the inlined 700 kB vis-network).

``--source synthetic`` (default) builds the AnalysisResult directly (seeded):
units of ~25 people (20% IT, 70% business, 10% vendor), ~6 ties per person, 80%
inside the unit. ``--source generated`` runs the real pipeline on
``samples/generate.py --people N`` (needs relgraph.run; slow for 10,000).
Runs one size at a time on one core; keep it off a busy machine for stable numbers.
"""

from __future__ import annotations

import argparse
import importlib
import random
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import BrowserError, chromium_path, load_page  # noqa: E402

from relgraph.analysis.result import (  # noqa: E402
    AnalysisMeta,
    AnalysisResult,
    ExecutiveMetrics,
    PersonMetrics,
    TieMetrics,
    UnitMetrics,
    UnitPair,
)
from relgraph.maps import render_person_map, render_unit_map  # noqa: E402
from relgraph.maps.select import DEFAULT_MAX_NODES  # noqa: E402

READY = "window.relgraph && window.relgraph.ready"


def synthetic(n: int, seed: int = 11) -> AnalysisResult:
    """A seeded random organisation of ``n`` people, as an AnalysisResult."""
    rnd = random.Random(seed)
    n_units = max(4, n // 25)
    kinds = ["it" if u % 10 < 2 else "vendor" if u % 10 == 9 else "business" for u in range(n_units)]
    unit_of = [rnd.randrange(n_units) for _ in range(n)]
    members: dict[int, list[int]] = defaultdict(list)
    for i, u in enumerate(unit_of):
        members[u].append(i)
    levels = ["staff"] * 7 + ["manager", "manager", "director"]
    heads = {ms[0] for ms in members.values() if ms}
    ties: dict[tuple[int, int], float] = {}
    for i in range(n):
        for _ in range(3):
            same = rnd.random() < 0.8 and len(members[unit_of[i]]) > 1
            j = rnd.choice(members[unit_of[i]]) if same else rnd.randrange(n)
            if j != i:
                ties[(min(i, j), max(i, j))] = round(rnd.expovariate(0.5), 3)
    degree: dict[int, int] = defaultdict(int)
    for a, b in ties:
        degree[a] += 1
        degree[b] += 1
    pid = [f"p{i:06d}" for i in range(n)]
    people = [PersonMetrics(
        id=pid[i], name=f"Person {i}", title="Head" if i in heads else "Staff", unit=f"u{unit_of[i]:04d}",
        unit_kind=kinds[unit_of[i]], level="executive" if i in heads and unit_of[i] < 8 else
        ("vendor_contact" if kinds[unit_of[i]] == "vendor" else rnd.choice(levels)),
        degree=degree[i], strength=float(degree[i]), betweenness=rnd.random() ** 4,
        betweenness_unweighted=rnd.random() ** 4, harmonic_closeness=rnd.random(),
        pagerank=rnd.random() / n, constraint=rnd.random(), isolated=degree[i] == 0,
    ) for i in range(n)]
    tie_models = [TieMetrics(
        source=pid[a], target=pid[b], source_unit=f"u{unit_of[a]:04d}", target_unit=f"u{unit_of[b]:04d}",
        strength=s, count=rnd.randint(1, 30), overlap=rnd.random(), strong=s > 4, bridging=rnd.random() < 0.05,
        local_bridge=False, bridge=rnd.random() < 0.01, cross_unit=unit_of[a] != unit_of[b],
        cross_kind=kinds[unit_of[a]] != kinds[unit_of[b]], source_share=rnd.random(),
    ) for (a, b), s in sorted(ties.items())]
    pair_strength: dict[tuple[int, int], list[float]] = defaultdict(lambda: [0, 0.0])
    for (a, b), s in ties.items():
        ua, ub = sorted((unit_of[a], unit_of[b]))
        if ua != ub:
            pair_strength[(ua, ub)][0] += 1
            pair_strength[(ua, ub)][1] += s
    pairs = [UnitPair(unit_a=f"u{a:04d}", unit_b=f"u{b:04d}", ties=int(c), strength=s, people_a=1,
                      people_b=1, top_person=pid[members[a][0]], top_person_share=0.5,
                      single_points=[pid[members[a][0]]] if c == 1 else [])
             for (a, b), (c, s) in sorted(pair_strength.items())]
    units = [UnitMetrics(
        id=f"u{u:04d}", name=f"Unit {u}", kind=kinds[u], headcount=len(members[u]), active=len(members[u]),
        internal_ties=0, external_ties=0, internal_strength=0.0, external_strength=0.0,
        ei_index=rnd.uniform(-1, 0.5), ei_weighted=0.0, ties_to_it=1, ties_to_business=1,
    ) for u in range(n_units)]
    execs = [ExecutiveMetrics(
        id=p.id, name=p.name, title=p.title, unit=p.unit, role="business", ties_to_it=1, strength_to_it=1.0,
        ties_to_csuite=1, strength_to_csuite=1.0, units_reached=1, strength=1.0, isolated=False,
        score=rnd.random(), explanation="synthetic",
    ) for p in people if p.level == "executive"]
    meta = AnalysisMeta(start=1785456000, end=1793404800, as_of=1793404800, window_days=92,
                        half_life_days=30, channel_weights={}, seed=42, people=n, ties=len(tie_models))
    return AnalysisResult(meta=meta, people=people, ties=tie_models, units=units, unit_pairs=pairs,
                          executives=execs)


def generated(n: int, work: Path) -> AnalysisResult:
    """The real pipeline: samples/generate.py, ingest into SQLite, run_analysis."""
    from relgraph.ingest import ingest
    from relgraph.store import open_store

    run_analysis = importlib.import_module("relgraph.run").run_analysis  # the analysis engineer's

    org = work / f"org{n}"
    subprocess.run([sys.executable, str(ROOT / "samples" / "generate.py"), "--people", str(n),
                    "--out", str(org)], check=True)
    store = open_store(str(work / f"org{n}.db"), create=True)
    try:
        ingest(store, [str(org)])
        return run_analysis(store)
    finally:
        store.close()


def screenshots(out: Path, work: Path) -> None:
    """PNG screenshots of the sample organisation's maps (samples/generate.py defaults)."""
    from relgraph.ingest import ingest
    from relgraph.maps import write_maps
    from relgraph.store import open_store

    run_analysis = importlib.import_module("relgraph.run").run_analysis

    org = work / "acme"
    subprocess.run([sys.executable, str(ROOT / "samples" / "generate.py"), "--out", str(org)],
                   check=True)
    store = open_store(str(work / "acme.db"), create=True)
    try:
        ingest(store, [str(org)])
        result = run_analysis(store)
    finally:
        store.close()
    maps = work / "maps"
    write_maps(result, maps)
    write_maps(result, maps, focus="cmo", depth=1)
    out.mkdir(parents=True, exist_ok=True)
    pages = {"maps-people.png": maps / "people.html", "maps-units.png": maps / "units.html",
             "maps-ego.png": next(maps.glob("ego-*.html"))}
    for name, page in pages.items():
        res = load_page(page, ready_js=READY, screenshot=True, timeout=120, width=1600, height=1000)
        assert res.screenshot and res.ready and not res.console_errors and not res.requests
        (out / name).write_bytes(res.screenshot)
        print(f"{out / name}: {res.node_count} nodes", flush=True)


def measure(result: AnalysisResult, out: Path, max_nodes: int | None, timeout: float) -> dict:
    t0 = time.perf_counter()
    info = render_person_map(result, out / "people.html", max_nodes=max_nodes)
    t_person = time.perf_counter() - t0
    t0 = time.perf_counter()
    render_unit_map(result, out / "units.html")
    t_unit = time.perf_counter() - t0
    row = {"people": len(result.people), "drawn": info.nodes, "ties_drawn": info.edges,
           "write_person_s": round(t_person, 2), "write_unit_s": round(t_unit, 2),
           "page_mb": round(info.bytes / 1e6, 2)}
    if chromium_path():
        try:
            page = load_page(out / "people.html", ready_js=READY, timeout=timeout,
                             evaluate={"ms": "window.relgraph ? window.relgraph.stabilizedMs : null"})
        except BrowserError as e:
            row["browser"] = f"gave up: {e}"
            return row
        row.update({"stabilise_ms": page.values["ms"], "ready_s": round(page.ready_seconds, 1),
                    "ok": page.ready and not page.console_errors and not page.requests})
        unit_page = load_page(out / "units.html", ready_js=READY, timeout=timeout,
                              evaluate={"ms": "window.relgraph ? window.relgraph.stabilizedMs : null"})
        row["units"] = unit_page.node_count
        row["unit_stabilise_ms"] = unit_page.values["ms"]
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="500,2000,10000")
    ap.add_argument("--source", choices=("synthetic", "generated"), default="synthetic")
    ap.add_argument("--uncut", action="store_true", help="also measure with --max-nodes 0 (all people)")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for the layout")
    ap.add_argument("--screenshots", metavar="DIR", help="only write screenshots of the sample org")
    ap.add_argument("--analysis", metavar="FILE", help="measure a saved analysis "
                    "(relgraph analyze --format json) instead of --sizes")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-maps-") as tmp:
        work = Path(tmp)
        if args.screenshots:
            screenshots(Path(args.screenshots), work)
            return
        sizes = [0] if args.analysis else [int(s) for s in args.sizes.split(",")]
        for n in sizes:
            t0 = time.perf_counter()
            if args.analysis:
                from relgraph.maps import read_analysis

                result = read_analysis(args.analysis)
                n = len(result.people)
            else:
                result = synthetic(n) if args.source == "synthetic" else generated(n, work)
            source = args.analysis or args.source
            print(f"# {n} people, {len(result.ties)} ties, {len(result.units)} units "
                  f"({source}, built in {time.perf_counter() - t0:.1f} s)", flush=True)
            caps = [DEFAULT_MAX_NODES] + ([0] if args.uncut and n > DEFAULT_MAX_NODES else [])
            for cap in caps:
                row = measure(result, work, cap or None, args.timeout)
                print(f"max_nodes={cap or 'all'}: " + ", ".join(f"{k}={v}" for k, v in row.items()),
                      flush=True)


if __name__ == "__main__":
    main()
