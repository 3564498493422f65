"""Read treaty, state-system and capability data into the package's tables.

Each reader takes the path of a file its user downloaded from the publisher (or the
folder or official zip archive that holds it) and returns a
:class:`pandas.DataFrame` in one of the package's documented tables:

=======================  ===============================================  ==========================
reader                   file(s)                                          table
=======================  ===============================================  ==========================
:func:`read_atop`        ATOP 5.1 member-level ``atop5_1m.csv``           canonical memberships
:func:`read_cow`         COW alliances v4.1 ``alliance_v4.1_by_member``   canonical memberships
                         (or ``..._by_member_yearly``) ``.csv``
:func:`read_memberships` your own table in the canonical schema           canonical memberships
:func:`read_states`      COW ``system2016.csv`` or ``states2016.csv``     states (state-years)
:func:`read_majors`      COW ``majors2016.csv``                           major-power spells
:func:`read_nmc`         COW NMC 6.0 ``NMC-60-abridged.csv``              capabilities (state-years)
=======================  ===============================================  ==========================

:func:`major_powers` and :func:`capabilities` look up a year in the last two;
``fetch_*`` download the releases (:mod:`.fetch`); ``load_example*`` load the bundled
example (:mod:`.example`). The canonical membership table is documented in
:mod:`alliancenet.schema`.

What every reader does with a file
----------------------------------
* **Where**: a file; a folder, searched on its own level only (not its subfolders),
  then the zip archives in it; a zip archive (and one zip nested in it). When several
  files fit, the reader's preferred kind wins (the COW member file over the
  member-yearly file), then the newest release by the number in the name, with a
  :class:`~alliancenet.errors.DataWarning` (``majors2016.csv`` over
  ``majors2011.csv``); when nothing tells them apart, the error lists them. Only
  regular files are opened (a FIFO or a device is refused at once, never waited on).
* **Encodings**: UTF-8 (with or without byte-order mark), UTF-16/32 with a byte-order
  mark (and UTF-16 without one), Windows-1252/Latin-1 (older COW state names); a
  UTF-8 file with a few stray Windows-1252 bytes is read as UTF-8 with a warning
  naming those lines. LF, CRLF or CR line endings.
* **Damaged rows**: a row with fewer fields than the header (a line cut short, a lost
  comma) or with values beyond it, a column named twice, a number too large or out
  of its range (COW state codes 0–999, ATOP's 0–99999, months 0–12, days 0–31, each
  reader's plausible years), ``inf``, text where a number is due: a
  :class:`~alliancenet.errors.DataFormatError` naming the file and the line (line 1
  is the header). Blank lines and rows with every cell empty are skipped with a
  warning naming their lines (so line numbers stay those of the file); values in
  columns without a header name are ignored with a warning; duplicate rows are kept
  with a warning.
* **Other formats**: Excel, gzip, Stata, Parquet, PDF, an HTML error page, a binary
  file, a file meant for another reader: refused with what it is and what to do.

Every error is an :class:`~alliancenet.errors.AllianceNetError` (a
:class:`~alliancenet.errors.DataFormatError`) with a message of a few hundred
characters at most; nothing is changed silently.
"""

from . import alliances, codes, example, export, fetch, lookups, system, treaties
from .alliances import *  # noqa: F403
from .codes import *  # noqa: F403
from .example import *  # noqa: F403
from .export import *  # noqa: F403
from .fetch import *  # noqa: F403
from .lookups import *  # noqa: F403
from .system import *  # noqa: F403
from .treaties import *  # noqa: F403

__all__ = [
    *alliances.__all__,
    *system.__all__,
    *lookups.__all__,
    *fetch.__all__,
    *example.__all__,
    *treaties.__all__,
    *codes.__all__,
    *export.__all__,
]
