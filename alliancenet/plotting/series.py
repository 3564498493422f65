"""Lines: robustness curves and measures over years."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..errors import ParameterError, SchemaError
from ._common import LabelMap, Legend, Palette, axes_or_current, markevery, require_columns
from .labels import check_legend, draw_events, draw_legend, event_marks, pretty
from .style import series_styles

__all__ = ["plot_robustness", "plot_measure_timeseries"]


def _check_band(band: object) -> tuple[float, float] | None:
    if band is None:
        return None
    if (
        not isinstance(band, Sequence)
        or len(band) != 2
        or not 0.0 <= float(band[0]) < float(band[1]) <= 1.0
    ):
        raise ParameterError(f"band must be two quantiles 0 <= lo < hi <= 1, or None; got {band!r}")
    return (float(band[0]), float(band[1]))


def plot_robustness(
    data: pd.DataFrame,
    *,
    x: str = "fraction_removed",
    y: str = "lcc_fraction",
    hue: str | None = "strategy",
    band: tuple[float, float] | None = (0.05, 0.95),
    palette: Palette = None,
    legend: Legend = "auto",
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Robustness curves: a connectivity measure against the fraction of states removed.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy curves from ``anet.robustness_curve`` (columns ``step, removed,
        fraction_removed, lcc_fraction, n_components, coverage`` and the realisation
        column), several strategies concatenated with a ``strategy`` column.
    x, y : str, default "fraction_removed", "lcc_fraction"
        Columns on the axes (``y`` may be ``lcc_fraction``, ``coverage``, ``n_components``).
    hue : str or None, default "strategy"
        Column separating curves (one line per value; colour, line style and marker all
        differ). Ignored when absent from the table.
    band : (float, float) or None, default (0.05, 0.95)
        Quantiles of ``y`` across realisations drawn as a shaded band; None for no band.
        A strategy with one realisation (a targeted attack) has no band.
    palette : str or list of colours, optional
        Line colours (default seaborn's ``"colorblind"``).
    legend : {"auto", "inside", "outside", "below", False}, default "auto"
        ``"auto"`` and ``"inside"``: inside the axes, in a corner or at an edge where it
        covers no curve (under the x axis when none is free);
        ``"outside"`` right of the axes; ``"below"`` under the x axis; False none.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default the current axes).
    **kwargs
        Passed to ``Axes.plot``.

    Returns
    -------
    matplotlib.axes.Axes
        One line per hue value and one ``fill_between`` band per curve with several
        realisations (``gid="band:<value>"``).

    Raises
    ------
    SchemaError
        Missing columns.
    ParameterError
        A band that is not two quantiles in [0, 1]; an unknown ``legend``.

    Notes
    -----
    For each strategy and removal step the line is the mean of ``y`` over the
    realisations at the mean of ``x``, and the band spans the ``band`` quantiles of ``y``
    (pandas ``quantile``, linear interpolation). Grouping is by ``step`` when present
    (every realisation removes one state per step, so steps align exactly), else by ``x``.
    The band starts at ``x = 0`` with zero width (every order starts from the same graph);
    its lower edge drops where 5 % of the orders have removed a hub (with ``n`` states, a
    given state is among the first ``k`` removed in a share ``k/n`` of the orders).

    References
    ----------
    Albert, R., H. Jeong, and A.-L. Barabási. 2000. "Error and attack tolerance of complex
    networks." *Nature* 406: 378-382. https://doi.org/10.1038/35019019

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import pandas as pd
    >>> import alliancenet as anet
    >>> from alliancenet import plotting as ap
    >>> G = anet.alliance_graph(anet.load_example(), 1985, states=anet.load_example_states())
    >>> curves = pd.concat([
    ...     anet.robustness_curve(G, "random", rng=1).assign(strategy="random"),
    ...     anet.robustness_curve(G, "degree").assign(strategy="degree")])
    >>> fig, ax = plt.subplots()
    >>> ax = ap.plot_robustness(curves, ax=ax)
    >>> [line.get_label() for line in ax.get_lines()]
    ['random', 'degree']
    >>> round(float(ax.get_lines()[1].get_ydata()[0]), 3)  # before any removal
    0.609
    >>> plt.close(fig)
    """
    require_columns(data, [x, y], "plot_robustness")
    quantiles = _check_band(band)
    check_legend(legend)
    ax = axes_or_current(ax)
    use_hue = hue is not None and hue in data.columns
    levels = list(dict.fromkeys(data[hue])) if use_hue else [None]
    key = "step" if "step" in data.columns else x
    for style, level in zip(series_styles(len(levels), palette), levels, strict=True):
        grouped = (data if level is None else data[data[hue] == level]).groupby(key, sort=True)
        mean = grouped[y].mean()
        xs = grouped[x].mean() if key != x else mean.index.to_series()
        line_kw = {**style, "markevery": markevery(len(mean)), "markersize": 4, **kwargs}
        label = str(level) if level is not None else y
        (line,) = ax.plot(xs.to_numpy(), mean.to_numpy(), label=label, **line_kw)
        if quantiles is not None and grouped[y].count().max() > 1:
            lo, hi = (grouped[y].quantile(q).to_numpy() for q in quantiles)
            poly = ax.fill_between(xs.to_numpy(), lo, hi, color=line.get_color(), alpha=0.22,
                                   linewidth=0, zorder=line.get_zorder() - 1)  # fmt: skip
            poly.set_gid(f"band:{level}")
    ax.set_xlabel(pretty(x))
    ax.set_ylabel(pretty(y, axis=True))
    if y in ("lcc_fraction", "coverage"):
        ax.set_ylim(-0.02, 1.02)
    if x == "fraction_removed":
        ax.set_xlim(0, 1)
    if use_hue:
        draw_legend(ax, legend, auto="inside", title=hue)
    return ax


def _long_table(data: pd.DataFrame) -> pd.DataFrame:
    """A wide table (``year`` and one column per measure) melted to year, measure, value."""
    if isinstance(data, pd.DataFrame) and "measure" not in data.columns and "year" in data:
        id_cols = [c for c in ("year", "ccode", "stateabb") if c in data.columns]
        value_cols = [c for c in data.columns if c not in id_cols]
        data = data.melt(id_vars=id_cols, value_vars=value_cols, var_name="measure")
    return require_columns(data, ["year", "measure", "value"], "plot_measure_timeseries")


def _series_label(level: Hashable, hue: str | None, labels: LabelMap | None) -> str:
    if labels is not None:
        return str(labels.get(level, level))
    return pretty(level) if hue == "measure" else str(level)


def plot_measure_timeseries(
    data: pd.DataFrame,
    *,
    measure: str | Iterable[str] | None = None,
    hue: str | None = None,
    events: str | Mapping[int, str] | Iterable[int] | None = "default",
    labels: LabelMap | None = None,
    palette: Palette = None,
    legend: Legend = "auto",
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """A cohesion or centrality measure over years, with event markers.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy panel table: ``year, measure, value`` (``anet.cohesion_panel``) or
        ``year, ccode, measure, value`` (``anet.centrality_panel``). A wide table with a
        ``year`` column and one column per measure is accepted too.
    measure : str or list of str, optional
        Measure(s) to draw (rows where ``measure`` equals it). Default: all measures.
    hue : str, optional
        Column separating lines. Default: ``"ccode"`` when the table has several states,
        else ``"measure"`` when several measures are drawn.
    events : "default", dict, list or None, default "default"
        Years marked by a dotted vertical line, labelled just above the axes (labels that
        would touch are stacked in up to four rows when the figure is drawn; one that
        fits in none is left out): by default 1914, 1939, 1945 and 1991, each only where
        inside the plotted years; a dict ``year -> text`` or a list of years; None for
        none. Use ``ax.set_title(..., pad=12)`` to lift a title above the labels.
    labels : dict, optional
        Legend text of hue values, e.g. ``{2: "USA", 365: "RUS"}``; by default a
        ``stateabb`` column of the table is used for ccodes when present.
    palette : str or list of colours, optional
        Line colours (default seaborn's ``"colorblind"``).
    legend : {"auto", "inside", "outside", "below", False}, default "auto"
        ``"auto"``: right of the axes when the legend takes at most 40 % of the axes'
        width, else under the x axis; ``"outside"``: right of the axes; ``"inside"``
        where it covers no curve (else below); ``"below"`` under the x axis; False none.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default the current axes).
    **kwargs
        Passed to ``Axes.plot``.

    Returns
    -------
    matplotlib.axes.Axes
        One line per hue value (colour, line style and marker all differ); event lines
        are labelled ``"_event"``.

    Raises
    ------
    SchemaError
        Missing columns, or a ``hue`` column not in the table.
    ParameterError
        A measure not in the table; unknown ``events`` or ``legend``.

    Notes
    -----
    Each line is the mean of ``value`` per year within its hue value. A series absent in
    some of the table's years (a state outside the system, e.g. the Baltic states
    1940-1990) gets NaN there, so its line breaks instead of bridging the gap.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import alliancenet as anet
    >>> from alliancenet import plotting as ap
    >>> graphs = anet.alliance_graphs(anet.load_example(), range(1946, 1996),
    ...                               states=anet.load_example_states())
    >>> cohesion = anet.cohesion_panel(graphs, rng=0)
    >>> fig, ax = plt.subplots()
    >>> ax = ap.plot_measure_timeseries(cohesion, measure=["density", "lcc_fraction"], ax=ax)
    >>> [line.get_label() for line in ax.get_lines() if not line.get_label().startswith("_")]
    ['density', 'largest component']
    >>> [t.get_text() for t in ax.texts]
    ['1991']
    >>> plt.close(fig)
    """
    data = _long_table(data)
    check_legend(legend)
    present = list(dict.fromkeys(data["measure"]))
    if measure is None:
        measures = present
    else:
        measures = [measure] if isinstance(measure, str) else list(measure)
    unknown = [m for m in measures if m not in present]
    if unknown:
        raise ParameterError(f"measures {unknown} are not in the table; it holds {present}")
    data = data[data["measure"].isin(measures)]
    if hue is None:
        if "ccode" in data.columns and data["ccode"].nunique() > 1:
            hue = "ccode"
        elif len(measures) > 1:
            hue = "measure"
    elif hue not in data.columns:
        raise SchemaError(f"hue column {hue!r} is not in the table {list(data.columns)}")
    if labels is None and hue == "ccode" and "stateabb" in data.columns:
        labels = dict(zip(data["ccode"], data["stateabb"], strict=False))
    ax = axes_or_current(ax)
    levels = list(dict.fromkeys(data[hue])) if hue is not None else [None]
    all_years = np.sort(data["year"].unique())
    for style, level in zip(series_styles(len(levels), palette), levels, strict=True):
        sub = data if level is None else data[data[hue] == level]
        series = sub.groupby("year", sort=True)["value"].mean().reindex(all_years)
        if level is None:
            name = measures[0] if len(measures) == 1 else "value"
        else:
            name = _series_label(level, hue, labels)
        line_kw = {**style, "markevery": markevery(len(series)), "markersize": 4, **kwargs}
        ax.plot(series.index.to_numpy(), series.to_numpy(), label=name, **line_kw)
    ax.set_xlabel("year")
    ax.set_ylabel(pretty(measures[0], axis=True) if len(measures) == 1 else "value")
    if hue is not None and len(levels) > 1:
        draw_legend(ax, legend, auto="side")
    if len(all_years):  # after the legend: the labels are stacked for the final width
        draw_events(ax, event_marks(events, int(all_years[0]), int(all_years[-1])))
    return ax
