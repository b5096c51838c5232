"""A folder that cannot be read, as an editor's permissions make it (``chmod 000``).

As root (CI containers) permissions do not stop reading, so there the folder
is made unreadable where guidepress lists folders (``os.listdir``, which is
what a folder without read permission refuses first), with the error the
kernel gives anyone else: EACCES.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def unreadable(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    if os.geteuid() != 0:
        mode = folder.stat().st_mode
        folder.chmod(0)
        try:
            yield
        finally:
            folder.chmod(mode)
        return
    listdir = os.listdir
    refused = folder.absolute()

    def refusing(path: str | os.PathLike[str] = ".") -> list[str]:
        if Path(path).absolute() == refused:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
        return listdir(path)

    with monkeypatch.context() as patch:
        patch.setattr(os, "listdir", refusing)
        yield
