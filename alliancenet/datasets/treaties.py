"""Well-known treaties by name: :func:`find_alliances` and the ``alliances=`` selection.

ATOP and COW identify alliances by number only (``ATOP:3180``, ``COW:227``). The
package ships a small table it wrote itself (``datasets/data/treaties.csv``) that
maps well-known treaties to their ids in ATOP 5.1, COW Formal Alliances 4.1 and the
bundled example. Each row names the dataset rows that identify it (``source``): the
ATOP ``atop5_1a.csv`` row with its begin year and its own ``cow4id`` cross-reference,
and the COW ``alliance_v4.1_by_member.csv`` ``version4id`` with its start year and
type. The ``founders`` column lists state codes that signed the treaty; the
``realdata`` tests check that they are members of both rows, that the begin years
agree and that ATOP's ``cow4id`` equals the COW id wherever ATOP gives one. Neither
file carries treaty names: the names come from the treaty texts and were matched to
the rows by their founding members and year.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib.resources import files

import pandas as pd

from .._docstrings import fill_doc
from ..errors import ParameterError
from ..schema import coverage_of

__all__ = ["find_alliances"]

#: which id column of the treaty table belongs to which source / id prefix
_ID_COLUMNS = {"atop": "atop_id", "cow": "cow_id", "example": "example_id"}


@cache
def _table() -> pd.DataFrame:
    with files("alliancenet").joinpath("datasets/data/treaties.csv").open("rb") as fh:
        table = pd.read_csv(fh, dtype=str, keep_default_na=False)
    table["begin_year"] = table["begin_year"].astype("int64")
    return table


def _key(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", " ", text.casefold()).strip()


def _matches(table: pd.DataFrame, pattern: str) -> pd.Series:
    """Rows named exactly by `pattern` if any, else rows whose text contains or matches it."""
    key = _key(pattern)
    names = [
        {_key(name), _key(re.sub(r"\s*\([^)]*\)$", "", name))}
        | {_key(a) for a in aliases.split(";") if a}
        | ({_key(group)} if group else set())
        for name, aliases, group in zip(
            table["name"].tolist(), table["aliases"].tolist(), table["group"].tolist(), strict=True
        )
    ]
    exact = pd.Series([key in n for n in names], index=table.index)
    if exact.any():
        return exact
    text = table["name"] + ";" + table["aliases"] + ";" + table["group"]
    found = text.str.casefold().str.contains(pattern.casefold(), regex=False)
    try:
        found |= text.str.contains(pattern, flags=re.IGNORECASE, regex=True)
    except re.error:
        pass
    words = set(key.split())
    found |= text.map(lambda t: words <= set(_key(t).split()))
    return found


@fill_doc
def find_alliances(name_or_pattern: str, *, source: str | None = None) -> pd.DataFrame:
    """Look up well-known treaties by name and return their ATOP, COW and example ids.

    Parameters
    ----------
    name_or_pattern : str
        A treaty name or alias (``"NATO"``, ``"Warsaw Pact"``, ``"Rio Treaty"``), a
        group (``"Triple Entente 1914"``, ``"Triple Alliance 1914"``, ``"Little
        Entente"``, ``"Axis"``, ``"Arab League"``), or part of a name, or a regular
        expression. Case, punctuation and a trailing ``(year)`` are ignored when a
        name, alias or group matches exactly; only when none does are the rows whose
        name, aliases or group contain the text (or match it as a regular
        expression) returned. ``""`` or ``".*"`` lists the whole table.
    source : {None, "atop", "cow", "example"}, optional
        With a source, a first column ``alliance_id`` holds that source's id and
        treaties the source does not list are left out.

    Returns
    -------
    pandas.DataFrame
        One row per treaty (sorted by begin year), columns ``name``, ``aliases``
        (``;``-separated), ``group``, ``begin_year`` (ATOP's ``begyr``), ``atop_id``,
        ``cow_id``, ``example_id`` (``""`` where the source has no such treaty),
        ``founders`` (space-separated state codes checked to be members in the
        sources) and ``source`` (the dataset rows that identify the treaty).
        Empty when nothing matches.

    Raises
    ------
    ParameterError
        `name_or_pattern` is not a string, or `source` is unknown.

    Notes
    -----
    The table was written for this package (see the module docstring of
    :mod:`alliancenet.datasets.treaties`); it covers about fifty treaties, among them
    the pacts that formed the two camps of 1914 (Dual and Triple Alliance and the
    Austro-Romanian treaty; the Franco-Russian entente and military convention, the
    Anglo-Japanese alliance, the 1912 Anglo-French naval letters and the Pact of
    London). The Entente Cordiale (1904) and the Anglo-Russian Convention (1907) are
    colonial settlements that neither ATOP nor COW codes as alliances, so they are not
    listed. NATO's COW row (``COW:227``) lacks the 2004 and 2009 entrants (COW 4.1
    itself does).

    References
    ----------
    {{ref_atop}}

    {{ref_cow}}

    Examples
    --------
    >>> import alliancenet as anet
    >>> anet.find_alliances("NATO")[["name", "atop_id", "cow_id"]]
                               name    atop_id   cow_id
    0  North Atlantic Treaty (1949)  ATOP:3180  COW:227
    >>> anet.find_alliances("Triple Entente 1914", source="atop")["alliance_id"].tolist()
    ['ATOP:1380', 'ATOP:1385', 'ATOP:1415', 'ATOP:1485', 'ATOP:2015']
    """
    if not isinstance(name_or_pattern, str):
        raise ParameterError(
            f"find_alliances: name_or_pattern must be a string such as 'NATO'; got "
            f"{type(name_or_pattern).__name__}."
        )
    if source is not None and source not in _ID_COLUMNS:
        raise ParameterError(
            f"find_alliances: source must be None or one of {sorted(_ID_COLUMNS)}; got {source!r}."
        )
    table = _table()
    out = table[_matches(table, name_or_pattern)] if name_or_pattern.strip() else table
    out = out.sort_values(["begin_year", "atop_id"], kind="stable").reset_index(drop=True)
    if source is not None:
        ids = out[_ID_COLUMNS[source]]
        out = out[ids != ""].reset_index(drop=True)
        out.insert(0, "alliance_id", out[_ID_COLUMNS[source]])
    return out.copy()


def select_alliances(
    members: pd.DataFrame, alliances: str | Iterable[str] | None, what: str
) -> pd.DataFrame:
    """Keep the rows of `members` whose alliance is one of `alliances` (ids or known names).

    An entry that is an ``alliance_id`` of `members` is taken as is; any other entry
    is looked up with :func:`find_alliances` and stands for every matching treaty whose
    ATOP, COW or example id appears in `members`. The table's coverage is kept.
    """
    if alliances is None:
        return members
    if isinstance(alliances, str):
        alliances = [alliances]
    try:
        wanted = list(alliances)
    except TypeError:
        raise ParameterError(
            f"{what}: alliances must be an alliance id or name, or a list of them (e.g. "
            f"['NATO', 'ATOP:3285']); got {type(alliances).__name__}."
        ) from None
    if not wanted:
        raise ParameterError(f"{what}: alliances is empty; pass None to keep every alliance.")
    if not isinstance(members, pd.DataFrame) or "alliance_id" not in members.columns:
        return members  # the builder's own validation names the problem
    present = set(members["alliance_id"].astype(str).unique().tolist())
    keep: set[str] = set()
    for entry in wanted:
        if not isinstance(entry, str):
            raise ParameterError(
                f"{what}: every entry of alliances must be a string (an id such as 'ATOP:3180' "
                f"or a name such as 'NATO'); got {entry!r}."
            )
        if entry in present:
            keep.add(entry)
            continue
        rows = find_alliances(entry)
        ids = {i for col in _ID_COLUMNS.values() for i in rows[col].tolist() if i in present}
        if not ids:
            known = "" if len(rows) else " (no treaty of that name is known either)"
            listed = ", ".join(rows["name"].head(3).tolist())
            also = f"; the name matches {listed}, absent from this table" if len(rows) else ""
            raise ParameterError(
                f"{what}: alliances entry {entry!r} is neither an alliance_id of the membership "
                f"table{known}{also}. Use anet.find_alliances({entry!r}) to see known treaties "
                "and their ids, or pass ids from members['alliance_id']."
            )
        keep |= ids
    coverage = coverage_of(members)
    out = members[members["alliance_id"].isin(sorted(keep))].copy()
    out.attrs = dict(members.attrs)
    out.attrs["coverage"] = coverage
    return out
