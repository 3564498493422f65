"""Tests of alliancenet.measures.blocs: bloc detection, stability, modularity polarization, RNG hygiene."""

from __future__ import annotations

import math
import random

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest

import alliancenet as anet


def _two_cliques():
    G = nx.barbell_graph(5, 0)
    return nx.relabel_nodes(
        G, {i: c for i, c in enumerate([2, 20, 200, 210, 220, 365, 700, 710, 740, 750])}
    )


def _igraph_draws(seed):
    """What igraph's global generator produces after seeding Python's random with `seed`."""
    random.seed(seed)
    return ig.Graph.Erdos_Renyi(n=30, p=0.2).get_edgelist()


@pytest.mark.parametrize("method", ["leiden", "louvain"])
def test_barbell_two_cliques(method):
    b = anet.blocs(_two_cliques(), method=method, rng=1)
    assert b.name == "bloc" and b.index.name == "ccode"
    assert b.index.tolist() == [2, 20, 200, 210, 220, 365, 700, 710, 740, 750]
    assert b.tolist() == [0] * 5 + [1] * 5
    assert b.dtype == "int64"


def test_labels_ordered_by_size():
    G = nx.disjoint_union(nx.complete_graph(3), nx.complete_graph(6))  # nodes 0-2, 3-8
    G.add_node(99)
    b = anet.blocs(G, rng=0)
    assert (b.loc[3:8] == 0).all() and (b.loc[0:2] == 1).all()
    assert b.loc[99] == 2  # isolate: its own singleton bloc


def test_edgeless_and_empty():
    b = anet.blocs(nx.empty_graph(4), rng=0)
    assert b.tolist() == [0, 1, 2, 3]
    e = anet.blocs(nx.empty_graph(0), rng=0)
    assert e.empty and e.name == "bloc" and e.index.name == "ccode"


@pytest.mark.parametrize("method", ["leiden", "louvain"])
def test_seeded_reproducible(method):
    G = nx.les_miserables_graph()
    G = nx.convert_node_labels_to_integers(G, ordering="sorted")
    a = anet.blocs(G, method=method, rng=42)
    b = anet.blocs(G, method=method, rng=np.random.default_rng(42))
    pd.testing.assert_series_equal(a, b)
    q = nx.community.modularity(G, [set(g.index) for _, g in a.groupby(a)], weight="weight")
    assert q > 0.5  # a good partition (known maximum ~0.57)


def test_leiden_modularity_equals_networkx_for_its_partition():
    G = nx.karate_club_graph()
    b = anet.blocs(G, rng=3)
    parts = [set(g.index) for _, g in b.groupby(b)]
    q = nx.community.modularity(G, parts, weight="weight")
    assert anet.cohesion(G, blocs=b)["modularity"] == pytest.approx(q)
    assert q > 0.4


def test_resolution_changes_number_of_blocs():
    G = nx.karate_club_graph()
    few = anet.blocs(G, resolution=0.3, rng=0).nunique()
    many = anet.blocs(G, resolution=3.0, rng=0).nunique()
    assert few < many


def test_no_global_random_state_changed():
    G = nx.karate_club_graph()
    before = _igraph_draws(7)
    state = random.getstate()
    np_state = np.random.get_state()[1].copy()  # noqa: NPY002
    anet.blocs(G, rng=1)
    anet.blocs(G, method="louvain", rng=1)
    anet.bloc_stability(G, n_sims=3, rng=1)
    anet.modularity_polarization(G, n_sims=3, rng=1)
    assert random.getstate() == state
    assert np.array_equal(np.random.get_state()[1], np_state)  # noqa: NPY002
    assert _igraph_draws(7) == before  # igraph draws from Python's random module again


def test_global_seed_does_not_affect_result():
    G = nx.karate_club_graph()
    random.seed(1)
    a = anet.blocs(G, rng=5)
    random.seed(2)
    b = anet.blocs(G, rng=5)
    pd.testing.assert_series_equal(a, b)


def test_bad_input():
    with pytest.raises(anet.ParameterError):
        anet.blocs(nx.path_graph(3), method="infomap")
    with pytest.raises(anet.ParameterError):
        anet.blocs(nx.path_graph(3), resolution=0)
    for bad in ("1", None, True, float("nan")):
        with pytest.raises(anet.ParameterError, match="resolution"):
            anet.blocs(nx.path_graph(3), resolution=bad)
    with pytest.raises(anet.ParameterError, match="swaps_per_edge"):
        anet.modularity_polarization(nx.path_graph(3), swaps_per_edge=True)
    with pytest.raises(anet.ParameterError):
        anet.blocs(nx.path_graph(3), n_iterations=0)
    with pytest.raises(anet.GraphTypeError, match="undirected"):
        anet.blocs(nx.DiGraph([(1, 2)]))
    with pytest.raises(anet.GraphTypeError, match="undirected"):
        anet.modularity_polarization(nx.DiGraph([(1, 2)]))
    with pytest.raises(anet.ParameterError):
        anet.bloc_stability(nx.path_graph(3), n_sims=1)


def test_bloc_stability():
    s = anet.bloc_stability(_two_cliques(), n_sims=6, rng=0)
    assert s.to_dict() == {"n_sims": 6.0, "n_distinct": 1.0, "share_modal": 1.0, "mean_ari": 1.0}
    # a ring of cliques with weak links: runs may disagree, figures stay in range
    r = anet.bloc_stability(nx.les_miserables_graph(), n_sims=8, method="louvain", rng=0)
    assert 1 <= r["n_distinct"] <= 8 and 1 / 8 <= r["share_modal"] <= 1
    assert -1 <= r["mean_ari"] <= 1
    pd.testing.assert_series_equal(
        r, anet.bloc_stability(nx.les_miserables_graph(), n_sims=8, method="louvain", rng=0)
    )
    edgeless = anet.bloc_stability(nx.empty_graph(3), n_sims=3, rng=0)
    assert edgeless["mean_ari"] == 1.0


def test_polarization_barbell():
    p = anet.modularity_polarization(_two_cliques(), n_sims=30, rng=2)
    assert list(p.index) == ["observed", "null_mean", "null_sd", "z", "normalized", "n_blocs"]
    assert p["observed"] == pytest.approx(0.452381, abs=1e-6)
    assert p["n_blocs"] == 2
    assert p["normalized"] == pytest.approx(p["observed"] - p["null_mean"])
    assert p["z"] == pytest.approx((p["observed"] - p["null_mean"]) / p["null_sd"])
    assert p["null_sd"] > 0 and p["z"] > 2
    pd.testing.assert_series_equal(
        p, anet.modularity_polarization(_two_cliques(), n_sims=30, rng=2)
    )


def test_polarization_random_graph_is_not_polarized():
    G = nx.gnm_random_graph(40, 120, seed=3)
    p = anet.modularity_polarization(G, n_sims=30, rng=0)
    assert abs(p["z"]) < 3  # a random graph looks like its own null
    assert p["observed"] > 0.2  # ...although its raw modularity is far from 0


def test_polarization_fixed_partition_keeps_it_in_null():
    G = _two_cliques()
    one = [set(G)]
    p = anet.modularity_polarization(G, blocs=one, n_sims=5, rng=0)
    assert p["observed"] == pytest.approx(0.0, abs=1e-12)
    assert p["null_mean"] == pytest.approx(0.0, abs=1e-12)
    assert p["n_blocs"] == 1 and math.isnan(p["z"])


def test_polarization_degenerate_graphs():
    for G in (nx.empty_graph(0), nx.empty_graph(1), nx.empty_graph(4)):
        p = anet.modularity_polarization(G, n_sims=3, rng=0)
        assert p[["observed", "null_mean", "z", "normalized"]].isna().all()
        assert p["n_blocs"] == 0


def test_null_preserves_degrees():
    from alliancenet._random import igraph_seeded

    G = nx.karate_club_graph()
    h = ig.Graph.from_networkx(G)
    r = h.copy()
    with igraph_seeded(1):
        r.rewire(n=10 * h.ecount(), allowed_edge_types="simple")
    assert r.degree() == h.degree()
    assert set(r.get_edgelist()) != set(h.get_edgelist())
    assert not r.has_multiple() and not any(r.is_loop())


# ----------------------------------------------------------------------------- redesign / hostile input


def test_mean_ari_equals_igraph_pair_by_pair():
    """The vectorised mean ARI equals igraph's compare_communities over all pairs of runs."""
    from collections import Counter

    from alliancenet.measures._partitions import canonical_labels as _canonical
    from alliancenet.measures._partitions import mean_ari as _mean_ari

    rng = np.random.default_rng(0)
    for _ in range(60):
        n, d = int(rng.integers(1, 25)), int(rng.integers(2, 20))
        counts = Counter()
        for _ in range(d):
            k = int(rng.integers(1, n + 1))
            counts[tuple(_canonical(rng.integers(0, k, n)).tolist())] += int(rng.integers(1, 4))
        parts = list(counts)
        total = sum(c * (c - 1) / 2 for c in counts.values())
        for i, a in enumerate(parts):
            for b in parts[i + 1 :]:
                ari = ig.compare_communities(list(a), list(b), method="adjusted_rand")
                total += counts[a] * counts[b] * ari
        runs = sum(counts.values())
        assert _mean_ari(counts, block=4) == pytest.approx(
            total / (runs * (runs - 1) / 2), abs=1e-12
        )


def test_defaults_follow_the_package_vocabulary():
    import inspect

    for f in (anet.bloc_stability, anet.modularity_polarization):
        p = inspect.signature(f).parameters
        assert p["n_sims"].default == 1000
        assert p["n_jobs"].default == 1 and p["progress"].default is False
    assert anet.bloc_stability(_two_cliques(), rng=0)["n_sims"] == 1000


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_n_jobs_and_progress_do_not_change_results(n_jobs):
    G = nx.karate_club_graph()
    want = anet.modularity_polarization(G, n_sims=10, rng=4)
    pd.testing.assert_series_equal(
        anet.modularity_polarization(G, n_sims=10, rng=4, n_jobs=n_jobs, progress=True), want
    )
    want = anet.bloc_stability(G, n_sims=9, rng=4, method="louvain")
    got = anet.bloc_stability(G, n_sims=9, rng=4, method="louvain", n_jobs=n_jobs)
    pd.testing.assert_series_equal(got, want)


def test_treaty_graph_refused_by_every_bloc_measure():
    T = anet.treaty_graph(anet.load_example(), 1985)
    for f in (anet.blocs, anet.bloc_stability, anet.modularity_polarization):
        with pytest.raises(anet.GraphTypeError, match="treaty"):
            f(T, rng=0)


def test_self_loops_are_ignored():
    G = _two_cliques()
    nx.set_edge_attributes(G, 1, "weight")
    L = G.copy()
    L.add_edge(2, 2, weight=7)
    L.add_edge(750, 750, weight=1)
    pd.testing.assert_series_equal(anet.blocs(L, rng=3), anet.blocs(G, rng=3))
    pd.testing.assert_series_equal(
        anet.modularity_polarization(L, n_sims=5, rng=3),
        anet.modularity_polarization(G, n_sims=5, rng=3),
    )


@pytest.mark.parametrize("value", [-1.0, float("nan"), float("inf"), 0])
def test_bad_weights_refused(value):
    G = nx.path_graph(4)
    G[1][2]["weight"] = value
    for f in (anet.blocs, anet.bloc_stability, anet.modularity_polarization):
        with pytest.raises(anet.ParameterError, match="positive"):
            f(G, rng=0)


@pytest.mark.parametrize("rng", [-1, 1.5, "1", random.Random(1), np.random.RandomState(0)])
def test_hostile_rng_refused(rng):
    for f in (anet.blocs, anet.bloc_stability, anet.modularity_polarization):
        with pytest.raises(anet.ParameterError, match="rng"):
            f(nx.path_graph(3), rng=rng)


def test_hostile_counts_and_labels():
    G = nx.path_graph(3)
    for bad in (0, True, 2.5, "2"):
        with pytest.raises(anet.ParameterError, match="n_jobs"):
            anet.modularity_polarization(G, n_sims=3, n_jobs=bad, rng=0)
    for bad in (1, 2.0, "10", None):
        with pytest.raises(anet.ParameterError, match="n_sims"):
            anet.modularity_polarization(G, n_sims=bad, rng=0)
        with pytest.raises(anet.ParameterError, match="n_sims"):
            anet.bloc_stability(G, n_sims=bad, rng=0)
    with pytest.raises(anet.GraphTypeError, match="tuple"):
        anet.blocs(nx.Graph([((1, 2), (3, 4))]), rng=0)
    with pytest.raises(anet.ParameterError):
        anet.blocs(G, method=["leiden"])
