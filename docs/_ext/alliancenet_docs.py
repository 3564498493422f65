"""A small Sphinx extension for the alliancenet documentation.

It does three things when the build starts, before Sphinx lists the documents:

* writes ``generated/api.rst``, the API reference, from the public API itself:
  ``alliancenet.__all__`` grouped by the stage that exports each name, then every
  public sub-package whose ``__all__`` holds names that are not top-level
  (``alliancenet.plotting``, ``alliancenet.report``, ``alliancenet.schema``). A new
  public name therefore gets its page without editing the docs;
* copies ``../notebooks/*.ipynb`` into ``generated/notebooks`` so myst-nb executes
  and renders them (the copies are build products, never committed), and gives the
  kernels that execute them an IPython profile that starts with ``%matplotlib
  inline`` (see :func:`kernel_profile`);
* resolves references written with the path where an object is *defined*
  (``alliancenet.measures.blocs.blocs``, ``anet.blocs``, or a bare name in a
  docstring of the module that defines it) to the page of the public name it is
  documented under (``alliancenet.blocs``), and references to an inner module
  (``alliancenet.robustness.rates``) to the section of its stage. A reference to
  anything without a page of its own (a private function, an undocumented
  constant) stays broken and fails the build.
"""

from __future__ import annotations

import importlib
import inspect
import os
import shutil
import types
from pathlib import Path
from typing import Any

#: Stages of the data flow, in order, with the title of each API section.
STAGES: dict[str, str] = {
    "datasets": "Read: data sets and readers",
    "schema": "The canonical membership table",
    "build": "Build: graphs, dyad-years and treaty graphs",
    "measures": "Measure: centrality, cohesion, blocs and similarity",
    "robustness": "Simulate: robustness and defection",
    "plotting": "Plot: publication figures",
    "report": "Report: the whole analysis",
    "citation": "Citing",
    "errors": "Errors and warnings",
}

#: Public modules documented in their own section even when ``alliancenet.__all__``
#: does not name them (their extra names are public through the module).
EXTRA_NAMESPACES = ("schema", "report")

API_INTRO = """\
API reference
=============

Import the package as ``anet``. Each table says under which name its entries are
available: ``alliancenet.<name>`` (``anet.centrality``), or a sub-package's
``alliancenet.plotting.<name>``, ``alliancenet.report.<name>``, ... The sections follow
the data flow: read, build, measure, simulate, plot, report. This page is written when
the documentation is built, from ``alliancenet.__all__`` and the ``__all__`` of the
sub-packages, so it lists exactly what the package exports.
"""


def _anet() -> types.ModuleType:
    return importlib.import_module("alliancenet")


def _stage_of(name: str, obj: object) -> str:
    """The stage a top-level public name belongs to: the sub-package that exports it."""
    anet = _anet()
    for stage in STAGES:
        module = getattr(anet, stage, None)
        if isinstance(module, types.ModuleType) and name in getattr(module, "__all__", ()):
            return stage
    parts = (getattr(obj, "__module__", None) or "").split(".")
    if len(parts) > 1 and parts[0] == "alliancenet":
        return parts[1].lstrip("_") or "other"
    return "other"


def _module(name: str) -> types.ModuleType | None:
    try:
        return importlib.import_module(f"alliancenet.{name}")
    except ImportError:
        return None


def top_level_sections() -> dict[str, list[str]]:
    """Top-level public names (no modules, no ``__version__``) by stage, in data-flow order."""
    anet = _anet()
    groups: dict[str, list[str]] = {}
    for name in anet.__all__:
        obj = getattr(anet, name)
        if name == "__version__" or isinstance(obj, types.ModuleType):
            continue
        groups.setdefault(_stage_of(name, obj), []).append(name)
    order = [s for s in STAGES if s in groups] + sorted(set(groups) - set(STAGES))
    return {stage: groups[stage] for stage in order}


def namespaces() -> dict[str, list[str]]:
    """Sub-packages documented under their own name, with their names that are not top-level."""
    anet = _anet()
    found: dict[str, list[str]] = {}
    candidates = [n for n in anet.__all__ if n != "__version__"] + list(EXTRA_NAMESPACES)
    for name in candidates:
        module = _module(name)
        if module is None or name in found:
            continue
        own = [n for n in getattr(module, "__all__", ()) if n not in anet.__all__]
        if own:
            found[name] = own
    return found


def documented_names() -> list[str]:
    """Every fully qualified name that gets a page of its own."""
    names = [f"alliancenet.{n}" for group in top_level_sections().values() for n in group]
    for module, own in namespaces().items():
        names += [f"alliancenet.{module}.{n}" for n in own]
    return names


def _kind_order(module: types.ModuleType, names: list[str]) -> list[str]:
    """Functions and classes first (in ``__all__`` order), then constants."""

    def is_code(n: str) -> bool:
        obj = getattr(module, n)
        return inspect.isroutine(obj) or inspect.isclass(obj)

    return [n for n in names if is_code(n)] + [n for n in names if not is_code(n)]


def _summary(module: types.ModuleType) -> list[str]:
    if not module.__doc__:
        return []
    first = inspect.cleandoc(module.__doc__).split("\n\n")[0].replace("\n", " ")
    return [first, ""]


def _table(current: str, names: list[str]) -> list[str]:
    lines = [f".. currentmodule:: {current}", "", ".. autosummary::"]
    lines += ["   :toctree: api", "   :nosignatures:", ""]
    lines += [f"   {n}" for n in _kind_order(importlib.import_module(current), names)]
    return [*lines, ""]


def api_page() -> str:
    """The text of ``generated/api.rst``: one section per stage, in data-flow order.

    A section lists the top-level names the stage exports (``alliancenet.<name>``),
    then the names its module exports that are not top-level
    (``alliancenet.<stage>.<name>``).
    """
    top, extra = top_level_sections(), namespaces()
    order = [s for s in STAGES if s in top or s in extra]
    order += [s for s in [*top, *extra] if s not in order]
    lines = [API_INTRO]
    for stage in order:
        title = STAGES.get(stage, stage.capitalize())
        lines += [title, "-" * len(title), ""]
        module = _module(stage)
        if module is not None:
            # a target for :mod: references; the names are documented as listed below.
            # Not where a top-level name is the module's name (``alliancenet.report`` is
            # the function): one object per name.
            if isinstance(getattr(_anet(), stage, None), types.ModuleType):
                lines += [f".. module:: alliancenet.{stage}", ""]
            lines += [f"From ``alliancenet.{stage}``. " + " ".join(_summary(module)), ""]
        if stage in top:
            lines += ["As ``alliancenet.<name>``:", ""]
            lines += _table("alliancenet", top[stage])
        if stage in extra:
            lines += [f"As ``alliancenet.{stage}.<name>``:", ""]
            lines += _table(f"alliancenet.{stage}", extra[stage])
    return "\n".join(lines)


def write_if_changed(path: Path, text: str) -> None:
    """Write only when the content differs, so Sphinx's incremental builds stay quick."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def copy_notebooks(source: Path, target: Path) -> list[Path]:
    """Copy ``source/*.ipynb`` into ``target`` (stale copies removed); return the copies."""
    target.mkdir(parents=True, exist_ok=True)
    notebooks = sorted(source.glob("*.ipynb"))
    for stale in set(target.glob("*.ipynb")) - {target / s.name for s in notebooks}:
        stale.unlink()
    for notebook in notebooks:
        copy = target / notebook.name
        if not copy.exists() or copy.read_bytes() != notebook.read_bytes():
            shutil.copyfile(notebook, copy)
    return [target / s.name for s in notebooks]


# -- references by definition path -----------------------------------------------------


def _public_objects() -> dict[int, str]:
    """id(object) -> the public name it is documented under (functions, classes, containers)."""
    out: dict[int, str] = {}
    for full in documented_names():
        module_name, _, attr = full.rpartition(".")
        obj = getattr(importlib.import_module(module_name), attr)
        if isinstance(obj, str | bytes | int | float | bool) or obj is None:
            continue  # interned scalars share ids
        out.setdefault(id(obj), full)
    return out


def _import_path(path: str) -> Any:
    """The object a dotted path names (module prefix imported, the rest by getattr)."""
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr)
        return obj
    raise ImportError(path)


def _alias(target: str, reftype: str, public: dict[int, str]) -> str | None:
    """The documented name of what `target` names, when it is documented under another."""
    path = "alliancenet." + target[len("anet.") :] if target.startswith("anet.") else target
    if not path.startswith("alliancenet."):
        return None
    try:
        obj = _import_path(path) if reftype == "mod" else _attribute_first(path)
    except (ImportError, AttributeError):
        return None
    if reftype == "mod" and isinstance(obj, types.ModuleType):
        parts = path.split(".")  # an inner module: the section of its stage
        return ".".join(parts[:2]) if len(parts) > 2 and _module(parts[1]) else None
    if isinstance(obj, str | bytes | int | float | bool) or obj is None:
        return None
    name = public.get(id(obj))
    return name or None


def _attribute_first(path: str) -> Any:
    """Like :func:`_import_path`, but an attribute wins over a sub-module of that name."""
    parent, _, last = path.rpartition(".")
    if parent:
        try:
            return getattr(_import_path(parent), last)
        except (ImportError, AttributeError):
            pass
    return _import_path(path)


def _defining_module(refdoc: str) -> str | None:
    """The module that defines the object of an API page (``generated/api/<name>``)."""
    prefix = "generated/api/"
    if not refdoc.startswith(prefix):
        return None
    try:
        obj = _attribute_first(refdoc[len(prefix) :])
    except (ImportError, AttributeError):
        return None
    module = getattr(obj, "__module__", None)
    return module if isinstance(module, str) else None


_PUBLIC: dict[int, str] = {}


def _missing_reference(app: Any, env: Any, node: Any, contnode: Any) -> Any:
    if node.get("refdomain") != "py":
        return None
    if not _PUBLIC:
        _PUBLIC.update(_public_objects())
    reftype = node["reftype"]
    target = node["reftarget"]
    name = _alias(target, reftype, _PUBLIC)
    if name is None and "." not in target:
        # a bare name in a docstring names something of the docstring's own module
        module = _defining_module(node.get("refdoc", ""))
        name = _alias(f"{module}.{target}", reftype, _PUBLIC) if module else None
        if name is None:  # e.g. the API table's row for anet.report (a function named
            name = _alias(f"alliancenet.{target}", reftype, _PUBLIC)  # like its module)
    if name is None:
        return None
    domain = env.get_domain("py")
    for role in (reftype, "obj"):  # "obj" when the role does not fit, e.g. :func: on a class
        ref = domain.resolve_xref(env, node["refdoc"], app.builder, role, name, node, contnode)
        if ref is not None:
            return ref
    return None


# -- constants: their ``#:`` comment, not the docstring of their type -------------------


def _walk_modules() -> list[types.ModuleType]:
    import pkgutil

    anet = _anet()
    found = [anet]
    for info in pkgutil.walk_packages(anet.__path__, prefix="alliancenet."):
        if info.name.endswith("__main__"):
            continue  # importing it would run the command line
        try:
            found.append(importlib.import_module(info.name))
        except ImportError:
            continue
    return found


_COMMENTS: dict[str, list[tuple[object, list[str]]]] = {}


def constant_doc(name: str, obj: object) -> list[str] | None:
    """The ``#:`` comment of the module-level assignment of `name` that defines `obj`."""
    from sphinx.pycode import ModuleAnalyzer

    if not _COMMENTS:
        for module in _walk_modules():
            try:
                docs = ModuleAnalyzer.for_module(module.__name__).find_attr_docs()
            except Exception:  # no source (compiled), or unparsable
                continue
            for (scope, attr), lines in docs.items():
                if scope == "" and hasattr(module, attr):
                    _COMMENTS.setdefault(attr, []).append((getattr(module, attr), list(lines)))
    for value, lines in _COMMENTS.get(name.rpartition(".")[2], []):
        if value is obj:
            return lines
    return None


def _constant_docstring(
    app: Any, what: str, name: str, obj: object, options: Any, lines: list[str]
) -> None:
    """Document a constant by its ``#:`` comment where it is defined (re-exports have none)."""
    if what not in ("data", "attribute") or not name.startswith("alliancenet."):
        return
    comment = constant_doc(name, obj)
    type_doc = inspect.cleandoc(type(obj).__doc__ or "").splitlines()
    if comment:
        lines[:] = [line.rstrip("\n") for line in comment]
    elif [line.strip() for line in lines if line.strip()] == [
        line.strip() for line in type_doc if line.strip()
    ]:
        lines[:] = []  # never show the docstring of tuple or dict as the constant's


def kernel_profile(folder: Path) -> Path:
    """An IPython folder whose kernels start with ``%matplotlib inline``; return it.

    In a fresh kernel that has not run ``%matplotlib inline``, a figure drawn inside
    ``matplotlib.rc_context`` (as :func:`alliancenet.plotting.paper_style` does) stops
    every later figure from being shown inline (matplotlib issue 25041,
    matplotlib-inline issue 22), so the executed pages would lose their figures.
    """
    config = folder / "profile_default" / "ipython_kernel_config.py"
    write_if_changed(config, 'c.InteractiveShellApp.matplotlib = "inline"\n')
    return folder


def shadowing_stubs() -> dict[str, str]:
    """Stub pages of top-level functions named like a sub-package (``anet.report``).

    autosummary imports ``alliancenet.report`` as the module; the stub written here
    documents the function the name stands for (autosummary keeps existing stubs).
    """
    anet = _anet()
    stubs = {}
    for name in anet.__all__:
        obj = getattr(anet, name, None)
        if callable(obj) and not isinstance(obj, type) and _module(name) is not None:
            full = f"alliancenet.{name}"
            stubs[full] = "\n".join(
                [full, "=" * len(full), "", ".. currentmodule:: alliancenet", "",
                 f".. autofunction:: {name}", ""]
            )  # fmt: skip
    return stubs


def _generate(app: Any, config: Any) -> None:
    src = Path(app.srcdir)
    write_if_changed(src / "generated" / "api.rst", api_page())
    for full, text in shadowing_stubs().items():
        write_if_changed(src / "generated" / "api" / f"{full}.rst", text)
    copy_notebooks(src.parent / "notebooks", src / "generated" / "notebooks")
    # the kernels that execute the notebooks and guide pages inherit this environment
    os.environ["IPYTHONDIR"] = str(kernel_profile(src / "generated" / "ipython"))


def setup(app: Any) -> dict[str, Any]:
    app.connect("config-inited", _generate)  # before Sphinx lists the documents
    app.connect("missing-reference", _missing_reference)
    app.connect("autodoc-process-docstring", _constant_docstring)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
