"""Browser fixtures: the site built once per session, served on 127.0.0.1,
driven by Debian's chromium through Playwright (never `playwright install`).

Every request a page makes is recorded; a test fails if any leaves 127.0.0.1.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import copy_project

from guidepress.cli import main

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
LAPTOP = {"width": 1366, "height": 900}


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default project as published, pocket cards included (the offline test reads one)."""
    root = copy_project(tmp_path_factory.mktemp("browser-site") / "project")
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    assert main(["build", "--root", str(root)]) == 0
    return root / "site"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's name
        pass


@contextmanager
def serving(site: Path) -> Iterator[str]:
    """``site`` on 127.0.0.1 while the block runs; its address."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    with serving(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed (Debian package chromium)")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@dataclass
class Visit:
    """A page plus every URL it requested."""

    page: Any
    base_url: str
    requests: list[str] = field(default_factory=list)

    def open(self, path: str) -> Any:
        self.page.goto(self.base_url + path)
        self.page.wait_for_load_state("networkidle")
        return self.page


def _foreign(urls: list[str]) -> list[str]:
    allowed_schemes = {"data", "blob", "about"}
    return [u for u in urls if urlsplit(u).scheme not in allowed_schemes and urlsplit(u).hostname != "127.0.0.1"]


def _visit(browser: Any, base_url: str, viewport: dict[str, int]) -> Iterator[Visit]:
    # No service worker: each test sees the page as the network serves it
    # (the offline test makes its own context).
    context = browser.new_context(viewport=viewport, service_workers="block")
    page = context.new_page()
    visit = Visit(page, base_url)
    page.on("request", lambda request: visit.requests.append(request.url))
    yield visit
    context.close()
    assert visit.requests, "the page made no request at all"
    assert _foreign(visit.requests) == [], "requests left 127.0.0.1"


@pytest.fixture
def desktop(browser: Any, base_url: str) -> Iterator[Visit]:
    yield from _visit(browser, base_url, DESKTOP)


@pytest.fixture
def phone(browser: Any, base_url: str) -> Iterator[Visit]:
    yield from _visit(browser, base_url, PHONE)
