"""Tests for alliancenet.citation and CITATION.cff."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import alliancenet as anet
from alliancenet.errors import ParameterError

ROOT = Path(__file__).resolve().parents[1]


def keys(bib: str) -> list[str]:
    return re.findall(r"^@\w+\{([^,]+),", bib, flags=re.MULTILINE)


def test_package_only_by_default():
    bib = anet.cite()
    assert keys(bib) == ["alliancenet"]
    assert f"version = {{{anet.__version__}}}" in bib


@pytest.mark.parametrize(
    ("source", "expected", "doi"),
    [
        ("atop", ["leeds2002atop", "leeds2022atopcodebook"], "10.1080/03050620213653"),
        ("ATOP 5.1", ["leeds2002atop", "leeds2022atopcodebook"], "10.1080/03050620213653"),
        ("cow", ["gibler2009alliances", "gibler2004measuring"], "10.1177/0022343304041061"),
        ("COW 4.1", ["gibler2009alliances", "gibler2004measuring"], "10.1177/0022343304041061"),
        ("states", ["cow2017states"], None),
        ("system", ["cow2017states"], None),
        ("COW majors 2016", ["cow2017states"], None),
        ("nmc", ["singer1972capability", "greig2021nmc"], None),
        ("COW NMC 6.0", ["singer1972capability", "greig2021nmc"], None),
        ("peacesciencer", ["miller2022peacesciencer"], "10.1177/07388942221077926"),
    ],
)
def test_sources(source, expected, doi):
    bib = anet.cite(source)
    assert keys(bib) == ["alliancenet", *expected]
    if doi:
        assert f"doi     = {{{doi}}}" in bib


def test_tables_and_deduplication():
    table = pd.DataFrame({"alliance_id": ["A"], "ccode": [2], "start_year": [1949]})
    table.attrs["source"] = "COW 4.1"
    assert keys(anet.cite(table)) == ["alliancenet", "gibler2009alliances", "gibler2004measuring"]
    by_column = pd.DataFrame({"source": ["ATOP 5.1", "ATOP 5.1", "COW 4.1"]})
    assert len(keys(anet.cite(by_column))) == 5
    assert keys(anet.cite("atop", "ATOP 5.1", "atop")) == keys(anet.cite("atop"))
    assert keys(anet.cite("example")) == ["alliancenet"]


def test_bibtex_is_well_formed():
    bib = anet.cite("atop", "cow", "states", "nmc", "peacesciencer")
    entries = bib.strip().split("\n\n")
    assert len(entries) == len(keys(bib)) == 9
    for entry in entries:
        assert entry.count("{") == entry.count("}")
        assert entry.endswith("}")


def test_text_format():
    text = anet.cite("cow", format="text")
    lines = text.splitlines()
    assert len(lines) == 3
    assert lines[1].startswith("Gibler, D. M. (2009). International Military Alliances")
    assert "https://doi.org/10.1177/0022343304041061" in lines[2]


def test_bad_inputs():
    with pytest.raises(ParameterError, match="unknown data source"):
        anet.cite("polity")
    with pytest.raises(ParameterError, match="format"):
        anet.cite("atop", format="ris")
    with pytest.raises(ParameterError, match="source names"):
        anet.cite(3)
    with pytest.raises(ParameterError, match="attrs"):
        anet.cite(pd.DataFrame({"a": [1]}))


def test_citation_cff():
    yaml = pytest.importorskip("yaml")
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert str(cff["version"]) == anet.__version__
    assert cff["type"] == "software"
    assert cff["authors"] == [{"name": "The alliancenet developers"}]
    assert cff["title"] and cff["message"]
    dois = set()
    for ref in cff["references"]:
        assert {"type", "title", "authors"} <= set(ref)
        assert ref["type"] in {"article", "book", "manual", "data"}
        assert isinstance(ref["year"], int)
        if "doi" in ref:
            assert re.fullmatch(r"10\.\d{4,9}/[A-Za-z0-9:/_;\-.()\[\]]+", ref["doi"])
            dois.add(ref["doi"])
    assert dois == {"10.1080/03050620213653", "10.1177/0022343304041061"}


# -- one version, one date, one licence, no invented address ---------------------------


def _cff_top_level() -> dict[str, str]:
    """The top-level scalar keys of CITATION.cff, parsed simply (no YAML library needed)."""
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    found = re.findall(r"^([A-Za-z][\w-]*):[ \t]*(\S.*)?$", text, flags=re.MULTILINE)
    return {key: value.strip().strip("\"'") for key, value in found}


def _pyproject() -> dict:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_version_and_date_agree_everywhere():
    from alliancenet import _version, citation

    version, date = _version.__version__, citation._VERSION_DATE
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", date)
    cff = _cff_top_level()
    assert cff["version"] == version == anet.__version__
    assert cff["date-released"] == date
    bib = anet.cite()
    assert f"version = {{{version}}}" in bib
    assert f"year    = {{{date[:4]}}}" in bib
    assert f"date    = {{{date}}}" in bib
    text = anet.cite(format="text")
    assert text.startswith(f"The alliancenet developers ({date[:4]}).")
    assert f"(version {version}, {date})" in text
    # the changelog has a heading for this version, dated the same day
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## \[{re.escape(version)}\] - {date}\b", changelog, flags=re.MULTILINE)


def test_no_invented_address():
    """No address is cited until the project has one (the old github.com URL never existed)."""
    assert "http" not in anet.cite().split("\n\n")[0]
    assert "http" not in anet.cite(format="text").splitlines()[0]
    cff = _cff_top_level()
    assert not {"url", "repository", "repository-code", "repository-artifact"} & set(cff)
    assert "urls" not in _pyproject()["project"]
    for name in ("CITATION.cff", "pyproject.toml", "alliancenet/citation.py", "LICENSE"):
        assert "github.com/alliancenet" not in (ROOT / name).read_text(encoding="utf-8"), name


def test_licence_is_one_spdx_expression():
    project = _pyproject()["project"]
    assert project["license"] == "BSD-3-Clause"
    assert project["license-files"] == ["LICENSE"]
    assert _cff_top_level()["license"] == "BSD-3-Clause"
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("BSD 3-Clause License\n")
    assert "Copyright (c) 2026, The alliancenet developers" in licence
    assert "Neither the name of the copyright holder" in licence  # the third clause
    assert _pyproject()["build-system"]["requires"][0] == "setuptools>=77"  # SPDX licences
