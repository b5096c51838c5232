"""The MkDocs plugin: a thin adapter that hands render/pages.py to MkDocs.

Once per build it loads and validates the source (or takes what
``guidepress build`` already prepared: settings, checked model, downloads),
then adds the generated pages and the downloads (export, optionally cards)
as in-memory files. Nothing generated is written into the docs folder, so no
Markdown copy can drift from the source.

Its settings are guidepress' one Settings (settings.py), from the same
mkdocs.yml and environment as the command line's: ``mkdocs build`` with
``cards: true`` renders the cards ``guidepress build`` renders, with the same
site_url, templates and cache.

Under ``serve`` the plugin lives across rebuilds and keeps a Preview
(preview.py): files whose text did not change are not parsed again, and in
a dirty build (``guidepress serve``, ``mkdocs serve --dirty``) only the
pages whose Markdown changed are rendered again.
"""

from __future__ import annotations

import gzip
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory

from .cache import Cache
from .diagnostics import Diagnostic
from .editorial import published
from .load.citestyle import is_path
from .load.memo import FileMemo
from .messages import project_messages
from .mkdocs_config import static_files
from .model import Guideline
from .phases import check
from .preview import Converted, Preview, layout_key
from .render.addresses import location_page, page_location
from .render.cards import SIZES, render_cards
from .render.export import export_files
from .render.export_translations import translations_document
from .render.fonts import FontMissing
from .render.offline import write_offline_files
from .render.pages import PageTemplateError, site_nav, site_pages
from .render.sanitize import sanitize_page_html
from .render.search import statement_entries, with_statements
from .render.site_config import apply_model_settings
from .settings import CONFIG, DEFAULT_CARD_SIZE, Settings, UsageError, load_settings

log = logging.getLogger("mkdocs.plugins.guidepress")


class GuidepressConfig(Config):
    # `guidepress build` makes the cards itself; this is for a bare `mkdocs build`.
    cards = opt.Type(bool, default=False)
    card_size = opt.Choice(tuple(SIZES), default=DEFAULT_CARD_SIZE)
    # The project folder (source/, bib/); default: the folder of mkdocs.yml. guidepress sets it
    # when the project has no mkdocs.yml (mkdocs_config.py).
    root = opt.Optional(opt.Dir(exists=True))
    # Was the cards' address; they print site_url now, as `guidepress build`'s do.
    public_url = opt.Deprecated(
        removed=True,
        message=(
            "removed: the cards' QR codes point at site_url (set it in mkdocs.yml, or GUIDEPRESS_SITE_URL "
            "through its !ENV)"
        ),
    )


@dataclass(frozen=True)
class Prepared:
    """What ``guidepress build`` hands the plugin for its next build, so the source is read once."""

    settings: Settings
    guideline: Guideline
    downloads: dict[str, bytes]
    cache: Cache | None = None  # the build's: it formats the references through it (and explains them)


class GuidepressPlugin(BasePlugin[GuidepressConfig]):
    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.guideline: Guideline | None = None
        self.downloads: dict[str, bytes] | None = None
        self.pages: dict[str, str] = {}
        self.root: Path = Path(".")
        self._prepared: Prepared | None = None
        self.preview: Preview | None = None
        self._page_order: list[str] = []
        self._converted: dict[str, tuple[str, Converted | None]] = {}
        self._rebuilt: set[str] | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup is what makes MkDocs keep this instance across
        # serve's rebuilds (and for the rest of the process); the Preview is
        # the state worth keeping, and only a serve session has one.
        # (guidepress build hands its prepared build over before it starts MkDocs: keep that.)
        self.preview = Preview(dirty=dirty) if command == "serve" else None

    def hand_over(self, prepared: Prepared) -> None:
        """Build with ``prepared`` (from ``guidepress build``) instead of reading the project (the next build only)."""
        self._prepared = prepared
        self.preview = None  # a build is never a preview, even in a process that served one

    # Before the search plugin's: it takes its language from theme.language, which the guideline's sets.
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        prepared, self._prepared = self._prepared, None
        if prepared is None:
            settings = self._settings(config)
            self.root = settings.root  # watched by serve (on_serve) even when the source has errors
            g = _checked(settings.root, self.preview.memo if self.preview else None)
            if self.preview is None:
                g = published(g)  # `mkdocs build` publishes; the preview shows drafts, marked
            # One cache for the run (cards and formatted references), finished when both have used it:
            # an eviction after the cards alone would take the references' entries for unused.
            store = Cache(settings.root, enabled=settings.cache)
            downloads = _downloads(settings, g, store)
        else:
            settings, g, downloads = prepared.settings, prepared.guideline, dict(prepared.downloads)
            # guidepress build's own cache, which it finishes itself.
            store = prepared.cache if prepared.cache else Cache(settings.root, enabled=settings.cache)
        self.settings, self.root, self.guideline, self.downloads = settings, settings.root, g, downloads
        try:
            self.pages = site_pages(
                g, self.root, self.downloads, cache=self.preview.pages if self.preview else None, store=store
            )
        except PageTemplateError as exc:
            raise PluginError(f"guidepress: {exc}") from exc
        if prepared is None:
            store.finish()
        words = project_messages(g.language, self.root)
        apply_model_settings(config, g, site_nav(g, words), words, escape_html=True)
        return config

    def _settings(self, config: MkDocsConfig) -> Settings:
        if self.config.root:
            config_file = Path(self.config.root).resolve() / CONFIG
        else:
            config_file = Path(config.config_file_path).resolve() if config.config_file_path else Path.cwd() / CONFIG
        try:
            settings, problems = load_settings(
                config_file.parent,
                config_file=config_file,
                out=Path(config.site_dir),
                cards=self.config.cards,
                card_size=self.config.card_size,
                strict=bool(config.strict),
            )
        except UsageError as exc:
            raise PluginError(f"guidepress: {exc}") from exc
        for d in problems:
            (log.error if d.severity == "error" else log.warning)(d.as_text())
        if settings is None:
            raise SourceProblems(
                f"guidepress: {config_file.name} has {len(problems)} problem(s), listed above "
                "as path:line:col; nothing was built",
                problems,
            )
        return settings

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        generated: dict[str, str | bytes] = {**self.pages, **(self.downloads or {})}
        for path in generated:
            # A hand-written file of the same name would be silently shadowed.
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"guidepress: docs_dir holds {path}, which is generated from the model")
        added = [File.generated(config, path, content=content) for path, content in generated.items()]
        for file in added:
            files.append(file)
        # guidepress' static files (CSS, JavaScript) that docs_dir does not hold a file of its own for.
        for path, folder in static_files(self.root).items():
            if files.get_file_from_path(path) is None:
                files.append(File(path, str(folder), config.site_dir, config.use_directory_urls))
        if self.preview is not None:
            self.preview.html.begin(
                (
                    repr(config.markdown_extensions),
                    repr(config.mdx_configs),
                    config.use_directory_urls,
                    tuple((f.src_uri, f.url) for f in files),
                )
            )
            if self.preview.dirty:
                self._plan_dirty_build(files, added, generated, config)
        return files

    def _plan_dirty_build(
        self, files: Files, added: list[File], generated: dict[str, str | bytes], config: MkDocsConfig
    ) -> None:
        """Tell MkDocs which generated files changed; in a dirty build it renders only those."""
        assert self.preview is not None
        settings = {k: config[k] for k in ("site_name", "site_description", "copyright", "site_url")}
        settings["language"] = config["theme"]["language"]
        watched = [Path(config.docs_dir)] + [
            Path(d) for d in config.theme.dirs if Path(d).resolve().is_relative_to(self.root)
        ]
        if config.config_file_path:
            watched.append(Path(config.config_file_path))
        layout = layout_key(nav=config["nav"], settings=settings, paths=[f.src_uri for f in files], watched=watched)
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
            # mkdocs asks each file whether it changed; the plan knows (a method replaced on the instance)
            file.is_modified = _answer(file.src_uri in plan.changed)  # type: ignore[method-assign]
        pages = [f for f in files.documentation_pages() if f.src_uri in plan.changed]
        self._rebuilt = {page_location(f.url) for f in pages}
        log.info(
            f"guidepress: rebuilding {', '.join(f.src_uri for f in pages) if pages else 'no page'}"
            f" ({len(plan.changed)} of {len(added)} generated files changed)"
        )

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
        if hit is not None and markdown is not None:  # a hit is stored with its markdown
            return hit.restore(page, markdown, files)
        html = sanitize_page_html(html)
        if self.preview is not None and markdown is not None:
            self.preview.html.put(src, markdown, Converted.of(page, html))
        return html

    @event_priority(100)  # before the search plugin writes its index
    def _on_post_build_pages(self, *, config: MkDocsConfig) -> None:
        _normalise_sitemap_gz(Path(config.site_dir))
        search = _material_search(config)
        if search is not None and self.guideline is not None:
            # One entry per statement (render/search.py); a preview rebuild
            # indexed a few pages, and gets theirs only.
            entries = search.search_index.entries
            indexed = {location_page(str(e["location"])) for e in entries}
            search.search_index.entries = with_statements(entries, statement_entries(self.guideline, indexed))
        if self.preview is not None:
            if self.preview.dirty and search is not None:
                # The index this build made holds the rebuilt pages only; Material
                # writes what is put in its place: the whole site's entries.
                search.search_index.entries = self.preview.search_docs(
                    search.search_index.entries, self._page_order, self._rebuilt
                )
            self.preview.succeeded()

    @event_priority(-100)  # after the search plugin wrote its index: the worker caches it
    def _on_post_build_offline(self, *, config: MkDocsConfig) -> None:
        if self.preview is None and self.guideline is not None:
            write_offline_files(
                Path(config.site_dir), self.guideline, project_messages(self.guideline.language, self.root)
            )

    on_post_build = CombinedEvent(_on_post_build_pages, _on_post_build_offline)

    def on_build_error(self, *, error: Exception) -> None:
        if self.preview is not None:
            # The next build is a whole one; the preview's error page lists the problems.
            self.preview.failed(error.diagnostics if isinstance(error, SourceProblems) else (str(error),))

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        # Edits to the guideline, the bibliography or the page templates
        # rebuild the site; docs_dir and the theme are watched by MkDocs.
        for part in ("source", "bib", "templates"):
            if (self.root / part).is_dir():
                server.watch(str(self.root / part))
        style = self.guideline.citation_style if self.guideline else None
        if style is not None and is_path(style.name) and (self.root / style.name).is_file():
            server.watch(str(self.root / style.name))  # a citation style kept outside source/
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


class SourceProblems(PluginError):
    """The project cannot be built; ``diagnostics`` say why (the preview's error page lists them)."""

    def __init__(self, message: str, diagnostics: list[Diagnostic]) -> None:
        super().__init__(message)
        self.diagnostics = tuple(diagnostics)


def _checked(root: Path, memo: FileMemo | None = None) -> Guideline:
    result = check(root, memo)
    # Warnings are logged as warnings, so `mkdocs build --strict` fails on
    # them exactly as `guidepress check --strict` does.
    for d in result.diagnostics:
        (log.error if d.severity == "error" else log.warning)(d.as_text())
    if result.guideline is None or not result.ok:
        n = sum(1 for d in result.diagnostics if d.severity == "error")
        raise SourceProblems(
            f"guidepress: the source has {n} error(s), listed above as path:line:col; nothing was built",
            result.diagnostics,
        )
    return result.guideline


def _downloads(settings: Settings, g: Guideline, cache: Cache) -> dict[str, bytes]:
    """The export, and the cards when ``settings.cards``: what ``guidepress build`` publishes.

    The cards come through the cache, as ``guidepress build``'s do; the export
    (fast to make) does not, so that a preview session does not store one
    export per save."""
    downloads = export_files(g, site_url=settings.site_url, translations=translations_document(g))
    if settings.cards:
        try:
            downloads |= render_cards(
                g, site_url=settings.site_url, size=settings.card_size, templates=settings.card_templates, cache=cache
            )
        except ImportError as exc:
            raise PluginError(f"guidepress: pocket cards are not available ({exc}); set cards: false") from exc
        except FontMissing as exc:
            raise PluginError(f"guidepress: {exc}") from exc
    return downloads


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


def _answer(modified: bool) -> Callable[[], bool]:
    """A File.is_modified that gives ``modified``."""
    return lambda: modified
