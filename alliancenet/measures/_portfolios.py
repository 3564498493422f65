"""From a membership table to each year's valued portfolio matrix, and entry weights.

Private to :mod:`alliancenet.measures`. The membership table and the states table
are validated once, by their owners (:func:`alliancenet.build._core.canonical`,
:func:`alliancenet.schema.state_system`); the obligations between every pair of
states come from :func:`alliancenet.dyad_years`, which checks the years against
both tables; the values come from the one coding table
(:mod:`alliancenet._obligations`).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Iterator

import numpy as np
import pandas as pd

from .._obligations import OBLIGATIONS, code_flags, top_value
from ..build._core import canonical
from ..build.dyads import dyad_years
from ..errors import CoverageError, DataWarning, ParameterError
from ..schema import StateSystem, coverage_of, state_system

#: A weight Series, or (in panels) a function of the year returning one.
Weights = pd.Series | Callable[[int], pd.Series] | None


class Portfolios:
    """The inputs of a similarity call, validated once.

    Parameters
    ----------
    members : pandas.DataFrame
        Membership table (validated unless it already has the canonical dtypes).
    states : pandas.DataFrame or StateSystem, optional
        States table, validated once into a :class:`~alliancenet.schema.StateSystem`.
    carry_forward : bool
        As in :func:`~alliancenet.dyad_years`.
    """

    def __init__(
        self,
        members: pd.DataFrame,
        states: pd.DataFrame | StateSystem | None,
        carry_forward: bool,
    ) -> None:
        self.members = canonical(members)
        self.system = None if states is None else state_system(states)
        self.carry_forward = carry_forward

    def default_years(self) -> np.ndarray:
        """Every year of the membership table's coverage that the states table allows."""
        if len(self.members) == 0 and "coverage" not in self.members.attrs:
            return np.zeros(0, dtype=np.int64)
        coverage = coverage_of(self.members)
        if self.system is None:
            return np.arange(coverage[0], coverage[1] + 1, dtype=np.int64)
        years = self.system.default_years(coverage, self.carry_forward)
        if years.size == 0:
            first, last = self.system.span
            raise CoverageError(
                f"similarity: the membership table ({coverage[0]}–{coverage[1]}) and the "
                f"states table ({first}–{last}) share no year; pass tables that overlap."
            )
        return years

    def _nodes(self, years: np.ndarray) -> dict[int, np.ndarray]:
        """Sorted ccodes of each year's portfolio states.

        With a states table: that year's system members (its last year's after it
        ends; :func:`~alliancenet.dyad_years` has already refused or warned about
        such years). Without: every member of an alliance in force that year,
        whatever its obligations.
        """
        if self.system is not None:
            last = self.system.span[1]
            return {
                int(y): np.unique(self.system.nodes(min(int(y), last))["ccode"].to_numpy(np.int64))
                for y in years
            }
        m = self.members
        if len(m) == 0:
            return {int(y): np.zeros(0, dtype=np.int64) for y in years}
        start = m["start_year"].to_numpy(np.int64)
        end = m["end_year"].fillna(coverage_of(m)[1]).to_numpy(np.int64)
        ccode = m["ccode"].to_numpy(np.int64)
        return {int(y): np.unique(ccode[(start <= y) & (end >= y)]) for y in years.tolist()}

    def _ties(self, years: np.ndarray) -> pd.DataFrame:
        """Directed dyad-years of the requested years (validated against both tables)."""
        if years.size:
            return dyad_years(
                self.members,
                years,
                directed=True,
                states=self.system,
                carry_forward=self.carry_forward,
            )
        ties = pd.DataFrame({c: np.zeros(0, dtype=np.int64) for c in ("ccode1", "ccode2", "year")})
        for c in OBLIGATIONS:
            ties[c] = np.zeros(0, dtype=bool)
        return ties

    def valued_matrices(
        self, years: np.ndarray, coding: str, self_tie: bool
    ) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
        """Yield ``(year, nodes, V)``: the directed valued matrix of every requested year.

        ``V[i, k]`` is the value on the scale `coding` of the obligations state
        ``nodes[i]`` undertook toward ``nodes[k]`` in the alliances both belong to
        (OR-ed over those alliances; on the nested scales that is the maximum of
        each alliance's value); the diagonal is the top of the scale (`self_tie`)
        or 0.
        """
        ties = self._ties(years)
        nodes_of = self._nodes(years)
        value = code_flags(
            {c: ties[c].fillna(False).to_numpy(dtype=bool) for c in OBLIGATIONS}, coding
        )
        diagonal = top_value(coding) if self_tie else 0
        tie_year = ties["year"].to_numpy()
        order = np.argsort(tie_year, kind="stable")
        tie_year, value = tie_year[order], value[order]
        c1, c2 = ties["ccode1"].to_numpy()[order], ties["ccode2"].to_numpy()[order]
        lo = np.searchsorted(tie_year, years, "left")
        hi = np.searchsorted(tie_year, years, "right")
        for k, year in enumerate(years.tolist()):
            nodes = nodes_of[year]
            n = nodes.size
            mat = np.zeros((n, n), dtype=np.int8)
            if n:
                a, b = c1[lo[k] : hi[k]], c2[lo[k] : hi[k]]
                i, j = np.searchsorted(nodes, a), np.searchsorted(nodes, b)
                i, j = np.minimum(i, n - 1), np.minimum(j, n - 1)
                inside = (nodes[i] == a) & (nodes[j] == b)
                mat[i[inside], j[inside]] = value[lo[k] : hi[k]][inside]
                np.fill_diagonal(mat, diagonal)
            yield year, nodes, mat


def as_years(years: int | Iterable[int]) -> np.ndarray:
    """The requested years as a sorted unique int64 array (whole numbers only).

    Examples
    --------
    >>> as_years([1952.0, 1950]).tolist()
    [1950, 1952]
    """
    if isinstance(years, range):
        if len(years) > 1000 and (
            min(years[0], years[-1]) < 1500 or max(years[0], years[-1]) > 2200
        ):
            raise CoverageError(  # before a huge range (e.g. to 10**12) is materialised
                f"years {years.start}–{years[-1]} reach outside any alliance data (1500–2200); "
                "choose the years the membership table covers."
            )
        years = list(years)
    arr = np.atleast_1d(np.asarray(years))
    if arr.dtype.kind == "f" and np.all(arr == np.floor(arr)):
        arr = arr.astype(np.int64)
    if arr.ndim != 1 or arr.dtype.kind not in "iu":
        raise ParameterError(
            f"years must be whole numbers (a year or a list of years); got {years!r}."
        )
    return np.unique(arr.astype(np.int64))


def check_weights(weights: object) -> None:
    """Refuse a `weights` argument that is neither a Series, a callable nor None."""
    if weights is not None and not callable(weights) and not isinstance(weights, pd.Series):
        raise ParameterError(
            f"weights must be a pandas Series indexed by ccode (e.g. anet.capabilities(nmc, "
            f"year)) or, in similarity_panel, a function of the year returning one; got "
            f"{type(weights).__name__}."
        )


def weights_for(
    weights: Weights, year: int, nodes: np.ndarray, missing: dict[int, list[int]]
) -> np.ndarray | None:
    """Weight of each portfolio state in `year` (0 where missing, noted in `missing`)."""
    if weights is None:
        return None
    series = weights(year) if callable(weights) else weights
    if not isinstance(series, pd.Series):
        raise ParameterError(
            f"weights({year}) must return a pandas Series indexed by ccode (e.g. "
            f"anet.capabilities(nmc, {year})); got {type(series).__name__}."
        )
    values = pd.to_numeric(series, errors="coerce")
    bad = (values < 0) | np.isinf(values)
    if bad.any():
        raise ParameterError(
            f"weights must be non-negative, finite numbers; states "
            f"{list(values.index[bad])[:10]} have {values[bad].head(3).tolist()}. "
            "Fix those weights (NaN means 'no weight': the state counts with weight 0)."
        )
    dup = values.index.duplicated(keep=False)
    if dup.any():
        raise ParameterError(
            f"weights must hold one value per ccode; ccodes "
            f"{sorted(set(values.index[dup].tolist()))[:10]} appear more than once. "
            "Keep one row per state (e.g. weights.groupby(level=0).first())."
        )
    w = np.array(values.reindex(pd.Index(nodes)).to_numpy(dtype=float))  # writable copy
    lacking = np.isnan(w)
    if lacking.any():
        missing.setdefault(year, []).extend(nodes[lacking].tolist())
        w[lacking] = 0.0
    return w


def warn_missing(missing: dict[int, list[int]], stacklevel: int) -> None:
    """One DataWarning listing, by year, the portfolio states that got weight 0."""
    if not missing:
        return
    parts = [
        f"{y}: {codes[:15]}" + (" ..." if len(codes) > 15 else "")
        for y, codes in list(missing.items())[:5]
    ]
    more = f" (and {len(missing) - 5} more years)" if len(missing) > 5 else ""
    warnings.warn(
        "weights lack a value for some portfolio states, which get weight 0 (ccodes by year: "
        + "; ".join(parts)
        + more
        + "). Pass weights for every system member to avoid this.",
        DataWarning,
        stacklevel=stacklevel,
    )
