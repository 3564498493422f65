"""Bipartite state–treaty graphs, so a whole treaty can be removed as a unit."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations, permutations

import networkx as nx
import numpy as np
import pandas as pd

from .._obligations import OBLIGATIONS, code_types, mask_of, parse_coding, parse_obligations
from ..errors import GraphTypeError, ParameterError
from ..schema import StateSystem
from ._core import TYPES_OF_MASK, node_records, parse_flag, prepare


def treaty_graph(
    members: pd.DataFrame,
    year: int,
    *,
    obligations: str | Iterable[str] = "defense",
    states: pd.DataFrame | StateSystem | None = None,
    coding: str | None = None,
    carry_forward: bool = False,
    alliances: str | Iterable[str] | None = None,
) -> nx.Graph:
    """Bipartite state–treaty graph of one year.

    Removing a treaty node removes the whole treaty (every tie it supports);
    :func:`project_treaty_graph` turns the result back into the state graph.

    Parameters
    ----------
    members : pandas.DataFrame
        Membership table in the canonical schema.
    year : int
        The year (within the table's coverage).
    obligations : str or sequence of str, default ``"defense"``
        Only treaties in which at least one member undertook one of these types
        that year become treaty nodes.
    states, carry_forward, alliances
        As in :func:`alliance_graph`; state nodes are then that year's system
        members (isolates included).
    coding : {None, "binary", "cow", "atop"}
        Stored in ``T.graph`` for :func:`project_treaty_graph`.

    Returns
    -------
    networkx.Graph
        State nodes: int ccodes with ``kind="state"``, ``bipartite=0`` (plus
        ``stateabb``, ``name`` with `states`); without `states`, every member of an
        alliance in force that year. Treaty nodes: alliance id strings with
        ``kind="treaty"``, ``bipartite=1``, ``types`` (sorted tuple of all
        obligation types any member undertook in it that year) and ``size``
        (number of member nodes). Edge state–treaty: ``types``, the sorted tuple
        of all types that member undertook in that treaty that year (possibly
        empty). ``T.graph``: ``year``, ``source``, ``obligations``, ``coding``,
        ``directed=False``, ``kind="treaty"`` (and ``system_year`` with `states`).

    Raises
    ------
    ParameterError, CoverageError, SchemaError
        As in :func:`alliance_graph`.

    Examples
    --------
    >>> import pandas as pd
    >>> import alliancenet as anet
    >>> from alliancenet.schema import validate_memberships
    >>> members = validate_memberships(pd.DataFrame({
    ...     "alliance_id": ["EX:A", "EX:A", "EX:B", "EX:B"], "ccode": [2, 20, 20, 200],
    ...     "start_year": [1949] * 4, "defense": [1, 1, 1, 1]}))
    >>> T = anet.treaty_graph(members, 1949, obligations="defense")
    >>> sorted(T.nodes["EX:A"].items())
    [('bipartite', 1), ('kind', 'treaty'), ('size', 2), ('types', ('defense',))]
    >>> T.remove_node("EX:B")
    >>> sorted(anet.project_treaty_graph(T).edges)
    [(2, 20)]

    Removing NATO from the 1985 example network removes every tie it alone carried:

    >>> ex, states = anet.load_example(), anet.load_example_states()
    >>> T = anet.treaty_graph(ex, 1985, obligations="defense", states=states)
    >>> anet.project_treaty_graph(T).has_edge(2, 200)
    True
    >>> T.remove_node("EX:NATO")
    >>> anet.project_treaty_graph(T).has_edge(2, 200)
    False
    """
    if isinstance(year, bool) or not isinstance(year, int | np.integer):
        raise ParameterError(f"year must be an int; got {year!r}.")
    year = int(year)
    obl = parse_obligations(obligations)
    coding = parse_coding(coding)
    what = f"treaty_graph({year})"
    carry_forward = parse_flag(carry_forward, "carry_forward")
    m, system, years, sys_years, my = prepare(
        members,
        [year],
        states,
        carry_forward,
        what,
        default_all=False,
        stacklevel=3,
        alliances=alliances,
    )
    T = nx.Graph()
    T.graph.update(
        year=year, source=m.source, obligations=obl, directed=False, coding=coding, kind="treaty"
    )
    if system is None:
        T.add_nodes_from(np.unique(my.ccode).tolist(), kind="state", bipartite=0)
    else:
        T.graph["system_year"] = int(sys_years[0])
        for node, attrs in node_records(system.nodes(int(sys_years[0]))):
            T.add_node(node, kind="state", bipartite=0, **attrs)
    req = mask_of(obl)
    n = my.aid.size
    if n:
        new = np.ones(n, dtype=bool)
        new[1:] = my.aid[1:] != my.aid[:-1]
        start = np.flatnonzero(new)
        end = np.append(start[1:], n)
        union = np.bitwise_or.reduceat(my.flags, start)
        for s, e, u in zip(start.tolist(), end.tolist(), union.tolist(), strict=True):
            if not u & req:
                continue
            tid = my.ids[my.aid[s]]
            T.add_node(tid, kind="treaty", bipartite=1, types=TYPES_OF_MASK[u], size=e - s)
            for c, f in zip(my.ccode[s:e].tolist(), my.flags[s:e].tolist(), strict=True):
                T.add_edge(c, tid, types=TYPES_OF_MASK[f])
    return T


def project_treaty_graph(T: nx.Graph, *, directed: bool = False) -> nx.Graph:
    """Project a state–treaty graph onto states.

    Gives the graph :func:`alliance_graph` returns for the same year and options
    (``T.graph["obligations"]`` and ``T.graph["coding"]``), computed from the
    treaties still present in `T`: remove treaty nodes first to see the network
    without them.

    Parameters
    ----------
    T : networkx.Graph
        A graph from :func:`treaty_graph` (possibly with nodes removed).
    directed : bool, default False
        Project onto a :class:`networkx.DiGraph` of one-way obligations.

    Returns
    -------
    networkx.Graph or networkx.DiGraph
        State nodes (with their attributes less ``kind``/``bipartite``) and edges
        with ``alliances``, ``weight``, ``types`` (and ``value`` with a coding) as
        in :func:`alliance_graph`.

    Raises
    ------
    GraphTypeError
        `T` is not a state–treaty graph.

    Examples
    --------
    The projection of the full treaty graph is the state graph of the year:

    >>> import networkx as nx
    >>> import alliancenet as anet
    >>> ex, states = anet.load_example(), anet.load_example_states()
    >>> T = anet.treaty_graph(ex, 1960, states=states)
    >>> G = anet.alliance_graph(ex, 1960, states=states)
    >>> sorted(anet.project_treaty_graph(T).edges) == sorted(G.edges)
    True
    """
    if not isinstance(T, nx.Graph) or T.graph.get("kind") != "treaty" or T.is_directed():
        raise GraphTypeError(
            "project_treaty_graph expects the undirected state–treaty graph returned by "
            f"treaty_graph (G.graph['kind'] == 'treaty'); got {type(T).__name__} with graph "
            f"attributes {sorted(T.graph) if isinstance(T, nx.Graph) else None}."
        )
    directed = parse_flag(directed, "directed")
    obl = tuple(T.graph.get("obligations", OBLIGATIONS))
    req = set(obl)
    coding = T.graph.get("coding")
    G = nx.DiGraph() if directed else nx.Graph()
    G.graph.update({k: v for k, v in T.graph.items() if k != "kind"})
    G.graph["directed"] = bool(directed)
    G.graph = {
        k: G.graph[k]
        for k in ("year", "source", "obligations", "directed", "coding", "system_year")
        if k in G.graph
    }
    for node, data in T.nodes(data=True):
        if data.get("kind") == "state":
            G.add_node(node, **{k: v for k, v in data.items() if k not in ("kind", "bipartite")})
    ties: dict[tuple, list] = {}
    for tid, data in T.nodes(data=True):
        if data.get("kind") != "treaty":
            continue
        typ = {c: set(T.edges[c, tid]["types"]) for c in T.neighbors(tid)}
        pairs = permutations(sorted(typ), 2) if directed else combinations(sorted(typ), 2)
        for a, b in pairs:
            undertaken = typ[a] if directed else typ[a] | typ[b]
            if undertaken & req:
                ties.setdefault((a, b), []).append((tid, undertaken))
    for (a, b), found in ties.items():
        found.sort(key=lambda t: t[0])
        types = set().union(*(u & req for _, u in found))
        attrs = {
            "alliances": tuple(t for t, _ in found),
            "weight": len(found),
            "types": tuple(sorted(types)),
        }
        if coding is not None:
            attrs["value"] = max(code_types(u, coding) for _, u in found)
        G.add_edge(a, b, **attrs)
    return G
