"""Tests for alliancenet.datasets.fetch without the network: releases are served from
local files through file:// URLs, and the offline error is provoked with a refused
connection on localhost."""

from __future__ import annotations

import hashlib
import zipfile

import pandas as pd
import pytest

import alliancenet as anet
from alliancenet.datasets import fetch
from alliancenet.errors import DownloadError, ParameterError

ATOP = (
    "atopid,member,yrent,moent,dayent,yrexit,moexit,dayexit,phase,"
    "defense,offense,neutral,nonagg,consul,version\r\n"
    "3180,2,1949,4,4,0,0,0,0,1,0,0,1,1,5.1\r\n"
    "3180,20,1949,4,4,0,0,0,0,1,0,0,1,1,5.1\r\n"
)
MAJORS = "stateabb,ccode,styear,stmonth,stday,endyear,endmonth,endday,version\nUSA,2,1898,8,13,2016,12,31,2016\n"
REFUSED = "http://127.0.0.1:9/"  # the discard port: connection refused at once, no network


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(fetch.ENV_VAR, str(folder))
    return folder


def sha(data: str | bytes) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def atop_zip(tmp_path):
    archive = tmp_path / "mirror" / "atop_5.1__.csv_.zip"
    archive.parent.mkdir()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("ATOP 5.1 (.csv)/atop5_1m.csv", ATOP)
        z.writestr("ATOP 5.1 (.csv)/atop5_1a.csv", "atopid,begyr,endyr\r\n3180,1949,0\r\n")
    return archive


def test_fetch_atop_from_file_url_mirror(tmp_path, cache):
    archive = atop_zip(tmp_path)
    members = anet.fetch_atop(url=archive.as_uri(), sha256=sha(ATOP))
    assert members["alliance_id"].tolist() == ["ATOP:3180", "ATOP:3180"]
    assert members.attrs["source"] == "ATOP 5.1"
    assert (cache / "atop" / archive.name).is_file()  # cached under ALLIANCENET_DATA_DIR
    archive.unlink()  # second call uses the cache, no download
    again = anet.fetch_atop(url=archive.as_uri(), sha256=sha(ATOP))
    pd.testing.assert_frame_equal(again, members)


def test_fetch_checks_member_hash_and_cleans_cache(tmp_path, cache):
    archive = atop_zip(tmp_path)
    with pytest.raises(DownloadError, match="SHA-256") as err:
        anet.fetch_atop(url=archive.as_uri())  # default: the genuine release's hash
    message = str(err.value)
    assert "atopdata.org" in message and "anet.read_atop(" in message
    assert not (cache / "atop" / archive.name).exists()
    assert len(anet.fetch_atop(url=archive.as_uri(), sha256=None)) == 2


def test_fetch_direct_csv_with_hash(tmp_path, cache):
    f = tmp_path / "majors2016.csv"
    f.write_text(MAJORS)
    majors = anet.fetch_majors(url=str(f), sha256=sha(MAJORS))  # a plain path works too
    assert anet.major_powers(majors, 2000) == [2]
    with pytest.raises(DownloadError, match="SHA-256.*read_majors"):
        anet.fetch_majors(url=f.as_uri(), sha256="0" * 64)


def test_fetch_offline_error_says_what_to_do(cache):
    with pytest.raises(DownloadError) as err:
        anet.fetch_majors(url=REFUSED + "majors2016.csv")
    message = str(err.value)
    assert "correlatesofwar.org" in message and "anet.read_majors(" in message
    assert REFUSED + "majors2016.csv" in message  # the address that failed
    assert isinstance(err.value, OSError) and isinstance(err.value, anet.AllianceNetError)
    with pytest.raises(DownloadError, match=r"read_cow\("):
        anet.fetch_cow(url="file:///no/such/version4.1_csv.zip")


COW = (
    "version4id,ccode,state_name,mem_st_year,mem_end_year,right_censor,"
    "defense,neutrality,nonaggression,entente,version\n"
    '227,2,"United States of America",1949,,1,1,0,1,1,4.1\n'
    '227,200,"United Kingdom",1949,,1,1,0,1,1,4.1\n'
)
SYSTEM = "stateabb,ccode,year,version\r\nUSA,2,1816,2016\r\nUKG,200,1816,2016\r\n"
STATES = (
    "stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version\n"
    "USA,2,United States of America,1816,1,1,1816,12,31,2016\n"
    "UKG,200,United Kingdom,1816,1,1,1816,12,31,2016\n"
)


def test_fetch_cow_and_states_from_local_files(tmp_path, cache):
    archive = tmp_path / "version4.1_csv.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("version4.1_csv/alliance_v4.1_by_member.csv", COW)
        z.writestr("version4.1_csv/alliance_v4.1_by_dyad.csv", "version4id,ccode1,ccode2\n")
    cow = anet.fetch_cow(url=archive.as_uri(), sha256=sha(COW))
    assert cow["alliance_id"].tolist() == ["COW:227", "COW:227"]
    assert cow.attrs["source"] == "COW 4.1" and cow["end_year"].isna().all()
    (tmp_path / "system2016.csv").write_bytes(SYSTEM.encode())
    (tmp_path / "states2016.csv").write_text(STATES)
    system = anet.fetch_states(url=(tmp_path / "system2016.csv").as_uri(), sha256=sha(SYSTEM))
    spells = anet.fetch_states("states", url=str(tmp_path / "states2016.csv"))  # no hash known
    assert system[["ccode", "year"]].equals(spells[["ccode", "year"]])
    assert spells["statenme"].tolist() == ["United States of America", "United Kingdom"]
    assert (cache / "system" / "system2016.csv").is_file()
    assert (cache / "states" / "states2016.csv").is_file()
    # the default hash of the genuine system2016.csv refuses this stand-in
    with pytest.raises(DownloadError, match="SHA-256.*read_states"):
        anet.fetch_states(url=(tmp_path / "system2016.csv").as_uri())


def test_fetch_archive_without_the_file(tmp_path, cache):
    archive = atop_zip(tmp_path)
    with pytest.raises(DownloadError, match="alliance_v4.1_by_member.csv"):
        anet.fetch_cow(url=archive.as_uri())


def test_fetch_nmc_nested_zip(tmp_path, cache):
    text = "stateabb,ccode,year,milex,milper,irst,pec,tpop,upop,cinc,version\r\nUSA,2,1816,-9,17,80,254,8659,101,1.0,2021\r\n"
    inner = tmp_path / "NMC-60-abridged.zip"
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("NMC-60-abridged.csv", text)
    outer = tmp_path / "NMC_Documentation-6.0.zip"
    with zipfile.ZipFile(outer, "w") as z:
        z.write(inner, "NMC-60-abridged.zip")
    nmc = anet.fetch_nmc(url=outer.as_uri(), sha256=sha(text))
    assert nmc["milex"].isna().all() and nmc.attrs["source"] == "COW NMC 6.0"


def test_fetch_path_reads_without_download(tmp_path, cache):
    f = tmp_path / "majors2016.csv"
    f.write_text(MAJORS)
    assert len(anet.fetch_majors(path=f)) == 1
    assert not cache.exists()


def test_fetch_parameters(cache):
    with pytest.raises(ParameterError, match="kind"):
        anet.fetch_states("spells")
    with pytest.raises(ParameterError, match="sha256"):
        anet.fetch_majors(url=REFUSED, sha256="abc")


def test_cache_dir_default_and_env(monkeypatch, tmp_path):
    monkeypatch.delenv(fetch.ENV_VAR, raising=False)
    assert "alliancenet" in str(fetch._cache_dir())
    monkeypatch.setenv(fetch.ENV_VAR, str(tmp_path))
    assert fetch._cache_dir() == tmp_path


def test_docstrings_name_the_official_release():
    funcs = {
        "atop": anet.fetch_atop,
        "cow": anet.fetch_cow,
        "system": anet.fetch_states,
        "states": anet.fetch_states,
        "majors": anet.fetch_majors,
        "nmc": anet.fetch_nmc,
    }
    for key, func in funcs.items():
        release = fetch._RELEASES[key]
        doc = " ".join(func.__doc__.split())
        assert release.url in doc and release.page in doc, key
        if release.sha256:
            assert release.sha256[:12] in doc, key
        assert "{{" not in func.__doc__ and "sha256 : str or None" in func.__doc__


def test_fetch_reads_the_archive_without_extracting(tmp_path, cache):
    archive = atop_zip(tmp_path)
    anet.fetch_atop(url=archive.as_uri(), sha256=sha(ATOP))
    assert sorted(p.name for p in (cache / "atop").iterdir()) == [archive.name]


@pytest.mark.realdata
def test_known_hashes_match_genuine_files(shared_data, tmp_path, cache):
    """The default hashes accept the genuine files, served as the official releases are."""
    cow = tmp_path / "version4.1_csv.zip"
    with zipfile.ZipFile(cow, "w") as z:
        for name in ("alliance_v4.1_by_member.csv", "alliance_v4.1_by_member_yearly.csv"):
            z.write(shared_data / "cow_alliance_v4_1" / name, f"version4.1_csv/{name}")
    assert anet.fetch_cow(url=cow.as_uri())["alliance_id"].nunique() == 414
    atop = tmp_path / "atop.zip"
    with zipfile.ZipFile(atop, "w") as z:
        z.write(shared_data / "atop_5_1" / "atop5_1m.csv", "ATOP 5.1 (.csv)/atop5_1m.csv")
    assert anet.fetch_atop(url=atop.as_uri())["alliance_id"].nunique() == 789
    system = anet.fetch_states(url=(shared_data / "cow_states" / "system2016.csv").as_uri())
    assert int((system["year"] == 2012).sum()) == 195
    majors = anet.fetch_majors(url=(shared_data / "cow_majors" / "majors2016.csv").as_uri())
    assert anet.major_powers(majors, 2012) == [2, 200, 220, 255, 365, 710, 740]
    inner = tmp_path / "NMC-60-abridged.zip"
    with zipfile.ZipFile(inner, "w") as z:
        z.write(shared_data / "nmc_6" / "NMC-60-abridged.csv", "NMC-60-abridged.csv")
    outer = tmp_path / "NMC_Documentation-6.0.zip"
    with zipfile.ZipFile(outer, "w") as z:
        z.write(inner, "NMC-60-abridged.zip")
    assert len(anet.fetch_nmc(url=outer.as_uri())) == 15951
