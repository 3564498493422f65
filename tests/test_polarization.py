"""Polarization into few, large, opposed blocs: Esteban-Ray over bloc capability shares."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import alliancenet as anet
from alliancenet.errors import DataWarning, GraphTypeError, ParameterError


def er_naive(shares, alpha):
    """Esteban-Ray with unit distances, straight from the double sum, scaled to 1 at (1/2, 1/2)."""
    shares = list(shares)
    total = sum(
        pk ** (1 + alpha) * pl
        for k, pk in enumerate(shares)
        for l, pl in enumerate(shares)  # noqa: E741
        if k != l
    )
    return total * 2 ** (1 + alpha)


@pytest.mark.parametrize("alpha", [0.5, 1.0, 1.6])
@pytest.mark.parametrize("seed", range(3))
def test_matches_the_double_sum(alpha, seed):
    rng = np.random.default_rng(seed)
    G = nx.gnm_random_graph(30, 25, seed=seed)
    caps = pd.Series(rng.uniform(0, 1, 30))
    b = anet.blocs(G, rng=seed)
    shares = caps.groupby(b).sum() / caps.sum()
    p = anet.bloc_polarization(G, capabilities=caps, alpha=alpha, rng=seed)
    assert p["esteban_ray"] == pytest.approx(er_naive(shares, alpha), abs=1e-12)
    top = np.sort(shares.to_numpy())[::-1]
    assert p["top2_share"] == pytest.approx(top[0] + top[1])
    assert p["top2_balance"] == pytest.approx(top[1] / top[0])
    assert p["effective_blocs"] == pytest.approx(1 / np.sum(shares**2))


def test_known_values():
    two = nx.Graph([(1, 2), (3, 4)])
    assert anet.bloc_polarization(two, rng=0)["esteban_ray"] == pytest.approx(1.0)
    # Reynal-Querol: 4 * sum p^2 (1 - p); shares (0.8, 0.2): 4 * (0.64*0.2 + 0.04*0.8) = 0.64
    caps = {1: 0.5, 2: 0.3, 3: 0.1, 4: 0.1}
    assert anet.bloc_polarization(two, capabilities=caps, rng=0)["esteban_ray"] == pytest.approx(
        0.64
    )
    one = nx.complete_graph([1, 2, 3, 4])
    p = anet.bloc_polarization(one, rng=0)
    assert p["esteban_ray"] == 0.0 and p["top2_share"] == 1.0 and p["effective_blocs"] == 1.0
    # three equal blocs: 4 * 3 * (1/9)(2/3) = 8/9 < 1: bipolarity scores highest
    three = nx.Graph([(1, 2), (3, 4), (5, 6)])
    assert anet.bloc_polarization(three, rng=0)["esteban_ray"] == pytest.approx(8 / 9)
    # many singletons (no alliances at all): low
    alone = nx.empty_graph(20)
    assert anet.bloc_polarization(alone, rng=0)["esteban_ray"] == pytest.approx(
        4 * 20 * (1 / 400) * (19 / 20)
    )


def test_fixed_blocs_and_invariances():
    G = nx.Graph([(1, 2), (3, 4)])
    camps = pd.Series({1: "A", 2: "A", 3: "B", 4: "B"})
    fixed = anet.bloc_polarization(G, blocs=camps)
    sets = anet.bloc_polarization(G, blocs=[{1, 2}, {3, 4}])
    pd.testing.assert_series_equal(fixed, sets)
    caps = {1: 2.0, 2: 1.0, 3: 1.0, 4: 2.0}
    scaled = {k: 10 * v for k, v in caps.items()}
    pd.testing.assert_series_equal(
        anet.bloc_polarization(G, blocs=camps, capabilities=caps),
        anet.bloc_polarization(G, blocs=camps, capabilities=scaled),
    )


def test_bad_input():
    G = nx.Graph([(1, 2), (3, 4)])
    with pytest.raises(ParameterError, match="alpha"):
        anet.bloc_polarization(G, alpha=2.0)
    with pytest.raises(ParameterError, match="missing"):
        anet.bloc_polarization(G, capabilities={1: 1.0})
    with pytest.raises(ParameterError):
        anet.bloc_polarization(G, capabilities={1: -1.0, 2: 1.0, 3: 1.0, 4: 1.0})
    with pytest.raises(GraphTypeError):
        anet.bloc_polarization(nx.DiGraph([(1, 2)]))


@pytest.mark.realdata
def test_atop_1913_and_cold_war_are_bipolar(shared_data):
    members = anet.read_atop(shared_data / "atop_5_1" / "atop5_1m.csv")
    states = anet.read_states(shared_data / "cow_states" / "states2016.csv")
    nmc = anet.read_nmc(shared_data / "nmc_6" / "NMC-60-abridged.csv")
    out = {}
    for year in (1913, 1962, 2005):
        if year == 1913:  # Costa Rica and Mongolia sign ATOP treaties outside the system
            with pytest.warns(DataWarning, match=r"ccode 94 COS .*ccode 341 MNG"):
                G = anet.alliance_graph(members, year, states=states, obligations="any")
        else:
            G = anet.alliance_graph(members, year, states=states, obligations="any")
        caps = anet.capabilities(nmc, year).reindex(sorted(G)).fillna(0.0)
        out[year] = anet.bloc_polarization(G, capabilities=caps, rng=0)
    # two opposed camps before 1914 and in the Cold War; one dominant bloc after it
    assert out[1962]["esteban_ray"] > out[2005]["esteban_ray"]
    assert out[1913]["esteban_ray"] > 0.5
