"""Benchmark: cold start -- ``import alliancenet`` and the first call of each compiled path.

Every figure is measured in a fresh Python process (best of ``--repeat``), as a
user meets it after installing the package.

Targets (issue 16): ``import alliancenet`` <= 0.5 s; the first call of each numba
path <= 0.5 s after install. Peers printed alongside: ``import pandas``,
``import networkx`` and ``import numba`` alone.

The install compiles the numba kernels ahead of time (``setup.py``,
``alliancenet._aot``), so a first call does not start numba at all. The first
calls are timed twice: as installed, and with ``ALLIANCENET_AOT=0`` (the same
kernels compiled just in time, from numba's disk cache, as where the install
could not build the compiled module: numba must start -- its import, typing
tables and the BLAS check that imports scipy -- about 0.4 s).

* first ``robustness_curve`` with 1,000 random orders in a process that has
  imported only ``alliancenet`` and networkx (the call imports the robustness
  sub-package and pandas: a user's real first call);
* first ``robustness_curve`` on a 195-state graph, small and with 1,000 random
  orders, and ``simulate_defections`` with 1,000 simulations, after a small call
  has imported the sub-package;
* first ``similarity_panel`` of a synthetic year of 1,500 states (above the dense
  path's 1,000) for S, kappa and tau-b: S and kappa are scored by sparse products
  up to 2,000 states; tau-b runs its compiled kernel.

Run: ``.venv/bin/python benchmarks/bench_import.py [--repeat 5]``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

_TIMED = """
import json, time
t0 = time.perf_counter()
{code}
print(json.dumps(time.perf_counter() - t0))
"""

_FIRST_CALLS = """
import json, time
import networkx as nx
import alliancenet as anet
G = nx.gnm_random_graph(195, 1662, seed=1)
G.graph["year"] = 2012
anet.robustness_curve(nx.path_graph(3), "degree")  # the robustness sub-package imported
out = {}
t0 = time.perf_counter(); anet.robustness_curve(G, "degree")
out["first robustness_curve(G, 'degree'), 195 states"] = time.perf_counter() - t0
t0 = time.perf_counter(); anet.robustness_curve(G, n_sims=1000, rng=1, quantiles=(0.05, 0.95))
out["first robustness_curve, 1,000 random orders"] = time.perf_counter() - t0
t0 = time.perf_counter(); anet.robustness_curve(G, n_sims=1000, rng=2, quantiles=(0.05, 0.95))
out["  the same call again (compiled, loaded)"] = time.perf_counter() - t0
t0 = time.perf_counter(); anet.simulate_defections(G, n_sims=1000, rng=1)
out["first simulate_defections, 1,000 simulations"] = time.perf_counter() - t0
print(json.dumps(out))
"""

_COLD = """
import json, time
import networkx as nx
import alliancenet as anet
G = nx.gnm_random_graph(195, 1662, seed=1)
out = {}
t0 = time.perf_counter(); anet.robustness_curve(G, n_sims=1000, rng=1, quantiles=(0.05, 0.95))
out["cold robustness_curve, 1,000 orders (+ sub-package, pandas imports)"] = time.perf_counter() - t0
print(json.dumps(out))
"""

_FIRST_SIMILARITY = """
import json, sys, time
sys.path.insert(0, {here!r})
from bench_scaling import synthetic_members, YEAR
import alliancenet as anet
members = synthetic_members(1500)
anet.similarity_panel(anet.load_example(), [1990])  # the measures sub-package imported
out = {{}}
for method in ("s", "kappa", "taub"):
    t0 = time.perf_counter(); anet.similarity_panel(members, [YEAR], method=method)
    out[f"first similarity_panel {{method}}, a year of 1,500 states"] = time.perf_counter() - t0
    t0 = time.perf_counter(); anet.similarity_panel(members, [YEAR], method=method)
    out[f"  {{method}}: the same call again"] = time.perf_counter() - t0
print(json.dumps(out))
"""

_NUMBA_START = """
import json, time
t0 = time.perf_counter()
import numba
t1 = time.perf_counter()
f = numba.njit(lambda x: x + 1)
f(1)
print(json.dumps({"import numba": t1 - t0, "first call of a one-line function (compiled)": time.perf_counter() - t1}))
"""


def fresh(code: str, **env: str) -> object:
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", **env},
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    print(f"load average at the start {os.getloadavg()}")
    fresh(_FIRST_CALLS)  # writes the numba cache if this is the first run after install
    for label, code in [
        ("import alliancenet", "import alliancenet"),
        ("import alliancenet; anet.load_example()", "import alliancenet as a; a.load_example()"),
        ("  peer: import pandas", "import pandas"),
        ("  peer: import networkx", "import networkx"),
        ("  peer: import numba", "import numba"),
    ]:
        best = min(float(fresh(_TIMED.format(code=code))) for _ in range(args.repeat))
        verdict = ""
        if label == "import alliancenet":
            verdict = f"  target <= 0.5 s [{'OK' if best <= 0.5 else 'MISSED'}]"
        print(f"{label:<58s} {best:8.3f} s{verdict}", flush=True)
    here = os.path.dirname(os.path.abspath(__file__))
    similarity = _FIRST_SIMILARITY.format(here=here)
    built = fresh(
        "import json; from alliancenet import _aot; print(json.dumps(_aot.kernel('percolate') is not None))"
    )
    print(f"kernels compiled at install (alliancenet._kernels_aot) in use: {built}")
    for title, env in [
        ("as installed", {}),
        ("ALLIANCENET_AOT=0: compiled just in time", {"ALLIANCENET_AOT": "0"}),
    ]:
        print(f"first calls, {title}:")
        fresh(_FIRST_CALLS, **env)  # writes numba's cache on the first run after install
        fresh(similarity, **env)
        runs = [
            {**fresh(_COLD, **env), **fresh(_FIRST_CALLS, **env), **fresh(similarity, **env)}
            for _ in range(args.repeat)
        ]
        for key in runs[0]:
            best = min(r[key] for r in runs)
            verdict = (
                ""
                if key.startswith("  ") or env
                else f"  target <= 0.5 s [{'OK' if best <= 0.5 else 'MISSED'}]"
            )
            print(f"  {key:<56s} {best:8.3f} s{verdict}", flush=True)
    starts = [fresh(_NUMBA_START) for _ in range(args.repeat)]
    for key in starts[0]:
        print(f"  numba alone: {key:<45s} {min(s[key] for s in starts):8.3f} s")
    print(f"load average at the end {os.getloadavg()}")


if __name__ == "__main__":
    main()
