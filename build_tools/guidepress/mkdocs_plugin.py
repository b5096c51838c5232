"""The MkDocs plugin: a thin adapter that hands render/pages.py to MkDocs.

Once per build it loads and validates the source (or takes the model that
``guidepress build`` already checked), then adds the generated pages and the
downloads (export, optionally cards) as in-memory files. Nothing generated is
written into the docs folder, so no Markdown copy can drift from the source.

Under ``serve`` the plugin lives across rebuilds and keeps a Preview
(preview.py): files whose text did not change are not parsed again, and in
a dirty build (``guidepress serve``, ``mkdocs serve --dirty``) only the
pages whose Markdown changed are rendered again.
"""

from __future__ import annotations

import gzip
import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory

from .load.memo import FileMemo
from .model import Guideline
from .phases import check
from .preview import Converted, Preview, layout_key
from .render.addresses import page_location
from .render.export import export_files
from .render.pages import PageTemplateError, site_nav, site_pages
from .render.sanitize import sanitize_page_html
from .render.site_config import apply_model_settings

log = logging.getLogger("mkdocs.plugins.guidepress")


class GuidepressConfig(Config):
    cards = opt.Type(bool, default=False)
    card_size = opt.Type(str, default="a6")
    # Where the site will be published; printed on the cards only, so that
    # the HTML itself holds no absolute URL.
    public_url = opt.Optional(opt.Type(str))


class GuidepressPlugin(BasePlugin[GuidepressConfig]):
    def __init__(self) -> None:
        self.guideline: Guideline | None = None
        self.downloads: dict[str, bytes] | None = None
        self.pages: dict[str, str] = {}
        self.root: Path = Path(".")
        self._preloaded = False
        self.preview: Preview | None = None
        self._page_order: list[str] = []
        self._converted: dict[str, tuple[str, Converted | None]] = {}
        self._rebuilt: set[str] | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup is what makes MkDocs keep this instance across
        # serve's rebuilds (and for the rest of the process); the Preview is
        # the state worth keeping, and only a serve session has one.
        # (guidepress build preloads the model before it starts MkDocs: keep that.)
        self.preview = Preview(dirty=dirty) if command == "serve" else None

    def preload(self, guideline: Guideline, downloads: dict[str, bytes]) -> None:
        """Use a model and downloads computed by ``guidepress build`` (for the next build only)."""
        self.guideline = guideline
        self.downloads = downloads
        self._preloaded = True
        self.preview = None  # a build is never a preview, even in a process that served one

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path or ".").resolve().parent
        if not self._preloaded:
            self.guideline = _checked(self.root, self.preview.memo if self.preview else None)
            self.downloads = None
        self._preloaded = False
        g = self.guideline
        assert g is not None
        if self.downloads is None:
            self.downloads = export_files(g)
            if self.config.cards:
                self.downloads |= _cards(g, self.config.public_url, self.config.card_size)
        try:
            self.pages = site_pages(g, self.root, self.downloads,
                                    cache=self.preview.pages if self.preview else None)
        except PageTemplateError as exc:
            raise PluginError(f"guidepress: {exc}") from exc
        apply_model_settings(config, g, site_nav(g), escape_html=True)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        generated: dict[str, str | bytes] = {**self.pages, **(self.downloads or {})}
        for path in generated:
            # A hand-written file of the same name would be silently shadowed.
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"guidepress: docs_dir holds {path}, which is generated from the model")
        added = [File.generated(config, path, content=content) for path, content in generated.items()]
        for file in added:
            files.append(file)
        if self.preview is not None:
            self.preview.html.begin((repr(config.markdown_extensions), repr(config.mdx_configs),
                                     config.use_directory_urls, tuple((f.src_uri, f.url) for f in files)))
            if self.preview.dirty:
                self._plan_dirty_build(files, added, generated, config)
        return files

    def _plan_dirty_build(self, files: Files, added: list[File], generated: dict[str, str | bytes],
                          config: MkDocsConfig) -> None:
        """Tell MkDocs which generated files changed; in a dirty build it renders only those."""
        assert self.preview is not None
        settings = {k: config[k] for k in ("site_name", "site_description", "copyright", "site_url")}
        settings["language"] = config["theme"]["language"]
        watched = [Path(config.docs_dir)] + [Path(d) for d in config.theme.dirs
                                              if Path(d).resolve().is_relative_to(self.root)]
        if config.config_file_path:
            watched.append(Path(config.config_file_path))
        layout = layout_key(nav=config["nav"], settings=settings, paths=[f.src_uri for f in files],
                            watched=watched)
        plan = self.preview.plan(generated, layout)
        # Search indexes only the pages built now; on_post_build merges (preview.py).
        search = _material_search(config)
        if search is not None:
            search.search_index_prev = None
        self._page_order = [page_location(f.url) for f in files.documentation_pages()]
        if plan.whole:
            log.info(f"guidepress: rebuilding every page ({plan.reason})")
            # A dirty build never empties the output folder: do it, so that
            # nothing of a removed page stays behind.
            clean_directory(config.site_dir)
            self._rebuilt = None
            return
        for file in added:
            file.is_modified = (lambda modified=file.src_uri in plan.changed: modified)  # type: ignore[method-assign]
        pages = [f for f in files.documentation_pages() if f.src_uri in plan.changed]
        self._rebuilt = {page_location(f.url) for f in pages}
        log.info(f"guidepress: rebuilding {', '.join(f.src_uri for f in pages) if pages else 'no page'}"
                 f" ({len(plan.changed)} of {len(added)} generated files changed)")

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        if self.preview is not None:
            env.bytecode_cache = self.preview.theme_code
        if self.preview is not None and self.preview.dirty and self._rebuilt is not None:
            # The error page shows the navigation and nothing of any page, and
            # the layout is unchanged (else every page is rebuilt): keep it.
            config.theme.static_templates.discard("404.html")
        return env

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.preview is not None and page.file.src_uri in self.pages:
            hit = self.preview.html.get(page.file.src_uri, markdown)
            if hit is not None:
                # Converted before: give Python-Markdown nothing to do and put
                # the earlier result in place in on_page_content.
                self._converted[page.file.src_uri] = (markdown, hit)
                return ""
            self._converted[page.file.src_uri] = (markdown, None)
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        src = page.file.src_uri
        if src not in self.pages:
            return html
        markdown, hit = self._converted.pop(src, (None, None))
        if hit is not None:
            return hit.restore(page, markdown, files)
        html = sanitize_page_html(html)
        if self.preview is not None and markdown is not None:
            self.preview.html.put(src, markdown, Converted.of(page, html))
        return html

    @event_priority(100)  # before the search plugin writes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        _normalise_sitemap_gz(Path(config.site_dir))
        if self.preview is not None:
            search = _material_search(config)
            if self.preview.dirty and search is not None:
                # The index this build made holds the rebuilt pages only; Material
                # writes what is put in its place: the whole site's entries.
                search.search_index.entries = self.preview.search_docs(
                    search.search_index.entries, self._page_order, self._rebuilt)
            self.preview.succeeded()

    def on_build_error(self, *, error: Exception) -> None:
        if self.preview is not None:
            self.preview.failed()  # the next build is a whole one

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        # Edits to the guideline, the bibliography or the page templates
        # rebuild the site; docs_dir and the theme are watched by MkDocs.
        for part in ("source", "bib", "templates"):
            if (self.root / part).is_dir():
                server.watch(str(self.root / part))
        return server


def _material_search(config: MkDocsConfig) -> Any:
    """Material's search plugin while it indexes this build, else None. The
    preview merges its entries (preview.py); a search plugin without these
    attributes (another theme's) is left to index as it does."""
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        if plugin is not None and hasattr(plugin, "search_index_prev") and hasattr(plugin, "search_index"):
            return plugin
    return None


def _checked(root: Path, memo: FileMemo | None = None) -> Guideline:
    result = check(root, memo)
    # Warnings are logged as warnings, so `mkdocs build --strict` fails on
    # them exactly as `guidepress check --strict` does.
    for d in result.diagnostics:
        (log.error if d.severity == "error" else log.warning)(d.as_text())
    if result.guideline is None or not result.ok:
        n = sum(1 for d in result.diagnostics if d.severity == "error")
        raise PluginError(f"guidepress: the source has {n} error(s), listed above as path:line:col; "
                          "nothing was built")
    return result.guideline


def _cards(g: Guideline, public_url: str | None, size: str) -> dict[str, bytes]:
    try:
        from .render.cards import render_cards
    except ImportError as exc:
        raise PluginError(f"guidepress: pocket cards are not available ({exc}); set cards: false") from exc
    return render_cards(g, site_url=public_url, size=size)


def _normalise_sitemap_gz(site: Path) -> None:
    """MkDocs stamps the gzip header with the build time; without
    SOURCE_DATE_EPOCH two builds would differ in those four bytes. The
    timestamp says nothing the sitemap's own lastmod does not, so use 0."""
    plain = site / "sitemap.xml"
    packed = site / "sitemap.xml.gz"
    if not plain.is_file():
        return
    tmp = packed.with_suffix(".gz.tmp")
    with open(tmp, "wb") as raw, gzip.GzipFile(filename="sitemap.xml", mode="wb", fileobj=raw, mtime=0) as gz:
        gz.write(plain.read_bytes())
    os.replace(tmp, packed)
