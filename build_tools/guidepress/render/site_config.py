"""The site settings that come from the model, for any engine.

site_name, copyright, language and navigation are facts of the guideline
(source/guideline.yml), so mkdocs.yml does not repeat them: both the MkDocs
plugin and the Zensical runner apply them here.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from markupsafe import escape

from ..messages import Messages
from ..model import Guideline
from .editions import alternates
from .theme_language import theme_language


def apply_model_settings(
    config: MutableMapping[str, Any], g: Guideline, nav: list[Any], words: Messages, escape_html: bool = False
) -> None:
    """``escape_html``: hand the texts over HTML-escaped, as Markup. MkDocs'
    theme environment has no autoescape, and Material inserts site_name into
    an attribute (aria-label="{{ config.site_name }}"), site_description into
    a meta tag and copyright as HTML: a '"' in a title would end the
    attribute, an "&lt;" in the copyright would print as "<". Markup prints
    escaped where the theme writes it raw, and the "| e" filter leaves it as
    it is where the theme escapes."""

    def text(value: str) -> str:
        return escape(value) if escape_html else value

    config["site_name"] = text(g.short_title or g.title)
    config["site_description"] = text(words.wording("site.description", title=g.title, version=g.version))
    # Every page's footer names the edition: version, and publication date when the source gives one.
    name = g.short_title or g.title
    edition = (
        words.wording("site.edition_dated", name=name, version=g.version, date=words.date(g.date))
        if g.date
        else words.wording("site.edition", name=name, version=g.version)
    )
    config["copyright"] = text(
        words.wording("site.copyright", copyright=g.copyright, edition=edition) if g.copyright else edition
    )
    config["nav"] = nav
    _permalink_title(config, words.wording("links.permalink"))
    if editions := alternates(g):
        # Material's language switcher; partials/alternate.html links each page to its twin.
        config.setdefault("extra", {})["alternate"] = editions
    # The theme's translation for the language (de-CH -> de; checks/language.py warns).
    config["theme"]["language"] = theme_language(g.language)


def _permalink_title(config: MutableMapping[str, Any], title: str) -> None:
    """The title of the headings' permanent links (the toc extension's), in the guideline's language; a
    project's own ``permalink_title`` stays. MkDocs has read the extensions' options into ``mdx_configs``
    by now; Zensical reads ``markdown_extensions`` written as a mapping."""
    options = config.get("mdx_configs")
    if options is None:
        options = config.get("markdown_extensions")
    if isinstance(options, MutableMapping) and isinstance(toc := options.get("toc"), dict) and toc.get("permalink"):
        options["toc"] = {"permalink_title": title, **toc}
