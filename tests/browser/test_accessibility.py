"""axe-core in the page: no serious or critical violation on the main pages."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from guidepress.model import Guideline

from .conftest import Visit

pytestmark = pytest.mark.browser

AXE = Axe()


def _serious(visit: Visit, path: str) -> list[str]:
    page = visit.open(path)
    results = AXE.run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("path", ["/", "CHAPTER", "/grades/", "/references/", "/glossary/"])
def test_no_serious_violations(desktop: Visit, guideline: Guideline, path: str) -> None:
    target = f"/{guideline.chapters[0].id}/" if path == "CHAPTER" else path
    assert _serious(desktop, target) == []


def test_no_serious_violations_in_dark_mode_on_a_phone(phone: Visit, guideline: Guideline) -> None:
    page = phone.open("/")
    page.evaluate("localStorage.setItem('/.__palette', JSON.stringify({index: 1, color: {scheme: 'slate'}}))")
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    assert _serious(phone, f"/{guideline.chapters[0].id}/") == []
