"""Whether a publishing address (``site_url``) is a real one.

The pocket cards print QR codes to the site's pages, and a printed card
outlives any fix: an address that is a placeholder (the default
``guidelines.example.org``), or this computer, must not reach paper
unnoticed. The names are the ones reserved for examples, tests and the
local machine (RFC 2606, RFC 6761).
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

EXAMPLE_DOMAINS = ("example.com", "example.net", "example.org")
RESERVED_TOP_LEVEL = ("example", "invalid", "localhost", "test")


def placeholder(url: str) -> str | None:
    """Why ``url`` is no address readers can reach, or None when it may be one."""
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if not host:
        return None
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        ip = None
    if host == "localhost" or (ip is not None and (ip.is_loopback or ip.is_unspecified)):
        return f"{host} is this computer"
    for domain in EXAMPLE_DOMAINS:
        if host == domain or host.endswith("." + domain):
            return f"{domain} is reserved for examples"
    if (top := host.rsplit(".", 1)[-1]) in RESERVED_TOP_LEVEL and ip is None:
        return f".{top} is a reserved name, not a published address"
    return None
