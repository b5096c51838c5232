"""``diff(old, new)``: the changes between two releases, matched by stable id.

Recommendations are matched by id, or through a declared rename (``replaces:
old-id`` on either side, so the inverse comparison finds it too). Everything
else (footnotes, tables, glossary, reference lists, BibTeX entries) is
compared in content.py. Files that are the same on both sides give the same
model objects when both were loaded through one FileMemo (sides.py), so
those parts are skipped by identity.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace

from ..model import GradingScheme, Guideline, Recommendation
from .changes import (
    Changes,
    Direction,
    GradeChange,
    ListChange,
    Place,
    RecChange,
    RenameHint,
    Snapshot,
    TextChange,
    canonical,
)
from .content import compare_content

Index = dict[str, tuple[Recommendation, Place]]


def diff(old: Guideline, new: Guideline) -> Changes:
    a, b = index(old), index(new)
    pairs, warnings = renames(a, b)
    matched_old = {o for o, _ in pairs} | (a.keys() & b.keys())
    matched_new = {n for _, n in pairs} | (a.keys() & b.keys())
    changed = []
    for old_id, new_id in [(i, i) for i in a.keys() & b.keys()] + pairs:
        change = compare_recs(old_id, a[old_id], new_id, b[new_id], old, new)
        if change is not None:
            changed.append(change)
    removed = tuple(snapshot(*a[i], old) for i in a.keys() - matched_old)
    added = tuple(snapshot(*b[i], new) for i in b.keys() - matched_new)
    result = Changes(
        old.version,
        new.version,
        added=added,
        removed=removed,
        changed=tuple(changed),
        items=tuple(compare_content(old, new, pairs)),
        hints=tuple(rename_hints(removed, added)),
        labels=labels(old, new),
    )
    if old.version == new.version and not result.empty:
        warnings.append(
            f"both sides carry version '{old.version}' but their content differs: give the new "
            "release its own version in source/guideline.yml"
        )
    return canonical(replace(result, warnings=tuple(warnings)))


def index(g: Guideline) -> Index:
    """Every recommendation by id, with its place (the first of an id used twice)."""
    out: Index = {}

    def walk(
        recs: Sequence[Recommendation],
        chapter: str,
        section: str,
        parent: str | None,
        path: tuple[int, ...],
        order: tuple[int, int],
    ) -> None:
        for i, rec in enumerate(recs):
            here = (*path, i)
            out.setdefault(rec.id, (rec, Place(chapter, section, parent, here, (*order, *here))))
            walk(rec.children, chapter, section, rec.id, here, order)

    for ci, chapter in enumerate(g.chapters):
        for si, section in enumerate(chapter.sections):
            walk(section.recommendations, chapter.id, section.id, None, (), (ci, si))
    return out


def renames(a: Index, b: Index) -> tuple[list[tuple[str, str]], list[str]]:
    """(old id, new id) of each declared rename, and warnings about declarations that cannot apply.

    A declaration counts from either side: ``replaces: x`` on the new side's
    ``y`` renames x to y; on the old side's ``y`` (the comparison read
    backwards) it renames y to x. Both ids must stand on one side only.
    """
    pairs: set[tuple[str, str]] = set()
    warnings = []
    for own, other, forward in ((b, a, True), (a, b, False)):
        for rec_id, (rec, _) in own.items():
            target = rec.replaces
            if target is None:
                continue
            if target in own:
                warnings.append(
                    f"'{rec_id}' declares replaces: '{target}', but '{target}' is still a "
                    "recommendation of the same release; remove the declaration or the old one"
                )
            elif rec_id in other and target in other:
                warnings.append(
                    f"'{rec_id}' declares replaces: '{target}', but '{rec_id}' stands in both "
                    f"releases; '{target}' is reported as removed"
                )
            elif target in other:
                pairs.add((target, rec_id) if forward else (rec_id, target))
    # An id renamed twice over cannot be told apart: none of its pairs is used.
    olds = [o for o, _ in pairs]
    news = [n for _, n in pairs]
    result = []
    for o, n in sorted(pairs):
        if olds.count(o) > 1 or news.count(n) > 1:
            warnings.append(
                f"'{o}' and '{n}' are named in more than one replaces: declaration; "
                "each id may be renamed once, so they are reported as removed and added"
            )
        else:
            result.append((o, n))
    return result, warnings


def compare_recs(
    old_id: str,
    a: tuple[Recommendation, Place],
    new_id: str,
    b: tuple[Recommendation, Place],
    old: Guideline,
    new: Guideline,
) -> RecChange | None:
    (ra, pa), (rb, pb) = a, b
    if ra is rb and pa.same_location(pb):
        return None
    change = RecChange(
        new_id,
        old_id,
        pa,
        pb,
        text=_text(ra.text, rb.text),
        condition=_text(ra.condition, rb.condition),
        kind=_text(ra.kind, rb.kind),
        grades=tuple(grade_changes(ra, rb, old, new)),
        refs=_list(ra.refs, rb.refs, ordered=False),
        footnotes=_list(ra.footnotes, rb.footnotes, ordered=False),
        details=_list(ra.details, rb.details, ordered=True),
    )
    if not (change.renamed or change.moved or change.what()):
        return None
    return change


def _text(a: str | None, b: str | None) -> TextChange | None:
    return None if a == b else TextChange(a, b)


def _list(a: tuple[str, ...], b: tuple[str, ...], *, ordered: bool) -> ListChange | None:
    same = a == b if ordered else sorted(a) == sorted(b)
    return None if same else ListChange(a, b)


def grade_changes(ra: Recommendation, rb: Recommendation, old: Guideline, new: Guideline) -> Iterator[GradeChange]:
    ga, gb = ra.grade_map, rb.grade_map
    order = scheme_order(old, new)
    for scheme in sorted(ga.keys() | gb.keys(), key=lambda s: (order.index(s) if s in order else len(order), s)):
        code_a, code_b = ga.get(scheme), gb.get(scheme)
        if code_a != code_b:
            yield GradeChange(scheme, code_a, code_b, direction(code_a, code_b, old.scheme(scheme), new.scheme(scheme)))


def scheme_order(old: Guideline, new: Guideline) -> list[str]:
    """The order to list schemes in: the guideline's, when both sides list
    the same schemes in the same order; else by id (the same both ways round)."""
    ids_a, ids_b = [s.id for s in old.schemes], [s.id for s in new.schemes]
    return ids_a if ids_a == ids_b else sorted(set(ids_a) | set(ids_b))


def direction(old_code: str | None, new_code: str | None, *schemes: GradingScheme | None) -> Direction:
    """Up or down by the scheme's order of strength (rank 0 the strongest).

    Each side's scheme that knows both codes has its say; when a code is
    unknown to both, or the two orders disagree, the change has no direction.
    """
    if old_code is None:
        return "added"
    if new_code is None:
        return "removed"
    votes: set[Direction] = set()
    for scheme in schemes:
        if scheme is None:
            continue
        ro, rn = scheme.rank(old_code), scheme.rank(new_code)
        if ro is not None and rn is not None and ro != rn:
            votes.add("upgrade" if rn < ro else "downgrade")
    return votes.pop() if len(votes) == 1 else "changed"


def snapshot(rec: Recommendation, place: Place, g: Guideline) -> Snapshot:
    order = [s.id for s in g.schemes]
    grades = sorted(rec.grade_map.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order else len(order), kv[0]))
    return Snapshot(rec.id, place, rec.text, rec.condition, rec.kind, tuple(grades))


def rename_hints(removed: Sequence[Snapshot], added: Sequence[Snapshot]) -> Iterator[RenameHint]:
    """Each removed and added pair with the same text, or else the same place in the same section."""
    for r in removed:
        for n in added:
            if r.text is not None and _words(r.text) == _words(n.text):
                yield RenameHint(r.id, n.id, "same text")
            elif (r.place.chapter, r.place.section, r.place.path) == (n.place.chapter, n.place.section, n.place.path):
                yield RenameHint(r.id, n.id, "same position")


def _words(text: str | None) -> list[str]:
    return (text or "").casefold().split()


def labels(old: Guideline, new: Guideline) -> tuple[tuple[str, str], ...]:
    """Each scheme's label where both sides agree on it (else its id)."""
    la, lb = {s.id: s.label for s in old.schemes}, {s.id: s.label for s in new.schemes}
    out = []
    for scheme in scheme_order(old, new):
        known = [label for label in (la.get(scheme), lb.get(scheme)) if label is not None]
        out.append((scheme, known[0] if len(set(known)) == 1 else scheme))
    return tuple(out)
