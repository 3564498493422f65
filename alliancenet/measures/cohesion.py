"""Graph-level cohesion of alliance networks: density, clustering, components, cores, blocs.

:func:`cohesion` returns the figures of one yearly graph as a
:class:`pandas.Series`; :func:`cohesion_panel` returns them for every year as a
tidy long table (``year, measure, value``) ready for ``seaborn.lineplot``.
Nothing here raises on an empty, edgeless or single-state graph: figures that
are undefined there (0/0) are NaN.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

import networkx as nx
import numpy as np
import pandas as pd

from .._docstrings import fill_doc
from .._graphs import check_state_graph, edge_arrays, sorted_nodes
from .._parallel import run_tasks
from .._random import RNGLike, int_seed, spawn
from ..errors import ParameterError
from ._common import Graphs, graph_year, igraph_of, panel_items
from ._partitions import (
    Partition,
    canonical_labels,
    community_membership,
    n_blocs,
    partition_membership,
)

__all__ = ["cohesion", "cohesion_panel"]

MEASURES: tuple[str, ...] = (
    "density",
    "transitivity",
    "average_clustering",
    "n_components",
    "lcc_fraction",
    "degeneracy",
    "allied_fraction",
    "modularity",
    "n_blocs",
)


def _undirected(G: nx.Graph, weight: str | None) -> nx.Graph:
    """`G` as a simple undirected graph without self-loops (arc pairs: the larger weight)."""
    key = "weight" if weight is None else weight
    U = nx.Graph()
    U.add_nodes_from(G.nodes)
    for u, v, d in G.edges(data=True):
        if u == v:
            continue
        w = 1.0 if weight is None else float(d.get(key, 1.0))  # validated by edge_arrays
        if U.has_edge(u, v):
            w = max(w, U[u][v][key])
        U.add_edge(u, v, **{key: w})
    return U


def _density(n: int, ties: int, directed: bool) -> float:
    """networkx's density, counting ties without self-loops."""
    if n < 2:
        return float("nan")
    d = ties / (n * (n - 1))
    return float(d if directed else 2 * d)


def _transitivity(U: nx.Graph) -> float:
    tri = sum(nx.triangles(U).values())  # 3 x number of triangles
    triples = sum(d * (d - 1) / 2 for _, d in U.degree())
    return tri / triples if triples else float("nan")


@fill_doc
def cohesion(
    G: nx.Graph,
    *,
    blocs: Partition | None = None,
    weight: str | None = "weight",
    rng: RNGLike = None,
) -> pd.Series:
    """Cohesion figures of one alliance graph.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        State graph; keep isolated system members as nodes (they count in
        ``n``). Self-loops are ignored (they count in no figure).
    blocs : pandas.Series or iterable of sets, optional
        Partition for ``modularity`` and ``n_blocs``: a Series of bloc labels
        indexed by ccode (as from :func:`anet.blocs`) or groups of ccodes.
        Default: ``anet.blocs(G, rng=rng)`` (Leiden, modularity).
    weight : str or None, default "weight"
        Edge strengths for modularity and bloc detection (positive, finite;
        missing = 1); None = unweighted.
    {{rng}}
        Seeds the bloc detection (one integer seed is drawn from it).

    Returns
    -------
    pandas.Series
        Float figures named by ``G.graph['year']``, index:

        - ``density``: ``2m / (n(n−1))`` (``m / (n(n−1))`` if directed); NaN if n < 2.
        - ``transitivity``: ``3 × triangles / connected triples``; NaN without triples.
        - ``average_clustering``: mean local clustering, 0 for states with fewer
          than two allies (networkx ``average_clustering``, unweighted); NaN if n = 0.
        - ``n_components``: connected components, isolates included.
        - ``lcc_fraction``: share of states in the largest component; NaN if n = 0.
        - ``degeneracy``: largest ``k`` with a non-empty k-core; NaN if n = 0.
        - ``allied_fraction``: share of states with at least one ally; NaN if n = 0.
        - ``modularity``: weighted ``Q`` of the blocs; NaN without ties.
        - ``n_blocs``: blocs of two or more states (isolates' singleton blocs
          are not counted).

    Raises
    ------
    GraphTypeError
        `G` is not a simple networkx state graph (e.g. a multigraph or the
        bipartite treaty graph).
    ParameterError
        `blocs` does not partition the graph's states; weights that are not
        positive, finite numbers.

    Notes
    -----
    For a directed graph, density counts arcs; every other figure uses the
    undirected graph with a tie wherever there is an arc (weight: the larger
    of the two arcs). Modularity is
    ``Q = (1/2m) Σ_ij [w_ij − s_i s_j / 2m] δ(c_i, c_j)`` (Newman 2006,
    doi:10.1073/pnas.0601602103); transitivity and clustering follow Wasserman
    & Faust (1994) and Watts & Strogatz (1998, doi:10.1038/30918); k-cores
    follow Seidman (1983, doi:10.1016/0378-8733(83)90028-X).
    Local clustering of state ``v`` with ``k_v ≥ 2`` allies and ``t_v``
    triangles is ``2 t_v / (k_v (k_v − 1))``; the degeneracy is
    ``max_v core(v)``.

    References
    ----------
    .. [1] Newman, M. E. J. (2006). Modularity and community structure in
       networks. PNAS 103(23), 8577–8582. doi:10.1073/pnas.0601602103
    .. [2] Watts, D. J., & Strogatz, S. H. (1998). Collective dynamics of
       'small-world' networks. Nature 393, 440–442. doi:10.1038/30918
    .. [3] Seidman, S. B. (1983). Network structure and minimum degree. Social
       Networks 5(3), 269–287. doi:10.1016/0378-8733(83)90028-X
    .. [4] Wasserman, S., & Faust, K. (1994). Social Network Analysis: Methods
       and Applications. Cambridge University Press. doi:10.1017/CBO9780511815478

    Examples
    --------
    >>> import networkx as nx
    >>> import alliancenet as anet
    >>> c = anet.cohesion(nx.barbell_graph(5, 0), rng=1)
    >>> c[["density", "transitivity", "modularity"]].round(6).tolist()
    [0.466667, 0.882353, 0.452381]
    >>> c[["n_components", "degeneracy", "n_blocs"]].tolist()
    [1.0, 4.0, 2.0]

    The defence-pact network of 1985 in the bundled example data:

    >>> G = anet.alliance_graph(anet.load_example(), 1985, states=anet.load_example_states())
    >>> c = anet.cohesion(G, rng=0)
    >>> c.name
    1985
    >>> bool(0 < c["density"] < c["allied_fraction"] < 1), bool(c["n_blocs"] >= 3)
    (True, True)
    """
    check_state_graph(G, what="cohesion")
    nodes = sorted_nodes(G)
    ties = edge_arrays(G, nodes, weight)[0].size  # validates weights; skips self-loops
    U = _undirected(G, weight) if G.is_directed() or nx.number_of_selfloops(G) else G
    n = U.number_of_nodes()
    out = dict.fromkeys(MEASURES, float("nan"))
    out["density"] = _density(n, ties, G.is_directed())
    out["transitivity"] = _transitivity(U)
    out["n_components"] = float(nx.number_connected_components(U))
    out["n_blocs"] = 0.0
    if n:
        out["average_clustering"] = nx.average_clustering(U)
        out["lcc_fraction"] = max(len(c) for c in nx.connected_components(U)) / n
        out["degeneracy"] = float(max(nx.core_number(U).values()))
        out["allied_fraction"] = sum(1 for _, d in U.degree() if d > 0) / n
        src, dst, w = edge_arrays(U, nodes, weight)
        h = igraph_of(n, src, dst, directed=False)
        weights = None if weight is None else w
        if blocs is None:
            membership = canonical_labels(
                community_membership(h, weights, "leiden", 1.0, int_seed(rng), -1)
            )
        else:
            membership = partition_membership(blocs, nodes)
        if h.ecount():
            out["modularity"] = float(
                h.modularity(
                    list(map(int, membership)), weights=None if weights is None else list(weights)
                )
            )
        out["n_blocs"] = float(n_blocs(membership))
    return pd.Series(out, name=graph_year(G), dtype=float)


def _cohesion_year(
    task: tuple[tuple[int, nx.Graph], Partition | None, np.random.Generator],
    weight: str | None,
) -> pd.DataFrame:
    """One year's figures as rows year, measure, value (one task of cohesion_panel)."""
    (year, G), part, g = task
    s = cohesion(G, blocs=part, weight=weight, rng=g)
    return pd.DataFrame({"year": year, "measure": list(s.index), "value": s.to_numpy(dtype=float)})


@fill_doc
def cohesion_panel(
    graphs: Graphs,
    *,
    blocs: Mapping[int, Partition] | None = None,
    weight: str | None = "weight",
    rng: RNGLike = None,
    n_jobs: int | None = 1,
    progress: bool = False,
) -> pd.DataFrame:
    """Cohesion figures for every year of a panel, as a tidy long table.

    Parameters
    ----------
    graphs : dict of int to networkx.Graph, or iterable of graphs
        Yearly graphs (e.g. :func:`anet.alliance_graphs`); graphs outside a dict
        must carry ``G.graph['year']``.
    blocs : dict of int to partition, optional
        Fixed partitions by year (see :func:`cohesion`); years not in it (or
        all years, by default) detect blocs.
    weight
        As in :func:`cohesion`.
    {{rng}}
        The years get child generators spawned from it, in the order of `graphs`.
    {{n_jobs}}
    {{progress}}

    Returns
    -------
    pandas.DataFrame
        Columns ``year`` (int64), ``measure`` (str), ``value`` (float); years in
        the order of `graphs`, the figures of ``MEASURES`` within each. The
        same for every `n_jobs`.

    Raises
    ------
    GraphTypeError, ParameterError
        As in :func:`cohesion`; ParameterError also when `blocs` is not a dict.

    Notes
    -----
    Each year's figures are those of :func:`cohesion` (formulas there), with
    that year's ``n``. Bloc detection in the ``t``-th year of the panel uses the
    ``t``-th child generator spawned from `rng` (``SeedSequence.spawn``): the
    same panel and seed give the same figures, and a year's blocs depend on its
    position in the panel, never on the other years' graphs.

    References
    ----------
    .. [1] Newman, M. E. J. (2006). Modularity and community structure in
       networks. PNAS 103(23), 8577–8582. doi:10.1073/pnas.0601602103
    .. [2] Traag, V. A., Waltman, L., & van Eck, N. J. (2019). From Louvain to
       Leiden: guaranteeing well-connected communities. Scientific Reports 9,
       5233. doi:10.1038/s41598-019-41695-z

    Examples
    --------
    >>> import networkx as nx
    >>> import alliancenet as anet
    >>> panel = {1990: nx.empty_graph(3), 1991: nx.complete_graph(3)}
    >>> t = anet.cohesion_panel(panel, rng=0)
    >>> t.query("measure == 'density'")["value"].tolist()
    [0.0, 1.0]

    With the bundled example data, one row per year and figure:

    >>> members, states = anet.load_example(), anet.load_example_states()
    >>> panel = anet.alliance_graphs(members, range(1946, 1992), states=states)
    >>> t = anet.cohesion_panel(panel, rng=0)
    >>> t.pivot(index="year", columns="measure", values="value").shape
    (46, 9)
    """
    if blocs is not None and not isinstance(blocs, Mapping):
        raise ParameterError(
            f"expected blocs as a dict year -> partition; got {type(blocs).__name__}; "
            "wrap a single partition as {year: partition}"
        )
    items = panel_items(graphs, "cohesion_panel")
    tasks = [
        (item, None if blocs is None else blocs.get(item[0]), g)
        for item, g in zip(items, spawn(rng, len(items)), strict=True)
    ]
    frames = run_tasks(
        partial(_cohesion_year, weight=weight),
        tasks,
        n_jobs=n_jobs,
        progress=progress,
        desc="cohesion_panel",
    )
    if not frames:
        return pd.DataFrame(
            {
                "year": pd.Series(dtype="int64"),
                "measure": pd.Series(dtype="str"),
                "value": pd.Series(dtype=float),
            }
        )
    out = pd.concat(frames, ignore_index=True)
    out["year"] = out["year"].astype("int64")
    return out
