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
                 "centrality", "cohesion", "blocs", "modularity_polarization", "similarity",
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


def _fresh(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_import_loads_no_heavy_dependency():
    code = (
        "import sys, alliancenet; "
        "print([m for m in ('pandas', 'networkx', 'numba', 'numpy') if m in sys.modules])"
    )
    assert _fresh(code) == "[]"


def test_name_table_agrees_with_the_sub_packages():
    import importlib

    for sub in anet._REEXPORTED:
        module = importlib.import_module(f"alliancenet.{sub}")
        for name in module.__all__:
            assert getattr(anet, name) is getattr(module, name), (name, sub)
            assert name in anet.__all__ and name in dir(anet), name
    # the table of homes only saves imports; where it names a home, it is the right one
    # (a name added to a sub-package later is still found, by scanning the sub-packages)
    for name, sub in anet._HOME.items():
        if name in importlib.import_module(f"alliancenet.{sub}").__all__:
            continue
        assert all(
            name not in importlib.import_module(f"alliancenet.{s}").__all__
            for s in anet._REEXPORTED
        ) or hasattr(anet, name), name


def test_report_stays_the_function_whatever_the_import_order():
    code = (
        "import sys, alliancenet.report, alliancenet as anet; "
        "sub = sys.modules['alliancenet.report']; "
        "print(callable(anet.report) and anet.report is sub.report and anet.report is not sub)"
    )
    assert _fresh(code) == "True"
    code = "import alliancenet as anet; f = anet.report; import alliancenet.report; print(anet.report is f)"
    assert _fresh(code) == "True"


def test_star_import_exports_all():
    ns: dict = {}
    exec("from alliancenet import *", ns)
    assert {n for n in anet.__all__} <= set(ns)
    assert ns["robustness_curve"] is anet.robustness_curve


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no_such_name"):
        anet.no_such_name
    assert not hasattr(anet, "__path_hooks__")
