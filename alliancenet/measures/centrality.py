"""Node centrality in alliance graphs, one column per measure, indexed by ``ccode``.

:func:`centrality` computes the usual node measures of a yearly alliance graph
(degree, strength, eigenvector, betweenness, closeness, PageRank, core number)
and returns them as one :class:`pandas.DataFrame` indexed by ``ccode``;
:func:`centrality_panel` does the same for every year of a panel and returns a
tidy long table. Values equal those of the networkx function of the same name
(the tests check this on random weighted graphs); igraph computes the
path-based measures because it is much faster, except betweenness of undirected
graphs with whole-number lengths, which a kernel compiled at install computes
faster still (one Brandes pass per class of twins, states whose ties are the
same; see ``measures/_kernels.py``).

Alliance weights are *strengths* (the number of alliances two states share), but
shortest-path algorithms read weights as *lengths*. Betweenness and closeness
therefore convert weights to distances explicitly (``distance=``); every other
measure uses the weights as strengths.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

import networkx as nx
import numpy as np
import pandas as pd

from .._docstrings import fill_doc
from .._graphs import check_state_graph
from .._parallel import run_tasks
from ..errors import GraphTypeError, ParameterError
from ..schema import CENTRALITY_MEASURES
from ._centrality_measures import COMPUTE, Context
from ._common import Graphs, panel_items

__all__ = ["centrality", "centrality_panel"]

_DIRECTED_ONLY = ("in_degree", "out_degree", "in_strength", "out_strength")
_DIRECTED_DEFAULT = (
    "in_degree",
    "out_degree",
    "in_strength",
    "out_strength",
    "betweenness",
    "closeness",
    "pagerank",
    "core_number",
)
_DISTANCES = ("inverse", "complement", None)
_BACKENDS = ("auto", "igraph", "networkx")


def _resolve_measures(measures: str | Iterable[str] | None, directed: bool) -> list[str]:
    if measures is None:
        return list(_DIRECTED_DEFAULT if directed else CENTRALITY_MEASURES)
    if isinstance(measures, str):
        measures = [measures]
    if not isinstance(measures, Iterable):
        raise ParameterError(
            f"expected a measure name or a list of them; got {measures!r}; "
            f"choose among {sorted(COMPUTE)}"
        )
    measures = list(measures)
    unknown = [m for m in measures if not isinstance(m, str) or m not in COMPUTE]
    if unknown:
        raise ParameterError(
            f"expected measures among {sorted(COMPUTE)}; got unknown {unknown}; "
            "fix the spelling or leave measures=None for all of them"
        )
    if not directed:
        wrong = [m for m in measures if m in _DIRECTED_ONLY]
        if wrong:
            raise GraphTypeError(
                f"{wrong} need a directed graph; got an undirected one; use 'degree' / "
                "'strength', or build the graph with directed=True"
            )
    if len(set(measures)) != len(measures):
        raise ParameterError(f"expected each measure once; got {measures}")
    return measures


@fill_doc
def centrality(
    G: nx.Graph,
    measures: str | Iterable[str] | None = None,
    *,
    weight: str | None = "weight",
    distance: str | None = "inverse",
    normalized: bool = True,
    backend: str = "auto",
) -> pd.DataFrame:
    """Node centralities of an alliance graph, one column per measure.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        A state graph (e.g. from :func:`anet.alliance_graph`): nodes are
        ccodes; edge attribute `weight` is the number of shared alliances.
        Self-loops are ignored (a state is not its own ally).
    measures : str or list of str, optional
        Any of ``"degree"``, ``"strength"``, ``"eigenvector"``, ``"betweenness"``,
        ``"closeness"``, ``"pagerank"``, ``"core_number"`` and, for directed
        graphs, ``"in_degree"``, ``"out_degree"``, ``"in_strength"``,
        ``"out_strength"``. Default: all that apply (directed graphs: the
        in/out variants instead of degree/strength, and no eigenvector).
    weight : str or None, default "weight"
        Edge attribute holding tie strengths (positive, finite; missing → 1).
        None treats every tie as strength 1 (and betweenness/closeness then
        count hops).
    distance : {"inverse", "complement", None}, default "inverse"
        How strengths become lengths for betweenness and closeness:
        ``"inverse"`` → ``1 / w``; ``"complement"`` → ``max(w) + 1 − w``;
        None → every tie has length 1 (hop counts).
    normalized : bool, default True
        Scale degree by ``1/(n−1)`` and betweenness by ``2/((n−1)(n−2))``
        (``1/((n−1)(n−2))`` if directed), as networkx does. Closeness, PageRank
        and eigenvector centrality are always on their usual scales.
    backend : {"auto", "igraph", "networkx"}, default "auto"
        Engine of betweenness, closeness, PageRank and core number. ``"auto"``
        uses igraph (fast; for undirected betweenness with whole-number
        lengths, the kernel compiled at install where it was built) and
        ``"igraph"`` too; ``"networkx"`` calls networkx's functions (a
        reference; its PageRank needs scipy). All give the same values.

    Returns
    -------
    pandas.DataFrame
        Index ``ccode`` (exactly the graph's nodes, sorted), one float column per
        measure in the order requested.

    Raises
    ------
    GraphTypeError
        `G` is not a simple networkx state graph (a multigraph, the bipartite
        treaty graph, tuple node labels); eigenvector centrality or an
        undirected measure is asked of the wrong kind of graph.
    ParameterError
        Unknown measure, `distance` or `backend`; weights that are not positive,
        finite numbers.

    Notes
    -----
    With ``n`` nodes, edge strengths ``w_uv`` and shortest-path lengths ``d``
    (self-loops are not ties and count nowhere):

    - degree: ``deg(v) / (n − 1)`` (networkx ``degree_centrality``; a lone node
      gets 1); strength: ``s(v) = Σ_u w_uv``.
    - eigenvector: the leading eigenvector ``x`` of the weighted adjacency
      matrix, ``‖x‖₂ = 1``. On a connected graph this is the Perron vector,
      equal to networkx ``eigenvector_centrality``. On a disconnected graph it
      is the limit of networkx's power iteration (on ``W + I`` from the
      all-ones vector): ``x ∝ Σ_c (1·v_c) v_c`` over the components ``c`` whose
      leading eigenvalue equals the graph's largest, with ``v_c`` their unit
      Perron vectors; states in other components get 0. Each component's
      eigenpair is computed directly (igraph's eigensolver), so the result
      never depends on power iteration converging; an edgeless graph gives
      ``1/√n`` to every state.
    - betweenness: ``Σ_{s≠v≠t} σ_st(v)/σ_st`` times the normalisation above;
      closeness: ``(r − 1)/Σ_u d(u, v) · (r − 1)/(n − 1)`` where ``r`` counts the
      states that reach ``v`` (networkx ``closeness_centrality`` with the
      Wasserman–Faust correction; incoming paths for directed graphs; 0 for
      isolates). Both use lengths from `distance`, never raw strengths. For
      ``"inverse"`` with integer weights the lengths are computed exactly, as
      ``L/w`` with ``L`` the least common multiple of the weights (and closeness
      rescaled by ``L``), so paths of equal length tie exactly; networkx given
      floating-point ``1/w`` can miss such ties (``1/2 + 1/3 + 1/3`` and
      ``1 + 1/6`` differ in the last bit).
    - pagerank: damping 0.85, weights as strengths, dangling mass spread
      uniformly (networkx ``pagerank``); core_number: largest ``k`` such that
      the state is in the k-core (unweighted; in+out degree if directed).

    References
    ----------
    .. [1] Freeman, L. C. (1978). Centrality in social networks: conceptual
       clarification. Social Networks 1(3), 215–239. doi:10.1016/0378-8733(78)90021-7
    .. [2] Opsahl, T., Agneessens, F., & Skvoretz, J. (2010). Node centrality in
       weighted networks: generalizing degree and shortest paths. Social
       Networks 32(3), 245–251. doi:10.1016/j.socnet.2010.03.006
    .. [3] Brin, S., & Page, L. (1998). The anatomy of a large-scale hypertextual
       web search engine. Computer Networks and ISDN Systems 30, 107–117.
       doi:10.1016/S0169-7552(98)00110-X

    Examples
    --------
    >>> import networkx as nx
    >>> import pandas as pd
    >>> import alliancenet as anet
    >>> G = nx.star_graph(4)  # a hub (0) allied with four states
    >>> c = anet.centrality(G)
    >>> c.loc[0, ["degree", "betweenness", "closeness"]].tolist()
    [1.0, 1.0, 1.0]
    >>> c.loc[0, ["eigenvector", "pagerank"]].round(6).tolist()
    [0.707107, 0.475676]

    The defence-pact network of 1985 in the bundled example data; the United
    States (ccode 2) has the most allies:

    >>> members, states = anet.load_example(), anet.load_example_states()
    >>> G = anet.alliance_graph(members, 1985, states=states)
    >>> c = anet.centrality(G, ["degree", "betweenness", "pagerank"])
    >>> c.index.equals(pd.Index(sorted(G), name="ccode"))
    True
    >>> int(c["degree"].idxmax()), int(c["betweenness"].idxmax())
    (2, 2)
    """
    ctx, data = _values(G, measures, weight, distance, normalized, backend)
    return pd.DataFrame(data, index=ctx.index, columns=list(data))


def _values(
    G: nx.Graph,
    measures: str | Iterable[str] | None,
    weight: str | None,
    distance: str | None,
    normalized: bool,
    backend: str,
    *,
    checked: bool = False,
) -> tuple[Context, dict[str, np.ndarray]]:
    """The graph read once (Context) and each measure's values in node order.

    `checked`: `G` has passed :func:`check_state_graph` already (the panels check
    every graph up front, naming the panel function in the error).
    """
    if not checked:
        check_state_graph(G, what="centrality")
    if distance not in _DISTANCES:
        raise ParameterError(
            f"expected distance in {_DISTANCES}; got {distance!r}; 'inverse' uses 1/weight"
        )
    if backend not in _BACKENDS:
        raise ParameterError(f"expected backend in {_BACKENDS}; got {backend!r}")
    names = _resolve_measures(measures, G.is_directed())
    engine = "igraph" if backend == "auto" else backend
    ctx = Context(G, weight, distance, bool(normalized), engine)
    return ctx, {m: np.asarray(COMPUTE[m](ctx), dtype=float) for m in names}


#: One year of centrality_panel: year, ccode and value columns, and the measures in row order.
_Part = tuple[np.ndarray, np.ndarray, tuple[str, ...], np.ndarray]


def _long(year: int, ctx: Context, data: dict[str, np.ndarray]) -> _Part:
    """One year's centralities as the columns year, ccode, value (no table built) and
    the measure names in the order of the rows (each name repeated once per state)."""
    n, k = ctx.n, len(data)
    return (
        np.full(n * k, year, dtype=np.int64),
        np.tile(ctx.labels(), k),
        tuple(data),
        np.concatenate(list(data.values())) if data else np.zeros(0),
    )


def _measure_column(parts: list[_Part]) -> pd.api.extensions.ExtensionArray:
    """The ``measure`` column of the joined parts (str), built from one code per row."""
    names: dict[str, int] = {}
    codes = [
        np.repeat(
            np.array([names.setdefault(m, len(names)) for m in measures], dtype=np.int64),
            year.size // max(len(measures), 1),
        )
        for year, _, measures, _ in parts
    ]
    return pd.array(list(names), dtype="str").take(np.concatenate(codes))


def _centrality_year(
    item: tuple[int, nx.Graph],
    *,
    measures: str | Iterable[str] | None,
    weight: str | None,
    distance: str | None,
    normalized: bool,
    backend: str,
) -> _Part:
    """One year's centralities as long columns (one task of centrality_panel)."""
    year, G = item
    ctx, data = _values(G, measures, weight, distance, normalized, backend, checked=True)
    return _long(year, ctx, data)


@fill_doc
def centrality_panel(
    graphs: Graphs,
    measures: str | Iterable[str] | None = None,
    *,
    weight: str | None = "weight",
    distance: str | None = "inverse",
    normalized: bool = True,
    backend: str = "auto",
    n_jobs: int | None = 1,
    progress: bool = False,
) -> pd.DataFrame:
    """Centralities for every year of a panel, as a tidy long table.

    Parameters
    ----------
    graphs : dict of int to networkx.Graph, or iterable of graphs
        Yearly graphs (e.g. :func:`anet.alliance_graphs`); graphs outside a dict
        must carry ``G.graph['year']``.
    measures, weight, distance, normalized, backend
        As in :func:`centrality`.
    {{n_jobs}}
    {{progress}}

    Returns
    -------
    pandas.DataFrame
        Columns ``year`` (int64), ``ccode``, ``measure`` (str), ``value``
        (float); one row per year, state and measure: years in the order of
        `graphs` (ascending for :func:`anet.alliance_graphs`), then measures in
        the order requested, then ccodes ascending. The same for every `n_jobs`.

    Raises
    ------
    GraphTypeError, ParameterError
        As in :func:`centrality`; also ParameterError for graphs without a
        year outside a dict.

    Notes
    -----
    Each year is scored by :func:`centrality` on its own graph, so ``n`` in the
    normalisations (``deg/(n − 1)``, ``2/((n − 1)(n − 2))`` for betweenness) is
    that year's number of states: keep isolated system members in the graphs
    (as :func:`anet.alliance_graphs` does with ``states``) so that values are
    comparable across years.

    References
    ----------
    .. [1] Freeman, L. C. (1978). Centrality in social networks: conceptual
       clarification. Social Networks 1(3), 215–239. doi:10.1016/0378-8733(78)90021-7
    .. [2] Brin, S., & Page, L. (1998). The anatomy of a large-scale hypertextual
       web search engine. Computer Networks and ISDN Systems 30, 107–117.
       doi:10.1016/S0169-7552(98)00110-X

    Examples
    --------
    >>> import networkx as nx
    >>> import alliancenet as anet
    >>> panel = {1990: nx.path_graph(3), 1991: nx.complete_graph(3)}
    >>> t = anet.centrality_panel(panel, ["degree"])
    >>> t.query("ccode == 0")["value"].tolist()
    [0.5, 1.0]

    PageRank of the United States and the Soviet Union through the Cold War:

    >>> members, states = anet.load_example(), anet.load_example_states()
    >>> panel = anet.alliance_graphs(members, range(1950, 1991), states=states)
    >>> t = anet.centrality_panel(panel, "pagerank")
    >>> list(t.columns)
    ['year', 'ccode', 'measure', 'value']
    >>> t.query("ccode in [2, 365]").pivot(index="year", columns="ccode", values="value").shape
    (41, 2)
    """
    items = panel_items(graphs, "centrality_panel")
    one_year = partial(
        _centrality_year,
        measures=measures,
        weight=weight,
        distance=distance,
        normalized=normalized,
        backend=backend,
    )
    parts = run_tasks(
        one_year,
        items,
        n_jobs=n_jobs,
        progress=progress,
        desc="centrality_panel",
    )
    if not parts:
        return pd.DataFrame(
            {
                "year": pd.Series(dtype="int64"),
                "ccode": pd.Series(dtype="int64"),
                "measure": pd.Series(dtype="str"),
                "value": pd.Series(dtype=float),
            }
        )
    years, ccodes, values = (np.concatenate([p[i] for p in parts]) for i in (0, 1, 3))
    return pd.DataFrame(
        {"year": years, "ccode": ccodes, "measure": _measure_column(parts), "value": values}
    )
