"""Keystones: which single state's defection costs the alliance system most.

:func:`keystones` removes every state's promises in turn (a "knock-out") and
reports what the system loses, exactly — no simulation is involved. Only states
whose defection changes something for another state are listed, ranked by one loss
with the others as stated tie-breaks.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Literal

import networkx as nx
import numpy as np
import pandas as pd

from ..errors import ParameterError
from . import _engine
from ._copula import conditional_rates, factor_quadrature, normal_quantile
from ._promises import Promises, covered, promises
from ._scenario import Groups, Scenario, States, fill_scenario, make_scenario
from .rates import HonorRates, promise_rates, resolve_rates

__all__ = ["keystones"]

#: Columns of :func:`keystones` that ``measure`` may sort by.
KEYSTONE_MEASURES: tuple[str, ...] = (
    "coverage_loss",
    "lcc_loss",
    "p_any_ally_loss",
    "capability_share",
)
#: Losses at or below this count as no effect (rounding of exact differences).
_EPS = 1e-12
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
    p: np.ndarray, pr: Promises, alive: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Independent allies: mean P(any ally) before minus after each knock-out, and
    each state's P(any ally) before."""
    with np.errstate(divide="ignore"):
        log_fail = np.where(alive, np.log1p(-p)[None, :], 0.0)
    fail = np.zeros((pr.n + 1, pr.n))
    np.add.at(fail.T, pr.dst, log_fail.T)
    any_ally = 1.0 - np.exp(fail)
    mean_any = any_ally.mean(axis=1)
    return mean_any[-1] - mean_any[:-1], any_ally[-1]


def _correlated_p_any_ally_loss(
    p: np.ndarray, pr: Promises, scen: Scenario
) -> tuple[np.ndarray, np.ndarray]:
    """The same with a common factor per (attacked state, group), by quadrature.

    P(no ally of s helps) = Π_g E_Z[Π_{k→s in g} (1 − p_k(Z))]; knocking out v sets
    P(any) of v to 0 and removes v's promise k = v→s from the pair (s, g_k).
    """
    n, n_k = pr.n, len(pr.src)
    group, n_groups = scen.promise_groups(pr, np.arange(n_k))
    pair = pr.dst * n_groups + group
    t = normal_quantile(p)
    z, w = factor_quadrature(t, scen.correlation)
    log_q = np.log(np.clip(1.0 - conditional_rates(t, scen.correlation, z), 1e-300, None)).T
    sums = np.zeros((n * n_groups, len(z)))
    np.add.at(sums, pair, log_q)  # (pairs, K): log Π (1 − p_k(z)) over the pair
    none = np.exp(sums) @ w
    touched = np.zeros(n * n_groups, dtype=bool)
    touched[pair] = True
    none = np.where(touched, none, 1.0).reshape(n, n_groups)
    base_any = 1.0 - none.prod(axis=1)
    new_none = np.exp(sums[pair] - log_q) @ w  # pair of promise k without k
    others = none[pr.dst].copy()
    others[np.arange(n_k), group] = 1.0
    after_any = 1.0 - others.prod(axis=1) * new_none
    delta = np.bincount(pr.src, weights=base_any[pr.dst] - after_any, minlength=n)
    return (base_any + delta) / n, base_any


def _capability_share(pr: Promises, capabilities: object, kept: np.ndarray) -> np.ndarray:
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
    src, dst = pr.src[kept], pr.dst[kept]
    pool = np.bincount(dst, weights=c[src], minlength=n)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(pool[dst] > 0, c[src] / pool[dst], 0.0)
    n_pooled = int((pool > 0).sum())
    if not n_pooled:
        return np.zeros(n)
    return np.bincount(src, weights=share, minlength=n) / n_pooled


def _others_effect(out: pd.DataFrame, own_any: np.ndarray | None, n: int) -> np.ndarray:
    """True where the knock-out changes something for a state other than the defector."""
    effect = (out["coverage_loss"].to_numpy() > _EPS) | (out["lcc_loss"].to_numpy() * n > 1 + _EPS)
    if own_any is not None:
        effect |= out["p_any_ally_loss"].to_numpy() - own_any / n > _EPS
    if "capability_share" in out:
        effect |= out["capability_share"].to_numpy() > _EPS
    return effect


def _rank(out: pd.DataFrame, column: str) -> np.ndarray:
    """Positions sorted by `column`, then the other losses, then n_allies (all
    descending), then ccode."""
    keys = [column, *(c for c in KEYSTONE_MEASURES if c in out and c != column), "n_allies"]
    cols = [-out[c].to_numpy(dtype=float) for c in keys]
    return np.lexsort((np.arange(len(out)), *reversed(cols)))


@fill_scenario
def keystones(
    G: nx.Graph,
    *,
    measure: Literal[
        "coverage_loss", "lcc_loss", "p_any_ally_loss", "capability_share"
    ] = "coverage_loss",
    p_honor: HonorRates | None = None,
    capabilities: pd.Series | Mapping[Hashable, float] | None = None,
    correlation: float = 0.0,
    groups: Groups = "crisis",
    defectors: States = None,
    honor: States = None,
    scenario: str | None = None,
) -> pd.DataFrame:
    r"""Rank states by how much the alliance system loses when that state alone defects.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        State graph (see :func:`simulate_defections` for directed graphs).
    measure : {"coverage_loss", "lcc_loss", "p_any_ally_loss", "capability_share"}
        The column to sort by (descending); default ``"coverage_loss"``. Ties are
        broken by the other loss columns in the order of this list, then by
        ``n_allies`` (descending), then by ccode. All measures whose inputs are given
        are returned.
    p_honor : float, str, mapping, callable or pandas.DataFrame, optional
        Honouring rates (as in :func:`attack_response`); needed for ``p_any_ally_loss``.
    capabilities : pandas.Series or mapping, optional
        Capability by ccode (e.g. CINC); needed for ``capability_share``.
    {{scenario}}
        Here the scenario is the baseline of every knock-out: the `defectors` have
        defected already (their promises are gone, so knocking them out changes
        nothing), `honor` and `correlation` enter ``p_any_ally_loss``.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``ccode``: the states whose defection changes something for
        another state (see Notes), sorted by the chosen measure. Columns
        ``stateabb``, ``n_allies`` (states the defector promised to help),
        ``coverage_loss``, ``lcc_loss``, and where their inputs are given
        ``p_any_ally_loss`` and ``capability_share``. ``attrs`` holds the scenario
        (``scenario``, ``correlation``, ``groups``, ``defectors``, ``honor``) and
        ``tie_break`` (the columns used after `measure`).

    Raises
    ------
    GraphTypeError
        `G` is not a state graph (e.g. the bipartite treaty graph), or has tuple labels.
    ParameterError
        Unknown measure, a measure whose input is missing, missing capabilities, bad
        scenario keywords.

    Notes
    -----
    A defecting state v keeps its node but loses all its ties (as with
    ``level="state"`` in :func:`simulate_defections`). With N states:

    - ``coverage_loss`` = \|D_v\| / N, D_v = the *other* states left without any
      promise when v defects — those that depend on v alone (v's own loss of its
      allies is not counted: it made every state with allies look like a keystone).
    - ``lcc_loss`` = (L − L_{−v}) / N, L = largest connected component.
    - ``p_any_ally_loss`` = mean over all states of P(at least one ally honours),
      1 − Π_{a→s}(1 − p_a) for independent allies, before minus after v defects;
      with a correlation, 1 − Π_g E_Z[Π_{a→s in g}(1 − p_a(Z))] (see
      :func:`attack_response`), integrated by quadrature.
    - ``capability_share``: for every state s with allies, the capability its allies
      could bring, K_s = Σ_{a→s} c_a; v's share is c_v / K_s where v is an ally of s, 0
      otherwise; the column is the mean of these shares over the states with K_s > 0.
      In a complete alliance (e.g. NATO) the first three measures treat members alike,
      while the capability share shows how much the average member depends on each
      ally's power — the dependence on a great power that the others cannot replace.

    A state is listed only if its defection changes something for another state: some
    state loses its last ally, the largest component shrinks by more than v itself,
    another state's chance of help falls, or v brings capability to an ally.

    These are single-defection ("knock-out") analogues of node-removal robustness
    measures; we know of no published use on alliance networks, so cite them as
    alliancenet's definitions above.

    Examples
    --------
    A hub-and-spoke alliance: every spoke depends on the hub alone, and a spoke's
    defection changes nothing for the others.

    >>> import networkx as nx
    >>> G = nx.star_graph([2, 732, 740, 900])  # USA with South Korea, Japan, Australia
    >>> k = keystones(G)
    >>> k.index.tolist(), float(k.loc[2, "coverage_loss"])
    ([2], 0.75)
    >>> k = keystones(G, capabilities={2: 0.14, 732: 0.02, 740: 0.03, 900: 0.01})
    >>> k.index.tolist(), round(float(k.loc[2, "capability_share"]), 2)
    ([2, 740, 732, 900], 0.75)

    In the bundled example for 2024, the USA's defection leaves the most states without
    an ally (those whose only ally it is):

    >>> import alliancenet as anet
    >>> G = anet.alliance_graph(anet.load_example(), 2024, states=anet.load_example_states())
    >>> keystones(G)["stateabb"].iloc[0]
    'USA'
    """
    column = _check_measure(measure, p_honor, capabilities)
    pr = promises(G, "keystones")
    scen = make_scenario(
        pr.nodes,
        correlation=correlation,
        groups=groups,
        defectors=defectors,
        honor=honor,
        name=scenario,
        abbrev=dict(G.nodes(data="stateabb")),
    )
    n = pr.n
    alive = _knockouts(pr)
    gone = scen.force(np.ones(len(pr.src)), pr.src, pr.nodes) == 0.0
    gone |= scen.force(np.ones(len(pr.src)), pr.dst, pr.nodes) == 0.0
    alive[:, gone] = False
    cov = covered(alive, pr.dst, n).sum(axis=1)
    lcc, _ = _engine.components(alive, pr.src, pr.dst, n)
    own = np.zeros(n, dtype=np.int64)
    own[pr.dst[~gone]] = 1  # v had allies: its own loss, not counted
    out = pd.DataFrame(
        {
            "stateabb": [G.nodes[v].get("stateabb", pd.NA) for v in pr.nodes],
            "n_allies": np.bincount(pr.src[~gone], minlength=n).astype(np.int64),
            "coverage_loss": (cov[-1] - cov[:-1] - own) / n,
            "lcc_loss": (lcc[-1] - lcc[:-1]) / n,
        },
        index=pd.Index(pr.nodes, name="ccode"),
    )
    own_any = None
    if p_honor is not None:
        kind, rates = resolve_rates(p_honor, G)
        p = scen.force(promise_rates(pr, kind, rates), pr.src, pr.nodes)
        p[gone] = 0.0
        if scen.correlation == 0.0:
            loss, own_any = _p_any_ally_loss(p, pr, alive)
        else:
            loss, own_any = _correlated_p_any_ally_loss(p, pr, scen)
        out["p_any_ally_loss"] = loss
    if capabilities is not None:
        out["capability_share"] = _capability_share(pr, capabilities, ~gone)
    effect = _others_effect(out, own_any, n)
    order = _rank(out, column)
    out = out.iloc[order[effect[order]]]
    out.attrs = {
        **scen.attrs(),
        "tie_break": [c for c in (*KEYSTONE_MEASURES, "n_allies") if c in out and c != column],
    }
    return out
