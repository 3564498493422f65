"""Tests for the readers (alliancenet.datasets.alliances, .system, .lookups, ._io):
tiny hand-written files for every bad-input and unusual-but-valid case, and known
values from the genuine ATOP/COW/NMC files. The corpus of damaged files is in
test_reliability_readers.py."""

from __future__ import annotations

import zipfile

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import alliancenet as anet
from alliancenet.errors import (
    CoverageError,
    DataFormatError,
    DataWarning,
    ParameterError,
    SchemaError,
)

ATOP_HEADER = (
    "atopid,member,yrent,moent,dayent,yrexit,moexit,dayexit,phase,bilat,"
    "defense,offense,neutral,nonagg,consul,version"
)
ATOP_ROWS = [
    "3180,2,1949,4,4,1951,6,19,1,0,1,0,0,1,1,5.1",
    "3180,2,1951,6,19,0,0,0,2,0,1,0,0,1,1,5.1",
    "3180,200,1949,4,,0,0,0,0,0,1,0,0,1,1,5.1",
    "1005,365,1815,1,3,1815,2,8,0,1,0,1,0,0,0,5.1",
]
COW_HEADER = (
    "version4id,ccode,state_name,all_st_day,all_st_month,all_st_year,all_end_day,all_end_month,"
    "all_end_year,ss_type,mem_st_day,mem_st_month,mem_st_year,mem_end_day,mem_end_month,"
    "mem_end_year,left_censor,right_censor,defense,neutrality,nonaggression,entente,version"
)
COW_ROWS = [
    '1,200,"United Kingdom",9,5,1386,,,,"Type I: Defense Pact",1,1,1816,,,,1,1,1,0,1,0,4.1',
    '1,235,"Portugal",9,5,1386,,,,"Type I: Defense Pact",1,1,1816,,,,1,1,1,0,1,0,4.1',
    '3,240,"Hanover",8,6,1815,24,8,1866,"Type I: Defense Pact",8,6,1816,15,3,1818,0,0,1,0,1,,4.1',
]


def write(folder, name, lines, *, newline="\n", encoding="utf-8", bom=False):
    path = folder / name
    text = newline.join(lines) + newline
    data = text.encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def atop_file(tmp_path, rows=None, **kw):
    return write(
        tmp_path, "atop5_1m.csv", [ATOP_HEADER, *(ATOP_ROWS if rows is None else rows)], **kw
    )


def cow_file(tmp_path, rows=None, **kw):
    name = "alliance_v4.1_by_member.csv"
    return write(tmp_path, name, [COW_HEADER, *(COW_ROWS if rows is None else rows)], **kw)


# ---------------------------------------------------------------------------------- ATOP


def test_read_atop_maps_columns_and_traps(tmp_path):
    m = anet.read_atop(atop_file(tmp_path, newline="\r\n"))
    assert list(m.columns[:11]) == list(anet.CANONICAL_COLUMNS)
    assert len(m) == 4  # phases kept as separate rows
    assert m["alliance_id"].tolist() == ["ATOP:3180"] * 3 + ["ATOP:1005"]
    # yrexit == 0 means ongoing
    assert m["end_year"].isna().tolist() == [False, True, True, False]
    assert m["end_month"].isna().tolist() == [False, True, True, False]
    assert m.loc[0, "end_year"] == 1951 and m.loc[3, "end_year"] == 1815
    assert m["phase"].tolist() == [1, 2, 0, 0]
    assert pd.isna(m.loc[2, "start_day"]) and m.loc[0, "start_day"] == 4
    # flag mapping: row 3 undertook only offense
    row = m.loc[3, list(anet.OBLIGATIONS)]
    assert row[["defense", "offense", "neutrality", "nonaggression", "consultation"]].tolist() == [
        False, True, False, False, False,
    ]  # fmt: skip
    assert m["entente"].isna().all()
    assert m.loc[0, ["defense", "nonaggression", "consultation"]].tolist() == [True, True, True]
    assert m.dtypes["end_year"] == "Int64" and m.dtypes["defense"] == "boolean"
    assert (m["source"] == "ATOP 5.1").all()
    assert m.attrs["source"] == "ATOP 5.1"
    assert m.attrs["coverage"] == (1815, 1951)


def test_read_atop_bom_crlf_folder_and_zip(tmp_path):
    f = atop_file(tmp_path, newline="\r\n", bom=True)
    direct = anet.read_atop(f)
    assert "atopid" in direct.columns
    (tmp_path / "other.txt").write_text("x")
    pd.testing.assert_frame_equal(anet.read_atop(tmp_path), direct)
    archive = tmp_path / "atop_5.1__.csv_.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(f, "ATOP 5.1 (.csv)/atop5_1m.csv")
        z.writestr("ATOP 5.1 (.csv)/atop5_1a.csv", "atopid,begyr,endyr\n1,1900,0\n")
    pd.testing.assert_frame_equal(anet.read_atop(archive), direct)


def test_read_atop_all_columns(tmp_path):
    rows = [r + ",7" for r in ATOP_ROWS]
    f = write(tmp_path, "atop5_1m.csv", [ATOP_HEADER + ",speclgth", *rows])
    assert "speclgth" not in anet.read_atop(f).columns
    full = anet.read_atop(f, all_columns=True)
    assert full["speclgth"].tolist() == [7, 7, 7, 7]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("atopid,cowid,begyr,begmo,endyr,defense", "alliance-level"),
        ("state,year,atopally,defense,offense,number", "state-year"),
        ("stateA,stateB,year,atopally,defense", "dyad-year"),
        (COW_HEADER, "read_cow"),
        ("stateabb,ccode,year,version", "read_states"),
    ],
)
def test_read_atop_wrong_file_names_the_reader(tmp_path, header, expected):
    f = write(tmp_path, "atop5_1a.csv", [header, ",".join(["1"] * len(header.split(",")))])
    with pytest.raises(DataFormatError, match=expected) as err:
        anet.read_atop(f)
    assert str(f) in str(err.value)
    if expected in ("alliance-level", "state-year", "dyad-year"):
        assert "atop5_1m.csv" in str(err.value)


def test_missing_file_says_where_to_download(tmp_path):
    with pytest.raises(DataFormatError, match="not found") as err:
        anet.read_atop(tmp_path / "nothere.csv")
    assert "atopdata.org" in str(err.value) and "fetch_atop" in str(err.value)
    with pytest.raises(DataFormatError, match="fetch_cow"):
        anet.read_cow(tmp_path / "nothere.csv")
    with pytest.raises(DataFormatError, match="fetch_nmc"):
        anet.read_nmc(tmp_path / "nothere.csv")


def test_folder_without_the_file(tmp_path):
    (tmp_path / "readme.txt").write_text("hello")
    with pytest.raises(DataFormatError, match=r"no file named like") as err:
        anet.read_atop(tmp_path)
    assert "readme.txt" in str(err.value)


def test_not_a_path():
    with pytest.raises(DataFormatError, match="expects a file path"):
        anet.read_atop(42)


def test_empty_and_header_only(tmp_path):
    empty = tmp_path / "atop5_1m.csv"
    empty.write_text("")
    with pytest.raises(DataFormatError, match="empty"):
        anet.read_atop(empty)
    with pytest.raises(DataFormatError, match="header but no data rows"):
        anet.read_atop(atop_file(tmp_path, rows=[]))


def test_semicolon_delimiter_detected(tmp_path):
    lines = [ATOP_HEADER.replace(",", ";"), *(r.replace(",", ";") for r in ATOP_ROWS)]
    f = write(tmp_path, "atop5_1m.csv", lines)
    with pytest.raises(DataFormatError, match="semicolon-separated"):
        anet.read_atop(f)
    tab = write(tmp_path, "t.csv", ["ccode\tyear\tstateabb", "2\t1816\tUSA"])
    with pytest.raises(DataFormatError, match="tab-separated"):
        anet.read_states(tab)


def test_required_column_missing(tmp_path):
    header = ATOP_HEADER.replace(",consul", "")
    rows = [r.rsplit(",", 2)[0] + ",5.1" for r in ATOP_ROWS]
    with pytest.raises(DataFormatError, match=r"required column\(s\) \['consul'\]"):
        anet.read_atop(write(tmp_path, "atop5_1m.csv", [header, *rows]))


def test_non_numeric_state_code_names_line(tmp_path):
    rows = [*ATOP_ROWS]
    rows[1] = rows[1].replace("3180,2,", "3180,USA,", 1)
    with pytest.raises(DataFormatError, match=r"'member'.*line 3.*USA"):
        anet.read_atop(atop_file(tmp_path, rows=rows))


def test_exit_before_entry_names_line(tmp_path):
    rows = [*ATOP_ROWS, "2000,2,1990,1,1,1980,1,1,0,1,1,0,0,0,0,5.1"]
    with pytest.raises(DataFormatError, match=r"precedes.*line 6"):
        anet.read_atop(atop_file(tmp_path, rows=rows))


def test_flag_not_zero_one(tmp_path):
    rows = [*ATOP_ROWS]
    rows[0] = rows[0].replace(",1,0,0,1,1,5.1", ",2,0,0,1,1,5.1")
    with pytest.raises(DataFormatError, match=r"'defense' must be 0 or 1.*line 2"):
        anet.read_atop(atop_file(tmp_path, rows=rows))


def test_duplicate_rows_kept_with_warning(tmp_path):
    rows = [*ATOP_ROWS, ATOP_ROWS[-1]]
    with pytest.warns(DataWarning, match="duplicates"):
        m = anet.read_atop(atop_file(tmp_path, rows=rows))
    assert len(m) == 5


def test_spreadsheet_artefacts(tmp_path):
    # trailing empty-header columns and an entirely empty row, as left by Excel
    lines = [ATOP_HEADER + ",,", *(r + ",," for r in ATOP_ROWS), "," * 17]
    with pytest.warns(DataWarning, match="empty row"):
        m = anet.read_atop(write(tmp_path, "atop5_1m.csv", lines, newline="\r\n"))
    assert len(m) == 4


def test_blank_lines_keep_line_numbers_right(tmp_path):
    # a blank line before the header and one between rows: reported, and later lines
    # are still named by their position in the file
    rows = [ATOP_ROWS[0], "", ATOP_ROWS[1].replace("3180,2,", "3180,XX,", 1)]
    f = write(tmp_path, "atop5_1m.csv", ["", ATOP_HEADER, *rows])
    with pytest.raises(DataFormatError, match=r"'member'.*line 5 .*XX"):
        with pytest.warns(DataWarning, match=r"blank line\(s\) \(line 4\)"):
            anet.read_atop(f)
    f = write(tmp_path, "atop5_1m.csv", ["", ATOP_HEADER, ATOP_ROWS[0], "", *ATOP_ROWS[1:], "", ""])
    with pytest.warns(
        DataWarning, match=r"1 completely empty row\(s\) or blank line\(s\) \(line 4\)"
    ):
        m = anet.read_atop(f)
    assert len(m) == 4
    only_blank = write(tmp_path, "atop5_1m.csv", [ATOP_HEADER, ",,,", ""])
    with pytest.raises(DataFormatError, match="only empty rows"):
        anet.read_atop(only_blank)


def test_extra_fields_raise_naming_the_line(tmp_path):
    # pandas would take the first column as the index (shifting every value) or drop
    # the extra fields; here the line is named instead
    rows = [ATOP_ROWS[0] + ",9,9", *ATOP_ROWS[1:]]
    with pytest.raises(DataFormatError, match=r"header has 16 fields but line 2 has 18"):
        anet.read_atop(atop_file(tmp_path, rows=rows))
    rows = [*ATOP_ROWS[:2], ATOP_ROWS[2] + ",9"]
    with pytest.raises(DataFormatError, match=r"line 4"):
        anet.read_atop(atop_file(tmp_path, rows=rows))
    # a delimiter at the end of every data line (empty extra field) is harmless
    m = anet.read_atop(atop_file(tmp_path, rows=[r + "," for r in ATOP_ROWS]))
    assert len(m) == 4 and m["source"].eq("ATOP 5.1").all()


def test_negative_state_code_names_line(tmp_path):
    rows = [*ATOP_ROWS]
    rows[2] = rows[2].replace("3180,200,", "3180,-9,", 1)
    with pytest.raises(DataFormatError, match=r"'member'.*state codes.*line 4.*-9"):
        anet.read_atop(atop_file(tmp_path, rows=rows))


def test_unnamed_columns_with_values_warn(tmp_path):
    # as in the Excel-saved states2016.csv: scribbles in columns without a header
    lines = [ATOP_HEADER + ",", *(r + "," for r in ATOP_ROWS[:3]), ATOP_ROWS[3] + ",#REF!"]
    with pytest.warns(DataWarning, match=r"without a header.*line 5.*#REF!"):
        m = anet.read_atop(write(tmp_path, "atop5_1m.csv", lines))
    assert len(m) == 4


def test_duplicate_rows_named_by_line(tmp_path):
    rows = [*ATOP_ROWS, ATOP_ROWS[1]]
    with pytest.warns(DataWarning, match=r"2 rows are exact duplicates \(lines 3, 6\)"):
        assert len(anet.read_atop(atop_file(tmp_path, rows=rows))) == 5
    lines = ["alliance_id,ccode,start_year", "A,2,1900", "A,20,1900", "A,2,1900"]
    with pytest.warns(DataWarning, match=r"file line.*duplicates \(rows 2, 4\)"):
        assert len(anet.read_memberships(write(tmp_path, "mine.csv", lines))) == 3


# ---------------------------------------------------------------------------------- COW


def test_read_cow_member(tmp_path):
    m = anet.read_cow(cow_file(tmp_path))
    assert m["alliance_id"].tolist() == ["COW:1", "COW:1", "COW:3"]
    assert m["end_year"].isna().tolist() == [True, True, False]  # right-censored -> NA
    assert m["offense"].isna().all() and m["consultation"].isna().all()
    # cumulative dummies kept as coded
    assert m.loc[0, ["defense", "neutrality", "nonaggression", "entente"]].tolist() == [
        True, False, True, False,
    ]  # fmt: skip
    assert pd.isna(m.loc[2, "entente"])  # empty dummy -> not coded
    assert m.loc[0, "all_st_year"] == 1386 and m.loc[0, "left_censor"] == 1
    assert m.loc[2, "state_name"] == "Hanover" and m.loc[2, "ss_type"] == "Type I: Defense Pact"
    assert m.loc[2, ["start_month", "start_day", "end_month", "end_day"]].tolist() == [6, 8, 3, 15]
    assert m.attrs["source"] == "COW 4.1" and (m["source"] == "COW 4.1").all()
    assert m.attrs["coverage"] == (1816, 1818)


def test_read_cow_yearly_collapses_to_member(tmp_path):
    member = anet.read_cow(cow_file(tmp_path))
    header = COW_HEADER.replace(",version", ",year,version")
    rows = []
    for row in COW_ROWS:
        head, version = row.rsplit(",", 1)
        if ",1,1,1,0,1,0" in row:  # right-censored: yearly file writes 2012 as end year
            head = head.replace("1816,,,,1,1", "1816,,,2012,1,1")
            years = range(1816, 2013)
        else:
            years = range(1815, 1818)  # the year rows need not match the spell (as in v4.1)
        rows += [f"{head},{y},{version}" for y in years]
    yearly_path = write(tmp_path, "alliance_v4.1_by_member_yearly.csv", [header, *rows])
    yearly = anet.read_cow(yearly_path)
    pd.testing.assert_frame_equal(yearly, member)
    assert yearly.attrs["coverage"][0] == 1816


def test_read_cow_yearly_repeated_year_rows_warn(tmp_path):
    header = COW_HEADER.replace(",version", ",year,version")
    head, version = COW_ROWS[2].rsplit(",", 1)
    rows = [f"{head},{y},{version}" for y in (1816, 1817, 1817, 1818)]
    path = write(tmp_path, "alliance_v4.1_by_member_yearly.csv", [header, *rows])
    with pytest.warns(DataWarning, match=r"same membership spell and year \(lines 3, 4\)"):
        m = anet.read_cow(path)
    assert len(m) == 1 and m.loc[0, "end_year"] == 1818


def test_read_cow_latin1_names(tmp_path):
    rows = [COW_ROWS[2].replace("Hanover", "Württemberg")]
    m = anet.read_cow(cow_file(tmp_path, rows=rows, encoding="latin-1"))
    assert m.loc[0, "state_name"] == "Württemberg"


def test_read_cow_refuses_dyad_file(tmp_path):
    f = write(
        tmp_path,
        "alliance_v4.1_by_dyad.csv",
        ["version4id,ccode1,ccode2,dyad_st_year", "1,2,20,1900"],
    )
    with pytest.raises(DataFormatError, match="dyad") as err:
        anet.read_cow(f)
    assert "alliance_v4.1_by_member.csv" in str(err.value)


def test_read_cow_refuses_atop_file(tmp_path):
    with pytest.raises(DataFormatError, match="read_atop"):
        anet.read_cow(atop_file(tmp_path))


# ---------------------------------------------------------------------------------- states


STATES_HEADER = "stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version"


def test_read_states_spells_equal_system(tmp_path):
    spells = write(
        tmp_path,
        "states2016.csv",
        [
            STATES_HEADER,
            "USA,2,United States of America,1816,1,1,1820,12,31,2016",
            "CDI,437,Côte d’Ivoire,1818,8,7,1820,12,31,2016",
            "GMY,255,Germany,1816,1,1,1817,12,31,2016",
            "GMY,255,Germany,1819,1,1,1820,12,31,2016",
        ],
        encoding="cp1252",
    )
    states = anet.read_states(spells)
    assert list(states.columns) == ["ccode", "year", "stateabb", "statenme"]
    assert len(states) == 5 + 3 + 2 + 2
    assert (255, 1818) not in set(zip(states["ccode"], states["year"], strict=True))
    assert states.loc[states["ccode"] == 437, "statenme"].iloc[0] == "Côte d’Ivoire"
    assert states.attrs["coverage"] == (1816, 1820)
    lines = ["stateabb,ccode,year,version"] + [
        f"{r.stateabb},{r.ccode},{r.year},2016" for r in states.itertuples()
    ]
    system = anet.read_states(write(tmp_path, "system2016.csv", lines, newline="\r\n"))
    pd.testing.assert_frame_equal(system.drop(columns="statenme"), states.drop(columns="statenme"))
    assert system["statenme"].isna().all()
    assert system.dtypes["ccode"] == np.int64 and system.dtypes["year"] == np.int64


def test_read_states_bad_inputs(tmp_path):
    backwards = write(tmp_path, "s.csv", [STATES_HEADER, "USA,2,USA,1900,1,1,1890,1,1,2016"])
    with pytest.raises(DataFormatError, match="precedes.*line 2"):
        anet.read_states(backwards)
    majors = write(tmp_path, "m.csv", ["stateabb,ccode,styear,endyear", "USA,2,1898,2016"])
    with pytest.raises(DataFormatError, match="read_majors"):
        anet.read_states(majors)
    nmc = write(
        tmp_path,
        "n.csv",
        ["stateabb,ccode,year,milex,milper,irst,pec,tpop,upop,cinc", "USA,2,1816,1,1,1,1,1,1,0.1"],
    )
    with pytest.raises(DataFormatError, match="read_nmc"):
        anet.read_states(nmc)
    # a states file with one extra column is a states file: the column is kept
    plus = anet.read_states(
        write(tmp_path, "p.csv", ["stateabb,ccode,year,cinc", "USA,2,1816,0.1"])
    )
    assert list(plus.columns) == ["ccode", "year", "stateabb", "statenme", "cinc"]
    assert plus["cinc"].tolist() == [0.1]
    neither = write(tmp_path, "x.csv", ["stateabb,ccode,foo", "USA,2,1"])
    with pytest.raises(DataFormatError, match="'year' column"):
        anet.read_states(neither)
    dup = write(tmp_path, "d.csv", ["stateabb,ccode,year", "USA,2,1816", "USA,2,1816"])
    with pytest.warns(DataWarning, match="repeat"):
        assert len(anet.read_states(dup)) == 2


# ---------------------------------------------------------------------------------- majors


MAJORS = [
    "stateabb,ccode,styear,stmonth,stday,endyear,endmonth,endday,version",
    "FRN,220,1816,1,1,1940,6,22,2016",
    "FRN,220,1945,8,15,2016,12,31,2016",
    "USA,2,1898,8,13,2016,12,31,2016",
]


def test_read_majors_and_major_powers(tmp_path):
    majors = anet.read_majors(write(tmp_path, "majors2016.csv", MAJORS, newline="\r\n"))
    assert majors[["ccode", "start_year", "end_year"]].values.tolist() == [
        [220, 1816, 1940], [220, 1945, 2016], [2, 1898, 2016],
    ]  # fmt: skip
    assert majors.attrs["coverage"] == (1816, 2016)
    with pytest.warns(DataWarning, match=r"repeat another row exactly \(lines 3, 5\)"):
        again = anet.read_majors(write(tmp_path, "m2.csv", [*MAJORS, MAJORS[2]]))
    assert len(again) == 4
    assert anet.major_powers(majors, 1942) == [2]
    assert anet.major_powers(majors, 1945) == [2, 220]
    assert anet.major_powers(majors, 1850) == [220]
    assert all(isinstance(c, int) for c in anet.major_powers(majors, 2000))
    with pytest.raises(CoverageError, match="1816-2016"):
        anet.major_powers(majors, 1700)
    with pytest.raises(ParameterError, match="integer"):
        anet.major_powers(majors, "1900")
    with pytest.raises(SchemaError, match="end_year"):
        anet.major_powers(majors.drop(columns="end_year"), 1900)


# ---------------------------------------------------------------------------------- NMC


NMC = [
    "stateabb,ccode,year,milex,milper,irst,pec,tpop,upop,cinc,version",
    "USA,2,1816,3823,17,80,254,8659,101,0.25,2021",
    "UKG,200,1816,-9,255,-9,7568,19520,1858,0.75,2021",
    "USA,2,1817,2466,15,80,277,8899,106,1.0,2021",
]


def test_read_nmc_missing_codes_and_capabilities(tmp_path):
    nmc = anet.read_nmc(write(tmp_path, "NMC-60-abridged.csv", NMC, newline="\r\n"))
    assert list(nmc.columns) == [
        "stateabb", "ccode", "year", "milex", "milper", "irst", "pec", "tpop", "upop", "cinc",
    ]  # fmt: skip
    assert nmc["milex"].isna().tolist() == [False, True, False]
    assert nmc.attrs["missing_codes"]["milex"] == 1 and nmc.attrs["missing_codes"]["irst"] == 1
    assert int(nmc.isna().sum().sum()) == 2
    assert nmc.attrs["source"] == "COW NMC 6.0" and nmc.attrs["coverage"] == (1816, 1817)
    cinc = anet.capabilities(nmc, 1816)
    assert cinc.name == "cinc" and cinc.index.name == "ccode"
    assert cinc.to_dict() == {2: 0.25, 200: 0.75}
    with pytest.raises(CoverageError, match="1816-1817"):
        anet.capabilities(nmc, 1800)
    with pytest.raises(CoverageError, match="ends in 1817.*carry_forward=True"):
        anet.capabilities(nmc, 1900)
    with pytest.warns(DataWarning, match="capabilities table ends in 1817; year.s. 1900 use"):
        assert anet.capabilities(nmc, 1900, carry_forward=True).to_dict() == {2: 1.0}
    with pytest.warns(DataWarning, match=r"\(ccode, year\) pair \(lines 2, 5\)"):
        dup = anet.read_nmc(write(tmp_path, "NMC-60-abridged.csv", [*NMC, NMC[1]]))
    assert len(dup) == 4


def test_read_nmc_nested_zip(tmp_path):
    inner = tmp_path / "NMC-60-abridged.zip"
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("NMC-60-abridged/NMC-60-abridged.csv", "\n".join(NMC) + "\n")
    outer = tmp_path / "NMC_Documentation-6.0.zip"
    with zipfile.ZipFile(outer, "w") as z:
        z.write(inner, "NMC-60-abridged.zip")
        z.writestr("NMC_Codebook.pdf", b"%PDF")
    assert len(anet.read_nmc(outer)) == 3


def test_read_nmc_non_numeric(tmp_path):
    bad = [*NMC]
    bad[2] = bad[2].replace("7568", "7.5k")
    with pytest.raises(DataFormatError, match=r"'pec'.*line 3"):
        anet.read_nmc(write(tmp_path, "NMC-60-abridged.csv", bad))


# ---------------------------------------------------------------------------------- own tables


def test_read_memberships_csv_and_frame(tmp_path):
    lines = [
        "alliance_id,ccode,start_year,end_year,defense,entente,note",
        "1,2,1949,,1,,first",
        "1,20,1949,1960,true,0,second",
    ]
    m = anet.read_memberships(write(tmp_path, "mine.csv", lines, bom=True))
    assert m["alliance_id"].tolist() == ["1", "1"]  # ids stay strings
    assert m["end_year"].isna().tolist() == [True, False]
    assert m["defense"].tolist() == [True, True]
    assert pd.isna(m.loc[0, "entente"]) and m.loc[1, "entente"] == np.False_
    assert m["note"].tolist() == ["first", "second"] and m["source"].eq("user").all()
    again = anet.read_memberships(m)
    pd.testing.assert_frame_equal(again, m)


def test_read_memberships_bad_inputs(tmp_path):
    no_start = write(tmp_path, "a.csv", ["alliance_id,ccode", "A,2"])
    with pytest.raises(SchemaError, match="start_year"):
        anet.read_memberships(no_start)
    with pytest.raises(DataFormatError, match="read_atop"):
        anet.read_memberships(atop_file(tmp_path))
    with pytest.raises(SchemaError, match="precedes"):
        anet.read_memberships(
            write(tmp_path, "b.csv", ["alliance_id,ccode,start_year,end_year", "A,2,1950,1940"])
        )
    with pytest.raises(SchemaError, match="ccode"):
        anet.read_memberships(
            write(tmp_path, "c.csv", ["alliance_id,ccode,start_year", "A,USA,1950"])
        )


# ---------------------------------------------------------------------------------- machinery


def test_warnings_point_at_the_callers_line(tmp_path):
    rows = [*ATOP_ROWS, ATOP_ROWS[1]]
    with pytest.warns(DataWarning, match="duplicates") as record:
        anet.read_atop(atop_file(tmp_path, rows=rows))
    assert record[0].filename == __file__


def test_unexpected_error_becomes_a_short_data_format_error(tmp_path, monkeypatch):
    from alliancenet.datasets import alliances

    def broken(*args, **kwargs):
        raise TypeError("boom " * 200)

    monkeypatch.setattr(alliances, "_atop_table", broken)
    with pytest.raises(DataFormatError, match="read_atop could not read.*TypeError") as err:
        anet.read_atop(atop_file(tmp_path))
    assert len(str(err.value)) < 500
    assert isinstance(err.value.__cause__, TypeError)


def test_docstrings_filled_from_shared_fragments():
    from alliancenet._docstrings import FRAGMENTS

    assert FRAGMENTS["ref_atop"].splitlines()[0] in anet.read_atop.__doc__
    assert FRAGMENTS["ref_cow_sarkees"].splitlines()[0] in anet.read_cow.__doc__
    assert FRAGMENTS["ref_nmc"].splitlines()[0] in anet.read_nmc.__doc__
    for func in (anet.read_atop, anet.read_cow, anet.read_states, anet.read_majors, anet.read_nmc):
        assert "{{" not in func.__doc__


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(st.text(alphabet='ab ",\xa0', max_size=5), min_size=0, max_size=5),
        min_size=1,
        max_size=6,
    )
)
def test_fast_row_scan_agrees_with_the_csv_module(rows):
    """The comma-counting fast path of _io._Scan gives what the csv module gives."""
    from alliancenet.datasets import _io

    text = "\n".join([",".join(["h1", "h2", "h3"]), *(",".join(r) for r in rows)]) + "\n"
    fast = _io._Scan(text, text.encode(), "t.csv")
    exact = object.__new__(_io._Scan)
    exact.header, exact.header_end, exact.starts = [], 0, []
    exact.short, exact.long, exact.spans = [], [], []
    exact.width = exact.needed = exact.widest = 0
    exact._scan_csv(text, "t.csv")
    for attr in (
        "header",
        "header_end",
        "starts",
        "short",
        "long",
        "spans",
        "width",
        "widest",
        "needed",
    ):
        found, expected = getattr(fast, attr), getattr(exact, attr)
        if attr == "starts":
            found, expected = list(found), list(expected)
        assert found == expected, attr


def test_lookups_refuse_non_tables():
    with pytest.raises(SchemaError, match="DataFrame"):
        anet.major_powers([2, 200], 1900)
    with pytest.raises(SchemaError, match="DataFrame"):
        anet.capabilities({2: 0.5}, 1900)
    with pytest.raises(ParameterError, match="integer"):
        anet.capabilities(pd.DataFrame({"ccode": [2], "year": [1900], "cinc": [1.0]}), 1900.0)


def test_major_powers_open_spell():
    majors = pd.DataFrame(
        {
            "ccode": [2, 200],
            "start_year": [1898, 1816],
            "end_year": pd.array([pd.NA, 1945], "Int64"),
        }
    )
    assert anet.major_powers(majors, 2020) == [2]
    assert anet.major_powers(majors, 1900) == [2, 200]


# ---------------------------------------------------------------------------------- real data


def _members_in(m, alliance_id, year):
    rows = m[m["alliance_id"] == alliance_id]
    open_or_after = rows["end_year"].isna() | (rows["end_year"] >= year)
    return rows.loc[(rows["start_year"] <= year) & open_or_after, "ccode"].nunique()


def _no_file(df):
    df = df.copy()
    df.attrs.pop("file", None)
    return df


@pytest.mark.realdata
def test_real_atop(shared_data, tmp_path):
    m = anet.read_atop(shared_data / "atop_5_1" / "atop5_1m.csv")
    assert len(m) == 2510
    assert m["alliance_id"].nunique() == 789
    assert m.attrs["source"] == "ATOP 5.1" and m.attrs["coverage"] == (1815, 2018)
    assert _members_in(m, "ATOP:3180", 1949) == 12
    assert _members_in(m, "ATOP:3180", 2018) == 29
    assert int(m["end_year"].isna().sum()) == 1146  # every yrexit == 0
    assert m["entente"].isna().all()
    nato = m[m["alliance_id"] == "ATOP:3180"]
    assert set(nato["cow4id"].dropna()) == {227}
    # the folder, and a zip laid out like the official release, give the same table
    pd.testing.assert_frame_equal(_no_file(anet.read_atop(shared_data / "atop_5_1")), _no_file(m))
    archive = tmp_path / "atop_5.1__.csv_.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for name in ("atop5_1a.csv", "atop5_1sy.csv", "atop5_1m.csv"):
            z.write(shared_data / "atop_5_1" / name, f"ATOP 5.1 (.csv)/{name}")
    pd.testing.assert_frame_equal(_no_file(anet.read_atop(archive)), _no_file(m))
    with pytest.raises(DataFormatError, match="alliance-level"):
        anet.read_atop(shared_data / "atop_5_1" / "atop5_1a.csv")
    with pytest.raises(DataFormatError, match="state-year"):
        anet.read_atop(shared_data / "atop_5_1" / "atop5_1sy.csv")


@pytest.mark.realdata
def test_real_cow(shared_data):
    folder = shared_data / "cow_alliance_v4_1"
    m = anet.read_cow(folder / "alliance_v4.1_by_member.csv")
    assert len(m) == 1221
    assert m["alliance_id"].nunique() == 414
    assert m.attrs["source"] == "COW 4.1" and m.attrs["coverage"] == (1816, 2012)
    assert int(m["end_year"].isna().sum()) == 359
    assert _members_in(m, "COW:227", 2012) == 19
    assert int(m["all_st_year"].min()) == 1386 and int(m["start_year"].min()) == 1816
    yearly = anet.read_cow(folder / "alliance_v4.1_by_member_yearly.csv")
    pd.testing.assert_frame_equal(yearly, m)
    pd.testing.assert_frame_equal(anet.read_cow(folder), m)  # folder: member file preferred
    with pytest.raises(DataFormatError, match="dyad"):
        anet.read_cow(folder / "alliance_v4.1_by_dyad.csv")


@pytest.mark.realdata
def test_real_states_majors_nmc(shared_data):
    system = anet.read_states(shared_data / "cow_states" / "system2016.csv")
    spells = anet.read_states(shared_data / "cow_states" / "states2016.csv")
    assert len(system) == len(spells) == 15951
    assert int((system["year"] == 2012).sum()) == 195
    assert int((spells["year"] == 2012).sum()) == 195
    pd.testing.assert_frame_equal(system.drop(columns="statenme"), spells.drop(columns="statenme"))
    assert spells["statenme"].notna().all() and system.attrs["coverage"] == (1816, 2016)
    majors = anet.read_majors(shared_data / "cow_majors" / "majors2016.csv")
    assert len(majors) == 14
    assert anet.major_powers(majors, 2012) == [2, 200, 220, 255, 365, 710, 740]
    nmc = anet.read_nmc(shared_data / "nmc_6" / "NMC-60-abridged.csv")
    assert len(nmc) == 15951
    assert sum(nmc.attrs["missing_codes"].values()) == 3185
    assert int(nmc.isna().sum().sum()) == 3185
    assert nmc["milex"].isna().sum() == 2217
    cinc = anet.capabilities(nmc, 2012)
    assert len(cinc) == 195 and cinc.sum() == pytest.approx(1.0062, abs=1e-4)


@pytest.mark.filterwarnings("ignore:.*exact duplicates")
@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["A", "B", "COW:1"]),
            st.sampled_from([2, 20, 99_999]),
            st.sampled_from([1500, 1949, 2200]),
            st.sampled_from([None, 2200]),
            st.sampled_from([None, True, False]),
            st.sampled_from(["x", "y", None]),
            st.sampled_from([np.nan, 1.5, 1.0]),
            st.sampled_from([1, "1", None, np.nan]),
        ),
        max_size=12,
    )
)
def test_duplicate_rows_is_pandas_duplicated(rows):
    """schema.duplicate_rows (key first, then whole rows) marks what DataFrame.duplicated does."""
    from alliancenet.schema import duplicate_rows, validate_memberships

    frame = pd.DataFrame(
        rows,
        columns=["alliance_id", "ccode", "start_year", "end_year", "defense", "note", "x", "mixed"],
    )
    table = validate_memberships(frame) if rows else frame
    expected = table.duplicated(keep=False).to_numpy()
    assert duplicate_rows(table).tolist() == expected.tolist()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='a ,\t\n"', max_size=30), st.integers(0, 5))
def test_field_opens_blank_finds_every_field_opening_with_a_blank(text, start):
    """The parser's skip-blanks switch sees a blank after a comma or at a line start."""
    from alliancenet.datasets import _io

    data = text.encode()
    start = min(start, len(data))
    while start and data[start - 1 : start] != b"\n":  # the scan passes a line start
        start -= 1
    body = data[start:].decode()
    expected = any(
        field[:1] in (" ", "\t") and field for line in body.split("\n") for field in line.split(",")
    )
    chars = np.frombuffer(data, dtype=np.uint8)
    assert _io._field_opens_blank(chars, start) == expected


def test_fields_opening_with_blanks_are_read_as_without(tmp_path):
    """`, "United Kingdom"` (blank before a quoted value) reads like the published layout."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    plain = write(
        tmp_path / "a",
        "majors2016.csv",
        [
            "stateabb,ccode,styear,stmonth,stday,endyear,endmonth,endday,version",
            '"UKG",200,1816,1,1,2016,12,31,2016',
        ],
    )
    spaced = write(
        tmp_path / "b",
        "majors2016.csv",
        [
            "stateabb, ccode, styear, stmonth, stday, endyear, endmonth, endday, version",
            ' "UKG", 200, 1816, 1,\t1, 2016, 12, 31, 2016',
        ],
    )
    a, b = anet.read_majors(plain), anet.read_majors(spaced)
    pd.testing.assert_frame_equal(a, b)
    assert a["stateabb"].tolist() == ["UKG"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.integers(-5, 2100),
            st.sampled_from([np.nan, 0.5, 1816.25, np.inf, -np.inf, 1e19, -1e19, 2.0**63]),
        ),
        min_size=1,
        max_size=8,
    ),
    st.booleans(),
    st.booleans(),
)
def test_whole_number_fast_path_agrees_with_the_checks_that_name_cells(values, nullable, zero):
    """Columns the parser read as numbers give what the same cells read as text give."""
    from alliancenet.datasets import _columns as col

    index = pd.Index(range(2, 2 + len(values)))
    numbers = pd.DataFrame({"c": pd.Series(values, index=index, dtype="float64")})
    text = pd.DataFrame(
        {
            "c": pd.Series(
                ["" if np.isnan(v) else repr(v) for v in values], index=index, dtype=object
            )
        }
    )

    def read(df):
        try:
            return col.ints(df, "c", "t.csv", bounds=(0, 2050), nullable=nullable, zero_is_na=zero)
        except DataFormatError as err:
            return type(err)

    expected = read(text)
    frames = [numbers]
    if all(isinstance(v, int) for v in values):  # the parser's int64 columns too
        frames.append(pd.DataFrame({"c": pd.Series(values, index=index, dtype="int64")}))
    for frame in frames:
        found = read(frame)
        if isinstance(expected, pd.Series):
            pd.testing.assert_series_equal(found, expected)
        else:
            assert found is expected
