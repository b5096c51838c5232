"""`guidepress serve`: a live-reload preview of the generated site.

The guidepress plugin watches source/, bib/ and templates/, so an edit to a
recommendation, a BibTeX entry or a page template rebuilds and reloads the
page. The builds are MkDocs' "dirty" ones: the plugin tells MkDocs which
generated pages changed and only those are rendered again (preview.py), so
an edit to one recommendation of a 30-chapter guideline shows in well under
a second instead of the several seconds of a whole build.

While the source has an error, every page the browser asks for is an error
page listing the problems (``path:line:col``, code, message), which reloads
by itself once they are fixed; the theme's assets are still served. MkDocs'
own ``serve`` holds every request after a failed build until one succeeds,
so a reload hangs and the problem is in the terminal only: this module runs
the same server and builds (MkDocs' LiveReloadServer and build) with a
builder that records a failure instead of passing it on.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import socket
import sys
import tempfile
from collections.abc import Iterable
from html import escape
from typing import Any
from urllib.parse import urlsplit

from mkdocs.livereload import LiveReloadServer

from ..diagnostics import Diagnostic
from ..mkdocs_config import mkdocs_source
from ..settings import Settings

log = logging.getLogger("mkdocs.commands.serve")


def run_serve(settings: Settings, dev_addr: str, *, dirty: bool = True) -> int:
    """Serve until interrupted; 1 when MkDocs refuses the site, 2 when ``dev_addr`` cannot be served on."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException
    from mkdocs.livereload import (
        _serve_url,  # how MkDocs' serve makes the address it prints
    )

    # MkDocs builds the whole site before it binds the port: a port in use
    # would be found only after that, and as a traceback.
    if problem := address_problem(dev_addr):
        print(f"guidepress: cannot serve on {dev_addr}: {problem}", file=sys.stderr)
        return 2
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    _log_to_terminal()
    site_dir = tempfile.mkdtemp(prefix="guidepress-serve-")
    # guidepress' defaults and the project's mkdocs.yml, read again for every build (mkdocs_config.py).
    source = mkdocs_source(settings.root, settings.config_file)

    def get_config() -> Any:
        return load_config(**source, site_dir=site_dir, dev_addr=dev_addr)

    try:
        config = get_config()
        config.plugins.on_startup(command="serve", dirty=dirty)
        host, port = config.dev_addr
        serve_url = _serve_url(host, port, urlsplit(config.site_url or "/").path)

        def builder(config: Any = None) -> None:
            config = config or get_config()
            config.site_url = serve_url
            try:
                build(config, serve_url=serve_url, dirty=dirty)
            # Whatever stopped the build, the server must answer: MkDocs' Abort is a SystemExit.
            except (Exception, SystemExit) as exc:  # noqa: BLE001
                server.problems = _problems(config, exc)
                log.error("The preview shows the problems until they are fixed; it reloads by itself.")
            else:
                server.problems = None

        server = PreviewServer(
            builder=builder, host=host, port=port, root=site_dir, mount_path=urlsplit(serve_url).path
        )
        builder(config)
        server.watch(config.docs_dir)
        if config.config_file_path:
            server.watch(config.config_file_path)
        server = config.plugins.on_serve(server, config=config, builder=builder)
        for item in config.watch:
            server.watch(item)
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
            config.plugins.on_shutdown()
    except MkDocsException as exc:
        print(f"guidepress: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # the port was taken after the probe
        print(f"guidepress: cannot serve on {dev_addr}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)
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


def _problems(config: Any, exc: BaseException) -> list[Diagnostic | str]:
    """What the failed build reported: the plugin's diagnostics, else the error's message."""
    plugin = config.plugins.get("guidepress")
    found = getattr(getattr(plugin, "preview", None), "problems", None)
    return list(found) if found else [str(exc) or type(exc).__name__]


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server that answers with the error page while the last build failed."""

    problems: list[Diagnostic | str] | None = None

    def _serve_request(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes] | None:
        problems = self.problems
        path = environ["PATH_INFO"]
        if problems is None or not path.endswith(("/", ".html")):
            return super()._serve_request(environ, start_response)
        with self._epoch_cond:
            epoch = self._visible_epoch
        body = self._inject_js_into_html(error_page(problems), epoch)  # type: ignore[no-untyped-call]
        start_response(
            "500 Internal Server Error",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
        )
        return [body]


def error_page(problems: list[Diagnostic | str]) -> bytes:
    """The page every request gets while the source has errors: self-contained (the
    theme's files may be missing), each problem with its place, code and message."""
    items = []
    for p in problems:
        if isinstance(p, Diagnostic):
            items.append(
                f'<li><code>{escape(str(p.pos))}</code> <strong class="{p.severity.value}">'
                f"{p.severity.value} {escape(p.code)}</strong> {escape(p.message)}</li>"
            )
        else:
            items.append(f"<li>{escape(p)}</li>")
    errors = sum(1 for p in problems if not isinstance(p, Diagnostic) or p.severity.value == "error")
    title = f"The preview cannot be built: {errors} error{'s' if errors != 1 else ''}"
    return (_PAGE.format(title=escape(title), items="\n".join(items))).encode("utf-8")


_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ max-width: 60rem; margin: 2rem auto; padding: 0 1rem; font: 16px/1.5 system-ui, sans-serif; color: #222; }}
h1 {{ font-size: 1.4rem; color: #a3241b; }}
li {{ margin: 0.6rem 0; }}
code {{ font-size: 0.95rem; background: #f2f2f2; padding: 0.1rem 0.3rem; }}
.error {{ color: #a3241b; }}
.warning {{ color: #7a5a00; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p>Fix these in the source and save: this page reloads by itself when the preview builds again.</p>
<ul>
{items}
</ul>
</body>
</html>
"""


def _log_to_terminal() -> None:
    """MkDocs' own command sets up its log output; called as a library it has
    none, and serve's "Serving on http://..." line would never show."""
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
