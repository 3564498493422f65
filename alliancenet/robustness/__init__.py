"""How robust are mutual-defence commitments when members defect?

The modules follow the data flow of a simulation:

* :mod:`~alliancenet.robustness.strategies` — removal orders (who leaves first);
* :mod:`~alliancenet.robustness.curves` — robustness curves and the R-index of one
  graph (Newman–Ziff percolation engine in :mod:`~alliancenet.robustness._engine`);
* :mod:`~alliancenet.robustness.panel` — the same for every year of a panel;
* :mod:`~alliancenet.robustness.rates` — published honouring rates (presets);
* :mod:`~alliancenet.robustness.honouring` — dyadic rates that follow shared interests;
* :mod:`~alliancenet.robustness.defection` — Monte Carlo defection simulations;
* :mod:`~alliancenet.robustness.attack` — the response of a state's allies to an attack;
* :mod:`~alliancenet.robustness.knockout` — keystones: single defections that cost most;
* :mod:`~alliancenet.robustness.cascade` — threshold cascades of defection;
* :mod:`~alliancenet.robustness.collective` — voting rules of collective-security bodies.
"""

from . import (
    attack,
    cascade,
    collective,
    curves,
    defection,
    honouring,
    knockout,
    panel,
    rates,
    strategies,
)
from .attack import *  # noqa: F403
from .cascade import *  # noqa: F403
from .collective import *  # noqa: F403
from .curves import *  # noqa: F403
from .defection import *  # noqa: F403
from .honouring import *  # noqa: F403
from .knockout import *  # noqa: F403
from .panel import *  # noqa: F403
from .rates import *  # noqa: F403
from .strategies import *  # noqa: F403

__all__ = [
    *strategies.__all__,
    *curves.__all__,
    *panel.__all__,
    *rates.__all__,
    *honouring.__all__,
    *defection.__all__,
    *attack.__all__,
    *knockout.__all__,
    *cascade.__all__,
    *collective.__all__,
]
