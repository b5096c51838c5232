"""References for reading: each work formatted by citeproc-py in the guideline's citation style,
and who cites what.

The style is the one guideline.yml names (``citation_style``, read by
load/citestyle.py, checked by checks/citation_style.py). citeproc-py formats
each work from its CSL-JSON item (render/csl.py, the export's) once per
process and style, as HTML; the page sanitiser's allow-list cleans it, and
it is escaped for the Markdown it is printed in. A build keeps each work's
HTML in the project's cache (cache.py, output "citations"), keyed by the
item, the style's text and citeproc-py's version, so that the next build
and the live preview format only the works that changed. The site's lists keep their
own order and numbers: the style formats a work, it does not sort or number
the lists.

Where citeproc-py 0.11 departs from CSL, the items it is given are adapted
(``processor_item``), never its output, with one exception (``tidy_punctuation``):

- a truncated author list's "et al." is the suffix of the last name listed,
  not a name of its own: as a name it follows the style's delimiter
  ("Wildiers H, et al.", where the source prints "Wildiers H et al.") and
  its "and" ("Wildiers, H., & et al.");
- a given name printed as run-together initials that are not all capitals
  ("Wi Yl") is given as a literal name, as printed: every processor that
  initialises given names cuts the word "Yl" to "Y";
- a date range within one year is given as the printed date ("2020 Jul–Aug"):
  citeproc-py prints the shared year after the range ("Jul–Aug 2020"), and a
  style that prints the year only drops the whole date;
- the text is given HTML-escaped: CSL-JSON text may carry markup (``<i>``,
  ``<span class="nocase">``), and citeproc-py's HTML output passes the
  variables' text through as it is (a title "</textarea><script>" would be
  markup, which the sanitiser then removes from the reference).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape, unescape
from importlib.metadata import version
from typing import Any
from urllib.parse import quote

from citeproc import NAMES, VARIABLES
from markupsafe import Markup

from ..cache import Cache
from ..load.background import Forked, can_fork
from ..load.citestyle import default_style
from ..model import CitationStyle, Guideline, Reference
from .csl import ET_AL, csl_item
from .cslstyle import bibliography_entry, parsed_style
from .mdtext import md_html
from .sanitize import sanitize_page_html


@dataclass(frozen=True, slots=True)
class Citation:
    """One work as the pages print it: the formatted reference and the links beside it."""

    key: str
    html: Markup  # the style's reference: sanitised HTML, escaped for Markdown
    doi: str | None
    doi_url: str | None
    pmid: str | None
    pubmed_url: str | None
    url: str | None
    # Not part of the citation: how the entry deviates from the print, shown beside it.
    editorial_note: str | None = None

    @property
    def text(self) -> str:
        """The reference as plain text, for templates that print it in an attribute or compare it."""
        bare = re.sub(r"\\(.)", r"\1", re.sub(r"<[^>]*>", "", self.html))  # tags and Markdown escapes
        return " ".join(unescape(bare).split())


#: Below this many works a forked child costs more than it saves (citeproc-py
#: takes about 2 ms of processor time a work; a fork of a build process some 20 ms).
PARALLEL_WORKS = 200
#: Part of each formatted work's cache key: another citeproc-py may print the same item otherwise.
CITEPROC_VERSION = version("citeproc-py")


class Citations:
    """``citations(ref)``: a guideline's works formatted with one style, each work once."""

    def __init__(self, style: CitationStyle) -> None:
        assert style.text is not None, "a style that cannot be read fails the check"
        self.style = style
        self._parsed = parsed_style(style.text)
        self._style_digest = hashlib.sha256(style.text.encode("utf-8")).hexdigest()
        # By content: a work edited in the live preview is a new key, an unchanged one is found.
        self._made: dict[Reference, Citation] = {}
        # By identity, the works of the build prepared last: a page asks for a work each time it
        # cites it, and hashing a work hashes every name and field of it.
        self._current: dict[int, tuple[Reference, Citation]] = {}

    def __call__(self, ref: Reference) -> Citation:
        current = self._current.get(id(ref))
        if current is not None and current[0] is ref:
            return current[1]
        made = self._made.get(ref)
        if made is None:
            made = self._made[ref] = _citation(ref, self._format(ref, processor_item(ref)))
        self._current[id(ref)] = (ref, made)
        return made

    def prepare(self, refs: Sequence[Reference], store: Cache | None = None) -> None:
        """Format every work of ``refs`` not formatted yet in this process.

        With ``store``, a work formatted by an earlier build (the same CSL
        item, style text and citeproc-py) is read back from it, and each
        work formatted here is kept in it: an unchanged work is formatted
        once, not once per build or preview session. The rest are formatted
        on a machine with a second core half in a forked child
        (load/background.py): citeproc-py is the bulk of the time that a
        large bibliography's pages take.
        """
        # Hashing a work hashes all its names and fields: once to look it up, once to keep it.
        works = list({id(ref): ref for ref in refs}.values())
        made = [self._made.get(ref) for ref in works]
        missing: list[tuple[int, str | None, dict[str, Any]]] = []
        for i in [i for i, citation in enumerate(made) if citation is None]:
            item = processor_item(works[i])
            key = self._key(store, works[i].key, item) if store is not None else None
            found = _text(store.get(key)) if store is not None and key is not None else None
            if found is None:
                missing.append((i, key, item))
            else:
                made[i] = self._made[works[i]] = _citation(works[i], found)
        half = len(missing) // 2 if len(missing) >= PARALLEL_WORKS and can_fork() else 0
        job = Forked(self._format_all, [(works[i], item) for i, _, item in missing[:half]]) if half else None
        mine = self._format_all([(works[i], item) for i, _, item in missing[half:]])
        for (i, key, _), html in zip(missing, (job.result() if job else []) + mine, strict=True):
            if store is not None and key is not None:
                store.put(key, html.encode("utf-8"))
            made[i] = self._made[works[i]] = _citation(works[i], html)
        self._current = {id(ref): (ref, citation) for ref, citation in zip(works, made, strict=True) if citation}

    def _key(self, store: Cache, key: str, item: dict[str, Any]) -> str:
        # Named parts: `guidepress build --explain` says which works, or the style, changed.
        parts = {f"work {key}": item, "citation style": self._style_digest, "citeproc-py": CITEPROC_VERSION}
        return store.named_key("citations", parts)

    def _format_all(self, works: Sequence[tuple[Reference, dict[str, Any]]]) -> list[str]:
        return [self._format(ref, item) for ref, item in works]

    def _format(self, ref: Reference, item: dict[str, Any]) -> str:
        """The work as the style prints it: sanitised HTML."""
        html = bibliography_entry(self._parsed, item)
        # A style that prints nothing for a work's type still shows what the work is.
        return sanitize_page_html(tidy_punctuation(html)) if html else escape(ref.get("title") or ref.key)


def _text(data: bytes | None) -> str | None:
    """A stored formatted work; None for a miss or a damaged entry (formatted again)."""
    try:
        return data.decode("utf-8") if data is not None else None
    except UnicodeDecodeError:
        return None


def _citation(ref: Reference, html: str) -> Citation:
    """The work's formatted reference ``html`` with the links printed beside it."""
    doi = ref.get("doi")
    pmid = ref.get("pmid")
    pmid = pmid if pmid and re.fullmatch(r"\d+", pmid) else None
    return Citation(
        key=ref.key,
        html=md_html(html),
        doi=doi,
        # Parentheses and spaces would end a Markdown link early.
        doi_url=f"https://doi.org/{quote(doi, safe='/:;.-_')}" if doi else None,
        pmid=pmid,
        pubmed_url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid else None,
        url=ref.get("url") if (ref.get("url") or "").startswith(("https://", "http://")) else None,
        editorial_note=ref.editorial_note,
    )


@lru_cache(maxsize=4)
def formatter_for(style: CitationStyle) -> Citations:
    """The formatter for ``style``: the same one for the whole process (a build formats each
    work once, the live preview only the works an edit changed)."""
    return Citations(style)


def citations(g: Guideline) -> Citations:
    """The formatter for ``g``'s citation style."""
    return formatter_for(g.citation_style or default_style())


_PROCESSOR_VARIABLES = frozenset(VARIABLES)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def processor_item(ref: Reference) -> dict[str, Any]:
    """``ref``'s CSL-JSON item as citeproc-py is given it: adapted where citeproc-py departs
    from CSL (see the module's docstring), without the variables it does not know."""
    item = {
        k: v for k, v in csl_item(ref).items() if k in ("id", "type") or k.replace("-", "_") in _PROCESSOR_VARIABLES
    }
    for role in NAMES:
        if role in item:
            item[role] = _et_al_as_suffix([_as_printed(name) for name in item[role]])
    if (issued := item.get("issued")) and len(parts := issued.get("date-parts", ())) == 2:
        (start, end) = parts
        if start[0] == end[0]:
            item["issued"] = {"literal": _printed_range(start, end)}
    return {k: v if k in ("id", "type") else _escaped(v) for k, v in item.items()}


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return escape(value, quote=False)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    return value


_VOWELS = frozenset("aeiouy")


def _initials_a_processor_cuts(word: str) -> bool:
    """ "Yl": a capital and up to three small letters without a vowel, which no name is
    ("Jan", "Li", "Xu" have one) but printed initials are; a processor keeps the capital only."""
    if not (2 <= len(word) <= 4 and word[0].isupper() and word[1:].islower()):
        return False  # most words: no need to decompose them
    return not _VOWELS & set(unicodedata.normalize("NFD", word[1:]).casefold())


def _as_printed(name: dict[str, str]) -> dict[str, str]:
    if not any(_initials_a_processor_cuts(w) for w in name.get("given", "").split()):
        return name
    parts = (name.get("non-dropping-particle"), name.get("family"), name["given"], name.get("suffix"))
    return {"literal": " ".join(p for p in parts if p)}


def _et_al_as_suffix(names: list[dict[str, str]]) -> list[dict[str, str]]:
    if ET_AL not in names or names.index(ET_AL) == 0:
        return names
    at = names.index(ET_AL)
    last = dict(names[at - 1])
    if "literal" in last:
        last["literal"] += " et al."
    else:
        last["suffix"] = " ".join(p for p in (last.get("suffix"), "et al.") if p)
    return names[: at - 1] + [last] + names[at + 1 :]


def _printed_range(start: list[int], end: list[int]) -> str:
    """A range within one year as the source prints it: "2020 Jul–Aug", "2017 Dec 1–2"."""

    def parts(date: list[int]) -> list[str]:
        return ([_MONTHS[date[1] - 1]] if len(date) > 1 else []) + [str(d) for d in date[2:]]

    first, last = parts(start), parts(end)
    if len(first) == len(last) == 2 and first[0] == last[0]:
        last = last[1:]  # "Dec 1–2", not "Dec 1–Dec 2"
    if first == last:
        return " ".join([str(start[0])] + first)
    return " ".join([str(start[0])] + first) + "–" + " ".join(last)


# A stop the style adds after a text's own question or exclamation mark
# (possibly inside the style's italics): "Setting?. J Pers Med".
_STOP_AFTER_MARK = re.compile(r"([?!])((?:</[a-z]+>)*)\.")


def tidy_punctuation(html: str) -> str:
    """Drop a style's full stop after a title's own "?" or "!".

    The one edit of citeproc-py's output: CSL (1.0.2, Appendix on
    punctuation) has processors drop such a stop, and citeproc-py removes
    only a doubled mark ("..") at a seam; neither the style nor the data can
    say "no stop after a question" (the title is printed as it stands).
    """
    return _STOP_AFTER_MARK.sub(r"\1\2", html)


@dataclass(frozen=True, slots=True)
class ChapterFacts:
    id: str
    title: str


@dataclass(frozen=True, slots=True)
class SectionFacts:
    id: str
    title: str
    subtitle: str | None


@dataclass(frozen=True, slots=True)
class StatementFacts:
    id: str
    text: str | None
    condition: str | None


@dataclass(frozen=True, slots=True)
class CitedBy:
    """One place that cites a work: a recommendation, a section or a chapter.

    It carries what a references page prints of the place (ids, titles, the
    statement), not the model objects: a page that lists works is then a
    function of those facts, and the live preview's page cache
    (cache.py PageCache) re-renders it only when one of them changes.
    """

    chapter: ChapterFacts
    section: SectionFacts | None
    recommendation: StatementFacts | None


def cited_by(g: Guideline) -> dict[str, list[CitedBy]]:
    """BibTeX key -> every recommendation, section or chapter citing it, once
    each, in reading order."""
    index: dict[str, list[CitedBy]] = {r.key: [] for r in g.references}
    seen: set[tuple[str, str, str, str]] = set()

    def add(key: str, place: CitedBy) -> None:
        # Ids are unique guideline-wide, so they identify a place cheaply.
        ident = (
            key,
            place.chapter.id,
            place.section.id if place.section else "",
            place.recommendation.id if place.recommendation else "",
        )
        if ident not in seen:
            seen.add(ident)
            index.setdefault(key, []).append(place)

    for chapter in g.chapters:
        ch = ChapterFacts(chapter.id, chapter.title)
        for group in chapter.references:
            for key in group.keys:
                add(key, CitedBy(ch, None, None))
        for section in chapter.sections:
            sec = SectionFacts(section.id, section.title, section.subtitle)
            for rec in section.all_recommendations():
                if rec.refs:
                    st = StatementFacts(rec.id, rec.text, rec.condition)
                    for key in rec.refs:
                        add(key, CitedBy(ch, sec, st))
            for group in section.references:
                for key in group.keys:
                    add(key, CitedBy(ch, sec, None))
    return index
