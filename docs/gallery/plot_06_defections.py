"""
Defection simulations
=====================

:func:`~alliancenet.plotting.plot_defections` draws the distribution of an outcome of
:func:`~alliancenet.simulate_defections` — here the share of states that keep at least
one honouring ally — under two honouring rates.
"""

import matplotlib.pyplot as plt
import pandas as pd

import alliancenet as anet
from alliancenet import plotting as ap

members = anet.load_example()
states = anet.load_example_states()
G = anet.alliance_graph(members, 1985, states=states)

sims = pd.concat(
    [
        anet.simulate_defections(G, p_honor=p, n_sims=500, rng=3).assign(preset=label)
        for p, label in ((0.745, "honour 74.5%"), (0.5, "honour 50%"))
    ],
    ignore_index=True,
)

with ap.paper_style("single"):
    fig, ax = plt.subplots(layout="constrained")
    ap.plot_defections(sims, x="coverage", hue="preset", ax=ax)
