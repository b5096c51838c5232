"""Loading a whole project: guideline.yml, its schemes and chapters, and bib/."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, SourcePos, has_errors
from ..model import Chapter, GradingScheme, Guideline, Reference
from .bibtex import load_bib
from .schema import Obj, Text
from .source import SourceLoader, _t


@dataclass(frozen=True, slots=True)
class Sources:
    """What source/ holds: guideline.yml (checked), its schemes and chapters."""

    guideline: Obj
    schemes: tuple[GradingScheme, ...]
    chapters: tuple[Chapter, ...]


def load_project(root: Path, diags: list[Diagnostic]) -> Guideline | None:
    """Load ``root``/source and ``root``/bib; None when the checks cannot run.

    The checks compare files with each other: grades against the schemes,
    citations against bib/, see-also links against the chapters. On a
    partial project each missing piece comes back as dozens of false errors
    (every grade "unknown scheme", every entry "cited nowhere"), so the
    loading problems are the whole report when guideline.yml or a scheme has
    an error, a listed chapter cannot be used, or a .bib file cannot be read
    or parsed. Every file is still read, so one run reports all of those.
    """
    first = len(diags)
    sources = load_sources(root, diags)
    if sources is None:
        return None
    bib_dir = root / "bib"
    middle = len(diags)
    references = load_bib(bib_dir, root, diags) if bib_dir.is_dir() else []
    if not _complete(sources, diags[first:middle], diags[middle:]):
        return None
    return assemble(sources, references)


def _complete(sources: Sources, source_diags: list[Diagnostic], bib_diags: list[Diagnostic]) -> bool:
    """Whether the project loaded whole enough to be checked (see load_project)."""
    listed = {t.value for t in sources.guideline.get("chapters", [])}
    if listed - {c.id for c in sources.chapters}:
        return False  # a listed chapter is missing or unusable
    # guideline.yml and the schemes define what everything else is checked against.
    if has_errors(d for d in source_diags
                  if d.pos.file == "source/guideline.yml" or d.pos.file.startswith("source/grading/")):
        return False
    # A duplicate key (GP402) loses nothing; any other BibTeX error loses entries.
    return not has_errors(d for d in bib_diags if d.code != "GP402")


def load_sources(root: Path, diags: list[Diagnostic]) -> Sources | None:
    """The YAML half of loading (``load_bib`` is the BibTeX half); each can be timed alone."""
    source = root / "source"
    if not source.is_dir():
        diags.append(Diagnostic("GP001", f"no 'source' folder in {root}; run guidepress in the project "
                                "folder or pass --root", SourcePos("source", 0, 0)))
        return None
    loader = SourceLoader(root, diags)
    gpath = source / "guideline.yml"
    if not gpath.exists() and not gpath.is_symlink():
        diags.append(Diagnostic("GP001", "source/guideline.yml is missing; it lists the grading schemes "
                                "and chapters", SourcePos("source/guideline.yml", 0, 0)))
        return None
    obj = loader.read_file(gpath, "guideline", "guideline.yml")
    if obj is None:
        return None

    schemes = []
    for text in _unique(obj.get("grading", []), "grading scheme", diags):
        path = source / "grading" / f"{text.value}.yml"
        if not path.exists() and not path.is_symlink():
            diags.append(Diagnostic("GP207", f"grading scheme '{text.value}' has no file "
                                    f"source/grading/{text.value}.yml", text.pos))
            continue
        scheme = loader.scheme(path)
        if scheme is not None:
            schemes.append(scheme)

    chapters = []
    for text in _unique(obj.get("chapters", []), "chapter", diags):
        path = source / "chapters" / f"{text.value}.yml"
        if not path.exists() and not path.is_symlink():
            diags.append(Diagnostic("GP207", f"chapter '{text.value}' has no file "
                                    f"source/chapters/{text.value}.yml", text.pos))
            continue
        chapter = loader.chapter(path)
        if chapter is not None:
            chapters.append(chapter)

    return Sources(obj, tuple(schemes), tuple(chapters))


def assemble(sources: Sources, references: list[Reference]) -> Guideline:
    obj = sources.guideline
    return Guideline(
        id=_t(obj, "id") or "guideline",
        title=_t(obj, "title") or "",
        short_title=_t(obj, "short_title"),
        publisher=_t(obj, "publisher") or "",
        copyright=_t(obj, "copyright"),
        version=_t(obj, "version") or "",
        date=_t(obj, "date"),
        language=_t(obj, "language") or "en",
        website=_t(obj, "website"),
        schemes=sources.schemes,
        chapters=sources.chapters,
        references=tuple(references),
        pos=obj.pos,
    )


def _unique(items: list[Text], what: str, diags: list[Diagnostic]) -> list[Text]:
    seen: dict[str, Text] = {}
    out = []
    for text in items:
        if text.value in seen:
            diags.append(Diagnostic("GP206", f"{what} '{text.value}' is listed twice (first at line "
                                    f"{seen[text.value].pos.line}); remove one", text.pos))
            continue
        seen[text.value] = text
        out.append(text)
    return out
