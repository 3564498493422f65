"""Network figures: one alliance graph, drawn by :func:`plot_network`.

The private drawer :func:`draw_network` returns the legend entries it drew, so that
:mod:`.snapshots` can build one legend for many panels.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.legend import Legend as MplLegend
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
    importance_of,
    node_groups,
    node_values,
    undirected,
)
from .labels import check_legend, draw_legend, place_node_labels
from .layout import layout
from .style import EDGE_COLOR, renderer, settle, small_font

__all__ = ["plot_network"]

Extent = tuple[float, float, float, float]
Styles = dict[str, tuple[str, str]]


@dataclass(frozen=True)
class Look:
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
    importance: Any = None
    bloc_names: Mapping[Hashable, str] | None = None
    scatter_kws: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Scales:
    """Scales set over all panels by plot_snapshots (None: from the one graph drawn)."""

    size_limits: tuple[float, float] | None = None
    weight_limits: tuple[float, float] | None = None
    extent: Extent | None = None
    styles: Styles | None = None


class Entry(NamedTuple):
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


def make_look(
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
    importance: Any = None,
    bloc_names: Mapping[Hashable, str] | None = None,
    **scatter_kws: Any,
) -> Look:
    if not (edge_width in ("weight", None) or isinstance(edge_width, int | float)):
        raise ParameterError(f"edge_width must be 'weight', None or a number; got {edge_width!r}")
    if isinstance(n_labels, bool) or not isinstance(n_labels, int | np.integer) or n_labels < 0:
        raise ParameterError(f"n_labels must be a whole number >= 0; got {n_labels!r}")
    if bloc_names is not None and not isinstance(bloc_names, Mapping):
        raise ParameterError(
            "bloc_names must be a dict: a member's ccode (or an automatic name such as "
            f"'USA bloc') -> the bloc's name; got {type(bloc_names).__name__}"
        )
    return Look(sizes, edge_width, widths, dict(edge_kws or {}), labels, int(n_labels),
                 bool(show_isolates), palette, int(max_groups), importance, bloc_names,
                 scatter_kws)  # fmt: skip


def drawn_nodes(H: nx.Graph, show_isolates: bool) -> list[Hashable]:
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
    return (max(4.0, hi / 6.0), hi)


def _draw_edges(ax: Axes, S: nx.Graph, pos: Mapping, look: Look, scales: Scales) -> None:
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


def set_frame(ax: Axes, xy: np.ndarray, extent: Extent | None) -> None:
    if extent is None and len(xy):
        extent = extent_of(xy)
    if extent is not None:
        ax.set_xlim(extent[0], extent[1])
        ax.set_ylim(extent[2], extent[3])
    ax.set_aspect("equal", adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)


def extent_of(xy: np.ndarray) -> Extent:
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    pad = 0.08 * max(float((hi - lo).max()), 1e-9)
    return (lo[0] - pad, hi[0] + pad, lo[1] - pad, hi[1] + pad)


def panel_entries(groups: pd.Series | None, styles: Styles) -> list[Entry]:
    """Legend entries of the groups drawn (named groups largest first, then "other")."""
    if groups is None:
        return []
    shown = groups.map(lambda g: g if g in styles else "other")
    counts = shown.value_counts()
    order = [*[o for o in group_order(groups) if o in styles], "other"]
    return [Entry(str(g), *styles[g], int(counts[g])) for g in order if counts.get(g, 0)]


def _draw_nodes(
    ax: Axes, xy: np.ndarray, sizes: np.ndarray, groups: pd.Series | None, styles: Styles,
    scatter_kws: Mapping[str, Any],
) -> None:  # fmt: skip
    kws = {"edgecolors": "white", "linewidths": 0.5, "zorder": 2, **scatter_kws}
    if groups is None:
        colour = kws.pop("color", kws.pop("c", "0.25"))
        ax.scatter(xy[:, 0], xy[:, 1], s=sizes, c=colour, **kws).set_gid("nodes")
        return
    shown = groups.map(lambda g: g if g in styles else "other")
    for e in panel_entries(groups, styles):
        mask = (shown == e.label).to_numpy()
        sc = ax.scatter(xy[mask, 0], xy[mask, 1], s=sizes[mask], c=e.colour, marker=e.marker,
                        label=e.label, **kws)  # fmt: skip
        sc.set_gid(e.label)


def _label_order(importance: pd.Series, groups: pd.Series | None, styles: Styles) -> list:
    """Nodes by decreasing importance, each named group's most important member first."""
    ranked = sorted(importance.index, key=lambda v: (-importance[v], sort_key(v)))
    if groups is None:
        return ranked
    named = groups[ranked]
    named = named[named.isin([k for k in styles if k not in UNNAMED])]
    first = [next(v for v in ranked if groups[v] == g) for g in dict.fromkeys(named.values)]
    return first + [v for v in ranked if v not in first]


LegendHook = Callable[[Axes, list[Entry]], None]


def draw_network(
    ax: Axes, S: nx.Graph, pos: Mapping, values: pd.Series, groups: pd.Series | None,
    look: Look, scales: Scales, *, importance: pd.Series | None = None,
    legend: LegendHook | None = None,
) -> list[Entry]:  # fmt: skip
    """Draw ties, nodes and labels of ``S`` (the drawn nodes); return the legend entries.

    ``legend`` draws the legend of the entries before the markers are sized and the
    labels placed (both depend on the axes' final size, which the legend may change).
    """
    nodes = list(values.index)
    if groups is not None:  # positional masks below: align with the values' order
        groups = groups.reindex(nodes).fillna("none")
    _draw_edges(ax, S, pos, look, scales)
    xy = np.array([pos[v] for v in nodes], dtype=float).reshape(-1, 2)
    set_frame(ax, xy, scales.extent)
    styles = scales.styles
    if styles is None and groups is not None:
        styles = group_styles(group_order(groups), look.palette, look.max_groups)
    entries = panel_entries(groups, styles or {})
    if legend is not None:
        legend(ax, entries)
    settle(ax.figure)  # automatic marker sizes and labels use the axes' final scale
    size_range = look.sizes if look.sizes is not None else _auto_sizes(ax, pos)
    sizes = _scale(values.to_numpy(), size_range, scales.size_limits)
    _draw_nodes(ax, xy, sizes, groups, styles or {}, look.scatter_kws)
    if look.n_labels and nodes:
        rank = values if importance is None else importance.reindex(nodes).fillna(-1.0)
        ranked = _label_order(rank, groups, styles or {})[: 2 * look.n_labels]
        node_lw = float(look.scatter_kws.get("linewidths", 0.5))
        radius = {v: math.sqrt(s) / 2.0 + node_lw / 2.0 for v, s in zip(nodes, sizes, strict=True)}
        texts = abbreviations(S, look.labels)
        place_node_labels(ax, ranked, pos, radius, texts, fontsize=small_font(),
                          n_labels=look.n_labels)  # fmt: skip
    return entries


def legend_inside(ax: Axes, handles: list[Line2D], xy: np.ndarray, **opts: Any) -> MplLegend:
    """A legend in the corner of the drawing that covers no node; the frame grows if none.

    The four corners are tried; when every one covers a node, the drawing's frame is
    extended downwards by 1.5 times the legend's height (again if needed), so the
    legend sits in the free strip under the nodes.
    """
    fig = ax.figure
    leg = None
    for _ in range(8):
        settle(fig)
        ax.apply_aspect()
        r = renderer(fig)
        pts = ax.transData.transform(xy) if len(xy) else np.zeros((0, 2))
        for loc in ("lower left", "lower right", "upper left", "upper right"):
            if leg is not None:
                leg.remove()
            leg = ax.legend(handles=handles, loc=loc, **opts)
            box = leg.get_window_extent(r).padded(4.0 * fig.dpi / 72)
            if not box.count_contains(pts):
                return leg
        assert leg is not None
        y0, y1 = ax.get_ylim()
        height = leg.get_window_extent(r).height / max(ax.get_window_extent(r).height, 1.0)
        ax.set_ylim(y0 - (y1 - y0) * (1.5 * height + 0.05), y1)
    assert leg is not None
    return leg


def legend_title(hue: object) -> str | None:
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
    importance: pd.Series | Mapping[Hashable, float] | None = None,
    hue: Hue = "bloc",
    bloc_names: Mapping[Hashable, str] | None = None,
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
        and its nearest neighbour in the drawing (at most 11 pt), the smallest a sixth
        of its area (at least 4 pt²).
    importance : Series or dict, optional
        ccode -> value that ranks the states for labels and names a bloc after its
        leading member, e.g. CINC capability scores (``anet.capabilities(nmc, year)``).
        Default: the ``node_size`` values (ties broken by tie strength). States
        missing from it rank last.
    hue : "bloc", "component", "treaty", str, Series, dict or None, default "bloc"
        Groups shown by colour *and* marker shape: ``"bloc"`` (``anet.blocs`` of the
        drawn graph, seeded by ``rng``), ``"component"`` (connected components),
        ``"treaty"`` (each state's largest treaty, from the edge attribute
        ``alliances``), a node attribute, or a Series ccode -> group. Integer groups
        (bloc ids) are named by a stated rule: a name given in ``bloc_names``; else
        the treaty that holds the bloc together (the named treaty whose members best
        match the bloc's, Jaccard index at least 0.5; alliance ids of the example
        data are names, and well-known ATOP treaties are named, e.g. ``ATOP:3180`` is
        NATO); else the member with the largest ``importance`` ("USA bloc"). None
        draws all nodes dark grey.
    bloc_names : dict, optional
        Your names of blocs: a member's ccode -> name (the bloc holding that state,
        e.g. ``{2: "Western bloc", 365: "Eastern bloc"}``), or an automatic name ->
        name (``{"USA bloc": "West"}``).
    palette : str or list of colours, optional
        Colours of the groups (default seaborn's ``"colorblind"``).
    max_groups : int, default 8
        The largest groups get their own colour and marker; the rest are grey dots.
    labels : dict, optional
        ``ccode -> text`` of node labels; default the node attribute ``stateabb``.
    n_labels : int, default 10
        Label up to ``n_labels`` states, by decreasing ``importance`` with each
        coloured group's leading member first; a state whose label would overlap
        another label or a node it does not name (or leave the axes) is skipped and
        the next one tried; 0 for none.
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
        ``"outside"`` put it right of the axes (never over nodes), ``"inside"`` in a
        corner of the drawing that holds no node (the frame is extended downwards
        when every corner does), ``"below"`` under the drawing, False nowhere.
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
    Labels are placed for the axes size at call time, after the figure's layout engine
    (e.g. the constrained layout of :func:`paper_style`) has made room for the legend:
    set the figure size and subplot grid first and draw other panels before the
    network. A label sits beyond its node's marker, in the compass direction (tried
    outward from the drawing's centre first) that overlaps no other label and no
    other node; labels never enter the layout (they stay inside the axes).

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
    ['NATO (21)', 'Rio Treaty (21)', 'Warsaw Pact (7)']
    >>> [t.get_text() for t in ax.texts]  # each bloc's most central member first
    ['USA', 'BHM', 'GDR']
    >>> fig, ax = plt.subplots(figsize=(7, 5))
    >>> ax = ap.plot_network(G, bloc_names={2: "West"}, n_labels=0, rng=1, ax=ax)
    >>> [t.get_text() for t in ax.get_legend().get_texts()]  # your names win
    ['Rio Treaty (21)', 'West (21)', 'Warsaw Pact (7)']
    >>> plt.close(fig)
    """
    if not isinstance(G, nx.Graph):
        raise GraphTypeError(f"plot_network expects an nx.Graph; got {type(G).__name__}")
    check_legend(legend)
    look = make_look(sizes=sizes, edge_width=edge_width, widths=widths, edge_kws=edge_kws,
                      labels=labels, n_labels=n_labels, show_isolates=show_isolates,
                      palette=palette, max_groups=max_groups, bloc_names=bloc_names,
                      **kwargs)  # fmt: skip
    gen = as_generator(rng)
    (bloc_rng,) = spawn(gen, 1)  # blocs do not depend on whether the layout drew numbers
    ax = axes_or_current(ax)
    H = undirected(G)
    nodes = drawn_nodes(H, look.show_isolates)
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
    rank = importance_of(importance, values)
    groups = node_groups(S, hue, rank, abbreviations(S, labels), rng=bloc_rng,
                         bloc_names=look.bloc_names)  # fmt: skip
    xy = np.array([pos[v] for v in nodes], dtype=float).reshape(-1, 2)

    def draw(ax: Axes, entries: list[Entry]) -> None:
        if not entries or legend is False:
            return
        handles = [e.handle(with_count=True) for e in entries]
        opts: dict[str, Any] = {"title": legend_title(hue), "handlelength": 2.0, "handletextpad": 0.3,
                "borderaxespad": 0.2, "frameon": False}  # fmt: skip
        if legend == "inside":
            legend_inside(ax, handles, xy, **opts)
        else:
            draw_legend(ax, legend, auto="outside", handles=handles, **opts)

    draw_network(ax, S, pos, values, groups, look, Scales(), importance=rank, legend=draw)
    return ax
