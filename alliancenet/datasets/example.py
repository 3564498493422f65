"""The bundled example: major collective-security treaties, 1920-2025.

A small membership table written by the alliancenet developers (not taken from ATOP
or COW) that ships inside the package, so the command-line report, the notebooks
and every doctest run without a download. It holds twelve treaties, with readable
alliance ids:

==================  =========================================================  ==============
alliance_id         treaty                                                     years coded
==================  =========================================================  ==============
``EX:LEAGUE``       Covenant of the League of Nations                          1920-1946
``EX:RIO``          Inter-American Treaty of Reciprocal Assistance (Rio)       1948-
``EX:NATO``         North Atlantic Treaty                                      1949-
``EX:SINO-SOVIET``  Sino-Soviet Treaty of Friendship, Alliance and Mutual      1950-1980
                    Assistance
``EX:ANZUS``        Australia, New Zealand, United States Security Treaty      1952-
``EX:US-JPN``       US-Japan Security Treaty (1951), replaced by the Treaty    1952-
                    of Mutual Cooperation and Security (1960)
``EX:US-PHL``       US-Philippines Mutual Defense Treaty                       1952-
``EX:US-KOR``       US-Republic of Korea Mutual Defense Treaty                 1954-
``EX:WARSAW``       Warsaw Pact                                                1955-1991
``EX:SEATO``        Southeast Asia Collective Defense Treaty (Manila Pact)     1955-1977
``EX:CENTO``        Baghdad Pact / Central Treaty Organization                 1955-1979
``EX:CSTO``         Collective Security Treaty (Tashkent) / CSTO               1994-
==================  =========================================================  ==============

Conventions (the sources and every judgement call are in ``data/SOURCES.md``):

* State codes are Correlates of War (COW) codes: West Germany is 260 until 1989 and
  unified Germany 255 from 1990; the USSR and Russia are both 365; Czechoslovakia is
  315, the Czech Republic 316 and Slovakia 317.
* Years are inclusive and a state counts as a member in every year in which it was a
  party for any part of the year (the COW/ATOP state-year convention), from the year
  the treaty entered into force for it (accession for later members) to the year its
  withdrawal took effect (notice periods included). The one exception is German
  unification: 255 takes over West Germany's NATO seat for all of 1990, so that
  Germany is not counted twice.
* Membership is kept inside the state system of :func:`load_example_states`: League
  members occupied during the Second World War (and Haiti before 1934) have gaps, and
  British India, a League member but not a COW state, is left out.
* Obligations are those each member undertook. Treaties with a mutual-defence clause
  are coded ``defense``, ``nonaggression`` and ``consultation``; the Baghdad Pact/CENTO
  has no defence clause (consultation and non-aggression only); the League Covenant
  is coded ``defense`` (Art. 10 and 16), ``nonaggression`` (Art. 10, 12) and
  ``consultation`` (Art. 11). The US-Japan treaties are asymmetric: the United States
  undertook to defend Japan, Japan undertook no defence of the United States.
  ``offense`` and ``neutrality`` are ``False`` throughout; ``entente`` is not coded
  (``<NA>``).

Examples
--------
>>> import alliancenet as anet
>>> members = anet.load_example()
>>> members.attrs["coverage"]
(1920, 2025)
>>> sorted(members["alliance_id"].unique())[:4]
['EX:ANZUS', 'EX:CENTO', 'EX:CSTO', 'EX:LEAGUE']
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import pandas as pd

from ..schema import validate_memberships

__all__ = ["load_example", "load_example_states", "load_example_majors"]

#: First and last year covered by the bundled example.
COVERAGE: tuple[int, int] = (1920, 2025)
_SOURCE = "example"


def _read(name: str) -> pd.DataFrame:
    """Read one CSV file shipped in ``alliancenet/datasets/data``."""
    resource = files("alliancenet.datasets") / "data" / name
    with resource.open("r", encoding="utf-8") as handle:
        return pd.read_csv(handle)


def _with_attrs(df: pd.DataFrame) -> pd.DataFrame:
    """Return a copy carrying the example's coverage and source."""
    out = df.copy()
    out.attrs = {"source": _SOURCE, "coverage": COVERAGE}
    return out


def _clip_spells(spells: pd.DataFrame) -> pd.DataFrame:
    """Clip ``start_year``/``end_year`` spells to the coverage; empty end = ongoing."""
    first, last = COVERAGE
    out = spells.copy()
    out["end_year"] = out["end_year"].fillna(last).astype("int64").clip(upper=last)
    out["start_year"] = out["start_year"].astype("int64").clip(lower=first)
    return out[out["start_year"] <= out["end_year"]].reset_index(drop=True)


@cache
def _memberships() -> pd.DataFrame:
    raw = _read("example_memberships.csv")
    treaties = _read("example_treaties.csv")
    table = raw.merge(treaties, on="alliance_id", how="left", validate="many_to_one")
    table = table.drop(columns="stateabb").assign(source=_SOURCE)
    table = table[[c for c in table.columns if c not in ("treaty", "note")] + ["treaty", "note"]]
    table.attrs = {"source": _SOURCE, "coverage": COVERAGE}
    return validate_memberships(table, what="bundled example memberships", source=_SOURCE)


@cache
def _states() -> pd.DataFrame:
    spells = _clip_spells(_read("example_states.csv"))
    years = [range(s, e + 1) for s, e in zip(spells["start_year"], spells["end_year"], strict=True)]
    expanded = spells.loc[spells.index.repeat([len(r) for r in years])].copy()
    expanded["year"] = [y for r in years for y in r]
    out = expanded[["ccode", "year", "stateabb", "statenme"]].astype(
        {"ccode": "int64", "year": "int64", "stateabb": "str", "statenme": "str"}
    )
    return out.sort_values(["year", "ccode"]).reset_index(drop=True)


@cache
def _majors() -> pd.DataFrame:
    spells = _clip_spells(_read("example_majors.csv"))
    return spells[["ccode", "stateabb", "start_year", "end_year"]].astype(
        {"ccode": "int64", "stateabb": "str"}
    )


def load_example() -> pd.DataFrame:
    """Membership table of twelve major collective-security treaties, 1920-2025.

    The treaties, the year conventions and the coding of obligations are summarised
    in :mod:`alliancenet.datasets.example`; ``data/SOURCES.md`` gives the source of
    every date and explains each judgement call.

    Returns
    -------
    pandas.DataFrame
        The canonical membership table (see :mod:`alliancenet.schema`) with
        ``source == "example"``, followed by two extra columns: ``treaty`` (the
        treaty's readable name) and ``note`` (how the row's dates were decided, or
        ``NaN``). Ids are readable (``EX:NATO``, ``EX:WARSAW``, ...). A state that
        left and rejoined (Uzbekistan in the CSTO) or was occupied (League members
        in the Second World War) has several rows; the US-Japan alliance has one
        row per member for the 1951 treaty and one for the 1960 treaty.
        ``attrs == {"source": "example", "coverage": (1920, 2025)}``.

    Notes
    -----
    A state is a member in year :math:`t` when ``start_year <= t`` and
    (``end_year`` is ``<NA>`` or ``t <= end_year``). Every member-year is a
    state-year of :func:`load_example_states`.

    Examples
    --------
    >>> import alliancenet as anet
    >>> m = anet.load_example()
    >>> nato = m[m["alliance_id"] == "EX:NATO"]
    >>> def count(t, year):
    ...     alive = (t["start_year"] <= year) & ~(t["end_year"] < year).fillna(False)
    ...     return t.loc[alive, "ccode"].nunique()
    >>> [count(nato, y) for y in (1949, 1952, 1955, 1982, 1999, 2004, 2024)]
    [12, 14, 15, 16, 19, 26, 32]
    >>> count(m[m["alliance_id"] == "EX:WARSAW"], 1955)
    8
    >>> m.loc[m["alliance_id"] == "EX:US-JPN", ["ccode", "start_year", "defense"]]
         ccode  start_year  defense
    ...      2        1952     True
    ...    740        1952    False
    ...      2        1960     True
    ...    740        1960    False
    """
    return _with_attrs(_memberships())


def load_example_states() -> pd.DataFrame:
    """State-system membership (one row per state-year) for the example, 1920-2025.

    Written for alliancenet following the COW State System Membership conventions
    (v2016) and carried forward unchanged to 2025: every state that appears in
    :func:`load_example`, plus India and Indonesia (large non-aligned states).

    Returns
    -------
    pandas.DataFrame
        Columns ``ccode`` (int64), ``year`` (int64), ``stateabb`` (str) and
        ``statenme`` (str), sorted by ``year`` then ``ccode`` (as
        :func:`~alliancenet.read_states`), one row per state-year.
        ``attrs == {"source": "example", "coverage": (1920, 2025)}``.

    Notes
    -----
    The spells (``data/example_states.csv``) follow COW: Germany 255 until 1945 and
    from 1990, West Germany 260 1955-1990, East Germany 265 1954-1990; Czechoslovakia
    315 1918-1939 and 1945-1992, then 316 and 317; the Baltic states 1918-1940 and
    from 1991; Russia/USSR 365 throughout; states occupied in the Second World War
    leave the system for the occupation years.

    Examples
    --------
    >>> import alliancenet as anet
    >>> s = anet.load_example_states()
    >>> s.attrs["coverage"]
    (1920, 2025)
    >>> germanies = s[s["ccode"].isin([255, 260, 265])]
    >>> germanies.groupby("ccode")["year"].agg(["min", "max", "count"])
            min   max  count
    ccode
    255    1920  2025     62
    260    1955  1990     36
    265    1954  1990     37
    >>> s.loc[(s["year"] == 1949) & (s["ccode"] == 395), "statenme"].item()
    'Iceland'
    """
    return _with_attrs(_states())


def load_example_majors() -> pd.DataFrame:
    """COW major-power spells within the example's coverage, 1920-2025.

    The facts follow COW Major Powers v2016, carried forward unchanged to 2025 and
    clipped to the coverage: the United States, the United Kingdom, France (not in
    1941-1944), Germany 255 (1925-1945 and from 1991), Italy (to 1943), Russia/USSR
    (from 1922), China (from 1950) and Japan (to 1945 and from 1991).

    Returns
    -------
    pandas.DataFrame
        Spells with columns ``ccode`` (int64), ``stateabb`` (str), ``start_year`` and
        ``end_year`` (int64, inclusive). ``attrs == {"source": "example",
        "coverage": (1920, 2025)}``.

    Examples
    --------
    >>> import alliancenet as anet
    >>> majors = anet.load_example_majors()
    >>> majors[majors["ccode"] == 255]
       ccode stateabb  start_year  end_year
    ...  255      GMY        1925      1945
    ...  255      GMY        1991      2025
    >>> def majors_in(year):
    ...     alive = (majors["start_year"] <= year) & (majors["end_year"] >= year)
    ...     return sorted(majors.loc[alive, "stateabb"])
    >>> majors_in(1950)
    ['CHN', 'FRN', 'RUS', 'UKG', 'USA']
    """
    return _with_attrs(_majors())
