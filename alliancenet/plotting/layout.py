"""One node layout shared by the yearly graphs of a panel, components packed apart."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from typing import TypeAlias

import networkx as nx
import numpy as np

from .._docstrings import fill_doc
from .._random import RNGLike, as_generator
from ..errors import GraphTypeError, ParameterError
from ._common import sort_key

__all__ = ["layout"]

#: What a function drawing several years accepts as its graphs.
Graphs: TypeAlias = nx.Graph | Mapping[int, nx.Graph] | Iterable[nx.Graph]
_METHODS = ("kamada_kawai", "kk", "spring", "fruchterman_reingold")


def panel_graphs(graphs: Graphs, years: Iterable[int] | None = None) -> list[nx.Graph]:
    """The graphs of ``years`` (default all) from a graph, a dict year -> graph, or a list."""
    if isinstance(graphs, nx.Graph):
        return [graphs]
    if isinstance(graphs, Mapping):
        keys = list(graphs) if years is None else list(years)
        missing = [y for y in keys if y not in graphs]
        if missing:
            span = f"{min(graphs)}..{max(graphs)}" if len(graphs) else "no years"
            raise ParameterError(
                f"years {missing} are not in the graphs (they hold {span}); "
                "pass years that anet.alliance_graphs built"
            )
        return [graphs[y] for y in keys]
    if isinstance(graphs, Iterable) and not isinstance(graphs, str | bytes):
        items = list(graphs)
        if all(isinstance(g, nx.Graph) for g in items):
            return items
    raise GraphTypeError(
        f"expected an nx.Graph, a dict year -> nx.Graph (anet.alliance_graphs), or a list of "
        f"graphs; got {type(graphs).__name__}"
    )


def union_graph(graphs: Iterable[nx.Graph]) -> nx.Graph:
    """Undirected union of ``graphs``: a tie of any year is an edge, weights summed."""
    U = nx.Graph()
    for g in graphs:
        U.add_nodes_from(g.nodes)
        for u, v, d in g.edges(data=True):
            w = float(d.get("weight", 1))
            if U.has_edge(u, v):
                U[u][v]["weight"] += w
            else:
                U.add_edge(u, v, weight=w)
    return U


@fill_doc
def layout(
    graphs: Graphs,
    *,
    years: Iterable[int] | None = None,
    method: str = "kamada_kawai",
    rng: RNGLike = None,
) -> dict[Hashable, np.ndarray]:
    """One node layout for a set of yearly graphs, so snapshots are comparable.

    The layout is computed once on the union graph of the years (a tie present in any
    year is an edge; its weight is the sum over years), then reused for every year.
    Each connected component is laid out on its own, scaled to a radius proportional to
    the square root of its size, and the components are packed in rows, largest first,
    so that no component is drawn over another.

    Parameters
    ----------
    graphs : dict year -> nx.Graph, list of graphs, or nx.Graph
        Graphs from ``anet.alliance_graphs`` (or one graph from ``anet.alliance_graph``).
    years : iterable of int, optional
        Years of ``graphs`` to include (default all).
    method : {"kamada_kawai", "spring"}, default "kamada_kawai"
        ``"kamada_kawai"`` uses igraph's Kamada-Kawai (unweighted path lengths as target
        distances); ``"spring"`` uses networkx's Fruchterman-Reingold with tie strength as
        attraction.
    {{rng}}
        It seeds the starting positions (``kamada_kawai``) or the force simulation
        (``spring``), and the nudges that separate coincident nodes.

    Returns
    -------
    dict
        ``node -> numpy array [x, y]``, rescaled to [-1, 1]; nodes in ccode order.

    Raises
    ------
    ParameterError
        Unknown method, years not in ``graphs``, or an ``rng`` that is not a seed.
    GraphTypeError
        ``graphs`` holds no graphs.

    Notes
    -----
    Dense cliques collapse under Kamada-Kawai; after the layout, nodes of a component
    closer than 0.9 (in units where a component of ``n`` states has radius
    ``0.6 sqrt(n)``) are pushed apart, 60 rounds at most.

    References
    ----------
    Kamada, T., and S. Kawai. 1989. "An algorithm for drawing general undirected graphs."
    *Information Processing Letters* 31(1): 7-15. https://doi.org/10.1016/0020-0190(89)90102-6

    Fruchterman, T. M. J., and E. M. Reingold. 1991. "Graph drawing by force-directed
    placement." *Software: Practice and Experience* 21(11): 1129-1164.
    https://doi.org/10.1002/spe.4380211102

    Examples
    --------
    >>> import alliancenet as anet
    >>> from alliancenet import plotting as ap
    >>> members, states = anet.load_example(), anet.load_example_states()
    >>> graphs = anet.alliance_graphs(members, [1955, 1985], states=states)
    >>> pos = ap.layout(graphs, rng=1)
    >>> len(pos) == len(set(graphs[1955]) | set(graphs[1985]))
    True
    >>> again = ap.layout(graphs, rng=1)
    >>> all((pos[k] == again[k]).all() for k in pos)
    True
    """
    items = panel_graphs(graphs, years)
    if not items:
        raise GraphTypeError("layout needs at least one graph; got none")
    if method not in _METHODS:
        raise ParameterError(f"method must be 'kamada_kawai' or 'spring'; got {method!r}")
    gen = as_generator(rng)
    U = union_graph(g.to_undirected(as_view=True) if g.is_directed() else g for g in items)
    nodes = sorted(U.nodes, key=sort_key)
    if not nodes:
        return {}
    comps = sorted(
        (sorted(c, key=sort_key) for c in nx.connected_components(U)),
        key=lambda c: (-len(c), sort_key(c[0])),
    )
    pieces = [_component_layout(U, c, method, gen) for c in comps]
    coords = _pack(pieces)
    out = {
        v: xy
        for c, block in zip(comps, coords, strict=True)
        for v, xy in zip(c, block, strict=True)
    }
    allxy = np.array([out[v] for v in nodes], dtype=float)
    allxy = nx.rescale_layout(allxy - (allxy.min(axis=0) + allxy.max(axis=0)) / 2, scale=1.0)
    return {v: allxy[i] for i, v in enumerate(nodes)}


def _component_layout(
    U: nx.Graph, comp: list[Hashable], method: str, gen: np.random.Generator
) -> np.ndarray:
    """Positions of one connected component, centred, with radius ~ sqrt(size)."""
    n = len(comp)
    if n == 1:
        return np.zeros((1, 2))
    if n == 2:
        return np.array([[-0.5, 0.0], [0.5, 0.0]])
    if method in ("kamada_kawai", "kk"):
        import igraph as ig

        index = {v: i for i, v in enumerate(comp)}
        h = ig.Graph(n=n, edges=[(index[u], index[v]) for u, v in U.subgraph(comp).edges])
        seed = gen.uniform(-1.0, 1.0, size=(n, 2)).tolist()
        xy = np.asarray(h.layout_kamada_kawai(seed=seed, maxiter=50 * n).coords, dtype=float)
    else:
        H = nx.Graph()
        H.add_nodes_from(comp)
        H.add_edges_from(U.subgraph(comp).edges(data=True))
        p = nx.spring_layout(H, weight="weight", seed=int(gen.integers(2**31 - 1)), iterations=200)
        xy = np.asarray([p[v] for v in comp], dtype=float)
    xy -= xy.mean(axis=0)
    radius = np.sqrt((xy**2).sum(axis=1)).max()
    xy = xy / radius * 0.6 * math.sqrt(n) if radius > 0 else xy
    return _spread(xy, gen)


def _spread(
    xy: np.ndarray, gen: np.random.Generator, d_min: float = 0.9, n_iter: int = 60
) -> np.ndarray:
    """Push apart nodes closer than ``d_min`` (dense cliques collapse under Kamada-Kawai)."""
    xy = xy.copy()
    for _ in range(n_iter):
        diff = xy[:, None, :] - xy[None, :, :]
        dist = np.sqrt((diff**2).sum(axis=-1))
        np.fill_diagonal(dist, 1e12)
        close = dist < d_min
        if not close.any():
            break
        same = dist < 1e-9
        if same.any():  # coincident nodes: nudge them apart at random
            xy[same.any(axis=1)] += gen.normal(0.0, 0.05, size=(int(same.any(axis=1).sum()), 2))
            continue
        push = np.where(close, (d_min - dist) / (2 * dist), 0.0)
        xy += 0.5 * (diff * push[:, :, None]).sum(axis=1)
    return xy


def _pack(pieces: list[np.ndarray], gap: float = 0.8) -> list[np.ndarray]:
    """Shelf-pack component layouts (largest first) into rows about 1.5 times as wide as tall."""
    boxes = [(p.max(axis=0) - p.min(axis=0)) + gap if len(p) else np.zeros(2) for p in pieces]
    area = sum(float(b[0] * b[1]) for b in boxes)
    row_width = max(max(float(b[0]) for b in boxes), math.sqrt(1.5 * area))
    out, x, y, row_h = [], 0.0, 0.0, 0.0
    for p, b in zip(pieces, boxes, strict=True):
        if x > 0 and x + b[0] > row_width + 1e-9:
            x, y, row_h = 0.0, y - row_h, 0.0
        lo = p.min(axis=0)
        out.append(p - lo + np.array([x + gap / 2, y - b[1] + gap / 2]))
        x += b[0]
        row_h = max(row_h, float(b[1]))
    return out
