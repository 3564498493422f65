"""Find a reader's file and get its bytes safely (private; used through :mod:`._io`).

A reader is given a file, a folder or a zip archive. This module turns that into the
bytes of one data file and a label for messages, under these rules:

* A folder is searched on its own level only (never recursively); when it holds no
  matching file, the zip archives in it (at most :data:`MAX_ZIPS`) are searched.
  Inside a zip every member is a candidate, and one level of nested zips is searched
  (NMC ships a zip inside a zip).
* Several candidates: the file-name patterns of the reader rank them (the COW member
  file before the member-yearly file; ``system2016`` before ``states2016``); among
  equals the newest release by the version in the name is read, with a
  :class:`~alliancenet.errors.DataWarning` (``majors2016.csv`` over ``majors2011.csv``).
  When no version tells them apart the error lists them.
* Only regular files are opened: a FIFO, socket or device is refused after a ``stat``
  and before any ``open`` (and checked again on the open descriptor, which is opened
  non-blocking), so nothing blocks. A symbolic-link loop, a dangling link and a
  permission problem each get their own message. Files (and zip members) larger than
  :data:`MAX_BYTES` are refused.
* Files in another format (Excel, gzip, Stata, Parquet, PDF, HTML, ...) are named as
  such, with what to do. Every failure is a
  :class:`~alliancenet.errors.DataFormatError` of a few hundred characters at most.
"""

from __future__ import annotations

import errno
import io
import os
import re
import stat
import sys
import warnings
import zipfile
import zlib
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..errors import DataFormatError, DataWarning

#: Largest file (or zip member) a reader accepts: the genuine files are below 10 MB.
MAX_BYTES = 1 << 30
#: Most zip archives searched in a folder that holds no matching file.
MAX_ZIPS = 16
#: Most entries listed from a folder.
MAX_ENTRIES = 10_000


@dataclass(frozen=True)
class Source:
    """What a reader reads: description, where to get it, file-name patterns."""

    what: str
    page: str | None
    fetch: str | None
    #: regexes on base names (case-insensitive), best first; group ``v`` = release
    patterns: tuple[str, ...]
    #: the file name as people know it (messages)
    example: str


SOURCES: dict[str, Source] = {
    "read_atop": Source(
        "the ATOP member-level file atop5_1m.csv",
        "http://www.atopdata.org/data.html (zip 'atop_5.1__.csv_.zip')",
        "anet.fetch_atop()",
        (r"atop(?P<v>\d+_\d+)m\.csv",),
        "atop5_1m.csv",
    ),
    "read_cow": Source(
        "the COW Formal Alliances v4.1 member file alliance_v4.1_by_member.csv",
        "https://correlatesofwar.org/data-sets/formal-alliances/ (zip 'version4.1_csv.zip')",
        "anet.fetch_cow()",
        (
            r"alliance_v(?P<v>\d+(?:\.\d+)*)_by_member\.csv",
            r"alliance_v(?P<v>\d+(?:\.\d+)*)_by_member_yearly\.csv",
        ),
        "alliance_v4.1_by_member.csv",
    ),
    "read_states": Source(
        "the COW state system file system2016.csv or states2016.csv (or the Gleditsch-Ward "
        "iisystem.dat / microstatessystem.dat)",
        "https://correlatesofwar.org/data-sets/state-system-membership/",
        "anet.fetch_states()",
        (
            r"system(?P<v>\d{4})\.csv",
            r"states(?P<v>\d{4})\.csv",
            r"iisystem\.dat",
            r"microstatessystem\.dat",
        ),
        "system2016.csv",
    ),
    "read_majors": Source(
        "the COW major powers file majors2016.csv",
        "https://correlatesofwar.org/data-sets/state-system-membership/",
        "anet.fetch_majors()",
        (r"majors(?P<v>\d{4})\.csv",),
        "majors2016.csv",
    ),
    "read_nmc": Source(
        "the COW National Material Capabilities file NMC-60-abridged.csv",
        "https://correlatesofwar.org/data-sets/national-material-capabilities/ "
        "(zip 'NMC_Documentation-6.0.zip')",
        "anet.fetch_nmc()",
        (r"nmc-(?P<v>\d+)-abridged\.csv", r"nmc[-_].*abridged.*\.csv"),
        "NMC-60-abridged.csv",
    ),
    "read_memberships": Source(
        "a CSV file in the canonical membership schema", None, None, (r".*\.csv",), "*.csv"
    ),
}

# Magic numbers of formats people hand to a CSV reader by mistake: (prefix, what, advice).
_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"\x1f\x8b", "a gzip-compressed file", "decompress it first (e.g. `gunzip file.gz`)"),
    (b"BZh", "a bzip2-compressed file", "decompress it first (e.g. `bunzip2 file.bz2`)"),
    (b"\xfd7zXZ\x00", "an xz-compressed file", "decompress it first (e.g. `unxz file.xz`)"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "extract the CSV file from it"),
    (b"Rar!\x1a\x07", "a RAR archive", "extract the CSV file from it"),
    (b"%PDF", "a PDF document (a codebook?)", "pass the CSV data file instead"),
    (b"PAR1", "a Parquet file", "convert it: pd.read_parquet(path).to_csv(new, index=False)"),
    (b"<stata_dta>", "a Stata .dta file", "use the CSV release, or convert it: "
     "pd.read_stata(path).to_csv(new, index=False)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel (.xls) or other OLE2 file",
     "export the sheet as CSV, or pd.read_excel(path).to_csv(new, index=False)"),
    (b"$FL2", "an SPSS .sav file", "convert it: pd.read_spss(path).to_csv(new, index=False)"),
    (b"RDX2\n", "an R data file", "use the CSV release, or write.csv() it from R"),
    (b"RDX3\n", "an R data file", "use the CSV release, or write.csv() it from R"),
    (b"SQLite format 3\x00", "an SQLite database", "export the table as CSV"),
    (b"\x89HDF", "an HDF5 file", "export the table as CSV"),
    (b"ARROW1", "an Arrow/Feather file", "convert it: pd.read_feather(path).to_csv(new)"),
)  # fmt: skip
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_HTML = re.compile(rb"\s*(<!doctype\s+html|<html|<head|<\?xml)", re.IGNORECASE)
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    RuntimeError,
    NotImplementedError,
    EOFError,
    OSError,
    ValueError,
    KeyError,
)


def short(text: object, width: int = 120) -> str:
    """`text` cut to `width` characters (with an ellipsis), for messages."""
    text = str(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def label_of(path: str) -> str:
    """A path for messages: long paths keep their end, where the file name is."""
    return path if len(path) <= 160 else "…" + path[-159:]


def names(items: list[str], n: int = 8) -> str:
    """At most `n` names, each cut short, for messages."""
    shown = ", ".join(repr(short(i, 60)) for i in items[:n])
    return f"[{shown}{f', … ({len(items) - n} more)' if len(items) > n else ''}]"


def hint(reader: str) -> str:
    """Where to get the reader's file and how to read it (one sentence)."""
    src = SOURCES[reader]
    if src.page is None:
        return f"Pass the path of {src.what}."
    return f"Download {src.example} from {src.page} (or call {src.fetch}) and pass its path."


def warn(message: str) -> None:
    """Issue a :class:`DataWarning` attributed to the first caller outside this package."""
    here = os.path.dirname(os.path.abspath(__file__))
    frame, level = sys._getframe(1), 2
    while frame.f_back is not None and os.path.abspath(frame.f_code.co_filename).startswith(here):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, DataWarning, stacklevel=level)


def fail(label: str, message: str, reader: str | None = None) -> DataFormatError:
    """A DataFormatError "<file>: <message>. <where to get the file>" of at most ~500 characters."""
    tail = f" {hint(reader)}" if reader else ""
    text = f"{label_of(label)}: {message}.{tail}"
    if len(text) > 500:
        text = f"…{label[-60:]}: {message}.{tail}"
    if len(text) > 500:
        text = f"…{label[-60:]}: {short(message, 400)}."
    return DataFormatError(text)


def _os_error(err: OSError, path: Path, reader: str) -> DataFormatError:
    """A clear message for an OSError met while looking at `path`."""
    label = str(path)
    code = err.errno
    if code == errno.ELOOP:
        return fail(
            label,
            "a symbolic link loop (a link that leads back to itself); fix the "
            "link or pass the real file",
        )
    if code == errno.ENOENT:
        if os.path.islink(path):
            target = short(os.readlink(path), 80)
            return fail(label, f"a symbolic link to {target!r}, which does not exist", reader)
        return fail(label, "file not found", reader)
    if code in (errno.EACCES, errno.EPERM):
        return fail(label, "permission denied (you may not read it); check its permissions")
    if code == errno.ENOTDIR:
        return fail(label, "a part of the path is a file, not a folder", reader)
    if code == errno.ENAMETOOLONG:
        return fail(label, "the path is too long for the file system")
    return fail(label, f"cannot be read ({short(os.strerror(code or 0) or err, 80)})")


def _kind_of_mode(mode: int) -> str | None:
    """What a non-regular, non-folder file is, or None for a regular file."""
    for test, what in (
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return what
    return None if stat.S_ISREG(mode) else "not a regular file"


def _open_regular(path: Path, label: str, reader: str) -> BinaryIO:
    """Open a regular file for reading without ever blocking (stat first, then fstat)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as err:
        raise _os_error(err, path, reader) from None
    what = _kind_of_mode(mode)
    if what is not None:
        raise fail(label, f"{what}, not a regular file; readers open regular files only", reader)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as err:
        raise _os_error(err, path, reader) from None
    info = os.fstat(fd)
    what = _kind_of_mode(info.st_mode)  # replaced between stat and open?
    if what is not None or info.st_size > MAX_BYTES:
        os.close(fd)
        if what is not None:
            raise fail(label, f"{what}, not a regular file", reader)
        raise fail(
            label,
            f"{info.st_size:,} bytes, more than the {MAX_BYTES:,} a reader "
            "accepts; is this the right file?",
            reader,
        )
    return os.fdopen(fd, "rb")


def _sniff(head: bytes, label: str, reader: str) -> None:
    """Raise if the bytes start like a known non-CSV format."""
    for magic, what, advice in _MAGIC:
        if head.startswith(magic):
            raise fail(label, f"this is {what}, not a CSV text file; {advice}", reader)
    if len(head) >= 4 and head[0] in (0x71, 0x72, 0x73) and head[1] in (1, 2) and head[2] == 1:
        raise fail(
            label,
            "this looks like a Stata .dta file (version 113-115), not a CSV "
            "file; use the CSV release, or pd.read_stata(path).to_csv(new)",
            reader,
        )
    if _HTML.match(head):
        raise fail(
            label,
            "this is a web page (HTML/XML), not a CSV file: the download "
            "probably returned an error or login page; download it again",
            reader,
        )


@dataclass
class _Candidate:
    name: str  # base name
    label: str
    rank: int  # index of the pattern it matched
    version: tuple[int, ...] | None
    load: Callable[[], bytes]


def _matches(name: str, reader: str) -> tuple[int, tuple[int, ...] | None] | None:
    """(pattern rank, release version) when `name`'s base name fits the reader, else None."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    if "__macosx" in name.lower() or base.startswith("._"):
        return None
    for rank, pattern in enumerate(SOURCES[reader].patterns):
        hit = re.fullmatch(pattern, base, re.IGNORECASE)
        if hit:
            v = hit.groupdict().get("v")
            version = tuple(int(x) for x in re.findall(r"\d+", v)) if v else None
            return rank, version
    return None


def _choose(cands: list[_Candidate], where: str, reader: str) -> _Candidate:
    """The candidate to read: best pattern, then newest release (warned), else an error."""
    best = min(c.rank for c in cands)
    cands = [c for c in cands if c.rank == best]
    if len(cands) == 1:
        return cands[0]
    labels = [c.label.replace(where, "", 1).lstrip("/!\\") or c.label for c in cands]
    versions = [c.version for c in cands]
    if all(v is not None for v in versions):
        top = max(v for v in versions if v is not None)
        winners = [c for c in cands if c.version == top]
        if len(winners) == 1:
            warn(
                f"{label_of(where)}: {len(cands)} releases of the file found {names(labels)}; "
                f"reading the newest, {short(winners[0].name, 60)!r}. Pass the path of a file "
                "to read another one."
            )
            return winners[0]
    raise fail(
        where,
        f"{len(cands)} files could be {SOURCES[reader].what}: {names(labels)}, "
        "and no release number tells which to read; pass the path of the one you want",
    )


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str) -> bytes:
    if info.flag_bits & 0x1:
        raise fail(
            label,
            "the archive member is encrypted; extract it with its password and "
            "pass the extracted file",
        )
    if info.file_size > MAX_BYTES:
        raise fail(
            label,
            f"the archive member is {info.file_size:,} bytes, more than the "
            f"{MAX_BYTES:,} a reader accepts",
        )
    try:
        return archive.read(info)
    except NotImplementedError as err:
        raise fail(
            label,
            f"the archive member uses a compression method Python cannot read ({short(err, 60)}); "
            "extract it with another tool (7-Zip, unzip) and pass the extracted file",
        ) from None
    except _ZIP_ERRORS as err:
        raise fail(
            label,
            f"the archive member cannot be extracted ({type(err).__name__}: "
            f"{short(err, 80)}); the archive is damaged: download it again",
        ) from None


def _open_zip(data: BinaryIO | bytes, label: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
    except _ZIP_ERRORS as err:
        raise fail(
            label,
            f"not a readable zip archive ({type(err).__name__}: {short(err, 80)}); "
            "download it again",
        ) from None


def _zip_candidates(
    archive: zipfile.ZipFile, label: str, reader: str, depth: int, notes: list[str]
) -> list[_Candidate]:
    """Candidates among the members (and, at depth 0, inside zips the archive holds)."""
    try:
        infos = [i for i in archive.infolist() if not i.is_dir()]
    except _ZIP_ERRORS as err:  # pragma: no cover - infolist is read at open
        raise fail(label, f"not a readable zip archive ({short(err, 80)})") from None
    found = {i.filename for i in infos}
    if "[Content_Types].xml" in found and any(n.startswith("xl/") for n in found):
        raise fail(
            label,
            "this is an Excel workbook (.xlsx), not a CSV file or zip of CSV "
            "files; export the sheet as CSV (or pd.read_excel(path).to_csv(new, "
            "index=False))",
            reader,
        )
    if "mimetype" in found and any(n == "content.xml" for n in found):
        raise fail(
            label,
            "this is an OpenDocument file (.ods/.odt), not a CSV file; export the sheet as CSV",
            reader,
        )
    cands = []
    for info in infos:
        hit = _matches(info.filename, reader)
        if hit is not None:
            member = f"{label}!{info.filename}"

            def load(info: zipfile.ZipInfo = info, member: str = member) -> bytes:
                data = _read_member(archive, info, member)
                if data.startswith(_ZIP_MAGIC):
                    raise fail(
                        member,
                        "this member is itself a zip archive or an Office document (xlsx, "
                        "ods), not a CSV file; extract or export the CSV file",
                        reader,
                    )
                _sniff(data[:512], member, reader)
                return data

            cands.append(_Candidate(info.filename, member, hit[0], hit[1], load))
    if cands or depth > 0:
        return cands
    inner = sorted(
        (i for i in infos if i.filename.lower().endswith(".zip")), key=lambda i: i.filename
    )
    for info in inner[:MAX_ZIPS]:
        member = f"{label}!{info.filename}"
        try:
            nested = _open_zip(_read_member(archive, info, member), member)
        except DataFormatError:
            notes.append(f"{short(info.filename, 60)!r} could not be opened")
            continue
        cands += _zip_candidates(nested, member, reader, 1, notes)
    return cands


def _from_zip(handle: BinaryIO, label: str, reader: str) -> tuple[bytes, str]:
    notes: list[str] = []
    with _open_zip(handle, label) as archive:
        cands = _zip_candidates(archive, label, reader, 0, notes)
        if not cands:
            held = [i.filename for i in archive.infolist() if not i.is_dir()]
            extra = f" ({'; '.join(notes[:3])})" if notes else ""
            raise fail(
                label,
                f"the archive holds no file named like "
                f"{SOURCES[reader].example!r} (it holds {names(held)}){extra}",
                reader,
            )
        chosen = _choose(cands, label, reader)
        return chosen.load(), chosen.label


def _from_folder(folder: Path, reader: str) -> tuple[bytes, str]:
    label = str(folder)
    try:
        with os.scandir(folder) as it:
            entries = []
            for entry in it:
                entries.append(entry)
                if len(entries) > MAX_ENTRIES:
                    raise fail(
                        label,
                        f"a folder with more than {MAX_ENTRIES:,} entries; pass "
                        "the path of the file itself",
                        reader,
                    )
    except OSError as err:
        raise _os_error(err, folder, reader) from None
    entries.sort(key=lambda e: e.name)

    def is_dir(entry: os.DirEntry[str]) -> bool:
        try:
            return entry.is_dir()
        except OSError:
            return False

    cands = []
    for entry in entries:
        hit = _matches(entry.name, reader)
        if hit is not None and not is_dir(entry):
            path = Path(entry.path)

            def load(path: Path = path) -> bytes:
                return _read_file(path, reader)[0]

            cands.append(_Candidate(entry.name, str(path), hit[0], hit[1], load))
    if cands:
        chosen = _choose(cands, label, reader)
        return chosen.load(), chosen.label
    notes: list[str] = []
    zips = [e for e in entries if e.name.lower().endswith(".zip") and not is_dir(e)]
    with ExitStack() as stack:
        for entry in zips[:MAX_ZIPS]:
            path = Path(entry.path)
            try:
                handle = stack.enter_context(_open_regular(path, str(path), reader))
                archive = stack.enter_context(_open_zip(handle, str(path)))
                cands += _zip_candidates(archive, str(path), reader, 0, notes)
            except DataFormatError:
                notes.append(f"{short(entry.name, 60)!r} could not be opened")
        if cands:
            chosen = _choose(cands, label, reader)
            return chosen.load(), chosen.label
    listing = [e.name + ("/" if is_dir(e) else "") for e in entries]
    if len(zips) > MAX_ZIPS:
        notes.append(f"only the first {MAX_ZIPS} of its {len(zips)} zip archives were searched")
    extra = f"; {'; '.join(notes[:3])}" if notes else ""
    raise fail(
        label,
        f"the folder holds no file named like {SOURCES[reader].example!r} "
        f"(it holds {names(listing)}{extra}; subfolders are not searched)",
        reader,
    )


def _read_file(path: Path, reader: str) -> tuple[bytes, str]:
    """Bytes of a regular file (a zip archive is searched for the reader's file)."""
    label = str(path)
    with _open_regular(path, label, reader) as handle:
        head = handle.read(512)
        if head.startswith(_ZIP_MAGIC):
            handle.seek(0)
            return _from_zip(handle, label, reader)
        _sniff(head, label, reader)
        data = head + handle.read(MAX_BYTES + 1 - len(head))
    if len(data) > MAX_BYTES:
        raise fail(label, f"more than the {MAX_BYTES:,} bytes a reader accepts", reader)
    return data, label


def as_path(source: object, reader: str) -> Path:
    """`source` as a Path, refusing what cannot be a file path (with a clear message)."""
    if isinstance(source, bytes):
        source = os.fsdecode(source)
    if not isinstance(source, str | os.PathLike):
        raise DataFormatError(
            f"anet.{reader} expects a file path (str or pathlib.Path); got "
            f"{short(type(source).__name__, 40)}. {hint(reader)}"
        )
    text = os.fsdecode(os.fspath(source))
    if not text.strip():
        raise DataFormatError(f"anet.{reader} got an empty path. {hint(reader)}")
    if "\x00" in text:
        raise DataFormatError(f"anet.{reader}: the path contains a NUL character. {hint(reader)}")
    if re.match(r"(https?|ftp)://", text, re.IGNORECASE):
        fetch = SOURCES[reader].fetch
        how = f"call {fetch[:-1]}url=...)" if fetch else "download it first"
        raise DataFormatError(
            f"anet.{reader} reads local files, not web addresses ({short(text, 80)!r}); {how} "
            "or download the file and pass its path."
        )
    return Path(text).expanduser()


def read_bytes(source: object, reader: str) -> tuple[bytes, str]:
    """The bytes of the reader's data file, and a label naming it for messages.

    Parameters
    ----------
    source : str or path-like
        A file, a folder (its own entries only) or a zip archive.
    reader : str
        The reader's name (a key of :data:`SOURCES`); it decides the file names searched.

    Returns
    -------
    bytes, str
        The file's bytes and its label (``folder/file.csv`` or ``archive.zip!member``).

    Raises
    ------
    DataFormatError
        Whatever keeps the file from being read, in a short message.
    """
    path = as_path(source, reader)
    try:
        mode = os.stat(path).st_mode
    except OSError as err:
        raise _os_error(err, path, reader) from None
    if stat.S_ISDIR(mode):
        return _from_folder(path, reader)
    return _read_file(path, reader)
