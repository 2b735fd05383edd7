"""Breadth-first kernels of the centrality pass, on one graph, in one run.

Times :func:`relgraph.analysis.paths.hop_pass`'s two kernels on the same sources:

* the baseline, one Brandes search per source (``paths.hop_blocks``, predecessor lists);
* the bit-parallel multi-source kernel (``msbfs.batch_blocks``) at 16, 32 and 64 lanes;

each with both cores, alternating, ``--repeat`` times, and prints CPU and wall seconds, the
ratio of CPU seconds to the baseline's median in the same run, and the peak memory of the
process. Sources are every person (``--sources 0``, the exact pass, unit-ordered as the ids
are) or a seeded random sample in id order (a sampled pass: linear scaling and closeness
columns on). The largest relative difference from the baseline's dependencies and harmonic
sums is printed too (the kernels add in different orders; the values are the same).

The graph is an ``.npz`` that ``bench/bench_analysis.py`` keeps in its cache
(``p{N}-graph.npz``: ``n``, ``rows``, ``cols``, ``s``, one row per tie), or one holding
symmetric CSR arrays ``ip`` and ``ix``::

    python bench/bench_analysis.py --sizes 20000 --no-baseline      # writes the .npz
    python bench/bench_kernels.py /tmp/relgraph-bench/p20000-graph.npz
    python bench/bench_kernels.py /tmp/relgraph-bench/p20000-graph.npz --sources 2048
"""

from __future__ import annotations

import argparse
import os
import resource
import time

import numpy as np
import scipy.sparse as sp

from relgraph.analysis import msbfs, paths


def _csr(path: str) -> tuple[np.ndarray, np.ndarray]:
    z = np.load(path)
    if "ip" in z.files:  # the CSR arrays bench_steps-style caches keep (ip, ix, data)
        return z["ip"], z["ix"]
    n = int(z["n"])
    a = sp.coo_array((np.ones(len(z["rows"])), (z["rows"], z["cols"])), shape=(n, n))
    a = (a + a.T).tocsr()
    a.sort_indices()
    return a.indptr, a.indices


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("graph", help="p{N}-graph.npz from bench_analysis.py's cache")
    ap.add_argument("--sources", type=int, default=0, help="0: every person (exact pass)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    indptr, indices = _csr(args.graph)
    n = len(indptr) - 1
    sampled = args.sources > 0
    src = (np.sort(np.random.default_rng(args.seed).choice(n, args.sources, replace=False))
           if sampled else np.arange(n))
    ip, ix, s, w = paths._index_arrays(indptr, indices, src, None)
    kernels = {"one search per source": lambda: paths.hop_blocks(
        ip, ix, s, w, True, sampled, sampled)}
    for lanes in (16, 32, 64):
        kernels[f"multi-source, {lanes} lanes"] = (
            lambda lanes=lanes: msbfs.batch_blocks(ip, ix, s, w, lanes, paths.BLOCKS, True,
                                                   sampled, sampled))
    # compile (or load numba's cache) outside the timing
    paths.hop_blocks(ip, ix, s[:8], w[:8], True, sampled, sampled)
    for lanes in (16, 32, 64):
        msbfs.batch_blocks(ip, ix, s[:lanes], w[:lanes], lanes, paths.BLOCKS, True, sampled,
                           sampled)

    times: dict[str, list[tuple[float, float]]] = {k: [] for k in kernels}
    out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for _ in range(args.repeat):
        for name, f in kernels.items():
            t, c = time.perf_counter(), time.process_time()
            acc, _, harm = f()
            times[name].append((time.process_time() - c, time.perf_counter() - t))
            out[name] = (acc.sum(axis=0), harm)
    base = float(np.median([c for c, _ in times["one search per source"]]))
    ref_dep, ref_harm = out["one search per source"]
    what = (f"{len(src):,} random sources (scaled, columns)" if sampled
            else f"all {n:,} sources (exact)")
    m = len(indices) // 2
    print(f"{os.path.basename(args.graph)}: {n:,} people, {m:,} ties, {what}; "
          f"{args.repeat} alternating runs, {os.cpu_count()} cores\n")
    print("| kernel | CPU s (median) | CPU s (all) | wall s (median) | CPU / baseline "
          "| max rel. diff |")
    print("| --- | ---: | --- | ---: | ---: | ---: |")
    for name, ts in times.items():
        cpu = float(np.median([c for c, _ in ts]))
        wall = float(np.median([x for _, x in ts]))
        dep, harm = out[name]
        diff = max(float(np.abs(dep - ref_dep).max() / max(np.abs(ref_dep).max(), 1e-300)),
                   float(np.abs(harm - ref_harm).max() / max(np.abs(ref_harm).max(), 1e-300)))
        print(f"| {name} | {cpu:.2f} | {', '.join(f'{c:.2f}' for c, _ in ts)} | {wall:.2f} "
              f"| {cpu / base:.2f}x | {diff:.1e} |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\npeak memory {peak:.0f} MB; load average {load}")


if __name__ == "__main__":
    main()
