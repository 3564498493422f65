"""Tests for alliancenet.measures.similarity: known answers, invariants, bad input, real data."""

from __future__ import annotations

import importlib
import itertools
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import alliancenet as anet
from alliancenet.errors import CoverageError, DataWarning, ParameterError, SchemaError
from alliancenet.measures._agreement_matrix import METHODS, measure_matrix, options
from alliancenet.measures._portfolios import Portfolios
from alliancenet.measures.agreement import cohens_kappa, s_score, scotts_pi, tau_b
from alliancenet.measures.similarity import similarity, similarity_panel
from alliancenet.schema import validate_memberships

# the package attribute ``alliancenet.measures.similarity`` is the function; the modules:
sim = importlib.import_module("alliancenet.measures.similarity")
agreement = importlib.import_module("alliancenet.measures.agreement")

# ---------------------------------------------------------------------------
# Germany and Russia 1914 (Signorino and Ritter 1999, Table 6; REFERENCES.md c.2)
# ---------------------------------------------------------------------------

# state: (ccode, capability, GMY tie, RUS tie), COW valued coding
EUROPE_1914 = {
    "GMY": (255, 0.25, 3, 0),
    "RUS": (365, 0.21, 0, 3),
    "UKG": (200, 0.20, 0, 1),
    "FRN": (220, 0.08, 0, 3),
    "AUH": (300, 0.08, 3, 0),
    "ITA": (325, 0.05, 3, 1),
    "BEL": (211, 0.03, 0, 0),
    "SPN": (230, 0.03, 0, 0),
    "TUR": (640, 0.02, 0, 0),
    "NTH": (210, 0.01, 0, 0),
    "SWD": (380, 0.01, 0, 0),
    "POR": (235, 0.01, 0, 0),
    "SWZ": (225, 0.01, 0, 0),
    "RUM": (360, 0.01, 3, 0),
    "GRC": (350, 0.00, 0, 0),
    "DEN": (390, 0.00, 0, 0),
    "YUG": (345, 0.00, 0, 0),
    "BUL": (355, 0.00, 0, 0),
    "NOR": (385, 0.00, 0, 0),
    "ALB": (339, 0.00, 0, 0),
}
CCODES = np.array([v[0] for v in EUROPE_1914.values()])
CAPS = np.array([v[1] for v in EUROPE_1914.values()])
GMY = np.array([v[2] for v in EUROPE_1914.values()])
RUS = np.array([v[3] for v in EUROPE_1914.values()])


def europe_1914_members() -> pd.DataFrame:
    """Alliances that reproduce the two portfolios of Table 6 under the COW coding."""
    rows = [
        ("triple", 255, 1, 0), ("triple", 300, 1, 0), ("triple", 325, 1, 0),
        ("rum", 255, 1, 0), ("rum", 360, 1, 0),
        ("franco_russian", 365, 1, 0), ("franco_russian", 220, 1, 0),
        ("anglo_russian", 365, 0, 1), ("anglo_russian", 200, 0, 1),
        ("racconigi", 365, 0, 1), ("racconigi", 325, 0, 1),
    ]  # fmt: skip
    t = pd.DataFrame(rows, columns=["alliance_id", "ccode", "defense", "entente"])
    t["start_year"], t["end_year"] = 1914, 1914
    return validate_memberships(t)


def europe_1914_states() -> pd.DataFrame:
    return pd.DataFrame({"ccode": CCODES, "year": 1914})


class TestKnownValues1914:
    def test_s_unweighted_absolute(self):
        assert s_score(GMY, RUS) == pytest.approx(0.40, abs=1e-12)

    def test_s_capability_weighted_absolute(self):
        # S&R print -0.45 from unrounded capabilities; the tabled ones give -0.46.
        assert s_score(GMY, RUS, weights=CAPS) == pytest.approx(-0.46, abs=1e-12)

    def test_s_squared(self):
        assert s_score(GMY, RUS, distance="squared") == pytest.approx(1 - 100 / 180)
        assert s_score(GMY, RUS, distance="squared", weights=CAPS) == pytest.approx(
            -0.348888888, abs=1e-6
        )

    def test_s_binary(self):
        bx, by = (GMY >= 1).astype(int), (RUS >= 1).astype(int)
        assert s_score(bx, by, dmax=1) == pytest.approx(0.40)
        assert s_score(bx, by, dmax=1, distance="squared") == pytest.approx(0.40)
        assert s_score(bx, by, dmax=1, weights=CAPS) == pytest.approx(-0.66)

    @pytest.mark.parametrize(
        ("kw", "kappa", "pi"),
        [
            ("nominal", -0.029412, -0.044776),
            ("linear", -0.071429, -0.084337),
            ("quadratic", -0.077586, -0.086957),
        ],
    )
    def test_kappa_pi_full_levels(self, kw, kappa, pi):
        assert cohens_kappa(GMY, RUS, kappa_weights=kw) == pytest.approx(kappa, abs=1e-6)
        assert scotts_pi(GMY, RUS, kappa_weights=kw) == pytest.approx(pi, abs=1e-6)

    @pytest.mark.parametrize(
        ("kw", "kappa"), [("nominal", -0.029412), ("linear", -0.034483), ("quadratic", -0.037736)]
    )
    def test_kappa_observed_levels(self, kw, kappa):
        assert cohens_kappa(GMY, RUS, levels=(0, 1, 3), kappa_weights=kw) == pytest.approx(
            kappa, abs=1e-6
        )

    def test_binary_kappa_equals_pi(self):
        bx, by = (GMY >= 1).astype(int), (RUS >= 1).astype(int)
        for f in (cohens_kappa, scotts_pi):
            assert f(bx, by, levels=(0, 1), kappa_weights="nominal") == pytest.approx(0.0625)

    def test_tau_b(self):
        scipy_stats = pytest.importorskip("scipy.stats")
        assert tau_b(GMY, RUS) == pytest.approx(0.030317, abs=1e-6)
        assert tau_b(GMY, RUS) == pytest.approx(scipy_stats.kendalltau(GMY, RUS).statistic)

    def test_chance_corrected_s(self):
        px = np.bincount(GMY, minlength=4) / GMY.size
        py = np.bincount(RUS, minlength=4) / RUS.size
        lev = np.arange(4)
        s_exp = 1 - 2 * (np.outer(px, py) * np.abs(lev[:, None] - lev[None, :])).sum() / 3
        assert s_exp == pytest.approx(0.44)
        corrected = (s_score(GMY, RUS) - s_exp) / (1 - s_exp)
        assert corrected == pytest.approx(-0.071429, abs=1e-6)

    @pytest.mark.parametrize(
        ("method", "kwargs", "expected"),
        [
            ("s", {}, 0.40),
            ("s", {"distance": "squared"}, 1 - 100 / 180),
            ("s", {"weights": pd.Series(CAPS, index=CCODES)}, -0.46),
            ("s", {"coding": "binary"}, 0.40),
            ("s_chance", {}, -0.071429),
            ("kappa", {"kappa_weights": "nominal"}, -0.029412),
            ("kappa", {"levels": (0, 1, 3)}, -0.034483),
            ("pi", {"kappa_weights": "quadratic"}, -0.086957),
            ("taub", {}, 0.030317),
        ],
    )
    def test_similarity_end_to_end(self, method, kwargs, expected):
        kwargs = {"coding": "cow", **kwargs}
        out = similarity(
            europe_1914_members(), 1914, method=method, states=europe_1914_states(), **kwargs
        )
        value = out.loc[(out.ccode1 == 255) & (out.ccode2 == 365), method]
        assert len(value) == 1
        assert value.iloc[0] == pytest.approx(expected, abs=1e-6)
        # weights make this pair depend on the capabilities of every state
        assert len(out) == 20 * 19

    def test_binary_weighted_end_to_end(self):
        out = similarity(
            europe_1914_members(), 1914, coding="binary", states=europe_1914_states(),
            weights=pd.Series(CAPS, index=CCODES), matrix=True,
        )  # fmt: skip
        assert out.loc[255, 365] == pytest.approx(-0.66)


# ---------------------------------------------------------------------------
# Signorino and Ritter Table 5 toy pairs; r-strat weighted example
# ---------------------------------------------------------------------------

TABLE5 = {
    "a": ([(0, 3), (1, 2), (2, 1), (3, 0)], -1 / 3, -1.0),
    "b": ([(1, 3), (2, 2), (2, 2), (3, 1)], 1 / 3, -1.0),
    "c": ([(2, 3), (2, 3), (3, 2), (3, 2)], 1 / 3, -1.0),
    "d": ([(3, 3)] * 4, 1.0, np.nan),
    "e": ([(0, 0)] * 10 + [(0, 3), (3, 0)], 2 / 3, -0.0909091),
    "f": ([(0, 3)] + [(1, 1)] * 10 + [(3, 0)], 2 / 3, -1.0),
    "g": ([(0, 3)] + [(2, 2)] * 10 + [(3, 0)], 2 / 3, -1.0),
    "h": ([(0, 3), (3, 0)] + [(3, 3)] * 10, 2 / 3, -0.0909091),
}


@pytest.mark.parametrize("pair", sorted(TABLE5))
def test_table5(pair):
    rows, s_expected, tau_expected = TABLE5[pair]
    x, y = np.array(rows).T
    assert s_score(x, y) == pytest.approx(s_expected, abs=1e-12)
    if np.isnan(tau_expected):
        assert np.isnan(tau_b(x, y))
    else:
        assert tau_b(x, y) == pytest.approx(tau_expected, abs=1e-6)


def test_per_item_dmax_rstrat_example():
    a = [3, 2, 3, 0, 3, 3, 1, 2]
    b = [2, 3, 0, 3, 3, 3, 1, 3]
    w = [0.5, 0.4, 0.05, 0.05, 0.25, 0.25, 0.25, 0.25]
    m = [3, 3, 3, 3, 2, 2, 2, 2]
    assert s_score(a, b, weights=w, dmax=m) == pytest.approx(0.475)


# ---------------------------------------------------------------------------
# building blocks: degenerate input and bad arguments
# ---------------------------------------------------------------------------


def test_constant_portfolios_are_nan():
    z = np.zeros(5, dtype=int)
    for f in (cohens_kappa, scotts_pi):
        for kw in ("nominal", "linear", "quadratic"):
            assert np.isnan(f(z, z, kappa_weights=kw))
    assert np.isnan(tau_b(z, z))
    assert np.isnan(tau_b(z, [0, 1, 0, 1, 0]))
    assert s_score(z, z) == 1.0


def test_zero_weights_give_nan():
    assert np.isnan(s_score([1, 2], [2, 1], weights=[0, 0]))
    assert np.isnan(cohens_kappa([1, 2], [2, 1], weights=[0, 0]))


@pytest.mark.parametrize(
    "call",
    [
        lambda: s_score([1, 2], [1]),
        lambda: s_score([1, 2], [1, 2], weights=[1, -1]),
        lambda: s_score([0, 3], [3, 0], dmax=1),
        lambda: s_score([0, 3], [3, 0], distance="euclid"),
        lambda: s_score([0, 3], [3, 0], dmax=0),
        lambda: s_score([0, 3], [3, 0], dmax=[3, 3, 3]),
        lambda: s_score([0, 3], [3, 0], dmax="three"),
        lambda: cohens_kappa([0, 4], [0, 1]),
        lambda: cohens_kappa([0, 1], [0, 1], kappa_weights="cubic"),
        lambda: cohens_kappa([0, 1], [0, 1], levels=()),
        lambda: cohens_kappa([0, 1], [0, 1], levels=(0, 0, 1)),
        lambda: scotts_pi([0, np.nan], [0, 1]),
    ],
)
def test_bad_arguments_raise(call):
    with pytest.raises(ParameterError):
        call()


# ---------------------------------------------------------------------------
# vectorised cores versus the per-pair formulas
# ---------------------------------------------------------------------------


def _naive_matrix(values, f):
    n = values.shape[0]
    out = [[f(values[i], values[j]) for j in range(n)] for i in range(n)]
    return np.array(out, dtype=float).reshape(n, n)


def _opts(method, **kw):
    base = {"distance": "absolute", "coding": "atop", "levels": None, "kappa_weights": "linear"}
    base.update(kw)
    return options(method, base["distance"], base["coding"], base["levels"],
                   base["kappa_weights"], False)  # fmt: skip


values_matrices = st.integers(1, 7).flatmap(
    lambda n: st.lists(st.integers(0, 3), min_size=n * n, max_size=n * n).map(
        lambda v: np.array(v, dtype=np.int8).reshape(n, n)
    )
)


@settings(max_examples=60, deadline=None)
@given(values=values_matrices, seed=st.integers(0, 2**16), use_w=st.booleans())
def test_vectorised_matches_per_pair(values, seed, use_w):
    n = values.shape[0]
    w = np.random.default_rng(seed).random(n) if use_w else np.ones(n)
    for dist in ("absolute", "squared"):
        got = measure_matrix(values, w, _opts("s", distance=dist))
        ref = _naive_matrix(values, lambda x, y, d=dist: s_score(x, y, weights=w, distance=d))
        np.testing.assert_allclose(got, ref, atol=1e-10)
    for kw in ("nominal", "linear", "quadratic"):
        for method, f in (("kappa", cohens_kappa), ("pi", scotts_pi)):
            got = measure_matrix(values, w, _opts(method, kappa_weights=kw))
            ref = _naive_matrix(
                values, lambda x, y, f=f, kw=kw: f(x, y, kappa_weights=kw, weights=w)
            )
            np.testing.assert_allclose(got, ref, atol=1e-10)
    got = measure_matrix(values, None, _opts("taub"))
    np.testing.assert_allclose(got, _naive_matrix(values, tau_b), atol=1e-10)


@settings(max_examples=60, deadline=None)
@given(
    x=st.lists(st.integers(0, 3), min_size=2, max_size=15),
    data=st.data(),
)
def test_linear_kappa_is_chance_corrected_s(x, data):
    """Identity (REFERENCES c.3): linear kappa over 0..3 = (S - S_exp) / (1 - S_exp)."""
    y = data.draw(st.lists(st.integers(0, 3), min_size=len(x), max_size=len(x)))
    w = np.array(data.draw(st.lists(st.floats(0.01, 1), min_size=len(x), max_size=len(x))))
    lev = np.arange(4)
    px = np.bincount(x, weights=w, minlength=4) / w.sum()
    py = np.bincount(y, weights=w, minlength=4) / w.sum()
    s_exp = 1 - 2 * (np.outer(px, py) * np.abs(lev[:, None] - lev[None, :])).sum() / 3
    kappa = cohens_kappa(x, y, weights=w)
    if np.isclose(s_exp, 1.0):
        assert np.isnan(kappa)
    else:
        assert kappa == pytest.approx((s_score(x, y, weights=w) - s_exp) / (1 - s_exp), abs=1e-9)


@settings(max_examples=30, deadline=None)
@given(values=values_matrices)
def test_s_chance_equals_linear_kappa_vectorised(values):
    w = np.ones(values.shape[0])
    a = measure_matrix(values, w, _opts("s_chance"))
    b = measure_matrix(values, w, _opts("kappa", kappa_weights="linear"))
    np.testing.assert_allclose(a, b, equal_nan=True)
    a = measure_matrix(values, w, _opts("s_chance", distance="squared"))
    b = measure_matrix(values, w, _opts("kappa", kappa_weights="quadratic"))
    np.testing.assert_allclose(a, b, equal_nan=True)


# ---------------------------------------------------------------------------
# independent implementations: scikit-learn's kappa restated, per-item pi, scipy's tau-b
# ---------------------------------------------------------------------------


def _sklearn_style_kappa(x, y, labels, weights, sample_weight=None):
    """``sklearn.metrics.cohen_kappa_score`` (1.x) restated (sklearn is not a dependency).

    Confusion matrix over `labels`; expected counts ``outer(column sums, row sums) / N``;
    disagreement ``1 - I``, ``|i - j|`` or ``(i - j)**2`` on label positions (unscaled:
    the ratio does not depend on the scale). 0/0 gives NaN here (sklearn warns).
    """
    idx = {lab: i for i, lab in enumerate(labels)}
    k = len(labels)
    sw = np.ones(len(x)) if sample_weight is None else np.asarray(sample_weight, float)
    cm = np.zeros((k, k))
    for a, b, wt in zip(x, y, sw, strict=True):
        cm[idx[a], idx[b]] += wt
    sum0, sum1 = cm.sum(axis=0), cm.sum(axis=1)
    expected = np.outer(sum0, sum1) / sum0.sum()
    grid = np.tile(np.arange(k), (k, 1))
    w_mat = {"nominal": 1.0 - np.eye(k), "linear": np.abs(grid - grid.T),
             "quadratic": (grid - grid.T) ** 2.0}[weights]  # fmt: skip
    den = (w_mat * expected).sum()
    return float("nan") if den <= 1e-12 else 1.0 - (w_mat * cm).sum() / den


def _per_item_pi(x, y, labels, weights):
    """Scott's pi as mean per-item disagreement over disagreement of pooled random pairs."""
    k = len(labels)
    pos = {lab: i for i, lab in enumerate(labels)}

    def delta(a, b):
        d = abs(pos[a] - pos[b]) / (k - 1)
        return {"nominal": float(a != b), "linear": d, "quadratic": d * d}[weights]

    observed = np.mean([delta(a, b) for a, b in zip(x, y, strict=True)])
    pooled = list(x) + list(y)
    expected = np.mean([delta(a, b) for a in pooled for b in pooled])
    return float("nan") if expected <= 1e-12 else 1.0 - observed / expected


portfolio_pairs = st.integers(2, 14).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 3), min_size=n, max_size=n),
        st.lists(st.integers(0, 3), min_size=n, max_size=n),
        st.lists(st.floats(0.01, 1.0), min_size=n, max_size=n),
    )
)


def test_sklearn_style_kappa_reproduces_published_1914_values():
    # REFERENCES c.3 (cross-checked there with sklearn): the restatement itself is right
    assert _sklearn_style_kappa(GMY, RUS, (0, 1, 2, 3), "linear") == pytest.approx(
        -0.071429, abs=1e-6
    )
    assert _sklearn_style_kappa(GMY, RUS, (0, 1, 3), "quadratic") == pytest.approx(
        -0.037736, abs=1e-6
    )


@settings(max_examples=80, deadline=None)
@given(pair=portfolio_pairs, kw=st.sampled_from(["nominal", "linear", "quadratic"]))
def test_kappa_pi_taub_equal_independent_implementations(pair, kw):
    scipy_stats = pytest.importorskip("scipy.stats")
    x, y, w = pair
    for labels in ((0, 1, 2, 3), (0, 1, 2, 3, 4)):  # full scale, and a wider one
        ref = _sklearn_style_kappa(x, y, labels, kw)
        got = cohens_kappa(x, y, levels=labels, kappa_weights=kw)
        assert got == pytest.approx(ref, abs=1e-9, nan_ok=True)
        ref_pi = _per_item_pi(x, y, labels, kw)
        assert scotts_pi(x, y, levels=labels, kappa_weights=kw) == pytest.approx(
            ref_pi, abs=1e-9, nan_ok=True
        )
    ref_w = _sklearn_style_kappa(x, y, (0, 1, 2, 3), kw, sample_weight=w)
    got_w = cohens_kappa(x, y, kappa_weights=kw, weights=w)
    assert got_w == pytest.approx(ref_w, abs=1e-9, nan_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scipy warns on constant input (and returns NaN)
        ref_tau = scipy_stats.kendalltau(x, y).statistic
    assert tau_b(x, y) == pytest.approx(ref_tau, abs=1e-9, nan_ok=True)


@settings(max_examples=30, deadline=None)
@given(values=values_matrices, kw=st.sampled_from(["nominal", "linear", "quadratic"]))
def test_vectorised_equals_independent_implementations(values, kw):
    scipy_stats = pytest.importorskip("scipy.stats")
    n = values.shape[0]
    kappa = measure_matrix(values, None, _opts("kappa", kappa_weights=kw))
    pi = measure_matrix(values, None, _opts("pi", kappa_weights=kw))
    taub = measure_matrix(values, None, _opts("taub"))
    labels = (0, 1, 2, 3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for i, j in itertools.product(range(n), repeat=2):
            x, y = values[i].tolist(), values[j].tolist()
            assert kappa[i, j] == pytest.approx(
                _sklearn_style_kappa(x, y, labels, kw), abs=1e-9, nan_ok=True
            )
            assert pi[i, j] == pytest.approx(_per_item_pi(x, y, labels, kw), abs=1e-9, nan_ok=True)
            ref = scipy_stats.kendalltau(x, y).statistic if n > 1 else np.nan
            assert taub[i, j] == pytest.approx(ref, abs=1e-9, nan_ok=True)


# ---------------------------------------------------------------------------
# random alliance tables: invariants and an independent valued matrix
# ---------------------------------------------------------------------------

STATES = [2, 20, 200, 220, 255, 365, 710]


@st.composite
def alliance_tables(draw):
    n_rows = draw(st.integers(0, 14))
    rows = []
    for _ in range(n_rows):
        start = draw(st.integers(1950, 1954))
        rows.append(
            {
                "alliance_id": f"A{draw(st.integers(0, 3))}",
                "ccode": draw(st.sampled_from(STATES)),
                "start_year": start,
                "end_year": draw(st.integers(start, 1955)),
                **{ob: draw(st.booleans()) for ob in anet.OBLIGATIONS},
            }
        )
    t = pd.DataFrame(rows, columns=["alliance_id", "ccode", "start_year", "end_year",
                                    *anet.OBLIGATIONS])  # fmt: skip
    t.attrs["coverage"] = (1950, 1955)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        return validate_memberships(t)


def _naive_values(members, year, nodes, coding):
    """Valued matrix by looping over pairs of membership rows (independent of the core)."""
    code = {
        "atop": lambda r: 3 if r.defense or r.offense else 2 if r.neutrality or r.consultation
        else 1 if r.nonaggression else 0,
        "cow": lambda r: 3 if r.defense else 2 if r.neutrality or r.nonaggression
        else 1 if r.entente else 0,
        "binary": lambda r: int(any(bool(getattr(r, ob)) for ob in anet.OBLIGATIONS)),
    }[coding]  # fmt: skip
    active = members[(members.start_year <= year) & (members.end_year.fillna(9999) >= year)]
    pos = {c: i for i, c in enumerate(nodes)}
    top = 1 if coding == "binary" else 3
    v = np.zeros((len(nodes), len(nodes)), dtype=int)
    for r1, r2 in itertools.product(active.itertuples(), repeat=2):
        if r1.alliance_id == r2.alliance_id and r1.ccode in pos and r2.ccode in pos:
            i, k = pos[r1.ccode], pos[r2.ccode]
            v[i, k] = max(v[i, k], code(r1))
    np.fill_diagonal(v, top)
    return v


SYSTEM = pd.DataFrame(
    [(c, y) for y in range(1950, 1956) for c in STATES if not (c == 710 and y < 1952)],
    columns=["ccode", "year"],
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    members=alliance_tables(),
    year=st.integers(1950, 1955),
    coding=st.sampled_from(["atop", "cow", "binary"]),
    with_states=st.booleans(),
)
def test_random_tables(members, year, coding, with_states):
    states = SYSTEM if with_states else None
    nodes = np.sort(
        SYSTEM.loc[SYSTEM.year == year, "ccode"].unique()
        if with_states
        else members.loc[
            (members.start_year <= year) & (members.end_year.fillna(9999) >= year), "ccode"
        ].unique()
    )
    values = _naive_values(members, year, nodes, coding)
    dmax = 1 if coding == "binary" else 3
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)  # 710 outside the system in 1950-1951
        s = similarity(members, year, coding=coding, states=states, matrix=True)
    assert list(s.index) == list(nodes) == list(s.columns)
    ref = _naive_matrix(values, lambda x, y: s_score(x, y, dmax=dmax))
    np.testing.assert_allclose(s.to_numpy(), ref, atol=1e-10)
    assert np.allclose(s.to_numpy(), s.to_numpy().T)
    assert np.all(np.diag(s.to_numpy()) == 1.0)
    assert np.all((s.to_numpy() >= -1 - 1e-12) & (s.to_numpy() <= 1 + 1e-12))

    levels = tuple(range(dmax + 1))
    for method, f in (("kappa", cohens_kappa), ("pi", scotts_pi), ("taub", tau_b)):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DataWarning)
            out = similarity(members, year, method=method, coding=coding, states=states)
        assert list(out.columns) == ["ccode1", "ccode2", "year", method]
        n = len(nodes)
        assert len(out) == n * (n - 1)
        assert (out.ccode1 != out.ccode2).all() and (out.year == year).all()
        idx = {c: i for i, c in enumerate(nodes)}
        for r in out.head(12).itertuples():
            x, y = values[idx[r.ccode1]], values[idx[r.ccode2]]
            expected = tau_b(x, y) if method == "taub" else f(x, y, levels=levels)
            assert getattr(r, method) == pytest.approx(expected, nan_ok=True, abs=1e-10)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    members=alliance_tables(),
    year=st.integers(1950, 1955),
    method=st.sampled_from(METHODS),
    perm_seed=st.integers(0, 2**16),
)
def test_relabelling_invariance(members, year, method, perm_seed):
    """New ccodes (in a different order) give the same value to every dyad."""
    new_codes = np.random.default_rng(perm_seed).choice(np.arange(2, 1000), len(STATES), False)
    mapping = dict(zip(STATES, new_codes.tolist(), strict=True))
    relabelled = members.assign(ccode=members["ccode"].map(mapping))
    relabelled.attrs = dict(members.attrs)
    system = SYSTEM.assign(ccode=SYSTEM["ccode"].map(mapping))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        a = similarity(members, year, method=method, states=SYSTEM, matrix=True)
        b = similarity(relabelled, year, method=method, states=system, matrix=True)
    back = b.rename(index={v: k for k, v in mapping.items()},
                    columns={v: k for k, v in mapping.items()})  # fmt: skip
    back = back.loc[a.index, a.columns]
    np.testing.assert_allclose(back.to_numpy(), a.to_numpy(), atol=1e-12, equal_nan=True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    members=alliance_tables(),
    year=st.integers(1950, 1955),
    method=st.sampled_from(METHODS),
    system=st.lists(st.sampled_from(STATES), max_size=len(STATES), unique=True),
    self_tie=st.booleans(),
)
def test_empty_edgeless_single_state_years_never_raise(members, year, method, system, self_tie):
    """Any system (empty, one state, states without alliances): a table, NaN if undefined."""
    # an empty system: no states table, in a year without alliances in force (a states
    # table with no row for a year it covers is a CoverageError of the builder)
    states = pd.DataFrame({"ccode": system, "year": year}) if system else None
    if not system:
        members = members.iloc[:0]
        members.attrs["coverage"] = (1950, 1955)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        m = similarity(members, year, method=method, states=states, self_tie=self_tie,
                       matrix=True)  # fmt: skip
        t = similarity(members, year, method=method, states=states, self_tie=self_tie)
    n = len(system)
    assert m.shape == (n, n) and sorted(system) == list(m.index)
    assert len(t) == n * (n - 1) and list(t.columns) == ["ccode1", "ccode2", "year", method]
    vals = m.to_numpy()
    assert np.allclose(vals, vals.T, equal_nan=True)
    finite = vals[np.isfinite(vals)]
    assert ((finite >= -1 - 1e-12) & (finite <= 1 + 1e-12)).all()
    if method == "s" and n:
        assert np.isfinite(vals).all() and (np.diag(vals) == 1).all()


# ---------------------------------------------------------------------------
# table shape, panel, degenerate years, bad input
# ---------------------------------------------------------------------------


def _pair_table():
    t = pd.DataFrame(
        {"alliance_id": ["A", "A", "B", "B"], "ccode": [2, 200, 365, 2],
         "start_year": [1950, 1950, 1952, 1952], "end_year": [1955, 1955, 1953, 1953],
         "defense": [1, 1, 0, 0], "nonaggression": [0, 0, 1, 1]}
    )  # fmt: skip
    t.attrs["coverage"] = (1950, 1960)
    return validate_memberships(t)


def test_ordered_and_unordered():
    both = similarity(_pair_table(), 1952)
    one = similarity(_pair_table(), 1952, ordered=False)
    assert len(both) == 6 and len(one) == 3
    assert (one.ccode1 < one.ccode2).all()
    merged = both.merge(one, left_on=["ccode2", "ccode1"], right_on=["ccode1", "ccode2"])
    np.testing.assert_allclose(merged.s_x, merged.s_y)
    assert both.dtypes.to_dict() == {
        "ccode1": np.dtype("int64"), "ccode2": np.dtype("int64"),
        "year": np.dtype("int64"), "s": np.dtype("float64"),
    }  # fmt: skip


def test_panel_equals_yearly_calls():
    t = _pair_table()
    panel = similarity_panel(t, method="kappa")
    assert sorted(panel.year.unique()) == list(range(1950, 1956))  # nobody in force later
    for year in (1950, 1952, 1955):
        one = similarity(t, year, method="kappa")
        part = panel[panel.year == year].reset_index(drop=True)
        pd.testing.assert_frame_equal(part, one)


def test_panel_years_forms():
    t = _pair_table()
    a = similarity_panel(t, 1952)
    pd.testing.assert_frame_equal(a, similarity_panel(t, [1952.0]))
    pd.testing.assert_frame_equal(a, similarity_panel(t, range(1952, 1953)))
    pd.testing.assert_frame_equal(a, similarity(t, 1952))
    with pytest.raises(ParameterError):
        similarity_panel(t, ["1952"])
    with pytest.raises(ParameterError):
        similarity(t, 1952.5)


def test_panel_weights_callable_and_warning():
    t = _pair_table()
    caps = {1952: pd.Series({2: 0.5, 200: 0.3}), 1953: pd.Series({2: 0.5, 200: 0.3, 365: 0.2})}
    with pytest.warns(DataWarning, match=r"1952: \[365\]"):
        out = similarity_panel(t, [1952, 1953], weights=lambda y: caps[y], ordered=False)
    v52 = out[(out.year == 1952) & (out.ccode1 == 2) & (out.ccode2 == 200)].s.iloc[0]
    assert v52 == pytest.approx(s_score([3, 3, 1], [3, 3, 0], weights=[0.5, 0.3, 0.0]))


def test_degenerate_years_do_not_raise():
    t = _pair_table()
    empty = similarity(t, 1958)  # inside coverage, no alliance in force
    assert empty.empty and list(empty.columns) == ["ccode1", "ccode2", "year", "s"]
    assert similarity(t, 1958, matrix=True).shape == (0, 0)
    single = pd.DataFrame({"ccode": [2], "year": [1958]})
    for method in METHODS:
        assert similarity(t, 1958, method=method, states=single).empty
    m = similarity(t, 1958, states=single, matrix=True, method="kappa")
    assert m.shape == (1, 1) and np.isnan(m.iloc[0, 0])  # one constant portfolio
    # an edgeless year of several system members: constant-free portfolios (self-ties)
    edgeless = pd.DataFrame({"ccode": [2, 20, 200], "year": 1958})
    out = similarity(t, 1958, method="kappa", states=edgeless, ordered=False)
    assert len(out) == 3 and out.kappa.notna().all()
    out = similarity(t, 1958, method="kappa", states=edgeless, self_tie=False)
    assert out.kappa.isna().all()  # all-zero portfolios: undefined, not an error
    empty_members = _pair_table().iloc[:0]
    empty_members.attrs["coverage"] = (1950, 1960)
    assert similarity_panel(empty_members).empty


def test_states_restrict_the_portfolio():
    t = _pair_table()
    states = pd.DataFrame({"ccode": [2, 200, 20], "year": 1952})  # 365 not a member
    with pytest.warns(DataWarning, match="ccode 365"):
        out = similarity(t, 1952, states=states, matrix=True)
    assert list(out.index) == [2, 20, 200]
    # portfolios over (2, 20, 200): USA (3, 0, 3), UK (3, 0, 3): identical
    assert out.loc[2, 200] == pytest.approx(1.0)
    # USA (3, 0, 3) and 20 (0, 3, 0): every entry maximally apart
    assert out.loc[2, 20] == pytest.approx(-1.0)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"method": "tau"}, ParameterError),
        ({"distance": "euclidean"}, ParameterError),
        ({"coding": "gibler"}, ParameterError),
        ({"kappa_weights": "cubic"}, ParameterError),
        ({"method": "taub", "weights": pd.Series({2: 1.0})}, ParameterError),
        ({"weights": pd.Series({2: -1.0})}, ParameterError),
        ({"weights": [1, 2]}, ParameterError),
        ({"method": "kappa", "levels": (0, 1)}, ParameterError),
        ({"states": pd.DataFrame({"state": [2]})}, SchemaError),
    ],
)
def test_bad_input(kwargs, error):
    with pytest.raises(error):
        similarity(_pair_table(), 1952, **kwargs)


def test_bad_members_and_years():
    with pytest.raises(SchemaError):
        similarity([1, 2], 1952)
    with pytest.raises(SchemaError):
        similarity(pd.DataFrame({"ccode": [2]}), 1952)
    with pytest.raises(CoverageError):
        similarity(_pair_table(), 1990)
    late = pd.DataFrame({"ccode": [2, 200, 365], "year": 1951})  # ends before 1952
    with pytest.warns(DataWarning, match="carried forward"):
        out = similarity(_pair_table(), 1952, states=late, matrix=True, carry_forward=True)
    assert list(out.index) == [2, 200, 365]
    with pytest.raises(CoverageError):  # the package default: carry_forward=False
        similarity(_pair_table(), 1952, states=late)
    with pytest.raises(CoverageError):  # before the states table starts
        similarity(_pair_table(), 1950, states=late.assign(year=1952))


def test_public_api():
    for name in ("similarity", "similarity_panel"):
        assert getattr(anet, name) is getattr(sim, name)
    for name in ("s_score", "cohens_kappa", "scotts_pi", "tau_b"):
        assert getattr(anet, name) is getattr(agreement, name)


# ---------------------------------------------------------------------------
# real data: ATOP 5.1 and the COW state system
# ---------------------------------------------------------------------------


def _atop(shared_data) -> pd.DataFrame:
    return anet.read_atop(shared_data / "atop_5_1" / "atop5_1m.csv")


def _system(shared_data) -> pd.DataFrame:
    return anet.read_states(shared_data / "cow_states" / "system2016.csv")


def _matrices(members, years, states=None, self_tie=False):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)  # members outside the system
        data = Portfolios(members, states, carry_forward=True)
        return list(data.valued_matrices(np.asarray(years), "atop", self_tie))


@pytest.mark.realdata
def test_atop_valued_matrix_matches_official_directed_dyad_years(shared_data):
    """Our expansion reproduces ATOP's own directed dyad-year file (peacesciencer subset)."""
    ddyr = pd.read_csv(
        shared_data / "atop_5_1" / "derived_peacesciencer" / "atop5_1ddyr_subset_peacesciencer.csv"
    )
    for year, nodes, got in _matrices(_atop(shared_data), [1914, 1950, 1985, 2010]):
        d = ddyr[ddyr.year == year]
        d = d[d.ccode1.isin(nodes) & d.ccode2.isin(nodes)]
        want = np.select(
            [(d.atop_defense + d.atop_offense) > 0, (d.atop_neutral + d.atop_consul) > 0,
             d.atop_nonagg > 0], [3, 2, 1], 0,
        )  # fmt: skip
        expected = np.zeros_like(got)
        expected[np.searchsorted(nodes, d.ccode1), np.searchsorted(nodes, d.ccode2)] = want
        # 1914: one cell differs (Romania toward Italy: 3 here, 2 in ATOP's file), from
        # within-year phase changes that ATOP's day-level file resolves; the rest agree.
        differ = int((got != expected).sum())
        assert differ <= 1, (year, differ)
        assert (got > 0).sum() > 50


@pytest.mark.realdata
def test_atop_spot_checks(shared_data):
    members, states = _atop(shared_data), _system(shared_data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)  # ATOP members outside the COW system
        m = similarity(members, 1985, states=states, matrix=True)
        tidy = similarity(members, 1985, states=states, method="kappa")
    assert m.shape == (161, 161)  # COW system members in 1985
    # USA-UK: the portfolios differ in 43 of 161 entries, mostly US defence pacts in the
    # Americas and Asia (Rio Pact, Japan, Korea, ...) that the UK lacks: sum |x - y| = 120.
    assert m.loc[2, 200] == pytest.approx(1 - 2 * 120 / (3 * 161))
    assert m.loc[200, 220] > 0.9  # UK-France: NATO allies with near-identical portfolios
    assert m.loc[2, 365] < m.loc[2, 200]  # USA-USSR less similar than USA-UK
    # hand computation of one pair from the valued rows
    ((_, nodes, v),) = _matrices(members, [1985], states=states, self_tie=True)
    assert list(nodes) == list(m.index)
    i, j = np.searchsorted(nodes, [2, 365])
    assert m.loc[2, 365] == pytest.approx(1 - 2 * np.abs(v[i] - v[j]).sum() / (3 * nodes.size))
    assert len(tidy) == 161 * 160
    assert tidy.kappa.between(-1, 1).all()


@pytest.mark.realdata
def test_atop_capability_weighted(shared_data):
    members, states = _atop(shared_data), _system(shared_data)
    caps = anet.capabilities(anet.read_nmc(shared_data / "nmc_6" / "NMC-60-abridged.csv"), 1985)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)  # ATOP members outside the COW system
        m = similarity(members, 1985, states=states, weights=caps, matrix=True)
    ((_, nodes, v),) = _matrices(members, [1985], states=states, self_tie=True)
    w = caps.reindex(nodes).to_numpy()
    assert not np.isnan(w).any()  # NMC covers every system member
    i, j = np.searchsorted(nodes, [2, 365])
    assert m.loc[2, 365] == pytest.approx(s_score(v[i], v[j], weights=w))
    assert np.nanmin(m.to_numpy()) >= -1 and np.nanmax(m.to_numpy()) <= 1 + 1e-12


# ---------------------------------------------------------------------------
# one owner per concept: coding scale, states table, validation once
# ---------------------------------------------------------------------------


def test_coding_comes_from_the_shared_scale_table():
    from alliancenet._obligations import SCALES

    t = _pair_table()
    for coding in SCALES:
        m = similarity(t, 1952, coding=coding, matrix=True)
        assert np.diag(m.to_numpy()).tolist() == [1.0] * 3
    # the ATOP scale codes the 2-365 non-aggression pact 1, the COW scale 2: S(2, 365) differs
    atop = similarity(t, 1952, coding="atop", matrix=True).loc[2, 365]
    cow = similarity(t, 1952, coding="COW", matrix=True).loc[2, 365]  # case-insensitive
    assert atop == pytest.approx(s_score([3, 3, 1], [1, 0, 3]))
    assert cow == pytest.approx(s_score([3, 3, 2], [2, 0, 3]))
    with pytest.raises(ParameterError, match="coding"):
        similarity(t, 1952, coding=None)


def test_states_table_validated_once_and_state_system_accepted(monkeypatch):
    from alliancenet import schema

    members, states = anet.load_example(), anet.load_example_states()
    built = []
    original = schema.StateSystem.__init__

    def counting(self, table):
        built.append(1)
        original(self, table)

    monkeypatch.setattr(schema.StateSystem, "__init__", counting)
    a = similarity_panel(members, range(1984, 1987), states=states)
    assert len(built) == 1  # once for the whole call, however many years and builders
    system = schema.state_system(states)
    b = similarity_panel(members, range(1984, 1987), states=system)
    assert len(built) == 2  # the StateSystem is used as given
    pd.testing.assert_frame_equal(a, b)


def test_members_validated_once(monkeypatch):
    from alliancenet import schema
    from alliancenet.build import _core

    raw = pd.DataFrame(
        {"alliance_id": ["A", "A", "B", "B"], "ccode": [2, 200, 365, 2],
         "start_year": [1950, 1950, 1952, 1952], "end_year": [1955, 1955, 1953, 1953],
         "defense": [1, 1, 0, 0], "nonaggression": [0, 0, 1, 1]}
    )  # fmt: skip
    calls = []
    original = schema.validate_memberships

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(_core, "validate_memberships", counting)
    out = similarity_panel(raw, [1952, 1953])
    assert len(calls) == 1
    pd.testing.assert_frame_equal(out, similarity_panel(validate_memberships(raw), [1952, 1953]))


def test_carry_forward_defaults_to_false_like_the_builders():
    import inspect

    for f in (similarity, similarity_panel):
        assert inspect.signature(f).parameters["carry_forward"].default is False
    late = pd.DataFrame({"ccode": [2, 200, 365], "year": 1951})
    with pytest.raises(CoverageError, match="carry_forward"):
        similarity_panel(_pair_table(), [1951, 1952], states=late)
    with pytest.warns(DataWarning, match="carried forward"):
        out = similarity_panel(_pair_table(), [1951, 1952], states=late, carry_forward=True)
    assert sorted(out.year.unique()) == [1951, 1952]


def test_default_years_without_overlap_raise():
    states = pd.DataFrame({"ccode": [2, 200], "year": 1990})
    with pytest.raises(CoverageError, match="share no year"):
        similarity_panel(_pair_table(), states=states)


def test_progress_does_not_change_the_table():
    t = _pair_table()
    pd.testing.assert_frame_equal(similarity_panel(t, progress=True), similarity_panel(t))


# ---------------------------------------------------------------------------
# hostile input: one clear error each
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "weights",
    [
        pd.Series({2: 1.0, 200: np.inf, 365: 1.0}),
        pd.Series([1.0, 2.0, 1.0], index=[2, 2, 200]),
        lambda year: [1, 2, 3],
        "caps",
    ],
    ids=["infinite", "duplicate-ccode", "callable-returns-list", "string"],
)
def test_bad_weights(weights):
    with pytest.raises(ParameterError, match="weights"):
        similarity_panel(_pair_table(), [1952], weights=weights)


@pytest.mark.parametrize("year", ["1952", None, [1952, 1953], True])
def test_bad_year(year):
    with pytest.raises(ParameterError, match="year"):
        similarity(_pair_table(), year)


def test_pairwise_statistics_refuse_non_numbers_and_infinity():
    for f in (s_score, cohens_kappa, scotts_pi, tau_b):
        with pytest.raises(ParameterError):
            f(["a", "b"], [0, 1])
        with pytest.raises(ParameterError):
            f([np.inf, 0], [0, 1])
        with pytest.raises(ParameterError):
            f([[0, 1]], [[0, 1]])
    with pytest.raises(ParameterError, match="weights"):
        s_score([0, 1], [1, 0], weights=[1, np.inf])
    with pytest.raises(ParameterError, match="levels"):
        cohens_kappa([0, 1], [1, 0], levels="01")


def test_duplicate_column_names_are_schema_errors():
    t = _pair_table()
    with pytest.raises(SchemaError, match="more than once"):
        similarity(pd.concat([t, t[["ccode"]]], axis=1), 1952)
    states = pd.DataFrame({"ccode": [2, 200, 365], "year": 1952})
    with pytest.raises(SchemaError, match="more than once"):
        similarity(t, 1952, states=pd.concat([states, states[["year"]]], axis=1))


#: How large years are scored: (COMPILED_MIN, kernels compiled at install in use)
_SCORING = {
    "products": (None, False),  # sparse products by blocks of rows (no compiled kernels)
    "compiled at install": (-1, True),  # when this install built them
    "just in time": (-1, False),
}


def _scoring(monkeypatch, how: str) -> None:
    from alliancenet import _aot
    from alliancenet.measures import _agreement_matrix as am

    compiled_min, aot = _SCORING[how]
    if compiled_min is not None:
        monkeypatch.setattr(am, "COMPILED_MIN", compiled_min)
    monkeypatch.setattr(_aot, "ENABLED", aot)


@pytest.mark.parametrize("how", list(_SCORING))
@pytest.mark.parametrize("distance", ["absolute", "squared"])
@pytest.mark.parametrize("weighted", [False, "int", "float"])
def test_sparse_rows_equal_the_dense_products(distance, weighted, how, monkeypatch):
    """Large years score S from sparse rows, straight into the columns: the dense values.

    Every way: sparse products by blocks of rows (without the kernels compiled at
    install), the kernel compiled at install and the one compiled just in time.
    """
    from alliancenet.measures import _agreement_matrix as am

    _scoring(monkeypatch, how)

    rng = np.random.default_rng(3)
    n = 60
    values = np.where(rng.random((n, n)) < 0.15, rng.integers(1, 4, (n, n)), 0).astype(np.int8)
    np.fill_diagonal(values, 3)
    values[5] = 0  # a state without any tie
    w = {
        False: np.ones(n),
        "int": rng.integers(0, 4, n).astype(float),
        "float": rng.random(n),
    }[weighted]
    dense = am.s_matrix(values, w, distance, 3)
    sparse = am.SparseS(values, w, distance, 3)
    got = sparse.matrix()
    if weighted == "float":
        np.testing.assert_allclose(got, dense, rtol=0, atol=1e-12)
    else:
        np.testing.assert_array_equal(got, dense)
    nodes = np.arange(n) * 10 + 2
    size = n * (n - 1) // 2
    c1, c2, val = np.empty(size, np.int64), np.empty(size, np.int64), np.empty(size)
    sparse.fill(nodes, False, c1, c2, val)
    i, j = np.triu_indices(n, 1)
    assert c1.tolist() == nodes[i].tolist() and c2.tolist() == nodes[j].tolist()
    np.testing.assert_allclose(val, dense[i, j], rtol=0, atol=1e-12)
    zero = am.SparseS(values, np.zeros(n), distance, 3).matrix()
    assert np.isnan(zero[~np.eye(n, dtype=bool)]).all()


def test_similarity_panel_large_years_use_blocks(monkeypatch):
    """The tidy table is the same whether years are scored whole or in sparse blocks."""
    from alliancenet.measures import _agreement_matrix as am

    members, states = anet.load_example(), anet.load_example_states()
    want = anet.similarity_panel(members, range(1985, 1988), states=states)
    want_u = anet.similarity_panel(members, 1986, states=states, ordered=False, distance="squared")
    want_m = anet.similarity(members, 1986, states=states, matrix=True)
    monkeypatch.setattr(am, "DENSE_MAX", 0)
    monkeypatch.setattr(am, "BLOCK_BYTES", 8 * 50 * 7)  # blocks of 7 rows
    for how in _SCORING:
        _scoring(monkeypatch, how)
        got = anet.similarity_panel(members, range(1985, 1988), states=states)
        pd.testing.assert_frame_equal(got, want, check_exact=True)
        got_u = anet.similarity_panel(
            members, 1986, states=states, ordered=False, distance="squared"
        )
        pd.testing.assert_frame_equal(got_u, want_u, check_exact=True)
        pd.testing.assert_frame_equal(
            anet.similarity(members, 1986, states=states, matrix=True), want_m, check_exact=True
        )
