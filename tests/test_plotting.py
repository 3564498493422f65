"""Tests of alliancenet.plotting: inspect what was drawn (artists, labels, legends, files)."""

from __future__ import annotations

import math
import subprocess
import sys

import matplotlib as mpl
import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure

from alliancenet import plotting as ap
from alliancenet.errors import GraphTypeError, ParameterError, SchemaError
from alliancenet.plotting.groups import group_styles
from alliancenet.plotting.style import series_styles

ABB = {2: "USA", 20: "CAN", 200: "UKG", 210: "NTH", 220: "FRN", 255: "GMY", 325: "ITA",
       365: "RUS", 290: "POL", 315: "CZE", 310: "HUN", 360: "RUM", 700: "AFG"}  # fmt: skip


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


WEST = [2, 20, 200, 210, 220, 255, 325]
EAST = [365, 290, 315, 310, 360]


def two_blocs() -> nx.Graph:
    """A western and an eastern bloc joined by one tie, plus an isolate (AFG)."""
    G = nx.Graph(year=1960)
    for c, a in ABB.items():
        G.add_node(c, stateabb=a)
    for block in (WEST, EAST):
        for i, u in enumerate(block):
            for v in block[i + 1 :]:
                G.add_edge(u, v, weight=1)
    G[2][200]["weight"] = 4
    G[365][290]["weight"] = 3
    G.add_edge(255, 290, weight=1)
    return G


def drawn_nodes(ax) -> int:
    return sum(len(c.get_offsets()) for c in ax.collections if isinstance(c, PathCollection))


def luminance(colour) -> float:
    r, g, b = to_rgb(colour)
    return 0.299 * r + 0.587 * g + 0.114 * b


# ----------------------------------------------------------------- import


def test_import_alliancenet_does_not_import_matplotlib():
    # igraph >= 0.11 imports matplotlib when it is itself imported, so modules must
    # import igraph inside the functions that use it, not at module top.
    code = (
        "import sys, alliancenet as anet\n"
        "culprits = sorted(m for m in ('igraph', 'seaborn', 'matplotlib.pyplot') if m in sys.modules)\n"
        "assert 'matplotlib' not in sys.modules, f'matplotlib imported (also loaded: {culprits})'\n"
        "anet.plotting\n"
        "assert 'matplotlib' in sys.modules\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr.strip().splitlines()[-1]


# ----------------------------------------------------------------- style


def test_figure_size():
    assert ap.figure_size("single") == (3.5, 2.625)
    assert ap.figure_size("double", 0.5) == (7.0, 3.5)
    assert ap.figure_size(5, 1) == (5.0, 5.0)
    with pytest.raises(ParameterError):
        ap.figure_size("triple")
    with pytest.raises(ParameterError):
        ap.figure_size(-1)


def test_paper_style_sets_and_restores_rcparams():
    before = dict(mpl.rcParams)
    with ap.paper_style("double", font_scale=0.5) as rc:
        assert mpl.rcParams["pdf.fonttype"] == 42
        assert mpl.rcParams["ps.fonttype"] == 42
        assert tuple(mpl.rcParams["figure.figsize"]) == (7.0, 5.25)
        for key in ("font.size", "axes.labelsize", "xtick.labelsize", "legend.fontsize"):
            assert mpl.rcParams[key] >= 7.0  # raised even at font_scale=0.5
        for key in ("axes.linewidth", "lines.linewidth", "xtick.major.width"):
            assert mpl.rcParams[key] >= 0.5
        cyc = mpl.rcParams["axes.prop_cycle"].by_key()
        assert {"color", "linestyle", "marker"} <= set(cyc)
        n = len(cyc["color"])
        assert len(set(cyc["marker"])) == n and len({str(s) for s in cyc["linestyle"]}) == n
        fig, ax = plt.subplots()
        lines = [ax.plot([0, 1], [i, i])[0] for i in range(3)]
        assert len({ln.get_marker() for ln in lines}) == 3
        assert len({str(ln.get_linestyle()) for ln in lines}) == 3
        assert rc["pdf.fonttype"] == 42
    after = dict(mpl.rcParams)
    assert after.keys() == before.keys()
    changed = [k for k in before if str(before[k]) != str(after[k])]
    assert changed == []


def test_paper_style_restores_after_error():
    before = mpl.rcParams["font.size"]
    with pytest.raises(RuntimeError), ap.paper_style(font_scale=3):
        assert mpl.rcParams["font.size"] != before
        raise RuntimeError
    assert mpl.rcParams["font.size"] == before


def test_series_styles_separate_in_greyscale():
    styles = series_styles(8)
    assert len({s["marker"] for s in styles}) == 8
    assert len({str(s["linestyle"]) for s in styles}) == 8
    # the first two colours (random failure vs targeted attack) also differ in luminance
    assert abs(luminance(styles[0]["color"]) - luminance(styles[1]["color"])) > 0.2
    groups = group_styles([f"g{i}" for i in range(8)])
    assert len({groups[f"g{i}"][1] for i in range(8)}) == 8


def test_save_figure_pdf_png_with_embedded_truetype(tmp_path):
    fig, ax = plt.subplots(figsize=(3.5, 2.5))
    ax.plot([0, 1], [0, 1], label="random")
    ax.set_xlabel("fraction of states removed")
    ax.legend()
    with mpl.rc_context({"pdf.fonttype": 3}):  # save_figure must override a Type 3 setting
        paths = ap.save_figure(fig, tmp_path / "sub" / "curve.pdf")
    assert [p.name for p in paths] == ["curve.pdf", "curve.png"]
    assert all(p.exists() and p.stat().st_size > 0 for p in paths)
    pdf = paths[0].read_bytes()
    assert pdf.startswith(b"%PDF")
    assert b"/FontFile2" in pdf
    assert b"/Type3" not in pdf
    from PIL import Image

    with Image.open(paths[1]) as im:
        dpi = im.info.get("dpi", (0, 0))[0]
        assert round(dpi) == 300
        assert im.size[0] > 600  # tight bbox of a 3.5 in figure at 300 dpi
    with pytest.raises(ParameterError):
        ap.save_figure(fig, tmp_path / "x", formats=())
    # no creation date: saving the same figure again gives the same bytes
    again = ap.save_figure(fig, tmp_path / "again" / "curve.pdf", formats="pdf")[0]
    assert b"/CreationDate" not in pdf
    assert again.read_bytes() == pdf
    authored = ap.save_figure(
        fig,
        tmp_path / "authored.pdf",
        formats="pdf",
        metadata={"CreationDate": None, "Author": "me"},
    )[0]
    assert b"/Author (me)" in authored.read_bytes()


# ----------------------------------------------------------------- networks


def test_layout_deterministic_and_shared():
    G = two_blocs()
    panel = {1950: G.subgraph([2, 20, 200, 365]).copy(), 1960: G}
    a = ap.layout(panel, rng=3)
    b = ap.layout(panel, rng=3)
    assert sorted(a) == sorted(G.nodes)
    assert all(np.array_equal(a[k], b[k]) for k in a)
    coords = np.array(list(a.values()))
    assert np.abs(coords).max() == pytest.approx(1.0)
    s1 = ap.layout(panel, rng=1, method="spring")
    s2 = ap.layout(panel, rng=2, method="spring")
    assert any(not np.allclose(s1[k], s2[k]) for k in s1)
    with pytest.raises(ParameterError):
        ap.layout(panel, method="circle")
    with pytest.raises(ParameterError):
        ap.layout(panel, years=[1999])
    with pytest.raises(GraphTypeError):
        ap.layout("not a graph")


def test_plot_network_artists():
    G = two_blocs()
    fig, ax = plt.subplots(figsize=(4, 4))
    out = ap.plot_network(G, ax=ax, rng=0, n_labels=4)
    assert out is ax
    assert drawn_nodes(ax) == G.number_of_nodes() - 1  # AFG isolate hidden
    edges = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert len(edges) == 1 and len(edges[0].get_segments()) == G.number_of_edges()
    assert to_rgb(edges[0].get_colors()[0]) == pytest.approx(to_rgb(ap.EDGE_COLOR))
    widths = edges[0].get_linewidths()
    weights = [d["weight"] for _, _, d in G.edges(data=True)]
    assert widths[int(np.argmax(weights))] == pytest.approx(max(widths))
    assert widths[int(np.argmax(weights))] > min(widths)
    # two blocs: two collections with different colours and different markers
    groups = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(groups) == 2
    colours = {tuple(np.round(c.get_facecolors()[0][:3], 3)) for c in groups}
    assert len(colours) == 2
    assert groups[0].get_paths()[0] != groups[1].get_paths()[0]
    assert len(groups[0].get_paths()[0].vertices) != len(groups[1].get_paths()[0].vertices)
    # legend: one entry per bloc, named after its most central (highest-degree) member
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert texts == ["GMY bloc (7)", "POL bloc (5)"]
    # labels: each bloc's leader first (GMY, POL), then by degree (west, 6; ties by ccode)
    assert [t.get_text() for t in ax.texts] == ["GMY", "POL", "USA", "CAN"]


def test_plot_network_isolates_series_and_no_hue():
    G = two_blocs()
    fig, ax = plt.subplots()
    size = pd.Series({c: float(c) for c in G.nodes}, name="pagerank")
    ap.plot_network(G, show_isolates=True, node_size=size, hue=None, n_labels=1, ax=ax, rng=0)
    assert drawn_nodes(ax) == G.number_of_nodes()
    assert [t.get_text() for t in ax.texts] == ["AFG"]  # largest size value
    assert ax.get_legend() is None
    sizes = ax.collections[-1].get_sizes()
    assert sizes.max() > sizes.min()


def test_plot_network_hue_series_named_groups_and_bad_input():
    G = two_blocs()
    fig, ax = plt.subplots()
    hue = pd.Series({c: ("NATO" if c in WEST else "WTO") for c in G.nodes}, name="treaty")
    ap.plot_network(G, hue=hue, ax=ax, rng=0, n_labels=0, legend="inside")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["NATO (7)", "WTO (5)"]
    assert ax.get_legend().get_title().get_text() == "treaty"
    with pytest.raises(ParameterError):
        ap.plot_network(G, pos={2: (0, 0)}, ax=ax)
    with pytest.raises(ParameterError):
        ap.plot_network(G, node_size="charisma", ax=ax)
    with pytest.raises(ParameterError):
        ap.plot_network(G, hue="charisma", ax=ax)
    with pytest.raises(GraphTypeError):
        ap.plot_network(pd.DataFrame(), ax=ax)


def test_plot_network_treaty_hue_and_rasterized():
    G = two_blocs()
    for u, v, d in G.edges(data=True):
        d["alliances"] = ("EX:NATO",) if u in WEST and v in WEST else ("EX:WTO",)
    fig, ax = plt.subplots()
    ap.plot_network(G, hue="treaty", edge_kws={"rasterized": True}, ax=ax, rng=0, n_labels=0)
    edges = next(c for c in ax.collections if isinstance(c, LineCollection))
    assert edges.get_rasterized()
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["EX:NATO (7)", "EX:WTO (5)"]


def test_labels_lie_outside_their_nodes_and_do_not_overlap():
    G = two_blocs()
    fig, ax = plt.subplots(figsize=(3.5, 3.5), dpi=100)
    ap.plot_network(G, ax=ax, rng=0, n_labels=12, sizes=(40, 300))
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    coll = {}
    for c in ax.collections:
        if isinstance(c, PathCollection):
            for xy, s in zip(
                c.get_offsets(), np.broadcast_to(c.get_sizes(), len(c.get_offsets())), strict=True
            ):
                coll[tuple(np.round(xy, 9))] = s
    boxes = []
    assert len(ax.texts) == 12
    for t in ax.texts:
        xy = tuple(np.round(t.xy, 9))
        cx, cy = ax.transData.transform(t.xy)
        r_px = math.sqrt(coll[xy]) / 2 * fig.dpi / 72
        box = t.get_window_extent(renderer)
        # nearest point of the label box to the node centre lies outside the marker
        nx_ = min(max(cx, box.x0), box.x1)
        ny_ = min(max(cy, box.y0), box.y1)
        assert math.hypot(nx_ - cx, ny_ - cy) >= r_px
        boxes.append(box)
        assert t.get_path_effects()  # white halo
    overlaps = sum(boxes[i].overlaps(boxes[j]) for i in range(12) for j in range(i + 1, 12))
    assert overlaps == 0


def test_plot_snapshots_shared_layout_and_legend():
    G = two_blocs()
    panel = {1950: G.subgraph([*WEST, 365, 290, 315]).copy(), 1960: G, 1970: G}
    fig = ap.plot_snapshots(panel, years=[1950, 1960], rng=0, n_labels=2)
    assert isinstance(fig, Figure)
    assert [ax.get_title() for ax in fig.axes] == ["1950", "1960"]
    assert len(fig.legends) == 1
    assert all(ax.get_legend() is None for ax in fig.axes)
    # the same state sits at the same place in both panels, with the same colour
    where = []
    for ax in fig.axes:
        d = {}
        for c in ax.collections:
            if isinstance(c, PathCollection):
                for xy in c.get_offsets():
                    d[tuple(np.round(xy, 9))] = tuple(np.round(c.get_facecolors()[0], 3))
        where.append(d)
    common = set(where[0]) & set(where[1])
    assert len(common) == 10
    assert all(where[0][k] == where[1][k] for k in common)
    with pytest.raises(ParameterError):
        ap.plot_snapshots(panel, years=[1800])


# ----------------------------------------------------------------- curves and series


def robustness_table() -> pd.DataFrame:
    rows = []
    rng = np.random.default_rng(0)
    for order in range(20):
        y = np.clip(1 - np.linspace(0, 1, 11) + rng.normal(0, 0.05, 11), 0, 1)
        y[0], y[-1] = 1.0, 0.0
        for step in range(11):
            rows.append(("random", order, step, step / 10, y[step]))
    for step in range(11):
        rows.append(("degree", 0, step, step / 10, max(0.0, 1 - 2 * step / 10)))
    return pd.DataFrame(
        rows, columns=["strategy", "order", "step", "fraction_removed", "lcc_fraction"]
    )


def test_plot_robustness_lines_and_band():
    t = robustness_table()
    fig, ax = plt.subplots()
    assert ap.plot_robustness(t, ax=ax) is ax
    lines = ax.get_lines()
    assert [ln.get_label() for ln in lines] == ["random", "degree"]
    assert lines[0].get_color() != lines[1].get_color()
    assert lines[0].get_linestyle() != lines[1].get_linestyle()
    assert lines[0].get_marker() != lines[1].get_marker()
    rnd = t[t.strategy == "random"].groupby("step")["lcc_fraction"]
    np.testing.assert_allclose(lines[0].get_ydata(), rnd.mean())
    bands = [c for c in ax.collections if (c.get_gid() or "").startswith("band:")]
    assert [b.get_gid() for b in bands] == ["band:random"]  # one order: no band for degree
    verts = bands[0].get_paths()[0].vertices
    assert verts[:, 1].max() == pytest.approx(rnd.quantile(0.95).max())
    lo5 = rnd.quantile(0.05)
    assert verts[:, 1].min() == pytest.approx(lo5.min())
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["random", "degree"]
    assert ax.get_xlabel() == "fraction of states removed"
    fig2, ax2 = plt.subplots()
    ap.plot_robustness(t, band=None, ax=ax2)
    assert not [c for c in ax2.collections if (c.get_gid() or "").startswith("band:")]
    with pytest.raises(ParameterError):
        ap.plot_robustness(t, band=(0.9, 0.1), ax=ax2)
    with pytest.raises(SchemaError):
        ap.plot_robustness(t.drop(columns="lcc_fraction"), ax=ax2)


def test_plot_measure_timeseries_events_and_hue():
    years = np.arange(1900, 1951)
    t = pd.DataFrame(
        {
            "year": np.tile(years, 2),
            "ccode": np.repeat([2, 365], len(years)),
            "stateabb": np.repeat(["USA", "RUS"], len(years)),
            "measure": "degree",
            "value": np.r_[np.linspace(0, 1, len(years)), np.linspace(1, 0, len(years))],
        }
    )
    fig, ax = plt.subplots()
    assert ap.plot_measure_timeseries(t, measure="degree", ax=ax) is ax
    lines = [ln for ln in ax.get_lines() if not ln.get_label().startswith("_")]
    assert [ln.get_label() for ln in lines] == ["USA", "RUS"]
    assert lines[0].get_linestyle() != lines[1].get_linestyle()
    assert lines[0].get_marker() != lines[1].get_marker()
    # events: 1914, 1939, 1945 are inside 1900-1950, 1991 is not
    assert [tx.get_text() for tx in ax.texts] == ["1914", "1939", "1945"]
    vlines = [ln for ln in ax.get_lines() if ln.get_label() == "_event"]
    assert sorted(ln.get_xdata()[0] for ln in vlines) == [1914, 1939, 1945]
    fig2, ax2 = plt.subplots()
    ap.plot_measure_timeseries(
        t, measure="degree", events={1920: "x"}, labels={2: "us", 365: "ru"}, ax=ax2
    )
    assert [tx.get_text() for tx in ax2.texts] == ["x"]
    assert [ln.get_label() for ln in ax2.get_lines()][:2] == ["us", "ru"]
    fig3, ax3 = plt.subplots()
    ap.plot_measure_timeseries(t[t.ccode == 2], measure="degree", events=None, ax=ax3)
    assert len(ax3.get_lines()) == 1 and len(ax3.texts) == 0
    with pytest.raises(ParameterError):
        ap.plot_measure_timeseries(t, measure="polarization", ax=ax3)
    with pytest.raises(SchemaError):
        ap.plot_measure_timeseries(t.drop(columns="value"), measure="degree", ax=ax3)


def test_event_labels_stack_when_crowded_and_legend_places():
    t = pd.DataFrame({"year": [1900, 2000], "measure": "d", "value": [0.0, 1.0]})
    fig, ax = plt.subplots(figsize=(3.5, 2.5))
    ap.plot_measure_timeseries(t, measure="d", ax=ax)
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    boxes = [tx.get_window_extent(r) for tx in ax.texts]
    assert [tx.get_text() for tx in ax.texts] == ["1914", "1939", "1945", "1991"]
    assert not any(boxes[i].overlaps(boxes[j]) for i in range(4) for j in range(i + 1, 4))
    top = ax.get_window_extent(r).y1
    assert all(b.y0 >= top for b in boxes)  # above the plotting area, never over the data
    t2 = pd.concat([t, t.assign(measure="e")])
    for where in ("outside", "below", "inside", "auto"):
        fig2, ax2 = plt.subplots()
        ap.plot_measure_timeseries(t2, legend=where, events=None, ax=ax2)
        assert [x.get_text() for x in ax2.get_legend().get_texts()] == ["d", "e"]
    with pytest.raises(ParameterError):
        ap.plot_measure_timeseries(t2, legend="left", ax=ax2)


def test_plot_measure_timeseries_wide_table():
    wide = pd.DataFrame(
        {"year": [1990, 1991, 1992], "density": [0.1, 0.2, 0.3], "n_blocs": [3, 2, 2]}
    )
    fig, ax = plt.subplots()
    ap.plot_measure_timeseries(wide, measure="density", ax=ax)
    assert ax.get_lines()[0].get_ydata().tolist() == [0.1, 0.2, 0.3]
    assert [tx.get_text() for tx in ax.texts] == ["1991"]


def test_plot_measure_timeseries_breaks_lines_where_a_state_is_absent():
    # LAT leaves the system 1940-1990: its line must not bridge the gap
    years = list(range(1935, 1996))
    gap = [y for y in years if not 1940 <= y <= 1990]
    t = pd.concat(
        [
            pd.DataFrame({"year": years, "ccode": 2, "measure": "pagerank", "value": 0.05}),
            pd.DataFrame({"year": gap, "ccode": 367, "measure": "pagerank", "value": 0.02}),
        ]
    )
    fig, ax = plt.subplots()
    ap.plot_measure_timeseries(
        t, measure="pagerank", labels={2: "USA", 367: "LAT"}, events=None, ax=ax
    )
    usa, lat = ax.get_lines()[:2]
    assert lat.get_label() == "LAT"
    x, y = np.asarray(lat.get_xdata()), np.asarray(lat.get_ydata(), dtype=float)
    assert x.tolist() == years  # one point per panel year ...
    assert np.isnan(y[(x >= 1940) & (x <= 1990)]).all()  # ... and a break in the gap
    assert np.isfinite(y[(x < 1940) | (x > 1990)]).all()
    assert np.isfinite(np.asarray(usa.get_ydata(), dtype=float)).all()


# ----------------------------------------------------------------- matrices and simulations


def similarity_matrix() -> tuple[pd.DataFrame, pd.Series]:
    codes = [365, 2, 290, 20, 200]
    bloc = pd.Series({2: 0, 20: 0, 200: 0, 365: 1, 290: 1})
    m = pd.DataFrame(
        [[1.0 if a == b else (0.8 if bloc[a] == bloc[b] else -0.6) for b in codes] for a in codes],
        index=codes,
        columns=codes,
    )
    m.loc[2, 20] = m.loc[20, 2] = 0.9
    return m, bloc


def test_plot_similarity_order_and_boundaries():
    m, bloc = similarity_matrix()
    fig, ax = plt.subplots()
    assert ap.plot_similarity(m, order=bloc, labels=ABB, ax=ax) is ax
    names = [t.get_text() for t in ax.get_xticklabels()]
    assert names == ["USA", "CAN", "UKG", "POL", "RUS"]  # largest bloc first, most similar first
    assert [t.get_text() for t in ax.get_yticklabels()] == names
    im = ax.images[0]
    assert im.norm.vmin == -1 and im.norm.vmax == 1
    cmap = im.get_cmap()
    assert luminance(cmap(0.5)) > luminance(cmap(0.0)) and luminance(cmap(0.5)) > luminance(
        cmap(1.0)
    )
    data = np.asarray(im.get_array())
    assert data[0, 1] == pytest.approx(0.9) and data[0, 3] == pytest.approx(-0.6)
    bounds = [ln for ln in ax.get_lines() if ln.get_gid() == "bloc boundary"]
    assert len(bounds) == 2  # one horizontal, one vertical between the two blocs
    assert len(fig.axes) == 2  # colour bar
    fig2, ax2 = plt.subplots()
    ap.plot_similarity(m, order="bloc", ax=ax2, cbar=False)
    assert len([ln for ln in ax2.get_lines() if ln.get_gid() == "bloc boundary"]) == 2


def test_plot_similarity_tidy_input():
    tidy = pd.DataFrame(
        {"ccode1": [2, 2, 20, 2], "ccode2": [20, 365, 365, 20], "year": [1960, 1960, 1960, 1961],
         "s": [0.5, -0.5, -0.25, 0.1]}
    )  # fmt: skip
    fig, ax = plt.subplots()
    ap.plot_similarity(tidy, year=1960, ax=ax)
    data = np.asarray(ax.images[0].get_array())
    np.testing.assert_allclose(data, [[1, 0.5, -0.5], [0.5, 1, -0.25], [-0.5, -0.25, 1]])
    with pytest.raises(ParameterError):
        ap.plot_similarity(tidy, ax=ax)
    with pytest.raises(SchemaError):
        ap.plot_similarity(np.eye(3), ax=ax)


def sims() -> pd.DataFrame:
    rng = np.random.default_rng(1)
    return pd.DataFrame(
        {
            "sim": np.arange(200),
            "coverage": np.r_[rng.uniform(0.6, 0.9, 100), rng.uniform(0.2, 0.5, 100)],
            "n_blocs": rng.integers(1, 5, 200),
            "preset": ["low"] * 100 + ["high"] * 100,
        }
    )


def test_plot_defections_hist_and_ecdf():
    s = sims()
    fig, ax = plt.subplots()
    assert ap.plot_defections(s, ax=ax) is ax
    stairs = [p for p in ax.patches if p.get_gid() in ("low", "high")]
    assert [p.get_gid() for p in stairs] == ["low", "high"]
    for p in stairs:
        assert p.get_data().values.sum() == pytest.approx(1.0)
    assert stairs[0].get_linestyle() != stairs[1].get_linestyle()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["low", "high"]
    fig2, ax2 = plt.subplots()
    ap.plot_defections(s, x="n_blocs", kind="ecdf", ax=ax2)
    lines = [ln for ln in ax2.get_lines() if not ln.get_label().startswith("_")]
    assert [ln.get_ydata()[-1] for ln in lines] == [1.0, 1.0]
    fig3, ax3 = plt.subplots()
    ap.plot_defections(s, x="n_blocs", ax=ax3)  # integer outcome: one bin per value
    edges = ax3.patches[0].get_data().edges
    np.testing.assert_allclose(np.diff(edges), 1.0)
    with pytest.raises(ParameterError):
        ap.plot_defections(s, kind="violin", ax=ax3)
    with pytest.raises(SchemaError):
        ap.plot_defections(s, x="gdp", ax=ax3)


def test_plot_keystones_bars():
    t = pd.DataFrame(
        {
            "stateabb": ["USA", "UKG", "FRN", "RUS", "POL"],
            "coverage_loss": [0.4, 0.1, 0.2, 0.3, 0.0],
        },
        index=pd.Index([2, 200, 220, 365, 290], name="ccode"),
    )
    fig, ax = plt.subplots()
    assert ap.plot_keystones(t, n=3, ax=ax) is ax
    bars = ax.patches
    assert len(bars) == 3
    assert [t.get_text() for t in ax.get_yticklabels()] == ["FRN", "RUS", "USA"]  # largest on top
    assert [b.get_width() for b in bars] == [0.2, 0.3, 0.4]
    assert len({tuple(b.get_facecolor()) for b in bars}) == 1
    assert [tx.get_text() for tx in ax.texts] == ["0.2", "0.3", "0.4"]
    with pytest.raises(SchemaError):
        ap.plot_keystones(t, measure="lcc_loss", ax=ax)
    with pytest.raises(ParameterError):
        ap.plot_keystones(t, n=0, ax=ax)


# ----------------------------------------------------------------- contract: axes-level, no side effects


def test_plot_functions_never_show_or_save_and_use_current_axes(monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("plot functions must not call show() or savefig()")

    monkeypatch.setattr(plt, "show", forbidden)
    monkeypatch.setattr(plt, "savefig", forbidden)
    monkeypatch.setattr(Figure, "savefig", forbidden)
    m, bloc = similarity_matrix()
    t = pd.DataFrame(
        {"stateabb": ["USA"], "coverage_loss": [0.4]}, index=pd.Index([2], name="ccode")
    )
    calls = [
        lambda: ap.plot_network(two_blocs(), rng=0),
        lambda: ap.plot_robustness(robustness_table()),
        lambda: ap.plot_measure_timeseries(
            pd.DataFrame({"year": [1, 2], "measure": "d", "value": [0, 1]}), measure="d"
        ),
        lambda: ap.plot_similarity(m, order=bloc),
        lambda: ap.plot_defections(sims()),
        lambda: ap.plot_keystones(t),
    ]
    for call in calls:
        fig, ax = plt.subplots()
        assert call() is ax  # no ax given: draws on the current axes
    ap.plot_snapshots({1: two_blocs(), 2: two_blocs()}, rng=0)


def clique_graph() -> nx.Graph:
    """A 30-clique and a 15-clique joined by a hub with pendants (Kamada-Kawai squeezes it)."""
    G = nx.complete_graph(30)
    G.add_edges_from(nx.complete_graph(range(100, 115)).edges)
    G.add_edges_from([(999, 0), (999, 100)] + [(999, 500 + i) for i in range(8)])
    G.add_edges_from([(100, 600 + i) for i in range(4)])
    G.add_edges_from([(700, 701), (702, 703), (703, 704)])
    return G


def test_layout_separates_components_and_spreads_cliques():
    G = clique_graph()
    pos = ap.layout(G, rng=0)
    boxes = []
    for comp in nx.connected_components(G):
        xy = np.array([pos[v] for v in comp])
        boxes.append((xy.min(axis=0), xy.max(axis=0)))
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            (lo1, hi1), (lo2, hi2) = boxes[i], boxes[j]
            assert (hi1 < lo2).any() or (hi2 < lo1).any()  # bounding boxes disjoint
    xy = np.array([pos[v] for v in sorted(G)])
    d = np.sqrt(((xy[:, None] - xy[None]) ** 2).sum(-1))
    np.fill_diagonal(d, np.inf)
    # plain Kamada-Kawai packs the 30-clique at 0.7 of the typical spacing; spread keeps ~0.9
    assert d.min() >= 0.85 * np.median(d.min(axis=1))


def test_automatic_marker_sizes_do_not_overlap():
    fig, ax = plt.subplots(figsize=(2, 2))
    ap.plot_network(clique_graph(), node_size=1, hue=None, n_labels=0, ax=ax, rng=0)
    coll = ax.collections[-1]
    pts = ax.transData.transform(coll.get_offsets()) * 72 / fig.dpi
    d = np.sqrt(((pts[:, None] - pts[None]) ** 2).sum(-1))
    np.fill_diagonal(d, np.inf)
    assert d.min() >= math.sqrt(coll.get_sizes().max())  # centre distance >= diameter
