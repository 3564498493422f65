"""
Alliance-portfolio similarity
=============================

:func:`~alliancenet.plotting.plot_similarity` draws the similarity of every pair of
alliance portfolios (Signorino and Ritter's *S* here) as a matrix, ordered by bloc so
that blocs appear as blocks.
"""

import matplotlib.pyplot as plt

import alliancenet as anet
from alliancenet import plotting as ap

members = anet.load_example()
states = anet.load_example_states()
G = anet.alliance_graph(members, 1985, states=states)
blocs = anet.blocs(G, rng=0)
similarity = anet.similarity(members, 1985, states=states, matrix=True)
names = dict(zip(states["ccode"], states["stateabb"], strict=False))

with ap.paper_style("double", aspect=0.85):
    fig, ax = plt.subplots(layout="constrained")
    ap.plot_similarity(
        similarity,
        order=blocs.reindex(similarity.index),
        labels=names,
        cbar_label="S (alliance portfolio similarity)",
        ax=ax,
    )
