"""The site installable and readable offline: a web app manifest and a service worker.

A clinician opens the site once, on the hospital's network; on the ward,
in a lift or on a plane it must still open. After the first visit the
service worker (``sw.js``, at the site's root so that its scope is the
whole site) has every page, the theme's assets, the search index and the
pocket cards in a cache of its own:

- the cache is named after the guideline's id and a digest of every file
  it holds, so a new release (any file changed) is a new worker with a new
  cache, and the old cache is deleted when it takes over;
- pages are fetched from the network first (a reader online sees the
  current release at once) and from the cache when the network fails or
  takes longer than a few seconds; everything else comes from the cache;
- only files of the site itself are cached; nothing is fetched from any
  other host.

Both are written after the site engine has written everything else (the
search index included), from the files in the output folder, so the two
engines get the same. The live preview writes neither (guidepress.js then
removes a worker left from a build served at the same address).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..messages import Messages
from ..model import Guideline
from .addresses import ICONS, MANIFEST, SERVICE_WORKER

#: Files a reader never needs offline: the JSON export (for developers),
#: source maps, the sitemap, the build's own stamp.
_SKIPPED_FOLDERS = ("export/",)
_SKIPPED_SUFFIXES = (".map", ".gz")
_SKIPPED_NAMES = ("sitemap.xml", SERVICE_WORKER)
#: Material's search languages; only the site's own is needed.
_LUNR = "assets/javascripts/lunr/"
#: Seconds a page may take from the network before the cached copy is shown.
NETWORK_TIMEOUT = 4
#: The theme's primary colour (guidepress.css), for the installed app's title bar.
THEME_COLOR = "#1d4f73"


def write_offline_files(site: Path, g: Guideline, words: Messages) -> None:
    """``manifest.webmanifest`` and ``sw.js`` for the site built in ``site``."""
    (site / MANIFEST).write_bytes(manifest(g, words))
    files = cached_files(site, g.language)
    (site / SERVICE_WORKER).write_bytes(service_worker(g, files))


def manifest(g: Guideline, words: Messages) -> bytes:
    data = {
        "name": g.title,
        "short_name": g.short_title or g.title,
        "description": words.wording("site.description", title=g.title, version=g.version),
        "lang": g.language,
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOR,
        "icons": [
            {"src": path, "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any maskable"}
            for size, path in ICONS
        ],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def cached_files(site: Path, language: str) -> dict[str, bytes]:
    """Site path -> SHA-256 digest of every file the worker keeps, sorted by path
    (read a file at a time: a large guideline's cards are many megabytes)."""
    lunr = (f"{_LUNR}min/lunr.stemmer.support.min.js", f"{_LUNR}min/lunr.{language}.min.js")
    out: dict[str, bytes] = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if (
            rel.startswith(".")
            or rel.startswith(_SKIPPED_FOLDERS)
            or rel.endswith(_SKIPPED_SUFFIXES)
            or rel in _SKIPPED_NAMES
            or (rel.startswith(_LUNR) and rel not in lunr)
        ):
            continue
        with path.open("rb") as f:
            out[rel] = hashlib.file_digest(f, "sha256").digest()
    return out


def page_address(path: str) -> str:
    """The address a reader's browser asks for: a folder's page by its folder ("liver/")."""
    if path == "index.html":
        return "./"
    return path.removesuffix("index.html") if path.endswith("/index.html") else path


def service_worker(g: Guideline, files: dict[str, bytes]) -> bytes:
    digest = hashlib.sha256()
    for path, file_digest in files.items():
        digest.update(path.encode("utf-8") + b"\0" + file_digest)
    cache = f"guidepress-{g.id}-"
    addresses = [page_address(p) for p in files]
    return _WORKER.format(
        prefix=json.dumps(cache),
        release=json.dumps(digest.hexdigest()[:16]),
        files=json.dumps(addresses, indent=0),
        timeout=NETWORK_TIMEOUT * 1000,
    ).encode("utf-8")


_WORKER = """\
// guidepress: the site for reading offline (written by the build; render/offline.py).
const PREFIX = {prefix};
const CACHE = PREFIX + {release};
const FILES = {files};

self.addEventListener("install", (event) => {{
  event.waitUntil((async () => {{
    const cache = await caches.open(CACHE);
    // "reload": past the browser's HTTP cache, so the cache holds this release.
    await cache.addAll(FILES.map((file) => new Request(new URL(file, self.registration.scope), {{ cache: "reload" }})));
    await self.skipWaiting();
  }})());
}});

self.addEventListener("activate", (event) => {{
  event.waitUntil((async () => {{
    for (const name of await caches.keys()) {{
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }}
    await self.clients.claim();
  }})());
}});

async function cached(request) {{
  const cache = await caches.open(CACHE);
  // Material's search links pages with ?h=<terms>: the page is the same.
  return cache.match(request, {{ ignoreSearch: true }});
}}

async function page(request) {{
  const network = fetch(request);
  const late = new Promise((resolve) => setTimeout(resolve, {timeout}));
  try {{
    const answer = await Promise.race([network, late]);
    if (answer) return answer;
  }} catch {{
    // offline: the copy below
  }}
  return (await cached(request)) || network;
}}

self.addEventListener("fetch", (event) => {{
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(self.registration.scope)) return;
  if (request.mode === "navigate") {{
    event.respondWith(page(request));
  }} else {{
    event.respondWith(cached(request).then((hit) => hit || fetch(request)));
  }}
}});
"""
