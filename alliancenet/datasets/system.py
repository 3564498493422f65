"""State-system readers: COW state membership, major powers and material capabilities.

The rules every reader follows (files, folders and zips; encodings; damaged rows)
are in :mod:`alliancenet.datasets`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .._docstrings import fill_doc
from .._keys import exact_copies, repeated, repeated_sorted
from ..errors import DataFormatError
from . import _columns as col
from ._files import label_of
from ._io import _decode, hint, read_bytes, read_table, reading, warn
from .codes import gw_to_cow

__all__ = ["read_states", "read_majors", "read_nmc"]

PathLike = str | os.PathLike[str]

#: Plausible years of the COW state-system files (documented coverage 1816-2016).
COW_SYSTEM_YEARS = col.plausible_years(1816)
_COVER = "COW covers 1816 onwards"

#: Columns of system2016.csv / states2016.csv that read_states uses or drops; any
#: other column is kept after the standard ones.
_SYSTEM_COLUMNS = {"stateabb", "ccode", "year", "statenme", "version"}
_STATES_COLUMNS = {
    "stateabb",
    "ccode",
    "statenme",
    "styear",
    "stmonth",
    "stday",
    "endyear",
    "endmonth",
    "endday",
    "version",
}


@fill_doc
def read_states(path: PathLike) -> pd.DataFrame:
    """Read COW state system membership into a states table (one row per state-year).

    Parameters
    ----------
    path : str or path-like
        ``system2016.csv`` (state-years) or ``states2016.csv`` (membership spells, which
        are expanded to years), or a folder holding one of them (``system2016`` is
        preferred).

    Returns
    -------
    pandas.DataFrame
        Columns ``ccode`` (int64), ``year`` (int64), ``stateabb`` (str), ``statenme``
        (str), sorted by ``year`` then ``ccode``, followed by any column the COW file
        does not have (e.g. a ``cinc`` column added to ``system2016.csv``), kept as
        read (repeated over the years of a spell); ``attrs["coverage"]`` = first and
        last year, ``attrs["source"]`` = ``"COW states <version>"``.

    Raises
    ------
    DataFormatError
        The file cannot be read (see :mod:`alliancenet.datasets`), lacks a column,
        holds a non-numeric or out-of-range code (0-999) or year (see Notes), a spell ending
        before it starts, or is another file (the message names the reader that fits).

    Warns
    -----
    DataWarning
        The same state appears twice in a year (rows kept); blank rows (skipped).

    Notes
    -----
    ``system2016.csv`` carries no state names, and names cannot be derived from
    abbreviations in general, so ``statenme`` is missing (NaN) when reading it; read
    ``states2016.csv`` to get names.

    **Gleditsch–Ward files.** The GW independent-states list ``iisystem.dat`` and
    the microstates list ``microstatessystem.dat`` (tab-separated, no header:
    code, abbreviation, name, start and end dates as ``dd:mm:yyyy``) are read the
    same way (a state counts in every year of its spell). The table then has
    ``gwcode`` (int64) beside ``ccode``, the COW code of the same state that year
    (:func:`gw_to_cow`; ``<NA>`` for the GW-only states, which the builders skip
    with a warning), and ``attrs["system"] = "gw"``. From ``states2016.csv`` a state is a member in
    every year from ``styear`` to ``endyear`` inclusive (a state that joins on 10 July
    1973 counts for 1973), which reproduces ``system2016.csv`` year by year (195
    members in 2012).

    Years from 1811 (five years before COW's 1816) to next year are accepted; any
    other year is refused naming its line.

    References
    ----------
    {{ref_states}}

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import alliancenet as anet
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "states2016.csv"
    >>> _ = f.write_text("stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,"
    ...                  "endday,version\\nUSA,2,United States of America,1816,1,1,1818,"
    ...                  "12,31,2016\\nCAN,20,Canada,1818,1,10,1818,12,31,2016\\n")
    >>> anet.read_states(f)
       ccode  year stateabb                  statenme
    0      2  1816      USA  United States of America
    1      2  1817      USA  United States of America
    2      2  1818      USA  United States of America
    3     20  1818      CAN                    Canada
    """
    with reading("read_states", path):
        data, where = read_bytes(path, "read_states")
        if _is_gw(data, where):
            return _gw_table(_decode(data, where, "read_states"), where)
        df, label = _read(
            path,
            "read_states",
            ("system", "states"),
            ("stateabb", "ccode"),
            text=("stateabb", "statenme"),  # "version" (2016) is a number
            data=(data, where),
        )
        if "year" not in df.columns and not {"styear", "endyear", "statenme"} <= set(df.columns):
            raise DataFormatError(
                f"{label_of(label)}: expected either a 'year' column (system2016.csv) or "
                f"'statenme', 'styear' and 'endyear' columns (states2016.csv); the file has "
                f"{list(df.columns)[:15]}. {hint('read_states')}"
            )
        return _states_table(df, label)


#: Columns of the COW state-system files read as text (the others as numbers).
_TEXT_COLUMNS = ("stateabb", "statenme")  # "version" (2016) is a number


def _read(
    path: PathLike,
    reader: str,
    accept: tuple[str, ...],
    required: tuple[str, ...],
    text: tuple[str, ...] = _TEXT_COLUMNS,
    data: tuple[bytes, str] | None = None,
) -> tuple[pd.DataFrame, str]:
    """:func:`._io.read_table` for the state-system readers."""
    return read_table(path, reader=reader, accept=accept, required=required, text=text, data=data)


def _states_table(df: pd.DataFrame, label: str) -> pd.DataFrame:
    ccode = col.codes(df, "ccode", label).to_numpy()
    if "year" in df.columns:
        n = np.ones(len(df), dtype=np.int64)
        year = col.years(df, "year", label, COW_SYSTEM_YEARS, coverage=_COVER).to_numpy()
        known = _SYSTEM_COLUMNS
    else:
        start = col.years(df, "styear", label, COW_SYSTEM_YEARS, coverage=_COVER)
        end = col.years(df, "endyear", label, COW_SYSTEM_YEARS, coverage=_COVER)
        col.check_order(start, end, label, ("styear", "endyear"))
        n = (end - start + 1).to_numpy()
        offsets = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
        year = np.repeat(start.to_numpy(), n) + offsets
        known = _STATES_COLUMNS
    spell = np.repeat(np.arange(len(df)), n)  # the file row of every state-year
    # by year, then ccode, then file order: one sort of distinct int64 keys
    width = int(ccode.max()) + 1 if len(ccode) else 1
    order = np.argsort((year * width + ccode[spell]) * len(spell) + np.arange(len(spell)))
    spell, year = spell[order], year[order]
    ccode = ccode[spell].astype("int64")

    def spread(values: pd.Series) -> object:  # a file column, one value per state-year
        return values.array.take(spell)

    columns: dict[str, object] = {
        "ccode": ccode,
        "year": year.astype("int64"),
        "stateabb": spread(col.text(df, "stateabb")),
        "statenme": (
            spread(col.text(df, "statenme"))
            if "statenme" in df.columns
            else pd.array([None], dtype="str").take(np.zeros(len(spell), dtype=np.int64))
        ),
    }
    for name in df.columns:
        if name not in known:
            columns[name] = spread(col.numeric_or_text(df[name]))
    out = pd.DataFrame(columns, copy=False)
    dup = repeated_sorted(year, ccode)
    if dup.any():
        pairs = out.loc[dup, ["ccode", "year"]].drop_duplicates().head(5).to_records(index=False)
        warn(
            f"{label_of(label)}: {int(dup.sum())} rows repeat a (ccode, year) pair, e.g. "
            f"{[tuple(int(v) for v in p) for p in pairs]}; they are kept."
        )
    version = col.version(df, label)
    out.attrs = {
        "source": f"COW states {version}" if version else "COW states",
        "coverage": (int(out["year"].min()), int(out["year"].max())),
        "file": label,
    }
    return out


@fill_doc
def read_majors(path: PathLike) -> pd.DataFrame:
    """Read the COW major powers list (spells).

    Parameters
    ----------
    path : str or path-like
        ``majors2016.csv`` (or a folder or zip holding it; the newest release when
        there are several, e.g. ``majors2016`` over ``majors2011``).

    Returns
    -------
    pandas.DataFrame
        One row per spell (every row of the file): ``ccode``, ``stateabb``,
        ``start_year``, ``end_year`` (inclusive), ``start_month``, ``start_day``,
        ``end_month``, ``end_day``. ``attrs["coverage"]`` = (first start, last end),
        (1816, 2016) for v2016. France, Russia and Japan have two spells and Germany
        three, so use every row (:func:`major_powers` does).

    Raises
    ------
    DataFormatError
        The file cannot be read (see :mod:`alliancenet.datasets`; a lost comma or a cut
        line is refused naming it), lacks a column, holds a non-numeric or
        out-of-range code (0-999), year (1811 to next year), month or day, an end before the
        start, or is another file.

    Warns
    -----
    DataWarning
        Rows repeating another row exactly (kept).

    References
    ----------
    {{ref_states}}

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import alliancenet as anet
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "majors2016.csv"
    >>> _ = f.write_text("stateabb,ccode,styear,stmonth,stday,endyear,endmonth,endday,version\\n"
    ...                  "GMY,255,1816,1,1,1918,11,11,2016\\nGMY,255,1925,1,1,1945,5,7,2016\\n"
    ...                  "UKG,200,1816,1,1,2016,12,31,2016\\n")
    >>> majors = anet.read_majors(f)
    >>> majors[["ccode", "start_year", "end_year"]]
       ccode  start_year  end_year
    0    255        1816      1918
    1    255        1925      1945
    2    200        1816      2016
    >>> anet.major_powers(majors, 1920), anet.major_powers(majors, 1930)
    ([200], [200, 255])
    """
    with reading("read_majors", path):
        required = ("stateabb", "ccode", "styear", "endyear")
        df, label = _read(path, "read_majors", ("majors",), required)
        start = col.years(df, "styear", label, COW_SYSTEM_YEARS, coverage=_COVER)
        end = col.years(df, "endyear", label, COW_SYSTEM_YEARS, coverage=_COVER)
        col.check_order(start, end, label, ("styear", "endyear"))
        ccode = col.codes(df, "ccode", label)
        columns: dict[str, object] = {
            "ccode": ccode,
            "stateabb": col.text(df, "stateabb"),
            "start_year": start,
            "end_year": end,
        }
        for src, dst, bounds in (
            ("stmonth", "start_month", col.MONTHS),
            ("stday", "start_day", col.DAYS),
            ("endmonth", "end_month", col.MONTHS),
            ("endday", "end_day", col.DAYS),
        ):
            if src in df.columns:
                columns[dst] = col.ints(df, src, label, bounds=bounds, nullable=True)
        copies = exact_copies(df, ccode.to_numpy(), start.to_numpy())
        col.warn_repeats(copies, df.index, label, "another row exactly")
        out = col.table(columns, pd.RangeIndex(len(df)))
        version = col.version(df, label)
        out.attrs = {
            "source": f"COW majors {version}" if version else "COW majors",
            "coverage": (int(out["start_year"].min()), int(out["end_year"].max())),
            "file": label,
        }
        return out


_NMC_COMPONENTS = ("milex", "milper", "irst", "pec", "tpop", "upop", "cinc")


@fill_doc
def read_nmc(path: PathLike) -> pd.DataFrame:
    """Read COW National Material Capabilities (abridged) state-years.

    Parameters
    ----------
    path : str or path-like
        ``NMC-60-abridged.csv``, a folder holding it, or the official zip
        ``NMC_Documentation-6.0.zip`` (its nested ``NMC-60-abridged.zip`` is searched).

    Returns
    -------
    pandas.DataFrame
        Every row of the file with columns ``stateabb, ccode, year, milex, milper, irst,
        pec, tpop, upop, cinc``; the missing-value code ``-9`` becomes NaN in the
        component columns (float64). ``attrs``: ``coverage`` (first, last year),
        ``source`` (``"COW NMC 6.0"`` when the version can be read from the file name,
        else ``"COW NMC"``), ``version`` (the file's ``version`` column, 2021 for
        6.0) and ``missing_codes`` (number of ``-9`` cells per column).

    Raises
    ------
    DataFormatError
        The file cannot be read (see :mod:`alliancenet.datasets`), lacks a column,
        holds a non-numeric value, a negative component other than ``-9``, a
        non-finite value (``inf``), a ``cinc`` outside 0–1, a code outside 0-999 or a
        year outside 1811 to next year (line named), or is another file.

    Warns
    -----
    DataWarning
        A (ccode, year) pair appears twice (rows kept).

    Notes
    -----
    CINC (the composite index of national capability) is the mean of a state's
    shares of the system totals of the six components in that year,
    :math:`\\mathrm{CINC}_{it} = \\frac{1}{6}\\sum_{k} x_{kit} / \\sum_j x_{kjt}`;
    it is read as published, not recomputed, and must lie in [0, 1].

    References
    ----------
    {{ref_nmc}}

    Greig, J. M., & Enterline, A. J. (2021). *National Material Capabilities (NMC)
    Data Documentation, Version 6.0*. Correlates of War Project.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import alliancenet as anet
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "NMC-60-abridged.csv"
    >>> _ = f.write_text("stateabb,ccode,year,milex,milper,irst,pec,tpop,upop,cinc,version\\r\\n"
    ...                  "USA,2,1816,3823,17,80,254,8659,101,0.6,2021\\r\\n"
    ...                  "UKG,200,1816,-9,255,325,7568,19520,1858,0.4,2021\\r\\n")
    >>> nmc = anet.read_nmc(f)
    >>> nmc["milex"].tolist(), nmc.attrs["source"]
    ([3823.0, nan], 'COW NMC 6.0')
    >>> anet.capabilities(nmc, 1816)
    ccode
    2      0.6
    200    0.4
    Name: cinc, dtype: float64
    """
    with reading("read_nmc", path):
        required = ("stateabb", "ccode", "year", *_NMC_COMPONENTS)
        df, label = _read(path, "read_nmc", ("nmc",), required)
        ccode = col.codes(df, "ccode", label)
        year = col.years(df, "year", label, COW_SYSTEM_YEARS, coverage=_COVER)
        columns: dict[str, object] = {
            "stateabb": col.text(df, "stateabb"),
            "ccode": ccode,
            "year": year,
        }
        key = repeated(ccode.to_numpy(), year.to_numpy())
        col.warn_repeats(key, df.index, label, "a (ccode, year) pair")
        missing = {}
        for name in _NMC_COMPONENTS:
            bounds = (0.0, 1.0) if name == "cinc" else (0.0, np.inf)
            raw = col.floats(df, name, label, bounds=bounds, missing_code=-9)
            missing[name] = int(np.isnan(raw.to_numpy()).sum() - df[name].isna().sum())
            columns[name] = raw
        out = col.table(columns, pd.RangeIndex(len(df)))
        file = Path(label.split("!")[-1]).name
        found = re.search(r"nmc[-_ ]?v?(\d)\.?(\d)", file, re.IGNORECASE)
        out.attrs = {
            "source": f"COW NMC {found.group(1)}.{found.group(2)}" if found else "COW NMC",
            "version": col.version(df, label),
            "coverage": (int(out["year"].min()), int(out["year"].max())),
            "missing_codes": missing,
            "file": label,
        }
        return out


#: base names of the Gleditsch-Ward files
_GW_NAMES = re.compile(r"(ii|microstates)system\.dat", re.IGNORECASE)
_GW_LINE = re.compile(rb"^\s*\d+\t[^\t]*\t[^\t]*\t\d{1,2}:\d{1,2}:\d{4}\t\d{1,2}:\d{1,2}:\d{4}")


def _is_gw(data: bytes, label: str) -> bool:
    base = label.replace("\\", "/").rsplit("/", 1)[-1].rsplit("!", 1)[-1]
    return bool(_GW_NAMES.fullmatch(base)) or bool(_GW_LINE.match(data[:400]))


def _gw_table(text: str, label: str) -> pd.DataFrame:
    """Expand a Gleditsch-Ward list (code, abb, name, dd:mm:yyyy, dd:mm:yyyy) to state-years."""
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        fields = [f.strip() for f in line.split("\t")]
        match = len(fields) >= 5 and re.fullmatch(r"\d+", fields[0])
        dates = [re.fullmatch(r"(\d{1,2}):(\d{1,2}):(\d{4})", f) for f in fields[3:5]]
        if not match or not all(dates):
            raise DataFormatError(
                f"{label_of(label)}, line {number}: expected a Gleditsch-Ward row (code, "
                f"abbreviation, name, start and end as dd:mm:yyyy, tab-separated); got "
                f"{line[:80]!r}. {hint('read_states')}"
            )
        start, end = (int(d.group(3)) for d in dates)  # type: ignore[union-attr]
        if end < start or not 1800 <= start <= 2100:
            raise DataFormatError(
                f"{label_of(label)}, line {number}: years {start}-{end} are implausible."
            )
        rows.append((int(fields[0]), fields[1], fields[2], start, end))
    if not rows:
        raise DataFormatError(f"{label_of(label)}: the Gleditsch-Ward file holds no rows.")
    spells = pd.DataFrame(rows, columns=["gwcode", "stateabb", "statenme", "start", "end"])
    n = (spells["end"] - spells["start"] + 1).to_numpy()
    offsets = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    out = pd.DataFrame(
        {
            "gwcode": np.repeat(spells["gwcode"].to_numpy(np.int64), n),
            "year": np.repeat(spells["start"].to_numpy(np.int64), n) + offsets,
            "stateabb": np.repeat(spells["stateabb"].to_numpy(object), n),
            "statenme": np.repeat(spells["statenme"].to_numpy(object), n),
        }
    )
    out = out.drop_duplicates(["gwcode", "year"]).sort_values(["year", "gwcode"], kind="stable")
    out = out.reset_index(drop=True)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the table documents the conversion itself
        ccode = gw_to_cow(out["gwcode"], out["year"])
    out.insert(0, "ccode", pd.array(ccode, dtype="Int64"))  # type: ignore[call-overload]
    micro = "microstates" in label.lower()
    out.attrs = {
        "source": "GW microstates" if micro else "GW states",
        "coverage": (int(out["year"].min()), int(out["year"].max())),
        "file": label,
        "system": "gw",
    }
    return out
