"""Alliance-portfolio similarity for every dyad of the state system.

A state's *alliance portfolio* in a year is the row of a valued matrix: for
every system member ``k`` it holds the strongest obligation the state itself
undertook toward ``k`` in an alliance both belong to (0 = none). Two states'
foreign-policy similarity compares their portfolios entry by entry:
Signorino and Ritter's S, the chance-corrected Cohen's kappa and Scott's pi
(Häge 2011), or Kendall's tau-b (the measure S replaced).

:func:`similarity` scores every dyad of one year, :func:`similarity_panel`
many years at once. The per-pair building blocks :func:`s_score`,
:func:`cohens_kappa`, :func:`scotts_pi` and :func:`tau_b` compute one value for
two portfolios with the plain textbook formula; :func:`similarity` uses a
vectorised version of the same formulas (matrix products over level
indicators), and the tests check that the two agree.

Conventions (each one a parameter of :func:`similarity`):

* **coding** -- how obligations become values. ``"atop"`` (default; Chiba et
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
  table ends use its last year (``carry_forward``, as in
  :func:`~alliancenet.alliance_graph`). Without ``states``: every state belonging to
  some alliance in force that year (states with no alliance at all are then
  absent, which changes the values; pass ``states`` to follow the literature).
* **levels** -- kappa, pi and tau-b count agreement over the full scale
  (``{0, 1, 2, 3}``), not only over the values observed in a pair.
* **undefined values** -- kappa, pi and tau-b are 0/0 when both portfolios are
  constant; they are returned as NaN, never raised.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Sequence

import numpy as np
import pandas as pd

from ..errors import CoverageError, DataWarning, ParameterError, SchemaError
from ..schema import OBLIGATIONS, coverage_of

__all__ = [
    "similarity",
    "similarity_panel",
    "s_score",
    "cohens_kappa",
    "scotts_pi",
    "tau_b",
]

#: Valid values of the ``method`` argument.
METHODS: tuple[str, ...] = ("s", "s_chance", "kappa", "pi", "taub")
_CODINGS = {"atop": 3, "cow": 3, "binary": 1}
_DISTANCES = ("absolute", "squared")
_KAPPA_WEIGHTS = ("nominal", "linear", "quadratic")
_FULL_SCALE = (0, 1, 2, 3)


# ---------------------------------------------------------------------------
# argument checks
# ---------------------------------------------------------------------------


def _check_choice(value, allowed, name: str) -> str:
    if value not in allowed:
        raise ParameterError(
            f"{name} must be one of {list(allowed)}; got {value!r}. Pick one of those."
        )
    return value


def _as_levels(levels) -> np.ndarray:
    arr = np.asarray(list(levels))
    if arr.ndim != 1 or arr.size == 0:
        raise ParameterError(
            f"levels must be a non-empty sequence of whole numbers; got {levels!r}. "
            "Pass e.g. (0, 1, 2, 3)."
        )
    if not np.issubdtype(arr.dtype, np.number) or np.any(arr != np.round(arr)):
        raise ParameterError(f"levels must be whole numbers; got {levels!r}.")
    arr = arr.astype(np.int64)
    if np.unique(arr).size != arr.size:
        raise ParameterError(f"levels must not repeat a value; got {levels!r}.")
    return np.sort(arr)


def _disagreement(k: int, kappa_weights: str) -> np.ndarray:
    """Disagreement weights between level positions 0..k-1 (a k x k array)."""
    _check_choice(kappa_weights, _KAPPA_WEIGHTS, "kappa_weights")
    pos = np.arange(k, dtype=float)
    diff = np.abs(pos[:, None] - pos[None, :])
    if kappa_weights == "nominal":
        return (diff > 0).astype(float)
    scaled = diff / (k - 1) if k > 1 else diff
    return scaled if kappa_weights == "linear" else scaled**2


def _pair_arrays(x, y, weights=None):
    """Two portfolios (and item weights) as float arrays of equal length."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.ndim != 1 or x.shape != y.shape:
        raise ParameterError(
            f"x and y must be one-dimensional portfolios of equal length; got shapes "
            f"{x.shape} and {y.shape}."
        )
    if np.isnan(x).any() or np.isnan(y).any():
        raise ParameterError("x and y must not contain NaN; code absent ties as 0.")
    if weights is None:
        w = np.ones_like(x)
    else:
        w = np.asarray(weights, dtype=float)
        if w.shape != x.shape:
            raise ParameterError(
                f"weights must have one value per portfolio entry ({x.size}); got shape {w.shape}."
            )
        if np.isnan(w).any() or (w < 0).any():
            raise ParameterError("weights must be non-negative numbers (no NaN).")
    return x, y, w


def _level_positions(values: np.ndarray, levels: np.ndarray, what: str) -> np.ndarray:
    pos = np.searchsorted(levels, values)
    ok = (pos < levels.size) & (levels[np.minimum(pos, levels.size - 1)] == values)
    if not ok.all():
        bad = sorted(set(values[~ok].tolist()))[:5]
        raise ParameterError(
            f"{what} holds values {bad} that are not among levels {levels.tolist()}; "
            "pass levels that include every value of the scale."
        )
    return pos


# ---------------------------------------------------------------------------
# per-pair building blocks (plain formulas; the reference for the vectorised code)
# ---------------------------------------------------------------------------


def s_score(x, y, *, weights=None, distance: str = "absolute", dmax=3) -> float:
    """Signorino and Ritter's S for two portfolios.

    Parameters
    ----------
    x, y : array_like
        Two portfolios of equal length (e.g. valued alliance ties 0..3 toward
        every system member, each state's tie to itself included).
    weights : array_like, optional
        Non-negative weight of each entry (e.g. material capabilities). Default:
        all 1.
    distance : {"absolute", "squared"}
        Absolute distances (Signorino and Ritter) or squared distances (Häge's
        convention).
    dmax : float or array_like
        Largest possible distance between two entries: 3 for the valued 0..3
        scales, 1 for binary ties; an array gives a per-entry maximum.

    Returns
    -------
    float
        S in [-1, 1]; 1 for identical portfolios. NaN if all weights are 0.

    Raises
    ------
    ParameterError
        Lengths differ, weights are negative, or a distance exceeds `dmax`.

    Notes
    -----
    With weights :math:`w_k` and maximum distance :math:`d_k` of entry k,

    .. math::

        S_{abs} = 1 - 2\\,\\frac{\\sum_k w_k |x_k - y_k| / d_k}{\\sum_k w_k},
        \\qquad
        S_{sq} = 1 - 2\\,\\frac{\\sum_k w_k (x_k - y_k)^2 / d_k^2}{\\sum_k w_k}.

    With one `dmax` for all entries this is :math:`1 - 2\\sum w|x-y| / (d_{max}
    \\sum w)`. The squared form follows Häge (2011); it differs from the
    Euclidean-norm estimator of some R packages.

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
    Signorino and Ritter's Table 5, pair (a):

    >>> from alliancenet.measures.similarity import s_score
    >>> round(s_score([0, 1, 2, 3], [3, 2, 1, 0]), 4)
    -0.3333
    >>> round(s_score([0, 1, 2, 3], [3, 2, 1, 0], distance="squared"), 4)
    -0.1111
    """
    x, y, w = _pair_arrays(x, y, weights)
    _check_choice(distance, _DISTANCES, "distance")
    try:
        m = np.broadcast_to(np.asarray(dmax, dtype=float), x.shape)
    except (TypeError, ValueError):
        raise ParameterError(
            f"dmax must be a positive number or one value per portfolio entry ({x.size}); "
            f"got {dmax!r}."
        ) from None
    if (m <= 0).any():
        raise ParameterError(f"dmax must be positive; got {dmax!r}.")
    diff = np.abs(x - y)
    if (diff > m + 1e-12).any():
        raise ParameterError(
            f"a distance |x - y| = {diff.max():g} exceeds dmax; set dmax to the largest "
            "possible distance of your scale (3 for 0..3)."
        )
    d = diff / m if distance == "absolute" else (diff / m) ** 2
    total = w.sum()
    if total == 0:
        return float("nan")
    return float(1.0 - 2.0 * (w * d).sum() / total)


def _agreement_tables(x, y, levels, weights):
    x, y, w = _pair_arrays(x, y, weights)
    lev = _as_levels(levels)
    px = _level_positions(x, lev, "x")
    py = _level_positions(y, lev, "y")
    k = lev.size
    joint = np.zeros((k, k))
    np.add.at(joint, (px, py), w)
    total = w.sum()
    if total == 0:
        return None
    return joint / total


def _chance_corrected(observed: float, expected: float) -> float:
    if expected <= 1e-12:
        return float("nan")
    return float(1.0 - observed / expected)


def cohens_kappa(
    x, y, *, levels: Sequence[int] = _FULL_SCALE, kappa_weights: str = "linear", weights=None
) -> float:
    """Cohen's kappa (weighted) between two portfolios.

    Parameters
    ----------
    x, y : array_like
        Two portfolios of equal length, values among `levels`.
    levels : sequence of int
        The categories of the scale, in order. Default ``(0, 1, 2, 3)`` (the
        valued alliance scales); use ``(0, 1)`` for binary ties. Use the full
        scale, not only the values observed in this pair.
    kappa_weights : {"nominal", "linear", "quadratic"}
        Disagreement weights between level positions ``a`` and ``b`` among K
        levels: ``1[a != b]``, ``|a - b|/(K-1)`` or ``(|a - b|/(K-1))**2``.
    weights : array_like, optional
        Non-negative weight of each entry (e.g. capabilities); proportions are
        weighted. Default: all 1.

    Returns
    -------
    float
        Kappa (1 = perfect agreement, 0 = chance agreement); NaN when the
        expected disagreement is 0 (both portfolios constant at one value).

    Notes
    -----
    With observed joint proportions :math:`p_{ab}`, marginals :math:`p_{a\\cdot}`,
    :math:`p_{\\cdot b}` and disagreement weights :math:`\\delta_{ab}`,

    .. math:: \\kappa = 1 - \\frac{\\sum_{ab} \\delta_{ab} p_{ab}}
              {\\sum_{ab} \\delta_{ab} p_{a\\cdot} p_{\\cdot b}}.

    With linear weights over the full scale, kappa equals Häge's
    chance-corrected S, :math:`(S - S_e)/(1 - S_e)` with absolute distances
    (quadratic weights: squared distances).

    References
    ----------
    .. [1] Cohen, J. 1960. "A Coefficient of Agreement for Nominal Scales."
       Educational and Psychological Measurement 20(1): 37-46.
       doi:10.1177/001316446002000104
    .. [2] Häge, F. M. 2011. Political Analysis 19(3): 287-305.
       doi:10.1093/pan/mpr023

    Examples
    --------
    >>> from alliancenet.measures.similarity import cohens_kappa
    >>> round(cohens_kappa([3, 0, 0, 1], [3, 0, 1, 1]), 4)
    0.8
    >>> cohens_kappa([0, 0, 0], [0, 0, 0])
    nan
    """
    p = _agreement_tables(x, y, levels, weights)
    if p is None:
        return float("nan")
    delta = _disagreement(p.shape[0], kappa_weights)
    expected = np.outer(p.sum(axis=1), p.sum(axis=0))
    return _chance_corrected((delta * p).sum(), (delta * expected).sum())


def scotts_pi(
    x, y, *, levels: Sequence[int] = _FULL_SCALE, kappa_weights: str = "linear", weights=None
) -> float:
    """Scott's pi (weighted) between two portfolios.

    Like :func:`cohens_kappa`, but the agreement expected by chance comes from
    the two portfolios' pooled marginals, so two states that differ in how many
    ties they hold are not credited for it.

    Parameters
    ----------
    x, y, levels, kappa_weights, weights
        As in :func:`cohens_kappa`.

    Returns
    -------
    float
        Pi; NaN when the expected disagreement is 0.

    Notes
    -----
    With pooled marginals :math:`m_a = (p_{a\\cdot} + p_{\\cdot a})/2`,

    .. math:: \\pi = 1 - \\frac{\\sum_{ab} \\delta_{ab} p_{ab}}
              {\\sum_{ab} \\delta_{ab} m_a m_b}.

    References
    ----------
    .. [1] Scott, W. A. 1955. "Reliability of Content Analysis: The Case of
       Nominal Scale Coding." Public Opinion Quarterly 19(3): 321-325.
       doi:10.1086/266577
    .. [2] Häge, F. M. 2011. Political Analysis 19(3): 287-305.
       doi:10.1093/pan/mpr023

    Examples
    --------
    >>> from alliancenet.measures.similarity import scotts_pi
    >>> round(scotts_pi([3, 0, 0, 1], [3, 0, 1, 1]), 4)
    0.7949
    """
    p = _agreement_tables(x, y, levels, weights)
    if p is None:
        return float("nan")
    delta = _disagreement(p.shape[0], kappa_weights)
    pooled = (p.sum(axis=1) + p.sum(axis=0)) / 2
    return _chance_corrected((delta * p).sum(), (delta * np.outer(pooled, pooled)).sum())


def tau_b(x, y) -> float:
    """Kendall's tau-b between two portfolios.

    Parameters
    ----------
    x, y : array_like
        Two portfolios of equal length.

    Returns
    -------
    float
        Tau-b in [-1, 1]; NaN when either portfolio is constant (0/0).

    Notes
    -----
    Over all pairs of entries :math:`k < l`, with :math:`n_c` concordant and
    :math:`n_d` discordant pairs, :math:`n_0 = n(n-1)/2` and
    :math:`n_1, n_2` the pairs tied in x and in y,

    .. math:: \\tau_b = \\frac{n_c - n_d}{\\sqrt{(n_0 - n_1)(n_0 - n_2)}}.

    Signorino and Ritter (1999) show why tau-b is a poor measure of portfolio
    similarity (it measures association, not agreement); it is here for
    replication of older work.

    References
    ----------
    .. [1] Kendall, M. G. 1945. "The Treatment of Ties in Ranking Problems."
       Biometrika 33(3): 239-251. doi:10.1093/biomet/33.3.239
    .. [2] Signorino, C. S., and J. M. Ritter. 1999. International Studies
       Quarterly 43(1): 115-144. doi:10.1111/0020-8833.00113

    Examples
    --------
    >>> from alliancenet.measures.similarity import tau_b
    >>> tau_b([0, 1, 2, 3], [3, 2, 1, 0])
    -1.0
    """
    x, y, _ = _pair_arrays(x, y)
    sx = np.sign(x[:, None] - x[None, :])
    sy = np.sign(y[:, None] - y[None, :])
    num = (sx * sy).sum() / 2
    untied_x = (sx != 0).sum() / 2
    untied_y = (sy != 0).sum() / 2
    denom = np.sqrt(untied_x * untied_y)
    return float(num / denom) if denom > 0 else float("nan")


# ---------------------------------------------------------------------------
# vectorised cores on a valued matrix (rows = portfolios)
# ---------------------------------------------------------------------------


def _s_matrix(values: np.ndarray, w: np.ndarray, distance: str, dmax: float) -> np.ndarray:
    """S for every pair of rows of an integer matrix with entries 0..top.

    Absolute distances use cumulative indicators: for integers,
    ``|a - b| = sum_t |1[a > t] - 1[b > t]|`` and, for 0/1 indicators,
    ``|c - d| = c + d - 2cd``, so the weighted distances of all pairs are
    ``sum_t r_t[i] + r_t[j] - 2 (C_t W C_t')[i, j]`` -- matrix products.
    Squared distances: ``(a - b)^2 = a^2 + b^2 - 2ab``.
    """
    n = values.shape[0]
    total = w.sum()
    if n == 0:
        return np.zeros((0, 0))
    if total <= 0:
        return np.full((n, n), np.nan)
    if distance == "absolute":
        top = max(int(values.max()), 1)
        # stack the indicators 1[x > t], t = 0..top-1, side by side: one product
        c = np.concatenate([values > t for t in range(top)], axis=1).astype(float)
        cw = c * np.tile(w, top)
        r = cw.sum(axis=1)
        dist = r[:, None] + r[None, :] - 2.0 * (cw @ c.T)
        scale = dmax
    else:
        v = values.astype(float)
        vw = v * w
        q = (vw * v).sum(axis=1)
        dist = q[:, None] + q[None, :] - 2.0 * (vw @ v.T)
        scale = dmax**2
    np.maximum(dist, 0.0, out=dist)
    out = 1.0 - 2.0 * dist / (scale * total)
    np.fill_diagonal(out, 1.0)
    return out


def _onehot(positions: np.ndarray, k: int) -> np.ndarray:
    """(k, n, n) float indicators: ``[c, i, j] = 1[positions[i, j] == c]``."""
    return (positions[None, :, :] == np.arange(k)[:, None, None]).astype(float)


def _agreement_matrix(
    positions: np.ndarray, w: np.ndarray, k: int, method: str, kappa_weights: str
) -> np.ndarray:
    """Cohen's kappa or Scott's pi for every pair of rows (level positions 0..k-1)."""
    n = positions.shape[0]
    if n == 0:
        return np.zeros((0, 0))
    total = w.sum()
    if total <= 0:
        return np.full((n, n), np.nan)
    delta = _disagreement(k, kappa_weights)
    onehot = _onehot(positions, k)  # (k, n, n): level c, state i, entry k
    weighted = onehot * (w / total)
    # observed disagreement: sum_c (O_c W) (sum_d delta_cd O_d)'
    mixed = np.tensordot(delta, onehot, axes=(1, 0))  # (k, n, n)
    observed = np.einsum("cik,cjk->ij", weighted, mixed, optimize=True)
    marg = weighted.sum(axis=2).T  # (n, k): weighted proportion of each level per state
    cross = marg @ delta @ marg.T
    if method == "kappa":
        expected = cross
    else:
        own = np.diag(cross)
        expected = (own[:, None] + own[None, :] + 2.0 * cross) / 4.0
    with np.errstate(divide="ignore", invalid="ignore"):
        out = 1.0 - observed / expected
    out[expected <= 1e-12] = np.nan
    return out


def _taub_matrix(positions: np.ndarray, k: int) -> np.ndarray:
    """Kendall's tau-b for every pair of rows, from the pairs' k x k contingency tables."""
    n = positions.shape[0]
    if n == 0:
        return np.zeros((0, 0))
    onehot = _onehot(positions, k)
    flat = onehot.reshape(k * n, n)
    table = (flat @ flat.T).reshape(k, n, k, n).transpose(1, 3, 0, 2)  # (i, j, c, e)
    sgn = np.sign(np.arange(k)[:, None] - np.arange(k)[None, :]).astype(float)
    # n_c - n_d = 1/2 sum_{c,d,e,f} sgn(c-d) sgn(e-f) N_ce N_df
    mixed = np.einsum("cd,ijde,ef->ijcf", sgn, table, sgn.T, optimize=True)
    num = 0.5 * np.einsum("ijce,ijce->ij", table, mixed)
    counts = onehot.sum(axis=2).T  # (n, k)
    m = positions.shape[1]
    untied = (m * m - (counts**2).sum(axis=1)) / 2.0  # pairs not tied within each portfolio
    denom = np.sqrt(untied[:, None] * untied[None, :])
    with np.errstate(divide="ignore", invalid="ignore"):
        out = num / denom
    out[denom <= 0] = np.nan
    return out


def _measure_matrix(values: np.ndarray, w: np.ndarray | None, opts: dict) -> np.ndarray:
    """Dispatch one year's valued matrix to the vectorised core of `opts['method']`."""
    n = values.shape[0]
    if w is None:
        w = np.ones(n)
    method = opts["method"]
    if method == "s":
        return _s_matrix(values, w, opts["distance"], opts["top"])
    if method == "s_chance":
        kw = "linear" if opts["distance"] == "absolute" else "quadratic"
        full = np.arange(opts["top"] + 1)
        return _agreement_matrix(values, w, full.size, "kappa", kw)
    levels = opts["levels"]
    positions = _level_positions(values.ravel(), levels, "the valued matrix").reshape(values.shape)
    if method == "taub":
        return _taub_matrix(positions, levels.size)
    return _agreement_matrix(positions, w, levels.size, method, opts["kappa_weights"])


# ---------------------------------------------------------------------------
# from a membership table to valued matrices
# ---------------------------------------------------------------------------


def _code_ties(ties: pd.DataFrame, coding: str) -> np.ndarray:
    """Value of each directed dyad-year of :func:`~alliancenet.dyad_years` on the scale.

    The flags are OR-ed over the alliances a dyad shares; on these nested scales the
    value of the OR-ed flags equals the maximum over the alliances of each one's value.
    """
    f = {c: ties[c].to_numpy(dtype=bool) for c in OBLIGATIONS}
    if coding == "atop":
        conds = [f["defense"] | f["offense"], f["neutrality"] | f["consultation"],
                 f["nonaggression"]]  # fmt: skip
        return np.select(conds, [3, 2, 1], 0).astype(np.int8)
    if coding == "cow":
        conds = [f["defense"], f["neutrality"] | f["nonaggression"], f["entente"]]
        return np.select(conds, [3, 2, 1], 0).astype(np.int8)
    return np.logical_or.reduce([f[c] for c in OBLIGATIONS]).astype(np.int8)


def _check_members(members) -> pd.DataFrame:
    if not isinstance(members, pd.DataFrame):
        raise SchemaError(
            f"members must be a membership table (pandas DataFrame); got {type(members).__name__}. "
            "Read one with anet.read_atop / anet.read_cow or build it with validate_memberships."
        )
    missing = [c for c in ("alliance_id", "ccode", "start_year") if c not in members.columns]
    if missing:
        raise SchemaError(
            f"members lacks column(s) {missing}; got {list(members.columns)[:12]}. "
            "Pass a canonical membership table (see alliancenet.schema.validate_memberships)."
        )
    return members


def _check_states(states) -> pd.DataFrame | None:
    if states is None:
        return None
    if not isinstance(states, pd.DataFrame) or not {"ccode", "year"} <= set(states.columns):
        got = list(states.columns) if isinstance(states, pd.DataFrame) else type(states).__name__
        raise SchemaError(
            f"states must be a states table with columns 'ccode' and 'year' (one row per "
            f"state-year); got {got}. Read one with anet.read_states."
        )
    if len(states) == 0:
        raise SchemaError("states: the states table is empty; pass one row per state-year.")
    return states


def _states_span(states: pd.DataFrame) -> tuple[int, int]:
    if "coverage" in states.attrs:
        first, last = states.attrs["coverage"]
        return int(first), int(last)
    return int(states["year"].min()), int(states["year"].max())


def _default_years(members, states, carry_forward: bool) -> np.ndarray:
    """Every year of the membership table's coverage (and the states table's, as in build)."""
    if len(members) == 0 and "coverage" not in members.attrs:
        return np.zeros(0, dtype=np.int64)
    first, last = coverage_of(members)
    if states is not None:
        s_first, s_last = _states_span(states)
        first = max(first, s_first)
        last = last if carry_forward else min(last, s_last)
    return np.arange(first, last + 1, dtype=np.int64)


def _nodes_by_year(members, states, years: np.ndarray, carry_forward: bool) -> dict:
    """Sorted ccodes of the portfolio's states for each year.

    With `states`: that year's system members (the last year's for years after the
    states table ends, when carrying forward). Without: every member of an alliance
    in force that year, whatever its obligations (the nodes of
    :func:`~alliancenet.alliance_graph`).
    """
    if states is not None:
        last = _states_span(states)[1]
        sys_year = np.minimum(years, last) if carry_forward else years
        grouped = states.groupby("year")["ccode"].unique()
        table = {int(y): np.sort(np.asarray(c, dtype=np.int64)) for y, c in grouped.items()}
        empty = np.zeros(0, dtype=np.int64)
        return {int(y): table.get(int(sy), empty) for y, sy in zip(years, sys_year, strict=True)}
    out = {int(y): np.zeros(0, dtype=np.int64) for y in years}
    if len(members) == 0 or years.size == 0:
        return out
    last = coverage_of(members)[1]
    start = members["start_year"].to_numpy(dtype=np.int64)
    end = (
        pd.array(members["end_year"], dtype="Int64").fillna(last).to_numpy(dtype=np.int64)
        if "end_year" in members.columns
        else np.full(start.size, last, dtype=np.int64)
    )
    ccode = members["ccode"].to_numpy(dtype=np.int64)
    for y in years.tolist():
        alive = (start <= y) & (end >= y)
        out[y] = np.unique(ccode[alive])
    return out


def _valued_matrices(members, years, *, coding, states, self_tie, carry_forward):
    """Yield ``(year, nodes, V)``: the directed valued matrix of every requested year.

    ``V[i, k]`` is the value of the obligations state ``nodes[i]`` undertook toward
    ``nodes[k]`` (from :func:`~alliancenet.dyad_years` with ``directed=True``);
    the diagonal is the top of the scale (`self_tie`) or 0.
    """
    from ..build import dyad_years

    top = _CODINGS[coding]
    nodes_of = _nodes_by_year(members, states, years, carry_forward)
    if years.size and len(members):
        ties = dyad_years(members, years, directed=True, states=states, carry_forward=carry_forward)
    else:
        ties = pd.DataFrame({c: np.zeros(0, dtype=np.int64) for c in ("ccode1", "ccode2", "year")})
        for c in OBLIGATIONS:
            ties[c] = np.zeros(0, dtype=bool)
    value = _code_ties(ties, coding)
    tie_year = ties["year"].to_numpy()
    order = np.argsort(tie_year, kind="stable")
    tie_year, value = tie_year[order], value[order]
    c1, c2 = ties["ccode1"].to_numpy()[order], ties["ccode2"].to_numpy()[order]
    lo = np.searchsorted(tie_year, years, "left")
    hi = np.searchsorted(tie_year, years, "right")
    for k, year in enumerate(years.tolist()):
        nodes = nodes_of[year]
        n = nodes.size
        mat = np.zeros((n, n), dtype=np.int8)
        if n:
            a, b = c1[lo[k] : hi[k]], c2[lo[k] : hi[k]]
            i, j = np.searchsorted(nodes, a), np.searchsorted(nodes, b)
            i, j = np.minimum(i, n - 1), np.minimum(j, n - 1)
            inside = (nodes[i] == a) & (nodes[j] == b)
            mat[i[inside], j[inside]] = value[lo[k] : hi[k]][inside]
            np.fill_diagonal(mat, top if self_tie else 0)
        yield year, nodes, mat


# ---------------------------------------------------------------------------
# weights
# ---------------------------------------------------------------------------


def _weights_for(weights, year: int, nodes: np.ndarray, missing: dict) -> np.ndarray | None:
    if weights is None:
        return None
    series = weights(year) if callable(weights) else weights
    if not isinstance(series, pd.Series):
        raise ParameterError(
            f"weights must be a pandas Series indexed by ccode (e.g. anet.capabilities(nmc, "
            f"year)) or, in similarity_panel, a function of the year returning one; got "
            f"{type(series).__name__}."
        )
    values = pd.to_numeric(series, errors="coerce")
    if (values < 0).any():
        raise ParameterError(
            f"weights must be non-negative; states {list(values.index[values < 0])[:10]} "
            "have negative weights."
        )
    values = values[~values.index.duplicated(keep="first")]
    w = np.array(values.reindex(pd.Index(nodes)).to_numpy(dtype=float))  # writable copy
    lacking = np.isnan(w)
    if lacking.any():
        missing.setdefault(year, []).extend(nodes[lacking].tolist())
        w[lacking] = 0.0
    return w


def _warn_missing(missing: dict) -> None:
    if not missing:
        return
    parts = [f"{y}: {codes[:15]}" + (" ..." if len(codes) > 15 else "")
             for y, codes in list(missing.items())[:5]]  # fmt: skip
    more = f" (and {len(missing) - 5} more years)" if len(missing) > 5 else ""
    warnings.warn(
        "weights lack a value for some portfolio states, which get weight 0 (ccodes by year: "
        + "; ".join(parts)
        + more
        + "). Pass weights for every system member to avoid this.",
        DataWarning,
        stacklevel=3,
    )


# ---------------------------------------------------------------------------
# public functions
# ---------------------------------------------------------------------------


def _options(method, distance, coding, levels, kappa_weights, weights) -> dict:
    _check_choice(method, METHODS, "method")
    _check_choice(distance, _DISTANCES, "distance")
    _check_choice(coding, tuple(_CODINGS), "coding")
    _check_choice(kappa_weights, _KAPPA_WEIGHTS, "kappa_weights")
    top = _CODINGS[coding]
    lev = np.arange(top + 1) if levels is None else _as_levels(levels)
    if method == "taub" and weights is not None:
        raise ParameterError(
            "method='taub' takes no weights (Kendall's tau-b counts pairs of entries); "
            "drop weights or use method='s', 'kappa' or 'pi'."
        )
    return {"method": method, "distance": distance, "top": top, "levels": lev,
            "kappa_weights": kappa_weights}  # fmt: skip


def _as_years(members, states, years, carry_forward) -> np.ndarray:
    if years is None:
        return _default_years(members, states, carry_forward)
    arr = np.atleast_1d(np.asarray(list(years) if isinstance(years, range) else years))
    if arr.dtype.kind == "f" and np.all(arr == np.floor(arr)):
        arr = arr.astype(np.int64)
    if arr.ndim != 1 or arr.dtype.kind not in "iu":
        raise ParameterError(f"years must be whole numbers (a year or a list); got {years!r}.")
    return np.unique(arr.astype(np.int64))


def _tidy_year(mat: np.ndarray, nodes: np.ndarray, year: int, ordered: bool):
    n = nodes.size
    if ordered:
        i, j = np.nonzero(~np.eye(n, dtype=bool))
    else:
        i, j = np.triu_indices(n, 1)
    return nodes[i], nodes[j], np.full(i.size, year, dtype=np.int64), mat[i, j]


def _run(members, years, *, method, distance, weights, coding, states, levels, kappa_weights,
         self_tie, ordered, carry_forward, matrix):  # fmt: skip
    members = _check_members(members)
    states = _check_states(states)
    opts = _options(method, distance, coding, levels, kappa_weights, weights)
    years = _as_years(members, states, years, carry_forward)
    if len(members) == 0 and years.size:
        span = members.attrs.get("coverage")
        if span is None or years.min() < span[0] or years.max() > span[1]:
            raise CoverageError(
                f"the membership table is empty and its coverage is {span}; years "
                f"{years[:10].tolist()} cannot be scored. Pass a table covering them."
            )
    missing: dict = {}
    cols = ([], [], [], [])
    matrices = {}
    matrices_iter = _valued_matrices(members, years, coding=coding, states=states,
                                     self_tie=self_tie, carry_forward=carry_forward)  # fmt: skip
    for year, nodes, values in matrices_iter:
        w = _weights_for(weights, year, nodes, missing)
        mat = _measure_matrix(values, w, opts)
        if matrix:
            matrices[year] = (mat, nodes)
        else:
            for acc, part in zip(cols, _tidy_year(mat, nodes, year, ordered), strict=True):
                acc.append(part)
    _warn_missing(missing)
    if matrix:
        return matrices
    cat = [np.concatenate(c) if c else np.zeros(0) for c in cols]
    return pd.DataFrame({"ccode1": cat[0].astype(np.int64), "ccode2": cat[1].astype(np.int64),
                         "year": cat[2].astype(np.int64), method: cat[3].astype(float)})  # fmt: skip


def similarity(
    members: pd.DataFrame,
    year: int,
    *,
    method: str = "s",
    distance: str = "absolute",
    weights: pd.Series | None = None,
    coding: str = "atop",
    states: pd.DataFrame | None = None,
    levels: Sequence[int] | None = None,
    kappa_weights: str = "linear",
    self_tie: bool = True,
    ordered: bool = True,
    carry_forward: bool = True,
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
    coding : {"atop", "cow", "binary"}
        Value of an obligation: ATOP scale (3 defence or offence, 2 neutrality or
        consultation, 1 non-aggression only, 0 none), COW scale (3 defence, 2
        neutrality or non-aggression, 1 entente, 0 none) or binary (1 any
        obligation).
    states : pandas.DataFrame, optional
        States table (``ccode``, ``year``; e.g. ``anet.read_states``). The
        portfolios then run over exactly that year's system members, isolates
        included, as in the literature. Without it they run over every state
        that belongs to some alliance in force that year.
    levels : sequence of int, optional
        Categories for kappa, pi and tau-b. Default: the full scale of `coding`
        (0..3, or 0..1), whatever values a year happens to show.
    kappa_weights : {"nominal", "linear", "quadratic"}
        Disagreement weights of kappa and pi (see :func:`cohens_kappa`).
    self_tie : bool
        A state's tie to itself is the top value of the scale (default, as in
        Signorino and Ritter); False codes it 0.
    ordered : bool
        True (default): both orders of every dyad (``ccode1 != ccode2``), like
        directed dyad-year files, so merges on directed dyads work (the measure is
        symmetric, so both rows hold the same value). False: one row per dyad
        with ``ccode1 < ccode2``.
    carry_forward : bool
        For years after the states table ends, use its last year's members (with
        a :class:`~alliancenet.errors.DataWarning`), as
        :func:`~alliancenet.alliance_graph` does; False raises instead.
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
    result = _run(members, [year], method=method, distance=distance, weights=weights,
                  coding=coding, states=states, levels=levels, kappa_weights=kappa_weights,
                  self_tie=self_tie, ordered=ordered, carry_forward=carry_forward,
                  matrix=matrix)  # fmt: skip
    if not matrix:
        return result
    mat, nodes = result[int(year)]
    index = pd.Index(nodes, name="ccode")
    return pd.DataFrame(mat, index=index, columns=index.copy())


def similarity_panel(
    members: pd.DataFrame,
    years: Iterable[int] | None = None,
    *,
    method: str = "s",
    distance: str = "absolute",
    weights: pd.Series | Callable[[int], pd.Series] | None = None,
    coding: str = "atop",
    states: pd.DataFrame | None = None,
    levels: Sequence[int] | None = None,
    kappa_weights: str = "linear",
    self_tie: bool = True,
    ordered: bool = True,
    carry_forward: bool = True,
) -> pd.DataFrame:
    """Portfolio similarity of every dyad in many years (one tidy table).

    Parameters
    ----------
    members : pandas.DataFrame
        Canonical membership table.
    years : iterable of int, optional
        Years to score. Default: every year covered by `members` (and by
        `states`, when given).
    weights : pandas.Series or callable, optional
        A Series indexed by ccode used in every year, or a function of the year
        returning one, e.g. ``lambda y: anet.capabilities(nmc, y)``. States
        without a weight get 0, with one :class:`~alliancenet.errors.DataWarning`
        listing them by year.
    method, distance, coding, states, levels, kappa_weights, self_tie, ordered, carry_forward
        As in :func:`similarity`.

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
    return _run(members, years, method=method, distance=distance, weights=weights,
                coding=coding, states=states, levels=levels, kappa_weights=kappa_weights,
                self_tie=self_tie, ordered=ordered, carry_forward=carry_forward,
                matrix=False)  # fmt: skip
