"""The report's figures, drawn from its tables alone (so saved tables can be redrawn)."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import pandas as pd

from .._docstrings import fill_doc
from .._random import RNGLike, as_generator
from ..errors import ParameterError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["report_figures"]

Tables = Mapping[str, pd.DataFrame]
#: Legend names of the honouring-rate presets (Leeds, Long and Mitchell 2000; Berkemeier
#: and Fuhrmann 2018), as the summary's table names them by id.
PRESET_NAMES = {
    "llm2000": "LLM 2000",
    "bf2018": "BF 2018",
    "bf2018_by_era": "BF 2018 by era",
    "bf2018_by_type": "BF 2018 by type",
}
WIDTHS = ("single", "double")


@fill_doc
def report_figures(
    tables: Tables,
    out: str | os.PathLike[str],
    *,
    width: str = "single",
    rng: RNGLike = None,
) -> list[Path]:
    """Draw every figure the tables allow into `out` (PDF and PNG); return the files.

    Parameters
    ----------
    tables : mapping of str to pandas.DataFrame
        Tables named as the report names them (:func:`measure_tables`,
        :func:`simulation_tables`, or :func:`~alliancenet.report.read_tables`
        on a saved report). Figures whose tables are missing are skipped.
    out : str or path-like
        Folder for the figures (created if needed; figures of the same name are
        replaced).
    width : {"single", "double"}, default "single"
        Journal column width of the one-column figures (the cohesion, network and
        similarity figures always span two columns).
    {{rng}}
        Seeds the layout of the network figure (the only random element).

    Returns
    -------
    list of pathlib.Path
        The files written, PDF then PNG for each figure: ``cohesion``,
        ``centrality_top``, ``robustness``, ``defections``, ``keystones``,
        ``network``, ``similarity``.

    Raises
    ------
    ParameterError
        An unknown `width` or a bad `rng`.

    See Also
    --------
    alliancenet.report

    Examples
    --------
    >>> import tempfile
    >>> import alliancenet as anet
    >>> from alliancenet.report import measure_tables, report_figures
    >>> graphs = anet.alliance_graphs(anet.load_example(), range(1990, 1993),
    ...                               states=anet.load_example_states())
    >>> paths = report_figures(measure_tables(graphs, rng=1), tempfile.mkdtemp(), rng=1)
    >>> sorted({p.stem for p in paths})
    ['centrality_top', 'cohesion']
    """
    if width not in WIDTHS:
        raise ParameterError(f"width: expected 'single' or 'double', got {width!r}.")
    gen = as_generator(rng)
    import matplotlib.pyplot as plt

    from .. import plotting as ap

    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    drawers: list[tuple[str, Callable[[Tables, str, np.random.Generator], Figure | None]]] = [
        ("cohesion", _cohesion),
        ("centrality_top", _centrality_top),
        ("robustness", _robustness),
        ("defections", _defections),
        ("keystones", _keystones),
        ("network", _network),
        ("similarity", _similarity),
    ]
    with ap.paper_style(width):
        for stem, draw in drawers:
            fig = draw(tables, width, gen)
            if fig is None:
                continue
            try:
                written.extend(ap.save_figure(fig, folder / stem))
            finally:
                plt.close(fig)
    return written


def _subplots(size: tuple[float, float], ncols: int = 1) -> tuple[Figure, Any]:
    import matplotlib.pyplot as plt

    return plt.subplots(1, ncols, figsize=size)


def _cohesion(tables: Tables, width: str, rng: np.random.Generator) -> Figure | None:
    from .. import plotting as ap

    if "cohesion" not in tables:
        return None
    coh = tables["cohesion"]
    present = set(coh["measure"])
    panels = [
        [m for m in pair if m in present]
        for pair in (("density", "transitivity"), ("lcc_fraction", "allied_fraction"))
    ]
    if not any(panels):
        return None
    fig, axes = _subplots(ap.figure_size("double", 0.42), ncols=2)
    # each legend under its own panel: the constrained layout of paper_style keeps it
    # inside the figure and off the other panel
    for measures, ax in zip(panels, axes, strict=True):
        if measures:
            ap.plot_measure_timeseries(coh, measure=measures, legend="below", ax=ax)
        else:
            ax.set_axis_off()
    return fig


def _centrality_top(tables: Tables, width: str, rng: np.random.Generator) -> Figure | None:
    """Allies over the years of the focus year's most allied states (the summary's list)."""
    from .. import plotting as ap
    from ._summary import TIE_ROWS, most_allied

    if "centrality" not in tables:
        return None
    cent = tables["centrality"]
    deg = cent[cent["measure"] == "degree"]
    top = most_allied(tables)
    if not len(top) or not len(deg):
        return None
    # the summary's list; a large tie is one line, labelled with the number tied
    labels: dict[int, str] = {}
    for _, group in top.groupby("rank", sort=True):
        if len(group) > TIE_ROWS:
            first = group.iloc[0]
            labels[int(first["ccode"])] = f"{first['stateabb']} (+{len(group) - 1} tied)"
        else:
            labels.update(zip(group["ccode"].astype(int), group["stateabb"], strict=True))
        if len(labels) >= 6:
            break
    series = pd.concat([deg[deg["ccode"] == c] for c in labels])
    fig, ax = _subplots(ap.figure_size(width, 0.8))
    ap.plot_measure_timeseries(series, measure="degree", hue="ccode", labels=labels, ax=ax)
    ax.set_ylabel("allies (share of other states)")
    return fig


def _robustness(tables: Tables, width: str, rng: np.random.Generator) -> Figure | None:
    from .. import plotting as ap

    if "robustness_curves" not in tables:
        return None
    fig, ax = _subplots(ap.figure_size(width, 0.75))
    ap.plot_robustness(tables["robustness_curves"], y="lcc_fraction", hue="strategy", ax=ax)
    return fig


def _defections(tables: Tables, width: str, rng: np.random.Generator) -> Figure | None:
    from .. import plotting as ap

    if "defections" not in tables:
        return None
    sims = tables["defections"]
    sims = sims.assign(preset=sims["preset"].map(lambda p: PRESET_NAMES.get(p, p)))
    fig, ax = _subplots(ap.figure_size(width, 0.75))
    ap.plot_defections(sims, x="coverage", hue="preset", ax=ax)
    return fig


def _keystones(tables: Tables, width: str, rng: np.random.Generator) -> Figure | None:
    from .. import plotting as ap

    if "keystones" not in tables:
        return None
    fig, ax = _subplots(ap.figure_size(width, 0.75))
    ap.plot_keystones(tables["keystones"].set_index("ccode"), measure="coverage_loss", n=10, ax=ax)
    return fig


def _network(tables: Tables, width: str, rng: np.random.Generator) -> Figure | None:
    from .. import plotting as ap

    if "network_nodes" not in tables or "network_edges" not in tables:
        return None
    G = graph_from_tables(tables["network_nodes"], tables["network_edges"])
    bloc = tables["network_nodes"].set_index("ccode")["bloc"]
    fig, ax = _subplots(ap.figure_size("double", 0.6))
    ap.plot_network(G, hue=bloc, rng=rng, ax=ax)
    return fig


def _similarity(tables: Tables, width: str, rng: np.random.Generator) -> Figure | None:
    """Similarity of the allied states of the focus year, ordered by bloc."""
    from .. import plotting as ap

    needed = ("network_nodes", "network_edges", "similarity")
    if any(name not in tables for name in needed):
        return None
    nodes = tables["network_nodes"]
    G = graph_from_tables(nodes, tables["network_edges"])
    sim = tables["similarity"]
    value = [c for c in sim.columns if c not in ("ccode1", "ccode2", "year")][0]
    mat = sim.pivot(index="ccode1", columns="ccode2", values=value)
    allied = [c for c in mat.index if c in G and G.degree(c) > 0]
    if not allied:
        return None
    mat = mat.loc[allied, allied]
    # a state's similarity with itself is 1 by definition; the tidy table holds only
    # pairs of different states
    mat = mat.fillna(pd.DataFrame(np.eye(len(allied)), mat.index, mat.columns))
    abb = nodes.set_index("ccode")["stateabb"].to_dict()
    bloc = nodes.set_index("ccode")["bloc"]
    fig, ax = _subplots(ap.figure_size("double", 0.9))
    ap.plot_similarity(mat, order=bloc, labels=abb, ax=ax)
    return fig


def graph_from_tables(nodes: pd.DataFrame, edges: pd.DataFrame) -> nx.Graph:
    """Rebuild the focus-year graph from the ``network_nodes`` and ``network_edges`` tables."""
    G = nx.Graph(year=int(nodes["year"].iloc[0]) if len(nodes) else None)
    codes = nodes["ccode"].astype(int).tolist()
    G.add_nodes_from((c, {"stateabb": a}) for c, a in zip(codes, nodes["stateabb"], strict=True))
    u, v = edges["ccode1"].astype(int).tolist(), edges["ccode2"].astype(int).tolist()
    weights = edges["weight"].tolist()
    if "alliances" in edges.columns:  # ";"-joined alliance ids: they name the blocs
        ids = [
            tuple(str(t).split(";")) if isinstance(t, str) and t else () for t in edges["alliances"]
        ]
    else:
        ids = [()] * len(weights)
    G.add_edges_from(
        (a, b, {"weight": w, "alliances": i}) for a, b, w, i in zip(u, v, weights, ids, strict=True)
    )
    return G
