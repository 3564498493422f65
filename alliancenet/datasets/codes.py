"""Correlates of War and Gleditsch–Ward state codes: :func:`cow_to_gw`, :func:`gw_to_cow`.

The two state lists use the same numbers for most states, but not all, and a few
numbers name *different* states in the two systems. The rules implemented here are
the documented differences, each with its source:

======================  ===========  ===========  =======================================
state                   COW          GW           source
======================  ===========  ===========  =======================================
Germany, unified        255 (1990-)  260          [B] "Germany after 1991 unification: COW
                                                  uses 255, G&W continues 260"; [M]
                                                  (``gwcode == 260 & year >= 1991 ~ 255``)
Yemen, unified          679 (1990-)  678          [B] "COW has 678 for Yemen from 1926 to
                                                  1990, then 679 after unification; G&W
                                                  uses 678 throughout"; [M]
Serbia (1878–1915,      345          340          [M] "GW have Serbia as 340 before and
2006-)                                            after Yugoslavia. Yugoslavia [...] is 345"
Kiribati                946          970          [B]
Nauru                   970          971          [B]
Tonga                   955          972          [B]
Tuvalu                  947          973          [B]
======================  ===========  ===========  =======================================

GW-only states (no COW code, converted to ``<NA>``): 89 United Provinces of Central
America, 99 Gran Colombia, 563 Transvaal, 564 Orange Free State, 711 Tibet, 815
Vietnam (Annam) [M]. Every other code is the same in both systems.

Codes whose meaning differs — 970 (Nauru in COW, Kiribati in GW), 255 and 260 after
1989, 678 and 679 after 1989, 340/345 outside 1916–2005 — are converted with a
:class:`~alliancenet.errors.DataWarning` naming them, never silently; so are the
transition years in which two codes of one system become one code of the other
(1990: COW 255 and 260 both become GW 260; COW 678 and 679 both become GW 678).

[B] Beger, A. *states* R package, vignette "Country code differences to look out for"
(``vignettes/differences-gw-cow.Rmd``). [M] Miller, S. V. (2022). peacesciencer,
``data-raw/gw_cow_years.R``. Gleditsch, K. S., & Ward, M. D. (1999), see
:func:`cow_to_gw`.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..errors import DataWarning, ParameterError

__all__ = ["cow_to_gw", "gw_to_cow"]

#: what the converters return: a code (or None) for a scalar, else nullable Int64 values
Codes = int | None | pd.Series | pd.api.extensions.ExtensionArray

#: GW codes with no COW counterpart
GW_ONLY = {89: "United Provinces of Central America", 99: "Gran Colombia", 563: "Transvaal",
           564: "Orange Free State", 711: "Tibet", 815: "Vietnam (Annam)"}  # fmt: skip
#: microstates numbered differently: COW -> GW  [B]
_MICRO_COW_GW = {946: 970, 970: 971, 955: 972, 947: 973}
_MICRO_GW_COW = {v: k for k, v in _MICRO_COW_GW.items()}

_REF = """Gleditsch, K. S., & Ward, M. D. (1999). A revised list of independent states
since the Congress of Vienna. *International Interactions*, 25(4), 393–413.
https://doi.org/10.1080/03050629908434958

Miller, S. V. (2022). peacesciencer: An R package for quantitative peace science
research. *Conflict Management and Peace Science*, 39(6), 755–779.
https://doi.org/10.1177/07388942221077926"""


def _arrays(codes, year, what: str) -> tuple[np.ndarray, np.ndarray]:
    c = np.atleast_1d(np.asarray(codes))
    y = np.broadcast_to(np.atleast_1d(np.asarray(year)), c.shape)
    for arr, name in ((c, "codes"), (y, "year")):
        if arr.dtype.kind not in "iu" and not (
            arr.dtype.kind == "f" and np.all(np.isfinite(arr)) and np.all(arr % 1 == 0)
        ):
            raise ParameterError(f"{what}: {name} must be whole numbers; got {arr[:5].tolist()}.")
    return c.astype(np.int64), np.asarray(y, dtype=np.int64)


def _warn(what: str, parts: list[str]) -> None:
    if parts:
        warnings.warn(
            f"{what}: codes that mean different states in COW and GW were converted: "
            + "; ".join(parts)
            + ". See the table in alliancenet.datasets.codes (Beger's states vignette, "
            "peacesciencer gw_cow_years.R) and check these rows.",
            DataWarning,
            stacklevel=3,
        )


def _span(years: np.ndarray) -> str:
    lo, hi = int(years.min()), int(years.max())
    return f"{lo}" if lo == hi else f"{lo}–{hi}"


def _result(out: np.ndarray, codes, name: str):
    arr = pd.array(out, dtype="Int64")
    if isinstance(codes, pd.Series):
        return pd.Series(arr, index=codes.index, name=name)
    if np.ndim(codes) == 0:
        return None if pd.isna(arr[0]) else int(arr[0])
    return arr


def cow_to_gw(ccode: int | np.ndarray | pd.Series, year: int | np.ndarray | pd.Series) -> Codes:
    """Gleditsch–Ward code of each COW state code in a year.

    Parameters
    ----------
    ccode : int, array-like or pandas.Series
        COW state codes.
    year : int, array-like or pandas.Series
        The year of each code (one year for all, or one per code).

    Returns
    -------
    int, pandas.arrays.IntegerArray or pandas.Series
        GW codes (nullable ``Int64``; a Series keeps the index, named ``gwcode``); a
        scalar for a scalar code.

    Raises
    ------
    ParameterError
        Codes or years that are not whole numbers.

    Warns
    -----
    DataWarning
        A code that means different states in the two systems was converted (named
        with its years), or two COW codes became one GW code in a transition year.

    Notes
    -----
    Rules and sources: see :mod:`alliancenet.datasets.codes`. COW 255 from 1990
    (unified Germany) → GW 260; COW 679 → 678; COW 345 before 1916 or from 2006
    (Serbia) → 340; microstates 946 → 970, 970 → 971, 955 → 972, 947 → 973.

    References
    ----------
    {_REF}

    Examples
    --------
    >>> import alliancenet as anet
    >>> anet.cow_to_gw(2, 2000), anet.cow_to_gw(365, 1950)
    (2, 365)
    >>> import warnings; warnings.simplefilter("ignore")
    >>> anet.cow_to_gw(255, 1995), anet.cow_to_gw(679, 1995), anet.cow_to_gw(345, 2010)
    (260, 678, 340)
    """
    c, y = _arrays(ccode, year, "cow_to_gw")
    out = c.copy()
    parts: list[str] = []
    rules = (
        ((c == 255) & (y >= 1990), 260, "COW 255 (unified Germany) → GW 260"),
        (c == 679, 678, "COW 679 (Yemen) → GW 678"),
        ((c == 345) & ((y <= 1915) | (y >= 2006)), 340, "COW 345 (Serbia) → GW 340"),
    )
    for mask, new, text in rules:
        if mask.any():
            out[mask] = new
            parts.append(f"{text} in {_span(y[mask])}")
    for old, new in _MICRO_COW_GW.items():
        mask = c == old
        if mask.any():
            out[mask] = new
            if old == 970:
                parts.append("COW 970 (Nauru) → GW 971; GW 970 is Kiribati")
    for code, yr in ((260, 1990), (678, 1990)):
        both = (out == code) & (y == yr)
        if both.any() and np.unique(c[both]).size > 1:
            parts.append(f"in {yr} two COW codes {sorted(set(c[both].tolist()))} became GW {code}")
    _warn("cow_to_gw", parts)
    return _result(out, ccode, "gwcode")


cow_to_gw.__doc__ = (cow_to_gw.__doc__ or "").replace("{_REF}", _REF.replace("\n", "\n    "))


def gw_to_cow(gwcode: int | np.ndarray | pd.Series, year: int | np.ndarray | pd.Series) -> Codes:
    """COW state code of each Gleditsch–Ward code in a year.

    Parameters
    ----------
    gwcode : int, array-like or pandas.Series
        GW state codes.
    year : int, array-like or pandas.Series
        The year of each code (one year for all, or one per code).

    Returns
    -------
    int, None, pandas.arrays.IntegerArray or pandas.Series
        COW codes (nullable ``Int64``; ``<NA>``, or None for a scalar, for the
        GW-only states 89, 99, 563, 564, 711, 815); a Series keeps the index, named
        ``ccode``.

    Raises
    ------
    ParameterError
        Codes or years that are not whole numbers.

    Warns
    -----
    DataWarning
        A code that means different states in the two systems was converted, a
        GW-only state has no COW code, or a transition year is ambiguous.

    Notes
    -----
    The inverse of :func:`cow_to_gw` outside the transition year 1990: GW 260 from
    1991 → COW 255 (1990 stays 260, as in peacesciencer); GW 678 from 1991 → 679;
    GW 340 → 345; microstates 970 → 946, 971 → 970, 972 → 955, 973 → 947.

    References
    ----------
    {_REF}

    Examples
    --------
    >>> import warnings; warnings.simplefilter("ignore")
    >>> import alliancenet as anet
    >>> anet.gw_to_cow(260, 1995), anet.gw_to_cow(678, 1980), anet.gw_to_cow(340, 1900)
    (255, 678, 345)
    >>> anet.gw_to_cow(711, 1920) is None
    True
    """
    g, y = _arrays(gwcode, year, "gw_to_cow")
    out = g.astype(float)
    parts: list[str] = []
    rules = (
        ((g == 260) & (y >= 1991), 255, "GW 260 (unified Germany) → COW 255"),
        ((g == 678) & (y >= 1991), 679, "GW 678 (unified Yemen) → COW 679"),
        (g == 340, 345, "GW 340 (Serbia) → COW 345"),
    )
    for mask, new, text in rules:
        if mask.any():
            out[mask] = new
            parts.append(f"{text} in {_span(y[mask])}")
    for old, new in _MICRO_GW_COW.items():
        mask = g == old
        if mask.any():
            out[mask] = new
            if old == 970:
                parts.append("GW 970 (Kiribati) → COW 946; COW 970 is Nauru")
    amb = np.isin(g, [260, 678]) & (y == 1990)
    if amb.any():
        parts.append(f"GW {sorted(set(g[amb].tolist()))} in 1990 (the year of unification) kept")
    only = np.isin(g, list(GW_ONLY))
    if only.any():
        out[only] = np.nan
        parts.append(f"GW-only states {sorted(set(g[only].tolist()))} have no COW code (<NA>)")
    _warn("gw_to_cow", parts)
    res = pd.array(np.where(np.isnan(out), 0, out).astype(np.int64), dtype="Int64")
    res[np.isnan(out)] = pd.NA
    if isinstance(gwcode, pd.Series):
        return pd.Series(res, index=gwcode.index, name="ccode")
    if np.ndim(gwcode) == 0:
        return None if pd.isna(res[0]) else int(res[0])
    return res


gw_to_cow.__doc__ = (gw_to_cow.__doc__ or "").replace("{_REF}", _REF.replace("\n", "\n    "))
