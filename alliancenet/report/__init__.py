"""The report: the whole analysis from memberships to figures, callable from Python.

:func:`report` runs everything and returns a :class:`Report` (and with ``out=``
writes ``tables/``, ``figures/``, ``summary.md`` and ``run.json``). The parts
are public too: :func:`measure_tables` (centrality and cohesion of every year),
:func:`simulation_tables` (robustness and defections), :func:`report_figures`
(figures from tables, e.g. read back with :func:`read_tables`). The
``alliancenet`` command line only parses its arguments, reads the files and
calls these.

Modules: ``_pipeline`` (:func:`report`), ``_tables``, ``_figures``, ``_summary``,
and ``_output`` (the output-folder safety: :func:`check_out`, staging,
``run.json``, reading and writing tables). Importing this package does not
import matplotlib.

Examples
--------
>>> from alliancenet.report import report
>>> rep = report(years=range(2000, 2002), n_sims=10, rng=1)
>>> sorted(rep.tables)[:3]
['centrality', 'cohesion', 'defections']
"""

from __future__ import annotations

from ._figures import report_figures
from ._output import TABLES, check_out, read_tables, write_tables
from ._pipeline import STAGES, Report, report, report_years, stage_generator
from ._tables import PRESETS, SIMULATION_STAGES, focus_year, measure_tables, simulation_tables

__all__ = [
    "report",
    "Report",
    "measure_tables",
    "simulation_tables",
    "report_figures",
    "read_tables",
    "write_tables",
    "check_out",
    "report_years",
    "stage_generator",
    "focus_year",
    "PRESETS",
    "STAGES",
    "SIMULATION_STAGES",
    "TABLES",
]
