"""Vectorised agreement of every pair of portfolios (rows of one year's valued matrix).

Private to :mod:`alliancenet.measures`. Each core computes, for all pairs of rows
at once, the value its per-pair reference in :mod:`alliancenet.measures.agreement`
gives for one pair (the tests check both agree): S by matrix products over
cumulative level indicators, kappa and pi from weighted level indicators, tau-b
from the pairs' contingency tables.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .._obligations import parse_coding, top_value
from ..errors import ParameterError
from .agreement import (
    DISTANCES,
    KAPPA_WEIGHTS,
    as_levels,
    check_choice,
    disagreement,
    level_positions,
)

#: Valid values of the ``method`` argument of :func:`~alliancenet.similarity`.
METHODS: tuple[str, ...] = ("s", "s_chance", "kappa", "pi", "taub")


@dataclass(frozen=True)
class MatrixOptions:
    """The validated options of one similarity call."""

    method: str
    distance: str
    top: int
    levels: np.ndarray
    kappa_weights: str
    coding: str


def options(
    method: str,
    distance: str,
    coding: str,
    levels: Sequence[int] | None,
    kappa_weights: str,
    weighted: bool,
) -> MatrixOptions:
    """Validate the options of :func:`~alliancenet.similarity` once.

    Examples
    --------
    >>> options("s", "absolute", "binary", None, "linear", False).levels.tolist()
    [0, 1]
    """
    check_choice(method, METHODS, "method")
    check_choice(distance, DISTANCES, "distance")
    scale = str(parse_coding(coding, allow_none=False))
    check_choice(kappa_weights, KAPPA_WEIGHTS, "kappa_weights")
    top = top_value(scale)
    lev = np.arange(top + 1) if levels is None else as_levels(levels)
    if method == "taub" and weighted:
        raise ParameterError(
            "method='taub' takes no weights (Kendall's tau-b counts pairs of entries); "
            "drop weights or use method='s', 'kappa' or 'pi'."
        )
    return MatrixOptions(method, distance, top, lev, kappa_weights, scale)


def s_matrix(values: np.ndarray, w: np.ndarray, distance: str, dmax: float) -> np.ndarray:
    """S for every pair of rows of an integer matrix with entries 0..top.

    Absolute distances use cumulative indicators: for integers,
    ``|a - b| = sum_t |1[a > t] - 1[b > t]|`` and, for 0/1 indicators,
    ``|c - d| = c + d - 2cd``, so the weighted distances of all pairs are
    ``sum_t r_t[i] + r_t[j] - 2 (C_t W C_t')[i, j]`` -- matrix products.
    Squared distances: ``(a - b)^2 = a^2 + b^2 - 2ab``.
    """
    n = values.shape[0]
    total = w.sum()
    if n == 0:
        return np.zeros((0, 0))
    if total <= 0:
        return np.full((n, n), np.nan)
    if distance == "absolute":
        top = max(int(values.max()), 1)
        # stack the indicators 1[x > t], t = 0..top-1, side by side: one product
        c = np.concatenate([values > t for t in range(top)], axis=1).astype(float)
        cw = c * np.tile(w, top)
        r = cw.sum(axis=1)
        dist = r[:, None] + r[None, :] - 2.0 * (cw @ c.T)
        scale = dmax
    else:
        v = values.astype(float)
        vw = v * w
        q = (vw * v).sum(axis=1)
        dist = q[:, None] + q[None, :] - 2.0 * (vw @ v.T)
        scale = dmax**2
    np.maximum(dist, 0.0, out=dist)
    out = 1.0 - 2.0 * dist / (scale * total)
    np.fill_diagonal(out, 1.0)
    return out


def _onehot(positions: np.ndarray, k: int) -> np.ndarray:
    """(k, n, n) float indicators: ``[c, i, j] = 1[positions[i, j] == c]``."""
    return (positions[None, :, :] == np.arange(k)[:, None, None]).astype(float)


def agreement_matrix(
    positions: np.ndarray, w: np.ndarray, k: int, method: str, kappa_weights: str
) -> np.ndarray:
    """Cohen's kappa or Scott's pi for every pair of rows (level positions 0..k-1)."""
    n = positions.shape[0]
    if n == 0:
        return np.zeros((0, 0))
    total = w.sum()
    if total <= 0:
        return np.full((n, n), np.nan)
    delta = disagreement(k, kappa_weights)
    onehot = _onehot(positions, k)  # (k, n, n): level c, state i, entry k
    weighted = onehot * (w / total)
    # observed disagreement: sum_c (O_c W) (sum_d delta_cd O_d)'
    mixed = np.tensordot(delta, onehot, axes=(1, 0))  # (k, n, n)
    observed = np.einsum("cik,cjk->ij", weighted, mixed, optimize=True)
    marg = weighted.sum(axis=2).T  # (n, k): weighted proportion of each level per state
    cross = marg @ delta @ marg.T
    if method == "kappa":
        expected = cross
    else:
        own = np.diag(cross)
        expected = (own[:, None] + own[None, :] + 2.0 * cross) / 4.0
    with np.errstate(divide="ignore", invalid="ignore"):
        out = 1.0 - observed / expected
    out[expected <= 1e-12] = np.nan
    return out


def taub_matrix(positions: np.ndarray, k: int) -> np.ndarray:
    """Kendall's tau-b for every pair of rows, from the pairs' k x k contingency tables."""
    n = positions.shape[0]
    if n == 0:
        return np.zeros((0, 0))
    onehot = _onehot(positions, k)
    flat = onehot.reshape(k * n, n)
    table = (flat @ flat.T).reshape(k, n, k, n).transpose(1, 3, 0, 2)  # (i, j, c, e)
    sgn = np.sign(np.arange(k)[:, None] - np.arange(k)[None, :]).astype(float)
    # n_c - n_d = 1/2 sum_{c,d,e,f} sgn(c-d) sgn(e-f) N_ce N_df
    mixed = np.einsum("cd,ijde,ef->ijcf", sgn, table, sgn.T, optimize=True)
    num = 0.5 * np.einsum("ijce,ijce->ij", table, mixed)
    counts = onehot.sum(axis=2).T  # (n, k)
    m = positions.shape[1]
    untied = (m * m - (counts**2).sum(axis=1)) / 2.0  # pairs not tied within each portfolio
    denom = np.sqrt(untied[:, None] * untied[None, :])
    with np.errstate(divide="ignore", invalid="ignore"):
        out = num / denom
    out[denom <= 0] = np.nan
    return out


def measure_matrix(values: np.ndarray, w: np.ndarray | None, opts: MatrixOptions) -> np.ndarray:
    """Dispatch one year's valued matrix to the vectorised core of ``opts.method``."""
    n = values.shape[0]
    if w is None:
        w = np.ones(n)
    if opts.method == "s":
        return s_matrix(values, w, opts.distance, opts.top)
    if opts.method == "s_chance":
        kw = "linear" if opts.distance == "absolute" else "quadratic"
        return agreement_matrix(values, w, opts.top + 1, "kappa", kw)
    levels = opts.levels
    positions = level_positions(values.ravel(), levels, "the valued matrix").reshape(values.shape)
    if opts.method == "taub":
        return taub_matrix(positions, levels.size)
    return agreement_matrix(positions, w, levels.size, opts.method, opts.kappa_weights)


# --------------------------------------------------------------------------- #
# Row blocks: S of large years from sparse portfolios, without an n x n product
# --------------------------------------------------------------------------- #
#: Up to this many states a year's matrix is computed whole with the dense
#: products above (a few MB); larger years use :class:`SparseS` for S.
DENSE_MAX = 1000
#: Target size in bytes of one block of rows (float64) handed to the tidy table.
BLOCK_BYTES = 2**26


def block_rows(n: int) -> int:
    """Rows per block so that a block of ``rows x n`` float64 stays near BLOCK_BYTES."""
    return max(1, BLOCK_BYTES // (8 * max(n, 1)))


class DenseBlocks:
    """A whole matrix computed at once (small years, and methods other than S)."""

    def __init__(self, mat: np.ndarray) -> None:
        self.n = mat.shape[0]
        self._mat = mat

    def block(self, i0: int, i1: int) -> np.ndarray:
        return self._mat[i0:i1]


def _s_rows_python(
    indptr: np.ndarray,
    indices: np.ndarray,
    data: np.ndarray,
    t_indptr: np.ndarray,
    t_indices: np.ndarray,
    t_data: np.ndarray,
    w: np.ndarray,
    r: np.ndarray,
    squared: bool,
    scale_total: float,
    nodes: np.ndarray,
    ordered: bool,
    c1: np.ndarray,
    c2: np.ndarray,
    val: np.ndarray,
) -> None:
    """Fill the tidy columns with S of every ordered (or unordered) pair, row by row.

    ``acc[j] = sum_k w_k f(x_ik, x_jk)`` (f = min, or the product when `squared`)
    over the entries both portfolios hold; then
    ``S_ij = 1 - 2 max(r_i + r_j - 2 acc[j], 0) / (dmax sum_k w_k)``, the
    expression of :func:`s_matrix` term for term. Only touched entries of ``acc``
    are reset, so the work is the output plus the shared entries.
    """
    n = r.shape[0]
    acc = np.zeros(n)
    pos = 0
    for i in range(n):
        for e in range(indptr[i], indptr[i + 1]):
            k = indices[e]
            a = data[e]
            wk = w[k]
            for f in range(t_indptr[k], t_indptr[k + 1]):
                b = t_data[f]
                if squared:
                    acc[t_indices[f]] += wk * (a * b)
                else:
                    acc[t_indices[f]] += wk * min(a, b)
        first = 0 if ordered else i + 1
        for j in range(first, n):
            if j == i:
                continue
            d = r[i] + r[j] - 2.0 * acc[j]
            if d < 0.0:
                d = 0.0
            val[pos] = 1.0 - 2.0 * d / scale_total
            c1[pos] = nodes[i]
            c2[pos] = nodes[j]
            pos += 1
        for e in range(indptr[i], indptr[i + 1]):
            k = indices[e]
            for f in range(t_indptr[k], t_indptr[k + 1]):
                acc[t_indices[f]] = 0.0


_s_rows_kernel: Callable[..., None] | None = None


def _s_rows() -> Callable[..., None]:
    """The compiled :func:`_s_rows_python` (numba, imported on first use), or the Python one."""
    global _s_rows_kernel
    if _s_rows_kernel is None:
        try:
            import numba
        except ImportError:  # pragma: no cover - numba is a dependency
            _s_rows_kernel = _s_rows_python
        else:
            try:
                _s_rows_kernel = numba.njit(cache=True, nogil=True)(_s_rows_python)
            except RuntimeError as err:  # no writable cache location: compile in memory
                if "cannot cache" not in str(err):  # pragma: no cover
                    raise
                _s_rows_kernel = numba.njit(cache=False, nogil=True)(_s_rows_python)
    return _s_rows_kernel


class SparseS:
    """Signorino-Ritter S of every pair, written straight into the tidy columns.

    For non-negative integers ``|a - b| = a + b - 2 min(a, b)`` and
    ``(a - b)^2 = a^2 + b^2 - 2ab``, so the weighted distance of a pair is
    ``r_i + r_j - 2 sum_k w_k f(x_ik, x_jk)`` with f = min (absolute) or the
    product (squared); the sum runs over the entries both portfolios hold, read
    from the portfolios as sparse rows. Memory: the rows (a few entries per
    state) and the output; no N x N intermediate. Same formula as
    :func:`s_matrix` (equal values; exactly equal for integer weights).
    """

    def __init__(self, values: np.ndarray, w: np.ndarray, distance: str, dmax: float) -> None:
        self.n = n = values.shape[0]
        rows, cols = np.nonzero(values)
        data = values[rows, cols].astype(np.float64)
        self._indptr = np.concatenate(([0], np.cumsum(np.bincount(rows, minlength=n))))
        self._indices, self._data = cols.astype(np.int64), data
        order = np.argsort(cols, kind="stable")
        self._t_indptr = np.concatenate(([0], np.cumsum(np.bincount(cols, minlength=n))))
        self._t_indices, self._t_data = rows[order].astype(np.int64), data[order]
        self._w = np.ascontiguousarray(w, dtype=np.float64)
        self._squared = distance != "absolute"
        wk = self._w[cols]
        own = wk * (data * data if self._squared else data)
        self._r = np.bincount(rows, weights=own, minlength=n).astype(np.float64)
        self._total = float(self._w.sum())
        self._scale = float(dmax**2 if self._squared else dmax)

    def fill(
        self, nodes: np.ndarray, ordered: bool, c1: np.ndarray, c2: np.ndarray, val: np.ndarray
    ) -> None:
        """Write ccode1, ccode2 and S of every pair (row-major, diagonal left out)."""
        if self._total <= 0:
            val[:] = np.nan
            i, j = (
                np.nonzero(~np.eye(self.n, dtype=bool)) if ordered else np.triu_indices(self.n, 1)
            )
            c1[:], c2[:] = nodes[i], nodes[j]
            return
        _s_rows()(
            self._indptr,
            self._indices,
            self._data,
            self._t_indptr,
            self._t_indices,
            self._t_data,
            self._w,
            self._r,
            self._squared,
            self._scale * self._total,
            np.ascontiguousarray(nodes, dtype=np.int64),
            ordered,
            c1,
            c2,
            val,
        )

    def matrix(self) -> np.ndarray:
        """The full n x n matrix (for ``matrix=True``), from the same kernel."""
        n = self.n
        c1 = np.empty(n * (n - 1), dtype=np.int64)
        vals = np.empty(n * (n - 1))
        self.fill(np.arange(n), True, c1, c1, vals)
        del c1
        full = np.ones((n, n))
        full[~np.eye(n, dtype=bool)] = vals
        return full


def measure_blocks(
    values: np.ndarray, w: np.ndarray | None, opts: MatrixOptions
) -> DenseBlocks | SparseS:
    """One year's scores as blocks of rows: S of large years sparse, the rest dense."""
    n = values.shape[0]
    if opts.method == "s" and n > DENSE_MAX:
        return SparseS(values, np.ones(n) if w is None else w, opts.distance, opts.top)
    return DenseBlocks(measure_matrix(values, w, opts))
