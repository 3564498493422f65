"""Dyadic honouring rates that follow shared interests (interest_rates)."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import alliancenet as anet
from alliancenet.errors import ParameterError


def toy():
    G = nx.Graph([(2, 20), (2, 200), (20, 200)])
    G.graph["year"] = 2000
    sim = pd.DataFrame({"ccode1": [2, 2, 20], "ccode2": [20, 200, 200], "s": [1.0, 0.5, 0.0]})
    return G, sim


def test_formula_by_hand():
    G, sim = toy()
    r = anet.interest_rates(G, sim, base=0.6, slope=2.0)
    assert len(r) == 6  # both directions of each tie
    mean_s = 0.5
    for row in r.itertuples():
        logit = math.log(0.6 / 0.4) + 2.0 * (row.s - mean_s)
        assert row.p == pytest.approx(1 / (1 + math.exp(-logit)))
    logits = np.log(r["p"] / (1 - r["p"]))
    assert logits.mean() == pytest.approx(math.log(0.6 / 0.4))  # centred on the base
    assert r.attrs == {"base": 0.6, "slope": 2.0, "mean_s": 0.5}


def test_slope_zero_is_the_base_rate_and_era_preset():
    G, sim = toy()
    assert np.allclose(anet.interest_rates(G, sim, slope=0.0)["p"], 0.22)  # 2000: from 1945
    G.graph["year"] = 1900
    assert np.allclose(anet.interest_rates(G, sim, slope=0.0)["p"], 0.66)


def test_used_as_p_honor():
    G, sim = toy()
    rates = anet.interest_rates(G, sim, base=0.6)
    r = anet.attack_response(G, 200, p_honor=rates)
    p = rates.set_index(["ccode1", "ccode2"])["p"]
    want = 1 - (1 - p[(2, 200)]) * (1 - p[(20, 200)])
    assert r.loc[200, "p_any_ally"] == pytest.approx(want)


def test_errors():
    G, sim = toy()
    with pytest.raises(ParameterError, match="similarity of"):
        anet.interest_rates(G, sim.iloc[:2])
    with pytest.raises(ParameterError, match="ccode1"):
        anet.interest_rates(G, sim.rename(columns={"s": "S"}))
    with pytest.raises(ParameterError, match="one base rate"):
        anet.interest_rates(G, sim, base="bf2018_by_type")
    with pytest.raises(ParameterError, match="slope"):
        anet.interest_rates(G, sim, slope=float("inf"))
