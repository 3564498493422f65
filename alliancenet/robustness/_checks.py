"""Parameter checks shared by the robustness and defection functions (private).

Graph kinds, node order, weights and seeds have package-wide owners
(:mod:`alliancenet._graphs`, :mod:`alliancenet._random`); this module holds what
only the simulations need: counts, state labels, probabilities and an up-front
refusal of sizes that would exhaust memory.
"""

from __future__ import annotations

import os
from collections.abc import Hashable
from numbers import Integral, Real

import networkx as nx
import numpy as np
import pandas as pd

from .._graphs import check_state_graph, sorted_nodes
from ..errors import GraphTypeError, ParameterError

__all__ = [
    "check_count",
    "check_probability",
    "state_nodes",
    "check_memory",
    "available_memory",
    "sequence_like",
]


def check_count(value: object, name: str, *, minimum: int = 1) -> int:
    """`value` as an int ``>= minimum``, or a :class:`ParameterError` naming `name`.

    Examples
    --------
    >>> check_count(3, "n_sims")
    3
    >>> check_count(0, "n_sims")
    Traceback (most recent call last):
    ...
    alliancenet.errors.ParameterError: n_sims: expected an integer >= 1; got 0.
    """
    if isinstance(value, bool) or not isinstance(value, Integral) or int(value) < minimum:
        raise ParameterError(f"{name}: expected an integer >= {minimum}; got {value!r}.")
    return int(value)


def check_probability(p: object, what: str) -> float:
    """`p` as a float in [0, 1], or a :class:`ParameterError` naming `what`.

    Examples
    --------
    >>> check_probability(0.5, "p_honor")
    0.5
    """
    if isinstance(p, bool) or not isinstance(p, Real) or not (0.0 <= float(p) <= 1.0):
        raise ParameterError(
            f"expected a probability between 0 and 1 for {what}; got {p!r}; "
            "honouring rates are shares of commitments honoured"
        )
    return float(p)


def state_nodes(G: object, what: str) -> list[Hashable]:
    """Check that `G` is a non-empty state graph; return its nodes sorted.

    A state graph as :func:`alliancenet._graphs.check_state_graph` defines it
    (directed graphs allowed), with at least one node, whose labels are single
    values (ccodes, or names), not tuples: a tuple label would be read as a list
    of states by functions that take states as arguments.

    Raises
    ------
    GraphTypeError
        Not a simple state graph, or tuple node labels.
    ParameterError
        No nodes.

    Examples
    --------
    >>> state_nodes(nx.Graph([(200, 2)]), "keystones")
    [2, 200]
    >>> state_nodes(nx.Graph([((2, "USA"), (200, "UKG"))]), "keystones")
    Traceback (most recent call last):
    ...
    alliancenet.errors.GraphTypeError: keystones expected states labelled by ccode ...
    """
    check_state_graph(G, what=what)
    assert isinstance(G, nx.Graph)
    if G.number_of_nodes() == 0:
        raise ParameterError(
            f"{what} expected a graph with at least one state; got an empty graph; check the "
            "year and the states table passed to anet.alliance_graph"
        )
    tuples = [v for v in G.nodes if isinstance(v, tuple)]
    if tuples:
        raise GraphTypeError(
            f"{what} expected states labelled by ccode (int) or another single value; got "
            f"{len(tuples)} tuple label(s) such as {tuples[0]!r}; relabel the graph, e.g. "
            "nx.convert_node_labels_to_integers(G, label_attribute='label')"
        )
    return sorted_nodes(G)


def available_memory() -> int | None:
    """Bytes of memory available to this process (Linux ``MemAvailable``), or None.

    Falls back to the physical memory size where ``/proc/meminfo`` is absent.

    Examples
    --------
    >>> m = available_memory()
    >>> m is None or m > 0
    True
    """
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return int(os.sysconf("SC_PHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, ValueError, OSError):  # pragma: no cover - not POSIX
        return None


def _size(nbytes: float) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if nbytes < 1024 or unit == "PiB":
            return f"{nbytes:,.0f} {unit}" if unit == "bytes" else f"{nbytes:,.1f} {unit}"
        nbytes /= 1024
    raise AssertionError  # pragma: no cover


def check_memory(nbytes: float, what: str, advice: str, *, limit: int | None = None) -> None:
    """Refuse, before any work, a result that would not fit in the available memory.

    Parameters
    ----------
    nbytes : float
        Estimated peak memory of the computation.
    what : str
        What would be computed (named in the message).
    advice : str
        How to ask for less.
    limit : int, optional
        Bytes allowed (default: :func:`available_memory`).

    Examples
    --------
    >>> check_memory(10 * 2**40, "1e9 curve rows", "lower n_sims", limit=2**30)
    Traceback (most recent call last):
    ...
    alliancenet.errors.ParameterError: 1e9 curve rows would need about 10.0 TiB ...
    """
    limit = available_memory() if limit is None else limit
    if limit is not None and nbytes > limit:
        raise ParameterError(
            f"{what} would need about {_size(nbytes)} of memory, more than the "
            f"{_size(limit)} available; {advice}"
        )


def sequence_like(value: object) -> bool:
    """True for a list, tuple, set, numpy array, pandas Index or Series (not a str).

    Examples
    --------
    >>> sequence_like([2, 20]), sequence_like(2), sequence_like("USA")
    (True, False, False)
    """
    return isinstance(value, list | tuple | set | frozenset | np.ndarray | pd.Index | pd.Series)
