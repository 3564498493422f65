"""Tests of alliancenet.build: hand-made cases with known answers, invariants, bad input, real data."""

from __future__ import annotations

import itertools
import warnings

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import alliancenet as anet
from alliancenet.build import (
    alliance_graph,
    alliance_graphs,
    dyad_years,
    from_igraph,
    project_treaty_graph,
    to_igraph,
    treaty_graph,
)
from alliancenet.errors import (
    CoverageError,
    DataWarning,
    GraphTypeError,
    ParameterError,
    SchemaError,
)
from alliancenet.schema import OBLIGATIONS, validate_memberships


def table(rows, coverage=(1900, 1920), source="test"):
    """Canonical table from (alliance_id, ccode, start, end, {obligation: flag}) tuples."""
    records = []
    for aid, ccode, start, end, flags in rows:
        rec = {"alliance_id": aid, "ccode": ccode, "start_year": start, "end_year": end}
        rec.update(flags)
        records.append(rec)
    df = pd.DataFrame(records)
    df.attrs = {"source": source, "coverage": coverage}
    return validate_memberships(df)


def states_table(ccodes_by_year: dict[int, list[int]], coverage=None):
    rows = [
        {"ccode": c, "year": y, "stateabb": f"S{c}", "statenme": f"State {c}"}
        for y, cs in ccodes_by_year.items()
        for c in cs
    ]
    df = pd.DataFrame(rows)
    if coverage is not None:
        df.attrs["coverage"] = coverage
    return df


D = {"defense": 1}
N = {"neutrality": 1}
E = {"entente": 1}
NONE = {"defense": 0}


@pytest.fixture
def asym():
    # A (2) promises defence to B (20); B promises nothing.
    return table([("X:1", 2, 1900, 1920, D), ("X:1", 20, 1900, 1920, NONE)])


# ---------------------------------------------------------------- hand-made known answers


def test_asymmetric_treaty_undirected_edge_one_arc(asym):
    G = alliance_graph(asym, 1910)
    assert sorted(G.edges) == [(2, 20)]
    assert G.edges[2, 20] == {"alliances": ("X:1",), "weight": 1, "types": ("defense",)}
    Dg = alliance_graph(asym, 1910, directed=True)
    assert isinstance(Dg, nx.DiGraph)
    assert list(Dg.edges) == [(2, 20)]
    assert G.graph == {
        "year": 1910,
        "source": "test",
        "obligations": ("defense",),
        "directed": False,
        "coding": None,
    }
    assert Dg.graph["directed"] is True


def test_leave_and_rejoin_absent_in_gap():
    t = table(
        [
            ("X:1", 2, 1900, 1920, D),
            ("X:1", 20, 1900, 1904, D),
            ("X:1", 20, 1908, None, D),
        ]
    )
    panel = alliance_graphs(t, years=range(1903, 1911))
    present = {y: G.has_edge(2, 20) for y, G in panel.items()}
    assert present == {
        1903: True,
        1904: True,
        1905: False,
        1906: False,
        1907: False,
        1908: True,
        1909: True,
        1910: True,
    }
    # without states the gap year has only the remaining member as node
    assert sorted(panel[1906].nodes) == [2]
    # open spell runs to the coverage end
    assert alliance_graph(t, 1920).has_edge(2, 20)


def test_alliance_within_one_year():
    t = table([("X:1", 2, 1910, 1910, D), ("X:1", 20, 1910, 1910, D)])
    panel = alliance_graphs(t, years=[1909, 1910, 1911])
    assert [panel[y].number_of_edges() for y in (1909, 1910, 1911)] == [0, 1, 0]


def test_overlapping_alliances_of_different_types():
    t = table(
        [
            ("X:def", 2, 1900, 1920, {"defense": 1, "nonaggression": 1}),
            ("X:def", 200, 1900, 1920, {"defense": 1, "nonaggression": 1}),
            ("X:ent", 2, 1905, 1920, E),
            ("X:ent", 200, 1905, 1920, E),
            ("X:neu", 2, 1905, 1920, N),
            ("X:neu", 200, 1905, 1920, NONE),
        ]
    )
    G = alliance_graph(t, 1910, obligations=["defense", "entente"], coding="cow")
    e = G.edges[2, 200]
    assert e["alliances"] == ("X:def", "X:ent")
    assert e["weight"] == 2
    assert e["types"] == ("defense", "entente")
    assert e["value"] == 3
    # value reads all types undertaken in the alliances behind the tie
    H = alliance_graph(t, 1910, obligations="nonaggression", coding="cow")
    assert H.edges[2, 200]["alliances"] == ("X:def",)
    assert H.edges[2, 200]["types"] == ("nonaggression",)
    assert H.edges[2, 200]["value"] == 3
    # entente only: COW 1, ATOP 0 (entente is not on the ATOP scale)
    ent = alliance_graph(t, 1910, obligations="entente", coding="cow")
    assert ent.edges[2, 200]["value"] == 1
    assert alliance_graph(t, 1910, obligations="entente", coding="atop").edges[2, 200]["value"] == 0
    A = alliance_graph(t, 1910, obligations="any", coding="atop")
    assert A.edges[2, 200]["weight"] == 3
    assert A.edges[2, 200]["types"] == ("defense", "entente", "neutrality", "nonaggression")
    # before X:ent and X:neu start, one alliance
    assert alliance_graph(t, 1903, obligations="any").edges[2, 200]["weight"] == 1
    # directed: 200 undertook nothing in X:neu
    Dg = alliance_graph(t, 1910, obligations="neutrality", directed=True)
    assert list(Dg.edges) == [(2, 200)]


@pytest.mark.parametrize(
    ("flags", "cow", "atop"),
    [
        ({"defense": 1}, 3, 3),
        ({"offense": 1}, 0, 3),
        ({"neutrality": 1}, 2, 2),
        ({"nonaggression": 1}, 2, 1),
        ({"consultation": 1}, 0, 2),
        ({"entente": 1}, 1, 0),
        ({"nonaggression": 1, "consultation": 1}, 2, 2),
        ({"entente": 1, "nonaggression": 1}, 2, 1),
    ],
)
def test_codings(flags, cow, atop):
    t = table([("X:1", 2, 1900, 1920, flags), ("X:1", 20, 1900, 1920, flags)])
    assert alliance_graph(t, 1910, obligations="any", coding="cow").edges[2, 20]["value"] == cow
    assert alliance_graph(t, 1910, obligations="any", coding="atop").edges[2, 20]["value"] == atop


def test_na_counts_as_not_undertaken():
    t = table([("X:1", 2, 1900, 1920, {"entente": 1}), ("X:1", 20, 1900, 1920, {"entente": 1})])
    assert t["defense"].isna().all()
    assert alliance_graph(t, 1910).number_of_edges() == 0
    assert alliance_graph(t, 1910, obligations="entente").number_of_edges() == 1


def test_phases_merged_and_multilateral():
    # member 2 has two phase rows in the same alliance; 1905 lies in both
    t = table(
        [
            ("X:1", 2, 1900, 1905, {"consultation": 1}),
            ("X:1", 2, 1905, 1920, D),
            ("X:1", 20, 1900, 1920, NONE),
            ("X:1", 40, 1900, 1920, NONE),
        ]
    )
    G = alliance_graph(t, 1905, obligations="any", directed=True)
    assert sorted(G.edges) == [(2, 20), (2, 40)]
    assert G.edges[2, 20]["types"] == ("consultation", "defense")
    assert G.edges[2, 20]["weight"] == 1
    U = alliance_graph(t, 1905, obligations="defense")
    assert sorted(U.edges) == [(2, 20), (2, 40)]  # 20-40: neither undertook defence
    assert alliance_graph(t, 1901).number_of_edges() == 0


def test_states_nodes_isolates_and_attributes(asym):
    st = states_table({1910: [2, 20, 200]})
    G = alliance_graph(asym, 1910, states=st)
    assert sorted(G.nodes) == [2, 20, 200]
    assert G.degree(200) == 0
    assert G.nodes[2] == {"stateabb": "S2", "name": "State 2"}
    assert G.graph["system_year"] == 1910


def test_microstate_left_out_with_warning():
    t = table(
        [("X:1", 2, 1900, 1920, D), ("X:1", 20, 1900, 1920, D), ("X:9", 2, 1900, 1920, D),
         ("X:9", 331, 1900, 1920, D)]
    )  # fmt: skip
    st = states_table({1910: [2, 20]})
    with pytest.warns(DataWarning, match=r"ccode 331 \(X:9"):
        G = alliance_graph(t, 1910, states=st)
    assert sorted(G.nodes) == [2, 20]
    assert sorted(G.edges) == [(2, 20)]
    # a state that is a system member in other years is named by its abbreviation too
    st = states_table({1910: [2, 20], 1911: [2, 20, 331]})
    with pytest.warns(DataWarning, match=r"ccode 331 S331 \(X:9; 1910\)"):
        alliance_graph(t, 1910, states=st)


def test_left_out_warning_lists_every_state():
    rows = [("X:1", 2, 1900, 1920, D)] + [("X:1", c, 1900, 1920, D) for c in range(900, 915)]
    st = states_table({1910: [2]})
    with pytest.warns(DataWarning) as record:
        alliance_graph(table(rows), 1910, states=st)
    (message,) = [str(w.message) for w in record]
    assert message.startswith("alliance_graph(1910): 15 alliance member(s)")
    assert "and 3 more states: 912, 913, 914" in message
    assert all(f"ccode {c} (X:1; 1910)" in message for c in range(900, 912))


def test_carry_forward_warns_and_refuses(asym):
    st = states_table({1909: [2, 20], 1910: [2, 20, 200]})
    with pytest.warns(DataWarning, match="carried forward"):
        G = alliance_graph(asym, 1915, states=st, carry_forward=True)
    assert sorted(G.nodes) == [2, 20, 200]
    assert G.graph["system_year"] == 1910 and G.graph["year"] == 1915
    with pytest.raises(CoverageError, match="carry_forward"):
        alliance_graph(asym, 1915, states=st)  # carry_forward=False is the default
    with pytest.raises(CoverageError, match="starts in 1909"):
        alliance_graph(asym, 1905, states=st)


def test_panel_warnings_are_aggregated():
    t = table([("X:9", 2, 1900, 1920, D), ("X:9", 331, 1900, 1920, D)])
    st = states_table({y: [2] for y in range(1900, 1911)})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        panel = alliance_graphs(t, states=st, carry_forward=True)
    assert sorted(panel) == list(range(1900, 1921))
    msgs = [str(w.message) for w in caught if issubclass(w.category, DataWarning)]
    assert len(msgs) == 2
    assert any("1911–1920" in m for m in msgs)
    assert any("ccode 331" in m and "1900–1920" in m for m in msgs)


def test_panel_default_years_without_carry_forward(asym):
    st = states_table({y: [2, 20] for y in range(1905, 1911)})
    panel = alliance_graphs(asym, states=st, carry_forward=False)
    assert list(panel) == list(range(1905, 1911))


def test_bad_input(asym):
    with pytest.raises(ParameterError, match="valid are"):
        alliance_graph(asym, 1910, obligations="defence")
    with pytest.raises(ParameterError, match="valid are"):
        alliance_graph(asym, 1910, obligations=["defense", "alliance"])
    with pytest.raises(ParameterError, match="coding"):
        alliance_graph(asym, 1910, coding="signorino")
    with pytest.raises(CoverageError, match="1900–1920"):
        alliance_graph(asym, 1899)
    with pytest.raises(CoverageError, match="1900–1920"):
        alliance_graphs(asym, years=[1910, 1921])
    with pytest.raises(ParameterError):
        alliance_graph(asym, "1910")
    with pytest.raises(SchemaError):
        alliance_graph(pd.DataFrame({"ccode": [2]}), 1910)
    with pytest.raises(SchemaError):
        alliance_graph(asym, 1910, states=pd.DataFrame({"ccode": [2]}))
    bad_states = pd.DataFrame({"ccode": [2, "USA"], "year": [1910, 1910]})
    with pytest.raises(SchemaError, match=r"'ccode' must hold whole numbers; rows \[1\]"):
        alliance_graph(asym, 1910, states=bad_states)
    with pytest.raises(SchemaError, match="'year'"):
        alliance_graph(asym, 1910, states=pd.DataFrame({"ccode": [2], "year": [None]}))
    with pytest.raises(ParameterError, match="directed must be True or False"):
        alliance_graph(asym, 1910, directed="yes")
    with pytest.raises(ParameterError, match="directed"):
        dyad_years(asym, directed=1)
    with pytest.raises(ParameterError, match="carry_forward"):
        alliance_graphs(asym, carry_forward="no")


def test_empty_years_and_scalar_years():
    t = table([("X:1", 2, 1900, 1905, D), ("X:1", 20, 1900, 1905, D)])
    G = alliance_graph(t, 1910)  # covered, but no alliance in force
    assert G.number_of_nodes() == 0 and G.graph["year"] == 1910
    assert list(alliance_graphs(t, 1903)) == [1903]
    dd = dyad_years(t, [1910])
    assert len(dd) == 0 and list(dd.columns) == ["ccode1", "ccode2", "year", *OBLIGATIONS]
    st = states_table({1910: [2, 20, 200]})
    assert sorted(alliance_graph(t, 1910, states=st).nodes) == [2, 20, 200]
    with pytest.raises(SchemaError, match="between 0 and 99999"):
        alliance_graph(table([("X:1", 2, 1900, 1905, D), ("X:1", 123456, 1900, 1905, D)]), 1901)


def test_obligations_any_equals_all_six(asym):
    a = alliance_graph(asym, 1910, obligations="any")
    b = alliance_graph(asym, 1910, obligations=list(reversed(OBLIGATIONS)))
    assert a.graph["obligations"] == OBLIGATIONS
    assert nx.utils.graphs_equal(a, b)


def test_raw_table_is_validated():
    raw = pd.DataFrame(
        {"alliance_id": ["A", "A"], "ccode": [2, 20], "start_year": [1950, 1950], "defense": [1, 1]}
    )
    G = alliance_graph(raw, 1950)
    assert list(G.edges) == [(2, 20)]
    assert G.graph["source"] == "user"


# ---------------------------------------------------------------- panel / dyad-years / treaty


def _random_table(seed: int, n_alliances=12, states=(2, 20, 200, 220, 255, 300, 365, 710)):
    rng = np.random.default_rng(seed)
    rows = []
    for a in range(n_alliances):
        members = rng.choice(states, size=rng.integers(2, 6), replace=False)
        start = int(rng.integers(1900, 1915))
        for c in members:
            flags = {o: int(rng.random() < 0.4) for o in OBLIGATIONS}
            s = start + int(rng.integers(0, 3))
            end = None if rng.random() < 0.3 else s + int(rng.integers(0, 6))
            rows.append((f"R:{a}", int(c), s, end, flags))
            if rng.random() < 0.2:  # rejoin later
                rows.append((f"R:{a}", int(c), s + 8, None, flags))
    return table(rows)


def _graphs_identical(G, H):
    return (
        nx.utils.graphs_equal(G, H)
        and list(G.nodes) == list(H.nodes)
        and dict(G.edges.items()) == dict(H.edges.items())
    )


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("directed", [False, True])
def test_panel_identical_to_single_years(seed, directed):
    t = _random_table(seed)
    st = states_table({y: [2, 20, 200, 220, 255, 300, 365] for y in range(1900, 1918)})
    opts = {
        "obligations": ["defense", "neutrality"],
        "directed": directed,
        "coding": "atop",
        "carry_forward": True,
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        panel = alliance_graphs(t, states=st, **opts)
        for y, G in panel.items():
            assert _graphs_identical(G, alliance_graph(t, y, states=st, **opts))
    assert list(panel) == list(range(1900, 1921))


@pytest.mark.parametrize("seed", [0, 3])
def test_dyad_years_agree_with_graphs_and_naive(seed):
    t = _random_table(seed)
    dd = dyad_years(t, directed=True)
    assert list(dd.columns) == ["ccode1", "ccode2", "year", *OBLIGATIONS]
    assert dd[list(OBLIGATIONS)].any(axis=1).all()
    assert dd.equals(dd.sort_values(["year", "ccode1", "ccode2"]).reset_index(drop=True))
    panel = alliance_graphs(t, obligations="any", directed=True)
    arcs = {(u, v, y): set(d["types"]) for y, G in panel.items() for u, v, d in G.edges(data=True)}
    rows = {
        (r.ccode1, r.ccode2, r.year): {o for o in OBLIGATIONS if getattr(r, o)}
        for r in dd.itertuples()
    }
    assert rows == arcs
    # naive: member-year loops
    naive = {}
    for y in range(1900, 1921):
        live = t[(t.start_year <= y) & (t.end_year.fillna(1920) >= y)]
        for _aid, g in live.groupby("alliance_id"):
            und = {}
            for r in g.itertuples():
                und.setdefault(r.ccode, set()).update(
                    o for o in OBLIGATIONS if pd.notna(getattr(r, o)) and bool(getattr(r, o))
                )
            for a, b in itertools.permutations(und, 2):
                if a < b and (und[a] or und[b]):
                    naive.setdefault((a, b, y), set()).update(und[a] | und[b])
    ud = dyad_years(t)
    assert (ud.ccode1 < ud.ccode2).all()
    got = {
        (r.ccode1, r.ccode2, r.year): {o for o in OBLIGATIONS if getattr(r, o)}
        for r in ud.itertuples()
    }
    assert got == naive


def test_dyad_years_states_filter():
    t = table([("X:9", 2, 1900, 1920, D), ("X:9", 331, 1900, 1920, D), ("X:9", 20, 1900, 1920, D)])
    st = states_table({y: [2, 20] for y in range(1900, 1921)})
    with pytest.warns(DataWarning, match="ccode 331"):
        dd = dyad_years(t, states=st)
    assert set(zip(dd.ccode1, dd.ccode2, strict=True)) == {(2, 20)}
    assert len(dd) == 21


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("obligations", ["any", "defense", ("neutrality", "consultation")])
def test_projection_equals_alliance_graph(directed, obligations):
    t = _random_table(5)
    st = states_table({1910: [2, 20, 200, 220, 255, 300, 365]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        T = treaty_graph(t, 1910, obligations=obligations, states=st, coding="cow")
        G = alliance_graph(
            t, 1910, obligations=obligations, states=st, coding="cow", directed=directed
        )
    assert nx.is_bipartite(T)
    kinds = nx.get_node_attributes(T, "kind")
    assert {n for n, k in kinds.items() if k == "state"} == set(G.nodes)
    P = project_treaty_graph(T, directed=directed)
    assert nx.utils.graphs_equal(P, G)
    assert dict(P.edges.items()) == dict(G.edges.items())


def test_treaty_removal_as_unit():
    t = table(
        [("X:1", 2, 1900, 1920, D), ("X:1", 20, 1900, 1920, D), ("X:1", 200, 1900, 1920, D),
         ("X:2", 2, 1900, 1920, D), ("X:2", 20, 1900, 1920, D)]
    )  # fmt: skip
    T = treaty_graph(t, 1910, obligations="defense")
    assert T.nodes["X:1"] == {"kind": "treaty", "bipartite": 1, "types": ("defense",), "size": 3}
    assert T.nodes[2] == {"kind": "state", "bipartite": 0}
    T.remove_node("X:1")
    P = project_treaty_graph(T)
    assert sorted(P.edges) == [(2, 20)]
    assert P.edges[2, 20]["alliances"] == ("X:2",)
    assert 200 in P and P.degree(200) == 0
    with pytest.raises(GraphTypeError):
        project_treaty_graph(nx.Graph())


# ---------------------------------------------------------------- igraph bridge


@pytest.mark.parametrize("directed", [False, True])
def test_igraph_round_trip(directed):
    t = _random_table(2)
    st = states_table({1910: [2, 20, 200, 220, 255, 300, 365]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        G = alliance_graph(t, 1910, obligations="any", states=st, coding="cow", directed=directed)
    assert G.number_of_edges() > 0
    h = to_igraph(G)
    assert h.is_directed() == directed
    assert h.vs["name"] == list(G.nodes)
    assert h.vcount() == G.number_of_nodes() and h.ecount() == G.number_of_edges()
    assert h["year"] == 1910 and h["obligations"] == OBLIGATIONS
    e = h.es[0]
    u, v = h.vs[e.source]["name"], h.vs[e.target]["name"]
    assert e["alliances"] == G.edges[u, v]["alliances"]
    back = from_igraph(h)
    assert _graphs_identical(back, G)
    assert back.graph == G.graph
    assert dict(back.nodes(data=True)) == dict(G.nodes(data=True))
    T = treaty_graph(t, 1910)
    assert _graphs_identical(from_igraph(to_igraph(T)), T)


def test_igraph_bad_input():
    with pytest.raises(GraphTypeError):
        to_igraph(nx.MultiGraph())
    with pytest.raises(GraphTypeError):
        from_igraph(nx.Graph())


def test_public_api_reexported():
    for name in anet.build.__all__:
        assert getattr(anet, name) is getattr(anet.build, name)


# ---------------------------------------------------------------- real data


@pytest.fixture(scope="module")
def atop(shared_data):
    """ATOP 5.1 through anet.read_atop, plus the raw member file for independent counts."""
    path = shared_data / "atop_5_1" / "atop5_1m.csv"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        members = anet.read_atop(path)
    return members, pd.read_csv(path)


@pytest.fixture(scope="module")
def cow(shared_data):
    path = shared_data / "cow_alliance_v4_1" / "alliance_v4.1_by_member.csv"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        members = anet.read_cow(path)
    return members, pd.read_csv(path)


@pytest.fixture(scope="module")
def system(shared_data):
    return anet.read_states(shared_data / "cow_states" / "system2016.csv")


@pytest.mark.realdata
def test_atop_2012_defence_counts(atop, system, shared_data):
    members, raw = atop
    # independent count in plain pandas (yrexit == 0 means ongoing)
    raw_system = pd.read_csv(shared_data / "cow_states" / "system2016.csv")
    sys12 = set(raw_system.loc[raw_system["year"] == 2012, "ccode"])
    live = raw[
        (raw["yrent"] <= 2012)
        & ((raw["yrexit"] == 0) | (raw["yrexit"] >= 2012))
        & raw["member"].isin(sys12)
    ]
    promised = live.groupby(["atopid", "member"])["defense"].max().reset_index()
    pairs = promised.merge(promised, on="atopid", suffixes=("_a", "_b"))
    pairs = pairs[pairs["member_a"] != pairs["member_b"]]
    arcs = pairs[pairs["defense_a"] == 1][["member_a", "member_b"]].drop_duplicates()
    either = pairs[(pairs["defense_a"] == 1) | (pairs["defense_b"] == 1)]
    either = either[either["member_a"] < either["member_b"]]
    edges = either[["member_a", "member_b"]].drop_duplicates()

    G = alliance_graph(members, 2012, states=system)
    assert G.number_of_nodes() == 195 == len(sys12)
    assert G.number_of_edges() == len(edges) == 1662
    Dg = alliance_graph(members, 2012, states=system, directed=True)
    assert Dg.number_of_edges() == len(arcs) == 3322
    assert set(Dg.edges) == set(zip(arcs["member_a"], arcs["member_b"], strict=True))
    assert G.nodes[2]["stateabb"] == "USA"
    assert G.edges[2, 20]["alliances"] == ("ATOP:3180",)  # NATO
    for graph in (G, Dg):  # the igraph bridge is lossless on the real graphs too
        back = from_igraph(to_igraph(graph))
        assert _graphs_identical(back, graph) and back.graph == graph.graph
        assert dict(back.nodes(data=True)) == dict(graph.nodes(data=True))


@pytest.mark.realdata
def test_atop_panel_system_sizes(atop, system):
    members, _ = atop
    with pytest.warns(DataWarning) as record:
        panel = alliance_graphs(members, states=system, carry_forward=True)
    assert len([w for w in record if issubclass(w.category, DataWarning)]) == 2
    assert list(panel) == list(range(1816, 2019))
    sizes = system.groupby("year").size()
    for y, G in panel.items():
        assert G.number_of_nodes() == sizes[min(y, 2016)]
    assert panel[2018].graph["system_year"] == 2016
    assert panel[2012].number_of_edges() == 1662


def _arcs_with_types(panel) -> set[tuple]:
    return {
        (u, v, y, tuple(sorted(d["types"])))
        for y, G in panel.items()
        for u, v, d in G.edges(data=True)
    }


def _rows_with_types(dd: pd.DataFrame) -> set[tuple]:
    flags = dd[list(OBLIGATIONS)].fillna(False).to_numpy(bool)
    names = np.array(OBLIGATIONS)
    return {
        (int(a), int(b), int(y), tuple(sorted(names[f].tolist())))
        for a, b, y, f in zip(dd["ccode1"], dd["ccode2"], dd["year"], flags, strict=True)
    }


@pytest.mark.realdata
@pytest.mark.parametrize("source", ["atop", "cow"])
def test_dyad_years_agree_with_directed_graphs_every_year(source, request, system):
    """Directed dyad-years = arcs of the directed "any" graphs (with their types), every year."""
    members, _ = request.getfixturevalue(source)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        for states in (None, system):
            dd = dyad_years(members, directed=True, states=states, carry_forward=True)
            panel = alliance_graphs(
                members, obligations="any", directed=True, states=states, carry_forward=True
            )
            assert set(dd["year"]) <= set(panel)
            assert len(dd) == sum(G.number_of_edges() for G in panel.values())
            assert _rows_with_types(dd) == _arcs_with_types(panel)
    first, last = members.attrs["coverage"]
    assert list(panel) == list(range(max(first, 1816), last + 1))


_ATOP_REF = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]
_ATOP_OURS = ["defense", "offense", "neutrality", "nonaggression", "consultation"]


@pytest.mark.realdata
def test_atop_directed_dyad_years_vs_official_ddyr(atop, shared_data):
    """Every difference from the official ATOP directed dyad-year file, counted (see Notes)."""
    members, raw = atop
    ours = dyad_years(members, directed=True)
    ref = pd.read_csv(
        shared_data / "atop_5_1" / "derived_peacesciencer" / "atop5_1ddyr_subset_peacesciencer.csv"
    )
    assert (len(ours), len(ref)) == (273_271, 273_296)
    x = ours.merge(ref, on=["ccode1", "ccode2", "year"], how="outer", indicator=True)
    theirs_only = x[x["_merge"] == "right_only"]
    ours_only = x[x["_merge"] == "left_only"]
    both = x[x["_merge"] == "both"]
    # (1) 59 rows where ccode1 is listed as an ally without any of the five obligations
    assert len(theirs_only) == 59
    assert (theirs_only[_ATOP_REF] == 0).all().all()
    # (2) ccode 8152 (ATOP:1320, 1874-1883, not a COW state) is absent from the official file
    with_8152 = (ours_only["ccode1"] == 8152) | (ours_only["ccode2"] == 8152)
    assert with_8152.sum() == 20
    # (3) same calendar year, never on the same day: German and Yemeni unification (1990),
    #     Yugoslav successor states (1992)
    rest = ours_only[~with_8152]
    assert len(rest) == 14
    assert set(rest["year"]) == {1990, 1992}
    assert set(rest["ccode1"]) <= {255, 260, 265, 344, 345, 369, 678, 679, 680, 705}
    # (4) flags: ours is never lower (member-level flags are an upper bound)
    ours_f = both[_ATOP_OURS].astype(int).to_numpy()
    ref_f = both[_ATOP_REF].astype(int).to_numpy()
    assert (ours_f >= ref_f).all()
    differ = both[(ours_f != ref_f).any(axis=1)]
    assert len(differ) == 377
    # (4a) ATOP:1362 (Central America) drops neutrality in phase 2 from 24 Nov 1888;
    #      the official file codes 1888 by the later phase
    phase = differ[(differ["year"] == 1888) & differ["ccode1"].between(90, 94)]
    assert len(phase) == 16
    # (4b) partner-specific obligations: the dyad shares an alliance coded asymmetric or
    #      with obligations varying among members (asymm/obvary), so the member-level flag
    #      does not say toward whom; the remaining 13 are day-boundary rows as in (3)
    special = set(raw.loc[(raw["asymm"] == 1) | (raw["obvary"] == 1), "atopid"])
    spells = raw.loc[raw["atopid"].isin(special), ["atopid", "member", "yrent", "yrexit"]]
    spells = spells.assign(end=spells["yrexit"].where(spells["yrexit"] != 0, 2018))
    pairs = spells.merge(spells, on="atopid")
    pairs = pairs[pairs["member_x"] != pairs["member_y"]]
    rest4 = differ.drop(phase.index)
    hit = rest4.merge(pairs, left_on=["ccode1", "ccode2"], right_on=["member_x", "member_y"])
    y = hit["year"]
    hit = hit[
        (y >= hit["yrent_x"]) & (y <= hit["end_x"]) & (y >= hit["yrent_y"]) & (y <= hit["end_y"])
    ]
    partner_specific = hit[["ccode1", "ccode2", "year"]].drop_duplicates()
    assert len(partner_specific) == 348
    assert len(rest4) - len(partner_specific) == 13


_COW_REF = ["cow_defense", "cow_neutral", "cow_nonagg", "cow_entente"]
_COW_OURS = ["defense", "neutrality", "nonaggression", "entente"]


def _cow_by_dyad_years(shared_data):
    """Independent expansion of COW's own dyad file (by_dyad.csv) to undirected dyad-years."""
    d = pd.read_csv(shared_data / "cow_alliance_v4_1" / "alliance_v4.1_by_dyad.csv")
    end = d["dyad_end_year"].fillna(2012).astype(int)
    n = end - d["dyad_st_year"] + 1
    rep = d.loc[d.index.repeat(n)].copy()
    rep["year"] = rep["dyad_st_year"].to_numpy() + np.concatenate([np.arange(k) for k in n])
    rep["a"] = rep[["ccode1", "ccode2"]].min(axis=1)
    rep["b"] = rep[["ccode1", "ccode2"]].max(axis=1)
    rep[_COW_OURS] = rep[_COW_OURS].fillna(0).astype(bool)
    out = rep.groupby(["a", "b", "year"])[_COW_OURS].max().reset_index()
    return out.rename(columns={"a": "ccode1", "b": "ccode2"})


@pytest.mark.realdata
def test_cow_dyad_years_vs_dyad_file_and_peacesciencer(cow, system, shared_data):
    """Every difference from peacesciencer's COW dyad-years, counted (see dyad_years Notes)."""
    members, raw = cow
    ours = dyad_years(members)
    # our member-file expansion equals COW's own dyad file, row for row and flag for flag
    by_dyad = _cow_by_dyad_years(shared_data)
    assert len(ours) == len(by_dyad) == 60_372
    merged = ours.merge(by_dyad, on=["ccode1", "ccode2", "year"], suffixes=("", "_d"))
    assert len(merged) == len(ours)
    for o in _COW_OURS:
        assert (merged[o] == merged[o + "_d"]).all()

    ref = pd.read_csv(
        shared_data
        / "cow_alliance_v4_1"
        / "derived_peacesciencer"
        / "cow_alliance_ddy_peacesciencer.csv"
    )
    assert len(ref) == 120_784
    # theirs is an undirected table written in both orders with equal flags
    flipped = ref.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})
    assert ref.merge(flipped, on=["ccode1", "ccode2", "year", *_COW_REF]).shape[0] == len(ref)
    half = ref[ref["ccode1"] < ref["ccode2"]]
    x = ours.merge(half, on=["ccode1", "ccode2", "year"], how="outer", indicator=True)
    theirs_only = x[x["_merge"] == "right_only"]
    ours_only = x[x["_merge"] == "left_only"]
    assert (len(theirs_only), len(ours_only)) == (211, 191)
    # all of them are dyads in an alliance where a state has several membership spells:
    # the official yearly files lay a state's spells end to end from its first start year
    multi = raw[raw.duplicated(["version4id", "ccode"], keep=False)]
    touched = set()
    for vid, g in multi.groupby("version4id"):
        everyone = set(raw.loc[raw["version4id"] == vid, "ccode"])
        for c in set(g["ccode"]):
            touched.update((min(c, o), max(c, o)) for o in everyone - {c})

    def is_touched(df):
        return np.array(
            [(a, b) in touched for a, b in zip(df["ccode1"], df["ccode2"], strict=True)]
        )

    assert is_touched(theirs_only).all() and is_touched(ours_only).all()
    confed = set(raw.loc[raw["version4id"] == 3, "ccode"])

    def reason(df):
        german = df["ccode1"].isin(confed) & df["ccode2"].isin(confed)
        egypt = (df["ccode1"] == 651) | (df["ccode2"] == 651)
        return {
            "german": int((german & df["year"].isin([1849, 1866])).sum()),
            "egypt": int(egypt.sum()),
            "other": int((~german & ~egypt).sum()),
        }

    assert reason(theirs_only) == {"german": 41, "egypt": 157, "other": 13}
    assert reason(ours_only) == {"german": 25, "egypt": 166, "other": 0}
    assert set(theirs_only.loc[(theirs_only["ccode1"] != 651) & (theirs_only["ccode2"] != 651)
                               & (theirs_only["year"] != 1849), "year"]) == {
        1940, 1941, 1942, 1943, 1944, 1959, 1960, 1965, 1966, 1967
    }  # fmt: skip
    # flags of rows in both
    both = x[x["_merge"] == "both"]
    # the two year == 0 rows repaired by peacesciencer agree here
    for a, b, n in ((2, 666, 11), (651, 666, 34)):
        rows = both[(both["ccode1"] == a) & (both["ccode2"] == b)]
        assert len(rows) == n
        assert (rows[_COW_OURS].astype(int).to_numpy() == rows[_COW_REF].to_numpy()).all()
    ours_f = both[_COW_OURS].astype(int).to_numpy()
    ref_f = both[_COW_REF].astype(int).to_numpy()
    differ = both[(ours_f != ref_f).any(axis=1)]
    assert len(differ) == 1735
    rio = set(raw.loc[raw["version4id"] == 210, "ccode"])
    d_ours = differ[_COW_OURS].astype(int).to_numpy()
    d_ref = differ[_COW_REF].astype(int).to_numpy()
    only_nonagg = (d_ours[:, [0, 1, 3]] == d_ref[:, [0, 1, 3]]).all(axis=1) & (
        d_ours[:, 2] > d_ref[:, 2]
    )
    rio_rows = only_nonagg & differ["ccode1"].isin(rio) & differ["ccode2"].isin(rio)
    assert (
        rio_rows.sum() == 1517
    )  # Rio Pact (COW:210) nonaggression 1 in member/dyad files, 0 there
    rest = differ[~rio_rows.to_numpy()]
    spell = is_touched(rest)
    assert spell.sum() == 86
    other = rest[~spell]
    assert len(other) == 132
    assert (other[_COW_OURS].astype(int).to_numpy() >= other[_COW_REF].to_numpy()).all()

    # directed: theirs has both orders; ours lists ccode1 -> ccode2 only when ccode1
    # undertook something, which drops 137 rows of asymmetric memberships
    directed = dyad_years(members, directed=True)
    xd = directed.merge(ref, on=["ccode1", "ccode2", "year"], how="outer", indicator=True)
    counts = xd["_merge"].value_counts()
    assert counts["left_only"] == 2 * 191
    assert counts["right_only"] == 2 * 211 + 137
    assert len(directed) == 2 * len(ours) - 137

    # system membership: keeping only COW system members drops these undirected rows
    with pytest.warns(DataWarning, match="not in the state system"):
        in_system = dyad_years(members, states=system)
    assert len(ours) - len(in_system) == _COW_NON_SYSTEM_ROWS


_COW_NON_SYSTEM_ROWS = 562


# --- hostile input: overflow, implausible years, sizes that would exhaust memory ----------


@pytest.mark.parametrize(
    ("column", "value"),
    [("ccode", 2**63), ("ccode", 2**64), ("ccode", -1), ("start_year", 19999), ("end_year", 18)],
)
def test_out_of_range_numbers_are_refused_naming_the_row(column, value):
    raw = pd.DataFrame(
        {
            "alliance_id": ["A", "A"],
            "ccode": [2, 20],
            "start_year": [1950, 1950],
            "end_year": [1960, 1960],
        }  # fmt: skip
    ).astype(object)
    raw.loc[1, column] = value
    with pytest.raises(SchemaError, match=rf"{column}.*rows 1 hold") as err:
        validate_memberships(raw)
    assert len(str(err.value)) < 500


def test_repeated_columns_are_refused():
    raw = pd.DataFrame(
        [["A", 2, 1950, 20]], columns=["alliance_id", "ccode", "start_year", "ccode"]
    )
    with pytest.raises(SchemaError, match="more than once"):
        validate_memberships(raw)


def test_sizes_that_would_exhaust_memory_are_refused_up_front():
    t = table([("X:1", 2, 1950, 1960, D), ("X:1", 20, 1950, 1960, D)])
    t.attrs["coverage"] = (1950, 10**12)
    for build in (alliance_graphs, dyad_years):
        with pytest.raises(ParameterError, match="GiB"):
            build(t)
    with pytest.raises(ParameterError, match="GiB"):
        alliance_graphs(t, np.arange(1950, 1950 + 10**7))
