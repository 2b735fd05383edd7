"""Step-by-step cost of ``relgraph analyze`` (or ``audit``) on an existing store.

Runs :func:`relgraph.run.run_analysis` (or :func:`relgraph.audit.run.run_audit`, nothing
saved) on a SQLite store and prints, for each step of the analysis (its progress
ticks), the CPU seconds (process time, all threads), wall seconds, resident memory after
the step and the peak so far, then the totals with the load average (and, when the
audit read the earlier window in a child process, the child's CPU seconds and peak). The first row,
``loading``, covers everything before the analysis proper: day counts, the default
as-of, reading the window into arrays, building the undirected graph (and, for an audit
without a child process, reading and summarising the previous window). An audit that reads
the earlier window in a child waits for it at the ``previous window`` row, just before
``executives``: that row's wall time is the wait.

To look at the steps other than centrality, give a relgraph.toml that makes the
centrality passes cheap, e.g.::

    [analysis]
    approximate = true
    hop_pass_budget = 1e7
    hop_sample_budget = 1e7
    weighted_pass_budget = 1e7

Usage::

    python bench/bench_steps.py STORE.db [--config relgraph.toml] [--audit [--out DIR]]

The store is only read (``--audit`` saves nothing; ``--out`` writes the reports there).
"""

from __future__ import annotations

import argparse
import os
import resource
import time


def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return 0.0


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("store")
    ap.add_argument("--config", help="relgraph.toml (default: the defaults)")
    ap.add_argument("--audit", action="store_true", help="run the audit instead of analyze")
    ap.add_argument("--out", help="with --audit: write the reports and maps here")
    args = ap.parse_args()

    from relgraph.config import load_config
    from relgraph.store import SQLiteStore

    cfg = load_config(args.config)[0] if args.config else load_config(None)[0]
    store = SQLiteStore(args.store, create=False)
    rows: list[tuple[str, float, float, float, float]] = []
    last = [time.process_time(), time.perf_counter()]
    label = ["loading"]

    def progress(done: int, total: int, name: str = "") -> None:
        c, w = time.process_time(), time.perf_counter()
        rows.append((label[0], c - last[0], w - last[1], _rss_mb(), _peak_mb()))
        last[:] = [c, w]
        label[0] = name

    c0, t0 = time.process_time(), time.perf_counter()
    if args.audit:
        from relgraph.audit.run import run_audit

        run_audit(store, cfg, save=False, progress=progress, out_dir=args.out)
        what = "audit"
    else:
        from relgraph.run import run_analysis

        result = run_analysis(store, cfg.analysis, unit_kinds=cfg.units, data=cfg.data,
                              progress=progress)
        what = "analyze"
        # the graph's size and the sampled passes' sources, from the notes
        people = result.meta.people
        ties = result.meta.ties
        print(f"# {people:,} people, {ties:,} ties: exact BFS work n * 2m = "
              f"{people * 2.0 * ties:.3g}")
        for note in result.meta.approximations:
            print("# " + note.split(";")[0][:160])
    progress(0, 0, "")
    rows[-1] = ("done (and after: checks, reports)", *rows[-1][1:])
    print(f"{'step':36s} {'CPU s':>8s} {'wall s':>8s} {'RSS MB':>8s} {'peak MB':>8s}")
    for name, c, w, r, p in rows:
        print(f"{name:36s} {c:8.2f} {w:8.2f} {r:8.0f} {p:8.0f}")
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    kid = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"{what}: CPU {time.process_time() - c0:.1f} s, wall {time.perf_counter() - t0:.1f} s, "
          f"peak {_peak_mb():.0f} MB, load average {load}")
    if kid.ru_maxrss:  # the earlier window read in a child process (relgraph.background)
        print(f"child process: CPU {kid.ru_utime + kid.ru_stime:.1f} s, "
              f"peak {kid.ru_maxrss / 1024:.0f} MB (at most {_peak_mb() + kid.ru_maxrss / 1024:.0f} "
              "MB together)")


if __name__ == "__main__":
    main()
