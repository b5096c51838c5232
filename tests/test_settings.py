"""One Settings object (settings.py): read once from mkdocs.yml, the environment and the
command line, the same for `guidepress` and the MkDocs plugin; its problems are
diagnostics at mkdocs.yml's line and column, or usage errors."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from guidepress.cli import main
from guidepress.render.cards import SIZES
from guidepress.settings import TOOL_TEMPLATES, Settings, UsageError, load_settings


def settings_of(root: Path, *, cards: bool = True, card_size: str | None = None) -> Settings:
    settings, problems = load_settings(root, cards=cards, card_size=card_size)
    assert settings is not None, [d.as_text() for d in problems]
    return settings


def set_plugin_option(project: Path, line: str) -> None:
    """One option of the guidepress plugin, in the mapping form that keeps guidepress' other plugins."""
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "\nplugins:" not in text  # the project's file leaves the plugins to guidepress' defaults
    config.write_text(text + f"plugins:\n  guidepress:\n    {line}\n", "utf-8")


def test_the_default_project(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GUIDEPRESS_SITE_URL", raising=False)
    monkeypatch.delenv("GUIDEPRESS_NO_CACHE", raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    s = settings_of(project)
    assert (s.site_url, s.card_size, s.cards, s.engine, s.cache, s.strict, s.source_date_epoch) == (
        "https://guidelines.example.org/ago-breast/",
        "a6",
        True,
        "mkdocs",
        True,
        False,
        "1700000000",
    )
    assert s.out == project / "site" and s.config_file == project / "mkdocs.yml"
    assert s.template_dirs == (project / "templates", TOOL_TEMPLATES)
    assert s.card_templates == (project / "templates" / "cards", TOOL_TEMPLATES / "cards")


def test_environment(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GUIDEPRESS_SITE_URL", "https://board.example/guideline")  # through mkdocs.yml's !ENV
    monkeypatch.setenv("GUIDEPRESS_NO_CACHE", "1")
    s = settings_of(project)
    assert s.site_url == "https://board.example/guideline/" and not s.cache


def test_card_templates_are_the_projects_then_guidepress_own(tmp_path: Path) -> None:
    assert settings_of(tmp_path).card_templates == (TOOL_TEMPLATES / "cards",)
    (tmp_path / "templates" / "cards").mkdir(parents=True)
    # Looked up file by file: a project holding only cards.css.j2 takes cards.html.j2 from guidepress.
    (tmp_path / "templates" / "cards" / "cards.css.j2").write_text("own", "utf-8")
    assert settings_of(tmp_path).card_templates == (tmp_path / "templates" / "cards", TOOL_TEMPLATES / "cards")


def test_card_size_from_the_plugin_options_and_the_command_line(project: Path) -> None:
    set_plugin_option(project, "card_size: a7")
    assert settings_of(project).card_size == "a7"
    assert settings_of(project, card_size="index").card_size == "index"
    assert settings_of(project, cards=False).card_size == "a6"  # makes no cards: not read


@pytest.mark.usefixtures("published")
def test_unknown_card_size_in_mkdocs_yml_is_a_diagnostic_at_its_place(project: Path) -> None:
    set_plugin_option(project, "card_size: letter")
    settings, problems = load_settings(project)
    assert settings is None
    line = project.joinpath("mkdocs.yml").read_text("utf-8").splitlines().index("    card_size: letter") + 1
    choices = ", ".join(map(repr, SIZES))
    expected = (
        f"mkdocs.yml:{line}:16: error GP111 guidepress plugin option card_size: "
        f"unknown card size 'letter'; choose one of: {choices}"
    )
    assert [d.as_text() for d in problems] == [expected]


def test_unknown_card_size_or_engine_in_code_is_a_usage_error(project: Path) -> None:
    with pytest.raises(UsageError, match="'a6', 'a7', 'index'"):
        load_settings(project, card_size="letter")
    with pytest.raises(UsageError, match="mkdocs, zensical"):
        Settings(project, project / "mkdocs.yml", project / "site", engine="hugo")


def test_broken_mkdocs_yml_is_reported_by_every_command(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "mkdocs.yml").write_text("site_name: x\nsite_url: [unclosed\n", "utf-8")
    # A configuration error: exit 2, as for a bad command line (the source is still checked and reported).
    assert main(["check", "--root", str(project)]) == 2
    assert "mkdocs.yml:3:1: error GP101 " in capsys.readouterr().out
    assert main(["build", "--root", str(project)]) == 2
    err = capsys.readouterr().err
    assert "mkdocs.yml:3:1: error GP101 " in err and "nothing was written" in err
    assert not (project / "site").exists()


def test_site_url_must_be_text(project: Path) -> None:
    (project / "mkdocs.yml").write_text("site_name: x\nsite_url:\n  - a\n", "utf-8")
    settings, problems = load_settings(project)
    assert settings is None and [d.code for d in problems] == ["GP104"] and str(problems[0].pos) == "mkdocs.yml:3:3"


def test_the_plugin_has_the_settings_the_command_line_has(project: Path) -> None:
    from mkdocs.config import load_config

    set_plugin_option(project, "card_size: index")
    config = load_config(config_file=str(project / "mkdocs.yml"))
    plugin = config.plugins["guidepress"]
    plugin.on_config(config)
    ours, cli = plugin.settings, settings_of(project.resolve(), cards=False)
    assert (ours.root, ours.site_url, ours.card_size, ours.template_dirs, ours.cache) == (
        cli.root,
        cli.site_url,
        "index",
        cli.template_dirs,
        cli.cache,
    )
    assert not ours.cards  # mkdocs.yml says cards: false


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("card_size: letter", "Expected one of: ('a6', 'a7', 'index') but received: 'letter'"),
        ("public_url: https://x.example/", "the cards' QR codes point at site_url"),
    ],
)
def test_the_plugin_validates_its_options_with_mkdocs(
    project: Path, option: str, message: str, caplog: pytest.LogCaptureFixture
) -> None:
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    set_plugin_option(project, option)
    with caplog.at_level(logging.ERROR, logger="mkdocs"), pytest.raises(Abort):
        load_config(config_file=str(project / "mkdocs.yml"))
    assert message in caplog.text


def test_bad_size_on_the_command_line_is_a_usage_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as refused:
        main(["cards", "--root", str(project), "--size", "letter"])
    assert refused.value.code == 2
    assert "unknown card size 'letter'; choose one of: 'a6', 'a7', 'index'" in capsys.readouterr().err
