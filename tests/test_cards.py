"""Pocket cards: the files, their sizes and wording, determinism, the command and the small parts.

The default content is rendered once per size per session and shared (card_pdfs.py); what the
cards say is in test_cards_content.py, the guideline.pdf of several chapters in test_cards_joined.py,
grades of any shape in test_cards_grade_shapes.py.
"""

from __future__ import annotations

import dataclasses
import io
import shutil
from pathlib import Path

import pypdf
import pytest
from card_pdfs import CHAPTER_PDF, EPOCH, GRADING_TITLE, MM, SITE, _Epoch, chapter, read_site_url, rendered

from guidepress.render.cards import SIZES, TEMPLATES, card_date, inline, jobs, render_cards
from guidepress.text import plain

# ---------------------------------------------------------------- outputs


@pytest.mark.slow
def test_one_pdf_per_chapter_and_one_for_the_guideline(cards_a6, guideline):
    assert set(cards_a6) == {"cards/guideline.pdf"} | {f"cards/{c.id}.pdf" for c in guideline.chapters}
    assert all(data.startswith(b"%PDF-") for data in cards_a6.values())


@pytest.mark.slow
@pytest.mark.parametrize("size", ["a6", "a7", "index"])
def test_page_size(guideline, size):
    fmt = SIZES[size]
    for data in rendered(guideline, size).values():
        for page in pypdf.PdfReader(io.BytesIO(data)).pages:
            box = page.mediabox
            assert float(box.width) == pytest.approx(fmt.width_mm * MM, abs=0.5)
            assert float(box.height) == pytest.approx(fmt.height_mm * MM, abs=0.5)
    assert SIZES["a6"].width_mm == 105 and SIZES["a6"].height_mm == 148
    assert SIZES["a7"].width_mm == 74 and SIZES["a7"].height_mm == 105
    assert SIZES["index"].width_mm == pytest.approx(4 * 25.4) and SIZES["index"].height_mm == pytest.approx(6 * 25.4)


def test_default_size_is_a6(guideline, monkeypatch):
    seen = {}
    monkeypatch.setattr(
        jobs.Worker, "render", lambda self, ids, outputs: seen.setdefault("size", self.options.size) and {}
    )
    render_cards(guideline, site_url=SITE)
    assert seen["size"] == "a6"


@pytest.mark.slow
def test_card_wording_comes_from_the_templates(guideline, tmp_path):
    """Card and PDF titles are the templates' words: other templates, other words; a
    template without the block doc_title is named."""
    import jinja2

    dest = shutil.copytree(TEMPLATES, tmp_path / "cards")
    page = dest / "cards.html.j2"
    text = page.read_text(encoding="utf-8")
    start, end = text.index("{% block doc_title %}"), text.index("{% endblock %}") + len("{% endblock %}")
    own = "{% block doc_title %}{{ name }}: Taschenkarten{% endblock %}"
    page.write_text(text[:start] + own + text[end:].replace("How to read the grades", "Lesehilfe"), encoding="utf-8")
    with _Epoch():
        out = render_cards(guideline, site_url=SITE, templates=dest, workers=1)
    first = pypdf.PdfReader(io.BytesIO(out[CHAPTER_PDF]))
    assert first.metadata["/Title"] == f"{guideline.short_title}: Taschenkarten"
    assert "Lesehilfe" in first.pages[0].extract_text() and GRADING_TITLE not in first.pages[0].extract_text()
    page.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(jinja2.TemplateRuntimeError, match=r"cards\.html\.j2: no \{% block doc_title %\}"):
        render_cards(guideline, site_url=SITE, templates=dest)


def test_unknown_size_is_refused(guideline):
    with pytest.raises(ValueError, match="a6, a7, index"):
        render_cards(guideline, site_url=SITE, size="letter")


@pytest.mark.slow
def test_same_source_gives_byte_identical_pdfs(cards_a6, guideline):
    with _Epoch():
        again = render_cards(guideline, site_url=SITE, size="a6")
    assert again == cards_a6
    info = pypdf.PdfReader(io.BytesIO(cards_a6[CHAPTER_PDF])).metadata
    assert info["/CreationDate"].startswith("D:20231114221320")
    assert info["/ModDate"].startswith("D:20231114221320")


@pytest.mark.slow
def test_parallel_rendering_gives_the_same_bytes(guideline):
    """Several chapters go to a process pool; output must not depend on it."""
    ch = chapter(guideline)
    small = dataclasses.replace(ch, sections=ch.sections[-1:])
    other = dataclasses.replace(small, id="copy-of-" + ch.id, title="Copy")
    g2 = dataclasses.replace(guideline, chapters=(small, other))
    with _Epoch():
        serial = render_cards(g2, site_url=SITE, workers=1)
        parallel = render_cards(g2, site_url=SITE, workers=2)
    assert serial == parallel
    assert set(serial) == {"cards/guideline.pdf", f"cards/{ch.id}.pdf", f"cards/copy-of-{ch.id}.pdf"}


# ---------------------------------------------------------------- small parts


def test_inline_markdown_is_rendered_and_everything_else_escaped():
    assert str(inline("*early* H~2~O 10^9^/l")) == "<em>early</em> H<sub>2</sub>O 10<sup>9</sup>/l"
    assert str(inline("<script>x</script> & a < b")) == "&lt;script&gt;x&lt;/script&gt; &amp; a &lt; b"
    assert str(inline("*<b>*")) == "<em>&lt;b&gt;</em>"
    assert str(inline("ECOG 2108 *1,2 and 5 * 3")) == "ECOG 2108 *1,2 and 5 * 3"
    assert plain("*a* H~2~O") == "a H2O"


def test_card_date_is_the_sources_or_none(guideline, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert card_date(guideline) is None  # never the build's day
    assert card_date(dataclasses.replace(guideline, date="2023-03-01")) == "2023-03-01"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert card_date(guideline) is None


def test_site_url_reads_mkdocs_yml_with_python_tags(tmp_path, monkeypatch):
    assert read_site_url(tmp_path) is None
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nsite_url: https://guidelines.example.org/ago-breast\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n"
        "  - pymdownx.superfences:\n      custom_fences:\n        - format: !!python/object/apply:x.y []\n"
        "extra:\n  analytics: !ENV [NOPE_UNSET, off]\n",
        encoding="utf-8",
    )
    assert read_site_url(tmp_path) == "https://guidelines.example.org/ago-breast/"
    (tmp_path / "mkdocs.yml").write_text("site_url: !ENV [GP_SITE_URL, 'https://a.example/']\n")
    assert read_site_url(tmp_path) == "https://a.example/"
    monkeypatch.setenv("GP_SITE_URL", "https://b.example/x/")
    assert read_site_url(tmp_path) == "https://b.example/x/"


# ---------------------------------------------------------------- command


def test_cards_command_writes_atomically(project: Path, monkeypatch, capsys):
    from guidepress.cli import main
    from guidepress.commands import cards as command

    calls = {}

    def fake(guideline, *, site_url, size="a6", templates=None, cache=None):
        calls.update(site_url=site_url, size=size)
        return {"cards/guideline.pdf": b"%PDF-1 g", "cards/sites-of-metastases.pdf": b"%PDF-1 c"}

    monkeypatch.setattr(command, "render_cards", fake)
    old = project / "site" / "cards"
    old.mkdir(parents=True)
    (old / "stale.pdf").write_bytes(b"old")
    assert main(["cards", "--root", str(project), "--size", "a7"]) == 0
    assert calls == {"site_url": read_site_url(project), "size": "a7"}
    assert sorted(p.name for p in old.iterdir()) == ["guideline.pdf", "sites-of-metastases.pdf"]
    with pytest.raises(SystemExit) as refused:  # argparse refuses it: a usage error
        main(["cards", "--root", str(project), "--size", "letter"])
    assert refused.value.code == 2
    assert "'a6', 'a7', 'index'" in capsys.readouterr().err


def test_cards_command_names_the_font_package_when_the_font_is_missing(project: Path, monkeypatch, capsys):
    from guidepress.cli import main
    from guidepress.render import fonts

    monkeypatch.setattr(fonts, "font_installed", lambda family=fonts.CARD_FONT: False)
    assert main(["cards", "--root", str(project)]) == 2
    err = capsys.readouterr().err
    assert "fonts-dejavu-core" in err and "DejaVu Sans" in err
    assert not (project / "site" / "cards").exists()
