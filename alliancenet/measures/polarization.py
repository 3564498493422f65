"""Polarization as international relations uses the word: few, large, opposed blocs.

:func:`bloc_polarization` measures how far the capabilities of a state system are
concentrated in few, large, opposed alliance blocs: the Esteban–Ray polarization of
the blocs' capability shares (with α = 1 the Reynal-Querol index, 1 for two blocs of
equal strength), the share and balance of the two strongest blocs (Wayman's "cluster
bipolarity") and the effective number of blocs. The modularity-based score of
:func:`alliancenet.modularity_polarization` measures something else (how cleanly the
alliance ties separate into communities, which many small regional pacts also give).

Bloc measures should see every kind of alignment: build the graph with
``obligations="any"`` (the default ``"defense"`` hides the 1914 Entente, whose
Anglo-French and Anglo-Russian ties were ententes and consultation pacts, not
defence pacts).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

import networkx as nx
import numpy as np
import pandas as pd

from .._graphs import check_state_graph, sorted_nodes
from .._random import RNGLike
from ..errors import ParameterError
from ._common import graph_year
from ._partitions import Partition, partition_membership

__all__ = ["bloc_polarization"]


def _weights(capabilities: object, nodes: list[Hashable]) -> np.ndarray:
    if capabilities is None:
        return np.ones(len(nodes))
    try:
        caps = pd.Series(capabilities, dtype=float)
    except (TypeError, ValueError) as err:
        raise ParameterError(
            f"bloc_polarization: expected capabilities as numbers by ccode (e.g. "
            f"anet.capabilities(nmc, year)); {err}"
        ) from None
    missing = [v for v in nodes if v not in caps.index or pd.isna(caps.get(v))]
    if missing:
        raise ParameterError(
            f"bloc_polarization: expected a capability for every state in the graph; "
            f"missing {missing[:5]}; fill them (e.g. .reindex(G).fillna(0)) or drop the states"
        )
    c = caps.reindex(nodes).to_numpy(dtype=float)
    if (c < 0).any() or not np.isfinite(c).all() or c.sum() <= 0:
        raise ParameterError(
            "bloc_polarization: expected finite, non-negative capabilities with a positive sum"
        )
    return c


def bloc_polarization(
    G: nx.Graph,
    *,
    capabilities: pd.Series | Mapping[Hashable, float] | None = None,
    blocs: Partition | None = None,
    alpha: float = 1.0,
    method: str = "leiden",
    resolution: float = 1.0,
    weight: str | None = "weight",
    rng: RNGLike = None,
) -> pd.Series:
    """Polarization of the state system into alliance blocs, weighted by capability.

    Parameters
    ----------
    G : networkx.Graph
        Undirected state graph, all system members as nodes. For blocs, build it with
        ``obligations="any"`` (see the module docstring).
    capabilities : pandas.Series or mapping, optional
        Capability by ccode (e.g. CINC from :func:`anet.capabilities`); every state
        needs one. Default: every state weighs 1 (shares of states).
    blocs : pandas.Series or iterable of sets, optional
        The blocs (e.g. historical camps, or :func:`anet.blocs`). Default:
        :func:`anet.blocs` on `G` with `method`, `resolution`, `weight` and `rng`;
        states without allies are blocs of their own (non-aligned poles).
    alpha : float, default 1.0
        Esteban–Ray's polarization sensitivity α in (0, 1.6]; α = 1 gives the
        Reynal-Querol index.
    method, resolution, weight
        As in :func:`anet.blocs`, when the blocs are detected.
    rng : int, numpy.random.Generator or None, default None
        Seed of the bloc detection (as in :func:`anet.blocs`); unused with `blocs`.

    Returns
    -------
    pandas.Series
        Named by ``G.graph['year']``: ``esteban_ray`` (see Notes), ``top2_share``
        (capability share of the two strongest blocs), ``top2_balance`` (the second
        bloc's capability over the first's, 1 = even), ``effective_blocs``
        (1 / Σ π_k²) and ``n_blocs`` (blocs of two or more states).

    Raises
    ------
    GraphTypeError
        `G` is directed or not a state graph.
    ParameterError
        Missing or negative capabilities, `alpha` outside (0, 1.6], a `blocs` that
        does not partition the states, bad detection options.

    Notes
    -----
    With π_k the capability share of bloc k (Σ_k π_k = 1), and all blocs at the same
    distance from one another (alliance camps are opposed or not; no bloc is "between"
    two others), Esteban & Ray's index [1]_ is

    .. math:: P_\\alpha = K \\sum_k \\sum_{l \\ne k} \\pi_k^{1+\\alpha} \\pi_l
              = K \\sum_k \\pi_k^{1+\\alpha} (1 - \\pi_k),

    scaled here with K = 2^{1+α} so that two blocs of equal capability score 1 (for
    α = 1 this is Montalvo & Reynal-Querol's index 4 Σ π_k² (1 − π_k) [2]_, whose
    maximum is that bipolar split). It is 0 for one bloc holding everything and low
    for many small blocs: it rewards a few, large, opposed blocs. ``top2_share`` is
    Wayman's cluster bipolarity [3]_ (share of capability in the two largest poles;
    pass only the major powers' capabilities — and a graph of the major powers — for
    his major-power version); ``effective_blocs`` is Laakso & Taagepera's effective
    number [4]_ applied to blocs.

    References
    ----------
    .. [1] Esteban, J.-M. & Ray, D. (1994). On the measurement of polarization.
       *Econometrica* 62(4), 819–851. https://doi.org/10.2307/2951734
    .. [2] Montalvo, J. G. & Reynal-Querol, M. (2005). Ethnic polarization, potential
       conflict, and civil wars. *American Economic Review* 95(3), 796–816.
       https://doi.org/10.1257/0002828054201468
    .. [3] Wayman, F. W. (1984). Bipolarity and war: the role of capability
       concentration and alliance patterns among major powers, 1816–1965. *Journal
       of Peace Research* 21(1), 61–78. https://doi.org/10.1177/002234338402100105
    .. [4] Laakso, M. & Taagepera, R. (1979). "Effective" number of parties.
       *Comparative Political Studies* 12(1), 3–27.
       https://doi.org/10.1177/001041407901200101

    Examples
    --------
    Two equal camps of two states each:

    >>> import networkx as nx
    >>> import alliancenet as anet
    >>> G = nx.Graph([(2, 20), (200, 220)])
    >>> p = anet.bloc_polarization(G, rng=0)
    >>> p[["esteban_ray", "top2_share", "top2_balance", "effective_blocs"]].tolist()
    [1.0, 1.0, 1.0, 2.0]

    One dominant camp is less polarized:

    >>> caps = {2: 0.5, 20: 0.3, 200: 0.1, 220: 0.1}
    >>> round(float(anet.bloc_polarization(G, capabilities=caps, rng=0)["esteban_ray"]), 3)
    0.64

    The bundled example data in 1985, all obligations, blocs by Leiden:

    >>> members, states = anet.load_example(), anet.load_example_states()
    >>> G = anet.alliance_graph(members, 1985, states=states, obligations="any")
    >>> p = anet.bloc_polarization(G, rng=0)
    >>> bool(0 < p["esteban_ray"] <= 1), int(p["n_blocs"]) >= 2
    (True, True)
    """
    check_state_graph(G, what="bloc_polarization", undirected=True)
    if isinstance(alpha, bool) or not isinstance(alpha, int | float) or not 0 < alpha <= 1.6:
        raise ParameterError(
            f"bloc_polarization: expected alpha in (0, 1.6] (Esteban & Ray's range); got {alpha!r}"
        )
    nodes = sorted_nodes(G)
    if blocs is None:
        from .blocs import blocs as detect

        membership = detect(G, method=method, resolution=resolution, weight=weight, rng=rng)
        labels = membership.reindex(nodes).to_numpy()
    else:
        labels = np.asarray(partition_membership(blocs, nodes))
    c = _weights(capabilities, nodes)
    codes, uniques = pd.factorize(pd.Series(labels), sort=True)
    sizes = np.bincount(codes, minlength=len(uniques))
    pi = np.bincount(codes, weights=c, minlength=len(uniques)) / c.sum()
    top = np.sort(pi)[::-1]
    second = top[1] if len(top) > 1 else 0.0
    a = float(alpha)
    return pd.Series(
        {
            "esteban_ray": float(2 ** (1 + a) * np.sum(pi ** (1 + a) * (1 - pi))),
            "top2_share": float(top[0] + second),
            "top2_balance": float(second / top[0]) if top[0] > 0 else float("nan"),
            "effective_blocs": float(1.0 / np.sum(pi**2)),
            "n_blocs": float((sizes >= 2).sum()),
        },
        name=graph_year(G),
        dtype=float,
    )
