"""The dyad-year table behind the graphs (:func:`dyad_years`)."""

from __future__ import annotations

import warnings
from collections.abc import Iterable

import numpy as np
import pandas as pd

from .._docstrings import fill_doc
from .._obligations import BIT, OBLIGATIONS
from .._random import RNGLike
from ..datasets.treaties import select_alliances
from ..errors import DataWarning, ParameterError
from ..schema import KEY, StateSystem, coverage_of
from ._core import (
    add_gw_codes,
    canonical,
    dyad_alliance_years,
    parse_flag,
    parse_system,
    prepare,
    progress_bar,
)
from .covariates import covariate_columns, parse_covariates
from .graphs import alliance_graphs


@fill_doc
def dyad_years(
    members: pd.DataFrame,
    years: int | Iterable[int] | None = None,
    *,
    directed: bool = False,
    states: pd.DataFrame | StateSystem | None = None,
    carry_forward: bool = False,
    alliances: str | Iterable[str] | None = None,
    complete: bool = False,
    obligations: str | Iterable[str] = "defense",
    covariates: str | Iterable[str] | None = None,
    k: int = 3,
    system: str = "cow",
    rng: RNGLike = None,
    progress: bool = False,
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
    carry_forward : bool, default False
        As in :func:`alliance_graph`.
    alliances : str or sequence of str, optional
        Keep only these alliances (ids or names known to :func:`find_alliances`),
        as in :func:`alliance_graph`.
    complete : bool, default False
        List *every* dyad-year of system members (needs `states`), allied or not:
        ``n(n - 1)`` directed or ``n(n - 1)/2`` undirected rows for a year with
        ``n`` members. Flags are ``False`` (0) where the dyad shares no alliance
        and ``<NA>`` for the types the source does not code (see Returns).
    obligations : str or sequence of str, default ``"defense"``
        The network the covariates are measured on (as in :func:`alliance_graph`);
        the flag columns always report all six types.
    covariates : "all", str or sequence of str, optional
        Network covariates to append, measured each year on the undirected
        network of `obligations` (so both orders of a directed dyad carry the
        same dyadic value):

        ``shared_allies`` (int16)
            number of states allied to both;
        ``path_length`` (float32)
            fewest alliance ties between the two (1 = allied); ``inf`` when no
            chain of alliances connects them (it is never ``NaN``; replace with
            ``np.isinf`` before exporting, :func:`~alliancenet.write_table` writes it missing to Stata);
        ``reach`` → column ``reach_{k}`` (bool)
            ``path_length <= k`` (Li, Bradshaw, Clary & Cranmer 2017 use
            ``k = 3``);
        ``same_bloc`` (bool)
            both in the same bloc of :func:`blocs` (Leiden; `rng`);
        ``s``, ``kappa``, ``pi`` (float32)
            portfolio similarity of :func:`similarity` (ATOP valued coding);
        ``lag_tie`` (boolean)
            the dyad was tied in the previous year; ``<NA>`` when that year lies
            before the table's (or the states table's) first year or either state
            was not a node then;
        centralities ``<name>_1``, ``<name>_2`` (float32)
            each state's :func:`centrality` (normalised) in that year's network,
            for ``<name>`` among ``degree``, ``strength``, ``eigenvector``,
            ``betweenness``, ``closeness``, ``pagerank``, ``core_number``.

        ``"all"`` = ``shared_allies, path_length, reach, same_bloc, s, lag_tie,
        degree, eigenvector, betweenness``.
    k : int, default 3
        Steps for ``reach_{k}``.
    system : {"cow", "gw"}, default "cow"
        ``"gw"`` adds ``gwcode1``, ``gwcode2`` (nullable Int64) after the keys: the
        Gleditsch–Ward codes of the two states that year (:func:`cow_to_gw`, which
        warns about codes that mean different states in the two systems).
    rng : None, int, or numpy.random.Generator, optional
        Seeds the bloc detection of ``same_bloc`` (one child stream per year).
    progress : bool, default False
        Show a progress bar over the years while covariates are computed.

    Returns
    -------
    pandas.DataFrame
        Columns ``ccode1, ccode2, year`` and one flag column per obligation type
        (``defense, offense, neutrality, nonaggression, consultation, entente``),
        OR-ed over all alliances the dyad shares that year, then any covariates;
        sorted by ``year, ccode1, ccode2``. ``attrs`` holds ``source``,
        ``directed``, ``coverage`` and ``coded`` (the types the source codes).

        *Allied rows* (``complete=False``): only rows with at least one ``True``
        flag; keys int64 and flags ``bool``, except that a type the source does
        not code at all (ATOP ``entente``; COW ``offense``, ``consultation``) is
        ``<NA>`` in every row.

        *Complete* (``complete=True``): memory-lean dtypes, ``ccode1, ccode2``
        int32, ``year`` int16, flags nullable ``boolean``: ``False`` where the dyad
        shares no alliance carrying the type, ``<NA>`` in every row for a type the
        source does not code (a column that is ``<NA>`` throughout the membership
        table: ATOP codes no ``entente``, COW no ``offense`` or
        ``consultation``; :mod:`alliancenet.schema` lists them). In a table
        combining sources, a type is ``<NA>`` in the years that no source coding
        it covers (never 0 outside coverage); a year past the whole table's
        coverage is refused (:class:`CoverageError`).

    Raises
    ------
    ParameterError
        As in :func:`alliance_graph`; ``complete=True`` without `states`; an
        unknown covariate; `k` not a positive int.
    CoverageError, SchemaError
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

    Every dyad-year of the example's 1985 system members, with covariates:

    >>> ex, states = anet.load_example(), anet.load_example_states()
    >>> d = anet.dyad_years(ex, 1985, states=states, complete=True,
    ...                     covariates=["shared_allies", "path_length", "reach"])
    >>> n = len(states[states["year"] == 1985])
    >>> len(d) == n * (n - 1) // 2
    True
    >>> d.loc[(d.ccode1 == 2) & (d.ccode2 == 200),
    ...       ["defense", "entente", "shared_allies", "path_length", "reach_3"]]
        defense  entente  shared_allies  path_length  reach_3
    23     True     <NA>             14          1.0     True

    References
    ----------
    Li, W., Bradshaw, A. E., Clary, C. B., & Cranmer, S. J. (2017). A three-degree
    horizon of peace in the military alliance network. *Science Advances*, 3(3),
    e1601895. https://doi.org/10.1126/sciadv.1601895

    {{ref_atop}}
    """
    directed = parse_flag(directed, "directed")
    carry_forward = parse_flag(carry_forward, "carry_forward")
    complete = parse_flag(complete, "complete")
    codes = parse_system(system)
    names = parse_covariates(covariates)
    _check_k(k)
    m, ssys, years, sys_years, my = prepare(
        members,
        years,
        states,
        carry_forward,
        "dyad_years",
        default_all=True,
        stacklevel=3,
        alliances=alliances,
    )
    key, flags = _allied(my, directed)
    if complete:
        if ssys is None:
            raise ParameterError(
                "dyad_years: complete=True needs states= (the system members whose every "
                "dyad-year is listed); pass anet.read_states(...) or load_example_states()."
            )
        out = _complete(key, flags, ssys, years, sys_years, directed, m.coded_spans)
    else:
        out = pd.DataFrame(
            {
                "ccode1": (key // KEY) % KEY,
                "ccode2": key % KEY,
                "year": key // (KEY * KEY),
            }
        )
        for name in OBLIGATIONS:
            if m.coded[name]:
                out[name] = (flags & BIT[name]) != 0
            else:  # the source does not code this type: missing, never "not undertaken"
                out[name] = pd.array([pd.NA] * len(out), dtype="boolean")
    if names:
        out = _with_covariates(
            out,
            members,
            names,
            years,
            obligations=obligations,
            states=ssys,
            carry_forward=carry_forward,
            alliances=alliances,
            k=k,
            rng=rng,
            progress=progress,
        )
    if codes == "gw":
        add_gw_codes(out, ("ccode1", "ccode2"))
    out.attrs["source"] = m.source
    out.attrs["directed"] = bool(directed)
    out.attrs["coverage"] = m.coverage
    out.attrs["coded"] = [n for n in OBLIGATIONS if m.coded[n]]
    return out


def _check_k(k: object) -> None:
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
        raise ParameterError(
            f"dyad_years: k (steps for reach_k) must be a positive int; got {k!r}."
        )


def _allied(my, directed: bool) -> tuple[np.ndarray, np.ndarray]:
    """Sorted keys ``(year, ccode1, ccode2)`` and OR-ed obligation masks of the allied dyad-years."""
    year, c1, c2, _aid, flags = dyad_alliance_years(my, directed)
    keep = flags != 0
    key = (year[keep] * KEY + c1[keep]) * KEY + c2[keep]
    flags = flags[keep]
    order = np.argsort(key, kind="stable")
    key, flags = key[order], flags[order]
    if key.size:
        new = np.ones(key.size, dtype=bool)
        new[1:] = key[1:] != key[:-1]
        start = np.flatnonzero(new)
        key, flags = key[start], np.bitwise_or.reduceat(flags, start)
    return key, flags


def _complete(
    key, flags, system: StateSystem, years, sys_years, directed: bool, coded
) -> pd.DataFrame:
    """Every dyad-year of system members, flags 0 where no tie and <NA> for uncoded types."""
    y_parts, a_parts, b_parts = [], [], []
    cache: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for y, sy in zip(years.tolist(), sys_years.tolist(), strict=True):
        if sy not in cache:
            nodes = np.sort(system.nodes(sy)["ccode"].to_numpy(np.int64))
            n = nodes.size
            if directed:
                i, j = np.nonzero(~np.eye(n, dtype=bool))
            else:
                i, j = np.triu_indices(n, 1)
            cache[sy] = (nodes[i].astype(np.int32), nodes[j].astype(np.int32))
        a, b = cache[sy]
        a_parts.append(a)
        b_parts.append(b)
        y_parts.append(np.full(a.size, y, dtype=np.int16))
    c1 = np.concatenate(a_parts) if a_parts else np.zeros(0, np.int32)
    c2 = np.concatenate(b_parts) if b_parts else np.zeros(0, np.int32)
    year = np.concatenate(y_parts) if y_parts else np.zeros(0, np.int16)
    full = (year.astype(np.int64) * KEY + c1) * KEY + c2
    pos = np.minimum(np.searchsorted(key, full), max(key.size - 1, 0))
    found = (key[pos] == full) if key.size else np.zeros(full.size, dtype=bool)
    mask = np.where(found, flags[pos] if key.size else 0, 0)
    out = pd.DataFrame({"ccode1": c1, "ccode2": c2, "year": year})
    for name in OBLIGATIONS:
        values = (mask & BIT[name]) != 0
        missing = np.ones(
            full.size, dtype=bool
        )  # NA unless a source coding the type covers the year
        for first, last in coded[name]:
            missing &= (year < first) | (year > last)
        out[name] = pd.arrays.BooleanArray(values & ~missing, missing)
    return out


def _with_covariates(
    out, members, names, years, *, obligations, states, carry_forward, alliances, k, rng, progress
):
    """`out` with the covariate columns appended (computed on the undirected network)."""
    lag_years = years - 1
    first = coverage_of(canonical(members))[0]
    if states is not None:
        first = max(first, states.first)
    need = np.union1d(years, lag_years[lag_years >= first]) if "lag_tie" in names else years
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)  # already issued for the table itself
        graphs = alliance_graphs(
            members,
            need,
            obligations=obligations,
            states=states,
            carry_forward=carry_forward,
            alliances=alliances,
        )
        cols = covariate_columns(
            out,
            graphs,
            names,
            members=select_alliances(members, alliances, "dyad_years"),
            sim_options={"states": states, "carry_forward": carry_forward},
            k=k,
            rng=rng,
            progress=lambda items: progress_bar(items, progress, "dyad_years"),
        )
    for name, values in cols.items():
        out[name] = values
    return out
