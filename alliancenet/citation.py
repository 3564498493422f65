"""How to cite alliancenet and the data it reads.

:func:`cite` returns BibTeX (or plain-text references) for the package and for
every data source you used, so a paper's reference list can match its code. The
references are the official ones the data providers ask for.

References
----------
.. [1] Leeds, B. A., Ritter, J. M., Mitchell, S. M., & Long, A. G. (2002). Alliance
   Treaty Obligations and Provisions, 1815–1944. *International Interactions*,
   28(3), 237–260. https://doi.org/10.1080/03050620213653
.. [2] Gibler, D. M., & Sarkees, M. R. (2004). Measuring Alliances: The Correlates of
   War Formal Interstate Alliance Dataset, 1816–2000. *Journal of Peace Research*,
   41(2), 211–222. https://doi.org/10.1177/0022343304041061
"""

from __future__ import annotations

import pandas as pd

from ._version import __version__
from .errors import ParameterError

__all__ = ["cite"]

#: Date of the version in ``_version.__version__`` (ISO 8601). ``CITATION.cff``'s
#: ``date-released`` and the version's heading in ``CHANGELOG.md`` carry the same date
#: (tests/test_citation.py checks it). No address is cited until the project has one.
_VERSION_DATE = "2026-11-25"
_YEAR = _VERSION_DATE[:4]

# key -> (BibTeX entry, plain-text reference)
_ENTRIES: dict[str, tuple[str, str]] = {
    "alliancenet": (
        f"""@software{{alliancenet,
  author  = {{{{The alliancenet developers}}}},
  title   = {{alliancenet: Alliance Networks from Treaty Data}},
  version = {{{__version__}}},
  year    = {{{_YEAR}}},
  date    = {{{_VERSION_DATE}}}
}}""",
        f"The alliancenet developers ({_YEAR}). alliancenet: Alliance Networks from Treaty Data "
        f"(version {__version__}, {_VERSION_DATE}) [Computer software].",
    ),
    "leeds2002": (
        """@article{leeds2002atop,
  author  = {Leeds, Brett Ashley and Ritter, Jeffrey M. and Mitchell, Sara McLaughlin and Long, Andrew G.},
  title   = {Alliance Treaty Obligations and Provisions, 1815--1944},
  journal = {International Interactions},
  year    = {2002},
  volume  = {28},
  number  = {3},
  pages   = {237--260},
  doi     = {10.1080/03050620213653}
}""",
        "Leeds, B. A., Ritter, J. M., Mitchell, S. M., & Long, A. G. (2002). Alliance Treaty "
        "Obligations and Provisions, 1815–1944. International Interactions, 28(3), 237–260. "
        "https://doi.org/10.1080/03050620213653",
    ),
    "atop51": (
        """@manual{leeds2022atopcodebook,
  author = {Leeds, Brett Ashley},
  title  = {Alliance Treaty Obligations and Provisions ({ATOP}) Codebook, Version 5.1},
  year   = {2022},
  url    = {http://www.atopdata.org/}
}""",
        "Leeds, B. A. (2022). Alliance Treaty Obligations and Provisions (ATOP) Codebook, "
        "Version 5.1. http://www.atopdata.org/",
    ),
    "gibler2009": (
        """@book{gibler2009alliances,
  author    = {Gibler, Douglas M.},
  title     = {International Military Alliances, 1648--2008},
  publisher = {CQ Press},
  address   = {Washington, DC},
  year      = {2009}
}""",
        "Gibler, D. M. (2009). International Military Alliances, 1648–2008. Washington, DC: "
        "CQ Press.",
    ),
    "gibler2004": (
        """@article{gibler2004measuring,
  author  = {Gibler, Douglas M. and Sarkees, Meredith Reid},
  title   = {Measuring Alliances: The {Correlates of War} Formal Interstate Alliance Dataset, 1816--2000},
  journal = {Journal of Peace Research},
  year    = {2004},
  volume  = {41},
  number  = {2},
  pages   = {211--222},
  doi     = {10.1177/0022343304041061}
}""",
        "Gibler, D. M., & Sarkees, M. R. (2004). Measuring Alliances: The Correlates of War "
        "Formal Interstate Alliance Dataset, 1816–2000. Journal of Peace Research, 41(2), "
        "211–222. https://doi.org/10.1177/0022343304041061",
    ),
    "cow2017states": (
        """@misc{cow2017states,
  author = {{Correlates of War Project}},
  title  = {State System Membership List, v2016},
  year   = {2017},
  url    = {http://correlatesofwar.org}
}""",
        "Correlates of War Project (2017). State System Membership List, v2016. "
        "http://correlatesofwar.org",
    ),
    "singer1972": (
        """@incollection{singer1972capability,
  author    = {Singer, J. David and Bremer, Stuart and Stuckey, John},
  title     = {Capability Distribution, Uncertainty, and Major Power War, 1820--1965},
  booktitle = {Peace, War, and Numbers},
  editor    = {Russett, Bruce},
  publisher = {Sage},
  address   = {Beverly Hills},
  year      = {1972},
  pages     = {19--48}
}""",
        "Singer, J. D., Bremer, S., & Stuckey, J. (1972). Capability Distribution, Uncertainty, "
        "and Major Power War, 1820–1965. In B. Russett (Ed.), Peace, War, and Numbers "
        "(pp. 19–48). Beverly Hills: Sage.",
    ),
    "greig2021": (
        """@manual{greig2021nmc,
  author       = {Greig, J. Michael and Enterline, Andrew J.},
  title        = {National Material Capabilities ({NMC}) Data Documentation, Version 6.0},
  organization = {Correlates of War Project},
  year         = {2021},
  url          = {https://correlatesofwar.org/data-sets/national-material-capabilities/}
}""",
        "Greig, J. M., & Enterline, A. J. (2021). National Material Capabilities (NMC) Data "
        "Documentation, Version 6.0. Correlates of War Project.",
    ),
    "miller2022": (
        """@article{miller2022peacesciencer,
  author  = {Miller, Steven V.},
  title   = {peacesciencer: An {R} Package for Quantitative Peace Science Research},
  journal = {Conflict Management and Peace Science},
  year    = {2022},
  volume  = {39},
  number  = {6},
  pages   = {755--779},
  doi     = {10.1177/07388942221077926}
}""",
        "Miller, S. V. (2022). peacesciencer: An R Package for Quantitative Peace Science "
        "Research. Conflict Management and Peace Science, 39(6), 755–779. "
        "https://doi.org/10.1177/07388942221077926",
    ),
}

#: Data source name -> the references its providers ask for.
_SOURCES: dict[str, tuple[str, ...]] = {
    "alliancenet": (),
    "example": (),
    "atop": ("leeds2002", "atop51"),
    "cow": ("gibler2009", "gibler2004"),
    "states": ("cow2017states",),
    "system": ("cow2017states",),
    "majors": ("cow2017states",),
    "nmc": ("singer1972", "greig2021"),
    "peacesciencer": ("miller2022",),
}


def _source_key(label: str) -> str:
    """Map a source label ("ATOP 5.1", "COW 4.1", "COW NMC 6.0", "nmc", ...) to a key."""
    text = label.strip().lower()
    if text in _SOURCES:
        return text
    words = text.replace("-", " ").split()
    if not words:
        raise ParameterError("cite: got an empty source name.")
    if words[0] == "atop":
        return "atop"
    if words[0] == "cow":
        for word in words[1:]:
            if word in ("states", "system", "majors", "nmc"):
                return word
        return "cow"
    if words[0] in _SOURCES:
        return words[0]
    raise ParameterError(
        f"cite: unknown data source {label!r}; known sources are {sorted(_SOURCES)} "
        "(or a membership table whose attrs['source'] names one)."
    )


def _labels(source: object) -> list[str]:
    if isinstance(source, pd.DataFrame):
        if source.attrs.get("source"):
            return [str(source.attrs["source"])]
        if "source" in source.columns:
            return [str(s) for s in pd.unique(source["source"].dropna())]
        raise ParameterError(
            "cite: the table has neither attrs['source'] nor a 'source' column; pass the "
            "source name instead (e.g. anet.cite('atop'))."
        )
    if isinstance(source, str):
        return [source]
    raise ParameterError(
        f"cite: expected source names (str) or membership tables; got {type(source).__name__}."
    )


def cite(*sources: str | pd.DataFrame, format: str = "bibtex") -> str:
    """References for alliancenet and the data sources used, ready for a paper.

    Parameters
    ----------
    *sources : str or pandas.DataFrame
        Data sources to cite: ``"atop"``, ``"cow"``, ``"states"`` (alias ``"system"``),
        ``"majors"``, ``"nmc"``, ``"peacesciencer"``, a source label such as
        ``"ATOP 5.1"`` or ``"COW 4.1"``, or a table returned by a reader (its
        ``attrs["source"]``, else its ``source`` column, is cited). With no argument
        only the package is cited.
    format : {"bibtex", "text"}, default "bibtex"
        BibTeX entries, or plain-text references (one per line).

    Returns
    -------
    str
        The package reference first, then each source's references once, in the order
        given, separated by blank lines (BibTeX) or newlines (text).

    Raises
    ------
    ParameterError
        An unknown source or format.

    Notes
    -----
    The data providers ask to be cited as follows: ATOP — Leeds et al. (2002) and the
    codebook of the version used; COW Formal Alliances v4.1 — Gibler (2009), with
    Gibler & Sarkees (2004) documenting the data set; COW state system and major
    powers — Correlates of War Project (2017); NMC — Singer, Bremer & Stuckey (1972),
    with the version's documentation (Greig & Enterline 2021 for 6.0).

    References
    ----------
    .. [1] Leeds, B. A., Ritter, J. M., Mitchell, S. M., & Long, A. G. (2002).
       *International Interactions*, 28(3), 237–260.
       https://doi.org/10.1080/03050620213653
    .. [2] Gibler, D. M., & Sarkees, M. R. (2004). *Journal of Peace Research*, 41(2),
       211–222. https://doi.org/10.1177/0022343304041061
    .. [3] Miller, S. V. (2022). *Conflict Management and Peace Science*, 39(6),
       755–779. https://doi.org/10.1177/07388942221077926

    Examples
    --------
    >>> import alliancenet as anet
    >>> print(anet.cite("atop", format="text"))
    The alliancenet developers (2026). alliancenet: ... (version ..., ...) [Computer software].
    Leeds, B. A., Ritter, J. M., Mitchell, S. M., & Long, A. G. (2002). ... https://doi.org/10.1080/03050620213653
    Leeds, B. A. (2022). Alliance Treaty Obligations and Provisions (ATOP) Codebook, Version 5.1. ...
    >>> bib = anet.cite("COW 4.1")
    >>> [line for line in bib.splitlines() if line.startswith("@")]
    ['@software{alliancenet,', '@book{gibler2009alliances,', '@article{gibler2004measuring,']
    """
    if format not in ("bibtex", "text"):
        raise ParameterError(f"cite: format must be 'bibtex' or 'text'; got {format!r}.")
    keys = ["alliancenet"]
    for source in sources:
        for label in _labels(source):
            for key in _SOURCES[_source_key(label)]:
                if key not in keys:
                    keys.append(key)
    if format == "bibtex":
        return "\n\n".join(_ENTRIES[k][0] for k in keys) + "\n"
    return "\n".join(_ENTRIES[k][1] for k in keys)
