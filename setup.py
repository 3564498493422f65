"""Build step: the numba kernels compiled ahead of time (everything else is in pyproject.toml).

alliancenet is pure Python plus one optional extension module,
``alliancenet._kernels_aot``: the package's numba kernels compiled at install by
:func:`alliancenet._aot.build`, so that their first call does not wait for numba
to start. Where it cannot be built (no C compiler, a numba without ``pycc``) or
``ALLIANCENET_AOT=0`` is set, the install goes on without it and numba compiles
the same kernels at their first use, as it would anyway.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent


def _aot() -> Any:
    """alliancenet/_aot.py, loaded on its own (the package's dependencies may be absent)."""
    spec = importlib.util.spec_from_file_location(
        "_alliancenet_aot", HERE / "alliancenet" / "_aot.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BuildKernels(build_ext):
    """Build ``alliancenet._kernels_aot`` with numba.pycc instead of a C compiler call."""

    def build_extension(self, ext: Extension) -> None:
        aot = _aot()
        if not aot.ENABLED:
            print("alliancenet: ALLIANCENET_AOT=0, kernels not compiled ahead of time")
            return
        target = Path(self.get_ext_fullpath(ext.name))
        try:
            aot.build(target)
        except Exception as err:  # the package works without it: say so and go on
            print(
                f"alliancenet: kernels not compiled ahead of time ({type(err).__name__}: "
                f"{err}); numba will compile them at first use",
                file=sys.stderr,
            )

    def get_outputs(self) -> list[str]:
        # only what was built: a skipped or failed kernel module is not an output
        return [path for path in super().get_outputs() if Path(path).exists()]


setup(
    ext_modules=[Extension("alliancenet._kernels_aot", sources=[], optional=True)],
    cmdclass={"build_ext": BuildKernels},
)
