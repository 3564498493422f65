"""Input and output of regression tables: spreadsheets and Stata in, CSV/Parquet/Stata out, CLI."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import alliancenet as anet
from alliancenet.cli import main
from alliancenet.errors import DataFormatError, ParameterError, SchemaError

TABLE = pd.DataFrame(
    {
        "alliance_id": ["MY:1", "MY:1", "MY:2"],
        "ccode": [2, 20, 200],
        "start_year": [1949, 1949, 1950],
        "end_year": [None, 1960, 1955],
        "defense": [1, 1, 0],
        "note": ["a", "b", "c"],
    }
)


@pytest.mark.parametrize("suffix", [".xlsx", ".ods", ".dta"])
def test_read_memberships_reads_spreadsheets_and_stata(tmp_path, suffix):
    path = tmp_path / f"mine{suffix}"
    if suffix == ".dta":
        TABLE.to_stata(path, write_index=False)
    else:
        TABLE.to_excel(path, index=False, engine="odf" if suffix == ".ods" else "openpyxl")
    got = anet.read_memberships(path, source="mine")
    expected = anet.read_memberships(TABLE, source="mine")
    cols = ["alliance_id", "ccode", "start_year", "end_year", "defense", "offense", "source"]
    pd.testing.assert_frame_equal(got[cols], expected[cols])
    assert got.attrs["file"] == str(path)


def test_bad_spreadsheet_rows_are_named_by_sheet_row(tmp_path):
    bad = TABLE.astype(object)
    bad.loc[2, "ccode"] = "x"
    path = tmp_path / "bad.xlsx"
    bad.to_excel(path, index=False)
    with pytest.raises(SchemaError, match="rows 4"):  # header is sheet row 1
        anet.read_memberships(path)
    (tmp_path / "junk.xlsx").write_bytes(b"not a workbook")
    with pytest.raises(DataFormatError, match="could not be read as a .xlsx"):
        anet.read_memberships(tmp_path / "junk.xlsx")


def _panel():
    ex, states = anet.load_example(), anet.load_example_states()
    return anet.dyad_years(
        ex, [1985], states=states, complete=True, covariates=["path_length", "reach", "lag_tie"]
    )


def test_write_table_formats_round_trip(tmp_path):
    d = _panel()
    csv = anet.write_table(d, tmp_path / "d.csv")
    back = pd.read_csv(csv)
    assert len(back) == len(d) and list(back.columns) == list(d.columns)
    assert np.isinf(back["path_length"]).sum() == np.isinf(d["path_length"]).sum()
    dta = anet.write_table(d, tmp_path / "d.dta")
    with pd.io.stata.StataReader(dta) as reader:
        labels = reader.variable_labels()
        stata = reader.read()
    assert labels["reach_3"] == "Within 3 alliance steps of each other"
    assert labels["entente"].startswith("Entente")
    assert stata["entente"].isna().all()  # not coded by the source -> Stata missing
    assert stata["defense"].isin([0, 1]).all()
    assert stata["path_length"].isna().sum() == np.isinf(d["path_length"]).sum()
    pq = anet.write_table(d, tmp_path / "d.parquet")
    pd.testing.assert_frame_equal(pd.read_parquet(pq), d, check_dtype=False)
    with pytest.raises(ParameterError, match="exists"):
        anet.write_table(d, csv)
    with pytest.raises(ParameterError, match="extension"):
        anet.write_table(d, tmp_path / "d.xls")
    with pytest.raises(ParameterError, match="80"):
        anet.write_table(d, tmp_path / "e.dta", labels={"year": "y" * 81})


def test_cli_dyads_and_states(tmp_path, capsys):
    out = tmp_path / "dyads"
    rc = main(["dyads", "--years", "1985-1986", "--covariates", "shared_allies,reach",
               "--out", str(out), "--quiet", "--directed"])  # fmt: skip
    assert rc == 0
    d = pd.read_csv(out / "dyad_years.csv")
    states = anet.load_example_states()
    n = states[states.year.isin([1985, 1986])].groupby("year").size()
    assert len(d) == int((n * (n - 1)).sum())  # independent product of the system list
    assert {"shared_allies", "reach_3"} <= set(d.columns)
    assert json.loads((out / "run.json").read_text())["command"] == "dyads"
    rc = main(["states", "--years", "1985", "--format", "dta", "--out", str(tmp_path / "s"),
               "--quiet", "--system", "gw"])  # fmt: skip
    assert rc == 0
    s = pd.read_stata(tmp_path / "s" / "state_years.dta")
    assert len(s) == int((states.year == 1985).sum()) and "gwcode" in s.columns
    assert main(["dyads", "--years", "1985", "--out", str(out), "--quiet"]) == 2  # no --force
    assert "exists" in capsys.readouterr().err
    assert main(["dyads", "--years", "1985", "--out", str(out), "--quiet", "--force"]) == 0
    assert main(["dyads", "--covariates", "nope", "--out", str(tmp_path / "x"), "--quiet"]) == 2
    assert not (tmp_path / "x").exists()
