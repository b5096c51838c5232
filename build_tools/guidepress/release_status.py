"""Each recommendation's standing against the previous release, as the model carries it.

The build computes it once (releases/status.py, from ``guidepress diff``'s
comparison of this release with the one guideline.yml names as
``previous_release``) and puts it into the model: a recommendation's
``change`` and the guideline's ``release``. Renderers read it from there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Status = Literal["new", "changed", "unchanged"]
#: What can have changed in a recommendation, in the order a badge names them.
ASPECTS = ("renamed", "moved", "reworded", "condition", "kind", "references", "footnotes", "details")


@dataclass(frozen=True, slots=True)
class GradeStep:
    """One scheme's grade before and after; ``direction`` by the scheme's order of strength."""

    scheme: str
    old: str | None
    new: str | None
    direction: Literal["upgrade", "downgrade", "changed", "added", "removed"]


@dataclass(frozen=True, slots=True)
class RecStatus:
    """A recommendation against the previous release.

    ``aspects`` are the names of ASPECTS that changed; ``since`` the version
    of the earliest of the project's tagged releases from which on it has
    stood as it is (None: new in this release, or no tag shows it).
    """

    status: Status
    aspects: tuple[str, ...] = ()
    grades: tuple[GradeStep, ...] = ()
    old_id: str | None = None  # the id it had, when renamed
    since: str | None = None


@dataclass(frozen=True, slots=True)
class RemovedRec:
    """A recommendation of the previous release that this one no longer has, as it last read."""

    id: str
    chapter: str
    section: str
    text: str | None
    condition: str | None
    grades: tuple[tuple[str, str], ...]  # (scheme id, code)


@dataclass(frozen=True, slots=True)
class PossibleRename:
    """A removed and a new recommendation with the same text or place: one renamed without ``replaces``?"""

    old_id: str
    new_id: str
    reason: Literal["same text", "same position"]


@dataclass(frozen=True, slots=True)
class Release:
    """This release against the previous one: its version and what it removed."""

    version: str
    previous: str  # the previous release's version
    source: str  # the previous release as guideline.yml names it
    removed: tuple[RemovedRec, ...] = ()
    history: tuple[str, ...] = ()  # the versions of the releases before this one that are known, oldest first
    possible_renames: tuple[PossibleRename, ...] = ()
