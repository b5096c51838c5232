"""A site built from a hostile source (tests/hostile.py), driven in Chromium:
no script runs, no attribute is injected, and the reader sees each hostile
text exactly as the source typed it. The clean site (conftest's base_url)
is the reference for which scripts a page may load.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from typing import Any

import pytest
from hostile import ACCEPTED, CELL, COPYRIGHT, QUOTE_EXPANSION, SITE_NAME
from playwright.sync_api import expect
from shared import hostile_build

from .conftest import DESKTOP, _foreign, _QuietHandler

pytestmark = pytest.mark.browser

BY_NAME = {e.name: e for e in ACCEPTED}
STATEMENTS = [e.literal for e in ACCEPTED if e.anchor and e.name != "table-cell"]
# Page -> the hostile texts its visible text (innerText) must show verbatim.
VISIBLE = {
    "/sites-of-metastases/": STATEMENTS + [CELL],
    "/glossary/": [QUOTE_EXPANSION],
    "/references/": [BY_NAME["bib-title"].literal],
    "/": [],
}

# Every attribute of every element, as (tag, name, value): handlers and URLs are read from it.
_ATTRIBUTES = """() => [...document.querySelectorAll('*')].flatMap(
    e => [...e.attributes].map(a => [e.tagName.toLowerCase(), a.name, a.value]))"""
# JSON-LD (type application/ld+json) is data that no browser runs; it holds the page's texts.
_SCRIPTS = """() => [...document.scripts].filter(s => s.type !== 'application/ld+json')
    .map(s => s.src ? 'src:' + new URL(s.src).pathname : 'inline:' + s.text)"""
_DATA = """() => [...document.scripts].filter(s => s.type === 'application/ld+json')
    .map(s => JSON.parse(s.text)['@context'])"""


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = hostile_build(tmp_path_factory)  # shared with tests/test_injection.py
    handler = functools.partial(_QuietHandler, directory=str(root / "site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


class Tab:
    """A page that records dialogs (alert, confirm, prompt) and requests."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(viewport=DESKTOP)
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("request", lambda r: self.requests.append(r.url))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def open(self, url: str) -> Any:
        self.page.goto(url)
        self.page.wait_for_load_state("networkidle")
        return self.page


@pytest.fixture
def tab(browser: Any) -> Iterator[Tab]:
    t = Tab(browser)
    yield t
    t.context.close()
    assert _foreign(t.requests) == []


ANCHORS = [e.anchor for e in ACCEPTED if e.anchor]


def _interact(page: Any) -> None:
    """Give injected handlers every chance: point at the hostile texts and at
    abbreviations (Material builds their tooltips from the expansions)."""
    targets = [f"#{a}" for a in ANCHORS] + [
        ".md-header .md-logo",
        "abbr[title^='x\"']",
        "td",
        ".md-search-result__item",
    ]
    for selector in targets:
        for el in page.locator(selector).all()[:12]:
            if el.is_visible():
                el.hover(force=True, timeout=2_000)  # also under an open search overlay
    page.wait_for_timeout(200)


@pytest.mark.parametrize("path", list(VISIBLE))
def test_hostile_page_runs_nothing_and_shows_the_text(
    browser: Any, base_url: str, hostile_url: str, tab: Tab, path: str
) -> None:
    page = tab.open(hostile_url + path)
    _interact(page)
    assert tab.dialogs == []

    attributes = page.evaluate(_ATTRIBUTES)
    assert [a for a in attributes if a[1].lower().startswith("on")] == []
    urls = [a for a in attributes if a[1].lower() in ("href", "src", "action", "formaction", "xlink:href")]
    assert [u for u in urls if u[2].strip().lower().startswith(("javascript:", "vbscript:"))] == []

    clean = Tab(browser)
    try:
        clean_scripts = clean.open(base_url + path).evaluate(_SCRIPTS)
    finally:
        clean.context.close()
    assert page.evaluate(_SCRIPTS) == clean_scripts  # same sources, no inline script but the theme's
    assert page.evaluate(_DATA) == (["https://schema.org"] if path in ("/", "/sites-of-metastases/") else [])

    shown = page.evaluate("() => document.body.innerText")
    for text in VISIBLE[path] + [SITE_NAME, COPYRIGHT]:  # the theme's header and footer
        assert text in shown, text
    if path == "/sites-of-metastases/":
        titles = page.locator("abbr", has_text="XSS").evaluate_all("els => els.map(e => e.title)")
        assert titles and set(titles) == {QUOTE_EXPANSION}


@pytest.mark.parametrize(
    "term, shown", [("Intra", "</textarea><script>"), ("XSS", QUOTE_EXPANSION), ("onload", "onload=alert(1)")]
)
def test_search_results_show_hostile_text_and_run_nothing(hostile_url: str, tab: Tab, term: str, shown: str) -> None:
    page = tab.open(hostile_url + "/")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially(term, delay=20)
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible(timeout=10_000)
    expect(page.locator(".md-search-result")).to_contain_text(shown, timeout=10_000)
    _interact(page)
    assert tab.dialogs == []
    assert [a for a in page.evaluate(_ATTRIBUTES) if a[1].lower().startswith("on")] == []
    hostile = ".md-search-result script, .md-search-result svg[onload], .md-search-result textarea"
    assert page.locator(hostile).count() == 0
