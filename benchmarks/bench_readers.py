"""Benchmark: reading the genuine data files, against a bare ``pandas.read_csv``.

Times each reader (median of 21 runs, alternating with pandas) on the files in
``../shared/data`` and the plain ``pd.read_csv`` of the same file and the same columns (the columns the reader reads:
for ``read_atop`` the ones it keeps unless ``all_columns=True``, for the others every
column), so the cost of the checks (field counts per line, line-named errors, typed
and bounded columns, schema validation, member-yearly collapse, spell expansion) is
visible. The ratio is the median of the 21 paired ratios. Target (issue 16): every
reader within 5x of that ``pd.read_csv``.

Run: ``.venv/bin/python benchmarks/bench_readers.py [path/to/shared/data]``.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import pandas as pd

import alliancenet as anet


def _paired_times(reader, path, usecols, repeat: int = 21) -> tuple[float, float, float]:
    """Median times of the reader and of ``pd.read_csv``, and the median of their ratio.

    The two run alternately, so a burst of load on the shared machine slows both.
    """
    ours, theirs = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        reader(path)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        pd.read_csv(path, usecols=usecols)
        theirs.append(time.perf_counter() - start)
    ratios = [a / b for a, b in zip(ours, theirs, strict=True)]
    return statistics.median(ours), statistics.median(theirs), statistics.median(ratios)


TARGET = 5.0


def main(root: Path) -> int:
    from alliancenet.datasets.alliances import _ATOP_COLUMNS

    cases = [
        ("read_atop", anet.read_atop, root / "atop_5_1" / "atop5_1m.csv", _ATOP_COLUMNS),
        (
            "read_cow (member)",
            anet.read_cow,
            root / "cow_alliance_v4_1" / "alliance_v4.1_by_member.csv",
            None,
        ),
        (
            "read_cow (member-yearly)",
            anet.read_cow,
            root / "cow_alliance_v4_1" / "alliance_v4.1_by_member_yearly.csv",
            None,
        ),
        ("read_states (system2016)", anet.read_states, root / "cow_states/system2016.csv", None),
        ("read_states (states2016)", anet.read_states, root / "cow_states/states2016.csv", None),
        ("read_majors", anet.read_majors, root / "cow_majors" / "majors2016.csv", None),
        ("read_nmc", anet.read_nmc, root / "nmc_6" / "NMC-60-abridged.csv", None),
    ]
    print(
        f"{'reader':26s} {'rows':>6s} {'cols':>5s} {'reader s':>9s} {'read_csv s':>11s} {'ratio':>6s}"
    )
    worst = 0.0
    for name, reader, path, only in cases:
        rows = len(reader(path))
        header = pd.read_csv(path, nrows=0).columns
        usecols = [c for c in header if only is None or c.strip().lower() in only]
        reader(path)  # warm: file cache, first-call imports
        t_reader, t_pandas, ratio = _paired_times(reader, path, usecols)
        worst = max(worst, ratio)
        print(
            f"{name:26s} {rows:6d} {len(usecols):5d} {t_reader:9.4f} {t_pandas:11.4f} {ratio:5.1f}x"
        )
    ok = worst <= TARGET
    print(
        f"slowest reader: {worst:.1f}x a bare pd.read_csv (target <= {TARGET:g}x) "
        f"{'[OK]' if ok else '[MISSED]'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    default = Path(__file__).resolve().parents[2] / "shared" / "data"
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else default))
