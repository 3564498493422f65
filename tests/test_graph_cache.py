"""The cached graph-to-array conversion: equal to a fresh conversion, invalidated on change."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import alliancenet as anet
from alliancenet._graphs import cached_csr, graph_to_csr, structure_cache


def _reference_csr(G):
    """CSR by the slow general path (edge list), the implementation before the cache."""
    nodes = sorted(G.nodes)
    pos = {v: i for i, v in enumerate(nodes)}
    ties = {(pos[u], pos[v]) for u, v in G.edges() if u != v}
    ties |= {(j, i) for i, j in ties}
    indptr = np.zeros(len(nodes) + 1, dtype=np.int64)
    for i, _ in ties:
        indptr[i + 1] += 1
    return nodes, np.cumsum(indptr), np.array([j for _, j in sorted(ties)], dtype=np.int64)


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("seed", range(5))
def test_fast_conversion_equals_reference(directed, seed):
    G = nx.gnm_random_graph(40, 120, seed=seed, directed=directed)
    G.add_edge(3, 3)  # self-loops are not ties
    G.add_node(99)  # an isolate
    nodes, indptr, indices = graph_to_csr(G)
    ref = _reference_csr(G)
    assert nodes == ref[0]
    assert indptr.tolist() == ref[1].tolist()
    assert indices.tolist() == ref[2].tolist()


def test_cache_is_reused_and_read_only():
    G = nx.path_graph(5)
    first = cached_csr(G)
    second = cached_csr(G)
    assert first[1] is second[1] and first[2] is second[2]
    assert not first[1].flags.writeable and not first[2].flags.writeable
    first[0].append("x")  # the node list is a copy
    assert cached_csr(G)[0] == [0, 1, 2, 3, 4]


@pytest.mark.parametrize(
    "change",
    [
        lambda G: G.add_edge(0, 4),
        lambda G: G.remove_edge(0, 1),
        lambda G: G.add_node(10),
        lambda G: G.remove_node(2),
        lambda G: G.add_edges_from([(1, 3)]),
        lambda G: G.remove_edges_from([(1, 2)]),
        lambda G: G.remove_nodes_from([4]),
        lambda G: G.add_weighted_edges_from([(0, 3, 2.0)]),
        lambda G: G.update(edges=[(0, 2)]),
        lambda G: G.clear_edges(),
        lambda G: nx.relabel_nodes(G, {0: 100}, copy=False),
    ],
)
def test_cache_follows_every_change(change):
    G = nx.path_graph(5)
    cached_csr(G)
    change(G)
    got = cached_csr(G)
    ref = _reference_csr(G)
    assert got[0] == ref[0]
    assert got[1].tolist() == ref[1].tolist() and got[2].tolist() == ref[2].tolist()


def test_views_and_subclasses_are_not_cached():
    G = nx.path_graph(5)
    view = G.subgraph([0, 1, 2])
    assert structure_cache(view) is None
    assert cached_csr(view)[2].tolist() == [1, 0, 2, 1]
    G.remove_edge(1, 2)  # the view changes with G
    assert cached_csr(view)[2].tolist() == [1, 0]

    class MyGraph(nx.Graph):
        pass

    assert structure_cache(MyGraph()) is None


def test_copies_do_not_share_the_cache():
    G = nx.path_graph(4)
    cached_csr(G)
    H = G.copy()
    H.add_edge(0, 3)
    assert cached_csr(G)[2].tolist() == [1, 0, 2, 1, 3, 2]
    assert 3 in cached_csr(H)[2][:2].tolist()


def test_curve_after_change_equals_curve_of_fresh_graph():
    G = nx.gnm_random_graph(30, 60, seed=3)
    before = anet.robustness_curve(G, "degree")
    assert before.equals(anet.robustness_curve(nx.Graph(G), "degree"))
    G.remove_node(int(before.removed.iloc[1]))  # the hub
    after = anet.robustness_curve(G, "degree")
    assert after.equals(anet.robustness_curve(nx.Graph(G), "degree"))
    assert not after.equals(before)


def test_node_attribute_changes_are_still_checked():
    G = nx.path_graph(3)
    anet.robustness_curve(G, "degree")
    G.nodes[0]["kind"] = "treaty"  # no structural change: the cache is not emptied
    with pytest.raises(anet.GraphTypeError, match="treaty"):
        anet.robustness_curve(G, "degree")


def test_weight_changes_are_read_afresh():
    G = nx.Graph([(1, 2, {"weight": 1}), (2, 3, {"weight": 1}), (3, 4, {"weight": 5})])
    first = anet.robustness_curve(G, "strength")
    G[1][2]["weight"] = 10  # direct attribute change: networkx does not empty its cache
    second = anet.robustness_curve(G, "strength")
    assert first.removed.iloc[1] == 3 and second.removed.iloc[1] == 2


def _edge_arrays_reference(G, nodes, weight):
    """edge_arrays as it was before the cache (edge loop with data)."""
    pos = {v: i for i, v in enumerate(nodes)}
    src, dst, w = [], [], []
    for u, v, d in G.edges(data=True):
        if u == v:
            continue
        src.append(pos[u])
        dst.append(pos[v])
        w.append(1.0 if weight is None else float(d.get(weight, 1.0)))
    return np.array(src, dtype=np.int64), np.array(dst, dtype=np.int64), np.array(w)


@pytest.mark.parametrize("graph_type", [nx.Graph, nx.DiGraph, nx.MultiGraph])
@pytest.mark.parametrize("weight", [None, "weight"])
def test_edge_arrays_equal_the_edge_loop_and_follow_changes(graph_type, weight):
    from alliancenet._graphs import edge_arrays, sorted_nodes

    rng = np.random.default_rng(1)
    G = graph_type()
    for _ in range(80):
        u, v = (int(x) for x in rng.integers(0, 25, 2))
        G.add_edge(u, v, weight=int(rng.integers(1, 4)))
    for _ in range(3):
        nodes = sorted_nodes(G)
        got = edge_arrays(G, nodes, weight)
        want = _edge_arrays_reference(G, nodes, weight)
        for a, b in zip(got, want, strict=True):
            np.testing.assert_array_equal(a, b)
        u, v = next(iter(G.edges()))[:2]
        G[u][v].update(weight=7.5) if not G.is_multigraph() else None  # attribute only
        G.add_edge(u + 100, v, weight=2)


def test_edge_arrays_messages_unchanged():
    from alliancenet._graphs import edge_arrays

    G = nx.Graph([(1, 2, {"weight": "x"})])
    with pytest.raises(anet.ParameterError, match="numeric edge weights.*'x' on the tie 1-2"):
        edge_arrays(G, [1, 2], "weight")
    G[1][2]["weight"] = True
    with pytest.raises(anet.ParameterError, match="True on the tie 1-2"):
        edge_arrays(G, [1, 2], "weight")
    G[1][2]["weight"] = np.float64(-1)
    with pytest.raises(anet.ParameterError, match="positive, finite"):
        edge_arrays(G, [1, 2], "weight")
    G[1][2]["weight"] = np.int64(3)
    assert edge_arrays(G, [1, 2], "weight")[2].tolist() == [3.0]


def test_centrality_follows_weight_changes_on_a_cached_graph():
    G = nx.Graph([(1, 2, {"weight": 1}), (2, 3, {"weight": 1}), (1, 3, {"weight": 1}), (3, 4)])
    G[3][4]["weight"] = 1
    names = ["betweenness", "closeness", "eigenvector", "pagerank", "strength"]
    anet.centrality(G, names)
    G[1][3]["weight"] = 4  # attribute change: the structure cache stays, the values must not
    got = anet.centrality(G, names)
    want = anet.centrality(nx.Graph(G), names)  # a fresh graph, nothing cached
    pd.testing.assert_frame_equal(got, want)
    assert got.loc[1, "strength"] == 5
    G.add_edge(2, 4, weight=2)  # structural change
    pd.testing.assert_frame_equal(anet.centrality(G, names), anet.centrality(nx.Graph(G), names))
