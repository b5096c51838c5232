"""Writing outputs atomically: everything goes to a staging folder next to
the target and is swapped in only when complete, so a failure or a kill
leaves the previous output as it was."""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Mapping


def write_files(base: Path, files: Mapping[str, bytes]) -> None:
    for rel, data in files.items():
        path = base / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


@contextmanager
def staged_dir(target: Path) -> Iterator[Path]:
    """Yield an empty folder; on normal exit it replaces ``target``.

    On an exception the staging folder is removed and ``target`` is untouched.
    """
    target = target.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    swap_in(staging, target)


def swap_in(staging: Path, target: Path) -> None:
    """Put ``staging`` at ``target``; the old target is removed afterwards."""
    os.chmod(staging, 0o755)
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        os.rename(target, old / target.name)
        os.rename(staging, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(staging, target)


def replace_subdir(site: Path, name: str, files: Mapping[str, bytes]) -> None:
    """Atomically replace ``site/name`` with ``files`` (paths relative to site)."""
    with staged_dir(site / name) as staging:
        prefix = name + "/"
        write_files(staging, {k[len(prefix):]: v for k, v in files.items() if k.startswith(prefix)})
