"""Network figures: one alliance graph (:func:`plot_network`) or yearly small multiples."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, cast

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from numpy.typing import ArrayLike

from .._docstrings import fill_doc
from .._random import RNGLike, as_generator, spawn
from ..errors import GraphTypeError, ParameterError
from ._common import LabelMap, Legend, Palette, axes_or_current, sort_key
from .groups import (
    UNNAMED,
    Hue,
    NodeSize,
    abbreviations,
    group_order,
    group_styles,
    node_groups,
    node_values,
    panel_groups,
    undirected,
)
from .labels import check_legend, draw_legend, place_node_labels
from .layout import Graphs, layout, panel_graphs
from .style import EDGE_COLOR, figure_size, small_font

__all__ = ["plot_network", "plot_snapshots"]

Extent = tuple[float, float, float, float]
Styles = dict[str, tuple[str, str]]


@dataclass(frozen=True)
class _Look:
    """How the nodes, ties and labels of one network are drawn (shared by all panels)."""

    sizes: tuple[float, float] | None = None
    edge_width: str | float | None = "weight"
    widths: tuple[float, float] = (0.3, 2.0)
    edge_kws: Mapping[str, Any] = field(default_factory=dict)
    labels: LabelMap | None = None
    n_labels: int = 10
    show_isolates: bool = False
    palette: Palette = None
    max_groups: int = 8
    scatter_kws: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class _Scales:
    """Scales set over all panels by plot_snapshots (None: from the one graph drawn)."""

    size_limits: tuple[float, float] | None = None
    weight_limits: tuple[float, float] | None = None
    extent: Extent | None = None
    styles: Styles | None = None


class _Entry(NamedTuple):
    """One legend entry of a network: a group, its colour and marker, its drawn size."""

    label: str
    colour: str
    marker: str
    n: int

    def handle(self, *, with_count: bool) -> Line2D:
        text = f"{self.label} ({self.n})" if with_count else self.label
        edge = "white" if self.marker != "." else self.colour
        return Line2D([], [], linestyle="", marker=self.marker, color=self.colour,
                      markeredgecolor=edge, markersize=6, label=text)  # fmt: skip


def _make_look(
    *,
    sizes: tuple[float, float] | None = None,
    edge_width: str | float | None = "weight",
    widths: tuple[float, float] = (0.3, 2.0),
    edge_kws: Mapping[str, Any] | None = None,
    labels: LabelMap | None = None,
    n_labels: int = 10,
    show_isolates: bool = False,
    palette: Palette = None,
    max_groups: int = 8,
    **scatter_kws: Any,
) -> _Look:
    if not (edge_width in ("weight", None) or isinstance(edge_width, int | float)):
        raise ParameterError(f"edge_width must be 'weight', None or a number; got {edge_width!r}")
    if isinstance(n_labels, bool) or not isinstance(n_labels, int | np.integer) or n_labels < 0:
        raise ParameterError(f"n_labels must be a whole number >= 0; got {n_labels!r}")
    return _Look(sizes, edge_width, widths, dict(edge_kws or {}), labels, int(n_labels),
                 bool(show_isolates), palette, int(max_groups), scatter_kws)  # fmt: skip


def _drawn_nodes(H: nx.Graph, show_isolates: bool) -> list[Hashable]:
    return sorted((v for v in H.nodes if show_isolates or H.degree(v) > 0), key=sort_key)


def _scale(
    values: ArrayLike, out_range: Sequence[float], limits: Sequence[float] | None = None
) -> np.ndarray:
    """Map values linearly from ``limits`` (default their min, max) onto ``out_range``."""
    lo, hi = out_range
    v = np.asarray(values, dtype=float)
    if limits is None:
        vmin, vmax = (np.nanmin(v), np.nanmax(v)) if len(v) else (0.0, 0.0)
    else:
        vmin, vmax = limits
    if not np.isfinite(vmax - vmin) or vmax - vmin <= 0:
        return np.full(len(v), (lo + hi) / 2.0)
    return lo + np.clip((v - vmin) / (vmax - vmin), 0.0, 1.0) * (hi - lo)


def _auto_sizes(ax: Axes, pos: Mapping[Hashable, ArrayLike]) -> tuple[float, float]:
    """Marker areas (pt²) that keep neighbouring nodes from covering each other.

    Computed from every position in ``pos`` (all years of a shared layout), so the panels
    of :func:`plot_snapshots` get the same range.
    """
    xy = np.array(list(pos.values()), dtype=float).reshape(-1, 2)
    if len(xy) < 2:
        return (40.0, 120.0)
    ax.apply_aspect()
    pts = ax.transData.transform(xy) * 72.0 / ax.figure.dpi
    pts = pts[:: math.ceil(len(pts) / 1500)]  # an even subsample of very large graphs
    d = np.sqrt(((pts[:, None, :] - pts[None, :, :]) ** 2).sum(axis=-1))
    np.fill_diagonal(d, np.inf)
    nearest = np.median(d.min(axis=1))
    hi = float(min(121.0, max(9.0, (0.95 * nearest) ** 2)))
    return (max(3.0, hi / 10.0), hi)


def _draw_edges(ax: Axes, S: nx.Graph, pos: Mapping, look: _Look, scales: _Scales) -> None:
    edges = list(S.edges(data=True))
    if not edges:
        return
    if look.edge_width == "weight":
        w = np.array([float(d.get("weight", 1)) for _, _, d in edges])
        widths = _scale(w, look.widths, scales.weight_limits)
    else:
        widths = np.full(len(edges), 0.8 if look.edge_width is None else float(look.edge_width))
    kws = {"color": EDGE_COLOR, "alpha": 0.35, "zorder": 1, "capstyle": "round",
           "rasterized": len(edges) > 1500, **look.edge_kws}  # fmt: skip
    lc = LineCollection([(pos[u], pos[v]) for u, v, _ in edges], linewidths=widths, **kws)
    lc.set_gid("edges")
    ax.add_collection(lc)


def _set_frame(ax: Axes, xy: np.ndarray, extent: Extent | None) -> None:
    if extent is None and len(xy):
        extent = _extent(xy)
    if extent is not None:
        ax.set_xlim(extent[0], extent[1])
        ax.set_ylim(extent[2], extent[3])
    ax.set_aspect("equal", adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)


def _extent(xy: np.ndarray) -> Extent:
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    pad = 0.08 * max(float((hi - lo).max()), 1e-9)
    return (lo[0] - pad, hi[0] + pad, lo[1] - pad, hi[1] + pad)


def _draw_nodes(
    ax: Axes, xy: np.ndarray, sizes: np.ndarray, groups: pd.Series | None, styles: Styles,
    scatter_kws: Mapping[str, Any],
) -> list[_Entry]:  # fmt: skip
    kws = {"edgecolors": "white", "linewidths": 0.5, "zorder": 2, **scatter_kws}
    if groups is None:
        colour = kws.pop("color", kws.pop("c", "0.25"))
        ax.scatter(xy[:, 0], xy[:, 1], s=sizes, c=colour, **kws).set_gid("nodes")
        return []
    shown = groups.map(lambda g: g if g in styles else "other")
    entries = []
    for g in [*[o for o in group_order(groups) if o in styles], "other"]:
        mask = (shown == g).to_numpy()
        if not mask.any():
            continue
        colour, marker = styles[g]
        sc = ax.scatter(xy[mask, 0], xy[mask, 1], s=sizes[mask], c=colour, marker=marker,
                        label=g, **kws)  # fmt: skip
        sc.set_gid(str(g))
        entries.append(_Entry(str(g), colour, marker, int(mask.sum())))
    return entries


def _label_order(values: pd.Series, groups: pd.Series | None, styles: Styles) -> list:
    """Nodes by decreasing value, each named group's most central member first."""
    ranked = sorted(values.index, key=lambda v: (-values[v], sort_key(v)))
    if groups is None:
        return ranked
    named = groups[ranked]
    named = named[named.isin([k for k in styles if k not in UNNAMED])]
    first = [next(v for v in ranked if groups[v] == g) for g in dict.fromkeys(named.values)]
    return first + [v for v in ranked if v not in first]


def _draw_network(
    ax: Axes, S: nx.Graph, pos: Mapping, values: pd.Series, groups: pd.Series | None,
    look: _Look, scales: _Scales,
) -> list[_Entry]:  # fmt: skip
    """Draw ties, nodes and labels of ``S`` (the drawn nodes); return the legend entries."""
    nodes = list(values.index)
    if groups is not None:  # positional masks below: align with the values' order
        groups = groups.reindex(nodes).fillna("none")
    _draw_edges(ax, S, pos, look, scales)
    xy = np.array([pos[v] for v in nodes], dtype=float).reshape(-1, 2)
    _set_frame(ax, xy, scales.extent)  # first: automatic marker sizes use the axes scale
    size_range = look.sizes if look.sizes is not None else _auto_sizes(ax, pos)
    sizes = _scale(values.to_numpy(), size_range, scales.size_limits)
    styles = scales.styles
    if styles is None and groups is not None:
        styles = group_styles(group_order(groups), look.palette, look.max_groups)
    entries = _draw_nodes(ax, xy, sizes, groups, styles or {}, look.scatter_kws)
    if look.n_labels and nodes:
        ranked = _label_order(values, groups, styles or {})[: look.n_labels]
        node_lw = float(look.scatter_kws.get("linewidths", 0.5))
        radius = {v: math.sqrt(s) / 2.0 + node_lw / 2.0 for v, s in zip(nodes, sizes, strict=True)}
        texts = abbreviations(S, look.labels)
        place_node_labels(ax, ranked, pos, radius, texts, fontsize=small_font())
    return entries


def _legend_title(hue: object) -> str | None:
    if isinstance(hue, str):
        return hue
    name = getattr(hue, "name", None)
    return None if name is None else str(name)


@fill_doc
def plot_network(
    G: nx.Graph,
    *,
    pos: Mapping[Hashable, ArrayLike] | None = None,
    node_size: NodeSize = "degree",
    sizes: tuple[float, float] | None = None,
    hue: Hue = "bloc",
    palette: Palette = None,
    max_groups: int = 8,
    labels: LabelMap | None = None,
    n_labels: int = 10,
    edge_width: str | float | None = "weight",
    widths: tuple[float, float] = (0.3, 2.0),
    edge_kws: Mapping[str, Any] | None = None,
    show_isolates: bool = False,
    legend: Legend = "auto",
    rng: RNGLike = None,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Draw an alliance network: states sized by centrality, blocs by colour and marker.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        An alliance graph (``anet.alliance_graph``): ccode nodes with ``stateabb``, ties
        with ``weight``. A directed graph is drawn undirected.
    pos : dict, optional
        ``node -> (x, y)``, e.g. from :func:`layout` (shared across years). Default:
        :func:`layout` of the drawn nodes, seeded by ``rng``.
    node_size : str, Series, dict or float, default "degree"
        Values behind the marker areas: a node attribute held by every node, else a
        measure of ``anet.centrality`` computed on ``G`` (``"degree"``, ``"strength"``,
        ``"pagerank"``, ``"eigenvector"``, ``"betweenness"``, ...); a Series indexed by
        ccode (e.g. a column of ``anet.centrality``); or a number (all equal).
    sizes : (float, float), optional
        Marker areas (pt²) of the smallest and largest value, mapped linearly. Default:
        the largest marker's diameter is 0.95 times the median distance between a node
        and its nearest neighbour in the drawing (at most 11 pt), the smallest a tenth
        of its area (at least 3 pt²).
    hue : "bloc", "component", "treaty", str, Series, dict or None, default "bloc"
        Groups shown by colour *and* marker shape: ``"bloc"`` (``anet.blocs`` of the
        drawn graph, seeded by ``rng``), ``"component"`` (connected components),
        ``"treaty"`` (each state's largest treaty, from the edge attribute
        ``alliances``), a node attribute, or a Series ccode -> group. Integer groups
        (bloc ids) are named after their member with the largest ``node_size`` value
        ("USA bloc"); None draws all nodes dark grey.
    palette : str or list of colours, optional
        Colours of the groups (default seaborn's ``"colorblind"``).
    max_groups : int, default 8
        The largest groups get their own colour and marker; the rest are grey dots.
    labels : dict, optional
        ``ccode -> text`` of node labels; default the node attribute ``stateabb``.
    n_labels : int, default 10
        Label the ``n_labels`` states with the largest ``node_size`` values, the first
        of each coloured group first; 0 for none.
    edge_width : "weight", float or None, default "weight"
        Tie widths proportional to ``weight`` (shared alliances), mapped into
        ``widths``; a number gives equal widths (None: 0.8 pt).
    widths : (float, float), default (0.3, 2.0)
        Thinnest and thickest tie (pt).
    edge_kws : dict, optional
        Passed to the ties' ``LineCollection``. Defaults: ``color`` Okabe-Ito blue
        (:data:`EDGE_COLOR`; ``"0.5"`` for grey), ``alpha=0.35``, ``rasterized`` when
        there are over 1500 ties (keeps vector files small).
    show_isolates : bool, default False
        Draw states without ties (hidden by default, as in most alliance-network figures).
    legend : {"auto", "inside", "outside", "below", False}, default "auto"
        Legend of the groups (``"label (number of states)"``): ``"auto"`` and
        ``"outside"`` put it right of the axes (never over nodes), ``"inside"`` where it
        covers least, ``"below"`` under the drawing, False nowhere.
    {{rng}}
        It seeds the layout (when ``pos`` is None) and, from its own child stream, the
        blocs (``hue="bloc"``), so passing ``pos`` does not change the blocs.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default the current axes).
    **kwargs
        Passed to ``Axes.scatter`` for the nodes.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, with one scatter collection per group (``gid`` = group label, or
        ``"nodes"`` without groups), one ``LineCollection`` of ties (``gid="edges"``)
        and the labels as annotations.

    Raises
    ------
    GraphTypeError
        ``G`` is not a networkx graph; or ``anet.centrality``/``anet.blocs`` refuse it.
    ParameterError
        Unknown ``node_size``, ``hue``, ``edge_width`` or ``legend``; nodes missing from
        ``pos``; an invalid ``rng``.

    Notes
    -----
    Labels are placed for the axes size at call time: set the figure size and subplot
    grid first, and avoid layout engines that resize the axes afterwards
    (``layout="constrained"``); ``bbox_inches="tight"`` when saving is fine. A label
    sits beyond its node's marker, in the compass direction (tried outward from the
    drawing's centre first) that overlaps no other label and no other node.

    References
    ----------
    Okabe, M., and K. Ito. 2008. "Color Universal Design (CUD): How to make figures and
    presentations that are friendly to colorblind people." https://jfly.uni-koeln.de/color/

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import alliancenet as anet
    >>> from alliancenet import plotting as ap
    >>> G = anet.alliance_graph(anet.load_example(), 1985, states=anet.load_example_states())
    >>> fig, ax = plt.subplots(figsize=(7, 5))
    >>> ap.plot_network(G, node_size="pagerank", n_labels=3, rng=1, ax=ax) is ax
    True
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['BHM bloc (21)', 'USA bloc (21)', 'GDR bloc (7)']
    >>> [t.get_text() for t in ax.texts]  # each bloc's most central member first
    ['USA', 'BHM', 'GDR']
    >>> plt.close(fig)
    """
    if not isinstance(G, nx.Graph):
        raise GraphTypeError(f"plot_network expects an nx.Graph; got {type(G).__name__}")
    check_legend(legend)
    look = _make_look(sizes=sizes, edge_width=edge_width, widths=widths, edge_kws=edge_kws,
                      labels=labels, n_labels=n_labels, show_isolates=show_isolates,
                      palette=palette, max_groups=max_groups, **kwargs)  # fmt: skip
    gen = as_generator(rng)
    (bloc_rng,) = spawn(gen, 1)  # blocs do not depend on whether the layout drew numbers
    ax = axes_or_current(ax)
    H = undirected(G)
    nodes = _drawn_nodes(H, look.show_isolates)
    S = H.subgraph(nodes)
    if pos is None:
        pos = layout(S, rng=gen)
    missing = [v for v in nodes if v not in pos]
    if missing:
        raise ParameterError(
            f"pos has no position for nodes {missing[:10]}; compute pos with layout(graphs) "
            "over all the years you draw"
        )
    values = node_values(G, node_size).reindex(nodes)
    groups = node_groups(S, hue, values, abbreviations(S, labels), rng=bloc_rng)
    entries = _draw_network(ax, S, pos, values, groups, look, _Scales())
    if entries:
        draw_legend(ax, legend, auto="outside", title=_legend_title(hue),
                    handles=[e.handle(with_count=True) for e in entries], handlelength=2.0,
                    handletextpad=0.3, borderaxespad=0.2)  # fmt: skip
    return ax


def _snapshot_grid(
    n: int, ncols: int | None, width: str | float, aspect: float | None, extent: Extent | None,
    titles: bool, legend_below: bool,
) -> tuple[Figure, list[Axes]]:  # fmt: skip
    """The figure and its grid of panel axes (unused cells removed)."""
    ncols = min(3, n) if ncols is None else max(1, int(ncols))
    nrows = math.ceil(n / ncols)
    w = figure_size(width)[0]
    if aspect is None and extent is not None:
        aspect = min(1.5, max(0.5, (extent[3] - extent[2]) / (extent[1] - extent[0])))
    panel_h = (w / ncols) * (1.0 if aspect is None else aspect)
    title_h, legend_h = (0.22 if titles else 0.02), (0.4 if legend_below else 0.02)
    height = nrows * (panel_h + title_h) + legend_h
    fig, axes = plt.subplots(nrows, ncols, figsize=(w, height), squeeze=False)
    fig.subplots_adjust(left=0.01, right=0.99, top=1 - title_h / height,
                        bottom=legend_h / height, wspace=0.04, hspace=title_h / panel_h)  # fmt: skip
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
    fig: Figure, axes: Sequence[Axes], entries: Iterable[_Entry], order: Sequence[str],
    legend: Legend, title: str | None,
) -> None:  # fmt: skip
    """One legend for all panels: below the figure (auto), right of it, or in the last panel."""
    first: dict[str, _Entry] = {}
    for e in entries:
        first.setdefault(e.label, e)
    handles = [first[k].handle(with_count=False) for k in [*order, "other"] if k in first]
    if not handles or legend is False:
        return
    opts: dict[str, Any] = {"handles": handles, "frameon": False, "handletextpad": 0.3}
    if legend in ("auto", "below"):
        ncols = min(len(handles), 5 if fig.get_figwidth() > 4 else 3)
        fig.legend(loc="lower center", bbox_to_anchor=(0.5, 0.0), ncols=ncols,
                   columnspacing=1.0, **opts)  # fmt: skip
    elif legend == "outside":
        fig.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), title=title, **opts)
    else:
        axes[-1].legend(loc="best", title=title, **opts)


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
        ``"bloc"`` and ``"component"`` are found once, on the union graph of the shown
        years (ties summed over years), and named after their strongest member, so a
        colour means the same group of states in every panel (as the shared layout
        means the same place). For each year's own blocs pass a dict
        ``year -> anet.blocs(graphs[year])``; colours are then matched by group name.
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
        panels, ``"outside"`` right of them, ``"inside"`` in the last panel.
    {{rng}}
        It seeds the layout (when ``pos`` is None) and, from its own child stream, the
        blocs of the union graph.
    ax : sequence of matplotlib.axes.Axes, optional
        Axes to draw the panels on, one per year in order (a single Axes for one year),
        e.g. cells of your own subplot grid; ``ncols``, ``width`` and ``aspect`` then do
        not apply. Default: a new figure with a grid of panels.
    **kwargs
        Options of :func:`plot_network` (``sizes``, ``palette``, ``max_groups``,
        ``labels``, ``edge_width``, ``widths``, ``edge_kws``, ``show_isolates``) and
        ``Axes.scatter`` keywords. Tie widths are mapped over all panels too.

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
    look = _make_look(n_labels=n_labels, **kwargs)
    gen = as_generator(rng)
    (bloc_rng,) = spawn(gen, 1)
    if pos is None:
        pos = layout(items, rng=gen)
    und = [undirected(g) for g in items]
    drawn = [_drawn_nodes(h, look.show_isolates) for h in und]
    missing = sorted({v for nodes in drawn for v in nodes if v not in pos}, key=sort_key)
    if missing:
        raise ParameterError(f"pos has no position for nodes {missing[:10]}; use layout(graphs)")
    every = [v for nodes in drawn for v in nodes]
    xy = np.array([pos[v] for v in every], dtype=float).reshape(-1, 2)
    extent = _extent(xy) if len(xy) else None
    values = [node_values(g, node_size).reindex(nodes) for g, nodes in zip(items, drawn, strict=True)]  # fmt: skip
    per_year = panel_groups(und, drawn, years, hue, values, node_size=node_size,
                            labels=look.labels, rng=bloc_rng)  # fmt: skip
    order = _overall_order(per_year)
    styles = group_styles(order, look.palette, look.max_groups) if order else None
    scales = _shared_scales(und, drawn, values, extent, styles)
    if given is None:
        fig, axes = _snapshot_grid(len(items), ncols, width, aspect, extent, titles,
                                   legend in ("auto", "below"))  # fmt: skip
    else:
        fig, axes = given
    entries: list[_Entry] = []
    for cell, year, h, nodes, v, grp in zip(axes, years, und, drawn, values, per_year, strict=True):
        entries += _draw_network(cell, h.subgraph(nodes), pos, v, grp, look, scales)
        if titles:
            cell.set_title(str(year))
    _snapshot_legend(fig, axes, entries, order, legend, _legend_title(hue))
    return fig


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
) -> _Scales:  # fmt: skip
    """Size and width limits over every panel, so markers and ties compare across years."""
    both = pd.concat(values) if values else pd.Series(dtype=float)
    size_limits = (float(both.min()), float(both.max())) if len(both) else None
    ws = [float(d.get("weight", 1))
          for g, nodes in zip(graphs, drawn, strict=True)
          for _, _, d in g.subgraph(nodes).edges(data=True)]  # fmt: skip
    weight_limits = (min(ws), max(ws)) if ws else None
    return _Scales(size_limits, weight_limits, extent, styles)


def _overall_order(per_year: Sequence[pd.Series | None]) -> list[str]:
    """Group labels by total count over the panels (named groups first)."""
    totals: dict[str, int] = {}
    for grp in per_year:
        if grp is not None:
            for label, count in grp.value_counts().items():
                totals[str(label)] = totals.get(str(label), 0) + int(count)
    return sorted(totals, key=lambda k: (k in UNNAMED, -totals[k], k))
