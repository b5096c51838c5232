"""Standalone projects: ``source/`` and ``bib/`` are a whole project.

``mkdocs.yml`` is optional and is read on top of guidepress' MkDocs defaults
(mkdocs_config.py); a project's ``templates/`` overrides guidepress' own file
by file (packaged.py): page templates, card templates and the site's static
files alike.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, copy_project
from mkdocs.exceptions import ConfigurationError

from guidepress.cli import main
from guidepress.mkdocs_config import (
    config_data,
    defaults_file,
    document,
    mkdocs_source,
    static_files,
)
from guidepress.model import Guideline
from guidepress.packaged import tool_templates
from guidepress.preview import Session
from guidepress.render.cards import card_set_html
from guidepress.render.pages import site_pages
from guidepress.settings import load_settings

EPOCH = "1700000000"


def minimal_project(dest: Path, mkdocs_yml: str | None = None) -> Path:
    """The default project's source/ and bib/ alone (and ``mkdocs_yml`` as its mkdocs.yml)."""
    for part in ("source", "bib"):
        shutil.copytree(ROOT / part, dest / part)
    if mkdocs_yml is not None:
        (dest / "mkdocs.yml").write_text(mkdocs_yml, "utf-8")
    return dest


def files(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def no_cache_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {"SOURCE_DATE_EPOCH": EPOCH, "GUIDEPRESS_NO_CACHE": "1", "NO_MKDOCS_2_WARNING": "1"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("GUIDEPRESS_SITE_URL", raising=False)


# ---------------------------------------------------------------- builds


@pytest.mark.slow
@pytest.mark.usefixtures("no_cache_epoch")
def test_source_bib_and_a_site_url_build_the_repositorys_site(tmp_path: Path) -> None:
    """Everything else the repository's project has (its mkdocs.yml, templates/) is guidepress' defaults."""
    minimal = minimal_project(tmp_path / "minimal", "site_url: https://guidelines.example.org/ago-breast/\n")
    assert main(["build", "--root", str(minimal), "--no-cards"]) == 0
    repository = copy_project(tmp_path / "repository")
    assert main(["build", "--root", str(repository), "--no-cards"]) == 0
    ours, theirs = files(minimal / "site"), files(repository / "site")
    assert "assets/guidepress.css" in ours and sum(p.endswith(".html") for p in ours) > 5
    assert [p for p in sorted(ours.keys() | theirs.keys()) if ours.get(p) != theirs.get(p)] == []


@pytest.mark.slow
@pytest.mark.usefixtures("no_cache_epoch")
def test_a_project_without_mkdocs_yml_builds_and_previews(tmp_path: Path, guideline: Guideline) -> None:
    root = minimal_project(tmp_path / "project")
    assert main(["build", "--root", str(root), "--no-cards"]) == 0
    site = root / "site"
    assert (site / guideline.chapters[0].id / "index.html").is_file()
    css = tool_templates() / "site" / "docs" / "assets" / "guidepress.css"
    assert (site / "assets" / "guidepress.css").read_bytes() == css.read_bytes()
    # The live preview's builds (guidepress serve) read the same configuration.
    session = Session(root / "mkdocs.yml", tmp_path / "preview")
    session.build()
    assert (tmp_path / "preview" / guideline.chapters[0].id / "index.html").is_file()
    assert not (root / "mkdocs.yml").exists()


# ---------------------------------------------------------------- the configuration


def test_a_project_mkdocs_yml_is_merged_over_guidepress_defaults(tmp_path: Path) -> None:
    root = minimal_project(
        tmp_path / "project",
        (
            "site_url: https://guidelines.board.org/\n"
            "theme:\n  custom_dir: overrides\n  features: [navigation.tabs]\n"
            "plugins:\n  guidepress:\n    card_size: a7\n"
            "markdown_extensions: [abbr, tables]\n"
            "extra:\n  board: true\n"
        ),
    )
    data = config_data(root, root / "mkdocs.yml")
    theme = data["theme"]
    # Mappings key by key; a list replaces guidepress' list.
    assert (theme["name"], theme["font"], theme["custom_dir"], theme["features"]) == (
        "material",
        False,
        "overrides",
        ["navigation.tabs"],
    )
    assert len(theme["palette"]) == 2
    assert data["plugins"] == {"search": {}, "guidepress": {"cards": False, "card_size": "a7"}}
    assert data["markdown_extensions"] == ["abbr", "tables"]
    assert data["extra"] == {"generator": False, "board": True}
    assert data["site_url"] == "https://guidelines.board.org/"
    assert data["docs_dir"] == str(tool_templates() / "site" / "docs")
    settings, problems = load_settings(root)
    assert problems == [] and settings is not None and settings.card_size == "a7"


def test_without_mkdocs_yml_the_plugin_is_told_the_project_folder(tmp_path: Path) -> None:
    root = minimal_project(tmp_path / "project")
    data = config_data(root, root / "mkdocs.yml")
    assert data["plugins"]["guidepress"]["root"] == str(root.resolve())
    assert data["site_dir"] == str(root.resolve() / "site")
    assert mkdocs_source(root, root / "mkdocs.yml")["config_file_path"] is None


def test_inherit_is_merged_between_the_defaults_and_the_project(tmp_path: Path) -> None:
    root = minimal_project(tmp_path / "project", "INHERIT: ../board/base.yml\nextra:\n  mine: 2\n")
    (tmp_path / "board").mkdir()
    (tmp_path / "board" / "base.yml").write_text("site_url: https://board.example/\nextra:\n  board: 1\n", "utf-8")
    data = config_data(root, root / "mkdocs.yml")
    assert data["extra"] == {"generator": False, "board": 1, "mine": 2}
    assert data["site_url"] == "https://board.example/" and "INHERIT" not in data
    (tmp_path / "board" / "base.yml").unlink()
    with pytest.raises(ConfigurationError, match="base.yml"):
        document(root, root / "mkdocs.yml")


def test_the_repositorys_mkdocs_yml_inherits_the_packaged_defaults() -> None:
    """So that a bare `mkdocs build` there reads the configuration guidepress gives MkDocs."""
    assert (ROOT / "mkdocs.yml").read_text("utf-8").count("\nINHERIT: templates/site/mkdocs.yml\n") == 1
    assert (ROOT / "templates" / "site" / "mkdocs.yml").resolve() == defaults_file().resolve()


def test_mkdocs_tags_reach_mkdocs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The project's mkdocs.yml is merged as YAML nodes: MkDocs resolves its own tags."""
    from mkdocs.config import load_config

    monkeypatch.setenv("GP_TEST_URL", "https://env.example/")
    root = minimal_project(
        tmp_path / "project",
        (
            "site_url: !ENV [GP_TEST_URL, 'https://default.example/']\n"
            "markdown_extensions:\n  pymdownx.emoji:\n"
            "    emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        ),
    )
    config = load_config(**mkdocs_source(root, root / "mkdocs.yml"))
    from material.extensions.emoji import twemoji

    assert config.site_url == "https://env.example/"
    assert config.mdx_configs["pymdownx.emoji"]["emoji_index"] is twemoji
    assert "toc" in config.markdown_extensions  # the defaults' mapping, merged
    assert Path(config.config_file_path) == root / "mkdocs.yml"


# ---------------------------------------------------------------- templates, file by file


def test_one_page_template_changes_that_page_only(tmp_path: Path, guideline: Guideline) -> None:
    plain = minimal_project(tmp_path / "plain")
    board = minimal_project(tmp_path / "board")
    home = board / "templates" / "site" / "pages" / "home.md.j2"
    home.parent.mkdir(parents=True)
    home.write_text("# {{ g.title | md }}\n\nThe board's own home page (test content).\n", "utf-8")
    ours, theirs = site_pages(guideline, board), site_pages(guideline, plain)
    assert ours["index.md"].startswith(f"# {guideline.title}\n\nThe board's own home page (test content).\n")
    assert set(ours) == set(theirs)
    assert [p for p in ours if ours[p] != theirs[p]] == ["index.md"]


def test_one_card_template_changes_that_template_only(tmp_path: Path, guideline: Guideline) -> None:
    plain = minimal_project(tmp_path / "plain")
    board = minimal_project(tmp_path / "board")
    css = board / "templates" / "cards" / "cards.css.j2"
    css.parent.mkdir(parents=True)
    css.write_text((tool_templates() / "cards" / "cards.css.j2").read_text("utf-8") + "\n/* the board's */\n", "utf-8")

    def html(root: Path) -> str:
        settings, _ = load_settings(root)
        assert settings is not None
        return card_set_html(
            guideline, list(guideline.chapters), site_url=None, size="a6", templates=settings.card_templates
        )

    ours, theirs = html(board), html(plain)
    assert "/* the board's */" in ours and "/* the board's */" not in theirs
    # cards.html.j2 is guidepress' own: the rest of the document is the same.
    assert ours.replace("\n/* the board's */\n", "") == theirs.replace("\n/* the board's */\n", "")


def test_static_files_are_the_projects_then_guidepress_own(tmp_path: Path) -> None:
    root = minimal_project(tmp_path / "project")
    own = tool_templates() / "site" / "docs"
    icons = {"assets/icons/icon-192.png": own, "assets/icons/icon-512.png": own}  # the web app's (render/offline.py)
    assert static_files(root) == {"assets/guidepress.css": own, "assets/guidepress.js": own, **icons}
    assets = root / "templates" / "site" / "docs" / "assets"
    assets.mkdir(parents=True)
    (assets / "guidepress.css").write_text("/* the board's */\n", "utf-8")
    assert static_files(root) == {
        "assets/guidepress.css": root / "templates" / "site" / "docs",
        "assets/guidepress.js": own,
        **icons,
    }
    # The project's folder is docs_dir; the plugin adds guidepress' JavaScript it lacks.
    assert config_data(root, root / "mkdocs.yml")["docs_dir"] == str((root / "templates" / "site" / "docs").resolve())
