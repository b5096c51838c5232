"""Reading source files safely: inside the project, UTF-8, bounded size."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..diagnostics import Diagnostic, SourcePos
from .codes import MISSING, NOT_UTF8, OUTSIDE_LINK, TOO_LARGE, UNREADABLE

MAX_FILE_BYTES = 20 * 1024 * 1024


def display_path(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def read_text(path: Path, root: Path) -> str | Diagnostic:
    """The file's text, or the problem that keeps it from being used."""
    shown = display_path(path, root)
    pos = SourcePos(shown, 1, 1)
    # Resolve every link on the way, not only the file's own: a linked
    # folder (source/chapters -> /elsewhere) leads outside the project too.
    target = Path(os.path.realpath(path))
    if not target.is_relative_to(Path(os.path.realpath(root))):
        return OUTSIDE_LINK.at(
            pos, f"symbolic link points outside the project ({target}); copy the file into the project instead"
        )
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            # A folder, or a FIFO or device that reading would block on forever.
            return UNREADABLE.at(pos, "cannot read file: not a regular file")
        size = info.st_size
        if size > MAX_FILE_BYTES:
            return TOO_LARGE.at(pos, f"file is {size} bytes; the limit is {MAX_FILE_BYTES}")
        data = path.read_bytes()
    except FileNotFoundError:
        return MISSING.at(pos, "file not found")
    except OSError as exc:
        return UNREADABLE.at(pos, f"cannot read file: {exc.strerror or exc}")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return NOT_UTF8.at(
            SourcePos(shown, line, col), f"byte 0x{data[exc.start]:02x} is not valid UTF-8; save the file as UTF-8"
        )
    return text.replace("\r\n", "\n")


def folder_problem(folder: Path, root: Path) -> Diagnostic | None:
    """Why the files of ``folder`` cannot be listed (None also when it does not exist: that is
    for the caller to judge). Without this, a folder that cannot be read looks empty."""
    try:
        os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        return UNREADABLE.at(
            SourcePos(display_path(folder, root), 0, 0),
            f"cannot read the folder: {exc.strerror or exc}; check its permissions",
        )
    return None
