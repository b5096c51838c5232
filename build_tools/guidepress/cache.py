"""A content-addressed cache for rendered outputs (cards, exports).

An output is stored under a key that is the SHA-256 of everything it is
made from: the model subtree it renders (positions left out: moving a line
does not change a card), the bytes of the templates, the guidepress
version, the renderer's options and ``CACHE_FORMAT``. Same key, same bytes;
any change to an input gives a new key, so there is nothing to invalidate
by hand. Raising ``CACHE_FORMAT`` retires every older entry (they live in a
folder per format, and older folders are removed on the next write).

Entries live in ``<project>/.cache/guidepress/v<format>/`` (git-ignored),
one file each, written atomically. A damaged entry reads as a miss.
``GUIDEPRESS_NO_CACHE=1`` switches the cache off (read by settings.py).

    cache = Cache(root, enabled=True)
    key = cache.key("cards", chapter_inputs(g, chapter), digest_tree(templates), {"size": "a6"})
    files = cache.files(key, lambda: render(...))     # rendered only on a miss
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import __version__
from .model import Chapter, Guideline

#: Raise when the stored layout or what goes into a key changes.
CACHE_FORMAT = 1
CACHE_DIR = Path(".cache") / "guidepress"


def fingerprint(value: Any) -> Any:
    """``value`` as plain JSON data, for hashing.

    Model dataclasses become ``[type name, field values...]`` without the
    fields that take no part in equality (source positions, lookup tables),
    so a key changes exactly when the content does.
    """
    cls = value.__class__
    if cls is str or value is None or cls is int or cls is bool or cls is float:
        return value
    if cls is tuple or cls is list:
        return [fingerprint(v) for v in value]
    names = _compared_fields(cls)
    if names is not None:
        return [cls.__name__] + [fingerprint(getattr(value, n)) for n in names]
    if isinstance(value, Mapping):
        return {str(k): fingerprint(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"sha256": hashlib.sha256(value).hexdigest()}
    if isinstance(value, Path):
        return value.as_posix()
    if isinstance(value, (str, int, float)):  # subclasses (enums)
        return value
    raise TypeError(f"cannot fingerprint {cls.__name__}")


@lru_cache(maxsize=None)
def _compared_fields(cls: type) -> tuple[str, ...] | None:
    """A dataclass's fields that take part in equality; None for other types."""
    if not dataclasses.is_dataclass(cls):
        return None
    return tuple(f.name for f in dataclasses.fields(cls) if f.compare)


def digest_tree(*paths: Path) -> str:
    """SHA-256 over the relative names and bytes of every file under ``paths`` (files or folders)."""
    h = hashlib.sha256()
    for base in paths:
        files = sorted(p for p in base.rglob("*") if p.is_file()) if base.is_dir() else [base]
        for path in files:
            rel = path.relative_to(base).as_posix() if base.is_dir() else path.name
            data = path.read_bytes()
            h.update(f"{rel}\0{len(data)}\0".encode())
            h.update(data)
    return h.hexdigest()


def guideline_meta(g: Guideline) -> dict[str, Any]:
    """The guideline-level facts every output prints (title, version, date...), and its schemes."""
    return {
        "id": g.id, "title": g.title, "short_title": g.short_title, "publisher": g.publisher,
        "copyright": g.copyright, "version": g.version, "date": g.date, "language": g.language,
        "website": g.website, "schemes": fingerprint(g.schemes),
    }


def chapter_inputs(g: Guideline, chapter: Chapter) -> dict[str, Any]:
    """What a per-chapter output can read from the model: the guideline's metadata and
    schemes, the chapter and the references it cites. An edit to another chapter, or to a
    work this chapter does not cite, leaves it unchanged."""
    keys = chapter.cited_keys()
    return {
        "guideline": guideline_meta(g),
        "chapter": fingerprint(chapter),
        "references": [fingerprint(g.reference(k)) for k in keys],
    }


def guideline_inputs(g: Guideline) -> dict[str, Any]:
    """Everything in the model (for whole-guideline outputs: the export, the all-chapters cards)."""
    return {
        "guideline": guideline_meta(g),
        "chapters": fingerprint(g.chapters),
        "references": fingerprint(g.references),
    }


class Cache:
    """Bytes by key under ``root``/.cache/guidepress/v<CACHE_FORMAT>/."""

    def __init__(self, root: Path, *, enabled: bool) -> None:
        self.base = Path(root) / CACHE_DIR
        self.dir = self.base / f"v{CACHE_FORMAT}"
        self.enabled = enabled
        self.hits = 0
        self.misses = 0
        self._pruned = False

    # keys ------------------------------------------------------------------

    def key(self, kind: str, *parts: Any) -> str:
        """The key of an output of ``kind`` made from ``parts`` (model objects, bytes, JSON data)."""
        payload = [CACHE_FORMAT, __version__, kind, [fingerprint(p) for p in parts]]
        text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def _path(self, key: str) -> Path:
        if len(key) < 3 or not all(c in "0123456789abcdef" for c in key):
            raise ValueError(f"not a cache key: {key!r}")
        return self.dir / key[:2] / key[2:]

    # bytes -----------------------------------------------------------------

    def get(self, key: str) -> bytes | None:
        if not self.enabled:
            return None
        try:
            data = self._path(key).read_bytes()
        except OSError:
            self.misses += 1
            return None
        self.hits += 1
        return data

    def put(self, key: str, data: bytes) -> None:
        if not self.enabled:
            return
        path = self._path(key)
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
                files[name] = body[at: at + size]
                at += size
            if at != len(body):
                raise ValueError("length mismatch")
            return files
        except (ValueError, TypeError):
            self.hits -= 1
            self.misses += 1
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

    def prune(self, keep: Iterable[str]) -> int:
        """Remove every entry whose key is not in ``keep`` (e.g. the keys of the last build); the count removed."""
        wanted = {self._path(k) for k in keep}
        removed = 0
        for path in list(self.entries()):
            if path not in wanted:
                path.unlink(missing_ok=True)
                removed += 1
        return removed

    def clear(self) -> None:
        shutil.rmtree(self.base, ignore_errors=True)
