"""Small multiples: yearly alliance networks on one shared layout (:func:`plot_snapshots`)."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any, cast

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from .._docstrings import fill_doc
from .._random import RNGLike, as_generator, spawn
from ..errors import ParameterError
from ._common import Legend, sort_key
from .groups import (
    UNNAMED,
    Hue,
    NodeSize,
    group_styles,
    importance_of,
    node_values,
    panel_groups,
    undirected,
)
from .labels import check_legend
from .layout import Graphs, layout, panel_graphs
from .network import (
    Entry,
    Extent,
    Scales,
    Styles,
    draw_network,
    drawn_nodes,
    extent_of,
    legend_inside,
    legend_title,
    make_look,
    panel_entries,
    set_frame,
)
from .style import figure_size, renderer

__all__ = ["plot_snapshots"]


def _snapshot_grid(
    n: int, ncols: int | None, width: str | float, aspect: float | None, extent: Extent | None,
    titles: bool, legend_below: bool,
) -> tuple[Figure, list[Axes]]:  # fmt: skip
    """The figure (constrained layout, exactly ``width`` wide) and its panel axes."""
    ncols = min(3, n) if ncols is None else max(1, int(ncols))
    nrows = math.ceil(n / ncols)
    w = figure_size(width)[0]
    if aspect is None and extent is not None:
        aspect = min(1.5, max(0.5, (extent[3] - extent[2]) / (extent[1] - extent[0])))
    panel_h = (w / ncols) * (1.0 if aspect is None else aspect)
    title_h, legend_h = (0.22 if titles else 0.02), (0.45 if legend_below else 0.02)
    height = nrows * (panel_h + title_h) + legend_h
    fig, axes = plt.subplots(nrows, ncols, figsize=(w, height), squeeze=False,
                             layout="constrained")  # fmt: skip
    for ax in list(axes.flat)[n:]:
        ax.remove()
    return fig, list(axes.flat)[:n]


def _given_axes(ax: Axes | Sequence[Axes], n: int) -> tuple[Figure, list[Axes]]:
    """The user's panel axes (one per year) and their figure."""
    axes = [ax] if isinstance(ax, Axes) else list(ax)
    if len(axes) != n or not all(isinstance(a, Axes) for a in axes):
        raise ParameterError(
            f"ax must hold one matplotlib Axes per year drawn ({n}); got {len(axes)} "
            f"item(s) of types {sorted({type(a).__name__ for a in axes})}"
        )
    return cast(Figure, axes[0].figure), axes


def _snapshot_legend(
    fig: Figure, axes: Sequence[Axes], entries: Iterable[Entry], order: Sequence[str],
    legend: Legend, title: str | None, last_xy: np.ndarray,
) -> None:  # fmt: skip
    """One legend for all panels: below the figure (auto), right of it, or in the last panel.

    Below and right, the legend is a figure legend "outside" the panels, for which the
    constrained layout makes room (in as many rows as the figure width needs).
    """
    first: dict[str, Entry] = {}
    for e in entries:
        first.setdefault(e.label, e)
    handles = [first[k].handle(with_count=False) for k in [*order, "other"] if k in first]
    if not handles or legend is False:
        return
    opts: dict[str, Any] = {"handles": handles, "frameon": False, "handletextpad": 0.3}
    if legend in ("auto", "below"):
        r = renderer(fig)
        room = fig.get_window_extent(r).width * 0.98
        leg = None
        for ncols in range(len(handles), 0, -1):
            if leg is not None:
                leg.remove()
            leg = fig.legend(loc="outside lower center", ncols=ncols, columnspacing=1.0, **opts)
            if leg.get_window_extent(r).width <= room:
                break
    elif legend == "outside":
        fig.legend(loc="outside right upper", title=title, **opts)
    else:
        legend_inside(axes[-1], handles, last_xy, title=title, frameon=False,
                      handletextpad=0.3)  # fmt: skip


@fill_doc
def plot_snapshots(
    graphs: Graphs,
    *,
    years: Iterable[int] | None = None,
    pos: Mapping[Hashable, ArrayLike] | None = None,
    node_size: NodeSize = "degree",
    hue: Hue | Mapping[int, pd.Series] = "bloc",
    n_labels: int = 6,
    ncols: int | None = None,
    width: str | float = "double",
    aspect: float | None = None,
    titles: bool = True,
    legend: Legend = "auto",
    rng: RNGLike = None,
    ax: Axes | Sequence[Axes] | None = None,
    **kwargs: Any,
) -> Figure:
    """Small multiples of yearly alliance networks on one shared layout.

    Parameters
    ----------
    graphs : dict year -> nx.Graph
        From ``anet.alliance_graphs`` (a list of graphs works too; panels are then
        titled 0, 1, ...).
    years : iterable of int, optional
        Years to draw (default all, in the order of ``graphs``).
    pos : dict, optional
        Shared positions; default :func:`layout` over the chosen years (seeded by ``rng``).
    node_size : str, Series, dict or float, default "degree"
        As in :func:`plot_network`, for each year's graph; marker areas are mapped over
        the values of all panels, so sizes compare across years.
    hue : "bloc", "component", str, Series, dict year -> Series, or None, default "bloc"
        ``"bloc"`` (``anet.blocs``) and ``"component"`` are found in each year, named
        by the rule of :func:`plot_network` (your ``bloc_names``, else the treaty that
        holds the bloc together, else its leading member by ``importance``) and
        matched across years: a bloc is the same bloc as one of the previous panel
        when their members overlap (Jaccard index at least 1/3, best overlap first,
        one to one) or they carry the same name; a matched bloc keeps one colour,
        marker and name (the name it has in the year it is largest) in every panel,
        and a bloc that appears later gets a colour of its own. For your own groups
        pass a dict ``year -> Series``; colours are then matched by group name.
    n_labels : int, default 6
        Labels per panel, as in :func:`plot_network`.
    ncols : int, optional
        Panels per row (default up to 3).
    width : "single", "double" or float, default "double"
        Figure width (journal column); the height follows from the rows.
    aspect : float, optional
        Height/width of one panel (default: that of the shared layout, within 0.5-1.5).
    titles : bool, default True
        Put the year above each panel.
    legend : {"auto", "inside", "outside", "below", False}, default "auto"
        One legend for all panels: ``"auto"`` and ``"below"`` centre it under the
        panels (in as many rows as the width needs), ``"outside"`` right of them,
        ``"inside"`` in a corner of the last panel that holds no node.
    {{rng}}
        It seeds the layout (when ``pos`` is None) and, from its own child stream, the
        blocs of each year.
    ax : sequence of matplotlib.axes.Axes, optional
        Axes to draw the panels on, one per year in order (a single Axes for one year),
        e.g. cells of your own subplot grid; ``ncols``, ``width`` and ``aspect`` then do
        not apply. Default: a new figure with a grid of panels.
    **kwargs
        Options of :func:`plot_network` (``sizes``, ``importance``, ``bloc_names``,
        ``palette``, ``max_groups`` (default 10 here), ``labels``, ``edge_width``, ``widths``,
        ``edge_kws``, ``show_isolates``) and ``Axes.scatter`` keywords. Tie widths are
        mapped over all panels too. ``importance`` may be a dict ``year -> Series``
        (e.g. ``{y: anet.capabilities(nmc, y) for y in years}``) or one Series for
        every year.

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the panels (a new one: one axes per year, ``fig.axes`` in
        year order) with one shared legend. It is figure-level: it returns the figure,
        not one Axes.

    Raises
    ------
    ParameterError
        No years, years not in ``graphs``, or an option :func:`plot_network` refuses.
    GraphTypeError
        ``graphs`` holds no graphs.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import alliancenet as anet
    >>> from alliancenet import plotting as ap
    >>> members, states = anet.load_example(), anet.load_example_states()
    >>> graphs = anet.alliance_graphs(members, [1955, 1985], states=states)
    >>> fig = ap.plot_snapshots(graphs, n_labels=2, rng=1)
    >>> [ax.get_title() for ax in fig.axes]
    ['1955', '1985']
    >>> plt.close(fig)
    """
    check_legend(legend)
    years, items = _years_and_graphs(graphs, years)
    given = None if ax is None else _given_axes(ax, len(items))
    kwargs.setdefault("max_groups", 10)  # blocs of several eras share one legend
    look = make_look(n_labels=n_labels, **kwargs)
    gen = as_generator(rng)
    (bloc_rng,) = spawn(gen, 1)
    if pos is None:
        pos = layout(items, rng=gen)
    und = [undirected(g) for g in items]
    drawn = [drawn_nodes(h, look.show_isolates) for h in und]
    missing = sorted({v for nodes in drawn for v in nodes if v not in pos}, key=sort_key)
    if missing:
        raise ParameterError(f"pos has no position for nodes {missing[:10]}; use layout(graphs)")
    every = [v for nodes in drawn for v in nodes]
    xy = np.array([pos[v] for v in every], dtype=float).reshape(-1, 2)
    extent = extent_of(xy) if len(xy) else None
    values = [node_values(g, node_size).reindex(nodes) for g, nodes in zip(items, drawn, strict=True)]  # fmt: skip
    ranks = [importance_of(_year_importance(look.importance, y), v)
             for y, v in zip(years, values, strict=True)]  # fmt: skip
    per_year = panel_groups(und, drawn, years, hue, ranks, labels=look.labels,
                            bloc_names=look.bloc_names, rng=bloc_rng)  # fmt: skip
    order = _overall_order(per_year)
    styles = group_styles(order, look.palette, look.max_groups) if order else None
    scales = _shared_scales(und, drawn, values, extent, styles)
    if given is None:
        fig, axes = _snapshot_grid(len(items), ncols, width, aspect, extent, titles,
                                   legend in ("auto", "below"))  # fmt: skip
    else:
        fig, axes = given
    for cell, year in zip(axes, years, strict=True):
        set_frame(cell, xy, extent)  # every panel framed first: the layout is then final
        if titles:
            cell.set_title(str(year))
    entries = [e for grp in per_year for e in panel_entries(grp, styles or {})]
    last_xy = np.array([pos[v] for v in drawn[-1]], dtype=float).reshape(-1, 2)
    if legend == "inside":
        for cell, h, nodes, v, grp, rank in zip(axes, und, drawn, values, per_year, ranks,
                                                strict=True):  # fmt: skip
            last = cell is axes[-1]
            hook = (lambda a, _e: _snapshot_legend(fig, axes, entries, order, legend,
                                                   legend_title(hue), last_xy)) if last else None  # fmt: skip
            draw_network(cell, h.subgraph(nodes), pos, v, grp, look, scales,
                         importance=rank, legend=hook)  # fmt: skip
        return fig
    _snapshot_legend(fig, axes, entries, order, legend, legend_title(hue), last_xy)
    for cell, h, nodes, v, grp, rank in zip(axes, und, drawn, values, per_year, ranks,
                                            strict=True):  # fmt: skip
        draw_network(cell, h.subgraph(nodes), pos, v, grp, look, scales, importance=rank)
    return fig


def _year_importance(importance: Any, year: Any) -> Any:
    """The importance of one year: a dict year -> Series, or one Series for every year."""
    if isinstance(importance, Mapping) and not isinstance(importance, pd.Series):
        if year in importance and isinstance(importance[year], pd.Series | Mapping):
            return importance[year]
    return importance


def _years_and_graphs(
    graphs: Graphs, years: Iterable[int] | None
) -> tuple[list[Any], list[nx.Graph]]:
    """The panel titles and graphs: the years of a dict, else 0, 1, ... (or ``years``)."""
    if isinstance(graphs, Mapping):
        keys = list(graphs) if years is None else list(years)
        items = panel_graphs(graphs, keys)
    else:
        items = panel_graphs(graphs)
        keys = list(range(len(items))) if years is None else list(years)
        if len(keys) != len(items):
            raise ParameterError(
                f"years names {len(keys)} panels but {len(items)} graphs were given; pass a "
                "dict year -> graph (anet.alliance_graphs) or one year per graph"
            )
    if not items:
        raise ParameterError("plot_snapshots needs at least one year; got none")
    return keys, items


def _shared_scales(
    graphs: Sequence[nx.Graph], drawn: Sequence[list[Hashable]], values: Sequence[pd.Series],
    extent: Extent | None, styles: Styles | None,
) -> Scales:  # fmt: skip
    """Size and width limits over every panel, so markers and ties compare across years."""
    both = pd.concat(values) if values else pd.Series(dtype=float)
    size_limits = (float(both.min()), float(both.max())) if len(both) else None
    ws = [float(d.get("weight", 1))
          for g, nodes in zip(graphs, drawn, strict=True)
          for _, _, d in g.subgraph(nodes).edges(data=True)]  # fmt: skip
    weight_limits = (min(ws), max(ws)) if ws else None
    return Scales(size_limits, weight_limits, extent, styles)


def _overall_order(per_year: Sequence[pd.Series | None]) -> list[str]:
    """Group labels for styles and legend: each panel's largest blocs first.

    A bloc's rank is its best size rank in any panel (0 = the largest of some panel), so
    that when there are more blocs than styles every panel keeps its main blocs coloured
    (the 1914 panel its Triple Alliance and Franco-Russian Alliance next to the 2018
    panel's OAS); ties by total count over the panels, then by name.
    """
    totals: dict[str, int] = {}
    best: dict[str, int] = {}
    for grp in per_year:
        if grp is None:
            continue
        counts = grp[~grp.isin(UNNAMED)].value_counts()
        ranked = sorted(counts.index, key=lambda g: (-counts[g], str(g)))
        for rank, label in enumerate(ranked):
            totals[str(label)] = totals.get(str(label), 0) + int(counts[label])
            best[str(label)] = min(best.get(str(label), rank), rank)
        for label, count in grp[grp.isin(UNNAMED)].value_counts().items():
            totals[str(label)] = totals.get(str(label), 0) + int(count)
    return sorted(totals, key=lambda k: (k in UNNAMED, best.get(k, 0), -totals[k], k))
