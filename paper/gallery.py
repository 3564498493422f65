"""Regenerate every kind of alliancenet figure, on the example data and on ATOP 5.1.

Usage::

    python paper/gallery.py                  # example data; ATOP too if ../shared/data exists
    python paper/gallery.py /path/to/data    # folder holding atop_5_1/, cow_states/, nmc_6/
    python paper/gallery.py --no-atop        # example data only

Figures go to ``paper/figures/<dataset>_<kind>.pdf`` and ``.png`` (300 dpi), drawn
inside :func:`alliancenet.plotting.paper_style` at journal column widths; ATOP networks
are drawn for 1914, 1985 and 2018 (labels ranked and blocs led by NMC capability). Every
figure goes through the package's automated checks (saved width, overlapping text,
legends, font sizes, greyscale) and the problems found are printed. The PNG copies are
re-saved with a 256-colour palette to keep the repository small (use
:func:`alliancenet.plotting.save_figure` directly for full-colour PNGs).
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd

import alliancenet as anet
from alliancenet import plotting as ap
from alliancenet.plotting._checks import figure_problems

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
            network_years: list[int] | None = None, nmc=None, series_years=None,
            curve_sims: int = 300, defection_sims: int = 1000, n_labels: int = 10,
            carry_forward: bool = False) -> list:  # fmt: skip
    """Draw, check and save the figure kinds for one dataset; returns the files written."""
    written = []
    abb = _abbreviations(states)

    def save(fig, kind, width):
        problems = figure_problems(fig, width=width)
        print(f"{name}_{kind} ({width}): {'ok' if not problems else problems}")
        paths = ap.save_figure(fig, OUT / f"{name}_{kind}")
        if kind != "similarity":  # keep the colour bar's gradient smooth
            _shrink_png(paths[1])
        written.extend(paths)
        plt.close(fig)

    def cinc(y):
        return None if nmc is None else anet.capabilities(nmc, min(y, int(nmc["year"].max())))

    def graphs_of(ys):
        return anet.alliance_graphs(members, ys, states=states, carry_forward=carry_forward)

    for y in network_years or [year]:
        g = graphs_of([y])[y]
        suffix = "" if network_years is None else f"_{y}"
        with ap.paper_style("double", aspect=0.62):
            fig, ax = plt.subplots()
            ap.plot_network(g, node_size="pagerank", importance=cinc(y), n_labels=n_labels,
                            rng=1, ax=ax)  # fmt: skip
            ax.set_title(f"Defence pacts, {y}")
            save(fig, f"network{suffix}", "double")

    with ap.paper_style("double"):
        graphs = graphs_of(years)
        importance = None if nmc is None else {y: cinc(y) for y in years}
        fig = ap.plot_snapshots(graphs, years=years, importance=importance, rng=1, n_labels=6,
                                ncols=min(len(years), 3))  # fmt: skip
        save(fig, "snapshots", "double")

    G = graphs_of([year])[year]
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
        fig, ax = plt.subplots()
        ap.plot_robustness(curves, ax=ax)
        ax.set_title(str(year))
        save(fig, "robustness", "single")

    series_years = series_years or sorted(anet.alliance_graphs(members, None, states=states))
    full = graphs_of(series_years)
    with ap.paper_style("single"):
        cohesion = anet.cohesion_panel(full, rng=0)
        fig, ax = plt.subplots()
        ap.plot_measure_timeseries(
            cohesion, measure=["density", "lcc_fraction", "allied_fraction"], ax=ax
        )
        ax.set_ylabel("share")
        save(fig, "cohesion", "single")

    with ap.paper_style("single"):
        cp = anet.centrality_panel(full, "degree")
        cp = cp[cp["ccode"].isin(focus)]
        fig, ax = plt.subplots()
        ap.plot_measure_timeseries(cp, measure="degree", labels=abb, ax=ax)
        ax.set_ylabel("allies (share of other states)")
        save(fig, "centrality", "single")

    sim_year = 1985  # the Cold War: blocs with clear boundaries
    with ap.paper_style("double", aspect=0.85):
        sim = anet.similarity(members, sim_year, states=states, matrix=True,
                              carry_forward=carry_forward)  # fmt: skip
        Gs = graphs_of([sim_year])[sim_year]
        blocs = anet.blocs(Gs, rng=0)
        fig, ax = plt.subplots()
        ap.plot_similarity(sim, order=blocs.reindex(sim.index), labels=abb, ax=ax,
                           cbar_label="S (alliance portfolio similarity)")  # fmt: skip
        ax.set_title(str(sim_year))
        save(fig, "similarity", "double")

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
        fig, ax = plt.subplots()
        ap.plot_defections(sims, x="coverage", ax=ax)
        save(fig, "defections", "single")

    with ap.paper_style("single"):
        keys = anet.keystones(G, measure="lcc_loss")
        fig, ax = plt.subplots()
        ap.plot_keystones(keys, measure="lcc_loss", n=10, ax=ax)
        ax.set_title(str(year))
        save(fig, "keystones", "single")
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
        nmc = anet.read_nmc(data / "nmc_6" / "NMC-60-abridged.csv")
        with warnings.catch_warnings():  # states end in 2016: 2017-18 carry them forward
            warnings.simplefilter("ignore", anet.DataWarning)
            files += gallery(
                "atop",
                members,
                states,
                year=2018,
                years=[1914, 1985, 2018],
                network_years=[1914, 1985, 2018],
                nmc=nmc,
                focus=[2, 365, 200, 220],
                series_years=list(range(1816, 2019)),
                curve_sims=200,
                defection_sims=500,
                n_labels=12,
                carry_forward=True,
            )
    size = sum(f.stat().st_size for f in files)
    print(
        f"wrote {len(files)} files ({size / 1e6:.1f} MB) to {OUT} in {time.perf_counter() - t0:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
