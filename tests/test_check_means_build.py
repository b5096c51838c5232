"""Property: a project that passes `check --strict` builds, and its outputs carry all of it.

Projects come from the benchmark's generator (benchmarks/generate.py) with
random seeds and small random shapes, then hypothesis mutates valid values:
statement, footnote and title texts and table cells become random text
(any Unicode, Markdown and HTML specials, YAML escapes), recommendation ids
random slugs, a grade code random text (in its scheme and wherever it is
graded). A mutation that `check --strict` refuses is taken back (the project
must stay one that passes check: refusing is check's right); every other is
kept. The project must then `build` (exit 0) and `guidepress verify` (the
command, exit 0: nothing of the source is missing from the export and the
pages) must find everything.

Most projects are built without pocket cards (a build is about a second,
with the cards several); a few, with fixed seeds, build and verify the cards
too. In CI the examples are fixed (derandomized: never flaky);
GUIDEPRESS_FUZZ=N explores N fresh ones, as for test_properties.py.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import re
import sys
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guidepress.cli import main
from guidepress.diagnostics import exit_code
from guidepress.phases import check

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
FUZZ = int(os.environ.get("GUIDEPRESS_FUZZ", "0"))
PROJECTS = settings(
    max_examples=FUZZ or 50,
    deadline=None,
    derandomize=not FUZZ,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _generator() -> ModuleType:
    name = "bench_generate"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, BENCH / "generate.py")
        assert spec and spec.loader
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    return sys.modules[name]


generate = _generator()


# ----------------------------------------------------------------- values


def yaml_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar; whatever YAML cannot hold as written is escaped."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif code < 0x20 or 0x7F <= code <= 0x9F or code in (0x2028, 0x2029, 0xFEFF) or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


MARKUP = "*_~^`<>[](){}#|\\&;:!-+=.\"' \n/%$@?,"
TRICKY = [
    "1. first",
    "# heading",
    "> quoted",
    "- item",
    "---",
    "a  \nb",
    "&amp;",
    "&#x3c;",
    "<3",
    "a|b",
    "**",
    "~~",
    "^",
    "*a*",
    "~x~",
    "^2^",
    "\\*",
    "`code`",
    "[x]",
    "{: .x}",
    "{ #x }",
    'id="x"',
    "https://example.org",
    "< 50 y",
    "≥ 3",
    "x\ty",
    "  padded  ",
    "Ünïcödé",
    "漢字",
    "עברית",
    "🩺",
    "a\u00adb",
    "\U0001f469\u200d\u2695",
    "\u202eevil",
    "a\u200bb",
    "\x00",
    "x\\y",
    ":",
    "? x",
    "!x",
    "%x",
    "@x",
    "'",
    '"',
    "null",
    "~",
    "true",
    "0x1F",
    "1e3",
    ".5",
    "nan",
]
TEXTS = st.one_of(
    st.text(min_size=1, max_size=30),  # any Unicode but surrogates
    st.text(alphabet=MARKUP + "ab1", min_size=1, max_size=20),  # Markdown and HTML specials
    st.sampled_from(TRICKY),
    st.lists(st.sampled_from(TRICKY), min_size=2, max_size=4).map(" ".join),
)
SLUGS = st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}\Z")


@dataclass(frozen=True)
class Shape:
    seed: int
    chapters: int
    recommendations: int
    references: int


SHAPES = st.builds(
    lambda seed, chapters, per, refs: Shape(seed, chapters, chapters * per, refs),
    seed=st.integers(0, 10**6),
    chapters=st.integers(1, 2),
    per=st.integers(3, 9),
    refs=st.integers(1, 12),
)


@dataclass(frozen=True)
class Mutation:
    kind: str  # "text", "title", "cell", "id", "code"
    at: int  # which candidate (modulo how many there are), and how the value goes in (modulo 3)
    value: str


_AT = st.integers(0, 10**6)
MUTATIONS = st.lists(
    st.one_of(
        st.builds(Mutation, kind=st.sampled_from(["text", "title", "cell", "code"]), at=_AT, value=TEXTS),
        st.builds(Mutation, kind=st.just("id"), at=_AT, value=SLUGS),
    ),
    max_size=4,
)


# ----------------------------------------------------------------- the project


def make_project(shape: Shape, root: Path) -> Path:
    scale = generate.Scale("property", shape.chapters, shape.recommendations, shape.references)
    generate.generate(root, scale, shape.seed)
    return root


def chapter_files(root: Path) -> list[Path]:
    return sorted((root / "source" / "chapters").glob("*.yml"))


_TEXT_LINE = re.compile(r"^(\s+text: )(.*)$", re.MULTILINE)
_TITLE_LINE = re.compile(r"^(\s+title: )(.*)$", re.MULTILINE)
_ROW_LINE = re.compile(r"^(\s+- )(\[.*\])$", re.MULTILINE)
_REC_ID = re.compile(r"^\s+- id: (\S+-r\d\d(?:-c\d)?)$", re.MULTILINE)
_AGO = re.compile(r'\bago: "([^"]+)"')


def mutate(root: Path, m: Mutation) -> dict[Path, str]:
    """Apply ``m``; the files it changed, with their text before (empty when it found nothing to change)."""
    chapters = {p: p.read_text(encoding="utf-8") for p in chapter_files(root)}
    if m.kind == "code":
        return _rename_code(root, chapters, m)
    pattern = {"text": _TEXT_LINE, "title": _TITLE_LINE, "cell": _ROW_LINE, "id": _REC_ID}[m.kind]
    found = [(path, match) for path, text in chapters.items() for match in pattern.finditer(text)]
    if not found:
        return {}
    path, match = found[m.at % len(found)]
    text = chapters[path]
    if m.kind == "id":  # everywhere: a reference group may name the statement it supports
        new = re.sub(rf"(?<![\w-]){re.escape(match[1])}(?![\w-])", m.value, text)
    elif m.kind == "cell":
        cells = json.loads(match[2])
        cells[m.at % len(cells)] = _edited(cells[m.at % len(cells)], m)
        new = text[: match.start(2)] + "[" + ", ".join(map(yaml_quoted, cells)) + "]" + text[match.end(2) :]
    else:
        new = (
            text[: match.start(2)]
            + yaml_quoted(_edited(json.loads(match[2]) if match[2].startswith('"') else match[2], m))
            + text[match.end(2) :]
        )
    path.write_text(new, encoding="utf-8")
    return {path: text}


def _edited(old: str, m: Mutation) -> str:
    """The value ``m`` makes of ``old``: replaced, or with ``m.value`` before or after it (which keeps
    the glossary terms a text uses, so that fewer mutations are refused as GP213)."""
    return (m.value, f"{m.value} {old}", f"{old} {m.value}")[m.at % 3]


def _rename_code(root: Path, chapters: dict[Path, str], m: Mutation) -> dict[Path, str]:
    scheme = root / "source" / "grading" / "ago.yml"
    before = scheme.read_text(encoding="utf-8")
    codes = re.findall(r'^  - code: "([^"]+)"$', before, re.MULTILINE)
    old = codes[m.at % len(codes)]
    scheme.write_text(before.replace(f'  - code: "{old}"\n', f"  - code: {yaml_quoted(m.value)}\n"), encoding="utf-8")
    changed = {scheme: before}
    for path, text in chapters.items():
        new = text.replace(f'ago: "{old}"', f"ago: {yaml_quoted(m.value)}")
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed[path] = text
    return changed


def passes_strict_check(root: Path) -> bool:
    result = check(root)
    return result.guideline is not None and exit_code(result.diagnostics, strict=True) == 0


def run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(out):
        code = main(argv)
    return code, out.getvalue()


def assert_builds_and_verifies(root: Path, *, cards: bool, kept: list[Any]) -> None:
    flags = [] if cards else ["--no-cards"]
    code, output = run(["build", "--root", str(root), *flags])
    assert code == 0, f"check --strict passed, build failed (mutations {kept}):\n{output[-3000:]}"
    code, output = run(["verify", "--root", str(root), *flags])
    assert code == 0, f"the build lost source content (mutations {kept}):\n{output[-3000:]}"


# ----------------------------------------------------------------- the properties


@PROJECTS
@given(shape=SHAPES, mutations=MUTATIONS)
def test_a_project_that_passes_check_builds_and_verifies(shape: Shape, mutations: list[Mutation]) -> None:
    with tempfile.TemporaryDirectory(prefix="guidepress-property-") as tmp:
        root = make_project(shape, Path(tmp) / "project")
        assert passes_strict_check(root), "the generator's project must pass check --strict"
        kept = []
        for mutation in mutations:
            before = mutate(root, mutation)
            if not before:
                continue
            if passes_strict_check(root):
                kept.append(mutation)
            else:
                for path, text in before.items():
                    path.write_text(text, encoding="utf-8")
        assert_builds_and_verifies(root, cards=False, kept=kept)


@pytest.mark.slow
@pytest.mark.parametrize("shape", [Shape(11, 1, 7, 5), Shape(12, 2, 8, 6)], ids=["one-chapter", "two-chapters"])
def test_a_generated_project_builds_and_verifies_with_cards(shape: Shape, tmp_path: Path) -> None:
    root = make_project(shape, tmp_path / "project")
    assert passes_strict_check(root)
    assert_builds_and_verifies(root, cards=True, kept=[])
