"""Regression-ready panels: complete dyad-years, covariates, state-years (issue 13).

Every number is checked against something computed independently: the product of
the system list for row counts, the allied-dyad table for flags, networkx for the
covariates.
"""

from __future__ import annotations

import itertools
import warnings

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import alliancenet as anet
from alliancenet.errors import CoverageError, DataWarning, ParameterError


@pytest.fixture(scope="module")
def example():
    return anet.load_example(), anet.load_example_states()


def _system_pairs(states: pd.DataFrame, years, directed: bool) -> int:
    """Independent count: sum over years of n(n-1) (or half of it) from the states table."""
    n = states[states["year"].isin(list(years))].groupby("year")["ccode"].nunique()
    pairs = n * (n - 1)
    return int(pairs.sum() if directed else (pairs // 2).sum())


@pytest.mark.parametrize("directed", [False, True])
def test_complete_row_count_and_flags(example, directed):
    ex, states = example
    years = range(1945, 1991)
    full = anet.dyad_years(ex, years, states=states, complete=True, directed=directed)
    assert len(full) == _system_pairs(states, years, directed)
    assert not full.duplicated(["ccode1", "ccode2", "year"]).any()
    allied = anet.dyad_years(ex, years, states=states, directed=directed)
    merged = full.merge(allied, on=["ccode1", "ccode2", "year"], how="left", suffixes=("", "_a"))
    assert len(merged) == len(full)
    tied = merged["defense_a"].notna().to_numpy()
    assert tied.sum() == len(allied)  # every allied row is in the complete frame
    for col in ("defense", "offense", "neutrality", "nonaggression", "consultation"):
        np.testing.assert_array_equal(
            merged[col].to_numpy(bool)[tied], merged[f"{col}_a"].to_numpy(bool)[tied]
        )
        assert not merged[col].to_numpy(bool)[~tied].any()  # 0 where no tie
    keys = full[["year", "ccode1", "ccode2"]].to_numpy()
    assert (np.diff(keys[:, 0]) >= 0).all()
    assert full["ccode1"].dtype == np.int32 and full["year"].dtype == np.int16


def test_uncoded_types_are_na_not_false():
    t = anet.validate_memberships(
        pd.DataFrame(
            {
                "alliance_id": ["A", "A"],
                "ccode": [2, 20],
                "start_year": [1950, 1950],
                "defense": [1, 1],
                "entente": [pd.NA, pd.NA],
            }
        )
    )
    t.attrs["coverage"] = (1950, 1951)
    states = pd.DataFrame({"ccode": [2, 20, 200] * 2, "year": [1950] * 3 + [1951] * 3})
    d = anet.dyad_years(t, states=states, complete=True)
    assert d["entente"].isna().all() and d["offense"].isna().all()
    assert d["defense"].notna().all()
    assert d.attrs["coded"] == ["defense"]
    assert d.loc[(d.ccode1 == 2) & (d.ccode2 == 200), "defense"].eq(False).all()


def test_complete_needs_states(example):
    with pytest.raises(ParameterError, match="states"):
        anet.dyad_years(example[0], 1985, complete=True)
    with pytest.raises(ParameterError, match="unknown covariate"):
        anet.dyad_years(example[0], 1985, covariates=["nope"])
    with pytest.raises(ParameterError, match="k"):
        anet.dyad_years(example[0], 1985, covariates="reach", k=0)


def _nx_checks(d: pd.DataFrame, graphs: dict[int, nx.Graph], k: int, sample: int, seed: int):
    rng = np.random.default_rng(seed)
    rows = d.iloc[rng.choice(len(d), size=min(sample, len(d)), replace=False)]
    for r in rows.itertuples():
        G = graphs[r.year]
        a, b = r.ccode1, r.ccode2
        assert r.shared_allies == len(list(nx.common_neighbors(G, a, b)))
        try:
            dist = nx.shortest_path_length(G, a, b)
        except nx.NetworkXNoPath:
            dist = np.inf
        assert r.path_length == dist
        assert getattr(r, f"reach_{k}") == (dist <= k)
        deg = nx.degree_centrality(G)
        assert r.degree_1 == pytest.approx(deg[a], rel=1e-6)
        assert r.degree_2 == pytest.approx(deg[b], rel=1e-6)
        prev = graphs.get(r.year - 1)
        if prev is None or a not in prev or b not in prev:
            assert pd.isna(r.lag_tie)
        else:
            assert r.lag_tie == prev.has_edge(a, b)


def test_covariates_equal_networkx_on_the_example(example):
    ex, states = example
    years = range(1946, 1956)
    names = ["shared_allies", "path_length", "reach", "lag_tie", "degree", "same_bloc"]
    d = anet.dyad_years(ex, years, states=states, complete=True, covariates=names, k=2, rng=1)
    graphs = anet.alliance_graphs(ex, range(1945, 1956), states=states)
    _nx_checks(d, graphs, 2, 400, 0)
    assert d.loc[d.year == 1946, "lag_tie"].notna().mean() > 0.9  # 1945 is inside the coverage
    again = anet.dyad_years(ex, years, states=states, complete=True, covariates=names, k=2, rng=1)
    pd.testing.assert_frame_equal(d, again)  # seeded blocs are reproducible
    # same_bloc agrees with anet.blocs on one year
    b = anet.blocs(graphs[1950], rng=np.random.default_rng(1).spawn(10)[4])
    r = d[d.year == 1950]
    expected = b.reindex(r.ccode1).to_numpy() == b.reindex(r.ccode2).to_numpy()
    np.testing.assert_array_equal(r["same_bloc"].to_numpy(), expected)


def test_similarity_and_centrality_columns_match_their_functions(example):
    ex, states = example
    d = anet.dyad_years(
        ex, 1985, states=states, complete=True, directed=True, covariates=["s", "eigenvector"]
    )
    S = anet.similarity(ex, 1985, states=states, matrix=True)
    for r in d.sample(50, random_state=0).itertuples():
        assert r.s == pytest.approx(S.loc[r.ccode1, r.ccode2], abs=1e-6)
    cen = anet.centrality(anet.alliance_graph(ex, 1985, states=states), "eigenvector")
    np.testing.assert_allclose(
        d["eigenvector_2"], cen["eigenvector"].reindex(d["ccode2"]).to_numpy(), atol=1e-6
    )


def test_lag_is_na_in_the_first_year(example):
    ex, states = example
    d = anet.dyad_years(ex, 1920, states=states, complete=True, covariates="lag_tie")
    assert d["lag_tie"].isna().all()


# ---------------------------------------------------------------- real data


@pytest.fixture(scope="module")
def atop_system(shared_data):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        atop = anet.read_atop(shared_data / "atop_5_1" / "atop5_1m.csv")
    states = anet.read_states(shared_data / "cow_states" / "system2016.csv")
    return atop, states


@pytest.mark.realdata
def test_atop_1946_2010_directed_count_is_the_product_of_the_system_list(atop_system, shared_data):
    atop, states = atop_system
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        d = anet.dyad_years(atop, range(1946, 2011), states=states, complete=True, directed=True)
    assert len(d) == 1_444_998  # the count of issue 13's hand-written script
    raw = pd.read_csv(shared_data / "cow_states" / "system2016.csv")  # independent of read_states
    n = raw[raw.year.between(1946, 2010)].groupby("year")["ccode"].nunique()
    assert len(d) == int((n * (n - 1)).sum())
    assert d["entente"].isna().all() and d["defense"].notna().all()


@pytest.mark.realdata
@pytest.mark.parametrize("year", [1913, 1962, 2010])
def test_covariates_equal_networkx_on_atop_years(atop_system, year):
    atop, states = atop_system
    names = ["shared_allies", "path_length", "reach", "lag_tie", "degree"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        d = anet.dyad_years(atop, year, states=states, complete=True, covariates=names)
        graphs = anet.alliance_graphs(atop, [year - 1, year], states=states)
    _nx_checks(d, graphs, 3, 300, year)
    G = graphs[year]
    pairs = dict(nx.all_pairs_shortest_path_length(G))
    unreachable = sum(1 for a, b in itertools.combinations(sorted(G), 2) if b not in pairs[a])
    assert int(np.isinf(d["path_length"]).sum()) == unreachable


@pytest.mark.realdata
def test_cow_entente_coded_atop_offense_coded(shared_data, atop_system):
    atop, states = atop_system
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        cow = anet.read_cow(shared_data / "cow_alliance_v4_1" / "alliance_v4.1_by_member.csv")
        c = anet.dyad_years(cow, 1913, states=states, complete=True)
        a = anet.dyad_years(atop, 1913, states=states, complete=True)
    assert c["entente"].notna().all() and c["offense"].isna().all()
    assert c["consultation"].isna().all()
    assert a["offense"].notna().all() and a["entente"].isna().all()


def test_coverage_error_past_the_table(example):
    ex, states = example
    with pytest.raises(CoverageError):
        anet.dyad_years(ex, 2030, states=states, complete=True)


def test_a_source_past_its_coverage_is_refused_or_carried_with_a_warning():
    """issue 13: ATOP-like table + a user table to 2021 must not give 2018's network silently."""
    old = anet.validate_memberships(
        pd.DataFrame({"alliance_id": ["A:1", "A:1", "A:2", "A:2"], "ccode": [2, 20, 2, 20],
                      "start_year": [1990, 1990, 2018, 2018], "end_year": [None, None, 2018, 2018],
                      "defense": [1, 1, 0, 0]}), source="A")  # fmt: skip
    old.attrs["coverage"] = (1990, 2018)
    new = anet.validate_memberships(
        pd.DataFrame({"alliance_id": ["B:1"] * 2, "ccode": [200, 220], "start_year": [2019] * 2,
                      "end_year": [2021] * 2, "defense": [1, 1]}), source="B")  # fmt: skip
    both = pd.concat([old, new], ignore_index=True)
    assert anet.schema.source_coverages(both) == {"A": (1990, 2018), "B": (2019, 2021)}
    assert set(anet.alliance_graph(both, 2018).edges) == {(2, 20)}
    with pytest.raises(CoverageError, match="source 'A' ends in 2018"):
        anet.alliance_graph(both, 2020)
    with pytest.warns(DataWarning, match="source 'A' ends in 2018; year.s. 2020 use"):
        G = anet.alliance_graph(both, 2020, carry_forward=True)
    assert set(G.edges) == {(2, 20), (200, 220)}
    # pd.concat dropped the differing attrs, so each source's coverage came from its rows;
    # the user can say otherwise:
    both.attrs["coverages"] = {"A": (1990, 2021), "B": (2019, 2021)}
    assert set(anet.alliance_graph(both, 2020).edges) == {(2, 20), (200, 220)}


# ---------------------------------------------------------------- state-years


def test_state_years_against_networkx_and_hand_sums(example):
    ex, states = example
    nmc = pd.DataFrame(
        {"ccode": states["ccode"], "year": states["year"], "cinc": 0.001 * states["ccode"] / 10}
    )
    sy = anet.state_years(
        ex, [1962, 1985], states=states, centrality="betweenness", nmc=nmc, p_honor=0.6,
        keystones=True, rng=0,
    )  # fmt: skip
    assert len(sy) == int(states["year"].isin([1962, 1985]).sum())
    for year in (1962, 1985):
        G = anet.alliance_graph(ex, year, states=states)
        rows = sy[sy.year == year].set_index("ccode")
        assert sorted(rows.index) == sorted(G.nodes)
        bet = nx.betweenness_centrality(G, weight=None)
        cinc = nmc[nmc.year == year].set_index("ccode")["cinc"]
        for c in rows.index:
            k = G.degree(c)
            assert rows.at[c, "n_allies"] == k
            assert rows.at[c, "strength"] == G.degree(c, weight="weight")
            assert rows.at[c, "allied_cinc"] == pytest.approx(cinc.reindex(list(G[c])).sum())
            assert rows.at[c, "p_covered"] == pytest.approx(1 - 0.4**k if k else 0.0)
        top = max(bet, key=bet.get)
        assert rows["betweenness"].idxmax() == top or bet[top] == 0
        keys = anet.keystones(G)
        assert rows.loc[keys.index, "coverage_loss"].tolist() == pytest.approx(
            keys["coverage_loss"].tolist()
        )
        assert (rows.drop(index=keys.index)["coverage_loss"] == 0).all()


def test_directed_rows_share_dyadic_covariates_and_progress_runs(example, capsys):
    ex, states = example
    d = anet.dyad_years(
        ex, [1985, 1986], states=states, complete=True, directed=True,
        covariates=["shared_allies", "path_length", "degree"], progress=True,
    )  # fmt: skip
    assert "dyad_years" in capsys.readouterr().err  # the tqdm bar
    swapped = d.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1",
                                "degree_1": "degree_2", "degree_2": "degree_1"})  # fmt: skip
    both = d.merge(swapped, on=["ccode1", "ccode2", "year"], suffixes=("", "_r"))
    assert len(both) == len(d)
    for col in ("shared_allies", "path_length", "degree_1", "degree_2"):
        np.testing.assert_array_equal(both[col], both[f"{col}_r"])
    graphs = anet.alliance_graphs(ex, [1985], states=states, progress=True)
    assert "alliance_graphs" in capsys.readouterr().err and list(graphs) == [1985]
    with pytest.raises(ParameterError, match="progress"):
        anet.alliance_graphs(ex, [1985], progress="yes")


def test_a_type_is_na_in_years_no_source_coding_it_covers():
    """peacesciencer #9: never 0 outside a source's coverage (here: entente coded 2019-2021 only)."""
    old = anet.validate_memberships(
        pd.DataFrame({"alliance_id": ["A:1"] * 2, "ccode": [2, 20], "start_year": [2015] * 2,
                      "end_year": [2018] * 2, "defense": [1, 1]}), source="A")  # fmt: skip
    old.attrs["coverage"] = (2015, 2018)
    new = anet.validate_memberships(
        pd.DataFrame({"alliance_id": ["B:1"] * 2, "ccode": [200, 220], "start_year": [2019] * 2,
                      "end_year": [2021] * 2, "defense": [0, 0], "entente": [1, 1]}), source="B")  # fmt: skip
    both = pd.concat([old, new], ignore_index=True)
    both.attrs["coverages"] = {"A": (2015, 2018), "B": (2019, 2021)}
    states = pd.DataFrame({"ccode": [2, 20, 200, 220] * 7, "year": np.repeat(range(2015, 2022), 4)})
    d = anet.dyad_years(both, states=states, complete=True)
    assert d.loc[d.year <= 2018, "entente"].isna().all()  # B does not cover these years
    assert d.loc[d.year >= 2019, "entente"].notna().all()
    assert d.loc[(d.year == 2020) & (d.ccode1 == 200), "entente"].tolist() == [True]
    assert d.loc[(d.year == 2020) & (d.ccode1 == 2), "entente"].eq(False).all()
    assert d["defense"].notna().all()  # both sources code defence over 2015-2021
    assert d["offense"].isna().all()
