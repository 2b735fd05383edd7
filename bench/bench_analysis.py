"""Analysis benchmark: relgraph's compiled engines vs plain NetworkX, same graphs, same run.

For each size, ``samples/generate.py --people N`` writes a synthetic organisation
(six months), relgraph ingests it into a temporary SQLite store, and the last
90 days become a TieGraph (``relgraph.window.load_window``). Then, in a
subprocess per size (so peak memory, max RSS, is per size):

* each metric alone with relgraph's engine (networkit / scipy.sparse),
* the whole ``analyze`` (every section, including part 2: silos, communities,
  structural holes, brokerage, executives), with the time of each step,
* the same metrics with plain NetworkX. When a NetworkX metric would exceed
  ``--baseline-budget`` seconds, it runs on a random sample of source nodes /
  egos and its time is extrapolated linearly (``n / k``) -- marked ``~``.

Usage::

    python bench/bench_analysis.py --sizes 1000,5000
    python bench/bench_analysis.py --sizes 20000 --baseline-budget 30
    python bench/bench_analysis.py --sizes 100000 --no-baseline

Generated data and stores are kept in ``--cache`` (default ``/tmp/relgraph-bench``)
so that a size can be rerun without generating it again.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, random, resource, sys, time
import networkx as nx
from relgraph.store.sqlite import SQLiteStore
from relgraph.window import load_window
from relgraph.analysis.engine import Engine
from relgraph.analysis import centrality as C, weakties as W, brokers as B
from relgraph.analysis.analyze import analyze
from relgraph.settings import AnalysisSettings

db, budget, baseline = sys.argv[1], float(sys.argv[2]), sys.argv[3] == "1"
s = AnalysisSettings()
out = {"rows": [], "steps": []}
store = SQLiteStore(db, create=False)
t = time.perf_counter(); tg = load_window(store, s); out["load_window"] = time.perf_counter() - t
store.close()
g = tg.graph
n, m = g.number_of_nodes(), g.number_of_edges()
out["people"], out["ties"] = n, m
k_hop = C.sources_for(n, m, s.hop_pass_budget, s.approximate)
k_w = C.sources_for(n, m, s.weighted_pass_budget, s.approximate)

def timed(fn):
    t = time.perf_counter(); r = fn(); return time.perf_counter() - t, r

t_eng, e = timed(lambda: Engine(g))
ours = {"graph conversion": (t_eng, "numpy/scipy")}
tag = lambda k: "exact" if k >= n else f"{k} sources"
ours["betweenness (weighted)"] = (timed(lambda: C.weighted_centrality(e, k_w))[0],
    f"numba Dijkstra pass, {tag(k_w)}")
ours["betweenness (unweighted) + harmonic closeness"] = (timed(lambda: C.hop_centrality(e, k_hop))[0],
    f"numba BFS pass, {tag(k_hop)}")
ours["pagerank"] = (timed(lambda: C.pagerank(e))[0], "scipy.sparse")
ours["articulation points"] = (timed(lambda: C.articulation_points(g))[0], "networkx")
ours["weak ties (overlap, bridges)"] = (timed(lambda: W.tie_metrics(g, tg.directed, engine=e))[0],
                                        "scipy.sparse + Tarjan bridges")
ours["constraint + effective size"] = (timed(lambda: B.structural_holes(g, "strength", engine=e))[0],
                                       "scipy.sparse (A2)")
steps = []
last = [time.perf_counter(), None]
def progress(done, total, label=""):
    now = time.perf_counter()
    if last[1] is not None:
        steps.append((last[1], now - last[0]))
    last[0], last[1] = now, label
t_all, res = timed(lambda: analyze(tg, s, progress=progress))
out["analyze"] = t_all
out["steps"] = steps
out["approximations"] = res.meta.approximations

rng = random.Random(1)
nodes = list(g.nodes)
inv = lambda u, v, d: 1.0 / d["strength"]

def sampled(label, full, part, unit_count):
    # pilot on a few units to estimate the full time; sample when over budget
    if not baseline:
        return None
    k0 = min(unit_count, 10)
    t0 = timed(lambda: part(rng.sample(nodes, k0)))[0]
    est = t0 * unit_count / k0
    if est <= budget:
        return (timed(full)[0], "")
    k = max(k0, min(unit_count, int(budget / max(t0 / k0, 1e-9))))
    tk = timed(lambda: part(rng.sample(nodes, k)))[0]
    return (tk * unit_count / k, f"~ extrapolated from {k} of {unit_count}")

def overlap_py():
    for u, v in g.edges:
        a, b = set(g[u]), set(g[v])
        c = len(a & b)
        _ = (len(a) - 1) + (len(b) - 1) - c
    list(nx.local_bridges(g, with_span=False))
    list(nx.bridges(g))

base = {}
if baseline:
    base["betweenness (weighted)"] = sampled("bw", lambda: nx.betweenness_centrality(g, weight=inv),
        lambda S: nx.betweenness_centrality_subset(g, S, nodes, weight=inv), n)
    bu = sampled("bu", lambda: nx.betweenness_centrality(g),
        lambda S: nx.betweenness_centrality_subset(g, S, nodes), n)
    hc = sampled("hc", lambda: nx.harmonic_centrality(g),
        lambda S: nx.harmonic_centrality(g, sources=S), n)
    base["betweenness (unweighted) + harmonic closeness"] = (
        bu[0] + hc[0], "; ".join(x for x in (bu[1], hc[1]) if x))
    base["pagerank"] = (timed(lambda: nx.pagerank(g, weight="strength"))[0], "")
    base["articulation points"] = (timed(lambda: set(nx.articulation_points(g)))[0], "")
    base["weak ties (overlap, bridges)"] = (timed(overlap_py)[0], "")
    base["constraint + effective size"] = sampled("sh",
        lambda: (nx.constraint(g, weight="strength"), nx.effective_size(g, weight="strength")),
        lambda S: (nx.constraint(g, nodes=S, weight="strength"),
                   nx.effective_size(g, nodes=S, weight="strength")), n)
for name, (t, eng) in ours.items():
    b = base.get(name)
    out["rows"].append({"metric": name, "relgraph": t, "engine": eng,
                        "networkx": b[0] if b else None, "note": b[1] if b else ""})
out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def prepare(size: int, cache: Path, interactions: int | None) -> Path:
    """Generate and ingest an org of ``size`` people (cached); return the SQLite path."""
    tag = f"p{size}" + (f"-i{interactions}" if interactions else "")
    data, db = cache / tag, cache / f"{tag}.db"
    if not (data / "interactions.csv").exists():
        cmd = [sys.executable, str(ROOT / "samples" / "generate.py"), "--people", str(size),
               "--out", str(data)]
        if interactions:
            cmd += ["--interactions", str(interactions)]
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        print(f"# generated {size} people in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    if not db.exists():
        t = time.perf_counter()
        tmp = db.with_suffix(".tmp")
        if tmp.exists():
            tmp.unlink()
        subprocess.run([sys.executable, "-m", "relgraph.cli", "--store", str(tmp), "ingest",
                        str(data)], check=True, stdout=subprocess.DEVNULL)
        tmp.rename(db)
        print(f"# ingested in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    return db


def fmt_s(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{x:.2f}" if x < 100 else f"{x:.0f}"


def report(size: int, r: dict) -> str:
    lines = [f"### {size:,} people: {r['people']:,} people, {r['ties']:,} ties in the last 90 days",
             "", "| metric | relgraph (s) | engine | NetworkX (s) | speed-up |",
             "| --- | ---: | --- | ---: | ---: |"]
    tot_ours = tot_nx = 0.0
    for row in r["rows"]:
        nx_t = row["networkx"]
        speed = f"{nx_t / row['relgraph']:.0f}x" if nx_t and row["relgraph"] > 0 else "-"
        note = f" ({row['note']})" if row["note"] else ""
        tag = "~" if row["note"] else ""
        lines.append(f"| {row['metric']} | {fmt_s(row['relgraph'])} | {row['engine']} | "
                     f"{tag}{fmt_s(nx_t)}{note} | {speed} |")
        tot_ours += row["relgraph"]
        tot_nx += nx_t or 0.0
    if tot_nx:
        lines.append(f"| **these metrics together** | {fmt_s(tot_ours)} | | {fmt_s(tot_nx)} | "
                     f"{tot_nx / tot_ours:.0f}x |")
    lines += ["", f"Whole `analyze` (every section): **{r['analyze']:.1f} s**; "
              f"load_window {r['load_window']:.1f} s; peak memory {r['peak_rss_mb']:.0f} MB.",
              "Steps: " + ", ".join(f"{k} {v:.2f} s" for k, v in r["steps"]) + "."]
    if r["approximations"]:
        lines.append("Approximations: " + "; ".join(r["approximations"]) + ".")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,5000,20000,100000", help="comma-separated head counts")
    ap.add_argument("--interactions", type=int, default=0,
                    help="records per org (0: the generator's natural volume)")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/relgraph-bench"))
    ap.add_argument("--baseline-budget", type=float, default=60.0,
                    help="seconds per NetworkX metric before sampling + extrapolating")
    ap.add_argument("--no-baseline", action="store_true", help="skip the NetworkX baseline")
    args = ap.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    import networkit
    import networkx

    print(f"# relgraph analysis benchmark, {time.strftime('%Y-%m-%d', time.gmtime())}, "
          f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"networkx {networkx.__version__}, networkit {networkit.__version__}\n")
    for size in (int(x) for x in args.sizes.split(",") if x.strip()):
        db = prepare(size, args.cache, args.interactions or None)
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, str(db), str(args.baseline_budget),
             "0" if args.no_baseline else "1"],
            check=True, capture_output=True, text=True,
        )
        print(report(size, json.loads(proc.stdout.strip().splitlines()[-1])) + "\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
