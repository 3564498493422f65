"""Names of blocs, and the same bloc recognised across years (private).

The rule, stated once (the docstrings of :func:`plot_network` and
:func:`plot_snapshots` repeat it):

1. a name the user gave (``bloc_names``: a member's ccode, or the automatic name, ->
   text) wins;
2. else the bloc is named after the treaty that holds it together: of the treaties
   behind its ties that have a name, the one whose members (in the drawn year) best
   match the bloc's members (Jaccard index, at least 0.5); a treaty has a name when the
   alliance id is readable (``EX:NATO`` -> ``NATO``) or is a well-known ATOP treaty in
   :data:`KNOWN_TREATIES`;
3. else after its leading member, the member with the largest ``importance`` (CINC
   capability when given, else the node-size measure, ties by strength), as
   ``"USA bloc"``.

Across years (:func:`match_groups`) the blocs of consecutive panels are matched one to
one by member overlap (Jaccard index of at least 1/3, largest first) or by an equal
name, and a matched chain keeps one name and one style: the name it has in the year it
is largest.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import networkx as nx
import pandas as pd

from ._common import sort_key

#: Readable names of well-known ATOP 5.1 treaties (alliance id -> name) and of the
#: example data's treaties; other ATOP ids have no name and blocs around them are named
#: after their leading member.
KNOWN_TREATIES: dict[str, str] = {
    "ATOP:1350": "Triple Alliance",
    "ATOP:1385": "Franco-Russian Alliance",
    "ATOP:1415": "Anglo-Japanese Alliance",
    "ATOP:2330": "Balkan Entente",
    "ATOP:3075": "Rio Treaty",
    "ATOP:3130": "Brussels Treaty",
    "ATOP:3150": "OAS",
    "ATOP:3180": "NATO",
    "ATOP:3205": "Arab League",
    "ATOP:3260": "SEATO",
    "ATOP:3285": "Warsaw Pact",
    "ATOP:3785": "ANAD",
    "ATOP:3895": "ECOWAS",
    "ATOP:4175": "EU",
    "ATOP:4985": "SADC",
    "EX:WARSAW": "Warsaw Pact",
    "EX:RIO": "Rio Treaty",
    "EX:LEAGUE": "Arab League",
    "EX:SINO-SOVIET": "Sino-Soviet Treaty",
}
#: Smallest member overlap (Jaccard) for a treaty to name a bloc.
TREATY_MATCH = 0.5
#: Smallest member overlap (Jaccard) for blocs of two panels to be the same bloc.
YEAR_MATCH = 1 / 3

BlocNames = Mapping[Hashable, str]


def treaty_name(alliance_id: Hashable) -> str | None:
    """Readable name of an alliance id, or None when it is only a number."""
    text = str(alliance_id)
    if text in KNOWN_TREATIES:
        return KNOWN_TREATIES[text]
    _, sep, rest = text.partition(":")
    rest = rest if sep else text
    if not rest or rest.replace(".", "").isdigit():
        return None
    return rest


def treaty_members(G: nx.Graph) -> dict[Hashable, set[Hashable]]:
    """Alliance id -> the nodes of ``G`` tied by it (from the edge attribute ``alliances``)."""
    members: dict[Hashable, set[Hashable]] = {}
    for u, v, d in G.edges(data=True):
        for a in d.get("alliances", ()) or ():
            members.setdefault(a, set()).update((u, v))
    return members


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _treaty_for(bloc: set, treaties: Mapping[Hashable, set]) -> str | None:
    best: tuple[float, str] | None = None
    for a, m in treaties.items():
        name = treaty_name(a)
        if name is None or not (m & bloc):
            continue
        score = _jaccard(m, bloc)
        if score >= TREATY_MATCH and (best is None or (score, name) > best):
            best = (score, name)
    return None if best is None else best[1]


def name_groups(
    G: nx.Graph,
    raw: pd.Series,
    importance: pd.Series,
    abbrev: Mapping[Hashable, str],
    bloc_names: BlocNames | None = None,
) -> pd.Series:
    """Node -> bloc name for integer group ids ``raw`` (see the module's rule).

    Groups of one are ``"singleton"``; nodes without a group ``"none"``.
    """
    nodes = list(G.nodes)
    raw = raw.reindex(nodes)
    known = raw.dropna()
    treaties = treaty_members(G)
    strength = dict(G.degree(weight="weight"))
    names: dict[Hashable, str] = {}
    taken: set[str] = set()
    groups = sorted(
        (list(m.index) for _, m in known.groupby(known)), key=lambda g: (-len(g), sort_key(g[0]))
    )
    for idx in groups:
        if len(idx) == 1:
            names[idx[0]] = "singleton"
            continue
        lead = max(
            idx,
            key=lambda v: (importance.get(v, 0.0), strength.get(v, 0.0), -sort_key(v)[1]),
        )
        name = _user_name(idx, bloc_names) or _treaty_for(set(idx), treaties)
        if name is None or name in taken:
            name = f"{abbrev[lead]} bloc"
        taken.add(name)
        names.update(dict.fromkeys(idx, name))
    out = pd.Series(names, dtype=object).reindex(nodes).fillna("none")
    return rename(out, bloc_names)


def _user_name(members: Sequence[Hashable], bloc_names: BlocNames | None) -> str | None:
    """The user's name of the bloc holding one of ``members`` (first key in mapping order)."""
    if not bloc_names:
        return None
    inside = set(members)
    for key, text in bloc_names.items():
        if key in inside:
            return str(text)
    return None


def rename(groups: pd.Series, bloc_names: BlocNames | None) -> pd.Series:
    """Apply the user's names keyed by an automatic name (``{"USA bloc": "West"}``)."""
    if not bloc_names:
        return groups
    by_name = {str(k): str(v) for k, v in bloc_names.items() if isinstance(k, str)}
    return groups.map(lambda g: by_name.get(g, g)) if by_name else groups


def match_groups(per_year: Sequence[pd.Series | None]) -> list[pd.Series | None]:
    """Give the same bloc one name in every panel, matching blocs by member overlap.

    ``per_year`` holds node -> bloc name per panel. Blocs of a panel are matched to the
    chains of earlier panels one to one, by equal name or by Jaccard overlap of at least
    :data:`YEAR_MATCH` with the chain's latest members, best overlap first; unmatched
    blocs start a chain. Each chain is then named as in the year it is largest.
    """
    chains: list[dict[str, Any]] = []
    assigned: list[dict[str, int]] = []
    for grp in per_year:
        mine: dict[str, int] = {}
        if grp is not None:
            blocs = {
                g: set(m.index)
                for g, m in grp.groupby(grp)
                if g not in ("none", "singleton", "other")
            }
            pairs = []
            for g, members in blocs.items():
                for i, c in enumerate(chains):
                    score = 1.0 + _jaccard(members, c["last"]) if g == c["name"] else 0.0
                    score = max(score, _jaccard(members, c["last"]))
                    if score >= YEAR_MATCH:
                        pairs.append((score, len(members), str(g), i))
            used: set[int] = set()
            for _, _, g, i in sorted(pairs, key=lambda p: (-p[0], -p[1], p[2], p[3])):
                if g in mine or i in used:
                    continue
                mine[g] = i
                used.add(i)
            for g in sorted(blocs, key=lambda g: (-len(blocs[g]), str(g))):
                if g not in mine:
                    chains.append({"name": g, "sizes": {}, "last": set()})
                    mine[g] = len(chains) - 1
            for g, i in mine.items():
                chains[i]["last"] = blocs[g]
                chains[i]["sizes"][g] = max(chains[i]["sizes"].get(g, 0), len(blocs[g]))
        assigned.append(mine)
    labels = [max(c["sizes"], key=lambda g: (c["sizes"][g], g)) if c["sizes"] else c["name"]
              for c in chains]  # fmt: skip
    seen: dict[str, int] = {}
    for i, lab in enumerate(labels):  # two chains with one name: tell them apart
        seen[lab] = seen.get(lab, 0) + 1
        if seen[lab] > 1:
            labels[i] = f"{lab} ({seen[lab]})"
    out: list[pd.Series | None] = []
    for grp, mine in zip(per_year, assigned, strict=True):
        out.append(
            None if grp is None else grp.map(lambda g, m=mine: labels[m[g]] if g in m else g)
        )
    return out
