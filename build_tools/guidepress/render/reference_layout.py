"""The bibliography's pages: which references page lists each work.

One page (references/) up to ``REFERENCES_PER_PAGE`` works, else an index
and parts by the initial of the key; a function of the keys alone, so the
same bibliography always gets the same part paths.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..model import Guideline, Reference
from . import addresses
from .addresses import REFERENCES

#: The most works one references page lists. A larger bibliography becomes an
#: index at references/ and part pages references/<part>/ of at most this many
#: works each. Measured at benchmark scale L (20,000 works): MkDocs spends about
#: 1.8 ms a work whatever the page size (one page of 20,000: 43 s; 54 parts of
#: 342-388: 0.7 s each), so the bound is for the reader on a phone: a part of
#: 400 works is about 0.3 MB of HTML, the size of a chapter page, where the one
#: page was 10.5 MB. Read at call time, so tests can lower it.
REFERENCES_PER_PAGE = 400


@dataclass(frozen=True, slots=True)
class ReferencePart:
    """One page of a split bibliography: consecutive works, in the order of
    ``g.references`` within each initial."""

    page: str  # site path, "references/a.md" (published at references/a/)
    label: str  # "A", "B–D", "S 2": the nav entry and the page's heading
    start: int  # the number of its first work in the whole bibliography, from 1
    refs: tuple[Reference, ...]

    @property
    def first(self) -> str:
        return self.refs[0].key

    @property
    def last(self) -> str:
        return self.refs[-1].key


@dataclass(frozen=True, slots=True)
class ReferenceLayout:
    """Where each work of the bibliography is listed.

    ``parts`` is empty when one page (references/) lists every work.
    Otherwise references/ is an index of the parts and each work is on the
    part that ``page(key)`` names. The layout is a function of the keys
    alone (and of ``per_page``), so the same bibliography always gets the
    same part paths, and editing a work or who cites it moves nothing.
    """

    per_page: int
    parts: tuple[ReferencePart, ...]
    _page_of: Mapping[str, str]

    def page(self, key: str) -> str:
        """The site path of the page that lists the work ``key``."""
        return self._page_of.get(key, REFERENCES)

    @property
    def pages(self) -> tuple[str, ...]:
        """Every references page: references.md, then the parts."""
        return (REFERENCES,) + tuple(p.page for p in self.parts)


def reference_layout(g: Guideline, per_page: int | None = None) -> ReferenceLayout:
    """The references pages of ``g``: one page up to ``per_page`` works
    (default ``REFERENCES_PER_PAGE``), else parts by the initial of the key,
    as ``g.references`` sorts them. Initials with few works are merged with
    their neighbours, an initial with more than ``per_page`` works is split
    into parts as even as possible; no part has more than ``per_page``."""
    per_page = max(1, per_page or REFERENCES_PER_PAGE)
    refs = g.references
    if len(refs) <= per_page:
        return ReferenceLayout(per_page, (), {})
    by_initial: dict[int, list[Reference]] = {}
    for ref in refs:  # stable: g.references' order within each initial
        by_initial.setdefault(_initial_rank(ref.key), []).append(ref)
    runs = _runs([(_INITIALS[i], works) for i, works in sorted(by_initial.items())], per_page)
    parts: list[ReferencePart] = []
    start = 1
    for slug, label, works in runs:
        parts.append(ReferencePart(addresses.reference_part_page(slug), label, start, tuple(works)))
        start += len(works)
    page_of = {ref.key: part.page for part in parts for ref in part.refs}
    return ReferenceLayout(per_page, tuple(parts), page_of)


# Initials in page order, as (slug, label): digits, a-z, then everything else.
_INITIALS = [("0-9", "0–9")] + [(c, c.upper()) for c in "abcdefghijklmnopqrstuvwxyz"] + [("other", "Other")]


def _initial_rank(key: str) -> int:
    c = key[:1].casefold()
    if c.isascii() and c.isdigit():
        return 0
    if c.isascii() and c.isalpha():
        return 1 + ord(c) - ord("a")
    return len(_INITIALS) - 1


def _runs(
    groups: Sequence[tuple[tuple[str, str], list[Reference]]], per_page: int
) -> list[tuple[str, str, list[Reference]]]:
    """(slug, label, works) per part. An initial over ``per_page`` is cut into
    numbered slices of even size ("s-1", "S 1"; the index names each
    slice's first and last work); consecutive initials merge ("b-d", "B–D")
    while the part is small (under half of ``per_page``) or the next
    initial is, and the sum fits."""
    small = max(1, per_page // 2)
    out: list[tuple[str, str, list[Reference]]] = []
    merged: list[tuple[tuple[str, str], list[Reference]]] = []  # the open run of whole initials

    def close() -> None:
        if merged:
            (slug0, label0), (slug1, label1) = merged[0][0], merged[-1][0]
            works = [r for _, ws in merged for r in ws]
            if len(merged) == 1:
                out.append((slug0, label0, works))
            else:
                dash = " to " if "–" in label0 + label1 else "–"
                out.append((f"{slug0}-{slug1}", f"{label0}{dash}{label1}", works))
            merged.clear()

    for (slug, label), works in groups:
        if len(works) > per_page:
            close()
            n = math.ceil(len(works) / per_page)
            cuts = [i * len(works) // n for i in range(n + 1)]
            slices = [works[cuts[i] : cuts[i + 1]] for i in range(n)]
            for i, piece in enumerate(slices, 1):
                out.append((f"{slug}-{i}", f"{label} {i}", piece))
            continue
        size = sum(len(ws) for _, ws in merged)
        if merged and not ((size < small or len(works) < small) and size + len(works) <= per_page):
            close()
        merged.append(((slug, label), works))
    close()
    return out
