"""A text's inline markup as XLIFF 2.0 inline codes, and a target's codes as that markup again.

The source format's inline markup is *emphasis*, **bold**, ~subscript~ and
^superscript^ (docs/format.md; text.INLINE, what the pages and cards render,
plus its bold): nothing else in a text is markup (links and HTML are refused
by the loader, GP301; "p < 0.05", "++" or a marker "*1,2" are text). Each span
is a paired code whose delimiters are kept in the unit's ``<originalData>``:

    <originalData><data id="d1">*</data><data id="d2">*</data></originalData>
    <source>Give <pc id="1" dataRefStart="d1" dataRefEnd="d2" …>two</pc> doses</source>

so a translator moves and translates the words between the codes but does not
retype the markup. The format has no standalone code (no line break, no
placeholder), so no ``<ph>`` is written. Codes are numbered from 1 in reading
order, a span inside another after it; reading back, a code stands for the
delimiters its number has in the primary text as it is now, so a tool that
drops ``<originalData>`` loses nothing.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..text import INLINE

XLIFF = "urn:oasis:names:tc:xliff:document:2.0"

# Bold before the rest: "**x**" is one bold span, not "*" around an emphasis.
_SPAN = re.compile(r"\*\*(?P<strong>[^\s*](?:[^*]*?[^\s*])?)\*\*|" + INLINE.pattern)
_DELIMITER = {"strong": "**", "em": "*", "sub": "~", "sup": "^"}
#: What a translator is told a code is, by its delimiter.
NAME = {"**": "bold", "*": "emphasis", "~": "subscript", "^": "superscript"}
# XLIFF 2.0's own subtypes of a formatting code; sub- and superscript have none.
_SUBTYPE = {"**": "xlf:b", "*": "xlf:i"}


@dataclass(frozen=True, slots=True)
class Span:
    """A span of inline markup: its delimiters as written and what they enclose."""

    start: str
    end: str
    content: tuple[str | Span, ...]


Pieces = tuple[str | Span, ...]


def pieces(text: str) -> Pieces:
    """``text`` as runs of plain text and spans of markup, a span's content read the same way."""
    out: list[str | Span] = []
    pos = 0
    for m in _SPAN.finditer(text):
        if m.start() > pos:
            out.append(text[pos : m.start()])
        kind = m.lastgroup or ""
        out.append(Span(_DELIMITER[kind], _DELIMITER[kind], pieces(m.group(kind))))
        pos = m.end()
    if pos < len(text):
        out.append(text[pos:])
    return tuple(out)


def markup(parts: Pieces) -> str:
    """The text ``parts`` were read from, character for character."""
    return "".join(p if isinstance(p, str) else p.start + markup(p.content) + p.end for p in parts)


def plain(parts: Pieces) -> str:
    """The words of ``parts`` without their markup: what a message quotes of a code."""
    return "".join(p if isinstance(p, str) else plain(p.content) for p in parts)


@dataclass(frozen=True, slots=True)
class Numbered:
    """A code of a unit: its span in the primary text and the code it lies in (None: in none)."""

    span: Span
    parent: str | None

    @property
    def what(self) -> str:
        words = plain(self.span.content)
        return f"{NAME[self.span.start]} around '{words if len(words) <= 40 else words[:39] + '…'}'"


def numbered(parts: Pieces) -> dict[str, Numbered]:
    """Each span of ``parts`` by its code's id, in reading order."""
    out: dict[str, Numbered] = {}

    def walk(inner: Pieces, parent: str | None) -> None:
        for p in inner:
            if isinstance(p, Span):
                code = str(len(out) + 1)
                out[code] = Numbered(p, parent)
                walk(p.content, code)

    walk(parts, None)
    return out


def spans(parts: Pieces) -> Iterator[Span]:
    """Every span of ``parts`` in reading order (the order of ``numbered``)."""
    for p in parts:
        if isinstance(p, Span):
            yield p
            yield from spans(p.content)


def shape(parts: Pieces) -> tuple[tuple[str, tuple[object, ...]], ...]:
    """The codes of ``parts`` without their words, nested as they are, in no order (as a translator may move them)."""
    return tuple(sorted((p.start, shape(p.content)) for p in parts if isinstance(p, Span)))


def target_ids(target: Pieces, source: dict[str, Numbered]) -> list[str]:
    """The code id of each span of a (stale) translation, in reading order: the source's code of the same markup
    in the same code and with the same codes inside, else of the same markup in the same code, else of the same
    markup; else one of its own after the source's, which reading back reports until the translator takes it out."""
    free = dict(source)
    ids: list[str] = []

    def walk(parts: Pieces, parent: str | None) -> None:
        for span in (p for p in parts if isinstance(p, Span)):
            alike = [c for c, n in free.items() if (n.span.start, n.span.end) == (span.start, span.end)]
            placed = [c for c in alike if free[c].parent == parent]
            same = [c for c in placed if shape(free[c].span.content) == shape(span.content)]
            code = next(iter(same or placed or alike), None) or str(len(source) + 1 + sum(c not in source for c in ids))
            free.pop(code, None)
            ids.append(code)
            walk(span.content, code)

    walk(target, None)
    return ids


def original_data(unit: ET.Element, codes: dict[str, Span]) -> None:
    """The ``<originalData>`` of ``codes`` (code id -> span) in ``unit``, when there is a code at all."""
    if not codes:
        return
    data = ET.SubElement(unit, "originalData")
    for code, span in codes.items():
        start, end = _data_ids(code)
        ET.SubElement(data, "data", {"id": start}).text = span.start
        ET.SubElement(data, "data", {"id": end}).text = span.end


def fill(el: ET.Element, parts: Pieces, ids: Iterator[str]) -> None:
    """``el`` (a source or target, empty) holding ``parts``, each span a ``<pc>`` with the next of ``ids``."""
    el.text = None
    last: ET.Element | None = None
    for p in parts:
        if isinstance(p, str):
            if last is None:
                el.text = (el.text or "") + p
            else:
                last.tail = (last.tail or "") + p
            continue
        code = next(ids)
        start, end = _data_ids(code)
        attrs = {"id": code, "dataRefStart": start, "dataRefEnd": end, "type": "fmt"}
        if subtype := _SUBTYPE.get(p.start):
            attrs["subType"] = subtype
        last = ET.SubElement(el, "pc", attrs | {"canCopy": "no", "canDelete": "no"})
        fill(last, p.content, ids)


def _data_ids(code: str) -> tuple[str, str]:
    n = int(code)
    return f"d{2 * n - 1}", f"d{2 * n}"


#: A problem of a target's codes: the element it is at and what to change.
Problem = tuple[ET.Element, str]
#: What a code element of a source or target stands for: its source code, or None to take only its content.
_Take = Callable[[ET.Element, str, str | None], Numbered | None]


def source_text(sources: list[ET.Element], codes: dict[str, Numbered]) -> str | None:
    """The sources' text with each code the delimiters it has in ``codes``; None when one is no code of those."""
    foreign: list[ET.Element] = []

    def take(child: ET.Element, local: str, parent: str | None) -> Numbered | None:
        found = codes.get(child.get("id", "")) if local == "pc" else None
        if found is None:
            foreign.append(child)
        return found

    parts = [p for source in sources for p in _walk(source, take, None, {})]
    return None if foreign else markup(tuple(parts))


def read_target(targets: list[ET.Element], codes: dict[str, Numbered]) -> tuple[str, list[Problem]]:
    """The targets' text as markup (each code the delimiters of the source's code of its id), and what is
    wrong with their codes: lost, duplicated, invented, in another code than in the source, or reading as
    other markup than they say once they are their characters."""
    problems: list[Problem] = []
    seen: set[str] = set()

    def take(child: ET.Element, local: str, parent: str | None) -> Numbered | None:
        ident = child.get("id", "")
        found = codes.get(ident)
        if found is not None and local != "pc":
            message = f"code {ident} ({found.what} in the source) is a <{local}> in the target: write it as the <pc>"
            problems.append((child, message + " it is in the source"))
            return None
        if found is None:
            name = f"code {ident}" if ident else f"a <{local}> without an id"
            have = ", ".join(codes) or "none"
            problems.append((child, f"{name} is no code of the source (its codes: {have}): take it out"))
            return None
        if ident in seen:
            message = f"code {ident} ({found.what} in the source) is in the target twice: keep one, take out the other"
            problems.append((child, message))
            return None
        seen.add(ident)
        if found.parent != parent:
            problems.append((child, _moved(ident, found, parent)))
        return found

    ids: dict[int, str] = {}
    tree = tuple(p for target in targets for p in _walk(target, take, None, ids))
    for ident in (c for c in codes if c not in seen):
        message = f"the target lost code {ident} ({codes[ident].what} in the source): restore it around the words"
        problems.append((targets[0], message + " that translate those"))
    text = markup(tree)
    if not problems and pieces(text) != _joined(tree):
        problems.append((targets[0], _misread(tree, ids, codes, text)))
    return text, problems


def _moved(ident: str, found: Numbered, parent: str | None) -> str:
    here = f"inside code {parent}" if parent else "outside every code"
    there = f"inside code {found.parent}" if found.parent else "outside every code"
    return f"code {ident} ({found.what} in the source) is {here} in the target but {there} there: move it {there}"


def _misread(tree: Pieces, ids: dict[int, str], codes: dict[str, Numbered], text: str) -> str:
    """Why ``text``, the target with its codes as their characters, reads as other markup than the codes say."""
    for span in spans(tree):
        if pieces(markup((span,))) == _joined((span,)):
            continue
        ident = ids[id(span)]
        words = markup(span.content)
        name = f"code {ident} ({codes[ident].what} in the source)"
        if not words.strip():
            return f"{name} holds no words in the target: put the words that translate those inside it"
        if words != words.strip():
            return f"{name} begins or ends with a space in the target, which the pages print as is: move the space out"
        if span.start in "~^" and re.search(r"\s", words):
            return f"{name} holds a space in the target, which a {NAME[span.start]} cannot: take the space out"
        return f"{name} holds '{words}' in the target, which reads as other markup: take the '{span.start}' out"
    return (
        f"the target reads '{text}' once its codes are their characters, other markup than its codes say: "
        "take the '*', '~' or '^' typed into its words out"
    )


def _joined(parts: Pieces) -> Pieces:
    """``parts`` as ``pieces`` reads them: no empty run of text, no two runs side by side."""
    out: list[str | Span] = []
    for p in parts:
        if isinstance(p, Span):
            out.append(Span(p.start, p.end, _joined(p.content)))
        elif p and out and isinstance(out[-1], str):
            out[-1] += p
        elif p:
            out.append(p)
    return tuple(out)


def _walk(el: ET.Element, take: _Take, parent: str | None, ids: dict[int, str]) -> list[str | Span]:
    """``el``'s content: its text, a ``<cp>`` its character, a code that ``take`` takes a span of its content
    (its id in ``ids``, by the span's identity), any other element (an annotation, a code not taken) its content."""
    out: list[str | Span] = [el.text or ""]
    for child in el:
        local = child.tag.rpartition("}")[2] if child.tag.startswith(f"{{{XLIFF}}}") else ""
        if local == "cp":
            out.append(chr(int(child.get("hex", "0"), 16)))
        elif local in ("pc", "ph", "sc", "ec") and (found := take(child, local, parent)) is not None:
            span = Span(found.span.start, found.span.end, tuple(_walk(child, take, child.get("id"), ids)))
            ids[id(span)] = child.get("id", "")
            out.append(span)
        elif local not in ("sm", "em"):  # an annotation's start and end markers hold no text
            out.extend(_walk(child, take, parent, ids))
        out.append(child.tail or "")
    return out
