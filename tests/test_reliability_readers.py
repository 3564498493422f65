"""Reliability corpus for the readers (issue 10): damaged, hostile and unusual inputs.

Every case is generated here, from small files the tests write and (``realdata``) from
the genuine files in ``../shared/data``. Each case ends in one of:

* an :class:`~alliancenet.AllianceNetError` whose message is short (at most 500
  characters), names the file, and names the line where there is one;
* a table equal to the clean file's (encodings, extra columns, several releases),
  with a :class:`~alliancenet.DataWarning` where the reader had to choose;

never a raw exception, never a silent change of values, never a hang (every call
runs under a deadline).
"""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import lzma
import os
import re
import signal
import socket
import struct
import sys
import time
import warnings
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

import alliancenet as anet
from alliancenet.datasets import _files
from alliancenet.errors import AllianceNetError, DataWarning

DEADLINE = 20  # seconds; a reader that blocks fails the test instead of hanging it
MAX_MESSAGE = 500


class Deadline(Exception):
    pass


@contextmanager
def deadline(seconds: float = DEADLINE) -> Iterator[None]:
    """Interrupt the block after `seconds` (SIGALRM; interrupts a blocking open too)."""
    if not hasattr(signal, "setitimer"):  # pragma: no cover - Windows
        yield
        return

    def expire(signum, frame):
        raise Deadline(f"no answer within {seconds} s")

    old = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def refused(call: Callable[[], object], *, line: int | None = None, name: str | None = None) -> str:
    """Run `call`; it must raise a short AllianceNetError naming `name` and `line`."""
    with deadline(), warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        with pytest.raises(AllianceNetError) as info:
            call()
    message = str(info.value)
    assert len(message) <= MAX_MESSAGE, f"{len(message)} characters: {message}"
    if name is not None:
        assert name in message, message
    if line is not None:
        pattern = rf"\b(?:line|lines|row|rows) (?:\d+, )*{line}\b"
        assert re.search(pattern, message), f"line {line} not named: {message}"
    return message


def accepted(call: Callable[[], pd.DataFrame], *, warns: str | None = None) -> pd.DataFrame:
    """Run `call`; it must return a table (with a short DataWarning matching `warns`)."""
    with deadline(), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = call()
    data_warnings = [str(w.message) for w in caught if issubclass(w.category, DataWarning)]
    for message in data_warnings:
        assert len(message) <= MAX_MESSAGE, message
    if warns is not None:
        assert any(re.search(warns, m) for m in data_warnings), data_warnings
    else:
        assert not data_warnings, data_warnings
    return out


def _no_file(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    df.attrs.pop("file", None)
    return df


def same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(_no_file(a), _no_file(b))


# ------------------------------------------------------------------------ clean files


@dataclass(frozen=True)
class Kind:
    """A reader and a small valid file for it (header, rows) plus the columns to mutate."""

    name: str
    read: Callable[..., pd.DataFrame]
    filename: str
    header: str
    rows: tuple[str, ...]
    code: str  # a state-code column
    year: str  # a year column
    flag: str | None = None  # a 0/1 column
    real: str | None = None  # genuine file, relative to ../shared/data

    def lines(self) -> list[str]:
        return [self.header, *self.rows]


KINDS = [
    Kind(
        "atop",
        anet.read_atop,
        "atop5_1m.csv",
        "atopid,member,yrent,moent,dayent,yrexit,moexit,dayexit,phase,"
        "defense,offense,neutral,nonagg,consul,version",
        (
            "3180,2,1949,4,4,1951,6,19,1,1,0,0,1,1,5.1",
            "3180,2,1951,6,19,0,0,0,2,1,0,0,1,1,5.1",
            "3180,200,1949,4,,0,0,0,0,1,0,0,1,1,5.1",
            "1005,365,1815,1,3,1815,2,8,0,0,1,0,0,0,5.1",
        ),
        "member",
        "yrexit",
        "defense",
        "atop_5_1/atop5_1m.csv",
    ),
    Kind(
        "cow",
        anet.read_cow,
        "alliance_v4.1_by_member.csv",
        "version4id,ccode,state_name,mem_st_year,mem_end_year,right_censor,"
        "defense,neutrality,nonaggression,entente,version",
        (
            '227,2,"United States of America",1949,,1,1,0,1,1,4.1',
            '227,200,"United Kingdom",1949,,1,1,0,1,1,4.1',
            '3,240,"Hanover",1816,1818,0,1,0,1,,4.1',
            '3,245,"Bavaria",1816,1818,0,1,0,1,,4.1',
        ),
        "ccode",
        "mem_st_year",
        "defense",
        "cow_alliance_v4_1/alliance_v4.1_by_member.csv",
    ),
    Kind(
        "cow_yearly",
        anet.read_cow,
        "alliance_v4.1_by_member_yearly.csv",
        "version4id,ccode,state_name,mem_st_year,mem_end_year,right_censor,"
        "defense,neutrality,nonaggression,entente,year,version",
        (
            '3,240,"Hanover",1816,1818,0,1,0,1,,1816,4.1',
            '3,240,"Hanover",1816,1818,0,1,0,1,,1817,4.1',
            '3,240,"Hanover",1816,1818,0,1,0,1,,1818,4.1',
            '3,245,"Bavaria",1816,1818,0,1,0,1,,1816,4.1',
        ),
        "ccode",
        "year",
        "defense",
        "cow_alliance_v4_1/alliance_v4.1_by_member_yearly.csv",
    ),
    Kind(
        "states",
        anet.read_states,
        "states2016.csv",
        "stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version",
        (
            "USA,2,United States of America,1816,1,1,1820,12,31,2016",
            "CAN,20,Canada,1818,1,10,1820,12,31,2016",
            "GMY,255,Germany,1816,1,1,1817,12,31,2016",
            "GMY,255,Germany,1819,1,1,1820,12,31,2016",
        ),
        "ccode",
        "endyear",
        None,
        "cow_states/states2016.csv",
    ),
    Kind(
        "system",
        anet.read_states,
        "system2016.csv",
        "stateabb,ccode,year,version",
        ("USA,2,1816,2016", "UKG,200,1816,2016", "USA,2,1817,2016", "UKG,200,1817,2016"),
        "ccode",
        "year",
        None,
        "cow_states/system2016.csv",
    ),
    Kind(
        "majors",
        anet.read_majors,
        "majors2016.csv",
        "stateabb,ccode,styear,stmonth,stday,endyear,endmonth,endday,version",
        (
            "USA,2,1898,8,13,2016,12,31,2016",
            "UKG,200,1816,1,1,2016,12,31,2016",
            "FRN,220,1816,1,1,1940,6,22,2016",
            "FRN,220,1945,8,15,2016,12,31,2016",
        ),
        "ccode",
        "styear",
        None,
        "cow_majors/majors2016.csv",
    ),
    Kind(
        "nmc",
        anet.read_nmc,
        "NMC-60-abridged.csv",
        "stateabb,ccode,year,milex,milper,irst,pec,tpop,upop,cinc,version",
        (
            "USA,2,1816,3823,17,80,254,8659,101,0.25,2021",
            "UKG,200,1816,-9,255,-9,7568,19520,1858,0.75,2021",
            "USA,2,1817,2466,15,80,277,8899,106,0.5,2021",
            "UKG,200,1817,-9,255,-9,7568,19520,1858,0.5,2021",
        ),
        "ccode",
        "year",
        None,
        "nmc_6/NMC-60-abridged.csv",
    ),
    Kind(
        "memberships",
        anet.read_memberships,
        "mine.csv",
        "alliance_id,ccode,start_year,end_year,defense,note",
        ("MY:1,2,1949,,1,first", "MY:1,20,1949,1960,1,second", "MY:2,2,1950,1955,0,x"),
        "ccode",
        "start_year",
        "defense",
    ),
]
KIND = {k.name: k for k in KINDS}


def write(folder: Path, name: str, lines: list[str] | str | bytes, newline: str = "\n") -> Path:
    path = folder / name
    if isinstance(lines, bytes):
        path.write_bytes(lines)
    else:
        text = lines if isinstance(lines, str) else newline.join(lines) + newline
        path.write_bytes(text.encode("utf-8"))
    return path


def fields(line: str) -> list[str]:
    return next(csv.reader([line]))


def join(values: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(values)
    return buffer.getvalue()


def set_cell(lines: list[str], index: int, column: str, value: str) -> list[str]:
    out = list(lines)
    header = fields(out[0])
    row = fields(out[index])
    row[header.index(column)] = value
    out[index] = join(row)
    return out


# Mutations of one data line (index i of the file's lines; the file line is i + 1).
# Each returns the new lines, or None when it does not apply to the kind.
def _cut(lines, i, kind):
    out = list(lines)
    out[i] = ",".join(out[i].split(",")[:3])
    return out


def _cut_after_flag(lines, i, kind):
    if kind.flag is None:
        return None
    out = list(lines)
    row = fields(out[i])
    out[i] = join(row[: fields(out[0]).index(kind.flag) + 1])
    return out


def _drop_comma(lines, i, kind):
    out = list(lines)
    out[i] = out[i].replace(",", "", 1)
    return out


def _drop_last_comma(lines, i, kind):
    out = list(lines)
    head, _, tail = out[i].rpartition(",")
    out[i] = head + tail
    return out


def _extra_field(lines, i, kind):
    out = list(lines)
    out[i] = out[i] + ",9"
    return out


def _cell(column_of, value):
    def mutate(lines, i, kind):
        column = column_of(kind)
        return None if column is None else set_cell(lines, i, column, value)

    return mutate


MUTATIONS = {
    "cut_mid_line": _cut,
    "cut_after_flag": _cut_after_flag,
    "dropped_first_comma": _drop_comma,
    "dropped_last_comma": _drop_last_comma,
    "extra_field": _extra_field,
    "code_2**63": _cell(lambda k: k.code, str(2**63)),
    "code_2**64": _cell(lambda k: k.code, str(2**64)),
    "code_1e30": _cell(lambda k: k.code, "1" + "0" * 30),
    "code_-2**63-1": _cell(lambda k: k.code, str(-(2**63) - 1)),
    "code_negative": _cell(lambda k: k.code, "-9"),
    "code_text": _cell(lambda k: k.code, "USA"),
    "code_fraction": _cell(lambda k: k.code, "2.5"),
    "code_inf": _cell(lambda k: k.code, "inf"),
    "code_empty": _cell(lambda k: k.code, ""),
    "year_19999": _cell(lambda k: k.year, "19999"),
    "year_18": _cell(lambda k: k.year, "18"),
    "year_1200": _cell(lambda k: k.year, "1200"),
    "year_10**12": _cell(lambda k: k.year, str(10**12)),
    "year_2**63": _cell(lambda k: k.year, str(2**63)),
    "year_inf": _cell(lambda k: k.year, "inf"),
    "flag_7": _cell(lambda k: k.flag, "7"),
    "flag_text": _cell(lambda k: k.flag, "yes please"),
}


def _mutated_cases():
    for kind in KINDS:
        for name, mutate in MUTATIONS.items():
            if mutate(kind.lines(), 2, kind) is not None:
                yield pytest.param(kind.name, name, id=f"{kind.name}-{name}")


@pytest.mark.parametrize(("kind_name", "mutation"), list(_mutated_cases()))
def test_mutated_row_is_refused_naming_the_line(tmp_path, kind_name, mutation):
    kind = KIND[kind_name]
    clean = write(tmp_path, kind.filename, kind.lines())
    accepted(lambda: kind.read(clean))
    bad = MUTATIONS[mutation](kind.lines(), 2, kind)
    path = write(tmp_path, kind.filename, bad)
    refused(lambda: kind.read(path), line=3, name=kind.filename)


def test_a_mutated_later_row_of_a_yearly_spell_is_named(tmp_path):
    """The member-yearly file: every row is checked, not only a spell's first."""
    kind = KIND["cow_yearly"]
    for column, value in (("defense", "0"), ("defense", "7"), ("state_name", "Hannover")):
        path = write(tmp_path, kind.filename, set_cell(kind.lines(), 3, column, value))
        message = refused(lambda path=path: kind.read(path), line=4)
        assert "differ" in message and column in message
        assert "line 2" not in message and "line 3," not in message  # only the odd row
    path = write(tmp_path, kind.filename, set_cell(kind.lines(), 3, "year", "19999"))
    refused(lambda: kind.read(path), line=4)


def test_truncated_download(tmp_path):
    """A file cut mid-line (as an interrupted download leaves it) names its last line."""
    for kind in KINDS:
        text = "\n".join(kind.lines())
        cut = text[: text.rindex(",") - 2]
        path = write(tmp_path, kind.filename, cut)
        refused(lambda kind=kind, path=path: kind.read(path), line=len(kind.lines()))


# ------------------------------------------------------------------ header problems


@pytest.mark.parametrize("kind_name", [k.name for k in KINDS])
@pytest.mark.parametrize("spelling", ["same", "upper", "spaced"])
def test_duplicated_column_name(tmp_path, kind_name, spelling):
    kind = KIND[kind_name]
    header = fields(kind.header)
    dup = {"same": kind.code, "upper": kind.code.upper(), "spaced": f" {kind.code} "}[spelling]
    header[-1] = dup
    path = write(tmp_path, kind.filename, [join(header), *kind.rows])
    message = refused(lambda: kind.read(path), name=kind.filename)
    assert "twice" in message and kind.code in message


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("a;b;c;d", "semicolon"),
        ("a\tb\tc\td", "tab"),
        ("a|b|c|d", "pipe"),
    ],
)
def test_other_separators(tmp_path, header, expected):
    path = write(tmp_path, "majors2016.csv", [header, header])
    refused(lambda: anet.read_majors(path), name=expected)


def test_states_file_with_an_extra_column_is_accepted(tmp_path):
    kind = KIND["system"]
    clean = accepted(lambda: anet.read_states(write(tmp_path, kind.filename, kind.lines())))
    lines = [kind.header + ",cinc", *(r + ",0.1" for r in kind.rows)]
    plus = accepted(lambda: anet.read_states(write(tmp_path, kind.filename, lines)))
    same(plus.drop(columns="cinc"), clean)
    assert plus["cinc"].eq(0.1).all()
    spells = KIND["states"]
    lines = [spells.header + ",note", *(r + ",x" for r in spells.rows)]
    plus = accepted(lambda: anet.read_states(write(tmp_path, spells.filename, lines)))
    assert plus["note"].eq("x").all() and len(plus) == 12
    lines = [spells.header + ",code", *(r + f",{i}" for i, r in enumerate(spells.rows))]
    plus = accepted(lambda: anet.read_states(write(tmp_path, spells.filename, lines)))
    assert str(plus["code"].dtype) == "Int64"
    assert plus.loc[plus["ccode"] == 20, "code"].tolist() == [1, 1, 1]


def test_full_nmc_file_is_still_refused_by_read_states(tmp_path):
    kind = KIND["nmc"]
    path = write(tmp_path, "x.csv", kind.lines())
    refused(lambda: anet.read_states(path), name="read_nmc")


# -------------------------------------------------------------------------- encodings

NAMES = ["Côte d’Ivoire", "Württemberg", "São Tomé and Príncipe", "Curaçao"]
STATES_HEADER = KIND["states"].header


def _names_lines():
    return [STATES_HEADER] + [
        f"S{i},{400 + i},{name},1960,1,1,1961,12,31,2016" for i, name in enumerate(NAMES)
    ]


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252"]
)
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_encodings_give_the_same_table(tmp_path, encoding, newline):
    text = newline.join(_names_lines()) + newline
    clean = accepted(lambda: anet.read_states(write(tmp_path, "a.csv", text)))
    assert sorted(set(clean["statenme"])) == sorted(NAMES)
    path = write(tmp_path, "b.csv", text.encode(encoding))
    same(accepted(lambda: anet.read_states(path)), clean)


def test_one_stray_windows_byte_does_not_garble_the_utf8_names(tmp_path):
    lines = _names_lines()
    lines.append("GMY,255,Germany\xa0,1960,1,1,1961,12,31,2016")  # line 6
    data = "\n".join(lines).encode("utf-8").replace("\xa0".encode(), b"\xe9") + b"\n"
    table = accepted(lambda: anet.read_states(write(tmp_path, "s.csv", data)), warns=r"line 6\b")
    assert set(table["statenme"]) == {*NAMES, "Germanyé"}  # the UTF-8 names are intact


def test_latin1_only_byte_and_cp1252_quotes(tmp_path):
    data = "\n".join(_names_lines()[:2]).encode("cp1252") + b"\n"
    table = accepted(lambda: anet.read_states(write(tmp_path, "s.csv", data)))
    assert table["statenme"].iloc[0] == "Côte d’Ivoire"
    data = data.replace("’".encode("cp1252"), b"\x81")  # undefined in cp1252: Latin-1
    table = accepted(lambda: anet.read_states(write(tmp_path, "s.csv", data)))
    assert table["statenme"].iloc[0] == "Côte d\x81Ivoire"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xff\xfe" + b"\x00\xd8" * 8, "UTF-16"),  # BOM then a lone surrogate
        (b"\x00" * 16_000, "only NUL"),
        (b"stateabb,ccode,year\nUSA,2,18\x0016\n", "NUL byte on line 2"),
        (b"stateabb,ccode,year\nUSA,2,1816\x07\n", "('\\x07' on line 2), so it is not CSV text"),
        ("stateabb,ccode,year\nCIV,437,1960\nÉTÉ,1,19\x1b60\n".encode(), "'\\x1b' on line 3"),
        (b"", "empty"),
        (b" \n\n \r\n", "empty"),
        (os.urandom(0) + bytes(range(256)) * 20, "binary data"),
    ],
    ids=[
        "utf16-broken",
        "all-nul",
        "one-nul",
        "bell",
        "escape-after-utf8",
        "empty",
        "whitespace",
        "binary",
    ],
)
def test_binary_and_empty_files(tmp_path, data, expected):
    path = write(tmp_path, "system2016.csv", data)
    message = refused(lambda: anet.read_states(path), name="system2016.csv")
    assert expected in message


# ---------------------------------------------------------------------- other formats


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def _ods() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<x/>")
    return buffer.getvalue()


CSV_BYTES = "\n".join(KIND["majors"].lines()).encode() + b"\n"
FORMATS = {
    "gzip": (gzip.compress(CSV_BYTES), "gzip"),
    "bzip2": (bz2.compress(CSV_BYTES), "bzip2"),
    "xz": (lzma.compress(CSV_BYTES), "xz"),
    "7z": (b"7z\xbc\xaf\x27\x1c" + b"\x00" * 30, "7-Zip"),
    "rar": (b"Rar!\x1a\x07\x00" + b"\x00" * 30, "RAR"),
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
    "parquet": (b"PAR1" + b"\x00" * 40 + b"PAR1", "Parquet"),
    "stata-new": (b"<stata_dta><header><release>118</release>", "Stata"),
    "stata-old": (bytes([0x72, 0x02, 0x01, 0x00]) + b"\x00" * 100, "Stata"),
    "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Excel"),
    "spss": (b"$FL2@(#) SPSS DATA FILE" + b"\x00" * 40, "SPSS"),
    "rdata": (b"RDX3\nX\n\x00\x00\x00\x03", "R data"),
    "sqlite": (b"SQLite format 3\x00" + b"\x00" * 84, "SQLite"),
    "hdf5": (b"\x89HDF\r\n\x1a\n" + b"\x00" * 40, "HDF5"),
    "feather": (b"ARROW1\x00\x00" + b"\x00" * 40, "Arrow"),
    "html": (b"\n  <!DOCTYPE html><html><body>Not found</body></html>", "HTML"),
    "xml": (b'<?xml version="1.0"?><Workbook/>', "HTML/XML"),
    "xlsx": (_xlsx(), "Excel workbook"),
    "ods": (_ods(), "OpenDocument"),
}


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("where", ["file", "in_zip"])
def test_other_formats_are_named(tmp_path, fmt, where):
    data, expected = FORMATS[fmt]
    if where == "in_zip":
        if fmt in ("xlsx", "ods"):
            expected = "Office document"
        path = tmp_path / "release.zip"
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("majors2016.csv", data)
    else:
        path = write(tmp_path, "majors2016.csv", data)
    message = refused(lambda: anet.read_majors(path), name=path.name)
    assert expected in message


# -------------------------------------------------------------------------- zip archives


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


GOOD_ZIP = _zip({"release/majors2016.csv": CSV_BYTES * 1 + b"", "release/readme.txt": b"hi"})


def _patch_headers(data: bytes, offset_in_header: int, fmt: str, value: int) -> bytes:
    """Set a field in every local (PK\\3\\4) and central (PK\\1\\2) header."""
    out = bytearray(data)
    for signature, shift in ((b"PK\x03\x04", 0), (b"PK\x01\x02", 2)):
        start = 0
        while (start := out.find(signature, start)) != -1:
            struct.pack_into(fmt, out, start + offset_in_header + shift, value)
            start += 4
    return bytes(out)


def _flip_data(data: bytes) -> bytes:
    out = bytearray(data)
    first = out.find(b"PK\x03\x04")
    name_len, extra_len = struct.unpack_from("<HH", out, first + 26)
    body = first + 30 + name_len + extra_len
    for k in range(body + 2, body + 12):
        out[k] ^= 0xFF
    return bytes(out)


def _declared_size(data: bytes, size: int) -> bytes:
    out = bytearray(data)
    start = out.find(b"PK\x01\x02")
    struct.pack_into("<I", out, start + 24, size)
    return bytes(out)


ZIPS = {
    "truncated-50": (GOOD_ZIP[:50], "not a readable zip"),
    "truncated-half": (GOOD_ZIP[: len(GOOD_ZIP) // 2], "not a readable zip"),
    "no-end-record": (GOOD_ZIP[:-22], "not a readable zip"),
    "flipped-data": (_flip_data(GOOD_ZIP), "damaged"),
    "encrypted": (_patch_headers(GOOD_ZIP, 6, "<H", 0x1), "encrypted"),
    "unknown-method": (_patch_headers(GOOD_ZIP, 8, "<H", 99), "compression method"),
    "huge-member": (_declared_size(GOOD_ZIP, 2**31), "accepts"),
    "empty-archive": (_zip({}), "holds no file"),
    "only-folders": (_zip({"a/": b"", "b/": b""}), "holds no file"),
    "wrong-members": (_zip({"notes.txt": b"x", "other.csv": b"a,b\n1,2\n"}), "holds no file"),
    "nested-corrupt": (_zip({"inner.zip": GOOD_ZIP[:100]}), "could not be opened"),
    "zip-of-zip-of-gzip": (
        _zip({"inner.zip": _zip({"majors2016.csv": gzip.compress(CSV_BYTES)})}),
        "gzip",
    ),
    "two-same-release": (
        _zip({"a/majors2016.csv": CSV_BYTES, "b/majors2016.csv": CSV_BYTES}),
        "2 files could be",
    ),
}


@pytest.mark.parametrize("case", list(ZIPS))
def test_damaged_zip_archives(tmp_path, case):
    data, expected = ZIPS[case]
    path = write(tmp_path, "release.zip", data)
    message = refused(lambda: anet.read_majors(path), name="release.zip")
    assert expected in message


def test_good_zip_and_nested_zip_read_the_same(tmp_path):
    clean = accepted(lambda: anet.read_majors(write(tmp_path, "majors2016.csv", CSV_BYTES)))
    same(accepted(lambda: anet.read_majors(write(tmp_path, "r.zip", GOOD_ZIP))), clean)
    nested = _zip({"docs.pdf": b"%PDF", "inner.zip": GOOD_ZIP})
    same(accepted(lambda: anet.read_majors(write(tmp_path, "n.zip", nested))), clean)
    # a folder holding only the zip
    folder = tmp_path / "f"
    folder.mkdir()
    write(folder, "r.zip", GOOD_ZIP)
    same(accepted(lambda: anet.read_majors(folder)), clean)


def test_stored_zip_member(tmp_path):
    data = _zip({"majors2016.csv": CSV_BYTES}, zipfile.ZIP_STORED)
    clean = accepted(lambda: anet.read_majors(write(tmp_path, "majors2016.csv", CSV_BYTES)))
    same(accepted(lambda: anet.read_majors(write(tmp_path, "r.zip", data))), clean)


def test_folder_with_a_damaged_zip_says_so(tmp_path):
    write(tmp_path, "release.zip", GOOD_ZIP[:60])
    message = refused(lambda: anet.read_majors(tmp_path), name=str(tmp_path))
    assert "release.zip" in message and "could not be opened" in message


# ------------------------------------------------------------- several candidate files


def _majors_release(version: str, ccode: int) -> bytes:
    kind = KIND["majors"]
    return (kind.header + f"\nUSA,{ccode},1898,8,13,2016,12,31,{version}\n").encode()


@pytest.mark.parametrize("container", ["folder", "zip"])
def test_newest_release_is_chosen_with_a_warning(tmp_path, container):
    members = {
        "majors2011.csv": _majors_release("2011", 20),
        "majors2016.csv": _majors_release("2016", 2),
    }
    if container == "folder":
        for name, data in members.items():
            write(tmp_path, name, data)
        source = tmp_path
    else:
        source = write(tmp_path, "COW.zip", _zip(members))
    table = accepted(lambda: anet.read_majors(source), warns=r"newest, 'majors2016\.csv'")
    assert table["ccode"].tolist() == [2]


def test_newest_atop_release(tmp_path):
    kind = KIND["atop"]
    write(tmp_path, "atop5_0m.csv", [kind.header, kind.rows[0].replace("3180,2,", "3180,20,")])
    write(tmp_path, "atop5_1m.csv", [kind.header, kind.rows[0]])
    table = accepted(lambda: anet.read_atop(tmp_path), warns=r"newest, 'atop5_1m\.csv'")
    assert table["ccode"].tolist() == [2]
    write(tmp_path, "atop10_0m.csv", [kind.header, kind.rows[0].replace("3180,2,", "3180,30,")])
    table = accepted(lambda: anet.read_atop(tmp_path), warns=r"newest, 'atop10_0m\.csv'")
    assert table["ccode"].tolist() == [30]


def test_newest_nmc_release(tmp_path):
    kind = KIND["nmc"]
    write(tmp_path, "NMC-50-abridged.csv", [kind.header, kind.rows[0].replace(",2,", ",20,")])
    write(tmp_path, "NMC-60-abridged.csv", kind.lines())
    table = accepted(lambda: anet.read_nmc(tmp_path), warns="NMC-60-abridged")
    assert set(table["ccode"]) == {2, 200}


def test_ambiguous_candidates_are_listed(tmp_path):
    write(tmp_path, "a.csv", KIND["memberships"].lines())
    write(tmp_path, "b.csv", KIND["memberships"].lines())
    message = refused(lambda: anet.read_memberships(tmp_path))
    assert "'a.csv'" in message and "'b.csv'" in message
    other = tmp_path / "nmc"
    other.mkdir()
    write(other, "NMC_abridged_v6.csv", KIND["nmc"].lines())
    write(other, "NMC_abridged_v5.csv", KIND["nmc"].lines())
    message = refused(lambda: anet.read_nmc(other))
    assert "NMC_abridged_v5.csv" in message and "NMC_abridged_v6.csv" in message


def test_preferred_kind_wins_without_warning(tmp_path):
    """The COW member file is preferred to the member-yearly file (documented, no warning)."""
    write(tmp_path, KIND["cow"].filename, KIND["cow"].lines())
    write(tmp_path, KIND["cow_yearly"].filename, KIND["cow_yearly"].lines())
    table = accepted(lambda: anet.read_cow(tmp_path))
    assert len(table) == 4
    write(tmp_path, "system2016.csv", KIND["system"].lines())
    write(tmp_path, "states2016.csv", KIND["states"].lines())
    assert accepted(lambda: anet.read_states(tmp_path))["statenme"].isna().all()


# ------------------------------------------------------- paths, folders, special files


def test_folders_are_not_walked(tmp_path):
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    write(deep, "majors2016.csv", CSV_BYTES)
    message = refused(lambda: anet.read_majors(tmp_path), name=str(tmp_path))
    assert "'a/'" in message and "subfolders are not searched" in message
    start = time.perf_counter()
    refused(lambda: anet.read_atop("/usr"), name="/usr")
    refused(lambda: anet.read_atop("/"))
    assert time.perf_counter() - start < 5


def test_folder_with_too_many_entries(tmp_path, monkeypatch):
    monkeypatch.setattr(_files, "MAX_ENTRIES", 5)
    for i in range(8):
        write(tmp_path, f"f{i}.txt", b"x")
    message = refused(lambda: anet.read_majors(tmp_path))
    assert "more than 5 entries" in message


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("", "empty path"),
        ("   ", "empty path"),
        ("a\x00b.csv", "NUL"),
        ("https://correlatesofwar.org/majors2016.csv", "fetch_majors(url="),
        (42, "expects a file path"),
        (None, "expects a file path"),
        (["majors2016.csv"], "expects a file path"),
        (3.5, "expects a file path"),
    ],
    ids=["empty", "blank", "nul", "url", "int", "none", "list", "float"],
)
def test_hostile_paths(source, expected):
    message = refused(lambda: anet.read_majors(source))
    assert expected in message


def test_bytes_path_and_tilde(tmp_path, monkeypatch):
    path = write(tmp_path, "majors2016.csv", CSV_BYTES)
    clean = accepted(lambda: anet.read_majors(path))
    same(accepted(lambda: anet.read_majors(os.fsencode(path))), clean)
    monkeypatch.setenv("HOME", str(tmp_path))
    same(accepted(lambda: anet.read_majors("~/majors2016.csv")), clean)


def test_missing_file_and_parent_is_a_file(tmp_path):
    refused(lambda: anet.read_majors(tmp_path / "nothere.csv"), name="not found")
    path = write(tmp_path, "majors2016.csv", CSV_BYTES)
    refused(lambda: anet.read_majors(path / "x.csv"), name="not a folder")
    long = tmp_path / ("x" * 300 + ".csv")
    message = refused(lambda: anet.read_majors(long))
    assert "too long" in message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
@pytest.mark.parametrize("where", ["direct", "in_folder"])
def test_fifo_is_refused_without_blocking(tmp_path, where):
    fifo = tmp_path / "majors2016.csv"
    os.mkfifo(fifo)
    message = refused(lambda: anet.read_majors(fifo if where == "direct" else tmp_path))
    assert "FIFO" in message


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX special files")
def test_devices_and_sockets_are_refused(tmp_path):
    for device in ("/dev/null", "/dev/zero", "/dev/urandom"):
        if os.path.exists(device):
            assert "device" in refused(lambda device=device: anet.read_majors(device))
    short_dir = Path("/tmp") / f"anet-sock-{os.getpid()}"
    short_dir.mkdir(exist_ok=True)
    path = short_dir / "majors2016.csv"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        assert "socket" in refused(lambda: anet.read_majors(path))
    finally:
        server.close()
        path.unlink(missing_ok=True)
        short_dir.rmdir()


def test_folder_named_like_the_file_is_not_a_candidate(tmp_path):
    (tmp_path / "majors2016.csv").mkdir()
    message = refused(lambda: anet.read_majors(tmp_path))
    assert "holds no file" in message
    refused(lambda: anet.read_majors(tmp_path / "majors2016.csv"), name="holds no file")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_symbolic_links(tmp_path):
    loop = tmp_path / "majors2016.csv"
    os.symlink(loop, loop)
    assert "loop" in refused(lambda: anet.read_majors(loop))
    assert "loop" in refused(lambda: anet.read_majors(tmp_path))  # found in the folder
    loop.unlink()
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    os.symlink(b, a)
    os.symlink(a, b)
    assert "loop" in refused(lambda: anet.read_majors(a))
    dangling = tmp_path / "d.csv"
    os.symlink(tmp_path / "gone.csv", dangling)
    assert "does not exist" in refused(lambda: anet.read_majors(dangling))
    real = write(tmp_path / "..", f"{tmp_path.name}-real.csv", CSV_BYTES)
    link = tmp_path / "link.csv"
    os.symlink(real, link)
    same(accepted(lambda: anet.read_majors(link)), accepted(lambda: anet.read_majors(real)))
    real.unlink()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file(tmp_path):
    path = write(tmp_path, "majors2016.csv", CSV_BYTES)
    path.chmod(0)
    try:
        assert "permission" in refused(lambda: anet.read_majors(path))
    finally:
        path.chmod(0o644)


def test_file_too_large_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(_files, "MAX_BYTES", 100)
    path = write(tmp_path, "majors2016.csv", CSV_BYTES * 3)
    assert "accepts" in refused(lambda: anet.read_majors(path))


# ------------------------------------------------------------- rows and quoting oddities


def test_unbalanced_quote(tmp_path):
    kind = KIND["cow"]
    lines = kind.lines()
    lines[2] = lines[2].replace('"United Kingdom"', '"United Kingdom')
    refused(lambda: kind.read(write(tmp_path, kind.filename, lines)), name=kind.filename)


def test_quoted_newline(tmp_path):
    """A value over two lines: refused in a published file, named in your own table."""
    kind = KIND["cow"]
    lines = kind.lines()
    lines[1] = lines[1].replace('"United States of America"', '"United States\nof America"')
    refused(lambda: kind.read(write(tmp_path, kind.filename, lines)), name="lines 2-3")
    kind = KIND["memberships"]
    lines = kind.lines()
    lines[1] = lines[1].replace("first", '"first\nnote"')
    table = accepted(lambda: kind.read(write(tmp_path, "a.csv", lines)), warns="lines 2-3")
    assert table["note"].tolist() == ["first\nnote", "second", "x"]
    lines[3] = lines[3].replace("1950,1955", "1950,19999")  # file line 5 (row 1 spans 2-3)
    refused(lambda: kind.read(write(tmp_path, "b.csv", lines)), line=5)


def test_blank_and_empty_rows_are_skipped_naming_lines(tmp_path):
    kind = KIND["majors"]
    lines = [kind.header, kind.rows[0], "", ",,,,,,,,", *kind.rows[1:]]
    clean = accepted(lambda: kind.read(write(tmp_path, "a.csv", kind.lines())))
    table = accepted(lambda: kind.read(write(tmp_path, "b.csv", lines)), warns=r"lines 3, 4")
    same(table, clean)
    refused(
        lambda: kind.read(write(tmp_path, "c.csv", [kind.header, "", ",,,"])), name="only empty"
    )
    refused(lambda: kind.read(write(tmp_path, "d.csv", [kind.header])), name="no data rows")


def test_trailing_empty_field_is_harmless(tmp_path):
    kind = KIND["atop"]
    clean = accepted(lambda: kind.read(write(tmp_path, "a.csv", kind.lines())))
    lines = [kind.header, kind.rows[0] + ",", *kind.rows[1:]]  # one line only
    same(accepted(lambda: kind.read(write(tmp_path, kind.filename, lines))), clean)


def test_state_code_ranges(tmp_path):
    """COW codes have three digits; ATOP gives a few non-system members four."""
    kind = KIND["majors"]
    path = write(tmp_path, kind.filename, set_cell(kind.lines(), 3, "ccode", "1816"))
    assert "from 0 to 999" in refused(lambda: kind.read(path), line=4)
    kind = KIND["atop"]
    path = write(tmp_path, kind.filename, set_cell(kind.lines(), 3, "member", "8152"))
    assert accepted(lambda: kind.read(path))["ccode"].tolist()[2] == 8152
    path = write(tmp_path, kind.filename, set_cell(kind.lines(), 3, "member", "100000"))
    refused(lambda: kind.read(path), line=4)


def test_nmc_values(tmp_path):
    kind = KIND["nmc"]
    for column, value, expected in (
        ("cinc", "inf", "finite"),
        ("cinc", "-inf", "finite"),
        ("cinc", "1e999", "finite"),
        ("cinc", "2", "from 0 to 1"),
        ("cinc", "-0.5", "from 0 to 1"),
        ("milex", "-5", "-9 for missing"),
        ("tpop", "12k", "numbers"),
    ):
        path = write(tmp_path, kind.filename, set_cell(kind.lines(), 2, column, value))
        message = refused(lambda path=path: kind.read(path), line=3)
        assert expected in message and column in message


def test_months_and_days(tmp_path):
    for kind_name, column, high in (
        ("majors", "stmonth", "13"),
        ("majors", "endday", "32"),
        ("atop", "moent", "13"),
        ("atop", "dayexit", "32"),
    ):
        kind = KIND[kind_name]
        for value in (high, "-1", "99999999999999999999"):
            path = write(tmp_path, kind.filename, set_cell(kind.lines(), 1, column, value))
            refused(lambda path=path, kind=kind: kind.read(path), line=2)


def test_many_bad_lines_message_stays_short(tmp_path):
    kind = KIND["majors"]
    lines = [kind.header] + [f"USA,2,18{i}" for i in range(5000)]
    message = refused(lambda: kind.read(write(tmp_path, kind.filename, lines)), line=2)
    assert "more lines" in message
    lines = [kind.header] + [f"USA,{2**63},1898,8,13,2016,12,31,2016"] * 5000
    refused(lambda: kind.read(write(tmp_path, kind.filename, lines)), line=2)
    long_name = "x" * 5000
    lines = [kind.header + "," + long_name, *(r + ",1" for r in kind.rows)]
    accepted(lambda: kind.read(write(tmp_path, kind.filename, lines)))
    lines = [kind.header, "USA," + "9" * 100_000 + ",1898,8,13,2016,12,31,2016"]
    refused(lambda: kind.read(write(tmp_path, kind.filename, lines)), line=2)


def test_long_paths_are_shortened_in_messages(tmp_path):
    deep = tmp_path
    for _ in range(12):
        deep = deep / ("d" * 30)
    deep.mkdir(parents=True)
    kind = KIND["majors"]
    path = write(deep, kind.filename, set_cell(kind.lines(), 1, "ccode", "-1"))
    refused(lambda: kind.read(path), line=2, name="majors2016.csv")
    refused(lambda: kind.read(deep / "missing.csv"), name="missing.csv")


# ------------------------------------------------------------------------ genuine files

REAL_MUTATIONS = [
    "cut_mid_line",
    "cut_after_flag",
    "dropped_first_comma",
    "dropped_last_comma",
    "extra_field",
    "code_2**63",
    "code_-2**63-1",
    "year_19999",
    "year_18",
    "year_10**12",
    "flag_7",
]


def _real_cases():
    for kind in KINDS:
        if kind.real is None:
            continue
        for name in REAL_MUTATIONS:
            if MUTATIONS[name](kind.lines(), 2, kind) is not None:
                yield pytest.param(kind.name, name, id=f"{kind.name}-{name}")


@pytest.mark.realdata
@pytest.mark.parametrize(("kind_name", "mutation"), list(_real_cases()))
def test_real_file_mutated(shared_data, tmp_path, kind_name, mutation):
    """One line in the middle of the genuine file damaged: refused naming that line."""
    kind = KIND[kind_name]
    lines = (shared_data / kind.real).read_text(encoding="utf-8").splitlines()
    index = len(lines) // 2
    kind_here = Kind(
        kind.name, kind.read, kind.filename, lines[0], (), kind.code, kind.year, kind.flag
    )
    bad = MUTATIONS[mutation](lines, index, kind_here)
    path = write(tmp_path, kind.filename, bad, newline="\r\n")
    refused(lambda: kind.read(path), line=index + 1, name=kind.filename)


@pytest.mark.realdata
def test_real_files_in_other_encodings_and_layouts(shared_data, tmp_path):
    real = shared_data / "atop_5_1" / "atop5_1m.csv"
    clean = anet.read_atop(real)
    assert len(clean) == 2510 and clean["alliance_id"].nunique() == 789
    text = real.read_text(encoding="utf-8")
    for encoding in ("utf-16", "utf-8-sig", "utf-32"):
        path = write(tmp_path, "atop5_1m.csv", text.encode(encoding))
        same(accepted(lambda path=path: anet.read_atop(path)), clean)
    # an older release next to it: the newest is read, with a warning
    folder = tmp_path / "atop"
    folder.mkdir()
    write(folder, "atop5_1m.csv", text.encode())
    write(folder, "atop5_0m.csv", text.encode())
    same(accepted(lambda: anet.read_atop(folder), warns="atop5_1m"), clean)
    cow = anet.read_cow(shared_data / "cow_alliance_v4_1" / "alliance_v4.1_by_member.csv")
    assert len(cow) == 1221 and cow["alliance_id"].nunique() == 414
    # the genuine data folders hold subfolders and other files: still found at once
    same(accepted(lambda: anet.read_cow(shared_data / "cow_alliance_v4_1")), cow)


@pytest.mark.realdata
def test_real_yearly_file_checks_every_row(shared_data, tmp_path):
    real = shared_data / "cow_alliance_v4_1" / "alliance_v4.1_by_member_yearly.csv"
    lines = real.read_text(encoding="utf-8").splitlines()
    header = fields(lines[0])
    first = fields(lines[1])
    # the third row of the first spell (same key, later year)
    index = next(
        i
        for i in range(3, 50)
        if fields(lines[i])[:3] == first[:3] and fields(lines[i])[-2] != first[-2]
    )
    bad = set_cell(
        lines,
        index,
        "defense",
        "0" if fields(lines[index])[header.index("defense")] == "1" else "1",
    )
    message = refused(lambda: anet.read_cow(write(tmp_path, real.name, bad)), line=index + 1)
    assert "differ" in message


@pytest.mark.realdata
def test_real_system_file_with_an_extra_column(shared_data, tmp_path):
    real = shared_data / "cow_states" / "system2016.csv"
    clean = anet.read_states(real)
    lines = real.read_text(encoding="utf-8").splitlines()
    plus = [lines[0] + ",cinc", *(line + ",0.5" for line in lines[1:])]
    table = accepted(lambda: anet.read_states(write(tmp_path, "system2016.csv", plus)))
    same(table.drop(columns="cinc"), clean)
