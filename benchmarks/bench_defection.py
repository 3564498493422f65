"""Timing of the defection simulations (not a test; run by hand).

    .venv/bin/python benchmarks/bench_defection.py [--year 2010] [--sims 1000] [--repeat 5]

Uses the genuine ATOP 5.1 and COW state-system files in ../shared/data when present
(ALLIANCENET_SHARED_DATA overrides), otherwise a random graph of 195 states with about
the density of the post-1990 defence-pact network. Reports the best of `repeat` runs
after one warm-up run (which compiles the numba kernel), and the ratios the issue asks
for:

- ``simulate_defections`` with ``correlation=0.5`` against the independent model, at
  every level (target: within 2x);
- ``attack_response`` with a correlation for a hub with 65 allies: ``p_any_ally`` exact
  by quadrature, ``p_exceeds`` by Monte Carlo (2^65 subsets cannot be enumerated);
- the treaty level's promise → treaty incidence: the dense treaty x promise matrix
  product of alliancenet <= e43b852 against the sparse gathers now (one per treaty a
  promise carries), on the same draws (both kernels timed here, side by side), and
  both on a synthetic system of 2,000 treaties where the dense matrix is large.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import networkx as nx
import numpy as np

import alliancenet as anet
from alliancenet.robustness._promises import promises
from alliancenet.robustness.defection import _sparse_incidence

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


def incidence_kernels(G: nx.Graph, size: int = 250, repeat: int = 5) -> tuple[float, float]:
    """Dense (old) and CSR (new) treaty → promise step for one batch of draws."""
    pr = promises(G, "bench")
    carried = [tuple(d["alliances"]) for d in pr.data]
    ids = sorted({a for c in carried for a in c})
    pos = {a: i for i, a in enumerate(ids)}
    dense = np.zeros((len(ids), len(carried)), dtype=np.float32)
    for k, c in enumerate(carried):
        for a in c:
            dense[pos[a], k] = 1.0
    first, extra = _sparse_incidence([[pos[a] for a in c] for c in carried])
    survives = np.random.default_rng(0).random((size, len(ids))) < 0.5

    def sparse() -> np.ndarray:
        alive = survives[:, first]
        for idx, treaty in extra:
            alive[:, idx] |= survives[:, treaty]
        return alive

    assert (((survives.astype(np.float32) @ dense) > 0) == sparse()).all()
    t_old = best_of(lambda: (survives.astype(np.float32) @ dense) > 0, repeat)
    t_new = best_of(sparse, repeat)
    n_pairs = len(first) + sum(len(i) for i, _ in extra)
    print(
        f"treaty incidence ({len(ids)} treaties x {len(carried)} promises, {size} draws): "
        f"dense {t_old * 1000:.2f} ms (matrix {dense.nbytes / 1e6:.2f} MB), "
        f"sparse {t_new * 1000:.2f} ms ({n_pairs} pairs, {n_pairs * 16 / 1e6:.3f} MB)"
    )
    return t_old, t_new


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2010)
    parser.add_argument("--sims", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    G, label = load_graph(args.year)
    rep = args.repeat
    print(f"{label}: {G.number_of_nodes()} states, {G.number_of_edges()} ties")
    for level in ("state", "commitment", "treaty"):
        t0 = best_of(
            lambda lv=level: anet.simulate_defections(G, level=lv, n_sims=args.sims, rng=0), rep
        )
        t1 = best_of(
            lambda lv=level: anet.simulate_defections(
                G, level=lv, correlation=0.5, n_sims=args.sims, rng=0
            ),
            rep,
        )
        print(
            f"simulate_defections level={level:<10} {args.sims} sims: independent "
            f"{t0 * 1000:7.1f} ms, correlation 0.5 {t1 * 1000:7.1f} ms, ratio {t1 / t0:.2f}"
        )
    incidence_kernels(G, repeat=rep)
    bilateral = nx.gnm_random_graph(195, 2000, seed=2)
    for k, (u, v) in enumerate(bilateral.edges):  # one bilateral treaty per tie, some pacts
        ids = (f"B{k}",) if k % 3 else (f"B{k}", f"M{k % 40}")
        bilateral.edges[u, v].update(alliances=ids, types=("defense",), weight=1)
    bilateral.graph["year"] = args.year
    print("synthetic: 195 states, 2,000 bilateral treaties and 40 pacts")
    incidence_kernels(bilateral, repeat=rep)
    t = best_of(
        lambda: anet.simulate_defections(bilateral, level="treaty", n_sims=args.sims, rng=0), rep
    )
    print(f"simulate_defections level=treaty, synthetic, {args.sims} sims: {t * 1000:.1f} ms")
    t = best_of(lambda: anet.keystones(G, p_honor=0.745), rep)
    tc = best_of(lambda: anet.keystones(G, p_honor=0.745, correlation=0.5), rep)
    print(
        f"keystones (all states): independent {t * 1000:.1f} ms, correlation 0.5 {tc * 1000:.1f} ms"
    )

    hub = nx.star_graph(65)  # a hub with 65 allies
    caps = {v: 1.0 + v % 5 for v in hub}
    rates = {v: 0.3 + 0.6 * v / 65 for v in range(1, 66)}  # 65 different rates
    for what, p in (("one rate", 0.745), ("65 rates", rates)):
        t = best_of(lambda p=p: anet.attack_response(hub, 0, p_honor=p, correlation=0.5), rep)
        r = anet.attack_response(hub, 0, p_honor=p, correlation=0.5)
        print(
            f"attack_response, 65 allies, {what}, correlation 0.5, p_any_ally exact "
            f"({r.loc[0, 'method']}): {t * 1000:.1f} ms"
        )
    t = best_of(
        lambda: anet.attack_response(
            hub, 0, capabilities=caps, attacker=120.0, correlation=0.5, n_sims=100_000, rng=0
        ),
        rep,
    )
    print(f"attack_response, 65 allies, + p_exceeds Monte Carlo 1e5: {t * 1000:.1f} ms")
    small = nx.star_graph(20)
    t = best_of(
        lambda: anet.attack_response(
            small, 0, capabilities={v: 1.0 + v % 5 for v in small}, attacker=30.0, correlation=0.5
        ),
        rep,
    )
    print(f"attack_response, 20 allies, p_exceeds exact by quadrature: {t * 1000:.1f} ms")
    hub_id = max(G.degree, key=lambda x: x[1])[0]
    t = best_of(lambda: anet.defection_cascade(G, defectors=[hub_id], threshold=0.3), rep)
    print(f"defection_cascade:                           {t * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
