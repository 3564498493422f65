"""Sphinx configuration of the alliancenet documentation.

Build from the root of a clone, after ``pip install -e ".[docs]"``::

    .venv/bin/python -m sphinx -W --keep-going -b html docs docs/_build/html

Warnings are errors (``-W``) and cross-references are checked (``nitpicky``), so a
broken reference, a docstring that does not parse, a notebook cell or guide page that
raises, or a failing gallery example fails the build. Everything under
``docs/generated/`` is written at build time and never committed: the API reference
(``generated/api.rst`` and one page per public name in ``generated/api/``, listed
from ``alliancenet.__all__`` and the sub-packages' ``__all__`` by
``_ext/alliancenet_docs.py``), the gallery (``generated/gallery/``, from
``gallery/plot_*.py``) and the executed notebooks (``generated/notebooks/``, copies of
``../notebooks/*.ipynb``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent

# Document this clone's package, and run the gallery, the guide pages and the notebooks
# against it (the kernels inherit PYTHONPATH), rather than another installed copy.
sys.path[:0] = [str(ROOT), str(DOCS / "_ext")]
os.environ["PYTHONPATH"] = os.pathsep.join(
    p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p
)
# The notebook on the full ATOP panel reads the genuine data beside the clone
# (../shared/data) and shows only its introduction without them. The notebooks run
# from docs/generated/notebooks, so name the folder rather than rely on their cwd.
os.environ.setdefault("ALLIANCENET_SHARED_DATA", str(ROOT.parent / "shared" / "data"))

import alliancenet  # noqa: E402

# -- Project information -------------------------------------------------------------

project = "alliancenet"
author = "The alliancenet developers"
copyright = "2026, The alliancenet developers"
release = alliancenet.__version__
version = ".".join(release.split(".")[:2])

# -- General configuration -----------------------------------------------------------

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    "myst_nb",
    "alliancenet_docs",  # _ext/: the API page from __all__, notebook copies, aliases
]

templates_path = ["_templates"]
exclude_patterns = [
    "_build",
    "_ext",
    "gallery/**",  # the gallery's sources; sphinx-gallery writes the pages
    "generated/gallery/**.ipynb",  # sphinx-gallery's downloadable notebooks
    "**.ipynb_checkpoints",
]
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
root_doc = "index"

# A broken cross-reference is a warning (an error with -W). Objects of other libraries
# are not checked: the build runs offline, without their inventories.
nitpicky = True
_EXTERNAL = (
    "numpy|np|pandas|pd|networkx|nx|matplotlib|mpl|igraph|ig|scipy|seaborn|sns|joblib"
    "|dask|pooch|tqdm|collections|typing|pathlib|os|datetime|numbers|contextlib"
)
nitpick_ignore_regex = [(r"py:.*", rf"({_EXTERNAL})(\..*)?")]

# -- autodoc, autosummary, numpydoc ---------------------------------------------------

autosummary_generate = True
autosummary_generate_overwrite = False  # keeps the stubs docs/_ext writes (anet.report)
autodoc_typehints = "none"  # the numpydoc Parameters/Returns sections carry the types
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_attributes_as_param_list = True
numpydoc_xref_param_type = False

# -- sphinx-gallery -------------------------------------------------------------------

sphinx_gallery_conf = {
    "examples_dirs": "gallery",
    "gallery_dirs": "generated/gallery",
    "filename_pattern": r"/plot_",
    "within_subsection_order": "FileNameSortKey",
    "doc_module": ("alliancenet",),
    "backreferences_dir": "generated/backreferences",
    "reference_url": {"alliancenet": None},
    "remove_config_comments": True,
    "write_computation_times": False,
    "download_all_examples": False,
    "abort_on_example_error": False,  # every failing example is listed, then -W fails
}

# -- myst-nb: the notebooks and the executable guide pages ------------------------------

nb_execution_mode = "force"  # executed at every build: the outputs shown are current
nb_execution_timeout = 900
# A cell that raises is a warning naming the notebook and the cell (an error with -W;
# --keep-going lets the build list every failure before it stops).
nb_execution_raise_on_error = False
nb_execution_allow_errors = False
nb_execution_show_tb = True
nb_merge_streams = True
myst_enable_extensions = ["colon_fence", "dollarmath", "deflist"]
myst_heading_anchors = 3

# -- HTML -----------------------------------------------------------------------------

html_theme = "pydata_sphinx_theme"
html_title = f"alliancenet {release}"
html_show_sourcelink = False
html_theme_options = {
    "navbar_align": "left",
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version", "theme-version"],
}
html_sidebars = {"index": [], "changelog": [], "citing": []}
