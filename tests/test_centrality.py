"""Tests of alliancenet.measures.centrality: known values, agreement with networkx, invariants."""

from __future__ import annotations

import math
import random

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import alliancenet as anet

UNDIRECTED = [
    "degree",
    "strength",
    "eigenvector",
    "betweenness",
    "closeness",
    "pagerank",
    "core_number",
]


def _weighted_gnp(n, p, seed, directed=False, wmax=4):
    G = nx.gnp_random_graph(n, p, seed=seed, directed=directed)
    rnd = random.Random(seed)
    for u, v in G.edges:
        G[u][v]["weight"] = rnd.randint(1, wmax)
    # ccode-like labels, inserted in shuffled order
    codes = rnd.sample(range(2, 1000), n)
    return nx.relabel_nodes(G, dict(enumerate(codes)))


def _with_lengths(G, distance, exact=False):
    """Copy of G with attribute 'length' from the weights; exact=True: lcm/w for 'inverse'."""
    H = G.copy()
    ws = [d["weight"] for *_, d in G.edges(data=True)]
    wmax = max(ws, default=1)
    lcm = math.lcm(*ws) if exact and ws else 1
    for _, _, d in H.edges(data=True):
        d["length"] = lcm / d["weight"] if distance == "inverse" else wmax + 1.0 - d["weight"]
    return H


def _series(d, index):
    return pd.Series(d).reindex(index).to_numpy(dtype=float)


# ----------------------------------------------------------------------------- known values


def test_star_known_values():
    c = anet.centrality(nx.star_graph(4))
    hub = c.loc[0]
    assert hub["degree"] == 1.0
    assert hub["strength"] == 4.0
    assert hub["betweenness"] == pytest.approx(1.0, abs=1e-12)
    assert hub["closeness"] == pytest.approx(1.0, abs=1e-12)
    assert hub["eigenvector"] == pytest.approx(0.707107, abs=1e-6)
    # exact stationary value 88/185 = 0.4756757 (REFERENCES' 0.475677 is networkx at tol 1e-6)
    assert hub["pagerank"] == pytest.approx(88 / 185, abs=1e-9)
    assert c.loc[1:, "betweenness"].eq(0).all()
    assert c["pagerank"].sum() == pytest.approx(1.0)


def test_k4_pendant_core_numbers():
    G = nx.complete_graph(4)
    G.add_edge(3, 4)
    core = anet.centrality(G, "core_number")["core_number"]
    assert core.to_dict() == {0: 3.0, 1: 3.0, 2: 3.0, 3: 3.0, 4: 1.0}


def test_index_is_sorted_ccodes_with_name():
    G = nx.Graph()
    G.add_nodes_from([365, 2, 200, 710])
    G.add_edge(2, 200, weight=2)
    c = anet.centrality(G)
    assert c.index.name == "ccode"
    assert c.index.tolist() == [2, 200, 365, 710]
    assert list(c.columns) == UNDIRECTED
    assert c.loc[2, "strength"] == 2.0


# ----------------------------------------------------------------------------- agreement with networkx


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("distance", ["inverse", "complement", None])
def test_path_measures_equal_networkx(seed, distance):
    G = _weighted_gnp(30, 0.12, seed)
    c = anet.centrality(G, ["betweenness", "closeness"], distance=distance)
    # betweenness against networkx on exact (integer) lengths, closeness on plain 1/w
    exact = _with_lengths(G, distance or "inverse", exact=True)
    plain = _with_lengths(G, distance or "inverse")
    attr = None if distance is None else "length"
    idx = c.index
    np.testing.assert_allclose(
        c["betweenness"], _series(nx.betweenness_centrality(exact, weight=attr), idx), atol=1e-9
    )
    np.testing.assert_allclose(
        c["closeness"], _series(nx.closeness_centrality(plain, distance=attr), idx), atol=1e-9
    )
    raw = anet.centrality(G, "betweenness", distance=distance, normalized=False)["betweenness"]
    np.testing.assert_allclose(
        raw,
        _series(nx.betweenness_centrality(exact, weight=attr, normalized=False), idx),
        atol=1e-9,
    )


def test_inverse_lengths_tie_exactly():
    # A 5-cycle s-a-b-t-c-s with weights 2, 3, 3, 6, 1: s-a-b-t and s-c-t both have
    # length 1/2 + 1/3 + 1/3 = 1 + 1/6 = 7/6, so a, b and c each carry half of the s-t pair.
    # (networkx given floating-point 1/w misses the tie and gives c zero.)
    G = nx.Graph()
    G.add_weighted_edges_from([(1, 2, 2), (2, 3, 3), (3, 4, 3), (4, 5, 6), (5, 1, 1)])
    expected = {1: 0.0, 2: 1.5, 3: 2.5, 4: 2.0, 5: 0.5}  # s=1, a=2, b=3, t=4, c=5
    for backend in ("auto", "networkx"):
        b = anet.centrality(G, "betweenness", normalized=False, backend=backend)["betweenness"]
        assert b.to_dict() == pytest.approx(expected, abs=1e-12)
    closeness = anet.centrality(G, "closeness")["closeness"]
    ref = nx.closeness_centrality(_with_lengths(G, "inverse"), distance="length")
    np.testing.assert_allclose(closeness, _series(ref, closeness.index), atol=1e-12)


@pytest.mark.parametrize("seed", [4, 5])
def test_other_measures_equal_networkx(seed):
    G = _weighted_gnp(40, 0.1, seed)
    c = anet.centrality(G)
    idx = c.index
    np.testing.assert_allclose(c["degree"], _series(nx.degree_centrality(G), idx), atol=1e-12)
    np.testing.assert_allclose(
        c["strength"], _series(dict(G.degree(weight="weight")), idx), atol=1e-12
    )
    np.testing.assert_allclose(
        c["pagerank"], _series(nx.pagerank(G, weight="weight", tol=1e-12), idx), atol=1e-6
    )
    np.testing.assert_allclose(c["core_number"], _series(nx.core_number(G), idx), atol=0)
    raw = anet.centrality(G, "degree", normalized=False)["degree"]
    np.testing.assert_allclose(raw, _series(dict(G.degree()), idx), atol=0)


@pytest.mark.parametrize("seed", [6, 7, 8])
def test_eigenvector_equals_networkx_on_connected_graphs(seed):
    G = _weighted_gnp(30, 0.2, seed)
    G = G.subgraph(max(nx.connected_components(G), key=len)).copy()
    c = anet.centrality(G, "eigenvector")
    ref = nx.eigenvector_centrality(G, weight="weight", tol=1e-13, max_iter=10_000)
    np.testing.assert_allclose(c["eigenvector"], _series(ref, c.index), atol=1e-6)


@pytest.mark.parametrize(
    "G",
    [
        nx.disjoint_union(nx.complete_graph(4), nx.path_graph(3)),  # distinct leading eigenvalues
        nx.disjoint_union_all([nx.complete_graph(3), nx.complete_graph(3), nx.empty_graph(1)]),
        nx.empty_graph(4),
    ],
    ids=["K4+P3", "K3+K3+isolate", "edgeless"],
)
def test_eigenvector_equals_networkx_limit_on_disconnected_graphs(G):
    c = anet.centrality(G, "eigenvector")["eigenvector"]
    ref = nx.eigenvector_centrality(G, tol=1e-13, max_iter=10_000)
    np.testing.assert_allclose(c, _series(ref, c.index), atol=1e-6)
    assert np.linalg.norm(c) == pytest.approx(1.0)


def test_eigenvector_per_component_tie_values():
    G = nx.disjoint_union_all([nx.complete_graph(3), nx.complete_graph(3), nx.empty_graph(1)])
    c = anet.centrality(G, "eigenvector")["eigenvector"]
    np.testing.assert_allclose(c.iloc[:6], 1 / np.sqrt(6))
    assert c.iloc[6] == 0.0


def _without_loops(G):
    H = G.copy()
    H.remove_edges_from(list(nx.selfloop_edges(H)))
    return H


@pytest.mark.parametrize("backend", ["auto", "networkx"])
def test_self_loops_are_ignored_by_every_measure(backend):
    """A state is not its own ally: every measure equals that of the graph without loops."""
    G = nx.complete_graph(4)
    nx.set_edge_attributes(G, 1, "weight")
    G.add_edge(0, 0, weight=2)
    G.add_edge(3, 7, weight=3)
    G.add_edge(7, 7, weight=5)
    c = anet.centrality(G, backend=backend)
    pd.testing.assert_frame_equal(c, anet.centrality(_without_loops(G), backend=backend))
    ref = nx.eigenvector_centrality(_without_loops(G), weight="weight", tol=1e-13, max_iter=10_000)
    np.testing.assert_allclose(c["eigenvector"], _series(ref, c.index), atol=1e-6)
    assert c.loc[0, "strength"] == 3 and c.loc[7, "strength"] == 3
    np.testing.assert_allclose(
        c["core_number"], _series(nx.core_number(_without_loops(G)), c.index)
    )
    D = nx.DiGraph(G)
    pd.testing.assert_frame_equal(
        anet.centrality(D, backend=backend), anet.centrality(_without_loops(D), backend=backend)
    )


def test_no_global_random_state_used():
    G = _weighted_gnp(30, 0.2, 12)
    state = random.getstate()
    anet.centrality(G)
    anet.centrality(G, backend="networkx")
    assert random.getstate() == state


def test_backends_agree():
    G = _weighted_gnp(25, 0.15, 9)
    a = anet.centrality(G, backend="auto")
    b = anet.centrality(G, backend="networkx")
    pd.testing.assert_frame_equal(a, b, atol=1e-6, rtol=0)


def test_weight_none_is_unweighted():
    G = _weighted_gnp(25, 0.2, 10)
    c = anet.centrality(G, weight=None)
    idx = c.index
    np.testing.assert_allclose(c["strength"], _series(dict(G.degree()), idx))
    np.testing.assert_allclose(
        c["betweenness"], _series(nx.betweenness_centrality(G), idx), atol=1e-9
    )
    np.testing.assert_allclose(
        c["pagerank"], _series(nx.pagerank(G, weight=None, tol=1e-12), idx), atol=1e-6
    )


# ----------------------------------------------------------------------------- directed graphs


def test_directed_measures_equal_networkx():
    G = _weighted_gnp(25, 0.12, 11, directed=True)
    c = anet.centrality(G)
    assert list(c.columns) == [
        "in_degree",
        "out_degree",
        "in_strength",
        "out_strength",
        "betweenness",
        "closeness",
        "pagerank",
        "core_number",
    ]
    idx = c.index
    H = _with_lengths(G, "inverse", exact=True)
    np.testing.assert_allclose(c["in_degree"], _series(nx.in_degree_centrality(G), idx))
    np.testing.assert_allclose(c["out_degree"], _series(nx.out_degree_centrality(G), idx))
    np.testing.assert_allclose(c["in_strength"], _series(dict(G.in_degree(weight="weight")), idx))
    np.testing.assert_allclose(c["out_strength"], _series(dict(G.out_degree(weight="weight")), idx))
    np.testing.assert_allclose(
        c["betweenness"], _series(nx.betweenness_centrality(H, weight="length"), idx), atol=1e-9
    )
    plain = _with_lengths(G, "inverse")
    np.testing.assert_allclose(
        c["closeness"], _series(nx.closeness_centrality(plain, distance="length"), idx), atol=1e-9
    )
    np.testing.assert_allclose(
        c["pagerank"], _series(nx.pagerank(G, weight="weight", tol=1e-12), idx), atol=1e-6
    )
    np.testing.assert_allclose(c["core_number"], _series(nx.core_number(G), idx))


def test_directed_eigenvector_raises():
    with pytest.raises(anet.GraphTypeError, match="undirected"):
        anet.centrality(nx.DiGraph([(1, 2)]), "eigenvector")


def test_in_degree_on_undirected_raises():
    with pytest.raises(anet.GraphTypeError, match="directed"):
        anet.centrality(nx.path_graph(3), "in_degree")


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"measures": "katz"}, anet.ParameterError),
        ({"measures": ["degree", "degree"]}, anet.ParameterError),
        ({"distance": "log"}, anet.ParameterError),
        ({"backend": "graph-tool"}, anet.ParameterError),
    ],
)
def test_bad_parameters(kwargs, error):
    with pytest.raises(error):
        anet.centrality(nx.path_graph(3), **kwargs)


@pytest.mark.parametrize(
    ("value", "match"), [(0, "positive"), (float("nan"), "positive"), ("x", "numeric")]
)
def test_bad_weight_raises(value, match):
    G = nx.Graph()
    G.add_edge(1, 2, weight=value)
    with pytest.raises(anet.ParameterError, match=match):
        anet.centrality(G)


@pytest.mark.parametrize("G", [nx.MultiGraph([(1, 2)]), {1: [2]}])
def test_wrong_graph_type(G):
    with pytest.raises(anet.GraphTypeError):
        anet.centrality(G)


def test_self_loop_only_state_is_an_isolate():
    G = nx.Graph([(1, 1), (1, 2), (3, 3)])
    c = anet.centrality(G, ["degree", "core_number", "eigenvector"])
    assert c.loc[3].tolist() == [0.0, 0.0, 0.0]
    assert c.loc[1, "core_number"] == 1


def test_treaty_graph_and_tuple_labels_refused():
    members = anet.load_example()
    T = anet.treaty_graph(members, 1985)
    with pytest.raises(anet.GraphTypeError, match="treaty"):
        anet.centrality(T)
    with pytest.raises(anet.GraphTypeError, match="treaty"):
        anet.centrality_panel({1985: T})
    with pytest.raises(anet.GraphTypeError, match="tuple"):
        anet.centrality(nx.Graph([((1, 2), (3, 4))]))


@pytest.mark.parametrize("value", [-1.0, float("nan"), float("inf"), 0])
def test_negative_nan_infinite_zero_weights_refused_on_every_path(value):
    G = nx.path_graph(4)
    nx.set_edge_attributes(G, 1.0, "weight")
    G[1][2]["weight"] = value
    for backend in ("auto", "networkx"):
        with pytest.raises(anet.ParameterError, match="positive"):
            anet.centrality(G, "strength", backend=backend)
    with pytest.raises(anet.ParameterError, match="positive"):
        anet.centrality_panel({2000: G}, "degree")
    assert anet.centrality(G, "strength", weight=None)["strength"].tolist() == [1, 2, 2, 1]


# ----------------------------------------------------------------------------- degenerate graphs


@pytest.mark.parametrize("n", [0, 1, 2, 5])
def test_edgeless_graphs_do_not_raise(n):
    c = anet.centrality(nx.empty_graph(n))
    assert c.shape == (n, len(UNDIRECTED))
    assert c.index.name == "ccode"
    assert not c.isna().any().any()
    if n:
        assert c["pagerank"].sum() == pytest.approx(1.0)
        assert c["betweenness"].eq(0).all() and c["closeness"].eq(0).all()


# ----------------------------------------------------------------------------- invariants (hypothesis)

edges_strategy = st.lists(
    st.tuples(st.integers(0, 11), st.integers(0, 11), st.integers(1, 3)), max_size=30
)


def _graph_from(n, edges, directed=False):
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(range(n))
    for u, v, w in edges:
        if u != v and u < n and v < n:
            G.add_edge(u, v, weight=w)
    return G


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(0, 12),
    edges=edges_strategy,
    perm_seed=st.integers(0, 10_000),
    directed=st.booleans(),
)
def test_relabelling_invariance(n, edges, perm_seed, directed):
    G = _graph_from(n, edges, directed)
    codes = random.Random(perm_seed).sample(range(2, 999), n)
    mapping = dict(zip(range(n), codes, strict=True))
    c = anet.centrality(G)
    r = anet.centrality(nx.relabel_nodes(G, mapping))
    assert r.index.tolist() == sorted(codes)
    assert c.index.tolist() == list(range(n))
    back = r.rename(index={v: k for k, v in mapping.items()}).sort_index()
    back.index.name = "ccode"
    pd.testing.assert_frame_equal(c, back, atol=1e-8, rtol=0)
    assert (c.drop(columns=["core_number"]) >= -1e-12).all().all()


@settings(max_examples=30, deadline=None)
@given(n=st.integers(0, 12), edges=edges_strategy)
def test_normalised_measures_in_unit_interval(n, edges):
    G = _graph_from(n, edges)
    c = anet.centrality(G)
    for m in ["degree", "eigenvector", "betweenness", "pagerank"]:
        assert ((c[m] >= -1e-12) & (c[m] <= 1 + 1e-9)).all(), m
    # closeness is in [0, 1] with hop counts (weighted lengths 1/w < 1 can push it above 1)
    hops = anet.centrality(G, "closeness", distance=None)["closeness"]
    assert ((hops >= 0) & (hops <= 1 + 1e-12)).all()


# ----------------------------------------------------------------------------- panel


def test_centrality_panel_long_table():
    panel = {1990: nx.path_graph(3), 1991: nx.star_graph(3)}
    t = anet.centrality_panel(panel, ["degree", "pagerank"])
    assert list(t.columns) == ["year", "ccode", "measure", "value"]
    assert t["year"].dtype == "int64"
    assert len(t) == 3 * 2 + 4 * 2
    one = t.query("year == 1991 and measure == 'pagerank'").set_index("ccode")["value"]
    np.testing.assert_allclose(one, anet.centrality(panel[1991], "pagerank")["pagerank"])


def test_centrality_panel_accepts_graphs_with_year_and_empty():
    G = nx.path_graph(3)
    G.graph["year"] = 2000
    t = anet.centrality_panel([G], "degree")
    assert t["year"].unique().tolist() == [2000]
    empty = anet.centrality_panel({})
    assert list(empty.columns) == ["year", "ccode", "measure", "value"] and empty.empty
    with pytest.raises(anet.ParameterError):
        anet.centrality_panel([nx.path_graph(2)])


@pytest.mark.realdata
@pytest.mark.filterwarnings("ignore::alliancenet.DataWarning")
def test_atop_1985_index_equals_system_members(shared_data):
    members = anet.read_atop(shared_data / "atop_5_1" / "atop5_1m.csv")
    states = anet.read_states(shared_data / "cow_states" / "system2016.csv")
    G = anet.alliance_graph(members, 1985, states=states)
    c = anet.centrality(G)
    assert c.index.tolist() == sorted(G.nodes)
    assert c.index.tolist() == sorted(states.query("year == 1985")["ccode"])
    assert c["pagerank"].sum() == pytest.approx(1.0)
    assert c.loc[2, "degree"] > 0.1  # the United States: NATO and the Rio Pact


@pytest.mark.realdata
@pytest.mark.filterwarnings("ignore::alliancenet.DataWarning")
@pytest.mark.parametrize("year", [1914, 1985, 2010])
def test_atop_years_equal_networkx(shared_data, year):
    """Every measure on a genuine (disconnected, isolates included) ATOP graph vs networkx."""
    members = anet.read_atop(shared_data / "atop_5_1" / "atop5_1m.csv")
    states = anet.read_states(shared_data / "cow_states" / "system2016.csv")
    G = anet.alliance_graph(members, year, states=states)
    assert nx.number_connected_components(G) > 1 and nx.number_of_isolates(G) > 0
    assert max(w for *_, w in G.edges(data="weight")) > 1  # genuinely weighted
    c = anet.centrality(G)
    idx = c.index
    exact, plain = _with_lengths(G, "inverse", exact=True), _with_lengths(G, "inverse")
    refs = {
        "degree": nx.degree_centrality(G),
        "strength": dict(G.degree(weight="weight")),
        "eigenvector": nx.eigenvector_centrality(G, weight="weight", tol=1e-13, max_iter=100_000),
        "betweenness": nx.betweenness_centrality(exact, weight="length"),
        "closeness": nx.closeness_centrality(plain, distance="length"),
        "pagerank": nx.pagerank(G, weight="weight", tol=1e-13, max_iter=10_000),
        "core_number": nx.core_number(G),
    }
    for m, ref in refs.items():
        np.testing.assert_allclose(c[m], _series(ref, idx), atol=1e-7, err_msg=m)


def test_eigenvector_components_skipped_by_their_bound_match_networkx():
    """Components whose largest strength is below the leading eigenvalue are skipped."""
    import networkx as nx
    import numpy as np

    import alliancenet as anet

    G = nx.Graph()
    G.add_edges_from([(1, 2), (2, 3), (3, 1)])  # triangle: lambda 2
    G.add_edges_from([(11, 12), (12, 13), (13, 11)])  # a second, tied triangle
    G.add_edges_from([(20, 21), (20, 22), (20, 23)])  # star: lambda sqrt 3, bound 3
    G.add_edges_from([(30, 31), (31, 32)])  # path: lambda sqrt 2, bound 2 (skipped)
    G.add_edge(40, 41, weight=1.5)  # dyad
    G.add_node(50)
    got = anet.centrality(G, "eigenvector")["eigenvector"]
    want = nx.eigenvector_centrality(G, weight="weight", max_iter=10_000, tol=1e-14)
    np.testing.assert_allclose(got.to_numpy(), [want[v] for v in got.index], atol=1e-9)
    assert got.loc[[30, 31, 32, 20, 40, 50]].eq(0).all()
    assert got.loc[1] == got.loc[11] > 0


@pytest.mark.parametrize("seed", range(12))
def test_eigenvector_from_the_whole_graph_equals_component_by_component(seed, monkeypatch):
    """One eigenpair of the whole graph gives the per-component limit (when no tie is possible).

    Random unions of components (some repeated, so that their eigenvalues tie, some
    pairs and isolates), integer weights: the scores equal the per-component path,
    which is checked against networkx's limit above.
    """
    from alliancenet.measures import _centrality_measures as cm

    rng = np.random.default_rng(seed)
    parts = []
    for _ in range(int(rng.integers(1, 5))):
        n = int(rng.integers(1, 9))
        H = nx.gnp_random_graph(n, 0.6, seed=int(rng.integers(1 << 30)))
        for u, v in H.edges():
            H[u][v]["weight"] = int(rng.integers(1, 4))
        parts.append(H)
        if rng.random() < 0.3:
            parts.append(H.copy())  # an identical component: its eigenvalue ties
    G = nx.disjoint_union_all(parts)
    fast = anet.centrality(G, "eigenvector")["eigenvector"]
    monkeypatch.setattr(cm, "_whole_graph_perron", lambda *a: None)
    slow = anet.centrality(G.copy(), "eigenvector")["eigenvector"]
    np.testing.assert_allclose(fast.to_numpy(), slow.to_numpy(), atol=1e-9)


def test_betweenness_by_the_compiled_kernel_equals_igraph(monkeypatch):
    """Undirected graphs with whole-number lengths: the kernel compiled at install (one
    Brandes pass per class of twins) gives igraph's values; other lengths go to igraph."""
    from alliancenet import _aot

    members, states = anet.load_example(), anet.load_example_states()
    panel = anet.alliance_graphs(members, range(1946, 1991, 4), states=states)
    calls = []
    kernel = _aot.kernel("betweenness_twins")

    def counted(name):
        f = kernel if name == "betweenness_twins" else None
        if f is None:
            return None

        def call(*args):
            calls.append(args[2].copy())
            return f(*args)

        return call

    if kernel is None:
        pytest.skip("alliancenet._kernels_aot was not built by this install (see setup.py)")
    for distance in ("inverse", "complement", None):
        monkeypatch.setattr(_aot, "kernel", counted)
        got = anet.centrality_panel(panel, "betweenness", distance=distance)
        monkeypatch.setattr(_aot, "kernel", lambda name: None)  # igraph's betweenness
        want = anet.centrality_panel(panel, "betweenness", distance=distance)
        pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=0, atol=1e-12)
    assert calls and all(np.all(c == np.round(c)) for c in calls)
    calls.clear()
    G = panel[1962].copy()
    for *_, d in G.edges(data=True):
        d["weight"] = d["weight"] + 0.5  # lengths 1/w are not whole numbers: igraph
    monkeypatch.setattr(_aot, "kernel", counted)
    anet.centrality(G, "betweenness")
    assert calls == []
