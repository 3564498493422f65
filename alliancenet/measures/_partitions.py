"""Partitions of a state graph into blocs: detection, labels, checks, comparison.

Private to :mod:`alliancenet.measures` (used by :mod:`~alliancenet.measures.blocs`
and :mod:`~alliancenet.measures.cohesion`): the seeded community search (Leiden
through igraph under :func:`alliancenet._random.igraph_seeded`, or Louvain
through networkx), canonical bloc labels, user partitions read and checked,
weighted modularity, and the mean adjusted Rand index of repeated runs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from typing import TYPE_CHECKING, TypeAlias

import networkx as nx
import numpy as np
import pandas as pd

from .._graphs import edge_arrays, sorted_nodes
from .._lazy import lazy_import
from .._random import igraph_seeded
from ..errors import ParameterError
from ._common import igraph_of

if TYPE_CHECKING:
    import igraph as ig
else:
    # igraph imports matplotlib, which `import alliancenet` must not: load it on first use
    ig = lazy_import("igraph")

METHODS = ("leiden", "louvain")

#: A bloc partition: labels indexed by ccode, or groups of ccodes.
Partition: TypeAlias = pd.Series | Iterable[Iterable[Hashable]]


def check_options(method: str, resolution: float) -> None:
    if not isinstance(method, str) or method not in METHODS:
        raise ParameterError(f"expected method in {METHODS}; got {method!r}")
    numeric = isinstance(resolution, int | float | np.integer | np.floating)
    if (
        isinstance(resolution, bool)
        or not numeric
        or not (np.isfinite(resolution) and resolution > 0)
    ):
        raise ParameterError(
            f"expected a positive, finite resolution; got {resolution!r}; 1.0 is standard modularity"
        )


def community_membership(
    h: ig.Graph,
    w: np.ndarray | None,
    method: str,
    resolution: float,
    seed: int,
    n_iterations: int,
) -> np.ndarray:
    """Raw community membership of the vertices of `h` (edge weights `w` or None)."""
    if h.ecount() == 0:
        return np.arange(h.vcount())
    if method == "leiden":
        with igraph_seeded(seed):
            part = h.community_leiden(
                objective_function="modularity",
                weights=None if w is None else list(map(float, w)),
                resolution=resolution,
                n_iterations=n_iterations,
            )
        return np.asarray(part.membership)
    H = nx.Graph()
    H.add_nodes_from(range(h.vcount()))
    ws = np.ones(h.ecount()) if w is None else w
    H.add_weighted_edges_from(
        (a, b, float(x)) for (a, b), x in zip(h.get_edgelist(), ws, strict=True)
    )
    comms = nx.community.louvain_communities(H, weight="weight", resolution=resolution, seed=seed)
    out = np.empty(h.vcount(), dtype=np.int64)
    for k, c in enumerate(comms):
        out[list(c)] = k
    return out


def canonical_labels(membership: np.ndarray) -> np.ndarray:
    """Relabel blocs 0, 1, ... by decreasing size, ties by first (lowest-ccode) member."""
    membership = np.asarray(membership)
    if membership.size == 0:
        return membership.astype(np.int64)
    labels, first, sizes = np.unique(membership, return_index=True, return_counts=True)
    order = np.lexsort((first, -sizes))
    new = np.empty(labels.size, dtype=np.int64)
    new[order] = np.arange(labels.size)
    return new[np.searchsorted(labels, membership)]


def prepare(G: nx.Graph, weight: str | None) -> tuple[list[Hashable], ig.Graph, np.ndarray | None]:
    """Sorted nodes, the igraph copy (no self-loops) and the validated weights (or None)."""
    nodes = sorted_nodes(G)
    src, dst, w = edge_arrays(G, nodes, weight)
    h = igraph_of(len(nodes), src, dst, directed=False)
    return nodes, h, (None if weight is None else w)


def check_count(value: object, name: str, minimum: int) -> int:
    """A whole number >= `minimum` (ParameterError otherwise)."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise ParameterError(f"expected an integer {name} >= {minimum}; got {value!r}")
    return int(value)


def check_iterations(n_iterations: object) -> int:
    if isinstance(n_iterations, bool) or not isinstance(n_iterations, int | np.integer):
        raise ParameterError(
            f"expected an integer n_iterations (negative = until stable); got {n_iterations!r}"
        )
    if n_iterations == 0:
        raise ParameterError("expected n_iterations != 0 (negative = until stable); got 0")
    return int(n_iterations)


def _together(parts: np.ndarray, iu: np.ndarray, ju: np.ndarray) -> np.ndarray:
    """For each partition (row), 1 where the pair of states (iu, ju) shares a bloc."""
    return (parts[:, iu] == parts[:, ju]).astype(np.float32)


def mean_ari(counts: Counter[tuple[int, ...]], block: int = 512) -> float:
    """Mean adjusted Rand index over all pairs of runs (identical partitions count 1).

    For partitions ``a`` and ``b`` of ``n`` states with ``N = n(n-1)/2`` pairs of
    states, ``t_ab`` pairs together in both and ``t_aa`` pairs together in ``a``:
    ``ARI = (t_ab - t_aa t_bb / N) / ((t_aa + t_bb) / 2 - t_aa t_bb / N)``
    (Hubert & Arabie 1985). The counts ``t`` of all pairs of distinct partitions
    come from products of their co-membership indicators, in blocks of rows
    (float32 products of 0/1 indicators are exact integers below 2**24).
    """
    reps = np.array(list(counts.values()), dtype=float)
    runs = reps.sum()
    identical = float((reps * (reps - 1) / 2).sum())
    if reps.size == 1:
        return 1.0
    parts = np.array(list(counts), dtype=np.int64)
    iu, ju = np.triu_indices(parts.shape[1], 1)
    both = np.empty((reps.size, reps.size))
    for i in range(0, reps.size, block):
        xi = _together(parts[i : i + block], iu, ju)
        for j in range(i, reps.size, block):
            xj = xi if j == i else _together(parts[j : j + block], iu, ju)
            both[i : i + block, j : j + block] = xi @ xj.T
    a, b = np.triu_indices(reps.size, 1)
    t_ab = both[a, b]
    t_aa, t_bb = both[a, a], both[b, b]
    expected = t_aa * t_bb / iu.size
    ari = (t_ab - expected) / ((t_aa + t_bb) / 2 - expected)
    return (float((reps[a] * reps[b] * ari).sum()) + identical) / (runs * (runs - 1) / 2)


def n_blocs(membership: np.ndarray) -> int:
    """Number of blocs with at least two states."""
    if membership.size == 0:
        return 0
    return int((np.bincount(membership) >= 2).sum())


def _labels_membership(partition: pd.Series, nodes: Sequence[Hashable]) -> np.ndarray:
    """Integer membership aligned with `nodes` from bloc labels indexed by ccode."""
    if partition.index.has_duplicates:
        dup = partition.index[partition.index.duplicated()].unique().tolist()
        raise ParameterError(
            f"expected one bloc label per state; got several for {dup[:5]}; pass a Series "
            "with one row per ccode (as anet.blocs returns)"
        )
    missing = [v for v in nodes if v not in partition.index]
    if missing:
        raise ParameterError(
            f"expected a bloc label for every state in the graph; got none for {missing[:5]}; "
            "pass anet.blocs(G) or a Series indexed by every ccode"
        )
    labels = partition.reindex(pd.Index(list(nodes)))
    if labels.isna().any():
        raise ParameterError(
            f"expected a bloc label for every state; got missing labels for "
            f"{labels.index[labels.isna()].tolist()[:5]}; give isolates their own bloc"
        )
    _, membership = np.unique(labels.to_numpy().astype(str), return_inverse=True)
    return membership.astype(np.int64)


def _groups_membership(partition: object, nodes: Sequence[Hashable]) -> np.ndarray:
    """Integer membership aligned with `nodes` from an iterable of groups of states."""
    usage = "pass a Series of bloc labels indexed by ccode, or a list of sets of ccodes"
    if isinstance(partition, str | bytes) or not isinstance(partition, Iterable):
        raise ParameterError(f"expected blocs as a partition; got {partition!r}; {usage}")
    pos = {v: i for i, v in enumerate(nodes)}
    membership = np.full(len(nodes), -1, dtype=np.int64)
    for k, group in enumerate(partition):
        if isinstance(group, str | bytes) or not isinstance(group, Iterable):
            raise ParameterError(
                f"expected each bloc to be a group of states; got {group!r}; {usage}"
            )
        for v in group:
            if not isinstance(v, Hashable) or v not in pos:
                raise ParameterError(f"expected blocs of states in the graph; got unknown {v!r}")
            if membership[pos[v]] >= 0:
                raise ParameterError(f"expected disjoint blocs; {v!r} is in more than one")
            membership[pos[v]] = k
    if (membership < 0).any():
        left = [nodes[i] for i in np.flatnonzero(membership < 0)[:5]]
        raise ParameterError(
            f"expected blocs covering every state; got none for {left}; add singleton blocs"
        )
    return membership


def partition_membership(partition: Partition, nodes: Sequence[Hashable]) -> np.ndarray:
    """Integer membership aligned with `nodes` from a Series or an iterable of node groups."""
    if isinstance(partition, pd.Series):
        return _labels_membership(partition, nodes)
    return _groups_membership(partition, nodes)


def modularity(
    h: ig.Graph, membership: np.ndarray, w: np.ndarray | None, resolution: float
) -> float:
    if h.ecount() == 0:
        return float("nan")
    return float(
        h.modularity(
            list(map(int, membership)),
            weights=None if w is None else list(map(float, w)),
            resolution=resolution,
        )
    )
