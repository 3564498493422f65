"""Linear-threshold defection cascades: known answers on stars, cliques and hand-made graphs."""

from __future__ import annotations

from fractions import Fraction

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from alliancenet.errors import GraphTypeError, ParameterError
from alliancenet.robustness.cascade import defection_cascade


def naive_cascade(G, first, theta, weight=None):
    """Independent re-implementation with exact rational shares (integer weights)."""
    defected = {s: 0 for s in first}
    t = 0
    while True:
        new = []
        for v in G:
            if v in defected:
                continue
            nbrs = list(G.predecessors(v)) if G.is_directed() else list(G[v])
            if not nbrs:
                continue
            w = {u: G.edges[u, v].get(weight, 1) if weight else 1 for u in nbrs}
            total = sum(w.values())
            share = Fraction(sum(w[u] for u in nbrs if u in defected), total)
            if share >= theta[v]:
                new.append(v)
        if not new:
            return defected
        t += 1
        for v in new:
            defected[v] = t


def test_star_hub_defecting_loses_every_leaf():
    G = nx.star_graph(6)
    out = defection_cascade(G, 0, threshold=0.5)
    assert list(out["ccode"]) == list(range(7))
    assert list(out["round"]) == [0] + [1] * 6
    assert list(out["order"]) == list(range(7))
    assert out.attrs["fraction"] == 1.0 and out.attrs["n_rounds"] == 1


@pytest.mark.parametrize("leaves", [3, 4, 10])
def test_one_leaf_defecting_does_not_spread(leaves):
    G = nx.star_graph(leaves)
    out = defection_cascade(G, 1, threshold=0.5)
    assert list(out["ccode"]) == [1]
    assert out.attrs["n_rounds"] == 0


def test_two_leaves_tip_the_hub_with_few_leaves():
    # hub 0 with 3 leaves: 2 of its 3 allies defect (2/3 >= 0.5) -> hub, then the last leaf
    out = defection_cascade(nx.star_graph(3), [1, 2], threshold=0.5)
    assert dict(zip(out["ccode"], out["round"], strict=True)) == {1: 0, 2: 0, 0: 1, 3: 2}


@pytest.mark.parametrize("n", [3, 4, 5, 7, 10, 13])
@pytest.mark.parametrize("theta", [0.1, 0.2, 0.25, 1 / 3, 0.4, 0.5, 2 / 3, 0.75, 0.9, 1.0])
def test_complete_graph_cascades_fully_iff_share_reaches_threshold(n, theta):
    G = nx.complete_graph(n)
    for s in range(1, n):
        out = defection_cascade(G, list(range(s)), threshold=theta)
        full = Fraction(s, n - 1) >= Fraction(theta).limit_denominator(1000)
        assert (len(out) == n) == full, (n, s, theta)
        assert len(out) in (s, n)
        if full:
            assert set(out.loc[out["round"] == 1, "ccode"]) == set(range(s, n))


def test_float_rounding_one_third():
    # 3 of 9 allies: 3/9 computed in floating point must reach the threshold 1/3
    G = nx.complete_graph(10)
    assert len(defection_cascade(G, [0, 1, 2], threshold=1 / 3)) == 10
    assert len(defection_cascade(G, [0, 1], threshold=1 / 3)) == 2


def test_isolates_never_defect_unless_first():
    G = nx.path_graph(3)
    G.add_node(99)
    assert 99 not in set(defection_cascade(G, [0], threshold=0.01)["ccode"])
    assert set(defection_cascade(G, [99])["ccode"]) == {99}


def test_weights_and_threshold_mapping():
    # state 3 has allies 1 (weight 3) and 2 (weight 1)
    G = nx.Graph()
    G.add_edge(1, 3, weight=3)
    G.add_edge(2, 3, weight=1)
    assert set(defection_cascade(G, [2], threshold=0.5)["ccode"]) == {2}
    assert 3 in set(defection_cascade(G, [1], threshold=0.5)["ccode"])
    assert 3 in set(defection_cascade(G, [2], threshold=0.5, weight=None)["ccode"])
    stubborn = {1: 0.5, 2: 0.5, 3: 2.0}  # above 1: never follows
    assert set(defection_cascade(G, [1, 2], threshold=stubborn)["ccode"]) == {1, 2}


def test_directed_uses_promises_made_to_the_state():
    # 1 promised 2 (arc 1 -> 2); 2 made no promise to 1
    G = nx.DiGraph([(1, 2)])
    assert set(defection_cascade(G, [1])["ccode"]) == {1, 2}
    assert set(defection_cascade(G, [2])["ccode"]) == {2}


def test_max_rounds_stops_early():
    G = nx.path_graph(6)
    assert list(defection_cascade(G, [0], max_rounds=2)["ccode"]) == [0, 1, 2]
    assert len(defection_cascade(G, [0], max_rounds=0)) == 1
    assert len(defection_cascade(G, [0])) == 6


@pytest.mark.parametrize("seed", range(6))
def test_matches_naive_rational_implementation(seed):
    rng = np.random.default_rng(seed)
    G = nx.gnp_random_graph(40, 0.12, seed=seed, directed=bool(seed % 2))
    for u, v in G.edges:
        G.edges[u, v]["weight"] = int(rng.integers(1, 4))
    theta = {v: Fraction(int(rng.integers(1, 6)), 6) for v in G}
    first = [int(x) for x in rng.choice(40, size=4, replace=False)]
    out = defection_cascade(G, first, threshold={v: float(t) for v, t in theta.items()})
    want = naive_cascade(G, first, theta, weight="weight")
    assert dict(zip(out["ccode"], out["round"], strict=True)) == want
    assert list(out["round"]) == sorted(out["round"])


def test_relabelling_invariance():
    G = nx.gnp_random_graph(30, 0.15, seed=3)
    mapping = {v: 1000 - 7 * v for v in G}
    H = nx.relabel_nodes(G, mapping)
    a = defection_cascade(G, [0, 5])
    b = defection_cascade(H, [mapping[0], mapping[5]])
    assert {mapping[c]: r for c, r in zip(a["ccode"], a["round"], strict=True)} == dict(
        zip(b["ccode"], b["round"], strict=True)
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"defectors": [42]},
        {"defectors": [0], "threshold": 0},
        {"defectors": [0], "threshold": -0.5},
        {"defectors": [0], "threshold": {0: 0.5}},
        {"defectors": [0], "max_rounds": -1},
    ],
)
def test_bad_input(kwargs):
    with pytest.raises(ParameterError):
        defection_cascade(nx.path_graph(3), **kwargs)


def test_wrong_graph_types():
    with pytest.raises(GraphTypeError):
        defection_cascade({1: [2]}, [1])
    T = nx.Graph()
    T.add_node(2, kind="state")
    T.add_node("EX:NATO", kind="treaty")
    T.add_edge(2, "EX:NATO")
    with pytest.raises(GraphTypeError):
        defection_cascade(T, [2])


def test_no_first_defectors_no_cascade_and_int_ccodes():
    out = defection_cascade(nx.path_graph(3), [])
    assert out.empty and str(out["ccode"].dtype) == "int64"
    assert out.attrs["fraction"] == 0.0


def test_defectors_keyword_and_bad_weights():
    G = nx.star_graph([2, 20, 200])
    out = defection_cascade(G, defectors=[2])
    assert out["ccode"].tolist() == [2, 20, 200]
    assert out.equals(defection_cascade(G, 2)) and out.equals(defection_cascade(G, (2,)))
    # weight=None counts allies equally whatever the attribute holds
    G.edges[2, 20]["weight"] = "heavy"
    assert defection_cascade(G, [2], weight=None)["ccode"].tolist() == [2, 20, 200]
    for bad in ("heavy", 0, -1, float("nan"), float("inf")):
        G.edges[2, 20]["weight"] = bad
        with pytest.raises(ParameterError, match="weight"):
            defection_cascade(G, [2])


def test_self_loops_are_ignored_and_tuple_labels_refused():
    G = nx.path_graph(5)
    H = G.copy()
    H.add_edges_from((v, v) for v in H)
    for first in ([0], [2], [0, 4]):
        pd.testing.assert_frame_equal(defection_cascade(G, first), defection_cascade(H, first))
    with pytest.raises(GraphTypeError, match="tuple"):
        defection_cascade(nx.Graph([((1, 2), (3, 4))]), [(1, 2)])
    with pytest.raises(ParameterError, match="empty"):
        defection_cascade(nx.Graph(), [])
    with pytest.raises(ParameterError, match="first defectors"):
        defection_cascade(nx.path_graph(3), [[0]])


def test_honor_stands_firm_and_is_recorded():
    G = nx.star_graph([2, 20, 200, 220])
    out = defection_cascade(G, 2, honor=[220])
    assert out["ccode"].tolist() == [2, 20, 200]
    assert out.attrs["honor"] == [220] and out.attrs["defectors"] == [2]
    # a firm state still counts as an ally that has not defected
    H = nx.Graph([(1, 2), (2, 3), (3, 1), (3, 4)])
    assert defection_cascade(H, 1, threshold=0.5, honor=[3])["ccode"].tolist() == [1, 2]
    with pytest.raises(ParameterError, match="honor"):
        defection_cascade(G, 2, honor=[2])
    with pytest.raises(ParameterError, match="honor"):
        defection_cascade(G, 2, honor=[999])
