"""The whole analysis in one call: graphs, tables, figures and a one-page summary."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from .._docstrings import fill_doc
from .._random import RNGLike, as_generator, check_n_jobs, int_seed, spawn
from ..errors import CoverageError, ParameterError
from ..schema import StateSystem, coverage_of, state_system
from ._figures import WIDTHS, report_figures
from ._output import Staging, check_out, write_run_record, write_tables
from ._summary import summary_text
from ._tables import SIMULATION_STAGES, _say, check_n_sims, measure_tables, run_simulations

__all__ = ["report", "Report", "report_years", "STAGES"]

#: The random stages of a report, one child of `rng` each, in the order they are spawned:
#: the four of :func:`simulation_tables` (so that ``simulation_tables(..., rng=seed)``
#: reproduces them), the bloc detection behind the cohesion table, and the layout of
#: the network figure.
STAGES: tuple[str, ...] = (*SIMULATION_STAGES, "cohesion", "figures")


@dataclass(frozen=True)
class Report:
    """What :func:`report` made: the tables, the summary and the files written.

    Attributes
    ----------
    tables : dict of str to pandas.DataFrame
        The tidy tables, by name (as saved in ``tables/``).
    summary : str
        The one-page Markdown summary (``summary.md``).
    seed : int or None
        The seed the report ran with (drawn fresh and recorded when ``rng=None``);
        None when a Generator or SeedSequence was passed.
    out : pathlib.Path or None
        The report folder, or None when nothing was written.
    paths : list of pathlib.Path
        Every file written (tables, figures, ``summary.md``, ``run.json``).
    """

    tables: dict[str, pd.DataFrame]
    summary: str
    seed: int | None = None
    out: Path | None = None
    paths: list[Path] = field(default_factory=list)

    def __repr__(self) -> str:
        where = f"out={str(self.out)!r}, {len(self.paths)} files" if self.out else "not written"
        return f"Report({len(self.tables)} tables: {', '.join(self.tables)}; {where})"


@fill_doc
def report_years(
    members: pd.DataFrame,
    states: pd.DataFrame | StateSystem,
    years: int | Iterable[int] | None = None,
    *,
    carry_forward: bool = False,
) -> list[int]:
    """The years a report covers: `years` checked, or every year the data allow.

    The data allow the years of the membership table's coverage
    (:func:`~alliancenet.schema.coverage_of`) that the states table covers
    (:attr:`~alliancenet.schema.StateSystem.span`), and with `carry_forward` the
    coverage's years after the states table ends.

    Parameters
    ----------
    members : pandas.DataFrame
        Memberships in the canonical schema (their coverage from ``attrs`` or the
        spells).
    states : pandas.DataFrame or StateSystem
        The states table (validated by :func:`~alliancenet.schema.state_system`).
    years : int or iterable of int, optional
        The years asked for; default every year the data allow.
    {{carry_forward}}

    Returns
    -------
    list of int
        The years, sorted, each once.

    Raises
    ------
    CoverageError
        A year outside what the data allow (the message says which years are, and
        when `carry_forward` would help), or no year in common.
    ParameterError
        An empty `years`.

    Examples
    --------
    >>> import alliancenet as anet
    >>> ys = report_years(anet.load_example(), anet.load_example_states())
    >>> ys[0], ys[-1]
    (1920, 2025)
    >>> report_years(anet.load_example(), anet.load_example_states(), range(1800, 1901))
    Traceback (most recent call last):
    ...
    alliancenet.errors.CoverageError: years 1800-1900 lie outside ...
    """
    system = state_system(states)
    coverage = coverage_of(members)
    allowed = system.default_years(coverage, carry_forward).tolist()
    if not allowed:
        raise CoverageError(
            f"the memberships cover {coverage[0]}-{coverage[1]} and the states table "
            f"{system.span[0]}-{system.span[1]}: no year in common. Pass the states table "
            "that belongs to the memberships."
        )
    if years is None:
        return allowed
    asked = sorted({int(y) for y in ([years] if isinstance(years, int | np.integer) else years)})
    if not asked:
        raise ParameterError("years: expected at least one year, got none.")
    if asked[0] < allowed[0] or asked[-1] > allowed[-1]:
        hint = ""
        if not carry_forward and system.span[1] < asked[-1] <= coverage[1]:
            hint = (
                f" Years after {system.span[1]} need carry_forward=True (--carry-forward): the "
                f"{system.span[1]} state system stands in for them."
            )
        shown = f"{asked[0]}-{asked[-1]}" if len(asked) > 1 else str(asked[0])
        raise CoverageError(
            f"years {shown} lie outside what the data cover ({allowed[0]}-{allowed[-1]}: "
            f"memberships {coverage[0]}-{coverage[1]}, states {system.span[0]}-"
            f"{system.span[1]}); choose years within {allowed[0]}-{allowed[-1]}.{hint}"
        )
    return asked


def report_graphs(
    members: pd.DataFrame,
    states: pd.DataFrame | StateSystem,
    years: int | Iterable[int] | None,
    obligations: str | Sequence[str],
    carry_forward: bool,
) -> dict[int, nx.Graph]:
    """The yearly graphs of a report (years checked by :func:`report_years`)."""
    import alliancenet as anet

    kept = report_years(members, states, years, carry_forward=carry_forward)
    return anet.alliance_graphs(
        members, kept, obligations=obligations, states=states, carry_forward=carry_forward
    )


def stage_generator(rng: RNGLike, stage: str) -> np.random.Generator:
    """The generator :func:`report` gives `stage` (one of :data:`STAGES`) for this `rng`.

    With an int seed this redraws a stage of a saved report, e.g. its network layout.

    Examples
    --------
    >>> a = stage_generator(2024, "figures").integers(1000)
    >>> b = spawn(2024, len(STAGES))[STAGES.index("figures")].integers(1000)
    >>> bool(a == b)
    True
    """
    if stage not in STAGES:
        raise ParameterError(f"stage: expected one of {list(STAGES)}, got {stage!r}.")
    return spawn(rng, len(STAGES))[STAGES.index(stage)]


def _seed_of(rng: RNGLike) -> tuple[RNGLike, int | None]:
    """Fix the seed of a report: draw one when `rng` is None, keep ints, else no seed."""
    as_generator(rng)  # refuse bad values before any work
    if rng is None:
        seed = int_seed(None)
        return seed, seed
    if isinstance(rng, int | np.integer) and not isinstance(rng, bool):
        return rng, int(rng)
    return rng, None


def _inputs(
    members: pd.DataFrame | None,
    states: pd.DataFrame | None,
    majors: pd.DataFrame | None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None]:
    """The example data where `members` is None; `states` required otherwise."""
    import alliancenet as anet

    if members is None:
        states = anet.load_example_states() if states is None else states
        return anet.load_example(), states, anet.load_example_majors() if majors is None else majors
    if states is None:
        raise ParameterError(
            "states: required with your own memberships: the nodes of each year's graph are that "
            "year's system members, allied or not. Pass anet.read_states('system2016.csv') "
            "(on the command line: --states system2016.csv)."
        )
    return members, states, majors


@fill_doc
def report(
    members: pd.DataFrame | None = None,
    states: pd.DataFrame | None = None,
    *,
    majors: pd.DataFrame | None = None,
    nmc: pd.DataFrame | None = None,
    years: int | Iterable[int] | None = None,
    obligations: str | Sequence[str] = "defense",
    carry_forward: bool = False,
    n_sims: int = 1000,
    rng: RNGLike = None,
    n_jobs: int | None = 1,
    progress: bool = False,
    out: str | os.PathLike[str] | None = None,
    force: bool = False,
    width: str = "single",
    metadata: Mapping[str, Any] | None = None,
) -> Report:
    """Run the whole analysis: tables, figures and a one-page summary.

    Builds the yearly alliance graphs, computes centrality and cohesion for every
    year, runs random failure every year, and on the focus year (the latest year
    with a tie) targeted attacks, defection simulations under published honouring
    rates, keystones, portfolio similarity and blocs. With `out`, writes
    ``tables/`` (CSV, and Parquet with pyarrow), ``figures/`` (PDF and PNG),
    ``summary.md`` and ``run.json`` there; the folder appears only when
    everything succeeded.

    Parameters
    ----------
    members : pandas.DataFrame, optional
        Memberships in the canonical schema (``anet.read_atop``, ``read_cow``,
        ``read_memberships``). Default: the bundled example, with its states table
        and major powers.
    {{states}}
        Required with your own `members`, so that states without allies count.
    majors : pandas.DataFrame, optional
        Major-power spells (``anet.read_majors``) for the "major powers first"
        attack.
    nmc : pandas.DataFrame, optional
        COW NMC (``anet.read_nmc``) for the capability attack and keystones.
    years : int or iterable of int, optional
        Years to analyse (e.g. ``range(1946, 2019)``); default: every year of the
        memberships' coverage the states table covers.
    {{obligations}}
    {{carry_forward}}
    n_sims : int, default 1000
        Random removal orders per year, and defection simulations per preset.
    {{rng}}
        ``None`` draws a fresh seed and records it (``Report.seed``,
        ``summary.md``, ``run.json``), so every report can be rerun. Five
        children are spawned, one per random stage (:data:`alliancenet.report.STAGES`).
    {{n_jobs}}
    progress : bool, default False
        Say on stderr what is being computed and show progress bars.
    out : str or path-like, optional
        Report folder. Default: nothing is written (no figures; the summary has
        no figure links).
    force : bool, default False
        Replace `out` if it holds a previous alliancenet output (a ``run.json``);
        a folder alliancenet did not write is never replaced.
    width : {"single", "double"}, default "single"
        Journal column width of the one-column figures.
    metadata : mapping, optional
        Extra entries for ``run.json`` (the command line records its options).

    Returns
    -------
    Report
        ``.tables`` (dict of tidy DataFrames), ``.summary`` (Markdown),
        ``.seed``, ``.out`` and ``.paths`` (the files written).

    Raises
    ------
    ParameterError
        A bad `out` (see :func:`~alliancenet.report.check_out`), `n_sims`,
        `rng`, `n_jobs` or `width`, or `members` without `states`.
    CoverageError
        `years` outside what the memberships and the states table cover.

    See Also
    --------
    alliancenet.report.measure_tables, alliancenet.report.simulation_tables
    alliancenet.report.report_figures

    Notes
    -----
    Each random stage draws from its own child of `rng`, spawned in the order
    of :data:`alliancenet.report.STAGES`; so with an int seed ``s``, ``report(rng=s)`` has the
    simulation tables of ``simulation_tables(..., rng=s)``, and the result does
    not depend on `n_jobs`. The tables are ordered as in :data:`alliancenet.report.TABLES`.

    Examples
    --------
    >>> from alliancenet.report import report
    >>> rep = report(years=range(2000, 2003), n_sims=20, rng=2024)
    >>> rep
    Report(10 tables: centrality, cohesion, ...; not written)
    >>> rep.tables["r_index"].columns.tolist()
    ['year', 'random', 'targeted_degree']
    >>> rep.summary.splitlines()[0]
    '# alliancenet report'
    """
    t0 = time.perf_counter()
    n_sims = check_n_sims(n_sims)
    check_n_jobs(n_jobs)
    if width not in WIDTHS:
        raise ParameterError(f"width: expected 'single' or 'double', got {width!r}.")
    root = check_out(out, force=force) if out is not None else None
    rng, seed = _seed_of(rng)
    members, states, majors = _inputs(members, states, majors)
    system = state_system(states)  # validated once, passed on
    kept = report_years(members, system, years, carry_forward=carry_forward)
    stages = dict(zip(STAGES, spawn(rng, len(STAGES)), strict=True))
    graphs = report_graphs(members, system, kept, obligations, carry_forward)
    sims = run_simulations(
        graphs, members, system, majors, nmc, carry_forward, n_sims, stages, n_jobs, progress
    )
    tables = measure_tables(graphs, rng=stages["cohesion"], n_jobs=n_jobs, progress=progress)
    tables.update(sims)
    text = obligations if isinstance(obligations, str) else ",".join(obligations)
    source = str(members.attrs.get("source", "own table"))

    def summary(figures: Sequence[str]) -> str:
        return summary_text(
            tables, figures, source=source, obligations=text,
            seed=f"seed {seed}" if seed is not None else "seeded by a generator",
            n_sims=n_sims, seconds=time.perf_counter() - t0,
        )  # fmt: skip

    if root is None:
        return Report(tables, summary([]), seed)
    record = {
        "function": "report", "years": [kept[0], kept[-1]], "obligations": text,
        "carry_forward": carry_forward, "n_sims": n_sims, "seed": seed, "n_jobs": n_jobs,
        "width": width, "source": source, **dict(metadata or {}),
    }  # fmt: skip
    with Staging(root) as tmp:
        paths = write_tables(tables, tmp / "tables")
        _say(progress, "figures")
        figures = report_figures(tables, tmp / "figures", width=width, rng=stages["figures"])
        text_md = summary(list(dict.fromkeys(p.stem for p in figures)))
        (tmp / "summary.md").write_text(text_md, encoding="utf-8")
        paths += [*figures, tmp / "summary.md", write_run_record(tmp, record)]
    _say(progress, f"report written to {root}/summary.md ({time.perf_counter() - t0:.1f} s)")
    return Report(tables, text_md, seed, root, [root / p.relative_to(tmp) for p in paths])
