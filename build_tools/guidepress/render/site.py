"""Running a site engine over the generated pages.

Two engines read the same mkdocs.yml and render the same Markdown from
render/pages.py:

- ``mkdocs``: MkDocs + Material, in process, through the guidepress plugin
  (which is handed the already checked model, so the source is read once).
- ``zensical``: Material's successor. It cannot load MkDocs plugins, so the
  pages are written into a temporary project (docs folder + a generated
  mkdocs.yml without the plugin) and ``zensical build`` runs over it.

Both write into ``out``, which the caller stages (outputs.staged_dir).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from mkdocs.exceptions import MkDocsException

from ..cache import Cache
from ..messages import project_messages
from ..mkdocs_config import config_data, mkdocs_source, static_files, without_guidepress
from ..model import Guideline
from ..outputs import write_files
from ..settings import CONFIG, ENGINES, Settings
from .offline import write_offline_files
from .pages import PageTemplateError, site_nav, site_pages
from .search import statement_entries, with_statements
from .site_config import apply_model_settings


class SiteBuildError(Exception):
    """The engine refused to build; the message says why."""


def build_site(
    settings: Settings, out: Path, g: Guideline, downloads: Mapping[str, bytes], cache: Cache | None = None
) -> None:
    """The site of ``g`` with ``downloads``, by ``settings.engine``, into ``out``; ``cache`` keeps
    the formatted references (render/citations.py) between builds."""
    if settings.engine == "mkdocs":
        build_with_mkdocs(settings, out, g, downloads, cache)
    elif settings.engine == "zensical":
        build_with_zensical(settings, out, g, downloads, cache)
    else:
        raise SiteBuildError(f"unknown site engine {settings.engine!r}; choose one of {', '.join(ENGINES)}")


def build_with_mkdocs(
    settings: Settings, out: Path, g: Guideline, downloads: Mapping[str, bytes], cache: Cache | None = None
) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from ..mkdocs_plugin import GuidepressPlugin, Prepared

    # Material prints an end-of-life banner on every build; guidepress
    # already supports the successor (--engine zensical).
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with _mkdocs_warnings_to_stderr():
        try:
            # strict: a broken link or anchor in generated pages is our bug,
            # never something to publish.
            config = load_config(**mkdocs_source(settings.root, settings.config_file), site_dir=str(out), strict=True)
            plugin = config.plugins.get("guidepress")
            if not isinstance(plugin, GuidepressPlugin):
                raise SiteBuildError(
                    f"{settings.config_file}: the guidepress plugin is not enabled (plugins: - guidepress)"
                )
            plugin.hand_over(Prepared(settings, g, dict(downloads), cache))
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
        except MkDocsException as exc:
            raise SiteBuildError(f"mkdocs: {exc}") from exc


@contextmanager
def _mkdocs_warnings_to_stderr() -> Iterator[None]:
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("mkdocs: %(levelname)s %(message)s"))
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


def build_with_zensical(
    settings: Settings, out: Path, g: Guideline, downloads: Mapping[str, bytes], cache: Cache | None = None
) -> None:
    root = settings.root
    base = _read_config(root, settings.config_file)
    try:
        pages = site_pages(g, root, downloads, store=cache)
    except PageTemplateError as exc:
        raise SiteBuildError(str(exc)) from exc
    with tempfile.TemporaryDirectory(prefix="guidepress-zensical-") as tmp:
        project = Path(tmp)
        docs = project / "docs"
        static = settings.config_file.parent / base["docs_dir"]
        if static.is_dir():
            shutil.copytree(static, docs)
        # guidepress' static files that docs_dir lacks, as the MkDocs plugin adds them.
        for rel, folder in static_files(root).items():
            if not (docs / rel).exists():
                write_files(docs, {rel: (folder / rel).read_bytes()})
        write_files(docs, {path: md.encode("utf-8") for path, md in pages.items()})
        write_files(docs, downloads)
        config = zensical_config(base, g, root)
        (project / CONFIG).write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), "utf-8")
        proc = subprocess.run(
            [sys.executable, "-m", "zensical", "build", "--clean", "-f", str(project / CONFIG)],
            cwd=project,
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0 or not (project / "site" / "index.html").is_file():
            raise SiteBuildError(f"zensical build failed (exit {proc.returncode}):\n{proc.stdout}{proc.stderr}")
        shutil.copytree(project / "site", out, dirs_exist_ok=True)
    _index_statements(out / ZENSICAL_INDEX, g)
    write_offline_files(out, g, project_messages(g.language, root))


#: Where Zensical writes its search index.
ZENSICAL_INDEX = Path("search.json")


def _index_statements(index: Path, g: Guideline) -> None:
    """Zensical's search index with an entry per statement (render/search.py), as the MkDocs plugin adds them."""
    data = json.loads(index.read_text("utf-8"))
    data["items"] = with_statements(
        data["items"],
        statement_entries(g),
        lambda after: {"level": int(after.get("level", 1)) + 1, "path": after.get("path", [])},
    )
    index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")


def zensical_config(base: Mapping[str, Any], g: Guideline, root: Path) -> dict[str, Any]:
    """The project's mkdocs.yml for Zensical: without the guidepress plugin
    (Zensical loads no MkDocs plugins; the pages are already on disk), with
    the settings the plugin would have taken from the model. It is written
    into a temporary folder, so the theme's custom_dir is made absolute."""
    config = dict(base)
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    config["plugins"] = without_guidepress(base.get("plugins"))
    config["theme"] = dict(base.get("theme", {}))
    if config["theme"].get("custom_dir"):
        config["theme"]["custom_dir"] = str((root / config["theme"]["custom_dir"]).resolve())
    words = project_messages(g.language, root)
    apply_model_settings(config, g, site_nav(g, words), words)
    return config


def _read_config(root: Path, config_file: Path) -> dict[str, Any]:
    try:
        # guidepress' defaults and the project's mkdocs.yml; MkDocs' !ENV (site_url) resolved as MkDocs does.
        return config_data(root, config_file)
    except (MkDocsException, yaml.YAMLError) as exc:
        raise SiteBuildError(str(exc)) from exc
