"""Plan benchmark: what coverage, introduction paths and the grid add to an audit.

For ``--people N`` (default 20,000), ``samples/generate.py`` writes the organisation
(cached in ``--cache``), relgraph ingests it, and a relationship plan of ``--plan``
(default 2,000) relationships is imported: the sample's fixed rows plus seeded random
rows (a business or vendor person, owned by a random IT person, cadence 2w/1m/1q). Then,
in one process and one run:

* the audit without a plan: ``run_analysis`` of the window and the previous one, then
  ``build_audit`` (findings, trends);
* the plan's part: ``load_plan_context`` (the plan, one ``pair_edges`` query for the
  planned pairs, the tie graph rebuilt from the analysis, coverage, unowned stakeholders,
  the grid, introduction paths), then ``build_audit`` with the plan minus ``build_audit``
  without it (plan findings, named introductions for disconnected executives).

The figure that counts is the ratio plan / audit, measured in the same run. Peak memory
is the process's max RSS. Prints the load average next to the figures.

Usage::

    python bench/bench_plan.py                       # 20,000 people, 2,000 planned
    python bench/bench_plan.py --people 5000 --plan 2000
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write_plan(org: Path, n: int, seed: int, out: Path) -> int:
    """The sample's plan rows plus random ones up to ``n`` (deterministic)."""
    units = {r["id"]: r["kind"] for r in csv.DictReader((org / "units.csv").open(encoding="utf-8"))}
    people = list(csv.DictReader((org / "people.csv").open(encoding="utf-8")))
    it = sorted(p["id"] for p in people if units[p["unit"]] == "it")
    others = sorted(p["id"] for p in people if units[p["unit"]] != "it")
    rows = list(csv.reader((org / "plan.csv").open(encoding="utf-8")))
    header, fixed = rows[0], rows[1:]
    taken = {r[0] for r in fixed}
    rng = random.Random(f"bench-plan:{seed}")
    owners = rng.sample(it, min(len(it), max(1, n // 10)))  # ~10 relationships per owner
    pool = [p for p in others if p not in taken]
    rng.shuffle(pool)
    extra = [[s, rng.choice(owners), rng.choice(("2w", "1m", "1q")), "", "", "", ""]
             for s in pool[: max(0, n - len(fixed))]]
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(fixed + extra)
    return len(fixed) + len(extra)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--people", type=int, default=20_000)
    ap.add_argument("--plan", type=int, default=2_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/relgraph-bench"))
    a = ap.parse_args()
    org = a.cache / f"org-{a.people}"
    db = a.cache / f"org-{a.people}.db"
    if not (org / "plan.csv").exists():
        t = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "samples" / "generate.py"), "--people",
                        str(a.people), "--out", str(org)], check=True)
        print(f"generated {org} in {time.perf_counter() - t:.0f} s", file=sys.stderr)
        db.unlink(missing_ok=True)
    from relgraph.audit.run import build_audit
    from relgraph.config import RelgraphConfig
    from relgraph.plan.run import import_plan, load_plan_context
    from relgraph.run import run_analysis
    from relgraph.store.sqlite import SQLiteStore

    store = SQLiteStore(db)
    if not db.exists() or store.status().edges == 0:
        from relgraph.ingest import ingest

        t = time.perf_counter()
        ingest(store, [str(org / "units.csv"), str(org / "people.csv"), str(org / "interactions.csv")])
        print(f"ingested in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    plan_file = a.cache / f"plan-{a.people}-{a.plan}.csv"
    n_plan = write_plan(org, a.plan, a.seed, plan_file)
    plan = import_plan(store, plan_file, now=1)
    cfg = RelgraphConfig()
    load_start = os.getloadavg()
    t0 = time.perf_counter()
    result = run_analysis(store, cfg.analysis, compare_to="previous", unit_kinds=cfg.units,
                          data=cfg.data)
    t1 = time.perf_counter()
    base = build_audit(result, cfg)
    t2 = time.perf_counter()
    ctx = load_plan_context(store, result, cfg, plan=plan)
    t3 = time.perf_counter()
    with_plan = build_audit(result, cfg, plan=ctx)
    t4 = time.perf_counter()
    load_end = os.getloadavg()
    audit = (t1 - t0) + (t2 - t1)
    plan_part = (t3 - t2) + max(0.0, (t4 - t3) - (t2 - t1))
    rv = ctx.review
    n_paths = len(rv.introductions)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"load average at start {load_start[0]:.2f} {load_start[1]:.2f} {load_start[2]:.2f}, "
          f"at end {load_end[0]:.2f} {load_end[1]:.2f} {load_end[2]:.2f}")
    print(f"organisation: {result.meta.people:,} people, {result.meta.ties:,} ties in the window; "
          f"plan: {n_plan:,} relationships ({len(plan.entries):,} imported), "
          f"{len(rv.coverage):,} coverage rows, {n_paths:,} stakeholders with paths, "
          f"{len(rv.grid):,} grid points")
    print(f"findings: {len(base.findings)} without the plan, {len(with_plan.findings)} with it")
    print("| part | seconds |")
    print("| --- | ---: |")
    print(f"| analysis of both windows (run_analysis) | {t1 - t0:.2f} |")
    print(f"| findings and trends (build_audit, no plan) | {t2 - t1:.2f} |")
    print(f"| **audit without the plan** | **{audit:.2f}** |")
    print(f"| plan review (load_plan_context: pair_edges, coverage, grid, paths) | {t3 - t2:.2f} |")
    print(f"| findings and trends with the plan (build_audit) | {t4 - t3:.2f} |")
    print(f"| plan findings (the difference, floored at 0) | {max(0.0, (t4 - t3) - (t2 - t1)):.2f} |")
    print(f"| **plan part** | **{plan_part:.2f}** |")
    print(f"ratio plan / audit: {plan_part / audit:.3f} ({100 * plan_part / audit:.1f} %); "
          f"peak memory (max RSS) {rss:,.0f} MB")
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
