"""BibTeX loading with bibtexparser 2: entries into model References."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.middlewares import RemoveEnclosingMiddleware
from bibtexparser.model import DuplicateBlockKeyBlock, ParsingFailedBlock

from ..diagnostics import Diagnostic, SourcePos
from ..model import Reference
from .characters import invisible_characters
from .codes import BIB_SYNTAX, DUPLICATE_BIB_KEY
from .files import display_path, read_text
from .memo import FileMemo, load_file

_MONTHS = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
_ESCAPES = re.compile(r"\\([&%$#_{}])")
_COMMANDS = re.compile(r"\\(?:textit|textbf|emph|mkbibemph)\{([^{}]*)\}")
# The default parse stack's own unenclosing rule, applied inline (None: use the stack).
_STRIP_ENCLOSING = getattr(RemoveEnclosingMiddleware, "_strip_enclosing", None)

# bibtexparser logs every failed block to stderr with 0-based line numbers;
# GP401/GP402 already report them, 1-based, in the one format editors read.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)


def clean(value: str) -> str:
    """BibTeX field text to plain text: drop protective braces, unescape."""
    if "\\" in value:  # the regular expressions only ever match after a backslash
        value = _COMMANDS.sub(r"\1", value)
        value = _ESCAPES.sub("\x00\\1", value)
    value = value.replace("{", "").replace("}", "").replace("--", "–")
    value = value.replace("\x00", "")
    return " ".join(value.split())


def _parse(text: str) -> tuple[Library, bool]:
    """Split ``text`` into blocks; True when field values are still enclosed.

    bibtexparser's default parse stack resolves @string macros, then strips
    each value's enclosing braces or quotes. Without @string definitions the
    first step changes nothing, so the values are unenclosed in the entry loop
    below (one pass instead of two middleware passes over every block).
    """
    if _STRIP_ENCLOSING is not None:
        library = bibtexparser.parse_string(text, parse_stack=[])
        if not library.strings:
            return library, True
    return bibtexparser.parse_string(text), False


def _reason(block: ParsingFailedBlock) -> str:
    # bibtexparser's BlockAbortedException has an empty str(); its text is in abort_reason.
    error = block.error
    text = getattr(error, "abort_reason", None) or str(error or "")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "cannot parse entry"


FileResult = tuple[list[Reference], list[Diagnostic]]


def load_bib_file(path: Path, root: Path, text: str | None = None) -> FileResult:
    """The entries of one .bib file (of ``text``, when given) and its problems."""
    if text is None:
        read = read_text(path, root)
        if isinstance(read, Diagnostic):
            return [], [read]
        text = read
    shown = display_path(path, root)
    try:
        library, enclosed = _parse(text)
    except Exception as exc:  # noqa: BLE001 - bibtexparser re-raises its own internal errors
        # ("invalid state ... please report this bug"); the editor gets a
        # diagnostic for the file, never a traceback.
        return [], [BIB_SYNTAX.at(SourcePos(shown, 1, 1), f"BibTeX syntax error: the file cannot be parsed ({exc})")]
    diags = invisible_characters(text, shown, controls=True)
    for block in library.failed_blocks:
        pos = SourcePos(shown, block.start_line + 1, 1)
        if isinstance(block, DuplicateBlockKeyBlock):
            diags.append(DUPLICATE_BIB_KEY.at(pos, f"duplicate BibTeX key '{block.key}'; "
                                              "each work has one entry and one key"))
        elif isinstance(block, ParsingFailedBlock):
            diags.append(BIB_SYNTAX.at(pos, f"BibTeX syntax error: {_reason(block)}"))
    refs = []
    for entry in library.entries:
        if not entry.key.strip():
            # bibtexparser reads "@article{," as an entry whose key is empty: nothing could cite it.
            diags.append(BIB_SYNTAX.at(SourcePos(shown, entry.start_line + 1, 1), "BibTeX entry without a key; "
                                       f"write one after the brace: @{entry.entry_type}{{<key>, ..."))
            continue
        fields = []
        for f in entry.fields:
            raw = f.value if isinstance(f.value, str) else str(f.value)
            if enclosed:
                raw = _STRIP_ENCLOSING(raw)[0]
            name = f.key.lower()
            value = clean(raw)
            if name == "month" and value.lower() in _MONTHS:
                value = str(_MONTHS[value.lower()])
            fields.append((name, value))
        refs.append(Reference(entry.key, entry.entry_type.lower(), tuple(fields),
                              SourcePos(shown, entry.start_line + 1, 1)))
    return refs, diags


def bib_files(bib_dir: Path) -> list[Path]:
    """The .bib files of ``bib_dir`` in the order they are read (by name)."""
    return sorted(bib_dir.glob("*.bib")) if bib_dir.is_dir() else []


def read_bib_files(paths: list[Path], root: Path, memo: FileMemo | None = None) -> list[FileResult]:
    """Each file's references and problems, file by file (no cross-file checks yet).

    With a ``memo``, a file whose text is unchanged since the memo last saw
    it is not parsed again (load/memo.py).
    """
    out = []
    for path in paths:
        refs, diags = load_file(memo, "bib", path, root, lambda t, path=path: load_bib_file(path, root, t))
        out.append((refs or [], diags))
    return out


def merge_bib(parsed: list[FileResult]) -> FileResult:
    """Files read in order into one bibliography: the first entry of a key wins (GP402 for the
    others); with every file's problems."""
    refs: list[Reference] = []
    diags: list[Diagnostic] = []
    seen: dict[str, Reference] = {}
    for file_refs, file_diags in parsed:
        diags.extend(file_diags)
        for ref in file_refs:
            if ref.key in seen:
                first = seen[ref.key].pos
                diags.append(DUPLICATE_BIB_KEY.at(ref.pos, f"duplicate BibTeX key '{ref.key}' "
                                                  f"(also at {first}); each work has one entry and one key"))
                continue
            seen[ref.key] = ref
            refs.append(ref)
    return sorted(refs, key=lambda r: r.key), diags


def load_bib(bib_dir: Path, root: Path) -> FileResult:
    return merge_bib(read_bib_files(bib_files(bib_dir), root))
