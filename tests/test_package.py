"""Package-level promises: the public API, import side effects, errors."""

from __future__ import annotations

import subprocess
import sys

import pytest

import alliancenet as anet


def test_import_does_not_load_matplotlib_or_igraph():
    code = (
        "import sys, alliancenet; "
        "bad = [m for m in ('matplotlib', 'igraph', 'seaborn') if m in sys.modules]; "
        "print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_plotting_loads_lazily():
    assert anet.plotting.__name__ == "alliancenet.plotting"


def test_public_api_is_complete_and_importable():
    for name in anet.__all__:
        assert getattr(anet, name) is not None, name
    for name in ("read_atop", "read_cow", "read_states", "read_nmc", "read_majors",
                 "read_memberships", "fetch_atop", "load_example", "alliance_graph",
                 "alliance_graphs", "treaty_graph", "dyad_years", "to_igraph", "from_igraph",
                 "centrality", "cohesion", "blocs", "polarization", "similarity",
                 "robustness_curve", "r_index", "robustness_panel", "simulate_defections",
                 "attack_response", "keystones", "defection_cascade",
                 "collective_action_probability", "cite", "AllianceNetError"):  # fmt: skip
        assert name in anet.__all__, name
    assert isinstance(anet.__version__, str)


@pytest.mark.parametrize(
    "cls, base",
    [
        (anet.SchemaError, ValueError),
        (anet.ParameterError, ValueError),
        (anet.CoverageError, ValueError),
        (anet.GraphTypeError, TypeError),
    ],  # fmt: skip
)
def test_errors_are_also_builtin_errors(cls, base):
    assert issubclass(cls, anet.AllianceNetError) and issubclass(cls, base)


def test_unknown_obligation_error_lists_the_valid_ones():
    with pytest.raises(anet.ParameterError, match="defense"):
        anet.alliance_graph(anet.load_example(), 1985, obligations="defence-ish")
