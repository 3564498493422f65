"""Defection simulations, attack response and keystones: known answers, oracles, seeding."""

from __future__ import annotations

import itertools
import math
import random

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import alliancenet as anet
from alliancenet.errors import GraphTypeError, ParameterError
from alliancenet.robustness import _engine
from alliancenet.robustness._promises import promises
from alliancenet.robustness.attack import attack_response
from alliancenet.robustness.defection import simulate_defections
from alliancenet.robustness.knockout import keystones
from alliancenet.robustness.rates import HONOR_RATES, TYPE_ORDER, honor_rates

COLUMNS = ["sim", "coverage", "unprotected", "lcc_fraction", "n_blocs"]


def star(leaves=3, hub=2, **edge_attrs):
    G = nx.Graph()
    for leaf in range(100, 100 + leaves):
        G.add_edge(leaf, hub, **edge_attrs)
    return G


def random_alliance_graph(n=60, m=150, seed=0, directed=False):
    G = nx.gnm_random_graph(n, m, seed=seed, directed=directed)
    rng = np.random.default_rng(seed)
    for u, v in G.edges:
        k = int(rng.integers(0, 6))
        G.edges[u, v]["alliances"] = (f"T{k}",)
        G.edges[u, v]["types"] = ("defense",) if k % 2 else ("consultation", "nonaggression")
        G.edges[u, v]["weight"] = 1
    G.graph["year"] = 1990
    return G


def mc_tol(q, n):
    return 4 * math.sqrt(max(q * (1 - q), 1e-12) / n) + 1e-9


# ------------------------------------------------------------------ presets


def test_presets_are_the_published_rates():
    assert honor_rates("llm2000") == 0.745
    assert honor_rates("bf2018") == 0.50
    assert honor_rates("bf2018_by_era") == {"before_1945": 0.66, "from_1945": 0.22}
    by_type = honor_rates("bf2018_by_type")
    assert by_type == {
        "defense": 0.41,
        "nonaggression": 0.37,
        "offense": 0.74,
        "neutrality": 0.78,
        "default": 0.50,
    }
    by_type["defense"] = 0.0  # a copy: the preset is untouched
    assert HONOR_RATES["bf2018_by_type"]["defense"] == 0.41
    with pytest.raises(ParameterError):
        honor_rates("leeds")


def test_type_order_follows_the_atop_scale():
    # derived from the one coding table (_obligations.SCALES["atop"]), entente last
    assert TYPE_ORDER == (
        "defense",
        "offense",
        "neutrality",
        "consultation",
        "nonaggression",
        "entente",
    )


@pytest.mark.parametrize(("year", "p"), [(1914, 0.66), (1944, 0.66), (1945, 0.22), (1990, 0.22)])
def test_era_preset_uses_graph_year(year, p):
    G = star(1)
    G.graph["year"] = year
    r = attack_response(G, 2, p_honor="bf2018_by_era")
    assert r.loc[2, "p_any_ally"] == pytest.approx(p)


def test_era_preset_needs_a_year():
    with pytest.raises(ParameterError, match="year"):
        attack_response(star(1), 2, p_honor="bf2018_by_era")


# ------------------------------------------------------------------ attack_response


@pytest.mark.parametrize(
    ("p", "want"), [(0.745, 0.983419), (0.5, 0.875), (0.41, 0.794621), (0.22, 0.525448)]
)
def test_attack_response_known_values(p, want):
    r = attack_response(star(3), 2, p_honor=p)
    assert r.loc[2, "p_any_ally"] == pytest.approx(want, abs=5e-7)
    assert r.loc[2, "expected_allies"] == pytest.approx(3 * p)
    assert r.loc[2, "n_allies"] == 3
    assert r.index.name == "ccode"


@pytest.mark.parametrize(
    ("p", "want"), [(0.745, 0.983419), (0.5, 0.875), (0.41, 0.794621), (0.22, 0.525448)]
)
def test_attack_response_monte_carlo_within_four_standard_errors(p, want):
    n = 40_000
    caps = dict.fromkeys([2, 100, 101, 102], 1.0)
    r = attack_response(
        star(3), 2, p_honor=p, capabilities=caps, attacker=0.0, n_sims=n, rng=7, exact_limit=0
    )
    assert r.loc[2, "method"] == "monte carlo"
    q = r.loc[2, "p_exceeds"]
    assert abs(q - want) <= mc_tol(want, n)
    assert r.loc[2, "p_exceeds_se"] == pytest.approx(math.sqrt(q * (1 - q) / n))
    exact = attack_response(star(3), 2, p_honor=p, capabilities=caps, attacker=0.0)
    assert exact.loc[2, "method"] == "exact"
    assert exact.loc[2, "p_exceeds"] == pytest.approx(want, abs=5e-7)


def brute_exceeds(p, c, attacker):
    total = 0.0
    for honour in itertools.product((0, 1), repeat=len(p)):
        prob = math.prod(pi if h else 1 - pi for pi, h in zip(p, honour, strict=True))
        if sum(ci for ci, h in zip(c, honour, strict=True) if h) > attacker:
            total += prob
    return total


@pytest.mark.parametrize("seed", range(3))
def test_attack_response_exact_capabilities_vs_brute_force(seed):
    rng = np.random.default_rng(seed)
    d = 7
    G = star(d, hub=2)
    allies = list(range(100, 100 + d))
    p = dict(zip(allies, rng.uniform(0.1, 0.9, d), strict=True)) | {2: 0.5}
    caps = dict(zip(allies, rng.uniform(0, 1, d), strict=True)) | {2: 1.0, 365: 1.3}
    G.add_node(365)
    r = attack_response(G, 2, p_honor=p, capabilities=caps, attacker=365)
    pv = [p[a] for a in allies]
    cv = [caps[a] for a in allies]
    assert r.loc[2, "attacker_capability"] == 1.3
    assert r.loc[2, "p_exceeds"] == pytest.approx(brute_exceeds(pv, cv, 1.3), abs=1e-12)
    assert r.loc[2, "expected_capability"] == pytest.approx(np.dot(pv, cv))
    assert r.loc[2, "p_any_ally"] == pytest.approx(1 - np.prod(1 - np.array(pv)))
    mc = attack_response(
        G, 2, p_honor=p, capabilities=caps, attacker=365, n_sims=20_000, rng=seed, exact_limit=3
    )
    want = r.loc[2, "p_exceeds"]
    assert abs(mc.loc[2, "p_exceeds"] - want) <= mc_tol(want, 20_000)


def test_attack_response_directed_counts_promises_to_the_target():
    G = nx.DiGraph([(20, 2), (200, 2), (2, 220)])  # CAN and UK promised the USA
    r = attack_response(G, [2, 220], p_honor=0.5)
    assert r.loc[2, "n_allies"] == 2 and r.loc[2, "p_any_ally"] == pytest.approx(0.75)
    assert r.loc[220, "n_allies"] == 1 and r.loc[220, "p_any_ally"] == pytest.approx(0.5)
    assert list(r.index) == [2, 220]


def test_attack_response_by_type_uses_highest_obligation():
    G = nx.Graph()
    G.add_edge(2, 20, types=("consultation", "defense"))
    G.add_edge(2, 200, types=("neutrality", "nonaggression"))
    G.add_edge(2, 220, types=("entente",))
    r = attack_response(G, 2, p_honor="bf2018_by_type")
    assert r.loc[2, "expected_allies"] == pytest.approx(0.41 + 0.78 + 0.50)
    with pytest.raises(ParameterError, match="default"):
        attack_response(G, 2, p_honor={"defense": 0.4})


def test_attack_response_by_state_and_attacker_among_allies():
    G = star(3)
    r = attack_response(G, 2, p_honor={2: 0.1, 100: 0.2, 101: 0.3, 102: 0.4})
    assert r.loc[2, "expected_allies"] == pytest.approx(0.9)
    caps = {2: 1.0, 100: 1.0, 101: 1.0, 102: 5.0}
    r = attack_response(G, 2, p_honor=0.5, capabilities=caps, attacker=102)
    assert r.loc[2, "n_allies"] == 2  # the attacker does not defend the target
    assert r.loc[2, "p_exceeds"] == 0.0  # 1 + 1 < 5


@pytest.mark.parametrize(
    "kwargs",
    [
        {"target": 999},
        {"target": 2, "p_honor": 1.5},
        {"target": 2, "p_honor": {2: 0.5}},  # allies missing
        {"target": 2, "p_honor": {2: 0.5, "defense": 0.4}},
        {"target": 2, "capabilities": {2: 1.0}},
        {"target": 2, "attacker": 365},
        {"target": 2, "attacker": "RUS"},
        {"target": 2, "exact_limit": -1},
        {"target": []},
        {"target": 2, "n_sims": 0},
    ],
)
def test_attack_response_bad_input(kwargs):
    with pytest.raises(ParameterError):
        attack_response(star(3), **kwargs)


# ------------------------------------------------------------------ simulate_defections


def test_everybody_honours_or_nobody_does():
    G = nx.Graph([(2, 20), (20, 200), (2, 200), (700, 710)])
    G.add_node(365)
    for level in ("state", "commitment", "treaty"):
        H = G.copy()
        nx.set_edge_attributes(H, ("T",), "alliances")
        full = simulate_defections(H, p_honor=1.0, level=level, n_sims=5, rng=0)
        assert list(full.columns) == COLUMNS
        assert (full["coverage"] == 5 / 6).all() and (full["unprotected"] == 0).all()
        assert (full["lcc_fraction"] == 3 / 6).all() and (full["n_blocs"] == 2).all()
        assert full.attrs["baseline"]["coverage"] == 5 / 6
        none = simulate_defections(H, p_honor=0.0, level=level, n_sims=5, rng=0)
        assert (none["coverage"] == 0).all() and (none["unprotected"] == 1).all()
        assert (none["lcc_fraction"] == 1 / 6).all() and (none["n_blocs"] == 0).all()


@pytest.mark.parametrize("p", [0.745, 0.22])
def test_commitment_level_coverage_matches_expectation(p):
    G = random_alliance_graph(seed=1)
    deg = np.array([d for _, d in sorted(G.degree)])
    want = np.mean(np.where(deg > 0, 1 - (1 - p) ** deg, 0.0))
    n = 2000
    sims = simulate_defections(G, p_honor=p, level="commitment", n_sims=n, rng=3)
    sd = sims["coverage"].std()
    assert abs(sims["coverage"].mean() - want) <= 4 * sd / math.sqrt(n) + 1e-9
    allied = deg > 0
    want_unprot = np.mean((1 - p) ** deg[allied])
    sd = sims["unprotected"].std()
    assert abs(sims["unprotected"].mean() - want_unprot) <= 4 * sd / math.sqrt(n) + 1e-9


def test_state_level_defector_is_neither_protector_nor_protected():
    # a state is covered iff it honours and at least one neighbour honours
    G = random_alliance_graph(seed=2)
    p = 0.6
    deg = np.array([d for _, d in sorted(G.degree)])
    want = np.mean(np.where(deg > 0, p * (1 - (1 - p) ** deg), 0.0))
    n = 2000
    sims = simulate_defections(G, p_honor=p, level="state", n_sims=n, rng=4)
    sd = sims["coverage"].std()
    assert abs(sims["coverage"].mean() - want) <= 4 * sd / math.sqrt(n) + 1e-9
    # a triangle: the tie survives iff both ends honour
    tri = nx.complete_graph([1, 2, 3])
    sims = simulate_defections(tri, p_honor=0.5, level="state", n_sims=4000, rng=5)
    # covered count = K if K >= 2 honour else 0, K ~ Bin(3, 1/2)
    want = (3 * 2 / 8 + 1 * 3 / 8) / 3
    assert abs(sims["coverage"].mean() - want) <= mc_tol(0.5, 4000)
    assert set(np.round(sims["coverage"] * 3).astype(int)) == {0, 2, 3}


def test_commitment_level_by_type_preset_matches_expectation():
    # hub 2 with a defence ally (0.41), a non-aggression ally (0.37) and a neutrality ally
    # (0.78), Berkemeier & Fuhrmann's rates: leaf i is covered iff the hub keeps its
    # promise to i; the hub iff any leaf keeps its promise to the hub
    G = nx.Graph()
    G.add_edge(2, 100, types=("defense", "nonaggression"))  # highest obligation: defence
    G.add_edge(2, 101, types=("nonaggression",))
    G.add_edge(2, 102, types=("neutrality",))
    p = np.array([0.41, 0.37, 0.78])
    n = 8000
    sims = simulate_defections(G, p_honor="bf2018_by_type", level="commitment", n_sims=n, rng=2)
    want = (p.sum() + 1 - np.prod(1 - p)) / 4
    sd = sims["coverage"].std()
    assert abs(sims["coverage"].mean() - want) <= 4 * sd / math.sqrt(n)
    want_unprot = (np.sum(1 - p) + np.prod(1 - p)) / 4
    sd = sims["unprotected"].std()
    assert abs(sims["unprotected"].mean() - want_unprot) <= 4 * sd / math.sqrt(n)


def test_state_rates_by_state():
    G = star(3)
    p = {2: 1.0, 100: 1.0, 101: 0.0, 102: 0.0}
    sims = simulate_defections(G, p_honor=p, level="state", n_sims=10, rng=0)
    assert (sims["coverage"] == 2 / 4).all()
    assert (sims["lcc_fraction"] == 2 / 4).all()
    # commitment level with state rates: promises made by 101 and 102 are broken
    sims = simulate_defections(G, p_honor=p, level="commitment", n_sims=10, rng=0)
    assert (sims["coverage"] == 1.0).all()  # the hub still promises everybody
    assert (sims["lcc_fraction"] == 1.0).all()  # a tie survives while one promise is kept


def test_treaty_level_two_overlapping_treaties():
    G = nx.Graph()
    for u, v in [(1, 2), (1, 3), (2, 3)]:
        G.add_edge(u, v, alliances=("A",), types=("defense",))
    G.add_edge(3, 4, alliances=("B",), types=("consultation",))
    n = 4000
    sims = simulate_defections(G, p_honor=0.5, level="treaty", n_sims=n, rng=11)
    # E[covered] = 2p + (1 - (1-p)^2) + p = 2.25 at p = 1/2
    assert abs(sims["coverage"].mean() - 2.25 / 4) <= mc_tol(0.5, n)
    assert set(sims["coverage"]) <= {0.0, 0.5, 0.75, 1.0}
    # state 3 is covered whenever any state is (it belongs to both treaties)
    assert ((sims["coverage"] > 0) == (sims["unprotected"] < 1)).all()
    # by-type rates need the treaty graph: A is a defence pact, B a consultation pact
    T = nx.Graph()
    T.add_nodes_from([1, 2, 3, 4], kind="state")
    T.add_node("A", kind="treaty", types=("defense",))
    T.add_node("B", kind="treaty", types=("consultation",))
    T.add_edges_from([(1, "A"), (2, "A"), (3, "A"), (3, "B"), (4, "B")])
    rates = {"defense": 1.0, "consultation": 0.0}
    sims = simulate_defections(G, p_honor=rates, level="treaty", treaties=T, n_sims=10, rng=0)
    assert (sims["coverage"] == 3 / 4).all() and (sims["n_blocs"] == 1).all()
    with pytest.raises(ParameterError, match="treaties"):
        simulate_defections(G, p_honor=rates, level="treaty", n_sims=10)
    T.remove_node("B")
    with pytest.raises(ParameterError, match="missing"):
        simulate_defections(G, p_honor=rates, level="treaty", treaties=T, n_sims=10)


def test_directed_graph_promises():
    G = nx.DiGraph([(1, 2)])  # 1 promised 2
    G.add_node(3)
    sims = simulate_defections(G, p_honor=1.0, level="commitment", n_sims=3, rng=0)
    assert (sims["coverage"] == 1 / 3).all()
    assert (sims["lcc_fraction"] == 2 / 3).all()
    assert sims.attrs["n_allied"] == 1


def test_components_match_networkx():
    G = random_alliance_graph(n=40, m=60, seed=5)
    pr = promises(G, "test")
    rng = np.random.default_rng(0)
    alive = rng.random((20, len(pr.src))) < 0.4
    lcc, blocs = _engine.components(alive, pr.src, pr.dst, pr.n)
    # the pure-Python kernel (used without numba) gives the very same arrays
    py_lcc, py_blocs = _engine.components_python(alive, pr.src, pr.dst, pr.n)
    np.testing.assert_array_equal(py_lcc, lcc)
    np.testing.assert_array_equal(py_blocs, blocs)
    for b in range(20):
        H = nx.Graph()
        H.add_nodes_from(range(pr.n))
        H.add_edges_from(zip(pr.src[alive[b]], pr.dst[alive[b]], strict=True))
        comps = [len(c) for c in nx.connected_components(H)]
        assert lcc[b] == max(comps)
        assert blocs[b] == sum(c >= 2 for c in comps)


def test_seeded_and_independent_of_n_jobs():
    G = random_alliance_graph(seed=3)
    a = simulate_defections(G, level="commitment", n_sims=600, rng=42)
    b = simulate_defections(G, level="commitment", n_sims=600, rng=42, n_jobs=2)
    pd.testing.assert_frame_equal(a, b)
    c = simulate_defections(G, level="commitment", n_sims=600, rng=43)
    assert not a["coverage"].equals(c["coverage"])
    # the first batch does not depend on how many simulations follow
    d = simulate_defections(G, level="commitment", n_sims=250, rng=42)
    pd.testing.assert_frame_equal(a.iloc[:250], d)
    assert list(a["sim"]) == list(range(600))


_NO_NUMBA_WORKLOAD = """
import networkx as nx
import numpy as np
import alliancenet as anet


def workload():
    G = nx.gnm_random_graph(40, 90, seed=2)
    rng = np.random.default_rng(2)
    for u, v in G.edges:
        k = int(rng.integers(0, 5))
        G.edges[u, v].update(alliances=(f"T{k}",), types=("defense",), weight=1)
    G.graph["year"] = 1990
    out = {
        level: anet.simulate_defections(G, p_honor=0.6, level=level, n_sims=300, rng=8)
        for level in ("state", "commitment", "treaty")
    }
    out["keystones"] = anet.keystones(G, p_honor=0.745, capabilities=dict.fromkeys(G, 1.0))
    return out
"""


def test_pure_python_path_without_numba_gives_identical_tables(run_without_numba):
    namespace: dict = {}
    exec(_NO_NUMBA_WORKLOAD, namespace)
    want = namespace["workload"]()
    got = run_without_numba(
        _NO_NUMBA_WORKLOAD,
        "assert _engine._components_numba is None\n",
    )
    assert got.keys() == want.keys()
    for key, table in want.items():
        pd.testing.assert_frame_equal(got[key], table, check_exact=True)


def test_progress_bar_off_by_default_and_on_request(capsys):
    G = random_alliance_graph(seed=3)
    simulate_defections(G, n_sims=500, rng=1)
    assert capsys.readouterr().err == ""
    simulate_defections(G, n_sims=500, rng=1, progress=True)
    err = capsys.readouterr().err
    assert "defections" in err and "2/2" in err


@pytest.mark.dask
def test_dask_cluster_gives_the_same_table():
    pytest.importorskip("distributed")
    import joblib
    from distributed import Client, LocalCluster

    G = random_alliance_graph(seed=4)
    serial = simulate_defections(G, level="state", n_sims=600, rng=9)
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        Client(cluster),
        joblib.parallel_config(backend="dask"),
    ):
        on_dask = simulate_defections(G, level="state", n_sims=600, rng=9, n_jobs=2)
    pd.testing.assert_frame_equal(serial, on_dask)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"level": "alliance"},
        {"n_sims": 0},
        {"n_sims": 2.5},
        {"p_honor": -0.1},
        {"p_honor": float("nan")},
        {"p_honor": True},
        {"p_honor": "leeds"},
        {"p_honor": {}},
        {"p_honor": {"defense": 0.4}},  # by type at state level
        {"p_honor": {"defence": 0.4}, "level": "commitment"},  # misspelt type
        {"p_honor": {0: 0.5}},  # states missing
        {"p_honor": {i: 0.5 for i in range(60)}, "level": "treaty"},
    ],
)
def test_simulate_bad_input(kwargs):
    with pytest.raises(ParameterError):
        simulate_defections(random_alliance_graph(), **kwargs)


def test_simulate_wrong_graphs():
    T = nx.Graph()
    T.add_node(2, kind="state")
    T.add_node("EX:NATO", kind="treaty")
    T.add_edge(2, "EX:NATO")
    with pytest.raises(GraphTypeError, match="treaty"):
        simulate_defections(T)
    with pytest.raises(GraphTypeError):
        simulate_defections(nx.MultiGraph([(1, 2)]))
    with pytest.raises(GraphTypeError):
        simulate_defections(pd.DataFrame())
    with pytest.raises(ParameterError, match="alliances"):
        simulate_defections(nx.path_graph(3), level="treaty")


# ------------------------------------------------------------------ keystones


def brute_keystones(G, p):
    """Every knock-out by hand; coverage_loss counts the *other* states left alone."""
    nodes = sorted(G)
    n = len(nodes)

    def summary(H):
        covered = sum(H.degree(v) > 0 for v in nodes) / n
        lcc = max(len(c) for c in nx.connected_components(H)) / n
        p_any = np.mean([1 - (1 - p) ** H.degree(v) for v in nodes])
        return np.array([covered, lcc, p_any])

    base = summary(G)
    rows = {}
    for v in nodes:
        H = G.copy()
        H.remove_edges_from(list(G.edges(v)))
        rows[v] = base - summary(H) - np.array([(G.degree(v) > 0) / n, 0.0, 0.0])
    return pd.DataFrame(rows, index=["coverage_loss", "lcc_loss", "p_any_ally_loss"]).T


@pytest.mark.parametrize("seed", range(3))
def test_keystones_match_brute_force(seed):
    G = random_alliance_graph(n=50, m=70, seed=seed)
    k = keystones(G, measure="lcc_loss", p_honor=0.6)
    want = brute_keystones(G, 0.6)
    for col in want.columns:
        np.testing.assert_allclose(k[col], want.loc[k.index, col], atol=1e-12)
    assert k["lcc_loss"].is_monotonic_decreasing
    assert k.index.name == "ccode" and set(k.index) <= set(G)
    # listed: exactly the allied states (with p_honor every ally's defection lowers
    # another state's chance of help)
    assert set(k.index) == {v for v in G if G.degree(v) > 0}
    s = keystones(G, measure="coverage_loss")  # structural only: no-effect states dropped
    effect = (want["coverage_loss"] > 1e-12) | (want["lcc_loss"] * 50 > 1 + 1e-12)
    assert set(s.index) == set(want.index[effect])


def test_keystones_star_and_capability_share():
    G = star(3)  # hub 2 and leaves 100, 101, 102
    caps = {2: 0.6, 100: 0.1, 101: 0.1, 102: 0.2}
    k = keystones(G, measure="capability_share", capabilities=caps)
    assert k.index[0] == 2
    # leaves see only the hub (share 1 each); the hub sees 0.1, 0.1, 0.2 of 0.4
    assert k.loc[2, "capability_share"] == pytest.approx(3 / 4)
    assert k.loc[102, "capability_share"] == pytest.approx(0.5 / 4)
    assert k["capability_share"].sum() == pytest.approx(1.0)
    assert k.loc[2, "coverage_loss"] == 0.75 and k.loc[100, "coverage_loss"] == 0.0
    assert keystones(G).index.tolist() == [2]  # a leaf's defection changes nothing


def test_keystones_ties_are_broken_by_the_stated_secondary_measures():
    # a path 1-2-3-4-5 and a triangle: coverage_loss ties at 1/8 (ends' partners)
    G = nx.path_graph([1, 2, 3, 4, 5])
    G.add_edges_from([(10, 11), (11, 12), (10, 12)])
    k = keystones(G)
    assert k.attrs["tie_break"] == ["lcc_loss", "n_allies"]
    assert k.index.tolist() == [2, 4, 3]  # 2 and 4: each alone covers an end; 3: the bloc
    assert k.loc[2, "coverage_loss"] == k.loc[4, "coverage_loss"] == 1 / 8
    assert k.loc[3, "coverage_loss"] == 0 and k.loc[3, "lcc_loss"] == 2 / 8
    # ties on every loss: more allies first, then ccode
    H = nx.Graph([(1, 2), (3, 4), (3, 5)])
    assert keystones(H).index.tolist() == [3, 1, 2]


def test_keystones_complete_graph_only_capabilities_tell_members_apart():
    G = nx.complete_graph([2, 20, 200, 220, 255])
    caps = {2: 0.14, 20: 0.01, 200: 0.02, 220: 0.02, 255: 0.03}
    k = keystones(G, measure="capability_share", p_honor=0.745, capabilities=caps)
    assert k["coverage_loss"].nunique() == 1 and k["lcc_loss"].nunique() == 1
    assert k["p_any_ally_loss"].nunique() == 1
    assert list(k.index[:2]) == [2, 255]
    assert keystones(G).empty  # nobody's defection alone changes anything structural


def test_keystones_example_data_nato_usa_first():
    G = anet.alliance_graph(anet.load_example(), 2024, states=anet.load_example_states())
    k = keystones(G)
    assert k.index[0] == 2 and k.loc[2, "stateabb"] == "USA"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"measure": "degree"},
        {"measure": "coverage"},  # the old name: the error names the column
        {"measure": "p_any_ally_loss"},
        {"measure": "capability_share"},
        {"capabilities": {2: 1.0}},
        {"capabilities": {2: "big", 100: 1.0, 101: 1.0, 102: 1.0}},
    ],
)
def test_keystones_bad_input(kwargs):
    with pytest.raises(ParameterError):
        keystones(star(3), **kwargs)


# ------------------------------------------------------------------ genuine data


@pytest.mark.realdata
def test_atop_2010_usa_is_the_keystone(shared_data):
    members = anet.read_atop(shared_data / "atop_5_1" / "atop5_1m.csv")
    states = anet.read_states(shared_data / "cow_states" / "states2016.csv")
    nmc = anet.read_nmc(shared_data / "nmc_6" / "NMC-60-abridged.csv")
    G = anet.alliance_graph(members, 2010, states=states)
    allied_share = np.mean([G.degree(v) > 0 for v in G])
    sims = simulate_defections(G, p_honor=1.0, n_sims=3, rng=0)
    assert sims["coverage"].iloc[0] == pytest.approx(allied_share)
    sims = simulate_defections(G, p_honor="bf2018_by_era", level="treaty", n_sims=500, rng=0)
    assert (sims["coverage"] <= allied_share + 1e-12).all()
    assert sims["coverage"].mean() < sims.attrs["baseline"]["coverage"]
    caps = anet.capabilities(nmc, 2010).reindex(sorted(G)).fillna(0.0)
    k = keystones(G, measure="capability_share", p_honor=0.745, capabilities=caps)
    assert k.index[0] == 2
    assert k["coverage_loss"].idxmax() == 2


def test_empty_graph_is_refused():
    for func in (simulate_defections, keystones, lambda G: attack_response(G, 2)):
        with pytest.raises(ParameterError, match="empty"):
            func(nx.Graph())


@pytest.mark.parametrize("level", ["state", "commitment", "treaty"])
def test_more_honouring_never_hurts_with_common_random_numbers(level):
    # the same seed gives the same uniforms, so raising p can only keep more promises
    G = random_alliance_graph(seed=6)
    low = simulate_defections(G, p_honor=0.3, level=level, n_sims=300, rng=5)
    high = simulate_defections(G, p_honor=0.7, level=level, n_sims=300, rng=5)
    assert (low["coverage"] <= high["coverage"]).all()
    assert (low["unprotected"] >= high["unprotected"]).all()
    assert (low["lcc_fraction"] <= high["lcc_fraction"]).all()
    base = high.attrs["baseline"]
    assert (high["coverage"] <= base["coverage"]).all()
    assert high["lcc_fraction"].between(1 / 60, base["lcc_fraction"]).all()


def test_keystones_relabelling_invariance():
    G = random_alliance_graph(n=30, m=45, seed=8)
    mapping = {v: 990 - 11 * v for v in G}
    H = nx.relabel_nodes(G, mapping)
    caps = {v: 1.0 + (v % 7) for v in G}
    a = keystones(G, p_honor=0.5, capabilities=caps)
    b = keystones(H, p_honor=0.5, capabilities={mapping[v]: c for v, c in caps.items()})
    a.index = a.index.map(mapping)
    pd.testing.assert_frame_equal(a.sort_index(), b.sort_index())


# ------------------------------------------------------------------ hostile parameters

_BAD_RNG = [-1, 1.5, "1", random.Random(1), np.random.RandomState(1), [1, -2], True]


def _calls(G):
    hub = max(G.degree, key=lambda x: x[1])[0]
    caps = dict.fromkeys(G, 1.0)
    return {
        "simulate_defections": lambda **kw: simulate_defections(G, n_sims=10, **kw),
        "attack_response": lambda **kw: attack_response(
            G, hub, capabilities=caps, attacker=2.0, exact_limit=0, n_sims=10, **kw
        ),
    }


@pytest.mark.parametrize("bad", _BAD_RNG, ids=repr)
@pytest.mark.parametrize("name", ["simulate_defections", "attack_response"])
def test_bad_rng_is_a_parameter_error(name, bad):
    with pytest.raises(ParameterError, match="rng"):
        _calls(random_alliance_graph(seed=1))[name](rng=bad)


@pytest.mark.parametrize("bad", [0, 1.5, "2", True])
@pytest.mark.parametrize("name", ["simulate_defections", "attack_response"])
def test_bad_n_jobs_is_a_parameter_error(name, bad):
    with pytest.raises(ParameterError, match="n_jobs"):
        _calls(random_alliance_graph(seed=1))[name](n_jobs=bad)


def test_n_jobs_beyond_the_work_is_capped_and_changes_nothing():
    G = random_alliance_graph(seed=2)
    a = simulate_defections(G, n_sims=300, rng=3)
    b = simulate_defections(G, n_sims=300, rng=3, n_jobs=64)  # two batches: two workers
    pd.testing.assert_frame_equal(a, b, check_exact=True)


def test_attack_response_monte_carlo_identical_for_n_jobs():
    G = random_alliance_graph(seed=3)
    targets = [v for v, d in sorted(G.degree) if d >= 3][:4]
    caps = {v: 1.0 + (v % 5) for v in G}
    kw = dict(capabilities=caps, attacker=6.0, exact_limit=0, n_sims=2000, rng=11)
    one = attack_response(G, targets, **kw)
    two = attack_response(G, targets, n_jobs=2, **kw)
    pd.testing.assert_frame_equal(one, two, check_exact=True)
    assert (one["method"] == "monte carlo").all()
    # each target draws from its own child stream: asking for one target alone gives the
    # same number as asking for it first in a list
    alone = attack_response(G, targets[0], **kw)
    assert alone.loc[targets[0], "p_exceeds"] == one.loc[targets[0], "p_exceeds"]
    assert list(one.index) == targets


def test_treaty_graph_and_tuple_labels_are_refused_everywhere():
    members = anet.load_example()
    T = anet.treaty_graph(members, 1985)
    tup = nx.Graph([((2, "USA"), (20, "CAN"))])
    for G, err in ((T, "treaty"), (tup, "tuple")):
        for func in (
            lambda G: simulate_defections(G, n_sims=5),
            lambda G: attack_response(G, next(iter(G))),
            keystones,
        ):
            with pytest.raises(GraphTypeError, match=err):
                func(G)


def test_self_loops_are_ignored():
    G = random_alliance_graph(seed=4)
    H = G.copy()
    for v in list(H)[:10]:
        H.add_edge(v, v, alliances=("T9",), types=("defense",), weight=1)
    for level in ("state", "commitment", "treaty"):
        pd.testing.assert_frame_equal(
            simulate_defections(G, level=level, n_sims=50, rng=1),
            simulate_defections(H, level=level, n_sims=50, rng=1),
        )
    pd.testing.assert_frame_equal(keystones(G, p_honor=0.5), keystones(H, p_honor=0.5))
    v = next(iter(H))
    pd.testing.assert_frame_equal(attack_response(G, v), attack_response(H, v))


def test_keystones_measure_takes_the_column_name():
    with pytest.raises(ParameterError, match="coverage_loss"):
        keystones(star(3), measure="coverage")
    k = keystones(star(3), measure="lcc_loss")
    assert k.index[0] == 2


def test_too_many_simulations_are_refused_with_an_estimate():
    G = random_alliance_graph(seed=5)
    with pytest.raises(ParameterError, match=r"would need about .* of memory"):
        simulate_defections(G, n_sims=10**15)
