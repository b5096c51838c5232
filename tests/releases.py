"""The test release (tests/data/releases/2024.1-test.yml): the default project
with a board's year of edits applied, and what the diff must say about it.

TEST DATA only: made for the release tests, never published as content.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from conftest import copy_project

RELEASE_FILE = Path(__file__).parent / "data" / "releases" / "2024.1-test.yml"


def release_data() -> dict[str, Any]:
    data = yaml.safe_load(RELEASE_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def make_release(dest: Path) -> Path:
    """A copy of the default project at ``dest``, edited into the test release."""
    root = copy_project(dest)
    for edit in release_data()["edits"]:
        path = root / edit["file"]
        path.write_text(apply_edit(path.read_text(encoding="utf-8"), edit["replace"], edit["with"]), encoding="utf-8")
    return root


def apply_edit(text: str, old: str, new: str) -> str:
    """``text`` with ``old`` replaced by ``new``; ``old`` must occur exactly once.

    A block of lines (``old`` or ``new`` has more than one) is found at the
    start of a line, at whatever indentation it has in the file (YAML strips
    the block's own), and ``new`` takes that indentation.
    Replacing a block with nothing removes its lines.
    """
    if "\n" not in old and "\n" not in new:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times, not once"
        return text.replace(old, new)
    found: list[tuple[int, int]] = []
    for width in range(41):
        block = _indented(old, " " * width)
        starts = [i for i in _occurrences(text, block) if i == 0 or text[i - 1] == "\n"]
        found.extend((width, i) for i in starts)
    assert len(found) == 1, f"block {old.splitlines()[0]!r}… found {len(found)} times, not once"
    width, start = found[0]
    end = start + len(_indented(old, " " * width))
    if not new:
        return text[:start] + text[end + 1 :]  # with the block's line break
    return text[:start] + _indented(new, " " * width) + text[end:]


def _indented(block: str, indent: str) -> str:
    return "\n".join(indent + line if line else line for line in block.split("\n"))


def _occurrences(text: str, part: str) -> list[int]:
    out: list[int] = []
    i = text.find(part)
    while i != -1:
        out.append(i)
        i = text.find(part, i + 1)
    return out
