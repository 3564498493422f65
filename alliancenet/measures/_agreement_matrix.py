"""Vectorised agreement of every pair of portfolios (rows of one year's valued matrix).

Private to :mod:`alliancenet.measures`. Each core computes, for all pairs of rows
at once, the value its per-pair reference in :mod:`alliancenet.measures.agreement`
gives for one pair (the tests check both agree): S by matrix products over
cumulative level indicators, kappa and pi from weighted level indicators, tau-b
from the pairs' contingency tables.

Years of more than :data:`DENSE_MAX` states are scored without any n x n
intermediate (the dense cores hold (K, n, n) indicator arrays: tens of GB at
20,000 states). Most entries of a portfolio are 0 (no tie), so every score of a
pair is a per-row term plus a sum over the entries both rows hold: a compiled
kernel walks the rows as sparse rows, accumulates those shared sums for one row
against all others, and writes the pair's score straight into the tidy output
columns (:class:`SparseS` for S, :class:`SparseAgreement` for kappa, pi and
chance-corrected S, :class:`SparseTaub` for tau-b; the tests check them against
the dense cores). Memory: the output, the stored entries and O(n K^2); time:
the output plus the shared entries. The kernels are compiled at install
(:mod:`alliancenet._aot`); where they were not, years of up to
:data:`COMPILED_MIN` states get the same shared sums of S, kappa and pi from
``scipy.sparse`` products, a block of rows at a time, so a first call does not
wait for numba to start.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import _aot
from .._obligations import parse_coding, top_value
from ..errors import ParameterError
from ._kernels import agreement_rows, taub_rows
from .agreement import (
    DISTANCES,
    KAPPA_WEIGHTS,
    as_levels,
    check_choice,
    disagreement,
    level_positions,
)

if TYPE_CHECKING:
    from scipy import sparse

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
# Row blocks: large years from sparse portfolios, without an n x n intermediate
# --------------------------------------------------------------------------- #
#: Up to this many states a year's matrix is computed whole with the dense
#: products above (a few MB); larger years are scored row by row from the
#: portfolios as sparse rows (:class:`SparseS`, :class:`SparseAgreement`,
#: :class:`SparseTaub`).
DENSE_MAX = 1000
#: Target size in bytes of one block of rows (float64) handed to the tidy table.
BLOCK_BYTES = 2**26
#: Where the kernels were not compiled at install (:mod:`alliancenet._aot`), S, kappa
#: and pi of years of up to this many states are scored by sparse products a block
#: of rows at a time, which needs no numba start-up of about half a second (at
#: 2,000 states the work itself is about that); larger years, and tau-b (whose
#: contingency tables make the vectorised form several times slower), use the
#: kernels compiled just in time. With the kernels compiled at install, every year
#: above :data:`DENSE_MAX` uses them (about twice as fast as the products).
COMPILED_MIN = 2000


def block_rows(n: int) -> int:
    """Rows per block so that a block of ``rows x n`` float64 stays near BLOCK_BYTES."""
    return max(1, BLOCK_BYTES // (8 * max(n, 1)))


class DenseBlocks:
    """A whole matrix computed at once (years of up to DENSE_MAX states)."""

    def __init__(self, mat: np.ndarray) -> None:
        self.n = mat.shape[0]
        self._mat = mat

    def block(self, i0: int, i1: int) -> np.ndarray:
        return self._mat[i0:i1]


def write_blocks(
    blocks: DenseBlocks | SparseS,
    nodes: np.ndarray,
    ordered: bool,
    c1: np.ndarray,
    c2: np.ndarray,
    val: np.ndarray,
    step: int,
) -> None:
    """Write ccode1, ccode2 and the score of every pair from `blocks`, `step` rows at a time.

    Pairs in row-major order of the matrix without its diagonal (`ordered`) or
    above it; `c1`, `c2` and `val` are allocated at their final size.
    """
    n = nodes.size
    pos = 0
    for i0 in range(0, n, step):
        i1 = min(n, i0 + step)
        i = np.arange(i0, i1)[:, None]
        keep = (np.arange(n)[None, :] != i) if ordered else (np.arange(n)[None, :] > i)
        count = int(keep.sum())
        val[pos : pos + count] = blocks.block(i0, i1)[keep]
        c2[pos : pos + count] = np.broadcast_to(nodes, keep.shape)[keep]
        c1[pos : pos + count] = np.repeat(nodes[i0:i1], keep.sum(axis=1))
        pos += count


_COMPILED: dict[Callable[..., None], Callable[..., None]] = {}


def _compiled(kernel: Callable[..., None]) -> Callable[..., None]:
    """`kernel` compiled: ahead of time at install (:mod:`alliancenet._aot`), else by
    numba on first use (cached on disk where it can be), else the Python function."""
    aot = _aot.kernel(kernel.__name__)
    if aot is not None:
        return aot
    if kernel not in _COMPILED:
        try:
            import numba
        except ImportError:  # pragma: no cover - numba is a dependency
            _COMPILED[kernel] = kernel
        else:
            try:
                _COMPILED[kernel] = numba.njit(cache=True, nogil=True)(kernel)
            except RuntimeError as err:  # no writable cache location: compile in memory
                if "cannot cache" not in str(err):  # pragma: no cover
                    raise
                _COMPILED[kernel] = numba.njit(cache=False, nogil=True)(kernel)
    return _COMPILED[kernel]


def _rows_and_columns(
    rows: np.ndarray, cols: np.ndarray, data: np.ndarray, n: int, m: int
) -> tuple[np.ndarray, ...]:
    """The stored entries (row-major) as sparse rows and as sparse columns (transposed rows).

    ``(indptr, indices, data, t_indptr, t_indices, t_data)``, all int64: row i
    stores ``indices[indptr[i]:indptr[i + 1]]`` with levels ``data[...]``;
    column k is stored by rows ``t_indices[t_indptr[k]:t_indptr[k + 1]]``.
    """
    indptr = np.concatenate(([0], np.cumsum(np.bincount(rows, minlength=n)))).astype(np.int64)
    t_indptr = np.concatenate(([0], np.cumsum(np.bincount(cols, minlength=m)))).astype(np.int64)
    order = np.argsort(cols, kind="stable")
    data = np.ascontiguousarray(data, dtype=np.int64)
    return indptr, cols.astype(np.int64), data, t_indptr, rows[order].astype(np.int64), data[order]


def _nan_columns(
    nodes: np.ndarray, ordered: bool, c1: np.ndarray, c2: np.ndarray, val: np.ndarray
) -> None:
    """ccode1 and ccode2 of every pair (row-major) and NaN scores, one row at a time."""
    val[:] = np.nan
    pos = 0
    for i in range(nodes.size):
        others = np.delete(nodes, i) if ordered else nodes[i + 1 :]
        c1[pos : pos + others.size] = nodes[i]
        c2[pos : pos + others.size] = others
        pos += others.size


def _stored_levels(
    values: np.ndarray, levels: np.ndarray
) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """Position z of the level 0, and the row, column and level position of each non-zero entry.

    Raises a ParameterError if 0 is not among the sorted `levels` (the entries
    not stored are read as level 0) or a value is not among them (the error of
    the dense path).
    """
    z = int(np.searchsorted(levels, 0))
    if z == levels.size or levels[z] != 0:
        raise ParameterError(
            f"the sparse scores read absent ties as the level 0, but levels are "
            f"{levels.tolist()}; include 0 among the levels."
        )
    rows, cols = np.nonzero(values)
    p = level_positions(values[rows, cols].astype(np.int64), levels, "the valued matrix")
    return z, rows, cols, p


def _shared_sum_factors(
    stored: tuple[np.ndarray, ...], coef: np.ndarray, pair: np.ndarray, n: int
) -> tuple[sparse.csr_array, sparse.csr_array]:
    """(L, R) with ``(L @ R)_ij = sum_k coef_k pair[x_ik, x_jk]`` over entries both rows store.

    L (n x C m) holds a 1 at column ``c m + k`` where row i stores level c at k;
    R (C m x n) holds ``coef_k pair[c, x_jk]`` at row ``c m + k`` for every entry
    (j, k) stored; C is the number of levels stored.
    """
    indptr, indices, data = stored[:3]
    m = coef.size
    rows = np.repeat(np.arange(n), np.diff(indptr))
    levels, which = np.unique(data, return_inverse=True)
    from scipy import sparse  # imported here: ~0.1 s that other calls need not pay

    left = sparse.csr_array(
        (np.ones(data.size), (rows, which * m + indices)), shape=(n, levels.size * m)
    )
    weights = coef[indices][None, :] * pair[levels][:, data]  # (C, entries)
    right = sparse.csr_array(
        (
            weights.ravel(),
            (
                (np.arange(levels.size)[:, None] * m + indices[None, :]).ravel(),
                np.broadcast_to(rows, weights.shape).ravel(),
            ),
        ),
        shape=(levels.size * m, n),
    )
    return left, right


class SparseS:
    """Signorino-Ritter S of every pair, written straight into the tidy columns.

    For non-negative integers ``|a - b| = a + b - 2 min(a, b)`` and
    ``(a - b)^2 = a^2 + b^2 - 2ab``, so the weighted distance of a pair is
    ``r_i + r_j - 2 sum_k w_k f(x_ik, x_jk)`` with f = min (absolute) or the
    product (squared); the sum runs over the entries both portfolios hold, read
    from the portfolios as sparse rows. ``S = 1 - D / E`` with that distance as
    D and ``E = d W / 2``, ``W = sum_k w_k``, ``d = dmax`` (absolute) or
    ``dmax**2`` (squared): :func:`agreement_rows` with ``coef = 2 w``,
    ``pair[a, b] = f(a, b)``, ``own_d = r``. Memory: the rows (a few entries
    per state) and the output; no n x n intermediate. Same formula as
    :func:`s_matrix` (equal values; exactly equal for integer weights; all NaN
    when ``W <= 0``).

    Parameters
    ----------
    values : ndarray of int, shape (n, m)
        One year's valued matrix (non-negative whole numbers).
    w : ndarray of float, shape (m,)
        Weight of each entry.
    distance : {"absolute", "squared"}
    dmax : float
        The top of the scale.

    This class is also the base of :class:`SparseAgreement` and
    :class:`SparseTaub`: each sets the kernel and its arrays, and shares
    :meth:`fill` and :meth:`matrix` (the similarity functions test
    ``isinstance(blocks, SparseS)`` to write the columns straight from it).
    """

    n: int
    _kernel: Callable[..., None]
    _args: tuple[Any, ...]
    _defined: bool
    _diagonal: np.ndarray
    _products: tuple[sparse.csr_array, sparse.csr_array] | None = None

    def __init__(self, values: np.ndarray, w: np.ndarray, distance: str, dmax: float) -> None:
        self.n = n = values.shape[0]
        rows, cols = np.nonzero(values)
        x = values[rows, cols].astype(np.int64)
        w = np.ascontiguousarray(w, dtype=np.float64)
        squared = distance != "absolute"
        own = w[cols] * (x * x if squared else x)
        total = float(w.sum())
        scale = float(dmax**2 if squared else dmax)
        v = np.arange(max(int(x.max()) if x.size else 0, 0) + 1, dtype=np.float64)
        pair = v[:, None] * v[None, :] if squared else np.minimum(v[:, None], v[None, :])
        self._kernel = agreement_rows
        self._args = (
            _rows_and_columns(rows, cols, x, n, values.shape[1]),
            2.0 * w,
            np.ascontiguousarray(pair),
            np.bincount(rows, weights=own, minlength=n).astype(np.float64),
            np.full((n, 1), scale * total / 2.0),
            np.ones((n, 1)),
            np.zeros(n),
            False,
            -np.inf,
        )
        self._defined = total > 0
        self._diagonal = np.full(n, 1.0 if self._defined else np.nan)

    def fill(
        self, nodes: np.ndarray, ordered: bool, c1: np.ndarray, c2: np.ndarray, val: np.ndarray
    ) -> None:
        """Write ccode1, ccode2 and the score of every pair (row-major, diagonal left out).

        `c1`, `c2` and `val` have ``n (n - 1)`` entries (`ordered`) or half as many.
        The kernel compiled at install scores every year; without it, years of up
        to :data:`COMPILED_MIN` states are scored by sparse products a block of
        rows at a time (:meth:`block`; S, kappa and pi) and larger ones, and tau-b,
        by the kernel compiled just in time, whose start-up (about half a second
        for numba) is small beside their work.
        """
        nodes = np.ascontiguousarray(nodes, dtype=np.int64)
        if not self._defined:  # weights that sum to 0: nothing is defined
            _nan_columns(nodes, ordered, c1, c2, val)
            return
        if (
            self.n <= COMPILED_MIN
            and self._kernel is agreement_rows
            and _aot.kernel("agreement_rows") is None
        ):
            write_blocks(self, nodes, ordered, c1, c2, val, block_rows(self.n))
            return
        stored, *rest = self._args
        _compiled(self._kernel)(*stored, *rest, nodes, bool(ordered), c1, c2, val)

    def block(self, i0: int, i1: int) -> np.ndarray:
        """Rows `i0` to `i1` of the score matrix (diagonal included), from sparse products.

        The kernel's sums over the entries both rows store, as one product:
        ``acc_ij = sum_c sum_k [x_ik = c] coef_k pair[c, x_jk]`` is the product of the
        level indicators of rows i (one block of columns per stored level c) with
        the matching coefficient rows of j. Then the kernel's formula, vectorised.
        """
        if self._products is None:
            stored, coef, pair = self._args[:3]
            self._products = _shared_sum_factors(stored, coef, pair, self.n)
        left, right = self._products
        acc = (left[i0:i1] @ right).toarray()
        own_d, md, marg, own_e, pi, floor = self._args[3:9]
        d = own_d[i0:i1, None] + own_d[None, :] - acc
        np.maximum(d, 0.0, out=d)
        expected = md[i0:i1] @ marg.T
        if pi:
            expected = (own_e[i0:i1, None] + own_e[None, :] + 2.0 * expected) / 4.0
        with np.errstate(divide="ignore", invalid="ignore"):
            out = 1.0 - d / expected
        out[expected <= floor] = np.nan
        return out

    def matrix(self) -> np.ndarray:
        """The full n x n matrix (for ``matrix=True``), from the same kernel.

        The diagonal is what the dense path gives: 1, or NaN where a state's
        score with itself is undefined.
        """
        n = self.n
        c1 = np.empty(n * (n - 1), dtype=np.int64)
        vals = np.empty(n * (n - 1))
        self.fill(np.arange(n), True, c1, c1, vals)
        del c1
        full = np.empty((n, n))
        full[~np.eye(n, dtype=bool)] = vals
        np.fill_diagonal(full, self._diagonal)
        return full


class SparseAgreement(SparseS):
    """Cohen's kappa or Scott's pi of every pair from sparse portfolios (row by row).

    Parameters
    ----------
    values : ndarray of int, shape (n, m)
        One year's valued matrix; every value among `levels`.
    w : ndarray of float, shape (m,)
        Weight of each entry (all 1 for unweighted scores).
    levels : ndarray of int
        The sorted levels of the scale; must include 0 (no tie).
    method : {"kappa", "pi"}
    kappa_weights : {"nominal", "linear", "quadratic"}

    Raises
    ------
    ParameterError
        A value is not among `levels`, or 0 is not a level.

    Notes
    -----
    With level positions ``p_ik`` of ``x_ik`` among the K levels, z the position
    of 0, ``u_k = w_k / W`` (``W = sum_k w_k``) and ``delta`` the K x K
    disagreement weights (:func:`~alliancenet.measures.agreement.disagreement`,
    symmetric with zero diagonal), the observed disagreement is
    ``D_ij = sum_k u_k delta[p_ik, p_jk]``. Entries where both rows are at z
    add nothing, so

    ``D_ij = a_i + a_j - sum_{k: p_ik != z, p_jk != z} u_k g[p_ik, p_jk]``

    with ``a_i = sum_{k: p_ik != z} u_k delta[p_ik, z]`` and
    ``g[p, q] = delta[p, z] + delta[z, q] - delta[p, q]``: the sum runs over the
    entries both rows store. The weighted marginals are
    ``marg_i[c] = sum_{k: p_ik = c} u_k`` (the share of level 0 is
    ``(W - sum_{k: p_ik != z} w_k) / W``); kappa's expected disagreement is
    ``E_ij = marg_i . delta . marg_j``, pi's ``(E_ii + E_jj + 2 E_ij) / 4``. The
    score is ``1 - D_ij / E_ij``, NaN where ``E_ij <= 1e-12`` (and everywhere if
    ``W <= 0``), as in :func:`agreement_matrix`; equal to it up to rounding.
    Chance-corrected S (``s_chance``) is kappa over the levels ``0..top`` with
    linear (absolute) or quadratic (squared) weights.
    """

    def __init__(
        self,
        values: np.ndarray,
        w: np.ndarray,
        levels: np.ndarray,
        method: str,
        kappa_weights: str,
    ) -> None:
        self.n = n = values.shape[0]
        k = levels.size
        z, rows, cols, p = _stored_levels(values, levels)
        w = np.ascontiguousarray(w, dtype=np.float64)
        total = float(w.sum())
        self._defined = total > 0
        u = w / total if self._defined else np.zeros_like(w)
        delta = disagreement(k, kappa_weights)
        pair = delta[:, [z]] + delta[[z], :] - delta
        uk = u[cols]
        marg = np.bincount(rows * k + p, weights=uk, minlength=n * k).astype(float).reshape(n, k)
        if self._defined:
            w_stored = np.bincount(rows, weights=w[cols], minlength=n)
            marg[:, z] = np.maximum(total - w_stored, 0.0) / total
        md = np.ascontiguousarray(marg @ delta)
        own_e = (md * marg).sum(axis=1)
        self._kernel = agreement_rows
        self._args = (
            _rows_and_columns(rows, cols, p, n, values.shape[1]),
            u,
            np.ascontiguousarray(pair),
            np.bincount(rows, weights=uk * delta[p, z], minlength=n).astype(np.float64),
            md,
            np.ascontiguousarray(marg),
            own_e,
            method == "pi",
            1e-12,
        )
        self._diagonal = np.where(self._defined & (own_e > 1e-12), 1.0, np.nan)


class SparseTaub(SparseS):
    """Kendall's tau-b of every pair from sparse portfolios (row by row, unweighted).

    `values` and `levels` as for :class:`SparseAgreement` (and the same errors).

    Notes
    -----
    The pair's K x K contingency table ``N[c, e]`` (entries at level position
    c in row i and e in row j) is built from each row's level counts and the
    entries both rows store (:func:`taub_rows`); entries neither row
    stores make up ``N[z, z] = m - (nnz_i + nnz_j - shared)``. Then
    ``n_c - n_d`` comes from the table in O(K^2) through cumulative sums, and
    ``tau_b = (n_c - n_d) / sqrt(untied_i untied_j)`` with
    ``untied_i = (m^2 - sum_c counts_i[c]^2) / 2``, NaN where the root is not
    positive: the expression of :func:`taub_matrix`, and exactly its values
    (all counts are whole numbers).
    """

    def __init__(self, values: np.ndarray, levels: np.ndarray) -> None:
        self.n = n = values.shape[0]
        m = values.shape[1]
        k = levels.size
        z, rows, cols, p = _stored_levels(values, levels)
        counts = np.bincount(rows * k + p, minlength=n * k).reshape(n, k).astype(np.float64)
        counts[:, z] = m - np.bincount(rows, minlength=n)
        untied = (m * m - (counts**2).sum(axis=1)) / 2.0
        signs = counts @ np.sign(np.arange(k) - z).astype(np.float64)
        self._kernel = taub_rows
        self._args = (_rows_and_columns(rows, cols, p, n, m), counts, untied, signs, z)
        self._defined = True
        root = np.sqrt(untied * untied)
        with np.errstate(divide="ignore", invalid="ignore"):
            self._diagonal = np.where(root > 0, untied / root, np.nan)


def sparse_blocks(values: np.ndarray, w: np.ndarray | None, opts: MatrixOptions) -> SparseS | None:
    """The sparse scorer of ``opts.method`` for `values`, or None where it does not apply.

    None (use the dense path, which also raises the proper errors) when 0 is
    not among the levels, or for ``s_chance`` when a value lies outside 0..top.
    """
    w = np.ones(values.shape[1]) if w is None else w
    if opts.method == "s":
        return SparseS(values, w, opts.distance, opts.top)
    if opts.method == "s_chance":
        if values.size and (int(values.min()) < 0 or int(values.max()) > opts.top):
            return None
        kw = "linear" if opts.distance == "absolute" else "quadratic"
        return SparseAgreement(values, w, np.arange(opts.top + 1), "kappa", kw)
    if not (opts.levels == 0).any():
        return None
    if opts.method == "taub":
        return SparseTaub(values, opts.levels)
    return SparseAgreement(values, w, opts.levels, opts.method, opts.kappa_weights)


def measure_blocks(
    values: np.ndarray, w: np.ndarray | None, opts: MatrixOptions
) -> DenseBlocks | SparseS:
    """One year's scores: years over DENSE_MAX states from sparse rows, the rest dense."""
    if values.shape[0] > DENSE_MAX:
        sparse = sparse_blocks(values, w, opts)
        if sparse is not None:
            return sparse
    return DenseBlocks(measure_matrix(values, w, opts))
