"""Obligation types and the valued coding scales: the one table both are read from.

A tie between two allies can be read as present/absent, or valued on an ordinal
scale by the strongest obligation behind it. :data:`SCALES` holds each scale as
levels from the highest down; every builder and measure that takes ``coding=``
reads it from here, through :func:`parse_coding` and one of the three views:

* :func:`code_masks` — a vector of 6-bit obligation masks (canonical order) to values;
* :func:`code_flags` — a mapping of boolean flag arrays (one per type) to values;
* :func:`code_types` — a set of type names to one value.

Because every scale is *nested* (a higher level never depends on a lower one),
the value of the obligations OR-ed over the alliances a pair shares equals the
maximum over those alliances of each one's value.

References
----------
.. [1] Signorino, C. S., & Ritter, J. M. (1999). Tau-b or not tau-b: Measuring
   the similarity of foreign policy positions. *International Studies Quarterly*,
   43(1), 115-144. https://doi.org/10.1111/0020-8833.00113
.. [2] Leeds, B. A., Ritter, J. M., Mitchell, S. M., & Long, A. G. (2002).
   Alliance Treaty Obligations and Provisions, 1815-1944. *International
   Interactions*, 28(3), 237-260. https://doi.org/10.1080/03050620212097
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from .errors import ParameterError

__all__ = [
    "OBLIGATIONS",
    "SCALES",
    "CODINGS",
    "BIT",
    "mask_of",
    "parse_obligations",
    "parse_coding",
    "top_value",
    "code_masks",
    "code_flags",
    "code_types",
]

#: The six obligation types, in canonical column order.
OBLIGATIONS: tuple[str, ...] = (
    "defense",
    "offense",
    "neutrality",
    "nonaggression",
    "consultation",
    "entente",
)

#: Bit of each obligation type in a 6-bit mask (canonical order).
BIT: dict[str, int] = {name: 1 << i for i, name in enumerate(OBLIGATIONS)}

#: The valued scales: levels from the highest value down; a tie takes the value of
#: the first level any of whose types it carries, 0 when none.
SCALES: dict[str, tuple[tuple[int, frozenset[str]], ...]] = {
    # Signorino & Ritter (1999) on COW alliance types
    "cow": (
        (3, frozenset({"defense"})),
        (2, frozenset({"neutrality", "nonaggression"})),
        (1, frozenset({"entente"})),
    ),
    # the ATOP reading of the same scale (Chiba, Johnson & Leeds's fpsim convention)
    "atop": (
        (3, frozenset({"defense", "offense"})),
        (2, frozenset({"neutrality", "consultation"})),
        (1, frozenset({"nonaggression"})),
    ),
    # allied or not, whatever the obligation
    "binary": ((1, frozenset(OBLIGATIONS)),),
}

#: One line per scale, for documentation and error messages.
CODINGS: dict[str, str] = {
    name: "; ".join(f"{v} {' or '.join(sorted(t))}" for v, t in levels) + "; 0 none of these"
    for name, levels in SCALES.items()
}


def mask_of(names: Iterable[str]) -> int:
    """The 6-bit mask of obligation type names.

    Examples
    --------
    >>> mask_of(["defense", "entente"])
    33
    """
    m = 0
    for n in names:
        m |= BIT[n]
    return m


def parse_obligations(obligations: str | Iterable[str]) -> tuple[str, ...]:
    """The requested obligation types as a tuple in canonical order.

    Parameters
    ----------
    obligations : str or iterable of str
        One type, several, or ``"any"`` (all six).

    Raises
    ------
    ParameterError
        For unknown names, empty selections and non-string input.

    Examples
    --------
    >>> parse_obligations(["consultation", "defense"])
    ('defense', 'consultation')
    >>> len(parse_obligations("any"))
    6
    """
    valid = f"one or several of {list(OBLIGATIONS)}, or 'any'"
    if isinstance(obligations, str):
        names = [obligations]
    elif isinstance(obligations, Iterable):
        names = list(obligations)
    else:
        raise ParameterError(
            f"obligations must be {valid}; got {obligations!r} ({type(obligations).__name__})."
        )
    if not names:
        raise ParameterError(f"obligations must be {valid}; got an empty selection.")
    bad = [n for n in names if not isinstance(n, str) or (n not in OBLIGATIONS and n != "any")]
    if bad:
        raise ParameterError(
            f"unknown obligation type(s) {bad}; valid are {list(OBLIGATIONS)} or 'any'. "
            "Pass one name or a list of names."
        )
    if "any" in names:
        return OBLIGATIONS
    return tuple(n for n in OBLIGATIONS if n in names)


def parse_coding(coding: str | None, *, allow_none: bool = True) -> str | None:
    """Validate a ``coding=`` argument; return the scale name (lower case) or None.

    Examples
    --------
    >>> parse_coding("ATOP")
    'atop'
    >>> parse_coding("ordinal")
    Traceback (most recent call last):
    ...
    alliancenet.errors.ParameterError: coding must be ...
    """
    if coding is None and allow_none:
        return None
    if isinstance(coding, str) and coding.lower() in SCALES:
        return coding.lower()
    choices = (["None"] if allow_none else []) + [repr(s) for s in SCALES]
    raise ParameterError(
        f"coding must be {', '.join(choices)}; got {coding!r}. "
        + " ".join(f"{name!r}: {text}." for name, text in CODINGS.items())
    )


def top_value(coding: str) -> int:
    """The highest value of a scale (3 for ``cow``/``atop``, 1 for ``binary``)."""
    return SCALES[coding][0][0]


def code_masks(masks: np.ndarray, coding: str) -> np.ndarray:
    """Values of a vector of 6-bit obligation masks on the scale `coding` (int64).

    Examples
    --------
    >>> code_masks(np.array([0, 1, 4, 32]), "cow").tolist()
    [0, 3, 2, 1]
    """
    masks = np.asarray(masks)
    conds = [(masks & mask_of(types)) != 0 for _, types in SCALES[coding]]
    values = [v for v, _ in SCALES[coding]]
    return np.select(conds, values, 0).astype(np.int64)


def code_flags(flags: Mapping[str, np.ndarray], coding: str) -> np.ndarray:
    """Values from one boolean array per obligation type (missing types count as False).

    Examples
    --------
    >>> code_flags({"defense": np.array([True, False]),
    ...             "consultation": np.array([False, True])}, "atop").tolist()
    [3, 2]
    """
    n = len(next(iter(flags.values()))) if flags else 0
    false = np.zeros(n, dtype=bool)
    conds = [
        np.logical_or.reduce([np.asarray(flags.get(t, false), dtype=bool) for t in sorted(types)])
        for _, types in SCALES[coding]
    ]
    return np.select(conds, [v for v, _ in SCALES[coding]], 0).astype(np.int64)


def code_types(types: Iterable[str], coding: str) -> int:
    """Value of one tie given the set of obligation types behind it.

    Examples
    --------
    >>> code_types({"consultation"}, "atop"), code_types({"consultation"}, "cow")
    (2, 0)
    """
    have = set(types)
    for value, level in SCALES[coding]:
        if have & level:
            return value
    return 0
