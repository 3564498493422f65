"""Download the official data releases (with pooch) and read them.

Each ``fetch_*`` function downloads one official release into a local cache
(once), checks the SHA-256 of the data file against the genuine release where it
is known, and returns the same table as the matching ``read_*`` function.

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
:func:`fetch_atop`         ATOP 5.1 (zip, ``atop5_1m.csv``)      :func:`~.readers.read_atop`
:func:`fetch_cow`          COW Formal Alliances v4.1 (zip)       :func:`~.readers.read_cow`
:func:`fetch_states`       COW ``system2016.csv`` /              :func:`~.readers.read_states`
                           ``states2016.csv``
:func:`fetch_majors`       COW ``majors2016.csv``                :func:`~.readers.read_majors`
:func:`fetch_nmc`          COW NMC 6.0 (zip, nested abridged     :func:`~.readers.read_nmc`
                           zip)
=========================  ====================================  =================================
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

import pandas as pd

from ..errors import DataFormatError, DownloadError, ParameterError
from . import readers

__all__ = ["fetch_atop", "fetch_cow", "fetch_states", "fetch_majors", "fetch_nmc"]

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


def _file_downloader(url, output_file, pooch_obj, check_only=False):
    """A pooch downloader that copies a local file (``file://`` URL or plain path)."""
    src = _local_path(url)
    if check_only:
        return src is not None and src.is_file()
    if src is None or not src.is_file():
        raise FileNotFoundError(f"no file at {src}")
    if hasattr(output_file, "write"):
        with open(src, "rb") as fin:
            shutil.copyfileobj(fin, output_file)
    else:
        shutil.copyfile(src, output_file)
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


def _fetch(key: str, *, url, path, sha256, progressbar: bool) -> pd.DataFrame:
    release = _RELEASES[key]
    read = getattr(readers, release.reader)
    if path is not None:
        return read(path)
    if sha256 == _KNOWN:
        sha256 = release.sha256
    elif sha256 is not None and (not isinstance(sha256, str) or len(sha256) != 64):
        raise ParameterError(
            f"sha256 must be a 64-character hex digest, None (no check) or left at its default; "
            f"got {sha256!r}."
        )
    url = url or release.url
    import pooch

    downloader = _file_downloader if _local_path(url) is not None else None
    fname = Path(unquote(urlparse(url).path)).name or release.filename
    folder = _cache_dir() / key
    direct_hash = None if release.archive or sha256 is None else f"sha256:{sha256}"
    processor = pooch.Unzip() if release.archive else None
    logger = pooch.get_logger()
    level = logger.level
    logger.setLevel("WARNING")  # pooch's "use this hash" hints are for pooch users, not ours
    try:
        got = pooch.retrieve(
            url,
            known_hash=direct_hash,
            fname=fname,
            path=folder,
            processor=processor,
            downloader=downloader,
            progressbar=progressbar,
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
        target = Path(processor.extract_dir)  # set by pooch.Unzip when it ran
        try:
            data, _ = readers._raw_bytes(target, release.reader)
        except DataFormatError as err:
            shutil.rmtree(target, ignore_errors=True)
            (folder / fname).unlink(missing_ok=True)
            raise _manual(
                release, f"the archive holds no file named {release.filename}", url
            ) from err
        if sha256 is not None and _sha256(data) != sha256:
            shutil.rmtree(target, ignore_errors=True)
            (folder / fname).unlink(missing_ok=True)
            raise _manual(
                release,
                f"{release.filename} in the archive has SHA-256 {_sha256(data)}, not the genuine "
                f"release's {sha256}; pass sha256=None to accept another version",
                url,
            )
        return read(target)
    return read(got)


_PARAMS = """
    Parameters
    ----------
{extra}    url : str, optional
        Download from here instead of the official address ({url}). ``file://`` URLs
        and local paths are copied into the cache.
    path : str or path-like, optional
        A copy you already have (file, folder or zip): read it with
        :func:`~alliancenet.datasets.readers.{reader}`; nothing is downloaded.
    sha256 : str or None, optional
        Expected SHA-256 of ``{filename}``. By default the hash of the genuine release
        ({known}); ``None`` skips the check (e.g. for a newer version).
    progressbar : bool, default False
        Show a download progress bar (needs tqdm).

    Returns
    -------
    pandas.DataFrame
        The same table as :func:`~alliancenet.datasets.readers.{reader}`.

    Raises
    ------
    DownloadError
        The download failed or the file's hash differs; the message says where to
        download the file by hand and which ``read_*`` call reads it.
    DataFormatError
        The downloaded file cannot be read.
"""


def _params(key: str, extra: str = "") -> str:
    r = _RELEASES[key]
    known = f"``{r.sha256[:12]}…``" if r.sha256 else "unknown, so no check"
    return _PARAMS.format(url=r.url, reader=r.reader, filename=r.filename, known=known, extra=extra)


def fetch_atop(*, url=None, path=None, sha256=_KNOWN, progressbar=False) -> pd.DataFrame:
    return _fetch("atop", url=url, path=path, sha256=sha256, progressbar=progressbar)


fetch_atop.__doc__ = (
    """Download ATOP 5.1 (zip) and read its member-level file ``atop5_1m.csv``.
"""
    + _params("atop")
    + """
    References
    ----------
    .. [1] Leeds, B. A., Ritter, J. M., Mitchell, S. M., & Long, A. G. (2002). Alliance
       Treaty Obligations and Provisions, 1815–1944. *International Interactions*,
       28(3), 237–260. https://doi.org/10.1080/03050620213653

    Examples
    --------
    >>> import alliancenet as anet
    >>> members = anet.fetch_atop()  # doctest: +SKIP
    >>> members.attrs["source"]  # doctest: +SKIP
    'ATOP 5.1'
    """
)


def fetch_cow(*, url=None, path=None, sha256=_KNOWN, progressbar=False) -> pd.DataFrame:
    return _fetch("cow", url=url, path=path, sha256=sha256, progressbar=progressbar)


fetch_cow.__doc__ = (
    """Download COW Formal Alliances v4.1 (zip) and read ``alliance_v4.1_by_member.csv``.
"""
    + _params("cow")
    + """
    References
    ----------
    .. [1] Gibler, D. M. (2009). *International Military Alliances, 1648–2008*.
       Washington, DC: CQ Press.
    .. [2] Gibler, D. M., & Sarkees, M. R. (2004). Measuring Alliances: The Correlates
       of War Formal Interstate Alliance Dataset, 1816–2000. *Journal of Peace
       Research*, 41(2), 211–222. https://doi.org/10.1177/0022343304041061

    Examples
    --------
    >>> import alliancenet as anet
    >>> members = anet.fetch_cow()  # doctest: +SKIP
    >>> members["alliance_id"].nunique()  # doctest: +SKIP
    414
    """
)


def fetch_states(
    kind: str = "system", *, url=None, path=None, sha256=_KNOWN, progressbar=False
) -> pd.DataFrame:
    if kind not in ("system", "states"):
        raise ParameterError(
            f"kind must be 'system' (system2016.csv, state-years) or 'states' (states2016.csv, "
            f"spells with state names); got {kind!r}."
        )
    return _fetch(kind, url=url, path=path, sha256=sha256, progressbar=progressbar)


fetch_states.__doc__ = (
    """Download COW State System Membership v2016 and read it as a states table.
"""
    + _params(
        "system",
        extra="""    kind : {"system", "states"}, default "system"
        ``"system"`` downloads ``system2016.csv`` (state-years, hash-checked, no
        state names); ``"states"`` downloads ``states2016.csv`` (spells with names;
        the genuine file's hash is unknown, so it is not checked unless you pass
        `sha256`). Both give the same state-years.
""",
    )
    + """
    References
    ----------
    .. [1] Correlates of War Project (2017). State System Membership List, v2016.
       http://correlatesofwar.org

    Examples
    --------
    >>> import alliancenet as anet
    >>> states = anet.fetch_states()  # doctest: +SKIP
    >>> int((states["year"] == 2012).sum())  # doctest: +SKIP
    195
    """
)


def fetch_majors(*, url=None, path=None, sha256=_KNOWN, progressbar=False) -> pd.DataFrame:
    return _fetch("majors", url=url, path=path, sha256=sha256, progressbar=progressbar)


fetch_majors.__doc__ = (
    """Download the COW major powers list ``majors2016.csv`` and read it.
"""
    + _params("majors")
    + """
    References
    ----------
    .. [1] Correlates of War Project (2017). State System Membership List, v2016.
       http://correlatesofwar.org

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
)


def fetch_nmc(*, url=None, path=None, sha256=_KNOWN, progressbar=False) -> pd.DataFrame:
    return _fetch("nmc", url=url, path=path, sha256=sha256, progressbar=progressbar)


fetch_nmc.__doc__ = (
    """Download COW National Material Capabilities 6.0 (zip) and read the abridged file.

    The official archive ``NMC_Documentation-6.0.zip`` holds a second zip,
    ``NMC-60-abridged.zip``, which holds ``NMC-60-abridged.csv``; both levels are
    searched.
"""
    + _params("nmc")
    + """
    References
    ----------
    .. [1] Singer, J. D., Bremer, S., & Stuckey, J. (1972). Capability Distribution,
       Uncertainty, and Major Power War, 1820–1965. In B. Russett (Ed.), *Peace, War,
       and Numbers* (pp. 19–48). Beverly Hills: Sage.

    Examples
    --------
    >>> import alliancenet as anet
    >>> nmc = anet.fetch_nmc()  # doctest: +SKIP
    >>> nmc.attrs["coverage"]  # doctest: +SKIP
    (1816, 2016)
    """
)
