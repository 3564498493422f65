"""COW <-> Gleditsch-Ward codes, GW state lists, system= on the panels (issue 13 item 4)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import alliancenet as anet
from alliancenet.errors import DataFormatError, DataWarning, ParameterError

GW_LINES = [
    "2\tUSA\tUnited States of America\t01:01:1816\t31:12:2017",
    "255\tGMY\tGermany (Prussia)\t01:01:1816\t08:05:1945",
    "260\tGFR\tGerman Federal Republic\t21:09:1949\t31:12:2017",
    "265\tGDR\tGerman Democratic Republic\t07:10:1949\t02:10:1990",
    "340\tSER\tSerbia\t13:07:1878\t30:10:1915",
    "345\tYUG\tYugoslavia\t01:12:1918\t04:06:2006",
    "340\tSER\tSerbia\t05:06:2006\t31:12:2017",
    "678\tYEM\tYemen (Arab Republic of Yemen)\t30:10:1918\t31:12:2017",
    "711\tTBT\tTibet\t01:01:1913\t07:10:1950",
]


def test_documented_differences_each_way():
    with pytest.warns(DataWarning, match="COW 255 .unified Germany. → GW 260 in 1995"):
        assert anet.cow_to_gw(255, 1995) == 260
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # identical codes pass without a warning
        assert anet.cow_to_gw(255, 1914) == 255
        assert anet.cow_to_gw(345, 1950) == 345
        assert anet.gw_to_cow(345, 1950) == 345
        assert anet.cow_to_gw(678, 1980) == 678
    with pytest.warns(DataWarning, match="Serbia"):
        assert anet.cow_to_gw(345, 1900) == 340
    with pytest.warns(DataWarning, match="Nauru"):
        assert anet.cow_to_gw(970, 2000) == 971
    with pytest.warns(DataWarning, match="Kiribati"):
        assert anet.gw_to_cow(970, 2000) == 946
    with pytest.warns(DataWarning, match="GW-only"):
        assert anet.gw_to_cow(711, 1920) is None
    with pytest.warns(DataWarning):
        assert anet.gw_to_cow(678, 1995) == 679
        assert anet.gw_to_cow(260, 1995) == 255
        assert anet.gw_to_cow(260, 1990) == 260  # the unification year stays (peacesciencer)
    with pytest.raises(ParameterError):
        anet.cow_to_gw("x", 1990)  # type: ignore[arg-type]


def test_series_keep_index_and_name():
    s = pd.Series([2, 255], index=["a", "b"])
    with pytest.warns(DataWarning):
        gw = anet.cow_to_gw(s, pd.Series([1995, 1995], index=["a", "b"]))
    assert gw.name == "gwcode" and list(gw.index) == ["a", "b"] and gw.tolist() == [2, 260]


def test_transition_year_collision_warns():
    with pytest.warns(DataWarning, match="two COW codes .255, 260. became GW 260"):
        anet.cow_to_gw(np.array([255, 260]), 1990)


@pytest.mark.realdata
def test_round_trip_over_the_cow_system(shared_data):
    system = pd.read_csv(shared_data / "cow_states" / "system2016.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        gw = anet.cow_to_gw(system["ccode"], system["year"])
        back = anet.gw_to_cow(gw, system["year"])
    differ = system[back.to_numpy() != system["ccode"].to_numpy()]
    # only the unification year, where two COW states share one GW code (warned)
    assert sorted(zip(differ.ccode, differ.year, strict=True)) == [(255, 1990), (679, 1990)]
    assert gw[(system.ccode == 255) & (system.year == 2000)].tolist() == [260]


def _write(tmp_path, name, lines, encoding="latin-1"):
    path = tmp_path / name
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def test_read_states_reads_gleditsch_ward_files(tmp_path):
    path = _write(
        tmp_path, "iisystem.dat", [*GW_LINES, "271\tWRT\tWürttemberg\t01:01:1816\t31:12:1870"]
    )
    gw = anet.read_states(path)
    assert gw.attrs["system"] == "gw" and gw.attrs["coverage"] == (1816, 2017)
    assert list(gw.columns[:5]) == ["ccode", "gwcode", "year", "stateabb", "statenme"]
    assert gw["ccode"].dtype == "Int64"
    row = gw[(gw.gwcode == 260) & (gw.year == 2000)]
    assert row["ccode"].tolist() == [255]  # unified Germany is COW 255
    assert gw[(gw.gwcode == 340) & (gw.year == 1900)]["ccode"].tolist() == [345]
    assert gw[gw.gwcode == 711]["ccode"].isna().all()
    assert "Württemberg" in set(gw["statenme"])
    # usable as states=: the GW-only Tibet is left out with a warning
    ex = anet.load_example()
    with pytest.warns(DataWarning) as caught:
        G = anet.alliance_graph(ex, 1930, states=gw)
    assert any("gwcode [711]" in str(w.message) for w in caught)
    assert set(G.nodes) <= {2, 255, 345, 678}
    micro = anet.read_states(_write(tmp_path, "microstatessystem.dat", [GW_LINES[0]]))
    assert micro.attrs["source"] == "GW microstates"


def test_bad_gleditsch_ward_row_names_the_line(tmp_path):
    path = _write(tmp_path, "iisystem.dat", [GW_LINES[0], "2\tUSA\tbroken"])
    with pytest.raises(DataFormatError, match="line 2"):
        anet.read_states(path)


def test_fetch_gw_states_from_a_local_copy(tmp_path):
    path = _write(tmp_path, "iisystem.dat", GW_LINES)
    assert anet.fetch_gw_states(path=path).equals(anet.read_states(path))
    with pytest.raises(ParameterError, match="microstates"):
        anet.fetch_gw_states("micro")


def test_system_gw_adds_codes_to_panels():
    ex, states = anet.load_example(), anet.load_example_states()
    with pytest.warns(DataWarning, match="unified Germany"):
        d = anet.dyad_years(ex, 1995, states=states, complete=True, system="gw")
    assert list(d.columns[:5]) == ["ccode1", "ccode2", "year", "gwcode1", "gwcode2"]
    assert d.loc[d.ccode1 == 255, "gwcode1"].eq(260).all()
    assert d.loc[d.ccode1 == 2, "gwcode1"].eq(2).all()
    with pytest.warns(DataWarning):
        s = anet.state_years(ex, 1995, states=states, system="gw", blocs=False, centrality=None)
    assert s.loc[s.ccode == 255, "gwcode"].tolist() == [260]
    with pytest.raises(ParameterError, match="system"):
        anet.dyad_years(ex, 1995, system="iso")
