"""The structure tree (tagged PDF) of card sets joined into one file.

WeasyPrint writes each card set tagged (PDF/UA-1: a structure tree whose
elements own the marked content of the pages). pypdf's joining copies the
pages but not the tree, and drops the pages' keys into it
(``/StructParents``), so the joined file would be untagged: a screen reader
would get the words without headings, tables or reading order.
``JoinedStructure`` copies each set's tree into the joined file, one ``Part``
per set under one ``Document`` element, and rebuilds the parent tree (from
the pages' marked content and the link annotations back to their elements)
with its keys renumbered across the sets.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, PdfObject


class JoinedStructure:
    """The structure trees of the sets appended to ``writer``, copied set by set (``add``, while
    the set's reader is at hand) and written into the catalog by ``finish``."""

    def __init__(self, writer: PdfWriter) -> None:
        from pypdf.generic import ArrayObject, DictionaryObject, NameObject

        self.writer = writer
        self.root = writer._add_object(DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")}))
        self.document = _element(writer, "/Document", self.root)
        self.nums = ArrayObject()  # the parent tree's (key, value) pairs, in key order
        self.tagged = True  # false once a set without a tree is appended: the whole file is untagged

    def add(self, reader: PdfReader, first_page: int, label: str) -> None:
        """Copy the tree of ``reader``, whose pages were appended from page index ``first_page`` on,
        as a part titled ``label``."""
        from pypdf.generic import NameObject, NumberObject, TextStringObject

        source = cast("DictionaryObject", reader.trailer["/Root"]).get("/StructTreeRoot")
        if source is None:
            self.tagged = False
            return
        source = cast("DictionaryObject", source.get_object())
        n = len(reader.pages)
        pages = {cast("IndirectObject", reader.pages[j].indirect_reference).idnum: first_page + j for j in range(n)}
        # Each link annotation by its key into the old parent tree: the joined file's copy of it
        # (pypdf appends a page's annotations in their order; the same rectangle confirms it).
        annotations: dict[int, DictionaryObject] = {}
        for j in range(n):
            mine, theirs = reader.pages[j].get("/Annots") or [], self.writer.pages[first_page + j].get("/Annots") or []
            for old, new in zip(mine, theirs, strict=False):  # pypdf may leave a broken link out
                old, new = old.get_object(), new.get_object()
                if "/StructParent" in old and old.get("/Rect") == new.get("/Rect"):
                    annotations[int(old["/StructParent"])] = new
        part = _element(self.writer, "/Part", self.document)
        _dict(part)[NameObject("/T")] = TextStringObject(label)
        copy = _TreeCopy(self.writer, pages)
        document = _kids(source)[0]
        for kid in _kids(_dict(document)):
            cast("ArrayObject", _dict(part)["/K"]).extend(copy.entries(kid, part, None))
        cast("ArrayObject", _dict(self.document)["/K"]).append(part)
        entries = cast("ArrayObject", cast("DictionaryObject", source["/ParentTree"].get_object()).get("/Nums", []))
        for value in entries[1::2]:
            copy.adopt(value, cast("IndirectObject", document), part)
        for key, value in zip(entries[::2], entries[1::2], strict=True):
            new_key = NumberObject(len(self.nums) // 2)
            if int(key) < n:  # a page's marked content, by MCID
                self.writer.pages[first_page + int(key)][NameObject("/StructParents")] = new_key
            elif int(key) in annotations:
                annotations[int(key)][NameObject("/StructParent")] = new_key
            else:
                continue  # an annotation pypdf did not carry over
            self.nums.extend([new_key, copy.mapped(value)])

    def finish(self) -> None:
        """Write the tree into the catalog: the file is tagged (nothing when a set was not)."""
        from pypdf.generic import ArrayObject, BooleanObject, DictionaryObject, NameObject, NumberObject

        if not self.tagged:
            return
        root = cast("DictionaryObject", self.root.get_object())
        root[NameObject("/K")] = ArrayObject([self.document])
        root[NameObject("/ParentTree")] = self.writer._add_object(DictionaryObject({NameObject("/Nums"): self.nums}))
        root[NameObject("/ParentTreeNextKey")] = NumberObject(len(self.nums) // 2)
        catalog = self.writer.root_object
        catalog[NameObject("/StructTreeRoot")] = self.root
        catalog[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
        catalog[NameObject("/ViewerPreferences")] = DictionaryObject(
            {NameObject("/DisplayDocTitle"): BooleanObject(True)}
        )


class _TreeCopy:
    """Structure elements of one set copied into the joined file, each once."""

    def __init__(self, writer: PdfWriter, pages: dict[int, int]) -> None:
        self.writer = writer
        self.pages = pages  # old page object number -> page index in the joined file
        self.copies: dict[int, IndirectObject] = {}  # old element object number -> its copy

    def entries(self, kid: PdfObject, owner: IndirectObject, owner_page: PdfObject | None) -> list[PdfObject]:
        """The copy of one entry of a /K, as entries of the /K of ``owner`` (the copy of the element
        holding it, or of the nearest one kept) whose page is ``owner_page``: an element, a
        marked-content or object reference, an MCID. A plain span (WeasyPrint's inline boxes: no
        attributes, nothing for a reader) is not copied: its entries go to ``owner``, which the
        parent tree names for its content; it saves an object per span in the joined file, where
        pypdf cannot pack objects into compressed streams as WeasyPrint does."""
        from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

        target = kid.get_object()
        if not isinstance(target, DictionaryObject):
            return [kid]  # an MCID on the owner's page: a span's MCIDs come wrapped (_content)
        if target.get("/Type") in ("/MCR", "/OBJR"):
            out = DictionaryObject()
            for key, value in target.items():
                if key == "/Pg":
                    out[NameObject(key)] = self._page(target.raw_get("/Pg"))
                elif key == "/Obj":
                    out[NameObject(key)] = self._annotation(target.raw_get("/Obj"), target.raw_get("/Pg"))
                else:
                    out[NameObject(key)] = value.clone(self.writer)
            return [out]
        assert isinstance(kid, IndirectObject), "WeasyPrint writes every structure element as an object"
        page = self._page(target.raw_get("/Pg")) if "/Pg" in target else owner_page
        if target.get("/S") == "/Span" and set(target) <= _PLAIN_SPAN:
            self.copies[kid.idnum] = owner
            return [e for k in _kids(target) for e in self._content(k, owner, owner_page, page)]
        new = self.writer._add_object(DictionaryObject())
        self.copies[kid.idnum] = new
        element = cast("DictionaryObject", new.get_object())
        for key, value in target.items():
            if key == "/P":
                element[NameObject(key)] = owner
            elif key == "/Pg":
                element[NameObject(key)] = page
            elif key != "/K":
                element[NameObject(key)] = value.clone(self.writer)
        if "/K" in target:
            element[NameObject("/K")] = ArrayObject(e for k in _kids(target) for e in self.entries(k, new, page))
        return [new]

    def _content(
        self, kid: PdfObject, owner: IndirectObject, owner_page: PdfObject | None, page: PdfObject | None
    ) -> list[PdfObject]:
        """An entry of a plain span's /K, for ``owner``'s: an MCID of a page other than the owner's
        becomes a marked-content reference naming its page."""
        from pypdf.generic import DictionaryObject, NameObject, NumberObject

        if isinstance(kid.get_object(), DictionaryObject) or page is None or page == owner_page:
            return self.entries(kid, owner, owner_page)
        return [
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/MCR"),
                    NameObject("/Pg"): page,
                    NameObject("/MCID"): NumberObject(int(cast("NumberObject", kid.get_object()))),
                }
            )
        ]

    def adopt(self, value: PdfObject, document: IndirectObject, part: IndirectObject) -> None:
        """Copy the elements a parent-tree value names that the tree does not reach, and hang
        them where their /P says. WeasyPrint gives the part of a box continued on a later page
        an element of its own whose parent does not list it: without this its content would
        belong to no element of the joined file."""
        from pypdf.generic import ArrayObject, IndirectObject

        target = value.get_object()
        if isinstance(target, ArrayObject):
            for v in target:
                self.adopt(v, document, part)
            return
        if not isinstance(value, IndirectObject) or value.idnum in self.copies:
            return
        top = value
        while True:  # up to the first element whose parent is copied, or the set's Document
            parent = _dict(top).raw_get("/P") if "/P" in _dict(top) else None
            if not isinstance(parent, IndirectObject) or parent.idnum == document.idnum:
                owner = part
                break
            if parent.idnum in self.copies:
                owner = self.copies[parent.idnum]
                break
            top = parent
        page = _dict(owner).raw_get("/Pg") if "/Pg" in _dict(owner) else None
        cast("ArrayObject", _dict(owner)["/K"]).extend(self.entries(top, owner, page))

    def mapped(self, value: PdfObject) -> PdfObject:
        """A parent-tree value (an element, or an array of them per MCID) in the joined file's objects."""
        from pypdf.generic import ArrayObject, IndirectObject, NullObject

        target = value.get_object()
        if isinstance(target, ArrayObject):
            return ArrayObject([self.mapped(v) for v in target])
        if isinstance(value, IndirectObject) and value.idnum in self.copies:
            return self.copies[value.idnum]
        return NullObject()  # an element outside the copied tree: nothing owns that content

    def _page(self, ref: PdfObject) -> PdfObject:
        from pypdf.generic import IndirectObject

        assert isinstance(ref, IndirectObject)
        return cast("IndirectObject", self.writer.pages[self.pages[ref.idnum]].indirect_reference)

    def _annotation(self, ref: PdfObject, page: PdfObject) -> PdfObject:
        """The joined file's copy of an annotation: the one at its index on its page."""
        from pypdf.generic import IndirectObject, NullObject

        assert isinstance(ref, IndirectObject) and isinstance(page, IndirectObject)
        olds = [a.idnum for a in _dict(page).get("/Annots") or []]
        news = self.writer.pages[self.pages[page.idnum]].get("/Annots") or []
        if ref.idnum not in olds or olds.index(ref.idnum) >= len(news):
            return NullObject()
        return cast("PdfObject", news[olds.index(ref.idnum)])


#: The keys of a span that only groups content (anything else, a /Lang or /ActualText, is kept).
_PLAIN_SPAN = {"/Type", "/S", "/P", "/Pg", "/K"}


def _element(writer: PdfWriter, role: str, parent: PdfObject) -> IndirectObject:
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    return writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject(role),
                NameObject("/P"): parent,
                NameObject("/K"): ArrayObject(),
            }
        )
    )


def _dict(ref: PdfObject) -> DictionaryObject:
    """The dictionary ``ref`` (an object reference, or the dictionary itself) stands for."""
    return cast("DictionaryObject", ref.get_object())


def _kids(element: DictionaryObject) -> list[PdfObject]:
    from pypdf.generic import ArrayObject

    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids.get_object(), ArrayObject) else [element.raw_get("/K")]


def xmp_stream(writer: PdfWriter, xmp: bytes, title: str) -> IndirectObject:
    """The first set's XMP metadata (where PDF/UA names itself, pdfuaid:part) under the joined file's ``title``."""
    from xml.sax.saxutils import escape

    from pypdf.generic import NameObject, StreamObject

    text = re.sub(
        r"(<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">).*?(</rdf:li>)",
        lambda m: m.group(1) + escape(title) + m.group(2),
        xmp.decode("utf-8"),
        count=1,
        flags=re.DOTALL,
    )
    stream = StreamObject()
    stream.set_data(text.encode("utf-8"))
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    return writer._add_object(stream)
