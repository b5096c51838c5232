"""One laid-out card set written as several PDFs that differ only in their title.

A one-chapter guideline's set is both ``cards/<chapter-id>.pdf`` and
``cards/guideline.pdf``: the same pages under two titles. WeasyPrint paints
every page and builds every PDF object (fonts, structure tree, links) for each
``write_pdf``, though only the title changes: the document information's
``/Title`` and the XMP metadata stream (``dc:title``). So the first title's PDF
is made by ``write_pdf``; each other title's shares its objects, with its own
information dictionary and its own metadata stream (made by WeasyPrint's own
PDF variant function, under the same object number), and is serialised by
pydyf as ``write_pdf`` would have: the same bytes, without painting again.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Sequence
from typing import Any

#: The PDF version and compression every card PDF is written with (what WeasyPrint's PDF/UA-1
#: variant chooses): a retitled copy is serialised with the same.
PDF_VERSION = "1.7"
COMPRESS = True


def write_titled(document: Any, variant: str, titles: Sequence[str], identifier: Callable[[str], bytes]) -> list[bytes]:
    """The PDF of the laid-out WeasyPrint ``document`` under each of ``titles``, with the file
    identifier ``identifier(title)``: painted once, whatever the number of titles."""
    from weasyprint.pdf import VARIANTS

    copies: list[Any] = []

    def finisher(_: Any, pdf: Any) -> None:
        # Called with the first title's objects complete, before pydyf writes them.
        copies.extend(_retitled(pdf, document, VARIANTS[variant][0], title) for title in titles[1:])

    out = [_painted(document, variant, titles[0], identifier, finisher if len(titles) > 1 else None)]
    for title, pdf in zip(titles[1:], copies, strict=True):
        if pdf is None:  # a variant whose output is more than a metadata stream: painted again
            out.append(_painted(document, variant, title, identifier, None))
        else:
            out.append(_serialised(pdf, identifier(title)))
    return out


def _painted(
    document: Any, variant: str, title: str, identifier: Callable[[str], bytes], finisher: Callable[..., None] | None
) -> bytes:
    document.metadata.title = title
    return bytes(
        document.write_pdf(
            pdf_identifier=identifier(title),
            pdf_variant=variant,
            pdf_version=PDF_VERSION,
            uncompressed_pdf=not COMPRESS,
            finisher=finisher,
        )
    )


def _retitled(pdf: Any, document: Any, variant_function: Callable[..., None], title: str) -> Any | None:
    """A copy of the pydyf ``pdf`` titled ``title``: the same objects but its information
    dictionary and its metadata stream, made again with ``document.metadata.title`` set to it.
    None when the variant makes more than the one metadata stream the catalog names (another
    variant's output intents or attachments would be missing from the copy)."""
    import pydyf

    reference = pdf.catalog.get("Metadata")
    match = re.fullmatch(rb"(\d+) 0 R", reference) if isinstance(reference, bytes) else None
    number = int(match.group(1)) if match else None
    scratch = pydyf.PDF()
    kept = len(scratch.objects)
    before = document.metadata.title
    document.metadata.title = title
    try:
        variant_function(scratch, document, [], [], COMPRESS)
    finally:
        document.metadata.title = before
    made = scratch.objects[kept:]
    if number is None or len(made) != 1 or set(scratch.catalog) != {"Type", "Pages", "Metadata"}:
        return None
    stream = made[0]
    stream.number = number
    clone = copy.copy(pdf)  # before pydyf writes the original: positions still at the start
    clone.objects = list(pdf.objects)
    clone.objects[number] = stream
    clone.info = pydyf.Dictionary(pdf.info)
    clone.info["Title"] = pydyf.String(title)
    return clone


def _serialised(pdf: Any, identifier: bytes) -> bytes:
    import io

    out = io.BytesIO()
    pdf.write(out, PDF_VERSION, identifier, COMPRESS)
    return out.getvalue()
