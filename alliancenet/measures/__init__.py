"""Measures of alliance graphs: centrality, cohesion, blocs and polarization, portfolio similarity."""

from . import blocs, centrality, cohesion, similarity
from .blocs import *  # noqa: F403
from .centrality import *  # noqa: F403
from .cohesion import *  # noqa: F403
from .similarity import *  # noqa: F403

__all__ = [*centrality.__all__, *cohesion.__all__, *blocs.__all__, *similarity.__all__]
