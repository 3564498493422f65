"""Yearly alliance networks built from the canonical membership table.

The functions here turn a membership table (one row per member and alliance
spell, see :mod:`alliancenet.schema`) into graphs whose nodes are Correlates of
War state codes:

* :func:`alliance_graph` — the state graph of one year (``networkx.Graph``, or
  ``DiGraph`` when obligations are read as one-way);
* :func:`alliance_graphs` — the same for many years, built in one vectorised
  pass over the table;
* :func:`dyad_years` — the tidy dyad-year table behind those graphs (one row per
  pair of states and year, one flag per obligation type), or every dyad-year of
  system members (``complete=True``) with network covariates, ready for a regression;
* :func:`state_years` — one row per system member and year with its network
  covariates (allies, centralities, bloc, allied capability, coverage);
* :func:`treaty_graph` / :func:`project_treaty_graph` — the bipartite
  state–treaty graph, so that a whole treaty can be removed as a unit, and its
  projection back onto states;
* :func:`to_igraph` / :func:`from_igraph` — lossless bridges to python-igraph.

How a year is read
------------------
A membership spell ``start_year``–``end_year`` is inclusive: a state that joined
in March 1949 is a member in 1949, and a state that left in June 1991 is still a
member in 1991. An open spell (``end_year`` is ``<NA>``) runs to the last year of
the source's coverage (``members.attrs["coverage"]``). Several rows of the same
state in the same alliance and year (ATOP phases) are merged: the state
undertook an obligation if any of those rows says so.

An obligation flag that is ``<NA>`` (the source does not code that type: COW has
no offence or consultation, ATOP no entente) counts as *not undertaken* when
graphs and dyad-years are built.
"""

from __future__ import annotations

from .._obligations import CODINGS
from .bridges import from_igraph, to_igraph
from .dyads import dyad_years
from .graphs import alliance_graph, alliance_graphs
from .state_years import state_years
from .treaties import project_treaty_graph, treaty_graph

__all__ = [
    "CODINGS",
    "alliance_graph",
    "alliance_graphs",
    "dyad_years",
    "state_years",
    "treaty_graph",
    "project_treaty_graph",
    "to_igraph",
    "from_igraph",
]
