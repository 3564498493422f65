"""Bloc names and bloc identity across years in the network figures (known answers)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd
import pytest

from alliancenet import plotting as ap
from alliancenet.errors import ParameterError
from alliancenet.plotting.blocnames import match_groups, name_groups, treaty_name


def _clique(nodes, treaty, G=None, abb=None):
    G = nx.Graph() if G is None else G
    for i, u in enumerate(nodes):
        for v in nodes[i + 1 :]:
            G.add_edge(u, v, weight=1, alliances=(treaty,))
    for v in nodes:
        G.nodes[v]["stateabb"] = (abb or {}).get(v, f"S{v}")
    return G


def _legend(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


def test_treaty_names():
    assert treaty_name("ATOP:3180") == "NATO"
    assert treaty_name("ATOP:1350") == "Triple Alliance"
    assert treaty_name("EX:NATO") == "NATO"
    assert treaty_name("EX:RIO") == "Rio Treaty"
    assert treaty_name("ATOP:9999") is None  # a number only: no name
    assert treaty_name("COW:227") is None


def test_bloc_named_after_its_treaty_else_its_leading_member():
    G = _clique([2, 20, 200, 210], "ATOP:3180")  # NATO
    _clique([100, 101, 102], "ATOP:9999", G, {100: "COL", 101: "VEN", 102: "ECU"})
    raw = pd.Series({2: 0, 20: 0, 200: 0, 210: 0, 100: 1, 101: 1, 102: 1})
    abb = {v: d["stateabb"] for v, d in G.nodes(data=True)}
    # leading member by importance (e.g. CINC): VEN, not the lowest ccode
    importance = pd.Series({100: 0.1, 101: 0.5, 102: 0.2, 2: 0.9, 20: 0.1, 200: 0.3, 210: 0.1})
    names = name_groups(G, raw, importance, abb)
    assert names[2] == names[210] == "NATO"
    assert names[100] == "VEN bloc"
    # the user's names win: by a member's ccode, or by the automatic name
    names = name_groups(G, raw, importance, abb, {101: "Andean", "NATO": "Atlantic"})
    assert names[100] == "Andean" and names[2] == "Atlantic"


def test_a_treaty_names_a_bloc_only_when_it_matches_it():
    G = _clique([1, 2, 3, 4, 5, 6], "ATOP:9999")
    G.add_edge(1, 2, weight=2, alliances=("ATOP:9999", "ATOP:3180"))  # NATO ties only 1-2
    raw = pd.Series(dict.fromkeys(range(1, 7), 0))
    names = name_groups(G, raw, pd.Series(dict.fromkeys(range(1, 7), 1.0)), {v: f"S{v}" for v in G})
    assert names[1] == "S1 bloc"  # Jaccard 2/6 < 0.5: NATO does not name this bloc


def test_blocs_matched_across_years_by_member_overlap():
    y1 = pd.Series({1: "A bloc", 2: "A bloc", 3: "A bloc", 7: "C bloc", 8: "C bloc"})
    # the same states under another leader's name; and an unrelated new bloc
    y2 = pd.Series({1: "B bloc", 2: "B bloc", 3: "B bloc", 4: "B bloc", 9: "D bloc", 10: "D bloc"})
    a, b = match_groups([y1, y2])
    assert a[1] == b[1]  # one bloc, one name (the name of the year it is largest)
    assert b[1] == "B bloc"
    assert b[9] not in set(a)  # a new bloc gets its own name and style
    assert a[7] != b[9]


def test_snapshots_do_not_give_the_1914_bloc_the_style_of_an_unrelated_later_bloc():
    early = _clique([255, 300, 325], "ATOP:1350")  # Triple Alliance
    late = _clique([2, 20, 200], "ATOP:3180")  # NATO
    _clique([255, 300, 325], "ATOP:1350", late)  # still there, separate
    _clique([365, 366, 367], "ATOP:3285", late)
    fig = ap.plot_snapshots({1914: early, 1985: late}, rng=0, n_labels=0)
    styles = {}
    for ax in fig.axes:
        for coll in ax.collections:
            if coll.get_gid() not in (None, "edges"):
                styles.setdefault(coll.get_gid(), set()).add(
                    tuple(round(c, 3) for c in coll.get_facecolor()[0])
                )
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    plt.close(fig)
    assert {"Triple Alliance", "NATO", "Warsaw Pact"} <= set(labels)
    assert len(labels) == len(set(labels))
    colours = [next(iter(styles[k])) for k in ("Triple Alliance", "NATO", "Warsaw Pact")]
    assert len(set(colours)) == 3
    assert all(len(v) == 1 for v in styles.values())  # one colour per bloc in every panel


def test_labels_ranked_by_importance():
    G = _clique(list(range(1, 9)), "ATOP:9999")
    for v in G:
        G.nodes[v]["stateabb"] = f"S{v}"
    fig, ax = plt.subplots(figsize=(6, 5))
    ap.plot_network(G, hue=None, importance={7: 1.0, 3: 0.5}, n_labels=2, rng=0, ax=ax)
    texts = [t.get_text() for t in ax.texts]
    plt.close(fig)
    assert texts == ["S7", "S3"]


def test_bloc_names_must_be_a_dict():
    G = _clique([1, 2, 3], "ATOP:3180")
    fig, ax = plt.subplots()
    with pytest.raises(ParameterError, match="bloc_names"):
        ap.plot_network(G, bloc_names=["NATO"], ax=ax)
    plt.close(fig)


@pytest.mark.parametrize(
    ("width", "inches"),
    [("single", 3.5), ("1.5", 4.72), ("double", 7.0), ("nature-double", 7.205), (3.0, 3.0)],
)
def test_journal_widths(width, inches):
    assert ap.figure_size(width)[0] == pytest.approx(inches)
    with ap.paper_style(width):
        fig, ax = plt.subplots()
        assert fig.get_size_inches()[0] == pytest.approx(inches)
        plt.close(fig)


def test_unknown_width_lists_the_names():
    with pytest.raises(ParameterError, match="nature-single"):
        ap.figure_size("letter")
