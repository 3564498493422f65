"""Publication figures of alliance networks, measures and robustness results.

Every ``plot_*`` function is axes-level: it draws on ``ax`` (or on the current
axes when ``ax`` is None), returns that ``Axes``, and never calls ``show()`` or
``savefig()``. :func:`plot_snapshots` is the one figure-level function (small
multiples) and returns a ``Figure``. Styling is opt-in through the
:func:`paper_style` context manager, and :func:`save_figure` writes a vector PDF
and a 300-dpi PNG of the same figure with TrueType fonts embedded.

The figures are built to survive black-and-white printing: series differ by
colour *and* line style *and* marker, blocs by colour *and* marker shape; the
default palette is seaborn's ``"colorblind"`` (Okabe & Ito 2008) palette.

This module imports matplotlib, so :mod:`alliancenet` loads it only on first
access (``anet.plotting``); ``import alliancenet`` alone never imports matplotlib.

References
----------
Okabe, M., and K. Ito. 2008. "Color Universal Design (CUD): How to make figures
and presentations that are friendly to colorblind people." https://jfly.uni-koeln.de/color/

Wong, B. 2011. "Points of view: Color blindness." *Nature Methods* 8: 441.
https://doi.org/10.1038/nmeth.1618
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
import seaborn as sns
from cycler import cycler
from matplotlib import patheffects
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D

from .errors import GraphTypeError, ParameterError, SchemaError

__all__ = [
    "OKABE_ITO",
    "MARKERS",
    "LINESTYLES",
    "EDGE_COLOR",
    "DEFAULT_EVENTS",
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

#: Okabe & Ito (2008) colour-blind safe palette (black first in the original; here black last).
OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)
#: Marker shapes, one per series or bloc, so groups stay apart in greyscale.
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "h", "<")
#: Line styles, one per series (solid, dashed, dotted, dash-dot, long dash, dash-dot-dot, ...).
LINESTYLES = (
    "-",
    "--",
    ":",
    "-.",
    (0, (5, 1.5)),
    (0, (3, 1, 1, 1, 1, 1)),
    (0, (1, 3)),
    (0, (6, 2, 1, 2)),
    (0, (2, 2)),
    (0, (8, 3)),
)
#: Single hue of network edges (Okabe-Ito blue).
EDGE_COLOR = "#0072B2"
#: Colour of nodes outside the named groups ("other", "none").
OTHER_COLOR = "#9a9a9a"
#: Events marked on time series by default (shown only where inside the plotted years).
DEFAULT_EVENTS = {1914: "1914", 1939: "1939", 1945: "1945", 1991: "1991"}

_WIDTHS = {"single": 3.5, "double": 7.0}
_MIN_FONT = 7.0
_MIN_LINE = 0.5


# --------------------------------------------------------------------------- style


def figure_size(width="single", aspect: float = 0.75) -> tuple[float, float]:
    """Figure size in inches for a journal column.

    Parameters
    ----------
    width : {"single", "double"} or float
        ``"single"`` is one journal column (3.5 in, about 89 mm), ``"double"`` the full
        page width (7 in, about 178 mm); a number is taken as inches.
    aspect : float
        Height divided by width.

    Returns
    -------
    (width, height) : tuple of float
        Inches, ready for ``plt.figure(figsize=...)``.

    Raises
    ------
    ParameterError
        Unknown width name, or a width/aspect that is not a positive number.

    Examples
    --------
    >>> figure_size("single")
    (3.5, 2.625)
    >>> figure_size("double", aspect=0.5)
    (7.0, 3.5)
    """
    if isinstance(width, str):
        if width not in _WIDTHS:
            raise ParameterError(
                f"width must be 'single', 'double' or a number of inches; got {width!r}"
            )
        w = _WIDTHS[width]
    else:
        try:
            w = float(width)
        except (TypeError, ValueError):
            raise ParameterError(
                f"width must be 'single', 'double' or a number of inches; got {width!r}"
            ) from None
    if not (w > 0 and aspect > 0):
        raise ParameterError(f"width and aspect must be positive; got {width!r}, {aspect!r}")
    return (w, round(w * float(aspect), 4))


def _palette(palette, n: int) -> list[str]:
    """``n`` hex colours from a palette name, a list of colours, or None (colour-blind)."""
    if palette is None or palette == "colorblind":
        base = list(sns.color_palette("colorblind", 10).as_hex())
    elif isinstance(palette, str) and palette.lower().replace("-", "_") == "okabe_ito":
        base = list(OKABE_ITO)
    else:
        base = list(sns.color_palette(palette, max(n, 1)).as_hex())
    if n > len(base):
        base = (base * math.ceil(n / len(base)))[:n]
    return base[:n]


def _series_styles(n: int, palette=None) -> list[dict]:
    """Line styles for ``n`` series: colour, line style and marker all differ."""
    colours = _palette(palette, n)
    return [
        {
            "color": colours[i],
            "linestyle": LINESTYLES[i % len(LINESTYLES)],
            "marker": MARKERS[i % len(MARKERS)],
        }
        for i in range(n)
    ]


def _style_rc(width, aspect, font_scale, palette) -> dict:
    rc: dict = {}
    rc.update(sns.axes_style("ticks"))
    rc.update(sns.plotting_context("paper", font_scale=font_scale))
    for key in (
        "font.size",
        "axes.labelsize",
        "axes.titlesize",
        "xtick.labelsize",
        "ytick.labelsize",
        "legend.fontsize",
        "legend.title_fontsize",
    ):
        size = rc.get(key)
        if isinstance(size, int | float):
            rc[key] = max(float(size), _MIN_FONT)
    for key in (
        "axes.linewidth",
        "grid.linewidth",
        "lines.linewidth",
        "patch.linewidth",
        "xtick.major.width",
        "ytick.major.width",
        "xtick.minor.width",
        "ytick.minor.width",
    ):
        lw = rc.get(key)
        if isinstance(lw, int | float):
            rc[key] = max(float(lw), _MIN_LINE)
    n = len(MARKERS)
    colours = _palette(palette, n)
    rc.update(
        {
            "axes.prop_cycle": cycler(color=colours)
            + cycler(linestyle=list(LINESTYLES[:n]))
            + cycler(marker=list(MARKERS[:n])),
            "lines.markersize": 3.5,
            "lines.markeredgewidth": _MIN_LINE,
            "figure.figsize": figure_size(width, aspect),
            "figure.dpi": 150,
            "savefig.dpi": 300,
            "savefig.bbox": "tight",
            "savefig.pad_inches": 0.02,
            "pdf.fonttype": 42,
            "ps.fonttype": 42,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "legend.frameon": False,
            "image.cmap": "viridis",
        }
    )
    return rc


@contextlib.contextmanager
def paper_style(
    width="single", *, aspect: float = 0.75, font_scale: float = 1.0, palette="colorblind"
) -> Iterator[dict]:
    """Opt-in journal style for the figures made inside a ``with`` block.

    Sets seaborn's ``"paper"`` context with the ``"ticks"`` style, a colour-blind
    palette whose property cycle varies colour, line style and marker together (so
    series stay apart when printed in greyscale), TrueType font embedding
    (``pdf.fonttype = ps.fonttype = 42``), text of at least 7 pt, lines of at least
    0.5 pt and a default figure size for one or two journal columns. Every
    rcParam is restored on exit; nothing else global is changed.

    Parameters
    ----------
    width : {"single", "double"} or float
        Default figure width: one column (3.5 in), two columns (7 in), or inches.
    aspect : float
        Default figure height / width.
    font_scale : float
        Multiplies seaborn's paper-context font sizes (sizes below 7 pt are raised to 7 pt).
    palette : str or list of colours
        ``"colorblind"`` (seaborn, default), ``"okabe_ito"``, or any seaborn palette.

    Yields
    ------
    dict
        The rcParams set by the style.

    Examples
    --------
    >>> import matplotlib as mpl
    >>> before = mpl.rcParams["pdf.fonttype"]
    >>> with paper_style("double") as rc:
    ...     print(mpl.rcParams["pdf.fonttype"], mpl.rcParams["figure.figsize"])
    42 [7.0, 5.25]
    >>> mpl.rcParams["pdf.fonttype"] == before
    True
    """
    rc = _style_rc(width, aspect, font_scale, palette)
    with mpl.rc_context(rc):
        yield rc


def save_figure(fig, path, *, dpi: int = 300, formats=("pdf", "png"), **kwargs) -> list[Path]:
    """Write a figure as a vector PDF and a ``dpi`` PNG together, fonts embedded.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (``ax.figure`` for an axes-level plot).
    path : str or Path
        Output path; a suffix that names one of ``formats`` is dropped and each format's
        suffix added. Missing parent folders are created.
    dpi : int
        Resolution of raster formats (300 dpi is the usual journal minimum for halftones).
    formats : sequence of str
        File formats to write, e.g. ``("pdf", "png")``, ``("pdf", "eps", "tiff")``.
    **kwargs
        Passed to ``Figure.savefig`` (``bbox_inches="tight"`` by default).

    Returns
    -------
    list of Path
        The files written, in the order of ``formats``.

    Raises
    ------
    ParameterError
        ``formats`` is empty.

    Notes
    -----
    Text is saved with ``pdf.fonttype = ps.fonttype = 42`` (TrueType), so PDF/EPS files
    embed real fonts (``/FontFile2``) instead of Type 3 bitmaps, as journals require.

    Examples
    --------
    >>> import tempfile, matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     paths = save_figure(fig, Path(tmp) / "fig1.pdf")
    ...     print([p.name for p in paths])
    ['fig1.pdf', 'fig1.png']
    >>> plt.close(fig)
    """
    if isinstance(formats, str):
        formats = (formats,)
    formats = [f.lower().lstrip(".") for f in formats]
    if not formats:
        raise ParameterError("formats must name at least one file format, e.g. ('pdf', 'png')")
    path = Path(path)
    if path.suffix.lower().lstrip(".") in formats:
        path = path.with_suffix("")
    path.parent.mkdir(parents=True, exist_ok=True)
    kwargs.setdefault("bbox_inches", "tight")
    written = []
    with mpl.rc_context({"pdf.fonttype": 42, "ps.fonttype": 42}):
        for fmt in formats:
            out = path.with_name(f"{path.name}.{fmt}")
            fig.savefig(out, format=fmt, dpi=dpi, **kwargs)
            written.append(out)
    return written


# --------------------------------------------------------------------------- networks


def _panel_graphs(panel, years=None) -> list[nx.Graph]:
    if isinstance(panel, nx.Graph):
        return [panel]
    if isinstance(panel, Mapping):
        keys = list(panel) if years is None else list(years)
        missing = [y for y in keys if y not in panel]
        if missing:
            raise ParameterError(
                f"years {missing} are not in the panel (it holds {min(panel)}..{max(panel)}); "
                "pass years that alliance_graphs built"
            )
        return [panel[y] for y in keys]
    if isinstance(panel, Iterable):
        graphs = list(panel)
        if all(isinstance(g, nx.Graph) for g in graphs):
            return graphs
    raise GraphTypeError(
        f"expected an nx.Graph, a dict year -> nx.Graph, or a list of graphs; got {type(panel)!r}"
    )


def _union_graph(graphs: list[nx.Graph]) -> nx.Graph:
    U = nx.Graph()
    for g in graphs:
        U.add_nodes_from(g.nodes)
        for u, v, d in g.edges(data=True):
            w = float(d.get("weight", 1))
            if U.has_edge(u, v):
                U[u][v]["weight"] += w
            else:
                U.add_edge(u, v, weight=w)
    return U


def layout(panel, *, years=None, rng=None, method: str = "kamada_kawai") -> dict:
    """One node layout for a set of yearly graphs, so snapshots are comparable.

    The layout is computed once on the union graph of the years (a tie present in any
    year is an edge; its weight is the sum over years), then reused for every year.
    Each connected component is laid out on its own, scaled to a radius proportional to
    the square root of its size, and the components are packed in rows, largest first,
    so that no component is drawn over another.

    Parameters
    ----------
    panel : dict year -> nx.Graph, list of graphs, or nx.Graph
        Graphs from ``anet.alliance_graphs`` (or one graph).
    years : iterable of int, optional
        Years of ``panel`` to include (default all).
    rng : None, int or numpy.random.Generator
        Seeds the starting positions (``kamada_kawai``) or the force simulation (``spring``).
    method : {"kamada_kawai", "spring"}
        ``"kamada_kawai"`` uses igraph's Kamada-Kawai (unweighted path lengths as target
        distances); ``"spring"`` uses networkx's Fruchterman-Reingold with tie strength as
        attraction.

    Returns
    -------
    dict
        ``ccode -> numpy array [x, y]``, rescaled to [-1, 1]; nodes in ccode order.

    Raises
    ------
    ParameterError
        Unknown method or years not in the panel.
    GraphTypeError
        ``panel`` holds no graphs.

    References
    ----------
    Kamada, T., and S. Kawai. 1989. "An algorithm for drawing general undirected graphs."
    *Information Processing Letters* 31(1): 7-15. https://doi.org/10.1016/0020-0190(89)90102-6

    Fruchterman, T. M. J., and E. M. Reingold. 1991. "Graph drawing by force-directed
    placement." *Software: Practice and Experience* 21(11): 1129-1164.
    https://doi.org/10.1002/spe.4380211102

    Examples
    --------
    >>> g1 = nx.Graph([(2, 200), (200, 220)])
    >>> g2 = nx.Graph([(2, 200), (365, 220)])
    >>> pos = layout({1950: g1, 1951: g2}, rng=1)
    >>> sorted(pos)
    [2, 200, 220, 365]
    >>> again = layout({1950: g1, 1951: g2}, rng=1)
    >>> all((pos[k] == again[k]).all() for k in pos)
    True
    """
    graphs = _panel_graphs(panel, years)
    if not graphs:
        raise GraphTypeError("layout needs at least one graph; the panel is empty")
    U = _union_graph([g.to_undirected(as_view=True) if g.is_directed() else g for g in graphs])
    gen = np.random.default_rng(rng)
    nodes = sorted(U.nodes, key=_sort_key)
    n = len(nodes)
    if n == 0:
        return {}
    if method not in ("kamada_kawai", "kk", "spring", "fruchterman_reingold"):
        raise ParameterError(f"method must be 'kamada_kawai' or 'spring'; got {method!r}")
    comps = sorted(
        (sorted(c, key=_sort_key) for c in nx.connected_components(U)),
        key=lambda c: (-len(c), _sort_key(c[0])),
    )
    pieces = [_component_layout(U, c, method, gen) for c in comps]
    coords = _pack(pieces)
    out = {
        v: xy
        for c, block in zip(comps, coords, strict=True)
        for v, xy in zip(c, block, strict=True)
    }
    allxy = np.array([out[v] for v in nodes], dtype=float)
    allxy = nx.rescale_layout(allxy - (allxy.min(axis=0) + allxy.max(axis=0)) / 2, scale=1.0)
    return {v: allxy[i] for i, v in enumerate(nodes)}


def _component_layout(U: nx.Graph, comp: list, method: str, gen) -> np.ndarray:
    """Positions of one connected component, centred, with radius ~ sqrt(size)."""
    n = len(comp)
    if n == 1:
        return np.zeros((1, 2))
    if n == 2:
        return np.array([[-0.5, 0.0], [0.5, 0.0]])
    if method in ("kamada_kawai", "kk"):
        import igraph as ig

        index = {v: i for i, v in enumerate(comp)}
        h = ig.Graph(n=n, edges=[(index[u], index[v]) for u, v in U.subgraph(comp).edges])
        seed = gen.uniform(-1.0, 1.0, size=(n, 2)).tolist()
        xy = np.asarray(h.layout_kamada_kawai(seed=seed, maxiter=50 * n).coords, dtype=float)
    else:
        H = nx.Graph()
        H.add_nodes_from(comp)
        H.add_edges_from(U.subgraph(comp).edges(data=True))
        seed = int(gen.integers(2**31 - 1))
        p = nx.spring_layout(H, weight="weight", seed=seed, iterations=200)
        xy = np.asarray([p[v] for v in comp], dtype=float)
    xy -= xy.mean(axis=0)
    radius = np.sqrt((xy**2).sum(axis=1)).max()
    xy = xy / radius * 0.6 * math.sqrt(n) if radius > 0 else xy
    return _spread(xy, gen)


def _spread(xy: np.ndarray, gen, d_min: float = 0.9, n_iter: int = 60) -> np.ndarray:
    """Push apart nodes closer than ``d_min`` (dense cliques collapse under Kamada-Kawai)."""
    xy = xy.copy()
    for _ in range(n_iter):
        diff = xy[:, None, :] - xy[None, :, :]
        dist = np.sqrt((diff**2).sum(axis=-1))
        np.fill_diagonal(dist, 1e12)
        close = dist < d_min
        if not close.any():
            break
        same = dist < 1e-9
        if same.any():  # coincident nodes: nudge them apart at random
            xy[same.any(axis=1)] += gen.normal(0.0, 0.05, size=(int(same.any(axis=1).sum()), 2))
            continue
        push = np.where(close, (d_min - dist) / (2 * dist), 0.0)
        xy += 0.5 * (diff * push[:, :, None]).sum(axis=1)
    return xy


def _pack(pieces: list[np.ndarray], gap: float = 0.8) -> list[np.ndarray]:
    """Shelf-pack component layouts (largest first) into rows about 1.5 times as wide as tall."""
    boxes = [(p.max(axis=0) - p.min(axis=0)) + gap if len(p) else np.zeros(2) for p in pieces]
    area = sum(float(b[0] * b[1]) for b in boxes)
    row_width = max(max(float(b[0]) for b in boxes), math.sqrt(1.5 * area))
    out, x, y, row_h = [], 0.0, 0.0, 0.0
    for p, b in zip(pieces, boxes, strict=True):
        if x > 0 and x + b[0] > row_width + 1e-9:
            x, y, row_h = 0.0, y - row_h, 0.0
        lo = p.min(axis=0)
        out.append(p - lo + np.array([x + gap / 2, y - b[1] + gap / 2]))
        x += b[0]
        row_h = max(row_h, float(b[1]))
    return out


def _sort_key(v):
    return (0, v, "") if isinstance(v, int | np.integer) else (1, 0, str(v))


def _abbreviations(G: nx.Graph, labels=None) -> dict:
    """Node -> short label: ``labels`` mapping, else node attr ``stateabb``, else str(node)."""
    out = {}
    for v, d in G.nodes(data=True):
        text = None
        if labels is not None and v in labels:
            text = labels[v]
        if text is None or (isinstance(text, float) and np.isnan(text)):
            text = d.get("stateabb")
        out[v] = str(v) if text is None or pd.isna(text) else str(text)
    return out


def _weighted_strength(G):
    return dict(G.degree(weight="weight"))


def _centrality(G: nx.Graph, measure) -> pd.Series:
    """Node size values: a Series/mapping, a number, or a centrality computed with networkx."""
    nodes = list(G.nodes)
    if isinstance(measure, pd.Series | Mapping):
        s = pd.Series(measure, dtype=float)
        return s.reindex(nodes).fillna(0.0)
    if measure is None or isinstance(measure, int | float):
        return pd.Series(1.0, index=nodes, dtype=float)
    U = G.to_undirected() if G.is_directed() else G
    if measure == "degree":
        values = dict(U.degree())
    elif measure == "strength":
        values = _weighted_strength(U)
    elif measure == "pagerank":
        values = nx.pagerank(U, weight="weight") if U.number_of_edges() else {}
    elif measure == "eigenvector":
        try:
            values = nx.eigenvector_centrality(U, weight="weight", max_iter=2000, tol=1e-8)
        except (nx.PowerIterationFailedConvergence, nx.NetworkXException):
            values = dict(U.degree())
    elif measure == "betweenness":
        values = nx.betweenness_centrality(U)
    elif measure == "core_number":
        values = nx.core_number(nx.Graph(U)) if U.number_of_nodes() else {}
    elif isinstance(measure, str) and all(measure in d for _, d in G.nodes(data=True)):
        values = {v: d[measure] for v, d in G.nodes(data=True)}
    else:
        raise ParameterError(
            "node_size must be a centrality name ('degree', 'strength', 'pagerank', "
            "'eigenvector', 'betweenness', 'core_number'), a node attribute, a number, or a "
            f"Series indexed by ccode; got {measure!r}"
        )
    return pd.Series(values, dtype=float).reindex(nodes).fillna(0.0)


def _local_blocs(G: nx.Graph) -> pd.Series:
    """Blocs: anet.blocs when available, else networkx greedy modularity (deterministic)."""
    U = G.to_undirected() if G.is_directed() else G
    try:
        from .measures.blocs import blocs as _blocs

        s = _blocs(U, rng=0)
        if isinstance(s, pd.Series) and set(s.index) >= set(U.nodes):
            return s
    except (ImportError, AttributeError, TypeError, ValueError):
        pass
    comms = nx.community.greedy_modularity_communities(U, weight="weight")
    return pd.Series({v: i for i, c in enumerate(comms) for v in c}, name="bloc")


def _largest_treaty(G: nx.Graph) -> pd.Series:
    """Each node's largest treaty (the alliance id behind its ties with most members)."""
    members: dict = {}
    for u, v, d in G.edges(data=True):
        for a in d.get("alliances", ()):
            members.setdefault(a, set()).update((u, v))
    size = {a: len(m) for a, m in members.items()}
    out = {}
    for v in G.nodes:
        mine = [a for a, m in members.items() if v in m]
        out[v] = max(mine, key=lambda a: (size[a], str(a))) if mine else "none"
    return pd.Series(out, name="treaty")


def _groups(G: nx.Graph, hue, size: pd.Series, abbrev: dict) -> pd.Series | None:
    """Node -> group label (str) for colour and marker, or None for a single colour."""
    if hue is None:
        return None
    if isinstance(hue, str) and hue in ("bloc", "blocs"):
        raw, by_leader = _local_blocs(G), True
    elif isinstance(hue, str) and hue in ("component", "components"):
        comps = nx.connected_components(G.to_undirected() if G.is_directed() else G)
        raw, by_leader = pd.Series({v: i for i, c in enumerate(comps) for v in c}), True
    elif isinstance(hue, str) and hue == "treaty":
        raw, by_leader = _largest_treaty(G), False
    elif isinstance(hue, pd.Series | Mapping):
        raw = pd.Series(hue)
        by_leader = pd.api.types.is_integer_dtype(raw.dtype)
    elif isinstance(hue, str) and all(hue in d for _, d in G.nodes(data=True)):
        raw, by_leader = pd.Series({v: d[hue] for v, d in G.nodes(data=True)}), False
    else:
        raise ParameterError(
            "hue must be 'bloc', 'component', 'treaty', a node attribute, a Series/dict "
            f"ccode -> group, or None; got {hue!r}"
        )
    raw = raw.reindex(list(G.nodes))
    if by_leader:
        labels = {}
        for _, members in raw.dropna().groupby(raw.dropna()):
            idx = list(members.index)
            lead = max(idx, key=lambda v: (size.get(v, 0.0), -_sort_key(v)[1]))
            name = f"{abbrev[lead]} bloc" if len(idx) > 1 else "singleton"
            for v in idx:
                labels[v] = name
        return pd.Series(labels, dtype=object).reindex(list(G.nodes)).fillna("none")
    return raw.astype(object).where(raw.notna(), "none").map(str)


_UNNAMED = ("none", "singleton", "other")


def _group_styles(order: list, palette=None, max_groups: int = 8) -> dict:
    """Group label -> (colour, marker); groups beyond ``max_groups`` share a grey 'other'."""
    named = [g for g in order if g not in _UNNAMED][:max_groups]
    colours = _palette(palette, len(named))
    styles = {g: (colours[i], MARKERS[i % len(MARKERS)]) for i, g in enumerate(named)}
    styles["other"] = (OTHER_COLOR, ".")
    styles["singleton"] = (OTHER_COLOR, ".")
    styles["none"] = ("#cfcfcf", ".")
    return styles


def _group_order(groups: pd.Series) -> list:
    counts = groups.value_counts()
    return sorted(counts.index, key=lambda g: (-counts[g], str(g)))


def _scale(values, out_range, limits=None) -> np.ndarray:
    """Map values linearly from ``limits`` (default their min, max) onto ``out_range``."""
    lo, hi = out_range
    v = np.asarray(values, dtype=float)
    vmin, vmax = (np.nanmin(v), np.nanmax(v)) if limits is None and len(v) else (limits or (0, 0))
    if not np.isfinite(vmax - vmin) or vmax - vmin <= 0:
        return np.full(len(v), (lo + hi) / 2.0)
    return lo + np.clip((v - vmin) / (vmax - vmin), 0.0, 1.0) * (hi - lo)


def _auto_size_range(ax, pos: Mapping) -> tuple[float, float]:
    """Marker areas (pt²) that keep neighbouring nodes from covering each other."""
    xy = np.array(list(pos.values()), dtype=float).reshape(-1, 2)
    if len(xy) < 2:
        return (40.0, 120.0)
    ax.apply_aspect()
    pts = ax.transData.transform(xy) * 72.0 / ax.figure.dpi
    if len(pts) > 1500:
        pts = pts[np.random.default_rng(0).choice(len(pts), 1500, replace=False)]
    d = np.sqrt(((pts[:, None, :] - pts[None, :, :]) ** 2).sum(axis=-1))
    np.fill_diagonal(d, np.inf)
    nearest = np.median(d.min(axis=1))
    hi = float(min(121.0, max(9.0, (0.95 * nearest) ** 2)))
    return (max(3.0, hi / 10.0), hi)


def _sizes_in_points(values: pd.Series, size_range, limits=None) -> pd.Series:
    return pd.Series(_scale(values.to_numpy(), size_range, limits), index=values.index)


def _renderer(fig):
    canvas = fig.canvas
    get = getattr(canvas, "get_renderer", None)
    return get() if get is not None else fig._get_renderer()


_DIRECTIONS = [k * math.pi / 4 for k in range(8)]


def _label_candidates(outward: float) -> list[float]:
    """The 8 compass directions, nearest to the outward direction first."""

    def dist(a):
        d = abs((a - outward + math.pi) % (2 * math.pi) - math.pi)
        return d

    return sorted(_DIRECTIONS, key=dist)


def _anchor(theta: float, radius_pts: float, pad: float):
    c, s = math.cos(theta), math.sin(theta)
    c = 0.0 if abs(c) < 1e-9 else c
    s = 0.0 if abs(s) < 1e-9 else s
    ha = "left" if c > 0.3 else "right" if c < -0.3 else "center"
    va = "bottom" if s > 0.3 else "top" if s < -0.3 else "center"
    r = radius_pts + pad
    return (r * c, r * s), ha, va


def _circle_hits_box(cx, cy, r, box) -> bool:
    nx_ = min(max(cx, box.x0), box.x1)
    ny_ = min(max(cy, box.y0), box.y1)
    return (nx_ - cx) ** 2 + (ny_ - cy) ** 2 < r**2


def _place_labels(ax, nodes, pos, radius_pts: dict, texts: dict, *, fontsize, pad=1.5):
    """Label nodes with text offset by the node radius, avoiding other labels and markers."""
    fig = ax.figure
    renderer = _renderer(fig)
    ax.apply_aspect()
    to_px = fig.dpi / 72.0
    drawn = list(radius_pts)
    centres = {v: ax.transData.transform(pos[v]) for v in drawn}
    centre = np.mean([pos[v] for v in drawn], axis=0) if drawn else np.zeros(2)
    placed_boxes = []
    annotations = []
    halo = [patheffects.withStroke(linewidth=2.0, foreground="white")]
    for v in nodes:
        d = np.asarray(pos[v], dtype=float) - centre
        outward = math.atan2(d[1], d[0]) if np.hypot(*d) > 1e-9 else math.pi / 2
        best = None
        for theta in _label_candidates(outward):
            offset, ha, va = _anchor(theta, radius_pts[v], pad)
            ann = ax.annotate(
                texts[v],
                xy=pos[v],
                xytext=offset,
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=fontsize,
                zorder=4,
                path_effects=halo,
            )
            box = ann.get_window_extent(renderer)
            gap = box.padded(1.5 * to_px)
            clash = 3 * sum(gap.overlaps(b) for b in placed_boxes)
            clash += sum(
                _circle_hits_box(*centres[u], radius_pts[u] * to_px, box) for u in drawn if u != v
            )
            if best is None or clash < best[0]:
                if best is not None:
                    best[1].remove()
                best = (clash, ann, box)
            else:
                ann.remove()
            if clash == 0:
                break
        placed_boxes.append(best[2])
        annotations.append(best[1])
    return annotations


def plot_network(
    G: nx.Graph,
    *,
    pos: Mapping | None = None,
    node_size="degree",
    hue="bloc",
    labels: Mapping | None = None,
    n_labels: int = 10,
    show_isolates: bool = False,
    edge_width="weight",
    edge_color: str = EDGE_COLOR,
    edge_alpha: float = 0.35,
    size_range=None,
    width_range=(0.3, 2.0),
    size_limits=None,
    weight_limits=None,
    extent=None,
    palette=None,
    max_groups: int = 8,
    legend: bool | str = "outside",
    rasterized: bool | None = None,
    rng=None,
    ax=None,
    _styles: Mapping | None = None,
    **kwargs,
):
    """Draw an alliance network: states sized by centrality, blocs by colour and marker.

    Parameters
    ----------
    G : nx.Graph
        An alliance graph (``anet.alliance_graph``): int ccode nodes with ``stateabb``,
        edges with ``weight``. Directed graphs are drawn undirected.
    pos : dict, optional
        ``node -> (x, y)``, e.g. from :func:`layout` (shared across years). Default:
        :func:`layout` of ``G`` seeded with ``rng``.
    node_size : str, Series, dict or float
        A centrality computed here with networkx (``"degree"``, ``"strength"``,
        ``"pagerank"``, ``"eigenvector"``, ``"betweenness"``, ``"core_number"``), a node
        attribute, a Series indexed by ccode (e.g. a column of ``anet.centrality``), or a
        number (all equal). Marker areas are scaled linearly into ``size_range`` (pt²).
    hue : "bloc", "component", "treaty", str, Series, dict or None
        Groups shown by colour *and* marker shape: ``"bloc"`` (``anet.blocs`` with
        ``rng=0`` when available, else networkx greedy modularity), ``"component"``
        (connected components), ``"treaty"`` (each state's largest treaty), a node
        attribute, or a Series ccode -> group. Integer groups (bloc ids) are named after
        their most central member ("USA bloc"). The ``max_groups`` largest groups get
        their own colour and marker; the rest are grey dots.
    labels : dict, optional
        ``ccode -> text``; default the node attribute ``stateabb``.
    n_labels : int
        Label the ``n_labels`` most central states (by ``node_size``), the most central
        member of each coloured group first; 0 for none.
    show_isolates : bool
        Draw states without ties (default False, as in most alliance-network figures).
    edge_width : "weight", None or float
        Width of each tie proportional to its ``weight`` (shared alliances), scaled into
        ``width_range`` (pt); a number gives equal widths.
    edge_color, edge_alpha : str, float
        Single hue for all ties (Okabe-Ito blue by default; ``"0.5"`` for grey).
    size_range : (float, float), optional
        Smallest and largest marker area (pt²). Default: the largest marker's diameter is
        0.95 times the median distance between a node and its nearest neighbour in the
        drawing (at most 11 pt), the smallest a tenth of its area (at least 3 pt²).
    width_range : (float, float)
        Thinnest and thickest tie (pt).
    size_limits, weight_limits : (float, float), optional
        Values mapped to the ends of ``size_range``/``width_range`` (default the smallest
        and largest in ``G``); :func:`plot_snapshots` sets them over all years so sizes
        and widths compare across panels.
    extent : (xmin, xmax, ymin, ymax), optional
        Drawing area in layout coordinates (default: the drawn nodes plus 8%);
        :func:`plot_snapshots` gives every panel the same extent.
    rasterized : bool, optional
        Rasterise the edge layer inside vector output (default: when over 1500 ties).
    legend : "outside", "inside" or False
        Where to put the group legend: outside the axes on the right (default, never
        covering nodes), at the best place inside, or nowhere.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default the current axes).
    **kwargs
        Passed to ``Axes.scatter`` for the nodes.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, with one scatter collection per group (``gid`` = group label), one
        ``LineCollection`` of ties (``gid="edges"``) and the labels as annotations.

    Raises
    ------
    ParameterError
        Unknown ``node_size``/``hue``/``legend`` values, or nodes missing from ``pos``.
    GraphTypeError
        ``G`` is not a networkx graph.

    Notes
    -----
    Labels are placed for the axes size at call time: set the figure size and subplot
    grid first, and avoid layout engines that resize the axes afterwards
    (``layout="constrained"``); ``bbox_inches="tight"`` when saving is fine.

    A label is anchored at distance (node radius + 1.5 pt) from the node centre and
    aligned so that its box lies beyond that point, so it never covers the node it names;
    of the eight compass directions, the one pointing away from the drawing's centre is
    tried first, then the others, keeping the first that overlaps no placed label and no
    other node (else the one with the fewest clashes, a label counting three nodes).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> G = nx.Graph()
    >>> G.add_nodes_from([(2, {"stateabb": "USA"}), (200, {"stateabb": "UKG"}),
    ...                   (220, {"stateabb": "FRN"}), (365, {"stateabb": "RUS"})])
    >>> G.add_edges_from([(2, 200, {"weight": 2}), (2, 220, {"weight": 1}),
    ...                   (200, 220, {"weight": 1})])
    >>> fig, ax = plt.subplots()
    >>> plot_network(G, hue="component", rng=0, ax=ax) is ax
    True
    >>> sorted(t.get_text() for t in ax.texts)
    ['FRN', 'UKG', 'USA']
    >>> plt.close(fig)
    """
    if not isinstance(G, nx.Graph):
        raise GraphTypeError(f"plot_network expects an nx.Graph; got {type(G)!r}")
    if legend not in ("outside", "inside", False, None, True):
        raise ParameterError(f"legend must be 'outside', 'inside' or False; got {legend!r}")
    ax = plt.gca() if ax is None else ax
    H = G.to_undirected() if G.is_directed() else G
    nodes = [v for v in H.nodes if show_isolates or H.degree(v) > 0]
    nodes.sort(key=_sort_key)
    if pos is None:
        pos = layout(H.subgraph(nodes), rng=rng)
    missing = [v for v in nodes if v not in pos]
    if missing:
        raise ParameterError(
            f"pos has no position for nodes {missing[:10]}; compute pos with layout(panel) "
            "over all the years you draw"
        )
    S = H.subgraph(nodes)
    size_values = _centrality(S, node_size).reindex(nodes)
    abbrev = _abbreviations(S, labels)
    groups = _groups(S, hue, size_values, abbrev)
    groups = None if groups is None else groups.reindex(nodes)

    # ties
    edges = list(S.edges(data=True))
    if edges:
        segs = [(pos[u], pos[v]) for u, v, _ in edges]
        if edge_width == "weight":
            w = np.array([float(d.get("weight", 1)) for _, _, d in edges])
            widths = _scale(w, width_range, weight_limits)
        elif edge_width is None or isinstance(edge_width, int | float):
            widths = np.full(len(edges), 0.8 if edge_width is None else float(edge_width))
        else:
            raise ParameterError(
                f"edge_width must be 'weight', None or a number; got {edge_width!r}"
            )
        lc = LineCollection(
            segs, linewidths=widths, colors=edge_color, alpha=edge_alpha, zorder=1, capstyle="round"
        )
        lc.set_gid("edges")
        lc.set_rasterized(len(edges) > 1500 if rasterized is None else bool(rasterized))
        ax.add_collection(lc)

    # nodes, one collection per group
    xy = np.array([pos[v] for v in nodes], dtype=float).reshape(-1, 2)
    # frame (first: automatic marker sizes depend on the axes scale)
    if extent is not None:
        ax.set_xlim(extent[0], extent[1])
        ax.set_ylim(extent[2], extent[3])
    elif len(xy):
        lo, hi = xy.min(axis=0), xy.max(axis=0)
        pad = 0.08 * max(float((hi - lo).max()), 1e-9)
        ax.set_xlim(lo[0] - pad, hi[0] + pad)
        ax.set_ylim(lo[1] - pad, hi[1] + pad)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)

    if size_range is None:
        size_range = _auto_size_range(ax, pos)
    sizes = _sizes_in_points(size_values, size_range, size_limits)
    kwargs.setdefault("edgecolors", "white")
    kwargs.setdefault("linewidths", 0.5)
    node_lw = float(kwargs["linewidths"])
    handles = []
    if groups is None:
        colour = kwargs.pop("color", kwargs.pop("c", "0.25"))
        sc = ax.scatter(xy[:, 0], xy[:, 1], s=sizes.to_numpy(), c=colour, zorder=2, **kwargs)
        sc.set_gid("nodes")
    else:
        order = _group_order(groups)
        styles = dict(_styles) if _styles is not None else _group_styles(order, palette, max_groups)
        shown = groups.map(lambda g: g if g in styles else "other")
        for g in [*[o for o in order if o in styles], "other"]:
            mask = (shown == g).to_numpy()
            if not mask.any():
                continue
            colour, marker = styles[g]
            sc = ax.scatter(
                xy[mask, 0],
                xy[mask, 1],
                s=sizes.to_numpy()[mask],
                c=colour,
                marker=marker,
                zorder=2,
                label=g,
                **kwargs,
            )
            sc.set_gid(str(g))
            handles.append(
                Line2D(
                    [],
                    [],
                    linestyle="",
                    marker=marker,
                    color=colour,
                    markeredgecolor="white" if marker != "." else colour,
                    markersize=6,
                    label=f"{g} ({int(mask.sum())})",
                )
            )

    # labels
    if n_labels and len(nodes):
        ranked = sorted(nodes, key=lambda v: (-size_values[v], _sort_key(v)))
        if groups is not None:  # each named group's most central member first
            named = groups[ranked]
            named = named[named.isin([k for k in styles if k not in _UNNAMED])]
            leaders = list(dict.fromkeys(named.values))
            first = [next(v for v in ranked if groups[v] == g) for g in leaders]
            ranked = first + [v for v in ranked if v not in first]
        ranked = ranked[:n_labels]
        radius = {v: math.sqrt(sizes[v]) / 2.0 + node_lw / 2.0 for v in nodes}
        fontsize = max(_MIN_FONT, mpl.rcParams["font.size"] * 0.8)
        _place_labels(ax, ranked, pos, radius, abbrev, fontsize=fontsize)

    if handles and legend:
        title = hue if isinstance(hue, str) else getattr(hue, "name", None)
        opts = {"title": title, "frameon": False, "handletextpad": 0.3, "borderaxespad": 0.2}
        if legend == "inside":
            ax.legend(handles=handles, loc="best", **opts)
        else:
            ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), **opts)
    ax._anet_groups = handles  # used by plot_snapshots for the shared legend
    return ax


def _snapshot_groups(graphs, years, hue, node_size, kwargs) -> list:
    """Per-year node groups for the panels, named consistently across years."""
    if hue is None:
        return [None] * len(graphs)
    if isinstance(hue, Mapping) and not isinstance(hue, pd.Series) and set(years) <= set(hue):
        out = []
        for year, g in zip(years, graphs, strict=True):
            H = g.to_undirected() if g.is_directed() else g
            out.append(_groups(H, hue[year], _centrality(H, node_size), _abbreviations(H)))
        return out
    if isinstance(hue, str) and hue in ("bloc", "blocs", "component", "components"):
        U = _union_graph([g.to_undirected() if g.is_directed() else g for g in graphs])
        for g in graphs:
            for v, d in g.nodes(data=True):
                U.nodes[v].update(d)
        U = U.subgraph([v for v in U if U.degree(v) > 0 or kwargs.get("show_isolates", False)])
        size = node_size if isinstance(node_size, pd.Series | Mapping) else "strength"
        grp = _groups(U, hue, _centrality(U, size), _abbreviations(U, kwargs.get("labels")))
        return [grp] * len(graphs)
    return [hue] * len(graphs)


def plot_snapshots(
    panel,
    years=None,
    *,
    pos: Mapping | None = None,
    ncols: int | None = None,
    width="double",
    aspect: float | None = None,
    hue="bloc",
    node_size="degree",
    n_labels: int = 6,
    palette=None,
    max_groups: int = 8,
    rng=None,
    titles: bool = True,
    **kwargs,
):
    """Small multiples of yearly alliance networks on one shared layout.

    Parameters
    ----------
    panel : dict year -> nx.Graph
        From ``anet.alliance_graphs``.
    years : iterable of int, optional
        Years to draw (default all, in panel order).
    pos : dict, optional
        Shared positions; default :func:`layout` over the chosen years (seeded by ``rng``).
    ncols : int, optional
        Panels per row (default up to 3).
    width : "single", "double" or float
        Figure width (journal column); the height follows from the rows.
    aspect : float, optional
        Height/width of one panel (default: that of the shared layout, within 0.5-1.5).
    hue : "bloc", "component", str, Series, dict year -> Series, or None
        ``"bloc"`` and ``"component"`` are found once, on the union graph of the shown
        years (ties summed over years), and named after their strongest member, so a
        colour means the same group of states in every panel (as the shared layout
        means the same place). For each year's own blocs pass a dict
        ``year -> anet.blocs(panel[year])``; colours are then matched by group name.
    node_size, n_labels, palette, max_groups
        As in :func:`plot_network`.
    titles : bool
        Put the year above each panel.
    **kwargs
        Passed to :func:`plot_network`.

    Returns
    -------
    matplotlib.figure.Figure
        With one axes per year (``fig.axes`` in year order) and one shared legend below.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> panel = {1950: nx.Graph([(2, 200), (200, 220)]), 1960: nx.Graph([(2, 200), (365, 220)])}
    >>> fig = plot_snapshots(panel, rng=0, hue="component")
    >>> [ax.get_title() for ax in fig.axes]
    ['1950', '1960']
    >>> plt.close(fig)
    """
    years = list(panel) if years is None else list(years)
    graphs = _panel_graphs(panel, years)
    if not graphs:
        raise ParameterError("plot_snapshots needs at least one year")
    if pos is None:
        pos = layout(graphs, rng=rng)
    n = len(graphs)
    ncols = min(3, n) if ncols is None else max(1, int(ncols))
    nrows = math.ceil(n / ncols)
    w = figure_size(width)[0]
    if "extent" not in kwargs:
        drawn = [v for g in graphs for v in g if g.degree(v) > 0 or kwargs.get("show_isolates")]
        xy = np.array([pos[v] for v in drawn if v in pos], dtype=float).reshape(-1, 2)
        if len(xy):
            lo, hi = xy.min(axis=0), xy.max(axis=0)
            pad = 0.08 * max(float((hi - lo).max()), 1e-9)
            kwargs["extent"] = (lo[0] - pad, hi[0] + pad, lo[1] - pad, hi[1] + pad)
    if aspect is None and kwargs.get("extent") is not None:
        x0, x1, y0, y1 = kwargs["extent"]
        aspect = min(1.5, max(0.5, (y1 - y0) / (x1 - x0)))
    panel_h = (w / ncols) * (1.0 if aspect is None else aspect)
    title_h, legend_h = (0.22 if titles else 0.02), 0.4
    height = nrows * (panel_h + title_h) + legend_h
    fig, axes = plt.subplots(nrows, ncols, figsize=(w, height), squeeze=False)
    fig.subplots_adjust(
        left=0.01,
        right=0.99,
        top=1 - title_h / height,
        bottom=legend_h / height,
        wspace=0.04,
        hspace=title_h / panel_h,
    )
    if "size_limits" not in kwargs:
        values = [_centrality(g, node_size) for g in graphs]
        values = [v[[x for x in v.index if graphs[i].degree(x) > 0]] for i, v in enumerate(values)]
        both = pd.concat(values) if values else pd.Series(dtype=float)
        kwargs["size_limits"] = (float(both.min()), float(both.max())) if len(both) else None
    if "weight_limits" not in kwargs:
        ws = [float(d.get("weight", 1)) for g in graphs for _, _, d in g.edges(data=True)]
        kwargs["weight_limits"] = (min(ws), max(ws)) if ws else None
    # one colour/marker per group over all panels
    per_year = _snapshot_groups(graphs, years, hue, node_size, kwargs)
    totals: dict = {}
    for grp in per_year:
        if grp is not None:
            for label, count in grp.value_counts().items():
                totals[label] = totals.get(label, 0) + int(count)
    order = sorted(totals, key=lambda k: (k in _UNNAMED, -totals[k], str(k)))
    styles = _group_styles(order, palette, max_groups) if order else None
    for ax, year, g, grp in zip(axes.flat, years, graphs, per_year, strict=False):
        plot_network(
            g,
            pos=pos,
            node_size=node_size,
            hue=grp,
            n_labels=n_labels,
            legend=False,
            ax=ax,
            _styles=styles,
            **kwargs,
        )
        if titles:
            ax.set_title(str(year))
    for ax in list(axes.flat)[n:]:
        ax.remove()
    handles: dict = {}
    for ax in fig.axes:
        for h in getattr(ax, "_anet_groups", []):
            key = h.get_label().rsplit(" (", 1)[0]
            handles.setdefault(key, h)
    if handles:
        ranked = [k for k in [*order, "other"] if k in handles]
        legend_handles = []
        for k in ranked:
            h = handles[k]
            legend_handles.append(
                Line2D(
                    [],
                    [],
                    linestyle="",
                    marker=h.get_marker(),
                    color=h.get_color(),
                    markeredgecolor=h.get_markeredgecolor(),
                    markersize=6,
                    label=k,
                )
            )
        fig.legend(
            handles=legend_handles,
            loc="lower center",
            bbox_to_anchor=(0.5, 0.0),
            ncols=min(len(legend_handles), 5 if w > 4 else 3),
            frameon=False,
            handletextpad=0.3,
            columnspacing=1.0,
        )
    return fig


# --------------------------------------------------------------------------- curves and series


def _require(table: pd.DataFrame, columns, what: str):
    if not isinstance(table, pd.DataFrame):
        raise SchemaError(f"{what} expects a pandas DataFrame; got {type(table)!r}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise SchemaError(
            f"{what} needs columns {list(columns)}; missing {missing} in {list(table.columns)}"
        )


def _markevery(n_points: int, n_marks: int = 8):
    return max(1, n_points // n_marks)


def plot_robustness(
    curves: pd.DataFrame,
    *,
    x: str = "fraction_removed",
    y: str = "lcc_fraction",
    hue: str | None = "strategy",
    band=(0.05, 0.95),
    palette=None,
    legend: bool = True,
    ax=None,
    **kwargs,
):
    """Robustness curves: a connectivity measure against the fraction of states removed.

    Parameters
    ----------
    curves : DataFrame
        Tidy curves from ``anet.robustness_curve`` (columns ``order, step, removed,
        fraction_removed, lcc_fraction, n_components, coverage``), for several strategies
        concatenated with a ``strategy`` column.
    x, y : str
        Columns on the axes (``y`` may be ``lcc_fraction``, ``coverage``, ``n_components``).
    hue : str or None
        Column separating curves (one line per value; colour, line style and marker all
        differ). Ignored when absent from the table.
    band : (float, float) or None
        Quantiles of ``y`` across removal orders drawn as a shaded band (5-95% default);
        None for no band. A strategy with one order (targeted attack) has no band.
    ax : matplotlib.axes.Axes, optional
    **kwargs
        Passed to ``Axes.plot``.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    SchemaError
        Missing columns.
    ParameterError
        A band that is not two quantiles in [0, 1].

    Notes
    -----
    For each strategy and removal step the line is the mean of ``y`` over orders
    (``order``; the Monte Carlo realisations) at the mean of ``x``, and the band spans the
    ``band`` quantiles of ``y`` over orders (pandas ``quantile``, linear interpolation).
    Grouping is by ``step`` when present (every order removes one state per step, so
    steps align exactly), else by ``x``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> curves = pd.DataFrame({
    ...     "strategy": ["random"] * 6 + ["degree"] * 3,
    ...     "order": [0, 0, 0, 1, 1, 1, 0, 0, 0],
    ...     "step": [0, 1, 2] * 3,
    ...     "fraction_removed": [0, 0.5, 1.0] * 3,
    ...     "lcc_fraction": [1, 0.6, 0, 1, 0.4, 0, 1, 0.2, 0]})
    >>> fig, ax = plt.subplots()
    >>> ax = plot_robustness(curves, ax=ax)
    >>> [line.get_label() for line in ax.get_lines()]
    ['random', 'degree']
    >>> ax.get_lines()[0].get_ydata().round(2).tolist()
    [1.0, 0.5, 0.0]
    >>> plt.close(fig)
    """
    _require(curves, [x, y], "plot_robustness")
    if band is not None:
        if len(band) != 2 or not 0.0 <= band[0] < band[1] <= 1.0:
            raise ParameterError(f"band must be two quantiles 0 <= lo < hi <= 1; got {band!r}")
    ax = plt.gca() if ax is None else ax
    use_hue = hue is not None and hue in curves.columns
    groups = list(dict.fromkeys(curves[hue])) if use_hue else [None]
    styles = _series_styles(len(groups), palette)
    key = "step" if "step" in curves.columns else x
    for style, g in zip(styles, groups, strict=True):
        sub = curves if g is None else curves[curves[hue] == g]
        grouped = sub.groupby(key, sort=True)
        xs = (
            grouped[x].mean()
            if key != x
            else pd.Series(grouped[x].first().index, index=grouped[x].first().index)
        )
        mean = grouped[y].mean()
        line_kw = {**style, "markevery": _markevery(len(mean)), "markersize": 4, **kwargs}
        (line,) = ax.plot(
            xs.to_numpy(), mean.to_numpy(), label=str(g) if g is not None else y, **line_kw
        )
        if band is not None and grouped[y].count().max() > 1:
            lo = grouped[y].quantile(band[0])
            hi = grouped[y].quantile(band[1])
            poly = ax.fill_between(
                xs.to_numpy(),
                lo.to_numpy(),
                hi.to_numpy(),
                color=line.get_color(),
                alpha=0.22,
                linewidth=0,
                zorder=line.get_zorder() - 1,
            )
            poly.set_gid(f"band:{g}")
    ax.set_xlabel(_pretty(x))
    ax.set_ylabel(_pretty(y, axis=True))
    if y in ("lcc_fraction", "coverage"):
        ax.set_ylim(-0.02, 1.02)
    if x == "fraction_removed":
        ax.set_xlim(0, 1)
    if legend and use_hue:
        ax.legend(title=hue, frameon=False, loc="best", handlelength=2.8)
    return ax


_PRETTY = {
    "fraction_removed": "fraction of states removed",
    "lcc_fraction": "largest component",
    "coverage": "states covered",
    "n_components": "components",
    "n_blocs": "blocs",
    "unprotected": "states left unprotected",
    "coverage_loss": "coverage lost",
    "lcc_loss": "largest component lost",
    "allied_fraction": "states with an ally",
}


def _pretty(name, *, axis: bool = False) -> str:
    text = _PRETTY.get(name, str(name).replace("_", " "))
    if axis and name in ("lcc_fraction", "coverage", "unprotected", "allied_fraction"):
        text += " (share of states)"
    return text


def _events(events, lo, hi) -> dict:
    if events is None or events is False:
        return {}
    if isinstance(events, str):
        if events != "default":
            raise ParameterError(
                f"events must be 'default', a dict, a list or None; got {events!r}"
            )
        events = DEFAULT_EVENTS
    if not isinstance(events, Mapping):
        events = {int(e): str(e) for e in events}
    return {int(k): str(v) for k, v in events.items() if lo <= int(k) <= hi}


def plot_measure_timeseries(
    table: pd.DataFrame,
    measure=None,
    *,
    hue: str | None = None,
    events="default",
    labels: Mapping | None = None,
    palette=None,
    legend="right",
    ax=None,
    **kwargs,
):
    """A cohesion or centrality measure over years, with event markers.

    Parameters
    ----------
    table : DataFrame
        Tidy panel table: ``year, measure, value`` (``anet.cohesion_panel``) or
        ``year, ccode, measure, value`` (``anet.centrality_panel``). A wide table with a
        ``year`` column and one column per measure is accepted too.
    measure : str or list of str, optional
        Measure(s) to draw (rows where ``measure`` equals it). Default: all measures.
    hue : str, optional
        Column separating lines. Default: ``"ccode"`` when the table has several states,
        else ``"measure"`` when several measures are drawn.
    events : "default", dict, list or None
        Years marked by a dotted vertical line, labelled just above the axes (labels that
        would touch are stacked): by default 1914, 1939, 1945 and 1991, each only where
        inside the plotted years; a dict ``year -> text`` or a list of years; None for
        none. Use ``ax.set_title(..., pad=12)`` to lift a title above the labels.
    labels : dict, optional
        Legend text of hue values, e.g. ``{2: "USA", 365: "RUS"}``; by default a
        ``stateabb`` column of the table is used for ccodes when present.
    legend : "right", "bottom", "top", "best" or False
        Outside on the right (default), under the x axis, in one row above the axes,
        or inside where it covers least (matplotlib's ``"best"``).
    ax : matplotlib.axes.Axes, optional
    **kwargs
        Passed to ``Axes.plot``.

    Returns
    -------
    matplotlib.axes.Axes
        One line per hue value (colour, line style and marker all differ).

    Raises
    ------
    SchemaError
        Missing columns.
    ParameterError
        A measure not in the table.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> t = pd.DataFrame({"year": [1910, 1920, 1930, 1940] * 2,
    ...                   "measure": ["density"] * 4 + ["transitivity"] * 4,
    ...                   "value": [0.1, 0.2, 0.15, 0.3, 0.5, 0.4, 0.6, 0.55]})
    >>> fig, ax = plt.subplots()
    >>> ax = plot_measure_timeseries(t, ax=ax)
    >>> [line.get_label() for line in ax.get_lines() if not line.get_label().startswith("_")]
    ['density', 'transitivity']
    >>> [t.get_text() for t in ax.texts]
    ['1914', '1939']
    >>> plt.close(fig)
    """
    if isinstance(table, pd.DataFrame) and "measure" not in table.columns and "year" in table:
        value_cols = [c for c in table.columns if c not in ("year", "ccode", "stateabb")]
        id_cols = [c for c in ("year", "ccode", "stateabb") if c in table.columns]
        table = table.melt(id_vars=id_cols, value_vars=value_cols, var_name="measure")
    _require(table, ["year", "measure", "value"], "plot_measure_timeseries")
    if measure is None:
        measures = list(dict.fromkeys(table["measure"]))
    else:
        measures = [measure] if isinstance(measure, str) else list(measure)
    unknown = [m for m in measures if m not in set(table["measure"])]
    if unknown:
        raise ParameterError(
            f"measures {unknown} are not in the table; it holds {sorted(set(table['measure']))}"
        )
    data = table[table["measure"].isin(measures)]
    if hue is None:
        if "ccode" in data.columns and data["ccode"].nunique() > 1:
            hue = "ccode"
        elif len(measures) > 1:
            hue = "measure"
    elif hue not in data.columns:
        raise SchemaError(f"hue column {hue!r} is not in the table {list(data.columns)}")
    if labels is None and hue == "ccode" and "stateabb" in data.columns:
        labels = dict(zip(data["ccode"], data["stateabb"], strict=False))
    ax = plt.gca() if ax is None else ax
    levels = list(dict.fromkeys(data[hue])) if hue is not None else [None]
    styles = _series_styles(len(levels), palette)
    # a series absent in some of the table's years (a state outside the system, e.g. the
    # Baltic states 1940-1990) gets NaN there, so its line breaks instead of bridging the gap
    all_years = np.sort(data["year"].unique())
    for style, level in zip(styles, levels, strict=True):
        sub = data if level is None else data[data[hue] == level]
        series = sub.groupby("year", sort=True)["value"].mean().reindex(all_years)
        if level is None:
            name = measures[0] if len(measures) == 1 else "value"
        elif labels is not None:
            name = str(labels.get(level, level))
        else:
            name = _pretty(level) if hue == "measure" else str(level)
        line_kw = {**style, "markevery": _markevery(len(series)), "markersize": 4, **kwargs}
        ax.plot(series.index.to_numpy(), series.to_numpy(), label=name, **line_kw)
    ax.set_xlabel("year")
    ax.set_ylabel(_pretty(measures[0], axis=True) if len(measures) == 1 else "value")
    years = data["year"]
    marks = _events(events, int(years.min()), int(years.max())) if len(years) else {}
    _draw_events(ax, marks)
    if legend and hue is not None and len(levels) > 1:
        _legend(ax, legend, n=len(levels))
    return ax


def _draw_events(ax, marks: dict) -> None:
    """Dotted vertical lines, labelled just above the axes (staggered when crowded)."""
    if not marks:
        return
    fig = ax.figure
    renderer = _renderer(fig)
    ax.autoscale_view()
    fs = max(_MIN_FONT, mpl.rcParams["font.size"] * 0.75)
    rows: list[list] = []
    for year, text in sorted(marks.items()):
        ax.axvline(year, color="0.45", linestyle=":", linewidth=0.7, zorder=0, label="_event")
        for row in range(4):
            ann = ax.annotate(
                text,
                xy=(year, 1.0),
                xycoords=ax.get_xaxis_transform(),
                xytext=(0, 1.5 + row * (fs + 1.0)),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=fs,
                color="0.35",
                annotation_clip=False,
            )
            box = ann.get_window_extent(renderer).padded(1.5 * fig.dpi / 72)
            if row == len(rows):
                rows.append([])
            if not any(box.overlaps(b) for b in rows[row]) or row == 3:
                rows[row].append(box)
                break
            ann.remove()


def _legend(ax, where, *, n: int, title=None):
    """Legend of an axes: 'best' inside, 'right' outside right, or 'bottom' under the axis."""
    opts = {"frameon": False, "handlelength": 2.8, "title": title}
    if where in (True, "best"):
        return ax.legend(loc="best", **opts)
    if where == "top":
        return ax.legend(
            loc="lower left",
            bbox_to_anchor=(0.0, 1.01),
            ncols=_fit_ncols(ax, n),
            borderaxespad=0.0,
            columnspacing=1.2,
            **{**opts, "title": None},
        )
    if where == "right":
        return ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), **opts)
    if where == "bottom":
        rc = mpl.rcParams
        below = 1.3 * (_points(rc["xtick.labelsize"]) + _points(rc["axes.labelsize"])) + 6
        shift = mpl.transforms.ScaledTranslation(0, -below / 72, ax.figure.dpi_scale_trans)
        return ax.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, 0.0),
            bbox_transform=ax.transAxes + shift,
            ncols=_fit_ncols(ax, n),
            columnspacing=1.0,
            **opts,
        )
    raise ParameterError(f"legend must be 'best', 'top', 'right', 'bottom' or False; got {where!r}")


def _fit_ncols(ax, n: int) -> int:
    """As many legend columns as fit in the axes width (about 0.55 em per character)."""
    texts = [h for h in ax.get_legend_handles_labels()[1] if not h.startswith("_")]
    width_pt = ax.get_position().width * ax.figure.get_figwidth() * 72
    em = _points(mpl.rcParams["legend.fontsize"])
    widest = max((len(t) for t in texts), default=1) * 0.55 * em + 4.5 * em
    return max(1, min(n, int(width_pt // widest)))


def _points(size) -> float:
    """A font size in points (rcParams may hold names such as 'medium')."""
    if isinstance(size, int | float):
        return float(size)
    from matplotlib.font_manager import font_scalings

    return font_scalings.get(size, 1.0) * float(mpl.rcParams["font.size"])


# --------------------------------------------------------------------------- matrices


def _similarity_matrix(matrix, year) -> pd.DataFrame:
    if isinstance(matrix, pd.DataFrame) and {"ccode1", "ccode2"} <= set(matrix.columns):
        value = next((c for c in ("s", "kappa", "pi", "value") if c in matrix.columns), None)
        if value is None:
            raise SchemaError(
                f"tidy similarity table needs a value column 's'; got {list(matrix.columns)}"
            )
        t = matrix
        if "year" in t.columns:
            ys = sorted(t["year"].unique())
            if year is None and len(ys) > 1:
                raise ParameterError(f"the table holds years {ys[0]}..{ys[-1]}; pass year=")
            t = t[t["year"] == (ys[0] if year is None else year)]
        both = pd.concat(
            [
                t[["ccode1", "ccode2", value]],
                t.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})[
                    ["ccode1", "ccode2", value]
                ],
            ]
        ).drop_duplicates(["ccode1", "ccode2"])
        m = both.pivot(index="ccode1", columns="ccode2", values=value)
        idx = sorted(set(m.index) | set(m.columns))
        m = m.reindex(index=idx, columns=idx)
        for i in idx:
            if pd.isna(m.loc[i, i]):
                m.loc[i, i] = 1.0
        return m.astype(float)
    if isinstance(matrix, pd.DataFrame):
        if list(matrix.index) != list(matrix.columns):
            if set(matrix.index) != set(matrix.columns):
                raise SchemaError(
                    "a similarity matrix must have the same ccodes as index and columns"
                )
            matrix = matrix.reindex(columns=matrix.index)
        return matrix.astype(float)
    raise SchemaError(
        "plot_similarity expects a square DataFrame indexed and columned by ccode, or the "
        f"tidy table ccode1, ccode2, year, s; got {type(matrix)!r}"
    )


def _blocs_from_similarity(m: pd.DataFrame) -> pd.Series:
    G = nx.Graph()
    G.add_nodes_from(m.index)
    vals = m.to_numpy()
    idx = list(m.index)
    for i in range(len(idx)):
        for j in range(i + 1, len(idx)):
            if np.isfinite(vals[i, j]) and vals[i, j] > 0:
                G.add_edge(idx[i], idx[j], weight=float(vals[i, j]))
    comms = nx.community.greedy_modularity_communities(G, weight="weight")
    return pd.Series({v: k for k, c in enumerate(comms) for v in c}, name="bloc")


def plot_similarity(
    matrix,
    *,
    order=None,
    year: int | None = None,
    labels: Mapping | None = None,
    cmap="RdBu_r",
    vmin: float = -1.0,
    vmax: float = 1.0,
    max_ticks: int = 60,
    cbar: bool = True,
    cbar_label: str = "similarity",
    ax=None,
    **kwargs,
):
    """Heatmap of alliance-portfolio similarity, ordered by bloc with bloc boundaries.

    Parameters
    ----------
    matrix : DataFrame
        Square, indexed and columned by ccode, values in [-1, 1] (S-scores, kappa); or the
        tidy table ``ccode1, ccode2, year, s`` (pass ``year`` when it holds several).
    order : None, "bloc", Series or list
        Row/column order: None keeps the matrix order; a Series ``ccode -> bloc`` (e.g.
        ``anet.blocs(G)``) sorts by bloc (largest first) and draws bloc boundaries, with
        states alone in their bloc (or without one) together at the end;
        ``"bloc"`` finds blocs in the matrix itself (greedy modularity on the positive
        similarities); a list is taken as the ccode order.
    labels : dict, optional
        ``ccode -> stateabb`` tick labels (default the ccodes).
    cmap : str or Colormap
        Diverging colormap centred at 0 (``vmin=-1``, ``vmax=1``).
    max_ticks : int
        Label at most this many rows/columns (every k-th beyond that).
    cbar : bool
        Draw a colour bar labelled ``cbar_label``.
    ax : matplotlib.axes.Axes, optional
    **kwargs
        Passed to ``Axes.imshow``.

    Returns
    -------
    matplotlib.axes.Axes
        The image is ``ax.images[0]``; bloc boundaries are lines with ``gid="bloc boundary"``.

    Raises
    ------
    SchemaError
        Not a square/tidy similarity table.

    Notes
    -----
    Within a bloc, states are sorted by their mean similarity to the rest of the bloc
    (highest first). A diverging map loses the sign of a value in greyscale; the bloc
    boundaries and the ordering carry the structure there.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> m = pd.DataFrame([[1, .8, -.5], [.8, 1, -.4], [-.5, -.4, 1]],
    ...                  index=[2, 20, 365], columns=[2, 20, 365])
    >>> fig, ax = plt.subplots()
    >>> ax = plot_similarity(m, order=pd.Series({2: 0, 20: 0, 365: 1}),
    ...                      labels={2: "USA", 20: "CAN", 365: "RUS"}, ax=ax)
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['USA', 'CAN', 'RUS']
    >>> plt.close(fig)
    """
    m = _similarity_matrix(matrix, year)
    ax = plt.gca() if ax is None else ax
    boundaries: list[int] = []
    if order is not None:
        if isinstance(order, str):
            if order != "bloc":
                raise ParameterError(
                    f"order must be None, 'bloc', a Series or a list; got {order!r}"
                )
            order = _blocs_from_similarity(m)
        if isinstance(order, pd.Series | Mapping):
            blocs = pd.Series(order).reindex(m.index)
            blocs = blocs.astype(object).where(blocs.notna(), "none")
            single = blocs.map(blocs.value_counts()) == 1
            blocs = blocs.where(~single, "none")  # singletons go together, last
            sizes = blocs.value_counts()
            bloc_order = sorted(sizes.index, key=lambda b: (b == "none", -sizes[b], str(b)))
            seq = []
            for b in bloc_order:
                members = list(blocs.index[blocs == b])
                within = m.loc[members, members].mean(axis=1)
                seq.extend(sorted(members, key=lambda v: (-within[v], _sort_key(v))))
                boundaries.append(len(seq))
            boundaries = boundaries[:-1]
            m = m.loc[seq, seq]
        else:
            seq = list(order)
            missing = [v for v in seq if v not in m.index]
            if missing:
                raise ParameterError(f"order names ccodes {missing[:10]} not in the matrix")
            m = m.loc[seq, seq]
    kwargs.setdefault("interpolation", "nearest")
    im = ax.imshow(
        m.to_numpy(dtype=float), cmap=cmap, vmin=vmin, vmax=vmax, aspect="equal", **kwargs
    )
    n = len(m)
    for b in boundaries:
        for line in (
            ax.axhline(b - 0.5, color="black", lw=0.8),
            ax.axvline(b - 0.5, color="black", lw=0.8),
        ):
            line.set_gid("bloc boundary")
    step = max(1, math.ceil(n / max_ticks))
    ticks = list(range(0, n, step))
    names = [str(labels.get(v, v)) if labels is not None else str(v) for v in m.index]
    fs = max(
        _MIN_FONT * 0.8,
        min(
            mpl.rcParams["xtick.labelsize"]
            if isinstance(mpl.rcParams["xtick.labelsize"], int | float)
            else 8,
            400 / max(len(ticks), 1),
        ),
    )
    ax.set_xticks(ticks, [names[i] for i in ticks], rotation=90, fontsize=fs)
    ax.set_yticks(ticks, [names[i] for i in ticks], fontsize=fs)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(True)
    if cbar:
        cb = ax.figure.colorbar(im, ax=ax, shrink=0.8, pad=0.02)
        cb.set_label(cbar_label)
        cb.outline.set_linewidth(0.5)
    return ax


# --------------------------------------------------------------------------- simulations


def plot_defections(
    sims: pd.DataFrame,
    *,
    x: str = "coverage",
    hue: str | None = None,
    kind: str = "hist",
    bins="auto",
    palette=None,
    legend="top",
    ax=None,
    **kwargs,
):
    """Distribution of an outcome across defection simulations, one per preset.

    Parameters
    ----------
    sims : DataFrame
        One row per simulation (``anet.simulate_defections``): ``sim, coverage,
        lcc_fraction, n_blocs, unprotected``; several runs concatenated with a ``preset``
        (or other) column.
    x : str
        Outcome column.
    hue : str, optional
        Column separating distributions; default ``"preset"`` when present.
    kind : {"hist", "ecdf"}
        Step histograms (outlines; line style and colour differ per group, integer
        outcomes get one bin per value) or empirical CDFs.
    bins : int, sequence or str
        Histogram bins (numpy ``histogram_bin_edges``), shared by all groups.
    legend : "top", "right", "bottom", "best" or False
        Legend place: in one row above the axes (default), outside right, under the x
        axis, or inside where it covers least.
    ax : matplotlib.axes.Axes, optional
    **kwargs
        Passed to ``Axes.stairs`` / ``Axes.plot``.

    Returns
    -------
    matplotlib.axes.Axes
        One line (ECDF) or stairs patch (hist) per group, labelled with the group,
        plus a short vertical tick at each group's median.

    Raises
    ------
    SchemaError
        Missing columns.
    ParameterError
        Unknown ``kind``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> sims = pd.DataFrame({"sim": range(6), "coverage": [.9, .8, .85, .4, .5, .45],
    ...                      "preset": ["low"] * 3 + ["high"] * 3})
    >>> fig, ax = plt.subplots()
    >>> ax = plot_defections(sims, kind="ecdf", ax=ax)
    >>> [line.get_label() for line in ax.get_lines() if not line.get_label().startswith("_")]
    ['low', 'high']
    >>> plt.close(fig)
    """
    _require(sims, [x], "plot_defections")
    if kind not in ("hist", "ecdf"):
        raise ParameterError(f"kind must be 'hist' or 'ecdf'; got {kind!r}")
    if hue is None and "preset" in sims.columns:
        hue = "preset"
    if hue is not None and hue not in sims.columns:
        raise SchemaError(f"hue column {hue!r} is not in the table {list(sims.columns)}")
    ax = plt.gca() if ax is None else ax
    values = pd.to_numeric(sims[x], errors="coerce")
    levels = list(dict.fromkeys(sims[hue])) if hue is not None else [None]
    styles = _series_styles(len(levels), palette)
    finite = values[np.isfinite(values)]
    if kind == "hist":
        if len(finite) and np.allclose(finite, np.round(finite)) and np.ptp(finite) <= 200:
            edges = np.arange(finite.min() - 0.5, finite.max() + 1.5)
        else:
            edges = np.histogram_bin_edges(finite, bins=bins) if len(finite) else np.array([0, 1])
    for style, level in zip(styles, levels, strict=True):
        v = values if level is None else values[sims[hue] == level]
        v = np.sort(v[np.isfinite(v)].to_numpy())
        label = str(level) if level is not None else x
        if len(v) == 0:
            continue
        if kind == "ecdf":
            # one step per distinct value (outcomes such as coverage are discrete), with a
            # few markers so that groups separate in greyscale
            uniq, counts = np.unique(v, return_counts=True)
            y = np.cumsum(counts) / len(v)
            line_kw = {"marker": style["marker"], "markersize": 4,
                       "markevery": (1, _markevery(len(uniq), 6)), **kwargs}  # fmt: skip
            ax.plot(
                np.r_[uniq[0], uniq],
                np.r_[0.0, y],
                drawstyle="steps-post",
                color=style["color"],
                linestyle=style["linestyle"],
                label=label,
                **line_kw,
            )
        else:
            counts, _ = np.histogram(v, bins=edges)
            share = counts / len(v)
            st = ax.stairs(
                share,
                edges,
                color=style["color"],
                linestyle=style["linestyle"],
                linewidth=max(_MIN_LINE, mpl.rcParams["lines.linewidth"]),
                label=label,
                **kwargs,
            )
            st.set_gid(label)
        ax.plot(
            [np.median(v)],
            [0],
            marker=style["marker"],
            color=style["color"],
            linestyle="",
            markersize=5,
            clip_on=False,
            zorder=5,
            label="_median",
        )
    ax.set_xlabel(_pretty(x, axis=True))
    ax.set_ylabel("cumulative share of simulations" if kind == "ecdf" else "share of simulations")
    if kind == "ecdf":
        ax.set_ylim(0, 1.02)
    else:
        ax.set_ylim(bottom=0)
    if legend and hue is not None and len(levels) > 1:
        _legend(ax, legend, n=len(levels), title=hue)
    return ax


def plot_keystones(
    table: pd.DataFrame,
    *,
    measure: str = "coverage_loss",
    n: int = 10,
    labels: Mapping | None = None,
    color: str = "0.3",
    annotate: bool = True,
    ax=None,
    **kwargs,
):
    """The keystone states: horizontal bars of the loss caused by each state's defection.

    Parameters
    ----------
    table : DataFrame
        Indexed by ccode, with ``stateabb`` and loss columns (``anet.keystones``).
    measure : str
        Loss column to rank and draw.
    n : int
        Number of states (largest losses, largest on top).
    labels : dict, optional
        ``ccode -> text``; default the ``stateabb`` column, else the ccodes.
    color : str
        Bar colour (dark grey: prints the same in colour and greyscale).
    annotate : bool
        Write each value at the end of its bar.
    ax : matplotlib.axes.Axes, optional
    **kwargs
        Passed to ``Axes.barh``.

    Returns
    -------
    matplotlib.axes.Axes
        One bar patch per state; y tick labels are the state abbreviations.

    Raises
    ------
    SchemaError
        ``measure`` is not a column.
    ParameterError
        ``n`` < 1.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> t = pd.DataFrame({"stateabb": ["USA", "UKG", "FRN"], "coverage_loss": [.3, .1, .2]},
    ...                  index=pd.Index([2, 200, 220], name="ccode"))
    >>> fig, ax = plt.subplots()
    >>> ax = plot_keystones(t, n=2, ax=ax)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['FRN', 'USA']
    >>> plt.close(fig)
    """
    _require(table, [measure], "plot_keystones")
    if int(n) < 1:
        raise ParameterError(f"n must be at least 1; got {n!r}")
    ax = plt.gca() if ax is None else ax
    t = table.copy()
    if "ccode" in t.columns and t.index.name != "ccode":
        t = t.set_index("ccode")
    t = t[pd.to_numeric(t[measure], errors="coerce").notna()]
    top = t.sort_values(measure, ascending=False, kind="stable").head(int(n)).iloc[::-1]
    if labels is not None:
        names = [str(labels.get(v, v)) for v in top.index]
    elif "stateabb" in top.columns:
        names = [
            str(a) if pd.notna(a) else str(v)
            for v, a in zip(top.index, top["stateabb"], strict=True)
        ]
    else:
        names = [str(v) for v in top.index]
    vals = top[measure].astype(float).to_numpy()
    kwargs.setdefault("height", 0.7)
    bars = ax.barh(np.arange(len(top)), vals, color=color, **kwargs)
    ax.set_yticks(np.arange(len(top)), names)
    ax.set_xlabel(_pretty(measure))
    ax.tick_params(axis="y", length=0)
    if annotate and len(vals):
        span = float(np.nanmax(np.abs(vals))) or 1.0
        ax.set_xlim(min(0.0, float(np.nanmin(vals)) * 1.15), span * 1.18)
        ax.bar_label(
            bars, fmt="%.3g", padding=2, fontsize=max(_MIN_FONT, mpl.rcParams["font.size"] * 0.8)
        )
    return ax
