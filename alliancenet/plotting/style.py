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
    "WIDTHS",
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

#: Column widths (inches) of :func:`figure_size` and :func:`paper_style`: the generic
#: ``"single"`` (one column, 89 mm), ``"1.5"`` (one and a half columns, 120 mm) and
#: ``"double"`` (full page, 178 mm), and ``"<journal>-<column>"`` for a few publishers'
#: author guidelines (Nature, Science, PNAS, Elsevier, Taylor & Francis).
WIDTHS: dict[str, float] = {
    "single": 3.5,
    "1.5": 4.72,
    "double": 7.0,
    "nature-single": round(89 / 25.4, 3),
    "nature-1.5": round(120 / 25.4, 3),
    "nature-double": round(183 / 25.4, 3),
    "science-single": round(55 / 25.4, 3),
    "science-1.5": round(120 / 25.4, 3),
    "science-double": round(183 / 25.4, 3),
    "pnas-single": round(87 / 25.4, 3),
    "pnas-1.5": round(114 / 25.4, 3),
    "pnas-double": round(178 / 25.4, 3),
    "elsevier-single": round(90 / 25.4, 3),
    "elsevier-1.5": round(140 / 25.4, 3),
    "elsevier-double": round(190 / 25.4, 3),
    "tandf-single": round(84 / 25.4, 3),
    "tandf-double": round(174 / 25.4, 3),
}
_ALIASES = {"onehalf": "1.5", "1.5-column": "1.5", "one-and-a-half": "1.5"}
#: Smallest text (pt) and line width (pt) the figures use.
MIN_FONT = 7.0
MIN_LINE = 0.5


def width_inches(width: str | float) -> float:
    """The width in inches of a column name of :data:`WIDTHS` or a number of inches."""
    if isinstance(width, str):
        key = _ALIASES.get(width.lower(), width.lower())
        if key not in WIDTHS:
            raise ParameterError(
                f"width must be a number of inches or one of {sorted(WIDTHS)}; got {width!r}"
            )
        return WIDTHS[key]
    try:
        w = float(width)
    except (TypeError, ValueError):
        raise ParameterError(
            f"width must be a number of inches or one of {sorted(WIDTHS)}; got {width!r}"
        ) from None
    if not w > 0:
        raise ParameterError(f"width must be positive; got {width!r}")
    return w


def figure_size(width: str | float = "single", aspect: float = 0.75) -> tuple[float, float]:
    """Figure size in inches for a journal column.

    Parameters
    ----------
    width : str or float, default "single"
        ``"single"`` is one journal column (3.5 in, about 89 mm), ``"1.5"`` one and a
        half columns (4.72 in, 120 mm), ``"double"`` the full page width (7 in, about
        178 mm); ``"nature-single"``, ``"pnas-double"``, ... give a publisher's widths
        (the keys of ``alliancenet.plotting.style.WIDTHS``); a number is taken as inches.
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
    >>> ap.figure_size("nature-double", aspect=0.5)
    (7.205, 3.6025)
    """
    w = width_inches(width)
    if not aspect > 0:
        raise ParameterError(f"aspect must be positive; got {aspect!r}")
    return (w, round(w * float(aspect), 4))


def palette_colours(palette: Palette, n: int) -> list[str]:
    """``n`` hex colours from a palette name, a list of colours, or None (colour-blind)."""
    if palette is None or palette == "colorblind":
        # seaborn's colorblind palette without its grey (grey means "other" groups)
        base = [c for c in sns.color_palette("colorblind", 10).as_hex() if c != "#949494"]
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
            # the saved file is exactly figure.figsize wide: constrained layout fits the
            # legends and labels inside the figure instead of a tight crop growing it
            "figure.constrained_layout.use": True,
            "figure.constrained_layout.h_pad": 0.02,
            "figure.constrained_layout.w_pad": 0.02,
            "savefig.bbox": "standard",
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
    0.5 pt and a default figure size for a journal column. Figures made inside
    the block use matplotlib's constrained layout and are saved at exactly their
    ``figsize`` (``savefig.bbox = "standard"``): a figure made with the default size
    is the journal width wide, legend and labels included. Every rcParam is restored
    on exit, except that a plotting backend loaded for the first time stays active
    (in Jupyter, figures made inside and after the block display inline).

    Parameters
    ----------
    width : str or float, default "single"
        Default figure width: ``"single"`` (3.5 in), ``"1.5"`` (4.72 in), ``"double"``
        (7 in), a publisher's column (``"nature-single"``, ``"pnas-double"``, ...; the
        keys of ``alliancenet.plotting.style.WIDTHS``) or inches.
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
    >>> import matplotlib.pyplot as plt
    >>> with ap.paper_style("double") as rc:
    ...     print(mpl.rcParams["pdf.fonttype"], mpl.rcParams["figure.figsize"])
    ...     fig, ax = plt.subplots()
    42 [7.0, 5.25]
    >>> fig.get_size_inches().tolist()
    [7.0, 5.25]
    >>> plt.close(fig)
    >>> mpl.rcParams["pdf.fonttype"] == before
    True
    """
    rc = _style_rc(width, aspect, font_scale, palette)
    _load_backend()
    orig = dict(mpl.rcParams.copy())
    del orig["backend"]
    try:
        mpl.rcParams.update(cast(Any, rc))
        yield rc
    finally:
        # a backend activated inside the block (Jupyter's inline backend on the first
        # figure of a kernel) turns interactive mode on: keep it, or no later figure
        # displays (matplotlib issues #24351, #25041)
        if mpl.rcParams["interactive"] and not orig["interactive"]:
            orig["interactive"] = True
        dict.update(mpl.rcParams, orig)


def _load_backend() -> None:
    """Load pyplot's backend now, outside the style's rcParams.

    The first figure of a Jupyter kernel loads the inline backend, which switches
    interactive mode on and registers the hook that shows figures after each cell;
    done inside ``rc_context`` that mode was reverted on exit and no later figure
    displayed. Loading it here, before any rcParam changes, does what the first figure
    would do anyway.
    """
    import matplotlib.pyplot as plt

    get = getattr(plt, "_get_backend_mod", None)
    if get is not None:
        get()


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
        Passed to ``Figure.savefig``. By default (no ``bbox_inches``) the file is
        exactly the figure's size when everything drawn lies inside the figure (always
        the case for figures made inside :func:`paper_style`), else it is cropped or
        grown to what is drawn (``bbox_inches="tight"``), so that no legend is cut off.

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
    PDFs are written without a creation date (unless ``metadata=`` says otherwise), so
    regenerating an unchanged figure gives a byte-identical file.

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
    if "bbox_inches" not in kwargs:
        kwargs["bbox_inches"] = figure_bbox_mode(fig)
    written = []
    with mpl.rc_context({"pdf.fonttype": 42, "ps.fonttype": 42}):
        for fmt in names:
            out = path.with_name(f"{path.name}.{fmt}")
            options = dict(kwargs)
            if fmt == "pdf" and "metadata" not in options:
                options["metadata"] = {"CreationDate": None}  # same figure, same file
            fig.savefig(out, format=fmt, dpi=dpi, **options)
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


def settle(fig: Figure | SubFigure) -> None:
    """Run the figure's layout engine now, so that axes have their final size.

    Text placed for the axes size (node labels, stacked event labels, legend columns)
    is placed after this; a figure without a layout engine is left as it is.
    """
    root = fig.get_figure(root=True) if isinstance(fig, SubFigure) else fig
    engine = root.get_layout_engine() if root is not None else None
    if engine is not None:
        engine.execute(root)


def fits_inside(fig: Figure, tol: float = 0.01) -> bool:
    """Whether everything drawn on ``fig`` lies inside the figure (within ``tol`` inches)."""
    fig.draw_without_rendering()
    box = fig.get_tightbbox(renderer(fig))
    w, h = fig.get_size_inches()
    return bool(
        box is not None
        and box.x0 >= -tol
        and box.y0 >= -tol
        and box.x1 <= w + tol
        and box.y1 <= h + tol
    )


def figure_bbox_mode(fig: Figure) -> str | None:
    """``bbox_inches`` for saving: None (the figure's exact size) when everything fits."""
    return None if fits_inside(fig) else "tight"
