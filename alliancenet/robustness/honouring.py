"""Honouring rates that follow national interest: a dyadic preset.

:func:`interest_rates` turns a published base rate into one rate per promise that
rises with the two states' shared interests, measured by their alliance-portfolio
similarity S. The result is a table ``ccode1, ccode2, p`` that every defection
function accepts as ``p_honor``.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd

from ..errors import ParameterError
from ._promises import promises
from .rates import HonorRates, resolve_rates

__all__ = ["interest_rates"]


def _similarity_lookup(similarity: pd.DataFrame) -> dict[tuple[int, int], float]:
    need = {"ccode1", "ccode2", "s"}
    if not isinstance(similarity, pd.DataFrame) or not need <= set(similarity.columns):
        got = list(similarity.columns) if isinstance(similarity, pd.DataFrame) else similarity
        raise ParameterError(
            "interest_rates: expected the similarity table of anet.similarity (columns "
            f"ccode1, ccode2, s) for the graph's year; got {got!r}"
        )
    out: dict[tuple[int, int], float] = {}
    for a, b, s in zip(similarity["ccode1"], similarity["ccode2"], similarity["s"], strict=True):
        out[(int(a), int(b))] = float(s)
    return out


def interest_rates(
    G: nx.Graph,
    similarity: pd.DataFrame,
    *,
    base: HonorRates = "bf2018_by_era",
    slope: float = 2.0,
) -> pd.DataFrame:
    """Dyadic honouring rates that rise with the allies' shared interests.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        State graph; one rate is given for each promise (both directions of a tie).
    similarity : pandas.DataFrame
        Portfolio similarity of the dyads, as :func:`anet.similarity` returns it for
        the graph's year (columns ``ccode1``, ``ccode2``, ``s``; either order).
    base : float or str, default "bf2018_by_era"
        The published average rate: a number or a preset of
        :data:`~alliancenet.robustness.rates.HONOR_RATES` that gives one number for the
        graph (``"llm2000"``, ``"bf2018"``, ``"bf2018_by_era"``).
    slope : float, default 2.0
        Change of the log-odds of honouring per unit of S (0 = every promise at the
        base rate). An assumption, not an estimate: see Notes.

    Returns
    -------
    pandas.DataFrame
        One row per promise: ``ccode1`` (the ally), ``ccode2`` (the state promised),
        ``s`` and ``p``. Pass it as ``p_honor``. ``attrs`` holds ``base``,
        ``slope`` and ``mean_s``.

    Raises
    ------
    ParameterError
        A dyad missing from `similarity`, a base that is not one number, a slope that
        is not finite.

    Notes
    -----
    With base rate p̄, S_ab the similarity of ally a and target b and S̄ its mean over
    the promises of `G`:

    .. math:: \\operatorname{logit} p_{ab} = \\operatorname{logit} \\bar p
              + \\beta (S_{ab} - \\bar S).

    **What is assumed.** (1) The average rate is a published one: by default
    Berkemeier & Fuhrmann's [1]_ 66 % before 1945 and 22 % from 1945 (Leeds, Long &
    Mitchell [2]_ give 74.5 % for 1816–1944). Centring on S̄ keeps the average
    log-odds at the base rate. (2) Allies honour more often when the interests that
    brought them together persist — the argument of Leeds [3]_, who finds violations
    more likely when circumstances have changed since signing. (3) Alliance-portfolio
    similarity S [4]_ is the usual proxy for shared interests. (4) The slope β is
    *not* estimated by any study we know: the default 2.0 means that a dyad 0.25
    above the average S has odds of honouring e^0.5 ≈ 1.65 times the base odds.
    Vary it in a sensitivity analysis; ``slope=0`` is the base rate everywhere.

    References
    ----------
    .. [1] Berkemeier, M. & Fuhrmann, M. (2018). Reassessing the fulfillment of
       alliance commitments in war. *Research & Politics* 5(2).
       https://doi.org/10.1177/2053168018776846
    .. [2] Leeds, B. A., Long, A. G. & Mitchell, S. M. (2000). Reevaluating alliance
       reliability: specific threats, specific promises. *Journal of Conflict
       Resolution* 44(5), 686–699. https://doi.org/10.1177/0022002700044005006
    .. [3] Leeds, B. A. (2003). Alliance reliability in times of war: explaining state
       decisions to violate treaties. *International Organization* 57(4), 801–827.
       https://doi.org/10.1017/S0020818303574057
    .. [4] Signorino, C. S. & Ritter, J. M. (1999). Tau-b or not tau-b: measuring the
       similarity of foreign policy positions. *International Studies Quarterly*
       43(1), 115–144. https://doi.org/10.1111/0020-8833.00113

    Examples
    --------
    >>> import alliancenet as anet
    >>> members, states = anet.load_example(), anet.load_example_states()
    >>> G = anet.alliance_graph(members, 2024, states=states)
    >>> rates = anet.interest_rates(G, anet.similarity(members, 2024, states=states))
    >>> list(rates.columns), rates.attrs["base"]
    (['ccode1', 'ccode2', 's', 'p'], 0.22)
    >>> r = anet.attack_response(G, 366, p_honor=rates)  # Estonia
    >>> bool(0 < r.loc[366, "p_any_ally"] < 1)
    True
    """
    kind, rate = resolve_rates(base, G)
    if kind != "scalar":
        raise ParameterError(
            f"interest_rates: expected one base rate for the graph (a number, 'llm2000', "
            f"'bf2018' or 'bf2018_by_era'); got {base!r}"
        )
    if isinstance(slope, bool) or not isinstance(slope, int | float) or not math.isfinite(slope):
        raise ParameterError(f"interest_rates: expected a finite slope; got {slope!r}")
    pr = promises(G, "interest_rates")
    lookup = _similarity_lookup(similarity)
    allies = [pr.nodes[i] for i in pr.src]
    targets = [pr.nodes[i] for i in pr.dst]
    s = np.empty(len(allies))
    for k, (a, b) in enumerate(zip(allies, targets, strict=True)):
        value = lookup.get((a, b), lookup.get((b, a)))
        if value is None or math.isnan(value):
            raise ParameterError(
                f"interest_rates: expected the similarity of {a} and {b} in the table; "
                "compute it for the graph's year and states (anet.similarity)"
            )
        s[k] = value
    mean_s = float(s.mean()) if len(s) else float("nan")
    if 0.0 < rate < 1.0:
        logit = math.log(rate / (1.0 - rate)) + slope * (s - mean_s)
        p = 1.0 / (1.0 + np.exp(-logit))
    else:
        p = np.full(len(s), rate)
    out = pd.DataFrame({"ccode1": allies, "ccode2": targets, "s": s, "p": p})
    out.attrs.update({"base": rate, "slope": float(slope), "mean_s": mean_s})
    return out
