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
import numpy as np
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
t = time.process_time(); tg = load_window(store, s); out["load_window"] = time.process_time() - t
store.close()
g = tg.graph
n, m = g.number_of_nodes(), g.number_of_edges()
out["people"], out["ties"] = n, m
b_hop = C.pass_budget(n, m, s.hop_pass_budget, s.approximate, s.hop_sample_budget)
b_w = C.pass_budget(n, m, s.weighted_pass_budget, s.approximate)

def timed(fn):  # CPU seconds of this process (both cores counted): robust to a loaded machine
    t = time.process_time(); r = fn(); return time.process_time() - t, r

# load the compiled kernels (numba's on-disk cache) before timing them
_w = Engine(nx.path_graph(5))
t_jit = timed(lambda: (C.hop_centrality(_w), C.weighted_centrality(_w)))[0]
out["jit_load"] = t_jit
t_eng, e = timed(lambda: Engine(g))
strata = C.unit_strata(g, e)
ours = {"graph conversion": (t_eng, "numpy/scipy")}
t_w, r_w = timed(lambda: C.weighted_centrality(e, b_w, s.seed, strata=strata))
ours["betweenness (weighted)"] = (t_w, "numba Dijkstra pass, " + (
    "exact" if b_w is None else f"stratified sample of {r_w.sources} sources"))
t_h, r_h = timed(lambda: C.hop_centrality(e, b_hop, s.seed, strata=strata))
ours["betweenness (unweighted) + harmonic closeness"] = (t_h, "numba BFS pass, " + (
    "exact" if b_hop is None else f"stratified sample of {r_h.sources} sources"))
if b_hop is None and len(sys.argv) > 4 and sys.argv[4]:  # exact per-metric CPU, for igraph
    from relgraph.analysis import paths
    indptr, indices = e.csr
    out["exact_cpu"] = {
        "hop pass (unweighted betweenness + harmonic closeness)": t_h,
        "harmonic closeness alone": timed(lambda: paths.harmonic_sums(indptr, indices, np.arange(n)))[0],
        "weighted betweenness": t_w if b_w is None else timed(lambda: C.weighted_centrality(e))[0],
    }
    np.savez(sys.argv[4], n=n, rows=e.rows, cols=e.cols, s=e.strengths)
ours["pagerank"] = (timed(lambda: C.pagerank(e))[0], "scipy.sparse")
ours["articulation points"] = (timed(lambda: C.articulation_points(e))[0],
                               "numba Tarjan low-link on CSR")
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


IGRAPH = r"""
import sys, time, numpy as np, igraph as ig
d = np.load(sys.argv[1]); n = int(d["n"])
g = ig.Graph(n=n, edges=list(zip(d["rows"].tolist(), d["cols"].tolist())))
w = (1.0 / d["s"]).tolist()
def cpu(f):
    t = time.process_time(); f(); return time.process_time() - t
print(cpu(lambda: g.betweenness(directed=False)), cpu(lambda: g.harmonic_centrality()),
      cpu(lambda: g.betweenness(directed=False, weights=w)), ig.__version__)
"""


def igraph_rows(py: str, npz: Path, exact: dict[str, float]) -> list[str]:
    """CPU seconds of igraph's C code for the same metrics on the same graph (its own venv)."""
    out = subprocess.run([py, "-c", IGRAPH, str(npz)], check=True, capture_output=True,
                         text=True).stdout.split()
    bu, hc, bw = (float(x) for x in out[:3])
    hop = "hop pass (unweighted betweenness + harmonic closeness)"
    rows = [f"Exact passes against igraph {out[3]} (CPU seconds, same graph, same run):", "",
            "| metric | relgraph | igraph | ratio |", "| --- | ---: | ---: | ---: |"]
    for name, ours, theirs in ((hop, exact.get(hop), bu + hc),
                               ("unweighted betweenness (relgraph: the hop pass)", exact.get(hop), bu),
                               ("harmonic closeness alone", exact.get("harmonic closeness alone"), hc),
                               ("weighted betweenness", exact.get("weighted betweenness"), bw)):
        if ours is not None:
            rows.append(f"| {name} | {ours:.2f} | {theirs:.2f} | {ours / theirs:.2f}x |")
    return rows


def cli_run(db: Path, *args: str) -> tuple[float, float, float]:
    """Wall s, CPU s (user + sys) and peak RSS (MB) of one ``relgraph`` command."""
    cmd = ["/usr/bin/time", "-f", "%e %U %S %M", sys.executable, "-m", "relgraph.cli",
           "--store", str(db), *args]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode not in (0, 1):
        raise RuntimeError(p.stderr[-2000:])
    wall, user, sys_, rss = p.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(sys_), float(rss) / 1024


def cli_rows(db: Path) -> list[str]:
    """``analyze`` and ``audit`` (previous window compared) on a copy of the store."""
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        copy = Path(d) / "s.db"
        shutil.copy(db, copy)
        an = cli_run(copy, "analyze", "--format", "json")
        au = cli_run(copy, "audit", "--no-save")
    return ["| command | wall s | CPU s | peak RSS MB |", "| --- | ---: | ---: | ---: |",
            f"| analyze | {an[0]:.1f} | {an[1]:.1f} | {an[2]:.0f} |",
            f"| audit | {au[0]:.1f} | {au[1]:.1f} | {au[2]:.0f} |",
            f"| audit / analyze | {au[0] / an[0]:.2f}x | {au[1] / an[1]:.2f}x | "
            f"{au[2] / an[2]:.2f}x |"]


def fmt_s(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{x:.2f}" if x < 100 else f"{x:.0f}"


def report(size: int, r: dict) -> str:
    lines = [f"### {size:,} people: {r['people']:,} people, {r['ties']:,} ties in the last 90 days",
             "", "| metric | relgraph (CPU s) | engine | NetworkX (CPU s) | speed-up |",
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
    lines += ["", f"Whole `analyze` (every section, in this process): **{r['analyze']:.1f} CPU s**"
              f"; load_window {r['load_window']:.1f} CPU s; peak memory {r['peak_rss_mb']:.0f} MB.",
              "Steps (wall s): " + ", ".join(f"{k} {v:.2f}" for k, v in r["steps"]) + ".",
              f"Loading the compiled kernels (numba cache, once per process): "
              f"{r['jit_load']:.2f} CPU s."]
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
    ap.add_argument("--igraph", metavar="PYTHON",
                    help="an interpreter with igraph installed (a separate venv: igraph is GPL "
                    "and never a relgraph dependency): compare the exact passes with it")
    ap.add_argument("--cli", action="store_true",
                    help="also time 'relgraph analyze' and 'relgraph audit' (wall, CPU, peak RSS)")
    args = ap.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    import networkit
    import networkx

    print(f"# relgraph analysis benchmark, {time.strftime('%Y-%m-%d', time.gmtime())}, "
          f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"networkx {networkx.__version__}, networkit {networkit.__version__}\n")
    for size in (int(x) for x in args.sizes.split(",") if x.strip()):
        db = prepare(size, args.cache, args.interactions or None)
        npz = args.cache / f"p{size}-graph.npz"
        load = os.getloadavg()[0]
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, str(db), str(args.baseline_budget),
             "0" if args.no_baseline else "1", str(npz) if args.igraph else ""],
            check=True, capture_output=True, text=True,
        )
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        print(report(size, r) + "\n", flush=True)
        if args.igraph and r.get("exact_cpu"):
            print("\n".join(igraph_rows(args.igraph, npz, r["exact_cpu"])) + "\n", flush=True)
        if args.cli:
            print("\n".join(cli_rows(db)) + "\n", flush=True)
        print(f"Load average {load:.1f} at the start of this size, {os.getloadavg()[0]:.1f} at "
              "the end.\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
