"""alliancenet: alliance networks from treaty data.

Turns treaty data (ATOP, COW Formal Alliances, or your own table) into yearly
alliance networks, measures them (centrality, cohesion, blocs, portfolio
similarity) and asks how robust collective-defence commitments are when members
defect. Import it as ``anet``::

    import alliancenet as anet
    members = anet.load_example()
    G = anet.alliance_graph(members, 1985, states=anet.load_example_states())

The stages follow the data flow: :mod:`~alliancenet.datasets` (read) →
:mod:`~alliancenet.build` (graphs) → :mod:`~alliancenet.measures` (tidy tables)
and :mod:`~alliancenet.robustness` (defection simulations) →
:mod:`~alliancenet.plotting` (figures). :func:`report` runs the whole chain.

Sub-packages are imported on first use (PEP 562 module ``__getattr__``):
``import alliancenet`` loads neither pandas, networkx, numba nor matplotlib, and
``anet.robustness_curve`` imports :mod:`alliancenet.robustness` (and what it
needs) the first time it is looked up. Every name in ``__all__`` is reachable as
``anet.<name>``, listed by ``dir(anet)`` and exported by
``from alliancenet import *``.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from . import errors as errors
from ._version import __version__ as __version__
from .errors import *  # noqa: F403

if TYPE_CHECKING:  # what type checkers and IDEs see: the eager imports
    from . import build, citation, datasets, measures, plotting, robustness  # noqa: F401
    from .build import *  # noqa: F403
    from .citation import *  # noqa: F403
    from .datasets import *  # noqa: F403
    from .measures import *  # noqa: F403
    from .report import Report, report  # noqa: F401
    from .robustness import *  # noqa: F403
    from .schema import CANONICAL_COLUMNS, OBLIGATIONS, validate_memberships  # noqa: F401

#: Sub-packages whose ``__all__`` is re-exported, in the order of ``__all__``.
_REEXPORTED = ("errors", "citation", "build", "datasets", "measures", "robustness")
#: Sub-packages reachable as attributes (``anet.plotting`` imports matplotlib).
_SUBPACKAGES = frozenset({*_REEXPORTED, "plotting", "schema"})
#: Names defined outside the re-exported sub-packages: name -> module.
_EXTRA = {
    "CANONICAL_COLUMNS": "schema",
    "OBLIGATIONS": "schema",
    "validate_memberships": "schema",
    "report": "report",
    "Report": "report",
}
#: Where each public name lives, so that a lookup imports one sub-package only. A
#: name missing here (added to a sub-package later) is still found: the lookup then
#: imports every sub-package (and tests/test_package.py checks this table).
_HOME = {
    **dict.fromkeys(("cite",), "citation"),
    **dict.fromkeys(
        (
            "CODINGS alliance_graph alliance_graphs dyad_years state_years treaty_graph "
            "project_treaty_graph to_igraph from_igraph"
        ).split(),
        "build",
    ),
    **dict.fromkeys(
        (
            "read_atop read_cow read_memberships read_states read_majors read_nmc major_powers "
            "capabilities fetch_atop fetch_cow fetch_states fetch_majors fetch_nmc load_example "
            "load_example_states load_example_majors find_alliances VARIABLE_LABELS cow_to_gw "
            "gw_to_cow fetch_gw_states write_table"
        ).split(),
        "datasets",
    ),
    **dict.fromkeys(
        (
            "centrality centrality_panel cohesion cohesion_panel blocs bloc_stability "
            "modularity_polarization bloc_polarization similarity similarity_panel s_score "
            "cohens_kappa scotts_pi tau_b"
        ).split(),
        "measures",
    ),
    **dict.fromkeys(
        (
            "REMOVAL_STRATEGIES robustness_curve r_index robustness_panel r_index_panel "
            "HONOR_RATES honor_rates simulate_defections attack_response keystones "
            "defection_cascade collective_action_probability UNSC_PERMANENT UNSC_QUOTAS "
            "interest_rates"
        ).split(),
        "robustness",
    ),
    **_EXTRA,
}


def _module(name: str) -> types.ModuleType:
    return importlib.import_module(f".{name}", __name__)


def _public_names() -> list[str]:
    names = ["__version__", "build", "datasets", "measures", "robustness", "plotting"]
    names += list(_EXTRA)
    for sub in _REEXPORTED:
        names += [n for n in _module(sub).__all__ if n not in names]
    return names


def _find(name: str) -> Any:
    """The public object `name`, importing the sub-package that defines it."""
    home = _HOME.get(name)
    if home is not None and name in _module(home).__all__:
        return getattr(_module(home), name)
    for sub in _REEXPORTED:  # a name added (or moved) after _HOME was written
        module = _module(sub)
        if name in module.__all__:
            return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __getattr__(name: str) -> Any:
    if name == "__all__":
        value: Any = _public_names()
    elif name in _SUBPACKAGES:
        return _module(name)  # importing binds it as an attribute of this package
    elif name.startswith("__"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    else:
        value = _find(name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_public_names()) | _SUBPACKAGES)


class _Package(types.ModuleType):
    """This package's module type: ``anet.report`` stays the function.

    Importing the sub-package :mod:`alliancenet.report` binds the module as the
    attribute ``report`` of its parent; the property keeps the function
    :func:`alliancenet.report.report` there instead, whenever the sub-package is
    first imported.
    """

    @property
    def report(self) -> Any:
        return _module("report").report

    @report.setter
    def report(self, value: Any) -> None:
        pass  # the import system binding the sub-package: keep the function


sys.modules[__name__].__class__ = _Package
