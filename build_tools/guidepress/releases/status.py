"""Each recommendation's status against the previous release, put into the model once.

``with_release`` compares the release with the previous one (``diff``, as
``guidepress diff`` does) and gives every recommendation its ``change``:
new, changed (what changed, each grade's step) or unchanged, and since
which release it has stood as it is. That last comes from the project's git
tags: walking back from the newest, a recommendation has stood as it is
since the oldest tagged release of an unbroken run in which it was the
same (NICE's ``[2015]``); without tags, since the previous release.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path

from ..diagnostics import Diagnostic
from ..model import Chapter, Guideline, Recommendation
from ..release_status import ASPECTS, GradeStep, PossibleRename, RecStatus, Release, RemovedRec
from .changes import Changes, RecChange
from .compare import diff
from .git_tree import GitError, tags_newest_first
from .previous import LoadError, read_previous, tagged


def with_release(
    g: Guideline, previous: Guideline, changes: Changes, since: Mapping[str, str], history: tuple[str, ...]
) -> Guideline:
    """``g`` with every recommendation's ``change`` against ``previous`` (``changes``, from
    ``diff(previous, g)``) and the guideline's ``release``.

    ``since`` gives, for a recommendation unchanged against ``previous``, the
    version of the earliest release it has been the same in (when older than
    ``previous``); ``history`` the versions of the releases before this one, oldest first."""
    new = {s.id for s in changes.added}
    changed = {c.id: c for c in changes.changed}

    def status(rec: Recommendation) -> RecStatus:
        if rec.id in new:
            return RecStatus("new")
        change = changed.get(rec.id)
        if change is None:
            return RecStatus("unchanged", since=since.get(rec.id, previous.version))
        return RecStatus(
            "changed",
            aspects=aspects(change),
            grades=tuple(GradeStep(s.scheme, s.old, s.new, s.direction) for s in change.grades),
            old_id=change.old_id if change.renamed else None,
        )

    removed = tuple(
        RemovedRec(s.id, s.place.chapter, s.place.section, s.text, s.condition, s.grades) for s in changes.removed
    )
    hints = tuple(PossibleRename(h.old_id, h.new_id, h.reason) for h in changes.hints)
    release = Release(g.version, previous.version, g.previous_release or "", removed, history, hints)
    return replace(g, chapters=tuple(_marked(c, status) for c in g.chapters), release=release)


def aspects(change: RecChange) -> tuple[str, ...]:
    """What changed, by release_status.ASPECTS' names (grades are GradeSteps)."""
    parts = {
        "renamed": change.renamed,
        "moved": change.moved,
        "reworded": change.reworded,
        "condition": change.condition is not None,
        "kind": change.kind is not None,
        "references": change.refs is not None,
        "footnotes": change.footnotes is not None,
        "details": change.details is not None,
    }
    return tuple(name for name in ASPECTS if parts[name])


def _marked(chapter: Chapter, status: Callable[[Recommendation], RecStatus]) -> Chapter:
    def rec(r: Recommendation) -> Recommendation:
        return replace(r, change=status(r), children=tuple(rec(c) for c in r.children))

    sections = tuple(replace(s, recommendations=tuple(rec(r) for r in s.recommendations)) for s in chapter.sections)
    return replace(chapter, sections=sections)


def older_releases(root: Path, g: Guideline, previous: Guideline) -> list[Guideline]:
    """The project's tagged releases older than ``previous``, newest first (none when
    ``previous`` is not among the tags, or the project is not in a repository)."""
    out: list[Guideline] = []
    older = False
    for tag in tags_newest_first(root):
        try:
            release = tagged(root, tag)
        except (GitError, LoadError):
            continue  # a tag of something else, or of a release that does not load: no evidence
        if release.version == previous.version:
            older = True  # from here on the tags are older than the previous release
        elif older and release.version not in (g.version, *(r.version for r in out)):
            out.append(release)
    return out


def since(g: Guideline, changes: Changes, older: list[Guideline]) -> dict[str, str]:
    """For each recommendation of ``g`` that ``changes`` (from the previous release) leaves
    as it was: the version of the oldest of the ``older`` releases (newest first) of the
    unbroken run it has been the same in."""
    unchanged = _unchanged(changes, g)
    out: dict[str, str] = {}
    for release in older:
        unchanged &= _unchanged(diff(release, g), g)
        if not unchanged:
            break
        for rec_id in unchanged:
            out[rec_id] = release.version
    return out


def _unchanged(changes: Changes, g: Guideline) -> set[str]:
    """The ids of ``g`` that ``changes`` (from an older release to ``g``) leaves as they were."""
    touched = {s.id for s in changes.added} | {c.id for c in changes.changed}
    return {r.id for r in g.all_recommendations()} - touched


def against_previous(root: Path, g: Guideline) -> tuple[Guideline, list[Diagnostic]]:
    """``g`` with its release status when guideline.yml names a previous release, and the
    problems of reading that release (``g`` unmarked then)."""
    previous, problems = read_previous(root, g)
    if previous is None:
        return g, problems
    older = older_releases(root, g, previous)
    history = (*(r.version for r in reversed(older)), previous.version)
    changes = diff(previous, g)
    return with_release(g, previous, changes, since(g, changes, older), history), problems
