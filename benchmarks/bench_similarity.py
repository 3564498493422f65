"""Benchmark: portfolio similarity for every dyad-year of ATOP 5.1.

Times, on the genuine ATOP 5.1 members file and the COW system list
(../shared/data; years 1816-2018, the 2016 system carried forward to 2017-2018):

1. the whole pipeline, ``similarity_panel(members, states=system)`` for S with
   absolute and with squared distances (expansion to state-years, valued
   matrices, all ordered dyads, tidy table);
2. the vectorised core alone (valued matrices prebuilt), S absolute + squared;
3. a straightforward per-dyad Python loop calling :func:`s_score` for both
   distances, timed on a sample of years and extrapolated to all dyad-years
   by the number of dyads (the loop's cost per dyad is constant);
4. for information, kappa, pi and tau-b through the whole pipeline.

Run: ``.venv/bin/python benchmarks/bench_similarity.py [path/to/shared/data]``.
BLAS runs single-threaded here unless ``OPENBLAS_NUM_THREADS``/``OMP_NUM_THREADS``
are set: the products are small (at most ~200 x 200), and on a shared machine
threaded BLAS only adds contention and noise.
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

import alliancenet as anet  # noqa: E402
from alliancenet.errors import DataWarning  # noqa: E402
from alliancenet.measures._agreement_matrix import measure_matrix, options  # noqa: E402
from alliancenet.measures._portfolios import Portfolios  # noqa: E402

DATA = (
    Path(sys.argv[1])
    if len(sys.argv) > 1
    else Path(__file__).resolve().parents[2] / "shared" / "data"
)
SAMPLE_YEARS = (1816, 1870, 1914, 1950, 1985, 2016)


def timed(func, *args, repeat: int = 3, **kwargs):
    best, out = np.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = func(*args, **kwargs)
        best = min(best, time.perf_counter() - t0)
    return best, out


def valued_matrices(members, system, years):
    data = Portfolios(members, system, carry_forward=True)
    return {year: mat for year, _, mat in data.valued_matrices(years, "atop", self_tie=True)}


def core(mats):
    opts_abs = options("s", "absolute", "atop", None, "linear", False)
    opts_sq = options("s", "squared", "atop", None, "linear", False)
    for v in mats.values():
        measure_matrix(v, None, opts_abs)
        measure_matrix(v, None, opts_sq)


def naive_loop(mats):
    """Per-dyad loop over ordered dyads, both distances."""
    for v in mats.values():
        n = v.shape[0]
        for i in range(n):
            for j in range(n):
                if i != j:
                    anet.s_score(v[i], v[j], dmax=3)
                    anet.s_score(v[i], v[j], dmax=3, distance="squared")


def lean_loop(mats):
    """Per-dyad loop with the formula inlined (no argument checks), both distances."""
    for v in mats.values():
        n = v.shape[0]
        x = v.astype(float)
        for i in range(n):
            for j in range(n):
                if i != j:
                    d = x[i] - x[j]
                    1 - 2 * np.abs(d).sum() / (3 * n)
                    1 - 2 * (d * d).sum() / (9 * n)


def main() -> None:
    warnings.simplefilter("ignore", DataWarning)  # members outside the system, carry-forward
    members = anet.read_atop(DATA / "atop_5_1" / "atop5_1m.csv")
    system = anet.read_states(DATA / "cow_states" / "system2016.csv")
    years = np.arange(1816, 2019)
    n_by_year = system.groupby("year").size().reindex(years).ffill()
    dyads = int((n_by_year * (n_by_year - 1)).sum())
    print(f"ATOP 5.1 x COW system, {years[0]}-{years[-1]}: {dyads:,} ordered dyad-years")

    kw = {"states": system, "years": years, "carry_forward": True}
    t_abs, out = timed(anet.similarity_panel, members, repeat=5, **kw)
    assert len(out) == dyads
    t_sq, _ = timed(anet.similarity_panel, members, distance="squared", repeat=5, **kw)
    print(f"pipeline similarity_panel, S absolute: {t_abs:7.2f} s")
    print(f"pipeline similarity_panel, S squared : {t_sq:7.2f} s")
    print(f"pipeline, both                       : {t_abs + t_sq:7.2f} s   (target <= 10 s)")

    t_mats, mats = timed(valued_matrices, members, system, years, repeat=2)
    t_core, _ = timed(core, mats)
    print(f"valued matrices for all years        : {t_mats:7.2f} s")
    print(f"vectorised core, S abs + sq          : {t_core:7.3f} s")

    sample = {y: mats[y] for y in SAMPLE_YEARS}
    sample_dyads = sum(v.shape[0] * (v.shape[0] - 1) for v in sample.values())
    t_loop, _ = timed(naive_loop, sample, repeat=1)
    per_dyad = t_loop / sample_dyads
    t_loop_all = per_dyad * dyads
    print(
        f"per-dyad loop (s_score, abs + sq) on years {SAMPLE_YEARS}: {sample_dyads:,} dyads "
        f"in {t_loop:.2f} s = {per_dyad * 1e6:.1f} us/dyad"
    )
    print(f"  extrapolated to all {dyads:,} dyad-years: {t_loop_all:7.1f} s")
    t_lean, _ = timed(lean_loop, sample, repeat=1)
    t_lean_all = t_lean / sample_dyads * dyads
    print(
        f"lean per-dyad loop (inlined numpy formula): {t_lean / sample_dyads * 1e6:.1f} us/dyad, "
        f"extrapolated {t_lean_all:7.1f} s"
    )
    for label, t_loop_x in (("s_score loop", t_loop_all), ("lean loop", t_lean_all)):
        print(
            f"speed-up vs {label:<12}: vectorised core {t_loop_x / t_core:6.0f}x, "
            f"whole pipeline (abs + sq) {t_loop_x / (t_abs + t_sq):5.0f}x"
        )

    for method in ("kappa", "pi", "taub"):
        t, _ = timed(anet.similarity_panel, members, method=method, repeat=1, **kw)
        print(f"pipeline similarity_panel, {method:<5}     : {t:7.2f} s")


if __name__ == "__main__":
    main()
