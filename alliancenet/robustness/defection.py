"""Defection as alliance politics: what is left of an alliance system when allies renege.

An alliance tie is a *promise*: in an undirected alliance graph each tie carries two
promises (A to B and B to A); in a directed graph an arc ``A → B`` is A's promise to B
(ATOP codes obligations per member). The functions here ask what happens when
promises are broken at random, at the rates the literature reports:

- :func:`simulate_defections` — Monte Carlo over who honours, at the level of the
  state, the single commitment, or the whole treaty; one row per simulation with the
  share of states still covered by an honouring ally, the largest connected bloc and
  the number of blocs.
- :func:`attack_response` — for an attack on a given state: the exact probability that
  at least one ally honours, the expected number of honouring allies and (with
  capabilities) the chance that honouring allies outweigh the attacker.
- :func:`keystones` — which single state's defection costs the system most.
- :data:`HONOR_RATES` / :func:`honor_rates` — published honouring rates as presets.

Honouring rates (``p_honor``) may be given as

- a number (every promise honoured with that probability);
- a preset name from :data:`HONOR_RATES` (``"llm2000"``, ``"bf2018"``,
  ``"bf2018_by_era"``, ``"bf2018_by_type"``);
- a mapping (or Series) by state, ``{ccode: p}``: the probability that *that state*
  honours its promises;
- a mapping by obligation type, ``{"defense": p, ...}`` (keys from
  :data:`alliancenet.OBLIGATIONS`, plus an optional ``"default"``): a tie with several
  types takes the rate of its **highest obligation** that has a rate, in the order
  defense > offense > neutrality > consultation > nonaggression > entente (the order of
  the ATOP valued coding: defence and offence pledges are the heaviest, non-aggression
  and entente the lightest); ties whose types have no rate take ``"default"``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from numbers import Integral, Real

import networkx as nx
import numpy as np
import pandas as pd

from .._parallel import run_tasks, spawn_generators
from ..errors import GraphTypeError, ParameterError
from ..schema import OBLIGATIONS
from ._engine import HAVE_NUMBA

if HAVE_NUMBA:
    import numba

__all__ = [
    "HONOR_RATES",
    "honor_rates",
    "simulate_defections",
    "attack_response",
    "keystones",
]

#: Published rates at which allies honoured their commitments when the casus foederis
#: arose. ``"llm2000"``: Leeds, Long & Mitchell (2000), 74.5 % of commitments honoured
#: (1816–1944, judged against each treaty's specific obligations). ``"bf2018"``:
#: Berkemeier & Fuhrmann (2018), 50 % (1816–2003). ``"bf2018_by_era"``: the same study,
#: 66 % before 1945 and 22 % from 1945 on (picked with ``G.graph["year"]``).
#: ``"bf2018_by_type"``: the same study by pact type — defence 41 %, non-aggression
#: 37 %, offence 74 %, neutrality 78 %; the study gives no separate rate for
#: consultation pacts or ententes, so they (``"default"``) take its overall 50 %.
HONOR_RATES: dict[str, float | dict[str, float]] = {
    "llm2000": 0.745,
    "bf2018": 0.50,
    "bf2018_by_era": {"before_1945": 0.66, "from_1945": 0.22},
    "bf2018_by_type": {
        "defense": 0.41,
        "nonaggression": 0.37,
        "offense": 0.74,
        "neutrality": 0.78,
        "default": 0.50,
    },
}

#: Obligation types from heaviest to lightest (ATOP valued coding order); a tie with
#: several types takes the honouring rate of the first type here that has a rate.
_TYPE_ORDER: tuple[str, ...] = (
    "defense",
    "offense",
    "neutrality",
    "consultation",
    "nonaggression",
    "entente",
)

_LEVELS = ("state", "commitment", "treaty")
#: Simulations per seeded batch: fixed, so results do not depend on n_jobs.
_BATCH_SIZE = 250


def honor_rates(name: str) -> float | dict[str, float]:
    """Return a published honouring-rate preset by name.

    Parameters
    ----------
    name : {"llm2000", "bf2018", "bf2018_by_era", "bf2018_by_type"}
        The preset (see :data:`HONOR_RATES`).

    Returns
    -------
    float or dict
        A probability, or a copy of the mapping (by era or by obligation type).

    Raises
    ------
    ParameterError
        For an unknown name.

    Notes
    -----
    ``"llm2000"`` = 0.745 (Leeds, Long & Mitchell 2000); ``"bf2018"`` = 0.50,
    ``"bf2018_by_era"`` = 0.66 before 1945 / 0.22 from 1945, ``"bf2018_by_type"`` =
    defence 0.41, non-aggression 0.37, offence 0.74, neutrality 0.78 and 0.50 (the
    study's overall rate) for types it does not report (Berkemeier & Fuhrmann 2018).

    References
    ----------
    .. [1] Leeds, B. A., Long, A. G. & Mitchell, S. M. (2000). Reevaluating alliance
       reliability: specific threats, specific promises. *Journal of Conflict
       Resolution* 44(5), 686–699. https://doi.org/10.1177/0022002700044005006
    .. [2] Berkemeier, M. & Fuhrmann, M. (2018). Reassessing the fulfillment of alliance
       commitments in war. *Research & Politics* 5(2).
       https://doi.org/10.1177/2053168018776846

    Examples
    --------
    >>> honor_rates("llm2000")
    0.745
    >>> honor_rates("bf2018_by_type")["defense"]
    0.41
    """
    if not isinstance(name, str) or name not in HONOR_RATES:
        raise ParameterError(
            f"expected an honouring-rate preset, one of {sorted(HONOR_RATES)}; got {name!r}; "
            "or pass a number or a mapping as p_honor"
        )
    value = HONOR_RATES[name]
    return dict(value) if isinstance(value, dict) else float(value)


# --------------------------------------------------------------------------- graph


@dataclass(frozen=True)
class _Promises:
    """A state graph as arrays of promises ``src → dst`` (indices into ``nodes``)."""

    nodes: list
    src: np.ndarray
    dst: np.ndarray
    data: list  # edge attribute dict behind each promise
    directed: bool

    @property
    def n(self) -> int:
        return len(self.nodes)


def _check_state_graph(G) -> None:
    if not isinstance(G, nx.Graph):
        raise GraphTypeError(
            f"expected a networkx Graph or DiGraph from anet.alliance_graph; got {type(G).__name__}"
        )
    if G.is_multigraph():
        raise GraphTypeError(
            "expected a simple Graph or DiGraph; got a multigraph; build the graph with "
            "anet.alliance_graph, which merges treaties into one tie per pair"
        )
    if any(d.get("kind") == "treaty" for _, d in G.nodes(data=True)):
        raise GraphTypeError(
            "expected a state graph; got a bipartite treaty graph (nodes with "
            "kind='treaty'); project it with anet.project_treaty_graph, or pass it as "
            "treaties= together with the state graph"
        )


def _sorted_nodes(G) -> list:
    try:
        return sorted(G.nodes)
    except TypeError:
        return list(G.nodes)


def _promises(G) -> _Promises:
    """Promises of a state graph, sorted by (src, dst); self-loops are ignored."""
    _check_state_graph(G)
    if G.number_of_nodes() == 0:
        raise ParameterError(
            "expected a graph with at least one state; got an empty graph; check the year "
            "and the states table passed to anet.alliance_graph"
        )
    nodes = _sorted_nodes(G)
    index = {v: i for i, v in enumerate(nodes)}
    rows = []
    for u, v, d in G.edges(data=True):
        if u == v:
            continue
        rows.append((index[u], index[v], d))
        if not G.is_directed():
            rows.append((index[v], index[u], d))
    rows.sort(key=lambda r: (r[0], r[1]))
    src = np.array([r[0] for r in rows], dtype=np.int64)
    dst = np.array([r[1] for r in rows], dtype=np.int64)
    return _Promises(nodes, src, dst, [r[2] for r in rows], G.is_directed())


# --------------------------------------------------------------------------- rates


def _check_probability(p, what: str) -> float:
    if isinstance(p, bool) or not isinstance(p, Real) or not (0.0 <= float(p) <= 1.0):
        raise ParameterError(
            f"expected a probability between 0 and 1 for {what}; got {p!r}; "
            "honouring rates are shares of commitments honoured"
        )
    return float(p)


def _graph_year(G):
    year = G.graph.get("year")
    if year is None:
        raise ParameterError(
            "expected G.graph['year'] for the era preset 'bf2018_by_era'; got a graph "
            "without a year; build it with anet.alliance_graph or set G.graph['year']"
        )
    return int(year)


def _resolve_rates(p_honor, G) -> tuple[str, object]:
    """Classify ``p_honor`` as ("scalar", p), ("state", {ccode: p}) or ("type", {type: p})."""
    if isinstance(p_honor, str):
        if p_honor == "bf2018_by_era":
            era = HONOR_RATES["bf2018_by_era"]
            key = "before_1945" if _graph_year(G) < 1945 else "from_1945"
            return "scalar", float(era[key])
        p_honor = honor_rates(p_honor)
    if isinstance(p_honor, pd.Series):
        p_honor = p_honor.to_dict()
    if isinstance(p_honor, Mapping):
        if not p_honor:
            raise ParameterError("expected a non-empty mapping of honouring rates; got {}")
        keys = list(p_honor)
        if all(isinstance(k, str) for k in keys):
            unknown = sorted(set(keys) - set(OBLIGATIONS) - {"default"})
            if unknown:
                raise ParameterError(
                    f"expected obligation types {list(OBLIGATIONS)} (or 'default') as keys "
                    f"of a by-type p_honor; got unknown keys {unknown}"
                )
            rates = {k: _check_probability(v, f"type {k!r}") for k, v in p_honor.items()}
            return "type", rates
        if all(isinstance(k, Integral) and not isinstance(k, bool) for k in keys):
            rates = {int(k): _check_probability(v, f"state {k}") for k, v in p_honor.items()}
            return "state", rates
        raise ParameterError(
            "expected p_honor keyed either by state (int ccodes) or by obligation type "
            f"(strings); got mixed keys {keys[:6]}"
        )
    return "scalar", _check_probability(p_honor, "p_honor")


def _type_rate(types, rates: Mapping[str, float], where: str) -> float:
    present = set(types or ())
    for t in _TYPE_ORDER:
        if t in present and t in rates:
            return rates[t]
    if "default" in rates:
        return rates["default"]
    raise ParameterError(
        f"expected an honouring rate for one of the obligation types {sorted(present)} of "
        f"{where}; got rates only for {sorted(rates)}; add them or a 'default' key"
    )


def _state_rates(nodes, rates: Mapping[int, float], needed: np.ndarray) -> np.ndarray:
    """Rates by node position; only states flagged in `needed` must have one."""
    missing = [v for v, need in zip(nodes, needed, strict=True) if need and v not in rates]
    if missing:
        raise ParameterError(
            f"expected an honouring rate for every allied state; {len(missing)} missing "
            f"(first: {missing[:5]}); add them to p_honor"
        )
    return np.array([rates.get(v, 0.0) for v in nodes], dtype=float)


def _promise_rates(pr: _Promises, kind: str, rates, idx=None) -> np.ndarray:
    """Probability that each promise (or each promise in `idx`) is honoured."""
    idx = np.arange(len(pr.src)) if idx is None else np.asarray(idx, dtype=np.int64)
    if kind == "scalar":
        return np.full(len(idx), rates)
    if kind == "state":
        needed = np.zeros(pr.n, dtype=bool)
        needed[pr.src[idx]] = True
        return _state_rates(pr.nodes, rates, needed)[pr.src[idx]]
    out = np.empty(len(idx))
    for j, k in enumerate(idx):
        where = f"the tie {pr.nodes[pr.src[k]]}–{pr.nodes[pr.dst[k]]}"
        out[j] = _type_rate(pr.data[k].get("types", ()), rates, where)
    return out


# --------------------------------------------------------------------------- kernels


def _components_python(alive, src, dst, n):
    """Largest component size and number of components with >= 2 nodes, per row of alive.

    Union-find with path halving and union by size. Pure Python; :func:`_components`
    is this very function compiled by numba when numba is installed (identical results).
    """
    n_rows, n_prom = alive.shape
    lcc = np.zeros(n_rows, np.int64)
    blocs = np.zeros(n_rows, np.int64)
    parent = np.empty(n, np.int64)
    size = np.empty(n, np.int64)
    for b in range(n_rows):
        for i in range(n):
            parent[i] = i
            size[i] = 1
        for k in range(n_prom):
            if alive[b, k]:
                ru = src[k]
                while parent[ru] != ru:
                    parent[ru] = parent[parent[ru]]
                    ru = parent[ru]
                rv = dst[k]
                while parent[rv] != rv:
                    parent[rv] = parent[parent[rv]]
                    rv = parent[rv]
                if ru != rv:
                    if size[ru] < size[rv]:
                        ru, rv = rv, ru
                    parent[rv] = ru
                    size[ru] += size[rv]
        best = 0
        count = 0
        for i in range(n):
            if parent[i] == i:
                if size[i] > best:
                    best = size[i]
                if size[i] >= 2:
                    count += 1
        lcc[b] = best
        blocs[b] = count
    return lcc, blocs


if HAVE_NUMBA:
    _components = numba.njit(cache=True)(_components_python)
else:  # pragma: no cover - exercised only where numba is missing
    _components = _components_python


def _covered(alive: np.ndarray, dst: np.ndarray, n: int) -> np.ndarray:
    """Boolean (rows, n): state has at least one alive promise made to it."""
    out = np.zeros((alive.shape[0], n), dtype=bool)
    if alive.shape[1] == 0:
        return out
    order = np.argsort(dst, kind="stable")
    d_sorted = dst[order]
    starts = np.flatnonzero(np.r_[True, d_sorted[1:] != d_sorted[:-1]])
    out[:, d_sorted[starts]] = np.logical_or.reduceat(alive[:, order], starts, axis=1)
    return out


def _summaries(alive: np.ndarray, pr_src, pr_dst, n: int, allied: np.ndarray) -> dict:
    covered = _covered(alive, pr_dst, n)
    lcc, blocs = _components(np.ascontiguousarray(alive), pr_src, pr_dst, n)
    n_allied = int(allied.sum())
    unprotected = (
        (allied[None, :] & ~covered).sum(axis=1) / n_allied
        if n_allied
        else np.full(alive.shape[0], np.nan)
    )
    return {
        "coverage": covered.sum(axis=1) / n,
        "unprotected": unprotected,
        "lcc_fraction": lcc / n,
        "n_blocs": blocs,
    }


def _simulate_batch(task, *, level, rates, src, dst, incidence, n, allied):
    rng, size = task
    if level == "state":
        honour = rng.random((size, n)) < rates[None, :]
        alive = honour[:, src] & honour[:, dst]
    elif level == "commitment":
        alive = rng.random((size, len(src))) < rates[None, :]
    else:
        survives = rng.random((size, len(rates))) < rates[None, :]
        alive = (survives.astype(np.float32) @ incidence) > 0
    return _summaries(alive, src, dst, n, allied)


# --------------------------------------------------------------------------- treaties


def _treaty_incidence(G, pr: _Promises, kind: str, rates, treaties):
    """Treaty survival rates (T,) and the treaty × promise incidence matrix (T, P)."""
    if kind == "state":
        raise ParameterError(
            "expected a number, a preset or a by-type mapping for level='treaty'; got "
            "rates by state; a treaty survives or collapses as a whole, so use "
            "level='commitment' for state-specific rates"
        )
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
    ids = sorted({a for c in carried for a in c})
    if treaties is not None and not isinstance(treaties, nx.Graph):
        from ..build import treaty_graph

        obligations = G.graph.get("obligations", "defense")
        treaties = treaty_graph(treaties, _graph_year(G), obligations=obligations)
    treaty_types = {}
    if treaties is not None:
        known = {v: d for v, d in treaties.nodes(data=True) if d.get("kind") == "treaty"}
        unknown = [a for a in ids if a not in known]
        if unknown:
            raise ParameterError(
                f"expected every alliance on the graph's ties in the treaty graph; missing "
                f"{unknown[:5]}; build both graphs from the same members, year and obligations"
            )
        treaty_types = {a: known[a].get("types", ()) for a in ids}
    if kind == "scalar":
        t_rates = np.full(len(ids), rates)
    else:
        if treaties is None:
            raise ParameterError(
                "expected treaties= (a treaty graph or the membership table) for by-type "
                "rates at level='treaty'; the state graph does not say which type each "
                "treaty has"
            )
        t_rates = np.array([_type_rate(treaty_types[a], rates, f"treaty {a}") for a in ids])
    pos = {a: i for i, a in enumerate(ids)}
    incidence = np.zeros((len(ids), len(pr.src)), dtype=np.float32)
    for k, c in enumerate(carried):
        for a in c:
            incidence[pos[a], k] = 1.0
    return t_rates, incidence


# --------------------------------------------------------------------------- public


def simulate_defections(
    G,
    *,
    p_honor=0.745,
    level: str = "state",
    n_sims: int = 1000,
    treaties=None,
    rng=None,
    n_jobs: int | None = 1,
    progress: bool = False,
) -> pd.DataFrame:
    """Simulate random defections from an alliance network.

    Every ally honours its commitments with probability `p_honor`, independently;
    what is left of the network is summarised once per simulation.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        A state graph from :func:`anet.alliance_graph` (int ccode nodes; edges with
        ``types`` and ``alliances`` where the rates or the level need them). In a
        directed graph an arc ``A → B`` is A's promise to B.
    p_honor : float, str or mapping, default 0.745
        Honouring rate: a number, a preset name from :data:`HONOR_RATES`, a mapping by
        state (``{ccode: p}``) or by obligation type (see the module docstring for the
        highest-obligation rule). The default is Leeds, Long & Mitchell's 74.5 %.
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
        needs `treaties`); a promise survives while any treaty behind it survives.
    n_sims : int, default 1000
        Number of simulations.
    treaties : networkx.Graph or pandas.DataFrame, optional
        Only for ``level="treaty"`` with rates by type: the bipartite treaty graph from
        :func:`anet.treaty_graph` for the same year (treaty nodes carry ``types``), or the
        membership table to build it from (with ``G.graph["year"]`` and
        ``G.graph["obligations"]``).
    rng : None, int, numpy.random.Generator or SeedSequence
        Seed (SPEC 7). The simulations are split into fixed batches of 250, each with a
        child generator from :func:`alliancenet._parallel.spawn_generators`, so a seeded
        table is identical for every `n_jobs` and on a Dask cluster.
    n_jobs : int or None, default 1
        Parallel jobs through joblib (honours ``joblib.parallel_config(backend="dask")``).
    progress : bool, default False
        Show a progress bar over the batches.

    Returns
    -------
    pandas.DataFrame
        One row per simulation: ``sim`` (0..n_sims−1), ``coverage``, ``unprotected``,
        ``lcc_fraction``, ``n_blocs``. ``attrs`` holds ``level``, ``n_states``,
        ``n_allied`` and ``baseline`` (the same summaries when every promise is kept).

    Raises
    ------
    GraphTypeError
        If `G` is not a simple state graph (e.g. a treaty graph).
    ParameterError
        For an unknown level, a probability outside [0, 1], rates missing for a state or
        type, or rates that do not fit the level.

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
    when both share one rate); level ``"commitment"`` keeps each direction with
    probability p. Draws are vectorised over the simulations of a batch; components use
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
    """
    if level not in _LEVELS:
        raise ParameterError(f"expected level in {_LEVELS}; got {level!r}")
    if isinstance(n_sims, bool) or not isinstance(n_sims, Integral) or n_sims < 1:
        raise ParameterError(f"expected a positive integer n_sims; got {n_sims!r}")
    pr = _promises(G)
    kind, rates = _resolve_rates(p_honor, G)
    incidence = None
    if level == "state":
        if kind == "type":
            raise ParameterError(
                "expected a number, a preset or rates by state for level='state'; got rates "
                "by obligation type, which belong to single commitments; use "
                "level='commitment' or level='treaty'"
            )
        if kind == "scalar":
            arr = np.full(pr.n, rates)
        else:
            needed = np.zeros(pr.n, dtype=bool)
            needed[pr.src] = True
            arr = _state_rates(pr.nodes, rates, needed)
    elif level == "commitment":
        arr = _promise_rates(pr, kind, rates)
    else:
        arr, incidence = _treaty_incidence(G, pr, kind, rates, treaties)

    allied = np.zeros(pr.n, dtype=bool)
    allied[pr.dst] = True
    n_sims = int(n_sims)
    n_batches = math.ceil(n_sims / _BATCH_SIZE)
    sizes = [min(_BATCH_SIZE, n_sims - i * _BATCH_SIZE) for i in range(n_batches)]
    tasks = list(zip(spawn_generators(rng, n_batches), sizes, strict=True))
    func = partial(
        _simulate_batch,
        level=level,
        rates=arr,
        src=pr.src,
        dst=pr.dst,
        incidence=incidence,
        n=pr.n,
        allied=allied,
    )
    parts = run_tasks(func, tasks, n_jobs=n_jobs, progress=progress, desc="defections")
    out = pd.DataFrame({k: np.concatenate([p[k] for p in parts]) for k in parts[0]})
    out.insert(0, "sim", np.arange(n_sims, dtype=np.int64))
    out["n_blocs"] = out["n_blocs"].astype(np.int64)
    base = _summaries(np.ones((1, len(pr.src)), dtype=bool), pr.src, pr.dst, pr.n, allied)
    out.attrs = {
        "level": level,
        "n_states": pr.n,
        "n_allied": int(allied.sum()),
        "baseline": {k: float(v[0]) for k, v in base.items()},
    }
    return out


# --------------------------------------------------------------------------- attack


def _allies_of(G, target, pr: _Promises, index) -> np.ndarray:
    """Indices of promises made *to* `target`."""
    return np.flatnonzero(pr.dst == index[target])


def _subset_distribution(p: np.ndarray, c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All 2^d honouring subsets: their total capability and probability."""
    sums = np.zeros(1)
    probs = np.ones(1)
    for pi, ci in zip(p, c, strict=True):
        sums = np.concatenate([sums, sums + ci])
        probs = np.concatenate([probs * (1.0 - pi), probs * pi])
    return sums, probs


def _exceeds(total, attacker_cap: float):
    return total > attacker_cap + 1e-12 * max(1.0, abs(attacker_cap))


def attack_response(
    G,
    target,
    *,
    p_honor=0.745,
    capabilities=None,
    attacker=None,
    n_sims: int = 100_000,
    rng=None,
    exact_limit: int = 20,
) -> pd.DataFrame:
    """How likely are a state's allies to come to its help if it is attacked?

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        State graph. The allies of the target are its neighbours (undirected) or the
        states with an arc ``ally → target`` — those that promised the target (directed).
    target : int or list of int
        Attacked state(s) (ccodes in `G`).
    p_honor : float, str or mapping, default 0.745
        Honouring rate of each ally's promise to the target: a number, a preset, by
        state (the ally's rate) or by obligation type of the tie (highest-obligation
        rule, see the module docstring).
    capabilities : pandas.Series or mapping, optional
        Capability by ccode (e.g. CINC from :func:`anet.capabilities`). Missing allies
        raise.
    attacker : int or float, optional
        The attacker's ccode (its capability is looked up in `capabilities`; an attacker
        allied to the target is not counted among the target's allies) or a capability
        number.
    n_sims : int, default 100000
        Monte Carlo draws when the exact computation is too large.
    rng : None, int or Generator
        Seed for the Monte Carlo draws (SPEC 7).
    exact_limit : int, default 20
        Largest number of allies for which ``p_exceeds`` is computed exactly by
        enumerating the 2^d honouring subsets; beyond it, Monte Carlo.

    Returns
    -------
    pandas.DataFrame
        Indexed by target ``ccode``, columns ``stateabb``, ``n_allies``, ``p_any_ally``,
        ``expected_allies``, ``expected_capability``, ``attacker_capability``,
        ``p_exceeds``, ``p_exceeds_se`` and ``method`` (how ``p_exceeds`` was computed:
        ``"exact"`` or ``"monte carlo"``; the other columns are always exact). Columns
        that need `capabilities`/`attacker` are NaN without them.

    Raises
    ------
    ParameterError
        Unknown target or attacker, missing capabilities, bad rates.

    Notes
    -----
    With allies i = 1..d honouring independently with probabilities p_i and
    capabilities c_i, and H the set of honouring allies:

    - ``p_any_ally`` = 1 − Π (1 − p_i);
    - ``expected_allies`` = Σ p_i;
    - ``expected_capability`` = E[Σ_{i∈H} c_i] = Σ p_i c_i;
    - ``p_exceeds`` = P(Σ_{i∈H} c_i > c_attacker) (strictly greater; sums within 1e-12
      relative of the attacker's capability count as equal). The target's own
      capability is not included. Exact: Σ over the 2^d subsets S of Π_{i∈S} p_i
      Π_{i∉S}(1 − p_i) 1[Σ_{i∈S} c_i > c_attacker]. Monte Carlo with N draws reports
      the standard error sqrt(q(1 − q)/N).

    References
    ----------
    .. [1] Leeds, B. A., Long, A. G. & Mitchell, S. M. (2000). Reevaluating alliance
       reliability: specific threats, specific promises. *Journal of Conflict
       Resolution* 44(5), 686–699. https://doi.org/10.1177/0022002700044005006

    Examples
    --------
    Three allies honouring with Leeds, Long & Mitchell's 74.5 %:

    >>> import networkx as nx
    >>> G = nx.star_graph([2, 200, 220, 255])  # 2 (USA) allied with three states
    >>> r = attack_response(G, 2, p_honor="llm2000")
    >>> round(float(r.loc[2, "p_any_ally"]), 6), round(float(r.loc[2, "expected_allies"]), 3)
    (0.983419, 2.235)
    >>> cap = {2: 0.14, 200: 0.02, 220: 0.02, 255: 0.03}
    >>> r = attack_response(G, 2, p_honor=0.5, capabilities=cap, attacker=0.025)
    >>> float(r.loc[2, "p_exceeds"]), r.loc[2, "method"]  # 255 honours, or 200 and 220 do
    (0.625, 'exact')
    """
    pr = _promises(G)
    index = {v: i for i, v in enumerate(pr.nodes)}
    targets = list(target) if isinstance(target, list | tuple | np.ndarray | pd.Index) else [target]
    for t in targets:
        if t not in index:
            raise ParameterError(f"expected target ccodes in the graph; got {t!r}")
    if isinstance(exact_limit, bool) or not isinstance(exact_limit, Integral) or exact_limit < 0:
        raise ParameterError(f"expected a non-negative integer exact_limit; got {exact_limit!r}")
    if isinstance(n_sims, bool) or not isinstance(n_sims, Integral) or n_sims < 1:
        raise ParameterError(f"expected a positive integer n_sims; got {n_sims!r}")
    kind, rates = _resolve_rates(p_honor, G)
    caps = None
    if capabilities is not None:
        caps = pd.Series(capabilities, dtype=float)
    attacker_id, attacker_cap = None, np.nan
    if attacker is not None:
        if isinstance(attacker, Integral) and not isinstance(attacker, bool):
            attacker_id = int(attacker)
            if caps is None or attacker_id not in caps.index:
                raise ParameterError(
                    f"expected the attacker's capability in capabilities; got attacker "
                    f"{attacker_id} without one; pass capabilities or a number as attacker"
                )
            attacker_cap = float(caps[attacker_id])
        elif isinstance(attacker, Real):
            attacker_cap = float(attacker)
        else:
            raise ParameterError(f"expected a ccode or a number as attacker; got {attacker!r}")
    gen = np.random.default_rng(rng)
    rows = []
    for t in targets:
        k = _allies_of(G, t, pr, index)
        allies = [pr.nodes[i] for i in pr.src[k]]
        keep = [j for j, a in enumerate(allies) if a != attacker_id]
        k = k[keep]
        allies = [allies[j] for j in keep]
        p = _promise_rates(pr, kind, rates, k)
        row = {
            "ccode": t,
            "stateabb": G.nodes[t].get("stateabb", pd.NA),
            "n_allies": len(allies),
            "p_any_ally": 1.0 - float(np.prod(1.0 - p)),
            "expected_allies": float(p.sum()),
            "expected_capability": np.nan,
            "attacker_capability": attacker_cap,
            "p_exceeds": np.nan,
            "p_exceeds_se": np.nan,
            "method": "exact",
        }
        if caps is not None:
            missing = [a for a in allies if a not in caps.index or pd.isna(caps.get(a))]
            if missing:
                raise ParameterError(
                    f"expected capabilities for every ally of {t}; missing {missing[:5]}"
                )
            c = caps.loc[allies].to_numpy(dtype=float) if allies else np.zeros(0)
            row["expected_capability"] = float(np.dot(p, c))
            if not np.isnan(attacker_cap):
                if len(allies) <= exact_limit:
                    sums, probs = _subset_distribution(p, c)
                    row["p_exceeds"] = float(probs[_exceeds(sums, attacker_cap)].sum())
                    row["p_exceeds_se"] = 0.0
                else:
                    q = _mc_exceeds(gen, p, c, attacker_cap, int(n_sims))
                    row["p_exceeds"] = q
                    row["p_exceeds_se"] = math.sqrt(q * (1 - q) / n_sims)
                    row["method"] = "monte carlo"
        rows.append(row)
    return pd.DataFrame(rows).set_index("ccode")


def _mc_exceeds(gen, p, c, attacker_cap, n_sims, chunk: int = 20_000) -> float:
    hits = 0
    done = 0
    while done < n_sims:
        size = min(chunk, n_sims - done)
        honour = gen.random((size, len(p))) < p[None, :]
        hits += int(_exceeds(honour @ c, attacker_cap).sum())
        done += size
    return hits / n_sims


# --------------------------------------------------------------------------- keystones

_KEYSTONE_MEASURES = ("coverage", "lcc", "p_any_ally", "capability_share")


def keystones(
    G,
    *,
    measure: str = "coverage",
    p_honor=None,
    capabilities=None,
) -> pd.DataFrame:
    """Rank states by how much the alliance system loses when that state alone defects.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        State graph (see :func:`simulate_defections` for directed graphs).
    measure : {"coverage", "lcc", "p_any_ally", "capability_share"}, default "coverage"
        The column to sort by (descending; ties by ccode). All measures whose inputs are
        given are returned.
    p_honor : float, str or mapping, optional
        Honouring rates (as in :func:`attack_response`); needed for ``p_any_ally``.
    capabilities : pandas.Series or mapping, optional
        Capability by ccode (e.g. CINC); needed for ``capability_share``.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``ccode`` (every state in `G`), columns ``stateabb``,
        ``coverage_loss``, ``lcc_loss``, and where their inputs are given
        ``p_any_ally_loss`` and ``capability_share``; sorted by the chosen measure.

    Raises
    ------
    ParameterError
        Unknown measure, or a measure whose input is missing.

    Notes
    -----
    A defecting state v keeps its node but loses all its ties (as with
    ``level="state"`` in :func:`simulate_defections`). With N states:

    - ``coverage_loss`` = (\\|C\\| − \\|C_{−v}\\|) / N, C = states to which at least one
      promise is made. It counts v itself (if it had allies) and every state for which v
      was the only ally — the states that depend on v alone.
    - ``lcc_loss`` = (L − L_{−v}) / N, L = largest connected component.
    - ``p_any_ally_loss`` = mean over all states of P(at least one ally honours),
      1 − Π_{a→s}(1 − p_a), before minus after v defects.
    - ``capability_share``: for every state s with allies, the capability its allies
      could bring, K_s = Σ_{a→s} c_a; v's share is c_v / K_s where v is an ally of s, 0
      otherwise; the column is the mean of these shares over the states with K_s > 0.
      In a complete alliance (e.g. NATO) the first three measures treat members alike,
      while the capability share shows how much the average member depends on each
      ally's power — the dependence on a great power that the others cannot replace.

    These are single-defection ("knock-out") analogues of node-removal robustness
    measures; we know of no published use on alliance networks, so cite them as
    alliancenet's definitions above.

    Examples
    --------
    A hub-and-spoke alliance: every spoke depends on the hub alone.

    >>> import networkx as nx
    >>> G = nx.star_graph([2, 732, 740, 900])  # USA with South Korea, Japan, Australia
    >>> k = keystones(G, capabilities={2: 0.14, 732: 0.02, 740: 0.03, 900: 0.01})
    >>> int(k.index[0]), float(k.loc[2, "coverage_loss"]), float(k.loc[732, "coverage_loss"])
    (2, 1.0, 0.25)
    >>> round(float(k.loc[2, "capability_share"]), 2)
    0.75

    In the bundled example for 2024, the USA's defection leaves the most states without
    an ally (those whose only ally it is, and itself):

    >>> import alliancenet as anet
    >>> G = anet.alliance_graph(anet.load_example(), 2024, states=anet.load_example_states())
    >>> keystones(G)["stateabb"].iloc[0]
    'USA'
    """
    if measure not in _KEYSTONE_MEASURES:
        raise ParameterError(f"expected measure in {_KEYSTONE_MEASURES}; got {measure!r}")
    if measure == "p_any_ally" and p_honor is None:
        raise ParameterError("expected p_honor for measure='p_any_ally'; got None")
    if measure == "capability_share" and capabilities is None:
        raise ParameterError("expected capabilities for measure='capability_share'; got None")
    pr = _promises(G)
    n = pr.n
    # Row v: every promise except those made by or to v (v defects); last row: nobody.
    alive = np.ones((n + 1, len(pr.src)), dtype=bool)
    alive[pr.src, np.arange(len(pr.src))] = False
    alive[pr.dst, np.arange(len(pr.src))] = False
    allied = np.zeros(n, dtype=bool)
    allied[pr.dst] = True
    covered = _covered(alive, pr.dst, n).sum(axis=1)
    lcc, _ = _components(alive, pr.src, pr.dst, n)
    out = pd.DataFrame(
        {
            "stateabb": [G.nodes[v].get("stateabb", pd.NA) for v in pr.nodes],
            "coverage_loss": (covered[-1] - covered[:-1]) / n,
            "lcc_loss": (lcc[-1] - lcc[:-1]) / n,
        },
        index=pd.Index(pr.nodes, name="ccode"),
    )
    if p_honor is not None:
        kind, rates = _resolve_rates(p_honor, G)
        p = _promise_rates(pr, kind, rates)
        with np.errstate(divide="ignore"):
            log_fail = np.where(alive, np.log1p(-p)[None, :], 0.0)
        fail = np.zeros((n + 1, n))
        np.add.at(fail.T, pr.dst, log_fail.T)
        mean_any = (1.0 - np.exp(fail)).mean(axis=1)
        out["p_any_ally_loss"] = mean_any[-1] - mean_any[:-1]
    if capabilities is not None:
        caps = pd.Series(capabilities, dtype=float)
        missing = [v for v in pr.nodes if v not in caps.index or pd.isna(caps.get(v))]
        if missing:
            raise ParameterError(
                f"expected capabilities for every state in the graph; missing {missing[:5]}"
            )
        c = caps.loc[pr.nodes].to_numpy(dtype=float)
        pool = np.bincount(pr.dst, weights=c[pr.src], minlength=n)
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(pool[pr.dst] > 0, c[pr.src] / pool[pr.dst], 0.0)
        n_pooled = int((pool > 0).sum())
        out["capability_share"] = (
            np.bincount(pr.src, weights=share, minlength=n) / n_pooled if n_pooled else 0.0
        )
    column = {
        "coverage": "coverage_loss",
        "lcc": "lcc_loss",
        "p_any_ally": "p_any_ally_loss",
        "capability_share": "capability_share",
    }[measure]
    order = np.lexsort((np.arange(n), -out[column].to_numpy(dtype=float)))
    return out.iloc[order]
