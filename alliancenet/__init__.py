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
:mod:`~alliancenet.plotting` (figures; imported lazily, so importing
alliancenet never imports matplotlib). :func:`report` runs the whole chain.
"""

from __future__ import annotations

from . import build, citation, datasets, errors, measures, robustness
from ._version import __version__
from .build import *  # noqa: F403
from .citation import *  # noqa: F403
from .datasets import *  # noqa: F403
from .errors import *  # noqa: F403
from .measures import *  # noqa: F403
from .report import Report, report  # anet.report is the function (sub-package via sys.modules)
from .robustness import *  # noqa: F403
from .schema import CANONICAL_COLUMNS, OBLIGATIONS, validate_memberships

__all__ = [
    "__version__",
    "build",
    "datasets",
    "measures",
    "robustness",
    "plotting",  # noqa: F405 (loaded lazily by __getattr__)
    "CANONICAL_COLUMNS",
    "OBLIGATIONS",
    "validate_memberships",
    "report",
    "Report",
    *errors.__all__,
    *citation.__all__,
    *build.__all__,
    *datasets.__all__,
    *measures.__all__,
    *robustness.__all__,
]


def __getattr__(name: str):
    # plotting imports matplotlib, so it is loaded only when first used.
    if name == "plotting":
        import importlib

        return importlib.import_module(".plotting", __name__)
    raise AttributeError(f"module 'alliancenet' has no attribute {name!r}")
