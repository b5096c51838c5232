"""`guidepress export`: the JSON export, written atomically to site/export/."""

from __future__ import annotations

from ..outputs import replace_subdir
from ..phases import Checked
from ..render.export import export_files
from ..settings import Settings


def run_export(settings: Settings, result: Checked) -> int:
    assert result.guideline is not None
    replace_subdir(settings.out, "export", export_files(result.guideline))
    print(f"wrote {settings.out / 'export'}")
    return 0
