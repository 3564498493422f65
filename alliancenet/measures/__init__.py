"""Measures of alliance graphs and portfolios.

* :mod:`~alliancenet.measures.centrality` -- node centralities (tables indexed by ccode);
* :mod:`~alliancenet.measures.cohesion` -- graph-level cohesion figures;
* :mod:`~alliancenet.measures.blocs` -- blocs, their stability, modularity polarization;
* :mod:`~alliancenet.measures.polarization` -- polarization into few, large, opposed
  blocs (Esteban-Ray over bloc capability shares, bipolarity);
* :mod:`~alliancenet.measures.similarity` -- alliance-portfolio similarity of every dyad;
* :mod:`~alliancenet.measures.agreement` -- the per-pair statistics behind it
  (S, kappa, pi, tau-b).

Every function that takes a graph checks it with
:func:`alliancenet._graphs.check_state_graph` and reads its ties through
:func:`alliancenet._graphs.edge_arrays` (positive finite weights; self-loops
ignored); every random draw goes through :mod:`alliancenet._random`.
"""

from importlib import import_module as _import

# Collect each module's public names first: two functions (``blocs``, ``similarity``) share
# their module's name and replace the module attribute once star-imported.
__all__ = [
    name
    for _mod in ("centrality", "cohesion", "blocs", "polarization", "similarity", "agreement")
    for name in _import(f"{__name__}.{_mod}").__all__
]

from .agreement import *  # noqa: F403
from .blocs import *  # noqa: F403
from .centrality import *  # noqa: F403
from .cohesion import *  # noqa: F403
from .polarization import *  # noqa: F403
from .similarity import *  # noqa: F403
