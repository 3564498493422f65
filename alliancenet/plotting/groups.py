"""What the nodes of a network figure show: size values, group labels and group styles.

Sizes come from :func:`alliancenet.centrality` and blocs from :func:`alliancenet.blocs`
(the owners of those measures); this module only turns them into the values, group
names, colours and markers that :mod:`.network` draws.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any, TypeAlias, cast

import networkx as nx
import pandas as pd

from .._random import RNGLike, spawn
from ..errors import ParameterError
from ..measures.blocs import blocs
from ..measures.centrality import centrality
from ._common import LabelMap, Palette
from .blocnames import BlocNames, match_groups, name_groups, rename
from .style import MARKERS, OTHER_COLOR, palette_colours

#: What ``node_size=`` accepts.
NodeSize: TypeAlias = str | pd.Series | Mapping[Hashable, float] | float | None
#: What ``hue=`` accepts.
Hue: TypeAlias = str | pd.Series | Mapping[Hashable, Hashable] | None
#: Group labels drawn as grey dots (never named in the legend's colours).
UNNAMED = ("none", "singleton", "other")
_BLOCS = ("bloc", "blocs")
_COMPONENTS = ("component", "components")


def undirected(G: nx.Graph) -> nx.Graph:
    """``G`` itself, or an undirected copy of a DiGraph (networks are drawn undirected)."""
    return G.to_undirected() if G.is_directed() else G


def node_values(G: nx.Graph, node_size: NodeSize) -> pd.Series:
    """Float value behind each node's marker size, indexed by the nodes of ``G``.

    A Series or mapping is taken as given (missing nodes 0); a number or None gives equal
    values; a string names a node attribute held by every node, else a measure of
    :func:`alliancenet.centrality`, computed on ``G`` as given.
    """
    nodes = list(G.nodes)
    if isinstance(node_size, pd.Series | Mapping):
        return pd.Series(node_size, dtype=float).reindex(nodes).fillna(0.0)
    if node_size is None or (
        isinstance(node_size, int | float) and not isinstance(node_size, bool)
    ):
        return pd.Series(1.0, index=pd.Index(nodes), dtype=float)
    if isinstance(node_size, str):
        if nodes and all(node_size in d for _, d in G.nodes(data=True)):
            return pd.Series({v: d[node_size] for v, d in G.nodes(data=True)}, dtype=float)
        try:
            table = centrality(G, node_size)
        except ParameterError as err:
            raise ParameterError(
                f"node_size={node_size!r}: not an attribute of every node, and "
                f"anet.centrality refused it: {err}"
            ) from err
        return table[node_size].reindex(nodes)
    raise ParameterError(
        "node_size must be a measure of anet.centrality (e.g. 'degree', 'betweenness', "
        "'pagerank'), a node attribute, a number, or a Series indexed by ccode; "
        f"got {node_size!r}"
    )


def abbreviations(G: nx.Graph, labels: LabelMap | None = None) -> dict[Hashable, str]:
    """Node -> short label: ``labels`` mapping, else node attr ``stateabb``, else str(node)."""
    out = {}
    for v, d in G.nodes(data=True):
        text = labels.get(v) if labels is not None else None
        if text is None or (isinstance(text, float) and pd.isna(text)):
            text = d.get("stateabb")
        out[v] = str(v) if text is None or pd.isna(text) else str(text)
    return out


def largest_treaty(G: nx.Graph) -> pd.Series:
    """Each node's largest treaty (the alliance id behind its ties with most members)."""
    members: dict[Hashable, set[Hashable]] = {}
    for u, v, d in G.edges(data=True):
        for a in d.get("alliances", ()):
            members.setdefault(a, set()).update((u, v))
    size = {a: len(m) for a, m in members.items()}
    out = {}
    for v in G.nodes:
        mine = [a for a, m in members.items() if v in m]
        out[v] = max(mine, key=lambda a: (size[a], str(a))) if mine else "none"
    return pd.Series(out, name="treaty", dtype=object)


def node_groups(
    G: nx.Graph,
    hue: Hue,
    importance: pd.Series,
    abbrev: Mapping[Hashable, str],
    *,
    rng: RNGLike = None,
    bloc_names: BlocNames | None = None,
) -> pd.Series | None:
    """Node -> group label (str) for colour and marker, or None for a single colour.

    ``G`` is undirected. Integer groups (bloc and component ids) are named by the rule
    of :mod:`.blocnames` (the user's name, the treaty that holds the bloc together, or
    the member with the largest ``importance``: "USA bloc"); groups of one are
    "singleton".
    """
    if hue is None:
        return None
    if isinstance(hue, str) and hue in _BLOCS:
        raw, by_leader = blocs(G, rng=rng), True
    elif isinstance(hue, str) and hue in _COMPONENTS:
        comps = nx.connected_components(G)
        raw, by_leader = pd.Series({v: i for i, c in enumerate(comps) for v in c}), True
    elif isinstance(hue, str) and hue == "treaty":
        raw, by_leader = largest_treaty(G), False
    elif isinstance(hue, pd.Series | Mapping):
        raw = pd.Series(hue)
        by_leader = pd.api.types.is_integer_dtype(raw.dtype)
    elif isinstance(hue, str) and G.number_of_nodes() and all(hue in d for _, d in G.nodes(data=True)):  # fmt: skip
        raw, by_leader = pd.Series({v: d[hue] for v, d in G.nodes(data=True)}), False
    else:
        raise ParameterError(
            "hue must be 'bloc', 'component', 'treaty', a node attribute, a Series/dict "
            f"ccode -> group, or None; got {hue!r}"
        )
    nodes = list(G.nodes)
    raw = raw.reindex(nodes)
    if not by_leader:
        return rename(raw.astype(object).where(raw.notna(), "none").map(str), bloc_names)
    return name_groups(G, raw, importance, abbrev, bloc_names)


def importance_of(
    importance: pd.Series | Mapping[Hashable, float] | None, values: pd.Series
) -> pd.Series:
    """What ranks states for labels and bloc leaders: ``importance`` if given, else ``values``.

    States missing from ``importance`` rank last (their node-size value breaks ties).
    """
    if importance is None:
        return values.astype(float)
    given = pd.Series(importance, dtype=float).reindex(values.index)
    if given.isna().all() and len(given):
        raise ParameterError(
            "importance holds no value for any drawn state; pass a Series indexed by ccode "
            "(e.g. anet.capabilities(nmc, year)) that covers the drawn states"
        )
    return given.fillna(-1.0)


def group_order(groups: pd.Series) -> list[str]:
    """Group labels, largest group first (ties by name)."""
    counts = groups.value_counts()
    return sorted(counts.index, key=lambda g: (-counts[g], str(g)))


def group_styles(
    order: Sequence[str], palette: Palette = None, max_groups: int = 8
) -> dict[str, tuple[str, str]]:
    """Group label -> (colour, marker); groups beyond ``max_groups`` share a grey 'other'."""
    named = [g for g in order if g not in UNNAMED][:max_groups]
    colours = palette_colours(palette, len(named))
    styles = {g: (colours[i], MARKERS[i % len(MARKERS)]) for i, g in enumerate(named)}
    styles["other"] = (OTHER_COLOR, ".")
    styles["singleton"] = (OTHER_COLOR, ".")
    styles["none"] = ("#cfcfcf", ".")
    return styles


def panel_groups(
    graphs: Sequence[nx.Graph],
    drawn: Sequence[list[Hashable]],
    years: Sequence[Any],
    hue: Hue | Mapping[Any, pd.Series],
    importance: Sequence[pd.Series],
    *,
    labels: LabelMap | None,
    bloc_names: BlocNames | None,
    rng: RNGLike,
) -> list[pd.Series | None]:
    """Node groups of each panel of :func:`plot_snapshots`, one name per bloc across years.

    ``graphs`` are undirected and ``drawn`` their drawn nodes. Blocs and components are
    found in each year, named by the rule of :mod:`.blocnames`, and matched across years
    by member overlap (:func:`.blocnames.match_groups`), so a colour means the same bloc
    in every panel; a dict ``year -> Series`` gives each year its own groups, matched
    by name.
    """
    subs = [g.subgraph(nodes) for g, nodes in zip(graphs, drawn, strict=True)]
    if hue is None:
        return [None] * len(subs)
    if isinstance(hue, Mapping) and not isinstance(hue, pd.Series) and set(years) <= set(hue):
        return [
            node_groups(
                s,
                cast(Mapping[Any, Any], hue)[y],
                v,
                abbreviations(s, labels),
                bloc_names=bloc_names,
            )  # fmt: skip
            for s, y, v in zip(subs, years, importance, strict=True)
        ]
    gens = spawn(rng, len(subs))
    per_year = [
        node_groups(s, cast(Hue, hue), v, abbreviations(s, labels), rng=g, bloc_names=bloc_names)
        for s, v, g in zip(subs, importance, gens, strict=True)
    ]
    if isinstance(hue, str) and hue in _BLOCS + _COMPONENTS:
        per_year = match_groups(per_year)
    return per_year
