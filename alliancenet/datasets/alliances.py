"""Treaty readers: ATOP, COW Formal Alliances and your own table, as canonical memberships.

Each returns the canonical membership table of :mod:`alliancenet.schema`; the rules
every reader follows (files, folders and zips; encodings; damaged rows) are in
:mod:`alliancenet.datasets`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from .._docstrings import fill_doc
from ..errors import DataFormatError
from ..schema import (
    CANONICAL_COLUMNS,
    OBLIGATIONS,
    checked_memberships,
    duplicate_rows,
    validate_memberships,
)
from . import _columns as col
from ._files import label_of
from ._io import hint, lines, read_table, reading, warn

__all__ = ["read_atop", "read_cow", "read_memberships"]

PathLike = str | os.PathLike[str]

#: Plausible membership years (documented coverage: ATOP 1815-2018, COW 1816-2012).
ATOP_YEARS = col.plausible_years(1815)
COW_YEARS = col.plausible_years(1816)
#: COW's own alliance dates go back to 1386 (the Anglo-Portuguese alliance).
COW_ALLIANCE_YEARS = (1000, col.LAST_YEAR)

_ATOP_FLAGS = {
    "defense": "defense",
    "offense": "offense",
    "neutral": "neutrality",
    "nonagg": "nonaggression",
    "consul": "consultation",
}
_ATOP_EXTRA = (
    "atopid", "cowid", "cow4id", "phase", "maxphase", "bilat", "asymm", "ineffect",
    "wartime", "active", "conditio", "cowsys",
)  # fmt: skip
_ATOP_DATES = (
    ("moent", "start_month", col.MONTHS, False),
    ("dayent", "start_day", col.DAYS, False),
    ("moexit", "end_month", col.MONTHS, True),
    ("dayexit", "end_day", col.DAYS, True),
)

#: The ATOP member-file columns read_atop uses unless ``all_columns=True``.
_ATOP_COLUMNS = (
    "member", "yrent", "yrexit", "version", *_ATOP_FLAGS, *_ATOP_EXTRA,
    *(src for src, *_ in _ATOP_DATES),
)  # fmt: skip


def _finish(out: pd.DataFrame, label: str, source: str, coverage: tuple[int, int]) -> pd.DataFrame:
    """Validate against the canonical schema, warning about duplicate rows by file line."""
    lines_of = out.index
    out = out.reset_index(drop=True)
    out.attrs = {"source": source, "coverage": (int(coverage[0]), int(coverage[1])), "file": label}
    out = checked_memberships(out, what=label, source=source)
    dup = duplicate_rows(out)
    if dup.any():
        warn(
            f"{label_of(label)}: {int(dup.sum())} rows are exact duplicates "
            f"({lines(pd.Series(dup, index=lines_of))}); they are kept. Remove them yourself "
            "if they are errors."
        )
    return out


@fill_doc
def read_atop(path: PathLike, *, all_columns: bool = False) -> pd.DataFrame:
    """Read ATOP's member-level file into the canonical membership table.

    Parameters
    ----------
    path : str or path-like
        ``atop5_1m.csv`` from the Alliance Treaty Obligations and Provisions release,
        the folder that holds it, or the official zip archive (``atop_5.1__.csv_.zip``);
        in a folder or zip the member-level file is found by its name (the newest
        release when there are several, e.g. ``atop5_1m`` over ``atop5_0m``).
    all_columns : bool, default False
        Keep every ATOP column (about 100 treaty provisions) after the canonical ones.
        By default only the useful extras listed under Returns are kept.

    Returns
    -------
    pandas.DataFrame
        One row per row of the file (no row is dropped), canonical columns
        (:mod:`alliancenet.schema`) then ``start_month``, ``start_day``, ``end_month``,
        ``end_day`` (nullable; exit date NA while in force) and ATOP's ``atopid``,
        ``cowid``, ``cow4id`` (the COW v4.1 ``version4id``), ``phase``, ``maxphase``,
        ``bilat``, ``asymm``, ``ineffect``, ``wartime``, ``active``, ``conditio``,
        ``cowsys``. ``alliance_id`` is ``"ATOP:<atopid>"``; ``source`` is ``"ATOP "``
        plus the file's ``version`` column (``"ATOP 5.1"``). ``attrs["coverage"]`` is
        the first entry year and the last entry or exit year in the file, which for
        ATOP 5.1 is (1815, 2018) as the codebook states.

    Raises
    ------
    DataFormatError
        The file cannot be read (see :mod:`alliancenet.datasets`: missing, empty,
        another format, damaged rows), lacks a required column, holds a value that is
        not a whole number, a state code outside 0-99999 (ATOP codes a few non-system
        members with four digits), a year outside the plausible range (see Notes), a
        flag other than 0/1 or an exit year before the entry year (the message names
        the line), or is another ATOP/COW file (the message names
        the reader that fits: the alliance-level ``atop5_1a`` and state-year
        ``atop5_1sy`` files are refused because they do not list members' own
        obligations and spells).

    Warns
    -----
    DataWarning
        Exact duplicate rows (kept); blank rows (skipped); several releases in a
        folder or zip (the newest is read); stray non-UTF-8 bytes.

    Notes
    -----
    How ATOP is mapped onto the canonical table:

    * ``member`` → ``ccode``; ``yrent`` → ``start_year``; ``yrexit`` → ``end_year``,
      where ``yrexit == 0`` (with ``moexit == dayexit == 0``) means the membership is
      still in force at the end of the coverage and becomes ``<NA>``.
    * The member's own obligations ``defense``, ``offense``, ``neutral``, ``nonagg``,
      ``consul`` → ``defense``, ``offense``, ``neutrality``, ``nonaggression``,
      ``consultation``. ATOP does not code ententes, so ``entente`` is ``<NA>``.
    * Alliances whose obligations changed over time are coded in phases: a member has
      one row per phase (NATO: phase 1 1949–1951, phase 2 from 1951). Rows are kept and
      ``phase`` tells them apart, so count unique ``ccode`` per year, not rows.
    * Unknown entry/exit days are blank in the file and ``<NA>`` here.

    ATOP covers 1815 onwards (5.1: 1815–2018). Years from 1810 (five years of
    tolerance) to next year are accepted, so later releases read unchanged; any
    other year (``19999``, ``18`` from a cut line) is refused naming its line.
    Months must lie in 0–12 and days in 0–31.

    References
    ----------
    {{ref_atop}}

    {{ref_atop_codebook}}

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import alliancenet as anet
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "atop5_1m.csv").write_text(
    ...     "atopid,member,yrent,moent,dayent,yrexit,moexit,dayexit,phase,"
    ...     "defense,offense,neutral,nonagg,consul,version\\r\\n"
    ...     "3180,2,1949,4,4,1951,6,19,1,1,0,0,1,1,5.1\\r\\n"
    ...     "3180,2,1951,6,19,0,0,0,2,1,0,0,1,1,5.1\\r\\n")
    >>> m = anet.read_atop(folder)
    >>> m[["alliance_id", "ccode", "start_year", "end_year", "phase", "entente"]]
      alliance_id  ccode  start_year  end_year  phase  entente
    0   ATOP:3180      2        1949      1951      1     <NA>
    1   ATOP:3180      2        1951      <NA>      2     <NA>
    >>> m.attrs["source"], m.attrs["coverage"]
    ('ATOP 5.1', (1949, 1951))
    """
    with reading("read_atop", path):
        required = ("atopid", "member", "yrent", "yrexit", *_ATOP_FLAGS)
        only = None if all_columns else _ATOP_COLUMNS
        df, label = read_table(
            path,
            reader="read_atop",
            accept=("atop_member",),
            required=required,
            text=(),  # "version" (5.1) is a number; col.version writes it back
            only=only,
        )
        return _atop_table(df, label, all_columns)


def _atop_table(df: pd.DataFrame, label: str, all_columns: bool) -> pd.DataFrame:
    cover = "ATOP covers 1815 onwards"
    alliance_id = col.labels("ATOP:", col.ints(df, "atopid", label))
    ccode = col.codes(df, "member", label, col.CODE_RANGE)
    start = col.years(df, "yrent", label, ATOP_YEARS, coverage=cover)
    end = col.years(df, "yrexit", label, ATOP_YEARS, nullable=True, zero_is_na=True, coverage=cover)
    col.check_order(start, end, label, ("yrent", "yrexit"))
    version = col.version(df, label)
    source = f"ATOP {version}" if version else "ATOP"
    flags = {dst: col.flags(df, src, label) for src, dst in _ATOP_FLAGS.items()}
    columns: dict[str, object] = {
        "alliance_id": alliance_id,
        "ccode": ccode,
        "start_year": start,
        "end_year": end,
        # ATOP codes no ententes
        **{name: flags[name] if name in flags else col.not_coded(len(df)) for name in OBLIGATIONS},
        "source": source,
    }
    for src, dst, bounds, zero in _ATOP_DATES:
        if src in df.columns:
            values = col.ints(df, src, label, bounds=bounds, nullable=True, zero_is_na=zero)
            columns[dst] = col.masked(values, end.isna().to_numpy()) if zero else values
    for name in _ATOP_EXTRA:
        if name in df.columns:
            columns[name] = col.ints(df, name, label, nullable=True)
    if all_columns:
        used = {"member", "yrent", "yrexit", "moent", "dayent", "moexit", "dayexit", "version"}
        for name in df.columns:
            if name not in columns and name not in used and name not in _ATOP_FLAGS:
                columns[name] = col.numeric_or_text(df[name])
    out = col.table(columns, df.index)
    ends = end.dropna()
    last = max(int(start.max()), int(ends.max()) if len(ends) else 0)
    return _finish(out, label, source, (int(start.min()), last))


_COW_FLAGS = ("defense", "neutrality", "nonaggression", "entente")
_COW_ALLIANCE_DATES: tuple[tuple[str, tuple[int, int] | None], ...] = (
    ("all_st_year", None), ("all_st_month", col.MONTHS), ("all_st_day", col.DAYS),
    ("all_end_year", None), ("all_end_month", col.MONTHS), ("all_end_day", col.DAYS),
)  # fmt: skip
_COW_MEMBER_DATES = (
    ("mem_st_month", "start_month", col.MONTHS),
    ("mem_st_day", "start_day", col.DAYS),
    ("mem_end_month", "end_month", col.MONTHS),
    ("mem_end_day", "end_day", col.DAYS),
)
_COW_SPELL_KEY = ("version4id", "ccode", "mem_st_year", "mem_st_month", "mem_st_day")


@fill_doc
def read_cow(path: PathLike) -> pd.DataFrame:
    """Read the COW Formal Alliances v4.1 member file into the canonical membership table.

    Parameters
    ----------
    path : str or path-like
        ``alliance_v4.1_by_member.csv`` or ``alliance_v4.1_by_member_yearly.csv``, the
        folder that holds them, or the official zip ``version4.1_csv.zip`` (in a folder
        or zip the member file is preferred to the member-yearly file).

    Returns
    -------
    pandas.DataFrame
        One row per membership spell, canonical columns (:mod:`alliancenet.schema`)
        then ``start_month``, ``start_day``, ``end_month``, ``end_day`` and COW's
        ``version4id``, ``state_name``, ``ss_type``, ``left_censor``, ``right_censor``,
        ``all_st_year/month/day``, ``all_end_year/month/day`` (the alliance's own dates).
        ``alliance_id`` is ``"COW:<version4id>"``; ``source`` is ``"COW "`` plus the
        ``version`` column (``"COW 4.1"``); ``attrs["coverage"]`` is derived from the
        membership years, (1816, 2012) for v4.1. From the member file every row is
        kept (1,221 rows in v4.1).

    Raises
    ------
    DataFormatError
        The file cannot be read (see :mod:`alliancenet.datasets`), lacks a column,
        holds a value that is not a whole number, a state code outside 0-999, a
        year outside the plausible range (see Notes), a flag other than 0/1, an exit
        before the entry (the line is named), rows of one spell of the member-yearly
        file that disagree, or is another file (e.g. an ATOP or COW dyad file).

    Warns
    -----
    DataWarning
        Exact duplicate rows (kept); repeated years of a spell in the member-yearly
        file; blank rows (skipped); several releases in a folder or zip.

    Notes
    -----
    * ``mem_st_year`` → ``start_year``; ``mem_end_year`` → ``end_year``. A spell is open
      (``end_year`` NA) when ``mem_end_year`` is empty or ``right_censor == 1``: the
      member file leaves the end of the 359 right-censored spells empty, while the
      member-yearly file writes 2012 (the last year covered) with empty end day/month.
    * The COW type dummies ``defense``, ``neutrality``, ``nonaggression``, ``entente``
      are kept *as coded*: they are cumulative (a Type I defense pact usually also has
      ``nonaggression == 1`` and often ``entente == 1``). COW does not code offense or
      consultation pledges, so those columns are ``<NA>``; a few empty dummies in the
      file are ``<NA>`` as well.
    * Alliances begun before 1816 carry their original start in ``all_st_year`` (back to
      1386, the Anglo-Portuguese alliance) with ``left_censor == 1``; memberships
      themselves start in 1816.
    * The member-yearly file is collapsed back to one row per membership spell
      (``version4id``, ``ccode``, ``mem_st_year``, ``mem_st_month``, ``mem_st_day``),
      which gives the same table as the member file. Every row is validated first,
      and the rows of a spell must agree on every column but ``year``. The spell
      dates are taken from the ``mem_*`` columns, not from the ``year`` rows: in v4.1
      the ``year`` rows of 20 spells of alliance 3 run 1849–1865 while the spell is
      coded 1850–1866.

    COW covers 1816 onwards (v4.1: 1816–2012). Membership years (and ``year``) from
    1811 (five years of tolerance) to next year are accepted; the alliance's own
    dates (``all_*``) from 1000. Any other year is refused naming its line.

    References
    ----------
    {{ref_cow}}

    {{ref_cow_sarkees}}

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import alliancenet as anet
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "alliance_v4.1_by_member.csv"
    >>> _ = f.write_text(
    ...     "version4id,ccode,state_name,mem_st_year,mem_end_year,right_censor,"
    ...     "defense,neutrality,nonaggression,entente,version\\n"
    ...     '227,2,"United States of America",1949,,1,1,0,1,1,4.1\\n'
    ...     '227,200,"United Kingdom",1949,,1,1,0,1,1,4.1\\n')
    >>> m = anet.read_cow(f)
    >>> m[["alliance_id", "ccode", "start_year", "end_year", "defense", "offense"]]
      alliance_id  ccode  start_year  end_year  defense  offense
    0     COW:227      2        1949      <NA>     True     <NA>
    1     COW:227    200        1949      <NA>     True     <NA>
    """
    with reading("read_cow", path):
        required = ("version4id", "ccode", "mem_st_year", "mem_end_year", *_COW_FLAGS)
        df, label = read_table(
            path,
            reader="read_cow",
            accept=("cow_member", "cow_member_yearly"),
            required=required,
            text=("state_name", "ss_type"),  # "version" (4.1) is a number
        )
        return _cow_table(df, label)


def _cow_spells(df: pd.DataFrame, label: str) -> pd.Series:
    """Member-yearly file: check the rows of each spell agree; mask of each spell's first row.

    Rows that differ from most rows of their spell are named (all the spell's rows when
    no value is in the majority).
    """
    key = [c for c in _COW_SPELL_KEY if c in df.columns]
    again = df.duplicated(subset=[*key, "year"], keep=False).to_numpy(dtype=bool)
    col.warn_repeats(again, df.index, label, "the same membership spell and year")
    spell_cols = [c for c in df.columns if c != "year"]
    distinct = df.drop_duplicates(subset=spell_cols)
    clash = distinct.duplicated(subset=key, keep=False)
    if clash.any():
        keys = distinct.loc[clash, key].drop_duplicates()
        rows = df.loc[df.index.isin(df[key].reset_index().merge(keys, on=key)["index"])]
        groups = distinct.loc[clash].groupby(key)
        differ = [c for c in spell_cols if groups[c].nunique(dropna=False).gt(1).any()]
        values = pd.util.hash_pandas_object(rows[spell_cols], index=False).to_numpy()
        frame = rows[key].assign(_values=values)
        count = frame.groupby([*key, "_values"])["_values"].transform("size")
        most = count.groupby([frame[c] for c in key]).transform("max")
        odd = count < most
        named = odd if odd.any() else pd.Series(True, index=rows.index)
        raise DataFormatError(
            f"{label_of(label)}: rows of a membership spell differ in {differ[:5]} "
            f"({lines(named)}, against the other rows of the spell); the member-yearly file "
            "repeats a spell's values every year. Fix those rows or read "
            "alliance_v4.1_by_member.csv instead."
        )
    return ~df.duplicated(subset=key, keep="first")


def _cow_table(df: pd.DataFrame, label: str) -> pd.DataFrame:
    cover = "COW covers 1816 onwards"
    yearly = "year" in df.columns
    if yearly:  # every row is checked: its year here, its other cells equal its spell's first
        col.years(df, "year", label, COW_YEARS, coverage=cover)
        df = df.loc[_cow_spells(df, label)]
    vid = col.ints(df, "version4id", label)
    ccode = col.codes(df, "ccode", label)
    start = col.years(df, "mem_st_year", label, COW_YEARS, coverage=cover)
    end = col.years(df, "mem_end_year", label, COW_YEARS, nullable=True, coverage=cover)
    right = (
        col.ints(df, "right_censor", label, bounds=(0, 1), nullable=True)
        if "right_censor" in df.columns
        else pd.Series(pd.NA, index=df.index, dtype="Int64")
    )
    is_open = right.to_numpy(dtype="int64", na_value=0) == 1
    last_end = end.max(skipna=True)  # the yearly file writes 2012 for open spells
    end = col.masked(end, is_open)
    col.check_order(start, end, label, ("mem_st_year", "mem_end_year"))
    version = col.version(df, label)
    source = f"COW {version}" if version else "COW"
    flags = {name: col.flags(df, name, label) for name in _COW_FLAGS}
    columns: dict[str, object] = {
        "alliance_id": col.labels("COW:", vid),
        "ccode": ccode,
        "start_year": start,
        "end_year": end,
        # COW codes no offense or consultation pledges
        **{name: flags[name] if name in flags else col.not_coded(len(df)) for name in OBLIGATIONS},
        "source": source,
    }
    for src, dst, bounds in _COW_MEMBER_DATES:
        if src in df.columns:
            values = col.ints(df, src, label, bounds=bounds, nullable=True)
            columns[dst] = col.masked(values, is_open) if src.startswith("mem_end") else values
    for name in ("version4id", "state_name", "ss_type"):
        if name in df.columns:
            columns[name] = vid if name == "version4id" else col.text(df, name)
    for name in ("left_censor", "right_censor"):
        if name in df.columns:
            columns[name] = col.ints(df, name, label, bounds=(0, 1), nullable=True)
    for name, date_bounds in _COW_ALLIANCE_DATES:
        if name in df.columns:
            if date_bounds is None:
                columns[name] = col.years(df, name, label, COW_ALLIANCE_YEARS, nullable=True)
            else:
                columns[name] = col.ints(df, name, label, bounds=date_bounds, nullable=True)
    out = col.table(columns, df.index)
    years = [out["start_year"].max(), out["end_year"].max(skipna=True)]
    if yearly:
        years.append(last_end)
    last = int(max(int(y) for y in years if not pd.isna(y)))
    return _finish(out, label, source, (int(out["start_year"].min()), last))


def read_memberships(
    path_or_frame: PathLike | pd.DataFrame, *, source: str | None = None
) -> pd.DataFrame:
    """Read your own alliance table in the canonical schema (a CSV file or a DataFrame).

    Parameters
    ----------
    path_or_frame : str, path-like or pandas.DataFrame
        A comma-separated file, an Excel (``.xlsx``, ``.xlsm``) or OpenDocument
        (``.ods``) workbook (its first sheet; needs the ``excel`` extra:
        ``pip install "alliancenet[excel]"``), a Stata ``.dta`` file, or a table,
        with at least ``alliance_id``, ``ccode`` and ``start_year``; optional ``end_year`` (empty = open), the six obligation columns
        (0/1, True/False, yes/no, empty = not coded) and ``source``; any other columns
        are kept after the canonical ones. A folder is searched for its one ``.csv``
        file (several are an error listing them).
    source : str, optional
        Label for rows without a ``source`` (default ``"user"``).

    Returns
    -------
    pandas.DataFrame
        The canonical membership table (see :mod:`alliancenet.schema`), validated with
        :func:`alliancenet.schema.validate_memberships`.

    Raises
    ------
    DataFormatError
        The file cannot be read (see :mod:`alliancenet.datasets`: missing, empty,
        header only, wrong delimiter, damaged rows) or is an ATOP/COW file (use
        :func:`read_atop` / :func:`read_cow`).
    SchemaError
        A required column is missing or a value is invalid or out of the schema's
        bounds (:data:`alliancenet.schema.BOUNDS`); the message names the rows by
        their line in the file.

    Warns
    -----
    DataWarning
        Exact duplicate rows (kept).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import alliancenet as anet
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "mine.csv"
    >>> _ = f.write_text("alliance_id,ccode,start_year,end_year,defense\\n"
    ...                  "MY:1,2,1949,,1\\nMY:1,20,1949,1960,1\\n")
    >>> m = anet.read_memberships(f, source="my coding")
    >>> m[["alliance_id", "ccode", "end_year", "defense", "source"]]
      alliance_id  ccode  end_year  defense     source
    0        MY:1      2      <NA>     True  my coding
    1        MY:1     20      1960     True  my coding
    """
    if isinstance(path_or_frame, pd.DataFrame):
        return validate_memberships(path_or_frame, source=source)
    suffix = _office_suffix(path_or_frame)
    if suffix is not None:
        return _read_office(Path(os.fspath(path_or_frame)), suffix, source)
    with reading("read_memberships", path_or_frame):
        # Required columns and values are checked (SchemaError) by validate_memberships.
        df, label = read_table(
            path_or_frame, reader="read_memberships", accept=("canonical",), required=()
        )
        for name in df.columns:  # canonical columns stay text: the schema quotes bad cells
            if name not in CANONICAL_COLUMNS:
                df[name] = col.numeric_or_text(df[name])
        what = f"{label_of(label)} (rows numbered by file line)"
        out = validate_memberships(df, what=what, source=source)
        out = out.reset_index(drop=True)
        out.attrs["file"] = label
        return out


_OFFICE = {".xlsx": "openpyxl", ".xlsm": "openpyxl", ".ods": "odf", ".dta": None}


def _office_suffix(source: object) -> str | None:
    if not isinstance(source, str | os.PathLike):
        return None
    suffix = Path(os.fspath(source)).suffix.lower()
    return suffix if suffix in _OFFICE else None


def _read_office(path: Path, suffix: str, source: str | None) -> pd.DataFrame:
    """A spreadsheet's first sheet or a Stata file, validated; rows named as the sheet numbers them."""
    label = str(path)
    if not path.is_file():
        raise DataFormatError(f"{label}: no such file. {hint('read_memberships')}")
    engine = _OFFICE[suffix]
    try:
        if engine is None:
            df = pd.read_stata(path, convert_categoricals=False)
        else:
            __import__("odf" if engine == "odf" else "openpyxl")
            df = pd.read_excel(path, sheet_name=0, engine=engine, dtype=object)  # type: ignore[call-overload]
    except ImportError:
        raise DataFormatError(
            f"{label}: reading {suffix} files needs the optional package {engine!r}; install "
            'it with pip install "alliancenet[excel]", or save the sheet as CSV.'
        ) from None
    except Exception as err:  # a damaged or mislabelled file
        raise DataFormatError(
            f"{label}: could not be read as a {suffix} file ({type(err).__name__}: "
            f"{str(err)[:120]}). Check the file, or save it as CSV."
        ) from err
    df = df.dropna(how="all")
    if engine is not None:
        df.index = df.index + 2  # sheet row numbers (row 1 is the header)
    what = f"{label} ({'sheet rows' if engine else 'rows numbered from 0'})"
    out = validate_memberships(df, what=what, source=source).reset_index(drop=True)
    out.attrs["file"] = label
    return out
