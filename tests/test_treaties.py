"""Treaty focus: the bundled treaty table, find_alliances and alliances= on the builders."""

from __future__ import annotations

import pandas as pd
import pytest

import alliancenet as anet
from alliancenet.errors import ParameterError

KNOWN = {  # issue 12 item 4: the treaties a user asks for by name
    "NATO": ("ATOP:3180", "COW:227"),
    "Warsaw Pact": ("ATOP:3285", "COW:243"),
    "Rio Treaty": ("ATOP:3075", "COW:210"),
    "SEATO": ("ATOP:3260", "COW:238"),
    "CENTO": ("ATOP:3275", "COW:241"),
    "ANZUS": ("ATOP:3215", "COW:232"),
    "CSTO": ("ATOP:4220", "COW:350"),
    "Triple Alliance": ("ATOP:1350", "COW:67"),
    "Dual Alliance": ("ATOP:1335", "COW:64"),
}


@pytest.mark.parametrize("name", sorted(KNOWN))
def test_known_names_resolve_to_one_treaty(name):
    rows = anet.find_alliances(name)
    assert len(rows) == 1, rows
    assert (rows.at[0, "atop_id"], rows.at[0, "cow_id"]) == KNOWN[name]
    assert rows.at[0, "source"].startswith("ATOP 5.1 atop5_1a.csv row atopid=")


def test_groups_case_and_punctuation():
    entente = anet.find_alliances("Triple Entente 1914", source="atop")["alliance_id"].tolist()
    assert entente == ["ATOP:1380", "ATOP:1385", "ATOP:1415", "ATOP:1485", "ATOP:2015"]
    assert anet.find_alliances("1914 entente").equals(anet.find_alliances("Triple Entente 1914"))
    assert anet.find_alliances("warsaw-pact").equals(anet.find_alliances("Warsaw Pact"))
    assert set(anet.find_alliances("Arab League")["atop_id"]) == {"ATOP:3015", "ATOP:3205"}
    assert anet.find_alliances("no such treaty").empty
    assert len(anet.find_alliances("")) > 40


def test_source_column_and_example_ids():
    ex = anet.find_alliances("", source="example")
    present = set(anet.load_example()["alliance_id"])
    assert set(ex["alliance_id"]) <= present
    assert {"EX:NATO", "EX:WARSAW", "EX:RIO"} <= set(ex["alliance_id"])
    cow = anet.find_alliances("Pact of London", source="cow")
    assert cow.empty  # COW does not code the 1914 Pact of London


def test_bad_arguments():
    with pytest.raises(ParameterError, match="source"):
        anet.find_alliances("NATO", source="gw")
    with pytest.raises(ParameterError, match="string"):
        anet.find_alliances(3180)  # type: ignore[arg-type]


def test_builders_select_by_name_and_id():
    ex, states = anet.load_example(), anet.load_example_states()
    by_name = anet.alliance_graph(ex, 1985, states=states, alliances="NATO")
    by_id = anet.alliance_graph(ex, 1985, states=states, alliances=["EX:NATO"])
    nato = ex[ex["alliance_id"] == "EX:NATO"].copy()
    nato.attrs = dict(ex.attrs)
    manual = anet.alliance_graph(nato, 1985, states=states)
    assert set(by_name.edges) == set(by_id.edges) == set(manual.edges)
    assert set(by_name.nodes) == set(manual.nodes)  # every system member stays a node
    for G in anet.alliance_graphs(ex, [1985], states=states, alliances="NATO").values():
        assert set(G.edges) == set(manual.edges)
    d = anet.dyad_years(ex, 1985, alliances="ANZUS")
    assert sorted(zip(d["ccode1"], d["ccode2"], strict=True)) == [(2, 900), (2, 920), (900, 920)]
    T = anet.treaty_graph(ex, 1985, alliances="NATO")
    assert [n for n, k in T.nodes(data="kind") if k == "treaty"] == ["EX:NATO"]


def test_builders_refuse_unknown_or_absent():
    ex = anet.load_example()
    with pytest.raises(ParameterError, match="find_alliances"):
        anet.alliance_graph(ex, 1985, alliances="Nonsense Pact")
    with pytest.raises(ParameterError, match="absent from this table"):
        anet.alliance_graph(ex, 1985, alliances="Triple Alliance")
    with pytest.raises(ParameterError, match="empty"):
        anet.alliance_graph(ex, 1985, alliances=[])
    with pytest.raises(ParameterError, match="string"):
        anet.alliance_graph(ex, 1985, alliances=[3180])  # type: ignore[list-item]


@pytest.mark.realdata
def test_table_agrees_with_atop_and_cow_rows(shared_data):
    """Every row's ids, begin year and founders agree with the dataset rows it cites."""
    a = pd.read_csv(shared_data / "atop_5_1" / "atop5_1a.csv").set_index("atopid")
    m = pd.read_csv(shared_data / "atop_5_1" / "atop5_1m.csv")
    c = pd.read_csv(shared_data / "cow_alliance_v4_1" / "alliance_v4.1_by_member.csv")
    atop_members = m.groupby("atopid")["member"].apply(set)
    cow_members = c.groupby("version4id")["ccode"].apply(set)
    cow_start = c.groupby("version4id")["all_st_year"].min()
    table = anet.find_alliances("")
    for row in table.itertuples():
        atop = int(row.atop_id.removeprefix("ATOP:"))
        founders = {int(x) for x in row.founders.split()}
        assert founders <= atop_members[atop], row.name
        assert a.at[atop, "begyr"] == row.begin_year, row.name
        assert f"atopid={atop} " in row.source
        if row.cow_id:
            cow = int(row.cow_id.removeprefix("COW:"))
            assert founders <= cow_members[cow], row.name
            assert abs(int(cow_start[cow]) - row.begin_year) <= 1, row.name
            assert f"version4id={cow} " in row.source
        cross = a.at[atop, "cow4id"]
        if not pd.isna(cross):  # ATOP's own cross-reference agrees with the COW column
            assert row.cow_id == f"COW:{int(cross)}", row.name


@pytest.mark.realdata
def test_nato_alone_on_atop_2018(shared_data):
    atop = anet.read_atop(shared_data / "atop_5_1" / "atop5_1m.csv")
    G = anet.alliance_graph(atop, 2018, alliances="NATO")
    assert G.number_of_nodes() == 29 and G.number_of_edges() == 29 * 28 // 2
    ids = {a for _, _, al in G.edges(data="alliances") for a in al}
    assert ids == {"ATOP:3180"}
    assert 205 not in G  # Ireland comes in only through the EU clause (ATOP:4175)
    both = anet.alliance_graph(atop, 1913, obligations="any", alliances=["1914 Entente"])
    assert sorted(both.edges) == [(200, 220), (200, 740), (220, 365)]
