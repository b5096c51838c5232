"""The test release (tests/data/releases/2024.1-test.yml): the default project
with a board's year of edits applied, and what the diff must say about it.

TEST DATA only: made for the release tests, never published as content.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml
from conftest import copy_project

from guidepress.model import Guideline, Recommendation

RELEASE_FILE = Path(__file__).parent / "data" / "releases" / "2024.1-test.yml"


def release_data() -> dict[str, Any]:
    data = yaml.safe_load(RELEASE_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def make_release(dest: Path) -> Path:
    """A copy of the default project at ``dest``, edited into the test release."""
    return apply_release(copy_project(dest))


def apply_release(root: Path) -> Path:
    """The project at ``root`` edited into the test release."""
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


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(repo.parent)}
    return subprocess.run(
        [
            "git",
            "-C",
            str(repo),
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.invalid",
            "-c",
            "init.defaultBranch=main",
            *args,
        ],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout


PREVIOUS_TAG = "v2023.1"


def released_repo(top: Path, before: tuple[Path, str] | None = None) -> Path:
    """A git repository at ``top`` whose project is the default content, tagged
    PREVIOUS_TAG, and whose working files are the test release naming that tag
    as its ``previous_release`` (not committed: a board editing the next release).
    ``before``: a project committed and tagged first, an older release."""
    top.mkdir(parents=True)
    git(top, "init", "-q")
    if before is not None:
        for part in ("source", "bib"):
            shutil.copytree(before[0] / part, top / part)
        git(top, "add", "-A")
        git(top, "commit", "-q", "-m", before[1])
        git(top, "tag", before[1])
        for part in ("source", "bib"):
            shutil.rmtree(top / part)
    root = copy_project(top)
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "2023.1E")
    git(top, "tag", PREVIOUS_TAG)
    apply_release(root)
    guideline = root / "source" / "guideline.yml"
    guideline.write_text(
        guideline.read_text(encoding="utf-8") + f"previous_release: {PREVIOUS_TAG}\n", encoding="utf-8"
    )
    return root


def unmarked(g: Guideline) -> Guideline:
    """``g`` as loaded, without the statuses (what `guidepress diff` compares)."""

    def rec(r: Recommendation) -> Recommendation:
        return replace(r, change=None, children=tuple(rec(c) for c in r.children))

    chapters = tuple(
        replace(
            c, sections=tuple(replace(s, recommendations=tuple(rec(r) for r in s.recommendations)) for s in c.sections)
        )
        for c in g.chapters
    )
    return replace(g, chapters=chapters, release=None)
