"""State-year table with network covariates (:func:`state_years`)."""

from __future__ import annotations

import warnings
from collections.abc import Iterable

import numpy as np
import pandas as pd

from .._docstrings import fill_doc
from .._random import RNGLike, spawn
from ..errors import DataWarning, ParameterError
from ..schema import StateSystem, state_system
from ._core import add_gw_codes, parse_flag, parse_system, progress_bar
from .graphs import alliance_graphs

__all__ = ["state_years"]


def _check_measures(centrality: str | Iterable[str] | None) -> list[str]:
    if centrality is None:
        return []
    names = [centrality] if isinstance(centrality, str) else list(centrality)
    for name in names:
        if not isinstance(name, str):
            raise ParameterError(f"state_years: centrality names must be strings; got {name!r}.")
    return names


@fill_doc
def state_years(
    members: pd.DataFrame,
    years: int | Iterable[int] | None = None,
    *,
    states: pd.DataFrame | StateSystem,
    obligations: str | Iterable[str] = "defense",
    carry_forward: bool = False,
    alliances: str | Iterable[str] | None = None,
    centrality: str | Iterable[str] | None = ("eigenvector", "betweenness"),
    blocs: bool = True,
    nmc: pd.DataFrame | None = None,
    p_honor: float | None = None,
    keystones: bool = False,
    system: str = "cow",
    rng: RNGLike = None,
    progress: bool = False,
) -> pd.DataFrame:
    """One row per system member and year, with its alliance-network covariates.

    Parameters
    ----------
    members : pandas.DataFrame
        Membership table in the canonical schema.
    years : int or sequence of int, optional
        Years (default: as in :func:`alliance_graphs` with `states`).
    states : pandas.DataFrame
        The states table: its members of each year are the rows (isolates included).
    {{obligations}}
    {{carry_forward}}
    alliances : str or sequence of str, optional
        Keep only these alliances (ids or names known to :func:`find_alliances`).
    centrality : str or sequence of str, optional
        Measures of :func:`centrality` to add (normalised), one column each.
    blocs : bool, default True
        Add ``bloc``, the state's bloc label of :func:`alliancenet.blocs` (Leiden,
        seeded by `rng`; labels are arbitrary within a year).
    nmc : pandas.DataFrame, optional
        Capabilities (:func:`read_nmc`): adds ``cinc`` and ``allied_cinc``, the sum
        of its allies' CINC (0 without allies; ``NaN`` when an ally has no score).
    p_honor : float, optional
        Adds ``p_covered``: the probability that at least one ally honours its
        commitment if the state is attacked, each ally honouring independently
        with probability `p_honor` (``p_any_ally`` of :func:`attack_response`,
        exact); 0 without allies.
    keystones : bool, default False
        Adds ``coverage_loss`` and ``lcc_loss`` of :func:`alliancenet.keystones`
        (0 where the state's defection changes nothing).
    system : {"cow", "gw"}, default "cow"
        ``"gw"`` adds ``gwcode`` (nullable Int64) after ``ccode``: the
        Gleditsch–Ward code of the state that year (:func:`cow_to_gw`).
    rng : None, int, or numpy.random.Generator, optional
        Seeds the bloc detection (one child stream per year).
    progress : bool, default False
        Show a progress bar over the years.

    Returns
    -------
    pandas.DataFrame
        Sorted by ``year, ccode``: ``ccode`` (int32), ``year`` (int16),
        ``stateabb``, ``n_allies`` (int16, allies in the undirected network of
        `obligations`), ``strength`` (int32, ties weighted by the number of shared
        alliances), then the centralities, ``bloc``, ``cinc``/``allied_cinc``,
        ``p_covered`` and the keystone losses as asked. Row count: the system
        members of each year.

    Raises
    ------
    ParameterError, CoverageError, SchemaError
        As in :func:`alliance_graphs`; `centrality` not strings.

    Examples
    --------
    >>> import alliancenet as anet
    >>> ex, states = anet.load_example(), anet.load_example_states()
    >>> sy = anet.state_years(ex, 1985, states=states, centrality="degree", rng=0,
    ...                       p_honor=0.745)
    >>> len(sy) == int((states["year"] == 1985).sum())
    True
    >>> sy.loc[sy.ccode == 2, ["stateabb", "n_allies", "p_covered"]].round(3)
      stateabb  n_allies  p_covered
    0      USA        41        1.0
    """
    carry_forward = parse_flag(carry_forward, "carry_forward")
    blocs = parse_flag(blocs, "blocs")
    keystones = parse_flag(keystones, "keystones")
    measures = _check_measures(centrality)
    codes = parse_system(system)
    table = state_system(states)
    graphs = alliance_graphs(
        members,
        years,
        obligations=obligations,
        states=table,
        carry_forward=carry_forward,
        alliances=alliances,
    )
    order = list(graphs)
    children = spawn(rng, len(order))
    parts = []
    for t, y in enumerate(progress_bar(order, progress, "state_years")):
        G = graphs[y]
        nodes = np.array(sorted(G.nodes), dtype=np.int64)
        part = pd.DataFrame(
            {
                "ccode": nodes.astype(np.int32),
                "year": np.full(nodes.size, y, dtype=np.int16),
                "stateabb": [G.nodes[n].get("stateabb") for n in nodes.tolist()],
                "n_allies": np.array([G.degree(n) for n in nodes.tolist()], dtype=np.int16),
                "strength": np.array(
                    [G.degree(n, weight="weight") for n in nodes.tolist()], dtype=np.int32
                ),
            }
        )
        _add_year_columns(part, G, y, nodes, measures, blocs, nmc, p_honor, keystones,
                          children[t], carry_forward)  # fmt: skip
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    if codes == "gw":
        add_gw_codes(out, ("ccode",))
    out.attrs["source"] = next(iter(graphs.values())).graph["source"] if graphs else ""
    return out


def _add_year_columns(part, G, year, nodes, measures, blocs, nmc, p_honor, keystones, rng, cf):
    """The optional columns of one year (measures imported from their owners)."""
    if measures:
        from ..measures.centrality import centrality

        table = centrality(G, measures)
        for name in table.columns:
            part[name] = table[name].reindex(nodes).to_numpy(np.float32)
    if blocs:
        from ..measures.blocs import blocs as find_blocs

        part["bloc"] = find_blocs(G, rng=rng).reindex(nodes).to_numpy()
    if nmc is not None:
        from ..datasets.lookups import capabilities

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DataWarning)  # said once by the caller's table
            cinc = capabilities(nmc, year, carry_forward=cf)
        part["cinc"] = cinc.reindex(nodes).to_numpy(float)
        part["allied_cinc"] = [
            float(cinc.reindex(list(G[n])).sum(min_count=0)) if G.degree(n) else 0.0
            for n in nodes.tolist()
        ]
        partial = [bool(cinc.reindex(list(G[n])).isna().any()) for n in nodes.tolist()]
        part.loc[partial, "allied_cinc"] = np.nan
    if p_honor is not None:
        from ..robustness import attack_response

        allied = [n for n in nodes.tolist() if G.degree(n)]
        p = pd.Series(0.0, index=nodes)
        if allied:
            p.loc[allied] = attack_response(G, allied, p_honor=p_honor)["p_any_ally"]
        part["p_covered"] = p.to_numpy(float)
    if keystones:
        from ..robustness import keystones as find_keystones

        table = find_keystones(G)
        for name in ("coverage_loss", "lcc_loss"):
            part[name] = table[name].reindex(nodes).fillna(0.0).to_numpy(float)
