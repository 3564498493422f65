"""Alliance blocs (communities), their stability across seeds, and modularity polarization.

:func:`blocs` partitions an alliance graph into blocs by modularity
maximisation (Leiden through igraph, or Louvain through networkx), seeded and
with deterministic labels; :func:`bloc_stability` reports how much the
partition changes from seed to seed; :func:`modularity_polarization` measures how
cleanly the ties separate into communities, compared with degree-preserving random
graphs (for polarization into few, large, opposed blocs as international relations
uses the word see :func:`alliancenet.bloc_polarization`).

igraph draws random numbers from a process-wide generator. These functions give
it a private :class:`random.Random` seeded from ``rng`` for the duration of
each igraph call, under a lock (:func:`alliancenet._random.igraph_seeded`), and
hand it back to Python's :mod:`random` module afterwards (igraph's default): no
global random state is read or changed, and seeded results are the same from
threads, processes or a Dask cluster. Repeated runs (``n_sims``) each use their
own spawned generator, so they are the same for every ``n_jobs``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np
import pandas as pd

from .._docstrings import fill_doc
from .._graphs import check_state_graph
from .._parallel import run_tasks
from .._random import RNGLike, check_n_jobs, igraph_seeded, int_seed, spawn
from ._common import chunks, graph_year, node_index
from ._partitions import (
    Partition,
    canonical_labels,
    check_count,
    check_iterations,
    check_options,
    community_membership,
    mean_ari,
    modularity,
    n_blocs,
    partition_membership,
    prepare,
)

if TYPE_CHECKING:
    import igraph as ig

__all__ = ["blocs", "bloc_stability", "modularity_polarization"]


@fill_doc
def blocs(
    G: nx.Graph,
    *,
    method: str = "leiden",
    resolution: float = 1.0,
    weight: str | None = "weight",
    rng: RNGLike = None,
    n_iterations: int = -1,
) -> pd.Series:
    """Partition an alliance graph into blocs by maximising modularity.

    Parameters
    ----------
    G : networkx.Graph
        Undirected state graph (ccode nodes, strengths in `weight`); self-loops
        are ignored.
    method : {"leiden", "louvain"}, default "leiden"
        ``"leiden"``: igraph ``community_leiden(objective_function="modularity")``;
        ``"louvain"``: networkx ``louvain_communities``.
    resolution : float, default 1.0
        Resolution γ of modularity (larger → more, smaller blocs).
    {{weight}}
    {{rng}}
        One integer seed is drawn from it for the community search; the same
        seed gives the same blocs, from any thread or process.
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
        `G` is directed, not a simple networkx graph, the bipartite treaty
        graph, or has tuple node labels.
    ParameterError
        Unknown method, non-positive resolution, weights that are not positive
        finite numbers, or an `rng` numpy does not accept.

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
    check_state_graph(G, what="blocs", undirected=True)
    check_options(method, resolution)
    n_iterations = check_iterations(n_iterations)
    seed = int_seed(rng)
    nodes, h, w = prepare(G, weight)
    index = node_index(nodes, "blocs")
    membership = canonical_labels(
        community_membership(h, w, method, resolution, seed, n_iterations)
    )
    return pd.Series(membership, index=index, name="bloc", dtype="int64")


def _stability_runs(
    gens: Sequence[np.random.Generator],
    *,
    h: ig.Graph,
    w: np.ndarray | None,
    method: str,
    resolution: float,
) -> list[tuple[int, ...]]:
    """The canonical partition found by each generator's run (one task of bloc_stability)."""
    return [
        tuple(
            canonical_labels(
                community_membership(h, w, method, resolution, int_seed(g), -1)
            ).tolist()
        )
        for g in gens
    ]


@fill_doc
def bloc_stability(
    G: nx.Graph,
    *,
    n_sims: int = 1000,
    method: str = "leiden",
    resolution: float = 1.0,
    weight: str | None = "weight",
    rng: RNGLike = None,
    n_jobs: int | None = 1,
    progress: bool = False,
) -> pd.Series:
    """How much the blocs of `G` change from one seed to another.

    Parameters
    ----------
    G : networkx.Graph
        Undirected state graph.
    n_sims : int, default 1000
        Number of seeded runs of :func:`blocs` (Monte Carlo repetitions of the
        randomised community search; at least 2).
    method, resolution, weight
        As in :func:`blocs`.
    {{rng}}
        Run ``i`` uses the ``i``-th child generator spawned from it.
    {{n_jobs}}
    {{progress}}

    Returns
    -------
    pandas.Series
        ``n_sims``; ``n_distinct`` (number of different partitions found);
        ``share_modal`` (share of runs that found the most frequent partition);
        ``mean_ari`` (mean adjusted Rand index over all pairs of runs, 1 =
        always the same partition). Named by ``G.graph['year']``.

    Raises
    ------
    GraphTypeError, ParameterError
        As in :func:`blocs`; also for `n_sims` < 2 and bad `n_jobs`.

    Notes
    -----
    The adjusted Rand index (Hubert & Arabie 1985, doi:10.1007/BF01908075) of
    every pair of distinct partitions is computed at once from co-membership
    counts (equal to igraph ``compare_communities(method="adjusted_rand")`` to
    rounding); two identical partitions count as 1 (also when ARI itself is
    undefined, e.g. all singletons). With ``a`` pairs of elements together in both partitions,
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
    >>> s = anet.bloc_stability(nx.barbell_graph(5, 0), n_sims=5, rng=0)
    >>> s[["n_distinct", "share_modal", "mean_ari"]].tolist()
    [1.0, 1.0, 1.0]

    The blocs of 1985 in the bundled example data, over ten seeds:

    >>> G = anet.alliance_graph(anet.load_example(), 1985, states=anet.load_example_states())
    >>> s = anet.bloc_stability(G, n_sims=10, rng=0)
    >>> bool(0 < s["share_modal"] <= 1), bool(-1 <= s["mean_ari"] <= 1)
    (True, True)
    """
    check_state_graph(G, what="bloc_stability", undirected=True)
    check_options(method, resolution)
    n_sims = check_count(n_sims, "n_sims", 2)
    workers = check_n_jobs(n_jobs, n_sims)
    gens = spawn(rng, n_sims)
    nodes, h, w = prepare(G, weight)
    run = partial(_stability_runs, h=h, w=w, method=method, resolution=resolution)
    found = run_tasks(
        run, chunks(gens, workers), n_jobs=workers, progress=progress, desc="bloc_stability"
    )
    counts = Counter(p for task in found for p in task)
    return pd.Series(
        {
            "n_sims": float(n_sims),
            "n_distinct": float(len(counts)),
            "share_modal": max(counts.values()) / n_sims,
            "mean_ari": mean_ari(counts),
        },
        name=graph_year(G),
        dtype=float,
    )


def _null_modularity(
    gens: Sequence[np.random.Generator],
    *,
    h: ig.Graph,
    w: np.ndarray | None,
    fixed: np.ndarray | None,
    method: str,
    resolution: float,
    swaps_per_edge: int,
) -> list[float]:
    """Q of each generator's degree-preserving random graph (one task of modularity_polarization).

    Each generator draws the rewiring seed, then the permutation of the weights;
    the blocs are `fixed`, or detected again with the rewiring seed.
    """
    out = []
    for g in gens:
        seed = int_seed(g)
        r = h.copy()
        with igraph_seeded(seed):
            r.rewire(n=swaps_per_edge * h.ecount(), allowed_edge_types="simple")
        rw = None if w is None else g.permutation(w)
        mem = (
            fixed
            if fixed is not None
            else community_membership(r, rw, method, resolution, seed, -1)
        )
        out.append(modularity(r, mem, rw, resolution))
    return out


@fill_doc
def modularity_polarization(
    G: nx.Graph,
    *,
    blocs: Partition | None = None,
    n_sims: int = 1000,
    method: str = "leiden",
    resolution: float = 1.0,
    weight: str | None = "weight",
    swaps_per_edge: int = 10,
    rng: RNGLike = None,
    n_jobs: int | None = 1,
    progress: bool = False,
) -> pd.Series:
    """Modularity of the blocs, against degree-preserving random graphs.

    Parameters
    ----------
    G : networkx.Graph
        Undirected state graph.
    blocs : pandas.Series or iterable of sets, optional
        A fixed partition (e.g. from :func:`anet.blocs`, or historical camps).
        Default: detect blocs with :func:`anet.blocs` on `G` *and* on every
        random graph (the whole measurement pipeline is re-run on the null).
    n_sims : int, default 1000
        Number of random graphs (Monte Carlo repetitions of the null model; at
        least 2). The first ``k`` random graphs are the same for any
        ``n_sims >= k``.
    method, resolution, weight
        As in :func:`blocs`.
    swaps_per_edge : int, default 10
        Rewiring attempts per tie when drawing a random graph.
    {{rng}}
        The observed blocs use the first child generator spawned from it,
        random graph ``i`` the ``(i + 1)``-th.
    {{n_jobs}}
    {{progress}}

    Returns
    -------
    pandas.Series
        ``observed`` (Q of the blocs), ``null_mean`` and ``null_sd`` (mean and
        standard deviation, ddof=1, of Q over the random graphs), ``z`` =
        (observed − null_mean)/null_sd, ``normalized`` = observed − null_mean,
        ``n_blocs`` (blocs of two or more states). Named by ``G.graph['year']``.
        All NaN (n_blocs aside) when the graph has no ties; ``z`` is NaN when the
        null has no spread.

    Raises
    ------
    GraphTypeError, ParameterError
        As in :func:`blocs`; also for `n_sims` < 2, `swaps_per_edge` < 1, bad
        `n_jobs`, and a `blocs` that does not partition the graph's states.

    Notes
    -----
    The index is the weighted modularity of the bloc partition,
    ``Q = (1/2m) Σ_ij [w_ij − γ s_i s_j / 2m] δ(c_i, c_j)`` [1]_: the share of
    alliance strength inside blocs minus its expectation given each state's
    strength. It is 0 for a single bloc and approaches 1 when the graph splits
    into many disconnected camps — so many small regional pacts score high, and
    two camps tied across the divide by a few treaties (Europe on the eve of
    1914) score low. It measures community structure, not polarization into
    opposed blocs in the sense of international relations: for that, use
    :func:`alliancenet.bloc_polarization` (Esteban–Ray over the blocs'
    capability shares). This function was called ``polarization`` before.

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
    >>> p = anet.modularity_polarization(nx.barbell_graph(5, 0), n_sims=20, rng=1)
    >>> float(round(p["observed"], 6)), int(p["n_blocs"])
    (0.452381, 2)
    >>> bool(p["normalized"] > 0)
    True

    The Cold War blocs of 1985 (bundled example data) are far more modular than
    random alliance graphs with the same numbers of allies:

    >>> G = anet.alliance_graph(anet.load_example(), 1985, states=anet.load_example_states())
    >>> p = anet.modularity_polarization(G, n_sims=20, rng=0)
    >>> bool(p["z"] > 3), bool(p["observed"] > p["null_mean"])
    (True, True)
    """
    check_state_graph(G, what="modularity_polarization", undirected=True)
    check_options(method, resolution)
    n_sims = check_count(n_sims, "n_sims", 2)
    swaps_per_edge = check_count(swaps_per_edge, "swaps_per_edge", 1)
    workers = check_n_jobs(n_jobs, n_sims)
    gens = spawn(rng, n_sims + 1)
    nodes, h, w = prepare(G, weight)
    if blocs is None:
        membership = canonical_labels(
            community_membership(h, w, method, resolution, int_seed(gens[0]), -1)
        )
    else:
        membership = partition_membership(blocs, nodes)
    observed = modularity(h, membership, w, resolution)
    nulls = np.full(n_sims, np.nan)
    if h.ecount() > 0:
        null = partial(
            _null_modularity,
            h=h,
            w=w,
            fixed=None if blocs is None else membership,
            method=method,
            resolution=resolution,
            swaps_per_edge=swaps_per_edge,
        )
        tasks = chunks(gens[1:], workers)
        found = run_tasks(
            null, tasks, n_jobs=workers, progress=progress, desc="modularity_polarization"
        )
        nulls = np.array([q for task in found for q in task], dtype=float)
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
            "n_blocs": float(n_blocs(membership)),
        },
        name=graph_year(G),
        dtype=float,
    )
