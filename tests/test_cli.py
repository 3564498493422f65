"""The command line: the report on the example data, the partial commands, and bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from alliancenet.cli import build_parser, main

FAST = ["--sims", "20", "--quiet", "--years", "1980-2025"]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli") / "report"
    assert main(["report", "--out", str(out), *FAST]) == 0
    return out


def test_report_writes_tables_figures_and_summary(report):
    tables = {p.stem for p in (report / "tables").glob("*.csv")}
    assert {"centrality", "cohesion", "robustness_random", "robustness_curves", "r_index",
            "defections", "keystones", "similarity", "network_nodes", "network_edges"} <= tables  # fmt: skip
    for stem in ("cohesion", "robustness", "defections", "keystones", "network", "similarity"):
        assert (report / "figures" / f"{stem}.pdf").stat().st_size > 1000
        assert (report / "figures" / f"{stem}.png").stat().st_size > 1000
    text = (report / "summary.md").read_text()
    for heading in ("Most allied states", "Cohesion trend", "Robustness", "honouring rates",
                    "Keystone states"):  # fmt: skip
        assert heading in text
    assert "figures/robustness.png" in text
    # no temporary staging folder left behind
    assert not [p for p in report.parent.iterdir() if p.name.startswith(".alliancenet-staging")]


def test_report_tables_are_tidy_and_consistent(report):
    cent = pd.read_csv(report / "tables" / "centrality.csv")
    assert list(cent.columns) == ["year", "ccode", "measure", "value"]
    assert cent["year"].between(1980, 2025).all()
    r = pd.read_csv(report / "tables" / "r_index.csv")
    # a targeted attack never leaves the network more robust than random failure, on average
    assert (r["targeted_degree"] <= r["random"] + 1e-9).mean() > 0.9
    sims = pd.read_csv(report / "tables" / "defections.csv")
    assert set(sims["preset"]) == {"llm2000", "bf2018", "bf2018_by_era", "bf2018_by_type"}
    assert sims.groupby("preset").size().eq(20).all()
    # more reliable allies leave fewer states unprotected
    mean = sims.groupby("preset")["unprotected"].mean()
    assert mean["llm2000"] <= mean["bf2018"] <= mean["bf2018_by_era"]


def test_figures_from_saved_tables(report, tmp_path):
    out = tmp_path / "figs"
    assert main(["figures", "--tables", str(report / "tables"), "--out", str(out)]) == 0
    assert (out / "robustness.png").exists() and (out / "network.pdf").exists()
    # the same seed redraws the report's figures, network layout included
    for png in (report / "figures").glob("*.png"):
        assert (out / png.name).read_bytes() == png.read_bytes(), png.name


def test_measures_and_simulate_commands(tmp_path):
    assert main(["measures", "--out", str(tmp_path / "m"), "--years", "2000-2002", "--quiet"]) == 0
    coh = pd.read_csv(tmp_path / "m" / "cohesion.csv")
    assert sorted(coh["year"].unique()) == [2000, 2001, 2002]
    assert main(["simulate", "--out", str(tmp_path / "s"), "--years", "2000-2001", *FAST[:3]]) == 0
    assert (tmp_path / "s" / "defections.csv").exists()


def test_bad_input_exits_2_and_writes_nothing(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("a;b\n1;2\n")
    out = tmp_path / "out"
    assert (
        main(["report", "--atop", str(bad), "--states", str(bad), "--out", str(out), "--quiet"])
        == 2
    )
    err = capsys.readouterr().err
    assert "error" in err and "bad.csv" in err
    assert not out.exists()
    # missing --states with a real-data option
    assert main(["measures", "--members", str(bad), "--out", str(out)]) == 2
    assert "--states" in capsys.readouterr().err
    # years outside the data
    assert main(["measures", "--years", "1800-1900", "--out", str(out), "--quiet"]) == 2
    assert "1920" in capsys.readouterr().err
    assert not out.exists()


def test_data_warnings_reach_the_user_even_when_quiet(tmp_path, capsys):
    import alliancenet as anet

    members = anet.load_example()
    extra = members[members["alliance_id"] == "EX:NATO"].head(1).copy()
    extra["ccode"] = 221  # Monaco: never a system member in the example state table
    path = tmp_path / "members.csv"
    pd.concat([members, extra]).to_csv(path, index=False)
    states = tmp_path / "states.csv"
    anet.load_example_states().to_csv(states, index=False)
    out = tmp_path / "m"
    args = ["measures", "--members", str(path), "--states", str(states)]
    assert main([*args, "--years", "2000-2001", "--out", str(out), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "alliancenet measures: note:" in err and "ccode 221" in err
    assert ".py:" not in err  # a message for the user, not a traceback-style warning


def test_existing_output_is_not_overwritten_without_force(tmp_path, capsys):
    out = tmp_path / "m"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    assert main(["measures", "--out", str(out), "--years", "2000-2000", "--quiet"]) == 2
    assert "--force" in capsys.readouterr().err
    assert (out / "keep.txt").read_text() == "mine"


def test_help_explains_every_option():
    parser = build_parser()
    sub = parser._subparsers._group_actions[0].choices
    for name in ("report", "measures", "simulate", "figures"):
        for action in sub[name]._actions:
            if action.dest != "help":
                assert action.help, f"{name} --{action.dest} has no help"


def test_python_dash_m(tmp_path):
    res = subprocess.run([sys.executable, "-m", "alliancenet", "--version"], capture_output=True,
                         text=True, check=True)  # fmt: skip
    assert res.stdout.startswith("alliancenet ")


@pytest.mark.realdata
def test_report_on_atop(shared_data, tmp_path):
    out = tmp_path / "atop"
    code = main(["report", "--atop", str(shared_data / "atop_5_1" / "atop5_1m.csv"),
                 "--states", str(shared_data / "cow_states" / "system2016.csv"),
                 "--nmc", str(shared_data / "nmc_6" / "NMC-60-abridged.csv"),
                 "--years", "2000-2018", "--carry-forward", "--sims", "50", "--quiet",
                 "--out", str(out)])  # fmt: skip
    assert code == 0
    cent = pd.read_csv(out / "tables" / "centrality.csv")
    assert cent.loc[cent["year"] == 2012, "ccode"].nunique() == 195


# --- --out safety: the command never deletes what it did not write ---------------


def _keep(folder):
    (folder / "mine.txt").write_text("the user's own file")
    return folder / "mine.txt"


@pytest.mark.parametrize("out", [".", "", "..", "~"])
def test_force_refuses_current_folder_parents_and_home(tmp_path, monkeypatch, capsys, out):
    proj = tmp_path / "proj"
    proj.mkdir()
    mine = _keep(proj)
    monkeypatch.chdir(proj)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert main(["report", "--out", out, "--force", *FAST]) == 2
    assert mine.read_text() == "the user's own file"
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "error: --out" in err


def test_force_refuses_a_folder_holding_an_input(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    members = data / "members.csv"
    members.write_text("alliance_id,ccode,start_year,end_year\nA,2,1950,\n")
    states = data / "states.csv"
    states.write_text("ccode,year\n2,1950\n")
    args = ["measures", "--members", str(members), "--states", str(states), "--quiet"]
    for out in (data, tmp_path):
        assert main([*args, "--out", str(out), "--force"]) == 2
        assert members.exists() and states.exists()
    assert "holds the input" in capsys.readouterr().err


def test_force_refuses_folders_not_written_by_alliancenet(tmp_path, capsys):
    other = tmp_path / "results"
    other.mkdir()
    mine = _keep(other)
    assert main(["measures", "--out", str(other), "--force", "--years", "2000-2000"]) == 2
    assert mine.exists()
    assert "did not write" in capsys.readouterr().err
    # a file is never replaced, with or without --force
    f = tmp_path / "report.txt"
    f.write_text("x")
    assert main(["measures", "--out", str(f), "--force", "--years", "2000-2000"]) == 2
    assert f.read_text() == "x"


def test_force_replaces_a_previous_output(tmp_path):
    out = tmp_path / "m"
    assert main(["measures", "--out", str(out), "--years", "2000-2000", "--quiet"]) == 0
    assert (out / "run.json").is_file()
    assert main(["measures", "--out", str(out), "--years", "2001-2001", "--quiet"]) == 2
    assert main(["measures", "--out", str(out), "--years", "2001-2001", "--quiet", "--force"]) == 0
    assert sorted(pd.read_csv(out / "cohesion.csv")["year"].unique()) == [2001]
    assert [p.name for p in tmp_path.iterdir()] == ["m"]  # nothing left beside it


def test_out_problems_are_found_before_the_computation(tmp_path, capsys):
    f = tmp_path / "file"
    f.write_text("x")
    for args in (["--out", str(f / "sub")], ["--jobs", "0"], ["--seed", "-1"], ["--sims", "0"]):
        assert main(["simulate", "--quiet", *args]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "error:" in err


def test_stale_staging_folders_of_killed_runs_are_cleaned(tmp_path):
    stale = tmp_path / ".alliancenet-staging-m.abc"
    stale.mkdir()
    (stale / ".owner").write_text("999999999")  # no such process
    foreign = tmp_path / ".alliancenet-staging-other"
    foreign.mkdir()  # no owner file: not ours to remove
    assert main(["measures", "--out", str(tmp_path / "m"), "--years", "2000-2000", "--quiet"]) == 0
    assert not stale.exists() and foreign.exists()


@pytest.mark.parametrize("phase", ["computing", "writing"])
def test_sigterm_leaves_nothing_behind(tmp_path, phase):
    """SIGTERM while the tables are computed, or while the staging folder is written."""
    import signal
    import time

    out = tmp_path / "r"
    sims = "2000" if phase == "computing" else "20"
    command = [sys.executable, "-m", "alliancenet", "report", "--out", str(out), "--sims", sims,
               "--years", "1980-2025"]  # fmt: skip
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    deadline = time.monotonic() + 60
    if phase == "computing":  # the report says when the robustness stage starts
        while "robustness:" not in proc.stderr.readline() and time.monotonic() < deadline:
            pass
    else:  # the staging folder appears once the tables are computed
        while not list(tmp_path.glob(".alliancenet-staging-*")) and time.monotonic() < deadline:
            time.sleep(0.02)
    assert proc.poll() is None, "the report ended before it could be interrupted"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


# --- every failure is one line and a non-zero exit (issue 10, item 10) -------------


def _one_line_error(capsys_or_err, code):
    err = capsys_or_err if isinstance(capsys_or_err, str) else capsys_or_err.readouterr().err
    assert code == 2, err
    assert err.count("\n") == 1 and "error:" in err and "Traceback" not in err, err
    return err


def _unprivileged(func):
    """Run func() without the right to read 000 files or write into others' folders.

    As root (containers) the permission bits do not apply, so func runs in a forked
    child that has dropped to the 'nobody' user; the child's exit status is returned.
    """
    import os

    if os.geteuid() != 0:
        return func()
    import pwd

    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("running as root and there is no 'nobody' user to drop to")
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 1
        try:
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            code = func()
        finally:
            sys.stderr.flush()
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


@pytest.fixture
def open_tmp():
    """A temporary folder everybody may enter (pytest's tmp_path is private to its owner)."""
    import shutil
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp(prefix="anet-cli-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_unreadable_input_is_one_line(open_tmp, capfd):
    import alliancenet as anet

    members = open_tmp / "members.csv"
    anet.load_example().to_csv(members, index=False)
    members.chmod(0o000)
    states = open_tmp / "states.csv"
    anet.load_example_states().to_csv(states, index=False)
    states.chmod(0o644)
    writable = open_tmp / "w"
    writable.mkdir()
    writable.chmod(0o777)
    out = writable / "m"
    args = ["measures", "--members", str(members), "--states", str(states), "--out", str(out)]
    code = _unprivileged(lambda: main([*args, "--quiet"]))
    err = _one_line_error(capfd.readouterr().err, code)
    assert "members.csv" in err and "ermission denied" in err
    assert not out.exists()


def test_unwritable_out_parent_is_one_line(open_tmp, capfd):
    locked = open_tmp / "locked"
    locked.mkdir(mode=0o555)
    code = _unprivileged(lambda: main(["measures", "--out", str(locked / "m"), "--quiet"]))
    err = _one_line_error(capfd.readouterr().err, code)
    assert "permission denied" in err and "locked" in err
    assert list(locked.iterdir()) == []


@pytest.mark.parametrize("command", ["report", "measures", "simulate", "figures"])
def test_out_under_a_file_is_one_line(tmp_path, capsys, command):
    f = tmp_path / "file"
    f.write_text("x")
    tables = tmp_path / "tables"
    tables.mkdir()
    pd.DataFrame({"year": [2000], "measure": ["density"], "value": [0.5]}).to_csv(
        tables / "cohesion.csv", index=False
    )
    extra = ["--tables", str(tables)] if command == "figures" else ["--quiet"]
    err = _one_line_error(capsys, main([command, *extra, "--out", str(f / "sub")]))
    assert "is a file" in err
    assert f.read_text() == "x"


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\xff\xfe\xfa", "CSV"),
        (b"year,measure\n", "value"),  # a column missing
        (b"year,measure,value\n", "no rows"),
        (b"year,measure,value\nx,density,high\n", "numbers"),
    ],
    ids=["empty", "binary", "missing-column", "header-only", "text-values"],
)
def test_figures_on_a_broken_table_is_one_line(tmp_path, capsys, content, expected):
    tables = tmp_path / "tables"
    tables.mkdir()
    (tables / "cohesion.csv").write_bytes(content)
    err = _one_line_error(capsys, main(["figures", "--tables", str(tables)]))
    assert "cohesion.csv" in err and expected in err
    assert not (tables / "figures").exists() or not any((tables / "figures").iterdir())


def test_figures_needs_a_folder_with_report_tables(tmp_path, capsys):
    _one_line_error(capsys, main(["figures", "--tables", str(tmp_path / "none")]))
    (tmp_path / "other.csv").write_text("a,b\n1,2\n")
    err = _one_line_error(capsys, main(["figures", "--tables", str(tmp_path)]))
    assert "cohesion.csv" in err


def test_missing_input_file_is_one_line(tmp_path, capsys):
    missing = tmp_path / "nope.csv"
    args = ["measures", "--members", str(missing), "--states", str(missing), "--quiet"]
    err = _one_line_error(capsys, main([*args, "--out", str(tmp_path / "m")]))
    assert "nope.csv" in err


def test_years_after_the_states_table_need_carry_forward(tmp_path, capsys):
    import alliancenet as anet

    states = anet.load_example_states()
    short = tmp_path / "states.csv"
    states[states["year"] <= 2020].to_csv(short, index=False)
    args = ["measures", "--states", str(short), "--years", "2019-2022", "--quiet"]
    err = _one_line_error(capsys, main([*args, "--out", str(tmp_path / "a")]))
    assert "--carry-forward" in err
    assert main([*args, "--carry-forward", "--out", str(tmp_path / "b")]) == 0
    assert "2020 system membership carried forward" in " ".join(capsys.readouterr().err.split())
    cohesion = pd.read_csv(tmp_path / "b" / "cohesion.csv")
    assert sorted(cohesion["year"].unique()) == [2019, 2020, 2021, 2022]


def test_commands_reproduce_the_report(report, tmp_path):
    """simulate and measures with the report's seed write the report's tables."""
    out = tmp_path / "s"
    assert main(["simulate", "--out", str(out), *FAST]) == 0
    for name in ("robustness_random", "r_index", "robustness_curves", "defections", "keystones"):
        pd.testing.assert_frame_equal(
            pd.read_csv(out / f"{name}.csv"), pd.read_csv(report / "tables" / f"{name}.csv")
        )
    record = json.loads((report / "run.json").read_text())
    assert record["seed"] == 2024 and record["n_sims"] == 20
    assert record["options"]["years"] == [1980, 2025]


@pytest.mark.parametrize("where", ["owner file", "move into place", "set aside"])
def test_an_interrupt_inside_the_staging_steps_leaves_nothing_behind(tmp_path, monkeypatch, where):
    """Ctrl-C/SIGTERM while the staging folder is made or moved: no folder left, output kept.

    (The signal test above hits these windows only by chance.)
    """
    from pathlib import Path

    from alliancenet.report._output import MARKER, Staging

    out = tmp_path / "r"
    out.mkdir()
    (out / MARKER).write_text("{}")  # a previous report
    (out / "summary.md").write_text("old")
    real_write, real_rename = Path.write_text, Path.rename

    def write_text(self, *args, **kwargs):
        if where == "owner file" and self.name == ".owner":
            raise KeyboardInterrupt
        return real_write(self, *args, **kwargs)

    def rename(self, target):
        moving_in = Path(target) == out and ".old-" not in self.name
        if (where == "move into place" and moving_in) or (
            where == "set aside" and ".old-" in Path(target).name
        ):
            raise KeyboardInterrupt
        return real_rename(self, target)

    monkeypatch.setattr(Path, "write_text", write_text)
    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(KeyboardInterrupt):
        with Staging(out) as folder:
            real_write(folder / "summary.md", "new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]
    assert (out / "summary.md").read_text() == "old"
