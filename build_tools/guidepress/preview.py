"""What the MkDocs plugin keeps between the rebuilds of a live preview.

``guidepress serve`` (and ``mkdocs serve --dirty``) rebuilds after every
save. A full MkDocs build renders every page through Python-Markdown and
the theme (about 8 s at benchmark scale M); an editor who changed one
recommendation needs one page. So the plugin, kept alive across rebuilds
(it defines ``on_startup``), remembers:

- the files it parsed (load/memo.py): only edited files are parsed again;
- the pages' Markdown (cache.py PageCache): a page whose template
  context is unchanged is not rendered again;
- the theme's compiled templates, and each page's HTML by its Markdown
  (HtmlCache), for the builds that render every page;
- every file it generated: on the next build, MkDocs is told that exactly
  the files whose content differs are modified, and in a dirty build it
  renders only those pages.

Anything a page's HTML depends on besides its own Markdown — the
navigation, the set of files (links), the site settings from the model,
mkdocs.yml, docs_dir and the project's theme overrides — goes into a
*layout* fingerprint; when it changes every page is rebuilt (and the
output folder emptied first, so no page of a removed chapter lingers). A
failed build forgets everything, so the next one is whole again.

The search index is merged here, not by Material: its own dirty merge
drops the old entries under the *first* rebuilt page's address only, which
loses or duplicates entries when several pages are rebuilt (an edited
recommendation's text is also printed on the references page, under
"Cited in"). ``merge_search_docs`` keeps every unchanged page's entries and
takes the rebuilt pages' new ones, in page order, so the index is the one a
whole build writes, byte for byte.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2.bccache import Bucket, BytecodeCache

from .cache import PageCache
from .diagnostics import Diagnostic
from .load.memo import FileMemo
from .render.addresses import location_page


@dataclass
class Plan:
    """What one rebuild renders."""

    changed: frozenset[str]  # generated paths whose content differs from the last build
    whole: bool  # every page rebuilt (first build, layout change)
    reason: str


class CompiledTemplates(BytecodeCache):
    """The theme's compiled templates, kept in memory between rebuilds.

    MkDocs makes a new Jinja environment for every build, so Material's
    templates would be compiled again each time (0.2 s). Jinja checks each
    entry against the template's source checksum, so an edited template is
    compiled afresh.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


@dataclass(frozen=True)
class Converted:
    """What Python-Markdown made of one page: its HTML (sanitised) and what MkDocs keeps of the conversion."""

    html: str
    toc: Any
    title: str | None
    anchors: Any
    links: dict[str, dict[str, str]] | None  # linked page's src path -> {anchor: link as written}

    @classmethod
    def of(cls, page: Any, html: str) -> Converted:
        """What MkDocs' Page.render left on ``page``, with the page's final ``html``."""
        links = page.links_to_anchors
        return cls(
            html,
            page.toc,
            page._title_from_render,
            page.present_anchor_ids,
            None if links is None else {f.src_uri: dict(d) for f, d in links.items()},
        )

    def restore(self, page: Any, markdown: str, files: Any) -> str:
        """Put this conversion's results on ``page`` (this build's Page, this build's Files); its HTML."""
        page.markdown = markdown
        page.toc = self.toc
        page._title_from_render = self.title
        page.present_anchor_ids = self.anchors
        page.links_to_anchors = (
            None if self.links is None else {files.get_file_from_path(uri): links for uri, links in self.links.items()}
        )
        return self.html


class HtmlCache:
    """Each page's HTML by its Markdown, for the rebuilds that render a page
    whose Markdown did not change: every rebuild of ``mkdocs serve`` without
    --dirty, and a rebuild of every page after a navigation change.

    Python-Markdown's output depends on the Markdown, the extensions'
    settings and, through link rewriting, the page's place and the site's
    files; the last three are the *context*, and a new context empties the
    cache. Entries made during a build count only once it succeeded, so a
    page whose conversion warned in a failed strict build is converted (and
    warns) again.
    """

    def __init__(self) -> None:
        self._done: dict[str, tuple[str, Converted]] = {}
        self._made: dict[str, tuple[str, Converted]] = {}
        self._context: Any = None
        self.hits = 0

    def begin(self, context: Any) -> None:
        if context != self._context:
            self._done, self._context = {}, context
        self._made = {}

    def get(self, page: str, markdown: str) -> Converted | None:
        hit = self._done.get(page)
        if hit is not None and hit[0] == markdown:
            self.hits += 1
            return hit[1]
        return None

    def put(self, page: str, markdown: str, converted: Converted) -> None:
        self._made[page] = (markdown, converted)

    def succeeded(self) -> None:
        self._done.update(self._made)
        self._made = {}

    def failed(self) -> None:
        self._made = {}


@dataclass
class Preview:
    dirty: bool
    memo: FileMemo = field(default_factory=FileMemo)
    pages: PageCache = field(default_factory=PageCache)
    theme_code: CompiledTemplates = field(default_factory=CompiledTemplates)
    html: HtmlCache = field(default_factory=HtmlCache)
    _published: dict[str, str | bytes] = field(default_factory=dict)
    _layout: str | None = None
    _search: list[dict[str, Any]] | None = None
    _pending: tuple[dict[str, str | bytes], str] | None = None
    #: What the last build failed on (diagnostics, or an error's message); None after a good one.
    problems: tuple[Diagnostic | str, ...] | None = None

    def plan(self, generated: Mapping[str, str | bytes], layout: str) -> Plan:
        """Which generated files changed since the last good build, and whether
        every page must be rebuilt anyway."""
        self._pending = (dict(generated), layout)
        if self._layout is None:
            return Plan(frozenset(generated), True, "first build")
        if layout != self._layout:
            return Plan(frozenset(generated), True, "navigation, settings or theme changed")
        changed = frozenset(p for p, content in generated.items() if self._published.get(p) != content)
        return Plan(changed, False, "")

    def search_docs(
        self, built: list[dict[str, Any]], order: list[str], rebuilt: set[str] | None
    ) -> list[dict[str, Any]]:
        """The whole site's search entries after a build that indexed only
        ``rebuilt`` pages (their urls; None: every page); ``order``: every
        page's url in the site's order. Kept for the next build."""
        docs = (
            built if rebuilt is None or self._search is None else merge_search_docs(self._search, built, order, rebuilt)
        )
        self._search = docs
        return docs

    def succeeded(self) -> None:
        self.html.succeeded()
        self.problems = None
        if self._pending is not None:
            self._published, self._layout = self._pending
            self._pending = None

    def failed(self, problems: tuple[Diagnostic | str, ...] = ()) -> None:
        self.html.failed()
        self.problems = problems
        self._published, self._layout, self._search, self._pending = {}, None, None, None


def merge_search_docs(
    previous: list[dict[str, Any]], built: list[dict[str, Any]], order: list[str], rebuilt: set[str]
) -> list[dict[str, Any]]:
    """Search entries of every page in ``order``: the ``built`` ones for the
    ``rebuilt`` pages, the ``previous`` ones for the others."""
    by_page: dict[str, list[dict[str, Any]]] = {}
    for doc in previous:
        if location_page(doc["location"]) not in rebuilt:
            by_page.setdefault(location_page(doc["location"]), []).append(doc)
    for doc in built:
        by_page.setdefault(location_page(doc["location"]), []).append(doc)
    return [doc for url in order for doc in by_page.get(url, [])]


def layout_key(*, nav: Any, settings: Mapping[str, Any], paths: Iterable[str], watched: Iterable[Path]) -> str:
    """A fingerprint of everything every page's HTML depends on besides its own Markdown."""
    from .digests import digest_tree

    h = hashlib.sha256()
    h.update(
        json.dumps(
            [nav, {k: str(v) for k, v in sorted(settings.items())}, sorted(paths)], ensure_ascii=False, default=str
        ).encode("utf-8")
    )
    h.update(digest_tree(*(p for p in watched if p.exists())).encode())
    return h.hexdigest()


class Session:
    """The builds ``mkdocs serve`` runs, without its HTTP server and file watcher.

    serve loads the configuration afresh for every build, points
    ``site_url`` at the local server and calls ``build`` (dirty for
    ``guidepress serve``); plugins with ``on_startup`` are kept between
    builds. The benchmark and the tests drive the same sequence through this.
    ``config_file`` is the project's mkdocs.yml (its folder is the project); it
    need not exist.
    """

    def __init__(
        self, config_file: Path, site_dir: Path, *, dirty: bool = True, serve_url: str = "http://127.0.0.1:8000/"
    ) -> None:
        self.config_file = config_file
        self.site_dir = site_dir
        self.dirty = dirty
        self.serve_url = serve_url
        self._config().plugins.on_startup(command="serve", dirty=dirty)

    def _config(self) -> Any:
        from mkdocs.config import load_config

        from .mkdocs_config import mkdocs_source

        config = load_config(**mkdocs_source(self.config_file.parent, self.config_file), site_dir=str(self.site_dir))
        config.site_url = self.serve_url
        return config

    def build(self) -> None:
        """One rebuild, as after a save; raises what the build raises."""
        from mkdocs.commands.build import build

        build(self._config(), serve_url=self.serve_url, dirty=self.dirty)
