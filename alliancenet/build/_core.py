"""The vectorised core shared by the builders: member-years and dyad-alliance-years.

Private to :mod:`alliancenet.build`. A membership table is validated once
(:func:`canonical`), expanded to member-years restricted to the requested years
and the state system (:class:`MemberYears`), and paired into
dyad-alliance-years, from which every builder takes what it needs.
"""

from __future__ import annotations

import gc
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pandas as pd

from .._obligations import BIT, OBLIGATIONS, code_masks
from ..datasets.treaties import select_alliances
from ..errors import CoverageError, DataWarning, ParameterError, SchemaError
from ..schema import (
    CANONICAL_COLUMNS,
    KEY,
    StateSystem,
    check_past_coverage,
    coverage_of,
    source_coverages,
    state_system,
    validate_memberships,
)

#: mask (6 bits, canonical order) -> alphabetically sorted tuple of obligation names
TYPES_OF_MASK: tuple[tuple[str, ...], ...] = tuple(
    tuple(sorted(n for n in OBLIGATIONS if m & BIT[n])) for m in range(1 << len(OBLIGATIONS))
)


def canonical(members) -> pd.DataFrame:
    """Return `members` if it already follows the canonical schema, else a validated copy."""
    if not isinstance(members, pd.DataFrame):
        raise SchemaError(
            f"members: expected a membership DataFrame (canonical schema, see "
            f"alliancenet.schema), got {type(members).__name__}. Read one with anet.read_atop, "
            "anet.read_cow or anet.load_example."
        )
    ok = not members.columns.duplicated().any()  # repeated names: the schema says which
    ok = ok and all(c in members.columns for c in CANONICAL_COLUMNS)
    ok = ok and all(str(members[c].dtype) == "boolean" for c in OBLIGATIONS)
    ok = ok and str(members["end_year"].dtype) == "Int64"
    ok = ok and members["ccode"].dtype.kind == "i" and members["start_year"].dtype.kind == "i"
    if ok:
        return members
    return validate_memberships(members, what="members")


class _Members:
    """The membership table as numpy arrays (one entry per row)."""

    def __init__(self, members) -> None:
        members = canonical(members)
        self.coverage = coverage_of(members)
        self.source = str(members.attrs.get("source", _first_source(members)))
        codes, ids = pd.factorize(members["alliance_id"].astype(str), sort=True)
        self.ids = np.asarray(ids, dtype=object)  # code -> alliance_id (sorted)
        self.aid = codes.astype(np.int64)
        self.ccode = members["ccode"].to_numpy(np.int64)
        if self.ccode.size and self.ccode.max() >= KEY:
            raise SchemaError(
                f"members: state codes must be below {KEY:,} (COW codes are); got "
                f"{sorted(set(self.ccode[self.ccode >= KEY].tolist()))[:5]}. Recode those states."
            )
        self.start = members["start_year"].to_numpy(np.int64)
        #: {source: (first, last)}: open spells end at their own source's last year
        self.coverages = source_coverages(members)
        self.open = members["end_year"].isna().to_numpy()
        #: obligation types the table codes (a column that is <NA> throughout is not coded)
        self.coded = {name: bool(members[name].notna().any()) for name in OBLIGATIONS}
        #: type -> the (first, last) coverages of the sources that code it
        self.coded_spans: dict[str, list[tuple[int, int]]] = {name: [] for name in OBLIGATIONS}
        if len(self.coverages) > 1:
            labels = members["source"].astype(str)
            for label, span in self.coverages.items():
                rows = members[(labels == label).to_numpy()]
                for name in OBLIGATIONS:
                    if rows[name].notna().any():
                        self.coded_spans[name].append(span)
            last = labels.map({k: v[1] for k, v in self.coverages.items()}).to_numpy(np.int64)
            self.row_source = labels.to_numpy(object)
            self.end = np.where(self.open, last, members["end_year"].fillna(0).to_numpy(np.int64))
        else:
            self.row_source = None
            self.end = members["end_year"].fillna(self.coverage[1]).to_numpy(np.int64)
            for name in OBLIGATIONS:
                if self.coded[name]:
                    self.coded_spans[name].append(self.coverage)
        flags = np.zeros(len(members), dtype=np.int64)
        for name in OBLIGATIONS:
            flags |= members[name].fillna(False).to_numpy(bool).astype(np.int64) * BIT[name]
        self.flags = flags


def _first_source(members: pd.DataFrame) -> str:
    if "source" in members.columns and len(members):
        return str(members["source"].iloc[0])
    return "user"


def _check_years(years, coverage: tuple[int, int], what: str) -> np.ndarray:
    """Return the requested years as a sorted unique int array within the coverage."""
    if (
        isinstance(years, range)
        and len(years)
        and (min(years[0], years[-1]) < coverage[0] or max(years[0], years[-1]) > coverage[1])
    ):  # checked before a huge range (e.g. to 10**12) is materialised
        raise CoverageError(
            f"{what}: years {years.start}–{years[-1]} reach outside the coverage of the "
            f"membership table, {coverage[0]}–{coverage[1]}. Choose years within "
            f"{coverage[0]}–{coverage[1]}."
        )
    arr = np.atleast_1d(np.asarray(years))
    if arr.size == 0:
        raise ParameterError(f"{what}: no years requested; pass a year or a list of years.")
    if arr.dtype.kind == "f" and np.all(arr == np.floor(arr)):
        arr = arr.astype(np.int64)
    if arr.dtype.kind not in "iu":
        raise ParameterError(f"{what}: years must be whole numbers; got {years!r}.")
    arr = np.unique(arr.astype(np.int64))
    first, last = coverage
    out = arr[(arr < first) | (arr > last)]
    if out.size:
        raise CoverageError(
            f"{what}: year(s) {out[:10].tolist()} lie outside the coverage of the membership "
            f"table, {first}–{last}. Choose years within {first}–{last}."
        )
    return arr


# --------------------------------------------------------------------------------------
# the state system
# --------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------
# the vectorised core: member-years -> dyad-alliance-years
# --------------------------------------------------------------------------------------


class _MemberYears:
    """Member-years (alliance, state, year) with the obligations undertaken (bit mask).

    Sorted by (alliance, year, ccode) with one row per triple (phases merged by OR).
    """

    def __init__(self, m: _Members, years: np.ndarray, system: StateSystem | None, sys_years):
        lo, hi = int(years[0]), int(years[-1])
        start = np.maximum(m.start, lo)
        end = np.minimum(m.end, hi)
        length = np.clip(end - start + 1, 0, None)
        row = np.repeat(np.arange(len(start)), length)
        offset = np.arange(row.size) - np.repeat(np.cumsum(length) - length, length)
        year = start[row] + offset
        keep = np.isin(year, years)
        row, year = row[keep], year[keep]
        aid, ccode, flags = m.aid[row], m.ccode[row], m.flags[row]
        order = np.lexsort((ccode, year, aid))
        aid, ccode, year, flags = aid[order], ccode[order], year[order], flags[order]
        if aid.size:
            new = np.ones(aid.size, dtype=bool)
            new[1:] = (aid[1:] != aid[:-1]) | (year[1:] != year[:-1]) | (ccode[1:] != ccode[:-1])
            starts = np.flatnonzero(new)
            flags = np.bitwise_or.reduceat(flags, starts)
            aid, ccode, year = aid[starts], ccode[starts], year[starts]
        self.excluded = None
        if system is not None:
            by_year = np.argsort(years, kind="stable")  # the system year of every member-year
            sy = np.asarray(sys_years, dtype=np.int64)[
                by_year[np.searchsorted(years[by_year], year)]
            ]
            inside = np.isin(sy * KEY + ccode, system.keys)
            if not inside.all():
                out = ~inside
                self.excluded = pd.DataFrame(
                    {"ccode": ccode[out], "alliance_id": m.ids[aid[out]], "year": year[out]}
                )
            aid, ccode, year, flags = aid[inside], ccode[inside], year[inside], flags[inside]
        self.aid, self.ccode, self.year, self.flags = aid, ccode, year, flags
        self.ids = m.ids

    def pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Indices (i, j), i != j, of every ordered pair of members of an alliance-year."""
        n = self.aid.size
        if n == 0:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        new = np.ones(n, dtype=bool)
        new[1:] = (self.aid[1:] != self.aid[:-1]) | (self.year[1:] != self.year[:-1])
        gstart = np.flatnonzero(new)
        size = np.diff(np.append(gstart, n))
        group = np.cumsum(new) - 1
        reps = size[group]
        left = np.repeat(np.arange(n), reps)
        within = np.arange(left.size) - np.repeat(np.cumsum(reps) - reps, reps)
        right = np.repeat(gstart[group], reps) + within
        keep = left != right
        return left[keep], right[keep]


def dyad_alliance_years(my: _MemberYears, directed: bool):
    """Return year, ccode1, ccode2, alliance code and obligation mask of every dyad-alliance-year.

    Directed: the mask is what ccode1 undertook in that alliance (toward ccode2).
    Undirected (ccode1 < ccode2): what either of the two undertook.
    """
    i, j = my.pairs()
    if directed:
        flags = my.flags[i]
    else:
        keep = my.ccode[i] < my.ccode[j]
        i, j = i[keep], j[keep]
        flags = my.flags[i] | my.flags[j]
    return my.year[i], my.ccode[i], my.ccode[j], my.aid[i], flags


def edge_table(my: _MemberYears, directed: bool, req_mask: int, coding: str | None):
    """Aggregate dyad-alliance-years with a requested obligation into one record per tie."""
    year, c1, c2, aid, flags = dyad_alliance_years(my, directed)
    keep = (flags & req_mask) != 0
    year, c1, c2, aid, flags = year[keep], c1[keep], c2[keep], aid[keep], flags[keep]
    order = np.lexsort((aid, c2, c1, year))
    year, c1, c2, aid, flags = year[order], c1[order], c2[order], aid[order], flags[order]
    n = year.size
    if n == 0:
        z = np.zeros(0, dtype=np.int64)
        return {"year": z, "c1": z, "c2": z, "start": z, "end": z, "aid": z, "types": z, "value": z}
    new = np.ones(n, dtype=bool)
    new[1:] = (year[1:] != year[:-1]) | (c1[1:] != c1[:-1]) | (c2[1:] != c2[:-1])
    start = np.flatnonzero(new)
    end = np.append(start[1:], n)
    types = np.bitwise_or.reduceat(flags & req_mask, start)
    value = None
    if coding is not None:
        value = np.maximum.reduceat(code_masks(flags, coding), start)
    return {
        "year": year[start],
        "c1": c1[start],
        "c2": c2[start],
        "start": start,
        "end": end,
        "aid": aid,
        "types": types,
        "value": value,
    }


def _excluded_message(excluded: pd.DataFrame, what: str, abbrev: dict[int, str]) -> str:
    codes, group = np.unique(excluded["ccode"].to_numpy(), return_inverse=True)
    ids = excluded["alliance_id"].to_numpy()
    years = excluded["year"].to_numpy()
    parts = []
    for k, ccode in enumerate(codes[:12].tolist()):
        rows = group == k
        named = sorted(set(ids[rows].tolist()))
        shown = ", ".join(named[:5]) + (f" and {len(named) - 5} more" if len(named) > 5 else "")
        y0, y1 = int(years[rows].min()), int(years[rows].max())
        span = f"{y0}" if y0 == y1 else f"{y0}–{y1}"
        name = f" {abbrev[ccode]}" if ccode in abbrev else ""
        parts.append(f"ccode {ccode}{name} ({shown}; {span})")
    rest = [f"{c}" + (f" {abbrev[c]}" if c in abbrev else "") for c in codes[12:].tolist()]
    more = f"; and {len(rest)} more states: {', '.join(rest)}" if rest else ""
    return (
        f"{what}: {codes.size} alliance member(s) not in the state system in the year(s) "
        f"concerned were left out ({len(excluded)} member-years): {'; '.join(parts)}{more}. "
        "Pass states=None to keep every alliance member."
    )


#: Refuse work whose intermediate arrays would exceed this many bytes (estimated).
MEMORY_LIMIT = 8 * 2**30
#: Bytes per member-year and per year in the vectorised core (arrays, pairs, graph objects).
_BYTES_PER_MEMBER_YEAR = 96
_BYTES_PER_YEAR = 4096


def _check_span(coverage: tuple[int, int], what: str) -> None:
    n = coverage[1] - coverage[0] + 1
    if n * _BYTES_PER_YEAR > MEMORY_LIMIT:
        raise ParameterError(
            f"{what}: the membership table covers {coverage[0]}–{coverage[1]} ({n:,} years), "
            f"which would need more than {MEMORY_LIMIT / 2**30:.0f} GiB. Check members.attrs"
            "['coverage'] and the end years (19999 is a typo), or pass the years you need."
        )


def _check_size(m: _Members, years: np.ndarray, what: str) -> None:
    """Refuse up front a request whose arrays would exhaust memory, with the estimate."""
    lo, hi = int(years[0]), int(years[-1])
    lengths = np.clip(np.minimum(m.end, hi) - np.maximum(m.start, lo) + 1, 0, None)
    member_years = float(lengths.sum())
    estimate = member_years * _BYTES_PER_MEMBER_YEAR + years.size * _BYTES_PER_YEAR
    if estimate > MEMORY_LIMIT:
        raise ParameterError(
            f"{what}: {years.size:,} years ({lo}–{hi}) and {member_years:,.0f} member-years "
            f"would need about {estimate / 2**30:,.1f} GiB, more than the "
            f"{MEMORY_LIMIT / 2**30:.0f} GiB limit. Check the years of the membership table "
            "(an end year such as 19999 is a typo) or ask for fewer years."
        )


def prepare(
    members,
    years,
    states,
    carry_forward,
    what,
    *,
    default_all: bool,
    stacklevel: int,
    alliances=None,
):
    """Shared front end; `stacklevel` makes warnings point at the caller of the public function.

    `alliances` (ids or known treaty names) restricts the table first; see
    :func:`alliancenet.datasets.treaties.select_alliances`.
    """
    m = _Members(select_alliances(members, alliances, what))
    system = None if states is None else state_system(states)
    if years is None and default_all:
        _check_span(m.coverage, what)
        if system is None:
            years = np.arange(m.coverage[0], m.coverage[1] + 1, dtype=np.int64)
        else:
            years = system.default_years(m.coverage, carry_forward)
            if years.size == 0:
                raise CoverageError(
                    f"{what}: the membership table ({m.coverage[0]}–{m.coverage[1]}) and the "
                    f"states table ({system.first}–{system.last}) share no year."
                )
    years = _check_years(years, m.coverage, what)
    _carry_sources(m, years, carry_forward, what, stacklevel + 1)
    _check_size(m, years, what)
    sys_years = (
        None if system is None else system.system_years(years, carry_forward, what, stacklevel + 1)
    )
    my = _MemberYears(m, years, system, sys_years)
    if my.excluded is not None and system is not None:
        warnings.warn(
            _excluded_message(my.excluded, what, system.abbrev), DataWarning, stacklevel=stacklevel
        )
    return m, system, years, sys_years, my


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while many small acyclic dicts are created.

    Building a panel allocates one attribute dict per edge (about 70,000 for the ATOP
    panel); the collector's repeated generation-0 scans of them roughly double the
    build time, and none of these objects can form reference cycles.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parse_flag(value, name: str) -> bool:
    if isinstance(value, bool | np.bool_):
        return bool(value)
    raise ParameterError(f"{name} must be True or False; got {value!r}.")


def node_records(nodes: pd.DataFrame):
    cols = [c for c in ("stateabb", "name") if c in nodes.columns]
    data = zip(nodes["ccode"].tolist(), *(nodes[c].tolist() for c in cols), strict=True)
    for row in data:
        yield row[0], {c: v for c, v in zip(cols, row[1:], strict=True) if v is not None}


def progress_bar(items: list, progress: bool, desc: str):
    """`items`, wrapped in a tqdm bar when `progress` is True (tqdm imported only then)."""
    progress = parse_flag(progress, "progress")
    if not progress:
        return items
    from tqdm.auto import tqdm

    return tqdm(items, desc=desc, total=len(items))


def _carry_sources(m: _Members, years: np.ndarray, carry_forward: bool, what: str, stacklevel: int):
    """A table of several sources: years past one source's coverage follow the one rule.

    Refused (:class:`CoverageError`) unless ``carry_forward=True``, which extends that
    source's open spells to the last requested year with a warning naming the source.
    """
    if m.row_source is None:
        return
    for label, (_first, last) in m.coverages.items():
        late = years[years > last]
        rows = (m.row_source == label) & m.open
        if not late.size or not rows.any():
            continue
        check_past_coverage(late, last, carry_forward, what, f"source {label!r}", stacklevel + 1)
        m.end[rows] = int(years[-1])
        for spans in m.coded_spans.values():  # carried forward: its types count as coded
            spans[:] = [(f, int(years[-1])) if (f, la) == (_first, last) else (f, la)
                        for f, la in spans]  # fmt: skip


def parse_system(system: object) -> str:
    """Validate ``system=`` (the state-code system of the output)."""
    if system not in ("cow", "gw"):
        raise ParameterError(
            f"system must be 'cow' (Correlates of War codes) or 'gw' (Gleditsch-Ward codes "
            f"added beside them); got {system!r:.40}."
        )
    return str(system)


def add_gw_codes(out: pd.DataFrame, columns: tuple[str, ...]) -> None:
    """Insert the GW code of each COW code column (``ccode1`` -> ``gwcode1``) after the keys."""
    from ..datasets.codes import cow_to_gw

    year = out["year"].to_numpy(np.int64)
    at = list(out.columns).index("year") + 1
    for k, name in enumerate(columns):
        gw = cow_to_gw(out[name].to_numpy(np.int64), year)
        out.insert(at + k, name.replace("ccode", "gwcode"), pd.array(gw, dtype="Int64"))  # type: ignore[call-overload]
