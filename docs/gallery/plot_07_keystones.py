"""
Keystone states
===============

:func:`~alliancenet.plotting.plot_keystones` ranks the states whose loss would cost
collective defence most, from the table :func:`~alliancenet.keystones` returns (any of
its ``*_loss`` columns).
"""

import matplotlib.pyplot as plt

import alliancenet as anet
from alliancenet import plotting as ap

members = anet.load_example()
states = anet.load_example_states()
G = anet.alliance_graph(members, 1985, states=states)
keys = anet.keystones(G)

with ap.paper_style("single"):
    fig, ax = plt.subplots(layout="constrained")
    ap.plot_keystones(keys, measure="lcc_loss", n=10, ax=ax)
