"""Correlated honouring: the one-factor Gaussian copula (private).

Ally *i* honours iff ``sqrt(ρ)·Z + sqrt(1 − ρ)·ε_i ≤ Φ⁻¹(p_i)``, with one common
standard normal factor ``Z`` per group (a crisis, a treaty, a bloc) and independent
standard normal ``ε_i``. Each ally keeps its marginal rate ``p_i`` exactly; ``ρ`` is
the correlation of the latent propensities of two allies in the same group (ρ = 0:
independent allies, today's model; ρ = 1: allies of a group act together, the most
reluctant first). This is the model of Vasicek (2002) for correlated defaults.

Given ``Z = z`` the allies are independent with
``p_i(z) = Φ((Φ⁻¹(p_i) − sqrt(ρ)·z) / sqrt(1 − ρ))``, so any probability of an
event over the allies is ``E_Z[P(event | Z)]``: :func:`factor_quadrature` gives the
nodes and weights of that one-dimensional integral (composite Gauss–Legendre on
[−9, 9], refined where the conditional rates jump), :func:`draw_honour` the Monte
Carlo draws. Only numpy and the standard library are used (Φ⁻¹ from
:class:`statistics.NormalDist`, Φ from :func:`math.erfc`).

References: Vasicek, O. (2002). The distribution of loan portfolio value. *Risk*
15(12), 160–162; Li, D. X. (2000). On default correlation: a copula function
approach. *Journal of Fixed Income* 9(4), 43–54. https://doi.org/10.3905/jfi.2000.319253
"""

from __future__ import annotations

import math
from numbers import Real
from statistics import NormalDist

import numpy as np

from ..errors import ParameterError

__all__ = [
    "check_correlation",
    "normal_quantile",
    "normal_cdf",
    "conditional_rates",
    "factor_quadrature",
    "draw_honour",
]

_STD = NormalDist()
_ERFC = np.frompyfunc(math.erfc, 1, 1)
#: Half-width of the integration range (P(|Z| > 9) ≈ 2e-19).
_LIMIT = 9.0
#: Gauss–Legendre points per panel.
_ORDER = 12
_GL_X, _GL_W = np.polynomial.legendre.leggauss(_ORDER)
#: Draw units given the factor when (groups x distinct rates) x this <= units: Φ costs
#: about as much as this many uniform draws.
_CONDITIONAL_COST = 20


def check_correlation(correlation: object) -> float:
    """`correlation` as a float in [0, 1], or a :class:`ParameterError`.

    Examples
    --------
    >>> check_correlation(0.5)
    0.5
    """
    if (
        isinstance(correlation, bool)
        or not isinstance(correlation, Real)
        or not 0.0 <= float(correlation) <= 1.0
    ):
        raise ParameterError(
            "expected correlation between 0 (allies decide independently) and 1 (allies "
            f"act together) for the one-factor Gaussian copula; got {correlation!r}"
        )
    return float(correlation)


def normal_quantile(p: np.ndarray) -> np.ndarray:
    """Φ⁻¹(p) elementwise, −inf at 0 and +inf at 1.

    Examples
    --------
    >>> normal_quantile(np.array([0.0, 0.5, 1.0])).tolist()
    [-inf, 0.0, inf]
    """
    p = np.asarray(p, dtype=float)
    out = np.empty(p.shape)
    flat, res = p.ravel(), out.ravel()
    for k, v in enumerate(flat):
        res[k] = -math.inf if v <= 0.0 else math.inf if v >= 1.0 else _STD.inv_cdf(float(v))
    return out


def normal_cdf(x: np.ndarray) -> np.ndarray:
    """Φ(x) elementwise (``erfc(−x/√2)/2``, accurate in both tails).

    Examples
    --------
    >>> normal_cdf(np.array([-np.inf, 0.0, np.inf])).tolist()
    [0.0, 0.5, 1.0]
    """
    x = np.asarray(x, dtype=float)
    values = np.asarray(_ERFC(-x / math.sqrt(2.0)), dtype=float)
    return (values / 2.0).reshape(x.shape)


def conditional_rates(thresholds: np.ndarray, correlation: float, z: np.ndarray) -> np.ndarray:
    """P(honour | Z = z): array (len(z), len(thresholds)).

    Examples
    --------
    >>> t = normal_quantile(np.array([0.5]))
    >>> conditional_rates(t, 1.0, np.array([-1.0, 1.0])).ravel().tolist()
    [1.0, 0.0]
    """
    t, inverse = np.unique(np.asarray(thresholds, dtype=float), return_inverse=True)
    z = np.asarray(z, dtype=float)[:, None]
    if correlation >= 1.0:
        return (z <= t[None, :]).astype(float)[:, inverse]
    with np.errstate(invalid="ignore"):
        arg = (t[None, :] - math.sqrt(correlation) * z) / math.sqrt(1.0 - correlation)
    return normal_cdf(arg)[:, inverse]  # Φ once per distinct threshold


def factor_quadrature(thresholds: np.ndarray, correlation: float) -> tuple[np.ndarray, np.ndarray]:
    """Nodes z_k and weights w_k with Σ_k w_k f(z_k) ≈ E[f(Z)], Z standard normal.

    For ``f`` built from :func:`conditional_rates` of `thresholds`: panels of width at
    most 0.75 over [−9, 9], refined to the width ``s = sqrt((1 − ρ)/ρ)`` of each
    conditional rate's transition within ±8 s of its centre ``Φ⁻¹(p)/sqrt(ρ)`` (at
    ρ = 1 the transition is a jump, placed on a panel edge). The weights sum to
    P(|Z| ≤ 9) up to rounding.

    Examples
    --------
    >>> z, w = factor_quadrature(np.array([0.0]), 0.5)
    >>> round(float(w.sum()), 12), round(float(w @ z**2), 10)
    (1.0, 1.0)
    """
    breaks = [np.linspace(-_LIMIT, _LIMIT, 25)]
    t = np.asarray(thresholds, dtype=float)
    centres = np.unique(np.round(t[np.isfinite(t)], 12))
    if correlation > 0 and len(centres):
        centres = centres / math.sqrt(correlation)
        s = math.sqrt((1.0 - correlation) / correlation)
        if s == 0.0:
            breaks.append(centres)
        elif s < 0.75:
            breaks.append((centres[:, None] + s * np.arange(-8, 9)[None, :]).ravel())
    edges = np.unique(np.clip(np.concatenate(breaks), -_LIMIT, _LIMIT))
    lo, hi = edges[:-1, None], edges[1:, None]
    half = (hi - lo) / 2.0
    z = (lo + hi) / 2.0 + half * _GL_X[None, :]
    w = half * _GL_W[None, :] * np.exp(-(z**2) / 2.0) / math.sqrt(2.0 * math.pi)
    return z.ravel(), w.ravel()


def draw_honour(
    rng: np.random.Generator,
    size: int,
    p: np.ndarray,
    correlation: float,
    group: np.ndarray | None = None,
    n_groups: int = 1,
    thresholds: np.ndarray | None = None,
) -> np.ndarray:
    """Boolean (size, len(p)): who honours in each of `size` draws.

    With ``correlation == 0`` this is ``rng.random((size, len(p))) < p`` (the stream of
    the independent model, unchanged). Otherwise one ``standard_normal((size,
    n_groups))`` for the factors; unit ``j`` loads on factor ``group[j]`` (default 0).
    Then, when the units have few distinct rates, the units are drawn given the factor
    — ``rng.random((size, len(p))) < p_j(Z)`` with Φ evaluated once per draw, group
    and distinct rate, as fast as the independent model — and otherwise from the
    latent variables, with one ``standard_normal((size, len(p)))`` for the
    idiosyncratic terms. Both draw from the same distribution.

    Examples
    --------
    >>> g = np.random.default_rng(0)
    >>> draw_honour(g, 4, np.array([0.5, 0.5]), 1.0).sum(axis=1).tolist()  # together
    [0, 2, 0, 0]
    """
    p = np.asarray(p, dtype=float)
    if correlation == 0.0:
        return rng.random((size, len(p))) < p[None, :]
    t = normal_quantile(p) if thresholds is None else thresholds
    z = rng.standard_normal((size, n_groups))
    g = np.zeros(len(p), dtype=np.int64) if group is None else group
    distinct, inverse = np.unique(t, return_inverse=True)
    if _CONDITIONAL_COST * n_groups * len(distinct) <= len(p):
        cond = conditional_rates(distinct, correlation, z.ravel())
        cond = cond.reshape(size, n_groups, len(distinct))
        if n_groups == 1 and len(distinct) == 1:  # one rate, one factor: broadcast
            return rng.random((size, len(p))) < cond[:, 0, :]
        return rng.random((size, len(p))) < cond[:, g, inverse]
    eps = rng.standard_normal((size, len(p)))
    latent = math.sqrt(correlation) * z[:, g]
    if correlation < 1.0:
        latent += math.sqrt(1.0 - correlation) * eps
    return latent <= t[None, :]
