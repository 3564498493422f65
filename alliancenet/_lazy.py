"""Deferred imports.

igraph imports matplotlib when matplotlib is installed, and importing alliancenet
must not import matplotlib; modules that use igraph therefore bind it through
:func:`lazy_import`, which loads it on first attribute access.
"""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["lazy_import"]


class _LazyModule(ModuleType):
    def __init__(self, name: str):
        super().__init__(name)
        self.__dict__["_module"] = None

    def _load(self) -> ModuleType:
        if self.__dict__["_module"] is None:
            self.__dict__["_module"] = importlib.import_module(self.__name__)
        return self.__dict__["_module"]

    def __getattr__(self, attr: str):
        return getattr(self._load(), attr)


def lazy_import(name: str) -> ModuleType:
    """A stand-in for module `name` that imports it when first used.

    Examples
    --------
    >>> json = lazy_import("json")
    >>> json.dumps([1])
    '[1]'
    """
    return _LazyModule(name)
