"""Yearly alliance networks built from the canonical membership table.

The functions here turn a membership table (one row per member and alliance
spell, see :mod:`alliancenet.schema`) into graphs whose nodes are Correlates of
War state codes:

* :func:`alliance_graph` — the state graph of one year (``networkx.Graph``, or
  ``DiGraph`` when obligations are read as one-way);
* :func:`alliance_graphs` — the same for many years, built in one vectorised
  pass over the table;
* :func:`dyad_years` — the tidy dyad-year table behind those graphs (one row per
  pair of states and year, one flag per obligation type);
* :func:`treaty_graph` / :func:`project_treaty_graph` — the bipartite
  state–treaty graph, so that a whole treaty can be removed as a unit, and its
  projection back onto states;
* :func:`to_igraph` / :func:`from_igraph` — lossless bridges to python-igraph.

How a year is read
------------------
A membership spell ``start_year``–``end_year`` is inclusive: a state that joined
in March 1949 is a member in 1949, and a state that left in June 1991 is still a
member in 1991. An open spell (``end_year`` is ``<NA>``) runs to the last year of
the source's coverage (``members.attrs["coverage"]``). Several rows of the same
state in the same alliance and year (ATOP phases) are merged: the state
undertook an obligation if any of those rows says so.

An obligation flag that is ``<NA>`` (the source does not code that type: COW has
no offence or consultation, ATOP no entente) counts as *not undertaken* when
graphs and dyad-years are built.
"""

from __future__ import annotations

import gc
import textwrap
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import combinations, permutations

import networkx as nx
import numpy as np
import pandas as pd

from .errors import CoverageError, DataWarning, GraphTypeError, ParameterError, SchemaError
from .schema import (
    CANONICAL_COLUMNS,
    OBLIGATIONS,
    StateSystem,
    coverage_of,
    state_system,
    validate_memberships,
)

__all__ = [
    "CODINGS",
    "alliance_graph",
    "alliance_graphs",
    "dyad_years",
    "treaty_graph",
    "project_treaty_graph",
    "to_igraph",
    "from_igraph",
]

#: The valued codings of an alliance tie (REFERENCES c.1): ``coding="cow"`` after
#: Signorino & Ritter (1999), ``coding="atop"`` after Chiba et al. (fpsim).
CODINGS: dict[str, str] = {
    "cow": "3 defense; 2 neutrality or nonaggression; 1 entente only; 0 none of these",
    "atop": "3 defense or offense; 2 neutrality or consultation; 1 nonaggression only; 0 none",
}

_N_OBL = len(OBLIGATIONS)
_BIT = {name: 1 << i for i, name in enumerate(OBLIGATIONS)}
#: mask (6 bits, canonical order) -> alphabetically sorted tuple of obligation names
_TYPES_OF_MASK: tuple[tuple[str, ...], ...] = tuple(
    tuple(sorted(n for n in OBLIGATIONS if m & _BIT[n])) for m in range(1 << _N_OBL)
)
_KEY = 100_000  # year * _KEY + ccode packs a state-year into one int64 (ccodes < 100,000)


# --------------------------------------------------------------------------------------
# argument checking
# --------------------------------------------------------------------------------------


def _parse_obligations(obligations) -> tuple[str, ...]:
    """Return the requested obligation types as a tuple in canonical order."""
    valid = f"one or several of {list(OBLIGATIONS)}, or 'any'"
    if isinstance(obligations, str):
        names = [obligations]
    elif isinstance(obligations, Iterable):
        names = list(obligations)
    else:
        raise ParameterError(
            f"obligations must be {valid}; got {obligations!r} ({type(obligations).__name__})."
        )
    if not names:
        raise ParameterError(f"obligations must be {valid}; got an empty selection.")
    bad = [n for n in names if not isinstance(n, str) or (n not in OBLIGATIONS and n != "any")]
    if bad:
        raise ParameterError(
            f"unknown obligation type(s) {bad}; valid are {list(OBLIGATIONS)} or 'any'. "
            "Pass one name or a list of names."
        )
    if "any" in names:
        return OBLIGATIONS
    return tuple(n for n in OBLIGATIONS if n in names)


def _parse_coding(coding) -> str | None:
    if coding is None:
        return None
    if isinstance(coding, str) and coding.lower() in CODINGS:
        return coding.lower()
    raise ParameterError(
        f"coding must be None, 'cow' or 'atop'; got {coding!r}. "
        "'cow': 3 defense, 2 neutrality/nonaggression, 1 entente; "
        "'atop': 3 defense/offense, 2 neutrality/consultation, 1 nonaggression."
    )


def _mask_of(names: Iterable[str]) -> int:
    m = 0
    for n in names:
        m |= _BIT[n]
    return m


def _canonical(members) -> pd.DataFrame:
    """Return `members` if it already follows the canonical schema, else a validated copy."""
    if not isinstance(members, pd.DataFrame):
        raise SchemaError(
            f"members: expected a membership DataFrame (canonical schema, see "
            f"alliancenet.schema), got {type(members).__name__}. Read one with anet.read_atop, "
            "anet.read_cow or anet.load_example."
        )
    ok = all(c in members.columns for c in CANONICAL_COLUMNS)
    ok = ok and all(str(members[c].dtype) == "boolean" for c in OBLIGATIONS)
    ok = ok and str(members["end_year"].dtype) == "Int64"
    ok = ok and members["ccode"].dtype.kind == "i" and members["start_year"].dtype.kind == "i"
    if ok:
        return members
    return validate_memberships(members, what="members")


class _Members:
    """The membership table as numpy arrays (one entry per row)."""

    def __init__(self, members) -> None:
        members = _canonical(members)
        self.coverage = coverage_of(members)
        self.source = str(members.attrs.get("source", _first_source(members)))
        codes, ids = pd.factorize(members["alliance_id"].astype(str), sort=True)
        self.ids = np.asarray(ids, dtype=object)  # code -> alliance_id (sorted)
        self.aid = codes.astype(np.int64)
        self.ccode = members["ccode"].to_numpy(np.int64)
        if self.ccode.size and self.ccode.max() >= _KEY:
            raise SchemaError(
                f"members: state codes must be below {_KEY:,} (COW codes are); got "
                f"{sorted(set(self.ccode[self.ccode >= _KEY].tolist()))[:5]}. Recode those states."
            )
        self.start = members["start_year"].to_numpy(np.int64)
        self.end = members["end_year"].fillna(self.coverage[1]).to_numpy(np.int64)
        flags = np.zeros(len(members), dtype=np.int64)
        for name in OBLIGATIONS:
            flags |= members[name].fillna(False).to_numpy(bool).astype(np.int64) * _BIT[name]
        self.flags = flags


def _first_source(members: pd.DataFrame) -> str:
    if "source" in members.columns and len(members):
        return str(members["source"].iloc[0])
    return "user"


def _check_years(years, coverage: tuple[int, int], what: str) -> np.ndarray:
    """Return the requested years as a sorted unique int array within the coverage."""
    arr = np.atleast_1d(np.asarray(years))
    if arr.size == 0:
        raise ParameterError(f"{what}: no years requested; pass a year or a list of years.")
    if arr.dtype.kind == "f" and np.all(arr == np.floor(arr)):
        arr = arr.astype(np.int64)
    if arr.dtype.kind not in "iu":
        raise ParameterError(f"{what}: years must be whole numbers; got {years!r}.")
    arr = np.unique(arr.astype(np.int64))
    first, last = coverage
    out = arr[(arr < first) | (arr > last)]
    if out.size:
        raise CoverageError(
            f"{what}: year(s) {out[:10].tolist()} lie outside the coverage of the membership "
            f"table, {first}–{last}. Choose years within {first}–{last}."
        )
    return arr


# --------------------------------------------------------------------------------------
# the state system
# --------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------
# the vectorised core: member-years -> dyad-alliance-years
# --------------------------------------------------------------------------------------


class _MemberYears:
    """Member-years (alliance, state, year) with the obligations undertaken (bit mask).

    Sorted by (alliance, year, ccode) with one row per triple (phases merged by OR).
    """

    def __init__(self, m: _Members, years: np.ndarray, system: StateSystem | None, sys_years):
        lo, hi = int(years[0]), int(years[-1])
        start = np.maximum(m.start, lo)
        end = np.minimum(m.end, hi)
        length = np.clip(end - start + 1, 0, None)
        row = np.repeat(np.arange(len(start)), length)
        offset = np.arange(row.size) - np.repeat(np.cumsum(length) - length, length)
        year = start[row] + offset
        keep = np.isin(year, years)
        row, year = row[keep], year[keep]
        aid, ccode, flags = m.aid[row], m.ccode[row], m.flags[row]
        order = np.lexsort((ccode, year, aid))
        aid, ccode, year, flags = aid[order], ccode[order], year[order], flags[order]
        if aid.size:
            new = np.ones(aid.size, dtype=bool)
            new[1:] = (aid[1:] != aid[:-1]) | (year[1:] != year[:-1]) | (ccode[1:] != ccode[:-1])
            starts = np.flatnonzero(new)
            flags = np.bitwise_or.reduceat(flags, starts)
            aid, ccode, year = aid[starts], ccode[starts], year[starts]
        self.excluded = None
        if system is not None:
            sys_of = dict(zip(years.tolist(), sys_years.tolist(), strict=True))
            sy = np.array([sys_of[y] for y in year.tolist()], dtype=np.int64)
            inside = np.isin(sy * _KEY + ccode, system.keys)
            if not inside.all():
                out = ~inside
                self.excluded = pd.DataFrame(
                    {"ccode": ccode[out], "alliance_id": m.ids[aid[out]], "year": year[out]}
                )
            aid, ccode, year, flags = aid[inside], ccode[inside], year[inside], flags[inside]
        self.aid, self.ccode, self.year, self.flags = aid, ccode, year, flags
        self.ids = m.ids

    def pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Indices (i, j), i != j, of every ordered pair of members of an alliance-year."""
        n = self.aid.size
        if n == 0:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        new = np.ones(n, dtype=bool)
        new[1:] = (self.aid[1:] != self.aid[:-1]) | (self.year[1:] != self.year[:-1])
        gstart = np.flatnonzero(new)
        size = np.diff(np.append(gstart, n))
        group = np.cumsum(new) - 1
        reps = size[group]
        left = np.repeat(np.arange(n), reps)
        within = np.arange(left.size) - np.repeat(np.cumsum(reps) - reps, reps)
        right = np.repeat(gstart[group], reps) + within
        keep = left != right
        return left[keep], right[keep]


def _coded_values(flags: np.ndarray, coding: str) -> np.ndarray:
    """Vectorised valued coding of obligation bit masks (see :data:`CODINGS`)."""

    def has(*names):
        return (flags & _mask_of(names)) != 0

    if coding == "cow":
        return np.where(
            has("defense"), 3, np.where(has("neutrality", "nonaggression"), 2, has("entente") * 1)
        ).astype(np.int64)
    return np.where(
        has("defense", "offense"),
        3,
        np.where(has("neutrality", "consultation"), 2, has("nonaggression") * 1),
    ).astype(np.int64)


def _dyad_alliance_years(my: _MemberYears, directed: bool):
    """Return year, ccode1, ccode2, alliance code and obligation mask of every dyad-alliance-year.

    Directed: the mask is what ccode1 undertook in that alliance (toward ccode2).
    Undirected (ccode1 < ccode2): what either of the two undertook.
    """
    i, j = my.pairs()
    if directed:
        flags = my.flags[i]
    else:
        keep = my.ccode[i] < my.ccode[j]
        i, j = i[keep], j[keep]
        flags = my.flags[i] | my.flags[j]
    return my.year[i], my.ccode[i], my.ccode[j], my.aid[i], flags


def _edge_table(my: _MemberYears, directed: bool, req_mask: int, coding: str | None):
    """Aggregate dyad-alliance-years with a requested obligation into one record per tie."""
    year, c1, c2, aid, flags = _dyad_alliance_years(my, directed)
    keep = (flags & req_mask) != 0
    year, c1, c2, aid, flags = year[keep], c1[keep], c2[keep], aid[keep], flags[keep]
    order = np.lexsort((aid, c2, c1, year))
    year, c1, c2, aid, flags = year[order], c1[order], c2[order], aid[order], flags[order]
    n = year.size
    if n == 0:
        z = np.zeros(0, dtype=np.int64)
        return {"year": z, "c1": z, "c2": z, "start": z, "end": z, "aid": z, "types": z, "value": z}
    new = np.ones(n, dtype=bool)
    new[1:] = (year[1:] != year[:-1]) | (c1[1:] != c1[:-1]) | (c2[1:] != c2[:-1])
    start = np.flatnonzero(new)
    end = np.append(start[1:], n)
    types = np.bitwise_or.reduceat(flags & req_mask, start)
    value = None
    if coding is not None:
        value = np.maximum.reduceat(_coded_values(flags, coding), start)
    return {
        "year": year[start],
        "c1": c1[start],
        "c2": c2[start],
        "start": start,
        "end": end,
        "aid": aid,
        "types": types,
        "value": value,
    }


def _excluded_message(excluded: pd.DataFrame, what: str, abbrev: dict[int, str]) -> str:
    parts = []
    states = excluded.groupby("ccode", sort=True)
    groups = list(states)
    for ccode, rows in groups[:12]:
        ids = sorted(rows["alliance_id"].unique().tolist())
        shown = ", ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
        y0, y1 = int(rows["year"].min()), int(rows["year"].max())
        span = f"{y0}" if y0 == y1 else f"{y0}–{y1}"
        name = f" {abbrev[ccode]}" if ccode in abbrev else ""
        parts.append(f"ccode {ccode}{name} ({shown}; {span})")
    rest = [f"{c}" + (f" {abbrev[c]}" if c in abbrev else "") for c, _ in groups[12:]]
    more = f"; and {len(rest)} more states: {', '.join(rest)}" if rest else ""
    return (
        f"{what}: {states.ngroups} alliance member(s) not in the state system in the year(s) "
        f"concerned were left out ({len(excluded)} member-years): {'; '.join(parts)}{more}. "
        "Pass states=None to keep every alliance member."
    )


def _prepare(members, years, states, carry_forward, what, *, default_all: bool, stacklevel: int):
    """Shared front end; `stacklevel` makes warnings point at the caller of the public function."""
    m = _Members(members)
    system = None if states is None else state_system(states)
    if years is None and default_all:
        if system is None:
            years = np.arange(m.coverage[0], m.coverage[1] + 1, dtype=np.int64)
        else:
            years = system.default_years(m.coverage, carry_forward)
            if years.size == 0:
                raise CoverageError(
                    f"{what}: the membership table ({m.coverage[0]}–{m.coverage[1]}) and the "
                    f"states table ({system.first}–{system.last}) share no year."
                )
    years = _check_years(years, m.coverage, what)
    sys_years = (
        None if system is None else system.system_years(years, carry_forward, what, stacklevel + 1)
    )
    my = _MemberYears(m, years, system, sys_years)
    if my.excluded is not None:
        warnings.warn(
            _excluded_message(my.excluded, what, system.abbrev), DataWarning, stacklevel=stacklevel
        )
    return m, system, years, sys_years, my


# --------------------------------------------------------------------------------------
# public API
# --------------------------------------------------------------------------------------


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while many small acyclic dicts are created.

    Building a panel allocates one attribute dict per edge (about 70,000 for the ATOP
    panel); the collector's repeated generation-0 scans of them roughly double the
    build time, and none of these objects can form reference cycles.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _graphs(members, years, **options):
    with _gc_paused():
        return _build_graphs(members, years, **options)


def _parse_flag(value, name: str) -> bool:
    if isinstance(value, bool | np.bool_):
        return bool(value)
    raise ParameterError(f"{name} must be True or False; got {value!r}.")


def _build_graphs(members, years, *, obligations, directed, states, coding, carry_forward, what):
    obl = _parse_obligations(obligations)
    coding = _parse_coding(coding)
    directed = _parse_flag(directed, "directed")
    carry_forward = _parse_flag(carry_forward, "carry_forward")
    m, system, years, sys_years, my = _prepare(
        members, years, states, carry_forward, what, default_all=True, stacklevel=5
    )
    edges = _edge_table(my, directed, _mask_of(obl), coding)
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
    for k, y in enumerate(years.tolist()):
        G = nx.DiGraph() if directed else nx.Graph()
        G.graph.update(year=y, source=m.source, obligations=obl, directed=directed, coding=coding)
        if system is None:
            lo, hi = my_bounds[0][k], my_bounds[1][k]
            G.add_nodes_from(np.unique(my_ccode_sorted[lo:hi]).tolist())
        else:
            sy = int(sys_years[k])
            G.graph["system_year"] = sy
            if sy not in node_cache:
                node_cache[sy] = list(_node_records(system.nodes(sy)))
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
                    "types": _TYPES_OF_MASK[t],
                }
                for s, e, t in zip(st, en, ty, strict=True)
            ]
        else:
            va = edges["value"][lo:hi].tolist()
            attrs = [
                {
                    "alliances": tuple(names[s:e]),
                    "weight": e - s,
                    "types": _TYPES_OF_MASK[t],
                    "value": v,
                }
                for s, e, t, v in zip(st, en, ty, va, strict=True)
            ]
        G.add_edges_from(zip(c1, c2, attrs, strict=True))
        out[y] = G
    return out


def _node_records(nodes: pd.DataFrame):
    cols = [c for c in ("stateabb", "name") if c in nodes.columns]
    data = zip(nodes["ccode"].tolist(), *(nodes[c].tolist() for c in cols), strict=True)
    for row in data:
        yield row[0], {c: v for c, v in zip(cols, row[1:], strict=True) if v is not None}


_GRAPH_DOC = """
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
        REFERENCES c.1. ``cow``: 3 defense, 2 neutrality or nonaggression,
        1 entente only; ``atop``: 3 defense or offense, 2 neutrality or
        consultation, 1 nonaggression only; 0 where none of the scale's types was
        undertaken (e.g. a consultation-only tie under ``cow``).

    ``G.graph`` holds ``year``, ``source`` (``members.attrs["source"]``),
    ``obligations`` (tuple, canonical order), ``directed``, ``coding`` and, with
    `states`, ``system_year`` (the states-table year whose membership was used).
"""


def alliance_graph(
    members,
    year: int,
    *,
    obligations="defense",
    directed: bool = False,
    states=None,
    coding: str | None = None,
    carry_forward: bool = True,
):
    """Alliance network of one year.

    Parameters
    ----------
    members : pandas.DataFrame
        Membership table in the canonical schema (:mod:`alliancenet.schema`).
    year : int
        The year; it must lie in the table's coverage (``members.attrs["coverage"]``).
    obligations : str or sequence of str, default ``"defense"``
        One or several of ``"defense"``, ``"offense"``, ``"neutrality"``,
        ``"nonaggression"``, ``"consultation"``, ``"entente"``, or ``"any"`` (all
        six). A tie needs at least one of them.
    directed : bool, default False
        Return a :class:`networkx.DiGraph` of one-way obligations.
    states : pandas.DataFrame, optional
        States table (one row per state-year: ``ccode``, ``year``, ``stateabb``,
        ``statenme``) restricting the nodes to that year's system members.
    coding : {None, "cow", "atop"}
        Add the valued tie ``value`` to every edge.
    carry_forward : bool, default True
        For a year after the last year of `states`, use the last listed year's
        system membership (with a :class:`~alliancenet.errors.DataWarning`), as
        peacesciencer's "most recent year" option does; ``False`` refuses.

    Returns
    -------
    networkx.Graph or networkx.DiGraph
    {graph_doc}
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
    Leeds, B. A., Ritter, J. M., Mitchell, S. M., & Long, A. G. (2002). Alliance
    Treaty Obligations and Provisions, 1815-1944. *International Interactions*
    28(3), 237-260. https://doi.org/10.1080/03050620213653

    Gibler, D. M. (2009). *International Military Alliances, 1648-2008*. CQ Press.
    https://doi.org/10.4135/9781604265781

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
    )
    return graphs[int(year)]


alliance_graph.__doc__ = alliance_graph.__doc__.replace(
    "    {graph_doc}\n", textwrap.indent(textwrap.dedent(_GRAPH_DOC), " " * 8)
)


def alliance_graphs(
    members,
    years=None,
    *,
    obligations="defense",
    directed: bool = False,
    states=None,
    coding: str | None = None,
    carry_forward: bool = True,
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
    obligations, directed, states, coding, carry_forward
        As in :func:`alliance_graph`.

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
    )


def dyad_years(
    members,
    years=None,
    *,
    directed: bool = False,
    states=None,
    carry_forward: bool = True,
) -> pd.DataFrame:
    """Tidy dyad-year table of alliance obligations.

    Parameters
    ----------
    members : pandas.DataFrame
        Membership table in the canonical schema.
    years : int or sequence of int, optional
        Years to include (default: as in :func:`alliance_graphs`).
    directed : bool, default False
        Undirected: one row per pair with ``ccode1 < ccode2``; a flag is ``True``
        when *either* state undertook that type in an alliance both belong to.
        Directed: flags are the obligations ``ccode1`` undertook toward
        ``ccode2``; both orders appear when both undertook something.
    states : pandas.DataFrame, optional
        Keep only system members of each year (see :func:`alliance_graph`).
    carry_forward : bool, default True
        As in :func:`alliance_graph`.

    Returns
    -------
    pandas.DataFrame
        Columns ``ccode1, ccode2, year`` (int64) and one ``bool`` column per
        obligation type (``defense, offense, neutrality, nonaggression,
        consultation, entente``), OR-ed over all alliances the dyad shares that
        year; only rows with at least one ``True`` flag; sorted by ``year,
        ccode1, ccode2``. ``<NA>`` obligations count as not undertaken.

    Raises
    ------
    ParameterError, CoverageError, SchemaError
        As in :func:`alliance_graph`.

    Notes
    -----
    A dyad-year exists when both states are members of the same alliance in
    that year (inclusive spell years, see :mod:`alliancenet.build`) and the
    flag condition above holds. The directed table agrees with
    ``alliance_graph(..., directed=True, obligations="any")`` year by year: each
    row is an arc and its ``True`` flags are the arc's ``types``.

    **Comparison with published dyad-year files** (genuine data in
    ``shared/data``; every number below is asserted in ``tests/test_build.py``):
    {comparison}
    Examples
    --------
    >>> import pandas as pd
    >>> import alliancenet as anet
    >>> from alliancenet.schema import validate_memberships
    >>> members = validate_memberships(pd.DataFrame({
    ...     "alliance_id": ["EX:A", "EX:A"], "ccode": [2, 20],
    ...     "start_year": [1949, 1949], "end_year": [1950, 1950],
    ...     "defense": [1, 0], "consultation": [0, 1]}))
    >>> anet.dyad_years(members, directed=True)[["ccode1", "ccode2", "year", "defense"]]
       ccode1  ccode2  year  defense
    0       2      20  1949     True
    1      20       2  1949    False
    2       2      20  1950     True
    3      20       2  1950    False
    """
    directed = _parse_flag(directed, "directed")
    carry_forward = _parse_flag(carry_forward, "carry_forward")
    m, system, years, sys_years, my = _prepare(
        members, years, states, carry_forward, "dyad_years", default_all=True, stacklevel=3
    )
    year, c1, c2, _aid, flags = _dyad_alliance_years(my, directed)
    keep = flags != 0
    key = (year[keep] * _KEY + c1[keep]) * _KEY + c2[keep]
    flags = flags[keep]
    order = np.argsort(key, kind="stable")
    key, flags = key[order], flags[order]
    if key.size:
        new = np.ones(key.size, dtype=bool)
        new[1:] = key[1:] != key[:-1]
        start = np.flatnonzero(new)
        key, flags = key[start], np.bitwise_or.reduceat(flags, start)
    out = pd.DataFrame(
        {
            "ccode1": (key // _KEY) % _KEY,
            "ccode2": key % _KEY,
            "year": key // (_KEY * _KEY),
        }
    )
    for name in OBLIGATIONS:
        out[name] = (flags & _BIT[name]) != 0
    out.attrs["source"] = m.source
    out.attrs["directed"] = bool(directed)
    return out


_COMPARISON = """
    *ATOP 5.1, directed, all years* — against the official directed dyad-year
    file ``atop5_1ddyr`` (its peacesciencer column subset): 273,271 rows here,
    273,296 there, 273,237 in both.

    - 59 rows only there: every obligation 0 (ATOP lists ccode1 as an ally
      of ccode2 without any of the five obligations; this table keeps only
      rows with an obligation).
    - 34 rows only here: 20 involve state code 8152 (ATOP:1320, 1874–1883),
      which is not a COW state and is absent from the official file; 14 are
      pairs that belonged to the same alliance in the same calendar year but
      never on the same day (German and Yemeni unification 1990, Yugoslav
      successor states 1992); spells here are whole years.
    - 377 rows in both differ in a flag, always ``True`` here and 0 there
      (never the reverse): 348 are dyads sharing an alliance that ATOP codes
      asymmetric or with obligations varying among members (``asymm`` /
      ``obvary``), where the dyadic file says toward whom an obligation is
      owed and the member file (read here) only that the member undertook it;
      16 are ATOP:1362 (Central America, 1888), whose neutrality obligation
      ends with phase 1 on 24 Nov 1888 — the official file codes the year by
      the later phase, this table ORs the phases in force during the year; 13
      are the day-boundary case above.

    *COW 4.1, all years* — the undirected table built from the member file
    equals an expansion of COW's own dyad file (``by_dyad``) row for row and
    flag for flag (60,372 dyad-years). Against peacesciencer's
    ``cow_alliance`` (built from the official dyad-yearly file, written in
    both orders with equal flags; 60,392 undirected dyad-years):

    - 211 rows only there and 191 only here, all in alliances where a state
      has several membership spells: the official yearly files lay a state's
      spells end to end from its first start year, shifting later spells
      into the gaps. German Confederation (COW:3): 41 rows in 1849 only
      there, 25 in 1866 only here; Egypt, suspended from the Arab League
      (COW:199, COW:230) 1979–1989: 157 rows in 1980–1988 only there, 166
      only here (2004–2012, and 1989–1990 with the two Yemens); 13 more only
      there (Czechoslovakia–USSR 1940–44, Yugoslavia with Greece and Turkey
      1965–67, Syria–UAE 1959–60).
    - 1,735 rows in both differ in a flag: 1,517 are the Rio Pact (COW:210),
      coded non-aggression 1 in the member and dyad files but 0 in the
      dyad-yearly file; 86 lie in the multi-spell alliances above; 132 are
      obligations coded 1 in the member and dyad files and 0 in the
      dyad-yearly file in 15 other alliances.
    - Directed: this table has 137 fewer rows than twice the undirected one
      (memberships where ccode1 undertook nothing toward ccode2), so
      2 × 211 + 137 rows are only there and 2 × 191 only here.
    - The two ``year == 0`` rows of the official file (2–666, 651–666), which
      peacesciencer repaired, agree here (2–666 in 1981–1991, 651–666 in
      1979–2012, same flags), and NATO's 2004/2009 entrants are absent from
      both (COW 4.1 itself lacks them). Neither table filters by system
      membership; ``states=`` (COW system 2016) removes 562 more undirected
      rows.
"""
dyad_years.__doc__ = dyad_years.__doc__.replace("    {comparison}", _COMPARISON)


# --------------------------------------------------------------------------------------
# bipartite state-treaty graphs
# --------------------------------------------------------------------------------------


def treaty_graph(
    members,
    year: int,
    *,
    obligations="any",
    states=None,
    coding: str | None = None,
    carry_forward: bool = True,
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
    obligations : str or sequence of str, default ``"any"``
        Only treaties in which at least one member undertook one of these types
        that year become treaty nodes.
    states, carry_forward
        As in :func:`alliance_graph`; state nodes are then that year's system
        members (isolates included).
    coding : {None, "cow", "atop"}
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
    obl = _parse_obligations(obligations)
    coding = _parse_coding(coding)
    what = f"treaty_graph({year})"
    carry_forward = _parse_flag(carry_forward, "carry_forward")
    m, system, years, sys_years, my = _prepare(
        members, [year], states, carry_forward, what, default_all=False, stacklevel=3
    )
    T = nx.Graph()
    T.graph.update(
        year=year, source=m.source, obligations=obl, directed=False, coding=coding, kind="treaty"
    )
    if system is None:
        T.add_nodes_from(np.unique(my.ccode).tolist(), kind="state", bipartite=0)
    else:
        T.graph["system_year"] = int(sys_years[0])
        for node, attrs in _node_records(system.nodes(int(sys_years[0]))):
            T.add_node(node, kind="state", bipartite=0, **attrs)
    req = _mask_of(obl)
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
            T.add_node(tid, kind="treaty", bipartite=1, types=_TYPES_OF_MASK[u], size=e - s)
            for c, f in zip(my.ccode[s:e].tolist(), my.flags[s:e].tolist(), strict=True):
                T.add_edge(c, tid, types=_TYPES_OF_MASK[f])
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
    See :func:`treaty_graph`.
    """
    if not isinstance(T, nx.Graph) or T.graph.get("kind") != "treaty" or T.is_directed():
        raise GraphTypeError(
            "project_treaty_graph expects the undirected state–treaty graph returned by "
            f"treaty_graph (G.graph['kind'] == 'treaty'); got {type(T).__name__} with graph "
            f"attributes {sorted(T.graph) if isinstance(T, nx.Graph) else None}."
        )
    directed = _parse_flag(directed, "directed")
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
            attrs["value"] = max(_value_of_types(u, coding) for _, u in found)
        G.add_edge(a, b, **attrs)
    return G


def _value_of_types(types: set[str], coding: str) -> int:
    """Scalar version of :func:`_coded_values` (for readability in the projection)."""
    if coding == "cow":
        if "defense" in types:
            return 3
        if types & {"neutrality", "nonaggression"}:
            return 2
        return 1 if "entente" in types else 0
    if types & {"defense", "offense"}:
        return 3
    if types & {"neutrality", "consultation"}:
        return 2
    return 1 if "nonaggression" in types else 0


# --------------------------------------------------------------------------------------
# igraph bridges
# --------------------------------------------------------------------------------------

_NAME_ATTR = "statenme"


def to_igraph(G: nx.Graph):
    """Convert a networkx alliance graph to python-igraph, keeping every attribute.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Any simple graph, e.g. from :func:`alliance_graph` or :func:`treaty_graph`.

    Returns
    -------
    igraph.Graph
        Vertices in ``G.nodes`` order with vertex attribute ``name`` = the
        networkx node (the int ccode; treaty ids stay strings); every node
        attribute becomes a vertex attribute, except the node attribute ``name``
        (the state's name), which igraph reserves for vertex ids and so becomes
        ``statenme``. Edges in ``G.edges`` order with their attributes; graph
        attributes are copied; directedness is kept. A node or edge lacking an
        attribute that others have gets ``None`` there.

    Raises
    ------
    GraphTypeError
        `G` is a multigraph, or has a node attribute named ``statenme``
        (it would collide with the renamed ``name``).

    Notes
    -----
    :func:`from_igraph` inverts this exactly, except that an attribute whose
    value is ``None`` is treated as absent.

    Examples
    --------
    >>> import networkx as nx
    >>> import alliancenet as anet
    >>> G = nx.Graph(year=1950)
    >>> G.add_node(2, stateabb="USA", name="United States of America")
    >>> G.add_edge(2, 20, weight=1, alliances=("EX:A",))
    >>> h = anet.to_igraph(G)
    >>> h.vs["name"], h.vs["statenme"], h["year"]
    ([2, 20], ['United States of America', None], 1950)
    >>> nx.utils.graphs_equal(anet.from_igraph(h), G)
    True
    """
    import igraph as ig

    if not isinstance(G, nx.Graph) or G.is_multigraph():
        raise GraphTypeError(
            f"to_igraph expects a simple networkx Graph or DiGraph; got {type(G).__name__}."
        )
    nodes = list(G.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    edges = list(G.edges(data=True))
    h = ig.Graph(
        n=len(nodes),
        edges=[(index[u], index[v]) for u, v, _ in edges],
        directed=G.is_directed(),
    )
    node_keys: list[str] = []
    for _, data in G.nodes(data=True):
        for k in data:
            if k not in node_keys:
                node_keys.append(k)
    if _NAME_ATTR in node_keys:
        raise GraphTypeError(
            f"to_igraph: node attribute {_NAME_ATTR!r} is reserved for the networkx node "
            "attribute 'name' (igraph uses 'name' for vertex ids); rename it first."
        )
    h.vs["name"] = nodes
    for k in node_keys:
        h.vs[_NAME_ATTR if k == "name" else k] = [G.nodes[n].get(k) for n in nodes]
    edge_keys: list[str] = []
    for _, _, data in edges:
        for k in data:
            if k not in edge_keys:
                edge_keys.append(k)
    for k in edge_keys:
        h.es[k] = [data.get(k) for _, _, data in edges]
    for k, v in G.graph.items():
        h[k] = v
    return h


def from_igraph(h) -> nx.Graph:
    """Convert a python-igraph graph (e.g. from :func:`to_igraph`) back to networkx.

    Parameters
    ----------
    h : igraph.Graph

    Returns
    -------
    networkx.Graph or networkx.DiGraph
        Nodes are the vertex attribute ``name`` (vertex indices when absent);
        vertex attribute ``statenme`` becomes the node attribute ``name``; other
        vertex, edge and graph attributes are copied, ``None`` values left out.

    Raises
    ------
    GraphTypeError
        `h` is not an igraph graph, has repeated vertex names, or multi-edges.

    Examples
    --------
    See :func:`to_igraph`.
    """
    import igraph as ig

    if not isinstance(h, ig.Graph):
        raise GraphTypeError(f"from_igraph expects an igraph.Graph; got {type(h).__name__}.")
    vattrs = h.vs.attributes()
    names = h.vs["name"] if "name" in vattrs else list(range(h.vcount()))
    if len(set(names)) != len(names):
        raise GraphTypeError("from_igraph: vertex names repeat; they must identify the nodes.")
    G = nx.DiGraph() if h.is_directed() else nx.Graph()
    G.graph.update({k: h[k] for k in h.attributes()})
    columns = {k: h.vs[k] for k in vattrs if k != "name"}
    for i, n in enumerate(names):
        G.add_node(
            n,
            **{
                ("name" if k == _NAME_ATTR else k): col[i]
                for k, col in columns.items()
                if col[i] is not None
            },
        )
    ecolumns = {k: h.es[k] for k in h.es.attributes()}
    for e, (s, t) in enumerate(h.get_edgelist()):
        u, v = names[s], names[t]
        if G.has_edge(u, v):
            raise GraphTypeError(f"from_igraph: multi-edge between {u} and {v}; not supported.")
        G.add_edge(u, v, **{k: col[e] for k, col in ecolumns.items() if col[e] is not None})
    return G
