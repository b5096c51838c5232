"""guidepress benchmark: time every stage on a synthetic guideline.

    python benchmarks/run.py --scale S            # about a minute; run in CI
    python benchmarks/run.py --scale M --stages check,bare,validate
    python benchmarks/run.py --list

Each stage is a function of the shared ``Bench`` state, timed on its own
(best of ``--repeat`` runs for the quick ones). Ratios are computed from
figures measured in the same run, on the same generated files. Results are
printed as a table and written to benchmarks/out/results-<scale>.json.
Stages whose code has not landed yet are reported as "n/a" with the reason.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import importlib
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stdout
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import SCALES, Counts, Scale, generate  # noqa: E402

OUT = HERE / "out"


class Unavailable(Exception):
    """The stage's code is not there (yet); the reason is reported."""


@dataclass
class Bench:
    """State shared by the stages: the generated project and what was built from it."""

    root: Path
    work: Path
    scale: Scale
    counts: Counts
    guideline: Any = None
    pages: dict[str, str] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def files(self, suffix: str) -> list[Path]:
        return [self.root / rel for rel in self.counts.files if rel.endswith(suffix)]


@dataclass
class Result:
    name: str
    label: str
    seconds: float | None = None
    runs: int = 0
    note: str = ""


def timed(fn: Callable[[], Any], repeat: int) -> float:
    """Best wall time of ``repeat`` runs.

    Each run's value is dropped before the next starts: a result kept alive
    would make the collector's passes over the heap (and so every later
    figure) slower. Stages keep what later stages need on ``Bench``.
    """
    best = float("inf")
    for _ in range(max(1, repeat)):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


# -- stages ------------------------------------------------------------------
# Each returns a zero-argument callable to time (so set-up stays out of the
# figure), or raises Unavailable.


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

    _need_model(b)
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
    run_diff = _optional("guidepress.commands.diff", "run_diff")
    other = _release(b)

    def run() -> Any:
        with _silence_stdout():
            code = run_diff(str(b.root), str(other), b.root, "json")
        if code != 1:
            raise RuntimeError(f"guidepress diff exited {code}, not 1 (changes)")

    return run


def stage_export(b: Bench) -> Callable[[], Any]:
    """guidepress: guideline.json + references.json (CSL-JSON) + schema, as bytes."""
    from guidepress.render.export import export_files

    _need_model(b)
    return lambda: export_files(b.guideline)


def stage_citations(b: Bench) -> Callable[[], Any]:
    """guidepress: every work of the bibliography formatted as the pages print it, once each (no cache)."""
    formatter = _optional("guidepress.render.citations", "Citations")
    _need_model(b)
    g = b.guideline

    def run() -> Any:
        cite = formatter(g.citation_style)  # a new formatter remembers no work
        return [cite(ref).html for ref in g.references]

    return run


def stage_citations_warm(b: Bench) -> Callable[[], Any]:
    """guidepress: the same works read back from the project's cache, as the next build reads them."""
    formatter = _optional("guidepress.render.citations", "Citations")
    from guidepress.cache import Cache

    _need_model(b)
    g = b.guideline
    folder = b.work / "citations-cache"
    formatter(g.citation_style).prepare(g.references, Cache(folder, enabled=True))  # fills it; not timed

    def run() -> Any:
        cite = formatter(g.citation_style)
        cite.prepare(g.references, Cache(folder, enabled=True))
        return [cite(ref).html for ref in g.references]

    return run


def _as_in_a_new_process() -> None:
    """Forget the works formatted so far: a build process formats each work once, and the
    stages that time a build should pay for that as a build does."""
    formatter_for = _optional("guidepress.render.citations", "formatter_for")
    formatter_for.cache_clear()


def stage_pages(b: Bench) -> Callable[[], Any]:
    """guidepress: the model as Markdown pages (render/pages.py), in memory."""
    site_pages = _optional("guidepress.render.pages", "site_pages")
    _need_model(b)
    downloads = _downloads(b)

    def run() -> Any:
        _as_in_a_new_process()
        b.pages = site_pages(b.guideline, b.root, downloads)

    return run


def stage_mkdocs_plain(b: Bench) -> Callable[[], Any]:
    """Plain `mkdocs build` (no guidepress plugin) of the same generated pages, assets and downloads."""
    if b.pages is None:
        stage_pages(b)()
    assert b.pages is not None
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    proj = b.work / "plain-mkdocs"
    shutil.rmtree(proj, ignore_errors=True)
    docs = proj / "docs"
    config = _plain_mkdocs_config(b)
    assets = b.root / config.pop("docs_dir", "docs")
    if assets.is_dir():
        shutil.copytree(assets, docs)
    files: dict[str, bytes] = {rel: text.encode("utf-8") for rel, text in b.pages.items()}
    files.update(_downloads(b))
    for rel, data in files.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    config["docs_dir"] = "docs"
    config_file = proj / "mkdocs.yml"
    import yaml

    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

    def run() -> Any:
        with _quiet_mkdocs():
            build(load_config(str(config_file), site_dir=str(proj / "site")))

    return run


def stage_site(b: Bench) -> Callable[[], Any]:
    """guidepress: the web site (pages + MkDocs with the guidepress plugin) from the checked model,
    as every build after the first makes it: the formatted references in the project's cache."""
    return _site_stage(b, cold=False)


def stage_site_cold(b: Bench) -> Callable[[], Any]:
    """The same, as a project's first build makes it: every reference formatted by citeproc-py."""
    return _site_stage(b, cold=True)


def _site_stage(b: Bench, *, cold: bool) -> Callable[[], Any]:
    build_site = _optional("guidepress.render.site", "build_site")
    from guidepress.cache import Cache

    _need_model(b)
    downloads = _downloads(b)
    out = b.work / "gp-site"
    settings = _settings(b, cards=False)

    def run() -> Any:
        shutil.rmtree(out, ignore_errors=True)
        if cold:
            Cache(settings.root, enabled=True).clear()
        _as_in_a_new_process()
        with _quiet_mkdocs():
            build_site(settings, out, b.guideline, downloads)
        # What a reader's first search downloads (issue 18: it must stay small at M and L).
        index = (out / "search" / "search_index.json").read_bytes()
        b.extra["search_index_kb"] = len(index) / 1024
        b.extra["search_index_gzipped_kb"] = len(gzip.compress(index, mtime=0)) / 1024

    if not cold:
        # The plugin keeps the references in the project's cache: a first build fills it, not timed.
        run()
    return run


def _build_stage(b: Bench, cards: bool) -> Callable[[], Any]:
    run_build = _optional("guidepress.commands.build", "run_build")
    from guidepress.phases import check

    out = b.work / ("build-cards" if cards else "build")

    def run() -> Any:
        # What `guidepress build` does after parsing its arguments.
        settings = _settings(b, cards=cards, out=out)
        _as_in_a_new_process()
        result = check(b.root)
        with _quiet_mkdocs(), _silence_stdout():
            code = run_build(settings, result)
        if code != 0:
            raise RuntimeError(f"guidepress build exited {code}")

    return run


def stage_build(b: Bench) -> Callable[[], Any]:
    """guidepress build --no-cards: check, export, web site, swapped into place."""
    return _build_stage(b, cards=False)


def stage_build_full(b: Bench) -> Callable[[], Any]:
    """guidepress build: check, export, cards, web site."""
    return _build_stage(b, cards=True)


def stage_rebuild(b: Bench) -> Callable[[], Any]:
    """guidepress build again with no source change (cards and export from the cache, once wired)."""
    fn = _build_stage(b, cards=True)
    if not (b.work / "build-cards").exists():
        fn()  # a first build to fill the cache; not timed
    return fn


def stage_cards(b: Bench) -> Callable[[], Any]:
    """guidepress: every pocket card set (one PDF per chapter + the whole guideline), on every core."""
    render_cards = _optional("guidepress.render.cards", "render_cards")
    _need_model(b)
    return lambda: render_cards(b.guideline, site_url=None, size="a6")


def stage_cards_single(b: Bench) -> Callable[[], Any]:
    """One WeasyPrint call over the whole guideline's card HTML, for comparison with the cards stage."""
    card_set_html = _optional("guidepress.render.cards", "card_set_html")
    html_to_pdfs = _optional("guidepress.render.cards", "html_to_pdfs")
    _need_model(b)
    html = card_set_html(b.guideline, list(b.guideline.chapters), site_url=None, size="a6")
    return lambda: html_to_pdfs(html, ["benchmark"])


def stage_memory_check(b: Bench) -> Callable[[], Any]:
    """Peak resident memory of `guidepress check` in a child process (ru_maxrss)."""

    def run() -> Any:
        b.extra["check_maxrss_mb"] = child_maxrss_mb(
            [sys.executable, "-m", "guidepress", "check", "--root", str(b.root)]
        )

    return run


def _preview_session(b: Bench, dirty: bool) -> Any:
    Session = _optional("guidepress.preview", "Session")
    key = f"preview-{dirty}"
    if key not in b.extra:
        session = Session(b.root / "mkdocs.yml", b.work / f"preview-{'dirty' if dirty else 'full'}", dirty=dirty)
        with _quiet_mkdocs(40):
            session.build()  # the first build when serve starts; timed by preview_first
        b.extra[key] = session
    return b.extra[key]


def _edit_one_recommendation(b: Bench) -> None:
    """Change the text of one recommendation in the middle chapter, differently each time."""
    chapters = sorted((b.root / "source" / "chapters").glob("*.yml"))
    path = chapters[len(chapters) // 2]
    text = path.read_text(encoding="utf-8")
    n = b.extra.get("edits", 0) + 1
    b.extra["edits"] = n
    marker = "(benchmark edit "
    start = text.index("text: ") + len("text: ")
    end = text.index("\n", start)
    line = text[start:end]
    if marker in line:
        line = line[: line.index(marker)].rstrip()
    path.write_text(text[:start] + f"{line} {marker}{n})" + text[end:], encoding="utf-8")


def stage_preview_first(b: Bench) -> Callable[[], Any]:
    """guidepress serve's first build (every page), in a fresh session."""
    Session = _optional("guidepress.preview", "Session")

    def run() -> Any:
        out = b.work / "preview-first"
        shutil.rmtree(out, ignore_errors=True)
        _as_in_a_new_process()
        with _quiet_mkdocs(40):
            Session(b.root / "mkdocs.yml", out).build()

    return run


def _preview_edit(b: Bench, dirty: bool) -> Callable[[], Any]:
    session = _preview_session(b, dirty=dirty)

    def run() -> Any:
        _edit_one_recommendation(b)
        with _quiet_mkdocs(40):
            session.build()

    return run


def stage_preview_edit(b: Bench) -> Callable[[], Any]:
    """guidepress serve: the rebuild after one recommendation is edited (dirty build: its page only)."""
    return _preview_edit(b, dirty=True)


def stage_preview_edit_full(b: Bench) -> Callable[[], Any]:
    """The same edit with every page rebuilt (mkdocs serve without --dirty, guidepress serve --full-rebuilds)."""
    return _preview_edit(b, dirty=False)


@dataclass(frozen=True)
class Stage:
    fn: Callable[[Bench], Callable[[], Any]]
    label: str
    quick: bool = True  # repeated --repeat times; slow stages run once


STAGES: dict[str, Stage] = {
    "bare_yaml": Stage(stage_bare_yaml, "bare parse: yaml.compose (CSafeLoader)"),
    "bare_yaml_load": Stage(stage_bare_yaml_load, "bare parse: yaml.load (CSafeLoader)"),
    "bare_bib": Stage(stage_bare_bib, "bare parse: bibtexparser.parse_string"),
    "load_yaml": Stage(stage_load_yaml, "load YAML (source/ -> model)"),
    "load_bib": Stage(stage_load_bib, "load BibTeX (bib/ -> references)"),
    "check": Stage(stage_check, "guidepress check (load + validate)"),
    "check_serial": Stage(stage_check_serial, "guidepress check, one process (no fork)"),
    "validate": Stage(stage_validate, "validate (all rules)"),
    "diff": Stage(stage_diff, "guidepress diff of two source folders (load of both, compare, report)"),
    "export": Stage(stage_export, "export (JSON + CSL-JSON)"),
    "citations": Stage(stage_citations, "format every work (references), no cache"),
    "citations_warm": Stage(stage_citations_warm, "every work's formatted reference from the cache"),
    "pages": Stage(stage_pages, "render pages (model -> Markdown)"),
    "mkdocs_plain": Stage(stage_mkdocs_plain, "plain mkdocs build of the same pages", quick=False),
    "site": Stage(stage_site, "guidepress site build (MkDocs + plugin), references cached", quick=False),
    "site_cold": Stage(stage_site_cold, "the same, references not cached (a first build)", quick=False),
    "build": Stage(stage_build, "guidepress build --no-cards (end to end)", quick=False),
    "cards": Stage(stage_cards, "cards (one PDF per chapter + whole, all cores)", quick=False),
    "cards_single": Stage(stage_cards_single, "one WeasyPrint call over the whole card HTML", quick=False),
    "build_full": Stage(stage_build_full, "guidepress build (with cards, end to end)", quick=False),
    "rebuild": Stage(stage_rebuild, "guidepress build again, no source change", quick=False),
    "memory": Stage(stage_memory_check, "peak memory of `guidepress check` (child)", quick=False),
    # Last: these edit the generated source (one recommendation's text).
    "preview_first": Stage(stage_preview_first, "guidepress serve: first build", quick=False),
    "preview_edit": Stage(stage_preview_edit, "guidepress serve: rebuild after editing one recommendation"),
    "preview_edit_full": Stage(stage_preview_edit_full, "the same, every page rebuilt (mkdocs serve)", quick=False),
}
# Groups accepted by --stages besides single names.
GROUPS = {
    "bare": ["bare_yaml", "bare_yaml_load", "bare_bib"],
    "load": ["load_yaml", "load_bib"],
    "check": ["check", "check_serial"],
    "site": ["citations", "citations_warm", "pages", "mkdocs_plain", "site", "site_cold", "build"],
    "cards": ["cards", "cards_single"],
    "rebuild": ["build_full", "rebuild"],
    "preview": ["preview_first", "preview_edit", "preview_edit_full"],
}


# -- ratios ------------------------------------------------------------------


@dataclass(frozen=True)
class Ratio:
    name: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    target: str
    limit: float
    higher_is_better: bool = False


RATIOS = (
    Ratio("check ÷ bare parsing (yaml.compose + bibtexparser)", ("check",), ("bare_yaml", "bare_bib"), "≤ 1.3", 1.3),
    Ratio(
        "check in one process ÷ bare parsing",
        ("check_serial",),
        ("bare_yaml", "bare_bib"),
        "(for reference)",
        float("inf"),
    ),
    Ratio("diff of two source folders ÷ check of one", ("diff",), ("check",), "< 1 at M", 1.0),
    Ratio("site build ÷ plain mkdocs build", ("site",), ("mkdocs_plain",), "≤ 1.15", 1.15),
    Ratio(
        "first site build (references not cached) ÷ plain mkdocs build",
        ("site_cold",),
        ("mkdocs_plain",),
        "(for reference)",
        float("inf"),
    ),
    Ratio("cards (all cores) ÷ one WeasyPrint call", ("cards",), ("cards_single",), "≤ 0.6", 0.6),
    Ratio("full build ÷ rebuild with no change", ("build_full",), ("rebuild",), "≥ 10", 10.0, higher_is_better=True),
    # An absolute target (seconds): no denominator.
    Ratio("preview after editing one recommendation (s)", ("preview_edit",), (), "< 1 s at M", 1.0),
    Ratio(
        "whole preview rebuild ÷ one-page preview rebuild",
        ("preview_edit_full",),
        ("preview_edit",),
        "(for reference)",
        float("inf"),
    ),
)


def ratios(results: dict[str, Result]) -> list[dict[str, Any]]:
    out = []
    for r in RATIOS:
        parts = [results.get(n) for n in r.numerator + r.denominator]
        if any(p is None or p.seconds is None for p in parts):
            continue
        num = sum(results[n].seconds or 0.0 for n in r.numerator)
        den = sum(results[n].seconds or 0.0 for n in r.denominator) if r.denominator else 1.0
        value = num / den if den else float("inf")
        ok: bool | None = value >= r.limit if r.higher_is_better else value <= r.limit
        if r.limit == float("inf"):
            ok = None  # shown for reference, no target
        out.append({"name": r.name, "value": round(value, 3), "target": r.target, "met": ok})
    return out


# -- helpers -----------------------------------------------------------------


def _optional(module: str, name: str) -> Any:
    try:
        mod = importlib.import_module(module)
    except ImportError as exc:
        raise Unavailable(f"{module} not importable ({exc})") from None
    fn = getattr(mod, name, None)
    if fn is None:
        raise Unavailable(f"{module}.{name} does not exist yet")
    return fn


def _need_model(b: Bench) -> None:
    if b.guideline is None:
        stage_check(b)()


def _downloads(b: Bench) -> dict[str, bytes]:
    """The files a build publishes next to the pages (the export; cards are timed on their own)."""
    if "downloads" not in b.extra:
        from guidepress.render.export import export_files

        b.extra["downloads"] = export_files(b.guideline)
    return b.extra["downloads"]


def _settings(b: Bench, *, cards: bool, out: Path | None = None) -> Any:
    """The settings `guidepress build` would use for the benchmark project."""
    load_settings = _optional("guidepress.settings", "load_settings")
    settings, problems = load_settings(b.root, out=out, cards=cards)
    if settings is None:
        raise RuntimeError("; ".join(d.as_text() for d in problems))
    return settings


def _plain_mkdocs_config(b: Bench) -> dict[str, Any]:
    """The project's mkdocs.yml without the guidepress plugin, with the settings the plugin applies."""
    from guidepress.messages import messages_for_source
    from guidepress.mkdocs_config import config_data, without_guidepress
    from guidepress.render.pages import site_nav
    from guidepress.render.site_config import apply_model_settings

    cfg = config_data(b.root, b.root / "mkdocs.yml")
    cfg["plugins"] = without_guidepress(cfg.get("plugins"))
    cfg.pop("site_dir", None)
    theme = cfg.get("theme")
    if isinstance(theme, dict):
        theme = cfg["theme"] = dict(theme)
        if theme.get("custom_dir"):
            theme["custom_dir"] = str((b.root / theme["custom_dir"]).resolve())
    words = messages_for_source()
    apply_model_settings(cfg, b.guideline, site_nav(b.guideline, words), words)
    return cfg


@contextmanager
def _quiet_mkdocs(threshold: int = 30) -> Iterator[None]:
    """MkDocs logs INFO lines per build; the benchmark prints its own table.
    (The preview stages pass 40: every dirty build warns that it is one.)"""
    import logging

    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(threshold)
    try:
        yield
    finally:
        logger.setLevel(level)


@contextmanager
def _silence_stdout() -> Iterator[None]:
    with open(os.devnull, "w") as devnull, redirect_stdout(devnull):
        yield


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


def quiet() -> bool:
    """No progress bars in CI or when output is not a terminal."""
    return bool(os.environ.get("CI")) or not sys.stderr.isatty()


def select(spec: str | None) -> list[str]:
    if not spec or spec == "all":
        return list(STAGES)
    names: list[str] = []
    for part in spec.split(","):
        part = part.strip()
        for name in GROUPS.get(part, [part]):
            if name not in STAGES:
                raise SystemExit(f"unknown stage '{name}'; see --list")
            if name not in names:
                names.append(name)
    return names


# -- running and reporting ---------------------------------------------------


def run(
    scale: Scale,
    stage_names: list[str],
    *,
    seed: int,
    repeat: int,
    keep: Path | None,
    fail_fast: bool = False,
    save: Path | None = None,
) -> dict[str, Any]:
    """Generate the project, time ``stage_names`` in order, return the results.

    With ``save``, the results so far are written there after every stage
    (``"complete": false`` until the last), so a long run stopped half-way
    keeps what it measured.
    """
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    work = Path(tempfile.mkdtemp(prefix=f"guidepress-bench-{scale.name}-"))
    root = keep or work / "project"
    results: dict[str, Result] = {}
    try:
        t0 = time.perf_counter()
        counts = generate(root, scale, seed)
        gen_seconds = time.perf_counter() - t0
        bench = Bench(root, work, scale, counts)
        # auto_refresh=False: no refresh thread, which would also stop `check` from
        # forking (load/background.py forks only a single-threaded process).
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            disable=quiet(),
            transient=True,
            auto_refresh=False,
        ) as progress:
            task = progress.add_task(f"scale {scale.name}", total=len(stage_names))
            for i, name in enumerate(stage_names):
                stage = STAGES[name]
                progress.update(task, description=f"scale {scale.name}: {name}", refresh=True)
                res = Result(name, stage.label)
                try:
                    fn = stage.fn(bench)
                    res.runs = repeat if stage.quick else 1
                    res.seconds = timed(fn, res.runs)
                except Unavailable as exc:
                    res.note = f"n/a: {exc}"
                except Exception as exc:  # a failing stage is a finding; the other stages still run
                    res.note = f"failed: {type(exc).__name__}: {str(exc).splitlines()[0][:120] if str(exc) else ''}"
                    if fail_fast:
                        raise
                results[name] = res
                if save is not None:
                    write_json(save, summary(bench, seed, gen_seconds, results, complete=i == len(stage_names) - 1))
                progress.advance(task)
                progress.refresh()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return summary(bench, seed, gen_seconds, results, complete=True)


def summary(
    bench: Bench, seed: int, gen_seconds: float, results: dict[str, Result], *, complete: bool
) -> dict[str, Any]:
    return {
        "scale": asdict(bench.scale),
        "seed": seed,
        "complete": complete,
        "generated": {k: v for k, v in asdict(bench.counts).items() if k != "files"}
        | {"files": len(bench.counts.files)},
        "generate_seconds": round(gen_seconds, 3),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "maxrss_self_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "load_average": [round(x, 2) for x in os.getloadavg()],
        },
        "stages": {n: asdict(r) for n, r in results.items()},
        "ratios": ratios(results),
        "memory": {k: round(v, 1) for k, v in bench.extra.items() if k.endswith("_mb")},
        "sizes": {k: round(v, 1) for k, v in bench.extra.items() if k.endswith("_kb")},
    }


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")
    tmp.replace(path)


def print_report(data: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    scale = data["scale"]
    gen = data["generated"]
    title = (
        f"guidepress benchmark, scale {scale['name']}: {gen['chapters']} chapters, "
        f"{gen['recommendations']} recommendations, {gen['references']} references "
        f"({(gen['yaml_bytes'] + gen['bib_bytes']) / 1e6:.1f} MB source)"
    )
    table = Table(title=title, title_justify="left")
    table.add_column("stage")
    table.add_column("what")
    table.add_column("seconds", justify="right")
    table.add_column("note")
    for name, r in data["stages"].items():
        secs = f"{r['seconds']:.3f}" if r["seconds"] is not None else "–"
        note = r["note"] or (f"best of {r['runs']}" if r["runs"] > 1 else "")
        table.add_row(name, r["label"], secs, note)
    console.print(table)
    if data["ratios"]:
        rt = Table(title="ratios (same run)", title_justify="left")
        rt.add_column("ratio")
        rt.add_column("value", justify="right")
        rt.add_column("target")
        rt.add_column("met")
        for r in data["ratios"]:
            rt.add_row(r["name"], f"{r['value']:.2f}", r["target"], {True: "yes", False: "NO", None: ""}[r["met"]])
        console.print(rt)
    for k, v in data["memory"].items():
        console.print(f"peak memory {k.removesuffix('_mb')}: {v:.0f} MB")
    for k, v in data.get("sizes", {}).items():
        console.print(f"{k.removesuffix('_kb').replace('_', ' ')}: {v:,.0f} kB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="S")
    parser.add_argument(
        "--stages",
        default="all",
        help="comma-separated stage names or groups (" + ", ".join(GROUPS) + "); default: all",
    )
    parser.add_argument(
        "--repeat", type=int, default=None, help="runs of each quick stage, best kept (default 5 at S and M, 1 at L)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, default=None, help="generate the project here and keep it")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for results-<scale>.json")
    parser.add_argument("--list", action="store_true", help="list the stages and exit")
    parser.add_argument("--fail-fast", action="store_true", help="stop at the first failing stage (CI)")
    parser.add_argument(
        "--show",
        type=Path,
        default=None,
        metavar="JSON",
        help="print the table of a saved results file (also a partial one) and exit",
    )
    args = parser.parse_args(argv)
    if args.show:
        print_report(json.loads(args.show.read_text("utf-8")))
        return 0
    if args.list:
        for name, stage in STAGES.items():
            print(f"{name:15} {stage.label}")
        for group, names in GROUPS.items():
            print(f"{group:15} group: {', '.join(names)}")
        return 0
    scale = SCALES[args.scale]
    repeat = args.repeat or (1 if scale.name == "L" else 5)
    path = args.out / f"results-{scale.name}.json"
    data = run(
        scale, select(args.stages), seed=args.seed, repeat=repeat, keep=args.keep, fail_fast=args.fail_fast, save=path
    )
    write_json(path, data)
    print_report(data)
    print(f"results: {path}")
    failed = [n for n, r in data["stages"].items() if r["note"].startswith("failed")]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
