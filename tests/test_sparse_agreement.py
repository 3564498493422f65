"""Sparse scores of large years (kappa, pi, s_chance, tau-b): known answers from the dense path.

Years of more than ``DENSE_MAX`` states are scored row by row from the portfolios
as sparse rows (:class:`SparseAgreement`, :class:`SparseTaub`); every value here
is checked against :func:`measure_matrix`, the dense products (which the tests in
``test_similarity.py`` check against the per-pair formulas).
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

import alliancenet as anet
from alliancenet import _aot
from alliancenet.errors import ParameterError
from alliancenet.measures import _agreement_matrix as am
from alliancenet.measures._agreement_matrix import (
    DenseBlocks,
    SparseAgreement,
    SparseS,
    SparseTaub,
    measure_blocks,
    measure_matrix,
    options,
    sparse_blocks,
)

#: (coding, levels): the valued default, binary ties, COW with a level no tie
#: takes, and a scale with a level below 0 (so 0 is not the first position)
SCALES = [("atop", None), ("binary", None), ("cow", (0, 1, 2, 3, 5)), ("atop", (-1, 0, 2, 3))]


def _values(rng: np.random.Generator, n: int, levels, density: float = 0.15) -> np.ndarray:
    """A random valued matrix over `levels`, mostly 0, with the degenerate rows of real years.

    Row 0 is all 0 (a state without ties), rows 1 and 2 are constant at the top
    level (two identical constant portfolios: kappa, pi and tau-b are 0/0).
    """
    lev = np.asarray(levels)
    ties = rng.choice(lev[lev != 0], (n, n))
    values = np.where(rng.random((n, n)) < density, ties, 0)
    np.fill_diagonal(values, lev.max())
    values[0] = 0
    values[1:3] = lev.max()
    return values.astype(np.int8)


def _weights(rng: np.random.Generator, n: int, kind: str | None) -> np.ndarray | None:
    if kind is None:
        return None
    if kind == "int":  # whole numbers, some 0
        return rng.integers(0, 4, n).astype(float)
    return rng.random(n)


def _opts(method, coding="atop", levels=None, kappa_weights="linear", distance="absolute"):
    return options(method, distance, coding, levels, kappa_weights, False)


def _check(values: np.ndarray, w: np.ndarray | None, opts, exact: bool = False) -> np.ndarray:
    """Sparse matrix and tidy columns (ordered and not) equal the dense matrix; returns it.

    Every way of scoring is checked: the sparse products by blocks of rows (years
    up to ``COMPILED_MIN`` states where the kernels were not compiled at install),
    the kernel compiled at install (when this install built it) and the kernel
    compiled just in time.
    """
    dense = measure_matrix(values, w, opts)
    n = values.shape[0]
    nodes = np.arange(n) * 7 + 2
    same = np.testing.assert_array_equal if exact else _close
    default, enabled = am.COMPILED_MIN, _aot.ENABLED
    for compiled_min, aot in ((default, False), (-1, True), (-1, False)):
        am.COMPILED_MIN = compiled_min
        _aot.ENABLED = aot
        try:
            sparse = sparse_blocks(values, w, opts)
            assert isinstance(sparse, SparseS)
            same(sparse.matrix(), dense)
            for ordered in (True, False):
                i, j = np.nonzero(~np.eye(n, dtype=bool)) if ordered else np.triu_indices(n, 1)
                c1, c2 = np.empty(i.size, np.int64), np.empty(i.size, np.int64)
                val = np.empty(i.size)
                sparse.fill(nodes, ordered, c1, c2, val)
                np.testing.assert_array_equal(c1, nodes[i])
                np.testing.assert_array_equal(c2, nodes[j])
                same(val, dense[i, j])
        finally:
            am.COMPILED_MIN = default
            _aot.ENABLED = enabled
    return dense


def _close(got: np.ndarray, want: np.ndarray) -> None:
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)  # NaN where NaN


# ---------------------------------------------------------------------------
# the classes on small matrices
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("coding", "levels"), SCALES)
@pytest.mark.parametrize("method", ["kappa", "pi"])
@pytest.mark.parametrize("kappa_weights", ["nominal", "linear", "quadratic"])
def test_kappa_and_pi_equal_the_dense_path(coding, levels, method, kappa_weights):
    rng = np.random.default_rng(11)
    opts = _opts(method, coding, levels, kappa_weights)
    for n, kind in itertools.product((5, 23, 60), (None, "int", "float")):
        dense = _check(_values(rng, n, opts.levels), _weights(rng, n, kind), opts)
        if kind is None:  # the two identical constant portfolios: 0/0
            assert np.isnan(dense[1, 2]) and np.isnan(dense[2, 1])


@pytest.mark.parametrize(("coding", "levels"), SCALES)
def test_taub_equals_the_dense_path_exactly(coding, levels):
    rng = np.random.default_rng(12)
    opts = _opts("taub", coding, levels)
    for n, density in itertools.product((5, 23, 60), (0.05, 0.3)):
        dense = _check(_values(rng, n, opts.levels, density), None, opts, exact=True)
        assert np.isnan(dense[1, 2]) and np.isnan(dense[1, 1])  # a constant portfolio


@pytest.mark.parametrize("coding", ["atop", "binary"])
@pytest.mark.parametrize("distance", ["absolute", "squared"])
def test_s_chance_equals_the_dense_path(coding, distance):
    rng = np.random.default_rng(13)
    opts = _opts("s_chance", coding, distance=distance)
    for n, kind in itertools.product((5, 23, 60), (None, "int", "float")):
        _check(_values(rng, n, np.arange(opts.top + 1)), _weights(rng, n, kind), opts)


def test_constant_portfolios_are_nan_and_the_diagonal_matches():
    """All-zero and constant rows: NaN exactly where the dense path has NaN, diagonal too."""
    values = np.array([[0, 0, 0, 0], [0, 0, 0, 0], [3, 3, 3, 3], [3, 0, 1, 0]], dtype=np.int8)
    for method in ("kappa", "pi", "taub"):
        dense = _check(values, None, _opts(method), exact=method == "taub")
        assert np.isnan(dense[0, 1]) and np.isnan(dense[0, 0]) and np.isnan(dense[2, 2])
        assert dense[3, 3] == 1.0


def test_weights_summing_to_zero_give_nan():
    rng = np.random.default_rng(14)
    values = _values(rng, 12, np.arange(4))
    for method in ("kappa", "pi", "s_chance"):
        dense = _check(values, np.zeros(12), _opts(method))
        assert np.isnan(dense).all()


def test_s_kernel_keeps_its_signature_and_values():
    """SparseS(values, w, distance, dmax) runs on the shared kernel: the dense S, exactly."""
    rng = np.random.default_rng(15)
    values = _values(rng, 40, np.arange(4))
    w = rng.integers(0, 4, 40).astype(float)
    for distance in ("absolute", "squared"):
        want = am.s_matrix(values, w, distance, 3)
        np.testing.assert_array_equal(SparseS(values, w, distance, 3).matrix(), want)
        _check(values, w, _opts("s", distance=distance), exact=True)
    assert np.isnan(SparseS(values, np.zeros(40), "absolute", 3).matrix()).all()


def test_small_and_empty_matrices():
    for n in (0, 1, 2):
        values = np.full((n, n), 3, dtype=np.int8)
        for method in ("kappa", "pi", "taub", "s_chance"):
            _check(values, None, _opts(method))
    no_ties = np.zeros((6, 6), dtype=np.int8)  # nothing stored: no level to multiply
    for method in ("s", "kappa", "pi", "taub", "s_chance"):
        _check(no_ties, None, _opts(method))


# ---------------------------------------------------------------------------
# routing and errors
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("method", am.METHODS)
def test_large_years_of_every_method_are_sparse(method):
    rng = np.random.default_rng(16)
    n = am.DENSE_MAX + 100
    values = _values(rng, n, np.arange(4), density=0.002)
    blocks = measure_blocks(values, None, _opts(method))
    assert isinstance(blocks, SparseS)
    assert blocks.n == n
    small = measure_blocks(values[:50, :50], None, _opts(method))
    assert isinstance(small, DenseBlocks)


@pytest.mark.parametrize(("method", "w"), [("kappa", "float"), ("pi", None), ("s_chance", "int")])
def test_large_year_equals_the_dense_path(method, w):
    """Through ``measure_blocks`` (n > DENSE_MAX), as similarity calls it.

    (Tau-b of a large year: through ``similarity`` below; its dense path is slow.)
    """
    rng = np.random.default_rng(17)
    n = am.DENSE_MAX + 150
    values = _values(rng, n, np.arange(4), density=0.004)
    weights = _weights(rng, n, w)
    opts = _opts(method, kappa_weights="quadratic")
    blocks = measure_blocks(values, weights, opts)
    assert isinstance(blocks, SparseAgreement)
    dense = measure_matrix(values, weights, opts)
    c1 = np.empty(n * (n - 1) // 2, np.int64)
    val = np.empty(n * (n - 1) // 2)
    blocks.fill(np.arange(n), False, c1, c1, val)
    i, j = np.triu_indices(n, 1)
    _close(val, dense[i, j])


def test_levels_without_zero_fall_back_to_the_dense_error(monkeypatch):
    monkeypatch.setattr(am, "DENSE_MAX", 3)
    values = _values(np.random.default_rng(18), 8, np.arange(4))
    opts = _opts("kappa", levels=(1, 2, 3))
    assert sparse_blocks(values, None, opts) is None
    with pytest.raises(ParameterError, match="not among levels"):
        measure_blocks(values, None, opts)
    with pytest.raises(ParameterError, match="include 0"):
        SparseTaub(values, np.array([1, 2, 3]))


def test_values_off_the_levels_raise_the_dense_error(monkeypatch):
    monkeypatch.setattr(am, "DENSE_MAX", 3)
    values = _values(np.random.default_rng(19), 8, np.arange(4))
    for method in ("kappa", "taub"):
        opts = _opts(method, levels=(0, 1, 3))
        with pytest.raises(ParameterError) as dense:
            measure_matrix(values, None, opts)
        with pytest.raises(ParameterError) as sparse:
            measure_blocks(values, None, opts)
        assert str(sparse.value) == str(dense.value)


def test_s_chance_above_the_top_uses_the_dense_path(monkeypatch):
    """Values above the coding's top are outside s_chance's scale: left to the dense path."""
    monkeypatch.setattr(am, "DENSE_MAX", 3)
    values = _values(np.random.default_rng(20), 8, np.arange(4))
    opts = _opts("s_chance", "binary")
    blocks = measure_blocks(values, None, opts)
    assert isinstance(blocks, DenseBlocks)
    np.testing.assert_array_equal(blocks.block(0, 8), measure_matrix(values, None, opts))


# ---------------------------------------------------------------------------
# the public functions on a synthetic system of more than DENSE_MAX states
# ---------------------------------------------------------------------------

YEAR = 2000


def _synthetic(n_states: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A membership table of small random alliances and a states table with 40 isolates."""
    rng = np.random.default_rng(seed)
    codes = np.arange(1, n_states + 1) * 3
    sizes = rng.choice([2, 2, 2, 3, 4, 9], n_states)
    members = [rng.choice(codes[:-40], size, replace=False) for size in sizes.tolist()]
    rows = int(sizes.sum())
    kinds = ["defense", "offense", "neutrality", "nonaggression", "consultation", "entente"]
    flags = {k: np.repeat(rng.random(sizes.size) < 0.3, sizes) for k in kinds}
    table = pd.DataFrame(
        {
            "alliance_id": np.repeat([f"SYN:{a}" for a in range(sizes.size)], sizes),
            "ccode": np.concatenate(members),
            "start_year": np.repeat(rng.integers(YEAR - 5, YEAR + 1, sizes.size), sizes),
            "end_year": np.full(rows, YEAR + 1),
            **flags,
            "source": "synthetic",
        }
    )
    states = pd.DataFrame(
        {"ccode": np.repeat(codes, 2), "year": np.tile([YEAR, YEAR + 1], codes.size)}
    )
    return anet.validate_memberships(table), states


def test_similarity_of_a_large_year_equals_the_dense_path(monkeypatch):
    n = am.DENSE_MAX + 60
    members, states = _synthetic(n, seed=21)
    codes = states["ccode"].unique()
    weights = pd.Series(np.random.default_rng(22).random(codes.size), index=codes)
    calls = [
        {"method": "kappa", "weights": weights},
        {"method": "pi", "kappa_weights": "nominal", "ordered": False, "self_tie": False},
        {"method": "taub", "coding": "cow"},
        {"method": "s_chance", "distance": "squared", "coding": "binary", "ordered": False},
    ]
    got = [anet.similarity(members, YEAR, states=states, **kw) for kw in calls]
    monkeypatch.setattr(am, "DENSE_MAX", 10**9)
    for kw, sparse in zip(calls, got, strict=True):
        dense = anet.similarity(members, YEAR, states=states, **kw)
        assert len(dense) == (n * (n - 1) if kw.get("ordered", True) else n * (n - 1) // 2)
        pd.testing.assert_frame_equal(sparse, dense, check_exact=False, rtol=0, atol=1e-12)
        if not kw.get("self_tie", True):  # two isolates without a self tie: 0/0
            assert dense[kw["method"]].isna().any()
