"""Automated journal checks of every figure kind at every width (artist inspection).

For each plot function and each journal width, inside ``paper_style(width)``: the saved
file is exactly the width asked, no two texts overlap, no node label covers another
node, every legend lies inside the figure, off every other axes and off its own axes'
data, no text is under 7 pt, and the series of an axes differ in greyscale. The checks
themselves are tested too: they fail when a legend is moved onto another axes or a label
is forced onto another.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import alliancenet as anet
from alliancenet import plotting as ap
from alliancenet.plotting._checks import figure_problems, saved_size

WIDTHS = ["single", "1.5", "double"]


@pytest.fixture(scope="module")
def example():
    members, states = anet.load_example(), anet.load_example_states()
    graphs = anet.alliance_graphs(members, range(1946, 2021), states=states)
    G = graphs[1985]
    curves = pd.concat(
        [
            anet.robustness_curve(G, "random", n_sims=40, rng=1).assign(strategy="random failure"),
            anet.robustness_curve(G, "degree").assign(strategy="targeted (degree)"),
            anet.robustness_curve(G, "degree", adaptive=True).assign(strategy="adaptive"),
        ],
        ignore_index=True,
    )
    sims = pd.concat(
        [
            anet.simulate_defections(G, p_honor=p, n_sims=150, rng=1).assign(preset=name)
            for p, name in ((0.745, "LLM 2000"), (0.5, "BF 2018"), (0.3, "low"))
        ],
        ignore_index=True,
    )
    return {
        "members": members,
        "states": states,
        "graphs": graphs,
        "G": G,
        "cohesion": anet.cohesion_panel(graphs, rng=0),
        "curves": curves,
        "sims": sims,
        "keystones": anet.keystones(G),
        "kappa": anet.similarity(members, 1985, method="kappa", states=states),
    }


def _long_cohesion():
    """A two-century cohesion table (1816-2018): the default events 1914/1939/1945/1991."""
    years = np.arange(1816, 2019)
    rng = np.random.default_rng(0)
    rows = [
        pd.DataFrame({"year": years, "measure": m, "value": rng.uniform(0, 1, len(years))})
        for m in ("density", "transitivity", "lcc_fraction", "allied_fraction")
    ]
    return pd.concat(rows, ignore_index=True)


def _draw(kind, data, width):
    if kind == "snapshots":
        graphs = {y: data["graphs"][y] for y in (1955, 1985, 2005)}
        return ap.plot_snapshots(graphs, width=width, n_labels=5, rng=1)
    if kind == "cohesion_two_panels":  # the report's figure: two panels side by side
        fig, axes = plt.subplots(1, 2)
        coh = _long_cohesion()
        ap.plot_measure_timeseries(coh, measure=["density", "transitivity"], ax=axes[0])
        ap.plot_measure_timeseries(coh, measure=["lcc_fraction", "allied_fraction"], ax=axes[1])
        return fig
    fig, ax = plt.subplots()
    if kind == "network":
        ap.plot_network(data["G"], node_size="pagerank", rng=1, ax=ax)
    elif kind == "network_inside":
        ap.plot_network(data["G"], legend="inside", rng=1, ax=ax)
    elif kind == "network_below":
        ap.plot_network(data["G"], legend="below", rng=1, ax=ax)
    elif kind == "timeseries":
        ap.plot_measure_timeseries(
            data["cohesion"], measure=["density", "lcc_fraction", "allied_fraction"], ax=ax
        )
    elif kind == "timeseries_below":
        ap.plot_measure_timeseries(
            data["cohesion"], measure=["density", "lcc_fraction"], legend="below", ax=ax
        )
    elif kind == "robustness":
        ap.plot_robustness(data["curves"], ax=ax)
    elif kind == "defections_hist":
        ap.plot_defections(data["sims"], ax=ax)
    elif kind == "defections_ecdf":
        ap.plot_defections(data["sims"], kind="ecdf", ax=ax)
    elif kind == "keystones":
        ap.plot_keystones(data["keystones"], measure="lcc_loss", ax=ax)
    elif kind == "similarity":
        ap.plot_similarity(data["kappa"], order="bloc", rng=0, ax=ax)
    return fig


KINDS = [
    "network",
    "network_inside",
    "network_below",
    "snapshots",
    "timeseries",
    "timeseries_below",
    "cohesion_two_panels",
    "robustness",
    "defections_hist",
    "defections_ecdf",
    "keystones",
    "similarity",
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", KINDS)
def test_every_figure_passes_the_journal_checks(example, kind, width):
    with ap.paper_style(width):
        fig = _draw(kind, example, width)
        try:
            assert figure_problems(fig, width=width) == []
        finally:
            plt.close(fig)


@pytest.mark.parametrize("width", ["single", "double", "nature-double", 5.0])
def test_saved_size_is_the_width_asked_with_an_outside_legend(example, width):
    with ap.paper_style(width):
        fig, ax = plt.subplots()
        ap.plot_measure_timeseries(
            example["cohesion"], measure=["density", "lcc_fraction"], legend="outside", ax=ax
        )
        w, h = saved_size(fig)
        assert w == pytest.approx(ap.figure_size(width)[0], abs=0.011)
        assert h == pytest.approx(ap.figure_size(width)[1], abs=0.011)
        plt.close(fig)


def test_check_fails_when_a_legend_is_moved_onto_another_axes(example):
    with ap.paper_style("double"):
        fig = _draw("cohesion_two_panels", example, "double")
        assert figure_problems(fig) == []
        left, right = fig.axes
        leg = left.get_legend()
        assert leg is not None
        # what the report did: the left legend sat behind the right panel
        leg.set_bbox_to_anchor((0.5, 0.5), transform=right.transAxes)
        leg.set_loc("center")
        leg.set_in_layout(False)
        problems = figure_problems(fig)
        plt.close(fig)
    assert any("over another axes" in p for p in problems)


def test_check_fails_when_a_legend_covers_data(example):
    with ap.paper_style("single"):
        fig, ax = plt.subplots()
        ap.plot_robustness(example["curves"], ax=ax)
        ax.get_legend().set_loc("lower left")  # over the curves' start
        problems = figure_problems(fig)
        plt.close(fig)
    assert any("covers" in p and "data point" in p for p in problems)


def test_check_fails_when_a_label_is_forced_onto_another(example):
    with ap.paper_style("double"):
        fig, ax = plt.subplots()
        ap.plot_network(example["G"], rng=1, ax=ax)
        labels = [t for t in ax.texts if t.get_gid() == "node label"]
        assert len(labels) >= 2
        assert figure_problems(fig) == []
        labels[1].xy = labels[0].xy  # the second label onto the first one's place
        labels[1].set_position(labels[0].get_position())
        labels[1].set_ha(labels[0].get_ha())
        labels[1].set_va(labels[0].get_va())
        problems = figure_problems(fig)
        plt.close(fig)
    assert any("overlaps text" in p for p in problems)


def test_check_fails_when_a_label_covers_another_node(example):
    with ap.paper_style("double"):
        fig, ax = plt.subplots()
        ap.plot_network(example["G"], rng=1, ax=ax, n_labels=1)
        (label,) = [t for t in ax.texts if t.get_gid() == "node label"]
        other = next(
            xy for c in ax.collections if hasattr(c, "get_offsets") for xy in c.get_offsets()
            if not np.allclose(xy, label.xy)
        )  # fmt: skip
        label.xy = tuple(other + 1e-3)  # a label drawn on a node it does not name
        label.set_position((0, 0))
        problems = figure_problems(fig)
        plt.close(fig)
    assert any("covers" in p and "other node" in p for p in problems)


def test_check_fails_on_small_text_and_greyscale_twins():
    fig, ax = plt.subplots(figsize=(3.5, 2.6))
    ax.plot([0, 1], [0, 1], color="#0072B2", label="a")
    ax.plot([0, 1], [1, 0], color="#0072B3", label="b")
    ax.set_title("tiny", fontsize=5)
    problems = figure_problems(fig)
    plt.close(fig)
    assert any("5.0 pt" in p for p in problems)
    assert any("look alike in greyscale" in p for p in problems)


def test_check_fails_on_a_wrong_width():
    fig, ax = plt.subplots(figsize=(4.0, 3.0))
    ax.plot([0, 1], [0, 1])
    problems = figure_problems(fig, width="single")
    plt.close(fig)
    assert any("not 3.50 in" in p for p in problems)


def test_inside_legend_never_covers_a_curve():
    """Where every inside place covers a curve, the legend goes under the axes."""
    years = np.arange(1900, 2001)
    rng = np.random.default_rng(1)
    noisy = pd.concat(
        [
            pd.DataFrame({"year": years, "measure": m, "value": rng.uniform(0, 1, len(years))})
            for m in ("a", "b", "c")
        ]
    )
    with ap.paper_style("single"):
        fig, ax = plt.subplots()
        ap.plot_measure_timeseries(noisy, legend="inside", events=None, ax=ax)
        fig.canvas.draw()
        leg, frame = ax.get_legend().get_window_extent(), ax.get_window_extent()
        assert leg.y1 <= frame.y0  # below the axes
        assert figure_problems(fig, width="single") == []
        plt.close(fig)
        # low flat curves and one spike in the middle: the upper corners are free
        calm = noisy.assign(value=noisy["measure"].map({"a": 0.0, "b": 0.05, "c": 0.1}))
        calm.loc[(calm["measure"] == "a") & (calm["year"] == 1950), "value"] = 1.0
        fig, ax = plt.subplots()
        ap.plot_measure_timeseries(calm, legend="inside", events=None, ax=ax)
        fig.canvas.draw()
        leg, frame = ax.get_legend().get_window_extent(), ax.get_window_extent()
        assert frame.contains(leg.x0 + 1, leg.y0 + 1) and frame.contains(leg.x1 - 1, leg.y1 - 1)
        assert figure_problems(fig, width="single") == []
        plt.close(fig)
