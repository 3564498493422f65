"""The one-page Markdown summary of a report: headline numbers and the figures."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from .._version import __version__

__all__ = ["summary_text", "most_allied"]


def _fmt(x: object, digits: int = 3) -> str:
    if x is None or (isinstance(x, float | np.floating) and np.isnan(x)):
        return "n/a"
    return f"{float(x):.{digits}f}"  # type: ignore[arg-type]


def _spread(years: Iterable[int], k: int = 5) -> list[int]:
    """At most `k` years spread evenly from the first to the last."""
    years = list(years)
    if len(years) <= k:
        return years
    idx = np.linspace(0, len(years) - 1, k).round().astype(int)
    return [years[i] for i in sorted(set(idx))]


def summary_text(
    tables: Mapping[str, pd.DataFrame],
    figures: Sequence[str],
    *,
    source: str,
    obligations: str,
    seed: str,
    n_sims: int,
    seconds: float,
) -> str:
    """The Markdown summary: central states, cohesion trend, robustness, defections, keystones."""
    lines = [
        "# alliancenet report",
        "",
        f"Data: **{source}**, obligations: `{obligations}`, {seed}, alliancenet {__version__}, "
        f"{seconds:.0f} s.",
        "",
    ]
    focus = int(tables["defections"]["year"].iloc[0])  # the year the simulations ran on
    lines += _central_states(tables, focus)
    lines += _cohesion_trend(tables["cohesion"])
    lines += _robustness(tables["r_index"], focus, n_sims)
    lines += _defections(tables["defections"], focus)
    lines += _keystones(tables["keystones"], focus)
    lines += ["", "## Figures", ""]
    for stem in figures:
        lines += [f"![{stem}](figures/{stem}.png)", "", f"[PDF](figures/{stem}.pdf)", ""]
    lines += [
        "## Tables",
        "",
        "Tidy CSV tables are in `tables/` (Parquet too when pyarrow is installed).",
        "",
    ]
    return "\n".join(lines)


#: A tie of more states than this is one row of the summary (and one line of the figure).
TIE_ROWS = 3


def most_allied(tables: Mapping[str, pd.DataFrame], k: int = 5) -> pd.DataFrame:
    """The states with most allies in the focus year, ties kept (competition ranking).

    Allies are counted on the ``network_edges`` table (the focus year's ties; without
    it, from the normalised degree of the last year of ``centrality``, times n - 1). Every
    state tied with the ``k``-th is kept, so the table may hold more than ``k`` rows;
    columns ``rank`` (shared by ties), ``ccode``, ``stateabb``, ``allies``, ``tied``.
    """
    if "network_edges" in tables and "network_nodes" in tables:
        nodes, edges = tables["network_nodes"], tables["network_edges"]
        ends = pd.concat([edges["ccode1"], edges["ccode2"]]).astype(int)
        allies = ends.value_counts()
        allies = allies.reindex(nodes["ccode"].astype(int)).fillna(0).astype(int)
        abb = nodes.drop_duplicates("ccode").set_index("ccode")["stateabb"]
    else:  # measures alone: the normalised degree of the last year ranks the same way
        cent = tables["centrality"]
        deg = cent[cent["measure"] == "degree"]
        deg = deg[deg["year"] == deg["year"].max()].set_index("ccode")["value"]
        n = len(deg)
        allies = (deg * max(n - 1, 1)).round().astype(int)
        abb = pd.Series(dtype=object)
    t = pd.DataFrame({"ccode": allies.index, "allies": allies.to_numpy()})
    t = t[t["allies"] > 0].sort_values(["allies", "ccode"], ascending=[False, True])
    t["rank"] = t["allies"].rank(method="min", ascending=False).astype(int)
    if len(t) > k:
        t = t[t["allies"] >= t["allies"].iloc[k - 1]]
    t["tied"] = t["allies"].duplicated(keep=False)
    t["stateabb"] = [abb.get(c, str(c)) for c in t["ccode"]]
    return t[["rank", "ccode", "stateabb", "allies", "tied"]].reset_index(drop=True)


def _central_states(tables: Mapping[str, pd.DataFrame], focus: int) -> list[str]:
    year = int(tables["network_nodes"]["year"].iloc[0]) if len(tables["network_nodes"]) else focus
    top = most_allied(tables)
    cent = tables["centrality"]
    rows = cent[(cent["year"] == year) & (cent["measure"] == "betweenness")]
    betw = rows.set_index("ccode")["value"]
    lines = [
        f"## Most allied states ({year})",
        "",
        "Ranked by the number of allies (states tied to it by at least one alliance of the "
        "chosen obligations in force). States with equal counts share a rank (=), and every "
        "state tied with the fifth is listed. Betweenness is the share of shortest alliance "
        "paths between other states that pass through the state: high for brokers between "
        "regional alliance systems. (PageRank is not used to rank: on a graph of regional "
        "cliques it favours members of many small pacts over the states a reader expects.)",
        "",
        "| rank | state | ccode | allies | betweenness |",
        "|---|---|---|---|---|",
    ]
    for rank, group in top.groupby("rank", sort=True):
        mark = f"{rank}=" if len(group) > 1 else str(rank)
        if len(group) > TIE_ROWS:  # one row for a large tie (e.g. all members of one pact)
            names = ", ".join(group["stateabb"].head(TIE_ROWS))
            spread = sorted({_fmt(betw.get(c)) for c in group["ccode"]})
            lines.append(
                f"| {mark} | {len(group)} states tied: {names}, ... | | "
                f"{int(group['allies'].iloc[0])} | {' to '.join(spread[:: max(1, len(spread) - 1)])} |"
            )
            continue
        for r in group.itertuples():
            lines.append(
                f"| {mark} | {r.stateabb} | {r.ccode} | {r.allies} | {_fmt(betw.get(r.ccode))} |"
            )
    return lines


def _cohesion_trend(cohesion: pd.DataFrame) -> list[str]:
    coh = cohesion.pivot(index="year", columns="measure", values="value")
    shown = _spread(coh.index)
    lines = [
        "",
        "## Cohesion trend",
        "",
        "| measure | " + " | ".join(str(y) for y in shown) + " |",
        "|---|" + "---|" * len(shown),
    ]
    for m in ("density", "transitivity", "lcc_fraction", "allied_fraction", "n_blocs"):
        if m in coh:
            digits = 0 if m.startswith("n_") else 3  # counts print as integers
            lines.append(f"| {m} | " + " | ".join(_fmt(coh.at[y, m], digits) for y in shown) + " |")
    return lines


def _robustness(r_index: pd.DataFrame, focus: int, n_sims: int) -> list[str]:
    r = r_index.set_index("year")
    return [
        "",
        f"## Robustness ({focus})",
        "",
        "Schneider et al. (2011) R-index: mean share of states in the largest alliance component "
        "while states are removed one by one (0 = shattered at once, 0.5 = complete graph).",
        "",
        f"- random failure (mean over {n_sims} orders): **{_fmt(r.at[focus, 'random'])}**",
        "- targeted attack (adaptive, highest degree first): "
        f"**{_fmt(r.at[focus, 'targeted_degree'])}**",
    ]


def _defections(defections: pd.DataFrame, focus: int) -> list[str]:
    lines = [
        "",
        f"## Coverage under published honouring rates ({focus})",
        "",
        "Share of states that keep at least one honouring ally when each commitment is honoured "
        "with the published probability.",
        "",
        "| preset | mean coverage | 5% | 95% | unprotected (mean) |",
        "|---|---|---|---|---|",
    ]
    for preset, g in defections.groupby("preset", sort=False):
        lines.append(
            f"| {preset} | {_fmt(g['coverage'].mean())} | {_fmt(g['coverage'].quantile(0.05))} | "
            f"{_fmt(g['coverage'].quantile(0.95))} | {_fmt(g['unprotected'].mean())} |"
        )
    return lines


def _keystones(keys: pd.DataFrame, focus: int) -> list[str]:
    loss_cols = [c for c in keys.columns if c.endswith("_loss") or c == "capability_share"]
    lines = [
        "",
        f"## Keystone states ({focus})",
        "",
        "| state | " + " | ".join(loss_cols) + " |",
        "|---|" + "---|" * len(loss_cols),
    ]
    for d in keys.head(5).to_dict("records"):
        cells = " | ".join(_fmt(d[c]) for c in loss_cols)
        lines.append(f"| {d.get('stateabb', d['ccode'])} | {cells} |")
    return lines
