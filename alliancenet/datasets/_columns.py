"""Typed columns from a table of string cells (private to the readers).

Every function takes a table from :func:`._io.read_table` (row labels = file line
numbers) and raises a :class:`~alliancenet.errors.DataFormatError` that names the
file, the column and the lines of the values it refuses: text where a number is
due, numbers out of their range (including numbers too large for 64-bit integers,
which would otherwise wrap around), non-finite numbers, implausible years.

Years are plausible from a few years before the source's documented first year
(:data:`YEAR_TOLERANCE`) to next year (:func:`plausible_years`): a year outside is a
damaged cell (``19999``, ``18`` from a cut line), never data.
"""

from __future__ import annotations

import datetime

import numpy as np
import pandas as pd

try:  # fast, strict text-to-number parsing when pyarrow is installed (pandas 3 default)
    import pyarrow as pa
    import pyarrow.compute as pc
except ImportError:  # pragma: no cover - pandas' own parser then
    pa = None

from ..errors import DataFormatError
from ..schema import KEY
from ._files import label_of, short
from ._io import lines, warn

#: Years before a source's documented first year still accepted.
YEAR_TOLERANCE = 5
#: The last plausible year in any source: next year.
LAST_YEAR = datetime.date.today().year + 1
#: Range of generic whole-number columns (ids, phases, codes).
INT_RANGE = (-(2**31), 2**31 - 1)
#: Range of state codes in ATOP (which gives a few non-system members four-digit
#: codes, e.g. 8152) and in your own tables: the graph builders pack codes below 100,000.
CODE_RANGE = (0, KEY - 1)
#: Range of COW state codes (three digits: 2 to 990 in v2016).
COW_CODE_RANGE = (0, 999)
MONTHS = (0, 12)
DAYS = (0, 31)


def plausible_years(first: int) -> tuple[int, int]:
    """Plausible years of a source whose documented coverage starts in `first`."""
    return first - YEAR_TOLERANCE, LAST_YEAR


def _cell_text(value: object) -> object:
    """A cell as the file most likely wrote it (``19999`` rather than ``19999.0``)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return value


def _refuse(
    label: str, col: str, must: str, mask: np.ndarray, text: pd.Series, advice: str
) -> None:
    flagged = pd.Series(mask, index=text.index)
    examples = [short(_cell_text(v), 24) for v in text[mask].head(3).tolist()]
    verb = "hold" if int(mask.sum()) > 1 else "holds"
    raise DataFormatError(
        f"{label_of(label)}: column {col!r} must {must}; {lines(flagged)} {verb} {examples}. "
        f"{advice}"
    )


_FIX = "Fix those cells (or download the file again)."


def _to_float(text: pd.Series) -> np.ndarray:
    """Numbers of a text column (NaN where empty or not a number), float64.

    pyarrow's parser (strict: no blanks, no digit separators) is tried first; when
    a cell is not a number it fails as a whole and pandas' parser names the cells.
    Parsing to float first means a number too large for int64 never wraps around.
    """
    if pa is not None:
        try:
            parsed = pc.cast(pa.array(text, from_pandas=True), pa.float64())
            return np.asarray(parsed.to_numpy(zero_copy_only=False), dtype="float64")
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, TypeError):
            pass
    return pd.to_numeric(text, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


def _is_numeric(cells: pd.Series) -> bool:
    """Whether pandas' parser read the column as numbers (every cell a number or empty)."""
    return cells.dtype.kind in "iuf"


def _as_text(cells: pd.Series) -> pd.Series:
    """A column that is neither text nor numbers (booleans, huge integers) as text."""
    if pd.api.types.is_string_dtype(cells.dtype) and cells.dtype != object:
        return cells
    return cells.astype("str")


def _numeric_values(cells: pd.Series) -> np.ndarray:
    """A column parsed as numbers as float64 (NaN where empty)."""
    if isinstance(cells.dtype, np.dtype):  # int, uint or float64 from the parser
        return cells.to_numpy().astype("float64")
    return cells.to_numpy(dtype="float64", na_value=np.nan)  # a nullable dtype


def _numbers(df: pd.DataFrame, col: str) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """(cells to quote in messages, float64 values, mask of non-empty cells).

    A column parsed as numbers (see :func:`._io.read_table`) is used as it is; any
    other column is stripped text parsed here. The values and the mask are NumPy
    arrays in the table's row order.
    """
    cells = df[col]
    if _is_numeric(cells):
        num = _numeric_values(cells)
        return cells, num, ~np.isnan(num)
    text = _as_text(cells).str.strip()
    present = (text.notna() & (text != "")).to_numpy(dtype=bool)
    return text, _to_float(text), present


def _not_whole(num: np.ndarray) -> np.ndarray:
    """Mask of the values that are missing, infinite or have a fractional part."""
    with np.errstate(invalid="ignore"):
        return ~np.isfinite(num) | (np.mod(num, 1.0) != 0)


def _whole_within(
    cells: pd.Series, bounds: tuple[int, int], zero_is_na: bool
) -> tuple[np.ndarray, np.ndarray] | None:
    """(int64 values, missing mask) when the parser read every cell as a whole number or
    empty and all lie within `bounds`; None otherwise (the checks that name cells decide)."""
    if cells.dtype.kind == "f":  # numbers with empty cells: whole where not empty?
        num = cells.to_numpy()
        empty = np.isnan(num)
        with np.errstate(invalid="ignore"):
            values = np.where(empty, 0.0, num).astype("int64")
        if not (values == np.where(empty, 0.0, num)).all():  # a fraction, inf or huge
            return None
        missing = empty | (values == 0) if zero_is_na else empty
    elif cells.dtype.kind == "i":
        values = cells.to_numpy(dtype="int64")
        missing = values == 0 if zero_is_na else np.zeros(len(values), dtype=bool)
    else:
        return None
    kept = values[~missing] if missing.any() else values
    lo, hi = bounds
    if kept.size and (kept.min() < lo or kept.max() > hi):
        return None
    return values, missing


def ints(
    df: pd.DataFrame,
    col: str,
    label: str,
    *,
    bounds: tuple[int, int] = INT_RANGE,
    what: str = "whole numbers",
    nullable: bool = False,
    zero_is_na: bool = False,
    note: str = "",
) -> pd.Series:
    """A column of whole numbers within `bounds` (inclusive), ``int64`` or ``Int64``.

    `what` names the values in messages (``"years"``); `note` is added after the range
    (the source's coverage). With `zero_is_na`, 0 means missing (ATOP's ``yrexit``).
    """
    fast = _whole_within(df[col], bounds, zero_is_na)
    if fast is not None and (nullable or not fast[1].any()):
        values, missing = fast
        if nullable:
            return pd.Series(pd.arrays.IntegerArray(values, missing), index=df.index)
        return pd.Series(values, index=df.index)
    text, num, present = _numbers(df, col)
    bad = present & _not_whole(num)
    if bad.any():
        _refuse(label, col, "hold whole numbers", bad, text, _FIX)
    missing = ~present
    if zero_is_na:
        missing |= num == 0
    lo, hi = bounds
    out = ~missing & ((num < lo) | (num > hi))
    if out.any():
        _refuse(label, col, f"hold {what} from {lo} to {hi}{note}", out, text, _FIX)
    values = np.where(missing, 0, num).astype("int64")
    if nullable:
        return pd.Series(pd.arrays.IntegerArray(values, missing), index=df.index)
    if missing.any():
        raise DataFormatError(
            f"{label_of(label)}: column {col!r} must not be empty; "
            f"{lines(pd.Series(missing, index=df.index))} are empty."
        )
    return pd.Series(values, index=df.index)


def codes(
    df: pd.DataFrame, col: str, label: str, bounds: tuple[int, int] = COW_CODE_RANGE
) -> pd.Series:
    """A column of state codes (whole numbers within `bounds`), ``int64``."""
    return ints(df, col, label, bounds=bounds, what="state codes")


def years(
    df: pd.DataFrame,
    col: str,
    label: str,
    bounds: tuple[int, int],
    *,
    nullable: bool = False,
    zero_is_na: bool = False,
    coverage: str = "",
) -> pd.Series:
    """A column of years within `bounds`; `coverage` (e.g. ``"ATOP 5.1 covers 1815-2018"``)
    is quoted in the message."""
    note = f" ({coverage}; anet.read_* docstrings give the tolerance)" if coverage else ""
    return ints(
        df,
        col,
        label,
        bounds=bounds,
        what="years",
        nullable=nullable,
        zero_is_na=zero_is_na,
        note=note,
    )


def floats(
    df: pd.DataFrame,
    col: str,
    label: str,
    *,
    bounds: tuple[float, float] = (-np.inf, np.inf),
    missing_code: float | None = None,
) -> pd.Series:
    """A column of finite numbers within `bounds` (``missing_code`` becomes NaN), float64."""
    text, num, present = _numbers(df, col)
    bad = present & np.isnan(num)
    if bad.any():
        _refuse(label, col, "hold numbers", bad, text, _FIX)
    infinite = present & np.isinf(num)
    if infinite.any():
        _refuse(label, col, "hold finite numbers", infinite, text, _FIX)
    if missing_code is not None:
        num = np.where(num == missing_code, np.nan, num)
    lo, hi = bounds
    out = ~np.isnan(num) & ((num < lo) | (num > hi))
    if out.any():
        code = f" (or {missing_code:g} for missing)" if missing_code is not None else ""
        _refuse(label, col, f"hold numbers from {lo:g} to {hi:g}{code}", out, text, _FIX)
    return pd.Series(num, index=df.index)


def flags(df: pd.DataFrame, col: str, label: str) -> pd.Series:
    """A 0/1 column as pandas' nullable boolean (empty cells = not coded)."""
    fast = _whole_within(df[col], (0, 1), False)
    if fast is not None:
        return pd.Series(pd.arrays.BooleanArray(fast[0] == 1, fast[1]), index=df.index)
    text, num, present = _numbers(df, col)
    bad = present & (num != 0) & (num != 1)
    if bad.any():
        _refuse(label, col, "be 0 or 1 (or empty)", bad, text, _FIX)
    return pd.Series(pd.arrays.BooleanArray(num == 1, ~present), index=df.index)


def version(df: pd.DataFrame, label: str) -> str | None:
    """The file's release from its ``version`` column (warning when it holds several)."""
    if "version" not in df.columns:
        return None
    cells = df["version"]
    if cells.dtype.kind in "iuf":  # a release number (5.1, 2016)
        found = np.unique(cells.to_numpy()[cells.notna().to_numpy()]).tolist()
    else:
        found = cells.dropna().unique().tolist()
    versions = sorted({str(_cell_text(v)).strip() for v in found})
    if len(versions) > 1:
        warn(
            f"{label_of(label)}: the 'version' column holds several values "
            f"{[short(v, 12) for v in versions[:6]]}; mixing releases is rarely intended."
        )
    return "/".join(short(v, 12) for v in versions[:3]) if versions else None


def warn_repeats(mask: np.ndarray, index: pd.Index, label: str, what: str) -> None:
    """Warn, naming their lines (`index`), about the rows flagged in `mask` as repeating `what`."""
    if mask.any():
        warn(
            f"{label_of(label)}: {int(mask.sum())} rows repeat {what} "
            f"({lines(pd.Series(mask, index=index))}); they are kept. Remove them yourself "
            "if they are errors."
        )


def check_order(start: pd.Series, end: pd.Series, label: str, names: tuple[str, str]) -> None:
    """Refuse spells whose end year precedes their start year, naming the lines."""
    after = end.to_numpy(dtype="float64", na_value=np.inf)
    backwards = pd.Series(after < start.to_numpy(dtype="float64"), index=start.index)
    if backwards.any():
        raise DataFormatError(
            f"{label_of(label)}: the exit year {names[1]!r} precedes the entry year "
            f"{names[0]!r} in {lines(backwards)} (e.g. {start[backwards].iloc[0]} -> "
            f"{end[backwards].iloc[0]}). Correct those rows; spells are inclusive years."
        )


def text(df: pd.DataFrame, col: str) -> pd.Series:
    """A text column stripped of surrounding blanks, as pandas' string dtype."""
    return _as_text(df[col]).str.strip().astype("str")


def not_coded(n: int) -> pd.arrays.BooleanArray:
    """A nullable boolean column of `n` missing values (an obligation the source does not code)."""
    return pd.arrays.BooleanArray(np.zeros(n, dtype=bool), np.ones(n, dtype=bool))


def masked(values: pd.Series, where: np.ndarray) -> pd.Series:
    """A nullable integer column with the cells flagged in `where` set missing."""
    data = values.to_numpy(dtype="int64", na_value=0)
    missing = values.isna().to_numpy(dtype=bool) | where
    return pd.Series(pd.arrays.IntegerArray(data, missing), index=values.index)


def labels(prefix: str, ids: pd.Series) -> pd.Series:
    """``prefix`` plus each id as text (``"COW:" + 227``), each distinct id formatted once."""
    codes, unique = pd.factorize(ids.to_numpy())
    text = pd.array([f"{prefix}{u}" for u in unique.tolist()], dtype="str")
    return pd.Series(text.take(codes), index=ids.index)


def table(columns: dict[str, object], index: pd.Index) -> pd.DataFrame:
    """A table from checked columns (Series on `index`, arrays or scalars), in their order."""
    arrays = {k: v.array if isinstance(v, pd.Series) else v for k, v in columns.items()}
    return pd.DataFrame(arrays, index=index, copy=False)


def numeric_or_text(col: pd.Series) -> pd.Series:
    """An extra column as whole numbers (``Int64``), numbers (float64) or, failing that, text."""
    if _is_numeric(col):
        num = _numeric_values(col)
    else:
        col = _as_text(col)
        num = _to_float(col.str.strip())
    if not (~np.isnan(num) | col.isna().to_numpy(dtype=bool)).all():
        return col
    finite = num[~np.isnan(num)]
    series = pd.Series(num, index=col.index, name=col.name)
    if bool(
        np.isfinite(finite).all() and (finite % 1 == 0).all() and (np.abs(finite) < 2**53).all()
    ):
        return series.astype("Int64")
    return series
