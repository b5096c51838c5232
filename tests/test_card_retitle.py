"""A laid-out card set written under several titles (render/cards/retitle.py) is painted once,
and each PDF has the bytes WeasyPrint writes for that title alone."""

from __future__ import annotations

import hashlib
import io
from typing import Any

import pypdf
import pytest
from weasyprint import HTML
from weasyprint.pdf import VARIANTS

from guidepress.render.cards.layout import PDF_VARIANT
from guidepress.render.cards.retitle import PDF_VERSION, write_titled

HTML_TEXT = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>ignored</title>
<meta name="author" content="Publisher"><meta name="dcterms.created" content="2024-01-02">
<style>@page { size: 105mm 148mm; @bottom-center { content: counter(page) "/" counter(pages) } }
h2 { bookmark-level: 2 } section { break-before: page }</style></head><body>
<section id="a"><h2>First card</h2><table><tr><th>Statement</th></tr><tr><td>Do this.</td></tr></table>
<p><a href="https://example.org/a">link</a> <a href="#b">to the second</a></p></section>
<section id="b"><h2>Second card</h2><p>Text on the second page.</p></section></body></html>"""

TITLES = ["Cards — chapter", "Cards — all chapters", "A third title, longer than both"]


def identifier(title: str) -> bytes:
    return hashlib.sha256(title.encode("utf-8")).hexdigest()[:32].encode("ascii")


def alone(variant: str, title: str) -> bytes:
    """What WeasyPrint writes for ``title`` from a layout of its own."""
    document = HTML(string=HTML_TEXT).render()
    document.metadata.title = title
    return bytes(document.write_pdf(pdf_identifier=identifier(title), pdf_variant=variant, pdf_version=PDF_VERSION))


def test_each_title_gets_the_bytes_of_its_own_write():
    pdfs = write_titled(HTML(string=HTML_TEXT).render(), PDF_VARIANT, TITLES, identifier)
    assert pdfs == [alone(PDF_VARIANT, title) for title in TITLES]
    assert [pypdf.PdfReader(io.BytesIO(p)).metadata.title for p in pdfs] == TITLES


def test_one_painting_for_all_titles(monkeypatch: pytest.MonkeyPatch):
    from weasyprint.document import Page

    painted: list[int] = []
    paint = Page.paint
    monkeypatch.setattr(Page, "paint", lambda self, *a, **k: painted.append(1) or paint(self, *a, **k))
    document = HTML(string=HTML_TEXT).render()
    write_titled(document, PDF_VARIANT, TITLES, identifier)
    assert len(painted) == len(document.pages)


def test_a_variant_that_makes_more_than_metadata_is_painted_per_title(monkeypatch: pytest.MonkeyPatch):
    """A variant whose output the copies could not share (here: an extra object) is written whole
    for each title."""
    import pydyf

    ua, properties = VARIANTS[PDF_VARIANT]

    def more(pdf: Any, document: Any, page_streams: Any, attachments: Any, compress: bool) -> None:
        ua(pdf, document, page_streams, attachments, compress)
        extra = pydyf.Dictionary({"Made": pydyf.String(document.metadata.title)})
        pdf.add_object(extra)
        pdf.catalog["Extra"] = extra.reference

    monkeypatch.setitem(VARIANTS, "test-more", (more, properties))
    pdfs = write_titled(HTML(string=HTML_TEXT).render(), "test-more", TITLES, identifier)
    assert pdfs == [alone("test-more", title) for title in TITLES]
