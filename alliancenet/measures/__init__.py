"""Measures of alliance graphs: centrality, cohesion, blocs and polarization, portfolio similarity."""

from importlib import import_module as _import

# Collect each module's public names first: two functions (``blocs``, ``similarity``) share
# their module's name and replace the module attribute once star-imported.
__all__ = [
    name
    for _mod in ("centrality", "cohesion", "blocs", "similarity")
    for name in _import(f"{__name__}.{_mod}").__all__
]

from .blocs import *  # noqa: F403
from .centrality import *  # noqa: F403
from .cohesion import *  # noqa: F403
from .similarity import *  # noqa: F403
