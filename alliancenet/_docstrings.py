"""Shared docstring fragments: each reference and each shared parameter written once.

A docstring names a fragment as ``{{name}}`` on a line of its own; :func:`fill_doc`
replaces it with the fragment, indented like the placeholder. The fragments are
plain numpydoc text, so the rendered docs and ``help()`` read as if written out.

Examples
--------
>>> @fill_doc
... def f(*, rng=None):
...     '''Draw.
...
...     Parameters
...     ----------
...     {{rng}}
...     '''
>>> "SPEC 7" in f.__doc__
True
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from typing import TypeVar

__all__ = ["FRAGMENTS", "fill_doc"]

_F = TypeVar("_F", bound=Callable[..., object])

#: name -> numpydoc text (dedented; the first line starts at column 0)
FRAGMENTS: dict[str, str] = {
    # ------------------------------------------------------------------ references
    "ref_atop": """\
Leeds, B. A., Ritter, J. M., Mitchell, S. M., & Long, A. G. (2002). Alliance
Treaty Obligations and Provisions, 1815–1944. *International Interactions*,
28(3), 237–260. https://doi.org/10.1080/03050620213653""",
    "ref_atop_codebook": """\
Leeds, B. A. (2022). *Alliance Treaty Obligations and Provisions (ATOP)
Codebook*, version 5.1. Rice University. http://www.atopdata.org/""",
    "ref_cow": """\
Gibler, D. M. (2009). *International Military Alliances, 1648–2008*. CQ Press.
https://doi.org/10.4135/9781604265781""",
    "ref_cow_sarkees": """\
Gibler, D. M., & Sarkees, M. R. (2004). Measuring Alliances: The Correlates of
War Formal Interstate Alliance Dataset, 1816–2000. *Journal of Peace Research*,
41(2), 211–222. https://doi.org/10.1177/0022343304041061""",
    "ref_states": """\
Correlates of War Project (2017). *State System Membership List, v2016*.
https://correlatesofwar.org/data-sets/state-system-membership/""",
    "ref_nmc": """\
Singer, J. D., Bremer, S., & Stuckey, J. (1972). Capability Distribution,
Uncertainty, and Major Power War, 1820–1965. In B. Russett (Ed.), *Peace, War,
and Numbers* (pp. 19–48). Sage.""",
    "ref_spec7": """\
Scientific Python (2023). SPEC 7 — Seeding pseudo-random number generation.
https://scientific-python.org/specs/spec-0007/""",
    # ------------------------------------------------------------------ parameters
    "obligations": """\
obligations : str or iterable of str, default "defense"
    Obligation type(s) that make a tie: ``"defense"``, ``"offense"``,
    ``"neutrality"``, ``"nonaggression"``, ``"consultation"``, ``"entente"``, a
    list of them, or ``"any"``.""",
    "coding": """\
coding : {None, "binary", "cow", "atop"}
    Valued reading of a tie by its strongest obligation (one table,
    :data:`alliancenet.CODINGS`): ``"cow"`` 3 defense, 2 neutrality or
    nonaggression, 1 entente (Signorino & Ritter 1999); ``"atop"`` 3 defense or
    offense, 2 neutrality or consultation, 1 nonaggression; ``"binary"`` 1 for any
    obligation. ``None`` (builders only): no value, the weight counts alliances.""",
    "states": """\
states : pandas.DataFrame, optional
    COW state-system membership, one row per state-year (``anet.read_states``,
    ``anet.load_example_states``). The nodes of a year are its system members,
    allied or not; without it, only states with an alliance that year.""",
    "carry_forward": """\
carry_forward : bool, default False
    For years after the end of the states table: use its last year's membership
    (with a :class:`~alliancenet.DataWarning` naming the years) instead of
    raising :class:`~alliancenet.CoverageError`.""",
    "rng": """\
rng : None, int, sequence of int, numpy.random.SeedSequence, BitGenerator or Generator
    Source of randomness, normalised once with :func:`numpy.random.default_rng`
    (SPEC 7). The same seed gives the same result for any `n_jobs`. A legacy
    ``RandomState`` is refused.""",
    "n_jobs": """\
n_jobs : int or None, default 1
    Parallel workers (joblib meaning: ``-1`` all cores; ``None`` or 1 in this
    process), capped to the number of tasks. Inside
    ``joblib.parallel_config(backend="dask")`` the work runs on a Dask cluster.""",
    "progress": """\
progress : bool, default False
    Show a tqdm progress bar.""",
    "n_sims": """\
n_sims : int, default 1000
    Number of Monte Carlo repetitions (random draws of the simulation).""",
    "weight": """\
weight : str or None, default "weight"
    Edge attribute read as tie strength (positive, finite; missing = 1);
    ``None`` treats every tie as 1.""",
    "legend": """\
legend : {"auto", "inside", "outside", "below", False}, default "auto"
    Where to draw the legend: ``"auto"`` picks the place with the least overlap
    inside the axes, ``"outside"`` to the right of the axes, ``"below"`` under
    it, ``False`` for none.""",
}

_PLACEHOLDER = re.compile(r"^(?P<indent>[ \t]*)\{\{(?P<name>\w+)\}\}[ \t]*$", re.MULTILINE)


def _fill(doc: str) -> str:
    def sub(match: re.Match[str]) -> str:
        name = match["name"]
        if name not in FRAGMENTS:
            raise KeyError(f"unknown docstring fragment {{{{{name}}}}}; known: {sorted(FRAGMENTS)}")
        return textwrap.indent(FRAGMENTS[name], match["indent"])

    return _PLACEHOLDER.sub(sub, doc)


def fill_doc(func: _F) -> _F:
    """Replace every ``{{name}}`` line of ``func.__doc__`` by its fragment."""
    if func.__doc__:
        func.__doc__ = _fill(func.__doc__)
    return func
