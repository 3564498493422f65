"""The report pipeline from Python: tables, seeding scheme, output folder, saved tables."""

from __future__ import annotations

import json
import subprocess
import sys

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import alliancenet as anet
from alliancenet._random import spawn
from alliancenet.errors import CoverageError, DataFormatError, ParameterError
from alliancenet.report import (
    PRESETS,
    STAGES,
    TABLES,
    Report,
    focus_year,
    measure_tables,
    read_tables,
    report,
    report_figures,
    report_years,
    simulation_tables,
    write_tables,
)

YEARS = range(1985, 1992)
SEED = 2024
N = 20


@pytest.fixture(scope="module")
def data():
    return anet.load_example(), anet.load_example_states(), anet.load_example_majors()


@pytest.fixture(scope="module")
def graphs(data):
    members, states, _ = data
    return anet.alliance_graphs(members, YEARS, states=states)


@pytest.fixture(scope="module")
def rep():
    return report(years=YEARS, n_sims=N, rng=SEED)


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("py") / "rep"
    return report(years=YEARS, n_sims=N, rng=SEED, out=out)


def test_report_in_memory(rep):
    assert isinstance(rep, Report)
    assert list(rep.tables) == list(TABLES)  # every table, in the documented order
    assert rep.seed == SEED and rep.out is None and rep.paths == []
    for name, table in rep.tables.items():
        assert "year" in table.columns, name
        assert table.index.equals(pd.RangeIndex(len(table))), name
    assert sorted(rep.tables["cohesion"]["year"].unique()) == list(YEARS)
    assert "## Figures" in rep.summary and "](figures/" not in rep.summary
    assert "seed 2024" in rep.summary


def test_simulation_stages_are_the_first_children_of_the_seed(rep, data, graphs):
    """simulation_tables(rng=s) reproduces the report; cohesion has the fifth child."""
    members, states, majors = data
    sims = simulation_tables(graphs, members, states=states, majors=majors, n_sims=N, rng=SEED)
    assert list(sims) == list(TABLES)[2:]
    for name, table in sims.items():
        pd.testing.assert_frame_equal(table, rep.tables[name], obj=name)
    measures = measure_tables(graphs, rng=_child("cohesion"))
    for name, table in measures.items():
        pd.testing.assert_frame_equal(table, rep.tables[name], obj=name)


def _child(stage):
    """A fresh generator of the report's `stage` (spawn(SEED, 6) gives new objects each call)."""
    return spawn(SEED, len(STAGES))[STAGES.index(stage)]


def test_each_stage_draws_from_its_own_child(rep, graphs):
    """Known answers: each table equals the library call with the stage's child."""
    curves = anet.robustness_panel(
        graphs, strategy="random", n_sims=N, quantiles=(0.05, 0.95), rng=_child("robustness")
    )
    pd.testing.assert_frame_equal(curves, rep.tables["robustness_random"])
    r = anet.r_index_panel(
        graphs, strategy="random", adaptive=False, n_sims=N, rng=_child("robustness")
    )
    assert rep.tables["r_index"]["random"].tolist() == r["r_index"].tolist()
    year = focus_year(graphs)
    G = graphs[year]
    sims = rep.tables["defections"]
    for preset, child in zip(PRESETS, spawn(_child("defections"), len(PRESETS)), strict=True):
        ref = anet.simulate_defections(G, p_honor=preset, level="commitment", n_sims=N, rng=child)
        got = sims[sims["preset"] == preset].drop(columns=["year", "preset"])
        pd.testing.assert_frame_equal(got.reset_index(drop=True), ref, obj=preset)
    random = rep.tables["robustness_curves"]
    random = random[random["strategy"] == "random failure"].drop(columns=["year", "strategy"])
    ref = anet.robustness_curve(G, "random", n_sims=N, rng=_child("curves"))
    pd.testing.assert_frame_equal(random.reset_index(drop=True), ref)
    bloc = anet.blocs(G, rng=_child("blocs"))
    nodes = rep.tables["network_nodes"].set_index("ccode")["bloc"]
    assert nodes.to_dict() == bloc.reindex(nodes.index).to_dict()


def test_r_index_is_the_r_of_the_drawn_curves(rep, graphs):
    """Random R equals the mean largest-component share of the same orders; targeted is r_index."""
    curves = rep.tables["robustness_random"]
    lcc = curves[(curves["measure"] == "lcc_fraction") & (curves["step"] > 0)]
    n = curves.groupby("year")["step"].max()
    from_curves = (lcc.groupby("year")["mean"].sum() / n).to_numpy()
    r = rep.tables["r_index"]
    np.testing.assert_allclose(r["random"].to_numpy(), from_curves, rtol=0, atol=1e-12)
    expected = [anet.r_index(graphs[y], "degree", adaptive=True) for y in r["year"]]
    assert r["targeted_degree"].tolist() == expected
    assert (r["targeted_degree"] <= r["random"] + 1e-12).all()


def test_same_seed_same_tables_for_any_n_jobs(rep):
    again = report(years=YEARS, n_sims=N, rng=SEED, n_jobs=2)
    for name in TABLES:
        pd.testing.assert_frame_equal(again.tables[name], rep.tables[name], obj=name)


def test_a_fresh_seed_is_recorded_and_reruns_the_report():
    first = report(years=range(1990, 1992), n_sims=5)
    assert isinstance(first.seed, int) and f"seed {first.seed}" in first.summary
    again = report(years=range(1990, 1992), n_sims=5, rng=first.seed)
    for name in TABLES:
        pd.testing.assert_frame_equal(again.tables[name], first.tables[name], obj=name)
    by_generator = report(years=range(1990, 1991), n_sims=5, rng=np.random.default_rng(1))
    assert by_generator.seed is None and "seeded by a generator" in by_generator.summary


def test_summary_quotes_the_tables(rep):
    year = int(rep.tables["defections"]["year"].iloc[0])
    r = rep.tables["r_index"].set_index("year")
    assert f"random failure (mean over {N} orders): **{r.at[year, 'random']:.3f}**" in rep.summary
    sims = rep.tables["defections"]
    mean = sims[sims["preset"] == "llm2000"]["coverage"].mean()
    assert f"| llm2000 | {mean:.3f} |" in rep.summary
    top = rep.tables["keystones"].iloc[0]
    assert f"| {top['stateabb']} | {top['coverage_loss']:.3f} |" in rep.summary


def test_report_written_to_a_folder(written):
    out = written.out
    assert out is not None and out.is_dir()
    assert all(p.exists() and out in p.parents for p in written.paths)
    assert (out / "summary.md").read_text() == written.summary
    stems = {p.stem for p in (out / "figures").glob("*.png")}
    assert stems == {"cohesion", "centrality_top", "robustness", "defections", "keystones",
                     "network", "similarity"}  # fmt: skip
    for stem in stems:
        assert f"figures/{stem}.png" in written.summary
    record = json.loads((out / "run.json").read_text())
    assert record["seed"] == SEED and record["years"] == [YEARS[0], YEARS[-1]]
    assert record["n_sims"] == N and record["alliancenet"] == anet.__version__
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".alliancenet-staging")]


def test_saved_tables_read_back_and_redraw(written, tmp_path):
    tables = read_tables(written.out / "tables")
    assert list(tables) == sorted(TABLES)
    assert list(read_tables(written.out)) == sorted(TABLES)  # the report folder itself
    for name, table in tables.items():
        path = written.out / "tables" / f"{name}.csv"
        assert path.read_text() == written.tables[name].to_csv(index=False), name
        pd.testing.assert_frame_equal(table, pd.read_csv(path), obj=name)
    paths = report_figures(tables, tmp_path, rng=1)
    assert {p.suffix for p in paths} == {".pdf", ".png"}
    assert len(paths) == 14


def test_report_refuses_to_replace_what_it_did_not_write(tmp_path, written):
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep")
    with pytest.raises(ParameterError, match="out .* did not write .* force will not"):
        report(years=1990, n_sims=5, rng=1, out=other, force=True)
    assert (other / "notes.txt").read_text() == "keep"
    with pytest.raises(ParameterError, match="exists already; .* pass force"):
        report(years=1990, n_sims=5, rng=1, out=written.out)


def test_report_replaces_a_previous_output_with_force(tmp_path):
    out = tmp_path / "r"
    out.mkdir()
    (out / "run.json").write_text("{}")  # what every alliancenet output holds
    (out / "old.csv").write_text("old")
    rep = report(years=1991, n_sims=5, rng=1, out=out, force=True)
    assert rep.out == out.resolve()
    assert json.loads((out / "run.json").read_text())["years"] == [1991, 1991]
    assert not (out / "old.csv").exists() and (out / "summary.md").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["r"]  # no staging or old folder left


def test_years_are_checked_against_memberships_and_states(data):
    members, states, _ = data
    assert report_years(members, states)[::105] == [1920, 2025]
    assert report_years(members, states, 1990) == [1990]
    assert report_years(members, states, [1992, 1990, 1990]) == [1990, 1992]
    short = states[states["year"] <= 2020].copy()
    short.attrs = {}
    assert report_years(members, short)[-1] == 2020
    assert report_years(members, short, carry_forward=True)[-1] == 2025
    with pytest.raises(CoverageError, match="carry_forward=True"):
        report_years(members, short, range(2019, 2023))
    with pytest.raises(CoverageError, match="1920-2025"):
        report_years(members, states, range(1800, 1901))
    with pytest.raises(ParameterError, match="at least one year"):
        report_years(members, states, [])


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"n_sims": 0}, "n_sims"),
        ({"n_sims": 2.5}, "n_sims"),
        ({"rng": -1}, "rng"),
        ({"rng": np.random.RandomState(1)}, "RandomState"),
        ({"n_jobs": 0}, "n_jobs"),
        ({"width": "triple"}, "width"),
        ({"out": ""}, "empty"),
        ({"members": anet.load_example()}, "states: required"),
    ],
)
def test_bad_arguments_fail_before_any_work(kwargs, match):
    with pytest.raises(ParameterError, match=match):
        report(**kwargs)


def test_partial_functions_check_their_graphs(data):
    members, states, _ = data
    for bad in ({}, [nx.path_graph(3)], None):
        with pytest.raises(ParameterError, match="alliance_graphs"):
            measure_tables(bad)
        with pytest.raises(ParameterError, match="alliance_graphs"):
            simulation_tables(bad, members, states=states)


def test_focus_year_is_the_latest_with_a_tie():
    assert focus_year({1990: nx.path_graph(3), 1991: nx.empty_graph(3)}) == 1990
    assert focus_year({1990: nx.empty_graph(2), 1991: nx.empty_graph(3)}) == 1991


@pytest.mark.parametrize(
    "content, error",
    [
        (b"", "empty"),
        (b"\xff\xfe\x00\x01binary\x00", "UTF-8"),
        (b"year,measure\n2000,density\n", "missing"),
        (b"year,measure,value\n", "no rows"),
        (b"year,measure,value\n2000,density,high\n", "numbers"),
    ],
)
def test_read_tables_names_the_broken_file(tmp_path, content, error):
    (tmp_path / "cohesion.csv").write_bytes(content)
    with pytest.raises(DataFormatError, match=f"cohesion.csv.*{error}"):
        read_tables(tmp_path)


def test_read_tables_ignores_other_files_and_needs_one_table(tmp_path):
    (tmp_path / "notes.csv").write_bytes(b"\x00\x01")
    with pytest.raises(ParameterError, match="none of the report's tables"):
        read_tables(tmp_path)
    t = pd.DataFrame({"year": [2000], "measure": ["density"], "value": [0.5]})
    paths = write_tables({"cohesion": t}, tmp_path)
    assert paths[0].name == "cohesion.csv"
    assert list(read_tables(tmp_path)) == ["cohesion"]
    with pytest.raises(ParameterError, match="not a folder"):
        read_tables(tmp_path / "cohesion.csv")


def test_report_figures_skips_what_the_tables_do_not_allow(tmp_path):
    t = pd.DataFrame({"year": [2000, 2001], "measure": ["density"] * 2, "value": [0.5, 0.6]})
    paths = report_figures({"cohesion": t}, tmp_path)
    assert sorted(p.name for p in paths) == ["cohesion.pdf", "cohesion.png"]
    assert report_figures({}, tmp_path / "none") == []
    with pytest.raises(ParameterError, match="width"):
        report_figures({}, tmp_path, width="wide")


def test_importing_the_report_does_not_import_matplotlib():
    code = "import alliancenet.report, sys; print('matplotlib' in sys.modules)"
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert res.stdout.strip() == "False"


def test_most_allied_ranks_by_allies_and_keeps_ties():
    from alliancenet.report._summary import most_allied

    nodes = pd.DataFrame(
        {"ccode": [1, 2, 3, 4, 5, 6, 7], "year": 2000,
         "stateabb": ["A", "B", "C", "D", "E", "F", "G"], "bloc": 0}
    )  # fmt: skip
    pairs = [(1, 2), (1, 3), (1, 4), (1, 5), (2, 3), (2, 4), (3, 4), (5, 6), (6, 7)]
    edges = pd.DataFrame(
        {"year": 2000, "ccode1": [p[0] for p in pairs], "ccode2": [p[1] for p in pairs],
         "weight": 1, "alliances": "X:1"}
    )  # fmt: skip
    top = most_allied({"network_nodes": nodes, "network_edges": edges}, k=3)
    # A has 4 allies; B, C, D have 3 each (tied for 2nd: all kept though k=3)
    assert top["stateabb"].tolist() == ["A", "B", "C", "D"]
    assert top["rank"].tolist() == [1, 2, 2, 2]
    assert top["tied"].tolist() == [False, True, True, True]
    assert top["allies"].tolist() == [4, 3, 3, 3]
