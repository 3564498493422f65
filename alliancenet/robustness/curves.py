"""Robustness curves and the R-index of alliance networks.

What happens to a network of mutual-defence commitments when states leave it
one by one, at random or in a targeted order (the best-connected, the most
capable, the major powers first)? A *robustness curve* records, after each
removal, the largest group of states still linked by commitments, the number of
separate groups, and how many states still have an ally. The R-index of
Schneider et al. (2011) sums the largest-group curve into one number.

The removal orders come from :mod:`alliancenet.robustness.strategies`; all
curves are computed by the Newman–Ziff percolation engine
(:mod:`alliancenet.robustness._engine`): one union–find pass per removal order
gives the whole curve, compiled with numba and batched over orders. Yearly
panels are in :mod:`alliancenet.robustness.panel`.

Conventions shared by the functions here
----------------------------------------
* **States** are the graph's nodes (int ccodes); *N* is their number in the
  intact graph, and every fraction is relative to that original *N*.
* **Directed graphs** are read with *weak* connectivity; self-loops are ignored.
* **Orders**: ``"random"`` draws `n_sims` random orders; a named strategy with
  ``ties="random"`` draws `n_sims` random tie-breaks; a deterministic strategy
  (``ties="ccode"``, or an explicit sequence) has one order and ignores `n_sims`.
* **Step 0** is the intact network; step *k* is the network after the first *k*
  removals; for a full order the last step (*N*) is the empty network.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx
import numpy as np
import pandas as pd

from .._docstrings import fill_doc
from .._graphs import structure_cache
from .._random import RNGLike, as_generator, check_n_jobs
from ..errors import ParameterError
from . import _engine
from ._checks import check_count, check_memory
from .strategies import (
    WEIGHTED_STRATEGIES,
    Capabilities,
    Majors,
    StateArrays,
    Strategy,
    check_strategy,
    is_deterministic,
    removal_orders,
    state_arrays,
)

__all__ = ["robustness_curve", "r_index"]

#: The measures of a robustness curve (columns of :func:`robustness_curve`).
CURVE_MEASURES: tuple[str, ...] = ("lcc_fraction", "n_components", "coverage")
#: Bytes per curve row: the engine's three int64 arrays and the order.
_ENGINE_BYTES = 32
#: Bytes per row of a per-order table (7 columns, with construction copies).
_TABLE_BYTES = 160
#: Results below this size are not checked against the available memory.
_CHECK_BYTES = 2**28


@dataclass
class Curves:
    """Percolation of one graph: ``lcc`` etc. have one row per order, N + 1 columns."""

    arrays: StateArrays
    orders: np.ndarray
    n_steps: int
    lcc: np.ndarray
    ncomp: np.ndarray
    cov: np.ndarray
    attrs: dict[str, Any]

    def r_values(self) -> np.ndarray:
        """R of every order (Schneider et al. 2011)."""
        n = self.arrays.n
        return self.lcc[:, 1:].sum(axis=1) / (n * n)


def check_quantiles(quantiles: Sequence[float] | None) -> np.ndarray | None:
    """`quantiles` as a float array in [0, 1] (None stays None)."""
    if quantiles is None:
        return None
    try:
        q = np.asarray(quantiles, dtype=np.float64).ravel()
    except (TypeError, ValueError):
        q = np.array([np.nan])
    if q.size == 0 or np.any(np.isnan(q)) or np.any((q < 0) | (q > 1)):
        raise ParameterError(
            f"quantiles must be numbers in [0, 1], e.g. (0.05, 0.95), or None; got {quantiles!r}"
        )
    return q


def curve_bytes(n_states: int, n_orders: int, table: bool) -> float:
    """Estimated peak memory of the curves of one graph."""
    per_row = _ENGINE_BYTES + (_TABLE_BYTES if table else 0)
    return float(n_orders) * (n_states + 1) * per_row


def curve_arrays(
    G: object,
    strategy: Strategy,
    *,
    adaptive: bool,
    n_sims: int,
    ties: str,
    capabilities: Capabilities | None,
    majors: Majors | None,
    weight: str | None,
    rng: np.random.Generator,
    n_jobs: int | None = 1,
    progress: bool = False,
    year: Any = None,
    table: bool = True,
    what: str = "robustness_curve",
) -> Curves:
    """Orders and percolation arrays of one graph (inputs already validated)."""
    reads_weight = isinstance(strategy, str) and strategy in WEIGHTED_STRATEGIES
    arrays = state_arrays(G, weight if reads_weight else None, year, what=what)
    n_orders = 1 if is_deterministic(strategy, ties) else n_sims
    nbytes = curve_bytes(arrays.n, n_orders, table)
    if nbytes > _CHECK_BYTES:  # small results need no look at the free memory
        check_memory(
            nbytes,
            f"{what} with {n_orders:,} orders of {arrays.n:,} states",
            "lower n_sims"
            + ("" if not table else ", or pass quantiles=(0.05, 0.95) for a summary"),
        )
    orders, n_steps = removal_orders(
        arrays,
        strategy,
        adaptive=adaptive,
        n_orders=n_orders,
        ties=ties,
        capabilities=capabilities,
        majors=majors,
        weighted=bool(weight),
        rng=rng,
        n_jobs=n_jobs,
        progress=progress,
    )
    lcc, ncomp, cov = _engine.percolate(arrays.indptr, arrays.indices, orders, _cliques(G, arrays))
    attrs = {
        "strategy": strategy if isinstance(strategy, str) else "sequence",
        "adaptive": bool(adaptive),
        "ties": ties,
        "n_states": arrays.n,
        "year": arrays.year,
    }
    return Curves(arrays, orders, n_steps, lcc, ncomp, cov, attrs)


def _cliques(G: object, arrays: StateArrays) -> tuple[Any, ...] | None:
    """The states' cliques of `G` for the percolation (:func:`_engine.clique_cover`),
    found once per graph structure."""
    cache = structure_cache(G) if isinstance(G, nx.Graph) else None
    if cache is not None and "cliques" in cache:
        return cache["cliques"]  # type: ignore[no-any-return]
    cliques = _engine.clique_cover(arrays.indptr, arrays.indices)
    if cliques is not None:
        for a in cliques[:2]:
            a.flags.writeable = False  # shared by every later call on this structure
    if cache is not None:
        cache["cliques"] = cliques
    return cliques


def _removed_array(arrays: StateArrays, orders: np.ndarray, n_steps: int) -> Any:
    """The `removed` column: NA at step 0, then the ccodes in removal order."""
    n_orders = orders.shape[0]
    labels = orders[:, :n_steps]
    if arrays.codes is not None:
        codes = arrays.codes[labels]
        vals = np.column_stack([np.zeros(n_orders, dtype=np.int64), codes]).ravel()
        mask = np.zeros((n_orders, n_steps + 1), dtype=bool)
        mask[:, 0] = True
        return pd.arrays.IntegerArray(vals, mask.ravel())
    obj = np.empty((n_orders, n_steps + 1), dtype=object)
    obj[:, 0] = pd.NA
    nodes = np.empty(arrays.n, dtype=object)
    for i, v in enumerate(arrays.nodes):
        nodes[i] = v
    obj[:, 1:] = nodes[labels]
    return obj.ravel()


def curve_columns(cur: Curves) -> dict[str, Any]:
    """The columns of :func:`robustness_curve` (one row per order and step)."""
    n, n_steps = cur.arrays.n, cur.n_steps
    n_orders = cur.orders.shape[0]
    steps = np.arange(n_steps + 1)
    return {
        "order": np.repeat(np.arange(n_orders), n_steps + 1),
        "step": np.tile(steps, n_orders),
        "removed": _removed_array(cur.arrays, cur.orders, n_steps),
        "fraction_removed": np.tile(steps / n, n_orders),
        "lcc_fraction": (cur.lcc[:, : n_steps + 1] / n).ravel(),
        "n_components": cur.ncomp[:, : n_steps + 1].ravel(),
        "coverage": (cur.cov[:, : n_steps + 1] / n).ravel(),
    }


def _concat_column(parts: list[Any]) -> Any:
    """One column from the same column of several tables (nullable ints kept)."""
    if all(isinstance(p, pd.arrays.IntegerArray) for p in parts):
        return pd.arrays.IntegerArray(
            np.concatenate([p._data for p in parts]), np.concatenate([p._mask for p in parts])
        )
    if any(isinstance(p, pd.arrays.IntegerArray) for p in parts):
        parts = [np.asarray(p, dtype=object) for p in parts]
    return np.concatenate(parts)


def frame_of(columns: dict[str, Any]) -> pd.DataFrame:
    """``pd.DataFrame(columns)`` for fresh, equally long 1-D arrays, without pandas' checks.

    The arrays are built here and owned by the table (no copy). pandas' private
    ``DataFrame._from_arrays`` skips the per-column inference and consolidation
    that cost more than the curve itself on a 200-state graph; where it is
    missing (a future pandas), the public constructor gives the same table.
    """
    names = list(columns)
    arrays = list(columns.values())
    from_arrays = getattr(pd.DataFrame, "_from_arrays", None)
    if from_arrays is None:  # pragma: no cover - depends on the pandas version
        return pd.DataFrame(columns)
    try:
        return from_arrays(
            arrays,
            columns=pd.Index(names),
            index=pd.RangeIndex(len(arrays[0]) if arrays else 0),
            verify_integrity=False,
        )
    except TypeError:  # pragma: no cover - signature changed
        return pd.DataFrame(columns)


def columns_frame(parts: list[dict[str, Any]], years: list[Any] | None = None) -> pd.DataFrame:
    """One DataFrame from column dicts (with a ``year`` column in front for a panel)."""
    columns: dict[str, Any] = {}
    if years is not None:
        sizes = [len(next(iter(p.values()))) for p in parts]
        columns["year"] = np.repeat(np.asarray(years), sizes)
    for key in parts[0]:
        columns[key] = _concat_column([p[key] for p in parts])
    return frame_of(columns)


def curve_frame(cur: Curves) -> pd.DataFrame:
    """One row per order and step: the table of :func:`robustness_curve`."""
    frame = frame_of(curve_columns(cur))
    frame.attrs.update(cur.attrs)
    return frame


def quantile_names(quantiles: np.ndarray) -> list[str]:
    """Column names of quantiles: 0.05 -> ``q05``, 0.5 -> ``q50``, 0.025 -> ``q2.5``."""
    names = []
    for q in quantiles:
        pct = float(q) * 100
        names.append(f"q{round(pct):02d}" if abs(pct - round(pct)) < 1e-9 else f"q{pct:g}")
    return names


def summary_columns(cur: Curves, quantiles: np.ndarray) -> dict[str, Any]:
    """One row per step and measure: mean and quantiles over the orders."""
    n, n_steps = cur.arrays.n, cur.n_steps
    steps = np.arange(n_steps + 1)
    stats = [
        _engine.column_summary(arr[:, : n_steps + 1], quantiles)
        for arr in (cur.lcc, cur.ncomp, cur.cov)
    ]
    scales = (n, 1, n)  # lcc and coverage as shares of the N states
    columns: dict[str, Any] = {
        "step": np.tile(steps, 3),
        "fraction_removed": np.tile(steps / n, 3),
        "measure": np.repeat(np.array(CURVE_MEASURES, dtype=object), n_steps + 1),
        "mean": np.concatenate([m / k for (m, _), k in zip(stats, scales, strict=True)]),
    }
    for i, name in enumerate(quantile_names(quantiles)):
        columns[name] = np.concatenate([q[i] / k for (_, q), k in zip(stats, scales, strict=True)])
    return columns


def summary_frame(cur: Curves, quantiles: np.ndarray) -> pd.DataFrame:
    """The summary table of :func:`robustness_curve` with `quantiles`."""
    frame = frame_of(summary_columns(cur, quantiles))
    frame.attrs.update(cur.attrs, n_orders=int(cur.orders.shape[0]))
    return frame


def check_curve_options(
    strategy: object, n_sims: object, ties: object, n_jobs: object
) -> tuple[int, int]:
    """Validate the options shared by every curve function; return n_sims and n_jobs."""
    check_strategy(strategy, ties)
    n = check_count(n_sims, "n_sims")
    return n, check_n_jobs(n_jobs)  # type: ignore[arg-type]


@fill_doc
def robustness_curve(
    G: nx.Graph,
    strategy: Strategy = "random",
    *,
    adaptive: bool = False,
    n_sims: int = 1000,
    ties: Literal["ccode", "random"] = "ccode",
    capabilities: Capabilities | None = None,
    majors: Majors | None = None,
    weight: str | None = "weight",
    quantiles: Sequence[float] | None = None,
    rng: RNGLike = None,
    n_jobs: int | None = 1,
    progress: bool = False,
) -> pd.DataFrame:
    """Remove states one by one and record what is left of the alliance network.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        An alliance graph (``anet.alliance_graph``); nodes are ccodes. Directed
        graphs are read with weak connectivity; self-loops are ignored.
    strategy : str or sequence of ccodes, default "random"
        Removal order (see :data:`REMOVAL_STRATEGIES`):

        * ``"random"``: a uniformly random order per simulation (from `rng`);
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
    {{n_sims}}
        Here: random removal orders (``"random"``) or random tie-breaks
        (``ties="random"``). A deterministic strategy — a named one with
        ``ties="ccode"``, or an explicit sequence — has exactly one order and
        ignores `n_sims`.
    ties : {"ccode", "random"}, default "ccode"
        Tie rule: lower ccode first, or a random priority per order from `rng`.
    capabilities : pandas.Series or mapping, optional
        CINC indexed by ccode, e.g. ``anet.capabilities(anet.read_nmc(path), year)``.
    majors : sequence of ccodes or DataFrame, optional
        Major powers: a list of ccodes, or a majors table (``ccode``,
        ``start_year``, ``end_year``) read with ``anet.major_powers`` for
        ``G.graph["year"]``.
    {{weight}}
        Read only by ``"strength"`` and ``"eigenvector"``.
    quantiles : sequence of float, optional
        None (default): one row per order and step. Quantiles in [0, 1], e.g.
        ``(0.05, 0.95)``: summarise the orders instead — one row per step and
        measure with the mean and these quantiles (memory independent of
        `n_sims`).
    {{rng}}
    {{n_jobs}}
        Used to compute several adaptive orders with ``ties="random"``.
    {{progress}}

    Returns
    -------
    pandas.DataFrame
        Without `quantiles`, one row per order and step: ``order``, ``step``
        (0 = intact network), ``removed`` (ccode removed at that step; NA at
        step 0), ``fraction_removed`` (step / N), ``lcc_fraction`` (largest
        connected group over the original N), ``n_components`` (among the
        remaining states; an isolated state is a component) and ``coverage``
        (share of the original N that remain and still have at least one
        remaining ally). With `quantiles`: ``step``, ``fraction_removed``,
        ``measure`` (the three measure names), ``mean`` and one column per
        quantile (``q05``, ``q95``, ...). ``attrs`` hold ``strategy``,
        ``adaptive``, ``ties``, ``n_states`` and ``year``.

    Raises
    ------
    GraphTypeError
        `G` is not a state graph (e.g. the bipartite treaty graph), or has tuple labels.
    ParameterError
        Unknown strategy or tie rule, bad `n_sims`, `rng`, `n_jobs` or
        `quantiles`, an empty graph, non-positive weights (when read), a
        sequence naming unknown or repeated states, a capability or majors
        strategy without the data it needs, or a table too large for memory.

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
    >>> random = robustness_curve(G, "random", n_sims=1000, rng=1)
    >>> round(float(random.groupby("step")["lcc_fraction"].mean()[1]), 1)  # 0.2*0.2 + 0.8*0.8
    0.7

    The same 1,000 random orders summarised (mean and 5–95 % band) per step:

    >>> summary = robustness_curve(G, n_sims=1000, rng=1, quantiles=(0.05, 0.95))
    >>> summary.query("measure == 'lcc_fraction'")
       step  fraction_removed       measure    mean  q05  q95
    0     0               0.0  lcc_fraction  1.0000  1.0  1.0
    1     1               0.2  lcc_fraction  0.6848  0.2  0.8
    2     2               0.4  lcc_fraction  0.4320  0.2  0.6
    3     3               0.6  lcc_fraction  0.2786  0.2  0.4
    4     4               0.8  lcc_fraction  0.2000  0.2  0.2
    5     5               1.0  lcc_fraction  0.0000  0.0  0.0
    """
    n_sims, n_jobs = check_curve_options(strategy, n_sims, ties, n_jobs)
    q = check_quantiles(quantiles)
    gen = as_generator(rng)
    cur = curve_arrays(
        G,
        strategy,
        adaptive=adaptive,
        n_sims=n_sims,
        ties=ties,
        capabilities=capabilities,
        majors=majors,
        weight=weight,
        rng=gen,
        n_jobs=n_jobs,
        progress=progress,
        table=q is None,
    )
    return curve_frame(cur) if q is None else summary_frame(cur, q)


@fill_doc
def r_index(
    G: nx.Graph,
    strategy: Strategy = "degree",
    *,
    adaptive: bool = True,
    n_sims: int = 1000,
    ties: Literal["ccode", "random"] = "ccode",
    capabilities: Capabilities | None = None,
    majors: Majors | None = None,
    weight: str | None = "weight",
    rng: RNGLike = None,
    n_jobs: int | None = 1,
    progress: bool = False,
) -> float:
    """Schneider et al.'s robustness index R of an alliance network.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        An alliance graph, as in :func:`robustness_curve`.
    strategy : str or sequence of ccodes, default "degree"
        As in :func:`robustness_curve`; the default is Schneider et al.'s attack:
        highest degree first, recomputed after every removal (`adaptive`), ties
        to the lower ccode. An explicit sequence must list every state.
    adaptive : bool, default True
        Recompute the ranking after every removal.
    {{n_sims}}
        Random orders (``"random"``) or random tie-breaks (``ties="random"``)
        averaged over; deterministic strategies have one order and ignore it.
    ties : {"ccode", "random"}, default "ccode"
        As in :func:`robustness_curve`.
    capabilities, majors
        As in :func:`robustness_curve`.
    {{weight}}
        Read only by ``"strength"`` and ``"eigenvector"``.
    {{rng}}
    {{n_jobs}}
    {{progress}}

    Returns
    -------
    float
        R, averaged over the orders. The R of each order is the sum of its
        ``lcc_fraction`` over steps 1..N divided by N, from the table of
        :func:`robustness_curve` (see the last example).

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
    >>> round(r_index(G), 3), round(r_index(G, "random", n_sims=500, rng=1), 3)
    (0.085, 0.25)

    R of each random order, from the curves:

    >>> P = nx.path_graph(20)
    >>> curve = robustness_curve(P, "random", n_sims=3, rng=0)
    >>> per_order = curve[curve.step > 0].groupby("order")["lcc_fraction"].sum() / 20
    >>> per_order.round(3).tolist(), round(r_index(P, "random", n_sims=3, rng=0), 3)
    ([0.238, 0.185, 0.22], 0.214)
    """
    n_sims, n_jobs = check_curve_options(strategy, n_sims, ties, n_jobs)
    gen = as_generator(rng)
    cur = curve_arrays(
        G,
        strategy,
        adaptive=adaptive,
        n_sims=n_sims,
        ties=ties,
        capabilities=capabilities,
        majors=majors,
        weight=weight,
        rng=gen,
        n_jobs=n_jobs,
        progress=progress,
        table=False,
        what="r_index",
    )
    if cur.n_steps != cur.arrays.n:
        raise ParameterError(
            f"r_index needs a full removal order: the sequence lists {cur.n_steps} of "
            f"{cur.arrays.n} states; list every state once"
        )
    return float(cur.r_values().mean())
