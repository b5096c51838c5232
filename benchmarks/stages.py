"""The benchmark's stages by name, in the order a run times them, and the groups --stages accepts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from check_stages import (
    stage_bare_bib,
    stage_bare_yaml,
    stage_bare_yaml_load,
    stage_check,
    stage_check_serial,
    stage_diff,
    stage_export,
    stage_load_bib,
    stage_load_yaml,
    stage_memory_check,
    stage_validate,
)
from harness import Bench
from preview_stages import stage_preview_edit, stage_preview_edit_full, stage_preview_first
from site_stages import (
    stage_build,
    stage_build_full,
    stage_cards,
    stage_cards_single,
    stage_citations,
    stage_citations_warm,
    stage_mkdocs_plain,
    stage_pages,
    stage_rebuild,
    stage_site,
    stage_site_cold,
)


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
