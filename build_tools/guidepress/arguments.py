"""The command line's folders and addresses, checked before any work starts.

A bad argument is a usage error: exit 2 and one line naming it, never a
traceback, and never a write to the wrong place. ``build`` replaces its
``--out`` folder whole, so ``--out`` naming the project (or a folder holding
it) would swap the project for the site, source/ and all.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

#: The project's folders that a build reads: no output may go inside them.
INPUTS = ("source", "bib", "templates")


def root_problem(root: Path) -> str | None:
    """Why ``root`` cannot be the project folder, or None."""
    try:
        info = os.stat(root)
    except (FileNotFoundError, NotADirectoryError):
        return f"--root {root}: no such folder"
    except OSError as exc:
        return f"--root {root}: cannot read it ({exc.strerror or exc})"
    if not stat.S_ISDIR(info.st_mode):
        return f"--root {root} is a file; give the project folder (the one holding source/ and bib/)"
    try:
        os.listdir(root)
    except OSError as exc:
        return f"--root {root}: cannot read the folder ({exc.strerror or exc})"
    return None


def out_problem(out: Path, root: Path, *, replaced: bool, reads: bool = False) -> str | None:
    """Why ``out`` cannot take the output, or None.

    ``replaced``: the command replaces ``out`` whole (``build``); ``reads``:
    it reads a built site from there (``verify``).
    """
    found = _nearest_existing(out)
    if found is None:
        return f"--out {out}: cannot look at it or at any folder above it"
    if not found.is_dir():
        what = "a file" if found == out.absolute() else f"inside the file {found}"
        want = "the built site folder" if reads else "a folder"
        return f"--out {out} is {what}; give {want}"
    if reads:
        return None
    target, project = _real(out), _real(root)
    if replaced and (target == project or project.is_relative_to(target)):
        return (
            f"--out {out} is the project folder or holds it; the build replaces --out whole: "
            "give a folder of its own (default: ROOT/site)"
        )
    for part in INPUTS:
        if target.is_relative_to(project / part):
            return f"--out {out} is inside the project's {part}/, which the build reads; give a folder outside it"
    return None


def dev_addr_problem(addr: str) -> str | None:
    """Why ``addr`` is not HOST:PORT, or None."""
    host, _, port = addr.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        return f"--dev-addr {addr!r} is not HOST:PORT with a port from 1 to 65535 (e.g. 127.0.0.1:8000)"
    return None


def _nearest_existing(path: Path) -> Path | None:
    """``path``, or the nearest of its parents that exists (None when none can be looked at)."""
    path = path.absolute()
    for candidate in (path, *path.parents):
        try:
            os.stat(candidate)
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError:
            return None
        return candidate
    return None


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))
