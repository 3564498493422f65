"""The robustness and defection kernels as plain Python (pure numpy, nothing else).

Private to :mod:`alliancenet.robustness`. These functions are the source of the
compiled code and its reference: :mod:`alliancenet.robustness._engine` runs them
compiled by numba (ahead of time at install, see :mod:`alliancenet._aot`, or just
in time), or as they are where neither is available; the results are identical.
This module imports nothing but numpy, so that the build can compile it
without the package's other dependencies.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "clique_cover_python",
    "column_summary_python",
    "components_python",
    "percolate_cliques_python",
    "percolate_python",
]


def percolate_python(
    indptr: np.ndarray, indices: np.ndarray, orders: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Robustness curves of many removal orders (pure-Python reference kernel).

    Parameters
    ----------
    indptr, indices : numpy.ndarray of int64
        Symmetric CSR adjacency of a graph with ``N = len(indptr) - 1`` nodes
        (from :func:`alliancenet._graphs.graph_to_csr`).
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
    :func:`~alliancenet.robustness._engine.percolate` runs this very function
    compiled by numba; the two give identical results.

    Examples
    --------
    >>> import numpy as np, networkx as nx
    >>> from alliancenet._graphs import graph_to_csr
    >>> _, indptr, indices = graph_to_csr(nx.star_graph(3))  # hub 0, leaves 1-3
    >>> lcc, ncomp, cov = percolate_python(indptr, indices, np.array([[0, 1, 2, 3]]))
    >>> lcc.tolist(), ncomp.tolist(), cov.tolist()
    ([[4, 1, 1, 1, 0]], [[1, 3, 2, 1, 0]], [[4, 0, 0, 0, 0]])
    """
    n_orders = orders.shape[0]
    n = indptr.shape[0] - 1
    lcc = np.empty((n_orders, n + 1), dtype=np.int64)
    ncomp = np.empty((n_orders, n + 1), dtype=np.int64)
    covered = np.empty((n_orders, n + 1), dtype=np.int64)
    parent = np.empty(n, dtype=np.int64)  # -1: not yet added back
    size = np.empty(n, dtype=np.int64)
    has_neighbour = np.empty(n, dtype=np.bool_)
    for r in range(n_orders):
        for i in range(n):
            parent[i] = -1
            size[i] = 1
            has_neighbour[i] = False
        biggest = 0
        comps = 0
        cov = 0
        lcc[r, n] = 0
        ncomp[r, n] = 0
        covered[r, n] = 0
        for j in range(n):
            v = orders[r, n - 1 - j]
            rv = v  # root of v's component (v starts as a singleton)
            parent[v] = v
            comps += 1
            if biggest < 1:
                biggest = 1
            linked = False
            for e in range(indptr[v], indptr[v + 1]):
                u = indices[e]
                if parent[u] < 0:
                    continue
                linked = True
                if not has_neighbour[u]:
                    has_neighbour[u] = True
                    cov += 1
                # root of u, with path halving
                ru = u
                while parent[ru] != ru:
                    parent[ru] = parent[parent[ru]]
                    ru = parent[ru]
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
            if linked:
                has_neighbour[v] = True
                cov += 1
            k = n - 1 - j
            lcc[r, k] = biggest
            ncomp[r, k] = comps
            covered[r, k] = cov
    return lcc, ncomp, covered


def column_summary_python(values: np.ndarray, qs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
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


def components_python(
    alive: np.ndarray, src: np.ndarray, dst: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray]:
    """Largest component and number of components with >= 2 nodes, per row of `alive`.

    Parameters
    ----------
    alive : numpy.ndarray of bool, shape (R, P)
        Row ``r`` marks which of the ``P`` ties ``src[k]–dst[k]`` are kept.
    src, dst : numpy.ndarray of int64, shape (P,)
        Tie endpoints as node positions ``0..n-1``.
    n : int
        Number of nodes.

    Returns
    -------
    lcc, blocs : numpy.ndarray of int64, shape (R,)
        Size of the largest connected component (isolated nodes count as
        components of size 1) and number of components with at least two nodes.

    Notes
    -----
    Union–find with path halving and union by size.
    :func:`~alliancenet.robustness._engine.components` runs this very function
    compiled by numba (identical results).

    Examples
    --------
    >>> import numpy as np
    >>> src, dst = np.array([0, 1, 3]), np.array([1, 2, 4])
    >>> lcc, blocs = components_python(np.array([[True, True, True], [True, False, True]]), src, dst, 5)
    >>> lcc.tolist(), blocs.tolist()
    ([3, 2], [2, 2])
    """
    n_rows, n_prom = alive.shape
    lcc = np.zeros(n_rows, np.int64)
    blocs = np.zeros(n_rows, np.int64)
    parent = np.empty(n, np.int64)
    size = np.empty(n, np.int64)
    for b in range(n_rows):
        for i in range(n):
            parent[i] = i
            size[i] = 1
        for k in range(n_prom):
            if alive[b, k]:
                ru = src[k]
                while parent[ru] != ru:
                    parent[ru] = parent[parent[ru]]
                    ru = parent[ru]
                rv = dst[k]
                while parent[rv] != rv:
                    parent[rv] = parent[parent[rv]]
                    rv = parent[rv]
                if ru != rv:
                    if size[ru] < size[rv]:
                        ru, rv = rv, ru
                    parent[rv] = ru
                    size[ru] += size[rv]
        best = 0
        count = 0
        for i in range(n):
            if parent[i] == i:
                if size[i] > best:
                    best = size[i]
                if size[i] >= 2:
                    count += 1
        lcc[b] = best
        blocs[b] = count
    return lcc, blocs


def clique_cover_python(
    indptr: np.ndarray, indices: np.ndarray, limit: int
) -> tuple[np.ndarray, np.ndarray]:
    """Cliques that together hold every tie (greedy), as CSR: ``starts``, ``members``.

    Clique ``t`` is ``members[starts[t]:starts[t + 1]]``. For each tie not yet in
    a clique, in CSR order, a clique is grown from its two ends by adding, in
    ascending order, every neighbour of the first end that is tied to all members
    so far; its ties are then marked. Alliance graphs are unions of cliques (the
    members of each treaty), which this finds: the states' memberships in the
    cliques are far fewer than the ties (ATOP: 14 %), and
    :func:`percolate_cliques_python` walks memberships instead of ties.
    `indptr`, `indices`: symmetric CSR, indices sorted within rows, no self-loops.
    The search stops, returning no clique, once the memberships would exceed
    `limit` (the cover would not pay off).

    Examples
    --------
    >>> # a triangle 0-1-2 and a tie 2-3
    >>> indptr = np.array([0, 2, 4, 7, 8]); indices = np.array([1, 2, 0, 2, 0, 1, 3, 2])
    >>> starts, members = clique_cover_python(indptr, indices, 100)
    >>> starts.tolist(), members.tolist()
    ([0, 3, 5], [0, 1, 2, 2, 3])
    >>> [a.tolist() for a in clique_cover_python(indptr, indices, 4)]  # too many
    [[0], []]
    """
    n = indptr.shape[0] - 1
    covered = np.zeros(indices.shape[0], dtype=np.bool_)
    members = np.empty(max(indices.shape[0], 1), dtype=np.int64)
    starts = np.zeros(indices.shape[0] // 2 + 2, dtype=np.int64)
    clique = np.empty(n, dtype=np.int64)
    used = 0
    n_cliques = 0
    for u in range(n):
        for e in range(indptr[u], indptr[u + 1]):
            v = indices[e]
            if v <= u or covered[e]:
                continue
            clique[0] = u
            clique[1] = v
            k = 2
            for f in range(indptr[u], indptr[u + 1]):
                w = indices[f]
                if w == v:
                    continue
                tied = True
                for i in range(1, k):  # w is u's neighbour; is it tied to the others?
                    a = clique[i]
                    lo = indptr[a]
                    hi = indptr[a + 1]
                    while lo < hi:
                        mid = (lo + hi) // 2
                        if indices[mid] < w:
                            lo = mid + 1
                        else:
                            hi = mid
                    if lo == indptr[a + 1] or indices[lo] != w:
                        tied = False
                        break
                if tied:
                    clique[k] = w
                    k += 1
            for i in range(k):  # mark the clique's ties (both arcs)
                a = clique[i]
                for j in range(k):
                    b = clique[j]
                    if j == i:
                        continue
                    lo = indptr[a]
                    hi = indptr[a + 1]
                    while lo < hi:
                        mid = (lo + hi) // 2
                        if indices[mid] < b:
                            lo = mid + 1
                        else:
                            hi = mid
                    covered[lo] = True
            if used + k > limit:  # more memberships than worth walking: give up
                return starts[:1].copy(), members[:0].copy()
            if used + k > members.shape[0]:  # grow the members array
                bigger = np.empty(2 * members.shape[0] + k, dtype=np.int64)
                bigger[:used] = members[:used]
                members = bigger
            for i in range(k):
                members[used + i] = clique[i]
            used += k
            n_cliques += 1
            starts[n_cliques] = used
    return starts[: n_cliques + 1].copy(), members[:used].copy()


def percolate_cliques_python(
    s_indptr: np.ndarray, s_cliques: np.ndarray, n_cliques: int, orders: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`percolate_python` from the states' cliques instead of their ties.

    ``s_cliques[s_indptr[v]:s_indptr[v + 1]]`` are the cliques of state v (a cover
    of the graph's ties by cliques, :func:`clique_cover_python`). Present states
    of one clique are tied to each other, and every tie lies in a clique, so the
    components of the present states are those of the graph's remaining ties:
    each clique joins the union-find as one more element, attached to its first
    present member, and a state added back is merged with the component of each
    of its cliques that has a present member. A state has a present neighbour
    when one of its cliques has another present member (the clique's count of
    present members says when, and its lone member gains one when the second
    arrives). Same results as :func:`percolate_python`, exactly; the work is the
    memberships instead of the ties.

    Examples
    --------
    >>> # the triangle 0-1-2 with a tie 2-3, as cliques {0, 1, 2} and {2, 3}
    >>> s_indptr = np.array([0, 1, 2, 4, 5]); s_cliques = np.array([0, 0, 0, 1, 1])
    >>> lcc, ncomp, cov = percolate_cliques_python(s_indptr, s_cliques, 2, np.array([[2, 0, 1, 3]]))
    >>> lcc.tolist(), ncomp.tolist(), cov.tolist()
    ([[4, 2, 1, 1, 0]], [[1, 2, 2, 1, 0]], [[4, 2, 0, 0, 0]])
    """
    n_orders = orders.shape[0]
    n = s_indptr.shape[0] - 1
    lcc = np.empty((n_orders, n + 1), dtype=np.int64)
    ncomp = np.empty((n_orders, n + 1), dtype=np.int64)
    covered = np.empty((n_orders, n + 1), dtype=np.int64)
    parent = np.empty(n + n_cliques, dtype=np.int64)  # states, then cliques
    size = np.empty(n, dtype=np.int64)  # states in a component (at its root, a state)
    count = np.empty(n_cliques, dtype=np.int64)  # present members of each clique
    lone = np.empty(n_cliques, dtype=np.int64)  # its member, while it has exactly one
    has_neighbour = np.empty(n, dtype=np.bool_)
    for r in range(n_orders):
        for i in range(n):
            has_neighbour[i] = False
        for t in range(n_cliques):
            count[t] = 0
        biggest = 0
        comps = 0
        cov = 0
        lcc[r, n] = 0
        ncomp[r, n] = 0
        covered[r, n] = 0
        for j in range(n):
            v = orders[r, n - 1 - j]
            rv = v  # root of v's component
            parent[v] = v
            size[v] = 1
            comps += 1
            if biggest < 1:
                biggest = 1
            linked = False
            for e in range(s_indptr[v], s_indptr[v + 1]):
                t = s_cliques[e]
                c = count[t]
                count[t] = c + 1
                if c == 0:  # v is the clique's first present member: attach the clique
                    parent[n + t] = v
                    lone[t] = v
                    continue
                linked = True
                if c == 1:
                    w = lone[t]
                    if not has_neighbour[w]:
                        has_neighbour[w] = True
                        cov += 1
                # root of the clique's component, with path halving (roots are states)
                ru = n + t
                while parent[ru] != ru:
                    parent[ru] = parent[parent[ru]]
                    ru = parent[ru]
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
            if linked:
                has_neighbour[v] = True
                cov += 1
            k = n - 1 - j
            lcc[r, k] = biggest
            ncomp[r, k] = comps
            covered[r, k] = cov
    return lcc, ncomp, covered
