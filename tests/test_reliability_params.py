"""Hostile and careless parameters on every public function that draws or repeats.

A careless user passes a float seed, a string, a legacy ``RandomState``, ``n_jobs=0``
or ``n_sims="100"``. Every such call must end in a :class:`ParameterError` that says
what was expected (never a raw numpy/joblib exception, never a silent default), and
every accepted kind of ``rng`` must give the same numbers for the same seed.

The functions are found by introspection (every public name with ``rng``, ``n_jobs``
or ``n_sims``), so a new function that is not listed in ``CALLS`` fails
:func:`test_every_random_function_is_covered` until it is.
"""

from __future__ import annotations

import inspect
import random
from collections.abc import Callable
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
import pytest

import alliancenet as anet
from alliancenet.errors import ParameterError

matplotlib.use("Agg")
from alliancenet import plotting as ap

YEARS = (1985, 1986)


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    members = anet.load_example()
    states = anet.load_example_states()
    graphs = anet.alliance_graphs(members, YEARS, states=states)
    return {
        "members": members,
        "states": states,
        "graphs": graphs,
        "G": graphs[1985],
        "similarity": anet.similarity(members, 1985, states=states),
    }


# name -> call(data, **random_keywords); small inputs and few simulations
CALLS: dict[str, Callable[..., Any]] = {
    "report": lambda d, **kw: anet.report(years=range(1985, 1986), **{"n_sims": 5, **kw}),
    "centrality_panel": lambda d, **kw: anet.centrality_panel(d["graphs"], ["degree"], **kw),
    "cohesion": lambda d, **kw: anet.cohesion(d["G"], **kw),
    "cohesion_panel": lambda d, **kw: anet.cohesion_panel(d["graphs"], **kw),
    "blocs": lambda d, **kw: anet.blocs(d["G"], **kw),
    "bloc_stability": lambda d, **kw: anet.bloc_stability(d["G"], **{"n_sims": 5, **kw}),
    "modularity_polarization": lambda d, **kw: anet.modularity_polarization(
        d["G"], **{"n_sims": 5, **kw}
    ),
    "bloc_polarization": lambda d, **kw: anet.bloc_polarization(d["G"], **kw),
    "dyad_years": lambda d, **kw: anet.dyad_years(
        d["members"], YEARS, states=d["states"], complete=True, covariates=["same_bloc"], **kw
    ),
    "state_years": lambda d, **kw: anet.state_years(d["members"], YEARS, states=d["states"], **kw),
    "similarity_panel": lambda d, **kw: anet.similarity_panel(
        d["members"], YEARS, states=d["states"], **kw
    ),
    "robustness_curve": lambda d, **kw: anet.robustness_curve(d["G"], **{"n_sims": 5, **kw}),
    "r_index": lambda d, **kw: anet.r_index(d["G"], "random", **{"n_sims": 5, **kw}),
    "robustness_panel": lambda d, **kw: anet.robustness_panel(d["graphs"], **{"n_sims": 5, **kw}),
    "r_index_panel": lambda d, **kw: anet.r_index_panel(
        d["graphs"], strategy="random", adaptive=False, **{"n_sims": 5, **kw}
    ),
    "simulate_defections": lambda d, **kw: anet.simulate_defections(
        d["G"], p_honor=0.745, **{"n_sims": 5, **kw}
    ),
    "attack_response": lambda d, **kw: anet.attack_response(
        d["G"], 2, p_honor=0.745, **{"n_sims": 5, **kw}
    ),
    "layout": lambda d, **kw: ap.layout(d["graphs"], **kw),
    "plot_network": lambda d, **kw: ap.plot_network(d["G"], **kw),
    "plot_snapshots": lambda d, **kw: ap.plot_snapshots(d["graphs"], **kw),
    "plot_similarity": lambda d, **kw: ap.plot_similarity(d["similarity"], order="bloc", **kw),
}

PUBLIC = {
    **{n: getattr(anet, n) for n in anet.__all__ if callable(getattr(anet, n, None))},
    **{n: getattr(ap, n) for n in ap.__all__ if callable(getattr(ap, n, None))},
}


def _params(name: str) -> set[str]:
    return set(inspect.signature(PUBLIC[name]).parameters)


def _with(keyword: str) -> list[str]:
    return sorted(n for n in CALLS if keyword in _params(n))


def test_every_random_function_is_covered():
    random_functions = {
        n
        for n, f in PUBLIC.items()
        if not isinstance(f, type)
        and {"rng", "n_jobs", "n_sims"} & set(inspect.signature(f).parameters)
    }
    missing = sorted(random_functions - set(CALLS))
    assert not missing, f"add a call for {missing} to CALLS"


BAD_RNG = {
    "negative int": -1,
    "float": 1.5,
    "str": "1",
    "legacy RandomState": np.random.RandomState(1),
    "random.Random": random.Random(1),
    "negative in a list": [1, -2],
    "dict": {"seed": 1},
}


@pytest.mark.parametrize("kind", list(BAD_RNG))
@pytest.mark.parametrize("name", _with("rng"))
def test_bad_rng_is_a_parameter_error(data, name, kind):
    with pytest.raises(ParameterError, match="rng"):
        CALLS[name](data, rng=BAD_RNG[kind])


BAD_N_JOBS = {"zero": 0, "float": 1.5, "str": "2", "bool": True}


@pytest.mark.parametrize("kind", list(BAD_N_JOBS))
@pytest.mark.parametrize("name", _with("n_jobs"))
def test_bad_n_jobs_is_a_parameter_error(data, name, kind):
    kw = {"rng": 1} if "rng" in _params(name) else {}
    with pytest.raises(ParameterError, match="n_jobs"):
        CALLS[name](data, n_jobs=BAD_N_JOBS[kind], **kw)


BAD_N_SIMS = {"zero": 0, "negative": -5, "float": 2.5, "str": "10", "bool": True, "None": None}


@pytest.mark.parametrize("kind", list(BAD_N_SIMS))
@pytest.mark.parametrize("name", _with("n_sims"))
def test_bad_n_sims_is_a_parameter_error(data, name, kind):
    with pytest.raises(ParameterError, match="n_sims"):
        CALLS[name](data, n_sims=BAD_N_SIMS[kind], rng=1)


def _comparable(result: Any) -> Any:
    """A value that two equal results share (figures: their node positions or image data)."""
    if isinstance(result, anet.Report):
        return {k: v.to_csv() for k, v in result.tables.items()}
    if isinstance(result, pd.DataFrame | pd.Series):
        return result.to_csv()
    if isinstance(result, dict):
        return repr({k: _comparable(v) for k, v in sorted(result.items(), key=repr)})
    if isinstance(result, matplotlib.axes.Axes | matplotlib.figure.Figure):
        fig = result if isinstance(result, matplotlib.figure.Figure) else result.figure
        offsets = [
            np.round(c.get_offsets(), 9).tolist()
            for ax in fig.axes
            for c in ax.collections
            if hasattr(c, "get_offsets")
        ]
        matplotlib.pyplot.close(fig)
        return repr(offsets)
    return repr(result)


GOOD_RNG: dict[str, Callable[[], Any]] = {
    "int": lambda: 7,
    "numpy int": lambda: np.int64(7),
    "list": lambda: [7],
    "SeedSequence": lambda: np.random.SeedSequence(7),
    "Generator": lambda: np.random.default_rng(7),
    "BitGenerator": lambda: np.random.PCG64(7),
}


@pytest.mark.parametrize("name", _with("rng"))
def test_every_accepted_rng_kind_reproduces(data, name):
    """Every accepted kind of the same seed gives the same result, twice."""
    first = _comparable(CALLS[name](data, rng=7))
    for kind, make in GOOD_RNG.items():
        assert _comparable(CALLS[name](data, rng=make())) == first, kind


@pytest.mark.parametrize("name", _with("n_jobs"))
def test_n_jobs_does_not_change_a_seeded_result(data, name):
    kw = {"rng": 3} if "rng" in _params(name) else {}
    one = _comparable(CALLS[name](data, n_jobs=1, **kw))
    two = _comparable(CALLS[name](data, n_jobs=2, **kw))
    assert one == two
