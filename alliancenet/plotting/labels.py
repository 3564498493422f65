"""Text on the figures: axis names, legends, event labels and node labels.

Every plot function takes ``legend`` from one vocabulary, checked and drawn here:

``"auto"``
    The place that suits the figure kind (each function says which).
``"inside"``
    Inside the axes, where it covers the fewest artists (matplotlib's ``"best"``).
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
from matplotlib.figure import Figure
from matplotlib.legend import Legend as MplLegend
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox, ScaledTranslation

from ..errors import ParameterError
from .style import MIN_FONT, points, renderer

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

Placement = Literal["inside", "outside", "below", "above"]


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
    axes, without a title.
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
        return ax.legend(loc="best", **opts)
    if where == "outside":
        return ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), **opts)
    if where == "above":
        opts["title"] = None
        return ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.01), ncols=_fit_ncols(ax, n),
                         borderaxespad=0.0, columnspacing=1.2, **opts)  # fmt: skip
    rc = mpl.rcParams
    below = 1.3 * (points(rc["xtick.labelsize"]) + points(rc["axes.labelsize"])) + 6
    if not ax.get_xlabel() and not ax.get_xticks().size:
        below = 2.0
    shift = ScaledTranslation(0, -below / 72, ax.figure.dpi_scale_trans)
    return ax.legend(loc="upper center", bbox_to_anchor=(0.5, 0.0),
                     bbox_transform=ax.transAxes + shift, ncols=_fit_ncols(ax, n),
                     columnspacing=1.0, **opts)  # fmt: skip


def _entry_labels(ax: Axes) -> list[str]:
    return [t for t in ax.get_legend_handles_labels()[1] if not t.startswith("_")]


def _fit_ncols(ax: Axes, n: int) -> int:
    """As many legend columns as fit in the axes width (about 0.55 em per character)."""
    texts = _entry_labels(ax)
    width_pt = ax.get_position().width * cast(Figure, ax.figure).get_figwidth() * 72
    em = points(mpl.rcParams["legend.fontsize"])
    widest = max((len(t) for t in texts), default=1) * 0.55 * em + 4.5 * em
    return max(1, min(n, int(width_pt // widest)))


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
    """Dotted vertical lines, labelled just above the axes (stacked when crowded)."""
    if not marks:
        return
    fig = ax.figure
    r = renderer(fig)
    ax.autoscale_view()
    fs = max(MIN_FONT, points(mpl.rcParams["font.size"]) * 0.75)
    rows: list[list[Bbox]] = []
    for year, text in sorted(marks.items()):
        ax.axvline(year, color="0.45", linestyle=":", linewidth=0.7, zorder=0, label="_event")
        for row in range(4):
            ann = ax.annotate(text, xy=(year, 1.0), xycoords=ax.get_xaxis_transform(),
                              xytext=(0, 1.5 + row * (fs + 1.0)), textcoords="offset points",
                              ha="center", va="bottom", fontsize=fs, color="0.35",
                              annotation_clip=False)  # fmt: skip
            box = ann.get_window_extent(r).padded(1.5 * fig.dpi / 72)
            if row == len(rows):
                rows.append([])
            if not any(box.overlaps(b) for b in rows[row]) or row == 3:
                rows[row].append(box)
                break
            ann.remove()


# ------------------------------------------------------------------ node labels

_DIRECTIONS = [k * math.pi / 4 for k in range(8)]


def _label_candidates(outward: float) -> list[float]:
    """The 8 compass directions, nearest to the outward direction first."""
    return sorted(_DIRECTIONS, key=lambda a: abs((a - outward + math.pi) % (2 * math.pi) - math.pi))


def _anchor(theta: float, radius_pts: float, pad: float) -> tuple[tuple[float, float], str, str]:
    c, s = math.cos(theta), math.sin(theta)
    c = 0.0 if abs(c) < 1e-9 else c
    s = 0.0 if abs(s) < 1e-9 else s
    ha = "left" if c > 0.3 else "right" if c < -0.3 else "center"
    va = "bottom" if s > 0.3 else "top" if s < -0.3 else "center"
    r = radius_pts + pad
    return (r * c, r * s), ha, va


def _circle_hits_box(centre: np.ndarray, r: float, box: Bbox) -> bool:
    nearest_x = min(max(float(centre[0]), box.x0), box.x1)
    nearest_y = min(max(float(centre[1]), box.y0), box.y1)
    return (nearest_x - centre[0]) ** 2 + (nearest_y - centre[1]) ** 2 < r**2


def place_node_labels(
    ax: Axes,
    nodes: Sequence[Hashable],
    pos: Mapping[Hashable, Any],
    radius_pts: Mapping[Hashable, float],
    texts: Mapping[Hashable, str],
    *,
    fontsize: float,
    pad: float = 1.5,
) -> list[Annotation]:
    """Label ``nodes`` with text offset by the node radius, avoiding labels and markers.

    A label is anchored at distance (node radius + ``pad`` pt) from the node centre and
    aligned so that its box lies beyond that point; of the eight compass directions, the
    one pointing away from the drawing's centre is tried first, then the others, keeping
    the first that overlaps no placed label and no other node (else the one with the
    fewest clashes, a label counting three nodes). ``radius_pts`` holds every drawn node.
    """
    fig = ax.figure
    r = renderer(fig)
    ax.apply_aspect()
    to_px = fig.dpi / 72.0
    drawn = list(radius_pts)
    centres = {v: ax.transData.transform(pos[v]) for v in drawn}
    centre = np.mean([pos[v] for v in drawn], axis=0) if drawn else np.zeros(2)
    placed: list[Bbox] = []
    annotations: list[Annotation] = []
    halo = [patheffects.withStroke(linewidth=2.0, foreground="white")]
    for v in nodes:
        d = np.asarray(pos[v], dtype=float) - centre
        outward = math.atan2(d[1], d[0]) if np.hypot(*d) > 1e-9 else math.pi / 2
        best: tuple[int, Annotation, Bbox] | None = None
        for theta in _label_candidates(outward):
            offset, ha, va = _anchor(theta, radius_pts[v], pad)
            ann = ax.annotate(texts[v], xy=pos[v], xytext=offset, textcoords="offset points",
                              ha=ha, va=va, fontsize=fontsize, zorder=4,
                              path_effects=halo)  # fmt: skip
            box = ann.get_window_extent(r)
            gap = box.padded(1.5 * to_px)
            clash = 3 * sum(gap.overlaps(b) for b in placed)
            clash += sum(
                _circle_hits_box(centres[u], radius_pts[u] * to_px, box) for u in drawn if u != v
            )
            if best is None or clash < best[0]:
                if best is not None:
                    best[1].remove()
                best = (clash, ann, box)
            else:
                ann.remove()
            if clash == 0:
                break
        if best is not None:
            placed.append(best[2])
            annotations.append(best[1])
    return annotations
