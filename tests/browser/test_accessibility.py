"""axe-core in the page: no serious or critical violation on the main pages."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from guidepress.model import Guideline

from .conftest import Visit

pytestmark = pytest.mark.browser

AXE = Axe()


def _serious(visit: Visit, path: str) -> list[str]:
    return _violations(visit.open(path))


def _violations(page: Page) -> list[str]:
    # The theme fades colours in (CSS transitions); on a loaded machine axe could measure a colour halfway.
    page.evaluate(
        "Promise.all(document.getAnimations()"
        ".filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity).map((a) => a.finished))"
    )
    # A section off the screen is not laid out (content-visibility: auto, guidepress.css) and keeps a
    # placeholder height, so its content overlaps the next sections' while axe measures it: a background
    # from another section made a colour contrast fail in CI. A reader only sees sections laid out.
    page.add_style_tag(content=".md-typeset .gp-section { content-visibility: visible !important; }")
    page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    results = AXE.run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("path", ["/", "CHAPTER", "/grades/", "/references/", "/glossary/", "/editors/"])
def test_no_serious_violations(desktop: Visit, guideline: Guideline, path: str) -> None:
    target = f"/{guideline.chapters[0].id}/" if path == "CHAPTER" else path
    assert _serious(desktop, target) == []


def test_no_serious_violations_in_dark_mode_on_a_phone(phone: Visit, guideline: Guideline) -> None:
    page = phone.open("/")
    # Material keeps the reader's palette choice in localStorage, per site.
    page.evaluate(
        "localStorage.setItem(new URL('.', document.baseURI).pathname + '.__palette',"
        " JSON.stringify({index: 1, color: {media: '(prefers-color-scheme: dark)', scheme: 'slate',"
        " primary: 'custom', accent: 'custom'}}))"
    )
    page = phone.open(f"/{guideline.chapters[0].id}/")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert _violations(page) == []
