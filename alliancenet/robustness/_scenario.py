"""Named scenarios of a defection analysis (private).

A scenario says who is certain to defect (``defectors``), who is certain to honour
(``honor``), how strongly the others' decisions move together (``correlation`` of
the one-factor Gaussian copula, :mod:`alliancenet.robustness._copula`) and over
which groups the common factor is shared (``groups``). Every defection function
reads its keywords through :func:`make_scenario` and labels its result with
:meth:`Scenario.label` / :meth:`Scenario.attrs`.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeAlias

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ._checks import sequence_like
from ._copula import check_correlation
from ._promises import Promises

__all__ = ["Scenario", "make_scenario", "Groups", "States"]

#: What ``groups=`` accepts.
Groups: TypeAlias = str | Mapping[Any, Hashable] | pd.Series
#: What ``defectors=`` / ``honor=`` accept.
States: TypeAlias = Hashable | Iterable[Hashable] | None

_GROUPS = ("crisis", "treaty")


def _states(value: object, index: Mapping[Hashable, int], what: str) -> tuple[Any, ...]:
    if value is None:
        return ()
    items = list(value) if sequence_like(value) else [value]  # type: ignore[call-overload]
    unknown = [v for v in items if not isinstance(v, Hashable) or v not in index]
    if unknown:
        raise ParameterError(
            f"expected the states in {what}= among the graph's states; got unknown "
            f"{unknown[:5]}; pass ccodes of states in G"
        )
    return tuple(sorted(set(items), key=index.__getitem__))


@dataclass(frozen=True)
class Scenario:
    """Who defects, who honours, and how the others' decisions are correlated."""

    correlation: float = 0.0
    groups: Any = "crisis"
    defectors: tuple[Any, ...] = ()
    honor: tuple[Any, ...] = ()
    name: str | None = None
    abbrev: dict[Any, Any] = field(default_factory=dict, compare=False)

    def _names(self, states: tuple[Any, ...]) -> str:
        return ", ".join(
            f"{self.abbrev[s]} ({s})" if pd.notna(self.abbrev.get(s, pd.NA)) else str(s)
            for s in states
        )

    def label(self) -> str:
        """A one-line description, e.g. ``"correlation 0.5 (one factor per crisis); defectors TUR (640)"``."""
        if self.correlation == 0.0:
            parts = ["independent allies"]
        else:
            per = self.groups if isinstance(self.groups, str) else "group"
            parts = [f"correlation {self.correlation:g} (one factor per {per})"]
        if self.defectors:
            parts.append(f"defectors {self._names(self.defectors)}")
        if self.honor:
            parts.append(f"certain to honour {self._names(self.honor)}")
        text = "; ".join(parts)
        return f"{self.name}: {text}" if self.name else text

    def attrs(self) -> dict[str, Any]:
        """The scenario as plain values for ``DataFrame.attrs``."""
        return {
            "scenario": self.label(),
            "correlation": self.correlation,
            "groups": self.groups if isinstance(self.groups, str) else "mapping",
            "defectors": list(self.defectors),
            "honor": list(self.honor),
        }

    def force(self, p: np.ndarray, owner: np.ndarray, nodes: list[Hashable]) -> np.ndarray:
        """Rates with the units owned by defectors set to 0 and by `honor` to 1.

        `owner` holds, for each unit, the node position of the state that decides.
        """
        if not self.defectors and not self.honor:
            return p
        index = {v: i for i, v in enumerate(nodes)}
        out = np.array(p, dtype=float, copy=True)
        out[np.isin(owner, [index[v] for v in self.defectors])] = 0.0
        out[np.isin(owner, [index[v] for v in self.honor])] = 1.0
        return out

    def promise_groups(self, pr: Promises, idx: np.ndarray) -> tuple[np.ndarray, int]:
        """Factor of each promise in `idx` (positions 0..n_groups−1) and their number."""
        if self.correlation == 0.0 or self.groups == "crisis":
            return np.zeros(len(idx), dtype=np.int64), 1
        if self.groups == "treaty":
            sizes = _treaty_sizes(pr)
            keys = [_largest_treaty(pr, k, sizes) for k in idx]
        else:
            keys = [_label(self.groups, pr.nodes[pr.src[k]], "state") for k in idx]
        return _codes(keys)

    def unit_groups(self, keys: list[Hashable], what: str) -> tuple[np.ndarray, int]:
        """Factor of each state (level "state") or treaty (level "treaty")."""
        if self.correlation == 0.0 or self.groups == "crisis":
            return np.zeros(len(keys), dtype=np.int64), 1
        if self.groups == "treaty":
            raise ParameterError(
                f"groups='treaty' shares a factor among the promises of one treaty; at "
                f"level={what!r} use groups='crisis' or a mapping of each {what} to its group"
            )
        return _codes([_label(self.groups, k, what) for k in keys])


def _label(groups: Mapping[Any, Hashable], key: Any, what: str) -> Hashable:
    if key not in groups:
        raise ParameterError(
            f"expected a group for every {what} in groups=; {key!r} has none; e.g. "
            "groups=anet.blocs(G, rng=0) gives every state its bloc"
        )
    return groups[key]


def _codes(keys: list[Hashable]) -> tuple[np.ndarray, int]:
    codes, uniques = pd.factorize(pd.Series(keys, dtype=object), sort=False)
    return codes.astype(np.int64), max(1, len(uniques))


def _largest_treaty(pr: Promises, k: int, sizes: Mapping[Hashable, int]) -> Hashable:
    """The treaty behind promise k with the most promises in the graph (ties: lowest id)."""
    ids = pr.data[k].get("alliances") or ()
    if not ids:
        raise ParameterError(
            f"groups='treaty' needs the 'alliances' on every tie; the tie "
            f"{pr.nodes[pr.src[k]]}–{pr.nodes[pr.dst[k]]} has none; build the graph with "
            "anet.alliance_graph"
        )
    return min(ids, key=lambda a: (-sizes[a], str(a)))


def _treaty_sizes(pr: Promises) -> dict[Hashable, int]:
    counts: dict[Hashable, int] = {}
    for d in pr.data:
        for a in d.get("alliances") or ():
            counts[a] = counts.get(a, 0) + 1
    return counts


def make_scenario(
    nodes: list[Hashable],
    *,
    correlation: object = 0.0,
    groups: object = "crisis",
    defectors: object = None,
    honor: object = None,
    name: object = None,
    abbrev: Mapping[Any, Any] | None = None,
) -> Scenario:
    """Validate the scenario keywords of a defection function once."""
    rho = check_correlation(correlation)
    index = {v: i for i, v in enumerate(nodes)}
    if isinstance(groups, pd.Series):
        groups = groups.to_dict()
    if not (isinstance(groups, str) and groups in _GROUPS) and not isinstance(groups, Mapping):
        raise ParameterError(
            f"expected groups in {_GROUPS} or a mapping of states (or treaties) to group "
            f"labels, e.g. anet.blocs(G, rng=0); got {groups!r}"
        )
    out = _states(defectors, index, "defectors")
    keep = _states(honor, index, "honor")
    both = sorted(set(out) & set(keep), key=index.__getitem__)
    if both:
        raise ParameterError(
            f"expected defectors and honor to be disjoint; {both[:5]} are in both; a state "
            "cannot be certain to defect and certain to honour"
        )
    if name is not None and not isinstance(name, str):
        raise ParameterError(f"expected scenario as a str label; got {name!r}")
    return Scenario(rho, groups, out, keep, name, dict(abbrev or {}))


#: The scenario keywords, documented once for every defection function.
_SCENARIO_DOC = """\
correlation : float, default 0.0
    Correlation ρ in [0, 1] of the allies' decisions (one-factor Gaussian copula): a
    unit honours iff ``sqrt(ρ)·Z + sqrt(1 − ρ)·ε ≤ Φ⁻¹(p)``, with one common standard
    normal ``Z`` per group and independent ``ε``. Each rate ``p`` is kept exactly;
    ρ = 0 is the independent model (identical numbers to it for the same seed);
    ρ → 1 makes the allies of a group act together (shared reluctance).
groups : {"crisis", "treaty"} or mapping, default "crisis"
    Over whom the common factor ``Z`` is shared: ``"crisis"`` one factor per simulated
    crisis (per attacked state in :func:`attack_response`); ``"treaty"`` one per
    treaty (a promise loads on the treaty behind it with the most promises in the
    graph; not at levels "state"/"treaty"); or a mapping (or Series, e.g.
    ``anet.blocs(G, rng=0)``) from each state — each treaty at level "treaty" — to a
    group label (e.g. its bloc): factors of different groups are independent.
defectors : int or sequence of int, optional
    States certain to defect (rate 0), whatever `p_honor` says.
honor : int or sequence of int, optional
    States certain to honour (rate 1), whatever `p_honor` says.
scenario : str, optional
    A name for this scenario, prefixed to the description in the result."""

_LINE = "{{scenario}}"


def fill_scenario(func: Any) -> Any:
    """Replace a ``{{scenario}}`` line of ``func.__doc__`` by the scenario keywords."""
    doc = func.__doc__ or ""
    for line in doc.splitlines():
        if line.strip() == _LINE:
            indent = line[: len(line) - len(line.lstrip())]
            text = "\n".join(indent + x if x else x for x in _SCENARIO_DOC.splitlines())
            func.__doc__ = doc.replace(line, text)
            break
    return func
