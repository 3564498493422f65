"""The ``alliancenet`` command line: report, measures, simulate, figures.

``alliancenet report`` is the main job: from treaty data (the bundled example by
default, or ATOP / COW / your own table) it builds the yearly alliance graphs,
computes the measures, runs the robustness and defection analyses, and writes
figures (PDF and PNG), tidy tables (CSV, and Parquet when pyarrow is installed)
and a one-page Markdown summary into ``--out``. The other sub-commands run one
part: ``measures`` (tables only), ``simulate`` (robustness and defection tables
only) and ``figures`` (figures from tables saved earlier).

Output is written to a temporary folder beside ``--out`` and moved into place
only when everything succeeded, so a failed run never leaves a half-written
report that looks complete.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sys
import tempfile
import time
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from . import __version__
from .errors import AllianceNetError, DataWarning, ParameterError

__all__ = ["main"]

PRESETS = ("llm2000", "bf2018", "bf2018_by_era", "bf2018_by_type")


# ---------------------------------------------------------------------------
# argument parsing
# ---------------------------------------------------------------------------


def _years(text: str) -> tuple[int, int]:
    """Parse ``1946-2018`` or ``1985`` into an inclusive (first, last) pair."""
    parts = text.replace("–", "-").split("-")
    try:
        if len(parts) == 1:
            first = last = int(parts[0])
        elif len(parts) == 2:
            first, last = int(parts[0]), int(parts[1])
        else:
            raise ValueError
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a year or a range like 1946-2018, got {text!r}"
        ) from None
    if last < first:
        raise argparse.ArgumentTypeError(f"the range {text!r} ends before it starts")
    return first, last


def _add_data_options(p: argparse.ArgumentParser) -> None:
    src = p.add_argument_group(
        "data (default: the bundled example of collective-security treaties)"
    )
    one = src.add_mutually_exclusive_group()
    one.add_argument(
        "--atop", metavar="PATH", help="ATOP member file atop5_1m.csv, its folder or zip"
    )
    one.add_argument("--cow", metavar="PATH", help="COW alliance_v4.1_by_member(.yearly).csv")
    one.add_argument(
        "--members", metavar="PATH", help="your own table in the canonical schema (CSV)"
    )
    src.add_argument(
        "--states",
        metavar="PATH",
        help="COW system2016.csv or states2016.csv; nodes are that year's system members "
        "(required with --atop/--cow/--members so that isolates count)",
    )
    src.add_argument("--nmc", metavar="PATH", help="COW NMC file (CINC) for capability measures")
    src.add_argument("--majors", metavar="PATH", help="COW majors2016.csv (major powers)")
    an = p.add_argument_group("analysis")
    an.add_argument(
        "--years",
        type=_years,
        metavar="FIRST-LAST",
        help="years to analyse, e.g. 1946-2018 (default: all years the data cover)",
    )
    an.add_argument(
        "--obligations",
        default="defense",
        help="obligation type(s) that make a tie, comma-separated: defense, offense, neutrality, "
        "nonaggression, consultation, entente, or any (default: defense)",
    )
    an.add_argument("--seed", type=int, default=2024, help="random seed (default: 2024)")
    an.add_argument("--quiet", action="store_true", help="no progress bars")


def _add_sim_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--orders",
        type=int,
        default=1000,
        help="random removal orders per year for the robustness curves (default: 1000)",
    )
    p.add_argument(
        "--sims", type=int, default=1000, help="defection simulations per preset (default: 1000)"
    )
    p.add_argument("--jobs", type=int, default=1, help="parallel jobs (joblib; -1 = all cores)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``alliancenet`` command."""
    parser = argparse.ArgumentParser(
        prog="alliancenet",
        description="Alliance networks from treaty data: measures, robustness of collective "
        "defence to defections, and publication figures.",
    )
    parser.add_argument("--version", action="version", version=f"alliancenet {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    rep = sub.add_parser(
        "report",
        help="the whole analysis: tables, figures and a one-page summary",
        description="Build the yearly alliance graphs, compute measures, run the robustness and "
        "defection analyses, and write figures, tables and summary.md to --out.",
    )
    _add_data_options(rep)
    _add_sim_options(rep)
    rep.add_argument("--out", default="report", help="output folder (default: ./report)")
    rep.add_argument("--force", action="store_true", help="replace --out if it exists")

    mea = sub.add_parser(
        "measures",
        help="centrality and cohesion tables only",
        description="Write centrality.csv (year, ccode, measure, value) and cohesion.csv "
        "(year, measure, value) for the yearly graphs.",
    )
    _add_data_options(mea)
    mea.add_argument("--out", default="measures", help="output folder (default: ./measures)")
    mea.add_argument("--force", action="store_true", help="replace --out if it exists")

    sim = sub.add_parser(
        "simulate",
        help="robustness and defection tables only",
        description="Write the robustness curves (random failure, targeted attack), R-indices, "
        "defection simulations under the published honouring rates and keystone states.",
    )
    _add_data_options(sim)
    _add_sim_options(sim)
    sim.add_argument("--out", default="simulations", help="output folder (default: ./simulations)")
    sim.add_argument("--force", action="store_true", help="replace --out if it exists")

    fig = sub.add_parser(
        "figures",
        help="figures from tables saved by report/measures/simulate",
        description="Read the tables in --tables (a folder written by report, measures or "
        "simulate) and draw every figure they allow into --out.",
    )
    fig.add_argument("--tables", required=True, help="folder holding the saved tables")
    fig.add_argument("--out", default=None, help="output folder (default: TABLES/figures)")
    fig.add_argument(
        "--width", default="single", choices=["single", "double"], help="journal column width"
    )
    return parser


# ---------------------------------------------------------------------------
# data
# ---------------------------------------------------------------------------


class _Data:
    """Everything the analysis reads: memberships, states, majors, capabilities."""

    def __init__(self, members, states, majors=None, nmc=None, label="example"):
        self.members = members
        self.states = states
        self.majors = majors
        self.nmc = nmc
        self.label = label


def _load(args: argparse.Namespace) -> _Data:
    import alliancenet as anet

    if args.atop or args.cow or args.members:
        if not args.states:
            raise ParameterError(
                f"--states is required with --{'atop' if args.atop else 'cow' if args.cow else 'members'}: "
                "the nodes of each year's graph are that year's system members, allied or not. "
                "Pass COW's system2016.csv (or states2016.csv), e.g. --states system2016.csv."
            )
        if args.atop:
            members, label = anet.read_atop(args.atop), "ATOP"
        elif args.cow:
            members, label = anet.read_cow(args.cow), "COW"
        else:
            members, label = anet.read_memberships(args.members), "own table"
        states = anet.read_states(args.states)
        majors = anet.read_majors(args.majors) if args.majors else None
    else:
        members, states, label = anet.load_example(), anet.load_example_states(), "example"
        majors = anet.read_majors(args.majors) if args.majors else anet.load_example_majors()
        if args.states:
            states = anet.read_states(args.states)
    nmc = anet.read_nmc(args.nmc) if args.nmc else None
    return _Data(members, states, majors, nmc, label)


def _year_range(data: _Data, years: tuple[int, int] | None) -> list[int]:
    from .schema import coverage_of

    first, last = coverage_of(data.members)
    s_first = int(data.states["year"].min())
    first = max(first, s_first)
    if years is not None:
        if years[0] < first or years[1] > last:
            raise ParameterError(
                f"--years {years[0]}-{years[1]} lies outside what the data cover ({first}-{last}); "
                f"choose years within {first}-{last}."
            )
        first, last = years
    return list(range(first, last + 1))


def _obligations(text: str) -> str | list[str]:
    parts = [p.strip() for p in text.split(",") if p.strip()]
    return parts[0] if len(parts) == 1 else parts


def _panel(data: _Data, args: argparse.Namespace) -> dict:
    import alliancenet as anet

    years = _year_range(data, args.years)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        panel = anet.alliance_graphs(
            data.members, years, obligations=_obligations(args.obligations), states=data.states
        )
    for w in caught:  # shown even with --quiet: they say which rows were left out
        print(f"alliancenet {args.command}: note: {w.message}", file=sys.stderr, flush=True)
    return panel


# ---------------------------------------------------------------------------
# analysis stages
# ---------------------------------------------------------------------------


def _say(args: argparse.Namespace, text: str) -> None:
    if not getattr(args, "quiet", False):
        print(text, file=sys.stderr, flush=True)


def _measure_tables(panel: dict, args: argparse.Namespace) -> dict[str, pd.DataFrame]:
    import alliancenet as anet

    _say(args, f"measures: centrality and cohesion for {len(panel)} years")
    cent = anet.centrality_panel(panel)
    coh = anet.cohesion_panel(panel, rng=args.seed)
    return {"centrality": cent, "cohesion": coh}


def _focus_year(panel: dict) -> int:
    """The latest year whose graph has at least one tie (the last year otherwise)."""
    years = sorted(panel)
    for year in reversed(years):
        if panel[year].number_of_edges() > 0:
            return year
    return years[-1]


def _simulation_tables(
    panel: dict, data: _Data, args: argparse.Namespace
) -> dict[str, pd.DataFrame]:
    import alliancenet as anet

    progress = not args.quiet
    rng = np.random.default_rng(args.seed)
    seeds = rng.spawn(4)
    tables: dict[str, pd.DataFrame] = {}

    _say(args, f"robustness: {args.orders} random orders per year over {len(panel)} years")
    rob = anet.robustness_panel(
        panel, strategy="random", n_orders=args.orders, rng=seeds[0], n_jobs=args.jobs,
        progress=progress,
    )  # fmt: skip
    tables["robustness_random"] = rob.curves
    r_rand = rob.r_index.groupby("year")["r_index"].mean().rename("random")
    r_target = pd.Series(
        {y: anet.r_index(G, strategy="degree", adaptive=True) for y, G in panel.items()},
        name="targeted_degree",
    )
    r_tab = pd.concat([r_rand, r_target], axis=1)
    r_tab.index.name = "year"
    tables["r_index"] = r_tab.reset_index()

    year = _focus_year(panel)
    G = panel[year]
    cap = _capabilities(data, year, args)
    plans = [("random failure", "random", False, args.orders, {}),
             ("targeted: degree", "degree", True, 1, {}),
             ("targeted: betweenness", "betweenness", True, 1, {})]  # fmt: skip
    if data.majors is not None:
        plans.append(("major powers first", "major_powers_first", False, 1,
                      {"majors": data.majors, "capabilities": cap}))  # fmt: skip
    if cap is not None:
        plans.append(("targeted: capability", "capability", False, 1, {"capabilities": cap}))
    curves = []
    for label, strategy, adaptive, n, extra in plans:
        c = anet.robustness_curve(G, strategy, adaptive=adaptive, n_orders=n, rng=seeds[1], **extra)
        c.insert(0, "strategy", label)
        curves.append(c)
    curve = pd.concat(curves, ignore_index=True)
    curve.insert(0, "year", year)
    tables["robustness_curves"] = curve

    _say(args, f"defections: {args.sims} simulations per honouring-rate preset, {year}")
    sims = []
    for i, preset in enumerate(PRESETS):
        s = anet.simulate_defections(
            G, p_honor=preset, level="commitment", n_sims=args.sims, rng=np.random.default_rng([args.seed, i]),
            n_jobs=args.jobs,
        )  # fmt: skip
        s.insert(0, "preset", preset)
        sims.append(s)
    sim = pd.concat(sims, ignore_index=True)
    sim.insert(0, "year", year)
    tables["defections"] = sim

    keys = anet.keystones(G, capabilities=cap)
    keys.insert(0, "year", year)
    tables["keystones"] = keys.reset_index()

    sim_tab = anet.similarity(data.members, year, states=data.states)
    tables["similarity"] = sim_tab
    tables["network_nodes"], tables["network_edges"] = _network_tables(G, rng=seeds[2])
    return tables


def _capabilities(data: _Data, year: int, args) -> pd.Series | None:
    """CINC scores for `year` from --nmc (the last NMC year when the data end earlier)."""
    import alliancenet as anet

    if data.nmc is None:
        return None
    last = int(data.nmc["year"].max())
    if year > last:
        _say(args, f"note: NMC ends in {last}; capabilities of {last} stand in for {year}")
    return anet.capabilities(data.nmc, min(year, last))


def _network_tables(G, *, rng) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The focus-year graph as node and edge tables, so figures can be redrawn from files."""
    import alliancenet as anet

    bloc = anet.blocs(G, rng=rng)
    nodes = pd.DataFrame(
        {
            "ccode": list(G.nodes),
            "stateabb": [G.nodes[n].get("stateabb", str(n)) for n in G.nodes],
        }
    ).set_index("ccode")
    nodes["bloc"] = bloc.reindex(nodes.index)
    nodes.insert(0, "year", G.graph.get("year"))
    edges = pd.DataFrame(
        [
            (u, v, d.get("weight", 1), ";".join(d.get("alliances", ())))
            for u, v, d in G.edges(data=True)
        ],
        columns=["ccode1", "ccode2", "weight", "alliances"],
    )
    edges.insert(0, "year", G.graph.get("year"))
    return nodes.reset_index(), edges


# ---------------------------------------------------------------------------
# output
# ---------------------------------------------------------------------------


def _write_tables(tables: dict[str, pd.DataFrame], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    try:
        import pyarrow  # noqa: F401

        parquet = True
    except ImportError:
        parquet = False
    for name, df in tables.items():
        df.to_csv(folder / f"{name}.csv", index=False)
        if parquet:
            df.to_parquet(folder / f"{name}.parquet", index=False)


def _read_tables(folder: Path) -> dict[str, pd.DataFrame]:
    if not folder.is_dir():
        raise ParameterError(
            f"--tables: expected a folder written by 'alliancenet report/measures/simulate', "
            f"got {str(folder)!r}, which is not a folder."
        )
    tables = {p.stem: pd.read_csv(p) for p in sorted(folder.glob("*.csv"))}
    if not tables:
        raise ParameterError(
            f"--tables: no CSV tables in {str(folder)!r}; run 'alliancenet report' or "
            "'alliancenet measures' first and point --tables at its tables/ folder."
        )
    return tables


_MARKER = "run.json"  # every folder a command writes holds it; --force replaces only those
_STAGING = ".alliancenet-staging-"  # prefix of the temporary folders beside --out
_OWNER = ".owner"  # inside a staging folder: the pid of the process writing it


def _inputs(args: argparse.Namespace) -> list[Path]:
    """The input paths named on the command line (files or folders)."""
    names = ("atop", "cow", "members", "states", "nmc", "majors", "tables")
    return [Path(v).resolve() for v in (getattr(args, n, None) for n in names) if v]


def _is_inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_out(out: str | Path, *, force: bool, inputs: Sequence[Path] = ()) -> Path:
    """Validate an output folder before any work is done; return it resolved.

    The command never deletes anything it did not write. ``--force`` replaces only
    a folder that holds a previous alliancenet output (its ``run.json``), and never
    the current folder, one of its parents, the home folder, or a folder that holds
    an input file.

    Raises
    ------
    ParameterError
        With a message saying what was given and what to do.
    """
    text = str(out)
    if not text.strip():
        raise ParameterError("--out: expected a folder name such as 'report', got an empty string.")
    path = Path(text).expanduser().resolve()
    cwd = Path.cwd().resolve()
    if _is_inside(cwd, path) or path == Path.home().resolve() or path == Path(path.anchor):
        raise ParameterError(
            f"--out {text!r} is the current folder, one of its parents, the home folder or the "
            "root; alliancenet writes (and with --force replaces) the whole --out folder. "
            "Choose a new folder, e.g. --out report."
        )
    for source in inputs:
        if _is_inside(source, path):
            raise ParameterError(
                f"--out {text!r} holds the input {str(source)!r}; replacing it would delete your "
                "data. Choose a folder that holds no input, e.g. --out report."
            )
    parent = path.parent
    for ancestor in (parent, *parent.parents):
        if ancestor.exists():
            if not ancestor.is_dir():
                raise ParameterError(
                    f"--out {text!r} lies under {str(ancestor)!r}, which is a file, not a folder; "
                    "choose another --out."
                )
            if not os.access(ancestor, os.W_OK | os.X_OK):
                raise ParameterError(
                    f"--out {text!r}: cannot write into {str(ancestor)!r} (permission denied); "
                    "choose a folder you can write to."
                )
            break
    if path.exists() or path.is_symlink():
        if not path.is_dir() or path.is_symlink():
            raise ParameterError(
                f"--out {text!r} exists and is not a folder; alliancenet never replaces a file. "
                "Choose another --out."
            )
        if not force:
            raise ParameterError(
                f"--out {text!r} exists already; choose another folder or pass --force to "
                "replace a previous alliancenet output."
            )
        if any(path.iterdir()) and not (path / _MARKER).is_file():
            raise ParameterError(
                f"--out {text!r} holds files that alliancenet did not write (it has no "
                f"{_MARKER}), so --force will not replace it. Choose a new folder, or empty it "
                "yourself."
            )
    return path


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _clean_stale(parent: Path) -> None:
    """Remove staging folders left by runs that were killed (their process is gone)."""
    if not parent.is_dir():
        return
    for folder in parent.glob(f"{_STAGING}*"):
        owner = folder / _OWNER
        try:
            pid = int(owner.read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            continue  # not one of ours, or being created: leave it
        if not _pid_alive(pid):
            shutil.rmtree(folder, ignore_errors=True)


class _Staging:
    """Write into a temporary folder and move it to ``out`` only on success.

    ``out`` must have been validated by :func:`check_out`. The previous output is
    moved aside first and deleted only after the new one is in place.
    """

    def __init__(self, out: Path):
        self.out = out

    def __enter__(self) -> Path:
        parent = self.out.parent
        parent.mkdir(parents=True, exist_ok=True)
        _clean_stale(parent)
        self.tmp = Path(tempfile.mkdtemp(prefix=f"{_STAGING}{self.out.name}.", dir=parent))
        (self.tmp / _OWNER).write_text(str(os.getpid()), encoding="ascii")
        return self.tmp

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            return
        (self.tmp / _OWNER).unlink()
        old = None
        if self.out.exists():
            # check again: the folder may have changed while the analysis ran
            if any(self.out.iterdir()) and not (self.out / _MARKER).is_file():
                shutil.rmtree(self.tmp, ignore_errors=True)
                raise ParameterError(
                    f"--out {str(self.out)!r} gained files that alliancenet did not write while "
                    "the analysis ran; nothing was replaced."
                )
            old = self.out.with_name(f"{_STAGING}{self.out.name}.old-{os.getpid()}")
            self.out.rename(old)
        self.tmp.rename(self.out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def _run_json(args: argparse.Namespace, folder: Path) -> None:
    record = {k: (list(v) if isinstance(v, tuple) else v) for k, v in vars(args).items()}
    record["alliancenet"] = __version__
    (folder / _MARKER).write_text(json.dumps(record, indent=2), encoding="utf-8")


def _figures(tables: dict[str, pd.DataFrame], folder: Path, width: str = "single") -> list[str]:
    """Draw every figure the tables allow; return the file stems written."""
    from . import plotting as ap

    folder.mkdir(parents=True, exist_ok=True)
    written: list[str] = []

    def save(fig, stem):
        ap.save_figure(fig, folder / stem)
        written.append(stem)
        import matplotlib.pyplot as plt

        plt.close(fig)

    import matplotlib.pyplot as plt

    with ap.paper_style(width):
        if "cohesion" in tables:
            fig, axes = plt.subplots(1, 2, figsize=ap.figure_size("double", 0.38))
            coh = tables["cohesion"]
            ap.plot_measure_timeseries(coh, ["density", "transitivity"], ax=axes[0])
            ap.plot_measure_timeseries(coh, ["lcc_fraction", "allied_fraction"], ax=axes[1])
            save(fig, "cohesion")
        if "centrality" in tables:
            cent = tables["centrality"]
            pr = cent[cent["measure"] == "pagerank"]
            # the five most central states of the focus year (the summary's table), over
            # all years, in rank order and named by abbreviation
            focus = int(pr["year"].max())
            labels = None
            if "network_nodes" in tables and len(tables["network_nodes"]):
                nodes = tables["network_nodes"]
                focus = int(nodes["year"].iloc[0])
                labels = nodes.set_index("ccode")["stateabb"].to_dict()
            top = pr[pr["year"] == focus].nlargest(5, "value")["ccode"].tolist()
            series = pd.concat([pr[pr["ccode"] == c] for c in top]) if top else pr.iloc[:0]
            fig, ax = plt.subplots(figsize=ap.figure_size(width, 0.7))
            ap.plot_measure_timeseries(series, "pagerank", hue="ccode", labels=labels, ax=ax)
            ax.set_ylabel("PageRank")
            save(fig, "centrality_top")
        if "robustness_curves" in tables:
            fig, ax = plt.subplots(figsize=ap.figure_size(width, 0.75))
            ap.plot_robustness(tables["robustness_curves"], y="lcc_fraction", hue="strategy", ax=ax)
            save(fig, "robustness")
        if "defections" in tables:
            fig, ax = plt.subplots(figsize=ap.figure_size(width, 0.75))
            ap.plot_defections(tables["defections"], x="coverage", hue="preset", ax=ax)
            save(fig, "defections")
        if "keystones" in tables:
            fig, ax = plt.subplots(figsize=ap.figure_size(width, 0.75))
            ap.plot_keystones(tables["keystones"].set_index("ccode"), n=10, ax=ax)
            save(fig, "keystones")
        if "network_nodes" in tables and "network_edges" in tables:
            G = _graph_from_tables(tables["network_nodes"], tables["network_edges"])
            bloc = tables["network_nodes"].set_index("ccode")["bloc"]
            fig, ax = plt.subplots(figsize=ap.figure_size("double", 0.6))
            ap.plot_network(G, hue=bloc, ax=ax)
            save(fig, "network")
            if "similarity" in tables:
                sim = tables["similarity"]
                value = [c for c in sim.columns if c not in ("ccode1", "ccode2", "year")][0]
                mat = sim.pivot(index="ccode1", columns="ccode2", values=value)
                allied = [c for c in mat.index if G.degree(c) > 0]
                if allied:
                    mat = mat.loc[allied, allied]
                    # a state's similarity with itself is 1 by definition; the tidy table
                    # holds only pairs of different states
                    mat = mat.fillna(pd.DataFrame(np.eye(len(allied)), mat.index, mat.columns))
                    abb = tables["network_nodes"].set_index("ccode")["stateabb"].to_dict()
                    fig, ax = plt.subplots(figsize=ap.figure_size("double", 0.9))
                    ap.plot_similarity(mat, order=bloc, labels=abb, ax=ax)
                    save(fig, "similarity")
    return written


def _graph_from_tables(nodes: pd.DataFrame, edges: pd.DataFrame):
    import networkx as nx

    G = nx.Graph(year=int(nodes["year"].iloc[0]) if len(nodes) else None)
    for row in nodes.itertuples(index=False):
        G.add_node(int(row.ccode), stateabb=row.stateabb)
    for row in edges.itertuples(index=False):
        G.add_edge(int(row.ccode1), int(row.ccode2), weight=row.weight)
    return G


def _fmt(x: float, digits: int = 3) -> str:
    return "n/a" if x is None or (isinstance(x, float) and np.isnan(x)) else f"{x:.{digits}f}"


def _summary(
    tables: dict[str, pd.DataFrame], figures: list[str], data: _Data, args, seconds
) -> str:
    """The one-page Markdown summary: headline figures and the figures themselves."""
    lines = [
        "# alliancenet report",
        "",
        f"Data: **{data.label}** ({data.members.attrs.get('source', '?')}), "
        f"obligations: `{args.obligations}`, seed {args.seed}, alliancenet {__version__}, "
        f"{seconds:.0f} s.",
        "",
    ]
    cent = tables["centrality"]
    focus = int(tables["defections"]["year"].iloc[0])  # the year the simulations ran on
    last = focus if focus in set(cent["year"]) else int(cent["year"].max())
    pr = cent[(cent["year"] == last) & (cent["measure"] == "pagerank")].nlargest(5, "value")
    abb = tables["network_nodes"].set_index("ccode")["stateabb"]
    lines += [
        f"## Most central states ({last}, PageRank)",
        "",
        "| state | ccode | PageRank |",
        "|---|---|---|",
    ]
    for r in pr.itertuples():
        lines.append(f"| {abb.get(r.ccode, r.ccode)} | {r.ccode} | {r.value:.3f} |")
    coh = tables["cohesion"].pivot(index="year", columns="measure", values="value")
    years = coh.index
    lines += [
        "",
        "## Cohesion trend",
        "",
        "| measure | " + " | ".join(str(y) for y in _spread(years)) + " |",
    ]
    lines.append("|---|" + "---|" * len(_spread(years)))
    for m in ("density", "transitivity", "lcc_fraction", "allied_fraction", "n_blocs"):
        if m in coh:
            digits = 0 if m.startswith("n_") else 3  # counts print as integers
            lines.append(
                f"| {m} | " + " | ".join(_fmt(coh.at[y, m], digits) for y in _spread(years)) + " |"
            )
    r = tables["r_index"].set_index("year")
    lines += [
        "",
        f"## Robustness ({focus})",
        "",
        "Schneider et al. (2011) R-index: mean share of states in the largest alliance component "
        "while states are removed one by one (0 = shattered at once, 0.5 = complete graph).",
        "",
        f"- random failure (mean over {args.orders} orders): **{_fmt(r.at[focus, 'random'])}**",
        f"- targeted attack (adaptive, highest degree first): **{_fmt(r.at[focus, 'targeted_degree'])}**",
        "",
        f"## Coverage under published honouring rates ({focus})",
        "",
        "Share of states that keep at least one honouring ally when each commitment is honoured "
        "with the published probability.",
        "",
        "| preset | mean coverage | 5% | 95% | unprotected (mean) |",
        "|---|---|---|---|---|",
    ]
    for preset, g in tables["defections"].groupby("preset", sort=False):
        lines.append(
            f"| {preset} | {_fmt(g['coverage'].mean())} | {_fmt(g['coverage'].quantile(0.05))} | "
            f"{_fmt(g['coverage'].quantile(0.95))} | {_fmt(g['unprotected'].mean())} |"
        )
    keys = tables["keystones"]
    lines += ["", f"## Keystone states ({focus})", ""]
    loss_cols = [c for c in keys.columns if c.endswith("_loss") or c == "capability_share"]
    lines.append("| state | " + " | ".join(loss_cols) + " |")
    lines.append("|---|" + "---|" * len(loss_cols))
    for row in keys.head(5).itertuples(index=False):
        d = row._asdict()
        lines.append(
            f"| {d.get('stateabb', d['ccode'])} | "
            + " | ".join(_fmt(d[c]) for c in loss_cols)
            + " |"
        )
    lines += ["", "## Figures", ""]
    for stem in figures:
        lines += [f"![{stem}](figures/{stem}.png)", "", f"[PDF](figures/{stem}.pdf)", ""]
    lines += [
        "## Tables",
        "",
        "Tidy CSV tables are in `tables/` (Parquet too when pyarrow is installed).",
        "",
    ]
    return "\n".join(lines)


def _spread(years, k: int = 5) -> list[int]:
    years = list(years)
    if len(years) <= k:
        return years
    idx = np.linspace(0, len(years) - 1, k).round().astype(int)
    return [years[i] for i in sorted(set(idx))]


# ---------------------------------------------------------------------------
# commands
# ---------------------------------------------------------------------------


def _cmd_report(args: argparse.Namespace) -> int:
    t0 = time.perf_counter()
    out = check_out(args.out, force=args.force, inputs=_inputs(args))
    data = _load(args)
    panel = _panel(data, args)
    with _Staging(out) as tmp:
        tables = _measure_tables(panel, args)
        tables.update(_simulation_tables(panel, data, args))
        _write_tables(tables, tmp / "tables")
        _say(args, "figures")
        figs = _figures(tables, tmp / "figures")
        text = _summary(tables, figs, data, args, time.perf_counter() - t0)
        (tmp / "summary.md").write_text(text, encoding="utf-8")
        _run_json(args, tmp)
    _say(args, f"report written to {args.out}/summary.md ({time.perf_counter() - t0:.1f} s)")
    return 0


def _cmd_measures(args: argparse.Namespace) -> int:
    out = check_out(args.out, force=args.force, inputs=_inputs(args))
    data = _load(args)
    panel = _panel(data, args)
    with _Staging(out) as tmp:
        _write_tables(_measure_tables(panel, args), tmp)
        _run_json(args, tmp)
    _say(args, f"tables written to {args.out}")
    return 0


def _cmd_simulate(args: argparse.Namespace) -> int:
    out = check_out(args.out, force=args.force, inputs=_inputs(args))
    data = _load(args)
    panel = _panel(data, args)
    with _Staging(out) as tmp:
        _write_tables(_simulation_tables(panel, data, args), tmp)
        _run_json(args, tmp)
    _say(args, f"tables written to {args.out}")
    return 0


def _cmd_figures(args: argparse.Namespace) -> int:
    folder = Path(args.tables)
    tables = _read_tables(folder)
    out = Path(args.out) if args.out else folder / "figures"
    written = _figures(tables, out, args.width)
    if not written:
        raise ParameterError(
            f"--tables {str(folder)!r}: none of the tables needed for a figure were found "
            f"(found {sorted(tables)}); expected e.g. cohesion.csv, robustness_curves.csv."
        )
    print(f"{len(written)} figures written to {out}: {', '.join(written)}")
    return 0


COMMANDS = {
    "report": _cmd_report,
    "measures": _cmd_measures,
    "simulate": _cmd_simulate,
    "figures": _cmd_figures,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``alliancenet`` command; returns the exit status.

    Bad input (a missing file, a malformed table, years outside the data) prints a
    one-paragraph message naming what was expected and exits with status 2.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    with warnings.catch_warnings():
        # data warnings (members outside the state system, carried-forward years) are
        # messages for the user, not for a developer: no file name or source line
        def show(message, category, filename, lineno, file=None, line=None):
            name = "warning" if issubclass(category, DataWarning) else category.__name__
            print(f"alliancenet {args.command}: {name}: {message}", file=sys.stderr)

        warnings.showwarning = show
        previous = _terminate_as_interrupt()
        try:
            _check_numbers(args)
            return COMMANDS[args.command](args)
        except (AllianceNetError, OSError) as err:
            print(f"alliancenet {args.command}: error: {err}", file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            print(
                f"alliancenet {args.command}: interrupted; nothing was written to --out.",
                file=sys.stderr,
            )
            return 130
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)


def _terminate_as_interrupt():
    """Make SIGTERM unwind like Ctrl-C, so the staging folder is removed."""

    def handler(signum, frame):
        raise KeyboardInterrupt

    try:
        return signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread: leave signals alone
        return None


def _check_numbers(args: argparse.Namespace) -> None:
    """Validate the numeric options before any work is done."""
    if getattr(args, "seed", 0) < 0:
        raise ParameterError(f"--seed: expected a non-negative integer, got {args.seed}.")
    if getattr(args, "jobs", 1) == 0 or getattr(args, "jobs", 1) < -1:
        raise ParameterError(
            f"--jobs: expected a positive number of processes or -1 (all cores), got {args.jobs}."
        )
    for name in ("orders", "sims"):
        value = getattr(args, name, 1)
        if value < 1:
            raise ParameterError(f"--{name}: expected a positive integer, got {value}.")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
