"""Defection as alliance politics: what is left of an alliance system when allies renege.

:func:`simulate_defections` asks what happens when promises (see
:mod:`alliancenet.robustness._promises`) are broken at random, at the rates the
literature reports (:mod:`alliancenet.robustness.rates`): Monte Carlo over who
honours, at the level of the state, the single commitment, or the whole treaty; one
row per simulation with the share of states still covered by an honouring ally, the
largest connected bloc and the number of blocs. For one attacked state see
:func:`~alliancenet.robustness.attack.attack_response`; for single defections
:func:`~alliancenet.robustness.knockout.keystones`.
"""

from __future__ import annotations

import math
from functools import partial
from typing import Any, Literal, TypeAlias

import networkx as nx
import numpy as np
import pandas as pd

from .._docstrings import fill_doc
from .._parallel import run_tasks
from .._random import RNGLike, as_generator, check_n_jobs, spawn
from ..errors import ParameterError
from ._checks import check_count, check_memory
from ._copula import draw_honour, normal_quantile
from ._promises import Promises, promises, summaries
from ._scenario import Groups, Scenario, States, fill_scenario, make_scenario
from .rates import HonorRates, graph_year, promise_rates, resolve_rates, state_rates, type_rate

__all__ = ["simulate_defections"]

_LEVELS = ("state", "commitment", "treaty")
#: Promise → treaty incidence: first treaty per promise, then (promises, treaty) per depth.
Incidence: TypeAlias = tuple[np.ndarray, tuple[tuple[np.ndarray, np.ndarray], ...]]
#: Simulations per seeded batch: fixed, so results do not depend on n_jobs.
_BATCH_SIZE = 250


def _simulate_batch(
    task: tuple[np.random.Generator, int],
    *,
    level: str,
    rates: np.ndarray,
    src: np.ndarray,
    dst: np.ndarray,
    incidence: Incidence | None,
    n: int,
    allied: np.ndarray,
    correlation: float,
    group: np.ndarray,
    n_groups: int,
    thresholds: np.ndarray | None,
    forced: tuple[np.ndarray, np.ndarray] | None,
) -> dict[str, np.ndarray]:
    rng, size = task
    honour = draw_honour(rng, size, rates, correlation, group, n_groups, thresholds)
    if level == "state":
        alive = honour[:, src] & honour[:, dst]
    elif level == "commitment":
        alive = honour
    else:
        assert incidence is not None
        first, extra = incidence
        alive = honour[:, first]
        for idx, treaty in extra:
            alive[:, idx] |= honour[:, treaty]
        if forced is not None:
            alive[:, forced[0]] = False
            alive[:, forced[1]] = True
    return summaries(alive, src, dst, n, allied)


def _treaty_ids(pr: Promises) -> list[tuple[Any, ...]]:
    """The alliance ids carried by each promise (every tie must have some)."""
    carried = []
    for k, d in enumerate(pr.data):
        ids = d.get("alliances")
        if not ids:
            raise ParameterError(
                f"expected an 'alliances' tuple on every tie for level='treaty'; the tie "
                f"{pr.nodes[pr.src[k]]}–{pr.nodes[pr.dst[k]]} has none; build the graph "
                "with anet.alliance_graph"
            )
        carried.append(tuple(ids))
    return carried


def _treaty_types(G: nx.Graph, treaties: Any, ids: list[Any]) -> dict[Any, Any]:
    """Obligation types of each treaty, from a treaty graph or a membership table."""
    if treaties is None:
        return {}
    if not isinstance(treaties, nx.Graph):
        from ..build import treaty_graph

        obligations = G.graph.get("obligations", "defense")
        treaties = treaty_graph(treaties, graph_year(G), obligations=obligations)
    known = {v: d for v, d in treaties.nodes(data=True) if d.get("kind") == "treaty"}
    unknown = [a for a in ids if a not in known]
    if unknown:
        raise ParameterError(
            f"expected every alliance on the graph's ties in the treaty graph; missing "
            f"{unknown[:5]}; build both graphs from the same members, year and obligations"
        )
    return {a: known[a].get("types", ()) for a in ids}


def _treaty_incidence(
    G: nx.Graph, pr: Promises, kind: str, rates: Any, treaties: Any
) -> tuple[np.ndarray, Incidence, list[Any]]:
    """Treaty survival rates (T,), the sparse promise → treaty incidence and the ids."""
    if kind in ("state", "dyad"):
        raise ParameterError(
            "expected a number, a preset or a by-type mapping for level='treaty'; got "
            f"rates by {kind}; a treaty survives or collapses as a whole, so use "
            "level='commitment' for state-specific rates"
        )
    carried = _treaty_ids(pr)
    ids = sorted({a for c in carried for a in c})
    treaty_types = _treaty_types(G, treaties, ids)
    if kind == "scalar":
        t_rates = np.full(len(ids), rates)
    else:
        if treaties is None:
            raise ParameterError(
                "expected treaties= (a treaty graph or the membership table) for by-type "
                "rates at level='treaty'; the state graph does not say which type each "
                "treaty has"
            )
        t_rates = np.array([type_rate(treaty_types[a], rates, f"treaty {a}") for a in ids])
    pos = {a: i for i, a in enumerate(ids)}
    return t_rates, _sparse_incidence([[pos[a] for a in c] for c in carried]), ids


def _sparse_incidence(carried: list[list[int]]) -> Incidence:
    """Promise → treaty incidence as gathers: the first treaty of every promise, then,
    for depth j = 1, 2, …, the promises with more than j treaties and their j-th one.

    ``alive = survives[:, first]``, then ``alive[:, idx] |= survives[:, treaty]`` per
    depth: time and memory linear in the (promise, treaty) pairs, where a dense treaty ×
    promise matrix grows with their product.
    """
    lengths = np.fromiter((len(c) for c in carried), dtype=np.int64, count=len(carried))
    first = np.fromiter((c[0] for c in carried), dtype=np.int64, count=len(carried))
    extra = []
    for j in range(1, int(lengths.max(initial=1))):
        idx = np.flatnonzero(lengths > j)
        extra.append((idx, np.array([carried[k][j] for k in idx], dtype=np.int64)))
    return first, tuple(extra)


def _level_rates(
    G: nx.Graph, pr: Promises, level: str, kind: str, rates: Any, treaties: Any, scen: Scenario
) -> dict[str, Any]:
    """What is drawn per simulation: rates per state, promise or treaty, the factor of
    each, the treaty incidence and the promises forced by the scenario (level treaty)."""
    plan: dict[str, Any] = {"incidence": None, "forced": None}
    if level == "state":
        if kind in ("type", "dyad"):
            raise ParameterError(
                "expected a number, a preset or rates by state for level='state'; got rates "
                f"by {'obligation type' if kind == 'type' else 'dyad'}, which belong to single "
                "commitments; use level='commitment'"
            )
        if kind == "scalar":
            arr = np.full(pr.n, rates)
        else:
            needed = np.zeros(pr.n, dtype=bool)
            needed[pr.src] = True
            arr = state_rates(pr.nodes, rates, needed)
        plan["rates"] = scen.force(arr, np.arange(pr.n), pr.nodes)
        plan["group"], plan["n_groups"] = scen.unit_groups(pr.nodes, "state")
    elif level == "commitment":
        plan["rates"] = scen.force(promise_rates(pr, kind, rates), pr.src, pr.nodes)
        plan["group"], plan["n_groups"] = scen.promise_groups(pr, np.arange(len(pr.src)))
    else:
        plan["rates"], plan["incidence"], ids = _treaty_incidence(G, pr, kind, rates, treaties)
        plan["group"], plan["n_groups"] = scen.unit_groups(ids, "treaty")
        one = np.ones(len(pr.src))
        forced = scen.force(one * 0.5, pr.src, pr.nodes)
        if (forced != 0.5).any():
            plan["forced"] = (np.flatnonzero(forced == 0.0), np.flatnonzero(forced == 1.0))
    return plan


@fill_doc
@fill_scenario
def simulate_defections(
    G: nx.Graph,
    *,
    p_honor: HonorRates = 0.745,
    level: Literal["state", "commitment", "treaty"] = "state",
    correlation: float = 0.0,
    groups: Groups = "crisis",
    defectors: States = None,
    honor: States = None,
    scenario: str | None = None,
    n_sims: int = 1000,
    treaties: nx.Graph | pd.DataFrame | None = None,
    rng: RNGLike = None,
    n_jobs: int | None = 1,
    progress: bool = False,
) -> pd.DataFrame:
    """Simulate random defections from an alliance network.

    Every ally honours its commitments with probability `p_honor` — independently, or
    with a common factor per crisis (`correlation`) — and named states may be certain
    to defect or to honour; what is left of the network is summarised once per
    simulation.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        A state graph from :func:`anet.alliance_graph` (int ccode nodes; edges with
        ``types`` and ``alliances`` where the rates or the level need them). In a
        directed graph an arc ``A → B`` is A's promise to B.
    p_honor : float, str, mapping, callable or pandas.DataFrame, default 0.745
        Honouring rate: a number, a preset name from :data:`HONOR_RATES`, a mapping by
        state (``{ccode: p}``, optionally with a ``"default"`` for the others), by
        obligation type (highest-obligation rule), or by dyad — a callable
        ``f(ally, target)`` or a table ``ccode1, ccode2, p`` (level "commitment"); see
        :mod:`alliancenet.robustness.rates`. The default is Leeds, Long & Mitchell's
        74.5 %.
    level : {"state", "commitment", "treaty"}, default "state"
        Who decides. ``"state"``: each state honours or defects from *all* its
        commitments at once (rates: a number, preset or by state); a defecting state
        stays in the system but all its ties are removed, so it neither protects nor is
        protected (alliance obligations are mutual: a state that reneges cannot invoke
        the treaty). ``"commitment"``: each promise is kept or broken independently —
        on an undirected tie, each direction separately — with the promiser's rate (by
        state) or the tie's rate (by type); a tie stays in the network while at least one
        of its promises is kept. ``"treaty"``: each treaty (alliance id in the ties'
        ``alliances``) survives with its rate (a number, or by type of the treaty, which
        needs `treaties`); a promise survives while any treaty behind it survives
        (a promise of a state in `defectors` never does, one of a state in `honor`
        always does).
    {{scenario}}
    {{n_sims}}
    treaties : networkx.Graph or pandas.DataFrame, optional
        Only for ``level="treaty"`` with rates by type: the bipartite treaty graph from
        :func:`anet.treaty_graph` for the same year (treaty nodes carry ``types``), or the
        membership table to build it from (with ``G.graph["year"]`` and
        ``G.graph["obligations"]``).
    {{rng}}
        The simulations are split into fixed batches of 250, each drawing from its
        own child generator (``alliancenet._random.spawn``).
    {{n_jobs}}
        Batches run in parallel.
    {{progress}}

    Returns
    -------
    pandas.DataFrame
        One row per simulation: ``sim`` (0..n_sims−1), ``coverage``, ``unprotected``,
        ``lcc_fraction``, ``n_blocs``. ``attrs`` holds ``level``, ``n_states``,
        ``n_allied``, ``baseline`` (the same summaries when every promise is kept),
        ``method`` (``"monte carlo"``, or ``"exact"`` when every rate is 0 or 1 and all
        simulations are the same) and the scenario: ``scenario`` (a description),
        ``correlation``, ``groups``, ``defectors``, ``honor``.

    Raises
    ------
    GraphTypeError
        If `G` is not a simple state graph (e.g. a treaty graph), or has tuple labels.
    ParameterError
        For an unknown level, a probability outside [0, 1], rates missing for a state or
        type, rates that do not fit the level, bad `n_sims`, `rng` or `n_jobs`, or a
        simulation too large for memory.

    Notes
    -----
    With N the number of states in `G` (isolates included), A the set of states to
    which at least one promise is made (*allied* states), and C the set of states to
    which at least one promise is kept after defection:

    - ``coverage`` = \\|C\\| / N — share of all states with at least one honouring ally;
    - ``unprotected`` = \\|A \\ C\\| / \\|A\\| — share of the originally allied states left
      with no honouring ally (NaN when no state has allies);
    - ``lcc_fraction`` = size of the largest connected component of the surviving ties
      (weakly connected for directed graphs) / N;
    - ``n_blocs`` = number of connected components with at least two states. These are
      plain components, not Leiden communities: a community detection per simulation
      would cost far more than the simulation; run :func:`anet.blocs` on single draws if
      you need them.

    Level ``"state"`` with rate p keeps a tie only if both ends honour (probability p²
    when both share one rate, independently); level ``"commitment"`` keeps each
    direction with probability p. With ``correlation`` ρ > 0 each simulation draws the
    common factors ``Z`` (one per group) and then the idiosyncratic terms, so every
    rate is still its marginal probability but units of one group move together
    (one-factor Gaussian copula, Vasicek 2002 [3]_). At level ``"treaty"`` the
    treaties behind each promise are held as a sparse incidence (one gather per
    treaty a promise carries), so time and memory are linear in the promises. Draws are vectorised over the simulations of a batch; components use
    a union-find compiled with numba (the same code runs as plain Python, with identical
    results, where numba is not installed).

    References
    ----------
    .. [1] Leeds, B. A., Long, A. G. & Mitchell, S. M. (2000). Reevaluating alliance
       reliability: specific threats, specific promises. *Journal of Conflict
       Resolution* 44(5), 686–699. https://doi.org/10.1177/0022002700044005006
    .. [2] Berkemeier, M. & Fuhrmann, M. (2018). Reassessing the fulfillment of alliance
       commitments in war. *Research & Politics* 5(2).
       https://doi.org/10.1177/2053168018776846
    .. [3] Vasicek, O. (2002). The distribution of loan portfolio value. *Risk*
       15(12), 160–162.

    Examples
    --------
    A triangle of allies and one unallied state; when everybody honours, three of four
    states are covered:

    >>> import networkx as nx
    >>> G = nx.Graph([(2, 20), (20, 200), (2, 200)])
    >>> G.add_node(365)
    >>> sims = simulate_defections(G, p_honor=1.0, n_sims=3, rng=1)
    >>> sims[["coverage", "unprotected", "lcc_fraction", "n_blocs"]].iloc[0].tolist()
    [0.75, 0.0, 0.75, 1.0]
    >>> sims = simulate_defections(G, p_honor="bf2018", level="commitment", n_sims=2000, rng=1)
    >>> round(float(sims["unprotected"].mean()), 2)  # (1 - 0.5)**2 = 0.25 in expectation
    0.25

    The bundled example (NATO and other collective-defence treaties) in 2024, with the
    post-1945 honouring rate of Berkemeier & Fuhrmann:

    >>> import alliancenet as anet
    >>> G = anet.alliance_graph(anet.load_example(), 2024, states=anet.load_example_states())
    >>> sims = simulate_defections(G, p_honor="bf2018_by_era", n_sims=500, rng=1)
    >>> bool(sims["coverage"].mean() < sims.attrs["baseline"]["coverage"])
    True

    The same with Turkey certain to defect and shared reluctance (ρ = 0.5):

    >>> sims = simulate_defections(
    ...     G, p_honor="bf2018_by_era", correlation=0.5, defectors=[640], n_sims=500, rng=1
    ... )
    >>> sims.attrs["scenario"]
    'correlation 0.5 (one factor per crisis); defectors TUR (640)'
    """
    if level not in _LEVELS:
        raise ParameterError(f"expected level in {_LEVELS}; got {level!r}")
    n_sims = check_count(n_sims, "n_sims")
    n_jobs = check_n_jobs(n_jobs)
    gen = as_generator(rng)
    pr = promises(G, "simulate_defections")
    scen = make_scenario(
        pr.nodes,
        correlation=correlation,
        groups=groups,
        defectors=defectors,
        honor=honor,
        name=scenario,
        abbrev=dict(G.nodes(data="stateabb")),
    )
    width = {"state": pr.n, "commitment": len(pr.src), "treaty": len(pr.src)}[level]
    check_memory(
        n_jobs * min(n_sims, _BATCH_SIZE) * (width + pr.n) * 16 + n_sims * 40.0,
        f"simulate_defections with {n_sims:,} simulations of {len(pr.src):,} promises",
        "lower n_sims or n_jobs",
    )
    kind, rates = resolve_rates(p_honor, G)
    plan = _level_rates(G, pr, level, kind, rates, treaties, scen)
    arr = plan["rates"]
    allied = pr.allied()
    gens = spawn(gen, math.ceil(n_sims / _BATCH_SIZE))
    sizes = [min(_BATCH_SIZE, n_sims - i * _BATCH_SIZE) for i in range(len(gens))]
    func = partial(
        _simulate_batch,
        level=level,
        rates=arr,
        src=pr.src,
        dst=pr.dst,
        incidence=plan["incidence"],
        n=pr.n,
        allied=allied,
        correlation=scen.correlation,
        group=plan["group"],
        n_groups=plan["n_groups"],
        thresholds=normal_quantile(arr) if scen.correlation > 0 else None,
        forced=plan["forced"],
    )
    tasks = list(zip(gens, sizes, strict=True))
    parts = run_tasks(func, tasks, n_jobs=n_jobs, progress=progress, desc="defections")
    out = pd.DataFrame({k: np.concatenate([p[k] for p in parts]) for k in parts[0]})
    out.insert(0, "sim", np.arange(n_sims, dtype=np.int64))
    out["n_blocs"] = out["n_blocs"].astype(np.int64)
    base = summaries(np.ones((1, len(pr.src)), dtype=bool), pr.src, pr.dst, pr.n, allied)
    attrs: dict[str, Any] = {
        "level": level,
        "n_states": pr.n,
        "n_allied": int(allied.sum()),
        "baseline": {k: float(v[0]) for k, v in base.items()},
        "method": "exact" if bool(np.isin(arr, (0.0, 1.0)).all()) else "monte carlo",
    }
    attrs.update(scen.attrs())
    out.attrs.update(attrs)
    return out
