"""Tagged cards: every card PDF carries a structure tree (PDF/UA-1) that holds what the cards print.

The tree is read with pypdf: each element's text is the text of the marked
content it owns (its MCIDs on its page), so a statement "under the tree" is
one whose words are in the content of a table cell of it.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections import Counter, defaultdict
from typing import Any

import pypdf
import pytest
from card_models import three_chapters
from card_pdfs import SITE, _Epoch, rendered
from pypdf.generic import ArrayObject, DictionaryObject

from guidepress.model import Guideline
from guidepress.render.cards import render_cards
from guidepress.text import plain
from guidepress.verify.compare import squash


class Tree:
    """The structure elements of a PDF: (role, text, title) in reading order."""

    def __init__(self, pdf: bytes) -> None:
        self.reader = pypdf.PdfReader(io.BytesIO(pdf))
        self.catalog: DictionaryObject = self.reader.trailer["/Root"]
        self._marked = self._marked_content()
        self.elements: list[tuple[str, str, str | None]] = []
        root = self.catalog["/StructTreeRoot"].get_object()
        for kid in _kids(root):
            self._walk(kid, None)

    def _marked_content(self) -> dict[tuple[int, int], str]:
        """The text of each (page object number, MCID)."""
        texts: dict[tuple[int, int], str] = {}
        for page in self.reader.pages:
            number = page.indirect_reference.idnum
            texts |= {(number, mcid): text for mcid, text in _page_marked_content(page).items()}
        return texts

    def _walk(self, ref: Any, page: int | None) -> str:
        element = ref.get_object()
        if not isinstance(element, DictionaryObject):
            return self._marked.get((page, int(element)), "") if page is not None else ""
        if element.get("/Type") == "/MCR":
            return self._marked.get((element.raw_get("/Pg").idnum, int(element["/MCID"])), "")
        if "/S" not in element:
            return ""  # an object reference (a link annotation): no text of its own
        if "/Pg" in element:
            page = element.raw_get("/Pg").idnum
        text = "".join(self._walk(kid, page) for kid in _kids(element))
        title = element.get("/T")
        self.elements.append((str(element["/S"]), text, None if title is None else str(title)))
        return text

    def texts(self, role: str) -> list[str]:
        return [squash(text) for r, text, _ in self.elements if r == role]


def _page_marked_content(page: pypdf.PageObject) -> dict[int, str]:
    """The text of each MCID of a page: what is shown between its BDC and EMC operators."""
    texts: dict[int, str] = defaultdict(str)
    stack: list[int | None] = []

    def before(op: bytes, args: Any, *_: Any) -> None:
        if op == b"BDC":
            props = args[1].get_object() if len(args) > 1 else None
            marked = isinstance(props, DictionaryObject) and "/MCID" in props
            stack.append(int(props["/MCID"]) if marked else None)
        elif op == b"BMC":
            stack.append(None)
        elif op == b"EMC" and stack:
            stack.pop()

    def text(t: str, *_: Any) -> None:
        if stack and stack[-1] is not None:
            texts[stack[-1]] += t

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return texts


def _kids(element: DictionaryObject) -> list[Any]:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids.get_object(), ArrayObject) else [element.raw_get("/K")]


def _statements(g: Guideline, chapters: Any = None) -> list[str]:
    return [
        squash(plain(rec.text))
        for c in chapters or g.chapters
        for s in c.sections
        for top in s.recommendations
        for rec in top.walk()
    ]


def assert_tagged(pdf: bytes, g: Guideline, title: str) -> Tree:
    tree = Tree(pdf)
    assert tree.catalog["/MarkInfo"]["/Marked"].value is True
    assert str(tree.catalog["/Lang"]) == g.language
    assert tree.reader.metadata.title == title
    xmp = tree.catalog["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfuaid:part="1"' in xmp and f">{title}<" in xmp
    # Every page's marked content belongs to the tree: its key into the parent tree is there.
    nums = tree.catalog["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    keys = {int(k) for k in nums[::2]}
    assert all(int(page["/StructParents"]) in keys for page in tree.reader.pages)
    cells = tree.texts("/TD")
    for statement in _statements(g):
        assert any(statement in cell for cell in cells), f"{statement!r} is in no table cell of the tree"
    headings = tree.texts("/H2")
    for c in g.chapters:
        for s in c.sections:
            assert any(squash(plain(s.title)) in h for h in headings), f"no heading {s.title!r}"
    return tree


@pytest.mark.slow
@pytest.mark.parametrize("size", ["a6", "a7"])
def test_chapter_cards_are_tagged_and_the_tree_holds_the_statements(guideline, size):
    out = rendered(guideline, size)
    ch = guideline.chapters[0]
    for path in (f"cards/{ch.id}.pdf", "cards/guideline.pdf"):
        title = pypdf.PdfReader(io.BytesIO(out[path])).metadata.title
        assert_tagged(out[path], guideline, title)


@pytest.mark.slow
def test_joined_cards_keep_every_chapters_tree(guideline):
    g = three_chapters(guideline)
    with _Epoch():
        out = render_cards(g, site_url=SITE, workers=1)
    joined = pypdf.PdfReader(io.BytesIO(out["cards/guideline.pdf"]))
    tree = assert_tagged(out["cards/guideline.pdf"], g, joined.metadata.title)
    parts = [(text, title) for role, text, title in tree.elements if role == "/Part"]
    assert [title for _, title in parts] == [c.title for c in g.chapters]
    for (text, _), c in zip(parts, g.chapters, strict=True):
        squashed = squash(text)
        assert all(s in squashed for s in _statements(g, [c])), c.title
    # each set's own tree is copied whole, but for its plain spans (inline boxes, no attributes),
    # whose content their parents own; the elements WeasyPrint leaves out of a set's tree (those of a
    # box continued on the next page) are hung under their parents: at least as many of each role
    sets = [Tree(out[f"cards/{c.id}.pdf"]) for c in g.chapters]
    roles = Counter(role for role, *_ in tree.elements if role not in ("/Part", "/Document"))
    assert "/Span" not in roles
    in_sets = Counter(r for t in sets for r, *_ in t.elements if r not in ("/Document", "/Span"))
    assert all(roles[r] >= n for r, n in in_sets.items()), (roles, in_sets)
    # every MCID of every page belongs to an element of the tree
    owners = tree.catalog["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    for page in tree.reader.pages:
        mcids = _page_marked_content(page)
        owned = owners[owners.index(page["/StructParents"]) + 1]
        elements = [owned[m].get_object() for m in mcids]
        assert all(isinstance(e, DictionaryObject) and "/S" in e for e in elements), page.page_number


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler's pdfinfo is not installed")
def test_pdfinfo_reports_the_cards_tagged(guideline, tmp_path):
    out = rendered(guideline, "a6")
    for path, pdf in out.items():
        file = tmp_path / path.replace("/", "-")
        file.write_bytes(pdf)
        info = subprocess.run(["pdfinfo", str(file)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE), path
