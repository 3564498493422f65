"""Exceptions raised by alliancenet.

Every error the package raises on bad input is an :class:`AllianceNetError`, and
also a built-in ``ValueError`` or ``TypeError`` so that code written against
the standard exceptions keeps working. Messages follow one pattern: what was
expected, what was given, and what to do about it.

Examples
--------
>>> import alliancenet as anet
>>> try:
...     raise anet.SchemaError("expected a 'ccode' column; got ['a', 'b']; rename it")
... except ValueError as err:
...     print(type(err).__name__, isinstance(err, anet.AllianceNetError))
SchemaError True
"""

from __future__ import annotations

__all__ = [
    "AllianceNetError",
    "DataFormatError",
    "SchemaError",
    "CoverageError",
    "ParameterError",
    "GraphTypeError",
    "DownloadError",
    "DataWarning",
]


class AllianceNetError(Exception):
    """Base class of every error raised by alliancenet on bad input."""


class DataFormatError(AllianceNetError, ValueError):
    """A file or table cannot be read: wrong format, wrong source, broken values."""


class SchemaError(DataFormatError):
    """A table does not follow the canonical membership schema (or another documented one)."""


class CoverageError(AllianceNetError, ValueError):
    """A year (or state) lies outside what the data cover."""


class ParameterError(AllianceNetError, ValueError):
    """An argument has an unknown name or an out-of-range value."""


class GraphTypeError(AllianceNetError, TypeError):
    """A function received the wrong kind of graph (e.g. directed where undirected is needed)."""


class DownloadError(AllianceNetError, OSError):
    """A dataset could not be downloaded; the message says how to get it by hand."""


class DataWarning(UserWarning):
    """Rows were kept but look suspicious (duplicates), or rows/states were left out of a graph."""
