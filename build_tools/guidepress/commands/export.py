"""`guidepress export`: the export, written atomically to site/export/.

``--format fhir`` writes the FHIR Bundle alone (site/export/guideline.fhir.json)
and leaves the export's other files as they are.
"""

from __future__ import annotations

import sys

from ..outputs import replace_file, replace_subdir
from ..phases import Checked
from ..render.export import export_files, fhir_file
from ..render.export_translations import translations_document
from ..settings import Settings


def run_export(settings: Settings, result: Checked, *, fhir_only: bool = False) -> int:
    """Write ``out/export`` (or only its FHIR Bundle); 2 when it cannot be written."""
    g = result.guideline
    assert g is not None
    try:
        if fhir_only:
            for rel, data in fhir_file(g, site_url=settings.site_url).items():
                replace_file(settings.out / rel, data)
                print(f"wrote {settings.out / rel}")
            return 0
        translations = translations_document(g)
        replace_subdir(settings.out, "export", export_files(g, site_url=settings.site_url, translations=translations))
    except OSError as exc:
        print(f"guidepress: cannot write {settings.out / 'export'}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"wrote {settings.out / 'export'}")
    return 0
