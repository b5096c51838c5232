"""The benchmark's stages from the model to the published files: citations, pages, the web site
(also as plain MkDocs), the build end to end and the pocket cards (stages as in check_stages.py)."""

from __future__ import annotations

import gzip
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from check_stages import need_model
from harness import Bench, as_in_a_new_process, optional, quiet_mkdocs, silence_stdout


def stage_citations(b: Bench) -> Callable[[], Any]:
    """guidepress: every work of the bibliography formatted as the pages print it, once each (no cache)."""
    formatter = optional("guidepress.render.citations", "Citations")
    need_model(b)
    g = b.guideline

    def run() -> Any:
        cite = formatter(g.citation_style)  # a new formatter remembers no work
        return [cite(ref).html for ref in g.references]

    return run


def stage_citations_warm(b: Bench) -> Callable[[], Any]:
    """guidepress: the same works read back from the project's cache, as the next build reads them."""
    formatter = optional("guidepress.render.citations", "Citations")
    from guidepress.cache import Cache

    need_model(b)
    g = b.guideline
    folder = b.work / "citations-cache"
    formatter(g.citation_style).prepare(g.references, Cache(folder, enabled=True))  # fills it; not timed

    def run() -> Any:
        cite = formatter(g.citation_style)
        cite.prepare(g.references, Cache(folder, enabled=True))
        return [cite(ref).html for ref in g.references]

    return run


def stage_pages(b: Bench) -> Callable[[], Any]:
    """guidepress: the model as Markdown pages (render/pages.py), in memory."""
    site_pages = optional("guidepress.render.pages", "site_pages")
    need_model(b)
    downloads = _downloads(b)

    def run() -> Any:
        as_in_a_new_process()
        b.pages = site_pages(b.guideline, b.root, downloads)

    return run


def stage_mkdocs_plain(b: Bench) -> Callable[[], Any]:
    """Plain `mkdocs build` (no guidepress plugin) of the same generated pages, assets and downloads."""
    if b.pages is None:
        stage_pages(b)()
    assert b.pages is not None
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    proj = b.work / "plain-mkdocs"
    shutil.rmtree(proj, ignore_errors=True)
    docs = proj / "docs"
    config = _plain_mkdocs_config(b)
    assets = b.root / config.pop("docs_dir", "docs")
    if assets.is_dir():
        shutil.copytree(assets, docs)
    files: dict[str, bytes] = {rel: text.encode("utf-8") for rel, text in b.pages.items()}
    files.update(_downloads(b))
    for rel, data in files.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    config["docs_dir"] = "docs"
    config_file = proj / "mkdocs.yml"
    import yaml

    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

    def run() -> Any:
        with quiet_mkdocs():
            build(load_config(str(config_file), site_dir=str(proj / "site")))

    return run


def stage_site(b: Bench) -> Callable[[], Any]:
    """guidepress: the web site (pages + MkDocs with the guidepress plugin) from the checked model,
    as every build after the first makes it: the formatted references in the project's cache."""
    return _site_stage(b, cold=False)


def stage_site_cold(b: Bench) -> Callable[[], Any]:
    """The same, as a project's first build makes it: every reference formatted by citeproc-py."""
    return _site_stage(b, cold=True)


def _site_stage(b: Bench, *, cold: bool) -> Callable[[], Any]:
    build_site = optional("guidepress.render.site", "build_site")
    from guidepress.cache import Cache

    need_model(b)
    downloads = _downloads(b)
    out = b.work / "gp-site"
    settings = _settings(b, cards=False)

    def run() -> Any:
        shutil.rmtree(out, ignore_errors=True)
        if cold:
            Cache(settings.root, enabled=True).clear()
        as_in_a_new_process()
        with quiet_mkdocs():
            build_site(settings, out, b.guideline, downloads)
        # What a reader's first search downloads (issue 18: it must stay small at M and L).
        index = (out / "search" / "search_index.json").read_bytes()
        b.extra["search_index_kb"] = len(index) / 1024
        b.extra["search_index_gzipped_kb"] = len(gzip.compress(index, mtime=0)) / 1024

    if not cold:
        # The plugin keeps the references in the project's cache: a first build fills it, not timed.
        run()
    return run


def _build_stage(b: Bench, cards: bool) -> Callable[[], Any]:
    run_build = optional("guidepress.commands.build", "run_build")
    from guidepress.phases import check

    out = b.work / ("build-cards" if cards else "build")

    def run() -> Any:
        # What `guidepress build` does after parsing its arguments.
        settings = _settings(b, cards=cards, out=out)
        as_in_a_new_process()
        result = check(b.root)
        with quiet_mkdocs(), silence_stdout():
            code = run_build(settings, result)
        if code != 0:
            raise RuntimeError(f"guidepress build exited {code}")

    return run


def stage_build(b: Bench) -> Callable[[], Any]:
    """guidepress build --no-cards: check, export, web site, swapped into place."""
    return _build_stage(b, cards=False)


def stage_build_full(b: Bench) -> Callable[[], Any]:
    """guidepress build: check, export, cards, web site."""
    return _build_stage(b, cards=True)


def stage_rebuild(b: Bench) -> Callable[[], Any]:
    """guidepress build again with no source change (cards and export from the cache, once wired)."""
    fn = _build_stage(b, cards=True)
    if not (b.work / "build-cards").exists():
        fn()  # a first build to fill the cache; not timed
    return fn


def stage_cards(b: Bench) -> Callable[[], Any]:
    """guidepress: every pocket card set (one PDF per chapter + the whole guideline), on every core."""
    render_cards = optional("guidepress.render.cards", "render_cards")
    need_model(b)
    return lambda: render_cards(b.guideline, site_url=None, size="a6")


def stage_cards_single(b: Bench) -> Callable[[], Any]:
    """One WeasyPrint call over the whole guideline's card HTML, for comparison with the cards stage."""
    card_set_html = optional("guidepress.render.cards", "card_set_html")
    html_to_pdfs = optional("guidepress.render.cards", "html_to_pdfs")
    need_model(b)
    html = card_set_html(b.guideline, list(b.guideline.chapters), site_url=None, size="a6")
    return lambda: html_to_pdfs(html, ["benchmark"])


def _downloads(b: Bench) -> dict[str, bytes]:
    """The files a build publishes next to the pages (the export; cards are timed on their own)."""
    if "downloads" not in b.extra:
        from guidepress.render.export import export_files

        b.extra["downloads"] = export_files(b.guideline)
    return b.extra["downloads"]


def _settings(b: Bench, *, cards: bool, out: Path | None = None) -> Any:
    """The settings `guidepress build` would use for the benchmark project."""
    load_settings = optional("guidepress.settings", "load_settings")
    settings, problems = load_settings(b.root, out=out, cards=cards)
    if settings is None:
        raise RuntimeError("; ".join(d.as_text() for d in problems))
    return settings


def _plain_mkdocs_config(b: Bench) -> dict[str, Any]:
    """The project's mkdocs.yml without the guidepress plugin, with the settings the plugin applies."""
    from guidepress.messages import messages_for_source
    from guidepress.mkdocs_config import config_data, without_guidepress
    from guidepress.render.pages import site_nav
    from guidepress.render.site_config import apply_model_settings

    cfg = config_data(b.root, b.root / "mkdocs.yml")
    cfg["plugins"] = without_guidepress(cfg.get("plugins"))
    cfg.pop("site_dir", None)
    theme = cfg.get("theme")
    if isinstance(theme, dict):
        theme = cfg["theme"] = dict(theme)
        if theme.get("custom_dir"):
            theme["custom_dir"] = str((b.root / theme["custom_dir"]).resolve())
    words = messages_for_source()
    apply_model_settings(cfg, b.guideline, site_nav(b.guideline, words), words)
    return cfg
