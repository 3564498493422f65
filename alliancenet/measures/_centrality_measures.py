"""The node measures behind :func:`~alliancenet.centrality`, one function each.

Private to :mod:`alliancenet.measures`. :class:`Context` reads the graph once
(sorted nodes, validated edge arrays without self-loops, an igraph copy made on
first use); each measure maps a context to one value per node, in node order.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np
import pandas as pd

from .. import _aot
from .._graphs import edge_arrays, sorted_nodes, structure_cache
from .._lazy import lazy_import
from .._random import igraph_seeded
from ..errors import GraphTypeError
from ._common import igraph_of, node_index

if TYPE_CHECKING:
    import igraph as ig
else:
    # igraph imports matplotlib, which `import alliancenet` must not: load it on first use
    ig = lazy_import("igraph")

_EIG_TIE = 1e-9


def _tied_below(lam: float) -> float:
    """Eigenvalues at or above this value tie with `lam` (relative tolerance _EIG_TIE)."""
    return lam - _EIG_TIE * max(1.0, abs(lam))


#: (1 . v) v for the Perron vector v = [1, 1] / sqrt 2 of a two-state component
_TWO = float(np.full(2, 0.5**0.5).sum() * 0.5**0.5)

_MAX_LCM = 2**40


def _integer_lcm(w: np.ndarray) -> int | None:
    """Least common multiple of integer weights, or None (non-integers, or too large)."""
    distinct = set(w.tolist())
    if not distinct or not all(x.is_integer() for x in distinct):
        return None
    out = math.lcm(*map(int, distinct))  # exact (Python integers); weights are positive
    return out if out <= _MAX_LCM else None


class Context:
    """What every measure needs, computed once: node order, edge arrays, igraph copy."""

    def __init__(
        self,
        G: nx.Graph,
        weight: str | None,
        distance: str | None,
        normalized: bool,
        backend: str,
    ) -> None:
        self.backend = backend
        self._len_attr: str | None = None
        self.length_scale = 1.0
        self.directed = G.is_directed()
        self.nodes = sorted_nodes(G)
        self._cache = structure_cache(G)
        self._index: pd.Index | None = None
        self.n = len(self.nodes)
        self.weight = weight
        # validates the weights (positive, finite) and skips self-loops
        self.src, self.dst, self.w = edge_arrays(G, self.nodes, weight)
        self._G = G
        self.distance = distance
        self.normalized = normalized
        self._h: ig.Graph | None = None

    @property
    def index(self) -> pd.Index:
        """The ``ccode`` index of the results (kept per structure: indexes are immutable)."""
        if self._index is None:
            key = tuple(self.nodes)
            hit = None if self._cache is None else self._cache.get("ccode_index")
            if hit is None or hit[0] != key:
                hit = (key, node_index(self.nodes, "centrality"))
                if self._cache is not None:
                    self._cache["ccode_index"] = hit
            self._index = hit[1]
        return self._index

    def labels(self) -> np.ndarray:
        """The node labels as an array (what :attr:`index` holds, without building it)."""
        labels = np.asarray(self.nodes)
        if labels.ndim == 1 and labels.dtype.kind in "iu":  # ccodes: no tuple among them
            return labels
        return self.index.to_numpy()

    @property
    def G(self) -> nx.Graph:
        """The graph without self-loops (for the networkx backend)."""
        if nx.number_of_selfloops(self._G):
            self._G = self._G.copy()
            self._G.remove_edges_from(list(nx.selfloop_edges(self._G)))
        return self._G

    @property
    def h(self) -> ig.Graph:
        """The igraph copy of the graph's structure (no attributes; weights are passed
        to each igraph call). Built once per structure and shared: never modify it."""
        if self._h is None:
            cache = structure_cache(self._G)
            key = ("igraph", tuple(self.nodes))
            h = None if cache is None else cache.get(key)
            if h is None:
                h = igraph_of(self.n, self.src, self.dst, self.directed)
                if cache is not None:
                    cache[key] = h
            self._h = h
        return self._h

    def component(self, idx: np.ndarray) -> tuple[ig.Graph, np.ndarray]:
        """The subgraph induced by `idx` (no attributes) and the ids of its edges in ``h``.

        Depends only on the structure: kept per structure, keyed by the component's
        first vertex; callers pass weights as lists and never modify it.
        """
        key = tuple(self.nodes)
        hit = None if self._cache is None else self._cache.get("components")
        if hit is None or hit[0] != key:
            hit = (key, dict[int, tuple[ig.Graph, np.ndarray]]())
            if self._cache is not None:
                self._cache["components"] = hit
        first = int(idx[0])
        if first not in hit[1]:
            tagged = self.h.copy()
            tagged.es["eid"] = list(range(tagged.ecount()))
            sub = tagged.induced_subgraph(idx.tolist())
            eids = np.asarray(sub.es["eid"], dtype=np.int64)
            del sub.es["eid"]
            hit[1][first] = (sub, eids)
        return hit[1][first]

    def membership(self) -> np.ndarray:
        """Connected component of each vertex (igraph's numbering; cached per structure)."""
        key = ("membership", tuple(self.nodes))
        hit = None if self._cache is None else self._cache.get(key)
        if hit is None:
            # GraphBase's method gives the membership list without a VertexClustering
            hit = np.asarray(ig.GraphBase.connected_components(self.h), dtype=np.int64)
            hit.flags.writeable = False
            if self._cache is not None:
                self._cache[key] = hit
        return hit

    def lengths(self) -> list[float] | None:
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
        # the inverse lengths depend only on the weight values: reuse them while those
        # bytes are unchanged (the weights themselves are read afresh on every call)
        key = self.w.tobytes()
        hit = None if self._cache is None else self._cache.get("inverse_lengths")
        if hit is None or hit[0] != key:
            scale = _integer_lcm(self.w)
            if scale is None:
                hit = (key, 1.0, (1.0 / self.w).tolist())
            else:
                hit = (key, float(scale), (scale / self.w).tolist())
            if self._cache is not None:
                self._cache["inverse_lengths"] = hit
        self.length_scale = hit[1]
        return list(hit[2])

    def arcs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The ties as a symmetric CSR structure: ``indptr``, ``indices`` (sorted within
        each row) and the position of each arc in ``concatenate((w, w))`` (kept per
        structure; undirected graphs)."""
        key = ("arcs", tuple(self.nodes))
        hit = None if self._cache is None else self._cache.get(key)
        if hit is None:
            rows = np.concatenate((self.src, self.dst))
            cols = np.concatenate((self.dst, self.src))
            order = np.argsort(rows * max(self.n, 1) + cols, kind="stable")
            indptr = np.zeros(self.n + 1, dtype=np.int64)
            np.cumsum(np.bincount(rows, minlength=self.n), out=indptr[1:])
            hit = (indptr, np.ascontiguousarray(cols[order], dtype=np.int64), order)
            for a in hit:
                a.flags.writeable = False
            if self._cache is not None:
                self._cache[key] = hit
        return hit

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


def _degree_like(ctx: Context, mode: str) -> np.ndarray:
    deg = ctx.degrees(mode)
    if not ctx.normalized:
        return deg
    if ctx.n <= 1:  # networkx's convention for a single node
        return np.ones(ctx.n)
    return deg / (ctx.n - 1)


def _eigenvector(ctx: Context) -> np.ndarray:
    """Limit of power iteration on (W + I) from the all-ones vector, unit Euclidean norm.

    Per connected component the leading eigenpair (lambda_c, v_c) of the weighted
    adjacency matrix is found (igraph on the component's subgraph; closed form for
    one or two states); the limit is
    sum over components with lambda_c == max lambda of (1 . v_c) v_c, normalised.
    When no other component can reach the largest eigenvalue, one eigenpair of the
    whole graph gives the same limit (:func:`_whole_graph_perron`).
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
    membership = ctx.membership()
    strength = ctx.strengths("all")
    if ctx.src.size >= 2:  # some component may have three or more states
        whole = _whole_graph_perron(ctx, membership, strength)
        if whole is not None:
            return whole
    sizes = np.bincount(membership)
    by_comp = np.argsort(membership, kind="stable")  # each component's vertices ascending
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    lams = np.zeros(sizes.size)  # an isolate: (0, [1]) (self-loops are not ties)
    two = np.flatnonzero(sizes == 2)  # one tie of weight w: (w, [1, 1] / sqrt 2)
    lams[two] = strength[by_comp[starts[two]]]
    # A component's leading eigenvalue is at most its largest strength (row sum);
    # components whose bound is below the largest eigenvalue found so far (minus the
    # tie tolerance) cannot reach the maximum and keep a zero score: skip them,
    # most promising first. Same result as computing every component.
    bound = np.maximum.reduceat(strength[by_comp], starts)
    candidates = sorted(np.flatnonzero(sizes >= 3).tolist(), key=lambda c: -bound[c])
    big = {}
    lam_max = float(lams.max())
    for c in candidates:
        if bound[c] < _tied_below(lam_max):
            lams[c] = -np.inf  # below the maximum: never kept
            continue
        idx = by_comp[starts[c] : starts[c] + sizes[c]]
        lams[c], vec = _perron(ctx, idx)
        big[c] = (idx, vec)
        lam_max = max(lam_max, float(lams[c]))
    lam_max = float(lams.max())
    keep = lams >= _tied_below(lam_max)
    x = np.zeros(n)
    kept = keep[membership]
    x[kept & (sizes[membership] == 1)] = 1.0  # (1 . v) v with v = [1]
    x[kept & (sizes[membership] == 2)] = _TWO  # (1 . v) v with v = [1, 1] / sqrt 2
    for c, (idx, vec) in big.items():
        if keep[c]:
            x[idx] = vec.sum() * vec
    return x / np.linalg.norm(x)


def _whole_graph_perron(
    ctx: Context, membership: np.ndarray, strength: np.ndarray
) -> np.ndarray | None:
    """The eigenvector scores from one eigenpair of the whole graph, or None.

    The leading eigenvector of the whole (disconnected) adjacency lies on the
    component with the largest eigenvalue. A component's eigenvalue is at most
    its largest strength (row sum); when every state outside that component has
    a strength below the eigenvalue minus the tie tolerance, no other component
    can tie, that component alone is kept in the limit, and the scores are its
    Perron vector: what :func:`_eigenvector` gives component by component,
    without a subgraph per component. None when another component could tie or
    the top one has fewer than three states.
    """
    with igraph_seeded(0), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # igraph: "graph is disconnected"
        vec, lam = ctx.h.eigenvector_centrality(weights=ctx.w.tolist(), return_eigenvalue=True)
    vec = np.abs(np.asarray(vec, dtype=float))
    in_top = membership == membership[int(np.argmax(vec))]
    if np.count_nonzero(in_top) < 3:
        return None
    outside = strength[~in_top]
    if outside.size and outside.max() >= _tied_below(lam):
        return None
    x = np.where(in_top, vec, 0.0)
    return x / np.linalg.norm(x)


def _perron(ctx: Context, idx: np.ndarray) -> tuple[float, np.ndarray]:
    """Leading eigenvalue and unit Perron vector of the connected component `idx`."""
    if idx.size == 1:  # an isolate (self-loops are not ties)
        return 0.0, np.ones(1)
    if idx.size == 2:  # one tie of weight w: (w, [1, 1] / sqrt 2)
        return float(ctx.w[(ctx.src == idx[0]) | (ctx.src == idx[1])].sum()), np.full(2, 0.5**0.5)
    # igraph (ARPACK / internal LAPACK, single-threaded) on the component's subgraph
    sub, eids = ctx.component(idx)  # the same subgraph as h.induced_subgraph(idx)
    weights = ctx.w[eids].tolist()
    with igraph_seeded(0):  # ARPACK draws a start vector; keep global state untouched
        vec, lam = sub.eigenvector_centrality(weights=weights, return_eigenvalue=True)
    vec = np.abs(np.asarray(vec, dtype=float))
    return float(lam), vec / np.linalg.norm(vec)


def _betweenness(ctx: Context) -> np.ndarray:
    n = ctx.n
    if ctx.backend == "networkx":
        H = _nx_with_lengths(ctx)
        d = nx.betweenness_centrality(H, weight=ctx._len_attr, normalized=ctx.normalized)
        return np.array([d[v] for v in ctx.nodes], dtype=float)
    if n == 0:
        return np.zeros(0)
    lengths = ctx.lengths()
    raw = None if ctx.directed else _betweenness_compiled(ctx, lengths)
    if raw is None:
        raw = np.asarray(ctx.h.betweenness(directed=ctx.directed, weights=lengths), dtype=float)
    if ctx.normalized and n > 2:
        scale = 1.0 / ((n - 1) * (n - 2))
        raw = raw * (scale if ctx.directed else 2.0 * scale)
    return raw


def _betweenness_compiled(ctx: Context, lengths: list[float] | None) -> np.ndarray | None:
    """Unnormalised betweenness of an undirected graph by the kernel compiled at install
    (:func:`~alliancenet.measures._kernels.betweenness_twins`: one Brandes pass per class
    of twins), or None where it does not apply: kernels not compiled at install (igraph
    then, rather than waiting for numba to start), or lengths that are not whole
    numbers (or whose path sums could exceed 2**53), where exact ties are not assured
    and igraph's tolerance decides. Equal to igraph's values to rounding."""
    kernel = _aot.kernel("betweenness_twins")
    if kernel is None:
        return None
    arc = np.ones(ctx.src.size) if lengths is None else np.asarray(lengths, dtype=float)
    if arc.size and (
        not np.all(arc == np.round(arc)) or float(arc.max()) * max(ctx.n - 1, 1) >= 2.0**53
    ):
        return None
    indptr, indices, order = ctx.arcs()
    return kernel(indptr, indices, np.ascontiguousarray(np.concatenate((arc, arc))[order]))


def _closeness(ctx: Context) -> np.ndarray:
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


def _pagerank(ctx: Context) -> np.ndarray:
    if ctx.backend == "networkx":
        d = nx.pagerank(ctx.G, weight=ctx.weight, tol=1e-10, max_iter=10_000)
        return np.array([d[v] for v in ctx.nodes], dtype=float)
    if ctx.n == 0:
        return np.zeros(0)
    w = None if ctx.weight is None else ctx.w.tolist()
    return np.asarray(ctx.h.pagerank(directed=ctx.directed, damping=0.85, weights=w), dtype=float)


def _core_number(ctx: Context) -> np.ndarray:
    if ctx.backend == "networkx":
        d = nx.core_number(ctx.G)
        return np.array([d[v] for v in ctx.nodes], dtype=float)
    return np.asarray(ctx.h.coreness(mode="all"), dtype=float)


def _nx_with_lengths(ctx: Context) -> nx.Graph:
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


COMPUTE: dict[str, Callable[[Context], np.ndarray]] = {
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
