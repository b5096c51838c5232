"""The cards' layout: card sizes, the Jinja templates, WeasyPrint HTML -> PDF.

Every word a card prints comes from the model or from the templates
(cards.html.j2 names the grading and sources cards and, in its block
``doc_title``, each PDF), in the guideline's language (messages.py: the
catalogs beside the templates, ``templates/locales/``); Python adds none.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ...messages import LOCALES, Messages, messages, messages_for_source
from ...model import Chapter, Guideline
from ...settings import TOOL_TEMPLATES
from ..fonts import CARD_FONT
from .footer import Footer, footer_layout
from .grades import grade_layout
from .packing import GAP_MM, PAD_MM, RULE_PT, Sheets, one_per_sheet
from .retitle import write_titled
from .view import card_date, card_views, grade_key, pdf_timestamp

#: WeasyPrint's PDF/UA variant: the cards are tagged (headings, tables, reading order for screen
#: readers), with the document language (``<html lang>``) and title (``<title>``) set.
PDF_VARIANT = "pdf/ua-1"

#: Smallest font size used anywhere on a card, in points (tests hold us to it).
MIN_FONT_PT = 7.0

#: guidepress' own card templates; a project's come first (settings.py, Settings.card_templates).
TEMPLATES = TOOL_TEMPLATES / "cards"

#: A folder of card templates, or a search path of folders (the first holding a template wins).
CardTemplates = Path | tuple[Path, ...]


@dataclass(frozen=True)
class CardSize:
    """A card format: trim size, crop-safe inset and type scale."""

    key: str
    label: str
    width_mm: float
    height_mm: float
    safe_mm: float  # no text or code closer than this to a trim edge
    base_pt: float  # body text
    title_pt: float  # section title
    qr_mm: float  # QR code edge, quiet zone included


SIZES: dict[str, CardSize] = {
    # The QR codes of sections' addresses (version 6, 45 modules with the quiet zone) print
    # 0.31 mm modules at 14 mm, which phone cameras read at arm's length.
    "a6": CardSize("a6", "A6 (105 × 148 mm)", 105, 148, 6, 8, 11.5, 14),
    "a7": CardSize("a7", "A7 (74 × 105 mm)", 74, 105, 5, 7, 9, 14),
    "index": CardSize("index", "index card (4 × 6 in)", 101.6, 152.4, 6, 8, 11.5, 14),
}


def card_environment(templates: Path | tuple[Path, ...]) -> jinja2.Environment:
    """The card templates' environment (load/templates.py compiles them with it at check time).

    ``templates`` may be a search path: each template is the first folder's that has it
    (a project's, then guidepress' own)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(list(templates) if isinstance(templates, tuple) else templates),
        # Fixed wording is marked {{ _("...") }} and translated by the language's catalog (messages.py).
        extensions=["jinja2.ext.i18n"],
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    messages_for_source().install(env)  # until a render installs the guideline's
    return env


def card_messages(guideline: Guideline, templates: CardTemplates) -> Messages:
    """The cards' wording in the guideline's language: the catalogs beside each folder of card templates
    (a project's ``templates/locales/`` next to its ``templates/cards/``), then guidepress' own."""
    folders = (templates,) if isinstance(templates, Path) else templates
    dirs = [folder.parent / LOCALES for folder in folders] + [TOOL_TEMPLATES / LOCALES]
    return messages(guideline.language, tuple(dict.fromkeys(dirs)))


@dataclass
class Layout:
    """What the card sets laid out in one process during one ``render_cards``
    call share: a Jinja environment per template search path and one WeasyPrint
    font configuration (fonts loaded once, not per set). Made per call, so a
    long-lived process (``guidepress serve``) keeps nothing from an old one."""

    _envs: dict[CardTemplates, jinja2.Environment] = field(default_factory=dict)
    _fonts: Any = None

    def environment(self, templates: CardTemplates) -> jinja2.Environment:
        if templates not in self._envs:
            self._envs[templates] = card_environment(templates)
        return self._envs[templates]

    def font_config(self) -> Any:
        if self._fonts is None:
            from weasyprint.text.fonts import FontConfiguration  # imported late: slow, and only needed here

            self._fonts = FontConfiguration()
        return self._fonts


def card_set_html(
    guideline: Guideline,
    chapters: list[Chapter],
    *,
    site_url: str | None,
    size: str,
    templates: CardTemplates = TEMPLATES,
    layout: Layout | None = None,
    sheets: Sheets | None = None,
    views: list[dict[str, Any]] | None = None,
    measuring: bool = False,
) -> str:
    """The HTML of one card set: grading card, the chapters' sections, sources card, on ``sheets``
    (packing.py; default: each card on its own); ``views`` are the cards' views (view.py
    ``card_views``) when the caller has them already. Its title is ``doc_title`` of its one chapter, or of
    all chapters. ``measuring``: the HTML of a layout that is only measured (packing.py), which
    cards.html.j2 may leave the running heads and footers out of: they print in the margins, so the
    cards' bodies lay out the same without them."""
    fmt = SIZES[size]
    env = (layout or Layout()).environment(templates)
    words = card_messages(guideline, templates)
    words.install(env)
    day = card_date(guideline)
    grades = grade_layout(guideline, fmt, MIN_FONT_PT)
    packing = {"gap": GAP_MM, "pad": PAD_MM, "rule": RULE_PT}
    css = env.get_template("cards.css.j2").render(
        size=fmt,
        font=CARD_FONT,
        min_pt=MIN_FONT_PT,
        grades=grades,
        footer=card_footer(env, guideline, size, words),
        packing=packing,
    )
    cards = views if views is not None else card_views(guideline, chapters, site_url, words)
    return env.get_template("cards.html.j2").render(
        _title_context(guideline, chapters[0] if len(chapters) == 1 else None),
        cards=cards,
        sheets=[[cards[i] for i in sheet] for sheet in sheets or one_per_sheet(len(cards))],
        css=Markup(css),
        size=fmt,
        grades=grades,
        key=grade_key(guideline),
        date=words.date(day) if day else None,
        created=pdf_timestamp(guideline),
        schemes=[s.label for s in guideline.schemes],
        measuring=measuring,
    )


def card_footer(env: jinja2.Environment, guideline: Guideline, size: str, words: Messages | None = None) -> Footer:
    """The running footer of ``guideline``'s cards at ``size``: its height and lines, the date
    worded by ``words`` (by default guidepress' own catalog of the guideline's language)."""
    day = card_date(guideline)
    date = (words or card_messages(guideline, TEMPLATES)).date(day) if day else None
    # its first line as cards.html.j2 prints it, with the widest card number
    name = _title_context(guideline, None)["name"]
    line = " · ".join([f"{name} {guideline.version}", *([date] if date else []), "888/888"])
    badge_pt = grade_layout(guideline, SIZES[size], MIN_FONT_PT).badge_pt
    key = grade_key(guideline)
    return footer_layout(SIZES[size], line, key, key_scales(env, key), MIN_FONT_PT, badge_pt)


def key_scales(env: jinja2.Environment, key: list[dict[str, Any]]) -> list[str]:
    """Each scheme's scale in the grade key as cards.html.j2's block ``key_scale`` words it."""
    return [Markup("".join(_block(env, "key_scale")(_template(env).new_context({"k": k})))).unescape() for k in key]


def _template(env: jinja2.Environment) -> jinja2.Template:
    return env.get_template("cards.html.j2")


def _block(env: jinja2.Environment, name: str) -> Any:
    """A block of cards.html.j2, rendered alone by the code (the PDF's title, the key's scales)."""
    template = _template(env)
    block = template.blocks.get(name)
    if block is None:
        raise jinja2.TemplateRuntimeError(
            f"{template.filename}: no {{% block {name} %}}: the cards' templates word it there "
            "(see guidepress' own templates/cards/cards.html.j2)"
        )
    return block


def _title_context(guideline: Guideline, chapter: Chapter | None) -> dict[str, Any]:
    return {"guideline": guideline, "name": guideline.short_title or guideline.title, "chapter": chapter}


def doc_title(env: jinja2.Environment, guideline: Guideline, chapter: Chapter | None) -> str:
    """The PDF title of the card set of ``chapter`` (None: of all chapters):
    cards.html.j2's block ``doc_title``, which also titles its HTML."""
    text = "".join(_block(env, "doc_title")(_template(env).new_context(_title_context(guideline, chapter))))
    return Markup(text).unescape()  # the PDF's metadata holds text, not HTML


def html_to_pdfs(html: str, titles: list[str], font_config: Any = None) -> list[bytes]:
    """Lay the HTML out once; write one PDF per title (only the metadata title differs).

    ``font_config`` (a WeasyPrint ``FontConfiguration``) may be shared by the
    sets of one call: the same bytes, without loading the fonts again.
    """
    return write_pdfs(lay_out(html, font_config), html, titles)


def lay_out(html: str, font_config: Any = None) -> Any:
    """The HTML laid out by WeasyPrint: its ``Document``, pages and boxes."""
    from weasyprint import HTML  # imported late: slow, and only needed here

    return HTML(string=html, base_url=str(TEMPLATES)).render(font_config=font_config)


def write_pdfs(document: Any, html: str, titles: list[str]) -> list[bytes]:
    """One PDF of the laid-out ``document`` per title, painted once (retitle.py). The PDF identifier
    is derived from the content (``html``), so there is no randomness."""

    def identifier(title: str) -> bytes:
        return hashlib.sha256((title + "\0" + html).encode("utf-8")).hexdigest()[:32].encode("ascii")

    return write_titled(document, PDF_VARIANT, titles, identifier)
