"""Simulation outcomes and per-state losses: defection distributions and keystone bars."""

from __future__ import annotations

from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..errors import ParameterError, SchemaError
from ._common import LabelMap, Legend, Palette, axes_or_current, require_columns
from .labels import check_legend, draw_legend, pretty
from .style import MIN_LINE, series_styles, small_font

__all__ = ["plot_defections", "plot_keystones"]

_KINDS = ("hist", "ecdf")


def _bin_edges(finite: np.ndarray, bins: int | str | np.ndarray) -> np.ndarray:
    """Shared histogram edges: one bin per value for small integer outcomes."""
    if not len(finite):
        return np.array([0.0, 1.0])
    if np.allclose(finite, np.round(finite)) and np.ptp(finite) <= 200:
        return np.arange(finite.min() - 0.5, finite.max() + 1.5)
    return np.histogram_bin_edges(finite, bins=bins)


def _draw_ecdf(ax: Axes, v: np.ndarray, style: dict, label: str, kwargs: dict) -> None:
    # one step per distinct value (outcomes such as coverage are discrete); markers only
    # where the curve crosses the shares 0.1, 0.3, 0.5, 0.7 and 0.9, so that groups separate
    # in greyscale and no marker sits on the x axis (where it would read as an outlier)
    uniq, counts = np.unique(v, return_counts=True)
    y = np.cumsum(counts) / len(v)
    marks = sorted({int(np.searchsorted(y, q)) + 1 for q in (0.1, 0.3, 0.5, 0.7, 0.9)})
    line_kw = {"marker": style["marker"], "markersize": 4, "markevery": marks, **kwargs}
    ax.plot(np.r_[uniq[0], uniq], np.r_[0.0, y], drawstyle="steps-post", color=style["color"],
            linestyle=style["linestyle"], label=label, **line_kw)  # fmt: skip


def _draw_hist(
    ax: Axes, v: np.ndarray, edges: np.ndarray, style: dict, label: str, kwargs: dict
) -> None:
    counts, _ = np.histogram(v, bins=edges)
    lw = max(MIN_LINE, mpl.rcParams["lines.linewidth"])
    st = ax.stairs(counts / len(v), edges, color=style["color"], linestyle=style["linestyle"],
                   linewidth=lw, label=label, **kwargs)  # fmt: skip
    st.set_gid(label)


def plot_defections(
    data: pd.DataFrame,
    *,
    x: str = "coverage",
    hue: str | None = None,
    kind: str = "hist",
    bins: int | str | np.ndarray = "auto",
    palette: Palette = None,
    legend: Legend = "auto",
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Distribution of an outcome across defection simulations, one per preset.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per simulation (``anet.simulate_defections``: ``sim, coverage,
        lcc_fraction, n_blocs, unprotected``); several runs concatenated with a
        ``preset`` (or other) column.
    x : str, default "coverage"
        Outcome column.
    hue : str, optional
        Column separating distributions; default ``"preset"`` when present.
    kind : {"hist", "ecdf"}, default "hist"
        Step histograms (outlines; line style and colour differ per group, integer
        outcomes get one bin per value) or empirical CDFs (steps, with markers where
        each curve crosses the shares 0.1, 0.3, 0.5, 0.7 and 0.9, so that groups
        separate in greyscale; none on the x axis).
    bins : int, sequence or str, default "auto"
        Histogram bins (numpy ``histogram_bin_edges``), shared by all groups.
    palette : str or list of colours, optional
        Line colours (default seaborn's ``"colorblind"``).
    legend : {"auto", "inside", "outside", "below", False}, default "auto"
        ``"auto"``: above the axes, in one row (in as few rows as fit when the entries
        are wider than the axes); ``"inside"`` where it covers no curve (else below);
        ``"outside"`` right of the axes; ``"below"`` under the x axis; False none.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default the current axes).
    **kwargs
        Passed to ``Axes.stairs`` (hist) or ``Axes.plot`` (ecdf).

    Returns
    -------
    matplotlib.axes.Axes
        One line (ECDF) or stairs patch (hist, ``gid`` = group) per group, labelled with
        the group. (Nothing is drawn on the x axis: markers there read as outliers.)

    Raises
    ------
    SchemaError
        Missing columns.
    ParameterError
        Unknown ``kind`` or ``legend``.

    Notes
    -----
    Histogram heights are shares of each group's simulations (each group sums to 1), so
    groups of different sizes compare. Non-finite outcomes are left out.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import pandas as pd
    >>> import alliancenet as anet
    >>> from alliancenet import plotting as ap
    >>> G = anet.alliance_graph(anet.load_example(), 1985, states=anet.load_example_states())
    >>> sims = pd.concat([
    ...     anet.simulate_defections(G, p_honor=p, n_sims=200, rng=1).assign(preset=str(p))
    ...     for p in (0.5, 0.9)])
    >>> fig, ax = plt.subplots()
    >>> ax = ap.plot_defections(sims, kind="ecdf", ax=ax)
    >>> [line.get_label() for line in ax.get_lines() if not line.get_label().startswith("_")]
    ['0.5', '0.9']
    >>> plt.close(fig)
    """
    require_columns(data, [x], "plot_defections")
    if kind not in _KINDS:
        raise ParameterError(f"kind must be 'hist' or 'ecdf'; got {kind!r}")
    check_legend(legend)
    if hue is None and "preset" in data.columns:
        hue = "preset"
    if hue is not None and hue not in data.columns:
        raise SchemaError(f"hue column {hue!r} is not in the table {list(data.columns)}")
    ax = axes_or_current(ax)
    values = pd.to_numeric(data[x], errors="coerce")
    levels = list(dict.fromkeys(data[hue])) if hue is not None else [None]
    edges = _bin_edges(values[np.isfinite(values)].to_numpy(), bins) if kind == "hist" else None
    for style, level in zip(series_styles(len(levels), palette), levels, strict=True):
        v = values if level is None else values[data[hue] == level]
        v = np.sort(v[np.isfinite(v)].to_numpy())
        if len(v) == 0:
            continue
        label = str(level) if level is not None else x
        if edges is None:
            _draw_ecdf(ax, v, style, label, kwargs)
        else:
            _draw_hist(ax, v, edges, style, label, kwargs)
    ax.set_xlabel(pretty(x, axis=True))
    if kind == "ecdf":
        ax.set_ylabel("cumulative share of simulations")
        ax.set_ylim(0, 1.02)
    else:
        ax.set_ylabel("share of simulations")
        ax.set_ylim(bottom=0)
    if hue is not None and len(levels) > 1:
        draw_legend(ax, legend, auto="above", title=hue)
    return ax


def _check_measure(data: pd.DataFrame, measure: str) -> None:
    if isinstance(data, pd.DataFrame) and measure not in data.columns:
        losses = [c for c in data.columns if str(c).endswith("_loss")]
        hint = f"; did you mean {measure + '_loss'!r}?" if measure + "_loss" in losses else ""
        raise SchemaError(
            f"measure={measure!r} is not a column of the keystones table; its loss columns "
            f"are {losses} (anet.keystones names them <measure>_loss){hint}"
        )
    require_columns(data, [measure], "plot_keystones")


def plot_keystones(
    data: pd.DataFrame,
    *,
    measure: str = "coverage_loss",
    n: int = 10,
    labels: LabelMap | None = None,
    color: str = "0.3",
    annotate: bool = True,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """The keystone states: horizontal bars of the loss caused by each state's defection.

    Parameters
    ----------
    data : pandas.DataFrame
        ``anet.keystones`` output: indexed by ccode (or with a ``ccode`` column), with
        ``stateabb`` and loss columns ending in ``_loss``.
    measure : str, default "coverage_loss"
        Loss column to rank and draw (``"coverage_loss"``, ``"lcc_loss"``, ... : the
        names ``anet.keystones`` gives its columns).
    n : int, default 10
        Number of states (largest losses, largest on top).
    labels : dict, optional
        ``ccode -> text``; default the ``stateabb`` column, else the ccodes.
    color : str, default "0.3"
        Bar colour (dark grey: prints the same in colour and greyscale).
    annotate : bool, default True
        Write each value at the end of its bar.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default the current axes).
    **kwargs
        Passed to ``Axes.barh``.

    Returns
    -------
    matplotlib.axes.Axes
        One bar patch per state; y tick labels are the state abbreviations. A single
        series needs no legend, so there is none.

    Raises
    ------
    SchemaError
        ``measure`` is not a column (the message lists the ``_loss`` columns).
    ParameterError
        ``n`` < 1.

    Notes
    -----
    States with a missing value of ``measure`` are left out; ties keep the table's order.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import alliancenet as anet
    >>> from alliancenet import plotting as ap
    >>> G = anet.alliance_graph(anet.load_example(), 1985, states=anet.load_example_states())
    >>> keys = anet.keystones(G)  # states whose defection changes something for others
    >>> fig, ax = plt.subplots()
    >>> ax = ap.plot_keystones(keys, measure="coverage_loss", n=3, ax=ax)
    >>> len(ax.patches) == min(3, len(keys))
    True
    >>> ax.get_yticklabels()[-1].get_text()  # the largest loss on top
    'USA'
    >>> plt.close(fig)
    """
    _check_measure(data, measure)
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise ParameterError(f"n must be a whole number of states, at least 1; got {n!r}")
    ax = axes_or_current(ax)
    t = data.set_index("ccode") if "ccode" in data.columns and data.index.name != "ccode" else data
    t = t[pd.to_numeric(t[measure], errors="coerce").notna()]
    top = t.sort_values(measure, ascending=False, kind="stable").head(int(n)).iloc[::-1]
    if labels is not None:
        names = [str(labels.get(v, v)) for v in top.index]
    elif "stateabb" in top.columns:
        abb = top["stateabb"]
        names = [str(a) if pd.notna(a) else str(v) for v, a in zip(top.index, abb, strict=True)]
    else:
        names = [str(v) for v in top.index]
    vals = top[measure].astype(float).to_numpy()
    kwargs.setdefault("height", 0.7)
    bars = ax.barh(np.arange(len(top)), vals, color=color, **kwargs)
    ax.set_yticks(np.arange(len(top)), names)
    pad = max(0, 4 - len(top)) / 2  # one or two states: bars of normal thickness, centred
    ax.set_ylim(-0.5 - pad, len(top) - 0.5 + pad)
    ax.set_xlabel(pretty(measure))
    ax.tick_params(axis="y", length=0)
    if annotate and len(vals):
        span = float(np.nanmax(np.abs(vals))) or 1.0
        ax.set_xlim(min(0.0, float(np.nanmin(vals)) * 1.15), span * 1.18)
        ax.bar_label(bars, fmt="%.3g", padding=2, fontsize=small_font())
    return ax
