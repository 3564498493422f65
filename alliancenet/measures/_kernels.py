"""The measures' compiled kernels as plain Python (pure numpy, nothing else).

Private to :mod:`alliancenet.measures`. The similarity kernels walk one year's
portfolios as sparse rows and write every pair's score straight into the tidy
output columns (:class:`~alliancenet.measures._agreement_matrix.SparseS` and its
subclasses say what the arrays hold); :func:`betweenness_twins` is the
betweenness of :func:`~alliancenet.centrality`. They are the source of the compiled code and its
reference: the similarity functions run them compiled by numba (ahead of time
at install, see :mod:`alliancenet._aot`, or just in time); the results are
identical. This module imports nothing but numpy, so that the build can
compile it without the package's other dependencies.
"""

from __future__ import annotations

import numpy as np

__all__ = ["agreement_rows", "betweenness_twins", "taub_rows"]


def agreement_rows(
    indptr: np.ndarray,
    indices: np.ndarray,
    data: np.ndarray,
    t_indptr: np.ndarray,
    t_indices: np.ndarray,
    t_data: np.ndarray,
    coef: np.ndarray,
    pair: np.ndarray,
    own_d: np.ndarray,
    md: np.ndarray,
    marg: np.ndarray,
    own_e: np.ndarray,
    pi: bool,
    floor: float,
    nodes: np.ndarray,
    ordered: bool,
    c1: np.ndarray,
    c2: np.ndarray,
    val: np.ndarray,
) -> None:
    """Fill the tidy columns with ``1 - D_ij / E_ij`` of every ordered (or unordered) pair.

    The non-zero entries come as sparse rows (``indptr``, ``indices``, ``data``:
    the level of each) and as sparse columns (``t_indptr``, ``t_indices``,
    ``t_data``; see ``_rows_and_columns`` in :mod:`alliancenet.measures._agreement_matrix`). Row by row, ``acc[j] = sum_k coef[k] pair[x_ik, x_jk]``
    over the entries k both rows store; only the touched entries of ``acc`` are
    reset, so the work is the output plus the shared entries. Then

    * ``D_ij = max(own_d[i] + own_d[j] - acc[j], 0)``;
    * ``E_ij = sum_c md[i, c] marg[j, c]``, or with `pi`
      ``(own_e[i] + own_e[j] + 2 E_ij) / 4``;
    * the score is NaN where ``E_ij <= floor``, else ``1 - D_ij / E_ij``.

    :class:`SparseS` and :class:`SparseAgreement` say what the arrays hold.
    """
    n = own_d.shape[0]
    width = md.shape[1]
    acc = np.zeros(n)
    pos = 0
    for i in range(n):
        for e in range(indptr[i], indptr[i + 1]):
            k = indices[e]
            p = data[e]
            ck = coef[k]
            for f in range(t_indptr[k], t_indptr[k + 1]):
                acc[t_indices[f]] += ck * pair[p, t_data[f]]
        first = 0 if ordered else i + 1
        for j in range(first, n):
            if j == i:
                continue
            d = own_d[i] + own_d[j] - acc[j]
            if d < 0.0:
                d = 0.0
            expected = 0.0
            for c in range(width):
                expected += md[i, c] * marg[j, c]
            if pi:
                expected = (own_e[i] + own_e[j] + 2.0 * expected) / 4.0
            val[pos] = np.nan if expected <= floor else 1.0 - d / expected
            c1[pos] = nodes[i]
            c2[pos] = nodes[j]
            pos += 1
        for e in range(indptr[i], indptr[i + 1]):
            k = indices[e]
            for f in range(t_indptr[k], t_indptr[k + 1]):
                acc[t_indices[f]] = 0.0


def taub_rows(
    indptr: np.ndarray,
    indices: np.ndarray,
    data: np.ndarray,
    t_indptr: np.ndarray,
    t_indices: np.ndarray,
    t_data: np.ndarray,
    counts: np.ndarray,
    untied: np.ndarray,
    signs: np.ndarray,
    z: int,
    nodes: np.ndarray,
    ordered: bool,
    c1: np.ndarray,
    c2: np.ndarray,
    val: np.ndarray,
) -> None:
    """Fill the tidy columns with Kendall's tau-b of every ordered (or unordered) pair.

    The non-zero entries come as sparse rows (``indptr``, ``indices``, ``data``:
    the level position of each) and sparse columns (``t_indptr``, ``t_indices``,
    ``t_data``); ``counts[i, c]`` the
    entries of row i at level c, `z` the position of the level 0 (the entries
    not stored). Row by row, ``shared[j, p, q]`` counts the entries stored in
    both rows with level p in row i and q in row j (touched entries reset
    after the row). The pair's contingency table ``N`` is `shared`, completed
    from the level counts: ``N[c, z] = counts[i, c] - sum_e shared[j, c, e]``,
    ``N[z, e] = counts[j, e] - sum_c shared[j, c, e]`` (c, e != z) and
    ``N[z, z] = counts[i, z] - sum_{e != z} N[z, e]``. With
    ``P[c, e] = sum_{d < c, f < e} N[d, f]`` (a cumulative table),

    ``n_c - n_d = sum_{c, e} N[c, e] (P[c, e] - (P[c, k] - P[c, e + 1]))``

    counts each pair of entries once (from its entry at the higher level in
    row i), and ``tau_b = (n_c - n_d) / sqrt(untied[i] untied[j])``, NaN where
    the root is not positive. Most pairs store no entry in common; their table
    has cells only in row and column z, and ``n_c - n_d = -signs[i] signs[j]``
    with ``signs[i] = sum_c counts[i, c] sgn(c - z)`` (entries above 0 minus
    entries below). All counts are whole numbers, held exactly.
    """
    n, k = counts.shape
    shared = np.zeros((n, k, k))
    table = np.zeros((k, k))
    cum = np.zeros((k + 1, k + 1))  # cum[c, e] = P[c, e]; row and column 0 stay 0
    touched = np.zeros(n, dtype=np.bool_)
    pos = 0
    for i in range(n):
        for e in range(indptr[i], indptr[i + 1]):
            col = indices[e]
            p = data[e]
            for f in range(t_indptr[col], t_indptr[col + 1]):
                shared[t_indices[f], p, t_data[f]] += 1.0
                touched[t_indices[f]] = True
        first = 0 if ordered else i + 1
        for j in range(first, n):
            if j == i:
                continue
            denom = np.sqrt(untied[i] * untied[j])
            if denom <= 0.0:
                val[pos] = np.nan
            elif not touched[j]:
                val[pos] = (0.0 - signs[i] * signs[j]) / denom
            else:
                for c in range(k):
                    for e in range(k):
                        table[c, e] = shared[j, c, e]
                table[z, z] = counts[i, z]
                for c in range(k):
                    if c != z:
                        in_i = counts[i, c]
                        in_j = counts[j, c]
                        for e in range(k):
                            in_i -= shared[j, c, e]
                            in_j -= shared[j, e, c]
                        table[c, z] = in_i
                        table[z, c] = in_j
                        table[z, z] -= in_j
                num = 0.0
                for c in range(k):
                    for e in range(k):
                        cum[c + 1, e + 1] = table[c, e] + cum[c, e + 1] + cum[c + 1, e] - cum[c, e]
                for c in range(k):
                    for e in range(k):
                        num += table[c, e] * (cum[c, e] - cum[c, k] + cum[c, e + 1])
                val[pos] = num / denom
            c1[pos] = nodes[i]
            c2[pos] = nodes[j]
            pos += 1
        for e in range(indptr[i], indptr[i + 1]):
            col = indices[e]
            p = data[e]
            for f in range(t_indptr[col], t_indptr[col + 1]):
                shared[t_indices[f], p, t_data[f]] = 0.0
                touched[t_indices[f]] = False


def betweenness_twins(indptr: np.ndarray, indices: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Shortest-path betweenness of an undirected graph, one Brandes pass per class of twins.

    The graph is the symmetric CSR structure (``indptr``, ``indices`` sorted within
    each row, no self-loops) with a positive length on each arc; lengths must be
    whole numbers (held exactly in float64), so that equal path lengths tie exactly.
    Returns, for each vertex, the sum over unordered pairs {s, t} of the share of
    shortest s-t paths through it (igraph's and networkx's unnormalised value).

    Brandes' algorithm [1]_: from each source, Dijkstra counts the shortest paths
    (``sigma``) in order of distance, then the dependencies
    ``delta(v) = sum_{w: v precedes w} sigma(v) / sigma(w) (1 + delta(w))`` are
    accumulated in reverse order. Sources are taken once per class of *twins*:
    vertices u, v whose ties to every other vertex are the same, with the same
    lengths (adjacent or not), so that swapping them maps the graph onto itself
    (alliance graphs have many: the members of one multilateral treaty). Every
    permutation of a class C of k twins is then an automorphism, so the
    dependencies of a source c in C are those of its representative r
    permuted: the k sources add ``k delta_r(x)`` to a vertex x outside C and
    ``(k - 1) delta_r(t)`` (t any other member) to each member [2]_.

    References
    ----------
    .. [1] Brandes, U. (2001). A faster algorithm for betweenness centrality.
       Journal of Mathematical Sociology 25(2), 163-177. doi:10.1080/0022250X.2001.9990249
    .. [2] Puzis, R., Zilberman, P., Elovici, Y., Dolev, S., & Brandes, U. (2015).
       Heuristics for speeding up betweenness centrality computation. Journal of
       Complex Networks 3(1), 84-112. doi:10.1093/comnet/cnu015

    Examples
    --------
    >>> # the path 0 - 1 - 2 - 3: the inner vertices lie on 2 shortest paths each
    >>> indptr = np.array([0, 1, 3, 5, 6]); indices = np.array([1, 0, 2, 1, 3, 2])
    >>> betweenness_twins(indptr, indices, np.ones(6)).tolist()
    [0.0, 2.0, 2.0, 0.0]
    """
    n = indptr.shape[0] - 1
    # --- classes of twins (union-find over verified twin pairs) ---
    parent = np.arange(n)
    for u in range(n):
        du = indptr[u + 1] - indptr[u]
        if du == 0:
            continue
        # adjacent twins: v among u's neighbours, rows equal once each other is left out
        twin = -1
        for e in range(indptr[u], indptr[u + 1]):
            v = indices[e]
            if v <= u or indptr[v + 1] - indptr[v] != du:
                continue
            a = indptr[u]
            b = indptr[v]
            same = True
            while same:
                while a < indptr[u + 1] and indices[a] == v:
                    a += 1
                while b < indptr[v + 1] and indices[b] == u:
                    b += 1
                if a == indptr[u + 1] or b == indptr[v + 1]:
                    same = a == indptr[u + 1] and b == indptr[v + 1]
                    break
                same = indices[a] == indices[b] and lengths[a] == lengths[b]
                a += 1
                b += 1
            if same:
                twin = v
                break
        # twins that are not adjacent (a class is one kind or the other): equal rows,
        # found among the neighbours of u's first neighbour
        x = indices[indptr[u]]
        for f in range(indptr[x], indptr[x + 1]):
            v = indices[f]
            if twin >= 0:
                break
            if v <= u or indptr[v + 1] - indptr[v] != du:
                continue
            same = True
            for k in range(du):
                if (
                    indices[indptr[u] + k] != indices[indptr[v] + k]
                    or lengths[indptr[u] + k] != lengths[indptr[v] + k]
                ):
                    same = False
                    break
            if same:
                twin = v
        if twin >= 0:  # union, the smaller root kept
            ru = u
            while parent[ru] != ru:
                ru = parent[ru]
            rv = twin
            while parent[rv] != rv:
                rv = parent[rv]
            if ru != rv:
                parent[max(ru, rv)] = min(ru, rv)
    root = np.empty(n, dtype=np.int64)
    size = np.zeros(n, dtype=np.int64)
    other = np.full(n, -1, dtype=np.int64)  # a member of the class other than its root
    for u in range(n):
        r = u
        while parent[r] != r:
            r = parent[r]
        root[u] = r
        size[r] += 1
        if u != r and other[r] < 0:
            other[r] = u
    # --- Brandes from each class root ---
    bc = np.zeros(n)
    dist = np.empty(n)
    sigma = np.empty(n)
    delta = np.empty(n)
    done = np.zeros(n, dtype=np.bool_)
    order = np.empty(n, dtype=np.int64)
    heap_d = np.empty(indices.shape[0] + 1)
    heap_v = np.empty(indices.shape[0] + 1, dtype=np.int64)
    for s in range(n):
        if root[s] != s or indptr[s] == indptr[s + 1]:
            continue
        for i in range(n):
            dist[i] = -1.0
            sigma[i] = 0.0
            delta[i] = 0.0
            done[i] = False
        dist[s] = 0.0
        sigma[s] = 1.0
        heap_d[0] = 0.0
        heap_v[0] = s
        size_h = 1
        count = 0
        while size_h > 0:
            d = heap_d[0]
            w = heap_v[0]
            size_h -= 1
            if size_h > 0:  # sift the last entry down from the top
                ld = heap_d[size_h]
                lv = heap_v[size_h]
                i = 0
                while True:
                    c = 2 * i + 1
                    if c >= size_h:
                        break
                    if c + 1 < size_h and heap_d[c + 1] < heap_d[c]:
                        c += 1
                    if heap_d[c] < ld:
                        heap_d[i] = heap_d[c]
                        heap_v[i] = heap_v[c]
                        i = c
                    else:
                        break
                heap_d[i] = ld
                heap_v[i] = lv
            if done[w]:
                continue
            done[w] = True
            order[count] = w
            count += 1
            for e in range(indptr[w], indptr[w + 1]):
                v = indices[e]
                nd = d + lengths[e]
                if dist[v] < 0.0 or nd < dist[v]:
                    dist[v] = nd
                    sigma[v] = sigma[w]
                    i = size_h  # sift up
                    size_h += 1
                    while i > 0:
                        p = (i - 1) // 2
                        if heap_d[p] > nd:
                            heap_d[i] = heap_d[p]
                            heap_v[i] = heap_v[p]
                            i = p
                        else:
                            break
                    heap_d[i] = nd
                    heap_v[i] = v
                elif nd == dist[v] and not done[v]:
                    sigma[v] += sigma[w]
        for j in range(count - 1, 0, -1):
            w = order[j]
            coeff = (1.0 + delta[w]) / sigma[w]
            for e in range(indptr[w], indptr[w + 1]):
                v = indices[e]
                if done[v] and dist[v] + lengths[e] == dist[w]:
                    delta[v] += sigma[v] * coeff
        k = size[s]
        t = other[s]
        for j in range(1, count):
            w = order[j]
            if root[w] != s:
                bc[w] += k * delta[w]
        if k > 1:
            share = (k - 1) * delta[t]
            for u in range(n):
                if root[u] == s:
                    bc[u] += share
    return bc / 2.0
