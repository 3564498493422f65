"""Regenerate every kind of alliancenet figure, on the example data and on ATOP 5.1.

Usage::

    python paper/gallery.py                  # example data; ATOP too if ../shared/data exists
    python paper/gallery.py /path/to/data    # folder holding atop_5_1/ and cow_states/
    python paper/gallery.py --no-atop        # example data only

Figures go to ``paper/figures/<dataset>_<kind>.pdf`` and ``.png`` (300 dpi), drawn
inside :func:`alliancenet.plotting.paper_style` at journal column widths. The PNG
copies are re-saved with a 256-colour palette to keep the repository small (use
:func:`alliancenet.plotting.save_figure` directly for full-colour PNGs).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd

import alliancenet as anet
from alliancenet import plotting as ap

HERE = Path(__file__).resolve().parent
OUT = HERE / "figures"
SHARED = HERE.parents[1] / "shared" / "data"


def _shrink_png(path: Path) -> None:
    """Re-save a PNG with a 256-colour palette (flat-colour figures look the same; 3x smaller)."""
    from PIL import Image

    with Image.open(path) as im:
        dpi = im.info.get("dpi")
        q = im.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=0)
    q.save(path, "PNG", optimize=True, dpi=dpi)


def _abbreviations(states: pd.DataFrame) -> dict:
    last = states.sort_values("year").drop_duplicates("ccode", keep="last")
    return dict(zip(last["ccode"], last["stateabb"], strict=True))


def gallery(name: str, members, states, *, year: int, years: list[int], focus: list[int],
            series_years=None, curve_sims: int = 300, defection_sims: int = 1000,
            n_labels: int = 10) -> list:  # fmt: skip
    """Draw and save the eight figure kinds for one dataset; returns the files written."""
    written = []
    abb = _abbreviations(states)

    def save(fig, kind):
        paths = ap.save_figure(fig, OUT / f"{name}_{kind}")
        if kind != "similarity":  # keep the colour bar's gradient smooth
            _shrink_png(paths[1])
        written.extend(paths)
        plt.close(fig)

    G = anet.alliance_graph(members, year, states=states)
    cent = anet.centrality(G)
    blocs = anet.blocs(G, rng=0)

    with ap.paper_style("double", aspect=0.62):
        fig, ax = plt.subplots()
        ap.plot_network(G, node_size=cent["pagerank"], hue=blocs, n_labels=n_labels, rng=1, ax=ax)
        ax.set_title(f"Defence pacts, {year}")
        save(fig, "network")

    with ap.paper_style("double"):
        graphs = anet.alliance_graphs(members, years, states=states)
        fig = ap.plot_snapshots(graphs, years=years, rng=1, n_labels=6, ncols=min(len(years), 2))
        save(fig, "snapshots")

    with ap.paper_style("single"):
        curves = pd.concat(
            [
                anet.robustness_curve(G, "random", n_sims=curve_sims, rng=2).assign(
                    strategy="random failure"
                ),
                anet.robustness_curve(G, "degree", rng=2).assign(strategy="targeted (degree)"),
                anet.robustness_curve(G, "degree", adaptive=True, rng=2).assign(
                    strategy="targeted, adaptive"
                ),
            ],
            ignore_index=True,
        )
        fig, ax = plt.subplots(layout="constrained")
        ap.plot_robustness(curves, ax=ax)
        save(fig, "robustness")

    series_years = series_years or sorted(anet.alliance_graphs(members, None, states=states))
    full = anet.alliance_graphs(members, series_years, states=states)
    with ap.paper_style("single"):
        cohesion = anet.cohesion_panel(full, rng=0)
        fig, ax = plt.subplots(layout="constrained")
        ap.plot_measure_timeseries(
            cohesion, measure=["density", "lcc_fraction", "allied_fraction"], legend="below", ax=ax
        )
        ax.set_ylabel("share")
        save(fig, "cohesion")

    with ap.paper_style("single"):
        cp = anet.centrality_panel(full, "pagerank")
        cp = cp[cp["ccode"].isin(focus)]
        fig, ax = plt.subplots(layout="constrained")
        ap.plot_measure_timeseries(cp, measure="pagerank", labels=abb, legend="below", ax=ax)
        save(fig, "centrality")

    with ap.paper_style("double", aspect=0.85):
        sim = anet.similarity(members, year, states=states, matrix=True)
        fig, ax = plt.subplots(layout="constrained")
        ap.plot_similarity(sim, order=blocs.reindex(sim.index), labels=abb, ax=ax,
                           cbar_label="S (alliance portfolio similarity)")  # fmt: skip
        save(fig, "similarity")

    with ap.paper_style("single"):
        sims = pd.concat(
            [
                anet.simulate_defections(G, p_honor=p, n_sims=defection_sims, rng=3).assign(
                    preset=lab
                )
                for p, lab in ((0.745, "honour 74.5%"), (0.5, "honour 50%"))
            ],
            ignore_index=True,
        )
        fig, ax = plt.subplots(layout="constrained")
        ap.plot_defections(sims, x="coverage", ax=ax)
        save(fig, "defections")

    with ap.paper_style("single"):
        keys = anet.keystones(G)
        fig, ax = plt.subplots(layout="constrained")
        ap.plot_keystones(keys, measure="lcc_loss", n=10, ax=ax)
        save(fig, "keystones")
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=None, help="folder of ATOP/COW files")
    parser.add_argument("--no-atop", action="store_true", help="draw the example data only")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    files = gallery(
        "example",
        anet.load_example(),
        anet.load_example_states(),
        year=1985,
        years=[1955, 1970, 1985, 2005],
        focus=[2, 365, 200, 710],
    )
    data = args.data or (SHARED if SHARED.is_dir() else None)
    if data is not None and not args.no_atop:
        members = anet.read_atop(data / "atop_5_1" / "atop5_1m.csv")
        states = anet.read_states(data / "cow_states" / "states2016.csv")
        files += gallery(
            "atop",
            members,
            states,
            year=1985,
            years=[1913, 1938, 1960, 1985],
            focus=[2, 365, 200, 220],
            series_years=list(range(1816, 2017)),
            curve_sims=200,
            defection_sims=500,
            n_labels=12,
        )
    size = sum(f.stat().st_size for f in files)
    print(
        f"wrote {len(files)} files ({size / 1e6:.1f} MB) to {OUT} in {time.perf_counter() - t0:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
