"""Robustness curves and R-indices for every year of an alliance panel.

:func:`robustness_panel` is :func:`~alliancenet.robustness.curves.robustness_curve`
run on every graph of ``anet.alliance_graphs(...)``, with a ``year`` column in
front of the same columns; :func:`r_index_panel` is
:func:`~alliancenet.robustness.curves.r_index` for every year. Each year draws
from its own child generator (``alliancenet._random.spawn``), so a seeded
panel is identical for any `n_jobs` or joblib backend, and year *y* equals the
single-graph function called with that year's child generator.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any, Literal, TypeAlias

import networkx as nx
import numpy as np
import pandas as pd

from .._docstrings import fill_doc
from .._parallel import run_tasks
from .._random import RNGLike, spawn
from ..datasets import capabilities as capabilities_of_year
from ..errors import ParameterError
from ._checks import check_memory, state_nodes
from .curves import (
    check_curve_options,
    check_quantiles,
    columns_frame,
    curve_arrays,
    curve_bytes,
    curve_columns,
    summary_columns,
)
from .strategies import Capabilities, Majors, Strategy, is_deterministic

__all__ = ["robustness_panel", "r_index_panel"]

#: What ``capabilities`` accepts for a panel: an NMC table or CINC Series by year.
PanelCapabilities: TypeAlias = pd.DataFrame | Mapping[Hashable, Capabilities]


def _year_capabilities(capabilities: PanelCapabilities | None, year: Any) -> Any:
    """The CINC Series of `year` from an NMC table or a mapping year -> Series."""
    if capabilities is None:
        return None
    if isinstance(capabilities, pd.DataFrame):
        return capabilities_of_year(capabilities, int(year))
    if isinstance(capabilities, Mapping):
        if year not in capabilities:
            raise ParameterError(f"capabilities has no entry for year {year}")
        return capabilities[year]
    raise ParameterError(
        "for a panel, capabilities must be an NMC table (ccode, year, cinc; anet.read_nmc) "
        f"or a mapping year -> CINC Series; got {type(capabilities).__name__}"
    )


def _check_graphs(graphs: object, what: str) -> dict[Any, nx.Graph]:
    if not isinstance(graphs, Mapping) or len(graphs) == 0:
        size = len(graphs) if hasattr(graphs, "__len__") else "?"
        raise ParameterError(
            f"{what}: graphs must be a non-empty mapping year -> graph (anet.alliance_graphs); "
            f"got {type(graphs).__name__} of length {size}"
        )
    for year, G in graphs.items():
        state_nodes(G, f"{what} (year {year})")
    return dict(graphs)


def _year_task(task: tuple[Any, ...]) -> Any:
    """Curves of one year: a table, a summary, or (n_states, mean R)."""
    year, G, opts, capabilities, output, quantiles, gen = task
    caps = _year_capabilities(capabilities, year)
    cur = curve_arrays(G, capabilities=caps, rng=gen, year=year, **opts)
    if output == "r_index":
        return cur.arrays.n, cur.n_steps, cur.r_values()
    columns = curve_columns(cur) if quantiles is None else summary_columns(cur, quantiles)
    return columns, cur.attrs


def _run_years(
    graphs: dict[Any, nx.Graph],
    opts: dict[str, Any],
    *,
    capabilities: PanelCapabilities | None,
    output: str,
    quantiles: np.ndarray | None,
    rng: RNGLike,
    n_jobs: int | None,
    progress: bool,
) -> list[Any]:
    years = list(graphs)
    gens = spawn(rng, len(years))
    tasks = [
        (y, graphs[y], opts, capabilities, output, quantiles, g)
        for y, g in zip(years, gens, strict=True)
    ]
    return run_tasks(_year_task, tasks, n_jobs=n_jobs, progress=progress, desc="years")


@fill_doc
def robustness_panel(
    graphs: Mapping[Hashable, nx.Graph],
    *,
    strategy: Strategy = "random",
    adaptive: bool = False,
    n_sims: int = 1000,
    ties: Literal["ccode", "random"] = "ccode",
    capabilities: PanelCapabilities | None = None,
    majors: Majors | None = None,
    weight: str | None = "weight",
    quantiles: Sequence[float] | None = None,
    rng: RNGLike = None,
    n_jobs: int | None = 1,
    progress: bool = False,
) -> pd.DataFrame:
    """Robustness curves for every year of an alliance panel, in one tidy table.

    Parameters
    ----------
    graphs : mapping of year -> networkx.Graph
        E.g. ``anet.alliance_graphs(members, states=...)``.
    strategy : str or sequence of ccodes, default "random"
        As in :func:`robustness_curve`, applied to every year.
    adaptive : bool, default False
        As in :func:`robustness_curve`.
    {{n_sims}}
        Per year; as in :func:`robustness_curve` (deterministic strategies
        have one order and ignore it).
    ties : {"ccode", "random"}, default "ccode"
        As in :func:`robustness_curve`.
    capabilities : DataFrame or mapping, optional
        For ``"capability"`` / ``"major_powers_first"``: an NMC table with
        ``ccode``, ``year``, ``cinc`` (``anet.read_nmc``; each year read with
        ``anet.capabilities``), or a mapping year -> CINC Series.
    majors : sequence of ccodes or DataFrame, optional
        As in :func:`robustness_curve`; a majors table is read for each year.
    {{weight}}
        Read only by ``"strength"`` and ``"eigenvector"``.
    quantiles : sequence of float, optional
        As in :func:`robustness_curve`: None (default) gives one row per year,
        order and step; quantiles such as ``(0.05, 0.95)`` summarise the orders
        of each year (one row per year, step and measure), which keeps the table
        small for long panels with many orders.
    {{rng}}
        Each year draws from its own child generator.
    {{n_jobs}}
        Years run in parallel.
    {{progress}}

    Returns
    -------
    pandas.DataFrame
        ``year`` followed by the columns of :func:`robustness_curve` (with the
        same `quantiles`): ``order``, ``step``, ``removed``,
        ``fraction_removed``, ``lcc_fraction``, ``n_components``, ``coverage``;
        or with `quantiles` ``step``, ``fraction_removed``, ``measure``,
        ``mean`` and one column per quantile.

    Raises
    ------
    ParameterError
        An empty panel, bad `quantiles`, a year missing from `capabilities`, a
        table too large for memory, or as :func:`robustness_curve`.
    CoverageError
        A year outside the NMC table given as `capabilities`.

    Notes
    -----
    The summaries are over orders at a fixed step (number of states removed);
    years with different numbers of states are comparable through
    ``fraction_removed``. See :func:`robustness_curve` for the measures.

    References
    ----------
    Newman, M. E. J., and R. M. Ziff. 2001. "Fast Monte Carlo algorithm for site
    or bond percolation." *Physical Review E* 64: 016706.
    doi:10.1103/PhysRevE.64.016706

    Examples
    --------
    >>> import networkx as nx
    >>> graphs = {1990: nx.star_graph(4), 1991: nx.complete_graph(5)}
    >>> table = robustness_panel(graphs, n_sims=200, rng=1)
    >>> table.columns.tolist()
    ['year', 'order', 'step', 'removed', 'fraction_removed', 'lcc_fraction', 'n_components', 'coverage']
    >>> table.groupby(["year", "step"])["lcc_fraction"].mean().loc[1990].round(2).tolist()
    [1.0, 0.64, 0.42, 0.28, 0.2, 0.0]
    >>> summary = robustness_panel(graphs, n_sims=200, rng=1, quantiles=(0.05, 0.95))
    >>> summary.columns.tolist()
    ['year', 'step', 'fraction_removed', 'measure', 'mean', 'q05', 'q95']

    The bundled example panel:

    >>> import alliancenet as anet
    >>> graphs = anet.alliance_graphs(anet.load_example(), range(1985, 1988),
    ...                               states=anet.load_example_states())
    >>> robustness_panel(graphs, n_sims=100, rng=1).groupby("year")["order"].nunique().tolist()
    [100, 100, 100]
    """
    n_sims, n_jobs = check_curve_options(strategy, n_sims, ties, n_jobs)
    q = check_quantiles(quantiles)
    graphs = _check_graphs(graphs, "robustness_panel")
    n_orders = 1 if is_deterministic(strategy, ties) else n_sims
    sizes = [G.number_of_nodes() for G in graphs.values()]
    check_memory(
        sum(curve_bytes(n, n_orders, q is None) for n in sizes),
        f"robustness_panel with {n_orders:,} orders in each of {len(sizes)} years",
        "lower n_sims"
        + ("" if q is not None else ", or pass quantiles=(0.05, 0.95) for a summary"),
    )
    opts = dict(
        strategy=strategy,
        adaptive=adaptive,
        n_sims=n_sims,
        ties=ties,
        majors=majors,
        weight=weight,
        table=q is None,
        what="robustness_panel",
    )
    parts = _run_years(
        graphs,
        opts,
        capabilities=capabilities,
        output="curves",
        quantiles=q,
        rng=rng,
        n_jobs=n_jobs,
        progress=progress,
    )
    out = columns_frame([columns for columns, _ in parts], years=list(graphs))
    out.attrs = {k: parts[0][1][k] for k in ("strategy", "adaptive", "ties")}
    return out


@fill_doc
def r_index_panel(
    graphs: Mapping[Hashable, nx.Graph],
    *,
    strategy: Strategy = "degree",
    adaptive: bool = True,
    n_sims: int = 1000,
    ties: Literal["ccode", "random"] = "ccode",
    capabilities: PanelCapabilities | None = None,
    majors: Majors | None = None,
    weight: str | None = "weight",
    rng: RNGLike = None,
    n_jobs: int | None = 1,
    progress: bool = False,
) -> pd.DataFrame:
    """Schneider et al.'s R-index for every year of an alliance panel.

    Parameters
    ----------
    graphs : mapping of year -> networkx.Graph
        E.g. ``anet.alliance_graphs(members, states=...)``.
    strategy : str or sequence of ccodes, default "degree"
        As in :func:`r_index` (default: adaptive highest-degree attack).
    adaptive : bool, default True
        As in :func:`r_index`.
    {{n_sims}}
        Per year; as in :func:`r_index`.
    ties : {"ccode", "random"}, default "ccode"
        As in :func:`r_index`.
    capabilities, majors
        As in :func:`robustness_panel`.
    {{weight}}
        Read only by ``"strength"`` and ``"eigenvector"``.
    {{rng}}
        Each year draws from its own child generator, the same as in
        :func:`robustness_panel` with the same `rng`.
    {{n_jobs}}
        Years run in parallel.
    {{progress}}

    Returns
    -------
    pandas.DataFrame
        One row per year: ``year``, ``n_states`` and ``r_index`` (R averaged
        over the orders of that year, as :func:`r_index`).

    Raises
    ------
    ParameterError
        As :func:`robustness_panel`, and for a sequence that does not list every
        state of a year.

    Notes
    -----
    .. math:: R = \\frac{1}{N} \\sum_{Q=1}^{N} s(Q)

    for each year, with :math:`s(Q)` the largest connected component after
    :math:`Q` removals over the year's :math:`N` states (see :func:`r_index`).

    References
    ----------
    Schneider, C. M., A. A. Moreira, J. S. Andrade Jr., S. Havlin, and H. J.
    Herrmann. 2011. "Mitigation of malicious attacks on networks." *PNAS* 108(10):
    3838–3841. doi:10.1073/pnas.1009440108

    Examples
    --------
    >>> import networkx as nx
    >>> graphs = {1990: nx.star_graph(4), 1991: nx.complete_graph(5)}
    >>> r_index_panel(graphs)
       year  n_states  r_index
    0  1990         5     0.16
    1  1991         5     0.40
    >>> r_index_panel(graphs, strategy="random", adaptive=False, n_sims=200, rng=1).round(2)
       year  n_states  r_index
    0  1990         5     0.31
    1  1991         5     0.40
    """
    n_sims, n_jobs = check_curve_options(strategy, n_sims, ties, n_jobs)
    graphs = _check_graphs(graphs, "r_index_panel")
    opts = dict(
        strategy=strategy,
        adaptive=adaptive,
        n_sims=n_sims,
        ties=ties,
        majors=majors,
        weight=weight,
        table=False,
        what="r_index_panel",
    )
    parts = _run_years(
        graphs,
        opts,
        capabilities=capabilities,
        output="r_index",
        quantiles=None,
        rng=rng,
        n_jobs=n_jobs,
        progress=progress,
    )
    short = [y for y, (n, steps, _) in zip(graphs, parts, strict=True) if steps != n]
    if short:
        raise ParameterError(
            f"r_index_panel needs a full removal order in every year; the sequence does "
            f"not list every state of {short[:5]}; list every state once"
        )
    per_order = pd.DataFrame(
        {
            "year": np.repeat(list(graphs), [len(r) for _, _, r in parts]),
            "r_index": np.concatenate([r for _, _, r in parts]),
        }
    )
    out = per_order.groupby("year", sort=False)["r_index"].mean().reset_index()
    out.insert(1, "n_states", np.array([n for n, _, _ in parts], dtype=np.int64))
    out.attrs = {"strategy": strategy if isinstance(strategy, str) else "sequence"}
    return out
