"""Execute every notebook in ``notebooks/`` top to bottom (nbclient), as a reader would.

The kernel uses Jupyter's own inline backend (no ``MPLBACKEND`` override, no
``%matplotlib inline``): every cell that makes a figure must show it as an image,
including figures made inside or after ``paper_style`` (matplotlib's ``rc_context``
used to switch the inline backend's interactive mode off again on exit, so no later
figure displayed).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
#: Code that makes a figure: a new figure or axes, or a plot function of the package.
MAKES_FIGURE = re.compile(r"plt\.(subplots|figure)\(|\bplot_[a-z_]+\(")


def test_there_are_notebooks():
    names = {p.name for p in NOTEBOOKS}
    assert {"01_quickstart.ipynb", "02_nato_article5.ipynb", "03_league_vs_unsc.ipynb",
            "04_atop_full_panel.ipynb", "05_regression_data.ipynb"} <= names  # fmt: skip


def _skipped(cell) -> bool:
    """A cell that printed that it skipped its work (e.g. no ATOP data here)."""
    return any("skipping" in str(out.get("text", "")) for out in cell.get("outputs", []))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_and_shows_every_figure(path, monkeypatch):
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel's default: inline
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()
    code = [c for c in nb.cells if c.cell_type == "code"]
    errors = [
        out for c in code for out in c.get("outputs", []) if out.get("output_type") == "error"
    ]
    assert not errors
    assert all(c.get("execution_count") for c in code)  # every code cell ran
    if any(_skipped(c) for c in code):
        return  # the data-dependent figures were not made
    missing = [
        c.source.splitlines()[0]
        for c in code
        if MAKES_FIGURE.search(c.source)
        and not any("image/png" in out.get("data", {}) for out in c.get("outputs", []))
    ]
    assert not missing, f"cells that make a figure but show none: {missing}"


def _shown(cells) -> list[bool]:
    return [any("image/png" in o.get("data", {}) for o in c.outputs) for c in cells]


def test_figures_inside_and_after_paper_style_display_inline(monkeypatch, tmp_path):
    """A fresh kernel, no %matplotlib inline: the figure after the style block shows too.

    The same cells with a bare ``matplotlib.rc_context`` lose the later figure (the
    matplotlib behaviour the style works around), so the test can tell the two apart.
    """
    monkeypatch.delenv("MPLBACKEND", raising=False)
    v4 = nbformat.v4

    def run(block: str) -> list[bool]:
        nb = v4.new_notebook()
        nb.cells = [
            v4.new_code_cell(
                "import matplotlib as mpl\nimport matplotlib.pyplot as plt\n"
                "from alliancenet import plotting as ap"
            ),  # fmt: skip
            v4.new_code_cell(f"with {block}:\n    fig, ax = plt.subplots()\n    ax.plot([1, 2])"),
            v4.new_code_cell("fig, ax = plt.subplots()\nax.plot([2, 1])"),
        ]
        nbclient.NotebookClient(nb, timeout=120, kernel_name="python3").execute(cwd=str(tmp_path))
        return _shown(nb.cells[1:])

    assert run("ap.paper_style()") == [True, True]
    assert run("mpl.rc_context({'lines.linewidth': 2})") == [True, False]
