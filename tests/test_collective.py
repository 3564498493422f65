"""Voting rules of collective-security bodies: exact DP against brute force and closed forms."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliancenet.errors import ParameterError
from alliancenet.robustness.collective import UNSC_PERMANENT, collective_action_probability


def brute_force(yes, abstain, accept):
    """Sum over all 3^n outcomes (0 = no, 1 = yes, 2 = abstain) of P(outcome) * accept."""
    total = 0.0
    for outcome in itertools.product((0, 1, 2), repeat=len(yes)):
        prob = 1.0
        for o, y, a in zip(outcome, yes, abstain, strict=True):
            prob *= (1 - y - a, y, a)[o]
        if prob and accept(outcome):
            total += prob
    return total


def votes_of(yes, abstain):
    return {i: (y, a) for i, (y, a) in enumerate(zip(yes, abstain, strict=True))}


def random_body(rng, n):
    yes = rng.uniform(0, 1, n)
    abstain = rng.uniform(0, 1, n) * (1 - yes)
    return yes, abstain


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("n", [1, 2, 5, 7])
def test_rules_match_brute_force(seed, n):
    rng = np.random.default_rng(seed)
    yes, abstain = random_body(rng, n)
    votes = votes_of(yes, abstain)
    n_yes = lambda o: sum(x == 1 for x in o)  # noqa: E731
    checks = {
        "unanimity": lambda o: all(x == 1 for x in o),
        "consensus": lambda o: 0 not in o and 1 in o,
        "majority": lambda o: n_yes(o) > n / 2,
    }
    for rule, accept in checks.items():
        got = collective_action_probability(votes, rule=rule)
        assert got == pytest.approx(brute_force(yes, abstain, accept), abs=1e-12), rule
    for quota in range(1, n + 1):
        got = collective_action_probability(votes, rule="qualified", quota=quota)
        want = brute_force(yes, abstain, lambda o, q=quota: n_yes(o) >= q)
        assert got == pytest.approx(want, abs=1e-12)


@pytest.mark.parametrize("seed", range(3))
def test_veto_rule_matches_brute_force(seed):
    rng = np.random.default_rng(seed)
    n, veto = 7, {0, 3}
    yes, abstain = random_body(rng, n)
    votes = votes_of(yes, abstain)
    for quota in (2, 4, 6):
        got = collective_action_probability(votes, rule="unsc", permanent=veto, quota=quota)
        want = brute_force(
            yes,
            abstain,
            lambda o, q=quota: sum(x == 1 for x in o) >= q and all(o[v] != 0 for v in veto),
        )
        assert got == pytest.approx(want, abs=1e-12)
    # a veto may also be attached to a qualified-majority rule
    got = collective_action_probability(votes, rule="qualified", quota=4, permanent=[0, 3])
    assert got == pytest.approx(
        collective_action_probability(votes, rule="unsc", quota=4, permanent=[0, 3])
    )


def test_unsc_closed_form():
    """P5 (yes 0.6, abstain 0.3), ten elected members yes 0.7: binomial convolution."""
    votes = {c: (0.6, 0.3) for c in UNSC_PERMANENT} | {c: 0.7 for c in range(1000, 1010)}
    p_no_veto = 0.9**5
    pmf = lambda k, n, p: math.comb(n, k) * p**k * (1 - p) ** (n - k)  # noqa: E731
    want = p_no_veto * sum(
        pmf(a, 5, 2 / 3) * pmf(b, 10, 0.7) for a in range(6) for b in range(11) if a + b >= 9
    )
    assert collective_action_probability(votes, rule="unsc") == pytest.approx(want, abs=1e-12)
    assert want == pytest.approx(0.500126, abs=1e-6)


@pytest.mark.parametrize("seed", range(3))
def test_unsc_fifteen_members_match_full_enumeration(seed):
    """All 3^15 outcomes (P5 with veto, ten elected members, heterogeneous probabilities)."""
    rng = np.random.default_rng(seed)
    yes, abstain = random_body(rng, 15)
    members = [*UNSC_PERMANENT, *range(1000, 1010)]
    votes = {m: (y, a) for m, y, a in zip(members, yes, abstain, strict=True)}
    # elected members: every one of the 3^10 outcomes, vectorised (0 no, 1 yes, 2 abstain)
    outcomes = np.array(list(itertools.product((0, 1, 2), repeat=10)))
    table = np.stack([1 - yes[5:] - abstain[5:], yes[5:], abstain[5:]])  # (3, 10)
    p_elected = np.prod(table[outcomes, np.arange(10)], axis=1)
    yes_elected = (outcomes == 1).sum(axis=1)
    want = 0.0
    for p5 in itertools.product((0, 1, 2), repeat=5):
        if 0 in p5:  # a permanent member's "no" is a veto
            continue
        prob = math.prod(
            (1 - y - a, y, a)[o] for o, y, a in zip(p5, yes[:5], abstain[:5], strict=True)
        )
        n_yes = sum(o == 1 for o in p5)
        want += prob * p_elected[yes_elected + n_yes >= 9].sum()
    got = collective_action_probability(votes, rule="unsc")
    assert got == pytest.approx(want, abs=1e-12)
    assert 0 < want < 1


def test_unsc_abstention_is_not_a_veto_but_no_is():
    elected = {c: 1.0 for c in range(1000, 1010)}
    all_abstain = {c: (0.0, 1.0) for c in UNSC_PERMANENT}
    assert collective_action_probability(all_abstain | elected, rule="unsc") == 1.0
    one_no = all_abstain | {2: 0.0}  # the USA votes no for sure
    assert collective_action_probability(one_no | elected, rule="unsc") == 0.0
    # fewer than nine yes votes fails even without a veto
    few = {c: 1.0 for c in range(1000, 1008)} | {1008: 0.0, 1009: 0.0}
    assert collective_action_probability(all_abstain | few, rule="unsc") == 0.0


def test_unanimity_is_product_and_equals_consensus_without_abstention():
    p = pd.Series({2: 0.9, 200: 0.8, 220: 0.7, 325: 0.95})
    assert collective_action_probability(p, rule="unanimity") == pytest.approx(
        0.9 * 0.8 * 0.7 * 0.95
    )
    assert collective_action_probability(p, rule="consensus") == pytest.approx(
        collective_action_probability(p, rule="unanimity")
    )


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 25), p=st.floats(0, 1))
def test_majority_with_equal_p_is_binomial_tail(n, p):
    want = sum(math.comb(n, k) * p**k * (1 - p) ** (n - k) for k in range(n // 2 + 1, n + 1))
    got = collective_action_probability(dict.fromkeys(range(n), p), rule="majority")
    assert got == pytest.approx(want, abs=1e-12)
    assert 0.0 <= got <= 1.0


def test_quota_fraction_rounds_up_and_dataframe_input():
    votes = pd.DataFrame({"p_yes": [0.5] * 4}, index=[1, 2, 3, 4])
    # 2/3 of 4 members -> 3 votes
    assert collective_action_probability(votes, rule="qualified", quota=2 / 3) == pytest.approx(
        5 / 16
    )
    assert collective_action_probability(votes, rule="qualified", quota=3) == pytest.approx(5 / 16)
    # one meaning per type: an int counts votes, a float is a share in (0, 1)
    assert collective_action_probability(votes, rule="qualified", quota=1) == pytest.approx(15 / 16)
    for ambiguous in (1.0, 3.0):
        with pytest.raises(ParameterError, match="ambiguous"):
            collective_action_probability(votes, rule="qualified", quota=ambiguous)
    assert collective_action_probability(
        votes, rule="qualified", quota=np.int64(3)
    ) == pytest.approx(5 / 16)


def test_unknown_columns_raise():
    votes = pd.DataFrame({"p_yes": [0.5, 0.5], "p_abst": [0.1, 0.1]})
    with pytest.raises(ParameterError, match="p_abst"):
        collective_action_probability(votes)


def test_unsc_quota_follows_the_council_size():
    p5 = {c: (0.6, 0.3) for c in UNSC_PERMANENT}
    old = {**p5, **{c: 0.7 for c in range(1000, 1006)}}  # 11 members: 7 votes
    new = {**p5, **{c: 0.7 for c in range(1000, 1010)}}  # 15 members: 9 votes
    assert collective_action_probability(old, rule="unsc") == pytest.approx(
        collective_action_probability(old, rule="unsc", quota=7)
    )
    assert collective_action_probability(new, rule="unsc") == pytest.approx(
        collective_action_probability(new, rule="unsc", quota=9)
    )
    with pytest.raises(ParameterError, match="11"):
        collective_action_probability({**p5, 1000: 0.5}, rule="unsc")
    # brute force for the 11-member Council, quota 7 and the veto
    yes = np.array([0.6] * 5 + [0.7] * 6)
    abstain = np.array([0.3] * 5 + [0.0] * 6)

    def accept(o):
        return sum(x == 1 for x in o) >= 7 and all(x != 0 for x in o[:5])

    want = brute_force(yes, abstain, accept)
    assert collective_action_probability(old, rule="unsc") == pytest.approx(want, abs=1e-12)


@pytest.mark.parametrize("seed", range(3))
def test_league_rule_abstainers_absent_parties_excluded(seed):
    rng = np.random.default_rng(seed)
    yes, abstain = random_body(rng, 6)
    votes = votes_of(yes, abstain)
    parties = [0, 3]

    def accept(o):
        voting = [x for i, x in enumerate(o) if i not in parties]
        return 0 not in voting and 1 in voting

    got = collective_action_probability(votes, rule="league", parties=parties)
    assert got == pytest.approx(brute_force(yes, abstain, accept), abs=1e-12)
    # without abstentions and parties it is unanimity
    plain = dict(enumerate(yes))
    assert collective_action_probability(plain, rule="league") == pytest.approx(
        collective_action_probability(plain, rule="unanimity")
    )
    # a party's "no" does not block; under unanimity it would
    block = {**votes, 0: (0.0, 0.0)}
    assert collective_action_probability(block, rule="league", parties=parties) == got


def test_unsc_parties_abstain():
    p5 = {c: (0.6, 0.0) for c in UNSC_PERMANENT}
    body = {**p5, **{c: 0.7 for c in range(1000, 1010)}}
    got = collective_action_probability(body, rule="unsc", parties=[365])
    forced = {**body, 365: (0.0, 1.0)}
    assert got == pytest.approx(collective_action_probability(forced, rule="unsc"))
    with pytest.raises(ParameterError, match="parties"):
        collective_action_probability(body, rule="majority", parties=[365])
    with pytest.raises(ParameterError, match="unknown"):
        collective_action_probability(body, rule="league", parties=[9])


@pytest.mark.parametrize(
    ("votes", "kwargs"),
    [
        ({1: 1.2}, {}),
        ({1: (0.7, 0.5)}, {}),
        ({1: "yes"}, {}),
        ({}, {}),
        ([0.5, 0.5], {}),
        ({1: 0.5}, {"rule": "plurality"}),
        ({1: 0.5, 2: 0.5}, {"rule": "qualified"}),
        ({1: 0.5, 2: 0.5}, {"rule": "qualified", "quota": 3}),
        ({1: 0.5, 2: 0.5}, {"rule": "qualified", "quota": 1.5}),
        ({1: 0.5, 2: 0.5}, {"rule": "qualified", "quota": 1.0}),
        ({1: 0.5, 2: 0.5}, {"rule": "qualified", "quota": 0.0}),
        ({1: 0.5, 2: 0.5}, {"rule": "qualified", "quota": -0.5}),
        (pd.DataFrame({"p_yes": [0.5], "p_abst": [0.1]}), {}),
        ({1: 0.5, 2: 0.5}, {"rule": "unsc"}),
        ({1: 0.5, 2: 0.5}, {"rule": "unsc", "permanent": [9]}),
        (pd.DataFrame({"yes": [0.5]}), {}),
    ],
)
def test_bad_input(votes, kwargs):
    with pytest.raises(ParameterError):
        collective_action_probability(votes, **kwargs)
