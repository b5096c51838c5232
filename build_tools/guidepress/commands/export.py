"""`guidepress export`: the JSON export, written atomically to site/export/."""

from __future__ import annotations

import sys

from ..outputs import replace_subdir
from ..phases import Checked
from ..render.export import export_files
from ..settings import Settings


def run_export(settings: Settings, result: Checked) -> int:
    """Write ``out/export``; 2 when it cannot be written."""
    assert result.guideline is not None
    try:
        replace_subdir(settings.out, "export", export_files(result.guideline))
    except OSError as exc:
        print(f"guidepress: cannot write {settings.out / 'export'}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"wrote {settings.out / 'export'}")
    return 0
