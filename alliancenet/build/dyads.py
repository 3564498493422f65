"""The dyad-year table behind the graphs (:func:`dyad_years`)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .._obligations import BIT, OBLIGATIONS
from ..schema import KEY, StateSystem
from ._core import dyad_alliance_years, parse_flag, prepare


def dyad_years(
    members: pd.DataFrame,
    years: int | Iterable[int] | None = None,
    *,
    directed: bool = False,
    states: pd.DataFrame | StateSystem | None = None,
    carry_forward: bool = False,
    alliances: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Tidy dyad-year table of alliance obligations.

    Parameters
    ----------
    members : pandas.DataFrame
        Membership table in the canonical schema.
    years : int or sequence of int, optional
        Years to include (default: as in :func:`alliance_graphs`).
    directed : bool, default False
        Undirected: one row per pair with ``ccode1 < ccode2``; a flag is ``True``
        when *either* state undertook that type in an alliance both belong to.
        Directed: flags are the obligations ``ccode1`` undertook toward
        ``ccode2``; both orders appear when both undertook something.
    states : pandas.DataFrame, optional
        Keep only system members of each year (see :func:`alliance_graph`).
    carry_forward : bool, default False
        As in :func:`alliance_graph`.
    alliances : str or sequence of str, optional
        Keep only these alliances (ids or names known to :func:`find_alliances`),
        as in :func:`alliance_graph`.

    Returns
    -------
    pandas.DataFrame
        Columns ``ccode1, ccode2, year`` (int64) and one ``bool`` column per
        obligation type (``defense, offense, neutrality, nonaggression,
        consultation, entente``), OR-ed over all alliances the dyad shares that
        year; only rows with at least one ``True`` flag; sorted by ``year,
        ccode1, ccode2``. ``<NA>`` obligations count as not undertaken.

    Raises
    ------
    ParameterError, CoverageError, SchemaError
        As in :func:`alliance_graph`.

    Notes
    -----
    A dyad-year exists when both states are members of the same alliance in
    that year (inclusive spell years, see :mod:`alliancenet.build`) and the
    flag condition above holds. The directed table agrees with
    ``alliance_graph(..., directed=True, obligations="any")`` year by year: each
    row is an arc and its ``True`` flags are the arc's ``types``.

    **Comparison with published dyad-year files** (genuine data in
    ``shared/data``; every number below is asserted in ``tests/test_build.py``):

    *ATOP 5.1, directed, all years* — against the official directed dyad-year
    file ``atop5_1ddyr`` (its peacesciencer column subset): 273,271 rows here,
    273,296 there, 273,237 in both.

    - 59 rows only there: every obligation 0 (ATOP lists ccode1 as an ally
      of ccode2 without any of the five obligations; this table keeps only
      rows with an obligation).
    - 34 rows only here: 20 involve state code 8152 (ATOP:1320, 1874–1883),
      which is not a COW state and is absent from the official file; 14 are
      pairs that belonged to the same alliance in the same calendar year but
      never on the same day (German and Yemeni unification 1990, Yugoslav
      successor states 1992); spells here are whole years.
    - 377 rows in both differ in a flag, always ``True`` here and 0 there
      (never the reverse): 348 are dyads sharing an alliance that ATOP codes
      asymmetric or with obligations varying among members (``asymm`` /
      ``obvary``), where the dyadic file says toward whom an obligation is
      owed and the member file (read here) only that the member undertook it;
      16 are ATOP:1362 (Central America, 1888), whose neutrality obligation
      ends with phase 1 on 24 Nov 1888 — the official file codes the year by
      the later phase, this table ORs the phases in force during the year; 13
      are the day-boundary case above.

    *COW 4.1, all years* — the undirected table built from the member file
    equals an expansion of COW's own dyad file (``by_dyad``) row for row and
    flag for flag (60,372 dyad-years). Against peacesciencer's
    ``cow_alliance`` (built from the official dyad-yearly file, written in
    both orders with equal flags; 60,392 undirected dyad-years):

    - 211 rows only there and 191 only here, all in alliances where a state
      has several membership spells: the official yearly files lay a state's
      spells end to end from its first start year, shifting later spells
      into the gaps. German Confederation (COW:3): 41 rows in 1849 only
      there, 25 in 1866 only here; Egypt, suspended from the Arab League
      (COW:199, COW:230) 1979–1989: 157 rows in 1980–1988 only there, 166
      only here (2004–2012, and 1989–1990 with the two Yemens); 13 more only
      there (Czechoslovakia–USSR 1940–44, Yugoslavia with Greece and Turkey
      1965–67, Syria–UAE 1959–60).
    - 1,735 rows in both differ in a flag: 1,517 are the Rio Pact (COW:210),
      coded non-aggression 1 in the member and dyad files but 0 in the
      dyad-yearly file; 86 lie in the multi-spell alliances above; 132 are
      obligations coded 1 in the member and dyad files and 0 in the
      dyad-yearly file in 15 other alliances.
    - Directed: this table has 137 fewer rows than twice the undirected one
      (memberships where ccode1 undertook nothing toward ccode2), so
      2 × 211 + 137 rows are only there and 2 × 191 only here.
    - The two ``year == 0`` rows of the official file (2–666, 651–666), which
      peacesciencer repaired, agree here (2–666 in 1981–1991, 651–666 in
      1979–2012, same flags), and NATO's 2004/2009 entrants are absent from
      both (COW 4.1 itself lacks them). Neither table filters by system
      membership; ``states=`` (COW system 2016) removes 562 more undirected
      rows.

    Examples
    --------
    >>> import pandas as pd
    >>> import alliancenet as anet
    >>> from alliancenet.schema import validate_memberships
    >>> members = validate_memberships(pd.DataFrame({
    ...     "alliance_id": ["EX:A", "EX:A"], "ccode": [2, 20],
    ...     "start_year": [1949, 1949], "end_year": [1950, 1950],
    ...     "defense": [1, 0], "consultation": [0, 1]}))
    >>> anet.dyad_years(members, directed=True)[["ccode1", "ccode2", "year", "defense"]]
       ccode1  ccode2  year  defense
    0       2      20  1949     True
    1      20       2  1949    False
    2       2      20  1950     True
    3      20       2  1950    False
    """
    directed = parse_flag(directed, "directed")
    carry_forward = parse_flag(carry_forward, "carry_forward")
    m, system, years, sys_years, my = prepare(
        members,
        years,
        states,
        carry_forward,
        "dyad_years",
        default_all=True,
        stacklevel=3,
        alliances=alliances,
    )
    year, c1, c2, _aid, flags = dyad_alliance_years(my, directed)
    keep = flags != 0
    key = (year[keep] * KEY + c1[keep]) * KEY + c2[keep]
    flags = flags[keep]
    order = np.argsort(key, kind="stable")
    key, flags = key[order], flags[order]
    if key.size:
        new = np.ones(key.size, dtype=bool)
        new[1:] = key[1:] != key[:-1]
        start = np.flatnonzero(new)
        key, flags = key[start], np.bitwise_or.reduceat(flags, start)
    out = pd.DataFrame(
        {
            "ccode1": (key // KEY) % KEY,
            "ccode2": key % KEY,
            "year": key // (KEY * KEY),
        }
    )
    for name in OBLIGATIONS:
        out[name] = (flags & BIT[name]) != 0
    out.attrs["source"] = m.source
    out.attrs["directed"] = bool(directed)
    return out
