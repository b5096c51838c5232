"""Loading a whole project: guideline.yml, its schemes and chapters, and bib/."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, SourcePos, has_errors
from ..model import Chapter, CitationStyle, GradeFormat, GradingScheme, Guideline, Reference
from .background import Forked, can_fork
from .bibtex import bib_files, merge_bib, read_bib_files
from .citestyle import read_citation_style
from .codes import DUPLICATE_BIB_KEY, FILE_MISSING, INVALID_VALUE, LISTED_TWICE, MISSING, UNLISTED_CHAPTER
from .files import folder_problem
from .memo import FileMemo
from .schema import DATE, Obj, Text
from .source import SourceLoader, _t, _texts, kinds


@dataclass(frozen=True, slots=True)
class Sources:
    """What source/ holds: guideline.yml (checked), its schemes and chapters,
    and the citation style it names."""

    guideline: Obj
    schemes: tuple[GradingScheme, ...]
    chapters: tuple[Chapter, ...]
    citation_style: CitationStyle


def load_project(root: Path, memo: FileMemo | None = None) -> tuple[Guideline | None, list[Diagnostic]]:
    """Load ``root``/source and ``root``/bib: the guideline (None when the
    checks cannot run) and every loading problem.

    The checks compare files with each other: grades against the schemes,
    citations against bib/, see-also links against the chapters. On a
    partial project each missing piece comes back as dozens of false errors
    (every grade "unknown scheme", every entry "cited nowhere"), so the
    loading problems are the whole report when guideline.yml or a scheme has
    an error, a listed chapter cannot be used, or a .bib file cannot be read
    or parsed. Every file is still read, so one run reports all of those.

    A ``memo`` (the live preview's) skips parsing files whose text has not
    changed since it last saw them; the result is the same.
    """
    unreadable = [d for d in (folder_problem(root / f, root) for f in READ_FOLDERS) if d is not None]
    if unreadable:
        return None, unreadable
    with _collector_paused():
        # On a large project part of bib/ is parsed in a forked child while
        # the YAML is read here (load/background.py); the result is the same.
        ahead, here = _split_bib(root) if memo is None else ([], bib_files(root / "bib"))
        job = Forked(read_bib_files, ahead, root) if ahead else None
        sources, source_diags = load_sources(root, memo)
        if sources is None:
            if job:
                job.cancel()
            return None, source_diags
        mine = read_bib_files(here, root, memo)  # before waiting for the child's share
        parsed = (job.result() if job else []) + mine
        references, bib_diags = merge_bib(parsed)
    diags = source_diags + bib_diags
    if not _complete(sources, source_diags, bib_diags):
        return None, diags
    return assemble(sources, references), diags


#: The folders whose files are read: one that cannot be listed would look empty.
READ_FOLDERS = ("source", "source/grading", "source/chapters", "bib")
# Below this much BibTeX a fork costs more than it saves (the default chapter has 0.1 MB).
PARALLEL_BIB_BYTES = 400_000


def _split_bib(root: Path) -> tuple[list[Path], list[Path]]:
    """The .bib files to parse in a child (the first ones) and here (the rest).

    Parsing costs about the same per byte in YAML and BibTeX, so the child
    takes BibTeX worth half of all the source bytes, and this process reads
    the YAML and whatever BibTeX is left.
    """
    paths = bib_files(root / "bib")
    if not paths or not can_fork():
        return [], paths
    sizes = [_size(p) for p in paths]
    if sum(sizes) < PARALLEL_BIB_BYTES:
        return [], paths
    share = (sum(sizes) + sum(_size(p) for p in (root / "source").rglob("*.yml"))) / 2
    taken = n = 0
    while n < len(paths) and taken + sizes[n] / 2 <= share:
        taken += sizes[n]
        n += 1
    return paths[:n], paths[n:]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Loading creates some 10^5 objects that all stay alive (the model), and no
    cycles: the cyclic collector's passes over them would find nothing to free."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _complete(sources: Sources, source_diags: list[Diagnostic], bib_diags: list[Diagnostic]) -> bool:
    """Whether the project loaded whole enough to be checked (see load_project)."""
    listed = {t.value for t in sources.guideline.get("chapters", [])}
    if listed - {c.id for c in sources.chapters}:
        return False  # a listed chapter is missing or unusable
    # guideline.yml and the schemes define what everything else is checked against.
    if has_errors(
        d for d in source_diags if d.pos.file == "source/guideline.yml" or d.pos.file.startswith("source/grading/")
    ):
        return False
    # A duplicate key (GP402) loses nothing; any other BibTeX error loses entries.
    return not has_errors(d for d in bib_diags if d.code != DUPLICATE_BIB_KEY.code)


def load_sources(root: Path, memo: FileMemo | None = None) -> tuple[Sources | None, list[Diagnostic]]:
    """The YAML half of loading (``load_bib`` is the BibTeX half); each can be timed alone."""
    source = root / "source"
    if not source.is_dir():
        return None, [
            MISSING.at(
                SourcePos("source", 0, 0),
                f"no 'source' folder in {root}; run guidepress in the project folder or pass --root",
            )
        ]
    loader = SourceLoader(root, memo)
    gpath = source / "guideline.yml"
    if not gpath.exists() and not gpath.is_symlink():
        return None, [
            MISSING.at(
                SourcePos("source/guideline.yml", 0, 0),
                "source/guideline.yml is missing; it lists the grading schemes and chapters",
            )
        ]
    obj, diags = loader.read_file(gpath, "guideline", "guideline.yml")
    if obj is None:
        return None, diags

    schemes = []
    listed, repeats = _unique(obj.get("grading", []), "grading scheme")
    diags += repeats
    for text in listed:
        path = source / "grading" / f"{text.value}.yml"
        if not path.exists() and not path.is_symlink():
            diags.append(
                FILE_MISSING.at(text.pos, f"grading scheme '{text.value}' has no file source/grading/{text.value}.yml")
            )
            continue
        scheme, problems = loader.scheme(path)
        diags += problems
        if scheme is not None:
            schemes.append(scheme)
    diags += _dates_and_lead(obj, [t.value for t in listed])

    chapters = []
    listed, repeats = _unique(obj.get("chapters", []), "chapter")
    diags += repeats
    for text in listed:
        path = source / "chapters" / f"{text.value}.yml"
        if not path.exists() and not path.is_symlink():
            diags.append(
                FILE_MISSING.at(text.pos, f"chapter '{text.value}' has no file source/chapters/{text.value}.yml")
            )
            continue
        chapter, problems = loader.chapter(path)
        diags += problems
        if chapter is not None:
            chapters.append(chapter)
    diags += _unlisted_chapters(source / "chapters", {t.value for t in listed})

    return Sources(obj, tuple(schemes), tuple(chapters), read_citation_style(obj, root)), diags


def _unlisted_chapters(folder: Path, listed: set[str]) -> list[Diagnostic]:
    """A warning at each chapter file that guideline.yml does not list: it would never be published."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []  # no chapters folder (every listed chapter is GP207), or unreadable (GP003)
    return [
        UNLISTED_CHAPTER.at(
            SourcePos(f"source/chapters/{name}", 1, 1),
            f"chapter file {name} is not listed in guideline.yml (chapters), so it is never "
            f"published; add '{name[:-4]}' to chapters, or remove the file",
        )
        for name in names
        if name.endswith(".yml") and not name.startswith(".") and name[:-4] not in listed
    ]


def assemble(sources: Sources, references: list[Reference]) -> Guideline:
    obj = sources.guideline
    template = _t(obj, "grade_format")
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
        kinds=kinds(obj),
        grade_format=GradeFormat(template, obj.vpos("grade_format")) if template is not None else None,
        citation_style=sources.citation_style,
        next_review=_t(obj, "next_review"),
        lead_scheme=_t(obj, "lead_scheme"),
        language_pos=obj.vpos("language"),
        translations=_texts(obj, "translations"),
        translations_pos=obj.vpos("translations"),
        previous_release=_t(obj, "previous_release"),
        previous_release_pos=obj.vpos("previous_release"),
        review_interval=_t(obj, "review_interval"),
        review_interval_pos=obj.vpos("review_interval"),
    )


def _dates_and_lead(obj: Obj, grading: list[str]) -> list[Diagnostic]:
    """A ``lead_scheme`` not in ``grading`` (when it reads as a list), a ``next_review`` not after ``date``."""
    diags = []
    lead = _t(obj, "lead_scheme")
    if lead is not None and grading and lead not in grading:
        diags.append(
            INVALID_VALUE.at(
                obj.vpos("lead_scheme"),
                f"lead_scheme '{lead}' is not one of the schemes "
                f"in grading ({', '.join(grading)}); name one of them or remove the key",
            )
        )
    published, review = _t(obj, "date"), _t(obj, "next_review")
    # ISO dates compare as text; a malformed one already has its GP111.
    if published and review and DATE.match(published) and DATE.match(review) and review <= published:
        diags.append(
            INVALID_VALUE.at(
                obj.vpos("next_review"),
                f"next_review {review} is not after the publication date {published}; give the date of the next review",
            )
        )
    return diags


def _unique(items: list[Text], what: str) -> tuple[list[Text], list[Diagnostic]]:
    """``items`` without repeats, and a problem for each repeat."""
    seen: dict[str, Text] = {}
    out = []
    diags: list[Diagnostic] = []
    for text in items:
        if text.value in seen:
            diags.append(
                LISTED_TWICE.at(
                    text.pos,
                    f"{what} '{text.value}' is listed twice (first at line {seen[text.value].pos.line}); remove one",
                )
            )
            continue
        seen[text.value] = text
        out.append(text)
    return out, diags
