"""Correlated honouring (one-factor Gaussian copula), named scenarios and dyad rates."""

from __future__ import annotations

import itertools
import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import alliancenet as anet
from alliancenet._random import spawn
from alliancenet.errors import ParameterError
from alliancenet.robustness import _copula
from alliancenet.robustness.attack import attack_response
from alliancenet.robustness.defection import simulate_defections
from alliancenet.robustness.knockout import keystones


def star(leaves=3, hub=2):
    return nx.Graph([(leaf, hub) for leaf in range(100, 100 + leaves)])


def random_alliance_graph(n=40, m=90, seed=0):
    G = nx.gnm_random_graph(n, m, seed=seed)
    rng = np.random.default_rng(seed)
    for u, v in G.edges:
        ids = tuple(sorted({f"T{int(rng.integers(0, 5))}" for _ in range(int(rng.integers(1, 3)))}))
        G.edges[u, v].update(alliances=ids, types=("defense",), weight=1)
    G.graph["year"] = 1990
    return G


def p_any_brute(p, rho, n_grid=200_001):
    """P(at least one honours) by a plain Riemann sum over the factor (no shared code)."""
    z = np.linspace(-10, 10, n_grid)
    phi = np.exp(-(z**2) / 2) / math.sqrt(2 * math.pi)
    t = np.array([_copula._STD.inv_cdf(q) for q in p])
    erfc = np.vectorize(math.erfc)
    cond = (
        erfc(-((t[None, :] - math.sqrt(rho) * z[:, None]) / math.sqrt(1 - rho)) / math.sqrt(2)) / 2
    )
    return 1 - float(np.sum(np.prod(1 - cond, axis=1) * phi) * (z[1] - z[0]))


# ------------------------------------------------------------------ known answers


@pytest.mark.parametrize(("rho", "want"), [(0.0, 0.983419), (0.5, 0.924011), (1.0, 0.745)])
def test_three_allies_known_answers(rho, want):
    r = attack_response(star(3), 2, p_honor=0.745, correlation=rho)
    assert r.loc[2, "p_any_ally"] == pytest.approx(want, abs=5e-7)
    assert r.loc[2, "expected_allies"] == pytest.approx(3 * 0.745)  # marginals kept
    assert r.loc[2, "method"] == ("exact" if rho == 0 else "quadrature")


def test_approaches_the_single_rate_as_correlation_goes_to_one():
    values = [
        attack_response(star(3), 2, correlation=rho).loc[2, "p_any_ally"]
        for rho in (0.9, 0.99, 0.999, 0.99999)
    ]
    assert np.all(np.diff(values) < 0)
    assert values[-1] == pytest.approx(0.745, abs=2e-3)


@pytest.mark.parametrize("rho", [0.1, 0.5, 0.9])
def test_quadrature_matches_a_plain_riemann_sum(rho):
    p = [0.2, 0.5, 0.745, 0.9, 0.41]
    G = nx.star_graph([0, 1, 2, 3, 4, 5])
    rates = {i + 1: q for i, q in enumerate(p)}
    r = attack_response(G, 0, p_honor=rates, correlation=rho)
    assert r.loc[0, "p_any_ally"] == pytest.approx(p_any_brute(p, rho), abs=1e-8)


@pytest.mark.parametrize("rho", [0.3, 0.8, 1.0])
def test_p_exceeds_exact_by_quadrature_agrees_with_monte_carlo(rho):
    G = nx.star_graph(range(9))
    caps = {v: 1.0 + v % 3 for v in G}
    kw = {"capabilities": caps, "attacker": 7.5, "correlation": rho}
    exact = attack_response(G, 0, **kw)
    mc = attack_response(G, 0, exact_limit=0, n_sims=100_000, rng=3, **kw)
    assert exact.loc[0, "method"] == "quadrature" and mc.loc[0, "method"] == "monte carlo"
    q, se = mc.loc[0, "p_exceeds"], mc.loc[0, "p_exceeds_se"]
    assert abs(exact.loc[0, "p_exceeds"] - q) < 4 * se + 1e-9


def test_p_exceeds_quadrature_matches_enumeration_given_the_factor():
    p = np.array([0.3, 0.6, 0.745, 0.5, 0.9])
    c = np.array([1.0, 2.0, 0.5, 3.0, 1.5])
    G = nx.star_graph(range(6))
    r = attack_response(
        G, 0, p_honor=dict(zip(range(1, 6), p, strict=True)),
        capabilities=dict(zip(range(6), [0.0, *c], strict=True)), attacker=3.2, correlation=0.6,
    )  # fmt: skip
    t = np.array([_copula._STD.inv_cdf(q) for q in p])
    z, w = np.polynomial.hermite_e.hermegauss(120)
    w = w / math.sqrt(2 * math.pi)
    cond = _copula.conditional_rates(t, 0.6, z)
    total = 0.0
    for bits in itertools.product([0, 1], repeat=5):
        b = np.array(bits, dtype=bool)
        if c[b].sum() > 3.2:
            total += w @ np.prod(np.where(b, cond, 1 - cond), axis=1)
    assert r.loc[0, "p_exceeds"] == pytest.approx(total, abs=1e-7)


def test_monte_carlo_agrees_with_the_exact_probability_of_any_ally():
    G = star(6)
    caps = dict.fromkeys(G, 1.0)
    exact = attack_response(G, 2, correlation=0.5)
    mc = attack_response(
        G, 2, correlation=0.5, capabilities=caps, attacker=0.5, exact_limit=0,
        n_sims=50_000, rng=1,
    )  # fmt: skip
    q, se = mc.loc[2, "p_exceeds"], mc.loc[2, "p_exceeds_se"]  # P(at least one) here
    assert abs(q - exact.loc[2, "p_any_ally"]) < 4 * se


# ------------------------------------------------------------------ marginals, streams


@pytest.mark.parametrize("rho", [0.0, 0.4, 0.95])
def test_marginal_rates_are_recovered_by_simulation(rho):
    p = np.array([0.1, 0.5, 0.745, 0.9, 0.0, 1.0])
    h = _copula.draw_honour(np.random.default_rng(1), 100_000, p, rho)
    se = np.sqrt(p * (1 - p) / 100_000)
    assert np.all(np.abs(h.mean(axis=0) - p) <= 4 * se + 1e-12)


def test_marginals_and_correlation_through_simulate_defections():
    # 20 disjoint promises a -> b: unprotected = share of promises broken
    G = nx.DiGraph([(i, 100 + i) for i in range(20)])
    ind = simulate_defections(G, p_honor=0.6, level="commitment", n_sims=4000, rng=2)
    cor = simulate_defections(
        G, p_honor=0.6, level="commitment", correlation=0.7, n_sims=4000, rng=2
    )
    for sims in (ind, cor):
        m, sd = sims["unprotected"].mean(), sims["unprotected"].std()
        assert abs(m - 0.4) < 4 * sd / math.sqrt(4000)
    # shared reluctance: whole alliances fail together, so the spread is far wider
    assert cor["unprotected"].std() > 2.5 * ind["unprotected"].std()


def test_zero_correlation_is_the_independent_stream():
    """Naive re-implementation of the old model: same generator, same draws."""
    G = random_alliance_graph(seed=3)
    sims = simulate_defections(G, p_honor=0.6, level="commitment", n_sims=200, rng=11)
    child = spawn(np.random.default_rng(11), 1)[0]
    pr = anet.robustness._promises.promises(G, "t")
    alive = child.random((200, len(pr.src))) < 0.6
    covered = np.zeros((200, pr.n), dtype=bool)
    for k in range(len(pr.src)):
        covered[:, pr.dst[k]] |= alive[:, k]
    np.testing.assert_allclose(sims["coverage"], covered.mean(axis=1))


def test_treaty_level_sparse_incidence_equals_dense_oracle():
    G = random_alliance_graph(seed=4)
    sims = simulate_defections(G, p_honor=0.5, level="treaty", n_sims=200, rng=5)
    child = spawn(np.random.default_rng(5), 1)[0]
    pr = anet.robustness._promises.promises(G, "t")
    ids = sorted({a for d in pr.data for a in d["alliances"]})
    survives = child.random((200, len(ids))) < 0.5
    dense = np.array([[a in d["alliances"] for d in pr.data] for a in ids], dtype=float)
    alive = (survives.astype(float) @ dense) > 0
    covered = np.zeros((200, pr.n), dtype=bool)
    for k in range(len(pr.src)):
        covered[:, pr.dst[k]] |= alive[:, k]
    np.testing.assert_allclose(sims["coverage"], covered.mean(axis=1))


@pytest.mark.parametrize("level", ["state", "commitment", "treaty"])
def test_correlated_results_identical_for_n_jobs(level):
    G = random_alliance_graph(seed=2)
    kw = {"level": level, "correlation": 0.5, "n_sims": 600, "rng": 9}
    pd.testing.assert_frame_equal(
        simulate_defections(G, n_jobs=1, **kw), simulate_defections(G, n_jobs=2, **kw)
    )
    hubs = sorted(G, key=G.degree)[-3:]
    caps = dict.fromkeys(G, 1.0)
    akw = {"capabilities": caps, "attacker": 2.5, "exact_limit": 0, "correlation": 0.5}
    pd.testing.assert_frame_equal(
        attack_response(G, hubs, n_sims=500, rng=4, n_jobs=1, **akw),
        attack_response(G, hubs, n_sims=500, rng=4, n_jobs=2, **akw),
    )


@pytest.mark.dask
def test_correlated_dask_cluster_gives_the_same_table():
    distributed = pytest.importorskip("distributed")
    import joblib

    G = random_alliance_graph(seed=2)
    kw = {"level": "commitment", "correlation": 0.5, "n_sims": 600, "rng": 9}
    serial = simulate_defections(G, **kw)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster),
        joblib.parallel_config(backend="dask"),
    ):
        on_dask = simulate_defections(G, n_jobs=2, **kw)
    pd.testing.assert_frame_equal(serial, on_dask)


# ------------------------------------------------------------------ groups


def test_one_group_per_ally_is_independence():
    G = star(4)
    groups = {v: v for v in G}
    r = attack_response(G, 2, correlation=0.8, groups=groups)
    assert r.loc[2, "p_any_ally"] == pytest.approx(1 - 0.255**4, abs=1e-9)


def test_two_groups_multiply_their_failure_probabilities():
    G = star(4)
    groups = {100: "a", 101: "a", 102: "b", 103: "b", 2: "a"}
    r = attack_response(G, 2, correlation=0.5, groups=groups)
    pair = attack_response(star(2), 2, correlation=0.5).loc[2, "p_any_ally"]
    assert r.loc[2, "p_any_ally"] == pytest.approx(1 - (1 - pair) ** 2, abs=1e-9)


def test_groups_by_treaty_and_by_bloc():
    G = random_alliance_graph(seed=1)
    sims = simulate_defections(
        G, level="commitment", correlation=0.5, groups="treaty", n_sims=50, rng=0
    )
    assert sims.attrs["groups"] == "treaty"
    blocs = anet.blocs(G, weight=None, rng=0)
    sims = simulate_defections(G, correlation=0.5, groups=blocs, n_sims=50, rng=0)
    assert sims.attrs["groups"] == "mapping"
    with pytest.raises(ParameterError, match="groups='treaty'"):
        simulate_defections(G, correlation=0.5, groups="treaty", n_sims=5)
    with pytest.raises(ParameterError, match="group for every"):
        attack_response(G, 0, correlation=0.5, groups={0: "a"})
    with pytest.raises(ParameterError, match="groups"):
        attack_response(G, 0, correlation=0.5, groups="bloc")


@pytest.mark.parametrize("bad", [-0.1, 1.5, "high", True, None])
def test_bad_correlation(bad):
    with pytest.raises(ParameterError, match="correlation"):
        attack_response(star(3), 2, correlation=bad)


# ------------------------------------------------------------------ scenarios


def test_mapping_mixes_named_states_and_default():
    G = star(3)
    r = attack_response(G, 2, p_honor={100: 0.0, 101: 0.0, "default": 0.745})
    assert r.loc[2, "p_any_ally"] == pytest.approx(0.745)
    same = attack_response(G, 2, defectors=[100, 101])
    pd.testing.assert_series_equal(
        r.loc[2, ["p_any_ally", "expected_allies"]], same.loc[2, ["p_any_ally", "expected_allies"]]
    )
    assert same.attrs["defectors"] == [100, 101]
    assert "defectors 100, 101" in same.loc[2, "scenario"]


def test_fixed_cases_are_exact_without_a_fake_error():
    G = star(40)  # beyond exact_limit: would be Monte Carlo
    caps = dict.fromkeys(G, 1.0)
    kw = {"capabilities": caps, "attacker": 10.5, "exact_limit": 5, "rng": 0}
    r = attack_response(G, 2, p_honor=1.0, **kw)
    assert r.loc[2, ["p_exceeds", "p_exceeds_se", "method"]].tolist() == [1.0, 0.0, "exact"]
    r = attack_response(G, 2, p_honor=0.0, honor=list(range(100, 111)), correlation=0.5, **kw)
    assert r.loc[2, "p_exceeds"] == 1.0 and r.loc[2, "method"] == "exact"
    sims = simulate_defections(G, p_honor=1.0, defectors=[100], n_sims=5, rng=0)
    assert sims.attrs["method"] == "exact" and sims["coverage"].nunique() == 1
    assert simulate_defections(G, n_sims=5, rng=0).attrs["method"] == "monte carlo"


@pytest.mark.parametrize("level", ["state", "commitment", "treaty"])
def test_defectors_and_honor_at_every_level(level):
    G = nx.Graph()
    G.add_edge(1, 2, alliances=("A",), types=("defense",))
    G.add_edge(3, 4, alliances=("B",), types=("defense",))
    sims = simulate_defections(
        G, p_honor=0.5, level=level, defectors=[1], honor=[3, 4], n_sims=200, rng=0
    )
    # tie 1-2: 1's promise is always broken; 2's is kept (commitment/treaty) only at random
    # tie 3-4: always kept
    assert (sims["lcc_fraction"] >= 0.5).all()
    assert sims["coverage"].min() >= 0.5 - 1e-12
    if level == "state":
        assert (sims["coverage"] == 0.5).all()  # state 1 defects: the tie is gone
    assert sims.attrs["defectors"] == [1] and sims.attrs["honor"] == [3, 4]


def test_scenario_name_and_errors():
    G = star(3)
    r = attack_response(G, 2, scenario="Turkey out", defectors=100)
    assert r.loc[2, "scenario"].startswith("Turkey out: ")
    with pytest.raises(ParameterError, match="disjoint"):
        attack_response(G, 2, defectors=[100], honor=[100])
    with pytest.raises(ParameterError, match="unknown"):
        simulate_defections(G, defectors=[999], n_sims=5)
    with pytest.raises(ParameterError, match="scenario"):
        keystones(G, scenario=3)


def test_keystones_with_a_scenario_and_correlation():
    G = star(3)
    k = keystones(G, p_honor=0.745, defectors=[2])
    assert k.empty  # the hub has defected already: nothing is left to lose
    # correlated p_any_ally_loss equals before/after by attack_response
    G = random_alliance_graph(n=20, m=35, seed=7)
    k = keystones(G, p_honor=0.6, correlation=0.4, measure="p_any_ally_loss")

    def mean_any(H):
        return attack_response(H, list(H), p_honor=0.6, correlation=0.4)["p_any_ally"].mean()

    base = mean_any(G)
    for v in k.index[:3]:
        H = G.copy()
        H.remove_edges_from(list(G.edges(v)))
        assert k.loc[v, "p_any_ally_loss"] == pytest.approx(base - mean_any(H), abs=1e-10)


# ------------------------------------------------------------------ dyad rates


def test_dyad_rates_callable_and_table_agree():
    G = nx.Graph([(2, 20), (2, 200), (20, 200)])

    def rate(ally, target):
        return 0.9 if {ally, target} == {2, 20} else 0.3

    table = pd.DataFrame({"ccode1": [2, 2, 20], "ccode2": [20, 200, 200], "p": [0.9, 0.3, 0.3]})
    a = attack_response(G, [2, 20, 200], p_honor=rate)
    b = attack_response(G, [2, 20, 200], p_honor=table)  # reverse pairs looked up
    pd.testing.assert_frame_equal(a, b)
    assert a.loc[200, "p_any_ally"] == pytest.approx(1 - 0.7**2)
    assert a.loc[2, "p_any_ally"] == pytest.approx(1 - 0.1 * 0.7)
    s1 = simulate_defections(G, p_honor=rate, level="commitment", n_sims=50, rng=1)
    s2 = simulate_defections(G, p_honor=table, level="commitment", n_sims=50, rng=1)
    pd.testing.assert_frame_equal(s1, s2)


def test_dyad_rates_errors():
    G = nx.Graph([(2, 20), (2, 200)])
    with pytest.raises(ParameterError, match="dyad"):
        attack_response(G, 2, p_honor=pd.DataFrame({"ccode1": [2], "ccode2": [20], "p": [0.5]}))
    with pytest.raises(ParameterError, match="ccode1"):
        attack_response(G, 2, p_honor=pd.DataFrame({"a": [2], "b": [20], "p": [0.5]}))
    with pytest.raises(ParameterError, match="level='commitment'"):
        simulate_defections(G, p_honor=lambda a, b: 0.5, n_sims=5)
    with pytest.raises(ParameterError, match="probability"):
        attack_response(G, 2, p_honor=lambda a, b: 2.0)


def _pairs():
    """Two ties of treaty A and two of treaty B, disjoint."""
    G = nx.DiGraph()
    for u, v, t in [(1, 2, "A"), (3, 4, "A"), (5, 6, "B"), (7, 8, "B")]:
        G.add_edge(u, v, alliances=(t,), types=("defense",))
    return G


def _joint(sims):
    # unprotected share = broken promises / 4 for these disjoint promises
    return np.round(sims["unprotected"] * 4).astype(int)


def test_groups_by_treaty_move_together_within_and_apart_across():
    G = _pairs()
    kw = {"p_honor": 0.5, "level": "commitment", "correlation": 1.0, "n_sims": 4000, "rng": 3}
    crisis = _joint(simulate_defections(G, **kw))
    assert set(crisis) == {0, 4}  # one factor for all: all or nothing
    treaty = _joint(simulate_defections(G, groups="treaty", **kw))
    assert set(treaty) == {0, 2, 4}  # each treaty all or nothing, treaties independent
    share = (treaty == 2).mean()
    assert abs(share - 0.5) < 4 * math.sqrt(0.25 / 4000)


def test_treaty_level_groups_by_treaty_id():
    G = _pairs()
    kw = {"p_honor": 0.5, "level": "treaty", "correlation": 1.0, "n_sims": 2000, "rng": 4}
    same = _joint(simulate_defections(G, groups={"A": 0, "B": 0}, **kw))
    apart = _joint(simulate_defections(G, groups={"A": 0, "B": 1}, **kw))
    assert set(same) == {0, 4} and set(apart) == {0, 2, 4}
    with pytest.raises(ParameterError, match="group for every treaty"):
        simulate_defections(G, groups={"A": 0}, **kw)


def test_state_level_groups_by_bloc():
    G = nx.Graph([(1, 2), (3, 4)])
    kw = {"p_honor": 0.5, "correlation": 1.0, "n_sims": 2000, "rng": 5}
    together = simulate_defections(G, **kw)["coverage"]
    assert set(np.round(together, 6)) == {0.0, 1.0}
    apart = simulate_defections(G, groups={1: "a", 2: "a", 3: "b", 4: "b"}, **kw)["coverage"]
    assert set(np.round(apart, 6)) == {0.0, 0.5, 1.0}
