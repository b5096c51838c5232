"""Writing outputs atomically: everything goes to a staging folder next to
the target and is swapped in only when complete, so a failure or a kill
leaves the previous output as it was."""

from __future__ import annotations

import glob
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path


def write_files(base: Path, files: Mapping[str, bytes]) -> None:
    for rel, data in files.items():
        path = base / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


@contextmanager
def staged_dir(target: Path) -> Iterator[Path]:
    """Yield an empty folder; on normal exit it replaces ``target``.

    On an exception the staging folder is removed and ``target`` is untouched.
    A build killed outright (SIGKILL, power loss) cannot clean up: it leaves a
    ``.<name>.new-*`` or ``.<name>.old-*`` folder, which the next build
    removes. Builds into one folder hold a lock on it from start to swap, so
    every such folder found under the lock belongs to no live build, and two
    concurrent builds run one after the other instead of fighting.
    """
    target = target.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    with _locked(target.parent):
        remove_stale(target)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
        try:
            yield staging
            # Inside the try: a swap refused (``target`` cannot be moved, the
            # disk is full) must not leave a whole second site behind.
            swap_in(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise


def tidy(target: Path) -> None:
    """Remove what killed builds left next to ``target``, under the build lock
    (for a build that finds nothing to write)."""
    target = target.absolute()
    if target.parent.is_dir():
        with _locked(target.parent):
            remove_stale(target)


def remove_stale(target: Path) -> list[Path]:
    """Remove staging folders that interrupted builds of ``target`` left next to it."""
    removed = []
    for prefix in (f".{target.name}.new-", f".{target.name}.old-"):
        for path in target.parent.glob(glob.escape(prefix) + "*"):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    return removed


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """An exclusive lock on ``folder`` itself (flock on its descriptor: no
    lock file to leave behind; the kernel releases it when a build dies)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, and so no clean-up either
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def swap_in(staging: Path, target: Path) -> None:
    """Put ``staging`` at ``target``; the old target is removed afterwards.

    When a rename is refused (moving a folder needs write permission on it),
    ``target`` is put back as it was and the error is raised; the caller
    removes ``staging``.
    """
    os.chmod(staging, 0o755)
    if not target.exists():
        os.rename(staging, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    try:
        os.rename(target, old / target.name)
        try:
            os.rename(staging, target)
        except BaseException:
            os.rename(old / target.name, target)
            raise
    except BaseException:
        if not any(old.iterdir()):
            old.rmdir()
        raise
    shutil.rmtree(old, ignore_errors=True)


def replace_file(path: Path, data: bytes) -> None:
    """Write ``path`` atomically: a reader sees the old file or the new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def replace_subdir(site: Path, name: str, files: Mapping[str, bytes]) -> None:
    """Atomically replace ``site/name`` with ``files`` (paths relative to site)."""
    with staged_dir(site / name) as staging:
        prefix = name + "/"
        write_files(staging, {k[len(prefix) :]: v for k, v in files.items() if k.startswith(prefix)})
