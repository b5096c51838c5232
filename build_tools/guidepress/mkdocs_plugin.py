"""The MkDocs plugin: a thin adapter that hands render/pages.py to MkDocs.

Once per build it loads and validates the source (or takes the model that
``guidepress build`` already checked), then adds the generated pages and the
downloads (export, optionally cards) as in-memory files. Nothing generated is
written into the docs folder, so no Markdown copy can drift from the source.
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
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .model import Guideline
from .phases import check
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

    def preload(self, guideline: Guideline, downloads: dict[str, bytes]) -> None:
        """Use a model and downloads computed by ``guidepress build``."""
        self.guideline = guideline
        self.downloads = downloads

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path or ".").resolve().parent
        if self.guideline is None:
            self.guideline = _checked(self.root)
        g = self.guideline
        if self.downloads is None:
            self.downloads = export_files(g)
            if self.config.cards:
                self.downloads |= _cards(g, self.config.public_url, self.config.card_size)
        try:
            self.pages = site_pages(g, self.root, self.downloads)
        except PageTemplateError as exc:
            raise PluginError(f"guidepress: {exc}") from exc
        apply_model_settings(config, g, site_nav(g), escape_html=True)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        generated = {**self.pages, **(self.downloads or {})}
        for path in generated:
            # A hand-written file of the same name would be silently shadowed.
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"guidepress: docs_dir holds {path}, which is generated from the model")
        for path, content in generated.items():
            files.append(File.generated(config, path, content=content))
        return files

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri in self.pages:
            return sanitize_page_html(html)
        return html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        _normalise_sitemap_gz(Path(config.site_dir))

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        # Edits to the guideline, the bibliography or the page templates
        # rebuild the site; docs_dir and the theme are watched by MkDocs.
        for part in ("source", "bib", "templates"):
            if (self.root / part).is_dir():
                server.watch(str(self.root / part))
        return server


def _checked(root: Path) -> Guideline:
    result = check(root)
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
