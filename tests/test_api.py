"""The public API as a contract: siblings agree, types are complete, docs are numpydoc.

These tests inspect every public function's signature and docstring, so that a
new function (or a changed default) that drifts from its siblings fails here
instead of surprising a user.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable

import pandas as pd
import pytest

import alliancenet as anet
from alliancenet import plotting as ap

PUBLIC = {
    name: obj
    for name, obj in ((n, getattr(anet, n)) for n in anet.__all__)
    if inspect.isfunction(obj)
}
PLOTS = {
    name: obj for name, obj in ((n, getattr(ap, n)) for n in ap.__all__) if inspect.isfunction(obj)
}
EVERY = {**PUBLIC, **{f"plotting.{n}": f for n, f in PLOTS.items()}}

BUILDERS = ["alliance_graph", "alliance_graphs", "dyad_years", "treaty_graph"]

#: one meaning, one default, everywhere the keyword appears
SHARED_DEFAULTS: dict[str, object] = {
    "obligations": "defense",
    "states": None,
    "carry_forward": False,
    "rng": None,
    "n_jobs": 1,
    "progress": False,
    "n_sims": 1000,
    "directed": False,
}
#: documented exceptions: (function, keyword) -> why
EXCEPTIONS = {
    # Signorino-Ritter S is defined on valued ties: similarity keeps coding="atop"
    ("similarity", "coding"): "valued scale by definition",
    ("similarity_panel", "coding"): "valued scale by definition",
}


def _params(func: Callable[..., object]) -> dict[str, inspect.Parameter]:
    return dict(inspect.signature(func).parameters)


def test_there_is_a_public_api():
    assert len(PUBLIC) > 30 and len(PLOTS) > 5


def test_builders_share_keywords_and_defaults():
    shared = {"members", "states", "carry_forward"}
    for name in BUILDERS:
        params = _params(PUBLIC[name])
        assert shared <= set(params), (name, sorted(params))
        assert list(params)[0] == "members"
    for kw in ("obligations", "coding", "directed", "states", "carry_forward"):
        defaults = {
            name: _params(PUBLIC[name])[kw].default
            for name in BUILDERS
            if kw in _params(PUBLIC[name])
        }
        assert len(set(map(repr, defaults.values()))) == 1, (kw, defaults)


@pytest.mark.parametrize("kw", sorted(SHARED_DEFAULTS))
def test_shared_keywords_have_one_default(kw):
    for name, func in EVERY.items():
        p = _params(func).get(kw)
        if p is None or (name.split(".")[-1], kw) in EXCEPTIONS:
            continue
        assert p.default == SHARED_DEFAULTS[kw] or p.default is inspect.Parameter.empty, (
            f"{name}({kw}={p.default!r}) disagrees with the package default {SHARED_DEFAULTS[kw]!r}"
        )


def test_coding_default_agrees_outside_documented_exceptions():
    defaults = {
        name: _params(f)["coding"].default
        for name, f in PUBLIC.items()
        if "coding" in _params(f) and (name, "coding") not in EXCEPTIONS
    }
    assert len(set(map(repr, defaults.values()))) == 1, defaults


def test_random_keywords_are_keyword_only_and_come_together():
    for name, func in EVERY.items():
        params = _params(func)
        for kw in ("rng", "n_jobs", "progress", "n_sims"):
            if kw in params:
                assert params[kw].kind is inspect.Parameter.KEYWORD_ONLY, (name, kw)
        if "n_sims" in params:  # repeats random draws
            missing = {"rng", "n_jobs", "progress"} - set(params)
            assert not missing, f"{name} repeats draws (n_sims) but lacks {missing}"
        if name.endswith("_panel"):
            assert "progress" in params, f"{name} loops over years but has no progress="


def test_old_names_are_gone():
    params = {kw for f in EVERY.values() for kw in _params(f)}
    for old in ("n_orders", "n_null", "n_runs", "seeds", "seed", "random_state"):
        assert old not in params, old
    assert not hasattr(anet, "alliance_panel")


def _annotations_complete(func: Callable[..., object]) -> list[str]:
    missing = [
        n
        for n, p in inspect.signature(func).parameters.items()
        if p.annotation is inspect.Parameter.empty
        and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)
    ]
    if inspect.signature(func).return_annotation is inspect.Signature.empty:
        missing.append("return")
    return missing


def test_every_public_parameter_is_typed():
    untyped = {name: m for name, f in EVERY.items() if (m := _annotations_complete(f))}
    assert not untyped, untyped


_SECTIONS = ("Parameters", "Returns", "Examples")


@pytest.mark.parametrize("name", sorted(EVERY))
def test_numpydoc_docstring_with_examples(name):
    doc = inspect.getdoc(EVERY[name]) or ""
    assert doc, f"{name} has no docstring"
    summary = doc.splitlines()[0]
    assert summary.endswith(".") and len(summary) < 100, (name, summary)
    needed = [s for s in _SECTIONS if not (s == "Parameters" and not _params(EVERY[name]))]
    for section in needed:
        assert re.search(rf"^{section}\n-{{{len(section)}}}$", doc, re.M), (name, section)
    assert ">>> " in doc, f"{name} has no runnable example"
    assert "{{" not in doc, f"{name}: unfilled docstring fragment"
    params = [p for p in _params(EVERY[name]) if p not in ("kwargs", "args")]
    block = doc.split("Parameters\n----------", 1)[-1].split("\n\n", 1)[0] if params else ""
    body = doc.split("Parameters\n----------", 1)[-1]
    for p in params:
        assert re.search(rf"^{p}\b|[ ,]{p}\b", body, re.M), f"{name}: parameter {p} undocumented"
    del block


def test_no_reference_outside_the_repository():
    for name, func in EVERY.items():
        doc = inspect.getdoc(func) or ""
        assert "REFERENCES c." not in doc and "REFERENCES.md" not in doc, name


def test_panels_are_tidy_with_a_year_column():
    members, states = anet.load_example(), anet.load_example_states()
    graphs = anet.alliance_graphs(members, range(1985, 1988), states=states)
    assert isinstance(graphs, dict) and all(isinstance(y, int) for y in graphs)
    small = {"n_sims": 5} if "n_sims" in _params(anet.robustness_panel) else {}
    results = {
        "centrality_panel": anet.centrality_panel(graphs),
        "cohesion_panel": anet.cohesion_panel(graphs, rng=0),
        "robustness_panel": anet.robustness_panel(graphs, rng=0, **small),
        "similarity_panel": anet.similarity_panel(members, range(1985, 1988), states=states),
    }
    panels = {n for n in PUBLIC if n.endswith("_panel")}
    assert panels <= set(results) | {"r_index_panel"}, panels - set(results)
    if "r_index_panel" in PUBLIC:
        results["r_index_panel"] = anet.r_index_panel(graphs, rng=0, **small)
    for name, table in results.items():
        assert isinstance(table, pd.DataFrame), name
        assert "year" in table.columns, (name, list(table.columns))
        assert set(table["year"]) == {1985, 1986, 1987}, name
        assert table.index.equals(pd.RangeIndex(len(table))), name


def test_functions_return_one_type():
    G = anet.alliance_graph(anet.load_example(), 1985, states=anet.load_example_states())
    one = anet.r_index(G, rng=0, n_sims=1) if "n_sims" in _params(anet.r_index) else None
    many = anet.r_index(G, rng=0, n_sims=20) if one is not None else None
    if one is not None:
        assert type(one) is type(many) is float


def test_plot_functions_are_axes_level_and_take_data_first():
    for name, func in PLOTS.items():
        if not name.startswith("plot_"):
            continue
        params = _params(func)
        first = next(iter(params.values()))
        assert first.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD, name
        assert "ax" in params and params["ax"].default is None, name
        assert params["ax"].kind is inspect.Parameter.KEYWORD_ONLY, name
        if "legend" in params:
            assert params["legend"].default == "auto", name


def test_typed_marker_is_shipped():
    from importlib.resources import files

    assert files("alliancenet").joinpath("py.typed").is_file()
