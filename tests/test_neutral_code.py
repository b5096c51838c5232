"""The package's Python code assumes no board, grading scheme or reader language.

Scheme ids, codes and labels come from the scheme files (source/grading/,
the presets), and the words readers see from the templates and
resources/wording.yml. This scans every string literal of the package's .py
files (docstrings aside: they explain, and nobody reads them on a page) for
the scheme ids of the default project and of every preset, for board and
scheme names, and for the reader-facing wording of resources/wording.yml.
The example projects' files of the diagnostic codes (docs/diagnostics.md) are
the default project's, so they are text, not assumptions, and not scanned.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import yaml
from conftest import ROOT

from guidepress import presets

PACKAGE = ROOT / "build_tools" / "guidepress"

#: Modules another piece of work is changing, with the reason their strings are not scanned yet.
NOT_YET: dict[str, str] = {}
#: Modules that hold nothing but the example project of the diagnostics' examples (docs/diagnostics.md).
EXAMPLE_PROJECT = ("examples.py",)

#: Modules whose messages are to the guideline's editors (diagnostics, the diff report, the command line) or to
#: developers, in the tool's own
#: words: the version rule, which is about what readers see on pages and cards, does not apply there.
EDITORS = (
    "checks/",
    "load/",
    "releases/",
    "commands/",
    "cli.py",
    "cli_help.py",
    "arguments.py",
    # the export's JSON Schemas describe it to the developers of downstream tools
    "render/export_schema.py",
)

#: Names of boards and schemes that only data may carry.
BOARDS = re.compile(r"\b(AGO|Oxford|OCEBM|CEBM|ESMO|NCCN|GRADE)\b|ago-breast")


def scheme_ids() -> set[str]:
    ids = {
        line.split(":", 1)[1].strip()
        for line in (ROOT / "source" / "grading").glob("*.yml")
        for line in line.read_text("utf-8").splitlines()
        if line.startswith("id:")
    }
    for name in presets.names():
        ids |= set(presets.load(name).grading)
    return ids


def wordings() -> list[str]:
    """Every wording of resources/wording.yml; of one with {fields}, the phrases between them."""

    def walk(node: object) -> Iterator[str]:
        if isinstance(node, dict):
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, str) and "{" not in node:
            yield node
        elif isinstance(node, str):
            yield from (p for p in (piece.strip(" ,:·()") for piece in re.split(r"\{\w+\}", node)) if " " in p)

    return list(walk(yaml.safe_load((PACKAGE / "resources" / "wording.yml").read_text("utf-8"))))


def example_text(tree: ast.Module) -> set[int]:
    """ids of the string constants that make up an ``Example(...)`` of a code declaration: those in its
    arguments and those of the module's constants and helpers it names (and they name), whole."""
    defined = {
        t.id: node
        for node in tree.body
        if isinstance(node, ast.Assign)
        for t in node.targets
        if isinstance(t, ast.Name)
    }
    defined |= {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    todo: list[ast.AST] = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Example"
    ]
    seen: set[int] = set()
    found: set[int] = set()
    while todo:
        part = todo.pop()
        if id(part) in seen:
            continue
        seen.add(id(part))
        for node in ast.walk(part):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(id(node))
            elif isinstance(node, ast.Name) and node.id in defined:
                todo.append(defined[node.id])
    return found


def literals(path: Path) -> Iterator[tuple[int, str]]:
    """(line, text) of every string literal of ``path`` that is not a docstring or an example project's
    file, f-string parts included."""
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    skipped = docstrings | example_text(tree)
    if path.name in EXAMPLE_PROJECT and path.parent == PACKAGE:
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped:
            yield node.lineno, node.value


def problems(path: Path, base: Path, ids: set[str], words: list[str]) -> Iterator[str]:
    """What ``path`` (named relative to ``base``) assumes, one line each, in the order of its lines."""
    rel = path.relative_to(base).as_posix()
    for line, text in sorted(literals(path), key=lambda found: found[0]):
        where = f"{rel}:{line}: {text!r}"
        if text in ids:
            yield f"{where} is a scheme id"
        elif BOARDS.search(text):
            yield f"{where} names a board or scheme"
        elif any(word == text or (" " in word and word in text) for word in words):
            yield f"{where} is reader-facing wording (resources/wording.yml)"
        elif " " in text.strip() and re.search(r"\bversion\b", text) and not rel.startswith(EDITORS):
            yield f"{where} words the version for readers"


def test_no_scheme_id_board_name_or_reader_wording_in_the_code() -> None:
    ids, words = scheme_ids(), wordings()
    found = [
        p
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.relative_to(PACKAGE).as_posix() not in NOT_YET
        for p in problems(path, PACKAGE, ids, words)
    ]
    assert found == []


def test_the_scan_finds_what_it_looks_for(tmp_path: Path) -> None:
    """The scan of the test above, on a module that breaks every rule once (and a docstring and an example
    project's files that may), and on an editors' message that words the version."""
    module = tmp_path / "bad.py"
    module.write_text(
        '"""Grades AGO, Oxford and loe are fine here."""\n'
        'LABELS = {"loe": "LoE", "board": "AGO Breast"}\n'
        'NAV = [{"Home": "index.md"}]\n'
        "def describe(title, version):\n"
        '    return f"{title}, version {version}"\n'
        '_SCHEME = "id: ago\\nlabel: %s\\n"\n'
        "def _guideline():\n"
        '    return "publisher: AGO\\n"\n'
        'BAD = Code("GP1", example=Example("ago.yml", _SCHEME % "AGO", also=(("g.yml", _guideline()),)))\n'
        'BOARD = "ESMO"\n',
        "utf-8",
    )
    found = [p.split(": ", 1)[1] for p in problems(module, tmp_path, {"loe"}, ["Home"])]
    assert found == [
        "'loe' is a scheme id",
        "'AGO Breast' names a board or scheme",
        "'Home' is reader-facing wording (resources/wording.yml)",
        "', version ' words the version for readers",
        "'ESMO' names a board or scheme",
    ]
    (tmp_path / "releases").mkdir()
    message = tmp_path / "releases" / "compare.py"
    message.write_text('WARN = "both sides carry one version: give the new release its own"\n', "utf-8")
    assert list(problems(message, tmp_path, set(), [])) == []


def test_every_wording_is_used() -> None:
    """resources/wording.yml holds only words the code prints."""
    data = yaml.safe_load((PACKAGE / "resources" / "wording.yml").read_text("utf-8"))
    keys = [f"{section}.{key}" for section, entries in data.items() for key in entries]
    code = "\n".join(p.read_text("utf-8") for p in PACKAGE.rglob("*.py"))
    assert [k for k in keys if f'"{k}"' not in code] == []
