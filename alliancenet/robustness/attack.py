"""Attack response: how likely are a state's allies to come to its help?

For an attack on a given state, :func:`attack_response` gives the exact
probability that at least one ally honours its promise, the expected number of
honouring allies and (with capabilities) the chance that the honouring allies
outweigh the attacker — exactly by enumerating the honouring subsets for up to
``exact_limit`` allies, by Monte Carlo beyond.
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
from ._promises import Promises, promises
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
    gen: np.random.Generator, p: np.ndarray, c: np.ndarray, attacker_cap: float, n_sims: int
) -> float:
    hits = 0
    done = 0
    while done < n_sims:
        size = min(_CHUNK, n_sims - done)
        honour = gen.random((size, len(p))) < p[None, :]
        hits += int(_exceeds(honour @ c, attacker_cap).sum())
        done += size
    return hits / n_sims


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
) -> tuple[float, float, str]:
    """P(honouring allies' capability > attacker's), its standard error and the method."""
    if len(p) <= exact_limit:
        sums, probs = _subset_distribution(p, c)
        return float(probs[_exceeds(sums, attacker_cap)].sum()), 0.0, "exact"
    q = _mc_exceeds(gen, p, c, attacker_cap, n_sims)
    return q, math.sqrt(q * (1 - q) / n_sims), "monte carlo"


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
) -> dict[str, Any]:
    t, stateabb, gen = task
    k = np.flatnonzero(pr.dst == pr.nodes.index(t))  # promises made to the target
    k = k[[pr.nodes[pr.src[j]] != attacker_id for j in k]] if len(k) else k
    allies = [pr.nodes[i] for i in pr.src[k]]
    p = promise_rates(pr, kind, rates, k)
    row = {
        "ccode": t,
        "stateabb": stateabb,
        "n_allies": len(allies),
        "p_any_ally": 1.0 - float(np.prod(1.0 - p)),
        "expected_allies": float(p.sum()),
        "expected_capability": np.nan,
        "attacker_capability": attacker_cap,
        "p_exceeds": np.nan,
        "p_exceeds_se": np.nan,
        "method": "exact",
    }
    if caps is None:
        return row
    missing = [a for a in allies if a not in caps.index or pd.isna(caps.get(a))]
    if missing:
        raise ParameterError(f"expected capabilities for every ally of {t}; missing {missing[:5]}")
    c = caps.loc[allies].to_numpy(dtype=float) if allies else np.zeros(0)
    row["expected_capability"] = float(np.dot(p, c))
    if not np.isnan(attacker_cap):
        q, se, method = _p_exceeds(p, c, attacker_cap, exact_limit, n_sims, gen)
        row.update(p_exceeds=q, p_exceeds_se=se, method=method)
    return row


@fill_doc
def attack_response(
    G: nx.Graph,
    target: Hashable | Sequence[Hashable],
    *,
    p_honor: HonorRates = 0.745,
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
    p_honor : float, str or mapping, default 0.745
        Honouring rate of each ally's promise to the target: a number, a preset, by
        state (the ally's rate) or by obligation type of the tie (highest-obligation
        rule, see :mod:`alliancenet.robustness.rates`).
    capabilities : pandas.Series or mapping, optional
        Capability by ccode (e.g. CINC from :func:`anet.capabilities`). Missing allies
        raise.
    attacker : int or float, optional
        The attacker's ccode (its capability is looked up in `capabilities`; an attacker
        allied to the target is not counted among the target's allies) or a capability
        number.
    exact_limit : int, default 20
        Largest number of allies for which ``p_exceeds`` is computed exactly by
        enumerating the 2^d honouring subsets; beyond it, Monte Carlo.
    {{n_sims}}
        Here: Monte Carlo draws of ``p_exceeds`` for a target with more than
        `exact_limit` allies (the other columns are always exact).
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
        ``p_exceeds``, ``p_exceeds_se`` and ``method`` (how ``p_exceeds`` was computed:
        ``"exact"`` or ``"monte carlo"``; the other columns are always exact). Columns
        that need `capabilities`/`attacker` are NaN without them.

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

    References
    ----------
    .. [1] Leeds, B. A., Long, A. G. & Mitchell, S. M. (2000). Reevaluating alliance
       reliability: specific threats, specific promises. *Journal of Conflict
       Resolution* 44(5), 686–699. https://doi.org/10.1177/0022002700044005006

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
    """
    pr = promises(G, "attack_response")
    targets = _targets(target, {v: i for i, v in enumerate(pr.nodes)})
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
    )
    tasks = [(t, G.nodes[t].get("stateabb", pd.NA), g) for t, g in zip(targets, gens, strict=True)]
    rows = run_tasks(func, tasks, n_jobs=n_jobs, progress=progress, desc="targets")
    return pd.DataFrame(rows).set_index("ccode")
