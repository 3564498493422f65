"""The kernels compiled ahead of time (alliancenet._aot): the Python functions' results, exactly.

Every kernel of ``_aot.EXPORTS`` is checked against the plain Python function it
was compiled from, on random inputs with the awkward cases of real data; with
the compiled module switched off the just-in-time kernels give the same tables.
The comparisons are skipped where the install could not build the module (no C
compiler): the package then runs the just-in-time kernels, which the other test
files check.
"""

from __future__ import annotations

import math
import subprocess
import sys

import networkx as nx
import numpy as np
import pytest

import alliancenet as anet
from alliancenet import _aot
from alliancenet._graphs import graph_to_csr
from alliancenet.measures import _agreement_matrix as am
from alliancenet.measures import _kernels as similarity_kernels
from alliancenet.robustness import _engine
from alliancenet.robustness import _kernels as robustness_kernels


def _built(name: str):
    f = _aot.kernel(name)
    if f is None:
        pytest.skip("alliancenet._kernels_aot was not built by this install (see setup.py)")
    return f


def test_every_export_names_a_python_kernel_of_its_source_file():
    modules = {
        "robustness/_kernels.py": robustness_kernels,
        "measures/_kernels.py": similarity_kernels,
    }
    for name, export in _aot.EXPORTS.items():
        assert callable(getattr(modules[export.source], export.function)), name
    with pytest.raises(KeyError, match="no kernel 'nope'"):
        _aot.kernel("nope")


def test_percolate_equals_the_python_kernel():
    f = _built("percolate")
    rng = np.random.default_rng(3)
    graphs = [
        nx.gnm_random_graph(120, 300, seed=1),
        nx.barabasi_albert_graph(80, 2, seed=2),
        nx.empty_graph(5),  # no ties
        nx.path_graph(1),
    ]
    for G in graphs:
        _, indptr, indices = graph_to_csr(G)
        orders = np.ascontiguousarray(_engine.random_orders(G.number_of_nodes(), 7, rng))
        got = f(indptr, indices, orders)
        want = robustness_kernels.percolate_python(indptr, indices, orders)
        for a, b in zip(got, want, strict=True):
            assert a.dtype == b.dtype
            np.testing.assert_array_equal(a, b)


def test_arrays_of_another_layout_or_type_are_refused_not_misread():
    """The compiled code reads every array as C-contiguous of its dtype: anything else is
    refused with a TypeError (a strided view would give wrong numbers, an output copy
    would be lost)."""
    f = _built("percolate")
    _, indptr, indices = graph_to_csr(nx.path_graph(4))
    orders = np.tile(np.arange(4, dtype=np.int64), (3, 1))
    f(indptr, indices, orders)
    for bad in (orders.T.copy().T, orders.astype(np.int32), orders[0], orders.tolist()):
        with pytest.raises(TypeError, match="expected argument 2 to be a C-contiguous int64"):
            f(indptr, indices, bad)


def test_column_summary_and_components_equal_the_python_kernels():
    rng = np.random.default_rng(4)
    summary = _built("column_summary")
    values = rng.integers(0, 9, (50, 13)).astype(np.int64)
    values[:, 0] = 0  # a constant column
    qs = np.array([0.0, 0.05, 0.5, 0.95, 1.0])
    for a, b in zip(
        summary(values, qs), robustness_kernels.column_summary_python(values, qs), strict=True
    ):
        np.testing.assert_array_equal(a, b)
    comps = _built("components")
    src = rng.integers(0, 30, 60).astype(np.int64)
    dst = rng.integers(0, 30, 60).astype(np.int64)  # self-ties and repeats among them
    alive = rng.random((25, 60)) < 0.4
    got = comps(alive, src, dst, 30)
    want = robustness_kernels.components_python(alive, src, dst, 30)
    for a, b in zip(got, want, strict=True):
        np.testing.assert_array_equal(a, b)


def test_clique_kernels_equal_the_python_kernels():
    cover = _built("clique_cover")
    percolate_cliques = _built("percolate_cliques")
    members, states = anet.load_example(), anet.load_example_states()
    rng = np.random.default_rng(8)
    for G in anet.alliance_graphs(members, range(1950, 1991, 8), states=states).values():
        _, indptr, indices = graph_to_csr(G)
        limit = indices.size * indptr.size
        got = cover(indptr, indices, limit)
        want = robustness_kernels.clique_cover_python(indptr, indices, limit)
        for a, b in zip(got, want, strict=True):
            np.testing.assert_array_equal(a, b)
        cliques = _engine.clique_cover(indptr, indices)
        assert cliques is not None
        orders = np.ascontiguousarray(_engine.random_orders(indptr.size - 1, 9, rng))
        got = percolate_cliques(*cliques, orders)
        want = robustness_kernels.percolate_cliques_python(*cliques, orders)
        for a, b in zip(got, want, strict=True):
            np.testing.assert_array_equal(a, b)


def _valued(rng: np.random.Generator, n: int, levels: np.ndarray) -> np.ndarray:
    ties = rng.choice(levels[levels != 0], (n, n))
    values = np.where(rng.random((n, n)) < 0.2, ties, 0)
    values[0] = 0  # a state without ties
    values[1:3] = levels.max()  # two identical constant portfolios
    return values.astype(np.int64)


@pytest.mark.parametrize(
    ("method", "kernel"),
    [("s", "agreement_rows"), ("kappa", "agreement_rows"), ("pi", "agreement_rows")]
    + [("taub", "taub_rows")],
)
@pytest.mark.parametrize("ordered", [True, False])
def test_similarity_kernels_equal_the_python_kernels(method, kernel, ordered):
    f = _built(kernel)
    python = getattr(similarity_kernels, kernel)
    rng = np.random.default_rng(5)
    levels = np.array([-1, 0, 2, 3]) if method != "s" else np.arange(4)
    values = _valued(rng, 45, levels)
    if method == "s":
        values = np.abs(values)
    opts = am.options(method, "absolute", "atop", tuple(levels), "linear", False)
    blocks = am.sparse_blocks(values, None, opts)
    assert isinstance(blocks, am.SparseS) and blocks._kernel is python
    nodes = np.arange(45, dtype=np.int64) * 3 + 2
    size = 45 * 44 if ordered else 45 * 44 // 2
    out = []
    for func in (f, python):
        cols = np.empty(size, np.int64), np.empty(size, np.int64), np.empty(size)
        stored, *rest = blocks._args
        func(*stored, *rest, nodes, ordered, *cols)
        out.append(cols)
    for a, b in zip(*out, strict=True):
        np.testing.assert_array_equal(a, b)  # NaN where NaN


def test_switched_off_the_just_in_time_kernels_give_the_same_tables(monkeypatch):
    """Without the built module (as where it could not be built): identical results."""
    G = nx.gnm_random_graph(60, 140, seed=6)
    members = anet.load_example()
    monkeypatch.setattr(am, "COMPILED_MIN", -1)  # large-year kernels on a small year
    monkeypatch.setattr(am, "DENSE_MAX", 0)

    def run():
        return (
            anet.robustness_curve(G, n_sims=300, rng=2, quantiles=(0.1, 0.9)),
            anet.simulate_defections(G, n_sims=200, rng=3),
            anet.similarity_panel(members, [1960, 1985], method="taub"),
            anet.similarity_panel(members, [1985], method="kappa"),
        )

    first = run()
    monkeypatch.setattr(_aot, "ENABLED", False)
    monkeypatch.setattr(am, "_COMPILED", {})
    monkeypatch.setattr(_engine, "SMALL_WORK", -1)  # the compiled kernels, not Python
    second = run()
    for a, b in zip(first, second, strict=True):
        assert a.equals(b)


def test_the_environment_switches_the_built_kernels_off():
    script = (
        "from alliancenet import _aot\n"
        "print(_aot.ENABLED, all(_aot.kernel(k) is None for k in _aot.EXPORTS))\n"
    )
    env = {"ALLIANCENET_AOT": "0", "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.split() == ["False", "True"]


_FIRST_CALLS = """
import networkx as nx
import alliancenet as anet
from alliancenet.measures import _agreement_matrix as am
from alliancenet.robustness import _engine
am.COMPILED_MIN = -1
am.DENSE_MAX = 0
G = nx.gnm_random_graph(150, 400, seed=1)
anet.robustness_curve(G, n_sims=1000, rng=1)
anet.simulate_defections(G, n_sims=1000, rng=1)
anet.similarity_panel(anet.load_example(), [1985], method="taub")
jit = [_engine._percolate_numba, _engine._components_numba, _engine._column_summary_numba]
print(sum(len(f.signatures) for f in jit if f is not None))
print(all(not hasattr(f, "signatures") for f in am._COMPILED.values()))
"""


def test_large_first_calls_compile_nothing_just_in_time():
    _built("percolate")
    out = subprocess.run(
        [sys.executable, "-c", _FIRST_CALLS], capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["0", "True"]


# ---------------------------------------------------------------------------
# betweenness, one Brandes pass per class of twins
# ---------------------------------------------------------------------------


def _arcs(G: nx.Graph, length: str | None = "length"):
    """Sorted nodes, symmetric CSR arrays of G and each arc's length (1 without `length`)."""
    if length is None:
        nodes, indptr, indices = graph_to_csr(G)
        return nodes, indptr, indices, np.ones(indices.size)
    return graph_to_csr(G, weight=length)


def _twin_rich_graph(rng: np.random.Generator) -> nx.Graph:
    """Treaties as weighted cliques (members are twins), random ties, leaves on hubs."""
    n = int(rng.integers(2, 26))
    G = nx.Graph()
    G.add_nodes_from(range(n))
    for _ in range(int(rng.integers(0, 5))):
        members = rng.choice(n, int(rng.integers(2, min(n, 8) + 1)), replace=False).tolist()
        for i, u in enumerate(members):
            for v in members[i + 1 :]:
                G.add_edge(u, v, weight=G.get_edge_data(u, v, {"weight": 0})["weight"] + 1)
    for _ in range(int(rng.integers(0, n))):
        u, v = rng.choice(n, 2, replace=False).tolist()
        G.add_edge(u, v, weight=int(rng.integers(1, 4)))
    if rng.random() < 0.5:  # twins that are not adjacent: three leaves on one hub
        for leaf in range(n, n + 3):
            G.add_edge(0, leaf, weight=2)
    ws = [d["weight"] for *_, d in G.edges(data=True)] or [1]
    scale = math.lcm(*ws)
    for *_, d in G.edges(data=True):
        d["length"] = scale // d["weight"]  # whole-number lengths, as centrality uses
    return G


@pytest.mark.parametrize("seed", range(40))
def test_betweenness_twins_equals_networkx(seed):
    G = _twin_rich_graph(np.random.default_rng(seed))
    nodes, indptr, indices, lengths = _arcs(G)
    want = nx.betweenness_centrality(G, weight="length", normalized=False)
    got = similarity_kernels.betweenness_twins(indptr, indices, lengths)
    np.testing.assert_allclose(got, [want[v] for v in nodes], rtol=1e-12, atol=1e-12)
    compiled = _aot.kernel("betweenness_twins")
    if compiled is not None:
        np.testing.assert_allclose(compiled(indptr, indices, lengths), got, rtol=1e-14, atol=0)


def test_betweenness_twins_known_answers():
    f = similarity_kernels.betweenness_twins
    # a hub with four leaves (twins that are not adjacent): the hub is on all 6 leaf pairs
    _, indptr, indices, lengths = _arcs(nx.star_graph(4), None)
    assert f(indptr, indices, lengths).tolist() == [6.0, 0, 0, 0, 0]
    # a clique (all twins) is on no shortest path; a clique with a pendant state
    _, indptr, indices, lengths = _arcs(nx.complete_graph(5), None)
    assert f(indptr, indices, lengths).tolist() == [0.0] * 5
    G = nx.complete_graph(4)
    G.add_edge(3, 4)  # 0, 1, 2 stay twins; 3 carries their 3 paths to 4
    _, indptr, indices, lengths = _arcs(G, None)
    assert f(indptr, indices, lengths).tolist() == [0.0, 0.0, 0.0, 3.0, 0.0]
    # twins but for one length are not twins: 0-2 is longer, so 1 lies on the 0-2 path
    G = nx.Graph()
    G.add_edge(0, 1, length=1)
    G.add_edge(1, 2, length=1)
    G.add_edge(0, 2, length=3)
    _, indptr, indices, lengths = _arcs(G)
    assert f(indptr, indices, lengths).tolist() == [0.0, 1.0, 0.0]
    # a square 0-1-3-2-0 with lengths 2, 1, 2, 1: 0-3 and 1-2 each have two shortest
    # paths of equal whole-number length (2 + 1 == 1 + 2), so every state gets 1/2
    G = nx.Graph()
    G.add_edges_from([(0, 1, {"length": 2}), (1, 3, {"length": 1})])
    G.add_edges_from([(0, 2, {"length": 1}), (2, 3, {"length": 2})])
    _, indptr, indices, lengths = _arcs(G)
    assert f(indptr, indices, lengths).tolist() == [0.5, 0.5, 0.5, 0.5]
    assert nx.betweenness_centrality(G, weight="length", normalized=False) == dict.fromkeys(
        range(4), 0.5
    )


def test_a_module_built_from_other_sources_is_not_used(monkeypatch):
    """A kernel edited since the install: the stale compiled module is set aside."""
    _built("percolate")
    monkeypatch.setattr(_aot, "source_digest", lambda: -1)
    _aot._module.cache_clear()
    _aot._kernel.cache_clear()
    try:
        with pytest.warns(RuntimeWarning, match="built from other sources"):
            assert _aot.kernel("percolate") is None
    finally:
        monkeypatch.undo()
        _aot._module.cache_clear()
        _aot._kernel.cache_clear()
    assert _aot.kernel("percolate") is not None
