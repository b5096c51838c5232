"""`guidepress new DIR --scheme PRESET`: a project that checks and builds at once.

It writes ``source/guideline.yml``, the preset's scheme files in
``source/grading/``, one example chapter with an example statement graded
with the preset's codes (and, when the preset declares a kind of statement
without grades, one statement of that kind), one example BibTeX entry that
statement cites, and a README for the board. Everything but the scheme
files is artificial placeholder text, marked as such; it comes from
``resources/new-project/`` (package data), so no wording is in this module.
No templates and no mkdocs.yml are written: guidepress' own serve until the
board overrides a file.

DIR must be new or empty. The project is written into a staging folder next
to it and moved into place whole, so a failure leaves no half project.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import jinja2

from .. import presets
from ..diagnostics import Diagnostic
from ..load.source import SourceLoader
from ..model import GradingScheme, Kind
from ..outputs import write_files

SKELETON = ("resources", "new-project")
_SLUG = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")


def run_new(target: Path, preset_name: str) -> int:
    """Write the project into ``target``; 2 when ``target`` is not a new or empty folder."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        print(
            f"guidepress: {target} is not an empty folder; guidepress new writes a project only into a new "
            "or empty folder (choose another DIR)",
            file=sys.stderr,
        )
        return 2
    target.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        preset = presets.load(preset_name)
        write_files(stage, {f"source/{rel}": text.encode("utf-8") for rel, text in preset.files.items()})
        loader = SourceLoader(stage)
        schemes: list[GradingScheme] = []
        diags: list[Diagnostic] = []
        for rel in preset.files:
            scheme, problems = loader.scheme(stage / "source" / rel)
            diags += problems
            if scheme is not None:
                schemes.append(scheme)
        if diags:
            raise presets.PresetError("; ".join(d.as_text() for d in diags))
        write_files(stage, skeleton_files(preset, schemes))
        if target.exists():
            target.rmdir()
        os.replace(stage, target)
    except presets.PresetError as exc:  # a preset shipped broken: say which, write nothing
        print(f"guidepress: scheme preset '{preset_name}' cannot be used: {exc}", file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    written = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    print(f"wrote {target} ({preset.title}): {', '.join(written)}")
    print(
        f"next: replace the example content, then guidepress check --root {target} and guidepress build --root {target}"
    )
    return 0


def example_grades(schemes: list[GradingScheme]) -> list[tuple[str, str]]:
    """(scheme id, code) for the example statement: each scheme that grades any statement, with its
    strongest code (which every consistency rule allows, since each asks for a code at least so strong)."""
    return [(s.id, s.codes[0].code) for s in schemes if s.applies_to is None and s.codes]


def ungraded_kind(schemes: list[GradingScheme]) -> Kind | None:
    """The first kind of statement without grades the schemes declare, for a second example."""
    return next((k for s in schemes for k in s.kinds if not k.graded), None)


def skeleton_files(preset: presets.Preset, schemes: list[GradingScheme]) -> dict[str, bytes]:
    """Path in the project -> content of every file of ``resources/new-project/`` (``.j2`` rendered)."""
    env = jinja2.Environment(
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["yaml"] = _yaml_text
    context = {"preset": preset, "schemes": schemes, "grades": example_grades(schemes), "kind": ungraded_kind(schemes)}
    files: dict[str, bytes] = {}
    for rel, item in _walk(resources.files("guidepress").joinpath(*SKELETON)):
        if rel.endswith(".j2"):
            files[rel.removesuffix(".j2")] = env.from_string(item.read_text("utf-8")).render(context).encode("utf-8")
        else:
            files[rel] = item.read_bytes()
    return files


def _yaml_text(value: object) -> str:
    """A YAML scalar that reads back as exactly this text: a slug as it is, anything else quoted
    (JSON's quoted strings are YAML's too)."""
    text = str(value)
    return text if _SLUG.fullmatch(text) else json.dumps(text, ensure_ascii=False)


def _walk(folder: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    found: list[tuple[str, Traversable]] = []
    for item in sorted(folder.iterdir(), key=lambda i: i.name):
        if item.is_dir():
            found += _walk(item, f"{prefix}{item.name}/")
        elif item.is_file():
            found.append((prefix + item.name, item))
    return found
