"""Every ```python snippet of the README runs as written.

The fenced ``python`` blocks are extracted in order and executed in one namespace (as
a reader pasting them one after the other into a session would), in a temporary
working folder. A block can be marked by an HTML comment on the line just before its
fence, which the README's readers do not see:

* ``<!-- readme-test: realdata -->`` — runs only when the genuine data sets are found
  (``../shared/data`` or ``$ALLIANCENET_SHARED_DATA``); their files are linked into the
  working folder under their own names, so ``anet.read_atop("atop5_1m.csv")`` runs
  as written;
* ``<!-- readme-test: skip <reason> -->`` — never run (the reason is required).

A block that would reach the network (a URL, ``fetch_*``, a Dask ``Client``) must be
marked ``skip``: it is never executed, and the test fails until it is marked.
"""

from __future__ import annotations

import os
import re
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SHARED_DATA = Path(os.environ.get("ALLIANCENET_SHARED_DATA", ROOT.parent / "shared" / "data"))

MARKER = re.compile(r"^\s*<!--\s*readme-test:\s*(?P<kind>realdata|skip)\b(?P<reason>.*?)-->\s*$")
FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})\s*(?P<lang>[\w+-]*)")
NETWORK = re.compile(r"\b(?:https?|tcp|ftp)://|\bfetch_\w+\s*\(|\bClient\s*\(")


@dataclass(frozen=True)
class Block:
    line: int  # line of the opening fence (1-based)
    code: str
    kind: str  # "run", "realdata" or "skip"
    reason: str = ""

    def __str__(self) -> str:
        return f"README.md line {self.line}"


def python_blocks(text: str) -> list[Block]:
    """The fenced python blocks of a Markdown text, in order, with their markers."""
    lines = text.splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        fence, lang, start = match["fence"], match["lang"].lower(), i
        i += 1
        body = []
        while i < len(lines) and not lines[i].startswith(fence):
            body.append(lines[i])
            i += 1
        i += 1  # the closing fence
        if lang not in ("python", "py", "python3"):
            continue
        previous = next((line for line in reversed(lines[:start]) if line.strip()), "")
        marker = MARKER.match(previous)
        kind = marker["kind"] if marker else "run"
        reason = marker["reason"].strip(" :-") if marker else ""
        blocks.append(Block(start + 1, "\n".join(body) + "\n", kind, reason))
    return blocks


BLOCKS = python_blocks(README.read_text(encoding="utf-8"))
MARKED = [b for b in BLOCKS if b.kind != "run"]


def test_parser_reads_fences_and_markers():
    text = "\n".join(
        [
            "intro",
            "```python",
            "a = 1",
            "```",
            "```bash",
            "ls",
            "```",
            "<!-- readme-test: skip needs a Dask cluster -->",
            "",
            "```python",
            "Client('tcp://x:1')",
            "```",
            "<!-- readme-test: realdata -->",
            "````py",
            "b = a + 1",
            "```",
            "````",
        ]
    )
    blocks = python_blocks(text)
    assert [(b.line, b.kind, b.reason) for b in blocks] == [
        (2, "run", ""),
        (10, "skip", "needs a Dask cluster"),
        (14, "realdata", ""),
    ]
    assert blocks[0].code == "a = 1\n"
    assert blocks[2].code == "b = a + 1\n```\n"
    assert NETWORK.search(blocks[1].code) and not NETWORK.search(blocks[0].code)


def test_readme_has_python_snippets():
    assert len([b for b in BLOCKS if b.kind == "run"]) >= 5


def test_marks_are_explained_and_network_is_never_run():
    for block in MARKED:
        if block.kind == "skip":
            assert block.reason, f"{block}: say why the block is skipped"
    unmarked = [str(b) for b in BLOCKS if b.kind != "skip" and NETWORK.search(b.code)]
    assert not unmarked, (
        f"{unmarked} would reach the network (URL, fetch_*, Dask Client): mark them with "
        "<!-- readme-test: skip <reason> --> on the line before the fence, or move the "
        "network call into a block of its own that is marked so"
    )


@pytest.mark.parametrize("block", MARKED, ids=str)
def test_marked_blocks_are_listed(block):
    """One skipped test per marked block, so ``pytest -ra`` lists them with the reason."""
    if block.kind == "skip":
        pytest.skip(f"{block} not run: {block.reason}")
    if not SHARED_DATA.is_dir():
        pytest.skip(f"{block} needs the genuine data sets (not found at {SHARED_DATA})")


def _link_shared_data(folder: Path) -> None:
    for path in SHARED_DATA.rglob("*"):
        if path.is_file() and not (folder / path.name).exists():
            (folder / path.name).symlink_to(path)


def test_readme_snippets_run(tmp_path, monkeypatch):
    """Run the README's python blocks in order, in one namespace, as written."""
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.chdir(tmp_path)
    have_data = SHARED_DATA.is_dir()
    if have_data:
        _link_shared_data(tmp_path)
    namespace: dict[str, object] = {"__name__": "__readme__"}
    ran = []
    try:
        for block in BLOCKS:
            if block.kind == "skip" or NETWORK.search(block.code):
                continue  # listed by the two tests above
            if block.kind == "realdata" and not have_data:
                continue
            error = None
            try:
                exec(compile(block.code, f"<{block}>", "exec"), namespace)
            except Exception:
                error = traceback.format_exc(limit=-3)
            if error is not None:
                pytest.fail(
                    f"{block} fails as written (blocks run before it: "
                    f"{[str(b) for b in ran]}):\n{error}",
                    pytrace=False,
                )
            ran.append(block)
    finally:
        import matplotlib.pyplot as plt

        plt.close("all")
    assert ran
