"""A state graph as promises (private): who promised whom, as arrays.

An alliance tie is a *promise*: in an undirected alliance graph each tie carries
two promises (A to B and B to A); in a directed graph an arc ``A → B`` is A's
promise to B (ATOP codes obligations per member). The defection simulations,
attack response and keystones read a graph through :func:`promises` and
summarise what is left with :func:`summaries`.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from . import _engine
from ._checks import state_nodes

__all__ = ["Promises", "promises", "covered", "summaries"]


@dataclass(frozen=True)
class Promises:
    """Promises ``src[k] → dst[k]`` (positions in ``nodes``), sorted by (src, dst)."""

    nodes: list[Hashable]
    src: np.ndarray
    dst: np.ndarray
    data: list[dict[str, Any]]  # edge attribute dict behind each promise
    directed: bool

    @property
    def n(self) -> int:
        return len(self.nodes)

    def allied(self) -> np.ndarray:
        """Boolean per position: at least one promise is made to the state."""
        out = np.zeros(self.n, dtype=bool)
        out[self.dst] = True
        return out


def promises(G: object, what: str) -> Promises:
    """Promises of a state graph, sorted by (src, dst); self-loops are ignored.

    Examples
    --------
    >>> pr = promises(nx.DiGraph([(20, 2), (2, 2)]), "keystones")
    >>> pr.nodes, pr.src.tolist(), pr.dst.tolist()
    ([2, 20], [1], [0])
    """
    nodes = state_nodes(G, what)
    assert isinstance(G, nx.Graph)
    index = {v: i for i, v in enumerate(nodes)}
    directed = G.is_directed()
    src_l: list[int] = []
    dst_l: list[int] = []
    data_l: list[dict[str, Any]] = []
    for u, v, d in G.edges(data=True):
        if u == v:
            continue
        i, j = index[u], index[v]
        src_l.append(i)
        dst_l.append(j)
        data_l.append(d)
        if not directed:
            src_l.append(j)
            dst_l.append(i)
            data_l.append(d)
    src = np.array(src_l, dtype=np.int64)
    dst = np.array(dst_l, dtype=np.int64)
    order = np.lexsort((dst, src))  # stable: by src, then dst
    data = [data_l[k] for k in order]
    return Promises(nodes, src[order], dst[order], data, directed)


def covered(alive: np.ndarray, dst: np.ndarray, n: int) -> np.ndarray:
    """Boolean (rows, n): the state has at least one alive promise made to it.

    Examples
    --------
    >>> covered(np.array([[True, False]]), np.array([0, 1]), 3).tolist()
    [[True, False, False]]
    """
    out = np.zeros((alive.shape[0], n), dtype=bool)
    if alive.shape[1] == 0:
        return out
    order = np.argsort(dst, kind="stable")
    d_sorted = dst[order]
    starts = np.flatnonzero(np.r_[True, d_sorted[1:] != d_sorted[:-1]])
    out[:, d_sorted[starts]] = np.logical_or.reduceat(alive[:, order], starts, axis=1)
    return out


def summaries(
    alive: np.ndarray, src: np.ndarray, dst: np.ndarray, n: int, allied: np.ndarray
) -> dict[str, np.ndarray]:
    """Coverage, unprotected share, largest component and blocs per row of `alive`."""
    cov = covered(alive, dst, n)
    lcc, blocs = _engine.components(alive, src, dst, n)
    n_allied = int(allied.sum())
    unprotected = (
        (allied[None, :] & ~cov).sum(axis=1) / n_allied
        if n_allied
        else np.full(alive.shape[0], np.nan)
    )
    return {
        "coverage": cov.sum(axis=1) / n,
        "unprotected": unprotected,
        "lcc_fraction": lcc / n,
        "n_blocs": blocs,
    }
