"""Keystones: which single state's defection costs the alliance system most.

:func:`keystones` removes every state's promises in turn (a "knock-out") and
reports what the system loses, exactly — no simulation is involved.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Literal

import networkx as nx
import numpy as np
import pandas as pd

from ..errors import ParameterError
from . import _engine
from ._promises import Promises, covered, promises
from .rates import HonorRates, promise_rates, resolve_rates

__all__ = ["keystones"]

#: Columns of :func:`keystones` that ``measure`` may sort by.
KEYSTONE_MEASURES: tuple[str, ...] = (
    "coverage_loss",
    "lcc_loss",
    "p_any_ally_loss",
    "capability_share",
)
#: The names ``measure`` took before the columns' names were used (for a helpful error).
_OLD_NAMES = {"coverage": "coverage_loss", "lcc": "lcc_loss", "p_any_ally": "p_any_ally_loss"}


def _check_measure(measure: object, p_honor: object, capabilities: object) -> str:
    if isinstance(measure, str) and measure in _OLD_NAMES:
        raise ParameterError(
            f"keystones: measure takes the name of the column to sort by; got {measure!r}, "
            f"use measure={_OLD_NAMES[measure]!r}"
        )
    if not isinstance(measure, str) or measure not in KEYSTONE_MEASURES:
        raise ParameterError(f"keystones: expected measure in {KEYSTONE_MEASURES}; got {measure!r}")
    if measure == "p_any_ally_loss" and p_honor is None:
        raise ParameterError("keystones: measure='p_any_ally_loss' needs p_honor=; got None")
    if measure == "capability_share" and capabilities is None:
        raise ParameterError("keystones: measure='capability_share' needs capabilities=; got None")
    return measure


def _knockouts(pr: Promises) -> np.ndarray:
    """Row v: every promise except those made by or to v (v defects); last row: nobody."""
    alive = np.ones((pr.n + 1, len(pr.src)), dtype=bool)
    alive[pr.src, np.arange(len(pr.src))] = False
    alive[pr.dst, np.arange(len(pr.src))] = False
    return alive


def _p_any_ally_loss(
    G: nx.Graph, pr: Promises, alive: np.ndarray, p_honor: HonorRates
) -> np.ndarray:
    kind, rates = resolve_rates(p_honor, G)
    p = promise_rates(pr, kind, rates)
    with np.errstate(divide="ignore"):
        log_fail = np.where(alive, np.log1p(-p)[None, :], 0.0)
    fail = np.zeros((pr.n + 1, pr.n))
    np.add.at(fail.T, pr.dst, log_fail.T)
    mean_any = (1.0 - np.exp(fail)).mean(axis=1)
    return mean_any[-1] - mean_any[:-1]


def _capability_share(pr: Promises, capabilities: object) -> np.ndarray:
    try:
        caps = pd.Series(capabilities, dtype=float)
    except (TypeError, ValueError) as err:
        raise ParameterError(f"keystones: capabilities must be numbers by ccode; {err}") from None
    missing = [v for v in pr.nodes if v not in caps.index or pd.isna(caps.get(v))]
    if missing:
        raise ParameterError(
            f"expected capabilities for every state in the graph; missing {missing[:5]}"
        )
    n = pr.n
    c = caps.reindex(pr.nodes).to_numpy(dtype=float)
    pool = np.bincount(pr.dst, weights=c[pr.src], minlength=n)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(pool[pr.dst] > 0, c[pr.src] / pool[pr.dst], 0.0)
    n_pooled = int((pool > 0).sum())
    if not n_pooled:
        return np.zeros(n)
    return np.bincount(pr.src, weights=share, minlength=n) / n_pooled


def keystones(
    G: nx.Graph,
    *,
    measure: Literal[
        "coverage_loss", "lcc_loss", "p_any_ally_loss", "capability_share"
    ] = "coverage_loss",
    p_honor: HonorRates | None = None,
    capabilities: pd.Series | Mapping[Hashable, float] | None = None,
) -> pd.DataFrame:
    """Rank states by how much the alliance system loses when that state alone defects.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        State graph (see :func:`simulate_defections` for directed graphs).
    measure : {"coverage_loss", "lcc_loss", "p_any_ally_loss", "capability_share"}
        The column to sort by (descending; ties by ccode); default ``"coverage_loss"``.
        All measures whose inputs are given are returned.
    p_honor : float, str or mapping, optional
        Honouring rates (as in :func:`attack_response`); needed for ``p_any_ally_loss``.
    capabilities : pandas.Series or mapping, optional
        Capability by ccode (e.g. CINC); needed for ``capability_share``.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``ccode`` (every state in `G`), columns ``stateabb``,
        ``coverage_loss``, ``lcc_loss``, and where their inputs are given
        ``p_any_ally_loss`` and ``capability_share``; sorted by the chosen measure.

    Raises
    ------
    GraphTypeError
        `G` is not a state graph (e.g. the bipartite treaty graph), or has tuple labels.
    ParameterError
        Unknown measure, a measure whose input is missing, missing capabilities.

    Notes
    -----
    A defecting state v keeps its node but loses all its ties (as with
    ``level="state"`` in :func:`simulate_defections`). With N states:

    - ``coverage_loss`` = (\\|C\\| − \\|C_{−v}\\|) / N, C = states to which at least one
      promise is made. It counts v itself (if it had allies) and every state for which v
      was the only ally — the states that depend on v alone.
    - ``lcc_loss`` = (L − L_{−v}) / N, L = largest connected component.
    - ``p_any_ally_loss`` = mean over all states of P(at least one ally honours),
      1 − Π_{a→s}(1 − p_a), before minus after v defects.
    - ``capability_share``: for every state s with allies, the capability its allies
      could bring, K_s = Σ_{a→s} c_a; v's share is c_v / K_s where v is an ally of s, 0
      otherwise; the column is the mean of these shares over the states with K_s > 0.
      In a complete alliance (e.g. NATO) the first three measures treat members alike,
      while the capability share shows how much the average member depends on each
      ally's power — the dependence on a great power that the others cannot replace.

    These are single-defection ("knock-out") analogues of node-removal robustness
    measures; we know of no published use on alliance networks, so cite them as
    alliancenet's definitions above.

    Examples
    --------
    A hub-and-spoke alliance: every spoke depends on the hub alone.

    >>> import networkx as nx
    >>> G = nx.star_graph([2, 732, 740, 900])  # USA with South Korea, Japan, Australia
    >>> k = keystones(G, capabilities={2: 0.14, 732: 0.02, 740: 0.03, 900: 0.01})
    >>> int(k.index[0]), float(k.loc[2, "coverage_loss"]), float(k.loc[732, "coverage_loss"])
    (2, 1.0, 0.25)
    >>> round(float(k.loc[2, "capability_share"]), 2)
    0.75

    In the bundled example for 2024, the USA's defection leaves the most states without
    an ally (those whose only ally it is, and itself):

    >>> import alliancenet as anet
    >>> G = anet.alliance_graph(anet.load_example(), 2024, states=anet.load_example_states())
    >>> keystones(G)["stateabb"].iloc[0]
    'USA'
    """
    column = _check_measure(measure, p_honor, capabilities)
    pr = promises(G, "keystones")
    n = pr.n
    alive = _knockouts(pr)
    cov = covered(alive, pr.dst, n).sum(axis=1)
    lcc, _ = _engine.components(alive, pr.src, pr.dst, n)
    out = pd.DataFrame(
        {
            "stateabb": [G.nodes[v].get("stateabb", pd.NA) for v in pr.nodes],
            "coverage_loss": (cov[-1] - cov[:-1]) / n,
            "lcc_loss": (lcc[-1] - lcc[:-1]) / n,
        },
        index=pd.Index(pr.nodes, name="ccode"),
    )
    if p_honor is not None:
        out["p_any_ally_loss"] = _p_any_ally_loss(G, pr, alive, p_honor)
    if capabilities is not None:
        out["capability_share"] = _capability_share(pr, capabilities)
    order = np.lexsort((np.arange(n), -out[column].to_numpy(dtype=float)))
    return out.iloc[order]
