"""The similarity kernels of large years as plain Python (pure numpy, nothing else).

Private to :mod:`alliancenet.measures`. Each walks one year's portfolios as
sparse rows and writes every pair's score straight into the tidy output columns
(:class:`~alliancenet.measures._agreement_matrix.SparseS` and its subclasses say
what the arrays hold). They are the source of the compiled code and its
reference: the similarity functions run them compiled by numba (ahead of time
at install, see :mod:`alliancenet._aot`, or just in time); the results are
identical. This module imports nothing but numpy, so that the build can
compile it without the package's other dependencies.
"""

from __future__ import annotations

import numpy as np

__all__ = ["agreement_rows", "taub_rows"]


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
