"""The one-page Markdown summary of a report: headline numbers and the figures."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from .._version import __version__

__all__ = ["summary_text"]


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


def _central_states(tables: Mapping[str, pd.DataFrame], focus: int) -> list[str]:
    cent = tables["centrality"]
    last = focus if focus in set(cent["year"]) else int(cent["year"].max())
    pr = cent[(cent["year"] == last) & (cent["measure"] == "pagerank")].nlargest(5, "value")
    abb = tables["network_nodes"].set_index("ccode")["stateabb"]
    lines = [
        f"## Most central states ({last}, PageRank)",
        "",
        "| state | ccode | PageRank |",
        "|---|---|---|",
    ]
    for r in pr.itertuples():
        lines.append(f"| {abb.get(r.ccode, r.ccode)} | {r.ccode} | {r.value:.3f} |")
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
