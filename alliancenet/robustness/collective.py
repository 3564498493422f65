"""Collective security by vote: how likely is a body to authorise action?

:func:`collective_action_probability` gives the exact probability that a
collective-security body — the League of Nations Council, the UN Security Council, an
alliance council deciding by consensus — authorises action when each member votes yes
(or abstains) with its own probability, independently. It is computed by dynamic
programming over the members (the Poisson-binomial distribution of the number of yes
votes), not by sampling.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from numbers import Integral, Real
from typing import Literal

import numpy as np
import pandas as pd

from ..errors import ParameterError

__all__ = ["collective_action_probability", "UNSC_PERMANENT", "UNSC_QUOTAS"]

#: COW codes of the five permanent members of the UN Security Council: USA (2),
#: United Kingdom (200), France (220), Russia/USSR (365), China (710).
UNSC_PERMANENT: tuple[int, ...] = (2, 200, 220, 365, 710)

_RULES = ("unanimity", "consensus", "majority", "qualified", "unsc", "league")
#: Yes votes the Security Council needs, by its size: 7 of 11 (Charter of 1945), 9 of 15
#: (amendment of Art. 23 and 27 in force on 31 August 1965; the enlarged Council sat
#: from January 1966).
UNSC_QUOTAS: dict[int, int] = {11: 7, 15: 9}
_COLUMNS = ("p_yes", "p_abstain")


def _frame_votes(votes: pd.DataFrame) -> tuple[list[Hashable], np.ndarray, np.ndarray]:
    if "p_yes" not in votes.columns:
        raise ParameterError(
            "expected a DataFrame with a 'p_yes' column (and optionally 'p_abstain'); "
            f"got columns {list(votes.columns)}"
        )
    unknown = [c for c in votes.columns if c not in _COLUMNS]
    if unknown:
        raise ParameterError(
            f"expected only the columns {list(_COLUMNS)} in votes; got unknown {unknown}; "
            "rename them (a misspelled p_abstain would otherwise be ignored)"
        )
    members = list(votes.index)
    try:
        yes = votes["p_yes"].to_numpy(dtype=float)
        abstain = (
            votes["p_abstain"].to_numpy(dtype=float)
            if "p_abstain" in votes.columns
            else np.zeros(len(members))
        )
    except (TypeError, ValueError) as err:
        raise ParameterError(f"expected numeric vote probabilities; {err}") from None
    return members, yes, abstain


def _mapping_votes(votes: object) -> tuple[list[Hashable], np.ndarray, np.ndarray]:
    if isinstance(votes, pd.Series):
        votes = votes.to_dict()
    if not isinstance(votes, Mapping):
        raise ParameterError(
            "expected votes as a Series or mapping member -> P(yes) or (P(yes), "
            f"P(abstain)), or a DataFrame with p_yes/p_abstain; got {type(votes).__name__}"
        )
    members: list[Hashable] = []
    yes: list[float] = []
    abstain: list[float] = []
    for m, v in votes.items():
        if isinstance(v, tuple | list | np.ndarray) and len(v) == 2:
            y, a = v
        else:
            y, a = v, 0.0
        members.append(m)
        yes.append(_as_float(y, m))
        abstain.append(_as_float(a, m))
    return members, np.asarray(yes, dtype=float), np.asarray(abstain, dtype=float)


def _parse_votes(votes: object) -> tuple[list[Hashable], np.ndarray, np.ndarray]:
    """Members, P(yes) and P(abstain) from a Series, mapping or DataFrame."""
    if isinstance(votes, pd.DataFrame):
        members, yes, abstain = _frame_votes(votes)
    else:
        members, yes, abstain = _mapping_votes(votes)
    if not members:
        raise ParameterError("expected at least one member in votes; got none")
    bad = ~((yes >= 0) & (abstain >= 0) & (yes + abstain <= 1 + 1e-12))
    if bad.any():
        m = members[int(np.flatnonzero(bad)[0])]
        raise ParameterError(
            "expected probabilities P(yes) >= 0, P(abstain) >= 0 with P(yes) + P(abstain) "
            f"<= 1 for every member; member {m!r} breaks this"
        )
    return members, yes, np.minimum(abstain, 1.0 - yes)


def _as_float(x: object, member: Hashable) -> float:
    if isinstance(x, bool) or not isinstance(x, Real):
        raise ParameterError(f"expected numeric vote probabilities; member {member!r} has {x!r}")
    return float(x)  # type: ignore[arg-type]


def _yes_distribution(yes: np.ndarray, no_branch: np.ndarray) -> np.ndarray:
    """Coefficients of Π (no_branch_i + yes_i z): P(k yes votes, and the rest allowed)."""
    dist = np.zeros(len(yes) + 1)
    dist[0] = 1.0
    for k, (y, other) in enumerate(zip(yes, no_branch, strict=True)):
        dist[1 : k + 2] = dist[1 : k + 2] * other + dist[: k + 1] * y
        dist[0] *= other
    return dist


def _required(rule: str, quota: object, n: int) -> int:
    """Yes votes needed: quota as a count (int) or a share in (0, 1) (float)."""
    if rule == "majority":
        return n // 2 + 1
    if quota is None:
        if rule == "unsc":
            if n not in UNSC_QUOTAS:
                raise ParameterError(
                    f"expected a Security Council of 11 (until 1965) or 15 members, or quota=; "
                    f"got {n} members; pass quota= as a count of yes votes"
                )
            return UNSC_QUOTAS[n]
        raise ParameterError(
            "expected quota= (a count of yes votes as int, or a share in (0, 1) as float) "
            "for rule='qualified'; got None"
        )
    if isinstance(quota, bool) or not isinstance(quota, Real):
        raise ParameterError(f"expected a numeric quota; got {quota!r}")
    if isinstance(quota, Integral):
        if not 1 <= int(quota) <= n:
            raise ParameterError(
                f"expected a quota count (int) between 1 and the {n} members; got {quota}"
            )
        return int(quota)
    share = float(quota)
    if share >= 1.0:
        raise ParameterError(
            f"quota={quota!r} is ambiguous: an int is a count of yes votes, a float a share "
            "strictly between 0 and 1; pass quota=" + f"{int(share)} for {int(share)} vote(s)"
            if share.is_integer()
            else f"quota={quota!r}: expected an int count of votes or a float share in (0, 1)"
        )
    if not share > 0.0:
        raise ParameterError(f"expected a quota share in (0, 1) or an int count; got {quota!r}")
    return max(1, math.ceil(share * n - 1e-9))


def _parties(parties: object, members: list[Hashable], rule: str) -> np.ndarray:
    """Boolean per member: a party to the dispute."""
    if parties is None:
        return np.zeros(len(members), dtype=bool)
    if rule not in ("league", "unsc"):
        raise ParameterError(
            f"expected parties= only with rule='league' (parties do not vote, Covenant "
            f"Art. 15(6)) or rule='unsc' (parties abstain, Charter Art. 27(3)); got rule={rule!r}"
        )
    items = (
        list(parties)
        if isinstance(parties, Iterable) and not isinstance(parties, str)
        else [parties]
    )
    unknown = [p for p in items if p not in members]
    if unknown:
        raise ParameterError(f"expected the parties among the voters; got unknown {unknown}")
    return np.array([m in set(items) for m in members], dtype=bool)


def _permanent(permanent: object, members: list[Hashable], rule: str) -> np.ndarray:
    if permanent is None:
        if rule != "unsc":
            return np.zeros(len(members), dtype=bool)
        if not set(UNSC_PERMANENT) <= set(members):
            raise ParameterError(
                "expected permanent= (the members holding a veto) for rule='unsc', or votes "
                f"keyed by COW codes including all of {UNSC_PERMANENT}; got neither"
            )
        permanent = UNSC_PERMANENT
    if isinstance(permanent, str) or not isinstance(permanent, Iterable):
        permanent = [permanent]
    permanent = list(permanent)
    unknown = [p for p in permanent if p not in members]
    if unknown:
        raise ParameterError(f"expected permanent members among the voters; got {unknown}")
    return np.array([m in set(permanent) for m in members], dtype=bool)


def collective_action_probability(
    votes: pd.Series | pd.DataFrame | Mapping[Hashable, float | tuple[float, float]],
    *,
    rule: Literal["majority", "unanimity", "consensus", "qualified", "unsc", "league"] = "majority",
    quota: int | float | None = None,
    permanent: Iterable[Hashable] | None = None,
    parties: Iterable[Hashable] | None = None,
) -> float:
    """Probability that a collective-security body authorises action.

    Parameters
    ----------
    votes : pandas.Series, mapping or pandas.DataFrame
        Each member's vote probabilities, independent across members: a number
        P(yes) (the member otherwise votes no), or a pair (P(yes), P(abstain)) (the
        member votes no with the rest); or a DataFrame indexed by member with columns
        ``p_yes`` and optionally ``p_abstain`` (any other column is an error).
    rule : {"majority", "unanimity", "consensus", "qualified", "unsc", "league"}, default "majority"
        Decision rule; see Notes.
    quota : int or float, optional
        For ``"qualified"`` (required) and ``"unsc"``: the yes votes needed. An int is
        a count of votes; a float is a share of all members strictly between 0 and 1
        (rounded up). ``1.0`` or ``9.0`` are refused as ambiguous (pass ``1`` or ``9``).
        For ``"unsc"`` the default follows the Council's size (:data:`UNSC_QUOTAS`): 7
        of 11 members (until 1965), 9 of 15.
    permanent : iterable, optional
        Members with a veto. For ``"unsc"`` it defaults to the COW codes of the P5
        (:data:`UNSC_PERMANENT`) when the votes are keyed by them. It may also be given
        with ``"majority"`` or ``"qualified"``: then, too, a "no" by a veto member
        blocks, and its abstention does not.
    parties : iterable, optional
        Members that are parties to the dispute. With ``"league"`` they do not vote
        (Covenant Art. 15(6)); with ``"unsc"`` they abstain (Charter Art. 27(3), for
        decisions under Chapter VI). Not accepted with the other rules.

    Returns
    -------
    float
        The probability of authorisation.

    Raises
    ------
    ParameterError
        Unknown rule, unknown columns, bad probabilities, an ambiguous or out-of-range
        quota, a Security Council of another size without a quota, unknown permanent
        members or parties.

    Notes
    -----
    With members i = 1..n voting yes with y_i, abstaining with a_i and no with
    1 − y_i − a_i, and Y the number of yes votes:

    - ``"unanimity"``: everybody votes yes, Π y_i; an abstention counts as not
      agreeing (a strict reading; the League did not practise it, see ``"league"``).
    - ``"league"`` (League of Nations Council, Covenant Art. 5(1) and 15(6)): the
      members *other than the parties to the dispute* must agree; a member that
      abstains counts as absent (League practice: the Assembly's Rules of Procedure
      treated abstainers as not present), so the decision passes when no voting
      member votes no and at least one votes yes, Π_{i∉parties} (y_i + a_i) −
      Π_{i∉parties} a_i. Without abstentions or parties it equals ``"unanimity"``.
    - ``"consensus"``: nobody votes no and at least one votes yes,
      Π (y_i + a_i) − Π a_i. With plain P(yes) (no abstentions) it equals unanimity.
    - ``"majority"``: more than half of *all* members vote yes, P(Y ≥ ⌊n/2⌋ + 1)
      (abstentions and absences count against).
    - ``"qualified"``: P(Y ≥ k), k = `quota` votes, or ⌈quota · n⌉ for a fraction.
    - ``"unsc"`` (UN Charter Art. 27(3)): at least `quota` (9 of 15; 7 of 11 until
      1965) yes votes and no "no" from a permanent member. Since 1946 a permanent member's abstention has not been
      treated as a veto (confirmed by the ICJ, *Namibia* advisory opinion, 1971, §22),
      so only a permanent "no" blocks. Procedural matters (Art. 27(2): nine votes, no
      veto) are ``rule="qualified", quota=9``.

    P(Y ≥ k, no veto) is computed exactly by dynamic programming over the members:
    the coefficients of Π_{i non-veto} (1 − y_i + y_i z) Π_{i veto} (a_i + y_i z) are
    the probabilities of k yes votes with no veto cast (the Poisson-binomial
    distribution when there is no veto), in O(n²) time.

    References
    ----------
    .. [1] Covenant of the League of Nations (1919), Article 5.
    .. [2] Charter of the United Nations (1945), Articles 23 and 27 (amended 1963, in
       force 31 August 1965).
    .. [4] Covenant of the League of Nations (1919), Article 15(6).
    .. [3] Hong, Y. (2013). On computing the distribution function for the Poisson
       binomial distribution. *Computational Statistics & Data Analysis* 59, 41–51.
       https://doi.org/10.1016/j.csda.2012.10.006

    Examples
    --------
    Three members each voting yes with probability 0.5:

    >>> collective_action_probability({1: 0.5, 2: 0.5, 3: 0.5}, rule="majority")
    0.5
    >>> collective_action_probability({1: 0.5, 2: 0.5, 3: 0.5}, rule="unanimity")
    0.125

    A Security Council where every permanent member votes yes with 0.6 and abstains
    with 0.3, and every elected member votes yes with 0.7:

    >>> p5 = {c: (0.6, 0.3) for c in UNSC_PERMANENT}
    >>> elected = {c: 0.7 for c in range(1000, 1010)}
    >>> round(collective_action_probability({**p5, **elected}, rule="unsc"), 4)
    0.5001

    The League Council with two parties to the dispute: they do not vote, and an
    abstention does not block:

    >>> council = {c: (0.7, 0.2) for c in (200, 220, 325, 740, 1, 3)}
    >>> round(collective_action_probability(council, rule="league", parties=[1, 3]), 4)
    0.6545
    >>> round(collective_action_probability(council, rule="unanimity"), 4)
    0.1176
    """
    if rule not in _RULES:
        raise ParameterError(f"expected rule in {_RULES}; got {rule!r}")
    members, yes, abstain = _parse_votes(votes)
    party = _parties(parties, members, rule)
    if rule == "league":
        y, a = yes[~party], abstain[~party]
        if not len(y):
            raise ParameterError("expected at least one member that is not a party; got none")
        return float(np.prod(y + a) - np.prod(a))
    yes, abstain = np.where(party, 0.0, yes), np.where(party, 1.0, abstain)
    n = len(members)
    if rule == "unanimity":
        return float(np.prod(yes))
    if rule == "consensus":
        return float(np.prod(yes + abstain) - np.prod(abstain))
    veto = _permanent(permanent, members, rule)
    k = _required(rule, quota, n)
    no_branch = np.where(veto, abstain, 1.0 - yes)
    dist = _yes_distribution(yes, no_branch)
    return float(min(1.0, max(0.0, dist[k:].sum())))
