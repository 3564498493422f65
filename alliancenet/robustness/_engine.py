"""Compiled kernels behind the robustness and defection simulations (private).

The public functions describe *what* is computed; this module computes it fast,
and is the only place in :mod:`alliancenet.robustness` that touches numba.

Percolation (robustness curves)
-------------------------------
A removal order ``order[0], order[1], ..., order[N-1]`` (node positions
``0..N-1``) is replayed **backwards**: starting from the empty graph, the nodes
are added back in reverse removal order and merged with their already present
neighbours by union–find (path halving + union by size). After ``j``
additions the present nodes are exactly ``order[N-j:]``, i.e. the graph left
after removing the first ``k = N - j`` nodes, so one pass of ``O(N + M α(N))``
gives the whole curve (Newman & Ziff 2001). Three quantities are tracked
incrementally:

* the size of the largest component (components only grow while adding, so a
  running maximum suffices);
* the number of components (+1 per added node, −1 per successful union);
* coverage, the number of present nodes with at least one present neighbour: when
  node ``v`` is added, every present neighbour that had no present neighbour
  becomes covered, and ``v`` is covered if it has any present neighbour.

The graph is given as CSR arrays (``indptr``, ``indices``) of a symmetric
adjacency structure, built once per graph by
:func:`alliancenet._graphs.graph_to_csr`. Many orders are processed in one
compiled call (``orders`` is a 2-D array, one row per order).

Components (defection simulations)
----------------------------------
:func:`components` gives the largest component and the number of blocs of many
random subsets of the same promises (one row of a boolean mask per simulation).

Compilation
-----------
Each kernel is plain Python (:mod:`alliancenet.robustness._kernels`) compiled by
numba (identical results, much faster). The install compiles them ahead of time
(:mod:`alliancenet._aot`), and those are used whenever they were built: no
numba start-up in any call. Otherwise numba compiles them just in time, and
without numba the Python functions run. Just-in-time code is cached on disk
when numba finds a writable place for it (the package's ``__pycache__``,
``NUMBA_CACHE_DIR`` or the user cache folder); on a read-only installation
(containers, HPC nodes) the kernels are compiled in memory at first use
instead, so importing :mod:`alliancenet` never fails. Until numba has been
loaded in the process, small calls (:data:`SMALL_WORK`, up to about 0.1 s of
Python in all) run the same functions as plain Python, so a first small curve
does not wait for numba's start-up; larger work loads numba.

References
----------
Newman, M. E. J., and R. M. Ziff. 2001. "Fast Monte Carlo algorithm for site or
bond percolation." *Physical Review E* 64: 016706. doi:10.1103/PhysRevE.64.016706
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .. import _aot
from ._kernels import (
    clique_cover_python,
    column_summary_python,
    components_python,
    percolate_cliques_python,
    percolate_python,
)

__all__ = [
    "HAVE_NUMBA",
    "CACHED",
    "column_summary",
    "components",
    "components_python",
    "percolate",
    "percolate_python",
    "random_orders",
]


def _numba_installed() -> bool:
    """Whether numba can be imported, without importing it (about 0.2 s)."""
    try:
        return importlib.util.find_spec("numba") is not None
    except (ImportError, ValueError):  # blocked (sys.modules["numba"] = None) or broken
        return False


#: numba is a declared dependency, but the kernels must work without it.
HAVE_NUMBA = _numba_installed()
#: False once numba found no writable cache location and compiles in memory only.
CACHED = HAVE_NUMBA
#: Work (loop iterations, roughly) below which a kernel that numba has not yet
#: loaded in this process runs as plain Python instead (a few milliseconds), so
#: that a first small call does not wait for numba to start (~0.5 s: its typing
#: tables and the BLAS check that imports scipy). Same function, same results.
SMALL_WORK = 50_000


#: Work done so far by kernels in Python while numba was not loaded; past
#: ``4 * SMALL_WORK`` (~0.1 s) the compiled kernels are loaded even for small calls.
_python_work = 0
#: The just-in-time kernels made so far, by Python function (None without numba).
_JIT: dict[Callable[..., Any], Any] = {}
#: The just-in-time kernels under the names they had as module attributes.
_JIT_NAMES: dict[str, Callable[..., Any]] = {
    "_percolate_numba": percolate_python,
    "_column_summary_numba": column_summary_python,
    "_components_numba": components_python,
}


def __getattr__(name: str) -> Any:
    """``_percolate_numba`` etc.: the just-in-time kernel (made, and numba imported, now)."""
    if name in _JIT_NAMES:
        return _jit(_JIT_NAMES[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _pick(name: str, python: Callable[..., Any], work: int) -> Callable[..., Any]:
    """The kernel `name` compiled at install; else the just-in-time one, or the Python one
    while numba is not yet loaded and the work is small."""
    global _python_work
    aot = _aot.kernel(name)
    if aot is not None:
        return aot
    if not HAVE_NUMBA:  # pragma: no cover - numba missing
        return python
    jit = _JIT.get(python)
    if (
        work <= SMALL_WORK
        and (jit is None or not jit.signatures)
        and _python_work <= 4 * SMALL_WORK
    ):
        _python_work += work
        return python
    return _jit(python) or python


def _jit(func: Callable[..., Any]) -> Any:
    """`func` compiled just in time by numba (made on first use); None without numba."""
    if func not in _JIT:
        _JIT[func] = _compile(func)
    return _JIT[func]


def _compile(func: Callable[..., Any]) -> Callable[..., Any] | None:
    """`func` compiled by numba (cached on disk where possible); None without numba.

    numba resolves the cache location when the decorator runs and raises
    ``RuntimeError("cannot cache function ...: no locator available")`` when no
    location is writable; the kernel is then compiled without a disk cache (same
    code, compiled once per process).
    """
    global CACHED, HAVE_NUMBA
    try:
        import numba
    except ImportError:  # pragma: no cover - found but broken
        HAVE_NUMBA = CACHED = False
        return None
    try:
        return numba.njit(cache=True, nogil=True)(func)
    except RuntimeError as err:
        if "cannot cache" not in str(err):  # pragma: no cover - not a cache problem
            raise
        CACHED = False
        return numba.njit(cache=False, nogil=True)(func)


#: Memberships in cliques per tie below which the curves walk cliques (see
#: :func:`clique_cover`); alliance graphs have about 0.1, graphs without
#: cliques (trees, sparse random graphs) 1.
CLIQUE_SHARE = 0.5


def clique_cover(indptr: np.ndarray, indices: np.ndarray) -> tuple[Any, ...] | None:
    """The states' cliques, ``(s_indptr, s_cliques, n_cliques)``, or None if not worth it.

    A greedy cover of the ties by cliques (:func:`clique_cover_python`), turned
    into each state's list of cliques for :func:`percolate`. None when the
    memberships are more than :data:`CLIQUE_SHARE` of the arcs (ties in both
    directions): walking the ties is then as fast.

    Examples
    --------
    >>> import networkx as nx
    >>> from alliancenet._graphs import graph_to_csr
    >>> _, indptr, indices = graph_to_csr(nx.complete_graph(5))  # 20 arcs, 5 memberships
    >>> s_indptr, s_cliques, n_cliques = clique_cover(indptr, indices)
    >>> s_cliques.tolist(), n_cliques
    ([0, 0, 0, 0, 0], 1)
    >>> clique_cover(*graph_to_csr(nx.path_graph(4))[1:]) is None  # no cliques to share
    True
    """
    indptr = np.ascontiguousarray(indptr, dtype=np.int64)
    indices = np.ascontiguousarray(indices, dtype=np.int64)
    n = indptr.shape[0] - 1
    limit = int(CLIQUE_SHARE * indices.shape[0])
    kernel = _pick("clique_cover", clique_cover_python, 8 * indices.shape[0])
    starts, members = kernel(indptr, indices, limit)
    if starts.shape[0] == 1 and indices.shape[0] > 0:  # given up: over the limit
        return None
    n_cliques = starts.shape[0] - 1
    clique_of = np.repeat(np.arange(n_cliques, dtype=np.int64), np.diff(starts))
    s_indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(members, minlength=n), out=s_indptr[1:])
    s_cliques = np.ascontiguousarray(clique_of[np.argsort(members, kind="stable")])
    return s_indptr, s_cliques, n_cliques


def percolate(
    indptr: np.ndarray,
    indices: np.ndarray,
    orders: np.ndarray,
    cliques: tuple[Any, ...] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Robustness curves of many removal orders in one compiled call.

    Same parameters, returns and results as :func:`percolate_python`; runs it
    compiled by numba (at install, else just in time), the pure-Python function
    without numba. With `cliques` (from :func:`clique_cover` of the same graph)
    :func:`percolate_cliques_python` runs instead: the same results, from the
    states' cliques instead of their ties.
    Inputs are converted to contiguous int64 arrays; a 1-D `orders` is one order.

    Examples
    --------
    >>> import numpy as np, networkx as nx
    >>> from alliancenet._graphs import graph_to_csr
    >>> _, indptr, indices = graph_to_csr(nx.complete_graph(4))
    >>> lcc, _, _ = percolate(indptr, indices, np.array([0, 1, 2, 3]))
    >>> lcc.tolist()
    [[4, 3, 2, 1, 0]]
    """
    indptr = np.ascontiguousarray(indptr, dtype=np.int64)
    indices = np.ascontiguousarray(indices, dtype=np.int64)
    orders = np.ascontiguousarray(np.atleast_2d(orders), dtype=np.int64)
    n = indptr.shape[0] - 1
    if orders.shape[1] != n:
        raise ValueError(f"orders must have {n} columns (one per node); got {orders.shape[1]}")
    if cliques is not None:
        s_indptr, s_cliques, n_cliques = cliques
        work = orders.shape[0] * (n + s_cliques.shape[0])
        kernel = _pick("percolate_cliques", percolate_cliques_python, work)
        return kernel(s_indptr, s_cliques, int(n_cliques), orders)
    work = orders.shape[0] * (n + indices.shape[0])
    return _pick("percolate", percolate_python, work)(indptr, indices, orders)


def column_summary(
    values: np.ndarray, quantiles: Sequence[float] | np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Column means and quantiles of an array of counts (one row per order).

    Parameters
    ----------
    values : numpy.ndarray of int, shape (R, C)
        Non-negative integers, e.g. the ``lcc`` output of :func:`percolate`.
    quantiles : sequence of float in [0, 1]

    Returns
    -------
    mean : numpy.ndarray, shape (C,)
    quant : numpy.ndarray, shape (len(quantiles), C)
        As ``values.mean(axis=0)`` and ``np.quantile(values, quantiles, axis=0)``
        (linear interpolation). With numba a counting pass computes them in
        ``O(R C)``; without it numpy does.

    Examples
    --------
    >>> import numpy as np
    >>> mean, q = column_summary(np.array([[0, 5], [2, 5], [4, 6]]), [0.5, 0.25])
    >>> mean.tolist(), q.tolist()
    ([2.0, 5.333333333333333], [[2.0, 5.0], [1.0, 5.0]])
    """
    values = np.ascontiguousarray(values, dtype=np.int64)
    qs = np.ascontiguousarray(np.atleast_1d(quantiles), dtype=np.float64)
    if HAVE_NUMBA or _aot.kernel("column_summary") is not None:
        n_rows, n_cols = values.shape
        top = int(values.max(initial=0))
        work = n_cols * (n_rows + (top + 2) * (1 + qs.shape[0]))
        return _pick("column_summary", column_summary_python, work)(values, qs)
    return values.mean(axis=0), np.quantile(values, qs, axis=0)  # pragma: no cover


def random_orders(n: int, n_orders: int, rng: np.random.Generator) -> np.ndarray:
    """Return `n_orders` uniformly random permutations of ``0..n-1`` (one per row).

    Parameters
    ----------
    n, n_orders : int
    rng : numpy.random.Generator
        Consumed by one call to :meth:`~numpy.random.Generator.permuted`, so the
        same generator state gives the same orders.

    Examples
    --------
    >>> import numpy as np
    >>> o = random_orders(4, 2, np.random.default_rng(0))
    >>> o.shape, sorted(o[0].tolist())
    ((2, 4), [0, 1, 2, 3])
    """
    base = np.broadcast_to(np.arange(n, dtype=np.int64), (int(n_orders), int(n)))
    return rng.permuted(base, axis=1)


def components(
    alive: np.ndarray, src: np.ndarray, dst: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray]:
    """Compiled :func:`components_python` (the Python function without numba).

    Examples
    --------
    >>> import numpy as np
    >>> lcc, blocs = components(np.ones((1, 2), dtype=bool), np.array([0, 1]), np.array([1, 2]), 4)
    >>> lcc.tolist(), blocs.tolist()
    ([3], [1])
    """
    alive = np.ascontiguousarray(alive, dtype=np.bool_)
    src = np.ascontiguousarray(src, dtype=np.int64)
    dst = np.ascontiguousarray(dst, dtype=np.int64)
    work = alive.shape[0] * (alive.shape[1] + int(n))
    return _pick("components", components_python, work)(alive, src, dst, int(n))
