"""Robustness curves and the R-index of alliance networks.

What happens to a network of mutual-defence commitments when states leave it
one by one, at random or in a targeted order (the best-connected, the most
capable, the major powers first)? A *robustness curve* records, after each
removal, the largest group of states still linked by commitments, the number of
separate groups, and how many states still have an ally. The R-index of
Schneider et al. (2011) sums the largest-group curve into one number.

All curves are computed by the Newman–Ziff percolation engine
(:mod:`alliancenet.robustness._engine`): one union–find pass per removal order
gives the whole curve, compiled with numba and batched over orders.

Conventions shared by the functions here
----------------------------------------
* **States** are the graph's nodes (int ccodes); *N* is their number in the
  intact graph, and every fraction is relative to that original *N*.
* **Directed graphs** are read with *weak* connectivity: an arc in either
  direction links two states; degree counts distinct neighbours and strength
  sums the weights of arcs in both directions.
* **Ties** among equally ranked states are broken by ``ties``: ``"ccode"``
  (default, deterministic) removes the lower ccode (the node that sorts first)
  first; ``"random"`` draws one random priority per order from `rng`, so
  ``n_orders > 1`` samples over tie-breaks.
* **Step 0** is the intact network; step *k* is the network after the first *k*
  removals; for a full order the last step (*N*) is the empty network.
"""

from __future__ import annotations

import heapq
import numbers
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from .._parallel import run_tasks, spawn_generators
from ..errors import DataWarning, GraphTypeError, ParameterError
from . import _engine

__all__ = [
    "robustness_curve",
    "r_index",
    "robustness_panel",
    "RobustnessPanel",
    "REMOVAL_STRATEGIES",
]

#: Names accepted by ``strategy`` (besides an explicit sequence of ccodes).
REMOVAL_STRATEGIES = (
    "random",
    "degree",
    "strength",
    "betweenness",
    "eigenvector",
    "capability",
    "major_powers_first",
)
_TIES = ("ccode", "random")
_DECIMALS = 9  # betweenness/eigenvector scores equal to 9 decimals are ties
CURVE_MEASURES = ("lcc_fraction", "n_components", "coverage")


# --------------------------------------------------------------------------- #
# Preparation and validation
# --------------------------------------------------------------------------- #
@dataclass
class _Prepared:
    """A graph turned into arrays once: positions follow ``nodes`` (sorted ccodes)."""

    nodes: list
    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray  # tie weights (strength), aligned with indices
    year: object = None

    @property
    def n(self) -> int:
        return len(self.nodes)

    def degree(self) -> np.ndarray:
        return np.diff(self.indptr).astype(np.float64)

    def strength(self) -> np.ndarray:
        src = np.repeat(np.arange(self.n), np.diff(self.indptr))
        return np.bincount(src, weights=self.data, minlength=self.n).astype(np.float64)


def _prepare(G, weight, year=None) -> _Prepared:
    if not isinstance(G, nx.Graph):
        raise GraphTypeError(
            f"expected a networkx graph (e.g. from anet.alliance_graph); got {type(G).__name__}"
        )
    if G.number_of_nodes() == 0:
        raise ParameterError(
            "the graph has no states (nodes); a robustness curve needs at least one"
        )
    if weight:
        try:
            nodes, indptr, indices, data = _engine.graph_to_csr(G, weight=weight)
        except (TypeError, ValueError) as err:
            raise ParameterError(
                f"edge attribute {weight!r} must hold numbers (tie strengths); {err}; "
                "pass weight=None for unweighted ties"
            ) from err
    else:
        nodes, indptr, indices = _engine.graph_to_csr(G)
        data = np.ones(indices.size, dtype=np.float64)
    if year is None:
        year = G.graph.get("year")
    return _Prepared(nodes, indptr, indices, data, year)


def _check_common(strategy, n_orders, ties):
    if isinstance(strategy, str):
        if strategy not in REMOVAL_STRATEGIES:
            raise ParameterError(
                f"strategy must be one of {REMOVAL_STRATEGIES} or a sequence of ccodes; got {strategy!r}"
            )
    elif not isinstance(strategy, Sequence | np.ndarray | pd.Index | pd.Series):
        raise ParameterError(
            f"strategy must be a name {REMOVAL_STRATEGIES} or a sequence of ccodes; got {type(strategy)}"
        )
    if (
        not isinstance(n_orders, numbers.Integral)
        or isinstance(n_orders, bool)
        or int(n_orders) < 1
    ):
        raise ParameterError(f"n_orders must be a positive integer; got {n_orders!r}")
    if ties not in _TIES:
        raise ParameterError(f"ties must be one of {_TIES}; got {ties!r}")


def _capability_scores(prep: _Prepared, capabilities, subset=None) -> np.ndarray:
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
    caps = capabilities[~capabilities.index.duplicated(keep="first")]
    scores = caps.reindex(prep.nodes).to_numpy(dtype="float64", na_value=np.nan)
    check = range(prep.n) if subset is None else subset
    missing = [prep.nodes[i] for i in check if np.isnan(scores[i])]
    if missing:
        warnings.warn(
            f"no capability value for {len(missing)} state(s) {missing[:10]}"
            f"{' ...' if len(missing) > 10 else ''}; they are removed after all states that "
            "have one (by degree, then the tie rule)",
            DataWarning,
            stacklevel=4,
        )
    return scores


def _major_positions(prep: _Prepared, majors) -> np.ndarray:
    """Positions of the major powers in the graph (list of ccodes, or a majors table)."""
    if majors is None:
        raise ParameterError(
            "strategy='major_powers_first' needs majors=: a list of ccodes or a majors table "
            "(anet.read_majors / anet.load_example_majors)"
        )
    if isinstance(majors, pd.DataFrame):
        need = {"ccode", "start_year", "end_year"}
        if not need <= set(majors.columns):
            raise ParameterError(
                f"a majors table needs columns {sorted(need)}; got {list(majors.columns)}"
            )
        year = prep.year
        if year is None:
            raise ParameterError(
                "a majors table needs the graph's year (G.graph['year']); the graph has none: "
                "pass majors as a list of ccodes instead"
            )
        end = pd.to_numeric(majors["end_year"]).astype("Float64").fillna(np.inf)
        live = (pd.to_numeric(majors["start_year"]) <= year) & (end >= year)
        codes = majors.loc[live.to_numpy(dtype=bool), "ccode"].tolist()
    else:
        codes = list(majors)
    pos = {v: i for i, v in enumerate(prep.nodes)}
    return np.array(sorted({pos[c] for c in codes if c in pos}), dtype=np.int64)


# --------------------------------------------------------------------------- #
# Removal orders
# --------------------------------------------------------------------------- #
def _static_order(keys_desc: list[np.ndarray], rank: np.ndarray, subset=None) -> np.ndarray:
    """Positions sorted by each key descending (NaN last), then by `rank` ascending."""
    idx = np.arange(rank.size) if subset is None else np.asarray(subset, dtype=np.int64)
    cols = [rank[idx]]
    for key in reversed(keys_desc):
        k = np.where(np.isnan(key), -np.inf, key)[idx]
        cols.append(-k)
    return idx[np.lexsort(cols)]


def _adaptive_local(
    prep: _Prepared, score, rank, phases, removed=None, weighted=False
) -> list[int]:
    """Adaptive degree/strength attack with a lazy max-heap.

    Within each phase (an array of positions) the state with the highest current
    score is removed, then its remaining neighbours lose that tie's weight; ties
    go to the lower `rank`. Scores are never recomputed from scratch.
    `weighted`: scores are strengths (a removal subtracts the tie weight), else
    degrees (a removal subtracts 1).
    """
    indptr = prep.indptr.tolist()
    indices = prep.indices.tolist()
    n = prep.n
    score = [float(x) for x in score]
    rank = [int(x) for x in rank]
    removed = [False] * n if removed is None else list(removed)
    data = (prep.data if weighted else np.ones_like(prep.data)).tolist()
    out: list[int] = []
    for phase in phases:
        in_phase = [False] * n
        for v in phase:
            in_phase[int(v)] = True
        heap = [(-score[v], rank[v], v) for v in map(int, phase) if not removed[v]]
        heapq.heapify(heap)
        while heap:
            s, _, v = heapq.heappop(heap)
            if removed[v] or -s != score[v]:
                continue  # stale entry
            removed[v] = True
            out.append(v)
            for e in range(indptr[v], indptr[v + 1]):
                u = indices[e]
                if not removed[u]:
                    score[u] -= data[e]
                    if in_phase[u]:
                        heapq.heappush(heap, (-score[u], rank[u], u))
    return out


def _global_scores(h, kind, weights):
    if kind == "betweenness":
        return np.asarray(h.betweenness(directed=False), dtype=np.float64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.asarray(
            h.eigenvector_centrality(scale=True, weights=weights),
            dtype=np.float64,
        )


def _igraph_of(prep: _Prepared, weighted: bool):
    import igraph as ig

    src = np.repeat(np.arange(prep.n), np.diff(prep.indptr))
    keep = src < prep.indices
    h = ig.Graph(n=prep.n, edges=np.column_stack([src[keep], prep.indices[keep]]).tolist())
    h.vs["pos"] = list(range(prep.n))
    if weighted:
        h.es["weight"] = prep.data[keep].tolist()
    return h


def _static_global(prep: _Prepared, kind, rank, weighted) -> np.ndarray:
    h = _igraph_of(prep, weighted)
    scores = np.round(_global_scores(h, kind, "weight" if weighted else None), _DECIMALS)
    return _static_order([scores, prep.degree()], rank)


def _adaptive_global(prep: _Prepared, kind, rank, weighted) -> list[int]:
    """Adaptive betweenness/eigenvector attack, recomputed on the remaining graph.

    Each step recomputes the scores (igraph) on the remaining states that still
    have a tie, and removes the highest (score, current degree, -rank). Once no
    tie remains, or (betweenness) every remaining score is zero — the remaining
    graph is then a union of cliques and stays so — the rest of the order is an
    adaptive degree attack, i.e. by current degree, then the tie rule.
    """
    h = _igraph_of(prep, weighted)
    deg = np.diff(prep.indptr).astype(np.int64)
    removed = np.zeros(prep.n, dtype=bool)
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
        nb = prep.indices[prep.indptr[v] : prep.indptr[v + 1]]
        deg[nb[~removed[nb]]] -= 1
    rest = np.flatnonzero(~removed)
    out.extend(_adaptive_local(prep, deg, rank, [rest], removed=removed))
    return out


def _one_order(prep: _Prepared, strategy, adaptive, rank, caps, major_pos, weighted):
    """One removal order (array of positions) for a named deterministic strategy."""
    n = prep.n
    if strategy in ("degree", "strength"):
        score = prep.degree() if strategy == "degree" else prep.strength()
        if not adaptive:
            return _static_order([score], rank)
        order = _adaptive_local(prep, score, rank, [np.arange(n)], weighted=strategy == "strength")
        return np.array(order, dtype=np.int64)
    if strategy in ("betweenness", "eigenvector"):
        use_w = weighted and strategy == "eigenvector"
        if not adaptive:
            return _static_global(prep, strategy, rank, use_w)
        return np.array(_adaptive_global(prep, strategy, rank, use_w), dtype=np.int64)
    if strategy == "capability":
        return _static_order([caps, prep.degree()], rank)
    # major_powers_first
    others = np.setdiff1d(np.arange(n), major_pos)
    if caps is not None:
        first = _static_order([caps, prep.degree()], rank, subset=major_pos)
        if not adaptive:
            return np.concatenate([first, _static_order([prep.degree()], rank, subset=others)])
        removed = np.zeros(n, dtype=bool)
        removed[first] = True
        deg = prep.degree()
        for v in first:
            nb = prep.indices[prep.indptr[v] : prep.indptr[v + 1]]
            deg[nb] -= 1
        rest = _adaptive_local(prep, deg, rank, [others], removed=removed)
        return np.concatenate([first, np.array(rest, dtype=np.int64)])
    if not adaptive:
        return np.concatenate(
            [
                _static_order([prep.degree()], rank, subset=major_pos),
                _static_order([prep.degree()], rank, subset=others),
            ]
        )
    return np.array(_adaptive_local(prep, prep.degree(), rank, [major_pos, others]), dtype=np.int64)


def _order_task(args):
    prep, strategy, adaptive, rank, caps, major_pos, weighted = args
    return _one_order(prep, strategy, adaptive, rank, caps, major_pos, weighted)


def _explicit_order(prep: _Prepared, sequence) -> tuple[np.ndarray, int]:
    seq = list(sequence)
    pos = {v: i for i, v in enumerate(prep.nodes)}
    unknown = [v for v in seq if v not in pos]
    if unknown:
        raise ParameterError(
            f"the removal sequence names states not in the graph: {unknown[:10]}; "
            "give ccodes of the graph's nodes"
        )
    if len(set(seq)) != len(seq):
        dup = pd.Series(seq)[pd.Series(seq).duplicated()].tolist()
        raise ParameterError(f"the removal sequence repeats states {dup[:10]}; list each once")
    first = np.array([pos[v] for v in seq], dtype=np.int64)
    rest = np.setdiff1d(np.arange(prep.n), first)  # ascending = tie order; never reported
    return np.concatenate([first, rest]), len(seq)


def _orders(
    prep, strategy, *, adaptive, n_orders, ties, capabilities, majors, weight, rng, n_jobs, progress
):
    """Removal orders (n_orders × N positions) and the number of steps to report."""
    n = prep.n
    if not isinstance(strategy, str):
        order, n_steps = _explicit_order(prep, strategy)
        return np.tile(order, (n_orders, 1)), n_steps
    if strategy == "random":
        return _engine.random_orders(n, n_orders, rng), n
    caps = None
    major_pos = _major_positions(prep, majors) if strategy == "major_powers_first" else None
    if strategy == "capability" or (strategy == "major_powers_first" and capabilities is not None):
        if capabilities is None:
            raise ParameterError(
                "strategy='capability' needs capabilities=: a Series of CINC indexed by ccode "
                "(anet.capabilities(anet.read_nmc(path), year))"
            )
        caps = _capability_scores(prep, capabilities, major_pos)
    weighted = bool(weight)
    if ties == "ccode":
        order = _one_order(prep, strategy, adaptive, np.arange(n), caps, major_pos, weighted)
        return np.tile(order, (n_orders, 1)), n
    ranks = [rng.permutation(n) for _ in range(n_orders)]
    tasks = [(prep, strategy, adaptive, r, caps, major_pos, weighted) for r in ranks]
    rows = run_tasks(_order_task, tasks, n_jobs=n_jobs, progress=progress, desc="orders")
    return np.vstack(rows), n


# --------------------------------------------------------------------------- #
# Public API
# --------------------------------------------------------------------------- #
def _curve_arrays(
    G,
    strategy,
    *,
    adaptive,
    n_orders,
    ties,
    capabilities,
    majors,
    weight,
    rng,
    n_jobs,
    year=None,
    progress=False,
):
    _check_common(strategy, n_orders, ties)
    prep = _prepare(G, weight, year)
    gen = np.random.default_rng(rng)
    orders, n_steps = _orders(
        prep,
        strategy,
        adaptive=adaptive,
        n_orders=int(n_orders),
        ties=ties,
        capabilities=capabilities,
        majors=majors,
        weight=weight,
        rng=gen,
        n_jobs=n_jobs,
        progress=progress,
    )
    deterministic = not isinstance(strategy, str) or (strategy != "random" and ties == "ccode")
    if deterministic:
        # every row is the same order: percolate it once
        lcc, ncomp, cov = (
            np.repeat(a, orders.shape[0], axis=0)
            for a in _engine.percolate(prep.indptr, prep.indices, orders[:1])
        )
    else:
        lcc, ncomp, cov = _engine.percolate(prep.indptr, prep.indices, orders)
    return prep, orders, n_steps, lcc, ncomp, cov


def robustness_curve(
    G,
    strategy="random",
    *,
    adaptive=False,
    n_orders=1,
    ties="ccode",
    capabilities=None,
    majors=None,
    weight="weight",
    rng=None,
    n_jobs=1,
    progress=False,
):
    """Remove states one by one and record what is left of the alliance network.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        An alliance graph (``anet.alliance_graph``); nodes are ccodes. Directed
        graphs are read with weak connectivity (see the module notes).
    strategy : str or sequence of ccodes, default "random"
        Removal order:

        * ``"random"``: a uniformly random order per ``order`` (from `rng`);
        * ``"degree"``: most allies first; ``"strength"``: highest sum of the
          tie weights (`weight`, the number of shared alliances) first;
        * ``"betweenness"``: highest (unweighted, hop-count) betweenness first;
          ``"eigenvector"``: highest eigenvector centrality (weighted by
          `weight`) first, computed by igraph on the whole (remaining) network:
          states outside the component with the leading eigenvalue score 0.
          Equal scores (to 9 decimals) go to the higher degree, then to the tie
          rule;
        * ``"capability"``: highest CINC first (`capabilities`); states with no
          CINC value go last (with a :class:`~alliancenet.DataWarning`); equal
          values by degree, then the tie rule. Not adaptive (capabilities do not
          change when allies leave);
        * ``"major_powers_first"``: the major powers (`majors`) first — by CINC
          if `capabilities` is given, else by degree — then everyone else by
          degree;
        * a sequence of distinct ccodes: exactly that order. It may be a prefix
          (not every state listed): the curve then stops after the last listed
          state (steps ``0..len(sequence)``); unlisted states are never removed.
    adaptive : bool, default False
        Recompute the ranking on the remaining network after each removal
        (degree, strength, betweenness, eigenvector, and the degree ranking used
        by ``"major_powers_first"``). Ignored by ``"random"``, ``"capability"``
        and explicit sequences. Adaptive betweenness/eigenvector recompute only
        while some alliance tie remains among the remaining states (the rest go
        by the tie rule), and adaptive betweenness falls back to adaptive degree
        once every remaining betweenness is zero.
    n_orders : int, default 1
        Number of removal orders (rows ``order = 0..n_orders-1``). Useful for
        ``"random"`` and for ``ties="random"``; deterministic orders repeat.
    ties : {"ccode", "random"}, default "ccode"
        Tie rule: lower ccode first, or a random priority per order from `rng`.
    capabilities : pandas.Series, optional
        CINC indexed by ccode, e.g. ``anet.capabilities(anet.read_nmc(path), year)``.
    majors : sequence of ccodes or DataFrame, optional
        Major powers: a list of ccodes, or a majors table (``ccode``,
        ``start_year``, ``end_year``) read for ``G.graph["year"]``.
    weight : str or None, default "weight"
        Edge attribute used as tie strength (missing = 1); None = unweighted.
    rng : None, int or numpy.random.Generator
        Seed for random orders and random tie-breaks (SPEC 7).
    n_jobs : int, default 1
        Parallel workers for computing several adaptive orders with
        ``ties="random"``; results do not depend on it.
    progress : bool, default False
        Show a progress bar over the adaptive orders computed with
        ``ties="random"`` (the only slow case for a single graph).

    Returns
    -------
    pandas.DataFrame
        One row per order and step: ``order``, ``step`` (0 = intact network),
        ``removed`` (ccode removed at that step; NA at step 0),
        ``fraction_removed`` (step / N), ``lcc_fraction`` (largest connected
        group over the original N), ``n_components`` (among the remaining
        states; an isolated state is a component) and ``coverage`` (share of the
        original N that remain and still have at least one remaining ally).
        ``attrs`` hold ``strategy``, ``adaptive``, ``ties``, ``n_states`` and ``year``.

    Raises
    ------
    GraphTypeError
        `G` is not a networkx graph.
    ParameterError
        Unknown strategy or tie rule, bad `n_orders`, an empty graph, a sequence
        naming unknown or repeated states, a capability or majors strategy
        without the data it needs.

    Notes
    -----
    With :math:`N` states and :math:`V_k` the states left after :math:`k`
    removals, ``lcc_fraction`` :math:`= \\max_C |C| / N` over the connected
    components :math:`C` of :math:`G[V_k]`, and ``coverage``
    :math:`= |\\{i \\in V_k : \\exists j \\in V_k, (i, j) \\in E\\}| / N`. All
    steps of an order come from one Newman–Ziff union–find pass.

    References
    ----------
    Albert, R., H. Jeong, and A.-L. Barabási. 2000. "Error and attack tolerance of
    complex networks." *Nature* 406: 378–382. doi:10.1038/35019019

    Newman, M. E. J., and R. M. Ziff. 2001. "Fast Monte Carlo algorithm for site
    or bond percolation." *Physical Review E* 64: 016706.
    doi:10.1103/PhysRevE.64.016706

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.star_graph(4)  # state 0 allied with 1, 2, 3, 4
    >>> curve = robustness_curve(G, "degree")
    >>> curve[["step", "removed", "lcc_fraction", "n_components", "coverage"]]
       step  removed  lcc_fraction  n_components  coverage
    0     0     <NA>           1.0             1       1.0
    1     1        0           0.2             4       0.0
    2     2        1           0.2             3       0.0
    3     3        2           0.2             2       0.0
    4     4        3           0.2             1       0.0
    5     5        4           0.0             0       0.0
    >>> random = robustness_curve(G, "random", n_orders=1000, rng=1)
    >>> round(float(random.groupby("step")["lcc_fraction"].mean()[1]), 1)  # 0.2*0.2 + 0.8*0.8
    0.7
    """
    prep, orders, n_steps, lcc, ncomp, cov = _curve_arrays(
        G,
        strategy,
        adaptive=adaptive,
        n_orders=n_orders,
        ties=ties,
        capabilities=capabilities,
        majors=majors,
        weight=weight,
        rng=rng,
        n_jobs=n_jobs,
        progress=progress,
    )
    return _curve_frame(prep, orders, n_steps, lcc, ncomp, cov, strategy, adaptive, ties)


def _removed_array(prep: _Prepared, orders, n_steps):
    """The `removed` column: NA at step 0, then the ccodes in removal order."""
    n_orders = orders.shape[0]
    labels = orders[:, :n_steps]
    ints = all(isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in prep.nodes)
    if ints:
        codes = np.asarray(prep.nodes, dtype=np.int64)[labels]
        vals = np.column_stack([np.zeros(n_orders, dtype=np.int64), codes]).ravel()
        mask = np.zeros((n_orders, n_steps + 1), dtype=bool)
        mask[:, 0] = True
        return pd.arrays.IntegerArray(vals, mask.ravel())
    obj = np.empty((n_orders, n_steps + 1), dtype=object)
    obj[:, 0] = pd.NA
    nodes = np.empty(prep.n, dtype=object)
    nodes[:] = prep.nodes
    obj[:, 1:] = nodes[labels]
    return obj.ravel()


def _curve_frame(prep, orders, n_steps, lcc, ncomp, cov, strategy, adaptive, ties):
    n = prep.n
    n_orders = orders.shape[0]
    steps = np.arange(n_steps + 1)
    frame = pd.DataFrame(
        {
            "order": np.repeat(np.arange(n_orders), n_steps + 1),
            "step": np.tile(steps, n_orders),
            "removed": _removed_array(prep, orders, n_steps),
            "fraction_removed": np.tile(steps / n, n_orders),
            "lcc_fraction": (lcc[:, : n_steps + 1] / n).ravel(),
            "n_components": ncomp[:, : n_steps + 1].ravel(),
            "coverage": (cov[:, : n_steps + 1] / n).ravel(),
        }
    )
    frame.attrs.update(
        strategy=strategy if isinstance(strategy, str) else "sequence",
        adaptive=bool(adaptive),
        ties=ties,
        n_states=n,
        year=prep.year,
    )
    return frame


def _r_from_lcc(lcc, n) -> np.ndarray:
    return lcc[:, 1:].sum(axis=1) / (n * n)


def r_index(
    G,
    strategy="degree",
    *,
    adaptive=True,
    n_orders=1,
    ties="ccode",
    capabilities=None,
    majors=None,
    weight="weight",
    rng=None,
    n_jobs=1,
):
    """Schneider et al.'s robustness index R of an alliance network.

    Parameters
    ----------
    G, strategy, adaptive, n_orders, ties, capabilities, majors, weight, rng, n_jobs
        As in :func:`robustness_curve`; the default is Schneider et al.'s attack:
        highest degree first, recomputed after every removal, ties to the lower
        ccode. An explicit sequence must list every state (a full permutation).

    Returns
    -------
    float or pandas.Series
        R for ``n_orders == 1``; otherwise a Series named ``r_index`` indexed by
        ``order`` (one R per random order / random tie-break).

    Raises
    ------
    ParameterError
        As :func:`robustness_curve`, and for a sequence that does not list every state.

    Notes
    -----
    .. math:: R = \\frac{1}{N} \\sum_{Q=1}^{N} s(Q)

    where :math:`s(Q)` is the size of the largest connected component after
    removing :math:`Q` states, relative to the original :math:`N`. Summing to
    :math:`N` or :math:`N-1` is the same (:math:`s(N) = 0`). Since
    :math:`1 \\le N s(Q) \\le N - Q` for :math:`Q < N`,
    :math:`(N-1)/N^2 \\le R \\le (N-1)/(2N)`: a complete graph reaches the upper
    bound, a star or an edgeless graph the lower one.

    References
    ----------
    Schneider, C. M., A. A. Moreira, J. S. Andrade Jr., S. Havlin, and H. J.
    Herrmann. 2011. "Mitigation of malicious attacks on networks." *PNAS* 108(10):
    3838–3841. doi:10.1073/pnas.1009440108

    Examples
    --------
    >>> import networkx as nx
    >>> round(r_index(nx.complete_graph(10)), 4)
    0.45
    >>> round(r_index(nx.star_graph(9)), 4)  # 10 states
    0.09

    The bundled example alliances in 1985: a targeted attack against the
    best-connected states breaks the network far sooner than random failures.

    >>> import alliancenet as anet
    >>> G = anet.alliance_graph(anet.load_example(), 1985, states=anet.load_example_states())
    >>> round(r_index(G), 3), round(float(r_index(G, "random", n_orders=500, rng=1).mean()), 3)
    (0.085, ...)
    >>> r_index(nx.path_graph(20), "random", n_orders=3, rng=0).round(3).tolist()
    [0.238, 0.185, 0.22]
    """
    if not isinstance(strategy, str):
        check = list(strategy)
        if isinstance(G, nx.Graph) and len(set(check)) != G.number_of_nodes():
            raise ParameterError(
                f"r_index needs a full removal order: the sequence lists {len(set(check))} of "
                f"{G.number_of_nodes()} states; list every state once"
            )
    prep, _, _, lcc, _, _ = _curve_arrays(
        G,
        strategy,
        adaptive=adaptive,
        n_orders=n_orders,
        ties=ties,
        capabilities=capabilities,
        majors=majors,
        weight=weight,
        rng=rng,
        n_jobs=n_jobs,
    )
    r = _r_from_lcc(lcc, prep.n)
    if int(n_orders) == 1:
        return float(r[0])
    return pd.Series(r, index=pd.RangeIndex(len(r), name="order"), name="r_index")


# --------------------------------------------------------------------------- #
# Panels
# --------------------------------------------------------------------------- #
@dataclass(frozen=True)
class RobustnessPanel:
    """Result of :func:`robustness_panel`.

    Attributes
    ----------
    curves : pandas.DataFrame
        Tidy long summary of the curves: ``year``, ``step``, ``fraction_removed``,
        ``measure`` (``lcc_fraction``, ``n_components``, ``coverage``), ``mean``
        and one column per quantile (``q05``, ``q95`` by default) over the orders.
    r_index : pandas.DataFrame
        ``year``, ``order``, ``n_states``, ``r_index``: R of every order.
    """

    curves: pd.DataFrame
    r_index: pd.DataFrame


def _quantile_names(quantiles) -> list[str]:
    names = []
    for q in quantiles:
        pct = float(q) * 100
        names.append(f"q{round(pct):02d}" if abs(pct - round(pct)) < 1e-9 else f"q{pct:g}")
    return names


def _year_capabilities(capabilities, year):
    if capabilities is None:
        return None
    if isinstance(capabilities, pd.DataFrame):
        need = {"ccode", "year", "cinc"}
        if not need <= set(capabilities.columns):
            raise ParameterError(
                f"a capabilities table needs columns {sorted(need)} (an NMC table); "
                f"got {list(capabilities.columns)}"
            )
        rows = capabilities[capabilities["year"] == year]
        return pd.Series(rows["cinc"].to_numpy(dtype="float64"), index=rows["ccode"], name="cinc")
    if isinstance(capabilities, Mapping):
        if year not in capabilities:
            raise ParameterError(f"capabilities has no entry for year {year}")
        return capabilities[year]
    raise ParameterError(
        "for a panel, capabilities must be an NMC-like table (ccode, year, cinc) or a mapping "
        f"year -> Series; got {type(capabilities).__name__}"
    )


def _panel_task(task):
    year, G, opts, quantiles, gen = task
    caps = _year_capabilities(opts.pop("capabilities"), year)
    prep, _, _, lcc, ncomp, cov = _curve_arrays(G, capabilities=caps, rng=gen, year=year, **opts)
    n = prep.n
    stats = {}
    for name, arr, scale in (
        ("lcc_fraction", lcc, n),
        ("n_components", ncomp, 1),
        ("coverage", cov, n),
    ):
        mean, qs = _engine.column_summary(arr, quantiles)
        stats[name] = (mean / scale, qs / scale)
    return n, stats, _r_from_lcc(lcc, n)


def robustness_panel(
    panel,
    *,
    strategy="random",
    n_orders=1000,
    adaptive=False,
    ties="ccode",
    capabilities=None,
    majors=None,
    weight="weight",
    rng=None,
    n_jobs=1,
    progress=False,
    quantiles=(0.05, 0.95),
):
    """Robustness curves and R-indices for every year of an alliance panel.

    Parameters
    ----------
    panel : mapping of year -> networkx.Graph
        E.g. ``anet.alliance_graphs(members, states=...)``.
    strategy, n_orders, adaptive, ties, majors, weight
        As in :func:`robustness_curve`, applied to every year (a majors table is
        read for each year).
    capabilities : DataFrame or mapping, optional
        For ``"capability"`` / ``"major_powers_first"``: an NMC-like table with
        ``ccode``, ``year``, ``cinc`` (``anet.read_nmc``), or a mapping year ->
        CINC Series.
    rng : None, int or numpy.random.Generator
        One child generator per year is spawned from it
        (:func:`~alliancenet._parallel.spawn_generators`), so a seeded result is
        identical for any `n_jobs` or joblib backend, and year *y* equals
        ``robustness_curve(panel[y], rng=child_y, ...)``.
    n_jobs : int, default 1
        Years run in parallel through joblib (honours
        ``joblib.parallel_config(backend="dask")``).
    progress : bool, default False
        Show a progress bar over years.
    quantiles : sequence of float, default (0.05, 0.95)
        Quantiles of each measure over the orders, at every step.

    Returns
    -------
    RobustnessPanel
        ``.curves`` (``year``, ``step``, ``fraction_removed``, ``measure``,
        ``mean``, ``q05``, ``q95``; measures ``lcc_fraction``, ``n_components``,
        ``coverage``; one row per year, step and measure) and ``.r_index``
        (``year``, ``order``, ``n_states``, ``r_index``).

    Raises
    ------
    ParameterError
        An empty panel, quantiles outside [0, 1], or as :func:`robustness_curve`.

    Notes
    -----
    The summaries are over orders at a fixed step (number of states removed);
    years with different numbers of states are comparable through
    ``fraction_removed``. See :func:`robustness_curve` and :func:`r_index` for
    the measures.

    References
    ----------
    Newman, M. E. J., and R. M. Ziff. 2001. "Fast Monte Carlo algorithm for site
    or bond percolation." *Physical Review E* 64: 016706.
    doi:10.1103/PhysRevE.64.016706

    Schneider, C. M., A. A. Moreira, J. S. Andrade Jr., S. Havlin, and H. J.
    Herrmann. 2011. "Mitigation of malicious attacks on networks." *PNAS* 108(10):
    3838–3841. doi:10.1073/pnas.1009440108

    Examples
    --------
    >>> import networkx as nx
    >>> panel = {1990: nx.star_graph(4), 1991: nx.complete_graph(5)}
    >>> res = robustness_panel(panel, n_orders=200, rng=1)
    >>> res.curves.columns.tolist()
    ['year', 'step', 'fraction_removed', 'measure', 'mean', 'q05', 'q95']
    >>> res.r_index.groupby("year")["r_index"].mean().round(2).tolist()
    [0.31, 0.4]
    """
    if not isinstance(panel, Mapping) or len(panel) == 0:
        raise ParameterError(
            "panel must be a non-empty mapping year -> graph (anet.alliance_graphs); "
            f"got {type(panel).__name__} of length {len(panel) if hasattr(panel, '__len__') else '?'}"
        )
    q = np.asarray(quantiles, dtype=np.float64).ravel()
    if q.size == 0 or np.any((q < 0) | (q > 1)) or np.any(np.isnan(q)):
        raise ParameterError(f"quantiles must be numbers in [0, 1]; got {quantiles!r}")
    _check_common(strategy, n_orders, ties)
    years = list(panel)
    gens = spawn_generators(rng, len(years))
    opts = dict(
        strategy=strategy,
        adaptive=adaptive,
        n_orders=n_orders,
        ties=ties,
        majors=majors,
        weight=weight,
        n_jobs=1,
    )
    tasks = [
        (y, panel[y], {**opts, "capabilities": capabilities}, q, g)
        for y, g in zip(years, gens, strict=True)
    ]
    results = run_tasks(_panel_task, tasks, n_jobs=n_jobs, progress=progress, desc="years")
    qnames = _quantile_names(q)
    curve_parts, r_parts = [], []
    for year, (n, stats, r) in zip(years, results, strict=True):
        steps = np.arange(n + 1)
        for measure in CURVE_MEASURES:
            mean, qs = stats[measure]
            part = {
                "year": np.full(n + 1, year),
                "step": steps,
                "fraction_removed": steps / n,
                "measure": np.full(n + 1, measure, dtype=object),
                "mean": mean,
            }
            part.update({name: qs[i] for i, name in enumerate(qnames)})
            curve_parts.append(pd.DataFrame(part))
        r_parts.append(
            pd.DataFrame(
                {
                    "year": np.full(r.size, year),
                    "order": np.arange(r.size),
                    "n_states": n,
                    "r_index": r,
                }
            )
        )
    curves = pd.concat(curve_parts, ignore_index=True)
    curves["measure"] = curves["measure"].astype("str")
    return RobustnessPanel(curves=curves, r_index=pd.concat(r_parts, ignore_index=True))
