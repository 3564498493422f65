"""Defection cascades: when enough of its allies have reneged, a state reneges too.

:func:`defection_cascade` runs a deterministic linear-threshold cascade (Watts 2002)
on an alliance network: a few states defect (the first defectors), and in every round each
remaining state defects once the weighted share of its allies that have already
defected reaches its threshold.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from numbers import Integral, Real
from typing import Any, cast

import networkx as nx
import numpy as np
import pandas as pd

from .._graphs import edge_arrays
from ..errors import ParameterError
from ._checks import check_count, sequence_like, state_nodes

__all__ = ["defection_cascade"]

#: Shares within this absolute distance below a threshold count as reaching it, so that
#: e.g. three of nine allies (0.333…) reaches a threshold given as 1/3.
_TOL = 1e-9


def _thresholds(threshold: object, nodes: list[Hashable]) -> np.ndarray:
    def check(value: object, where: str) -> float:
        if isinstance(value, bool) or not isinstance(value, Real) or not float(value) > 0:
            raise ParameterError(
                f"expected a positive threshold (share of allies, in (0, 1]; above 1 = never "
                f"defects) for {where}; got {value!r}"
            )
        return float(value)  # type: ignore[arg-type]

    if isinstance(threshold, pd.Series):
        threshold = threshold.to_dict()
    if isinstance(threshold, Mapping):
        missing = [v for v in nodes if v not in threshold]
        if missing:
            raise ParameterError(
                f"expected a threshold for every state; {len(missing)} missing (first: "
                f"{missing[:5]}); add them to the mapping"
            )
        return np.array([check(threshold[v], f"state {v}") for v in nodes])
    return np.full(len(nodes), check(threshold, "threshold"))


def defection_cascade(
    G: nx.Graph,
    defectors: Hashable | Iterable[Hashable],
    *,
    threshold: float | Mapping[Hashable, float] | pd.Series = 0.5,
    honor: Hashable | Iterable[Hashable] | None = None,
    weight: str | None = "weight",
    max_rounds: int | None = None,
) -> pd.DataFrame:
    """Linear-threshold cascade of defections through an alliance network.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        State graph (from :func:`anet.alliance_graph`). In a directed graph the allies
        that count for state i are those that made a promise to i (arcs ``j → i``):
        when they renege, i's protection erodes.
    defectors : int or iterable of int
        States that defect first (round 0).
    threshold : float or mapping, default 0.5
        Share of allies θ_i that must have defected before state i defects: one number
        for every state, or a mapping (or Series) by ccode covering every state. Must be
        positive; a threshold above 1 means the state never follows.
    honor : int or iterable of int, optional
        States certain to honour: they never follow, whatever their threshold (a
        named scenario, as in :func:`simulate_defections`). They still count as
        allies that have not defected.
    weight : str or None, default "weight"
        Edge attribute weighting each ally (e.g. the number of shared alliances;
        positive, finite; missing = 1); ``None`` counts allies equally.
    max_rounds : int, optional
        Stop after this many rounds after the first defectors (default: until nothing
        changes).

    Returns
    -------
    pandas.DataFrame
        One row per defector, in order of defection: ``ccode``, ``round`` (0 for the
        first defectors), ``order`` (0, 1, 2, … ; within a round by ccode). ``attrs`` holds
        ``n_states``, ``n_rounds`` (last round in which a state defected) and
        ``fraction`` (defectors / states), ``defectors`` and ``honor`` (the named
        states).

    Raises
    ------
    GraphTypeError
        If `G` is not a state graph (e.g. the bipartite treaty graph), or has tuple labels.
    ParameterError
        Defectors not in `G`, thresholds missing or not positive, weights that are not
        positive finite numbers, an empty graph.

    Notes
    -----
    Rounds are synchronous. With D_t the set of defectors after round t and w_ji the
    weight of ally j's tie to i, state i ∉ D_t joins D_{t+1} when

    .. math:: \\frac{\\sum_{j \\in D_t} w_{ji}}{\\sum_{j} w_{ji}} \\geq \\theta_i

    (up to a tolerance of 1e-9, so that shares like 1/3 computed in floating point
    reach a threshold of 1/3). States with no allies (zero total weight) never defect
    unless among the first defectors. Once defected, a state stays defected, so the cascade ends after at
    most N rounds. On the complete graph K_n with s first defectors and a common threshold θ
    the cascade is total exactly when s/(n − 1) ≥ θ (every other state sees s of its n − 1
    allies defect).

    References
    ----------
    .. [1] Watts, D. J. (2002). A simple model of global cascades on random networks.
       *PNAS* 99(9), 5766–5771. https://doi.org/10.1073/pnas.082090499
    .. [2] Granovetter, M. (1978). Threshold models of collective behavior. *American
       Journal of Sociology* 83(6), 1420–1443. https://doi.org/10.1086/226707

    Examples
    --------
    When the hub of a hub-and-spoke alliance defects, every spoke loses its only ally:

    >>> import networkx as nx
    >>> G = nx.star_graph([2, 20, 200, 220])
    >>> defection_cascade(G, 2)
       ccode  round  order
    0      2      0      0
    1     20      1      1
    2    200      1      2
    3    220      1      3
    >>> len(defection_cascade(G, 20))  # one spoke defecting moves nobody
    1
    >>> defection_cascade(G, 2, honor=[220])["ccode"].tolist()  # 220 stands firm
    [2, 20, 200]
    """
    nodes = state_nodes(G, "defection_cascade")
    if max_rounds is not None:
        max_rounds = check_count(max_rounds, "max_rounds", minimum=0)
    index = {v: i for i, v in enumerate(nodes)}
    n = len(nodes)
    first: list[Any] = (
        list(cast(Iterable[Hashable], defectors)) if sequence_like(defectors) else [defectors]
    )
    unknown = [s for s in first if not isinstance(s, Hashable) or s not in index]
    if unknown:
        raise ParameterError(
            f"expected the first defectors among the graph's states; got unknown {unknown[:5]}"
        )
    theta = _thresholds(threshold, nodes)
    firm: list[Any] = (
        []
        if honor is None
        else list(cast(Iterable[Any], honor))
        if sequence_like(honor)
        else [honor]
    )
    bad = [s for s in firm if not isinstance(s, Hashable) or s not in index or s in first]
    if bad:
        raise ParameterError(
            f"expected the states in honor= among the graph's states and not among the first "
            f"defectors; got {bad[:5]}"
        )
    theta[[index[s] for s in firm]] = np.inf
    src, dst, w = _ties(G, nodes, weight)
    total = np.bincount(dst, weights=w, minlength=n)

    defected = np.zeros(n, dtype=bool)
    rounds = np.full(n, -1, dtype=np.int64)
    for s in first:
        defected[index[s]] = True
        rounds[index[s]] = 0
    t = 0
    while max_rounds is None or t < max_rounds:
        pressure = np.bincount(dst, weights=w * defected[src], minlength=n)
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(total > 0, pressure / total, 0.0)
        new = ~defected & (total > 0) & (share + _TOL >= theta)
        if not new.any():
            break
        t += 1
        defected |= new
        rounds[new] = t
    out = _result(nodes, rounds)
    out.attrs.update({"defectors": first, "honor": firm})
    return out


def _ties(
    G: nx.Graph, nodes: list[Hashable], weight: str | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Promises ``src → dst`` with their weights (both directions of an undirected tie)."""
    src, dst, w = edge_arrays(G, nodes, weight)
    if G.is_directed():
        return src, dst, w
    both_src = np.column_stack([src, dst]).ravel()
    both_dst = np.column_stack([dst, src]).ravel()
    return both_src, both_dst, np.repeat(w, 2)


def _result(nodes: list[Hashable], rounds: np.ndarray) -> pd.DataFrame:
    n = len(nodes)
    hit = np.flatnonzero(rounds >= 0)
    hit = hit[np.lexsort((hit, rounds[hit]))]
    out = pd.DataFrame(
        {
            "ccode": pd.Series(
                [nodes[i] for i in hit],
                dtype="int64" if all(isinstance(v, Integral) for v in nodes) else object,
            ),
            "round": rounds[hit],
            "order": np.arange(len(hit), dtype=np.int64),
        }
    )
    out.attrs = {
        "n_states": n,
        "n_rounds": int(rounds.max()) if len(hit) else 0,
        "fraction": len(hit) / n if n else float("nan"),
    }
    return out
