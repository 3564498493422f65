"""Regenerate the figures shown in paper.md from the package (example data only).

Run from the repository root::

    .venv/bin/python paper/make_paper_figures.py

Writes ``paper/figures/paper_robustness.{pdf,png}`` and ``paper/figures/paper_defections.{pdf,png}``.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd

import alliancenet as anet
from alliancenet import plotting as ap

OUT = Path(__file__).resolve().parent / "figures"
YEAR = 2025
SEED = 2024
# short legend names for the honouring-rate presets (the caption in paper.md spells them out)
PRESET_LABELS = {
    "llm2000": "LLM 2000",
    "bf2018": "BF 2018",
    "bf2018_by_era": "BF by era",
    "bf2018_by_type": "BF by type",
}


def main() -> list[Path]:
    OUT.mkdir(exist_ok=True)
    G = anet.alliance_graph(anet.load_example(), YEAR, states=anet.load_example_states())
    curves = []
    for strategy, adaptive, n, label in [
        ("random", False, 1000, "random failure"),
        ("degree", True, 1, "targeted: degree"),
        ("betweenness", True, 1, "targeted: betweenness"),
    ]:
        c = anet.robustness_curve(G, strategy, adaptive=adaptive, n_sims=n, rng=SEED)
        curves.append(c.assign(strategy=label))
    sims = pd.concat(
        anet.simulate_defections(G, p_honor=p, level="commitment", n_sims=1000, rng=SEED).assign(
            preset=p
        )
        for p in ("llm2000", "bf2018", "bf2018_by_era", "bf2018_by_type")
    )
    written = []
    with ap.paper_style("single"):
        fig, ax = plt.subplots()
        ap.plot_robustness(pd.concat(curves, ignore_index=True), ax=ax)
        written += ap.save_figure(fig, OUT / "paper_robustness")
        plt.close(fig)
        fig, ax = plt.subplots()
        named = sims.assign(preset=sims["preset"].map(PRESET_LABELS))
        ap.plot_defections(named, x="coverage", hue="preset", kind="ecdf", legend="auto", ax=ax)
        written += ap.save_figure(fig, OUT / "paper_defections")
        plt.close(fig)
    return written


if __name__ == "__main__":
    for p in main():
        print(p)
