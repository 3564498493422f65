"""
The alliance network of one year
================================

:func:`~alliancenet.plotting.plot_network` draws one year's graph: nodes sized by a
centrality, coloured *and* shaped by bloc (so the figure survives greyscale printing),
the most central states labelled where a label covers no other label or node. A bloc is
named after the treaty that holds it together (here NATO, the Rio Treaty, the Warsaw
Pact) or after its leading member; ``bloc_names={2: "West"}`` names it yourself, and
``importance=anet.capabilities(nmc, year)`` ranks labels and leaders by capability.
Inside :func:`~alliancenet.plotting.paper_style` the saved figure is exactly the
journal width, legend included.
"""

import matplotlib.pyplot as plt

import alliancenet as anet
from alliancenet import plotting as ap

members = anet.load_example()
states = anet.load_example_states()
G = anet.alliance_graph(members, 1985, states=states)

with ap.paper_style("double", aspect=0.62):
    fig, ax = plt.subplots()
    ap.plot_network(
        G,
        node_size=anet.centrality(G, "pagerank")["pagerank"],
        hue=anet.blocs(G, rng=0),
        rng=1,
        ax=ax,
    )
    ax.set_title("Defence pacts, 1985")
