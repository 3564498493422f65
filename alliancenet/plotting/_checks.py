"""Automated checks of a finished figure by artist inspection (no pixel baselines).

:func:`figure_problems` draws a figure once and reports, in words, what a journal
reviewer would object to:

- the saved file is not the width asked (inches, at the figure's own dpi);
- two pieces of text overlap (every text drawn: tick labels, titles, legend entries,
  event and node labels);
- a node label covers the marker of a node it does not name;
- a legend reaches outside the figure, over another axes, or over data of its own
  axes (markers, and points every 2 px along its lines);
- text smaller than the minimum font size;
- two series of one axes that cannot be told apart in greyscale (same marker, same
  dash pattern and luminance closer than :data:`MIN_LUMINANCE_GAP`).

The tests run it on every plot function at every journal width; the gallery scripts
run it on every figure they save.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import Collection, PathCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

from .labels import data_points
from .style import MIN_FONT, figure_bbox_mode, renderer, width_inches

__all__ = ["figure_problems", "saved_size"]

#: Smallest greyscale luminance difference (0-1) that separates two series of one style.
MIN_LUMINANCE_GAP = 0.15
_TOL = 0.5  # pixels two boxes may share before they count as overlapping


@contextmanager
def _spy_texts(drawn: list[Text]) -> Iterator[None]:
    original = Text.draw

    def draw(self: Text, renderer: Any) -> None:
        if self.get_visible() and self.get_text().strip():
            drawn.append(self)
        original(self, renderer)

    Text.draw = draw  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        Text.draw = original  # type: ignore[method-assign]


def drawn_texts(fig: Figure) -> list[Text]:
    """Every text artist actually drawn on ``fig`` (ticks outside the view excluded)."""
    drawn: list[Text] = []
    with _spy_texts(drawn):
        fig.canvas.draw()
    return list(dict.fromkeys(drawn))


def _text_box(t: Text, r: Any) -> Bbox:
    if isinstance(t, Annotation):
        t.update_positions(r)
    return Text.get_window_extent(t, r)


def saved_size(fig: Figure) -> tuple[float, float]:
    """Width and height (inches) of the PNG :func:`save_figure` writes for ``fig``."""
    from PIL import Image

    buf = io.BytesIO()
    dpi = 100
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches=figure_bbox_mode(fig))
    buf.seek(0)
    with Image.open(buf) as im:
        w, h = im.size
    return (w / dpi, h / dpi)


def _overlaps(a: Bbox, b: Bbox) -> bool:
    return a.x0 + _TOL < b.x1 and b.x0 + _TOL < a.x1 and a.y0 + _TOL < b.y1 and b.y0 + _TOL < a.y1


def _describe(t: Text) -> str:
    return repr(t.get_text()[:30])


def _text_problems(fig: Figure, texts: list[Text], min_font: float) -> list[str]:
    r = renderer(fig)
    out = []
    boxes = [(t, _text_box(t, r)) for t in texts]
    for i, (a, ba) in enumerate(boxes):
        size = float(a.get_fontsize())
        if size < min_font - 0.01:
            out.append(f"text {_describe(a)} is {size:.1f} pt (< {min_font} pt)")
        for b, bb in boxes[i + 1 :]:
            if _overlaps(ba, bb):
                out.append(f"text {_describe(a)} overlaps text {_describe(b)}")
    return out


def _node_label_problems(fig: Figure, texts: list[Text]) -> list[str]:
    """Node labels (``gid="node label"``) that cover a marker of another node."""
    r = renderer(fig)
    to_px = fig.dpi / 72.0
    out = []
    for t in texts:
        if not isinstance(t, Annotation) or t.get_gid() != "node label" or t.axes is None:
            continue
        ax = t.axes
        box = _text_box(t, r)
        own = ax.transData.transform(np.asarray(t.xy, dtype=float))
        for coll in ax.collections:
            if not isinstance(coll, PathCollection):
                continue
            pts = coll.get_offset_transform().transform(coll.get_offsets())
            sizes = np.broadcast_to(np.asarray(coll.get_sizes(), float), (len(pts),))
            radii = np.sqrt(sizes) / 2.0 * to_px
            other = np.hypot(*(pts - own).T) > 1e-6
            nx_ = np.clip(pts[:, 0], box.x0, box.x1)
            ny_ = np.clip(pts[:, 1], box.y0, box.y1)
            hit = other & (((nx_ - pts[:, 0]) ** 2 + (ny_ - pts[:, 1]) ** 2) < radii**2)
            if hit.any():
                out.append(f"node label {_describe(t)} covers {int(hit.sum())} other node(s)")
    return out


def _legends(fig: Figure) -> list[tuple[Legend, Axes | None]]:
    found: list[tuple[Legend, Axes | None]] = [(leg, None) for leg in fig.legends]
    for ax in fig.axes:
        leg = ax.get_legend()
        if leg is not None:
            found.append((leg, ax))
    return found


def _legend_problems(fig: Figure) -> list[str]:
    r = renderer(fig)
    page = fig.bbox
    out = []
    for leg, owner in _legends(fig):
        box = leg.get_window_extent(r)
        name = "figure legend" if owner is None else "legend"
        if (
            box.x0 < page.x0 - 1
            or box.y0 < page.y0 - 1
            or box.x1 > page.x1 + 1
            or box.y1 > page.y1 + 1
        ):
            out.append(f"{name} reaches outside the figure")
        for ax in fig.axes:
            if ax is owner or not ax.get_visible():
                continue
            if _overlaps(box, ax.get_window_extent(r)):
                out.append(f"{name} lies over another axes")
        if owner is not None:
            n = int(box.count_contains(data_points(owner)))
            if n:
                out.append(f"legend covers {n} data point(s) of its axes")
    return out


def _luminance(colour: Any) -> float:
    r, g, b, _ = to_rgba(colour)
    return 0.299 * r + 0.587 * g + 0.114 * b


def _series(ax: Axes) -> list[tuple[str, str, str, float]]:
    """(label, marker, dash pattern, luminance) of each labelled series of ``ax``."""
    out = []
    artists: list[Artist] = [*ax.get_lines(), *ax.collections, *ax.patches]
    for a in artists:
        label = str(a.get_label())
        if not label or label.startswith("_"):
            continue
        if isinstance(a, Line2D):
            marker = str(a.get_marker()) if a.get_marker() not in (None, "None", "", " ") else ""
            dash = str(a.get_linestyle()) if a.get_linestyle() not in ("None", "", " ") else ""
            out.append((label, marker, dash, _luminance(a.get_color())))
        elif isinstance(a, PathCollection):
            paths = a.get_paths()
            marker = str(np.round(np.asarray(paths[0].vertices), 2).tolist()) if paths else ""
            fc = a.get_facecolor()
            out.append((label, marker, "", _luminance(fc[0]) if len(fc) else 0.0))
        elif isinstance(a, Patch | Collection):
            dash = str(a.get_linestyle())
            out.append((label, "", dash, _luminance(a.get_edgecolor())))  # type: ignore[arg-type]
    return out


def _greyscale_problems(fig: Figure) -> list[str]:
    out = []
    for ax in fig.axes:
        series = _series(ax)
        for i, (la, ma, da, lum_a) in enumerate(series):
            for lb, mb, db, lum_b in series[i + 1 :]:
                if ma == mb and da == db and abs(lum_a - lum_b) < MIN_LUMINANCE_GAP:
                    out.append(f"series {la!r} and {lb!r} look alike in greyscale")
    return out


def figure_problems(
    fig: Figure, *, width: str | float | None = None, min_font: float = MIN_FONT
) -> list[str]:
    """What is wrong with ``fig`` as a journal figure (empty list: nothing found).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A finished figure.
    width : str or float, optional
        Journal width the saved file must have (a name of :data:`WIDTHS` or inches).
    min_font : float, default 7.0
        Smallest font size allowed (pt).

    Returns
    -------
    list of str
        One sentence per problem.
    """
    out = []
    if width is not None:
        w, _ = saved_size(fig)
        want = width_inches(width)
        if abs(w - want) > 0.011:
            out.append(f"saved width is {w:.2f} in, not {want:.2f} in")
    texts = drawn_texts(fig)
    out += _text_problems(fig, texts, min_font)
    out += _node_label_problems(fig, texts)
    out += _legend_problems(fig)
    out += _greyscale_problems(fig)
    return out
