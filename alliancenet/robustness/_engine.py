"""Newman–Ziff percolation engine behind the robustness curves (private).

The public functions in :mod:`alliancenet.robustness.curves` (and the other
robustness modules, which may call this engine) describe *what* is computed; this
module computes it fast.

How it works
------------
A removal order ``order[0], order[1], ..., order[N-1]`` (node positions
``0..N-1``) is replayed **backwards**: starting from the empty graph, the nodes
are added back in reverse removal order and merged with their already present
neighbours by union–find (path compression + union by size). After ``j``
additions the present nodes are exactly ``order[N-j:]``, i.e. the graph left
after removing the first ``k = N - j`` nodes, so one pass of ``O(N + M α(N))``
gives the whole curve (Newman & Ziff 2001). Three quantities are tracked
incrementally:

* the size of the largest component (components only grow while adding, so a
  running maximum suffices);
* the number of components (+1 per added node, −1 per successful union);
* coverage, the number of present nodes with at least one present neighbour: when
  node ``v`` is added, every present neighbour that had no present neighbour
  becomes covered, and ``v`` is covered if it has any present neighbour.

The graph is given as CSR arrays (``indptr``, ``indices``) of a symmetric
adjacency structure, built once per graph by :func:`graph_to_csr`. Many orders
are processed in one compiled call (``orders`` is a 2-D array, one row per
order). The kernel is compiled with numba when it is installed; otherwise the
identical pure-Python function runs (same code, same results, slower).

References
----------
Newman, M. E. J., and R. M. Ziff. 2001. "Fast Monte Carlo algorithm for site or
bond percolation." *Physical Review E* 64: 016706. doi:10.1103/PhysRevE.64.016706
"""

from __future__ import annotations

import networkx as nx
import numpy as np

try:  # numba is a declared dependency, but the engine must work without it
    import numba
except ImportError:  # pragma: no cover - exercised only where numba is missing
    numba = None

__all__ = [
    "HAVE_NUMBA",
    "column_summary",
    "graph_to_csr",
    "percolate",
    "percolate_python",
    "random_orders",
    "to_undirected_simple",
]

HAVE_NUMBA = numba is not None


def graph_to_csr(G, nodes=None, weight=None):
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
        nodes = list(G.nodes)
        try:
            nodes = sorted(nodes)
        except TypeError:
            pass
    else:
        nodes = list(nodes)
    n = len(nodes)
    m = max(n, 1)
    pos = {v: i for i, v in enumerate(nodes)}
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


def percolate_python(indptr, indices, orders):
    """Robustness curves of many removal orders (pure-Python reference kernel).

    Parameters
    ----------
    indptr, indices : numpy.ndarray of int64
        Symmetric CSR adjacency of a graph with ``N = len(indptr) - 1`` nodes
        (from :func:`graph_to_csr`).
    orders : numpy.ndarray of int64, shape (R, N)
        Each row a permutation of ``0..N-1``: the positions in removal order.

    Returns
    -------
    lcc, n_components, covered : numpy.ndarray of int64, shape (R, N + 1)
        Column ``k`` describes the graph after the first ``k`` removals of that
        row's order: size of the largest connected component, number of
        connected components (isolated nodes count), and number of remaining
        nodes with at least one remaining neighbour. Column 0 is the intact
        graph, column ``N`` the empty one (all zeros).

    Notes
    -----
    :func:`percolate` is this very function compiled by numba; the two give
    identical results.

    Examples
    --------
    >>> import numpy as np, networkx as nx
    >>> _, indptr, indices = graph_to_csr(nx.star_graph(3))  # hub 0, leaves 1-3
    >>> lcc, ncomp, cov = percolate_python(indptr, indices, np.array([[0, 1, 2, 3]]))
    >>> lcc.tolist(), ncomp.tolist(), cov.tolist()
    ([[4, 1, 1, 1, 0]], [[1, 3, 2, 1, 0]], [[4, 0, 0, 0, 0]])
    """
    n_orders = orders.shape[0]
    n = indptr.shape[0] - 1
    lcc = np.zeros((n_orders, n + 1), dtype=np.int64)
    ncomp = np.zeros((n_orders, n + 1), dtype=np.int64)
    covered = np.zeros((n_orders, n + 1), dtype=np.int64)
    parent = np.zeros(n, dtype=np.int64)
    size = np.zeros(n, dtype=np.int64)
    present_deg = np.zeros(n, dtype=np.int64)
    present = np.zeros(n, dtype=np.bool_)
    for r in range(n_orders):
        for i in range(n):
            parent[i] = i
            size[i] = 1
            present_deg[i] = 0
            present[i] = False
        biggest = 0
        comps = 0
        cov = 0
        for j in range(n):
            v = orders[r, n - 1 - j]
            rv = v  # root of v's component (v starts as a singleton)
            present[v] = True
            comps += 1
            if biggest < 1:
                biggest = 1
            for e in range(indptr[v], indptr[v + 1]):
                u = indices[e]
                if not present[u]:
                    continue
                if present_deg[u] == 0:
                    cov += 1
                present_deg[u] += 1
                present_deg[v] += 1
                # root of u, with path compression
                ru = u
                while parent[ru] != ru:
                    ru = parent[ru]
                while parent[u] != ru:
                    nxt = parent[u]
                    parent[u] = ru
                    u = nxt
                if ru != rv:
                    # union by size; rv stays the root of v's component
                    if size[ru] < size[rv]:
                        parent[ru] = rv
                        size[rv] += size[ru]
                    else:
                        parent[rv] = ru
                        size[ru] += size[rv]
                        rv = ru
                    comps -= 1
                    if size[rv] > biggest:
                        biggest = size[rv]
            if present_deg[v] > 0:
                cov += 1
            k = n - 1 - j
            lcc[r, k] = biggest
            ncomp[r, k] = comps
            covered[r, k] = cov
    return lcc, ncomp, covered


if HAVE_NUMBA:
    _percolate_numba = numba.njit(cache=True, nogil=True)(percolate_python)
else:  # pragma: no cover
    _percolate_numba = None


def percolate(indptr, indices, orders):
    """Robustness curves of many removal orders in one compiled call.

    Same parameters, returns and results as :func:`percolate_python`; runs the
    numba-compiled kernel when numba is installed, the pure-Python one otherwise.
    Inputs are converted to contiguous int64 arrays; a 1-D `orders` is one order.

    Examples
    --------
    >>> import numpy as np, networkx as nx
    >>> _, indptr, indices = graph_to_csr(nx.complete_graph(4))
    >>> lcc, _, _ = percolate(indptr, indices, np.array([0, 1, 2, 3]))
    >>> lcc.tolist()
    [[4, 3, 2, 1, 0]]
    """
    indptr = np.ascontiguousarray(indptr, dtype=np.int64)
    indices = np.ascontiguousarray(indices, dtype=np.int64)
    orders = np.ascontiguousarray(np.atleast_2d(orders), dtype=np.int64)
    n = indptr.shape[0] - 1
    if orders.shape[1] != n:
        raise ValueError(f"orders must have {n} columns (one per node); got {orders.shape[1]}")
    if HAVE_NUMBA:
        return _percolate_numba(indptr, indices, orders)
    return percolate_python(indptr, indices, orders)  # pragma: no cover


def _column_summary_python(values, qs):
    """Mean and quantiles of every column of a small non-negative integer array."""
    n_rows, n_cols = values.shape
    n_q = qs.shape[0]
    mean = np.zeros(n_cols, dtype=np.float64)
    quant = np.zeros((n_q, n_cols), dtype=np.float64)
    top = 0
    for r in range(n_rows):
        for c in range(n_cols):
            if values[r, c] > top:
                top = values[r, c]
    counts = np.zeros(top + 2, dtype=np.int64)
    for c in range(n_cols):
        for k in range(top + 2):
            counts[k] = 0
        total = 0
        for r in range(n_rows):
            counts[values[r, c]] += 1
            total += values[r, c]
        mean[c] = total / n_rows
        for i in range(n_q):
            h = (n_rows - 1) * qs[i]
            lo = int(np.floor(h))
            hi = min(lo + 1, n_rows - 1)
            t = h - lo
            # order statistics number lo and hi (0-based) from the cumulative counts
            a = -1
            b = -1
            seen = 0
            for k in range(top + 2):
                seen += counts[k]
                if a < 0 and seen > lo:
                    a = k
                if seen > hi:
                    b = k
                    break
            diff = b - a
            # numpy's linear interpolation (method="linear"), term for term
            if t >= 0.5:
                quant[i, c] = b - diff * (1 - t)
            else:
                quant[i, c] = a + diff * t
    return mean, quant


if HAVE_NUMBA:
    _column_summary_numba = numba.njit(cache=True, nogil=True)(_column_summary_python)


def column_summary(values, quantiles):
    """Column means and quantiles of an array of counts (one row per order).

    Parameters
    ----------
    values : numpy.ndarray of int, shape (R, C)
        Non-negative integers, e.g. the ``lcc`` output of :func:`percolate`.
    quantiles : sequence of float in [0, 1]

    Returns
    -------
    mean : numpy.ndarray, shape (C,)
    quant : numpy.ndarray, shape (len(quantiles), C)
        As ``values.mean(axis=0)`` and ``np.quantile(values, quantiles, axis=0)``
        (linear interpolation). With numba a counting pass computes them in
        ``O(R C)``; without it numpy does.

    Examples
    --------
    >>> import numpy as np
    >>> mean, q = column_summary(np.array([[0, 5], [2, 5], [4, 6]]), [0.5, 0.25])
    >>> mean.tolist(), q.tolist()
    ([2.0, 5.333333333333333], [[2.0, 5.0], [1.0, 5.0]])
    """
    values = np.ascontiguousarray(values, dtype=np.int64)
    qs = np.ascontiguousarray(np.atleast_1d(quantiles), dtype=np.float64)
    if HAVE_NUMBA:
        return _column_summary_numba(values, qs)
    return values.mean(axis=0), np.quantile(values, qs, axis=0)  # pragma: no cover


def random_orders(n, n_orders, rng):
    """Return `n_orders` uniformly random permutations of ``0..n-1`` (one per row).

    Parameters
    ----------
    n, n_orders : int
    rng : numpy.random.Generator
        Consumed by one call to :meth:`~numpy.random.Generator.permuted`, so the
        same generator state gives the same orders.

    Examples
    --------
    >>> import numpy as np
    >>> o = random_orders(4, 2, np.random.default_rng(0))
    >>> o.shape, sorted(o[0].tolist())
    ((2, 4), [0, 1, 2, 3])
    """
    base = np.broadcast_to(np.arange(n, dtype=np.int64), (int(n_orders), int(n)))
    return rng.permuted(base, axis=1)


def to_undirected_simple(G):
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
