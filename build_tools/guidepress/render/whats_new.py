"""The "What's new in <version>" page's context: per chapter, the new and changed
recommendations (with their grades before and after, side by side) and the
removed ones as they last read, from the release status in the model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..messages import Messages
from ..model import Chapter, Guideline, Recommendation, Section
from ..release_status import RemovedRec
from .release_marks import what_changed


@dataclass(frozen=True, slots=True)
class Entry:
    rec: Recommendation
    section: Section
    status: str  # "new" or "changed"
    what: str  # what changed, in words ("" for a new one)
    before: str | None  # the grades in the previous release ("LoE 2b, GR C, AGO +/-"); None: new
    now: str


@dataclass(frozen=True, slots=True)
class ChapterNews:
    chapter: Chapter
    entries: tuple[Entry, ...]
    removed: tuple[tuple[RemovedRec, str], ...]  # with its grades as they last read


def whats_new(g: Guideline, words: Messages) -> dict[str, Any] | None:
    """The page's context: ``release``, ``news`` (the chapters with any) and ``counts``;
    None without a previous release."""
    if g.release is None:
        return None
    news = []
    for chapter in g.chapters:
        entries = tuple(_entries(g, chapter, words))
        removed = tuple((r, _grades(g, r.grades)) for r in g.release.removed if r.chapter == chapter.id)
        if entries or removed:
            news.append(ChapterNews(chapter, entries, removed))
    statuses = [e.status for n in news for e in n.entries]
    counts = {"new": statuses.count("new"), "changed": statuses.count("changed"), "removed": len(g.release.removed)}
    return {"release": g.release, "news": tuple(news), "counts": counts}


def _entries(g: Guideline, chapter: Chapter, words: Messages) -> list[Entry]:
    out = []
    for section in chapter.sections:
        for top in section.recommendations:
            for rec in top.walk():
                change = rec.change
                if change is None or change.status == "unchanged":
                    continue
                now = tuple(sorted(rec.grade_map.items(), key=lambda kv: _order(g, kv[0])))
                if change.status == "new":
                    out.append(Entry(rec, section, "new", "", None, _grades(g, now)))
                    continue
                old = dict(now)
                for step in change.grades:
                    if step.old is None:
                        old.pop(step.scheme, None)
                    else:
                        old[step.scheme] = step.old
                before = tuple(sorted(old.items(), key=lambda kv: _order(g, kv[0])))
                out.append(
                    Entry(rec, section, "changed", what_changed(words, g, rec), _grades(g, before), _grades(g, now))
                )
    return out


def _order(g: Guideline, scheme_id: str) -> tuple[int, str]:
    ids = [s.id for s in g.schemes]
    return (ids.index(scheme_id) if scheme_id in ids else len(ids), scheme_id)


def _grades(g: Guideline, grades: tuple[tuple[str, str], ...]) -> str:
    labels = {s.id: s.label for s in g.schemes}
    return ", ".join(f"{labels.get(scheme, scheme)} {code}" for scheme, code in grades)
