"""Colours, markers, journal figure sizes, the opt-in paper style and saving figures."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, cast

import matplotlib as mpl
import seaborn as sns
from cycler import cycler
from matplotlib.backend_bases import RendererBase
from matplotlib.figure import Figure, SubFigure

from ..errors import ParameterError
from ._common import Palette

__all__ = [
    "OKABE_ITO",
    "MARKERS",
    "LINESTYLES",
    "EDGE_COLOR",
    "OTHER_COLOR",
    "figure_size",
    "paper_style",
    "save_figure",
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
LINESTYLES: tuple[str | tuple[int, tuple[float, ...]], ...] = (
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

_WIDTHS = {"single": 3.5, "double": 7.0}
#: Smallest text (pt) and line width (pt) the figures use.
MIN_FONT = 7.0
MIN_LINE = 0.5


def figure_size(width: str | float = "single", aspect: float = 0.75) -> tuple[float, float]:
    """Figure size in inches for a journal column.

    Parameters
    ----------
    width : {"single", "double"} or float, default "single"
        ``"single"`` is one journal column (3.5 in, about 89 mm), ``"double"`` the full
        page width (7 in, about 178 mm); a number is taken as inches.
    aspect : float, default 0.75
        Height divided by width.

    Returns
    -------
    tuple of float
        ``(width, height)`` in inches, ready for ``plt.figure(figsize=...)``.

    Raises
    ------
    ParameterError
        Unknown width name, or a width/aspect that is not a positive number.

    Examples
    --------
    >>> from alliancenet import plotting as ap
    >>> ap.figure_size("single")
    (3.5, 2.625)
    >>> ap.figure_size("double", aspect=0.5)
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


def palette_colours(palette: Palette, n: int) -> list[str]:
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


def series_styles(n: int, palette: Palette = None) -> list[dict[str, Any]]:
    """Line styles for ``n`` series: colour, line style and marker all differ."""
    colours = palette_colours(palette, n)
    return [
        {
            "color": colours[i],
            "linestyle": LINESTYLES[i % len(LINESTYLES)],
            "marker": MARKERS[i % len(MARKERS)],
        }
        for i in range(n)
    ]


_FONT_KEYS = (
    "font.size",
    "axes.labelsize",
    "axes.titlesize",
    "xtick.labelsize",
    "ytick.labelsize",
    "legend.fontsize",
    "legend.title_fontsize",
)
_LINE_KEYS = (
    "axes.linewidth",
    "grid.linewidth",
    "lines.linewidth",
    "patch.linewidth",
    "xtick.major.width",
    "ytick.major.width",
    "xtick.minor.width",
    "ytick.minor.width",
)


def _style_rc(
    width: str | float, aspect: float, font_scale: float, palette: Palette
) -> dict[str, Any]:
    rc: dict[str, Any] = {}
    rc.update(sns.axes_style("ticks"))
    rc.update(sns.plotting_context("paper", font_scale=font_scale))
    for keys, floor in ((_FONT_KEYS, MIN_FONT), (_LINE_KEYS, MIN_LINE)):
        for key in keys:
            value = rc.get(key)
            if isinstance(value, int | float):
                rc[key] = max(float(value), floor)
    n = len(MARKERS)
    colours = palette_colours(palette, n)
    rc.update(
        {
            "axes.prop_cycle": cycler(color=colours)
            + cycler(linestyle=list(LINESTYLES[:n]))
            + cycler(marker=list(MARKERS[:n])),
            "lines.markersize": 3.5,
            "lines.markeredgewidth": MIN_LINE,
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
    width: str | float = "single",
    *,
    aspect: float = 0.75,
    font_scale: float = 1.0,
    palette: Palette = "colorblind",
) -> Iterator[dict[str, Any]]:
    """Opt-in journal style for the figures made inside a ``with`` block.

    Sets seaborn's ``"paper"`` context with the ``"ticks"`` style, a colour-blind
    palette whose property cycle varies colour, line style and marker together (so
    series stay apart when printed in greyscale), TrueType font embedding
    (``pdf.fonttype = ps.fonttype = 42``), text of at least 7 pt, lines of at least
    0.5 pt and a default figure size for one or two journal columns. Every
    rcParam is restored on exit; nothing else global is changed.

    Parameters
    ----------
    width : {"single", "double"} or float, default "single"
        Default figure width: one column (3.5 in), two columns (7 in), or inches.
    aspect : float, default 0.75
        Default figure height / width.
    font_scale : float, default 1.0
        Multiplies seaborn's paper-context font sizes (sizes below 7 pt are raised to 7 pt).
    palette : str or list of colours, default "colorblind"
        ``"colorblind"`` (seaborn), ``"okabe_ito"``, or any seaborn palette.

    Returns
    -------
    contextlib.AbstractContextManager
        A context manager; ``with paper_style() as rc:`` binds ``rc`` to the dict of
        rcParams the style sets.

    Raises
    ------
    ParameterError
        Unknown width, or a width/aspect that is not positive.

    References
    ----------
    Okabe, M., and K. Ito. 2008. "Color Universal Design (CUD): How to make figures and
    presentations that are friendly to colorblind people." https://jfly.uni-koeln.de/color/

    Wong, B. 2011. "Points of view: Color blindness." *Nature Methods* 8: 441.
    https://doi.org/10.1038/nmeth.1618

    Examples
    --------
    >>> import matplotlib as mpl
    >>> from alliancenet import plotting as ap
    >>> before = mpl.rcParams["pdf.fonttype"]
    >>> with ap.paper_style("double") as rc:
    ...     print(mpl.rcParams["pdf.fonttype"], mpl.rcParams["figure.figsize"])
    42 [7.0, 5.25]
    >>> mpl.rcParams["pdf.fonttype"] == before
    True
    """
    rc = _style_rc(width, aspect, font_scale, palette)
    with mpl.rc_context(cast(Any, rc)):
        yield rc


def save_figure(
    fig: Figure,
    path: str | Path,
    *,
    dpi: int = 300,
    formats: str | Sequence[str] = ("pdf", "png"),
    **kwargs: Any,
) -> list[Path]:
    """Write a figure as a vector PDF and a ``dpi`` PNG together, fonts embedded.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (``ax.figure`` for an axes-level plot).
    path : str or Path
        Output path; a suffix that names one of ``formats`` is dropped and each format's
        suffix added. Missing parent folders are created.
    dpi : int, default 300
        Resolution of raster formats (300 dpi is the usual journal minimum for halftones).
    formats : str or sequence of str, default ("pdf", "png")
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
    >>> import tempfile
    >>> from pathlib import Path
    >>> import matplotlib.pyplot as plt
    >>> from alliancenet import plotting as ap
    >>> fig, ax = plt.subplots()
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     paths = ap.save_figure(fig, Path(tmp) / "fig1.pdf")
    ...     print([p.name for p in paths])
    ['fig1.pdf', 'fig1.png']
    >>> plt.close(fig)
    """
    names = [formats] if isinstance(formats, str) else list(formats)
    names = [f.lower().lstrip(".") for f in names]
    if not names:
        raise ParameterError("formats must name at least one file format, e.g. ('pdf', 'png')")
    path = Path(path)
    if path.suffix.lower().lstrip(".") in names:
        path = path.with_suffix("")
    path.parent.mkdir(parents=True, exist_ok=True)
    kwargs.setdefault("bbox_inches", "tight")
    written = []
    with mpl.rc_context({"pdf.fonttype": 42, "ps.fonttype": 42}):
        for fmt in names:
            out = path.with_name(f"{path.name}.{fmt}")
            fig.savefig(out, format=fmt, dpi=dpi, **kwargs)
            written.append(out)
    return written


def points(size: float | str) -> float:
    """A font size in points (rcParams may hold names such as 'medium')."""
    if isinstance(size, int | float):
        return float(size)
    from matplotlib.font_manager import font_scalings

    return (font_scalings.get(size) or 1.0) * float(mpl.rcParams["font.size"])


def small_font(scale: float = 0.8) -> float:
    """``scale`` times the current font size, at least :data:`MIN_FONT`."""
    return max(MIN_FONT, points(mpl.rcParams["font.size"]) * scale)


def renderer(fig: Figure | SubFigure) -> RendererBase:
    """The renderer of a figure (to measure text before the figure is drawn)."""
    get = getattr(fig.canvas, "get_renderer", None)
    return get() if get is not None else fig._get_renderer()  # type: ignore[union-attr]
