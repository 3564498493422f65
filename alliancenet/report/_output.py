"""Where a report is written: output-folder safety, staging, and the saved tables.

A report is written into a temporary folder beside its destination and moved
into place only when everything succeeded, so a failed or interrupted run never
leaves a half-written report that looks complete. Nothing is deleted that
alliancenet did not write: ``force`` replaces only a folder that holds a previous
output (its ``run.json``), never the current folder, one of its parents, the home
folder, or a folder that holds an input.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import pandas as pd

from .._version import __version__
from ..errors import DataFormatError, ParameterError

__all__ = ["check_out", "Staging", "write_tables", "read_tables", "write_run_record", "TABLES"]

MARKER = "run.json"  # every folder a report or command writes holds it; force replaces only those
STAGING = ".alliancenet-staging-"  # prefix of the temporary folders beside the output
OWNER = ".owner"  # inside a staging folder: the pid of the process writing it

#: The tables a report writes: name -> (columns the figures and summary need, numeric ones).
TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "centrality": (("year", "ccode", "measure", "value"), ("year", "ccode", "value")),
    "cohesion": (("year", "measure", "value"), ("year", "value")),
    "robustness_random": (("year", "step", "fraction_removed", "measure", "mean"), ("year",)),
    "r_index": (("year", "random", "targeted_degree"), ("year", "random", "targeted_degree")),
    "robustness_curves": (
        ("year", "strategy", "fraction_removed", "lcc_fraction"),
        ("year", "fraction_removed", "lcc_fraction"),
    ),
    "defections": (("year", "preset", "coverage", "unprotected"), ("year", "coverage")),
    "keystones": (("ccode", "year", "coverage_loss"), ("ccode", "coverage_loss")),
    "similarity": (("ccode1", "ccode2", "year"), ("ccode1", "ccode2")),
    "network_nodes": (("ccode", "year", "stateabb", "bloc"), ("ccode", "year")),
    "network_edges": (("year", "ccode1", "ccode2", "weight"), ("ccode1", "ccode2", "weight")),
}


def _is_inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_parent(path: Path, text: str, name: str = "out") -> None:
    """Raise unless `path` can be created: no file on the way, the first existing folder writable."""
    for ancestor in (path.parent, *path.parent.parents):
        if ancestor.exists():
            if not ancestor.is_dir():
                raise ParameterError(
                    f"{name} {text!r} lies under {str(ancestor)!r}, which is a file, not a "
                    f"folder; choose another {name}."
                )
            if not os.access(ancestor, os.W_OK | os.X_OK):
                raise ParameterError(
                    f"{name} {text!r}: cannot write into {str(ancestor)!r} (permission denied); "
                    "choose a folder you can write to."
                )
            return


def check_out(
    out: str | os.PathLike[str],
    *,
    force: bool,
    inputs: Iterable[str | os.PathLike[str]] = (),
    names: tuple[str, str] = ("out", "force"),
) -> Path:
    """Validate an output folder before any work is done; return it resolved.

    Parameters
    ----------
    out : str or path-like
        The folder the report (or a partial job) will be written to.
    force : bool
        Replace `out` when it holds a previous alliancenet output (a ``run.json``).
    inputs : iterable of str or path-like, optional
        Input files or folders; `out` must not hold any of them.
    names : (str, str), default ("out", "force")
        How the two options are called in messages (the command line passes
        ``("--out", "--force")``).

    Returns
    -------
    pathlib.Path
        `out`, with ``~`` expanded, made absolute.

    Raises
    ------
    ParameterError
        `out` is empty, the current folder, one of its parents, the home folder or
        the root; holds an input; lies under a file or in a folder that cannot be
        written; is a file; exists without `force`; or holds files alliancenet did
        not write. The message says what was given and what to do.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> check_out(tmp / "report", force=False) == (tmp / "report").resolve()
    True
    >>> (tmp / "report").mkdir()
    >>> check_out(tmp / "report", force=False)
    Traceback (most recent call last):
    ...
    alliancenet.errors.ParameterError: out '...' exists already; choose another folder or pass force to replace a previous alliancenet output.
    """
    opt, force_opt = names
    text = os.fspath(out)
    if not text.strip():
        raise ParameterError(
            f"{opt}: expected a folder name such as 'report', got an empty string."
        )
    path = Path(text).expanduser().resolve()
    cwd = Path.cwd().resolve()
    if _is_inside(cwd, path) or path == Path.home().resolve() or path == Path(path.anchor):
        raise ParameterError(
            f"{opt} {text!r} is the current folder, one of its parents, the home folder or the "
            f"root; alliancenet writes (and with {force_opt} replaces) the whole folder. "
            "Choose a new folder, e.g. 'report'."
        )
    for source in inputs:
        resolved = Path(source).expanduser().resolve()
        if _is_inside(resolved, path):
            raise ParameterError(
                f"{opt} {text!r} holds the input {str(resolved)!r}; replacing it would delete "
                "your data. Choose a folder that holds no input, e.g. 'report'."
            )
    check_parent(path, text, opt)
    if path.exists() or path.is_symlink():
        if not path.is_dir() or path.is_symlink():
            raise ParameterError(
                f"{opt} {text!r} exists and is not a folder; alliancenet never replaces a file. "
                f"Choose another {opt}."
            )
        if not force:
            raise ParameterError(
                f"{opt} {text!r} exists already; choose another folder or pass {force_opt} to "
                "replace a previous alliancenet output."
            )
        if any(path.iterdir()) and not (path / MARKER).is_file():
            raise ParameterError(
                f"{opt} {text!r} holds files that alliancenet did not write (it has no "
                f"{MARKER}), so {force_opt} will not replace it. Choose a new folder, or empty "
                "it yourself."
            )
    return path


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: alive, owned by someone else
        return True
    return True


def clean_stale(parent: Path) -> None:
    """Remove staging folders left by runs that were killed (their process is gone)."""
    if not parent.is_dir():
        return
    for folder in parent.glob(f"{STAGING}*"):
        owner = folder / OWNER
        try:
            pid = int(owner.read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            continue  # not one of ours, or being created: leave it
        if not _pid_alive(pid):
            shutil.rmtree(folder, ignore_errors=True)


class Staging:
    """Write into a temporary folder and move it to `out` only on success.

    `out` must have been validated by :func:`check_out`. The previous output is
    moved aside first and deleted only after the new one is in place; on an
    error (or Ctrl-C) the temporary folder is removed and `out` is untouched.

    Parameters
    ----------
    out : pathlib.Path
        The destination folder (resolved).
    name : str, default "out"
        How the destination is called in messages.
    """

    def __init__(self, out: Path, name: str = "out") -> None:
        self.out = out
        self.name = name
        self.tmp = out

    def __enter__(self) -> Path:
        parent = self.out.parent
        parent.mkdir(parents=True, exist_ok=True)
        clean_stale(parent)
        # the name is chosen before the folder exists, so that an interrupt (SIGTERM is
        # a KeyboardInterrupt here) at any point of __enter__, where __exit__ would not
        # run, still finds and removes it
        tmp = parent / f"{STAGING}{self.out.name}.{os.getpid()}-{secrets.token_hex(4)}"
        try:
            tmp.mkdir(mode=0o700)
            (tmp / OWNER).write_text(str(os.getpid()), encoding="ascii")
            self.tmp = tmp
            return tmp
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            return
        old = None
        try:
            (self.tmp / OWNER).unlink()
            if self.out.exists():
                # check again: the folder may have changed while the analysis ran
                if any(self.out.iterdir()) and not (self.out / MARKER).is_file():
                    raise ParameterError(
                        f"{self.name} {str(self.out)!r} gained files that alliancenet did not "
                        "write while the analysis ran; nothing was replaced."
                    )
                old = self.out.with_name(f"{STAGING}{self.out.name}.old-{os.getpid()}")
                self.out.rename(old)
            self.tmp.rename(self.out)
        except BaseException:  # an error or an interrupt
            if self.tmp.exists():  # not moved: the previous output stays
                shutil.rmtree(self.tmp, ignore_errors=True)
                if old is not None and not self.out.exists():
                    old.rename(self.out)
            elif old is not None:  # the new output is in place already
                shutil.rmtree(old, ignore_errors=True)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def write_run_record(folder: Path, record: Mapping[str, Any]) -> Path:
    """Write ``run.json`` (the parameters of the run; marks the folder as alliancenet's)."""
    data = {k: (list(v) if isinstance(v, tuple) else v) for k, v in record.items()}
    data["alliancenet"] = __version__
    path = folder / MARKER
    path.write_text(json.dumps(data, indent=2, default=str), encoding="utf-8")
    return path


def _has_parquet() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def write_tables(tables: Mapping[str, pd.DataFrame], folder: str | os.PathLike[str]) -> list[Path]:
    """Write each table as ``<name>.csv`` (and ``<name>.parquet`` when pyarrow is installed).

    Parameters
    ----------
    tables : mapping of str to pandas.DataFrame
        E.g. the result of :func:`~alliancenet.report.measure_tables`.
    folder : str or path-like
        Created if needed; files of the same name are replaced.

    Returns
    -------
    list of pathlib.Path
        The files written.

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> paths = write_tables({"t": pd.DataFrame({"year": [2000]})}, tempfile.mkdtemp())
    >>> paths[0].name
    't.csv'
    """
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    parquet = _has_parquet()
    written = []
    for name, df in tables.items():
        df.to_csv(path / f"{name}.csv", index=False)
        written.append(path / f"{name}.csv")
        if parquet:
            df.to_parquet(path / f"{name}.parquet", index=False)
            written.append(path / f"{name}.parquet")
    return written


def _read_one(path: Path, name: str) -> pd.DataFrame:
    expected, numeric = TABLES[name]
    hint = "; write it again with 'alliancenet report' (or measures/simulate)."
    try:
        table = pd.read_csv(path)
    except UnicodeDecodeError:
        raise DataFormatError(
            f"{path}: not a UTF-8 CSV table (binary or other encoding){hint}"
        ) from None
    except pd.errors.EmptyDataError:
        raise DataFormatError(f"{path}: the file is empty; expected a CSV table{hint}") from None
    except (pd.errors.ParserError, ValueError) as err:
        reason = str(err).splitlines()[0][:200] if str(err) else type(err).__name__
        raise DataFormatError(f"{path}: not a readable CSV table ({reason}){hint}") from None
    missing = [c for c in expected if c not in table.columns]
    if missing:
        shown = [str(c)[:40] for c in table.columns[:8]]
        raise DataFormatError(
            f"{path}: expected the columns {list(expected)}, found {shown}; {missing} missing{hint}"
        )
    if table.empty:
        raise DataFormatError(f"{path}: the table has a header but no rows{hint}")
    for col in numeric:
        if not pd.api.types.is_numeric_dtype(table[col]):
            raise DataFormatError(
                f"{path}: column {col!r} must hold numbers, found e.g. "
                f"{table[col].astype(str).head(2).tolist()}{hint}"
            )
    return table


def read_tables(folder: str | os.PathLike[str], *, name: str = "tables") -> dict[str, pd.DataFrame]:
    """Read the tables a report saved in `folder` (its ``tables/`` or a partial job's folder).

    Only the tables a report writes (:data:`TABLES`) are read; other files are
    ignored.

    Parameters
    ----------
    folder : str or path-like
        The ``tables/`` folder of a report (or the report folder itself), a folder
        written by the ``measures``/``simulate`` commands, or by :func:`write_tables`
        with the report's table names.
    name : str, default "tables"
        How the folder is called in messages (the command line passes ``"--tables"``).

    Returns
    -------
    dict of str to pandas.DataFrame

    Raises
    ------
    ParameterError
        `folder` is not a folder or holds none of the report's tables.
    DataFormatError
        A table is empty, not a CSV table, or lacks the columns the figures need.

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> folder = tempfile.mkdtemp()
    >>> t = pd.DataFrame({"year": [2000], "measure": ["density"], "value": [0.5]})
    >>> _ = write_tables({"cohesion": t}, folder)
    >>> sorted(read_tables(folder))
    ['cohesion']
    """
    path = Path(folder)
    if not path.is_dir():
        raise ParameterError(
            f"{name}: expected a folder written by 'alliancenet report/measures/simulate', "
            f"got {str(path)!r}, which is not a folder."
        )
    files = {p.stem: p for p in sorted(path.glob("*.csv")) if p.stem in TABLES}
    if not files and (path / "tables").is_dir():  # a report folder: read its tables/
        path = path / "tables"
        files = {p.stem: p for p in sorted(path.glob("*.csv")) if p.stem in TABLES}
    if not files:
        raise ParameterError(
            f"{name}: none of the report's tables ({', '.join(f'{t}.csv' for t in TABLES)}) "
            f"is in {str(path)!r}; run 'alliancenet report' or 'alliancenet measures' first and "
            f"point {name} at its tables/ folder."
        )
    return {stem: _read_one(p, stem) for stem, p in files.items()}


def inputs_of(paths: Sequence[str | os.PathLike[str] | None]) -> list[Path]:
    """The given input paths, resolved (None skipped)."""
    return [Path(p).expanduser().resolve() for p in paths if p]


def write_output(
    out: Path, tables: Mapping[str, pd.DataFrame], record: Mapping[str, Any], name: str = "out"
) -> list[Path]:
    """Write `tables` and ``run.json`` into `out` (checked by :func:`check_out`), all or nothing."""
    with Staging(out, name) as tmp:
        paths = write_tables(tables, tmp)
        paths.append(write_run_record(tmp, record))
    return [out / p.relative_to(tmp) for p in paths]
