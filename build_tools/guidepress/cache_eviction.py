"""Which cache entries a build throws away, so that ``.cache/guidepress/`` stops growing.

Every edit makes new entries (a chapter's card set, a formatted reference, an
export) and leaves the old ones; at the default content a build stores 2 MB,
so a year of releases and previews would keep gigabytes nobody reads again.
The policy is ccache's: an entry's modification time is its last use (a hit
touches it), an entry unused for ``MAX_AGE`` goes, then the least recently
used go while the entries take more than ``MAX_BYTES``. What the current run
used is always kept, however large: evicting it would only make the next run
build it again. Time decides only what is thrown away, never what a key is.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path

MAX_AGE = 30 * 24 * 3600  # seconds: a month of releases and previews
MAX_BYTES = 512 * 2**20


def touch(path: Path) -> None:
    """Mark ``path`` as used now (a read-only cache just keeps the old time)."""
    with contextlib.suppress(OSError):
        os.utime(path)


def evict(
    entries: Iterable[Path], used: set[Path], now: float, max_age: float = MAX_AGE, max_bytes: int = MAX_BYTES
) -> int:
    """Remove the ``entries`` not in ``used`` that are older than ``max_age``, then the oldest of them
    while all take more than ``max_bytes``; the count removed."""
    kept: list[tuple[float, int, Path]] = []
    total = 0
    removed = 0
    for path in entries:
        try:
            stat = path.stat()
        except OSError:
            continue
        if path not in used and now - stat.st_mtime > max_age:
            removed += _remove(path)
            continue
        total += stat.st_size
        if path not in used:
            kept.append((stat.st_mtime, stat.st_size, path))
    for _, size, path in sorted(kept, key=lambda entry: (entry[0], str(entry[2]))):
        if total <= max_bytes:
            break
        removed += _remove(path)
        total -= size
    return removed


def _remove(path: Path) -> int:
    try:
        path.unlink()
    except OSError:
        return 0
    return 1
