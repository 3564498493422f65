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
