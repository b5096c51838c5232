"""The default content's pocket cards rendered once per size per process, and read back from the PDFs
(what the card tests share: pdfplumber is slow, so each PDF is parsed once)."""

from __future__ import annotations

import dataclasses
import io
import os
import re
from pathlib import Path

import pdfplumber
from conftest import ROOT

from guidepress.model import Chapter, Guideline
from guidepress.render.cards import render_cards
from guidepress.settings import load_settings
from guidepress.text import plain


def read_site_url(root: Path) -> str | None:
    settings, problems = load_settings(root)
    assert settings is not None, problems
    return settings.site_url


SITE = read_site_url(ROOT) or "https://guidelines.example.org/ago-breast/"
EPOCH = "1700000000"  # 2023-11-14T22:13:20Z
MM = 72 / 25.4
CHAPTER_PDF = "cards/sites-of-metastases.pdf"
WHOLE = "cards/guideline.pdf"
GRADING_TITLE = "How to read the grades"
SOURCES_TITLE = "Sources of these cards"


class _Epoch:
    """SOURCE_DATE_EPOCH set for the duration of a render (session fixtures cannot monkeypatch)."""

    def __enter__(self) -> None:
        self.old = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = EPOCH

    def __exit__(self, *exc: object) -> None:
        if self.old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = self.old


_RENDERED: dict[str, dict[str, bytes]] = {}


def rendered(guideline: Guideline, size: str) -> dict[str, bytes]:
    if size not in _RENDERED:
        with _Epoch():
            _RENDERED[size] = render_cards(guideline, site_url=SITE, size=size)
    return _RENDERED[size]


def set_title(g: Guideline, what: str) -> str:
    """A card set's PDF title, as the default templates word it."""
    return f"{g.short_title or g.title} {g.version} — pocket cards — {what}"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclasses.dataclass(frozen=True)
class PageData:
    """What the tests read from a PDF page, parsed once per PDF (pdfplumber is slow)."""

    page_number: int
    width: float
    height: float
    chars: list
    lines: list
    rects: list
    curves: list
    words: list
    text: str

    def extract_text(self) -> str:
        return self.text

    def extract_words(self, **_: object) -> list:
        return self.words


_PARSED: dict[bytes, list[PageData]] = {}


def pages(pdf: bytes) -> list[PageData]:
    if pdf not in _PARSED:
        with pdfplumber.open(io.BytesIO(pdf)) as doc:
            _PARSED[pdf] = [
                PageData(
                    p.page_number,
                    float(p.width),
                    float(p.height),
                    p.chars,
                    p.lines,
                    p.rects,
                    p.curves,
                    p.extract_words(),
                    p.extract_text(),
                )
                for p in doc.pages
            ]
    return _PARSED[pdf]


def chapter(guideline: Guideline) -> Chapter:
    return guideline.chapters[0]


def card_titles(guideline: Guideline, chapters: list[Chapter]) -> list[str]:
    return [GRADING_TITLE] + [plain(s.title) for c in chapters for s in c.sections] + [SOURCES_TITLE]


def page_header(page: PageData, titles: list[str]) -> tuple[str, str, bool]:
    """(kicker, card title, continued?) read from the top lines of a page."""
    lines = page.extract_text().splitlines()
    kicker, rest = lines[0], squash(" ".join(lines[1:5]))
    matches = [t for t in titles if rest.startswith(squash(t))]
    assert matches, f"no card title at the top of page {page.page_number}: {lines[:5]}"
    title = max(matches, key=len)
    return kicker, title, rest[len(squash(title)) :].startswith("CONTINUED")


def _card_pages(data: bytes, guideline: Guideline, chapters: list[Chapter]) -> list[tuple[str, str, bool, str]]:
    titles = card_titles(guideline, chapters)
    out = []
    for page in pages(data):
        kicker, title, continued = page_header(page, titles)
        out.append((kicker, title, continued, page.extract_text()))
    return out
