"""Attack response: how likely are a state's allies to come to its help?

For an attack on a given state, :func:`attack_response` gives the exact
probability that at least one ally honours its promise, the expected number of
honouring allies and (with capabilities) the chance that the honouring allies
outweigh the attacker — exactly by enumerating the honouring subsets for up to
``exact_limit`` allies, by Monte Carlo beyond. With a ``correlation`` of the allies'
decisions (one-factor Gaussian copula) the same quantities are integrated exactly
over the common factor.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from functools import partial
from numbers import Integral, Real
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from .._docstrings import fill_doc
from .._parallel import run_tasks
from .._random import RNGLike, check_n_jobs, spawn
from ..errors import ParameterError
from ._checks import check_count, sequence_like
from ._copula import conditional_rates, draw_honour, factor_quadrature, normal_quantile
from ._promises import Promises, promises
from ._scenario import Groups, Scenario, States, fill_scenario, make_scenario
from .rates import HonorRates, promise_rates, resolve_rates

__all__ = ["attack_response"]

#: Monte Carlo draws per chunk (bounds memory; the stream does not depend on it).
_CHUNK = 20_000


def _subset_distribution(p: np.ndarray, c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All 2^d honouring subsets: their total capability and probability."""
    sums = np.zeros(1)
    probs = np.ones(1)
    for pi, ci in zip(p, c, strict=True):
        sums = np.concatenate([sums, sums + ci])
        probs = np.concatenate([probs * (1.0 - pi), probs * pi])
    return sums, probs


def _exceeds(total: Any, attacker_cap: float) -> Any:
    return total > attacker_cap + 1e-12 * max(1.0, abs(attacker_cap))


def _mc_exceeds(
    gen: np.random.Generator,
    p: np.ndarray,
    c: np.ndarray,
    attacker_cap: float,
    n_sims: int,
    scen: Scenario,
    group: np.ndarray,
    n_groups: int,
) -> float:
    hits = 0
    done = 0
    thresholds = normal_quantile(p) if scen.correlation > 0 else None
    while done < n_sims:
        size = min(_CHUNK, n_sims - done)
        honour = draw_honour(gen, size, p, scen.correlation, group, n_groups, thresholds)
        hits += int(_exceeds(honour @ c, attacker_cap).sum())
        done += size
    return hits / n_sims


def _half_subsets(p: np.ndarray, c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Subset sums (2^m,) and their probabilities (2^m, K) for conditional rates p (K, m)."""
    sums = np.zeros(1)
    probs = np.ones((1, p.shape[0]))
    for j in range(p.shape[1]):
        sums = np.concatenate([sums, sums + c[j]])
        probs = np.concatenate([probs * (1.0 - p[None, :, j]), probs * p[None, :, j]])
    return sums, probs


def _quadrature_exceeds(
    p: np.ndarray, c: np.ndarray, attacker_cap: float, correlation: float
) -> float:
    """E_Z[P(Σ_H c > attacker | Z)]: allies independent given the factor, meet in the middle."""
    t = normal_quantile(p)
    z, w = factor_quadrature(t, correlation)
    cond = conditional_rates(t, correlation, z)  # (K, d)
    m = len(p) // 2
    sums_a, probs_a = _half_subsets(cond[:, :m], c[:m])
    sums_b, probs_b = _half_subsets(cond[:, m:], c[m:])
    order = np.argsort(sums_b, kind="stable")
    tail = np.cumsum(probs_b[order][::-1], axis=0)[::-1]  # P(B-sum at or above rank j)
    tail = np.concatenate([tail, np.zeros((1, tail.shape[1]))])
    need = attacker_cap + 1e-12 * max(1.0, abs(attacker_cap)) - sums_a
    first = np.searchsorted(sums_b[order], need, side="right")
    cond_exceeds = (probs_a * tail[first]).sum(axis=0)  # (K,)
    return float(min(1.0, max(0.0, w @ cond_exceeds)))


def _p_any(p: np.ndarray, scen: Scenario, group: np.ndarray, n_groups: int) -> tuple[float, str]:
    """P(at least one ally honours) and how it was computed."""
    if scen.correlation == 0.0 or np.isin(p, (0.0, 1.0)).all():
        return 1.0 - float(np.prod(1.0 - p)), "exact"
    none = 1.0
    for g in range(n_groups):
        t = normal_quantile(p[group == g])
        z, w = factor_quadrature(t, scen.correlation)
        none *= float(w @ np.prod(1.0 - conditional_rates(t, scen.correlation, z), axis=1))
    return 1.0 - none, "quadrature"


def _targets(target: Any, index: Mapping[Hashable, int]) -> list[Hashable]:
    targets = list(target) if sequence_like(target) else [target]
    if not targets:
        raise ParameterError(
            "expected at least one target ccode; got an empty list; pass the attacked "
            "state(s), e.g. attack_response(G, 2)"
        )
    for t in targets:
        if not isinstance(t, Hashable) or t not in index:
            raise ParameterError(f"expected target ccodes in the graph; got {t!r}")
    return targets


def _capability_series(capabilities: Any) -> pd.Series | None:
    if capabilities is None:
        return None
    try:
        caps = pd.Series(capabilities, dtype=float)
    except (TypeError, ValueError) as err:
        raise ParameterError(
            f"expected capabilities as numbers by ccode (e.g. anet.capabilities(nmc, year)); {err}"
        ) from None
    if caps.index.duplicated().any():
        raise ParameterError("expected one capability per ccode; got repeated ccodes")
    return caps


def _attacker(attacker: Any, caps: pd.Series | None) -> tuple[int | None, float]:
    """The attacker's ccode (None for a number) and capability (NaN when not given)."""
    if attacker is None:
        return None, np.nan
    if isinstance(attacker, Integral) and not isinstance(attacker, bool):
        attacker_id = int(attacker)
        if caps is None or attacker_id not in caps.index:
            raise ParameterError(
                f"expected the attacker's capability in capabilities; got attacker "
                f"{attacker_id} without one; pass capabilities or a number as attacker"
            )
        return attacker_id, float(caps[attacker_id])
    if isinstance(attacker, Real) and not isinstance(attacker, bool):
        return None, float(attacker)
    raise ParameterError(f"expected a ccode or a number as attacker; got {attacker!r}")


def _p_exceeds(
    p: np.ndarray,
    c: np.ndarray,
    attacker_cap: float,
    exact_limit: int,
    n_sims: int,
    gen: np.random.Generator,
    scen: Scenario,
    group: np.ndarray,
    n_groups: int,
) -> tuple[float, float, str]:
    """P(honouring allies' capability > attacker's), its standard error and the method."""
    if np.isin(p, (0.0, 1.0)).all():  # a fixed case: nothing is random
        return float(_exceeds(c[p == 1.0].sum(), attacker_cap)), 0.0, "exact"
    if len(p) <= exact_limit and scen.correlation == 0.0:
        sums, probs = _subset_distribution(p, c)
        return float(probs[_exceeds(sums, attacker_cap)].sum()), 0.0, "exact"
    if len(p) <= exact_limit and n_groups == 1:
        return _quadrature_exceeds(p, c, attacker_cap, scen.correlation), 0.0, "quadrature"
    q = _mc_exceeds(gen, p, c, attacker_cap, n_sims, scen, group, n_groups)
    return q, math.sqrt(q * (1 - q) / n_sims), "monte carlo"


_RANK = {"exact": 0, "quadrature": 1, "monte carlo": 2}


def _target_row(
    task: tuple[Hashable, Any, np.random.Generator],
    *,
    pr: Promises,
    kind: str,
    rates: Any,
    caps: pd.Series | None,
    attacker_id: int | None,
    attacker_cap: float,
    exact_limit: int,
    n_sims: int,
    scen: Scenario,
) -> dict[str, Any]:
    t, stateabb, gen = task
    k = np.flatnonzero(pr.dst == pr.nodes.index(t))  # promises made to the target
    k = k[[pr.nodes[pr.src[j]] != attacker_id for j in k]] if len(k) else k
    allies = [pr.nodes[i] for i in pr.src[k]]
    p = scen.force(promise_rates(pr, kind, rates, k), pr.src[k], pr.nodes)
    group, n_groups = scen.promise_groups(pr, k)
    p_any, method = _p_any(p, scen, group, n_groups)
    row = {
        "ccode": t,
        "stateabb": stateabb,
        "n_allies": len(allies),
        "p_any_ally": p_any,
        "expected_allies": float(p.sum()),
        "expected_capability": np.nan,
        "attacker_capability": attacker_cap,
        "p_exceeds": np.nan,
        "p_exceeds_se": np.nan,
        "method": method,
        "scenario": scen.label(),
    }
    if caps is None:
        return row
    missing = [a for a in allies if a not in caps.index or pd.isna(caps.get(a))]
    if missing:
        raise ParameterError(f"expected capabilities for every ally of {t}; missing {missing[:5]}")
    c = caps.loc[allies].to_numpy(dtype=float) if allies else np.zeros(0)
    row["expected_capability"] = float(np.dot(p, c))
    if not np.isnan(attacker_cap):
        q, se, how = _p_exceeds(p, c, attacker_cap, exact_limit, n_sims, gen, scen, group, n_groups)
        row.update(p_exceeds=q, p_exceeds_se=se, method=max(method, how, key=_RANK.__getitem__))
    return row


@fill_doc
@fill_scenario
def attack_response(
    G: nx.Graph,
    target: Hashable | Sequence[Hashable],
    *,
    p_honor: HonorRates = 0.745,
    correlation: float = 0.0,
    groups: Groups = "crisis",
    defectors: States = None,
    honor: States = None,
    scenario: str | None = None,
    capabilities: pd.Series | Mapping[Hashable, float] | None = None,
    attacker: int | float | None = None,
    exact_limit: int = 20,
    n_sims: int = 1000,
    rng: RNGLike = None,
    n_jobs: int | None = 1,
    progress: bool = False,
) -> pd.DataFrame:
    """Probability that a state's allies come to its help when it is attacked.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        State graph. The allies of the target are its neighbours (undirected) or the
        states with an arc ``ally → target`` — those that promised the target (directed).
    target : int or sequence of int
        Attacked state(s) (ccodes in `G`); at least one.
    p_honor : float, str, mapping, callable or pandas.DataFrame, default 0.745
        Honouring rate of each ally's promise to the target: a number, a preset, by
        state (the ally's rate; ``"default"`` for the others), by obligation type of
        the tie (highest-obligation rule), or by dyad (``f(ally, target)`` or a table
        ``ccode1, ccode2, p``); see :mod:`alliancenet.robustness.rates`.
    {{scenario}}
    capabilities : pandas.Series or mapping, optional
        Capability by ccode (e.g. CINC from :func:`anet.capabilities`). Missing allies
        raise.
    attacker : int or float, optional
        The attacker's ccode (its capability is looked up in `capabilities`; an attacker
        allied to the target is not counted among the target's allies) or a capability
        number.
    exact_limit : int, default 20
        Largest number of allies for which ``p_exceeds`` is computed exactly by
        enumerating the 2^d honouring subsets (with a correlation and one group: given
        each quadrature node of the factor, in two halves of 2^(d/2)); beyond it, or
        with several groups, Monte Carlo.
    {{n_sims}}
        Here: Monte Carlo draws of ``p_exceeds`` where it is not computed exactly
        (the other columns never need them).
    {{rng}}
        Each target draws from its own child generator.
    {{n_jobs}}
        Targets run in parallel.
    {{progress}}

    Returns
    -------
    pandas.DataFrame
        Indexed by target ``ccode``, columns ``stateabb``, ``n_allies``, ``p_any_ally``,
        ``expected_allies``, ``expected_capability``, ``attacker_capability``,
        ``p_exceeds``, ``p_exceeds_se``, ``method`` and ``scenario`` (a description of
        the scenario, also in ``attrs`` with its parts). ``method`` says how the
        probabilities of the row were computed: ``"exact"`` (closed form or
        enumeration; also every fixed case, where all rates are 0 or 1),
        ``"quadrature"`` (with a correlation: the exact formula given the common
        factor, integrated over it numerically to about 1e-10) or ``"monte carlo"``
        (``p_exceeds`` only, with its standard error ``p_exceeds_se``; 0 otherwise).
        Expected values are always exact. Columns that need `capabilities`/`attacker`
        are NaN without them.

    Raises
    ------
    GraphTypeError
        `G` is not a state graph (e.g. the bipartite treaty graph), or has tuple labels.
    ParameterError
        No target, an unknown target or attacker, missing capabilities, bad rates,
        bad `n_sims`, `rng` or `n_jobs`.

    Notes
    -----
    With allies i = 1..d honouring independently with probabilities p_i and
    capabilities c_i, and H the set of honouring allies:

    - ``p_any_ally`` = 1 − Π (1 − p_i);
    - ``expected_allies`` = Σ p_i;
    - ``expected_capability`` = E[Σ_{i∈H} c_i] = Σ p_i c_i;
    - ``p_exceeds`` = P(Σ_{i∈H} c_i > c_attacker) (strictly greater; sums within 1e-12
      relative of the attacker's capability count as equal). The target's own
      capability is not included. Exact: Σ over the 2^d subsets S of Π_{i∈S} p_i
      Π_{i∉S}(1 − p_i) 1[Σ_{i∈S} c_i > c_attacker]. Monte Carlo with N draws reports
      the standard error sqrt(q(1 − q)/N).

    With a correlation ρ > 0 (one-factor Gaussian copula) the allies are independent
    given the factor Z, with rates p_i(z) = Φ((Φ⁻¹(p_i) − √ρ z)/√(1 − ρ)); so
    ``p_any_ally`` = 1 − Π_g E_{Z_g}[Π_{i∈g} (1 − p_i(Z_g))] over the groups g (one
    group, the crisis, by default), integrated by composite Gauss–Legendre quadrature
    refined around each rate's transition (numpy only); ``p_exceeds`` likewise for one
    group. The expected values do not change with ρ (the marginal rates are kept).
    Three allies at p = 0.745 come to help with probability 0.983419 when independent,
    0.924011 at ρ = 0.5, and 0.745 (the single rate) as ρ → 1.

    References
    ----------
    .. [1] Leeds, B. A., Long, A. G. & Mitchell, S. M. (2000). Reevaluating alliance
       reliability: specific threats, specific promises. *Journal of Conflict
       Resolution* 44(5), 686–699. https://doi.org/10.1177/0022002700044005006
    .. [2] Vasicek, O. (2002). The distribution of loan portfolio value. *Risk*
       15(12), 160–162.

    Examples
    --------
    Three allies honouring with Leeds, Long & Mitchell's 74.5 %:

    >>> import networkx as nx
    >>> G = nx.star_graph([2, 200, 220, 255])  # 2 (USA) allied with three states
    >>> r = attack_response(G, 2, p_honor="llm2000")
    >>> round(float(r.loc[2, "p_any_ally"]), 6), round(float(r.loc[2, "expected_allies"]), 3)
    (0.983419, 2.235)
    >>> cap = {2: 0.14, 200: 0.02, 220: 0.02, 255: 0.03}
    >>> r = attack_response(G, 2, p_honor=0.5, capabilities=cap, attacker=0.025)
    >>> float(r.loc[2, "p_exceeds"]), r.loc[2, "method"]  # 255 honours, or 200 and 220 do
    (0.625, 'exact')

    When the allies' reluctance is shared (ρ = 0.5), help is less certain:

    >>> r = attack_response(G, 2, p_honor="llm2000", correlation=0.5)
    >>> round(float(r.loc[2, "p_any_ally"]), 6), r.loc[2, "method"]
    (0.924011, 'quadrature')

    A named scenario: France certain to defect, the others at 74.5 %:

    >>> r = attack_response(G, 2, p_honor={220: 0.0, "default": 0.745})
    >>> round(float(r.loc[2, "p_any_ally"]), 6), r.loc[2, "scenario"]
    (0.934975, 'independent allies')
    >>> r = attack_response(G, 2, defectors=[220], honor=[255])
    >>> float(r.loc[2, "p_any_ally"]), r.loc[2, "method"]  # 255 surely comes: no error
    (1.0, 'exact')
    """
    pr = promises(G, "attack_response")
    targets = _targets(target, {v: i for i, v in enumerate(pr.nodes)})
    scen = make_scenario(
        pr.nodes,
        correlation=correlation,
        groups=groups,
        defectors=defectors,
        honor=honor,
        name=scenario,
        abbrev=dict(G.nodes(data="stateabb")),
    )
    exact_limit = check_count(exact_limit, "exact_limit", minimum=0)
    n_sims = check_count(n_sims, "n_sims")
    n_jobs = check_n_jobs(n_jobs, len(targets))
    gens = spawn(rng, len(targets))
    kind, rates = resolve_rates(p_honor, G)
    caps = _capability_series(capabilities)
    attacker_id, attacker_cap = _attacker(attacker, caps)
    func = partial(
        _target_row,
        pr=pr,
        kind=kind,
        rates=rates,
        caps=caps,
        attacker_id=attacker_id,
        attacker_cap=attacker_cap,
        exact_limit=exact_limit,
        n_sims=n_sims,
        scen=scen,
    )
    tasks = [(t, G.nodes[t].get("stateabb", pd.NA), g) for t, g in zip(targets, gens, strict=True)]
    rows = run_tasks(func, tasks, n_jobs=n_jobs, progress=progress, desc="targets")
    out = pd.DataFrame(rows).set_index("ccode")
    out.attrs.update(scen.attrs())
    return out
