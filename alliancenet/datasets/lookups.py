"""Year lookups in the state-system tables: major powers and capabilities.

The one owner of these lookups: :mod:`alliancenet.robustness` and the command line
use them too.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import CoverageError, ParameterError, SchemaError
from ..schema import check_past_coverage

__all__ = ["major_powers", "capabilities"]


def _check_year(year: object, what: str) -> int:
    if isinstance(year, bool) or not isinstance(year, int | np.integer):
        raise ParameterError(f"{what}: year must be an integer; got {year!r:.60}.")
    return int(year)


def _check_columns(table: object, needed: tuple[str, ...], what: str, reader: str) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        raise SchemaError(
            f"{what}: expected a table (pandas DataFrame) from anet.{reader}(...); got "
            f"{type(table).__name__}."
        )
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise SchemaError(
            f"{what}: the table lacks column(s) {missing}; pass the table from anet.{reader}(...)."
        )
    return table


def major_powers(majors: pd.DataFrame, year: int) -> list[int]:
    """COW codes of the major powers in a year, sorted.

    Parameters
    ----------
    majors : pandas.DataFrame
        Spells with ``ccode``, ``start_year``, ``end_year`` (inclusive; ``<NA>`` = still
        a major power), as returned by :func:`~alliancenet.read_majors` or
        ``anet.load_example_majors()``.
    year : int
        The year.

    Returns
    -------
    list of int
        States with ``start_year <= year <= end_year`` in any of their spells.

    Raises
    ------
    CoverageError
        `year` lies outside ``majors.attrs["coverage"]`` (when set).
    ParameterError
        `year` is not an integer.
    SchemaError
        `majors` is not a table or lacks a required column.

    Examples
    --------
    >>> import pandas as pd
    >>> import alliancenet as anet
    >>> majors = pd.DataFrame({"ccode": [2, 365, 365], "start_year": [1898, 1816, 1922],
    ...                        "end_year": [2016, 1917, 2016]})
    >>> anet.major_powers(majors, 1920)
    [2]
    """
    majors = _check_columns(
        majors, ("ccode", "start_year", "end_year"), "major_powers", "read_majors"
    )
    year = _check_year(year, "major_powers")
    if "coverage" in majors.attrs:
        first, last = majors.attrs["coverage"]
        if not first <= year <= last:
            raise CoverageError(
                f"major_powers: {year} lies outside the major-power list's coverage "
                f"{first}-{last}; pick a year inside it."
            )
    end = majors["end_year"].astype("Int64").fillna(year)
    active = (majors["start_year"] <= year) & (end >= year)
    return sorted({int(c) for c in majors.loc[active.astype(bool), "ccode"]})


def capabilities(nmc: pd.DataFrame, year: int, *, carry_forward: bool = False) -> pd.Series:
    """CINC scores of every state in a year.

    Parameters
    ----------
    nmc : pandas.DataFrame
        State-years with ``ccode``, ``year`` and ``cinc`` (from
        :func:`~alliancenet.read_nmc`).
    year : int
        The year.
    carry_forward : bool, default False
        A year after the table's last year is a :class:`CoverageError`; with
        ``True`` the last year's scores are used and a
        :class:`~alliancenet.errors.DataWarning` names the years (the same rule as
        for memberships and states tables).

    Returns
    -------
    pandas.Series
        CINC indexed by ``ccode`` (index name ``ccode``, sorted), named ``cinc``.

    Raises
    ------
    CoverageError
        No row for `year` (the message gives the years covered), or `year` lies
        after the table's last year and ``carry_forward=False``.
    ParameterError
        `year` is not an integer, or `carry_forward` not a bool.
    SchemaError
        `nmc` is not a table, a required column is missing, or a state appears twice
        in the year.

    Examples
    --------
    >>> import pandas as pd
    >>> import alliancenet as anet
    >>> nmc = pd.DataFrame({"ccode": [200, 2], "year": [1900, 1900], "cinc": [0.1, 0.2]})
    >>> anet.capabilities(nmc, 1900).to_dict()
    {2: 0.2, 200: 0.1}
    """
    nmc = _check_columns(nmc, ("ccode", "year", "cinc"), "capabilities", "read_nmc")
    year = _check_year(year, "capabilities")
    if not isinstance(carry_forward, bool | np.bool_):
        raise ParameterError(
            f"capabilities: carry_forward must be True or False; got {carry_forward!r}."
        )
    last = int(nmc["year"].max()) if len(nmc) else year
    if "coverage" in nmc.attrs:
        last = int(nmc.attrs["coverage"][1])
    if year > last:
        check_past_coverage(
            [year], last, bool(carry_forward), "capabilities", "the capabilities table"
        )
        year = last
    rows = nmc.loc[nmc["year"] == year, ["ccode", "cinc"]]
    if rows.empty:
        raise CoverageError(
            f"capabilities: no capability data for {year}; the table covers "
            f"{int(nmc['year'].min())}-{int(nmc['year'].max())}."
        )
    if rows["ccode"].duplicated().any():
        dup = sorted(int(c) for c in rows.loc[rows["ccode"].duplicated(), "ccode"])
        raise SchemaError(f"capabilities: states {dup[:10]} appear twice in {year}.")
    out = rows.set_index("ccode")["cinc"].sort_index().astype("float64")
    out.index = out.index.astype("int64")
    out.index.name = "ccode"
    out.name = "cinc"
    return out
