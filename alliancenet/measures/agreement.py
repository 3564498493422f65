"""Agreement between two alliance portfolios: S, Cohen's kappa, Scott's pi, tau-b.

A portfolio is a vector of valued ties (0 = none, up to the top of a coding
scale) toward every member of the state system. The functions here compare two
portfolios with the plain textbook formula; :func:`~alliancenet.similarity`
computes the same values for every dyad of a year at once (vectorised in
:mod:`alliancenet.measures._agreement_matrix`), and the tests check that the two
agree.

* :func:`s_score` -- Signorino and Ritter's S (absolute or squared distances);
* :func:`cohens_kappa`, :func:`scotts_pi` -- chance-corrected agreement (Häge
  2011), nominal, linear or quadratic disagreement weights over the full scale;
* :func:`tau_b` -- Kendall's tau-b, the measure S replaced (for replication).

Undefined values (kappa, pi and tau-b of two constant portfolios are 0/0) are
returned as NaN, never raised.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from ..errors import ParameterError

__all__ = ["s_score", "cohens_kappa", "scotts_pi", "tau_b"]

#: Valid ``distance`` values of S.
DISTANCES: tuple[str, ...] = ("absolute", "squared")
#: Valid disagreement weights of kappa and pi.
KAPPA_WEIGHTS: tuple[str, ...] = ("nominal", "linear", "quadratic")
_FULL_SCALE = (0, 1, 2, 3)


# ---------------------------------------------------------------------------
# argument checks (shared with the vectorised cores)
# ---------------------------------------------------------------------------


def check_choice(value: object, allowed: Sequence[object], name: str) -> str:
    """Return `value` if it is one of `allowed`, else raise a ParameterError naming them."""
    if not isinstance(value, str) or value not in allowed:
        raise ParameterError(
            f"{name} must be one of {list(allowed)}; got {value!r}. Pick one of those."
        )
    return value


def as_levels(levels: Sequence[int] | np.ndarray) -> np.ndarray:
    """The categories of a scale as a sorted int64 array (whole numbers, no repeats).

    Examples
    --------
    >>> as_levels([3, 0, 1, 2]).tolist()
    [0, 1, 2, 3]
    """
    if isinstance(levels, str | bytes):
        levels = [levels]  # type: ignore[list-item]
    try:
        arr = np.asarray(list(levels))
    except TypeError:
        arr = np.asarray([])
    if arr.ndim != 1 or arr.size == 0:
        raise ParameterError(
            f"levels must be a non-empty sequence of whole numbers; got {levels!r}. "
            "Pass e.g. (0, 1, 2, 3)."
        )
    if not np.issubdtype(arr.dtype, np.number) or np.any(arr != np.round(arr)):
        raise ParameterError(f"levels must be whole numbers; got {levels!r}. Pass e.g. (0, 1).")
    arr = arr.astype(np.int64)
    if np.unique(arr).size != arr.size:
        raise ParameterError(f"levels must not repeat a value; got {levels!r}.")
    return np.sort(arr)


def disagreement(k: int, kappa_weights: str) -> np.ndarray:
    """Disagreement weights between level positions 0..k-1 (a k x k array).

    Examples
    --------
    >>> disagreement(3, "linear").tolist()
    [[0.0, 0.5, 1.0], [0.5, 0.0, 0.5], [1.0, 0.5, 0.0]]
    """
    check_choice(kappa_weights, KAPPA_WEIGHTS, "kappa_weights")
    pos = np.arange(k, dtype=float)
    diff = np.abs(pos[:, None] - pos[None, :])
    if kappa_weights == "nominal":
        return (diff > 0).astype(float)
    scaled = diff / (k - 1) if k > 1 else diff
    return scaled if kappa_weights == "linear" else scaled**2


def _as_vector(values: ArrayLike, name: str) -> np.ndarray:
    """A one-dimensional float array of finite numbers, or a ParameterError."""
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ParameterError(
            f"{name} must be a sequence of numbers; got {values!r}. Pass e.g. [3, 0, 1]."
        ) from None
    if arr.ndim != 1:
        raise ParameterError(f"{name} must be one-dimensional; got shape {arr.shape}.")
    if not np.isfinite(arr).all():
        raise ParameterError(
            f"{name} must hold finite numbers (no NaN or infinity); code absent ties as 0."
        )
    return arr


def _pair_arrays(
    x: ArrayLike, y: ArrayLike, weights: ArrayLike | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Two portfolios (and item weights) as float arrays of equal length."""
    x, y = _as_vector(x, "x"), _as_vector(y, "y")
    if x.shape != y.shape:
        raise ParameterError(
            f"x and y must be portfolios of equal length; got lengths {x.size} and {y.size}."
        )
    if weights is None:
        return x, y, np.ones_like(x)
    w = _as_vector(weights, "weights")
    if w.shape != x.shape:
        raise ParameterError(
            f"weights must have one value per portfolio entry ({x.size}); got {w.size}."
        )
    if (w < 0).any():
        raise ParameterError("weights must be non-negative; got negative values.")
    return x, y, w


def level_positions(values: np.ndarray, levels: np.ndarray, what: str) -> np.ndarray:
    """Position of each value among the sorted `levels` (ParameterError for other values).

    Examples
    --------
    >>> level_positions(np.array([0, 3]), np.array([0, 1, 3]), "x").tolist()
    [0, 2]
    """
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


def s_score(
    x: ArrayLike,
    y: ArrayLike,
    *,
    weights: ArrayLike | None = None,
    distance: str = "absolute",
    dmax: float | ArrayLike = 3,
) -> float:
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

    >>> from alliancenet.measures.agreement import s_score
    >>> round(s_score([0, 1, 2, 3], [3, 2, 1, 0]), 4)
    -0.3333
    >>> round(s_score([0, 1, 2, 3], [3, 2, 1, 0], distance="squared"), 4)
    -0.1111
    """
    x, y, w = _pair_arrays(x, y, weights)
    check_choice(distance, DISTANCES, "distance")
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


def _agreement_tables(
    x: ArrayLike, y: ArrayLike, levels: Sequence[int] | np.ndarray, weights: ArrayLike | None
) -> np.ndarray | None:
    """Weighted joint proportions of the two portfolios over `levels` (None if no weight)."""
    x, y, w = _pair_arrays(x, y, weights)
    lev = as_levels(levels)
    px = level_positions(x, lev, "x")
    py = level_positions(y, lev, "y")
    k = lev.size
    joint = np.zeros((k, k))
    np.add.at(joint, (px, py), w)
    total = w.sum()
    if total == 0:
        return None
    return joint / total


def _chance_corrected(observed: float, expected: float) -> float:
    """``1 - observed / expected`` disagreement; NaN when nothing is expected."""
    if expected <= 1e-12:
        return float("nan")
    return float(1.0 - observed / expected)


def cohens_kappa(
    x: ArrayLike,
    y: ArrayLike,
    *,
    levels: Sequence[int] = _FULL_SCALE,
    kappa_weights: str = "linear",
    weights: ArrayLike | None = None,
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

    Raises
    ------
    ParameterError
        Lengths differ, a value is not among `levels`, weights are negative,
        or `kappa_weights` is unknown.

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
    >>> from alliancenet.measures.agreement import cohens_kappa
    >>> round(cohens_kappa([3, 0, 0, 1], [3, 0, 1, 1]), 4)
    0.8
    >>> cohens_kappa([0, 0, 0], [0, 0, 0])
    nan
    """
    p = _agreement_tables(x, y, levels, weights)
    if p is None:
        return float("nan")
    delta = disagreement(p.shape[0], kappa_weights)
    expected = np.outer(p.sum(axis=1), p.sum(axis=0))
    return _chance_corrected((delta * p).sum(), (delta * expected).sum())


def scotts_pi(
    x: ArrayLike,
    y: ArrayLike,
    *,
    levels: Sequence[int] = _FULL_SCALE,
    kappa_weights: str = "linear",
    weights: ArrayLike | None = None,
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

    Raises
    ------
    ParameterError
        As in :func:`cohens_kappa`.

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
    >>> from alliancenet.measures.agreement import scotts_pi
    >>> round(scotts_pi([3, 0, 0, 1], [3, 0, 1, 1]), 4)
    0.7949
    """
    p = _agreement_tables(x, y, levels, weights)
    if p is None:
        return float("nan")
    delta = disagreement(p.shape[0], kappa_weights)
    pooled = (p.sum(axis=1) + p.sum(axis=0)) / 2
    return _chance_corrected((delta * p).sum(), (delta * np.outer(pooled, pooled)).sum())


def tau_b(x: ArrayLike, y: ArrayLike) -> float:
    """Kendall's tau-b between two portfolios.

    Parameters
    ----------
    x, y : array_like
        Two portfolios of equal length.

    Returns
    -------
    float
        Tau-b in [-1, 1]; NaN when either portfolio is constant (0/0).

    Raises
    ------
    ParameterError
        Lengths differ or a value is not a finite number.

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
    >>> from alliancenet.measures.agreement import tau_b
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
