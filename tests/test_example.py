"""The bundled example data: known historical facts, schema, and internal consistency."""

from __future__ import annotations

import functools

import pandas as pd
import pytest

import alliancenet as anet
from alliancenet.datasets.example import COVERAGE, load_example_majors
from alliancenet.schema import CANONICAL_COLUMNS, OBLIGATIONS, validate_memberships


@pytest.fixture(scope="module")
def members() -> pd.DataFrame:
    return anet.load_example()


@pytest.fixture(scope="module")
def states() -> pd.DataFrame:
    return anet.load_example_states()


def member_years(members: pd.DataFrame) -> pd.DataFrame:
    """Naive expansion of the spells to (alliance_id, ccode, year) rows."""
    last = COVERAGE[1]
    rows = [
        (row.alliance_id, row.ccode, year)
        for row in members.itertuples()
        for year in range(row.start_year, (last if pd.isna(row.end_year) else row.end_year) + 1)
    ]
    return pd.DataFrame(rows, columns=["alliance_id", "ccode", "year"])


def in_force(members: pd.DataFrame, alliance: str, year: int) -> set[int]:
    t = members[members["alliance_id"] == alliance]
    alive = (t["start_year"] <= year) & ~(t["end_year"] < year).fillna(False).astype(bool)
    return set(t.loc[alive, "ccode"])


# --- schema and attrs -------------------------------------------------------------------------


def test_canonical_schema_and_dtypes(members):
    assert tuple(members.columns[: len(CANONICAL_COLUMNS)]) == CANONICAL_COLUMNS
    assert list(members.columns[len(CANONICAL_COLUMNS) :]) == ["treaty", "note"]
    assert members["ccode"].dtype == "int64"
    assert members["start_year"].dtype == "int64"
    assert members["end_year"].dtype == "Int64"
    for col in OBLIGATIONS:
        assert members[col].dtype == "boolean"
    assert (members["source"] == "example").all()
    assert members["treaty"].notna().all()
    # validating again changes nothing
    again = validate_memberships(members)
    pd.testing.assert_frame_equal(again, members)


def test_attrs(members, states):
    for table in (members, states, load_example_majors()):
        assert table.attrs == {"source": "example", "coverage": (1920, 2025)}
    assert members["start_year"].min() == COVERAGE[0]
    assert states["year"].min() == COVERAGE[0] and states["year"].max() == COVERAGE[1]


def test_fresh_copies(members):
    first = anet.load_example()
    first.loc[0, "ccode"] = -1
    first.attrs["coverage"] = (0, 0)
    second = anet.load_example()
    assert second.loc[0, "ccode"] != -1
    assert second.attrs["coverage"] == COVERAGE


def test_alliance_ids(members):
    expected = {
        "EX:NATO", "EX:WARSAW", "EX:RIO", "EX:SEATO", "EX:CENTO", "EX:ANZUS", "EX:CSTO",
        "EX:LEAGUE", "EX:US-JPN", "EX:US-KOR", "EX:US-PHL", "EX:SINO-SOVIET",
    }  # fmt: skip
    assert set(members["alliance_id"]) == expected


def test_spells_sane(members):
    assert (members["start_year"] >= COVERAGE[0]).all()
    assert (members["end_year"].dropna() <= COVERAGE[1]).all()
    assert (
        members["end_year"].dropna() >= members.loc[members["end_year"].notna(), "start_year"]
    ).all()
    # no state is twice in the same alliance in the same year (spells do not overlap)
    my = member_years(members)
    assert not my.duplicated().any()


def test_obligation_coding(members):
    assert not members["offense"].any() and not members["neutrality"].any()
    assert members["entente"].isna().all()
    for col in ("defense", "offense", "neutrality", "nonaggression", "consultation"):
        assert members[col].notna().all()
    cento = members[members["alliance_id"] == "EX:CENTO"]
    assert not cento["defense"].any() and cento["consultation"].all()
    for alliance in ("EX:NATO", "EX:WARSAW", "EX:RIO", "EX:LEAGUE", "EX:CSTO", "EX:SEATO"):
        assert members.loc[members["alliance_id"] == alliance, "defense"].all()


def test_us_japan_is_asymmetric(members):
    t = members[members["alliance_id"] == "EX:US-JPN"].set_index(["ccode", "start_year"])
    assert t.loc[(2, 1952), "defense"] and not t.loc[(740, 1952), "defense"]
    assert t.loc[(2, 1960), "defense"] and not t.loc[(740, 1960), "defense"]
    assert t.loc[(2, 1952), "end_year"] == 1959 and pd.isna(t.loc[(2, 1960), "end_year"])


# --- known historical facts -------------------------------------------------------------------

NATO_COUNTS = {
    1948: 0, 1949: 12, 1951: 12, 1952: 14, 1955: 15, 1981: 15, 1982: 16, 1989: 16, 1990: 16,
    1998: 16, 1999: 19, 2004: 26, 2009: 28, 2016: 28, 2017: 29, 2020: 30, 2023: 31, 2024: 32,
    2025: 32,
}  # fmt: skip


@pytest.mark.parametrize(("year", "expected"), sorted(NATO_COUNTS.items()))
def test_nato_member_counts(members, year, expected):
    assert len(in_force(members, "EX:NATO", year)) == expected


def test_nato_germany_and_france(members):
    nato_1989, nato_1990 = in_force(members, "EX:NATO", 1989), in_force(members, "EX:NATO", 1990)
    assert 260 in nato_1989 and 255 not in nato_1989
    assert 255 in nato_1990 and 260 not in nato_1990
    assert all(220 in in_force(members, "EX:NATO", y) for y in range(1949, 2026))


def test_warsaw_pact(members):
    assert in_force(members, "EX:WARSAW", 1955) == {265, 290, 310, 315, 339, 355, 360, 365}
    assert 339 in in_force(members, "EX:WARSAW", 1968)
    assert 339 not in in_force(members, "EX:WARSAW", 1969)
    assert 265 in in_force(members, "EX:WARSAW", 1990)
    assert in_force(members, "EX:WARSAW", 1991) == {290, 310, 315, 355, 360, 365}
    assert in_force(members, "EX:WARSAW", 1992) == set()


def test_league_of_nations(members):
    league = lambda year: in_force(members, "EX:LEAGUE", year)  # noqa: E731
    assert 2 not in set(members.loc[members["alliance_id"] == "EX:LEAGUE", "ccode"])
    assert {200, 220, 325, 740, 710} <= league(1920) and 255 not in league(1920)
    assert 255 in league(1927) and 255 in league(1935) and 255 not in league(1936)
    assert 740 in league(1935) and 740 not in league(1936)
    assert 365 not in league(1933) and 365 in league(1934) and 365 not in league(1940)
    assert 140 in league(1928) and 140 not in league(1929)
    assert 325 in league(1939) and 325 not in league(1940)
    assert 651 not in league(1936) and 651 in league(1937)
    assert {366, 367, 368} <= league(1921) and not {366, 367, 368} & league(1941)
    assert league(1947) == set()
    # occupied members leave and return with the state system (Poland, Norway)
    assert 290 not in league(1942) and 290 in league(1945)
    assert 385 in league(1940) and 385 not in league(1941) and 385 in league(1946)


def test_rio_treaty(members):
    rio = lambda year: in_force(members, "EX:RIO", year)  # noqa: E731
    # 19 signatories of 2 September 1947 plus Nicaragua (signed October 1948)
    assert len(rio(1948)) == 20 and 130 not in rio(1948) and 130 in rio(1949)
    assert 70 in rio(2004) and 70 not in rio(2005)
    assert 40 not in rio(1963)
    assert 52 in rio(1967) and 31 not in rio(1981) and 31 in rio(1982)
    assert not {93, 101, 130, 145} & rio(2017)
    assert len(rio(2025)) == 17


def test_seato_cento_anzus(members):
    assert len(in_force(members, "EX:SEATO", 1955)) == 8
    assert 770 not in in_force(members, "EX:SEATO", 1974)
    assert in_force(members, "EX:SEATO", 1978) == set()
    assert in_force(members, "EX:CENTO", 1955) == {200, 630, 640, 645, 770}
    assert 645 not in in_force(members, "EX:CENTO", 1960)
    assert in_force(members, "EX:CENTO", 1980) == set()
    assert 2 not in set(members.loc[members["alliance_id"] == "EX:CENTO", "ccode"])
    assert in_force(members, "EX:ANZUS", 1986) == {2, 900, 920}
    assert in_force(members, "EX:ANZUS", 1987) == {2, 900}


def test_csto(members):
    assert in_force(members, "EX:CSTO", 1994) == {365, 370, 371, 372, 373, 702, 703, 704, 705}
    assert in_force(members, "EX:CSTO", 2000) == {365, 370, 371, 702, 703, 705}
    assert 704 in in_force(members, "EX:CSTO", 2006) and 704 in in_force(members, "EX:CSTO", 2012)
    assert in_force(members, "EX:CSTO", 2013) == {365, 370, 371, 702, 703, 705}
    assert 371 in in_force(members, "EX:CSTO", 2025)  # froze participation, still a party


def test_bilateral_treaties(members):
    assert in_force(members, "EX:SINO-SOVIET", 1950) == {365, 710}
    assert in_force(members, "EX:SINO-SOVIET", 1981) == set()
    assert in_force(members, "EX:US-KOR", 1953) == set()
    assert in_force(members, "EX:US-KOR", 1954) == {2, 732}
    assert in_force(members, "EX:US-PHL", 1952) == {2, 840}
    assert in_force(members, "EX:US-JPN", 1951) == set()


# --- consistency with the states and majors tables --------------------------------------------


def test_states_one_row_per_state_year(states):
    assert list(states.columns) == ["ccode", "year", "stateabb", "statenme"]
    assert states["ccode"].dtype == "int64" and states["year"].dtype == "int64"
    assert pd.api.types.is_string_dtype(states["stateabb"])
    assert pd.api.types.is_string_dtype(states["statenme"])
    assert not states.duplicated(["ccode", "year"]).any()
    assert states[["year", "ccode"]].equals(
        states[["year", "ccode"]].sort_values(["year", "ccode"])
    )
    # one abbreviation and one name per code
    assert (states.groupby("ccode")[["stateabb", "statenme"]].nunique() == 1).all().all()


def test_every_member_year_is_a_state_year(members, states):
    my = member_years(members)
    merged = my.merge(states, on=["ccode", "year"], how="left", indicator=True)
    missing = merged[merged["_merge"] == "left_only"]
    assert missing.empty, missing.head(10).to_dict("records")


def test_state_codes_follow_cow(states):
    in_year = lambda code, year: ((states["ccode"] == code) & (states["year"] == year)).any()  # noqa: E731
    assert in_year(255, 1945) and not in_year(255, 1946) and in_year(255, 1990)
    assert in_year(260, 1990) and not in_year(260, 1991) and in_year(265, 1954)
    assert in_year(315, 1992) and not in_year(315, 1993) and in_year(316, 1993)
    assert not in_year(315, 1940) and in_year(365, 1920) and in_year(365, 2025)
    assert not in_year(366, 1941) and in_year(366, 1991)


def test_membership_abbreviations_match_states(states):
    from alliancenet.datasets.example import _read

    raw = _read("example_memberships.csv")[["ccode", "stateabb"]].drop_duplicates()
    abbs = states[["ccode", "stateabb"]].drop_duplicates()
    merged = raw.merge(abbs, on="ccode", how="left", suffixes=("", "_states"))
    assert (merged["stateabb"] == merged["stateabb_states"]).all()


def test_majors(states):
    majors = load_example_majors()
    assert list(majors.columns) == ["ccode", "stateabb", "start_year", "end_year"]
    assert set(majors["ccode"]) == {2, 200, 220, 255, 325, 365, 710, 740}
    # every major-power year is a state-year
    for row in majors.itertuples():
        years = set(states.loc[states["ccode"] == row.ccode, "year"])
        assert set(range(row.start_year, row.end_year + 1)) <= years


# --- cross-checks against the genuine releases ------------------------------------------------


@functools.cache
def _atop_m(path) -> pd.DataFrame:
    return pd.read_csv(path, usecols=["atopid", "member", "yrent", "yrexit"])


def _atop_members(shared_data, atopid: int, year: int) -> set[int]:
    m = _atop_m(shared_data / "atop_5_1" / "atop5_1m.csv")
    m = m[m["atopid"] == atopid]
    exit_year = m["yrexit"].where(m["yrexit"] != 0, 9999)
    return set(m.loc[(m["yrent"] <= year) & (exit_year >= year), "member"])


@pytest.mark.realdata
def test_nato_and_warsaw_match_atop(shared_data, members):
    """ATOP 5.1 dates entry from signature of the accession protocol; the example from accession.

    The only other difference is Germany in 1990: ATOP lists both 260 (to October) and 255
    (from October); the example lists 255 only.
    """
    explained = {
        # year: (in ATOP only, in the example only)
        1951: ({350, 640}, set()),  # protocol signed October 1951, accession February 1952
        1954: ({260}, set()),  # Paris agreements October 1954, accession May 1955
        1981: ({230}, set()),  # protocol December 1981, accession May 1982
        1990: ({260}, set()),
        1997: ({290, 310, 316}, set()),
        1998: ({290, 310, 316}, set()),
        2003: ({317, 349, 355, 360, 366, 367, 368}, set()),
        2008: ({339, 344}, set()),
        2016: ({341}, set()),
    }
    for year in range(1949, 2019):
        atop = _atop_members(shared_data, 3180, year)
        ours = in_force(members, "EX:NATO", year)
        assert (atop - ours, ours - atop) == explained.get(year, (set(), set())), year
    for year in range(1955, 1992):
        assert _atop_members(shared_data, 3285, year) == in_force(members, "EX:WARSAW", year)


@pytest.mark.realdata
def test_states_match_cow_system(shared_data, states):
    cow = pd.read_csv(shared_data / "cow_states" / "system2016.csv")
    cow = cow[cow["year"].between(COVERAGE[0], 2016) & cow["ccode"].isin(states["ccode"])]
    ours = states[states["year"] <= 2016]
    merged = ours.merge(cow, on=["ccode", "year"], how="outer", indicator=True)
    assert (merged["_merge"] == "both").all(), merged[merged["_merge"] != "both"].head(10)
    assert (merged["stateabb_x"] == merged["stateabb_y"]).all()


@pytest.mark.realdata
def test_majors_match_cow(shared_data):
    cow = pd.read_csv(shared_data / "cow_majors" / "majors2016.csv")
    cow_years = {
        (r.ccode, y) for r in cow.itertuples() for y in range(r.styear, r.endyear + 1)
    }  # fmt: skip
    ours = load_example_majors()
    our_years = {
        (r.ccode, y) for r in ours.itertuples() for y in range(r.start_year, r.end_year + 1)
    }  # fmt: skip
    window = lambda pairs: {p for p in pairs if COVERAGE[0] <= p[1] <= 2016}  # noqa: E731
    assert window(our_years) == window(cow_years)


@pytest.mark.realdata
def test_other_treaties_match_atop(shared_data, members):
    """The other post-1945 treaties agree with ATOP 5.1 except where SOURCES.md says why.

    ATOP dates membership from signature, the example from entry into force, so ATOP has
    members in the years between (the sets 'signed' below); ATOP keeps the Manila Pact
    between the United States and Thailand after SEATO's dissolution in 1977; ATOP ends
    Pakistan's SEATO membership at its notice (1972), the example when it took effect (1973).
    """
    atop_ids = {
        "EX:RIO": [3075], "EX:SEATO": [3260], "EX:CENTO": [3275], "EX:ANZUS": [3215],
        "EX:CSTO": [4220], "EX:US-JPN": [3220, 3375], "EX:US-KOR": [3240],
        "EX:US-PHL": [3210], "EX:SINO-SOVIET": [3200],
    }  # fmt: skip
    signed = {  # year: members in ATOP only, because they had signed but the treaty was not in force
        "EX:RIO": {1947: {2, 40, 41, 42, 70, 90, 91, 92, 94, 95, 100, 101, 135, 140, 145, 150, 155, 160, 165}},
        "EX:SEATO": {1954: {2, 200, 220, 770, 800, 840, 900, 920}},
        "EX:ANZUS": {1951: {2, 900, 920}},
        "EX:CSTO": {1992: {365, 371, 702, 703, 704, 705}, 1993: {365, 371, 372, 373, 702, 703, 704, 705}},
        "EX:US-JPN": {1951: {2, 740}},
        "EX:US-KOR": {1953: {2, 732}},
        "EX:US-PHL": {1951: {2, 840}},
    }  # fmt: skip
    for alliance, ids in atop_ids.items():
        for year in range(1920, 2019):
            atop = set().union(*(_atop_members(shared_data, i, year) for i in ids))
            ours = in_force(members, alliance, year)
            expected_atop_only = signed.get(alliance, {}).get(year, set())
            expected_ours_only = set()
            if alliance == "EX:SEATO" and year > 1977:
                expected_atop_only = {2, 800}
            if alliance == "EX:SEATO" and year == 1973:
                expected_ours_only = {770}
            assert (atop - ours, ours - atop) == (expected_atop_only, expected_ours_only), (
                alliance,
                year,
            )
