"""The fault corpus's cases: read from their files, checked for form, and applied to a project copy.

Every case is one file in ``tests/faults/`` (data a reviewer can read, not
code). A case names one or more edits, applied to a fresh copy of the
default project, and what ``guidepress check`` must answer: the exit code and
the exact set of (file, line, code) diagnostics. Lines are written either as
numbers (files the case writes itself) or as ``{of: TEXT}``, the 1-based line
where TEXT occurs in the edited file, so that cases stay right when the
chapter's wording changes. Diagnostics the unedited project already has
(same code and message) are not part of a case.

Case keys
  description  what is broken and what an editor should be told
  edit | edits one edit or a list, applied in order; each has ``file`` and one of
                 replace + (with | with_hex) [+ occurrence: N]   exact text, must occur
                 append / prepend: TEXT      write: TEXT      write_hex: HEX
                 delete: true      mkdir: true      mkfifo: true      generate: NAME (see GENERATORS)
                 symlink_outside: TEXT       the file becomes a link to a file outside
                 symlink_dir_outside: true   the folder moves outside; a link replaces it
                 link_inside: PATH           the file moves to PATH (in the project); a link replaces it
                 git_tag: TAG                the project as edited so far is committed to a new git
                                             repository in its folder (``file`` is "."), tagged TAG
  root         'missing': run with --root pointing to a folder that does not exist
  command      another command than check, with its arguments (``{root}``: the project's folder), e.g.
                 [translations, --language, de, --read-xliff, "{root}/de.xlf"]; --root and args follow
  args         extra arguments, e.g. [--strict]
  subprocess   true: also run the real command in a child process
  expect       exit: N; diagnostics: [{file, line, code}]; only: false allows extra ones;
               usage: TEXT instead of diagnostics: the command line is refused, in one line holding TEXT
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from conftest import ROOT, copy_project

from guidepress.diagnostics import CODES
from guidepress.phases import check

FAULTS = Path(__file__).parent / "faults"
CASE_FILES = sorted(FAULTS.glob("*.yml"))
CASE_KEYS = {"description", "edit", "edits", "root", "command", "args", "subprocess", "expect"}
EDIT_OPS = {
    "replace",
    "append",
    "prepend",
    "write",
    "write_hex",
    "delete",
    "mkdir",
    "mkfifo",
    "generate",
    "symlink_outside",
    "symlink_dir_outside",
    "link_inside",
    "git_tag",
}

Found = set[tuple[str, int, str]]


# Generators for inputs too big or too regular to write out: each takes the
# file's current bytes (b"" when it does not exist) and returns the new bytes.
def _deep_flow(_: bytes) -> bytes:
    return b"id: sites-of-metastases\ntopics: " + b"[" * 100_000 + b"\n"


def _deep_block(_: bytes) -> bytes:
    keys = "".join(f"{'  ' * (i + 1)}k{i}:\n" for i in range(200))
    return f"id: sites-of-metastases\ntopics:\n{keys}{'  ' * 201}leaf\n".encode()


def _deep_block_seq(_: bytes) -> bytes:
    # 1,500 levels (2 MB): past libyaml's own limit of 1,000, under the size limit.
    nested = b"".join(b"  " * i + b"-\n" for i in range(1500))
    return b"id: sites-of-metastases\ntopics:\n" + nested + b"  " * 1500 + b"x\n"


def _huge_30mb(_: bytes) -> bytes:
    line = b"  - a note that is repeated until the file is thirty megabytes\n"
    return b"id: sites-of-metastases\nnotes:\n" + line * (30 * 1024 * 1024 // len(line) + 1)


def _many_values(_: bytes) -> bytes:
    # 1.5 MB, under the size limit, but far more values than a chapter has.
    return b"id: sites-of-metastases\ntitle: Many\ntopics:\n" + b"  - x\n" * 250_000


def _crlf(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def _bom(data: bytes) -> bytes:
    return b"\xef\xbb\xbf" + data


def _many_brackets(data: bytes) -> bytes:
    # 200,000 "[" inside a quoted statement: text, not nesting.
    return data.replace(
        b"text: Histological verification", b'text: "Histological verification ' + b"[" * 200_000 + b'"', 1
    )


def _long_line(data: bytes) -> bytes:
    # One 1 MB statement: long, but legal text.
    return data.replace(b"text: Histological verification", b"text: Histological verification" + b" x" * 500_000, 1)


def _stale_translation(_: bytes) -> bytes:
    # A German translation of every text of the default chapter, in step with it but for its title's.
    from guidepress.chapter_texts import chapter_texts, fingerprint

    g = check(ROOT).guideline
    assert g is not None
    texts = dict(chapter_texts(g.chapters[0]))
    entries = {k: {"from": fingerprint(t) if k != "title" else "0" * 12, "text": t} for k, t in texts.items()}
    return yaml.safe_dump({"texts": entries}, allow_unicode=True, sort_keys=False, width=1000).encode()


def _guideline_translation(_: bytes) -> bytes:
    # A German translation of every text of the default guideline and its schemes, in step with them.
    from guidepress.chapter_texts import fingerprint
    from guidepress.guideline_texts import guideline_texts

    g = check(ROOT).guideline
    assert g is not None
    entries = {k: {"from": fingerprint(t), "text": t} for k, t in guideline_texts(g)}
    return yaml.safe_dump({"texts": entries}, allow_unicode=True, sort_keys=False, width=1000).encode()


def _default_export(_: bytes) -> bytes:
    # The export of the unedited default project: a previous release kept as a file.
    from conftest import ROOT

    from guidepress.render.addresses import EXPORT_JSON
    from guidepress.render.export import export_files

    guideline = check(ROOT).guideline
    assert guideline is not None
    return export_files(guideline)[EXPORT_JSON]


GENERATORS: dict[str, Callable[[bytes], bytes]] = {
    "stale_translation": _stale_translation,
    "guideline_translation": _guideline_translation,
    "default_export": _default_export,
    "deep_flow": _deep_flow,
    "deep_block": _deep_block,
    "deep_block_seq": _deep_block_seq,
    "huge_30mb": _huge_30mb,
    "many_values": _many_values,
    "crlf": _crlf,
    "bom": _bom,
    "long_line": _long_line,
    "many_brackets": _many_brackets,
}


@dataclass(frozen=True)
class Case:
    name: str
    data: dict[str, Any]

    @property
    def edits(self) -> list[dict[str, Any]]:
        if "edit" in self.data:
            return [self.data["edit"]]
        return list(self.data.get("edits", []))

    @property
    def expect(self) -> dict[str, Any]:
        return self.data["expect"]

    @property
    def codes(self) -> set[str]:
        return {d["code"] for d in self.expect.get("diagnostics", [])}


def load_case(path: Path) -> Case:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise AssertionError(f"{path.name}: not valid YAML: {exc}") from exc
    assert isinstance(data, dict), f"{path.name}: a case is a mapping"
    assert set(data) <= CASE_KEYS, f"{path.name}: unknown keys {set(data) - CASE_KEYS}"
    assert isinstance(data.get("description"), str), f"{path.name}: needs a description"
    case = Case(path.stem, data)
    for edit in case.edits:
        ops = set(edit) & EDIT_OPS
        assert len(ops) == 1 and isinstance(edit.get("file"), str), f"{path.name}: bad edit {edit}"
        for key in ("replace", "with", "append", "prepend", "write", "write_hex", "symlink_outside", "git_tag"):
            assert key not in edit or isinstance(edit[key], str), f"{path.name}: '{key}' must be quoted text"
    expect = case.expect
    assert expect.get("exit") in (0, 1, 2), f"{path.name}: expect.exit must be 0, 1 or 2"
    for diag in expect.get("diagnostics", []):
        assert diag["code"] in CODES, f"{path.name}: unknown code {diag['code']}"
    return case


CASES = [load_case(p) for p in CASE_FILES]


# Applying a case ---------------------------------------------------------


def _nth(data: bytes, needle: bytes, n: int) -> int:
    at = -1
    for _ in range(n):
        at = data.find(needle, at + 1)
        if at < 0:
            break
    return at


def apply_edit(root: Path, outside: Path, edit: dict[str, Any]) -> None:
    path = root / edit["file"]
    path.parent.mkdir(parents=True, exist_ok=True)
    data = path.read_bytes() if path.is_file() else b""
    if "replace" in edit:
        old = edit["replace"].encode()
        new = bytes.fromhex(edit["with_hex"]) if "with_hex" in edit else edit["with"].encode()
        at = _nth(data, old, edit.get("occurrence", 1))
        assert at >= 0, f"{edit['file']}: {edit['replace']!r} does not occur; the case needs updating"
        path.write_bytes(data[:at] + new + data[at + len(old) :])
    elif "append" in edit:
        path.write_bytes(data + edit["append"].encode())
    elif "prepend" in edit:
        path.write_bytes(edit["prepend"].encode() + data)
    elif "write" in edit:
        path.write_bytes(edit["write"].encode())
    elif "write_hex" in edit:
        path.write_bytes(bytes.fromhex(edit["write_hex"]))
    elif "generate" in edit:
        path.write_bytes(GENERATORS[edit["generate"]](data))
    elif "delete" in edit:
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    elif "mkdir" in edit:
        path.unlink(missing_ok=True)
        path.mkdir()
    elif "mkfifo" in edit:
        path.unlink(missing_ok=True)
        os.mkfifo(path)
    elif "symlink_outside" in edit:
        target = outside / path.name
        target.write_text(edit["symlink_outside"], encoding="utf-8")
        path.unlink(missing_ok=True)
        path.symlink_to(target)
    elif "symlink_dir_outside" in edit:
        target = outside / path.name
        shutil.move(path, target)
        path.symlink_to(target, target_is_directory=True)
    elif "git_tag" in edit:
        git = ["git", "-C", str(root), "-c", "user.name=Test", "-c", "user.email=test@example.invalid"]
        for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "release"], ["tag", edit["git_tag"]]):
            subprocess.run([*git, *args], check=True, capture_output=True)
    elif "link_inside" in edit:
        target = root / edit["link_inside"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(path, target)
        path.symlink_to(os.path.relpath(target, path.parent))
    else:  # pragma: no cover - load_case refuses it
        raise AssertionError(edit)


def resolve_line(spec: Any, file: str, root: Path) -> int:
    if isinstance(spec, int):
        return spec
    data = (root / spec.get("file", file)).read_bytes()
    at = _nth(data, spec["of"].encode(), spec.get("occurrence", 1))
    assert at >= 0, f"{file}: {spec['of']!r} does not occur; the case needs updating"
    return data.count(b"\n", 0, at) + 1 + spec.get("offset", 0)


def prepare(case: Case, tmp: Path) -> tuple[Path, Found]:
    """A project copy with the case's edits applied, and the expected diagnostics."""
    root = copy_project(tmp / "project")
    outside = tmp / "outside"
    outside.mkdir()
    for edit in case.edits:
        apply_edit(root, outside, edit)
    expected = {
        (d["file"], resolve_line(d["line"], d["file"], root), d["code"]) for d in case.expect.get("diagnostics", [])
    }
    if case.data.get("root") == "missing":
        root = tmp / "no-such-folder"
    return root, expected
