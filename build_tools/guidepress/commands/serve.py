"""`guidepress serve`: MkDocs' live-reload server over the generated site.

The guidepress plugin watches source/, bib/ and templates/, so an edit to a
recommendation, a BibTeX entry or a page template rebuilds and reloads the
page. A source error is printed as path:line:col; the browser keeps the
last good page (MkDocs holds new requests) until the source is mended.

The builds are MkDocs' "dirty" ones: the plugin tells MkDocs which
generated pages changed and only those are rendered again (preview.py), so
an edit to one recommendation of a 30-chapter guideline shows in well under
a second instead of the several seconds of a whole build.
"""

from __future__ import annotations

import os
import sys

from ..mkdocs_config import mkdocs_source
from ..settings import Settings


def run_serve(settings: Settings, dev_addr: str, *, dirty: bool = True) -> int:
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    _log_to_terminal()
    try:
        # guidepress' defaults and the project's mkdocs.yml, read again for every build (mkdocs_config.py).
        serve(**mkdocs_source(settings.root, settings.config_file), dev_addr=dev_addr, livereload=True,
              build_type="dirty" if dirty else None)
    except MkDocsException as exc:
        print(f"guidepress: {exc}", file=sys.stderr)
        return 1
    return 0


def _log_to_terminal() -> None:
    """MkDocs' own command sets up its log output; called as a library it has
    none, and serve's "Serving on http://..." line would never show."""
    import logging

    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    # MkDocs warns on every dirty build that navigation may be stale; the
    # plugin rebuilds every page whenever anything but a page's own content
    # changed, so the warning would only teach editors to ignore warnings.
    logging.getLogger("mkdocs.commands.build").addFilter(_NotDirtyWarning())


class _NotDirtyWarning:
    def filter(self, record: object) -> bool:
        return "'dirty' build is being performed" not in getattr(record, "msg", "")
