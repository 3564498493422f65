"""Checks and small helpers shared by the plotting modules (private)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any, Literal, TypeAlias

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..errors import SchemaError

#: What ``legend=`` accepts on every plot function.
Legend: TypeAlias = Literal["auto", "inside", "outside", "below", False]
#: What ``palette=`` accepts: a seaborn palette name, a list of colours, or None.
Palette: TypeAlias = str | Sequence[str] | None
#: ``ccode -> text`` for tick labels, legend entries and node labels.
LabelMap: TypeAlias = Mapping[Any, Any]


def axes_or_current(ax: Axes | None) -> Axes:
    """``ax``, or the current axes when ``ax`` is None (as seaborn's axes-level functions)."""
    return plt.gca() if ax is None else ax


def require_columns(data: object, columns: Iterable[str], what: str) -> pd.DataFrame:
    """Return ``data`` if it is a DataFrame holding ``columns``, else raise SchemaError."""
    columns = list(columns)
    if not isinstance(data, pd.DataFrame):
        raise SchemaError(f"{what} expects a pandas DataFrame; got {type(data).__name__}")
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise SchemaError(
            f"{what} needs columns {columns}; missing {missing} in {list(data.columns)}"
        )
    return data


def sort_key(v: Hashable) -> tuple[int, Any, str]:
    """Sort ccodes numerically and anything else after them, by text."""
    if isinstance(v, int | np.integer):
        return (0, int(v), "")
    return (1, 0, str(v))


def markevery(n_points: int, n_marks: int = 8) -> int:
    """Mark every k-th point so that a line shows about ``n_marks`` markers."""
    return max(1, n_points // n_marks)
