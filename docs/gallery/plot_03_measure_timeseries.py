"""
Measures over time
==================

:func:`~alliancenet.plotting.plot_measure_timeseries` draws tidy panels straight from
the ``*_panel`` functions: graph-level measures (one line per measure) or node-level
ones (one line per state), with the events of the period marked.
"""

import matplotlib.pyplot as plt

import alliancenet as anet
from alliancenet import plotting as ap

members = anet.load_example()
states = anet.load_example_states()
graphs = anet.alliance_graphs(members, range(1946, 2026), states=states)

# %%
# Cohesion of the defence network, year by year.
cohesion = anet.cohesion_panel(graphs, rng=0)
with ap.paper_style("single"):
    fig, ax = plt.subplots(layout="constrained")
    ap.plot_measure_timeseries(
        cohesion, measure=["density", "lcc_fraction", "allied_fraction"], legend="below", ax=ax
    )
    ax.set_ylabel("share")

# %%
# The PageRank of four states (labelled with their abbreviations).
pagerank = anet.centrality_panel(graphs, "pagerank")
pagerank = pagerank[pagerank["ccode"].isin([2, 365, 200, 710])]
names = dict(zip(states["ccode"], states["stateabb"], strict=False))
with ap.paper_style("single"):
    fig, ax = plt.subplots(layout="constrained")
    ap.plot_measure_timeseries(pagerank, measure="pagerank", labels=names, legend="below", ax=ax)
