"""
Robustness curves
=================

:func:`~alliancenet.plotting.plot_robustness` draws the share of states left in the
largest allied component as states are removed, for each removal strategy: random
failure (the mean and a 5–95 % band over random orders) against targeted attacks.
"""

import matplotlib.pyplot as plt
import pandas as pd

import alliancenet as anet
from alliancenet import plotting as ap

members = anet.load_example()
states = anet.load_example_states()
G = anet.alliance_graph(members, 1985, states=states)

curves = pd.concat(
    [
        anet.robustness_curve(G, "random", n_sims=200, rng=2).assign(strategy="random failure"),
        anet.robustness_curve(G, "degree", rng=2).assign(strategy="targeted (degree)"),
        anet.robustness_curve(G, "degree", adaptive=True, rng=2).assign(
            strategy="targeted, adaptive"
        ),
    ],
    ignore_index=True,
)

with ap.paper_style("single"):
    fig, ax = plt.subplots(layout="constrained")
    ap.plot_robustness(curves, ax=ax)
