"""Benchmark: reading the genuine data files, against a bare ``pandas.read_csv``.

Times each reader (median of 5 runs) on the files in ``../shared/data`` and the plain
``pd.read_csv`` of the same file, so the cost of the checks (string parsing, line-named
errors, schema validation, member-yearly collapse, spell expansion) is visible.

Run: ``.venv/bin/python benchmarks/bench_readers.py [path/to/shared/data]``.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import pandas as pd

import alliancenet as anet


def _median_time(func, *args, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(root: Path) -> None:
    cases = [
        ("read_atop", anet.read_atop, root / "atop_5_1" / "atop5_1m.csv"),
        (
            "read_cow (member)",
            anet.read_cow,
            root / "cow_alliance_v4_1" / "alliance_v4.1_by_member.csv",
        ),
        (
            "read_cow (member-yearly)",
            anet.read_cow,
            root / "cow_alliance_v4_1" / "alliance_v4.1_by_member_yearly.csv",
        ),
        ("read_states (system2016)", anet.read_states, root / "cow_states" / "system2016.csv"),
        ("read_states (states2016)", anet.read_states, root / "cow_states" / "states2016.csv"),
        ("read_majors", anet.read_majors, root / "cow_majors" / "majors2016.csv"),
        ("read_nmc", anet.read_nmc, root / "nmc_6" / "NMC-60-abridged.csv"),
    ]
    print(f"{'reader':28s} {'rows':>7s} {'reader s':>9s} {'pd.read_csv s':>14s}")
    for name, reader, path in cases:
        rows = len(reader(path))
        t_reader = _median_time(reader, path)
        t_pandas = _median_time(pd.read_csv, path)
        print(f"{name:28s} {rows:7d} {t_reader:9.3f} {t_pandas:14.3f}")


if __name__ == "__main__":
    default = Path(__file__).resolve().parents[2] / "shared" / "data"
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else default)
