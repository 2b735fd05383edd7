"""Benchmark: time to write a maps folder and time until its pages are interactive.

    python bench/bench_maps.py                        # 500, 2,000, 10,000, 20,000 people
    python bench/bench_maps.py --sizes 2000 --max-nodes 0   # no cap on the person map
    python bench/bench_maps.py --source generated     # samples/generate.py + ingest + analysis
    python bench/bench_maps.py --screenshots docs/img # the docs/ images (sample org, audited)

For each size it prints: seconds to write the whole folder (``write_maps``: person
map, unit map and one drill-down page per unit, from a computed AnalysisResult),
pages and folder size, the person and unit page sizes, the process's peak RSS so
far, and from headless Chromium (offline, one session): ``*_interactive_s`` = wall
seconds from navigation until the page has drawn its network and accepts clicks
(``window.relgraph.ready``; includes parsing the page), ``*_drawn_ms`` = milliseconds
from the start of the page script until then. ``write_vs_first`` is the write time
as a multiple of the first size's, measured in the same run. The load average is
printed at the start and the end (the machine is shared).

``--source synthetic`` (default) builds the AnalysisResult directly (seeded):
units of ~25 people (20% IT, 70% business, 10% vendor), ~6 ties per person, 80%
inside the unit. ``--source generated`` runs the real pipeline on
``samples/generate.py --people N`` (needs relgraph.run; slow for 10,000).
Runs one size at a time; keep it off a busy machine for stable numbers.
"""

from __future__ import annotations

import argparse
import importlib
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import BrowserError, Session, chromium_path  # noqa: E402

from relgraph.analysis.result import (  # noqa: E402
    AnalysisMeta,
    AnalysisResult,
    ExecutiveMetrics,
    PersonMetrics,
    TieMetrics,
    UnitMetrics,
    UnitPair,
)
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


def _sample_store(work: Path, *, next_month: bool = False):  # noqa: ANN202 - a Store
    from relgraph.ingest import ingest
    from relgraph.store import open_store

    store = open_store(str(work / "acme.db"), create=True)
    ingest(store, [str(ROOT / "samples" / "acme")])
    if next_month:
        ingest(store, [str(ROOT / "samples" / "acme-next-month" / "interactions.csv")])
    return store


def screenshots(out: Path, work: Path) -> None:
    """PNG screenshots for docs/: the sample organisation's maps and audit report.

    The maps show the first audit's findings (analysis with the previous window, as
    ``relgraph audit`` runs it); the report is the second audit (samples/acme plus
    samples/acme-next-month), with ``[report] organisation = "Acme Components"``.
    """

    from relgraph.audit import run_audit
    from relgraph.config import RelgraphConfig
    from relgraph.window import parse_as_of

    cfg = RelgraphConfig.model_validate({"report": {"organisation": "Acme Components"}})
    store = _sample_store(work)
    try:
        first = run_audit(store, cfg, as_of=parse_as_of("2026-10-31"), out_dir=work / "audit1")
        store.close()
        store = _sample_store(work, next_month=True)
        run_audit(store, cfg, out_dir=work / "audit2")
    finally:
        store.close()
    maps = work / "audit1" / "maps"
    from relgraph.maps import write_maps

    ego = write_maps(first.analysis, maps, focus="cmo", config=cfg, findings=first.findings)[0]
    out.mkdir(parents=True, exist_ok=True)
    shots = [
        ("maps-people.png", maps / "people.html", None),
        ("maps-finding.png", maps / "people.html",
         "(function () { var li = Array.from(document.querySelectorAll('#rg-findings li'))"
         ".filter(function (x) { return x.getAttribute('data-kind') === 'decaying-relationship'; })[0];"
         " if (li) { li.click(); } return !!li; })()"),
        ("maps-units.png", maps / "units.html", None),
        ("maps-ego.png", Path(ego.path), None),
        ("maps-unit-page.png", next((maps / "units").glob("bu-marketing-*.html")), None),
    ]
    with Session(width=1600, height=1000) as browser:
        for name, page, js in shots:
            res = browser.load(page, ready_js=READY, screenshot=True, timeout=120,
                               evaluate={"act": js} if js else None)
            assert res.screenshot and res.ready and not res.console_errors, res.console_errors
            (out / name).write_bytes(res.screenshot)
            print(f"{out / name}: {res.node_count} nodes", flush=True)
        res = browser.load(work / "audit2" / "report.html", screenshot=True, width=1100, height=1500)
        (out / "audit-report.png").write_bytes(res.screenshot)
        res = browser.load(work / "audit2" / "report.html", screenshot=True, width=1100, height=1500,
                           evaluate={"s": "document.getElementById('pictures').scrollIntoView()"})
        (out / "audit-pictures.png").write_bytes(res.screenshot)
        print(f"{out}/audit-report.png, audit-pictures.png", flush=True)


def folder_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def measure(result: AnalysisResult, out: Path, max_nodes: int | None, timeout: float,
            browser: object | None) -> dict:
    """Write a maps folder (write_maps: people, units, one page per unit) and open it."""
    from relgraph.maps import write_maps

    t0 = time.perf_counter()
    infos = write_maps(result, out, max_nodes=max_nodes)
    t_write = time.perf_counter() - t0
    person, unit = infos[0], infos[1]
    row = {"people": len(result.people), "ties": len(result.ties), "units": len(result.units),
           "drawn": person.nodes, "ties_drawn": person.edges, "write_folder_s": round(t_write, 2),
           "pages": len(infos), "folder_mb": round(folder_bytes(out) / 1e6, 1),
           "people_page_mb": round(person.bytes / 1e6, 2), "units_page_mb": round(unit.bytes / 1e6, 2),
           "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}
    if browser is not None:
        for name, page in (("people", out / "people.html"), ("units", out / "units.html")):
            try:
                res = browser.load(page, ready_js=READY, timeout=timeout,  # type: ignore[attr-defined]
                                   evaluate={"ms": "window.relgraph ? window.relgraph.stabilizedMs : null"})
            except BrowserError as e:
                row[f"{name}_browser"] = f"gave up: {e}"
                continue
            row[f"{name}_interactive_s"] = round(res.ready_seconds, 1)
            row[f"{name}_drawn_ms"] = res.values["ms"]
            row[f"{name}_ok"] = res.ready and not res.console_errors and not res.requests
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="500,2000,10000,20000")
    ap.add_argument("--source", choices=("synthetic", "generated"), default="synthetic")
    ap.add_argument("--max-nodes", type=int, default=DEFAULT_MAX_NODES, help="person-map cap (0: all)")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for a page")
    ap.add_argument("--screenshots", metavar="DIR", help="only write the docs/ screenshots")
    ap.add_argument("--analysis", metavar="FILE", help="measure a saved analysis "
                    "(relgraph analyze --format json) instead of --sizes")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-maps-") as tmp:
        work = Path(tmp)
        if args.screenshots:
            screenshots(Path(args.screenshots), work)
            return

        print(f"# load average at start: {Path('/proc/loadavg').read_text().strip()}", flush=True)
        browser = Session() if chromium_path() else None
        try:
            sizes = [0] if args.analysis else [int(s) for s in args.sizes.split(",")]
            base = None
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
                row = measure(result, work / f"maps{n}", args.max_nodes or None, args.timeout, browser)
                if base is None:
                    base = row
                row["write_vs_first"] = round(row["write_folder_s"] / max(base["write_folder_s"], 1e-9), 1)
                print(", ".join(f"{k}={v}" for k, v in row.items()), flush=True)
        finally:
            if browser is not None:
                browser.close()
        print(f"# load average at end: {Path('/proc/loadavg').read_text().strip()}", flush=True)


if __name__ == "__main__":
    main()
