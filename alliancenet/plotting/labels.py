"""Text on the figures: axis names, legends, event labels and node labels.

Every plot function takes ``legend`` from one vocabulary, checked and drawn here:

``"auto"``
    The place that suits the figure kind (each function says which).
``"inside"``
    Inside the axes, at the first of the corners and edge centres where it covers no
    data (line or marker); under the axes when every place covers some.
``"outside"``
    Outside the axes, to the right, top-aligned.
``"below"``
    Under the x axis (and its tick labels), centred, in as many columns as fit.
``False``
    No legend.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any, Literal, cast

import matplotlib as mpl
import numpy as np
from matplotlib import patheffects
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.legend import Legend as MplLegend
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox, ScaledTranslation

from ..errors import ParameterError
from .style import MIN_FONT, points, renderer, settle

__all__ = ["DEFAULT_EVENTS", "LEGEND_PLACES"]

#: Accepted values of ``legend=`` (plus ``False``).
LEGEND_PLACES = ("auto", "inside", "outside", "below")
#: Events marked on time series by default (shown only where inside the plotted years).
DEFAULT_EVENTS = {1914: "1914", 1939: "1939", 1945: "1945", 1991: "1991"}

# ------------------------------------------------------------------ axis names

_PRETTY = {
    "fraction_removed": "fraction of states removed",
    "lcc_fraction": "largest component",
    "coverage": "states covered",
    "n_components": "components",
    "n_blocs": "blocs",
    "unprotected": "states left unprotected",
    "coverage_loss": "coverage lost",
    "lcc_loss": "largest component lost",
    "p_any_ally_loss": "protection lost (P(an ally honours))",
    "allied_fraction": "states with an ally",
}
_SHARES = ("lcc_fraction", "coverage", "unprotected", "allied_fraction")


def pretty(name: Hashable, *, axis: bool = False) -> str:
    """Readable text for a column or measure name (``axis``: add its unit)."""
    text = _PRETTY.get(str(name), str(name).replace("_", " "))
    if axis and name in _SHARES:
        text += " (share of states)"
    return text


# ------------------------------------------------------------------ legends

Placement = Literal["inside", "outside", "below", "above", "side"]


def check_legend(legend: object) -> None:
    """Raise ParameterError unless ``legend`` is one of the shared vocabulary."""
    if legend is False or (isinstance(legend, str) and legend in LEGEND_PLACES):
        return
    raise ParameterError(
        f"legend must be 'auto', 'inside', 'outside', 'below' or False; got {legend!r}"
    )


def draw_legend(
    ax: Axes,
    legend: object,
    *,
    auto: Placement,
    title: str | None = None,
    handles: Sequence[Artist] | None = None,
    **kwargs: Any,
) -> MplLegend | None:
    """Draw the legend of ``ax`` at ``legend`` (``"auto"`` means ``auto``); None if False.

    ``"above"`` (reachable only through ``auto``) puts the entries in one row above the
    axes, without a title. ``"side"`` (only through ``auto``) is ``"outside"`` when the
    legend takes at most 40 % of the axes' width, else ``"below"`` (narrow columns).
    """
    check_legend(legend)
    if legend is False:
        return None
    where = auto if legend == "auto" else legend
    opts: dict[str, Any] = {"frameon": False, "handlelength": 2.8, "title": title, **kwargs}
    if handles is not None:
        opts["handles"] = list(handles)
    n = len(handles) if handles is not None else len(_entry_labels(ax))
    if where == "inside":
        leg = legend_off_data(ax, opts)
        if leg is not None:
            return leg
        where = "below"  # every place inside covers data: under the axes instead
    if where == "side":
        settle(ax.figure)
        leg = ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), **opts)
        r = renderer(ax.figure)
        if leg.get_window_extent(r).width <= 0.4 * ax.get_window_extent(r).width:
            return leg
        leg.remove()
        where = "below"
    if where == "outside":
        return ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), **opts)
    settle(ax.figure)  # the axes' final width decides how many columns fit
    if where == "above":
        opts["title"] = None
        place = {"loc": "lower left", "bbox_to_anchor": (0.0, 1.01), "borderaxespad": 0.0,
                 "columnspacing": 1.2}  # fmt: skip
        return _fitted_legend(ax, n, {**place, **opts})
    rc = mpl.rcParams
    below = 1.3 * (points(rc["xtick.labelsize"]) + points(rc["axes.labelsize"])) + 6
    if not ax.get_xlabel() and not ax.get_xticks().size:
        below = 2.0
    shift = ScaledTranslation(0, -below / 72, ax.figure.dpi_scale_trans)
    place = {"loc": "upper center", "bbox_to_anchor": (0.5, 0.0),
             "bbox_transform": ax.transAxes + shift, "columnspacing": 1.0}  # fmt: skip
    return _fitted_legend(ax, n, {**place, **opts})


_INSIDE = ("upper right", "upper left", "lower left", "lower right", "center right",
           "center left", "upper center", "lower center", "center")  # fmt: skip


def data_points(ax: Axes, step_px: float = 2.0) -> np.ndarray:
    """Display points of the data drawn in ``ax``'s view: markers, and lines every ``step_px``.

    Lines (labelled series, not helper lines such as event markers) are sampled along
    their segments, so a legend over a straight stretch of line is seen too.
    """
    pts = []
    for line in ax.get_lines():
        if str(line.get_label()).startswith("_") and line.get_gid() is None:
            continue
        xy = np.asarray(line.get_xydata(), dtype=float).reshape(-1, 2)
        xy = line.get_transform().transform(xy)
        xy = xy[np.isfinite(xy).all(axis=1)]
        if len(xy) > 1:
            seg = np.hypot(*np.diff(xy, axis=0).T)
            at = np.r_[0.0, np.cumsum(seg)]
            s = np.arange(0.0, at[-1] + step_px, step_px)
            xy = np.column_stack([np.interp(s, at, xy[:, 0]), np.interp(s, at, xy[:, 1])])
        pts.append(xy)
    for coll in ax.collections:
        offsets = np.asarray(coll.get_offsets(), dtype=float).reshape(-1, 2)
        if isinstance(coll, PathCollection) and len(offsets):
            pts.append(coll.get_offset_transform().transform(offsets))
    if not pts:
        return np.zeros((0, 2))
    xy = np.concatenate(pts)
    xy = xy[np.isfinite(xy).all(axis=1)]
    frame = ax.get_window_extent()
    keep = (xy[:, 0] >= frame.x0) & (xy[:, 0] <= frame.x1)
    keep &= (xy[:, 1] >= frame.y0) & (xy[:, 1] <= frame.y1)
    return xy[keep]


def legend_off_data(ax: Axes, opts: dict[str, Any]) -> MplLegend | None:
    """A legend inside the axes at the first place that covers no data, or None."""
    settle(ax.figure)
    r = renderer(ax.figure)
    pts = data_points(ax)
    pad = 2.0 * ax.figure.dpi / 72
    for loc in _INSIDE:
        leg = ax.legend(loc=cast(Any, loc), **opts)
        if not leg.get_window_extent(r).padded(pad).count_contains(pts):
            return leg
        leg.remove()
    return None


def _entry_labels(ax: Axes) -> list[str]:
    return [t for t in ax.get_legend_handles_labels()[1] if not t.startswith("_")]


def _fitted_legend(ax: Axes, n: int, opts: dict[str, Any]) -> MplLegend:
    """A legend in as few rows as fit the width of the axes (one row when it fits).

    The width is measured on the drawn legend, so long entries wrap onto a second row
    instead of running past the axes into the figure margin (or another axes).
    """
    fig = ax.figure
    r = renderer(fig)
    room = ax.get_window_extent(r).width + 0.02 * fig.dpi
    leg = None
    for ncols in range(max(n, 1), 0, -1):
        if leg is not None:
            leg.remove()
        leg = ax.legend(ncols=ncols, **opts)
        if leg.get_window_extent(r).width <= room:
            break
    assert leg is not None
    return leg


# ------------------------------------------------------------------ event markers


def event_marks(
    events: str | Mapping[int, object] | Iterable[int] | None, lo: int, hi: int
) -> dict[int, str]:
    """``year -> text`` of the events inside ``lo..hi`` ('default': :data:`DEFAULT_EVENTS`)."""
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


def draw_events(ax: Axes, marks: Mapping[int, str]) -> None:
    """Dotted vertical lines, labelled just above the axes (stacked when crowded).

    The labels are stacked (up to four rows) when drawn, for the axes' final width:
    an :class:`EventStacker` artist re-stacks them at every draw, after the layout
    engine has sized the axes. The first stacking, here, assumes the axes 30 % narrower
    than now, so the layout reserves room for enough rows.
    """
    if not marks:
        return
    settle(ax.figure)
    ax.autoscale_view()
    fs = max(MIN_FONT, points(mpl.rcParams["font.size"]) * 0.75)
    labels = []
    for year, text in sorted(marks.items()):
        ax.axvline(year, color="0.45", linestyle=":", linewidth=0.7, zorder=0, label="_event")
        ann = ax.annotate(text, xy=(year, 1.0), xycoords=ax.get_xaxis_transform(),
                          xytext=(0, 1.5), textcoords="offset points", ha="center",
                          va="bottom", fontsize=fs, color="0.35", annotation_clip=False)  # fmt: skip
        ann.set_gid("event label")
        labels.append(ann)
    stacker = EventStacker(labels, fs)
    ax.add_artist(stacker)
    stacker.stack(renderer(ax.figure), widen=1.3)


class EventStacker(Artist):
    """Stacks event labels in rows so that none overlaps another, at draw time."""

    zorder = -10  # drawn before the labels of its axes

    def __init__(self, labels: Sequence[Annotation], fontsize: float, rows: int = 4) -> None:
        super().__init__()
        self.labels = list(labels)
        self.fontsize = fontsize
        self.rows = rows
        self.set_in_layout(False)

    def stack(self, r: Any, widen: float = 1.0) -> None:
        """Put each label in the lowest row where it touches no other (else hide it)."""
        fig = self.labels[0].figure if self.labels else None
        pad = 1.5 * (fig.dpi if fig is not None else 72) / 72
        placed: list[list[Bbox]] = [[] for _ in range(self.rows)]
        for ann in self.labels:
            ann.set_visible(True)
            for row in range(self.rows):
                ann.xyann = (0, 1.5 + row * (self.fontsize + 1.0))
                box = ann.get_window_extent(r)
                half = box.width * widen / 2 + pad
                cx = (box.x0 + box.x1) / 2
                box = Bbox([[cx - half, box.y0 - pad], [cx + half, box.y1 + pad]])
                if not any(box.overlaps(b) for b in placed[row]):
                    placed[row].append(box)
                    break
            else:
                ann.set_visible(False)  # fits in no row: left out rather than overlapping

    def draw(self, renderer: Any) -> None:
        if self.labels:
            self.stack(renderer)
        self.stale = False


# ------------------------------------------------------------------ node labels

_DIRECTIONS = [k * math.pi / 4 for k in range(8)]


def _label_candidates(outward: float) -> list[float]:
    """The 8 compass directions, nearest to the outward direction first."""
    return sorted(_DIRECTIONS, key=lambda a: abs((a - outward + math.pi) % (2 * math.pi) - math.pi))


def _reaches(outward: float, fontsize: float) -> list[tuple[float, float]]:
    """Label places to try: next to the marker, then farther out (on a leader line)."""
    return [(reach, theta) for reach in (0.0, 1.5 * fontsize, 3.0 * fontsize, 5.0 * fontsize, 8.0 * fontsize)
            for theta in _label_candidates(outward)]  # fmt: skip


def _anchor(theta: float, radius_pts: float, pad: float) -> tuple[tuple[float, float], str, str]:
    c, s = math.cos(theta), math.sin(theta)
    c = 0.0 if abs(c) < 1e-9 else c
    s = 0.0 if abs(s) < 1e-9 else s
    ha = "left" if c > 0.3 else "right" if c < -0.3 else "center"
    va = "bottom" if s > 0.3 else "top" if s < -0.3 else "center"
    r = radius_pts + pad
    return (r * c, r * s), ha, va


def place_node_labels(
    ax: Axes,
    nodes: Sequence[Hashable],
    pos: Mapping[Hashable, Any],
    radius_pts: Mapping[Hashable, float],
    texts: Mapping[Hashable, str],
    *,
    fontsize: float,
    n_labels: int | None = None,
    pad: float = 1.5,
) -> list[Annotation]:
    """Label ``nodes`` (most important first) where a label overlaps nothing.

    A label is anchored at distance (node radius + ``pad`` pt) from the node centre and
    aligned so that its box lies beyond that point; of the eight compass directions, the
    one pointing away from the drawing's centre is tried first, then the others, keeping
    the first whose box stays inside the axes and overlaps no placed label and no other
    node's marker; if none is free, the same directions 1.5, 3, 5 and 8 em farther out,
    joined to the node by a thin leader line. A node with no such place is not labelled (a label is never drawn
    over another label or over a node it does not name); the next node of ``nodes`` is
    tried instead, until ``n_labels`` labels are placed. ``radius_pts`` holds every
    drawn node. The labels have ``gid="node label"`` and stay out of layout engines.
    """
    fig = ax.figure
    r = renderer(fig)
    ax.apply_aspect()
    to_px = fig.dpi / 72.0
    frame = ax.get_window_extent(r)
    drawn = list(radius_pts)
    centres = np.array([ax.transData.transform(pos[v]) for v in drawn]).reshape(-1, 2)
    radii = np.array([radius_pts[u] * to_px for u in drawn])
    centre = np.mean([pos[v] for v in drawn], axis=0) if drawn else np.zeros(2)
    placed: list[Bbox] = []
    annotations: list[Annotation] = []
    halo = [patheffects.withStroke(linewidth=2.0, foreground="white")]
    limit = len(nodes) if n_labels is None else n_labels
    for v in nodes:
        if len(annotations) >= limit:
            break
        d = np.asarray(pos[v], dtype=float) - centre
        outward = math.atan2(d[1], d[0]) if np.hypot(*d) > 1e-9 else math.pi / 2
        others = np.array([u != v for u in drawn], dtype=bool)
        for reach, theta in _reaches(outward, fontsize):
            offset, ha, va = _anchor(theta, radius_pts[v], pad + reach)
            leader = None if not reach else {
                "arrowstyle": "-", "color": "0.35", "linewidth": 0.5, "shrinkA": 0.5,
                "shrinkB": radius_pts[v]}  # fmt: skip
            ann = ax.annotate(texts[v], xy=pos[v], xytext=offset, textcoords="offset points",
                              ha=ha, va=va, fontsize=fontsize, zorder=4, arrowprops=leader,
                              path_effects=halo)  # fmt: skip
            ann.update_positions(r)
            box = Text.get_window_extent(ann, r)  # the text alone, not its leader line
            gap = box.padded(1.0 * to_px)
            if (
                _inside(box, frame)
                and not any(gap.overlaps(b) for b in placed)
                and not _hits_any(centres[others], radii[others], gap)
            ):
                ann.set_gid("node label")
                ann.set_in_layout(False)
                placed.append(box)
                annotations.append(ann)
                break
            ann.remove()
    return annotations


def _inside(box: Bbox, frame: Bbox) -> bool:
    return bool(
        box.x0 >= frame.x0 and box.x1 <= frame.x1 and box.y0 >= frame.y0 and box.y1 <= frame.y1
    )


def _hits_any(centres: np.ndarray, radii: np.ndarray, box: Bbox) -> bool:
    """Whether any circle (display units) touches ``box``."""
    if not len(centres):
        return False
    nx_ = np.clip(centres[:, 0], box.x0, box.x1)
    ny_ = np.clip(centres[:, 1], box.y0, box.y1)
    return bool((((nx_ - centres[:, 0]) ** 2 + (ny_ - centres[:, 1]) ** 2) < radii**2).any())
