"""Graph checks and graph-to-array conversion: the one place measures and simulations use.

Every function that takes a state graph checks it with :func:`check_state_graph`
(a simple networkx graph of states, not the bipartite treaty graph; undirected
where the measure needs it) and reads its ties through :func:`sorted_nodes`,
:func:`edge_arrays` or :func:`graph_to_csr`, so that node order, weight checks and
the treatment of self-loops are the same everywhere:

* nodes are sorted (ccodes ascending; insertion order if they do not sort);
* self-loops are not ties (a state is not its own ally) and are ignored;
* weights must be positive and finite where a measure reads them.

What depends only on a graph's nodes and ties (sorted nodes, CSR arrays, edge
positions) is computed once per graph structure and kept in
:func:`structure_cache`, which networkx empties whenever nodes or edges change;
attribute values (weights, ``kind``) are read afresh on every call.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from itertools import chain
from operator import methodcaller
from typing import Any

import networkx as nx
import numpy as np

from .errors import GraphTypeError, ParameterError

__all__ = [
    "check_state_graph",
    "sorted_nodes",
    "edge_arrays",
    "graph_to_csr",
    "cached_csr",
    "structure_cache",
    "to_undirected_simple",
]

_KIND = methodcaller("get", "kind")


def check_state_graph(G: object, *, what: str = "this measure", undirected: bool = False) -> None:
    """Raise :class:`~alliancenet.errors.GraphTypeError` unless `G` is a state graph.

    A state graph is a simple networkx ``Graph`` (or ``DiGraph`` unless
    `undirected`) whose nodes are states, as :func:`alliancenet.alliance_graph`
    builds; a bipartite treaty graph (nodes with ``kind="treaty"``) and multigraphs
    are refused with a message that says how to get a state graph.

    Examples
    --------
    >>> check_state_graph(nx.DiGraph([(2, 200)]), what="blocs", undirected=True)
    Traceback (most recent call last):
    ...
    alliancenet.errors.GraphTypeError: blocs needs an undirected graph; ...
    """
    if not isinstance(G, nx.Graph):
        raise GraphTypeError(
            f"{what} expected a networkx Graph or DiGraph (e.g. from anet.alliance_graph); "
            f"got {type(G).__name__}; build one with anet.alliance_graph(members, year)"
        )
    if G.is_multigraph():
        raise GraphTypeError(
            f"{what} expected a simple Graph or DiGraph; got a {type(G).__name__}; collapse "
            "parallel edges into one edge with a 'weight' (anet.alliance_graph does this)"
        )
    kinds = map(_KIND, G._node.values())  # type: ignore[attr-defined]
    if "treaty" in kinds:
        raise GraphTypeError(
            f"{what} expected a state graph; got a bipartite treaty graph (nodes with "
            "kind='treaty'); project it onto states with anet.project_treaty_graph"
        )
    if undirected and G.is_directed():
        raise GraphTypeError(
            f"{what} needs an undirected graph; got a DiGraph; build it with "
            "anet.alliance_graph(..., directed=False) or pass G.to_undirected()"
        )


def sorted_nodes(G: nx.Graph) -> list[Hashable]:
    """The graph's nodes sorted (insertion order if they cannot be sorted).

    Examples
    --------
    >>> sorted_nodes(nx.Graph([(200, 2)]))
    [2, 200]
    """
    try:
        return sorted(G.nodes)
    except TypeError:
        return list(G.nodes)


def edge_arrays(
    G: nx.Graph, nodes: Sequence[Hashable], weight: str | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Edge endpoints as positions in `nodes` and the edge weights (1.0 where missing).

    Self-loops are skipped.

    Raises
    ------
    ParameterError
        When a weight is not a positive, finite number.

    Examples
    --------
    >>> src, dst, w = edge_arrays(nx.Graph([(2, 200, {"weight": 2})]), [2, 200], "weight")
    >>> src.tolist(), dst.tolist(), w.tolist()
    ([0], [1], [2.0])
    """
    cache = structure_cache(G)
    key = tuple(nodes)
    hit = None if cache is None else cache.get("edges")
    if hit is None or hit[0] != key:
        pos = {v: i for i, v in enumerate(nodes)}
        # each tie's attribute dict: networkx keeps one dict per tie for its lifetime
        # (attribute updates change it in place), so the references stay valid
        if G.is_multigraph():  # parallel edges: one dict per edge, in G.edges() order
            ends = [(pos[u], pos[v]) for u, v in G.edges() if u != v]
            dicts = [d for u, v, d in G.edges(data=True) if u != v]
            src_list, dst_list = [a for a, _ in ends], [b for _, b in ends]
        else:
            src_list, dst_list, dicts = _ties(G, pos)
        hit = (key, np.array(src_list, dtype=np.int64), np.array(dst_list, dtype=np.int64), dicts)
        if cache is not None:
            cache["edges"] = hit
    _, src0, dst0, dicts = hit
    src, dst = src0.copy(), dst0.copy()
    if weight is None:
        return src, dst, np.ones(len(dicts), dtype=float)
    # weights are read afresh every call (networkx does not track attribute changes)
    values = list(map(methodcaller("get", weight, 1.0), dicts))
    if set(map(type, values)) <= {float, int}:
        w = np.array(values, dtype=float)
    else:
        w = _checked_weights(values, nodes, src, dst, weight)
    if w.size and not (np.all(np.isfinite(w)) and np.all(w > 0)):
        bad = ~(np.isfinite(w) & (w > 0))
        i = int(np.flatnonzero(bad)[0])
        raise ParameterError(
            f"expected positive, finite edge weights in attribute {weight!r}; got "
            f"{int(bad.sum())} tie(s) with a weight that is zero, negative, NaN or infinite, "
            f"e.g. {w[i]!r} on the tie {nodes[src[i]]}-{nodes[dst[i]]}; drop or fix those ties "
            "or pass weight=None"
        )
    return src, dst, w


def _ties(G: nx.Graph, pos: dict[Any, int]) -> tuple[list[int], list[int], list[dict[str, Any]]]:
    """The ties of a simple graph in ``G.edges()`` order (self-loops left out), as the
    positions of their ends and their attribute dicts, in one pass over the adjacency
    (as networkx's edge view walks it: an undirected tie once, from the node met first)."""
    src: list[int] = []
    dst: list[int] = []
    dicts: list[dict[str, Any]] = []
    directed = G.is_directed()
    seen: set[Any] = set()
    for u, nbrs in G._adj.items():  # type: ignore[attr-defined]
        i = pos[u]
        for v, d in nbrs.items():
            if v != u and (directed or v not in seen):
                src.append(i)
                dst.append(pos[v])
                dicts.append(d)
        seen.add(u)
    return src, dst, dicts


def _checked_weights(
    values: list[Any], nodes: Sequence[Hashable], src: np.ndarray, dst: np.ndarray, weight: str
) -> np.ndarray:
    """Weights as floats; a :class:`ParameterError` naming the first non-numeric one."""
    out = np.empty(len(values), dtype=float)
    for i, value in enumerate(values):
        try:
            if isinstance(value, bool):
                raise TypeError
            out[i] = float(value)
        except (TypeError, ValueError):
            u, v = nodes[src[i]], nodes[dst[i]]
            raise ParameterError(
                f"expected numeric edge weights in attribute {weight!r}; got "
                f"{value!r} on the tie {u}-{v}; fix it or pass weight=None"
            ) from None
    return out


def graph_to_csr(
    G: nx.Graph, nodes: Sequence[Hashable] | None = None, weight: str | None = None
) -> tuple[Any, ...]:
    """Return the nodes and the symmetric CSR adjacency arrays of `G`.

    Parameters
    ----------
    G : networkx.Graph, DiGraph, MultiGraph or MultiDiGraph
        Directed graphs are read as undirected (an arc in either direction is a
        tie), i.e. the engine measures *weak* connectivity. Self-loops are dropped
        and parallel edges / reciprocal arcs merge into one tie.
    nodes : sequence, optional
        Node order (position ``i`` of the arrays is ``nodes[i]``). Default: the
        nodes sorted (ccodes ascending); insertion order if they do not sort.
    weight : str, optional
        Edge attribute to return as tie weights (missing = 1). A merged tie gets
        the *sum* of the weights of the edges/arcs it merges, so the row sums are
        the strengths ``G.degree(weight=weight)`` (in + out for directed graphs).

    Returns
    -------
    nodes : list
        The node labels in position order.
    indptr : numpy.ndarray of int64, shape (N + 1,)
    indices : numpy.ndarray of int64, shape (2 M,)
        The neighbours of position ``i`` are ``indices[indptr[i]:indptr[i + 1]]``
        (sorted, each tie listed from both ends).
    data : numpy.ndarray of float64, shape (2 M,)
        Only when `weight` is given: the weight of each listed tie.

    Examples
    --------
    >>> import networkx as nx
    >>> nodes, indptr, indices = graph_to_csr(nx.path_graph(3))
    >>> nodes, indptr.tolist(), indices.tolist()
    ([0, 1, 2], [0, 1, 3, 4], [1, 0, 2, 1])
    >>> graph_to_csr(nx.Graph([(1, 2, {"w": 3})]), weight="w")[3].tolist()
    [3.0, 3.0]
    """
    if nodes is None:
        nodes = sorted_nodes(G)
    else:
        nodes = list(nodes)
    n = len(nodes)
    m = max(n, 1)
    pos = {v: i for i, v in enumerate(nodes)}
    if weight is None and type(G) in (nx.Graph, nx.DiGraph):
        # fast path: read the adjacency dicts, each tie from both ends
        adjs = [G._adj] if not G.is_directed() else [G._succ, G._pred]  # type: ignore[attr-defined]
        lengths = [len(adj[v]) for adj in adjs for v in nodes]
        flat = list(chain.from_iterable(adj[v] for adj in adjs for v in nodes))
        cols_l = np.fromiter(map(pos.__getitem__, flat), dtype=np.int64, count=len(flat))
        rows_l = np.repeat(np.tile(np.arange(n, dtype=np.int64), len(adjs)), lengths)
        keep = rows_l != cols_l
        key = np.sort(rows_l[keep] * m + cols_l[keep])  # by (row, col)
        # reciprocal arcs merge (np.unique's hash table is slower on these small arrays)
        ukey = key[np.concatenate(([True], key[1:] != key[:-1]))] if key.size else key
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(ukey // m, minlength=n), out=indptr[1:])
        return nodes, indptr, (ukey % m).astype(np.int64)
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    edges = G.edges(data=weight, default=1) if weight is not None else G.edges()
    for edge in edges:
        u, v = edge[0], edge[1]
        if u == v:
            continue
        i, j = pos[u], pos[v]
        rows.extend((i, j))
        cols.extend((j, i))
        if weight is not None:
            vals.extend((edge[2], edge[2]))
    key = np.asarray(rows, dtype=np.int64) * m + np.asarray(cols, dtype=np.int64)
    # sort by (row, col); merge reciprocal arcs and parallel edges
    ukey, inverse = np.unique(key, return_inverse=True)
    rows_a, cols_a = ukey // m, ukey % m
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.add.at(indptr, rows_a + 1, 1)
    np.cumsum(indptr, out=indptr)
    if weight is None:
        return nodes, indptr, cols_a.astype(np.int64)
    data = np.bincount(inverse.ravel(), weights=np.asarray(vals, dtype=np.float64))
    return nodes, indptr, cols_a.astype(np.int64), data.astype(np.float64, copy=False)


_CACHE_KEY = "alliancenet"


def structure_cache(G: nx.Graph) -> dict[Any, Any] | None:
    """A dict of values derived from `G`'s nodes and edges, emptied when they change.

    The dict lives in ``G.__networkx_cache__``, which networkx itself empties in
    every method that adds or removes nodes or edges (``add_edge``,
    ``remove_node``, ``add_edges_from``, ``clear``, ...; the mechanism networkx
    uses for its own cached backend conversions). It is therefore valid only for
    *structure* (node labels, ties): attribute values (weights, ``kind``) can
    change without networkx noticing and must be read afresh. As a second check
    the entry also records the number of nodes and the identity of the adjacency
    dict. None (no caching) for graph views and frozen graphs (a view changes
    with the graph it shows, without its own cache being emptied) and for
    subclasses of ``Graph``/``DiGraph`` (which may mutate differently).

    Examples
    --------
    >>> G = nx.path_graph(3)
    >>> structure_cache(G)["x"] = 1
    >>> structure_cache(G)
    {'x': 1}
    >>> G.add_edge(2, 3)
    >>> structure_cache(G)
    {}
    >>> structure_cache(G.subgraph([0, 1])) is None
    True
    """
    if type(G) not in (nx.Graph, nx.DiGraph) or nx.is_frozen(G):
        return None
    cache = getattr(G, "__networkx_cache__", None)
    if not isinstance(cache, dict):
        return None
    stamp = (len(G._node), id(G._adj))  # type: ignore[attr-defined]
    entry = cache.get(_CACHE_KEY)
    if entry is None or entry[0] != stamp:
        entry = (stamp, {})
        cache[_CACHE_KEY] = entry
    return entry[1]


def cached_csr(G: nx.Graph) -> tuple[list[Hashable], np.ndarray, np.ndarray]:
    """:func:`graph_to_csr` of `G` (sorted nodes, no weights), converted once per structure.

    The arrays are kept in :func:`structure_cache` and returned read-only (they
    are shared between calls); the node list is a fresh copy. After any change
    to `G`'s nodes or edges the graph is converted again.

    Examples
    --------
    >>> G = nx.path_graph(3)
    >>> nodes, indptr, indices = cached_csr(G)
    >>> cached_csr(G)[1] is indptr, indptr.flags.writeable
    (True, False)
    >>> G.add_edge(0, 2)
    >>> cached_csr(G)[2].tolist()
    [1, 2, 0, 2, 0, 1]
    """
    cache = structure_cache(G)
    hit = None if cache is None else cache.get("csr")
    if hit is None:
        nodes, indptr, indices = graph_to_csr(G)
        indptr.flags.writeable = False
        indices.flags.writeable = False
        hit = (tuple(nodes), indptr, indices)
        if cache is not None:
            cache["csr"] = hit
    return list(hit[0]), hit[1], hit[2]


def to_undirected_simple(G: nx.Graph) -> nx.Graph:
    """`G` as a simple undirected networkx graph (weak connectivity for directed).

    Examples
    --------
    >>> to_undirected_simple(nx.DiGraph([(1, 2), (2, 1)])).number_of_edges()
    1
    """
    if G.is_directed() or G.is_multigraph():
        H = nx.Graph()
        H.add_nodes_from(G.nodes(data=True))
        H.add_edges_from((u, v) for u, v in G.edges() if u != v)
        return H
    return G
