"""The report's tables: measures over the years, simulations on the focus year.

:func:`measure_tables` and :func:`simulation_tables` are the two halves of the
analysis; :func:`~alliancenet.report.report` calls both and the ``measures`` and
``simulate`` commands call one each. Every table is tidy (one row per
observation) and carries a ``year`` column, so the figures can be redrawn from
the saved files alone.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Mapping
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from .._docstrings import fill_doc
from .._random import RNGLike, check_n_jobs, spawn
from ..errors import DataWarning, ParameterError
from ..schema import StateSystem

__all__ = ["measure_tables", "simulation_tables", "focus_year", "PRESETS", "SIMULATION_STAGES"]

#: Published honouring rates the defection simulations run under (see ``simulate_defections``).
PRESETS: tuple[str, ...] = ("llm2000", "bf2018", "bf2018_by_era", "bf2018_by_type")

#: The random stages of :func:`simulation_tables`, in the order their generators are spawned.
SIMULATION_STAGES: tuple[str, ...] = ("robustness", "curves", "blocs", "defections")

Graphs = Mapping[int, nx.Graph]


def _say(progress: bool, text: str) -> None:
    if progress:
        print(text, file=sys.stderr, flush=True)


def check_graphs(graphs: object) -> None:
    """Refuse anything but a non-empty mapping year -> graph."""
    if not isinstance(graphs, Mapping) or not graphs:
        raise ParameterError(
            "graphs: expected a non-empty dict {year: graph} from anet.alliance_graphs; got "
            f"{type(graphs).__name__}"
            + (" (empty)" if isinstance(graphs, Mapping) else "")
            + ". Build it with anet.alliance_graphs(members, years, states=states)."
        )


def check_n_sims(n_sims: object) -> int:
    """A positive int repetition count, or a ParameterError."""
    if isinstance(n_sims, bool) or not isinstance(n_sims, int | np.integer) or n_sims < 1:
        raise ParameterError(f"n_sims: expected a positive integer, got {n_sims!r}.")
    return int(n_sims)


def focus_year(graphs: Graphs) -> int:
    """The latest year whose graph has at least one tie (the last year otherwise).

    The report runs its detailed analyses (attacks, defections, keystones,
    similarity, the network figure) on this year.

    Parameters
    ----------
    graphs : dict of int to networkx.Graph
        Yearly alliance graphs.

    Returns
    -------
    int

    Examples
    --------
    >>> import networkx as nx
    >>> focus_year({1990: nx.path_graph(3), 1991: nx.empty_graph(3)})
    1990
    """
    years = sorted(graphs)
    for year in reversed(years):
        if graphs[year].number_of_edges() > 0:
            return year
    return years[-1]


@fill_doc
def measure_tables(
    graphs: Graphs,
    *,
    rng: RNGLike = None,
    n_jobs: int | None = 1,
    progress: bool = False,
) -> dict[str, pd.DataFrame]:
    """Centrality and cohesion of every year, as the report's two tidy tables.

    Parameters
    ----------
    graphs : dict of int to networkx.Graph
        Yearly alliance graphs (:func:`~alliancenet.alliance_graphs`).
    {{rng}}
        Seeds the bloc detection behind the cohesion table (one child per year).
    {{n_jobs}}
    progress : bool, default False
        Say on stderr what is being computed, with progress bars over the years.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``"centrality"`` (``year``, ``ccode``, ``measure``, ``value``;
        :func:`~alliancenet.centrality_panel`) and ``"cohesion"`` (``year``,
        ``measure``, ``value``; :func:`~alliancenet.cohesion_panel`).

    Raises
    ------
    ParameterError
        `graphs` is not a non-empty dict, or a bad `rng` / `n_jobs`.

    See Also
    --------
    simulation_tables, alliancenet.report

    Examples
    --------
    >>> import alliancenet as anet
    >>> from alliancenet.report import measure_tables
    >>> graphs = anet.alliance_graphs(anet.load_example(), range(1990, 1993),
    ...                               states=anet.load_example_states())
    >>> tables = measure_tables(graphs, rng=2024)
    >>> sorted(tables), sorted(tables["cohesion"]["year"].unique().tolist())
    (['centrality', 'cohesion'], [1990, 1991, 1992])
    """
    import alliancenet as anet

    check_graphs(graphs)
    check_n_jobs(n_jobs)
    _say(progress, f"measures: centrality and cohesion for {len(graphs)} years")
    return {
        "centrality": anet.centrality_panel(graphs, n_jobs=n_jobs, progress=progress),
        "cohesion": anet.cohesion_panel(graphs, rng=rng, n_jobs=n_jobs, progress=progress),
    }


@fill_doc
def simulation_tables(
    graphs: Graphs,
    members: pd.DataFrame,
    *,
    states: pd.DataFrame | StateSystem | None = None,
    majors: pd.DataFrame | None = None,
    nmc: pd.DataFrame | None = None,
    carry_forward: bool = False,
    n_sims: int = 1000,
    rng: RNGLike = None,
    n_jobs: int | None = 1,
    progress: bool = False,
) -> dict[str, pd.DataFrame]:
    """Robustness and defection tables: every year, and the focus year in detail.

    Parameters
    ----------
    graphs : dict of int to networkx.Graph
        Yearly alliance graphs (:func:`~alliancenet.alliance_graphs`).
    members : pandas.DataFrame
        The membership table the graphs were built from (for the portfolio
        similarity of the focus year).
    {{states}}
    majors : pandas.DataFrame, optional
        Major-power spells (``anet.read_majors``): adds the "major powers first"
        removal order.
    nmc : pandas.DataFrame, optional
        COW NMC table (``anet.read_nmc``): adds the capability-targeted removal
        order and the keystones' ``capability_share``. When NMC ends before the
        focus year, its last year stands in (with a
        :class:`~alliancenet.DataWarning`).
    {{carry_forward}}
    n_sims : int, default 1000
        Random removal orders per year, and defection simulations per preset.
    {{rng}}
        Four children are spawned, one per random stage, in the order of
        :data:`SIMULATION_STAGES`: the random-failure panel, the focus-year
        curves, the bloc detection of the network table, and the defections
        (one grandchild per preset).
    {{n_jobs}}
    {{progress}}

    Returns
    -------
    dict of str to pandas.DataFrame
        ``robustness_random`` (every year: mean and 5%/95% quantiles of each curve
        measure over random removal orders), ``r_index`` (every year: mean R under
        random failure, R under the adaptive highest-degree attack), and for the
        focus year (the latest year with a tie): ``robustness_curves`` (one curve
        per removal strategy), ``defections`` (one row per simulation and preset
        in :data:`PRESETS`), ``keystones``, ``similarity`` (Signorino-Ritter S of
        every pair), ``network_nodes`` (with blocs) and ``network_edges``.

    Raises
    ------
    ParameterError
        `graphs` is not a non-empty dict, `n_sims` is not a positive integer, or a
        bad `rng` / `n_jobs`.

    See Also
    --------
    measure_tables, alliancenet.report

    Examples
    --------
    >>> import alliancenet as anet
    >>> from alliancenet.report import simulation_tables
    >>> members, states = anet.load_example(), anet.load_example_states()
    >>> graphs = anet.alliance_graphs(members, range(1990, 1992), states=states)
    >>> tables = simulation_tables(graphs, members, states=states, n_sims=10, rng=2024)
    >>> tables["defections"].groupby("preset", sort=False).size().tolist()
    [10, 10, 10, 10]
    >>> sorted(tables["r_index"]["year"])
    [1990, 1991]
    """
    check_graphs(graphs)
    n_sims = check_n_sims(n_sims)
    check_n_jobs(n_jobs)
    stages = dict(zip(SIMULATION_STAGES, spawn(rng, len(SIMULATION_STAGES)), strict=True))
    return run_simulations(
        graphs, members, states, majors, nmc, carry_forward, n_sims, stages, n_jobs, progress
    )


def run_simulations(
    graphs: Graphs,
    members: pd.DataFrame,
    states: pd.DataFrame | StateSystem | None,
    majors: pd.DataFrame | None,
    nmc: pd.DataFrame | None,
    carry_forward: bool,
    n_sims: int,
    stages: Mapping[str, np.random.Generator],
    n_jobs: int | None,
    progress: bool,
) -> dict[str, pd.DataFrame]:
    """The body of :func:`simulation_tables`, with one generator per stage given."""
    tables = _robustness_tables(graphs, n_sims, stages["robustness"], n_jobs, progress)
    year = focus_year(graphs)
    G = graphs[year]
    cap = _capabilities(nmc, year)
    tables["robustness_curves"] = _focus_curves(G, year, majors, cap, n_sims, stages["curves"])
    _say(progress, f"defections: {n_sims} simulations per honouring-rate preset, {year}")
    tables["defections"] = _defections(G, year, n_sims, stages["defections"], n_jobs, progress)
    tables.update(_focus_tables(G, year, members, states, cap, carry_forward, stages["blocs"]))
    return tables


def _robustness_tables(
    graphs: Graphs, n_sims: int, rng: np.random.Generator, n_jobs: int | None, progress: bool
) -> dict[str, pd.DataFrame]:
    """Random failure every year (curves summarised over orders) and the yearly R-indices."""
    import alliancenet as anet

    _say(progress, f"robustness: {n_sims} random orders per year over {len(graphs)} years")
    # the curves and the R-indices of random failure come from the same orders: both
    # panels start from the stage's seed, so every year spawns the same child
    for_curves, for_r = _twins(rng)
    random = {"strategy": "random", "adaptive": False, "n_sims": n_sims}
    curves = anet.robustness_panel(
        graphs, **random, quantiles=(0.05, 0.95), rng=for_curves, n_jobs=n_jobs, progress=progress
    )
    r_random = anet.r_index_panel(graphs, **random, rng=for_r, n_jobs=n_jobs, progress=progress)
    # Schneider et al.'s attack: highest degree first, recomputed after each removal
    r_target = anet.r_index_panel(graphs, strategy="degree", adaptive=True, n_jobs=n_jobs)
    r_tab = pd.DataFrame(
        {
            "year": r_random["year"].to_numpy(),
            "random": r_random["r_index"].to_numpy(),
            "targeted_degree": r_target["r_index"].to_numpy(),
        }
    )
    return {"robustness_random": curves, "r_index": r_tab}


def _twins(rng: np.random.Generator) -> tuple[np.random.SeedSequence, np.random.SeedSequence]:
    """Two fresh copies of the seed behind `rng` (each spawns the same children)."""
    seq = rng.bit_generator.seed_seq
    if not isinstance(seq, np.random.SeedSequence):  # pragma: no cover - spawn() gives one
        seq = np.random.SeedSequence(int(rng.integers(2**63)))
    return tuple(  # type: ignore[return-value]
        np.random.SeedSequence(seq.entropy, spawn_key=seq.spawn_key, pool_size=seq.pool_size)
        for _ in range(2)
    )


def _focus_curves(
    G: nx.Graph,
    year: int,
    majors: pd.DataFrame | None,
    cap: pd.Series | None,
    n_sims: int,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """One robustness curve per removal strategy on the focus year (random: every order)."""
    import alliancenet as anet

    plans: list[tuple[str, str, bool, int, dict[str, Any]]] = [
        ("random failure", "random", False, n_sims, {}),
        ("targeted: degree", "degree", True, 1, {}),
        ("targeted: betweenness", "betweenness", True, 1, {}),
    ]
    if majors is not None:
        extra = {"majors": majors, "capabilities": cap}
        plans.append(("major powers first", "major_powers_first", False, 1, extra))
    if cap is not None:
        plans.append(("targeted: capability", "capability", False, 1, {"capabilities": cap}))
    curves = []
    for label, strategy, adaptive, n, extra in plans:
        # one generator for the stage: only the random orders draw from it
        c = anet.robustness_curve(
            G,
            strategy,
            adaptive=adaptive,
            n_sims=n,
            rng=rng,
            **extra,  # type: ignore[arg-type]
        )
        c.insert(0, "strategy", label)
        curves.append(c)
    curve = pd.concat(curves, ignore_index=True)
    curve.insert(0, "year", year)
    return curve


def _defections(
    G: nx.Graph,
    year: int,
    n_sims: int,
    rng: np.random.Generator,
    n_jobs: int | None,
    progress: bool,
) -> pd.DataFrame:
    """Defection simulations under each published honouring-rate preset (one child each)."""
    import alliancenet as anet

    sims = []
    for preset, child in zip(PRESETS, spawn(rng, len(PRESETS)), strict=True):
        s = anet.simulate_defections(
            G, p_honor=preset, level="commitment", n_sims=n_sims, rng=child, n_jobs=n_jobs,
            progress=progress,
        )  # fmt: skip
        s.insert(0, "preset", preset)
        sims.append(s)
    sim = pd.concat(sims, ignore_index=True)
    sim.insert(0, "year", year)
    return sim


def _focus_tables(
    G: nx.Graph,
    year: int,
    members: pd.DataFrame,
    states: pd.DataFrame | StateSystem | None,
    cap: pd.Series | None,
    carry_forward: bool,
    rng: np.random.Generator,
) -> dict[str, pd.DataFrame]:
    """Keystones, portfolio similarity and the network itself, for the focus year."""
    import alliancenet as anet

    keys = anet.keystones(G, capabilities=cap)
    keys.insert(0, "year", year)
    similarity = anet.similarity(members, year, states=states, carry_forward=carry_forward)
    nodes, edges = _network_tables(G, year, rng)
    return {
        "keystones": keys.reset_index(),
        "similarity": similarity,
        "network_nodes": nodes,
        "network_edges": edges,
    }


def _capabilities(nmc: pd.DataFrame | None, year: int) -> pd.Series | None:
    """CINC scores for `year` (the last NMC year when the table ends earlier)."""
    import alliancenet as anet

    if nmc is None:
        return None
    last = int(nmc["year"].max())
    if year > last:
        warnings.warn(
            f"NMC ends in {last}; the capabilities of {last} stand in for {year}.",
            DataWarning,
            stacklevel=4,
        )
    return anet.capabilities(nmc, min(year, last))


def _network_tables(
    G: nx.Graph, year: int, rng: np.random.Generator
) -> tuple[pd.DataFrame, pd.DataFrame]:
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
    nodes.insert(0, "year", G.graph.get("year", year))
    edges = pd.DataFrame(
        [
            (u, v, d.get("weight", 1), ";".join(d.get("alliances", ())))
            for u, v, d in G.edges(data=True)
        ],
        columns=["ccode1", "ccode2", "weight", "alliances"],
    )
    edges.insert(0, "year", G.graph.get("year", year))
    return nodes.reset_index(), edges
