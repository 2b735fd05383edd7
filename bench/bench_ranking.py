"""Rank quality of relgraph's sampled centralities against exact values, same graphs, same run.

For each graph, the exact values (every person a source) are computed once; then, for
each seed, the sampled passes relgraph runs (``--mode auto``: the sample the work
budgets give, as ``analyze`` would; ``--mode forced``: sampling forced, within at
most half the exact work) and, per metric, against the exact values:

* top-100 Spearman: rank correlation between exact and sampled values over the exact
  top 100 (the people a reader of the report sees first),
* top-10 and top-100 overlap: how many of the exact top 10 / 100 are in the sampled
  top 10 / 100,

with the sources the adaptive sample used, its rounds and its own split-half check.
Sampling is stratified by unit (``--labels`` gives the departments of a SNAP graph).

Graphs: ``--store PATH`` (an ingested SQLite store; the last 90 days, as ``analyze``)
or ``--snap PATH`` (a SNAP edge list such as email-Eu-core.txt: undirected, tie
strength = number of directed edges between the two people, self-loops dropped).

Usage::

    python bench/bench_ranking.py --snap ../shared/datasets/email_eu_core/email-Eu-core.txt \\
        --labels ../shared/datasets/email_eu_core/email-Eu-core-department-labels.txt --mode forced
    python bench/bench_ranking.py --store /tmp/relgraph-bench/p5000.db --mode forced
    python bench/bench_ranking.py --store /tmp/relgraph-bench/p20000.db --mode auto

Prints one Markdown table per graph, with CPU seconds (process time, both cores
counted) of the exact and sampled passes, peak memory and the load average.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from relgraph.analysis import centrality as C  # noqa: E402
from relgraph.analysis.engine import Engine  # noqa: E402
from relgraph.settings import AnalysisSettings  # noqa: E402

SEEDS = (42, 1, 2)


def snap_engine(path: Path, labels: Path | None) -> tuple[Engine, np.ndarray | None]:
    import networkx as nx

    g = nx.Graph()
    with open(path) as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            a, b = line.split()[:2]
            g.add_node(a)
            g.add_node(b)
            if a == b:
                continue
            if g.has_edge(a, b):
                g.edges[a, b]["strength"] += 1.0
            else:
                g.add_edge(a, b, strength=1.0)
    if labels is not None:  # department of each person: the strata
        with open(labels) as fh:
            for line in fh:
                if line.strip():
                    v, dept = line.split()[:2]
                    if v in g:
                        g.nodes[v]["unit"] = dept
    e = Engine(g)
    return e, C.unit_strata(g, e) if labels is not None else None


def store_engine(path: Path) -> tuple[Engine, np.ndarray]:
    from relgraph.store.sqlite import SQLiteStore
    from relgraph.window import load_window

    store = SQLiteStore(str(path), create=False)
    try:
        g = load_window(store, AnalysisSettings()).graph
    finally:
        store.close()
    e = Engine(g)
    return e, C.unit_strata(g, e)


def quality(exact: np.ndarray, approx: np.ndarray) -> tuple[float, int, int]:
    """Top-100 Spearman, top-10 overlap, top-100 overlap."""
    top = np.argsort(-exact, kind="stable")
    atop = np.argsort(-approx, kind="stable")
    t100 = top[:100]
    rho = float(spearmanr(exact[t100], approx[t100]).statistic)
    return (rho, len(set(top[:10].tolist()) & set(atop[:10].tolist())),
            len(set(t100.tolist()) & set(atop[:100].tolist())))


def cpu(fn):  # type: ignore[no-untyped-def]
    t = time.process_time()
    r = fn()
    return time.process_time() - t, r


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--store", type=Path)
    src.add_argument("--snap", type=Path)
    ap.add_argument("--labels", type=Path, help="SNAP department labels (the strata)")
    ap.add_argument("--mode", choices=("auto", "forced"), default="auto")
    ap.add_argument("--exact-cache", type=Path,
                    help="an .npz of the exact values to reuse (written when missing)")
    args = ap.parse_args()
    load0 = os.getloadavg()
    e, strata = store_engine(args.store) if args.store else snap_engine(args.snap, args.labels)
    n, m = e.n, e.m
    s = AnalysisSettings()
    forced = True if args.mode == "forced" else None
    b_hop = C.pass_budget(n, m, s.hop_pass_budget, forced, s.hop_sample_budget)
    b_w = C.pass_budget(n, m, s.weighted_pass_budget, forced)
    name = args.store.name if args.store else args.snap.name
    fmt = lambda b: "exact" if b is None else f"sampled within {b:.2g} work"  # noqa: E731
    print(f"### {name}: {n:,} people, {m:,} ties, {len(set((strata if strata is not None else [0]).tolist()))} "
          f"strata, mode {args.mode}: BFS pass {fmt(b_hop)}, Dijkstra pass {fmt(b_w)} (exact: "
          f"{n * 2.0 * m:.2g}; seeds {', '.join(map(str, SEEDS))})\n")
    if b_hop is None and b_w is None:
        print("Exact within the budgets: nothing is sampled in this mode.\n")
        return 0
    t_hop = t_w = float("nan")
    if args.exact_cache and args.exact_cache.exists():
        z = np.load(args.exact_cache)
        exact = {"betweenness (weighted)": z["bw"], "betweenness_unweighted": z["bu"],
                 "harmonic_closeness": z["hc"]}
    else:
        t_hop, hop = cpu(lambda: C.hop_centrality(e, None))
        t_w, wei = cpu(lambda: C.weighted_centrality(e, None))
        exact = {"betweenness (weighted)": wei.betweenness,
                 "betweenness_unweighted": hop.betweenness,
                 "harmonic_closeness": hop.closeness}
        if args.exact_cache:
            np.savez(args.exact_cache, bw=wei.betweenness, bu=hop.betweenness, hc=hop.closeness)
    print("| metric | seed | sources | rounds | split-half (top-10, Spearman) | top-100 Spearman "
          "| top-10 overlap | top-100 overlap |")
    print("| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |")
    times: dict[str, list[float]] = {"hop": [], "w": []}
    worst: dict[str, tuple[float, int]] = {}
    for seed in SEEDS:
        runs = {}
        if b_hop is not None:
            th, ah = cpu(lambda seed=seed: C.hop_centrality(e, b_hop, seed, strata=strata))
            times["hop"].append(th)
            runs["betweenness_unweighted"] = (ah.betweenness, ah.sources, ah.note)
            runs["harmonic_closeness"] = (ah.closeness, ah.sources, None)
        if b_w is not None:
            tw, aw = cpu(lambda seed=seed: C.weighted_centrality(e, b_w, seed, strata=strata))
            times["w"].append(tw)
            runs["betweenness (weighted)"] = (aw.betweenness, aw.sources, aw.note)
        for metric, (approx, k, note) in runs.items():
            rho, o10, o100 = quality(exact[metric], approx)
            w = worst.get(metric, (1.0, 10))
            worst[metric] = (min(w[0], rho), min(w[1], o10))
            check = rounds = "-"
            if note:
                rounds = note.split(" round")[0].rsplit(" in ", 1)[-1]
                check = note.split("(top-10 overlap ")[1].split("; targets")[0].replace(
                    ", top-100 Spearman ", ", ")
            print(f"| {metric} | {seed} | {k:,} | {rounds} | {check} | {rho:.3f} | {o10}/10 "
                  f"| {o100}/100 |")
    print()
    print("Worst over the seeds: " + "; ".join(
        f"{k} Spearman {v[0]:.3f}, top-10 {v[1]}/10" for k, v in worst.items()) + ".")
    mean = lambda x: float(np.mean(x)) if x else float("nan")  # noqa: E731
    print(f"CPU seconds: exact BFS pass {t_hop:.1f}, exact Dijkstra pass {t_w:.1f} (nan: read "
          f"from --exact-cache); sampled BFS pass {mean(times['hop']):.1f}, sampled Dijkstra "
          f"pass {mean(times['w']):.1f} (mean of {len(SEEDS)} seeds).")
    print(f"Peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; "
          f"load average {load0[0]:.1f} at start, {os.getloadavg()[0]:.1f} at end.\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
