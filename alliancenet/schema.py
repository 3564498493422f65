"""The canonical membership table: one schema for every treaty source.

Every reader in :mod:`alliancenet.datasets` returns a :class:`pandas.DataFrame`
with these columns, in this order, followed by any extra columns the source
carries (dates, phases, treaty names):

==================  ===================  =====================================================
column              dtype                meaning
==================  ===================  =====================================================
``alliance_id``     ``str`` (object)     source-prefixed id: ``ATOP:3180``, ``COW:227``;
                                         readable names in the example data (``EX:NATO``)
``ccode``           ``int64``            Correlates of War state code of the member
``start_year``      ``int64``            first year of this membership spell (inclusive)
``end_year``        ``Int64`` (nullable) last year of the spell (inclusive); ``<NA>`` = still in
                                         force at the end of the source's coverage
``defense``         ``boolean``          obligations *this member* undertook in this alliance;
``offense``         ``boolean``          ``<NA>`` where the source does not code that type
``neutrality``      ``boolean``          (COW codes no offense or consultation; ATOP codes no
``nonaggression``   ``boolean``          entente)
``consultation``    ``boolean``
``entente``         ``boolean``
``source``          ``str`` (object)     ``"ATOP 5.1"``, ``"COW 4.1"``, ``"example"``, ...
==================  ===================  =====================================================

Which source codes which type (a type a source does not code is ``<NA>`` in every
row, so that dyad-year tables can say "not coded" instead of "no"):

==================  ========  =======  =======================================
type                ATOP 5.1  COW 4.1  bundled example
==================  ========  =======  =======================================
``defense``         yes       yes      yes
``offense``         yes       NA       yes
``neutrality``      yes       yes      yes
``nonaggression``   yes       yes      yes
``consultation``    yes       NA       yes
``entente``         NA        yes      NA
==================  ========  =======  =======================================

``df.attrs`` holds ``{"source": str, "coverage": (first_year, last_year)}``. A table
that combines several sources (e.g. after :func:`pandas.concat`, which drops
differing ``attrs``) may say each source's coverage in ``attrs["coverages"]``
(``{source: (first, last)}``); otherwise :func:`source_coverages` derives it from
each source's rows, and the builders end open spells at their own source's last year
(:func:`check_past_coverage` is the one rule for years past a coverage).
A state that joins, leaves and rejoins has several rows; ATOP phases also give
several rows per member (count unique members per year, not rows). Nothing is
dropped silently: :func:`validate_memberships` either keeps a row, raises a
:class:`~alliancenet.errors.SchemaError` naming the row, or warns.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ._keys import exact_copies
from ._obligations import OBLIGATIONS
from .errors import CoverageError, DataWarning, SchemaError

__all__ = [
    "OBLIGATIONS",
    "CANONICAL_COLUMNS",
    "validate_memberships",
    "coverage_of",
    "StateSystem",
    "state_system",
    "BOUNDS",
    "check_past_coverage",
    "source_coverages",
]

#: year * KEY + ccode packs a state-year into one int64 (ccodes < 100,000)
KEY = 100_000

#: Node measures of :func:`alliancenet.centrality` on undirected graphs (its default
#: list), and so the centrality columns ``<measure>_1`` / ``<measure>_2`` that
#: :func:`alliancenet.dyad_years` can merge and :func:`alliancenet.write_table` labels.
CENTRALITY_MEASURES = (
    "degree",
    "strength",
    "eigenvector",
    "betweenness",
    "closeness",
    "pagerank",
    "core_number",
)


#: The canonical columns, in order.
CANONICAL_COLUMNS: tuple[str, ...] = (
    "alliance_id",
    "ccode",
    "start_year",
    "end_year",
    *OBLIGATIONS,
    "source",
)

_REQUIRED = ("alliance_id", "ccode", "start_year")


def _rows(index) -> str:
    """Format at most ten row labels for an error message."""
    labels = list(index)
    shown = ", ".join(str(i) for i in labels[:10])
    return shown + (f" (and {len(labels) - 10} more)" if len(labels) > 10 else "")


#: Plausible ranges of the integer columns (inclusive): COW/GW state codes are below
#: 1,000 (the build packs codes below 100,000); years outside 1500-2200 are typos
#: (a cut line, a lost comma) far more often than alliances.
BOUNDS: dict[str, tuple[int, int]] = {
    "ccode": (0, KEY - 1),
    "start_year": (1500, 2200),
    "end_year": (1500, 2200),
}


def _as_int(series: pd.Series, column: str, *, nullable: bool, what: str) -> pd.Series:
    """Convert a column to (nullable) integers, raising on the rows that are not whole numbers.

    Values outside :data:`BOUNDS` (including numbers too large for 64-bit integers,
    which would otherwise wrap around) are refused with the rows named.
    """
    lo, hi = BOUNDS.get(column, (-(2**53), 2**53))
    if series.dtype == ("Int64" if nullable else "int64"):  # a reader's column: bounds only
        values = series.to_numpy(dtype="int64", na_value=lo)
        if not len(values) or (values.min() >= lo and values.max() <= hi):
            return series
    if pd.api.types.is_integer_dtype(series.dtype) and series.dtype.kind != "u":
        numeric = series.to_numpy(dtype="float64", na_value=np.nan)  # whole numbers already
    else:
        parsed = pd.to_numeric(series.astype(object), errors="coerce", downcast=None)
        if parsed.dtype == object or parsed.dtype.kind == "u":  # beyond int64/float
            parsed = pd.to_numeric(series.astype(str), errors="coerce")
        numeric = parsed.to_numpy(dtype="float64", na_value=np.nan)
    empty = np.isnan(numeric)
    with np.errstate(invalid="ignore"):
        bad = (empty & series.notna().to_numpy(dtype=bool)) | (~empty & (numeric % 1 != 0))
    if bad.any():
        examples = series[bad].astype(str).head(3).tolist()
        raise SchemaError(
            f"{what}: column {column!r} must hold whole numbers; rows {_rows(series.index[bad])} "
            f"hold {examples}. Fix or remove those rows."
        )
    if not nullable and empty.any():
        raise SchemaError(
            f"{what}: column {column!r} must not be empty; rows {_rows(series.index[empty])} "
            "are empty. Fill them in or remove those rows."
        )
    out_of_range = ~empty & ((numeric < lo) | (numeric > hi))
    if out_of_range.any():
        examples = series[out_of_range].astype(str).str.slice(0, 30).head(3).tolist()
        raise SchemaError(
            f"{what}: column {column!r} must lie between {lo} and {hi}; rows "
            f"{_rows(series.index[out_of_range])} hold {examples}. A cut line or a lost "
            "separator often gives such values: check those rows in the file."
        )
    values = np.where(empty, 0, numeric).astype("int64")
    if nullable:
        return pd.Series(pd.arrays.IntegerArray(values, empty), index=series.index)
    return pd.Series(values, index=series.index)


def _is_text(series: pd.Series) -> bool:
    """Whether a column already has pandas' string dtype (not object)."""
    return series.dtype != object and pd.api.types.is_string_dtype(series.dtype)


def _replace(table: pd.DataFrame, column: str, values: pd.Series) -> None:
    """Put the checked `values` in `column` unless the column already has their dtype."""
    if table[column].dtype != values.dtype:
        table[column] = values


def _as_flag(series: pd.Series, column: str, *, what: str) -> pd.Series:
    """Convert a 0/1, True/False or yes/no column to pandas' nullable boolean."""
    if series.dtype == "boolean":
        return series
    if pd.api.types.is_bool_dtype(series):
        return series.astype("boolean")
    mapping = {
        "1": True, "0": False, "true": True, "false": False, "yes": True, "no": False,
        "t": True, "f": False, "y": True, "n": False,
    }  # fmt: skip
    text = series.astype("string").str.strip().str.lower()
    text = text.str.replace(r"\.0+$", "", regex=True)
    out = text.map(mapping, na_action="ignore")
    bad = out.isna() & text.notna() & (text != "")
    if bad.any():
        examples = series[bad].astype(str).head(3).tolist()
        raise SchemaError(
            f"{what}: obligation column {column!r} must be 0/1 or True/False (or empty for "
            f"'not coded'); rows {_rows(series.index[bad])} hold {examples}."
        )
    return out.astype("boolean")


def validate_memberships(
    df: pd.DataFrame, *, what: str = "membership table", source: str | None = None
) -> pd.DataFrame:
    """Check a table against the canonical schema and return a normalised copy.

    Parameters
    ----------
    df : pandas.DataFrame
        A table with at least ``alliance_id``, ``ccode`` and ``start_year``. Missing
        obligation columns are added as ``<NA>`` (not coded); a missing ``end_year``
        column means every spell is open; a missing ``source`` column is filled from
        `source` (or ``df.attrs["source"]``, or ``"user"``).
    what : str, optional
        How to name the table in error messages (e.g. the file path).
    source : str, optional
        Source label used when the table has no ``source`` column.

    Returns
    -------
    pandas.DataFrame
        Canonical columns first, with canonical dtypes, then any extra columns.
        ``attrs["coverage"]`` is kept if present, otherwise derived with
        :func:`coverage_of`.

    Raises
    ------
    SchemaError
        A required column is missing or repeated, a value is not a whole number or
        0/1, a state code or year lies outside :data:`BOUNDS` (state codes 0-99,999,
        years 1500-2200), or an end year precedes its start year. The message names
        the rows.

    Warns
    -----
    DataWarning
        Exact duplicate rows (they are kept).

    Examples
    --------
    >>> import pandas as pd
    >>> from alliancenet.schema import validate_memberships
    >>> t = pd.DataFrame({"alliance_id": ["A", "A"], "ccode": [2, 200],
    ...                   "start_year": [1949, 1949], "defense": [1, 1]})
    >>> validate_memberships(t).dtypes["end_year"]
    Int64Dtype()
    """
    out, label = _checked(df, what, source)
    dup = duplicate_rows(out)
    if dup.any():
        warnings.warn(
            f"{what}: {int(dup.sum())} rows are exact duplicates (rows {_rows(out.index[dup])}); "
            "they are kept. Remove them yourself if they are errors.",
            DataWarning,
            stacklevel=2,
        )
    return _with_attrs(out, df, label)


def duplicate_rows(table: pd.DataFrame) -> np.ndarray:
    """Mask of the rows of a checked membership table that repeat another row exactly.

    Every copy is marked (``keep=False``). Exact copies share their alliance, state and
    start year, so only the rows whose (``alliance_id``, ``ccode``, ``start_year``)
    repeats are compared cell by cell: the same answer as ``table.duplicated(keep=False)``
    at a fraction of the cost on a wide table.
    """
    ids = pd.factorize(table["alliance_id"])[0]
    ccode = table["ccode"].to_numpy(dtype=np.int64)
    return exact_copies(table, ids, ccode, table["start_year"].to_numpy(dtype=np.int64))


def checked_memberships(df: pd.DataFrame, *, what: str, source: str | None) -> pd.DataFrame:
    """:func:`validate_memberships` without the duplicate-row warning.

    For the readers, which warn about duplicate rows themselves, naming their file
    lines.
    """
    out, label = _checked(df, what, source)
    return _with_attrs(out, df, label)


def _checked(df: pd.DataFrame, what: str, source: str | None) -> tuple[pd.DataFrame, str]:
    """The checks and conversions of :func:`validate_memberships`; (table, source label)."""
    if not isinstance(df, pd.DataFrame):
        raise SchemaError(
            f"{what}: expected a pandas DataFrame, got {type(df).__name__}. "
            "Pass a DataFrame or a path to a CSV file in the canonical schema."
        )
    repeated = sorted({str(c) for c in df.columns[df.columns.duplicated()]})
    if repeated:
        raise SchemaError(
            f"{what}: column name(s) {repeated} appear more than once; a table needs one "
            "column per name. Rename or drop the repeated columns."
        )
    missing = [c for c in _REQUIRED if c not in df.columns]
    if missing:
        raise SchemaError(
            f"{what}: required column(s) {missing} are missing; the table has "
            f"{list(df.columns)[:15]}. The canonical schema needs {list(_REQUIRED)} "
            f"(plus optional end_year, {', '.join(OBLIGATIONS)}, source)."
        )
    out = df.copy()
    out.attrs = {}  # set again at the end; pandas would deep-copy them at every step
    ids = out["alliance_id"]
    if ids.isna().any():
        raise SchemaError(
            f"{what}: column 'alliance_id' is empty in rows {_rows(out.index[ids.isna()])}; "
            "every membership row needs the id of its alliance."
        )
    if not _is_text(ids):
        _replace(out, "alliance_id", ids.astype(str))
    _replace(out, "ccode", _as_int(out["ccode"], "ccode", nullable=False, what=what))
    _replace(out, "start_year", _as_int(out["start_year"], "start_year", nullable=False, what=what))
    if "end_year" in out.columns:
        _replace(out, "end_year", _as_int(out["end_year"], "end_year", nullable=True, what=what))
    else:
        out["end_year"] = pd.array([pd.NA] * len(out), dtype="Int64")
    start = out["start_year"].to_numpy(dtype="int64")
    backwards = out["end_year"].to_numpy(dtype="float64", na_value=np.inf) < start
    if backwards.any():
        rows = out.loc[backwards, ["alliance_id", "ccode", "start_year", "end_year"]]
        raise SchemaError(
            f"{what}: end_year precedes start_year in rows {_rows(rows.index)} "
            f"(e.g. {rows.head(3).to_dict('records')}). Correct the years; spells are inclusive."
        )
    for col in OBLIGATIONS:
        if col in out.columns:
            _replace(out, col, _as_flag(out[col], col, what=what))
        else:
            out[col] = pd.array([pd.NA] * len(out), dtype="boolean")
    label = source or df.attrs.get("source") or "user"
    if "source" in out.columns:
        if out["source"].isna().any() or not _is_text(out["source"]):
            out["source"] = out["source"].fillna(label).astype(str)
    else:
        out["source"] = label
    extra = [c for c in out.columns if c not in CANONICAL_COLUMNS]
    order = [*CANONICAL_COLUMNS, *extra]
    if list(out.columns) != order:
        out = out[order]
    return out, label


def _with_attrs(out: pd.DataFrame, df: pd.DataFrame, label: str) -> pd.DataFrame:
    """`out` with the attrs of `df`, its source label and its coverage."""
    out.attrs = dict(df.attrs)
    out.attrs.setdefault("source", label)
    if "coverage" not in out.attrs:
        out.attrs["coverage"] = coverage_of(out)
    return out


def coverage_of(df: pd.DataFrame) -> tuple[int, int]:
    """First and last year covered by a membership table.

    Uses ``df.attrs["coverage"]`` when present; otherwise the earliest start year
    and the latest start or end year in the table.

    Examples
    --------
    >>> import pandas as pd
    >>> coverage_of(pd.DataFrame({"start_year": [1949, 1955], "end_year": [None, 1991]}))
    (1949, 1991)
    """
    if "coverage" in df.attrs:
        first, last = df.attrs["coverage"]
        return int(first), int(last)
    if len(df) == 0:
        raise SchemaError("the membership table is empty, so it covers no years.")
    last = pd.concat([df["start_year"], df["end_year"].dropna()]).max()
    return int(df["start_year"].min()), int(last)


def check_past_coverage(
    late,
    last: int,
    carry_forward: bool,
    what: str,
    label: str,
    stacklevel: int = 3,
    values: str = "values",
) -> None:
    """The one rule for a year past a table's coverage (memberships, states, capabilities).

    `late` holds the requested years after `last`, the table's last covered year.
    With ``carry_forward=False`` they are a :class:`CoverageError`; with ``True`` the
    caller uses the last year's values and a :class:`DataWarning` names `label` (the
    table or source) and the years. Nothing is ever carried forward silently.

    Examples
    --------
    >>> check_past_coverage([], 2018, False, "f", "ATOP 5.1")  # nothing late: no error
    >>> check_past_coverage([2020], 2018, False, "f", "ATOP 5.1")
    Traceback (most recent call last):
    ...
    alliancenet.errors.CoverageError: f: ATOP 5.1 ends in 2018; year(s) [2020] come after it and carry_forward=False. Pass carry_forward=True to use the 2018 values of ATOP 5.1 for later years (with a warning), or choose years up to 2018.
    """
    late = sorted(int(y) for y in late)
    if not late:
        return
    if not carry_forward:
        raise CoverageError(
            f"{what}: {label} ends in {last}; year(s) {late[:10]} come after it and "
            f"carry_forward=False. Pass carry_forward=True to use the {last} {values} of "
            f"{label} for later years (with a warning), or choose years up to {last}."
        )
    span = f"{late[0]}" if len(late) == 1 else f"{late[0]}–{late[-1]}"
    warnings.warn(
        f"{what}: {label} ends in {last}; year(s) {span} use its {last} {values} carried "
        "forward (as peacesciencer's 'most recent year' option does). Pass "
        "carry_forward=False to refuse instead.",
        DataWarning,
        stacklevel=stacklevel + 1,
    )


class StateSystem:
    """The states table, validated once: system membership by year.

    Every function that takes ``states=`` builds one of these (through
    :func:`state_system`), so the rules are the same everywhere: columns ``ccode``
    and ``year`` of whole numbers (plus optional ``stateabb``/``statenme``), one row
    per state-year (duplicates merged), and the coverage from
    ``states.attrs["coverage"]`` when set, else the first and last year.

    A year after the coverage uses the last year's membership only with
    ``carry_forward=True`` (and a :class:`~alliancenet.errors.DataWarning`); a year
    before it, or a year inside it with no rows, is a
    :class:`~alliancenet.errors.CoverageError`.
    """

    def __init__(self, states: pd.DataFrame) -> None:
        if not isinstance(states, pd.DataFrame):
            raise SchemaError(
                f"states: expected a states table (DataFrame with ccode, year, stateabb, "
                f"statenme), got {type(states).__name__}. Read one with anet.read_states."
            )
        repeated = sorted({str(c) for c in states.columns[states.columns.duplicated()]})
        if repeated:
            raise SchemaError(
                f"states: column name(s) {repeated} appear more than once; a table needs one "
                "column per name. Rename or drop the repeated columns."
            )
        missing = [c for c in ("ccode", "year") if c not in states.columns]
        if missing:
            raise SchemaError(
                f"states: column(s) {missing} missing; the table has {list(states.columns)[:10]}. "
                "A states table has one row per state-year with ccode, year, stateabb, statenme."
            )
        if "gwcode" in states.columns and states["ccode"].isna().any():
            gone = states.loc[states["ccode"].isna(), "gwcode"]
            warnings.warn(
                f"states: {len(gone)} state-years of Gleditsch-Ward states without a COW code "
                f"(gwcode {sorted(set(gone.astype(int).tolist()))[:10]}) are left out: the "
                "alliance data use COW codes. See anet.gw_to_cow.",
                DataWarning,
                stacklevel=4,
            )
            attrs = dict(states.attrs)
            states = states[states["ccode"].notna()]
            states.attrs = attrs
        columns = {}
        for col in ("ccode", "year"):
            num = pd.to_numeric(states[col], errors="coerce")
            bad = num.isna() | (num % 1 != 0)
            if bad.any():
                raise SchemaError(
                    f"states: column {col!r} must hold whole numbers; rows "
                    f"{states.index[bad.to_numpy()][:10].tolist()} hold "
                    f"{states.loc[bad.to_numpy(), col].head(3).tolist()}. Read the table with "
                    "anet.read_states, or fix those rows."
                )
            columns[col] = num.astype(np.int64)
        table = pd.DataFrame(columns)
        for col, src in (("stateabb", "stateabb"), ("name", "statenme")):
            if src in states.columns:
                table[col] = states[src].astype(object).where(states[src].notna(), None)
        self.table = table.drop_duplicates(["year", "ccode"]).sort_values(["year", "ccode"])
        if "coverage" in states.attrs:
            self.first, self.last = (int(y) for y in states.attrs["coverage"])
        elif len(table):
            self.first, self.last = int(table["year"].min()), int(table["year"].max())
        else:
            raise SchemaError("states: the states table is empty.")
        self.years_present = set(self.table["year"].unique().tolist())
        #: ccode -> abbreviation (from any year), to name states left out of a year's system
        self.abbrev: dict[int, str] = {}
        if "stateabb" in self.table.columns:
            named = self.table.dropna(subset=["stateabb"])
            self.abbrev = dict(
                zip(named["ccode"].tolist(), named["stateabb"].tolist(), strict=True)
            )
        self._years = self.table["year"].to_numpy()
        self.keys = self._years * KEY + self.table["ccode"].to_numpy()

    @property
    def span(self) -> tuple[int, int]:
        """First and last year the states table covers."""
        return self.first, self.last

    def default_years(self, coverage: tuple[int, int], carry_forward: bool) -> np.ndarray:
        """Every year of `coverage` the states table allows (all of it with carry_forward)."""
        first = max(coverage[0], self.first)
        last = coverage[1] if carry_forward else min(coverage[1], self.last)
        return np.arange(first, last + 1, dtype=np.int64)

    def system_years(
        self, years: np.ndarray, carry_forward: bool, what: str, stacklevel: int = 2
    ) -> np.ndarray:
        """Map each requested year to the states-table year whose membership it uses."""
        early = years[years < self.first]
        if early.size:
            raise CoverageError(
                f"{what}: the states table starts in {self.first}; year(s) {early[:10].tolist()} "
                f"come before it. Choose years from {self.first} on, or pass states=None."
            )
        late = years[years > self.last]
        if late.size and not carry_forward:
            check_past_coverage(
                late, self.last, False, what, "the states table", values="system membership"
            )
        sys_years = np.minimum(years, self.last)
        absent = sorted(set(sys_years.tolist()) - self.years_present)
        if absent:
            raise CoverageError(
                f"{what}: the states table has no rows for year(s) {absent[:10]} although it "
                f"covers {self.first}–{self.last} (states.attrs['coverage'] when set, else its "
                "first and last year). Check the states table; after filtering rows, reset "
                "states.attrs['coverage'] to the years kept."
            )
        check_past_coverage(
            late, self.last, carry_forward, what, "the states table", stacklevel,
            values="system membership",
        )  # fmt: skip
        return sys_years

    def nodes(self, sys_year: int) -> pd.DataFrame:
        """The rows of one states-table year (the table is sorted by year)."""
        lo, hi = np.searchsorted(self._years, [sys_year, sys_year + 1])
        return self.table.iloc[lo:hi]


def state_system(states: pd.DataFrame | StateSystem) -> StateSystem:
    """Validate a states table once (an already validated one is returned as is).

    Examples
    --------
    >>> import alliancenet as anet
    >>> anet.schema.state_system(anet.load_example_states()).span
    (1920, 2025)
    """
    return states if isinstance(states, StateSystem) else StateSystem(states)


def source_coverages(df: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """Coverage of each source of a membership table (several after ``pd.concat``).

    ``df.attrs["coverages"]`` (a ``{source: (first, last)}`` mapping) wins where set;
    a table with one source has :func:`coverage_of`; otherwise each source's first
    start year and last start or end year in its own rows. Open spells of a source
    end at *its* last year, never at a later source's.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"source": ["ATOP", "mine"], "start_year": [1949, 2019],
    ...                   "end_year": pd.array([2018, 2021], dtype="Int64")})
    >>> source_coverages(t)
    {'ATOP': (1949, 2018), 'mine': (2019, 2021)}
    """
    if "source" not in df.columns or len(df) == 0:
        return {str(df.attrs.get("source", "user")): coverage_of(df)}
    labels = df["source"].astype(str)
    names = list(dict.fromkeys(labels.tolist()))
    if len(names) == 1:
        return {names[0]: coverage_of(df)}
    given = df.attrs.get("coverages") or {}
    out: dict[str, tuple[int, int]] = {}
    for name in names:
        if name in given:
            first, last = given[name]
            out[name] = (int(first), int(last))
            continue
        rows = df[(labels == name).to_numpy()]
        last = pd.concat([rows["start_year"], rows["end_year"].dropna()]).max()
        out[name] = (int(rows["start_year"].min()), int(last))
    return out
