"""The documentation's sources cover the package (fast checks; ``.ci/docs`` builds the site).

The API reference is listed at build time from the public API by
``docs/_ext/alliancenet_docs.py``; these tests check that listing, that the gallery
draws every plot kind, and that the user guide has a page per stage of the data flow,
without running Sphinx.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import sys
from pathlib import Path

import pytest

import alliancenet as anet
from alliancenet import plotting as ap

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

pytest.importorskip("sphinx")  # the docs extra
sys.path.insert(0, str(DOCS / "_ext"))
alliancenet_docs = importlib.import_module("alliancenet_docs")


def _public_names() -> set[str]:
    top = {
        f"alliancenet.{n}"
        for n in anet.__all__
        if n != "__version__" and not inspect.ismodule(getattr(anet, n))
    }
    plots = {f"alliancenet.plotting.{n}" for n in ap.__all__}
    return top | plots


def test_every_public_name_gets_one_page():
    documented = alliancenet_docs.documented_names()
    assert len(documented) == len(set(documented)), "a name is listed twice"
    assert _public_names() <= set(documented)
    page = alliancenet_docs.api_page()
    for full in documented:
        module, _, name = full.rpartition(".")
        assert f"\n   {name}\n" in page, full
        assert f".. currentmodule:: {module}" in page, full


def test_api_sections_follow_the_data_flow():
    page = alliancenet_docs.api_page()
    titles = [t for t in alliancenet_docs.STAGES.values() if t in page]
    positions = [page.index(t) for t in titles]
    assert positions == sorted(positions)
    for stage in ("datasets", "build", "measures", "robustness", "plotting"):
        assert f".. module:: alliancenet.{stage}\n" in page
    build = alliancenet_docs.top_level_sections()["build"]
    assert {"alliance_graph", "alliance_graphs", "dyad_years", "CODINGS"} <= set(build)
    # functions and classes first, then constants
    assert page.index("\n   alliance_graph\n") < page.index("\n   CODINGS\n")


def test_every_documented_function_has_an_example():
    """Each function page shows a working example (the doctests run them)."""
    missing = []
    for full in alliancenet_docs.documented_names():
        module, _, name = full.rpartition(".")
        obj = getattr(importlib.import_module(module), name)
        if inspect.isroutine(obj) and "\nExamples\n--------\n" not in (inspect.getdoc(obj) or ""):
            missing.append(full)
    assert not missing, f"no Examples section: {missing}"


def test_every_constant_has_a_doc_comment():
    missing = []
    for full in alliancenet_docs.documented_names():
        module, _, name = full.rpartition(".")
        obj = getattr(importlib.import_module(module), name)
        if not (inspect.isroutine(obj) or inspect.isclass(obj)):
            if not alliancenet_docs.constant_doc(full, obj):
                missing.append(full)
    assert not missing, f"no '#:' comment where they are defined: {missing}"


def _called_plot_functions(script: Path) -> set[str]:
    tree = ast.parse(script.read_text(encoding="utf-8"))
    return {
        node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name)
    }


def test_gallery_draws_every_plot_kind():
    scripts = sorted((DOCS / "gallery").glob("plot_*.py"))
    called = set().union(*(_called_plot_functions(s) for s in scripts))
    kinds = {n for n in ap.__all__ if n.startswith("plot_")}
    assert kinds, "no plot_* function in alliancenet.plotting"
    assert kinds <= called, f"no gallery example calls {sorted(kinds - called)}"
    for script in scripts:
        doc = ast.get_docstring(ast.parse(script.read_text(encoding="utf-8")))
        assert doc and "\n===" in doc, f"{script.name}: sphinx-gallery needs a titled docstring"


def test_user_guide_has_a_page_per_stage():
    guide = DOCS / "user_guide"
    for stage in ("read", "build", "measure", "simulate", "plot", "report", "data_sources"):
        page = guide / f"{stage}.md"
        assert page.is_file(), page
        assert f"\n{stage}\n" in (guide / "index.md").read_text(encoding="utf-8")
    executed = [p.name for p in guide.glob("*.md") if "file_format: mystnb" in p.read_text()]
    assert {"read.md", "build.md", "measure.md", "simulate.md", "plot.md"} <= set(executed)


def test_notebooks_are_copied_not_committed(tmp_path):
    copies = alliancenet_docs.copy_notebooks(ROOT / "notebooks", tmp_path / "nb")
    assert [c.name for c in copies] == sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    (tmp_path / "nb" / "stale.ipynb").write_text("{}")
    alliancenet_docs.copy_notebooks(ROOT / "notebooks", tmp_path / "nb")
    assert not (tmp_path / "nb" / "stale.ipynb").exists()
    assert "generated/notebooks/*" in (DOCS / "notebooks.md").read_text(encoding="utf-8")


def test_changelog_is_included_not_copied():
    assert "{include} ../CHANGELOG.md" in (DOCS / "changelog.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("target", "reftype", "expected"),
    [
        ("anet.blocs", "func", "alliancenet.blocs"),
        (f"{anet.blocs.__module__}.blocs", "func", "alliancenet.blocs"),
        ("alliancenet.schema.validate_memberships", "func", "alliancenet.validate_memberships"),
        ("alliancenet.robustness.rates", "mod", "alliancenet.robustness"),
        ("alliancenet._random.spawn", "func", None),  # private: no page, stays broken
        ("alliancenet.no_such_name", "func", None),
        ("numpy.mean", "func", None),
    ],
)
def test_references_by_definition_path_reach_the_public_page(target, reftype, expected):
    public = alliancenet_docs._public_objects()
    assert alliancenet_docs._alias(target, reftype, public) == expected


def test_kernels_start_with_inline_figures(tmp_path):
    """Executed pages keep every figure (matplotlib issue 25041: rc_context in a fresh kernel)."""
    folder = alliancenet_docs.kernel_profile(tmp_path / "ipython")
    config = folder / "profile_default" / "ipython_kernel_config.py"
    assert config.read_text() == 'c.InteractiveShellApp.matplotlib = "inline"\n'
