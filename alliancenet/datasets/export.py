"""Write the package's tables for other software: CSV, Parquet, Stata (:func:`write_table`)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ..schema import CENTRALITY_MEASURES

__all__ = ["write_table", "VARIABLE_LABELS"]

PathLike = str | os.PathLike[str]

#: Stata variable labels (80 characters at most) of the columns the package writes.
VARIABLE_LABELS: dict[str, str] = {
    "ccode": "COW state code",
    "ccode1": "COW state code, side 1",
    "ccode2": "COW state code, side 2",
    "gwcode": "Gleditsch-Ward state code",
    "gwcode1": "Gleditsch-Ward state code, side 1",
    "gwcode2": "Gleditsch-Ward state code, side 2",
    "year": "Year",
    "stateabb": "COW state abbreviation",
    "defense": "Defense obligation (1/0; missing = type not coded by the source)",
    "offense": "Offense obligation (1/0; missing = type not coded by the source)",
    "neutrality": "Neutrality obligation (1/0; missing = not coded by the source)",
    "nonaggression": "Non-aggression obligation (1/0; missing = not coded by source)",
    "consultation": "Consultation obligation (1/0; missing = not coded by the source)",
    "entente": "Entente (1/0; missing = type not coded by the source)",
    "shared_allies": "Number of states allied to both",
    "path_length": "Fewest alliance ties between the two (missing = not connected)",
    "same_bloc": "Both in the same alliance bloc (Leiden)",
    "lag_tie": "Allied in the previous year",
    "s": "Portfolio similarity S (Signorino-Ritter)",
    "kappa": "Portfolio similarity, Cohen's kappa",
    "pi": "Portfolio similarity, Scott's pi",
    "n_allies": "Number of allies",
    "strength": "Ties weighted by the number of shared alliances",
    "bloc": "Alliance bloc label (arbitrary within a year)",
    "cinc": "CINC score (COW NMC)",
    "allied_cinc": "Sum of the allies' CINC scores",
    "p_covered": "P(at least one ally honours its commitment)",
    "coverage_loss": "Coverage lost if the state defects (keystones)",
    "lcc_loss": "Largest-component share lost if the state defects (keystones)",
}


def _label(column: str) -> str | None:
    if column in VARIABLE_LABELS:
        return VARIABLE_LABELS[column]
    if column.startswith("reach_"):
        return f"Within {column[6:]} alliance steps of each other"
    for name in CENTRALITY_MEASURES:
        for side in ("1", "2"):
            if column == f"{name}_{side}":
                return f"{name.replace('_', ' ').capitalize()} centrality, side {side}"
        if column == name:
            return f"{name.replace('_', ' ').capitalize()} centrality"
    return None


def _for_stata(table: pd.DataFrame) -> pd.DataFrame:
    """Stata holds no booleans, no inf and no NA in text: convert what it cannot hold."""
    out = table.copy()
    for name in out.columns:
        col = out[name]
        if col.dtype == bool or str(col.dtype) == "boolean":
            out[name] = col.astype("Int8")
        elif col.dtype.kind == "f":
            out[name] = col.where(np.isfinite(col.to_numpy(float)))
        elif col.dtype == object or str(col.dtype).startswith(("str", "string")):
            out[name] = col.astype(object).where(col.notna(), "").astype(str)
    return out


def write_table(
    table: pd.DataFrame,
    path: PathLike,
    *,
    labels: Mapping[str, str] | None = None,
    overwrite: bool = False,
) -> Path:
    """Write a table as CSV, Parquet or Stata, chosen by the file's extension.

    Parameters
    ----------
    table : pandas.DataFrame
        E.g. :func:`dyad_years` or :func:`state_years` output.
    path : str or path-like
        ``.csv`` (UTF-8, no index, missing values empty), ``.parquet`` (needs
        pyarrow: the ``parquet`` extra) or ``.dta`` (Stata 118).
    labels : mapping of str to str, optional
        Stata variable labels (80 characters at most) added to or replacing
        :data:`VARIABLE_LABELS`, which labels every column the package writes.
    overwrite : bool, default False
        Replace an existing file.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    ParameterError
        Unknown extension, an existing file without `overwrite`, or a label longer
        than 80 characters.

    Notes
    -----
    For Stata, flags become 0/1 bytes with missing for ``<NA>``, ``inf`` (e.g. a
    ``path_length`` between unconnected states) becomes missing, and the data's
    ``attrs`` (source, coverage) go into the data label. CSV and Parquet keep the
    values as they are (``inf`` is written as ``inf``). The same as the one-liners
    ``table.to_csv(path, index=False)`` and ``table.to_parquet(path, index=False)``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import alliancenet as anet
    >>> d = anet.dyad_years(anet.load_example(), 1985, states=anet.load_example_states(),
    ...                     complete=True, covariates="path_length")
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> f = anet.write_table(d, folder / "dyads.dta")
    >>> import pandas as pd
    >>> with pd.io.stata.StataReader(f) as r:
    ...     r.variable_labels()["defense"][:18]
    'Defense obligation'
    """
    if not isinstance(table, pd.DataFrame):
        raise ParameterError(f"write_table: table must be a DataFrame; got {type(table).__name__}.")
    path = Path(os.fspath(path)).expanduser()
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet", ".dta"):
        raise ParameterError(
            f"write_table: {path.name!r} has extension {suffix or 'none'}; use .csv, .parquet "
            "or .dta."
        )
    if path.exists() and not overwrite:
        raise ParameterError(
            f"write_table: {str(path)!r} exists; pass overwrite=True to replace it or choose "
            "another name."
        )
    if suffix == ".csv":
        table.to_csv(path, index=False)
    elif suffix == ".parquet":
        table.to_parquet(path, index=False)
    else:
        names = {c: _label(str(c)) for c in table.columns}
        names.update(dict(labels or {}))
        long = [c for c, text in names.items() if text and len(text) > 80]
        if long:
            raise ParameterError(f"write_table: Stata labels hold 80 characters; {long} exceed it.")
        attrs = table.attrs
        note = f"alliancenet: {attrs.get('source', '')} {attrs.get('coverage', '')}".strip()
        _for_stata(table).to_stata(
            path,
            write_index=False,
            version=118,
            data_label=note[:80],
            variable_labels={c: t for c, t in names.items() if t},
        )
    return path
