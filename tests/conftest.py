"""Shared fixtures: the location of the genuine datasets in ``../shared/data``.

Tests that read them carry ``@pytest.mark.realdata`` and use the ``shared_data``
fixture; they are skipped when the folder is absent (a user's fresh clone).
Set ``ALLIANCENET_SHARED_DATA`` to point elsewhere.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("ALLIANCENET_SHARED_DATA", ROOT.parent / "shared" / "data"))


def pytest_collection_modifyitems(config, items):
    if SHARED_DATA.is_dir():
        return
    skip = pytest.mark.skip(reason=f"genuine datasets not found at {SHARED_DATA}")
    for item in items:
        if "realdata" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Path of ``../shared/data`` (tests using it must be marked ``realdata``)."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"genuine datasets not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture
def run_without_numba(tmp_path):
    """Run ``workload()`` from a source text in a fresh interpreter where numba is blocked.

    ``checks`` are lines run first (after the workload is defined) to assert that the
    pure-Python paths are really in use; the workload's result comes back by pickle.
    """

    def run(workload_source: str, checks: str = ""):
        out = tmp_path / "no_numba.pkl"
        script = (
            "import os, sys\n"
            "sys.modules['numba'] = None  # any 'import numba' now raises ImportError\n"
            "os.environ['ALLIANCENET_AOT'] = '0'  # nor the kernels compiled at install\n"
            + workload_source
            + "\nimport pickle\n"
            "from alliancenet.robustness import _engine\n"
            "assert not _engine.HAVE_NUMBA, 'numba was not blocked'\n"
            + checks
            + "\nwith open(sys.argv[1], 'wb') as fh:\n"
            "    pickle.dump(workload(), fh)\n"
        )
        proc = subprocess.run(
            [sys.executable, "-c", script, str(out)], capture_output=True, text=True, timeout=300
        )
        assert proc.returncode == 0, proc.stderr
        with open(out, "rb") as fh:
            return pickle.load(fh)

    return run
