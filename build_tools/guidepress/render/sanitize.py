"""The second wall: rendered page HTML passes an allowlist (nh3).

The validator already rejects raw HTML in source text (GP301) and
render/mdtext.py escapes what Markdown could read as syntax. Should either
ever miss something, a script, an event handler or a javascript: URL still
cannot reach a clinician's browser.
"""

from __future__ import annotations

import nh3

_TAGS = nh3.ALLOWED_TAGS | {"button", "section"}
_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"id", "class", "title", "hidden", "role", "lang", "dir"},
    "a": {"href"},
    "abbr": {"title"},
    "button": {"type"},
    "ol": {"start"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "details": {"open"},
}


def sanitize_page_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        # aria-* and data-* describe content; neither can run code.
        generic_attribute_prefixes={"aria-", "data-"},
        # Every link here is either relative or a DOI/PubMed/web-site link the
        # source names; rel="noopener" is for target=_blank, which we never set.
        link_rel=None,
        url_schemes={"http", "https", "mailto"},
    )
