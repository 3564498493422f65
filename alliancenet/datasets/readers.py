"""Readers for treaty, state-system and capability files.

Each reader takes the path of a file its user downloaded from the publisher
(or the folder or official zip archive that holds it) and returns a
:class:`pandas.DataFrame` in one of the package's documented tables:

=======================  ===============================================  ==========================
reader                   file(s)                                          table
=======================  ===============================================  ==========================
:func:`read_atop`        ATOP 5.1 member-level ``atop5_1m.csv``           canonical memberships
:func:`read_cow`         COW alliances v4.1 ``alliance_v4.1_by_member``   canonical memberships
                         (or ``..._by_member_yearly``) ``.csv``
:func:`read_memberships` your own table in the canonical schema           canonical memberships
:func:`read_states`      COW ``system2016.csv`` or ``states2016.csv``     states (state-years)
:func:`read_majors`      COW ``majors2016.csv``                           major-power spells
:func:`read_nmc`         COW NMC 6.0 ``NMC-60-abridged.csv``              capabilities (state-years)
=======================  ===============================================  ==========================

The canonical membership table is documented in :mod:`alliancenet.schema`.
Every reader loads every row of the file; a file that cannot be read raises a
:class:`~alliancenet.errors.DataFormatError` that names the file, the column
and the line (line 1 is the header), and a file meant for another reader says
which reader fits. Files may be UTF-8 (with or without byte-order mark) or
Latin-1/Windows-1252 (older COW state names), with LF or CRLF line endings.
Blank lines and rows with every cell empty are skipped with a
:class:`~alliancenet.errors.DataWarning` naming their lines (so the line numbers in
messages stay those of the file); a row with more (non-empty) fields than the header
raises; values in columns without a header name are ignored with a warning; duplicate
rows are kept with a warning.
"""

from __future__ import annotations

import csv
import io
import os
import re
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import CoverageError, DataFormatError, DataWarning, ParameterError, SchemaError
from ..schema import OBLIGATIONS, validate_memberships

__all__ = [
    "read_atop",
    "read_cow",
    "read_memberships",
    "read_states",
    "read_majors",
    "read_nmc",
    "major_powers",
    "capabilities",
]

# --------------------------------------------------------------------------------------
# Where each file comes from (used in error messages).
# --------------------------------------------------------------------------------------

_WHERE = {
    "read_atop": (
        "the ATOP member-level file atop5_1m.csv",
        "http://www.atopdata.org/data.html (zip 'atop_5.1__.csv_.zip')",
        "anet.fetch_atop()",
    ),
    "read_cow": (
        "the COW Formal Alliances v4.1 member file alliance_v4.1_by_member.csv",
        "https://correlatesofwar.org/data-sets/formal-alliances/ (zip 'version4.1_csv.zip')",
        "anet.fetch_cow()",
    ),
    "read_states": (
        "the COW state system file system2016.csv or states2016.csv",
        "https://correlatesofwar.org/data-sets/state-system-membership/",
        "anet.fetch_states()",
    ),
    "read_majors": (
        "the COW major powers file majors2016.csv",
        "https://correlatesofwar.org/data-sets/state-system-membership/",
        "anet.fetch_majors()",
    ),
    "read_nmc": (
        "the COW National Material Capabilities file NMC-60-abridged.csv",
        "https://correlatesofwar.org/data-sets/national-material-capabilities/ "
        "(zip 'NMC_Documentation-6.0.zip')",
        "anet.fetch_nmc()",
    ),
    "read_memberships": ("a CSV file in the canonical membership schema", None, None),
}

# File kinds recognised from their header: (kind, columns that must all be present,
# description, reader that fits or None).  Order matters: the first match wins.
_KINDS: tuple[tuple[str, frozenset[str], str, str | None], ...] = (
    ("atop_member", frozenset({"atopid", "member", "yrent", "yrexit"}),
     "the ATOP member-level file (atop5_1m)", "read_atop"),
    ("atop_alliance", frozenset({"atopid", "begyr", "endyr"}),
     "the ATOP alliance-level file (atop5_1a): one row per treaty, no members",
     None),
    ("atop_state_year", frozenset({"state", "year", "atopally"}),
     "the ATOP state-year file (atop5_1sy)", None),
    ("atop_dyad", frozenset({"statea", "stateb", "year"}),
     "an ATOP dyad-year file (atop5_1dy / atop5_1ddyr)", None),
    ("cow_member_yearly", frozenset({"version4id", "ccode", "mem_st_year", "year"}),
     "the COW alliances member-yearly file (alliance_v4.1_by_member_yearly)", "read_cow"),
    ("cow_member", frozenset({"version4id", "ccode", "mem_st_year"}),
     "the COW alliances member file (alliance_v4.1_by_member)", "read_cow"),
    ("cow_dyad", frozenset({"version4id", "ccode1", "ccode2"}),
     "a COW alliances dyad file (alliance_v4.1_by_dyad / by_directed)", None),
    ("nmc", frozenset({"ccode", "year", "cinc"}),
     "the COW National Material Capabilities file (NMC-60-abridged)", "read_nmc"),
    ("system", frozenset({"stateabb", "ccode", "year"}),
     "the COW state-year file (system2016)", "read_states"),
    ("states", frozenset({"stateabb", "ccode", "statenme", "styear", "endyear"}),
     "the COW state spells file (states2016)", "read_states"),
    ("majors", frozenset({"stateabb", "ccode", "styear", "endyear"}),
     "the COW major powers file (majors2016)", "read_majors"),
    ("canonical", frozenset({"alliance_id", "ccode", "start_year"}),
     "a table in the canonical membership schema", "read_memberships"),
)  # fmt: skip

_ATOP_HINT = (
    "alliancenet builds memberships from ATOP's member-level file atop5_1m.csv, which is in "
    "the same release zip; pass that file (or the zip, or its folder) to anet.read_atop"
)
_COW_HINT = (
    "alliancenet builds memberships from alliance_v4.1_by_member.csv (in the same zip); "
    "pass that file (or the zip, or its folder) to anet.read_cow"
)
_NO_READER_HINT = {
    "atop_alliance": _ATOP_HINT,
    "atop_state_year": _ATOP_HINT,
    "atop_dyad": _ATOP_HINT,
    "cow_dyad": _COW_HINT,
}

#: File names each reader looks for inside a folder or zip archive, best first.
_PATTERNS = {
    "read_atop": (r"atop\d+_\d+m\.csv",),
    "read_cow": (r"alliance_v[\d.]+_by_member\.csv", r"alliance_v[\d.]+_by_member_yearly\.csv"),
    "read_states": (r"system\d{4}\.csv", r"states\d{4}\.csv"),
    "read_majors": (r"majors\d{4}\.csv",),
    "read_nmc": (r"nmc-\d+-abridged\.csv", r"nmc[-_].*abridged.*\.csv"),
    "read_memberships": (r".*\.csv",),
}

# --------------------------------------------------------------------------------------
# Robust CSV reading (one place for every reader).
# --------------------------------------------------------------------------------------


def _hint(reader: str) -> str:
    what, page, fetch = _WHERE[reader]
    if page is None:
        return f"Pass the path of {what}."
    return f"Download {what} from {page} (or call {fetch}) and pass its path to anet.{reader}."


def _match(names: list[str], reader: str) -> str | None:
    """The first name (by pattern preference) whose base name matches the reader's patterns."""
    for pattern in _PATTERNS[reader]:
        rx = re.compile(pattern, re.IGNORECASE)
        hits = sorted(n for n in names if rx.fullmatch(n.replace("\\", "/").rsplit("/", 1)[-1]))
        hits = [h for h in hits if "__macosx" not in h.lower()]
        if hits:
            return hits[0]
    return None


def _bytes_from_zip(
    data: bytes | Path, reader: str, label: str, depth: int = 0
) -> tuple[bytes, str]:
    """Find the reader's file in a zip archive (one level of nested zips is searched)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
    except zipfile.BadZipFile as err:
        raise DataFormatError(
            f"{label}: not a readable zip archive ({err}). {_hint(reader)}"
        ) from err
    with archive:
        names = [n for n in archive.namelist() if not n.endswith("/")]
        name = _match(names, reader)
        if name is not None:
            return archive.read(name), f"{label}!{name}"
        if depth == 0:
            for inner in sorted(n for n in names if n.lower().endswith(".zip")):
                try:
                    return _bytes_from_zip(archive.read(inner), reader, f"{label}!{inner}", 1)
                except DataFormatError:
                    continue
    raise DataFormatError(
        f"{label}: the archive holds no file named like {_PATTERNS[reader][0]!r} "
        f"(it holds {names[:12]}). {_hint(reader)}"
    )


def _raw_bytes(path, reader: str) -> tuple[bytes, str]:
    """Bytes of the reader's file given a file, a folder or a zip archive; and a label."""
    if not isinstance(path, str | os.PathLike):
        raise DataFormatError(
            f"anet.{reader} expects a file path (str or pathlib.Path); got {type(path).__name__}. "
            f"{_hint(reader)}"
        )
    p = Path(path).expanduser()
    label = str(p)
    if p.is_dir():
        names = [str(f.relative_to(p)) for f in p.rglob("*") if f.is_file()]
        name = _match(names, reader)
        if name is None:
            zips = [n for n in names if n.lower().endswith(".zip")]
            for z in sorted(zips):
                try:
                    return _bytes_from_zip(p / z, reader, str(p / z))
                except DataFormatError:
                    continue
            raise DataFormatError(
                f"{label}: folder holds no file named like {_PATTERNS[reader][0]!r} "
                f"(found {sorted(names)[:12]}). {_hint(reader)}"
            )
        p = p / name
        label = str(p)
    if not p.exists():
        raise DataFormatError(f"{label}: file not found. {_hint(reader)}")
    if zipfile.is_zipfile(p):
        return _bytes_from_zip(p, reader, label)
    return p.read_bytes(), label


def _decode(data: bytes) -> str:
    """UTF-8 (BOM stripped) first, then Windows-1252, then Latin-1 (never fails)."""
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte string")  # pragma: no cover


def _kind(columns) -> str | None:
    cols = set(columns)
    for kind, needed, _, _ in _KINDS:
        if needed <= cols:
            return kind
    return None


def _describe(kind: str) -> tuple[str, str | None]:
    for k, _, description, reader in _KINDS:
        if k == kind:
            return description, reader
    raise KeyError(kind)  # pragma: no cover


def _read_csv(
    source, *, reader: str, accept: tuple[str, ...], required: tuple[str, ...]
) -> tuple[pd.DataFrame, str]:
    """Read a CSV robustly into string columns and check it is the right kind of file.

    Handles files, folders and zip archives, BOM, Latin-1, CRLF, header-only and empty
    files, a wrong delimiter and rows with extra fields (raised, line named). Column names
    are stripped and lower-cased; columns with an empty header (spreadsheet artefacts)
    are dropped, with a :class:`DataWarning` if they hold values; blank lines and rows
    that are entirely empty are dropped with a :class:`DataWarning`. The row labels of
    the table are file line numbers minus 2 (see :func:`_lines`). Returns the table and
    a label for messages.
    """
    data, label = _raw_bytes(source, reader)
    text = _decode(data)
    if not text.strip():
        raise DataFormatError(f"{label}: the file is empty. {_hint(reader)}")
    # Blank lines are kept as (empty) rows so that row positions give the file's line
    # numbers; `lead` leading blank lines precede the header; trailing ones are dropped.
    lines = text.splitlines()
    lead = next(i for i, line in enumerate(lines) if line.strip())
    text = text.rstrip() + "\n"
    header = lines[lead]
    for sep, name in ((";", "semicolon"), ("\t", "tab"), ("|", "pipe")):
        if header.count(sep) > header.count(","):
            raise DataFormatError(
                f"{label}: the file looks {name}-separated (header {header[:80]!r}), but "
                f"anet.{reader} reads comma-separated files as published. Re-save it with commas, "
                f"e.g. pd.read_csv(path, sep={sep!r}).to_csv(new_path, index=False)."
            )
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            df = pd.read_csv(
                io.StringIO(text),
                dtype=str,
                skipinitialspace=True,
                keep_default_na=True,
                skip_blank_lines=False,
                header=lead,
                index_col=False,
            )
    except pd.errors.ParserError as err:
        raise DataFormatError(f"{label}: not a readable CSV file ({err}). {_hint(reader)}") from err
    if any(issubclass(w.category, pd.errors.ParserWarning) for w in caught):
        # pandas would silently drop the extra fields of the first data row
        _raise_too_many_fields(text, label, lead)
    df.index = df.index + lead
    df.columns = [str(c).strip().lower() for c in df.columns]
    blank_headers = [c for c in df.columns if c == "" or c.startswith("unnamed:")]
    if blank_headers:
        filled = df[blank_headers].notna().any(axis=1)
        if filled.any():
            warnings.warn(
                f"{label}: {len(blank_headers)} column(s) without a header name were ignored, "
                f"but they hold values in {_lines(filled)} (e.g. "
                f"{df.loc[filled, blank_headers].stack().head(3).tolist()}); every row was "
                "kept. Check the file if those values matter (spreadsheet leftovers?).",
                DataWarning,
                stacklevel=3,
            )
    df = df.drop(columns=blank_headers)
    kind = _kind(df.columns)
    if kind is not None and kind not in accept:
        description, fits = _describe(kind)
        advice = f"use anet.{fits}" if fits else _NO_READER_HINT.get(kind, "")
        raise DataFormatError(
            f"{label}: this looks like {description}, not {_WHERE[reader][0]}; {advice}."
        )
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise DataFormatError(
            f"{label}: required column(s) {missing} are missing; the file has columns "
            f"{list(df.columns)[:15]}. anet.{reader} reads {_WHERE[reader][0]}. {_hint(reader)}"
        )
    if len(df) == 0:
        raise DataFormatError(f"{label}: the file has a header but no data rows. {_hint(reader)}")
    empty = df.isna().all(axis=1)
    if empty.all():
        raise DataFormatError(
            f"{label}: the file has a header but only empty rows ({_lines(empty)}). {_hint(reader)}"
        )
    if empty.any():
        warnings.warn(
            f"{label}: {int(empty.sum())} completely empty row(s) or blank line(s) "
            f"({_lines(empty)}) were skipped.",
            DataWarning,
            stacklevel=3,
        )
        df = df.loc[~empty]
    return df, label


def _raise_too_many_fields(text: str, label: str, lead: int) -> None:
    """Raise naming the lines whose fields beyond the header's are not empty."""
    rows = csv.reader(io.StringIO(text))
    for _ in range(lead):
        next(rows)
    width = len(next(rows))
    bad = [
        (rows.line_num, len(row))
        for row in rows
        if len(row) > width and any(v.strip() for v in row[width:])
    ]
    if not bad:  # only empty trailing fields (a delimiter at the end of a line)
        return
    shown = ", ".join(f"line {n} has {k}" for n, k in bad[:5])
    raise DataFormatError(
        f"{label}: the header has {width} fields but {shown}; the extra values would be lost. "
        "Fix those rows (a stray comma or an unquoted name with a comma?)."
    )


def _lines(mask: pd.Series) -> str:
    """File line numbers (header = line 1) of the rows flagged in `mask`, for messages."""
    idx = [int(i) + 2 for i in mask.index[mask.to_numpy()]]
    shown = ", ".join(str(i) for i in idx[:8])
    more = f" and {len(idx) - 8} more" if len(idx) > 8 else ""
    return f"line{'s' if len(idx) > 1 else ''} {shown}{more}"


def _warn_duplicates(df: pd.DataFrame, columns: list[str] | None, label: str, what: str) -> None:
    """Warn (naming the lines) about rows that repeat `columns` (all columns if None)."""
    dup = df.duplicated(subset=columns, keep=False)
    if dup.any():
        warnings.warn(
            f"{label}: {int(dup.sum())} rows repeat {what} ({_lines(dup)}); they are kept. "
            "Remove them yourself if they are errors.",
            DataWarning,
            stacklevel=3,
        )


def _ints(
    df: pd.DataFrame,
    col: str,
    label: str,
    *,
    nullable: bool = False,
    zero_is_na: bool = False,
    state_code: bool = False,
) -> pd.Series:
    """A column of whole numbers, naming the lines that are not whole numbers.

    With ``state_code=True`` negative values (not COW state codes) are refused too.
    """
    text = df[col].str.strip()
    num = pd.to_numeric(text, errors="coerce")
    bad = (num.isna() & text.notna() & (text != "")) | (num.notna() & (num % 1 != 0))
    if bad.any():
        examples = text[bad].head(3).tolist()
        raise DataFormatError(
            f"{label}: column {col!r} must hold whole numbers; {_lines(bad)} hold {examples}. "
            "Fix those cells (or re-download the file)."
        )
    negative = (num < 0).fillna(False).astype(bool)
    if state_code and negative.any():
        raise DataFormatError(
            f"{label}: column {col!r} must hold COW state codes (whole numbers >= 0); "
            f"{_lines(negative)} hold {text[negative].head(3).tolist()}. Fix those cells."
        )
    if zero_is_na:
        num = num.mask(num == 0)
    if not nullable and num.isna().any():
        raise DataFormatError(
            f"{label}: column {col!r} must not be empty; {_lines(num.isna())} are empty."
        )
    return num.astype("Int64" if nullable else "int64")


def _floats(df: pd.DataFrame, col: str, label: str, *, missing_code: float | None = None):
    text = df[col].str.strip()
    num = pd.to_numeric(text, errors="coerce")
    bad = num.isna() & text.notna() & (text != "")
    if bad.any():
        raise DataFormatError(
            f"{label}: column {col!r} must hold numbers; {_lines(bad)} hold "
            f"{text[bad].head(3).tolist()}."
        )
    if missing_code is not None:
        num = num.mask(num == missing_code)
    return num.astype("float64")


def _flags(df: pd.DataFrame, col: str, label: str) -> pd.Series:
    """A 0/1 column as pandas' nullable boolean (empty cells = not coded)."""
    num = _ints(df, col, label, nullable=True)
    bad = num.notna() & ~num.isin([0, 1])
    if bad.fillna(False).any():
        bad = bad.fillna(False).astype(bool)
        raise DataFormatError(
            f"{label}: column {col!r} must be 0 or 1 (or empty); {_lines(bad)} hold "
            f"{num[bad].head(3).tolist()}."
        )
    return num.astype("boolean")


def _version(df: pd.DataFrame, label: str) -> str | None:
    if "version" not in df.columns:
        return None
    versions = sorted(df["version"].dropna().str.strip().unique())
    if len(versions) > 1:
        warnings.warn(
            f"{label}: the 'version' column holds several values {versions}; mixing releases "
            "is rarely intended.",
            DataWarning,
            stacklevel=3,
        )
    return "/".join(versions) if versions else None


def _check_order(start: pd.Series, end: pd.Series, label: str, names: tuple[str, str]) -> None:
    backwards = (end < start).fillna(False).astype(bool)
    if backwards.any():
        raise DataFormatError(
            f"{label}: the exit year {names[1]!r} precedes the entry year {names[0]!r} in "
            f"{_lines(backwards)} (e.g. {start[backwards].iloc[0]} -> {end[backwards].iloc[0]}). "
            "Correct those rows; spells are inclusive years."
        )


def _finish(out: pd.DataFrame, label: str, source: str, coverage: tuple[int, int]):
    # duplicates are reported here by file line (validate_memberships would give positions)
    dup = out.duplicated(keep=False)
    if dup.any():
        warnings.warn(
            f"{label}: {int(dup.sum())} rows are exact duplicates ({_lines(dup)}); they are "
            "kept. Remove them yourself if they are errors.",
            DataWarning,
            stacklevel=3,
        )
    out = out.reset_index(drop=True)
    out.attrs = {"source": source, "coverage": (int(coverage[0]), int(coverage[1])), "file": label}
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message=".*rows are exact duplicates", category=DataWarning
        )
        return validate_memberships(out, what=label, source=source)


# --------------------------------------------------------------------------------------
# Treaty readers.
# --------------------------------------------------------------------------------------

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


def read_atop(path, *, all_columns: bool = False) -> pd.DataFrame:
    """Read ATOP's member-level file into the canonical membership table.

    Parameters
    ----------
    path : str or path-like
        ``atop5_1m.csv`` from the Alliance Treaty Obligations and Provisions release,
        the folder that holds it, or the official zip archive (``atop_5.1__.csv_.zip``);
        inside a folder or zip the member-level file is found by its name.
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
        The file is missing, empty, not comma-separated, lacks a required column, holds
        a non-numeric state code or an exit year before the entry year (the message
        names the line), or is another ATOP/COW file (the message names the reader that
        fits: the alliance-level ``atop5_1a`` and state-year ``atop5_1sy`` files are
        refused because they do not list members' own obligations and spells).

    Warns
    -----
    DataWarning
        Exact duplicate rows (kept).

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

    References
    ----------
    .. [1] Leeds, B. A., Ritter, J. M., Mitchell, S. M., & Long, A. G. (2002). Alliance
       Treaty Obligations and Provisions, 1815–1944. *International Interactions*,
       28(3), 237–260. https://doi.org/10.1080/03050620213653
    .. [2] Leeds, B. A. (2022). *Alliance Treaty Obligations and Provisions (ATOP)
       Codebook, Version 5.1*. http://www.atopdata.org/

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
    required = ("atopid", "member", "yrent", "yrexit", *_ATOP_FLAGS)
    df, label = _read_csv(path, reader="read_atop", accept=("atop_member",), required=required)
    atopid = _ints(df, "atopid", label)
    out = pd.DataFrame(
        {
            "alliance_id": "ATOP:" + atopid.astype(str),
            "ccode": _ints(df, "member", label, state_code=True),
            "start_year": _ints(df, "yrent", label),
            "end_year": _ints(df, "yrexit", label, nullable=True, zero_is_na=True),
        },
        index=df.index,
    )
    _check_order(out["start_year"], out["end_year"], label, ("yrent", "yrexit"))
    for src, dst in _ATOP_FLAGS.items():
        out[dst] = _flags(df, src, label)
    out["entente"] = pd.array([pd.NA] * len(out), dtype="boolean")
    version = _version(df, label)
    source = f"ATOP {version}" if version else "ATOP"
    out["source"] = source
    for src, dst, zero in (
        ("moent", "start_month", False),
        ("dayent", "start_day", False),
        ("moexit", "end_month", True),
        ("dayexit", "end_day", True),
    ):
        if src in df.columns:
            values = _ints(df, src, label, nullable=True, zero_is_na=zero)
            out[dst] = values.mask(out["end_year"].isna()) if zero else values
    for col in _ATOP_EXTRA:
        if col in df.columns:
            out[col] = _ints(df, col, label, nullable=True)
    if all_columns:
        used = {"member", "yrent", "yrexit", "moent", "dayent", "moexit", "dayexit", "version"}
        for col in df.columns:
            if col not in out.columns and col not in used and col not in _ATOP_FLAGS:
                out[col] = _numeric_or_text(df[col])
    ends = out["end_year"].dropna()
    last = max(int(out["start_year"].max()), int(ends.max()) if len(ends) else 0)
    return _finish(out, label, source, (int(out["start_year"].min()), last))


def _numeric_or_text(col: pd.Series) -> pd.Series:
    num = pd.to_numeric(col.str.strip(), errors="coerce")
    if (num.notna() | col.isna()).all():
        whole = num.dropna()
        return num.astype("Int64") if bool((whole % 1 == 0).all()) else num
    return col


_COW_FLAGS = ("defense", "neutrality", "nonaggression", "entente")
_COW_EXTRA_INT = (
    "version4id", "left_censor", "right_censor",
    "all_st_year", "all_st_month", "all_st_day", "all_end_year", "all_end_month", "all_end_day",
)  # fmt: skip
_COW_SPELL_KEY = ("version4id", "ccode", "mem_st_year", "mem_st_month", "mem_st_day")


def read_cow(path) -> pd.DataFrame:
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
        Missing/empty/wrongly delimited file, missing column, non-numeric state code,
        exit before entry (line named), or another file (e.g. an ATOP or COW dyad file).

    Warns
    -----
    DataWarning
        Exact duplicate rows (kept).

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
    * The member-yearly file is collapsed back to one row per membership spell — the
      first row of each (``version4id``, ``ccode``, ``mem_st_year``, ``mem_st_month``,
      ``mem_st_day``) — which gives the same table as the member file. The spell dates
      are taken from the ``mem_*`` columns, not from the ``year`` rows: in v4.1 the
      ``year`` rows of 20 spells of alliance 3 run 1849–1865 while the spell is coded
      1850–1866.

    References
    ----------
    .. [1] Gibler, D. M. (2009). *International Military Alliances, 1648–2008*.
       Washington, DC: CQ Press.
    .. [2] Gibler, D. M., & Sarkees, M. R. (2004). Measuring Alliances: The Correlates
       of War Formal Interstate Alliance Dataset, 1816–2000. *Journal of Peace
       Research*, 41(2), 211–222. https://doi.org/10.1177/0022343304041061

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
    required = ("version4id", "ccode", "mem_st_year", "mem_end_year", *_COW_FLAGS)
    df, label = _read_csv(
        path, reader="read_cow", accept=("cow_member", "cow_member_yearly"), required=required
    )
    yearly = "year" in df.columns
    if yearly:
        key = [c for c in _COW_SPELL_KEY if c in df.columns]
        if "year" in df.columns:
            _warn_duplicates(df, [*key, "year"], label, "the same membership spell and year")
        df = df.drop_duplicates(subset=key, keep="first")
    vid = _ints(df, "version4id", label)
    out = pd.DataFrame(
        {
            "alliance_id": "COW:" + vid.astype(str),
            "ccode": _ints(df, "ccode", label, state_code=True),
            "start_year": _ints(df, "mem_st_year", label),
            "end_year": _ints(df, "mem_end_year", label, nullable=True),
        },
        index=df.index,
    )
    right = (
        _ints(df, "right_censor", label, nullable=True)
        if "right_censor" in df.columns
        else pd.Series(pd.NA, index=df.index, dtype="Int64")
    )
    is_open = (right == 1).fillna(False).astype(bool)
    out["end_year"] = out["end_year"].mask(is_open)
    _check_order(out["start_year"], out["end_year"], label, ("mem_st_year", "mem_end_year"))
    for col in _COW_FLAGS:
        out[col] = _flags(df, col, label)
    out["offense"] = pd.array([pd.NA] * len(out), dtype="boolean")
    out["consultation"] = pd.array([pd.NA] * len(out), dtype="boolean")
    version = _version(df, label)
    source = f"COW {version}" if version else "COW"
    out["source"] = source
    for src, dst in (
        ("mem_st_month", "start_month"),
        ("mem_st_day", "start_day"),
        ("mem_end_month", "end_month"),
        ("mem_end_day", "end_day"),
    ):
        if src in df.columns:
            values = _ints(df, src, label, nullable=True)
            out[dst] = values.mask(is_open) if src.startswith("mem_end") else values
    for col in ("version4id", "state_name", "ss_type"):
        if col in df.columns:
            out[col] = vid if col == "version4id" else df[col].str.strip()
    for col in _COW_EXTRA_INT[1:]:
        if col in df.columns:
            out[col] = _ints(df, col, label, nullable=True)
    years = [out["start_year"].max(), out["end_year"].max(skipna=True)]
    if yearly:
        years.append(_ints(df, "mem_end_year", label, nullable=True).max(skipna=True))
    last = int(max(int(y) for y in years if not pd.isna(y)))
    return _finish(out, label, source, (int(out["start_year"].min()), last))


def read_memberships(path_or_frame, *, source: str | None = None) -> pd.DataFrame:
    """Read your own alliance table in the canonical schema (a CSV file or a DataFrame).

    Parameters
    ----------
    path_or_frame : str, path-like or pandas.DataFrame
        A comma-separated file (or table) with at least ``alliance_id``, ``ccode`` and
        ``start_year``; optional ``end_year`` (empty = open), the six obligation columns
        (0/1, True/False, yes/no, empty = not coded) and ``source``; any other columns
        are kept after the canonical ones.
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
        Unreadable file (missing, empty, header only, wrong delimiter) or an ATOP/COW
        file (use :func:`read_atop` / :func:`read_cow`).
    SchemaError
        A required column is missing or a value is invalid (the message names the rows).

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
    # Required columns are checked (SchemaError) by validate_memberships below.
    df, label = _read_csv(
        path_or_frame, reader="read_memberships", accept=("canonical",), required=()
    )
    for col in df.columns:
        if col not in ("alliance_id", "source", *OBLIGATIONS):
            df[col] = _numeric_or_text(df[col])
    df.index = df.index + 2  # row labels = file lines, so that messages name the lines
    out = validate_memberships(df, what=f"{label} (rows numbered by file line)", source=source)
    out = out.reset_index(drop=True)
    out.attrs["file"] = label
    return out


# --------------------------------------------------------------------------------------
# States, major powers, capabilities.
# --------------------------------------------------------------------------------------


def read_states(path) -> pd.DataFrame:
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
        (str), sorted by ``year`` then ``ccode``; ``attrs["coverage"]`` = first and last
        year, ``attrs["source"]`` = ``"COW states <version>"``.

    Raises
    ------
    DataFormatError
        Unreadable file, missing column, non-numeric code or year, a spell ending before
        it starts, or another file (the message names the reader that fits).

    Warns
    -----
    DataWarning
        The same state appears twice in a year (rows kept).

    Notes
    -----
    ``system2016.csv`` carries no state names, and names cannot be derived from
    abbreviations in general, so ``statenme`` is missing (NaN) when reading it; read
    ``states2016.csv`` to get names. From ``states2016.csv`` a state is a member in
    every year from ``styear`` to ``endyear`` inclusive (a state that joins on 10 July
    1973 counts for 1973), which reproduces ``system2016.csv`` year by year (195
    members in 2012).

    References
    ----------
    .. [1] Correlates of War Project (2017). State System Membership List, v2016.
       http://correlatesofwar.org

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
    df, label = _read_csv(
        path, reader="read_states", accept=("system", "states"), required=("stateabb", "ccode")
    )
    if "year" not in df.columns and not {"styear", "endyear", "statenme"} <= set(df.columns):
        raise DataFormatError(
            f"{label}: expected either a 'year' column (system2016.csv) or 'statenme', "
            f"'styear' and 'endyear' columns (states2016.csv); the file has "
            f"{list(df.columns)[:15]}. {_hint('read_states')}"
        )
    ccode = _ints(df, "ccode", label, state_code=True)
    abb = df["stateabb"].str.strip()
    if "year" in df.columns:
        out = pd.DataFrame(
            {
                "ccode": ccode.to_numpy(),
                "year": _ints(df, "year", label).to_numpy(),
                "stateabb": abb.to_numpy(),
            }
        )
        out["statenme"] = pd.Series(np.nan, index=out.index, dtype="str")
    else:
        start, end = _ints(df, "styear", label), _ints(df, "endyear", label)
        _check_order(start, end, label, ("styear", "endyear"))
        n = (end - start + 1).to_numpy()
        offsets = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
        out = pd.DataFrame(
            {
                "ccode": np.repeat(ccode.to_numpy(), n),
                "year": np.repeat(start.to_numpy(), n) + offsets,
                "stateabb": np.repeat(abb.to_numpy(), n),
                "statenme": np.repeat(df["statenme"].str.strip().to_numpy(), n),
            }
        )
    out = out.astype({"ccode": "int64", "year": "int64", "stateabb": "str"})
    out = out.sort_values(["year", "ccode"], kind="stable").reset_index(drop=True)
    dup = out.duplicated(["ccode", "year"], keep=False)
    if dup.any():
        pairs = out.loc[dup, ["ccode", "year"]].drop_duplicates().head(5).to_records(index=False)
        warnings.warn(
            f"{label}: {int(dup.sum())} rows repeat a (ccode, year) pair, e.g. "
            f"{[tuple(int(v) for v in p) for p in pairs]}; they are kept.",
            DataWarning,
            stacklevel=2,
        )
    version = _version(df, label)
    out.attrs = {
        "source": f"COW states {version}" if version else "COW states",
        "coverage": (int(out["year"].min()), int(out["year"].max())),
        "file": label,
    }
    return out


def read_majors(path) -> pd.DataFrame:
    """Read the COW major powers list (spells).

    Parameters
    ----------
    path : str or path-like
        ``majors2016.csv`` (or a folder holding it).

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
        Unreadable file, missing column, non-numeric code, end before start, wrong file.

    References
    ----------
    .. [1] Correlates of War Project (2017). State System Membership List, v2016.
       http://correlatesofwar.org

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
    required = ("stateabb", "ccode", "styear", "endyear")
    df, label = _read_csv(path, reader="read_majors", accept=("majors",), required=required)
    out = pd.DataFrame(
        {
            "ccode": _ints(df, "ccode", label, state_code=True),
            "stateabb": df["stateabb"].str.strip(),
            "start_year": _ints(df, "styear", label),
            "end_year": _ints(df, "endyear", label),
        }
    )
    _check_order(out["start_year"], out["end_year"], label, ("styear", "endyear"))
    _warn_duplicates(df, None, label, "another row exactly")
    for src, dst in (
        ("stmonth", "start_month"),
        ("stday", "start_day"),
        ("endmonth", "end_month"),
        ("endday", "end_day"),
    ):
        if src in df.columns:
            out[dst] = _ints(df, src, label, nullable=True)
    out = out.reset_index(drop=True)
    version = _version(df, label)
    out.attrs = {
        "source": f"COW majors {version}" if version else "COW majors",
        "coverage": (int(out["start_year"].min()), int(out["end_year"].max())),
        "file": label,
    }
    return out


def _check_year(year, what: str) -> int:
    if isinstance(year, bool) or not isinstance(year, int | np.integer):
        raise ParameterError(f"{what}: year must be an integer; got {year!r}.")
    return int(year)


def major_powers(majors: pd.DataFrame, year: int) -> list[int]:
    """COW codes of the major powers in a year, sorted.

    Parameters
    ----------
    majors : pandas.DataFrame
        Spells with ``ccode``, ``start_year``, ``end_year`` (inclusive), as returned by
        :func:`read_majors` or ``anet.load_example_majors()``.
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
        `majors` lacks a required column.

    Examples
    --------
    >>> import pandas as pd
    >>> import alliancenet as anet
    >>> majors = pd.DataFrame({"ccode": [2, 365, 365], "start_year": [1898, 1816, 1922],
    ...                        "end_year": [2016, 1917, 2016]})
    >>> anet.major_powers(majors, 1920)
    [2]
    """
    missing = [c for c in ("ccode", "start_year", "end_year") if c not in majors.columns]
    if missing:
        raise SchemaError(
            f"major_powers: the majors table lacks column(s) {missing}; pass the table from "
            "anet.read_majors(...)."
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


_NMC_COMPONENTS = ("milex", "milper", "irst", "pec", "tpop", "upop", "cinc")


def read_nmc(path) -> pd.DataFrame:
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
        Unreadable file, missing column, non-numeric value (line named), wrong file.

    Notes
    -----
    CINC (the composite index of national capability) is the mean of a state's
    shares of the system totals of the six components in that year,
    :math:`\\mathrm{CINC}_{it} = \\frac{1}{6}\\sum_{k} x_{kit} / \\sum_j x_{kjt}`;
    it is read as published, not recomputed.

    References
    ----------
    .. [1] Singer, J. D., Bremer, S., & Stuckey, J. (1972). Capability Distribution,
       Uncertainty, and Major Power War, 1820–1965. In B. Russett (Ed.), *Peace, War,
       and Numbers* (pp. 19–48). Beverly Hills: Sage.
    .. [2] Greig, J. M., & Enterline, A. J. (2021). *National Material Capabilities (NMC)
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
    required = ("stateabb", "ccode", "year", *_NMC_COMPONENTS)
    df, label = _read_csv(path, reader="read_nmc", accept=("nmc",), required=required)
    out = pd.DataFrame(
        {
            "stateabb": df["stateabb"].str.strip(),
            "ccode": _ints(df, "ccode", label, state_code=True),
            "year": _ints(df, "year", label),
        }
    )
    _warn_duplicates(out, ["ccode", "year"], label, "a (ccode, year) pair")
    missing = {}
    for col in _NMC_COMPONENTS:
        raw = _floats(df, col, label)
        missing[col] = int((raw == -9).sum())
        out[col] = raw.mask(raw == -9)
    out = out.reset_index(drop=True)
    found = re.search(r"nmc[-_ ]?v?(\d)\.?(\d)", Path(label.split("!")[-1]).name, re.IGNORECASE)
    out.attrs = {
        "source": f"COW NMC {found.group(1)}.{found.group(2)}" if found else "COW NMC",
        "version": _version(df, label),
        "coverage": (int(out["year"].min()), int(out["year"].max())),
        "missing_codes": missing,
        "file": label,
    }
    return out


def capabilities(nmc: pd.DataFrame, year: int) -> pd.Series:
    """CINC scores of every state in a year.

    Parameters
    ----------
    nmc : pandas.DataFrame
        State-years with ``ccode``, ``year`` and ``cinc`` (from :func:`read_nmc`).
    year : int
        The year.

    Returns
    -------
    pandas.Series
        CINC indexed by ``ccode`` (index name ``ccode``, sorted), named ``cinc``.

    Raises
    ------
    CoverageError
        No row for `year` (the message gives the years covered).
    ParameterError
        `year` is not an integer.
    SchemaError
        A required column is missing, or a state appears twice in the year.

    Examples
    --------
    >>> import pandas as pd
    >>> import alliancenet as anet
    >>> nmc = pd.DataFrame({"ccode": [200, 2], "year": [1900, 1900], "cinc": [0.1, 0.2]})
    >>> anet.capabilities(nmc, 1900).to_dict()
    {2: 0.2, 200: 0.1}
    """
    missing = [c for c in ("ccode", "year", "cinc") if c not in nmc.columns]
    if missing:
        raise SchemaError(
            f"capabilities: the NMC table lacks column(s) {missing}; pass anet.read_nmc(...)."
        )
    year = _check_year(year, "capabilities")
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
