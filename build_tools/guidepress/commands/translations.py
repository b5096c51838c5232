"""`guidepress translations`: what each language needs translated, and a PO or XLIFF file out to a translator and back.

Text (the default): per language and chapter (and ``_guideline``, the
guideline's own texts and its schemes'), each text without a translation
and each translation made from an earlier primary text, by key.
``--po FILE`` writes those texts of one language as a gettext PO file (the
primary text the msgid, the chapter and key its msgctxt, a stale
translation as a fuzzy msgstr), which translation offices' tools read;
``--xliff FILE`` writes them as an XLIFF 2.0 document (xliff.py).
``--read-po FILE`` and ``--read-xliff FILE`` write the finished translations
back into ``source/translations/<lang>/<chapter>.yml``, each with the
fingerprint of the primary text as it is now. Clinical text is never
translated by the tool.
"""

from __future__ import annotations

import io
import sys
from contextlib import nullcontext, redirect_stdout
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from ..audiences import covered_unit_texts, language_of
from ..chapter_texts import fingerprint
from ..diagnostics import format_json, format_text, sorted_unique
from ..guideline_texts import GUIDELINE, units
from ..load.files import display_path
from ..load.translations import translation_file
from ..model import ChapterTranslation, Guideline
from .xliff import Todo, read_xliff, xliff_document

#: Where the guideline's own texts and its schemes' are written (an XLIFF <file>'s original).
GUIDELINE_FILE = "source/guideline.yml"

#: A message's context in a PO file: the chapter (or ``_guideline``) and the text's key.
CONTEXT = "{chapter}:{key}"

#: Translations read from a file, ready to be written back: chapter id -> key -> translated text.
Accepted = dict[str, dict[str, str]]


def needs(g: Guideline, tr: ChapterTranslation | None, unit: str, language: str) -> list[tuple[str, str, str | None]]:
    """(key, primary text, stale translation or None) of every text of the chapter (or of
    guideline_texts.GUIDELINE) that needs translating into ``language`` (for an audience variant, of the
    texts its pages print)."""
    entries = tr.entries if tr is not None else {}
    out: list[tuple[str, str, str | None]] = []
    for key, text in covered_unit_texts(language, g, unit).items():
        entry = entries.get(key)
        if entry is None:
            out.append((key, text, None))
        elif entry.source != fingerprint(text):
            out.append((key, text, entry.text))
    return out


def run_translations(
    g: Guideline,
    root: Path,
    language: str | None,
    *,
    po_out: Path | None = None,
    po_in: Path | None = None,
    xliff_out: Path | None = None,
    xliff_in: Path | None = None,
    fmt: str = "text",
) -> int:
    """What ``guidepress translations`` does; ``fmt`` is the format of the problems of a file read back."""
    exchange = {"--po": po_out, "--read-po": po_in, "--xliff": xliff_out, "--read-xliff": xliff_in}
    given = [option for option, path in exchange.items() if path is not None]
    if len(given) > 1:
        return _usage(f"give one of {', '.join(exchange)}, not {' and '.join(given)}")
    languages = [language] if language else list(g.translations)
    unknown = [lang for lang in languages if lang not in g.translations]
    if unknown or (given and len(languages) != 1):
        return _usage(f"give --language, one of the guideline's translations ({', '.join(g.translations) or 'none'})")
    for reading in (p for p in (po_in, xliff_in) if p is not None):
        try:
            with reading.open("rb"):
                pass
        except OSError as e:
            return _usage(f"cannot read {reading}: {e.strerror or e}")
    found = g.translated
    lang = languages[0]
    if po_in is not None:
        return _read_po(g, root, lang, po_in, found[lang])
    if xliff_in is not None:
        return _read_xliff(g, root, lang, xliff_in, found[lang], fmt)
    if po_out is not None:
        return _write(po_out, _po(g, lang, found[lang]))
    if xliff_out is not None:
        return _write_xliff(g, lang, xliff_out, found[lang])
    for lang in languages:
        for unit in units(g):
            todo = needs(g, found[lang].get(unit), unit, lang)
            print(f"{lang} {unit}: {len(todo)} text(s) to translate")
            for key, text, stale in todo:
                what = "stale" if stale is not None else "missing"
                print(f"  {what} {key} (from: {fingerprint(text)}): {text}")
    return 0


def _usage(problem: str) -> int:
    print(f"guidepress translations: {problem}", file=sys.stderr)
    return 2


def _po(g: Guideline, lang: str, found: dict[str, ChapterTranslation]) -> bytes:
    catalog = Catalog(locale=_locale(lang), project=g.id, version=g.version, fuzzy=False)
    for unit in units(g):
        for key, text, stale in needs(g, found.get(unit), unit, lang):
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
        catalog = read_po(f, locale=_locale(lang))
    primary = _primary(g, lang)
    accepted: Accepted = {}
    skipped = 0
    for message in catalog:
        chapter, _, key = (message.context or "").partition(":")
        text = primary.get(chapter, {}).get(key)
        if not message.id or message.fuzzy or not message.string or text is None or text != message.id:
            # Untranslated, still fuzzy, or made from a primary text that has changed since the file was written.
            skipped += bool(message.id)
            continue
        accepted.setdefault(chapter, {})[key] = str(message.string)
    write_back(g, root, lang, found, accepted)
    if skipped:
        print(f"{skipped} message(s) left out: untranslated, fuzzy, or their primary text changed since")
    return 0


def _write_xliff(g: Guideline, lang: str, path: Path, found: dict[str, ChapterTranslation]) -> int:
    files = {GUIDELINE: GUIDELINE_FILE} | {c.id: c.file for c in g.chapters}
    todo: list[Todo] = [(unit, files[unit], needs(g, found.get(unit), unit, lang)) for unit in units(g)]
    if not any(texts for _, _, texts in todo):
        # XLIFF 2.0 has no empty document (an <xliff> holds one <file> or more, a <file> one <unit> or more).
        print(f"{lang}: nothing to translate; {path} not written")
        return 0
    return _write(path, xliff_document(g.language, lang, todo))


def _write(path: Path, data: bytes) -> int:
    try:
        path.write_bytes(data)
    except OSError as e:
        return _usage(f"cannot write {path}: {e.strerror or e}")
    print(f"wrote {path}")
    return 0


def _read_xliff(g: Guideline, root: Path, lang: str, path: Path, found: dict[str, ChapterTranslation], fmt: str) -> int:
    primary = _primary(g, lang)
    shown = display_path(path, root)
    accepted, skipped, problems = read_xliff(path.read_bytes(), shown, g.language, lang, primary)
    diags = sorted_unique(problems)
    # The problems are the command's report, on stdout as check's are.
    if fmt == "json":
        sys.stdout.write(format_json(diags))
    elif diags:
        sys.stdout.write(format_text(diags))
    if diags:
        return 1
    # With --format json stdout is the report alone: what was written is said on stderr.
    with redirect_stdout(sys.stderr) if fmt == "json" else nullcontext():
        write_back(g, root, lang, found, accepted)
        if skipped:
            reasons = ", ".join(f"{n} {why}" for why, n in sorted(skipped.items()))
            print(f"{skipped.total()} unit(s) left out: {reasons}")
    return 0


def write_back(g: Guideline, root: Path, lang: str, found: dict[str, ChapterTranslation], accepted: Accepted) -> None:
    """Merge ``accepted`` into each chapter's translation file, each text with the fingerprint of its primary text now.

    The reader of the file has made sure each translation was made from the
    primary text as it is now; the translations not in ``accepted`` stay as
    they were.
    """
    primary = _primary(g, lang)
    for chapter, texts in accepted.items():
        tr = found.get(chapter)
        merged = {k: {"from": e.source, "text": e.text} for k, e in (tr.entries.items() if tr else ())}
        merged |= {key: {"from": fingerprint(primary[chapter][key]), "text": text} for key, text in texts.items()}
        target = translation_file(root, lang, chapter)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            yaml.safe_dump({"texts": merged}, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8"
        )
        print(f"wrote {target} ({len(texts)} text(s))")


def _primary(g: Guideline, lang: str) -> dict[str, dict[str, str]]:
    """Unit -> key -> primary text of every text a translation into ``lang`` gives."""
    return {unit: covered_unit_texts(lang, g, unit) for unit in units(g)}


def _locale(tag: str) -> str:
    """The PO file's language as Babel names it; an audience variant's is its language's (Babel knows no
    private-use subtag)."""
    return language_of(tag).replace("-", "_")
