"""Node centrality in alliance graphs, one column per measure, indexed by ``ccode``.

:func:`centrality` computes the usual node measures of a yearly alliance graph
(degree, strength, eigenvector, betweenness, closeness, PageRank, core number)
and returns them as one :class:`pandas.DataFrame` indexed by ``ccode``;
:func:`centrality_panel` does the same for every year of a panel and returns a
tidy long table. Values equal those of the networkx function of the same name
(the tests check this on random weighted graphs); igraph computes the
path-based measures because it is much faster.

Alliance weights are *strengths* (the number of alliances two states share), but
shortest-path algorithms read weights as *lengths*. Betweenness and closeness
therefore convert weights to distances explicitly (``distance=``); every other
measure uses the weights as strengths.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping, Sequence
from contextlib import contextmanager

import networkx as nx
import numpy as np
import pandas as pd

from .._lazy import lazy_import
from ..errors import GraphTypeError, ParameterError

# igraph imports matplotlib, which `import alliancenet` must not: load it on first use
ig = lazy_import("igraph")

__all__ = ["centrality", "centrality_panel"]

_UNDIRECTED = (
    "degree",
    "strength",
    "eigenvector",
    "betweenness",
    "closeness",
    "pagerank",
    "core_number",
)
_DIRECTED_ONLY = ("in_degree", "out_degree", "in_strength", "out_strength")
_DIRECTED_DEFAULT = (
    "in_degree",
    "out_degree",
    "in_strength",
    "out_strength",
    "betweenness",
    "closeness",
    "pagerank",
    "core_number",
)
_DISTANCES = ("inverse", "complement", None)
_BACKENDS = ("auto", "igraph", "networkx")
_EIG_TIE = 1e-9


# --------------------------------------------------------------------------- graph helpers
# (shared with cohesion.py and blocs.py)


def _check_graph(G) -> None:
    """Raise GraphTypeError unless `G` is a simple networkx Graph or DiGraph."""
    if not isinstance(G, nx.Graph):
        raise GraphTypeError(
            f"expected a networkx Graph or DiGraph (e.g. from anet.alliance_graph); "
            f"got {type(G).__name__}; build one with anet.alliance_graph(members, year)"
        )
    if G.is_multigraph():
        raise GraphTypeError(
            f"expected a simple Graph or DiGraph; got a {type(G).__name__}; collapse parallel "
            "edges into one edge with a 'weight' (anet.alliance_graph does this)"
        )


def _sorted_nodes(G) -> list:
    """The graph's nodes in sorted order (insertion order if they cannot be sorted)."""
    try:
        return sorted(G.nodes)
    except TypeError:
        return list(G.nodes)


def _edge_arrays(G, nodes: Sequence, weight: str | None):
    """Edge endpoints as positions in `nodes` and the edge weights (1.0 where missing).

    Raises ParameterError when a weight is not a positive finite number.
    """
    pos = {v: i for i, v in enumerate(nodes)}
    m = G.number_of_edges()
    src = np.empty(m, dtype=np.int64)
    dst = np.empty(m, dtype=np.int64)
    w = np.ones(m, dtype=float)
    for k, (u, v, d) in enumerate(G.edges(data=True)):
        src[k] = pos[u]
        dst[k] = pos[v]
        if weight is not None:
            try:
                w[k] = float(d.get(weight, 1.0))
            except (TypeError, ValueError):
                raise ParameterError(
                    f"expected numeric edge weights in attribute {weight!r}; got "
                    f"{d.get(weight)!r} on the tie {u}-{v}; fix it or pass weight=None"
                ) from None
    if m and not (np.all(np.isfinite(w)) and np.all(w > 0)):
        raise ParameterError(
            f"expected positive, finite edge weights in attribute {weight!r}; got values "
            f"between {w.min()} and {w.max()}; drop the ties with weight 0 or pass weight=None"
        )
    return src, dst, w


def _igraph_of(n: int, src, dst, directed: bool) -> ig.Graph:
    """An igraph Graph on vertices 0..n-1 with the given edges (same order as `src`)."""
    return ig.Graph(
        n=n, edges=list(zip(src.tolist(), dst.tolist(), strict=True)), directed=directed
    )


@contextmanager
def _igraph_seeded(seed: int):
    """Let igraph draw from ``random.Random(seed)`` inside the block.

    igraph's random numbers come from one process-wide generator, by default
    Python's :mod:`random` module; drawing from a private generator instead leaves
    the global state untouched. Afterwards igraph is handed :mod:`random` again.
    """
    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


def _graph_year(G):
    """``G.graph['year']`` or None."""
    return G.graph.get("year")


# --------------------------------------------------------------------------- measures

_MAX_LCM = 2**40


def _integer_lcm(w: np.ndarray) -> int | None:
    """Least common multiple of integer weights, or None (non-integers, or too large)."""
    if w.size == 0 or not np.all(w == np.round(w)):
        return None
    out = 1
    for x in np.unique(w).astype(np.int64).tolist():
        out = math.lcm(out, x)
        if out > _MAX_LCM:
            return None
    return out


class _Context:
    """What every measure needs, computed once: node order, edge arrays, igraph copy."""

    def __init__(self, G, weight, distance, normalized, backend):
        self.G = G
        self.backend = backend
        self._len_attr = None
        self.length_scale = 1.0
        self.directed = G.is_directed()
        self.nodes = _sorted_nodes(G)
        self.n = len(self.nodes)
        self.weight = weight
        self.src, self.dst, self.w = _edge_arrays(G, self.nodes, weight)
        self.distance = distance
        self.normalized = normalized
        self._h = None

    @property
    def h(self) -> ig.Graph:
        if self._h is None:
            self._h = _igraph_of(self.n, self.src, self.dst, self.directed)
        return self._h

    def weighted_attr(self) -> str:
        """Name of the igraph edge attribute holding the weights (set on first use)."""
        if "w" not in self.h.es.attributes():
            self.h.es["w"] = self.w.tolist()
        return "w"

    def lengths(self):
        """Edge lengths for shortest paths (None = hop counts), and their scale.

        Inverse lengths of integer weights are returned as ``L / w`` with ``L`` the
        least common multiple of the weights: integers, so that paths of equal
        length tie exactly (in floating point 1/2 + 1/3 + 1/3 != 1 + 1/6). Closeness
        is multiplied by ``L`` afterwards; betweenness does not depend on it.
        """
        self.length_scale = 1.0
        if self.distance is None or self.weight is None:
            return None
        if self.distance == "complement":
            return (self.w.max() + 1.0 - self.w).tolist()
        scale = _integer_lcm(self.w)
        if scale is None:
            return (1.0 / self.w).tolist()
        self.length_scale = float(scale)
        return (scale / self.w).tolist()

    def degrees(self, mode: str) -> np.ndarray:
        out = np.zeros(self.n)
        if mode in ("all", "out"):
            out += np.bincount(self.src, minlength=self.n)
        if mode in ("all", "in"):
            out += np.bincount(self.dst, minlength=self.n)
        return out

    def strengths(self, mode: str) -> np.ndarray:
        out = np.zeros(self.n)
        if mode in ("all", "out"):
            out += np.bincount(self.src, weights=self.w, minlength=self.n)
        if mode in ("all", "in"):
            out += np.bincount(self.dst, weights=self.w, minlength=self.n)
        return out


def _degree_like(ctx: _Context, mode: str) -> np.ndarray:
    deg = ctx.degrees(mode)
    if not ctx.normalized:
        return deg
    if ctx.n <= 1:  # networkx's convention for a single node
        return np.ones(ctx.n)
    return deg / (ctx.n - 1)


def _eigenvector(ctx: _Context) -> np.ndarray:
    """Limit of power iteration on (W + I) from the all-ones vector, unit Euclidean norm.

    Per connected component the leading eigenpair (lambda_c, v_c) of the weighted
    adjacency matrix is found (igraph on the component's subgraph; closed form for
    one or two states); the limit is
    sum over components with lambda_c == max lambda of (1 . v_c) v_c, normalised.
    """
    if ctx.directed:
        raise GraphTypeError(
            "eigenvector centrality needs an undirected graph (directed alliance graphs are "
            "rarely strongly connected, so it is not well defined); got a DiGraph; use "
            "'pagerank' or build the graph with directed=False"
        )
    n = ctx.n
    if n == 0:
        return np.zeros(0)
    h = ctx.h
    loops = bool(np.any(ctx.src == ctx.dst))
    membership = np.asarray(h.connected_components().membership)
    comps = [np.flatnonzero(membership == c) for c in range(membership.max() + 1)]
    lams, vecs = [], []
    for idx in comps:
        lam, vec = _perron(ctx, idx, loops)
        lams.append(lam)
        vecs.append(vec)
    lam_max = max(lams)
    x = np.zeros(n)
    for idx, lam, vec in zip(comps, lams, vecs, strict=True):
        if lam >= lam_max - _EIG_TIE * max(1.0, abs(lam_max)):
            x[idx] = vec.sum() * vec
    return x / np.linalg.norm(x)


def _perron(ctx: _Context, idx: np.ndarray, loops: bool) -> tuple[float, np.ndarray]:
    """Leading eigenvalue and unit Perron vector of the connected component `idx`."""
    if idx.size == 1:
        sel = (ctx.src == idx[0]) & (ctx.dst == idx[0])
        return float(ctx.w[sel].sum()), np.ones(1)
    if idx.size == 2 and not loops:  # one tie of weight w: (w, [1, 1] / sqrt 2)
        return float(ctx.w[(ctx.src == idx[0]) | (ctx.src == idx[1])].sum()), np.full(2, 0.5**0.5)
    if loops:  # dense route counts a self-loop once, as networkx does
        pos = np.full(ctx.n, -1)
        pos[idx] = np.arange(idx.size)
        keep = pos[ctx.src] >= 0
        A = np.zeros((idx.size, idx.size))
        np.add.at(A, (pos[ctx.src[keep]], pos[ctx.dst[keep]]), ctx.w[keep])
        A = A + A.T - np.diag(np.diag(A))
        vals, v = np.linalg.eigh(A)
        return float(vals[-1]), np.abs(v[:, -1])
    # igraph (ARPACK / internal LAPACK, single-threaded) on the component's subgraph
    attr = ctx.weighted_attr()  # before taking the subgraph, which copies it
    sub = ctx.h.induced_subgraph(idx.tolist())
    with _igraph_seeded(0):  # ARPACK draws a start vector; keep global state untouched
        vec, lam = sub.eigenvector_centrality(weights=attr, return_eigenvalue=True)
    vec = np.abs(np.asarray(vec, dtype=float))
    return float(lam), vec / np.linalg.norm(vec)


def _betweenness(ctx: _Context) -> np.ndarray:
    n = ctx.n
    if ctx.backend == "networkx":
        H = _nx_with_lengths(ctx)
        d = nx.betweenness_centrality(H, weight=ctx._len_attr, normalized=ctx.normalized)
        return np.array([d[v] for v in ctx.nodes], dtype=float)
    if n == 0:
        return np.zeros(0)
    raw = np.asarray(ctx.h.betweenness(directed=ctx.directed, weights=ctx.lengths()), dtype=float)
    if ctx.normalized and n > 2:
        scale = 1.0 / ((n - 1) * (n - 2))
        raw = raw * (scale if ctx.directed else 2.0 * scale)
    return raw


def _closeness(ctx: _Context) -> np.ndarray:
    n = ctx.n
    if ctx.backend == "networkx":
        H = _nx_with_lengths(ctx)
        d = nx.closeness_centrality(H, distance=ctx._len_attr)
        return np.array([d[v] for v in ctx.nodes], dtype=float) * ctx.length_scale
    if n <= 1:
        return np.zeros(n)
    # D[u, v] = length of the shortest path u -> v; closeness of v uses paths *to* v.
    D = np.asarray(ctx.h.distances(weights=ctx.lengths(), mode="out"), dtype=float)
    D = D / ctx.length_scale
    reach = np.isfinite(D)
    r = reach.sum(axis=0)  # nodes that reach v, v included
    total = np.where(reach, D, 0.0).sum(axis=0)
    out = np.zeros(n)
    ok = (r > 1) & (total > 0)
    out[ok] = (r[ok] - 1) / total[ok] * (r[ok] - 1) / (n - 1)
    return out


def _pagerank(ctx: _Context) -> np.ndarray:
    if ctx.backend == "networkx":
        d = nx.pagerank(ctx.G, weight=ctx.weight, tol=1e-10, max_iter=10_000)
        return np.array([d[v] for v in ctx.nodes], dtype=float)
    if ctx.n == 0:
        return np.zeros(0)
    w = None if ctx.weight is None else ctx.w.tolist()
    return np.asarray(ctx.h.pagerank(directed=ctx.directed, damping=0.85, weights=w), dtype=float)


def _core_number(ctx: _Context) -> np.ndarray:
    if nx.number_of_selfloops(ctx.G):
        raise GraphTypeError(
            "core numbers need a graph without self-loops; got "
            f"{nx.number_of_selfloops(ctx.G)} self-loop(s); remove them with "
            "G.remove_edges_from(nx.selfloop_edges(G))"
        )
    if ctx.backend == "networkx":
        d = nx.core_number(ctx.G)
        return np.array([d[v] for v in ctx.nodes], dtype=float)
    return np.asarray(ctx.h.coreness(mode="all"), dtype=float)


def _nx_with_lengths(ctx: _Context):
    """A copy of the graph carrying the edge lengths in attribute ``ctx._len_attr``."""
    lengths = ctx.lengths()
    H = nx.DiGraph() if ctx.directed else nx.Graph()
    H.add_nodes_from(ctx.nodes)
    if lengths is None:
        H.add_edges_from(
            (ctx.nodes[a], ctx.nodes[b]) for a, b in zip(ctx.src, ctx.dst, strict=True)
        )
        ctx._len_attr = None
    else:
        ctx._len_attr = "length"
        H.add_weighted_edges_from(
            (
                (ctx.nodes[a], ctx.nodes[b], float(d))
                for a, b, d in zip(ctx.src, ctx.dst, lengths, strict=True)
            ),
            weight="length",
        )
    return H


_COMPUTE = {
    "degree": lambda c: _degree_like(c, "all"),
    "in_degree": lambda c: _degree_like(c, "in"),
    "out_degree": lambda c: _degree_like(c, "out"),
    "strength": lambda c: c.strengths("all"),
    "in_strength": lambda c: c.strengths("in"),
    "out_strength": lambda c: c.strengths("out"),
    "eigenvector": _eigenvector,
    "betweenness": _betweenness,
    "closeness": _closeness,
    "pagerank": _pagerank,
    "core_number": _core_number,
}


def _resolve_measures(measures, directed: bool) -> list[str]:
    if measures is None:
        return list(_DIRECTED_DEFAULT if directed else _UNDIRECTED)
    if isinstance(measures, str):
        measures = [measures]
    measures = list(measures)
    unknown = [m for m in measures if m not in _COMPUTE]
    if unknown:
        raise ParameterError(
            f"expected measures among {sorted(_COMPUTE)}; got unknown {unknown}; "
            "fix the spelling or leave measures=None for all of them"
        )
    if not directed:
        wrong = [m for m in measures if m in _DIRECTED_ONLY]
        if wrong:
            raise GraphTypeError(
                f"{wrong} need a directed graph; got an undirected one; use 'degree' / "
                "'strength', or build the graph with directed=True"
            )
    if len(set(measures)) != len(measures):
        raise ParameterError(f"expected each measure once; got {measures}")
    return measures


def centrality(
    G,
    measures: str | Iterable[str] | None = None,
    *,
    weight: str | None = "weight",
    distance: str | None = "inverse",
    normalized: bool = True,
    backend: str = "auto",
) -> pd.DataFrame:
    """Node centralities of an alliance graph, one column per measure.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        An alliance graph (e.g. from :func:`anet.alliance_graph`): nodes are
        ccodes; edge attribute `weight` is the number of shared alliances.
    measures : str or list of str, optional
        Any of ``"degree"``, ``"strength"``, ``"eigenvector"``, ``"betweenness"``,
        ``"closeness"``, ``"pagerank"``, ``"core_number"`` and, for directed
        graphs, ``"in_degree"``, ``"out_degree"``, ``"in_strength"``,
        ``"out_strength"``. Default: all that apply (directed graphs: the
        in/out variants instead of degree/strength, and no eigenvector).
    weight : str or None, default "weight"
        Edge attribute holding tie strengths (missing → 1). None treats every tie
        as strength 1 (and betweenness/closeness then count hops).
    distance : {"inverse", "complement", None}, default "inverse"
        How strengths become lengths for betweenness and closeness:
        ``"inverse"`` → ``1 / w``; ``"complement"`` → ``max(w) + 1 − w``;
        None → every tie has length 1 (hop counts).
    normalized : bool, default True
        Scale degree by ``1/(n−1)`` and betweenness by ``2/((n−1)(n−2))``
        (``1/((n−1)(n−2))`` if directed), as networkx does. Closeness, PageRank
        and eigenvector centrality are always on their usual scales.
    backend : {"auto", "igraph", "networkx"}, default "auto"
        Engine of betweenness, closeness, PageRank and core number. ``"auto"``
        uses igraph (fast); ``"networkx"`` calls networkx's functions (a
        reference; its PageRank needs scipy). Both give the same values.

    Returns
    -------
    pandas.DataFrame
        Index ``ccode`` (exactly the graph's nodes, sorted), one float column per
        measure in the order requested.

    Raises
    ------
    GraphTypeError
        `G` is not a simple networkx graph; eigenvector centrality or an
        undirected measure is asked of the wrong kind of graph.
    ParameterError
        Unknown measure, `distance` or `backend`; non-positive weights.

    Notes
    -----
    With ``n`` nodes, edge strengths ``w_uv`` and shortest-path lengths ``d``:

    - degree: ``deg(v) / (n − 1)`` (networkx ``degree_centrality``; a lone node
      gets 1); strength: ``s(v) = Σ_u w_uv``.
    - eigenvector: the leading eigenvector ``x`` of the weighted adjacency
      matrix, ``‖x‖₂ = 1``. On a connected graph this is the Perron vector,
      equal to networkx ``eigenvector_centrality``. On a disconnected graph it
      is the limit of networkx's power iteration (on ``W + I`` from the
      all-ones vector): ``x ∝ Σ_c (1·v_c) v_c`` over the components ``c`` whose
      leading eigenvalue equals the graph's largest, with ``v_c`` their unit
      Perron vectors; states in other components get 0. Each component's
      eigenpair is computed directly (igraph's eigensolver), so the result
      never depends on power iteration converging; an edgeless graph gives
      ``1/√n`` to every state.
    - betweenness: ``Σ_{s≠v≠t} σ_st(v)/σ_st`` times the normalisation above;
      closeness: ``(r − 1)/Σ_u d(u, v) · (r − 1)/(n − 1)`` where ``r`` counts the
      states that reach ``v`` (networkx ``closeness_centrality`` with the
      Wasserman–Faust correction; incoming paths for directed graphs; 0 for
      isolates). Both use lengths from `distance`, never raw strengths. For
      ``"inverse"`` with integer weights the lengths are computed exactly, as
      ``L/w`` with ``L`` the least common multiple of the weights (and closeness
      rescaled by ``L``), so paths of equal length tie exactly; networkx given
      floating-point ``1/w`` can miss such ties (``1/2 + 1/3 + 1/3`` and
      ``1 + 1/6`` differ in the last bit).
    - pagerank: damping 0.85, weights as strengths, dangling mass spread
      uniformly (networkx ``pagerank``); core_number: largest ``k`` such that
      the state is in the k-core (unweighted; in+out degree if directed).

    References
    ----------
    .. [1] Freeman, L. C. (1978). Centrality in social networks: conceptual
       clarification. Social Networks 1(3), 215–239. doi:10.1016/0378-8733(78)90021-7
    .. [2] Opsahl, T., Agneessens, F., & Skvoretz, J. (2010). Node centrality in
       weighted networks: generalizing degree and shortest paths. Social
       Networks 32(3), 245–251. doi:10.1016/j.socnet.2010.03.006
    .. [3] Brin, S., & Page, L. (1998). The anatomy of a large-scale hypertextual
       web search engine. Computer Networks and ISDN Systems 30, 107–117.
       doi:10.1016/S0169-7552(98)00110-X

    Examples
    --------
    >>> import networkx as nx
    >>> import pandas as pd
    >>> import alliancenet as anet
    >>> G = nx.star_graph(4)  # a hub (0) allied with four states
    >>> c = anet.centrality(G)
    >>> c.loc[0, ["degree", "betweenness", "closeness"]].tolist()
    [1.0, 1.0, 1.0]
    >>> c.loc[0, ["eigenvector", "pagerank"]].round(6).tolist()
    [0.707107, 0.475676]

    The defence-pact network of 1985 in the bundled example data; the United
    States (ccode 2) has the most allies:

    >>> members, states = anet.load_example(), anet.load_example_states()
    >>> G = anet.alliance_graph(members, 1985, states=states)
    >>> c = anet.centrality(G, ["degree", "betweenness", "pagerank"])
    >>> c.index.equals(pd.Index(sorted(G), name="ccode"))
    True
    >>> int(c["degree"].idxmax()), int(c["betweenness"].idxmax())
    (2, 2)
    """
    _check_graph(G)
    if distance not in _DISTANCES:
        raise ParameterError(
            f"expected distance in {_DISTANCES}; got {distance!r}; 'inverse' uses 1/weight"
        )
    if backend not in _BACKENDS:
        raise ParameterError(f"expected backend in {_BACKENDS}; got {backend!r}")
    measures = _resolve_measures(measures, G.is_directed())
    engine = "igraph" if backend == "auto" else backend
    ctx = _Context(G, weight, distance, bool(normalized), engine)
    data = {m: np.asarray(_COMPUTE[m](ctx), dtype=float) for m in measures}
    index = pd.Index(ctx.nodes, name="ccode")
    return pd.DataFrame(data, index=index, columns=measures)


def _panel_items(panel) -> list[tuple[int, object]]:
    """(year, graph) pairs from a mapping year -> graph or an iterable of graphs."""
    if isinstance(panel, Mapping):
        return [(int(y), g) for y, g in panel.items()]
    items = []
    for g in panel:
        _check_graph(g)
        if _graph_year(g) is None:
            raise ParameterError(
                "expected a dict year -> graph (anet.alliance_graphs) or graphs with "
                "G.graph['year']; got a graph without a year; pass a dict"
            )
        items.append((int(_graph_year(g)), g))
    return items


def centrality_panel(panel, measures: str | Iterable[str] | None = None, **kw) -> pd.DataFrame:
    """Centralities for every year of a panel, as a tidy long table.

    Parameters
    ----------
    panel : dict of int to networkx.Graph, or iterable of graphs
        Yearly graphs (e.g. :func:`anet.alliance_graphs`); graphs without a dict
        must carry ``G.graph['year']``.
    measures : str or list of str, optional
        As in :func:`centrality`.
    **kw
        Passed to :func:`centrality` (`weight`, `distance`, `normalized`,
        `backend`).

    Returns
    -------
    pandas.DataFrame
        Columns ``year`` (int64), ``ccode``, ``measure`` (str), ``value``
        (float); one row per year, state and measure, sorted by year, measure
        (in the order requested) and ccode.

    Raises
    ------
    GraphTypeError, ParameterError
        As in :func:`centrality`; also ParameterError for graphs without a
        year outside a dict.

    Notes
    -----
    Each year is scored by :func:`centrality` on its own graph, so ``n`` in the
    normalisations (``deg/(n − 1)``, ``2/((n − 1)(n − 2))`` for betweenness) is
    that year's number of states: keep isolated system members in the graphs
    (as :func:`anet.alliance_graphs` does with ``states``) so that values are
    comparable across years.

    References
    ----------
    .. [1] Freeman, L. C. (1978). Centrality in social networks: conceptual
       clarification. Social Networks 1(3), 215–239. doi:10.1016/0378-8733(78)90021-7
    .. [2] Brin, S., & Page, L. (1998). The anatomy of a large-scale hypertextual
       web search engine. Computer Networks and ISDN Systems 30, 107–117.
       doi:10.1016/S0169-7552(98)00110-X

    Examples
    --------
    >>> import networkx as nx
    >>> import alliancenet as anet
    >>> panel = {1990: nx.path_graph(3), 1991: nx.complete_graph(3)}
    >>> t = anet.centrality_panel(panel, ["degree"])
    >>> t.query("ccode == 0")["value"].tolist()
    [0.5, 1.0]

    PageRank of the United States and the Soviet Union through the Cold War:

    >>> members, states = anet.load_example(), anet.load_example_states()
    >>> panel = anet.alliance_graphs(members, range(1950, 1991), states=states)
    >>> t = anet.centrality_panel(panel, "pagerank")
    >>> list(t.columns)
    ['year', 'ccode', 'measure', 'value']
    >>> t.query("ccode in [2, 365]").pivot(index="year", columns="ccode", values="value").shape
    (41, 2)
    """
    years, ccodes, names, values = [], [], [], []
    for year, G in _panel_items(panel):
        df = centrality(G, measures, **kw)
        n, k = df.shape
        years.append(np.full(n * k, year, dtype=np.int64))
        ccodes.append(np.tile(df.index.to_numpy(), k))
        names.append(np.repeat(np.asarray(df.columns, dtype=object), n))
        values.append(df.to_numpy(dtype=float).ravel(order="F"))
    if not years:
        return pd.DataFrame(
            {
                "year": pd.Series(dtype="int64"),
                "ccode": pd.Series(dtype="int64"),
                "measure": pd.Series(dtype="str"),
                "value": pd.Series(dtype=float),
            }
        )
    return pd.DataFrame(
        {
            "year": np.concatenate(years),
            "ccode": np.concatenate(ccodes),
            "measure": pd.array(np.concatenate(names), dtype="str"),
            "value": np.concatenate(values),
        }
    )
