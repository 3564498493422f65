"""
Snapshots over time
===================

:func:`~alliancenet.plotting.plot_snapshots` draws small multiples of several years on
one shared layout (computed by :func:`~alliancenet.plotting.layout` on the union of the
years), so a state keeps its place from panel to panel. Blocs are found in each year
and matched across years by member overlap, so a bloc keeps its colour, marker and name
in every panel, and a new bloc gets its own.
"""

import alliancenet as anet
from alliancenet import plotting as ap

members = anet.load_example()
states = anet.load_example_states()
years = [1955, 1970, 1985, 2005]
graphs = anet.alliance_graphs(members, years, states=states)

with ap.paper_style("double"):
    fig = ap.plot_snapshots(graphs, years=years, n_labels=6, ncols=2, rng=1)
