"""What a clinician does with the site: search, open a permalink, read a
grade's meaning, use it on a phone, print a chapter."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from guidepress.model import Guideline

from .conftest import Visit

pytestmark = pytest.mark.browser


def _chapter_path(g: Guideline) -> str:
    return f"/{g.chapters[0].id}/"


@pytest.mark.parametrize("term", ["Thermoablation", "SBRT"])
def test_search_finds_words_and_abbreviations(desktop: Visit, term: str) -> None:
    page = desktop.open("/")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    # Material searches on key events; fill() would set the value silently.
    page.locator("input.md-search__input").press_sequentially(term, delay=20)
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible(timeout=10_000)
    expect(results.first).to_contain_text(re.compile(term, re.IGNORECASE))


def test_permalink_shows_the_recommendation(desktop: Visit, guideline: Guideline) -> None:
    rec = next(r for r in guideline.chapters[0].all_recommendations() if r.id == "pulmonary-thermoablation")
    page = desktop.open(_chapter_path(guideline) + f"#{rec.id}")
    target = page.locator(f"#{rec.id}")
    expect(target).to_be_in_viewport()
    # Not hidden under Material's sticky header either.
    header = page.locator("header.md-header").bounding_box()
    box = target.bounding_box()
    assert header is not None and box is not None and box["y"] >= header["y"] + header["height"] - 1
    expect(target.locator(".gp-rec__text").first).to_contain_text(rec.text or "")


def test_grade_badge_explains_itself_to_assistive_technology(desktop: Visit, guideline: Guideline) -> None:
    page = desktop.open(_chapter_path(guideline))
    for rec in list(guideline.chapters[0].all_recommendations())[:12]:
        for scheme_id, code in rec.grade_map.items():
            scheme = guideline.scheme(scheme_id)
            assert scheme is not None
            info = scheme.get(code)
            assert info is not None
            badge = page.locator(f"#{rec.id} > .gp-rec__row .gp-grade[data-scheme='{scheme_id}']")
            # The visible label first (what speech input says), then the code as spoken.
            expect(badge).to_have_accessible_name(f"{scheme.label} {code}: {info.spoken}")
            expect(badge).to_have_accessible_description(re.compile(re.escape(info.meaning)))


def test_grade_badge_shows_its_meaning_on_focus_and_hover(desktop: Visit, guideline: Guideline) -> None:
    page = desktop.open(_chapter_path(guideline))
    badge = page.locator(".gp-grade[data-scheme='ago']").first
    assert badge.evaluate("b => getComputedStyle(b, '::after').display") == "none"
    badge.focus()
    assert badge.evaluate("b => getComputedStyle(b, '::after').display") == "block"
    meaning = badge.evaluate("b => getComputedStyle(b, '::after').content")
    scheme = guideline.scheme("ago")
    assert scheme is not None
    code = scheme.get(badge.locator(".gp-grade__code").inner_text())
    assert code is not None and code.meaning in meaning
    page.locator("h1").hover()
    badge.blur()
    assert badge.evaluate("b => getComputedStyle(b, '::after').display") == "none"
    badge.hover()
    assert badge.evaluate("b => getComputedStyle(b, '::after').display") == "block"


@pytest.mark.parametrize("path", ["/", "CHAPTER", "/grades/", "/references/", "/glossary/"])
def test_phone_width_has_no_horizontal_scrolling(phone: Visit, guideline: Guideline, path: str) -> None:
    page = phone.open(_chapter_path(guideline) if path == "CHAPTER" else path)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
    if path == "CHAPTER":
        # An open explanation stays inside the screen too.
        page.locator(".gp-grade[data-scheme='ago']").nth(3).click()
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 375


def test_dark_palette_toggle(desktop: Visit) -> None:
    page = desktop.open("/")
    before = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    after = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert {before, after} == {"default", "slate"}


def test_navigation_and_back_to_top(desktop: Visit, guideline: Guideline) -> None:
    page = desktop.open("/")
    expect(page.locator(".md-tabs")).to_be_visible()
    page.locator(".md-tabs a", has_text="Chapters").click()
    expect(page).to_have_url(re.compile(re.escape(_chapter_path(guideline)) + "$"))
    page.mouse.wheel(0, 4000)
    page.wait_for_timeout(300)
    page.mouse.wheel(0, -600)
    expect(page.locator(".md-top")).to_be_visible()


def test_printed_chapter_has_statements_grades_and_references(desktop: Visit, guideline: Guideline) -> None:
    page = desktop.open(_chapter_path(guideline))
    page.emulate_media(media="print")
    expect(page.locator("header.md-header")).to_be_hidden()
    expect(page.locator(".md-sidebar--primary")).to_be_hidden()
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    first_ref = page.locator("details.gp-refs ol.gp-reflist > li").first
    expect(first_ref).to_be_visible()
    badge = page.locator(".gp-grade").first
    assert badge.evaluate("b => getComputedStyle(b).backgroundColor") in ("rgba(0, 0, 0, 0)", "transparent")
