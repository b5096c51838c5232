"""`guidepress --help` and each command's --help: they work and speak to the people who run them."""

from __future__ import annotations

import argparse
import re

import pytest

from guidepress.cli import _parser, main

# Words about how guidepress is written, which mean nothing to an editor of a guideline.
JARGON = re.compile(r"\b(phases?|atomic(ally)?|dispatch\w*|argparse|modules?|parses arguments)\b", re.IGNORECASE)


def _commands() -> dict[str, argparse.ArgumentParser]:
    (sub,) = (a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def _help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as done:
        main(argv)
    assert done.value.code == 0
    return capsys.readouterr().out


@pytest.fixture(autouse=True)
def _fixed_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")  # argparse wraps help to the terminal's width


def test_top_level_help_names_every_command_and_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    text = _help(["--help"], capsys)
    listed = set(re.findall(r"^ {4}(\S+) {2,}\S", text, re.MULTILINE))
    assert listed == set(_commands())
    assert {int(c) for c in re.findall(r"^ {2}(\d+) {2,}\S", text, re.MULTILINE)} >= {0, 1, 2, 3}
    assert "docs/diagnostics.md" in text and "COMMAND --help" in text
    assert not JARGON.search(text), JARGON.search(text)


@pytest.mark.parametrize("command", sorted(_commands()))
def test_each_command_help_describes_it(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    text = _help([command, "--help"], capsys)
    assert text.startswith(f"usage: guidepress {command} ")
    description = text.split("\n\n")[1]
    assert not description.startswith(("options:", "positional arguments:")), f"{command} --help has no description"
    assert len(description.split()) >= 10, f"{command} --help says too little about what it does"
    assert not JARGON.search(text), JARGON.search(text)


def test_paragraphs_and_lists_keep_their_shape(capsys: pytest.CaptureFixture[str]) -> None:
    text = _help(["--help"], capsys)
    assert "\nexit codes:\n  0    success" in text  # a list stays one item a line
    assert "\n\nTypical use:" in text  # a paragraph stays apart from the one before
