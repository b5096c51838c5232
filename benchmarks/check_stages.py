"""The benchmark's stages up to a checked model: bare parsing for comparison, loading, check,
validation, diff, export and the peak memory of `guidepress check`.

Each stage returns a zero-argument callable to time (so set-up stays out of the figure), or
raises Unavailable."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harness import Bench, optional, silence_stdout


def stage_bare_yaml(b: Bench) -> Callable[[], Any]:
    """PyYAML's C composer over the same YAML files, no checks (the floor for loading)."""
    import yaml

    texts = [p.read_text("utf-8") for p in b.files(".yml")]

    def run() -> int:
        return sum(1 for t in texts if yaml.compose(t, Loader=yaml.CSafeLoader) is not None)

    return run


def stage_bare_yaml_load(b: Bench) -> Callable[[], Any]:
    """yaml.load with CSafeLoader (compose + construct) over the same files, for reference."""
    import yaml

    texts = [p.read_text("utf-8") for p in b.files(".yml")]

    def run() -> int:
        return sum(1 for t in texts if yaml.load(t, Loader=yaml.CSafeLoader) is not None)

    return run


def stage_bare_bib(b: Bench) -> Callable[[], Any]:
    """bibtexparser.parse_string over the same BibTeX files, no checks."""
    import bibtexparser

    texts = [p.read_text("utf-8") for p in b.files(".bib")]

    def run() -> int:
        return sum(len(bibtexparser.parse_string(t).entries) for t in texts)

    return run


def stage_load_yaml(b: Bench) -> Callable[[], Any]:
    """guidepress: read, parse and type-check source/*.yml into model chapters."""
    from guidepress.load.guideline import load_sources

    def run() -> Any:
        return load_sources(b.root)

    return run


def stage_load_bib(b: Bench) -> Callable[[], Any]:
    """guidepress: read bib/*.bib into model references."""
    from guidepress.load.bibtex import load_bib

    def run() -> Any:
        return load_bib(b.root / "bib", b.root)

    return run


def stage_check(b: Bench) -> Callable[[], Any]:
    """guidepress check, in process: load YAML + BibTeX, build the model, run every rule."""
    from guidepress.phases import check

    def run() -> Any:
        result = check(b.root)
        errors = [d for d in result.diagnostics if d.severity.value == "error"]
        if errors:
            raise RuntimeError("generated project does not pass check:\n" + "\n".join(d.as_text() for d in errors[:10]))
        b.guideline = result.guideline
        return result

    return run


def stage_check_serial(b: Bench) -> Callable[[], Any]:
    """guidepress check with every file read in this one process (no forked BibTeX parsing)."""
    from guidepress.load import guideline as loader
    from guidepress.phases import check

    def run() -> Any:
        saved = loader.PARALLEL_BIB_BYTES
        loader.PARALLEL_BIB_BYTES = 1 << 62
        try:
            check(b.root)
        finally:
            loader.PARALLEL_BIB_BYTES = saved

    return run


def stage_validate(b: Bench) -> Callable[[], Any]:
    """guidepress: every validation rule over the loaded model."""
    from guidepress.phases import validate

    need_model(b)
    return lambda: validate(b.guideline)


def _release(b: Bench) -> Path:
    """A copy of the project with a year's edits: the version, a statement in
    each of three chapters, one reference's title (the other files unchanged)."""
    dest = b.work / "release"
    if not dest.exists():
        for part in ("source", "bib"):
            shutil.copytree(b.root / part, dest / part)
        _replace_first(dest / "source" / "guideline.yml", "version: ", "version: next-")
        chapters = sorted((dest / "source" / "chapters").glob("*.yml"))
        for path in {chapters[0], chapters[len(chapters) // 2], chapters[-1]}:
            _replace_first(path, "        text: ", "        text: Revised ")
        _replace_first(sorted((dest / "bib").glob("*.bib"))[0], "title = {", "title = {Revised: ")
    return dest


def _replace_first(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise RuntimeError(f"{path.name} has no {old!r} to edit")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def stage_diff(b: Bench) -> Callable[[], Any]:
    """guidepress diff of two source folders (the project and a copy with a release's edits), JSON report."""
    run_diff = optional("guidepress.commands.diff", "run_diff")
    other = _release(b)

    def run() -> Any:
        with silence_stdout():
            code = run_diff(str(b.root), str(other), b.root, "json")
        if code != 1:
            raise RuntimeError(f"guidepress diff exited {code}, not 1 (changes)")

    return run


def stage_export(b: Bench) -> Callable[[], Any]:
    """guidepress: guideline.json + references.json (CSL-JSON) + schema, as bytes."""
    from guidepress.render.export import export_files

    need_model(b)
    return lambda: export_files(b.guideline)


def stage_memory_check(b: Bench) -> Callable[[], Any]:
    """Peak resident memory of `guidepress check` in a child process (ru_maxrss)."""

    def run() -> Any:
        b.extra["check_maxrss_mb"] = child_maxrss_mb(
            [sys.executable, "-m", "guidepress", "check", "--root", str(b.root)]
        )

    return run


def need_model(b: Bench) -> None:
    if b.guideline is None:
        stage_check(b)()


_MAXRSS_LAUNCHER = """
import os, subprocess, sys
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(proc.pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


def child_maxrss_mb(cmd: list[str]) -> float:
    """Peak resident set size of ``cmd`` in MB.

    A child's ru_maxrss counts the parent's pages it was forked with (Linux
    keeps the high-water mark across exec), so the command is started from
    a small launcher process, not from this one, which has grown.
    """
    out = subprocess.run(
        [sys.executable, "-c", _MAXRSS_LAUNCHER, *cmd], check=True, capture_output=True, text=True
    ).stdout.split()
    code, maxrss_kb = int(out[0]), int(out[1])
    if code not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)} exited {code}")
    return maxrss_kb / 1024
