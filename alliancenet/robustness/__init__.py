"""How robust are mutual-defence commitments when members defect?

Robustness curves and the R-index (Newman-Ziff percolation engine), defection
simulations, attack response, keystones, threshold cascades and voting rules of
collective-security bodies.
"""

from . import cascade, collective, curves, defection
from .cascade import *  # noqa: F403
from .collective import *  # noqa: F403
from .curves import *  # noqa: F403
from .defection import *  # noqa: F403

__all__ = [*curves.__all__, *defection.__all__, *cascade.__all__, *collective.__all__]
