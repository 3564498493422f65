"""Benchmark: robustness curves, the R-index panel and adaptive attacks.

Run from the project root (needs the genuine data in ../shared/data)::

    .venv/bin/python benchmarks/bench_robustness.py [--data PATH] [--n-jobs 1]

Every figure is printed with its target and its ratio to a baseline measured in
the same run (a naive networkx implementation that removes states one by one and
recomputes the components after every removal). Targets (2-core machine):

1. ``robustness_panel`` over the ATOP 1816–2018 defence panel, 1,000 random
   orders per year summarised per step (``quantiles=(0.05, 0.95)``): at most
   10 s, and at least 500x faster than naive networkx (the naive total is
   estimated from a timed sample of years and orders). ``r_index_panel`` with
   the same orders and the per-order table (no ``quantiles``) are timed too.
2. One full curve on a 10,000-state random graph: at most 5 ms after compilation.
3. An adaptive betweenness attack on every ATOP year: at most 30 s.
"""

from __future__ import annotations

import argparse
import os
import time
import warnings
from pathlib import Path

import networkx as nx
import numpy as np

import alliancenet as anet
from alliancenet._graphs import graph_to_csr
from alliancenet.robustness import _engine

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = Path(os.environ.get("ALLIANCENET_SHARED_DATA", ROOT.parent / "shared" / "data"))


def naive_curve(G, removal):
    """lcc, n_components and covered states after each removal, recomputed with networkx."""
    H = nx.Graph(G)
    out = []
    for k in range(len(removal) + 1):
        if k:
            H.remove_node(removal[k - 1])
        comps = list(nx.connected_components(H))
        out.append(
            (
                max((len(c) for c in comps), default=0),
                len(comps),
                sum(1 for v in H if H.degree(v) > 0),
            )
        )
    return out


def naive_betweenness_attack(G):
    """Adaptive betweenness attack with networkx recomputation (the tests' oracle)."""
    H = G.copy()
    order = []
    while H.number_of_nodes():
        b = nx.betweenness_centrality(H, normalized=False)
        v = min(H.nodes, key=lambda u: (-round(b[u], 9), -H.degree(u), u))
        order.append(v)
        H.remove_node(v)
    return order


def atop_panel(data: Path):
    members = anet.read_atop(data / "atop_5_1" / "atop5_1m.csv")
    states = anet.read_states(data / "cow_states" / "system2016.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", anet.DataWarning)
        return anet.alliance_graphs(members, range(1816, 2019), states=states, carry_forward=True)


def report(label, seconds, target=None, baseline=None):
    line = f"{label:<58s} {seconds:10.4f} s"
    if target is not None:
        line += f"   target <= {target:g} s [{'OK' if seconds <= target else 'MISSED'}]"
    if baseline is not None:
        line += f"   baseline {baseline:10.2f} s -> {baseline / seconds:,.0f}x faster"
    print(line, flush=True)


def bench_panel(panel, n_jobs):
    anet.robustness_panel({0: nx.path_graph(3)}, n_sims=2, rng=0, quantiles=(0.5,))  # compile
    t0 = time.perf_counter()
    res = anet.robustness_panel(panel, n_sims=1000, rng=1, n_jobs=n_jobs, quantiles=(0.05, 0.95))
    elapsed = time.perf_counter() - t0
    t0 = time.perf_counter()
    r_tab = anet.r_index_panel(
        panel, strategy="random", adaptive=False, n_sims=1000, rng=1, n_jobs=n_jobs
    )
    r_elapsed = time.perf_counter() - t0
    t0 = time.perf_counter()
    table = anet.robustness_panel(panel, n_sims=1000, rng=1, n_jobs=n_jobs)
    table_elapsed = time.perf_counter() - t0
    table_rows, table_mib = len(table), table.memory_usage(deep=False).sum() / 2**20
    del table

    # naive estimate: every 10th year, 2 orders each, scaled to all years x 1000 orders
    years = sorted(panel)
    sample = years[::10]
    rng = np.random.default_rng(0)
    t0 = time.perf_counter()
    per_year = {}
    for y in sample:
        G = panel[y]
        nodes = list(G)
        t1 = time.perf_counter()
        for _ in range(2):
            naive_curve(G, list(rng.permutation(nodes)))
        per_year[y] = (time.perf_counter() - t1) / 2
    sampled = time.perf_counter() - t0
    # each unsampled year takes the time of the nearest sampled year at or before it
    naive_total = sum(per_year[max(s for s in sample if s <= y)] * 1000 for y in years)
    print(
        f"  (naive networkx timed on {len(sample)} years x 2 orders = {sampled:.1f} s; "
        f"estimated total for {len(years)} years x 1000 orders = {naive_total:,.0f} s)"
    )
    report(
        f"robustness_panel ATOP {years[0]}-{years[-1]}, 1000 orders/yr, summary",
        elapsed,
        target=10,
        baseline=naive_total,
    )
    ratio = naive_total / elapsed
    print(
        f"  speed-up target >= 500x [{'OK' if ratio >= 500 else 'MISSED'}]; "
        f"{len(res):,} summary rows; n_jobs={n_jobs}"
    )
    report("r_index_panel, the same 1000 random orders/yr", r_elapsed, baseline=naive_total)
    print(f"  {len(r_tab)} years")
    report("robustness_panel, the same orders as one row per order", table_elapsed)
    print(f"  {table_rows:,} rows, {table_mib:,.0f} MiB")


def bench_large_curve():
    G = nx.gnm_random_graph(10_000, 20_000, seed=1)
    nodes, indptr, indices = graph_to_csr(G)
    rng = np.random.default_rng(2)
    order = _engine.random_orders(len(nodes), 1, rng)
    _engine.percolate(indptr, indices, order)  # compile / load cache
    engine_times, curve_times = [], []
    for _ in range(20):
        order = _engine.random_orders(len(nodes), 1, rng)
        t0 = time.perf_counter()
        _engine.percolate(indptr, indices, order)
        engine_times.append(time.perf_counter() - t0)
    anet.robustness_curve(G, n_sims=1, rng=0)
    for i in range(5):
        t0 = time.perf_counter()
        anet.robustness_curve(G, n_sims=1, rng=i)
        curve_times.append(time.perf_counter() - t0)

    # naive baseline: time the first 100 removals, extrapolate (cost per step falls
    # roughly linearly with the remaining graph, so the total is ~ N/2 first steps)
    H = nx.Graph(G)
    removal = list(np.random.default_rng(3).permutation(list(G)))[:100]
    t0 = time.perf_counter()
    for v in removal:
        H.remove_node(v)
        comps = list(nx.connected_components(H))
        max(len(c) for c in comps)
        sum(1 for u in H if H.degree(u) > 0)
    naive_est = (time.perf_counter() - t0) / 100 * len(nodes) / 2
    med = float(np.median(engine_times))
    report("one curve, 10,000-state random graph (engine, median of 20)", med, 0.005, naive_est)
    report(
        "one curve, 10,000-state graph (robustness_curve incl. CSR+table)",
        float(np.median(curve_times)),
        baseline=naive_est,
    )


def bench_betweenness(panel):
    t0 = time.perf_counter()
    for G in panel.values():
        anet.robustness_curve(G, "betweenness", adaptive=True)
    elapsed = time.perf_counter() - t0
    sample = sorted(panel)[::20]
    t0 = time.perf_counter()
    per_year = {}
    for y in sample:
        t1 = time.perf_counter()
        naive_betweenness_attack(panel[y])
        per_year[y] = time.perf_counter() - t1
    sampled = time.perf_counter() - t0
    naive_total = sum(per_year[max(s for s in sample if s <= y)] for y in panel)
    print(
        f"  (networkx oracle timed on {len(sample)} years = {sampled:.1f} s; "
        f"estimated total {naive_total:,.1f} s)"
    )
    report(
        f"adaptive betweenness attack, all {len(panel)} ATOP years",
        elapsed,
        target=30,
        baseline=naive_total,
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--n-jobs", type=int, default=1)
    args = parser.parse_args(argv)
    print(f"numba compiled engine: {_engine.HAVE_NUMBA}; load average {os.getloadavg()}")
    t0 = time.perf_counter()
    panel = atop_panel(args.data)
    print(f"built ATOP defence panel ({len(panel)} years) in {time.perf_counter() - t0:.2f} s")
    bench_panel(panel, args.n_jobs)
    bench_large_curve()
    bench_betweenness(panel)
    print(f"load average at the end {os.getloadavg()}")


if __name__ == "__main__":
    main()
