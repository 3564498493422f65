"""Rows that repeat a key, found with one sort (private helper of the readers and the schema).

:func:`repeated` marks every row whose combination of integer keys occurs more than
once; :func:`exact_copies` narrows a whole-row comparison to those rows. On a wide
table this is a fraction of ``DataFrame.duplicated``, which factorises every column.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd


def repeated(*keys: np.ndarray) -> np.ndarray:
    """Mask of the rows whose combination of `keys` (equal-length integer arrays) repeats.

    Every copy is marked, like ``duplicated(keep=False)``.

    Examples
    --------
    >>> repeated(np.array([2, 2, 20]), np.array([1949, 1949, 1949])).tolist()
    [True, True, False]
    """
    order = np.lexsort(keys[::-1])
    out = np.empty(len(keys[0]), dtype=bool)
    out[order] = repeated_sorted(*(np.asarray(key)[order] for key in keys))
    return out


def repeated_sorted(*keys: np.ndarray) -> np.ndarray:
    """:func:`repeated` for rows already sorted by `keys`: repeats are runs of neighbours.

    Examples
    --------
    >>> repeated_sorted(np.array([1949, 1949, 1950]), np.array([2, 2, 2])).tolist()
    [True, True, False]
    """
    n = len(keys[0])
    same = np.ones(max(n - 1, 0), dtype=bool)
    for key in keys:
        same &= key[1:] == key[:-1]
    runs = np.zeros(n, dtype=bool)
    runs[1:] |= same
    runs[:-1] |= same
    return runs


def exact_copies(table: pd.DataFrame, *keys: np.ndarray) -> np.ndarray:
    """Mask of the rows of `table` that repeat another row in every column.

    Exact copies share their `keys` (integer arrays in the table's row order, e.g. the
    state code and start year), so only rows whose keys repeat are compared in full:
    the answer of ``table.duplicated(keep=False)``.
    """
    rows = np.flatnonzero(repeated(*keys))
    out = np.zeros(len(table), dtype=bool)
    if rows.size:
        subset = table.take(rows)
        try:  # the candidate rows as tuples of cells, every missing value as None
            array = subset.to_numpy(dtype=object, na_value=None)  # type: ignore[arg-type]
            cells = list(map(tuple, array))
            counts = Counter(cells)
            out[rows] = [counts[row] > 1 for row in cells]
        except TypeError:  # a cell that cannot be hashed (a list in an object column)
            out[rows] = subset.duplicated(keep=False).to_numpy(dtype=bool)
    return out
