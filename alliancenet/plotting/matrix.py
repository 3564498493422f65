"""Heatmaps: alliance-portfolio similarity ordered by bloc."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import matplotlib as mpl
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import Colormap

from .._docstrings import fill_doc
from .._random import RNGLike
from ..errors import ParameterError, SchemaError
from ..measures.blocs import blocs
from ._common import LabelMap, axes_or_current, sort_key
from .style import MIN_FONT, points, renderer, settle

__all__ = ["plot_similarity"]

_KEYS = ("ccode1", "ccode2", "year")
#: Colour-bar text of the value columns of ``anet.similarity``.
_VALUE_NAMES = {
    "s": "S (alliance portfolio similarity)",
    "s_chance": "S corrected for chance",
    "kappa": "Cohen's kappa",
    "pi": "Scott's pi",
    "taub": "Kendall's tau-b",
}


def _value_column(data: pd.DataFrame, value: str | None) -> str:
    """The value column of a tidy similarity table (the only one, or ``value``)."""
    candidates = [
        c for c in data.columns if c not in _KEYS and pd.api.types.is_numeric_dtype(data[c])
    ]
    if value is not None:
        if value not in data.columns:
            raise SchemaError(
                f"value={value!r} is not a column of the similarity table; it has {candidates}"
            )
        return value
    if len(candidates) != 1:
        raise SchemaError(
            "a tidy similarity table needs one value column besides ccode1, ccode2, year "
            f"(as anet.similarity returns); found {candidates}; pick one with value="
        )
    return candidates[0]


def similarity_matrix(
    data: pd.DataFrame, *, value: str | None = None, year: int | None = None
) -> tuple[pd.DataFrame, str | None]:
    """Square float matrix (index = columns = ccode) and the value column it came from."""
    if isinstance(data, pd.DataFrame) and {"ccode1", "ccode2"} <= set(data.columns):
        col = _value_column(data, value)
        t = data
        if "year" in t.columns:
            ys = sorted(t["year"].unique())
            if year is None and len(ys) > 1:
                raise ParameterError(f"the table holds years {ys[0]}..{ys[-1]}; pass year=")
            t = t[t["year"] == (ys[0] if year is None else year)]
        flipped = t.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})
        both = pd.concat([t[["ccode1", "ccode2", col]], flipped[["ccode1", "ccode2", col]]])
        both = both.drop_duplicates(["ccode1", "ccode2"])
        m = both.pivot(index="ccode1", columns="ccode2", values=col)
        idx = sorted(set(m.index) | set(m.columns), key=sort_key)
        arr = m.reindex(index=idx, columns=idx).to_numpy(dtype=float, copy=True)
        diagonal = np.diag(arr)
        arr[np.diag_indices(len(idx))] = np.where(np.isnan(diagonal), 1.0, diagonal)
        return pd.DataFrame(arr, index=pd.Index(idx, name="ccode"), columns=idx), col
    if isinstance(data, pd.DataFrame):
        if value is not None:
            raise ParameterError(
                "value= chooses the column of a tidy table (ccode1, ccode2, year, value); "
                "a square matrix has no columns to choose from; drop value="
            )
        if list(data.index) != list(data.columns):
            if set(data.index) != set(data.columns):
                raise SchemaError(
                    "a similarity matrix must have the same ccodes as index and columns"
                )
            data = data.reindex(columns=data.index)
        return data.astype(float), None
    raise SchemaError(
        "plot_similarity expects a square DataFrame indexed and columned by ccode "
        "(anet.similarity(..., matrix=True)) or the tidy table ccode1, ccode2, year, <value> "
        f"(anet.similarity); got {type(data).__name__}"
    )


def _blocs_of_similarity(m: pd.DataFrame, rng: RNGLike) -> pd.Series:
    """``anet.blocs`` of the graph whose ties are the positive similarities."""
    G = nx.Graph()
    G.add_nodes_from(m.index)
    vals = m.to_numpy()
    i, j = np.nonzero(np.triu(np.isfinite(vals) & (vals > 0), k=1))
    G.add_weighted_edges_from(
        (m.index[int(a)], m.index[int(b)], float(vals[a, b])) for a, b in zip(i, j, strict=True)
    )
    return blocs(G, rng=rng)


def _bloc_sequence(m: pd.DataFrame, order: pd.Series | Mapping[Any, Any]) -> tuple[list, list[int]]:
    """Row order by bloc (largest first, singletons together last) and the bloc ends."""
    groups = pd.Series(order).reindex(m.index)
    groups = groups.astype(object).where(groups.notna(), "none")
    single = groups.map(groups.value_counts()) == 1
    groups = groups.where(~single, "none")
    sizes = groups.value_counts()
    seq: list = []
    ends: list[int] = []
    for b in sorted(sizes.index, key=lambda b: (b == "none", -sizes[b], str(b))):
        members = list(groups.index[groups == b])
        within = m.loc[members, members].mean(axis=1)
        seq.extend(sorted(members, key=lambda v: (-within[v], sort_key(v))))
        ends.append(len(seq))
    return seq, ends[:-1]


def _ordered(
    m: pd.DataFrame, order: str | pd.Series | Mapping | Sequence | None, rng: RNGLike
) -> tuple[pd.DataFrame, list[int]]:
    if order is None:
        return m, []
    if isinstance(order, str):
        if order != "bloc":
            raise ParameterError(f"order must be None, 'bloc', a Series or a list; got {order!r}")
        order = _blocs_of_similarity(m, rng)
    if isinstance(order, pd.Series | Mapping):
        seq, boundaries = _bloc_sequence(m, order)
        return m.loc[seq, seq], boundaries
    seq = list(order)
    missing = [v for v in seq if v not in m.index]
    if missing:
        raise ParameterError(f"order names ccodes {missing[:10]} not in the matrix")
    return m.loc[seq, seq], []


def _tick_labels(ax: Axes, names: list[str], max_ticks: int) -> None:
    """Label every k-th row/column: as many as fit the axes at 7 pt or more, and ``max_ticks``."""
    n = len(names)
    rc_size = mpl.rcParams["ytick.labelsize"]
    fs = max(MIN_FONT, points(rc_size) if isinstance(rc_size, int | float | str) else MIN_FONT)
    settle(ax.figure)
    ax.apply_aspect()
    r = renderer(ax.figure)
    height_pt = ax.get_window_extent(r).height * 72 / ax.figure.dpi
    fit = max(1, int(height_pt // (fs * 1.25)))
    step = max(1, math.ceil(n / max(1, min(max_ticks, fit))))
    ticks = list(range(0, n, step))
    ax.set_xticks(ticks, [names[i] for i in ticks], rotation=90, fontsize=fs)
    ax.set_yticks(ticks, [names[i] for i in ticks], fontsize=fs)
    ax.tick_params(length=0)


@fill_doc
def plot_similarity(
    data: pd.DataFrame,
    *,
    value: str | None = None,
    year: int | None = None,
    order: str | pd.Series | Mapping[Hashable, Any] | Sequence[Hashable] | None = None,
    labels: LabelMap | None = None,
    cmap: str | Colormap = "RdBu_r",
    vmin: float = -1.0,
    vmax: float = 1.0,
    max_ticks: int = 60,
    cbar: bool = True,
    cbar_label: str | None = None,
    rng: RNGLike = None,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Heatmap of alliance-portfolio similarity, ordered by bloc with bloc boundaries.

    Parameters
    ----------
    data : pandas.DataFrame
        Square, indexed and columned by ccode (``anet.similarity(..., matrix=True)``),
        or the tidy table ``ccode1, ccode2, year, <value>`` of ``anet.similarity`` /
        ``anet.similarity_panel`` (pass ``year`` when it holds several).
    value : str, optional
        Value column of a tidy table: ``"s"``, ``"s_chance"``, ``"kappa"``, ``"pi"`` or
        ``"taub"`` (any numeric column); default the table's only one.
    year : int, optional
        Year of a tidy table holding several.
    order : None, "bloc", Series or list, optional
        Row/column order: None keeps the matrix order; a Series ``ccode -> bloc`` (e.g.
        ``anet.blocs(G)``) sorts by bloc (largest first) and draws bloc boundaries, with
        states alone in their bloc (or without one) together at the end; ``"bloc"``
        finds blocs in the matrix itself (``anet.blocs`` of the graph whose ties are the
        positive similarities, seeded by ``rng``); a list is taken as the ccode order.
    labels : dict, optional
        ``ccode -> stateabb`` tick labels (default the ccodes).
    cmap : str or Colormap, default "RdBu_r"
        Diverging colormap, centred at 0 with the default ``vmin=-1``, ``vmax=1``.
    vmin, vmax : float, default -1.0, 1.0
        Values at the ends of the colormap.
    max_ticks : int, default 60
        Label at most this many rows/columns (every k-th beyond that); fewer when
        the axes are too small for that many labels at 7 pt.
    cbar : bool, default True
        Draw a colour bar.
    cbar_label : str, optional
        Colour-bar text; default the measure's name (``"Cohen's kappa"`` for ``kappa``,
        ...), or ``"similarity"`` for a square matrix.
    {{rng}}
        Used only by ``order="bloc"``.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default the current axes).
    **kwargs
        Passed to ``Axes.imshow``.

    Returns
    -------
    matplotlib.axes.Axes
        The image is ``ax.images[0]``; bloc boundaries are lines with ``gid="bloc boundary"``.

    Raises
    ------
    SchemaError
        Not a square or tidy similarity table, or no (single) value column.
    ParameterError
        Several years without ``year``; ``value`` with a square matrix; an unknown
        ``order``.

    Notes
    -----
    A tidy table holds pairs of different states only; the diagonal (a state compared
    with itself) is drawn as 1. Within a bloc, states are sorted by their mean similarity
    to the rest of the bloc (highest first). Undefined values (kappa, pi or tau-b of two
    constant portfolios, NaN) are left blank. A diverging map loses the sign of a value in
    greyscale; the bloc boundaries and the ordering carry the structure there.

    References
    ----------
    Signorino, C. S., and J. M. Ritter. 1999. "Tau-b or Not Tau-b: Measuring the
    Similarity of Foreign Policy Positions." *International Studies Quarterly* 43(1):
    115-144. https://doi.org/10.1111/0020-8833.00113

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import alliancenet as anet
    >>> from alliancenet import plotting as ap
    >>> members, states = anet.load_example(), anet.load_example_states()
    >>> kappa = anet.similarity(members, 1985, method="kappa", states=states)
    >>> fig, ax = plt.subplots()
    >>> ax = ap.plot_similarity(kappa, order="bloc", rng=0, ax=ax)
    >>> ax.images[0].get_array().shape
    (69, 69)
    >>> fig.axes[1].get_ylabel()
    "Cohen's kappa"
    >>> plt.close(fig)
    """
    m, col = similarity_matrix(data, value=value, year=year)
    ax = axes_or_current(ax)
    m, boundaries = _ordered(m, order, rng)
    kwargs.setdefault("interpolation", "nearest")
    im = ax.imshow(m.to_numpy(dtype=float), cmap=cmap, vmin=vmin, vmax=vmax, aspect="equal",
                   **kwargs)  # fmt: skip
    for b in boundaries:
        for line in (ax.axhline(b - 0.5, color="black", lw=0.8),
                     ax.axvline(b - 0.5, color="black", lw=0.8)):  # fmt: skip
            line.set_gid("bloc boundary")
    names = [str(labels.get(v, v)) if labels is not None else str(v) for v in m.index]
    _tick_labels(ax, names, max_ticks)
    for spine in ax.spines.values():
        spine.set_visible(True)
    if cbar:
        if cbar_label is None:
            cbar_label = _VALUE_NAMES.get(col, col) if col is not None else "similarity"
        cb = ax.figure.colorbar(im, ax=ax, shrink=0.8, pad=0.02)
        cb.set_label(cbar_label)
        cb.outline.set_linewidth(0.5)
    return ax
