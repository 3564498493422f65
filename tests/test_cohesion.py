"""Tests of alliancenet.measures.cohesion: known values, bounds, degenerate graphs, panel."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import alliancenet as anet
from alliancenet.measures.cohesion import MEASURES


def test_star_known_values():
    c = anet.cohesion(nx.star_graph(4), rng=0)
    assert c["density"] == pytest.approx(0.4)
    assert c["transitivity"] == 0.0
    assert c["n_components"] == 1 and c["lcc_fraction"] == 1 and c["allied_fraction"] == 1
    assert c["degeneracy"] == 1


def test_barbell_known_values():
    G = nx.barbell_graph(5, 0)
    c = anet.cohesion(G, rng=3)
    assert c["density"] == pytest.approx(0.466667, abs=1e-6)
    assert c["transitivity"] == pytest.approx(0.882353, abs=1e-6)
    assert c["modularity"] == pytest.approx(0.452381, abs=1e-6)
    assert c["n_blocs"] == 2
    assert c["average_clustering"] == pytest.approx(nx.average_clustering(G))
    # eight clique members have clustering 1, the two bridge states 6/10
    assert c["average_clustering"] == pytest.approx((8 + 2 * 0.6) / 10)
    assert c["degeneracy"] == 4


def test_hand_computed_triangle_with_pendant():
    # triangle 1-2-3 plus the tie 3-4 and an isolate 5: one triangle; connected triples
    # 1 + 1 + 3 + 0 + 0 = 5, so transitivity 3/5; local clustering 1, 1, 1/3, 0, 0
    G = nx.Graph([(1, 2), (2, 3), (1, 3), (3, 4)])
    G.add_node(5)
    c = anet.cohesion(G, blocs=[{1, 2, 3, 4}, {5}])
    assert c["density"] == pytest.approx(4 / 10)
    assert c["transitivity"] == pytest.approx(3 / 5)
    assert c["average_clustering"] == pytest.approx((1 + 1 + 1 / 3) / 5)
    assert c["n_components"] == 2 and c["lcc_fraction"] == pytest.approx(4 / 5)
    assert c["allied_fraction"] == pytest.approx(4 / 5) and c["degeneracy"] == 2
    # one bloc holding every tie: Q = 1 - (sum of strengths / 2m)^2 = 0
    assert c["modularity"] == pytest.approx(0.0, abs=1e-12) and c["n_blocs"] == 1
    # blocs {1, 2, 3}, {4}: 3 of the 4 ties inside; strengths 2+2+3 and 1 over 2m = 8
    q = anet.cohesion(G, blocs=[{1, 2, 3}, {4}, {5}])["modularity"]
    assert q == pytest.approx(3 / 4 - (7 / 8) ** 2 - (1 / 8) ** 2)  # -1/32


def test_given_partition_modularity_equals_networkx():
    G = nx.karate_club_graph()  # weighted ("weight" attribute)
    part = [set(range(0, 17)), set(range(17, 34))]
    c = anet.cohesion(G, blocs=part)
    assert c["modularity"] == pytest.approx(nx.community.modularity(G, part, weight="weight"))
    labels = pd.Series({v: int(v >= 17) for v in G}, name="bloc")
    assert anet.cohesion(G, blocs=labels)["modularity"] == pytest.approx(c["modularity"])
    unweighted = anet.cohesion(G, blocs=part, weight=None)["modularity"]
    assert unweighted == pytest.approx(nx.community.modularity(G, part, weight=None))


def test_k4_pendant_degeneracy_and_isolates():
    G = nx.complete_graph(4)
    G.add_edge(3, 4)
    G.add_nodes_from([10, 11])  # two isolated system members
    c = anet.cohesion(G, rng=0)
    assert c["degeneracy"] == 3
    assert c["n_components"] == 3
    assert c["lcc_fraction"] == pytest.approx(5 / 7)
    assert c["allied_fraction"] == pytest.approx(5 / 7)
    assert c["density"] == pytest.approx(7 / 21)


def test_name_is_year():
    G = nx.path_graph(3)
    G.graph["year"] = 1914
    assert anet.cohesion(G, rng=0).name == 1914


@pytest.mark.parametrize("n", [0, 1, 2, 6])
def test_degenerate_graphs_never_raise(n):
    c = anet.cohesion(nx.empty_graph(n), rng=0)
    assert list(c.index) == list(MEASURES)
    assert math.isnan(c["modularity"]) and math.isnan(c["transitivity"])
    if n < 2:
        assert math.isnan(c["density"])
    else:
        assert c["density"] == 0.0 and c["allied_fraction"] == 0.0
    if n == 0:
        assert c[["lcc_fraction", "degeneracy", "allied_fraction"]].isna().all()
        assert c["n_components"] == 0 and c["n_blocs"] == 0
    else:
        assert c["n_components"] == n and c["n_blocs"] == 0


def test_directed_graph_uses_undirected_ties_except_density():
    D = nx.DiGraph([(1, 2), (2, 1), (2, 3)])
    c = anet.cohesion(D, rng=0)
    assert c["density"] == pytest.approx(3 / 6)
    assert c["transitivity"] == 0.0 and c["n_components"] == 1


def test_bad_partition_raises():
    with pytest.raises(anet.ParameterError, match="every state"):
        anet.cohesion(nx.path_graph(3), blocs=[{0, 1}])
    with pytest.raises(anet.ParameterError, match="disjoint"):
        anet.cohesion(nx.path_graph(3), blocs=[{0, 1}, {1, 2}])
    with pytest.raises(anet.GraphTypeError):
        anet.cohesion("not a graph")
    with pytest.raises(anet.ParameterError, match="missing"):
        anet.cohesion(nx.path_graph(3), blocs=pd.Series([0, 1, None], dtype="Int64"))
    with pytest.raises(anet.ParameterError, match="dict"):
        anet.cohesion_panel({1990: nx.path_graph(3)}, blocs=[{0, 1, 2}])


edges_strategy = st.lists(
    st.tuples(st.integers(0, 9), st.integers(0, 9), st.integers(1, 3)), max_size=30
)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(0, 10), edges=edges_strategy, directed=st.booleans())
def test_figures_within_bounds(n, edges, directed):
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(range(n))
    G.add_weighted_edges_from((u, v, w) for u, v, w in edges if u != v and max(u, v) < n)
    c = anet.cohesion(G, rng=1)
    for m in ["density", "transitivity", "average_clustering", "lcc_fraction", "allied_fraction"]:
        assert math.isnan(c[m]) or 0 <= c[m] <= 1 + 1e-12, m
    assert math.isnan(c["modularity"]) or -0.5 - 1e-12 <= c["modularity"] < 1
    assert 0 <= c["n_blocs"] <= max(n // 2, 0)
    assert c["n_components"] <= n
    if n:
        assert 0 <= c["degeneracy"] <= n - 1
    if n == 0 or G.number_of_edges() == 0:
        assert math.isnan(c["modularity"])


def test_seeded_cohesion_reproducible():
    G = nx.karate_club_graph()
    pd.testing.assert_series_equal(anet.cohesion(G, rng=5), anet.cohesion(G, rng=5))


def test_cohesion_panel():
    panel = {1990: nx.empty_graph(3), 1991: nx.barbell_graph(5, 0), 1992: nx.empty_graph(0)}
    t = anet.cohesion_panel(panel, rng=0)
    assert list(t.columns) == ["year", "measure", "value"]
    assert t["year"].dtype == "int64"
    assert len(t) == 3 * len(MEASURES)
    q = t.query("year == 1991").set_index("measure")["value"]
    assert q["modularity"] == pytest.approx(0.452381, abs=1e-6)
    again = anet.cohesion_panel(panel, rng=0)
    pd.testing.assert_frame_equal(t, again)
    fixed = anet.cohesion_panel(
        {1991: nx.barbell_graph(5, 0)}, blocs={1991: [set(range(10))]}, rng=0
    )
    assert fixed.set_index("measure").loc["modularity", "value"] == pytest.approx(0.0, abs=1e-12)
    empty = anet.cohesion_panel({})
    assert list(empty.columns) == ["year", "measure", "value"] and empty.empty


@pytest.mark.realdata
@pytest.mark.filterwarnings("ignore::alliancenet.DataWarning")
def test_atop_cold_war_cohesion(shared_data):
    members = anet.read_atop(shared_data / "atop_5_1" / "atop5_1m.csv")
    states = anet.read_states(shared_data / "cow_states" / "system2016.csv")
    G = anet.alliance_graph(members, 1985, states=states)
    c = anet.cohesion(G, rng=0)
    assert c["density"] == pytest.approx(nx.density(G))
    assert 0 < c["allied_fraction"] < 1
    assert c["n_blocs"] >= 2  # NATO, Warsaw Pact, Rio Pact, Arab League ...
    assert np.isfinite(c).all()


# ----------------------------------------------------------------------------- hostile input


def test_self_loops_are_ignored_by_every_figure():
    G = nx.barbell_graph(5, 0)
    nx.set_edge_attributes(G, 1, "weight")
    L = G.copy()
    L.add_edge(0, 0, weight=4)
    L.add_edge(9, 9, weight=1)
    pd.testing.assert_series_equal(anet.cohesion(L, rng=2), anet.cohesion(G, rng=2))
    D, DL = nx.DiGraph(G), nx.DiGraph(L)
    pd.testing.assert_series_equal(anet.cohesion(DL, rng=2), anet.cohesion(D, rng=2))
    # density counts ties between states only: one loop on a lone state is no tie
    assert anet.cohesion(nx.Graph([(1, 1)]), rng=0)["n_components"] == 1
    lone = nx.Graph([(1, 1), (1, 2)])
    lone.add_node(3)
    assert anet.cohesion(lone, rng=0)["density"] == pytest.approx(1 / 3)


@pytest.mark.parametrize("value", [-1.0, float("nan"), float("inf"), 0, "x"])
def test_bad_weights_refused(value):
    G = nx.path_graph(4)
    G[1][2]["weight"] = value
    with pytest.raises(anet.ParameterError):
        anet.cohesion(G, rng=0)
    with pytest.raises(anet.ParameterError):
        anet.cohesion(nx.DiGraph(G), rng=0)  # checked before the arcs are merged
    assert anet.cohesion(G, weight=None, rng=0)["n_components"] == 1


def test_treaty_graph_refused():
    T = anet.treaty_graph(anet.load_example(), 1985)
    with pytest.raises(anet.GraphTypeError, match="treaty"):
        anet.cohesion(T, rng=0)
    with pytest.raises(anet.GraphTypeError, match="treaty"):
        anet.cohesion_panel({1985: T}, rng=0)
    with pytest.raises(anet.GraphTypeError):
        anet.cohesion(nx.MultiGraph([(1, 2)]), rng=0)


@pytest.mark.parametrize("rng", [-1, 1.5, "1", np.random.RandomState(0)])
def test_hostile_rng_refused(rng):
    with pytest.raises(anet.ParameterError, match="rng"):
        anet.cohesion(nx.path_graph(3), rng=rng)
    with pytest.raises(anet.ParameterError, match="rng"):
        anet.cohesion_panel({1990: nx.path_graph(3)}, rng=rng)


def test_panel_arguments_checked():
    with pytest.raises(anet.ParameterError, match="n_jobs"):
        anet.cohesion_panel({1990: nx.path_graph(3)}, n_jobs=0)
    with pytest.raises(anet.ParameterError, match="years"):
        anet.cohesion_panel({"1990a": nx.path_graph(3)})
    with pytest.raises(anet.ParameterError, match="several graphs"):
        anet.cohesion_panel(nx.path_graph(3))
    with pytest.raises(anet.ParameterError, match="several for"):
        anet.cohesion(nx.path_graph(2), blocs=pd.Series([0, 0, 1], index=[0, 1, 1]))
    with pytest.raises(anet.ParameterError, match="partition"):
        anet.cohesion(nx.path_graph(2), blocs=5)
    with pytest.raises(anet.ParameterError, match="group of states"):
        anet.cohesion(nx.path_graph(2), blocs=[0, 1])


def test_cohesion_panel_same_for_every_n_jobs_and_with_progress():
    graphs = {y: nx.gnm_random_graph(20, 30, seed=y) for y in range(1990, 1996)}
    serial = anet.cohesion_panel(graphs, rng=11)
    pd.testing.assert_frame_equal(anet.cohesion_panel(graphs, rng=11, n_jobs=2), serial)
    pd.testing.assert_frame_equal(anet.cohesion_panel(graphs, rng=11, progress=True), serial)
    # year t uses the t-th spawned child: the same figures as cohesion with that child
    child = np.random.default_rng(11).spawn(6)[2]
    one = anet.cohesion(graphs[1992], rng=child)
    np.testing.assert_array_equal(serial.query("year == 1992")["value"].to_numpy(), one.to_numpy())
