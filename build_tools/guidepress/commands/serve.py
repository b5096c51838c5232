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

import errno
import os
import socket
import sys

from ..mkdocs_config import mkdocs_source
from ..settings import Settings


def run_serve(settings: Settings, dev_addr: str, *, dirty: bool = True) -> int:
    """Serve until interrupted; 1 when MkDocs refuses the site, 2 when ``dev_addr`` cannot be served on."""
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    # MkDocs builds the whole site before it binds the port: a port in use
    # would be found only after that, and as a traceback.
    if problem := address_problem(dev_addr):
        print(f"guidepress: cannot serve on {dev_addr}: {problem}", file=sys.stderr)
        return 2
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    _log_to_terminal()
    try:
        # guidepress' defaults and the project's mkdocs.yml, read again for every build (mkdocs_config.py).
        serve(
            **mkdocs_source(settings.root, settings.config_file),
            dev_addr=dev_addr,
            livereload=True,
            build_type="dirty" if dirty else None,
        )
    except MkDocsException as exc:
        print(f"guidepress: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # the port was taken after the probe
        print(f"guidepress: cannot serve on {dev_addr}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    return 0


def address_problem(dev_addr: str) -> str | None:
    """Why nothing can listen on ``dev_addr`` (HOST:PORT, checked by the command line) now, or None."""
    host, _, port = dev_addr.rpartition(":")
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host.strip("[]"), int(port), type=socket.SOCK_STREAM)[0]
        with socket.socket(family, kind, proto) as probe:
            # As MkDocs' server does (http.server): a port left in TIME_WAIT can be reused.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as exc:  # socket.gaierror too: a host name that does not resolve
        text = exc.strerror or str(exc)
        if exc.errno == errno.EADDRINUSE:
            return f"{text} (another server is running there); stop it or pass --dev-addr with another port"
        return text
    return None


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
