"""Reading source files safely: inside the project, UTF-8, bounded size."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..diagnostics import Diagnostic, SourcePos

MAX_FILE_BYTES = 20 * 1024 * 1024


def display_path(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def read_text(path: Path, root: Path, diags: list[Diagnostic]) -> str | None:
    """Return the file's text, or None after recording why it cannot be used."""
    shown = display_path(path, root)
    pos = SourcePos(shown, 1, 1)
    # Resolve every link on the way, not only the file's own: a linked
    # folder (source/chapters -> /elsewhere) leads outside the project too.
    target = Path(os.path.realpath(path))
    if not target.is_relative_to(Path(os.path.realpath(root))):
        diags.append(Diagnostic("GP004", f"symbolic link points outside the project ({target}); "
                                "copy the file into the project instead", pos))
        return None
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            # A folder, or a FIFO or device that reading would block on forever.
            diags.append(Diagnostic("GP003", "cannot read file: not a regular file", pos))
            return None
        size = info.st_size
        if size > MAX_FILE_BYTES:
            diags.append(Diagnostic("GP109", f"file is {size} bytes; the limit is {MAX_FILE_BYTES}", pos))
            return None
        data = path.read_bytes()
    except FileNotFoundError:
        diags.append(Diagnostic("GP001", "file not found", pos))
        return None
    except OSError as exc:
        diags.append(Diagnostic("GP003", f"cannot read file: {exc.strerror or exc}", pos))
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        diags.append(Diagnostic("GP002", f"byte 0x{data[exc.start]:02x} is not valid UTF-8; "
                                "save the file as UTF-8", SourcePos(shown, line, col)))
        return None
    return text.replace("\r\n", "\n")
