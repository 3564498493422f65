"""Alliance-portfolio similarity for every dyad of the state system.

A state's *alliance portfolio* in a year is the row of a valued matrix: for
every system member ``k`` it holds the strongest obligation the state itself
undertook toward ``k`` in an alliance both belong to (0 = none). Two states'
foreign-policy similarity compares their portfolios entry by entry:
Signorino and Ritter's S, the chance-corrected Cohen's kappa and Scott's pi
(Häge 2011), or Kendall's tau-b (the measure S replaced).

:func:`similarity` scores every dyad of one year, :func:`similarity_panel`
many years at once. The per-pair building blocks (:func:`~alliancenet.s_score`,
:func:`~alliancenet.cohens_kappa`, :func:`~alliancenet.scotts_pi`,
:func:`~alliancenet.tau_b`, in :mod:`alliancenet.measures.agreement`) compute
one value for two portfolios with the plain textbook formula; :func:`similarity`
uses a vectorised version of the same formulas (matrix products over level
indicators, :mod:`alliancenet.measures._agreement_matrix`), and the tests check
that the two agree. The portfolios come from :mod:`alliancenet.measures._portfolios`.

Conventions (each one a parameter of :func:`similarity`):

* **coding** -- how obligations become values, read from the package's one
  table of scales (:data:`alliancenet.CODINGS`). ``"atop"`` (default; Chiba et
  al.): 3 defence or offence, 2 neutrality or consultation, 1 non-aggression
  only, 0 none. ``"cow"`` (Signorino and Ritter 1999): 3 defence, 2 neutrality
  or non-aggression, 1 entente only, 0 none. ``"binary"``: 1 for any
  obligation, 0 none. Obligations coded ``<NA>`` by the source count as absent.
* **portfolio rows** -- row ``i`` holds the obligations *i* undertook toward
  each other member (directed, as in ATOP), the maximum over the alliances the
  two share that year.
* **self-ties** (``self_tie=True``) -- a state's tie to itself is the top
  value of the scale (3, or 1 for binary), as in Signorino and Ritter's tables.
* **the portfolio's states** -- with ``states`` (a states table), exactly that
  year's system members, isolates included; states in alliances but not in the
  system that year are left out (with a warning), and years after the states
  table ends are refused unless ``carry_forward=True`` (then its last year is
  used, as in :func:`~alliancenet.alliance_graph`). Without ``states``: every state belonging to
  some alliance in force that year (states with no alliance at all are then
  absent, which changes the values; pass ``states`` to follow the literature).
* **levels** -- kappa, pi and tau-b count agreement over the full scale
  (``{0, 1, 2, 3}``), not only over the values observed in a pair.
* **undefined values** -- kappa, pi and tau-b are 0/0 when both portfolios are
  constant; they are returned as NaN, never raised.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

import numpy as np
import pandas as pd

from .._docstrings import fill_doc
from ..errors import ParameterError
from ..schema import StateSystem
from ._agreement_matrix import (
    DenseBlocks,
    SparseS,
    block_rows,
    measure_blocks,
    options,
    write_blocks,
)
from ._portfolios import Portfolios, as_years, check_weights, warn_missing, weights_for

__all__ = ["similarity", "similarity_panel"]


def _scored_years(
    members: pd.DataFrame,
    years: int | Iterable[int] | None,
    *,
    method: str,
    distance: str,
    weights: pd.Series | Callable[[int], pd.Series] | None,
    coding: str,
    states: pd.DataFrame | StateSystem | None,
    levels: Sequence[int] | None,
    kappa_weights: str,
    self_tie: bool,
    carry_forward: bool,
    progress: bool,
) -> Iterator[tuple[int, np.ndarray, DenseBlocks | SparseS]]:
    """Yield ``(year, nodes, blocks)`` for every requested year; inputs validated once."""
    check_weights(weights)
    opts = options(method, distance, coding, levels, kappa_weights, weights is not None)
    data = Portfolios(members, states, carry_forward)
    wanted = data.default_years() if years is None else as_years(years)
    scored = data.valued_matrices(wanted, opts.coding, self_tie)
    if progress:
        from tqdm.auto import tqdm

        scored = tqdm(scored, total=wanted.size, desc="similarity")
    missing: dict[int, list[int]] = {}
    for year, nodes, values in scored:
        w = weights_for(weights, year, nodes, missing)
        yield year, nodes, measure_blocks(values, w, opts)
    warn_missing(missing, stacklevel=4)


def _year_columns(
    year: int, nodes: np.ndarray, blocks: DenseBlocks | SparseS, ordered: bool
) -> tuple[np.ndarray, ...]:
    """One year's ccode1, ccode2, year and value columns, filled one block of rows at a time.

    Rows in row-major order of the matrix without its diagonal (``ordered``) or
    above it; the columns are allocated once at their final size.
    """
    n = nodes.size
    size = n * (n - 1) if ordered else n * (n - 1) // 2
    c1 = np.empty(size, dtype=np.int64)
    c2 = np.empty(size, dtype=np.int64)
    val = np.empty(size, dtype=float)
    if isinstance(blocks, SparseS):  # straight into the columns, no block in between
        blocks.fill(nodes, ordered, c1, c2, val)
        return c1, c2, np.full(size, year, dtype=np.int64), val
    write_blocks(blocks, nodes, ordered, c1, c2, val, block_rows(n))
    return c1, c2, np.full(size, year, dtype=np.int64), val


def _tidy(
    scored: Iterable[tuple[int, np.ndarray, DenseBlocks | SparseS]], method: str, ordered: bool
) -> pd.DataFrame:
    """The long table ccode1, ccode2, year, <method> of every scored year.

    Memory: the table itself (32 bytes per dyad) plus one block of rows; the
    columns of several years are joined at the end (one more copy of the table).
    """
    parts = [
        _year_columns(year, nodes.astype(np.int64), blocks, ordered)
        for year, nodes, blocks in scored
    ]
    if len(parts) == 1:
        cols = list(parts[0])
    elif parts:
        cols = [np.concatenate(c) for c in zip(*parts, strict=True)]
    else:
        cols = [np.zeros(0, dtype=np.int64)] * 3 + [np.zeros(0)]
    names = ("ccode1", "ccode2", "year", method)
    return pd.DataFrame(dict(zip(names, cols, strict=True)), copy=False)


@fill_doc
def similarity(
    members: pd.DataFrame,
    year: int,
    *,
    method: str = "s",
    distance: str = "absolute",
    weights: pd.Series | None = None,
    coding: str = "atop",
    states: pd.DataFrame | StateSystem | None = None,
    levels: Sequence[int] | None = None,
    kappa_weights: str = "linear",
    self_tie: bool = True,
    ordered: bool = True,
    carry_forward: bool = False,
    matrix: bool = False,
) -> pd.DataFrame:
    """Alliance-portfolio similarity of every dyad of states in one year.

    Parameters
    ----------
    members : pandas.DataFrame
        Canonical membership table (:mod:`alliancenet.schema`).
    year : int
        The year; must lie inside the data's coverage (and the states table's).
    method : {"s", "s_chance", "kappa", "pi", "taub"}
        ``"s"``: Signorino and Ritter's S. ``"s_chance"``: S corrected for
        chance agreement (Häge 2011), :math:`(S - S_e)/(1 - S_e)` with
        :math:`S_e` the S expected if the two portfolios were independent draws
        from each state's own marginals; it equals Cohen's kappa over the full
        scale with linear (absolute distances) or quadratic (squared) weights.
        ``"kappa"``: Cohen's kappa. ``"pi"``: Scott's pi. ``"taub"``:
        Kendall's tau-b.
    distance : {"absolute", "squared"}
        Distance between two ties in S (and ``"s_chance"``). ``d_max`` is the top
        of the coding's scale (3, or 1 for binary).
    weights : pandas.Series, optional
        Non-negative weight of each state as an entry of the portfolios, indexed
        by ccode, e.g. ``anet.capabilities(anet.read_nmc(path), year)``. Used by
        S, kappa and pi (weighted proportions); not by tau-b. Portfolio states
        missing from `weights` (or with NaN) get weight 0 and a
        :class:`~alliancenet.errors.DataWarning` naming them.
    coding : {"atop", "cow", "binary"}, default "atop"
        Value of an obligation, from the package's table of scales
        (:data:`alliancenet.CODINGS`): ATOP scale (3 defence or offence, 2
        neutrality or consultation, 1 non-aggression only, 0 none), COW scale (3
        defence, 2 neutrality or non-aggression, 1 entente, 0 none) or binary (1
        any obligation). S is defined on valued ties, hence the valued default
        (the builders' ``coding=None``, "count alliances", is not a scale).
    states : pandas.DataFrame or StateSystem, optional
        States table (``ccode``, ``year``; e.g. ``anet.read_states``), or one
        already validated with :func:`alliancenet.schema.state_system`. The
        portfolios then run over exactly that year's system members, isolates
        included, as in the literature. Without it they run over every state
        that belongs to some alliance in force that year.
    levels : sequence of int, optional
        Categories for kappa, pi and tau-b. Default: the full scale of `coding`
        (0..3, or 0..1), whatever values a year happens to show.
    kappa_weights : {"nominal", "linear", "quadratic"}
        Disagreement weights of kappa and pi (see :func:`~alliancenet.cohens_kappa`).
    self_tie : bool
        A state's tie to itself is the top value of the scale (default, as in
        Signorino and Ritter); False codes it 0.
    ordered : bool
        True (default): both orders of every dyad (``ccode1 != ccode2``), like
        directed dyad-year files, so merges on directed dyads work (the measure is
        symmetric, so both rows hold the same value). False: one row per dyad
        with ``ccode1 < ccode2``.
    {{carry_forward}}
    matrix : bool
        Return the square matrix (diagonal included) instead of the tidy table.

    Returns
    -------
    pandas.DataFrame
        Tidy: columns ``ccode1``, ``ccode2``, ``year`` and one value column named
        after the method (``s``, ``s_chance``, ``kappa``, ``pi``, ``taub``). With
        ``matrix=True``: a square frame indexed and columned by ``ccode``.
        Undefined values (kappa, pi, tau-b of two constant portfolios) are NaN.

    Raises
    ------
    ParameterError
        Unknown method, distance, coding or kappa weights; negative weights;
        weights with tau-b; values outside `levels`.
    CoverageError
        `year` outside the data's coverage.
    SchemaError
        `members` or `states` is not a table of the documented shape.

    Warns
    -----
    DataWarning
        Some portfolio states have no weight (they count with weight 0); alliance
        members outside the state system were left out, or the states table was
        carried forward (both from :func:`~alliancenet.dyad_years`).

    Notes
    -----
    Portfolio of state i: :math:`x_{ik}` = the strongest obligation i undertook
    toward k in an alliance both belong to that year (its value on the scale of
    `coding`), :math:`x_{ii}` = top value. For states i, j with entry weights
    :math:`w_k` (default 1),

    .. math::

        S_{ij} = 1 - \\frac{2 \\sum_k w_k\\, d(x_{ik}, x_{jk})}{d_{max} \\sum_k w_k},

    with :math:`d = |a - b|` (absolute) or :math:`d = (a-b)^2` and
    :math:`d_{max}^2` in the denominator (squared). Kappa and pi compare the
    weighted joint distribution of :math:`(x_{ik}, x_{jk})` over the level set
    with the one expected by chance (:func:`cohens_kappa`, :func:`scotts_pi`).
    All pairs are computed at once with matrix products over level indicators.

    References
    ----------
    .. [1] Signorino, C. S., and J. M. Ritter. 1999. "Tau-b or Not Tau-b:
       Measuring the Similarity of Foreign Policy Positions." International
       Studies Quarterly 43(1): 115-144. doi:10.1111/0020-8833.00113
    .. [2] Häge, F. M. 2011. "Choice or Circumstance? Adjusting Measures of
       Foreign Policy Similarity for Chance Agreement." Political Analysis
       19(3): 287-305. doi:10.1093/pan/mpr023

    Examples
    --------
    The bundled example in 1985 (69 system members): the USA and the UK share
    NATO, but the UK is in neither the Rio Pact nor the US pacts in Asia and the
    Pacific; the UK and France have the same portfolio:

    >>> import alliancenet as anet
    >>> members, states = anet.load_example(), anet.load_example_states()
    >>> s = anet.similarity(members, 1985, states=states, matrix=True)
    >>> s.shape
    (69, 69)
    >>> s.loc[[2, 200, 220, 365], [2, 200, 220, 365]].round(3)
    ccode    2      200    220    365
    ccode
    2      1.000  0.246  0.246 -0.420
    200    0.246  1.000  1.000  0.333
    220    0.246  1.000  1.000  0.333
    365   -0.420  0.333  0.333  1.000

    A hand-checkable table: A is a defence pact of 2 and 200, B a
    non-aggression pact of 2 and 365. The portfolios over (2, 200, 365) are
    2: (3, 3, 1), 200: (3, 3, 0), 365: (1, 0, 3), so S(2, 200) = 1 - 2 * 1 / (3 * 3):

    >>> import pandas as pd
    >>> from alliancenet.schema import validate_memberships
    >>> t = validate_memberships(pd.DataFrame({
    ...     "alliance_id": ["A", "A", "B", "B"], "ccode": [2, 200, 365, 2],
    ...     "start_year": [1949] * 4, "end_year": [1960] * 4, "defense": [1, 1, 0, 0],
    ...     "nonaggression": [0, 0, 1, 1]}))
    >>> anet.similarity(t, 1950, matrix=True).round(3)
    ccode    2      200    365
    ccode
    2      1.000  0.778 -0.556
    200    0.778  1.000 -0.778
    365   -0.556 -0.778  1.000
    >>> anet.similarity(t, 1950, ordered=False)
       ccode1  ccode2  year         s
    0       2     200  1950  0.777778
    1       2     365  1950 -0.555556
    2     200     365  1950 -0.777778
    """
    if isinstance(year, bool) or not isinstance(year, int | np.integer | float | np.floating):
        raise ParameterError(
            f"year must be one whole number; got {year!r}. For several years use "
            "anet.similarity_panel(members, years, ...)."
        )
    scored = _scored_years(
        members,
        year,
        method=method,
        distance=distance,
        weights=weights,
        coding=coding,
        states=states,
        levels=levels,
        kappa_weights=kappa_weights,
        self_tie=self_tie,
        carry_forward=carry_forward,
        progress=False,
    )
    if not matrix:
        return _tidy(scored, method, ordered)
    ((_, nodes, blocks),) = list(scored)
    if isinstance(blocks, SparseS):
        mat = blocks.matrix()
    else:
        mat = blocks.block(0, blocks.n)
    index = pd.Index(nodes, name="ccode")
    return pd.DataFrame(mat, index=index, columns=index.copy())


@fill_doc
def similarity_panel(
    members: pd.DataFrame,
    years: int | Iterable[int] | None = None,
    *,
    method: str = "s",
    distance: str = "absolute",
    weights: pd.Series | Callable[[int], pd.Series] | None = None,
    coding: str = "atop",
    states: pd.DataFrame | StateSystem | None = None,
    levels: Sequence[int] | None = None,
    kappa_weights: str = "linear",
    self_tie: bool = True,
    ordered: bool = True,
    carry_forward: bool = False,
    progress: bool = False,
) -> pd.DataFrame:
    """Portfolio similarity of every dyad in many years (one tidy table).

    Parameters
    ----------
    members : pandas.DataFrame
        Canonical membership table.
    years : int or iterable of int, optional
        Years to score. Default: every year covered by `members` (and by
        `states`, when given; with ``carry_forward=True`` also the years after
        the states table ends).
    weights : pandas.Series or callable, optional
        A Series indexed by ccode used in every year, or a function of the year
        returning one, e.g. ``lambda y: anet.capabilities(nmc, y)``. States
        without a weight get 0, with one :class:`~alliancenet.errors.DataWarning`
        listing them by year.
    method, distance, coding, states, levels, kappa_weights, self_tie, ordered, carry_forward
        As in :func:`similarity`.
    {{progress}}

    Returns
    -------
    pandas.DataFrame
        Columns ``ccode1``, ``ccode2``, ``year`` and the value column named after
        the method, sorted by year.

    Raises
    ------
    ParameterError, CoverageError, SchemaError
        As in :func:`similarity`.

    Notes
    -----
    The membership table is expanded to state-years once; each year's valued
    matrix and all its dyads are then computed with matrix products, so the whole
    ATOP panel (about two million directed dyad-years) takes seconds. Each
    year's values are those of :func:`similarity` for that year alone (formulas
    there), e.g. :math:`S_{ij} = 1 - 2 \\sum_k w_k |x_{ik} - x_{jk}| / (d_{max}
    \\sum_k w_k)`, over that year's portfolio states.

    References
    ----------
    .. [1] Signorino, C. S., and J. M. Ritter. 1999. "Tau-b or Not Tau-b:
       Measuring the Similarity of Foreign Policy Positions." International
       Studies Quarterly 43(1): 115-144. doi:10.1111/0020-8833.00113
    .. [2] Häge, F. M. 2011. "Choice or Circumstance? Adjusting Measures of
       Foreign Policy Similarity for Chance Agreement." Political Analysis
       19(3): 287-305. doi:10.1093/pan/mpr023

    Examples
    --------
    USA-Russia in the bundled example (twelve collective-security treaties),
    as the Cold War ends:

    >>> import alliancenet as anet
    >>> members, states = anet.load_example(), anet.load_example_states()
    >>> panel = anet.similarity_panel(members, range(1988, 1994), states=states)
    >>> usa_rus = panel[(panel["ccode1"] == 2) & (panel["ccode2"] == 365)]
    >>> usa_rus.set_index("year")["s"].round(3).to_dict()
    {1988: -0.391, 1989: -0.391, 1990: -0.371, 1991: -0.19, 1992: -0.037, 1993: -0.012}
    """
    scored = _scored_years(
        members,
        years,
        method=method,
        distance=distance,
        weights=weights,
        coding=coding,
        states=states,
        levels=levels,
        kappa_weights=kappa_weights,
        self_tie=self_tie,
        carry_forward=carry_forward,
        progress=progress,
    )
    return _tidy(scored, method, ordered)
