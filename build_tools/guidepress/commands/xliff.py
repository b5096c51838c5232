"""The texts to translate as an XLIFF 2.0 document (OASIS XLIFF Version 2.0, core), and the document read back.

    <xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="de">
      <file id="liver" original="source/chapters/liver.yml" canResegment="no" xml:space="preserve">
        <unit id="liver-intro.title">
          <mda:metadata><mda:metaGroup category="guidepress">
            <mda:meta type="from">3f2a9c1e0b7d</mda:meta>        the primary text's fingerprint
          </mda:metaGroup></mda:metadata>
          <segment state="initial">
            <source>Liver metastases</source>
            <target>Lebermetastasen</target>                     only for a stale translation
          </segment>

One ``<file>`` per chapter, one ``<unit>`` per text key. A stale
translation is the segment's ``<target>`` in state ``initial`` rather than a
note: ``initial`` is XLIFF 2.0's state before ``translated``, so the target
is a draft (as PO's fuzzy) that a CAT tool offers for editing, and it is
read back only once the translator sets ``translated`` (or ``reviewed``,
``final``). The fingerprint is in the spec's Metadata module, which a CAT
tool does not offer for editing; a tool that drops it leaves the source text
alone to decide. ``canResegment="no"`` keeps one segment per text,
``xml:space="preserve"`` its spaces as they are. Ids are NMTOKENs: a key's
other characters are written ``_<hex>_`` (``footnotes.*`` is
``footnotes._2a_``). A text's inline markup is written as XLIFF's inline
codes and read back from them (xliff_inline.py).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from pyexpat import ErrorString, ExpatError, ParserCreate

from ..chapter_texts import fingerprint
from ..diagnostics import ERROR, Code, Diagnostic, Example, SourcePos
from .xliff_inline import (
    Pieces,
    Problem,
    fill,
    numbered,
    original_data,
    pieces,
    read_target,
    source_text,
    spans,
    target_ids,
)

XLIFF = "urn:oasis:names:tc:xliff:document:2.0"
MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
#: The versions whose core is XLIFF 2.0's (2.1 added modules only, in the same namespace).
VERSIONS = ("2.0", "2.1")
#: Segment states that say the target is done.
DONE = ("translated", "reviewed", "final")
#: Why a unit is left out when the file is read back.
UNTRANSLATED, NOT_DONE, CHANGED = "untranslated", "not marked translated", "made from an earlier primary text"
STALE_NOTE = "The primary text changed after this translation was made: bring it in step and mark it translated."

#: One chapter's texts to translate: (chapter id, its source file, [(key, primary text, stale translation)]).
Todo = tuple[str, str, list[tuple[str, str, str | None]]]

_EXAMPLE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fr">\n'
    '  <file id="liver">\n'
    '    <unit id="liver-intro.title">\n'
    '      <segment state="translated"><source>Liver metastases</source>'
    "<target>Métastases hépatiques</target></segment>\n"
    "    </unit>\n"
    "  </file>\n"
    "</xliff>\n"
)
NOT_OURS = Code(
    "GP245",
    ERROR,
    "a file given to `translations --read-xliff` is not an XLIFF 2.0 document of that translation",
    example=Example(
        None,
        f"$ cat fr.xlf\n{_EXAMPLE}$ guidepress translations --language de --read-xliff fr.xlf\n"
        "fr.xlf:2:1: error GP245 trgLang is 'fr', not the language given with --language ('de')\n"
        "1 error(s), 0 warning(s)\n",
    ),
    fix="read the file of that language (or give its --language); a file that is not XML or not XLIFF 2.0 "
    '(`version="2.0"`, `srcLang` the guideline\'s language) is not one `--xliff` wrote: ask the office to return '
    "the file it was sent, translated",
)
NO_SUCH_TEXT = Code(
    "GP246",
    ERROR,
    "an XLIFF file's `<file>` or `<unit>` names no chapter or text of the guideline",
    example=Example(
        None,
        "$ guidepress translations --language de --read-xliff de.xlf\n"
        "de.xlf:12:5: error GP246 unit 'liver-old.text' names no text of chapter 'liver' (removed or renamed "
        "since the file was written?)\n"
        "1 error(s), 0 warning(s)\n",
    ),
    fix="delete the unit (or the file) from the XLIFF file, or write the file anew with `--xliff` and have the "
    "translations carried over; `guidepress translations` lists the keys there are",
)
INLINE_CODES = Code(
    "GP247",
    ERROR,
    "an XLIFF target's inline codes (the source's markup) are not its source's: one lost, duplicated, invented, "
    "moved into another code or turned into other markup",
    example=Example(
        None,
        "$ guidepress translations --language de --read-xliff de.xlf\n"
        "de.xlf:40:9: error GP247 unit 'test-second.text': the target lost code 1 (bold around 'two' in the "
        "source): restore it around the words that translate those\n"
        "1 error(s), 0 warning(s)\n",
    ),
    fix="in the CAT tool, put each code of the source once into the target, around the words that translate what "
    "it marks in the source and inside the same code as there (the tool's command to insert the source's tags or "
    "codes); a code holds words and no space at either end",
)
CODES = (NOT_OURS, NO_SUCH_TEXT, INLINE_CODES)

_OTHER = re.compile(r"[^A-Za-z0-9.:-]")
_ESCAPE = re.compile(r"_([0-9a-f]{1,6})_")


def nmtoken(key: str) -> str:
    """``key`` as an XML NMTOKEN (the type of XLIFF's ids), one to one: ``_`` and other characters as ``_<hex>_``."""
    return _OTHER.sub(lambda m: f"_{ord(m[0]):x}_", key)


def key_of(token: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m[1], 16)) if int(m[1], 16) <= 0x10FFFF else m[0], token)


def xliff_document(source_lang: str, target_lang: str, chapters: list[Todo]) -> bytes:
    """The document of every chapter that has texts to translate (at least one must)."""
    # Names as written, prefixes declared on the root: ElementTree would name the namespaces ns0, ns1.
    root = ET.Element("xliff", {"xmlns": XLIFF, "xmlns:mda": MDA})
    root.attrib |= {"version": "2.0", "srcLang": source_lang, "trgLang": target_lang}
    inline: list[tuple[ET.Element, Pieces, Iterator[str]]] = []
    for chapter, original, texts in chapters:
        if not texts:
            continue
        attrs = {"id": nmtoken(chapter), "original": original, "canResegment": "no", "xml:space": "preserve"}
        file = ET.SubElement(root, "file", attrs)
        for key, text, stale in texts:
            unit = ET.SubElement(file, "unit", {"id": nmtoken(key)})
            group = ET.SubElement(ET.SubElement(unit, "mda:metadata"), "mda:metaGroup", {"category": "guidepress"})
            ET.SubElement(group, "mda:meta", {"type": "from"}).text = fingerprint(text)
            if stale is not None:
                ET.SubElement(ET.SubElement(unit, "notes"), "note", {"category": "guidepress"}).text = STALE_NOTE
            source, drafted = pieces(text), pieces(stale) if stale is not None else ()
            source_codes = numbered(source)
            codes = {code: n.span for code, n in source_codes.items()}
            ids = target_ids(drafted, source_codes)
            original_data(unit, codes | dict(zip(ids, spans(drafted), strict=True)))
            segment = ET.SubElement(unit, "segment", {"state": "initial"})
            inline.append((ET.SubElement(segment, "source"), source, iter(codes)))
            if stale is not None:
                inline.append((ET.SubElement(segment, "target"), drafted, iter(ids)))
    # Indenting after the sources and targets are filled would indent their inline codes too, into their text.
    ET.indent(root)
    for element, parts, code_ids in inline:
        fill(element, parts, code_ids)
    document: bytes = ET.tostring(root, encoding="UTF-8", xml_declaration=True)
    return document + b"\n"


def read_xliff(
    data: bytes, shown: str, source_lang: str, target_lang: str, primary: dict[str, dict[str, str]]
) -> tuple[dict[str, dict[str, str]], Counter[str], list[Diagnostic]]:
    """The finished translations of a document (chapter -> key -> text), why others were left out, its problems.

    ``primary`` is each chapter's texts by key as they are now. A unit is
    taken when its source is the primary text now (and the fingerprint it
    carries, if any, that text's), its target is not empty and every segment
    is in a state that says done.
    """
    try:
        root, where = _parse(data)
    except ExpatError as e:
        message = f"the file is not well-formed XML: {ErrorString(e.code)}"
        return {}, Counter(), [NOT_OURS.at(SourcePos(shown, e.lineno, e.offset + 1), message)]
    except _DoctypeRefused as e:
        return (
            {},
            Counter(),
            [NOT_OURS.at(SourcePos(shown, *e.args), "the file has a DOCTYPE, which XLIFF 2.0 has not")],
        )

    def at(el: ET.Element) -> SourcePos:
        return SourcePos(shown, *where[el])

    if problem := _not_ours(root, source_lang, target_lang):
        return {}, Counter(), [NOT_OURS.at(at(root), problem)]
    if unreadable := [cp for cp in root.iter(_x("cp")) if not _is_character(cp.get("hex", ""))]:
        message = '<cp hex="{}"> names no character: write the character, or its code point in hex (1 to 10FFFF)'
        return {}, Counter(), [NOT_OURS.at(at(cp), message.format(cp.get("hex", ""))) for cp in unreadable]
    accepted: dict[str, dict[str, str]] = {}
    skipped: Counter[str] = Counter()
    problems: list[Diagnostic] = []
    for file in root.iter(_x("file")):
        chapter = key_of(file.get("id", ""))
        if (texts := primary.get(chapter)) is None:
            problems.append(NO_SUCH_TEXT.at(at(file), f"file '{file.get('id', '')}' names no chapter of the guideline"))
            continue
        for unit in file.iter(_x("unit")):
            key = key_of(unit.get("id", ""))
            if (text := texts.get(key)) is None:
                message = f"unit '{key}' names no text of chapter '{chapter}'"
                message += " (removed or renamed since the file was written?)"
                problems.append(NO_SUCH_TEXT.at(at(unit), message))
                continue
            translation, why, wrong = _unit(unit, text)
            problems += (INLINE_CODES.at(at(el), f"unit '{key}': {message}") for el, message in wrong)
            if translation is not None:
                accepted.setdefault(chapter, {})[key] = translation
            elif why:
                skipped[why] += 1
    return accepted, skipped, problems


def _not_ours(root: ET.Element, source_lang: str, target_lang: str) -> str | None:
    if root.tag != _x("xliff"):
        namespace, _, local = root.tag[1:].rpartition("}") if "}" in root.tag else ("", "", root.tag)
        found = f'<{local} xmlns="{namespace}">' if namespace else f"<{local}>"
        return f'the file is not XLIFF 2.0: its root element is {found}, not <xliff xmlns="{XLIFF}">'
    if (version := root.get("version")) not in VERSIONS:
        return f"the file is XLIFF version '{version}'; guidepress reads XLIFF 2.0 (write the file anew with --xliff)"
    if not _within(src := root.get("srcLang", ""), source_lang):
        return f"srcLang is '{src}', not the guideline's language ('{source_lang}')"
    if (trg := root.get("trgLang")) is None or not _within(trg, target_lang):
        return f"trgLang is {repr(trg) if trg else 'missing'}, not the language given with --language ('{target_lang}')"
    return None


def _is_character(hex_digits: str) -> bool:
    """Whether a ``<cp hex>`` names a character (xliff_inline reads it as that): a code point, no surrogate."""
    if not re.fullmatch(r"[0-9A-Fa-f]{1,6}", hex_digits):
        return False
    value = int(hex_digits, 16)
    return value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF


def _within(tag: str, language: str) -> bool:
    """``tag`` is ``language`` or a region or variant of it: a CAT tool may write ``de-DE`` for ``de``."""
    tag, language = tag.lower(), language.lower()
    return tag == language or tag.startswith(language + "-")


def _unit(unit: ET.Element, text: str) -> tuple[str | None, str, list[Problem]]:
    """The unit's translation of ``text``, or None and why not, and what is wrong with its target's codes."""
    sources: list[ET.Element] = []
    targets: list[ET.Element] = []
    states: list[str] = []
    missing = False
    for part in unit:
        is_segment = part.tag == _x("segment")
        if not is_segment and part.tag != _x("ignorable"):
            continue
        src, trg = part.find(_x("source")), part.find(_x("target"))
        if src is None:
            src = ET.Element(_x("source"))
        sources.append(src)
        # An ignorable (the space between segments) without a target stands for itself.
        targets.append(trg if trg is not None else src)
        if is_segment:
            states.append(part.get("state", "initial"))
            missing |= trg is None
    codes = numbered(pieces(text))
    carried = unit.find(f"{{{MDA}}}metadata/{{{MDA}}}metaGroup[@category='guidepress']/{{{MDA}}}meta[@type='from']")
    made_from = carried.text or "" if carried is not None else None
    if source_text(sources, codes) != text or (made_from is not None and made_from.strip() != fingerprint(text)):
        return None, CHANGED, []
    if missing or not "".join(t for target in targets for t in target.itertext()).strip():
        return None, UNTRANSLATED, []
    if any(state not in DONE for state in states):
        return None, NOT_DONE, []
    translation, problems = read_target(targets, codes)
    return (None if problems else translation), "", problems


class _DoctypeRefused(Exception):
    """A document with a DOCTYPE: refused before any entity could be declared (and expanded)."""


def _parse(data: bytes) -> tuple[ET.Element, dict[ET.Element, tuple[int, int]]]:
    """The document and each element's line and column (ElementTree's own parser does not keep them)."""
    builder = ET.TreeBuilder()
    where: dict[ET.Element, tuple[int, int]] = {}
    parser = ParserCreate(namespace_separator="}")

    def start(name: str, attrs: dict[str, str]) -> None:
        element = builder.start(_name(name), {_name(k): v for k, v in attrs.items()})
        where[element] = (parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)

    def doctype(*_: object) -> None:
        raise _DoctypeRefused(parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda name: builder.end(_name(name))
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = doctype
    parser.Parse(data, True)
    return builder.close(), where


def _name(expat_name: str) -> str:
    """expat's ``namespace}local`` as ElementTree's ``{namespace}local``."""
    return "{" + expat_name if "}" in expat_name else expat_name


def _x(local: str) -> str:
    return f"{{{XLIFF}}}{local}"
