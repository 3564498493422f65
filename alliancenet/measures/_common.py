"""Small helpers the graph measures share: igraph copies, ccode indexes, panels of graphs.

Private to :mod:`alliancenet.measures`. Graph checks, node order and edge arrays
come from :mod:`alliancenet._graphs`; seeds from :mod:`alliancenet._random`;
parallel runs from :mod:`alliancenet._parallel`.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from numbers import Integral
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import pandas as pd

from .._graphs import check_state_graph
from .._lazy import lazy_import
from ..errors import GraphTypeError, ParameterError

if TYPE_CHECKING:
    import igraph
else:
    # igraph imports matplotlib, which `import alliancenet` must not: load it on first use
    igraph = lazy_import("igraph")

#: What the ``*_panel`` functions accept: a dict year -> graph, or graphs carrying a year.
Graphs = Mapping[int, nx.Graph] | Iterable[nx.Graph]


def igraph_of(n: int, src: np.ndarray, dst: np.ndarray, directed: bool) -> igraph.Graph:
    """An igraph Graph on vertices 0..n-1 with the given edges (in the order of `src`)."""
    return igraph.Graph(
        n=n, edges=list(zip(src.tolist(), dst.tolist(), strict=True)), directed=directed
    )


def node_index(nodes: Sequence[Hashable], what: str) -> pd.Index:
    """The ``ccode`` index of a node-level result (GraphTypeError for tuple labels).

    Examples
    --------
    >>> node_index([2, 200], "blocs")
    Index([2, 200], dtype='int64', name='ccode')
    """
    tuples = [v for v in nodes if isinstance(v, tuple)]
    if tuples:
        raise GraphTypeError(
            f"{what} expected states (ccodes or other single labels) as nodes; got tuple "
            f"label(s) such as {tuples[0]!r}, which cannot index a table by ccode. Relabel "
            "the graph, e.g. nx.convert_node_labels_to_integers(G, label_attribute='label')."
        )
    return pd.Index(list(nodes), name="ccode")


def graph_year(G: nx.Graph) -> int | None:
    """``G.graph['year']`` or None."""
    year = G.graph.get("year")
    return None if year is None else int(year)


def _as_year(year: object) -> int:
    if isinstance(year, bool) or not isinstance(year, Integral | np.integer):
        raise ParameterError(
            f"expected whole-number years as the keys of the graphs dict (as "
            f"anet.alliance_graphs returns); got {year!r} ({type(year).__name__})."
        )
    return int(year)


def panel_items(graphs: Graphs, what: str, *, undirected: bool = False) -> list[tuple[int, Any]]:
    """(year, graph) pairs from a dict year -> graph or graphs carrying ``G.graph['year']``.

    Every graph is checked with :func:`~alliancenet._graphs.check_state_graph`.
    """
    if isinstance(graphs, nx.Graph):
        raise ParameterError(
            f"{what} expected several graphs (a dict year -> graph, as anet.alliance_graphs "
            f"returns); got one {type(graphs).__name__}. Wrap it: {{year: G}}."
        )
    if isinstance(graphs, Mapping):
        items = [(_as_year(y), g) for y, g in graphs.items()]
        for _, g in items:
            check_state_graph(g, what=what, undirected=undirected)
        return items
    items = []
    for g in graphs:
        check_state_graph(g, what=what, undirected=undirected)
        year = graph_year(g)
        if year is None:
            raise ParameterError(
                f"{what} expected a dict year -> graph (anet.alliance_graphs) or graphs "
                "with G.graph['year']; got a graph without a year; pass a dict"
            )
        items.append((year, g))
    return items


def chunks(items: Sequence[Any], n_jobs: int) -> list[Sequence[Any]]:
    """Split `items` into tasks: one per item serially, a few per worker otherwise.

    Results never depend on the split (each item carries its own generator).

    Examples
    --------
    >>> [list(c) for c in chunks(range(3), 1)]
    [[0], [1], [2]]
    >>> [len(c) for c in chunks(range(20), 2)]
    [3, 3, 3, 3, 3, 3, 2]
    """
    if n_jobs <= 1:
        return [items[i : i + 1] for i in range(len(items))]
    size = max(1, -(-len(items) // (4 * n_jobs)))
    return [items[i : i + size] for i in range(0, len(items), size)]
