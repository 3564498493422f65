"""Benchmark: how the panel functions scale with the number of states.

Synthetic alliance systems of 200, 2,000 and 20,000 states with ATOP-like
density: as many alliances per state as ATOP 5.1 has in force in 2012 (358
alliances, 186 members), each alliance's size drawn from the sizes of those 358
(two members for most, up to 56), its obligations drawn with ATOP 2012's shares
(defence 27 %, neutrality 10 %, non-aggression 83 %, consultation 52 %), its
members uniformly at random. Every function runs in a fresh process on one year
(the per-year work is what grows with the states); its wall time and the growth
of the process's peak resident memory over the inputs are recorded, and the
exponent ``b`` of ``time ~ N^b`` (and memory) is fitted between the sizes.

Targets (issue 16): every exponent <= 1.3, except where the output itself is
quadratic (similarity_panel with S, kappa and tau-b: N (N - 1) dyads; time exponent <= 2), and the
20,000-state similarity year within the 24 GiB machine.

Run from the project root::

    .venv/bin/python benchmarks/bench_scaling.py [--sizes 200 2000 20000] [--only NAME ...]

Timings on a shared 2-core machine are noisy; each cell is the best of
``--repeat`` runs (default 2; 1 for the largest size). Centrality is measured on
the measures that are linear by definition (degree, strength, eigenvector,
PageRank); betweenness and closeness are O(N M) by definition (Brandes 2001),
whatever the implementation.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys

import numpy as np
import pandas as pd

SIZES_2012 = [2] * 322 + [3] * 11 + [5, 6, 6, 6, 6, 6, 7, 7, 8, 10, 11, 13, 13, 15, 19, 20]
SIZES_2012 += [21, 21, 27, 28, 30, 33, 52, 56]
ALLIANCES_PER_STATE = 358 / 186
SHARES = {"defense": 0.27, "neutrality": 0.10, "nonaggression": 0.83, "consultation": 0.52}
YEAR = 2000


def synthetic_members(n_states: int, seed: int = 0) -> pd.DataFrame:
    """A canonical membership table of `n_states` states with ATOP 2012's density."""
    import alliancenet as anet

    rng = np.random.default_rng(seed)
    n_alliances = round(ALLIANCES_PER_STATE * n_states)
    sizes = np.minimum(rng.choice(SIZES_2012, n_alliances), n_states)
    codes = np.arange(1, n_states + 1) * 4  # ccode-like labels (ATOP allows 0..99999)
    ids, members = [], []
    for a, size in enumerate(sizes.tolist()):
        ids += [f"SYN:{a}"] * size
        members.append(rng.choice(codes, size, replace=False))
    flags = {k: rng.random(n_alliances) < p for k, p in SHARES.items()}
    flags["nonaggression"] |= ~np.any(list(flags.values()), axis=0)  # at least one obligation
    rows = len(ids)
    table = pd.DataFrame(
        {
            "alliance_id": ids,
            "ccode": np.concatenate(members),
            "start_year": np.full(rows, YEAR - 1),
            "end_year": np.full(rows, YEAR + 1),
            **{k: np.repeat(v, sizes) for k, v in flags.items()},
            "offense": np.zeros(rows, dtype=bool),
            "entente": np.zeros(rows, dtype=bool),
            "source": "synthetic",
        }
    )
    return anet.validate_memberships(table)


#: name -> the call, on ``members`` (table) and ``graphs`` ({YEAR: graph})
CALLS = {
    "robustness_panel": "anet.robustness_panel(graphs, n_sims=100, rng=1, quantiles=(0.05, 0.95))",
    "r_index_panel": "anet.r_index_panel(graphs)",
    "centrality_panel": (
        "anet.centrality_panel(graphs, ['degree', 'strength', 'eigenvector', 'pagerank'])"
    ),
    "cohesion_panel": "anet.cohesion_panel(graphs, rng=1)",
    "similarity_panel": "anet.similarity_panel(members, [YEAR])",
    "similarity_panel_kappa": "anet.similarity_panel(members, [YEAR], method='kappa')",
    "similarity_panel_taub": "anet.similarity_panel(members, [YEAR], method='taub')",
}
QUADRATIC = {"similarity_panel", "similarity_panel_kappa", "similarity_panel_taub"}

_CHILD = """
import json, resource, sys, time, warnings
sys.path.insert(0, {bench!r})
import bench_scaling as b
import alliancenet as anet
from alliancenet.robustness import _engine
_engine.SMALL_WORK = -1  # compiled kernels from the warm-up on (steady state)
YEAR = b.YEAR
members = b.synthetic_members({n})
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    graphs = {{YEAR: anet.alliance_graph(members, YEAR)}}
    {warm}
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    out = {call}
    seconds = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
G = graphs[YEAR]
print(json.dumps({{"seconds": seconds, "mib": (peak - base) / 1024, "rows": len(out),
                  "states": G.number_of_nodes(), "ties": G.number_of_edges()}}))
"""


def run_one(name: str, n: int) -> dict:
    """Time and peak memory growth of one call in a fresh process."""
    # load numba / igraph / compiled kernels on a tiny input first, outside the measure
    warm = "tiny = {YEAR: anet.alliance_graph(b.synthetic_members(30), YEAR)}; " + CALLS[
        name
    ].replace("graphs", "tiny").replace("members", "b.synthetic_members(30)")
    code = _CHILD.format(
        bench=os.path.dirname(os.path.abspath(__file__)), n=n, call=CALLS[name], warm=warm
    )
    # one BLAS / OpenMP thread: on a shared machine idle threads spin and swamp the timing
    env = {
        **os.environ,
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1][:200]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def exponent(x: list[float], y: list[float]) -> float:
    """Least-squares slope of log y on log x."""
    lx, ly = np.log(x), np.log(np.maximum(y, 1e-9))
    return float(np.polyfit(lx, ly, 1)[0])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000, 20000])
    parser.add_argument("--only", nargs="+", default=list(CALLS))
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    print(f"load average at the start {os.getloadavg()}")
    print(
        f"{'function':<18s} {'states':>7s} {'ties':>8s} {'rows':>12s} {'seconds':>9s} "
        f"{'peak MiB':>9s}"
    )
    for name in args.only:
        results = []
        for n in args.sizes:
            runs = [run_one(name, n) for _ in range(args.repeat if n < max(args.sizes) else 1)]
            ok = [r for r in runs if "error" not in r]
            if not ok:
                print(f"{name:<18s} {n:>7d} failed: {runs[0]['error']}")
                continue
            best = min(ok, key=lambda r: r["seconds"])
            best["mib"] = min(r["mib"] for r in ok)
            results.append((n, best))
            print(
                f"{name:<18s} {best['states']:>7d} {best['ties']:>8d} {best['rows']:>12,d} "
                f"{best['seconds']:>9.3f} {best['mib']:>9.1f}",
                flush=True,
            )
        if len(results) >= 2:
            xs = [r["states"] for _, r in results]
            t_exp = exponent(xs, [r["seconds"] for _, r in results])
            # memory below a few MiB is noise (allocator, page granularity): floor at 1 MiB
            m_exp = exponent(xs, [max(r["mib"], 1.0) for _, r in results])
            limit = 2.0 if name in QUADRATIC else 1.3
            verdict = "OK" if t_exp <= limit + 1e-9 else "MISSED"
            pairs = [
                f"{math.log(b['seconds'] / a['seconds']) / math.log(b['states'] / a['states']):.2f}"
                for (_, a), (_, b) in zip(results, results[1:], strict=False)
            ]
            print(
                f"  -> {name}: time exponent {t_exp:.2f} (step by step {', '.join(pairs)}; "
                f"target <= {limit:g}) [{verdict}], peak-memory exponent {m_exp:.2f}"
                + (" (output N(N-1) rows: quadratic by definition)" if name in QUADRATIC else "")
            )
    print(f"load average at the end {os.getloadavg()}")


if __name__ == "__main__":
    main()
