"""Property-based tests of the loader and validator (hypothesis).

Whatever an editor's file holds — random bytes, any YAML document, the real
chapter or bibliography with lines deleted, doubled or characters swapped —
``check()`` never raises: it gives a valid model, or diagnostics whose codes
are all known and whose positions are inside the file. The command exits
with 0, 1 or 2 and never shows a traceback.
"""

from __future__ import annotations

import copy
import io
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import copy_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guidepress.cli import main
from guidepress.diagnostics import CODES, has_errors
from guidepress.phases import check

# The command's diagnostics are compared with check()'s, which reads no
# mkdocs.yml: checked as a board that has set its address (conftest.published).
pytestmark = pytest.mark.usefixtures("published")

CHAPTER = "source/chapters/sites-of-metastases.yml"
GUIDELINE = "source/guideline.yml"
SCHEME = "source/grading/gr.yml"
BIB = "bib/sites-of-metastases.bib"

# Fixed examples in the suite (fast, never flaky); GUIDEPRESS_FUZZ=N explores N fresh examples per property.
FUZZ = int(os.environ.get("GUIDEPRESS_FUZZ", "0"))
PROPERTY = settings(
    max_examples=FUZZ or 50,
    deadline=None,
    derandomize=not FUZZ,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class Project:
    """One project copy per module; each example rewrites one file and puts it back."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.originals = {rel: (root / rel).read_bytes() for rel in (CHAPTER, GUIDELINE, SCHEME, BIB)}
        self.documents: dict[str, Any] = {}

    def original(self, rel: str) -> bytes:
        return self.originals[rel]

    def document(self, rel: str) -> Any:
        """The file as plain data (loaded once), to be perturbed and dumped again."""
        if rel not in self.documents:
            self.documents[rel] = yaml.load(self.originals[rel], Loader=yaml.CSafeLoader)
        return copy.deepcopy(self.documents[rel])

    @contextmanager
    def with_file(self, rel: str, data: bytes) -> Iterator[None]:
        path = self.root / rel
        path.write_bytes(data)
        try:
            yield
        finally:
            path.write_bytes(self.originals[rel])


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return Project(copy_project(tmp_path_factory.mktemp("properties") / "project"))


def assert_sound(root: Path, rel: str, data: bytes) -> None:
    """The loader and checks' contract, then the command's, for one input."""
    result = check(root)  # must not raise
    codes = {d.code for d in result.diagnostics}
    assert codes <= set(CODES), codes - set(CODES)
    if result.ok:
        assert result.guideline is not None
    else:
        assert has_errors(result.diagnostics), "rejected without an error"
    # YAML also breaks lines at a lone CR, NEL, LS and PS; splitlines() knows them all.
    lines = len(data.decode("utf-8", "replace").splitlines()) + 1
    for d in result.diagnostics:
        assert not d.pos.file.startswith("/"), d
        assert d.pos.line >= 0 and d.pos.col >= 0, d
        if d.pos.file == rel:
            assert 1 <= d.pos.line <= lines, (d, lines)

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["check", "--root", str(root), "--format", "json"])
    assert code in (0, 1, 2)
    assert "Traceback" not in out.getvalue() + err.getvalue()
    payload = json.loads(out.getvalue())
    assert {d["code"] for d in payload["diagnostics"]} == codes


def run(project: Project, rel: str, data: bytes) -> None:
    with project.with_file(rel, data):
        assert_sound(project.root, rel, data)


# Random bytes ------------------------------------------------------------------


@PROPERTY
@given(data=st.binary(max_size=2000))
def test_random_bytes_as_chapter(project: Project, data: bytes) -> None:
    run(project, CHAPTER, data)


@PROPERTY
@given(data=st.binary(max_size=2000))
def test_random_bytes_as_bib(project: Project, data: bytes) -> None:
    run(project, BIB, data)


# Random YAML documents ---------------------------------------------------------

TRICKY = [
    "no",
    "yes",
    "off",
    "on",
    "true",
    "false",
    "3",
    "3.0",
    "0x1f",
    "1e3",
    "~",
    "null",
    "",
    " ",
    "2023-03-01",
    "&a",
    "*a",
    "&a x",
    "*a x",
    "!!int 3",
    "!!python/object:os.system",
    "<script>",
    "<script>alert(1)</script>",
    "<b>",
    "[x](javascript:alert(1))",
    "a\tb",
    "\t",
    "#",
    "- x",
    "? x",
    ": x",
    "{",
    "}",
    "[",
    "]",
    "'",
    '"',
    "|",
    ">",
    "%YAML 1.1",
    "---",
    "...",
    "@",
    "`",
    "\\",
    "\u00e9\u00fc",
    "\ufeff",
    "\u2028",
    "\x00",
    "\x07",
    "x" * 5000,
    "++",
    "+/-",
    "--",
    "-",
    "+",
    "loe",
    "gr",
    "ago",
    "2b",
    "A",
    "sites-of-metastases",
    "histological-verification",
]
KEYS = [
    "id",
    "title",
    "sections",
    "recommendations",
    "grades",
    "text",
    "loe",
    "gr",
    "ago",
    "children",
    "footnotes",
    "references",
    "refs",
    "tables",
    "rows",
    "columns",
    "external",
    "chapter",
    "see_also",
    "glossary",
    "term",
    "expansion",
    "codes",
    "code",
    "rules",
    "<<",
    "?",
    "&k",
    "*k",
    "no",
    "3",
]

scalars = st.one_of(st.sampled_from(TRICKY), st.text(max_size=30))
keys = st.one_of(st.sampled_from(KEYS), st.text(max_size=12))
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(keys, inner, max_size=5)),
    max_leaves=40,
)
styles = st.sampled_from(["plain", "single", "double"])


def scalar_text(value: str, style: str) -> str:
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    if style == "double":
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value  # plain: whatever the editor typed, valid YAML or not


@st.composite
def yaml_text(draw: Any, node: Any = None, indent: int = 0) -> str:
    """YAML text for a random document, mixing block and flow style, quoted and not."""
    node = draw(documents) if node is None else node
    pad = " " * indent
    if isinstance(node, str):
        return scalar_text(node, draw(styles))
    flow = draw(st.booleans())
    if isinstance(node, list):
        items = [draw(yaml_text(item, indent + 2)) for item in node]
        if flow or not items:
            return "[" + ", ".join(items) + "]"
        return "".join(f"\n{pad}- {item}" for item in items)
    pairs = [(scalar_text(k, draw(styles)), draw(yaml_text(v, indent + 2))) for k, v in node.items()]
    if flow or not pairs:
        return "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"
    return "".join(f"\n{pad}{k}: {v}" for k, v in pairs)


@PROPERTY
@given(text=yaml_text())
def test_random_yaml_as_chapter(project: Project, text: str) -> None:
    run(project, CHAPTER, text.lstrip("\n").encode("utf-8", "surrogatepass"))


@PROPERTY
@given(text=yaml_text())
def test_random_yaml_as_guideline(project: Project, text: str) -> None:
    run(project, GUIDELINE, text.lstrip("\n").encode("utf-8", "surrogatepass"))


@PROPERTY
@given(text=yaml_text())
def test_random_yaml_as_scheme(project: Project, text: str) -> None:
    run(project, SCHEME, text.lstrip("\n").encode("utf-8", "surrogatepass"))


# Mutations of the real content ------------------------------------------------------

mutation = st.tuples(
    st.sampled_from(["delete", "duplicate", "swap", "insert", "indent", "dedent"]),
    st.integers(min_value=0),
    st.integers(min_value=0),
    st.sampled_from(list(" \t:-{}[]#&*'\"\n<>x3@,=%\\") + ["\xe9", "\ufeff"]),
)


def mutate(data: bytes, ops: list[tuple[str, int, int, str]]) -> bytes:
    lines = data.decode("utf-8").split("\n")
    for op, a, b, char in ops:
        i = a % len(lines)
        line = lines[i]
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, line)
        elif op == "swap" and len(line) >= 2:
            j = b % (len(line) - 1)
            lines[i] = line[:j] + line[j + 1] + line[j] + line[j + 2 :]
        elif op == "insert":
            j = b % (len(line) + 1)
            lines[i] = line[:j] + char + line[j:]
        elif op == "indent":
            lines[i] = " " * (b % 5 + 1) + line
        elif op == "dedent":
            lines[i] = line[b % 5 + 1 :] if line[: b % 5 + 1].isspace() else line
    return "\n".join(lines).encode("utf-8")


@PROPERTY
@given(ops=st.lists(mutation, min_size=1, max_size=6))
def test_mutated_chapter(project: Project, ops: list[tuple[str, int, int, str]]) -> None:
    run(project, CHAPTER, mutate(project.original(CHAPTER), ops))


@PROPERTY
@given(ops=st.lists(mutation, min_size=1, max_size=6))
def test_mutated_bib(project: Project, ops: list[tuple[str, int, int, str]]) -> None:
    run(project, BIB, mutate(project.original(BIB), ops))


@PROPERTY
@given(ops=st.lists(mutation, min_size=1, max_size=4))
def test_mutated_guideline_and_scheme(project: Project, ops: list[tuple[str, int, int, str]]) -> None:
    run(project, GUIDELINE, mutate(project.original(GUIDELINE), ops))
    run(project, SCHEME, mutate(project.original(SCHEME), ops))


# Perturbed structure: valid YAML, wrong content ------------------------------------


def _slots(node: Any) -> list[tuple[Any, Any]]:
    """Every (container, key-or-index) of a loaded document, depth first."""
    out: list[tuple[Any, Any]] = []
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, value in list(items):
        out.append((node, key))
        out.extend(_slots(value))
    return out


perturbation = st.tuples(
    st.sampled_from(["set", "delete", "duplicate", "wrap", "unwrap", "rename"]),
    st.integers(min_value=0),
    st.one_of(scalars, st.sampled_from(KEYS)),
)


def perturb(document: Any, ops: list[tuple[str, int, str]]) -> Any:
    for op, n, value in ops:
        slots = _slots(document)
        if not slots:
            break
        container, key = slots[n % len(slots)]
        if op == "set":
            container[key] = value
        elif op == "delete":
            del container[key]
        elif op == "duplicate" and isinstance(container, list):
            container.insert(key, copy.deepcopy(container[key]))
        elif op == "wrap":
            container[key] = [container[key]]
        elif op == "unwrap" and isinstance(container[key], (list, dict)) and container[key]:
            inner = container[key]
            container[key] = inner[0] if isinstance(inner, list) else next(iter(inner.values()))
        elif op == "rename" and isinstance(container, dict) and value not in container:
            container[value] = container.pop(key)
    return document


def dump(document: Any) -> str:
    return yaml.dump(document, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=10_000)


@PROPERTY
@given(ops=st.lists(perturbation, min_size=1, max_size=5))
def test_perturbed_chapter_structure(project: Project, ops: list[tuple[str, int, str]]) -> None:
    text = dump(perturb(project.document(CHAPTER), ops))
    run(project, CHAPTER, text.encode("utf-8", "surrogatepass"))


@PROPERTY
@given(ops=st.lists(perturbation, min_size=1, max_size=4))
def test_perturbed_scheme_structure(project: Project, ops: list[tuple[str, int, str]]) -> None:
    text = dump(perturb(project.document(SCHEME), ops))
    run(project, SCHEME, text.encode("utf-8", "surrogatepass"))


def test_the_shared_copy_is_restored(project: Project) -> None:
    for rel in (CHAPTER, GUIDELINE, SCHEME, BIB):
        assert (project.root / rel).read_bytes() == project.original(rel)
    assert check(project.root).ok
