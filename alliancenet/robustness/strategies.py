"""Removal orders: who leaves the alliance network first.

A robustness curve removes states one by one in an order given by a *strategy*:
at random, by a centrality (degree, strength, betweenness, eigenvector; static or
recomputed after every removal), by capability, major powers first, or an
explicit sequence. This module turns a graph into arrays once
(:class:`StateArrays`) and computes the orders as arrays of node positions; the
curves themselves are computed in :mod:`alliancenet.robustness.curves`.

Conventions
-----------
* **Positions** follow the graph's nodes sorted (ccodes ascending).
* **Directed graphs** are read with *weak* connectivity: an arc in either
  direction links two states; degree counts distinct neighbours and strength
  sums the weights of arcs in both directions.
* **Ties** among equally ranked states are broken by ``ties``: ``"ccode"``
  (deterministic) removes the lower ccode (the node that sorts first) first;
  ``"random"`` draws one random priority per order from the generator.
* Betweenness and eigenvector scores equal to 9 decimals are ties.
"""

from __future__ import annotations

import heapq
import numbers
import warnings
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

import networkx as nx
import numpy as np
import pandas as pd

from .._graphs import (
    cached_csr,
    check_state_graph,
    edge_arrays,
    graph_to_csr,
    sorted_nodes,
    structure_cache,
)
from .._parallel import run_tasks
from ..datasets import major_powers
from ..errors import DataWarning, ParameterError
from . import _engine
from ._checks import state_nodes

__all__ = ["REMOVAL_STRATEGIES"]

#: Names accepted by ``strategy`` (besides an explicit sequence of ccodes).
REMOVAL_STRATEGIES: tuple[str, ...] = (
    "random",
    "degree",
    "strength",
    "betweenness",
    "eigenvector",
    "capability",
    "major_powers_first",
)
#: Tie rules accepted by ``ties``.
TIES: tuple[str, ...] = ("ccode", "random")
#: Strategies that read tie weights (the others ignore `weight`).
WEIGHTED_STRATEGIES = ("strength", "eigenvector")
_DECIMALS = 9  # betweenness/eigenvector scores equal to 9 decimals are ties

#: What ``strategy`` accepts: a name or the ccodes in removal order.
Strategy: TypeAlias = str | Sequence[Hashable] | np.ndarray | pd.Index | pd.Series
#: What ``capabilities`` accepts for one graph: CINC by ccode.
Capabilities: TypeAlias = pd.Series | Mapping[Hashable, float]
#: What ``majors`` accepts: ccodes, or a majors table read for the graph's year.
Majors: TypeAlias = Iterable[Hashable] | pd.DataFrame


# --------------------------------------------------------------------------- #
# A graph as arrays
# --------------------------------------------------------------------------- #
@dataclass
class StateArrays:
    """A state graph as CSR arrays; position ``i`` is ``nodes[i]`` (sorted ccodes)."""

    nodes: list[Hashable]
    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray  # tie weights (strength), aligned with indices
    year: Any = None
    #: the nodes as an int64 array when every label is an int (ccodes), else None
    codes: np.ndarray | None = None

    @property
    def n(self) -> int:
        return len(self.nodes)

    def degree(self) -> np.ndarray:
        return np.diff(self.indptr).astype(np.float64)

    def strength(self) -> np.ndarray:
        src = np.repeat(np.arange(self.n), np.diff(self.indptr))
        return np.bincount(src, weights=self.data, minlength=self.n).astype(np.float64)


def state_arrays(
    G: object, weight: str | None = None, year: Any = None, *, what: str = "robustness_curve"
) -> StateArrays:
    """Check `G` and convert it once: sorted nodes, symmetric CSR, merged tie weights.

    Self-loops are dropped; reciprocal arcs and parallel edges merge into one tie
    whose weight is their sum. Weights are read (and must be positive, finite
    numbers) only when `weight` is given.

    Examples
    --------
    >>> a = state_arrays(nx.DiGraph([(200, 2), (2, 200), (2, 2)]))
    >>> a.nodes, a.degree().tolist()
    ([2, 200], [1.0, 1.0])
    """
    cache = structure_cache(G) if isinstance(G, nx.Graph) else None
    if cache is not None and "state_nodes" in cache:
        # labels and size were checked for this structure; node attributes may have changed
        check_state_graph(G, what=what)
    else:
        state_nodes(G, what)
        if cache is not None:
            cache["state_nodes"] = True
    assert isinstance(G, nx.Graph)
    if weight is None:
        # converted once per graph structure (networkx empties the cache on any change)
        nodes, indptr, indices = cached_csr(G)
        data = np.ones(indices.size, dtype=np.float64)
    else:
        nodes = sorted_nodes(G)
        edge_arrays(G, nodes, weight)  # validates: numeric, positive, finite
        _, indptr, indices, data = graph_to_csr(G, nodes, weight=weight)
    if year is None:
        year = G.graph.get("year")
    codes = None if cache is None else cache.get("codes", False)
    if codes is False:
        codes = integer_codes(nodes)
        if cache is not None:
            cache["codes"] = codes
    return StateArrays(nodes, indptr, indices, data, year, codes)


def integer_codes(nodes: Sequence[Hashable]) -> np.ndarray | None:
    """`nodes` as a read-only int64 array if every label is an int (not bool), else None.

    Examples
    --------
    >>> integer_codes([2, 200]).tolist(), integer_codes([2, "USA"])
    ([2, 200], None)
    """
    if not all(type(v) is int for v in nodes) and not all(
        isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in nodes
    ):
        return None
    codes = np.asarray(nodes, dtype=np.int64)
    codes.flags.writeable = False
    return codes


def check_strategy(strategy: object, ties: object) -> None:
    """Validate `strategy` (a name or a sequence) and `ties`."""
    if isinstance(strategy, str):
        if strategy not in REMOVAL_STRATEGIES:
            raise ParameterError(
                f"strategy must be one of {REMOVAL_STRATEGIES} or a sequence of ccodes; "
                f"got {strategy!r}"
            )
    elif not isinstance(strategy, Sequence | np.ndarray | pd.Index | pd.Series):
        raise ParameterError(
            f"strategy must be a name {REMOVAL_STRATEGIES} or a sequence of ccodes; "
            f"got {type(strategy).__name__}"
        )
    if not isinstance(ties, str) or ties not in TIES:
        raise ParameterError(f"ties must be one of {TIES}; got {ties!r}")


def is_deterministic(strategy: Strategy, ties: str) -> bool:
    """True when every order is the same (no random draws are needed)."""
    return not isinstance(strategy, str) or (strategy != "random" and ties == "ccode")


# --------------------------------------------------------------------------- #
# Capabilities and major powers mapped onto positions
# --------------------------------------------------------------------------- #
def capability_scores(
    arrays: StateArrays, capabilities: Capabilities, subset: np.ndarray | None = None
) -> np.ndarray:
    """CINC per position; NaN for states without a value (removed last, with a warning).

    Only states at the `subset` positions (default all) are checked for missing values.
    """
    if isinstance(capabilities, Mapping) and not isinstance(capabilities, pd.Series):
        capabilities = pd.Series(capabilities, dtype="float64")
    if not isinstance(capabilities, pd.Series):
        raise ParameterError(
            "capabilities must be a pandas Series of CINC indexed by ccode "
            f"(anet.capabilities(nmc, year)); got {type(capabilities).__name__}"
        )
    if capabilities.index.duplicated().any():
        dup = capabilities.index[capabilities.index.duplicated()].unique().tolist()
        raise ParameterError(
            f"capabilities lists states {dup[:10]} more than once; give one CINC per ccode "
            "(anet.capabilities(nmc, year) does)"
        )
    try:
        scores = capabilities.reindex(arrays.nodes).to_numpy(dtype="float64", na_value=np.nan)
    except (TypeError, ValueError) as err:
        raise ParameterError(f"capabilities must hold numbers (CINC scores); {err}") from None
    check = range(arrays.n) if subset is None else subset
    missing = [arrays.nodes[i] for i in check if np.isnan(scores[i])]
    if missing:
        warnings.warn(
            f"no capability value for {len(missing)} state(s) {missing[:10]}"
            f"{' ...' if len(missing) > 10 else ''}; they are removed after all states that "
            "have one (by degree, then the tie rule)",
            DataWarning,
            stacklevel=5,
        )
    return scores


def major_positions(arrays: StateArrays, majors: Majors | None) -> np.ndarray:
    """Positions of the major powers in the graph (list of ccodes, or a majors table)."""
    if majors is None:
        raise ParameterError(
            "strategy='major_powers_first' needs majors=: a list of ccodes or a majors table "
            "(anet.read_majors / anet.load_example_majors)"
        )
    if isinstance(majors, pd.DataFrame):
        if arrays.year is None:
            raise ParameterError(
                "a majors table needs the graph's year (G.graph['year']); the graph has none: "
                "pass majors as a list of ccodes instead"
            )
        codes: list[Hashable] = list(major_powers(majors, int(arrays.year)))
    elif isinstance(majors, str) or not isinstance(majors, Iterable):
        raise ParameterError(
            f"majors must be a list of ccodes or a majors table; got {type(majors).__name__}"
        )
    else:
        codes = list(majors)
    pos = {v: i for i, v in enumerate(arrays.nodes)}
    return np.array(sorted({pos[c] for c in codes if c in pos}), dtype=np.int64)


# --------------------------------------------------------------------------- #
# Static and adaptive orders
# --------------------------------------------------------------------------- #
def _static_order(
    keys_desc: list[np.ndarray], rank: np.ndarray, subset: np.ndarray | None = None
) -> np.ndarray:
    """Positions sorted by each key descending (NaN last), then by `rank` ascending."""
    idx = np.arange(rank.size) if subset is None else np.asarray(subset, dtype=np.int64)
    cols = [rank[idx]]
    for key in reversed(keys_desc):
        k = np.where(np.isnan(key), -np.inf, key)[idx]
        cols.append(-k)
    return idx[np.lexsort(cols)]


def _adaptive_local(
    arrays: StateArrays,
    score: np.ndarray,
    rank: np.ndarray,
    phases: list[np.ndarray],
    removed: np.ndarray | None = None,
    weighted: bool = False,
) -> list[int]:
    """Adaptive degree/strength attack with a lazy max-heap.

    Within each phase (an array of positions) the state with the highest current
    score is removed, then its remaining neighbours lose that tie's weight; ties
    go to the lower `rank`. Scores are never recomputed from scratch.
    `weighted`: scores are strengths (a removal subtracts the tie weight), else
    degrees (a removal subtracts 1).
    """
    indptr = arrays.indptr.tolist()
    indices = arrays.indices.tolist()
    n = arrays.n
    current = [float(x) for x in score]
    prio = [int(x) for x in rank]
    gone = [False] * n if removed is None else [bool(x) for x in removed]
    data = (arrays.data if weighted else np.ones_like(arrays.data)).tolist()
    out: list[int] = []
    for phase in phases:
        in_phase = [False] * n
        for v in phase:
            in_phase[int(v)] = True
        heap = [(-current[v], prio[v], v) for v in map(int, phase) if not gone[v]]
        heapq.heapify(heap)
        while heap:
            s, _, v = heapq.heappop(heap)
            if gone[v] or -s != current[v]:
                continue  # stale entry
            gone[v] = True
            out.append(v)
            for e in range(indptr[v], indptr[v + 1]):
                u = indices[e]
                if not gone[u]:
                    current[u] -= data[e]
                    if in_phase[u]:
                        heapq.heappush(heap, (-current[u], prio[u], u))
    return out


def _eigenvector_scores(h: Any, weights: str | None) -> np.ndarray:
    """Eigenvector centrality (max 1) on the component(s) with the largest eigenvalue.

    A connected component has a simple leading eigenvalue, so its eigenvector is
    unique; the whole graph's is not when several components share the largest
    eigenvalue (e.g. two separate triangles), and igraph then returns an arbitrary
    mix that depends on its random start vector. Every component is therefore
    computed on its own: states in the components whose leading eigenvalue equals
    the largest (relative tolerance 1e-9) get their component's eigenvector scaled
    to a maximum of 1, every other state 0 — the whole-graph eigenvector whenever
    that is unique. A component's eigenvalue is at most its largest (weighted)
    degree, which skips the components that cannot reach the largest.
    """
    scores = np.zeros(h.vcount(), dtype=np.float64)
    strength = np.asarray(h.strength(weights=weights), dtype=np.float64)
    comps = [np.asarray(c, dtype=np.int64) for c in h.connected_components() if len(c) > 1]
    comps.sort(key=lambda c: (-strength[c].max(), int(c.min())))
    best = 0.0
    found: list[tuple[np.ndarray, np.ndarray, float]] = []
    for members in comps:
        if strength[members].max() < best * (1 - 1e-9):
            break  # sorted by the bound: no later component can reach `best`
        sub = h.induced_subgraph(members.tolist())
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            vec, value = sub.eigenvector_centrality(
                scale=True, weights=weights, return_eigenvalue=True
            )
        found.append((members, np.asarray(vec, dtype=np.float64), float(value)))
        best = max(best, float(value))
    for members, vec, value in found:
        if value >= best * (1 - 1e-9):
            scores[members] = vec
    return scores


def _global_scores(h: Any, kind: str, weights: str | None) -> np.ndarray:
    if kind == "betweenness":
        return np.asarray(h.betweenness(directed=False), dtype=np.float64)
    return _eigenvector_scores(h, weights)


def _igraph_of(arrays: StateArrays, weighted: bool) -> Any:
    import igraph as ig

    src = np.repeat(np.arange(arrays.n), np.diff(arrays.indptr))
    keep = src < arrays.indices
    h = ig.Graph(n=arrays.n, edges=np.column_stack([src[keep], arrays.indices[keep]]).tolist())
    h.vs["pos"] = list(range(arrays.n))
    if weighted:
        h.es["weight"] = arrays.data[keep].tolist()
    return h


def _static_global(arrays: StateArrays, kind: str, rank: np.ndarray, weighted: bool) -> np.ndarray:
    h = _igraph_of(arrays, weighted)
    scores = np.round(_global_scores(h, kind, "weight" if weighted else None), _DECIMALS)
    return _static_order([scores, arrays.degree()], rank)


def _adaptive_global(arrays: StateArrays, kind: str, rank: np.ndarray, weighted: bool) -> list[int]:
    """Adaptive betweenness/eigenvector attack, recomputed on the remaining graph.

    Each step recomputes the scores (igraph) on the remaining states that still
    have a tie, and removes the highest (score, current degree, -rank). Once no
    tie remains, or (betweenness) every remaining score is zero — the remaining
    graph is then a union of cliques and stays so — the rest of the order is an
    adaptive degree attack, i.e. by current degree, then the tie rule.
    """
    h = _igraph_of(arrays, weighted)
    deg = np.diff(arrays.indptr).astype(np.int64)
    removed = np.zeros(arrays.n, dtype=bool)
    out: list[int] = []
    while True:
        active = np.flatnonzero(~removed & (deg > 0))
        if active.size == 0:
            break
        sub = h.induced_subgraph(active.tolist())
        where = np.asarray(sub.vs["pos"], dtype=np.int64)
        scores = np.round(_global_scores(sub, kind, "weight" if weighted else None), _DECIMALS)
        if kind == "betweenness" and not scores.any():
            break
        best = np.lexsort((rank[where], -deg[where], -scores))[0]
        v = int(where[best])
        removed[v] = True
        out.append(v)
        nb = arrays.indices[arrays.indptr[v] : arrays.indptr[v + 1]]
        deg[nb[~removed[nb]]] -= 1
    rest = np.flatnonzero(~removed)
    out.extend(_adaptive_local(arrays, deg.astype(np.float64), rank, [rest], removed=removed))
    return out


def _majors_first(
    arrays: StateArrays,
    adaptive: bool,
    rank: np.ndarray,
    caps: np.ndarray | None,
    major_pos: np.ndarray,
) -> np.ndarray:
    """Major powers first (by CINC if given, else by degree), then the rest by degree."""
    others = np.setdiff1d(np.arange(arrays.n), major_pos)
    degree = arrays.degree()
    if caps is None:
        if adaptive:
            order = _adaptive_local(arrays, degree, rank, [major_pos, others])
            return np.array(order, dtype=np.int64)
        first = _static_order([degree], rank, subset=major_pos)
    else:
        first = _static_order([caps, degree], rank, subset=major_pos)
    if not adaptive:
        return np.concatenate([first, _static_order([degree], rank, subset=others)])
    removed = np.zeros(arrays.n, dtype=bool)
    removed[first] = True
    for v in first:
        degree[arrays.indices[arrays.indptr[v] : arrays.indptr[v + 1]]] -= 1
    rest = _adaptive_local(arrays, degree, rank, [others], removed=removed)
    return np.concatenate([first, np.array(rest, dtype=np.int64)])


def _one_order(
    arrays: StateArrays,
    strategy: str,
    adaptive: bool,
    rank: np.ndarray,
    caps: np.ndarray | None,
    major_pos: np.ndarray | None,
    weighted: bool,
) -> np.ndarray:
    """One removal order (array of positions) for a named non-random strategy."""
    if strategy in ("degree", "strength"):
        score = arrays.degree() if strategy == "degree" else arrays.strength()
        if not adaptive:
            return _static_order([score], rank)
        full = [np.arange(arrays.n)]
        order = _adaptive_local(arrays, score, rank, full, weighted=strategy == "strength")
        return np.array(order, dtype=np.int64)
    if strategy in ("betweenness", "eigenvector"):
        use_w = weighted and strategy == "eigenvector"
        if not adaptive:
            return _static_global(arrays, strategy, rank, use_w)
        return np.array(_adaptive_global(arrays, strategy, rank, use_w), dtype=np.int64)
    if strategy == "capability":
        assert caps is not None
        return _static_order([caps, arrays.degree()], rank)
    assert major_pos is not None
    return _majors_first(arrays, adaptive, rank, caps, major_pos)


def _order_task(args: tuple[Any, ...]) -> np.ndarray:
    return _one_order(*args)


def _explicit_order(arrays: StateArrays, sequence: Strategy) -> tuple[np.ndarray, int]:
    seq = list(sequence)
    pos = {v: i for i, v in enumerate(arrays.nodes)}
    unknown = [v for v in seq if not isinstance(v, Hashable) or v not in pos]
    if unknown:
        raise ParameterError(
            f"the removal sequence names states not in the graph: {unknown[:10]}; "
            "give ccodes of the graph's nodes"
        )
    if len(set(seq)) != len(seq):
        dup = pd.Series(seq)[pd.Series(seq).duplicated()].tolist()
        raise ParameterError(f"the removal sequence repeats states {dup[:10]}; list each once")
    first = np.array([pos[v] for v in seq], dtype=np.int64)
    rest = np.setdiff1d(np.arange(arrays.n), first)  # ascending = tie order; never reported
    return np.concatenate([first, rest]), len(seq)


def removal_orders(
    arrays: StateArrays,
    strategy: Strategy,
    *,
    adaptive: bool,
    n_orders: int,
    ties: str,
    capabilities: Capabilities | None,
    majors: Majors | None,
    weighted: bool,
    rng: np.random.Generator,
    n_jobs: int | None = 1,
    progress: bool = False,
) -> tuple[np.ndarray, int]:
    """Removal orders (``n_orders`` × N positions) and the number of steps to report.

    A deterministic strategy (an explicit sequence, or a named strategy with
    ``ties="ccode"``) gives one order whatever `n_orders`; ``"random"`` draws
    `n_orders` permutations from `rng` with one call; ``ties="random"`` draws one
    priority permutation per order from `rng`, then computes the orders (in
    parallel with `n_jobs`).
    """
    n = arrays.n
    if not isinstance(strategy, str):
        order, n_steps = _explicit_order(arrays, strategy)
        return order[None, :], n_steps
    if strategy == "random":
        return _engine.random_orders(n, n_orders, rng), n
    caps = None
    major_pos = major_positions(arrays, majors) if strategy == "major_powers_first" else None
    if strategy == "capability" or (strategy == "major_powers_first" and capabilities is not None):
        if capabilities is None:
            raise ParameterError(
                "strategy='capability' needs capabilities=: a Series of CINC indexed by ccode "
                "(anet.capabilities(anet.read_nmc(path), year))"
            )
        caps = capability_scores(arrays, capabilities, major_pos)
    if ties == "ccode":
        order = _one_order(arrays, strategy, adaptive, np.arange(n), caps, major_pos, weighted)
        return order[None, :], n
    ranks = [rng.permutation(n) for _ in range(n_orders)]
    tasks = [(arrays, strategy, adaptive, r, caps, major_pos, weighted) for r in ranks]
    rows = run_tasks(_order_task, tasks, n_jobs=n_jobs, progress=progress, desc="orders")
    return np.vstack(rows), n
