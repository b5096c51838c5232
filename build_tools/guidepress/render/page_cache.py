"""The live preview's page cache: pages whose template context is unchanged are not rendered again."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2


class PageCache:
    """The live preview's pages between renders (``guidepress serve``).

    Each page is rendered from its template context only, and the context
    holds only what the page may print: a chapter page gets the chapter's
    *slice* of the guideline (the guideline's metadata and schemes, that
    chapter, the works it cites), a references part its works and who cites
    them (as ``CitedBy`` facts, not model objects). So a page whose context
    equals the last one's has the same Markdown, and is not rendered again.
    Contexts are compared with ``==``; unchanged model objects are the same
    objects (load/memo.py), which makes that a pointer comparison. The
    templates' file names, sizes and times are part of every key.
    """

    def __init__(self) -> None:
        self._pages: dict[str, tuple[Any, str]] = {}
        self._env: tuple[Path, jinja2.Environment] | None = None
        self.hits = 0
        self.misses = 0

    def environment(self, template_dir: Path, make: Callable[[Path], jinja2.Environment]) -> jinja2.Environment:
        """The pages' environment for ``template_dir``, made by ``make`` once."""
        # Jinja reloads a template whose file changed (auto_reload), so one
        # environment serves every render; compiling them costs 0.3 s at M.
        if self._env is None or self._env[0] != template_dir:
            self._env = (template_dir, make(template_dir))
        return self._env[1]

    def page(self, path: str, key: Any, render: Any) -> str:
        hit = self._pages.get(path)
        if hit is not None and hit[0] == key:
            self.hits += 1
            return hit[1]
        self.misses += 1
        text = render()
        self._pages[path] = (key, text)
        return text


def template_stamp(template_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """The templates' file names, times and sizes: part of every page's key."""
    try:
        entries = sorted(os.scandir(template_dir), key=lambda e: e.name)
    except OSError:
        return ()
    return tuple((e.name, e.stat().st_mtime_ns, e.stat().st_size) for e in entries if e.is_file())
