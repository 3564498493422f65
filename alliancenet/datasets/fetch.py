"""Download the official data releases (with pooch) and read them.

Each ``fetch_*`` function downloads one official release into a local cache
(once), checks the SHA-256 of the data file against the genuine release where it
is known, and returns the same table as the matching ``read_*`` function. Zip
archives are kept as downloaded and read directly (the reader finds its file inside).

The cache lives in ``pooch.os_cache("alliancenet")`` (e.g. ``~/.cache/alliancenet``
on Linux); set the environment variable ``ALLIANCENET_DATA_DIR`` to use another
folder. Every function takes ``url=`` (a mirror; ``file://`` URLs and plain
local paths work too) and ``path=`` (a file, folder or zip you already have: it is
read directly, nothing is downloaded). When a download fails the
:class:`~alliancenet.errors.DownloadError` says where to get the file by hand and
which ``read_*`` call reads it.

=========================  ====================================  =================================
function                   release                               reader
=========================  ====================================  =================================
:func:`fetch_atop`         ATOP 5.1 (zip, ``atop5_1m.csv``)      :func:`~alliancenet.read_atop`
:func:`fetch_cow`          COW Formal Alliances v4.1 (zip)       :func:`~alliancenet.read_cow`
:func:`fetch_states`       COW ``system2016.csv`` /              :func:`~alliancenet.read_states`
                           ``states2016.csv``
:func:`fetch_majors`       COW ``majors2016.csv``                :func:`~alliancenet.read_majors`
:func:`fetch_nmc`          COW NMC 6.0 (zip, nested abridged     :func:`~alliancenet.read_nmc`
                           zip)
=========================  ====================================  =================================
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

import pandas as pd

from .._docstrings import FRAGMENTS, fill_doc
from ..errors import DataFormatError, DownloadError, ParameterError
from . import _io, alliances, system

__all__ = [
    "fetch_atop",
    "fetch_cow",
    "fetch_states",
    "fetch_gw_states",
    "fetch_majors",
    "fetch_nmc",
]

#: Environment variable naming the download cache folder.
ENV_VAR = "ALLIANCENET_DATA_DIR"

_KNOWN = "known"


@dataclass(frozen=True)
class _Release:
    name: str  # human-readable
    url: str  # official download
    page: str  # official page for manual download
    filename: str  # the data file the reader needs
    sha256: str | None  # of `filename` in the genuine release
    reader: str  # name of the read_* function
    archive: bool  # the URL points at a zip archive


_RELEASES = {
    "atop": _Release(
        "ATOP 5.1",
        "http://www.atopdata.org/uploads/6/9/1/3/69134503/atop_5.1__.csv_.zip",
        "http://www.atopdata.org/data.html",
        "atop5_1m.csv",
        "0e3c803f65275c3cb9309d08c04710416dff16aee936c8b4f887c7b67ee5b55b",
        "read_atop",
        True,
    ),
    "cow": _Release(
        "COW Formal Alliances v4.1",
        "https://correlatesofwar.org/wp-content/uploads/version4.1_csv.zip",
        "https://correlatesofwar.org/data-sets/formal-alliances/",
        "alliance_v4.1_by_member.csv",
        "dc4cda15a2d48a84d0737978586e6ae7bb4873f46cf3668885a8ea2adce3ccb0",
        "read_cow",
        True,
    ),
    "system": _Release(
        "COW State System Membership v2016 (state-years)",
        "https://correlatesofwar.org/wp-content/uploads/system2016.csv",
        "https://correlatesofwar.org/data-sets/state-system-membership/",
        "system2016.csv",
        "280e10b408c0aefb3b452e1d35d59a54d78935c08ac3a6039c47cb982cdc9f17",
        "read_states",
        False,
    ),
    # The hash of the official states2016.csv is not known: the only copy checked had
    # been re-saved from a spreadsheet, so no check is made by default.
    "states": _Release(
        "COW State System Membership v2016 (spells)",
        "https://correlatesofwar.org/wp-content/uploads/states2016.csv",
        "https://correlatesofwar.org/data-sets/state-system-membership/",
        "states2016.csv",
        None,
        "read_states",
        False,
    ),
    "majors": _Release(
        "COW Major Powers v2016",
        "https://correlatesofwar.org/wp-content/uploads/majors2016.csv",
        "https://correlatesofwar.org/data-sets/state-system-membership/",
        "majors2016.csv",
        "6ba42de12f2f63401ff5a61e6d0037d17b5dd03ed9aca07d0bc16660e03694eb",
        "read_majors",
        False,
    ),
    "nmc": _Release(
        "COW National Material Capabilities v6.0",
        "https://correlatesofwar.org/wp-content/uploads/NMC_Documentation-6.0.zip",
        "https://correlatesofwar.org/data-sets/national-material-capabilities/",
        "NMC-60-abridged.csv",
        "cd8465ea476da51d3e91261e216e96cfaf1fbf309dbe6bfc25a99bfb9fa7cfde",
        "read_nmc",
        True,
    ),
    # Gleditsch-Ward lists (no published hashes, so no check unless sha256= is given)
    "gw_states": _Release(
        "Gleditsch-Ward list of independent states",
        "http://ksgleditsch.com/data/iisystem.dat",
        "http://ksgleditsch.com/statelist.html",
        "iisystem.dat",
        None,
        "read_states",
        False,
    ),
    "gw_microstates": _Release(
        "Gleditsch-Ward list of microstates",
        "http://ksgleditsch.com/data/microstatessystem.dat",
        "http://ksgleditsch.com/statelist.html",
        "microstatessystem.dat",
        None,
        "read_states",
        False,
    ),
}


def _cache_dir() -> Path:
    """The download cache: ``$ALLIANCENET_DATA_DIR`` or ``pooch.os_cache("alliancenet")``."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    import pooch

    return Path(pooch.os_cache("alliancenet"))


def _local_path(url: str) -> Path | None:
    """The local path behind a ``file://`` URL or a plain path, else None."""
    parsed = urlparse(url)
    if parsed.scheme == "file":
        return Path(url2pathname(unquote(parsed.path)))
    if parsed.scheme == "" or (len(parsed.scheme) == 1 and os.name == "nt"):
        return Path(url).expanduser()
    return None


def _file_downloader(
    url: str, output_file: str | BinaryIO, pooch_obj: object, check_only: bool = False
) -> bool | None:
    """A pooch downloader that copies a local file (``file://`` URL or plain path)."""
    src = _local_path(url)
    if check_only:
        return src is not None and src.is_file()
    if src is None or not src.is_file():
        raise FileNotFoundError(f"no file at {src}")
    if isinstance(output_file, str):
        shutil.copyfile(src, output_file)
    else:
        with open(src, "rb") as fin:
            shutil.copyfileobj(fin, output_file)
    return None


def _manual(release: _Release, reason: str, url: str) -> DownloadError:
    how = (
        f"unzip it and read {release.filename} with anet.{release.reader}('<folder>/"
        f"{release.filename}')"
        if release.archive
        else f"read it with anet.{release.reader}('<folder>/{release.filename}')"
    )
    return DownloadError(
        f"could not get {release.name} from {url}: {reason}. Download it by hand from "
        f"{release.page}, then {how} (or pass path= to the fetch function; url= for a mirror)."
    )


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


PathLike = str | os.PathLike[str]
_READERS: dict[str, Callable[[PathLike], pd.DataFrame]] = {
    "read_atop": alliances.read_atop,
    "read_cow": alliances.read_cow,
    "read_states": system.read_states,
    "read_majors": system.read_majors,
    "read_nmc": system.read_nmc,
}


def _drop(path: Path) -> None:
    path.unlink(missing_ok=True)


def _fetch(
    key: str, *, url: str | None, path: PathLike | None, sha256: str | None, progressbar: bool
) -> pd.DataFrame:
    release = _RELEASES[key]
    read = _READERS[release.reader]
    if path is not None:
        return read(path)
    if sha256 == _KNOWN:
        sha256 = release.sha256
    elif sha256 is not None and (not isinstance(sha256, str) or len(sha256) != 64):
        raise ParameterError(
            f"sha256 must be a 64-character hex digest, None (no check) or left at its default; "
            f"got {sha256!r:.80}."
        )
    if url is not None and not isinstance(url, str):
        raise ParameterError(f"url must be a string (a web address or a path); got {url!r:.80}.")
    url = url or release.url
    import pooch

    downloader: Any = _file_downloader if _local_path(url) is not None else None
    fname = Path(unquote(urlparse(url).path)).name or release.filename
    folder = _cache_dir() / key
    direct_hash = None if release.archive or sha256 is None else f"sha256:{sha256}"
    logger = pooch.get_logger()
    level = logger.level
    logger.setLevel("WARNING")  # pooch's "use this hash" hints are for pooch users, not ours
    try:
        got = Path(
            pooch.retrieve(
                url,
                known_hash=direct_hash,
                fname=fname,
                path=folder,
                downloader=downloader,
                progressbar=progressbar,
            )
        )
    except ValueError as err:
        if "hash" in str(err).lower():
            raise _manual(
                release,
                f"the file's SHA-256 differs from the genuine release ({err}); pass sha256=None "
                "to accept another version",
                url,
            ) from err
        raise _manual(release, str(err), url) from err
    except OSError as err:  # requests' exceptions (used by pooch) are OSErrors too
        raise _manual(release, f"{type(err).__name__}: {err}", url) from err
    finally:
        logger.setLevel(level)
    if release.archive:
        try:
            data, _ = _io.read_bytes(got, release.reader)
        except DataFormatError as err:
            _drop(got)
            raise _manual(
                release, f"the archive holds no file named {release.filename}", url
            ) from err
        if sha256 is not None and _sha256(data) != sha256:
            _drop(got)
            raise _manual(
                release,
                f"{release.filename} in the archive has SHA-256 {_sha256(data)}, not the genuine "
                f"release's {sha256}; pass sha256=None to accept another version",
                url,
            )
    return read(got)


# Parameters and errors shared by the fetch functions (fragments of this module).
FRAGMENTS.setdefault(
    "fetch_options",
    """\
url : str, optional
    Download from here instead of the official address (see Notes). ``file://``
    URLs and local paths are copied into the cache.
path : str or path-like, optional
    A copy you already have (file, folder or zip): it is read directly with the
    matching ``read_*`` function; nothing is downloaded.
sha256 : str or None, optional
    Expected SHA-256 of the data file (the CSV file, also when it comes in a zip).
    By default the hash of the genuine release (see Notes); ``None`` skips the
    check (e.g. for a newer version).
progressbar : bool, default False
    Show a download progress bar (needs tqdm).""",
)
FRAGMENTS.setdefault(
    "fetch_raises",
    """\
DownloadError
    The download failed or the file's hash differs; the message says where to
    download the file by hand and which ``read_*`` call reads it.
DataFormatError
    The downloaded file cannot be read.
ParameterError
    `sha256` is not a 64-character hex digest or None, or `url` is not a string.""",
)


@fill_doc
def fetch_atop(
    *,
    url: str | None = None,
    path: PathLike | None = None,
    sha256: str | None = _KNOWN,
    progressbar: bool = False,
) -> pd.DataFrame:
    """Download ATOP 5.1 (zip) and read its member-level file ``atop5_1m.csv``.

    Parameters
    ----------
    {{fetch_options}}

    Returns
    -------
    pandas.DataFrame
        The same table as :func:`~alliancenet.read_atop`.

    Raises
    ------
    {{fetch_raises}}

    Notes
    -----
    Official address: ``http://www.atopdata.org/uploads/6/9/1/3/69134503/atop_5.1__.csv_.zip``
    (page ``http://www.atopdata.org/data.html``). The SHA-256 of the genuine
    ``atop5_1m.csv`` starts ``0e3c803f6527``.

    References
    ----------
    {{ref_atop}}

    Examples
    --------
    >>> import alliancenet as anet
    >>> members = anet.fetch_atop()  # doctest: +SKIP
    >>> members.attrs["source"]  # doctest: +SKIP
    'ATOP 5.1'
    """
    return _fetch("atop", url=url, path=path, sha256=sha256, progressbar=progressbar)


@fill_doc
def fetch_cow(
    *,
    url: str | None = None,
    path: PathLike | None = None,
    sha256: str | None = _KNOWN,
    progressbar: bool = False,
) -> pd.DataFrame:
    """Download COW Formal Alliances v4.1 (zip) and read ``alliance_v4.1_by_member.csv``.

    Parameters
    ----------
    {{fetch_options}}

    Returns
    -------
    pandas.DataFrame
        The same table as :func:`~alliancenet.read_cow`.

    Raises
    ------
    {{fetch_raises}}

    Notes
    -----
    Official address: https://correlatesofwar.org/wp-content/uploads/version4.1_csv.zip
    (page https://correlatesofwar.org/data-sets/formal-alliances/). The SHA-256 of
    the genuine ``alliance_v4.1_by_member.csv`` starts ``dc4cda15a2d4``.

    References
    ----------
    {{ref_cow}}

    {{ref_cow_sarkees}}

    Examples
    --------
    >>> import alliancenet as anet
    >>> members = anet.fetch_cow()  # doctest: +SKIP
    >>> members["alliance_id"].nunique()  # doctest: +SKIP
    414
    """
    return _fetch("cow", url=url, path=path, sha256=sha256, progressbar=progressbar)


@fill_doc
def fetch_states(
    kind: str = "system",
    *,
    url: str | None = None,
    path: PathLike | None = None,
    sha256: str | None = _KNOWN,
    progressbar: bool = False,
) -> pd.DataFrame:
    """Download COW State System Membership v2016 and read it as a states table.

    Parameters
    ----------
    kind : {"system", "states"}, default "system"
        ``"system"`` downloads ``system2016.csv`` (state-years, hash-checked, no
        state names); ``"states"`` downloads ``states2016.csv`` (spells with names;
        the genuine file's hash is unknown, so it is not checked unless you pass
        `sha256`). Both give the same state-years.
    {{fetch_options}}

    Returns
    -------
    pandas.DataFrame
        The same table as :func:`~alliancenet.read_states`.

    Raises
    ------
    {{fetch_raises}}

    Notes
    -----
    Official addresses: https://correlatesofwar.org/wp-content/uploads/system2016.csv
    and https://correlatesofwar.org/wp-content/uploads/states2016.csv (page
    https://correlatesofwar.org/data-sets/state-system-membership/). The SHA-256 of
    the genuine ``system2016.csv`` starts ``280e10b408c0``.

    References
    ----------
    {{ref_states}}

    Examples
    --------
    >>> import alliancenet as anet
    >>> states = anet.fetch_states()  # doctest: +SKIP
    >>> int((states["year"] == 2012).sum())  # doctest: +SKIP
    195
    """
    if kind not in ("system", "states"):
        raise ParameterError(
            f"kind must be 'system' (system2016.csv, state-years) or 'states' (states2016.csv, "
            f"spells with state names); got {kind!r:.60}."
        )
    return _fetch(kind, url=url, path=path, sha256=sha256, progressbar=progressbar)


@fill_doc
def fetch_gw_states(
    kind: str = "states",
    *,
    url: str | None = None,
    path: PathLike | None = None,
    sha256: str | None = _KNOWN,
    progressbar: bool = False,
) -> pd.DataFrame:
    """Download a Gleditsch–Ward state list and read it as a states table.

    Parameters
    ----------
    kind : {"states", "microstates"}, default "states"
        ``"states"`` downloads the independent-states list ``iisystem.dat``;
        ``"microstates"`` the microstates list ``microstatessystem.dat``. No hash of
        the files is published, so none is checked unless you pass `sha256`.
    {{fetch_options}}

    Returns
    -------
    pandas.DataFrame
        The same table as :func:`~alliancenet.read_states` gives for these files:
        ``ccode`` (the COW code of the same state, :func:`gw_to_cow`), ``gwcode``,
        ``year``, ``stateabb``, ``statenme``; ``attrs["system"] = "gw"``.

    Raises
    ------
    {{fetch_raises}}

    Notes
    -----
    Official addresses: http://ksgleditsch.com/data/iisystem.dat and
    http://ksgleditsch.com/data/microstatessystem.dat (page
    http://ksgleditsch.com/statelist.html).

    References
    ----------
    Gleditsch, K. S., & Ward, M. D. (1999). A revised list of independent states
    since the Congress of Vienna. *International Interactions*, 25(4), 393–413.
    https://doi.org/10.1080/03050629908434958

    Examples
    --------
    >>> import alliancenet as anet
    >>> gw = anet.fetch_gw_states()  # doctest: +SKIP

    A copy you already have is read directly (``path=``), without any download:

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "iisystem.dat"
    >>> _ = f.write_text("260\\tGFR\\tGerman Federal Republic\\t21:09:1949\\t31:12:2017\\n")
    >>> gw = anet.fetch_gw_states(path=f)
    >>> gw.loc[gw.year.isin([1990, 1991]), ["ccode", "gwcode", "year"]]
        ccode  gwcode  year
    41    260     260  1990
    42    255     260  1991
    """
    if kind not in ("states", "microstates"):
        raise ParameterError(
            f"kind must be 'states' (iisystem.dat) or 'microstates' (microstatessystem.dat); "
            f"got {kind!r:.60}."
        )
    key = "gw_states" if kind == "states" else "gw_microstates"
    return _fetch(key, url=url, path=path, sha256=sha256, progressbar=progressbar)


@fill_doc
def fetch_majors(
    *,
    url: str | None = None,
    path: PathLike | None = None,
    sha256: str | None = _KNOWN,
    progressbar: bool = False,
) -> pd.DataFrame:
    """Download the COW major powers list ``majors2016.csv`` and read it.

    Parameters
    ----------
    {{fetch_options}}

    Returns
    -------
    pandas.DataFrame
        The same table as :func:`~alliancenet.read_majors`.

    Raises
    ------
    {{fetch_raises}}

    Notes
    -----
    Official address: https://correlatesofwar.org/wp-content/uploads/majors2016.csv
    (page https://correlatesofwar.org/data-sets/state-system-membership/). The
    SHA-256 of the genuine file starts ``6ba42de12f2f``.

    References
    ----------
    {{ref_states}}

    Examples
    --------
    >>> import alliancenet as anet
    >>> anet.major_powers(anet.fetch_majors(), 2012)  # doctest: +SKIP
    [2, 200, 220, 255, 365, 710, 740]

    A copy you already have is read directly (``path=``), without any download:

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "majors2016.csv"
    >>> _ = f.write_text("stateabb,ccode,styear,stmonth,stday,endyear,endmonth,endday,version\\n"
    ...                  "USA,2,1898,8,13,2016,12,31,2016\\n")
    >>> anet.major_powers(anet.fetch_majors(path=f), 1950)
    [2]
    """
    return _fetch("majors", url=url, path=path, sha256=sha256, progressbar=progressbar)


@fill_doc
def fetch_nmc(
    *,
    url: str | None = None,
    path: PathLike | None = None,
    sha256: str | None = _KNOWN,
    progressbar: bool = False,
) -> pd.DataFrame:
    """Download COW National Material Capabilities 6.0 (zip) and read the abridged file.

    The official archive ``NMC_Documentation-6.0.zip`` holds a second zip,
    ``NMC-60-abridged.zip``, which holds ``NMC-60-abridged.csv``; both levels are
    searched.

    Parameters
    ----------
    {{fetch_options}}

    Returns
    -------
    pandas.DataFrame
        The same table as :func:`~alliancenet.read_nmc`.

    Raises
    ------
    {{fetch_raises}}

    Notes
    -----
    Official address:
    https://correlatesofwar.org/wp-content/uploads/NMC_Documentation-6.0.zip (page
    https://correlatesofwar.org/data-sets/national-material-capabilities/). The
    SHA-256 of the genuine ``NMC-60-abridged.csv`` starts ``cd8465ea476d``.

    References
    ----------
    {{ref_nmc}}

    Examples
    --------
    >>> import alliancenet as anet
    >>> nmc = anet.fetch_nmc()  # doctest: +SKIP
    >>> nmc.attrs["coverage"]  # doctest: +SKIP
    (1816, 2016)
    """
    return _fetch("nmc", url=url, path=path, sha256=sha256, progressbar=progressbar)
