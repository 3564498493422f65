"""Regenerate the figures shown in paper.md from the package, on ATOP 5.1.

Run from the repository root::

    .venv/bin/python paper/make_paper_figures.py                 # ../shared/data
    .venv/bin/python paper/make_paper_figures.py /path/to/data   # holds atop_5_1/, cow_states/, nmc_6/

The folder must hold the ATOP 5.1 member file (``atop_5_1/atop5_1m.csv``), the COW
states (``cow_states/states2016.csv``) and NMC 6.0 (``nmc_6/NMC-60-abridged.csv``), as
downloaded from the publishers (``anet.fetch_atop``, ``anet.fetch_states``,
``anet.fetch_nmc``). Writes ``paper/figures/paper_{snapshots,robustness,defections}``
(PDF and 300-dpi PNG), each drawn inside ``paper_style`` at a journal width and checked
by the package's automated figure checks (the script stops on a problem).
"""

from __future__ import annotations

import sys
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
YEAR = 2018  # the last year of ATOP 5.1
SNAPSHOTS = [1914, 1985, 2018]
SEED = 2024
# short legend names for the honouring-rate presets (the caption in paper.md spells them out)
PRESET_LABELS = {
    "llm2000": "LLM 2000",
    "bf2018": "BF 2018",
    "bf2018_by_era": "BF by era",
    "bf2018_by_type": "BF by type",
}


def _save(fig, name: str, width: str) -> list[Path]:
    problems = figure_problems(fig, width=width)
    if problems:
        raise SystemExit(f"{name}: {problems}")
    paths = ap.save_figure(fig, OUT / name)
    plt.close(fig)
    return paths


def main(data: Path = SHARED) -> list[Path]:
    OUT.mkdir(exist_ok=True)
    members = anet.read_atop(data / "atop_5_1" / "atop5_1m.csv")
    states = anet.read_states(data / "cow_states" / "states2016.csv")
    nmc = anet.read_nmc(data / "nmc_6" / "NMC-60-abridged.csv")
    with warnings.catch_warnings():  # the states table ends in 2016: 2017-18 carry it forward
        warnings.simplefilter("ignore", anet.DataWarning)
        graphs = anet.alliance_graphs(members, SNAPSHOTS, states=states, carry_forward=True)
    G = graphs[YEAR]
    # CINC ranks the labels and names blocs after their strongest member; NMC 6.0 ends in
    # 2016, which stands in for 2018
    cinc = {y: anet.capabilities(nmc, min(y, 2016)) for y in SNAPSHOTS}
    written = []
    with ap.paper_style("double"):
        fig = ap.plot_snapshots(graphs, importance=cinc, n_labels=8, ncols=3, rng=SEED)
        written += _save(fig, "paper_snapshots", "double")

    curves = [
        anet.robustness_curve(G, strategy, adaptive=adaptive, n_sims=n, rng=SEED).assign(
            strategy=label
        )
        for strategy, adaptive, n, label in [
            ("random", False, 1000, "random failure"),
            ("degree", True, 1, "targeted: degree"),
            ("betweenness", True, 1, "targeted: betweenness"),
        ]
    ]
    sims = pd.concat(
        anet.simulate_defections(G, p_honor=p, level="commitment", n_sims=1000, rng=SEED).assign(
            preset=PRESET_LABELS[p]
        )
        for p in PRESET_LABELS
    )
    with ap.paper_style("single"):
        fig, ax = plt.subplots()
        ap.plot_robustness(pd.concat(curves, ignore_index=True), ax=ax)
        written += _save(fig, "paper_robustness", "single")
        fig, ax = plt.subplots()
        ap.plot_defections(sims, x="coverage", hue="preset", kind="ecdf", ax=ax)
        written += _save(fig, "paper_defections", "single")
    return written


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else SHARED
    if not (folder / "atop_5_1" / "atop5_1m.csv").is_file():
        raise SystemExit(f"ATOP 5.1 not found under {folder}; pass the data folder")
    for p in main(folder):
        print(p)
