"""The readers' input layer (private): one place that finds, opens, decodes and parses files.

Interface used by the readers and by :mod:`.fetch` (nothing else here is meant for them):

``read_bytes(source, reader) -> (bytes, label)``
    The bytes of the reader's data file given a file, a folder (its own entries only,
    never recursively) or a zip archive (one level of nested zips), and a label naming
    it in messages (``folder/file.csv``, ``archive.zip!member.csv``). See
    :mod:`._files` for the rules (several candidates, non-regular files, formats).
``read_table(source, *, reader, accept, required, text=None, only=None) -> (DataFrame, label)``
    The reader's CSV file as a table (``NaN`` where empty; every cell as text, or with
    `text` given, numbers in the columns whose every cell is one), column names
    stripped and lower-cased, blanks opening a field skipped, **row labels = file line
    numbers** (the header is line 1 when the file starts with it), after the checks
    listed below.
``lines(mask) -> str``
    ``"line 7"`` / ``"lines 7, 9, … and 3 more"`` for the rows flagged in a boolean
    Series indexed like a table from :func:`read_table`.
``hint(reader) -> str``
    Where to download the reader's file and which ``fetch_*`` function gets it.
``warn(message)``
    A :class:`~alliancenet.errors.DataWarning` attributed to the user's call.
``reading(reader, source)``
    A context manager that turns an unexpected exception inside a reader into a
    :class:`~alliancenet.errors.DataFormatError` naming the file (a safety net; the
    checks below should have caught the problem first).

Checks made by :func:`read_table` (each failure is a short
:class:`~alliancenet.errors.DataFormatError` naming the file, and the line where
there is one):

* Encoding: UTF-8 (with or without byte-order mark); UTF-16/UTF-32 with a byte-order
  mark, and UTF-16 without one, are recognised. A file with no UTF-8 multi-byte
  character that is not valid UTF-8 is Windows-1252 (Latin-1 for the five bytes
  Windows-1252 leaves undefined). A UTF-8 file with a few stray single-byte
  characters is read as UTF-8 with those bytes read as Windows-1252, and a
  :class:`~alliancenet.errors.DataWarning` names their lines (one stray byte no longer
  turns every name into mojibake). NUL bytes or control characters: refused as
  binary.
* Structure: a header that looks separated by ``;``, tab or ``|``; a column name given
  twice; a row with fewer fields than the named columns (a line cut short or a lost
  comma); a row with non-empty fields beyond the header; quoting that pandas and the
  :mod:`csv` module read differently. Blank lines and rows with every cell empty are
  dropped with a warning naming their lines; values in columns without a name are
  dropped with a warning.
* Kind: a file meant for another reader (recognised from its header) is refused with
  the reader that fits; missing required columns are named.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pandas as pd

from ..errors import AllianceNetError, DataFormatError
from ._files import SOURCES, fail, hint, label_of, names, read_bytes, short, warn

__all__ = ["read_bytes", "read_table", "lines", "hint", "warn", "reading"]

# File kinds recognised from their header: (kind, columns that must all be present,
# description, reader that fits or None). The most specific match counts.
_KINDS: tuple[tuple[str, frozenset[str], str, str | None], ...] = (
    ("atop_member", frozenset({"atopid", "member", "yrent", "yrexit"}),
     "the ATOP member-level file (atop5_1m)", "read_atop"),
    ("atop_alliance", frozenset({"atopid", "begyr", "endyr"}),
     "the ATOP alliance-level file (atop5_1a): one row per treaty, no members", None),
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
    ("nmc", frozenset({"stateabb", "ccode", "year", "milex", "milper", "irst", "pec", "tpop",
                       "upop"}),
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

_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_NEWLINE, _COMMA, _QUOTE, _SPACE, _TAB = ord("\n"), ord(","), ord('"'), ord(" "), ord("\t")
#: Control characters that never occur in CSV text (all but tab, line feed, carriage return).
_CONTROL = {*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F}
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL)
_FALLBACK = "alliancenet.cp1252"
_LATIN1 = "alliancenet.latin1"


def _latin1(err: UnicodeError) -> tuple[str, int]:
    """Error handler: a byte Windows-1252 leaves undefined is read as Latin-1."""
    if not isinstance(err, UnicodeDecodeError):  # pragma: no cover - decode only
        raise err
    return err.object[err.start : err.end].decode("latin-1"), err.end


def _single_byte(data: bytes) -> str:
    """Windows-1252, or Latin-1 where Windows-1252 leaves a byte undefined."""
    return data.decode("cp1252", errors=_LATIN1)


def _fallback(err: UnicodeError) -> tuple[str, int]:
    """Error handler: bytes that are not UTF-8 are read as Windows-1252."""
    if not isinstance(err, UnicodeDecodeError):  # pragma: no cover - decode only
        raise err
    return _single_byte(err.object[err.start : err.end]), err.end


codecs.register_error(_LATIN1, _latin1)
codecs.register_error(_FALLBACK, _fallback)


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when every other byte of the start is NUL (ASCII text)."""
    sample = data[: 4096 - 4096 % 2]
    half = len(sample) // 2
    if half < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= 0.7 * half and even <= 0.05 * half:
        return "utf-16-le"
    if even >= 0.7 * half and odd <= 0.05 * half:
        return "utf-16-be"
    return None


def _decode(data: bytes, label: str, reader: str) -> str:
    """Text of the file (see the module docstring for the rules)."""
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
        (codecs.BOM_UTF8, "utf-8-sig"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as err:
                raise fail(
                    label,
                    f"starts with a {encoding.upper()} byte-order mark but is "
                    f"not valid {encoding.upper()} (byte {err.start}); re-save it as "
                    "UTF-8",
                ) from None
    if b"\x00" in data:
        if not data.strip(b"\x00"):
            raise fail(
                label,
                f"the file holds only NUL (zero) bytes ({len(data):,}): a damaged "
                "or unfinished download; download it again",
                reader,
            )
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            try:
                return data.decode(utf16)
            except UnicodeDecodeError:
                raise fail(
                    label,
                    f"looks like {utf16.upper()} text without a byte-order "
                    "mark but does not decode as such; re-save it as UTF-8",
                ) from None
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise fail(
            label,
            f"holds binary data (a NUL byte on line {line}), not CSV text: a "
            "damaged download or another format",
            reader,
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if not _UTF8_MULTIBYTE.search(data):
        return _single_byte(data)  # a Windows-1252/Latin-1 file (older COW files)
    bad: list[tuple[int, bytes]] = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as err:
            bad.append((number, raw[err.start : err.end]))
    text = data.decode("utf-8", errors=_FALLBACK)
    shown = ", ".join(str(n) for n, _ in bad[:8]) + (
        f" and {len(bad) - 8} more" if len(bad) > 8 else ""
    )
    example = bad[0][1]
    warn(
        f"{label_of(label)}: the file is UTF-8 except on line{'s' if len(bad) > 1 else ''} "
        f"{shown}, whose stray byte(s) (e.g. {example!r} -> {_single_byte(example)!r}) were read "
        "as Windows-1252. Check the names on those lines; re-save the file as UTF-8."
    )
    return text


def lines(mask: pd.Series) -> str:
    """File line numbers of the rows flagged in `mask` (indexed by line), for messages."""
    idx = [int(i) for i in mask.index[mask.to_numpy(dtype=bool)]]
    shown = ", ".join(str(i) for i in idx[:8])
    more = f" and {len(idx) - 8} more" if len(idx) > 8 else ""
    return f"line{'s' if len(idx) > 1 else ''} {shown}{more}"


def _first_control(encoded: bytes) -> tuple[str, int] | None:
    """The first control character of a text and its line, or None.

    Checked on the text's UTF-8 bytes (a multi-byte character never holds a byte
    below 0x80, so the ASCII control bytes are exactly the control characters).
    """
    found = encoded.translate(None, _NOT_CONTROL)  # the control bytes, in file order
    if not found:
        return None
    at = encoded.index(found[:1])
    return chr(found[0]), encoded.count(b"\n", 0, at) + 1


def _kind_check(columns: set[str], label: str, reader: str, accept: tuple[str, ...]) -> None:
    """Refuse a file meant for another reader (the most specific header match decides)."""
    matched = [k for k in _KINDS if k[1] <= columns]
    # drop kinds whose columns are a strict subset of another match (majors within states)
    matched = [k for k in matched if not any(k[1] < other[1] for other in matched)]
    if not matched:
        return
    size = max(len(k[1]) for k in matched)
    if any(k[0] in accept and len(k[1]) == size for k in matched):
        return
    kind, _, description, fits = max(matched, key=lambda k: len(k[1]))
    advice = f"use anet.{fits}" if fits else _NO_READER_HINT.get(kind, "")
    raise fail(label, f"this looks like {description}, not {SOURCES[reader].what}; {advice}")


def _plain_quotes(chars: np.ndarray, commas: np.ndarray, ends: np.ndarray) -> bool:
    """Whether every quote character belongs to a pair holding no comma and no line break.

    Such quoted values (COW's ``"United Kingdom"``) do not change where fields and rows
    end, so the commas of a row count its fields exactly.
    """
    quotes = np.flatnonzero(chars == _QUOTE)
    if quotes.size % 2:
        return False
    opening, closing = quotes[0::2], quotes[1::2]
    return bool(
        np.array_equal(np.searchsorted(commas, opening), np.searchsorted(commas, closing))
        and np.array_equal(np.searchsorted(ends, opening), np.searchsorted(ends, closing))
    )


def _field_opens_blank(chars: np.ndarray, start: int) -> bool:
    """Whether a field from byte `start` on (a line start) opens with a space or a tab."""
    blanks = np.flatnonzero((chars[start:] == _SPACE) | (chars[start:] == _TAB))
    if not blanks.size:
        return False
    if blanks[0] == 0:
        return True
    before = chars[start + blanks[blanks > 0] - 1]
    return bool(((before == _COMMA) | (before == _NEWLINE)).any())


class _Scan:
    """What one pass over the text finds: header, first line of each row, bad rows.

    Attributes: ``header`` (raw fields), ``header_end`` (its last line), ``starts``
    (first file line of each data row), ``short``/``long`` ((line, fields) of rows with
    fewer fields than the named columns / non-empty fields beyond the header),
    ``width`` (header fields), ``needed`` (fields up to the last named column),
    ``widest`` (most fields in a row).
    """

    def __init__(self, text: str, data: bytes, label: str) -> None:
        self.header: list[str] = []
        self.header_end = 0
        self.starts: np.ndarray = np.zeros(0, dtype=np.int64)
        self.short: list[tuple[int, int]] = []
        self.long: list[tuple[int, int]] = []
        self.spans: list[tuple[int, int]] = []  # rows running over several lines
        self.width = self.needed = self.widest = 0
        chars = np.frombuffer(data, dtype=np.uint8)
        ends = np.flatnonzero(chars == _NEWLINE)  # one per row: the text ends with "\n"
        commas = np.flatnonzero(chars == _COMMA)
        if _plain_quotes(chars, commas, ends):
            self._scan_plain(data, ends, commas)
        else:
            self._scan_csv(text, label)
        #: byte offset of the first line after the header
        self.body_start = int(ends[self.header_end - 1]) + 1 if self.header_end else len(data)
        #: whether a field after the header opens with a blank (`, "United Kingdom"`)
        self.spaced = _field_opens_blank(chars, self.body_start)

    def _set_header(self, row: list[str], end: int) -> None:
        self.header, self.header_end = row, end
        self.width = self.widest = len(row)
        self.needed = [i for i, f in enumerate(row) if f.strip()][-1] + 1

    def _check(self, start: int, row: list[str]) -> None:
        n = len(row)
        if n < self.needed and any(field.strip() for field in row):
            self.short.append((start, n))
        elif n > self.width:
            self.widest = max(self.widest, n)
            if any(field.strip() for field in row[self.width :]):
                self.long.append((start, n))

    def _scan_plain(self, data: bytes, ends: np.ndarray, commas: np.ndarray) -> None:
        """Fast path for text whose commas all separate fields (:func:`_plain_quotes`):
        a row's fields are its comma-separated pieces; rows that do not fit are parsed."""

        def parse(i: int) -> list[str]:
            start = int(ends[i - 1]) + 1 if i else 0
            line = data[start : int(ends[i])].decode("utf-8", "surrogatepass")
            return next(csv.reader([line], skipinitialspace=True), [])

        # the header is the first row with a field that is not blank
        first = next((i for i in range(len(ends)) if any(f.strip() for f in parse(i))), None)
        if first is None:
            return
        self._set_header(parse(first), first + 1)
        before = np.searchsorted(commas, ends)  # commas before each row's end
        fields = np.diff(before, prepend=0) + 1  # each row's commas, plus one
        self.starts = np.arange(first + 2, len(ends) + 1, dtype=np.int64)
        for i in np.flatnonzero(fields[first + 1 :] != self.width).tolist():
            self._check(first + 2 + i, parse(first + 1 + i))

    def _scan_csv(self, text: str, label: str) -> None:
        rows = csv.reader(io.StringIO(text), skipinitialspace=True)
        prev = 0
        starts: list[int] = []
        try:
            for row in rows:
                start, prev = prev + 1, rows.line_num
                if not self.header:
                    if any(field.strip() for field in row):
                        self._set_header(row, prev)
                    continue
                starts.append(start)
                if prev != start:
                    self.spans.append((start, prev))
                if len(row) != self.width:
                    self._check(start, row)
        except csv.Error as err:
            raise fail(
                label, f"line {rows.line_num} is not readable as CSV ({short(err, 80)})"
            ) from None
        self.starts = np.asarray(starts, dtype=np.int64)


def _columns(scan: _Scan, label: str, reader: str) -> list[str]:
    """Normalised column names (blank names become 'unnamed:<i>'); refuse bad headers."""
    raw = ",".join(scan.header)
    for sep, name in ((";", "semicolon"), ("\t", "tab"), ("|", "pipe")):
        if raw.count(sep) > len(scan.header) - 1:
            raise fail(
                label,
                f"the file looks {name}-separated (header {short(raw, 60)!r}), but "
                f"anet.{reader} reads comma-separated files as published. Re-save it with "
                f"commas, e.g. pd.read_csv(path, sep={sep!r}).to_csv(new_path, index=False)",
            )
    columns = [
        f.strip().lstrip("\ufeff").lower() or f"unnamed:{i}" for i, f in enumerate(scan.header)
    ]
    seen: dict[str, int] = {}
    for i, col in enumerate(columns):
        if col in seen:
            raise fail(
                label,
                f"the header names column {short(col, 40)!r} twice (columns "
                f"{seen[col] + 1} and {i + 1}); only one can be read. Rename or remove "
                "one of them",
            )
        seen[col] = i
    return columns


def _row_checks(scan: _Scan, label: str, reader: str) -> None:
    """Refuse rows cut short and rows with values beyond the header, naming the lines.

    A quoted value running over several lines is refused in the published files (they
    have none, so it is an unbalanced quote merging rows) and named in a warning in
    your own table (a note may hold a line break).
    """
    if scan.spans:
        shown = ", ".join(f"{a}-{b}" for a, b in scan.spans[:5])
        more = f" (and {len(scan.spans) - 5} more)" if len(scan.spans) > 5 else ""
        text = (
            f"a quoted value runs over several lines (lines {shown}{more}); an unbalanced "
            "quote character merges rows"
        )
        if reader != "read_memberships":
            raise fail(label, f"{text}, and the published file has no such values. Fix the quotes")
        warn(f"{label_of(label)}: {text}: check the quotes if that was not meant.")
    if scan.short:
        shown = ", ".join(f"line {n} has {k}" for n, k in scan.short[:5])
        more = f" (and {len(scan.short) - 5} more lines)" if len(scan.short) > 5 else ""
        raise fail(
            label,
            f"the header has {scan.needed} fields but {shown}{more}: the line "
            "looks cut short (an interrupted download, or a lost comma) and its "
            "missing values would be read as empty. Fix those lines or download the "
            "file again",
        )
    if scan.long:
        shown = ", ".join(f"line {n} has {k}" for n, k in scan.long[:5])
        more = f" (and {len(scan.long) - 5} more lines)" if len(scan.long) > 5 else ""
        raise fail(
            label,
            f"the header has {scan.width} fields but {shown}{more}; the extra "
            "values would be lost. Fix those rows (a stray comma or an unquoted name "
            "with a comma?)",
        )


def _frame(
    encoded: bytes,
    columns: list[str],
    scan: _Scan,
    label: str,
    keep_text: tuple[str, ...] | None,
    only: tuple[str, ...] | None,
) -> pd.DataFrame:
    """Parse the values with pandas' C parser, rows labelled by their first file line.

    With `keep_text` None every cell is text; otherwise the columns named in it are text
    and the others are parsed as numbers where every cell of the column is one (a
    column with any other cell stays text, see :mod:`._columns`). The whole file is
    parsed in one piece (``low_memory=False``) so a column never mixes types. With
    `only`, just those columns (and any column without a name) are parsed.
    """
    extra = [f"\x00extra:{i}" for i in range(scan.width, scan.widest)]
    usecols = None
    if only is not None:
        usecols = [c for c in columns if c in only or c.startswith("unnamed:")]
    # with keep_text, text columns are inferred as text unless all their cells are numbers
    dtype: type[str] | None = str if keep_text is None else None
    body = encoded[scan.body_start :]
    # blanks opening a field are skipped (`, "United Kingdom"`), a slower parser mode
    # only switched on when some field opens with one
    spaced = scan.spaced
    names = [*columns, *extra]
    try:
        df = _parse(body, names, dtype, usecols, spaced)
        if keep_text is not None:
            numeric = [
                c
                for c in df.columns
                if (c in keep_text or c.startswith("unnamed:")) and df[c].dtype.kind in "iufb"
            ]
            if numeric:  # read as written ("007" stays "007")
                df[numeric] = _parse(body, names, str, numeric, spaced)
    except (pd.errors.ParserError, ValueError, OverflowError) as err:
        raise fail(label, f"not a readable CSV file ({short(err, 120)})") from None
    if len(df) != len(scan.starts):
        raise fail(
            label,
            f"the rows cannot be told apart reliably ({len(df)} rows for pandas, "
            f"{len(scan.starts)} for the csv module): an unbalanced quote character? "
            "Check the quotes in the file",
        )
    df.index = pd.Index(scan.starts, dtype="int64")
    present = [c for c in extra if c in df.columns]
    return df.drop(columns=present) if present else df


def _parse(
    body: bytes,
    names: list[str],
    dtype: type[str] | None,
    usecols: list[str] | None,
    spaced: bool,
) -> pd.DataFrame:
    """pandas' C parser with the readers' options (see :func:`_frame`) on the lines
    after the header; with `usecols`, just those columns."""

    def read(columns: list[str] | None) -> pd.DataFrame:
        return pd.read_csv(
            io.BytesIO(body),
            header=None,
            names=names,
            dtype=dtype,  # type: ignore[arg-type]
            skipinitialspace=spaced,
            keep_default_na=True,
            skip_blank_lines=False,
            index_col=False,
            low_memory=False,
            usecols=columns,
        )

    try:
        return read(usecols)
    except (pd.errors.ParserError, ValueError):
        if usecols is None:
            raise
        # pandas refuses a column subset of some odd files (e.g. only blank rows):
        # parse them whole, as any other file, and keep the subset
        return read(None)[usecols]


def _empty_rows(df: pd.DataFrame) -> np.ndarray:
    """Mask of the rows whose every cell is empty (column by column, stopping early)."""
    empty = np.ones(len(df), dtype=bool)
    for name in df.columns:
        cells = df[name]
        if cells.dtype.kind in "iub":  # the parser gave whole numbers: no cell is empty
            return np.zeros(len(df), dtype=bool)
        empty &= cells.isna().to_numpy(dtype=bool)
        if not empty.any():
            break
    return empty


def _drop_blank(df: pd.DataFrame, label: str, reader: str) -> pd.DataFrame:
    """Drop unnamed columns and empty rows (warning when they hold anything/exist)."""
    unnamed = [c for c in df.columns if c.startswith("unnamed:")]
    if unnamed:
        filled = df[unnamed].notna().any(axis=1)
        if filled.any():
            examples = [short(v, 20) for v in df.loc[filled, unnamed].stack().head(3)]
            warn(
                f"{label_of(label)}: {len(unnamed)} column(s) without a header name were "
                f"ignored, but they hold values in {lines(filled)} (e.g. {examples}); every "
                "row was kept. Check the file if those values matter (spreadsheet leftovers?)."
            )
        df = df.drop(columns=unnamed)
    empty = pd.Series(_empty_rows(df), index=df.index)
    if empty.all():
        raise fail(label, f"the file has a header but only empty rows ({lines(empty)})", reader)
    if empty.any():
        warn(
            f"{label_of(label)}: {int(empty.sum())} completely empty row(s) or blank line(s) "
            f"({lines(empty)}) were skipped."
        )
        df = df.loc[~empty]
    return df


def read_table(
    source: object,
    *,
    reader: str,
    accept: tuple[str, ...],
    required: tuple[str, ...],
    text: tuple[str, ...] | None = None,
    only: tuple[str, ...] | None = None,
    data: tuple[bytes, str] | None = None,
) -> tuple[pd.DataFrame, str]:
    """Read the reader's CSV file into string cells indexed by file line (see module doc).

    Parameters
    ----------
    source : str or path-like
        A file, folder or zip archive (:func:`read_bytes`).
    reader : str
        The reader's name (decides the file names searched and the messages).
    accept : tuple of str
        File kinds (``_KINDS``) the reader reads; a file recognised as another kind is
        refused with the reader that fits.
    required : tuple of str
        Columns that must be present (lower-case).
    text : tuple of str, optional
        The columns the reader reads as text. When given, every other column is
        parsed as numbers if all its cells are numbers (faster; :mod:`._columns`
        takes either). When None (the default), every cell is text.
    only : tuple of str, optional
        Parse just these columns (the reader's own); the others are checked for their
        number of fields like every row, but their values are not read. None (the
        default) reads every column.
    data : (bytes, str), optional
        The file's bytes and label when the reader has already read them with
        :func:`read_bytes` (`source` is then not read again).

    Returns
    -------
    pandas.DataFrame, str
        The table and a label for messages.
    """
    raw, label = read_bytes(source, reader) if data is None else data
    body = _decode(raw, label, reader)
    del raw, data
    if "\r" in body:
        body = body.replace("\r\n", "\n").replace("\r", "\n")
    body = body.rstrip().rstrip("\x1a").rstrip()  # trailing blank lines, DOS end-of-file mark
    if not body.strip():
        raise fail(label, "the file is empty", reader)
    body += "\n"
    encoded = body.encode("utf-8", "surrogatepass")
    control = _first_control(encoded)
    if control is not None:
        char, line = control
        raise fail(
            label,
            f"holds a control character ({char!r} on line {line}), "
            "so it is not CSV text: a damaged download or another format",
            reader,
        )
    scan = _Scan(body, encoded, label)
    columns = _columns(scan, label, reader)
    named = [c for c in columns if not c.startswith("unnamed:")]
    _kind_check(set(named), label, reader, accept)
    missing = [c for c in required if c not in named]
    if missing:
        raise fail(
            label,
            f"required column(s) {missing} are missing; the file has columns "
            f"{names(named, 15)}. anet.{reader} reads {SOURCES[reader].what}",
            reader,
        )
    _row_checks(scan, label, reader)
    if not len(scan.starts):
        raise fail(label, "the file has a header but no data rows", reader)
    df = _frame(encoded, columns, scan, label, text, only)
    return _drop_blank(df, label, reader), label


@contextmanager
def reading(reader: str, source: object) -> Iterator[None]:
    """Turn an unexpected exception in a reader into a short :class:`DataFormatError`."""
    try:
        yield
    except (AllianceNetError, MemoryError):
        raise
    except Exception as err:
        raise DataFormatError(
            f"anet.{reader} could not read {short(source, 160)!r}: {type(err).__name__}: "
            f"{short(err, 160)}. If the file is a genuine release, please report this."
        ) from err
