"""The reader's experience of issue 18: a permalink opened cold shows its
section, every statement can be shared, the search knows the chapter's
synonyms, the site reads offline after a first visit, and a finger can hit
every control of a chapter page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from guidepress.model import Guideline, Recommendation, Section

from .conftest import CHROMIUM, CHROMIUM_ARGS, DESKTOP, LAPTOP, PHONE, Visit, serving

pytestmark = pytest.mark.browser

#: A statement placed with its whole section, a child statement, the last of
#: a section too long for a phone's screen, and one at the foot of the page.
COLD_OPENED = [
    "ascites-local-chemotherapy",
    "pleural-talcum-powder",
    "systemic-treatment-after-surgery",
    "soft-tissue-radiotherapy-plexus-infiltration",
]
INTERACTIVE = (
    "a[href], button, input:not([type=hidden]), select, textarea, summary, label[for], [tabindex]:not([tabindex='-1'])"
)


def _chapter(g: Guideline) -> str:
    return f"/{g.chapters[0].id}/"


def _section_of(g: Guideline, rec_id: str) -> Section:
    return next(s for s in g.chapters[0].sections if any(r.id == rec_id for r in s.all_recommendations()))


def _recommendation(g: Guideline, rec_id: str) -> Recommendation:
    return next(r for r in g.chapters[0].all_recommendations() if r.id == rec_id)


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["375x812", "1366x900"])
@pytest.mark.parametrize("rec_id", COLD_OPENED)
def test_a_cold_opened_permalink_shows_its_section(
    browser: Any, base_url: str, guideline: Guideline, viewport: dict[str, int], rec_id: str
) -> None:
    context = browser.new_context(viewport=viewport, service_workers="block")
    try:
        page = context.new_page()
        page.goto(f"{base_url}{_chapter(guideline)}#{rec_id}")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)  # guidepress.js places the statement after the load event
        section = _section_of(guideline, rec_id)
        heading = page.locator(f"h2#{section.id}")
        header = page.locator("header.md-header").bounding_box()
        box, row = heading.bounding_box(), page.locator(f"#{rec_id} > .gp-rec__row").bounding_box()
        assert header is not None and box is not None and row is not None
        top = header["y"] + header["height"]
        # The heading whole on screen, below the header; the statement below the heading.
        assert top - 1 <= box["y"] and box["y"] + box["height"] <= viewport["height"], (box, top)
        assert box["y"] + box["height"] - 1 <= row["y"] and row["y"] + row["height"] <= viewport["height"], row
        # Nothing lies over the heading (Material's "Back to top" button would).
        covered = page.evaluate(
            "([x, y]) => document.elementFromPoint(x, y).closest('h2')?.id",
            [box["x"] + 4, box["y"] + box["height"] / 2],
        )
        assert covered == section.id
        expect(page.locator(f"#{rec_id} > .gp-rec__row .gp-rec__text")).to_contain_text(
            _recommendation(guideline, rec_id).text or ""
        )
    finally:
        context.close()


def test_every_statement_has_a_share_control_a_finger_can_hit(phone: Visit, guideline: Guideline) -> None:
    page = phone.open(_chapter(guideline))
    recs = list(guideline.chapters[0].all_recommendations())
    for rec in recs:
        share = page.locator(f"#{rec.id} > .gp-rec__row .gp-share")
        expect(share).to_have_accessible_name("Share this recommendation")
        assert (share.get_attribute("href") or "").endswith(f"#{rec.id}")
        box = share.bounding_box()
        assert box is not None and box["width"] >= 44 and box["height"] >= 44, (rec.id, box)
    assert page.locator(".gp-share").count() == len(recs)


def _shared_page(browser: Any, base_url: str, g: Guideline, script: str, **options: Any) -> Any:
    context = browser.new_context(viewport=DESKTOP, service_workers="block", **options)
    context.add_init_script(script)
    page = context.new_page()
    # As a search result opens it: Material's ?h= is not part of the permalink.
    page.goto(f"{base_url}{_chapter(g)}?h=thermoablation")
    page.wait_for_load_state("networkidle")
    return context, page


def test_share_copies_the_permalink_without_a_share_sheet(browser: Any, base_url: str, guideline: Guideline) -> None:
    context, page = _shared_page(
        browser,
        base_url,
        guideline,
        "Object.defineProperty(Navigator.prototype, 'share', {value: undefined})",
        permissions=["clipboard-read", "clipboard-write"],
    )
    try:
        page.locator("#pulmonary-thermoablation > .gp-rec__row .gp-share").click()
        expect(page.locator(".gp-status")).to_have_text("Link copied")
        assert (
            page.evaluate("navigator.clipboard.readText()")
            == f"{base_url}{_chapter(guideline)}#pulmonary-thermoablation"
        )
    finally:
        context.close()


def test_share_opens_the_share_sheet_where_there_is_one(browser: Any, base_url: str, guideline: Guideline) -> None:
    context, page = _shared_page(
        browser, base_url, guideline, "navigator.share = (data) => { window.shared = data; return Promise.resolve(); }"
    )
    try:
        page.locator("#pulmonary-thermoablation > .gp-rec__row .gp-share").click()
        page.wait_for_function("window.shared !== undefined")
        shared = page.evaluate("window.shared")
        assert shared["url"] == f"{base_url}{_chapter(guideline)}#pulmonary-thermoablation"
        assert shared["text"] == _recommendation(guideline, "pulmonary-thermoablation").text
        # The page is not sent to the permalink (Material's navigation.tracking may
        # still name the section in view in the address as the page scrolls).
        assert "?h=thermoablation" in page.url and not page.url.endswith("#pulmonary-thermoablation")
    finally:
        context.close()


def _search(page: Any, term: str) -> Any:
    # On a phone the field opens from the header's search button (hidden on a wide screen).
    button = page.locator("label.md-header__button[for='__search']")
    (button if button.is_visible() else page.locator("input.md-search__input")).click()
    # Material searches on key events; fill() would set the value silently.
    page.locator("input.md-search__input").press_sequentially(term, delay=20)
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible(timeout=10_000)
    return results


@pytest.mark.parametrize("term", ["SBRT", "SABR"])
def test_search_finds_the_stereotactic_statements_by_their_synonyms(
    desktop: Visit, guideline: Guideline, term: str
) -> None:
    stereotactic = {r.id for r in guideline.chapters[0].all_recommendations() if "stereota" in (r.text or "").lower()}
    assert len(stereotactic) == 3
    page = desktop.open("/")
    results = _search(page, term)
    shown = {urlsplit(a.get_attribute("href") or "").fragment: a for a in page.locator(".md-search-result__link").all()}
    assert stereotactic <= set(shown), sorted(shown)
    for rec_id in stereotactic:
        expect(shown[rec_id]).to_be_visible()  # among the best results, not folded under "more"
    # Clean snippets: the grades once, as the row prints them; no permalink sign.
    text = " ".join(results.all_inner_texts())
    assert "¶" not in text
    assert not re.search(r"LoE \S+ ?LoE:", text), text
    assert re.search(r"LoE 2a GR B AGO \+/-", text), text


def test_the_site_reads_offline_after_a_first_visit(
    browser: Any, built_site: Path, guideline: Guideline, tmp_path: Path
) -> None:
    chapter = _chapter(guideline)
    card = next(built_site.glob("cards/*.pdf")).name
    requests: list[str] = []
    # A profile of its own: an incognito context can neither install the site nor keep it.
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS, viewport=PHONE
    )
    try:
        page = context.pages[0] if context.pages else context.new_page()
        page.on("request", lambda request: requests.append(request.url))
        with serving(built_site) as url:  # a server of its own, stopped after the first visit
            page.goto(url + chapter)
            page.wait_for_load_state("networkidle")
            page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=30_000)
            cdp = context.new_cdp_session(page)
            assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
        context.set_offline(True)
        page.goto(url + chapter)
        expect(page.locator("h1")).to_contain_text(guideline.chapters[0].title)
        results = _search(page, "SBRT")
        expect(results.first).to_contain_text(re.compile("SBRT|stereota", re.IGNORECASE))
        status, head = page.evaluate(
            "async (card) => { const r = await fetch(new URL('../cards/' + card, location.href));"
            " return [r.status, new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5))]; }",
            card,
        )
        assert (status, head) == (200, "%PDF-")
        page.goto(url + "/grades/")
        expect(page.locator("h1")).to_contain_text("How to read the grades")
    finally:
        context.close()
    assert [u for u in requests if urlsplit(u).hostname not in ("127.0.0.1", None)] == []


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["375x812", "1366x900"])
def test_every_control_of_the_chapter_is_at_least_24_px(
    browser: Any, base_url: str, guideline: Guideline, viewport: dict[str, int]
) -> None:
    """WCAG 2.2 target size (24 by 24 CSS px), folded reference lists opened,
    Material's navigation included; controls off the screen (its drawer) or
    not rendered are left out."""
    context = browser.new_context(viewport=viewport, service_workers="block")
    try:
        page = context.new_page()
        page.goto(base_url + _chapter(guideline))
        page.wait_for_load_state("networkidle")
        page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
        small = page.evaluate(
            """(selector) => [...document.querySelectorAll(selector)].flatMap((el) => {
            const style = getComputedStyle(el);
            const box = el.getBoundingClientRect();
            // Not rendered, or not there to be hit yet (Material's empty search box's clear button).
            if (style.visibility === "hidden" || style.pointerEvents === "none" || !box.width || !box.height) return [];
            if (box.right <= 0 || box.left >= innerWidth) return [];
            return box.width < 24 || box.height < 24
              ? [`${el.outerHTML.slice(0, 90)} ${box.width.toFixed(1)}x${box.height.toFixed(1)}`] : [];
        })""",
            INTERACTIVE,
        )
        assert small == [], "\n".join(small)
    finally:
        context.close()


@pytest.mark.parametrize("path", ["CHAPTER", "/glossary/", "/grades/", "/references/", "/"])
def test_no_text_under_16_px_on_a_phone(phone: Visit, guideline: Guideline, path: str) -> None:
    """Body and table text at least 16 CSS px at 375 px (superscript markers aside),
    folded lists opened; and no table of up to three columns scrolls (the glossary's
    meanings stay on the screen)."""
    page = phone.open(_chapter(guideline) if path == "CHAPTER" else path)
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    small = page.evaluate("""() => {
        const out = new Set();
        const walker = document.createTreeWalker(document.querySelector("article"), NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
          const el = walker.currentNode.parentElement;
          if (!walker.currentNode.textContent.trim() || el.closest("sup, sub")) continue;
          const style = getComputedStyle(el);
          if (!el.getBoundingClientRect().width || style.visibility === "hidden") continue;
          if (parseFloat(style.fontSize) < 16) out.add(`${el.tagName}.${el.className} ${style.fontSize}`);
        }
        return [...out];
    }""")
    assert small == []
    scrolling = page.evaluate("""() => [...document.querySelectorAll(".md-typeset__scrollwrap")]
        .filter((w) => w.querySelectorAll("thead th").length <= 3 && w.scrollWidth > w.clientWidth)
        .map((w) => w.textContent.slice(0, 60))""")
    assert scrolling == []
