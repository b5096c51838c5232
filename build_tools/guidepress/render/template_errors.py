"""Where in a template rendering failed, for the one line a refused command prints.

`check` finds the syntax errors of the project's templates (GP114); a
template can still fail while it renders (a name it uses that the renderer
does not give it). Jinja2 puts the template's own file and line into the
traceback, also of an error raised in a worker process (concurrent.futures
attaches the worker's traceback as text), and that is what the editor needs.
"""

from __future__ import annotations

import re
import traceback
from pathlib import Path

import jinja2

from ..load.files import display_path

_REMOTE_FRAME = re.compile(r'File "([^"]+\.j2)", line (\d+)')


def template_failure(exc: BaseException, root: Path) -> str:
    """``exc`` in one line, led by ``file:line`` of the template it happened in when there is one."""
    what = f"{type(exc).__name__}: {getattr(exc, 'message', None) or exc}"
    where = _where(exc)
    return f"{display_path(Path(where[0]), root)}:{where[1]}: {what}" if where else what


def _where(exc: BaseException) -> tuple[str, int] | None:
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return exc.filename, exc.lineno
    frames = [
        (f.filename, f.lineno or 0) for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")
    ]
    if frames:
        return frames[-1]  # the innermost: an included or imported template's own line
    cause = exc.__cause__
    if cause is not None:
        remote = [(file, int(line)) for file, line in _REMOTE_FRAME.findall(str(cause))]
        return remote[-1] if remote else _where(cause)
    return None
