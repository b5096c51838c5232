"""Every language (issue 16): the catalogs of the fixed wording, and what a build in another language prints.

- guidepress' catalogs are in step with the templates and wording.yml (a
  fresh extraction has the template's messages), the German one is complete,
  and each shipped .mo is its .po compiled;
- the default content built with ``language: de`` carries the German text
  of every message the default content prints, and no English message of the
  catalog, in its pages (HTML parsed) and cards (text read back with pypdfium2),
  and ``guidepress verify`` passes on it;
- a third language added as a project's catalog file only (tests/projects/third-language) builds.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from conftest import ROOT

from guidepress.catalogs import extract
from guidepress.cli import main
from guidepress.messages import DOMAIN, messages
from guidepress.phases import check
from guidepress.project_files import copy_parts

LOCALES = ROOT / "templates" / "locales"
THIRD = ROOT / "tests" / "projects" / "third-language"

#: Messages the default content does not print, each with the reason (another
#: project's shape prints them; tests/test_site*.py and tests/test_cards*.py render those shapes).
NOT_PRINTED_BY_DEFAULT = {
    # A previous release (previous_release), drafts and the review dates: the default guideline names none.
    **dict.fromkeys(
        (
            "Compared with version %(previous)s: %(new)s new, %(changed)s changed and %(removed)s removed "
            "recommendations. Each chapter page marks its new and changed recommendations, and says since which "
            "version the others have stood as they are.",
            "JSON Schema of changes.json",
            "No recommendation changed.",
            "Removed in %(version)s, as they read in %(previous)s:",
            "What changed",
            "What changed since the previous release, as JSON",
            "What's new in %(version)s",
            "What's new in {version}",
            "changed",
            "changed {version}: {what}",
            "condition changed",
            "details changed",
            "footnotes changed",
            "kind changed",
            "moved to another section",
            "new id (was {old_id})",
            "reaffirmed {version}",
            "references changed",
            "text reworded",
            "ungraded",
            "{step} (stronger)",
            "{step} (weaker)",
        ),
        "the default guideline names no previous release",
    ),
    "draft, not yet published": "a published build leaves drafts out",
    "in consultation": "a published build leaves recommendations in consultation out",
    "Published": "the default guideline has no date",
    "Next review": "the default guideline has no next_review",
    "%(title)s, version %(version)s (%(date)s).": "the default guideline has no date",
    "%(num)d reference": "the cards' sources card names the chapter's address whenever site_url is set",
    "%(num)d reference for this section.": "the default build's cards print QR codes",
    "(chapter)": "no work is cited by a chapter's own reference list only",
    "Not cited by any chapter.": "every work of the default bibliography is cited",
    "**%(code)s** needs %(scheme)s **%(at_least)s** or stronger.": "the default schemes' rules have messages",
    "A statement may omit it.": "every default scheme is required",
    "A statement's grades are printed as **%(format)s**.": "the default guideline has no grade_format",
    "Each statement's grades are printed as %(format)s.": "the default guideline has no grade_format",
    "Each statement's grades are printed as %(format)s, beneath it.": "the default guideline has no grade_format",
    "Each statement carries one grade per scheme, listed beneath it after the scheme's label:": "a6 cards: columns",
    "Recommendations carry codes from these schemes, in this order: %(schemes)s; each scheme below says which "
    "statements carry its code. On a chapter page, hover, focus or tap a grade to see its meaning. The code is always "
    "printed as text; where a scheme gives its codes a colour, the colour is a help only.": "the default schemes "
    "apply to every statement",
    "Every recommendation is one line of a graded table, as the board prints it, with its grades from these schemes "
    "(which statements carry which is on the grades page):": "the default schemes apply to every statement",
    "Every work cited in this guideline, once, with every recommendation and section that cites it: %(total)s works, "
    "too many for one page. They are listed in %(parts)s parts by the first letter of their citation key (the BibTeX "
    'key, such as %(example)s), at most %(per_page)s works a part and numbered through. A "Cited in" link on a '
    "chapter page goes straight to the work in its part.": "104 works fit one references page",
    "It grades statements of kind %(kinds)s only.": "the default guideline has no statement kinds",
    "It grades statements of kind %(kinds)s only, which may omit it.": "the default guideline has no statement kinds",
    "Statement kinds": "the default guideline has no statement kinds",
    "Kind": "the default guideline has no statement kinds",
    "graded": "the default guideline has no statement kinds",
    "none": "the default guideline has no statement kinds",
    "Part": "one references page",
    "Works": "one references page",
    "Numbers": "one references page",
    "First work": "one references page",
    "Last work": "one references page",
    "References: %(part)s": "one references page",
    "Part %(number)s of %(parts)s of the [references](%(references)s): works %(first)s–%(last)s of %(total)s, "
    "keys %(first_key)s to %(last_key)s": "one references page",
    "next: [%(part)s](%(page)s)": "one references page",
    "previous: [%(part)s](%(page)s)": "one references page",
    "Link": "no default work has an address of its own",
    "PubMed %(pmid)s": "no default work has a PubMed id",
    "Definition: %(citation)s": "the default schemes cite no definition",
    "Web site": "the default guideline names no web site",
    "Publisher: %(website)s.": "the default guideline names no web site",
    "Wording: %(chapter)s": "the default chapter has no wording",
    "Wording": "the default chapter has no wording",
    "yyyy-MM-dd": "a date pattern, not a text",
    "JSON Schema of guideline.json": "no word of its own to check",
    "The code is always printed; its meaning is listed below.": "the default guideline has no grade_format",
    "QR code: %(url)s": "an image's alternative text, which the PDF's text does not carry",
    "All references": "one references page, and the sources card names each chapter's address",
    "continued": "no section of the default chapter runs onto a second a6 card",
    "neutral": "no default scheme's scale begins or ends with a neutral tone",
    # The patient pages' (tests/test_patient_view.py renders them): the default content has no patient text.
    **dict.fromkeys(
        (
            "Each point shows the grades of the recommendation it sums up, as the guideline gives them. [How to read "
            "the grades](%(grades)s) explains every grade.",
            "For patients",
            "No plain-language summary has been written for this chapter yet.",
            "The recommendation for clinicians",
            "This page says in everyday words what the recommendations of the chapter [%(chapter)s](%(page)s) mean "
            "for you. It is a summary written for patients: the recommendations for clinicians are the reference. "
            "Each point links to the recommendation it sums up. Talk with your doctor about what is right for you.",
            "This summary covers %(covered)d of the chapter's %(num)d recommendation.",
            "What the grades mean",
            "What this means for you, in plain language",
            "[%(chapter)s, in plain language](%(page)s)",
        ),
        "the default content has no patient text",
    ),
}


def _catalog(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, domain=DOMAIN)


def _ids(catalog: Catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def test_the_template_holds_every_message_of_the_templates_and_wording(tmp_path: Path) -> None:
    fresh = _catalog(extract(ROOT, tmp_path))
    shipped = _catalog(LOCALES / f"{DOMAIN}.pot")
    assert _ids(fresh) == _ids(shipped), "run python -m guidepress.catalogs extract, then update and compile"


@pytest.mark.parametrize("lang", ["en", "de"])
def test_each_catalog_has_the_templates_messages_and_its_compiled_mo(lang: str) -> None:
    po = LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    catalog = _catalog(po)
    assert _ids(catalog) == _ids(_catalog(LOCALES / f"{DOMAIN}.pot")), "run python -m guidepress.catalogs update"
    out = io.BytesIO()
    write_mo(out, catalog)
    assert po.with_suffix(".mo").read_bytes() == out.getvalue(), "run python -m guidepress.catalogs compile"


def test_the_german_catalog_is_complete() -> None:
    catalog = _catalog(LOCALES / "de" / "LC_MESSAGES" / f"{DOMAIN}.po")
    untranslated = [m.id for m in catalog if m.id and (m.fuzzy or not all(_strings(m.string)))]
    assert untranslated == []


def test_plural_forms_follow_the_language() -> None:
    de = messages("de-CH", (LOCALES,))
    assert de.catalog == "de"
    assert de.ngettext("%(num)d section", "%(num)d sections", 1) % {"num": 1} == "1 Abschnitt"
    assert de.ngettext("%(num)d section", "%(num)d sections", 3) % {"num": 3} == "3 Abschnitte"
    assert de.date("2023-03-01") == "01.03.2023"
    assert de.number(1234) == "1'234"  # the Swiss way
    assert messages("de", (LOCALES,)).number(1234) == "1.234"
    en = messages("en", (LOCALES,))
    assert (en.date("2023-03-01"), en.number(1234)) == ("2023-03-01", "1,234")


def _strings(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (value,)


# The default content in German ------------------------------------------


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_parts(ROOT, tmp_path_factory.mktemp("german") / "project")  # with mkdocs.yml: its cards print QR codes
    _set(root, "language: en", "language: de")
    assert main(["build", "--root", str(root)]) == 0
    return root


def _set(root: Path, old: str, new: str) -> None:
    path = root / "source" / "guideline.yml"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


#: The attributes whose words reach a reader (data-copied: the share button's status line, guidepress.js).
READER_ATTRIBUTES = ("title", "aria-label", "alt", "content", "data-copied", "data-copy-failed")


def _html_text(site: Path, skip: tuple[str, ...] = ()) -> str:
    """Every page's text and its readers' attributes (titles, labels, alternative texts), whitespace folded."""
    parts = []
    for page in sorted(site.rglob("*.html")):
        if any(str(page.relative_to(site)).startswith(s) for s in skip):
            continue
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        for hidden in soup(["script", "style"]):
            hidden.decompose()
        parts.append(soup.get_text(" "))
        for tag in soup.find_all(True):
            parts += [str(tag.get(a)) for a in READER_ATTRIBUTES if tag.get(a)]
    return _fold(" ".join(parts))


def _cards_text(site: Path) -> str:
    pdfium = pytest.importorskip("pypdfium2")
    parts = []
    for path in sorted((site / "cards").glob("*.pdf")):
        pdf = pdfium.PdfDocument(path)
        parts.append(str(pdf.get_metadata_dict().get("Title", "")))
        parts += [page.get_textpage().get_text_range() for page in pdf]
    return _fold(" ".join(parts))


def _fold(text: str) -> str:
    # pypdfium2 ends each line with \r\n, and a hyphen at a line's end is soft.
    return re.sub(r"\s+", " ", text.replace("-\r\n", "-").replace("\ufffe", ""))


def _pieces(text: str) -> Iterator[str]:
    """The words of a message around its placeholders and its Markdown (links, emphasis)."""
    for piece in re.split(r"\]\(%\(\w+\)s\)|%\(\w+\)[sd]|\{\w+\}|\*\*|[\[\]]", text):
        piece = piece.strip(" .,:;()·—")
        if re.search(r"[A-Za-zÄÖÜäöüß]{2}", piece):
            yield piece


def test_the_german_build_prints_every_message_in_german(german: Path) -> None:
    site = german / "site"
    printed = _html_text(site) + " " + _cards_text(site)
    catalog = _catalog(LOCALES / "de" / "LC_MESSAGES" / f"{DOMAIN}.po")
    missing = {}
    for m in catalog:
        ids, strings = _strings(m.id), _strings(m.string)
        if not m.id or ids[0] in NOT_PRINTED_BY_DEFAULT:
            continue
        # One of the plural forms is printed, whichever the count asks for.
        if not any(all(p in printed for p in _pieces(s)) for s in strings):
            missing[ids[0]] = strings
    assert missing == {}
    assert set(NOT_PRINTED_BY_DEFAULT) <= _ids(catalog), "a message left out above is no longer in the catalog"


def test_the_german_build_prints_no_english_message(german: Path) -> None:
    """The editors' page is in the tool's own words, like check's messages (docs/languages.md)."""
    site = german / "site"
    printed = _html_text(site, skip=("editors",)) + " " + _cards_text(site)
    catalog = _catalog(LOCALES / "de" / "LC_MESSAGES" / f"{DOMAIN}.po")
    english = set()
    for m in catalog:
        german_words = {p for s in _strings(m.string) for p in _pieces(s)}
        # Phrases only: a word alone ("Code", "Link") or of two short words ("of the") is also the clinical text's.
        english |= {p for i in _strings(m.id) for p in _pieces(i) if p not in german_words and _phrase(p)}
    assert sorted(p for p in english if p in printed) == []


def _phrase(piece: str) -> bool:
    words = piece.split()
    return len(words) > 1 and any(len(w) > 4 for w in words)


def test_verify_passes_on_the_german_build(german: Path) -> None:
    assert main(["verify", "--root", str(german)]) == 0


# A third language: a catalog file only -----------------------------------


def test_a_third_language_added_as_a_catalog_file_only_builds(tmp_path: Path) -> None:
    root = copy_parts(ROOT, tmp_path / "project", ("source", "bib"))
    copy_parts(THIRD, root, ("templates",))
    _set(root, "language: en", "language: fr\ndate: 2023-03-01")
    assert [d.as_text() for d in check(root).diagnostics] == []
    assert main(["build", "--root", str(root)]) == 0
    home = BeautifulSoup((root / "site" / "index.html").read_text("utf-8"), "html.parser")
    nav = _fold(home.select_one("nav.md-nav--primary").get_text(" "))
    assert all(word in nav for word in ("Accueil", "Chapitres", "Glossaire", "Comment lire les grades"))
    text = _fold(home.get_text(" "))
    assert "(1 mars 2023)" in text and "12 sections" in text and "Fiche de poche : Sites of Metastases (PDF)" in text
    # A message the catalog does not translate prints as its message id.
    assert "How to read a recommendation" in text
    cards = _cards_text(root / "site")
    assert "Sources de ces fiches" in cards and "Énoncé" in cards and "Comment lire les grades" in cards
