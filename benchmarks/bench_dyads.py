"""Benchmark: ATOP 1816-2018 complete directed dyad-years with all covariates.

Times, in the same run and each in a fresh interpreter (so peak memory is its own):

1. ``anet.dyad_years(atop, states=system2016, complete=True, directed=True,
   carry_forward=True, covariates="all")`` — about 2 M rows (targets: under 10 s and
   under 2 GiB peak resident memory);
2. the same flags only (``covariates=None``);
3. a plain pandas + networkx loop, written as a researcher would: per year, every
   ordered pair of system members (``itertools.permutations``), flags merged from the
   allied-dyad table, ``nx.common_neighbors``, ``nx.all_pairs_shortest_path_length``,
   Louvain blocs, the previous year's ``has_edge``, networkx degree, eigenvector and
   betweenness centralities merged on both sides; S similarity from
   ``anet.similarity_panel`` (the same call as the package: there is no networkx
   function for it).

Before the timings, the row count is checked against an independent product of the
system list (``sum n(n-1)`` over years from the raw ``system2016.csv``) and the
covariates of both runs are compared on the rows they share.

Run: ``.venv/bin/python benchmarks/bench_dyads.py [path/to/shared/data] [--repeat 2]
[--baseline-years 203]`` (the baseline on fewer years is scaled to all years, and
the output says so).
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import os
import resource
import subprocess
import sys
import time
import warnings
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

TARGET_SECONDS = 10.0
TARGET_GIB = 2.0


def _data_dir(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    env = os.environ.get("ALLIANCENET_SHARED_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[1].parent / "shared" / "data"


def _load(data: Path):
    import alliancenet as anet
    from alliancenet.errors import DataWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        atop = anet.read_atop(data / "atop_5_1" / "atop5_1m.csv")
    states = anet.read_states(data / "cow_states" / "system2016.csv")
    return atop, states


def run_package(data: Path, covariates: bool) -> dict:
    import alliancenet as anet
    from alliancenet.errors import DataWarning

    atop, states = _load(data)
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        d = anet.dyad_years(
            atop, states=states, complete=True, directed=True, carry_forward=True,
            covariates="all" if covariates else None, rng=0,
        )  # fmt: skip
    seconds = time.perf_counter() - t0
    sample = d[d["year"].isin([1913, 1962, 2010])]
    return {
        "seconds": seconds,
        "rows": len(d),
        "bytes": int(d.memory_usage(deep=True).sum()),
        "sample": sample.to_json(orient="split") if covariates else None,
    }


def run_baseline(data: Path, n_years: int) -> dict:
    """The plain pandas + networkx loop (see the module docstring)."""
    import alliancenet as anet
    from alliancenet.errors import DataWarning

    atop, states = _load(data)
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        allied = anet.dyad_years(atop, states=states, directed=True, carry_forward=True)
        years = sorted(set(range(1816, 2019)))[-n_years:]
        need = [y for y in [years[0] - 1, *years] if y >= 1816]
        graphs = anet.alliance_graphs(atop, need, states=states, carry_forward=True)
        sim = anet.similarity_panel(atop, years, states=states, carry_forward=True)
    last = int(states["year"].max())
    frames = []
    for y in years:
        G, prev = graphs[y], graphs.get(y - 1)
        nodes = sorted(states.loc[states["year"] == min(y, last), "ccode"].tolist())
        pairs = pd.DataFrame(list(itertools.permutations(nodes, 2)), columns=["ccode1", "ccode2"])
        pairs["year"] = y
        dist = dict(nx.all_pairs_shortest_path_length(G))
        blocs = {n: k for k, c in enumerate(nx.community.louvain_communities(G, seed=0)) for n in c}
        a, b = pairs["ccode1"].tolist(), pairs["ccode2"].tolist()
        pairs["shared_allies"] = [
            len(list(nx.common_neighbors(G, u, v))) for u, v in zip(a, b, strict=False)
        ]
        pairs["path_length"] = [dist[u].get(v, np.inf) for u, v in zip(a, b, strict=False)]
        pairs["reach_3"] = pairs["path_length"] <= 3
        pairs["same_bloc"] = [blocs[u] == blocs[v] for u, v in zip(a, b, strict=False)]
        pairs["lag_tie"] = [
            prev.has_edge(u, v) if prev is not None and u in prev and v in prev else None
            for u, v in zip(a, b, strict=False)
        ]
        cen = pd.DataFrame(
            {
                "degree": nx.degree_centrality(G),
                "eigenvector": _eigenvector(G),
                "betweenness": nx.betweenness_centrality(G),
            }
        )
        for side in ("1", "2"):
            pairs = pairs.merge(
                cen.add_suffix(f"_{side}"), left_on=f"ccode{side}", right_index=True, how="left"
            )
        frames.append(pairs)
    out = pd.concat(frames, ignore_index=True)
    flags = ["defense", "offense", "neutrality", "nonaggression", "consultation", "entente"]
    out = out.merge(allied, on=["ccode1", "ccode2", "year"], how="left")
    out[flags] = out[flags].fillna(False)
    out = out.merge(sim, on=["ccode1", "ccode2", "year"], how="left")
    seconds = time.perf_counter() - t0
    return {
        "seconds": seconds,
        "rows": len(out),
        "years": len(years),
        "bytes": int(out.memory_usage(deep=True).sum()),
        "sample": out[out["year"].isin([1913, 1962, 2010])].to_json(orient="split"),
    }


def _eigenvector(G: nx.Graph) -> dict:
    """networkx's power iteration (its numpy variant refuses disconnected graphs)."""
    try:
        return nx.eigenvector_centrality(G, max_iter=1000)
    except (nx.PowerIterationFailedConvergence, nx.NetworkXException):
        return dict.fromkeys(G, 0.0)


def _child(kind: str, data: Path, n_years: int) -> dict:
    cmd = [sys.executable, __file__, str(data), "--child", kind, "--baseline-years", str(n_years)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _independent_count(data: Path) -> int:
    raw = pd.read_csv(data / "cow_states" / "system2016.csv")
    n = raw.groupby("year")["ccode"].nunique()
    counts = {y: int(n[min(y, int(n.index.max()))]) for y in range(1816, 2019)}
    return sum(k * (k - 1) for k in counts.values())


def _compare(pkg: dict, base: dict) -> str:
    keys = ["ccode1", "ccode2", "year"]
    a = pd.read_json(io.StringIO(pkg["sample"]), orient="split").set_index(keys)
    b = pd.read_json(io.StringIO(base["sample"]), orient="split").set_index(keys)
    b = b.reindex(a.index)
    lines = []
    # JSON writes inf as null: unreachable pairs are NaN on both sides
    for col in ("shared_allies", "path_length", "reach_3", "lag_tie", "degree_1", "degree_2"):
        x = a[col].astype(float).to_numpy()
        y = b[col].astype(float).to_numpy()
        same = np.isclose(x, y, rtol=1e-4, atol=1e-6, equal_nan=True)
        lines.append(f"{col}: {same.mean():.4f}")
    return (
        "agreement with the baseline on the 1913/1962/2010 rows: " + ", ".join(lines) + "\n"
        "(eigenvector and betweenness are not compared: the package's are weighted by the "
        "number of shared alliances, networkx's here are not)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", nargs="?")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--baseline-years", type=int, default=203)
    parser.add_argument("--child", choices=["package", "flags", "baseline"])
    args = parser.parse_args()
    data = _data_dir(args.data)
    if args.child:
        if args.child == "baseline":
            result = run_baseline(data, args.baseline_years)
        else:
            result = run_package(data, covariates=args.child == "package")
        result["maxrss_gib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
        print(json.dumps(result))
        return
    if not data.is_dir():
        sys.exit(f"shared data not found at {data}")
    expected = _independent_count(data)
    runs = [_child("package", data, 0) for _ in range(args.repeat)]
    pkg = min(runs, key=lambda r: r["seconds"])
    flags = min((_child("flags", data, 0) for _ in range(args.repeat)), key=lambda r: r["seconds"])
    assert pkg["rows"] == flags["rows"] == expected, (pkg["rows"], expected)
    base = _child("baseline", data, args.baseline_years)
    scale = 203 / base["years"]
    print(f"rows: {pkg['rows']:,} (independent product of the system list: {expected:,})")
    print(
        f"table in memory: {pkg['bytes'] / 2**20:,.0f} MiB ({pkg['bytes'] / pkg['rows']:.0f} B/row)"
    )
    print(
        f"package, all covariates: {pkg['seconds']:.2f} s (best of {args.repeat}), peak RSS "
        f"{pkg['maxrss_gib']:.2f} GiB  [targets {TARGET_SECONDS:.0f} s, {TARGET_GIB:.0f} GiB]"
    )
    print(
        f"package, flags only:     {flags['seconds']:.2f} s, peak RSS {flags['maxrss_gib']:.2f} GiB"
    )
    note = "" if scale == 1 else f" ({base['years']} years, scaled x{scale:.2f})"
    print(
        f"pandas + networkx loop:  {base['seconds'] * scale:.1f} s{note}, peak RSS "
        f"{base['maxrss_gib']:.2f} GiB"
    )
    print(
        f"ratios: time {base['seconds'] * scale / pkg['seconds']:.1f}x faster, memory "
        f"{base['maxrss_gib'] / pkg['maxrss_gib']:.1f}x less"
    )
    print(_compare(pkg, base))


if __name__ == "__main__":
    main()
