"""`guidepress translations`: what each language needs translated, and a PO file out to a translator and back.

Text (the default): per language and chapter (and ``_guideline``, the
guideline's own texts and its schemes'), each text without a translation
and each translation made from an earlier primary text, by key.
``--po FILE`` writes those texts of one language as a gettext PO file (the
primary text the msgid, the chapter and key its msgctxt, a stale
translation as a fuzzy msgstr), which translation offices' tools read;
``--read-po FILE`` writes its translated, not fuzzy, messages back into
``source/translations/<lang>/<chapter>.yml``, each with the fingerprint of
the primary text as it is now. Clinical text is never translated by the tool.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from ..chapter_texts import fingerprint
from ..guideline_texts import unit_texts, units
from ..load.translations import ChapterTranslation, load_translations, translation_file
from ..model import Guideline

#: A message's context in a PO file: the chapter (or ``_guideline``) and the text's key.
CONTEXT = "{chapter}:{key}"


def needs(g: Guideline, tr: ChapterTranslation | None, chapter_id: str) -> list[tuple[str, str, str | None]]:
    """(key, primary text, stale translation or None) of every text of the chapter (or of
    guideline_texts.GUIDELINE) that needs translating."""
    entries = tr.entries if tr is not None else {}
    out: list[tuple[str, str, str | None]] = []
    for key, text in unit_texts(g, chapter_id):
        entry = entries.get(key)
        if entry is None:
            out.append((key, text, None))
        elif entry.source != fingerprint(text):
            out.append((key, text, entry.text))
    return out


def run_translations(g: Guideline, root: Path, language: str | None, po_out: Path | None, po_in: Path | None) -> int:
    languages = [language] if language else list(g.translations)
    unknown = [lang for lang in languages if lang not in g.translations]
    if unknown or ((po_out or po_in) and len(languages) != 1):
        listed = ", ".join(g.translations) or "none"
        print(
            f"guidepress translations: give --language, one of the guideline's translations ({listed})",
            file=sys.stderr,
        )
        return 2
    found, _ = load_translations(root, g)
    if po_in is not None:
        return _read_po(g, root, languages[0], po_in, found[languages[0]])
    if po_out is not None:
        po_out.write_bytes(_po(g, languages[0], found[languages[0]]))
        print(f"wrote {po_out}")
        return 0
    for lang in languages:
        for unit in units(g):
            todo = needs(g, found[lang].get(unit), unit)
            print(f"{lang} {unit}: {len(todo)} text(s) to translate")
            for key, text, stale in todo:
                what = "stale" if stale is not None else "missing"
                print(f"  {what} {key} (from: {fingerprint(text)}): {text}")
    return 0


def _po(g: Guideline, lang: str, found: dict[str, ChapterTranslation]) -> bytes:
    catalog = Catalog(locale=lang.replace("-", "_"), project=g.id, version=g.version, fuzzy=False)
    for unit in units(g):
        for key, text, stale in needs(g, found.get(unit), unit):
            catalog.add(
                text,
                stale or "",
                context=CONTEXT.format(chapter=unit, key=key),
                flags=("fuzzy",) if stale is not None else (),
                auto_comments=[f"from: {fingerprint(text)}"],
            )
    out = io.BytesIO()
    write_po(out, catalog, width=0, omit_header=False)
    return out.getvalue()


def _read_po(g: Guideline, root: Path, lang: str, path: Path, found: dict[str, ChapterTranslation]) -> int:
    with path.open("rb") as f:
        catalog = read_po(f, locale=lang.replace("-", "_"))
    primary = {unit: dict(unit_texts(g, unit)) for unit in units(g)}
    updates: dict[str, dict[str, dict[str, str]]] = {}
    skipped = 0
    for message in catalog:
        chapter, _, key = (message.context or "").partition(":")
        text = primary.get(chapter, {}).get(key)
        if not message.id or message.fuzzy or not message.string or text is None or text != message.id:
            # Untranslated, still fuzzy, or made from a primary text that has changed since the file was written.
            skipped += bool(message.id)
            continue
        updates.setdefault(chapter, {})[key] = {"from": fingerprint(text), "text": str(message.string)}
    for chapter, entries in updates.items():
        tr = found.get(chapter)
        merged = {k: {"from": e.source, "text": e.text} for k, e in (tr.entries.items() if tr else ())} | entries
        target = translation_file(root, lang, chapter)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            yaml.safe_dump({"texts": merged}, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8"
        )
        print(f"wrote {target} ({len(entries)} text(s))")
    if skipped:
        print(f"{skipped} message(s) left out: untranslated, fuzzy, or their primary text changed since")
    return 0
