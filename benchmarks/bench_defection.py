"""Timing of the defection simulations (not a test; run by hand).

    .venv/bin/python benchmarks/bench_defection.py [--year 2010] [--sims 1000]

Uses the genuine ATOP 5.1 and COW state-system files in ../shared/data when present
(ALLIANCENET_SHARED_DATA overrides), otherwise a random graph of 195 states with about
the density of the post-1990 defence-pact network. Reports the best of five runs
after one warm-up run (which compiles the numba kernel).
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import networkx as nx
import numpy as np

import alliancenet as anet

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ALLIANCENET_SHARED_DATA", ROOT.parent / "shared" / "data"))


def load_graph(year: int):
    if (SHARED / "atop_5_1" / "atop5_1m.csv").is_file():
        members = anet.read_atop(SHARED / "atop_5_1" / "atop5_1m.csv")
        states = anet.read_states(SHARED / "cow_states" / "states2016.csv")
        return anet.alliance_graph(members, year, states=states), f"ATOP 5.1, {year}"
    G = nx.gnm_random_graph(195, 1700, seed=1)
    for k, (u, v) in enumerate(G.edges):
        G.edges[u, v].update(alliances=(f"T{k % 40}",), types=("defense",), weight=1)
    G.graph["year"] = year
    return G, "random graph (195 states, 1700 ties)"


def best_of(func, repeat: int = 5) -> float:
    func()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        func()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2010)
    parser.add_argument("--sims", type=int, default=1000)
    args = parser.parse_args()
    G, label = load_graph(args.year)
    print(f"{label}: {G.number_of_nodes()} states, {G.number_of_edges()} ties")
    for level in ("state", "commitment", "treaty"):
        t = best_of(lambda lv=level: anet.simulate_defections(G, level=lv, n_sims=args.sims, rng=0))
        print(f"simulate_defections level={level:<10} {args.sims} sims: {t * 1000:8.1f} ms")
    t = best_of(lambda: anet.keystones(G, p_honor=0.745))
    print(f"keystones (all states):                      {t * 1000:8.1f} ms")
    hub = max(G.degree, key=lambda x: x[1])[0]
    caps = dict.fromkeys(G, 1.0)
    t = best_of(
        lambda: anet.attack_response(
            G,
            hub,
            capabilities=caps,
            attacker=float(np.sqrt(G.degree(hub))),
            n_sims=100_000,
            rng=0,
        )
    )
    print(f"attack_response (d={G.degree(hub)}, Monte Carlo 1e5):     {t * 1000:8.1f} ms")
    t = best_of(lambda: anet.defection_cascade(G, defectors=[hub], threshold=0.3))
    print(f"defection_cascade:                           {t * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
