"""The language switcher of a bilingual guideline (tests/projects/bilingual): from a recommendation in English
to the same recommendation in German, and back, in Debian's chromium."""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from grading_projects import copy_test_project
from playwright.sync_api import expect

from guidepress.cli import main

from .conftest import DESKTOP, Visit, _QuietHandler, _visit

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def bilingual_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = copy_test_project("bilingual", "grade", tmp_path_factory.mktemp("bilingual-site") / "project")
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    assert main(["build", "--root", str(root), "--no-cards"]) == 0
    handler = functools.partial(_QuietHandler, directory=str(Path(root) / "site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def visit(browser: Any, bilingual_url: str) -> Iterator[Visit]:
    yield from _visit(browser, bilingual_url, DESKTOP)


def _switch(page: Any, lang: str) -> None:
    page.locator(".md-header__option .md-select").hover()
    page.locator(f"a.md-select__link[hreflang={lang}]").click()
    page.wait_for_load_state("networkidle")


def test_the_switcher_leads_to_the_same_recommendation_in_the_other_language(visit: Visit) -> None:
    page = visit.open("/test-chapter/#test-second")
    expect(page.locator("#test-first")).to_contain_text("Test statement one (artificial)")
    _switch(page, "de")
    assert page.url.endswith("/de/test-chapter/#test-second")
    expect(page.locator("#test-second")).to_be_in_viewport()
    expect(page.locator("#test-second")).to_contain_text("gilt Testaussage zwei")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator("#test-first")).to_contain_text("Testaussage eins (künstlich)")
    expect(page.locator("#test-first .gp-grade").first).to_be_visible()
    _switch(page, "en")
    assert page.url.endswith("/test-chapter/#test-second") and "/de/" not in page.url
    expect(page.locator("#test-first")).to_contain_text("Test statement one (artificial)")
