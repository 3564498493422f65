"""Honouring rates: how often allies keep their promises, as published presets.

Honouring rates (``p_honor``) may be given as

- a number (every promise honoured with that probability);
- a preset name from :data:`HONOR_RATES` (``"llm2000"``, ``"bf2018"``,
  ``"bf2018_by_era"``, ``"bf2018_by_type"``);
- a mapping (or Series) by state, ``{ccode: p}``: the probability that *that state*
  honours its promises; it may name only some states and give the others a
  ``"default"`` rate, e.g. ``{640: 0.0, 310: 0.0, "default": 0.745}``;
- rates by dyad: a callable ``f(ally, target) -> p`` (the rate of the ally's promise
  to the target), or a table with columns ``ccode1`` (the ally), ``ccode2`` (the state
  it promised) and ``p``; a pair not found as (ally, target) is looked up as
  (target, ally), so a table of unordered pairs (e.g. from :func:`anet.similarity`)
  serves both directions; :func:`~alliancenet.robustness.honouring.interest_rates`
  builds one from portfolio similarity;
- a mapping by obligation type, ``{"defense": p, ...}`` (keys from
  :data:`alliancenet.OBLIGATIONS`, plus an optional ``"default"``): a tie with several
  types takes the rate of its **highest obligation** that has a rate, in the order
  defense > offense > neutrality > consultation > nonaggression > entente (the levels
  of the ATOP valued coding, :data:`alliancenet._obligations.SCALES` ``["atop"]``:
  defence and offence pledges are the heaviest, non-aggression the lightest, and
  entente, which that scale does not value, last); ties whose types have no rate
  take ``"default"``.

:func:`resolve_rates` reads any of these once; :func:`promise_rates` gives the rate
of each promise of a graph.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from numbers import Integral
from typing import Any, TypeAlias

import networkx as nx
import numpy as np
import pandas as pd

from .._obligations import OBLIGATIONS, SCALES
from ..errors import ParameterError
from ._checks import check_probability
from ._promises import Promises

__all__ = ["HONOR_RATES", "honor_rates"]

#: Published rates at which allies honoured their commitments when the casus foederis
#: arose. ``"llm2000"``: Leeds, Long & Mitchell (2000), 74.5 % of commitments honoured
#: (1816–1944, judged against each treaty's specific obligations). ``"bf2018"``:
#: Berkemeier & Fuhrmann (2018), 50 % (1816–2003). ``"bf2018_by_era"``: the same study,
#: 66 % before 1945 and 22 % from 1945 on (picked with ``G.graph["year"]``).
#: ``"bf2018_by_type"``: the same study by pact type — defence 41 %, non-aggression
#: 37 %, offence 74 %, neutrality 78 %; the study gives no separate rate for
#: consultation pacts or ententes, so they (``"default"``) take its overall 50 %.
HONOR_RATES: dict[str, float | dict[str, float]] = {
    "llm2000": 0.745,
    "bf2018": 0.50,
    "bf2018_by_era": {"before_1945": 0.66, "from_1945": 0.22},
    "bf2018_by_type": {
        "defense": 0.41,
        "nonaggression": 0.37,
        "offense": 0.74,
        "neutrality": 0.78,
        "default": 0.50,
    },
}

#: What ``p_honor`` accepts.
HonorRates: TypeAlias = (
    float | str | Mapping[Any, float] | pd.Series | pd.DataFrame | Callable[[Any, Any], float]
)


def _heaviest_first() -> tuple[str, ...]:
    """Obligation types by the ATOP valued coding, highest level first.

    Within a level the canonical column order decides; types the scale does not
    value (entente) come last.
    """
    order = [t for _, types in SCALES["atop"] for t in OBLIGATIONS if t in types]
    return (*order, *(t for t in OBLIGATIONS if t not in order))


#: Obligation types from heaviest to lightest; a tie with several types takes the
#: honouring rate of the first type here that has a rate.
TYPE_ORDER: tuple[str, ...] = _heaviest_first()


def honor_rates(name: str) -> float | dict[str, float]:
    """Return a published honouring-rate preset by name.

    Parameters
    ----------
    name : {"llm2000", "bf2018", "bf2018_by_era", "bf2018_by_type"}
        The preset (see :data:`HONOR_RATES`).

    Returns
    -------
    float or dict
        A probability, or a copy of the mapping (by era or by obligation type).

    Raises
    ------
    ParameterError
        For an unknown name.

    Notes
    -----
    ``"llm2000"`` = 0.745 (Leeds, Long & Mitchell 2000); ``"bf2018"`` = 0.50,
    ``"bf2018_by_era"`` = 0.66 before 1945 / 0.22 from 1945, ``"bf2018_by_type"`` =
    defence 0.41, non-aggression 0.37, offence 0.74, neutrality 0.78 and 0.50 (the
    study's overall rate) for types it does not report (Berkemeier & Fuhrmann 2018).

    References
    ----------
    .. [1] Leeds, B. A., Long, A. G. & Mitchell, S. M. (2000). Reevaluating alliance
       reliability: specific threats, specific promises. *Journal of Conflict
       Resolution* 44(5), 686–699. https://doi.org/10.1177/0022002700044005006
    .. [2] Berkemeier, M. & Fuhrmann, M. (2018). Reassessing the fulfillment of alliance
       commitments in war. *Research & Politics* 5(2).
       https://doi.org/10.1177/2053168018776846

    Examples
    --------
    >>> honor_rates("llm2000")
    0.745
    >>> honor_rates("bf2018_by_type")["defense"]
    0.41
    """
    if not isinstance(name, str) or name not in HONOR_RATES:
        raise ParameterError(
            f"expected an honouring-rate preset, one of {sorted(HONOR_RATES)}; got {name!r}; "
            "or pass a number or a mapping as p_honor"
        )
    value = HONOR_RATES[name]
    return dict(value) if isinstance(value, dict) else float(value)


def graph_year(G: nx.Graph) -> int:
    """``G.graph["year"]``, needed by the era preset and treaty graphs."""
    year = G.graph.get("year")
    if year is None:
        raise ParameterError(
            "expected G.graph['year'] for the era preset 'bf2018_by_era'; got a graph "
            "without a year; build it with anet.alliance_graph or set G.graph['year']"
        )
    return int(year)


def _mapping_rates(p_honor: Mapping[Any, Any]) -> tuple[str, Any]:
    if not p_honor:
        raise ParameterError("expected a non-empty mapping of honouring rates; got {}")
    keys = list(p_honor)
    named = [k for k in keys if k != "default"]
    if all(isinstance(k, str) for k in keys) and named:
        unknown = sorted(set(keys) - set(OBLIGATIONS) - {"default"})
        if unknown:
            raise ParameterError(
                f"expected obligation types {list(OBLIGATIONS)} (or 'default') as keys "
                f"of a by-type p_honor; got unknown keys {unknown}"
            )
        return "type", {k: check_probability(v, f"type {k!r}") for k, v in p_honor.items()}
    if all(isinstance(k, Integral) and not isinstance(k, bool) for k in named):
        out: dict[Any, float] = {
            int(k): check_probability(v, f"state {k}") for k, v in p_honor.items() if k != "default"
        }
        if "default" in p_honor:
            out["default"] = check_probability(p_honor["default"], "'default'")
        return "state", out
    raise ParameterError(
        "expected p_honor keyed either by state (int ccodes, optionally with a 'default' "
        f"for the others) or by obligation type (strings); got mixed keys {keys[:6]}"
    )


def _dyad_table(table: pd.DataFrame) -> dict[tuple[Any, Any], float]:
    need = {"ccode1", "ccode2", "p"}
    if not need <= set(table.columns):
        raise ParameterError(
            "expected a p_honor table with columns ccode1 (the ally), ccode2 (the state it "
            f"promised) and p; got columns {list(table.columns)}"
        )
    out: dict[tuple[Any, Any], float] = {}
    for a, b, p in zip(table["ccode1"], table["ccode2"], table["p"], strict=True):
        key = (int(a), int(b))
        value = check_probability(float(p), f"the dyad {key}") if not pd.isna(p) else np.nan
        if key in out and not (out[key] == value or (np.isnan(out[key]) and np.isnan(value))):
            raise ParameterError(
                f"expected one rate per dyad in the p_honor table; {key} has {out[key]} and "
                f"{value}; drop the duplicate rows"
            )
        out[key] = value
    return out


def resolve_rates(p_honor: HonorRates, G: nx.Graph) -> tuple[str, Any]:
    """Classify ``p_honor``: ("scalar", p), ("state", {ccode: p}), ("type", {type: p}) or
    ("dyad", {(ally, target): p} or a callable)."""
    if isinstance(p_honor, str):
        if p_honor == "bf2018_by_era":
            era = HONOR_RATES["bf2018_by_era"]
            assert isinstance(era, dict)
            key = "before_1945" if graph_year(G) < 1945 else "from_1945"
            return "scalar", float(era[key])
        p_honor = honor_rates(p_honor)
    if isinstance(p_honor, pd.DataFrame):
        return "dyad", _dyad_table(p_honor)
    if callable(p_honor):
        return "dyad", p_honor
    if isinstance(p_honor, pd.Series):
        p_honor = p_honor.to_dict()
    if isinstance(p_honor, Mapping):
        return _mapping_rates(p_honor)
    return "scalar", check_probability(p_honor, "p_honor")


def type_rate(types: Any, rates: Mapping[str, float], where: str) -> float:
    """The rate of the heaviest of `types` that has one (else ``rates["default"]``)."""
    present = set(types or ())
    for t in TYPE_ORDER:
        if t in present and t in rates:
            return rates[t]
    if "default" in rates:
        return rates["default"]
    raise ParameterError(
        f"expected an honouring rate for one of the obligation types {sorted(present)} of "
        f"{where}; got rates only for {sorted(rates)}; add them or a 'default' key"
    )


def state_rates(
    nodes: list[Hashable], rates: Mapping[Hashable, float], needed: np.ndarray
) -> np.ndarray:
    """Rates by node position (``rates["default"]`` for the others, if given); only
    states flagged in `needed` must have one."""
    default = rates.get("default")
    if default is None:
        missing = [v for v, need in zip(nodes, needed, strict=True) if need and v not in rates]
        if missing:
            raise ParameterError(
                f"expected an honouring rate for every allied state; {len(missing)} missing "
                f"(first: {missing[:5]}); add them to p_honor, or a 'default' rate for the others"
            )
        default = 0.0
    return np.array([rates.get(v, default) for v in nodes], dtype=float)


def _dyad_rate(rates: Any, ally: Any, target: Any) -> float:
    if callable(rates):
        try:
            value = rates(ally, target)
        except Exception as err:  # a user's function: say which dyad failed
            raise ParameterError(
                f"the p_honor function failed for the ally {ally} and target {target}: {err!r}"
            ) from err
        return check_probability(value, f"the promise of {ally} to {target}")
    value = rates.get((ally, target), rates.get((target, ally)))
    if value is None or np.isnan(value):
        raise ParameterError(
            f"expected a rate for the promise of {ally} to {target} in the p_honor table "
            "(as ccode1, ccode2 or the reverse); add the dyad"
        )
    return float(value)


def promise_rates(pr: Promises, kind: str, rates: Any, idx: Any = None) -> np.ndarray:
    """Probability that each promise (or each promise in `idx`) is honoured."""
    idx = np.arange(len(pr.src)) if idx is None else np.asarray(idx, dtype=np.int64)
    if kind == "scalar":
        return np.full(len(idx), rates)
    if kind == "state":
        needed = np.zeros(pr.n, dtype=bool)
        needed[pr.src[idx]] = True
        return state_rates(pr.nodes, rates, needed)[pr.src[idx]]
    out = np.empty(len(idx))
    if kind == "dyad":
        for j, k in enumerate(idx):
            out[j] = _dyad_rate(rates, pr.nodes[pr.src[k]], pr.nodes[pr.dst[k]])
        return out
    for j, k in enumerate(idx):
        where = f"the tie {pr.nodes[pr.src[k]]}–{pr.nodes[pr.dst[k]]}"
        out[j] = type_rate(pr.data[k].get("types", ()), rates, where)
    return out
