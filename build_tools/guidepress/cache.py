"""The one owner of "what is out of date", by content hashes, and of saying why.

Every cached output (the export, each chapter's card set, the whole build's
stamp in site/, each work as render/citations.py formats it) has a key that is the SHA-256 of what it is made from,
given as *named parts*: "chapter sites-of-metastases", "bibliography",
"template cards.css.j2", "option size". Each part is hashed by content: a
model subtree without its source positions (moving a line changes no card),
the bytes of a template, an option's value; never a modification time. Same
key, same bytes; any change to an input gives a new key, so there is nothing
to invalidate by hand.

The parts' digests of each output are kept after a run (``ledger.json``), so
the next run can say per output what changed since: ``guidepress build
--explain`` prints "cards: template cards.css.j2 changed" or "export: up to
date". The live preview's pages (PageCache) are compared by their template
context and a digest of the templates' content.

Entries live in ``<project>/.cache/guidepress/v<format>/`` (git-ignored),
one file each, written atomically; a damaged entry reads as a miss. Raising
``CACHE_FORMAT`` retires every older entry (older folders are removed on the
next write); a build ends by evicting what it did not use and nobody used for a
month, or beyond 512 MB (cache_eviction.py). ``GUIDEPRESS_NO_CACHE=1`` switches
the cache off (settings.py).

    cache = Cache(root, enabled=True)
    files = cache.files(cache.export_key(g, schema), lambda: export_files(g))  # made only on a miss
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .cache_eviction import evict, touch
from .digests import digest, digest_tree, file_digests, fingerprint
from .model import Chapter, Guideline

if TYPE_CHECKING:
    import jinja2

#: Raise when the stored layout or what goes into a key changes.
#: 2: keys made of named parts (explainable); ledger.json.
CACHE_FORMAT = 2
CACHE_DIR = Path(".cache") / "guidepress"
#: What a key is: hex digits, the first two naming the entry's folder (checked at every lookup:
#: a build of a large bibliography looks up thousands).
_KEY = re.compile(r"[0-9a-f]{3,}")
LEDGER = "ledger.json"


def guideline_meta(g: Guideline) -> dict[str, Any]:
    """The guideline-level facts every output prints (title, version, date...), its schemes,
    and its statement kinds and grade format when it has them."""
    meta = {
        "id": g.id,
        "title": g.title,
        "short_title": g.short_title,
        "publisher": g.publisher,
        "copyright": g.copyright,
        "version": g.version,
        "date": g.date,
        "language": g.language,
        "website": g.website,
        "schemes": fingerprint(g.schemes),
    }
    if g.kinds:
        meta["kinds"] = fingerprint(g.kinds)
    if g.grade_format is not None:
        meta["grade_format"] = fingerprint(g.grade_format)
    if g.release is not None:  # the previous release: what the "What's new" page, marks and export say of it
        meta["release"] = fingerprint(g.release)
    return meta


def model_parts(g: Guideline) -> dict[str, str]:
    """Everything in the model, as named parts (for whole-guideline outputs)."""
    return {
        "guideline metadata": digest(guideline_meta(g)),
        **{f"chapter {c.id}": digest(c) for c in g.chapters},
        "chapter order": digest([c.id for c in g.chapters]),
        "bibliography": digest(g.references),
    }


@dataclasses.dataclass
class _Run:
    """One output's keys in this run: their parts (by name, a digest each) and how many were missing."""

    parts: dict[str, str] = dataclasses.field(default_factory=dict)
    keys: int = 0
    missed: int = 0


class Cache:
    """Bytes by key under ``root``/.cache/guidepress/v<CACHE_FORMAT>/; what each output was made from."""

    def __init__(self, root: Path, *, enabled: bool) -> None:
        self.base = Path(root) / CACHE_DIR
        self.dir = self.base / f"v{CACHE_FORMAT}"
        self.enabled = enabled
        self.hits = 0
        self.misses = 0
        self._pruned = False
        self._runs: dict[str, _Run] = {}
        self._output_of: dict[str, str] = {}
        self._model: tuple[Guideline, dict[str, str], dict[str, Chapter]] | None = None
        self._templates: dict[Path, dict[str, str]] = {}
        self._before: dict[str, dict[str, str]] | None = None
        self._used: set[Path] = set()  # the entries this run read or wrote (kept by evict)

    # keys ------------------------------------------------------------------

    def key(self, kind: str, *parts: Any) -> str:
        """The key of an output of ``kind`` made from ``parts`` (model objects, bytes, JSON data)."""
        payload = [CACHE_FORMAT, __version__, kind, [fingerprint(p) for p in parts]]
        text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def named_key(self, output: str, parts: Mapping[str, Any], *unnamed: Any) -> str:
        """The key of one file set of ``output`` made from ``parts`` (name -> value), remembered so that
        ``explain`` can name what changed. ``unnamed``: more inputs that follow from the named ones."""
        digests = {name: digest(value) for name, value in parts.items()}
        key = self.key(output, sorted(digests.items()), *unnamed)
        run = self._runs.setdefault(output, _Run())
        run.parts.update(digests)
        self._output_of[key] = output
        return key

    def model_parts(self, g: Guideline) -> dict[str, str]:
        """``model_parts(g)``, worked out once per run (the stamp, the export and the cards share it)."""
        if self._model is None or self._model[0] is not g:
            self._model = (g, model_parts(g), {c.id: c for c in g.chapters})
        return self._model[1]

    def chapter_parts(self, g: Guideline, chapter: Chapter) -> dict[str, str]:
        """What a per-chapter output can read from the model: the guideline's metadata and
        schemes, the chapter and the works it cites. An edit to another chapter, or to a
        work this chapter does not cite, leaves it unchanged."""
        whole = self.model_parts(g)
        assert self._model is not None
        name = f"chapter {chapter.id}"
        mine = whole[name] if self._model[2].get(chapter.id) is chapter else digest(chapter)
        return {
            "guideline metadata": whole["guideline metadata"],
            name: mine,
            f"works cited by {chapter.id}": digest([g.reference(k) for k in chapter.cited_keys()]),
        }

    def template_parts(self, folder: Path, prefix: str = "template ") -> dict[str, str]:
        """``prefix`` + file name -> content digest for every file under ``folder``, read once per run."""
        if folder not in self._templates:
            self._templates[folder] = file_digests(folder)
        return {prefix + name: d for name, d in self._templates[folder].items()}

    def export_key(self, g: Guideline, schema: bytes, options: Mapping[str, Any] | None = None) -> str:
        """The export's key: the model, the schema and ``options`` (site_url)."""
        parts: dict[str, Any] = dict(self.model_parts(g)) | {"export schema": schema}
        parts |= {f"option {name}": value for name, value in (options or {}).items()}
        return self.named_key("export", parts)

    def cards_key(
        self,
        g: Guideline,
        chapter: Chapter | None,
        templates: Path | tuple[Path, ...],
        options: Mapping[str, Any],
        files: Any,
    ) -> str:
        """A card set's key: ``chapter``'s set (None: every chapter's, in one set), laid out with
        ``templates`` (a folder, or a search path: each file as the first folder holding it has it)
        and ``options``, written as ``files`` (paths and titles)."""
        parts = self.chapter_parts(g, chapter) if chapter is not None else dict(self.model_parts(g))
        for folder in reversed((templates,) if isinstance(templates, Path) else templates):
            parts |= self.template_parts(folder)
        parts |= {f"option {name}": value for name, value in options.items()}
        return self.named_key("cards", parts, files)

    # why -------------------------------------------------------------------

    def looked_up(self, key: str, found: bool) -> None:
        """Count a lookup of ``key`` (made by ``named_key``) that was ``found`` or not."""
        output = self._output_of.get(key)
        if output is not None:
            run = self._runs[output]
            run.keys += 1
            run.missed += not found

    def explain(self) -> dict[str, str]:
        """Per output looked up in this run: "up to date", or what changed since the last run that made it."""
        before = self._ledger()
        return {output: self._why(run, before.get(output)) for output, run in self._runs.items() if run.keys}

    def _why(self, run: _Run, before: Mapping[str, str] | None) -> str:
        if not self.enabled:
            return "made afresh (the cache is off: GUIDEPRESS_NO_CACHE is set)"
        if not run.missed:
            return "up to date"
        if before is None:
            return "made afresh (no earlier run on record)"
        now = run.parts
        changes = [
            (names, verb)
            for names, verb in (
                ([n for n in now if n in before and before[n] != now[n]], "changed"),
                ([n for n in now if n not in before], "added"),
                ([n for n in before if n not in now], "removed"),
            )
            if names
        ]
        what = "; ".join(f"{', '.join(names)} {verb}" for names, verb in changes) or "not in the cache"
        return what + (f" ({run.missed} of {run.keys} made afresh)" if run.keys > 1 else "")

    def save_ledger(self) -> None:
        """Keep what this run's outputs were made from, for the next run's ``explain``."""
        if self.enabled and self._runs:
            ledger = self._ledger() | {output: run.parts for output, run in self._runs.items() if run.keys}
            self._write(self.dir / LEDGER, json.dumps(ledger, ensure_ascii=False, sort_keys=True).encode("utf-8"))

    def _ledger(self) -> dict[str, dict[str, str]]:
        """The ledger as the last run left it (read once: this run's explanations are against it)."""
        if self._before is None:
            try:
                data = json.loads((self.dir / LEDGER).read_bytes())
            except (OSError, ValueError):
                data = {}
            self._before = data if isinstance(data, dict) else {}
        return self._before

    # bytes -----------------------------------------------------------------

    def _path(self, key: str) -> Path:
        if not _KEY.fullmatch(key):
            raise ValueError(f"not a cache key: {key!r}")
        return self.dir / key[:2] / key[2:]

    def get(self, key: str) -> bytes | None:
        if not self.enabled:
            self.looked_up(key, False)
            return None
        path = self._path(key)
        try:
            data = path.read_bytes()
        except OSError:
            self.misses += 1
            self.looked_up(key, False)
            return None
        self.hits += 1
        self.looked_up(key, True)
        self._used.add(path)
        touch(path)
        return data

    def put(self, key: str, data: bytes) -> None:
        if self.enabled:
            path = self._path(key)
            self._used.add(path)
            self._write(path, data)

    def _write(self, path: Path, data: bytes) -> None:
        try:
            self._retire_old_formats()
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            pass  # a read-only or full disk costs speed, never a build

    # several files under one key ------------------------------------------

    def get_files(self, key: str) -> dict[str, bytes] | None:
        """The files stored by ``put_files`` under ``key``; None on a miss or a damaged entry."""
        data = self.get(key)
        if data is None:
            return None
        try:
            header, _, body = data.partition(b"\n")
            names = json.loads(header)
            files: dict[str, bytes] = {}
            at = 0
            for name, size in names:
                files[name] = body[at : at + size]
                at += size
            if at != len(body):
                raise ValueError("length mismatch")
            return files
        except (ValueError, TypeError):
            self.hits -= 1
            self.misses += 1
            run = self._runs.get(self._output_of.get(key, ""))
            if run is not None:
                run.missed += 1
            return None

    def put_files(self, key: str, files: Mapping[str, bytes]) -> None:
        header = json.dumps([[name, len(data)] for name, data in files.items()], ensure_ascii=False)
        self.put(key, header.encode("utf-8") + b"\n" + b"".join(files.values()))

    def files(self, key: str, produce: Callable[[], Mapping[str, bytes]]) -> dict[str, bytes]:
        """The files under ``key``, made by ``produce()`` (and stored) on a miss."""
        found = self.get_files(key)
        if found is not None:
            return found
        made = dict(produce())
        self.put_files(key, made)
        return made

    # housekeeping ----------------------------------------------------------

    def _retire_old_formats(self) -> None:
        if self._pruned:
            return
        self._pruned = True
        if self.base.is_dir():
            for other in self.base.iterdir():
                if other.is_dir() and other.name.startswith("v") and other != self.dir:
                    shutil.rmtree(other, ignore_errors=True)

    def entries(self) -> Iterable[Path]:
        return (p for p in self.dir.glob("??/*") if not p.name.startswith(".tmp-")) if self.dir.is_dir() else ()

    def finish(self, now: float | None = None) -> int:
        """The end of a run that made its outputs: keep the ledger, and remove the entries the run did not
        use that cache_eviction.py's policy lets go; the count removed."""
        self.save_ledger()
        if not self.enabled:
            return 0
        return evict(list(self.entries()), self._used, time.time() if now is None else now)

    def clear(self) -> None:
        shutil.rmtree(self.base, ignore_errors=True)


class PageCache:
    """The live preview's pages between renders (``guidepress serve``), and their Jinja environment.

    Each page is rendered from its template context only, and the context
    holds only what the page may print (render/pages.py ``site_pages``). So a
    page whose context and templates equal the last render's has the same
    Markdown, and is not rendered again. Contexts are compared with ``==``;
    unchanged model objects are the same objects (load/memo.py), which makes
    that a pointer comparison. The templates are compared by a digest of
    their content, taken once per render of the site.
    """

    def __init__(self) -> None:
        self._pages: dict[str, tuple[Any, str]] = {}
        self._env: tuple[tuple[Path, ...], str, jinja2.Environment] | None = None
        self.hits = 0
        self.misses = 0

    def environment(
        self, template_dirs: tuple[Path, ...], make: Callable[[tuple[Path, ...]], jinja2.Environment]
    ) -> tuple[jinja2.Environment, str]:
        """The environment for the search path ``template_dirs`` and the digest of its templates. One
        environment serves the renders while the templates are unchanged (compiling them costs 0.3 s at M)."""
        stamp = digest_tree(*(d for d in template_dirs if d.is_dir()))
        if self._env is None or self._env[:2] != (template_dirs, stamp):
            self._env = (template_dirs, stamp, make(template_dirs))
        return self._env[2], stamp

    def page(self, path: str, key: Any, render: Callable[[], str]) -> str:
        hit = self._pages.get(path)
        if hit is not None and hit[0] == key:
            self.hits += 1
            return hit[1]
        self.misses += 1
        text = render()
        self._pages[path] = (key, text)
        return text
