"""The benchmark's stages of `guidepress serve`: the first build and the rebuild after one edit
(last in a run: they edit the generated source)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from typing import Any

from harness import Bench, as_in_a_new_process, optional, quiet_mkdocs


def _preview_session(b: Bench, dirty: bool) -> Any:
    Session = optional("guidepress.preview", "Session")
    key = f"preview-{dirty}"
    if key not in b.extra:
        session = Session(b.root / "mkdocs.yml", b.work / f"preview-{'dirty' if dirty else 'full'}", dirty=dirty)
        with quiet_mkdocs(40):
            session.build()  # the first build when serve starts; timed by preview_first
        b.extra[key] = session
    return b.extra[key]


def _edit_one_recommendation(b: Bench) -> None:
    """Change the text of one recommendation in the middle chapter, differently each time."""
    chapters = sorted((b.root / "source" / "chapters").glob("*.yml"))
    path = chapters[len(chapters) // 2]
    text = path.read_text(encoding="utf-8")
    n = b.extra.get("edits", 0) + 1
    b.extra["edits"] = n
    marker = "(benchmark edit "
    start = text.index("text: ") + len("text: ")
    end = text.index("\n", start)
    line = text[start:end]
    if marker in line:
        line = line[: line.index(marker)].rstrip()
    path.write_text(text[:start] + f"{line} {marker}{n})" + text[end:], encoding="utf-8")


def stage_preview_first(b: Bench) -> Callable[[], Any]:
    """guidepress serve's first build (every page), in a fresh session."""
    Session = optional("guidepress.preview", "Session")

    def run() -> Any:
        out = b.work / "preview-first"
        shutil.rmtree(out, ignore_errors=True)
        as_in_a_new_process()
        with quiet_mkdocs(40):
            Session(b.root / "mkdocs.yml", out).build()

    return run


def _preview_edit(b: Bench, dirty: bool) -> Callable[[], Any]:
    session = _preview_session(b, dirty=dirty)

    def run() -> Any:
        _edit_one_recommendation(b)
        with quiet_mkdocs(40):
            session.build()

    return run


def stage_preview_edit(b: Bench) -> Callable[[], Any]:
    """guidepress serve: the rebuild after one recommendation is edited (dirty build: its page only)."""
    return _preview_edit(b, dirty=True)


def stage_preview_edit_full(b: Bench) -> Callable[[], Any]:
    """The same edit with every page rebuilt (mkdocs serve without --dirty, guidepress serve --full-rebuilds)."""
    return _preview_edit(b, dirty=False)
