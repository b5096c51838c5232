"""Content digests: of model objects (without source positions), of values, of files.

What the cache (cache.py) keys outputs by and the preview (preview.py)
fingerprints its layout with: contents only, never modification times.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any


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
    if cls is dict:  # JSON data (a CSL item per work) before the slower generic checks below
        return {str(k): fingerprint(v) for k, v in sorted(value.items(), key=_by_key)}
    names = _compared_fields(cls)
    if names is not None:
        return [cls.__name__] + [fingerprint(getattr(value, n)) for n in names]
    if isinstance(value, Mapping):
        return {str(k): fingerprint(v) for k, v in sorted(value.items(), key=_by_key)}
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"sha256": hashlib.sha256(value).hexdigest()}
    if isinstance(value, Path):
        return value.as_posix()
    if isinstance(value, (str, int, float)):  # subclasses (enums)
        return value
    raise TypeError(f"cannot fingerprint {cls.__name__}")


def _by_key(item: tuple[Any, Any]) -> str:
    return str(item[0])


@cache
def _compared_fields(cls: type) -> tuple[str, ...] | None:
    """A dataclass's fields that take part in equality; None for other types."""
    if not dataclasses.is_dataclass(cls):
        return None
    return tuple(f.name for f in dataclasses.fields(cls) if f.compare)


def digest(value: Any) -> str:
    """SHA-256 of ``value``'s fingerprint."""
    text = json.dumps(fingerprint(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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


def file_digests(folder: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file under ``folder`` (empty when there is none)."""
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
