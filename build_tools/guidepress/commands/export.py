"""`guidepress export`: the JSON export, written atomically to site/export/."""

from __future__ import annotations

from pathlib import Path

from ..outputs import replace_subdir
from ..phases import Checked
from ..render.export import export_files


def run_export(result: Checked, out: Path) -> int:
    assert result.guideline is not None
    replace_subdir(out, "export", export_files(result.guideline))
    print(f"wrote {out / 'export'}")
    return 0
