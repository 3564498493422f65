"""Publication figures of alliance networks, measures and robustness results.

Every ``plot_*`` function is axes-level, seaborn-style: ``plot_x(data, *, ...,
ax=None, **kwargs)`` draws on ``ax`` (or on the current axes when ``ax`` is None),
returns that ``Axes``, and never calls ``show()`` or ``savefig()``.
:func:`plot_snapshots` is the one figure-level function (small multiples) and
returns a ``Figure``. Legends take one vocabulary everywhere: ``legend="auto"``
(the place that suits the figure), ``"inside"``, ``"outside"``, ``"below"`` or
``False``. Styling is opt-in through the :func:`paper_style` context manager, and
:func:`save_figure` writes a vector PDF and a 300-dpi PNG of the same figure with
TrueType fonts embedded.

The figures are built to survive black-and-white printing: series differ by
colour *and* line style *and* marker, blocs by colour *and* marker shape; the
default palette is seaborn's ``"colorblind"`` (Okabe & Ito 2008) palette.

The measures drawn come from their owners: node sizes from
:func:`alliancenet.centrality`, blocs from :func:`alliancenet.blocs`, similarity
from :func:`alliancenet.similarity`, losses from :func:`alliancenet.keystones`.

Modules: :mod:`.style` (colours, sizes, :func:`paper_style`, :func:`save_figure`),
:mod:`.layout` (shared node positions), :mod:`.groups` (node sizes and groups),
:mod:`.labels` (legends, event and node labels), :mod:`.network`
(:func:`plot_network`), :mod:`.snapshots` (:func:`plot_snapshots`), :mod:`.series`
(:func:`plot_robustness`, :func:`plot_measure_timeseries`), :mod:`.matrix`
(:func:`plot_similarity`), :mod:`.distributions` (:func:`plot_defections`,
:func:`plot_keystones`).

This package imports matplotlib, so :mod:`alliancenet` loads it only on first
access (``anet.plotting``); ``import alliancenet`` alone never imports matplotlib.

References
----------
Okabe, M., and K. Ito. 2008. "Color Universal Design (CUD): How to make figures
and presentations that are friendly to colorblind people." https://jfly.uni-koeln.de/color/

Wong, B. 2011. "Points of view: Color blindness." *Nature Methods* 8: 441.
https://doi.org/10.1038/nmeth.1618
"""

from __future__ import annotations

from .distributions import plot_defections, plot_keystones
from .labels import DEFAULT_EVENTS, LEGEND_PLACES
from .layout import layout
from .matrix import plot_similarity
from .network import plot_network
from .series import plot_measure_timeseries, plot_robustness
from .snapshots import plot_snapshots
from .style import (
    EDGE_COLOR,
    LINESTYLES,
    MARKERS,
    OKABE_ITO,
    OTHER_COLOR,
    figure_size,
    paper_style,
    save_figure,
)

__all__ = [
    "OKABE_ITO",
    "MARKERS",
    "LINESTYLES",
    "EDGE_COLOR",
    "OTHER_COLOR",
    "DEFAULT_EVENTS",
    "LEGEND_PLACES",
    "figure_size",
    "paper_style",
    "save_figure",
    "layout",
    "plot_network",
    "plot_snapshots",
    "plot_robustness",
    "plot_measure_timeseries",
    "plot_similarity",
    "plot_defections",
    "plot_keystones",
]
