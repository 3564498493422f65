"""The numba kernels compiled ahead of time, at install: no numba start-up in a first call.

The package's hot loops are plain Python functions over numpy arrays
(:mod:`alliancenet.robustness._kernels`, :mod:`alliancenet.measures._kernels`)
that numba compiles. Compiled just in time, their first call in a process
waits about half a second for numba itself to start (its import, its typing
tables and the BLAS check that imports scipy), even when the machine code
comes from numba's disk cache. So the install also compiles them ahead of time
with numba's own compiler (:mod:`numba.pycc`): ``setup.py`` calls :func:`build`,
which writes the extension module ``alliancenet._kernels_aot`` holding every
kernel of :data:`EXPORTS` for the argument types listed there. Importing and
calling it needs neither numba nor its start-up.

Same source, same types, same compiler: the results are those of the
just-in-time kernels and of the plain Python functions (the tests check all
three agree exactly). Where the module was not built (no C compiler at install,
or a numba without ``pycc``), cannot be loaded (e.g. numpy changed since the
install), was built from other sources (a kernel edited since the install: the module
records :func:`source_digest` of what it was built from; a RuntimeWarning says
so), or is switched off by the environment variable ``ALLIANCENET_AOT=0``
(read at import; also skips the build), :func:`kernel` returns None and the
callers compile the same function just in time, as before.

Two differences from the just-in-time kernels: the machine code is for the
generic CPU of the platform (the just-in-time code uses every instruction of
the machine it runs on), and a call holds the GIL (threads do not run the
kernels in parallel; processes, joblib's default, do).

This module imports nothing from the package, so that ``setup.py`` can load it
by path before the package's dependencies are installed.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
import warnings
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

__all__ = ["ENABLED", "EXPORTS", "MODULE", "build", "kernel", "source_digest"]

#: The extension module written at install.
MODULE = "alliancenet._kernels_aot"
#: False when ``ALLIANCENET_AOT=0``: :func:`kernel` returns None (and no build).
ENABLED = os.environ.get("ALLIANCENET_AOT", "1").strip() != "0"


class Export(NamedTuple):
    """One kernel of the extension: its source file (relative to the package),
    the Python function compiled, and the numba signature compiled for."""

    source: str
    function: str
    signature: str


_ROWS = "i8[::1], i8[::1], i8[::1], i8[::1], i8[::1], i8[::1]"  # sparse rows and columns
_OUT = "i8[::1], b1, i8[::1], i8[::1], f8[::1]"  # nodes, ordered, ccode1, ccode2, score

#: The kernels compiled ahead of time, by the name callers ask :func:`kernel` for.
#: Arrays are C-contiguous (``[::1]``, ``[:, ::1]``); callers pass exactly these types.
EXPORTS: dict[str, Export] = {
    "percolate": Export(
        "robustness/_kernels.py",
        "percolate_python",
        "UniTuple(i8[:, ::1], 3)(i8[::1], i8[::1], i8[:, ::1])",
    ),
    "clique_cover": Export(
        "robustness/_kernels.py",
        "clique_cover_python",
        "Tuple((i8[::1], i8[::1]))(i8[::1], i8[::1], i8)",
    ),
    "percolate_cliques": Export(
        "robustness/_kernels.py",
        "percolate_cliques_python",
        "UniTuple(i8[:, ::1], 3)(i8[::1], i8[::1], i8, i8[:, ::1])",
    ),
    "column_summary": Export(
        "robustness/_kernels.py",
        "column_summary_python",
        "Tuple((f8[::1], f8[:, ::1]))(i8[:, ::1], f8[::1])",
    ),
    "components": Export(
        "robustness/_kernels.py",
        "components_python",
        "UniTuple(i8[::1], 2)(b1[:, ::1], i8[::1], i8[::1], i8)",
    ),
    "agreement_rows": Export(
        "measures/_kernels.py",
        "agreement_rows",
        f"void({_ROWS}, f8[::1], f8[:, ::1], f8[::1], f8[:, ::1], f8[:, ::1], f8[::1], "
        f"b1, f8, {_OUT})",
    ),
    "betweenness_twins": Export(
        "measures/_kernels.py",
        "betweenness_twins",
        "f8[::1](i8[::1], i8[::1], f8[::1])",
    ),
    "taub_rows": Export(
        "measures/_kernels.py",
        "taub_rows",
        f"void({_ROWS}, f8[:, ::1], f8[::1], f8[::1], i8, {_OUT})",
    ),
}


def source_digest() -> int:
    """A digest of the kernels' source files and of :data:`EXPORTS`.

    The compiled module records the digest it was built from (its function
    ``built_from``); a module built from other sources (a kernel edited since
    the install) is not used.

    Examples
    --------
    >>> 0 <= source_digest() < 2**56
    True
    """
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256(repr(sorted(EXPORTS.items())).encode())
    for src in sorted({e.source for e in EXPORTS.values()}):
        digest.update(src.encode())
        digest.update((here / src).read_bytes())
    return int.from_bytes(digest.digest()[:7], "little")


@cache
def _module() -> Any:
    """The extension module, or None where it is missing, cannot be loaded or is stale."""
    try:
        module = importlib.import_module(MODULE)
    except Exception:  # not built, or built against another numpy: compile just in time
        return None
    if module.built_from() != source_digest():
        warnings.warn(
            "alliancenet: the kernels compiled at install were built from other sources "
            "than the installed ones (a kernel was edited since); numba compiles them just "
            "in time instead. Reinstall (pip install -e .) to compile them again.",
            RuntimeWarning,
            stacklevel=4,
        )
        return None
    return module


_DTYPES = {"i8": "int64", "f8": "float64", "b1": "bool"}


def _split_args(signature: str) -> list[str]:
    """The argument types of a numba signature ``"ret(arg, arg, ...)"``, as written."""
    depth = 0
    for start in range(len(signature) - 1, -1, -1):  # the "(" matching the final ")"
        depth += {")": 1, "(": -1}.get(signature[start], 0)
        if depth == 0:
            break
    parts, current, depth = [], "", 0
    for ch in signature[start + 1 : -1]:
        depth += {"[": 1, "(": 1, "]": -1, ")": -1}.get(ch, 0)
        if ch == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += ch
    return [*parts, current.strip()]


def _arrays(signature: str) -> list[tuple[int, str, int]]:
    """(position, dtype, ndim) of each array argument of a signature of :data:`EXPORTS`.

    Examples
    --------
    >>> _arrays("UniTuple(i8[::1], 2)(i8[::1], f8, b1[:, ::1])")
    [(0, 'int64', 1), (2, 'bool', 2)]
    """
    return [
        (i, _DTYPES[arg[:2]], arg.count(",") + 1)
        for i, arg in enumerate(_split_args(signature))
        if "[" in arg
    ]


def _checked(func: Callable[..., Any], name: str, signature: str) -> Callable[..., Any]:
    """`func` behind a check of its array arguments.

    A kernel compiled ahead of time reads every array as C-contiguous with the
    dtype of its signature without checking (a strided view gives wrong
    numbers); so each array is checked first, and a TypeError names the
    argument. Arrays are not converted: some are outputs, written in place.
    """
    arrays = _arrays(signature)

    def call(*args: Any) -> Any:
        for i, dtype, ndim in arrays:
            a = args[i]
            if not (
                isinstance(a, np.ndarray)
                and a.dtype == dtype
                and a.ndim == ndim
                and a.flags.c_contiguous
            ):
                got = (
                    f"{a.dtype} {a.ndim}-d (C-contiguous: {a.flags.c_contiguous})"
                    if isinstance(a, np.ndarray)
                    else type(a).__name__
                )
                raise TypeError(
                    f"kernel {name!r} expected argument {i} to be a C-contiguous {dtype} "
                    f"array with {ndim} dimension(s); got {got}. Pass "
                    f"np.ascontiguousarray(x, dtype={dtype!r})."
                )
        return func(*args)

    call.__name__ = name
    call.__doc__ = func.__doc__
    return call


def kernel(name: str) -> Callable[..., Any] | None:
    """The kernel `name` of :data:`EXPORTS` compiled ahead of time, or None.

    Examples
    --------
    >>> f = kernel("components")
    >>> f is None or f.__name__ == "components"
    True
    """
    if name not in EXPORTS:
        raise KeyError(f"no kernel {name!r}; expected one of {sorted(EXPORTS)}")
    return _kernel(name) if ENABLED else None


@cache
def _kernel(name: str) -> Callable[..., Any] | None:
    module = _module()
    func = None if module is None else getattr(module, name, None)
    return None if func is None else _checked(func, name, EXPORTS[name].signature)


def _load(path: Path, name: str) -> Any:
    """The Python module at `path`, executed on its own (not as part of the package)."""
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:  # pragma: no cover - a plain .py file
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(target: str | Path) -> None:
    """Compile every kernel of :data:`EXPORTS` into the extension file `target`.

    Called by ``setup.py`` at install (`target` is where setuptools expects
    ``alliancenet._kernels_aot``). Needs numba with :mod:`numba.pycc` and a C
    compiler; raises whatever they raise when either is missing (``setup.py``
    then installs without the extension).
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # numba.pycc announces its pending deprecation
        from numba.pycc import CC

    here = Path(__file__).resolve().parent
    target = Path(target).resolve()
    sources = {
        src: _load(here / src, "_alliancenet_aot_" + src.replace("/", "_").removesuffix(".py"))
        for src in sorted({e.source for e in EXPORTS.values()})
    }
    cc = CC(MODULE.rpartition(".")[2], source_module=sources[EXPORTS["percolate"].source])
    cc.output_dir = str(target.parent)
    cc.output_file = target.name
    for name, (src, function, signature) in EXPORTS.items():
        cc.export(name, signature)(getattr(sources[src], function))
    digest = source_digest()

    def built_from() -> int:
        return digest  # a constant of the compiled code

    cc.export("built_from", "i8()")(built_from)
    target.parent.mkdir(parents=True, exist_ok=True)
    cc.compile()
