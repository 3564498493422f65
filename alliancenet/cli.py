"""The ``alliancenet`` command line: report, measures, simulate, figures, dyads, states.

``alliancenet report`` is the main job: from treaty data (the bundled example by
default, or ATOP / COW / your own table) it builds the yearly alliance graphs,
computes the measures, runs the robustness and defection analyses, and writes
figures (PDF and PNG), tidy tables (CSV, and Parquet when pyarrow is installed)
and a one-page Markdown summary into ``--out``. The other sub-commands run one
part: ``measures`` (tables only), ``simulate`` (robustness and defection tables
only) and ``figures`` (figures from tables saved earlier); ``dyads`` and ``states``
write regression-ready dyad-year and state-year tables (CSV, Parquet or Stata).

This module only parses the arguments, reads the input files and calls
:mod:`alliancenet.report`, which does the work (and can be called from Python:
``anet.report(...)``). Output is written to a temporary folder beside ``--out``
and moved into place only when everything succeeded; ``--force`` replaces only a
previous alliancenet output. Every failure is one line on stderr and exit
status 2 (130 when interrupted by Ctrl-C or SIGTERM).
"""

from __future__ import annotations

import argparse
import signal
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

import pandas as pd

from . import __version__
from .errors import AllianceNetError, DataWarning, ParameterError

__all__ = ["main", "build_parser"]

OUT = ("--out", "--force")  # how check_out names the options in messages
INPUTS = ("atop", "cow", "members", "states", "nmc", "majors", "tables")


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
        help="years to analyse, e.g. 1946-2018 (default: all years the data and the states "
        "table cover)",
    )
    an.add_argument(
        "--carry-forward",
        action="store_true",
        help="use the states table's last year for later years of the treaty data "
        "(default: stop where the states table ends)",
    )
    an.add_argument(
        "--obligations",
        default="defense",
        help="obligation type(s) that make a tie, comma-separated: defense, offense, neutrality, "
        "nonaggression, consultation, entente, or any (default: defense)",
    )
    an.add_argument("--seed", type=int, default=2024, help="random seed (default: 2024)")
    an.add_argument("--quiet", action="store_true", help="no progress messages or bars")


def _add_sim_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--sims",
        type=int,
        default=1000,
        metavar="N",
        help="Monte Carlo repetitions: random removal orders per year for the robustness "
        "curves, and defection simulations per honouring-rate preset (default: 1000)",
    )
    p.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="parallel jobs (joblib: -1 = all cores, -2 = all but one; the results do not "
        "depend on it)",
    )


def _add_out_options(p: argparse.ArgumentParser, default: str) -> None:
    p.add_argument("--out", default=default, help=f"output folder (default: ./{default})")
    p.add_argument(
        "--force",
        action="store_true",
        help="replace --out if it holds a previous alliancenet output (never other files)",
    )


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
    _add_out_options(rep, "report")
    rep.add_argument(
        "--width", default="single", choices=["single", "double"], help="journal column width"
    )

    mea = sub.add_parser(
        "measures",
        help="centrality and cohesion tables only",
        description="Write centrality.csv (year, ccode, measure, value) and cohesion.csv "
        "(year, measure, value) for the yearly graphs.",
    )
    _add_data_options(mea)
    _add_out_options(mea, "measures")

    sim = sub.add_parser(
        "simulate",
        help="robustness and defection tables only",
        description="Write the robustness curves (random failure, targeted attack), R-indices, "
        "defection simulations under the published honouring rates and keystone states.",
    )
    _add_data_options(sim)
    _add_sim_options(sim)
    _add_out_options(sim, "simulations")

    fig = sub.add_parser(
        "figures",
        help="figures from tables saved by report/measures/simulate",
        description="Read the tables in --tables (a folder written by report, measures or "
        "simulate) and draw every figure they allow into --out.",
    )
    fig.add_argument(
        "--tables",
        required=True,
        help="folder holding the saved tables (a report folder: its tables/ is read)",
    )
    fig.add_argument("--out", default=None, help="output folder (default: TABLES/figures)")
    fig.add_argument(
        "--width", default="single", choices=["single", "double"], help="journal column width"
    )
    fig.add_argument(
        "--seed",
        type=int,
        default=2024,
        help="seed of the report whose tables are redrawn (default: 2024); the network "
        "layout then matches the report's",
    )
    _add_panel_parsers(sub)
    return parser


def _add_panel_parsers(sub: Any) -> None:
    """``dyads`` and ``states``: regression-ready tables written as CSV, Parquet or Stata."""
    dy = sub.add_parser(
        "dyads",
        help="dyad-year table (every dyad-year of system members) with network covariates",
        description="Write dyad_years.<format>: every dyad-year of system members with the "
        "obligation flags (0 where no tie, missing where the source does not code the type) "
        "and the covariates asked for.",
    )
    st = sub.add_parser(
        "states",
        help="state-year table with network covariates",
        description="Write state_years.<format>: one row per system member and year with "
        "allies, centralities, bloc and (with --nmc) allied capability.",
    )
    for p, default in ((dy, "dyads"), (st, "states")):
        _add_data_options(p)
        _add_out_options(p, default)
        p.add_argument(
            "--format", default="csv", choices=["csv", "parquet", "dta"],
            help="file format (dta: Stata with variable labels; default: csv)",
        )  # fmt: skip
        p.add_argument(
            "--system", default="cow", choices=["cow", "gw"],
            help="gw adds Gleditsch-Ward codes beside the COW codes (default: cow)",
        )  # fmt: skip
    dy.add_argument("--directed", action="store_true", help="directed dyads (both orders)")
    dy.add_argument(
        "--allied-only", action="store_true", help="only the dyad-years with an alliance tie"
    )
    dy.add_argument(
        "--covariates",
        default="",
        help="comma-separated: shared_allies, path_length, reach, same_bloc, s, kappa, pi, "
        "lag_tie, degree, eigenvector, betweenness, ... or all (default: none)",
    )
    dy.add_argument("--k", type=int, default=3, help="steps for reach_K (default: 3)")
    st.add_argument(
        "--centrality",
        default="eigenvector,betweenness",
        help="comma-separated centrality measures (default: eigenvector,betweenness)",
    )
    st.add_argument("--keystones", action="store_true", help="add the keystone losses")
    st.add_argument(
        "--p-honor", type=float, default=None, help="add p_covered at this honouring rate"
    )


# ---------------------------------------------------------------------------
# input
# ---------------------------------------------------------------------------

Data = tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None, pd.DataFrame | None]


def _load(args: argparse.Namespace) -> Data:
    """Read memberships, states, majors and NMC named on the command line (or the example)."""
    import alliancenet as anet

    if args.atop or args.cow or args.members:
        if not args.states:
            option = "atop" if args.atop else "cow" if args.cow else "members"
            raise ParameterError(
                f"--states is required with --{option}: the nodes of each year's graph are that "
                "year's system members, allied or not. Pass COW's system2016.csv (or "
                "states2016.csv), e.g. --states system2016.csv."
            )
        if args.atop:
            members = anet.read_atop(args.atop)
        elif args.cow:
            members = anet.read_cow(args.cow)
        else:
            members = anet.read_memberships(args.members)
        states = anet.read_states(args.states)
        majors = anet.read_majors(args.majors) if args.majors else None
    else:
        members, states = anet.load_example(), anet.load_example_states()
        majors = anet.read_majors(args.majors) if args.majors else anet.load_example_majors()
        if args.states:
            states = anet.read_states(args.states)
    nmc = anet.read_nmc(args.nmc) if args.nmc else None
    return members, states, majors, nmc


def _obligations(text: str) -> str | list[str]:
    parts = [p.strip() for p in text.split(",") if p.strip()]
    return parts[0] if len(parts) == 1 else parts


def _year_list(years: tuple[int, int] | None) -> range | None:
    return None if years is None else range(years[0], years[1] + 1)


def _inputs(args: argparse.Namespace) -> list[Path]:
    """The input paths named on the command line (files or folders)."""
    values = (getattr(args, name, None) for name in INPUTS)
    return [Path(v).expanduser().resolve() for v in values if v]


def _record(args: argparse.Namespace) -> dict[str, Any]:
    """The command line, for run.json."""
    options = {k: (list(v) if isinstance(v, tuple) else v) for k, v in vars(args).items()}
    return {"command": args.command, "options": options}


# ---------------------------------------------------------------------------
# commands
# ---------------------------------------------------------------------------


def _graphs(args: argparse.Namespace, data: Data) -> dict:
    from .report._pipeline import report_graphs

    members, states = data[0], data[1]
    return report_graphs(
        members, states, _year_list(args.years), _obligations(args.obligations),
        args.carry_forward,
    )  # fmt: skip


def _cmd_report(args: argparse.Namespace) -> int:
    from .report import report

    out = check_out_cli(args)
    members, states, majors, nmc = _load(args)
    report(
        members, states, majors=majors, nmc=nmc, years=_year_list(args.years),
        obligations=_obligations(args.obligations), carry_forward=args.carry_forward,
        n_sims=args.sims, rng=args.seed, n_jobs=args.jobs, progress=not args.quiet, out=out,
        force=args.force, width=args.width, metadata=_record(args),
    )  # fmt: skip
    return 0


def _cmd_measures(args: argparse.Namespace) -> int:
    from .report import measure_tables
    from .report._output import write_output

    out = check_out_cli(args)
    graphs = _graphs(args, _load(args))
    tables = measure_tables(graphs, rng=args.seed, progress=not args.quiet)
    write_output(out, tables, _record(args), "--out")
    _say(args, f"tables written to {args.out}")
    return 0


def _cmd_simulate(args: argparse.Namespace) -> int:
    from .report import simulation_tables
    from .report._output import write_output

    out = check_out_cli(args)
    data = _load(args)
    graphs = _graphs(args, data)
    members, states, majors, nmc = data
    tables = simulation_tables(
        graphs, members, states=states, majors=majors, nmc=nmc,
        carry_forward=args.carry_forward, n_sims=args.sims, rng=args.seed, n_jobs=args.jobs,
        progress=not args.quiet,
    )  # fmt: skip
    write_output(out, tables, _record(args), "--out")
    _say(args, f"tables written to {args.out}")
    return 0


def _cmd_figures(args: argparse.Namespace) -> int:
    from .report import read_tables, report_figures
    from .report._output import check_parent
    from .report._pipeline import stage_generator

    folder = Path(args.tables)
    out = Path(args.out) if args.out else folder / "figures"
    text = str(args.out) if args.out else str(out)
    check_parent(out.expanduser().resolve(), text, "--out")
    if out.exists() and not out.is_dir():
        raise ParameterError(f"--out {text!r} exists and is not a folder; choose another --out.")
    tables = read_tables(folder, name="--tables")
    layout = stage_generator(args.seed, "figures")  # the report's layout for this seed
    written = report_figures(tables, out, width=args.width, rng=layout)
    if not written:
        raise ParameterError(
            f"--tables {str(folder)!r}: none of the tables needed for a figure were found "
            f"(found {sorted(tables)}); expected e.g. cohesion.csv, robustness_curves.csv."
        )
    stems = list(dict.fromkeys(p.stem for p in written))
    print(f"{len(stems)} figures written to {out}: {', '.join(stems)}")
    return 0


def _write_panel(args: argparse.Namespace, out: Path, name: str, table: pd.DataFrame) -> int:
    from .datasets.export import write_table
    from .report._output import Staging, write_run_record

    with Staging(out, "--out") as tmp:
        path = write_table(table, tmp / f"{name}.{args.format}")
        write_run_record(tmp, _record(args))
    _say(args, f"{len(table):,} rows written to {out / path.name}")
    return 0


def _cmd_dyads(args: argparse.Namespace) -> int:
    from .build import dyad_years

    out = check_out_cli(args)
    members, states, _majors, _nmc = _load(args)
    names = [c.strip() for c in args.covariates.split(",") if c.strip()]
    table = dyad_years(
        members, _year_list(args.years), states=states, directed=args.directed,
        complete=not args.allied_only, obligations=_obligations(args.obligations),
        covariates=(names[0] if names == ["all"] else names) or None, k=args.k,
        carry_forward=args.carry_forward, system=args.system, rng=args.seed,
        progress=not args.quiet,
    )  # fmt: skip
    return _write_panel(args, out, "dyad_years", table)


def _cmd_states(args: argparse.Namespace) -> int:
    from .build import state_years

    out = check_out_cli(args)
    members, states, _majors, nmc = _load(args)
    measures = [c.strip() for c in args.centrality.split(",") if c.strip()]
    table = state_years(
        members, _year_list(args.years), states=states,
        obligations=_obligations(args.obligations), carry_forward=args.carry_forward,
        centrality=measures or None, nmc=nmc, p_honor=args.p_honor, keystones=args.keystones,
        system=args.system, rng=args.seed, progress=not args.quiet,
    )  # fmt: skip
    return _write_panel(args, out, "state_years", table)


def check_out_cli(args: argparse.Namespace) -> Path:
    """Validate --out (with --force and the inputs) before any work is done."""
    from .report import check_out

    return check_out(args.out, force=args.force, inputs=_inputs(args), names=OUT)


def _say(args: argparse.Namespace, text: str) -> None:
    if not getattr(args, "quiet", False):
        print(text, file=sys.stderr, flush=True)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "report": _cmd_report,
    "measures": _cmd_measures,
    "simulate": _cmd_simulate,
    "figures": _cmd_figures,
    "dyads": _cmd_dyads,
    "states": _cmd_states,
}


# ---------------------------------------------------------------------------
# entry point
# ---------------------------------------------------------------------------


def _message(err: BaseException) -> str:
    """One line for an error: OSErrors name the file and the reason."""
    if isinstance(err, OSError) and not isinstance(err, AllianceNetError) and err.strerror:
        where = f"{err.filename}: " if err.filename else ""
        return f"{where}{err.strerror.lower()}"
    return " ".join(str(err).split()) or type(err).__name__


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``alliancenet`` command; returns the exit status.

    Bad input (a missing or unreadable file, a malformed table, years outside the
    data, an unusable ``--out``) prints one line naming what was expected and
    exits with status 2; Ctrl-C or SIGTERM removes what was being written and
    exits with status 130.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    command = args.command
    with warnings.catch_warnings():
        # data warnings (members outside the state system, carried-forward years) are
        # messages for the user, not for a developer: no file name or source line
        def show(
            message: Warning | str,
            category: type[Warning],
            filename: str,
            lineno: int,
            file: TextIO | None = None,
            line: str | None = None,
        ) -> None:
            name = "note" if issubclass(category, DataWarning) else category.__name__
            print(f"alliancenet {command}: {name}: {message}", file=sys.stderr, flush=True)

        warnings.showwarning = show
        warnings.simplefilter("always", DataWarning)
        previous = _terminate_as_interrupt()
        try:
            _check_numbers(args)
            return COMMANDS[command](args)
        except (AllianceNetError, OSError) as err:
            print(f"alliancenet {command}: error: {_message(err)}", file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            print(
                f"alliancenet {command}: interrupted; nothing was written to --out.",
                file=sys.stderr,
            )
            return 130
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)


Handler = Callable[[int, FrameType | None], Any] | int | signal.Handlers | None


def _terminate_as_interrupt() -> Handler:
    """Make SIGTERM unwind like Ctrl-C, so the staging folder is removed."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    try:
        return signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread: leave signals alone
        return None


def _check_numbers(args: argparse.Namespace) -> None:
    """Validate the numeric options before any work is done."""
    from ._random import as_generator, check_n_jobs

    if hasattr(args, "seed"):
        try:
            as_generator(args.seed)
        except ParameterError:
            raise ParameterError(
                f"--seed: expected a non-negative integer, got {args.seed}."
            ) from None
    if hasattr(args, "jobs"):
        try:
            check_n_jobs(args.jobs)
        except ParameterError:
            raise ParameterError(
                f"--jobs: expected a positive number of processes, or -1 for all cores (-2 all "
                f"but one, ...); got {args.jobs}."
            ) from None
    if getattr(args, "sims", 1) < 1:
        raise ParameterError(f"--sims: expected a positive integer, got {args.sims}.")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
