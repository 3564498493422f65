"""Lossless bridges between networkx alliance graphs and python-igraph."""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx

from ..errors import GraphTypeError

if TYPE_CHECKING:
    import igraph

_NAME_ATTR = "statenme"


def to_igraph(G: nx.Graph) -> igraph.Graph:
    """Convert a networkx alliance graph to python-igraph, keeping every attribute.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Any simple graph, e.g. from :func:`alliance_graph` or :func:`treaty_graph`.

    Returns
    -------
    igraph.Graph
        Vertices in ``G.nodes`` order with vertex attribute ``name`` = the
        networkx node (the int ccode; treaty ids stay strings); every node
        attribute becomes a vertex attribute, except the node attribute ``name``
        (the state's name), which igraph reserves for vertex ids and so becomes
        ``statenme``. Edges in ``G.edges`` order with their attributes; graph
        attributes are copied; directedness is kept. A node or edge lacking an
        attribute that others have gets ``None`` there.

    Raises
    ------
    GraphTypeError
        `G` is a multigraph, or has a node attribute named ``statenme``
        (it would collide with the renamed ``name``).

    Notes
    -----
    :func:`from_igraph` inverts this exactly, except that an attribute whose
    value is ``None`` is treated as absent.

    Examples
    --------
    >>> import networkx as nx
    >>> import alliancenet as anet
    >>> G = nx.Graph(year=1950)
    >>> G.add_node(2, stateabb="USA", name="United States of America")
    >>> G.add_edge(2, 20, weight=1, alliances=("EX:A",))
    >>> h = anet.to_igraph(G)
    >>> h.vs["name"], h.vs["statenme"], h["year"]
    ([2, 20], ['United States of America', None], 1950)
    >>> nx.utils.graphs_equal(anet.from_igraph(h), G)
    True
    """
    import igraph as ig

    if not isinstance(G, nx.Graph) or G.is_multigraph():
        raise GraphTypeError(
            f"to_igraph expects a simple networkx Graph or DiGraph; got {type(G).__name__}."
        )
    nodes = list(G.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    edges = list(G.edges(data=True))
    h = ig.Graph(
        n=len(nodes),
        edges=[(index[u], index[v]) for u, v, _ in edges],
        directed=G.is_directed(),
    )
    node_keys: list[str] = []
    for _, data in G.nodes(data=True):
        for k in data:
            if k not in node_keys:
                node_keys.append(k)
    if _NAME_ATTR in node_keys:
        raise GraphTypeError(
            f"to_igraph: node attribute {_NAME_ATTR!r} is reserved for the networkx node "
            "attribute 'name' (igraph uses 'name' for vertex ids); rename it first."
        )
    h.vs["name"] = nodes
    for k in node_keys:
        h.vs[_NAME_ATTR if k == "name" else k] = [G.nodes[n].get(k) for n in nodes]
    edge_keys: list[str] = []
    for _, _, data in edges:
        for k in data:
            if k not in edge_keys:
                edge_keys.append(k)
    for k in edge_keys:
        h.es[k] = [data.get(k) for _, _, data in edges]
    for k, v in G.graph.items():
        h[k] = v
    return h


def from_igraph(h: igraph.Graph) -> nx.Graph:
    """Convert a python-igraph graph (e.g. from :func:`to_igraph`) back to networkx.

    Parameters
    ----------
    h : igraph.Graph

    Returns
    -------
    networkx.Graph or networkx.DiGraph
        Nodes are the vertex attribute ``name`` (vertex indices when absent);
        vertex attribute ``statenme`` becomes the node attribute ``name``; other
        vertex, edge and graph attributes are copied, ``None`` values left out.

    Raises
    ------
    GraphTypeError
        `h` is not an igraph graph, has repeated vertex names, or multi-edges.

    Examples
    --------
    >>> import alliancenet as anet
    >>> G = anet.alliance_graph(anet.load_example(), 1955, states=anet.load_example_states())
    >>> H = anet.from_igraph(anet.to_igraph(G))
    >>> sorted(H.edges) == sorted(G.edges) and H.nodes[2] == G.nodes[2]
    True
    """
    import igraph as ig

    if not isinstance(h, ig.Graph):
        raise GraphTypeError(f"from_igraph expects an igraph.Graph; got {type(h).__name__}.")
    vattrs = h.vs.attributes()
    names = h.vs["name"] if "name" in vattrs else list(range(h.vcount()))
    if len(set(names)) != len(names):
        raise GraphTypeError("from_igraph: vertex names repeat; they must identify the nodes.")
    G = nx.DiGraph() if h.is_directed() else nx.Graph()
    G.graph.update({k: h[k] for k in h.attributes()})
    columns = {k: h.vs[k] for k in vattrs if k != "name"}
    for i, n in enumerate(names):
        G.add_node(
            n,
            **{
                ("name" if k == _NAME_ATTR else k): col[i]
                for k, col in columns.items()
                if col[i] is not None
            },
        )
    ecolumns = {k: h.es[k] for k in h.es.attributes()}
    for e, (s, t) in enumerate(h.get_edgelist()):
        u, v = names[s], names[t]
        if G.has_edge(u, v):
            raise GraphTypeError(f"from_igraph: multi-edge between {u} and {v}; not supported.")
        G.add_edge(u, v, **{k: col[e] for k, col in ecolumns.items() if col[e] is not None})
    return G
