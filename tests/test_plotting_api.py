"""Tests of the plotting API: measures from their owners, one legend vocabulary, signatures.

Figures are inspected through their artists (marker areas, groups, legend boxes); one PNG
per figure kind is written to a temporary folder and checked to hold a real drawing.
"""

from __future__ import annotations

import inspect
import subprocess
import sys

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_rgba

import alliancenet as anet
from alliancenet import plotting as ap
from alliancenet._random import spawn
from alliancenet.errors import ParameterError, SchemaError

OLD_PUBLIC = ["OKABE_ITO", "MARKERS", "LINESTYLES", "EDGE_COLOR", "DEFAULT_EVENTS", "figure_size",
              "paper_style", "save_figure", "layout", "plot_network", "plot_snapshots",
              "plot_robustness", "plot_measure_timeseries", "plot_similarity", "plot_defections",
              "plot_keystones"]  # fmt: skip
SIMILARITY_COLUMNS = ("s", "s_chance", "kappa", "pi", "taub")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def example():
    members, states = anet.load_example(), anet.load_example_states()
    G = anet.alliance_graph(members, 1985, states=states)
    return members, states, G


def node_collections(ax) -> list[PathCollection]:
    return [c for c in ax.collections if isinstance(c, PathCollection)]


def areas_by_node(ax, pos) -> dict:
    """Marker area of each drawn node, found by its position."""
    where = {tuple(np.round(np.asarray(xy, dtype=float), 9)): v for v, xy in pos.items()}
    out = {}
    for c in node_collections(ax):
        sizes = np.broadcast_to(c.get_sizes(), len(c.get_offsets()))
        for xy, s in zip(c.get_offsets(), sizes, strict=True):
            out[where[tuple(np.round(np.asarray(xy, dtype=float), 9))]] = float(s)
    return out


def expected_areas(values: pd.Series, lo: float, hi: float) -> pd.Series:
    return lo + (values - values.min()) / (values.max() - values.min()) * (hi - lo)


# ----------------------------------------------------------------- package


def test_subpackage_keeps_every_name_and_loads_lazily():
    code = (
        "import sys\n"
        "import alliancenet\n"
        "assert 'matplotlib' not in sys.modules, 'import alliancenet imported matplotlib'\n"
        "from alliancenet import plotting as ap\n"
        f"missing = [n for n in {OLD_PUBLIC!r} if not hasattr(ap, n)]\n"
        "assert not missing, missing\n"
        "assert ap.__file__.endswith('plotting/__init__.py'), ap.__file__\n"
        "assert alliancenet.plotting is ap\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def public_functions():
    return [getattr(ap, n) for n in ap.__all__ if inspect.isfunction(getattr(ap, n))]


def test_public_functions_are_fully_typed_and_data_first():
    for func in public_functions():
        sig = inspect.signature(func)
        assert sig.return_annotation is not inspect.Signature.empty, func.__name__
        for p in sig.parameters.values():
            assert p.annotation is not inspect.Parameter.empty, (func.__name__, p.name)
        if func.__name__.startswith("plot_"):
            first, *rest = sig.parameters.values()
            assert first.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
            expected = {"plot_network": "G", "plot_snapshots": "graphs"}.get(func.__name__, "data")
            assert first.name == expected
            assert all(p.kind in (p.KEYWORD_ONLY, p.VAR_KEYWORD) for p in rest), func.__name__
            assert "ax" in sig.parameters or func.__name__ == "plot_snapshots"
    assert len(inspect.signature(ap.plot_network).parameters) < 20  # was 24


def test_measure_of_timeseries_is_keyword_only():
    t = pd.DataFrame({"year": [1990, 1991], "measure": "d", "value": [0.0, 1.0]})
    with pytest.raises(TypeError):
        ap.plot_measure_timeseries(t, "d")  # type: ignore[misc]


# ----------------------------------------------------------------- node sizes from anet.centrality


def weighted_square() -> nx.Graph:
    """a-b-c strong (weight 5), a-d-c weak (1): weighted paths run through b, hops tie."""
    G = nx.Graph()
    G.add_edge(1, 2, weight=5)
    G.add_edge(2, 3, weight=5)
    G.add_edge(1, 4, weight=1)
    G.add_edge(4, 3, weight=1)
    G.add_edge(3, 5, weight=2)
    return G


def test_node_size_betweenness_equals_anet_centrality():
    G = weighted_square()
    pos = ap.layout(G, rng=0)
    fig, ax = plt.subplots()
    ap.plot_network(G, pos=pos, node_size="betweenness", sizes=(10, 110), hue=None, ax=ax)
    drawn = pd.Series(areas_by_node(ax, pos)).sort_index()
    want = expected_areas(anet.centrality(G, "betweenness")["betweenness"], 10, 110)
    np.testing.assert_allclose(drawn.to_numpy(), want.reindex(drawn.index).to_numpy())
    # the old private re-implementation (unweighted betweenness) would draw d like b
    assert drawn[2] > drawn[4]
    unweighted = pd.Series(nx.betweenness_centrality(G))
    assert unweighted[2] == unweighted[4]


def test_node_size_directed_measure_and_series_and_attribute():
    D = nx.DiGraph([(1, 2), (3, 2), (4, 2), (2, 5), (5, 1)])
    pos = ap.layout(D, rng=0)
    fig, ax = plt.subplots()
    ap.plot_network(D, pos=pos, node_size="in_degree", sizes=(5, 50), hue=None, ax=ax)
    drawn = pd.Series(areas_by_node(ax, pos)).sort_index()
    want = expected_areas(anet.centrality(D, "in_degree")["in_degree"], 5, 50)
    np.testing.assert_allclose(drawn.to_numpy(), want.reindex(drawn.index).to_numpy())
    nx.set_node_attributes(D, {v: float(v) for v in D}, "gdp")
    fig2, ax2 = plt.subplots()
    ap.plot_network(D, pos=pos, node_size="gdp", sizes=(5, 50), hue=None, ax=ax2)
    assert areas_by_node(ax2, pos) == pytest.approx({1: 5.0, 2: 16.25, 3: 27.5, 4: 38.75, 5: 50})
    with pytest.raises(ParameterError, match="anet.centrality"):
        ap.plot_network(D, pos=pos, node_size="charisma", ax=ax2)


# ----------------------------------------------------------------- blocs from anet.blocs(rng=)


def groups_drawn(ax, pos) -> dict:
    where = {tuple(np.round(np.asarray(xy, dtype=float), 9)): v for v, xy in pos.items()}
    out = {}
    for c in node_collections(ax):
        for xy in c.get_offsets():
            out[where[tuple(np.round(np.asarray(xy, dtype=float), 9))]] = c.get_gid()
    return out


def as_partition(mapping: dict) -> set[frozenset]:
    inverse: dict = {}
    for v, g in mapping.items():
        inverse.setdefault(g, set()).add(v)
    return {frozenset(s) for s in inverse.values()}


def test_each_node_drawn_in_its_own_group_whatever_the_node_order():
    # nodes inserted out of ccode order (the drawing sorts them): colours must follow nodes
    G = nx.Graph()
    G.add_edges_from([(365, 290), (290, 310), (310, 365), (2, 20), (20, 200), (200, 2)])
    G.add_edge(365, 2)
    hue = pd.Series({365: "east", 290: "east", 310: "east", 2: "west", 20: "west", 200: "west"})
    pos = ap.layout(G, rng=0)
    fig, ax = plt.subplots()
    ap.plot_network(G, pos=pos, hue=hue, n_labels=0, ax=ax)
    assert groups_drawn(ax, pos) == hue.to_dict()
    graphs = {1950: G, 1960: G.copy()}
    fig = ap.plot_snapshots(graphs, pos=pos, hue=hue, n_labels=0)
    assert all(groups_drawn(a, pos) == hue.to_dict() for a in fig.axes)


def test_bloc_hue_is_anet_blocs_seeded_by_rng(example):
    _, _, G = example
    drawn = G.subgraph([v for v in G if G.degree(v) > 0])
    fig, ax = plt.subplots(figsize=(7, 5))
    ap.plot_network(G, rng=7, n_labels=0, max_groups=30, ax=ax)
    pos = ap.layout(drawn, rng=7)  # plot_network lays out from the generator itself
    got = groups_drawn(ax, pos)
    want = anet.blocs(drawn, rng=spawn(7, 1)[0])
    assert as_partition(got) == as_partition(want.to_dict())
    # the blocs come from their own child stream: giving pos does not change them
    fig2, ax2 = plt.subplots(figsize=(7, 5))
    ap.plot_network(G, pos=pos, rng=7, n_labels=0, max_groups=30, ax=ax2)
    assert groups_drawn(ax2, pos) == got


def test_bloc_errors_propagate_and_rng_is_checked():
    G = nx.Graph()
    G.add_edge(1, 2, weight=1.0)
    G.add_edge(2, 3, weight=0.0)  # anet.blocs refuses non-positive strengths
    fig, ax = plt.subplots()
    with pytest.raises(ParameterError):
        ap.plot_network(G, node_size=1, hue="bloc", rng=0, ax=ax)
    for bad in (-1, 1.5, "seed", np.random.RandomState(0)):
        with pytest.raises(ParameterError):
            ap.plot_network(nx.path_graph(4), rng=bad, ax=ax)
        with pytest.raises(ParameterError):
            ap.layout(nx.path_graph(4), rng=bad)


def test_same_rng_same_figure(example):
    _, _, G = example
    offsets = []
    for _ in range(2):
        fig, ax = plt.subplots(figsize=(7, 5))
        ap.plot_network(G, rng=3, n_labels=5, ax=ax)
        offsets.append(
            (
                [c.get_offsets().tolist() for c in node_collections(ax)],
                [t.get_text() for t in ax.texts],
            )
        )
    assert offsets[0] == offsets[1]


def test_edge_kws_reach_the_ties():
    fig, ax = plt.subplots()
    ap.plot_network(nx.path_graph(5), edge_kws={"color": "0.5", "alpha": 0.8}, rng=0, ax=ax)
    edges = next(c for c in ax.collections if isinstance(c, LineCollection))
    assert tuple(edges.get_colors()[0]) == pytest.approx(to_rgba("0.5", 0.8))
    assert edges.get_gid() == "edges"


# ----------------------------------------------------------------- plot_similarity: every column


def square(members, states, method) -> pd.DataFrame:
    m = anet.similarity(members, 1985, method=method, states=states, matrix=True)
    arr = m.to_numpy(dtype=float, copy=True)
    diagonal = np.diag(arr)
    arr[np.diag_indices(len(arr))] = np.where(np.isnan(diagonal), 1.0, diagonal)
    return pd.DataFrame(arr, index=m.index, columns=m.columns)


@pytest.mark.parametrize("method", SIMILARITY_COLUMNS)
def test_plot_similarity_accepts_every_similarity_column(example, method):
    members, states, _ = example
    tidy = anet.similarity(members, 1985, method=method, states=states)
    assert method in tidy.columns
    fig, ax = plt.subplots()
    ap.plot_similarity(tidy, ax=ax)
    want = square(members, states, method)
    np.testing.assert_allclose(np.asarray(ax.images[0].get_array(), dtype=float), want)
    assert fig.axes[1].get_ylabel() != ""  # colour bar named after the measure
    fig2, ax2 = plt.subplots()
    ap.plot_similarity(tidy, value=method, cbar=False, ax=ax2)
    np.testing.assert_allclose(np.asarray(ax2.images[0].get_array(), dtype=float), want)


def test_plot_similarity_value_chooses_among_several_columns(example):
    members, states, _ = example
    keys = ["ccode1", "ccode2", "year"]
    tables = [anet.similarity(members, 1985, method=m, states=states) for m in SIMILARITY_COLUMNS]
    wide = tables[0]
    for t in tables[1:]:
        wide = wide.merge(t, on=keys)
    fig, ax = plt.subplots()
    with pytest.raises(SchemaError, match="value="):
        ap.plot_similarity(wide, ax=ax)
    ap.plot_similarity(wide, value="kappa", ax=ax)
    np.testing.assert_allclose(
        np.asarray(ax.images[0].get_array(), dtype=float), square(members, states, "kappa")
    )
    assert fig.axes[1].get_ylabel() == "Cohen's kappa"
    with pytest.raises(SchemaError):
        ap.plot_similarity(wide, value="tau", ax=ax)
    with pytest.raises(ParameterError):
        ap.plot_similarity(square(members, states, "s"), value="s", ax=ax)


def test_plot_similarity_bloc_order_is_seeded(example):
    members, states, _ = example
    tidy = anet.similarity(members, 1985, states=states)
    ticks = []
    for _ in range(2):
        fig, ax = plt.subplots()
        ap.plot_similarity(tidy, order="bloc", rng=4, cbar=False, ax=ax)
        ticks.append([t.get_text() for t in ax.get_xticklabels()])
        assert [ln for ln in ax.get_lines() if ln.get_gid() == "bloc boundary"]
    assert ticks[0] == ticks[1]


# ----------------------------------------------------------------- plot_keystones: *_loss names


def test_plot_keystones_takes_the_loss_columns_of_keystones(example):
    _, _, G = example
    keys = anet.keystones(G)
    losses = [c for c in keys.columns if c.endswith("_loss")]
    assert {"coverage_loss", "lcc_loss"} <= set(losses)
    for col in losses:
        fig, ax = plt.subplots()
        ap.plot_keystones(keys, measure=col, n=5, ax=ax)
        top = keys[col].sort_values(ascending=False, kind="stable").head(5)
        assert [b.get_width() for b in ax.patches] == pytest.approx(top.to_numpy()[::-1])
        assert ax.get_yticklabels()[-1].get_text() == keys.loc[top.index[0], "stateabb"]
    with pytest.raises(SchemaError, match="coverage_loss"):
        ap.plot_keystones(keys, measure="coverage", ax=ax)
    fig, ax = plt.subplots()
    ap.plot_keystones(keys.reset_index(), n=3, ax=ax)  # a ccode column works too
    # (anet.keystones lists only states whose defection changes something for others)
    assert len(ax.patches) == min(3, len(keys))


# ----------------------------------------------------------------- one legend vocabulary


def curves() -> pd.DataFrame:
    rows = [(s, k, k / 4, max(0.0, 1 - k / (4 if s == "random" else 2))) for s in ("random", "degree") for k in range(5)]  # fmt: skip
    return pd.DataFrame(rows, columns=["strategy", "step", "fraction_removed", "lcc_fraction"])


def series_table() -> pd.DataFrame:
    return pd.DataFrame(
        {"year": [1990, 1991] * 2, "measure": ["a", "a", "b", "b"], "value": [0, 1, 1, 0]}
    )


def sims_table() -> pd.DataFrame:
    return pd.DataFrame({"coverage": [0.1, 0.2, 0.3, 0.6, 0.7, 0.8], "preset": list("xxxyyy")})


DRAWERS = {
    "network": (lambda **kw: ap.plot_network(nx.barbell_graph(4, 0), rng=0, **kw), "outside"),
    "robustness": (lambda **kw: ap.plot_robustness(curves(), **kw), "inside"),
    "timeseries": (
        lambda **kw: ap.plot_measure_timeseries(series_table(), events=None, **kw),
        "outside",
    ),  # fmt: skip
    "defections": (lambda **kw: ap.plot_defections(sims_table(), **kw), "above"),
}


def placement(ax) -> str:
    fig = ax.figure
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    box, frame = ax.get_legend().get_window_extent(r), ax.get_window_extent(r)
    if box.x0 >= frame.x1 - 1:
        return "outside"
    if box.y1 <= frame.y0 + 1:
        return "below"
    if box.y0 >= frame.y1 - 1:
        return "above"
    assert frame.x0 - 1 <= box.x0 and box.x1 <= frame.x1 + 1 and frame.y0 - 1 <= box.y0
    return "inside"


@pytest.mark.parametrize("kind", sorted(DRAWERS))
def test_legend_vocabulary(kind):
    draw, auto = DRAWERS[kind]
    for where in ("inside", "outside", "below", "auto"):
        fig, ax = plt.subplots(figsize=(4, 3))
        draw(legend=where, ax=ax)
        assert placement(ax) == (auto if where == "auto" else where), where
    fig, ax = plt.subplots()
    draw(legend=False, ax=ax)
    assert ax.get_legend() is None
    for bad in ("right", "best", "top", True, None):
        with pytest.raises(ParameterError, match="'auto', 'inside', 'outside', 'below' or False"):
            draw(legend=bad, ax=ax)


def test_snapshots_legend_vocabulary_and_no_axes_attributes():
    G = nx.barbell_graph(4, 0)
    graphs = {1950: G, 1960: nx.relabel_nodes(G, {7: 9})}
    fig = ap.plot_snapshots(graphs, rng=0, hue="component")
    assert not [n for ax in fig.axes for n in vars(ax) if n.startswith("_anet")]
    (leg,) = fig.legends
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    assert leg.get_window_extent(r).y1 <= min(ax.get_window_extent(r).y0 for ax in fig.axes)
    # one component, named after its strongest member over both years (3 and 4 tie at 8)
    assert [t.get_text() for t in leg.get_texts()] == ["3 bloc"]
    fig = ap.plot_snapshots(graphs, rng=0, legend="outside", hue="component")
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    (leg,) = fig.legends
    assert leg.get_window_extent(r).x0 >= max(ax.get_window_extent(r).x1 for ax in fig.axes)
    fig = ap.plot_snapshots(graphs, rng=0, legend="inside", hue="component")
    assert not fig.legends and fig.axes[-1].get_legend() is not None
    fig = ap.plot_snapshots(graphs, rng=0, legend=False)
    assert not fig.legends and all(ax.get_legend() is None for ax in fig.axes)
    with pytest.raises(ParameterError):
        ap.plot_snapshots(graphs, legend="right")


def test_snapshots_on_given_axes():
    graphs = {1950: nx.path_graph(4), 1960: nx.star_graph(3)}
    fig, (a, b, c) = plt.subplots(1, 3)
    out = ap.plot_snapshots(graphs, ax=[a, c], hue=None, rng=0)
    assert out is fig
    assert [a.get_title(), b.get_title(), c.get_title()] == ["1950", "", "1960"]
    assert len(node_collections(a)) == len(node_collections(c)) == 1 and not b.collections
    with pytest.raises(ParameterError, match="one matplotlib Axes per year"):
        ap.plot_snapshots(graphs, ax=a)


def test_snapshots_share_sizes_across_years():
    # the same star in both years, plus a larger star in 1960: equal values, equal areas
    small = nx.star_graph(3)
    big = nx.union(small, nx.relabel_nodes(nx.star_graph(6), lambda v: v + 10))
    fig = ap.plot_snapshots({1950: small, 1960: big}, node_size="strength", hue=None, rng=0)
    areas = [ax.collections[-1].get_sizes() for ax in fig.axes]
    assert areas[0].max() < areas[1].max()  # the 1950 hub (strength 3) < the 1960 one (6)
    assert areas[0].min() == areas[1].min()  # leaves (strength 1) alike in both years


# ----------------------------------------------------------------- one PNG per figure kind


def test_one_png_per_figure_kind(tmp_path, example):
    from PIL import Image

    members, states, G = example
    graphs = anet.alliance_graphs(members, [1955, 1985], states=states)
    keys = anet.keystones(G)
    coh = anet.cohesion_panel(anet.alliance_graphs(members, range(1930, 1995), states=states))
    sims = pd.concat(
        anet.simulate_defections(G, p_honor=p, n_sims=100, rng=1).assign(preset=str(p))
        for p in (0.5, 0.9)
    )
    kinds = {
        "network": lambda ax: ap.plot_network(G, rng=1, ax=ax),
        "robustness": lambda ax: ap.plot_robustness(curves(), ax=ax),
        "timeseries": lambda ax: ap.plot_measure_timeseries(coh, measure="density", ax=ax),
        "similarity": lambda ax: ap.plot_similarity(
            anet.similarity(members, 1985, states=states, method="pi"), order="bloc", rng=0, ax=ax
        ),
        "defections": lambda ax: ap.plot_defections(sims, ax=ax),
        "keystones": lambda ax: ap.plot_keystones(keys, ax=ax),
    }
    written = []
    with ap.paper_style("single"):
        for name, draw in kinds.items():
            fig, ax = plt.subplots()
            draw(ax)
            written += ap.save_figure(fig, tmp_path / name, formats=("png",), dpi=100)
            plt.close(fig)
        fig = ap.plot_snapshots(graphs, rng=1)
        written += ap.save_figure(fig, tmp_path / "snapshots", formats=("png",), dpi=100)
    assert len(written) == 7
    for path in written:
        with Image.open(path) as im:
            colours = im.convert("RGB").getcolors(maxcolors=1_000_000)
        assert colours is not None and len(colours) > 20, path.name  # a drawing, not a blank
