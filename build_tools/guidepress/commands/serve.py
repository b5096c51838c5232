"""`guidepress serve`: MkDocs' live-reload server over the generated site.

The guidepress plugin watches source/, bib/ and templates/, so an edit to a
recommendation, a BibTeX entry or a page template rebuilds and reloads the
page. A source error is printed as path:line:col and the last good pages
stay served until it is fixed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def run_serve(root: Path, dev_addr: str) -> int:
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    _log_to_terminal()
    try:
        serve(config_file=str(root / "mkdocs.yml"), dev_addr=dev_addr, livereload=True)
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
