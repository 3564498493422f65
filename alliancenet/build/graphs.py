"""Yearly state graphs: :func:`alliance_graph` (one year) and :func:`alliance_graphs` (many)."""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
import numpy as np
import pandas as pd

from .._docstrings import fill_doc
from .._obligations import mask_of, parse_coding, parse_obligations
from ..errors import ParameterError
from ..schema import StateSystem
from ._core import (
    TYPES_OF_MASK,
    edge_table,
    gc_paused,
    node_records,
    parse_flag,
    prepare,
)
from ._core import (
    progress_bar as _progress,
)


def _graphs(members, years, **options):
    with gc_paused():
        return _build_graphs(members, years, **options)


def _build_graphs(
    members,
    years,
    *,
    obligations,
    directed,
    states,
    coding,
    carry_forward,
    what,
    alliances=None,
    progress=False,
):
    obl = parse_obligations(obligations)
    coding = parse_coding(coding)
    directed = parse_flag(directed, "directed")
    carry_forward = parse_flag(carry_forward, "carry_forward")
    m, system, years, sys_years, my = prepare(
        members,
        years,
        states,
        carry_forward,
        what,
        default_all=True,
        stacklevel=5,
        alliances=alliances,
    )
    edges = edge_table(my, directed, mask_of(obl), coding)
    ids = my.ids.tolist()
    names = [ids[a] for a in edges["aid"].tolist()]  # alliance id of every dyad-alliance row
    e_year = edges["year"]
    bounds = np.searchsorted(e_year, years, side="left"), np.searchsorted(e_year, years, "right")
    my_bounds = None
    if system is None:
        order = np.argsort(my.year, kind="stable")
        my_year_sorted = my.year[order]
        my_ccode_sorted = my.ccode[order]
        my_bounds = (
            np.searchsorted(my_year_sorted, years, "left"),
            np.searchsorted(my_year_sorted, years, "right"),
        )
    out: dict[int, nx.Graph] = {}
    node_cache: dict[int, list] = {}
    for k, y in enumerate(_progress(years.tolist(), progress, what)):
        G = nx.DiGraph() if directed else nx.Graph()
        G.graph.update(year=y, source=m.source, obligations=obl, directed=directed, coding=coding)
        if system is None:
            lo, hi = my_bounds[0][k], my_bounds[1][k]
            G.add_nodes_from(np.unique(my_ccode_sorted[lo:hi]).tolist())
        else:
            sy = int(sys_years[k])
            G.graph["system_year"] = sy
            if sy not in node_cache:
                node_cache[sy] = list(node_records(system.nodes(sy)))
            G.add_nodes_from(node_cache[sy])
        lo, hi = int(bounds[0][k]), int(bounds[1][k])
        c1 = edges["c1"][lo:hi].tolist()
        c2 = edges["c2"][lo:hi].tolist()
        st = edges["start"][lo:hi].tolist()
        en = edges["end"][lo:hi].tolist()
        ty = edges["types"][lo:hi].tolist()
        if coding is None:
            attrs = [
                {
                    "alliances": tuple(names[s:e]),
                    "weight": e - s,
                    "types": TYPES_OF_MASK[t],
                }
                for s, e, t in zip(st, en, ty, strict=True)
            ]
        else:
            va = edges["value"][lo:hi].tolist()
            attrs = [
                {
                    "alliances": tuple(names[s:e]),
                    "weight": e - s,
                    "types": TYPES_OF_MASK[t],
                    "value": v,
                }
                for s, e, t, v in zip(st, en, ty, va, strict=True)
            ]
        G.add_edges_from(zip(c1, c2, attrs, strict=True))
        out[y] = G
    return out


@fill_doc
def alliance_graph(
    members: pd.DataFrame,
    year: int,
    *,
    obligations: str | Iterable[str] = "defense",
    directed: bool = False,
    states: pd.DataFrame | StateSystem | None = None,
    coding: str | None = None,
    carry_forward: bool = False,
    alliances: str | Iterable[str] | None = None,
) -> nx.Graph | nx.DiGraph:
    """Alliance network of one year.

    Parameters
    ----------
    members : pandas.DataFrame
        Membership table in the canonical schema (:mod:`alliancenet.schema`).
    year : int
        The year; it must lie in the table's coverage (``members.attrs["coverage"]``).
    {{obligations}}
    directed : bool, default False
        Return a :class:`networkx.DiGraph` of one-way obligations.
    {{states}}
    {{coding}}
    {{carry_forward}}
    alliances : str or sequence of str, optional
        Keep only these alliances: ids of the membership table (``"ATOP:3180"``) or
        names known to :func:`find_alliances` (``"NATO"``, ``"Warsaw Pact"``,
        ``"Triple Entente 1914"``; a name stands for every matching treaty present in
        the table). Default: every alliance. With `states` the nodes are still every
        system member.

    Returns
    -------
    networkx.Graph or networkx.DiGraph

        Nodes are COW state codes (int). With `states`, the nodes are exactly the
        system members of the year (allied or not, so isolates are kept) and carry
        ``stateabb`` and ``name`` (``statenme``); alliance members outside the system
        that year (microstates, states not or no longer in the COW system) are left out with a
        :class:`~alliancenet.errors.DataWarning` naming them. Without `states`, the
        nodes are the members of every alliance in force that year, whatever its
        obligations (so a state whose alliances carry none of the requested
        obligations is an isolate), and carry no attributes.

        Ties come from obligations. A member *undertook* a type in an alliance when
        its flag is ``True``; ``<NA>`` (not coded by the source) counts as not
        undertaken. Undirected: states A and B are tied when they belong to an
        alliance in force that year in which *either* of them undertook a requested
        obligation (either direction). Directed: arc A→B when A undertook a
        requested obligation in an alliance both belong to that year.

        Edge attributes:

        ``alliances``
            sorted tuple of the alliance ids behind the tie;
        ``weight``
            ``len(alliances)``: the number of shared alliances carrying a requested
            obligation (in the tie's direction);
        ``types``
            alphabetically sorted tuple of the *requested* obligation types
            undertaken on the tie (by either member; directed: by the tail);
        ``value`` (only with `coding`)
            the valued tie, the maximum over the alliances behind the tie of the
            coding applied to *all* types undertaken in that alliance (either member;
            directed: the tail), whatever `obligations` asked for. `obligations`
            decides which ties exist, `coding` how strong they are; with
            ``obligations="any"`` this is the full valued network of
            valued alliance network of Signorino & Ritter (1999). ``cow``: 3 defense, 2 neutrality or nonaggression,
            1 entente only; ``atop``: 3 defense or offense, 2 neutrality or
            consultation, 1 nonaggression only; 0 where none of the scale's types was
            undertaken (e.g. a consultation-only tie under ``cow``).

        ``G.graph`` holds ``year``, ``source`` (``members.attrs["source"]``),
        ``obligations`` (tuple, canonical order), ``directed``, ``coding`` and, with
        `states`, ``system_year`` (the states-table year whose membership was used).

    Raises
    ------
    ParameterError
        Unknown obligation type or coding, or `directed` / `carry_forward` not a bool.
    CoverageError
        `year` outside the coverage of `members`, before the first year of
        `states`, or after its last year with ``carry_forward=False``.
    SchemaError
        `members` or `states` do not follow their schema.

    Warns
    -----
    DataWarning
        Alliance members outside the state system were left out (named with their
        alliance ids), or the system membership was carried forward.

    See Also
    --------
    alliance_graphs : the same for many years in one pass.
    dyad_years : the underlying dyad-year table.

    References
    ----------
    {{ref_atop}}

    {{ref_cow}}

    Signorino, C. S., & Ritter, J. M. (1999). Tau-b or not tau-b: measuring the
    similarity of foreign policy positions. *International Studies Quarterly*
    43(1), 115-144. https://doi.org/10.1111/0020-8833.00113

    Examples
    --------
    >>> import pandas as pd
    >>> import alliancenet as anet
    >>> from alliancenet.schema import validate_memberships
    >>> members = validate_memberships(pd.DataFrame({
    ...     "alliance_id": ["EX:A", "EX:A", "EX:A", "EX:B", "EX:B"],
    ...     "ccode": [2, 20, 200, 2, 200],
    ...     "start_year": [1949, 1949, 1949, 1950, 1950],
    ...     "end_year": [None, None, None, 1960, 1960],
    ...     "defense": [1, 1, 1, 0, 0],
    ...     "entente": [1, 1, 1, 1, 1]}))
    >>> G = anet.alliance_graph(members, 1955, coding="cow")
    >>> sorted(G.edges)
    [(2, 20), (2, 200), (20, 200)]
    >>> G.edges[2, 200]["alliances"], G.edges[2, 200]["weight"], G.edges[2, 200]["value"]
    (('EX:A',), 1, 3)
    >>> H = anet.alliance_graph(members, 1955, obligations="any")
    >>> H.edges[2, 200]["alliances"], H.edges[2, 200]["types"]
    (('EX:A', 'EX:B'), ('defense', 'entente'))

    With the bundled example data, the nodes are the system members of the year:

    >>> ex, states = anet.load_example(), anet.load_example_states()
    >>> G = anet.alliance_graph(ex, 1985, states=states, coding="cow")
    >>> G.number_of_nodes() == int((states["year"] == 1985).sum())
    True
    >>> G.nodes[2]["stateabb"], G.edges[2, 200]["alliances"], G.edges[2, 200]["value"]
    ('USA', ('EX:NATO',), 3)
    """
    if isinstance(year, bool) or not isinstance(year, int | np.integer):
        raise ParameterError(f"year must be an int; got {year!r}. Use alliance_graphs for many.")
    graphs = _graphs(
        members,
        [int(year)],
        obligations=obligations,
        directed=directed,
        states=states,
        coding=coding,
        carry_forward=carry_forward,
        what=f"alliance_graph({int(year)})",
        alliances=alliances,
    )
    return graphs[int(year)]


@fill_doc
def alliance_graphs(
    members: pd.DataFrame,
    years: int | Iterable[int] | None = None,
    *,
    obligations: str | Iterable[str] = "defense",
    directed: bool = False,
    states: pd.DataFrame | StateSystem | None = None,
    coding: str | None = None,
    carry_forward: bool = False,
    alliances: str | Iterable[str] | None = None,
    progress: bool = False,
) -> dict[int, nx.Graph]:
    """Alliance networks of many years, built in one pass.

    Identical to ``{y: alliance_graph(members, y, ...) for y in years}`` but much
    faster: the membership spells are expanded to member-years once, member
    pairs of every alliance-year are formed once (vectorised with numpy), and
    the ties are grouped by year. Warnings (members outside the system,
    carried-forward years) are issued once for the whole panel.

    Parameters
    ----------
    members : pandas.DataFrame
        Membership table in the canonical schema.
    years : int or sequence of int, optional
        Years to build. Default: every year of the table's coverage; with
        `states`, every covered year from the states table's first year on (and,
        with ``carry_forward=False``, up to its last year).
    obligations, directed, states, coding, carry_forward, alliances
        As in :func:`alliance_graph`.
    progress : bool, default False
        Show a progress bar over the years (tqdm).

    Returns
    -------
    dict[int, networkx.Graph]
        Year → graph, in year order; each graph as :func:`alliance_graph` returns it.

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
    ...     "alliance_id": ["EX:A", "EX:A", "EX:A"], "ccode": [2, 20, 200],
    ...     "start_year": [1949, 1949, 1955], "end_year": [1960, 1960, 1960],
    ...     "defense": [1, 1, 1]}))
    >>> panel = anet.alliance_graphs(members)
    >>> [(y, G.number_of_edges()) for y, G in panel.items() if y in (1954, 1955)]
    [(1954, 1), (1955, 3)]

    The example data's NATO ties the United States to the United Kingdom from 1949:

    >>> ex, states = anet.load_example(), anet.load_example_states()
    >>> panel = anet.alliance_graphs(ex, range(1945, 1956), states=states)
    >>> [y for y, G in panel.items() if G.has_edge(2, 200)]
    [1949, 1950, 1951, 1952, 1953, 1954, 1955]
    """
    return _graphs(
        members,
        years,
        obligations=obligations,
        directed=directed,
        states=states,
        coding=coding,
        carry_forward=carry_forward,
        what="alliance_graphs",
        alliances=alliances,
        progress=progress,
    )
