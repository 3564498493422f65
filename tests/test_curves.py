"""Tests for robustness curves, R-index, panels, removal strategies and the percolation engine."""

from __future__ import annotations

import math
import random
import warnings

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliancenet._graphs import graph_to_csr
from alliancenet._random import spawn
from alliancenet.errors import DataWarning, GraphTypeError, ParameterError
from alliancenet.robustness import _engine
from alliancenet.robustness.curves import r_index, robustness_curve
from alliancenet.robustness.panel import r_index_panel, robustness_panel


# --------------------------------------------------------------------------- #
# Independent naive oracles (networkx, recompute everything at every step)
# --------------------------------------------------------------------------- #
def naive_curve(G, removal):
    """lcc, n_components, covered after 0..len(removal) removals, by recomputation."""
    H = nx.Graph(G.to_undirected() if G.is_directed() else G)
    H.remove_edges_from(list(nx.selfloop_edges(H)))
    lcc, ncomp, cov = [], [], []
    for k in range(len(removal) + 1):
        if k:
            H.remove_node(removal[k - 1])
        comps = list(nx.connected_components(H))
        lcc.append(max((len(c) for c in comps), default=0))
        ncomp.append(len(comps))
        cov.append(sum(1 for v in H if H.degree(v) > 0))
    return lcc, ncomp, cov


def naive_adaptive(G, score_fn):
    """Adaptive attack: recompute score_fn on the remaining graph; ties to lower ccode."""
    H = G.copy()
    order = []
    while H.number_of_nodes():
        scores = score_fn(H)
        v = min(H.nodes, key=lambda u: (-scores[u], u))
        order.append(v)
        H.remove_node(v)
    return order


def naive_betweenness_attack(G):
    """Adaptive betweenness: (betweenness, degree, -ccode); networkx recomputation."""
    H = G.copy()
    order = []
    while H.number_of_nodes():
        b = nx.betweenness_centrality(H, normalized=False)
        v = min(H.nodes, key=lambda u: (-round(b[u], 9), -H.degree(u), u))
        order.append(v)
        H.remove_node(v)
    return order


def random_graph(n, p, seed):
    G = nx.gnp_random_graph(n, p, seed=seed)
    return nx.relabel_nodes(G, {i: 2 + 10 * i for i in G})  # ccode-like labels


graphs = st.builds(
    random_graph,
    st.integers(1, 25),
    st.floats(0.0, 0.5),
    st.integers(0, 10_000),
)


# --------------------------------------------------------------------------- #
# Engine
# --------------------------------------------------------------------------- #
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(G=graphs, seed=st.integers(0, 2**32 - 1))
def test_engine_matches_naive_oracle(G, seed):
    nodes, indptr, indices = graph_to_csr(G)
    order = np.random.default_rng(seed).permutation(len(nodes))
    lcc, ncomp, cov = _engine.percolate(indptr, indices, order)
    exp = naive_curve(G, [nodes[i] for i in order])
    assert lcc[0].tolist() == exp[0]
    assert ncomp[0].tolist() == exp[1]
    assert cov[0].tolist() == exp[2]


def test_numba_and_python_kernels_agree_exactly():
    rng = np.random.default_rng(7)
    for G in (nx.gnm_random_graph(300, 600, seed=1), nx.barabasi_albert_graph(200, 3, seed=2)):
        _, indptr, indices = graph_to_csr(G)
        orders = _engine.random_orders(G.number_of_nodes(), 20, rng)
        compiled = _engine._percolate_numba or _engine.percolate_python
        fast = compiled(indptr, indices, orders)
        slow = _engine.percolate_python(indptr, indices, orders)
        for a, b in zip(fast, slow, strict=True):
            assert a.dtype == b.dtype
            np.testing.assert_array_equal(a, b)
    if _engine.HAVE_NUMBA:
        assert hasattr(_engine._percolate_numba, "signatures")


# The same workload runs here (numba-compiled kernels, when numba is installed) and in a
# fresh interpreter in which ``import numba`` fails, so that the pure-Python fallback
# of the whole public API (not only the kernel) is exercised and compared.
_NO_NUMBA_WORKLOAD = """
import networkx as nx
import alliancenet as anet


def workload():
    G = nx.relabel_nodes(nx.gnp_random_graph(30, 0.12, seed=5), lambda i: 2 + 10 * i)
    panel = {1990: G, 1991: nx.barabasi_albert_graph(25, 2, seed=1), 1992: nx.star_graph(6)}
    return {
        "random": anet.robustness_curve(G, "random", n_sims=20, rng=3),
        "adaptive": anet.robustness_curve(G, "degree", adaptive=True),
        "betweenness": anet.robustness_curve(G, "betweenness", adaptive=True),
        "r_random": anet.r_index(G, "random", n_sims=10, rng=1),
        "r_star": anet.r_index(nx.star_graph(9)),
        "panel": anet.robustness_panel(panel, n_sims=10, rng=4),
        "panel_summary": anet.robustness_panel(panel, n_sims=40, rng=4, quantiles=(0.05, 0.5, 0.95)),
        "panel_r": anet.r_index_panel(panel, strategy="random", n_sims=40, rng=4),
    }
"""


def _compare_results(got, want):
    assert got.keys() == want.keys()
    for key, value in want.items():
        if isinstance(value, pd.DataFrame):
            pd.testing.assert_frame_equal(got[key], value, check_exact=True)
        elif isinstance(value, pd.Series):
            pd.testing.assert_series_equal(got[key], value, check_exact=True)
        else:
            assert got[key] == value, key


def test_pure_python_path_without_numba_gives_identical_results(run_without_numba):
    namespace: dict = {}
    exec(_NO_NUMBA_WORKLOAD, namespace)
    want = namespace["workload"]()
    got = run_without_numba(_NO_NUMBA_WORKLOAD)
    _compare_results(got, want)
    assert want["r_star"] == pytest.approx(9 / 100, abs=1e-12)


_READ_ONLY_SCRIPT = """
import sys, pickle
import numba
from alliancenet.robustness import _engine

# the environment reproduces the failure: numba finds no writable cache location
try:
    numba.njit(cache=True)(_engine.percolate_python)
except RuntimeError as err:
    assert "no locator available" in str(err), err
else:
    raise AssertionError("the read-only setup did not reproduce the numba cache failure")
import networkx as nx
import alliancenet as anet
G = nx.gnp_random_graph(30, 0.15, seed=2)
out = {
    "curve": anet.robustness_curve(G, n_sims=500, rng=1),  # large enough for numba
    "sims": anet.simulate_defections(G, n_sims=300, rng=1),
    "keystones": anet.keystones(G),
}
assert hasattr(_engine._percolate_numba, "signatures") and _engine._percolate_numba.signatures
assert _engine.HAVE_NUMBA and not _engine.CACHED  # compiled in memory
with open(sys.argv[1], "wb") as fh:
    pickle.dump(out, fh)
"""


@pytest.mark.skipif(not _engine.HAVE_NUMBA, reason="needs numba")
def test_import_and_kernels_work_where_numba_cannot_cache(tmp_path):
    """A read-only install (package folder and home unwritable): numba compiles in memory.

    Unwritable locations are made from paths under a regular file, which no process
    (root included) can create folders in: the package's ``__pycache__`` is a file,
    and HOME / XDG_CACHE_HOME point below a file; NUMBA_CACHE_DIR is unset.
    """
    import os
    import pickle
    import shutil
    import subprocess
    import sys

    import alliancenet

    site = tmp_path / "site"
    shutil.copytree(
        os.path.dirname(alliancenet.__file__),
        site / "alliancenet",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    (site / "alliancenet" / "robustness" / "__pycache__").write_text("not a folder")
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NUMBA_")}
    env.update(
        PYTHONPATH=str(site),
        HOME=str(blocker / "home"),
        XDG_CACHE_HOME=str(blocker / "cache"),
        PYTHONDONTWRITEBYTECODE="1",
        ALLIANCENET_AOT="0",  # this is about numba's just-in-time path, not the built kernels
    )
    out = tmp_path / "out.pkl"
    proc = subprocess.run(
        [sys.executable, "-c", _READ_ONLY_SCRIPT, str(out)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    with open(out, "rb") as fh:
        got = pickle.load(fh)
    G = nx.gnp_random_graph(30, 0.15, seed=2)
    import alliancenet as anet

    pd.testing.assert_frame_equal(got["curve"], anet.robustness_curve(G, n_sims=500, rng=1))
    pd.testing.assert_frame_equal(got["sims"], anet.simulate_defections(G, n_sims=300, rng=1))
    pd.testing.assert_frame_equal(got["keystones"], anet.keystones(G))


def test_graph_to_csr_directed_weak_and_weights_summed():
    D = nx.DiGraph()
    D.add_edge(1, 2, weight=2)
    D.add_edge(2, 1, weight=3)
    D.add_edge(2, 3)
    D.add_edge(3, 3)
    D.add_node(9)
    nodes, indptr, indices, data = graph_to_csr(D, weight="weight")
    assert nodes == [1, 2, 3, 9]
    assert np.diff(indptr).tolist() == [1, 2, 1, 0]
    strength = np.bincount(np.repeat(np.arange(4), np.diff(indptr)), data, minlength=4)
    assert strength.tolist() == [5, 6, 1, 0]


@pytest.mark.parametrize(("rows", "cols", "top"), [(1000, 50, 50), (7, 3, 2), (1, 4, 9), (3, 2, 0)])
def test_column_summary_equals_numpy(rows, cols, top):
    values = np.random.default_rng(rows).integers(0, top + 1, (rows, cols))
    qs = np.array([0.05, 0.5, 0.95, 0.0, 1.0, 0.3])
    mean, quant = _engine.column_summary(values, qs)
    np.testing.assert_array_equal(mean, values.mean(axis=0))
    np.testing.assert_array_equal(quant, np.quantile(values, qs, axis=0))
    py_mean, py_quant = _engine.column_summary_python(values, qs)
    np.testing.assert_array_equal(py_mean, mean)
    np.testing.assert_array_equal(py_quant, quant)


def test_engine_rejects_wrong_order_width():
    _, indptr, indices = graph_to_csr(nx.path_graph(3))
    with pytest.raises(ValueError, match="3 columns"):
        _engine.percolate(indptr, indices, np.array([[0, 1]]))


# --------------------------------------------------------------------------- #
# R-index known values (REFERENCES c.6)
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize("n", [5, 10, 50])
def test_r_index_complete_graph(n):
    assert r_index(nx.complete_graph(n)) == pytest.approx((n - 1) / (2 * n), abs=1e-12)


@pytest.mark.parametrize(("n", "expected"), [(5, 0.16), (10, 0.09), (50, 0.0196)])
def test_r_index_star(n, expected):
    r = r_index(nx.star_graph(n - 1))
    assert r == pytest.approx((n - 1) / n**2, abs=1e-12)
    assert r == pytest.approx(expected, abs=1e-12)


def test_r_index_is_the_mean_over_orders_of_the_curve_and_bounded():
    G = random_graph(40, 0.1, 3)
    r = r_index(G, "random", n_sims=50, rng=2)
    assert type(r) is float
    assert type(r_index(G, "random", n_sims=1, rng=2)) is float
    n = G.number_of_nodes()
    # per-order R from the curve table of the same seed; r_index is their mean
    curve = robustness_curve(G, "random", n_sims=50, rng=2)
    per_order = curve[curve.step > 0].groupby("order")["lcc_fraction"].sum() / n
    assert len(per_order) == 50 and per_order.nunique() > 1
    assert r == pytest.approx(per_order.mean(), rel=1e-12)
    assert ((per_order >= (n - 1) / n**2 - 1e-12) & (per_order <= (n - 1) / (2 * n) + 1e-12)).all()
    # the targeted attack hurts more than the average random failure
    assert r_index(G, "degree") < r
    # same seed, same R
    assert r == r_index(G, "random", n_sims=50, rng=2)
    assert r != r_index(G, "random", n_sims=50, rng=3)


def test_deterministic_strategies_ignore_n_sims():
    G = random_graph(20, 0.2, 4)
    one = robustness_curve(G, "degree", adaptive=True, n_sims=1)
    many = robustness_curve(G, "degree", adaptive=True)  # default n_sims=1000
    pd.testing.assert_frame_equal(one, many)
    assert set(many["order"]) == {0}
    assert r_index(G, n_sims=1) == r_index(G) == r_index(G, n_sims=7)
    assert set(robustness_curve(G, [G.number_of_nodes() and sorted(G)[0]])["order"]) == {0}


def test_r_index_needs_full_sequence():
    G = nx.path_graph(4)
    # remove 1: {0}, {2, 3} -> 2; remove 2 -> 1; remove 0 -> 1; remove 3 -> 0
    assert r_index(G, [1, 2, 0, 3]) == pytest.approx((2 + 1 + 1 + 0) / 16)
    with pytest.raises(ParameterError, match="full removal order"):
        r_index(G, [1, 2])


# --------------------------------------------------------------------------- #
# Curves: columns, invariants, strategies
# --------------------------------------------------------------------------- #
def test_curve_columns_and_step0():
    G = random_graph(15, 0.2, 1)
    c = robustness_curve(G, "random", n_sims=3, rng=0)
    assert c.columns.tolist() == [
        "order",
        "step",
        "removed",
        "fraction_removed",
        "lcc_fraction",
        "n_components",
        "coverage",
    ]
    assert len(c) == 3 * 16
    assert str(c["removed"].dtype) == "Int64"
    first = c[c.step == 0]
    assert first["removed"].isna().all()
    assert (first["lcc_fraction"] == max(map(len, nx.connected_components(G))) / 15).all()
    assert (first["n_components"] == nx.number_connected_components(G)).all()
    # each order removes every state exactly once
    for _, grp in c[c.step > 0].groupby("order"):
        assert sorted(grp["removed"].tolist()) == sorted(G.nodes)
    # invariants
    remaining = 1 - c["fraction_removed"]
    assert (c["coverage"] <= remaining + 1e-12).all()
    assert (c["lcc_fraction"] <= remaining + 1e-12).all()
    assert (c["n_components"] <= np.round(remaining * 15)).all()
    last = c[c.step == 15]
    assert (last[["lcc_fraction", "n_components", "coverage"]] == 0).all().all()
    assert c.attrs["n_states"] == 15


def test_adaptive_degree_removes_star_hub_first():
    G = nx.relabel_nodes(nx.star_graph(6), {0: 365})  # hub has the highest ccode
    for adaptive in (False, True):
        c = robustness_curve(G, "degree", adaptive=adaptive)
        assert c.loc[c.step == 1, "removed"].item() == 365
        assert c.loc[c.step == 1, "lcc_fraction"].item() == pytest.approx(1 / 7)
        # remaining leaves all tie: lower ccode first
        assert c["removed"].iloc[2:].tolist() == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("strategy", ["degree", "strength"])
@pytest.mark.parametrize("seed", range(6))
def test_adaptive_degree_strength_match_naive(strategy, seed):
    rng = np.random.default_rng(seed)
    G = random_graph(30, 0.15, seed)
    for u, v in G.edges:
        G.edges[u, v]["weight"] = int(rng.integers(1, 4))
    weight = "weight" if strategy == "strength" else None
    expected = naive_adaptive(G, lambda H: dict(H.degree(weight=weight)))
    got = robustness_curve(G, strategy, adaptive=True)["removed"].iloc[1:].tolist()
    assert got == expected
    static = robustness_curve(G, strategy)["removed"].iloc[1:].tolist()
    deg = dict(G.degree(weight=weight))
    assert static == sorted(G.nodes, key=lambda u: (-deg[u], u))


@pytest.mark.parametrize("seed", range(5))
def test_adaptive_betweenness_matches_networkx_oracle(seed):
    G = random_graph(25, 0.12, seed)
    got = robustness_curve(G, "betweenness", adaptive=True)["removed"].iloc[1:].tolist()
    assert got == naive_betweenness_attack(G)


def test_static_betweenness_and_eigenvector_orders():
    G = nx.relabel_nodes(nx.barbell_graph(5, 2), lambda i: i + 100)
    bc = nx.betweenness_centrality(G, normalized=False)
    got = robustness_curve(G, "betweenness")["removed"].iloc[1:].tolist()
    assert got == sorted(G, key=lambda u: (-round(bc[u], 9), -G.degree(u), u))
    H = nx.karate_club_graph()
    ev = nx.eigenvector_centrality_numpy(H)
    got = robustness_curve(H, "eigenvector", weight=None)["removed"].iloc[1:].tolist()
    values = [ev[v] for v in got]
    assert all(a >= b - 1e-9 for a, b in zip(values, values[1:], strict=False))
    adaptive = robustness_curve(H, "eigenvector", adaptive=True, weight=None)
    assert adaptive["removed"].iloc[1] == got[0]
    assert sorted(adaptive["removed"].iloc[1:]) == sorted(H)


def naive_eigenvector_attack_prefix(G):
    """Adaptive eigenvector attack by numpy eigh on the states that still have allies.

    Stops when the leading eigenvalue is not simple (the eigenvector, hence the order,
    is then not unique); returns the order up to there.
    """
    H = G.copy()
    order = []
    while True:
        active = sorted(v for v in H if H.degree(v) > 0)
        if not active:
            return order
        w, vecs = np.linalg.eigh(nx.to_numpy_array(H, nodelist=active, weight=None))
        if len(w) > 1 and w[-1] - w[-2] < 1e-6:
            return order
        x = np.abs(vecs[:, -1])
        score = dict(zip(active, np.round(x / x.max(), 9), strict=True))
        v = min(active, key=lambda u: (-score[u], -H.degree(u), u))
        order.append(v)
        H.remove_node(v)


@pytest.mark.parametrize("seed", [None, *range(4)])
def test_adaptive_eigenvector_matches_numpy_oracle(seed):
    G = nx.karate_club_graph() if seed is None else random_graph(30, 0.12, seed)
    want = naive_eigenvector_attack_prefix(G)
    assert len(want) >= 8
    got = robustness_curve(G, "eigenvector", adaptive=True, weight=None)
    removed = got["removed"].iloc[1:].tolist()
    assert removed[: len(want)] == want
    assert sorted(removed) == sorted(G)


def test_progress_bar_off_by_default_and_on_request(capsys):
    panel = _toy_panel()
    robustness_panel(panel, n_sims=5, rng=0)
    robustness_curve(panel[1990], "degree", ties="random", n_sims=3, rng=0)
    assert capsys.readouterr().err == ""
    robustness_panel(panel, n_sims=5, rng=0, progress=True)
    err = capsys.readouterr().err
    assert "years" in err and "3/3" in err


def test_random_ties_sample_over_tie_breaks():
    G = nx.path_graph(6)
    c = robustness_curve(G, "degree", ties="random", n_sims=20, rng=3)
    firsts = set(c.loc[c.step == 1, "removed"])
    assert firsts <= {1, 2, 3, 4} and len(firsts) > 1
    again = robustness_curve(G, "degree", ties="random", n_sims=20, rng=3, n_jobs=2)
    pd.testing.assert_frame_equal(c, again)
    fixed = robustness_curve(G, "degree", n_sims=2)  # deterministic: one order
    assert fixed.loc[fixed.step == 1, "removed"].tolist() == [1]


def test_capability_strategy_and_missing_values_warn():
    G = nx.Graph([(2, 200), (200, 220), (220, 255), (255, 365)])
    caps = pd.Series({2: 0.2, 200: 0.1, 220: 0.05, 255: 0.3}, name="cinc")
    with pytest.warns(DataWarning, match="365"):
        c = robustness_curve(G, "capability", capabilities=caps)
    assert c["removed"].iloc[1:].tolist() == [255, 2, 200, 220, 365]
    with pytest.raises(ParameterError, match="capabilities"):
        robustness_curve(G, "capability")


def test_major_powers_first():
    G = nx.Graph([(2, 20), (2, 40), (2, 41), (200, 210), (365, 366), (365, 367), (365, 368)])
    G.graph["year"] = 1990
    c = robustness_curve(G, "major_powers_first", majors=[200, 365])
    # majors by degree (365 has 3 allies, 200 has 1), then the rest by degree
    assert c["removed"].iloc[1:4].tolist() == [365, 200, 2]
    caps = pd.Series({200: 0.3, 365: 0.1, 2: 0.2})
    c = robustness_curve(G, "major_powers_first", majors=[200, 365], capabilities=caps)
    assert c["removed"].iloc[1:4].tolist() == [200, 365, 2]
    table = pd.DataFrame(
        {
            "ccode": [200, 365, 2],
            "stateabb": ["UKG", "RUS", "USA"],
            "start_year": [1816, 1992, 1898],
            "end_year": pd.array([pd.NA, pd.NA, 1980], dtype="Int64"),
        }
    )
    c = robustness_curve(G, "major_powers_first", majors=table, adaptive=True)
    # only UKG is major in 1990; then 2 and 365 tie on 3 allies: lower ccode first
    assert c["removed"].iloc[1:4].tolist() == [200, 2, 365]
    H = G.copy()
    H.graph.pop("year")
    with pytest.raises(ParameterError, match="year"):
        robustness_curve(H, "major_powers_first", majors=table)
    with pytest.raises(ParameterError, match="majors"):
        robustness_curve(G, "major_powers_first")


def test_explicit_sequence_prefix_and_errors():
    G = nx.path_graph(5)
    c = robustness_curve(G, [2, 0])
    assert c["step"].tolist() == [0, 1, 2]
    assert c["removed"].tolist()[1:] == [2, 0]
    assert c["lcc_fraction"].tolist() == [1.0, 0.4, 0.4]
    assert c["n_components"].tolist() == [1, 2, 2]
    assert c["coverage"].tolist() == [1.0, 0.8, 0.4]
    with pytest.raises(ParameterError, match="not in the graph"):
        robustness_curve(G, [7])
    with pytest.raises(ParameterError, match="repeats"):
        robustness_curve(G, [1, 1])


def test_directed_graph_uses_weak_connectivity():
    D = nx.DiGraph([(1, 2), (3, 2), (4, 5)])
    U = D.to_undirected()
    order = [2, 1, 3, 4, 5]
    cols = ["lcc_fraction", "n_components", "coverage"]
    pd.testing.assert_frame_equal(
        robustness_curve(D, order)[cols], robustness_curve(U, order)[cols]
    )


def test_non_integer_labels_and_bad_input():
    G = nx.Graph([("a", "b"), ("b", "c")])
    c = robustness_curve(G, "degree")
    assert c["removed"].tolist()[1:] == ["b", "a", "c"]
    with pytest.raises(GraphTypeError):
        robustness_curve({1: [2]})
    with pytest.raises(ParameterError, match="empty graph"):
        robustness_curve(nx.Graph())
    with pytest.raises(ParameterError, match="strategy"):
        robustness_curve(G, "pagerank")
    with pytest.raises(ParameterError, match="ties"):
        robustness_curve(G, "degree", ties="alphabetical")
    for bad in (0, -1, 1.5, True):
        with pytest.raises(ParameterError, match="n_sims"):
            robustness_curve(G, n_sims=bad)


def test_er_random_removal_matches_giant_component_theory():
    """ER with mean degree 4: after keeping q = 1 - f, lcc/N ≈ q S with S = 1 - exp(-4 q S)."""
    n = 20_000
    G = nx.fast_gnp_random_graph(n, 4 / (n - 1), seed=11)
    c = robustness_curve(G, "random", n_sims=2, rng=5)
    mean = c.groupby("step")["lcc_fraction"].mean()
    for f in (0.0, 0.3, 0.5, 0.65):
        q = 1 - f
        s = 0.5
        for _ in range(500):
            s = 1 - math.exp(-4 * q * s)
        assert mean[round(f * n)] == pytest.approx(q * s, abs=0.015), f
    assert mean[round(0.85 * n)] < 0.01  # beyond f_c = 1 - 1/<k> = 0.75


# --------------------------------------------------------------------------- #
# Panels and reproducibility
# --------------------------------------------------------------------------- #
def _toy_panel():
    return {
        1990: random_graph(20, 0.15, 1),
        1991: random_graph(22, 0.15, 2),
        1992: nx.complete_graph(6),
    }


def test_panel_is_year_plus_the_curve_columns_and_equals_the_curves():
    panel = _toy_panel()
    table = robustness_panel(panel, n_sims=20, rng=9)
    curve_columns = robustness_curve(panel[1990], n_sims=2, rng=0).columns.tolist()
    assert table.columns.tolist() == ["year", *curve_columns]
    assert table.index.equals(pd.RangeIndex(len(table)))
    assert len(table) == 20 * (21 + 23 + 7)
    assert str(table["removed"].dtype) == "Int64"
    # year y equals robustness_curve with the y-th child generator
    children = spawn(9, 3)
    for year, child in zip(panel, children, strict=True):
        alone = robustness_curve(panel[year], n_sims=20, rng=child)
        got = table[table.year == year].drop(columns="year").reset_index(drop=True)
        pd.testing.assert_frame_equal(got, alone, check_exact=True, check_like=False)
    assert table.attrs["strategy"] == "random"


def test_panel_summary_and_agreement_with_curves():
    panel = _toy_panel()
    res = robustness_panel(panel, n_sims=50, rng=9, quantiles=(0.05, 0.5, 0.95))
    assert res.columns.tolist() == [
        "year",
        "step",
        "fraction_removed",
        "measure",
        "mean",
        "q05",
        "q50",
        "q95",
    ]
    assert set(res["measure"]) == {"lcc_fraction", "n_components", "coverage"}
    assert len(res) == 3 * (21 + 23 + 7)
    assert (res["q05"] <= res["mean"] + 1e-12).all()
    assert (res["mean"] <= res["q95"] + 1e-12).all()
    # the single-graph summary with the y-th child generator is the same table
    child = spawn(9, 3)[1]
    alone = robustness_curve(panel[1991], n_sims=50, rng=child, quantiles=(0.05, 0.5, 0.95))
    got = res[res.year == 1991].drop(columns="year").reset_index(drop=True)
    pd.testing.assert_frame_equal(got, alone, check_exact=True)
    # and the summary of the per-order curve
    c = robustness_curve(panel[1991], n_sims=50, rng=spawn(9, 3)[1])
    mine = c.groupby("step")["lcc_fraction"].agg(["mean", lambda s: s.quantile(0.95)])
    got = res.query("year == 1991 and measure == 'lcc_fraction'")
    np.testing.assert_allclose(got["mean"].to_numpy(), mine["mean"].to_numpy())
    np.testing.assert_allclose(got["q95"].to_numpy(), mine.iloc[:, 1].to_numpy())


def test_r_index_panel_known_values_and_agreement():
    panel = _toy_panel()
    targeted = r_index_panel(panel)
    assert targeted.columns.tolist() == ["year", "n_states", "r_index"]
    assert targeted["year"].tolist() == [1990, 1991, 1992]
    assert targeted["n_states"].tolist() == [20, 22, 6]
    for year, r in zip(targeted["year"], targeted["r_index"], strict=True):
        assert r == r_index(panel[year])  # default: adaptive degree attack
    # complete graph K6: every order gives R = 5/12
    assert targeted["r_index"].iloc[2] == pytest.approx(5 / 12, abs=1e-12)
    rand = r_index_panel(panel, strategy="random", adaptive=False, n_sims=30, rng=4)
    children = spawn(4, 3)
    for (year, r), child in zip(rand[["year", "r_index"]].to_numpy(), children, strict=True):
        assert r == pytest.approx(
            r_index(panel[int(year)], "random", n_sims=30, rng=child), rel=1e-14
        )
    same = r_index_panel(panel, strategy="random", n_sims=30, rng=4, n_jobs=2)
    pd.testing.assert_frame_equal(rand, same, check_exact=True)
    with pytest.raises(ParameterError, match="full removal order"):
        r_index_panel({1: nx.path_graph(3)}, strategy=[0, 1])


def test_panel_identical_for_n_jobs():
    panel = _toy_panel()
    a = robustness_panel(panel, n_sims=30, rng=4, n_jobs=1)
    b = robustness_panel(panel, n_sims=30, rng=4, n_jobs=2)
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    q = (0.05, 0.95)
    pd.testing.assert_frame_equal(
        robustness_panel(panel, n_sims=30, rng=4, quantiles=q),
        robustness_panel(panel, n_sims=30, rng=4, quantiles=q, n_jobs=2),
        check_exact=True,
    )
    c = robustness_panel(panel, n_sims=30, rng=5)
    assert not a["lcc_fraction"].equals(c["lcc_fraction"])


def test_panel_bad_input():
    with pytest.raises(ParameterError, match="non-empty mapping"):
        robustness_panel({})
    with pytest.raises(ParameterError, match="non-empty mapping"):
        r_index_panel([nx.path_graph(3)])
    with pytest.raises(ParameterError, match="quantiles"):
        robustness_panel(_toy_panel(), quantiles=(0.05, 1.5))
    with pytest.raises(ParameterError, match="capabilities"):
        robustness_panel(_toy_panel(), strategy="capability", capabilities=[1, 2])


def test_panel_capabilities_table():
    panel = {2000: nx.Graph([(2, 20), (20, 200)]), 2001: nx.Graph([(2, 20)])}
    nmc = pd.DataFrame(
        {
            "ccode": [2, 20, 200, 2, 20],
            "year": [2000] * 3 + [2001] * 2,
            "cinc": [0.3, 0.1, 0.2] * 1 + [0.1, 0.3],
        }
    )
    res = robustness_panel(panel, strategy="capability", capabilities=nmc, quantiles=(0.5,))
    lcc = res.query("measure == 'lcc_fraction'")
    # 2000: remove 2, then 200, then 20 -> lcc 1, 2/3, 1/3, 1/3, 0
    assert lcc.query("year == 2000")["mean"].round(6).tolist() == [1.0, 0.666667, 0.333333, 0.0]


@pytest.mark.dask
def test_panel_identical_on_dask_cluster():
    distributed = pytest.importorskip("distributed")
    import joblib

    panel = _toy_panel()
    serial = robustness_panel(panel, n_sims=20, rng=12)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with (
            distributed.LocalCluster(
                n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
            ) as cluster,
            distributed.Client(cluster),
        ):
            with joblib.parallel_config(backend="dask"):
                dist = robustness_panel(panel, n_sims=20, rng=12, n_jobs=-1)
    pd.testing.assert_frame_equal(serial, dist, check_exact=True)


# --------------------------------------------------------------------------- #
# Real data: ATOP 5.1 defence network
# --------------------------------------------------------------------------- #
def atop_defense_graph(shared_data, year):
    """ATOP defence ties among COW system members of `year`, built with pandas."""
    m = pd.read_csv(
        shared_data / "atop_5_1" / "atop5_1m.csv",
        usecols=["atopid", "member", "yrent", "yrexit", "defense"],
    )
    end = m["yrexit"].where(m["yrexit"] != 0, 9999)
    live = m[(m["yrent"] <= year) & (end >= year)]
    sysm = pd.read_csv(shared_data / "cow_states" / "system2016.csv")
    members = set(sysm.loc[sysm["year"] == min(year, 2016), "ccode"])
    G = nx.Graph(year=year)
    G.add_nodes_from(sorted(members))
    for _, grp in live.groupby("atopid"):
        flags = grp.groupby("member")["defense"].max()
        states = [s for s in flags.index if s in members]
        for i, a in enumerate(states):
            for b in states[i + 1 :]:
                if flags[a] == 1 or flags[b] == 1:
                    w = G.edges[a, b]["weight"] + 1 if G.has_edge(a, b) else 1
                    G.add_edge(a, b, weight=w)
    return G


@pytest.fixture(scope="module")
def atop_graphs(shared_data):
    import alliancenet as anet

    members = anet.read_atop(shared_data / "atop_5_1" / "atop5_1m.csv")
    states = anet.read_states(shared_data / "cow_states" / "system2016.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        return anet.alliance_graphs(
            members, [1914, 1960, 2000, 2018], states=states, carry_forward=True
        )


@pytest.mark.realdata
def test_atop_graphs_follow_the_contract(shared_data, atop_graphs):
    """anet.alliance_graphs equals an independent pandas build (the input we rely on)."""
    for year in (1960, 2018):
        G, H = atop_graphs[year], atop_defense_graph(shared_data, year)
        assert sorted(G) == sorted(H)
        assert {frozenset(e) for e in G.edges} == {frozenset(e) for e in H.edges}
        assert all(G.edges[e]["weight"] == H.edges[e]["weight"] for e in H.edges)


@pytest.mark.realdata
@pytest.mark.parametrize("year", [1914, 1960, 2000])
def test_engine_matches_oracle_on_atop(atop_graphs, year):
    G = atop_graphs[year]
    assert G.number_of_edges() > 10
    nodes, indptr, indices = graph_to_csr(G)
    orders = _engine.random_orders(len(nodes), 3, np.random.default_rng(year))
    lcc, ncomp, cov = _engine.percolate(indptr, indices, orders)
    for r in range(3):
        exp = naive_curve(G, [nodes[i] for i in orders[r]])
        assert (lcc[r].tolist(), ncomp[r].tolist(), cov[r].tolist()) == exp
    got = robustness_curve(G, "betweenness", adaptive=True)["removed"].iloc[1:].tolist()
    assert got == naive_betweenness_attack(G)
    assert r_index(G) < r_index(G, "random", n_sims=200, rng=1)


def test_weight_none_and_non_numeric_weights():
    G = nx.Graph()
    G.add_edge(1, 2, weight=5)
    G.add_edge(2, 3, weight=1)
    G.add_edge(3, 4, weight=1)
    G.add_edge(4, 1, weight=1)
    # strength: 1 and 2 carry the heavy tie, 1 sorts first
    assert robustness_curve(G, "strength")["removed"].iloc[1] == 1
    # unweighted strength is degree: all tie, lower ccode first
    assert robustness_curve(G, "strength", weight=None)["removed"].iloc[1:].tolist() == [1, 2, 3, 4]
    G.edges[1, 2]["weight"] = "strong"
    with pytest.raises(ParameterError, match="weight"):
        robustness_curve(G, "strength")


# --------------------------------------------------------------------------- #
# Hostile parameters (issue 10): one clear error each, nothing silently wrong
# --------------------------------------------------------------------------- #
_BAD_RNG = [-1, 1.5, "1", random.Random(1), np.random.RandomState(1), [1, -2], True]
_CURVE_CALLS = {
    "robustness_curve": lambda G, **kw: robustness_curve(G, n_sims=5, **kw),
    "r_index": lambda G, **kw: r_index(G, "random", n_sims=5, **kw),
    "robustness_panel": lambda G, **kw: robustness_panel({1990: G}, n_sims=5, **kw),
    "r_index_panel": lambda G, **kw: r_index_panel({1990: G}, n_sims=5, **kw),
}


@pytest.mark.parametrize("bad", _BAD_RNG, ids=repr)
@pytest.mark.parametrize("name", sorted(_CURVE_CALLS))
def test_bad_rng_is_a_parameter_error(name, bad):
    with pytest.raises(ParameterError, match="rng"):
        _CURVE_CALLS[name](nx.path_graph(4), rng=bad)


@pytest.mark.parametrize("bad", [0, 1.5, "2", True])
@pytest.mark.parametrize("name", sorted(_CURVE_CALLS))
def test_bad_n_jobs_is_a_parameter_error(name, bad):
    with pytest.raises(ParameterError, match="n_jobs"):
        _CURVE_CALLS[name](nx.path_graph(4), n_jobs=bad)


def test_results_identical_for_n_jobs_1_2_and_64():
    G = random_graph(25, 0.15, 6)
    kw = dict(n_sims=4, rng=2, ties="random")
    pd.testing.assert_frame_equal(
        robustness_curve(G, "betweenness", adaptive=True, n_jobs=2, **kw),
        robustness_curve(G, "betweenness", adaptive=True, **kw),
        check_exact=True,
    )
    assert r_index(G, n_jobs=2, **kw) == r_index(G, **kw)
    panel = _toy_panel()  # 3 years: n_jobs=64 is capped to 3 workers
    pd.testing.assert_frame_equal(
        r_index_panel(panel, n_jobs=64, **kw), r_index_panel(panel, **kw), check_exact=True
    )


def test_eigenvector_scores_are_deterministic_when_components_tie():
    # two separate triangles share the leading eigenvalue 2: the whole-graph eigenvector
    # is not unique (igraph's depends on a random start); each component is scored alone
    T = nx.Graph([(1, 2), (2, 3), (1, 3), (4, 5), (5, 6), (4, 6), (7, 8)])
    T.add_edge(8, 9)
    for adaptive in (False, True):
        orders = {
            tuple(robustness_curve(T, "eigenvector", adaptive=adaptive)["removed"][1:])
            for _ in range(8)
        }
        assert len(orders) == 1
    # static: both triangles score 1 (ties by ccode), the path 7-8-9 (eigenvalue
    # sqrt 2 < 2) scores 0 and goes by degree, then ccode
    static = robustness_curve(T, "eigenvector")["removed"][1:].tolist()
    assert static == [1, 2, 3, 4, 5, 6, 8, 7, 9]
    G = random_graph(20, 0.2, 7)  # its adaptive attack meets tied components
    orders = {
        tuple(robustness_curve(G, "eigenvector", adaptive=True)["removed"][1:]) for _ in range(8)
    }
    assert len(orders) == 1


def test_treaty_graph_and_tuple_labels_are_refused():
    import alliancenet as anet

    T = anet.treaty_graph(anet.load_example(), 1985)
    tup = nx.Graph([((2, "USA"), (20, "CAN")), ((20, "CAN"), (200, "UKG"))])
    for G, match in ((T, "treaty"), (tup, "tuple")):
        for call in _CURVE_CALLS.values():
            with pytest.raises(GraphTypeError, match=match):
                call(G)
    with pytest.raises(GraphTypeError):
        robustness_curve(nx.MultiGraph([(1, 2)]))


def test_self_loops_are_ignored():
    G = random_graph(20, 0.2, 7)
    H = G.copy()
    H.add_edges_from((v, v, {"weight": 5}) for v in list(H)[::3])
    for strategy in ("random", "degree", "strength", "betweenness", "eigenvector"):
        for adaptive in (False, True):
            pd.testing.assert_frame_equal(
                robustness_curve(G, strategy, adaptive=adaptive, n_sims=4, rng=1),
                robustness_curve(H, strategy, adaptive=adaptive, n_sims=4, rng=1),
            )


@pytest.mark.parametrize("bad", [-1.0, 0, float("nan"), float("inf"), "strong", True])
def test_bad_weights_are_refused_where_read(bad):
    G = nx.Graph([(1, 2), (2, 3), (3, 4)])
    G.edges[1, 2]["weight"] = bad
    for strategy in ("strength", "eigenvector"):
        with pytest.raises(ParameterError, match="weight"):
            r_index(G, strategy)
    # strategies that do not read weights ignore them; weight=None ignores them too
    assert r_index(G) == r_index(G, "strength", weight=None)


def test_huge_requests_are_refused_up_front_with_the_estimate():
    G = nx.path_graph(40)
    with pytest.raises(ParameterError, match=r"would need about [\d,.]+ [KMGTP]iB of memory"):
        robustness_curve(G, n_sims=10**8)
    with pytest.raises(ParameterError, match="quantiles"):
        robustness_panel({1: G}, n_sims=10**8)
    # the same request summarised needs no table; still refused when the engine's
    # arrays alone would not fit
    with pytest.raises(ParameterError, match="memory"):
        r_index(G, "random", n_sims=10**12)


def test_small_first_calls_run_the_same_kernel_in_python(monkeypatch):
    """Below SMALL_WORK a kernel numba has not loaded yet runs as Python: same results."""
    G = nx.gnm_random_graph(60, 150, seed=4)
    _, indptr, indices = graph_to_csr(G)
    orders = _engine.random_orders(60, 3, np.random.default_rng(1))
    monkeypatch.setattr(_engine._aot, "ENABLED", False)  # Python and just-in-time kernels
    monkeypatch.setattr(_engine, "SMALL_WORK", 10**9)
    small = _engine.percolate(indptr, indices, orders)
    summary_small = _engine.column_summary(small[0], [0.1, 0.5])
    monkeypatch.setattr(_engine, "SMALL_WORK", -1)  # always the compiled kernel
    large = _engine.percolate(indptr, indices, orders)
    for a, b in zip(small, large, strict=True):
        np.testing.assert_array_equal(a, b)
    summary_large = _engine.column_summary(large[0], [0.1, 0.5])
    for a, b in zip(summary_small, summary_large, strict=True):
        np.testing.assert_array_equal(a, b)


_FIRST_CALL_SCRIPT = """
from alliancenet.robustness import _engine
import networkx as nx, alliancenet as anet
anet.robustness_curve(nx.path_graph(50), "degree")
print(bool(_engine._percolate_numba.signatures))
"""


@pytest.mark.skipif(not _engine.HAVE_NUMBA, reason="needs numba")
def test_first_small_call_does_not_start_numba():
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", _FIRST_CALL_SCRIPT], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def _clique_rich_graph(seed: int) -> nx.Graph:
    """A random graph plus a few treaties (cliques), some overlapping."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 40))
    G = nx.gnp_random_graph(n, float(rng.random()) * 0.3, seed=seed)
    for _ in range(int(rng.integers(0, 5))):
        members = rng.choice(n, min(n, int(rng.integers(1, 10))), replace=False).tolist()
        G.add_edges_from((a, b) for a in members for b in members if a < b)
    return G


@pytest.mark.parametrize("seed", range(60))
def test_clique_cover_covers_every_tie_with_cliques_only(seed):
    G = _clique_rich_graph(seed)
    _, indptr, indices = graph_to_csr(G)
    starts, members = _engine.clique_cover_python(indptr, indices, indices.size * indptr.size)
    ties = {frozenset(e) for e in G.edges()}
    found = set()
    for t in range(starts.size - 1):
        clique = members[starts[t] : starts[t + 1]].tolist()
        assert len(clique) >= 2 and len(set(clique)) == len(clique)
        pairs = {frozenset((a, b)) for a in clique for b in clique if a != b}
        assert pairs <= ties  # a clique of the graph
        found |= pairs
    assert found == ties  # every tie in some clique


@pytest.mark.parametrize("seed", range(60))
def test_percolating_cliques_gives_the_curves_of_the_ties(seed, monkeypatch):
    G = _clique_rich_graph(seed)
    _, indptr, indices = graph_to_csr(G)
    monkeypatch.setattr(_engine, "CLIQUE_SHARE", 1e9)  # every graph, worth it or not
    s_indptr, s_cliques, n_cliques = _engine.clique_cover(indptr, indices)
    n = indptr.size - 1
    orders = _engine.random_orders(n, 6, np.random.default_rng(seed))
    want = _engine.percolate_python(indptr, indices, orders)
    got = _engine.percolate_cliques_python(s_indptr, s_cliques, n_cliques, orders)
    for a, b in zip(got, want, strict=True):
        np.testing.assert_array_equal(a, b)


def test_curves_walk_cliques_where_they_share_ties_and_give_the_same_tables(monkeypatch):
    import alliancenet as anet

    members, states = anet.load_example(), anet.load_example_states()
    panel = anet.alliance_graphs(members, range(1950, 1991, 10), states=states)
    for G in panel.values():
        _, indptr, indices = graph_to_csr(G)
        if indices.size:
            assert _engine.clique_cover(indptr, indices) is not None  # treaties are cliques
    with_cliques = anet.robustness_panel(panel, n_sims=300, rng=4)
    summary = anet.robustness_panel(panel, n_sims=300, rng=4, quantiles=(0.1, 0.9))
    monkeypatch.setattr(_engine, "CLIQUE_SHARE", -1.0)  # never: walk the ties
    fresh = {y: G.copy() for y, G in panel.items()}  # no cliques cached
    pd.testing.assert_frame_equal(anet.robustness_panel(fresh, n_sims=300, rng=4), with_cliques)
    pd.testing.assert_frame_equal(
        anet.robustness_panel(fresh, n_sims=300, rng=4, quantiles=(0.1, 0.9)), summary
    )
