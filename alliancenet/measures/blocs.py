"""Alliance blocs (communities), their stability across seeds, and bloc polarization.

:func:`blocs` partitions an alliance graph into blocs by modularity
maximisation (Leiden through igraph, or Louvain through networkx), seeded and
with deterministic labels; :func:`bloc_stability` reports how much the
partition changes from seed to seed; :func:`polarization` measures how strongly
the graph divides into blocs, compared with degree-preserving random graphs.

igraph draws random numbers from a process-wide generator. These functions give
it a private :class:`random.Random` seeded from ``rng`` for the duration of
each call and hand it back to Python's :mod:`random` module afterwards (igraph's
default), so no global random state is read or changed.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx
import numpy as np
import pandas as pd

from .._lazy import lazy_import
from .._parallel import spawn_generators
from ..errors import GraphTypeError, ParameterError
from .centrality import (
    _check_graph,
    _edge_arrays,
    _graph_year,
    _igraph_of,
    _igraph_seeded,
    _sorted_nodes,
)

# igraph imports matplotlib, which `import alliancenet` must not: load it on first use
ig = lazy_import("igraph")

__all__ = ["blocs", "bloc_stability", "polarization"]

_METHODS = ("leiden", "louvain")


def _seed_from(rng) -> int:
    """One integer seed drawn from ``np.random.default_rng(rng)``."""
    return int(np.random.default_rng(rng).integers(0, 2**32))


def _check_undirected(G, what: str) -> None:
    _check_graph(G)
    if G.is_directed():
        raise GraphTypeError(
            f"{what} needs an undirected graph; got a DiGraph; build it with "
            "anet.alliance_graph(..., directed=False) or pass G.to_undirected()"
        )


def _check_options(method: str, resolution: float) -> None:
    if method not in _METHODS:
        raise ParameterError(f"expected method in {_METHODS}; got {method!r}")
    numeric = isinstance(resolution, int | float | np.integer | np.floating)
    if (
        isinstance(resolution, bool)
        or not numeric
        or not (np.isfinite(resolution) and resolution > 0)
    ):
        raise ParameterError(
            f"expected a positive, finite resolution; got {resolution!r}; 1.0 is standard modularity"
        )


def _membership(h: ig.Graph, w, method, resolution, seed, n_iterations) -> np.ndarray:
    """Raw community membership of the vertices of `h` (edge weights `w` or None)."""
    if h.ecount() == 0:
        return np.arange(h.vcount())
    if method == "leiden":
        with _igraph_seeded(seed):
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


def _canonical(membership: np.ndarray) -> np.ndarray:
    """Relabel blocs 0, 1, ... by decreasing size, ties by first (lowest-ccode) member."""
    membership = np.asarray(membership)
    if membership.size == 0:
        return membership.astype(np.int64)
    labels, first, sizes = np.unique(membership, return_index=True, return_counts=True)
    order = np.lexsort((first, -sizes))
    new = np.empty(labels.size, dtype=np.int64)
    new[order] = np.arange(labels.size)
    return new[np.searchsorted(labels, membership)]


def _prepare(G, weight):
    nodes = _sorted_nodes(G)
    src, dst, w = _edge_arrays(G, nodes, weight)
    h = _igraph_of(len(nodes), src, dst, directed=False)
    return nodes, h, (None if weight is None else w)


def _check_iterations(n_iterations) -> int:
    if isinstance(n_iterations, bool) or not isinstance(n_iterations, int | np.integer):
        raise ParameterError(
            f"expected an integer n_iterations (negative = until stable); got {n_iterations!r}"
        )
    if n_iterations == 0:
        raise ParameterError("expected n_iterations != 0 (negative = until stable); got 0")
    return int(n_iterations)


def blocs(
    G,
    *,
    method: str = "leiden",
    resolution: float = 1.0,
    weight: str | None = "weight",
    rng=None,
    n_iterations: int = -1,
) -> pd.Series:
    """Partition an alliance graph into blocs by maximising modularity.

    Parameters
    ----------
    G : networkx.Graph
        Undirected alliance graph (ccode nodes, strengths in `weight`).
    method : {"leiden", "louvain"}, default "leiden"
        ``"leiden"``: igraph ``community_leiden(objective_function="modularity")``;
        ``"louvain"``: networkx ``louvain_communities``.
    resolution : float, default 1.0
        Resolution γ of modularity (larger → more, smaller blocs).
    weight : str or None, default "weight"
        Edge attribute with tie strengths (missing → 1); None = unweighted.
    rng : None, int, numpy.random.Generator, optional
        Seed; the same seed gives the same blocs. Normalised with
        :func:`numpy.random.default_rng`, from which one integer seed is drawn.
    n_iterations : int, default -1
        Leiden iterations; negative iterates until the partition is stable.
        Ignored by Louvain.

    Returns
    -------
    pandas.Series
        Named ``bloc``, integer labels, indexed by ``ccode`` (sorted). Bloc 0 is
        the largest; ties go to the bloc holding the lowest ccode. Isolated
        states (no ally) form singleton blocs of their own.

    Raises
    ------
    GraphTypeError
        `G` is directed or not a simple networkx graph.
    ParameterError
        Unknown method, non-positive resolution or weights.

    Notes
    -----
    Both methods search for the partition ``c`` maximising weighted modularity
    ``Q = (1/2m) Σ_ij [w_ij − γ s_i s_j / 2m] δ(c_i, c_j)`` with strengths
    ``s_i`` and total weight ``m`` [1]_. They are heuristics: different seeds can
    give different partitions of similar ``Q`` (see :func:`bloc_stability`).
    Leiden guarantees connected communities [2]_.

    References
    ----------
    .. [1] Newman, M. E. J. (2006). Modularity and community structure in
       networks. PNAS 103(23), 8577–8582. doi:10.1073/pnas.0601602103
    .. [2] Traag, V. A., Waltman, L., & van Eck, N. J. (2019). From Louvain to
       Leiden: guaranteeing well-connected communities. Scientific Reports 9,
       5233. doi:10.1038/s41598-019-41695-z
    .. [3] Blondel, V. D., Guillaume, J.-L., Lambiotte, R., & Lefebvre, E.
       (2008). Fast unfolding of communities in large networks. J. Stat. Mech.
       P10008. doi:10.1088/1742-5468/2008/10/P10008

    Examples
    --------
    >>> import networkx as nx
    >>> import alliancenet as anet
    >>> G = nx.barbell_graph(5, 0)  # two five-state cliques joined by one tie
    >>> anet.blocs(G, rng=1).tolist()
    [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]

    In 1985 (bundled example data) the United States and the Soviet Union lead
    different blocs, and Poland sits in the Soviet one:

    >>> G = anet.alliance_graph(anet.load_example(), 1985, states=anet.load_example_states())
    >>> b = anet.blocs(G, rng=0)
    >>> bool(b[2] != b[365]), bool(b[290] == b[365])
    (True, True)
    """
    _check_undirected(G, "blocs")
    _check_options(method, resolution)
    n_iterations = _check_iterations(n_iterations)
    nodes, h, w = _prepare(G, weight)
    membership = _canonical(_membership(h, w, method, resolution, _seed_from(rng), n_iterations))
    return pd.Series(membership, index=pd.Index(nodes, name="ccode"), name="bloc", dtype="int64")


def bloc_stability(
    G,
    *,
    n_runs: int = 20,
    method: str = "leiden",
    resolution: float = 1.0,
    weight: str | None = "weight",
    rng=None,
) -> pd.Series:
    """How much the blocs of `G` change from one seed to another.

    Parameters
    ----------
    G : networkx.Graph
        Undirected alliance graph.
    n_runs : int, default 20
        Number of seeded runs of :func:`blocs` (at least 2).
    method, resolution, weight
        As in :func:`blocs`.
    rng : None, int, numpy.random.Generator, optional
        Seed; the runs use child generators spawned from it.

    Returns
    -------
    pandas.Series
        ``n_runs``; ``n_distinct`` (number of different partitions found);
        ``share_modal`` (share of runs that found the most frequent partition);
        ``mean_ari`` (mean adjusted Rand index over all pairs of runs, 1 =
        always the same partition). Named by ``G.graph['year']``.

    Notes
    -----
    The adjusted Rand index (Hubert & Arabie 1985, doi:10.1007/BF01908075) is
    computed with igraph ``compare_communities(method="adjusted_rand")``; two identical
    partitions count as 1 (also when ARI itself is undefined, e.g. all
    singletons). With ``a`` pairs of elements together in both partitions,
    ``b``, ``c`` together in only one, ``d`` apart in both and ``N = a+b+c+d``:
    ``ARI = (a − E) / ((2a + b + c)/2 − E)`` with
    ``E = (a + b)(a + c) / N``.

    References
    ----------
    .. [1] Hubert, L., & Arabie, P. (1985). Comparing partitions. Journal of
       Classification 2, 193–218. doi:10.1007/BF01908075
    .. [2] Traag, V. A., Waltman, L., & van Eck, N. J. (2019). From Louvain to
       Leiden: guaranteeing well-connected communities. Scientific Reports 9,
       5233. doi:10.1038/s41598-019-41695-z

    Examples
    --------
    >>> import networkx as nx
    >>> import alliancenet as anet
    >>> s = anet.bloc_stability(nx.barbell_graph(5, 0), n_runs=5, rng=0)
    >>> s[["n_distinct", "share_modal", "mean_ari"]].tolist()
    [1.0, 1.0, 1.0]

    The blocs of 1985 in the bundled example data, over ten seeds:

    >>> G = anet.alliance_graph(anet.load_example(), 1985, states=anet.load_example_states())
    >>> s = anet.bloc_stability(G, n_runs=10, rng=0)
    >>> bool(0 < s["share_modal"] <= 1), bool(-1 <= s["mean_ari"] <= 1)
    (True, True)
    """
    _check_undirected(G, "bloc_stability")
    _check_options(method, resolution)
    if isinstance(n_runs, bool) or not isinstance(n_runs, int | np.integer) or n_runs < 2:
        raise ParameterError(f"expected an integer n_runs >= 2; got {n_runs!r}")
    nodes, h, w = _prepare(G, weight)
    runs = [
        tuple(_canonical(_membership(h, w, method, resolution, _seed_from(g), -1)).tolist())
        for g in spawn_generators(rng, int(n_runs))
    ]
    counts = Counter(runs)
    parts = list(counts)
    total, pairs = 0.0, 0
    for i, a in enumerate(parts):
        ca = counts[a]
        total += ca * (ca - 1) / 2  # identical pairs: ARI = 1
        pairs += ca * (ca - 1) // 2
        for b in parts[i + 1 :]:
            ari = ig.compare_communities(list(a), list(b), method="adjusted_rand")
            total += ca * counts[b] * ari
            pairs += ca * counts[b]
    return pd.Series(
        {
            "n_runs": float(n_runs),
            "n_distinct": float(len(counts)),
            "share_modal": max(counts.values()) / n_runs,
            "mean_ari": total / pairs,
        },
        name=_graph_year(G),
        dtype=float,
    )


def _n_blocs(membership: np.ndarray) -> int:
    """Number of blocs with at least two states."""
    if membership.size == 0:
        return 0
    return int((np.bincount(membership) >= 2).sum())


def _partition_membership(partition, nodes) -> np.ndarray:
    """Integer membership aligned with `nodes` from a Series or an iterable of node groups."""
    if isinstance(partition, pd.Series):
        missing = [v for v in nodes if v not in partition.index]
        if missing:
            raise ParameterError(
                f"expected a bloc label for every state in the graph; got none for {missing[:5]}; "
                "pass anet.blocs(G) or a Series indexed by every ccode"
            )
        labels = partition.loc[list(nodes)]
        if labels.isna().any():
            raise ParameterError(
                f"expected a bloc label for every state; got missing labels for "
                f"{labels.index[labels.isna()].tolist()[:5]}; give isolates their own bloc"
            )
        labels = labels.to_numpy()
        _, membership = np.unique(labels.astype(str), return_inverse=True)
        return membership.astype(np.int64)
    pos = {v: i for i, v in enumerate(nodes)}
    membership = np.full(len(nodes), -1, dtype=np.int64)
    for k, group in enumerate(partition):
        for v in group:
            if v not in pos:
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


def _modularity(h: ig.Graph, membership, w, resolution) -> float:
    if h.ecount() == 0:
        return float("nan")
    return float(
        h.modularity(
            list(map(int, membership)),
            weights=None if w is None else list(map(float, w)),
            resolution=resolution,
        )
    )


def polarization(
    G,
    *,
    blocs=None,
    n_null: int = 100,
    method: str = "leiden",
    resolution: float = 1.0,
    weight: str | None = "weight",
    swaps_per_edge: int = 10,
    rng=None,
) -> pd.Series:
    """Bloc polarization: modularity of the blocs, against degree-preserving random graphs.

    Parameters
    ----------
    G : networkx.Graph
        Undirected alliance graph.
    blocs : pandas.Series or iterable of sets, optional
        A fixed partition (e.g. from :func:`anet.blocs`, or historical camps).
        Default: detect blocs with :func:`anet.blocs` on `G` *and* on every
        random graph (the whole measurement pipeline is re-run on the null).
    n_null : int, default 100
        Number of random graphs.
    method, resolution, weight
        As in :func:`blocs`.
    swaps_per_edge : int, default 10
        Rewiring attempts per tie when drawing a random graph.
    rng : None, int, numpy.random.Generator, optional
        Seed; observed blocs and each random graph use child generators spawned
        from it.

    Returns
    -------
    pandas.Series
        ``observed`` (Q of the blocs), ``null_mean`` and ``null_sd`` (mean and
        standard deviation, ddof=1, of Q over the random graphs), ``z`` =
        (observed − null_mean)/null_sd, ``normalized`` = observed − null_mean,
        ``n_blocs`` (blocs of two or more states). Named by ``G.graph['year']``.
        All NaN (n_blocs aside) when the graph has no ties; ``z`` is NaN when the
        null has no spread.

    Notes
    -----
    The index is the weighted modularity of the bloc partition,
    ``Q = (1/2m) Σ_ij [w_ij − γ s_i s_j / 2m] δ(c_i, c_j)`` [1]_: the share of
    alliance strength inside blocs minus its expectation given each state's
    strength. It is 0 for a single bloc and approaches 1 when the graph splits
    into many disconnected camps. (Maoz's network polarization index is
    related but its exact formula could not be verified, so it is not offered.)

    Structural polarization scores are high even on random graphs with the same
    degrees, so the score is compared with a null model [2]_: each random graph
    rewires the ties of `G` by double edge swaps (igraph ``rewire``,
    ``swaps_per_edge × m`` attempts, no self-loops or multi-ties), which keeps
    every state's number of allies, and gives the observed tie strengths to the
    rewired ties in random order. ``normalized`` subtracts the null expectation
    as Salloum et al. recommend; ``z`` also divides by the null's spread.

    References
    ----------
    .. [1] Newman, M. E. J. (2006). Modularity and community structure in
       networks. PNAS 103(23), 8577–8582. doi:10.1073/pnas.0601602103
    .. [2] Salloum, A., Chen, T. H. Y., & Kivelä, M. (2022). Separating
       polarization from noise: comparison and normalization of structural
       polarization measures. Proc. ACM Hum.-Comput. Interact. 6(CSCW1),
       article 115. doi:10.1145/3512962

    Examples
    --------
    >>> import networkx as nx
    >>> import alliancenet as anet
    >>> p = anet.polarization(nx.barbell_graph(5, 0), n_null=20, rng=1)
    >>> float(round(p["observed"], 6)), int(p["n_blocs"])
    (0.452381, 2)
    >>> bool(p["normalized"] > 0)
    True

    The Cold War blocs of 1985 (bundled example data) are far more modular than
    random alliance graphs with the same numbers of allies:

    >>> G = anet.alliance_graph(anet.load_example(), 1985, states=anet.load_example_states())
    >>> p = anet.polarization(G, n_null=20, rng=0)
    >>> bool(p["z"] > 3), bool(p["observed"] > p["null_mean"])
    (True, True)
    """
    _check_undirected(G, "polarization")
    _check_options(method, resolution)
    if isinstance(n_null, bool) or not isinstance(n_null, int | np.integer) or n_null < 2:
        raise ParameterError(f"expected an integer n_null >= 2; got {n_null!r}")
    if (
        isinstance(swaps_per_edge, bool)
        or not isinstance(swaps_per_edge, int | np.integer)
        or swaps_per_edge < 1
    ):
        raise ParameterError(f"expected an integer swaps_per_edge >= 1; got {swaps_per_edge!r}")
    nodes, h, w = _prepare(G, weight)
    gens = spawn_generators(rng, int(n_null) + 1)
    if blocs is None:
        membership = _canonical(_membership(h, w, method, resolution, _seed_from(gens[0]), -1))
    else:
        membership = _partition_membership(blocs, nodes)
    observed = _modularity(h, membership, w, resolution)
    nulls = np.full(int(n_null), np.nan)
    if h.ecount() > 0:
        for i, g in enumerate(gens[1:]):
            seed = _seed_from(g)
            r = h.copy()
            with _igraph_seeded(seed):
                r.rewire(n=int(swaps_per_edge) * h.ecount(), allowed_edge_types="simple")
            rw = None if w is None else g.permutation(w)
            mem = (
                membership
                if blocs is not None
                else _membership(r, rw, method, resolution, seed, -1)
            )
            nulls[i] = _modularity(r, mem, rw, resolution)
    mean = float(np.mean(nulls))
    sd = float(np.std(nulls, ddof=1))
    z = (observed - mean) / sd if sd > 0 else float("nan")
    return pd.Series(
        {
            "observed": observed,
            "null_mean": mean,
            "null_sd": sd,
            "z": z,
            "normalized": observed - mean,
            "n_blocs": float(_n_blocs(membership)),
        },
        name=_graph_year(G),
        dtype=float,
    )
