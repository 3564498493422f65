"""Shared fixtures: the location of the genuine datasets in ``../shared/data``.

Tests that read them carry ``@pytest.mark.realdata`` and use the ``shared_data``
fixture; they are skipped when the folder is absent (a user's fresh clone).
Set ``ALLIANCENET_SHARED_DATA`` to point elsewhere.
"""

from __future__ import annotations

import os
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
