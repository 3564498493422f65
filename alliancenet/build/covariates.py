"""Dyadic network covariates for dyad-year tables (used by :func:`dyad_years`).

Every covariate is computed once per year on the *undirected* alliance network of
the requested obligations (:func:`alliance_graphs`), as an ``n × n`` matrix over that
year's nodes, and then read off at the rows' ``(ccode1, ccode2)`` positions; so a
directed table carries the same dyadic value on both orders (only the ``_1`` / ``_2``
centralities differ).

Private to :mod:`alliancenet.build`; :func:`dyad_years` documents the columns.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
import numpy as np
import pandas as pd

from .._random import RNGLike, spawn
from ..errors import ParameterError
from ..schema import CENTRALITY_MEASURES

#: dyadic covariates computed here (besides similarity and centralities)
DYADIC = ("shared_allies", "path_length", "reach", "same_bloc", "lag_tie")
#: portfolio similarity methods of :func:`alliancenet.similarity`
SIMILARITY = ("s", "kappa", "pi")
#: what ``covariates="all"`` means
ALL = (
    "shared_allies",
    "path_length",
    "reach",
    "same_bloc",
    "s",
    "lag_tie",
    "degree",
    "eigenvector",
    "betweenness",
)


def parse_covariates(covariates: str | Iterable[str] | None) -> list[str]:
    """Validate the names; ``"all"`` expands to :data:`ALL`."""
    if covariates is None:
        return []
    if isinstance(covariates, str):
        covariates = list(ALL) if covariates == "all" else [covariates]
    try:
        names = list(covariates)
    except TypeError:
        raise ParameterError(
            f"dyad_years: covariates must be 'all', a name or a list of names; got "
            f"{type(covariates).__name__}."
        ) from None
    known = (*DYADIC, *SIMILARITY, *CENTRALITY_MEASURES)
    bad = [n for n in names if n not in known]
    if bad:
        raise ParameterError(
            f"dyad_years: unknown covariate(s) {bad}; choose from {list(known)} or 'all' "
            f"(= {list(ALL)})."
        )
    return list(dict.fromkeys(names))


def _matrix(G: nx.Graph, nodes: np.ndarray):
    """Binary symmetric adjacency (CSR) of `G` over the sorted `nodes` (all of them in `G`)."""
    from scipy.sparse import csr_array  # imported here: ~0.1 s that other calls need not pay

    n = nodes.size
    edges = np.array([(u, v) for u, v in G.edges() if u != v], dtype=np.int64).reshape(-1, 2)
    i = np.searchsorted(nodes, edges[:, 0])
    j = np.searchsorted(nodes, edges[:, 1])
    data = np.ones(2 * i.size, dtype=np.int32)
    A = csr_array((data, (np.concatenate([i, j]), np.concatenate([j, i]))), shape=(n, n))
    A.data[:] = 1  # a tie listed twice stays 1
    return A


class YearMatrices:
    """The covariates of one year as ``n × n`` matrices over the sorted ``nodes``."""

    def __init__(self, G: nx.Graph, prev: nx.Graph | None, names, k: int, rng) -> None:
        self.nodes = np.array(sorted(G.nodes), dtype=np.int64)
        A = _matrix(G, self.nodes)
        self.values: dict[str, np.ndarray] = {}
        if "shared_allies" in names:
            self.values["shared_allies"] = (A @ A).toarray().astype(np.int16)
        if "path_length" in names or "reach" in names:
            from scipy.sparse.csgraph import shortest_path

            dist = shortest_path(A, directed=False, unweighted=True)
            self.values["path_length"] = dist.astype(np.float32)
            self.values["reach"] = dist <= k
        if "same_bloc" in names:
            from ..measures.blocs import blocs  # measured by its owner, read here

            labels = blocs(G, rng=rng).reindex(self.nodes).to_numpy()
            self.values["same_bloc"] = labels[:, None] == labels[None, :]
        if "lag_tie" in names:
            lag = np.zeros(A.shape, dtype=np.int8)
            if prev is None:
                lag[:] = -1
            else:
                known = np.isin(self.nodes, np.fromiter(prev.nodes, dtype=np.int64))
                inside = self.nodes[known]
                P = _matrix(prev.subgraph(inside.tolist()), inside).toarray()
                idx = np.flatnonzero(known)
                lag[np.ix_(idx, idx)] = P != 0
                lag[~known, :] = -1
                lag[:, ~known] = -1
            self.values["lag_tie"] = lag

    def take(self, c1: np.ndarray, c2: np.ndarray) -> dict[str, np.ndarray]:
        i = np.searchsorted(self.nodes, c1)
        j = np.searchsorted(self.nodes, c2)
        return {name: mat[i, j] for name, mat in self.values.items()}


def _lookup(keys: np.ndarray, table_keys: np.ndarray, values: np.ndarray, fill):
    """values at `keys` in a table with sorted `table_keys` (fill where absent)."""
    pos = np.searchsorted(table_keys, keys)
    pos = np.minimum(pos, max(table_keys.size - 1, 0))
    found = table_keys[pos] == keys if table_keys.size else np.zeros(keys.size, dtype=bool)
    out = np.full(keys.size, fill, dtype=np.result_type(values.dtype, np.float32))
    out[found] = values[pos[found]]
    return out, found


def covariate_columns(
    rows: pd.DataFrame,
    graphs: dict[int, nx.Graph],
    names: list[str],
    *,
    members: pd.DataFrame,
    sim_options: dict,
    k: int,
    rng: RNGLike,
    progress,
) -> dict[str, object]:
    """Columns of the covariates `names` for `rows` (sorted by year, ccode1, ccode2)."""
    year = rows["year"].to_numpy(np.int64)
    c1 = rows["ccode1"].to_numpy(np.int64)
    c2 = rows["ccode2"].to_numpy(np.int64)
    years = np.unique(year)
    bounds = np.searchsorted(year, years, "left"), np.searchsorted(year, years, "right")
    dyadic = [n for n in names if n in DYADIC]
    cols: dict[str, np.ndarray] = {}
    if dyadic:
        children = spawn(rng, years.size)
        parts: dict[str, list[np.ndarray]] = {n: [] for n in DYADIC}
        for t, y in enumerate(progress(years.tolist())):
            mats = YearMatrices(graphs[y], graphs.get(y - 1), dyadic, k, children[t])
            lo, hi = bounds[0][t], bounds[1][t]
            for name, values in mats.take(c1[lo:hi], c2[lo:hi]).items():
                parts[name].append(values)
        cols.update({n: np.concatenate(parts[n]) for n in parts if parts[n]})
    out: dict[str, object] = {}
    for name in dyadic:
        if name == "reach":
            out[f"reach_{k}"] = cols["reach"]
        elif name == "lag_tie":
            lag = cols["lag_tie"]
            out["lag_tie"] = pd.array(np.where(lag < 0, False, lag == 1), dtype="boolean")
            out["lag_tie"][lag < 0] = pd.NA  # type: ignore[index]
        else:
            out[name] = cols[name]
    key = (year * 100_000 + c1) * 100_000 + c2
    for method in (n for n in names if n in SIMILARITY):
        from ..measures.similarity import similarity_panel

        sim = similarity_panel(members, years.tolist(), method=method, **sim_options)
        skey = sim["year"].to_numpy(np.int64) * 100_000 + sim["ccode1"].to_numpy(np.int64)
        skey = skey * 100_000 + sim["ccode2"].to_numpy(np.int64)
        order = np.argsort(skey, kind="stable")
        values, _ = _lookup(key, skey[order], sim[method].to_numpy(float)[order], np.nan)
        out[method] = values.astype(np.float32)
    central = [n for n in names if n in CENTRALITY_MEASURES]
    if central:
        from ..measures.centrality import centrality_panel

        panel = centrality_panel({y: graphs[y] for y in years.tolist()}, central)
        for measure in central:
            part = panel[panel["measure"] == measure]
            pkey = part["year"].to_numpy(np.int64) * 100_000 + part["ccode"].to_numpy(np.int64)
            order = np.argsort(pkey, kind="stable")
            vals = part["value"].to_numpy(float)[order]
            for side, code in (("1", c1), ("2", c2)):
                v, _ = _lookup(year * 100_000 + code, pkey[order], vals, np.nan)
                out[f"{measure}_{side}"] = v.astype(np.float32)
    return out
