"""Card sets joined into one PDF (``cards/guideline.pdf``) with pypdf.

The chapter sets, each whole (its own grading and sources cards and
numbering), in chapter order, joined from their PDF bytes, never laid out a
second time. Its outline has one entry per chapter holding that chapter's
bookmarks.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from .structure import JoinedStructure, xmp_stream

if TYPE_CHECKING:
    from pypdf.generic import DictionaryObject

#: Raise when ``Concatenation`` writes different bytes for the same sets (retires cached joined files).
JOIN_FORMAT = 2


class Concatenation:
    """Card sets (PDF bytes) joined into one PDF, in the order given, each set whole.

    Sets may arrive in any order (``add(index, pdf)``); each is appended as
    soon as every set before it is in, so most of the work can overlap the
    layout of later sets. The result (``pdf(title)``) has every page of every
    set, with its links; an outline with one top-level entry per set
    (``labels``) holding that set's own bookmarks; the document information
    of the first set (author, subject, keywords, dates) with ``title``; its
    language; and a file identifier derived from the sets' bytes. Nothing in
    it depends on the clock or on chance: the same sets give the same bytes.
    Identical objects (the same badge pattern in every set) are stored once;
    each font subset gets a tag of its own (``_retag_font_subsets``).
    """

    def __init__(self, labels: list[str]) -> None:
        from pypdf import PdfWriter  # imported late: only needed with several chapters

        self.labels = labels
        self.digests: list[bytes | None] = [None] * len(labels)
        self._readers: list[Any] = [None] * len(labels)
        self._info: dict[str, str] | None = None
        self._lang: str | None = None
        self._xmp: bytes | None = None
        self.appended = 0
        self._writer = PdfWriter()
        self._structure = JoinedStructure(self._writer)

    def add(self, index: int, pdf: bytes) -> None:
        """Read set ``index`` now (most of the work, in any order); append it once all before it are in."""
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(pdf))
        _retag_font_subsets(reader)  # reads every page's resources: the set's objects are parsed here
        self.digests[index] = hashlib.sha256(pdf).digest()
        self._readers[index] = reader
        if index == 0:
            self._info = {str(k): str(v) for k, v in (reader.metadata or {}).items()}
            lang = cast("DictionaryObject", reader.trailer["/Root"]).get("/Lang")  # the catalog is a dictionary
            self._lang = None if lang is None else str(lang)
            xmp = cast("DictionaryObject", reader.trailer["/Root"]).get("/Metadata")
            self._xmp = None if xmp is None else xmp.get_object().get_data()
        while self.appended < len(self._readers) and self._readers[self.appended] is not None:
            reader, label, first = self._readers[self.appended], self.labels[self.appended], len(self._writer.pages)
            self._writer.append(reader, outline_item=label, import_outline=True)
            self._structure.add(reader, first, label)
            self._readers[self.appended] = True  # appended: the reader can go
            self.appended += 1

    def pdf(self, title: str) -> bytes:
        import pypdf
        from pypdf.generic import ArrayObject, ByteStringObject, NameObject, create_string_object

        if self.appended != len(self._readers) or not self._readers:
            raise ValueError(f"{self.appended} of {len(self._readers)} card sets added")
        writer = self._writer
        info = dict(self._info or {})
        producer = info.get("/Producer", "")
        info["/Title"] = title
        info["/Producer"] = f"{producer}; sets joined by pypdf {pypdf.__version__}".lstrip("; ")
        writer.metadata = info
        if self._lang is not None:
            writer.root_object[NameObject("/Lang")] = create_string_object(self._lang)
        self._structure.finish()
        if self._xmp is not None:
            writer.root_object[NameObject("/Metadata")] = xmp_stream(writer, self._xmp, title)
        writer.compress_identical_objects()
        digest = hashlib.sha256(title.encode("utf-8"))
        for part in self.digests:
            digest.update(part or b"")
        identifier = ByteStringObject(digest.hexdigest()[:32].encode("ascii"))
        writer._ID = ArrayObject([identifier, identifier])  # pypdf sets none unless encrypting
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()


def _retag_font_subsets(reader: Any) -> None:
    """Give each embedded font subset of ``reader`` a tag derived from its font program.

    WeasyPrint names a subset by its font alone (every chapter's DejaVu Sans
    subset is ``XKQQSR+DejaVu-Sans``), but the PDF format wants different
    subsets in one file to have different tags: a viewer or printer may take
    a glyph from the wrong subset otherwise. The same subset keeps the same tag.
    """
    from pypdf.generic import DictionaryObject, NameObject

    seen: set[int] = set()

    def fonts(resources: Any) -> Iterable[Any]:
        resources = resources.get_object() if resources is not None else None
        if not isinstance(resources, DictionaryObject) or id(resources) in seen:
            return
        seen.add(id(resources))
        yield from (f.get_object() for f in _dictionary(resources.get("/Font")).values())
        for kind in ("/XObject", "/Pattern"):
            for inner in _dictionary(resources.get(kind)).values():
                yield from fonts(inner.get_object().get("/Resources"))

    renamed: set[int] = set()
    for page in reader.pages:
        for font in fonts(page.get("/Resources")):
            if id(font) in renamed:
                continue
            renamed.add(id(font))
            parts = [font] + [d.get_object() for d in font.get("/DescendantFonts", [])]
            descriptor = next((d["/FontDescriptor"].get_object() for d in parts if "/FontDescriptor" in d), None)
            program = next(
                (
                    descriptor[k].get_object()
                    for k in ("/FontFile2", "/FontFile3", "/FontFile")
                    if descriptor is not None and k in descriptor
                ),
                None,
            )
            name = str(font.get("/BaseFont", ""))
            if descriptor is None or program is None or not re.fullmatch(r"/[A-Z]{6}\+.+", name):
                continue  # not an embedded subset
            digest = hashlib.sha256(program.get_data()).digest()
            tag = "".join(chr(ord("A") + b % 26) for b in digest[:6])
            new = NameObject(f"/{tag}+{name[8:]}")
            for d in parts:
                if "/BaseFont" in d:
                    d[NameObject("/BaseFont")] = new
            descriptor[NameObject("/FontName")] = new


def concatenate_card_sets(sets: list[tuple[str, bytes]], title: str) -> bytes:
    """(outline label, PDF) of each card set -> one PDF of them all; see ``Concatenation``."""
    joined = Concatenation([label for label, _ in sets])
    for i, (_, pdf) in enumerate(sets):
        joined.add(i, pdf)
    return joined.pdf(title)


def _dictionary(value: Any) -> DictionaryObject:
    """The dictionary ``value`` refers to; an empty one for a key a resource dictionary lacks."""
    from pypdf.generic import DictionaryObject

    return cast(DictionaryObject, (value or DictionaryObject()).get_object())
